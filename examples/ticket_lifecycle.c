/* ticket_lifecycle: one after-sales ticket from the first chat message to
 * the customer's rating, with the event log and the SLA clocks after each
 * step.
 *
 *   ticket_lifecycle [--db PATH] [path/to/roster.csv]
 *
 * With --db the roster, the desk's configuration and every event are
 * journaled to PATH; a later run with the same PATH reloads and prints them.
 *
 * The case: on Friday evening a customer writes in the chat that the
 * blender she bought online arrived with a cracked jug and asks to return
 * it. The returns team (RET in examples/data/roster.csv) works Monday to
 * Friday 09:00-18:00 China Standard Time (+08:00), answers return requests
 * within 4 business hours, answers each further customer message within 4
 * business hours and resolves within 3 business days (27 h); the clocks
 * stop while the ticket waits on the customer. Skill routing picks a
 * returns agent; the agent asks for photos and pends the ticket; the
 * customer sends them on Saturday; on Monday morning the agent approves a
 * refund without return, resolves ("refund_issued"), closes the ticket once
 * the refund is credited, and the customer rates the service 5.
 */
#include <csvc.h>

#include <stdio.h>
#include <string.h>

#define UTC_OFFSET (8 * 3600)
#define HOUR 3600

static const int64_t FIRST_RESPONSE = 4 * HOUR;
static const int64_t NEXT_RESPONSE = 4 * HOUR;
static const int64_t RESOLUTION = 27 * HOUR; /* 3 business days of 9 h */

/* `t` as local ISO 8601 ("2025-11-14T17:10:00+08:00"): csvc_time_format()
 * of the local wall-clock time, with the offset in place of the "Z". */
static const char *local_time(int64_t t, char *buf, size_t size)
{
    if (t == CSVC_TIME_NONE) {
        snprintf(buf, size, "-");
        return buf;
    }
    if (csvc_time_format(t + UTC_OFFSET, buf, size) != CSVC_OK || strlen(buf) + 6 > size) {
        snprintf(buf, size, "%lld", (long long)t);
        return buf;
    }
    buf[strlen(buf) - 1] = '\0'; /* drop the "Z" */
    strcat(buf, "+08:00");
    return buf;
}

/* Business seconds as "3h45m" (negative: "-0h20m"). */
static const char *duration(int64_t s, char *buf, size_t size)
{
    int64_t a = s < 0 ? -s : s;
    snprintf(buf, size, "%s%lldh%02lldm", s < 0 ? "-" : "", (long long)(a / HOUR),
             (long long)(a % HOUR / 60));
    return buf;
}

static int64_t at(const char *iso)
{
    int64_t t = 0;
    if (csvc_time_parse(iso, &t) != CSVC_OK)
        fprintf(stderr, "ticket_lifecycle: %s\n", csvc_last_errmsg());
    return t;
}

static const char *agent_name(const csvc_roster *roster, const char *id)
{
    static csvc_agent_info info;
    if (!id || csvc_roster_get_agent(roster, id, &info) != CSVC_OK)
        return "?";
    return info.name;
}

/* Who acted: an agent, the customer, or the system. A NULL actor on an
 * agent's kind of event is the assignee (desk.h). */
static void print_actor(const csvc_roster *roster, const csvc_event *e, const char *assignee)
{
    if (e->actor_id) {
        printf("%s %s", e->actor_id, agent_name(roster, e->actor_id));
        return;
    }
    switch (e->type) {
    case CSVC_EVENT_CREATED:
    case CSVC_EVENT_CUSTOMER_REPLY:
    case CSVC_EVENT_RATED:
    case CSVC_EVENT_COMPLAINT:
        printf("customer");
        break;
    case CSVC_EVENT_STARTED:
    case CSVC_EVENT_AGENT_REPLY:
    case CSVC_EVENT_INTERNAL_NOTE:
    case CSVC_EVENT_PENDED:
    case CSVC_EVENT_RESUMED:
    case CSVC_EVENT_RESOLVED:
        printf("%s %s (assignee)", assignee ? assignee : "?", agent_name(roster, assignee));
        break;
    default:
        printf("system");
        break;
    }
}

