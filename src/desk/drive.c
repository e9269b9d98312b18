/* The named driving calls: each builds one event and applies it. */
#include "desk_internal.h"
#include "version_check.h"

static csvc_status apply_one(csvc_desk *d, csvc_event_type type, const char *ticket_id,
                             int64_t time, const char *actor_id, const char *agent_id,
                             const char *team_id, const char *code, int32_t value)
{
    csvc_event ev = CSVC_EVENT_INIT;
    ev.type = type;
    ev.ticket_id = ticket_id;
    ev.time = time;
    ev.actor_id = actor_id;
    ev.agent_id = agent_id;
    ev.team_id = team_id;
    ev.code = code;
    ev.value = value;
    return csvc_desk_apply(d, &ev);
}

csvc_status csvc_desk_create(csvc_desk *d, const csvc_ticket_spec *spec)
{
    if (!d || !spec)
        return cs_fail(d ? &d->err : NULL, CSVC_E_NULL, "desk_create: %s is NULL",
                       d ? "spec" : "desk");
    CS_RETURN_IF_BAD_VERSION(&d->err, spec->version, CSVC_TICKET_SPEC_VERSION, "ticket_spec:");
    csvc_event ev = CSVC_EVENT_INIT;
    ev.type = CSVC_EVENT_CREATED;
    ev.ticket_id = spec->id;
    ev.time = spec->created;
    ev.customer_id = spec->customer_id;
    ev.team_id = spec->team_id;
    ev.channel = spec->channel;
    ev.category = spec->category;
    ev.priority = spec->priority;
    return csvc_desk_apply(d, &ev);
}

csvc_status csvc_desk_assign(csvc_desk *d, const char *ticket_id, const char *agent_id,
                             int64_t time)
{
    /* A verb's missing argument is a NULL, not a malformed event. */
    if (d && ticket_id && !agent_id)
        return cs_fail(&d->err, CSVC_E_NULL, "desk_assign: agent_id is NULL");
    return apply_one(d, CSVC_EVENT_ASSIGNED, ticket_id, time, NULL, agent_id, NULL, NULL, 0);
}

csvc_status csvc_desk_start(csvc_desk *d, const char *ticket_id, int64_t time)
{
    return apply_one(d, CSVC_EVENT_STARTED, ticket_id, time, NULL, NULL, NULL, NULL, 0);
}

csvc_status csvc_desk_agent_reply(csvc_desk *d, const char *ticket_id, const char *agent_id,
                                  int64_t time)
{
    return apply_one(d, CSVC_EVENT_AGENT_REPLY, ticket_id, time, agent_id, NULL, NULL, NULL, 0);
}

csvc_status csvc_desk_customer_reply(csvc_desk *d, const char *ticket_id, int64_t time)
{
    return apply_one(d, CSVC_EVENT_CUSTOMER_REPLY, ticket_id, time, NULL, NULL, NULL, NULL, 0);
}

csvc_status csvc_desk_note(csvc_desk *d, const char *ticket_id, const char *agent_id, int64_t time)
{
    return apply_one(d, CSVC_EVENT_INTERNAL_NOTE, ticket_id, time, agent_id, NULL, NULL, NULL, 0);
}

csvc_status csvc_desk_pend(csvc_desk *d, const char *ticket_id, csvc_pend_reason reason,
                           int64_t time)
{
    return apply_one(d, CSVC_EVENT_PENDED, ticket_id, time, NULL, NULL, NULL, NULL,
                     (int32_t)reason);
}

csvc_status csvc_desk_pend_internal(csvc_desk *d, const char *ticket_id,
                                    const char *department_id, int64_t time)
{
    return apply_one(d, CSVC_EVENT_PENDED, ticket_id, time, NULL, NULL, NULL, department_id,
                     CSVC_PEND_INTERNAL);
}

csvc_status csvc_desk_resume(csvc_desk *d, const char *ticket_id, int64_t time)
{
    return apply_one(d, CSVC_EVENT_RESUMED, ticket_id, time, NULL, NULL, NULL, NULL, 0);
}

csvc_status csvc_desk_resolve(csvc_desk *d, const char *ticket_id, const char *code,
                              int first_contact, int64_t time)
{
    return apply_one(d, CSVC_EVENT_RESOLVED, ticket_id, time, NULL, NULL, NULL, code,
                     first_contact != 0);
}

csvc_status csvc_desk_close(csvc_desk *d, const char *ticket_id, int64_t time)
{
    return apply_one(d, CSVC_EVENT_CLOSED, ticket_id, time, NULL, NULL, NULL, NULL, 0);
}

csvc_status csvc_desk_reopen(csvc_desk *d, const char *ticket_id, int64_t time)
{
    return apply_one(d, CSVC_EVENT_REOPENED, ticket_id, time, NULL, NULL, NULL, NULL, 0);
}

csvc_status csvc_desk_transfer(csvc_desk *d, const char *ticket_id, const char *team_id,
                               const char *agent_id, int64_t time)
{
    return apply_one(d, CSVC_EVENT_TRANSFERRED, ticket_id, time, NULL, agent_id, team_id, NULL, 0);
}

csvc_status csvc_desk_escalate(csvc_desk *d, const char *ticket_id, const char *actor_id,
                               int64_t time)
{
    return apply_one(d, CSVC_EVENT_ESCALATED, ticket_id, time, actor_id, NULL, NULL, NULL, 0);
}

csvc_status csvc_desk_cancel(csvc_desk *d, const char *ticket_id, const char *merged_into,
                             int64_t time)
{
    csvc_event ev = CSVC_EVENT_INIT;
    ev.type = CSVC_EVENT_CANCELLED;
    ev.ticket_id = ticket_id;
    ev.time = time;
    ev.related_id = merged_into;
    return d ? csvc_desk_apply(d, &ev) : cs_fail(NULL, CSVC_E_NULL, "desk_cancel: desk is NULL");
}

csvc_status csvc_desk_rate(csvc_desk *d, const char *ticket_id, int32_t csat, int64_t time)
{
    return apply_one(d, CSVC_EVENT_RATED, ticket_id, time, NULL, NULL, NULL, NULL, csat);
}

csvc_status csvc_desk_complaint(csvc_desk *d, const char *ticket_id, int64_t time)
{
    return apply_one(d, CSVC_EVENT_COMPLAINT, ticket_id, time, NULL, NULL, NULL, NULL, 0);
}
