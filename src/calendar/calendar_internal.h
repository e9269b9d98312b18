/* Calendar internals for the engines that count business time in bulk
 * (the desk's SLA clocks).
 *
 * Business time is exposed as a cumulative function B(t): the business
 * seconds from a fixed origin to the instant t, negative before it. B is
 * non-decreasing, grows by one per open second, and is flat while the
 * calendar is closed, so
 *   business seconds in [a, b)  = B(b) - B(a)
 *   csvc_calendar_add_business(from, s) = max(from, inverse(B(from) + s)).
 * An SLA clock can keep B values instead of instants: one call each way. */
#ifndef CS_CALENDAR_INTERNAL_H
#define CS_CALENDAR_INTERNAL_H

#if !defined(CS_MODULE_CALENDAR) && !defined(CS_WHITEBOX)
#error                                                                                             \
    "calendar_internal.h is private to src/calendar: other modules use calendar_seam.h or csvc/calendar.h"
#endif

#include "csvc/calendar.h"
#include "alloc.h"
#include "errbuf.h"
#include "tz.h"

/* One opening range in seconds of the local ISO week (Monday 00:00 = 0);
 * a range never crosses midnight. `before` is the business seconds of the
 * week before `start`. */
typedef struct cs_cal_range {
    int32_t start, end;
    int64_t before;
} cs_cal_range;

/* A holiday as a local day number (days since 1970-01-01). `before` is the
 * scheduled seconds removed by the holidays sorted before it. */
typedef struct cs_cal_holiday {
    int64_t day;
    int64_t before;
} cs_cal_holiday;

struct csvc_calendar {
    cs_alloc alloc;
    cs_errbuf err;
    int32_t utc_offset;
    cs_cal_range *ranges; /* sorted by start, disjoint */
    size_t nranges, cap_ranges;
    int64_t week_total;       /* scheduled seconds in a week */
    int64_t day_before[7];    /* scheduled seconds of the week before each day */
    int64_t day_total[7];     /* scheduled seconds of each weekday */
    cs_cal_holiday *holidays; /* sorted by day, distinct */
    size_t nholidays, cap_holidays;
    int64_t holiday_total; /* scheduled seconds removed by all holidays */
    /* A zoned calendar: the local clock follows `tz`, whose segment i has
     * its own fixed offset. B(t) = seg_base[i] + B_i(t) in segment i,
     * where B_i is the fixed-offset function at that segment's offset;
     * seg_base keeps B continuous at each transition. NULL: utc_offset. */
    csvc_tz *tz;
    int64_t *seg_base;
};

/* B(t) for t in [CS_UNIX_MIN, CS_UNIX_MAX]; B(t) = t for an empty
 * calendar. O(log ranges + log holidays). */
int64_t cs_calendar_cumulative(const csvc_calendar *cal, int64_t t);

/* The earliest instant t with B(t) >= value, for value in
 * [B(CS_UNIX_MIN), B(CS_UNIX_MAX) + 1]; the result may exceed CS_UNIX_MAX
 * when value > B(CS_UNIX_MAX), and may be earlier than an instant whose B
 * equals value (the closing time before a closed stretch).
 * O(log ranges + log holidays). */
int64_t cs_calendar_inverse(const csvc_calendar *cal, int64_t value);

#endif
