/* KPI scoring against a second, straightforward implementation (plain
 * loops, qsort, O(n^2) scans): 100 random reviews must agree with the
 * engine to 1e-9 in every composite and score, and exactly in grades and
 * ranks. */
#include "kpi_fixtures.h"

/* ---- the straightforward implementation -------------------------------------------------------
 *
 * Written from the rules of kpi.h alone: no code shared with the engine.
 * Ratings are kept as a plain list (replacements overwrite in place), every
 * statistic is a scan over that list, aggregates sort with qsort. */

#define RN 24 /* agents */
#define RK 7  /* KPIs */
#define RMAX 8000

typedef struct ref_rating {
    char rater[16];
    int ratee, kpi, group;
    double value;
} ref_rating;

typedef struct ref {
    /* roster */
    char id[RN][8];
    int team[RN], sup[RN], active[RN], lead[3];
    /* model */
    double gweight[5];
    int agg[5], minc[5], anon[5], policy[5];
    int source[RK], scale[RK], dim[RK], dir[RK], norm[RK], nb[RK];
    double weight[RK], floor[RK], target[RK], gw[RK][5];
    csvc_kpi_band bands[RK][4];
    int calibrate, fold, forced, shares[5];
    double thr[4];
    /* data */
    ref_rating r[RMAX];
    int nr;
    double obj[RN][RK];
} ref;

static uint64_t rng = 88172645463325252ull;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int pick(int n)
{
    return (int)(rnd() % (uint64_t)n);
}

