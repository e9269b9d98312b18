/**
 * @file csvc/store.h
 * @brief The durable store: a SQLite database that journals every accepted
 *        change of an attached roster, desk and KPI reviews, rebuilds them
 *        on open, and never loses an acknowledged change.
 *
 * The store is a journal: each change is one row, appended in the order the
 * changes happened, and attaching an engine replays its rows. Rows are
 * teams and agents (as they stand after each change, keyed by id), events,
 * the desk's configuration (its calendars, SLA policies and reopen and
 * auto-close policies, whole, after each change), reviews, ratings and
 * objective values. Events and configuration replay in their order, so a
 * rebuilt desk equals the live one (same csvc_desk_checksum(), SLA clocks
 * and metrics), whenever it was configured.
 *
 * The store follows each engine through an internal journal, not through
 * the engine's public callback: csvc_roster_set_change_callback(),
 * csvc_desk_set_event_callback() and csvc_kpi_review_set_change_callback()
 * stay the application's, before and after attaching. For each change the
 * journal runs first, then the application's callback; a change either
 * refuses is undone. The application's callback hears of changes made
 * through the engine's own API, not of rows the store replays.
 *
 * Durability contract: once an engine is attached, a call that changes it
 * and returns ::CSVC_OK has its row committed (outside a batch) or
 * committed with the batch (inside one). A commit that fails (disk full,
 * I/O error, busy past the timeout) makes the call fail and undoes the
 * change in memory, so memory and disk always agree. (A commit can fail
 * after the application's callback accepted the change: the call then
 * returns the failure.)
 *
 * Several processes (backend workers on one host) may open the same
 * database; each appends under SQLite's write lock, and
 * csvc_store_refresh() applies what the others appended.
 * - Roster and review changes first catch up, under the lock, with what the
 *   others stored, and are checked against that: two processes adding
 *   agents both keep theirs; a review closed by one refuses ratings in all.
 * - Ticket events carry versions (the ticket's event count): an event based
 *   on a stale version is refused with ::CSVC_E_CONFLICT after that ticket
 *   is refreshed from the database, so the caller can look at the new state
 *   and retry. Desk groups (imports, auto-close) and batches catch up before
 *   they start and cannot conflict.
 * - Writers take turns: before SQLite's write lock, each queues at a
 *   turnstile of byte locks on a sidecar file `<database>-lock` (kept
 *   beside the `-wal` and `-shm` files; delete them together), so a writer
 *   that just committed cannot take the lock again ahead of one that waited,
 *   and no writer waits out busy_timeout_ms while others commit. A process
 *   that dies releases its place. Without write access to the directory the
 *   sidecar is skipped and only SQLite's own (unfair) busy handler remains.
 *
 * Lifetime: a roster, desk or review may be freed while attached; the store
 * then forgets it (free the desk and reviews before their roster). A store
 * closed first leaves them usable, no longer persisted.
 *
 * The database runs in WAL mode with foreign keys on and a busy timeout.
 * The default synchronous mode is FULL: a commit survives a power loss, not
 * only a process crash (NORMAL, which WAL makes safe against process crashes
 * only, is available for bulk work).
 *
 * Thread-safety: one store is not thread-safe; use one store per thread or
 * process.
 */
#ifndef CSVC_STORE_H
#define CSVC_STORE_H

#include "common.h"
#include "desk.h"
#include "incentive.h"
#include "kpi.h"
#include "roster.h"
#include "training.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An opaque store. */
typedef struct csvc_store csvc_store;

/** SQLite's synchronous setting for commits. */
typedef enum csvc_sync_mode {
    CSVC_SYNC_NORMAL = 1, /**< WAL + NORMAL: safe against process crashes */
    CSVC_SYNC_FULL = 2    /**< WAL + FULL: also against power loss (default) */
} csvc_sync_mode;

/** The schema version this library writes. */
#define CSVC_STORE_SCHEMA_VERSION 7

/** Bytes of a chain hash (SHA-256 or HMAC-SHA-256). */
#define CSVC_STORE_HASH_SIZE 32

#define CSVC_STORE_OPTIONS_VERSION 2

/** Options of csvc_store_open(). */
typedef struct csvc_store_options {
    uint32_t version;                /**< ::CSVC_STORE_OPTIONS_VERSION (1 has no key) */
    const csvc_allocator *allocator; /**< NULL for the system allocator */
    int32_t busy_timeout_ms;         /**< longest wait for the turn to write, in
                                          milliseconds, then ::CSVC_E_BUSY;
                                          default 5000 */
    csvc_sync_mode sync;             /**< default ::CSVC_SYNC_FULL */
    int32_t create;                  /**< 1 (default): make a new store of a missing or
                                          empty file; 0: such a file is an error */
    /** A secret key (any bytes, NULL for none; @since 0.6): the chain becomes
     *  HMAC-SHA-256, which only holders of the key can compute. A store made
     *  with a key must always be opened with it (::CSVC_E_PERM otherwise);
     *  a store made without one cannot take one later (::CSVC_E_INVALID). */
    const void *key;
    size_t key_size;                 /**< bytes of `key`; 0 for none */
} csvc_store_options;

