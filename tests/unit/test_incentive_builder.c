/* Plans built in C: the example monthly plan (examples/data/incentive_plan.json)
 * rebuilt rule by rule pays exactly what the file pays on the same inputs;
 * refused rules name their JSON path and leave the builder as it was. */
#include "fixtures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EXAMPLE_PLAN "../../examples/data/incentive_plan.json"
#define U CSVC_INCENTIVE_UNSET

static csvc_incentive_plan_builder *example_builder(void)
{
    csvc_incentive_eligibility active = {-1, 0, 1, NULL, 0};
    csvc_incentive_plan_info info = CSVC_INCENTIVE_PLAN_INFO_INIT;
    info.id = "after-sales-monthly";
    info.plan_version = 3;
    info.currency = "CNY";
    info.effective_from = "2025-01-01";
    info.effective_to = "2025-12-31";
    info.agent_cap_bp = 5000;
    info.budget = 2000000;
    info.eligibility = &active;
    csvc_incentive_plan_builder *b = NULL;
    assert_csvc_ok(csvc_incentive_plan_builder_new(&info, NULL, &b));
    return b;
}

static void add(csvc_incentive_plan_builder *b, const csvc_incentive_rule *r)
{
    assert_csvc_ok_msg(csvc_incentive_plan_builder_add_rule(b, r),
                       csvc_incentive_plan_builder_errmsg(b));
}

/* The example file's eleven rules, in its order. */
static void add_example_rules(csvc_incentive_plan_builder *b)
{
    csvc_incentive_rule r;
    const csvc_incentive_tier stars[] = {{60, 75, 20000, U, U},
                                         {75, 85, U, 300, U},
                                         {85, 95, U, 600, U},
                                         {95, NAN, U, 1000, U}};
    csvc_incentive_rule_init(&r, CSVC_RULE_TIERED);
    r.id = "star_rating";
    r.metric = "composite";
    r.tiers = stars;
    r.ntiers = 4;
    r.cap = 200000;
    add(b, &r);

    const csvc_incentive_level levels[] = {{5000, 0}, {10000, 10000}, {20000, 20000}};
    csvc_incentive_eligibility no_probation = {-1, 1, 0, NULL, 0};
    csvc_incentive_rule_init(&r, CSVC_RULE_TARGET);
    r.id = "resolution_target";
    r.metric = "resolved";
    r.target = 4;
    r.amount = 60000;
    r.levels = levels;
    r.nlevels = 3;
    r.eligibility = &no_probation;
    add(b, &r);

    const csvc_incentive_accelerator faster[] = {{3, 800}};
    csvc_incentive_rule_init(&r, CSVC_RULE_COMMISSION);
    r.id = "per_ticket";
    r.metric = "resolved";
    r.rate = 500;
    r.accelerators = faster;
    r.naccelerators = 1;
    add(b, &r);

    csvc_incentive_rule_init(&r, CSVC_RULE_METRIC_BONUS);
    r.id = "csat_bonus";
    r.metric = "csat_share";
    r.at_least = 0.8;
    r.sample_metric = "csat_count";
    r.sample_at_least = 2;
    r.amount = 30000;
    add(b, &r);

    csvc_incentive_rule_init(&r, CSVC_RULE_POINTS);
    r.id = "suggestion_points";
    r.metric = "suggestions_adopted";
    r.points_per_unit = 50;
    add(b, &r);
    r.id = "ticket_points";
    r.metric = "resolved";
    r.points_per_unit = 2;
    add(b, &r);

    const csvc_incentive_bound handled = {"handled", 1, NAN};
    csvc_incentive_eligibility worked = {-1, 0, 0, &handled, 1};
    csvc_incentive_rule_init(&r, CSVC_RULE_POOL);
    r.id = "team_collaboration";
    r.metric = "csat_share";
    r.at_least = 0.75;
    r.amount = 300000;
    r.weight_metric = "composite";
    r.eligibility = &worked;
    add(b, &r);

    const csvc_incentive_bound star_bounds[] = {{"handled", 1, NAN}, {"complaints", NAN, 0}};
    csvc_incentive_eligibility star_gate = {-1, 0, 0, star_bounds, 2};
    csvc_incentive_rule_init(&r, CSVC_RULE_TITLE);
    r.id = "service_star";
    r.title = "service star of the month (客服之星)";
    r.metric = "composite";
    r.top = 1;
    r.amount = 100000;
    r.eligibility = &star_gate;
    add(b, &r);

    const csvc_incentive_bound newcomer = {"tenure_days", NAN, 730};
    csvc_incentive_eligibility new_gate = {-1, 0, 0, &newcomer, 1};
    r.id = "best_newcomer";
    r.title = "best newcomer (最佳新人)";
    r.amount = 50000;
    r.eligibility = &new_gate;
    add(b, &r);

    csvc_incentive_rule_init(&r, CSVC_RULE_DEDUCTION);
    r.id = "sla_breach";
    r.metric = "sla_breaches";
    r.per_unit = 5000;
    r.floor = 0;
    add(b, &r);
    r.id = "valid_complaint";
    r.metric = "complaints";
    r.per_unit = 10000;
    r.cap = 50000;
    add(b, &r);
}

