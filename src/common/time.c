/* Calendar dates and the instant text format. */
#include "civil.h"
#include "errbuf.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* How much of an offending text a message quotes. */
#define QUOTE_MAX 64

csvc_status csvc_date_make(int32_t year, int32_t month, int32_t day, int32_t utc_offset,
                           int64_t *out)
{
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "date_make: out is NULL");
    if (!cs_offset_valid(utc_offset))
        return cs_fail(NULL, CSVC_E_RANGE,
                       "date_make: utc_offset %" PRId32 " out of range (-%d..%d)", utc_offset,
                       CSVC_UTC_OFFSET_MAX, CSVC_UTC_OFFSET_MAX);
    if (year < CS_YEAR_MIN || year > CS_YEAR_MAX)
        return cs_fail(NULL, CSVC_E_RANGE, "date_make: year %" PRId32 " out of range (1..9999)",
                       year);
    if (month < 1 || month > 12)
        return cs_fail(NULL, CSVC_E_RANGE, "date_make: month %" PRId32 " out of range (1..12)",
                       month);
    if (!cs_date_valid(year, month, day))
        return cs_fail(NULL, CSVC_E_RANGE,
                       "date_make: day %" PRId32 " out of range for %04" PRId32 "-%02" PRId32
                       " (1..%" PRId32 ")",
                       day, year, month, cs_days_in_month(year, month));
    *out = cs_days_from_civil(year, month, day) * CS_DAY_SECONDS - utc_offset;
    return CSVC_OK;
}

csvc_status csvc_date_split(int64_t t, int32_t utc_offset, int32_t *year, int32_t *month,
                            int32_t *day)
{
    if (!year || !month || !day)
        return cs_fail(NULL, CSVC_E_NULL, "date_split: %s is NULL",
                       !year    ? "year"
                       : !month ? "month"
                                : "day");
    if (!cs_offset_valid(utc_offset))
        return cs_fail(NULL, CSVC_E_RANGE,
                       "date_split: utc_offset %" PRId32 " out of range (-%d..%d)", utc_offset,
                       CSVC_UTC_OFFSET_MAX, CSVC_UTC_OFFSET_MAX);
    int32_t y, m, d;
    if (!cs_local_date(t, utc_offset, &y, &m, &d, NULL))
        return cs_fail(NULL, CSVC_E_RANGE,
                       "date_split: t %" PRId64 " at utc_offset %" PRId32
                       " is outside years 1..9999",
                       t, utc_offset);
    *year = y;
    *month = m;
    *day = d;
    return CSVC_OK;
}

csvc_status csvc_time_parse(const char *text, int64_t *out)
{
    if (!text)
        return cs_fail(NULL, CSVC_E_NULL, "time_parse: text is NULL");
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "time_parse: out is NULL");
    size_t len = strlen(text);
    int64_t t;
    const char *why = cs_time_parse(text, len, &t);
    if (why)
        return cs_fail(NULL, CSVC_E_PARSE, "time '%.*s%s': %s", QUOTE_MAX, text,
                       len > QUOTE_MAX ? "..." : "", why);
    *out = t;
    return CSVC_OK;
}

csvc_status csvc_time_format(int64_t t, char *buf, size_t size)
{
    enum { NEEDED = sizeof "YYYY-MM-DDThh:mm:ssZ" };
    if (!buf)
        return cs_fail(NULL, CSVC_E_NULL, "time_format: buf is NULL");
    int32_t y, m, d, sec;
    if (!cs_local_date(t, 0, &y, &m, &d, &sec))
        return cs_fail(NULL, CSVC_E_RANGE, "time_format: t %" PRId64 " is outside years 1..9999",
                       t);
    if (size < NEEDED)
        return cs_fail(NULL, CSVC_E_RANGE, "time_format: buffer of %zu bytes too small (%d needed)",
                       size, (int)NEEDED);
    char tmp[NEEDED + 16];
    snprintf(tmp, sizeof tmp,
             "%04" PRId32 "-%02" PRId32 "-%02" PRId32 "T%02" PRId32 ":%02" PRId32 ":%02" PRId32 "Z",
             y, m, d, sec / 3600, sec / 60 % 60, sec % 60);
    memcpy(buf, tmp, NEEDED);
    return CSVC_OK;
}
