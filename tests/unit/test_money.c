/* Money helpers: checked arithmetic, half-to-even rounding, largest-remainder
 * splits, text. Every arithmetic test runs twice: against the library and
 * against the portable fallback of src/common/money.c (no __int128, no
 * overflow builtins), compiled into this file under other names, so both
 * paths are held to the same hand-computed values. */
#include "fixtures.h"

#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>

/* ---- the portable build of money.c ------------------------------------- */

csvc_status portable_money_add(int64_t a, int64_t b, int64_t *out);
csvc_status portable_money_sub(int64_t a, int64_t b, int64_t *out);
csvc_status portable_money_mul(int64_t amount, int64_t factor, int64_t *out);
csvc_status portable_money_percent_bp(int64_t amount, int64_t basis_points, int64_t *out);
csvc_status portable_money_muldiv(int64_t amount, int64_t num, int64_t den, int64_t *out);
csvc_status portable_money_split(int64_t amount, const int64_t *weights, const char *const *keys,
                                 size_t n, int64_t *parts);
csvc_status portable_money_split_weighted(int64_t amount, const double *weights,
                                          const char *const *keys, size_t n, int64_t *parts);
csvc_status portable_money_format(int64_t amount, uint32_t decimals, char *buf, size_t size);
csvc_status portable_money_parse(const char *text, uint32_t decimals, int64_t *out);

#define CS_MONEY_PORTABLE 1
#define csvc_money_add portable_money_add
#define csvc_money_sub portable_money_sub
#define csvc_money_mul portable_money_mul
#define csvc_money_percent_bp portable_money_percent_bp
#define csvc_money_muldiv portable_money_muldiv
#define csvc_money_split portable_money_split
#define csvc_money_split_weighted portable_money_split_weighted
#define csvc_money_format portable_money_format
#define csvc_money_parse portable_money_parse
#include "common/money.c"
#undef csvc_money_add
#undef csvc_money_sub
#undef csvc_money_mul
#undef csvc_money_percent_bp
#undef csvc_money_muldiv
#undef csvc_money_split
#undef csvc_money_split_weighted
#undef csvc_money_format
#undef csvc_money_parse

typedef struct money_impl {
    const char *name;
    csvc_status (*add)(int64_t, int64_t, int64_t *);
    csvc_status (*sub)(int64_t, int64_t, int64_t *);
    csvc_status (*mul)(int64_t, int64_t, int64_t *);
    csvc_status (*percent_bp)(int64_t, int64_t, int64_t *);
    csvc_status (*muldiv)(int64_t, int64_t, int64_t, int64_t *);
    csvc_status (*split)(int64_t, const int64_t *, const char *const *, size_t, int64_t *);
    csvc_status (*split_weighted)(int64_t, const double *, const char *const *, size_t, int64_t *);
    csvc_status (*format)(int64_t, uint32_t, char *, size_t);
    csvc_status (*parse)(const char *, uint32_t, int64_t *);
} money_impl;

static money_impl library_impl = {
    "library",
    csvc_money_add,
    csvc_money_sub,
    csvc_money_mul,
    csvc_money_percent_bp,
    csvc_money_muldiv,
    csvc_money_split,
    csvc_money_split_weighted,
    csvc_money_format,
    csvc_money_parse,
};
static money_impl portable_impl = {
    "portable",
    portable_money_add,
    portable_money_sub,
    portable_money_mul,
    portable_money_percent_bp,
    portable_money_muldiv,
    portable_money_split,
    portable_money_split_weighted,
    portable_money_format,
    portable_money_parse,
};

#define IMPL ((const money_impl *)*state)
#define SENTINEL INT64_C(-777)
#define P62 INT64_C(4611686018427387904) /* 2^62 */

/* The call succeeds with *out == expected. */
#define assert_value(call, expected)                                                               \
    do {                                                                                           \
        int64_t out_ = SENTINEL;                                                                   \
        assert_csvc_ok(call);                                                                      \
        if (out_ != (int64_t)(expected))                                                           \
            fail_msg("%s [%s]: got %" PRId64 ", expected %" PRId64, #call, IMPL->name, out_,       \
                     (int64_t)(expected));                                                         \
    } while (0)

/* The call fails with `status`, a message containing `needle`, and leaves
 * *out untouched. */
#define assert_fails(call, status, needle)                                                         \
    do {                                                                                           \
        int64_t out_ = SENTINEL;                                                                   \
        assert_status_msg(call, status, needle);                                                   \
        assert_int_equal(out_, SENTINEL);                                                          \
    } while (0)

/* ---- add, sub, mul ------------------------------------------------------ */

static void test_add(void **state)
{
    assert_value(IMPL->add(1, 2, &out_), 3);
    assert_value(IMPL->add(-5, 3, &out_), -2);
    assert_value(IMPL->add(INT64_MAX, 0, &out_), INT64_MAX);
    assert_value(IMPL->add(INT64_MAX, INT64_MIN, &out_), -1);
    assert_value(IMPL->add(INT64_MIN, 0, &out_), INT64_MIN);
    assert_value(IMPL->add(INT64_MAX - 1, 1, &out_), INT64_MAX);
    assert_value(IMPL->add(INT64_MIN + 1, -1, &out_), INT64_MIN);
    assert_fails(IMPL->add(INT64_MAX, 1, &out_), CSVC_E_OVERFLOW, "money_add");
    assert_fails(IMPL->add(1, INT64_MAX, &out_), CSVC_E_OVERFLOW, "overflows");
    assert_fails(IMPL->add(INT64_MIN, -1, &out_), CSVC_E_OVERFLOW, "money_add");
    assert_fails(IMPL->add(INT64_MIN, INT64_MIN, &out_), CSVC_E_OVERFLOW, "money_add");
    assert_fails(IMPL->add(INT64_MAX, INT64_MAX, &out_), CSVC_E_OVERFLOW, "money_add");
    assert_status_msg(IMPL->add(1, 2, NULL), CSVC_E_NULL, "money_add: out");
}

static void test_sub(void **state)
{
    assert_value(IMPL->sub(5, 7, &out_), -2);
    assert_value(IMPL->sub(-1, INT64_MAX, &out_), INT64_MIN);
    assert_value(IMPL->sub(INT64_MIN, INT64_MIN, &out_), 0);
    assert_value(IMPL->sub(INT64_MAX, INT64_MAX, &out_), 0);
    assert_value(IMPL->sub(-1, INT64_MIN, &out_), INT64_MAX);
    assert_fails(IMPL->sub(INT64_MIN, 1, &out_), CSVC_E_OVERFLOW, "money_sub");
    assert_fails(IMPL->sub(0, INT64_MIN, &out_), CSVC_E_OVERFLOW, "money_sub"); /* 2^63 */
    assert_fails(IMPL->sub(INT64_MAX, -1, &out_), CSVC_E_OVERFLOW, "money_sub");
    assert_fails(IMPL->sub(-2, INT64_MAX, &out_), CSVC_E_OVERFLOW, "money_sub");
    assert_status_msg(IMPL->sub(1, 2, NULL), CSVC_E_NULL, "money_sub: out");
}

