/* Separations and attrition (roster.h): the API's rules, the exact rates
 * against hand-computed ones, the roster CSV columns, the store, and who a
 * KPI review of a later period leaves out. */
#include "fixtures.h"

#include <math.h>

#define DAY INT64_C(86400)
#define D2025_01_01 INT64_C(1735689600)
#define D(days) (D2025_01_01 + (int64_t)(days)*DAY)

/* Four agents of team RET hired on 2025-01-01, one of team EU. */
static csvc_roster *staff(void)
{
    csvc_roster *r = fx_empty_roster();
    fx_add_team(r, "RET");
    fx_add_team(r, "EU");
    const char *ids[] = {"A1", "A2", "A3", "A4"};
    for (int i = 0; i < 4; i++) {
        csvc_agent_info a = CSVC_AGENT_INFO_INIT;
        a.id = ids[i];
        a.name = ids[i];
        a.team_id = "RET";
        a.hire_date = D(0);
        assert_ok(r, csvc_roster_add_agent(r, &a));
    }
    csvc_agent_info e = CSVC_AGENT_INFO_INIT;
    e.id = "E1";
    e.name = "E1";
    e.team_id = "EU";
    e.hire_date = D(50);
    assert_ok(r, csvc_roster_add_agent(r, &e));
    return r;
}

static void test_separate_and_read_back(void **state)
{
    (void)state;
    csvc_roster *r = staff();
    assert_ok(r, csvc_roster_separate_agent(r, "A1", D(30), CSVC_SEPARATION_RESIGNED));
    int64_t date;
    csvc_separation_reason why;
    assert_ok(r, csvc_roster_agent_separation(r, "A1", &date, &why));
    assert_int_equal(date, D(30));
    assert_int_equal(why, CSVC_SEPARATION_RESIGNED);
    csvc_agent_info a;
    assert_ok(r, csvc_roster_get_agent(r, "A1", &a));
    assert_int_equal(a.active, 0); /* a separation deactivates */
    assert_ok(r, csvc_roster_agent_separation(r, "A2", &date, &why));
    assert_int_equal(date, CSVC_TIME_NONE);
    assert_int_equal(why, CSVC_SEPARATION_NONE);
    /* Refusals change nothing. */
    assert_status_msg(csvc_roster_separate_agent(r, "A2", D(30) + 5, CSVC_SEPARATION_OTHER),
                      CSVC_E_RANGE, "agent 'A2': separation date 1738281605 is not a midnight UTC");
    assert_status_msg(csvc_roster_separate_agent(r, "A2", D(-1), CSVC_SEPARATION_OTHER),
                      CSVC_E_RANGE, "separated (1735603200) before being hired (1735689600)");
    assert_status_msg(csvc_roster_separate_agent(r, "A2", D(30), CSVC_SEPARATION_NONE),
                      CSVC_E_INVALID, "a separation date needs a reason");
    assert_status_msg(csvc_roster_separate_agent(r, "A2", CSVC_TIME_NONE,
                                                 CSVC_SEPARATION_DISMISSED),
                      CSVC_E_INVALID, "a separation reason needs a separation date");
    assert_status_msg(csvc_roster_separate_agent(r, "A2", D(30), (csvc_separation_reason)9),
                      CSVC_E_INVALID, "separation reason 9 unknown");
    assert_status_msg(csvc_roster_separate_agent(r, "NOPE", D(30), CSVC_SEPARATION_OTHER),
                      CSVC_E_NOTFOUND, "agent 'NOPE': not found");
    assert_int_equal(csvc_roster_separate_agent(r, NULL, D(30), CSVC_SEPARATION_OTHER),
                     CSVC_E_NULL);
    assert_int_equal(csvc_roster_agent_separation(r, "A2", NULL, &why), CSVC_E_NULL);
    assert_ok(r, csvc_roster_get_agent(r, "A2", &a));
    assert_int_equal(a.active, 1);
    /* A rehire clears it (and leaves the agent inactive until updated). */
    assert_ok(r, csvc_roster_separate_agent(r, "A1", CSVC_TIME_NONE, CSVC_SEPARATION_NONE));
    assert_ok(r, csvc_roster_agent_separation(r, "A1", &date, &why));
    assert_int_equal(date, CSVC_TIME_NONE);
    assert_string_equal(csvc_separation_reason_name(CSVC_SEPARATION_TRANSFERRED_OUT),
                        "transferred_out");
    assert_csvc_ok(csvc_separation_reason_parse("Dismissed", &why));
    assert_int_equal(why, CSVC_SEPARATION_DISMISSED);
    csvc_roster_free(r);
}

static csvc_attrition attrition(const csvc_roster *r, const char *team, int64_t from, int64_t to)
{
    csvc_attrition a;
    memset(&a, 0x5a, sizeof a);
    a.version = CSVC_ATTRITION_VERSION;
    csvc_period p = {from, to};
    assert_ok(r, csvc_roster_attrition(r, team, &p, &a));
    return a;
}

