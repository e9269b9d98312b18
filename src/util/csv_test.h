/* Test and fuzzing knobs of the CSV reader; not for importers. */
#ifndef CS_UTIL_CSV_TEST_H
#define CS_UTIL_CSV_TEST_H

#include "csv.h"

#include <stddef.h>

/* Sets how many bytes the reader pulls from its source per read (default
 * 1 MiB), so that tests can make records straddle chunk boundaries. The
 * buffer starts at this size and still grows for longer records. Must be
 * called before the first read: CSVC_E_INVALID for 0 or once reading began. */
csvc_status cs_csv_set_chunk_size(cs_csv *csv, size_t size);

#endif
