/* csvc_kpi_review_compute(): every result of a review in a few linear passes
 * over flat arrays.
 *
 * Ratings are stored by block of 256 ratees (kpi_internal.h), so the work
 * streams one block at a time and every scatter stays in the CPU cache:
 * 1. (calibration only) two passes over the ratings: per-rater and
 *    population means, then deviations;
 * 2. per block, a counting sort of its ratings by ratee (active agents
 *    only) into a scratch buffer, writing each rating's rescaled (and
 *    calibrated) value and its (kpi, group) key; stable, so values keep
 *    submission order;
 * 3. per agent, a counting sort of its ratings by (kpi, group), group
 *    aggregates (medians by selection, never a full sort), KPI scores, the
 *    composite and the dimension subtotals, written to the results;
 * 4. ranks, percentiles and grades from one sort of the scored agents. */
#include "kpi_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Per-rater statistics, interleaved so that a rating touches one line. */
typedef struct rater_stat {
    double mean;
    double sd; /* M2 (sum of squared deviations) while accumulating; 0 = z is 0 */
    uint64_t count;
} rater_stat;

typedef struct calib {
    int on;
    double pop_mean, pop_sd;
    rater_stat *rater;
} calib;

static double rescaled(const csvc_kpi_model *m, const cs_kpi_block *b, size_t i)
{
    return cs_kpi_rescale(m->kpis[b->kpi[i]].scale, b->value[i]);
}

/* A (ratee, KPI, group) cell whose aggregate enters released numbers:
 * enough ratings, and not hidden unless the model folds hidden groups. */
static int released(const csvc_kpi_model *m, int g, uint32_t count)
{
    const csvc_rater_group_config *c = &m->groups[g];
    return count >= (uint32_t)c->min_count && (m->fold_hidden || count >= (uint32_t)c->anonymity);
}

/* Per-rater means and deviations in one pass (Welford's update, stable);
 * the population's from those (the parallel-variance formula:
 * M2 = sum M2_j + sum n_j (mean_j - mean)^2). Only ratings of released
 * cells take part: a hidden rating must not move anyone's calibrated
 * value, or the difference between two computations would reveal it. */
static csvc_status calibrate_prepare(const csvc_kpi_review *r, calib *c)
{
    const csvc_kpi_model *m = r->model;
    c->rater = cs_calloc(&r->alloc, r->raters.count ? r->raters.count : 1, sizeof *c->rater);
    size_t cells = (size_t)CS_KPI_BLOCK_AGENTS * (m->nkpis ? m->nkpis : 1) * CS_NGROUPS;
    uint32_t *count = cs_calloc(&r->alloc, cells, sizeof *count);
    if (!c->rater || !count) {
        cs_free(&r->alloc, count);
        return CSVC_E_NOMEM;
    }
    double total = 0;
    size_t n = 0;
    for (size_t bi = 0; bi < r->nblocks; bi++) {
        const cs_kpi_block *b = &r->blocks[bi];
        memset(count, 0, cells * sizeof *count);
        for (size_t i = 0; i < b->n; i++)
            count[((size_t)b->local[i] * m->nkpis + b->kpi[i]) * CS_NGROUPS + b->group[i]]++;
        for (size_t i = 0; i < b->n; i++) {
            size_t cell = ((size_t)b->local[i] * m->nkpis + b->kpi[i]) * CS_NGROUPS + b->group[i];
            if (!released(m, b->group[i], count[cell]))
                continue;
            n++;
            double x = rescaled(m, b, i);
            rater_stat *s = &c->rater[b->rater[i]];
            double d = x - s->mean;
            s->mean += d / (double)++s->count;
            s->sd += d * (x - s->mean);
            total += x;
        }
    }
    cs_free(&r->alloc, count);
    c->pop_mean = n ? total / (double)n : 0.0;
    double pop_m2 = 0;
    for (size_t j = 0; j < r->raters.count; j++) {
        rater_stat *s = &c->rater[j];
        double d = s->mean - c->pop_mean;
        pop_m2 += s->sd + (double)s->count * d * d;
        double sd = s->count ? sqrt(s->sd / (double)s->count) : 0.0;
        s->sd = s->count > 1 && sd >= 1e-9 ? sd : 0.0;
    }
    c->pop_sd = n ? sqrt(pop_m2 / (double)n) : 0.0;
    return CSVC_OK;
}

