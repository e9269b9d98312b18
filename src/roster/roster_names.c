/* Names of levels, categories and currencies: parsing and printing. */
#include "internal/utf8.h"
#include "roster_internal.h"

#include <string.h>

static const char *const level_names[CSVC_LEVEL_COUNT] = {
    "junior", "senior", "expert", "supervisor", "manager",
};

static const char *const category_names[CSVC_CATEGORY_COUNT] = {
    "inquiry",   "order_logistics", "return_refund", "repair_warranty",
    "complaint", "technical",       "other",
};

static int name_index(const char *const *names, int count, const char *name)
{
    for (int i = 0; i < count; i++)
        if (cs_ascii_casecmp(names[i], name) == 0)
            return i;
    return -1;
}

const char *csvc_level_name(csvc_level level)
{
    return (unsigned)level < CSVC_LEVEL_COUNT ? level_names[level] : NULL;
}

csvc_status csvc_level_parse(const char *name, csvc_level *out)
{
    if (!name || !out)
        return cs_fail(NULL, CSVC_E_NULL, "level_parse: %s is NULL", name ? "out" : "name");
    int i = name_index(level_names, CSVC_LEVEL_COUNT, name);
    if (i < 0)
        return cs_fail(NULL, CSVC_E_INVALID,
                       "level '%.64s': unknown (junior, senior, expert, supervisor, manager)",
                       name);
    *out = (csvc_level)i;
    return CSVC_OK;
}

const char *csvc_category_name(csvc_category category)
{
    return (unsigned)category < CSVC_CATEGORY_COUNT ? category_names[category] : NULL;
}

csvc_status csvc_category_parse(const char *name, csvc_category *out)
{
    if (!name || !out)
        return cs_fail(NULL, CSVC_E_NULL, "category_parse: %s is NULL", name ? "out" : "name");
    int i = name_index(category_names, CSVC_CATEGORY_COUNT, name);
    if (i < 0)
        return cs_fail(NULL, CSVC_E_INVALID,
                       "category '%.64s': unknown (inquiry, order_logistics, return_refund, "
                       "repair_warranty, complaint, technical, other)",
                       name);
    *out = (csvc_category)i;
    return CSVC_OK;
}

csvc_status cs_skills_parse(const char *text, uint32_t *out, char *bad, size_t bad_size)
{
    uint32_t skills = 0;
    const char *p = text;
    while (*p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char item[32];
        /* Allow spaces around items: "inquiry; technical". */
        while (len && *p == ' ') {
            p++;
            len--;
        }
        while (len && p[len - 1] == ' ')
            len--;
        int found = -1;
        if (len > 0 && len < sizeof item) {
            memcpy(item, p, len);
            item[len] = '\0';
            found = name_index(category_names, CSVC_CATEGORY_COUNT, item);
        }
        if (found < 0) {
            size_t n = len < bad_size - 1 ? len : bad_size - 1;
            memcpy(bad, p, n);
            bad[n] = '\0';
            return CSVC_E_INVALID;
        }
        skills |= CSVC_SKILL(found);
        if (!end)
            break;
        p = end + 1;
    }
    *out = skills;
    return CSVC_OK;
}

void cs_skills_format(uint32_t skills, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < CSVC_CATEGORY_COUNT; i++) {
        if (!(skills & CSVC_SKILL(i)))
            continue;
        size_t len = strlen(category_names[i]);
        if (used + len + 2 > size)
            return;
        if (used)
            buf[used++] = ';';
        memcpy(buf + used, category_names[i], len + 1);
        used += len;
    }
}

int cs_currency_valid(const char *code)
{
    if (strlen(code) != 3)
        return 0;
    for (int i = 0; i < 3; i++)
        if (code[i] < 'A' || code[i] > 'Z')
            return 0;
    return 1;
}

uint32_t cs_currency_decimals(const char *code)
{
    /* ISO 4217 minor units that differ from 2. */
    static const char zero[][4] = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
                                   "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"};
    static const char three[][4] = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};
    for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
        if (strcmp(code, zero[i]) == 0)
            return 0;
    for (size_t i = 0; i < sizeof three / sizeof three[0]; i++)
        if (strcmp(code, three[i]) == 0)
            return 3;
    return 2;
}
