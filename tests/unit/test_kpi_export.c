/* KPI results: the read API and the CSV and JSON scorecards. Expected values
 * are computed by hand (the arithmetic is in the comments) or by an
 * independent simple implementation; the fixture roster is described in
 * kpi_fixtures.h. */
#include "kpi_fixtures.h"

/* ---- results API and exports -------------------------------------------------------------------
 */

static void test_results_api(void **state)
{
    fx *f = *state;
    policy_model(f, CSVC_MISSING_RENORMALISE, 1);
    const csvc_kpi_results *res = f->res;
    assert_int_equal(csvc_kpi_results_agent_count(res), 9); /* X is inactive */
    assert_int_equal(csvc_kpi_results_agent_count(NULL), 0);
    assert_string_equal(csvc_kpi_model_version(csvc_kpi_results_model(res)), "t1");
    assert_null(csvc_kpi_results_model(NULL));
    size_t a;
    assert_status_msg(csvc_kpi_results_find_agent(res, "X", &a), CSVC_E_NOTFOUND,
                      "agent 'X': no results (not an active agent of the roster)");
    assert_int_equal(csvc_kpi_results_find_agent(res, NULL, &a), CSVC_E_NULL);
    csvc_kpi_agent_result ar;
    assert_status_msg(csvc_kpi_results_agent(res, 9, &ar), CSVC_E_RANGE,
                      "agent 9 out of range (9 agents)");
    assert_int_equal(csvc_kpi_results_agent(res, 0, NULL), CSVC_E_NULL);
    assert_string_equal(csvc_kpi_results_errmsg(res), csvc_last_errmsg());
    csvc_kpi_result kr;
    assert_status_msg(csvc_kpi_results_kpi(res, 0, 2, &kr), CSVC_E_RANGE,
                      "kpi 2 out of range (2 KPIs)");
    assert_int_equal(csvc_kpi_results_kpi(res, 99, 0, &kr), CSVC_E_RANGE);
    assert_int_equal(csvc_kpi_results_kpi(NULL, 0, 0, &kr), CSVC_E_NULL);
    csvc_kpi_group_result gr;
    assert_status_msg(csvc_kpi_results_group(res, 0, 0, (csvc_rater_group)5, &gr), CSVC_E_INVALID,
                      "unknown rater group 5");
    assert_int_equal(csvc_kpi_results_group(res, 0, 3, CSVC_RATER_SELF, &gr), CSVC_E_RANGE);
    assert_int_equal(csvc_kpi_results_group(res, 0, 0, CSVC_RATER_SELF, NULL), CSVC_E_NULL);
    assert_string_equal(csvc_kpi_results_errmsg(NULL), "kpi results is NULL");
    ar = agent_result(res, "A");
    assert_string_equal(ar.agent_id, "A");
    assert_string_equal(ar.team_id, "T1");
    assert_int_equal(ar.version, CSVC_KPI_AGENT_RESULT_VERSION);
    csvc_kpi_results_free(NULL);

    /* An objective KPI has no groups. */
    csvc_kpi_results_free(f->res);
    f->res = NULL;
    csvc_kpi_review_free(f->rv);
    add_linear(f->m, "o", NULL, CSVC_HIGHER_IS_BETTER, 0, 10, 1);
    open_review(f);
    compute(f);
    assert_status_msg(csvc_kpi_results_group(f->res, 0, 2, CSVC_RATER_PEER, &gr), CSVC_E_CONSTRAINT,
                      "kpi 'o' is objective; it has no rater groups");
}

static csvc_status export_csv_detail(void *res, const char *path)
{
    return csvc_kpi_results_export_csv(res, 1, path);
}

static csvc_status export_json(void *res, const char *path)
{
    return csvc_kpi_results_export_json(res, path);
}

