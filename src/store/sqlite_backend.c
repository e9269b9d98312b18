/* The SQLite backend of the store (see backend.h for the contract). */
#include "backend.h"
#include "roster_internal.h"
#include "schema.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

struct cs_backend {
    const cs_alloc *alloc;
    sqlite3 *db;
    sqlite3_stmt *insert_event, *last_event, *touched, *load_events, *count_events;
    sqlite3_stmt *save_team, *save_agent, *set_head;
};

/* Maps an SQLite result code to a status and a message naming `what`. */
static csvc_status fail_sqlite(cs_backend *b, int rc, cs_errbuf *err, const char *what)
{
    csvc_status status;
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        status = CSVC_E_BUSY;
        break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_FORMAT:
        status = CSVC_E_CORRUPT;
        break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        status = CSVC_E_PERM;
        break;
    case SQLITE_NOMEM:
        status = CSVC_E_NOMEM;
        break;
    case SQLITE_CONSTRAINT:
        status = CSVC_E_CONSTRAINT;
        break;
    default: /* SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, ... */
        status = CSVC_E_IO;
        break;
    }
    const char *msg = b && b->db ? sqlite3_errmsg(b->db) : sqlite3_errstr(rc);
    return cs_fail(err, status, "store: %s: %s", what, msg);
}

