/* The scoring formulas of kpi.h, shared by the computation and by the
 * results' group queries so that both give identical numbers. */
#include "kpi_internal.h"

#include <math.h>
#include <stddef.h>

double cs_kpi_normalise(const cs_kpi *k, double v)
{
    if (k->normalise == CSVC_NORM_LINEAR) {
        double s = k->direction == CSVC_HIGHER_IS_BETTER
                       ? (v - k->floor) / (k->target - k->floor) * 100.0
                       : (k->floor - v) / (k->floor - k->target) * 100.0;
        return s < 0 ? 0.0 : s > 100 ? 100.0 : s;
    }
    double rv = cs_kpi_round6(v), points = 0.0;
    if (k->direction == CSVC_HIGHER_IS_BETTER) {
        /* The last band whose (inclusive) lower bound is reached. */
        for (uint32_t i = 0; i < k->band_count && rv >= k->band_key[i]; i++)
            points = k->bands[i].points;
    } else {
        /* The first band whose (inclusive) upper bound is not exceeded. */
        for (uint32_t i = 0; i < k->band_count; i++)
            if (rv <= k->band_key[i])
                return k->bands[i].points;
    }
    return points;
}

static void swap(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

/* Puts the k-th smallest of v[0..n) at v[k], smaller-or-equal values before
 * it and greater-or-equal after (Wirth's selection, median-of-three pivot). */
static void select_kth(double *v, size_t n, size_t k)
{
    ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;
    while (hi > lo) {
        ptrdiff_t mid = lo + (hi - lo) / 2;
        if (v[mid] < v[lo])
            swap(&v[mid], &v[lo]);
        if (v[hi] < v[lo])
            swap(&v[hi], &v[lo]);
        if (v[hi] < v[mid])
            swap(&v[hi], &v[mid]);
        double pivot = v[mid];
        ptrdiff_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                swap(&v[i], &v[j]);
                i++;
                j--;
            }
        }
        /* Now v[lo..j] <= pivot <= v[i..hi], and v[j+1..i-1] == pivot. */
        if (kk <= j)
            hi = j;
        else if (kk >= i)
            lo = i;
        else
            return;
    }
}

/* Small groups (the common case) sort in place; larger ones select. */
static double median(double *v, size_t n)
{
    size_t k = n / 2;
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            double x = v[i];
            size_t j = i;
            for (; j > 0 && v[j - 1] > x; j--)
                v[j] = v[j - 1];
            v[j] = x;
        }
        return n % 2 ? v[k] : (v[k - 1] + v[k]) / 2.0;
    }
    select_kth(v, n, k);
    if (n % 2)
        return v[k];
    double lower = v[0];
    for (size_t i = 1; i < k; i++)
        if (v[i] > lower)
            lower = v[i];
    return (lower + v[k]) / 2.0;
}

/* Drops exactly one lowest and one highest rating: the sum of the others
 * is the total minus those two. */
static double trimmed_mean(const double *v, size_t n)
{
    double sum = v[0], lo = v[0], hi = v[0];
    for (size_t i = 1; i < n; i++) {
        sum += v[i];
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
    }
    return (sum - lo - hi) / (double)(n - 2);
}

double cs_kpi_aggregate(csvc_aggregation a, double *v, size_t n)
{
    if (a == CSVC_AGG_MEDIAN)
        return median(v, n);
    if (a == CSVC_AGG_TRIMMED_MEAN && n >= 5)
        return trimmed_mean(v, n);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    return sum / (double)n;
}

void cs_kpi_group_aggregates(const csvc_kpi_model *m, const cs_kpi *k,
                             double *const values[CS_NGROUPS], const uint32_t count[CS_NGROUPS],
                             double agg[CS_NGROUPS])
{
    for (int g = 0; g < CS_NGROUPS; g++) {
        const csvc_rater_group_config *c = &m->groups[g];
        agg[g] = NAN;
        if (cs_kpi_group_weight(m, k, g) > 0 && count[g] >= (uint32_t)c->min_count)
            agg[g] = cs_kpi_aggregate(c->aggregation, values[g], count[g]);
    }
}

void cs_kpi_combine(const csvc_kpi_model *m, const cs_kpi *k, const uint32_t count[CS_NGROUPS],
                    const double agg[CS_NGROUPS], cs_kpi_cell *out)
{
    uint32_t flags = 0;
    int incomplete = 0;
    double wsum = 0, num = 0;
    for (int g = 0; g < CS_NGROUPS; g++) {
        const csvc_rater_group_config *c = &m->groups[g];
        double w = cs_kpi_group_weight(m, k, g);
        out->weight[g] = w;
        out->count[g] = count[g];
        out->aggregate[g] = NAN;
        out->weight_used[g] = 0;
        if (!(w > 0)) {
            out->gflags[g] = CSVC_KPI_EXCLUDED;
            continue;
        }
        if (count[g] < (uint32_t)c->min_count) {
            uint32_t gf = CSVC_KPI_MISSING | (count[g] ? CSVC_KPI_BELOW_MIN : 0u);
            if (c->missing == CSVC_MISSING_RENORMALISE) {
                gf |= CSVC_KPI_RENORMALISED;
            } else if (c->missing == CSVC_MISSING_ZERO) {
                gf |= CSVC_KPI_ZERO_FILLED;
                wsum += w;
            } else {
                gf |= CSVC_KPI_INCOMPLETE;
                incomplete = 1;
            }
            out->gflags[g] = gf;
            flags |= gf & (CSVC_KPI_RENORMALISED | CSVC_KPI_ZERO_FILLED);
            continue;
        }
        if (count[g] < (uint32_t)c->anonymity && !m->fold_hidden) {
            /* Hidden: it must not determine any released number, so it
             * counts as missing (its policy applies) but keeps its flag. */
            uint32_t gf = CSVC_KPI_HIDDEN;
            if (c->missing == CSVC_MISSING_RENORMALISE) {
                gf |= CSVC_KPI_RENORMALISED;
            } else if (c->missing == CSVC_MISSING_ZERO) {
                gf |= CSVC_KPI_ZERO_FILLED;
                wsum += w;
            } else {
                gf |= CSVC_KPI_INCOMPLETE;
                incomplete = 1;
            }
            out->gflags[g] = gf;
            flags |= gf;
            continue;
        }
        out->aggregate[g] = agg[g];
        out->gflags[g] = count[g] < (uint32_t)c->anonymity ? CSVC_KPI_HIDDEN : 0u;
        flags |= out->gflags[g];
        wsum += w;
        num += w * agg[g];
    }
    if (incomplete) {
        out->flags = flags | CSVC_KPI_INCOMPLETE;
        out->score = NAN;
        return;
    }
    if (!(wsum > 0)) {
        out->flags = flags | CSVC_KPI_MISSING;
        out->score = NAN;
        return;
    }
    for (int g = 0; g < CS_NGROUPS; g++) {
        uint32_t gf = out->gflags[g];
        uint32_t unused =
            CSVC_KPI_EXCLUDED | CSVC_KPI_MISSING | CSVC_KPI_RENORMALISED | CSVC_KPI_INCOMPLETE;
        if (!(gf & unused) || (gf & CSVC_KPI_ZERO_FILLED))
            out->weight_used[g] = out->weight[g] / wsum;
    }
    out->flags = flags;
    out->score = num / wsum;
}
