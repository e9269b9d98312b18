/* The backend contract (src/store/backend.h), pinned with an in-memory fake
 * backend: the store's logic (engine adapters, chain, batches, conflicts,
 * refresh) runs unchanged over it, so a second backend needs rows and
 * transactions only. The fake also checks the store keeps its side of the
 * contract: every append and head update inside a write transaction, one
 * writer at a time, sequence numbers 1, 2, 3, ... with no gap. */
#include "fixtures.h"

#include "store_internal.h"

#include <stdlib.h>

#define T0 INT64_C(1767225600)

/* ---- the fake --------------------------------------------------------------- */

typedef struct fake_db {
    char name[64];
    cs_row *rows;
    char **strings; /* every string the rows point to, to free */
    size_t nrows, cap_rows, nstrings, cap_strings;
    cs_head head;
    char key_check[80];
    int writer; /* id of the backend holding the write lock, 0: none */
} fake_db;

static fake_db dbs[4];
static int next_id = 1;
static int contract_breaches;

struct cs_backend {
    fake_db *db;
    int id;
    int in_txn;
    size_t txn_rows;
    cs_head txn_head;
    size_t sp_rows[16];
    cs_head sp_head[16];
};

static fake_db *find_db(const char *name, int create)
{
    for (size_t i = 0; i < sizeof dbs / sizeof dbs[0]; i++)
        if (strcmp(dbs[i].name, name) == 0)
            return &dbs[i];
    if (!create)
        return NULL;
    for (size_t i = 0; i < sizeof dbs / sizeof dbs[0]; i++)
        if (!dbs[i].name[0]) {
            snprintf(dbs[i].name, sizeof dbs[i].name, "%s", name);
            return &dbs[i];
        }
    return NULL;
}

static void drop_db(fake_db *db)
{
    for (size_t i = 0; i < db->nstrings; i++)
        free(db->strings[i]);
    free(db->strings);
    free(db->rows);
    memset(db, 0, sizeof *db);
}

static const char *keep(fake_db *db, const char *s)
{
    if (!s)
        return NULL;
    if (db->nstrings == db->cap_strings) {
        db->cap_strings = db->cap_strings ? 2 * db->cap_strings : 256;
        db->strings = realloc(db->strings, db->cap_strings * sizeof *db->strings);
    }
    return db->strings[db->nstrings++] = strdup(s);
}

static csvc_status breach(cs_errbuf *err, const char *what)
{
    contract_breaches++;
    return cs_fail(err, CSVC_E_INVALID, "fake backend: contract broken: %s", what);
}

static csvc_status fake_open(const char *path, const cs_backend_config *cfg, cs_backend **out,
                             cs_errbuf *err)
{
    fake_db *db = find_db(path, cfg->create);
    if (!db)
        return cs_fail(err, CSVC_E_NOTFOUND, "fake backend: no database '%s'", path);
    cs_backend *b = calloc(1, sizeof *b);
    b->db = db;
    b->id = next_id++;
    *out = b;
    return CSVC_OK;
}

static void fake_close(cs_backend *b)
{
    if (b && b->in_txn)
        breach(NULL, "closed inside a transaction");
    free(b);
}

static csvc_status fake_schema_version(cs_backend *b, int32_t *out, cs_errbuf *err)
{
    (void)b;
    (void)err;
    *out = CSVC_STORE_SCHEMA_VERSION;
    return CSVC_OK;
}

static csvc_status fake_get_meta(cs_backend *b, const char *key, char *buf, size_t size, int *found,
                                 cs_errbuf *err)
{
    (void)err;
    *found = strcmp(key, "key_check") == 0 && b->db->key_check[0];
    if (*found)
        snprintf(buf, size, "%s", b->db->key_check);
    return CSVC_OK;
}

static csvc_status fake_set_meta(cs_backend *b, const char *key, const char *value, cs_errbuf *err)
{
    if (!b->in_txn)
        return breach(err, "set_meta outside a transaction");
    if (strcmp(key, "key_check") == 0)
        snprintf(b->db->key_check, sizeof b->db->key_check, "%s", value);
    return CSVC_OK;
}

