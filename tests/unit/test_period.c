/* Periods, calendar months and quarters, dates and the instant text format.
 *
 * Reference instants, computed by hand:
 *   1970-01-01 = day 0.
 *   2000-01-01 = 30 years * 365 + 7 leap days (1972..1996) = 10957 days = 946684800.
 *   2024-01-01 = 2000-01-01 + 24 * 365 + 6 leap days (2000..2020) = 19723 days = 1704067200.
 *   2025-01-01 = 2024-01-01 + 366 days = 20089 days = 1735689600.
 *   2026-01-01 = 2025-01-01 + 365 days = 20454 days = 1767225600.
 *   0001-01-01 = -719162 days = -62135596800; 9999-12-31 = 2932896 days = 253402214400,
 *   so 10000-01-01 = 253402300800 and the last second of year 9999 is 253402300799. */
#include "fixtures.h"

#include "civil.h"

#include <inttypes.h>
#include <stdlib.h>

#define DAY INT64_C(86400)
#define HOUR INT64_C(3600)
#define T1970 INT64_C(0)
#define T2000 INT64_C(946684800)
#define T2024 INT64_C(1704067200)
#define T2025 INT64_C(1735689600)
#define T2026 INT64_C(1767225600)
#define T_MIN INT64_C(-62135596800)
#define T_MAX INT64_C(253402300799)
#define OFF_MAX (18 * 3600)
#define SENTINEL INT64_C(-777)

#define assert_period(p, s, e)                                                                     \
    do {                                                                                           \
        if ((p).start != (s) || (p).end != (e))                                                    \
            fail_msg("period [%" PRId64 ", %" PRId64 "), expected [%" PRId64 ", %" PRId64 ")",     \
                     (p).start, (p).end, (int64_t)(s), (int64_t)(e));                              \
    } while (0)

/* ---- periods ------------------------------------------------------------- */

static void test_period_make(void **state)
{
    csvc_period p = {SENTINEL, SENTINEL};
    assert_csvc_ok(csvc_period_make(10, 20, &p));
    assert_period(p, 10, 20);
    assert_csvc_ok(csvc_period_make(5, 5, &p)); /* empty is allowed */
    assert_period(p, 5, 5);
    assert_csvc_ok(csvc_period_make(INT64_MIN, INT64_MAX, &p));
    assert_period(p, INT64_MIN, INT64_MAX);
    p.start = p.end = SENTINEL;
    assert_status_msg(csvc_period_make(20, 10, &p), CSVC_E_RANGE,
                      "period_make: end 10 is before start 20");
    assert_period(p, SENTINEL, SENTINEL);
    assert_status_msg(csvc_period_make(INT64_MAX, INT64_MIN, &p), CSVC_E_RANGE, "end");
    assert_status_msg(csvc_period_make(1, 2, NULL), CSVC_E_NULL, "period_make: out");
}

static void test_period_contains(void **state)
{
    csvc_period p = {10, 20}, empty = {5, 5}, reversed = {20, 10}, all = {INT64_MIN, INT64_MAX};
    assert_true(csvc_period_contains(&p, 10)); /* start inclusive */
    assert_true(csvc_period_contains(&p, 19));
    assert_false(csvc_period_contains(&p, 20)); /* end exclusive */
    assert_false(csvc_period_contains(&p, 9));
    assert_false(csvc_period_contains(&empty, 5));
    assert_false(csvc_period_contains(&reversed, 15));
    assert_true(csvc_period_contains(&all, INT64_MIN));
    assert_false(csvc_period_contains(&all, INT64_MAX));
    assert_false(csvc_period_contains(NULL, 0));
}

static void test_period_overlaps(void **state)
{
    csvc_period a = {0, 10}, adjacent = {10, 20}, one = {9, 20}, inner = {2, 3}, same = {0, 10},
                empty_in = {5, 5}, empty_edge = {0, 0}, reversed = {8, 2}, before = {-5, 0};
    assert_false(csvc_period_overlaps(&a, &adjacent)); /* [0,10) and [10,20) share nothing */
    assert_false(csvc_period_overlaps(&adjacent, &a));
    assert_true(csvc_period_overlaps(&a, &one)); /* share second 9 */
    assert_true(csvc_period_overlaps(&one, &a));
    assert_true(csvc_period_overlaps(&a, &inner));
    assert_true(csvc_period_overlaps(&inner, &a));
    assert_true(csvc_period_overlaps(&a, &same));
    assert_false(csvc_period_overlaps(&a, &before));
    /* An empty period holds no instant, even inside another one. */
    assert_false(csvc_period_overlaps(&a, &empty_in));
    assert_false(csvc_period_overlaps(&empty_in, &a));
    assert_false(csvc_period_overlaps(&empty_in, &empty_in));
    assert_false(csvc_period_overlaps(&a, &empty_edge));
    assert_false(csvc_period_overlaps(&a, &reversed));
    assert_false(csvc_period_overlaps(NULL, &a));
    assert_false(csvc_period_overlaps(&a, NULL));
}

/* ---- dates --------------------------------------------------------------- */

#define DATE_IS(y, m, d, off, expected)                                                            \
    do {                                                                                           \
        int64_t t_ = SENTINEL;                                                                     \
        assert_csvc_ok(csvc_date_make(y, m, d, off, &t_));                                         \
        assert_int_equal(t_, (expected));                                                          \
    } while (0)

