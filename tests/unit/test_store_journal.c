/* The store follows the engines through their journals, not their public
 * callbacks: the application's callbacks work before, during and after a
 * store is attached; configuration is journaled in order with events; calls
 * into a handle from its own callback are refused and leave no trace; and
 * the store faults found by use (stale roster writers, empty files, missed
 * tampering, deactivated agents, freed handles, concurrent opens) are gone.
 *
 * Expected values come from the in-memory engines (which a reopened store
 * must reproduce), from counts the tests make by hand, or from what a test
 * changed with plain SQL. */
#include "chain.h"
#include "fixtures.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define T0 INT64_C(1767225600) /* 2026-01-01T00:00:00Z, a Thursday */
#define HOUR 3600

typedef struct fixture {
    fx_dir dir;
    char path[128];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    fx_dir_make(&f->dir, "csvc-journal");
    fx_dir_file(&f->dir, "desk.db", f->path, sizeof f->path);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    fx_dir_remove(&f->dir);
    free(f);
    return 0;
}

static csvc_store *open_store(const char *path)
{
    csvc_store_options o = CSVC_STORE_OPTIONS_INIT;
    o.sync = CSVC_SYNC_NORMAL;
    csvc_store *s = NULL;
    assert_csvc_ok(csvc_store_open(path, &o, &s));
    return s;
}

static csvc_desk *new_desk(const csvc_roster *r)
{
    csvc_desk *d = NULL;
    assert_csvc_ok(csvc_desk_new(r, NULL, &d));
    return d;
}

static void create(csvc_desk *d, const char *id, const char *team, int64_t t)
{
    csvc_ticket_spec s = CSVC_TICKET_SPEC_INIT;
    s.id = id;
    s.team_id = team;
    s.created = t;
    s.priority = CSVC_PRIORITY_HIGH;
    assert_ok(d, csvc_desk_create(d, &s));
}

static uint64_t checksum(const csvc_desk *d)
{
    uint64_t c = 0;
    assert_ok(d, csvc_desk_checksum(d, &c));
    return c;
}

static uint64_t stored_events(csvc_store *s)
{
    uint64_t n = 0;
    assert_ok(s, csvc_store_event_count(s, &n));
    return n;
}

typedef struct session {
    csvc_store *store;
    csvc_roster *roster;
    csvc_desk *desk;
} session;

/* Store, roster (`roster`, or loaded from the database when NULL) and an
 * attached desk (configured by `configure` first, when given). */
static session open_session(const char *path, csvc_roster *roster, void (*configure)(csvc_desk *))
{
    session x;
    x.store = open_store(path);
    x.roster = roster ? roster : fx_empty_roster();
    assert_ok(x.store, csvc_store_attach_roster(x.store, x.roster));
    x.desk = new_desk(x.roster);
    if (configure)
        configure(x.desk);
    assert_ok(x.store, csvc_store_attach_desk(x.store, x.desk));
    return x;
}

static void close_session(session *x)
{
    csvc_store_close(x->store);
    csvc_desk_free(x->desk);
    csvc_roster_free(x->roster);
}

/* ---- the application's callbacks stay the application's ------------------- */

typedef struct counter {
    int calls;
    csvc_event_type last;
} counter;

static csvc_status count_event(const csvc_event *ev, void *ud)
{
    counter *c = ud;
    c->calls++;
    c->last = ev->type;
    return CSVC_OK;
}

static void test_desk_callback_before_and_after_attaching(void **state)
{
    fixture *f = *state;
    csvc_store *s = open_store(f->path);
    csvc_roster *r = fx_roster();
    assert_ok(s, csvc_store_attach_roster(s, r));
    csvc_desk *d = new_desk(r);
    counter before = {0, 0}, after = {0, 0};
    assert_ok(d, csvc_desk_set_event_callback(d, count_event, &before));
    assert_ok(s, csvc_store_attach_desk(s, d));
    create(d, "X", "T1", T0);
    assert_int_equal(before.calls, 1); /* attaching kept the callback */
    /* The application replaces its callback: the store still stores. */
    assert_ok(d, csvc_desk_set_event_callback(d, count_event, &after));
    assert_ok(d, csvc_desk_assign(d, "X", "A1", T0 + 60));
    assert_int_equal(after.calls, 1);
    assert_int_equal(after.last, CSVC_EVENT_ASSIGNED);
    assert_int_equal(stored_events(s), 2);
    assert_int_equal(csvc_desk_event_count(d), 2);
    /* Removing it too. */
    assert_ok(d, csvc_desk_set_event_callback(d, NULL, NULL));
    assert_ok(d, csvc_desk_start(d, "X", T0 + 120));
    assert_int_equal(stored_events(s), 3);
    assert_ok(d, csvc_desk_set_event_callback(d, count_event, &after));
    csvc_store_close(s);
    /* Closing the store leaves the application's callback installed. */
    assert_ok(d, csvc_desk_agent_reply(d, "X", "A1", T0 + 180));
    assert_int_equal(after.calls, 2);
    csvc_desk_free(d);

    session x = open_session(f->path, NULL, NULL);
    assert_int_equal(csvc_desk_event_count(x.desk), 3); /* the reply came after the close */
    close_session(&x);
    csvc_roster_free(r);
}

