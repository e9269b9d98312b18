/* Evaluates the example plan on fixed synthetic inputs and prints the
 * statements' JSON: tests/unit/incentive_determinism.sh builds this (with
 * the incentive, common and util sources) with gcc and clang at -O0 and
 * -O2 and checks that all four print the same bytes. */
#include "csvc/incentive.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: incentive_determinism PLAN.json\n");
        return 2;
    }
    csvc_incentive_plan *plan;
    csvc_incentive_inputs *in;
    if (csvc_incentive_plan_load_json(argv[1], NULL, &plan) != CSVC_OK ||
        csvc_incentive_inputs_new(NULL, &in) != CSVC_OK) {
        fprintf(stderr, "%s\n", csvc_last_errmsg());
        return 1;
    }
    static const char *const metrics[] = {"composite", "resolved", "csat_share", "csat_count",
                                          "suggestions_adopted", "handled", "complaints",
                                          "sla_breaches", "tenure_days"};
    unsigned long long x = 12345;
    for (int a = 0; a < 300; a++) {
        char id[16], team[8];
        snprintf(id, sizeof id, "A%03d", (a * 37) % 300);
        snprintf(team, sizeof team, "T%d", a % 7);
        csvc_incentive_agent ag = CSVC_INCENTIVE_AGENT_INIT;
        ag.agent_id = id;
        ag.team_id = team;
        ag.base_pay = 500000 + (a * 7919) % 1000000;
        ag.probation = a % 13 == 0;
        ag.active_at_end = a % 17 != 0;
        csvc_incentive_inputs_add_agent(in, &ag);
        for (size_t m = 0; m < sizeof metrics / sizeof *metrics; m++) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            double v = (double)(x >> 40) / (double)(1ull << 24); /* 0..1, binary fractions */
            double scale[] = {100, 8, 1, 40, 4, 12, 2, 4, 900};
            csvc_incentive_inputs_set(in, id, metrics[m], m == 2 ? v : (double)(long)(v * scale[m] * 1000) / 1000);
        }
        csvc_incentive_inputs_set_team(in, team, "csat_share", 0.7 + (a % 7) * 0.05);
    }
    csvc_period nov;
    csvc_period_of_month(2025, 11, 8 * 3600, &nov);
    csvc_incentive_result *res;
    char *json;
    size_t size;
    if (csvc_incentive_evaluate(plan, in, &nov, &res) != CSVC_OK ||
        csvc_incentive_result_export_json_buffer(res, &json, &size) != CSVC_OK) {
        fprintf(stderr, "%s\n", csvc_last_errmsg());
        return 1;
    }
    fwrite(json, 1, size, stdout);
    csvc_free(json);
    csvc_incentive_result_free(res);
    csvc_incentive_inputs_free(in);
    csvc_incentive_plan_free(plan);
    return 0;
}
