/* KPI models from and to JSON (schema: examples/data/kpi_model.schema.json).
 *
 * The loader walks the document with jansson and feeds the same checked
 * setters as the C API, with a prefix naming the JSON path, so a bad value
 * reads "kpis[3].weight: must be positive (got 0)". Unknown fields, and
 * fields that do not apply to a KPI's source, are errors. Jansson allocates
 * the parsed document with its own allocator; the model itself uses the
 * caller's. */
#include "kpi_internal.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct loader {
    csvc_kpi_model *m;
} loader;

/* Reports a document error: "<path>: <reason>". */
static csvc_status fail_at(csvc_status status, const char *path, const char *fmt, ...)
    CS_PRINTF(3, 4);

static csvc_status fail_at(csvc_status status, const char *path, const char *fmt, ...)
{
    char reason[CS_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    return cs_fail(NULL, status, "%s: %s", path, reason);
}

static void join(char *out, size_t size, const char *base, const char *field)
{
    snprintf(out, size, "%.160s%s%.64s", base, *base ? "." : "", field);
}

/* Rejects keys outside `allowed` (NULL-terminated). */
static csvc_status only_keys(json_t *obj, const char *path, const char *const *allowed)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        int ok = 0;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strcmp(key, *a) == 0;
        if (!ok) {
            char where[256];
            join(where, sizeof where, path, key);
            return fail_at(CSVC_E_PARSE, where, "unknown field");
        }
    }
    return CSVC_OK;
}

static csvc_status get_number(json_t *obj, const char *path, const char *key, int required,
                              double *out, int *present)
{
    json_t *v = json_object_get(obj, key);
    char where[256];
    join(where, sizeof where, path, key);
    if (present)
        *present = v != NULL;
    if (!v)
        return required ? fail_at(CSVC_E_PARSE, where, "required") : CSVC_OK;
    if (!json_is_number(v))
        return fail_at(CSVC_E_PARSE, where, "expected a number");
    *out = json_number_value(v);
    return CSVC_OK;
}

static csvc_status get_int(json_t *obj, const char *path, const char *key, int32_t *out)
{
    json_t *v = json_object_get(obj, key);
    char where[256];
    join(where, sizeof where, path, key);
    if (!v)
        return CSVC_OK;
    if (!json_is_integer(v))
        return fail_at(CSVC_E_PARSE, where, "expected an integer");
    json_int_t i = json_integer_value(v);
    if (i < INT32_MIN || i > INT32_MAX)
        return fail_at(CSVC_E_RANGE, where, "%lld is out of range", (long long)i);
    *out = (int32_t)i;
    return CSVC_OK;
}

static csvc_status get_string(json_t *obj, const char *path, const char *key, int required,
                              const char **out)
{
    json_t *v = json_object_get(obj, key);
    char where[256];
    join(where, sizeof where, path, key);
    if (!v)
        return required ? fail_at(CSVC_E_PARSE, where, "required") : CSVC_OK;
    if (!json_is_string(v))
        return fail_at(CSVC_E_PARSE, where, "expected a string");
    *out = json_string_value(v);
    return CSVC_OK;
}

