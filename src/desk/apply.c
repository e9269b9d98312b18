/* The ticket state machine: validates an event against the ticket, computes
 * the ticket's next state, appends the event to the log, and runs the event
 * callback, undoing everything if the callback refuses. All memory an event
 * needs is reserved before anything changes, so a failure leaves the desk as
 * it was. */
#include "desk_internal.h"
#include "civil.h"
#include "version_check.h"

#include <stdio.h>
#include <string.h>

struct cs_undo_entry {
    uint32_t index;
    cs_ticket old;
};

/* The verb of an event type in messages: "cannot resolve from state 'new'". */
static const char *verb(csvc_event_type type)
{
    static const char *const verbs[CSVC_EVENT_TYPE_COUNT] = {
        "create",
        "assign",
        "transfer",
        "escalate",
        "start",
        "add an agent reply",
        "add a customer reply",
        "add a note",
        "pend",
        "resume",
        "resolve",
        "close",
        "reopen",
        "rate",
        "log a complaint",
        "cancel",
    };
    return verbs[type];
}

/* Which states each event may be applied in: the state machine of desk.h.
 * Columns: new, assigned, in_progress, pending, resolved, closed, cancelled. */
static const uint8_t allowed_from[CSVC_EVENT_TYPE_COUNT][CSVC_STATE_COUNT] = {
    [CSVC_EVENT_CREATED] = {0, 0, 0, 0, 0, 0, 0}, /* a new ticket, never an existing one */
    [CSVC_EVENT_ASSIGNED] = {1, 1, 0, 0, 0, 0, 0},
    [CSVC_EVENT_TRANSFERRED] = {1, 1, 1, 1, 0, 0, 0},
    [CSVC_EVENT_ESCALATED] = {1, 1, 1, 1, 0, 0, 0},
    [CSVC_EVENT_STARTED] = {0, 1, 0, 0, 0, 0, 0},
    [CSVC_EVENT_AGENT_REPLY] = {0, 1, 1, 1, 0, 0, 0},
    [CSVC_EVENT_CUSTOMER_REPLY] = {1, 1, 1, 1, 0, 0, 0},
    [CSVC_EVENT_INTERNAL_NOTE] = {1, 1, 1, 1, 1, 1, 0},
    [CSVC_EVENT_PENDED] = {0, 0, 1, 0, 0, 0, 0},
    [CSVC_EVENT_RESUMED] = {0, 0, 0, 1, 0, 0, 0},
    [CSVC_EVENT_RESOLVED] = {0, 0, 1, 1, 0, 0, 0},
    [CSVC_EVENT_CLOSED] = {0, 0, 0, 0, 1, 0, 0},
    [CSVC_EVENT_REOPENED] = {0, 0, 0, 0, 1, 1, 0},
    [CSVC_EVENT_RATED] = {0, 0, 0, 0, 1, 1, 0},
    [CSVC_EVENT_COMPLAINT] = {1, 1, 1, 1, 1, 1, 0},
    [CSVC_EVENT_CANCELLED] = {1, 1, 0, 0, 0, 0, 0},
};

/* What an event needs, resolved from its strings. */
typedef struct resolved {
    uint32_t ticket; /* CS_NONE for a new ticket */
    uint32_t actor, agent, team, related;
    int history; /* CS_APPLY_HISTORY: the roster's current state is not checked */
} resolved;

static csvc_status fail_ticket(csvc_desk *d, csvc_status status, const char *id, const char *fmt,
                               const char *arg)
{
    char reason[300];
    snprintf(reason, sizeof reason, fmt, arg);
    return cs_fail(&d->err, status, "ticket %.64s: %s", id, reason);
}

static csvc_status bad_transition(csvc_desk *d, const csvc_event *ev, const cs_ticket *t)
{
    return cs_fail(&d->err, CSVC_E_TRANSITION, "ticket %.64s: cannot %s from state '%s'",
                   ev->ticket_id, verb(ev->type), csvc_state_name((csvc_ticket_state)t->state));
}

static int is_set(const char *s)
{
    return s && *s;
}

