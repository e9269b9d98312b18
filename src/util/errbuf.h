/* Error reporting shared by every module.
 *
 * A failing call records its message twice: in the handle's buffer (read by
 * csvc_<module>_errmsg()) and in the calling thread's last-error buffer (read
 * by csvc_last_errmsg()), so constructors and loaders that fail before a
 * handle exists still explain themselves. */
#ifndef CS_UTIL_ERRBUF_H
#define CS_UTIL_ERRBUF_H

#include "csvc/common.h"

#include <stdarg.h>

#define CS_ERRMSG_MAX 512
/* Longest display name (agent, team, KPI), in bytes. */
#define CS_NAME_MAX 256

typedef struct cs_errbuf {
    char msg[CS_ERRMSG_MAX];
} cs_errbuf;

#if defined(__GNUC__)
#define CS_PRINTF(fmt_index, first_arg) __attribute__((format(printf, fmt_index, first_arg)))
#else
#define CS_PRINTF(fmt_index, first_arg)
#endif

/* Formats the message into `buf` (may be NULL) and the thread's last error;
 * returns `status` so callers can `return cs_fail(...)`. */
csvc_status cs_fail(cs_errbuf *buf, csvc_status status, const char *fmt, ...)
    CS_PRINTF(3, 4);
csvc_status cs_failv(cs_errbuf *buf, csvc_status status, const char *fmt, va_list ap);

/* Clears the handle's message at the start of a successful call path. */
static inline void cs_err_clear(cs_errbuf *buf)
{
    if (buf)
        buf->msg[0] = '\0';
}

/* Copies a message already formatted elsewhere (e.g. by the CSV reader). */
csvc_status cs_fail_copy(cs_errbuf *buf, csvc_status status, const char *msg);

/* Validates an identifier like csvc_id_check() and reports "<what> '<id>': reason". */
csvc_status cs_check_id(cs_errbuf *buf, const char *what, const char *id);
/* Validates free text: non-NULL, valid UTF-8, no control characters but tab,
 * at most max_len bytes. */
csvc_status cs_check_text(cs_errbuf *buf, const char *what, const char *text, size_t max_len);

#endif
