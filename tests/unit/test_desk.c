/* Desk core: the state machine (every allowed transition, refused ones per
 * state), the event log, the callback's undo, batches, replay equivalence.
 * Expected states come from the state machine of desk.h, written out by hand. */
#include "fixtures.h"

#include "desk/desk_internal.h"

#include <stdlib.h>

#define T0 INT64_C(1767225600) /* 2026-01-01T00:00:00Z (GNU date -u -d 2026-01-01 +%s) */

typedef struct fixture {
    csvc_roster *roster;
    csvc_desk *desk;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->roster = fx_roster();
    assert_csvc_ok(csvc_desk_new(f->roster, NULL, &f->desk));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    csvc_desk_free(f->desk);
    csvc_roster_free(f->roster);
    free(f);
    return 0;
}


static void create(csvc_desk *d, const char *id, const char *team, int64_t t)
{
    csvc_ticket_spec s = CSVC_TICKET_SPEC_INIT;
    s.id = id;
    s.team_id = team;
    s.created = t;
    s.customer_id = "C-1";
    s.category = CSVC_CATEGORY_RETURN_REFUND;
    assert_ok(d, csvc_desk_create(d, &s));
}

static csvc_ticket_state state_of(const csvc_desk *d, const char *id)
{
    csvc_ticket_info info;
    assert_ok(d, csvc_desk_get_ticket(d, id, &info));
    return info.state;
}

static uint64_t checksum(const csvc_desk *d)
{
    uint64_t c;
    assert_ok(d, csvc_desk_checksum(d, &c));
    return c;
}

/* ---- the transition table -------------------------------------------------- */

enum op {
    OP_ASSIGN, OP_START, OP_AGENT_REPLY, OP_CUSTOMER_REPLY, OP_NOTE, OP_PEND, OP_RESUME,
    OP_RESOLVE, OP_CLOSE, OP_REOPEN, OP_TRANSFER, OP_ESCALATE, OP_CANCEL, OP_RATE,
    OP_COMPLAINT, OP_COUNT
};

static const char *const op_names[OP_COUNT] = {
    "assign", "start", "agent_reply", "customer_reply", "note", "pend", "resume", "resolve",
    "close", "reopen", "transfer", "escalate", "cancel", "rate", "complaint",
};

static csvc_status run_op(csvc_desk *d, enum op op, const char *id, int64_t t)
{
    switch (op) {
    case OP_ASSIGN: return csvc_desk_route_assign(d, id, CSVC_ROUTE_LEAST_LOADED, t, NULL);
    case OP_START: return csvc_desk_start(d, id, t);
    case OP_AGENT_REPLY: return csvc_desk_agent_reply(d, id, "A1", t);
    case OP_CUSTOMER_REPLY: return csvc_desk_customer_reply(d, id, t);
    case OP_NOTE: return csvc_desk_note(d, id, "A1", t);
    case OP_PEND: return csvc_desk_pend(d, id, CSVC_PEND_CUSTOMER, t);
    case OP_RESUME: return csvc_desk_resume(d, id, t);
    case OP_RESOLVE: return csvc_desk_resolve(d, id, "refunded", 0, t);
    case OP_CLOSE: return csvc_desk_close(d, id, t);
    case OP_REOPEN: return csvc_desk_reopen(d, id, t);
    case OP_TRANSFER: return csvc_desk_transfer(d, id, "T2", NULL, t);
    case OP_ESCALATE: return csvc_desk_escalate(d, id, NULL, t);
    case OP_CANCEL: return csvc_desk_cancel(d, id, NULL, t);
    case OP_RATE: return csvc_desk_rate(d, id, 5, t);
    case OP_COMPLAINT: return csvc_desk_complaint(d, id, t);
    default: return CSVC_E_INVALID;
    }
}

/* Puts ticket `id` into `state` by the shortest legal path. */
static void reach(csvc_desk *d, const char *id, csvc_ticket_state state, int64_t t)
{
    create(d, id, "T1", t);
    if (state == CSVC_STATE_NEW)
        return;
    if (state == CSVC_STATE_CANCELLED) {
        assert_ok(d, csvc_desk_cancel(d, id, NULL, t));
        return;
    }
    assert_ok(d, csvc_desk_assign(d, id, "A1", t + 1));
    if (state == CSVC_STATE_ASSIGNED)
        return;
    assert_ok(d, csvc_desk_start(d, id, t + 2));
    if (state == CSVC_STATE_IN_PROGRESS)
        return;
    if (state == CSVC_STATE_PENDING) {
        assert_ok(d, csvc_desk_pend(d, id, CSVC_PEND_CUSTOMER, t + 3));
        return;
    }
    assert_ok(d, csvc_desk_resolve(d, id, NULL, 1, t + 3));
    if (state == CSVC_STATE_CLOSED)
        assert_ok(d, csvc_desk_close(d, id, t + 4));
}

#define X (-1) /* refused with CSVC_E_TRANSITION */
#define N CSVC_STATE_NEW
#define AS CSVC_STATE_ASSIGNED
#define IP CSVC_STATE_IN_PROGRESS
#define PE CSVC_STATE_PENDING
#define RE CSVC_STATE_RESOLVED
#define CL CSVC_STATE_CLOSED
#define CA CSVC_STATE_CANCELLED