static double value_of(const csvc_kpi_model *m, const calib *c, const cs_kpi_block *b, size_t i)
{
    double x = rescaled(m, b, i);
    if (!c->on)
        return x;
    const rater_stat *s = &c->rater[b->rater[i]];
    double z = s->sd > 0 ? (x - s->mean) / s->sd : 0.0;
    double y = c->pop_mean + z * c->pop_sd;
    return y < 0 ? 0.0 : y > 100 ? 100.0 : y;
}

/* Scratch space, sized once for the largest block. Ratings are keyed by
 * (rated KPI, group): key = rated_index * CS_NGROUPS + group. */
typedef struct work {
    size_t nkeys;     /* rated KPIs * CS_NGROUPS */
    int fused;        /* one counting sort by (ratee in block, key) */
    uint16_t *rkey;   /* per model KPI: rated_index * CS_NGROUPS */
    double *x;        /* a block's ratings, grouped */
    uint16_t *key;    /* two-level path: their keys */
    uint32_t *start;  /* fused: 256 * nkeys + 1 offsets; else 256 + 1 */
    uint32_t *kstart; /* two-level path: nkeys + 1 offsets for one agent */
    double *values;   /* two-level path: one agent's ratings by key */
} work;

/* Fused when the (ratee, key) counters of a block stay small enough for
 * the cache (up to 102 rated KPIs). */
#define FUSED_MAX_KEYS 512

/* Step 2, fused: a counting sort of block bi by (ratee, key) into w->x;
 * start[l * nkeys + key] is where the group begins. */
static void sort_block_fused(const csvc_kpi_review *r, const calib *c, const uint32_t *scored,
                             const cs_kpi_block *b, work *w)
{
    const csvc_kpi_model *m = r->model;
    size_t nkeys = w->nkeys, ncount = CS_KPI_BLOCK_AGENTS * nkeys;
    uint32_t *start = w->start;
    memset(start, 0, (ncount + 1) * sizeof *start);
    for (size_t i = 0; i < b->n; i++)
        if (scored[b->local[i]] != CS_NONE)
            start[b->local[i] * nkeys + w->rkey[b->kpi[i]] + b->group[i] + 1]++;
    for (size_t k = 0; k < ncount; k++)
        start[k + 1] += start[k];
    for (size_t i = 0; i < b->n; i++)
        if (scored[b->local[i]] != CS_NONE)
            w->x[start[b->local[i] * nkeys + w->rkey[b->kpi[i]] + b->group[i]]++] =
                value_of(m, c, b, i);
    for (size_t k = ncount; k > 0; k--)
        start[k] = start[k - 1];
    start[0] = 0;
}

/* Step 2, two levels: a counting sort of block bi by ratee into w->x/key. */
static void sort_block_by_ratee(const csvc_kpi_review *r, const calib *c, const uint32_t *scored,
                                const cs_kpi_block *b, work *w)
{
    const csvc_kpi_model *m = r->model;
    uint32_t *start = w->start;
    memset(start, 0, (CS_KPI_BLOCK_AGENTS + 1) * sizeof *start);
    for (size_t i = 0; i < b->n; i++)
        start[b->local[i] + 1] += scored[b->local[i]] != CS_NONE;
    for (size_t l = 0; l < CS_KPI_BLOCK_AGENTS; l++)
        start[l + 1] += start[l];
    for (size_t i = 0; i < b->n; i++) {
        if (scored[b->local[i]] == CS_NONE)
            continue;
        uint32_t pos = start[b->local[i]]++;
        w->x[pos] = value_of(m, c, b, i);
        w->key[pos] = (uint16_t)(w->rkey[b->kpi[i]] + b->group[i]);
    }
    for (size_t l = CS_KPI_BLOCK_AGENTS; l > 0; l--)
        start[l] = start[l - 1];
    start[0] = 0;
}