static void test_date_make(void **state)
{
    DATE_IS(1970, 1, 1, 0, T1970);
    DATE_IS(2000, 1, 1, 0, T2000);
    DATE_IS(2024, 1, 1, 0, T2024);
    DATE_IS(2025, 1, 1, 0, T2025);
    DATE_IS(2026, 1, 1, 0, T2026);
    DATE_IS(1, 1, 1, 0, T_MIN);
    DATE_IS(9999, 12, 31, 0, T_MAX + 1 - DAY);
    DATE_IS(1969, 12, 31, 0, -DAY);
    /* Leap years: 2000 (divisible by 400) and 2024 have 29 February, 1900 does not.
     * 2000-03-01 = 2000-01-01 + 31 + 29 days; 2024-03-01 = 2024-01-01 + 60 days. */
    DATE_IS(2000, 2, 29, 0, T2000 + 59 * DAY);
    DATE_IS(2000, 3, 1, 0, T2000 + 60 * DAY);
    DATE_IS(2024, 2, 29, 0, T2024 + 59 * DAY);
    DATE_IS(2024, 12, 31, 0, T2025 - DAY);
    /* 1900-03-01 = 1900-02-28 + 1 day. 1900-01-01 = 1970-01-01 - 70 * 365 - 17 leap days
     * (1904..1968) = -25567 days. */
    DATE_IS(1900, 1, 1, 0, -25567 * DAY);
    DATE_IS(1900, 3, 1, 0, (-25567 + 59) * DAY);
    /* Local midnight at an offset is that many seconds earlier (east) or later (west). */
    DATE_IS(2025, 1, 1, 8 * 3600, T2025 - 8 * HOUR);
    DATE_IS(2025, 1, 1, -5 * 3600, T2025 + 5 * HOUR);
    DATE_IS(2025, 1, 1, OFF_MAX, T2025 - 18 * HOUR);
    DATE_IS(2025, 1, 1, -OFF_MAX, T2025 + 18 * HOUR);
    DATE_IS(2025, 1, 1, 5 * 3600 + 45 * 60, T2025 - 5 * HOUR - 45 * 60); /* Nepal */
    DATE_IS(1, 1, 1, OFF_MAX, T_MIN - 18 * HOUR);

    int64_t t = SENTINEL;
    assert_status_msg(csvc_date_make(2025, 2, 29, 0, &t), CSVC_E_RANGE,
                      "date_make: day 29 out of range for 2025-02 (1..28)");
    assert_status_msg(csvc_date_make(1900, 2, 29, 0, &t), CSVC_E_RANGE, "day 29");
    assert_status_msg(csvc_date_make(2100, 2, 29, 0, &t), CSVC_E_RANGE, "day 29");
    assert_status_msg(csvc_date_make(2025, 4, 31, 0, &t), CSVC_E_RANGE, "(1..30)");
    assert_status_msg(csvc_date_make(2025, 1, 32, 0, &t), CSVC_E_RANGE, "day 32");
    assert_status_msg(csvc_date_make(2025, 1, 0, 0, &t), CSVC_E_RANGE, "day 0");
    assert_status_msg(csvc_date_make(2025, 1, -1, 0, &t), CSVC_E_RANGE, "day -1");
    assert_status_msg(csvc_date_make(2025, 0, 1, 0, &t), CSVC_E_RANGE, "date_make: month 0");
    assert_status_msg(csvc_date_make(2025, 13, 1, 0, &t), CSVC_E_RANGE, "month 13");
    assert_status_msg(csvc_date_make(0, 1, 1, 0, &t), CSVC_E_RANGE, "date_make: year 0");
    assert_status_msg(csvc_date_make(10000, 1, 1, 0, &t), CSVC_E_RANGE, "year 10000");
    assert_status_msg(csvc_date_make(INT32_MIN, 1, 1, 0, &t), CSVC_E_RANGE, "year");
    assert_status_msg(csvc_date_make(2025, 1, 1, OFF_MAX + 1, &t), CSVC_E_RANGE,
                      "date_make: utc_offset 64801 out of range");
    assert_status_msg(csvc_date_make(2025, 1, 1, -OFF_MAX - 1, &t), CSVC_E_RANGE,
                      "utc_offset -64801");
    assert_status_msg(csvc_date_make(2025, 1, 1, INT32_MIN, &t), CSVC_E_RANGE, "utc_offset");
    assert_int_equal(t, SENTINEL);
    assert_status_msg(csvc_date_make(2025, 1, 1, 0, NULL), CSVC_E_NULL, "date_make: out");
}

#define SPLIT_IS(t, off, ey, em, ed)                                                               \
    do {                                                                                           \
        int32_t y_ = -1, m_ = -1, d_ = -1;                                                         \
        assert_csvc_ok(csvc_date_split(t, off, &y_, &m_, &d_));                                    \
        if (y_ != (ey) || m_ != (em) || d_ != (ed))                                                \
            fail_msg("date_split(%" PRId64 ", %d) = %d-%d-%d, expected %d-%d-%d", (int64_t)(t),    \
                     (int)(off), y_, m_, d_, ey, em, ed);                                          \
    } while (0)