/* Resolves an optional agent reference; `active` requires an active agent. */
static csvc_status agent_ref(csvc_desk *d, const csvc_event *ev, const char *field, const char *id,
                             int active, uint32_t *out)
{
    *out = CS_NONE;
    if (!is_set(id))
        return CSVC_OK;
    csvc_status rc = cs_check_id(&d->err, field, id);
    if (rc != CSVC_OK)
        return rc;
    *out = cs_roster_find_agent(d->roster, id);
    if (*out == CS_NONE)
        return cs_fail(&d->err, CSVC_E_NOTFOUND, "ticket %.64s: %s '%.64s' not found",
                       ev->ticket_id, field, id);
    if (active && !cs_roster_agent_active(d->roster, *out))
        return cs_fail(&d->err, CSVC_E_CONSTRAINT, "ticket %.64s: agent '%.64s' is inactive",
                       ev->ticket_id, id);
    return CSVC_OK;
}

static csvc_status resolve_refs(csvc_desk *d, const csvc_event *ev, int flags, resolved *r)
{
    csvc_status rc;
    r->history = (flags & CS_APPLY_HISTORY) != 0;
    r->ticket = cs_desk_find_ticket(d, ev->ticket_id);
    if (ev->type == CSVC_EVENT_CREATED && r->ticket != CS_NONE)
        return fail_ticket(d, CSVC_E_EXISTS, ev->ticket_id, "already exists%s", "");
    if (ev->type != CSVC_EVENT_CREATED && r->ticket == CS_NONE)
        return fail_ticket(d, CSVC_E_NOTFOUND, ev->ticket_id, "not found%s", "");
    /* Activity is the roster's state now: history already passed the rule. */
    int needs_active = !(flags & CS_APPLY_HISTORY) &&
                       (ev->type == CSVC_EVENT_ASSIGNED || ev->type == CSVC_EVENT_TRANSFERRED);
    if ((rc = agent_ref(d, ev, "actor", ev->actor_id, 0, &r->actor)) != CSVC_OK ||
        (rc = agent_ref(d, ev, "agent", ev->agent_id, needs_active, &r->agent)) != CSVC_OK)
        return rc;
    r->team = CS_NONE;
    if (is_set(ev->team_id)) {
        if ((rc = cs_check_id(&d->err, "team", ev->team_id)) != CSVC_OK)
            return rc;
        r->team = cs_roster_find_team(d->roster, ev->team_id);
        if (r->team == CS_NONE)
            return cs_fail(&d->err, CSVC_E_NOTFOUND, "ticket %.64s: team '%.64s' not found",
                           ev->ticket_id, ev->team_id);
    }
    r->related = CS_NONE;
    if (is_set(ev->related_id)) {
        if (strcmp(ev->related_id, ev->ticket_id) == 0)
            return cs_fail(&d->err, CSVC_E_CONSTRAINT, "ticket %.64s: %s itself",
                           ev->ticket_id,
                           ev->type == CSVC_EVENT_CANCELLED ? "cannot be merged into"
                                                            : "cannot follow up on");
        r->related = cs_desk_find_ticket(d, ev->related_id);
        if (r->related == CS_NONE)
            return cs_fail(&d->err, CSVC_E_NOTFOUND,
                           "ticket %.64s: related ticket '%.64s' not found", ev->ticket_id,
                           ev->related_id);
        /* A merge keeps the ticket that goes on: not one that was itself
         * cancelled (its thread would end nowhere). History accepted before
         * this rule stays loadable. */
        if (ev->type == CSVC_EVENT_CANCELLED && !(flags & CS_APPLY_HISTORY) &&
            d->tickets[r->related].state == CSVC_STATE_CANCELLED)
            return cs_fail(&d->err, CSVC_E_CONSTRAINT,
                           "ticket %.64s: cannot be merged into '%.64s', which is cancelled",
                           ev->ticket_id, ev->related_id);
    }
    if (is_set(ev->customer_id) && (rc = cs_check_id(&d->err, "customer", ev->customer_id)))
        return rc;
    if (ev->code && (rc = cs_check_text(&d->err, "code", ev->code, 1024)) != CSVC_OK)
        return rc;
    return CSVC_OK;
}

static void end_pause(const csvc_desk *d, cs_ticket *t, int64_t time)
{
    cs_sla_end_pause(d, t, time);
}

/* An agent answers: the first-response and next-response clocks stop. */
static void agent_answers(const csvc_desk *d, cs_ticket *t, int64_t time)
{
    if (t->first_response == CSVC_TIME_NONE)
        cs_sla_first_reply(d, t, time);
    if (t->flags & CS_TF_AWAITING) {
        if (cs_sla_next_missed(d, t, time))
            t->flags |= CS_TF_NEXT_BREACHED;
        t->flags &= (uint8_t)~CS_TF_AWAITING;
    }
}

