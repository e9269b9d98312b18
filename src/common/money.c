/* Money on int64_t minor units: overflow-checked, exact, half-to-even.
 *
 * Products of two amounts need 128 bits. With a compiler that has a 128-bit
 * integer type the helpers below use it; otherwise (or when the file is
 * built with CS_MONEY_PORTABLE, which the unit tests do to exercise the
 * fallback) they work on a pair of 64-bit halves. Both paths compute the
 * same exact values. Magnitudes are handled as uint64_t so that INT64_MIN
 * (magnitude 2^63) needs no special case. */
#include "errbuf.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MAG_INT64_MIN (UINT64_C(1) << 63)

/* ------------------------------------------------------------------------ */
/* Unsigned 128-bit arithmetic                                              */

#if defined(__SIZEOF_INT128__) && !defined(CS_MONEY_PORTABLE)

__extension__ typedef unsigned __int128 u128;

static u128 u128_from(uint64_t v)
{
    return v;
}

static u128 u128_mul(uint64_t a, uint64_t b)
{
    return (u128)a * b;
}

static u128 u128_add(u128 a, u128 b)
{
    return a + b;
}

static u128 u128_sub(u128 a, u128 b)
{
    return a - b;
}

static int u128_cmp(u128 a, u128 b)
{
    return (a > b) - (a < b);
}

/* Nonzero when v fits in 64 bits; stores it in *lo. */
static int u128_to64(u128 v, uint64_t *lo)
{
    *lo = (uint64_t)v;
    return (v >> 64) == 0;
}

static u128 u128_divmod(u128 n, u128 d, u128 *rem)
{
    *rem = n % d;
    return n / d;
}

#else

typedef struct u128 {
    uint64_t hi, lo;
} u128;

static u128 u128_from(uint64_t v)
{
    u128 r = {0, v};
    return r;
}

/* Schoolbook multiplication on 32-bit halves. */
static u128 u128_mul(uint64_t a, uint64_t b)
{
    uint64_t a_lo = a & 0xffffffffu, a_hi = a >> 32;
    uint64_t b_lo = b & 0xffffffffu, b_hi = b >> 32;
    uint64_t ll = a_lo * b_lo, lh = a_lo * b_hi, hl = a_hi * b_lo, hh = a_hi * b_hi;
    /* The middle column: cannot overflow, each term is below 2^32 * 2^32. */
    uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
    u128 r;
    r.lo = (mid << 32) | (ll & 0xffffffffu);
    r.hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    return r;
}

static u128 u128_add(u128 a, u128 b)
{
    u128 r;
    r.lo = a.lo + b.lo;
    r.hi = a.hi + b.hi + (r.lo < a.lo);
    return r;
}

static u128 u128_sub(u128 a, u128 b)
{
    u128 r;
    r.lo = a.lo - b.lo;
    r.hi = a.hi - b.hi - (a.lo < b.lo);
    return r;
}

static int u128_cmp(u128 a, u128 b)
{
    if (a.hi != b.hi)
        return a.hi > b.hi ? 1 : -1;
    return (a.lo > b.lo) - (a.lo < b.lo);
}

static int u128_to64(u128 v, uint64_t *lo)
{
    *lo = v.lo;
    return v.hi == 0;
}

/* Restoring shift-subtract division, one quotient bit per step. Slow but
 * obviously right; only builds without a 128-bit type use it. d != 0.
 * Before each shift r is at most the bits of n already consumed, fewer than
 * 128, so r < 2^127 and doubling it cannot lose a bit. */
static u128 u128_divmod(u128 n, u128 d, u128 *rem)
{
    if (n.hi == 0 && d.hi == 0) {
        *rem = u128_from(n.lo % d.lo);
        return u128_from(n.lo / d.lo);
    }
    u128 q = {0, 0}, r = {0, 0};
    for (int i = 127; i >= 0; i--) {
        uint64_t bit = i >= 64 ? (n.hi >> (i - 64)) & 1 : (n.lo >> i) & 1;
        r.hi = (r.hi << 1) | (r.lo >> 63); /* r = 2r + bit */
        r.lo = (r.lo << 1) | bit;
        q.hi = (q.hi << 1) | (q.lo >> 63);
        q.lo <<= 1;
        if (u128_cmp(r, d) >= 0) {
            r = u128_sub(r, d);
            q.lo |= 1;
        }
    }
    *rem = r;
    return q;
}