typedef struct roster_calls {
    int calls;
    char last[80];
} roster_calls;

static csvc_status count_roster(const csvc_roster *r, csvc_roster_change change, const char *id,
                                void *ud)
{
    (void)r;
    (void)change;
    roster_calls *c = ud;
    c->calls++;
    snprintf(c->last, sizeof c->last, "%s", id ? id : "");
    return CSVC_OK;
}

static void test_roster_callback_after_attaching(void **state)
{
    fixture *f = *state;
    csvc_store *s = open_store(f->path);
    csvc_roster *r = fx_roster();
    assert_ok(s, csvc_store_attach_roster(s, r));
    roster_calls calls = {0, ""};
    assert_ok(r, csvc_roster_set_change_callback(r, count_roster, &calls));
    fx_add_team(r, "T9");
    assert_int_equal(calls.calls, 1);
    assert_string_equal(calls.last, "T9");
    csvc_store_close(s);
    fx_add_team(r, "T10"); /* after the close: called, not stored */
    assert_int_equal(calls.calls, 2);
    csvc_roster_free(r);

    s = open_store(f->path);
    r = fx_empty_roster();
    assert_ok(s, csvc_store_attach_roster(s, r));
    csvc_team_info t;
    assert_ok(r, csvc_roster_get_team(r, "T9", &t));
    assert_int_equal(csvc_roster_get_team(r, "T10", &t), CSVC_E_NOTFOUND);
    assert_int_equal(csvc_roster_team_count(r), 3);
    assert_int_equal(csvc_roster_agent_count(r), 4);
    csvc_store_close(s);
    csvc_roster_free(r);
}

/* A refusing application callback refuses the change in memory and on disk. */
static csvc_status refuse_assignments(const csvc_event *ev, void *ud)
{
    (void)ud;
    return ev->type == CSVC_EVENT_ASSIGNED ? CSVC_E_PERM : CSVC_OK;
}

static void test_refusing_callback_refuses_the_stored_change(void **state)
{
    fixture *f = *state;
    session x = open_session(f->path, fx_roster(), NULL);
    assert_ok(x.desk, csvc_desk_set_event_callback(x.desk, refuse_assignments, NULL));
    create(x.desk, "X", "T1", T0);
    uint64_t sum = checksum(x.desk);
    assert_int_equal(csvc_desk_assign(x.desk, "X", "A1", T0 + 1), CSVC_E_PERM);
    assert_non_null(strstr(csvc_desk_errmsg(x.desk), "the event callback refused assigned"));
    assert_int_equal(checksum(x.desk), sum);
    assert_int_equal(stored_events(x.store), 1);
    close_session(&x);
    x = open_session(f->path, NULL, NULL);
    assert_int_equal(checksum(x.desk), sum);
    close_session(&x);
}

/* ---- configuration is journaled in order with the events ------------------- */

static void lunch_calendar(csvc_desk *d, const char *team, int32_t offset)
{
    csvc_calendar *cal;
    assert_csvc_ok(csvc_calendar_new(NULL, offset, &cal));
    for (int day = CSVC_MONDAY; day <= CSVC_FRIDAY; day++) {
        assert_ok(cal, csvc_calendar_add_hours(cal, (csvc_weekday)day, 9 * 60, 12 * 60));
        assert_ok(cal, csvc_calendar_add_hours(cal, (csvc_weekday)day, 13 * 60, 18 * 60));
    }
    assert_ok(cal, csvc_calendar_add_holiday(cal, 2026, 1, 1));
    assert_ok(d, csvc_desk_set_calendar(d, team, cal));
    csvc_calendar_free(cal);
}

static void sla(csvc_desk *d, const char *team, int64_t first, int64_t resolution)
{
    csvc_sla_policy p = CSVC_SLA_POLICY_INIT;
    p.team_id = team;
    p.first_response = first;
    p.resolution = resolution;
    p.next_response = 30 * 60;
    assert_ok(d, csvc_desk_add_sla_policy(d, &p));
}

static void configure_before(csvc_desk *d)
{
    lunch_calendar(d, NULL, 8 * HOUR);
    sla(d, NULL, HOUR, 8 * HOUR);
    assert_ok(d, csvc_desk_set_reopen_policy(d, "T2", 2 * 86400, 86400));
}

/* Everything one can read of a desk's clocks: checksum, every ticket's SLA
 * clocks at `now`, and the desk's metrics. */
typedef struct view {
    uint64_t checksum;
    csvc_sla_status sla[8];
    csvc_metrics metrics;
} view;