static uint8_t saturating_inc(uint8_t v)
{
    return v == UINT8_MAX ? v : (uint8_t)(v + 1);
}

static int is_open(const cs_ticket *t)
{
    return cs_state_is_open(t->state);
}

/* An internal pend that names the department it waits on (its code). */
static int names_department(const csvc_event *ev)
{
    return ev->type == CSVC_EVENT_PENDED && ev->value == CSVC_PEND_INTERNAL && is_set(ev->code);
}

/* Whether the event's code goes into the string pool (log slot b). */
static int pools_code(const csvc_event *ev)
{
    return ev->type == CSVC_EVENT_RESOLVED || ev->type == CSVC_EVENT_RATED ||
           names_department(ev);
}

/* Computes the ticket's next state into *t and the log record's payload.
 * *t holds the current state on entry. */
static csvc_status transition(csvc_desk *d, const csvc_event *ev, const resolved *r, cs_ticket *t,
                              cs_event *rec)
{
    uint8_t s = t->state;
    int64_t time = ev->time;
    uint32_t actor = r->actor != CS_NONE ? r->actor : t->agent;
    if (ev->type != CSVC_EVENT_CREATED && !allowed_from[ev->type][s])
        return bad_transition(d, ev, t);
    switch (ev->type) {
    case CSVC_EVENT_CREATED:
        break; /* built by the caller */
    case CSVC_EVENT_ASSIGNED:
        if (r->agent == CS_NONE)
            return fail_ticket(d, CSVC_E_INVALID, ev->ticket_id, "assign needs an agent_id%s", "");
        /* Who holds a ticket and its team agree: another team's agent gets
         * it by a transfer (team metrics and routing follow the team). */
        if (!r->history && cs_roster_agent_team(d->roster, r->agent) != t->team)
            return cs_fail(&d->err, CSVC_E_CONSTRAINT,
                           "ticket %.64s: agent '%.64s' is in team '%.64s', not the ticket's "
                           "team '%.64s' (transfer the ticket to give it to another team)",
                           ev->ticket_id, ev->agent_id,
                           cs_roster_team_id(d->roster, cs_roster_agent_team(d->roster, r->agent)),
                           cs_roster_team_id(d->roster, t->team));
        t->agent = r->agent;
        t->state = CSVC_STATE_ASSIGNED;
        rec->a = r->agent;
        return CSVC_OK;
    case CSVC_EVENT_STARTED:
        if (t->agent == CS_NONE)
            return fail_ticket(d, CSVC_E_TRANSITION, ev->ticket_id,
                               "cannot start: no agent assigned%s", "");
        t->state = CSVC_STATE_IN_PROGRESS;
        break;
    case CSVC_EVENT_AGENT_REPLY:
        if (actor == CS_NONE)
            return fail_ticket(d, CSVC_E_INVALID, ev->ticket_id,
                               "agent reply needs an actor or an assignee%s", "");
        if (s == CSVC_STATE_ASSIGNED)
            t->state = CSVC_STATE_IN_PROGRESS;
        agent_answers(d, t, time);
        break;
    case CSVC_EVENT_CUSTOMER_REPLY:
        if (s == CSVC_STATE_PENDING) {
            end_pause(d, t, time);
            t->state = CSVC_STATE_IN_PROGRESS;
        }
        if (t->first_response != CSVC_TIME_NONE && !(t->flags & CS_TF_AWAITING)) {
            t->flags |= CS_TF_AWAITING;
            t->awaiting_since = time;
            t->shift_next = 0;
        }
        break;
    case CSVC_EVENT_INTERNAL_NOTE:
        if (actor == CS_NONE)
            return fail_ticket(d, CSVC_E_INVALID, ev->ticket_id,
                               "a note needs an actor or an assignee%s", "");
        break;
    case CSVC_EVENT_PENDED:
        if (ev->value != CSVC_PEND_CUSTOMER && ev->value != CSVC_PEND_INTERNAL)
            return fail_ticket(d, CSVC_E_INVALID, ev->ticket_id,
                               "pend reason must be 0 (customer) or 1 (internal)%s", "");
        if (is_set(ev->code) && ev->value == CSVC_PEND_CUSTOMER && !r->history)
            return fail_ticket(d, CSVC_E_INVALID, ev->ticket_id,
                               "a pend on the customer names no department (code '%.64s')",
                               ev->code);
        if (names_department(ev)) {
            csvc_status rc = cs_check_id(&d->err, "department", ev->code);
            if (rc != CSVC_OK)
                return rc;
        }
        t->state = CSVC_STATE_PENDING;
        t->pend_reason = (uint8_t)ev->value;
        if (cs_desk_pauses(d, t, t->pend_reason)) {
            t->flags |= CS_TF_PAUSED;
            t->pause_start = time;
        }
        rec->value = (uint16_t)ev->value;
        break;
    case CSVC_EVENT_RESUMED:
        end_pause(d, t, time);
        t->state = CSVC_STATE_IN_PROGRESS;
        break;
    case CSVC_EVENT_RESOLVED:
        end_pause(d, t, time);
        if (t->first_resolved == CSVC_TIME_NONE) {
            t->first_resolved = time;
            t->paused_first_resolved = t->paused;
        }
        t->resolved = time;
        t->flags = (uint8_t)((t->flags & ~(CS_TF_FIRST_CONTACT | CS_TF_AWAITING)) |
                             (ev->value ? CS_TF_FIRST_CONTACT : 0));
        t->state = CSVC_STATE_RESOLVED;
        rec->value = ev->value != 0;
        break;
    case CSVC_EVENT_CLOSED:
        t->state = CSVC_STATE_CLOSED;
        break;
    case CSVC_EVENT_REOPENED:
        if (time - t->resolved > cs_desk_reopen_window(d, t->team)) {
            char reason[160];
            snprintf(reason, sizeof reason,
                     "cannot reopen: the reopen window of %lld s after resolution has passed",
                     (long long)cs_desk_reopen_window(d, t->team));
            return fail_ticket(d, CSVC_E_TRANSITION, ev->ticket_id, "%s", reason);
        }
        t->state = CSVC_STATE_IN_PROGRESS;
        t->reopen_count = saturating_inc(t->reopen_count);
        break;
    case CSVC_EVENT_TRANSFERRED: {
        if (r->team == CS_NONE && r->agent == CS_NONE)
            return fail_ticket(d, CSVC_E_INVALID, ev->ticket_id,
                               "transfer needs a team_id or an agent_id%s", "");
        uint32_t team = r->team != CS_NONE ? r->team : cs_roster_agent_team(d->roster, r->agent);
        if (!r->history && r->agent != CS_NONE && cs_roster_agent_team(d->roster, r->agent) != team)
            return cs_fail(&d->err, CSVC_E_CONSTRAINT,
                           "ticket %.64s: agent '%.64s' is not in team '%.64s'", ev->ticket_id,
                           ev->agent_id, ev->team_id);
        end_pause(d, t, time);
        t->team = team;
        t->agent = r->agent;
        /* To a team only: back in the queue, for routing or an assign. */
        t->state = r->agent != CS_NONE ? CSVC_STATE_ASSIGNED : CSVC_STATE_NEW;
        t->transfer_count = saturating_inc(t->transfer_count);
        rec->a = r->agent;
        rec->b = team;
        break;
    }
    case CSVC_EVENT_ESCALATED:
        if (t->tier >= 3)
            return fail_ticket(d, CSVC_E_TRANSITION, ev->ticket_id,
                               "cannot escalate: already at tier 3%s", "");
        t->tier++;
        rec->value = t->tier;
        break;
    case CSVC_EVENT_RATED:
        if (ev->value < 1 || ev->value > 5)
            return cs_fail(&d->err, CSVC_E_RANGE, "ticket %.64s: CSAT %d outside 1..5",
                           ev->ticket_id, (int)ev->value);
        t->csat = (uint8_t)ev->value;
        rec->value = (uint16_t)ev->value;
        break;
    case CSVC_EVENT_COMPLAINT:
        t->complaints = saturating_inc(t->complaints);
        break;
    case CSVC_EVENT_CANCELLED:
        t->state = CSVC_STATE_CANCELLED;
        t->related = r->related;
        rec->c = r->related;
        break;
    }
    return CSVC_OK;
}