/* Twelve agents in three teams with every metric the plan reads, values
 * chosen to land on tier boundaries, titles ties and deductions. */
static csvc_incentive_inputs *inputs(void)
{
    csvc_incentive_inputs *in = NULL;
    assert_csvc_ok(csvc_incentive_inputs_new(NULL, &in));
    for (int i = 0; i < 12; i++) {
        char id[8], team[8];
        snprintf(id, sizeof id, "A%02d", i);
        snprintf(team, sizeof team, "T%d", i % 3);
        csvc_incentive_agent a = CSVC_INCENTIVE_AGENT_INIT;
        a.agent_id = id;
        a.team_id = team;
        a.base_pay = 500000 + 25000 * i;
        a.currency = "CNY";
        a.hire_date = INT64_C(1704067200) + i * INT64_C(86400) * 60;
        a.probation = i == 11;
        a.active_at_end = i != 7;
        assert_ok(in, csvc_incentive_inputs_add_agent(in, &a));
        static const double composite[] = {59.9, 60, 74.999999, 75, 85, 94.9, 95, 100,
                                           88, 88, 70, 91};
        assert_ok(in, csvc_incentive_inputs_set(in, id, "composite", composite[i]));
        assert_ok(in, csvc_incentive_inputs_set(in, id, "resolved", i % 7));
        assert_ok(in, csvc_incentive_inputs_set(in, id, "handled", i % 5));
        assert_ok(in, csvc_incentive_inputs_set(in, id, "csat_share", 0.7 + 0.03 * i));
        assert_ok(in, csvc_incentive_inputs_set(in, id, "csat_count", i % 4));
        assert_ok(in, csvc_incentive_inputs_set(in, id, "suggestions_adopted", i % 3));
        assert_ok(in, csvc_incentive_inputs_set(in, id, "sla_breaches", i % 4));
        assert_ok(in, csvc_incentive_inputs_set(in, id, "complaints", (i * 7) % 6));
        assert_ok(in, csvc_incentive_inputs_set(in, id, "tenure_days", 400 + 60 * i));
    }
    for (int t = 0; t < 3; t++) {
        char team[8];
        snprintf(team, sizeof team, "T%d", t);
        assert_ok(in, csvc_incentive_inputs_set_team(in, team, "csat_share", 0.7 + 0.05 * t));
    }
    return in;
}

static char *statements(const csvc_incentive_plan *p, const csvc_incentive_inputs *in)
{
    csvc_period oct;
    assert_csvc_ok(csvc_period_of_month(2025, 10, 0, &oct));
    csvc_incentive_result *r = NULL;
    assert_csvc_ok(csvc_incentive_evaluate(p, in, &oct, &r));
    char *json = NULL;
    assert_csvc_ok(csvc_incentive_result_export_json_buffer(r, &json, NULL));
    assert_true(csvc_incentive_result_total(r) > 0);
    csvc_incentive_result_free(r);
    return json;
}

