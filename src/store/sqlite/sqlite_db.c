/* The SQLite backend (backend.h): opening, transactions, settings, the
 * head and backups; the rows are in sqlite_rows.c. */
#include "sqlite_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

csvc_status cs_sqlite_fail(cs_backend *b, int rc, cs_errbuf *err, const char *what)
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
    case SQLITE_ERROR: /* our SQL is fixed: an error means a schema we did not write */
    case SQLITE_SCHEMA:
    case SQLITE_MISMATCH:
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

csvc_status cs_sqlite_exec(cs_backend *b, const char *sql, cs_errbuf *err, const char *what)
{
    int rc = sqlite3_exec(b->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? CSVC_OK : cs_sqlite_fail(b, rc, err, what);
}

csvc_status cs_sqlite_prepare(cs_backend *b, const char *sql, sqlite3_stmt **out, cs_errbuf *err)
{
    int rc = sqlite3_prepare_v3(b->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
    return rc == SQLITE_OK ? CSVC_OK : cs_sqlite_fail(b, rc, err, "preparing a statement");
}

void cs_sqlite_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s && *s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* ---- opening ----------------------------------------------------------------- */

static void backend_close(cs_backend *b)
{
    if (!b)
        return;
    cs_sqlite_finalize_rows(b);
    sqlite3_finalize(b->get_head);
    sqlite3_finalize(b->set_head);
    sqlite3_close_v2(b->db);
    cs_turnstile_close(&b->writers);
    cs_free(b->alloc, b);
}

/* Why a file cannot be opened, from what the file system says. */
static csvc_status open_failure(const char *path, int create, int rc, cs_errbuf *err)
{
    if (access(path, F_OK) != 0 && errno == ENOENT && !create)
        return cs_fail(err, CSVC_E_NOTFOUND, "store: %s: no such file (create = 0)", path);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    int denied = (access(path, F_OK) == 0 && access(path, R_OK | W_OK) != 0) ||
                 access(dir, W_OK | X_OK) != 0;
    if (denied && (errno == EACCES || errno == EPERM || errno == EROFS))
        return cs_fail(err, CSVC_E_PERM, "store: %s: permission denied (the file or its directory)",
                       path);
    return cs_fail(err, CSVC_E_IO, "store: %s: %s", path, sqlite3_errstr(rc));
}

/* Runs `sql`, retrying while the database is locked, up to `timeout_ms`:
 * switching a new file to WAL takes a lock for which SQLite does not call
 * the busy handler, so processes opening a new file together need this. */
static csvc_status exec_patiently(cs_backend *b, const char *sql, int32_t timeout_ms,
                                  cs_errbuf *err, const char *what)
{
    struct timespec pause = {0, 2 * 1000 * 1000};
    for (int32_t waited = 0;; waited += 2) {
        int rc = sqlite3_exec(b->db, sql, NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            return CSVC_OK;
        if ((rc & 0xff) != SQLITE_BUSY || waited >= timeout_ms)
            return cs_sqlite_fail(b, rc, err, what);
        nanosleep(&pause, NULL);
    }
}

static csvc_status prepare_all(cs_backend *b, cs_errbuf *err)
{
    csvc_status rc = cs_sqlite_prepare_rows(b, err);
    if (rc == CSVC_OK)
        rc = cs_sqlite_prepare(b, "SELECT seq, hash, mac FROM chain_head WHERE id = 1",
                               &b->get_head, err);
    if (rc == CSVC_OK)
        rc =
            cs_sqlite_prepare(b, "UPDATE chain_head SET seq = ?1, hash = ?2, mac = ?3 WHERE id = 1",
                              &b->set_head, err);
    return rc;
}

static csvc_status backend_open(const char *path, const cs_backend_config *cfg, cs_backend **out,
                                cs_errbuf *err)
{
    cs_backend *b = cs_calloc(cfg->alloc, 1, sizeof *b);
    if (!b)
        return cs_fail(err, CSVC_E_NOMEM, "store: out of memory");
    b->alloc = cfg->alloc;
    b->writers.fd = -1;
    b->busy_timeout_ms = cfg->busy_timeout_ms;
    int memory = strcmp(path, ":memory:") == 0;
    int flags =
        SQLITE_OPEN_READWRITE | (cfg->create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path, &b->db, flags, NULL);
    if (rc != SQLITE_OK) {
        csvc_status st = rc == SQLITE_CANTOPEN && !memory ? open_failure(path, cfg->create, rc, err)
                                                          : cs_sqlite_fail(b, rc, err, path);
        backend_close(b);
        return st;
    }
    sqlite3_extended_result_codes(b->db, 1);
    sqlite3_busy_timeout(b->db, cfg->busy_timeout_ms);
    char pragmas[160];
    snprintf(pragmas, sizeof pragmas,
             "PRAGMA journal_mode = WAL; PRAGMA synchronous = %s; PRAGMA foreign_keys = ON;",
             cfg->sync == CSVC_SYNC_NORMAL ? "NORMAL" : "FULL");
    csvc_status st = exec_patiently(b, pragmas, cfg->busy_timeout_ms, err, path);
    if (st == CSVC_E_IO && !memory)
        st = open_failure(path, 1, SQLITE_CANTOPEN, err); /* no WAL file: a read-only directory */
    if (st == CSVC_OK)
        st = cs_sqlite_ensure_schema(b, cfg->create, path, err);
    if (st == CSVC_OK && (st = prepare_all(b, err)) != CSVC_OK)
        st = cs_fail(err, CSVC_E_CORRUPT, "store: %s: the schema lacks libcsvc's tables (damaged)",
                     path);
    if (st != CSVC_OK) {
        backend_close(b);
        return st;
    }
    if (!memory)
        cs_turnstile_open(&b->writers, sqlite3_db_filename(b->db, "main"));
    *out = b;
    return CSVC_OK;
}

static csvc_status backend_schema_version(cs_backend *b, int32_t *out, cs_errbuf *err)
{
    return cs_sqlite_read_version(b, out, err);
}

/* ---- settings --------------------------------------------------------------- */

static csvc_status backend_get_meta(cs_backend *b, const char *key, char *buf, size_t size,
                                    int *found, cs_errbuf *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(b->db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return cs_sqlite_fail(b, rc, err, "reading a setting");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    *found = rc == SQLITE_ROW;
    if (*found)
        snprintf(buf, size, "%s", cs_sqlite_text(st, 0) ? cs_sqlite_text(st, 0) : "");
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? CSVC_OK
                                                 : cs_sqlite_fail(b, rc, err, "reading a setting");
}

static csvc_status backend_set_meta(cs_backend *b, const char *key, const char *value,
                                    cs_errbuf *err)
{
    sqlite3_stmt *st;
    int rc =
        sqlite3_prepare_v2(b->db, "INSERT OR REPLACE INTO meta VALUES (?1, ?2)", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return cs_sqlite_fail(b, rc, err, "writing a setting");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? CSVC_OK : cs_sqlite_fail(b, rc, err, "writing a setting");
}

/* ---- transactions ----------------------------------------------------------- */

/* Writers queue at the turnstile first, so SQLite's lock is normally free
 * when BEGIN IMMEDIATE asks for it; its busy handler gets what is left of
 * the timeout, for writers that are not libcsvc's. */
static csvc_status backend_begin(cs_backend *b, cs_errbuf *err)
{
    int32_t left = cs_turnstile_enter(&b->writers, b->busy_timeout_ms);
    if (left < 0)
        return cs_fail(err, CSVC_E_BUSY,
                       "store: begin: other writers held the database for busy_timeout_ms (%d ms)",
                       (int)b->busy_timeout_ms);
    if (left != b->busy_timeout_ms)
        sqlite3_busy_timeout(b->db, left);
    csvc_status rc = cs_sqlite_exec(b, "BEGIN IMMEDIATE", err, "begin");
    if (left != b->busy_timeout_ms)
        sqlite3_busy_timeout(b->db, b->busy_timeout_ms);
    if (rc != CSVC_OK)
        cs_turnstile_leave(&b->writers);
    return rc;
}

static csvc_status backend_commit(cs_backend *b, cs_errbuf *err)
{
    int rc = sqlite3_exec(b->db, "COMMIT", NULL, NULL, NULL);
    if (rc == SQLITE_OK) {
        cs_turnstile_leave(&b->writers);
        return CSVC_OK;
    }
    csvc_status st = cs_sqlite_fail(b, rc, err, "commit");
    if (!sqlite3_get_autocommit(b->db))
        sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
    cs_turnstile_leave(&b->writers);
    return st;
}

static void backend_rollback(cs_backend *b)
{
    if (!sqlite3_get_autocommit(b->db))
        sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
    cs_turnstile_leave(&b->writers);
}

static csvc_status savepoint_sql(cs_backend *b, const char *verb, int depth, cs_errbuf *err)
{
    char sql[64];
    snprintf(sql, sizeof sql, "%s csvc_group_%d", verb, depth);
    return cs_sqlite_exec(b, sql, err, "group");
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

/* A deferred transaction's first read fixes its snapshot (WAL), which
 * later reads share until read_end. */
static csvc_status backend_read_begin(cs_backend *b, cs_errbuf *err)
{
    csvc_status rc = cs_sqlite_exec(b, "BEGIN DEFERRED", err, "read");
    if (rc == CSVC_OK && (rc = cs_sqlite_exec(b, "SELECT seq FROM chain_head", err, "read")))
        backend_rollback(b);
    return rc;
}

static void backend_read_end(cs_backend *b)
{
    backend_rollback(b);
}

/* ---- the head ---------------------------------------------------------------- */

static csvc_status backend_get_head(cs_backend *b, cs_head *head, int *found, cs_errbuf *err)
{
    sqlite3_stmt *st = b->get_head;
    int rc = sqlite3_step(st);
    csvc_status status = CSVC_OK;
    *found = rc == SQLITE_ROW;
    memset(head, 0, sizeof *head);
    if (*found) {
        head->seq = (uint64_t)sqlite3_column_int64(st, 0);
        if (sqlite3_column_bytes(st, 1) != CS_SHA256_SIZE ||
            sqlite3_column_bytes(st, 2) != CS_SHA256_SIZE)
            status = cs_fail(err, CSVC_E_CORRUPT, "store: the chain head record is malformed");
        else {
            memcpy(head->hash, sqlite3_column_blob(st, 1), CS_SHA256_SIZE);
            memcpy(head->mac, sqlite3_column_blob(st, 2), CS_SHA256_SIZE);
        }
    } else if (rc != SQLITE_DONE) {
        status = cs_sqlite_fail(b, rc, err, "reading the chain head");
    }
    sqlite3_reset(st);
    return status;
}

/* The one row of chain_head, updated in place (one small page a commit). */
static csvc_status backend_set_head(cs_backend *b, const cs_head *head, cs_errbuf *err)
{
    sqlite3_stmt *st = b->set_head;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)head->seq);
    sqlite3_bind_blob(st, 2, head->hash, CS_SHA256_SIZE, SQLITE_STATIC);
    sqlite3_bind_blob(st, 3, head->mac, CS_SHA256_SIZE, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return cs_sqlite_fail(b, rc, err, "recording the chain head");
    if (sqlite3_changes(b->db) != 1)
        return cs_fail(err, CSVC_E_CORRUPT, "store: the chain head record is missing");
    return CSVC_OK;
}

/* ---- structure ----------------------------------------------------------------- */

static csvc_status backend_check_structure(cs_backend *b, cs_errbuf *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(b->db, "PRAGMA quick_check(1)", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return cs_sqlite_fail(b, rc, err, "checking the database structure");
    csvc_status status = CSVC_OK;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *verdict = (const char *)sqlite3_column_text(st, 0);
        if (!verdict || strcmp(verdict, "ok") != 0)
            status = cs_fail(err, CSVC_E_CORRUPT, "store: the database file is damaged: %.200s",
                             verdict ? verdict : "(no verdict)");
    } else {
        status = cs_sqlite_fail(b, rc, err, "checking the database structure");
    }
    sqlite3_finalize(st);
    return status;
}

/* ---- backups ----------------------------------------------------------------- */

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

const cs_backend_ops cs_sqlite_backend = {
    .name = "sqlite",
    .open = backend_open,
    .close = backend_close,
    .schema_version = backend_schema_version,
    .get_meta = backend_get_meta,
    .set_meta = backend_set_meta,
    .begin = backend_begin,
    .commit = backend_commit,
    .rollback = backend_rollback,
    .savepoint = backend_savepoint,
    .release = backend_release,
    .rollback_to = backend_rollback_to,
    .read_begin = backend_read_begin,
    .read_end = backend_read_end,
    .append = cs_sqlite_append,
    .get_head = backend_get_head,
    .set_head = backend_set_head,
    .load = cs_sqlite_load,
    .ticket_version = cs_sqlite_ticket_version,
    .count = cs_sqlite_count,
    .check_structure = backend_check_structure,
    .backup = backend_backup,
};
