/* Half-open periods, and calendar months and quarters at a UTC offset or
 * in a time zone. */
#include "civil.h"
#include "errbuf.h"
#include "tz.h"

#include <inttypes.h>

csvc_status csvc_period_make(int64_t start, int64_t end, csvc_period *out)
{
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "period_make: out is NULL");
    if (end < start)
        return cs_fail(NULL, CSVC_E_RANGE, "period_make: end %" PRId64 " is before start %" PRId64,
                       end, start);
    out->start = start;
    out->end = end;
    return CSVC_OK;
}

int csvc_period_contains(const csvc_period *period, int64_t t)
{
    return period && period->start <= t && t < period->end;
}

int csvc_period_overlaps(const csvc_period *a, const csvc_period *b)
{
    /* An empty (or reversed) period holds no instant, so it overlaps nothing. */
    return a && b && a->start < a->end && b->start < b->end && a->start < b->end &&
           b->start < a->end;
}

/* [local midnight of first_month/1, local midnight of the 1st `months`
 * later) of `year`, as UTC instants. Every argument is valid; the end may
 * fall on 10000-01-01, which day arithmetic handles fine. */
static void calendar_span(int32_t year, int32_t first_month, int32_t months, cs_clock clock,
                          csvc_period *out)
{
    int32_t end_month = first_month + months, end_year = year;
    if (end_month > 12) {
        end_month -= 12;
        end_year++;
    }
    out->start =
        cs_clock_from_local(clock, cs_days_from_civil(year, first_month, 1) * CS_DAY_SECONDS);
    out->end =
        cs_clock_from_local(clock, cs_days_from_civil(end_year, end_month, 1) * CS_DAY_SECONDS);
}

static csvc_status check_clock(const char *fn, cs_clock clock)
{
    if (!clock.tz && !cs_offset_valid(clock.offset))
        return cs_fail(NULL, CSVC_E_RANGE, "%s: utc_offset %" PRId32 " out of range (-%d..%d)", fn,
                       clock.offset, CSVC_UTC_OFFSET_MAX, CSVC_UTC_OFFSET_MAX);
    return CSVC_OK;
}

/* The span of `months` months (1 or 3) containing t's local date. */
static csvc_status span_containing(const char *fn, int64_t t, cs_clock clock, int32_t months,
                                   csvc_period *out)
{
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: out is NULL", fn);
    csvc_status rc = check_clock(fn, clock);
    if (rc != CSVC_OK)
        return rc;
    int32_t y, m, d, offset = cs_clock_offset_at(clock, t);
    if (!cs_local_date(t, offset, &y, &m, &d, NULL))
        return cs_fail(NULL, CSVC_E_RANGE,
                       "%s: t %" PRId64 " at utc_offset %" PRId32 " is outside years 1..9999", fn,
                       t, offset);
    calendar_span(y, (m - 1) / months * months + 1, months, clock, out);
    return CSVC_OK;
}

static cs_clock fixed(int32_t utc_offset)
{
    return (cs_clock){utc_offset, NULL};
}

static cs_clock zoned(const csvc_tz *tz)
{
    return (cs_clock){0, tz};
}

csvc_status csvc_period_month(int64_t t, int32_t utc_offset, csvc_period *out)
{
    return span_containing("period_month", t, fixed(utc_offset), 1, out);
}

csvc_status csvc_period_quarter(int64_t t, int32_t utc_offset, csvc_period *out)
{
    return span_containing("period_quarter", t, fixed(utc_offset), 3, out);
}

csvc_status csvc_period_month_tz(int64_t t, const csvc_tz *tz, csvc_period *out)
{
    if (!tz)
        return cs_fail(NULL, CSVC_E_NULL, "period_month_tz: tz is NULL");
    return span_containing("period_month_tz", t, zoned(tz), 1, out);
}

csvc_status csvc_period_quarter_tz(int64_t t, const csvc_tz *tz, csvc_period *out)
{
    if (!tz)
        return cs_fail(NULL, CSVC_E_NULL, "period_quarter_tz: tz is NULL");
    return span_containing("period_quarter_tz", t, zoned(tz), 3, out);
}

/* The `index`-th (1..count) span of `months` months of `year`. */
static csvc_status span_of(const char *fn, const char *what, int32_t year, int32_t index,
                           int32_t count, cs_clock clock, csvc_period *out)
{
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: out is NULL", fn);
    csvc_status rc = check_clock(fn, clock);
    if (rc != CSVC_OK)
        return rc;
    if (year < CS_YEAR_MIN || year > CS_YEAR_MAX)
        return cs_fail(NULL, CSVC_E_RANGE, "%s: year %" PRId32 " out of range (1..9999)", fn, year);
    if (index < 1 || index > count)
        return cs_fail(NULL, CSVC_E_RANGE, "%s: %s %" PRId32 " out of range (1..%" PRId32 ")", fn,
                       what, index, count);
    int32_t months = 12 / count;
    calendar_span(year, (index - 1) * months + 1, months, clock, out);
    return CSVC_OK;
}

csvc_status csvc_period_of_month(int32_t year, int32_t month, int32_t utc_offset, csvc_period *out)
{
    return span_of("period_of_month", "month", year, month, 12, fixed(utc_offset), out);
}

csvc_status csvc_period_of_quarter(int32_t year, int32_t quarter, int32_t utc_offset,
                                   csvc_period *out)
{
    return span_of("period_of_quarter", "quarter", year, quarter, 4, fixed(utc_offset), out);
}

csvc_status csvc_period_of_month_tz(int32_t year, int32_t month, const csvc_tz *tz,
                                    csvc_period *out)
{
    if (!tz)
        return cs_fail(NULL, CSVC_E_NULL, "period_of_month_tz: tz is NULL");
    return span_of("period_of_month_tz", "month", year, month, 12, zoned(tz), out);
}

csvc_status csvc_period_of_quarter_tz(int32_t year, int32_t quarter, const csvc_tz *tz,
                                      csvc_period *out)
{
    if (!tz)
        return cs_fail(NULL, CSVC_E_NULL, "period_of_quarter_tz: tz is NULL");
    return span_of("period_of_quarter_tz", "quarter", year, quarter, 4, zoned(tz), out);
}
