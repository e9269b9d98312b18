/* Incentive rules: every rule kind against statements computed by hand (in
 * the comments), tier boundaries at, just below and just above them,
 * target levels between, at and beyond, accelerators crossing a threshold,
 * floors, caps, budgets with equal remainders, pools that do not divide
 * evenly, titles with ties, eligibility, overflow, bad plans, and a
 * property test over random plans and data. Money is CNY (2 decimals);
 * the period is October 2025 (UTC). */
#include "fixtures.h"

#include "incentive/incentive_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_LINE INT64_MIN
#define DAY INT64_C(86400)
#define HIRED_2024 INT64_C(1704067200) /* 2024-01-01 */

static csvc_period october(void)
{
    csvc_period p;
    assert_csvc_ok(csvc_period_of_month(2025, 10, 0, &p));
    return p;
}

static csvc_status load(const char *top, const char *rules, csvc_incentive_plan **out)
{
    static char buf[16384];
    snprintf(buf, sizeof buf,
             "{\"id\":\"P\",\"version\":1,\"currency\":\"CNY\","
             "\"effective\":{\"from\":\"2025-01-01\",\"to\":\"2025-12-31\"}%s%s,\"rules\":[%s]}",
             top ? "," : "", top ? top : "", rules);
    return csvc_incentive_plan_load_json_buffer(buf, strlen(buf), NULL, out);
}

static csvc_incentive_plan *plan_of(const char *top, const char *rules)
{
    csvc_incentive_plan *p = NULL;
    csvc_status rc = load(top, rules, &p);
    if (rc != CSVC_OK)
        fail_msg("plan: %s", csvc_last_errmsg());
    return p;
}

static csvc_incentive_inputs *inputs(void)
{
    csvc_incentive_inputs *in;
    assert_csvc_ok(csvc_incentive_inputs_new(NULL, &in));
    return in;
}

static void agent(csvc_incentive_inputs *in, const char *id, const char *team, int64_t base)
{
    csvc_incentive_agent a = CSVC_INCENTIVE_AGENT_INIT;
    a.agent_id = id;
    a.team_id = team;
    a.base_pay = base;
    a.currency = "CNY";
    a.hire_date = HIRED_2024;
    assert_ok(in, csvc_incentive_inputs_add_agent(in, &a));
}

static void set(csvc_incentive_inputs *in, const char *id, const char *metric, double v)
{
    assert_ok(in, csvc_incentive_inputs_set(in, id, metric, v));
}

static csvc_incentive_result *evaluate(const csvc_incentive_plan *p,
                                       const csvc_incentive_inputs *in)
{
    csvc_period oct = october();
    csvc_incentive_result *r = NULL;
    csvc_status rc = csvc_incentive_evaluate(p, in, &oct, &r);
    if (rc != CSVC_OK)
        fail_msg("evaluate: %s", csvc_last_errmsg());
    return r;
}

static size_t statement_of(const csvc_incentive_result *r, const char *id)
{
    for (size_t i = 0; i < csvc_incentive_result_statement_count(r); i++) {
        csvc_incentive_statement s;
        assert_csvc_ok(csvc_incentive_result_statement(r, i, &s));
        if (strcmp(s.agent_id, id) == 0)
            return i;
    }
    fail_msg("no statement for %s", id);
    return 0;
}

/* The amount rule `rule` paid agent `id`, NO_LINE when it has no line. */
static int64_t paid(const csvc_incentive_result *r, const char *id, const char *rule)
{
    size_t i = statement_of(r, id);
    csvc_incentive_statement s;
    assert_csvc_ok(csvc_incentive_result_statement(r, i, &s));
    int64_t sum = NO_LINE;
    for (size_t j = 0; j < s.line_count; j++) {
        csvc_incentive_line l;
        assert_csvc_ok(csvc_incentive_result_line(r, i, j, &l));
        if (strcmp(l.rule_id, rule) == 0)
            sum = (sum == NO_LINE ? 0 : sum) + l.amount;
    }
    return sum;
}

static int64_t total(const csvc_incentive_result *r, const char *id)
{
    csvc_incentive_statement s;
    assert_csvc_ok(csvc_incentive_result_statement(r, statement_of(r, id), &s));
    return s.total;
}

/* One agent "A" with `metric` = v under `rules`; what `rule` paid. */
static int64_t one(const char *top, const char *rules, const char *metric, double v,
                   const char *rule)
{
    csvc_incentive_plan *p = plan_of(top, rules);
    csvc_incentive_inputs *in = inputs();
    agent(in, "A", "T", 800000); /* 8000.00 */
    set(in, "A", metric, v);
    csvc_incentive_result *r = evaluate(p, in);
    int64_t amount = paid(r, "A", rule);
    csvc_incentive_result_free(r);
    csvc_incentive_inputs_free(in);
    csvc_incentive_plan_free(p);
    return amount;
}

/* ---- tiered -------------------------------------------------------------------- */

static const char step_tiers[] =
    "{\"id\":\"star\",\"kind\":\"tiered\",\"metric\":\"composite\",\"mode\":\"step\",\"tiers\":["
    "{\"lower\":60,\"upper\":75,\"amount\":\"200.00\"},"
    "{\"lower\":75,\"upper\":90,\"bp_of_base\":500},"
    "{\"lower\":90,\"amount\":\"800.00\"}]}";

static void test_step_tiers_at_their_boundaries(void **state)
{
    (void)state;
    assert_int_equal(one(NULL, step_tiers, "composite", 59.999999, "star"), NO_LINE);
    assert_int_equal(one(NULL, step_tiers, "composite", 60, "star"), 20000);
    assert_int_equal(one(NULL, step_tiers, "composite", 60.000001, "star"), 20000);
    assert_int_equal(one(NULL, step_tiers, "composite", 74.999999, "star"), 20000);
    /* [75, 90): 5 % of 8000.00 = 400.00 */
    assert_int_equal(one(NULL, step_tiers, "composite", 75, "star"), 40000);
    assert_int_equal(one(NULL, step_tiers, "composite", 89.999999, "star"), 40000);
    assert_int_equal(one(NULL, step_tiers, "composite", 90, "star"), 80000);
    assert_int_equal(one(NULL, step_tiers, "composite", 100, "star"), 80000);
    /* Rounded to 1e-6 first: 74.9999996 is 75.000000. */
    assert_int_equal(one(NULL, step_tiers, "composite", 74.9999996, "star"), 40000);
}

