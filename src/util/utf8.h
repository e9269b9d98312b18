/* UTF-8 validation for identifiers and free text. */
#ifndef CS_UTIL_UTF8_H
#define CS_UTIL_UTF8_H

#include <stddef.h>

/* Returns `len` when s[0..len) is well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF) without control characters (C0, DEL,
 * C1); tab is allowed when `allow_tab`. Otherwise the offset of the first
 * offending byte. */
size_t cs_utf8_check(const char *s, size_t len, int allow_tab);

/* strcmp() that folds ASCII letters: names of levels, categories, channels. */
int cs_ascii_casecmp(const char *a, const char *b);

#endif