/* Resulting state of each operation from each state, written out independently of the library's allowed_from table (the diagram of desk.h). */
static const int table[CSVC_STATE_COUNT][OP_COUNT] = {
    /*            assign start reply cust note pend resume resolve close reopen xfer esc cancel rate compl */
    /* xfer is to a team only: the ticket goes back to that team's queue (new). */
    [N]  = {AS, X,  X,  N,  N,  X,  X,  X,  X,  X,  N,  N,  CA, X,  N},
    [AS] = {AS, IP, IP, AS, AS, X,  X,  X,  X,  X,  N,  AS, CA, X,  AS},
    [IP] = {X,  X,  IP, IP, IP, PE, X,  RE, X,  X,  N,  IP, X,  X,  IP},
    [PE] = {X,  X,  PE, IP, PE, X,  IP, RE, X,  X,  N,  PE, X,  X,  PE},
    [RE] = {X,  X,  X,  X,  RE, X,  X,  X,  CL, IP, X,  X,  X,  RE, RE},
    [CL] = {X,  X,  X,  X,  CL, X,  X,  X,  X,  IP, X,  X,  X,  CL, CL},
    [CA] = {X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X},
};

static void test_transition_table(void **state)
{
    fixture *f = *state;
    int n = 0;
    for (int s = 0; s < CSVC_STATE_COUNT; s++) {
        for (int op = 0; op < OP_COUNT; op++) {
            char id[32];
            snprintf(id, sizeof id, "T-%d-%d", s, op);
            int64_t t = T0 + n++ * 100;
            reach(f->desk, id, (csvc_ticket_state)s, t);
            uint64_t before = checksum(f->desk);
            uint64_t events = csvc_desk_event_count(f->desk);
            csvc_status rc = run_op(f->desk, (enum op)op, id, t + 50);
            int expected = table[s][op];
            if (expected == X) {
                if (rc != CSVC_E_TRANSITION)
                    fail_msg("%s from %s: got %s (%s), expected CSVC_E_TRANSITION", op_names[op],
                             csvc_state_name((csvc_ticket_state)s), csvc_status_name(rc),
                             csvc_desk_errmsg(f->desk));
                assert_int_equal(checksum(f->desk), before);
                assert_int_equal(csvc_desk_event_count(f->desk), events);
                assert_non_null(strstr(csvc_desk_errmsg(f->desk), id));
            } else {
                if (rc != CSVC_OK)
                    fail_msg("%s from %s: %s", op_names[op], csvc_state_name((csvc_ticket_state)s),
                             csvc_desk_errmsg(f->desk));
                assert_int_equal(state_of(f->desk, id), expected);
                assert_int_equal(csvc_desk_event_count(f->desk), events + 1);
            }
        }
    }
}

static void test_transition_message(void **state)
{
    fixture *f = *state;
    create(f->desk, "T-9", "T1", T0);
    assert_int_equal(csvc_desk_resolve(f->desk, "T-9", NULL, 0, T0 + 1), CSVC_E_TRANSITION);
    assert_string_equal(csvc_desk_errmsg(f->desk), "ticket T-9: cannot resolve from state 'new'");
    assert_string_equal(csvc_last_errmsg(), "ticket T-9: cannot resolve from state 'new'");
}

/* ---- values carried by the lifecycle ---------------------------------------- */