#endif

/* ------------------------------------------------------------------------ */
/* Signed helpers                                                           */

static uint64_t magnitude(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* The int64_t with sign `negative` and magnitude `mag`; 0 when it does not
 * fit (mag > INT64_MAX, or > 2^63 when negative). */
static int from_magnitude(uint64_t mag, int negative, int64_t *out)
{
    if (negative) {
        if (mag > MAG_INT64_MIN)
            return 0;
        *out = mag == MAG_INT64_MIN ? INT64_MIN : -(int64_t)mag;
        return 1;
    }
    if (mag > (uint64_t)INT64_MAX)
        return 0;
    *out = (int64_t)mag;
    return 1;
}

static int checked_add(int64_t a, int64_t b, int64_t *out)
{
#if defined(__GNUC__) && !defined(CS_MONEY_PORTABLE)
    return !__builtin_add_overflow(a, b, out);
#else
    if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
        return 0;
    *out = a + b;
    return 1;
#endif
}

static int checked_sub(int64_t a, int64_t b, int64_t *out)
{
#if defined(__GNUC__) && !defined(CS_MONEY_PORTABLE)
    return !__builtin_sub_overflow(a, b, out);
#else
    if ((b < 0 && a > INT64_MAX + b) || (b > 0 && a < INT64_MIN + b))
        return 0;
    *out = a - b;
    return 1;
#endif
}

static int checked_mul(int64_t a, int64_t b, int64_t *out)
{
#if defined(__GNUC__) && !defined(CS_MONEY_PORTABLE)
    return !__builtin_mul_overflow(a, b, out);
#else
    uint64_t mag;
    if (!u128_to64(u128_mul(magnitude(a), magnitude(b)), &mag))
        return 0;
    return from_magnitude(mag, (a < 0) != (b < 0), out);
#endif
}

/* amount * num / den rounded half-to-even; 0 when the result leaves int64_t.
 * den != 0. Rounding the magnitude is enough: half-to-even is symmetric. */
static int muldiv_round(int64_t amount, int64_t num, int64_t den, int64_t *out)
{
    u128 d = u128_from(magnitude(den)), r;
    u128 q = u128_divmod(u128_mul(magnitude(amount), magnitude(num)), d, &r);
    /* Compare r with d - r rather than 2r with d: 2r could need 129 bits. */
    int c = u128_cmp(r, u128_sub(d, r));
    uint64_t mag;
    if (!u128_to64(q, &mag))
        return 0;
    if (c > 0 || (c == 0 && (mag & 1))) {
        if (mag == UINT64_MAX)
            return 0;
        mag++;
    }
    int negative = ((amount < 0) != (num < 0)) != (den < 0);
    return from_magnitude(mag, negative, out);
}

/* ------------------------------------------------------------------------ */
/* Arithmetic                                                               */

csvc_status csvc_money_add(int64_t a, int64_t b, int64_t *out)
{
    int64_t r;
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "money_add: out is NULL");
    if (!checked_add(a, b, &r))
        return cs_fail(NULL, CSVC_E_OVERFLOW,
                       "money_add: %" PRId64 " + %" PRId64 " overflows int64", a, b);
    *out = r;
    return CSVC_OK;
}

csvc_status csvc_money_sub(int64_t a, int64_t b, int64_t *out)
{
    int64_t r;
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "money_sub: out is NULL");
    if (!checked_sub(a, b, &r))
        return cs_fail(NULL, CSVC_E_OVERFLOW,
                       "money_sub: %" PRId64 " - %" PRId64 " overflows int64", a, b);
    *out = r;
    return CSVC_OK;
}

csvc_status csvc_money_mul(int64_t amount, int64_t factor, int64_t *out)
{
    int64_t r;
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "money_mul: out is NULL");
    if (!checked_mul(amount, factor, &r))
        return cs_fail(NULL, CSVC_E_OVERFLOW,
                       "money_mul: %" PRId64 " * %" PRId64 " overflows int64", amount, factor);
    *out = r;
    return CSVC_OK;
}

