/* bench_store: the durable store against a plain SQLite loop, same run.
 *
 *   bench_store [--quick] [single|batch|reopen|review ...]
 *
 * --quick divides every workload by 10; naming sections runs only those.
 *
 * Prints, one line per figure:
 * (a) durable single-event commits per second through the store (WAL,
 *     synchronous NORMAL, then FULL), and a plain SQLite loop inserting the
 *     same rows (read back from the store's database: same table, same
 *     columns, hash included) one transaction per row with the same
 *     synchronous setting, prepared statement; the ratio of the times
 *     (best of 3 runs each);
 * (b) events per second through the store in one batch of 1,000,000
 *     events, the plain loop inserting the same rows in one transaction,
 *     and the ratio (targets: >= 500,000 events/s, within 1.5x);
 * (c) reopening a 10,000,000-event database (built with batches of 1M)
 *     and rebuilding the desk: open + attach roster + attach desk (target
 *     < 10 s), next to a plain SQLite scan of the same rows;
 * (d) a KPI review of 1,000 agents with 100,000 ratings (self and 9 peers
 *     on 10 KPIs): attaching it to a store writes every rating (target
 *     < 2 s), next to plain SQLite inserting the same rows into the same
 *     table in one transaction; then 1,000 more ratings, each committed
 *     (WAL, NORMAL) beside plain single-row transactions; then reloading
 *     the review from the database.
 * The store's figures include the desk's own work (validating and applying
 * each event); the desk alone is printed for reference. Files go to /tmp
 * and are deleted at the end. Not a test: numbers depend on the machine. */
#include <csvc.h>
#include <sqlite3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define T0 INT64_C(1767225600) /* 2026-01-01T00:00:00Z */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what, const char *msg)
{
    fprintf(stderr, "bench_store: %s: %s\n", what, msg);
    exit(1);
}

#define CHECK(call, msg)                                                                           \
    do {                                                                                           \
        if ((call) != CSVC_OK)                                                                     \
            die(#call, (msg));                                                                     \
    } while (0)

static char dir[64];

static void db_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", dir, name);
}

static void remove_db(const char *path)
{
    char p[256];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

static long long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    fseek(f, 0, SEEK_END);
    long long n = ftell(f);
    fclose(f);
    return n;
}

/* ---- the workload ------------------------------------------------------------ */

static csvc_roster *make_roster(void)
{
    csvc_roster *r;
    CHECK(csvc_roster_new(NULL, &r), csvc_last_errmsg());
    const char *csv = "agent_id,name,team_id,level,hire_date\n"
                      "A1,Agent One,T1,senior,2024-01-01\n"
                      "A2,Agent Two,T1,junior,2025-01-01\n"
                      "B1,Agent Three,T2,expert,2023-01-01\n";
    CHECK(csvc_roster_import_csv_buffer(r, csv, strlen(csv)), csvc_roster_errmsg(r));
    return r;
}

/* Event k of an endless legal stream: each ticket gets 6 events (created,
 * assigned, agent reply, customer reply, agent reply, resolved); ticket
 * lifecycles overlap 4 at a time so that events of different tickets
 * interleave. `base` numbers the tickets of this stream. */
/* Ticket ids formatted before a timed run, so that the store is timed
 * against the plain loop without the benchmark's own snprintf (NULL: format
 * on the fly). */
static char (*ticket_ids)[24];
static uint64_t nticket_ids;

static void prepare_ids(uint64_t events)
{
    nticket_ids = events / 6 + 8;
    ticket_ids = malloc(nticket_ids * sizeof *ticket_ids);
    if (!ticket_ids)
        die("memory", "out of memory");
    for (uint64_t i = 0; i < nticket_ids; i++)
        snprintf(ticket_ids[i], sizeof ticket_ids[i], "K%010llu", (unsigned long long)i);
}

static void drop_ids(void)
{
    free(ticket_ids);
    ticket_ids = NULL;
    nticket_ids = 0;
}