static void test_lifecycle_values(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    create(d, "R-1", "T1", T0);
    assert_ok(d, csvc_desk_assign(d, "R-1", "A1", T0 + 60));
    assert_ok(d, csvc_desk_agent_reply(d, "R-1", NULL, T0 + 300));
    assert_ok(d, csvc_desk_escalate(d, "R-1", "A1", T0 + 400));
    assert_ok(d, csvc_desk_resolve(d, "R-1", "refunded", 1, T0 + 900));
    assert_ok(d, csvc_desk_reopen(d, "R-1", T0 + 1000));
    assert_ok(d, csvc_desk_resolve(d, "R-1", "replaced", 0, T0 + 2000));
    assert_ok(d, csvc_desk_close(d, "R-1", T0 + 3000));
    assert_ok(d, csvc_desk_rate(d, "R-1", 4, T0 + 3100));
    assert_ok(d, csvc_desk_rate(d, "R-1", 2, T0 + 3200)); /* replaces */
    assert_ok(d, csvc_desk_complaint(d, "R-1", T0 + 3300));

    csvc_ticket_info i;
    assert_ok(d, csvc_desk_get_ticket(d, "R-1", &i));
    assert_string_equal(i.id, "R-1");
    assert_string_equal(i.customer_id, "C-1");
    assert_string_equal(i.team_id, "T1");
    assert_string_equal(i.agent_id, "A1");
    assert_null(i.related_id);
    assert_int_equal(i.state, CSVC_STATE_CLOSED);
    assert_int_equal(i.category, CSVC_CATEGORY_RETURN_REFUND);
    assert_int_equal(i.tier, 2);
    assert_int_equal(i.reopen_count, 1);
    assert_int_equal(i.csat, 2);
    assert_int_equal(i.complaints, 1);
    assert_int_equal(i.first_contact, 0); /* the latest resolution */
    assert_int_equal(i.created, T0);
    assert_int_equal(i.first_response, T0 + 300);
    assert_int_equal(i.first_resolved, T0 + 900);
    assert_int_equal(i.resolved, T0 + 2000);
    assert_int_equal(i.closed, T0 + 3000);
    assert_int_equal(i.event_count, 11);

    /* Events come back in order with their payloads. */
    csvc_event e;
    assert_ok(d, csvc_desk_event_at(d, 1, &e));
    assert_int_equal(e.type, CSVC_EVENT_CREATED);
    assert_string_equal(e.team_id, "T1");
    assert_string_equal(e.customer_id, "C-1");
    assert_int_equal(e.category, CSVC_CATEGORY_RETURN_REFUND);
    assert_int_equal(e.seq, 1);
    assert_ok(d, csvc_desk_event_at(d, 3, &e));
    assert_int_equal(e.type, CSVC_EVENT_AGENT_REPLY);
    assert_null(e.actor_id); /* NULL in, NULL out: the assignee acted */
    assert_ok(d, csvc_desk_event_at(d, 4, &e));
    assert_int_equal(e.type, CSVC_EVENT_ESCALATED);
    assert_int_equal(e.value, 2);
    assert_string_equal(e.actor_id, "A1");
    assert_ok(d, csvc_desk_event_at(d, 5, &e));
    assert_string_equal(e.code, "refunded");
    assert_int_equal(e.value, 1);
    assert_int_equal(csvc_desk_event_at(d, 12, &e), CSVC_E_RANGE);
    assert_int_equal(csvc_desk_event_at(d, 0, &e), CSVC_E_RANGE);
}

static void test_escalate_to_tier_three(void **state)
{
    fixture *f = *state;
    create(f->desk, "E", "T1", T0);
    assert_ok(f->desk, csvc_desk_escalate(f->desk, "E", NULL, T0 + 1));
    assert_ok(f->desk, csvc_desk_escalate(f->desk, "E", NULL, T0 + 2));
    assert_status_msg(csvc_desk_escalate(f->desk, "E", NULL, T0 + 3), CSVC_E_TRANSITION, "tier 3");
}

static void test_transfer(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    reach(d, "X", CSVC_STATE_IN_PROGRESS, T0);
    assert_ok(d, csvc_desk_transfer(d, "X", NULL, "B1", T0 + 10));
    csvc_ticket_info i;
    assert_ok(d, csvc_desk_get_ticket(d, "X", &i));
    assert_string_equal(i.team_id, "T2"); /* the agent's team */
    assert_string_equal(i.agent_id, "B1");
    assert_int_equal(i.state, CSVC_STATE_ASSIGNED);
    /* To a team only: the ticket waits in the team's queue (new), nobody
     * holds it; routing and assigning pick it up in one call. */
    assert_ok(d, csvc_desk_transfer(d, "X", "T1", NULL, T0 + 20));
    assert_ok(d, csvc_desk_get_ticket(d, "X", &i));
    assert_null(i.agent_id);
    assert_int_equal(i.state, CSVC_STATE_NEW);
    assert_string_equal(i.team_id, "T1");
    assert_int_equal(i.transfer_count, 2);
    assert_status_msg(csvc_desk_start(d, "X", T0 + 30), CSVC_E_TRANSITION,
                      "cannot start from state 'new'");
    const char *who = NULL;
    assert_ok(d, csvc_desk_route_assign(d, "X", CSVC_ROUTE_LEAST_LOADED, T0 + 30, &who));
    assert_ok(d, csvc_desk_get_ticket(d, "X", &i));
    assert_int_equal(i.state, CSVC_STATE_ASSIGNED);
    assert_non_null(who);
    assert_string_equal(i.agent_id, who);
    csvc_agent_info holder;
    assert_ok(f->roster, csvc_roster_get_agent(f->roster, who, &holder));
    assert_string_equal(holder.team_id, "T1");
    assert_ok(d, csvc_desk_start(d, "X", T0 + 31));
    /* Who holds a ticket is in its team: another team's agent is refused
     * (transfer instead), and a transfer's agent must be in its team. */
    uint64_t events = csvc_desk_event_count(d);
    assert_status_msg(csvc_desk_transfer(d, "X", "T1", "B1", T0 + 32), CSVC_E_CONSTRAINT,
                      "ticket X: agent 'B1' is not in team 'T1'");
    reach(d, "Y", CSVC_STATE_NEW, T0 + 32);
    assert_status_msg(csvc_desk_assign(d, "Y", "B1", T0 + 33), CSVC_E_CONSTRAINT,
                      "ticket Y: agent 'B1' is in team 'T2', not the ticket's team 'T1'");
    assert_int_equal(csvc_desk_event_count(d), events + 1); /* Y's creation only */
    assert_status_msg(csvc_desk_route_assign(d, "NOPE", CSVC_ROUTE_SKILL, T0 + 33, NULL),
                      CSVC_E_NOTFOUND, "route_assign: ticket 'NOPE' not found");
    assert_status_msg(csvc_desk_route_assign(d, "Y", (csvc_routing)9, T0 + 33, NULL),
                      CSVC_E_INVALID, "route_assign: unknown strategy 9");
    assert_int_equal(csvc_desk_route_assign(NULL, "Y", CSVC_ROUTE_SKILL, T0, NULL), CSVC_E_NULL);
    assert_int_equal(csvc_desk_route_assign(d, NULL, CSVC_ROUTE_SKILL, T0, NULL), CSVC_E_NULL);
    /* A refused assignment leaves the round-robin turn where it was. */
    const char *first = NULL, *again = NULL;
    assert_status_msg(csvc_desk_route_assign(d, "Y", CSVC_ROUTE_ROUND_ROBIN, T0, &first),
                      CSVC_E_TIME, "before");
    assert_null(first);
    assert_ok(d, csvc_desk_route(d, "Y", CSVC_ROUTE_ROUND_ROBIN, &first));
    assert_ok(d, csvc_desk_route_assign(d, "Y", CSVC_ROUTE_ROUND_ROBIN, T0 + 40, &again));
    assert_string_not_equal(first, again); /* the turn moved once, by the route */
    assert_status_msg(csvc_desk_transfer(d, "X", NULL, NULL, T0 + 50), CSVC_E_INVALID,
                      "needs a team_id or an agent_id");
    assert_status_msg(csvc_desk_transfer(d, "X", NULL, "GONE", T0 + 50), CSVC_E_CONSTRAINT,
                      "inactive");
}

