/* Business-hours calendars.
 * Hand cases use a Mon-Fri 09:00-12:00 + 13:00-18:00 calendar at +08:00
 * (8 business hours = 28800 s a day, 144000 s a week); instants are written
 * as local times of the week starting Monday 2025-03-10 (epochs from GNU
 * date -u -d '2025-03-10T00:00+08:00' +%s). A randomized test compares
 * every query with a brute-force count that walks minute by minute. */
#include "fixtures.h"

#include "calendar/calendar_internal.h"

#include <stdlib.h>

/* 2025-03-10T00:00+08:00, a Monday. */
#define MON INT64_C(1741536000)
/* 1969-12-29T00:00+08:00, a Monday: -3 days - 8 h = -259200 - 28800. */
#define MON_1969 INT64_C(-288000)
/* 0001-01-01T00:00Z and 9999-12-31T23:59:59Z. */
#define UNIX_MIN INT64_C(-62135596800)
#define UNIX_MAX INT64_C(253402300799)
#define HOUR 3600
#define DAY 86400
#define WEEK (7 * DAY)
#define OFF_CST (8 * HOUR)

/* Local time day/hour/minute of the week of 2025-03-10 (day 0 = Monday). */
#define LT(d, h, m) (MON + (int64_t)(d)*DAY + (h)*HOUR + (m)*60)


static csvc_calendar *office(void)
{
    csvc_calendar *cal;
    assert_csvc_ok(csvc_calendar_new(NULL, OFF_CST, &cal));
    for (int d = CSVC_MONDAY; d <= CSVC_FRIDAY; d++) {
        /* Afternoon first: insertion must keep the ranges sorted. */
        assert_ok(cal, csvc_calendar_add_hours(cal, (csvc_weekday)d, 13 * 60, 18 * 60));
        assert_ok(cal, csvc_calendar_add_hours(cal, (csvc_weekday)d, 9 * 60, 12 * 60));
    }
    return cal;
}

static int setup_office(void **state)
{
    *state = office();
    return 0;
}

static int teardown_calendar(void **state)
{
    csvc_calendar_free(*state);
    return 0;
}

static int64_t bsec(const csvc_calendar *cal, int64_t from, int64_t to)
{
    int64_t out = -1;
    assert_csvc_ok(csvc_calendar_business_seconds(cal, from, to, &out));
    return out;
}

static int64_t addb(const csvc_calendar *cal, int64_t from, int64_t seconds)
{
    int64_t out = -1;
    assert_csvc_ok(csvc_calendar_add_business(cal, from, seconds, &out));
    return out;
}

static int is_open(const csvc_calendar *cal, int64_t t)
{
    int out = -1;
    assert_csvc_ok(csvc_calendar_is_open(cal, t, &out));
    return out;
}

/* ---- construction ------------------------------------------------------ */

static void test_new_errors(void **state)
{
    (void)state;
    csvc_calendar *cal = NULL;
    assert_status_msg(csvc_calendar_new(NULL, 0, NULL), CSVC_E_NULL, "out");
    assert_status_msg(csvc_calendar_new(NULL, 18 * HOUR + 1, &cal), CSVC_E_RANGE, "offset");
    assert_int_equal(csvc_calendar_new(NULL, -18 * HOUR - 1, &cal), CSVC_E_RANGE);
    assert_null(cal);
    test_failing_alloc fa = {-1, 0, 0};
    csvc_allocator a = test_failing_allocator(&fa);
    a.version = 0;
    assert_status_msg(csvc_calendar_new(&a, 0, &cal), CSVC_E_VERSION, "allocator");
    a.version = CSVC_ALLOCATOR_VERSION + 1;
    assert_int_equal(csvc_calendar_new(&a, 0, &cal), CSVC_E_VERSION);
    a = test_failing_allocator(&fa);
    a.malloc_fn = NULL;
    assert_status_msg(csvc_calendar_new(&a, 0, &cal), CSVC_E_INVALID, "malloc_fn");
    fa.budget = 0;
    a = test_failing_allocator(&fa);
    assert_status_msg(csvc_calendar_new(&a, 0, &cal), CSVC_E_NOMEM, "out of memory");
    assert_null(cal);
    assert_int_equal(fa.live, 0);
    /* The offset bounds themselves are fine. */
    assert_csvc_ok(csvc_calendar_new(NULL, 18 * HOUR, &cal));
    csvc_calendar_free(cal);
    assert_csvc_ok(csvc_calendar_new(NULL, -18 * HOUR, &cal));
    assert_string_equal(csvc_calendar_errmsg(cal), "");
    csvc_calendar_free(cal);
    csvc_calendar_free(NULL);
    assert_string_equal(csvc_calendar_errmsg(NULL), "calendar is NULL");
    assert_int_equal(csvc_calendar_week_seconds(NULL), 0);
}

static void test_empty_is_always_open(void **state)
{
    (void)state;
    csvc_calendar *cal;
    assert_csvc_ok(csvc_calendar_new(NULL, OFF_CST, &cal));
    assert_int_equal(csvc_calendar_week_seconds(cal), WEEK);
    /* Business seconds are elapsed seconds, holidays ignored. */
    assert_ok(cal, csvc_calendar_add_holiday(cal, 2025, 3, 11));
    assert_int_equal(bsec(cal, LT(0, 17, 0), LT(2, 10, 0)), 41 * HOUR);
    assert_int_equal(bsec(cal, UNIX_MIN, UNIX_MAX), UNIX_MAX - UNIX_MIN);
    assert_int_equal(addb(cal, LT(5, 3, 0), 90), LT(5, 3, 0) + 90);
    assert_int_equal(addb(cal, UNIX_MIN, UNIX_MAX - UNIX_MIN), UNIX_MAX);
    assert_int_equal(is_open(cal, LT(6, 23, 59)), 1);
    assert_int_equal(is_open(cal, LT(1, 12, 0)), 1);
    /* Once it has hours, the stored holiday counts: Tue 2025-03-11 is
     * closed, so Mon 17:00 -> Wed 10:00 at 09:00-18:00 is 1 h + 0 + 1 h. */
    for (int d = CSVC_MONDAY; d <= CSVC_FRIDAY; d++)
        assert_ok(cal, csvc_calendar_add_hours(cal, (csvc_weekday)d, 9 * 60, 18 * 60));
    assert_int_equal(bsec(cal, LT(0, 17, 0), LT(2, 10, 0)), 2 * HOUR);
    csvc_calendar_free(cal);
}