static const char marginal_tiers[] =
    "{\"id\":\"volume\",\"kind\":\"tiered\",\"metric\":\"resolved\",\"mode\":\"marginal\","
    "\"tiers\":[{\"lower\":0,\"upper\":100,\"rate\":\"1.00\"},"
    "{\"lower\":100,\"upper\":200,\"rate\":\"1.50\"},{\"lower\":200,\"rate\":\"2.00\"}]}";

static void test_marginal_tiers(void **state)
{
    (void)state;
    /* 100 x 1.00 + 100 x 1.50 + 50 x 2.00 = 350.00 */
    assert_int_equal(one(NULL, marginal_tiers, "resolved", 250, "volume"), 35000);
    assert_int_equal(one(NULL, marginal_tiers, "resolved", 99, "volume"), 9900);
    assert_int_equal(one(NULL, marginal_tiers, "resolved", 100, "volume"), 10000);
    /* 100 + 0.5 x 1.50 = 100.75 */
    assert_int_equal(one(NULL, marginal_tiers, "resolved", 100.5, "volume"), 10075);
    /* 0.333333 x 1.00 = 0.333333 -> 0.33 */
    assert_int_equal(one(NULL, marginal_tiers, "resolved", 0.333333, "volume"), 33);
    /* Half-to-even on the whole sum: 0.125 -> 0.12, 0.135 -> 0.14. */
    assert_int_equal(one(NULL, marginal_tiers, "resolved", 0.125, "volume"), 12);
    assert_int_equal(one(NULL, marginal_tiers, "resolved", 0.135, "volume"), 14);
    assert_int_equal(one(NULL, marginal_tiers, "resolved", 0, "volume"), NO_LINE);
}

/* ---- target levels -------------------------------------------------------------- */

static const char target_rule[] =
    "{\"id\":\"goal\",\"kind\":\"target\",\"metric\":\"resolved\",\"target\":400,"
    "\"on_target\":\"1000.00\",\"levels\":[{\"achievement_bp\":0,\"payout_bp\":0},"
    "{\"achievement_bp\":5000,\"payout_bp\":0},{\"achievement_bp\":10000,\"payout_bp\":10000},"
    "{\"achievement_bp\":20000,\"payout_bp\":30000}]}";

static void test_target_levels(void **state)
{
    (void)state;
    assert_int_equal(one(NULL, target_rule, "resolved", 100, "goal"), NO_LINE); /* 25 % */
    assert_int_equal(one(NULL, target_rule, "resolved", 200, "goal"), NO_LINE); /* 50 %: 0 */
    /* 75 %: halfway from (50, 0) to (100, 100): 50 % of 1000.00 */
    assert_int_equal(one(NULL, target_rule, "resolved", 300, "goal"), 50000);
    /* 75.25 %: 50.5 % */
    assert_int_equal(one(NULL, target_rule, "resolved", 301, "goal"), 50500);
    /* 83.25 % -> 66.5 % */
    assert_int_equal(one(NULL, target_rule, "resolved", 333, "goal"), 66500);
    assert_int_equal(one(NULL, target_rule, "resolved", 400, "goal"), 100000);
    /* 150 %: halfway from (100, 100) to (200, 300): 200 % */
    assert_int_equal(one(NULL, target_rule, "resolved", 600, "goal"), 200000);
    assert_int_equal(one(NULL, target_rule, "resolved", 800, "goal"), 300000);
    assert_int_equal(one(NULL, target_rule, "resolved", 1000, "goal"), 300000); /* stays */
    /* 100.0025 % rounds to 100.00 % (one basis point): exactly on target. */
    assert_int_equal(one(NULL, target_rule, "resolved", 400.01, "goal"), 100000);
    /* The step option pays the level reached. */
    static const char stepped[] =
        "{\"id\":\"goal\",\"kind\":\"target\",\"metric\":\"resolved\",\"target\":400,"
        "\"on_target_bp\":1250,\"step\":true,\"levels\":[{\"achievement_bp\":5000,"
        "\"payout_bp\":5000},{\"achievement_bp\":10000,\"payout_bp\":10000},"
        "{\"achievement_bp\":20000,\"payout_bp\":30000}]}";
    /* on target = 12.5 % of 8000.00 = 1000.00; 150 % reaches level 100 %. */
    assert_int_equal(one(NULL, stepped, "resolved", 600, "goal"), 100000);
    assert_int_equal(one(NULL, stepped, "resolved", 399, "goal"), 50000);
    assert_int_equal(one(NULL, stepped, "resolved", 199, "goal"), NO_LINE);
}

/* ---- commission ------------------------------------------------------------------ */

static const char commission[] =
    "{\"id\":\"per_ticket\",\"kind\":\"commission\",\"rate\":\"1.00\",\"accelerators\":["
    "{\"above\":300,\"rate\":\"1.50\"},{\"above\":400,\"rate\":\"2.00\"}]}";

static void test_commission_accelerators(void **state)
{
    (void)state;
    /* The default metric is "resolved". */
    assert_int_equal(one(NULL, commission, "resolved", 299, "per_ticket"), 29900);
    assert_int_equal(one(NULL, commission, "resolved", 300, "per_ticket"), 30000);
    /* Crossing the threshold mid-count: 300 x 1.00 + 1 x 1.50 */
    assert_int_equal(one(NULL, commission, "resolved", 301, "per_ticket"), 30150);
    /* 300 + 100 x 1.50 + 50 x 2.00 = 550.00 */
    assert_int_equal(one(NULL, commission, "resolved", 450, "per_ticket"), 55000);
}

/* ---- metric bonus, deductions, points ------------------------------------------- */

static void test_metric_bonus_with_a_minimum_sample(void **state)
{
    (void)state;
    csvc_incentive_plan *p = plan_of(
        NULL, "{\"id\":\"csat\",\"kind\":\"metric_bonus\",\"metric\":\"csat_share\","
              "\"at_least\":0.95,\"min_sample\":{\"metric\":\"csat_count\",\"at_least\":30},"
              "\"amount\":\"300.00\"}");
    csvc_incentive_inputs *in = inputs();
    const char *ids[] = {"A1", "A2", "A3", "A4"};
    const double share[] = {0.95, 0.949999, 0.99, 0.99}, count[] = {30, 40, 29, NAN};
    for (int i = 0; i < 4; i++) {
        agent(in, ids[i], "T", 800000);
        set(in, ids[i], "csat_share", share[i]);
        if (!isnan(count[i]))
            set(in, ids[i], "csat_count", count[i]);
    }
    csvc_incentive_result *r = evaluate(p, in);
    assert_int_equal(paid(r, "A1", "csat"), 30000);
    assert_int_equal(paid(r, "A2", "csat"), NO_LINE); /* below 95 % */
    assert_int_equal(paid(r, "A3", "csat"), NO_LINE); /* 29 ratings */
    assert_int_equal(paid(r, "A4", "csat"), NO_LINE); /* no count at all */
    assert_int_equal(csvc_incentive_result_total(r), 30000);
    csvc_incentive_result_free(r);
    csvc_incentive_inputs_free(in);
    csvc_incentive_plan_free(p);
}

