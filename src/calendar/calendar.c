/* Business-hours calendars.
 *
 * Business time is a cumulative function B(t) (see calendar_internal.h):
 *   B(t) = W(t) - H(t)
 * where W counts the weekly schedule without holidays, from a fixed origin,
 * and H the scheduled seconds that holidays before t remove. W is whole
 * weeks times the week's total plus a prefix of the week, found by binary
 * search over the sorted ranges (each carrying the business seconds before
 * it); H is a binary search over the sorted holidays, each carrying the
 * seconds removed before it. Both are O(log n), whatever the instants, and
 * so is the inverse used by add_business.
 *
 * Every mutator validates and allocates before it changes anything, so a
 * failure leaves the calendar as it was. Read-only calls never write the
 * calendar, not even its message buffer, so threads can share a calendar;
 * their failures go to the thread's message only. */
#include "calendar_internal.h"

#include "calendar_seam.h"
#include "civil.h"

#include <limits.h>
#include <string.h>

#define WEEK_SECONDS (7 * CS_DAY_SECONDS)
#define MINUTES_PER_DAY 1440
/* 1970-01-01 was a Thursday, ISO weekday 3: shifting local time by three
 * days makes ISO weeks (Monday first) start at multiples of WEEK_SECONDS. */
#define EPOCH_SHIFT (3 * CS_DAY_SECONDS)

static const char *const day_names[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                         "Friday", "Saturday", "Sunday"};

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int in_range(int64_t t)
{
    return t >= CS_UNIX_MIN && t <= CS_UNIX_MAX;
}

/* ---- lifecycle -------------------------------------------------------- */

csvc_status csvc_calendar_new(const csvc_allocator *allocator, int32_t utc_offset,
                              csvc_calendar **out)
{
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "calendar_new: out is NULL");
    if (!cs_offset_valid(utc_offset))
        return cs_fail(NULL, CSVC_E_RANGE, "calendar_new: UTC offset %ld s out of range (-%d..%d)",
                       (long)utc_offset, CSVC_UTC_OFFSET_MAX, CSVC_UTC_OFFSET_MAX);
    cs_alloc alloc;
    csvc_status rc = cs_alloc_init(&alloc, allocator, NULL);
    if (rc != CSVC_OK)
        return rc;
    csvc_calendar *cal = cs_calloc(&alloc, 1, sizeof *cal);
    if (!cal)
        return cs_fail(NULL, CSVC_E_NOMEM, "calendar_new: out of memory");
    cal->alloc = alloc;
    cal->utc_offset = utc_offset;
    *out = cal;
    return CSVC_OK;
}

csvc_status csvc_calendar_new_tz(const csvc_allocator *allocator, const char *time_zone,
                                 csvc_calendar **out)
{
    if (!time_zone || !out)
        return cs_fail(NULL, CSVC_E_NULL, "calendar_new_tz: %s is NULL",
                       time_zone ? "out" : "time_zone");
    cs_alloc alloc;
    csvc_status rc = cs_alloc_init(&alloc, allocator, NULL);
    if (rc != CSVC_OK)
        return rc;
    csvc_tz *tz;
    if ((rc = cs_tz_load(&alloc, "calendar_new_tz", time_zone, &tz, NULL)) != CSVC_OK)
        return rc;
    csvc_calendar *cal = cs_calloc(&alloc, 1, sizeof *cal);
    int64_t *base = cal ? cs_calloc(&alloc, tz->n, sizeof *base) : NULL;
    if (!base) {
        cs_free(&alloc, cal);
        cs_tz_destroy(tz);
        return cs_fail(NULL, CSVC_E_NOMEM, "calendar_new_tz: out of memory");
    }
    cal->alloc = alloc;
    cal->utc_offset = tz->standard_offset;
    cal->tz = tz;
    cal->seg_base = base;
    *out = cal;
    return CSVC_OK;
}

void csvc_calendar_free(csvc_calendar *cal)
{
    if (!cal)
        return;
    cs_tz_destroy(cal->tz);
    cs_free(&cal->alloc, cal->seg_base);
    cs_free(&cal->alloc, cal->ranges);
    cs_free(&cal->alloc, cal->holidays);
    cs_alloc alloc = cal->alloc;
    cs_free(&alloc, cal);
}

const char *csvc_calendar_errmsg(const csvc_calendar *cal)
{
    return cal ? cal->err.msg : "calendar is NULL";
}

