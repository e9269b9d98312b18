/* Ratings CSV import, all or nothing: each row is applied as a submission
 * and recorded in an undo log; a bad row (or a refusal by the change
 * callback) rolls every applied row back, newest first. */
#include "civil.h"
#include "csv.h"
#include "import_options.h"
#include "kpi_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { COL_RATER, COL_RATEE, COL_KPI, COL_GROUP, COL_VALUE, COL_TIME, NCOLS };

static const cs_csv_column rating_columns[NCOLS] = {
    {"rater", 1}, {"ratee", 1}, {"kpi", 1}, {"group", 1}, {"value", 1}, {"time", 1},
};

typedef struct row_ctx {
    csvc_kpi_review *r;
    const cs_csv_record *rec;
    const int *col;
    cs_clock naive_clock; /* of times written without an offset */
} row_ctx;

static const char *field(const row_ctx *c, int column)
{
    return c->rec->fields[c->col[column]].ptr;
}

static csvc_status bad_field(const row_ctx *c, csvc_status status, int column, const char *reason)
{
    return cs_csv_fail_field(&c->r->err, status, c->rec->line, (size_t)c->col[column] + 1,
                             rating_columns[column].name, "%s", reason);
}

static csvc_status parse_time(const row_ctx *c, int64_t *out)
{
    const char *s = field(c, COL_TIME);
    char reason[480];
    if (!*s)
        return bad_field(c, CSVC_E_PARSE, COL_TIME, "required");
    if (cs_is_integer_text(s)) {
        errno = 0;
        char *end;
        long long v = strtoll(s, &end, 10);
        /* The instants the ISO form can write: years 1..9999 UTC. */
        if (errno == ERANGE || *end || v < CS_UNIX_MIN || v > CS_UNIX_MAX) {
            snprintf(reason, sizeof reason,
                     "Unix seconds %.40s outside years 1..9999 (%" PRId64 "..%" PRId64 ")", s,
                     CS_UNIX_MIN, CS_UNIX_MAX);
            return bad_field(c, CSVC_E_RANGE, COL_TIME, reason);
        }
        *out = v;
        return CSVC_OK;
    }
    const char *why = cs_time_parse_clock(s, strlen(s), c->naive_clock, out);
    if (why) {
        char how[CS_TZ_NAME_MAX + 8];
        cs_clock_describe(c->naive_clock, how, sizeof how);
        snprintf(reason, sizeof reason,
                 "'%.40s' is not a time (ISO 8601 or Unix seconds; without an offset it is read "
                 "%s): %s",
                 s, how, why);
        return bad_field(c, CSVC_E_PARSE, COL_TIME, reason);
    }
    return CSVC_OK;
}

static csvc_status parse_value(const row_ctx *c, double *out)
{
    const char *s = field(c, COL_VALUE);
    if (!cs_parse_decimal_text(s, out)) {
        char reason[120];
        snprintf(reason, sizeof reason, "'%.40s' is not a number", s);
        return bad_field(c, CSVC_E_PARSE, COL_VALUE, reason);
    }
    return CSVC_OK;
}

static csvc_status apply_row(row_ctx *c, cs_kpi_undo *undo)
{
    csvc_kpi_rating x = CSVC_KPI_RATING_INIT;
    x.rater_id = field(c, COL_RATER);
    x.ratee_id = field(c, COL_RATEE);
    x.kpi_id = field(c, COL_KPI);
    csvc_status rc;
    if (csvc_rater_group_parse(field(c, COL_GROUP), &x.group) != CSVC_OK) {
        char reason[200];
        snprintf(reason, sizeof reason, "%s", csvc_last_errmsg());
        return bad_field(c, CSVC_E_PARSE, COL_GROUP, reason);
    }
    if ((rc = parse_value(c, &x.value)) != CSVC_OK || (rc = parse_time(c, &x.time)) != CSVC_OK)
        return rc;
    cs_errbuf local;
    int column;
    rc = cs_kpi_review_apply(c->r, &x, 1, undo, &local, &column);
    if (rc == CSVC_OK)
        return rc;
    if (rc == CSVC_E_NOMEM)
        return cs_fail(&c->r->err, rc, "ratings import: out of memory");
    return bad_field(c, rc, column, local.msg);
}