/* Period [D(0), D(100)): A1 leaves at day 30 (resigned), A2 at day 80
 * (dismissed), A3 at day 100 (the period's end: not in it); A4 stays. RET's
 * employed days: 30 + 80 + 100 + 100 = 310 over 100: average 3.1; 2
 * separations: rate 2 / 3.1 = 0.64516..., annualised * 365.25 / 100. E1 (EU)
 * joins at day 50: the desk's average is (310 + 50) / 100 = 3.6. */
static void test_attrition_by_hand(void **state)
{
    (void)state;
    csvc_roster *r = staff();
    assert_ok(r, csvc_roster_separate_agent(r, "A1", D(30), CSVC_SEPARATION_RESIGNED));
    assert_ok(r, csvc_roster_separate_agent(r, "A2", D(80), CSVC_SEPARATION_DISMISSED));
    assert_ok(r, csvc_roster_separate_agent(r, "A3", D(100), CSVC_SEPARATION_RESIGNED));
    csvc_attrition a = attrition(r, "RET", D(0), D(100));
    assert_int_equal(a.separations, 2);
    assert_int_equal(a.by_reason[CSVC_SEPARATION_RESIGNED], 1);
    assert_int_equal(a.by_reason[CSVC_SEPARATION_DISMISSED], 1);
    assert_int_equal(a.by_reason[CSVC_SEPARATION_TRANSFERRED_OUT], 0);
    assert_true(fabs(a.average_headcount - 3.1) < 1e-12);
    assert_true(fabs(a.rate - 2.0 / 3.1) < 1e-12);
    assert_true(fabs(a.annualised - 2.0 / 3.1 * 365.25 / 100.0) < 1e-12);
    csvc_attrition desk = attrition(r, NULL, D(0), D(100));
    assert_int_equal(desk.separations, 2);
    assert_true(fabs(desk.average_headcount - 3.6) < 1e-12);
    /* The next 100 days: A3's separation at day 100 is in it. */
    csvc_attrition next = attrition(r, "RET", D(100), D(200));
    assert_int_equal(next.separations, 1);
    assert_true(fabs(next.average_headcount - 1.0) < 1e-12); /* A4 alone */
    /* Nobody employed: NaN rates, not 0. */
    csvc_attrition before = attrition(r, "EU", D(0), D(50));
    assert_int_equal(before.separations, 0);
    assert_true(before.average_headcount == 0);
    assert_true(isnan(before.rate) && isnan(before.annualised));
    csvc_attrition empty = attrition(r, NULL, D(10), D(10));
    assert_true(isnan(empty.rate));
    /* Errors. */
    csvc_attrition bad;
    bad.version = 0;
    csvc_period p = {D(0), D(1)};
    assert_status_msg(csvc_roster_attrition(r, NULL, &p, &bad), CSVC_E_VERSION, "attrition: out");
    bad.version = CSVC_ATTRITION_VERSION;
    assert_status_msg(csvc_roster_attrition(r, "XX", &p, &bad), CSVC_E_NOTFOUND, "team 'XX'");
    csvc_period back = {D(2), D(1)};
    assert_status_msg(csvc_roster_attrition(r, NULL, &back, &bad), CSVC_E_RANGE, "before it starts");
    csvc_roster_free(r);
}

static void test_csv_columns(void **state)
{
    (void)state;
    static const char csv[] = "agent_id,name,team_id,level,hire_date,active,separation_date,"
                              "separation_reason\n"
                              "A1,An,RET,junior,2024-01-01,0,2025-03-01,resigned\n"
                              "A2,Bo,RET,junior,2024-01-01,1,,\n";
    csvc_roster *r = fx_empty_roster();
    assert_ok(r, csvc_roster_import_csv_buffer(r, csv, sizeof csv - 1));
    int64_t date;
    csvc_separation_reason why;
    assert_ok(r, csvc_roster_agent_separation(r, "A1", &date, &why));
    assert_int_equal(date, INT64_C(1740787200));
    assert_int_equal(why, CSVC_SEPARATION_RESIGNED);
    /* Export carries the columns and re-imports to the same roster. */
    char *text;
    size_t size;
    assert_ok(r, csvc_roster_export_csv_buffer(r, &text, &size));
    assert_non_null(strstr(text, ",separation_date,separation_reason\n"));
    assert_non_null(strstr(text, ",2025-03-01,resigned\n"));
    csvc_roster *again = fx_empty_roster();
    assert_ok(again, csvc_roster_import_csv_buffer(again, text, size));
    char *text2;
    assert_ok(again, csvc_roster_export_csv_buffer(again, &text2, &size));
    assert_string_equal(text, text2);
    csvc_free(text);
    csvc_free(text2);
    csvc_roster_free(again);
    /* Without separations the export keeps the old columns. */
    csvc_roster *plain = fx_roster();
    assert_ok(plain, csvc_roster_export_csv_buffer(plain, &text, &size));
    assert_null(strstr(text, "separation"));
    csvc_free(text);
    csvc_roster_free(plain);
    /* Bad values name their column. */
    static const char bad_reason[] = "agent_id,name,team_id,level,hire_date,separation_date,"
                                     "separation_reason\nA3,C,RET,junior,2024-01-01,2025-03-01,"
                                     "fired\n";
    assert_status_msg(csvc_roster_import_csv_buffer(r, bad_reason, sizeof bad_reason - 1),
                      CSVC_E_PARSE, "line 2, column 7 (separation_reason): separation reason "
                                    "'fired': unknown");
    static const char no_reason[] = "agent_id,name,team_id,level,hire_date,separation_date\n"
                                    "A3,C,RET,junior,2024-01-01,2025-03-01\n";
    assert_status_msg(csvc_roster_import_csv_buffer(r, no_reason, sizeof no_reason - 1),
                      CSVC_E_INVALID, "line 2, column 6 (separation_date): agent 'A3': a "
                                      "separation date needs a reason");
    static const char early[] = "agent_id,name,team_id,level,hire_date,separation_date,"
                                "separation_reason\nA3,C,RET,junior,2024-01-01,2023-03-01,other\n";
    assert_status_msg(csvc_roster_import_csv_buffer(r, early, sizeof early - 1), CSVC_E_RANGE,
                      "before being hired");
    assert_int_equal(csvc_roster_agent_count(r), 2);
    csvc_roster_free(r);
}