/* A string that must be one of `names` (index into it). */
static csvc_status get_enum(json_t *obj, const char *path, const char *key, int required,
                            const char *const *names, int count, int *out)
{
    const char *s = NULL;
    csvc_status rc = get_string(obj, path, key, required, &s);
    if (rc != CSVC_OK || !s)
        return rc;
    for (int i = 0; i < count; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = i;
            return CSVC_OK;
        }
    char where[256], list[200] = "";
    join(where, sizeof where, path, key);
    for (int i = 0; i < count; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", names[i]);
    return fail_at(CSVC_E_INVALID, where, "unknown value '%.64s' (%s)", s, list);
}

static const char *const group_names[] = {"self", "peer", "supervisor", "subordinate", "customer"};
static const char *const dimension_names[] = {"quality", "efficiency", "skill", "teamwork",
                                              "innovation"};
static const char *const aggregation_names[] = {"mean", "median", "trimmed_mean"};
static const char *const missing_names[] = {"renormalise", "zero", "incomplete", "renormalize"};
static const char *const scale_names[] = {"1-5", "0-100"};
static const char *const source_names[] = {"objective", "rated"};
static const char *const direction_names[] = {"higher", "lower"};
static const char *const method_names[] = {"linear", "bands"};
static const char *const scheme_names[] = {"letters", "stars"};

/* ---- sections ------------------------------------------------------------ */

static csvc_status load_group(loader *L, const char *name, int g, json_t *obj)
{
    static const char *const keys[] = {"weight",    "aggregation", "min_count",
                                       "anonymity", "missing",     NULL};
    char path[64];
    snprintf(path, sizeof path, "groups.%s", name);
    if (!json_is_object(obj))
        return fail_at(CSVC_E_PARSE, path, "expected an object");
    csvc_rater_group_config c = L->m->groups[g];
    int agg = (int)c.aggregation, missing = (int)c.missing;
    csvc_status rc;
    if ((rc = only_keys(obj, path, keys)) != CSVC_OK ||
        (rc = get_number(obj, path, "weight", 0, &c.weight, NULL)) != CSVC_OK ||
        (rc = get_enum(obj, path, "aggregation", 0, aggregation_names, 3, &agg)) != CSVC_OK ||
        (rc = get_int(obj, path, "min_count", &c.min_count)) != CSVC_OK ||
        (rc = get_int(obj, path, "anonymity", &c.anonymity)) != CSVC_OK ||
        (rc = get_enum(obj, path, "missing", 0, missing_names, 4, &missing)) != CSVC_OK)
        return rc;
    c.aggregation = (csvc_aggregation)agg;
    c.missing = (csvc_missing_policy)(missing == 3 ? 0 : missing);
    char prefix[80];
    snprintf(prefix, sizeof prefix, "%s.", path);
    return cs_kpi_model_group(L->m, (csvc_rater_group)g, &c, prefix);
}

static csvc_status load_groups(loader *L, json_t *obj)
{
    if (!obj)
        return CSVC_OK;
    if (!json_is_object(obj))
        return fail_at(CSVC_E_PARSE, "groups", "expected an object");
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        int g = -1;
        for (int i = 0; i < CS_NGROUPS; i++)
            if (strcmp(key, group_names[i]) == 0)
                g = i;
        if (g < 0) {
            char where[128];
            snprintf(where, sizeof where, "groups.%.64s", key);
            return fail_at(CSVC_E_PARSE, where,
                           "unknown rater group (self, peer, supervisor, subordinate, customer)");
        }
        csvc_status rc = load_group(L, key, g, value);
        if (rc != CSVC_OK)
            return rc;
    }
    return CSVC_OK;
}

/* A fixed-length array of numbers. */
static csvc_status get_numbers(json_t *obj, const char *path, const char *key, double *out,
                               size_t n)
{
    json_t *v = json_object_get(obj, key);
    char where[256];
    join(where, sizeof where, path, key);
    if (!v)
        return CSVC_OK;
    if (!json_is_array(v) || json_array_size(v) != n)
        return fail_at(CSVC_E_PARSE, where, "expected an array of %zu numbers", n);
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(v, i);
        if (!json_is_number(x)) {
            char item[280];
            snprintf(item, sizeof item, "%s[%zu]", where, i);
            return fail_at(CSVC_E_PARSE, item, "expected a number");
        }
        out[i] = json_number_value(x);
    }
    return CSVC_OK;
}

static csvc_status load_grading(loader *L, json_t *obj)
{
    static const char *const keys[] = {"scheme", "thresholds", "forced", "shares", NULL};
    if (!obj)
        return CSVC_OK;
    if (!json_is_object(obj))
        return fail_at(CSVC_E_PARSE, "grading", "expected an object");
    csvc_kpi_grading g = L->m->grading;
    int scheme = (int)g.scheme;
    csvc_status rc;
    if ((rc = only_keys(obj, "grading", keys)) != CSVC_OK ||
        (rc = get_enum(obj, "grading", "scheme", 0, scheme_names, 2, &scheme)) != CSVC_OK ||
        (rc = get_numbers(obj, "grading", "thresholds", g.thresholds, 4)) != CSVC_OK ||
        (rc = get_numbers(obj, "grading", "shares", g.shares, 5)) != CSVC_OK)
        return rc;
    json_t *forced = json_object_get(obj, "forced");
    if (forced && !json_is_boolean(forced))
        return fail_at(CSVC_E_PARSE, "grading.forced", "expected true or false");
    g.forced = forced ? json_is_true(forced) : g.forced;
    g.scheme = (csvc_grade_scheme)scheme;
    return cs_kpi_model_grading(L->m, &g, "grading.");
}