static csvc_status stream_event(csvc_desk *d, uint64_t k, uint64_t base)
{
    uint64_t group = k / 24, within = k % 24;
    uint64_t ticket = base + group * 4 + within % 4;
    int step = (int)(within / 4);
    char buf[32];
    const char *id = buf;
    if (ticket < nticket_ids)
        id = ticket_ids[ticket];
    else
        snprintf(buf, sizeof buf, "K%010llu", (unsigned long long)ticket);
    int64_t t = T0 + (int64_t)(base + k);
    switch (step) {
    case 0: {
        csvc_ticket_spec s = CSVC_TICKET_SPEC_INIT;
        s.id = id;
        s.team_id = ticket % 3 ? "T1" : "T2";
        s.customer_id = "CUST-42";
        s.channel = (csvc_channel)(ticket % CSVC_CHANNEL_COUNT);
        s.category = (csvc_category)(ticket % CSVC_CATEGORY_COUNT);
        s.created = t;
        return csvc_desk_create(d, &s);
    }
    case 1:
        return csvc_desk_assign(d, id, ticket % 3 ? (ticket % 2 ? "A1" : "A2") : "B1", t);
    case 2:
        return csvc_desk_agent_reply(d, id, NULL, t);
    case 3:
        return csvc_desk_customer_reply(d, id, t);
    case 4:
        return csvc_desk_agent_reply(d, id, NULL, t);
    default:
        return csvc_desk_resolve(d, id, "fixed", (int)(ticket % 2), t);
    }
}

/* Opens `path` fresh with the roster and an attached desk. */
typedef struct session {
    csvc_store *store;
    csvc_roster *roster;
    csvc_desk *desk;
} session;

static session open_session(const char *path, csvc_sync_mode sync, int fresh)
{
    session x;
    if (fresh)
        remove_db(path);
    csvc_store_options o = CSVC_STORE_OPTIONS_INIT;
    o.sync = sync;
    CHECK(csvc_store_open(path, &o, &x.store), csvc_last_errmsg());
    if (fresh) {
        x.roster = make_roster();
    } else {
        CHECK(csvc_roster_new(NULL, &x.roster), csvc_last_errmsg());
    }
    CHECK(csvc_store_attach_roster(x.store, x.roster), csvc_store_errmsg(x.store));
    csvc_desk_options dopt = CSVC_DESK_OPTIONS_INIT;
    CHECK(csvc_desk_new(x.roster, &dopt, &x.desk), csvc_last_errmsg());
    CHECK(csvc_store_attach_desk(x.store, x.desk), csvc_store_errmsg(x.store));
    return x;
}

static void close_session(session *x)
{
    csvc_store_close(x->store);
    csvc_desk_free(x->desk);
    csvc_roster_free(x->roster);
}

/* ---- the plain SQLite peer ------------------------------------------------------ */

/* The rows of the store's events table, held in memory. */
typedef struct row {
    int64_t seq, type, time, channel, category, priority, value, version;
    char *text[7]; /* ticket, actor, agent, team, customer, related, code */
    unsigned char hash[32];
} row;

typedef struct rows {
    row *items;
    size_t n;
    char *events_ddl;
} rows;

static char *dup_or_null(const unsigned char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen((const char *)s) + 1;
    char *p = malloc(n);
    if (!p)
        die("malloc", "out of memory");
    memcpy(p, s, n);
    return p;
}