/* The second level: one agent's ratings by key into w->values/kstart. */
static void sort_agent(work *w, const double *vals, const uint16_t *keys, size_t n)
{
    uint32_t *start = w->kstart;
    memset(start, 0, (w->nkeys + 1) * sizeof *start);
    for (size_t i = 0; i < n; i++)
        start[keys[i] + 1]++;
    for (size_t k = 0; k < w->nkeys; k++)
        start[k + 1] += start[k];
    for (size_t i = 0; i < n; i++)
        w->values[start[keys[i]]++] = vals[i];
    for (size_t k = w->nkeys; k > 0; k--)
        start[k] = start[k - 1];
    start[0] = 0;
}

/* Step 3 for result agent a (roster agent `agent`): its ratings of key
 * `key` are values[kstart[key] .. kstart[key+1]). */
static void score_agent(const csvc_kpi_review *r, csvc_kpi_results *res, size_t a, size_t agent,
                        double *values, const uint32_t *kstart)
{
    const csvc_kpi_model *m = r->model;
    size_t nk = m->nkpis;
    double wsum = 0, num = 0, dw[CS_NDIMS] = {0}, dn[CS_NDIMS] = {0};
    uint32_t aflags = 0;
    for (size_t k = 0; k < nk; k++) {
        const cs_kpi *kp = &m->kpis[k];
        double score;
        uint32_t flags = 0;
        if (kp->source == CSVC_KPI_OBJECTIVE) {
            double raw =
                agent < r->objective_agents ? r->objective[agent * m->nobjective + kp->slot] : NAN;
            res->raw[a * res->nobjective + kp->slot] = raw;
            score = isnan(raw) ? NAN : cs_kpi_normalise(kp, raw);
            if (isnan(raw))
                flags = CSVC_KPI_MISSING;
        } else {
            size_t ri = res->rated_index[k], at = (a * res->nrated + ri) * CS_NGROUPS;
            double *group_values[CS_NGROUPS];
            uint32_t *count = res->gcount + at;
            double *agg = res->gagg + at;
            for (int g = 0; g < CS_NGROUPS; g++) {
                size_t key = ri * CS_NGROUPS + (size_t)g;
                group_values[g] = values + kstart[key];
                count[g] = kstart[key + 1] - kstart[key];
            }
            cs_kpi_group_aggregates(m, kp, group_values, count, agg);
            cs_kpi_cell c;
            cs_kpi_combine(m, kp, count, agg, &c);
            score = c.score;
            flags = c.flags;
        }
        res->score[a * nk + k] = score;
        res->kflags[a * nk + k] = (uint8_t)flags;
        aflags |= flags & (CSVC_KPI_INCOMPLETE | CSVC_KPI_ZERO_FILLED | CSVC_KPI_RENORMALISED |
                           CSVC_KPI_HIDDEN);
        if (isnan(score)) {
            if (!(flags & CSVC_KPI_INCOMPLETE))
                aflags |= CSVC_KPI_PARTIAL;
            continue;
        }
        wsum += kp->weight;
        num += kp->weight * score;
        dw[kp->dimension] += kp->weight;
        dn[kp->dimension] += kp->weight * score;
    }
    int none = (aflags & CSVC_KPI_INCOMPLETE) || !(wsum > 0);
    if (!(wsum > 0))
        aflags |= CSVC_KPI_MISSING;
    res->flags[a] = aflags;
    res->wsum[a] = none ? 0.0 : wsum;
    res->composite[a] = none ? NAN : num / wsum;
    for (int d = 0; d < CS_NDIMS; d++)
        res->dims[a * CS_NDIMS + (size_t)d] = none || !(dw[d] > 0) ? NAN : dn[d] / dw[d];
}