static csvc_status check_created(csvc_desk *d, const csvc_event *ev, const resolved *r)
{
    if (r->team == CS_NONE)
        return fail_ticket(d, CSVC_E_INVALID, ev->ticket_id, "created needs a team_id%s", "");
    if ((unsigned)ev->channel >= CSVC_CHANNEL_COUNT ||
        (unsigned)ev->category >= CSVC_CATEGORY_COUNT ||
        (unsigned)ev->priority >= CSVC_PRIORITY_COUNT)
        return cs_fail(&d->err, CSVC_E_RANGE,
                       "ticket %.64s: channel %d, category %d or priority %d out of range",
                       ev->ticket_id, (int)ev->channel, (int)ev->category, (int)ev->priority);
    return CSVC_OK;
}

static void new_ticket(const csvc_event *ev, const resolved *r, cs_ticket *t)
{
    memset(t, 0, sizeof *t);
    t->created = ev->time;
    t->first_response = t->first_resolved = t->resolved = CSVC_TIME_NONE;
    t->pause_start = t->awaiting_since = CSVC_TIME_NONE;
    t->customer = CS_NONE;
    t->team = r->team;
    t->agent = CS_NONE;
    t->related = r->related;
    t->state = CSVC_STATE_NEW;
    t->channel = (uint8_t)ev->channel;
    t->category = (uint8_t)ev->category;
    t->priority = (uint8_t)ev->priority;
    t->tier = 1;
}

