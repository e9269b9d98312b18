/* Incentives in the store: plan versions and approved statements are
 * immutable and stay readable after later versions and a reopen; the points
 * ledger survives a reopen and catches up with another process's
 * movements before checking its own; a schema-5 store (0.6.0) migrates and
 * takes plans, points and training changes.
 * Each refusal writes nothing (the tables are counted). */
#include "fixtures.h"

#include "civil.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fixture {
    char path[64];
    csvc_period oct;
} fixture;

static void remove_db(const char *path)
{
    char name[80];
    const char *suffixes[] = {"", "-wal", "-shm", "-lock"};
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
        unlink(name);
    }
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/csvc_incentive_%d.db", (int)getpid());
    remove_db(f->path);
    if (csvc_period_of_month(2025, 10, 0, &f->oct) != CSVC_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    remove_db(f->path);
    free(f);
    return 0;
}

static int64_t count_rows(const char *path, const char *table)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
    return test_sql_int(path, sql);
}

static csvc_store *open_store(const fixture *f)
{
    csvc_store *s = NULL;
    assert_csvc_ok(csvc_store_open(f->path, NULL, &s));
    return s;
}

/* Plan P: 2.50 per resolved ticket (`rate` minor units), points per
 * five-star rating. */
static csvc_incentive_plan *plan(int version, int rate)
{
    char doc[512];
    snprintf(doc, sizeof doc,
             "{\"id\":\"P\",\"version\":%d,\"currency\":\"CNY\","
             "\"effective\":{\"from\":\"2025-01-01\",\"to\":\"2025-12-31\"},\"rules\":["
             "{\"id\":\"per_ticket\",\"kind\":\"commission\",\"metric\":\"resolved\","
             "\"rate\":\"%d.%02d\"},"
             "{\"id\":\"stars\",\"kind\":\"points\",\"metric\":\"five_star\",\"points_per_unit\":10}]}",
             version, rate / 100, rate % 100);
    csvc_incentive_plan *p = NULL;
    csvc_status rc = csvc_incentive_plan_load_json_buffer(doc, strlen(doc), NULL, &p);
    if (rc != CSVC_OK)
        fail_msg("plan: %s", csvc_last_errmsg());
    return p;
}

/* Agents A1, A2, A3 with resolved tickets and five-star ratings. */
static csvc_incentive_result *evaluate(const fixture *f, const csvc_incentive_plan *p,
                                       const double resolved[3], const double stars[3])
{
    csvc_incentive_inputs *in;
    assert_csvc_ok(csvc_incentive_inputs_new(NULL, &in));
    static const char *const ids[] = {"A1", "A2", "A3"};
    for (int i = 0; i < 3; i++) {
        csvc_incentive_agent a = CSVC_INCENTIVE_AGENT_INIT;
        a.agent_id = ids[i];
        a.team_id = "T1";
        a.base_pay = 600000;
        a.currency = "CNY";
        a.hire_date = INT64_C(1704067200);
        assert_ok(in, csvc_incentive_inputs_add_agent(in, &a));
        assert_ok(in, csvc_incentive_inputs_set(in, ids[i], "resolved", resolved[i]));
        assert_ok(in, csvc_incentive_inputs_set(in, ids[i], "five_star", stars[i]));
    }
    csvc_incentive_result *r = NULL;
    assert_csvc_ok(csvc_incentive_evaluate(p, in, &f->oct, &r));
    csvc_incentive_inputs_free(in);
    return r;
}

static char *approved_json(csvc_store *s, const fixture *f, int version)
{
    char *json = NULL;
    assert_ok(s, csvc_store_export_statements_json(s, "P", version, &f->oct, &json, NULL));
    return json;
}