static void test_reopen_window_and_follow_up(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    reach(d, "F", CSVC_STATE_CLOSED, T0); /* resolved at T0 + 3 */
    int64_t week = 7 * 86400;
    assert_status_msg(csvc_desk_reopen(d, "F", T0 + 3 + week + 1), CSVC_E_TRANSITION,
                      "reopen window");
    int reopened = -1;
    assert_ok(d, csvc_desk_follow_up(d, "F", "F-2", T0 + 3 + week + 1, &reopened));
    assert_int_equal(reopened, 0);
    csvc_ticket_info i;
    assert_ok(d, csvc_desk_get_ticket(d, "F-2", &i));
    assert_string_equal(i.related_id, "F");
    assert_string_equal(i.customer_id, "C-1");
    assert_int_equal(i.category, CSVC_CATEGORY_RETURN_REFUND);
    assert_int_equal(i.state, CSVC_STATE_NEW);

    /* Exactly at the window's end still reopens. */
    reach(d, "G", CSVC_STATE_RESOLVED, T0);
    assert_ok(d, csvc_desk_follow_up(d, "G", "G-2", T0 + 3 + week, &reopened));
    assert_int_equal(reopened, 1);
    assert_int_equal(state_of(d, "G"), CSVC_STATE_IN_PROGRESS);
    assert_status_msg(csvc_desk_follow_up(d, "G", "G-3", T0 + 3 + week, &reopened),
                      CSVC_E_TRANSITION, "needs a resolved or closed ticket");

    /* A per-team window. */
    assert_ok(d, csvc_desk_set_reopen_policy(d, "T1", 60, 86400));
    reach(d, "H", CSVC_STATE_RESOLVED, T0);
    assert_int_equal(csvc_desk_reopen(d, "H", T0 + 3 + 61), CSVC_E_TRANSITION);
    assert_ok(d, csvc_desk_reopen(d, "H", T0 + 3 + 60));
    assert_int_equal(csvc_desk_set_reopen_policy(d, "NOPE", 1, 1), CSVC_E_NOTFOUND);
    assert_int_equal(csvc_desk_set_reopen_policy(d, NULL, -1, 1), CSVC_E_RANGE);
}

static void test_auto_close(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    reach(d, "A", CSVC_STATE_RESOLVED, T0);          /* resolved T0+3 */
    reach(d, "B", CSVC_STATE_RESOLVED, T0 + 86400);  /* resolved T0+86403 */
    assert_ok(d, csvc_desk_rate(d, "A", 5, T0 + 4 * 86400)); /* after A's deadline */
    size_t closed = 99;
    int64_t three_days = 3 * 86400;
    assert_ok(d, csvc_desk_auto_close(d, T0 + 3 + three_days - 1, &closed));
    assert_int_equal(closed, 0);
    assert_ok(d, csvc_desk_auto_close(d, T0 + 3 + three_days, &closed));
    assert_int_equal(closed, 1);
    csvc_ticket_info i;
    assert_ok(d, csvc_desk_get_ticket(d, "A", &i));
    assert_int_equal(i.state, CSVC_STATE_CLOSED);
    assert_int_equal(i.closed, T0 + 4 * 86400); /* the rating came after the deadline */
    assert_ok(d, csvc_desk_auto_close(d, T0 + 10 * 86400, &closed));
    assert_int_equal(closed, 1);
    assert_ok(d, csvc_desk_get_ticket(d, "B", &i));
    assert_int_equal(i.closed, T0 + 86403 + three_days);
}

/* ---- bad input ------------------------------------------------------------ */