static void look(const csvc_desk *d, int64_t now, view *v)
{
    memset(v, 0, sizeof *v);
    v->checksum = checksum(d);
    size_t n = csvc_desk_ticket_count(d);
    assert_true(n <= 8);
    for (size_t i = 0; i < n; i++) {
        csvc_ticket_info t;
        assert_ok(d, csvc_desk_ticket_at(d, i, &t));
        v->sla[i].version = CSVC_SLA_STATUS_VERSION;
        assert_ok(d, csvc_desk_sla(d, t.id, now, &v->sla[i]));
    }
    csvc_period p = {T0, T0 + 30 * 86400};
    v->metrics.version = CSVC_METRICS_VERSION;
    assert_ok(d, csvc_desk_metrics(d, CSVC_SCOPE_DESK, NULL, &p, &v->metrics));
}

static void assert_same_view(const view *a, const view *b)
{
    assert_int_equal(a->checksum, b->checksum);
    assert_memory_equal(a->sla, b->sla, sizeof a->sla);
    assert_int_equal(a->metrics.sla_due, b->metrics.sla_due);
    assert_int_equal(a->metrics.sla_met, b->metrics.sla_met);
    fx_assert_same_metrics(&a->metrics, &b->metrics);
}

static void test_configuration_replays_in_order_with_events(void **state)
{
    fixture *f = *state;
    /* Configured before attaching, then between and after events. */
    session x = open_session(f->path, fx_roster(), configure_before);
    int64_t mon = T0 + 4 * 86400; /* Monday 2026-01-05, 00:00 UTC = 08:00 +08:00 */
    create(x.desk, "P", "T1", mon + 1 * HOUR);
    assert_ok(x.desk, csvc_desk_assign(x.desk, "P", "A1", mon + 1 * HOUR + 60));
    assert_ok(x.desk, csvc_desk_start(x.desk, "P", mon + 1 * HOUR + 120));
    assert_ok(x.desk, csvc_desk_pend(x.desk, "P", CSVC_PEND_CUSTOMER, mon + 2 * HOUR));
    /* The calendar changes while P is paused: its pause is counted in the
     * calendar of the moment it ends. */
    lunch_calendar(x.desk, NULL, 0);
    assert_ok(x.desk, csvc_desk_customer_reply(x.desk, "P", mon + 6 * HOUR));
    sla(x.desk, "T1", 30 * 60, 4 * HOUR);
    create(x.desk, "Q", "T1", mon + 7 * HOUR);
    create(x.desk, "R", "T2", mon + 7 * HOUR + 5);
    assert_ok(x.desk, csvc_desk_set_reopen_policy(x.desk, NULL, 86400, 2 * 86400));
    int64_t now = mon + 30 * HOUR;
    view before;
    look(x.desk, now, &before);
    close_session(&x);

    /* Reopened with a default desk: it takes the stored configuration. */
    x = open_session(f->path, NULL, NULL);
    view after;
    look(x.desk, now, &after);
    assert_same_view(&before, &after);
    close_session(&x);
    assert_int_equal(test_sql_int(f->path, "SELECT count(*) FROM desk_config"), 4);

    /* Reopened with the desk configured as the first run did: its events
     * still replay under the configuration of their time, and since that
     * configuration differs from the store's latest, it becomes current. */
    x = open_session(f->path, NULL, configure_before);
    look(x.desk, now, &after);
    assert_int_equal(after.checksum, before.checksum);
    close_session(&x);
    assert_int_equal(test_sql_int(f->path, "SELECT count(*) FROM desk_config"), 5);
}

static void test_configuration_given_each_run_is_stored_once(void **state)
{
    fixture *f = *state;
    session x = open_session(f->path, fx_roster(), configure_before);
    create(x.desk, "P", "T1", T0 + 4 * 86400 + HOUR);
    close_session(&x);
    for (int run = 0; run < 3; run++) {
        x = open_session(f->path, NULL, configure_before);
        close_session(&x);
    }
    /* The same configuration every run: stored once. */
    assert_int_equal(test_sql_int(f->path, "SELECT count(*) FROM desk_config"), 1);
}

/* ---- calls from inside a handle's own callback ------------------------------ */

typedef struct reentry {
    csvc_status inner;
    int refuse;
} reentry;

static csvc_status roster_reenters(const csvc_roster *r, csvc_roster_change change, const char *id,
                                   void *ud)
{
    (void)change;
    (void)id;
    reentry *e = ud;
    csvc_agent_info a = CSVC_AGENT_INFO_INIT;
    a.id = "NESTED";
    a.name = "Nested";
    a.team_id = "T1";
    e->inner = csvc_roster_add_agent((csvc_roster *)r, &a);
    return e->refuse ? CSVC_E_IO : CSVC_OK;
}

