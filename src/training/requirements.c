/* Requirements: which course, for whom, from when, and how it recurs. */
#include "training_internal.h"
#include "version_check.h"

#include <string.h>

CS_DEFINE_INIT(csvc_requirement_init, csvc_requirement, CSVC_REQUIREMENT_INIT)

static csvc_status check_recurrence(csvc_training *t, const char *fn, const csvc_requirement *q)
{
    const char *id = q->id;
    if ((unsigned)q->recurrence > CSVC_RECUR_ANCHORED)
        return cs_fail(&t->err, CSVC_E_INVALID, "%s: requirement '%s': unknown recurrence %d", fn,
                       id, (int)q->recurrence);
    if (q->recurrence == CSVC_RECUR_NONE)
        return CSVC_OK;
    if (q->every_months < 1 || q->every_months > 1200)
        return cs_fail(&t->err, CSVC_E_RANGE,
                       "%s: requirement '%s': every_months %d outside 1..1200", fn, id,
                       (int)q->every_months);
    if (q->recurrence != CSVC_RECUR_ANCHORED)
        return CSVC_OK;
    if (12 % q->every_months != 0)
        return cs_fail(&t->err, CSVC_E_RANGE,
                       "%s: requirement '%s': anchored every_months %d must divide a year (1, 2, "
                       "3, 4, 6, 12)",
                       fn, id, (int)q->every_months);
    if (q->anchor_month < 1 || q->anchor_month > 12)
        return cs_fail(&t->err, CSVC_E_RANGE, "%s: requirement '%s': anchor_month %d outside 1..12",
                       fn, id, (int)q->anchor_month);
    if (q->anchor_weekday < -1 || q->anchor_weekday > 6)
        return cs_fail(&t->err, CSVC_E_RANGE,
                       "%s: requirement '%s': anchor_weekday %d outside -1..6", fn, id,
                       (int)q->anchor_weekday);
    if (q->anchor_weekday < 0 && (q->anchor_day < 1 || q->anchor_day > 31))
        return cs_fail(&t->err, CSVC_E_RANGE, "%s: requirement '%s': anchor_day %d outside 1..31",
                       fn, id, (int)q->anchor_day);
    return CSVC_OK;
}

static csvc_status check(csvc_training *t, const char *fn, const csvc_requirement *q,
                         uint32_t *course, uint32_t *team)
{
    CS_RETURN_IF_BAD_VERSION(&t->err, q->version, CSVC_REQUIREMENT_VERSION, "%s: requirement",
                             fn);
    csvc_status rc = cs_check_id(&t->err, fn, q->id);
    if (rc != CSVC_OK)
        return rc;
    const char *id = q->id;
    if (cs_strpool_find(&t->requirement_ids, id) != CS_NONE)
        return cs_fail(&t->err, CSVC_E_EXISTS, "%s: requirement '%s' exists", fn, id);
    if (!q->course_id)
        return cs_fail(&t->err, CSVC_E_NULL, "%s: requirement '%s': course_id is NULL", fn, id);
    if ((*course = cs_strpool_find(&t->course_ids, q->course_id)) == CS_NONE)
        return cs_fail(&t->err, CSVC_E_NOTFOUND,
                       "%s: requirement '%s': course '%.64s' is not in the catalogue", fn, id,
                       q->course_id);
    *team = CS_NONE;
    if (q->team_id && (*team = cs_roster_find_team(t->roster, q->team_id)) == CS_NONE)
        return cs_fail(&t->err, CSVC_E_NOTFOUND, "%s: requirement '%s': team '%.64s' not found",
                       fn, id, q->team_id);
    if (q->level < -1 || q->level >= CSVC_LEVEL_COUNT)
        return cs_fail(&t->err, CSVC_E_INVALID, "%s: requirement '%s': level %d is not a level",
                       fn, id, (int)q->level);
    if ((unsigned)q->trigger > CSVC_TRIGGER_PROMOTION)
        return cs_fail(&t->err, CSVC_E_INVALID, "%s: requirement '%s': unknown trigger %d", fn,
                       id, (int)q->trigger);
    if (q->trigger == CSVC_TRIGGER_PROMOTION && q->level < 0)
        return cs_fail(&t->err, CSVC_E_INVALID,
                       "%s: requirement '%s': a promotion trigger needs the level", fn, id);
    if (!cs_training_time_ok(q->start))
        return cs_fail(&t->err, CSVC_E_RANGE,
                       "%s: requirement '%s': start is outside years 1..9999", fn, id);
    if (q->due_days < 0 || q->due_days > 3650)
        return cs_fail(&t->err, CSVC_E_RANGE, "%s: requirement '%s': due_days %d outside 0..3650",
                       fn, id, (int)q->due_days);
    return check_recurrence(t, fn, q);
}

static csvc_status add_requirement(csvc_training *t, const char *fn, const csvc_requirement *q)
{
    uint32_t course = CS_NONE, team = CS_NONE;
    csvc_status rc = check(t, fn, q, &course, &team);
    if (rc != CSVC_OK)
        return rc;
    size_t n = t->requirement_ids.count;
    if (cs_grow(&t->alloc, (void **)&t->requirements, &t->cap_requirements, n + 1,
                sizeof *t->requirements) ||
        cs_strpool_intern(&t->requirement_ids, q->id) == CS_NONE)
        return cs_fail(&t->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    t->requirements[n] = (cs_requirement){course,          q->level,        team,
                                          q->trigger,      q->start,        q->due_days,
                                          q->recurrence,   q->every_months, q->anchor_month,
                                          q->anchor_day,   q->anchor_weekday};
    return CSVC_OK;
}

static void undo_requirement(csvc_training *t, const void *count)
{
    cs_strpool_truncate(&t->requirement_ids, *(const size_t *)count);
}

csvc_status csvc_training_add_requirement(csvc_training *t, const csvc_requirement *q)
{
    static const char fn[] = "training_add_requirement";
    if (!t || !q)
        return cs_fail(t ? &t->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       t ? "requirement" : "training");
    csvc_status rc = cs_training_change_begin(t, fn);
    if (rc != CSVC_OK)
        return rc;
    size_t before = t->requirement_ids.count;
    rc = add_requirement(t, fn, q);
    return cs_training_change_end(
        t, fn, rc, rc == CSVC_OK ? cs_training_requirement_body(t, (uint32_t)before) : NULL,
        undo_requirement, &before);
}

size_t csvc_training_requirement_count(const csvc_training *t)
{
    return t ? t->requirement_ids.count : 0;
}
