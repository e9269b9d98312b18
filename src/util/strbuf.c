#include "strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void cs_strbuf_init(cs_strbuf *sb, const cs_alloc *alloc)
{
    *sb = (cs_strbuf){alloc, NULL, 0, 0, 0};
}

void cs_strbuf_free(cs_strbuf *sb)
{
    cs_free(sb->alloc, sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
}

static int reserve(cs_strbuf *sb, size_t extra)
{
    if (sb->failed)
        return -1;
    if (extra > SIZE_MAX - sb->len - 1 ||
        cs_grow(sb->alloc, (void **)&sb->data, &sb->cap, sb->len + extra + 1, 1) != 0) {
        sb->failed = 1;
        return -1;
    }
    return 0;
}

void cs_strbuf_append(cs_strbuf *sb, const char *data, size_t len)
{
    if (reserve(sb, len) != 0)
        return;
    memcpy(sb->data + sb->len, data, len);
    sb->len += len;
    sb->data[sb->len] = '\0';
}

void cs_strbuf_puts(cs_strbuf *sb, const char *s)
{
    cs_strbuf_append(sb, s, strlen(s));
}

void cs_strbuf_putc(cs_strbuf *sb, char c)
{
    cs_strbuf_append(sb, &c, 1);
}

void cs_strbuf_printf(cs_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || reserve(sb, (size_t)n) != 0) {
        sb->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

void cs_strbuf_csv_field(cs_strbuf *sb, const char *s)
{
    size_t len = strlen(s);
    int quote = len > 0 && (s[0] == ' ' || s[len - 1] == ' ');
    if (!quote && strpbrk(s, ",\"\r\n") == NULL) {
        cs_strbuf_append(sb, s, len);
        return;
    }
    cs_strbuf_putc(sb, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            cs_strbuf_putc(sb, '"');
        cs_strbuf_putc(sb, *p);
    }
    cs_strbuf_putc(sb, '"');
}

void cs_strbuf_json_string(cs_strbuf *sb, const char *s)
{
    cs_strbuf_putc(sb, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            cs_strbuf_printf(sb, "\\%c", c);
        else if (c < 0x20)
            cs_strbuf_printf(sb, "\\u%04x", c);
        else
            cs_strbuf_putc(sb, (char)c);
    }
    cs_strbuf_putc(sb, '"');
}

csvc_status cs_strbuf_read_file(cs_strbuf *sb, const char *path, const char *what,
                                cs_errbuf *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        return cs_fail(err,
                       e == EACCES   ? CSVC_E_PERM
                       : e == ENOENT ? CSVC_E_NOTFOUND
                                     : CSVC_E_IO,
                       "%s: %s: %s", what, path, strerror(e));
    }
    char chunk[8192];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        cs_strbuf_append(sb, chunk, got);
    int read_failed = ferror(f);
    fclose(f);
    if (read_failed || sb->failed)
        return cs_fail(err, read_failed ? CSVC_E_IO : CSVC_E_NOMEM, "%s: %s: %s", what, path,
                       read_failed ? "read failed" : "out of memory");
    return CSVC_OK;
}

csvc_status cs_strbuf_hand_over(cs_strbuf *sb, char **out, size_t *size)
{
    char *buf = sb->failed ? NULL : cs_owned_alloc(sb->alloc, sb->len + 1);
    if (buf) {
        memcpy(buf, sb->data ? sb->data : "", sb->len); /* nothing appended: no data */
        buf[sb->len] = '\0';
        *out = buf;
        if (size)
            *size = sb->len;
    }
    cs_strbuf_free(sb);
    return buf ? CSVC_OK : CSVC_E_NOMEM;
}
