/* Metric values from CSV (csvc_incentive_inputs_import_csv()): a header of
 * agent_id and metric names, one row per agent. Every value is checked
 * before any is set, so a bad file changes nothing. */
#include "incentive_internal.h"

#include "csv.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_METRICS 64

typedef struct staged {
    uint32_t agent, metric; /* metric: index into the header's metrics */
    double value;
} staged;

typedef struct importer {
    csvc_incentive_inputs *in;
    const char *fn;
    cs_csv *csv;
    char *names[MAX_METRICS];
    uint32_t column[MAX_METRICS]; /* the inputs' metric index */
    size_t nmetrics;
    staged *rows;
    size_t nrows, cap;
    uint8_t *seen; /* per agent: a row already named it */
} importer;

static csvc_status read_header(importer *im)
{
    csvc_incentive_inputs *in = im->in;
    cs_csv_record rec;
    int got = cs_csv_next(im->csv, &rec, &in->err);
    if (got < 0)
        return (csvc_status)got;
    if (got == 0 || rec.count < 2 || strcmp(rec.fields[0].ptr, "agent_id") != 0)
        return cs_fail(&in->err, CSVC_E_PARSE,
                       "%s: line 1: the header must be agent_id and one or more metric names",
                       im->fn);
    if (rec.count - 1 > MAX_METRICS)
        return cs_fail(&in->err, CSVC_E_PARSE, "%s: line 1: more than %d metric columns", im->fn,
                       MAX_METRICS);
    for (size_t c = 1; c < rec.count; c++) {
        const char *name = rec.fields[c].ptr;
        if (!cs_inc_metric_name_valid(name))
            return cs_csv_fail_field(&in->err, CSVC_E_INVALID, rec.line, c + 1, name,
                                     "not a metric name (letters, digits, _.:-)");
        for (size_t k = 0; k < im->nmetrics; k++)
            if (strcmp(im->names[k], name) == 0)
                return cs_csv_fail_field(&in->err, CSVC_E_PARSE, rec.line, c + 1, name,
                                         "a second column of that metric");
        if (!(im->names[im->nmetrics] = cs_malloc(&in->alloc, rec.fields[c].len + 1)))
            return cs_fail(&in->err, CSVC_E_NOMEM, "%s: out of memory", im->fn);
        memcpy(im->names[im->nmetrics++], name, rec.fields[c].len + 1);
    }
    return CSVC_OK;
}

static csvc_status stage(importer *im, uint32_t agent, uint32_t metric, double value)
{
    if (cs_grow(&im->in->alloc, (void **)&im->rows, &im->cap, im->nrows + 1, sizeof *im->rows))
        return cs_fail(&im->in->err, CSVC_E_NOMEM, "%s: out of memory", im->fn);
    im->rows[im->nrows++] = (staged){agent, metric, value};
    return CSVC_OK;
}

static csvc_status read_row(importer *im, const cs_csv_record *rec)
{
    csvc_incentive_inputs *in = im->in;
    const char *id = rec->fields[0].ptr;
    uint32_t a = cs_strpool_find(&in->agents, id);
    if (a == CS_NONE)
        return cs_csv_fail_field(&in->err, CSVC_E_NOTFOUND, rec->line, 1, "agent_id",
                                 "agent '%.64s' is not in the inputs", id);
    if (im->seen[a])
        return cs_csv_fail_field(&in->err, CSVC_E_EXISTS, rec->line, 1, "agent_id",
                                 "a second row of agent '%.64s'", id);
    im->seen[a] = 1;
    for (size_t c = 1; c < rec->count; c++) {
        const char *text = rec->fields[c].ptr;
        double v;
        if (!*text)
            continue; /* left missing */
        if (!cs_parse_decimal_text(text, &v))
            return cs_csv_fail_field(&in->err, CSVC_E_PARSE, rec->line, c + 1, im->names[c - 1],
                                     "'%.40s' is not a number", text);
        if (fabs(v) > CSVC_INCENTIVE_METRIC_MAX)
            return cs_csv_fail_field(&in->err, CSVC_E_RANGE, rec->line, c + 1, im->names[c - 1],
                                     "%g is beyond +-1e12", v);
        csvc_status rc = stage(im, a, (uint32_t)(c - 1), v);
        if (rc != CSVC_OK)
            return rc;
    }
    return CSVC_OK;
}

static csvc_status run(importer *im, const char *path, const char *data, size_t size)
{
    csvc_incentive_inputs *in = im->in;
    csvc_status rc = cs_csv_open(&in->alloc, path, data, size, &im->csv, &in->err);
    if (rc != CSVC_OK)
        return rc;
    if ((rc = read_header(im)) != CSVC_OK)
        return rc;
    if (!(im->seen = cs_calloc(&in->alloc, in->agents.count ? in->agents.count : 1, 1)))
        return cs_fail(&in->err, CSVC_E_NOMEM, "%s: out of memory", im->fn);
    cs_csv_record rec;
    int got;
    while ((got = cs_csv_next(im->csv, &rec, &in->err)) > 0) {
        if (rec.count != im->nmetrics + 1)
            return cs_fail(&in->err, CSVC_E_PARSE, "%s: line %llu: expected %zu fields, found %zu",
                           im->fn, (unsigned long long)rec.line, im->nmetrics + 1, rec.count);
        if ((rc = read_row(im, &rec)) != CSVC_OK)
            return rc;
    }
    if (got < 0)
        return (csvc_status)got;
    /* The columns first (the only step that can fail), then the values. */
    for (size_t k = 0; k < im->nmetrics; k++)
        if ((rc = cs_inc_metric_index(in, im->fn, im->names[k], &im->column[k])) != CSVC_OK)
            return rc;
    for (size_t i = 0; i < im->nrows; i++)
        in->values[im->column[im->rows[i].metric]][im->rows[i].agent] =
            cs_inc_micro(im->rows[i].value);
    return CSVC_OK;
}

static csvc_status import(csvc_incentive_inputs *in, const char *fn, const char *path,
                          const char *data, size_t size)
{
    importer im;
    memset(&im, 0, sizeof im);
    im.in = in;
    im.fn = fn;
    csvc_status rc = run(&im, path, data, size);
    if (im.csv)
        cs_csv_close(im.csv);
    for (size_t k = 0; k < im.nmetrics; k++)
        cs_free(&in->alloc, im.names[k]);
    cs_free(&in->alloc, im.rows);
    cs_free(&in->alloc, im.seen);
    if (rc != CSVC_OK && !strstr(in->err.msg, fn)) {
        char why[CS_ERRMSG_MAX / 2];
        snprintf(why, sizeof why, "%s", in->err.msg);
        return cs_fail(&in->err, rc, "%s: %s", fn, why);
    }
    return rc;
}

csvc_status csvc_incentive_inputs_import_csv(csvc_incentive_inputs *inputs, const char *path)
{
    if (!inputs || !path)
        return cs_fail(inputs ? &inputs->err : NULL, CSVC_E_NULL, "inputs_import_csv: %s is NULL",
                       inputs ? "path" : "inputs");
    return import(inputs, "inputs_import_csv", path, NULL, 0);
}

csvc_status csvc_incentive_inputs_import_csv_buffer(csvc_incentive_inputs *inputs,
                                                    const char *data, size_t size)
{
    if (!inputs || (!data && size))
        return cs_fail(inputs ? &inputs->err : NULL, CSVC_E_NULL,
                       "inputs_import_csv_buffer: %s is NULL", inputs ? "data" : "inputs");
    return import(inputs, "inputs_import_csv_buffer", NULL, data, size);
}
