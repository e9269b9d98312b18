/* Civil-date arithmetic and date/time text, shared by the public time and
 * period helpers and by the importers (hire dates, event times).
 *
 * Proleptic Gregorian calendar, years 1..9999, no leap seconds. Dates are
 * counted as days since 1970-01-01 (day 0), negative before it. A local
 * clock is a fixed offset in seconds east of UTC, at most
 * CSVC_UTC_OFFSET_MAX in magnitude. */
#ifndef CS_UTIL_CIVIL_H
#define CS_UTIL_CIVIL_H

#include <stddef.h>
#include <stdint.h>

#define CS_YEAR_MIN 1
#define CS_YEAR_MAX 9999
#define CS_DAY_SECONDS 86400

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in Unix seconds. */
#define CS_UNIX_MIN INT64_C(-62135596800)
#define CS_UNIX_MAX INT64_C(253402300799)

int cs_is_leap_year(int32_t year);
/* Days in `month` (1..12) of `year`; 0 for a month outside 1..12. */
int32_t cs_days_in_month(int32_t year, int32_t month);
/* 1 when year-month-day is a real date in years 1..9999. */
int cs_date_valid(int32_t year, int32_t month, int32_t day);
/* Days since 1970-01-01 of a valid date (cs_date_valid()). */
int64_t cs_days_from_civil(int32_t year, int32_t month, int32_t day);
/* The date of day `days` since 1970-01-01; any value from the range of
 * years 1..9999 (and a little beyond) is fine. */
void cs_civil_from_days(int64_t days, int32_t *year, int32_t *month, int32_t *day);

/* 1 when |offset| <= CSVC_UTC_OFFSET_MAX. */
int cs_offset_valid(int32_t utc_offset);
/* The local date of instant `t` at a valid `utc_offset`, and the second
 * of the local day (0..86399) when `sec_of_day` is not NULL. Returns 0,
 * writing nothing, when the local date is outside years 1..9999. */
int cs_local_date(int64_t t, int32_t utc_offset, int32_t *year, int32_t *month, int32_t *day,
                  int32_t *sec_of_day);

/* Parsers of text[0..len). Each returns NULL on success, or a static
 * reason ("day out of range for month") for the caller to wrap in a
 * message that names the text and where it came from.
 * cs_date_parse: exactly "YYYY-MM-DD"; *out = Unix time of midnight UTC.
 * cs_time_parse: every form csvc_time_parse() accepts; *out = Unix time. */
const char *cs_date_parse(const char *text, size_t len, int64_t *out);
const char *cs_time_parse(const char *text, size_t len, int64_t *out);
/* As cs_time_parse(), a time or date without 'Z' or an offset being local
 * time at `naive_offset` seconds east of UTC (cs_time_parse: 0). */
const char *cs_time_parse_at(const char *text, size_t len, int32_t naive_offset, int64_t *out);
/* As cs_time_parse(), without the range check: *naive 1 when the text has
 * no 'Z' or offset, *out then being the local wall time as if it were UTC. */
const char *cs_time_parse_local(const char *text, size_t len, int64_t *out, int *naive);

#endif
