/* The durable store (include/csvc/store.h): open and reopen, roster and desk
 * persistence, batches, the durability contract, failed commits, the
 * tamper-evident chain, error paths, backup/export and migration.
 *
 * Expected values come from the in-memory desk and roster (which the store
 * must reproduce), from what each test changed with plain SQL through its
 * own SQLite connection, or from the header's contract. */
#include "fixtures.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define T0 INT64_C(1767225600) /* 2026-01-01T00:00:00Z (GNU date -u -d 2026-01-01 +%s) */

#define assert_status(rc, expected)                                                                \
    do {                                                                                           \
        csvc_status st_ = (rc);                                                                    \
        if (st_ != (expected))                                                                     \
            fail_msg("%s returned %s, expected %s (%s)", #rc, csvc_status_name(st_),               \
                     csvc_status_name(expected), csvc_last_errmsg());                              \
    } while (0)

/* ---- temporary directory ---------------------------------------------------- */

typedef struct fixture {
    char dir[64];
    char path[128]; /* the database */
} fixture;

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char p[512];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            chmod(p, 0700);
            remove_tree(p);
        } else {
            unlink(p);
        }
    }
    closedir(d);
    rmdir(dir);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    strcpy(f->dir, "/tmp/csvc-store-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/desk.db", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    remove_tree(f->dir);
    free(f);
    return 0;
}

static void file_in(const fixture *f, const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s/%s", f->dir, name);
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* ---- roster, desk and random histories ------------------------------------ */

static csvc_desk *new_desk(const csvc_roster *r)
{
    csvc_desk *d;
    assert_csvc_ok(csvc_desk_new(r, NULL, &d));
    return d;
}

static uint64_t checksum(const csvc_desk *d)
{
    uint64_t c;
    assert_ok(d, csvc_desk_checksum(d, &c));
    return c;
}

static uint64_t stored_events(csvc_store *s)
{
    uint64_t n = UINT64_MAX;
    assert_ok(s, csvc_store_event_count(s, &n));
    return n;
}

/* The roster as its CSV export: equal text = equal roster. */
static char *roster_text(const csvc_roster *r)
{
    char *buf;
    size_t size;
    assert_ok(r, csvc_roster_export_csv_buffer(r, &buf, &size));
    return buf;
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

enum op {
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
    OP_TRANSFER,
    OP_ESCALATE,
    OP_CANCEL,
    OP_RATE,
    OP_COMPLAINT,
    OP_COUNT
};

static csvc_status run_op(csvc_desk *d, enum op op, const char *id, int64_t t)
{
    switch (op) {
    case OP_ASSIGN:
        return csvc_desk_route_assign(d, id, CSVC_ROUTE_LEAST_LOADED, t, NULL);
    case OP_START:
        return csvc_desk_start(d, id, t);
    case OP_AGENT_REPLY:
        return csvc_desk_agent_reply(d, id, "A1", t);
    case OP_CUSTOMER_REPLY:
        return csvc_desk_customer_reply(d, id, t);
    case OP_NOTE:
        return csvc_desk_note(d, id, "A1", t);
    case OP_PEND:
        return csvc_desk_pend(d, id, CSVC_PEND_CUSTOMER, t);
    case OP_RESUME:
        return csvc_desk_resume(d, id, t);
    case OP_RESOLVE:
        return csvc_desk_resolve(d, id, "refunded", 1, t);
    case OP_CLOSE:
        return csvc_desk_close(d, id, t);
    case OP_REOPEN:
        return csvc_desk_reopen(d, id, t);
    case OP_TRANSFER:
        /* To the team's queue, or straight to its agent. */
        return csvc_desk_transfer(d, id, "T2", id[strlen(id) - 1] % 2 ? "B1" : NULL, t);
    case OP_ESCALATE:
        return csvc_desk_escalate(d, id, NULL, t);
    case OP_CANCEL:
        return csvc_desk_cancel(d, id, NULL, t);
    case OP_RATE:
        return csvc_desk_rate(d, id, 4, t);
    case OP_COMPLAINT:
        return csvc_desk_complaint(d, id, t);
    default:
        return CSVC_E_INVALID;
    }
}

/* A random but legal history (after test_desk.c's random_history): random
 * operations, refused ones skipped. Operations go mostly to the 20 newest
 * tickets so that tickets get far along their life (resolved, closed,
 * reopened). Ticket ids carry `prefix` so that several histories can share
 * one desk. */
typedef struct gen {
    unsigned seed;
    int64_t t;
    int tickets, step;
    const char *prefix;
} gen;

static gen gen_init(unsigned seed, const char *prefix, int64_t t)
{
    gen g = {seed, t, 0, 0, prefix};
    return g;
}

/* One random operation; returns its status. */
static csvc_status gen_step(csvc_desk *d, gen *g)
{
    char id[32];
    g->step++;
    g->t += rand_r(&g->seed) % 600;
    if (g->tickets == 0 || rand_r(&g->seed) % 8 == 0) {
        snprintf(id, sizeof id, "%s%d", g->prefix, g->tickets);
        csvc_ticket_spec s = CSVC_TICKET_SPEC_INIT;
        s.id = id;
        s.team_id = rand_r(&g->seed) % 2 ? "T1" : "T2";
        s.created = g->t;
        s.customer_id = rand_r(&g->seed) % 3 ? "C-1" : NULL;
        s.category = (csvc_category)(rand_r(&g->seed) % CSVC_CATEGORY_COUNT);
        s.priority = (csvc_priority)(rand_r(&g->seed) % CSVC_PRIORITY_COUNT);
        s.channel = (csvc_channel)(rand_r(&g->seed) % CSVC_CHANNEL_COUNT);
        csvc_status rc = csvc_desk_create(d, &s);
        if (rc == CSVC_OK)
            g->tickets++;
        return rc;
    }
    int window = g->tickets < 20 ? g->tickets : 20;
    snprintf(id, sizeof id, "%s%d", g->prefix, g->tickets - 1 - rand_r(&g->seed) % window);
    int op = rand_r(&g->seed) % (OP_COUNT + 1);
    if (op == OP_COUNT) {
        int reopened;
        char next[40];
        snprintf(next, sizeof next, "%sN%d", g->prefix, g->step);
        return csvc_desk_follow_up(d, id, next, g->t, &reopened);
    }
    return run_op(d, (enum op)op, id, g->t);
}

/* `ops` random operations; returns how many returned CSVC_OK. */
static int history(csvc_desk *d, unsigned seed, const char *prefix, int ops)
{
    gen g = gen_init(seed, prefix, T0);
    int ok = 0;
    for (int i = 0; i < ops; i++)
        ok += gen_step(d, &g) == CSVC_OK;
    return ok;
}

static void metrics_of(const csvc_desk *d, csvc_scope scope, const char *id, csvc_metrics *m)
{
    csvc_period p = {T0, T0 + 60 * 86400};
    memset(m, 0, sizeof *m);
    m->version = CSVC_METRICS_VERSION;
    assert_ok(d, csvc_desk_metrics(d, scope, id, &p, m));
}

/* ---- a persisted desk -------------------------------------------------------- */

typedef struct session {
    csvc_store *store;
    csvc_roster *roster;
    csvc_desk *desk;
} session;

static csvc_store *open_store(const char *path, int32_t busy_ms, csvc_sync_mode sync)
{
    csvc_store_options o = CSVC_STORE_OPTIONS_INIT;
    o.busy_timeout_ms = busy_ms;
    o.sync = sync;
    csvc_store *s = NULL;
    assert_csvc_ok(csvc_store_open(path, &o, &s));
    assert_non_null(s);
    return s;
}

/* Opens `path`, attaches `roster` (NULL: an empty one, loaded from the
 * database) and an empty desk (replayed from the database). */
static session open_session(const char *path, csvc_roster *roster)
{
    session x;
    x.store = open_store(path, 5000, CSVC_SYNC_NORMAL);
    x.roster = roster ? roster : fx_empty_roster();
    assert_ok(x.store, csvc_store_attach_roster(x.store, x.roster));
    x.desk = new_desk(x.roster);
    assert_ok(x.store, csvc_store_attach_desk(x.store, x.desk));
    return x;
}

static void close_session(session *x)
{
    csvc_store_close(x->store);
    csvc_desk_free(x->desk);
    csvc_roster_free(x->roster);
    memset(x, 0, sizeof *x);
}

/* What a desk looks like from outside, for comparisons across reopen. */
typedef struct snapshot {
    uint64_t checksum, events;
    size_t tickets;
    csvc_metrics desk, team, agent;
} snapshot;

static snapshot snap(const csvc_desk *d)
{
    snapshot s;
    s.checksum = checksum(d);
    s.events = csvc_desk_event_count(d);
    s.tickets = csvc_desk_ticket_count(d);
    metrics_of(d, CSVC_SCOPE_DESK, NULL, &s.desk);
    metrics_of(d, CSVC_SCOPE_TEAM, "T1", &s.team);
    metrics_of(d, CSVC_SCOPE_AGENT, "A1", &s.agent);
    return s;
}

static void assert_same_snapshot(const snapshot *a, const snapshot *b)
{
    assert_int_equal(a->checksum, b->checksum);
    assert_int_equal(a->events, b->events);
    assert_int_equal(a->tickets, b->tickets);
    fx_assert_same_metrics(&a->desk, &b->desk);
    fx_assert_same_metrics(&a->team, &b->team);
    fx_assert_same_metrics(&a->agent, &b->agent);
}

/* ---- raw SQLite ------------------------------------------------------------- */

static sqlite3 *raw_open(const char *path)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK)
        fail_msg("sqlite3_open_v2(%s): %s", path, sqlite3_errstr(rc));
    sqlite3_busy_timeout(db, 5000);
    return db;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", err ? err : "?");
        sqlite3_free(err);
        fail_msg("SQL failed: %s\n%s", msg, sql);
    }
}