/* ---- schedule ---------------------------------------------------------- */

static void test_week_seconds(void **state)
{
    csvc_calendar *cal = *state;
    /* 5 days * (3 h + 5 h) = 5 * 28800 = 144000. */
    assert_int_equal(csvc_calendar_week_seconds(cal), 144000);
    /* Saturday 10:00-10:30 adds 1800; holidays never change it. */
    assert_ok(cal, csvc_calendar_add_hours(cal, CSVC_SATURDAY, 600, 630));
    assert_ok(cal, csvc_calendar_add_holiday(cal, 2025, 3, 11));
    assert_int_equal(csvc_calendar_week_seconds(cal), 145800);
}

static void test_hours_errors(void **state)
{
    csvc_calendar *cal = *state;
    assert_status_msg(csvc_calendar_add_hours(NULL, CSVC_MONDAY, 0, 60), CSVC_E_NULL,
                      "calendar is NULL");
    assert_status_msg(csvc_calendar_add_hours(cal, (csvc_weekday)7, 0, 60), CSVC_E_RANGE, "day 7");
    assert_int_equal(csvc_calendar_add_hours(cal, (csvc_weekday)-1, 0, 60), CSVC_E_RANGE);
    assert_status_msg(csvc_calendar_add_hours(cal, CSVC_SUNDAY, -1, 60), CSVC_E_RANGE,
                      "Sunday minutes -1-60");
    assert_status_msg(csvc_calendar_add_hours(cal, CSVC_SUNDAY, 0, 1441), CSVC_E_RANGE, "1441");
    assert_int_equal(csvc_calendar_add_hours(cal, CSVC_SUNDAY, 600, 600), CSVC_E_RANGE);
    assert_int_equal(csvc_calendar_add_hours(cal, CSVC_SUNDAY, 601, 600), CSVC_E_RANGE);
    /* Overlaps with Monday 09:00-12:00 / 13:00-18:00, from every side. */
    assert_status_msg(csvc_calendar_add_hours(cal, CSVC_MONDAY, 11 * 60, 14 * 60),
                      CSVC_E_CONSTRAINT, "Monday 11:00-14:00 overlaps 09:00-12:00");
    assert_string_equal(csvc_calendar_errmsg(cal), csvc_last_errmsg());
    assert_status_msg(csvc_calendar_add_hours(cal, CSVC_MONDAY, 12 * 60 + 30, 13 * 60 + 1),
                      CSVC_E_CONSTRAINT, "overlaps 13:00-18:00");
    assert_int_equal(csvc_calendar_add_hours(cal, CSVC_MONDAY, 9 * 60, 12 * 60), CSVC_E_CONSTRAINT);
    assert_int_equal(csvc_calendar_add_hours(cal, CSVC_MONDAY, 10 * 60, 11 * 60),
                     CSVC_E_CONSTRAINT);
    assert_int_equal(csvc_calendar_add_hours(cal, CSVC_MONDAY, 8 * 60, 19 * 60), CSVC_E_CONSTRAINT);
    assert_int_equal(csvc_calendar_add_hours(cal, CSVC_MONDAY, 17 * 60 + 59, 24 * 60),
                     CSVC_E_CONSTRAINT);
    /* Nothing changed: still 144000 s a week, Monday lunch still closed. */
    assert_int_equal(csvc_calendar_week_seconds(cal), 144000);
    assert_int_equal(bsec(cal, LT(0, 11, 0), LT(0, 14, 0)), 2 * HOUR);
    /* Adjacent ranges are allowed: Monday lunch 12:00-13:00, 18:00-24:00 and
     * Tuesday 00:00-09:00 make Monday 09:00 -> Tuesday 12:00 27 h straight. */
    assert_ok(cal, csvc_calendar_add_hours(cal, CSVC_MONDAY, 12 * 60, 13 * 60));
    assert_ok(cal, csvc_calendar_add_hours(cal, CSVC_MONDAY, 18 * 60, 24 * 60));
    assert_ok(cal, csvc_calendar_add_hours(cal, CSVC_TUESDAY, 0, 9 * 60));
    assert_int_equal(bsec(cal, LT(0, 9, 0), LT(1, 12, 0)), 27 * HOUR);
    /* 144000 + 3600 + 21600 + 32400 = 201600. */
    assert_int_equal(csvc_calendar_week_seconds(cal), 201600);
    /* Monday 18:00-24:00 runs on into Tuesday 00:00-09:00: 15 h straight. */
    assert_int_equal(bsec(cal, LT(0, 18, 0), LT(1, 9, 0)), 15 * HOUR);
    /* Sunday 00:00-24:00 ends the week: Sun 23:00 -> Mon 00:30 is 1 h (Monday
     * opens at 09:00), and 1 h from Sun 23:00 ends at Sunday's closing. */
    assert_ok(cal, csvc_calendar_add_hours(cal, CSVC_SUNDAY, 0, 1440));
    assert_int_equal(bsec(cal, LT(-1, 23, 0), LT(0, 0, 30)), 3600);
    assert_int_equal(addb(cal, LT(-1, 23, 0), 3600), LT(0, 0, 0));
    assert_int_equal(addb(cal, LT(-1, 23, 0), 3601), LT(0, 9, 0) + 1);
}