/* A copy of `n` elements of `size` bytes, NULL for none; *failed on error. */
static void *copy_array(const cs_alloc *alloc, const void *src, size_t n, size_t size, int *failed)
{
    if (n == 0)
        return NULL;
    void *p = cs_realloc_array(alloc, NULL, n, size);
    if (!p) {
        *failed = 1;
        return NULL;
    }
    memcpy(p, src, n * size);
    return p;
}

csvc_status csvc_calendar_clone(const csvc_calendar *cal, csvc_calendar **out)
{
    if (!cal || !out)
        return cs_fail(NULL, CSVC_E_NULL, "calendar_clone: %s is NULL", cal ? "out" : "calendar");
    csvc_calendar *copy = cs_malloc(&cal->alloc, sizeof *copy);
    if (!copy)
        return cs_fail(NULL, CSVC_E_NOMEM, "calendar_clone: out of memory");
    *copy = *cal;
    int failed = 0;
    copy->ranges = copy_array(&cal->alloc, cal->ranges, cal->nranges, sizeof *cal->ranges, &failed);
    copy->holidays =
        copy_array(&cal->alloc, cal->holidays, cal->nholidays, sizeof *cal->holidays, &failed);
    copy->cap_ranges = cal->nranges;
    copy->cap_holidays = cal->nholidays;
    copy->tz = NULL;
    copy->seg_base = NULL;
    if (cal->tz) {
        copy->tz = cs_tz_clone(&cal->alloc, cal->tz);
        copy->seg_base =
            copy_array(&cal->alloc, cal->seg_base, cal->tz->n, sizeof *cal->seg_base, &failed);
        failed |= !copy->tz;
    }
    copy->err.msg[0] = '\0';
    if (failed) {
        csvc_calendar_free(copy);
        return cs_fail(NULL, CSVC_E_NOMEM, "calendar_clone: out of memory");
    }
    *out = copy;
    return CSVC_OK;
}

/* ---- the cumulative function ------------------------------------------ */

/* Business seconds of the week in [0, r), 0 <= r <= WEEK_SECONDS. */
static int64_t week_prefix(const csvc_calendar *cal, int64_t r)
{
    size_t lo = 0, hi = cal->nranges; /* first range starting after r */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->ranges[mid].start <= r)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return 0;
    const cs_cal_range *g = &cal->ranges[lo - 1];
    return g->before + (r < g->end ? r - g->start : g->end - g->start);
}

/* W at `s` seconds of shifted local time (see EPOCH_SHIFT). */
static int64_t weekly(const csvc_calendar *cal, int64_t s)
{
    int64_t w = floor_div(s, WEEK_SECONDS);
    return w * cal->week_total + week_prefix(cal, s - w * WEEK_SECONDS);
}

/* The earliest shifted local time s with W(s) >= u; week_total > 0. */
static int64_t weekly_inverse(const csvc_calendar *cal, int64_t u)
{
    /* q in [1, week_total]: reached inside week w, strictly after an opening. */
    int64_t w = floor_div(u - 1, cal->week_total);
    int64_t q = u - w * cal->week_total;
    size_t lo = 0, hi = cal->nranges - 1; /* first range whose end reaches q */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const cs_cal_range *g = &cal->ranges[mid];
        if (g->before + (g->end - g->start) >= q)
            hi = mid;
        else
            lo = mid + 1;
    }
    const cs_cal_range *g = &cal->ranges[lo];
    return w * WEEK_SECONDS + g->start + (q - g->before);
}

