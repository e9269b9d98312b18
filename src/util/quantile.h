/* Mean, median and p90 of integer samples (numpy's default "linear"
 * quantiles, bit-equal), for the metrics of every module. */
#ifndef CS_QUANTILE_H
#define CS_QUANTILE_H

#include <stddef.h>
#include <stdint.h>

/* Mean, median and 90th percentile of x[0..n); NaN for all three when n is
 * 0. Reorders x. */
void cs_stats_i64(int64_t *x, size_t n, double *mean, double *median, double *p90);

#endif