static void print_payload(const csvc_roster *roster, const csvc_event *e)
{
    switch (e->type) {
    case CSVC_EVENT_CREATED:
        printf("  [%s, %s, %s priority, team %s, customer %s]", csvc_channel_name(e->channel),
               csvc_category_name(e->category), csvc_priority_name(e->priority), e->team_id,
               e->customer_id ? e->customer_id : "-");
        break;
    case CSVC_EVENT_ASSIGNED:
        printf("  -> %s %s", e->agent_id, agent_name(roster, e->agent_id));
        break;
    case CSVC_EVENT_PENDED:
        printf("  [waiting on the %s]", e->value == CSVC_PEND_CUSTOMER ? "customer" : "inside");
        break;
    case CSVC_EVENT_RESOLVED:
        printf("  [code %s%s]", e->code ? e->code : "-", e->value ? ", first contact" : "");
        break;
    case CSVC_EVENT_RATED:
        printf("  [CSAT %d/5]", (int)e->value);
        break;
    default:
        break;
    }
}

/* Prints the events appended since `*seen` and advances it. */
static void print_new_events(const csvc_desk *desk, const csvc_roster *roster, uint64_t *seen)
{
    uint64_t n = csvc_desk_event_count(desk);
    for (uint64_t seq = *seen + 1; seq <= n; seq++) {
        csvc_event e;
        csvc_ticket_info t;
        char when[40];
        if (csvc_desk_event_at(desk, seq, &e) != CSVC_OK ||
            csvc_desk_get_ticket(desk, e.ticket_id, &t) != CSVC_OK)
            continue;
        printf("  event #%llu  %s  %-14s  by ", (unsigned long long)e.seq,
               local_time(e.time, when, sizeof when), csvc_event_type_name(e.type));
        print_actor(roster, &e, t.agent_id);
        print_payload(roster, &e);
        printf("\n");
    }
    *seen = n;
}

/* One clock: "due ..., 3h45m left", "paused, 3h44m left", "met with ...". */
static void print_clock(const char *name, int64_t target, int64_t due, int64_t remaining,
                        int32_t breached, int64_t breach_time, int stopped, int paused)
{
    char a[40], b[40];
    printf("    %-15s ", name);
    if (target == 0) {
        printf("no target\n");
        return;
    }
    if (due == CSVC_TIME_NONE) {
        if (paused && remaining != 0)
            printf("paused, %s of business time left\n", duration(remaining, a, sizeof a));
        else
            printf("not running (no customer message awaiting an answer)\n");
        return;
    }
    if (stopped)
        printf("%s: due %s, done %s %s", breached ? "MISSED" : "met", local_time(due, a, sizeof a),
               duration(remaining < 0 ? -remaining : remaining, b, sizeof b),
               remaining < 0 ? "late" : "early");
    else if (remaining >= 0)
        printf("running: due %s, %s of business time left", local_time(due, a, sizeof a),
               duration(remaining, b, sizeof b));
    else
        printf("running: due %s, %s of business time overdue", local_time(due, a, sizeof a),
               duration(-remaining, b, sizeof b));
    if (breached)
        printf(", BREACHED at %s", local_time(breach_time, a, sizeof a));
    printf("\n");
}