/* Index of the first holiday on or after local day `day`. */
static size_t holiday_lower_bound(const csvc_calendar *cal, int64_t day)
{
    size_t lo = 0, hi = cal->nholidays;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->holidays[mid].day < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Seconds removed by the holidays before index k (all of them for k = n). */
static int64_t removed_before(const csvc_calendar *cal, size_t k)
{
    return k < cal->nholidays ? cal->holidays[k].before : cal->holiday_total;
}

/* ISO weekday (0 = Monday) of local day `day`. */
static int weekday_of(int64_t day)
{
    return (int)(day + 3 - 7 * floor_div(day + 3, 7));
}

/* B(t) for the local clock at a fixed `offset`. */
static int64_t cumulative_at(const csvc_calendar *cal, int64_t t, int32_t offset)
{
    int64_t local = t + offset;
    int64_t s = local + EPOCH_SHIFT;
    int64_t b = weekly(cal, s);
    int64_t day = floor_div(local, CS_DAY_SECONDS);
    size_t k = holiday_lower_bound(cal, day);
    b -= removed_before(cal, k);
    if (k < cal->nholidays && cal->holidays[k].day == day) {
        /* Inside a holiday: its seconds so far today are removed as well. */
        int64_t r = s - floor_div(s, WEEK_SECONDS) * WEEK_SECONDS;
        b -= week_prefix(cal, r) - cal->day_before[weekday_of(day)];
    }
    return b;
}

/* B at local midnight starting holiday j: its own seconds not yet removed. */
static int64_t holiday_start_value(const csvc_calendar *cal, size_t j)
{
    int64_t shifted_day = cal->holidays[j].day + 3;
    int64_t w = floor_div(shifted_day, 7);
    return w * cal->week_total + cal->day_before[shifted_day - 7 * w] - cal->holidays[j].before;
}

/* The inverse of cumulative_at(). */
static int64_t inverse_at(const csvc_calendar *cal, int64_t value, int32_t offset)
{
    /* The k holidays starting before the answer are those whose start value
     * is below `value`, a prefix since B is monotone. The answer lies after
     * the last of them ends and no later than the next one starts, where
     * B = W - removed_before(k); there W's inverse is the answer. */
    size_t lo = 0, hi = cal->nholidays;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (holiday_start_value(cal, mid) < value)
            lo = mid + 1;
        else
            hi = mid;
    }
    int64_t s = weekly_inverse(cal, value + removed_before(cal, lo));
    return s - EPOCH_SHIFT - offset;
}

/* Segment starts of the zone, clamped to the instants B is defined on. */
static int64_t segment_start(const csvc_calendar *cal, size_t i)
{
    int64_t t = cal->tz->starts[i];
    return t < CS_UNIX_MIN ? CS_UNIX_MIN : t > CS_UNIX_MAX ? CS_UNIX_MAX : t;
}

/* seg_base after the schedule changed: B continuous at every transition. */
static void recompute_segments(csvc_calendar *cal)
{
    const csvc_tz *tz = cal->tz;
    cal->seg_base[0] = 0;
    for (size_t i = 1; i < tz->n; i++) {
        int64_t at = segment_start(cal, i);
        int64_t b = cal->seg_base[i - 1] + cumulative_at(cal, at, tz->offsets[i - 1]);
        cal->seg_base[i] = b - cumulative_at(cal, at, tz->offsets[i]);
    }
}

int64_t cs_calendar_cumulative(const csvc_calendar *cal, int64_t t)
{
    if (cal->nranges == 0)
        return t;
    if (!cal->tz)
        return cumulative_at(cal, t, cal->utc_offset);
    size_t i = cs_tz_segment(cal->tz, t);
    return cal->seg_base[i] + cumulative_at(cal, t, cal->tz->offsets[i]);
}

int64_t cs_calendar_inverse(const csvc_calendar *cal, int64_t value)
{
    if (cal->nranges == 0)
        return value;
    if (!cal->tz)
        return inverse_at(cal, value, cal->utc_offset);
    /* The last segment whose start has B below `value` holds the answer. */
    const csvc_tz *tz = cal->tz;
    size_t lo = 1, hi = tz->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->seg_base[mid] + cumulative_at(cal, segment_start(cal, mid), tz->offsets[mid]) <
            value)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t i = lo - 1;
    int64_t t = inverse_at(cal, value - cal->seg_base[i], tz->offsets[i]);
    return i > 0 && t < tz->starts[i] ? tz->starts[i] : t;
}

/* ---- schedule --------------------------------------------------------- */

/* Recomputes the prefix sums after the ranges or holidays change. */
static void recompute(csvc_calendar *cal)
{
    int64_t sum = 0;
    for (size_t i = 0; i < cal->nranges; i++) {
        cal->ranges[i].before = sum;
        sum += cal->ranges[i].end - cal->ranges[i].start;
    }
    cal->week_total = sum;
    for (int d = 0; d < 7; d++) {
        cal->day_before[d] = week_prefix(cal, (int64_t)d * CS_DAY_SECONDS);
        cal->day_total[d] =
            week_prefix(cal, (int64_t)(d + 1) * CS_DAY_SECONDS) - cal->day_before[d];
    }
    sum = 0;
    for (size_t i = 0; i < cal->nholidays; i++) {
        cal->holidays[i].before = sum;
        sum += cal->day_total[weekday_of(cal->holidays[i].day)];
    }
    cal->holiday_total = sum;
    if (cal->tz)
        recompute_segments(cal);
}

