/* The seam between the store (engine adapters, chain, batches) and the
 * database that holds its rows. SQLite (sqlite/) is the embedded default; a
 * second backend implements the same table of operations on rows and
 * nothing else: it knows no engine and no domain rule.
 *
 * The store is a journal: every change of an attached engine is appended
 * as one row, and the engines are rebuilt by replaying the rows in order.
 * Rows come in kinds (teams, agents, events, desk configuration, reviews,
 * ratings, objective values), each in a table of its own, and share one
 * sequence: seq is 1, 2, 3, ... over all kinds, and each row carries the
 * hash that chains it to the row before (chain.c). The head (the newest
 * row's seq and hash) is one record, written in every transaction that
 * appends.
 *
 * A backend's obligations:
 * - open() creates or migrates the schema inside one exclusive transaction
 *   that reads the schema version itself, so concurrent first opens agree;
 *   an empty file is a new database only with config->create;
 * - begin() opens a write transaction that excludes every other writer
 *   until commit() or rollback(); reads inside it see every committed row;
 * - commit() returns CSVC_OK only once the transaction is durable at the
 *   configured level; on failure the transaction is rolled back;
 * - savepoints nest inside a transaction, named by depth;
 * - append() and set_head() are called inside a transaction only;
 * - load() visits rows in seq order, from one consistent snapshot;
 * - read_begin()/read_end() bracket several reads that must see one
 *   snapshot (verification) outside a write transaction.
 * Every operation reports failures through `err` with a csvc_status. */
#ifndef CS_STORE_BACKEND_H
#define CS_STORE_BACKEND_H

#include "alloc.h"
#include "csvc/desk.h"
#include "csvc/kpi.h"
#include "csvc/store.h"
#include "errbuf.h"
#include "sha256.h"

typedef struct cs_backend cs_backend;

/* ---- rows --------------------------------------------------------------- */

typedef enum cs_row_kind {
    CS_ROW_TEAM = 1,
    CS_ROW_AGENT = 2,
    CS_ROW_EVENT = 3,
    CS_ROW_DESK_CONFIG = 4,
    CS_ROW_REVIEW = 5,
    CS_ROW_RATING = 6,
    CS_ROW_OBJECTIVE = 7,
    CS_ROW_PLAN = 8,
    CS_ROW_STATEMENT = 9,
    CS_ROW_POINTS = 10,
    CS_ROW_TRAINING = 11
} cs_row_kind;

#define CS_ROW_KIND_COUNT 12
#define CS_ROWS(kind) (1u << (kind))
#define CS_ROWS_ROSTER (CS_ROWS(CS_ROW_TEAM) | CS_ROWS(CS_ROW_AGENT))
#define CS_ROWS_DESK (CS_ROWS(CS_ROW_EVENT) | CS_ROWS(CS_ROW_DESK_CONFIG))
#define CS_ROWS_REVIEW (CS_ROWS(CS_ROW_REVIEW) | CS_ROWS(CS_ROW_RATING) | CS_ROWS(CS_ROW_OBJECTIVE))
#define CS_ROWS_INCENTIVE (CS_ROWS(CS_ROW_PLAN) | CS_ROWS(CS_ROW_STATEMENT))
#define CS_ROWS_ALL \
    (CS_ROWS_ROSTER | CS_ROWS_DESK | CS_ROWS_REVIEW | CS_ROWS_INCENTIVE | CS_ROWS(CS_ROW_POINTS) | \
     CS_ROWS(CS_ROW_TRAINING))

/* A team or an agent as it stands after the change (NULL lead, supervisor:
 * none). */
typedef struct cs_team_row {
    const char *id, *name, *lead;
} cs_team_row;

typedef struct cs_agent_row {
    const char *id, *name, *team, *supervisor, *currency;
    int32_t level, active;
    int64_t hire_date, base_pay;
    uint32_t skills;
    int64_t separation_date; /* CSVC_TIME_NONE while employed */
    int32_t separation_reason;
    int32_t employment;    /* csvc_employment */
    double contract_hours; /* per week; 0 = not stated */
} cs_agent_row;

/* An event, and the version of its ticket after it (its event count). */
typedef struct cs_event_row {
    csvc_event event;
    uint64_t version;
} cs_event_row;

/* The desk's whole configuration after a change, as text (desk_seam.h). */
typedef struct cs_config_row {
    const char *body;
} cs_config_row;

/* A review's creation (closed 0) or closing (closed 1). */
typedef struct cs_review_row {
    const char *id;
    csvc_period period;
    const char *model_version, *model_json;
    int32_t closed;
} cs_review_row;

typedef struct cs_rating_row {
    const char *review;
    csvc_kpi_rating rating;
} cs_rating_row;

