/* libFuzzer target: the JSON KPI model loader. Whatever the input, a load
 * either fails with a message and no model, or gives a model whose export
 * loads back to the same export; a loaded model then runs a small review
 * (objective values and ratings taken from the input bytes) through
 * compute and every export. */
#include <csvc.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const agents[] = {"S", "A", "B", "C"};

static csvc_roster *small_roster(void)
{
    csvc_roster *r;
    csvc_team_info t = CSVC_TEAM_INFO_INIT;
    t.id = "T";
    if (csvc_roster_new(NULL, &r) != CSVC_OK || csvc_roster_add_team(r, &t) != CSVC_OK)
        abort();
    for (int i = 0; i < 4; i++) {
        csvc_agent_info a = CSVC_AGENT_INFO_INIT;
        a.id = a.name = agents[i];
        a.team_id = "T";
        a.supervisor_id = i ? "S" : NULL;
        if (csvc_roster_add_agent(r, &a) != CSVC_OK)
            abort();
    }
    return r;
}

/* Exercises a review with the model: every call may be refused, none may crash. */
static void run_review(const csvc_kpi_model *m, const uint8_t *data, size_t size)
{
    csvc_roster *r = small_roster();
    csvc_period p = {0, 86400};
    csvc_kpi_review *rv;
    if (csvc_kpi_review_new(r, m, &p, NULL, &rv) != CSVC_OK)
        abort(); /* a loaded model has KPIs */
    size_t at = 0;
    for (size_t k = 0; k < csvc_kpi_model_kpi_count(m); k++) {
        csvc_kpi_def d;
        if (csvc_kpi_model_kpi_at(m, k, &d) != CSVC_OK)
            abort();
        for (int a = 0; a < 4; a++) {
            uint8_t byte = size ? data[at++ % size] : 0;
            if (d.source == CSVC_KPI_OBJECTIVE) {
                csvc_kpi_review_set_objective(rv, agents[a], d.id, (double)byte - 28.0);
                continue;
            }
            csvc_kpi_rating x = CSVC_KPI_RATING_INIT;
            x.rater_id = agents[(a + 1 + byte % 3) % 4];
            x.ratee_id = agents[a];
            x.kpi_id = d.id;
            x.group = (csvc_rater_group)(byte % 5);
            x.value = (double)(byte % 101);
            if (x.group == CSVC_RATER_SELF)
                x.rater_id = agents[a];
            if (x.group == CSVC_RATER_SUPERVISOR)
                x.rater_id = "S";
            csvc_kpi_review_rate(rv, &x);
        }
    }
    csvc_kpi_results *res;
    if (csvc_kpi_review_compute(rv, &res) != CSVC_OK)
        abort();
    char *buf;
    size_t n;
    for (int detail = 0; detail < 2; detail++) {
        if (csvc_kpi_results_export_csv_buffer(res, detail, &buf, &n) != CSVC_OK)
            abort();
        csvc_free(buf);
    }
    if (csvc_kpi_results_export_json_buffer(res, &buf, &n) != CSVC_OK)
        abort();
    csvc_free(buf);
    csvc_kpi_results_free(res);
    csvc_kpi_review_free(rv);
    csvc_roster_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    csvc_kpi_model *m = NULL;
    if (csvc_kpi_model_load_json_buffer((const char *)data, size, NULL, &m) != CSVC_OK) {
        if (m || csvc_last_errmsg()[0] == '\0')
            abort();
        return 0;
    }
    char *text, *again;
    size_t len, len2;
    if (csvc_kpi_model_export_json_buffer(m, &text, &len) != CSVC_OK)
        abort();
    csvc_kpi_model *copy;
    if (csvc_kpi_model_load_json_buffer(text, len, NULL, &copy) != CSVC_OK ||
        csvc_kpi_model_export_json_buffer(copy, &again, &len2) != CSVC_OK || len != len2 ||
        memcmp(text, again, len) != 0)
        abort();
    run_review(m, data, size);
    csvc_free(text);
    csvc_free(again);
    csvc_kpi_model_free(copy);
    csvc_kpi_model_free(m);
    return 0;
}