static csvc_status exec(cs_backend *b, const char *sql, cs_errbuf *err, const char *what)
{
    int rc = sqlite3_exec(b->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? CSVC_OK : fail_sqlite(b, rc, err, what);
}

static csvc_status prepare(cs_backend *b, const char *sql, sqlite3_stmt **out, cs_errbuf *err)
{
    int rc = sqlite3_prepare_v3(b->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
    return rc == SQLITE_OK ? CSVC_OK : fail_sqlite(b, rc, err, "prepare");
}

/* Reads meta.schema_version: 0 for a database without tables, -1 for a
 * database with tables but no libcsvc meta table. */
static csvc_status read_version(cs_backend *b, int32_t *out, cs_errbuf *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(b->db,
                                "SELECT (SELECT COUNT(*) FROM sqlite_master),"
                                " (SELECT COUNT(*) FROM sqlite_master WHERE name = 'meta')",
                                -1, &st, NULL);
    if (rc != SQLITE_OK)
        return fail_sqlite(b, rc, err, "reading the schema");
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return fail_sqlite(b, rc, err, "reading the schema");
    }
    int tables = sqlite3_column_int(st, 0), has_meta = sqlite3_column_int(st, 1);
    sqlite3_finalize(st);
    if (tables == 0) {
        *out = 0;
        return CSVC_OK;
    }
    if (!has_meta) {
        *out = -1;
        return CSVC_OK;
    }
    rc = sqlite3_prepare_v2(b->db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &st,
                            NULL);
    if (rc != SQLITE_OK)
        return fail_sqlite(b, rc, err, "reading the schema version");
    rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? (int32_t)sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    return CSVC_OK;
}

/* Creates or migrates the schema to CSVC_STORE_SCHEMA_VERSION. */
static csvc_status ensure_schema(cs_backend *b, cs_errbuf *err)
{
    int32_t version;
    csvc_status rc = read_version(b, &version, err);
    if (rc != CSVC_OK)
        return rc;
    if (version < 0)
        return cs_fail(err, CSVC_E_CORRUPT, "store: not a libcsvc database (no schema version)");
    if (version > CSVC_STORE_SCHEMA_VERSION)
        return cs_fail(err, CSVC_E_VERSION,
                       "store: the database has schema version %d; this library knows up to %d",
                       (int)version, CSVC_STORE_SCHEMA_VERSION);
    if (version == 0) {
        if ((rc = exec(b, "BEGIN IMMEDIATE", err, "creating the schema")) != CSVC_OK)
            return rc;
        if ((rc = exec(b, cs_schema_v1, err, "creating the schema")) != CSVC_OK) {
            sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
        version = 1;
    } else if ((rc = exec(b, "BEGIN IMMEDIATE", err, "migrating the schema")) != CSVC_OK) {
        return rc;
    }
    for (; version < CSVC_STORE_SCHEMA_VERSION; version++) {
        if ((rc = exec(b, cs_schema_migrations[version - 1], err, "migrating the schema"))) {
            sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
    }
    return exec(b, "COMMIT", err, "committing the schema");
}

static void backend_close(cs_backend *b)
{
    if (!b)
        return;
    sqlite3_stmt *stmts[] = {b->insert_event, b->last_event, b->touched,    b->load_events,
                             b->count_events, b->save_team,  b->save_agent, b->set_head};
    for (size_t i = 0; i < sizeof stmts / sizeof stmts[0]; i++)
        sqlite3_finalize(stmts[i]);
    sqlite3_close_v2(b->db);
    cs_free(b->alloc, b);
}

static csvc_status prepare_all(cs_backend *b, cs_errbuf *err)
{
    csvc_status rc;
    if ((rc = prepare(
             b,
             "INSERT INTO events (seq, ticket, type, time, actor, agent, team, customer,"
             " related, code, channel, category, priority, value, version, hash)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
             &b->insert_event, err)) ||
        (rc = prepare(b, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1", &b->last_event,
                      err)) ||
        (rc = prepare(b, "SELECT 1 FROM events WHERE seq > ?1 AND ticket = ?2 LIMIT 1", &b->touched,
                      err)) ||
        (rc = prepare(b,
                      "SELECT seq, ticket, type, time, actor, agent, team, customer, related, code,"
                      " channel, category, priority, value, version, hash FROM events"
                      " WHERE seq > ?1 ORDER BY seq",
                      &b->load_events, err)) ||
        (rc = prepare(b, "SELECT COUNT(*) FROM events", &b->count_events, err)) ||
        (rc = prepare(b,
                      "INSERT INTO chain_head VALUES (1, ?1, ?2)"
                      " ON CONFLICT(id) DO UPDATE SET seq = ?1, hash = ?2",
                      &b->set_head, err)) ||
        (rc = prepare(b,
                      "INSERT INTO teams (pos, id, name, lead) VALUES (?1, ?2, ?3, ?4)"
                      " ON CONFLICT(pos) DO UPDATE SET id = ?2, name = ?3, lead = ?4",
                      &b->save_team, err)) ||
        (rc = prepare(b,
                      "INSERT INTO agents (pos, id, name, team, level, hire_date, supervisor,"
                      " skills, active, base_pay, currency)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
                      " ON CONFLICT(pos) DO UPDATE SET id = ?2, name = ?3, team = ?4, level = ?5,"
                      " hire_date = ?6, supervisor = ?7, skills = ?8, active = ?9,"
                      " base_pay = ?10, currency = ?11",
                      &b->save_agent, err)))
        return rc;
    return CSVC_OK;
}

static csvc_status backend_open(const char *path, const cs_backend_config *cfg, cs_backend **out,
                                cs_errbuf *err)
{
    cs_backend *b = cs_calloc(cfg->alloc, 1, sizeof *b);
    if (!b)
        return cs_fail(err, CSVC_E_NOMEM, "store: out of memory");
    b->alloc = cfg->alloc;
    int flags =
        SQLITE_OPEN_READWRITE | (cfg->create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path, &b->db, flags, NULL);
    if (rc != SQLITE_OK) {
        int e = errno;
        csvc_status st = fail_sqlite(b, rc, err, path);
        if (rc == SQLITE_CANTOPEN && (e == EACCES || e == EPERM))
            st = cs_fail(err, CSVC_E_PERM, "store: %s: permission denied", path);
        backend_close(b);
        return st;
    }
    sqlite3_extended_result_codes(b->db, 1);
    sqlite3_busy_timeout(b->db, cfg->busy_timeout_ms);
    char pragmas[160];
    snprintf(pragmas, sizeof pragmas,
             "PRAGMA journal_mode = WAL; PRAGMA synchronous = %s; PRAGMA foreign_keys = ON;",
             cfg->sync == CSVC_SYNC_NORMAL ? "NORMAL" : "FULL");
    csvc_status st;
    if ((st = exec(b, pragmas, err, path)) != CSVC_OK || (st = ensure_schema(b, err)) != CSVC_OK ||
        (st = prepare_all(b, err)) != CSVC_OK) {
        backend_close(b);
        return st;
    }
    *out = b;
    return CSVC_OK;
}

static csvc_status backend_schema_version(cs_backend *b, int32_t *out, cs_errbuf *err)
{
    return read_version(b, out, err);
}

static csvc_status backend_begin(cs_backend *b, cs_errbuf *err)
{
    return exec(b, "BEGIN IMMEDIATE", err, "begin");
}

static csvc_status backend_commit(cs_backend *b, cs_errbuf *err)
{
    int rc = sqlite3_exec(b->db, "COMMIT", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        return CSVC_OK;
    csvc_status st = fail_sqlite(b, rc, err, "commit");
    if (!sqlite3_get_autocommit(b->db))
        sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

static void backend_rollback(cs_backend *b)
{
    if (!sqlite3_get_autocommit(b->db))
        sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
}

static csvc_status savepoint_sql(cs_backend *b, const char *verb, int depth, cs_errbuf *err)
{
    char sql[64];
    snprintf(sql, sizeof sql, "%s csvc_group_%d", verb, depth);
    return exec(b, sql, err, "group");
}

static csvc_status backend_savepoint(cs_backend *b, int depth, cs_errbuf *err)
{
    return savepoint_sql(b, "SAVEPOINT", depth, err);
}

static csvc_status backend_release(cs_backend *b, int depth, cs_errbuf *err)
{
    return savepoint_sql(b, "RELEASE", depth, err);
}

static void backend_rollback_to(cs_backend *b, int depth)
{
    savepoint_sql(b, "ROLLBACK TO", depth, NULL);
    savepoint_sql(b, "RELEASE", depth, NULL);
}

static csvc_status step_done(cs_backend *b, sqlite3_stmt *st, cs_errbuf *err, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? CSVC_OK : fail_sqlite(b, rc, err, what);
}

static csvc_status backend_last_event(cs_backend *b, uint64_t *seq, uint8_t hash[CS_SHA256_SIZE],
                                      cs_errbuf *err)
{
    int rc = sqlite3_step(b->last_event);
    csvc_status st = CSVC_OK;
    *seq = 0;
    memset(hash, 0, CS_SHA256_SIZE);
    if (rc == SQLITE_ROW) {
        *seq = (uint64_t)sqlite3_column_int64(b->last_event, 0);
        if (sqlite3_column_bytes(b->last_event, 1) == CS_SHA256_SIZE)
            memcpy(hash, sqlite3_column_blob(b->last_event, 1), CS_SHA256_SIZE);
    } else if (rc != SQLITE_DONE) {
        st = fail_sqlite(b, rc, err, "reading the last event");
    }
    sqlite3_reset(b->last_event);
    return st;
}

static csvc_status backend_touched(cs_backend *b, const char *ticket, uint64_t after, int *out,
                                   cs_errbuf *err)
{
    sqlite3_bind_int64(b->touched, 1, (sqlite3_int64)after);
    sqlite3_bind_text(b->touched, 2, ticket, -1, SQLITE_STATIC);
    int rc = sqlite3_step(b->touched);
    sqlite3_reset(b->touched);
    sqlite3_clear_bindings(b->touched);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail_sqlite(b, rc, err, "checking the ticket's version");
    *out = rc == SQLITE_ROW;
    return CSVC_OK;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s && *s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static csvc_status backend_append(cs_backend *b, const cs_stored_event *e, cs_errbuf *err)
{
    sqlite3_stmt *st = b->insert_event;
    const csvc_event *ev = &e->event;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)e->seq);
    sqlite3_bind_text(st, 2, ev->ticket_id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, (int)ev->type);
    sqlite3_bind_int64(st, 4, ev->time);
    bind_text(st, 5, ev->actor_id);
    bind_text(st, 6, ev->agent_id);
    bind_text(st, 7, ev->team_id);
    bind_text(st, 8, ev->customer_id);
    bind_text(st, 9, ev->related_id);
    bind_text(st, 10, ev->code);
    sqlite3_bind_int(st, 11, (int)ev->channel);
    sqlite3_bind_int(st, 12, (int)ev->category);
    sqlite3_bind_int(st, 13, (int)ev->priority);
    sqlite3_bind_int(st, 14, ev->value);
    sqlite3_bind_int64(st, 15, (sqlite3_int64)e->version);
    sqlite3_bind_blob(st, 16, e->hash, CS_SHA256_SIZE, SQLITE_STATIC);
    /* Every parameter is bound on each call: no clear_bindings needed. */
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? CSVC_OK : fail_sqlite(b, rc, err, "appending an event");
}

static const char *column_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* The one row of chain_head, updated in place (one small page a commit). */
static csvc_status backend_set_head(cs_backend *b, uint64_t seq,
                                    const uint8_t hash[CS_SHA256_SIZE], cs_errbuf *err)
{
    sqlite3_stmt *st = b->set_head;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)seq);
    sqlite3_bind_blob(st, 2, hash, CS_SHA256_SIZE, SQLITE_STATIC);
    return step_done(b, st, err, "recording the chain head");
}

static csvc_status backend_get_head(cs_backend *b, uint64_t *seq, uint8_t hash[CS_SHA256_SIZE],
                                    int *found, cs_errbuf *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(b->db, "SELECT seq, hash FROM chain_head WHERE id = 1", -1, &st,
                                NULL);
    if (rc != SQLITE_OK)
        return fail_sqlite(b, rc, err, "reading the chain head");
    rc = sqlite3_step(st);
    *found = rc == SQLITE_ROW;
    if (*found) {
        *seq = (uint64_t)sqlite3_column_int64(st, 0);
        if (sqlite3_column_bytes(st, 1) != CS_SHA256_SIZE) {
            sqlite3_finalize(st);
            return cs_fail(err, CSVC_E_CORRUPT, "store: the chain head record is malformed");
        }
        memcpy(hash, sqlite3_column_blob(st, 1), CS_SHA256_SIZE);
        rc = SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? CSVC_OK : fail_sqlite(b, rc, err, "reading the chain head");
}

static csvc_status backend_load_events(cs_backend *b, uint64_t after, cs_stored_event_fn fn,
                                       void *ud, cs_errbuf *err)
{
    sqlite3_stmt *st = b->load_events;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)after);
    int rc;
    csvc_status result = CSVC_OK;
    cs_stored_event e;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        csvc_event_init(&e.event);
        e.seq = (uint64_t)sqlite3_column_int64(st, 0);
        e.event.ticket_id = column_text(st, 1);
        e.event.type = (csvc_event_type)sqlite3_column_int(st, 2);
        e.event.time = sqlite3_column_int64(st, 3);
        e.event.actor_id = column_text(st, 4);
        e.event.agent_id = column_text(st, 5);
        e.event.team_id = column_text(st, 6);
        e.event.customer_id = column_text(st, 7);
        e.event.related_id = column_text(st, 8);
        e.event.code = column_text(st, 9);
        e.event.channel = (csvc_channel)sqlite3_column_int(st, 10);
        e.event.category = (csvc_category)sqlite3_column_int(st, 11);
        e.event.priority = (csvc_priority)sqlite3_column_int(st, 12);
        e.event.value = sqlite3_column_int(st, 13);
        e.event.seq = e.seq;
        e.version = (uint64_t)sqlite3_column_int64(st, 14);
        memset(e.hash, 0, sizeof e.hash);
        if (sqlite3_column_bytes(st, 15) == CS_SHA256_SIZE)
            memcpy(e.hash, sqlite3_column_blob(st, 15), CS_SHA256_SIZE);
        if (!e.event.ticket_id) {
            result = cs_fail(err, CSVC_E_CORRUPT, "store: event %llu has no ticket",
                             (unsigned long long)e.seq);
            break;
        }
        int stop = fn(&e, ud);
        if (stop) {
            result = (csvc_status)stop;
            break;
        }
    }
    if (result == CSVC_OK && rc != SQLITE_DONE)
        result = fail_sqlite(b, rc, err, "loading events");
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return result;
}

