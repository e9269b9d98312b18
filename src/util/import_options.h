/* The importers' csvc_import_options, checked once (common.h). */
#ifndef CS_UTIL_IMPORT_OPTIONS_H
#define CS_UTIL_IMPORT_OPTIONS_H

#include "errbuf.h"

typedef struct cs_import {
    const char *encoding; /* NULL: UTF-8 */
    int32_t utc_offset;   /* CSVC_UTC_OFFSET_AUTO or a valid offset */
} cs_import;

/* *out from `options` (NULL: the defaults). ::CSVC_E_VERSION, or
 * ::CSVC_E_RANGE for an offset beyond +-18 h, naming `fn`. */
csvc_status cs_import_resolve(cs_errbuf *err, const char *fn, const csvc_import_options *options,
                              cs_import *out);

/* The offset a naive time is read at: the option, else `automatic`. */
static inline int32_t cs_import_offset(const cs_import *imp, int32_t automatic)
{
    return imp->utc_offset == CSVC_UTC_OFFSET_AUTO ? automatic : imp->utc_offset;
}

#endif