/* Tells the journal and the callback about the imported ratings. */
static csvc_status notify_import(csvc_kpi_review *r, const cs_kpi_undo *undo, size_t n)
{
    cs_kpi_rating_rec *recs = n ? cs_malloc(&r->alloc, n * sizeof *recs) : NULL;
    if (n && !recs)
        return cs_fail(&r->err, CSVC_E_NOMEM, "ratings import: out of memory");
    for (size_t i = 0; i < n; i++)
        cs_kpi_review_undo_rec(r, &undo[i], &recs[i]);
    cs_kpi_change change = {recs, n, NULL, NULL, NULL};
    csvc_status rc = cs_kpi_review_notify(r, CSVC_KPI_RATINGS_IMPORTED, NULL, NULL, &change);
    cs_free(&r->alloc, recs);
    return rc;
}

static csvc_status import_from(csvc_kpi_review *r, cs_csv *csv, cs_clock naive_clock)
{
    size_t nraters = r->raters.count, nundo = 0, cap_undo = 0;
    cs_kpi_undo *undo = NULL;
    int col[NCOLS];
    csvc_status rc = cs_csv_map_header(csv, rating_columns, NCOLS, 0, col, &r->err);
    if (rc == CSVC_OK) {
        row_ctx c = {r, NULL, col, naive_clock};
        cs_csv_record rec;
        int more;
        while ((more = cs_csv_next(csv, &rec, &r->err)) == 1) {
            c.rec = &rec;
            if (cs_grow(&r->alloc, (void **)&undo, &cap_undo, nundo + 1, sizeof *undo)) {
                rc = cs_fail(&r->err, CSVC_E_NOMEM, "ratings import: out of memory");
                break;
            }
            if ((rc = apply_row(&c, &undo[nundo])) != CSVC_OK)
                break;
            nundo++;
        }
        if (more < 0)
            rc = (csvc_status)more;
    }
    if (rc == CSVC_OK)
        rc = notify_import(r, undo, nundo);
    if (rc != CSVC_OK)
        cs_kpi_review_undo(r, undo, nundo, nraters);
    else
        cs_err_clear(&r->err);
    cs_free(&r->alloc, undo);
    cs_csv_close(csv);
    return rc;
}

static csvc_status closed(csvc_kpi_review *r)
{
    return cs_fail(&r->err, CSVC_E_CLOSED, "review '%s' is closed: ratings import refused", r->id);
}

/* Journal steps 1 and 5 around the import of a file or buffer. */
static csvc_status import_source(csvc_kpi_review *r, const char *path, const char *data,
                                 size_t size, const csvc_import_options *options)
{
    cs_import imp;
    csvc_status rc = cs_import_resolve(&r->err, "ratings import", options, &r->alloc, &imp);
    if (rc != CSVC_OK)
        return rc;
    if ((rc = cs_kpi_review_begin_change(r, "ratings import")) != CSVC_OK) {
        cs_import_release(&imp);
        return rc;
    }
    if (r->closed) {
        cs_import_release(&imp);
        return cs_kpi_review_end_change(r, closed(r));
    }
    cs_csv *csv;
    rc = cs_csv_open_as(&r->alloc, path, data, size, imp.encoding, &csv, &r->err);
    /* Ratings come from people in any team: a naive time is UTC unless told. */
    if (rc == CSVC_OK)
        rc = import_from(r, csv, cs_import_clock(&imp, (cs_clock){0, NULL}));
    cs_import_release(&imp);
    return cs_kpi_review_end_change(r, rc);
}

csvc_status csvc_kpi_review_import_ratings_csv_opts(csvc_kpi_review *r, const char *path,
                                                    const csvc_import_options *options)
{
    if (!r || !path)
        return cs_fail(r ? &r->err : NULL, CSVC_E_NULL, "ratings import: %s is NULL",
                       r ? "path" : "review");
    return import_source(r, path, NULL, 0, options);
}

csvc_status csvc_kpi_review_import_ratings_csv_buffer_opts(csvc_kpi_review *r, const char *data,
                                                           size_t size,
                                                           const csvc_import_options *options)
{
    if (!r || (!data && size))
        return cs_fail(r ? &r->err : NULL, CSVC_E_NULL, "ratings import: %s is NULL",
                       r ? "data" : "review");
    return import_source(r, NULL, data, size, options);
}

csvc_status csvc_kpi_review_import_ratings_csv(csvc_kpi_review *r, const char *path)
{
    return csvc_kpi_review_import_ratings_csv_opts(r, path, NULL);
}

csvc_status csvc_kpi_review_import_ratings_csv_buffer(csvc_kpi_review *r, const char *data,
                                                      size_t size)
{
    return csvc_kpi_review_import_ratings_csv_buffer_opts(r, data, size, NULL);
}
