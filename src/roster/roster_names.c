/* Names of levels and categories (skills): parsing and printing. */
#include "enum_names.h"
#include "roster_internal.h"

#include <string.h>

static const char *const level_names[CSVC_LEVEL_COUNT] = {
    "junior", "senior", "expert", "supervisor", "manager",
};

static const char *const category_names[CSVC_CATEGORY_COUNT] = {
    "inquiry",   "order_logistics", "return_refund", "repair_warranty",
    "complaint", "technical",       "other",
};

static const cs_enum_names levels = CS_ENUM_NAMES("level", level_names);
static const cs_enum_names categories = CS_ENUM_NAMES("category", category_names);

CS_DEFINE_ENUM_NAMES(csvc_level, csvc_level, levels)
CS_DEFINE_ENUM_NAMES(csvc_category, csvc_category, categories)

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
            int value;
            if (cs_enum_parse(&categories, item, &value) == CSVC_OK)
                found = value;
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