static csvc_status print_sla(const csvc_desk *desk, const char *ticket_id, int64_t now)
{
    csvc_sla_status s = CSVC_SLA_STATUS_INIT;
    csvc_ticket_info t;
    char when[40];
    csvc_status rc = csvc_desk_sla(desk, ticket_id, now, &s);
    if (rc == CSVC_OK)
        rc = csvc_desk_get_ticket(desk, ticket_id, &t);
    if (rc != CSVC_OK) {
        fprintf(stderr, "ticket_lifecycle: SLA of %s: %s (%s)\n", ticket_id,
                csvc_desk_errmsg(desk), csvc_status_name(rc));
        return rc;
    }
    printf("  state %s; SLA at %s%s:\n", csvc_state_name(t.state),
           local_time(now, when, sizeof when), s.paused ? " (clocks paused)" : "");
    print_clock("first response", FIRST_RESPONSE, s.first_response_due, s.first_response_remaining,
                s.first_response_breached, s.first_response_breach_time,
                t.first_response != CSVC_TIME_NONE || t.first_resolved != CSVC_TIME_NONE, s.paused);
    print_clock("next response", NEXT_RESPONSE, s.next_response_due, s.next_response_remaining,
                s.next_response_breached, s.next_response_breach_time, 0, s.paused);
    print_clock("resolution", RESOLUTION, s.resolution_due, s.resolution_remaining,
                s.resolution_breached, s.resolution_breach_time, t.first_resolved != CSVC_TIME_NONE,
                s.paused);
    printf("    breached:       first response %s, next response %s, resolution %s\n",
           s.first_response_breached ? "YES" : "no", s.next_response_breached ? "YES" : "no",
           s.resolution_breached ? "YES" : "no");
    return CSVC_OK;
}

typedef struct story {
    csvc_desk *desk;
    const csvc_roster *roster;
    uint64_t seen;
    int failed;
} story;

/* Reports one step: what happened, its events, and the SLA afterwards. */
static void step(story *st, csvc_status rc, int64_t now, const char *what)
{
    char when[40];
    printf("\n%s  %s\n", local_time(now, when, sizeof when), what);
    if (rc != CSVC_OK) {
        printf("  FAILED: %s (%s)\n", csvc_desk_errmsg(st->desk), csvc_status_name(rc));
        st->failed = 1;
        return;
    }
    print_new_events(st->desk, st->roster, &st->seen);
    if (print_sla(st->desk, "RET-1042", now) != CSVC_OK)
        st->failed = 1;
}

static csvc_calendar *office_hours(void)
{
    csvc_calendar *cal = NULL;
    if (csvc_calendar_new(NULL, UTC_OFFSET, &cal) != CSVC_OK)
        return NULL;
    for (int day = CSVC_MONDAY; day <= CSVC_FRIDAY; day++)
        if (csvc_calendar_add_hours(cal, (csvc_weekday)day, 9 * 60, 18 * 60) != CSVC_OK) {
            csvc_calendar_free(cal);
            return NULL;
        }
    return cal;
}

/* The returns desk: calendar and SLA policy of team RET. */
static csvc_status set_up(csvc_desk *desk)
{
    csvc_calendar *cal = office_hours();
    if (!cal)
        return CSVC_E_NOMEM;
    csvc_status rc = csvc_desk_set_calendar(desk, "RET", cal);
    csvc_calendar_free(cal); /* the desk keeps a copy */
    if (rc != CSVC_OK)
        return rc;
    csvc_sla_policy policy = CSVC_SLA_POLICY_INIT;
    policy.team_id = "RET";
    policy.category = CSVC_CATEGORY_RETURN_REFUND;
    policy.first_response = FIRST_RESPONSE;
    policy.next_response = NEXT_RESPONSE;
    policy.resolution = RESOLUTION;
    policy.pause_states = CSVC_PAUSE_PENDING_CUSTOMER;
    return csvc_desk_add_sla_policy(desk, &policy);
}

/* Earlier that afternoon the team supervisor took over a warranty dispute,
 * so skill routing passes over her for the next return. */
static csvc_status earlier_work(csvc_desk *desk)
{
    csvc_ticket_spec spec = CSVC_TICKET_SPEC_INIT;
    spec.id = "RET-1007";
    spec.customer_id = "CUST-40418";
    spec.channel = CSVC_CHANNEL_PHONE;
    spec.category = CSVC_CATEGORY_REPAIR_WARRANTY;
    spec.priority = CSVC_PRIORITY_HIGH;
    spec.team_id = "RET";
    spec.created = at("2025-11-14T15:30+08:00");
    csvc_status rc = csvc_desk_create(desk, &spec);
    if (rc == CSVC_OK)
        rc = csvc_desk_assign(desk, "RET-1007", "S200", at("2025-11-14T15:32+08:00"));
    return rc;
}

