/* KPI models: rater groups, KPIs and grading. Every setter checks first and
 * allocates before it changes anything; the checks are shared with the JSON
 * loader, which only supplies a different message prefix ("kpis[3].")
 * than the C API ("kpi 'csat': "). */
#include "kpi_internal.h"
#include "version_check.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

CS_DEFINE_INIT(csvc_rater_group_config_init, csvc_rater_group_config, CSVC_RATER_GROUP_CONFIG_INIT)

CS_DEFINE_INIT(csvc_kpi_def_init, csvc_kpi_def, CSVC_KPI_DEF_INIT)

CS_DEFINE_INIT(csvc_kpi_grading_init, csvc_kpi_grading, CSVC_KPI_GRADING_INIT)

csvc_status cs_kpi_model_create(const cs_alloc *alloc, const char *version, csvc_kpi_model **out)
{
    csvc_status rc = cs_check_id(NULL, "kpi model version", version);
    if (rc != CSVC_OK)
        return rc;
    csvc_kpi_model *m = cs_calloc(alloc, 1, sizeof *m);
    char *v = m ? cs_strdup(alloc, version) : NULL;
    if (!v) {
        cs_free(alloc, m);
        return cs_fail(NULL, CSVC_E_NOMEM, "kpi model: out of memory");
    }
    m->alloc = *alloc;
    m->version = v;
    for (int g = 0; g < CS_NGROUPS; g++) {
        csvc_rater_group_config_init(&m->groups[g]);
        if (g == CSVC_RATER_SELF || g == CSVC_RATER_SUPERVISOR)
            m->groups[g].anonymity = 1;
    }
    csvc_kpi_grading_init(&m->grading);
    cs_strmap_init(&m->kpi_ids, &m->alloc);
    *out = m;
    return CSVC_OK;
}

csvc_status csvc_kpi_model_new(const csvc_allocator *allocator, const char *version,
                               csvc_kpi_model **out)
{
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "kpi_model_new: out is NULL");
    cs_alloc alloc;
    csvc_status rc = cs_alloc_init(&alloc, allocator, NULL);
    if (rc != CSVC_OK)
        return rc;
    return cs_kpi_model_create(&alloc, version, out);
}

static void free_kpi(const cs_alloc *a, cs_kpi *k)
{
    cs_free(a, k->id);
    cs_free(a, k->name);
    cs_free(a, k->metric);
    cs_free(a, k->bands);
}

void csvc_kpi_model_free(csvc_kpi_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nkpis; i++)
        free_kpi(&m->alloc, &m->kpis[i]);
    cs_free(&m->alloc, m->kpis);
    cs_free(&m->alloc, m->version);
    cs_strmap_free(&m->kpi_ids);
    cs_alloc alloc = m->alloc;
    cs_free(&alloc, m);
}

const char *csvc_kpi_model_errmsg(const csvc_kpi_model *m)
{
    return m ? m->err.msg : "kpi model is NULL";
}

const char *csvc_kpi_model_version(const csvc_kpi_model *m)
{
    return m ? m->version : NULL;
}

static cs_errbuf *errbuf(const csvc_kpi_model *m)
{
    return (cs_errbuf *)&m->err;
}

/* ---- rater groups ---------------------------------------------------------- */

static csvc_status check_group(cs_errbuf *err, const csvc_rater_group_config *c, const char *prefix)
{
    CS_RETURN_IF_BAD_VERSION(err, c->version, CSVC_RATER_GROUP_CONFIG_VERSION, "%s", prefix);
    if (!(c->weight >= 0 && c->weight <= CSVC_KPI_WEIGHT_MAX))
        return cs_fail(err, CSVC_E_RANGE, "%sweight: must be in 0..%g (got %g)", prefix,
                       CSVC_KPI_WEIGHT_MAX, c->weight);
    if (!cs_kpi_aggregation_name(c->aggregation))
        return cs_fail(err, CSVC_E_INVALID, "%saggregation: unknown value %d", prefix,
                       (int)c->aggregation);
    if (c->min_count < 1)
        return cs_fail(err, CSVC_E_RANGE, "%smin_count: must be >= 1 (got %d)", prefix,
                       (int)c->min_count);
    if (c->anonymity < 1)
        return cs_fail(err, CSVC_E_RANGE, "%sanonymity: must be >= 1 (got %d)", prefix,
                       (int)c->anonymity);
    if (!cs_kpi_missing_name(c->missing))
        return cs_fail(err, CSVC_E_INVALID, "%smissing: unknown policy %d", prefix,
                       (int)c->missing);
    return CSVC_OK;
}

