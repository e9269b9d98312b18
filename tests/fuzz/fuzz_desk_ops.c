/* libFuzzer target: the desk's state machine driven by arbitrary operation
 * sequences.
 *
 * Input: 4 bytes per operation (op, ticket/selector, argument, time step),
 * on a fixed roster of two teams, three active agents and an inactive one.
 * Tickets and agents come from small sets (with ids the desk does not
 * know), times move by small steps that are sometimes negative. Refused
 * operations are ignored, but must change nothing.
 *
 * Checked after every operation (abort() on violation):
 * - the event count is the number of accepted operations (+ the closings of
 *   auto-close), and the tickets' own event counts add up to it;
 * - every ticket's state, tier, CSAT, ... is in range;
 * - the open-ticket counts per agent (routing) match a recount, and the
 *   dispatch queue lists exactly the open tickets;
 * - a refused operation left its ticket and the log untouched.
 * Then the whole input is also fed to both CSV imports (events, flat
 * tickets) of the desk built so far: each applies whole or changes nothing.
 * At the end, replaying the log into a fresh desk (foreach -> apply) and
 * re-importing the CSV export both give the same checksum. */
#include <csvc.h>

#include "desk/desk_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define T0 INT64_C(1767225600) /* 2026-01-01T00:00:00Z */
#define MAX_OPS 400
#define NTICKETS 8

static const char *const ticket_ids[NTICKETS] = {"K0", "K1", "K2", "K3", "K4", "K5", "K6", "ZZ"};
static const char *const agent_ids[] = {"A1", "A2", "B1", "OFF", "NOBODY", NULL};
static const char *const team_ids[] = {"T1", "T2", "NOTEAM", NULL};
static const char *const codes[] = {NULL, "fixed", "refund, partial", ""};
#define NAGENT_IDS (sizeof agent_ids / sizeof agent_ids[0])
#define NTEAM_IDS (sizeof team_ids / sizeof team_ids[0])
#define NCODES (sizeof codes / sizeof codes[0])

enum {
    OP_CREATE,
    OP_ASSIGN,
    OP_START,
    OP_AGENT_REPLY,
    OP_CUSTOMER_REPLY,
    OP_NOTE,
    OP_PEND,
    OP_RESUME,
    OP_RESOLVE,
    OP_CLOSE,
    OP_REOPEN,
    OP_FOLLOW_UP,
    OP_TRANSFER,
    OP_ESCALATE,
    OP_CANCEL,
    OP_RATE,
    OP_COMPLAINT,
    OP_AUTO_CLOSE,
    NOPS
};

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_desk_ops: %s:%d: check failed: %s\n", __FILE__, __LINE__,        \
                    #cond);                                                                        \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static csvc_roster *make_roster(void)
{
    csvc_roster *r;
    CHECK(csvc_roster_new(NULL, &r) == CSVC_OK);
    const char *teams[] = {"T1", "T2"};
    for (int i = 0; i < 2; i++) {
        csvc_team_info t = CSVC_TEAM_INFO_INIT;
        t.id = teams[i];
        CHECK(csvc_roster_add_team(r, &t) == CSVC_OK);
    }
    const char *agents[][2] = {{"A1", "T1"}, {"A2", "T1"}, {"B1", "T2"}, {"OFF", "T2"}};
    for (int i = 0; i < 4; i++) {
        csvc_agent_info a = CSVC_AGENT_INFO_INIT;
        a.id = agents[i][0];
        a.name = agents[i][0];
        a.team_id = agents[i][1];
        a.active = i < 3;
        a.skills = CSVC_SKILLS_ALL;
        CHECK(csvc_roster_add_agent(r, &a) == CSVC_OK);
    }
    return r;
}

/* The same configuration for the fuzzed desk and its replays. T1 works
 * weekdays 09:00-12:00 and 13:00-18:00 (business time in SLA pauses); T2
 * has short reopen and auto-close delays. */
