/* Version checks of caller structs (version_check.h). */
#include "version_check.h"

#include <stdio.h>
#include <string.h>

csvc_status cs_check_version(cs_errbuf *err, uint32_t version, uint32_t newest, const char *fmt,
                             ...)
{
    if (version >= 1 && version <= newest)
        return CSVC_OK;
    char what[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    size_t len = strlen(what);
    const char *sep = len && (what[len - 1] == ' ' || what[len - 1] == '.') ? "" : " ";
    return cs_fail(err, CSVC_E_VERSION, "%s%sversion %u not supported (expected 1..%u)", what, sep,
                   (unsigned)version, (unsigned)newest);
}