/* Steps 2 and 3 for block bi (which may hold no rating at all). */
static void score_block(const csvc_kpi_review *r, const calib *c, const uint32_t *result_of,
                        size_t bi, csvc_kpi_results *res, work *w)
{
    static const cs_kpi_block empty;
    const cs_kpi_block *b = bi < r->nblocks ? &r->blocks[bi] : &empty;
    size_t first = bi << CS_KPI_BLOCK_SHIFT, nagents = csvc_roster_agent_count(r->roster);
    const uint32_t *scored = result_of + first;
    if (w->fused)
        sort_block_fused(r, c, scored, b, w);
    else
        sort_block_by_ratee(r, c, scored, b, w);
    for (size_t l = 0; l < CS_KPI_BLOCK_AGENTS && first + l < nagents; l++) {
        if (scored[l] == CS_NONE)
            continue;
        if (w->fused) {
            score_agent(r, res, scored[l], first + l, w->x, w->start + l * w->nkeys);
        } else {
            sort_agent(w, w->x + w->start[l], w->key + w->start[l], w->start[l + 1] - w->start[l]);
            score_agent(r, res, scored[l], first + l, w->values, w->kstart);
        }
    }
}

/* ---- ranks, percentiles, grades --------------------------------------------- */

typedef struct ranked {
    int64_t q; /* round(composite * 1e6) */
    uint32_t agent;
    uint32_t team;
    const char *id;
} ranked;

static int by_score_then_id(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->q != b->q)
        return a->q > b->q ? -1 : 1;
    return strcmp(a->id, b->id);
}

/* Sorts list[0..n) by q descending, then id ascending: an LSD radix sort
 * on q (0..1e8 for scores in 0..100: 3 passes of 10 bits, stable), then
 * each run of equal q sorted by id. `tmp` holds n entries. */
static csvc_status sort_ranked(csvc_kpi_results *res, ranked *list, ranked *tmp, size_t n)
{
    enum { BITS = 10, RADIX = 1 << BITS };
    size_t *count = cs_malloc(&res->alloc, RADIX * sizeof *count);
    if (!count)
        return CSVC_E_NOMEM;
    const uint64_t top = 100000000; /* composites are within 0..100 */
    for (int pass = 0; pass < 3; pass++) {
        int shift = pass * BITS;
        memset(count, 0, RADIX * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[((top - (uint64_t)list[i].q) >> shift) & (RADIX - 1)]++;
        for (size_t k = 0, sum = 0; k < RADIX; k++) {
            size_t c = count[k];
            count[k] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            tmp[count[((top - (uint64_t)list[i].q) >> shift) & (RADIX - 1)]++] = list[i];
        memcpy(list, tmp, n * sizeof *list);
    }
    cs_free(&res->alloc, count);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && list[j].q == list[i].q)
            j++;
        if (j - i > 1)
            qsort(list + i, j - i, sizeof *list, by_score_then_id);
        i = j;
    }
    return CSVC_OK;
}

/* Ranks and percentiles of a list in descending order of q. */
static void rank_list(const ranked *list, size_t n, int32_t *rank, double *pct, int32_t *size)
{
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && list[j].q == list[i].q)
            j++;
        size_t tied = j - i, lower = n - j;
        double p =
            n == 1 ? 100.0 : 100.0 * ((double)lower + (double)(tied - 1) / 2.0) / (double)(n - 1);
        for (size_t t = i; t < j; t++) {
            rank[list[t].agent] = (int32_t)(i + 1);
            pct[list[t].agent] = p;
            if (size)
                size[list[t].agent] = (int32_t)n;
        }
        i = j;
    }
}

