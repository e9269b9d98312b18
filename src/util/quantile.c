/* Exact percentiles of integer samples, as numpy and pandas compute them
 * by default (DOMAIN.md: "linear" interpolation between the closest ranks,
 * position (n - 1) q), in linear time: quickselect with a median-of-three
 * Hoare partition, falling back to qsort on a pathological input. */
#include "quantile.h"

#include <math.h>
#include <stdlib.h>

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void swap_i64(int64_t *a, int64_t *b)
{
    int64_t t = *a;
    *a = *b;
    *b = t;
}

/* Index of the median of x[a], x[b], x[c]. */
static size_t median3(const int64_t *x, size_t a, size_t b, size_t c)
{
    if (x[a] < x[b])
        return x[b] < x[c] ? b : x[a] < x[c] ? c : a;
    return x[a] < x[c] ? a : x[b] < x[c] ? c : b;
}

/* Rearranges x[0..n) so that x[k] is the k-th smallest (0-based), with no
 * larger value before it and no smaller one after it. Hoare partitions
 * around a median of three (equal keys split evenly); a range that does
 * not shrink fast enough is sorted instead, so the worst case is
 * O(n log n). */
static void select_nth(int64_t *x, size_t n, size_t k)
{
    size_t lo = 0, hi = n;
    int budget = 8;
    for (size_t m = n; m > 1; m >>= 1)
        budget += 2;
    while (hi - lo > 16) {
        if (budget-- == 0) {
            qsort(x + lo, hi - lo, sizeof *x, cmp_i64);
            return;
        }
        swap_i64(&x[lo], &x[median3(x, lo, lo + (hi - lo) / 2, hi - 1)]);
        const int64_t pivot = x[lo];
        /* Both scans stop at the pivot or a value beyond it, so they stay
         * in range; afterwards [lo, j] <= pivot <= (j, hi), lo <= j < hi - 1. */
        size_t i = lo, j = hi;
        for (;;) {
            while (x[i] < pivot)
                i++;
            do
                j--;
            while (x[j] > pivot);
            if (i >= j)
                break;
            swap_i64(&x[i], &x[j]);
            i++;
        }
        if (k <= j)
            hi = j + 1;
        else
            lo = j + 1;
    }
    for (size_t i = lo + 1; i < hi; i++) {
        int64_t v = x[i];
        size_t j = i;
        for (; j > lo && x[j - 1] > v; j--)
            x[j] = x[j - 1];
        x[j] = v;
    }
}

/* numpy's linear interpolation (`_lerp`), for bit-equal results. */
static double lerp(double a, double b, double t)
{
    double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/* Quantile q of x[0..n) (numpy "linear": position (n-1)q), where x[from..n)
 * holds the values ranked from..n-1; *rank receives floor((n-1)q), which
 * is then in place with larger values after it. */
static double quantile(int64_t *x, size_t n, size_t from, double q, size_t *rank)
{
    double h = (double)(n - 1) * q;
    size_t k = (size_t)h;
    if (k < from) /* cannot happen for increasing q; keeps the call safe */
        from = 0;
    select_nth(x + from, n - from, k - from);
    *rank = k;
    double g = h - (double)k;
    if (k + 1 >= n)
        return (double)x[k];
    int64_t next = x[k + 1];
    for (size_t i = k + 2; i < n; i++)
        if (x[i] < next)
            next = x[i];
    return lerp((double)x[k], (double)next, g);
}

void cs_stats_i64(int64_t *x, size_t n, double *mean, double *median, double *p90)
{
    if (n == 0) {
        *mean = *median = *p90 = NAN;
        return;
    }
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (double)x[i];
    *mean = sum / (double)n;
    size_t rank;
    *median = quantile(x, n, 0, 0.5, &rank);
    *p90 = quantile(x, n, rank, 0.9, &rank);
}