static void test_roster_callback_cannot_reenter(void **state)
{
    (void)state;
    csvc_roster *r = fx_roster();
    char *before;
    size_t size;
    assert_ok(r, csvc_roster_export_csv_buffer(r, &before, &size));
    reentry e = {CSVC_OK, 1};
    assert_ok(r, csvc_roster_set_change_callback(r, roster_reenters, &e));
    csvc_agent_info a = CSVC_AGENT_INFO_INIT;
    a.id = "OUTER";
    a.name = "Outer";
    a.team_id = "T1";
    assert_int_equal(csvc_roster_add_agent(r, &a), CSVC_E_IO);
    assert_int_equal(e.inner, CSVC_E_BUSY);
    /* No trace of either, and every lookup still works. */
    csvc_agent_info got;
    assert_int_equal(csvc_roster_get_agent(r, "OUTER", &got), CSVC_E_NOTFOUND);
    assert_int_equal(csvc_roster_get_agent(r, "NESTED", &got), CSVC_E_NOTFOUND);
    assert_ok(r, csvc_roster_get_agent(r, "GONE", &got));
    char *after;
    assert_ok(r, csvc_roster_set_change_callback(r, NULL, NULL));
    assert_ok(r, csvc_roster_export_csv_buffer(r, &after, &size));
    assert_string_equal(before, after);
    csvc_free(before);
    csvc_free(after);
    /* Accepted outer change: the nested call was still refused. */
    e.refuse = 0;
    assert_ok(r, csvc_roster_set_change_callback(r, roster_reenters, &e));
    assert_ok(r, csvc_roster_add_agent(r, &a));
    assert_int_equal(e.inner, CSVC_E_BUSY);
    assert_int_equal(csvc_roster_get_agent(r, "NESTED", &got), CSVC_E_NOTFOUND);
    /* The callback may read, and may not replace itself. */
    assert_ok(r, csvc_roster_get_agent(r, "OUTER", &got));
    csvc_roster_free(r);
}

typedef struct desk_reentry {
    csvc_desk *desk;
    csvc_status note, config, route;
    int refuse;
} desk_reentry;

static csvc_status desk_reenters(const csvc_event *ev, void *ud)
{
    desk_reentry *e = ud;
    if (ev->type != CSVC_EVENT_CREATED)
        return CSVC_OK;
    e->note = csvc_desk_note(e->desk, ev->ticket_id, "A1", ev->time);
    e->config = csvc_desk_set_reopen_policy(e->desk, NULL, 1, 1);
    const char *agent;
    e->route = csvc_desk_route(e->desk, ev->ticket_id, CSVC_ROUTE_ROUND_ROBIN, &agent);
    csvc_ticket_info t;
    assert_ok(e->desk, csvc_desk_get_ticket(e->desk, ev->ticket_id, &t)); /* reading is fine */
    return e->refuse ? CSVC_E_IO : CSVC_OK;
}

static int append_from_visitor(const csvc_event *ev, void *ud)
{
    desk_reentry *e = ud;
    e->note = csvc_desk_note(e->desk, ev->ticket_id, "A1", ev->time + 1);
    return 0;
}

static void test_desk_callback_and_visitor_cannot_reenter(void **state)
{
    (void)state;
    csvc_roster *r = fx_roster();
    csvc_desk *d = new_desk(r);
    create(d, "BASE", "T1", T0);
    uint64_t sum = checksum(d);
    desk_reentry e = {d, CSVC_OK, CSVC_OK, CSVC_OK, 1};
    assert_ok(d, csvc_desk_set_event_callback(d, desk_reenters, &e));
    csvc_ticket_spec s = CSVC_TICKET_SPEC_INIT;
    s.id = "REFUSED";
    s.team_id = "T1";
    s.created = T0 + 10;
    assert_int_equal(csvc_desk_create(d, &s), CSVC_E_IO);
    assert_int_equal(e.note, CSVC_E_BUSY);
    assert_int_equal(e.config, CSVC_E_BUSY);
    assert_int_equal(e.route, CSVC_E_BUSY);
    csvc_ticket_info t;
    assert_int_equal(csvc_desk_get_ticket(d, "REFUSED", &t), CSVC_E_NOTFOUND);
    assert_int_equal(checksum(d), sum);
    /* The desk still equals a replay of its own log. */
    csvc_desk *replay = new_desk(r);
    for (uint64_t seq = 1; seq <= csvc_desk_event_count(d); seq++) {
        csvc_event ev;
        assert_ok(d, csvc_desk_event_at(d, seq, &ev));
        assert_ok(replay, csvc_desk_apply(replay, &ev));
    }
    assert_int_equal(checksum(replay), sum);
    csvc_desk_free(replay);

    /* A visitor that appends: refused, and the walk ends. */
    assert_ok(d, csvc_desk_set_event_callback(d, NULL, NULL));
    e.note = CSVC_OK;
    assert_ok(d, csvc_desk_foreach_event(d, NULL, NULL, append_from_visitor, &e));
    assert_int_equal(e.note, CSVC_E_BUSY);
    assert_int_equal(csvc_desk_event_count(d), 1);
    assert_ok(d, csvc_desk_foreach_event(d, "BASE", NULL, append_from_visitor, &e));
    assert_int_equal(e.note, CSVC_E_BUSY);
    /* After the walk the desk takes changes again. */
    assert_ok(d, csvc_desk_note(d, "BASE", "A1", T0 + 5));
    csvc_desk_free(d);
    csvc_roster_free(r);
}