static csvc_status backend_count(cs_backend *b, uint64_t *out, cs_errbuf *err)
{
    int rc = sqlite3_step(b->count_events);
    csvc_status st = CSVC_OK;
    if (rc == SQLITE_ROW)
        *out = (uint64_t)sqlite3_column_int64(b->count_events, 0);
    else
        st = fail_sqlite(b, rc, err, "counting events");
    sqlite3_reset(b->count_events);
    return st;
}

static csvc_status backend_save_team(cs_backend *b, const csvc_roster *r, size_t index,
                                     cs_errbuf *err)
{
    const cs_team *t = &r->teams[index];
    sqlite3_stmt *st = b->save_team;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)index);
    sqlite3_bind_text(st, 2, t->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, t->name, -1, SQLITE_STATIC);
    bind_text(st, 4, t->lead == CS_NONE ? NULL : r->agents[t->lead].id);
    return step_done(b, st, err, "saving a team");
}

static csvc_status backend_save_agent(cs_backend *b, const csvc_roster *r, size_t index,
                                      cs_errbuf *err)
{
    const cs_agent *a = &r->agents[index];
    sqlite3_stmt *st = b->save_agent;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)index);
    sqlite3_bind_text(st, 2, a->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, a->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, r->teams[a->team].id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, (int)a->level);
    sqlite3_bind_int64(st, 6, a->hire_date);
    bind_text(st, 7, a->supervisor == CS_NONE ? NULL : r->agents[a->supervisor].id);
    sqlite3_bind_int64(st, 8, a->skills);
    sqlite3_bind_int(st, 9, a->active);
    sqlite3_bind_int64(st, 10, a->base_pay);
    sqlite3_bind_text(st, 11, a->currency, -1, SQLITE_STATIC);
    return step_done(b, st, err, "saving an agent");
}