static void test_exports(void **state)
{
    fx *f = *state;
    policy_model(f, CSVC_MISSING_RENORMALISE, 1);
    char *csv;
    size_t n;
    assert_csvc_ok(csvc_kpi_results_export_csv_buffer(f->res, 0, &csv, &n));
    assert_int_equal(strlen(csv), n);
    /* A: 58.928571 (D; rank 2 of 2: percentile 0), skill 57.142857, teamwork
     * 62.5. B: 100 (S). The others have no rating: no composite. */
    const char *expect =
        "agent_id,team_id,composite,grade,rank_team,rank_desk,percentile_team,percentile_desk,"
        "quality,efficiency,skill,teamwork,innovation,flags\n"
        "S1,T1,,,,,,,,,,,,missing;renormalised;partial\n"
        "A,T1,58.928571,D,2,2,0,0,,,57.142857,62.5,,renormalised\n"
        "B,T1,100,S,1,1,100,100,,,,100,,renormalised;partial\n"
        "C,T1,,,,,,,,,,,,missing;renormalised;partial\n"
        "D,T1,,,,,,,,,,,,missing;renormalised;partial\n"
        "E,T1,,,,,,,,,,,,missing;renormalised;partial\n"
        "S2,T2,,,,,,,,,,,,missing;renormalised;partial\n"
        "F,T2,,,,,,,,,,,,missing;renormalised;partial\n"
        "G,T2,,,,,,,,,,,,missing;renormalised;partial\n";
    assert_string_equal(csv, expect);
    csvc_free(csv);

    char *detail;
    assert_csvc_ok(csvc_kpi_results_export_csv_buffer(f->res, 1, &detail, &n));
    /* A's k: raw 3.2857142857 (10 digits), score 57.142857, weight 2,
     * share 2/3, contribution 38.095238; self 1 75 0.2857142857, peer
     * missing, supervisor 1 50 0.7142857143. */
    assert_true(contains(detail,
                         "A,T1,k,skill,rated,3.285714286,57.142857,2,0.6666666667,38.095238,"
                         "renormalised,1,75,0.2857142857,,0,,0,missing;renormalised,1,50,"
                         "0.7142857143,,,,,,,,,\n"));
    assert_true(contains(detail, "agent_id,team_id,kpi_id,dimension,source,raw,score,weight,"
                                 "weight_share,contribution,flags,self_count,self_aggregate,"
                                 "self_weight_used,self_flags,peer_count,"));
    csvc_free(detail);

    char *json;
    assert_csvc_ok(csvc_kpi_results_export_json_buffer(f->res, &json, &n));
    json_error_t e;
    json_t *doc = json_loads(json, 0, &e);
    if (!doc)
        fail_msg("export is not JSON: %s (line %d)", e.text, e.line);
    assert_string_equal(json_string_value(json_object_get(doc, "model_version")), "t1");
    assert_string_equal(json_string_value(json_object_get(doc, "review")), "review");
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "period"), "end")),
                        "2025-12-01T00:00:00Z");
    json_t *agents = json_object_get(doc, "agents");
    assert_int_equal(json_array_size(agents), 9);
    json_t *ja = json_array_get(agents, 1);
    assert_string_equal(json_string_value(json_object_get(ja, "agent_id")), "A");
    assert_near_tol(json_number_value(json_object_get(ja, "composite")),
                    (2 * (40.0 / 0.7) + 62.5) / 3, 1e-6);
    assert_string_equal(json_string_value(json_object_get(ja, "grade")), "D");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(ja, "rank"), "desk")), 2);
    json_t *k0 = json_array_get(json_object_get(ja, "kpis"), 0);
    json_t *groups = json_object_get(k0, "groups");
    assert_int_equal(json_object_size(groups), 3); /* subordinate, customer excluded */
    assert_true(json_is_null(json_object_get(json_object_get(groups, "peer"), "aggregate")));
    assert_near(json_number_value(json_object_get(json_object_get(groups, "self"), "aggregate")),
                75);
    json_t *s1 = json_array_get(agents, 0);
    assert_true(json_is_null(json_object_get(s1, "composite")));
    assert_true(json_is_null(json_object_get(s1, "grade")));
    json_decref(doc);

    /* Files: the same bytes as the buffers. */
    const char *path = "test_kpi_export.tmp";
    assert_csvc_ok(csvc_kpi_results_export_json(f->res, path));
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char *back = calloc(1, n + 2);
    assert_int_equal(fread(back, 1, n + 1, fp), n);
    fclose(fp);
    assert_string_equal(back, json);
    free(back);
    csvc_free(json);
    assert_csvc_ok(csvc_kpi_results_export_csv(f->res, 0, path));
    remove(path);

    assert_status_msg(csvc_kpi_results_export_csv(f->res, 0, "/nonexistent/dir/x.csv"), CSVC_E_IO,
                      "/nonexistent/dir/x.csv");
    assert_int_equal(csvc_kpi_results_export_json(f->res, "/nonexistent/dir/x.json"), CSVC_E_IO);
    assert_status_msg(csvc_kpi_results_export_csv_buffer(f->res, 2, &csv, &n), CSVC_E_INVALID,
                      "detail must be 0 or 1 (got 2)");
    assert_int_equal(csvc_kpi_results_export_csv(f->res, 3, path), CSVC_E_INVALID);
    assert_int_equal(csvc_kpi_results_export_csv_buffer(f->res, 0, NULL, &n), CSVC_E_NULL);
    assert_int_equal(csvc_kpi_results_export_json_buffer(NULL, &csv, &n), CSVC_E_NULL);
    assert_int_equal(csvc_kpi_results_export_csv(f->res, 0, NULL), CSVC_E_NULL);
    assert_int_equal(csvc_kpi_results_export_json(f->res, NULL), CSVC_E_NULL);

    /* An export that fails half-way leaves the previous file as it was. */
    char dir[] = "/tmp/csvc_kpi_export_XXXXXX", file[64];
    assert_non_null(mkdtemp(dir));
    snprintf(file, sizeof file, "%s/scorecard", dir);
    test_assert_export_atomic(export_csv_detail, f->res, dir, file);
    test_assert_export_atomic(export_json, f->res, dir, file);
    remove(file);
    rmdir(dir);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, kfx_setup, kfx_teardown)
    const struct CMUnitTest tests[] = {
        T(test_results_api),
        T(test_exports),
    };
#undef T
    return cmocka_run_group_tests_name("kpi_export", tests, NULL, NULL);
}