/* The (agent) whose open-ticket count a ticket contributes to. */
static void account(csvc_desk *d, const cs_ticket *t, int delta)
{
    if (is_open(t) && t->agent != CS_NONE && t->agent < d->nagents_tracked)
        d->open_by_agent[t->agent] += (uint32_t)delta;
}

static csvc_status reserve_ticket(csvc_desk *d)
{
    if (d->nticket < d->cap_tickets)
        return cs_strmap_reserve(&d->ticket_map, 1) ? CSVC_E_NOMEM : CSVC_OK;
    size_t cap = d->cap_tickets;
    cs_ticket *t = d->tickets;
    if (cs_grow(&d->alloc, (void **)&t, &cap, d->nticket + 1, sizeof *t))
        return CSVC_E_NOMEM;
    d->tickets = t;
    char **ids = cs_realloc_array(&d->alloc, d->ticket_ids, cap, sizeof *ids);
    if (!ids)
        return CSVC_E_NOMEM; /* tickets grew; cap_tickets still bounds both */
    d->ticket_ids = ids;
    d->cap_tickets = cap;
    return cs_strmap_reserve(&d->ticket_map, 1) ? CSVC_E_NOMEM : CSVC_OK;
}

/* Interns an optional string into the pool; CS_NONE for NULL/"". */
static csvc_status intern(csvc_desk *d, const char *s, uint32_t *out)
{
    *out = CS_NONE;
    if (!is_set(s))
        return CSVC_OK;
    *out = cs_strpool_intern(&d->strings, s);
    return *out == CS_NONE ? CSVC_E_NOMEM : CSVC_OK;
}

static csvc_status check_event_header(csvc_desk *d, const csvc_event *ev)
{
    CS_RETURN_IF_BAD_VERSION(&d->err, ev->version, CSVC_EVENT_VERSION, "event:");
    if ((unsigned)ev->type >= CSVC_EVENT_TYPE_COUNT)
        return cs_fail(&d->err, CSVC_E_INVALID, "event: type %d unknown", (int)ev->type);
    csvc_status rc = cs_check_id(&d->err, "ticket id", ev->ticket_id);
    if (rc != CSVC_OK)
        return rc;
    if (ev->time < CS_UNIX_MIN || ev->time > CS_UNIX_MAX)
        return cs_fail(&d->err, CSVC_E_RANGE, "ticket %.64s: time %lld outside years 1..9999",
                       ev->ticket_id, (long long)ev->time);
    return CSVC_OK;
}

static csvc_status check_time(csvc_desk *d, const csvc_event *ev, const cs_ticket *t)
{
    int64_t last = d->log[t->last_event].time;
    if (ev->time >= last)
        return CSVC_OK;
    char now[32], before[32];
    csvc_time_format(ev->time, now, sizeof now);
    csvc_time_format(last, before, sizeof before);
    return cs_fail(&d->err, CSVC_E_TIME, "ticket %.64s: %s at %s is before its last event at %s",
                   ev->ticket_id, csvc_event_type_name(ev->type), now, before);
}

