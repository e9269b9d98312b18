/* The arithmetic of the rule kinds: exact products and ratios in 128 bits,
 * each amount rounded once, half-to-even, to the minor unit. */
#include "incentive_internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>

__extension__ typedef __int128 i128;

int64_t cs_inc_micro(double v)
{
    return llround(v * 1e6);
}

/* n / d rounded half-to-even, d > 0; 0 when the quotient leaves int64. */
static int div_half_even(i128 n, i128 d, int64_t *out)
{
    i128 q = n / d, r = n % d;
    i128 twice = 2 * (r < 0 ? -r : r);
    if (twice > d || (twice == d && (q & 1)))
        q += n < 0 ? -1 : 1;
    if (q > INT64_MAX || q < INT64_MIN)
        return 0;
    *out = (int64_t)q;
    return 1;
}

csvc_status cs_inc_per_unit(int64_t rate, int64_t value, int64_t *out)
{
    if (!div_half_even((i128)rate * value, CS_MICRO, out))
        return CSVC_E_OVERFLOW;
    return CSVC_OK;
}

static csvc_status pay(cs_inc_pay kind, int64_t amount, int64_t value, int64_t base_pay,
                       int64_t *out)
{
    switch (kind) {
    case CS_PAY_AMOUNT:
        *out = amount;
        return CSVC_OK;
    case CS_PAY_BP:
        return csvc_money_percent_bp(base_pay, amount, out) == CSVC_OK ? CSVC_OK
                                                                        : CSVC_E_OVERFLOW;
    default:
        return cs_inc_per_unit(amount, value, out);
    }
}

csvc_status cs_inc_tiered(const cs_inc_rule *r, int64_t value, int64_t base_pay, int64_t *out,
                          int *tier, int64_t *rate)
{
    *out = 0;
    *tier = -1;
    *rate = 0;
    if (!r->marginal) {
        for (size_t i = 0; i < r->ntiers; i++) {
            const cs_inc_tier *t = &r->tiers[i];
            if (value >= t->lower && value < t->upper) {
                *tier = (int)i;
                *rate = t->value;
                return pay(t->pay, t->value, value, base_pay, out);
            }
        }
        return CSVC_OK;
    }
    /* Marginal: each slice [lower, min(value, upper)) earns its own rate;
     * one rounding for the sum. Slices and rates are below 2^63, so each
     * product fits in 127 bits; the sum is checked as it grows. */
    i128 sum = 0;
    const i128 limit = (i128)INT64_MAX * CS_MICRO;
    for (size_t i = 0; i < r->ntiers; i++) {
        const cs_inc_tier *t = &r->tiers[i];
        if (value <= t->lower)
            break;
        int64_t top = value < t->upper ? value : t->upper;
        sum += (i128)t->value * (top - t->lower);
        if (sum > limit || sum < -limit)
            return CSVC_E_OVERFLOW;
        *tier = (int)i;
        *rate = t->value;
    }
    return div_half_even(sum, CS_MICRO, out) ? CSVC_OK : CSVC_E_OVERFLOW;
}

csvc_status cs_inc_target(const cs_inc_rule *r, int64_t value, int64_t base_pay, int64_t *out,
                          int *level, int64_t *payout_bp)
{
    *out = 0;
    *level = -1;
    *payout_bp = 0;
    int64_t on_target;
    csvc_status rc = pay(r->on_target_pay, r->on_target, 0, base_pay, &on_target);
    if (rc != CSVC_OK)
        return rc;
    /* Achievement in basis points, rounded half-to-even (0.01 %). */
    int64_t ach;
    if (!div_half_even((i128)value * 10000, r->target, &ach))
        ach = value < 0 ? INT64_MIN : INT64_MAX;
    size_t i = r->nlevels;
    while (i > 0 && ach < r->levels[i - 1].achievement_bp)
        i--;
    if (i == 0)
        return CSVC_OK; /* below the first level */
    const cs_inc_level *lo = &r->levels[i - 1];
    *level = (int)(i - 1);
    if (r->step || i == r->nlevels || ach == lo->achievement_bp) {
        *payout_bp = lo->payout_bp;
        return div_half_even((i128)on_target * lo->payout_bp, 10000, out) ? CSVC_OK
                                                                          : CSVC_E_OVERFLOW;
    }
    /* Between lo and hi: payout = P_lo + dP * (ach - A_lo) / dA, in bp. The
     * numerator stays below 2^57 (bp up to 1e8), times an int64 amount. */
    const cs_inc_level *hi = lo + 1;
    i128 dA = hi->achievement_bp - lo->achievement_bp;
    i128 num = (i128)lo->payout_bp * dA + (i128)(hi->payout_bp - lo->payout_bp) *
                                               (ach - lo->achievement_bp);
    int64_t shown = 0;
    div_half_even(num, dA, &shown);
    *payout_bp = shown;
    return div_half_even((i128)on_target * num, dA * 10000, out) ? CSVC_OK : CSVC_E_OVERFLOW;
}

void cs_inc_format_money(int64_t amount, uint32_t decimals, char *buf, size_t size)
{
    if (csvc_money_format(amount, decimals, buf, size) != CSVC_OK)
        snprintf(buf, size, "%" PRId64, amount);
}

void cs_inc_format_micro(int64_t value, char *buf, size_t size)
{
    uint64_t mag = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    snprintf(buf, size, "%s%" PRIu64 ".%06" PRIu64, value < 0 ? "-" : "", mag / 1000000u,
             mag % 1000000u);
}