static void test_date_split(void **state)
{
    SPLIT_IS(0, 0, 1970, 1, 1);
    SPLIT_IS(-1, 0, 1969, 12, 31);
    SPLIT_IS(T2025 - 1, 0, 2024, 12, 31);
    SPLIT_IS(T2025, 0, 2025, 1, 1);
    SPLIT_IS(T2025 - 1, 1, 2025, 1, 1); /* one second east is already 2025 */
    SPLIT_IS(T2025 - 8 * HOUR, 8 * 3600, 2025, 1, 1);
    SPLIT_IS(T2025 - 8 * HOUR - 1, 8 * 3600, 2024, 12, 31);
    SPLIT_IS(T2025 + 4 * HOUR, -5 * 3600, 2024, 12, 31);
    SPLIT_IS(T2025 + 5 * HOUR, -5 * 3600, 2025, 1, 1);
    SPLIT_IS(T2024 + 59 * DAY, 0, 2024, 2, 29);
    SPLIT_IS(T2000 + 59 * DAY, 0, 2000, 2, 29);
    SPLIT_IS((-25567 + 59) * DAY, 0, 1900, 3, 1);
    SPLIT_IS((-25567 + 59) * DAY - 1, 0, 1900, 2, 28);
    SPLIT_IS(T_MIN, 0, 1, 1, 1);
    SPLIT_IS(T_MAX, 0, 9999, 12, 31);
    SPLIT_IS(T_MIN - OFF_MAX, OFF_MAX, 1, 1, 1);
    SPLIT_IS(T_MAX + OFF_MAX, -OFF_MAX, 9999, 12, 31);

    int32_t y = -1, m = -1, d = -1;
    assert_status_msg(csvc_date_split(T_MIN - 1, 0, &y, &m, &d), CSVC_E_RANGE,
                      "date_split: t -62135596801 at utc_offset 0 is outside years 1..9999");
    assert_status_msg(csvc_date_split(T_MIN, -1, &y, &m, &d), CSVC_E_RANGE, "outside years");
    assert_status_msg(csvc_date_split(T_MAX + 1, 0, &y, &m, &d), CSVC_E_RANGE, "outside");
    assert_status_msg(csvc_date_split(T_MAX, 1, &y, &m, &d), CSVC_E_RANGE, "outside");
    assert_status_msg(csvc_date_split(INT64_MAX, 0, &y, &m, &d), CSVC_E_RANGE, "outside");
    assert_status_msg(csvc_date_split(INT64_MAX, -OFF_MAX, &y, &m, &d), CSVC_E_RANGE, "outside");
    assert_status_msg(csvc_date_split(INT64_MIN, OFF_MAX, &y, &m, &d), CSVC_E_RANGE, "outside");
    assert_status_msg(csvc_date_split(0, OFF_MAX + 1, &y, &m, &d), CSVC_E_RANGE,
                      "date_split: utc_offset 64801");
    assert_true(y == -1 && m == -1 && d == -1);
    assert_status_msg(csvc_date_split(0, 0, NULL, &m, &d), CSVC_E_NULL, "date_split: year");
    assert_status_msg(csvc_date_split(0, 0, &y, NULL, &d), CSVC_E_NULL, "date_split: month");
    assert_status_msg(csvc_date_split(0, 0, &y, &m, NULL), CSVC_E_NULL, "date_split: day");
    assert_true(y == -1 && m == -1 && d == -1);
}

/* Every day of years 1..9999, walked with a naive calendar (month lengths and
 * the leap rule written out here) and a day counter anchored at 0001-01-01. */
static int naive_leap(int y)
{
    if (y % 400 == 0)
        return 1;
    if (y % 100 == 0)
        return 0;
    return y % 4 == 0;
}

static void test_date_every_day(void **state)
{
    static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int64_t day = T_MIN / DAY;
    int offsets[] = {0, 8 * 3600, -5 * 3600};
    for (int y = 1; y <= 9999; y++) {
        for (int m = 1; m <= 12; m++) {
            int days = len[m - 1] + (m == 2 && naive_leap(y));
            for (int d = 1; d <= days; d++, day++) {
                int off = offsets[(day - T_MIN / DAY) % 3];
                int64_t t = SENTINEL;
                if (csvc_date_make(y, m, d, off, &t) != CSVC_OK || t != day * DAY - off)
                    fail_msg("date_make(%d-%d-%d, %d) = %" PRId64 ", expected %" PRId64, y, m, d,
                             off, t, day * DAY - off);
                int32_t yy, mm, dd;
                /* The last second of the local day still belongs to it. */
                if (csvc_date_split(t + DAY - 1, off, &yy, &mm, &dd) != CSVC_OK || yy != y ||
                    mm != m || dd != d)
                    fail_msg("date_split(%" PRId64 ", %d) = %d-%d-%d, expected %d-%d-%d",
                             t + DAY - 1, off, yy, mm, dd, y, m, d);
            }
            int64_t t;
            if (csvc_date_make(y, m, days + 1, 0, &t) != CSVC_E_RANGE)
                fail_msg("date_make(%d-%d-%d) accepted", y, m, days + 1);
        }
    }
    assert_int_equal(day * DAY, T_MAX + 1);
}

/* ---- months and quarters -------------------------------------------------- */

#define MONTH_IS(t, off, s, e)                                                                     \
    do {                                                                                           \
        csvc_period p_ = {SENTINEL, SENTINEL};                                                     \
        assert_csvc_ok(csvc_period_month(t, off, &p_));                                            \
        assert_period(p_, s, e);                                                                   \
    } while (0)

