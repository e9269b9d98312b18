/* Completions: per agent, a list in time order per course. */
#include "training_internal.h"

#include <inttypes.h>
#include <string.h>

int cs_training_reserve_agents(csvc_training *t)
{
    size_t n = csvc_roster_agent_count(t->roster), old = t->cap_agents;
    if (n <= old)
        return 0;
    size_t cap = old ? old : 64;
    while (cap < n)
        cap *= 2;
    uint32_t *first = cs_realloc_array(&t->alloc, t->first, cap, sizeof *first);
    if (first)
        t->first = first;
    uint32_t *last = first ? cs_realloc_array(&t->alloc, t->last, cap, sizeof *last) : NULL;
    if (last)
        t->last = last;
    int64_t *at = last ? cs_realloc_array(&t->alloc, t->promoted_at, cap, sizeof *at) : NULL;
    if (at)
        t->promoted_at = at;
    int8_t *to = at ? cs_realloc_array(&t->alloc, t->promoted_to, cap, sizeof *to) : NULL;
    if (!to)
        return -1;
    t->promoted_to = to;
    for (size_t i = old; i < cap; i++) {
        t->first[i] = t->last[i] = CS_NONE;
        t->promoted_at[i] = CSVC_TIME_NONE;
        t->promoted_to[i] = -1;
    }
    t->cap_agents = cap;
    return 0;
}

const cs_completion *cs_training_last_pass(const csvc_training *t, uint32_t agent,
                                           uint32_t course, int64_t at)
{
    const cs_completion *best = NULL;
    if (agent >= t->cap_agents)
        return NULL;
    for (uint32_t i = t->first[agent]; i != CS_NONE; i = t->completions[i].next) {
        const cs_completion *c = &t->completions[i];
        if (c->time > at)
            break; /* the list is in time order */
        if (c->course == course && c->passed)
            best = c;
    }
    return best;
}

static int score_ok(int32_t s, int32_t lo, int32_t hi)
{
    return s == CSVC_TRAINING_NO_SCORE || (s >= lo && s <= hi);
}

const char *cs_training_missing_prereq(const csvc_training *t, uint32_t agent, uint32_t course,
                                       int64_t at)
{
    const cs_course *k = &t->courses[course];
    for (size_t p = 0; p < k->nprereqs; p++)
        if (!cs_training_last_pass(t, agent, k->prereqs[p], at))
            return k->prereq_ids[p];
    return NULL;
}

