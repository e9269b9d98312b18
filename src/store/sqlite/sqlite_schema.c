/* The SQLite schema of the store and its forward migrations.
 *
 * v1: meta (schema_version), teams and agents by roster position, events
 *     with their sequence number, fields and chain hash.
 * v2: events.version (the ticket's event count after the event); backfilled.
 * v3: KPI reviews (reviews, ratings, objectives as current state) and
 *     chain_head, the newest event's seq and hash.
 * v4: the store is a journal of rows: teams, agents, reviews, ratings and
 *     objective values become history tables keyed by seq like events, the
 *     desk's configuration gets its own (desk_config), every row is on the
 *     chain, and chain_head always exists and carries a MAC. Migrating from
 *     v3 appends the v3 state as rows after the events, so the old events
 *     keep their seqs and hashes.
 * v5: agents.separation_date and separation_reason (NULL and 0 for rows
 *     written before; the chain hash covers them only when set, so those
 *     rows keep their hashes).
 * v6: incentives: plans (every plan version's document), statements (the
 *     approved ones) and points (the ledger's movements); training (every
 *     change of the training plan as a JSON object); on the chain like the
 *     rest; nothing older changes.
 * v7: agents.employment and contract_hours (0 and 0 for rows written
 *     before: full-time, hours not stated; the chain hash covers them only
 *     when either differs, so those rows keep their hashes).
 *
 * A v1 database can be made from a v2 one (for the migration fixture) with:
 *   ALTER TABLE events DROP COLUMN version;
 *   UPDATE meta SET value = '1' WHERE key = 'schema_version'; */
#include "../chain.h"
#include "sqlite_internal.h"

#include <stdio.h>
#include <string.h>

