/**
 * @file csvc/calendar.h
 * @brief Business-hours calendars: weekly opening hours at a fixed UTC
 *        offset, minus holidays; business time between instants.
 *
 * A calendar is a weekly schedule in local minutes (several ranges a day,
 * e.g. 09:00-12:00 and 13:00-18:00 around a lunch break), a local clock and
 * a list of holiday dates on which the calendar is closed all day. The
 * clock is either a fixed UTC offset (csvc_calendar_new()) or an IANA time
 * zone with its daylight-saving changes (csvc_calendar_new_tz(); see
 * "Time zones" in common.h). It does not depend on the host's time zone.
 *
 * In a zone the schedule follows the wall clock: 09:00-18:00 is 09:00-18:00
 * local time on both sides of a change, and business time is real elapsed
 * seconds while the wall clock is inside a range. A range that spans a
 * change counts what really elapses: 00:00-06:00 on the night the clock
 * jumps from 02:00 to 03:00 holds 5 hours, on the night it goes back from
 * 03:00 to 02:00 it holds 7.
 *
 * Business time is counted in seconds. csvc_calendar_business_seconds() and
 * csvc_calendar_add_business() cost O(log ranges + log holidays), whatever
 * the length of the interval: the week is precomputed into cumulative sums.
 *
 * A calendar with no ranges is "always open" (24x7, holidays ignored), so a
 * desk without calendars counts plain elapsed seconds.
 *
 * Thread-safety: a calendar may be read from several threads at once once it
 * is no longer modified; modifications need exclusive access. Read-only
 * calls (week_seconds, business_seconds, add_business, is_open, clone) never
 * write the calendar, not even its message: their failures are explained by
 * csvc_last_errmsg() only.
 */
#ifndef CSVC_CALENDAR_H
#define CSVC_CALENDAR_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An opaque calendar. */
typedef struct csvc_calendar csvc_calendar;

/** Days of the week, ISO order. Values are stable. */
typedef enum csvc_weekday {
    CSVC_MONDAY = 0,
    CSVC_TUESDAY = 1,
    CSVC_WEDNESDAY = 2,
    CSVC_THURSDAY = 3,
    CSVC_FRIDAY = 4,
    CSVC_SATURDAY = 5,
    CSVC_SUNDAY = 6
} csvc_weekday;

/**
 * Creates an empty (always open) calendar for a local clock `utc_offset`
 * seconds east of UTC (e.g. 8 * 3600 for China Standard Time).
 * @return ::CSVC_E_NULL, ::CSVC_E_RANGE (|offset| > ::CSVC_UTC_OFFSET_MAX),
 *         ::CSVC_E_VERSION / ::CSVC_E_INVALID (allocator), ::CSVC_E_NOMEM.
 * @since 0.2
 */
CSVC_API csvc_status csvc_calendar_new(const csvc_allocator *allocator, int32_t utc_offset,
                                       csvc_calendar **out);

/**
 * Creates an empty (always open) calendar whose local clock is the IANA
 * time zone `time_zone` ("Europe/Berlin"), read from the system's tzdata.
 * @return ::CSVC_E_NULL, ::CSVC_E_INVALID (not a zone name),
 *         ::CSVC_E_NOTFOUND (no such zone), ::CSVC_E_CORRUPT, ::CSVC_E_NOMEM.
 * @since 0.6
 */
CSVC_API csvc_status csvc_calendar_new_tz(const csvc_allocator *allocator, const char *time_zone,
                                          csvc_calendar **out);
/** Frees a calendar; NULL is a no-op. @since 0.2 */
CSVC_API void csvc_calendar_free(csvc_calendar *calendar);
/**
 * The message of the calendar's last failed modification (add_hours,
 * add_holiday), "" if none. Failures of read-only calls are reported by
 * csvc_last_errmsg() only, so that threads can share a calendar.
 * @since 0.2
 */
CSVC_API const char *csvc_calendar_errmsg(const csvc_calendar *calendar);
/**
 * Copies a calendar (same allocator).
 * @return ::CSVC_E_NULL, ::CSVC_E_NOMEM (`*out` untouched).
 * @since 0.2
 */