/* ---- the store's own faults --------------------------------------------------- */

/* Two writers with stale rosters both add agents: both are kept. */
static void test_stale_roster_writers_keep_both_agents(void **state)
{
    fixture *f = *state;
    session a = open_session(f->path, fx_roster(), NULL);
    session b = open_session(f->path, NULL, NULL);
    fx_add_agent(a.roster, "FROM_A", "T1", 1);
    fx_add_agent(b.roster, "FROM_B", "T2", 1); /* B had not seen FROM_A */
    csvc_agent_info got;
    assert_ok(b.roster, csvc_roster_get_agent(b.roster, "FROM_A", &got)); /* B caught up */
    create(a.desk, "X", "T1", T0);
    assert_ok(a.desk, csvc_desk_assign(a.desk, "X", "FROM_A", T0 + 1));
    /* The same id from both: the second is refused, not duplicated. */
    csvc_agent_info dup = CSVC_AGENT_INFO_INIT;
    dup.id = "FROM_B";
    dup.name = "twin";
    dup.team_id = "T1";
    assert_int_equal(csvc_roster_add_agent(a.roster, &dup), CSVC_E_EXISTS);
    close_session(&a);
    close_session(&b);
    session c = open_session(f->path, NULL, NULL);
    assert_int_equal(csvc_roster_agent_count(c.roster), 6);
    assert_ok(c.roster, csvc_roster_get_agent(c.roster, "FROM_A", &got));
    assert_ok(c.roster, csvc_roster_get_agent(c.roster, "FROM_B", &got));
    assert_string_equal(got.name, "FROM_B");
    assert_int_equal(csvc_desk_event_count(c.desk), 2);
    uint64_t bad;
    assert_ok(c.store, csvc_store_verify(c.store, &bad));
    close_session(&c);
}

/* 8 processes each add a team and agents, without refreshing. */
static void test_eight_processes_add_to_one_roster(void **state)
{
    fixture *f = *state;
    session x = open_session(f->path, fx_roster(), NULL);
    close_session(&x);
    enum { WRITERS = 8, AGENTS = 5 };
    pid_t pids[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
        fflush(NULL);
        if ((pids[w] = fork()) == 0) {
            csvc_store_options o = CSVC_STORE_OPTIONS_INIT;
            o.sync = CSVC_SYNC_NORMAL;
            o.busy_timeout_ms = 30000;
            csvc_store *s;
            csvc_roster *r;
            if (csvc_store_open(f->path, &o, &s) || csvc_roster_new(NULL, &r) ||
                csvc_store_attach_roster(s, r))
                _exit(10);
            char id[32], team[32];
            snprintf(team, sizeof team, "W%d", w);
            csvc_team_info t = CSVC_TEAM_INFO_INIT;
            t.id = team;
            if (csvc_roster_add_team(r, &t) != CSVC_OK)
                _exit(11);
            for (int i = 0; i < AGENTS; i++) {
                snprintf(id, sizeof id, "W%d-%d", w, i);
                csvc_agent_info a = CSVC_AGENT_INFO_INIT;
                a.id = id;
                a.name = id;
                a.team_id = i % 2 ? team : "T1";
                if (csvc_roster_add_agent(r, &a) != CSVC_OK)
                    _exit(12);
            }
            csvc_store_close(s);
            csvc_roster_free(r);
            _exit(0);
        }
    }
    for (int w = 0; w < WRITERS; w++) {
        int status = 0;
        assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            fail_msg("writer %d failed (status %d)", w, status);
    }
    x = open_session(f->path, NULL, NULL);
    assert_int_equal(csvc_roster_team_count(x.roster), 2 + WRITERS);
    assert_int_equal(csvc_roster_agent_count(x.roster), 4 + WRITERS * AGENTS);
    uint64_t bad;
    assert_ok(x.store, csvc_store_verify(x.store, &bad));
    close_session(&x);
}

/* An agent deactivated after it handled a ticket: the store still loads,
 * and the exported log still imports. */
static void test_deactivated_agent_is_history(void **state)
{
    fixture *f = *state;
    session x = open_session(f->path, fx_roster(), NULL);
    create(x.desk, "X", "T1", T0);
    assert_ok(x.desk, csvc_desk_assign(x.desk, "X", "A1", T0 + 1));
    assert_ok(x.desk, csvc_desk_transfer(x.desk, "X", NULL, "A2", T0 + 2));
    assert_ok(x.roster, csvc_roster_deactivate_agent(x.roster, "A1"));
    assert_ok(x.roster, csvc_roster_deactivate_agent(x.roster, "A2"));
    uint64_t sum = checksum(x.desk);
    char csv[160];
    fx_dir_file(&f->dir, "log.csv", csv, sizeof csv);
    assert_ok(x.desk, csvc_desk_export_events_csv(x.desk, csv));
    close_session(&x);

    x = open_session(f->path, NULL, NULL);
    assert_int_equal(checksum(x.desk), sum);
    uint64_t bad;
    assert_ok(x.store, csvc_store_verify(x.store, &bad));
    csvc_desk *copy = new_desk(x.roster);
    assert_ok(copy, csvc_desk_import_events_csv(copy, csv));
    assert_int_equal(checksum(copy), sum);
    csvc_desk_free(copy);
    close_session(&x);
}