static csvc_status backend_save_roster(cs_backend *b, const csvc_roster *r, cs_errbuf *err)
{
    csvc_status rc = exec(b, "DELETE FROM agents; DELETE FROM teams;", err, "rewriting the roster");
    for (size_t i = 0; rc == CSVC_OK && i < r->nteams; i++)
        rc = backend_save_team(b, r, i, err);
    for (size_t i = 0; rc == CSVC_OK && i < r->nagents; i++)
        rc = backend_save_agent(b, r, i, err);
    return rc;
}

static csvc_status backend_roster_size(cs_backend *b, size_t *teams, size_t *agents, cs_errbuf *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(
        b->db, "SELECT (SELECT COUNT(*) FROM teams), (SELECT COUNT(*) FROM agents)", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return fail_sqlite(b, rc, err, "reading the roster");
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *teams = (size_t)sqlite3_column_int64(st, 0);
        *agents = (size_t)sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? CSVC_OK : fail_sqlite(b, rc, err, "reading the roster");
}

/* Whether two optional strings differ (NULL and "" are the same). */
static int differs(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") != 0;
}

/* Applies the stored state of the teams and agents the roster already had
 * (positions below `teams` and `agents`) where it differs: changes another
 * process made. */
static csvc_status sync_changed(cs_backend *b, csvc_roster *r, size_t teams, size_t agents,
                                cs_errbuf *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(b->db, "SELECT id, name, lead FROM teams WHERE pos < ?1", -1, &st,
                                NULL);
    if (rc != SQLITE_OK)
        return fail_sqlite(b, rc, err, "refreshing teams");
    sqlite3_bind_int64(st, 1, (sqlite3_int64)teams);
    csvc_status status = CSVC_OK;
    while (status == CSVC_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        csvc_team_info t = CSVC_TEAM_INFO_INIT, now;
        t.id = column_text(st, 0);
        t.name = column_text(st, 1);
        t.lead_id = column_text(st, 2);
        if (csvc_roster_get_team(r, t.id, &now) == CSVC_OK &&
            (differs(now.name, t.name) || differs(now.lead_id, t.lead_id)) &&
            csvc_roster_update_team(r, &t) != CSVC_OK)
            status = cs_fail(err, CSVC_E_CORRUPT, "store: stored team: %s", csvc_roster_errmsg(r));
    }
    sqlite3_finalize(st);
    if (status != CSVC_OK)
        return status;
    rc = sqlite3_prepare_v2(b->db,
                            "SELECT id, name, team, level, hire_date, supervisor, skills, active,"
                            " base_pay, currency FROM agents WHERE pos < ?1",
                            -1, &st, NULL);
    if (rc != SQLITE_OK)
        return fail_sqlite(b, rc, err, "refreshing agents");
    sqlite3_bind_int64(st, 1, (sqlite3_int64)agents);
    while (status == CSVC_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        csvc_agent_info a = CSVC_AGENT_INFO_INIT, now;
        a.id = column_text(st, 0);
        a.name = column_text(st, 1);
        a.team_id = column_text(st, 2);
        a.level = (csvc_level)sqlite3_column_int(st, 3);
        a.hire_date = sqlite3_column_int64(st, 4);
        a.supervisor_id = column_text(st, 5);
        a.skills = (uint32_t)sqlite3_column_int64(st, 6);
        a.active = sqlite3_column_int(st, 7);
        a.base_pay = sqlite3_column_int64(st, 8);
        a.currency = column_text(st, 9);
        if (csvc_roster_get_agent(r, a.id, &now) != CSVC_OK)
            continue;
        int changed = differs(now.name, a.name) || differs(now.team_id, a.team_id) ||
                      now.level != a.level || now.hire_date != a.hire_date ||
                      differs(now.supervisor_id, a.supervisor_id) || now.skills != a.skills ||
                      now.active != a.active || now.base_pay != a.base_pay ||
                      differs(now.currency, a.currency);
        if (changed && csvc_roster_update_agent(r, &a) != CSVC_OK)
            status = cs_fail(err, CSVC_E_CORRUPT, "store: stored agent: %s", csvc_roster_errmsg(r));
    }
    sqlite3_finalize(st);
    return status;
}

/* Adds the stored teams and agents the roster does not have yet (by
 * position), then sets their supervisors and leads, which may point at
 * rows loaded in the same pass. */
static csvc_status backend_load_roster(cs_backend *b, csvc_roster *r, cs_errbuf *err)
{
    size_t first_team = r->nteams, first_agent = r->nagents;
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(
        b->db, "SELECT pos, id, name FROM teams WHERE pos >= ?1 ORDER BY pos", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return fail_sqlite(b, rc, err, "loading teams");
    sqlite3_bind_int64(st, 1, (sqlite3_int64)first_team);
    csvc_status status = CSVC_OK;
    while (status == CSVC_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        csvc_team_info t = CSVC_TEAM_INFO_INIT;
        t.id = column_text(st, 1);
        t.name = column_text(st, 2);
        if (csvc_roster_add_team(r, &t) != CSVC_OK)
            status = cs_fail(err, CSVC_E_CORRUPT, "store: stored team: %s", csvc_roster_errmsg(r));
    }
    sqlite3_finalize(st);
    if (status != CSVC_OK)
        return status;
    rc = sqlite3_prepare_v2(b->db,
                            "SELECT pos, id, name, team, level, hire_date, skills, active,"
                            " base_pay, currency FROM agents WHERE pos >= ?1 ORDER BY pos",
                            -1, &st, NULL);
    if (rc != SQLITE_OK)
        return fail_sqlite(b, rc, err, "loading agents");
    sqlite3_bind_int64(st, 1, (sqlite3_int64)first_agent);
    while (status == CSVC_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        csvc_agent_info a = CSVC_AGENT_INFO_INIT;
        a.id = column_text(st, 1);
        a.name = column_text(st, 2);
        a.team_id = column_text(st, 3);
        a.level = (csvc_level)sqlite3_column_int(st, 4);
        a.hire_date = sqlite3_column_int64(st, 5);
        a.skills = (uint32_t)sqlite3_column_int64(st, 6);
        a.active = sqlite3_column_int(st, 7);
        a.base_pay = sqlite3_column_int64(st, 8);
        a.currency = column_text(st, 9);
        if (csvc_roster_add_agent(r, &a) != CSVC_OK)
            status = cs_fail(err, CSVC_E_CORRUPT, "store: stored agent: %s", csvc_roster_errmsg(r));
    }
    sqlite3_finalize(st);
    if (status != CSVC_OK)
        return status;
    /* Second pass: references. */
    rc =
        sqlite3_prepare_v2(b->db,
                           "SELECT id, supervisor FROM agents WHERE pos >= ?1 AND supervisor IS NOT"
                           " NULL ORDER BY pos",
                           -1, &st, NULL);
    if (rc != SQLITE_OK)
        return fail_sqlite(b, rc, err, "loading supervisors");
    sqlite3_bind_int64(st, 1, (sqlite3_int64)first_agent);
    while (status == CSVC_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        csvc_agent_info a;
        if (csvc_roster_get_agent(r, column_text(st, 0), &a) == CSVC_OK) {
            a.supervisor_id = column_text(st, 1);
            if (csvc_roster_update_agent(r, &a) != CSVC_OK)
                status = cs_fail(err, CSVC_E_CORRUPT, "store: stored supervisor: %s",
                                 csvc_roster_errmsg(r));
        }
    }
    sqlite3_finalize(st);
    if (status != CSVC_OK)
        return status;
    rc = sqlite3_prepare_v2(b->db,
                            "SELECT id, name, lead FROM teams WHERE lead IS NOT NULL ORDER BY pos",
                            -1, &st, NULL);
    if (rc != SQLITE_OK)
        return fail_sqlite(b, rc, err, "loading team leads");
    while (status == CSVC_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        csvc_team_info t = CSVC_TEAM_INFO_INIT;
        t.id = column_text(st, 0);
        t.name = column_text(st, 1);
        t.lead_id = column_text(st, 2);
        csvc_team_info current;
        if (csvc_roster_get_team(r, t.id, &current) == CSVC_OK && !current.lead_id &&
            csvc_roster_update_team(r, &t) != CSVC_OK)
            status =
                cs_fail(err, CSVC_E_CORRUPT, "store: stored team lead: %s", csvc_roster_errmsg(r));
    }
    sqlite3_finalize(st);
    return status == CSVC_OK ? sync_changed(b, r, first_team, first_agent, err) : status;
}

static csvc_status backend_backup(cs_backend *b, const char *path, cs_errbuf *err)
{
    sqlite3 *dst;
    int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        cs_fail(err, CSVC_E_IO, "store: backup to %s: %s", path, sqlite3_errmsg(dst));
        sqlite3_close_v2(dst);
        return CSVC_E_IO;
    }
    sqlite3_backup *bk = sqlite3_backup_init(dst, "main", b->db, "main");
    if (!bk) {
        cs_fail(err, CSVC_E_IO, "store: backup to %s: %s", path, sqlite3_errmsg(dst));
        sqlite3_close_v2(dst);
        return CSVC_E_IO;
    }
    rc = sqlite3_backup_step(bk, -1);
    sqlite3_backup_finish(bk);
    csvc_status st = CSVC_OK;
    if (rc != SQLITE_DONE)
        st = cs_fail(err, (rc & 0xff) == SQLITE_BUSY ? CSVC_E_BUSY : CSVC_E_IO,
                     "store: backup to %s: %s", path, sqlite3_errstr(rc));
    sqlite3_close_v2(dst);
    return st;
}

/* ---- KPI reviews --------------------------------------------------------- */

static csvc_status one_shot(cs_backend *b, const char *sql, sqlite3_stmt **st, cs_errbuf *err)
{
    int rc = sqlite3_prepare_v2(b->db, sql, -1, st, NULL);
    return rc == SQLITE_OK ? CSVC_OK : fail_sqlite(b, rc, err, "review query");
}

static csvc_status finish(cs_backend *b, sqlite3_stmt *st, int rc, cs_errbuf *err)
{
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? CSVC_OK : fail_sqlite(b, rc, err, "review query");
}

static csvc_status backend_review_get(cs_backend *b, const char *id, csvc_period *period,
                                      char *version, size_t version_size, int32_t *closed,
                                      int *found, cs_errbuf *err)
{
    sqlite3_stmt *st;
    csvc_status rc = one_shot(
        b, "SELECT period_start, period_end, model_version, closed FROM reviews WHERE id = ?1",
        &st, err);
    if (rc != CSVC_OK)
        return rc;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    *found = step == SQLITE_ROW;
    if (*found) {
        period->start = sqlite3_column_int64(st, 0);
        period->end = sqlite3_column_int64(st, 1);
        snprintf(version, version_size, "%s", column_text(st, 2));
        *closed = sqlite3_column_int(st, 3);
        step = SQLITE_DONE;
    }
    return finish(b, st, step, err);
}

static csvc_status backend_review_put(cs_backend *b, const cs_stored_review *r, cs_errbuf *err)
{
    sqlite3_stmt *st;
    csvc_status rc = one_shot(b,
                              "INSERT INTO reviews VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                              " ON CONFLICT(id) DO UPDATE SET closed = ?6",
                              &st, err);
    if (rc != CSVC_OK)
        return rc;
    sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, r->period.start);
    sqlite3_bind_int64(st, 3, r->period.end);
    sqlite3_bind_text(st, 4, r->model_version, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, r->model_json ? r->model_json : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 6, r->closed);
    return finish(b, st, sqlite3_step(st), err);
}