static void test_mul(void **state)
{
    assert_value(IMPL->mul(1234, 3, &out_), 3702);
    assert_value(IMPL->mul(-1234, 3, &out_), -3702);
    assert_value(IMPL->mul(-1234, -3, &out_), 3702);
    assert_value(IMPL->mul(0, INT64_MIN, &out_), 0);
    assert_value(IMPL->mul(INT64_MIN, 1, &out_), INT64_MIN);
    assert_value(IMPL->mul(INT64_MAX, -1, &out_), -INT64_MAX);
    /* 3037000499^2 = 9223372030926249001 <= INT64_MAX;
     * 3037000500^2 = 9223372037000250000 > INT64_MAX. */
    assert_value(IMPL->mul(3037000499, 3037000499, &out_), INT64_C(9223372030926249001));
    assert_fails(IMPL->mul(3037000500, 3037000500, &out_), CSVC_E_OVERFLOW, "money_mul");
    /* -(2^32) * 2^31 = -2^63 fits; 2^32 * 2^31 does not. */
    assert_value(IMPL->mul(-(INT64_C(1) << 32), INT64_C(1) << 31, &out_), INT64_MIN);
    assert_fails(IMPL->mul(INT64_C(1) << 32, INT64_C(1) << 31, &out_), CSVC_E_OVERFLOW,
                 "money_mul");
    assert_fails(IMPL->mul(INT64_MIN, -1, &out_), CSVC_E_OVERFLOW, "money_mul");
    assert_fails(IMPL->mul(-1, INT64_MIN, &out_), CSVC_E_OVERFLOW, "money_mul");
    assert_fails(IMPL->mul(INT64_MAX, 2, &out_), CSVC_E_OVERFLOW, "money_mul");
    assert_fails(IMPL->mul(INT64_MIN, INT64_MIN, &out_), CSVC_E_OVERFLOW, "money_mul");
    assert_status_msg(IMPL->mul(1, 2, NULL), CSVC_E_NULL, "money_mul: out");
}

/* ---- percent_bp and muldiv --------------------------------------------- */

static void test_percent_bp(void **state)
{
    /* The header's examples: 12345 * 1250 / 10000 = 1543.125 -> 1543;
     * 5 * 5000 / 10000 = 2.5 -> 2 (even). */
    assert_value(IMPL->percent_bp(12345, 1250, &out_), 1543);
    assert_value(IMPL->percent_bp(5, 5000, &out_), 2);
    /* Exact halves go to the even neighbour, both ways. */
    assert_value(IMPL->percent_bp(15, 5000, &out_), 8);   /* 7.5 -> 8 */
    assert_value(IMPL->percent_bp(25, 5000, &out_), 12);  /* 12.5 -> 12 */
    assert_value(IMPL->percent_bp(35, 5000, &out_), 18);  /* 17.5 -> 18 */
    assert_value(IMPL->percent_bp(-5, 5000, &out_), -2);  /* -2.5 -> -2 */
    assert_value(IMPL->percent_bp(-15, 5000, &out_), -8); /* -7.5 -> -8 */
    assert_value(IMPL->percent_bp(5000, 1, &out_), 0);    /* 0.5 -> 0 */
    assert_value(IMPL->percent_bp(15000, 1, &out_), 2);   /* 1.5 -> 2 */
    /* Not ties: round to nearest. */
    assert_value(IMPL->percent_bp(9999, 1, &out_), 1); /* 0.9999 -> 1 */
    assert_value(IMPL->percent_bp(4999, 1, &out_), 0); /* 0.4999 -> 0 */
    assert_value(IMPL->percent_bp(5001, 1, &out_), 1); /* 0.5001 -> 1 */
    assert_value(IMPL->percent_bp(-5001, 1, &out_), -1);
    assert_value(IMPL->percent_bp(1, 1, &out_), 0);
    /* 0 bp, 100 %, above 100 %, negative. */
    assert_value(IMPL->percent_bp(123456, 0, &out_), 0);
    assert_value(IMPL->percent_bp(INT64_MIN, 0, &out_), 0);
    assert_value(IMPL->percent_bp(123456, 10000, &out_), 123456);
    assert_value(IMPL->percent_bp(INT64_MAX, 10000, &out_), INT64_MAX);
    assert_value(IMPL->percent_bp(INT64_MIN, 10000, &out_), INT64_MIN);
    assert_value(IMPL->percent_bp(123, 20000, &out_), 246);
    assert_value(IMPL->percent_bp(123, 12345, &out_), 152); /* 151.8435 -> 152 */
    assert_value(IMPL->percent_bp(100, -2500, &out_), -25);
    /* Exact 128-bit intermediates:
     * (2^63 - 1) * 5000 / 10000 = 4611686018427387903.5 -> ...904 (even);
     * -2^63 * 5000 / 10000 = -2^62 exactly;
     * (2^63 - 1) * 9999 / 10000 = 9223372036854775807 - 922337203685477.5807
     *   = 9222449699651090329.4193 -> 9222449699651090329. */
    assert_value(IMPL->percent_bp(INT64_MAX, 5000, &out_), P62);
    assert_value(IMPL->percent_bp(INT64_MIN, 5000, &out_), -P62);
    assert_value(IMPL->percent_bp(INT64_MAX, 9999, &out_), INT64_C(9222449699651090329));
    /* Huge bp on a small amount: 3 * INT64_MAX / 10000 = 2767011611056432.7421 -> ...433. */
    assert_value(IMPL->percent_bp(3, INT64_MAX, &out_), INT64_C(2767011611056433));
    assert_fails(IMPL->percent_bp(INT64_MAX, 10001, &out_), CSVC_E_OVERFLOW, "money_percent_bp");
    assert_fails(IMPL->percent_bp(INT64_MAX, 20000, &out_), CSVC_E_OVERFLOW, "overflows");
    assert_fails(IMPL->percent_bp(INT64_MIN, -10000, &out_), CSVC_E_OVERFLOW, "money_percent_bp");
    assert_fails(IMPL->percent_bp(INT64_MIN, INT64_MIN, &out_), CSVC_E_OVERFLOW,
                 "money_percent_bp");
    assert_status_msg(IMPL->percent_bp(1, 2, NULL), CSVC_E_NULL, "money_percent_bp: out");
}

