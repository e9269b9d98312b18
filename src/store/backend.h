/* The seam between the store's logic (store.c) and the database that holds
 * the journal. SQLite (sqlite_backend.c) is the embedded default; a
 * PostgreSQL backend for multi-host deployments implements the same table
 * of operations and nothing in the engines or in store.c changes.
 *
 * A backend stores three things: the roster (teams and agents by roster
 * position), the event log (a strictly increasing sequence number, the
 * event's fields, the ticket version it produced, and its chain hash), and
 * a schema version. Its obligations:
 * - begin() opens a write transaction that excludes other writers until
 *   commit() or rollback(); reads inside it see every committed row;
 * - commit() returns CSVC_OK only once the transaction is durable at the
 *   configured level; on failure the transaction is rolled back;
 * - append_event() is only called inside a transaction;
 * - load_events() visits events in sequence order.
 * Every operation reports failures through `err` with a csvc_status. */
#ifndef CS_STORE_BACKEND_H
#define CS_STORE_BACKEND_H

#include "csvc/store.h"
#include "alloc.h"
#include "errbuf.h"
#include "sha256.h"

typedef struct cs_backend cs_backend;

/* One stored event: the desk's view plus the store's bookkeeping. */
typedef struct cs_stored_event {
    uint64_t seq;
    uint64_t version; /* the ticket's event count after this event */
    uint8_t hash[CS_SHA256_SIZE];
    csvc_event event; /* strings valid during the visit only */
} cs_stored_event;

typedef int (*cs_stored_event_fn)(const cs_stored_event *e, void *user_data);

/* A stored KPI review (strings valid during the call only). */
typedef struct cs_stored_review {
    const char *id;
    csvc_period period;
    const char *model_version;
    const char *model_json;
    int32_t closed;
} cs_stored_review;

typedef int (*cs_rating_fn)(const csvc_kpi_rating *rating, void *user_data);
typedef int (*cs_objective_fn)(const char *agent, const char *kpi, double value,
                               void *user_data);

typedef struct cs_backend_config {
    const cs_alloc *alloc;
    int32_t busy_timeout_ms;
    csvc_sync_mode sync;
    int create;
} cs_backend_config;

typedef struct cs_backend_ops {
    const char *name;
    csvc_status (*open)(const char *path, const cs_backend_config *config, cs_backend **out,
                        cs_errbuf *err);
    void (*close)(cs_backend *b);
    csvc_status (*schema_version)(cs_backend *b, int32_t *out, cs_errbuf *err);

    csvc_status (*begin)(cs_backend *b, cs_errbuf *err);
    csvc_status (*commit)(cs_backend *b, cs_errbuf *err);
    void (*rollback)(cs_backend *b);
    /* Nested groups inside a transaction, named by depth (0, 1, ...). */
    csvc_status (*savepoint)(cs_backend *b, int depth, cs_errbuf *err);
    csvc_status (*release)(cs_backend *b, int depth, cs_errbuf *err);
    void (*rollback_to)(cs_backend *b, int depth);

    /* The newest event (seq 0 and a zero hash when there is none). */
    csvc_status (*last_event)(cs_backend *b, uint64_t *seq, uint8_t hash[CS_SHA256_SIZE],
                              cs_errbuf *err);
    /* Whether any event after `after_seq` belongs to `ticket`. */
    csvc_status (*ticket_touched_since)(cs_backend *b, const char *ticket, uint64_t after_seq,
                                        int *out, cs_errbuf *err);
    csvc_status (*append_event)(cs_backend *b, const cs_stored_event *e, cs_errbuf *err);
    /* The head of the chain (the newest event's seq and hash), written in
     * the transaction that appends, so removing the newest event shows. */
    csvc_status (*set_head)(cs_backend *b, uint64_t seq, const uint8_t hash[CS_SHA256_SIZE],
                            cs_errbuf *err);
    /* found = 0 for a database written before the head was kept. */
    csvc_status (*get_head)(cs_backend *b, uint64_t *seq, uint8_t hash[CS_SHA256_SIZE],
                            int *found, cs_errbuf *err);
    /* Visits the events after `after_seq` in order; a non-zero return from
     * fn stops the walk and becomes the result. */
    csvc_status (*load_events)(cs_backend *b, uint64_t after_seq, cs_stored_event_fn fn,
                               void *user_data, cs_errbuf *err);
    csvc_status (*event_count)(cs_backend *b, uint64_t *out, cs_errbuf *err);

    /* The roster, by position: save writes team/agent `index` (insert or
     * replace); save_all rewrites everything; load adds to `roster` the
     * teams and agents at positions >= its current counts and applies the
     * stored state of the others where it differs (another process's
     * changes). */
    csvc_status (*save_team)(cs_backend *b, const csvc_roster *roster, size_t index,
                             cs_errbuf *err);
    csvc_status (*save_agent)(cs_backend *b, const csvc_roster *roster, size_t index,
                              cs_errbuf *err);
    csvc_status (*save_roster)(cs_backend *b, const csvc_roster *roster, cs_errbuf *err);
    csvc_status (*load_roster)(cs_backend *b, csvc_roster *roster, cs_errbuf *err);
    csvc_status (*roster_size)(cs_backend *b, size_t *teams, size_t *agents, cs_errbuf *err);

    csvc_status (*backup)(cs_backend *b, const char *path, cs_errbuf *err);

    /* KPI reviews: the review row (found = 0 when absent), its ratings
     * (replaced by rater, ratee and KPI) and objective values. */
    csvc_status (*review_get)(cs_backend *b, const char *id, csvc_period *period,
                              char *model_version, size_t version_size, int32_t *closed,
                              int *found, cs_errbuf *err);
    csvc_status (*review_put)(cs_backend *b, const cs_stored_review *review, cs_errbuf *err);
    csvc_status (*rating_put)(cs_backend *b, const char *review, const csvc_kpi_rating *rating,
                              cs_errbuf *err);
    csvc_status (*ratings_clear)(cs_backend *b, const char *review, cs_errbuf *err);
    /* Visits the ratings in submission order. */
    csvc_status (*ratings_load)(cs_backend *b, const char *review, cs_rating_fn fn,
                                void *user_data, cs_errbuf *err);
    csvc_status (*objective_put)(cs_backend *b, const char *review, const char *agent,
                                 const char *kpi, double value, cs_errbuf *err);
    csvc_status (*objectives_load)(cs_backend *b, const char *review, cs_objective_fn fn,
                                   void *user_data, cs_errbuf *err);
} cs_backend_ops;

extern const cs_backend_ops cs_sqlite_backend;

/* The canonical bytes of an event for the chain: fixed-width big-endian
 * integers and length-prefixed strings, in a fixed field order (the ticket
 * version is not part of it: it is derived data). hash = SHA-256(prev_hash
 * || canonical bytes). */
void cs_event_chain_hash(const uint8_t prev[CS_SHA256_SIZE], uint64_t seq, const csvc_event *e,
                         uint8_t out[CS_SHA256_SIZE]);

#endif