static csvc_status load_bands(json_t *v, const char *path, csvc_kpi_band *bands, uint32_t *count)
{
    char where[256];
    join(where, sizeof where, path, "bands");
    if (!json_is_array(v))
        return fail_at(CSVC_E_PARSE, where, "expected an array");
    size_t n = json_array_size(v);
    if (n == 0 || n > CSVC_KPI_BANDS_MAX)
        return fail_at(CSVC_E_RANGE, where, "needs 1..%d bands (got %zu)", CSVC_KPI_BANDS_MAX, n);
    static const char *const keys[] = {"threshold", "points", NULL};
    for (size_t i = 0; i < n; i++) {
        json_t *b = json_array_get(v, i);
        char item[280];
        snprintf(item, sizeof item, "%s[%zu]", where, i);
        if (!json_is_object(b))
            return fail_at(CSVC_E_PARSE, item, "expected an object");
        csvc_status rc;
        if ((rc = only_keys(b, item, keys)) != CSVC_OK ||
            (rc = get_number(b, item, "threshold", 1, &bands[i].threshold, NULL)) != CSVC_OK ||
            (rc = get_number(b, item, "points", 1, &bands[i].points, NULL)) != CSVC_OK)
            return rc;
    }
    *count = (uint32_t)n;
    return CSVC_OK;
}

static csvc_status load_normalise(json_t *kpi, const char *path, csvc_kpi_def *d,
                                  csvc_kpi_band *bands)
{
    char where[256];
    join(where, sizeof where, path, "normalise");
    json_t *n = json_object_get(kpi, "normalise");
    if (!n)
        return fail_at(CSVC_E_PARSE, where, "required for an objective KPI");
    if (!json_is_object(n))
        return fail_at(CSVC_E_PARSE, where, "expected an object");
    int method = 0;
    csvc_status rc = get_enum(n, where, "method", 1, method_names, 2, &method);
    if (rc != CSVC_OK)
        return rc;
    d->normalise = (csvc_kpi_normalise)method;
    if (d->normalise == CSVC_NORM_LINEAR) {
        static const char *const keys[] = {"method", "floor", "target", NULL};
        if ((rc = only_keys(n, where, keys)) != CSVC_OK ||
            (rc = get_number(n, where, "floor", 1, &d->floor, NULL)) != CSVC_OK ||
            (rc = get_number(n, where, "target", 1, &d->target, NULL)) != CSVC_OK)
            return rc;
        return CSVC_OK;
    }
    static const char *const keys[] = {"method", "bands", NULL};
    if ((rc = only_keys(n, where, keys)) != CSVC_OK)
        return rc;
    json_t *b = json_object_get(n, "bands");
    if (!b) {
        char item[280];
        join(item, sizeof item, where, "bands");
        return fail_at(CSVC_E_PARSE, item, "required for banded normalisation");
    }
    d->bands = bands;
    return load_bands(b, where, bands, &d->band_count);
}

static csvc_status load_group_weights(json_t *kpi, const char *path, csvc_kpi_def *d)
{
    json_t *gw = json_object_get(kpi, "group_weights");
    char where[256];
    join(where, sizeof where, path, "group_weights");
    if (!gw)
        return CSVC_OK;
    if (!json_is_object(gw))
        return fail_at(CSVC_E_PARSE, where, "expected an object");
    const char *key;
    json_t *value;
    json_object_foreach(gw, key, value)
    {
        int g = -1;
        for (int i = 0; i < CS_NGROUPS; i++)
            if (strcmp(key, group_names[i]) == 0)
                g = i;
        char item[330];
        snprintf(item, sizeof item, "%s.%.64s", where, key);
        if (g < 0)
            return fail_at(CSVC_E_PARSE, item, "unknown rater group");
        if (!json_is_number(value))
            return fail_at(CSVC_E_PARSE, item, "expected a number");
        double w = json_number_value(value);
        if (!(w >= 0))
            return fail_at(CSVC_E_RANGE, item, "must be >= 0 (got %g)", w);
        d->group_weights[g] = w;
    }
    return CSVC_OK;
}

