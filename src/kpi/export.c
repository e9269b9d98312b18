/* Scorecard exports: CSV (summary or detail) and JSON. Hidden group
 * aggregates are withheld here as in the queries. */
#include "atomic_file.h"
#include "kpi_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const flag_names[] = {"missing", "incomplete", "zero_filled", "renormalised",
                                         "hidden",  "below_min",  "excluded",    "partial"};

void cs_kpi_flags_format(cs_strbuf *sb, uint32_t flags, const char *sep, int json)
{
    int first = 1;
    for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++) {
        if (!(flags & (1u << i)))
            continue;
        if (!first)
            cs_strbuf_puts(sb, sep);
        first = 0;
        if (json)
            cs_strbuf_printf(sb, "\"%s\"", flag_names[i]);
        else
            cs_strbuf_puts(sb, flag_names[i]);
    }
}

/* A score rounded to 1e-6 without trailing zeros; `none` for NaN. */
static void put_score(cs_strbuf *sb, double x, const char *none)
{
    if (isnan(x)) {
        cs_strbuf_puts(sb, none);
        return;
    }
    char buf[64];
    snprintf(buf, sizeof buf, "%.6f", cs_kpi_round6(x));
    char *end = buf + strlen(buf);
    while (end > buf && end[-1] == '0')
        *--end = '\0';
    if (end > buf && end[-1] == '.')
        *--end = '\0';
    cs_strbuf_puts(sb, strcmp(buf, "-0") == 0 ? "0" : buf);
}

static void put_number(cs_strbuf *sb, double x, const char *none)
{
    if (isnan(x))
        cs_strbuf_puts(sb, none);
    else
        cs_strbuf_printf(sb, "%.10g", x);
}

/* Ids are valid UTF-8 without control characters: only " and \ need escaping. */
static void put_json_string(cs_strbuf *sb, const char *s)
{
    cs_strbuf_putc(sb, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            cs_strbuf_putc(sb, '\\');
        cs_strbuf_putc(sb, *s);
    }
    cs_strbuf_putc(sb, '"');
}

/* ---- CSV ------------------------------------------------------------------- */

static void csv_summary(const csvc_kpi_results *res, cs_strbuf *sb)
{
    cs_strbuf_puts(sb, "agent_id,team_id,composite,grade,rank_team,rank_desk,percentile_team,"
                       "percentile_desk");
    for (int d = 0; d < CS_NDIMS; d++)
        cs_strbuf_printf(sb, ",%s", csvc_kpi_dimension_name((csvc_kpi_dimension)d));
    cs_strbuf_puts(sb, ",flags\n");
    for (size_t a = 0; a < res->nagents; a++) {
        csvc_kpi_agent_result o;
        csvc_kpi_results_agent(res, a, &o);
        cs_strbuf_csv_field(sb, o.agent_id);
        cs_strbuf_putc(sb, ',');
        cs_strbuf_csv_field(sb, o.team_id);
        cs_strbuf_putc(sb, ',');
        put_score(sb, o.composite, "");
        cs_strbuf_printf(sb, ",%s,", o.grade_label);
        if (o.rank_team)
            cs_strbuf_printf(sb, "%d,%d", (int)o.rank_team, (int)o.rank_desk);
        else
            cs_strbuf_putc(sb, ',');
        cs_strbuf_putc(sb, ',');
        put_score(sb, o.percentile_team, "");
        cs_strbuf_putc(sb, ',');
        put_score(sb, o.percentile_desk, "");
        for (int d = 0; d < CS_NDIMS; d++) {
            cs_strbuf_putc(sb, ',');
            put_score(sb, o.dimensions[d], "");
        }
        cs_strbuf_putc(sb, ',');
        cs_kpi_flags_format(sb, o.flags, ";", 0);
        cs_strbuf_putc(sb, '\n');
    }
}

static void csv_groups(cs_strbuf *sb, const cs_kpi_cell *c)
{
    for (int g = 0; g < CS_NGROUPS; g++) {
        if (!c || (c->gflags[g] & CSVC_KPI_EXCLUDED)) {
            cs_strbuf_puts(sb, ",,,,");
            continue;
        }
        cs_strbuf_printf(sb, ",%u,", (unsigned)c->count[g]);
        put_score(sb, (c->gflags[g] & CSVC_KPI_HIDDEN) ? NAN : c->aggregate[g], "");
        cs_strbuf_putc(sb, ',');
        put_number(sb, c->weight_used[g], "");
        cs_strbuf_putc(sb, ',');
        cs_kpi_flags_format(sb, c->gflags[g], ";", 0);
    }
}