csvc_status csvc_calendar_add_hours(csvc_calendar *cal, csvc_weekday day, int32_t start_minute,
                                    int32_t end_minute)
{
    if (!cal)
        return cs_fail(NULL, CSVC_E_NULL, "add_hours: calendar is NULL");
    if ((unsigned)day > CSVC_SUNDAY)
        return cs_fail(&cal->err, CSVC_E_RANGE, "add_hours: day %d out of range (0..6)", (int)day);
    if (start_minute < 0 || end_minute > MINUTES_PER_DAY || start_minute >= end_minute)
        return cs_fail(&cal->err, CSVC_E_RANGE,
                       "add_hours: %s minutes %ld-%ld: need 0 <= start < end <= 1440",
                       day_names[day], (long)start_minute, (long)end_minute);
    int32_t start = (int32_t)day * CS_DAY_SECONDS + start_minute * 60;
    int32_t end = (int32_t)day * CS_DAY_SECONDS + end_minute * 60;
    size_t pos = 0; /* first range starting at or after `start` */
    while (pos < cal->nranges && cal->ranges[pos].start < start)
        pos++;
    const cs_cal_range *clash = NULL;
    if (pos > 0 && cal->ranges[pos - 1].end > start)
        clash = &cal->ranges[pos - 1];
    else if (pos < cal->nranges && cal->ranges[pos].start < end)
        clash = &cal->ranges[pos];
    if (clash) {
        /* Ranges never cross midnight, so a clash is on the same day. */
        long from = clash->start % CS_DAY_SECONDS / 60;
        long to = from + (clash->end - clash->start) / 60;
        return cs_fail(&cal->err, CSVC_E_CONSTRAINT,
                       "add_hours: %s %02ld:%02ld-%02ld:%02ld overlaps %02ld:%02ld-%02ld:%02ld",
                       day_names[day], (long)(start_minute / 60), (long)(start_minute % 60),
                       (long)(end_minute / 60), (long)(end_minute % 60), from / 60, from % 60,
                       to / 60, to % 60);
    }
    if (cs_grow(&cal->alloc, (void **)&cal->ranges, &cal->cap_ranges, cal->nranges + 1,
                sizeof *cal->ranges))
        return cs_fail(&cal->err, CSVC_E_NOMEM, "add_hours: out of memory");
    memmove(&cal->ranges[pos + 1], &cal->ranges[pos], (cal->nranges - pos) * sizeof *cal->ranges);
    cal->ranges[pos] = (cs_cal_range){start, end, 0};
    cal->nranges++;
    recompute(cal);
    return CSVC_OK;
}

csvc_status csvc_calendar_add_holiday(csvc_calendar *cal, int32_t year, int32_t month, int32_t day)
{
    if (!cal)
        return cs_fail(NULL, CSVC_E_NULL, "add_holiday: calendar is NULL");
    if (!cs_date_valid(year, month, day))
        return cs_fail(&cal->err, CSVC_E_RANGE,
                       "add_holiday: %04ld-%02ld-%02ld is not a date in years 1..9999", (long)year,
                       (long)month, (long)day);
    int64_t days = cs_days_from_civil(year, month, day);
    size_t pos = holiday_lower_bound(cal, days);
    if (pos < cal->nholidays && cal->holidays[pos].day == days)
        return cs_fail(&cal->err, CSVC_E_EXISTS,
                       "add_holiday: %04ld-%02ld-%02ld is already a holiday", (long)year,
                       (long)month, (long)day);
    if (cs_grow(&cal->alloc, (void **)&cal->holidays, &cal->cap_holidays, cal->nholidays + 1,
                sizeof *cal->holidays))
        return cs_fail(&cal->err, CSVC_E_NOMEM, "add_holiday: out of memory");
    memmove(&cal->holidays[pos + 1], &cal->holidays[pos],
            (cal->nholidays - pos) * sizeof *cal->holidays);
    cal->holidays[pos] = (cs_cal_holiday){days, 0};
    cal->nholidays++;
    recompute(cal);
    return CSVC_OK;
}

int32_t csvc_calendar_utc_offset(const csvc_calendar *cal)
{
    return cal ? cal->utc_offset : 0;
}

const csvc_tz *cs_calendar_tz(const csvc_calendar *cal)
{
    return cal ? cal->tz : NULL;
}

const char *csvc_calendar_time_zone(const csvc_calendar *cal)
{
    return cal && cal->tz ? cal->tz->name : NULL;
}