/* Undoes the last applied event (callback refusal). */
static void undo_last(csvc_desk *d, const resolved *r, const cs_ticket *old, int saved)
{
    uint32_t index = d->log[d->nevent - 1].ticket;
    account(d, &d->tickets[index], -1);
    d->nevent--;
    if (r->ticket == CS_NONE) {
        cs_strmap_remove(&d->ticket_map, d->ticket_ids[index]);
        d->nticket--;
    } else {
        d->tickets[index] = *old;
        account(d, old, +1);
    }
    if (saved)
        d->nundo--;
}

/* Journal steps 3-5 for the event just appended (util/journal.h): the
 * journal, the application's callback, the commit; on a refusal the event
 * is undone and the refusal returned. */
static csvc_status notify(csvc_desk *d, const csvc_event *ev, const resolved *r,
                          const cs_ticket *old, int saved)
{
    csvc_event view;
    cs_desk_event_view(d, d->nevent - 1, &view);
    cs_desk_change change = {&view, d->tickets[d->log[d->nevent - 1].ticket].event_count};
    int by_callback = 0;
    csvc_status rc = cs_journal_change(&d->journal, CS_DESK_CHANGE_EVENT, &change);
    if (rc == CSVC_OK && d->callback) {
        d->busy++;
        rc = cs_callback_status(d->callback(&view, d->callback_data));
        d->busy--;
        by_callback = rc != CSVC_OK;
    }
    int refused = rc != CSVC_OK;
    if (refused)
        cs_journal_close(&d->journal, 0);
    else if ((rc = cs_journal_close(&d->journal, 1)) == CSVC_OK)
        return CSVC_OK;
    /* Keep the refuser's own explanation (a store says why). */
    char why[CS_ERRMSG_MAX / 2];
    snprintf(why, sizeof why, "%s", csvc_last_errmsg());
    undo_last(d, r, old, saved);
    if (by_callback)
        cs_fail(&d->err, rc, "ticket %.64s: the event callback refused %s (%s): %s", ev->ticket_id,
                csvc_event_type_name(ev->type), csvc_status_str(rc), why);
    else
        cs_fail(&d->err, rc, "ticket %.64s: %s was not stored (%s): %s", ev->ticket_id,
                csvc_event_type_name(ev->type), csvc_status_str(rc), why);
    if (refused)
        cs_journal_refused(&d->journal, CS_DESK_CHANGE_EVENT, NULL);
    return rc;
}

csvc_status cs_desk_apply_event(csvc_desk *d, const csvc_event *ev, int flags)
{
    csvc_status rc = check_event_header(d, ev);
    if (rc != CSVC_OK)
        return rc;
    if (cs_desk_sync_roster(d) != CSVC_OK)
        return cs_fail(&d->err, CSVC_E_NOMEM, "desk_apply: out of memory");
    resolved r;
    if ((rc = resolve_refs(d, ev, flags, &r)) != CSVC_OK)
        return rc;

    /* Log and ticket positions are uint32 with CS_NONE reserved. */
    if (d->nevent >= CS_NONE - 1 || d->nticket >= CS_NONE - 1)
        return cs_fail(&d->err, CSVC_E_RANGE, "desk: the log is full");
    cs_event rec = {ev->time, 0, CS_NONE, r.actor, CS_NONE, CS_NONE, CS_NONE, 0, (uint8_t)ev->type};
    cs_ticket old, next;
    if (ev->type == CSVC_EVENT_CREATED) {
        if ((rc = check_created(d, ev, &r)) != CSVC_OK)
            return rc;
        new_ticket(ev, &r, &next);
        rec.b = r.team;
        rec.c = r.related;
        rec.value = (uint16_t)(ev->channel | ev->category << 4 | ev->priority << 8);
    } else {
        old = next = d->tickets[r.ticket];
        if ((rc = check_time(d, ev, &old)) != CSVC_OK ||
            (rc = transition(d, ev, &r, &next, &rec)) != CSVC_OK)
            return rc;
    }

    /* Reserve everything, then commit without a possible failure. */
    uint32_t pooled = CS_NONE;
    char *id_copy = NULL;
    /* A ticket created inside the innermost group is truncated away by any
     * rollback; only older tickets need their previous state kept. */
    int saved = d->txn_depth > 0 && r.ticket != CS_NONE &&
                    r.ticket < d->marks[d->txn_depth - 1].nticket;
    if (cs_grow(&d->alloc, (void **)&d->log, &d->cap_events, d->nevent + 1, sizeof *d->log) ||
        (saved && cs_grow(&d->alloc, (void **)&d->undo, &d->cap_undo, d->nundo + 1,
                              sizeof *d->undo)) ||
        (ev->type == CSVC_EVENT_CREATED &&
         (intern(d, ev->customer_id, &pooled) || reserve_ticket(d) ||
          !(id_copy = cs_arena_strdup(&d->id_arena, ev->ticket_id, strlen(ev->ticket_id))))) ||
        (pools_code(ev) && intern(d, ev->code, &pooled)))
        return cs_fail(&d->err, CSVC_E_NOMEM, "ticket %.64s: out of memory", ev->ticket_id);
    int quiet = (flags & CS_APPLY_QUIET) != 0;
    if (!quiet && (rc = cs_journal_open(&d->journal)) != CSVC_OK) {
        char why[CS_ERRMSG_MAX / 2];
        snprintf(why, sizeof why, "%s", csvc_last_errmsg());
        return cs_fail(&d->err, rc, "ticket %.64s: %s was not stored (%s): %s", ev->ticket_id,
                       csvc_event_type_name(ev->type), csvc_status_str(rc), why);
    }

    uint32_t index = r.ticket;
    if (ev->type == CSVC_EVENT_CREATED) {
        index = (uint32_t)d->nticket++;
        next.customer = pooled;
        rec.a = pooled;
        d->ticket_ids[index] = id_copy;
        cs_strmap_put(&d->ticket_map, id_copy, index);
    } else {
        if (pools_code(ev))
            rec.b = pooled;
        if (saved) {
            d->undo[d->nundo].index = index;
            d->undo[d->nundo++].old = old;
        }
        account(d, &old, -1);
        rec.prev = old.last_event;
    }
    rec.ticket = index;
    next.last_event = (uint32_t)d->nevent;
    next.event_count++;
    d->tickets[index] = next;
    d->log[d->nevent++] = rec;
    account(d, &next, +1);

    return quiet ? CSVC_OK : notify(d, ev, &r, &old, saved);
}

