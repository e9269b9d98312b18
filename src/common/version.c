/* The version the library was built as (the headers may be newer or older). */
#include "csvc/common.h"

const char *csvc_version(void)
{
    return CSVC_VERSION_STRING;
}

uint32_t csvc_version_number(void)
{
    return (uint32_t)CSVC_VERSION_NUMBER;
}