static void run_story(story *st)
{
    csvc_desk *desk = st->desk;
    const char *id = "RET-1042";
    int64_t t;

    t = at("2025-11-14T17:10+08:00"); /* Friday, 50 minutes before closing */
    csvc_ticket_spec spec = CSVC_TICKET_SPEC_INIT;
    spec.id = id;
    spec.customer_id = "CUST-58213";
    spec.channel = CSVC_CHANNEL_CHAT;
    spec.category = CSVC_CATEGORY_RETURN_REFUND;
    spec.priority = CSVC_PRIORITY_NORMAL;
    spec.team_id = "RET";
    spec.created = t;
    step(st, csvc_desk_create(desk, &spec), t,
         "Customer opens a chat: the blender ordered online arrived with a cracked jug; "
         "she wants to return it.");

    t = at("2025-11-14T17:12+08:00");
    const char *agent = NULL;
    csvc_status rc = csvc_desk_route(desk, id, CSVC_ROUTE_SKILL, &agent);
    if (rc == CSVC_OK)
        rc = csvc_desk_assign(desk, id, agent, t);
    step(st, rc, t, "Skill routing picks the least-loaded returns agent; the ticket is assigned.");
    if (rc != CSVC_OK)
        return;

    t = at("2025-11-14T17:25+08:00");
    step(st, csvc_desk_agent_reply(desk, id, agent, t), t,
         "Agent apologises and asks for photos of the jug and of the parcel.");

    t = at("2025-11-14T17:26+08:00");
    step(st, csvc_desk_pend(desk, id, CSVC_PEND_CUSTOMER, t), t,
         "Agent pends the ticket until the photos arrive (SLA clocks stop).");

    t = at("2025-11-15T10:30+08:00"); /* Saturday: the office is closed */
    step(st, csvc_desk_customer_reply(desk, id, t), t,
         "Customer sends the photos; the ticket resumes and the next-response clock starts "
         "(it counts from Monday 09:00).");

    t = at("2025-11-17T09:40+08:00"); /* Monday */
    step(st, csvc_desk_agent_reply(desk, id, agent, t), t,
         "Agent confirms transport damage and approves a refund without return.");

    t = at("2025-11-17T09:45+08:00");
    step(st, csvc_desk_resolve(desk, id, "refund_issued", 0, t), t,
         "Refund of the order issued; ticket resolved.");

    t = at("2025-11-18T11:20+08:00");
    csvc_event close = CSVC_EVENT_INIT; /* apply() records who closed it */
    close.type = CSVC_EVENT_CLOSED;
    close.ticket_id = id;
    close.time = t;
    close.actor_id = agent;
    step(st, csvc_desk_apply(desk, &close), t,
         "The refund is credited to the customer's card; the agent closes the ticket.");

    t = at("2025-11-18T11:35+08:00");
    step(st, csvc_desk_rate(desk, id, 5, t), t,
         "Customer answers the satisfaction survey: 5 out of 5.");
}

static void usage(FILE *to)
{
    fprintf(to, "usage: ticket_lifecycle [--db PATH] [roster.csv]\n"
                "  Walks one return request through its life and prints the SLA clocks\n"
                "  after each step. roster.csv defaults to examples/data/roster.csv.\n"
                "  --db PATH  journal the roster, desk configuration and events to PATH;\n"
                "             run again with the same PATH to see them reloaded.\n");
}

/* Loads the roster: from the database when it holds one (--db), else from
 * the CSV (and, with --db, saves it there). */
static csvc_status load_roster(csvc_store *store, csvc_roster *roster, const char *csv)
{
    csvc_status rc;
    if (store && (rc = csvc_store_attach_roster(store, roster)) != CSVC_OK)
        return rc;
    if (csvc_roster_agent_count(roster) > 0)
        return CSVC_OK; /* loaded from the database */
    return csvc_roster_import_csv(roster, csv); /* persisted if attached */
}

static int fail(const char *what, const char *msg, csvc_status rc)
{
    fprintf(stderr, "ticket_lifecycle: %s: %s (%s)\n", what, msg, csvc_status_name(rc));
    return 1;
}