static void test_store_keeps_separations(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "/tmp/csvc_sep_%d.db", (int)getpid());
    unlink(path);
    csvc_store *s;
    assert_csvc_ok(csvc_store_open(path, NULL, &s));
    csvc_roster *r = fx_empty_roster();
    assert_ok(s, csvc_store_attach_roster(s, r));
    fx_add_team(r, "RET");
    fx_add_agent(r, "A1", "RET", 1);
    fx_add_agent(r, "A2", "RET", 1);
    int64_t day = 1740787200;
    assert_ok(r, csvc_roster_separate_agent(r, "A1", day, CSVC_SEPARATION_TRANSFERRED_OUT));
    csvc_store_close(s);
    csvc_roster_free(r);
    assert_csvc_ok(csvc_store_open(path, NULL, &s));
    uint64_t bad = 0;
    assert_ok(s, csvc_store_verify(s, &bad));
    r = fx_empty_roster();
    assert_ok(s, csvc_store_attach_roster(s, r));
    int64_t date;
    csvc_separation_reason why;
    assert_ok(r, csvc_roster_agent_separation(r, "A1", &date, &why));
    assert_int_equal(date, day);
    assert_int_equal(why, CSVC_SEPARATION_TRANSFERRED_OUT);
    assert_ok(r, csvc_roster_agent_separation(r, "A2", &date, &why));
    assert_int_equal(date, CSVC_TIME_NONE);
    csvc_store_close(s);
    csvc_roster_free(r);
    char side[80];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

/* A review of a period after a separation leaves the agent out, even if
 * the roster still marks it active (the flag set back by an update). */
static void test_review_leaves_out_the_separated(void **state)
{
    (void)state;
    csvc_roster *r = staff();
    assert_ok(r, csvc_roster_separate_agent(r, "A1", D(30), CSVC_SEPARATION_RESIGNED));
    csvc_agent_info a;
    assert_ok(r, csvc_roster_get_agent(r, "A1", &a));
    a.active = 1;
    assert_ok(r, csvc_roster_update_agent(r, &a));
    csvc_kpi_model *m;
    assert_csvc_ok(csvc_kpi_model_new(NULL, "v", &m));
    csvc_kpi_def k = CSVC_KPI_DEF_INIT;
    k.id = "o";
    assert_ok(m, csvc_kpi_model_add_kpi(m, &k));
    csvc_period later = {D(30), D(60)}, earlier = {D(0), D(30)};
    csvc_kpi_review *rv;
    csvc_kpi_results *res;
    size_t idx;
    assert_csvc_ok(csvc_kpi_review_new(r, m, &later, NULL, &rv));
    assert_ok(rv, csvc_kpi_review_compute(rv, &res));
    assert_int_equal(csvc_kpi_results_agent_count(res), 4); /* A2..A4 and E1 */
    assert_int_equal(csvc_kpi_results_find_agent(res, "A1", &idx), CSVC_E_NOTFOUND);
    csvc_kpi_results_free(res);
    csvc_kpi_review_free(rv);
    assert_csvc_ok(csvc_kpi_review_new(r, m, &earlier, NULL, &rv));
    assert_ok(rv, csvc_kpi_review_compute(rv, &res));
    assert_int_equal(csvc_kpi_results_agent_count(res), 5); /* A1 worked in it */
    csvc_kpi_results_free(res);
    csvc_kpi_review_free(rv);
    csvc_kpi_model_free(m);
    csvc_roster_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_separate_and_read_back),
        cmocka_unit_test(test_attrition_by_hand),
        cmocka_unit_test(test_csv_columns),
        cmocka_unit_test(test_store_keeps_separations),
        cmocka_unit_test(test_review_leaves_out_the_separated),
    };
    return cmocka_run_group_tests_name("roster_separation", tests, NULL, NULL);
}