static csvc_status fake_begin(cs_backend *b, cs_errbuf *err)
{
    if (b->in_txn)
        return breach(err, "begin inside a transaction");
    if (b->db->writer)
        return cs_fail(err, CSVC_E_BUSY, "fake backend: another writer holds the lock");
    b->db->writer = b->id;
    b->in_txn = 1;
    b->txn_rows = b->db->nrows;
    b->txn_head = b->db->head;
    return CSVC_OK;
}

static void truncate_rows(fake_db *db, size_t n)
{
    db->nrows = n; /* their strings stay until the database is dropped */
}

static csvc_status fake_commit(cs_backend *b, cs_errbuf *err)
{
    if (!b->in_txn)
        return breach(err, "commit outside a transaction");
    b->in_txn = 0;
    b->db->writer = 0;
    return CSVC_OK;
}

static void fake_rollback(cs_backend *b)
{
    if (!b->in_txn)
        return;
    truncate_rows(b->db, b->txn_rows);
    b->db->head = b->txn_head;
    b->in_txn = 0;
    b->db->writer = 0;
}

static csvc_status fake_savepoint(cs_backend *b, int depth, cs_errbuf *err)
{
    if (!b->in_txn || depth < 0 || depth >= 16)
        return breach(err, "savepoint outside a transaction");
    b->sp_rows[depth] = b->db->nrows;
    b->sp_head[depth] = b->db->head;
    return CSVC_OK;
}

static csvc_status fake_release(cs_backend *b, int depth, cs_errbuf *err)
{
    (void)depth;
    return b->in_txn ? CSVC_OK : breach(err, "release outside a transaction");
}

static void fake_rollback_to(cs_backend *b, int depth)
{
    truncate_rows(b->db, b->sp_rows[depth]);
    b->db->head = b->sp_head[depth];
}

static csvc_status fake_read_begin(cs_backend *b, cs_errbuf *err)
{
    return b->in_txn ? breach(err, "read_begin inside a write transaction") : CSVC_OK;
}

static void fake_read_end(cs_backend *b)
{
    (void)b;
}

static csvc_status fake_append(cs_backend *b, const cs_row *row, cs_errbuf *err)
{
    fake_db *db = b->db;
    if (!b->in_txn)
        return breach(err, "append outside a transaction");
    uint64_t last = db->nrows ? db->rows[db->nrows - 1].seq : 0;
    if (row->seq != last + 1)
        return breach(err, "seq not the next one");
    if (db->nrows == db->cap_rows) {
        db->cap_rows = db->cap_rows ? 2 * db->cap_rows : 64;
        db->rows = realloc(db->rows, db->cap_rows * sizeof *db->rows);
    }
    cs_row *c = &db->rows[db->nrows++];
    *c = *row;
    switch (row->kind) { /* the strings are the caller's: keep copies */
    case CS_ROW_TEAM:
        c->u.team.id = keep(db, row->u.team.id);
        c->u.team.name = keep(db, row->u.team.name);
        c->u.team.lead = keep(db, row->u.team.lead);
        break;
    case CS_ROW_AGENT:
        c->u.agent.id = keep(db, row->u.agent.id);
        c->u.agent.name = keep(db, row->u.agent.name);
        c->u.agent.team = keep(db, row->u.agent.team);
        c->u.agent.supervisor = keep(db, row->u.agent.supervisor);
        c->u.agent.currency = keep(db, row->u.agent.currency);
        break;
    case CS_ROW_EVENT: {
        csvc_event *e = &c->u.event.event;
        e->ticket_id = keep(db, e->ticket_id);
        e->actor_id = keep(db, e->actor_id);
        e->agent_id = keep(db, e->agent_id);
        e->team_id = keep(db, e->team_id);
        e->customer_id = keep(db, e->customer_id);
        e->related_id = keep(db, e->related_id);
        e->code = keep(db, e->code);
        break;
    }
    case CS_ROW_DESK_CONFIG:
        c->u.config.body = keep(db, row->u.config.body);
        break;
    case CS_ROW_REVIEW:
        c->u.review.id = keep(db, row->u.review.id);
        c->u.review.model_version = keep(db, row->u.review.model_version);
        c->u.review.model_json = keep(db, row->u.review.model_json);
        break;
    case CS_ROW_RATING: {
        csvc_kpi_rating *x = &c->u.rating.rating;
        c->u.rating.review = keep(db, row->u.rating.review);
        x->rater_id = keep(db, x->rater_id);
        x->ratee_id = keep(db, x->ratee_id);
        x->kpi_id = keep(db, x->kpi_id);
        break;
    }
    case CS_ROW_OBJECTIVE:
        c->u.objective.review = keep(db, row->u.objective.review);
        c->u.objective.agent = keep(db, row->u.objective.agent);
        c->u.objective.kpi = keep(db, row->u.objective.kpi);
        break;
    case CS_ROW_PLAN:
        c->u.plan.id = keep(db, row->u.plan.id);
        c->u.plan.document = keep(db, row->u.plan.document);
        break;
    case CS_ROW_STATEMENT:
        c->u.statement.plan = keep(db, row->u.statement.plan);
        c->u.statement.agent = keep(db, row->u.statement.agent);
        c->u.statement.approver = keep(db, row->u.statement.approver);
        c->u.statement.document = keep(db, row->u.statement.document);
        break;
    case CS_ROW_TRAINING:
        c->u.training.body = keep(db, row->u.training.body);
        break;
    case CS_ROW_POINTS:
        c->u.points.agent = keep(db, row->u.points.agent);
        break;
    }
    return CSVC_OK;
}