static void test_holiday_errors(void **state)
{
    csvc_calendar *cal = *state;
    assert_status_msg(csvc_calendar_add_holiday(NULL, 2025, 3, 11), CSVC_E_NULL,
                      "calendar is NULL");
    assert_status_msg(csvc_calendar_add_holiday(cal, 2025, 2, 29), CSVC_E_RANGE, "2025-02-29");
    assert_string_equal(csvc_calendar_errmsg(cal), csvc_last_errmsg());
    assert_int_equal(csvc_calendar_add_holiday(cal, 2025, 13, 1), CSVC_E_RANGE);
    assert_int_equal(csvc_calendar_add_holiday(cal, 2025, 0, 1), CSVC_E_RANGE);
    assert_int_equal(csvc_calendar_add_holiday(cal, 2025, 4, 31), CSVC_E_RANGE);
    assert_int_equal(csvc_calendar_add_holiday(cal, 2025, 4, 0), CSVC_E_RANGE);
    assert_int_equal(csvc_calendar_add_holiday(cal, 0, 1, 1), CSVC_E_RANGE);
    assert_int_equal(csvc_calendar_add_holiday(cal, 10000, 1, 1), CSVC_E_RANGE);
    assert_ok(cal, csvc_calendar_add_holiday(cal, 2024, 2, 29));
    assert_ok(cal, csvc_calendar_add_holiday(cal, 1, 1, 1));
    assert_ok(cal, csvc_calendar_add_holiday(cal, 9999, 12, 31));
    assert_ok(cal, csvc_calendar_add_holiday(cal, 2025, 3, 11));
    int64_t before = bsec(cal, LT(0, 0, 0), LT(7, 0, 0));
    assert_int_equal(before, 144000 - 28800);
    assert_status_msg(csvc_calendar_add_holiday(cal, 2025, 3, 11), CSVC_E_EXISTS,
                      "2025-03-11 is already a holiday");
    assert_int_equal(bsec(cal, LT(0, 0, 0), LT(7, 0, 0)), before);
    assert_int_equal(csvc_calendar_week_seconds(cal), 144000);
}

/* ---- business seconds, by hand ----------------------------------------- */

static void test_business_seconds_hand(void **state)
{
    csvc_calendar *cal = *state;
    /* Lunch: Mon 11:00 -> 14:00 = 11-12 (3600) + 13-14 (3600). */
    assert_int_equal(bsec(cal, LT(0, 11, 0), LT(0, 14, 0)), 7200);
    /* Night: Mon 17:00 -> Tue 10:00 = 17-18 (3600) + 09-10 (3600). */
    assert_int_equal(bsec(cal, LT(0, 17, 0), LT(1, 10, 0)), 7200);
    /* Weekend: Fri 17:00 -> Mon 10:00 = 3600 + 3600. */
    assert_int_equal(bsec(cal, LT(4, 17, 0), LT(7, 10, 0)), 7200);
    /* Mon 17:00 -> Wed 10:00 = 3600 + 28800 + 3600 = 36000. */
    assert_int_equal(bsec(cal, LT(0, 17, 0), LT(2, 10, 0)), 36000);
    /* Start outside hours: Sat 10:00 -> Mon 09:30 = 1800; in the lunch
     * break 12:30 -> 13:30 = 1800; 06:00 -> 09:00 = 0; 18:00 -> Tue 09:00 = 0. */
    assert_int_equal(bsec(cal, LT(5, 10, 0), LT(7, 9, 30)), 1800);
    assert_int_equal(bsec(cal, LT(0, 12, 30), LT(0, 13, 30)), 1800);
    assert_int_equal(bsec(cal, LT(0, 6, 0), LT(0, 9, 0)), 0);
    assert_int_equal(bsec(cal, LT(0, 18, 0), LT(1, 9, 0)), 0);
    /* Exactly at opening and closing: 09:00 -> 12:00 = 10800, 12:00 -> 13:00
     * = 0, 09:00 -> 18:00 = 28800; one second either side of 09:00. */
    assert_int_equal(bsec(cal, LT(0, 9, 0), LT(0, 12, 0)), 10800);
    assert_int_equal(bsec(cal, LT(0, 12, 0), LT(0, 13, 0)), 0);
    assert_int_equal(bsec(cal, LT(0, 9, 0), LT(0, 18, 0)), 28800);
    assert_int_equal(bsec(cal, LT(0, 9, 0) - 1, LT(0, 9, 0) + 1), 1);
    assert_int_equal(bsec(cal, LT(0, 12, 0) - 1, LT(0, 13, 0) + 1), 2);
    /* Empty interval, and a full week Mon 00:00 -> Mon 00:00 = 144000. */
    assert_int_equal(bsec(cal, LT(0, 10, 0), LT(0, 10, 0)), 0);
    assert_int_equal(bsec(cal, LT(0, 0, 0), LT(7, 0, 0)), 144000);
    assert_int_equal(bsec(cal, LT(3, 15, 0), LT(10, 15, 0)), 144000);
}

static void test_holidays_hand(void **state)
{
    csvc_calendar *cal = *state;
    /* Tuesday 2025-03-11 and Saturday 2025-03-15 (already closed). */
    assert_ok(cal, csvc_calendar_add_holiday(cal, 2025, 3, 15));
    assert_ok(cal, csvc_calendar_add_holiday(cal, 2025, 3, 11));
    /* Mon 17:00 -> Wed 10:00 = 3600 + 0 (holiday) + 3600. */
    assert_int_equal(bsec(cal, LT(0, 17, 0), LT(2, 10, 0)), 7200);
    /* Inside the holiday: nothing; from it to Wed 09:30 = 1800. */
    assert_int_equal(bsec(cal, LT(1, 10, 0), LT(1, 17, 0)), 0);
    assert_int_equal(bsec(cal, LT(1, 10, 0), LT(2, 9, 30)), 1800);
    /* Full week with one weekday holiday: 144000 - 28800 = 115200. */
    assert_int_equal(bsec(cal, LT(0, 0, 0), LT(7, 0, 0)), 115200);
    /* Holidays are local dates: 2025-03-11 +08:00 starts at 2025-03-10T16:00Z,
     * so Mon 15:00 -> 18:00 local is untouched (3 h). */
    assert_int_equal(bsec(cal, LT(0, 15, 0), LT(0, 18, 0)), 3 * HOUR);
    /* add_business jumps the holiday: Mon 17:00 + 2 h = Wed 10:00. */
    assert_int_equal(addb(cal, LT(0, 17, 0), 7200), LT(2, 10, 0));
    /* Mon 17:00 + 1 h ends at Monday's closing time, before the holiday. */
    assert_int_equal(addb(cal, LT(0, 17, 0), 3600), LT(0, 18, 0));
    /* From inside the holiday, + 1 s = Wed 09:00:01. */
    assert_int_equal(addb(cal, LT(1, 11, 0), 1), LT(2, 9, 0) + 1);
    assert_int_equal(is_open(cal, LT(1, 10, 0)), 0);
    assert_int_equal(is_open(cal, LT(2, 10, 0)), 1);
    /* Consecutive holidays Wed-Fri too: Mon 17:00 + 2 h = next Mon 10:00. */
    assert_ok(cal, csvc_calendar_add_holiday(cal, 2025, 3, 13));
    assert_ok(cal, csvc_calendar_add_holiday(cal, 2025, 3, 14));
    assert_ok(cal, csvc_calendar_add_holiday(cal, 2025, 3, 12));
    assert_int_equal(addb(cal, LT(0, 17, 0), 7200), LT(7, 10, 0));
    assert_int_equal(bsec(cal, LT(0, 17, 0), LT(7, 10, 0)), 7200);
}