static csvc_status load_kpi(loader *L, json_t *kpi, size_t index)
{
    char path[48];
    snprintf(path, sizeof path, "kpis[%zu]", index);
    if (!json_is_object(kpi))
        return fail_at(CSVC_E_PARSE, path, "expected an object");
    static const char *const objective_keys[] = {
        "id", "name", "dimension", "weight", "source", "metric", "direction", "normalise", NULL};
    static const char *const rated_keys[] = {"id",     "name",  "dimension",     "weight",
                                             "source", "scale", "group_weights", NULL};
    csvc_kpi_def d = CSVC_KPI_DEF_INIT;
    csvc_kpi_band bands[CSVC_KPI_BANDS_MAX];
    int source = 0, dimension = 0, direction = 0, scale = 0;
    csvc_status rc;
    if ((rc = get_enum(kpi, path, "source", 1, source_names, 2, &source)) != CSVC_OK ||
        (rc = only_keys(kpi, path, source ? rated_keys : objective_keys)) != CSVC_OK ||
        (rc = get_string(kpi, path, "id", 1, &d.id)) != CSVC_OK ||
        (rc = get_string(kpi, path, "name", 0, &d.name)) != CSVC_OK ||
        (rc = get_enum(kpi, path, "dimension", 1, dimension_names, 5, &dimension)) != CSVC_OK ||
        (rc = get_number(kpi, path, "weight", 1, &d.weight, NULL)) != CSVC_OK)
        return rc;
    d.source = (csvc_kpi_source)source;
    d.dimension = (csvc_kpi_dimension)dimension;
    if (d.source == CSVC_KPI_OBJECTIVE) {
        if ((rc = get_string(kpi, path, "metric", 0, &d.metric)) != CSVC_OK ||
            (rc = get_enum(kpi, path, "direction", 0, direction_names, 2, &direction)) != CSVC_OK)
            return rc;
        d.direction = (csvc_kpi_direction)direction;
        if ((rc = load_normalise(kpi, path, &d, bands)) != CSVC_OK)
            return rc;
    } else {
        if ((rc = get_enum(kpi, path, "scale", 1, scale_names, 2, &scale)) != CSVC_OK ||
            (rc = load_group_weights(kpi, path, &d)) != CSVC_OK)
            return rc;
        d.scale = (csvc_rating_scale)scale;
    }
    char prefix[64];
    snprintf(prefix, sizeof prefix, "%s.", path);
    return cs_kpi_model_add(L->m, &d, prefix);
}

static csvc_status load_document(loader *L, json_t *root, const cs_alloc *alloc)
{
    static const char *const keys[] = {"version", "calibration", "fold_hidden_groups",
                                       "groups",  "grading",     "kpis",
                                       NULL};
    if (!json_is_object(root))
        return fail_at(CSVC_E_PARSE, "(document)", "expected an object");
    csvc_status rc = only_keys(root, "", keys);
    const char *version = NULL;
    if (rc != CSVC_OK || (rc = get_string(root, "", "version", 1, &version)) != CSVC_OK)
        return rc;
    cs_errbuf local;
    if ((rc = cs_check_id(&local, "version", version)) != CSVC_OK)
        return cs_fail_copy(NULL, rc, local.msg);
    if ((rc = cs_kpi_model_create(alloc, version, &L->m)) != CSVC_OK)
        return rc;
    json_t *cal = json_object_get(root, "calibration");
    if (cal && !json_is_boolean(cal))
        return fail_at(CSVC_E_PARSE, "calibration", "expected true or false");
    L->m->calibration = cal && json_is_true(cal);
    json_t *fold = json_object_get(root, "fold_hidden_groups");
    if (fold && !json_is_boolean(fold))
        return fail_at(CSVC_E_PARSE, "fold_hidden_groups", "expected true or false");
    L->m->fold_hidden = fold && json_is_true(fold);
    if ((rc = load_groups(L, json_object_get(root, "groups"))) != CSVC_OK ||
        (rc = load_grading(L, json_object_get(root, "grading"))) != CSVC_OK)
        return rc;
    json_t *kpis = json_object_get(root, "kpis");
    if (!kpis)
        return fail_at(CSVC_E_PARSE, "kpis", "required");
    if (!json_is_array(kpis))
        return fail_at(CSVC_E_PARSE, "kpis", "expected an array");
    if (json_array_size(kpis) == 0)
        return fail_at(CSVC_E_CONSTRAINT, "kpis",
                       "empty; a model needs at least one KPI to produce a score");
    for (size_t i = 0; i < json_array_size(kpis); i++)
        if ((rc = load_kpi(L, json_array_get(kpis, i), i)) != CSVC_OK)
            return rc;
    return CSVC_OK;
}