static double effective_total(const csvc_kpi_model *m, const cs_kpi *k, int g, double w_g)
{
    double total = 0;
    for (int i = 0; i < CS_NGROUPS; i++) {
        double w = k->group_weights[i] >= 0 ? k->group_weights[i]
                   : i == g                 ? w_g
                                            : m->groups[i].weight;
        total += w;
    }
    return total;
}

csvc_status cs_kpi_model_group(csvc_kpi_model *m, csvc_rater_group g,
                               const csvc_rater_group_config *c, const char *prefix)
{
    csvc_status rc = check_group(&m->err, c, prefix);
    if (rc != CSVC_OK)
        return rc;
    for (size_t i = 0; i < m->nkpis; i++) {
        const cs_kpi *k = &m->kpis[i];
        if (k->source == CSVC_KPI_RATED && !(effective_total(m, k, (int)g, c->weight) > 0))
            return cs_fail(&m->err, CSVC_E_CONSTRAINT,
                           "%sweight: %g would leave kpi '%s' with no rater group of positive "
                           "weight (it could not produce a score)",
                           prefix, c->weight, k->id);
    }
    m->groups[g] = *c;
    return CSVC_OK;
}

csvc_status csvc_kpi_model_set_group(csvc_kpi_model *m, csvc_rater_group g,
                                     const csvc_rater_group_config *c)
{
    if (!m || !c)
        return cs_fail(m ? &m->err : NULL, CSVC_E_NULL, "kpi_model_set_group: %s is NULL",
                       m ? "config" : "model");
    const char *name = csvc_rater_group_name(g);
    if (!name)
        return cs_fail(&m->err, CSVC_E_INVALID, "kpi_model_set_group: unknown rater group %d",
                       (int)g);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "group '%s': ", name);
    return cs_kpi_model_group(m, g, c, prefix);
}

csvc_status csvc_kpi_model_get_group(const csvc_kpi_model *m, csvc_rater_group g,
                                     csvc_rater_group_config *out)
{
    if (!m || !out)
        return cs_fail(m ? errbuf(m) : NULL, CSVC_E_NULL, "kpi_model_get_group: %s is NULL",
                       m ? "out" : "model");
    if (!csvc_rater_group_name(g))
        return cs_fail(errbuf(m), CSVC_E_INVALID, "kpi_model_get_group: unknown rater group %d",
                       (int)g);
    *out = m->groups[g];
    return CSVC_OK;
}

/* ---- KPIs ---------------------------------------------------------------- */

static csvc_status check_linear(cs_errbuf *err, const csvc_kpi_def *d, const char *prefix)
{
    if (!isfinite(d->floor))
        return cs_fail(err, CSVC_E_RANGE, "%snormalise.floor: must be finite", prefix);
    if (!isfinite(d->target))
        return cs_fail(err, CSVC_E_RANGE, "%snormalise.target: must be finite", prefix);
    if (d->direction == CSVC_HIGHER_IS_BETTER && !(d->floor < d->target))
        return cs_fail(err, CSVC_E_RANGE,
                       "%snormalise.target: higher is better needs floor < target (floor %g, "
                       "target %g)",
                       prefix, d->floor, d->target);
    if (d->direction == CSVC_LOWER_IS_BETTER && !(d->floor > d->target))
        return cs_fail(err, CSVC_E_RANGE,
                       "%snormalise.target: lower is better needs floor > target (floor %g, "
                       "target %g)",
                       prefix, d->floor, d->target);
    /* The score divides by the span: it must be a number. */
    if (!isfinite(d->target - d->floor))
        return cs_fail(err, CSVC_E_RANGE,
                       "%snormalise.target: the span from floor %g to target %g is too large",
                       prefix, d->floor, d->target);
    return CSVC_OK;
}