static int64_t raw_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("prepare: %s\n%s", sqlite3_errmsg(db), sql);
    if (sqlite3_step(st) != SQLITE_ROW)
        fail_msg("no row: %s\n%s", sqlite3_errmsg(db), sql);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* ============================================================================ */
/* Open, schema, reopen                                                          */
/* ============================================================================ */

static void test_options_init(void **state)
{
    (void)state;
    csvc_store_options o;
    memset(&o, 0xAB, sizeof o);
    csvc_store_options_init(&o);
    csvc_store_options i = CSVC_STORE_OPTIONS_INIT;
    assert_int_equal(o.version, CSVC_STORE_OPTIONS_VERSION);
    assert_int_equal(o.version, i.version);
    assert_null(o.allocator);
    assert_int_equal(o.busy_timeout_ms, 5000);
    assert_int_equal(o.sync, CSVC_SYNC_FULL);
    assert_int_equal(o.create, 1);
}

static void test_open_memory(void **state)
{
    (void)state;
    csvc_store *s = open_store(":memory:", 5000, CSVC_SYNC_FULL);
    int32_t v = -1;
    assert_ok(s, csvc_store_schema_version(s, &v));
    assert_int_equal(v, CSVC_STORE_SCHEMA_VERSION);
    assert_int_equal(stored_events(s), 0);
    assert_string_equal(csvc_store_errmsg(s), "");

    /* A desk persisted in memory behaves like any other. */
    csvc_roster *r = fx_roster();
    assert_ok(s, csvc_store_attach_roster(s, r));
    csvc_desk *d = new_desk(r);
    assert_ok(s, csvc_store_attach_desk(s, d));
    int ok = history(d, 7, "M", 200);
    assert_int_equal(stored_events(s), csvc_desk_event_count(d));
    assert_true(csvc_desk_event_count(d) == (uint64_t)ok);
    uint64_t first_bad = 99;
    assert_ok(s, csvc_store_verify(s, &first_bad));
    csvc_store_close(s);
    /* Detached, the desk stays usable. */
    create(d, "AFTER", "T1", T0 + 90 * 86400);
    csvc_desk_free(d);
    csvc_roster_free(r);
    csvc_store_close(NULL);
}

static void test_open_file_creates(void **state)
{
    fixture *f = *state;
    assert_false(file_exists(f->path));
    csvc_store *s = open_store(f->path, 5000, CSVC_SYNC_FULL);
    assert_true(file_exists(f->path));
    int32_t v = -1;
    assert_ok(s, csvc_store_schema_version(s, &v));
    assert_int_equal(v, CSVC_STORE_SCHEMA_VERSION);
    csvc_store_close(s);

    /* The database is in WAL mode with the documented settings. */
    sqlite3 *db = raw_open(f->path);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    sqlite3_close(db);

    /* Reopening an existing database, also with create = 0. */
    csvc_store_options o = CSVC_STORE_OPTIONS_INIT;
    o.create = 0;
    assert_csvc_ok(csvc_store_open(f->path, &o, &s));
    assert_ok(s, csvc_store_schema_version(s, &v));
    assert_int_equal(v, CSVC_STORE_SCHEMA_VERSION);
    csvc_store_close(s);
}

static void test_reopen_rebuilds_identical_desk(void **state)
{
    fixture *f = *state;
    session x = open_session(f->path, fx_roster());
    int ok = history(x.desk, 11, "R", 400);
    assert_true(ok > 100);
    assert_int_equal(stored_events(x.store), csvc_desk_event_count(x.desk));
    /* Auto-close writes events too. */
    size_t closed = 0;
    assert_ok(x.desk, csvc_desk_auto_close(x.desk, T0 + 40 * 86400, &closed));
    assert_true(closed > 0);
    snapshot before = snap(x.desk);
    char *roster_before = roster_text(x.roster);
    close_session(&x);

    x = open_session(f->path, NULL);
    snapshot after = snap(x.desk);
    assert_same_snapshot(&before, &after);
    char *roster_after = roster_text(x.roster);
    assert_string_equal(roster_before, roster_after);
    assert_int_equal(stored_events(x.store), before.events);
    uint64_t bad = 0;
    assert_ok(x.store, csvc_store_verify(x.store, &bad));

    /* Work continues on the reloaded desk and survives another reopen. */
    history(x.desk, 12, "S", 300);
    before = snap(x.desk);
    close_session(&x);
    x = open_session(f->path, NULL);
    after = snap(x.desk);
    assert_same_snapshot(&before, &after);
    close_session(&x);
    csvc_free(roster_before);
    csvc_free(roster_after);
}

/* ============================================================================ */
/* Roster                                                                        */
/* ============================================================================ */

static void test_roster_empty_database_and_load(void **state)
{
    fixture *f = *state;
    /* An empty roster attached to an empty database: nothing to load. */
    csvc_store *s = open_store(f->path, 5000, CSVC_SYNC_NORMAL);
    csvc_roster *r = fx_empty_roster();
    assert_ok(s, csvc_store_attach_roster(s, r));
    assert_int_equal(csvc_roster_team_count(r), 0);
    assert_int_equal(csvc_roster_agent_count(r), 0);
    /* ... and from then on it is persisted. */
    fx_add_team(r, "T1");
    fx_add_agent(r, "A1", "T1", 1);
    char *expected = roster_text(r);
    csvc_store_close(s);
    csvc_roster_free(r);

    s = open_store(f->path, 5000, CSVC_SYNC_NORMAL);
    r = fx_empty_roster();
    assert_ok(s, csvc_store_attach_roster(s, r));
    char *got = roster_text(r);
    assert_string_equal(got, expected);
    csvc_free(got);
    csvc_free(expected);
    csvc_store_close(s);
    csvc_roster_free(r);
}