csvc_status csvc_money_percent_bp(int64_t amount, int64_t basis_points, int64_t *out)
{
    int64_t r;
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "money_percent_bp: out is NULL");
    if (!muldiv_round(amount, basis_points, 10000, &r))
        return cs_fail(NULL, CSVC_E_OVERFLOW,
                       "money_percent_bp: %" PRId64 " at %" PRId64 " bp overflows int64", amount,
                       basis_points);
    *out = r;
    return CSVC_OK;
}

csvc_status csvc_money_muldiv(int64_t amount, int64_t num, int64_t den, int64_t *out)
{
    int64_t r;
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "money_muldiv: out is NULL");
    if (den == 0)
        return cs_fail(NULL, CSVC_E_INVALID, "money_muldiv: den is 0");
    if (!muldiv_round(amount, num, den, &r))
        return cs_fail(NULL, CSVC_E_OVERFLOW,
                       "money_muldiv: %" PRId64 " * %" PRId64 " / %" PRId64 " overflows int64",
                       amount, num, den);
    *out = r;
    return CSVC_OK;
}

/* ------------------------------------------------------------------------ */
/* Largest-remainder split                                                  */

/* Both splits reduce to integer weights w[i] >= 0 with a positive total W.
 * Part i has the exact quota mag * w[i] / W; its floor is q[i] and its
 * remainder r[i] = mag * w[i] mod W (all remainders share the denominator
 * W, so they compare as integers). The L = mag - sum(q) leftover units go
 * to the L first parts of the rank order: larger r first, then smaller key,
 * then smaller index. Since sum(r) = L * W and every r[i] < W, L is smaller
 * than the number of positive weights, and the L first parts all have
 * r > 0: a zero weight never receives a unit.
 *
 * Nothing is allocated, so a split can only fail on its arguments (never
 * for lack of memory): the L-th part of the rank order is found by a
 * quickselect that never moves anything (candidates are the parts strictly
 * between two bounds of the order, and q/r are recomputed when needed), and
 * a part wins a unit when it ranks no later than that one. */

typedef struct split_ctx {
    uint64_t mag;            /* magnitude of the amount */
    u128 total;              /* W > 0 */
    const char *const *keys; /* or NULL */
    const int64_t *int_w;    /* integer weights, or */
    const double *dbl_w;     /* floating weights scaled by 2^dbl_shift */
    int dbl_shift;
    /* With integer weights W < 2^63, so every remainder fits 64 bits: the
     * first pass keeps them in the caller's parts (overwritten at the end),
     * and the selection reads them instead of dividing again. */
    const uint64_t *cached_r;
    /* Set by select_cached(): only parts with remainder tie_r are candidates. */
    int tie_only;
    uint64_t tie_r;
} split_ctx;

/* A floating weight as an integer: w * 2^shift rounded half-to-even. The
 * shift puts the largest weight in [2^63, 2^64), so the scaling itself is
 * exact and every double whose lowest bit lands at 2^0 or above is
 * represented exactly. Values >= 2^52 are already integers. */
static uint64_t scaled_weight(double w, int shift)
{
    double x = ldexp(w, shift);
    if (x >= 4503599627370496.0) /* 2^52 */
        return (uint64_t)x;
    double fl = floor(x), frac = x - fl; /* exact below 2^52 */
    uint64_t v = (uint64_t)fl;
    if (frac > 0.5 || (frac == 0.5 && (v & 1)))
        v++;
    return v;
}

static uint64_t weight_at(const split_ctx *c, size_t i)
{
    if (c->int_w)
        return (uint64_t)c->int_w[i];
    return scaled_weight(c->dbl_w[i], c->dbl_shift);
}

static u128 remainder_at(const split_ctx *c, size_t i)
{
    if (c->cached_r)
        return u128_from(c->cached_r[i]);
    u128 r;
    (void)u128_divmod(u128_mul(c->mag, weight_at(c, i)), c->total, &r);
    return r;
}

/* Negative when part i (remainder ri) ranks before part j (remainder rj). */
static int rank_cmp(const split_ctx *c, size_t i, u128 ri, size_t j, u128 rj)
{
    int d = u128_cmp(rj, ri);
    if (d != 0)
        return d;
    if (c->keys) {
        d = strcmp(c->keys[i], c->keys[j]); /* compares as unsigned char */
        if (d != 0)
            return d;
    }
    return (i > j) - (i < j);
}

