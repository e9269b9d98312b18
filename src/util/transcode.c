/* Input encodings (transcode.h). */
#include "transcode.h"
#include "utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int cs_encoding_is_utf8(const char *encoding)
{
    return !encoding || !*encoding || cs_ascii_casecmp(encoding, "UTF-8") == 0 ||
           cs_ascii_casecmp(encoding, "UTF8") == 0;
}

/* 1-based line of byte `at` of data (ASCII-compatible encodings: a newline
 * byte is a newline). */
static unsigned long long line_of(const char *data, size_t at)
{
    unsigned long long line = 1;
    for (size_t i = 0; i < at; i++)
        line += data[i] == '\n';
    return line;
}

csvc_status cs_transcode_to_utf8(const cs_alloc *alloc, const char *data, size_t size,
                                 const char *encoding, char **out, size_t *out_size,
                                 cs_errbuf *err)
{
    iconv_t cd = iconv_open("UTF-8", encoding);
    if (cd == (iconv_t)-1)
        return cs_fail(err, CSVC_E_INVALID,
                       "encoding '%.40s' is not known to the C library's iconv (try GB18030)",
                       encoding);
    /* GB18030 needs at most 4 bytes per character, UTF-8 at most 4 for 1
     * input byte's worth: twice the input plus slack is ample for the CJK
     * encodings; grow when a wider one needs more. */
    size_t cap = size * 2 + 16;
    char *buf = cs_malloc(alloc, cap);
    csvc_status rc = buf ? CSVC_OK : cs_fail(err, CSVC_E_NOMEM, "out of memory");
    char *in = (char *)(uintptr_t)data;
    size_t left = size, used = 0;
    while (rc == CSVC_OK && left > 0) {
        char *dst = buf + used;
        size_t room = cap - used;
        size_t r = iconv(cd, &in, &left, &dst, &room);
        used = (size_t)(dst - buf);
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG) {
            char *bigger = cs_realloc_array(alloc, buf, cap, 2);
            if (!bigger) {
                rc = cs_fail(err, CSVC_E_NOMEM, "out of memory");
                break;
            }
            buf = bigger;
            cap *= 2;
            continue;
        }
        size_t at = (size_t)(in - data);
        rc = cs_fail(err, CSVC_E_ENCODING, "line %llu: %s %.40s byte sequence at byte %zu",
                     line_of(data, at), errno == EINVAL ? "truncated" : "invalid", encoding, at);
    }
    iconv_close(cd);
    if (rc != CSVC_OK) {
        cs_free(alloc, buf);
        return rc;
    }
    *out = buf;
    *out_size = used;
    return CSVC_OK;
}

csvc_status cs_read_file(const cs_alloc *alloc, const char *path, char **out, size_t *size,
                         cs_errbuf *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cs_fail(err, errno == EACCES ? CSVC_E_PERM : CSVC_E_IO, "cannot open '%s': %s",
                       path, strerror(errno));
    size_t cap = 1 << 16, len = 0;
    char *buf = cs_malloc(alloc, cap);
    csvc_status rc = buf ? CSVC_OK : cs_fail(err, CSVC_E_NOMEM, "out of memory");
    while (rc == CSVC_OK) {
        if (len == cap) {
            char *bigger = cap > SIZE_MAX / 2 ? NULL : cs_realloc_array(alloc, buf, cap, 2);
            if (!bigger) {
                rc = cs_fail(err, CSVC_E_NOMEM, "'%s': out of memory", path);
                break;
            }
            buf = bigger;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f))
                rc = cs_fail(err, CSVC_E_IO, "'%s': read error: %s", path, strerror(errno));
            break;
        }
    }
    fclose(f);
    if (rc != CSVC_OK) {
        cs_free(alloc, buf);
        return rc;
    }
    *out = buf;
    *size = len;
    return CSVC_OK;
}