csvc_status cs_training_record(csvc_training *t, const char *fn, uint32_t agent, uint32_t course,
                               uint32_t session, int64_t time, int32_t pre, int32_t post,
                               int32_t satisfaction)
{
    const char *agent_id = cs_roster_agent_id(t->roster, agent);
    const char *course_id = cs_strpool_get(&t->course_ids, course);
    if (!score_ok(pre, 0, 100) || !score_ok(post, 0, 100))
        return cs_fail(&t->err, CSVC_E_RANGE, "%s: agent '%s', course '%s': %s score %d outside "
                       "0..100", fn, agent_id, course_id, score_ok(pre, 0, 100) ? "post" : "pre",
                       (int)(score_ok(pre, 0, 100) ? post : pre));
    if (!score_ok(satisfaction, 1, 5))
        return cs_fail(&t->err, CSVC_E_RANGE,
                       "%s: agent '%s', course '%s': satisfaction %d outside 1..5", fn, agent_id,
                       course_id, (int)satisfaction);
    int64_t hired = cs_roster_agent_hire_date(t->roster, agent);
    if (!cs_training_time_ok(time) || time < hired)
        return cs_fail(&t->err, CSVC_E_RANGE,
                       "%s: agent '%s', course '%s': time %" PRId64 " is %s", fn, agent_id,
                       course_id, time,
                       cs_training_time_ok(time) ? "before the hire date" : "outside years 1..9999");
    if (cs_training_reserve_agents(t))
        return cs_fail(&t->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    uint32_t newest = t->last[agent];
    if (newest != CS_NONE && t->completions[newest].time > time)
        return cs_fail(&t->err, CSVC_E_CONSTRAINT,
                       "%s: agent '%s': time %" PRId64 " is before the agent's last completion; "
                       "completions come in time order",
                       fn, agent_id, time);
    const char *missing = cs_training_missing_prereq(t, agent, course, time);
    if (missing)
        return cs_fail(&t->err, CSVC_E_CONSTRAINT,
                       "%s: agent '%s', course '%s': prerequisite '%s' not passed by then", fn,
                       agent_id, course_id, missing);
    if (t->ncompletions >= UINT32_MAX - 1 ||
        cs_grow(&t->alloc, (void **)&t->completions, &t->cap_completions, t->ncompletions + 1,
                sizeof *t->completions))
        return cs_fail(&t->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    const cs_course *k = &t->courses[course];
    uint32_t i = (uint32_t)t->ncompletions++;
    int passed = k->passing_score == 0 || (post != CSVC_TRAINING_NO_SCORE && post >= k->passing_score);
    t->completions[i] = (cs_completion){time,        course,      CS_NONE,
                                        agent,       session,     (int8_t)pre,
                                        (int8_t)post, (int8_t)satisfaction, (uint8_t)passed};
    if (newest == CS_NONE)
        t->first[agent] = i;
    else
        t->completions[newest].next = i;
    t->last[agent] = i;
    return CSVC_OK;
}

static void undo_completion(csvc_training *t, const void *unused)
{
    (void)unused;
    cs_training_pop_completion(t);
}

csvc_status csvc_training_complete(csvc_training *t, const char *agent_id, const char *course_id,
                                   int64_t time, int32_t pre, int32_t post, int32_t satisfaction)
{
    static const char fn[] = "training_complete";
    if (!t || !agent_id || !course_id)
        return cs_fail(t ? &t->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !t ? "training" : !agent_id ? "agent_id" : "course_id");
    /* Caught up first: the agent may be another process's newest. */
    csvc_status rc = cs_training_change_begin(t, fn);
    if (rc != CSVC_OK)
        return rc;
    uint32_t agent = cs_roster_find_agent(t->roster, agent_id);
    uint32_t course = cs_strpool_find(&t->course_ids, course_id);
    if (agent == CS_NONE || course == CS_NONE)
        rc = cs_fail(&t->err, CSVC_E_NOTFOUND, "%s: %s '%.64s' not found", fn,
                     agent == CS_NONE ? "agent" : "course",
                     agent == CS_NONE ? agent_id : course_id);
    else
        rc = cs_training_record(t, fn, agent, course, CS_NONE, time, pre, post, satisfaction);
    return cs_training_change_end(
        t, fn, rc,
        rc == CSVC_OK ? cs_training_completion_body(t, (uint32_t)(t->ncompletions - 1)) : NULL,
        undo_completion, NULL);
}

typedef struct old_promotion {
    uint32_t agent;
    int64_t at;
    int8_t to;
} old_promotion;

static void undo_promotion(csvc_training *t, const void *ctx)
{
    const old_promotion *o = ctx;
    t->promoted_at[o->agent] = o->at;
    t->promoted_to[o->agent] = o->to;
}

static csvc_status record_promotion(csvc_training *t, const char *fn, const char *agent_id,
                                    csvc_level level, int64_t date, old_promotion *old)
{
    uint32_t agent = cs_roster_find_agent(t->roster, agent_id);
    if (agent == CS_NONE)
        return cs_fail(&t->err, CSVC_E_NOTFOUND, "%s: agent '%.64s' not found", fn, agent_id);
    if (!cs_training_time_ok(date) || date < cs_roster_agent_hire_date(t->roster, agent))
        return cs_fail(&t->err, CSVC_E_RANGE, "%s: agent '%s': the date is %s", fn, agent_id,
                       cs_training_time_ok(date) ? "before the hire date" : "outside years 1..9999");
    if (cs_training_reserve_agents(t))
        return cs_fail(&t->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    *old = (old_promotion){agent, t->promoted_at[agent], t->promoted_to[agent]};
    t->promoted_at[agent] = date;
    t->promoted_to[agent] = (int8_t)level;
    return CSVC_OK;
}

csvc_status csvc_training_record_promotion(csvc_training *t, const char *agent_id,
                                           csvc_level level, int64_t date)
{
    static const char fn[] = "training_record_promotion";
    if (!t || !agent_id)
        return cs_fail(t ? &t->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       t ? "agent_id" : "training");
    if ((unsigned)level >= CSVC_LEVEL_COUNT)
        return cs_fail(&t->err, CSVC_E_INVALID, "%s: level %d is not a level", fn, (int)level);
    csvc_status rc = cs_training_change_begin(t, fn); /* the agent may be new */
    if (rc != CSVC_OK)
        return rc;
    old_promotion old;
    rc = record_promotion(t, fn, agent_id, level, date, &old);
    return cs_training_change_end(
        t, fn, rc,
        rc == CSVC_OK ? cs_training_promotion_body(agent_id, (int32_t)level, date) : NULL,
        undo_promotion, &old);
}

size_t csvc_training_completion_count(const csvc_training *t)
{
    return t ? t->ncompletions : 0;
}