/* A small deterministic generator for pivots; the result of the selection
 * does not depend on the pivots, only its running time does. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return x;
}

#define NO_PART SIZE_MAX

/* The index of the k-th part (1-based, k <= n) of the rank order; its
 * remainder in *rk. */
static size_t select_rank(const split_ctx *c, size_t n, size_t k, u128 *rk)
{
    size_t lo = NO_PART, hi = NO_PART; /* exclusive bounds of the candidates */
    u128 r_lo = u128_from(0), r_hi = u128_from(0);
    uint64_t rng = UINT64_C(0x9e3779b97f4a7c15);
    size_t pivot = (size_t)(next_random(&rng) % n);
    if (c->tie_only) { /* start from a candidate */
        pivot = 0;
        while (c->cached_r[pivot] != c->tie_r)
            pivot++;
    }
    for (;;) {
        u128 r_p = remainder_at(c, pivot);
        size_t before = 0, after = 0, pick_before = NO_PART, pick_after = NO_PART;
        /* Count the candidates on each side of the pivot, and draw the next
         * pivot from each side by reservoir sampling on the way. */
        for (size_t i = 0; i < n; i++) {
            if (i == pivot || (c->tie_only && c->cached_r[i] != c->tie_r))
                continue;
            u128 r_i = remainder_at(c, i);
            if (lo != NO_PART && rank_cmp(c, i, r_i, lo, r_lo) <= 0)
                continue;
            if (hi != NO_PART && rank_cmp(c, i, r_i, hi, r_hi) >= 0)
                continue;
            if (rank_cmp(c, i, r_i, pivot, r_p) < 0) {
                if (next_random(&rng) % ++before == 0)
                    pick_before = i;
            } else if (next_random(&rng) % ++after == 0) {
                pick_after = i;
            }
        }
        if (before + 1 == k) {
            *rk = r_p;
            return pivot;
        }
        if (before >= k) {
            hi = pivot;
            r_hi = r_p;
            pivot = pick_before;
        } else {
            lo = pivot;
            r_lo = r_p;
            k -= before + 1;
            pivot = pick_after;
        }
    }
}

/* select_rank() with the remainders cached: a radix select over their
 * bytes finds the k-th largest remainder T in 8 passes without moving
 * anything, then select_rank() orders only the parts whose remainder is T
 * (by key, then index). */
static size_t select_cached(split_ctx *c, size_t n, size_t k, u128 *rk)
{
    uint64_t prefix = 0, mask = 0;
    size_t above = 0; /* parts known to rank before the k-th: larger remainders */
    for (int shift = 56; shift >= 0; shift -= 8) {
        size_t hist[256] = {0};
        for (size_t i = 0; i < n; i++)
            if ((c->cached_r[i] & mask) == prefix)
                hist[(c->cached_r[i] >> shift) & 0xff]++;
        int b = 255;
        while (above + hist[b] < k)
            above += hist[b--];
        prefix |= (uint64_t)b << shift;
        mask |= (uint64_t)0xff << shift;
    }
    c->tie_only = 1;
    c->tie_r = prefix;
    size_t pick = select_rank(c, n, k - above, rk);
    c->tie_only = 0;
    return pick;
}

static int64_t signed_part(uint64_t mag, int negative)
{
    int64_t v = 0;
    (void)from_magnitude(mag, negative, &v); /* a part never exceeds the amount */
    return v;
}