static void assign_grades(csvc_kpi_results *res, const ranked *list, size_t n)
{
    const csvc_kpi_grading *g = &res->model->grading;
    if (g->forced) {
        int64_t parts[5] = {0};
        if (n && csvc_money_split_weighted((int64_t)n, g->shares, NULL, 5, parts) != CSVC_OK)
            parts[0] = (int64_t)n; /* unreachable: the shares were checked */
        size_t i = 0;
        for (int grade = 0; grade < 5; grade++)
            for (int64_t c = 0; c < parts[grade] && i < n; c++)
                res->grade[list[i++].agent] = (int8_t)(5 - grade);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        double rounded = cs_kpi_round6(res->composite[list[i].agent]);
        int grade = 1;
        for (int t = 0; t < 4; t++)
            if (rounded >= g->thresholds[t]) {
                grade = 5 - t;
                break;
            }
        res->grade[list[i].agent] = (int8_t)grade;
    }
}

static csvc_status grade_and_rank(csvc_kpi_results *res)
{
    size_t na = res->nagents, n = 0;
    ranked *list = cs_malloc(&res->alloc, (na ? na : 1) * sizeof *list);
    ranked *by_team = cs_malloc(&res->alloc, (na ? na : 1) * sizeof *by_team);
    size_t *team_start = cs_calloc(&res->alloc, res->nteams + 1, sizeof *team_start);
    if (!list || !by_team || !team_start) {
        cs_free(&res->alloc, list);
        cs_free(&res->alloc, by_team);
        cs_free(&res->alloc, team_start);
        return CSVC_E_NOMEM;
    }
    for (size_t a = 0; a < na; a++) {
        res->rank_team[a] = res->rank_desk[a] = res->size_team[a] = 0;
        res->pct_team[a] = res->pct_desk[a] = NAN;
        res->grade[a] = 0;
        if (isnan(res->composite[a]))
            continue;
        list[n++] = (ranked){(int64_t)round(res->composite[a] * 1e6), (uint32_t)a, res->team_of[a],
                             res->agent_ids[a]};
    }
    if (sort_ranked(res, list, by_team, n) != CSVC_OK) {
        cs_free(&res->alloc, list);
        cs_free(&res->alloc, by_team);
        cs_free(&res->alloc, team_start);
        return CSVC_E_NOMEM;
    }
    res->size_desk = (int32_t)n;
    rank_list(list, n, res->rank_desk, res->pct_desk, NULL);

    /* Teams: a stable counting sort of the desk order by team. */
    for (size_t i = 0; i < n; i++)
        team_start[list[i].team + 1]++;
    for (size_t t = 0; t < res->nteams; t++)
        team_start[t + 1] += team_start[t];
    for (size_t i = 0; i < n; i++)
        by_team[team_start[list[i].team]++] = list[i];
    for (size_t t = 0, from = 0; t < res->nteams; t++) {
        size_t to = team_start[t];
        rank_list(by_team + from, to - from, res->rank_team, res->pct_team, res->size_team);
        from = to;
    }
    assign_grades(res, list, n);
    cs_free(&res->alloc, list);
    cs_free(&res->alloc, by_team);
    cs_free(&res->alloc, team_start);
    return CSVC_OK;
}

/* ---- the whole computation ------------------------------------------------------ */

