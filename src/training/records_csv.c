/* Completions from CSV (csvc_training_import_records_csv()): every row is
 * parsed and resolved first, rows already recorded are skipped (so the
 * same export imports once), the rest are recorded in time order and
 * journaled as one change; a failure drops what was recorded. */
#include "training_internal.h"

#include "civil.h"
#include "csv.h"
#include "tz.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { R_AGENT, R_COURSE, R_TIME, R_PRE, R_POST, R_SATISFACTION, NCOLS };

static const cs_csv_column columns[NCOLS] = {
    {"agent_id", 1}, {"course_id", 1}, {"time", 1},
    {"pre", 0},      {"post", 0},      {"satisfaction", 0},
};

typedef struct staged {
    int64_t time;
    uint64_t line;
    uint32_t agent, course;
    int32_t pre, post, satisfaction;
} staged;

typedef struct importer {
    csvc_training *t;
    const char *fn;
    staged *rows;
    size_t n, cap;
} importer;

static csvc_status bad(importer *im, const cs_csv_record *rec, const int *col, int which,
                       csvc_status status, const char *reason, const char *value)
{
    return cs_csv_fail_field(&im->t->err, status, rec->line, (size_t)col[which] + 1,
                             columns[which].name, "'%.64s' %s", value, reason);
}

/* An optional score: empty is CSVC_TRAINING_NO_SCORE; ranges are checked
 * when recorded, so the message is the API's. */
static csvc_status score(importer *im, const cs_csv_record *rec, const int *col, int which,
                         int32_t *out)
{
    const char *s = col[which] >= 0 ? rec->fields[col[which]].ptr : "";
    *out = CSVC_TRAINING_NO_SCORE;
    if (!*s)
        return CSVC_OK;
    if (!cs_is_integer_text(s) || strlen(s) > 4)
        return bad(im, rec, col, which, CSVC_E_PARSE, "is not a whole number", s);
    *out = (int32_t)strtol(s, NULL, 10);
    if (*out < 0)
        return bad(im, rec, col, which, CSVC_E_RANGE, "is negative", s);
    return CSVC_OK;
}

/* ISO 8601 (at the agent's team offset when written without one) or Unix
 * seconds. */
static csvc_status parse_time(importer *im, const cs_csv_record *rec, const int *col,
                              uint32_t agent, int64_t *out)
{
    const char *s = rec->fields[col[R_TIME]].ptr;
    if (cs_is_integer_text(s) && strlen(s) <= 18) {
        long long v = strtoll(s, NULL, 10);
        if (v < CS_UNIX_MIN || v > CS_UNIX_MAX)
            return bad(im, rec, col, R_TIME, CSVC_E_RANGE, "is outside years 1..9999", s);
        *out = v;
        return CSVC_OK;
    }
    cs_clock clock = {cs_training_agent_offset(im->t, agent), NULL};
    const char *why = cs_time_parse_clock(s, strlen(s), clock, out);
    if (!why)
        return CSVC_OK;
    return cs_csv_fail_field(&im->t->err, CSVC_E_PARSE, rec->line, (size_t)col[R_TIME] + 1,
                             "time", "'%.40s' is not a time (ISO 8601 or Unix seconds): %s", s,
                             why);
}

static csvc_status stage_row(importer *im, const cs_csv_record *rec, const int *col)
{
    csvc_training *t = im->t;
    const char *agent_id = rec->fields[col[R_AGENT]].ptr;
    const char *course_id = rec->fields[col[R_COURSE]].ptr;
    staged s = {0, rec->line, 0, 0, 0, 0, 0};
    if ((s.agent = cs_roster_find_agent(t->roster, agent_id)) == CS_NONE)
        return bad(im, rec, col, R_AGENT, CSVC_E_NOTFOUND, "is not in the roster", agent_id);
    if ((s.course = cs_strpool_find(&t->course_ids, course_id)) == CS_NONE)
        return bad(im, rec, col, R_COURSE, CSVC_E_NOTFOUND, "is not in the catalogue", course_id);
    csvc_status rc = parse_time(im, rec, col, s.agent, &s.time);
    if (rc == CSVC_OK)
        rc = score(im, rec, col, R_PRE, &s.pre);
    if (rc == CSVC_OK)
        rc = score(im, rec, col, R_POST, &s.post);
    if (rc == CSVC_OK)
        rc = score(im, rec, col, R_SATISFACTION, &s.satisfaction);
    if (rc != CSVC_OK)
        return rc;
    if (cs_grow(&t->alloc, (void **)&im->rows, &im->cap, im->n + 1, sizeof *im->rows))
        return cs_fail(&t->err, CSVC_E_NOMEM, "%s: out of memory", im->fn);
    im->rows[im->n++] = s;
    return CSVC_OK;
}