#define CSVC_STORE_OPTIONS_INIT \
    { CSVC_STORE_OPTIONS_VERSION, NULL, 5000, CSVC_SYNC_FULL, 1, NULL, 0 }
/** Sets `options` to ::CSVC_STORE_OPTIONS_INIT (NULL is a no-op). @since 0.3 */
CSVC_API void csvc_store_options_init(csvc_store_options *options);

/**
 * Opens (or creates) the database at `path` (":memory:" for a private
 * in-memory database), migrating an older schema forward. Creating and
 * migrating run in one exclusive transaction, so processes that open a new
 * file at the same moment all succeed.
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION (options, or a database written
 *         by a newer schema), ::CSVC_E_NOTFOUND (no such file and
 *         create = 0), ::CSVC_E_IO (cannot open or create),
 *         ::CSVC_E_PERM (a read-only file or directory; a keyed store
 *         opened without its key or with another), ::CSVC_E_CORRUPT (an
 *         empty file without create, a file that is not a libcsvc
 *         database, a damaged schema), ::CSVC_E_BUSY (locked past the
 *         timeout), ::CSVC_E_NOMEM. The message is in csvc_last_errmsg().
 * @since 0.3
 */
CSVC_API csvc_status csvc_store_open(const char *path, const csvc_store_options *options,
                                     csvc_store **out);
/**
 * Closes the store: detaches the roster, desk and reviews (they stay
 * usable, no longer persisted; their application callbacks stay as they
 * are) and rolls back an open batch. NULL is a no-op.
 * @since 0.3
 */
CSVC_API void csvc_store_close(csvc_store *store);
/** The message of the store's last failed call, "" if none. @since 0.3 */
CSVC_API const char *csvc_store_errmsg(const csvc_store *store);
/** The schema version of the open database. @since 0.3 */
CSVC_API csvc_status csvc_store_schema_version(const csvc_store *store, int32_t *out);

/**
 * Attaches a roster: an empty roster is loaded from the database (all or
 * nothing); a non-empty roster is written to an empty database. From then
 * on every roster change is committed before the call that made it
 * returns. Attaching a non-empty roster to a database that already has one
 * is ::CSVC_E_CONFLICT; a roster attached to another store is
 * ::CSVC_E_INVALID. Roster changes inside a batch are ::CSVC_E_BUSY.
 * @since 0.3
 */
CSVC_API csvc_status csvc_store_attach_roster(csvc_store *store, csvc_roster *roster);

/**
 * Attaches an empty desk (over the attached roster): replays the stored
 * configuration and events into it, in their order, then persists every
 * event and every configuration change it accepts.
 *
 * Configuration given before attaching: a desk that still has the default
 * configuration takes the stored one; a configured desk's configuration
 * becomes current (journaled after the stored rows) unless the store's
 * latest is the same. Either way the stored events replay under the
 * configuration that was current when each happened. (A store written
 * before 0.6 holds no configuration: its events replay under the one the
 * desk is given.)
 * @return ::CSVC_E_INVALID (desk not empty, no roster attached, or the
 *         desk attached to another store), ::CSVC_E_CORRUPT (a stored row
 *         does not apply; the desk is left as it was given), ...
 * @since 0.3
 */
CSVC_API csvc_status csvc_store_attach_desk(csvc_store *store, csvc_desk *desk);

/**
 * Attaches a KPI review over the attached roster (a review collects
 * ratings over days). A review with the same id in the database is loaded
 * into `review`, which must then hold no ratings and have the same period
 * and model version (::CSVC_E_CONFLICT otherwise); a new one is written
 * with its model document, ratings and objective values. From then on
 * every rating, objective value and the closing are committed before the
 * call that made them returns. Several reviews may be attached. Review
 * changes inside a batch are ::CSVC_E_BUSY. If loading fails
 * (::CSVC_E_CORRUPT) the review may hold part of the stored ratings: free
 * it.
 * @since 0.5
 */
CSVC_API csvc_status csvc_store_attach_review(csvc_store *store, csvc_kpi_review *review);

/**
 * @name Incentives
 * Plan versions, approved statements and the points ledger are rows of the
 * chain like the rest (csvc_store_verify() covers them).
 */
/**@{*/