static csvc_status check_bands(cs_errbuf *err, const csvc_kpi_def *d, const char *prefix)
{
    if (d->band_count == 0 || d->band_count > CSVC_KPI_BANDS_MAX)
        return cs_fail(err, CSVC_E_RANGE, "%snormalise.bands: needs 1..%d bands (got %u)", prefix,
                       CSVC_KPI_BANDS_MAX, (unsigned)d->band_count);
    if (!d->bands)
        return cs_fail(err, CSVC_E_NULL, "%snormalise.bands: NULL", prefix);
    for (uint32_t i = 0; i < d->band_count; i++) {
        const csvc_kpi_band *b = &d->bands[i];
        if (!isfinite(b->threshold))
            return cs_fail(err, CSVC_E_RANGE, "%snormalise.bands[%u].threshold: must be finite",
                           prefix, (unsigned)i);
        if (i > 0 && !(b->threshold > d->bands[i - 1].threshold))
            return cs_fail(err, CSVC_E_RANGE,
                           "%snormalise.bands[%u].threshold: thresholds must be strictly "
                           "ascending (%g after %g)",
                           prefix, (unsigned)i, b->threshold, d->bands[i - 1].threshold);
        if (!(b->points >= 0 && b->points <= 100))
            return cs_fail(err, CSVC_E_RANGE,
                           "%snormalise.bands[%u].points: must be in 0..100 (got %g)", prefix,
                           (unsigned)i, b->points);
    }
    return CSVC_OK;
}

static csvc_status check_objective(cs_errbuf *err, const csvc_kpi_def *d, const char *prefix,
                                   int *metric)
{
    *metric = -1;
    if (d->metric && *d->metric) {
        *metric = cs_kpi_metric_find(d->metric);
        if (*metric < 0)
            return cs_fail(err, CSVC_E_NOTFOUND,
                           "%smetric: unknown metric '%.64s' (see csvc_kpi_metric_name())", prefix,
                           d->metric);
    }
    if ((unsigned)d->direction > CSVC_LOWER_IS_BETTER)
        return cs_fail(err, CSVC_E_INVALID, "%sdirection: unknown value %d", prefix,
                       (int)d->direction);
    if (d->normalise == CSVC_NORM_LINEAR)
        return check_linear(err, d, prefix);
    if (d->normalise == CSVC_NORM_BANDS)
        return check_bands(err, d, prefix);
    return cs_fail(err, CSVC_E_INVALID, "%snormalise.method: unknown value %d", prefix,
                   (int)d->normalise);
}

static csvc_status check_rated(const csvc_kpi_model *m, cs_errbuf *err, const csvc_kpi_def *d,
                               const char *prefix)
{
    if (!cs_kpi_scale_name(d->scale))
        return cs_fail(err, CSVC_E_INVALID, "%sscale: unknown value %d", prefix, (int)d->scale);
    double total = 0;
    for (int g = 0; g < CS_NGROUPS; g++) {
        double w = d->group_weights[g];
        if (!isfinite(w) || w > CSVC_KPI_WEIGHT_MAX)
            return cs_fail(err, CSVC_E_RANGE, "%sgroup_weights.%s: must be at most %g (got %g)",
                           prefix, csvc_rater_group_name((csvc_rater_group)g),
                           CSVC_KPI_WEIGHT_MAX, w);
        total += w >= 0 ? w : m->groups[g].weight;
    }
    if (!(total > 0))
        return cs_fail(err, CSVC_E_CONSTRAINT,
                       "%sgroup_weights: every rater group has weight 0; the KPI cannot produce "
                       "a score",
                       prefix);
    return CSVC_OK;
}