static const char earn_then_deduct[] =
    "{\"id\":\"csat\",\"kind\":\"metric_bonus\",\"metric\":\"csat_share\",\"at_least\":0,"
    "\"amount\":\"100.00\"},"
    "{\"id\":\"breach\",\"kind\":\"deduction\",\"metric\":\"sla_breaches\",\"per_unit\":\"20.00\","
    "\"floor\":\"0.00\"},"
    "{\"id\":\"complaint\",\"kind\":\"deduction\",\"metric\":\"complaints\",\"per_unit\":\"30.00\","
    "\"cap\":\"50.00\",\"floor\":\"-100.00\"},"
    "{\"id\":\"stars\",\"kind\":\"points\",\"metric\":\"five_star\",\"points_per_unit\":10}";

static void test_deductions_floors_and_points(void **state)
{
    (void)state;
    csvc_incentive_plan *p = plan_of(NULL, earn_then_deduct);
    csvc_incentive_inputs *in = inputs();
    const char *ids[] = {"A1", "A2", "A3"};
    const double breaches[] = {3, 10, 0}, complaints[] = {0, 0, 4};
    for (int i = 0; i < 3; i++) {
        agent(in, ids[i], "T", 800000);
        set(in, ids[i], "csat_share", 0.9);
        set(in, ids[i], "sla_breaches", breaches[i]);
        set(in, ids[i], "complaints", complaints[i]);
    }
    set(in, "A1", "five_star", 7);
    csvc_incentive_result *r = evaluate(p, in);
    /* A1: 100.00 - 3 x 20.00 = 40.00, and 70 points. */
    assert_int_equal(paid(r, "A1", "breach"), -6000);
    assert_int_equal(total(r, "A1"), 4000);
    csvc_incentive_statement s;
    assert_csvc_ok(csvc_incentive_result_statement(r, statement_of(r, "A1"), &s));
    assert_int_equal(s.points, 70);
    /* A2: 10 x 20.00 = 200.00, but never below 0.00: 100.00 taken. */
    assert_int_equal(paid(r, "A2", "breach"), -10000);
    assert_int_equal(total(r, "A2"), 0);
    /* A3: 4 x 30.00 = 120.00, capped at 50.00; floor -100.00 not reached. */
    assert_int_equal(paid(r, "A3", "complaint"), -5000);
    assert_int_equal(total(r, "A3"), 5000);
    assert_int_equal(paid(r, "A3", "breach"), NO_LINE);
    csvc_incentive_result_free(r);
    csvc_incentive_inputs_free(in);
    csvc_incentive_plan_free(p);
}

/* ---- pools ------------------------------------------------------------------------ */

static void team_of(csvc_incentive_inputs *in, const char *team, int n, int64_t base)
{
    for (int i = 0; i < n; i++) {
        char id[16];
        snprintf(id, sizeof id, "%s-%d", team, i + 1);
        agent(in, id, team, base);
    }
}

static void test_pools_split_exactly(void **state)
{
    (void)state;
    csvc_incentive_plan *p = plan_of(
        NULL,
        "{\"id\":\"tenpct\",\"kind\":\"pool\",\"metric\":\"team_csat\",\"at_least\":0.9,"
        "\"bp_of_team_base\":1000,\"split\":\"equal\"},"
        "{\"id\":\"hundred\",\"kind\":\"pool\",\"metric\":\"team_fcr\",\"at_least\":0.5,"
        "\"amount\":\"100.00\",\"split\":\"equal\"},"
        "{\"id\":\"hours\",\"kind\":\"pool\",\"metric\":\"team_fcr\",\"at_least\":0.5,"
        "\"amount\":\"100.00\",\"split\":\"weighted\",\"weight_metric\":\"hours\"}");
    csvc_incentive_inputs *in = inputs();
    team_of(in, "T4", 4, 100000); /* 4 x 1000.00 */
    team_of(in, "T3", 3, 100000);
    assert_ok(in, csvc_incentive_inputs_set_team(in, "T4", "team_csat", 0.9));
    assert_ok(in, csvc_incentive_inputs_set_team(in, "T3", "team_csat", 0.89));
    assert_ok(in, csvc_incentive_inputs_set_team(in, "T3", "team_fcr", 0.5));
    set(in, "T3-1", "hours", 10.5);
    set(in, "T3-2", "hours", 20);
    set(in, "T3-3", "hours", 0);
    csvc_incentive_result *r = evaluate(p, in);
    /* 10 % of 4000.00 = 400.00, a quarter each: exactly 100.00. */
    for (int i = 1; i <= 4; i++) {
        char id[16];
        snprintf(id, sizeof id, "T4-%d", i);
        assert_int_equal(paid(r, id, "tenpct"), 10000);
    }
    assert_int_equal(paid(r, "T3-1", "tenpct"), NO_LINE); /* 89 % misses */
    /* 100.00 in three: 33.34 (the first id takes the odd cent), 33.33, 33.33. */
    assert_int_equal(paid(r, "T3-1", "hundred"), 3334);
    assert_int_equal(paid(r, "T3-2", "hundred"), 3333);
    assert_int_equal(paid(r, "T3-3", "hundred"), 3333);
    /* By hours 10.5 : 20 : 0 of 100.00: quotas 34.4262 and 65.5737 -> floors
     * 34.42 + 65.57 = 99.99; the cent goes to the larger remainder (.62). */
    assert_int_equal(paid(r, "T3-1", "hours"), 3443);
    assert_int_equal(paid(r, "T3-2", "hours"), 6557);
    assert_int_equal(paid(r, "T3-3", "hours"), NO_LINE);
    int64_t t3;
    assert_csvc_ok(csvc_incentive_result_team_total(r, "T3", &t3));
    assert_int_equal(t3, 20000);
    assert_int_equal(csvc_incentive_result_total(r), 60000);
    csvc_incentive_result_free(r);
    csvc_incentive_inputs_free(in);
    csvc_incentive_plan_free(p);
}