static void test_roster_changes_persist(void **state)
{
    fixture *f = *state;
    csvc_store *s = open_store(f->path, 5000, CSVC_SYNC_NORMAL);
    csvc_roster *r = fx_roster();
    assert_ok(s, csvc_store_attach_roster(s, r));

    /* Every kind of change. */
    fx_add_team(r, "T3");
    csvc_team_info t = CSVC_TEAM_INFO_INIT;
    t.id = "T2";
    t.name = "Second line";
    t.lead_id = "B1";
    assert_ok(r, csvc_roster_update_team(r, &t));
    csvc_agent_info a = CSVC_AGENT_INFO_INIT;
    a.id = "C1";
    a.name = "Chen Li";
    a.team_id = "T3";
    a.level = CSVC_LEVEL_EXPERT;
    a.hire_date = T0 - 400 * 86400;
    a.supervisor_id = "B1";
    a.skills = CSVC_SKILL(CSVC_CATEGORY_TECHNICAL) | CSVC_SKILL(CSVC_CATEGORY_INQUIRY);
    a.base_pay = 812345;
    a.currency = "EUR";
    assert_ok(r, csvc_roster_add_agent(r, &a));
    a.level = CSVC_LEVEL_SUPERVISOR;
    a.name = "Chen Li (sup)";
    a.base_pay = 912345;
    assert_ok(r, csvc_roster_update_agent(r, &a));
    assert_ok(r, csvc_roster_deactivate_agent(r, "A2"));
    const char *csv = "agent_id,name,team_id,team_name,level,hire_date,supervisor_id,skills,"
                      "active,base_pay,currency,team_lead\n"
                      "D1,\"Doe, Jane\",T4,Team Four,senior,2024-03-01,,inquiry;technical,1,"
                      "8000.00,CNY,D1\n"
                      "D2,Zhao Min,T4,,junior,2025-01-15,D1,,0,6500.00,CNY,\n";
    assert_ok(r, csvc_roster_import_csv_buffer(r, csv, strlen(csv)));
    assert_int_equal(csvc_roster_agent_count(r), 7);
    char *expected = roster_text(r);
    csvc_store_close(s);
    csvc_roster_free(r);

    s = open_store(f->path, 5000, CSVC_SYNC_NORMAL);
    r = fx_empty_roster();
    assert_ok(s, csvc_store_attach_roster(s, r));
    char *got = roster_text(r);
    assert_string_equal(got, expected);
    /* Spot checks against the values set above. */
    csvc_agent_info out;
    assert_ok(r, csvc_roster_get_agent(r, "A2", &out));
    assert_int_equal(out.active, 0);
    assert_ok(r, csvc_roster_get_agent(r, "C1", &out));
    assert_int_equal(out.level, CSVC_LEVEL_SUPERVISOR);
    assert_int_equal(out.base_pay, 912345);
    assert_string_equal(out.currency, "EUR");
    assert_string_equal(out.supervisor_id, "B1");
    csvc_team_info tout;
    assert_ok(r, csvc_roster_get_team(r, "T2", &tout));
    assert_string_equal(tout.name, "Second line");
    assert_string_equal(tout.lead_id, "B1");

    /* Attaching a non-empty roster to a database that has one. */
    csvc_roster *other = fx_roster();
    csvc_store_close(s);
    s = open_store(f->path, 5000, CSVC_SYNC_NORMAL);
    assert_status(csvc_store_attach_roster(s, other), CSVC_E_CONFLICT);
    /* The refused roster is untouched and the stored one unchanged. */
    assert_int_equal(csvc_roster_agent_count(other), 4);
    csvc_store_close(s);
    csvc_roster_free(other);
    csvc_free(got);

    s = open_store(f->path, 5000, CSVC_SYNC_NORMAL);
    csvc_roster *again = fx_empty_roster();
    assert_ok(s, csvc_store_attach_roster(s, again));
    got = roster_text(again);
    assert_string_equal(got, expected);
    csvc_free(got);
    csvc_free(expected);
    csvc_store_close(s);
    csvc_roster_free(again);
    csvc_roster_free(r);
}

/* A refused roster change (bad input) is not written. */
static void test_roster_refused_change_not_written(void **state)
{
    fixture *f = *state;
    csvc_store *s = open_store(f->path, 5000, CSVC_SYNC_NORMAL);
    csvc_roster *r = fx_roster();
    assert_ok(s, csvc_store_attach_roster(s, r));
    char *expected = roster_text(r);
    const char *bad = "agent_id,name,team_id,level,hire_date\n"
                      "Z1,Z,T9,junior,2024-01-01\n"
                      "Z2,Y,T9,chief,2024-01-01\n"; /* line 3: bad level: all or nothing */
    assert_int_equal(csvc_roster_import_csv_buffer(r, bad, strlen(bad)), CSVC_E_PARSE);
    fx_add_agent(r, "OK1", "T1", 1);
    assert_int_equal(csvc_roster_deactivate_agent(r, "NOPE"), CSVC_E_NOTFOUND);
    csvc_store_close(s);
    char *now = roster_text(r);
    csvc_roster_free(r);

    s = open_store(f->path, 5000, CSVC_SYNC_NORMAL);
    r = fx_empty_roster();
    assert_ok(s, csvc_store_attach_roster(s, r));
    char *got = roster_text(r);
    assert_string_equal(got, now);
    assert_int_equal(
        csvc_roster_get_team(r, "T9", &(csvc_team_info){CSVC_TEAM_INFO_VERSION, 0, 0, 0}),
        CSVC_E_NOTFOUND);
    assert_string_not_equal(got, expected); /* OK1 was added */
    csvc_free(got);
    csvc_free(now);
    csvc_free(expected);
    csvc_store_close(s);
    csvc_roster_free(r);
}

/* ============================================================================ */
/* Batches                                                                       */
/* ============================================================================ */

static void test_batch_commit(void **state)
{
    fixture *f = *state;
    session x = open_session(f->path, fx_roster());
    history(x.desk, 21, "A", 50);
    uint64_t before_batch = stored_events(x.store);
    assert_ok(x.store, csvc_store_begin(x.store));
    assert_status(csvc_store_begin(x.store), CSVC_E_BUSY); /* no nesting */
    int ok = history(x.desk, 22, "B", 5000);
    assert_true(ok > 1000);
    assert_ok(x.store, csvc_store_commit(x.store));
    assert_int_equal(stored_events(x.store), before_batch + (uint64_t)ok);
    /* A second batch after the first one. */
    assert_ok(x.store, csvc_store_begin(x.store));
    history(x.desk, 23, "C", 100);
    assert_ok(x.store, csvc_store_commit(x.store));
    snapshot before = snap(x.desk);
    close_session(&x);

    x = open_session(f->path, NULL);
    snapshot after = snap(x.desk);
    assert_same_snapshot(&before, &after);
    uint64_t bad;
    assert_ok(x.store, csvc_store_verify(x.store, &bad));
    close_session(&x);
}

static void test_batch_rollback(void **state)
{
    fixture *f = *state;
    session x = open_session(f->path, fx_roster());
    history(x.desk, 31, "A", 300);
    snapshot before = snap(x.desk);
    uint64_t stored = stored_events(x.store);

    assert_ok(x.store, csvc_store_begin(x.store));
    int ok = history(x.desk, 32, "B", 2000);
    assert_true(ok > 0);
    /* Changes to existing tickets too. */
    for (size_t i = 0; i < csvc_desk_ticket_count(x.desk); i++) {
        csvc_ticket_info info;
        assert_ok(x.desk, csvc_desk_ticket_at(x.desk, i, &info));
        if (info.state != CSVC_STATE_CANCELLED) {
            assert_ok(x.desk, csvc_desk_complaint(x.desk, info.id, T0 + 90 * 86400));
            break;
        }
    }
    assert_int_not_equal(checksum(x.desk), before.checksum);
    assert_ok(x.store, csvc_store_rollback(x.store));

    snapshot now = snap(x.desk); /* memory as before */
    assert_same_snapshot(&before, &now);
    assert_int_equal(stored_events(x.store), stored); /* disk as before */
    /* The ids of the rolled back tickets are free again, and unbatched work
     * goes on being committed. */
    create(x.desk, "B0", "T1", T0 + 91 * 86400);
    before = snap(x.desk);
    assert_int_equal(stored_events(x.store), stored + 1);
    close_session(&x);

    x = open_session(f->path, NULL);
    now = snap(x.desk);
    assert_same_snapshot(&before, &now);
    assert_int_equal(stored_events(x.store), stored + 1);
    close_session(&x);
}

