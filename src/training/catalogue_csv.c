/* Courses from CSV (csvc_training_import_courses_csv()): every row is
 * checked and the prerequisites ordered (a cycle is refused, naming it)
 * before the first course is added; a failure drops what was added. */
#include "training_internal.h"

#include "csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { C_ID, C_TITLE, C_KIND, C_DELIVERY, C_MINUTES, C_PASSING, C_VALIDITY, C_DIMENSIONS,
       C_PREREQS, NCOLS };

static const cs_csv_column columns[NCOLS] = {
    {"id", 1},           {"title", 1},           {"kind", 1},
    {"delivery", 1},     {"minutes", 1},         {"passing_score", 1},
    {"validity_months", 0}, {"dimensions", 0},   {"prerequisites", 0},
};

#define MAX_PREREQS 32

typedef struct staged {
    csvc_course course;
    char *text; /* the row's fields, NUL-separated: id, title, prerequisites */
    char **prereq_ids;
    /* Each prerequisite resolved once: its row on the file, or -1 and its
     * course in the catalogue. */
    long prereq_row[MAX_PREREQS];
    uint32_t prereq_course[MAX_PREREQS];
    uint64_t line;
    uint32_t index;  /* once added */
    int added;
} staged;

typedef struct importer {
    csvc_training *t;
    const char *fn;
    staged *rows;
    size_t n, cap;
} importer;

static csvc_status bad(importer *im, const cs_csv_record *rec, int col, const char *fmt,
                       const char *value, csvc_status status)
{
    return cs_csv_fail_field(&im->t->err, status, rec->line, (size_t)col + 1, columns[col].name,
                             fmt, value);
}

static csvc_status integer(importer *im, const cs_csv_record *rec, const int *col, int which,
                           int32_t *out)
{
    const char *s = col[which] >= 0 ? rec->fields[col[which]].ptr : "";
    if (!*s && !columns[which].required) {
        *out = 0;
        return CSVC_OK;
    }
    if (!cs_is_integer_text(s) || strlen(s) > 9)
        return cs_csv_fail_field(&im->t->err, CSVC_E_PARSE, rec->line, (size_t)col[which] + 1,
                                 columns[which].name, "'%.20s' is not a whole number", s);
    *out = (int32_t)strtol(s, NULL, 10);
    return CSVC_OK;
}

/* Splits "a;b;c" in place into `parts` (spaces around items trimmed). */
static size_t split(char *s, char **parts, size_t max)
{
    size_t n = 0;
    while (*s && n < max) {
        char *end = strchr(s, ';');
        if (end)
            *end = '\0';
        while (*s == ' ')
            s++;
        size_t len = strlen(s);
        while (len && s[len - 1] == ' ')
            s[--len] = '\0';
        if (*s)
            parts[n++] = s;
        if (!end)
            break;
        s = end + 1;
    }
    return n;
}