/**
 * Stores a plan version: its JSON document exactly as it was loaded. A
 * version is immutable: storing the same id and version again is ::CSVC_OK
 * when the document is byte-for-byte the same (nothing is written) and
 * ::CSVC_E_EXISTS when it differs (a change needs a new version).
 * @return ::CSVC_E_NULL, ::CSVC_E_EXISTS, ::CSVC_E_BUSY (inside a batch),
 *         the database's failures.
 * @since 0.7
 */
CSVC_API csvc_status csvc_store_put_plan(csvc_store *store, const csvc_incentive_plan *plan);

/**
 * Loads version `version` of plan `plan_id` (0: the highest stored) as
 * csvc_incentive_plan_load_json_buffer() would.
 * @return ::CSVC_E_NULL, ::CSVC_E_INVALID (the id), ::CSVC_E_RANGE
 *         (a negative version), ::CSVC_E_NOTFOUND, ::CSVC_E_NOMEM.
 * @since 0.7
 */
CSVC_API csvc_status csvc_store_load_plan(csvc_store *store, const char *plan_id, int32_t version,
                                          const csvc_allocator *allocator,
                                          csvc_incentive_plan **out);

/**
 * Approves the statement of `agent_id` in `result` (NULL: every statement)
 * as `approver` at `approved_at`, storing it as exported (the statement
 * object of csvc_incentive_result_export_json_buffer()) with the plan
 * version it was evaluated with (stored too, as csvc_store_put_plan(),
 * when it is not yet). An approved statement is immutable: approving the
 * same plan version, period and agent again is ::CSVC_OK when the
 * statement is the same (nothing is written) and ::CSVC_E_CONSTRAINT when
 * it differs; a correction needs a new plan version, and the old statement
 * stays readable. All or nothing, in one transaction.
 * @return ::CSVC_E_NULL, ::CSVC_E_INVALID, ::CSVC_E_ENCODING or
 *         ::CSVC_E_TOOLONG (the approver's id, as csvc_id_check()),
 *         ::CSVC_E_RANGE (approved_at outside years 1..9999),
 *         ::CSVC_E_NOTFOUND (no statement of that agent), ::CSVC_E_EXISTS
 *         (the plan version is stored with another document),
 *         ::CSVC_E_CONSTRAINT, ::CSVC_E_BUSY (inside a batch), the
 *         database's failures.
 * @since 0.7
 */
CSVC_API csvc_status csvc_store_approve_statements(csvc_store *store,
                                                   const csvc_incentive_result *result,
                                                   const char *agent_id, const char *approver,
                                                   int64_t approved_at);

/**
 * The approved statements of version `version` of plan `plan_id` for
 * `period`, in the order they were approved: `{"plan", "version",
 * "currency", "period": {"start", "end"}, "statements": [{"approved_by",
 * "approved_at", "statement": {...}}]}`, an empty list when none is.
 * Released with csvc_free().
 * @return ::CSVC_E_NULL, ::CSVC_E_INVALID (the id), ::CSVC_E_RANGE
 *         (version below 1), ::CSVC_E_NOTFOUND (no such plan version),
 *         ::CSVC_E_NOMEM.
 * @since 0.7
 */
CSVC_API csvc_status csvc_store_export_statements_json(csvc_store *store, const char *plan_id,
                                                       int32_t version, const csvc_period *period,
                                                       char **out, size_t *size);

/**
 * Attaches a points ledger: from then on every accrual, redemption and
 * commit is a row committed before the call returns (a commit's movements
 * in one transaction), after catching up, under the write lock, with the
 * movements other processes stored, so the checks (time order, balance)
 * see them all. A store holds one ledger: a database with movements loads
 * them into an empty ledger (::CSVC_E_CONFLICT for a ledger with
 * movements); an empty one takes the ledger's movements. The expiry
 * (csvc_points_ledger_new()) is kept with the data: a ledger with another
 * is ::CSVC_E_CONFLICT. Movements inside a batch are ::CSVC_E_BUSY. On a
 * failure the ledger is as given, except a ::CSVC_E_CORRUPT load, which
 * leaves it empty.
 * @return ::CSVC_E_NULL, ::CSVC_E_EXISTS (a ledger is attached),
 *         ::CSVC_E_INVALID (the ledger is attached to another store),
 *         ::CSVC_E_CONFLICT, ::CSVC_E_BUSY, ::CSVC_E_CORRUPT.
 * @since 0.7
 */
CSVC_API csvc_status csvc_store_attach_points(csvc_store *store, csvc_points_ledger *ledger);