/* Closing with an open batch rolls it back. */
static void test_close_rolls_back_batch(void **state)
{
    fixture *f = *state;
    session x = open_session(f->path, fx_roster());
    history(x.desk, 41, "A", 200);
    snapshot before = snap(x.desk);
    assert_ok(x.store, csvc_store_begin(x.store));
    history(x.desk, 42, "B", 200);
    close_session(&x);
    x = open_session(f->path, NULL);
    snapshot after = snap(x.desk);
    assert_same_snapshot(&before, &after);
    close_session(&x);
}

/* ============================================================================ */
/* Durability contract                                                           */
/* ============================================================================ */

/* After every call that returned CSVC_OK, a second connection already sees
 * the event (it is committed, not merely buffered), and a reopen has it. */
static void test_every_ok_call_is_on_disk(void **state)
{
    fixture *f = *state;
    session x = open_session(f->path, fx_roster());
    csvc_store *watcher = open_store(f->path, 5000, CSVC_SYNC_NORMAL);
    gen g = gen_init(51, "D", T0);
    int acknowledged = 0;
    for (int round = 0; round < 150; round++) {
        acknowledged += gen_step(x.desk, &g) == CSVC_OK;
        assert_int_equal(stored_events(watcher), csvc_desk_event_count(x.desk));
        assert_int_equal(stored_events(watcher), (uint64_t)acknowledged);
    }
    /* Roster changes too: the watcher loads the roster as it is now. */
    fx_add_agent(x.roster, "LATE", "T2", 1);
    csvc_store_close(watcher);
    watcher = open_store(f->path, 5000, CSVC_SYNC_NORMAL);
    csvc_roster *seen = fx_empty_roster();
    assert_ok(watcher, csvc_store_attach_roster(watcher, seen));
    char *a = roster_text(seen), *b = roster_text(x.roster);
    assert_string_equal(a, b);
    csvc_free(a);
    csvc_free(b);
    csvc_store_close(watcher);
    csvc_roster_free(seen);

    snapshot before = snap(x.desk);
    close_session(&x);
    x = open_session(f->path, NULL);
    snapshot after = snap(x.desk);
    assert_same_snapshot(&before, &after);
    close_session(&x);
}

/* A refused event (domain error) writes nothing. */
static void test_refused_event_writes_nothing(void **state)
{
    fixture *f = *state;
    session x = open_session(f->path, fx_roster());
    create(x.desk, "Q", "T1", T0);
    uint64_t n = stored_events(x.store);
    assert_int_equal(csvc_desk_resolve(x.desk, "Q", NULL, 0, T0 + 1), CSVC_E_TRANSITION);
    assert_int_equal(csvc_desk_assign(x.desk, "Q", "A1", T0 - 1), CSVC_E_TIME);
    assert_int_equal(csvc_desk_assign(x.desk, "Q", "GONE", T0 + 1), CSVC_E_CONSTRAINT);
    assert_int_equal(stored_events(x.store), n);
    close_session(&x);
}

/* ============================================================================ */
/* Failed commits                                                                */
/* ============================================================================ */

static void test_failed_commit_leaves_memory_unchanged(void **state)
{
    fixture *f = *state;
    session x;
    x.store = open_store(f->path, 50, CSVC_SYNC_NORMAL);
    x.roster = fx_roster();
    assert_ok(x.store, csvc_store_attach_roster(x.store, x.roster));
    x.desk = new_desk(x.roster);
    assert_ok(x.store, csvc_store_attach_desk(x.store, x.desk));
    history(x.desk, 61, "F", 200);
    create(x.desk, "LOCKED", "T1", T0 + 50 * 86400);
    snapshot before = snap(x.desk);
    uint64_t stored = stored_events(x.store);
    char *roster_before = roster_text(x.roster);

    /* Another connection holds the write lock. */
    sqlite3 *other = raw_open(f->path);
    raw_exec(other, "BEGIN EXCLUSIVE");

    assert_int_equal(csvc_desk_assign(x.desk, "LOCKED", "A1", T0 + 50 * 86400 + 1), CSVC_E_BUSY);
    assert_true(strlen(csvc_desk_errmsg(x.desk)) > 0);
    csvc_ticket_spec sp = CSVC_TICKET_SPEC_INIT;
    sp.id = "NEWBORN";
    sp.team_id = "T2";
    sp.created = T0 + 50 * 86400;
    assert_int_equal(csvc_desk_create(x.desk, &sp), CSVC_E_BUSY);
    snapshot now = snap(x.desk);
    assert_same_snapshot(&before, &now);
    csvc_ticket_info info;
    assert_int_equal(csvc_desk_get_ticket(x.desk, "NEWBORN", &info), CSVC_E_NOTFOUND);
    assert_ok(x.desk, csvc_desk_get_ticket(x.desk, "LOCKED", &info));
    assert_int_equal(info.state, CSVC_STATE_NEW);

    /* Roster changes fail the same way and leave the roster as it was. */
    csvc_team_info t = CSVC_TEAM_INFO_INIT;
    t.id = "T9";
    assert_int_equal(csvc_roster_add_team(x.roster, &t), CSVC_E_BUSY);
    assert_int_equal(csvc_roster_team_count(x.roster), 2);
    char *roster_now = roster_text(x.roster);
    assert_string_equal(roster_now, roster_before);
    csvc_free(roster_now);

    /* A batch cannot start either. */
    assert_int_equal(csvc_store_begin(x.store), CSVC_E_BUSY);
    assert_int_equal(csvc_store_commit(x.store), CSVC_E_INVALID); /* none open */

    raw_exec(other, "COMMIT");
    /* The lock is gone: the same calls now succeed. */
    assert_ok(x.desk, csvc_desk_assign(x.desk, "LOCKED", "A1", T0 + 50 * 86400 + 1));
    assert_ok(x.desk, csvc_desk_create(x.desk, &sp));
    assert_ok(x.roster, csvc_roster_add_team(x.roster, &t));
    assert_int_equal(stored_events(x.store), stored + 2);
    before = snap(x.desk);
    sqlite3_close(other);
    close_session(&x);

    x = open_session(f->path, NULL);
    now = snap(x.desk);
    assert_same_snapshot(&before, &now);
    assert_int_equal(csvc_roster_team_count(x.roster), 3);
    uint64_t bad;
    assert_ok(x.store, csvc_store_verify(x.store, &bad));
    close_session(&x);
    csvc_free(roster_before);
}

/* ============================================================================ */
/* Two handles on one database: refresh and conflicts                           */
/* ============================================================================ */