/* A new database: meta and events as v3 had them, then the v4 tables. */
static const char new_database[] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE events ("
    "  seq INTEGER PRIMARY KEY, ticket TEXT NOT NULL, type INTEGER NOT NULL,"
    "  time INTEGER NOT NULL, actor TEXT, agent TEXT, team TEXT, customer TEXT,"
    "  related TEXT, code TEXT, channel INTEGER NOT NULL, category INTEGER NOT NULL,"
    "  priority INTEGER NOT NULL, value INTEGER NOT NULL, hash BLOB NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 0);"
    "INSERT INTO meta VALUES ('schema_version', '4');";

/* The tables v4 adds or replaces. */
static const char tables_v4[] =
    "CREATE TABLE teams ("
    "  seq INTEGER PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL, lead TEXT,"
    "  hash BLOB NOT NULL);"
    "CREATE TABLE agents ("
    "  seq INTEGER PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL, team TEXT NOT NULL,"
    "  supervisor TEXT, currency TEXT NOT NULL, level INTEGER NOT NULL,"
    "  active INTEGER NOT NULL, hire_date INTEGER NOT NULL, base_pay INTEGER NOT NULL,"
    "  skills INTEGER NOT NULL, hash BLOB NOT NULL);"
    "CREATE TABLE desk_config (seq INTEGER PRIMARY KEY, body TEXT NOT NULL, hash BLOB NOT NULL);"
    "CREATE TABLE reviews ("
    "  seq INTEGER PRIMARY KEY, id TEXT NOT NULL, period_start INTEGER NOT NULL,"
    "  period_end INTEGER NOT NULL, model_version TEXT NOT NULL, model TEXT,"
    "  closed INTEGER NOT NULL, hash BLOB NOT NULL);"
    "CREATE INDEX reviews_by_id ON reviews (id, seq);"
    "CREATE TABLE ratings ("
    "  seq INTEGER PRIMARY KEY, review TEXT NOT NULL, rater TEXT NOT NULL, ratee TEXT NOT NULL,"
    "  kpi TEXT NOT NULL, rater_group INTEGER NOT NULL, value REAL, time INTEGER NOT NULL,"
    "  hash BLOB NOT NULL);"
    "CREATE INDEX ratings_by_review ON ratings (review, seq);"
    "CREATE TABLE objectives ("
    "  seq INTEGER PRIMARY KEY, review TEXT NOT NULL, agent TEXT NOT NULL, kpi TEXT NOT NULL,"
    "  value REAL, hash BLOB NOT NULL);"
    "CREATE INDEX objectives_by_review ON objectives (review, seq);"
    "CREATE TABLE chain_head ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash BLOB NOT NULL,"
    "  mac BLOB NOT NULL);";

static const char agents_v5[] =
    "ALTER TABLE agents ADD COLUMN separation_date INTEGER;"
    "ALTER TABLE agents ADD COLUMN separation_reason INTEGER NOT NULL DEFAULT 0;";

static const char agents_v7[] =
    "ALTER TABLE agents ADD COLUMN employment INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE agents ADD COLUMN contract_hours REAL NOT NULL DEFAULT 0;";

/* IF NOT EXISTS: a store migrated from v3 gets them in that migration
 * already (its rows are appended by statements prepared for every table). */
static const char tables_v6[] =
    "CREATE TABLE IF NOT EXISTS plans ("
    "  seq INTEGER PRIMARY KEY, id TEXT NOT NULL, version INTEGER NOT NULL,"
    "  document TEXT NOT NULL, hash BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS statements ("
    "  seq INTEGER PRIMARY KEY, plan TEXT NOT NULL, plan_version INTEGER NOT NULL,"
    "  period_start INTEGER NOT NULL, period_end INTEGER NOT NULL, agent TEXT NOT NULL,"
    "  approver TEXT NOT NULL, approved_at INTEGER NOT NULL, total INTEGER NOT NULL,"
    "  document TEXT NOT NULL, hash BLOB NOT NULL);"
    "CREATE INDEX IF NOT EXISTS statements_by_plan ON statements (plan, plan_version, seq);"
    "CREATE TABLE IF NOT EXISTS points ("
    "  seq INTEGER PRIMARY KEY, agent TEXT NOT NULL, time INTEGER NOT NULL,"
    "  points INTEGER NOT NULL, hash BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS training ("
    "  seq INTEGER PRIMARY KEY, body TEXT NOT NULL, hash BLOB NOT NULL);";

static csvc_status migrate_5_to_6(cs_backend *b, cs_errbuf *err)
{
    csvc_status rc = cs_sqlite_exec(b, tables_v6, err, "migrating to schema 6");
    return rc != CSVC_OK ? rc
                         : cs_sqlite_exec(b,
                                          "UPDATE meta SET value = '6' WHERE key = "
                                          "'schema_version';",
                                          err, "migrating to schema 6");
}

/* Adds agent columns (`sql`) unless the table has `column` already: a
 * store migrated from v3 in this same open has them (its rows were
 * appended with them). Then records version `to`. */
static csvc_status add_agent_columns(cs_backend *b, cs_errbuf *err, const char *column,
                                     const char *sql, int to)
{
    char what[32];
    snprintf(what, sizeof what, "migrating to schema %d", to);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(
        b->db, "SELECT COUNT(*) FROM pragma_table_info('agents') WHERE name = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return cs_sqlite_fail(b, rc, err, what);
    sqlite3_bind_text(st, 1, column, -1, SQLITE_STATIC);
    int has = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_finalize(st);
    csvc_status status = has ? CSVC_OK : cs_sqlite_exec(b, sql, err, what);
    if (status != CSVC_OK)
        return status;
    sqlite3_stmt *up;
    rc = sqlite3_prepare_v2(b->db, "UPDATE meta SET value = ?1 WHERE key = 'schema_version'", -1,
                            &up, NULL);
    if (rc != SQLITE_OK)
        return cs_sqlite_fail(b, rc, err, what);
    sqlite3_bind_int(up, 1, to);
    rc = sqlite3_step(up);
    sqlite3_finalize(up);
    return rc == SQLITE_DONE ? CSVC_OK : cs_sqlite_fail(b, rc, err, what);
}

static csvc_status migrate_4_to_5(cs_backend *b, cs_errbuf *err)
{
    return add_agent_columns(b, err, "separation_date", agents_v5, 5);
}

static csvc_status migrate_6_to_7(cs_backend *b, cs_errbuf *err)
{
    return add_agent_columns(b, err, "employment", agents_v7, 7);
}

static const char migrate_1_to_2[] =
    "ALTER TABLE events ADD COLUMN version INTEGER NOT NULL DEFAULT 0;"
    "UPDATE events SET version = (SELECT COUNT(*) FROM events AS e"
    "  WHERE e.ticket = events.ticket AND e.seq <= events.seq);"
    "UPDATE meta SET value = '2' WHERE key = 'schema_version';";

static const char migrate_2_to_3[] =
    "CREATE TABLE reviews ("
    "  id TEXT PRIMARY KEY, period_start INTEGER NOT NULL, period_end INTEGER NOT NULL,"
    "  model_version TEXT NOT NULL, model TEXT NOT NULL, closed INTEGER NOT NULL);"
    "CREATE TABLE ratings ("
    "  review TEXT NOT NULL REFERENCES reviews(id), rater TEXT NOT NULL, ratee TEXT NOT NULL,"
    "  kpi TEXT NOT NULL, rater_group INTEGER NOT NULL, value REAL NOT NULL,"
    "  time INTEGER NOT NULL, seq INTEGER NOT NULL,"
    "  PRIMARY KEY (review, rater, ratee, kpi));"
    "CREATE TABLE objectives ("
    "  review TEXT NOT NULL REFERENCES reviews(id), agent TEXT NOT NULL, kpi TEXT NOT NULL,"
    "  value REAL NOT NULL, PRIMARY KEY (review, agent, kpi));"
    "CREATE TABLE chain_head ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash BLOB NOT NULL);"
    "UPDATE meta SET value = '3' WHERE key = 'schema_version';";

/* ---- v3 -> v4: the v3 state becomes rows ---------------------------------- */

typedef struct migration_ctx {
    cs_backend *b;
    cs_errbuf *err;
    cs_chain_key key; /* v3 stores were never keyed */
    cs_head tail;
} migration_ctx;

static csvc_status append(migration_ctx *m, cs_row *row)
{
    row->seq = m->tail.seq + 1;
    cs_row_hash(&m->key, m->tail.hash, row, row->hash);
    csvc_status rc = cs_sqlite_append(m->b, row, m->err);
    if (rc == CSVC_OK) {
        m->tail.seq = row->seq;
        memcpy(m->tail.hash, row->hash, CS_SHA256_SIZE);
    }
    return rc;
}

/* Runs `sql`, handing every result row to `each`. */
static csvc_status each_row(migration_ctx *m, const char *sql, const char *bind,
                            csvc_status (*each)(migration_ctx *, sqlite3_stmt *, void *), void *arg)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(m->b->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return cs_sqlite_fail(m->b, rc, m->err, "migrating to schema 4");
    if (bind)
        sqlite3_bind_text(st, 1, bind, -1, SQLITE_TRANSIENT);
    csvc_status status = CSVC_OK;
    while (status == CSVC_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
        status = each(m, st, arg);
    if (status == CSVC_OK && rc != SQLITE_DONE)
        status = cs_sqlite_fail(m->b, rc, m->err, "migrating to schema 4");
    sqlite3_finalize(st);
    return status;
}

static csvc_status team_v3(migration_ctx *m, sqlite3_stmt *st, void *with_lead)
{
    cs_row row;
    memset(&row, 0, sizeof row);
    row.kind = CS_ROW_TEAM;
    row.u.team = (cs_team_row){cs_sqlite_text(st, 0), cs_sqlite_text(st, 1),
                               with_lead ? cs_sqlite_text(st, 2) : NULL};
    return append(m, &row);
}

static csvc_status agent_v3(migration_ctx *m, sqlite3_stmt *st, void *with_supervisor)
{
    cs_row row;
    memset(&row, 0, sizeof row);
    row.kind = CS_ROW_AGENT;
    cs_agent_row *a = &row.u.agent;
    a->id = cs_sqlite_text(st, 0);
    a->name = cs_sqlite_text(st, 1);
    a->team = cs_sqlite_text(st, 2);
    a->level = sqlite3_column_int(st, 3);
    a->hire_date = sqlite3_column_int64(st, 4);
    a->supervisor = with_supervisor ? cs_sqlite_text(st, 5) : NULL;
    a->skills = (uint32_t)sqlite3_column_int64(st, 6);
    a->active = sqlite3_column_int(st, 7);
    a->base_pay = sqlite3_column_int64(st, 8);
    a->currency = cs_sqlite_text(st, 9);
    a->separation_date = CSVC_TIME_NONE; /* v3 knew no separations */
    return append(m, &row);
}

static csvc_status rating_v3(migration_ctx *m, sqlite3_stmt *st, void *review)
{
    cs_row row;
    memset(&row, 0, sizeof row);
    row.kind = CS_ROW_RATING;
    row.u.rating.review = review;
    csvc_kpi_rating *x = &row.u.rating.rating;
    csvc_kpi_rating_init(x);
    x->rater_id = cs_sqlite_text(st, 0);
    x->ratee_id = cs_sqlite_text(st, 1);
    x->kpi_id = cs_sqlite_text(st, 2);
    x->group = (csvc_rater_group)sqlite3_column_int(st, 3);
    x->value = sqlite3_column_double(st, 4);
    x->time = sqlite3_column_int64(st, 5);
    return append(m, &row);
}

static csvc_status objective_v3(migration_ctx *m, sqlite3_stmt *st, void *review)
{
    cs_row row;
    memset(&row, 0, sizeof row);
    row.kind = CS_ROW_OBJECTIVE;
    row.u.objective = (cs_objective_row){review, cs_sqlite_text(st, 0), cs_sqlite_text(st, 1),
                                         sqlite3_column_double(st, 2)};
    return append(m, &row);
}

static csvc_status review_v3(migration_ctx *m, sqlite3_stmt *st, void *arg)
{
    (void)arg;
    cs_row row;
    memset(&row, 0, sizeof row);
    row.kind = CS_ROW_REVIEW;
    cs_review_row *r = &row.u.review;
    r->id = cs_sqlite_text(st, 0);
    r->period.start = sqlite3_column_int64(st, 1);
    r->period.end = sqlite3_column_int64(st, 2);
    r->model_version = cs_sqlite_text(st, 3);
    r->model_json = cs_sqlite_text(st, 4);
    int closed = sqlite3_column_int(st, 5);
    csvc_status rc = append(m, &row);
    if (rc == CSVC_OK)
        rc = each_row(m,
                      "SELECT rater, ratee, kpi, rater_group, value, time FROM ratings_v3"
                      " WHERE review = ?1 ORDER BY seq",
                      r->id, rating_v3, (void *)r->id);
    if (rc == CSVC_OK)
        rc = each_row(m,
                      "SELECT agent, kpi, value FROM objectives_v3 WHERE review = ?1"
                      " ORDER BY agent, kpi",
                      r->id, objective_v3, (void *)r->id);
    if (rc == CSVC_OK && closed) {
        r->model_json = NULL;
        r->closed = 1;
        rc = append(m, &row);
    }
    return rc;
}

static csvc_status head_v3(migration_ctx *m, sqlite3_stmt *st, void *found)
{
    m->tail.seq = (uint64_t)sqlite3_column_int64(st, 0);
    if (sqlite3_column_bytes(st, 1) != CS_SHA256_SIZE)
        return cs_fail(m->err, CSVC_E_CORRUPT, "store: the chain head record is malformed");
    memcpy(m->tail.hash, sqlite3_column_blob(st, 1), CS_SHA256_SIZE);
    *(int *)found = 1;
    return CSVC_OK;
}

static csvc_status migrate_3_to_4(cs_backend *b, cs_errbuf *err)
{
    migration_ctx m = {b, err, {0}, {0}};
    cs_chain_key_init(&m.key, NULL, 0);
    static const char rename[] =
        "ALTER TABLE teams RENAME TO teams_v3; ALTER TABLE agents RENAME TO agents_v3;"
        "ALTER TABLE reviews RENAME TO reviews_v3; ALTER TABLE ratings RENAME TO ratings_v3;"
        "ALTER TABLE objectives RENAME TO objectives_v3;"
        "ALTER TABLE chain_head RENAME TO chain_head_v3;";
    csvc_status rc = cs_sqlite_exec(b, rename, err, "migrating to schema 4");
    /* The v4 tables; meta and events stay (their columns already fit). */
    if (rc == CSVC_OK)
        rc = cs_sqlite_exec(b, tables_v4, err, "migrating to schema 4");
    if (rc == CSVC_OK) /* the rows below are appended as this library writes them */
        rc = cs_sqlite_exec(b, agents_v5, err, "migrating to schema 4");
    if (rc == CSVC_OK)
        rc = cs_sqlite_exec(b, agents_v7, err, "migrating to schema 4");
    if (rc == CSVC_OK)
        rc = cs_sqlite_exec(b, tables_v6, err, "migrating to schema 4");
    if (rc == CSVC_OK)
        rc = cs_sqlite_prepare_rows(b, err);
    /* The chain continues after the newest event: the v3 head, or the
     * newest event itself for a store migrated from before the head. */
    int found = 0;
    if (rc == CSVC_OK)
        rc =
            each_row(&m, "SELECT seq, hash FROM chain_head_v3 WHERE id = 1", NULL, head_v3, &found);
    if (rc == CSVC_OK && !found)
        rc = each_row(&m, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1", NULL, head_v3,
                      &found);
    static const int yes = 1;
    if (rc == CSVC_OK)
        rc = each_row(&m, "SELECT id, name, lead FROM teams_v3 ORDER BY pos", NULL, team_v3, NULL);
    static const char agents[] = "SELECT id, name, team, level, hire_date, supervisor, skills,"
                                 " active, base_pay, currency FROM agents_v3";
    char sql[256];
    if (rc == CSVC_OK) {
        snprintf(sql, sizeof sql, "%s ORDER BY pos", agents);
        rc = each_row(&m, sql, NULL, agent_v3, NULL);
    }
    if (rc == CSVC_OK) {
        snprintf(sql, sizeof sql, "%s WHERE supervisor IS NOT NULL ORDER BY pos", agents);
        rc = each_row(&m, sql, NULL, agent_v3, (void *)&yes);
    }
    if (rc == CSVC_OK)
        rc = each_row(&m, "SELECT id, name, lead FROM teams_v3 WHERE lead IS NOT NULL ORDER BY pos",
                      NULL, team_v3, (void *)&yes);
    if (rc == CSVC_OK)
        rc = each_row(&m,
                      "SELECT id, period_start, period_end, model_version, model, closed"
                      " FROM reviews_v3 ORDER BY rowid",
                      NULL, review_v3, NULL);
    cs_sqlite_finalize_rows(b);
    memset(b->insert, 0, sizeof b->insert);
    b->ticket_version = NULL;
    if (rc == CSVC_OK)
        rc = cs_sqlite_exec(b,
                            "DROP TABLE ratings_v3; DROP TABLE objectives_v3;"
                            "DROP TABLE reviews_v3; DROP TABLE agents_v3; DROP TABLE teams_v3;"
                            "DROP TABLE chain_head_v3;"
                            "UPDATE meta SET value = '4' WHERE key = 'schema_version';",
                            err, "migrating to schema 4");
    if (rc == CSVC_OK) {
        cs_head_mac(&m.key, m.tail.seq, m.tail.hash, m.tail.mac);
        sqlite3_stmt *st;
        int src = sqlite3_prepare_v2(b->db, "INSERT INTO chain_head VALUES (1, ?1, ?2, ?3)", -1,
                                     &st, NULL);
        if (src == SQLITE_OK) {
            sqlite3_bind_int64(st, 1, (sqlite3_int64)m.tail.seq);
            sqlite3_bind_blob(st, 2, m.tail.hash, CS_SHA256_SIZE, SQLITE_STATIC);
            sqlite3_bind_blob(st, 3, m.tail.mac, CS_SHA256_SIZE, SQLITE_STATIC);
            src = sqlite3_step(st);
            sqlite3_finalize(st);
        }
        if (src != SQLITE_DONE && src != SQLITE_OK)
            rc = cs_sqlite_fail(b, src, err, "migrating to schema 4");
    }
    return rc;
}

/* ---- the table of migrations ---------------------------------------------- */

/* Migration `from` -> `from + 1`: SQL, or C where rows need their hashes. */
typedef struct migration {
    int32_t from;
    const char *sql;
    csvc_status (*run)(cs_backend *b, cs_errbuf *err);
} migration;

static const migration migrations[] = {
    {1, migrate_1_to_2, NULL},
    {2, migrate_2_to_3, NULL},
    {3, NULL, migrate_3_to_4},
    {4, NULL, migrate_4_to_5},
    {5, NULL, migrate_5_to_6},
    {6, NULL, migrate_6_to_7},
};

/* A build whose schema version has no migration does not compile. */
_Static_assert(sizeof migrations / sizeof migrations[0] == CSVC_STORE_SCHEMA_VERSION - 1,
               "every schema version below CSVC_STORE_SCHEMA_VERSION needs a migration");

csvc_status cs_sqlite_read_version(cs_backend *b, int32_t *out, cs_errbuf *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(b->db,
                                "SELECT (SELECT COUNT(*) FROM sqlite_master),"
                                " (SELECT COUNT(*) FROM sqlite_master WHERE name = 'meta')",
                                -1, &st, NULL);
    if (rc != SQLITE_OK)
        return cs_sqlite_fail(b, rc, err, "reading the schema");
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return cs_sqlite_fail(b, rc, err, "reading the schema");
    }
    int tables = sqlite3_column_int(st, 0), has_meta = sqlite3_column_int(st, 1);
    sqlite3_finalize(st);
    if (tables == 0 || !has_meta) {
        *out = tables == 0 ? 0 : -1;
        return CSVC_OK;
    }
    rc = sqlite3_prepare_v2(b->db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &st,
                            NULL);
    if (rc != SQLITE_OK)
        return cs_sqlite_fail(b, rc, err, "reading the schema version");
    *out = -1;
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        /* Digits only: anything else is a damaged version record. */
        const char *v = cs_sqlite_text(st, 0);
        long n = 0;
        int ok = v && *v && strlen(v) < 6;
        for (const char *p = v; ok && *p; p++)
            ok = *p >= '0' && *p <= '9', n = n * 10 + (*p - '0');
        if (ok && n > 0)
            *out = (int32_t)n;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? CSVC_OK
                                                 : cs_sqlite_fail(b, rc, err, "reading the schema");
}

/* A migration that fails on its own SQL met a schema that is not the one
 * its version says: the database is damaged. */
static csvc_status damaged(csvc_status rc, cs_errbuf *err, int32_t version)
{
    if (rc != CSVC_E_CORRUPT && rc != CSVC_E_IO)
        return rc;
    char why[CS_ERRMSG_MAX / 2];
    snprintf(why, sizeof why, "%.200s", err ? err->msg : csvc_last_errmsg());
    return cs_fail(err, CSVC_E_CORRUPT,
                   "store: the schema does not match its version %d (damaged): %s", (int)version,
                   why);
}

static csvc_status create_or_migrate(cs_backend *b, int create, const char *path, cs_errbuf *err)
{
    int32_t version;
    csvc_status rc = cs_sqlite_read_version(b, &version, err);
    if (rc != CSVC_OK)
        return rc;
    if (version < 0)
        return cs_fail(err, CSVC_E_CORRUPT,
                       "store: %s is not a libcsvc database (no or a damaged schema version)",
                       path);
    if (version > CSVC_STORE_SCHEMA_VERSION)
        return cs_fail(err, CSVC_E_VERSION,
                       "store: the database has schema version %d; this library knows up to %d",
                       (int)version, CSVC_STORE_SCHEMA_VERSION);
    if (version == 0) {
        if (!create)
            return cs_fail(err, CSVC_E_CORRUPT,
                           "store: %s is empty, not a libcsvc database (create = 0)", path);
        rc = cs_sqlite_exec(b, new_database, err, "creating the schema");
        if (rc == CSVC_OK)
            rc = cs_sqlite_exec(b, tables_v4, err, "creating the schema");
        if (rc == CSVC_OK)
            rc = cs_sqlite_exec(b,
                                "INSERT INTO chain_head VALUES (1, 0, zeroblob(32), zeroblob(32))",
                                err, "creating the schema");
        if (rc != CSVC_OK)
            return rc;
        version = 4; /* then the later migrations, as for an old file */
    }
    for (; version < CSVC_STORE_SCHEMA_VERSION; version++) {
        const migration *m = &migrations[version - 1];
        rc = m->run ? m->run(b, err) : cs_sqlite_exec(b, m->sql, err, "migrating the schema");
        if (rc != CSVC_OK)
            return damaged(rc, err, version);
    }
    return CSVC_OK;
}

csvc_status cs_sqlite_ensure_schema(cs_backend *b, int create, const char *path, cs_errbuf *err)
{
    /* The version is read inside the exclusive transaction: of several
     * processes opening a new file at once, one creates the schema and the
     * others find it. */
    csvc_status rc = cs_sqlite_exec(b, "BEGIN IMMEDIATE", err, "opening the schema");
    if (rc != CSVC_OK)
        return rc;
    if ((rc = create_or_migrate(b, create, path, err)) != CSVC_OK) {
        sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    return cs_sqlite_exec(b, "COMMIT", err, "committing the schema");
}
