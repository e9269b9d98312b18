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

/* The Chinese terms of the shops' own exports (simplified and traditional),
 * on input only: exports write the canonical names. */
static const cs_enum_alias level_aliases[] = {
    {"初级", CSVC_LEVEL_JUNIOR},     {"初級", CSVC_LEVEL_JUNIOR},
    {"高级", CSVC_LEVEL_SENIOR},     {"高級", CSVC_LEVEL_SENIOR},
    {"资深", CSVC_LEVEL_EXPERT},     {"資深", CSVC_LEVEL_EXPERT},
    {"专家", CSVC_LEVEL_EXPERT},     {"專家", CSVC_LEVEL_EXPERT},
    {"主管", CSVC_LEVEL_SUPERVISOR}, {"经理", CSVC_LEVEL_MANAGER},
    {"經理", CSVC_LEVEL_MANAGER},
};
static const cs_enum_alias category_aliases[] = {
    {"咨询", CSVC_CATEGORY_INQUIRY},           {"諮詢", CSVC_CATEGORY_INQUIRY},
    {"咨詢", CSVC_CATEGORY_INQUIRY},           {"订单物流", CSVC_CATEGORY_ORDER_LOGISTICS},
    {"訂單物流", CSVC_CATEGORY_ORDER_LOGISTICS}, {"物流", CSVC_CATEGORY_ORDER_LOGISTICS},
    {"退换货", CSVC_CATEGORY_RETURN_REFUND},     {"退換貨", CSVC_CATEGORY_RETURN_REFUND},
    {"退款", CSVC_CATEGORY_RETURN_REFUND},       {"退货", CSVC_CATEGORY_RETURN_REFUND},
    {"退貨", CSVC_CATEGORY_RETURN_REFUND},       {"维修保修", CSVC_CATEGORY_REPAIR_WARRANTY},
    {"維修保修", CSVC_CATEGORY_REPAIR_WARRANTY}, {"维修", CSVC_CATEGORY_REPAIR_WARRANTY},
    {"維修", CSVC_CATEGORY_REPAIR_WARRANTY},     {"保修", CSVC_CATEGORY_REPAIR_WARRANTY},
    {"投诉", CSVC_CATEGORY_COMPLAINT},         {"投訴", CSVC_CATEGORY_COMPLAINT},
    {"技术支持", CSVC_CATEGORY_TECHNICAL},       {"技術支持", CSVC_CATEGORY_TECHNICAL},
    {"技术", CSVC_CATEGORY_TECHNICAL},           {"技術", CSVC_CATEGORY_TECHNICAL},
    {"其他", CSVC_CATEGORY_OTHER},
};

static const cs_enum_names levels = CS_ENUM_NAMES_ALIASES("level", level_names, level_aliases);
static const cs_enum_names categories =
    CS_ENUM_NAMES_ALIASES("category", category_names, category_aliases);

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