static double uniform(double lo, double hi)
{
    return lo + (hi - lo) * (double)(rnd() >> 11) / 9007199254740992.0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double ref_round6(double x)
{
    return round(x * 1e6) / 1e6;
}

static double ref_rescaled(const ref *R, const ref_rating *x)
{
    return R->scale[x->kpi] == 0 ? (x->value - 1.0) / 4.0 * 100.0 : x->value;
}

/* Rating j's group for its ratee and KPI is used (or hidden and folded):
 * only then does it take part in calibration. ref_compute() fills
 * `released` once, from ref_count_released(). */
static int released[RMAX];

static int ref_count_released(const ref *R, int j)
{
    int n = 0;
    for (int i = 0; i < R->nr; i++)
        n += R->r[i].ratee == R->r[j].ratee && R->r[i].kpi == R->r[j].kpi &&
             R->r[i].group == R->r[j].group;
    int g = R->r[j].group;
    return n >= R->minc[g] && (R->fold || n >= R->anon[g]);
}

static int ref_released(const ref *R, int j)
{
    (void)R;
    return released[j];
}

/* The value of rating i after calibration. */
static double ref_value(const ref *R, int i)
{
    double x = ref_rescaled(R, &R->r[i]);
    if (!R->calibrate)
        return x;
    double psum = 0, psq = 0;
    int pn = 0;
    for (int j = 0; j < R->nr; j++)
        if (ref_released(R, j))
            psum += ref_rescaled(R, &R->r[j]), pn++;
    double pmean = pn ? psum / pn : 0;
    for (int j = 0; j < R->nr; j++)
        if (ref_released(R, j))
            psq += pow(ref_rescaled(R, &R->r[j]) - pmean, 2);
    double psd = pn ? sqrt(psq / pn) : 0;
    double sum = 0, sq = 0;
    int n = 0;
    for (int j = 0; j < R->nr; j++)
        if (strcmp(R->r[j].rater, R->r[i].rater) == 0 && ref_released(R, j))
            sum += ref_rescaled(R, &R->r[j]), n++;
    double mean = n ? sum / n : 0;
    for (int j = 0; j < R->nr; j++)
        if (strcmp(R->r[j].rater, R->r[i].rater) == 0 && ref_released(R, j))
            sq += pow(ref_rescaled(R, &R->r[j]) - mean, 2);
    double sd = sqrt(sq / n);
    double z = n > 1 && sd >= 1e-9 ? (x - mean) / sd : 0;
    double y = pmean + z * psd;
    return y < 0 ? 0 : y > 100 ? 100 : y;
}

static double ref_aggregate(int agg, double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    double sum = 0;
    if (agg == CSVC_AGG_MEDIAN)
        return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    if (agg == CSVC_AGG_TRIMMED_MEAN && n >= 5) {
        for (int i = 1; i < n - 1; i++)
            sum += v[i];
        return sum / (n - 2);
    }
    for (int i = 0; i < n; i++)
        sum += v[i];
    return sum / n;
}

typedef struct ref_group {
    int count, hidden, counted;
    double aggregate, weight_used;
} ref_group;

/* Score of rated KPI k for agent a (NaN when none); *incomplete set. */
static double ref_rated(const ref *R, int a, int k, ref_group g_out[5], int *incomplete)
{
    double values[RMAX];
    double wsum = 0, num = 0;
    *incomplete = 0;
    for (int g = 0; g < 5; g++) {
        ref_group *o = &g_out[g];
        memset(o, 0, sizeof *o);
        o->aggregate = NAN;
        int n = 0;
        for (int i = 0; i < R->nr; i++)
            if (R->r[i].ratee == a && R->r[i].kpi == k && R->r[i].group == g)
                values[n++] = ref_value(R, i);
        o->count = n;
        double w = R->gw[k][g];
        if (w <= 0)
            continue;
        o->hidden = n >= R->minc[g] && n < R->anon[g];
        if (n < R->minc[g] || (o->hidden && !R->fold)) { /* missing, or hidden: as missing */
            if (R->policy[g] == CSVC_MISSING_ZERO)
                wsum += w, o->counted = 1;
            if (R->policy[g] == CSVC_MISSING_INCOMPLETE)
                *incomplete = 1;
            continue;
        }
        o->aggregate = ref_aggregate(R->agg[g], values, n);
        o->counted = 1;
        wsum += w;
        num += w * o->aggregate;
    }
    if (*incomplete || wsum <= 0)
        return NAN;
    for (int g = 0; g < 5; g++)
        g_out[g].weight_used = g_out[g].counted ? R->gw[k][g] / wsum : 0;
    return num / wsum;
}

static double ref_objective(const ref *R, int k, double v)
{
    if (R->norm[k] == CSVC_NORM_LINEAR) {
        double s = R->dir[k] == 0 ? (v - R->floor[k]) / (R->target[k] - R->floor[k]) * 100
                                  : (R->floor[k] - v) / (R->floor[k] - R->target[k]) * 100;
        return s < 0 ? 0 : s > 100 ? 100 : s;
    }
    double rv = ref_round6(v), pts = 0;
    if (R->dir[k] == 0) {
        for (int b = 0; b < R->nb[k]; b++)
            if (rv >= ref_round6(R->bands[k][b].threshold))
                pts = R->bands[k][b].points;
        return pts;
    }
    for (int b = R->nb[k] - 1; b >= 0; b--)
        if (rv <= ref_round6(R->bands[k][b].threshold))
            pts = R->bands[k][b].points;
    return pts;
}

typedef struct ref_out {
    double composite, dims[5], score[RK];
    ref_group groups[RK][5];
    int grade, rank_team, rank_desk;
    double pct_team, pct_desk;
} ref_out;

static const ref *sort_ref;
static const ref_out *sort_out;

static int by_rounded_then_id(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    double x = ref_round6(sort_out[a].composite), y = ref_round6(sort_out[b].composite);
    if (x != y)
        return x > y ? -1 : 1;
    return strcmp(sort_ref->id[a], sort_ref->id[b]);
}

static void ref_compute(const ref *R, ref_out *out)
{
    for (int j = 0; j < R->nr; j++)
        released[j] = ref_count_released(R, j);
    for (int a = 0; a < RN; a++) {
        ref_out *o = &out[a];
        double wsum = 0, num = 0, dw[5] = {0}, dn[5] = {0};
        int incomplete = 0;
        for (int k = 0; k < RK; k++) {
            double s;
            if (R->source[k] == CSVC_KPI_OBJECTIVE) {
                s = isnan(R->obj[a][k]) ? NAN : ref_objective(R, k, R->obj[a][k]);
            } else {
                int inc;
                s = ref_rated(R, a, k, o->groups[k], &inc);
                incomplete |= inc;
            }
            o->score[k] = s;
            if (isnan(s))
                continue;
            wsum += R->weight[k], num += R->weight[k] * s;
            dw[R->dim[k]] += R->weight[k], dn[R->dim[k]] += R->weight[k] * s;
        }
        int none = incomplete || wsum <= 0;
        o->composite = none ? NAN : num / wsum;
        for (int d = 0; d < 5; d++)
            o->dims[d] = none || dw[d] <= 0 ? NAN : dn[d] / dw[d];
        o->grade = o->rank_team = o->rank_desk = 0;
        o->pct_team = o->pct_desk = NAN;
    }
    /* Ranks and percentiles by counting. */
    for (int a = 0; a < RN; a++) {
        if (!R->active[a] || isnan(out[a].composite))
            continue;
        double q = ref_round6(out[a].composite);
        int higher = 0, lower = 0, tied = 0, n = 0, th = 0, tl = 0, tt = 0, tn = 0;
        for (int b = 0; b < RN; b++) {
            if (!R->active[b] || isnan(out[b].composite))
                continue;
            double p = ref_round6(out[b].composite);
            int same_team = R->team[a] == R->team[b];
            n++, tn += same_team;
            if (p > q)
                higher++, th += same_team;
            else if (p < q)
                lower++, tl += same_team;
            else
                tied++, tt += same_team;
        }
        out[a].rank_desk = higher + 1;
        out[a].rank_team = th + 1;
        out[a].pct_desk = n == 1 ? 100 : 100.0 * (lower + (tied - 1) / 2.0) / (n - 1);
        out[a].pct_team = tn == 1 ? 100 : 100.0 * (tl + (tt - 1) / 2.0) / (tn - 1);
        (void)th;
        if (!R->forced) {
            out[a].grade = 1;
            for (int t = 3; t >= 0; t--)
                if (q >= R->thr[t])
                    out[a].grade = 5 - t;
        }
    }
    if (!R->forced)
        return;
    int order[RN], n = 0;
    for (int a = 0; a < RN; a++)
        if (R->active[a] && !isnan(out[a].composite))
            order[n++] = a;
    sort_ref = R;
    sort_out = out;
    qsort(order, (size_t)n, sizeof *order, by_rounded_then_id);
    /* Largest remainder on integer percentages. */
    int size[5], rem[5], given = 0;
    for (int g = 0; g < 5; g++) {
        size[g] = R->shares[g] * n / 100;
        rem[g] = R->shares[g] * n % 100;
        given += size[g];
    }
    while (given < n) {
        int best = 0;
        for (int g = 1; g < 5; g++)
            if (rem[g] > rem[best])
                best = g;
        size[best]++, rem[best] = -1, given++;
    }
    for (int g = 0, i = 0; g < 5; g++)
        for (int c = 0; c < size[g]; c++)
            out[order[i++]].grade = 5 - g;
}

/* ---- randomised reviews ------------------------------------------------------------------------
 */

static void random_model(ref *R, csvc_kpi_model *m)
{
    static const double weights[] = {0, 0.5, 1, 2, 3};
    static const int share_sets[][5] = {
        {10, 20, 40, 20, 10}, {20, 30, 30, 20, 0}, {5, 15, 60, 15, 5}};
    for (int g = 0; g < 5; g++) {
        R->gweight[g] = weights[pick(5)];
        R->agg[g] = pick(3);
        R->minc[g] = 1 + pick(3);
        R->anon[g] = 1 + pick(4);
        int p = pick(20);
        R->policy[g] = p < 13   ? CSVC_MISSING_RENORMALISE
                       : p < 19 ? CSVC_MISSING_ZERO
                                : CSVC_MISSING_INCOMPLETE;
        csvc_rater_group_config c = CSVC_RATER_GROUP_CONFIG_INIT;
        c.weight = R->gweight[g];
        c.aggregation = (csvc_aggregation)R->agg[g];
        c.min_count = R->minc[g];
        c.anonymity = R->anon[g];
        c.missing = (csvc_missing_policy)R->policy[g];
        assert_ok(m, csvc_kpi_model_set_group(m, (csvc_rater_group)g, &c));
    }
    for (int k = 0; k < RK; k++) {
        csvc_kpi_def d = CSVC_KPI_DEF_INIT;
        char id[8];
        snprintf(id, sizeof id, "k%d", k);
        d.id = id;
        d.weight = R->weight[k] = weights[1 + pick(4)];
        d.dimension = (csvc_kpi_dimension)(R->dim[k] = pick(5));
        R->source[k] = k < 3 ? CSVC_KPI_OBJECTIVE : CSVC_KPI_RATED;
        d.source = (csvc_kpi_source)R->source[k];
        if (R->source[k] == CSVC_KPI_OBJECTIVE) {
            d.direction = (csvc_kpi_direction)(R->dir[k] = pick(2));
            d.normalise =
                (csvc_kpi_normalise)(R->norm[k] = k == 2 ? CSVC_NORM_BANDS : CSVC_NORM_LINEAR);
            R->floor[k] = d.floor = R->dir[k] == 0 ? 20 : 80;
            R->target[k] = d.target = R->dir[k] == 0 ? 80 : 20;
            R->nb[k] = 1 + pick(4);
            for (int b = 0; b < R->nb[k]; b++) {
                R->bands[k][b].threshold = 10 + 20 * b + pick(10);
                R->bands[k][b].points = 25 * (b + 1);
            }
            d.bands = R->bands[k];
            d.band_count = (uint32_t)R->nb[k];
        } else {
            d.scale = (csvc_rating_scale)(R->scale[k] = pick(2));
            double total = 0;
            for (int g = 0; g < 5; g++) {
                d.group_weights[g] = pick(3) == 0 ? weights[pick(5)] : -1;
                R->gw[k][g] = d.group_weights[g] >= 0 ? d.group_weights[g] : R->gweight[g];
                total += R->gw[k][g];
            }
            if (total <= 0) /* keep the model valid: peers rate */
                d.group_weights[1] = R->gw[k][1] = 1;
        }
        assert_ok(m, csvc_kpi_model_add_kpi(m, &d));
    }
    R->calibrate = pick(2);
    assert_ok(m, csvc_kpi_model_set_calibration(m, R->calibrate));
    R->fold = pick(2);
    assert_ok(m, csvc_kpi_model_set_fold_hidden(m, R->fold));
    csvc_kpi_grading gr = CSVC_KPI_GRADING_INIT;
    R->forced = pick(2);
    const int *set = share_sets[pick(3)];
    for (int g = 0; g < 5; g++)
        gr.shares[g] = R->shares[g] = set[g];
    gr.forced = R->forced;
    gr.thresholds[0] = R->thr[0] = 75, gr.thresholds[1] = R->thr[1] = 62.5;
    gr.thresholds[2] = R->thr[2] = 50, gr.thresholds[3] = R->thr[3] = 37.5;
    assert_ok(m, csvc_kpi_model_set_grading(m, &gr));
}

static csvc_roster *random_roster(ref *R)
{
    csvc_roster *r;
    assert_csvc_ok(csvc_roster_new(NULL, &r));
    for (int t = 0; t < 3; t++) {
        char team[4] = {'T', (char)('0' + t), 0};
        fx_add_team(r, team);
    }
    for (int a = 0; a < RN; a++) {
        snprintf(R->id[a], sizeof R->id[a], "R%02d", (a * 7) % RN); /* ids not in roster order */
        R->team[a] = a < 3 ? a : pick(3);
        /* Leads (agents 0-2) report to agent 0; others to their lead or an
         * earlier agent of the team, sometimes to nobody. */
        R->sup[a] = a == 0 ? -1 : a < 3 ? 0 : -1;
        if (a >= 3) {
            int c = pick(4);
            if (c == 0)
                R->sup[a] = -1;
            else if (c == 1)
                R->sup[a] = pick(a);
            else
                R->sup[a] = R->team[a];
        }
        R->active[a] = pick(10) != 0;
        char team[4] = {'T', (char)('0' + R->team[a]), 0};
        fx_add_agent_full(r, R->id[a], team, R->sup[a] < 0 ? NULL : R->id[R->sup[a]], 0, 1);
        if (!R->active[a])
            assert_ok(r, csvc_roster_deactivate_agent(r, R->id[a]));
    }
    for (int t = 0; t < 3; t++) {
        char team[4] = {'T', (char)('0' + t), 0};
        set_lead(r, team, R->id[t]);
        R->lead[t] = t;
    }
    return r;
}

/* The group agent b's relationship with ratee a puts it in (kpi.h's
 * precedence: supervisor, subordinate, peer), or -1. */
static int ref_relationship(const ref *R, int b, int a)
{
    if (b == a)
        return CSVC_RATER_SELF;
    if (R->sup[a] == b || R->lead[R->team[a]] == b)
        return CSVC_RATER_SUPERVISOR;
    if (R->sup[b] == a || R->lead[R->team[b]] == a)
        return CSVC_RATER_SUBORDINATE;
    if (R->team[b] == R->team[a])
        return CSVC_RATER_PEER;
    return -1;
}

/* A rater the rules allow for (ratee a, group g), or "" when there is none. */
static void random_rater(const ref *R, int a, int g, char *out, size_t size)
{
    int cand[RN], n = 0;
    out[0] = '\0';
    for (int b = 0; b < RN; b++) {
        int ok = g != CSVC_RATER_CUSTOMER && ref_relationship(R, b, a) == g;
        if (ok)
            cand[n++] = b;
    }
    if (g == CSVC_RATER_CUSTOMER)
        snprintf(out, size, "CU%d", pick(12));
    else if (n)
        snprintf(out, size, "%s", R->id[cand[pick(n)]]);
}

static void ref_submit(ref *R, const char *rater, int a, int k, int g, double v)
{
    for (int i = 0; i < R->nr; i++)
        if (strcmp(R->r[i].rater, rater) == 0 && R->r[i].ratee == a && R->r[i].kpi == k) {
            R->r[i].group = g;
            R->r[i].value = v;
            return;
        }
    ref_rating *x = &R->r[R->nr++];
    snprintf(x->rater, sizeof x->rater, "%s", rater);
    x->ratee = a, x->kpi = k, x->group = g, x->value = v;
}

static double random_value(int scale)
{
    if (scale == 0)
        return pick(4) == 0 ? uniform(1, 5) : 1 + 0.5 * pick(9);
    return pick(4) == 0 ? uniform(0, 100) : 5.0 * pick(21);
}

static void random_ratings(ref *R, fx *f)
{
    for (int round = 0; round < 2; round++)
        for (int a = 0; a < RN; a++)
            for (int k = 3; k < RK; k++) {
                int n = pick(14);
                for (int i = 0; i < n; i++) {
                    int g = pick(5);
                    char rater[16];
                    random_rater(R, a, g, rater, sizeof rater);
                    if (!rater[0])
                        continue;
                    double v = random_value(R->scale[k]);
                    char kid[8];
                    snprintf(kid, sizeof kid, "k%d", k);
                    csvc_status rc = try_rate(f, rater, R->id[a], kid, (csvc_rater_group)g, v);
                    if (R->gw[k][g] <= 0) {
                        assert_int_equal(rc, CSVC_E_CONSTRAINT);
                        continue;
                    }
                    assert_ok(f->rv, rc);
                    ref_submit(R, rater, a, k, g, v);
                }
                /* A forbidden rating now and then: an outsider as supervisor. */
                if (pick(8) == 0) {
                    int b = pick(RN);
                    char kid[8];
                    snprintf(kid, sizeof kid, "k%d", k);
                    if (ref_relationship(R, b, a) != CSVC_RATER_SUPERVISOR && b != a)
                        assert_int_equal(
                            try_rate(f, R->id[b], R->id[a], kid, CSVC_RATER_SUPERVISOR, 3),
                            R->gw[k][CSVC_RATER_SUPERVISOR] > 0 ? CSVC_E_PERM : CSVC_E_CONSTRAINT);
                }
            }
}

static void random_objectives(ref *R, fx *f)
{
    for (int a = 0; a < RN; a++)
        for (int k = 0; k < 3; k++) {
            R->obj[a][k] = NAN;
            if (pick(5) == 0)
                continue;
            R->obj[a][k] = pick(3) == 0 ? uniform(0, 100) : 5.0 * pick(21);
            char kid[8];
            snprintf(kid, sizeof kid, "k%d", k);
            assert_ok(f->rv,
                             csvc_kpi_review_set_objective(f->rv, R->id[a], kid, R->obj[a][k]));
        }
}

static void assert_same(double engine, double expect, const char *what, int a, int k)
{
    if (isnan(expect) != isnan(engine) || (!isnan(expect) && fabs(engine - expect) > 1e-9))
        fail_msg("%s (agent %d, kpi %d): engine %.15g, reference %.15g", what, a, k, engine,
                 expect);
}

static void compare(const ref *R, const ref_out *out, const csvc_kpi_results *res)
{
    size_t checked = 0;
    for (int a = 0; a < RN; a++) {
        size_t idx;
        csvc_status rc = csvc_kpi_results_find_agent(res, R->id[a], &idx);
        if (!R->active[a]) {
            assert_int_equal(rc, CSVC_E_NOTFOUND);
            continue;
        }
        assert_int_equal(rc, CSVC_OK);
        const ref_out *o = &out[a];
        csvc_kpi_agent_result ar;
        csvc_kpi_results_agent(res, idx, &ar);
        assert_same(ar.composite, o->composite, "composite", a, -1);
        for (int d = 0; d < 5; d++)
            assert_same(ar.dimensions[d], o->dims[d], "dimension", a, d);
        assert_int_equal(ar.grade, o->grade);
        assert_int_equal(ar.rank_desk, o->rank_desk);
        assert_int_equal(ar.rank_team, o->rank_team);
        assert_same(ar.percentile_desk, o->pct_desk, "percentile desk", a, -1);
        assert_same(ar.percentile_team, o->pct_team, "percentile team", a, -1);
        for (int k = 0; k < RK; k++) {
            csvc_kpi_result kr;
            csvc_kpi_results_kpi(res, idx, (size_t)k, &kr);
            assert_same(kr.score, o->score[k], "kpi score", a, k);
            if (R->source[k] != CSVC_KPI_RATED)
                continue;
            for (int g = 0; g < 5; g++) {
                csvc_kpi_group_result gr;
                assert_int_equal(
                    csvc_kpi_results_group(res, idx, (size_t)k, (csvc_rater_group)g, &gr), CSVC_OK);
                const ref_group *e = &o->groups[k][g];
                assert_int_equal(gr.count, e->count);
                assert_int_equal(!!(gr.flags & CSVC_KPI_HIDDEN), e->hidden);
                assert_same(gr.aggregate, e->hidden ? NAN : e->aggregate, "group aggregate", a, k);
                assert_same(gr.weight_used, e->weight_used, "group weight used", a, k);
                checked++;
            }
        }
    }
    assert_true(checked > 0);
}

static void test_random_reviews_agree(void **state)
{
    fx *f = *state;
    static ref R;
    static ref_out out[RN];
    for (int run = 0; run < 100; run++) {
        memset(&R, 0, sizeof R);
        csvc_roster_free(f->r);
        csvc_kpi_model_free(f->m);
        csvc_kpi_review_free(f->rv);
        csvc_kpi_results_free(f->res);
        f->rv = NULL;
        f->res = NULL;
        f->r = random_roster(&R);
        assert_csvc_ok(csvc_kpi_model_new(NULL, "random", &f->m));
        random_model(&R, f->m);
        open_review(f);
        random_ratings(&R, f);
        random_objectives(&R, f);
        assert_int_equal(csvc_kpi_review_rating_count(f->rv), R.nr);
        compute(f);
        ref_compute(&R, out);
        compare(&R, out, f->res);
    }
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, kfx_setup, kfx_teardown)
    const struct CMUnitTest tests[] = {
        T(test_random_reviews_agree),
    };
#undef T
    return cmocka_run_group_tests_name("kpi_reference", tests, NULL, NULL);
}