static rows read_rows(const char *path)
{
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        die("sqlite3_open_v2", sqlite3_errmsg(db));
    rows r = {NULL, 0, NULL};
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_master WHERE name = 'events'", -1, &st, NULL);
    if (sqlite3_step(st) != SQLITE_ROW)
        die("events table", "not found");
    r.events_ddl = dup_or_null(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db, "SELECT count(*) FROM events", -1, &st, NULL);
    sqlite3_step(st);
    size_t n = (size_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    r.items = calloc(n ? n : 1, sizeof *r.items);
    if (!r.items)
        die("calloc", "out of memory");
    if (sqlite3_prepare_v2(db,
                           "SELECT seq, type, time, channel, category, priority, value, version,"
                           " ticket, actor, agent, team, customer, related, code, hash"
                           " FROM events ORDER BY seq",
                           -1, &st, NULL) != SQLITE_OK)
        die("prepare", sqlite3_errmsg(db));
    while (sqlite3_step(st) == SQLITE_ROW && r.n < n) {
        row *w = &r.items[r.n++];
        int64_t *ints[] = {&w->seq,      &w->type,     &w->time,  &w->channel,
                           &w->category, &w->priority, &w->value, &w->version};
        for (int i = 0; i < 8; i++)
            *ints[i] = sqlite3_column_int64(st, i);
        for (int i = 0; i < 7; i++)
            w->text[i] = dup_or_null(sqlite3_column_text(st, 8 + i));
        if (sqlite3_column_bytes(st, 15) == 32)
            memcpy(w->hash, sqlite3_column_blob(st, 15), 32);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return r;
}

static void free_rows(rows *r)
{
    for (size_t i = 0; i < r->n; i++)
        for (int k = 0; k < 7; k++)
            free(r->items[i].text[k]);
    free(r->items);
    free(r->events_ddl);
}

static void exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
        die(sql, err ? err : "?");
}

/* Inserts the rows into a fresh database with the store's events table:
 * one transaction per row, or all in one. Returns seconds. */
static double plain_insert(const char *path, const rows *r, const char *synchronous,
                           int one_transaction)
{
    remove_db(path);
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK)
        die("sqlite3_open", sqlite3_errmsg(db));
    char pragmas[128];
    snprintf(pragmas, sizeof pragmas, "PRAGMA journal_mode = WAL; PRAGMA synchronous = %s;",
             synchronous);
    exec(db, pragmas);
    exec(db, r->events_ddl);
    sqlite3_stmt *ins;
    if (sqlite3_prepare_v3(db,
                           "INSERT INTO events (seq, ticket, type, time, actor, agent, team,"
                           " customer, related, code, channel, category, priority, value,"
                           " version, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                           " ?11, ?12, ?13, ?14, ?15, ?16)",
                           -1, SQLITE_PREPARE_PERSISTENT, &ins, NULL) != SQLITE_OK)
        die("prepare", sqlite3_errmsg(db));
    double start = now_s();
    if (one_transaction)
        exec(db, "BEGIN");
    for (size_t i = 0; i < r->n; i++) {
        const row *w = &r->items[i];
        sqlite3_bind_int64(ins, 1, w->seq);
        sqlite3_bind_text(ins, 2, w->text[0], -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 3, w->type);
        sqlite3_bind_int64(ins, 4, w->time);
        for (int k = 1; k < 7; k++) /* actor .. code -> ?5 .. ?10 */
            if (w->text[k])
                sqlite3_bind_text(ins, 4 + k, w->text[k], -1, SQLITE_STATIC);
            else
                sqlite3_bind_null(ins, 4 + k);
        sqlite3_bind_int64(ins, 11, w->channel);
        sqlite3_bind_int64(ins, 12, w->category);
        sqlite3_bind_int64(ins, 13, w->priority);
        sqlite3_bind_int64(ins, 14, w->value);
        sqlite3_bind_int64(ins, 15, w->version);
        sqlite3_bind_blob(ins, 16, w->hash, 32, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE)
            die("insert", sqlite3_errmsg(db));
        sqlite3_reset(ins);
    }
    if (one_transaction)
        exec(db, "COMMIT");
    double t = now_s() - start;
    sqlite3_finalize(ins);
    sqlite3_close(db);
    remove_db(path);
    return t;
}

/* A plain scan of every column of every event, in order. Returns seconds. */
static double plain_scan(const char *path, uint64_t *count)
{
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        die("sqlite3_open_v2", sqlite3_errmsg(db));
    double start = now_s();
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db,
                       "SELECT seq, ticket, type, time, actor, agent, team, customer, related,"
                       " code, channel, category, priority, value, version, hash FROM events"
                       " ORDER BY seq",
                       -1, &st, NULL);
    uint64_t n = 0, sink = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        n++;
        sink += (uint64_t)sqlite3_column_int64(st, 3);
        sink += (uint64_t)sqlite3_column_bytes(st, 1) + (uint64_t)sqlite3_column_bytes(st, 15);
        for (int i = 4; i < 10; i++)
            sink += (uint64_t)sqlite3_column_bytes(st, i);
    }
    sqlite3_finalize(st);
    double t = now_s() - start;
    sqlite3_close(db);
    *count = n + (sink & 0); /* keep the reads */
    return t;
}

/* ---- (a) single-event commits ------------------------------------------------- */

/* Store and plain loop alternate three times (fsync times wander on a
 * shared disk); the best of each is printed. */