static void test_refresh_and_conflict(void **state)
{
    fixture *f = *state;
    session a = open_session(f->path, fx_roster());
    session b = open_session(f->path, NULL);

    create(a.desk, "X", "T1", T0);
    create(a.desk, "Y", "T1", T0);
    uint64_t applied = 99;
    assert_ok(b.store, csvc_store_refresh(b.store, &applied));
    assert_int_equal(applied, 2);
    assert_int_equal(checksum(b.desk), checksum(a.desk));
    assert_ok(b.store, csvc_store_refresh(b.store, &applied));
    assert_int_equal(applied, 0);
    assert_ok(b.store, csvc_store_refresh(b.store, NULL));

    /* A moves X on; B, stale, tries to act on X: conflict, and B then sees
     * X as A left it. */
    assert_ok(a.desk, csvc_desk_assign(a.desk, "X", "A1", T0 + 10));
    csvc_ticket_info info;
    assert_ok(b.desk, csvc_desk_get_ticket(b.desk, "X", &info));
    assert_int_equal(info.state, CSVC_STATE_NEW);
    assert_int_equal(info.event_count, 1);
    assert_int_equal(csvc_desk_assign(b.desk, "X", "A2", T0 + 20), CSVC_E_CONFLICT);
    assert_ok(b.desk, csvc_desk_get_ticket(b.desk, "X", &info));
    assert_int_equal(info.state, CSVC_STATE_ASSIGNED);
    assert_string_equal(info.agent_id, "A1");
    assert_int_equal(info.event_count, 2);
    /* The retry, based on the current version, goes through. */
    assert_ok(b.desk, csvc_desk_start(b.desk, "X", T0 + 20));
    /* B's work on another ticket is independent of A's. */
    assert_ok(b.desk, csvc_desk_cancel(b.desk, "Y", NULL, T0 + 30));

    /* A ticket id both create: the second is refused (never two tickets X2). */
    create(a.desk, "X2", "T2", T0 + 40);
    csvc_ticket_spec s = CSVC_TICKET_SPEC_INIT;
    s.id = "X2";
    s.team_id = "T1";
    s.created = T0 + 41;
    assert_int_equal(csvc_desk_create(b.desk, &s), CSVC_E_CONFLICT);
    /* B now knows X2: the retry is refused by the desk itself. */
    assert_int_equal(csvc_desk_create(b.desk, &s), CSVC_E_EXISTS);

    assert_ok(a.store, csvc_store_refresh(a.store, NULL));
    assert_ok(b.store, csvc_store_refresh(b.store, NULL));
    uint64_t n = stored_events(a.store);
    assert_int_equal(n, 6); /* X created, Y created, X assigned, X started, Y cancelled, X2 */
    assert_int_equal(csvc_desk_event_count(a.desk), n);
    assert_int_equal(csvc_desk_event_count(b.desk), n);
    assert_ok(a.desk, csvc_desk_get_ticket(a.desk, "X", &info));
    assert_int_equal(info.state, CSVC_STATE_IN_PROGRESS);
    assert_ok(a.desk, csvc_desk_get_ticket(a.desk, "X2", &info));
    assert_string_equal(info.team_id, "T2");
    close_session(&b);
    close_session(&a);

    /* A fresh load agrees with what both saw. */
    session c = open_session(f->path, NULL);
    assert_int_equal(csvc_desk_event_count(c.desk), 6);
    uint64_t bad;
    assert_ok(c.store, csvc_store_verify(c.store, &bad));
    close_session(&c);
}

/* ============================================================================ */
/* Tampering                                                                     */
/* ============================================================================ */

/* Builds a database with `n` events or more and returns the count. */
static uint64_t build_events(const char *path, unsigned seed)
{
    session x = open_session(path, fx_roster());
    history(x.desk, seed, "H", 300);
    uint64_t n = csvc_desk_event_count(x.desk);
    close_session(&x);
    return n;
}

static csvc_status verify_file(const char *path, uint64_t *first_bad)
{
    csvc_store *s = open_store(path, 5000, CSVC_SYNC_NORMAL);
    *first_bad = 0;
    csvc_status rc = csvc_store_verify(s, first_bad);
    csvc_store_close(s);
    return rc;
}

static void expect_corrupt_at(const char *path, uint64_t expected)
{
    uint64_t bad = 0;
    csvc_store *s = open_store(path, 5000, CSVC_SYNC_NORMAL);
    csvc_status rc = csvc_store_verify(s, &bad);
    if (rc != CSVC_E_CORRUPT)
        fail_msg("verify returned %s, expected CSVC_E_CORRUPT", csvc_status_name(rc));
    if (bad != expected)
        fail_msg("first_bad = %llu, expected %llu (%s)", (unsigned long long)bad,
                 (unsigned long long)expected, csvc_store_errmsg(s));
    /* The message names the event. */
    char num[32];
    snprintf(num, sizeof num, "%llu", (unsigned long long)expected);
    if (!strstr(csvc_store_errmsg(s), num))
        fail_msg("message '%s' does not name event %s", csvc_store_errmsg(s), num);
    /* first_bad may be NULL. */
    assert_int_equal(csvc_store_verify(s, NULL), CSVC_E_CORRUPT);
    csvc_store_close(s);
}

static void test_verify_untouched(void **state)
{
    fixture *f = *state;
    uint64_t n = build_events(f->path, 71);
    assert_true(n > 50);
    uint64_t bad = 12345;
    assert_int_equal(verify_file(f->path, &bad), CSVC_OK);
    /* An empty database verifies too. */
    char empty[160];
    file_in(f, "empty.db", empty, sizeof empty);
    assert_int_equal(verify_file(empty, &bad), CSVC_OK);
}

/* The events table and its columns, as written by src/store/schema.c. */
#define EV_TABLE "events"
#define EV_SEQ "seq"
#define EV_TIME "time"
#define EV_TICKET "ticket"
#define EV_CODE "code"

static void tamper(const char *path, const char *sql)
{
    sqlite3 *db = raw_open(path);
    raw_exec(db, sql);
    sqlite3_close(db);
}

static void test_verify_altered_time(void **state)
{
    fixture *f = *state;
    uint64_t n = build_events(f->path, 72);
    uint64_t k = n / 2;
    char sql[256];
    snprintf(sql, sizeof sql,
             "UPDATE " EV_TABLE " SET " EV_TIME " = " EV_TIME " + 1 WHERE " EV_SEQ " = %llu",
             (unsigned long long)k);
    tamper(f->path, sql);
    expect_corrupt_at(f->path, k);
}

static void test_verify_altered_ticket(void **state)
{
    fixture *f = *state;
    uint64_t n = build_events(f->path, 73);
    uint64_t k = n / 3;
    char sql[256];
    snprintf(sql, sizeof sql,
             "UPDATE " EV_TABLE " SET " EV_TICKET " = 'H0' WHERE " EV_SEQ " = %llu",
             (unsigned long long)k);
    /* Only a change if event k is not already H0's: pick the first event
     * after n/3 that belongs to another ticket. */
    sqlite3 *db = raw_open(f->path);
    char q[256];
    snprintf(q, sizeof q,
             "SELECT min(" EV_SEQ ") FROM " EV_TABLE " WHERE " EV_SEQ " >= %llu AND " EV_TICKET
             " <> 'H0'",
             (unsigned long long)k);
    k = (uint64_t)raw_int(db, q);
    sqlite3_close(db);
    snprintf(sql, sizeof sql,
             "UPDATE " EV_TABLE " SET " EV_TICKET " = 'H0' WHERE " EV_SEQ " = %llu",
             (unsigned long long)k);
    tamper(f->path, sql);
    expect_corrupt_at(f->path, k);
}

static void test_verify_altered_code(void **state)
{
    fixture *f = *state;
    build_events(f->path, 74);
    /* The last resolution: its code is "refunded" (run_op). */
    sqlite3 *db = raw_open(f->path);
    uint64_t k = (uint64_t)raw_int(db, "SELECT max(" EV_SEQ ") FROM " EV_TABLE " WHERE " EV_CODE
                                       " = 'refunded'");
    sqlite3_close(db);
    assert_true(k > 0);
    char sql[256];
    snprintf(sql, sizeof sql,
             "UPDATE " EV_TABLE " SET " EV_CODE " = 'replaced' WHERE " EV_SEQ " = %llu",
             (unsigned long long)k);
    tamper(f->path, sql);
    expect_corrupt_at(f->path, k);
}

static void test_verify_deleted_row(void **state)
{
    fixture *f = *state;
    uint64_t n = build_events(f->path, 75);
    uint64_t k = n / 2;
    char sql[256];
    snprintf(sql, sizeof sql, "DELETE FROM " EV_TABLE " WHERE " EV_SEQ " = %llu",
             (unsigned long long)k);
    tamper(f->path, sql);
    /* Event k is the one missing. */
    expect_corrupt_at(f->path, k);
}

/* The walk alone cannot see the newest event removed; the chain head
 * recorded with every commit can. */
static void test_verify_deleted_newest_row(void **state)
{
    fixture *f = *state;
    uint64_t n = build_events(f->path, 77);
    char sql[256];
    snprintf(sql, sizeof sql, "DELETE FROM " EV_TABLE " WHERE " EV_SEQ " = %llu",
             (unsigned long long)n);
    tamper(f->path, sql);
    expect_corrupt_at(f->path, n);
}