static csvc_desk *make_desk(const csvc_roster *roster)
{
    csvc_desk_options o = CSVC_DESK_OPTIONS_INIT;
    o.reopen_window = 2 * 3600;
    o.auto_close_after = 3600;
    csvc_desk *d;
    CHECK(csvc_desk_new(roster, &o, &d) == CSVC_OK);
    CHECK(csvc_desk_set_reopen_policy(d, "T2", 600, 300) == CSVC_OK);
    csvc_calendar *cal;
    CHECK(csvc_calendar_new(NULL, 8 * 3600, &cal) == CSVC_OK);
    for (int day = CSVC_MONDAY; day <= CSVC_FRIDAY; day++) {
        CHECK(csvc_calendar_add_hours(cal, (csvc_weekday)day, 9 * 60, 12 * 60) == CSVC_OK);
        CHECK(csvc_calendar_add_hours(cal, (csvc_weekday)day, 13 * 60, 18 * 60) == CSVC_OK);
    }
    CHECK(csvc_desk_set_calendar(d, "T1", cal) == CSVC_OK);
    csvc_calendar_free(cal);
    csvc_sla_policy p = CSVC_SLA_POLICY_INIT;
    p.first_response = 1800;
    p.next_response = 3600;
    p.resolution = 4 * 3600;
    p.pause_states = CSVC_PAUSE_PENDING_CUSTOMER | CSVC_PAUSE_PENDING_INTERNAL;
    CHECK(csvc_desk_add_sla_policy(d, &p) == CSVC_OK);
    return d;
}

/* Fields of a ticket that any change would touch. */
static int same_ticket(const csvc_ticket_info *a, const csvc_ticket_info *b)
{
    return a->state == b->state && a->tier == b->tier && a->reopen_count == b->reopen_count &&
           a->transfer_count == b->transfer_count && a->csat == b->csat &&
           a->complaints == b->complaints && a->first_contact == b->first_contact &&
           a->first_response == b->first_response && a->first_resolved == b->first_resolved &&
           a->resolved == b->resolved && a->closed == b->closed &&
           a->event_count == b->event_count && a->agent_id == b->agent_id &&
           a->team_id == b->team_id && a->related_id == b->related_id;
}

static void check_invariants(const csvc_desk *d, uint64_t expected_events, int64_t now)
{
    CHECK(csvc_desk_event_count(d) == expected_events);
    size_t n = csvc_desk_ticket_count(d), open = 0;
    uint64_t events = 0;
    uint32_t per_agent[8] = {0};
    for (size_t i = 0; i < n; i++) {
        csvc_ticket_info t;
        CHECK(csvc_desk_ticket_at(d, i, &t) == CSVC_OK);
        CHECK((unsigned)t.state < CSVC_STATE_COUNT);
        CHECK(t.tier >= 1 && t.tier <= 3);
        CHECK(t.csat >= 0 && t.csat <= 5);
        CHECK(t.complaints >= 0 && t.reopen_count >= 0 && t.transfer_count >= 0);
        CHECK(t.event_count >= 1);
        CHECK((t.csat != 0) <= (t.resolved != CSVC_TIME_NONE));
        if (t.state == CSVC_STATE_RESOLVED || t.state == CSVC_STATE_CLOSED)
            CHECK(t.resolved != CSVC_TIME_NONE && t.resolved >= t.created);
        CHECK((t.state == CSVC_STATE_CLOSED) == (t.closed != CSVC_TIME_NONE));
        CHECK(t.first_resolved == CSVC_TIME_NONE || t.resolved >= t.first_resolved);
        CHECK(t.team_id != NULL);
        events += t.event_count;
        if (cs_state_is_open((uint8_t)t.state)) {
            open++;
            const cs_ticket *raw = &d->tickets[i];
            if (raw->agent != CS_NONE) {
                CHECK(raw->agent < 8);
                per_agent[raw->agent]++;
            }
        }
    }
    CHECK(events == expected_events);
    for (size_t a = 0; a < d->nagents_tracked && a < 8; a++)
        CHECK(d->open_by_agent[a] == per_agent[a]);
    size_t queued = 0;
    CHECK(csvc_desk_dispatch_queue(d, now, -1, NULL, 0, &queued) == CSVC_OK);
    CHECK(queued == open);
}

typedef struct replay_ctx {
    csvc_desk *into;
    int failed;
} replay_ctx;