static void write_bytes(const char *path, const void *data, size_t n)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, n, fp), n);
    assert_int_equal(fclose(fp), 0);
}

static void test_empty_and_foreign_files(void **state)
{
    fixture *f = *state;
    csvc_store_options o = CSVC_STORE_OPTIONS_INIT;
    o.create = 0;
    csvc_store *s = NULL;
    /* Missing, with create = 0. */
    assert_status_msg(csvc_store_open(f->path, &o, &s), CSVC_E_NOTFOUND, "no such file");
    /* Empty (a failed copy, "> desk.db"). */
    write_bytes(f->path, "", 0);
    assert_status_msg(csvc_store_open(f->path, &o, &s), CSVC_E_CORRUPT, "is empty");
    assert_null(s);
    /* ... is a new store only when asked to create. */
    o.create = 1;
    assert_csvc_ok(csvc_store_open(f->path, &o, &s));
    int32_t v;
    assert_ok(s, csvc_store_schema_version(s, &v));
    assert_int_equal(v, CSVC_STORE_SCHEMA_VERSION);
    csvc_store_close(s);
    /* A SQLite file of someone else's. */
    char other[160];
    fx_dir_file(&f->dir, "other.db", other, sizeof other);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(other, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE invoices (id INTEGER)", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_status_msg(csvc_store_open(other, &o, &s), CSVC_E_CORRUPT, "not a libcsvc database");
    /* A damaged version record, or a lowered one. */
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "UPDATE meta SET value = 'x4' WHERE key = 'schema_version'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_status_msg(csvc_store_open(f->path, &o, &s), CSVC_E_CORRUPT, "damaged");
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "UPDATE meta SET value = '2' WHERE key = 'schema_version'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_status_msg(csvc_store_open(f->path, &o, &s), CSVC_E_CORRUPT, "damaged");
    /* A dropped table. */
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "UPDATE meta SET value = '4' WHERE key = 'schema_version';"
                                  "DROP TABLE desk_config",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_status_msg(csvc_store_open(f->path, &o, &s), CSVC_E_CORRUPT, "damaged");
}

static void raw(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s: %s", sql, err);
    sqlite3_close(db);
}

/* A store with a roster, a configuration, 5 events and a head anchor. */
static void seed(const char *path, uint64_t *head_seq, uint8_t head[CSVC_STORE_HASH_SIZE])
{
    session x = open_session(path, fx_roster(), configure_before);
    for (int i = 0; i < 5; i++) {
        char id[8];
        snprintf(id, sizeof id, "K%d", i);
        create(x.desk, id, "T1", T0 + i);
    }
    assert_ok(x.store, csvc_store_head(x.store, head_seq, head));
    close_session(&x);
}

static csvc_status verify(const char *path, uint64_t *bad)
{
    csvc_store *s = open_store(path);
    csvc_status rc = csvc_store_verify(s, bad);
    csvc_store_close(s);
    return rc;
}

static void test_verify_covers_every_row_and_the_head(void **state)
{
    fixture *f = *state;
    uint64_t seq, bad = 0;
    uint8_t head[CSVC_STORE_HASH_SIZE];
    seed(f->path, &seq, head);
    /* 2 teams + 4 agents, 1 configuration, 5 events. */
    assert_int_equal(seq, 12);
    assert_int_equal(verify(f->path, &bad), CSVC_OK);
    char backup[160];
    fx_dir_file(&f->dir, "good.db", backup, sizeof backup);
    csvc_store *s = open_store(f->path);
    assert_ok(s, csvc_store_backup(s, backup));
    csvc_store_close(s);

    /* Roster, configuration: altered rows show. */
    raw(f->path, "UPDATE agents SET active = 1 WHERE id = 'GONE'");
    assert_status_msg(verify(f->path, &bad), CSVC_E_CORRUPT, "agent 6 was altered");
    assert_int_equal(bad, 6);
    char copy[160];
    fx_dir_file(&f->dir, "copy.db", copy, sizeof copy);
    s = open_store(backup);
    assert_ok(s, csvc_store_backup(s, copy));
    csvc_store_close(s);
    raw(backup, "UPDATE desk_config SET body = replace(body, '28800', '0')");
    assert_status_msg(verify(backup, &bad), CSVC_E_CORRUPT, "desk configuration 7 was altered");
    assert_int_equal(bad, 7);

    /* The newest events removed with the head row: the missing head shows. */
    assert_int_equal(verify(copy, &bad), CSVC_OK);
    raw(copy, "DELETE FROM events WHERE seq > 10; DELETE FROM chain_head");
    assert_status_msg(verify(copy, &bad), CSVC_E_CORRUPT, "chain head record is missing");
}

/* Points the head at row `seq` with a MAC made under `key` (NULL: none), as
 * a writer of the file would who knows the algorithm (it is public). */
static void forge_head(const char *path, uint64_t seq, const char *key)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT hash FROM events WHERE seq = ?1", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, (sqlite3_int64)seq);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    uint8_t hash[CS_SHA256_SIZE], mac[CS_SHA256_SIZE];
    memcpy(hash, sqlite3_column_blob(st, 0), sizeof hash);
    sqlite3_finalize(st);
    cs_chain_key k;
    cs_chain_key_init(&k, (const uint8_t *)key, key ? strlen(key) : 0);
    cs_head_mac(&k, seq, hash, mac);
    assert_int_equal(sqlite3_prepare_v2(db, "UPDATE chain_head SET seq = ?1, hash = ?2, mac = ?3",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, (sqlite3_int64)seq);
    sqlite3_bind_blob(st, 2, hash, sizeof hash, SQLITE_STATIC);
    sqlite3_bind_blob(st, 3, mac, sizeof mac, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void test_truncation_needs_the_key_or_an_anchor(void **state)
{
    fixture *f = *state;
    uint64_t seq, bad = 0;
    uint8_t head[CSVC_STORE_HASH_SIZE];
    seed(f->path, &seq, head);
    /* Cutting the newest events alone shows. */
    raw(f->path, "DELETE FROM events WHERE seq > 10");
    assert_status_msg(verify(f->path, &bad), CSVC_E_CORRUPT, "row 11 is missing");
    assert_int_equal(bad, 11);
    /* Unkeyed, a writer can also point the head at the new last row: the
     * chain is then consistent (what verify documents), the anchor is not. */
    forge_head(f->path, 10, NULL);
    assert_int_equal(verify(f->path, &bad), CSVC_OK);
    csvc_store *s = open_store(f->path);
    assert_status_msg(csvc_store_verify_anchor(s, seq, head, &bad), CSVC_E_CORRUPT,
                      "row 12 of the anchor is missing");
    assert_int_equal(csvc_store_verify_anchor(s, 0, head, &bad), CSVC_E_RANGE);
    csvc_store_close(s);
}

static void test_keyed_chain_cannot_be_resealed(void **state)
{
    fixture *f = *state;
    static const char key[] = "a secret only the desk knows";
    csvc_store_options o = CSVC_STORE_OPTIONS_INIT;
    o.key = key;
    o.key_size = sizeof key - 1;
    csvc_store *s;
    assert_csvc_ok(csvc_store_open(f->path, &o, &s));
    csvc_roster *r = fx_roster();
    assert_ok(s, csvc_store_attach_roster(s, r));
    csvc_desk *d = new_desk(r);
    assert_ok(s, csvc_store_attach_desk(s, d));
    for (int i = 0; i < 3; i++) {
        char id[8];
        snprintf(id, sizeof id, "K%d", i);
        create(d, id, "T1", T0 + i);
    }
    csvc_store_close(s);
    csvc_desk_free(d);
    csvc_roster_free(r);
    raw(f->path, "DELETE FROM events WHERE seq = 9");
    forge_head(f->path, 8, NULL); /* no key: the forger's MAC is wrong */
    uint64_t bad = 0;
    assert_csvc_ok(csvc_store_open(f->path, &o, &s));
    assert_status_msg(csvc_store_verify(s, &bad), CSVC_E_CORRUPT, "MAC does not match");
    csvc_store_close(s);
    forge_head(f->path, 8, "a guess");
    assert_csvc_ok(csvc_store_open(f->path, &o, &s));
    assert_status_msg(csvc_store_verify(s, &bad), CSVC_E_CORRUPT, "MAC does not match");
    csvc_store_close(s);
    forge_head(f->path, 8, key); /* only the key's holder can reseal */
    assert_csvc_ok(csvc_store_open(f->path, &o, &s));
    assert_ok(s, csvc_store_verify(s, &bad));
    csvc_store_close(s);
}

static void test_keyed_store(void **state)
{
    fixture *f = *state;
    static const char key[] = "a secret only the desk knows";
    csvc_store_options o = CSVC_STORE_OPTIONS_INIT;
    o.key = key;
    o.key_size = sizeof key - 1;
    csvc_store *s;
    assert_csvc_ok(csvc_store_open(f->path, &o, &s));
    csvc_roster *r = fx_roster();
    assert_ok(s, csvc_store_attach_roster(s, r));
    csvc_desk *d = new_desk(r);
    assert_ok(s, csvc_store_attach_desk(s, d));
    create(d, "K", "T1", T0);
    uint64_t bad = 0;
    assert_ok(s, csvc_store_verify(s, &bad));
    csvc_store_close(s);
    csvc_desk_free(d);
    csvc_roster_free(r);
    /* Without the key, or with another. */
    assert_status_msg(csvc_store_open(f->path, NULL, &s), CSVC_E_PERM, "keyed");
    o.key = "wrong";
    o.key_size = 5;
    assert_status_msg(csvc_store_open(f->path, &o, &s), CSVC_E_PERM, "does not match");
    /* A store made without a key cannot take one. */
    char plain[160];
    fx_dir_file(&f->dir, "plain.db", plain, sizeof plain);
    uint64_t seq;
    uint8_t head[CSVC_STORE_HASH_SIZE];
    seed(plain, &seq, head);
    assert_status_msg(csvc_store_open(plain, &o, &s), CSVC_E_INVALID, "without a key");
    /* An old-version options struct (no key fields) still opens. */
    csvc_store_options v1 = CSVC_STORE_OPTIONS_INIT;
    v1.version = 1;
    v1.key = "ignored: not in version 1";
    v1.key_size = 3;
    assert_csvc_ok(csvc_store_open(plain, &v1, &s));
    csvc_store_close(s);
    o.key = NULL;
    o.key_size = 4;
    assert_status_msg(csvc_store_open(plain, &o, &s), CSVC_E_NULL, "key is NULL");
}

/* Freeing attached handles before the store: the store forgets them. */
static void test_freeing_attached_handles_first(void **state)
{
    fixture *f = *state;
    session x = open_session(f->path, fx_roster(), NULL);
    create(x.desk, "X", "T1", T0);
    csvc_desk_free(x.desk);
    uint64_t applied = 1;
    assert_ok(x.store, csvc_store_refresh(x.store, &applied)); /* the roster alone now */
    assert_int_equal(applied, 0);
    csvc_desk *again = new_desk(x.roster);
    assert_ok(x.store, csvc_store_attach_desk(x.store, again)); /* a new desk may attach */
    assert_int_equal(csvc_desk_event_count(again), 1);
    csvc_desk_free(again);
    csvc_roster_free(x.roster);
    csvc_store_close(x.store); /* nothing freed is touched (ASan checks) */
}

/* Many processes opening one new file at the same moment all succeed. */
static void test_simultaneous_first_opens(void **state)
{
    fixture *f = *state;
    enum { OPENERS = 24 };
    pid_t pids[OPENERS];
    for (int i = 0; i < OPENERS; i++) {
        fflush(NULL);
        if ((pids[i] = fork()) == 0) {
            csvc_store_options o = CSVC_STORE_OPTIONS_INIT;
            o.busy_timeout_ms = 30000;
            csvc_store *s;
            csvc_status rc = csvc_store_open(f->path, &o, &s);
            if (rc == CSVC_OK)
                csvc_store_close(s);
            else
                fprintf(stderr, "opener %d: %s\n", i, csvc_last_errmsg());
            _exit(rc == CSVC_OK ? 0 : 1);
        }
    }
    int failed = 0;
    for (int i = 0; i < OPENERS; i++) {
        int status = 0;
        waitpid(pids[i], &status, 0);
        failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    assert_int_equal(failed, 0);
    uint64_t bad;
    assert_int_equal(verify(f->path, &bad), CSVC_OK);
}

/* verify while another process writes: never a false alarm. */
static void test_verify_while_another_process_writes(void **state)
{
    fixture *f = *state;
    session x = open_session(f->path, fx_roster(), NULL);
    close_session(&x);
    fflush(NULL);
    pid_t writer = fork();
    if (writer == 0) {
        session w = open_session(f->path, NULL, NULL);
        for (int i = 0; i < 400; i++) {
            char id[16];
            snprintf(id, sizeof id, "W%d", i);
            create(w.desk, id, "T1", T0 + i);
        }
        close_session(&w);
        _exit(0);
    }
    csvc_store *s = open_store(f->path);
    int runs = 0;
    for (int status; waitpid(writer, &status, WNOHANG) == 0; runs++) {
        uint64_t bad = 0;
        csvc_status rc = csvc_store_verify(s, &bad);
        if (rc != CSVC_OK)
            fail_msg("verify run %d: %s", runs, csvc_store_errmsg(s));
    }
    uint64_t bad = 0;
    assert_ok(s, csvc_store_verify(s, &bad));
    csvc_store_close(s);
    print_message("verify ran %d times while the writer wrote\n", runs);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_desk_callback_before_and_after_attaching),
        T(test_roster_callback_after_attaching),
        T(test_refusing_callback_refuses_the_stored_change),
        T(test_configuration_replays_in_order_with_events),
        T(test_configuration_given_each_run_is_stored_once),
        T(test_roster_callback_cannot_reenter),
        T(test_desk_callback_and_visitor_cannot_reenter),
        T(test_stale_roster_writers_keep_both_agents),
        T(test_eight_processes_add_to_one_roster),
        T(test_deactivated_agent_is_history),
        T(test_empty_and_foreign_files),
        T(test_verify_covers_every_row_and_the_head),
        T(test_truncation_needs_the_key_or_an_anchor),
        T(test_keyed_chain_cannot_be_resealed),
        T(test_keyed_store),
        T(test_freeing_attached_handles_first),
        T(test_simultaneous_first_opens),
        T(test_verify_while_another_process_writes),
    };
#undef T
    return cmocka_run_group_tests_name("store_journal", tests, NULL, NULL);
}