static csvc_status backend_rating_put(cs_backend *b, const char *review,
                                      const csvc_kpi_rating *x, cs_errbuf *err)
{
    sqlite3_stmt *st;
    /* seq keeps the first submission's place, as the review does. */
    csvc_status rc = one_shot(
        b,
        "INSERT INTO ratings VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
        "  (SELECT COALESCE(MAX(seq), 0) + 1 FROM ratings WHERE review = ?1))"
        " ON CONFLICT(review, rater, ratee, kpi) DO UPDATE SET rater_group = ?5, value = ?6,"
        " time = ?7",
        &st, err);
    if (rc != CSVC_OK)
        return rc;
    sqlite3_bind_text(st, 1, review, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, x->rater_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, x->ratee_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, x->kpi_id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, (int)x->group);
    sqlite3_bind_double(st, 6, x->value);
    sqlite3_bind_int64(st, 7, x->time);
    return finish(b, st, sqlite3_step(st), err);
}

static csvc_status backend_ratings_clear(cs_backend *b, const char *review, cs_errbuf *err)
{
    sqlite3_stmt *st;
    csvc_status rc = one_shot(b, "DELETE FROM ratings WHERE review = ?1", &st, err);
    if (rc != CSVC_OK)
        return rc;
    sqlite3_bind_text(st, 1, review, -1, SQLITE_STATIC);
    return finish(b, st, sqlite3_step(st), err);
}

