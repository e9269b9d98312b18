#include "utf8.h"

int cs_utf8_invisible(uint32_t cp)
{
    return cp == 0x00ad || cp == 0x034f || cp == 0x061c || cp == 0x180e ||
           (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2060 && cp <= 0x206f) || (cp >= 0xfe00 && cp <= 0xfe0f) || cp == 0xfeff ||
           (cp >= 0xfff9 && cp <= 0xfffb) || (cp >= 0xe0000 && cp <= 0xe0fff);
}

uint32_t cs_utf8_decode(const char *str, size_t at)
{
    const unsigned char *s = (const unsigned char *)str + at;
    if (s[0] < 0x80)
        return s[0];
    size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
    uint32_t cp = s[0] & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
    for (size_t k = 1; k < n; k++)
        cp = (cp << 6) | (s[k] & 0x3f);
    return cp;
}

size_t cs_utf8_check(const char *str, size_t len, unsigned flags)
{
    int allow_tab = (flags & CS_UTF8_ALLOW_TAB) != 0;
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            if ((c < 0x20 && !(allow_tab && c == '\t')) || c == 0x7f)
                return i;
            i++;
            continue;
        }
        uint32_t cp;
        size_t n;
        if (c >= 0xc2 && c <= 0xdf) {
            n = 2;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 3;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 4;
            cp = c & 0x07;
        } else {
            return i; /* continuation byte, overlong lead 0xc0/0xc1, or > 0xf4 */
        }
        if (len - i < n)
            return i;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
            return i;
        if ((flags & CS_UTF8_VISIBLE) && cs_utf8_invisible(cp))
            return i;
        i += n;
    }
    return len;
}

int cs_ascii_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z')
            ca = (unsigned char)(ca - 'A' + 'a');
        if (cb >= 'A' && cb <= 'Z')
            cb = (unsigned char)(cb - 'A' + 'a');
        if (ca != cb || !ca)
            return ca - cb;
    }
}
