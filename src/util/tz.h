/* IANA time zones from the system's tzdata (TZif files, RFC 8536), read
 * by the library itself: the C library offers no per-call zone, only the
 * process-wide TZ, which an embedded library must not touch.
 *
 * A zone is a sorted table of segments: from starts[i] (UTC) until
 * starts[i + 1] the local clock is UTC + offsets[i]. starts[0] is
 * INT64_MIN. The file's transitions are followed by the transitions its
 * POSIX TZ footer rule gives, through CS_TZ_LAST_RULE_YEAR; after that the
 * offset in effect at the end of that year stays. */
#ifndef CS_UTIL_TZ_H
#define CS_UTIL_TZ_H

#include "alloc.h"
#include "errbuf.h"

#include <stddef.h>
#include <stdint.h>

#define CS_TZ_LAST_RULE_YEAR 2499
#define CS_TZ_NAME_MAX 255

struct csvc_tz {
    cs_alloc alloc;
    char *name;
    int64_t *starts;
    int32_t *offsets;
    size_t n;
    int32_t standard_offset; /* of the footer rule's standard time, else the last offset */
};

/* Reads zone `name` ("Europe/Berlin") from $TZDIR, else
 * /usr/share/zoneinfo. ::CSVC_E_INVALID for a name that is not a zone
 * name, ::CSVC_E_NOTFOUND when no such file, ::CSVC_E_CORRUPT when the
 * file is not TZif, each naming `fn` and the zone. */
csvc_status cs_tz_load(const cs_alloc *alloc, const char *fn, const char *name, csvc_tz **out,
                       cs_errbuf *err);
/* Builds a zone from TZif bytes (what cs_tz_load reads; the fuzzer's way in). */
csvc_status cs_tz_parse(const cs_alloc *alloc, const char *fn, const char *name,
                        const unsigned char *data, size_t len, csvc_tz **out, cs_errbuf *err);
/* NULL when out of memory. */
csvc_tz *cs_tz_clone(const cs_alloc *alloc, const csvc_tz *tz);
void cs_tz_destroy(csvc_tz *tz);

/* The segment of instant t. */
size_t cs_tz_segment(const csvc_tz *tz, int64_t t);
static inline int32_t cs_tz_offset_at(const csvc_tz *tz, int64_t t)
{
    return tz->offsets[cs_tz_segment(tz, t)];
}
/* The instant a local wall-clock time (seconds since 1970-01-01 of local
 * time, as if it were UTC) names. Ambiguous (the repeated hour after a
 * clock goes back): the earlier instant. Skipped (the hour a clock jumps
 * over): read at the offset before the jump, which lands after it
 * (02:30 on a spring-forward night at 02:00 is 03:30). These are Python
 * zoneinfo's answers with fold = 0. */
int64_t cs_tz_from_local(const csvc_tz *tz, int64_t local);

/* A local clock: a zone when `tz` is set, else a fixed offset. */
typedef struct cs_clock {
    int32_t offset;
    const csvc_tz *tz;
} cs_clock;

static inline int32_t cs_clock_offset_at(cs_clock c, int64_t t)
{
    return c.tz ? cs_tz_offset_at(c.tz, t) : c.offset;
}
static inline int64_t cs_clock_from_local(cs_clock c, int64_t local)
{
    return c.tz ? cs_tz_from_local(c.tz, local) : local - c.offset;
}

/* cs_time_parse_at() with a time or date without 'Z' or an offset read on
 * `clock`. */
const char *cs_time_parse_clock(const char *text, size_t len, cs_clock clock, int64_t *out);

#endif
