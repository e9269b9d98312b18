/* libFuzzer target for the TZif reader (src/util/tz.c): any bytes as a
 * zone file. A zone that parses must be a sorted table with valid offsets,
 * and every lookup (offsets, wall times) must stay within it; anything
 * else must be a clean CSVC_E_CORRUPT or CSVC_E_INVALID. */
#include "tz.h"

#include "civil.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cs_alloc alloc;
    if (cs_alloc_init(&alloc, NULL, NULL) != CSVC_OK)
        abort();
    csvc_tz *tz = NULL;
    cs_errbuf err;
    csvc_status rc = cs_tz_parse(&alloc, "fuzz", "Fuzz/Zone", data, size, &tz, &err);
    if (rc != CSVC_OK) {
        if (rc != CSVC_E_CORRUPT && rc != CSVC_E_INVALID && rc != CSVC_E_NOMEM)
            abort();
        return 0;
    }
    if (tz->n == 0 || tz->starts[0] != INT64_MIN)
        abort();
    for (size_t i = 0; i < tz->n; i++) {
        if (!cs_offset_valid(tz->offsets[i]) || (i > 0 && tz->starts[i] <= tz->starts[i - 1]))
            abort();
        if (i > 0 && tz->offsets[i] == tz->offsets[i - 1])
            abort(); /* segments that keep the offset are merged */
    }
    const int64_t probes[] = {CS_UNIX_MIN, -1, 0, 1743296400, 4102444800, CS_UNIX_MAX};
    for (size_t k = 0; k < sizeof probes / sizeof *probes; k++) {
        int64_t local = probes[k] + cs_tz_offset_at(tz, probes[k]);
        int64_t back = cs_tz_from_local(tz, local);
        if (back < local - CSVC_UTC_OFFSET_MAX || back > local + CSVC_UTC_OFFSET_MAX)
            abort();
    }
    cs_tz_destroy(tz);
    return 0;
}