static int count_of(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

static void test_plan_versions_are_immutable(void **state)
{
    fixture *f = *state;
    csvc_store *s = open_store(f);
    csvc_incentive_plan *v1 = plan(1, 250), *v1_other = plan(1, 300), *v2 = plan(2, 300);
    assert_ok(s, csvc_store_put_plan(s, v1));
    assert_ok(s, csvc_store_put_plan(s, v1)); /* the same again: nothing written */
    assert_int_equal(count_rows(f->path, "plans"), 1);
    assert_status_msg(csvc_store_put_plan(s, v1_other), CSVC_E_EXISTS, "needs a new version");
    assert_int_equal(count_rows(f->path, "plans"), 1);
    assert_ok(s, csvc_store_put_plan(s, v2));
    csvc_store_close(s);

    s = open_store(f);
    csvc_incentive_plan *got = NULL;
    assert_ok(s, csvc_store_load_plan(s, "P", 0, NULL, &got));
    assert_int_equal(csvc_incentive_plan_version(got), 2);
    csvc_incentive_plan_free(got);
    assert_ok(s, csvc_store_load_plan(s, "P", 1, NULL, &got));
    assert_int_equal(csvc_incentive_plan_version(got), 1);
    assert_int_equal(csvc_incentive_plan_rule_count(got), 2);
    /* The version evaluates as the original does. */
    double resolved[3] = {10, 20, 0}, stars[3] = {0, 0, 0};
    csvc_incentive_result *a = evaluate(f, v1, resolved, stars), *b = evaluate(f, got, resolved, stars);
    assert_int_equal(csvc_incentive_result_total(a), 7500);
    assert_int_equal(csvc_incentive_result_total(b), 7500);
    csvc_incentive_result_free(a);
    csvc_incentive_result_free(b);
    csvc_incentive_plan_free(got);

    assert_status_msg(csvc_store_load_plan(s, "P", 3, NULL, &got), CSVC_E_NOTFOUND, "version 3");
    assert_status_msg(csvc_store_load_plan(s, "Q", 0, NULL, &got), CSVC_E_NOTFOUND, "'Q'");
    assert_status_msg(csvc_store_load_plan(s, "P", -1, NULL, &got), CSVC_E_RANGE, "version -1");
    assert_status_msg(csvc_store_load_plan(s, "", 0, NULL, &got), CSVC_E_INVALID,
                      "store_load_plan");
    assert_status_msg(csvc_store_load_plan(s, NULL, 0, NULL, &got), CSVC_E_NULL, "plan_id");
    assert_status_msg(csvc_store_put_plan(s, NULL), CSVC_E_NULL, "plan");
    assert_status_msg(csvc_store_put_plan(NULL, v1), CSVC_E_NULL, "store");
    uint64_t bad = 1;
    assert_ok(s, csvc_store_verify(s, &bad));
    csvc_store_close(s);
    csvc_incentive_plan_free(v1);
    csvc_incentive_plan_free(v1_other);
    csvc_incentive_plan_free(v2);
}

static void test_approved_statements_are_immutable(void **state)
{
    fixture *f = *state;
    csvc_store *s = open_store(f);
    csvc_incentive_plan *v1 = plan(1, 250), *v2 = plan(2, 300);
    double resolved[3] = {10, 20, 4}, stars[3] = {1, 0, 0};
    csvc_incentive_result *r1 = evaluate(f, v1, resolved, stars);
    int64_t noon = cs_days_from_civil(2025, 11, 3) * 86400 + 12 * 3600;

    /* A1 first: its plan version is stored with it. */
    assert_ok(s, csvc_store_approve_statements(s, r1, "A1", "HR01", noon));
    assert_int_equal(count_rows(f->path, "plans"), 1);
    assert_int_equal(count_rows(f->path, "statements"), 1);
    char *json = approved_json(s, f, 1);
    assert_int_equal(count_of(json, "\"approved_by\":\"HR01\""), 1);
    assert_non_null(strstr(json, "\"approved_at\":\"2025-11-03T12:00:00Z\""));
    assert_non_null(strstr(json, "\"agent_id\":\"A1\""));
    assert_non_null(strstr(json, "\"total\":\"25.00\""));
    assert_non_null(strstr(json, "\"currency\":\"CNY\""));
    csvc_free(json);
    /* Then everyone: A1 is the same and stays as approved. */
    assert_ok(s, csvc_store_approve_statements(s, r1, NULL, "HR02", noon + 60));
    assert_int_equal(count_rows(f->path, "statements"), 3);

    /* A1's tickets corrected under the same version: refused, A1's stays,
     * and nothing of the call is written. */
    double corrected[3] = {11, 20, 4};
    csvc_incentive_result *fixed = evaluate(f, v1, corrected, stars);
    assert_status_msg(csvc_store_approve_statements(s, fixed, NULL, "HR01", noon + 120),
                      CSVC_E_CONSTRAINT, "immutable");
    assert_status_msg(csvc_store_approve_statements(s, fixed, "A1", "HR01", noon + 120),
                      CSVC_E_CONSTRAINT, "agent 'A1'");
    assert_int_equal(count_rows(f->path, "statements"), 3);

    /* The correction goes out as version 2; version 1 stays readable. */
    csvc_incentive_result *r2 = evaluate(f, v2, corrected, stars);
    assert_ok(s, csvc_store_approve_statements(s, r2, NULL, "HR01", noon + 180));
    assert_int_equal(count_rows(f->path, "plans"), 2);
    assert_int_equal(count_rows(f->path, "statements"), 6);
    char *old = approved_json(s, f, 1), *new_ = approved_json(s, f, 2);
    assert_non_null(strstr(old, "\"total\":\"25.00\""));  /* A1: 10 x 2.50 */
    assert_non_null(strstr(new_, "\"total\":\"33.00\"")); /* A1: 11 x 3.00 */
    assert_int_equal(count_of(old, "\"approved_by\""), 3);
    csvc_store_close(s);

    /* After a reopen: the same documents, byte for byte, and an intact chain. */
    s = open_store(f);
    char *again = approved_json(s, f, 1);
    assert_string_equal(again, old);
    uint64_t bad = 1;
    assert_ok(s, csvc_store_verify(s, &bad));
    csvc_free(again);
    csvc_free(old);
    csvc_free(new_);

    /* Another period of version 1 has none approved yet. */
    csvc_period nov;
    assert_csvc_ok(csvc_period_of_month(2025, 11, 0, &nov));
    char *none = NULL;
    assert_ok(s, csvc_store_export_statements_json(s, "P", 1, &nov, &none, NULL));
    assert_non_null(strstr(none, "\"statements\":[]"));
    csvc_free(none);

    /* A result of a plan that claims version 1 with other rules. */
    csvc_incentive_plan *forged = plan(1, 999);
    csvc_incentive_result *rf = evaluate(f, forged, resolved, stars);
    assert_status_msg(csvc_store_approve_statements(s, rf, NULL, "HR01", noon), CSVC_E_EXISTS,
                      "another document");
    assert_int_equal(count_rows(f->path, "statements"), 6);

    /* Bad input. */
    assert_status_msg(csvc_store_approve_statements(s, r1, "A9", "HR01", noon), CSVC_E_NOTFOUND,
                      "'A9'");
    assert_status_msg(csvc_store_approve_statements(s, r1, NULL, "", noon), CSVC_E_INVALID,
                      "approver");
    assert_status_msg(csvc_store_approve_statements(s, r1, NULL, "HR\t01", noon),
                      CSVC_E_ENCODING, "approver");
    assert_status_msg(csvc_store_approve_statements(s, r1, NULL, "HR01", INT64_MAX),
                      CSVC_E_RANGE, "approved_at");
    assert_status_msg(csvc_store_approve_statements(s, NULL, NULL, "HR01", noon), CSVC_E_NULL,
                      "result");
    assert_status_msg(csvc_store_approve_statements(s, r1, NULL, NULL, noon), CSVC_E_NULL,
                      "approver");
    assert_status_msg(csvc_store_export_statements_json(s, "P", 0, &f->oct, &none, NULL),
                      CSVC_E_RANGE, "version 0");
    assert_status_msg(csvc_store_export_statements_json(s, "P", 7, &f->oct, &none, NULL),
                      CSVC_E_NOTFOUND, "version 7");
    assert_status_msg(csvc_store_export_statements_json(s, "P", 1, NULL, &none, NULL),
                      CSVC_E_NULL, "period");
    assert_int_equal(count_rows(f->path, "statements"), 6);
    csvc_store_close(s);
    csvc_incentive_result_free(rf);
    csvc_incentive_plan_free(forged);
    csvc_incentive_result_free(r1);
    csvc_incentive_result_free(r2);
    csvc_incentive_result_free(fixed);
    csvc_incentive_plan_free(v1);
    csvc_incentive_plan_free(v2);
}

static int64_t U(int y, int m, int d)
{
    return cs_days_from_civil(y, m, d) * 86400;
}

static int64_t balance(const csvc_points_ledger *l, const char *agent, int64_t t)
{
    int64_t b = -1;
    assert_ok(l, csvc_points_ledger_balance(l, agent, t, &b));
    return b;
}

static csvc_points_ledger *ledger(int months)
{
    csvc_points_ledger *l = NULL;
    assert_csvc_ok(csvc_points_ledger_new(NULL, months, &l));
    return l;
}

static void test_points_survive_a_reopen(void **state)
{
    fixture *f = *state;
    csvc_store *s = open_store(f);
    csvc_points_ledger *l = ledger(3);
    assert_ok(s, csvc_store_attach_points(s, l));
    assert_ok(l, csvc_points_ledger_accrue(l, "A1", U(2025, 9, 15), 100));
    assert_ok(l, csvc_points_ledger_redeem(l, "A1", U(2025, 10, 1), 30));
    /* October's evaluation: 10 points per five-star rating, at the period's end. */
    csvc_incentive_plan *p = plan(1, 250);
    double resolved[3] = {1, 1, 1}, stars[3] = {2, 0, 5};
    csvc_incentive_result *r = evaluate(f, p, resolved, stars);
    assert_ok(l, csvc_points_ledger_commit(l, r));
    assert_int_equal(count_rows(f->path, "points"), 4);
    /* A refusal writes nothing. */
    assert_status_msg(csvc_points_ledger_redeem(l, "A1", U(2025, 11, 2), 500), CSVC_E_CONSTRAINT,
                      "available");
    assert_status_msg(csvc_points_ledger_accrue(l, "A1", U(2025, 1, 1), 5), CSVC_E_CONSTRAINT,
                      "append-only");
    assert_int_equal(count_rows(f->path, "points"), 4);
    csvc_store_close(s);
    /* The ledger outlives the store, unjournaled. */
    assert_ok(l, csvc_points_ledger_accrue(l, "A9", U(2025, 12, 1), 1));

    s = open_store(f);
    csvc_points_ledger *back = ledger(3);
    assert_ok(s, csvc_store_attach_points(s, back));
    static const char *const agents[] = {"A1", "A3"};
    const int64_t times[] = {U(2025, 9, 15), U(2025, 10, 1), U(2025, 11, 1), U(2025, 12, 15),
                             U(2026, 2, 1)};
    for (int a = 0; a < 2; a++)
        for (int t = 0; t < 5; t++)
            assert_int_equal(balance(back, agents[a], times[t]), balance(l, agents[a], times[t]));
    /* Hand-computed: A1 100 - 30 + 20 = 90 on 1 Nov; the September lot
     * (70 left) expires on 15 Dec, leaving 20. */
    assert_int_equal(balance(back, "A1", U(2025, 11, 1)), 90);
    assert_int_equal(balance(back, "A1", U(2025, 12, 15)), 20);
    assert_int_equal(balance(back, "A9", U(2025, 12, 15)), 0);
    csvc_store_close(s);

    /* The expiry is kept with the data; a stored ledger loads into an empty one only. */
    s = open_store(f);
    csvc_points_ledger *six = ledger(6);
    assert_status_msg(csvc_store_attach_points(s, six), CSVC_E_CONFLICT, "expire after 3");
    assert_status_msg(csvc_store_attach_points(s, l), CSVC_E_CONFLICT, "empty ledger");
    assert_status_msg(csvc_store_attach_points(s, NULL), CSVC_E_NULL, "ledger");
    csvc_points_ledger *fresh = ledger(3);
    assert_ok(s, csvc_store_attach_points(s, fresh));
    csvc_points_ledger *second = ledger(3);
    assert_status_msg(csvc_store_attach_points(s, second), CSVC_E_EXISTS, "already");
    assert_int_equal(count_rows(f->path, "points"), 4);
    uint64_t bad = 1;
    assert_ok(s, csvc_store_verify(s, &bad));
    csvc_store_close(s);
    csvc_points_ledger_free(fresh);
    csvc_points_ledger_free(second);
    csvc_points_ledger_free(six);
    csvc_points_ledger_free(back);
    csvc_points_ledger_free(l);
    csvc_incentive_result_free(r);
    csvc_incentive_plan_free(p);
}

/* Two handles on one file (two processes, as far as the store knows):
 * each movement catches up with the other's first. */
static void test_points_catch_up_with_another_handle(void **state)
{
    fixture *f = *state;
    csvc_store *sa = open_store(f), *sb = open_store(f);
    csvc_points_ledger *a = ledger(0), *b = ledger(0);
    assert_ok(sa, csvc_store_attach_points(sa, a));
    assert_ok(sb, csvc_store_attach_points(sb, b));
    assert_ok(a, csvc_points_ledger_accrue(a, "X", U(2025, 10, 1), 100));
    assert_ok(b, csvc_points_ledger_redeem(b, "X", U(2025, 10, 2), 80)); /* sees A's 100 */
    assert_status_msg(csvc_points_ledger_redeem(a, "X", U(2025, 10, 3), 30), CSVC_E_CONSTRAINT,
                      "20 available");
    assert_ok(a, csvc_points_ledger_redeem(a, "X", U(2025, 10, 3), 20));
    assert_int_equal(balance(a, "X", U(2025, 10, 3)), 0);
    assert_int_equal(balance(b, "X", U(2025, 10, 3)), 20); /* until it refreshes */
    assert_ok(sb, csvc_store_refresh(sb, NULL));
    assert_int_equal(balance(b, "X", U(2025, 10, 3)), 0);
    assert_int_equal(count_rows(f->path, "points"), 3);
    csvc_store_close(sa);
    csvc_store_close(sb);
    csvc_points_ledger_free(a);
    csvc_points_ledger_free(b);
}

/* An empty database takes an existing ledger's movements. */
static void test_points_of_a_ledger_attached_later(void **state)
{
    fixture *f = *state;
    csvc_points_ledger *l = ledger(12);
    assert_ok(l, csvc_points_ledger_accrue(l, "B1", U(2024, 12, 31), 7));
    assert_ok(l, csvc_points_ledger_accrue(l, "B2", U(2025, 1, 31), 9));
    assert_ok(l, csvc_points_ledger_redeem(l, "B1", U(2025, 2, 1), 3));
    csvc_store *s = open_store(f);
    assert_ok(s, csvc_store_attach_points(s, l));
    assert_int_equal(count_rows(f->path, "points"), 3);
    csvc_store_close(s);
    s = open_store(f);
    csvc_points_ledger *back = ledger(12);
    assert_ok(s, csvc_store_attach_points(s, back));
    assert_int_equal(balance(back, "B1", U(2025, 6, 1)), 4);
    assert_int_equal(balance(back, "B1", U(2025, 12, 31)), 0); /* expired after 12 months */
    assert_int_equal(balance(back, "B2", U(2025, 12, 31)), 9);
    csvc_store_close(s);
    csvc_points_ledger_free(back);
    csvc_points_ledger_free(l);
}

/* fixtures/store_v5.sql: the example ticket's store written by 0.6.0. */
static void test_migrates_a_v5_store(void **state)
{
    fixture *f = *state;
    char *sql = test_read_file("fixtures/store_v5.sql");
    if (!sql)
        fail_msg("cannot read fixtures/store_v5.sql (tests run in tests/unit)");
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    free(sql);

    csvc_store *s = open_store(f);
    int32_t v = 0;
    assert_ok(s, csvc_store_schema_version(s, &v));
    assert_int_equal(v, CSVC_STORE_SCHEMA_VERSION);
    uint64_t bad = 1, events = 0;
    assert_ok(s, csvc_store_verify(s, &bad)); /* the old rows keep their hashes */
    assert_ok(s, csvc_store_event_count(s, &events));
    assert_int_equal(events, 11);
    csvc_roster *roster;
    assert_csvc_ok(csvc_roster_new(NULL, &roster));
    assert_ok(s, csvc_store_attach_roster(s, roster));
    assert_int_equal(csvc_roster_agent_count(roster), 28); /* 55 rows: 28 agents and updates */
    assert_int_equal(csvc_roster_team_count(roster), 7);
    /* The new rows chain on the old ones. */
    csvc_incentive_plan *p = plan(1, 250);
    assert_ok(s, csvc_store_put_plan(s, p));
    csvc_points_ledger *l = ledger(3);
    assert_ok(s, csvc_store_attach_points(s, l));
    assert_ok(l, csvc_points_ledger_accrue(l, "S200", U(2025, 11, 30), 10));
    csvc_training *t = NULL;
    assert_csvc_ok(csvc_training_new(roster, NULL, NULL, &t));
    assert_ok(s, csvc_store_attach_training(s, t));
    csvc_course c = CSVC_COURSE_INIT;
    c.id = c.title = "ONB";
    assert_ok(t, csvc_training_add_course(t, &c));
    assert_ok(s, csvc_store_verify(s, &bad));
    csvc_store_close(s);
    csvc_training_free(t);
    assert_int_equal(count_rows(f->path, "plans"), 1);
    assert_int_equal(count_rows(f->path, "points"), 1);
    assert_int_equal(count_rows(f->path, "training"), 1);
    csvc_points_ledger_free(l);
    csvc_incentive_plan_free(p);
    csvc_roster_free(roster);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_plan_versions_are_immutable),
        T(test_approved_statements_are_immutable),
        T(test_points_survive_a_reopen),
        T(test_points_catch_up_with_another_handle),
        T(test_points_of_a_ledger_attached_later),
        T(test_migrates_a_v5_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