static int replay_one(const csvc_event *e, void *ud)
{
    replay_ctx *c = ud;
    if (csvc_desk_apply(c->into, e) != CSVC_OK) {
        fprintf(stderr, "fuzz_desk_ops: replay of event %llu refused: %s\n",
                (unsigned long long)e->seq, csvc_desk_errmsg(c->into));
        c->failed = 1;
        return 1;
    }
    return 0;
}

static uint64_t checksum(const csvc_desk *d)
{
    uint64_t sum;
    CHECK(csvc_desk_checksum(d, &sum) == CSVC_OK);
    return sum;
}

/* Replays the log into a fresh desk, then round-trips it through CSV. */
static void check_replay(const csvc_roster *roster, const csvc_desk *d)
{
    uint64_t want = checksum(d);
    replay_ctx c = {make_desk(roster), 0};
    CHECK(csvc_desk_foreach_event(d, NULL, NULL, replay_one, &c) == CSVC_OK && !c.failed);
    CHECK(csvc_desk_event_count(c.into) == csvc_desk_event_count(d));
    CHECK(checksum(c.into) == want);
    csvc_desk_free(c.into);

    char path[64];
    snprintf(path, sizeof path, "/tmp/fuzz_desk_ops.%ld.csv", (long)getpid());
    CHECK(csvc_desk_export_events_csv(d, path) == CSVC_OK);
    csvc_desk *copy = make_desk(roster);
    if (csvc_desk_import_events_csv(copy, path) != CSVC_OK) {
        fprintf(stderr, "fuzz_desk_ops: re-import failed: %s\n", csvc_desk_errmsg(copy));
        abort();
    }
    CHECK(checksum(copy) == want);
    csvc_desk_free(copy);
    remove(path);
}

static int latest_time(const csvc_event *e, void *ud)
{
    int64_t *latest = ud;
    if (e->time > *latest)
        *latest = e->time;
    return 0;
}

/* Runs one operation; returns its status and adds the events it appended
 * to *added. */