static void test_bad_events(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    reach(d, "B", CSVC_STATE_RESOLVED, T0);
    uint64_t before = checksum(d);
    csvc_ticket_spec s = CSVC_TICKET_SPEC_INIT;
    s.id = "B";
    s.team_id = "T1";
    s.created = T0;
    assert_status_msg(csvc_desk_create(d, &s), CSVC_E_EXISTS, "ticket B: already exists");
    s.id = "C";
    s.team_id = "NOPE";
    assert_status_msg(csvc_desk_create(d, &s), CSVC_E_NOTFOUND, "team 'NOPE' not found");
    s.team_id = NULL;
    assert_status_msg(csvc_desk_create(d, &s), CSVC_E_INVALID, "needs a team_id");
    s.team_id = "T1";
    s.priority = (csvc_priority)9;
    assert_int_equal(csvc_desk_create(d, &s), CSVC_E_RANGE);
    s.priority = CSVC_PRIORITY_HIGH;
    s.customer_id = "bad\x01";
    assert_int_equal(csvc_desk_create(d, &s), CSVC_E_ENCODING);
    s.customer_id = NULL;
    s.id = "";
    assert_int_equal(csvc_desk_create(d, &s), CSVC_E_INVALID);
    s.id = "C";
    s.version = 0;
    assert_int_equal(csvc_desk_create(d, &s), CSVC_E_VERSION);
    assert_int_equal(csvc_desk_create(d, NULL), CSVC_E_NULL);
    assert_int_equal(csvc_desk_create(NULL, &s), CSVC_E_NULL);

    assert_status_msg(csvc_desk_close(d, "ZZ", T0), CSVC_E_NOTFOUND, "ticket ZZ: not found");
    assert_status_msg(csvc_desk_close(d, "B", T0 + 2), CSVC_E_TIME, "before its last event");
    assert_status_msg(csvc_desk_rate(d, "B", 0, T0 + 10), CSVC_E_RANGE, "CSAT 0 outside 1..5");
    assert_int_equal(csvc_desk_rate(d, "B", 6, T0 + 10), CSVC_E_RANGE);
    assert_status_msg(csvc_desk_note(d, "B", "ghost", T0 + 10), CSVC_E_NOTFOUND,
                      "actor 'ghost' not found");
    csvc_event ev = CSVC_EVENT_INIT;
    ev.type = (csvc_event_type)42;
    ev.ticket_id = "B";
    ev.time = T0 + 10;
    assert_int_equal(csvc_desk_apply(d, &ev), CSVC_E_INVALID);
    ev.type = CSVC_EVENT_CLOSED;
    ev.time = INT64_MAX;
    assert_int_equal(csvc_desk_apply(d, &ev), CSVC_E_RANGE);
    ev.version = 2;
    assert_int_equal(csvc_desk_apply(d, &ev), CSVC_E_VERSION);
    assert_int_equal(csvc_desk_apply(d, NULL), CSVC_E_NULL);
    assert_int_equal(csvc_desk_apply(NULL, &ev), CSVC_E_NULL);
    assert_int_equal(checksum(d), before);

    reach(d, "P", CSVC_STATE_IN_PROGRESS, T0);
    assert_status_msg(csvc_desk_pend(d, "P", (csvc_pend_reason)7, T0 + 10), CSVC_E_INVALID,
                      "pend reason");
    assert_status_msg(csvc_desk_assign(d, "P", "A2", T0 + 10), CSVC_E_TRANSITION,
                      "cannot assign from state 'in_progress'");
    reach(d, "Q", CSVC_STATE_NEW, T0);
    assert_status_msg(csvc_desk_assign(d, "Q", "GONE", T0 + 10), CSVC_E_CONSTRAINT,
                      "agent 'GONE' is inactive");
    uint64_t events = csvc_desk_event_count(d);
    assert_status_msg(csvc_desk_assign(d, "Q", NULL, T0 + 10), CSVC_E_NULL,
                      "desk_assign: agent_id is NULL");
    assert_int_equal(csvc_desk_event_count(d), events);
    /* Through csvc_desk_apply() a missing agent is a malformed event. */
    csvc_event no_agent = CSVC_EVENT_INIT;
    no_agent.type = CSVC_EVENT_ASSIGNED;
    no_agent.ticket_id = "Q";
    no_agent.time = T0 + 10;
    assert_status_msg(csvc_desk_apply(d, &no_agent), CSVC_E_INVALID, "needs an agent_id");
    assert_status_msg(csvc_desk_cancel(d, "Q", "Q", T0 + 10), CSVC_E_CONSTRAINT,
                      "ticket Q: cannot be merged into itself");
    assert_status_msg(csvc_desk_cancel(d, "Q", "NOPE", T0 + 10), CSVC_E_NOTFOUND,
                      "ticket Q: related ticket 'NOPE' not found");
    assert_ok(d, csvc_desk_cancel(d, "Q", "P", T0 + 10));
    /* Into a cancelled ticket: refused, nothing recorded. */
    reach(d, "R", CSVC_STATE_NEW, T0 + 11);
    before = csvc_desk_event_count(d);
    assert_status_msg(csvc_desk_cancel(d, "R", "Q", T0 + 12), CSVC_E_CONSTRAINT,
                      "ticket R: cannot be merged into 'Q', which is cancelled");
    assert_int_equal(csvc_desk_event_count(d), before);

    csvc_desk *nd;
    assert_int_equal(csvc_desk_new(NULL, NULL, &nd), CSVC_E_NULL);
    assert_int_equal(csvc_desk_new(f->roster, NULL, NULL), CSVC_E_NULL);
    csvc_desk_options o = CSVC_DESK_OPTIONS_INIT;
    o.reopen_window = -1;
    assert_status_msg(csvc_desk_new(f->roster, &o, &nd), CSVC_E_RANGE, "reopen_window");
    o = (csvc_desk_options)CSVC_DESK_OPTIONS_INIT;
    o.version = 7;
    assert_int_equal(csvc_desk_new(f->roster, &o, &nd), CSVC_E_VERSION);
    csvc_desk_free(NULL);
}

