/* The importers' csvc_import_options, checked once (common.h). */
#ifndef CS_UTIL_IMPORT_OPTIONS_H
#define CS_UTIL_IMPORT_OPTIONS_H

#include "alloc.h"
#include "errbuf.h"
#include "tz.h"

typedef struct cs_import {
    const cs_alloc *alloc;
    const char *encoding; /* NULL: UTF-8 */
    int32_t utc_offset;   /* CSVC_UTC_OFFSET_AUTO or a valid offset */
    csvc_tz *tz;          /* the options' time_zone, loaded; NULL: none */
} cs_import;

/* *out from `options` (NULL: the defaults), the zone loaded with `alloc`.
 * ::CSVC_E_VERSION, ::CSVC_E_RANGE for an offset beyond +-18 h, or the
 * zone's failure, naming `fn`. On success cs_import_release() it. */
csvc_status cs_import_resolve(cs_errbuf *err, const char *fn, const csvc_import_options *options,
                              const cs_alloc *alloc, cs_import *out);
void cs_import_release(cs_import *imp);

/* The clock a naive time is read at: the options' zone or offset, else
 * `automatic`. */
static inline cs_clock cs_import_clock(const cs_import *imp, cs_clock automatic)
{
    if (imp->tz)
        return (cs_clock){0, imp->tz};
    return imp->utc_offset == CSVC_UTC_OFFSET_AUTO ? automatic : (cs_clock){imp->utc_offset, NULL};
}

/* "+08:00" or "Europe/Berlin": how a naive time was read, for messages. */
void cs_clock_describe(cs_clock clock, char *buf, size_t size);

#endif
