/* Training plans and their journal (training_seam.h): each change is
 * journaled as one JSON object built from what was applied, and undone in
 * memory when the journal refuses it; cs_training_apply() replays one. */
#include "training_internal.h"
#include "training_seam.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cs_journal *cs_training_journal(csvc_training *t)
{
    return &t->journal;
}

const csvc_roster *cs_training_roster(const csvc_training *t)
{
    return t->roster;
}

int cs_training_is_empty(const csvc_training *t)
{
    int rules = 0;
    for (int i = 0; i < CSVC_LEVEL_COUNT; i++)
        rules |= t->promotion[i].version != 0;
    return !t->course_ids.count && !t->requirement_ids.count && !t->session_ids.count &&
           !t->ncompletions && !rules && !t->team_offset && !t->promoted_at;
}

/* ---- the protocol ------------------------------------------------------------------ */

csvc_status cs_training_change_begin(csvc_training *t, const char *fn)
{
    csvc_status rc = cs_journal_open(&t->journal);
    if (rc == CSVC_OK)
        return CSVC_OK;
    char why[CS_ERRMSG_MAX / 2];
    snprintf(why, sizeof why, "%s", csvc_last_errmsg());
    return cs_fail(&t->err, rc, "%s: the store cannot take a change (%s): %s", fn,
                   csvc_status_str(rc), why);
}

csvc_status cs_training_change_end(csvc_training *t, const char *fn, csvc_status rc, void *body,
                                   void (*undo)(csvc_training *, const void *), const void *ctx)
{
    json_t *doc = body;
    if (rc != CSVC_OK) {
        json_decref(doc);
        cs_journal_close(&t->journal, 0);
        return rc;
    }
    char *text = NULL;
    if (cs_journal_active(&t->journal)) {
        text = doc ? json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        rc = text ? cs_journal_change(&t->journal, CS_TRAINING_CHANGED, text)
                  : cs_fail(NULL, CSVC_E_NOMEM, "out of memory");
    }
    json_decref(doc);
    free(text); /* jansson's default allocator */
    csvc_status closed = cs_journal_close(&t->journal, rc == CSVC_OK);
    if (rc == CSVC_OK)
        rc = closed;
    if (rc != CSVC_OK) {
        char why[CS_ERRMSG_MAX / 2];
        snprintf(why, sizeof why, "%s", csvc_last_errmsg());
        undo(t, ctx);
        return cs_fail(&t->err, rc, "%s: not stored (%s): %s", fn, csvc_status_str(rc), why);
    }
    return CSVC_OK;
}

csvc_status cs_training_log(csvc_training *t, void *body)
{
    json_t *doc = body;
    if (!cs_journal_active(&t->journal)) {
        json_decref(doc);
        return CSVC_OK;
    }
    char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(doc);
    csvc_status rc = text ? cs_journal_change(&t->journal, CS_TRAINING_CHANGED, text)
                          : cs_fail(&t->err, CSVC_E_NOMEM, "training: out of memory");
    free(text);
    return rc;
}

/* ---- bodies ------------------------------------------------------------------------- */

static json_t *object(const char *op)
{
    json_t *o = json_object();
    if (o)
        json_object_set_new(o, "op", json_string(op));
    return o;
}

static void set_int(json_t *o, const char *key, json_int_t v)
{
    if (o)
        json_object_set_new(o, key, json_integer(v));
}

static void set_text(json_t *o, const char *key, const char *v)
{
    if (o && v)
        json_object_set_new(o, key, json_string(v));
}

void *cs_training_course_body(const csvc_training *t, uint32_t i)
{
    const cs_course *k = &t->courses[i];
    json_t *o = object("course"), *pre = json_array();
    set_text(o, "id", cs_strpool_get(&t->course_ids, i));
    set_text(o, "title", k->title);
    set_int(o, "kind", k->kind);
    set_int(o, "delivery", k->delivery);
    set_int(o, "minutes", k->minutes);
    set_int(o, "passing", k->passing_score);
    set_int(o, "validity", k->validity_months);
    set_int(o, "dimensions", k->dimensions);
    for (size_t p = 0; pre && p < k->nprereqs; p++)
        json_array_append_new(pre, json_string(k->prereq_ids[p]));
    if (o && pre)
        json_object_set_new(o, "prerequisites", pre);
    else
        json_decref(pre);
    return o;
}

