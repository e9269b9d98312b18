/* Import options (import_options.h). */
#include "import_options.h"
#include "version_check.h"

#include <stdio.h>

CS_DEFINE_INIT(csvc_import_options_init, csvc_import_options, CSVC_IMPORT_OPTIONS_INIT)

csvc_status cs_import_resolve(cs_errbuf *err, const char *fn, const csvc_import_options *options,
                              const cs_alloc *alloc, cs_import *out)
{
    out->alloc = alloc;
    out->encoding = NULL;
    out->utc_offset = CSVC_UTC_OFFSET_AUTO;
    out->tz = NULL;
    if (!options)
        return CSVC_OK;
    CS_RETURN_IF_BAD_VERSION(err, options->version, CSVC_IMPORT_OPTIONS_VERSION,
                             "%s: import options", fn);
    if (options->utc_offset != CSVC_UTC_OFFSET_AUTO &&
        (options->utc_offset < -CSVC_UTC_OFFSET_MAX || options->utc_offset > CSVC_UTC_OFFSET_MAX))
        return cs_fail(err, CSVC_E_RANGE, "%s: import options: utc_offset %d beyond +-%d", fn,
                       (int)options->utc_offset, CSVC_UTC_OFFSET_MAX);
    if (options->version >= 2 && options->time_zone) {
        csvc_status rc = cs_tz_load(alloc, fn, options->time_zone, &out->tz, err);
        if (rc != CSVC_OK)
            return rc;
    }
    out->encoding = options->encoding;
    out->utc_offset = options->utc_offset;
    return CSVC_OK;
}

void cs_import_release(cs_import *imp)
{
    cs_tz_destroy(imp->tz);
    imp->tz = NULL;
}

void cs_clock_describe(cs_clock clock, char *buf, size_t size)
{
    if (clock.tz) {
        snprintf(buf, size, "in %s", clock.tz->name);
        return;
    }
    int32_t o = clock.offset < 0 ? -clock.offset : clock.offset;
    snprintf(buf, size, "at %c%02d:%02d", clock.offset < 0 ? '-' : '+', (int)(o / 3600),
             (int)(o % 3600 / 60));
}
