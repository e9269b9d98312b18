/* libFuzzer target: the ratings CSV importer. Whatever the input, an import
 * either succeeds or leaves every rating exactly as it was (compared
 * through the store's internal enumeration) with a message; after a
 * successful one the review computes and exports. */
#include <csvc.h>

#include "kpi/kpi_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char model_json[] =
    "{\"version\": \"fuzz\", \"groups\": {\"peer\": {\"aggregation\": \"trimmed_mean\"},"
    " \"customer\": {\"aggregation\": \"median\", \"missing\": \"zero\"}},"
    " \"kpis\": [{\"id\": \"k\", \"dimension\": \"skill\", \"weight\": 1, \"source\": \"rated\","
    " \"scale\": \"1-5\"}, {\"id\": \"p\", \"dimension\": \"quality\", \"weight\": 2, \"source\":"
    " \"rated\", \"scale\": \"0-100\", \"group_weights\": {\"self\": 0}}, {\"id\": \"o\","
    " \"dimension\": \"efficiency\", \"weight\": 1, \"source\": \"objective\", \"normalise\":"
    " {\"method\": \"linear\", \"floor\": 0, \"target\": 10}}]}";

typedef struct snap {
    char *text;
    size_t len, cap;
} snap;

static int add_rating(const cs_kpi_rating_rec *x, void *ud)
{
    snap *s = ud;
    char line[512];
    int n = snprintf(line, sizeof line, "%s|%s|%s|%d|%.17g|%lld\n", x->rater_id, x->ratee_id,
                     x->kpi_id, (int)x->group, x->value, (long long)x->time);
    if (s->len + (size_t)n + 1 > s->cap) {
        s->cap = (s->len + (size_t)n + 1) * 2;
        s->text = realloc(s->text, s->cap);
        if (!s->text)
            abort();
    }
    memcpy(s->text + s->len, line, (size_t)n + 1);
    s->len += (size_t)n;
    return 0;
}

static char *snapshot(const csvc_kpi_review *rv)
{
    snap s = {calloc(1, 1), 0, 1};
    if (!s.text)
        abort();
    cs_kpi_review_foreach_rating(rv, add_rating, &s);
    return s.text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    csvc_roster *r;
    if (csvc_roster_new(NULL, &r) != CSVC_OK)
        abort();
    const char *roster = "agent_id,name,team_id,level,hire_date,supervisor_id\n"
                         "S,S,T,supervisor,2020-01-01,\nA,A,T,junior,2021-01-01,S\n"
                         "B,B,T,junior,2021-01-01,S\nC,C,U,junior,2021-01-01,S\n";
    csvc_kpi_model *m;
    if (csvc_roster_import_csv_buffer(r, roster, strlen(roster)) != CSVC_OK ||
        csvc_kpi_model_load_json_buffer(model_json, strlen(model_json), NULL, &m) != CSVC_OK)
        abort();
    csvc_period p = {0, 86400};
    csvc_kpi_review *rv;
    if (csvc_kpi_review_new(r, m, &p, NULL, &rv) != CSVC_OK)
        abort();
    /* Existing ratings, so replacements and time order are reached. */
    const char *seed =
        "rater,ratee,kpi,group,value,time\nB,A,k,peer,3,100\nS,A,p,supervisor,70,100\n"
        "X-1,B,p,customer,40,100\n";
    if (csvc_kpi_review_import_ratings_csv_buffer(rv, seed, strlen(seed)) != CSVC_OK)
        abort();
    char *before = snapshot(rv);
    size_t count = csvc_kpi_review_rating_count(rv);
    csvc_status rc = csvc_kpi_review_import_ratings_csv_buffer(rv, (const char *)data, size);
    char *after = snapshot(rv);
    if (rc != CSVC_OK) {
        if (strcmp(before, after) != 0 || csvc_kpi_review_rating_count(rv) != count ||
            csvc_kpi_review_errmsg(rv)[0] == '\0')
            abort();
    } else {
        csvc_kpi_results *res;
        char *buf;
        size_t n;
        if (cs_kpi_review_rating_total(rv) != csvc_kpi_review_rating_count(rv) ||
            csvc_kpi_review_compute(rv, &res) != CSVC_OK ||
            csvc_kpi_results_export_csv_buffer(res, 1, &buf, &n) != CSVC_OK)
            abort();
        csvc_free(buf);
        if (csvc_kpi_results_export_json_buffer(res, &buf, &n) != CSVC_OK)
            abort();
        csvc_free(buf);
        csvc_kpi_results_free(res);
    }
    free(before);
    free(after);
    csvc_kpi_review_free(rv);
    csvc_kpi_model_free(m);
    csvc_roster_free(r);
    return 0;
}