static csvc_status stage_row(importer *im, const cs_csv_record *rec, const int *col)
{
    csvc_training *t = im->t;
    if (cs_grow(&t->alloc, (void **)&im->rows, &im->cap, im->n + 1, sizeof *im->rows))
        return cs_fail(&t->err, CSVC_E_NOMEM, "%s: out of memory", im->fn);
    staged *s = &im->rows[im->n];
    memset(s, 0, sizeof *s);
    s->line = rec->line;
    csvc_course_init(&s->course);
    const char *id = rec->fields[col[C_ID]].ptr, *title = rec->fields[col[C_TITLE]].ptr;
    const char *pre = col[C_PREREQS] >= 0 ? rec->fields[col[C_PREREQS]].ptr : "";
    size_t lid = strlen(id), ltitle = strlen(title), lpre = strlen(pre);
    s->text = cs_malloc(&t->alloc, lid + ltitle + lpre + 3);
    s->prereq_ids = cs_malloc(&t->alloc, MAX_PREREQS * sizeof *s->prereq_ids);
    if (!s->text || !s->prereq_ids) {
        cs_free(&t->alloc, s->text);
        cs_free(&t->alloc, s->prereq_ids);
        return cs_fail(&t->err, CSVC_E_NOMEM, "%s: out of memory", im->fn);
    }
    im->n++; /* owned by the importer from here */
    memcpy(s->text, id, lid + 1);
    memcpy(s->text + lid + 1, title, ltitle + 1);
    char *pre_copy = s->text + lid + ltitle + 2;
    memcpy(pre_copy, pre, lpre + 1);
    s->course.id = s->text;
    s->course.title = s->text + lid + 1;
    csvc_status rc;
    int k;
    if (csvc_course_kind_parse(rec->fields[col[C_KIND]].ptr, (csvc_course_kind *)&k) != CSVC_OK)
        return bad(im, rec, col[C_KIND], "unknown kind '%.40s'", rec->fields[col[C_KIND]].ptr,
                   CSVC_E_INVALID);
    s->course.kind = (csvc_course_kind)k;
    if (csvc_delivery_parse(rec->fields[col[C_DELIVERY]].ptr, (csvc_delivery *)&k) != CSVC_OK)
        return bad(im, rec, col[C_DELIVERY], "unknown delivery '%.40s'",
                   rec->fields[col[C_DELIVERY]].ptr, CSVC_E_INVALID);
    s->course.delivery = (csvc_delivery)k;
    if ((rc = integer(im, rec, col, C_MINUTES, &s->course.minutes)) != CSVC_OK ||
        (rc = integer(im, rec, col, C_PASSING, &s->course.passing_score)) != CSVC_OK ||
        (rc = integer(im, rec, col, C_VALIDITY, &s->course.validity_months)) != CSVC_OK)
        return rc;
    if (col[C_DIMENSIONS] >= 0) {
        char dims[256];
        if (rec->fields[col[C_DIMENSIONS]].len >= sizeof dims)
            return bad(im, rec, col[C_DIMENSIONS], "longer than %s bytes", "255", CSVC_E_RANGE);
        snprintf(dims, sizeof dims, "%s", rec->fields[col[C_DIMENSIONS]].ptr);
        char *parts[sizeof dims / 2 + 1]; /* every item is at least one byte and a ';' */
        size_t nd = split(dims, parts, sizeof parts / sizeof parts[0]);
        for (size_t i = 0; i < nd; i++) {
            csvc_kpi_dimension d;
            if (csvc_kpi_dimension_parse(parts[i], &d) != CSVC_OK)
                return bad(im, rec, col[C_DIMENSIONS], "unknown KPI dimension '%.40s'", parts[i],
                           CSVC_E_INVALID);
            s->course.dimensions |= 1u << d;
        }
    }
    size_t separators = 0;
    for (const char *p = pre_copy; *p; p++)
        separators += *p == ';';
    if (separators >= MAX_PREREQS)
        return bad(im, rec, col[C_PREREQS], "more than %s prerequisites", "32", CSVC_E_RANGE);
    size_t nprereqs = split(pre_copy, s->prereq_ids, MAX_PREREQS);
    s->course.prerequisites = (const char *const *)s->prereq_ids;
    /* The course's own rules, with the line; its prerequisites are
     * resolved later, against the file too. */
    if ((rc = cs_training_check_course(t, im->fn, &s->course)) != CSVC_OK) {
        char why[CS_ERRMSG_MAX / 2];
        snprintf(why, sizeof why, "%.*s", (int)sizeof why - 1, t->err.msg);
        return cs_fail(&t->err, rc, "line %llu: %s", (unsigned long long)rec->line, why);
    }
    s->course.nprerequisites = nprereqs;
    return CSVC_OK;
}

/* The staged row with id `id`, or -1. */
static long find_staged(const importer *im, const char *id)
{
    for (size_t i = 0; i < im->n; i++)
        if (strcmp(im->rows[i].course.id, id) == 0)
            return (long)i;
    return -1;
}

/* Adds the rows in an order where every prerequisite comes first. */
static csvc_status add_in_order(importer *im)
{
    csvc_training *t = im->t;
    uint32_t prereqs[MAX_PREREQS];
    size_t added = 0;
    for (int progress = 1; progress && added < im->n;) {
        progress = 0;
        for (size_t i = 0; i < im->n; i++) {
            staged *s = &im->rows[i];
            if (s->added)
                continue;
            int ready = 1;
            for (size_t p = 0; p < s->course.nprerequisites && ready; p++) {
                long j = s->prereq_row[p];
                if (j >= 0 && !im->rows[j].added)
                    ready = 0;
                else
                    prereqs[p] = j >= 0 ? im->rows[j].index : s->prereq_course[p];
            }
            if (!ready)
                continue;
            s->index = (uint32_t)t->course_ids.count;
            csvc_status rc = cs_training_put_course(t, im->fn, &s->course, prereqs);
            if (rc != CSVC_OK)
                return rc;
            s->added = 1;
            added++;
            progress = 1;
        }
    }
    if (added == im->n)
        return CSVC_OK;
    char ids[160] = "";
    for (size_t i = 0, len = 0; i < im->n && len < sizeof ids - 70; i++)
        if (!im->rows[i].added)
            len += (size_t)snprintf(ids + len, sizeof ids - len, "%s'%.60s'", len ? ", " : "",
                                    im->rows[i].course.id);
    return cs_fail(&t->err, CSVC_E_INVALID, "%s: the prerequisites of %s form a cycle", im->fn,
                   ids);
}