/* Writes the parts; every argument has been validated. */
static void split_run(split_ctx *c, int negative, size_t n, int64_t *parts)
{
    uint64_t given = 0, *cache = c->int_w ? (uint64_t *)parts : NULL;
    for (size_t i = 0; i < n; i++) {
        u128 r;
        uint64_t q, low;
        (void)u128_to64(u128_divmod(u128_mul(c->mag, weight_at(c, i)), c->total, &r), &q);
        given += q; /* sum of floors <= mag: no wrap */
        if (cache) {
            (void)u128_to64(r, &low); /* r < W < 2^63 */
            cache[i] = low;
        }
    }
    c->cached_r = cache;
    size_t left = (size_t)(c->mag - given); /* < number of positive weights */
    size_t last = NO_PART;
    u128 r_last = u128_from(0);
    if (left > 0)
        last = cache ? select_cached(c, n, left, &r_last) : select_rank(c, n, left, &r_last);
    for (size_t i = 0; i < n; i++) {
        u128 r;
        uint64_t q;
        (void)u128_to64(u128_divmod(u128_mul(c->mag, weight_at(c, i)), c->total, &r), &q);
        if (last != NO_PART && rank_cmp(c, i, r, last, r_last) <= 0)
            q++;
        parts[i] = signed_part(q, negative); /* after its cached remainder was read */
    }
}

static csvc_status split_check_common(const char *fn, const void *weights, const char *const *keys,
                                      size_t n, const int64_t *parts)
{
    if (!weights)
        return cs_fail(NULL, CSVC_E_NULL, "%s: weights is NULL", fn);
    if (!parts)
        return cs_fail(NULL, CSVC_E_NULL, "%s: parts is NULL", fn);
    if (n == 0)
        return cs_fail(NULL, CSVC_E_INVALID, "%s: n is 0", fn);
    if (keys) {
        for (size_t i = 0; i < n; i++)
            if (!keys[i])
                return cs_fail(NULL, CSVC_E_NULL, "%s: keys[%zu] is NULL", fn, i);
    }
    return CSVC_OK;
}

csvc_status csvc_money_split(int64_t amount, const int64_t *weights, const char *const *keys,
                             size_t n, int64_t *parts)
{
    static const char fn[] = "money_split";
    csvc_status rc = split_check_common(fn, weights, keys, n, parts);
    if (rc != CSVC_OK)
        return rc;
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (weights[i] < 0)
            return cs_fail(NULL, CSVC_E_INVALID, "%s: weights[%zu] is negative (%" PRId64 ")", fn,
                           i, weights[i]);
        if (!checked_add(total, weights[i], &total))
            return cs_fail(NULL, CSVC_E_OVERFLOW,
                           "%s: sum of weights overflows int64 at weights[%zu]", fn, i);
    }
    if (total == 0)
        return cs_fail(NULL, CSVC_E_INVALID, "%s: all %zu weights are zero", fn, n);
    split_ctx c = {magnitude(amount), u128_from((uint64_t)total), keys, weights, NULL, 0, NULL, 0, 0};
    split_run(&c, amount < 0, n, parts);
    return CSVC_OK;
}

csvc_status csvc_money_split_weighted(int64_t amount, const double *weights,
                                      const char *const *keys, size_t n, int64_t *parts)
{
    static const char fn[] = "money_split_weighted";
    csvc_status rc = split_check_common(fn, weights, keys, n, parts);
    if (rc != CSVC_OK)
        return rc;
    int max_exp = 0, any = 0;
    for (size_t i = 0; i < n; i++) {
        double w = weights[i];
        if (!isfinite(w))
            return cs_fail(NULL, CSVC_E_INVALID, "%s: weights[%zu] is not finite (%g)", fn, i, w);
        if (w < 0)
            return cs_fail(NULL, CSVC_E_INVALID, "%s: weights[%zu] is negative (%g)", fn, i, w);
        if (w > 0) {
            int e;
            (void)frexp(w, &e); /* w = f * 2^e, 0.5 <= f < 1 */
            if (!any || e > max_exp)
                max_exp = e;
            any = 1;
        }
    }
    if (!any)
        return cs_fail(NULL, CSVC_E_INVALID, "%s: all %zu weights are zero", fn, n);
    split_ctx c = {magnitude(amount), u128_from(0), keys, NULL, weights, 64 - max_exp, NULL, 0, 0};
    for (size_t i = 0; i < n; i++) /* n * 2^64 cannot leave 128 bits */
        c.total = u128_add(c.total, u128_from(weight_at(&c, i)));
    split_run(&c, amount < 0, n, parts);
    return CSVC_OK;
}

/* ------------------------------------------------------------------------ */
/* Text                                                                     */

#define MONEY_DECIMALS_MAX 18