static void test_long_intervals(void **state)
{
    csvc_calendar *cal = *state;
    /* 2025-03-10 -> 2026-03-09 is 364 days = 52 weeks: 52 * 144000. */
    assert_int_equal(bsec(cal, MON, INT64_C(1772985600)), 7488000);
    assert_ok(cal, csvc_calendar_add_holiday(cal, 2025, 3, 11)); /* Tuesday */
    assert_ok(cal, csvc_calendar_add_holiday(cal, 2025, 10, 4)); /* Saturday */
    assert_ok(cal, csvc_calendar_add_holiday(cal, 2026, 3, 9));  /* Monday, at the end */
    /* 7488000 - 28800 (Tuesday) - 0 (Saturday) - 0 (the end is exclusive). */
    assert_int_equal(bsec(cal, MON, INT64_C(1772985600)), 7459200);
    /* Inverse: 7459200 s from Mon 2025-03-10 00:00 end at the last closing
     * time, Fri 2026-03-06 18:00 (3 days and 6 h before 2026-03-09 00:00). */
    assert_int_equal(addb(cal, MON, 7459200), INT64_C(1772985600) - 3 * DAY + 18 * HOUR);
    /* The whole supported range splits exactly at any instant. */
    int64_t all = bsec(cal, UNIX_MIN, UNIX_MAX);
    assert_int_equal(all, bsec(cal, UNIX_MIN, MON) + bsec(cal, MON, UNIX_MAX));
    assert_true(addb(cal, UNIX_MIN, all) <= UNIX_MAX);
    int64_t out = 7;
    assert_status_msg(csvc_calendar_add_business(cal, UNIX_MIN, all + 1, &out), CSVC_E_RANGE,
                      "beyond year 9999");
    assert_int_equal(out, 7);
}

static void test_before_1970(void **state)
{
    csvc_calendar *cal = *state;
    /* Monday 1969-12-29 at +08:00 (negative instants: floor division).
     * 08:00 -> 10:00 = 3600; Sun 12:00 -> Mon 09:30 = 1800; the week
     * across the epoch = 144000. */
    assert_int_equal(bsec(cal, MON_1969 + 8 * HOUR, MON_1969 + 10 * HOUR), 3600);
    assert_int_equal(bsec(cal, MON_1969 - 12 * HOUR, MON_1969 + 9 * HOUR + 1800), 1800);
    assert_int_equal(bsec(cal, MON_1969 + 3 * DAY, MON_1969 + 10 * DAY), 144000);
    /* Fri 1970-01-02 17:00 + 2 h = Mon 1970-01-05 10:00. */
    assert_int_equal(addb(cal, MON_1969 + 4 * DAY + 17 * HOUR, 7200),
                     MON_1969 + 7 * DAY + 10 * HOUR);
    assert_int_equal(is_open(cal, MON_1969 + 9 * HOUR), 1);
    assert_int_equal(is_open(cal, MON_1969 + 12 * HOUR), 0);
    /* A holiday on 1969-12-31 (Wednesday). */
    assert_ok(cal, csvc_calendar_add_holiday(cal, 1969, 12, 31));
    assert_int_equal(bsec(cal, MON_1969 + 3 * DAY, MON_1969 + 10 * DAY), 144000);
    assert_int_equal(bsec(cal, MON_1969, MON_1969 + 7 * DAY), 144000 - 28800);
    /* The week before (Monday 1969-12-22), wholly before the epoch even in
     * week-shifted time: 08:00 -> 10:00 = 3600; Fri 12-26 17:00 -> Mon
     * 12-29 10:00 = 3600 + 3600; with Fri 12-26 a holiday, 3600 only, and
     * Thu 12-25 17:30 + 1 h = Mon 12-29 09:30. */
    int64_t mon_before = MON_1969 - WEEK;
    assert_int_equal(bsec(cal, mon_before + 8 * HOUR, mon_before + 10 * HOUR), 3600);
    assert_int_equal(bsec(cal, mon_before + 4 * DAY + 17 * HOUR, MON_1969 + 10 * HOUR), 7200);
    assert_int_equal(is_open(cal, mon_before + 4 * DAY + 17 * HOUR), 1);
    assert_ok(cal, csvc_calendar_add_holiday(cal, 1969, 12, 26));
    assert_int_equal(bsec(cal, mon_before + 4 * DAY + 17 * HOUR, MON_1969 + 10 * HOUR), 3600);
    assert_int_equal(is_open(cal, mon_before + 4 * DAY + 17 * HOUR), 0);
    assert_int_equal(addb(cal, mon_before + 3 * DAY + 17 * HOUR + 1800, HOUR),
                     MON_1969 + 9 * HOUR + 1800);
}