static int csv_detail(const csvc_kpi_results *res, cs_strbuf *sb)
{
    cs_strbuf_puts(sb, "agent_id,team_id,kpi_id,dimension,source,raw,score,weight,weight_share,"
                       "contribution,flags");
    for (int g = 0; g < CS_NGROUPS; g++) {
        const char *name = csvc_rater_group_name((csvc_rater_group)g);
        cs_strbuf_printf(sb, ",%s_count,%s_aggregate,%s_weight_used,%s_flags", name, name, name,
                         name);
    }
    cs_strbuf_putc(sb, '\n');
    for (size_t a = 0; a < res->nagents; a++)
        for (size_t k = 0; k < res->nkpis; k++) {
            const cs_kpi *kp = &res->model->kpis[k];
            csvc_kpi_result o;
            csvc_kpi_results_kpi(res, a, k, &o);
            cs_strbuf_csv_field(sb, res->agent_ids[a]);
            cs_strbuf_putc(sb, ',');
            cs_strbuf_csv_field(sb, res->team_ids[res->team_of[a]]);
            cs_strbuf_putc(sb, ',');
            cs_strbuf_csv_field(sb, kp->id);
            cs_strbuf_printf(sb, ",%s,%s,", csvc_kpi_dimension_name(kp->dimension),
                             kp->source == CSVC_KPI_RATED ? "rated" : "objective");
            put_number(sb, o.raw, "");
            cs_strbuf_putc(sb, ',');
            put_score(sb, o.score, "");
            cs_strbuf_putc(sb, ',');
            put_number(sb, o.weight, "");
            cs_strbuf_putc(sb, ',');
            put_number(sb, o.weight_share, "");
            cs_strbuf_putc(sb, ',');
            put_score(sb, o.contribution, "");
            cs_strbuf_putc(sb, ',');
            cs_kpi_flags_format(sb, o.flags, ";", 0);
            cs_kpi_cell c;
            if (kp->source == CSVC_KPI_RATED)
                cs_kpi_results_cell(res, a, k, &c);
            csv_groups(sb, kp->source == CSVC_KPI_RATED ? &c : NULL);
            cs_strbuf_putc(sb, '\n');
        }
    return 0;
}

/* ---- JSON ------------------------------------------------------------------- */

static void json_groups(cs_strbuf *sb, const cs_kpi_cell *c)
{
    cs_strbuf_puts(sb, ",\"groups\":{");
    int first = 1;
    for (int g = 0; g < CS_NGROUPS; g++) {
        if (c->gflags[g] & CSVC_KPI_EXCLUDED)
            continue;
        cs_strbuf_printf(sb, "%s\"%s\":{\"count\":%u,\"aggregate\":", first ? "" : ",",
                         csvc_rater_group_name((csvc_rater_group)g), (unsigned)c->count[g]);
        first = 0;
        put_score(sb, (c->gflags[g] & CSVC_KPI_HIDDEN) ? NAN : c->aggregate[g], "null");
        cs_strbuf_puts(sb, ",\"weight\":");
        put_number(sb, c->weight[g], "null");
        cs_strbuf_puts(sb, ",\"weight_used\":");
        put_number(sb, c->weight_used[g], "null");
        cs_strbuf_puts(sb, ",\"flags\":[");
        cs_kpi_flags_format(sb, c->gflags[g], ",", 1);
        cs_strbuf_puts(sb, "]}");
    }
    cs_strbuf_putc(sb, '}');
}

