/* Per-handle and per-thread error messages. */
#include "errbuf.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>

/* The only thread-local state of the library: the last message per thread. */
static _Thread_local char last_errmsg[CS_ERRMSG_MAX];

const char *csvc_last_errmsg(void)
{
    return last_errmsg;
}

csvc_status cs_failv(cs_errbuf *buf, csvc_status status, const char *fmt, va_list ap)
{
    vsnprintf(last_errmsg, sizeof last_errmsg, fmt, ap);
    if (buf)
        memcpy(buf->msg, last_errmsg, sizeof buf->msg);
    return status;
}

csvc_status cs_fail(cs_errbuf *buf, csvc_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cs_failv(buf, status, fmt, ap);
    va_end(ap);
    return status;
}

csvc_status cs_fail_copy(cs_errbuf *buf, csvc_status status, const char *msg)
{
    char copy[CS_ERRMSG_MAX]; /* msg may be csvc_last_errmsg() itself */
    snprintf(copy, sizeof copy, "%s", msg);
    return cs_fail(buf, status, "%s", copy);
}

csvc_status csvc_id_check(const char *id)
{
    return cs_check_id(NULL, "id", id);
}

csvc_status cs_check_id(cs_errbuf *buf, const char *what, const char *id)
{
    if (!id)
        return cs_fail(buf, CSVC_E_NULL, "%s: NULL", what);
    size_t len = strlen(id);
    if (len == 0)
        return cs_fail(buf, CSVC_E_INVALID, "%s: empty", what);
    if (len > CSVC_ID_MAX)
        return cs_fail(buf, CSVC_E_TOOLONG, "%s '%.32s...': %zu bytes, at most %d allowed",
                       what, id, len, CSVC_ID_MAX);
    size_t bad = cs_utf8_check(id, len, CS_UTF8_VISIBLE);
    if (bad == len)
        return CSVC_OK;
    if (cs_utf8_check(id, len, 0) == len) /* well-formed: an invisible character */
        return cs_fail(buf, CSVC_E_ENCODING,
                       "%s: invisible character U+%04X at byte %zu (ids must look like what "
                       "they are)",
                       what, (unsigned)cs_utf8_decode(id, bad), bad);
    return cs_fail(buf, CSVC_E_ENCODING, "%s: invalid UTF-8 or control character at byte %zu",
                   what, bad);
}

csvc_status cs_check_text(cs_errbuf *buf, const char *what, const char *text, size_t max_len)
{
    if (!text)
        return cs_fail(buf, CSVC_E_NULL, "%s: NULL", what);
    size_t len = strlen(text);
    if (len > max_len)
        return cs_fail(buf, CSVC_E_TOOLONG, "%s: %zu bytes, at most %zu allowed", what, len,
                       max_len);
    size_t bad = cs_utf8_check(text, len, CS_UTF8_ALLOW_TAB);
    if (bad != len)
        return cs_fail(buf, CSVC_E_ENCODING,
                       "%s: invalid UTF-8 or control character at byte %zu", what, bad);
    return CSVC_OK;
}