static void test_offsets_hand(void **state)
{
    (void)state;
    /* Monday 09:00-17:00 at +05:30: 2025-03-10T00:00Z is 05:30 local and
     * 12:00Z is 17:30 local, so the day holds all 8 h. 03:30Z is 09:00 local. */
    csvc_calendar *cal;
    assert_csvc_ok(csvc_calendar_new(NULL, 5 * HOUR + 1800, &cal));
    assert_ok(cal, csvc_calendar_add_hours(cal, CSVC_MONDAY, 9 * 60, 17 * 60));
    int64_t mon_utc = INT64_C(1741564800); /* 2025-03-10T00:00Z */
    assert_int_equal(bsec(cal, mon_utc, mon_utc + 12 * HOUR), 8 * HOUR);
    assert_int_equal(bsec(cal, mon_utc, mon_utc + 4 * HOUR), 1800);
    assert_int_equal(addb(cal, mon_utc, 1), mon_utc + 3 * HOUR + 1800 + 1);
    csvc_calendar_free(cal);
    /* Same at -05:00: 09:00 local is 14:00Z, 17:00 local is 22:00Z. A
     * holiday on 2025-03-10 closes it: its local day is 05:00Z..05:00Z. */
    assert_csvc_ok(csvc_calendar_new(NULL, -5 * HOUR, &cal));
    assert_ok(cal, csvc_calendar_add_hours(cal, CSVC_MONDAY, 9 * 60, 17 * 60));
    assert_int_equal(bsec(cal, mon_utc, mon_utc + DAY), 8 * HOUR);
    assert_int_equal(addb(cal, mon_utc, 8 * HOUR), mon_utc + 22 * HOUR);
    assert_ok(cal, csvc_calendar_add_holiday(cal, 2025, 3, 10));
    assert_int_equal(bsec(cal, mon_utc, mon_utc + DAY), 0);
    assert_int_equal(addb(cal, mon_utc, 1), mon_utc + WEEK + 14 * HOUR + 1);
    csvc_calendar_free(cal);
}

/* ---- add_business and is_open, by hand --------------------------------- */

static void test_add_business_hand(void **state)
{
    csvc_calendar *cal = *state;
    /* Mon 09:00 + 3 h = 12:00, the closing time, not 13:00. */
    assert_int_equal(addb(cal, LT(0, 9, 0), 3 * HOUR), LT(0, 12, 0));
    /* + 3 h + 1 s crosses lunch: 13:00:01. */
    assert_int_equal(addb(cal, LT(0, 9, 0), 3 * HOUR + 1), LT(0, 13, 0) + 1);
    /* Mon 17:00 + 1 h = 18:00 (closing), + 2 h = Tue 10:00 (night). */
    assert_int_equal(addb(cal, LT(0, 17, 0), HOUR), LT(0, 18, 0));
    assert_int_equal(addb(cal, LT(0, 17, 0), 2 * HOUR), LT(1, 10, 0));
    /* Fri 17:30 + 1 h = Mon 09:30 (weekend). */
    assert_int_equal(addb(cal, LT(4, 17, 30), HOUR), LT(7, 9, 30));
    /* From outside hours: Sat 10:00 + 1 s = Mon 09:00:01; 06:00 + 1 h = 10:00;
     * lunch 12:30 + 30 min = 13:30. */
    assert_int_equal(addb(cal, LT(5, 10, 0), 1), LT(7, 9, 0) + 1);
    assert_int_equal(addb(cal, LT(0, 6, 0), HOUR), LT(0, 10, 0));
    assert_int_equal(addb(cal, LT(0, 12, 30), 1800), LT(0, 13, 30));
    /* Adding 0 returns `from`, open or closed. */
    assert_int_equal(addb(cal, LT(5, 10, 0), 0), LT(5, 10, 0));
    assert_int_equal(addb(cal, LT(0, 12, 0), 0), LT(0, 12, 0));
    assert_int_equal(addb(cal, LT(0, 10, 0), 0), LT(0, 10, 0));
    /* A whole week of business time from Wed 10:00 is the next Wed 10:00;
     * 52 weeks = 364 days later. */
    assert_int_equal(addb(cal, LT(2, 10, 0), 144000), LT(9, 10, 0));
    assert_int_equal(addb(cal, LT(2, 10, 0), 52 * 144000), LT(2 + 364, 10, 0));
    /* 28800 from Mon 09:00 ends Mon 18:00, not Tue 09:00. */
    assert_int_equal(addb(cal, LT(0, 9, 0), 28800), LT(0, 18, 0));
}

static void test_is_open_hand(void **state)
{
    csvc_calendar *cal = *state;
    assert_int_equal(is_open(cal, LT(0, 9, 0)), 1); /* opening */
    assert_int_equal(is_open(cal, LT(0, 9, 0) - 1), 0);
    assert_int_equal(is_open(cal, LT(0, 12, 0) - 1), 1);
    assert_int_equal(is_open(cal, LT(0, 12, 0)), 0); /* closing */
    assert_int_equal(is_open(cal, LT(0, 13, 0)), 1);
    assert_int_equal(is_open(cal, LT(0, 18, 0)), 0);
    assert_int_equal(is_open(cal, LT(4, 17, 59) + 59), 1); /* Fri 17:59:59 */
    assert_int_equal(is_open(cal, LT(5, 10, 0)), 0);       /* Saturday */
    assert_int_equal(is_open(cal, LT(6, 23, 59)), 0);
}

/* DOMAIN.md section 2: created 08:00, resolution target 2 h, due 10:00;
 * pended 09:00 (1 h used); the customer replies 10:05, so the remaining
 * 1 h runs to 11:05. */
static void test_domain_worked_case(void **state)
{
    (void)state;
    csvc_calendar *cal;
    assert_csvc_ok(csvc_calendar_new(NULL, OFF_CST, &cal));
    for (int d = CSVC_MONDAY; d <= CSVC_FRIDAY; d++)
        assert_ok(cal, csvc_calendar_add_hours(cal, (csvc_weekday)d, 8 * 60, 18 * 60));
    assert_int_equal(addb(cal, LT(0, 8, 0), 2 * HOUR), LT(0, 10, 0));
    int64_t used = bsec(cal, LT(0, 8, 0), LT(0, 9, 0));
    assert_int_equal(used, HOUR);
    assert_int_equal(addb(cal, LT(0, 10, 5), 2 * HOUR - used), LT(0, 11, 5));
    /* The same through the internal cumulative API the desk uses. */
    int64_t due = cs_calendar_inverse(cal, cs_calendar_cumulative(cal, LT(0, 10, 5)) + HOUR);
    assert_int_equal(due, LT(0, 11, 5));
    /* A 2 h target from 17:00 reaches 18:00 with 1 h left: Tue 09:00. */
    assert_int_equal(addb(cal, LT(0, 17, 0), 2 * HOUR), LT(1, 9, 0));
    csvc_calendar_free(cal);
}