static void single_commits(const char *label, csvc_sync_mode sync, const char *synchronous,
                           uint64_t n)
{
    char path[128], peer[128];
    db_path(path, sizeof path, "single.db");
    db_path(peer, sizeof peer, "single-peer.db");
    double store_s = 1e30, plain_s = 1e30;
    for (int rep = 0; rep < 3; rep++) {
        session x = open_session(path, sync, 1);
        double start = now_s();
        for (uint64_t k = 0; k < n; k++)
            CHECK(stream_event(x.desk, k, 0), csvc_desk_errmsg(x.desk));
        double s = now_s() - start;
        close_session(&x);
        if (s < store_s)
            store_s = s;
        rows r = read_rows(path);
        if (r.n != n)
            die("single commits", "the database does not hold every event");
        double p = plain_insert(peer, &r, synchronous, 0);
        if (p < plain_s)
            plain_s = p;
        free_rows(&r);
        remove_db(path);
    }
    printf("single-event commits, WAL + synchronous %s: store %llu events in %.3f s = %.0f "
           "events/s (%.1f us each); plain SQLite, 1 transaction per row: %.0f rows/s; "
           "ratio store/plain time = %.2fx (best of 3 each)\n",
           label, (unsigned long long)n, store_s, (double)n / store_s, store_s / (double)n * 1e6,
           (double)n / plain_s, store_s / plain_s);
    fflush(stdout);
}

/* ---- (b) one big batch ---------------------------------------------------------- */

static void batched(uint64_t n)
{
    char path[128], peer[128];
    db_path(path, sizeof path, "batch.db");
    db_path(peer, sizeof peer, "batch-peer.db");

    prepare_ids(n);
    /* The desk alone, for reference. */
    csvc_roster *r0 = make_roster();
    csvc_desk *d0;
    CHECK(csvc_desk_new(r0, NULL, &d0), csvc_last_errmsg());
    double start = now_s();
    for (uint64_t k = 0; k < n; k++)
        CHECK(stream_event(d0, k, 0), csvc_desk_errmsg(d0));
    double desk_s = now_s() - start;
    csvc_desk_free(d0);
    csvc_roster_free(r0);

    session x = open_session(path, CSVC_SYNC_NORMAL, 1);
    start = now_s();
    CHECK(csvc_store_begin(x.store), csvc_store_errmsg(x.store));
    for (uint64_t k = 0; k < n; k++)
        CHECK(stream_event(x.desk, k, 0), csvc_desk_errmsg(x.desk));
    CHECK(csvc_store_commit(x.store), csvc_store_errmsg(x.store));
    double store_s = now_s() - start;
    close_session(&x);
    drop_ids();

    rows r = read_rows(path);
    if (r.n != n)
        die("batch", "the database does not hold every event");
    double plain_s = plain_insert(peer, &r, "NORMAL", 1);
    free_rows(&r);
    remove_db(path);
    printf("desk alone (no store): %llu events in %.3f s = %.0f events/s\n", (unsigned long long)n,
           desk_s, (double)n / desk_s);
    printf("batched, one batch of %llu events, WAL + synchronous NORMAL: store %.3f s = %.0f "
           "events/s (target >= 500000); plain SQLite, same rows in 1 transaction: %.3f s = %.0f "
           "rows/s; ratio store/plain time = %.2fx (target <= 1.5x)\n",
           (unsigned long long)n, store_s, (double)n / store_s, plain_s, (double)n / plain_s,
           store_s / plain_s);
    fflush(stdout);
}

/* ---- (c) reopen a big database ---------------------------------------------------- */

