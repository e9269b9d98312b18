/* Status codes and their strings, from the single CSVC_STATUS_MAP table. */
#include "csvc/common.h"

const char *csvc_status_str(csvc_status status)
{
    switch (status) {
#define CS_STATUS_TEXT(name, value, text) \
    case CSVC_##name:                     \
        return text;
        CSVC_STATUS_MAP(CS_STATUS_TEXT)
#undef CS_STATUS_TEXT
    }
    return "unknown status";
}

const char *csvc_status_name(csvc_status status)
{
    switch (status) {
#define CS_STATUS_NAME(name, value, text) \
    case CSVC_##name:                     \
        return "CSVC_" #name;
        CSVC_STATUS_MAP(CS_STATUS_NAME)
#undef CS_STATUS_NAME
    }
    return NULL;
}