/**
 * Attaches a training plan over the store's roster. The plan must be
 * empty: the stored changes (courses, requirements, sessions, enrolments,
 * records, completions, promotion rules) are replayed into it, and from
 * then on every change is a row committed before the call returns (an
 * import or a requirements document in one transaction), after catching
 * up, under the write lock, with the changes other processes stored. A
 * refused change stores nothing. Changes inside a batch are ::CSVC_E_BUSY.
 * If a stored change does not apply (::CSVC_E_CORRUPT) the plan may hold
 * part of them: free it.
 * @return ::CSVC_E_NULL, ::CSVC_E_EXISTS (a plan is attached),
 *         ::CSVC_E_INVALID (another roster, or attached to another store),
 *         ::CSVC_E_CONFLICT (the plan is not empty), ::CSVC_E_BUSY,
 *         ::CSVC_E_CORRUPT.
 * @since 0.7
 */
CSVC_API csvc_status csvc_store_attach_training(csvc_store *store, csvc_training *training);
/**@}*/

/**
 * Batches: between begin and commit the events of the attached desk are
 * written in one transaction (much faster for bulk work). Rollback undoes
 * the batch in memory and on disk. Batches do not nest (::CSVC_E_BUSY).
 * @since 0.3
 */
CSVC_API csvc_status csvc_store_begin(csvc_store *store);
/** Commits the open batch; on failure the batch is undone in memory too. @since 0.3 */
CSVC_API csvc_status csvc_store_commit(csvc_store *store);
/** Undoes the open batch in memory and on disk. @since 0.3 */
CSVC_API csvc_status csvc_store_rollback(csvc_store *store);

/**
 * Applies what other processes stored since the last load or refresh: to
 * the attached roster their new and changed teams and agents, then to the
 * attached desk their configuration changes and events, then to each
 * attached review its ratings, values and closing, then to the attached
 * points ledger its movements and to the attached training plan its
 * changes; `*applied` (may be
 * NULL) counts the events. ::CSVC_E_INVALID when nothing is attached,
 * ::CSVC_E_BUSY inside a batch.
 * @since 0.3
 */
CSVC_API csvc_status csvc_store_refresh(csvc_store *store, uint64_t *applied);

/**
 * Checks the chain: recomputes the hash of every stored row (teams,
 * agents, events, desk configuration, reviews, ratings, objective values,
 * plans, approved statements, points movements, training changes)
 * in sequence order, from one snapshot, and compares its end with the head
 * that every commit records, after checking the file's own structure
 * (SQLite's quick_check: pages, and indexes agreeing with their tables).
 * ::CSVC_OK when intact; ::CSVC_E_CORRUPT when the structure is damaged
 * (`*first_bad` 0), or a row was altered, inserted, removed or reordered,
 * or the head is missing or does not match, with `*first_bad` (may be
 * NULL) set to the sequence number of the first bad row; the message says
 * what was found.
 *
 * What ::CSVC_OK proves:
 * - without a key: the rows are exactly a chain some libcsvc wrote, with
 *   nothing removed after the head. It catches damage and careless edits,
 *   not a forger: anyone who can write the file can recompute the whole
 *   chain, or cut its newest rows and rewrite the head;
 * - with a key (::csvc_store_options): nobody without the key can alter or
 *   insert a row, or rewrite the head, without this showing. A forger can
 *   still cut the newest rows and put back a head the store once had;
 * - against both, keep the head (csvc_store_head()) somewhere else from
 *   time to time and check it with csvc_store_verify_anchor().
 * @since 0.3
 */
CSVC_API csvc_status csvc_store_verify(csvc_store *store, uint64_t *first_bad);

/**
 * The head of the chain: the sequence number of the newest row (0 for an
 * empty store) and its hash, to keep outside the database as an anchor.
 * @since 0.6
 */
CSVC_API csvc_status csvc_store_head(csvc_store *store, uint64_t *seq,
                                     uint8_t hash[CSVC_STORE_HASH_SIZE]);

/**
 * csvc_store_verify(), and also that row `seq` is still there with the
 * hash an earlier csvc_store_head() gave: ::CSVC_E_CORRUPT when the chain
 * was cut before it or rewritten. ::CSVC_E_RANGE for seq 0.
 * @since 0.6
 */
CSVC_API csvc_status csvc_store_verify_anchor(csvc_store *store, uint64_t seq,
                                              const uint8_t hash[CSVC_STORE_HASH_SIZE],
                                              uint64_t *first_bad);

/** Number of events stored. @since 0.3 */
CSVC_API csvc_status csvc_store_event_count(csvc_store *store, uint64_t *out);

/** Online backup of the whole database to `path` (SQLite backup API). @since 0.3 */
CSVC_API csvc_status csvc_store_backup(csvc_store *store, const char *path);

/**
 * Writes the stored event log as CSV in the format of
 * csvc_desk_import_events_csv().
 * @since 0.3
 */
CSVC_API csvc_status csvc_store_export_events_csv(csvc_store *store, const char *path);

#ifdef __cplusplus
}
#endif

#endif /* CSVC_STORE_H */