/* A worked-hours table from CSV drives the same split as values set one by
 * one; a bad file changes nothing. */
static void test_worked_hours_from_csv(void **state)
{
    (void)state;
    csvc_incentive_plan *p = plan_of(
        NULL, "{\"id\":\"hours\",\"kind\":\"pool\",\"metric\":\"team_fcr\",\"at_least\":0.5,"
              "\"amount\":\"100.00\",\"split\":\"weighted\",\"weight_metric\":\"hours\"}");
    csvc_incentive_inputs *in = inputs();
    team_of(in, "T3", 3, 100000);
    assert_ok(in, csvc_incentive_inputs_set_team(in, "T3", "team_fcr", 0.5));
    static const char table[] = "\xef\xbb\xbf" "agent_id,hours,suggestions\r\n"
                                "T3-2,20,\r\n"
                                "T3-1,10.5,2\r\n"
                                "T3-3,0,\r\n";
    assert_ok(in, csvc_incentive_inputs_import_csv_buffer(in, table, sizeof table - 1));
    csvc_incentive_result *r = evaluate(p, in);
    assert_int_equal(paid(r, "T3-1", "hours"), 3443); /* as in test_pools_split_exactly */
    assert_int_equal(paid(r, "T3-2", "hours"), 6557);
    assert_int_equal(paid(r, "T3-3", "hours"), NO_LINE);
    char *before = NULL, *after = NULL;
    assert_csvc_ok(csvc_incentive_result_export_json_buffer(r, &before, NULL));
    csvc_incentive_result_free(r);

    /* Each refused, naming the line, and the hours stay as they were. */
    static const struct {
        const char *csv;
        csvc_status status;
        const char *needle;
    } bad[] = {
        {"agent_id,hours\nT3-1,5\nT3-9,1\n", CSVC_E_NOTFOUND, "line 3"},
        {"agent_id,hours\nT3-1,5\nT3-1,6\n", CSVC_E_EXISTS, "second row"},
        {"agent_id,hours\nT3-1,0x10\n", CSVC_E_PARSE, "not a number"},
        {"agent_id,hours\nT3-1,nan\n", CSVC_E_PARSE, "not a number"},
        {"agent_id,hours\nT3-1,2e13\n", CSVC_E_RANGE, "1e12"},
        {"agent_id,hours\nT3-1,5,6\n", CSVC_E_PARSE, "expected 2 fields"},
        {"agent_id,ho urs\nT3-1,5\n", CSVC_E_INVALID, "metric name"},
        {"agent_id,hours,hours\nT3-1,5,6\n", CSVC_E_PARSE, "second column"},
        {"agent,hours\nT3-1,5\n", CSVC_E_PARSE, "header"},
        {"agent_id\nT3-1\n", CSVC_E_PARSE, "header"},
        {"", CSVC_E_PARSE, "header"},
        {"agent_id,hours\nT3-1,\"5\n", CSVC_E_PARSE, "line 2"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        csvc_status rc = csvc_incentive_inputs_import_csv_buffer(in, bad[i].csv, strlen(bad[i].csv));
        if (rc != bad[i].status || !strstr(csvc_incentive_inputs_errmsg(in), bad[i].needle))
            fail_msg("case %zu: %s, '%s'", i, csvc_status_name(rc), csvc_incentive_inputs_errmsg(in));
    }
    assert_int_equal(csvc_incentive_inputs_import_csv(in, "/no/such/hours.csv"), CSVC_E_IO);
    assert_int_equal(csvc_incentive_inputs_import_csv(in, NULL), CSVC_E_NULL);
    assert_int_equal(csvc_incentive_inputs_import_csv_buffer(NULL, "", 0), CSVC_E_NULL);
    r = evaluate(p, in);
    assert_csvc_ok(csvc_incentive_result_export_json_buffer(r, &after, NULL));
    assert_string_equal(before, after);
    csvc_free(before);
    csvc_free(after);
    csvc_incentive_result_free(r);
    csvc_incentive_inputs_free(in);
    csvc_incentive_plan_free(p);
}

/* ---- titles and eligibility ----------------------------------------------------- */

static void test_titles_and_eligibility(void **state)
{
    (void)state;
    csvc_incentive_plan *p = plan_of(
        "\"eligibility\":{\"active_on_last_day\":true}",
        "{\"id\":\"star\",\"kind\":\"title\",\"title\":\"service star of the month\","
        "\"metric\":\"composite\",\"top\":2,\"amount\":\"500.00\","
        "\"eligibility\":{\"exclude_probation\":true,\"min_tenure_days\":90,"
        "\"min\":{\"handled\":50},\"max\":{\"complaint_rate\":0.02}}},"
        "{\"id\":\"newcomer\",\"kind\":\"title\",\"title\":\"best newcomer\",\"metric\":\"csat\","
        "\"eligibility\":{\"max\":{\"tenure_days\":180}}}");
    csvc_incentive_inputs *in = inputs();
    const char *ids[] = {"A1", "A2", "A3", "A4", "A5", "A6", "A7"};
    const double composite[] = {95, 95, 90, 99, 98, 97, 96};
    for (int i = 0; i < 7; i++) {
        csvc_incentive_agent a = CSVC_INCENTIVE_AGENT_INIT;
        a.agent_id = ids[i];
        a.team_id = "T";
        a.base_pay = 800000;
        a.hire_date = HIRED_2024;
        a.probation = i == 3;                       /* A4 */
        a.active_at_end = i != 4;                   /* A5 left */
        if (i == 5)
            a.hire_date = october().end - 89 * DAY; /* A6: 89 days */
        assert_ok(in, csvc_incentive_inputs_add_agent(in, &a));
        set(in, ids[i], "composite", composite[i]);
        set(in, ids[i], "handled", i == 6 ? 49 : 120); /* A7: too few tickets */
        set(in, ids[i], "complaint_rate", 0.01);
        set(in, ids[i], "tenure_days", i == 5 ? 89 : 600);
    }
    set(in, "A6", "csat", 4.5);
    csvc_incentive_result *r = evaluate(p, in);
    /* Eligible for the star: A1, A2, A3; A1 and A2 tie at 95: by id. */
    assert_int_equal(paid(r, "A1", "star"), 50000);
    assert_int_equal(paid(r, "A2", "star"), 50000);
    assert_int_equal(paid(r, "A3", "star"), NO_LINE);
    assert_int_equal(paid(r, "A4", "star"), NO_LINE);
    size_t i = statement_of(r, "A2");
    csvc_incentive_line l;
    assert_csvc_ok(csvc_incentive_result_line(r, i, 0, &l));
    assert_int_equal(l.tier, 2);
    assert_int_equal(l.kind, CSVC_RULE_TITLE);
    /* A title without an amount is still awarded, for nothing. */
    assert_int_equal(paid(r, "A6", "newcomer"), 0);
    csvc_incentive_statement s;
    assert_csvc_ok(csvc_incentive_result_statement(r, statement_of(r, "A5"), &s));
    assert_false(s.eligible);
    assert_int_equal(s.line_count, 0);
    csvc_incentive_result_free(r);
    csvc_incentive_inputs_free(in);
    csvc_incentive_plan_free(p);
}

/* ---- caps and budget ---------------------------------------------------------------- */

static void test_caps_and_the_budget(void **state)
{
    (void)state;
    /* Per-rule cap 600.00 on a 800.00 tier, then the agent cap of 50 % of
     * base pay (1000.00 -> 500.00) trims what is left. */
    csvc_incentive_plan *p = plan_of(
        "\"agent_cap_bp\":5000",
        "{\"id\":\"star\",\"kind\":\"tiered\",\"metric\":\"composite\",\"mode\":\"step\","
        "\"cap\":\"600.00\",\"tiers\":[{\"lower\":90,\"amount\":\"800.00\"}]}");
    csvc_incentive_inputs *in = inputs();
    agent(in, "A", "T", 100000);
    agent(in, "B", "T", 200000);
    set(in, "A", "composite", 95);
    set(in, "B", "composite", 95);
    assert_int_equal(csvc_incentive_plan_budget(p), -1); /* none */
    assert_int_equal(csvc_incentive_plan_budget(NULL), -1);
    csvc_incentive_result *r = evaluate(p, in);
    assert_int_equal(paid(r, "A", "star"), 60000);
    assert_int_equal(paid(r, "A", ""), -10000); /* the cap line */
    assert_int_equal(total(r, "A"), 50000);
    assert_int_equal(total(r, "B"), 60000); /* its cap is 1000.00 */
    csvc_incentive_result_free(r);
    csvc_incentive_plan_free(p);
    csvc_incentive_inputs_free(in);

    /* Budget 100.00; three agents earn 50.00 each: 33.33 x 3 = 99.99, the
     * last cent to the smallest id (equal remainders). */
    p = plan_of("\"budget\":\"100.00\"",
                "{\"id\":\"flat\",\"kind\":\"metric_bonus\",\"metric\":\"x\",\"at_least\":0,"
                "\"amount\":\"50.00\"}");
    in = inputs();
    agent(in, "C", "T", 0);
    agent(in, "A", "T", 0);
    agent(in, "B", "T", 0);
    set(in, "A", "x", 1);
    set(in, "B", "x", 1);
    set(in, "C", "x", 1);
    assert_int_equal(csvc_incentive_plan_budget(p), 10000);
    r = evaluate(p, in);
    assert_int_equal(total(r, "A"), 3334);
    assert_int_equal(total(r, "B"), 3333);
    assert_int_equal(total(r, "C"), 3333);
    assert_int_equal(paid(r, "B", ""), -1667);
    assert_int_equal(csvc_incentive_result_total(r), 10000);
    csvc_incentive_result_free(r);
    csvc_incentive_inputs_free(in);
    csvc_incentive_plan_free(p);
}

/* ---- exports ----------------------------------------------------------------------- */

static void test_exports_are_stable_and_explained(void **state)
{
    (void)state;
    csvc_incentive_plan *p = plan_of(NULL, step_tiers);
    csvc_incentive_inputs *in = inputs();
    agent(in, "A", "T", 800000);
    set(in, "A", "composite", 80);
    csvc_incentive_result *r = evaluate(p, in), *again = evaluate(p, in);
    char *json, *json2, *csv;
    size_t n, n2, ncsv;
    assert_csvc_ok(csvc_incentive_result_export_json_buffer(r, &json, &n));
    assert_csvc_ok(csvc_incentive_result_export_json_buffer(again, &json2, &n2));
    assert_int_equal(n, n2);
    assert_memory_equal(json, json2, n);
    assert_string_equal(
        json, "{\"plan\":\"P\",\"version\":1,\"currency\":\"CNY\",\"period\":{\"start\":"
              "\"2025-10-01T00:00:00Z\",\"end\":\"2025-11-01T00:00:00Z\"},\"total\":\"400.00\","
              "\"teams\":{\"T\":\"400.00\"},\"statements\":[{\"agent_id\":\"A\",\"team_id\":\"T\","
              "\"base_pay\":\"8000.00\",\"eligible\":true,\"total\":\"400.00\",\"points\":0,"
              "\"lines\":[{\"rule\":\"star\",\"kind\":\"tiered\",\"amount\":\"400.00\",\"points\":0,"
              "\"metric\":\"composite\",\"value\":80.000000,\"tier\":1,\"rate\":500,"
              "\"explanation\":\"composite 80.000000: tier 2\"}]}]}\n");
    assert_csvc_ok(csvc_incentive_result_export_csv_buffer(r, &csv, &ncsv));
    assert_string_equal(csv, "agent_id,team_id,rule,kind,amount,points,metric,value,tier,rate,"
                             "explanation\nA,T,star,tiered,400.00,0,composite,80.000000,1,500,"
                             "composite 80.000000: tier 2\n");
    csvc_free(json);
    csvc_free(json2);
    csvc_free(csv);
    csvc_incentive_result_free(r);
    csvc_incentive_result_free(again);
    csvc_incentive_inputs_free(in);
    csvc_incentive_plan_free(p);
}

/* ---- bad input ----------------------------------------------------------------------- */

static void assert_refused(const char *top, const char *rules, csvc_status status,
                           const char *message)
{
    csvc_incentive_plan *p = (csvc_incentive_plan *)0x1;
    csvc_status rc = load(top, rules, &p);
    if (rc != status || !strstr(csvc_last_errmsg(), message))
        fail_msg("expected %s '%s', got %s '%s'", csvc_status_name(status), message,
                 csvc_status_name(rc), csvc_last_errmsg());
    assert_ptr_equal(p, (csvc_incentive_plan *)0x1); /* untouched */
}

static void test_bad_plans(void **state)
{
    (void)state;
    assert_refused(NULL,
                   "{\"id\":\"t\",\"kind\":\"tiered\",\"metric\":\"m\",\"mode\":\"step\",\"tiers\":"
                   "[{\"lower\":0,\"upper\":10,\"amount\":\"1.00\"},{\"lower\":5,\"amount\":\"2.00\"}]}",
                   CSVC_E_INVALID, "rules[0].tiers[1].lower: tiers must be ordered");
    assert_refused(NULL,
                   "{\"id\":\"t\",\"kind\":\"tiered\",\"metric\":\"m\",\"mode\":\"step\",\"tiers\":"
                   "[{\"lower\":10,\"amount\":\"1.00\"},{\"lower\":0,\"upper\":5,\"amount\":\"2.00\"}]}",
                   CSVC_E_INVALID, "rules[0].tiers[1].lower");
    assert_refused(NULL,
                   "{\"id\":\"t\",\"kind\":\"tiered\",\"metric\":\"m\",\"mode\":\"step\",\"tiers\":"
                   "[{\"lower\":10,\"upper\":10,\"amount\":\"1.00\"}]}",
                   CSVC_E_INVALID, "rules[0].tiers[0].upper: must be above lower");
    assert_refused(NULL,
                   "{\"id\":\"t\",\"kind\":\"tiered\",\"metric\":\"m\",\"mode\":\"marginal\","
                   "\"tiers\":[{\"lower\":0,\"amount\":\"1.00\"}]}",
                   CSVC_E_INVALID, "a marginal tier pays a rate");
    assert_refused(NULL, "{\"id\":\"t\",\"kind\":\"lottery\",\"metric\":\"m\"}", CSVC_E_INVALID,
                   "rules[0].kind: unknown rule kind 'lottery'");
    assert_refused(NULL, "{\"id\":\"t\",\"kind\":\"deduction\",\"metric\":\"m\",\"per_unit\":\"-1.00\"}",
                   CSVC_E_RANGE, "rules[0].per_unit: -1.00 is negative");
    assert_refused(NULL, "{\"id\":\"t\",\"kind\":\"deduction\",\"metric\":\"m\",\"per_unit\":\"1.001\"}",
                   CSVC_E_PARSE, "not an amount with 2 decimals of CNY");
    assert_refused("\"budget\":\"-5.00\"", "", CSVC_E_RANGE, "budget: -5.00 is negative");
    assert_refused(NULL, "{\"id\":\"t\",\"kind\":\"points\",\"metric\":\"bad metric\",\"points_per_unit\":1}",
                   CSVC_E_INVALID, "rules[0].metric: 'bad metric' is not a metric name");
    assert_refused(NULL, "{\"id\":\"t\",\"kind\":\"points\",\"metric\":\"m\",\"points_per_unit\":1,\"bonus\":2}",
                   CSVC_E_PARSE, "rules[0].bonus: unknown field");
    assert_refused(NULL, "{\"id\":\"t\",\"kind\":\"points\",\"metric\":\"m\",\"points_per_unit\":1},"
                         "{\"id\":\"t\",\"kind\":\"points\",\"metric\":\"n\",\"points_per_unit\":1}",
                   CSVC_E_INVALID, "rules[1].id: 't' is also rules[0].id");
    assert_refused(NULL,
                   "{\"id\":\"g\",\"kind\":\"target\",\"metric\":\"m\",\"target\":10,\"on_target\":"
                   "\"1.00\",\"levels\":[{\"achievement_bp\":100,\"payout_bp\":0},"
                   "{\"achievement_bp\":100,\"payout_bp\":5}]}",
                   CSVC_E_INVALID, "rules[0].levels[1].achievement_bp: levels must be in increasing");
    assert_refused(NULL, "{\"id\":\"g\",\"kind\":\"commission\",\"rate\":\"1.00\",\"accelerators\":"
                         "[{\"above\":10,\"rate\":\"2.00\"},{\"above\":5,\"rate\":\"3.00\"}]}",
                   CSVC_E_INVALID, "rules[0].accelerators[1].above: thresholds must increase");
    assert_refused(NULL, "{\"id\":\"m\",\"kind\":\"metric_bonus\",\"metric\":\"m\",\"at_least\":0.1234567,"
                         "\"amount\":\"1.00\"}",
                   CSVC_E_RANGE, "rules[0].at_least: 0.1234567 is finer than 1e-6");
    csvc_incentive_plan *p = NULL;
    static const char wrong_currency[] = "{\"id\":\"P\",\"version\":1,\"currency\":\"XXY\","
                                         "\"effective\":{\"from\":\"2025-01-01\",\"to\":\"2025-12-31\"},\"rules\":[]}";
    assert_status_msg(csvc_incentive_plan_load_json_buffer(wrong_currency, strlen(wrong_currency), NULL, &p),
                      CSVC_E_INVALID, "incentive plan: currency: not an ISO 4217 currency code");
    static const char reversed[] = "{\"id\":\"P\",\"version\":1,\"currency\":\"CNY\","
                                   "\"effective\":{\"from\":\"2025-12-31\",\"to\":\"2025-01-01\"},\"rules\":[]}";
    assert_status_msg(csvc_incentive_plan_load_json_buffer(reversed, strlen(reversed), NULL, &p),
                      CSVC_E_INVALID, "effective.to: is before effective.from");
    assert_status_msg(csvc_incentive_plan_load_json_buffer("{", 1, NULL, &p), CSVC_E_PARSE,
                      "incentive plan: line 1");
    assert_status_msg(csvc_incentive_plan_load_json_buffer(NULL, 1, NULL, &p), CSVC_E_NULL, "data is NULL");
    assert_status_msg(csvc_incentive_plan_load_json("/nonexistent/plan.json", NULL, &p),
                      CSVC_E_NOTFOUND, "/nonexistent/plan.json");
    assert_null(p);
}

static void test_bad_inputs_and_evaluations(void **state)
{
    (void)state;
    csvc_incentive_inputs *in = inputs();
    csvc_incentive_agent a = CSVC_INCENTIVE_AGENT_INIT;
    a.agent_id = "A";
    a.team_id = "T";
    a.base_pay = -1;
    assert_status_msg(csvc_incentive_inputs_add_agent(in, &a), CSVC_E_RANGE, "base_pay is negative");
    a.base_pay = 0;
    a.currency = "US";
    assert_status_msg(csvc_incentive_inputs_add_agent(in, &a), CSVC_E_INVALID, "currency 'US'");
    a.currency = NULL;
    a.version = 7;
    assert_int_equal(csvc_incentive_inputs_add_agent(in, &a), CSVC_E_VERSION);
    a.version = CSVC_INCENTIVE_AGENT_VERSION;
    a.agent_id = "A\xe2\x80\x8b"; /* a zero-width space */
    assert_int_equal(csvc_incentive_inputs_add_agent(in, &a), CSVC_E_ENCODING);
    assert_int_equal(csvc_incentive_inputs_agent_count(in), 0);
    a.agent_id = "A";
    assert_ok(in, csvc_incentive_inputs_add_agent(in, &a));
    assert_status_msg(csvc_incentive_inputs_add_agent(in, &a), CSVC_E_EXISTS, "agent 'A' is already");
    assert_status_msg(csvc_incentive_inputs_set(in, "Z", "m", 1), CSVC_E_NOTFOUND, "agent 'Z'");
    assert_status_msg(csvc_incentive_inputs_set(in, "A", "m", NAN), CSVC_E_RANGE, "metric 'm'");
    assert_status_msg(csvc_incentive_inputs_set(in, "A", "m", 2e12), CSVC_E_RANGE, "metric 'm'");
    assert_status_msg(csvc_incentive_inputs_set(in, "A", "", 1), CSVC_E_INVALID, "not a metric name");
    assert_status_msg(csvc_incentive_inputs_set_team(in, "Q", "m", 1), CSVC_E_NOTFOUND, "team 'Q'");

    csvc_incentive_plan *p = plan_of(NULL, commission);
    csvc_incentive_result *r = (csvc_incentive_result *)0x1;
    csvc_period outside;
    assert_csvc_ok(csvc_period_of_month(2026, 1, 0, &outside));
    assert_status_msg(csvc_incentive_evaluate(p, in, &outside, &r), CSVC_E_RANGE,
                      "outside plan 'P' v1's effective dates 2025-01-01..2025-12-31");
    csvc_period empty = {100, 100};
    assert_status_msg(csvc_incentive_evaluate(p, in, &empty, &r), CSVC_E_RANGE, "empty");
    assert_status_msg(csvc_incentive_evaluate(p, NULL, &empty, &r), CSVC_E_NULL, "inputs is NULL");
    csvc_incentive_agent usd = CSVC_INCENTIVE_AGENT_INIT;
    usd.agent_id = "U";
    usd.team_id = "T";
    usd.currency = "USD";
    assert_ok(in, csvc_incentive_inputs_add_agent(in, &usd));
    csvc_period oct = october();
    assert_status_msg(csvc_incentive_evaluate(p, in, &oct, &r), CSVC_E_INVALID,
                      "agent 'U' is paid in USD, plan 'P' in CNY");
    assert_ptr_equal(r, (csvc_incentive_result *)0x1);
    csvc_incentive_plan_free(p);
    csvc_incentive_inputs_free(in);

    /* Overflow: a rate of 90 trillion per unit on a million units. */
    p = plan_of(NULL, "{\"id\":\"huge\",\"kind\":\"commission\",\"rate\":\"90000000000000000.00\"}");
    in = inputs();
    agent(in, "A", "T", 0);
    set(in, "A", "resolved", 1e6);
    assert_status_msg(csvc_incentive_evaluate(p, in, &oct, &r), CSVC_E_OVERFLOW,
                      "rule 'huge', agent 'A': the amount leaves int64");
    csvc_incentive_plan_free(p);
    /* Two lines that each fit but whose sum does not. */
    p = plan_of(NULL, "{\"id\":\"a\",\"kind\":\"metric_bonus\",\"metric\":\"resolved\",\"at_least\":0,"
                      "\"amount\":\"90000000000000000.00\"},"
                      "{\"id\":\"b\",\"kind\":\"metric_bonus\",\"metric\":\"resolved\",\"at_least\":0,"
                      "\"amount\":\"90000000000000000.00\"}");
    assert_status_msg(csvc_incentive_evaluate(p, in, &oct, &r), CSVC_E_OVERFLOW, "rule 'b'");
    assert_ptr_equal(r, (csvc_incentive_result *)0x1);
    csvc_incentive_plan_free(p);
    csvc_incentive_inputs_free(in);
}

/* ---- a property test --------------------------------------------------------------------- */

static void test_random_plans_keep_their_invariants(void **state)
{
    (void)state;
    srand(2025);
    for (int round = 0; round < 60; round++) {
        char rules[4096], top[128] = "";
        int budget = rand() % 2, floor_cents = -(rand() % 3) * 1000;
        snprintf(rules, sizeof rules,
                 "{\"id\":\"tier\",\"kind\":\"tiered\",\"metric\":\"a\",\"mode\":\"%s\",\"tiers\":["
                 "{\"lower\":0,\"upper\":%d,\"rate\":\"%d.%02d\"},{\"lower\":%d,\"rate\":\"%d.00\"}]},"
                 "{\"id\":\"goal\",\"kind\":\"target\",\"metric\":\"b\",\"target\":%d,"
                 "\"on_target_bp\":%d,\"levels\":[{\"achievement_bp\":5000,\"payout_bp\":0},"
                 "{\"achievement_bp\":10000,\"payout_bp\":10000},{\"achievement_bp\":15000,"
                 "\"payout_bp\":%d}]},"
                 "{\"id\":\"ded\",\"kind\":\"deduction\",\"metric\":\"c\",\"per_unit\":\"%d.00\","
                 "\"floor\":\"%d.%02d\"},"
                 "{\"id\":\"pool\",\"kind\":\"pool\",\"metric\":\"tm\",\"at_least\":0.5,"
                 "\"amount\":\"%d.%02d\",\"split\":\"weighted\",\"weight_metric\":\"a\"},"
                 "{\"id\":\"title\",\"kind\":\"title\",\"title\":\"star\",\"metric\":\"a\","
                 "\"top\":%d,\"amount\":\"%d.00\"}",
                 rand() % 2 ? "step" : "marginal", 10 + rand() % 50, rand() % 5, rand() % 100,
                 60 + rand() % 10, 1 + rand() % 5, 1 + rand() % 100, rand() % 2000,
                 10000 + rand() % 30000, rand() % 50, floor_cents / 100, 0, rand() % 1000,
                 rand() % 100, 1 + rand() % 5, rand() % 300);
        if (budget)
            snprintf(top, sizeof top, "\"budget\":\"%d.%02d\",\"agent_cap_bp\":%d", rand() % 3000,
                     rand() % 100, 1000 + rand() % 9000);
        csvc_incentive_plan *p = plan_of(budget ? top : NULL, rules);
        csvc_incentive_inputs *in = inputs();
        int n = 1 + rand() % 40;
        for (int i = 0; i < n; i++) {
            char id[16], team[8];
            snprintf(id, sizeof id, "A%03d", rand() % 1000 + i * 1000);
            snprintf(team, sizeof team, "T%d", rand() % 3);
            agent(in, id, team, (rand() % 2000) * 100);
            if (rand() % 8)
                set(in, id, "a", (rand() % 10000) / 100.0);
            set(in, id, "b", rand() % 300);
            set(in, id, "c", rand() % 6);
        }
        for (int t = 0; t < 3; t++) {
            char team[8];
            snprintf(team, sizeof team, "T%d", t);
            csvc_incentive_inputs_set_team(in, team, "tm", (rand() % 100) / 100.0);
        }
        csvc_incentive_result *r = evaluate(p, in), *again = evaluate(p, in);
        int64_t sum = 0;
        for (size_t i = 0; i < csvc_incentive_result_statement_count(r); i++) {
            csvc_incentive_statement s;
            assert_csvc_ok(csvc_incentive_result_statement(r, i, &s));
            int64_t lines = 0;
            int deducted = 0;
            for (size_t j = 0; j < s.line_count; j++) {
                csvc_incentive_line l;
                assert_csvc_ok(csvc_incentive_result_line(r, i, j, &l));
                lines += l.amount;
                deducted |= l.kind == CSVC_RULE_DEDUCTION;
                if (l.kind != CSVC_RULE_DEDUCTION && l.kind != CSVC_RULE_AGENT_CAP &&
                    l.kind != CSVC_RULE_BUDGET_SCALE)
                    assert_true(l.amount >= 0);
            }
            assert_int_equal(lines, s.total);
            if (s.total < 0) {
                assert_true(deducted);
                assert_true(s.total >= floor_cents);
            }
            sum += s.total;
        }
        assert_int_equal(sum, csvc_incentive_result_total(r));
        if (budget) {
            /* Over budget, the scaled total is the budget exactly. */
            int64_t limit = p->budget;
            p->budget = -1;
            csvc_incentive_result *unscaled = evaluate(p, in);
            p->budget = limit;
            int64_t before = csvc_incentive_result_total(unscaled);
            assert_int_equal(csvc_incentive_result_total(r), before > limit ? limit : before);
            csvc_incentive_result_free(unscaled);
        }
        char *a, *b;
        size_t na, nb;
        assert_csvc_ok(csvc_incentive_result_export_json_buffer(r, &a, &na));
        assert_csvc_ok(csvc_incentive_result_export_json_buffer(again, &b, &nb));
        assert_int_equal(na, nb);
        assert_memory_equal(a, b, na);
        csvc_free(a);
        csvc_free(b);
        csvc_incentive_result_free(r);
        csvc_incentive_result_free(again);
        csvc_incentive_inputs_free(in);
        csvc_incentive_plan_free(p);
    }
}

static void test_out_of_memory(void **state)
{
    (void)state;
    static const char text[] =
        "{\"id\":\"P\",\"version\":1,\"currency\":\"CNY\",\"effective\":{\"from\":\"2025-01-01\","
        "\"to\":\"2025-12-31\"},\"eligibility\":{\"min\":{\"handled\":1}},\"rules\":[%s,%s,%s]}";
    char buf[4096];
    snprintf(buf, sizeof buf, text, step_tiers, target_rule, commission);
    for (long budget = 0;; budget++) {
        test_failing_alloc fa = {budget, 0, 0};
        csvc_allocator al = test_failing_allocator(&fa);
        csvc_incentive_plan *p = NULL;
        csvc_incentive_inputs *in = NULL;
        csvc_incentive_result *r = NULL;
        csvc_status rc = csvc_incentive_plan_load_json_buffer(buf, strlen(buf), &al, &p);
        if (rc == CSVC_OK)
            rc = csvc_incentive_inputs_new(&al, &in);
        for (int i = 0; i < 3 && rc == CSVC_OK; i++) {
            char id[8];
            snprintf(id, sizeof id, "A%d", i);
            csvc_incentive_agent a = CSVC_INCENTIVE_AGENT_INIT;
            a.agent_id = id;
            a.team_id = "T";
            if ((rc = csvc_incentive_inputs_add_agent(in, &a)) == CSVC_OK &&
                (rc = csvc_incentive_inputs_set(in, id, "composite", 80)) == CSVC_OK)
                rc = csvc_incentive_inputs_set(in, id, "handled", 5);
        }
        csvc_period oct = october();
        if (rc == CSVC_OK)
            rc = csvc_incentive_evaluate(p, in, &oct, &r);
        char *json = NULL;
        if (rc == CSVC_OK)
            rc = csvc_incentive_result_export_json_buffer(r, &json, NULL);
        csvc_free(json);
        csvc_incentive_result_free(r);
        csvc_incentive_inputs_free(in);
        csvc_incentive_plan_free(p);
        assert_int_equal(fa.live, 0);
        if (rc == CSVC_OK)
            break;
        assert_int_equal(rc, CSVC_E_NOMEM);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_step_tiers_at_their_boundaries),
        cmocka_unit_test(test_marginal_tiers),
        cmocka_unit_test(test_target_levels),
        cmocka_unit_test(test_worked_hours_from_csv),
        cmocka_unit_test(test_commission_accelerators),
        cmocka_unit_test(test_metric_bonus_with_a_minimum_sample),
        cmocka_unit_test(test_deductions_floors_and_points),
        cmocka_unit_test(test_pools_split_exactly),
        cmocka_unit_test(test_titles_and_eligibility),
        cmocka_unit_test(test_caps_and_the_budget),
        cmocka_unit_test(test_exports_are_stable_and_explained),
        cmocka_unit_test(test_bad_plans),
        cmocka_unit_test(test_bad_inputs_and_evaluations),
        cmocka_unit_test(test_random_plans_keep_their_invariants),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests_name("incentive", tests, NULL, NULL);
}
