/* A growable byte buffer, used to build exports and messages. */
#ifndef CS_UTIL_STRBUF_H
#define CS_UTIL_STRBUF_H

#include "alloc.h"
#include "errbuf.h"

#include <stddef.h>

typedef struct cs_strbuf {
    const cs_alloc *alloc;
    char *data;   /* always NUL-terminated once non-NULL */
    size_t len;
    size_t cap;
    int failed;   /* sticky: an append ran out of memory */
} cs_strbuf;

void cs_strbuf_init(cs_strbuf *sb, const cs_alloc *alloc);
void cs_strbuf_free(cs_strbuf *sb);
void cs_strbuf_append(cs_strbuf *sb, const char *data, size_t len);
void cs_strbuf_puts(cs_strbuf *sb, const char *s);
void cs_strbuf_putc(cs_strbuf *sb, char c);
void cs_strbuf_printf(cs_strbuf *sb, const char *fmt, ...) CS_PRINTF(2, 3);
/* Appends one CSV field, quoted when it holds a comma, quote, CR or LF or
 * starts/ends with a space. */
void cs_strbuf_csv_field(cs_strbuf *sb, const char *s);
/* Appends `s` as a JSON string: quoted, with quotes, backslashes and
 * control characters escaped (UTF-8 passes through). */
void cs_strbuf_json_string(cs_strbuf *sb, const char *s);
/* Moves the text into a buffer the caller releases with csvc_free() (from
 * the buffer's allocator, NUL-terminated; *size, when not NULL, its length)
 * and frees `sb` either way: ::CSVC_E_NOMEM, with no message, when an
 * append or the copy ran out of memory. */
csvc_status cs_strbuf_hand_over(cs_strbuf *sb, char **out, size_t *size);
/* Appends the whole file at `path`: ::CSVC_E_NOTFOUND, ::CSVC_E_PERM,
 * ::CSVC_E_IO or ::CSVC_E_NOMEM, reported as "<what>: <path>: <reason>". */
csvc_status cs_strbuf_read_file(cs_strbuf *sb, const char *path, const char *what,
                                cs_errbuf *err);

#endif
