/* Enum names (enum_names.h). */
#include "enum_names.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>

const char *cs_enum_name(const cs_enum_names *e, int value)
{
    return value >= 0 && value < e->count ? e->names[value] : NULL;
}

csvc_status cs_enum_parse(const cs_enum_names *e, const char *name, int *out)
{
    if (!name || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s_parse: %s is NULL", e->what, name ? "out" : "name");
    for (int i = 0; i < e->count; i++) {
        if (cs_ascii_casecmp(e->names[i], name) == 0) {
            *out = i;
            return CSVC_OK;
        }
    }
    for (int i = 0; i < e->naliases; i++) {
        if (strcmp(e->aliases[i].name, name) == 0) {
            *out = e->aliases[i].value;
            return CSVC_OK;
        }
    }
    char known[CS_ERRMSG_MAX / 2];
    size_t used = 0;
    for (int i = 0; i < e->count && used < sizeof known; i++)
        used +=
            (size_t)snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "", e->names[i]);
    return cs_fail(NULL, CSVC_E_INVALID, "%s '%.64s': unknown (%s)", e->what, name, known);
}
