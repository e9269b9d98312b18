/* UTF-8 validation for identifiers and free text. */
#ifndef CS_UTIL_UTF8_H
#define CS_UTIL_UTF8_H

#include <stddef.h>

#include <stdint.h>

enum {
    CS_UTF8_ALLOW_TAB = 1, /* a tab is not a control character here */
    CS_UTF8_VISIBLE = 2,   /* refuse invisible characters (cs_utf8_invisible) */
};

/* Returns `len` when s[0..len) is well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF) without control characters (C0, DEL,
 * C1), within the CS_UTF8_* `flags`. Otherwise the offset of the first
 * offending byte. */
size_t cs_utf8_check(const char *s, size_t len, unsigned flags);

/* Characters that render as nothing, so that two ids that look the same
 * could differ: U+FEFF, zero-width spaces and joiners, bidirectional
 * controls, the soft hyphen, word joiners, variation selectors. */
int cs_utf8_invisible(uint32_t cp);

/* The code point starting at s[at] (s well-formed UTF-8). */
uint32_t cs_utf8_decode(const char *s, size_t at);

/* strcmp() that folds ASCII letters: names of levels, categories, channels. */
int cs_ascii_casecmp(const char *a, const char *b);

#endif
