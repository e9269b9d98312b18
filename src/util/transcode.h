/* Converting an importer's input to UTF-8 with the C library's iconv, so
 * that files from Excel on Chinese Windows (GB18030, GBK) import as they
 * are. No new dependency: iconv is part of glibc. */
#ifndef CS_UTIL_TRANSCODE_H
#define CS_UTIL_TRANSCODE_H

#include "alloc.h"
#include "errbuf.h"

#include <stddef.h>

/* 1 when `encoding` is NULL, "" or a spelling of UTF-8 (no conversion). */
int cs_encoding_is_utf8(const char *encoding);

/* data[0..size) in `encoding`, as UTF-8 in a new buffer (*out, *out_size;
 * free with cs_free). CSVC_E_INVALID for an encoding iconv does not know,
 * CSVC_E_ENCODING naming the line and byte of an invalid or truncated
 * sequence, CSVC_E_NOMEM. */
csvc_status cs_transcode_to_utf8(const cs_alloc *alloc, const char *data, size_t size,
                                 const char *encoding, char **out, size_t *out_size,
                                 cs_errbuf *err);

/* The whole of file `path` into a new buffer (free with cs_free).
 * CSVC_E_IO (or CSVC_E_PERM) with the OS reason, CSVC_E_NOMEM. */
csvc_status cs_read_file(const cs_alloc *alloc, const char *path, char **out, size_t *size,
                         cs_errbuf *err);

#endif