static void test_muldiv(void **state)
{
    assert_value(IMPL->muldiv(7, 1, 2, &out_), 4);   /* 3.5 -> 4 */
    assert_value(IMPL->muldiv(5, 1, 2, &out_), 2);   /* 2.5 -> 2 */
    assert_value(IMPL->muldiv(-7, 1, 2, &out_), -4); /* -3.5 -> -4 */
    assert_value(IMPL->muldiv(7, -1, 2, &out_), -4);
    assert_value(IMPL->muldiv(7, 1, -2, &out_), -4);
    assert_value(IMPL->muldiv(-7, -1, -2, &out_), -4);
    assert_value(IMPL->muldiv(-7, -1, 2, &out_), 4);
    assert_value(IMPL->muldiv(-5, -1, -2, &out_), -2); /* -2.5 -> -2 */
    assert_value(IMPL->muldiv(1, 1, 3, &out_), 0);
    assert_value(IMPL->muldiv(2, 1, 3, &out_), 1);
    assert_value(IMPL->muldiv(100, 2, 3, &out_), 67); /* 66.67 */
    assert_value(IMPL->muldiv(0, INT64_MAX, 1, &out_), 0);
    /* The product needs 126 bits, the quotient fits. */
    assert_value(IMPL->muldiv(INT64_MAX, INT64_MAX, INT64_MAX, &out_), INT64_MAX);
    assert_value(IMPL->muldiv(INT64_MIN, INT64_MIN, INT64_MIN, &out_), INT64_MIN);
    assert_value(IMPL->muldiv(INT64_MIN, INT64_MAX, INT64_MIN, &out_), INT64_MAX);
    assert_value(IMPL->muldiv(INT64_MIN, -1, 2, &out_), P62);
    /* (2^63 - 1) * 2 / 3 = 18446744073709551614 / 3 = 6148914691236517204 rem 2 -> ...205. */
    assert_value(IMPL->muldiv(INT64_MAX, 2, 3, &out_), INT64_C(6148914691236517205));
    /* (2^63 - 1) / 2 = 4611686018427387903.5 -> ...904; (2^63 - 3) / 2 = ...902.5 -> ...902. */
    assert_value(IMPL->muldiv(INT64_MAX, 1, 2, &out_), P62);
    assert_value(IMPL->muldiv(INT64_MAX - 2, 1, 2, &out_), P62 - 2);
    /* A divisor of magnitude 2^63: -(2^63 - 1) / 2^63 -> -1; 2^62 / -2^63 = -0.5 -> 0;
     * -3 (2^63 - 1) / 2^63 = -2.99999... -> -3. */
    assert_value(IMPL->muldiv(INT64_MAX, 1, INT64_MIN, &out_), -1);
    assert_value(IMPL->muldiv(P62, 1, INT64_MIN, &out_), 0);
    /* 3 * 2^61 * 2 / -2^63 = -1.5 -> -2; 5 * 2^60 * 4 / -2^63 = -2.5 -> -2;
     * 3 * 2^61 / -2^63 = -0.75 -> -1. */
    assert_value(IMPL->muldiv(3 * (P62 / 2), 2, INT64_MIN, &out_), -2);
    assert_value(IMPL->muldiv(5 * (P62 / 4), 4, INT64_MIN, &out_), -2);
    assert_value(IMPL->muldiv(3 * (P62 / 2), 1, INT64_MIN, &out_), -1);
    assert_value(IMPL->muldiv(INT64_MAX, 3, INT64_MIN, &out_), -3);
    assert_value(IMPL->muldiv(INT64_MIN, 3, INT64_MIN, &out_), 3);
    assert_fails(IMPL->muldiv(INT64_MIN, -1, 1, &out_), CSVC_E_OVERFLOW, "money_muldiv");
    assert_fails(IMPL->muldiv(INT64_MIN, 1, -1, &out_), CSVC_E_OVERFLOW, "money_muldiv");
    assert_fails(IMPL->muldiv(INT64_MAX, 3, 2, &out_), CSVC_E_OVERFLOW, "overflows");
    assert_fails(IMPL->muldiv(INT64_MAX, INT64_MAX, 1, &out_), CSVC_E_OVERFLOW, "money_muldiv");
    assert_fails(IMPL->muldiv(1, 1, 0, &out_), CSVC_E_INVALID, "money_muldiv: den is 0");
    assert_fails(IMPL->muldiv(0, 0, 0, &out_), CSVC_E_INVALID, "den");
    assert_status_msg(IMPL->muldiv(1, 2, 3, NULL), CSVC_E_NULL, "money_muldiv: out");
}

/* ---- split -------------------------------------------------------------- */

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static void check_parts(const char *what, const int64_t *got, const int64_t *want, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (got[i] != want[i])
            fail_msg("%s: parts[%zu] = %" PRId64 ", expected %" PRId64, what, i, got[i], want[i]);
}

