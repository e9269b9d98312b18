/* Civil dates <-> day counts (Howard Hinnant's days_from_civil and
 * civil_from_days: exact integer arithmetic on 400-year eras of 146097
 * days, each era starting on 1 March so the leap day comes last), and the
 * date/time text grammar. */
#include "civil.h"

#include "csvc/common.h"

int cs_is_leap_year(int32_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int32_t cs_days_in_month(int32_t year, int32_t month)
{
    static const int8_t days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return days[month - 1] + (month == 2 && cs_is_leap_year(year));
}

int cs_date_valid(int32_t year, int32_t month, int32_t day)
{
    return year >= CS_YEAR_MIN && year <= CS_YEAR_MAX && day >= 1 &&
           day <= cs_days_in_month(year, month);
}

int64_t cs_days_from_civil(int32_t year, int32_t month, int32_t day)
{
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;                                                 /* 0..399 */
    int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1; /* 0..365 */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                         /* 0..146096 */
    return era * 146097 + doe - 719468;
}

void cs_civil_from_days(int64_t days, int32_t *year, int32_t *month, int32_t *day)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;                                      /* 0..146096 */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* 0..365 */
    int64_t mp = (5 * doy + 2) / 153;                                    /* 0..11 */
    int32_t m = (int32_t)(mp < 10 ? mp + 3 : mp - 9);
    *day = (int32_t)(doy - (153 * mp + 2) / 5 + 1);
    *month = m;
    *year = (int32_t)(yoe + era * 400 + (m <= 2));
}

int cs_offset_valid(int32_t utc_offset)
{
    return utc_offset >= -CSVC_UTC_OFFSET_MAX && utc_offset <= CSVC_UTC_OFFSET_MAX;
}

int cs_local_date(int64_t t, int32_t utc_offset, int32_t *year, int32_t *month, int32_t *day,
                  int32_t *sec_of_day)
{
    /* Compare before adding: t + offset could overflow near INT64_MAX. */
    if (t < CS_UNIX_MIN - utc_offset || t > CS_UNIX_MAX - utc_offset)
        return 0;
    int64_t local = t + utc_offset;
    int64_t days = local / CS_DAY_SECONDS, sec = local % CS_DAY_SECONDS;
    if (sec < 0) { /* floor division */
        days--;
        sec += CS_DAY_SECONDS;
    }
    cs_civil_from_days(days, year, month, day);
    if (sec_of_day)
        *sec_of_day = (int32_t)sec;
    return 1;
}

/* ------------------------------------------------------------------------ */
/* Text                                                                     */

/* The value of the `n` decimal digits at s, or -1 if any is not a digit. */
static int32_t read_digits(const char *s, size_t n)
{
    int32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* "YYYY-MM-DD" at the start of text[0..len); days since the epoch. */
static const char *parse_ymd(const char *s, size_t len, int64_t *days)
{
    if (len == 0)
        return "empty";
    if (len < 10 || s[4] != '-' || s[7] != '-')
        return "expected YYYY-MM-DD";
    int32_t y = read_digits(s, 4), m = read_digits(s + 5, 2), d = read_digits(s + 8, 2);
    if (y < 0 || m < 0 || d < 0)
        return "expected YYYY-MM-DD";
    if (y < CS_YEAR_MIN)
        return "year out of range (0001..9999)";
    if (m < 1 || m > 12)
        return "month out of range (01..12)";
    if (d < 1 || d > cs_days_in_month(y, m))
        return "day out of range for month";
    *days = cs_days_from_civil(y, m, d);
    return NULL;
}

const char *cs_date_parse(const char *s, size_t len, int64_t *out)
{
    int64_t days;
    const char *why = parse_ymd(s, len, &days);
    if (why)
        return why;
    if (len != 10)
        return "unexpected text after the date";
    *out = days * CS_DAY_SECONDS;
    return NULL;
}

/* "hh:mm" or "hh:mm:ss" at s[0..len); *used is the length consumed. */
static const char *parse_hms(const char *s, size_t len, int32_t *sec_of_day, size_t *used)
{
    if (len < 5 || s[2] != ':')
        return "expected hh:mm or hh:mm:ss after the date";
    int32_t h = read_digits(s, 2), m = read_digits(s + 3, 2), sec = 0;
    if (h < 0 || m < 0)
        return "expected hh:mm or hh:mm:ss after the date";
    *used = 5;
    if (len > 5 && s[5] == ':') {
        sec = len >= 8 ? read_digits(s + 6, 2) : -1;
        if (sec < 0)
            return "expected hh:mm or hh:mm:ss after the date";
        *used = 8;
    }
    if (h > 23)
        return "hour out of range (00..23)";
    if (m > 59)
        return "minute out of range (00..59)";
    if (sec == 60)
        return "leap second 60 is not supported";
    if (sec > 59)
        return "second out of range (00..59)";
    *sec_of_day = h * 3600 + m * 60 + sec;
    return NULL;
}

/* "" (UTC), "Z", "+hh:mm" or "-hh:mm": the whole of s[0..len). */
static const char *parse_zone(const char *s, size_t len, int32_t *offset)
{
    static const char expected[] = "expected 'Z', '+hh:mm' or '-hh:mm' after the time";
    *offset = 0;
    if (len == 0)
        return NULL;
    if (s[0] == 'Z')
        return len == 1 ? NULL : "unexpected text after 'Z'";
    if (s[0] != '+' && s[0] != '-')
        return expected;
    if (len < 6 || s[3] != ':')
        return expected;
    int32_t h = read_digits(s + 1, 2), m = read_digits(s + 4, 2);
    if (h < 0 || m < 0)
        return expected;
    if (len != 6)
        return "unexpected text after the UTC offset";
    if (m > 59 || h * 3600 + m * 60 > CSVC_UTC_OFFSET_MAX)
        return "UTC offset out of range (-18:00..+18:00)";
    *offset = (s[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
    return NULL;
}

const char *cs_time_parse(const char *s, size_t len, int64_t *out)
{
    return cs_time_parse_at(s, len, 0, out);
}

const char *cs_time_parse_at(const char *s, size_t len, int32_t naive_offset, int64_t *out)
{
    int64_t t;
    int naive;
    const char *why = cs_time_parse_local(s, len, &t, &naive);
    if (why)
        return why;
    if (naive)
        t -= naive_offset;
    if (len != 10 && (t < CS_UNIX_MIN || t > CS_UNIX_MAX)) /* a date keeps its day */
        return "instant outside years 0001..9999 UTC";
    *out = t;
    return NULL;
}

const char *cs_time_parse_local(const char *s, size_t len, int64_t *out, int *naive)
{
    int64_t days;
    const char *why = parse_ymd(s, len, &days);
    if (why)
        return why;
    *naive = 1;
    if (len == 10) {
        *out = days * CS_DAY_SECONDS;
        return NULL;
    }
    if (s[10] != 'T' && s[10] != ' ')
        return "unexpected text after the date";
    int32_t sec_of_day, offset;
    size_t used;
    why = parse_hms(s + 11, len - 11, &sec_of_day, &used);
    if (why)
        return why;
    why = parse_zone(s + 11 + used, len - 11 - used, &offset);
    if (why)
        return why;
    *naive = used == len - 11; /* no zone designator: local time */
    *out = days * CS_DAY_SECONDS + sec_of_day - (*naive ? 0 : offset);
    return NULL;
}