static void reopen(uint64_t n, uint64_t batch)
{
    char path[128];
    db_path(path, sizeof path, "big.db");
    session x = open_session(path, CSVC_SYNC_NORMAL, 1);
    double start = now_s();
    for (uint64_t k = 0; k < n; k += batch) {
        CHECK(csvc_store_begin(x.store), csvc_store_errmsg(x.store));
        for (uint64_t j = k; j < k + batch && j < n; j++)
            CHECK(stream_event(x.desk, j, 0), csvc_desk_errmsg(x.desk));
        CHECK(csvc_store_commit(x.store), csvc_store_errmsg(x.store));
    }
    double build_s = now_s() - start;
    uint64_t before;
    CHECK(csvc_desk_checksum(x.desk, &before), csvc_desk_errmsg(x.desk));
    close_session(&x);
    long long bytes = file_size(path);

    start = now_s();
    session y = open_session(path, CSVC_SYNC_NORMAL, 0);
    double reopen_s = now_s() - start;
    uint64_t after, count = csvc_desk_event_count(y.desk);
    CHECK(csvc_desk_checksum(y.desk, &after), csvc_desk_errmsg(y.desk));
    start = now_s();
    uint64_t bad;
    CHECK(csvc_store_verify(y.store, &bad), csvc_store_errmsg(y.store));
    double verify_s = now_s() - start;
    close_session(&y);
    if (count != n || after != before)
        die("reopen", "the rebuilt desk differs");

    uint64_t scanned;
    double scan_s = plain_scan(path, &scanned);
    remove_db(path);
    printf("build: %llu events in batches of %llu, %.1f s = %.0f events/s; database %.0f MB\n",
           (unsigned long long)n, (unsigned long long)batch, build_s, (double)n / build_s,
           (double)bytes / 1e6);
    printf("reopen: %llu events, open + load roster + rebuild desk %.2f s (target < 10 s) = "
           "%.0f events/s; same checksum; plain SQLite scan of all rows %.2f s; ratio "
           "reopen/scan = %.2fx\n",
           (unsigned long long)count, reopen_s, (double)count / reopen_s, scan_s,
           reopen_s / scan_s);
    printf("verify: %llu events, chain walk %.2f s = %.0f events/s\n", (unsigned long long)count,
           verify_s, (double)count / verify_s);
    fflush(stdout);
}

/* ---- a KPI review ----------------------------------------------------------- */

#define REVIEW_AGENTS 1000
#define REVIEW_TEAM 10
#define REVIEW_KPIS 10

static csvc_roster *review_roster(void)
{
    csvc_roster *r;
    CHECK(csvc_roster_new(NULL, &r), csvc_last_errmsg());
    for (int a = 0; a < REVIEW_AGENTS; a++) {
        char team[16], id[16], name[32];
        snprintf(team, sizeof team, "T%03d", a / REVIEW_TEAM);
        snprintf(id, sizeof id, "R%04d", a);
        snprintf(name, sizeof name, "Rated Agent %d", a);
        if (a % REVIEW_TEAM == 0) {
            csvc_team_info t = CSVC_TEAM_INFO_INIT;
            t.id = team;
            CHECK(csvc_roster_add_team(r, &t), csvc_roster_errmsg(r));
        }
        csvc_agent_info ag = CSVC_AGENT_INFO_INIT;
        ag.id = id;
        ag.name = name;
        ag.team_id = team;
        ag.hire_date = T0 - 400 * 86400;
        CHECK(csvc_roster_add_agent(r, &ag), csvc_roster_errmsg(r));
    }
    return r;
}

static csvc_kpi_model *review_model(void)
{
    csvc_kpi_model *m;
    CHECK(csvc_kpi_model_new(NULL, "bench-1", &m), csvc_last_errmsg());
    csvc_rater_group_config g = CSVC_RATER_GROUP_CONFIG_INIT;
    g.weight = 1;
    g.anonymity = 1;
    CHECK(csvc_kpi_model_set_group(m, CSVC_RATER_SELF, &g), csvc_kpi_model_errmsg(m));
    CHECK(csvc_kpi_model_set_group(m, CSVC_RATER_PEER, &g), csvc_kpi_model_errmsg(m));
    for (int k = 0; k < REVIEW_KPIS; k++) {
        char id[16];
        snprintf(id, sizeof id, "k%d", k);
        csvc_kpi_def d = CSVC_KPI_DEF_INIT;
        d.id = id;
        d.source = CSVC_KPI_RATED;
        d.scale = CSVC_SCALE_1_5;
        CHECK(csvc_kpi_model_add_kpi(m, &d), csvc_kpi_model_errmsg(m));
    }
    return m;
}

/* Rating n of the workload: for ratee a and KPI k, the self rating, then
 * the 9 team mates. */