#define QUARTER_IS(t, off, s, e)                                                                   \
    do {                                                                                           \
        csvc_period p_ = {SENTINEL, SENTINEL};                                                     \
        assert_csvc_ok(csvc_period_quarter(t, off, &p_));                                          \
        assert_period(p_, s, e);                                                                   \
    } while (0)

static void test_period_month(void **state)
{
    /* 2025-12-31T20:00Z at +08:00 is 2026-01-01T04:00 local: January 2026, from
     * 2026-01-01T00:00+08:00 = T2026 - 8 h to 2026-02-01T00:00+08:00 = T2026 + 31 d - 8 h. */
    int64_t t = T2026 - 4 * HOUR;
    MONTH_IS(t, 8 * 3600, T2026 - 8 * HOUR, T2026 + 31 * DAY - 8 * HOUR);
    /* The same instant in UTC is still December 2025 (T2026 - 31 d .. T2026). */
    MONTH_IS(t, 0, T2026 - 31 * DAY, T2026);
    /* 2025-01-01T03:00Z at -05:00 is 2024-12-31T22:00 local: December 2024, from
     * 2024-12-01T05:00Z = T2025 - 31 d + 5 h to 2025-01-01T05:00Z. */
    MONTH_IS(T2025 + 3 * HOUR, -5 * 3600, T2025 - 31 * DAY + 5 * HOUR, T2025 + 5 * HOUR);
    /* Edges: the start belongs to the month, the end to the next one. */
    MONTH_IS(T2025, 0, T2025, T2025 + 31 * DAY);
    MONTH_IS(T2025 - 1, 0, T2025 - 31 * DAY, T2025);
    MONTH_IS(T2025 + 31 * DAY - 1, 0, T2025, T2025 + 31 * DAY);
    MONTH_IS(T2025 + 31 * DAY, 0, T2025 + 31 * DAY, T2025 + 59 * DAY); /* Feb 2025: 28 d */
    /* February: 29 days in 2024 and 2000, 28 in 1900. */
    MONTH_IS(T2024 + 40 * DAY, 0, T2024 + 31 * DAY, T2024 + 60 * DAY);
    MONTH_IS(T2000 + 40 * DAY, 0, T2000 + 31 * DAY, T2000 + 60 * DAY);
    MONTH_IS((-25567 + 40) * DAY, 0, (-25567 + 31) * DAY, (-25567 + 59) * DAY);
    /* The first and last months of the range. */
    MONTH_IS(T_MIN, 0, T_MIN, T_MIN + 31 * DAY);
    MONTH_IS(T_MAX, 0, T_MAX + 1 - 31 * DAY, T_MAX + 1);
    MONTH_IS(T_MAX + OFF_MAX, -OFF_MAX, T_MAX + 1 - 31 * DAY + OFF_MAX, T_MAX + 1 + OFF_MAX);

    csvc_period p = {SENTINEL, SENTINEL};
    assert_status_msg(csvc_period_month(T_MIN, -1, &p), CSVC_E_RANGE,
                      "period_month: t -62135596800 at utc_offset -1 is outside years 1..9999");
    assert_status_msg(csvc_period_month(T_MAX + 1, 0, &p), CSVC_E_RANGE, "outside years");
    assert_status_msg(csvc_period_month(INT64_MAX, 0, &p), CSVC_E_RANGE, "outside years");
    assert_status_msg(csvc_period_month(INT64_MIN, 0, &p), CSVC_E_RANGE, "outside years");
    assert_status_msg(csvc_period_month(0, OFF_MAX + 1, &p), CSVC_E_RANGE,
                      "period_month: utc_offset 64801 out of range");
    assert_status_msg(csvc_period_month(0, INT32_MIN, &p), CSVC_E_RANGE, "utc_offset");
    assert_period(p, SENTINEL, SENTINEL);
    assert_status_msg(csvc_period_month(0, 0, NULL), CSVC_E_NULL, "period_month: out");
}

static void test_period_quarter(void **state)
{
    /* 2026-01-01T04:00 at +08:00: Q1 2026 = [2026-01-01, 2026-04-01) local; Jan + Feb + Mar
     * 2026 = 31 + 28 + 31 = 90 days. */
    QUARTER_IS(T2026 - 4 * HOUR, 8 * 3600, T2026 - 8 * HOUR, T2026 + 90 * DAY - 8 * HOUR);
    /* In UTC the same instant is in Q4 2025: Oct + Nov + Dec = 92 days. */
    QUARTER_IS(T2026 - 4 * HOUR, 0, T2026 - 92 * DAY, T2026);
    /* 2025-04-01T03:00Z at -05:00 is 2025-03-31T22:00: Q1 2025. */
    QUARTER_IS(T2025 + 90 * DAY + 3 * HOUR, -5 * 3600, T2025 + 5 * HOUR,
               T2025 + 90 * DAY + 5 * HOUR);
    /* Mid-May 2025: Q2 = [2025-04-01, 2025-07-01), Apr + May + Jun = 91 days. */
    QUARTER_IS(T2025 + 134 * DAY, 0, T2025 + 90 * DAY, T2025 + 181 * DAY);
    /* Leap Q1: 2024 has 31 + 29 + 31 = 91 days. */
    QUARTER_IS(T2024 + 59 * DAY, 0, T2024, T2024 + 91 * DAY);
    QUARTER_IS(T2024 + 91 * DAY, 0, T2024 + 91 * DAY, T2024 + 182 * DAY);
    QUARTER_IS(T_MAX, 0, T_MAX + 1 - 92 * DAY, T_MAX + 1);

    csvc_period p = {SENTINEL, SENTINEL};
    assert_status_msg(csvc_period_quarter(T_MAX, 1, &p), CSVC_E_RANGE,
                      "period_quarter: t 253402300799 at utc_offset 1 is outside years");
    assert_status_msg(csvc_period_quarter(0, -OFF_MAX - 1, &p), CSVC_E_RANGE,
                      "period_quarter: utc_offset -64801");
    assert_period(p, SENTINEL, SENTINEL);
    assert_status_msg(csvc_period_quarter(0, 0, NULL), CSVC_E_NULL, "period_quarter: out");
}