/* ---- callback, batches, replay ------------------------------------------------- */

typedef struct recorder {
    int calls;
    int refuse_at; /* refuse the call with this number (1-based), 0 never */
    csvc_event_type last_type;
} recorder;

static csvc_status record(const csvc_event *ev, void *ud)
{
    recorder *r = ud;
    r->calls++;
    r->last_type = ev->type;
    return r->calls == r->refuse_at ? CSVC_E_IO : CSVC_OK;
}

static void test_callback_undo(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    recorder rec = {0, 0, CSVC_EVENT_CREATED};
    assert_ok(d, csvc_desk_set_event_callback(d, record, &rec));
    reach(d, "U", CSVC_STATE_IN_PROGRESS, T0);
    assert_int_equal(rec.calls, 3);
    assert_int_equal(rec.last_type, CSVC_EVENT_STARTED);

    uint64_t before = checksum(d);
    rec.refuse_at = rec.calls + 1;
    assert_status_msg(csvc_desk_resolve(d, "U", "done", 1, T0 + 10), CSVC_E_IO,
                      "callback refused resolved");
    assert_int_equal(checksum(d), before);
    assert_int_equal(state_of(d, "U"), CSVC_STATE_IN_PROGRESS);

    /* A refused creation leaves no ticket behind; the id stays free. */
    rec.refuse_at = rec.calls + 1;
    csvc_ticket_spec s = CSVC_TICKET_SPEC_INIT;
    s.id = "V";
    s.team_id = "T1";
    s.created = T0;
    assert_int_equal(csvc_desk_create(d, &s), CSVC_E_IO);
    assert_int_equal(csvc_desk_ticket_count(d), 1);
    assert_int_equal(checksum(d), before);
    assert_ok(d, csvc_desk_create(d, &s));
    assert_ok(d, csvc_desk_set_event_callback(d, NULL, NULL));
    assert_int_equal(csvc_desk_set_event_callback(NULL, record, NULL), CSVC_E_NULL);
}

static void test_batch_rollback(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    reach(d, "K", CSVC_STATE_ASSIGNED, T0);
    uint64_t before = checksum(d);
    assert_int_equal(cs_desk_txn_begin(d), CSVC_OK);
    assert_ok(d, csvc_desk_start(d, "K", T0 + 5));
    uint64_t after_start = checksum(d);

    /* A nested group rolls back to its own start only. */
    assert_int_equal(cs_desk_txn_begin(d), CSVC_OK);
    assert_ok(d, csvc_desk_resolve(d, "K", NULL, 0, T0 + 6));
    create(d, "L", "T1", T0);
    assert_ok(d, csvc_desk_assign(d, "L", "A2", T0 + 1));
    cs_desk_txn_rollback(d);
    assert_int_equal(checksum(d), after_start);
    assert_int_equal(state_of(d, "K"), CSVC_STATE_IN_PROGRESS);

    /* A committed nested group is still undone by its outer group. */
    assert_int_equal(cs_desk_txn_begin(d), CSVC_OK);
    assert_ok(d, csvc_desk_resolve(d, "K", NULL, 0, T0 + 6));
    create(d, "L", "T1", T0);
    assert_ok(d, csvc_desk_assign(d, "L", "A2", T0 + 1));
    assert_int_equal(cs_desk_txn_commit(d), CSVC_OK);
    cs_desk_txn_rollback(d);
    assert_int_equal(checksum(d), before);
    assert_int_equal(csvc_desk_ticket_count(d), 1);
    assert_int_equal(state_of(d, "K"), CSVC_STATE_ASSIGNED);
    assert_int_equal(d->open_by_agent[0], 1); /* A1 holds K */
    assert_int_equal(d->open_by_agent[1], 0);
    create(d, "L", "T1", T0); /* the id is free again */

    /* A ticket created in an outer group and changed in an inner one is
     * restored by the inner rollback (it is older than the inner group). */
    assert_int_equal(cs_desk_txn_begin(d), CSVC_OK);
    create(d, "M", "T1", T0);
    uint64_t with_m = checksum(d);
    assert_int_equal(cs_desk_txn_begin(d), CSVC_OK);
    assert_ok(d, csvc_desk_assign(d, "M", "A2", T0 + 1));
    cs_desk_txn_rollback(d);
    assert_int_equal(checksum(d), with_m);
    assert_int_equal(state_of(d, "M"), CSVC_STATE_NEW);
    assert_int_equal(d->open_by_agent[1], 0); /* A2 holds nothing */
    cs_desk_txn_rollback(d);
    assert_int_equal(csvc_desk_ticket_count(d), 2);

    /* Groups nest up to CS_DESK_MAX_GROUPS deep. */
    for (int i = 0; i < CS_DESK_MAX_GROUPS; i++)
        assert_int_equal(cs_desk_txn_begin(d), CSVC_OK);
    assert_status_msg(cs_desk_txn_begin(d), CSVC_E_BUSY, "nested groups");
    for (int i = 0; i < CS_DESK_MAX_GROUPS; i++)
        assert_int_equal(cs_desk_txn_commit(d), CSVC_OK);
    assert_int_equal(d->txn_depth, 0);
    assert_int_equal(d->nundo, 0);
}