static void review_rating(uint64_t n, csvc_kpi_rating *x, char *rater, char *ratee, char *kpi)
{
    uint64_t per_ratee = (uint64_t)REVIEW_KPIS * REVIEW_TEAM;
    int a = (int)(n / per_ratee), k = (int)(n % per_ratee / REVIEW_TEAM);
    int j = (int)(n % REVIEW_TEAM); /* 0: self; else the j-th other member */
    int first = a / REVIEW_TEAM * REVIEW_TEAM;
    int rater_index = j == 0 ? a : first + (a - first + j) % REVIEW_TEAM;
    sprintf(rater, "R%04d", rater_index);
    sprintf(ratee, "R%04d", a);
    sprintf(kpi, "k%d", k);
    csvc_kpi_rating_init(x);
    x->rater_id = rater;
    x->ratee_id = ratee;
    x->kpi_id = kpi;
    x->group = j == 0 ? CSVC_RATER_SELF : CSVC_RATER_PEER;
    x->value = 1 + (double)((n * 7) % 5);
    x->time = T0 + (int64_t)n;
}

static void rate_range(csvc_kpi_review *rv, uint64_t from, uint64_t to)
{
    char rater[16], ratee[16], kpi[16];
    for (uint64_t n = from; n < to; n++) {
        csvc_kpi_rating x;
        review_rating(n, &x, rater, ratee, kpi);
        CHECK(csvc_kpi_review_rate(rv, &x), csvc_kpi_review_errmsg(rv));
    }
}

/* Plain SQLite: the same ratings into the store's ratings table, with a
 * 32-byte hash per row; all in one transaction, or one each. Seconds. */
static double plain_ratings(const char *path, uint64_t from, uint64_t to, int one_transaction)
{
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK)
        die("sqlite3_open", sqlite3_errmsg(db));
    exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
             "CREATE TABLE IF NOT EXISTS ratings (seq INTEGER PRIMARY KEY, review TEXT NOT NULL,"
             " rater TEXT NOT NULL, ratee TEXT NOT NULL, kpi TEXT NOT NULL,"
             " rater_group INTEGER NOT NULL, value REAL, time INTEGER NOT NULL,"
             " hash BLOB NOT NULL);"
             "CREATE INDEX IF NOT EXISTS ratings_by_review ON ratings (review, seq);");
    sqlite3_stmt *ins;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO ratings (seq, review, rater, ratee, kpi, rater_group,"
                           " value, time, hash) VALUES (?1, 'bench', ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           -1, &ins, NULL) != SQLITE_OK)
        die("prepare", sqlite3_errmsg(db));
    unsigned char hash[32];
    memset(hash, 0xab, sizeof hash);
    char rater[16], ratee[16], kpi[16];
    double start = now_s();
    if (one_transaction)
        exec(db, "BEGIN");
    for (uint64_t n = from; n < to; n++) {
        csvc_kpi_rating x;
        review_rating(n, &x, rater, ratee, kpi);
        hash[n % 32] ^= (unsigned char)n; /* a different hash per row */
        if (!one_transaction)
            exec(db, "BEGIN");
        sqlite3_bind_int64(ins, 1, (sqlite3_int64)n + 1);
        sqlite3_bind_text(ins, 2, x.rater_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, x.ratee_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, x.kpi_id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 5, x.group);
        sqlite3_bind_double(ins, 6, x.value);
        sqlite3_bind_int64(ins, 7, x.time);
        sqlite3_bind_blob(ins, 8, hash, 32, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE)
            die("insert", sqlite3_errmsg(db));
        sqlite3_reset(ins);
        if (!one_transaction)
            exec(db, "COMMIT");
    }
    if (one_transaction)
        exec(db, "COMMIT");
    double t = now_s() - start;
    sqlite3_finalize(ins);
    sqlite3_close(db);
    return t;
}