static void test_period_of_month_quarter(void **state)
{
    csvc_period p = {SENTINEL, SENTINEL};
    /* February 2024 in UTC: [2024-02-01, 2024-03-01) = T2024 + 31 d .. + 60 d. */
    assert_csvc_ok(csvc_period_of_month(2024, 2, 0, &p));
    assert_period(p, T2024 + 31 * DAY, T2024 + 60 * DAY);
    /* December 2025 at +08:00 ends at 2026-01-01T00:00+08:00. */
    assert_csvc_ok(csvc_period_of_month(2025, 12, 8 * 3600, &p));
    assert_period(p, T2026 - 31 * DAY - 8 * HOUR, T2026 - 8 * HOUR);
    assert_csvc_ok(csvc_period_of_month(1, 1, 0, &p));
    assert_period(p, T_MIN, T_MIN + 31 * DAY);
    assert_csvc_ok(csvc_period_of_month(9999, 12, -OFF_MAX, &p));
    assert_period(p, T_MAX + 1 - 31 * DAY + OFF_MAX, T_MAX + 1 + OFF_MAX);
    assert_csvc_ok(csvc_period_of_quarter(2025, 4, -5 * 3600, &p));
    assert_period(p, T2026 - 92 * DAY + 5 * HOUR, T2026 + 5 * HOUR);
    assert_csvc_ok(csvc_period_of_quarter(2024, 1, 0, &p));
    assert_period(p, T2024, T2024 + 91 * DAY);

    /* Months of a year at several offsets tile it, and period_month() of any instant
     * inside gives the same month. */
    int offsets[] = {0, 8 * 3600, -5 * 3600, OFF_MAX, -OFF_MAX, 5 * 3600 + 45 * 60};
    for (size_t k = 0; k < sizeof offsets / sizeof offsets[0]; k++) {
        int off = offsets[k];
        csvc_period prev = {0, T2024 - off}, q;
        for (int m = 1; m <= 12; m++) {
            assert_csvc_ok(csvc_period_of_month(2024, m, off, &p));
            assert_int_equal(p.start, prev.end);
            csvc_period again;
            assert_csvc_ok(csvc_period_month(p.start, off, &again));
            assert_period(again, p.start, p.end);
            assert_csvc_ok(csvc_period_month(p.end - 1, off, &again));
            assert_period(again, p.start, p.end);
            assert_csvc_ok(csvc_period_of_quarter(2024, (m + 2) / 3, off, &q));
            assert_true(q.start <= p.start && p.end <= q.end);
            assert_csvc_ok(csvc_period_quarter(p.start, off, &again));
            assert_period(again, q.start, q.end);
            prev = p;
        }
        assert_int_equal(prev.end, T2025 - off);
    }

    p.start = p.end = SENTINEL;
    assert_status_msg(csvc_period_of_month(2025, 0, 0, &p), CSVC_E_RANGE,
                      "period_of_month: month 0 out of range (1..12)");
    assert_status_msg(csvc_period_of_month(2025, 13, 0, &p), CSVC_E_RANGE, "month 13");
    assert_status_msg(csvc_period_of_month(0, 1, 0, &p), CSVC_E_RANGE,
                      "period_of_month: year 0 out of range");
    assert_status_msg(csvc_period_of_month(10000, 1, 0, &p), CSVC_E_RANGE, "year 10000");
    assert_status_msg(csvc_period_of_month(2025, 1, OFF_MAX + 1, &p), CSVC_E_RANGE,
                      "period_of_month: utc_offset");
    assert_status_msg(csvc_period_of_quarter(2025, 0, 0, &p), CSVC_E_RANGE,
                      "period_of_quarter: quarter 0 out of range (1..4)");
    assert_status_msg(csvc_period_of_quarter(2025, 5, 0, &p), CSVC_E_RANGE, "quarter 5");
    assert_status_msg(csvc_period_of_quarter(-1, 1, 0, &p), CSVC_E_RANGE, "year -1");
    assert_status_msg(csvc_period_of_quarter(2025, 1, -OFF_MAX - 1, &p), CSVC_E_RANGE,
                      "period_of_quarter: utc_offset");
    assert_period(p, SENTINEL, SENTINEL);
    assert_status_msg(csvc_period_of_month(2025, 1, 0, NULL), CSVC_E_NULL, "period_of_month: out");
    assert_status_msg(csvc_period_of_quarter(2025, 1, 0, NULL), CSVC_E_NULL,
                      "period_of_quarter: out");
}