#define SPLIT_OK(amount, weights, keys, ...)                                                       \
    do {                                                                                           \
        const int64_t want_[] = {__VA_ARGS__};                                                     \
        int64_t got_[N_OF(want_)];                                                                 \
        assert_int_equal(N_OF(weights), N_OF(want_));                                              \
        assert_csvc_ok(IMPL->split(amount, weights, keys, N_OF(want_), got_));                     \
        check_parts(#amount " by " #weights, got_, want_, N_OF(want_));                            \
    } while (0)

#define SPLITW_OK(amount, weights, keys, ...)                                                      \
    do {                                                                                           \
        const int64_t want_[] = {__VA_ARGS__};                                                     \
        int64_t got_[N_OF(want_)];                                                                 \
        assert_int_equal(N_OF(weights), N_OF(want_));                                              \
        assert_csvc_ok(IMPL->split_weighted(amount, weights, keys, N_OF(want_), got_));            \
        check_parts(#amount " by " #weights, got_, want_, N_OF(want_));                            \
    } while (0)

static void test_split_basic(void **state)
{
    const int64_t ones[] = {1, 1, 1}, w235[] = {2, 3, 5}, w1234[] = {1, 2, 3, 4}, pair[] = {1, 1},
                  sparse[] = {0, 1, 0, 1}, single[] = {7};
    /* 100 / 3 = 33.33 each: floors 99, one unit left, remainders tie -> index 0. */
    SPLIT_OK(100, ones, NULL, 34, 33, 33);
    SPLIT_OK(2, ones, NULL, 1, 1, 0);
    SPLIT_OK(1, pair, NULL, 1, 0);
    /* 100 by 2:3:5 = 20, 30, 50 exactly. */
    SPLIT_OK(100, w235, NULL, 20, 30, 50);
    /* 7 by 2:3:5 = 1.4, 2.1, 3.5: floors 1+2+3 = 6, the unit goes to .5. */
    SPLIT_OK(7, w235, NULL, 1, 2, 4);
    /* 9 by 2:3:5 = 1.8, 2.7, 4.5: floors 7, units to .8 and .7. */
    SPLIT_OK(9, w235, NULL, 2, 3, 4);
    SPLIT_OK(10, w1234, NULL, 1, 2, 3, 4);
    /* 11 by 1:2:3:4 = 1.1, 2.2, 3.3, 4.4: floors 10, unit to .4. */
    SPLIT_OK(11, w1234, NULL, 1, 2, 3, 5);
    /* 5 by 0:1:0:1 = 0, 2.5, 0, 2.5: the tie goes to index 1; zero weights get 0. */
    SPLIT_OK(5, sparse, NULL, 0, 3, 0, 2);
    SPLIT_OK(0, w235, NULL, 0, 0, 0);
    SPLIT_OK(12345, single, NULL, 12345);
    /* Negative amounts split the magnitude and negate. */
    SPLIT_OK(-100, ones, NULL, -34, -33, -33);
    SPLIT_OK(-7, w235, NULL, -1, -2, -4);
    SPLIT_OK(-5, sparse, NULL, 0, -3, 0, -2);
}

static void test_split_ties(void **state)
{
    const int64_t ones[] = {1, 1, 1}, pair[] = {1, 1}, four[] = {1, 1, 1, 1};
    const char *cab[] = {"c", "a", "b"};
    const char *same[] = {"x", "x", "x"};
    const char *case_keys[] = {"a", "B"};            /* 'B' 0x42 < 'a' 0x61 */
    const char *utf8_keys[] = {"\xe5\xae\xa2", "z"}; /* "客" 0xe5 > 'z' 0x7a: unsigned bytes */
    const char *prefix[] = {"A10", "A1"};            /* a prefix sorts first */
    const char *mixed[] = {"b", "a", "b", "a"};
    /* 100 / 3: one unit, remainders tie; keys decide: "a" (index 1). */
    SPLIT_OK(100, ones, cab, 33, 34, 33);
    /* 101 / 3 = 33.67: two units, to "a" then "b". */
    SPLIT_OK(101, ones, cab, 33, 34, 34);
    /* Equal keys fall back to the index. */
    SPLIT_OK(100, ones, same, 34, 33, 33);
    SPLIT_OK(1, pair, case_keys, 0, 1);
    SPLIT_OK(1, pair, utf8_keys, 0, 1);
    SPLIT_OK(1, pair, prefix, 0, 1);
    /* 6 / 4 = 1.5 each: two units to the "a" keys; 7 / 4: three units, "a", "a", then the
     * first "b" (index 0). */
    SPLIT_OK(6, four, mixed, 1, 2, 1, 2);
    SPLIT_OK(7, four, mixed, 2, 2, 1, 2);
    SPLIT_OK(-7, four, mixed, -2, -2, -1, -2);
    /* Keys only break ties: the larger remainder wins whatever its key. 7 by 2:3:5 gives
     * .4 .1 .5, so the unit goes to index 2 even though its key "c" is last. */
    const int64_t w235[] = {2, 3, 5};
    const char *abc[] = {"a", "b", "c"};
    SPLIT_OK(7, w235, abc, 1, 2, 4);
    /* Weighted splits break ties the same way. */
    const double dones[] = {1.0, 1.0, 1.0};
    SPLITW_OK(100, dones, cab, 33, 34, 33);
    SPLITW_OK(100, dones, same, 34, 33, 33);
    SPLITW_OK(100, dones, NULL, 34, 33, 33);
}

static void test_split_boundaries(void **state)
{
    const int64_t pair[] = {1, 1}, ones[] = {1, 1, 1}, one[] = {1};
    const int64_t max_one[] = {INT64_MAX - 1, 1};
    const int64_t halves[] = {INT64_MAX / 2, INT64_MAX / 2};
    const int64_t near[] = {P62, P62 - 1};
    const int64_t whole[] = {INT64_MAX};
    /* INT64_MIN: magnitude 2^63, halves of 2^62. */
    SPLIT_OK(INT64_MIN, pair, NULL, -P62, -P62);
    SPLIT_OK(INT64_MIN, one, NULL, INT64_MIN);
    SPLIT_OK(INT64_MIN, whole, NULL, INT64_MIN);
    /* 2^63 / 3 = 3074457345618258602 rem 2: two units to indices 0 and 1. */
    SPLIT_OK(INT64_MIN, ones, NULL, -INT64_C(3074457345618258603), -INT64_C(3074457345618258603),
             -INT64_C(3074457345618258602));
    /* (2^63 - 1) / 2 = 4611686018427387903.5 each. */
    SPLIT_OK(INT64_MAX, pair, NULL, P62, P62 - 1);
    SPLIT_OK(INT64_MAX, one, NULL, INT64_MAX);
    /* Weights summing to INT64_MAX: quota 0 = (2^63-1)(2^63-2)/(2^63-1) = 2^63-2 exactly. */
    SPLIT_OK(INT64_MAX, max_one, NULL, INT64_MAX - 1, 1);
    SPLIT_OK(3, halves, NULL, 2, 1);
    /* 1000 by 2^62 : 2^62-1 (W = 2^63-1). 1000 * 2^62 = 500 W + 500, so part 0 is
     * 500 rem 500; 1000 (2^62 - 1) = 499 W + (W - 500), so part 1 is 499 rem W-500:
     * the unit goes to part 1 -> 500, 500. A double computation would see a tie. */
    SPLIT_OK(1000, near, NULL, 500, 500);
    SPLIT_OK(-1000, near, NULL, -500, -500);
    /* Huge weights with a small amount. */
    const int64_t big[] = {INT64_MAX / 3, INT64_MAX / 3, INT64_MAX / 3};
    SPLIT_OK(100, big, NULL, 34, 33, 33);
}

static void test_split_errors(void **state)
{
    int64_t parts[4] = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};
    const int64_t ok[] = {1, 2, 3, 4};
    const int64_t neg[] = {1, 2, -5, 4};
    const int64_t minw[] = {INT64_MIN, 1, 1, 1};
    const int64_t zeros[] = {0, 0, 0, 0};
    const int64_t ovf[] = {1, INT64_MAX, 1, 1};
    const int64_t ovf2[] = {INT64_MAX / 2 + 1, INT64_MAX / 2 + 1, 0, 0};
    const char *keys[] = {"a", NULL, "c", "d"};
    assert_status_msg(IMPL->split(10, NULL, NULL, 4, parts), CSVC_E_NULL,
                      "money_split: weights is NULL");
    assert_status_msg(IMPL->split(10, ok, NULL, 4, NULL), CSVC_E_NULL, "money_split: parts");
    assert_status_msg(IMPL->split(10, ok, keys, 4, parts), CSVC_E_NULL,
                      "money_split: keys[1] is NULL");
    assert_status_msg(IMPL->split(10, ok, NULL, 0, parts), CSVC_E_INVALID, "money_split: n is 0");
    assert_status_msg(IMPL->split(10, neg, NULL, 4, parts), CSVC_E_INVALID,
                      "money_split: weights[2] is negative (-5)");
    assert_status_msg(IMPL->split(10, minw, NULL, 4, parts), CSVC_E_INVALID, "weights[0]");
    assert_status_msg(IMPL->split(10, zeros, NULL, 4, parts), CSVC_E_INVALID, "weights are zero");
    assert_status_msg(IMPL->split(0, zeros, NULL, 1, parts), CSVC_E_INVALID, "zero");
    assert_status_msg(IMPL->split(10, ovf, NULL, 4, parts), CSVC_E_OVERFLOW,
                      "money_split: sum of weights overflows int64 at weights[1]");
    assert_status_msg(IMPL->split(10, ovf2, NULL, 4, parts), CSVC_E_OVERFLOW, "weights[1]");
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(parts[i], SENTINEL);
}

static void test_split_weighted_basic(void **state)
{
    /* Hours 7.5 : 7.5 : 5 of 1000 = 375, 375, 250 exactly. */
    const double hours[] = {7.5, 7.5, 5.0};
    SPLITW_OK(1000, hours, NULL, 375, 375, 250);
    SPLITW_OK(-1000, hours, NULL, -375, -375, -250);
    /* 7 by 0.25 : 0.75 = 1.75, 5.25: floors 6, unit to .75. */
    const double quarters[] = {0.25, 0.75};
    SPLITW_OK(7, quarters, NULL, 2, 5);
    /* 0.1, 0.2, 0.3 are not exact in binary: as doubles they are 3602879701896397,
     * 7205759403792794, 10808639105689190 times 2^-55 (W = 21617278211378381 * 2^-55).
     * 6 * w / W = 1 + 1/W, 2 + 2/W, 3 - 3/W: floors 1, 2, 2, and the unit goes to the
     * largest remainder (W - 3)/W, giving 1, 2, 3. */
    const double tenths[] = {0.1, 0.2, 0.3};
    SPLITW_OK(6, tenths, NULL, 1, 2, 3);
    /* Zero and negative-zero weights get nothing. */
    const double zeroes[] = {0.0, 2.0, -0.0, 2.0};
    SPLITW_OK(5, zeroes, NULL, 0, 3, 0, 2);
    /* Extreme ranges: 1e-300 is negligible next to 1e300; two tiny equal weights, two
     * subnormal ones and two DBL_MAX split evenly without overflow. */
    const double wide[] = {1e300, 1e-300};
    SPLITW_OK(100, wide, NULL, 100, 0);
    const double tiny[] = {1e-300, 1e-300};
    SPLITW_OK(3, tiny, NULL, 2, 1);
    const double sub[] = {4.9406564584124654e-324, 4.9406564584124654e-324};
    SPLITW_OK(3, sub, NULL, 2, 1);
    const double huge[] = {DBL_MAX, DBL_MAX, DBL_MAX};
    SPLITW_OK(100, huge, NULL, 34, 33, 33);
    /* A 1 : 3 ratio at the extremes of the amount: 2^63 / 4 = 2^61, 3 * 2^61. */
    const double one_three[] = {1.0, 3.0};
    SPLITW_OK(INT64_MIN, one_three, NULL, -(P62 / 2), -3 * (P62 / 2));
    /* The scaled weights are 2^62 and 3 * 2^62, so W = 2^64 needs more than 64 bits.
     * (2^63 - 1) / 4 = 2305843009213693951.75 and 3 (2^63 - 1) / 4 = 6917529027641081855.25:
     * the floors sum to 2^63 - 2, and the one unit left goes to the .75 part. */
    SPLITW_OK(INT64_MAX, one_three, NULL, INT64_C(2305843009213693952),
              INT64_C(6917529027641081855));
}

static void test_split_weighted_errors(void **state)
{
    int64_t parts[3] = {SENTINEL, SENTINEL, SENTINEL};
    const double ok[] = {1.0, 2.0, 3.0};
    const double nan_w[] = {1.0, NAN, 3.0};
    const double inf_w[] = {INFINITY, 1.0, 3.0};
    const double ninf_w[] = {1.0, 1.0, -INFINITY};
    const double neg[] = {1.0, -0.5, 3.0};
    const double zeros[] = {0.0, -0.0, 0.0};
    const char *keys[] = {"a", "b", NULL};
    static const char fn[] = "money_split_weighted: ";
    char expect[128];
    assert_status_msg(IMPL->split_weighted(10, NULL, NULL, 3, parts), CSVC_E_NULL,
                      "money_split_weighted: weights is NULL");
    assert_status_msg(IMPL->split_weighted(10, ok, NULL, 3, NULL), CSVC_E_NULL, "parts");
    assert_status_msg(IMPL->split_weighted(10, ok, keys, 3, parts), CSVC_E_NULL, "keys[2]");
    assert_status_msg(IMPL->split_weighted(10, ok, NULL, 0, parts), CSVC_E_INVALID, "n is 0");
    snprintf(expect, sizeof expect, "%sweights[1] is not finite", fn);
    assert_status_msg(IMPL->split_weighted(10, nan_w, NULL, 3, parts), CSVC_E_INVALID, expect);
    assert_status_msg(IMPL->split_weighted(10, inf_w, NULL, 3, parts), CSVC_E_INVALID,
                      "weights[0] is not finite");
    assert_status_msg(IMPL->split_weighted(10, ninf_w, NULL, 3, parts), CSVC_E_INVALID,
                      "weights[2] is not finite");
    assert_status_msg(IMPL->split_weighted(10, neg, NULL, 3, parts), CSVC_E_INVALID,
                      "weights[1] is negative (-0.5)");
    assert_status_msg(IMPL->split_weighted(10, zeros, NULL, 3, parts), CSVC_E_INVALID,
                      "weights are zero");
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(parts[i], SENTINEL);
}

/* ---- split: randomised comparison with a naive implementation ----------- */

static uint64_t rng_next(uint64_t *s) /* splitmix64 */
{
    uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

#ifdef __SIZEOF_INT128__
__extension__ typedef unsigned __int128 wide_u;

#define NAIVE_MAX 64

/* The textbook method, written independently: floors of the exact quotas,
 * then the leftover units handed out one at a time, each to the best part
 * not yet served (larger remainder, then smaller key, then smaller index),
 * found by scanning every part. */
static void naive_split(int64_t amount, const uint64_t *w, const char *const *keys, size_t n,
                        int64_t *out)
{
    wide_u a = amount < 0 ? (wide_u)(-(amount + 1)) + 1 : (wide_u)amount;
    wide_u total = 0, floors = 0, q[NAIVE_MAX], r[NAIVE_MAX];
    int served[NAIVE_MAX] = {0};
    for (size_t i = 0; i < n; i++)
        total += w[i];
    for (size_t i = 0; i < n; i++) {
        q[i] = a * w[i] / total;
        r[i] = a * w[i] % total;
        floors += q[i];
    }
    for (wide_u left = a - floors; left > 0; left--) {
        size_t best = n;
        for (size_t i = 0; i < n; i++) {
            if (served[i])
                continue;
            if (best == n || r[i] > r[best] ||
                (r[i] == r[best] && keys && strcmp(keys[i], keys[best]) < 0))
                best = i;
        }
        served[best] = 1;
        q[best]++;
    }
    for (size_t i = 0; i < n; i++) {
        if (amount < 0)
            out[i] = q[i] == (wide_u)1 << 63 ? INT64_MIN : -(int64_t)q[i];
        else
            out[i] = (int64_t)q[i];
    }
}

static const char *const key_pool[] = {"a", "b", "c", "A1", "A10", "\xe5\xae\xa2", "z", "a"};

static int64_t random_amount(uint64_t *s)
{
    switch (rng_next(s) % 6) {
    case 0:
        return (int64_t)(rng_next(s) % 2001) - 1000;
    case 1:
        return (int64_t)(rng_next(s) % 2000000001) - 1000000000;
    case 2:
        return (int64_t)rng_next(s); /* anything */
    case 3:
        return INT64_MIN + (int64_t)(rng_next(s) % 3);
    case 4:
        return INT64_MAX - (int64_t)(rng_next(s) % 3);
    default:
        return (int64_t)(rng_next(s) % 10);
    }
}

static void random_keys(uint64_t *s, size_t n, const char **keys)
{
    for (size_t i = 0; i < n; i++)
        keys[i] = key_pool[rng_next(s) % N_OF(key_pool)];
}

static void test_split_random(void **state)
{
    uint64_t seed = 20250101;
    int64_t w[NAIVE_MAX], got[NAIVE_MAX], want[NAIVE_MAX];
    uint64_t uw[NAIVE_MAX];
    const char *keys[NAIVE_MAX];
    for (int round = 0; round < 6000; round++) {
        size_t n = 1 + rng_next(&seed) % (round % 10 == 0 ? NAIVE_MAX : 12);
        int mode = (int)(rng_next(&seed) % 4);
        int64_t sum = 0;
        for (size_t i = 0; i < n; i++) {
            switch (mode) {
            case 0:
                w[i] = (int64_t)(rng_next(&seed) % 4);
                break;
            case 1:
                w[i] = (int64_t)(rng_next(&seed) % 1001);
                break;
            case 2:
                w[i] = (int64_t)(rng_next(&seed) % (uint64_t)(INT64_MAX / (int64_t)n));
                break;
            default:
                w[i] = (int64_t)1 << (rng_next(&seed) % 50);
                break;
            }
            sum += w[i];
        }
        if (sum == 0)
            w[rng_next(&seed) % n] = 1;
        for (size_t i = 0; i < n; i++)
            uw[i] = (uint64_t)w[i];
        int64_t amount = random_amount(&seed);
        int with_keys = (int)(rng_next(&seed) % 2);
        random_keys(&seed, n, keys);
        const char *const *k = with_keys ? keys : NULL;
        naive_split(amount, uw, k, n, want);
        assert_csvc_ok(IMPL->split(amount, w, k, n, got));
        int64_t total = 0;
        for (size_t i = 0; i < n; i++) {
            if (got[i] != want[i])
                fail_msg("round %d [%s]: split(%" PRId64 ", n=%zu)[%zu] = %" PRId64
                         ", naive %" PRId64,
                         round, IMPL->name, amount, n, i, got[i], want[i]);
            total += got[i]; /* parts never exceed the amount in magnitude: no overflow */
            if (w[i] == 0)
                assert_int_equal(got[i], 0);
        }
        assert_int_equal(total, amount);
    }
}

/* Weights k / 2^s are exact doubles, so split_weighted must agree with the naive
 * integer split of the k. Arbitrary doubles must still add up exactly and stay
 * within one unit of their quota. */
static void test_split_weighted_random(void **state)
{
    uint64_t seed = 77;
    double w[NAIVE_MAX];
    uint64_t k[NAIVE_MAX];
    int64_t got[NAIVE_MAX], want[NAIVE_MAX];
    const char *keys[NAIVE_MAX];
    for (int round = 0; round < 4000; round++) {
        size_t n = 1 + rng_next(&seed) % 12;
        int shift = (int)(rng_next(&seed) % 40) - 10;
        uint64_t kmax = round % 2 ? 4 : (UINT64_C(1) << 40);
        int any = 0;
        for (size_t i = 0; i < n; i++) {
            k[i] = rng_next(&seed) % kmax;
            any |= k[i] != 0;
        }
        if (!any)
            k[0] = 3;
        for (size_t i = 0; i < n; i++)
            w[i] = ldexp((double)k[i], -shift);
        int64_t amount = random_amount(&seed);
        int with_keys = (int)(rng_next(&seed) % 2);
        random_keys(&seed, n, keys);
        const char *const *kk = with_keys ? keys : NULL;
        naive_split(amount, k, kk, n, want);
        assert_csvc_ok(IMPL->split_weighted(amount, w, kk, n, got));
        for (size_t i = 0; i < n; i++)
            if (got[i] != want[i])
                fail_msg("round %d [%s]: split_weighted(%" PRId64 ")[%zu] = %" PRId64
                         ", naive %" PRId64,
                         round, IMPL->name, amount, i, got[i], want[i]);
    }
    for (int round = 0; round < 3000; round++) {
        size_t n = 1 + rng_next(&seed) % 20;
        long double total_w = 0;
        for (size_t i = 0; i < n; i++) {
            uint64_t pick = rng_next(&seed);
            w[i] = pick % 5 == 0 ? 0.0 : (double)(pick >> 11) * 0x1p-53 * 1000.0;
            if (pick % 7 == 0)
                w[i] *= 1e-9;
            total_w += w[i];
        }
        if (total_w == 0) {
            w[0] = 0.3;
            total_w = 0.3;
        }
        int64_t amount = (int64_t)(rng_next(&seed) % 20000001) - 10000000;
        assert_csvc_ok(IMPL->split_weighted(amount, w, NULL, n, got));
        int64_t sum = 0;
        for (size_t i = 0; i < n; i++) {
            long double quota = (long double)amount * w[i] / total_w;
            if (fabsl((long double)got[i] - quota) >= 1.0L + 1e-6L)
                fail_msg("round %d: part %" PRId64 " vs quota %Lf", round, got[i], quota);
            if (w[i] == 0)
                assert_int_equal(got[i], 0);
            sum += got[i];
        }
        assert_int_equal(sum, amount);
    }
}

/* Weights with more significant bits than fit 64 bits below the largest one are
 * rounded half-to-even there (the rule the header documents). With w0 = 1.0 the
 * scale is 2^63: w1 = 2^-12 (1 + 3 * 2^-52) -> 2^51 + 1.5 -> 2^51 + 2 and
 * w2 = 2^-12 (1 + 2^-52) -> 2^51 + 0.5 -> 2^51 (even). With an amount near 2^63
 * one unit of weight moves the quota by about one unit of money. */
static void test_split_weighted_rounding(void **state)
{
    const double w[] = {1.0, ldexp(1.0 + 3 * DBL_EPSILON, -12), ldexp(1.0 + DBL_EPSILON, -12)};
    const uint64_t k[] = {UINT64_C(1) << 63, (UINT64_C(1) << 51) + 2, UINT64_C(1) << 51};
    const int64_t amounts[] = {INT64_MAX, INT64_MIN, INT64_MAX - 12345, 1000000007};
    int64_t got[3], want[3];
    for (size_t a = 0; a < N_OF(amounts); a++) {
        naive_split(amounts[a], k, NULL, 3, want);
        assert_csvc_ok(IMPL->split_weighted(amounts[a], w, NULL, 3, got));
        check_parts("split_weighted rounding", got, want, 3);
    }
}

/* The portable 128-bit helpers against the compiler's 128-bit integers, including
 * divisors of 2^127 and more. */
static void test_portable_u128(void **state)
{
    uint64_t seed = 99;
    for (int i = 0; i < 200000; i++) {
        uint64_t a = rng_next(&seed), b = rng_next(&seed);
        if (i % 4 == 1)
            a >>= rng_next(&seed) % 64;
        if (i % 4 == 2)
            b >>= rng_next(&seed) % 64;
        u128 p = u128_mul(a, b);
        wide_u wp = (wide_u)a * b;
        assert_true(p.hi == (uint64_t)(wp >> 64) && p.lo == (uint64_t)wp);
        uint64_t dh = rng_next(&seed), dl = rng_next(&seed);
        switch (i % 5) {
        case 0:
            dh = 0;
            break; /* 64-bit divisor */
        case 1:
            dh >>= rng_next(&seed) % 64;
            break;
        case 2:
            dh |= UINT64_C(1) << 63;
            break; /* >= 2^127 */
        case 3:
            dh = 0;
            dl = dl >> (rng_next(&seed) % 64) | 1;
            break;
        default:
            break;
        }
        if (dh == 0 && dl == 0)
            dl = 1;
        uint64_t nh = i % 3 ? p.hi : rng_next(&seed), nl = p.lo;
        u128 n = {nh, nl}, d = {dh, dl}, r;
        u128 q = u128_divmod(n, d, &r);
        wide_u wn = (wide_u)nh << 64 | nl, wd = (wide_u)dh << 64 | dl;
        wide_u wq = wn / wd, wr = wn % wd;
        if (q.hi != (uint64_t)(wq >> 64) || q.lo != (uint64_t)wq || r.hi != (uint64_t)(wr >> 64) ||
            r.lo != (uint64_t)wr)
            fail_msg("divmod %016" PRIx64 "%016" PRIx64 " / %016" PRIx64 "%016" PRIx64, nh, nl, dh,
                     dl);
        u128 s = u128_add(n, d), t = u128_sub(n, d);
        assert_true(s.hi == (uint64_t)((wn + wd) >> 64) && s.lo == (uint64_t)(wn + wd));
        assert_true(t.hi == (uint64_t)((wn - wd) >> 64) && t.lo == (uint64_t)(wn - wd));
        assert_int_equal(u128_cmp(n, d), (wn > wd) - (wn < wd));
    }
}
#else
static void test_split_random(void **state)
{
    skip();
}
static void test_split_weighted_random(void **state)
{
    skip();
}
static void test_split_weighted_rounding(void **state)
{
    skip();
}
static void test_portable_u128(void **state)
{
    skip();
}
#endif

/* Many parts, all tied: the leftover units go to the first indices, or to the
 * smallest keys. 1000000007 / 20000 = 50000.00035: floors 10^9, 7 units left. */
static void test_split_many(void **state)
{
    enum { N = 20000 };
    int64_t *w = malloc(N * sizeof *w), *parts = malloc(N * sizeof *parts);
    double *dw = malloc(N * sizeof *dw);
    char(*names)[8] = malloc(N * sizeof *names);
    const char **keys = malloc(N * sizeof *keys);
    assert_non_null(w);
    assert_non_null(parts);
    assert_non_null(dw);
    assert_non_null(names);
    assert_non_null(keys);
    for (int i = 0; i < N; i++) {
        w[i] = 1;
        dw[i] = 2.5;
        snprintf(names[i], sizeof names[i], "k%05d", N - 1 - i); /* descending keys */
        keys[i] = names[i];
    }
    assert_csvc_ok(IMPL->split(1000000007, w, NULL, N, parts));
    for (int i = 0; i < N; i++)
        assert_int_equal(parts[i], i < 7 ? 50001 : 50000);
    assert_csvc_ok(IMPL->split(1000000007, w, keys, N, parts));
    for (int i = 0; i < N; i++)
        assert_int_equal(parts[i], i >= N - 7 ? 50001 : 50000);
    assert_csvc_ok(IMPL->split_weighted(-1000000007, dw, keys, N, parts));
    for (int i = 0; i < N; i++)
        assert_int_equal(parts[i], i >= N - 7 ? -50001 : -50000);
    /* Weights 1..N, W = N(N+1)/2 = 200010000, amount W - 1: part i (weight i + 1) has
     * quota (i + 1) - (i + 1)/W, so floor i and remainder W - (i + 1). The floors sum to
     * N(N-1)/2 = 199990000, leaving W - 1 - 199990000 = N - 1 units (the most possible),
     * which go to the largest remainders, i.e. the smallest weights: every part gets its
     * weight except the last, which keeps its floor N - 1. */
    for (int i = 0; i < N; i++)
        w[i] = i + 1;
    assert_csvc_ok(IMPL->split(INT64_C(200010000) - 1, w, NULL, N, parts));
    for (int i = 0; i < N; i++)
        assert_int_equal(parts[i], i < N - 1 ? i + 1 : i);
    free(w);
    free(parts);
    free(dw);
    free(names);
    free(keys);
}

/* ---- format and parse --------------------------------------------------- */

#define FORMAT_IS(amount, decimals, text)                                                          \
    do {                                                                                           \
        char buf_[48];                                                                             \
        assert_csvc_ok(IMPL->format(amount, decimals, buf_, sizeof buf_));                         \
        assert_string_equal(buf_, text);                                                           \
    } while (0)

static void test_format(void **state)
{
    FORMAT_IS(1234, 2, "12.34");
    FORMAT_IS(-1234, 2, "-12.34");
    FORMAT_IS(5, 2, "0.05");
    FORMAT_IS(-5, 2, "-0.05");
    FORMAT_IS(0, 2, "0.00");
    FORMAT_IS(0, 0, "0");
    FORMAT_IS(1200, 0, "1200");
    FORMAT_IS(-1200, 0, "-1200");
    FORMAT_IS(100, 2, "1.00");
    FORMAT_IS(123456, 3, "123.456");
    FORMAT_IS(INT64_MAX, 0, "9223372036854775807");
    FORMAT_IS(INT64_MIN, 0, "-9223372036854775808");
    FORMAT_IS(INT64_MIN, 2, "-92233720368547758.08");
    FORMAT_IS(INT64_MAX, 18, "9.223372036854775807");
    FORMAT_IS(INT64_MIN, 18, "-9.223372036854775808"); /* the longest: 21 bytes + NUL */
    FORMAT_IS(1, 18, "0.000000000000000001");
    FORMAT_IS(-1, 18, "-0.000000000000000001");

    char buf[8];
    memset(buf, 'x', sizeof buf);
    assert_status_msg(IMPL->format(1234, 2, buf, 5), CSVC_E_RANGE, "money_format: buffer");
    assert_int_equal(buf[0], 'x'); /* untouched */
    assert_status_msg(IMPL->format(1234, 2, buf, 0), CSVC_E_RANGE, "6 needed");
    assert_int_equal(buf[0], 'x');
    assert_csvc_ok(IMPL->format(1234, 2, buf, 6)); /* "12.34" + NUL */
    assert_string_equal(buf, "12.34");
    assert_status_msg(IMPL->format(1, 19, buf, sizeof buf), CSVC_E_INVALID,
                      "money_format: decimals 19");
    assert_status_msg(IMPL->format(1, UINT32_MAX, buf, sizeof buf), CSVC_E_INVALID, "decimals");
    assert_status_msg(IMPL->format(1, 2, NULL, 48), CSVC_E_NULL, "money_format: buf");
}

static void test_parse(void **state)
{
    assert_value(IMPL->parse("12.34", 2, &out_), 1234);
    assert_value(IMPL->parse("-0.5", 2, &out_), -50);
    assert_value(IMPL->parse("1200", 2, &out_), 120000);
    assert_value(IMPL->parse("1200", 0, &out_), 1200);
    assert_value(IMPL->parse("+7", 0, &out_), 7);
    assert_value(IMPL->parse("-0", 2, &out_), 0);
    assert_value(IMPL->parse("0.1", 1, &out_), 1);
    assert_value(IMPL->parse("007.50", 2, &out_), 750);
    assert_value(IMPL->parse("8000.00", 2, &out_), 800000);
    assert_value(IMPL->parse("1", 18, &out_), INT64_C(1000000000000000000));
    assert_value(IMPL->parse("0.000000000000000001", 18, &out_), 1);
    assert_value(IMPL->parse("9223372036854775807", 0, &out_), INT64_MAX);
    assert_value(IMPL->parse("-9223372036854775808", 0, &out_), INT64_MIN);
    assert_value(IMPL->parse("92233720368547758.07", 2, &out_), INT64_MAX);
    assert_value(IMPL->parse("-92233720368547758.08", 2, &out_), INT64_MIN);
    assert_value(IMPL->parse("-9.223372036854775808", 18, &out_), INT64_MIN);
    assert_value(IMPL->parse("00000000000000000000000000001", 0, &out_), 1);

    assert_fails(IMPL->parse("9223372036854775808", 0, &out_), CSVC_E_OVERFLOW, "money_parse");
    assert_fails(IMPL->parse("-9223372036854775809", 0, &out_), CSVC_E_OVERFLOW, "overflows");
    assert_fails(IMPL->parse("92233720368547758.08", 2, &out_), CSVC_E_OVERFLOW, "money_parse");
    assert_fails(IMPL->parse("-92233720368547758.09", 2, &out_), CSVC_E_OVERFLOW, "money_parse");
    assert_fails(IMPL->parse("10", 18, &out_), CSVC_E_OVERFLOW, "money_parse");
    assert_fails(IMPL->parse("99999999999999999999999", 0, &out_), CSVC_E_OVERFLOW, "money_parse");

    static const char *const bad[] = {
        "",    "-",     "+",   "1.",   ".5",   "-.5", "1.2.3", "1e3",          " 1",
        "1 ",  "1,000", "--1", "0x10", "1.-2", "abc", "1_000", "\xef\xbc\x91", "12.3a",
        "+-1", "NaN",   "inf",
    };
    for (size_t i = 0; i < N_OF(bad); i++) {
        char needle[64];
        snprintf(needle, sizeof needle, "money_parse: '%s'", bad[i]);
        assert_fails(IMPL->parse(bad[i], 2, &out_), CSVC_E_PARSE, needle);
    }
    /* More fraction digits than decimals is an error, never a rounding, even with
     * trailing zeros. */
    assert_fails(IMPL->parse("1.234", 2, &out_), CSVC_E_PARSE,
                 "money_parse: '1.234' has 3 fraction digits, at most 2 allowed");
    assert_fails(IMPL->parse("1.230", 2, &out_), CSVC_E_PARSE, "3 fraction digits");
    assert_fails(IMPL->parse("12.5", 0, &out_), CSVC_E_PARSE, "at most 0");
    assert_fails(IMPL->parse("1", 19, &out_), CSVC_E_INVALID, "money_parse: decimals 19");
    assert_fails(IMPL->parse(NULL, 2, &out_), CSVC_E_NULL, "money_parse: text");
    assert_status_msg(IMPL->parse("1", 2, NULL), CSVC_E_NULL, "money_parse: out");
}

/* format then parse gives the amount back, for every number of decimals. */
static void test_format_parse_round_trip(void **state)
{
    uint64_t seed = 5;
    char buf[48];
    for (int i = 0; i < 5000; i++) {
        int64_t amount = (int64_t)rng_next(&seed);
        if (i % 3 == 0)
            amount >>= rng_next(&seed) % 64;
        if (i == 0)
            amount = INT64_MIN;
        if (i == 1)
            amount = INT64_MAX;
        uint32_t decimals = (uint32_t)(rng_next(&seed) % 19);
        int64_t back = SENTINEL;
        assert_csvc_ok(IMPL->format(amount, decimals, buf, sizeof buf));
        assert_csvc_ok(IMPL->parse(buf, decimals, &back));
        if (back != amount)
            fail_msg("%" PRId64 " with %u decimals -> '%s' -> %" PRId64, amount, (unsigned)decimals,
                     buf, back);
    }
}

#define BOTH(test)                                                                                 \
    cmocka_unit_test_prestate(test, &library_impl), cmocka_unit_test_prestate(test, &portable_impl)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_portable_u128),
        BOTH(test_add),
        BOTH(test_sub),
        BOTH(test_mul),
        BOTH(test_percent_bp),
        BOTH(test_muldiv),
        BOTH(test_split_basic),
        BOTH(test_split_ties),
        BOTH(test_split_boundaries),
        BOTH(test_split_errors),
        BOTH(test_split_weighted_basic),
        BOTH(test_split_weighted_errors),
        BOTH(test_split_random),
        BOTH(test_split_weighted_random),
        BOTH(test_split_weighted_rounding),
        BOTH(test_split_many),
        BOTH(test_format),
        BOTH(test_parse),
        BOTH(test_format_parse_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