static csvc_status check_def(const csvc_kpi_model *m, const csvc_kpi_def *d, const char *prefix,
                             int *metric)
{
    cs_errbuf *err = errbuf(m);
    CS_RETURN_IF_BAD_VERSION(err, d->version, CSVC_KPI_DEF_VERSION, "%s", prefix);
    cs_errbuf local;
    csvc_status rc = cs_check_id(&local, "id", d->id);
    if (rc != CSVC_OK)
        return cs_fail(err, rc, "%s%s", prefix, local.msg);
    if (d->name && (rc = cs_check_text(&local, "name", d->name, CS_NAME_MAX)) != CSVC_OK)
        return cs_fail(err, rc, "%s%s", prefix, local.msg);
    if (cs_strmap_get(&m->kpi_ids, d->id, NULL))
        return cs_fail(err, CSVC_E_EXISTS, "%sid: kpi '%s' already exists", prefix, d->id);
    if (m->nkpis >= CS_KPI_MAX)
        return cs_fail(err, CSVC_E_RANGE, "%sid: a model holds at most %d KPIs", prefix,
                       CS_KPI_MAX);
    if (!csvc_kpi_dimension_name(d->dimension))
        return cs_fail(err, CSVC_E_INVALID, "%sdimension: unknown value %d", prefix,
                       (int)d->dimension);
    if (!(d->weight > 0 && d->weight <= CSVC_KPI_WEIGHT_MAX))
        return cs_fail(err, CSVC_E_RANGE, "%sweight: must be positive, at most %g (got %g)",
                       prefix, CSVC_KPI_WEIGHT_MAX, d->weight);
    if (d->source == CSVC_KPI_OBJECTIVE)
        return check_objective(err, d, prefix, metric);
    if (d->source == CSVC_KPI_RATED)
        return check_rated(m, err, d, prefix);
    return cs_fail(err, CSVC_E_INVALID, "%ssource: unknown value %d", prefix, (int)d->source);
}

/* Copies a checked definition into `k`; 0 or -1 when out of memory. */
static int copy_kpi(const cs_alloc *a, cs_kpi *k, const csvc_kpi_def *d, int metric)
{
    memset(k, 0, sizeof *k);
    int objective = d->source == CSVC_KPI_OBJECTIVE;
    k->id = cs_strdup(a, d->id);
    k->name = cs_strdup(a, d->name && *d->name ? d->name : d->id);
    if (objective && metric >= 0)
        k->metric = cs_strdup(a, d->metric);
    if (objective && d->normalise == CSVC_NORM_BANDS) {
        k->bands = cs_malloc(a, d->band_count * sizeof *k->bands);
        if (k->bands)
            memcpy(k->bands, d->bands, d->band_count * sizeof *k->bands);
    }
    if (!k->id || !k->name || (objective && metric >= 0 && !k->metric) ||
        (objective && d->normalise == CSVC_NORM_BANDS && !k->bands)) {
        free_kpi(a, k);
        memset(k, 0, sizeof *k);
        return -1;
    }
    k->dimension = d->dimension;
    k->weight = d->weight;
    k->source = d->source;
    k->metric_index = objective ? metric : -1;
    /* Fields of the other source keep neutral values, so that exports and
     * clones are canonical. */
    k->direction = objective ? d->direction : CSVC_HIGHER_IS_BETTER;
    k->normalise = objective ? d->normalise : CSVC_NORM_LINEAR;
    k->floor = objective && d->normalise == CSVC_NORM_LINEAR ? d->floor : 0.0;
    k->target = objective && d->normalise == CSVC_NORM_LINEAR ? d->target : 100.0;
    k->band_count = objective && d->normalise == CSVC_NORM_BANDS ? d->band_count : 0;
    for (uint32_t i = 0; i < k->band_count; i++)
        k->band_key[i] = cs_kpi_round6(d->bands[i].threshold);
    k->scale = objective ? CSVC_SCALE_1_5 : d->scale;
    for (int g = 0; g < CS_NGROUPS; g++)
        k->group_weights[g] = objective                 ? -1.0
                              : d->group_weights[g] < 0 ? -1.0
                                                        : d->group_weights[g];
    return 0;
}

csvc_status cs_kpi_model_add(csvc_kpi_model *m, const csvc_kpi_def *d, const char *prefix)
{
    int metric = -1;
    csvc_status rc = check_def(m, d, prefix, &metric);
    if (rc != CSVC_OK)
        return rc;
    cs_kpi k;
    if (copy_kpi(&m->alloc, &k, d, metric) ||
        cs_grow(&m->alloc, (void **)&m->kpis, &m->cap_kpis, m->nkpis + 1, sizeof *m->kpis) ||
        cs_strmap_reserve(&m->kpi_ids, 1)) {
        if (k.id)
            free_kpi(&m->alloc, &k);
        return cs_fail(&m->err, CSVC_E_NOMEM, "%sout of memory", prefix);
    }
    k.slot = k.source == CSVC_KPI_OBJECTIVE ? (uint32_t)m->nobjective++ : 0;
    m->kpis[m->nkpis] = k;
    cs_strmap_put(&m->kpi_ids, m->kpis[m->nkpis].id, (uint32_t)m->nkpis);
    m->nkpis++;
    cs_err_clear(&m->err);
    return CSVC_OK;
}

