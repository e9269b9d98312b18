/* The public time-zone calls (common.h) over util/tz.c. */
#include "alloc.h"
#include "civil.h"
#include "errbuf.h"
#include "tz.h"

#include <inttypes.h>

csvc_status csvc_tz_open(const char *name, const csvc_allocator *allocator, csvc_tz **out)
{
    if (!name || !out)
        return cs_fail(NULL, CSVC_E_NULL, "tz_open: %s is NULL", name ? "out" : "name");
    cs_alloc alloc;
    csvc_status rc = cs_alloc_init(&alloc, allocator, NULL);
    if (rc != CSVC_OK)
        return rc;
    return cs_tz_load(&alloc, "tz_open", name, out, NULL);
}

void csvc_tz_free(csvc_tz *tz)
{
    cs_tz_destroy(tz);
}

const char *csvc_tz_name(const csvc_tz *tz)
{
    return tz ? tz->name : "";
}

static int in_years(int64_t t)
{
    return t >= CS_UNIX_MIN && t <= CS_UNIX_MAX;
}

csvc_status csvc_tz_offset_at(const csvc_tz *tz, int64_t t, int32_t *out)
{
    if (!tz || !out)
        return cs_fail(NULL, CSVC_E_NULL, "tz_offset_at: %s is NULL", tz ? "out" : "tz");
    if (!in_years(t))
        return cs_fail(NULL, CSVC_E_RANGE, "tz_offset_at: t %" PRId64 " is outside years 1..9999",
                       t);
    *out = cs_tz_offset_at(tz, t);
    return CSVC_OK;
}

csvc_status csvc_tz_local_time(const csvc_tz *tz, int32_t year, int32_t month, int32_t day,
                               int32_t second_of_day, int64_t *out)
{
    if (!tz || !out)
        return cs_fail(NULL, CSVC_E_NULL, "tz_local_time: %s is NULL", tz ? "out" : "tz");
    if (!cs_date_valid(year, month, day))
        return cs_fail(NULL, CSVC_E_RANGE,
                       "tz_local_time: %04" PRId32 "-%02" PRId32 "-%02" PRId32
                       " is not a date in years 1..9999",
                       year, month, day);
    if (second_of_day < 0 || second_of_day >= CS_DAY_SECONDS)
        return cs_fail(NULL, CSVC_E_RANGE,
                       "tz_local_time: second_of_day %" PRId32 " out of range (0..86399)",
                       second_of_day);
    int64_t t =
        cs_tz_from_local(tz, cs_days_from_civil(year, month, day) * CS_DAY_SECONDS + second_of_day);
    if (!in_years(t))
        return cs_fail(NULL, CSVC_E_RANGE,
                       "tz_local_time: the instant is outside years 1..9999 UTC");
    *out = t;
    return CSVC_OK;
}