/* Time order, then the file's (a stable sort). */
static int by_time(const void *pa, const void *pb)
{
    const staged *a = pa, *b = pb;
    if (a->time != b->time)
        return a->time < b->time ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

/* Whether a completion the plan held before the import equals the row. */
static int already_recorded(const csvc_training *t, const staged *s, size_t before)
{
    if (s->agent >= t->cap_agents)
        return 0;
    for (uint32_t i = t->first[s->agent]; i != CS_NONE; i = t->completions[i].next) {
        const cs_completion *c = &t->completions[i];
        if (c->time > s->time)
            break;
        if (i < before && c->time == s->time && c->course == s->course && c->pre == s->pre &&
            c->post == s->post && c->satisfaction == s->satisfaction)
            return 1;
    }
    return 0;
}

/* Records the rows the plan lacks; a refused row names its line. */
static csvc_status record_rows(importer *im, size_t before, size_t *added)
{
    csvc_training *t = im->t;
    if (im->n > 1) /* qsort() must not be given NULL */
        qsort(im->rows, im->n, sizeof *im->rows, by_time);
    for (size_t i = 0; i < im->n; i++) {
        const staged *s = &im->rows[i];
        if (already_recorded(t, s, before))
            continue;
        /* The recorder's messages start with the name it is given. */
        char where[96];
        snprintf(where, sizeof where, "%s: line %" PRIu64, im->fn, s->line);
        csvc_status rc = cs_training_record(t, where, s->agent, s->course, CS_NONE, s->time,
                                            s->pre, s->post, s->satisfaction);
        if (rc != CSVC_OK)
            return rc;
        ++*added;
    }
    return CSVC_OK;
}

static csvc_status import(csvc_training *t, const char *fn, const char *path, const char *data,
                          size_t size, size_t *added)
{
    importer im = {t, fn, NULL, 0, 0};
    cs_csv *csv = NULL;
    int col[NCOLS];
    size_t before = t->ncompletions, count = 0;
    csvc_status rc = cs_journal_group_begin(&t->journal);
    if (rc != CSVC_OK)
        return cs_fail(&t->err, rc, "%s: the store cannot take the import: %s", fn,
                       csvc_last_errmsg());
    rc = cs_csv_open(&t->alloc, path, data, size, &csv, &t->err);
    if (rc == CSVC_OK) /* unknown columns allowed: a transcript imports as it is */
        rc = cs_csv_map_header(csv, columns, NCOLS, 1, col, &t->err);
    cs_csv_record rec;
    int more = 0;
    while (rc == CSVC_OK && (more = cs_csv_next(csv, &rec, &t->err)) == 1)
        rc = stage_row(&im, &rec, col);
    if (rc == CSVC_OK && more < 0)
        rc = (csvc_status)more;
    if (rc == CSVC_OK)
        rc = record_rows(&im, before, &count);
    for (size_t i = before; i < t->ncompletions && rc == CSVC_OK; i++)
        rc = cs_training_log(t, cs_training_completion_body(t, (uint32_t)i));
    csvc_status end = cs_journal_group_end(&t->journal, rc == CSVC_OK);
    if (rc == CSVC_OK)
        rc = end;
    if (rc != CSVC_OK)
        while (t->ncompletions > before)
            cs_training_pop_completion(t);
    cs_free(&t->alloc, im.rows);
    if (csv)
        cs_csv_close(csv);
    if (rc == CSVC_OK && added)
        *added = count;
    return rc;
}

csvc_status csvc_training_import_records_csv(csvc_training *t, const char *path, size_t *added)
{
    if (!t || !path)
        return cs_fail(t ? &t->err : NULL, CSVC_E_NULL, "training_import_records_csv: %s is NULL",
                       t ? "path" : "training");
    return import(t, "training_import_records_csv", path, NULL, 0, added);
}

csvc_status csvc_training_import_records_csv_buffer(csvc_training *t, const char *data,
                                                    size_t size, size_t *added)
{
    if (!t || (!data && size))
        return cs_fail(t ? &t->err : NULL, CSVC_E_NULL,
                       "training_import_records_csv_buffer: %s is NULL", t ? "data" : "training");
    return import(t, "training_import_records_csv_buffer", NULL, data, size, added);
}