/* Every prerequisite is in the catalogue or on the file (resolved here);
 * ids unique on it. */
static csvc_status check_references(importer *im)
{
    csvc_training *t = im->t;
    for (size_t i = 0; i < im->n; i++) {
        staged *s = &im->rows[i];
        if (find_staged(im, s->course.id) != (long)i)
            return cs_fail(&t->err, CSVC_E_EXISTS, "%s: line %llu: course '%s' is on the file twice",
                           im->fn, (unsigned long long)s->line, s->course.id);
        for (size_t p = 0; p < s->course.nprerequisites; p++) {
            const char *id = s->prereq_ids[p];
            s->prereq_row[p] = find_staged(im, id);
            s->prereq_course[p] = cs_strpool_find(&t->course_ids, id);
            if (s->prereq_row[p] < 0 && s->prereq_course[p] == CS_NONE)
                return cs_fail(&t->err, CSVC_E_INVALID,
                               "%s: line %llu, column prerequisites: course '%.64s' is neither in "
                               "the catalogue nor on the file",
                               im->fn, (unsigned long long)s->line, id);
            for (size_t q = 0; q < p; q++)
                if (strcmp(s->prereq_ids[q], id) == 0)
                    return cs_fail(&t->err, CSVC_E_INVALID,
                                   "%s: line %llu, column prerequisites: '%.64s' twice", im->fn,
                                   (unsigned long long)s->line, id);
            if (strcmp(id, s->course.id) == 0)
                return cs_fail(&t->err, CSVC_E_INVALID,
                               "%s: the prerequisites of '%s' form a cycle", im->fn, id);
        }
    }
    return CSVC_OK;
}

static csvc_status import(csvc_training *t, const char *fn, const char *path, const char *data,
                          size_t size)
{
    importer im = {t, fn, NULL, 0, 0};
    cs_csv *csv = NULL;
    int col[NCOLS];
    size_t before = t->course_ids.count;
    csvc_status rc = cs_journal_group_begin(&t->journal);
    if (rc != CSVC_OK)
        return cs_fail(&t->err, rc, "%s: the store cannot take the import: %s", fn,
                       csvc_last_errmsg());
    rc = cs_csv_open(&t->alloc, path, data, size, &csv, &t->err);
    if (rc == CSVC_OK)
        rc = cs_csv_map_header(csv, columns, NCOLS, 0, col, &t->err);
    cs_csv_record rec;
    int more = 0;
    while (rc == CSVC_OK && (more = cs_csv_next(csv, &rec, &t->err)) == 1)
        rc = stage_row(&im, &rec, col);
    if (rc == CSVC_OK && more < 0)
        rc = (csvc_status)more;
    if (rc == CSVC_OK)
        rc = check_references(&im);
    if (rc == CSVC_OK)
        rc = add_in_order(&im);
    for (size_t i = before; i < t->course_ids.count && rc == CSVC_OK; i++)
        rc = cs_training_log(t, cs_training_course_body(t, (uint32_t)i));
    csvc_status end = cs_journal_group_end(&t->journal, rc == CSVC_OK);
    if (rc == CSVC_OK)
        rc = end;
    if (rc != CSVC_OK)
        cs_training_drop_courses(t, before);
    for (size_t i = 0; i < im.n; i++) {
        cs_free(&t->alloc, im.rows[i].text);
        cs_free(&t->alloc, im.rows[i].prereq_ids);
    }
    cs_free(&t->alloc, im.rows);
    if (csv)
        cs_csv_close(csv);
    return rc;
}

csvc_status csvc_training_import_courses_csv(csvc_training *t, const char *path)
{
    if (!t || !path)
        return cs_fail(t ? &t->err : NULL, CSVC_E_NULL, "training_import_courses_csv: %s is NULL",
                       t ? "path" : "training");
    return import(t, "training_import_courses_csv", path, NULL, 0);
}

csvc_status csvc_training_import_courses_csv_buffer(csvc_training *t, const char *data,
                                                    size_t size)
{
    if (!t || (!data && size))
        return cs_fail(t ? &t->err : NULL, CSVC_E_NULL,
                       "training_import_courses_csv_buffer: %s is NULL", t ? "data" : "training");
    return import(t, "training_import_courses_csv_buffer", NULL, data, size);
}