CSVC_API csvc_status csvc_calendar_clone(const csvc_calendar *calendar, csvc_calendar **out);

/**
 * Opens the calendar on `day` from local minute `start_minute` to
 * `end_minute` (half-open; 0 <= start < end <= 1440).
 * Adjacent ranges (09:00-12:00 and 12:00-13:00) are allowed.
 * @return ::CSVC_E_RANGE for a bad day or inverted/out-of-day minutes,
 *         ::CSVC_E_CONSTRAINT when the range overlaps another range of that
 *         day, ::CSVC_E_NULL, ::CSVC_E_NOMEM.
 * @since 0.2
 */
CSVC_API csvc_status csvc_calendar_add_hours(csvc_calendar *calendar, csvc_weekday day,
                                             int32_t start_minute, int32_t end_minute);
/**
 * Closes the calendar for the whole local date year-month-day.
 * ::CSVC_E_RANGE for an impossible date or one outside years 1..9999;
 * adding the same date twice is ::CSVC_E_EXISTS (also ::CSVC_E_NULL,
 * ::CSVC_E_NOMEM). Holidays of a calendar with no ranges are kept, and
 * count once hours are added.
 * @since 0.2
 */
CSVC_API csvc_status csvc_calendar_add_holiday(csvc_calendar *calendar, int32_t year,
                                               int32_t month, int32_t day);

/**
 * Business seconds in a full (holiday-free) week: 604800 for an empty
 * (always open) calendar, 0 for NULL.
 * @since 0.2
 */
CSVC_API int64_t csvc_calendar_week_seconds(const csvc_calendar *calendar);

/** Seconds east of UTC of the calendar's local clock; for a zoned calendar
 *  its standard (winter) offset, see csvc_calendar_offset_at(); 0 for NULL.
 * @since 0.6 */
CSVC_API int32_t csvc_calendar_utc_offset(const csvc_calendar *calendar);
/** The calendar's time zone name, or NULL for a fixed-offset calendar. @since 0.6 */
CSVC_API const char *csvc_calendar_time_zone(const csvc_calendar *calendar);
/**
 * The calendar's UTC offset at instant `t` (the zone's, or the fixed one).
 * @return ::CSVC_E_NULL, ::CSVC_E_RANGE for t outside years 1..9999.
 * @since 0.6
 */
CSVC_API csvc_status csvc_calendar_offset_at(const csvc_calendar *calendar, int64_t t,
                                             int32_t *out);

/**
 * Business seconds in `[from, to)`. ::CSVC_E_RANGE when to < from
 * (a negative duration) or either instant is outside years 1..9999 UTC
 * (::CSVC_E_NULL for a NULL calendar or out).
 * @since 0.2
 */
CSVC_API csvc_status csvc_calendar_business_seconds(const csvc_calendar *calendar,
                                                    int64_t from, int64_t to, int64_t *out);
/**
 * The earliest instant `t >= from` such that `[from, t)` holds `seconds`
 * business seconds. Adding 0 returns `from`. A target reached exactly at
 * closing time is that closing time, not the next opening.
 * ::CSVC_E_RANGE for negative seconds, `from` outside years 1..9999 UTC or
 * a result beyond year 9999 (::CSVC_E_NULL for a NULL calendar or out).
 * @since 0.2
 */
CSVC_API csvc_status csvc_calendar_add_business(const csvc_calendar *calendar, int64_t from,
                                                int64_t seconds, int64_t *out);
/**
 * `*out = 1` when the calendar is open at `t`, i.e. during the second
 * `[t, t + 1)` (always 1 for an empty calendar): open at an opening time,
 * closed at a closing time. ::CSVC_E_RANGE when t is outside years 1..9999
 * UTC, ::CSVC_E_NULL for a NULL calendar or out.
 * @since 0.2
 */
CSVC_API csvc_status csvc_calendar_is_open(const csvc_calendar *calendar, int64_t t, int *out);

#ifdef __cplusplus
}
#endif

#endif /* CSVC_CALENDAR_H */