static csvc_status score_all(const csvc_kpi_review *r, const calib *c, const uint32_t *result_of,
                             csvc_kpi_results *res)
{
    const csvc_kpi_model *m = r->model;
    size_t widest = 1,
           nblocks = (csvc_roster_agent_count(r->roster) + CS_KPI_BLOCK_AGENTS - 1) >> CS_KPI_BLOCK_SHIFT;
    for (size_t bi = 0; bi < r->nblocks; bi++)
        if (r->blocks[bi].n > widest)
            widest = r->blocks[bi].n;
    work w;
    memset(&w, 0, sizeof w);
    w.nkeys = res->nrated * CS_NGROUPS;
    w.fused = w.nkeys <= FUSED_MAX_KEYS;
    size_t nstart = w.fused ? CS_KPI_BLOCK_AGENTS * w.nkeys + 1 : CS_KPI_BLOCK_AGENTS + 1;
    w.rkey = cs_malloc(&r->alloc, (m->nkpis ? m->nkpis : 1) * sizeof *w.rkey);
    w.x = cs_malloc(&r->alloc, widest * sizeof *w.x);
    w.start = cs_malloc(&r->alloc, nstart * sizeof *w.start);
    int ok = w.rkey && w.x && w.start;
    if (ok && !w.fused) {
        w.key = cs_malloc(&r->alloc, widest * sizeof *w.key);
        w.values = cs_malloc(&r->alloc, widest * sizeof *w.values);
        w.kstart = cs_malloc(&r->alloc, (w.nkeys + 1) * sizeof *w.kstart);
        ok = w.key && w.values && w.kstart;
    }
    if (ok) {
        for (size_t k = 0; k < m->nkpis; k++)
            w.rkey[k] =
                (uint16_t)(res->rated_index[k] == CS_NONE ? 0 : res->rated_index[k] * CS_NGROUPS);
        for (size_t bi = 0; bi < nblocks; bi++)
            score_block(r, c, result_of, bi, res, &w);
    }
    void *scratch[] = {w.rkey, w.x, w.start, w.key, w.values, w.kstart};
    for (size_t i = 0; i < sizeof scratch / sizeof scratch[0]; i++)
        cs_free(&r->alloc, scratch[i]);
    return ok ? CSVC_OK : CSVC_E_NOMEM;
}

csvc_status csvc_kpi_review_compute(csvc_kpi_review *r, csvc_kpi_results **out)
{
    if (!r || !out)
        return cs_fail(r ? &r->err : NULL, CSVC_E_NULL, "kpi_review_compute: %s is NULL",
                       r ? "out" : "review");
    csvc_status rc = cs_kpi_review_sync(r);
    if (rc != CSVC_OK)
        return rc;
    const csvc_roster *ro = r->roster;
    calib c = {r->model->calibration, 0, 0, NULL};
    csvc_kpi_results *res = NULL;
    uint32_t *result_of = cs_malloc(&r->alloc, (csvc_roster_agent_count(ro) ? csvc_roster_agent_count(ro) : 1) * sizeof *result_of);
    if (!result_of)
        goto nomem;
    size_t na = 0;
    /* Who is reviewed: active agents not separated before the period. */
    for (size_t i = 0; i < csvc_roster_agent_count(ro); i++)
        result_of[i] =
            cs_roster_agent_active_in(ro, (uint32_t)i, r->period.start) ? (uint32_t)na++ : CS_NONE;
    res = cs_calloc(&r->alloc, 1, sizeof *res);
    if (!res)
        goto nomem;
    res->alloc = r->alloc;
    res->period = r->period;
    cs_strmap_init(&res->agent_map, &res->alloc);
    if (cs_kpi_model_clone(r->model, &r->alloc, &res->model) != CSVC_OK ||
        !(res->review_id = cs_strdup(&r->alloc, r->id)) ||
        cs_kpi_results_alloc(res, ro, result_of, na) != CSVC_OK ||
        (c.on && calibrate_prepare(r, &c) != CSVC_OK) ||
        score_all(r, &c, result_of, res) != CSVC_OK || grade_and_rank(res) != CSVC_OK)
        goto nomem;
    cs_free(&r->alloc, c.rater);
    cs_free(&r->alloc, result_of);
    cs_err_clear(&r->err);
    *out = res;
    return CSVC_OK;
nomem:
    cs_free(&r->alloc, c.rater);
    cs_free(&r->alloc, result_of);
    csvc_kpi_results_free(res);
    return cs_fail(&r->err, CSVC_E_NOMEM, "review '%s': compute: out of memory", r->id);
}