csvc_status csvc_calendar_offset_at(const csvc_calendar *cal, int64_t t, int32_t *out)
{
    if (!cal || !out)
        return cs_fail(NULL, CSVC_E_NULL, "calendar_offset_at: %s is NULL",
                       cal ? "out" : "calendar");
    if (!in_range(t))
        return cs_fail(NULL, CSVC_E_RANGE, "calendar_offset_at: t %lld is outside years 1..9999",
                       (long long)t);
    *out = cal->tz ? cs_tz_offset_at(cal->tz, t) : cal->utc_offset;
    return CSVC_OK;
}

int64_t csvc_calendar_week_seconds(const csvc_calendar *cal)
{
    if (!cal)
        return 0;
    return cal->nranges == 0 ? WEEK_SECONDS : cal->week_total;
}

/* ---- queries ---------------------------------------------------------- */

csvc_status csvc_calendar_business_seconds(const csvc_calendar *cal, int64_t from, int64_t to,
                                           int64_t *out)
{
    if (!cal || !out)
        return cs_fail(NULL, CSVC_E_NULL, "business_seconds: %s is NULL", cal ? "out" : "calendar");
    if (!in_range(from) || !in_range(to))
        return cs_fail(NULL, CSVC_E_RANGE, "business_seconds: %s %lld is outside years 1..9999",
                       in_range(from) ? "to" : "from", (long long)(in_range(from) ? to : from));
    if (to < from)
        return cs_fail(NULL, CSVC_E_RANGE,
                       "business_seconds: to %lld is before from %lld (negative duration)",
                       (long long)to, (long long)from);
    *out = cs_calendar_cumulative(cal, to) - cs_calendar_cumulative(cal, from);
    return CSVC_OK;
}

csvc_status csvc_calendar_add_business(const csvc_calendar *cal, int64_t from, int64_t seconds,
                                       int64_t *out)
{
    if (!cal || !out)
        return cs_fail(NULL, CSVC_E_NULL, "add_business: %s is NULL", cal ? "out" : "calendar");
    if (seconds < 0)
        return cs_fail(NULL, CSVC_E_RANGE, "add_business: seconds %lld is negative",
                       (long long)seconds);
    if (!in_range(from))
        return cs_fail(NULL, CSVC_E_RANGE, "add_business: from %lld is outside years 1..9999",
                       (long long)from);
    int64_t base = cs_calendar_cumulative(cal, from);
    if (seconds > cs_calendar_cumulative(cal, CS_UNIX_MAX) - base)
        return cs_fail(NULL, CSVC_E_RANGE,
                       "add_business: %lld business seconds after %lld end beyond year 9999",
                       (long long)seconds, (long long)from);
    /* For 0 the inverse may be the closing time before `from`. */
    *out = seconds == 0 ? from : cs_calendar_inverse(cal, base + seconds);
    return CSVC_OK;
}

csvc_status csvc_calendar_is_open(const csvc_calendar *cal, int64_t t, int *out)
{
    if (!cal || !out)
        return cs_fail(NULL, CSVC_E_NULL, "is_open: %s is NULL", cal ? "out" : "calendar");
    if (!in_range(t))
        return cs_fail(NULL, CSVC_E_RANGE, "is_open: t %lld is outside years 1..9999",
                       (long long)t);
    if (cal->nranges == 0) {
        *out = 1;
        return CSVC_OK;
    }
    /* Open exactly where B grows: compare B over the next second. */
    *out = cs_calendar_cumulative(cal, t + 1) > cs_calendar_cumulative(cal, t);
    return CSVC_OK;
}

/* ---- text form (calendar_seam.h) ------------------------------------------ */

void cs_calendar_encode(const csvc_calendar *cal, cs_strbuf *sb)
{
    if (cal->tz)
        cs_strbuf_printf(sb, "z%s;", cal->tz->name);
    else
        cs_strbuf_printf(sb, "%ld;", (long)cal->utc_offset);
    for (size_t i = 0; i < cal->nranges; i++)
        cs_strbuf_printf(sb, "%s%ld-%ld", i ? "," : "", (long)cal->ranges[i].start,
                         (long)cal->ranges[i].end);
    cs_strbuf_putc(sb, ';');
    for (size_t i = 0; i < cal->nholidays; i++)
        cs_strbuf_printf(sb, "%s%lld", i ? "," : "", (long long)cal->holidays[i].day);
}