csvc_status csvc_desk_apply(csvc_desk *d, const csvc_event *ev)
{
    if (!d || !ev)
        return cs_fail(d ? &d->err : NULL, CSVC_E_NULL, "desk_apply: %s is NULL",
                       d ? "event" : "desk");
    CS_DESK_REFUSE_IF_BUSY(d, "desk_apply");
    return cs_desk_apply_event(d, ev, 0);
}

csvc_status csvc_desk_set_event_callback(csvc_desk *d, csvc_event_fn callback, void *user_data)
{
    if (!d)
        return cs_fail(NULL, CSVC_E_NULL, "set_event_callback: desk is NULL");
    CS_DESK_REFUSE_IF_BUSY(d, "set_event_callback");
    d->callback = callback;
    d->callback_data = callback ? user_data : NULL;
    return CSVC_OK;
}

/* ---- all-or-nothing groups ------------------------------------------------ */

csvc_status cs_desk_txn_begin(csvc_desk *d)
{
    if (d->txn_depth == CS_DESK_MAX_GROUPS)
        return cs_fail(&d->err, CSVC_E_BUSY, "desk: more than %d nested groups",
                       CS_DESK_MAX_GROUPS);
    csvc_status rc = cs_journal_group_begin(&d->journal);
    if (rc != CSVC_OK)
        return rc;
    d->marks[d->txn_depth++] = (cs_desk_mark){d->nticket, d->nevent, d->nundo};
    return CSVC_OK;
}

/* Restores the innermost group's starting point and closes the group. */
static void rollback_to_mark(csvc_desk *d)
{
    const cs_desk_mark m = d->marks[--d->txn_depth];
    /* Newest first, so a ticket changed several times ends at its oldest copy. */
    for (size_t i = d->nundo; i-- > m.nundo;) {
        cs_ticket *t = &d->tickets[d->undo[i].index];
        account(d, t, -1);
        *t = d->undo[i].old;
        account(d, t, +1);
    }
    for (size_t i = d->nticket; i-- > m.nticket;) {
        account(d, &d->tickets[i], -1);
        cs_strmap_remove(&d->ticket_map, d->ticket_ids[i]);
    }
    d->nticket = m.nticket;
    d->nevent = m.nevent;
    d->nundo = m.nundo;
}

csvc_status cs_desk_txn_commit(csvc_desk *d)
{
    if (d->txn_depth == 0)
        return CSVC_OK;
    csvc_status rc = cs_journal_group_end(&d->journal, 1);
    if (rc != CSVC_OK) {
        rollback_to_mark(d);
        return rc;
    }
    /* The undo list of an inner group stays: the outer group may roll back. */
    if (--d->txn_depth == 0)
        d->nundo = 0;
    return CSVC_OK;
}

