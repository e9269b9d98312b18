/* Exports that never leave a half-written file: the text goes to a fresh
 * temporary file next to the target ("<path>.<hex>.tmp"), which is flushed
 * to disk and then renamed over the target. A failure at any point removes
 * the temporary file and leaves the target as it was. */
#ifndef CS_UTIL_ATOMIC_FILE_H
#define CS_UTIL_ATOMIC_FILE_H

#include "alloc.h"
#include "errbuf.h"

#include <stdio.h>

typedef struct cs_atomic_file {
    const cs_alloc *alloc;
    const char *path, *what; /* what: the export, for messages ("roster export") */
    char *tmp;
    FILE *f;
} cs_atomic_file;

/* Creates the temporary file (exclusively, so concurrent exports never
 * share one). ::CSVC_E_IO, ::CSVC_E_PERM or ::CSVC_E_NOMEM. */
csvc_status cs_atomic_open(cs_atomic_file *af, const cs_alloc *alloc, const char *path,
                           const char *what, cs_errbuf *err);
/* Appends bytes; on failure the file is abandoned (as cs_atomic_abort()). */
csvc_status cs_atomic_write(cs_atomic_file *af, const void *data, size_t len, cs_errbuf *err);
/* Flushes, syncs and renames the file into place; on failure the file is
 * abandoned. */
csvc_status cs_atomic_commit(cs_atomic_file *af, cs_errbuf *err);
/* Removes the temporary file. Safe after a failure or twice. */
void cs_atomic_abort(cs_atomic_file *af);

/* The whole export in one call: `len` bytes of `data` become `path`. */
csvc_status cs_atomic_write_file(const cs_alloc *alloc, const char *path, const char *what,
                                 const void *data, size_t len, cs_errbuf *err);

#endif
