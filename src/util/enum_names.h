/* Names of public enums, one rule for all of them: a value's name is its
 * lower-case snake_case table entry, and parsing ignores ASCII case. */
#ifndef CS_UTIL_ENUM_NAMES_H
#define CS_UTIL_ENUM_NAMES_H

#include "errbuf.h"

/* Another name accepted for a value on input (never written). */
typedef struct cs_enum_alias {
    const char *name;
    int value;
} cs_enum_alias;

/* The names of values 0..count-1; `what` names the enum in messages. */
typedef struct cs_enum_names {
    const char *what;
    const char *const *names;
    int count;
    const cs_enum_alias *aliases; /* matched exactly (UTF-8 bytes); may be NULL */
    int naliases;
} cs_enum_names;

#define CS_ENUM_NAMES(what, table)                                                                 \
    {                                                                                              \
        what, table, (int)(sizeof table / sizeof table[0]), NULL, 0                               \
    }
#define CS_ENUM_NAMES_ALIASES(what, table, aliases)                                                \
    {                                                                                              \
        what, table, (int)(sizeof table / sizeof table[0]), aliases,                               \
            (int)(sizeof aliases / sizeof aliases[0])                                              \
    }

/* The name of `value`, NULL outside the table. */
const char *cs_enum_name(const cs_enum_names *e, int value);
/* The value named `name` (ASCII case ignored), or by one of its aliases.
 * ::CSVC_E_NULL, or ::CSVC_E_INVALID with "<what> '<name>': unknown (a, b,
 * ...)". */
csvc_status cs_enum_parse(const cs_enum_names *e, const char *name, int *out);

/* Defines the public `<prefix>_name(type)` and `<prefix>_parse(name, out)`
 * of an enum from its cs_enum_names. */
#define CS_DEFINE_ENUM_NAMES(prefix, type, table)                                                  \
    const char *prefix##_name(type value)                                                          \
    {                                                                                              \
        return cs_enum_name(&table, (int)value);                                                   \
    }                                                                                              \
    csvc_status prefix##_parse(const char *name, type *out)                                        \
    {                                                                                              \
        int value = 0;                                                                             \
        csvc_status rc = cs_enum_parse(&table, name, out ? &value : NULL);                         \
        if (rc == CSVC_OK)                                                                         \
            *out = (type)value;                                                                    \
        return rc;                                                                                 \
    }

#endif