static csvc_status backend_ratings_load(cs_backend *b, const char *review, cs_rating_fn fn,
                                        void *ud, cs_errbuf *err)
{
    sqlite3_stmt *st;
    csvc_status rc = one_shot(b,
                              "SELECT rater, ratee, kpi, rater_group, value, time FROM ratings"
                              " WHERE review = ?1 ORDER BY seq",
                              &st, err);
    if (rc != CSVC_OK)
        return rc;
    sqlite3_bind_text(st, 1, review, -1, SQLITE_STATIC);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        csvc_kpi_rating x = CSVC_KPI_RATING_INIT;
        x.rater_id = column_text(st, 0);
        x.ratee_id = column_text(st, 1);
        x.kpi_id = column_text(st, 2);
        x.group = (csvc_rater_group)sqlite3_column_int(st, 3);
        x.value = sqlite3_column_double(st, 4);
        x.time = sqlite3_column_int64(st, 5);
        int stop = fn(&x, ud);
        if (stop) {
            sqlite3_finalize(st);
            return (csvc_status)stop;
        }
    }
    return finish(b, st, step, err);
}

static csvc_status backend_objective_put(cs_backend *b, const char *review, const char *agent,
                                         const char *kpi, double value, cs_errbuf *err)
{
    sqlite3_stmt *st;
    /* NaN means "no value": the row goes. */
    int clear = value != value;
    csvc_status rc = one_shot(b,
                              clear ? "DELETE FROM objectives WHERE review = ?1 AND agent = ?2"
                                      " AND kpi = ?3"
                                    : "INSERT INTO objectives VALUES (?1, ?2, ?3, ?4)"
                                      " ON CONFLICT(review, agent, kpi) DO UPDATE SET value = ?4",
                              &st, err);
    if (rc != CSVC_OK)
        return rc;
    sqlite3_bind_text(st, 1, review, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, agent, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, kpi, -1, SQLITE_STATIC);
    if (!clear)
        sqlite3_bind_double(st, 4, value);
    return finish(b, st, sqlite3_step(st), err);
}