static void json_kpi(const csvc_kpi_results *res, cs_strbuf *sb, size_t a, size_t k)
{
    const cs_kpi *kp = &res->model->kpis[k];
    csvc_kpi_result o;
    csvc_kpi_results_kpi(res, a, k, &o);
    cs_strbuf_puts(sb, "{\"kpi_id\":");
    put_json_string(sb, kp->id);
    cs_strbuf_printf(sb, ",\"dimension\":\"%s\",\"source\":\"%s\",\"raw\":",
                     csvc_kpi_dimension_name(kp->dimension),
                     kp->source == CSVC_KPI_RATED ? "rated" : "objective");
    put_number(sb, o.raw, "null");
    cs_strbuf_puts(sb, ",\"score\":");
    put_score(sb, o.score, "null");
    cs_strbuf_puts(sb, ",\"weight\":");
    put_number(sb, o.weight, "null");
    cs_strbuf_puts(sb, ",\"weight_share\":");
    put_number(sb, o.weight_share, "null");
    cs_strbuf_puts(sb, ",\"contribution\":");
    put_score(sb, o.contribution, "null");
    cs_strbuf_puts(sb, ",\"flags\":[");
    cs_kpi_flags_format(sb, o.flags, ",", 1);
    cs_strbuf_putc(sb, ']');
    if (kp->source == CSVC_KPI_RATED) {
        cs_kpi_cell c;
        cs_kpi_results_cell(res, a, k, &c);
        json_groups(sb, &c);
    }
    cs_strbuf_putc(sb, '}');
}

static void json_agent(const csvc_kpi_results *res, cs_strbuf *sb, size_t a)
{
    csvc_kpi_agent_result o;
    csvc_kpi_results_agent(res, a, &o);
    cs_strbuf_puts(sb, "{\"agent_id\":");
    put_json_string(sb, o.agent_id);
    cs_strbuf_puts(sb, ",\"team_id\":");
    put_json_string(sb, o.team_id);
    cs_strbuf_puts(sb, ",\"composite\":");
    put_score(sb, o.composite, "null");
    cs_strbuf_puts(sb, ",\"grade\":");
    if (o.grade)
        cs_strbuf_printf(sb, "\"%s\"", o.grade_label);
    else
        cs_strbuf_puts(sb, "null");
    if (o.rank_desk)
        cs_strbuf_printf(sb, ",\"rank\":{\"team\":%d,\"desk\":%d}", (int)o.rank_team,
                         (int)o.rank_desk);
    else
        cs_strbuf_puts(sb, ",\"rank\":{\"team\":null,\"desk\":null}");
    cs_strbuf_puts(sb, ",\"percentile\":{\"team\":");
    put_score(sb, o.percentile_team, "null");
    cs_strbuf_puts(sb, ",\"desk\":");
    put_score(sb, o.percentile_desk, "null");
    cs_strbuf_puts(sb, "},\"dimensions\":{");
    for (int d = 0; d < CS_NDIMS; d++) {
        cs_strbuf_printf(sb, "%s\"%s\":", d ? "," : "",
                         csvc_kpi_dimension_name((csvc_kpi_dimension)d));
        put_score(sb, o.dimensions[d], "null");
    }
    cs_strbuf_puts(sb, "},\"flags\":[");
    cs_kpi_flags_format(sb, o.flags, ",", 1);
    cs_strbuf_puts(sb, "],\"kpis\":[");
    for (size_t k = 0; k < res->nkpis; k++) {
        if (k)
            cs_strbuf_putc(sb, ',');
        json_kpi(res, sb, a, k);
    }
    cs_strbuf_puts(sb, "]}");
}

static int json_document(const csvc_kpi_results *res, cs_strbuf *sb)
{
    char start[32], end[32];
    if (csvc_time_format(res->period.start, start, sizeof start) != CSVC_OK)
        snprintf(start, sizeof start, "%lld", (long long)res->period.start);
    if (csvc_time_format(res->period.end, end, sizeof end) != CSVC_OK)
        snprintf(end, sizeof end, "%lld", (long long)res->period.end);
    cs_strbuf_puts(sb, "{\"review\":");
    put_json_string(sb, res->review_id);
    cs_strbuf_puts(sb, ",\"model_version\":");
    put_json_string(sb, res->model->version);
    cs_strbuf_printf(sb, ",\"period\":{\"start\":\"%s\",\"end\":\"%s\"},\"agents\":[", start, end);
    for (size_t a = 0; a < res->nagents; a++) {
        cs_strbuf_puts(sb, a ? ",\n" : "\n");
        json_agent(res, sb, a);
    }
    cs_strbuf_puts(sb, "\n]}\n");
    return 0;
}

/* ---- buffers and files ---------------------------------------------------------- */