csvc_status csvc_kpi_model_add_kpi(csvc_kpi_model *m, const csvc_kpi_def *d)
{
    if (!m || !d)
        return cs_fail(m ? &m->err : NULL, CSVC_E_NULL, "kpi_model_add_kpi: %s is NULL",
                       m ? "def" : "model");
    char prefix[96];
    if (d->id && cs_check_id(NULL, "id", d->id) == CSVC_OK)
        snprintf(prefix, sizeof prefix, "kpi '%s': ", d->id);
    else
        snprintf(prefix, sizeof prefix, "kpi: ");
    return cs_kpi_model_add(m, d, prefix);
}

size_t csvc_kpi_model_kpi_count(const csvc_kpi_model *m)
{
    return m ? m->nkpis : 0;
}

csvc_status csvc_kpi_model_kpi_at(const csvc_kpi_model *m, size_t index, csvc_kpi_def *out)
{
    if (!m || !out)
        return cs_fail(m ? errbuf(m) : NULL, CSVC_E_NULL, "kpi_model_kpi_at: %s is NULL",
                       m ? "out" : "model");
    if (index >= m->nkpis)
        return cs_fail(errbuf(m), CSVC_E_RANGE,
                       "kpi_model_kpi_at: index %zu out of range (%zu KPIs)", index, m->nkpis);
    const cs_kpi *k = &m->kpis[index];
    csvc_kpi_def d = CSVC_KPI_DEF_INIT;
    d.id = k->id;
    d.name = k->name;
    d.dimension = k->dimension;
    d.weight = k->weight;
    d.source = k->source;
    d.metric = k->metric;
    d.direction = k->direction;
    d.normalise = k->normalise;
    d.floor = k->floor;
    d.target = k->target;
    d.bands = k->bands;
    d.band_count = k->band_count;
    d.scale = k->scale;
    memcpy(d.group_weights, k->group_weights, sizeof d.group_weights);
    *out = d;
    return CSVC_OK;
}

csvc_status csvc_kpi_model_find_kpi(const csvc_kpi_model *m, const char *id, size_t *index)
{
    if (!m || !id || !index)
        return cs_fail(m ? errbuf(m) : NULL, CSVC_E_NULL, "kpi_model_find_kpi: %s is NULL",
                       !m    ? "model"
                       : !id ? "id"
                             : "index");
    uint32_t v;
    if (!cs_strmap_get(&m->kpi_ids, id, &v))
        return cs_fail(errbuf(m), CSVC_E_NOTFOUND, "kpi '%.64s': not in model '%s'", id,
                       m->version);
    *index = v;
    return CSVC_OK;
}

/* ---- grading and calibration ---------------------------------------------- */

csvc_status cs_kpi_model_grading(csvc_kpi_model *m, const csvc_kpi_grading *g, const char *prefix)
{
    cs_errbuf *err = &m->err;
    CS_RETURN_IF_BAD_VERSION(err, g->version, CSVC_KPI_GRADING_VERSION, "%s", prefix);
    if ((unsigned)g->scheme > CSVC_GRADE_STARS)
        return cs_fail(err, CSVC_E_INVALID, "%sscheme: unknown value %d", prefix, (int)g->scheme);
    for (int i = 0; i < 4; i++) {
        double t = g->thresholds[i];
        if (!(t >= 0 && t <= 100))
            return cs_fail(err, CSVC_E_RANGE, "%sthresholds[%d]: must be in 0..100 (got %g)",
                           prefix, i, t);
        if (i > 0 && !(t < g->thresholds[i - 1]))
            return cs_fail(err, CSVC_E_RANGE,
                           "%sthresholds[%d]: thresholds must be strictly descending (%g after %g)",
                           prefix, i, t, g->thresholds[i - 1]);
    }
    if (g->forced != 0 && g->forced != 1)
        return cs_fail(err, CSVC_E_INVALID, "%sforced: must be 0 or 1 (got %d)", prefix,
                       (int)g->forced);
    double sum = 0;
    for (int i = 0; i < 5; i++) {
        if (!(g->shares[i] >= 0 && g->shares[i] <= 100))
            return cs_fail(err, CSVC_E_RANGE,
                           "%sforced_distribution[%d]: must be in 0..100 (got %g)", prefix, i,
                           g->shares[i]);
        sum += g->shares[i];
    }
    if (fabs(sum - 100.0) > 1e-9)
        return cs_fail(err, CSVC_E_RANGE,
                       "%sforced_distribution: shares must add up to 100 (got %.10g)", prefix, sum);
    m->grading = *g;
    return CSVC_OK;
}