static csvc_status backend_objectives_load(cs_backend *b, const char *review, cs_objective_fn fn,
                                           void *ud, cs_errbuf *err)
{
    sqlite3_stmt *st;
    csvc_status rc = one_shot(
        b, "SELECT agent, kpi, value FROM objectives WHERE review = ?1 ORDER BY agent, kpi", &st,
        err);
    if (rc != CSVC_OK)
        return rc;
    sqlite3_bind_text(st, 1, review, -1, SQLITE_STATIC);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int stop = fn(column_text(st, 0), column_text(st, 1), sqlite3_column_double(st, 2), ud);
        if (stop) {
            sqlite3_finalize(st);
            return (csvc_status)stop;
        }
    }
    return finish(b, st, step, err);
}

const cs_backend_ops cs_sqlite_backend = {
    .name = "sqlite",
    .open = backend_open,
    .close = backend_close,
    .schema_version = backend_schema_version,
    .begin = backend_begin,
    .commit = backend_commit,
    .rollback = backend_rollback,
    .savepoint = backend_savepoint,
    .release = backend_release,
    .rollback_to = backend_rollback_to,
    .last_event = backend_last_event,
    .ticket_touched_since = backend_touched,
    .append_event = backend_append,
    .set_head = backend_set_head,
    .get_head = backend_get_head,
    .load_events = backend_load_events,
    .event_count = backend_count,
    .save_team = backend_save_team,
    .save_agent = backend_save_agent,
    .save_roster = backend_save_roster,
    .load_roster = backend_load_roster,
    .roster_size = backend_roster_size,
    .backup = backend_backup,
    .review_get = backend_review_get,
    .review_put = backend_review_put,
    .rating_put = backend_rating_put,
    .ratings_clear = backend_ratings_clear,
    .ratings_load = backend_ratings_load,
    .objective_put = backend_objective_put,
    .objectives_load = backend_objectives_load,
};