/* The time of the ticket's latest event: where a reloaded story ends. */
static int64_t last_event_time(const csvc_desk *desk, const char *ticket_id)
{
    int64_t last = CSVC_TIME_NONE;
    uint64_t n = csvc_desk_event_count(desk);
    for (uint64_t seq = 1; seq <= n; seq++) {
        csvc_event e;
        if (csvc_desk_event_at(desk, seq, &e) == CSVC_OK && strcmp(e.ticket_id, ticket_id) == 0)
            last = e.time;
    }
    return last;
}

/* A database from an earlier run: show what it kept. */
static int print_reloaded(const csvc_desk *desk, const csvc_roster *roster)
{
    printf("The database already holds the story (%llu events); its log:\n",
           (unsigned long long)csvc_desk_event_count(desk));
    uint64_t seen = 0;
    print_new_events(desk, roster, &seen);
    return print_sla(desk, "RET-1042", last_event_time(desk, "RET-1042")) == CSVC_OK ? 0 : 1;
}

static int run_desk(csvc_desk *desk, csvc_store *store, const csvc_roster *roster)
{
    /* Configure first, then attach: a store that already has this
     * configuration keeps it without journaling it again. */
    csvc_status rc = set_up(desk);
    if (rc != CSVC_OK)
        return fail("desk", csvc_desk_errmsg(desk), rc);
    if (store && (rc = csvc_store_attach_desk(store, desk)) != CSVC_OK)
        return fail("store", csvc_store_errmsg(store), rc);
    printf("libcsvc %s: returns desk (team RET), open Mon-Fri 09:00-18:00 +08:00\n",
           csvc_version());
    printf("SLA for return requests: first response 4 h, next response 4 h, resolution 27 h "
           "(3 business days), paused while pending on the customer\n");

    csvc_ticket_info t;
    if (csvc_desk_get_ticket(desk, "RET-1042", &t) == CSVC_OK)
        return print_reloaded(desk, roster);
    if ((rc = earlier_work(desk)) != CSVC_OK)
        return fail("desk", csvc_desk_errmsg(desk), rc);
    printf("Already in the queue: RET-1007 (warranty dispute) with S200 %s\n",
           agent_name(roster, "S200"));

    story st = {desk, roster, csvc_desk_event_count(desk), 0};
    run_story(&st);
    if (st.failed)
        return 1;
    if (csvc_desk_get_ticket(desk, "RET-1042", &t) == CSVC_OK)
        printf("\nRET-1042: %s, %llu events, CSAT %d, %d reopenings, %d transfers\n",
               csvc_state_name(t.state), (unsigned long long)t.event_count, (int)t.csat,
               (int)t.reopen_count, (int)t.transfer_count);
    if (store)
        printf("Every event above is committed to the database; run again to see it reloaded.\n");
    return 0;
}

static int run(const char *csv, csvc_store *store, csvc_roster *roster)
{
    csvc_desk *desk = NULL;
    csvc_status rc = load_roster(store, roster, csv);
    if (rc != CSVC_OK)
        return fail(csv, store ? csvc_store_errmsg(store) : csvc_roster_errmsg(roster), rc);
    if ((rc = csvc_desk_new(roster, NULL, &desk)) != CSVC_OK)
        return fail("desk", csvc_last_errmsg(), rc);
    int result = run_desk(desk, store, roster);
    csvc_desk_free(desk);
    return result;
}

int main(int argc, char **argv)
{
    const char *csv = "examples/data/roster.csv", *db = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            db = argv[++i];
        } else if (argv[i][0] == '-') {
            usage(stderr);
            return 2;
        } else {
            csv = argv[i];
        }
    }
    csvc_store *store = NULL;
    csvc_status rc;
    if (db && (rc = csvc_store_open(db, NULL, &store)) != CSVC_OK)
        return fail(db, csvc_last_errmsg(), rc);
    csvc_roster *roster = NULL;
    if ((rc = csvc_roster_new(NULL, &roster)) != CSVC_OK) {
        csvc_store_close(store);
        return fail("roster", csvc_last_errmsg(), rc);
    }
    int result = run(csv, store, roster);
    csvc_store_close(store); /* detaches before the desk and roster go */
    csvc_roster_free(roster);
    return result;
}