void cs_desk_txn_rollback(csvc_desk *d)
{
    if (d->txn_depth == 0)
        return;
    cs_journal_group_end(&d->journal, 0);
    rollback_to_mark(d);
}

/* ---- composite operations --------------------------------------------------- */

csvc_status csvc_desk_auto_close(csvc_desk *d, int64_t now, size_t *closed)
{
    if (!d)
        return cs_fail(NULL, CSVC_E_NULL, "auto_close: desk is NULL");
    CS_DESK_REFUSE_IF_BUSY(d, "auto_close");
    size_t n = 0;
    /* All or nothing: a refused closing (a store that cannot commit)
     * leaves every ticket as it was. */
    csvc_status rc = cs_desk_txn_begin(d);
    if (rc != CSVC_OK)
        return rc;
    for (size_t i = 0; i < d->nticket && rc == CSVC_OK; i++) {
        const cs_ticket *t = &d->tickets[i];
        if (t->state != CSVC_STATE_RESOLVED)
            continue;
        int64_t after = cs_desk_auto_close_after(d, t->team);
        if (t->resolved > now - after)
            continue;
        /* Stamped at the deadline, or at the last event if that came later
         * (a rating after the deadline), so replay gives the same log. */
        int64_t at = t->resolved + after, last = d->log[t->last_event].time;
        csvc_event ev = CSVC_EVENT_INIT;
        ev.type = CSVC_EVENT_CLOSED;
        ev.ticket_id = d->ticket_ids[i];
        ev.time = at > last ? at : last;
        rc = csvc_desk_apply(d, &ev);
        if (rc == CSVC_OK)
            n++;
    }
    if (rc == CSVC_OK)
        rc = cs_desk_txn_commit(d);
    else
        cs_desk_txn_rollback(d);
    if (closed)
        *closed = rc == CSVC_OK ? n : 0;
    return rc;
}

csvc_status csvc_desk_follow_up(csvc_desk *d, const char *ticket_id, const char *new_ticket_id,
                                int64_t time, int *reopened)
{
    if (!d || !ticket_id || !reopened)
        return cs_fail(d ? &d->err : NULL, CSVC_E_NULL, "follow_up: %s is NULL",
                       !d           ? "desk"
                       : !ticket_id ? "ticket_id"
                                    : "reopened");
    CS_DESK_REFUSE_IF_BUSY(d, "follow_up");
    uint32_t index = cs_desk_find_ticket(d, ticket_id);
    if (index == CS_NONE)
        return fail_ticket(d, CSVC_E_NOTFOUND, ticket_id, "not found%s", "");
    const cs_ticket *t = &d->tickets[index];
    if (t->state != CSVC_STATE_RESOLVED && t->state != CSVC_STATE_CLOSED)
        return cs_fail(&d->err, CSVC_E_TRANSITION,
                       "ticket %.64s: a follow-up needs a resolved or closed ticket, not '%s'",
                       ticket_id, csvc_state_name((csvc_ticket_state)t->state));
    csvc_event ev = CSVC_EVENT_INIT;
    ev.ticket_id = ticket_id;
    ev.time = time;
    if (time - t->resolved <= cs_desk_reopen_window(d, t->team)) {
        ev.type = CSVC_EVENT_REOPENED;
        csvc_status rc = csvc_desk_apply(d, &ev);
        if (rc == CSVC_OK)
            *reopened = 1;
        return rc;
    }
    if (!new_ticket_id)
        return cs_fail(&d->err, CSVC_E_NULL,
                       "ticket %.64s: the reopen window has passed and new_ticket_id is NULL",
                       ticket_id);
    ev.type = CSVC_EVENT_CREATED;
    ev.ticket_id = new_ticket_id;
    ev.customer_id = cs_strpool_get(&d->strings, t->customer);
    ev.team_id = cs_roster_team_id(d->roster, t->team);
    ev.related_id = ticket_id;
    ev.channel = (csvc_channel)t->channel;
    ev.category = (csvc_category)t->category;
    ev.priority = (csvc_priority)t->priority;
    csvc_status rc = csvc_desk_apply(d, &ev);
    if (rc == CSVC_OK)
        *reopened = 0;
    return rc;
}