void *cs_training_requirement_body(const csvc_training *t, uint32_t i)
{
    const cs_requirement *r = &t->requirements[i];
    json_t *o = object("requirement");
    set_text(o, "id", cs_strpool_get(&t->requirement_ids, i));
    set_text(o, "course", cs_strpool_get(&t->course_ids, r->course));
    set_int(o, "level", r->level);
    if (r->team != CS_NONE)
        set_text(o, "team", cs_roster_team_id(t->roster, r->team));
    set_int(o, "trigger", r->trigger);
    set_int(o, "start", r->start);
    set_int(o, "due_days", r->due_days);
    set_int(o, "recurrence", r->recurrence);
    set_int(o, "every_months", r->every_months);
    set_int(o, "anchor_month", r->anchor_month);
    set_int(o, "anchor_day", r->anchor_day);
    set_int(o, "anchor_weekday", r->anchor_weekday);
    return o;
}

void *cs_training_session_body(const csvc_training *t, uint32_t i)
{
    const cs_session *s = &t->sessions[i];
    json_t *o = object("session");
    set_text(o, "id", cs_strpool_get(&t->session_ids, i));
    set_text(o, "course", cs_strpool_get(&t->course_ids, s->course));
    set_int(o, "start", s->start);
    set_text(o, "trainer", s->trainer);
    set_int(o, "capacity", s->capacity);
    return o;
}

void *cs_training_seat_body(const char *op, const char *session, const char *agent)
{
    json_t *o = object(op);
    set_text(o, "session", session);
    set_text(o, "agent", agent);
    return o;
}

void *cs_training_completion_body(const csvc_training *t, uint32_t i)
{
    const cs_completion *c = &t->completions[i];
    json_t *o = object(c->session != CS_NONE ? "attended" : "completion");
    set_text(o, "agent", cs_roster_agent_id(t->roster, c->agent));
    set_text(o, "course", cs_strpool_get(&t->course_ids, c->course));
    if (c->session != CS_NONE)
        set_text(o, "session", cs_strpool_get(&t->session_ids, c->session));
    set_int(o, "time", c->time);
    set_int(o, "pre", c->pre);
    set_int(o, "post", c->post);
    set_int(o, "satisfaction", c->satisfaction);
    return o;
}

void *cs_training_team_offset_body(const char *team, int32_t offset)
{
    json_t *o = object("team_offset");
    set_text(o, "team", team);
    set_int(o, "offset", offset);
    return o;
}

void *cs_training_promotion_body(const char *agent, int32_t level, int64_t date)
{
    json_t *o = object("promotion");
    set_text(o, "agent", agent);
    set_int(o, "level", level);
    set_int(o, "date", date);
    return o;
}

void *cs_training_rule_body(const csvc_promotion_rule *r)
{
    json_t *o = object("promotion_rule");
    set_int(o, "to", r->to);
    set_int(o, "min_grade", r->min_grade);
    set_int(o, "reviews", r->reviews);
    set_int(o, "min_tenure_days", r->min_tenure_days);
    return o;
}

/* ---- undo --------------------------------------------------------------------------- */

void cs_training_pop_completion(csvc_training *t)
{
    uint32_t i = (uint32_t)--t->ncompletions, agent = t->completions[i].agent;
    /* The newest completion is its agent's newest: unlink it. */
    if (t->first[agent] == i) {
        t->first[agent] = t->last[agent] = CS_NONE;
        return;
    }
    uint32_t prev = t->first[agent];
    while (t->completions[prev].next != i)
        prev = t->completions[prev].next;
    t->completions[prev].next = CS_NONE;
    t->last[agent] = prev;
}

/* ---- replay --------------------------------------------------------------------------- */

static const char *str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int32_t num(json_t *o, const char *key, int32_t dflt)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (int32_t)json_integer_value(v) : dflt;
}

