/* libFuzzer target for the incentive inputs CSV importer
 * (src/incentive/inputs_csv.c): any bytes as a metrics table for a fixed
 * set of agents. An import is all or nothing: after a refusal the plan's
 * statements are byte for byte those before it; after a success every
 * statement's lines still add up to its total. */
#include "incentive/incentive_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char plan_json[] =
    "{\"id\":\"F\",\"version\":1,\"currency\":\"CNY\","
    "\"effective\":{\"from\":\"2025-01-01\",\"to\":\"2025-12-31\"},\"rules\":["
    "{\"id\":\"c\",\"kind\":\"commission\",\"metric\":\"resolved\",\"rate\":\"1.25\"},"
    "{\"id\":\"h\",\"kind\":\"pool\",\"metric\":\"team_ok\",\"at_least\":1,"
    "\"amount\":\"100.00\",\"split\":\"weighted\",\"weight_metric\":\"hours\"},"
    "{\"id\":\"d\",\"kind\":\"deduction\",\"metric\":\"complaints\",\"per_unit\":\"3.00\","
    "\"floor\":\"0.00\"}]}";

static char *statements(const csvc_incentive_plan *p, const csvc_incentive_inputs *in)
{
    csvc_period oct;
    csvc_incentive_result *r = NULL;
    char *json = NULL;
    if (csvc_period_of_month(2025, 10, 0, &oct) != CSVC_OK)
        abort();
    csvc_status rc = csvc_incentive_evaluate(p, in, &oct, &r);
    if (rc == CSVC_E_OVERFLOW)
        return NULL;
    if (rc != CSVC_OK || csvc_incentive_result_export_json_buffer(r, &json, NULL) != CSVC_OK)
        abort();
    for (size_t i = 0; i < csvc_incentive_result_statement_count(r); i++) {
        csvc_incentive_statement st;
        csvc_incentive_line l;
        int64_t sum = 0;
        csvc_incentive_result_statement(r, i, &st);
        for (size_t j = 0; j < st.line_count; j++) {
            csvc_incentive_result_line(r, i, j, &l);
            sum += l.amount;
        }
        if (sum != st.total)
            abort();
    }
    csvc_incentive_result_free(r);
    return json;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    csvc_incentive_plan *p = NULL;
    csvc_incentive_inputs *in = NULL;
    if (csvc_incentive_plan_load_json_buffer(plan_json, sizeof plan_json - 1, NULL, &p) !=
            CSVC_OK ||
        csvc_incentive_inputs_new(NULL, &in) != CSVC_OK)
        abort();
    for (int a = 0; a < 4; a++) {
        char id[4] = {'A', (char)('0' + a), 0, 0};
        csvc_incentive_agent ag = CSVC_INCENTIVE_AGENT_INIT;
        ag.agent_id = id;
        ag.team_id = "T";
        ag.base_pay = 100000;
        if (csvc_incentive_inputs_add_agent(in, &ag) != CSVC_OK ||
            csvc_incentive_inputs_set(in, id, "hours", a + 1) != CSVC_OK)
            abort();
    }
    if (csvc_incentive_inputs_set_team(in, "T", "team_ok", 1) != CSVC_OK)
        abort();
    char *before = statements(p, in);
    csvc_status rc = csvc_incentive_inputs_import_csv_buffer(in, (const char *)data, size);
    char *after = statements(p, in);
    if (rc != CSVC_OK) {
        static const csvc_status allowed[] = {CSVC_E_PARSE,  CSVC_E_INVALID, CSVC_E_NOTFOUND,
                                              CSVC_E_EXISTS, CSVC_E_RANGE,   CSVC_E_ENCODING,
                                              CSVC_E_TOOLONG, CSVC_E_NOMEM};
        int known = 0;
        for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
            known |= rc == allowed[i];
        if (!known || !before || !after || strcmp(before, after) != 0)
            abort();
    }
    csvc_free(before);
    csvc_free(after);
    csvc_incentive_inputs_free(in);
    csvc_incentive_plan_free(p);
    return 0;
}