csvc_status csvc_kpi_model_set_grading(csvc_kpi_model *m, const csvc_kpi_grading *g)
{
    if (!m || !g)
        return cs_fail(m ? &m->err : NULL, CSVC_E_NULL, "kpi_model_set_grading: %s is NULL",
                       m ? "grading" : "model");
    return cs_kpi_model_grading(m, g, "grading: ");
}

csvc_status csvc_kpi_model_get_grading(const csvc_kpi_model *m, csvc_kpi_grading *out)
{
    if (!m || !out)
        return cs_fail(m ? errbuf(m) : NULL, CSVC_E_NULL, "kpi_model_get_grading: %s is NULL",
                       m ? "out" : "model");
    *out = m->grading;
    return CSVC_OK;
}

csvc_status csvc_kpi_model_set_calibration(csvc_kpi_model *m, int32_t enabled)
{
    if (!m)
        return cs_fail(NULL, CSVC_E_NULL, "kpi_model_set_calibration: model is NULL");
    if (enabled != 0 && enabled != 1)
        return cs_fail(&m->err, CSVC_E_INVALID, "calibration: must be 0 or 1 (got %d)",
                       (int)enabled);
    m->calibration = enabled;
    return CSVC_OK;
}

int32_t csvc_kpi_model_calibration(const csvc_kpi_model *m)
{
    return m ? m->calibration : 0;
}

csvc_status csvc_kpi_model_set_fold_hidden(csvc_kpi_model *m, int32_t enabled)
{
    if (!m)
        return cs_fail(NULL, CSVC_E_NULL, "kpi_model_set_fold_hidden: model is NULL");
    if (enabled != 0 && enabled != 1)
        return cs_fail(&m->err, CSVC_E_INVALID, "fold_hidden_groups: must be 0 or 1 (got %d)",
                       (int)enabled);
    m->fold_hidden = enabled;
    return CSVC_OK;
}

int32_t csvc_kpi_model_fold_hidden(const csvc_kpi_model *m)
{
    return m ? m->fold_hidden : 0;
}

/* ---- copies ---------------------------------------------------------------- */

csvc_status cs_kpi_model_clone(const csvc_kpi_model *src, const cs_alloc *alloc,
                               csvc_kpi_model **out)
{
    csvc_kpi_model *m;
    csvc_status rc = cs_kpi_model_create(alloc, src->version, &m);
    if (rc != CSVC_OK)
        return rc;
    memcpy(m->groups, src->groups, sizeof m->groups);
    m->grading = src->grading;
    m->calibration = src->calibration;
    m->fold_hidden = src->fold_hidden;
    if (cs_grow(&m->alloc, (void **)&m->kpis, &m->cap_kpis, src->nkpis, sizeof *m->kpis) ||
        cs_strmap_reserve(&m->kpi_ids, src->nkpis))
        goto nomem;
    for (size_t i = 0; i < src->nkpis; i++) {
        const cs_kpi *s = &src->kpis[i];
        cs_kpi *k = &m->kpis[i];
        *k = *s;
        k->id = cs_strdup(&m->alloc, s->id);
        k->name = cs_strdup(&m->alloc, s->name);
        k->metric = s->metric ? cs_strdup(&m->alloc, s->metric) : NULL;
        k->bands = s->band_count ? cs_malloc(&m->alloc, s->band_count * sizeof *k->bands) : NULL;
        m->nkpis = i + 1; /* freed with the model from here on */
        if (!k->id || !k->name || (s->metric && !k->metric) || (s->band_count && !k->bands))
            goto nomem;
        if (s->band_count)
            memcpy(k->bands, s->bands, s->band_count * sizeof *k->bands);
        cs_strmap_put(&m->kpi_ids, k->id, (uint32_t)i);
    }
    m->nobjective = src->nobjective;
    *out = m;
    return CSVC_OK;
nomem:
    csvc_kpi_model_free(m);
    return cs_fail(NULL, CSVC_E_NOMEM, "kpi model: out of memory");
}