static void review_attach(uint64_t n, uint64_t more)
{
    char path[128], plain[128];
    db_path(path, sizeof path, "review.db");
    db_path(plain, sizeof plain, "plain-ratings.db");
    csvc_roster *roster = review_roster();
    csvc_kpi_model *model = review_model();
    csvc_period period;
    CHECK(csvc_period_make(T0 - 30 * 86400, T0 + 30 * 86400, &period), csvc_last_errmsg());
    csvc_kpi_review_options o = CSVC_KPI_REVIEW_OPTIONS_INIT;
    o.id = "bench";
    csvc_kpi_review *rv;
    CHECK(csvc_kpi_review_new(roster, model, &period, &o, &rv), csvc_last_errmsg());
    double t = now_s();
    rate_range(rv, 0, n);
    double in_memory = now_s() - t;

    remove_db(path);
    csvc_store_options so = CSVC_STORE_OPTIONS_INIT;
    so.sync = CSVC_SYNC_NORMAL;
    csvc_store *store;
    CHECK(csvc_store_open(path, &so, &store), csvc_last_errmsg());
    CHECK(csvc_store_attach_roster(store, roster), csvc_store_errmsg(store));
    t = now_s();
    CHECK(csvc_store_attach_review(store, rv), csvc_store_errmsg(store));
    double attach = now_s() - t;
    remove_db(plain);
    double plain_bulk = plain_ratings(plain, 0, n, 1);
    printf("review: %d agents, %d KPIs, %llu ratings rated in memory in %.3f s; "
           "attach_review writes them in %.3f s = %.0f ratings/s (target < 2 s); "
           "plain SQLite, same rows in 1 transaction: %.3f s; ratio store/plain time = %.2fx\n",
           REVIEW_AGENTS, REVIEW_KPIS, (unsigned long long)n, in_memory, attach,
           (double)n / attach, plain_bulk, attach / plain_bulk);

    /* Later ratings replace earlier ones (same rater, ratee, KPI): the
     * store journals each before the call returns. */
    uint64_t from = n - more;
    t = now_s();
    char rater[16], ratee[16], kpi[16];
    for (uint64_t i = from; i < n; i++) {
        csvc_kpi_rating x;
        review_rating(i, &x, rater, ratee, kpi);
        x.time += (int64_t)n;
        x.value = x.value == 5 ? 4 : x.value + 1;
        CHECK(csvc_kpi_review_rate(rv, &x), csvc_kpi_review_errmsg(rv));
    }
    double later = now_s() - t;
    double plain_each = plain_ratings(plain, n, n + more, 0);
    printf("review: %llu later ratings, each committed (WAL, NORMAL): %.1f us each; plain SQLite, "
           "1 transaction per row: %.1f us each; ratio = %.2fx\n",
           (unsigned long long)more, later / (double)more * 1e6, plain_each / (double)more * 1e6,
           later / plain_each);
    csvc_store_close(store);
    csvc_kpi_review_free(rv);
    remove_db(plain);

    /* Reload: a new process attaching the same review. */
    CHECK(csvc_store_open(path, &so, &store), csvc_last_errmsg());
    csvc_roster *again;
    CHECK(csvc_roster_new(NULL, &again), csvc_last_errmsg());
    CHECK(csvc_store_attach_roster(store, again), csvc_store_errmsg(store));
    CHECK(csvc_kpi_review_new(again, model, &period, &o, &rv), csvc_last_errmsg());
    t = now_s();
    CHECK(csvc_store_attach_review(store, rv), csvc_store_errmsg(store));
    double reload = now_s() - t;
    printf("review: reloading %zu ratings (%llu rows) from the database: %.3f s\n",
           csvc_kpi_review_rating_count(rv), (unsigned long long)(n + more), reload);
    csvc_store_close(store);
    csvc_kpi_review_free(rv);
    csvc_roster_free(again);
    csvc_kpi_model_free(model);
    csvc_roster_free(roster);
    remove_db(path);
}

static int wanted(const char *const *only, int n, const char *section)
{
    for (int i = 0; i < n; i++)
        if (strcmp(only[i], section) == 0)
            return 1;
    return n == 0;
}

int main(int argc, char **argv)
{
    int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    uint64_t div = quick ? 10 : 1;
    const char *const *only = (const char *const *)argv + 1 + quick;
    int nonly = argc - 1 - quick;
    strcpy(dir, "/tmp/bench-store-XXXXXX");
    if (!mkdtemp(dir))
        die("mkdtemp", "cannot create a directory in /tmp");
    printf("bench_store: SQLite %s, files in %s%s\n", sqlite3_libversion(), dir,
           quick ? " (quick: workloads / 10)" : "");
    if (wanted(only, nonly, "single")) {
        single_commits("NORMAL", CSVC_SYNC_NORMAL, "NORMAL", 5000 / div);
        single_commits("FULL", CSVC_SYNC_FULL, "FULL", 2000 / div);
    }
    if (wanted(only, nonly, "batch"))
        batched(1000000 / div);
    if (wanted(only, nonly, "reopen"))
        reopen(10000000 / div, 1000000 / div);
    if (wanted(only, nonly, "review"))
        review_attach(100000 / div, 1000 / div);
    rmdir(dir);
    return 0;
}