static void test_verify_swapped_rows(void **state)
{
    fixture *f = *state;
    uint64_t n = build_events(f->path, 76);
    uint64_t i = n / 4, j = n / 4 + 7;
    /* Swap every column but the sequence number, through a scratch row. */
    char sql[1024];
    snprintf(
        sql, sizeof sql,
        "BEGIN;"
        "CREATE TEMP TABLE scratch AS SELECT * FROM " EV_TABLE " WHERE " EV_SEQ " IN (%llu, %llu);"
        "DELETE FROM " EV_TABLE " WHERE " EV_SEQ " IN (%llu, %llu);"
        "UPDATE scratch SET " EV_SEQ " = CASE " EV_SEQ " WHEN %llu THEN %llu ELSE %llu END;"
        "INSERT INTO " EV_TABLE " SELECT * FROM scratch;"
        "COMMIT;",
        (unsigned long long)i, (unsigned long long)j, (unsigned long long)i, (unsigned long long)j,
        (unsigned long long)i, (unsigned long long)j, (unsigned long long)i);
    tamper(f->path, sql);
    expect_corrupt_at(f->path, i);
}

/* ============================================================================ */
/* Error paths                                                                   */
/* ============================================================================ */

static void test_null_arguments(void **state)
{
    fixture *f = *state;
    csvc_store_options o = CSVC_STORE_OPTIONS_INIT;
    csvc_store *s = NULL;
    assert_status(csvc_store_open(NULL, &o, &s), CSVC_E_NULL);
    assert_null(s);
    assert_status(csvc_store_open(f->path, &o, NULL), CSVC_E_NULL);
    assert_false(file_exists(f->path));

    s = open_store(f->path, 5000, CSVC_SYNC_NORMAL);
    int32_t v;
    uint64_t n;
    assert_status(csvc_store_schema_version(NULL, &v), CSVC_E_NULL);
    assert_status(csvc_store_schema_version(s, NULL), CSVC_E_NULL);
    assert_status(csvc_store_attach_roster(NULL, NULL), CSVC_E_NULL);
    assert_status(csvc_store_attach_roster(s, NULL), CSVC_E_NULL);
    assert_status(csvc_store_attach_desk(s, NULL), CSVC_E_NULL);
    assert_status(csvc_store_begin(NULL), CSVC_E_NULL);
    assert_status(csvc_store_commit(NULL), CSVC_E_NULL);
    assert_status(csvc_store_rollback(NULL), CSVC_E_NULL);
    assert_status(csvc_store_refresh(NULL, &n), CSVC_E_NULL);
    assert_status(csvc_store_verify(NULL, &n), CSVC_E_NULL);
    assert_status(csvc_store_event_count(NULL, &n), CSVC_E_NULL);
    assert_status(csvc_store_event_count(s, NULL), CSVC_E_NULL);
    assert_status(csvc_store_backup(NULL, f->path), CSVC_E_NULL);
    assert_status(csvc_store_backup(s, NULL), CSVC_E_NULL);
    assert_status(csvc_store_export_events_csv(NULL, f->path), CSVC_E_NULL);
    assert_status(csvc_store_export_events_csv(s, NULL), CSVC_E_NULL);
    csvc_roster *r = fx_roster();
    csvc_desk *d = new_desk(r);
    assert_status(csvc_store_attach_desk(NULL, d), CSVC_E_NULL);
    csvc_desk_free(d);
    csvc_roster_free(r);
    csvc_store_close(s);
}

static void test_options_version(void **state)
{
    fixture *f = *state;
    csvc_store_options o = CSVC_STORE_OPTIONS_INIT;
    csvc_store *s = NULL;
    o.version = 0;
    assert_status(csvc_store_open(f->path, &o, &s), CSVC_E_VERSION);
    assert_non_null(strstr(csvc_last_errmsg(), "version"));
    o.version = CSVC_STORE_OPTIONS_VERSION + 1;
    assert_status(csvc_store_open(f->path, &o, &s), CSVC_E_VERSION);
    assert_null(s);
    assert_false(file_exists(f->path));
}

static void test_unwritable_paths(void **state)
{
    fixture *f = *state;
    csvc_store_options o = CSVC_STORE_OPTIONS_INIT;
    csvc_store *s = NULL;
    char p[200];
    file_in(f, "no/such/dir/desk.db", p, sizeof p);
    csvc_status rc = csvc_store_open(p, &o, &s);
    if (rc != CSVC_E_IO && rc != CSVC_E_PERM)
        fail_msg("missing directory: %s (%s)", csvc_status_name(rc), csvc_last_errmsg());
    assert_null(s);
    assert_true(strlen(csvc_last_errmsg()) > 0);

    /* create = 0 and no database: refused, and nothing is created. */
    o.create = 0;
    file_in(f, "absent.db", p, sizeof p);
    rc = csvc_store_open(p, &o, &s);
    assert_int_not_equal(rc, CSVC_OK);
    assert_null(s);
    assert_false(file_exists(p));
    o.create = 1;

    /* A read-only directory; root writes anyway, so only as another user. */
    if (geteuid() != 0) {
        char ro[200];
        file_in(f, "ro", ro, sizeof ro);
        assert_int_equal(mkdir(ro, 0500), 0);
        file_in(f, "ro/desk.db", p, sizeof p);
        rc = csvc_store_open(p, &o, &s);
        if (rc != CSVC_E_PERM && rc != CSVC_E_IO)
            fail_msg("read-only directory: %s (%s)", csvc_status_name(rc), csvc_last_errmsg());
        assert_null(s);
    } else {
        fprintf(stderr, "note: running as root, read-only directory case skipped\n");
    }

    /* A backup or export to a missing directory fails; the store goes on
     * working. */
    session x = open_session(f->path, fx_roster());
    s = x.store;
    file_in(f, "no/such/dir/backup.db", p, sizeof p);
    rc = csvc_store_backup(s, p);
    if (rc != CSVC_E_IO && rc != CSVC_E_PERM)
        fail_msg("backup to a missing directory: %s", csvc_status_name(rc));
    assert_true(strlen(csvc_store_errmsg(s)) > 0);
    file_in(f, "no/such/dir/events.csv", p, sizeof p);
    rc = csvc_store_export_events_csv(s, p);
    if (rc != CSVC_E_IO && rc != CSVC_E_PERM)
        fail_msg("export to a missing directory: %s", csvc_status_name(rc));
    assert_int_equal(stored_events(s), 0);
    create(x.desk, "STILL", "T1", T0);
    assert_int_equal(stored_events(s), 1);
    close_session(&x);
}

static void test_corrupt_files(void **state)
{
    fixture *f = *state;
    csvc_store_options o = CSVC_STORE_OPTIONS_INIT;
    csvc_store *s = NULL;

    /* Random bytes. */
    FILE *fp = fopen(f->path, "wb");
    assert_non_null(fp);
    unsigned seed = 81;
    for (int i = 0; i < 16384; i++)
        fputc(rand_r(&seed) & 0xff, fp);
    fclose(fp);
    assert_status(csvc_store_open(f->path, &o, &s), CSVC_E_CORRUPT);
    assert_null(s);

    /* A text file. */
    char p[200];
    file_in(f, "text.db", p, sizeof p);
    fp = fopen(p, "wb");
    assert_non_null(fp);
    fputs("ticket_id,type,time\nT1,created,2026-01-01\n", fp);
    fclose(fp);
    assert_status(csvc_store_open(p, &o, &s), CSVC_E_CORRUPT);

    /* A valid SQLite database that is not a libcsvc one. */
    file_in(f, "other.db", p, sizeof p);
    sqlite3 *db = raw_open(p);
    raw_exec(db, "CREATE TABLE invoices(id INTEGER PRIMARY KEY, amount INTEGER);"
                 "INSERT INTO invoices VALUES (1, 100);");
    sqlite3_close(db);
    assert_status(csvc_store_open(p, &o, &s), CSVC_E_CORRUPT);
    assert_null(s);
    /* ... which is left as it was. */
    db = raw_open(p);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_master"), 1);
    sqlite3_close(db);

    /* A libcsvc database damaged in the middle of the file. */
    file_in(f, "damaged.db", p, sizeof p);
    build_events(p, 82);
    {
        /* Fold the WAL into the main file first so the damage hits data. */
        sqlite3 *c = raw_open(p);
        raw_exec(c, "PRAGMA wal_checkpoint(TRUNCATE)");
        sqlite3_close(c);
    }
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_true(st.st_size > 8192);
    fp = fopen(p, "r+b");
    assert_non_null(fp);
    /* Past the 100-byte file header: page 1 holds the schema table. */
    fseek(fp, 100, SEEK_SET);
    for (int i = 100; i < 4096; i++)
        fputc(rand_r(&seed) & 0xff, fp);
    fclose(fp);
    csvc_status rc = csvc_store_open(p, &o, &s);
    if (rc == CSVC_OK) {
        /* Opened: then loading must notice. */
        csvc_roster *r = fx_empty_roster();
        rc = csvc_store_attach_roster(s, r);
        if (rc == CSVC_OK) {
            csvc_desk *d = new_desk(r);
            rc = csvc_store_attach_desk(s, d);
            csvc_desk_free(d);
        }
        csvc_store_close(s);
        csvc_roster_free(r);
    }
    assert_status(rc, CSVC_E_CORRUPT);
}