/* A random but legal history: random operations, refused ones skipped. */
static void random_history(csvc_desk *d, unsigned seed, int ops)
{
    srand(seed);
    char id[16];
    int64_t t = T0;
    int tickets = 0;
    for (int i = 0; i < ops; i++) {
        t += rand() % 600;
        if (tickets == 0 || rand() % 5 == 0) {
            snprintf(id, sizeof id, "R%d", tickets++);
            create(d, id, rand() % 2 ? "T1" : "T2", t);
            continue;
        }
        snprintf(id, sizeof id, "R%d", rand() % tickets);
        int op = rand() % (OP_COUNT + 1);
        if (op == OP_COUNT) {
            int reopened;
            char next[24];
            snprintf(next, sizeof next, "N%d", i);
            (void)csvc_desk_follow_up(d, id, next, t, &reopened);
        } else {
            (void)run_op(d, (enum op)op, id, t);
        }
    }
}

static int replay_into(const csvc_event *ev, void *ud)
{
    csvc_desk *target = ud;
    return csvc_desk_apply(target, ev) != CSVC_OK;
}

static void test_replay_equivalence(void **state)
{
    fixture *f = *state;
    for (unsigned seed = 1; seed <= 20; seed++) {
        csvc_desk *d, *copy;
        assert_csvc_ok(csvc_desk_new(f->roster, NULL, &d));
        random_history(d, seed, 600);
        assert_csvc_ok(csvc_desk_new(f->roster, NULL, &copy));
        assert_ok(d, csvc_desk_foreach_event(d, NULL, NULL, replay_into, copy));
        assert_int_equal(checksum(d), checksum(copy));
        assert_int_equal(csvc_desk_event_count(d), csvc_desk_event_count(copy));
        assert_int_equal(csvc_desk_ticket_count(d), csvc_desk_ticket_count(copy));
        assert_memory_equal(d->open_by_agent, copy->open_by_agent,
                            d->nagents_tracked * sizeof *d->open_by_agent);
        csvc_desk_free(copy);
        csvc_desk_free(d);
    }
}

/* Open-ticket counts per agent, recounted naively from the ticket views. */
static void test_open_counts_match_states(void **state)
{
    fixture *f = *state;
    random_history(f->desk, 99, 2000);
    uint32_t expected[4] = {0};
    const char *agents[4] = {"A1", "A2", "B1", "GONE"};
    for (size_t i = 0; i < csvc_desk_ticket_count(f->desk); i++) {
        csvc_ticket_info info;
        assert_ok(f->desk, csvc_desk_ticket_at(f->desk, i, &info));
        if (info.state > CSVC_STATE_PENDING || !info.agent_id)
            continue;
        for (int k = 0; k < 4; k++)
            if (strcmp(info.agent_id, agents[k]) == 0)
                expected[k]++;
    }
    assert_memory_equal(f->desk->open_by_agent, expected, sizeof expected);
}

typedef struct collected {
    int n;
    csvc_event_type types[16];
    uint64_t seqs[16];
} collected;

static int collect(const csvc_event *ev, void *ud)
{
    collected *c = ud;
    if (c->n < 16) {
        c->types[c->n] = ev->type;
        c->seqs[c->n] = ev->seq;
    }
    c->n++;
    return 0;
}

static int stop_at_two(const csvc_event *ev, void *ud)
{
    (void)ev;
    return ++*(int *)ud == 2 ? 7 : 0;
}