/* ---- errors of the queries ---------------------------------------------- */

static void test_query_errors(void **state)
{
    csvc_calendar *cal = *state;
    int64_t out = 42;
    int open = 42;
    assert_status_msg(csvc_calendar_business_seconds(NULL, 0, 1, &out), CSVC_E_NULL,
                      "calendar is NULL");
    assert_status_msg(csvc_calendar_business_seconds(cal, 0, 1, NULL), CSVC_E_NULL, "out is NULL");
    assert_status_msg(csvc_calendar_business_seconds(cal, LT(0, 10, 0), LT(0, 10, 0) - 1, &out),
                      CSVC_E_RANGE, "negative duration");
    assert_status_msg(csvc_calendar_business_seconds(cal, UNIX_MIN - 1, 0, &out), CSVC_E_RANGE,
                      "from");
    assert_status_msg(csvc_calendar_business_seconds(cal, 0, UNIX_MAX + 1, &out), CSVC_E_RANGE,
                      "to");
    assert_int_equal(csvc_calendar_business_seconds(cal, INT64_MIN, INT64_MAX, &out), CSVC_E_RANGE);
    assert_status_msg(csvc_calendar_add_business(NULL, 0, 1, &out), CSVC_E_NULL,
                      "calendar is NULL");
    assert_status_msg(csvc_calendar_add_business(cal, 0, 1, NULL), CSVC_E_NULL, "out");
    assert_status_msg(csvc_calendar_add_business(cal, LT(0, 10, 0), -1, &out), CSVC_E_RANGE,
                      "negative");
    assert_status_msg(csvc_calendar_add_business(cal, UNIX_MAX + 1, 0, &out), CSVC_E_RANGE, "from");
    assert_status_msg(csvc_calendar_add_business(cal, LT(0, 10, 0), INT64_MAX, &out), CSVC_E_RANGE,
                      "beyond year 9999");
    /* 9999-12-31 is a Friday; its 18:00 +08:00 is UNIX_MAX - 6 h + 1 - 8 h,
     * the last closing time: nothing is left after it. */
    int64_t last_close = UNIX_MAX + 1 - 6 * HOUR - OFF_CST;
    assert_int_equal(addb(cal, last_close - HOUR, HOUR), last_close);
    assert_int_equal(csvc_calendar_add_business(cal, last_close - HOUR, HOUR + 1, &out),
                     CSVC_E_RANGE);
    assert_int_equal(addb(cal, UNIX_MAX, 0), UNIX_MAX);
    assert_status_msg(csvc_calendar_is_open(NULL, 0, &open), CSVC_E_NULL, "calendar is NULL");
    assert_status_msg(csvc_calendar_is_open(cal, 0, NULL), CSVC_E_NULL, "out");
    assert_status_msg(csvc_calendar_is_open(cal, UNIX_MAX + 1, &open), CSVC_E_RANGE, "9999");
    assert_int_equal(csvc_calendar_is_open(cal, UNIX_MIN - 1, &open), CSVC_E_RANGE);
    assert_int_equal(out, 42);
    assert_int_equal(open, 42);
    /* Read-only failures never write the calendar (threads may share it). */
    assert_string_equal(csvc_calendar_errmsg(cal), "");
    assert_int_equal(csvc_calendar_week_seconds(cal), 144000);
}

/* ---- clone and allocation failures -------------------------------------- */

static void test_clone(void **state)
{
    csvc_calendar *cal = *state;
    assert_ok(cal, csvc_calendar_add_holiday(cal, 2025, 3, 11));
    csvc_calendar *copy = NULL;
    assert_status_msg(csvc_calendar_clone(NULL, &copy), CSVC_E_NULL, "calendar is NULL");
    assert_status_msg(csvc_calendar_clone(cal, NULL), CSVC_E_NULL, "out is NULL");
    assert_null(copy);
    assert_csvc_ok(csvc_calendar_clone(cal, &copy));
    assert_int_equal(csvc_calendar_week_seconds(copy), 144000);
    assert_int_equal(bsec(copy, LT(0, 17, 0), LT(2, 10, 0)), 7200);
    /* Independent: changing the copy leaves the original alone. */
    assert_ok(copy, csvc_calendar_add_hours(copy, CSVC_SATURDAY, 0, 60));
    assert_ok(copy, csvc_calendar_add_holiday(copy, 2025, 3, 12));
    assert_int_equal(csvc_calendar_week_seconds(copy), 147600);
    assert_int_equal(csvc_calendar_week_seconds(cal), 144000);
    assert_int_equal(bsec(cal, LT(0, 17, 0), LT(2, 10, 0)), 7200);
    assert_int_equal(bsec(copy, LT(0, 17, 0), LT(2, 10, 0)), 3600);
    csvc_calendar_free(copy);
    /* An empty calendar clones too. */
    csvc_calendar *empty, *empty_copy;
    assert_csvc_ok(csvc_calendar_new(NULL, 0, &empty));
    assert_csvc_ok(csvc_calendar_clone(empty, &empty_copy));
    assert_int_equal(csvc_calendar_week_seconds(empty_copy), WEEK);
    csvc_calendar_free(empty_copy);
    csvc_calendar_free(empty);
}