/* Reads a decimal integer at *p (before end); 0 when there is none. */
static int read_int(const char **p, const char *end, long long *out)
{
    const char *q = *p;
    int neg = q < end && *q == '-';
    q += neg;
    if (q >= end || *q < '0' || *q > '9')
        return 0;
    long long v = 0;
    for (; q < end && *q >= '0' && *q <= '9'; q++) {
        if (v > (LLONG_MAX - (*q - '0')) / 10)
            return 0;
        v = v * 10 + (*q - '0');
    }
    *out = neg ? -v : v;
    *p = q;
    return 1;
}

static int read_char(const char **p, const char *end, char c)
{
    if (*p < end && **p == c) {
        (*p)++;
        return 1;
    }
    return 0;
}

static csvc_status add_encoded_parts(csvc_calendar *cal, const char *p, const char *end)
{
    long long a, b;
    if (!read_char(&p, end, ';'))
        return CSVC_E_CORRUPT;
    while (p < end && *p != ';') {
        if (!read_int(&p, end, &a) || !read_char(&p, end, '-') || !read_int(&p, end, &b) ||
            a < 0 || b <= a || a % 60 || b % 60 || a / CS_DAY_SECONDS > CSVC_SUNDAY)
            return CSVC_E_CORRUPT;
        long long day = a / CS_DAY_SECONDS;
        csvc_status rc = csvc_calendar_add_hours(cal, (csvc_weekday)day,
                                                 (int32_t)(a % CS_DAY_SECONDS / 60),
                                                 (int32_t)((b - day * CS_DAY_SECONDS) / 60));
        if (rc != CSVC_OK)
            return rc == CSVC_E_NOMEM ? rc : CSVC_E_CORRUPT;
        if (p < end && *p != ';' && !read_char(&p, end, ','))
            return CSVC_E_CORRUPT;
    }
    if (!read_char(&p, end, ';'))
        return CSVC_E_CORRUPT;
    while (p < end) {
        int32_t y, m, d;
        if (!read_int(&p, end, &a) || a < -719162 || a > 2932896) /* years 1..9999 */
            return CSVC_E_CORRUPT;
        cs_civil_from_days(a, &y, &m, &d);
        csvc_status rc = csvc_calendar_add_holiday(cal, y, m, d);
        if (rc != CSVC_OK)
            return rc == CSVC_E_NOMEM ? rc : CSVC_E_CORRUPT;
        if (p < end && !read_char(&p, end, ','))
            return CSVC_E_CORRUPT;
    }
    return CSVC_OK;
}

csvc_status cs_calendar_decode(const cs_alloc *alloc, const char *text, size_t len,
                               csvc_calendar **out, cs_errbuf *err)
{
    const char *p = text, *end = text + len;
    long long offset;
    csvc_allocator a = {CSVC_ALLOCATOR_VERSION, alloc->malloc_fn, alloc->realloc_fn,
                        alloc->free_fn, alloc->ud};
    csvc_calendar *cal = NULL;
    csvc_status rc = CSVC_E_CORRUPT;
    const char *semi = memchr(text, ';', len);
    if (len > 1 && text[0] == 'z' && semi && semi - text <= CS_TZ_NAME_MAX) {
        char zone[CS_TZ_NAME_MAX + 1];
        memcpy(zone, text + 1, (size_t)(semi - text - 1));
        zone[semi - text - 1] = '\0';
        rc = csvc_calendar_new_tz(&a, zone, &cal);
        if (rc == CSVC_E_NOTFOUND || rc == CSVC_E_INVALID || rc == CSVC_E_CORRUPT)
            return cs_fail_copy(err, rc, csvc_last_errmsg());
        if (rc == CSVC_OK)
            rc = add_encoded_parts(cal, semi, end);
    } else if (read_int(&p, end, &offset) && offset >= -CSVC_UTC_OFFSET_MAX &&
               offset <= CSVC_UTC_OFFSET_MAX) {
        rc = csvc_calendar_new(&a, (int32_t)offset, &cal);
        if (rc == CSVC_OK)
            rc = add_encoded_parts(cal, p, end);
    }
    if (rc == CSVC_OK) {
        *out = cal;
        return CSVC_OK;
    }
    csvc_calendar_free(cal);
    if (rc == CSVC_E_NOMEM)
        return cs_fail(err, rc, "calendar: out of memory");
    return cs_fail(err, CSVC_E_CORRUPT, "calendar '%.*s' is not a valid calendar",
                   (int)(len > 80 ? 80 : len), text);
}