/* ---- time text ----------------------------------------------------------- */

#define PARSE_IS(text, expected)                                                                   \
    do {                                                                                           \
        int64_t t_ = SENTINEL;                                                                     \
        assert_csvc_ok(csvc_time_parse(text, &t_));                                                \
        if (t_ != (int64_t)(expected))                                                             \
            fail_msg("time_parse('%s') = %" PRId64 ", expected %" PRId64, text, t_,                \
                     (int64_t)(expected));                                                         \
    } while (0)

static void test_time_parse(void **state)
{
    PARSE_IS("1970-01-01", 0);
    PARSE_IS("2025-01-01", T2025);
    PARSE_IS("2024-02-29", T2024 + 59 * DAY);
    PARSE_IS("2000-02-29", T2000 + 59 * DAY);
    PARSE_IS("0001-01-01", T_MIN);
    PARSE_IS("9999-12-31T23:59:59Z", T_MAX);
    PARSE_IS("2025-01-01T00:00", T2025);
    PARSE_IS("2025-01-01 08:30", T2025 + 8 * HOUR + 30 * 60);
    PARSE_IS("2025-01-01T08:30:15", T2025 + 30615);
    PARSE_IS("2025-01-01T08:30:15Z", T2025 + 30615);
    PARSE_IS("2025-01-01 08:30Z", T2025 + 30600);
    /* 08:30:15 at +08:00 is 00:30:15Z. */
    PARSE_IS("2025-01-01T08:30:15+08:00", T2025 + 30615 - 8 * HOUR);
    /* 08:30 at -05:30 is 14:00Z. */
    PARSE_IS("2025-01-01T08:30-05:30", T2025 + 14 * HOUR);
    PARSE_IS("2025-01-01T08:30+00:00", T2025 + 30600);
    PARSE_IS("2025-01-01T08:30-00:00", T2025 + 30600);
    PARSE_IS("2025-01-01T00:00+18:00", T2025 - 18 * HOUR);
    PARSE_IS("2025-01-01T00:00-18:00", T2025 + 18 * HOUR);
    PARSE_IS("2025-01-01T23:59:59", T2025 + DAY - 1);
    /* The local date is 2026-01-01, the instant is in 2025. */
    PARSE_IS("2026-01-01T04:00+08:00", T2026 - 4 * HOUR);
    PARSE_IS("1969-12-31T23:59:59Z", -1);
    PARSE_IS("0001-01-01T00:00-00:01", T_MIN + 60);
    PARSE_IS("9999-12-31T23:59+00:01", T_MAX - 59 - 60);
}

typedef struct bad_time {
    const char *text;
    const char *reason;
} bad_time;