static void test_allocation_failures(void **state)
{
    (void)state;
    test_failing_alloc fa = {-1, 0, 0};
    csvc_allocator a = test_failing_allocator(&fa);
    csvc_calendar *cal;
    assert_csvc_ok(csvc_calendar_new(&a, OFF_CST, &cal));
    /* Every add with no allocation left either fits the capacity or fails
     * with nothing changed; then it succeeds with memory. */
    int failures = 0;
    for (int i = 0; i < 20; i++) {
        csvc_weekday d = (csvc_weekday)(i % 7);
        int32_t start = (i / 7) * 120;
        int64_t week = csvc_calendar_week_seconds(cal);
        fa.budget = 0;
        csvc_status rc = csvc_calendar_add_hours(cal, d, start, start + 60);
        fa.budget = -1;
        if (rc != CSVC_OK) {
            assert_int_equal(rc, CSVC_E_NOMEM);
            assert_non_null(strstr(csvc_calendar_errmsg(cal), "out of memory"));
            failures++;
            assert_int_equal(csvc_calendar_week_seconds(cal), week);
            assert_ok(cal, csvc_calendar_add_hours(cal, d, start, start + 60));
        }
    }
    assert_int_equal(csvc_calendar_week_seconds(cal), 20 * HOUR);
    assert_true(failures >= 2); /* the first add and the one past 8 */
    failures = 0;
    for (int i = 0; i < 20; i++) {
        int64_t day0 = MON + (int64_t)i * DAY;
        int64_t before = bsec(cal, day0, day0 + DAY);
        fa.budget = 0;
        csvc_status rc = csvc_calendar_add_holiday(cal, 2025, 3, 10 + i);
        fa.budget = -1;
        if (rc != CSVC_OK) {
            assert_int_equal(rc, CSVC_E_NOMEM);
            failures++;
            assert_int_equal(bsec(cal, day0, day0 + DAY), before);
            assert_ok(cal, csvc_calendar_add_holiday(cal, 2025, 3, 10 + i));
        }
        assert_int_equal(bsec(cal, day0, day0 + DAY), 0);
    }
    assert_true(failures >= 2);
    /* clone: the handle, the ranges, the holidays. */
    int cloned = 0;
    for (long budget = 0; budget < 10 && !cloned; budget++) {
        csvc_calendar *copy = NULL;
        long live = fa.live;
        fa.budget = budget;
        csvc_status rc = csvc_calendar_clone(cal, &copy);
        fa.budget = -1;
        if (rc == CSVC_OK) {
            cloned = 1;
            assert_int_equal(budget, 3);
            assert_int_equal(csvc_calendar_week_seconds(copy), 20 * HOUR);
            csvc_calendar_free(copy);
        } else {
            assert_int_equal(rc, CSVC_E_NOMEM);
            assert_null(copy);
        }
        assert_int_equal(fa.live, live);
    }
    assert_true(cloned);
    csvc_calendar_free(cal);
    assert_int_equal(fa.live, 0);
}

/* ---- randomized comparison with a brute-force count ------------------------ */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static int64_t rnd_below(int64_t n)
{
    return (int64_t)(rnd() % (uint64_t)n);
}

static int64_t fdiv(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && a < 0);
}

#define MAX_HOLIDAYS 12

/* The reference: one flag per local minute of the week, a plain list of
 * holiday day numbers, and walks that visit every minute. */
typedef struct brute {
    int32_t offset;
    int empty;
    unsigned char open[7][1440];
    int64_t holidays[MAX_HOLIDAYS];
    int nholidays;
} brute;

static int brute_is_holiday(const brute *b, int64_t day)
{
    for (int i = 0; i < b->nholidays; i++)
        if (b->holidays[i] == day)
            return 1;
    return 0;
}

