/* Sessions: enrolment against capacity and prerequisites, then attendance
 * and results, which become completions. */
#include "training_internal.h"
#include "version_check.h"

#include <inttypes.h>
#include <string.h>

static csvc_status add_session(csvc_training *t, const char *fn, const csvc_training_session *s)
{
    CS_RETURN_IF_BAD_VERSION(&t->err, s->version, CSVC_TRAINING_SESSION_VERSION, "%s: session",
                             fn);
    csvc_status rc = cs_check_id(&t->err, fn, s->id);
    if (rc == CSVC_OK && s->trainer)
        rc = cs_check_text(&t->err, "trainer", s->trainer, 256);
    if (rc != CSVC_OK)
        return rc;
    if (cs_strpool_find(&t->session_ids, s->id) != CS_NONE)
        return cs_fail(&t->err, CSVC_E_EXISTS, "%s: session '%s' exists", fn, s->id);
    uint32_t course = s->course_id ? cs_strpool_find(&t->course_ids, s->course_id) : CS_NONE;
    if (course == CS_NONE)
        return cs_fail(&t->err, s->course_id ? CSVC_E_NOTFOUND : CSVC_E_NULL,
                       "%s: session '%s': course '%.64s' %s", fn, s->id,
                       s->course_id ? s->course_id : "", s->course_id ? "not found" : "is NULL");
    if (s->capacity < 1 || s->capacity > 100000)
        return cs_fail(&t->err, CSVC_E_RANGE, "%s: session '%s': capacity %d outside 1..100000",
                       fn, s->id, (int)s->capacity);
    if (!cs_training_time_ok(s->start))
        return cs_fail(&t->err, CSVC_E_RANGE, "%s: session '%s': start outside years 1..9999", fn,
                       s->id);
    size_t n = t->session_ids.count;
    const char *trainer =
        s->trainer ? cs_arena_strdup(&t->strings, s->trainer, strlen(s->trainer)) : NULL;
    if ((s->trainer && !trainer) ||
        cs_grow(&t->alloc, (void **)&t->sessions, &t->cap_sessions, n + 1, sizeof *t->sessions) ||
        cs_strpool_intern(&t->session_ids, s->id) == CS_NONE)
        return cs_fail(&t->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    t->sessions[n] = (cs_session){course, s->start, trainer, s->capacity, NULL, 0, 0};
    return CSVC_OK;
}

static void undo_session(csvc_training *t, const void *count)
{
    cs_strpool_truncate(&t->session_ids, *(const size_t *)count);
}

csvc_status csvc_training_add_session(csvc_training *t, const csvc_training_session *s)
{
    static const char fn[] = "training_add_session";
    if (!t || !s)
        return cs_fail(t ? &t->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       t ? "session" : "training");
    csvc_status rc = cs_training_change_begin(t, fn);
    if (rc != CSVC_OK)
        return rc;
    size_t before = t->session_ids.count;
    rc = add_session(t, fn, s);
    return cs_training_change_end(
        t, fn, rc, rc == CSVC_OK ? cs_training_session_body(t, (uint32_t)before) : NULL,
        undo_session, &before);
}

static cs_seat *seat_of(cs_session *s, uint32_t agent)
{
    for (size_t i = 0; i < s->nseats; i++)
        if (s->seats[i].agent == agent)
            return &s->seats[i];
    return NULL;
}

/* Session and agent by id; NOTFOUND names the missing one. */
static csvc_status find(csvc_training *t, const char *fn, const char *session_id,
                        const char *agent_id, uint32_t *session, uint32_t *agent)
{
    if (!session_id || !agent_id)
        return cs_fail(&t->err, CSVC_E_NULL, "%s: %s is NULL", fn,
                       session_id ? "agent_id" : "session_id");
    *session = cs_strpool_find(&t->session_ids, session_id);
    *agent = cs_roster_find_agent(t->roster, agent_id);
    if (*session == CS_NONE || *agent == CS_NONE)
        return cs_fail(&t->err, CSVC_E_NOTFOUND, "%s: %s '%.64s' not found", fn,
                       *session == CS_NONE ? "session" : "agent",
                       *session == CS_NONE ? session_id : agent_id);
    return CSVC_OK;
}

static csvc_status enrol(csvc_training *t, const char *fn, const char *session_id,
                         const char *agent_id, uint32_t *si_out)
{
    uint32_t si, agent;
    csvc_status rc = find(t, fn, session_id, agent_id, &si, &agent);
    if (rc != CSVC_OK)
        return rc;
    cs_session *s = &t->sessions[si];
    if (seat_of(s, agent))
        return cs_fail(&t->err, CSVC_E_EXISTS, "%s: agent '%s' is already enrolled in '%s'", fn,
                       agent_id, session_id);
    if (s->nseats >= (size_t)s->capacity)
        return cs_fail(&t->err, CSVC_E_CONSTRAINT, "%s: session '%s' is full (%zu of %d seats)",
                       fn, session_id, s->nseats, (int)s->capacity);
    if (!cs_training_counted(t, agent, s->start))
        return cs_fail(&t->err, CSVC_E_CONSTRAINT,
                       "%s: agent '%s' is not active (or not yet hired) at the session's start",
                       fn, agent_id);
    const char *missing = cs_training_missing_prereq(t, agent, s->course, s->start);
    if (missing)
        return cs_fail(&t->err, CSVC_E_CONSTRAINT,
                       "%s: agent '%s': prerequisite '%s' of '%s' not passed by the session's "
                       "start",
                       fn, agent_id, missing, cs_strpool_get(&t->course_ids, s->course));
    if (cs_grow(&t->alloc, (void **)&s->seats, &s->cap_seats, s->nseats + 1, sizeof *s->seats))
        return cs_fail(&t->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    s->seats[s->nseats++] = (cs_seat){agent, CS_SEAT_ENROLLED};
    *si_out = si;
    return CSVC_OK;
}

static void undo_enrol(csvc_training *t, const void *session)
{
    t->sessions[*(const uint32_t *)session].nseats--;
}

csvc_status csvc_training_enrol(csvc_training *t, const char *session_id, const char *agent_id)
{
    static const char fn[] = "training_enrol";
    if (!t)
        return cs_fail(NULL, CSVC_E_NULL, "%s: training is NULL", fn);
    csvc_status rc = cs_training_change_begin(t, fn);
    if (rc != CSVC_OK)
        return rc;
    uint32_t si = CS_NONE;
    rc = enrol(t, fn, session_id, agent_id, &si);
    return cs_training_change_end(
        t, fn, rc, rc == CSVC_OK ? cs_training_seat_body("enrol", session_id, agent_id) : NULL,
        undo_enrol, &si);
}

typedef struct recorded {
    cs_seat *seat;
    int attended;
} recorded;

static csvc_status record(csvc_training *t, const char *fn, const char *session_id,
                          const char *agent_id, int32_t attended, int64_t time, int32_t pre,
                          int32_t post, int32_t satisfaction, recorded *done)
{
    uint32_t si, agent;
    csvc_status rc = find(t, fn, session_id, agent_id, &si, &agent);
    if (rc != CSVC_OK)
        return rc;
    cs_session *s = &t->sessions[si];
    cs_seat *seat = seat_of(s, agent);
    if (!seat || seat->state != CS_SEAT_ENROLLED)
        return cs_fail(&t->err, CSVC_E_CONSTRAINT, "%s: agent '%s' is %s session '%s'", fn,
                       agent_id, seat ? "already recorded for" : "not enrolled in", session_id);
    done->seat = seat;
    if (!attended) {
        seat->state = CS_SEAT_ABSENT;
        return CSVC_OK;
    }
    if (time < s->start)
        return cs_fail(&t->err, CSVC_E_RANGE,
                       "%s: agent '%s': a completion at %" PRId64 " is before session '%s' starts",
                       fn, agent_id, time, session_id);
    rc = cs_training_record(t, fn, agent, s->course, si, time, pre, post, satisfaction);
    if (rc == CSVC_OK) {
        seat->state = CS_SEAT_ATTENDED;
        done->attended = 1;
    }
    return rc;
}

static void undo_record(csvc_training *t, const void *ctx)
{
    const recorded *done = ctx;
    done->seat->state = CS_SEAT_ENROLLED;
    if (done->attended)
        cs_training_pop_completion(t);
}

csvc_status csvc_training_record_session(csvc_training *t, const char *session_id,
                                         const char *agent_id, int32_t attended, int64_t time,
                                         int32_t pre, int32_t post, int32_t satisfaction)
{
    static const char fn[] = "training_record_session";
    if (!t)
        return cs_fail(NULL, CSVC_E_NULL, "%s: training is NULL", fn);
    csvc_status rc = cs_training_change_begin(t, fn);
    if (rc != CSVC_OK)
        return rc;
    recorded done = {NULL, 0};
    rc = record(t, fn, session_id, agent_id, attended, time, pre, post, satisfaction, &done);
    void *body = NULL;
    if (rc == CSVC_OK)
        body = done.attended
                   ? cs_training_completion_body(t, (uint32_t)(t->ncompletions - 1))
                   : cs_training_seat_body("absent", session_id, agent_id);
    return cs_training_change_end(t, fn, rc, body, undo_record, &done);
}