static csvc_status fake_get_head(cs_backend *b, cs_head *head, int *found, cs_errbuf *err)
{
    (void)err;
    *head = b->db->head;
    *found = 1;
    return CSVC_OK;
}

static csvc_status fake_set_head(cs_backend *b, const cs_head *head, cs_errbuf *err)
{
    if (!b->in_txn)
        return breach(err, "set_head outside a transaction");
    b->db->head = *head;
    return CSVC_OK;
}

static const char *key_of(const cs_row *r)
{
    switch (r->kind) {
    case CS_ROW_REVIEW:
        return r->u.review.id;
    case CS_ROW_RATING:
        return r->u.rating.review;
    case CS_ROW_OBJECTIVE:
        return r->u.objective.review;
    case CS_ROW_PLAN:
        return r->u.plan.id;
    case CS_ROW_STATEMENT:
        return r->u.statement.plan;
    default:
        return NULL;
    }
}

static csvc_status fake_load(cs_backend *b, uint32_t kinds, uint64_t after, const char *review,
                             cs_row_fn fn, void *ud, cs_errbuf *err)
{
    (void)err;
    /* Visit by index: a visitor may not append (the store never does). */
    for (size_t i = 0; i < b->db->nrows; i++) {
        const cs_row *r = &b->db->rows[i];
        if (r->seq <= after || !(kinds & CS_ROWS(r->kind)))
            continue;
        if (review && (!key_of(r) || strcmp(key_of(r), review) != 0))
            continue;
        int stop = fn(r, ud);
        if (stop)
            return (csvc_status)stop;
    }
    return CSVC_OK;
}

static csvc_status fake_ticket_version(cs_backend *b, const char *ticket, uint64_t after,
                                       uint64_t *version, int *found, cs_errbuf *err)
{
    (void)err;
    *found = 0;
    for (size_t i = 0; i < b->db->nrows; i++) {
        const cs_row *r = &b->db->rows[i];
        if (r->seq > after && r->kind == CS_ROW_EVENT &&
            strcmp(r->u.event.event.ticket_id, ticket) == 0) {
            *found = 1;
            *version = r->u.event.version;
        }
    }
    return CSVC_OK;
}

static csvc_status fake_count(cs_backend *b, cs_row_kind kind, uint64_t *out, cs_errbuf *err)
{
    (void)err;
    *out = 0;
    for (size_t i = 0; i < b->db->nrows; i++)
        *out += b->db->rows[i].kind == kind;
    return CSVC_OK;
}