/* Whether local minute `m` (minutes since 1970-01-01 00:00 local) is open. */
static int brute_open(const brute *b, int64_t m)
{
    if (b->empty)
        return 1;
    int64_t day = fdiv(m, 1440);
    if (brute_is_holiday(b, day))
        return 0;
    int weekday = (int)((day % 7 + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
    return b->open[weekday][m - day * 1440];
}

static int64_t brute_seconds(const brute *b, int64_t from, int64_t to)
{
    int64_t total = 0;
    for (int64_t x = from + b->offset, end = to + b->offset; x < end;) {
        int64_t m = fdiv(x, 60);
        int64_t next = (m + 1) * 60 < end ? (m + 1) * 60 : end;
        if (brute_open(b, m))
            total += next - x;
        x = next;
    }
    return total;
}

static int64_t brute_add(const brute *b, int64_t from, int64_t seconds)
{
    int64_t acc = 0;
    for (int64_t x = from + b->offset; acc < seconds;) {
        int64_t m = fdiv(x, 60);
        int64_t next = (m + 1) * 60;
        if (brute_open(b, m)) {
            if (acc + (next - x) >= seconds)
                return x + (seconds - acc) - b->offset;
            acc += next - x;
        }
        x = next;
    }
    return from;
}

/* Day number -> civil date by counting years and months from 1970. */
static int year_days(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 366 : 365;
}

static void naive_civil(int64_t days, int *y, int *m, int *d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int year = 1970;
    while (days < 0)
        days += year_days(--year);
    while (days >= year_days(year))
        days -= year_days(year++);
    int month = 0;
    for (;;) {
        int len = mdays[month] + (month == 1 && year_days(year) == 366);
        if (days < len)
            break;
        days -= len;
        month++;
    }
    *y = year;
    *m = month + 1;
    *d = (int)days + 1;
}

typedef struct pending_range {
    int day, start, end;
} pending_range;

/* A random schedule: closed days, 24-hour days, 1-3 ranges, adjacency. */
static void random_schedule(csvc_calendar *cal, brute *b)
{
    pending_range ranges[7 * 3];
    int n = 0;
    for (int d = 0; d < 7; d++) {
        int kind = (int)rnd_below(6);
        if (kind == 0)
            continue;
        if (kind == 1) {
            ranges[n++] = (pending_range){d, 0, 1440};
            continue;
        }
        int k = 1 + (int)rnd_below(3), p[6];
        for (int i = 0; i < 2 * k; i++)
            p[i] = kind == 2 ? (int)rnd_below(49) * 30 : (int)rnd_below(1441);
        for (int i = 1; i < 2 * k; i++) /* insertion sort */
            for (int j = i; j > 0 && p[j - 1] > p[j]; j--) {
                int t = p[j];
                p[j] = p[j - 1];
                p[j - 1] = t;
            }
        for (int i = 0; i < k; i++)
            if (p[2 * i] < p[2 * i + 1])
                ranges[n++] = (pending_range){d, p[2 * i], p[2 * i + 1]};
    }
    for (int i = n - 1; i > 0; i--) { /* shuffle the order of the adds */
        int j = (int)rnd_below(i + 1);
        pending_range t = ranges[i];
        ranges[i] = ranges[j];
        ranges[j] = t;
    }
    b->empty = n == 0;
    int64_t week = 0;
    for (int i = 0; i < n; i++) {
        pending_range r = ranges[i];
        assert_ok(cal, csvc_calendar_add_hours(cal, (csvc_weekday)r.day, r.start, r.end));
        memset(&b->open[r.day][r.start], 1, (size_t)(r.end - r.start));
        week += (r.end - r.start) * 60;
        /* The same range again, and one minute of it, overlap. */
        assert_int_equal(csvc_calendar_add_hours(cal, (csvc_weekday)r.day, r.start, r.end),
                         CSVC_E_CONSTRAINT);
        assert_int_equal(csvc_calendar_add_hours(cal, (csvc_weekday)r.day, r.start, r.start + 1),
                         CSVC_E_CONSTRAINT);
    }
    assert_int_equal(csvc_calendar_week_seconds(cal), n ? week : WEEK);
}

static void random_holidays(csvc_calendar *cal, brute *b, int64_t anchor_day)
{
    int count = (int)rnd_below(MAX_HOLIDAYS + 1);
    for (int i = 0; i < count; i++) {
        int64_t day = anchor_day + rnd_below(30);
        int y, m, d;
        naive_civil(day, &y, &m, &d);
        if (brute_is_holiday(b, day)) {
            assert_int_equal(csvc_calendar_add_holiday(cal, y, m, d), CSVC_E_EXISTS);
            continue;
        }
        assert_ok(cal, csvc_calendar_add_holiday(cal, y, m, d));
        b->holidays[b->nholidays++] = day;
    }
}

static int64_t random_instant(int64_t anchor, int32_t offset)
{
    int64_t t = anchor + rnd_below(30 * DAY);
    switch (rnd_below(3)) { /* often exactly on a local minute or hour */
    case 0:
        return t - (t + offset - fdiv(t + offset, 60) * 60);
    case 1:
        return t - (t + offset - fdiv(t + offset, HOUR) * HOUR);
    default:
        return t;
    }
}

static void check_pair(const csvc_calendar *cal, const brute *b, int64_t t, int64_t u)
{
    int64_t expect = brute_seconds(b, t, u);
    int64_t got = bsec(cal, t, u);
    if (got != expect)
        fail_msg("business_seconds(%lld, %lld) = %lld, brute force %lld (offset %ld)", (long long)t,
                 (long long)u, (long long)got, (long long)expect, (long)b->offset);
    assert_int_equal(cs_calendar_cumulative(cal, u) - cs_calendar_cumulative(cal, t), expect);
    /* add_business inverts it: at or before u, and the earliest such instant. */
    int64_t r = addb(cal, t, expect);
    assert_int_equal(r, brute_add(b, t, expect));
    assert_true(r >= t && r <= u);
    assert_int_equal(bsec(cal, t, r), expect);
    if (expect > 0) {
        assert_int_equal(bsec(cal, t, r - 1), expect - 1);
        assert_int_equal(cs_calendar_inverse(cal, cs_calendar_cumulative(cal, t) + expect), r);
    }
    /* Any amount up to it. */
    int64_t s = rnd_below(expect + 1);
    int64_t r2 = addb(cal, t, s);
    if (r2 != brute_add(b, t, s))
        fail_msg("add_business(%lld, %lld) = %lld, brute force %lld (offset %ld)", (long long)t,
                 (long long)s, (long long)r2, (long long)brute_add(b, t, s), (long)b->offset);
    assert_int_equal(is_open(cal, t), brute_open(b, fdiv(t + b->offset, 60)));
}

static void test_random_against_brute_force(void **state)
{
    (void)state;
    static const int32_t offsets[] = {8 * HOUR,         -5 * HOUR, 5 * HOUR + 1800, 0,
                                      -9 * HOUR - 1800, 18 * HOUR, -18 * HOUR,      12345};
    /* 2025-01-01, 1969-12-20 (across the epoch), 0001-02-01, 9999-10-01
     * (instants go up to 60 days past the anchor). */
    static const int64_t anchors[] = {INT64_C(1735689600), INT64_C(-1036800), UNIX_MIN + 31 * DAY,
                                      INT64_C(253394352000)};
    rng_state = UINT64_C(20250310);
    for (int c = 0; c < 64; c++) {
        brute *b = calloc(1, sizeof *b);
        assert_non_null(b);
        b->offset = offsets[c % 8];
        int64_t anchor = anchors[(c / 8) % 4];
        csvc_calendar *cal;
        assert_csvc_ok(csvc_calendar_new(NULL, b->offset, &cal));
        random_schedule(cal, b);
        random_holidays(cal, b, fdiv(anchor, DAY));
        for (int i = 0; i < 16; i++) {
            int64_t t = random_instant(anchor, b->offset);
            int64_t lengths[] = {2 * HOUR, 3 * DAY, 21 * DAY};
            int64_t u = t + rnd_below(lengths[rnd_below(3)] + 1);
            if (rnd_below(4) == 0)
                u = random_instant(t, b->offset); /* on a minute: may hit a boundary */
            if (u < t)
                u = t;
            check_pair(cal, b, t, u);
        }
        csvc_calendar_free(cal);
        free(b);
    }
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_office, teardown_calendar)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_errors),
        cmocka_unit_test(test_empty_is_always_open),
        T(test_week_seconds),
        T(test_hours_errors),
        T(test_holiday_errors),
        T(test_business_seconds_hand),
        T(test_holidays_hand),
        T(test_long_intervals),
        T(test_before_1970),
        cmocka_unit_test(test_offsets_hand),
        T(test_add_business_hand),
        T(test_is_open_hand),
        cmocka_unit_test(test_domain_worked_case),
        T(test_query_errors),
        T(test_clone),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_random_against_brute_force),
    };
#undef T
    return cmocka_run_group_tests_name("calendar", tests, NULL, NULL);
}