/* An objective value; NaN removes it. */
typedef struct cs_objective_row {
    const char *review, *agent, *kpi;
    double value;
} cs_objective_row;

/* An incentive plan version: its JSON document as loaded. */
typedef struct cs_plan_row {
    const char *id;
    int32_t version;
    const char *document;
} cs_plan_row;

/* An approved statement of one agent: its JSON object as exported. */
typedef struct cs_statement_row {
    const char *plan;
    int32_t plan_version;
    csvc_period period;
    const char *agent, *approver;
    int64_t approved_at, total;
    const char *document;
} cs_statement_row;

/* A points movement: points > 0 accrued, < 0 redeemed. */
typedef struct cs_points_row {
    const char *agent;
    int64_t time, points;
} cs_points_row;

/* A change of the training plan: its JSON object (training_seam.h). */
typedef struct cs_training_row {
    const char *body;
} cs_training_row;

/* One row. Strings are the caller's when appending and the backend's,
 * valid during the visit only, when loading. */
typedef struct cs_row {
    cs_row_kind kind;
    uint64_t seq;
    uint8_t hash[CS_SHA256_SIZE];
    union {
        cs_team_row team;
        cs_agent_row agent;
        cs_event_row event;
        cs_config_row config;
        cs_review_row review;
        cs_rating_row rating;
        cs_objective_row objective;
        cs_plan_row plan;
        cs_statement_row statement;
        cs_points_row points;
        cs_training_row training;
    } u;
} cs_row;

typedef int (*cs_row_fn)(const cs_row *row, void *user_data);

/* ---- the head ------------------------------------------------------------- */

typedef struct cs_head {
    uint64_t seq; /* 0: no row yet */
    uint8_t hash[CS_SHA256_SIZE];
    uint8_t mac[CS_SHA256_SIZE]; /* chain.c: binds seq and hash (keyed stores) */
} cs_head;

/* ---- the operations ------------------------------------------------------- */

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

    /* Settings of the store kept with the data (the key check); value is
     * copied into buf (size bytes); found = 0 when absent. set_meta runs
     * inside a transaction. */
    csvc_status (*get_meta)(cs_backend *b, const char *key, char *buf, size_t size, int *found,
                            cs_errbuf *err);
    csvc_status (*set_meta)(cs_backend *b, const char *key, const char *value, cs_errbuf *err);

    csvc_status (*begin)(cs_backend *b, cs_errbuf *err);
    csvc_status (*commit)(cs_backend *b, cs_errbuf *err);
    void (*rollback)(cs_backend *b);
    csvc_status (*savepoint)(cs_backend *b, int depth, cs_errbuf *err);
    csvc_status (*release)(cs_backend *b, int depth, cs_errbuf *err);
    void (*rollback_to)(cs_backend *b, int depth);
    csvc_status (*read_begin)(cs_backend *b, cs_errbuf *err);
    void (*read_end)(cs_backend *b);

    csvc_status (*append)(cs_backend *b, const cs_row *row, cs_errbuf *err);
    /* found = 0 when the head record is missing (a damaged database). */
    csvc_status (*get_head)(cs_backend *b, cs_head *head, int *found, cs_errbuf *err);
    csvc_status (*set_head)(cs_backend *b, const cs_head *head, cs_errbuf *err);
    /* Visits the rows of the kinds in `kinds` (CS_ROWS() bits) with seq >
     * after_seq, in seq order; `review`, when not NULL, keeps only the
     * rows keyed by it: the review, rating and objective rows of that
     * review, the plan and statement rows of that plan id (the other kinds
     * have no key and are left out). A non-zero return
     * from fn stops the walk and becomes the result. */
    csvc_status (*load)(cs_backend *b, uint32_t kinds, uint64_t after_seq, const char *review,
                        cs_row_fn fn, void *user_data, cs_errbuf *err);
    /* The ticket version (cs_event_row.version) of the newest event of
     * `ticket` with seq > after_seq; found = 0 when there is none. */
    csvc_status (*ticket_version)(cs_backend *b, const char *ticket, uint64_t after_seq,
                                  uint64_t *version, int *found, cs_errbuf *err);
    csvc_status (*count)(cs_backend *b, cs_row_kind kind, uint64_t *out, cs_errbuf *err);
    /* The database's own structure (pages, indexes agreeing with their
     * tables): ::CSVC_E_CORRUPT naming the first problem. Loads by review
     * go through indexes, so a damaged index could hide rows that the
     * chain walk (table order) never misses. */
    csvc_status (*check_structure)(cs_backend *b, cs_errbuf *err);
    csvc_status (*backup)(cs_backend *b, const char *path, cs_errbuf *err);
} cs_backend_ops;

extern const cs_backend_ops cs_sqlite_backend;

#endif