static uint64_t pow10_u64(uint32_t e)
{
    uint64_t p = 1;
    while (e--)
        p *= 10;
    return p;
}

csvc_status csvc_money_format(int64_t amount, uint32_t decimals, char *buf, size_t size)
{
    if (!buf)
        return cs_fail(NULL, CSVC_E_NULL, "money_format: buf is NULL");
    if (decimals > MONEY_DECIMALS_MAX)
        return cs_fail(NULL, CSVC_E_INVALID,
                       "money_format: decimals %" PRIu32 " out of range (0..%d)", decimals,
                       MONEY_DECIMALS_MAX);
    uint64_t mag = magnitude(amount), scale = pow10_u64(decimals);
    char tmp[48];
    int len;
    if (decimals == 0)
        len = snprintf(tmp, sizeof tmp, "%s%" PRIu64, amount < 0 ? "-" : "", mag);
    else
        len = snprintf(tmp, sizeof tmp, "%s%" PRIu64 ".%0*" PRIu64, amount < 0 ? "-" : "",
                       mag / scale, (int)decimals, mag % scale);
    if ((size_t)len >= size)
        return cs_fail(NULL, CSVC_E_RANGE,
                       "money_format: buffer of %zu bytes too small for '%s' (%d needed)", size,
                       tmp, len + 1);
    memcpy(buf, tmp, (size_t)len + 1);
    return CSVC_OK;
}

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* mag = mag * 10 + digit, within limit; 0 on overflow. */
static int push_digit(uint64_t *mag, unsigned digit, uint64_t limit)
{
    if (*mag > (limit - digit) / 10)
        return 0;
    *mag = *mag * 10 + digit;
    return 1;
}

csvc_status csvc_money_parse(const char *text, uint32_t decimals, int64_t *out)
{
    static const char fn[] = "money_parse";
    if (!text)
        return cs_fail(NULL, CSVC_E_NULL, "%s: text is NULL", fn);
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: out is NULL", fn);
    if (decimals > MONEY_DECIMALS_MAX)
        return cs_fail(NULL, CSVC_E_INVALID, "%s: decimals %" PRIu32 " out of range (0..%d)", fn,
                       decimals, MONEY_DECIMALS_MAX);
    const char *p = text;
    int negative = 0;
    if (*p == '-' || *p == '+')
        negative = *p++ == '-';
    uint64_t limit = negative ? MAG_INT64_MIN : (uint64_t)INT64_MAX, mag = 0;
    int overflow = 0;
    size_t int_digits = 0, frac_digits = 0;
    for (; is_digit(*p); p++, int_digits++)
        overflow |= !push_digit(&mag, (unsigned)(*p - '0'), limit);
    if (int_digits == 0)
        return cs_fail(NULL, CSVC_E_PARSE,
                       "%s: '%.64s' is not a decimal amount (expected a digit"
                       " at offset %td)",
                       fn, text, p - text);
    if (*p == '.') {
        const char *dot = p++;
        for (; is_digit(*p); p++, frac_digits++)
            if (frac_digits < decimals)
                overflow |= !push_digit(&mag, (unsigned)(*p - '0'), limit);
        if (frac_digits == 0)
            return cs_fail(NULL, CSVC_E_PARSE,
                           "%s: '%.64s' is not a decimal amount (expected a"
                           " digit after the point at offset %td)",
                           fn, text, dot - text);
    }
    if (*p != '\0')
        return cs_fail(NULL, CSVC_E_PARSE,
                       "%s: '%.64s' is not a decimal amount (unexpected"
                       " character at offset %td)",
                       fn, text, p - text);
    if (frac_digits > decimals)
        return cs_fail(NULL, CSVC_E_PARSE,
                       "%s: '%.64s' has %zu fraction digits, at most %" PRIu32 " allowed", fn, text,
                       frac_digits, decimals);
    for (size_t i = frac_digits; i < decimals; i++)
        overflow |= !push_digit(&mag, 0, limit);
    int64_t v;
    if (overflow || !from_magnitude(mag, negative, &v))
        return cs_fail(NULL, CSVC_E_OVERFLOW,
                       "%s: '%.64s' overflows int64 with %" PRIu32 " decimals", fn, text, decimals);
    *out = v;
    return CSVC_OK;
}
