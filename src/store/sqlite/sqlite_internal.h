/* The SQLite backend's handle and helpers, shared by its files:
 * sqlite_db.c (opening, transactions, the head, backups), sqlite_schema.c
 * (the schema and its migrations), sqlite_rows.c (each table family's rows). */
#ifndef CS_STORE_SQLITE_INTERNAL_H
#define CS_STORE_SQLITE_INTERNAL_H

#include "../backend.h"
#include "turnstile.h"

#include <sqlite3.h>

/* Row tables, indexed by cs_row_kind. */
typedef struct cs_sqlite_table {
    const char *name;
    const char *columns; /* after seq, in the order of the row's fields; hash last */
    int ncolumns;        /* including seq and hash */
} cs_sqlite_table;

extern const cs_sqlite_table cs_sqlite_tables[CS_ROW_KIND_COUNT];

struct cs_backend {
    const cs_alloc *alloc;
    sqlite3 *db;
    sqlite3_stmt *insert[CS_ROW_KIND_COUNT];
    sqlite3_stmt *get_head, *set_head, *ticket_version;
    cs_turnstile writers; /* fair order of writers across processes */
    int32_t busy_timeout_ms;
};

/* Maps an SQLite result code to a status and a message naming `what`. */
csvc_status cs_sqlite_fail(cs_backend *b, int rc, cs_errbuf *err, const char *what);
csvc_status cs_sqlite_exec(cs_backend *b, const char *sql, cs_errbuf *err, const char *what);
csvc_status cs_sqlite_prepare(cs_backend *b, const char *sql, sqlite3_stmt **out, cs_errbuf *err);

/* Binds NULL for NULL and "" (the chain treats them alike). */
void cs_sqlite_bind_text(sqlite3_stmt *st, int i, const char *s);
static inline const char *cs_sqlite_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* ---- sqlite_schema.c ------------------------------------------------------- */

/* Creates the schema in an empty database or migrates an older one to
 * CSVC_STORE_SCHEMA_VERSION, inside one exclusive transaction that reads
 * the version itself. `create` 0: an empty database is CSVC_E_CORRUPT. */
csvc_status cs_sqlite_ensure_schema(cs_backend *b, int create, const char *path, cs_errbuf *err);
/* meta.schema_version: 0 for a database without tables, -1 for one whose
 * tables are not libcsvc's. */
csvc_status cs_sqlite_read_version(cs_backend *b, int32_t *out, cs_errbuf *err);

/* ---- sqlite_rows.c --------------------------------------------------------- */

csvc_status cs_sqlite_prepare_rows(cs_backend *b, cs_errbuf *err);
void cs_sqlite_finalize_rows(cs_backend *b);
csvc_status cs_sqlite_append(cs_backend *b, const cs_row *row, cs_errbuf *err);
csvc_status cs_sqlite_load(cs_backend *b, uint32_t kinds, uint64_t after_seq, const char *review,
                           cs_row_fn fn, void *user_data, cs_errbuf *err);
csvc_status cs_sqlite_ticket_version(cs_backend *b, const char *ticket, uint64_t after_seq,
                                     uint64_t *version, int *found, cs_errbuf *err);
csvc_status cs_sqlite_count(cs_backend *b, cs_row_kind kind, uint64_t *out, cs_errbuf *err);

#endif