static void test_the_example_plan_built_in_c_pays_the_same(void **state)
{
    (void)state;
    csvc_incentive_plan *file = NULL, *built = NULL;
    assert_csvc_ok(csvc_incentive_plan_load_json(EXAMPLE_PLAN, NULL, &file));
    csvc_incentive_plan_builder *b = example_builder();
    add_example_rules(b);
    assert_csvc_ok(csvc_incentive_plan_builder_build(b, &built));
    assert_int_equal(csvc_incentive_plan_rule_count(built), 11);
    assert_string_equal(csvc_incentive_plan_id(built), "after-sales-monthly");
    assert_int_equal(csvc_incentive_plan_version(built), 3);
    csvc_incentive_inputs *in = inputs();
    char *a = statements(file, in), *c = statements(built, in);
    assert_string_equal(a, c);
    csvc_free(a);
    csvc_free(c);
    /* Its document loads back into the same plan. */
    char *doc = NULL;
    size_t len = 0;
    assert_csvc_ok(csvc_incentive_plan_export_json_buffer(built, &doc, &len));
    assert_non_null(strstr(doc, "\"bp_of_base\": 1000"));
    csvc_incentive_plan *again = NULL;
    assert_csvc_ok(csvc_incentive_plan_load_json_buffer(doc, len, NULL, &again));
    a = statements(again, in);
    c = statements(built, in);
    assert_string_equal(a, c);
    csvc_free(a);
    csvc_free(c);
    csvc_free(doc);
    csvc_incentive_plan_free(again);
    csvc_incentive_inputs_free(in);
    csvc_incentive_plan_free(built);
    csvc_incentive_plan_free(file);
    csvc_incentive_plan_builder_free(b);
}

static size_t rules_built(const csvc_incentive_plan_builder *b)
{
    csvc_incentive_plan *p = NULL;
    assert_csvc_ok(csvc_incentive_plan_builder_build(b, &p));
    size_t n = csvc_incentive_plan_rule_count(p);
    csvc_incentive_plan_free(p);
    return n;
}

static void refused(csvc_incentive_plan_builder *b, const csvc_incentive_rule *r,
                    csvc_status status, const char *needle)
{
    size_t before = rules_built(b);
    csvc_status rc = csvc_incentive_plan_builder_add_rule(b, r);
    if (rc != status || !strstr(csvc_incentive_plan_builder_errmsg(b), needle))
        fail_msg("%s, expected %s with '%s': %s", csvc_status_name(rc), csvc_status_name(status),
                 needle, csvc_incentive_plan_builder_errmsg(b));
    assert_int_equal(rules_built(b), before);
}