static csvc_status run_op(csvc_desk *d, const uint8_t *in, int64_t now, uint64_t *added)
{
    uint8_t op = in[0] % NOPS, sel = in[1], arg = in[2];
    const char *id = ticket_ids[sel % NTICKETS];
    const char *agent = agent_ids[(sel >> 3) % NAGENT_IDS];
    const char *team = team_ids[(arg >> 4) % NTEAM_IDS];
    csvc_status rc = CSVC_OK;
    *added = 0;
    switch (op) {
    case OP_CREATE: {
        csvc_ticket_spec s = CSVC_TICKET_SPEC_INIT;
        s.id = id;
        s.customer_id = (arg & 1) ? "cust-1" : NULL;
        s.channel = (csvc_channel)(arg % CSVC_CHANNEL_COUNT);
        s.category = (csvc_category)((arg >> 3) % CSVC_CATEGORY_COUNT);
        s.priority = (csvc_priority)((arg >> 6) % CSVC_PRIORITY_COUNT);
        s.team_id = team;
        s.created = now;
        rc = csvc_desk_create(d, &s);
        break;
    }
    case OP_ASSIGN:
        rc = csvc_desk_assign(d, id, agent, now);
        break;
    case OP_START:
        rc = csvc_desk_start(d, id, now);
        break;
    case OP_AGENT_REPLY:
        rc = csvc_desk_agent_reply(d, id, (arg & 1) ? agent : NULL, now);
        break;
    case OP_CUSTOMER_REPLY:
        rc = csvc_desk_customer_reply(d, id, now);
        break;
    case OP_NOTE:
        rc = csvc_desk_note(d, id, (arg & 1) ? agent : NULL, now);
        break;
    case OP_PEND:
        rc = csvc_desk_pend(d, id, (csvc_pend_reason)(arg % 3), now);
        break;
    case OP_RESUME:
        rc = csvc_desk_resume(d, id, now);
        break;
    case OP_RESOLVE:
        rc = csvc_desk_resolve(d, id, codes[arg % NCODES], (arg >> 2) & 1, now);
        break;
    case OP_CLOSE:
        rc = csvc_desk_close(d, id, now);
        break;
    case OP_REOPEN:
        rc = csvc_desk_reopen(d, id, now);
        break;
    case OP_FOLLOW_UP: {
        int reopened = -1;
        rc = csvc_desk_follow_up(d, id, ticket_ids[arg % NTICKETS], now, &reopened);
        CHECK(rc != CSVC_OK || reopened == 0 || reopened == 1);
        break;
    }
    case OP_TRANSFER:
        rc = csvc_desk_transfer(d, id, (arg & 1) ? team : NULL, (arg & 2) ? agent : NULL, now);
        break;
    case OP_ESCALATE:
        rc = csvc_desk_escalate(d, id, (arg & 1) ? agent : NULL, now);
        break;
    case OP_CANCEL:
        rc = csvc_desk_cancel(d, id, (arg & 1) ? ticket_ids[(arg >> 1) % NTICKETS] : NULL, now);
        break;
    case OP_RATE:
        rc = csvc_desk_rate(d, id, (int32_t)(arg % 7), now);
        break;
    case OP_COMPLAINT:
        rc = csvc_desk_complaint(d, id, now);
        break;
    case OP_AUTO_CLOSE: {
        size_t closed = 0;
        uint64_t before = csvc_desk_event_count(d);
        rc = csvc_desk_auto_close(d, now, &closed);
        CHECK(csvc_desk_event_count(d) - before == closed);
        *added = closed;
        return rc;
    }
    default:
        abort();
    }
    if (rc == CSVC_OK)
        *added = 1;
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static csvc_roster *roster;
    if (!roster)
        roster = make_roster(); /* never changes: shared by every run */
    csvc_desk *d = make_desk(roster);
    int64_t now = T0, latest = T0;
    uint64_t expected = 0;
    size_t nops = size / 4 < MAX_OPS ? size / 4 : MAX_OPS;
    for (size_t i = 0; i < nops; i++) {
        const uint8_t *in = data + 4 * i;
        now += (int64_t)(int8_t)in[3] * 37; /* about -79..+78 minutes */
        const char *id = ticket_ids[in[1] % NTICKETS];
        csvc_ticket_info before;
        int existed = csvc_desk_get_ticket(d, id, &before) == CSVC_OK;
        size_t tickets = csvc_desk_ticket_count(d);
        uint64_t added;
        csvc_status rc = run_op(d, in, now, &added);
        if (rc == CSVC_OK) {
            expected += added;
            if (added && now > latest)
                latest = now;
        } else {
            /* Refused: nothing changed (auto-close may have closed some
             * tickets before a refusal; they are counted in `added`). */
            expected += added;
            CHECK(csvc_desk_errmsg(d)[0] != '\0');
            CHECK(csvc_desk_ticket_count(d) == tickets);
            csvc_ticket_info after;
            if (existed && in[0] % NOPS != OP_AUTO_CLOSE) {
                CHECK(csvc_desk_get_ticket(d, id, &after) == CSVC_OK);
                CHECK(same_ticket(&before, &after));
            }
        }
        check_invariants(d, expected, latest);
    }
    /* The same bytes as CSV, into the desk built so far: each import either
     * applies whole or leaves the desk exactly as it was. */
    for (int flat = 0; flat < 2; flat++) {
        uint64_t sum = checksum(d), count = csvc_desk_event_count(d);
        size_t tickets = csvc_desk_ticket_count(d);
        csvc_status rc = flat ? csvc_desk_import_tickets_csv_buffer(d, (const char *)data, size)
                              : csvc_desk_import_events_csv_buffer(d, (const char *)data, size);
        if (rc != CSVC_OK) {
            CHECK(csvc_desk_errmsg(d)[0] != '\0');
            CHECK(checksum(d) == sum && csvc_desk_event_count(d) == count &&
                  csvc_desk_ticket_count(d) == tickets);
        } else {
            expected = csvc_desk_event_count(d);
            CHECK(csvc_desk_foreach_event(d, NULL, NULL, latest_time, &latest) == CSVC_OK);
        }
        check_invariants(d, expected, latest);
    }
    check_replay(roster, d);
    csvc_desk_free(d);
    return 0;
}