csvc_status csvc_kpi_model_load_json_buffer(const char *data, size_t size,
                                            const csvc_allocator *allocator, csvc_kpi_model **out)
{
    if (!out || (!data && size))
        return cs_fail(NULL, CSVC_E_NULL, "kpi model JSON: %s is NULL", out ? "data" : "out");
    cs_alloc alloc;
    csvc_status rc = cs_alloc_init(&alloc, allocator, NULL);
    if (rc != CSVC_OK)
        return rc;
    /* Editors on Windows save UTF-8 with a BOM; the CSV readers skip it too. */
    static const char bom[3] = {'\xef', '\xbb', '\xbf'};
    if (data && size >= sizeof bom && memcmp(data, bom, sizeof bom) == 0) {
        data += sizeof bom;
        size -= sizeof bom;
    }
    json_error_t e;
    json_t *root = json_loadb(data ? data : "", size, JSON_REJECT_DUPLICATES, &e);
    if (!root)
        return cs_fail(NULL, CSVC_E_PARSE, "kpi model JSON: line %d, column %d: %s", e.line,
                       e.column, e.text);
    loader L = {NULL};
    rc = load_document(&L, root, &alloc);
    json_decref(root);
    if (rc != CSVC_OK) {
        csvc_kpi_model_free(L.m);
        return rc;
    }
    cs_err_clear(&L.m->err);
    *out = L.m;
    return CSVC_OK;
}

csvc_status csvc_kpi_model_load_json(const char *path, const csvc_allocator *allocator,
                                     csvc_kpi_model **out)
{
    if (!path || !out)
        return cs_fail(NULL, CSVC_E_NULL, "kpi model JSON: %s is NULL", path ? "out" : "path");
    cs_alloc alloc;
    csvc_status rc = cs_alloc_init(&alloc, allocator, NULL);
    if (rc != CSVC_OK)
        return rc;
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        return cs_fail(NULL, e == EACCES ? CSVC_E_PERM : CSVC_E_IO, "kpi model JSON: %s: %s", path,
                       strerror(e));
    }
    cs_strbuf sb;
    cs_strbuf_init(&sb, &alloc);
    char chunk[8192];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        cs_strbuf_append(&sb, chunk, got);
    int read_failed = ferror(f);
    fclose(f);
    if (read_failed || sb.failed) {
        cs_strbuf_free(&sb);
        return cs_fail(NULL, read_failed ? CSVC_E_IO : CSVC_E_NOMEM, "kpi model JSON: %s: %s", path,
                       read_failed ? "read failed" : "out of memory");
    }
    rc = csvc_kpi_model_load_json_buffer(sb.data ? sb.data : "", sb.len, allocator, out);
    cs_strbuf_free(&sb);
    return rc;
}

/* ---- export ------------------------------------------------------------------ */

static void put_string(cs_strbuf *sb, const char *s)
{
    cs_strbuf_putc(sb, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            cs_strbuf_putc(sb, '\\');
            cs_strbuf_putc(sb, (char)c);
        } else if (c < 0x20) {
            cs_strbuf_printf(sb, "\\u%04x", c);
        } else {
            cs_strbuf_putc(sb, (char)c);
        }
    }
    cs_strbuf_putc(sb, '"');
}

/* Shortest of %.15g / %.17g that reads back exactly. */
static void put_double(cs_strbuf *sb, double x)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.15g", x);
    if (strtod(buf, NULL) != x)
        snprintf(buf, sizeof buf, "%.17g", x);
    cs_strbuf_puts(sb, buf);
}

static void export_groups(const csvc_kpi_model *m, cs_strbuf *sb)
{
    cs_strbuf_puts(sb, "  \"groups\": {\n");
    for (int g = 0; g < CS_NGROUPS; g++) {
        const csvc_rater_group_config *c = &m->groups[g];
        cs_strbuf_printf(sb, "    \"%s\": {\"weight\": ", group_names[g]);
        put_double(sb, c->weight);
        cs_strbuf_printf(sb,
                         ", \"aggregation\": \"%s\", \"min_count\": %d, \"anonymity\": %d, "
                         "\"missing\": \"%s\"}%s\n",
                         aggregation_names[c->aggregation], (int)c->min_count, (int)c->anonymity,
                         missing_names[c->missing], g + 1 < CS_NGROUPS ? "," : "");
    }
    cs_strbuf_puts(sb, "  },\n");
}