static csvc_status fake_backup(cs_backend *b, const char *path, cs_errbuf *err)
{
    (void)b;
    (void)path;
    return cs_fail(err, CSVC_E_INVALID, "fake backend: no backups");
}

static csvc_status fake_check_structure(cs_backend *b, cs_errbuf *err)
{
    (void)b;
    (void)err;
    return CSVC_OK; /* memory has no pages to damage */
}

static const cs_backend_ops fake_ops = {
    .name = "fake",
    .open = fake_open,
    .close = fake_close,
    .schema_version = fake_schema_version,
    .get_meta = fake_get_meta,
    .set_meta = fake_set_meta,
    .begin = fake_begin,
    .commit = fake_commit,
    .rollback = fake_rollback,
    .savepoint = fake_savepoint,
    .release = fake_release,
    .rollback_to = fake_rollback_to,
    .read_begin = fake_read_begin,
    .read_end = fake_read_end,
    .append = fake_append,
    .get_head = fake_get_head,
    .set_head = fake_set_head,
    .load = fake_load,
    .ticket_version = fake_ticket_version,
    .count = fake_count,
    .check_structure = fake_check_structure,
    .backup = fake_backup,
};

/* ---- sessions over the fake ---------------------------------------------------- */

static int setup(void **state)
{
    (void)state;
    contract_breaches = 0;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof dbs / sizeof dbs[0]; i++)
        drop_db(&dbs[i]);
    assert_int_equal(contract_breaches, 0);
    return 0;
}

typedef struct session {
    csvc_store *store;
    csvc_roster *roster;
    csvc_desk *desk;
} session;

static session open_session(csvc_roster *roster)
{
    session x;
    assert_csvc_ok(cs_store_open_backend(&fake_ops, "desk", NULL, &x.store));
    x.roster = roster ? roster : fx_empty_roster();
    assert_ok(x.store, csvc_store_attach_roster(x.store, x.roster));
    assert_csvc_ok(csvc_desk_new(x.roster, NULL, &x.desk));
    assert_ok(x.store, csvc_store_attach_desk(x.store, x.desk));
    return x;
}

static void close_session(session *x)
{
    csvc_store_close(x->store);
    csvc_desk_free(x->desk);
    csvc_roster_free(x->roster);
}

static void create(csvc_desk *d, const char *id, int64_t t)
{
    csvc_ticket_spec s = CSVC_TICKET_SPEC_INIT;
    s.id = id;
    s.team_id = "T1";
    s.created = t;
    assert_ok(d, csvc_desk_create(d, &s));
}

static uint64_t checksum(const csvc_desk *d)
{
    uint64_t c;
    assert_ok(d, csvc_desk_checksum(d, &c));
    return c;
}

/* ---- the contract ---------------------------------------------------------------- */