static void test_refused_rules_name_their_path(void **state)
{
    (void)state;
    csvc_incentive_plan_builder *b = example_builder();
    csvc_incentive_rule r;
    csvc_incentive_rule_init(&r, CSVC_RULE_COMMISSION);
    r.id = "per_ticket";
    r.rate = 500;
    add(b, &r); /* rules[0], on resolved tickets by default */

    const csvc_incentive_tier overlap[] = {{0, 80, 100, U, U}, {70, NAN, 200, U, U}};
    csvc_incentive_rule_init(&r, CSVC_RULE_TIERED);
    r.id = "stars";
    r.metric = "composite";
    r.tiers = overlap;
    r.ntiers = 2;
    refused(b, &r, CSVC_E_INVALID, "rules[1].tiers[1].lower");
    const csvc_incentive_tier two_pays[] = {{0, NAN, 100, 50, U}};
    r.tiers = two_pays;
    r.ntiers = 1;
    refused(b, &r, CSVC_E_PARSE, "rules[1].tiers[0]");
    r.ntiers = 0;
    refused(b, &r, CSVC_E_PARSE, "rules[1].tiers");
    r.tiers = NULL;
    r.ntiers = 3;
    refused(b, &r, CSVC_E_NULL, "NULL");

    csvc_incentive_rule_init(&r, CSVC_RULE_TITLE);
    r.id = "star";
    r.metric = "composite";
    r.title = "star";
    r.rate = 100; /* titles have no rate */
    refused(b, &r, CSVC_E_PARSE, "rules[1].rate: unknown field");
    r.rate = U;
    r.amount = -100;
    refused(b, &r, CSVC_E_RANGE, "rules[1].amount");
    r.amount = 100;
    r.id = "per_ticket";
    refused(b, &r, CSVC_E_INVALID, "per_ticket");
    r.id = "star";
    r.metric = "no such";
    refused(b, &r, CSVC_E_INVALID, "rules[1].metric");
    r.metric = "composite";
    r.kind = (csvc_incentive_rule_kind)CSVC_RULE_AGENT_CAP;
    refused(b, &r, CSVC_E_INVALID, "not a rule kind");
    r.kind = CSVC_RULE_TITLE;
    r.version = 0;
    refused(b, &r, CSVC_E_VERSION, "rule version");
    r.version = CSVC_INCENTIVE_RULE_VERSION;
    add(b, &r); /* and once right, it is rules[1] */
    assert_int_equal(rules_built(b), 2);
    assert_int_equal(csvc_incentive_plan_builder_add_rule(b, NULL), CSVC_E_NULL);
    assert_int_equal(csvc_incentive_plan_builder_add_rule(NULL, &r), CSVC_E_NULL);
    csvc_incentive_plan_builder_free(b);

    /* The plan's own fields. */
    csvc_incentive_plan_info info = CSVC_INCENTIVE_PLAN_INFO_INIT;
    info.id = "P";
    info.currency = "XYZ";
    info.effective_from = "2025-01-01";
    info.effective_to = "2025-12-31";
    assert_status_msg(csvc_incentive_plan_builder_new(&info, NULL, &b), CSVC_E_INVALID,
                      "currency");
    info.currency = "EUR";
    info.effective_to = "2024-12-31";
    assert_status_msg(csvc_incentive_plan_builder_new(&info, NULL, &b), CSVC_E_INVALID,
                      "effective.to");
    info.effective_to = "2025-13-01";
    assert_status_msg(csvc_incentive_plan_builder_new(&info, NULL, &b), CSVC_E_PARSE,
                      "effective.to");
    info.effective_to = "2025-12-31";
    info.budget = -1;
    assert_status_msg(csvc_incentive_plan_builder_new(&info, NULL, &b), CSVC_E_RANGE, "budget");
    info.budget = U;
    info.version = 9;
    assert_status_msg(csvc_incentive_plan_builder_new(&info, NULL, &b), CSVC_E_VERSION, "version");
    info.version = CSVC_INCENTIVE_PLAN_INFO_VERSION;
    assert_status_msg(csvc_incentive_plan_builder_new(NULL, NULL, &b), CSVC_E_NULL, "info");
    /* EUR amounts in cents: a 12.34 budget. */
    info.budget = 1234;
    assert_csvc_ok(csvc_incentive_plan_builder_new(&info, NULL, &b));
    csvc_incentive_plan *p = NULL;
    assert_csvc_ok(csvc_incentive_plan_builder_build(b, &p));
    char *doc = NULL;
    assert_csvc_ok(csvc_incentive_plan_export_json_buffer(p, &doc, NULL));
    assert_non_null(strstr(doc, "\"budget\": \"12.34\""));
    csvc_free(doc);
    csvc_incentive_plan_free(p);
    csvc_incentive_plan_builder_free(b);
}

/* Out of memory anywhere: a clean failure, nothing leaked. */
static void test_out_of_memory(void **state)
{
    (void)state;
    for (long budget = 0;; budget++) {
        test_failing_alloc fa = {budget, 0, 0};
        csvc_allocator a = test_failing_allocator(&fa);
        csvc_incentive_plan_info info = CSVC_INCENTIVE_PLAN_INFO_INIT;
        info.id = "P";
        info.currency = "CNY";
        info.effective_from = "2025-01-01";
        info.effective_to = "2025-12-31";
        csvc_incentive_plan_builder *b = NULL;
        csvc_status rc = csvc_incentive_plan_builder_new(&info, &a, &b);
        csvc_incentive_plan *p = NULL;
        if (rc == CSVC_OK) {
            csvc_incentive_rule r;
            csvc_incentive_rule_init(&r, CSVC_RULE_COMMISSION);
            r.id = "c";
            r.rate = 100;
            rc = csvc_incentive_plan_builder_add_rule(b, &r);
            if (rc == CSVC_OK)
                rc = csvc_incentive_plan_builder_build(b, &p);
        }
        if (rc != CSVC_OK)
            assert_int_equal(rc, CSVC_E_NOMEM);
        csvc_incentive_plan_free(p);
        csvc_incentive_plan_builder_free(b);
        assert_int_equal(fa.live, 0);
        if (rc == CSVC_OK)
            break;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_example_plan_built_in_c_pays_the_same),
        cmocka_unit_test(test_refused_rules_name_their_path),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
