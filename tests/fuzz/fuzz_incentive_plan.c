/* libFuzzer target for the incentive plan loader (src/incentive/plan_json.c):
 * any bytes as a plan. A plan that loads is evaluated on a small fixed set
 * of inputs: no crash, and every statement's lines add up to its total. A
 * refusal must be one of the loader's statuses. */
#include "incentive/incentive_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static csvc_incentive_inputs *fixed_inputs(void)
{
    static const char *const metrics[] = {"composite", "resolved", "csat_share", "csat_count",
                                          "sla_breaches", "complaints", "hours", "handled"};
    csvc_incentive_inputs *in;
    if (csvc_incentive_inputs_new(NULL, &in) != CSVC_OK)
        abort();
    for (int a = 0; a < 6; a++) {
        char id[8], team[8];
        snprintf(id, sizeof id, "A%d", a);
        snprintf(team, sizeof team, "T%d", a % 2);
        csvc_incentive_agent ag = CSVC_INCENTIVE_AGENT_INIT;
        ag.agent_id = id;
        ag.team_id = team;
        ag.base_pay = 100000 * (a + 1);
        ag.probation = a == 5;
        if (csvc_incentive_inputs_add_agent(in, &ag) != CSVC_OK)
            abort();
        for (size_t m = 0; m < sizeof metrics / sizeof *metrics; m++) {
            if ((a + (int)m) % 5)
                csvc_incentive_inputs_set(in, id, metrics[m], (a * 37 + (int)m * 11) % 120);
            csvc_incentive_inputs_set_team(in, team, metrics[m], (a * 13 + (int)m) % 3 / 2.0);
        }
    }
    return in;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static csvc_incentive_inputs *in;
    if (!in)
        in = fixed_inputs();
    csvc_incentive_plan *plan = NULL;
    csvc_status rc = csvc_incentive_plan_load_json_buffer((const char *)data, size, NULL, &plan);
    if (rc != CSVC_OK) {
        if (plan || (rc != CSVC_E_PARSE && rc != CSVC_E_INVALID && rc != CSVC_E_RANGE &&
                     rc != CSVC_E_NOMEM))
            abort();
        return 0;
    }
    csvc_period oct;
    csvc_period_of_month(2025, 10, 0, &oct);
    csvc_incentive_result *res = NULL;
    rc = csvc_incentive_evaluate(plan, in, &oct, &res);
    if (rc == CSVC_OK) {
        int64_t sum = 0;
        for (size_t i = 0; i < csvc_incentive_result_statement_count(res); i++) {
            csvc_incentive_statement s;
            csvc_incentive_result_statement(res, i, &s);
            int64_t lines = 0;
            for (size_t j = 0; j < s.line_count; j++) {
                csvc_incentive_line l;
                csvc_incentive_result_line(res, i, j, &l);
                lines += l.amount;
            }
            if (lines != s.total)
                abort();
            sum += s.total;
        }
        if (sum != csvc_incentive_result_total(res))
            abort();
        char *json;
        if (csvc_incentive_result_export_json_buffer(res, &json, NULL) != CSVC_OK)
            abort();
        csvc_free(json);
    } else if (rc != CSVC_E_RANGE && rc != CSVC_E_OVERFLOW && rc != CSVC_E_NOMEM) {
        abort(); /* outside the effective dates, or amounts beyond int64 */
    }
    csvc_incentive_result_free(res);
    csvc_incentive_plan_free(plan);
    return 0;
}