static void test_a_desk_round_trips_through_rows(void **state)
{
    (void)state;
    session x = open_session(fx_roster());
    assert_ok(x.desk, csvc_desk_set_reopen_policy(x.desk, "T2", 3600, 7200));
    create(x.desk, "A", T0);
    assert_ok(x.desk, csvc_desk_assign(x.desk, "A", "A1", T0 + 1));
    fx_add_agent(x.roster, "NEW", "T2", 1);
    create(x.desk, "B", T0 + 2);
    assert_ok(x.desk, csvc_desk_transfer(x.desk, "B", NULL, "NEW", T0 + 3));
    uint64_t sum = checksum(x.desk);
    close_session(&x);
    /* What reached the fake: 2 teams and 4 agents, a configuration, 2
     * events, an agent, 2 events, in that order, seqs 1..12. */
    fake_db *db = find_db("desk", 0);
    static const cs_row_kind expected[] = {
        CS_ROW_TEAM,        CS_ROW_TEAM,  CS_ROW_AGENT, CS_ROW_AGENT, CS_ROW_AGENT, CS_ROW_AGENT,
        CS_ROW_DESK_CONFIG, CS_ROW_EVENT, CS_ROW_EVENT, CS_ROW_AGENT, CS_ROW_EVENT, CS_ROW_EVENT};
    assert_int_equal(db->nrows, sizeof expected / sizeof expected[0]);
    for (size_t i = 0; i < db->nrows; i++) {
        assert_int_equal(db->rows[i].seq, i + 1);
        assert_int_equal(db->rows[i].kind, expected[i]);
    }
    assert_int_equal(db->head.seq, 12);
    assert_memory_equal(db->head.hash, db->rows[11].hash, CS_SHA256_SIZE);

    x = open_session(NULL);
    assert_int_equal(checksum(x.desk), sum);
    assert_int_equal(csvc_roster_agent_count(x.roster), 5);
    uint64_t bad = 0;
    assert_ok(x.store, csvc_store_verify(x.store, &bad));
    /* A row changed behind the store's back breaks the chain there. */
    db->rows[8].u.event.event.time += 1;
    assert_int_equal(csvc_store_verify(x.store, &bad), CSVC_E_CORRUPT);
    assert_int_equal(bad, 9);
    db->rows[8].u.event.event.time -= 1;
    close_session(&x);
}

static void test_batches_and_groups_roll_back_rows(void **state)
{
    (void)state;
    session x = open_session(fx_roster());
    create(x.desk, "A", T0);
    fake_db *db = find_db("desk", 0);
    size_t rows = db->nrows;
    uint64_t sum = checksum(x.desk);
    assert_ok(x.store, csvc_store_begin(x.store));
    create(x.desk, "B", T0 + 1);
    /* A failing import inside the batch: its savepoint is rolled back. */
    const char *bad =
        "ticket_id,type,time,team_id\nC,created,1767225700,T1\nC,created,1767225701,T1\n";
    assert_int_equal(csvc_desk_import_events_csv_buffer(x.desk, bad, strlen(bad)), CSVC_E_EXISTS);
    assert_int_equal(db->nrows, rows + 1);
    assert_ok(x.store, csvc_store_rollback(x.store));
    assert_int_equal(db->nrows, rows);
    assert_int_equal(checksum(x.desk), sum);
    assert_int_equal(db->writer, 0);
    close_session(&x);
}

static void test_two_stores_share_one_fake_database(void **state)
{
    (void)state;
    session a = open_session(fx_roster());
    session b = open_session(NULL);
    create(a.desk, "X", T0);
    uint64_t applied = 0;
    assert_ok(b.store, csvc_store_refresh(b.store, &applied));
    assert_int_equal(applied, 1);
    assert_ok(a.desk, csvc_desk_assign(a.desk, "X", "A1", T0 + 1));
    /* B acts on the stale version: a conflict, then B has A's change. */
    assert_int_equal(csvc_desk_assign(b.desk, "X", "A2", T0 + 2), CSVC_E_CONFLICT);
    csvc_ticket_info t;
    assert_ok(b.desk, csvc_desk_get_ticket(b.desk, "X", &t));
    assert_string_equal(t.agent_id, "A1");
    /* Roster changes catch up first: B adds to what A added. */
    fx_add_agent(a.roster, "FROM_A", "T1", 1);
    fx_add_agent(b.roster, "FROM_B", "T1", 1);
    assert_int_equal(csvc_roster_agent_count(b.roster), 6);
    /* One writer at a time: A's batch holds the lock. */
    assert_ok(a.store, csvc_store_begin(a.store));
    assert_int_equal(csvc_desk_start(b.desk, "X", T0 + 3), CSVC_E_BUSY);
    assert_ok(a.store, csvc_store_commit(a.store));
    assert_ok(b.desk, csvc_desk_start(b.desk, "X", T0 + 3));
    close_session(&a);
    close_session(&b);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_a_desk_round_trips_through_rows),
        T(test_batches_and_groups_roll_back_rows),
        T(test_two_stores_share_one_fake_database),
    };
#undef T
    return cmocka_run_group_tests_name("store_backend", tests, NULL, NULL);
}
