/* The training handle and the names of its enums. */
#include "training_internal.h"
#include "version_check.h"

#include "enum_names.h"

#include <string.h>

static const char *const kind_names[] = {"onboarding",    "product",    "platform",
                                         "communication", "complaints", "compliance",
                                         "advanced",      "management", "new_product"};
static const char *const delivery_names[] = {"internal", "external", "online", "onsite",
                                             "mentoring"};
static const char *const state_names[] = {"current", "expiring", "expired", "due", "overdue"};
static const cs_enum_alias kind_aliases[] = {
    {"入职培训", CSVC_COURSE_ONBOARDING}, {"入職培訓", CSVC_COURSE_ONBOARDING},
    {"产品知识", CSVC_COURSE_PRODUCT},    {"產品知識", CSVC_COURSE_PRODUCT},
    {"新品", CSVC_COURSE_NEW_PRODUCT},    {"管理", CSVC_COURSE_MANAGEMENT},
};
static const cs_enum_names kinds = CS_ENUM_NAMES_ALIASES("course kind", kind_names, kind_aliases);
static const cs_enum_names deliveries = CS_ENUM_NAMES("delivery", delivery_names);
static const cs_enum_names states = CS_ENUM_NAMES("item state", state_names);

CS_DEFINE_ENUM_NAMES(csvc_course_kind, csvc_course_kind, kinds)
CS_DEFINE_ENUM_NAMES(csvc_delivery, csvc_delivery, deliveries)

const char *csvc_item_state_name(csvc_item_state state)
{
    return cs_enum_name(&states, (int)state);
}

CS_DEFINE_INIT(csvc_training_options_init, csvc_training_options, CSVC_TRAINING_OPTIONS_INIT)

static csvc_status check_options(const csvc_training_options *o)
{
    static const char fn[] = "training_new";
    CS_RETURN_IF_BAD_VERSION(NULL, o->version, CSVC_TRAINING_OPTIONS_VERSION, "%s: options", fn);
    if (o->utc_offset < -18 * 3600 || o->utc_offset > 18 * 3600)
        return cs_fail(NULL, CSVC_E_RANGE, "%s: utc_offset %d is outside -18h..+18h", fn,
                       (int)o->utc_offset);
    for (int i = 0; i < 8 && o->horizons[i]; i++)
        if (o->horizons[i] < 1 || o->horizons[i] > 3650 ||
            (i > 0 && o->horizons[i] >= o->horizons[i - 1]))
            return cs_fail(NULL, CSVC_E_RANGE,
                           "%s: horizons[%d] = %d: horizons are 1..3650 days, descending", fn, i,
                           (int)o->horizons[i]);
    return CSVC_OK;
}

csvc_status csvc_training_new(const csvc_roster *roster, const csvc_training_options *options,
                              const csvc_allocator *allocator, csvc_training **out)
{
    if (!roster || !out)
        return cs_fail(NULL, CSVC_E_NULL, "training_new: %s is NULL", roster ? "out" : "roster");
    csvc_training_options defaults = CSVC_TRAINING_OPTIONS_INIT;
    const csvc_training_options *o = options ? options : &defaults;
    csvc_status rc = check_options(o);
    cs_alloc alloc;
    if (rc != CSVC_OK || (rc = cs_alloc_init(&alloc, allocator, NULL)) != CSVC_OK)
        return rc;
    csvc_training *t = cs_calloc(&alloc, 1, sizeof *t);
    if (!t)
        return cs_fail(NULL, CSVC_E_NOMEM, "training_new: out of memory");
    t->alloc = alloc;
    t->roster = roster;
    t->utc_offset = o->utc_offset;
    memcpy(t->horizons, o->horizons, sizeof t->horizons);
    t->horizons[7] = 0;
    cs_arena_init(&t->strings, &t->alloc);
    cs_strpool_init(&t->course_ids, &t->alloc);
    cs_strpool_init(&t->requirement_ids, &t->alloc);
    cs_strpool_init(&t->session_ids, &t->alloc);
    *out = t;
    return CSVC_OK;
}

void csvc_training_free(csvc_training *t)
{
    if (!t)
        return;
    cs_journal_engine_freed(&t->journal);
    cs_training_drop_courses(t, 0);
    cs_free(&t->alloc, t->courses);
    cs_free(&t->alloc, t->requirements);
    cs_free(&t->alloc, t->team_offset);
    for (size_t i = 0; i < t->session_ids.count; i++)
        cs_free(&t->alloc, t->sessions[i].seats);
    cs_free(&t->alloc, t->sessions);
    cs_strpool_free(&t->session_ids);
    cs_free(&t->alloc, t->completions);
    cs_free(&t->alloc, t->first);
    cs_free(&t->alloc, t->promoted_at);
    cs_free(&t->alloc, t->promoted_to);
    cs_free(&t->alloc, t->last);
    cs_strpool_free(&t->course_ids);
    cs_strpool_free(&t->requirement_ids);
    cs_arena_free(&t->strings);
    cs_alloc copy = t->alloc;
    cs_free(&copy, t);
}

static void undo_offset(csvc_training *t, const void *ctx)
{
    const int32_t *old = ctx; /* {team, offset} */
    t->team_offset[old[0]] = old[1];
}

static csvc_status set_team_offset(csvc_training *t, const char *fn, const char *team_id,
                                   int32_t utc_offset, int32_t old[2])
{
    uint32_t team = cs_roster_find_team(t->roster, team_id);
    if (team == CS_NONE)
        return cs_fail(&t->err, CSVC_E_NOTFOUND, "%s: team '%.64s' not found", fn, team_id);
    size_t old_cap = t->cap_team_offsets, need = csvc_roster_team_count(t->roster);
    if (need > old_cap) {
        int32_t *grown = cs_realloc_array(&t->alloc, t->team_offset, need, sizeof *grown);
        if (!grown)
            return cs_fail(&t->err, CSVC_E_NOMEM, "%s: out of memory", fn);
        for (size_t i = old_cap; i < need; i++)
            grown[i] = INT32_MIN;
        t->team_offset = grown;
        t->cap_team_offsets = need;
    }
    old[0] = (int32_t)team;
    old[1] = t->team_offset[team];
    t->team_offset[team] = utc_offset;
    return CSVC_OK;
}

csvc_status csvc_training_set_team_offset(csvc_training *t, const char *team_id,
                                          int32_t utc_offset)
{
    static const char fn[] = "training_set_team_offset";
    if (!t || !team_id)
        return cs_fail(t ? &t->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       t ? "team_id" : "training");
    if (utc_offset < -18 * 3600 || utc_offset > 18 * 3600)
        return cs_fail(&t->err, CSVC_E_RANGE, "%s: utc_offset %d is outside -18h..+18h", fn,
                       (int)utc_offset);
    csvc_status rc = cs_training_change_begin(t, fn); /* the team may be new */
    if (rc != CSVC_OK)
        return rc;
    int32_t old[2];
    rc = set_team_offset(t, fn, team_id, utc_offset, old);
    return cs_training_change_end(
        t, fn, rc, rc == CSVC_OK ? cs_training_team_offset_body(team_id, utc_offset) : NULL,
        undo_offset, old);
}

const char *csvc_training_errmsg(const csvc_training *t)
{
    return t ? t->err.msg : "training is NULL";
}