static void test_time_parse_rejects(void **state)
{
    static const bad_time bad[] = {
        {"", "empty"},
        {"2025-02-30", "day out of range for month"},
        {"2025-02-29", "day out of range for month"},
        {"1900-02-29", "day out of range for month"},
        {"2025-04-31", "day out of range for month"},
        {"2025-01-00", "day out of range for month"},
        {"2025-13-01", "month out of range"},
        {"2025-00-10", "month out of range"},
        {"0000-01-01", "year out of range"},
        {"2025-1-01", "expected YYYY-MM-DD"},
        {"25-01-01", "expected YYYY-MM-DD"},
        {"2025/01/01", "expected YYYY-MM-DD"},
        {"20250101", "expected YYYY-MM-DD"},
        {"2025-01-0a", "expected YYYY-MM-DD"},
        {"+2025-01-01", "expected YYYY-MM-DD"},
        {"-2025-01-01", "expected YYYY-MM-DD"},
        {"12025-01-01", "expected YYYY-MM-DD"},
        {" 2025-01-01", "expected YYYY-MM-DD"},
        {"2025-01-01Z", "unexpected text after the date"},
        {"2025-01-01+08:00", "unexpected text after the date"},
        {"2025-01-01t10:00", "unexpected text after the date"},
        {"2025-01-01_10:00", "unexpected text after the date"},
        {"2025-01-01T", "expected hh:mm or hh:mm:ss"},
        {"2025-01-01 ", "expected hh:mm or hh:mm:ss"},
        {"2025-01-01T10", "expected hh:mm or hh:mm:ss"},
        {"2025-01-01T10:0", "expected hh:mm or hh:mm:ss"},
        {"2025-01-01T1:00", "expected hh:mm or hh:mm:ss"},
        {"2025-01-01T10:00:", "expected hh:mm or hh:mm:ss"},
        {"2025-01-01T10:00:5", "expected hh:mm or hh:mm:ss"},
        {"2025-01-01T10:00:5Z", "expected hh:mm or hh:mm:ss"},
        {"2025-01-01T10-00", "expected hh:mm or hh:mm:ss"},
        {"2025-01-01T24:00", "hour out of range"},
        {"2025-01-01T99:00", "hour out of range"},
        {"2025-01-01T23:60", "minute out of range"},
        {"2025-01-01T23:59:60Z", "leap second 60 is not supported"},
        {"2025-01-01T23:59:60", "leap second"},
        {"2025-01-01T23:59:61", "second out of range"},
        {"2025-01-01T10:00:00.5Z", "expected 'Z', '+hh:mm' or '-hh:mm'"},
        {"2025-01-01T10:00:00,5", "expected 'Z', '+hh:mm' or '-hh:mm'"},
        {"2025-01-01T10:00z", "expected 'Z', '+hh:mm' or '-hh:mm'"},
        {"2025-01-01T10:00 Z", "expected 'Z', '+hh:mm' or '-hh:mm'"},
        {"2025-01-01T10:00 ", "expected 'Z', '+hh:mm' or '-hh:mm'"},
        {"2025-01-01T10:00+8:00", "expected 'Z', '+hh:mm' or '-hh:mm'"},
        {"2025-01-01T10:00+0800", "expected 'Z', '+hh:mm' or '-hh:mm'"},
        {"2025-01-01T10:00+08", "expected 'Z', '+hh:mm' or '-hh:mm'"},
        {"2025-01-01T10:00+08:0", "expected 'Z', '+hh:mm' or '-hh:mm'"},
        {"2025-01-01T10:00+ab:cd", "expected 'Z', '+hh:mm' or '-hh:mm'"},
        {"2025-01-01T10:00UTC", "expected 'Z', '+hh:mm' or '-hh:mm'"},
        {"2025-01-01T10:00Z ", "unexpected text after 'Z'"},
        {"2025-01-01T10:00ZZ", "unexpected text after 'Z'"},
        {"2025-01-01T10:00+08:00x", "unexpected text after the UTC offset"},
        {"2025-01-01T10:00+08:00Z", "unexpected text after the UTC offset"},
        {"2025-01-01T10:00+18:01", "UTC offset out of range"},
        {"2025-01-01T10:00-19:00", "UTC offset out of range"},
        {"2025-01-01T10:00+08:60", "UTC offset out of range"},
        {"0001-01-01T00:00+00:01", "instant outside years 0001..9999 UTC"},
        {"0001-01-01T00:00:00+18:00", "instant outside years"},
        {"9999-12-31T23:59:59-00:01", "instant outside years"},
        {"9999-12-31T18:00-18:00", "instant outside years"},
        {"\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa5-01-01", "expected YYYY-MM-DD"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t t = SENTINEL;
        char expect[160];
        snprintf(expect, sizeof expect, "time '%s': %s", bad[i].text, bad[i].reason);
        csvc_status rc = csvc_time_parse(bad[i].text, &t);
        if (rc != CSVC_E_PARSE)
            fail_msg("time_parse('%s') returned %s (%" PRId64 "), expected CSVC_E_PARSE",
                     bad[i].text, csvc_status_name(rc), t);
        if (strncmp(csvc_last_errmsg(), expect, strlen(expect)) != 0)
            fail_msg("time_parse('%s'): message '%s', expected '%s...'", bad[i].text,
                     csvc_last_errmsg(), expect);
        assert_int_equal(t, SENTINEL);
    }
    /* The exact message of the brief's example. */
    int64_t t = SENTINEL;
    assert_int_equal(csvc_time_parse("2025-02-30", &t), CSVC_E_PARSE);
    assert_string_equal(csvc_last_errmsg(), "time '2025-02-30': day out of range for month");
    /* A long text is quoted in part. */
    char long_text[200];
    memset(long_text, '7', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    assert_int_equal(csvc_time_parse(long_text, &t), CSVC_E_PARSE);
    assert_non_null(strstr(csvc_last_errmsg(), "...': expected YYYY-MM-DD"));
    assert_true(strlen(csvc_last_errmsg()) < 120);
    assert_int_equal(t, SENTINEL);
    assert_status_msg(csvc_time_parse(NULL, &t), CSVC_E_NULL, "time_parse: text");
    assert_status_msg(csvc_time_parse("2025-01-01", NULL), CSVC_E_NULL, "time_parse: out");
}

static void test_time_format(void **state)
{
    char buf[32];
    assert_csvc_ok(csvc_time_format(0, buf, sizeof buf));
    assert_string_equal(buf, "1970-01-01T00:00:00Z");
    assert_csvc_ok(csvc_time_format(-1, buf, sizeof buf));
    assert_string_equal(buf, "1969-12-31T23:59:59Z");
    assert_csvc_ok(csvc_time_format(T2025 + 30615, buf, sizeof buf));
    assert_string_equal(buf, "2025-01-01T08:30:15Z");
    assert_csvc_ok(csvc_time_format(T2024 + 59 * DAY + DAY - 1, buf, sizeof buf));
    assert_string_equal(buf, "2024-02-29T23:59:59Z");
    assert_csvc_ok(csvc_time_format(T_MIN, buf, sizeof buf));
    assert_string_equal(buf, "0001-01-01T00:00:00Z");
    assert_csvc_ok(csvc_time_format(T_MAX, buf, sizeof buf));
    assert_string_equal(buf, "9999-12-31T23:59:59Z");
    char exact[21];
    assert_csvc_ok(csvc_time_format(T2026, exact, sizeof exact));
    assert_string_equal(exact, "2026-01-01T00:00:00Z");

    memset(buf, 'x', sizeof buf);
    assert_status_msg(csvc_time_format(0, buf, 20), CSVC_E_RANGE,
                      "time_format: buffer of 20 bytes too small (21 needed)");
    assert_status_msg(csvc_time_format(0, buf, 0), CSVC_E_RANGE, "too small");
    assert_status_msg(csvc_time_format(T_MIN - 1, buf, sizeof buf), CSVC_E_RANGE,
                      "time_format: t -62135596801 is outside years 1..9999");
    assert_status_msg(csvc_time_format(T_MAX + 1, buf, sizeof buf), CSVC_E_RANGE, "outside");
    assert_status_msg(csvc_time_format(INT64_MAX, buf, sizeof buf), CSVC_E_RANGE, "outside");
    assert_status_msg(csvc_time_format(INT64_MIN, buf, sizeof buf), CSVC_E_RANGE, "outside");
    assert_int_equal(buf[0], 'x');
    assert_status_msg(csvc_time_format(0, NULL, 32), CSVC_E_NULL, "time_format: buf");
}

static uint64_t rng_next(uint64_t *s) /* splitmix64 */
{
    uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* format -> parse gives the instant back; rewriting the text with another
 * local clock (date_split for the local date, offset suffix) names the same
 * instant; the seconds-less form drops the seconds. */
static void test_time_round_trip(void **state)
{
    uint64_t seed = 42;
    const uint64_t span = (uint64_t)(T_MAX - T_MIN) + 1;
    for (int i = 0; i < 20000; i++) {
        int64_t t = T_MIN + (int64_t)(rng_next(&seed) % span);
        if (i == 0)
            t = T_MIN;
        if (i == 1)
            t = T_MAX;
        char buf[21], text[40];
        int64_t back = SENTINEL;
        assert_csvc_ok(csvc_time_format(t, buf, sizeof buf));
        assert_csvc_ok(csvc_time_parse(buf, &back));
        assert_int_equal(back, t);

        int32_t off = (int32_t)(rng_next(&seed) % (2 * 18 * 4 + 1)) * 900 - OFF_MAX;
        int32_t y, m, d;
        if (csvc_date_split(t, off, &y, &m, &d) != CSVC_OK)
            continue; /* the local date leaves the range at the edges */
        int64_t midnight;
        assert_csvc_ok(csvc_date_make(y, m, d, off, &midnight));
        int64_t sec = t - midnight;
        assert_true(sec >= 0 && sec < DAY);
        int32_t aoff = off < 0 ? -off : off;
        snprintf(text, sizeof text, "%04d-%02d-%02d%c%02d:%02d:%02d%c%02d:%02d", (int)y, (int)m,
                 (int)d, i % 2 ? 'T' : ' ', (int)(sec / 3600), (int)(sec / 60 % 60),
                 (int)(sec % 60), off < 0 ? '-' : '+', (int)(aoff / 3600), (int)(aoff / 60 % 60));
        back = SENTINEL;
        if (csvc_time_parse(text, &back) != CSVC_OK || back != t)
            fail_msg("'%s' -> %" PRId64 " (%s), expected %" PRId64, text, back, csvc_last_errmsg(),
                     t);
        text[16] = '\0'; /* "YYYY-MM-DDThh:mm" local, read as UTC */
        assert_csvc_ok(csvc_time_parse(text, &back));
        assert_int_equal(back, midnight + off + sec / 60 * 60);
    }
}

/* The internal date parser the importers use. */
static void test_civil_parse(void **state)
{
    int64_t t = SENTINEL;
    assert_null(cs_date_parse("2024-02-29", 10, &t));
    assert_int_equal(t, T2024 + 59 * DAY);
    /* Only the given length is read. */
    assert_null(cs_date_parse("2025-01-01,rest", 10, &t));
    assert_int_equal(t, T2025);
    t = SENTINEL;
    assert_string_equal(cs_date_parse("2025-02-30", 10, &t), "day out of range for month");
    assert_string_equal(cs_date_parse("2025-01-01T00:00", 16, &t),
                        "unexpected text after the date");
    assert_string_equal(cs_date_parse("", 0, &t), "empty");
    assert_string_equal(cs_date_parse("2025-01-01", 9, &t), "expected YYYY-MM-DD");
    assert_int_equal(t, SENTINEL);
    assert_null(cs_time_parse("2025-01-01T08:00+08:00", 22, &t));
    assert_int_equal(t, T2025);
    assert_string_equal(cs_time_parse("2025-01-01T08:00+08:00", 21, &t),
                        "expected 'Z', '+hh:mm' or '-hh:mm' after the time");

    assert_true(cs_is_leap_year(2000));
    assert_true(cs_is_leap_year(2024));
    assert_false(cs_is_leap_year(1900));
    assert_false(cs_is_leap_year(2025));
    assert_int_equal(cs_days_in_month(2024, 2), 29);
    assert_int_equal(cs_days_in_month(1900, 2), 28);
    assert_int_equal(cs_days_in_month(2025, 13), 0);
    assert_int_equal(cs_days_in_month(2025, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_period_make),
        cmocka_unit_test(test_period_contains),
        cmocka_unit_test(test_period_overlaps),
        cmocka_unit_test(test_date_make),
        cmocka_unit_test(test_date_split),
        cmocka_unit_test(test_date_every_day),
        cmocka_unit_test(test_period_month),
        cmocka_unit_test(test_period_quarter),
        cmocka_unit_test(test_period_of_month_quarter),
        cmocka_unit_test(test_time_parse),
        cmocka_unit_test(test_time_parse_rejects),
        cmocka_unit_test(test_time_format),
        cmocka_unit_test(test_time_round_trip),
        cmocka_unit_test(test_civil_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
