/* Import options (import_options.h). */
#include "import_options.h"
#include "version_check.h"

CS_DEFINE_INIT(csvc_import_options_init, csvc_import_options, CSVC_IMPORT_OPTIONS_INIT)

csvc_status cs_import_resolve(cs_errbuf *err, const char *fn, const csvc_import_options *options,
                              cs_import *out)
{
    out->encoding = NULL;
    out->utc_offset = CSVC_UTC_OFFSET_AUTO;
    if (!options)
        return CSVC_OK;
    CS_RETURN_IF_BAD_VERSION(err, options->version, CSVC_IMPORT_OPTIONS_VERSION,
                             "%s: import options", fn);
    if (options->utc_offset != CSVC_UTC_OFFSET_AUTO &&
        (options->utc_offset < -CSVC_UTC_OFFSET_MAX || options->utc_offset > CSVC_UTC_OFFSET_MAX))
        return cs_fail(err, CSVC_E_RANGE, "%s: import options: utc_offset %d beyond +-%d", fn,
                       (int)options->utc_offset, CSVC_UTC_OFFSET_MAX);
    out->encoding = options->encoding;
    out->utc_offset = options->utc_offset;
    return CSVC_OK;
}
