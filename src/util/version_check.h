/* The two conventions of versioned public structs (libgit2's pattern): a
 * caller's struct carries `version`, which must be 1..the newest this
 * library knows, and each struct has an `_init()` that copies its INIT
 * macro. */
#ifndef CS_UTIL_VERSION_CHECK_H
#define CS_UTIL_VERSION_CHECK_H

#include "errbuf.h"

#include <stdint.h>

/* CSVC_OK for 1 <= version <= newest; else ::CSVC_E_VERSION with
 * "<what> version V not supported (expected 1..N)", `what` formatted
 * from fmt ("team_info:", "%s: options"; a `what` that ends in ' ' or '.',
 * a path prefix such as "kpis[3].", is followed by "version" directly). */
csvc_status cs_check_version(cs_errbuf *err, uint32_t version, uint32_t newest, const char *fmt,
                             ...) CS_PRINTF(4, 5);

/* Returns the failure of cs_check_version() from the calling function. */
#define CS_RETURN_IF_BAD_VERSION(err, version, newest, ...)                                        \
    do {                                                                                           \
        csvc_status version_rc_ = cs_check_version(err, version, newest, __VA_ARGS__);             \
        if (version_rc_ != CSVC_OK)                                                                \
            return version_rc_;                                                                    \
    } while (0)

/* Defines `void name(type *p)`, which sets *p to `init` (NULL: no-op). */
#define CS_DEFINE_INIT(name, type, init)                                                           \
    void name(type *p)                                                                             \
    {                                                                                              \
        if (p) {                                                                                   \
            type init_ = init;                                                                     \
            *p = init_;                                                                            \
        }                                                                                          \
    }

#endif