typedef int (*writer_fn)(const csvc_kpi_results *res, cs_strbuf *sb, int32_t detail);

static int write_csv(const csvc_kpi_results *res, cs_strbuf *sb, int32_t detail)
{
    if (detail)
        return csv_detail(res, sb);
    csv_summary(res, sb);
    return 0;
}

static int write_json(const csvc_kpi_results *res, cs_strbuf *sb, int32_t detail)
{
    (void)detail;
    return json_document(res, sb);
}

static csvc_status render(const csvc_kpi_results *res, writer_fn fn, int32_t detail,
                          const char *what, cs_strbuf *sb)
{
    cs_strbuf_init(sb, &res->alloc);
    if (fn(res, sb, detail) || sb->failed) {
        cs_strbuf_free(sb);
        return cs_fail((cs_errbuf *)&res->err, CSVC_E_NOMEM, "%s export: out of memory", what);
    }
    return CSVC_OK;
}

static csvc_status to_buffer(const csvc_kpi_results *res, writer_fn fn, int32_t detail,
                             const char *what, char **out, size_t *size)
{
    cs_strbuf sb;
    csvc_status rc = render(res, fn, detail, what, &sb);
    if (rc != CSVC_OK)
        return rc;
    if (cs_strbuf_hand_over(&sb, out, size) != CSVC_OK)
        return cs_fail((cs_errbuf *)&res->err, CSVC_E_NOMEM, "%s export: out of memory", what);
    return CSVC_OK;
}

static csvc_status to_file(const csvc_kpi_results *res, writer_fn fn, int32_t detail,
                           const char *what, const char *path)
{
    cs_errbuf *err = (cs_errbuf *)&res->err;
    cs_strbuf sb;
    csvc_status rc = render(res, fn, detail, what, &sb);
    if (rc != CSVC_OK)
        return rc;
    char export_name[64];
    snprintf(export_name, sizeof export_name, "%s export", what);
    rc = cs_atomic_write_file(&res->alloc, path, export_name, sb.data, sb.len, err);
    cs_strbuf_free(&sb);
    return rc;
}

static csvc_status check_args(const csvc_kpi_results *res, const char *fn, const void *p1,
                              const void *p2, const char *n1, const char *n2)
{
    if (!res || !p1 || !p2)
        return cs_fail(res ? (cs_errbuf *)&res->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !res  ? "results"
                       : !p1 ? n1
                             : n2);
    return CSVC_OK;
}

static csvc_status check_detail(const csvc_kpi_results *res, int32_t detail)
{
    if (detail != 0 && detail != 1)
        return cs_fail((cs_errbuf *)&res->err, CSVC_E_INVALID,
                       "scorecard CSV export: detail must be 0 or 1 (got %d)", (int)detail);
    return CSVC_OK;
}

csvc_status csvc_kpi_results_export_csv_buffer(const csvc_kpi_results *res, int32_t detail,
                                               char **out, size_t *size)
{
    csvc_status rc = check_args(res, "kpi_results_export_csv_buffer", out, size, "out", "size");
    if (rc == CSVC_OK)
        rc = check_detail(res, detail);
    return rc != CSVC_OK ? rc : to_buffer(res, write_csv, detail, "scorecard CSV", out, size);
}

csvc_status csvc_kpi_results_export_csv(const csvc_kpi_results *res, int32_t detail,
                                        const char *path)
{
    csvc_status rc = check_args(res, "kpi_results_export_csv", path, path, "path", "path");
    if (rc == CSVC_OK)
        rc = check_detail(res, detail);
    return rc != CSVC_OK ? rc : to_file(res, write_csv, detail, "scorecard CSV", path);
}

csvc_status csvc_kpi_results_export_json_buffer(const csvc_kpi_results *res, char **out,
                                                size_t *size)
{
    csvc_status rc = check_args(res, "kpi_results_export_json_buffer", out, size, "out", "size");
    return rc != CSVC_OK ? rc : to_buffer(res, write_json, 0, "scorecard JSON", out, size);
}

csvc_status csvc_kpi_results_export_json(const csvc_kpi_results *res, const char *path)
{
    csvc_status rc = check_args(res, "kpi_results_export_json", path, path, "path", "path");
    return rc != CSVC_OK ? rc : to_file(res, write_json, 0, "scorecard JSON", path);
}