static void test_foreach_filters(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    reach(d, "M", CSVC_STATE_IN_PROGRESS, T0);   /* events at T0, +1, +2: seq 1,2,3 */
    reach(d, "O", CSVC_STATE_ASSIGNED, T0 + 10); /* T0+10, +11: seq 4,5 */
    assert_ok(d, csvc_desk_resolve(d, "M", NULL, 0, T0 + 20)); /* seq 6 */
    collected c = {0};
    assert_ok(d, csvc_desk_foreach_event(d, "M", NULL, collect, &c));
    assert_int_equal(c.n, 4);
    assert_int_equal(c.types[0], CSVC_EVENT_CREATED);
    assert_int_equal(c.types[3], CSVC_EVENT_RESOLVED);
    assert_int_equal(c.seqs[3], 6);
    csvc_period p = {T0 + 2, T0 + 11}; /* half-open: T0+2 .. T0+10 */
    memset(&c, 0, sizeof c);
    assert_ok(d, csvc_desk_foreach_event(d, NULL, &p, collect, &c));
    assert_int_equal(c.n, 2);
    assert_int_equal(c.seqs[0], 3);
    assert_int_equal(c.seqs[1], 4);
    int calls = 0;
    assert_int_equal(csvc_desk_foreach_event(d, NULL, NULL, stop_at_two, &calls), 7);
    assert_int_equal(csvc_desk_foreach_event(d, "nope", NULL, collect, &c), CSVC_E_NOTFOUND);
    assert_int_equal(csvc_desk_foreach_event(d, NULL, NULL, NULL, &c), CSVC_E_NULL);
    csvc_period bad = {T0 + 5, T0};
    assert_int_equal(csvc_desk_foreach_event(d, NULL, &bad, collect, &c), CSVC_E_RANGE);
}

static void test_allocation_failures(void **state)
{
    fixture *f = *state;
    int completed = 0;
    for (long budget = 0; budget < 400 && !completed; budget++) {
        test_failing_alloc fa = {-1, 0, 0};
        csvc_allocator a = test_failing_allocator(&fa);
        csvc_desk_options o = CSVC_DESK_OPTIONS_INIT;
        o.allocator = &a;
        csvc_desk *d;
        assert_csvc_ok(csvc_desk_new(f->roster, &o, &d));
        fa.budget = budget;
        csvc_status rc = CSVC_OK;
        int i;
        for (i = 0; i < 40 && rc == CSVC_OK; i++) {
            char id[16];
            snprintf(id, sizeof id, "M%d", i);
            uint64_t before = 0;
            csvc_desk_checksum(d, &before);
            csvc_ticket_spec s = CSVC_TICKET_SPEC_INIT;
            s.id = id;
            s.team_id = "T1";
            s.customer_id = id;
            s.created = T0 + i;
            rc = csvc_desk_create(d, &s);
            if (rc == CSVC_OK)
                rc = csvc_desk_assign(d, id, "A1", T0 + i);
            if (rc != CSVC_OK) {
                assert_int_equal(rc, CSVC_E_NOMEM);
                uint64_t after = 1;
                fa.budget = -1;
                csvc_desk_checksum(d, &after);
                /* A failed create leaves nothing; a failed assign leaves the creation. */
                assert_true(csvc_desk_ticket_count(d) == (size_t)i ||
                            csvc_desk_ticket_count(d) == (size_t)i + 1);
            }
        }
        completed = rc == CSVC_OK;
        csvc_desk_free(d);
        assert_int_equal(fa.live, 0);
    }
    assert_true(completed);
}

static void test_state_size(void **state)
{
    (void)state;
    assert_true(csvc_desk_ticket_state_size() <= 112);
    assert_int_equal(sizeof(cs_event), 40);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(csvc_state_name(CSVC_STATE_IN_PROGRESS), "in_progress");
    assert_null(csvc_state_name((csvc_ticket_state)7));
    assert_string_equal(csvc_event_type_name(CSVC_EVENT_CUSTOMER_REPLY), "customer_reply");
    assert_string_equal(csvc_channel_name(CSVC_CHANNEL_IN_STORE), "in_store");
    assert_string_equal(csvc_priority_name(CSVC_PRIORITY_URGENT), "urgent");
    csvc_event_type t;
    assert_csvc_ok(csvc_event_type_parse("reopened", &t));
    assert_int_equal(t, CSVC_EVENT_REOPENED);
    assert_status_msg(csvc_event_type_parse("exploded", &t), CSVC_E_INVALID, "exploded");
    csvc_channel c;
    assert_int_equal(csvc_channel_parse(NULL, &c), CSVC_E_NULL);
    assert_csvc_ok(csvc_channel_parse("web_form", &c));
    assert_int_equal(c, CSVC_CHANNEL_WEB_FORM);
    csvc_priority p;
    assert_csvc_ok(csvc_priority_parse("URGENT", &p)); /* ASCII case folded */
    assert_int_equal(p, CSVC_PRIORITY_URGENT);
    assert_status_msg(csvc_priority_parse("urgentish", &p), CSVC_E_INVALID, "urgentish");
    csvc_ticket_state s;
    assert_csvc_ok(csvc_state_parse("cancelled", &s));
    assert_int_equal(s, CSVC_STATE_CANCELLED);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_transition_table),
        T(test_transition_message),
        T(test_lifecycle_values),
        T(test_escalate_to_tier_three),
        T(test_transfer),
        T(test_reopen_window_and_follow_up),
        T(test_auto_close),
        T(test_bad_events),
        T(test_callback_undo),
        T(test_batch_rollback),
        T(test_replay_equivalence),
        T(test_open_counts_match_states),
        T(test_foreach_filters),
        T(test_allocation_failures),
        cmocka_unit_test(test_state_size),
        cmocka_unit_test(test_names),
    };
#undef T
    return cmocka_run_group_tests_name("desk", tests, NULL, NULL);
}