static void test_newer_schema(void **state)
{
    fixture *f = *state;
    build_events(f->path, 91);
    char sql[200];
    snprintf(sql, sizeof sql, "UPDATE meta SET value = %d WHERE key = 'schema_version'",
             CSVC_STORE_SCHEMA_VERSION + 1);
    tamper(f->path, sql);
    csvc_store_options o = CSVC_STORE_OPTIONS_INIT;
    csvc_store *s = NULL;
    assert_status(csvc_store_open(f->path, &o, &s), CSVC_E_VERSION);
    assert_null(s);
    assert_true(strlen(csvc_last_errmsg()) > 0);
    /* The database is not touched (not "migrated" backwards). */
    sqlite3 *db = raw_open(f->path);
    assert_int_equal(raw_int(db, "SELECT value FROM meta WHERE key = 'schema_version'"),
                     CSVC_STORE_SCHEMA_VERSION + 1);
    sqlite3_close(db);
}

static void test_attach_desk_errors(void **state)
{
    fixture *f = *state;
    csvc_store *s = open_store(f->path, 5000, CSVC_SYNC_NORMAL);
    csvc_roster *r = fx_roster();
    csvc_desk *d = new_desk(r);
    /* No roster attached yet. */
    assert_status(csvc_store_attach_desk(s, d), CSVC_E_INVALID);
    assert_ok(s, csvc_store_attach_roster(s, r));
    /* A desk with tickets. */
    create(d, "PRE", "T1", T0);
    uint64_t before = checksum(d);
    assert_status(csvc_store_attach_desk(s, d), CSVC_E_INVALID);
    assert_true(strlen(csvc_store_errmsg(s)) > 0);
    assert_int_equal(checksum(d), before);
    assert_int_equal(stored_events(s), 0);
    /* The refused desk is not persisted: its events are not written. */
    create(d, "PRE2", "T1", T0);
    assert_int_equal(stored_events(s), 0);
    csvc_desk_free(d);
    /* An empty desk is fine. */
    d = new_desk(r);
    assert_ok(s, csvc_store_attach_desk(s, d));
    create(d, "OK", "T1", T0);
    assert_int_equal(stored_events(s), 1);
    csvc_store_close(s);
    csvc_desk_free(d);
    csvc_roster_free(r);
}

/* Every allocation the store makes goes through the allocator; a failed one
 * is CSVC_E_NOMEM and leaks nothing. */
static void test_allocation_failures(void **state)
{
    fixture *f = *state;
    int completed = 0;
    for (long budget = 0; budget < 50 && !completed; budget++) {
        remove_tree(f->dir);
        assert_int_equal(mkdir(f->dir, 0700), 0);
        test_failing_alloc fa = {budget, 0, 0};
        csvc_allocator a = test_failing_allocator(&fa);
        csvc_store_options o = CSVC_STORE_OPTIONS_INIT;
        o.allocator = &a;
        o.sync = CSVC_SYNC_NORMAL;
        csvc_store *s = NULL;
        csvc_status rc = csvc_store_open(f->path, &o, &s);
        if (rc == CSVC_OK) {
            csvc_roster *r = fx_roster();
            csvc_desk *d = new_desk(r);
            rc = csvc_store_attach_roster(s, r);
            if (rc == CSVC_OK)
                rc = csvc_store_attach_desk(s, d);
            /* Events appended while others appended too are tracked in an
             * array: a second handle makes the store use it. */
            csvc_store *other = open_store(f->path, 5000, CSVC_SYNC_NORMAL);
            for (int i = 0; rc == CSVC_OK && i < 40; i++) {
                csvc_roster *r2 = fx_empty_roster();
                csvc_desk *d2 = new_desk(r2);
                assert_ok(other, csvc_store_attach_roster(other, r2));
                assert_ok(other, csvc_store_attach_desk(other, d2));
                char id[16];
                snprintf(id, sizeof id, "O%d", i);
                create(d2, id, "T2", T0);
                csvc_store_close(other);
                csvc_desk_free(d2);
                csvc_roster_free(r2);
                other = open_store(f->path, 5000, CSVC_SYNC_NORMAL);
                snprintf(id, sizeof id, "M%d", i);
                csvc_ticket_spec sp = CSVC_TICKET_SPEC_INIT;
                sp.id = id;
                sp.team_id = "T1";
                sp.created = T0 + i;
                uint64_t before = checksum(d);
                rc = csvc_desk_create(d, &sp);
                if (rc != CSVC_OK)
                    assert_int_equal(checksum(d), before);
            }
            csvc_store_close(other);
            csvc_store_close(s);
            csvc_desk_free(d);
            csvc_roster_free(r);
        } else {
            assert_null(s);
        }
        if (rc != CSVC_OK)
            assert_int_equal(rc, CSVC_E_NOMEM);
        completed = rc == CSVC_OK;
        assert_int_equal(fa.live, 0);
    }
    assert_true(completed);
}

/* ============================================================================ */
/* Backup and export                                                             */
/* ============================================================================ */

static void test_backup(void **state)
{
    fixture *f = *state;
    session x = open_session(f->path, fx_roster());
    history(x.desk, 101, "K", 500);
    snapshot before = snap(x.desk);
    char *roster_before = roster_text(x.roster);
    char p[200];
    file_in(f, "backup.db", p, sizeof p);
    assert_ok(x.store, csvc_store_backup(x.store, p));
    /* Work after the backup is not in it. */
    create(x.desk, "LATER", "T1", T0 + 80 * 86400);
    close_session(&x);

    session b = open_session(p, NULL);
    snapshot after = snap(b.desk);
    assert_same_snapshot(&before, &after);
    char *roster_after = roster_text(b.roster);
    assert_string_equal(roster_before, roster_after);
    uint64_t bad;
    assert_ok(b.store, csvc_store_verify(b.store, &bad));
    close_session(&b);
    csvc_free(roster_before);
    csvc_free(roster_after);
}

static void test_export_events_csv(void **state)
{
    fixture *f = *state;
    session x = open_session(f->path, fx_roster());
    history(x.desk, 111, "E", 600);
    uint64_t expected = checksum(x.desk);
    char p[200];
    file_in(f, "events.csv", p, sizeof p);
    assert_ok(x.store, csvc_store_export_events_csv(x.store, p));

    csvc_roster *r = fx_roster();
    csvc_desk *d = new_desk(r);
    assert_ok(d, csvc_desk_import_events_csv(d, p));
    assert_int_equal(checksum(d), expected);
    assert_int_equal(csvc_desk_event_count(d), csvc_desk_event_count(x.desk));

    /* The desk's own export of the same log reads back to the same desk. */
    char q[200];
    file_in(f, "desk-events.csv", q, sizeof q);
    assert_ok(x.desk, csvc_desk_export_events_csv(x.desk, q));
    csvc_desk *d2 = new_desk(r);
    assert_ok(d2, csvc_desk_import_events_csv(d2, q));
    assert_int_equal(checksum(d2), expected);
    csvc_desk_free(d2);
    csvc_desk_free(d);
    csvc_roster_free(r);
    close_session(&x);

    /* An empty log exports a header only, which imports to nothing. */
    session e = open_session(":memory:", fx_roster());
    assert_ok(e.store, csvc_store_export_events_csv(e.store, p));
    r = fx_roster();
    d = new_desk(r);
    assert_ok(d, csvc_desk_import_events_csv(d, p));
    assert_int_equal(csvc_desk_event_count(d), 0);
    csvc_desk_free(d);
    csvc_roster_free(r);
    close_session(&e);
}