static void export_grading(const csvc_kpi_model *m, cs_strbuf *sb)
{
    const csvc_kpi_grading *g = &m->grading;
    cs_strbuf_printf(sb, "  \"grading\": {\"scheme\": \"%s\", \"thresholds\": [",
                     scheme_names[g->scheme]);
    for (int i = 0; i < 4; i++) {
        if (i)
            cs_strbuf_puts(sb, ", ");
        put_double(sb, g->thresholds[i]);
    }
    cs_strbuf_printf(sb, "], \"forced\": %s, \"shares\": [", g->forced ? "true" : "false");
    for (int i = 0; i < 5; i++) {
        if (i)
            cs_strbuf_puts(sb, ", ");
        put_double(sb, g->shares[i]);
    }
    cs_strbuf_puts(sb, "]},\n");
}

static void export_kpi(const cs_kpi *k, cs_strbuf *sb)
{
    cs_strbuf_puts(sb, "    {\"id\": ");
    put_string(sb, k->id);
    cs_strbuf_puts(sb, ", \"name\": ");
    put_string(sb, k->name);
    cs_strbuf_printf(sb, ", \"dimension\": \"%s\", \"weight\": ", dimension_names[k->dimension]);
    put_double(sb, k->weight);
    cs_strbuf_printf(sb, ", \"source\": \"%s\"", source_names[k->source]);
    if (k->source == CSVC_KPI_OBJECTIVE) {
        if (k->metric)
            cs_strbuf_printf(sb, ", \"metric\": \"%s\"", k->metric);
        cs_strbuf_printf(sb, ", \"direction\": \"%s\", \"normalise\": {\"method\": \"%s\"",
                         direction_names[k->direction], method_names[k->normalise]);
        if (k->normalise == CSVC_NORM_LINEAR) {
            cs_strbuf_puts(sb, ", \"floor\": ");
            put_double(sb, k->floor);
            cs_strbuf_puts(sb, ", \"target\": ");
            put_double(sb, k->target);
        } else {
            cs_strbuf_puts(sb, ", \"bands\": [");
            for (uint32_t i = 0; i < k->band_count; i++) {
                cs_strbuf_puts(sb, i ? ", {\"threshold\": " : "{\"threshold\": ");
                put_double(sb, k->bands[i].threshold);
                cs_strbuf_puts(sb, ", \"points\": ");
                put_double(sb, k->bands[i].points);
                cs_strbuf_putc(sb, '}');
            }
            cs_strbuf_putc(sb, ']');
        }
        cs_strbuf_puts(sb, "}}");
        return;
    }
    cs_strbuf_printf(sb, ", \"scale\": \"%s\"", scale_names[k->scale]);
    int any = 0;
    for (int g = 0; g < CS_NGROUPS; g++) {
        if (k->group_weights[g] < 0)
            continue;
        cs_strbuf_printf(sb, "%s\"%s\": ", any ? ", " : ", \"group_weights\": {", group_names[g]);
        put_double(sb, k->group_weights[g]);
        any = 1;
    }
    cs_strbuf_puts(sb, any ? "}}" : "}");
}

csvc_status csvc_kpi_model_export_json_buffer(const csvc_kpi_model *m, char **out, size_t *size)
{
    if (!m || !out || !size)
        return cs_fail(m ? (cs_errbuf *)&m->err : NULL, CSVC_E_NULL,
                       "kpi model JSON export: %s is NULL",
                       !m     ? "model"
                       : !out ? "out"
                              : "size");
    cs_strbuf sb;
    cs_strbuf_init(&sb, &m->alloc);
    cs_strbuf_puts(&sb, "{\n  \"version\": ");
    put_string(&sb, m->version);
    cs_strbuf_printf(&sb, ",\n  \"calibration\": %s,\n", m->calibration ? "true" : "false");
    if (m->fold_hidden) /* written only when on: models that never opted in read as before */
        cs_strbuf_puts(&sb, "  \"fold_hidden_groups\": true,\n");
    export_groups(m, &sb);
    export_grading(m, &sb);
    cs_strbuf_puts(&sb, "  \"kpis\": [\n");
    for (size_t i = 0; i < m->nkpis; i++) {
        export_kpi(&m->kpis[i], &sb);
        cs_strbuf_puts(&sb, i + 1 < m->nkpis ? ",\n" : "\n");
    }
    cs_strbuf_puts(&sb, "  ]\n}\n");
    if (cs_strbuf_hand_over(&sb, out, size) != CSVC_OK)
        return cs_fail((cs_errbuf *)&m->err, CSVC_E_NOMEM, "kpi model JSON export: out of memory");
    return CSVC_OK;
}