static int64_t num64(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

static csvc_status apply_course(csvc_training *t, json_t *o)
{
    csvc_course c = CSVC_COURSE_INIT;
    c.id = str(o, "id");
    c.title = str(o, "title");
    c.kind = (csvc_course_kind)num(o, "kind", -1);
    c.delivery = (csvc_delivery)num(o, "delivery", -1);
    c.minutes = num(o, "minutes", 0);
    c.passing_score = num(o, "passing", -1);
    c.validity_months = num(o, "validity", -1);
    c.dimensions = (uint32_t)num(o, "dimensions", 0);
    json_t *pre = json_object_get(o, "prerequisites");
    const char *ids[64];
    size_t n = json_array_size(pre);
    if (n > 64)
        return cs_fail(&t->err, CSVC_E_CORRUPT, "training: too many prerequisites");
    for (size_t i = 0; i < n; i++)
        ids[i] = json_string_value(json_array_get(pre, i));
    c.prerequisites = ids;
    c.nprerequisites = n;
    return csvc_training_add_course(t, &c);
}

static csvc_status apply_one(csvc_training *t, json_t *o, const char *op)
{
    if (strcmp(op, "course") == 0)
        return apply_course(t, o);
    if (strcmp(op, "requirement") == 0) {
        csvc_requirement q = CSVC_REQUIREMENT_INIT;
        q.id = str(o, "id");
        q.course_id = str(o, "course");
        q.level = num(o, "level", -2);
        q.team_id = str(o, "team");
        q.trigger = (csvc_trigger)num(o, "trigger", -1);
        q.start = num64(o, "start");
        q.due_days = num(o, "due_days", -1);
        q.recurrence = (csvc_recurrence)num(o, "recurrence", -1);
        q.every_months = num(o, "every_months", 0);
        q.anchor_month = num(o, "anchor_month", 0);
        q.anchor_day = num(o, "anchor_day", 0);
        q.anchor_weekday = num(o, "anchor_weekday", -2);
        return csvc_training_add_requirement(t, &q);
    }
    if (strcmp(op, "session") == 0) {
        csvc_training_session s = CSVC_TRAINING_SESSION_INIT;
        s.id = str(o, "id");
        s.course_id = str(o, "course");
        s.start = num64(o, "start");
        s.trainer = str(o, "trainer");
        s.capacity = num(o, "capacity", 0);
        return csvc_training_add_session(t, &s);
    }
    if (strcmp(op, "enrol") == 0)
        return csvc_training_enrol(t, str(o, "session"), str(o, "agent"));
    if (strcmp(op, "absent") == 0)
        return csvc_training_record_session(t, str(o, "session"), str(o, "agent"), 0, 0, 0, 0, 0);
    if (strcmp(op, "attended") == 0)
        return csvc_training_record_session(t, str(o, "session"), str(o, "agent"), 1,
                                            num64(o, "time"), num(o, "pre", -2),
                                            num(o, "post", -2), num(o, "satisfaction", -2));
    if (strcmp(op, "completion") == 0)
        return csvc_training_complete(t, str(o, "agent"), str(o, "course"), num64(o, "time"),
                                      num(o, "pre", -2), num(o, "post", -2),
                                      num(o, "satisfaction", -2));
    if (strcmp(op, "promotion") == 0)
        return csvc_training_record_promotion(t, str(o, "agent"),
                                              (csvc_level)num(o, "level", -1), num64(o, "date"));
    if (strcmp(op, "team_offset") == 0)
        return csvc_training_set_team_offset(t, str(o, "team"), num(o, "offset", INT32_MIN));
    if (strcmp(op, "promotion_rule") == 0) {
        csvc_promotion_rule r = CSVC_PROMOTION_RULE_INIT;
        r.to = (csvc_level)num(o, "to", -1);
        r.min_grade = num(o, "min_grade", 0);
        r.reviews = num(o, "reviews", -1);
        r.min_tenure_days = num(o, "min_tenure_days", -1);
        return csvc_training_set_promotion_rule(t, &r);
    }
    return cs_fail(&t->err, CSVC_E_CORRUPT, "training: unknown change '%.40s'", op);
}

csvc_status cs_training_apply(csvc_training *t, const char *body)
{
    json_error_t e;
    json_t *o = json_loads(body, 0, &e);
    const char *op = o ? str(o, "op") : NULL;
    csvc_status rc = op ? apply_one(t, o, op)
                        : cs_fail(&t->err, CSVC_E_CORRUPT, "training: a stored change is not "
                                                           "an object with an op");
    json_decref(o);
    return rc;
}