/* ============================================================================ */
/* Migrations                                                                    */
/* ============================================================================ */

static char *read_text(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* fixtures/store_v1.sql: a schema-1 database (see the comment at its top).
 * Its content, from the operations that made it:
 *   K-1 (T1, CU-7, email, return_refund, high): created, assigned A1,
 *       replied, customer reply, pended, resumed, resolved "refunded",
 *       rated 5, auto-closed;
 *   K-2 (T2, phone, technical, urgent): created, assigned B1, started,
 *       escalated to tier 2, note, transferred to T1/A2, replied, resolved
 *       "replaced" (first contact), closed, reopened, complaint, resolved,
 *       auto-closed: 13 events;
 *   K-3 (T1): created, cancelled merged into K-1;
 *   K-4: follow-up of K-1 (new, related K-1, customer CU-7).
 * 25 events in all; roster T1 (lead L1), T2; L1, A1, A2, B1 (EUR), GONE. */
static void test_migrate_v1_fixture(void **state)
{
    fixture *f = *state;
    char *sql = read_text("fixtures/store_v1.sql");
    if (!sql)
        fail_msg("cannot read fixtures/store_v1.sql (tests run in tests/unit)");
    sqlite3 *db = raw_open(f->path);
    raw_exec(db, sql);
    free(sql);
    assert_int_equal(raw_int(db, "SELECT value FROM meta WHERE key = 'schema_version'"), 1);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM " EV_TABLE), 25);
    sqlite3_close(db);

    csvc_store *s = open_store(f->path, 5000, CSVC_SYNC_NORMAL);
    int32_t v = 0;
    assert_ok(s, csvc_store_schema_version(s, &v));
    assert_int_equal(v, CSVC_STORE_SCHEMA_VERSION);
    assert_int_equal(stored_events(s), 25);
    uint64_t bad = 0;
    assert_ok(s, csvc_store_verify(s, &bad));
    csvc_roster *r = fx_empty_roster();
    assert_ok(s, csvc_store_attach_roster(s, r));
    assert_int_equal(csvc_roster_team_count(r), 2);
    assert_int_equal(csvc_roster_agent_count(r), 5);
    csvc_team_info team;
    assert_ok(r, csvc_roster_get_team(r, "T1", &team));
    assert_string_equal(team.name, "Front line");
    assert_string_equal(team.lead_id, "L1");
    csvc_agent_info agent;
    assert_ok(r, csvc_roster_get_agent(r, "A1", &agent));
    assert_string_equal(agent.supervisor_id, "L1");
    assert_ok(r, csvc_roster_get_agent(r, "B1", &agent));
    assert_string_equal(agent.currency, "EUR");
    assert_int_equal(agent.base_pay, 1100000);
    assert_ok(r, csvc_roster_get_agent(r, "GONE", &agent));
    assert_int_equal(agent.active, 0);

    csvc_desk *d = new_desk(r);
    assert_ok(s, csvc_store_attach_desk(s, d));
    assert_int_equal(csvc_desk_event_count(d), 25);
    assert_int_equal(csvc_desk_ticket_count(d), 4);
    csvc_ticket_info t;
    assert_ok(d, csvc_desk_get_ticket(d, "K-1", &t));
    assert_int_equal(t.state, CSVC_STATE_CLOSED);
    assert_int_equal(t.csat, 5);
    assert_string_equal(t.customer_id, "CU-7");
    assert_int_equal(t.category, CSVC_CATEGORY_RETURN_REFUND);
    assert_int_equal(t.event_count, 9);
    assert_ok(d, csvc_desk_get_ticket(d, "K-2", &t));
    assert_int_equal(t.state, CSVC_STATE_CLOSED);
    assert_int_equal(t.tier, 2);
    assert_int_equal(t.reopen_count, 1);
    assert_int_equal(t.complaints, 1);
    assert_string_equal(t.team_id, "T1");
    assert_string_equal(t.agent_id, "A2");
    assert_int_equal(t.event_count, 13);
    assert_ok(d, csvc_desk_get_ticket(d, "K-3", &t));
    assert_int_equal(t.state, CSVC_STATE_CANCELLED);
    assert_string_equal(t.related_id, "K-1");
    assert_ok(d, csvc_desk_get_ticket(d, "K-4", &t));
    assert_int_equal(t.state, CSVC_STATE_NEW);
    assert_string_equal(t.related_id, "K-1");
    /* The migrated database takes new events, chained on the old ones. */
    assert_ok(d, csvc_desk_assign(d, "K-4", "A1", T0 + 21 * 86400));
    assert_int_equal(stored_events(s), 26);
    assert_ok(s, csvc_store_verify(s, &bad));
    csvc_store_close(s);
    csvc_desk_free(d);
    csvc_roster_free(r);

    /* On disk: the new version, and each event's ticket version backfilled
     * (K-2's 13 events are versions 1..13; K-4's assignment is its 2nd). */
    db = raw_open(f->path);
    assert_int_equal(raw_int(db, "SELECT value FROM meta WHERE key = 'schema_version'"),
                     CSVC_STORE_SCHEMA_VERSION);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT version FROM events WHERE ticket = 'K-2'"
                                        " ORDER BY seq",
                                        -1, &st, NULL),
                     SQLITE_OK);
    int64_t expected = 1;
    while (sqlite3_step(st) == SQLITE_ROW)
        assert_int_equal(sqlite3_column_int64(st, 0), expected++);
    sqlite3_finalize(st);
    assert_int_equal(expected, 14);
    /* The v3 roster became rows after the 25 events: T1 and T2 without
     * leads (26, 27), the 5 agents without supervisors (28-32), A1, A2 and
     * GONE with theirs (33-35), T1 with its lead (36); the new event is 37. */
    assert_int_equal(raw_int(db, "SELECT count(*) FROM teams"), 3);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM agents"), 8);
    assert_int_equal(raw_int(db, "SELECT seq FROM teams WHERE lead = 'L1'"), 36);
    assert_int_equal(raw_int(db, "SELECT max(seq) FROM agents WHERE supervisor IS NOT NULL"), 35);
    assert_int_equal(raw_int(db, "SELECT version FROM events WHERE seq = 37"), 2);
    assert_int_equal(raw_int(db, "SELECT seq FROM chain_head"), 37);
    sqlite3_close(db);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options_init),
        cmocka_unit_test(test_open_memory),
        T(test_open_file_creates),
        T(test_reopen_rebuilds_identical_desk),
        T(test_roster_empty_database_and_load),
        T(test_roster_changes_persist),
        T(test_roster_refused_change_not_written),
        T(test_batch_commit),
        T(test_batch_rollback),
        T(test_close_rolls_back_batch),
        T(test_every_ok_call_is_on_disk),
        T(test_refused_event_writes_nothing),
        T(test_failed_commit_leaves_memory_unchanged),
        T(test_refresh_and_conflict),
        T(test_verify_untouched),
        T(test_verify_altered_time),
        T(test_verify_altered_ticket),
        T(test_verify_altered_code),
        T(test_verify_deleted_row),
        T(test_verify_deleted_newest_row),
        T(test_verify_swapped_rows),
        T(test_null_arguments),
        T(test_options_version),
        T(test_unwritable_paths),
        T(test_corrupt_files),
        T(test_newer_schema),
        T(test_attach_desk_errors),
        T(test_allocation_failures),
        T(test_backup),
        T(test_export_events_csv),
        T(test_migrate_v1_fixture),
    };
#undef T
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
