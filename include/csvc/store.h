/**
 * @file csvc/store.h
 * @brief The durable store: a SQLite database that journals every accepted
 *        change of an attached roster and desk, rebuilds them on open, and
 *        never loses an acknowledged event.
 *
 * Durability contract: once a desk is attached, a mutating desk call that
 * returns ::CSVC_OK has its event committed to the database (outside a
 * batch), or committed with the batch (inside one). A commit that fails
 * (disk full, I/O error, busy past the timeout) makes the desk call fail
 * and undoes the event in memory, so memory and disk always agree.
 *
 * Several processes (backend workers on one host) may open the same
 * database. Each appends under SQLite's write lock; csvc_store_refresh()
 * applies what the others appended. Every ticket carries a version (its
 * event count): an event based on a stale version is refused with
 * ::CSVC_E_CONFLICT after that ticket is refreshed from the database, so
 * the caller can look at the new state and retry.
 *
 * Each stored event carries a SHA-256 chain hash over the previous hash and
 * the event's canonical bytes; csvc_store_verify() finds the first event
 * that was altered, removed or reordered.
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
#include "kpi.h"
#include "roster.h"

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
#define CSVC_STORE_SCHEMA_VERSION 3

#define CSVC_STORE_OPTIONS_VERSION 1

/** Options of csvc_store_open(). */
typedef struct csvc_store_options {
    uint32_t version;                /**< ::CSVC_STORE_OPTIONS_VERSION */
    const csvc_allocator *allocator; /**< NULL for the system allocator */
    int32_t busy_timeout_ms;         /**< wait for other writers; default 5000 */
    csvc_sync_mode sync;             /**< default ::CSVC_SYNC_FULL */
    int32_t create;                  /**< 1 (default): create a missing database */
} csvc_store_options;

#define CSVC_STORE_OPTIONS_INIT { CSVC_STORE_OPTIONS_VERSION, NULL, 5000, CSVC_SYNC_FULL, 1 }
CSVC_API void csvc_store_options_init(csvc_store_options *options);

/**
 * Opens (or creates) the database at `path` (":memory:" for a private
 * in-memory database), migrating an older schema forward.
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION (options, or a database written
 *         by a newer schema), ::CSVC_E_IO / ::CSVC_E_PERM (cannot open or
 *         create), ::CSVC_E_CORRUPT (not a libcsvc database or damaged),
 *         ::CSVC_E_BUSY (locked past the timeout), ::CSVC_E_NOMEM.
 *         The message is in csvc_last_errmsg().
 */
CSVC_API csvc_status csvc_store_open(const char *path, const csvc_store_options *options,
                                     csvc_store **out);
/**
 * Closes the store: detaches the roster and desk (they stay usable, no
 * longer persisted) and rolls back an open batch. NULL is a no-op.
 */
CSVC_API void csvc_store_close(csvc_store *store);
/** The message of the store's last failed call, "" if none. */
CSVC_API const char *csvc_store_errmsg(const csvc_store *store);
/** The schema version of the open database. */
CSVC_API csvc_status csvc_store_schema_version(const csvc_store *store, int32_t *out);

/**
 * Attaches a roster: an empty roster is loaded from the database; a
 * non-empty roster is written to an empty database. From then on every
 * roster change is persisted (csvc_roster_set_change_callback()). Attaching
 * a non-empty roster to a database that already has one is ::CSVC_E_CONFLICT.
 */
CSVC_API csvc_status csvc_store_attach_roster(csvc_store *store, csvc_roster *roster);

/**
 * Attaches an empty desk (over the attached roster): replays the stored
 * events into it, then persists every event it accepts (the desk's event
 * callback is the store's from now on). Desk configuration (calendars, SLA
 * policies, reopen policies) is the application's and is not stored.
 * @return ::CSVC_E_INVALID (desk not empty, or no roster attached),
 *         ::CSVC_E_CORRUPT (a stored event does not apply), ...
 */
CSVC_API csvc_status csvc_store_attach_desk(csvc_store *store, csvc_desk *desk);

/**
 * Attaches a KPI review over the attached roster (a review collects
 * ratings over days). A review with the same id in the database is loaded
 * into `review`, which must then hold no ratings and have the same period
 * and model version (::CSVC_E_CONFLICT otherwise); a new one is written
 * with its model document. From then on every rating, objective value and
 * the closing are committed before the call that made them returns.
 * Several reviews may be attached; a review must outlive the store or be
 * freed only after csvc_store_close(). Review changes inside a batch are
 * ::CSVC_E_BUSY. If loading fails (::CSVC_E_CORRUPT) the review may hold
 * part of the stored ratings: free it.
 */
CSVC_API csvc_status csvc_store_attach_review(csvc_store *store, csvc_kpi_review *review);

/**
 * Batches: between begin and commit the events of the attached desk are
 * written in one transaction (much faster for bulk work). Rollback undoes
 * the batch in memory and on disk. Batches do not nest (::CSVC_E_BUSY).
 */
CSVC_API csvc_status csvc_store_begin(csvc_store *store);
CSVC_API csvc_status csvc_store_commit(csvc_store *store);
CSVC_API csvc_status csvc_store_rollback(csvc_store *store);

/**
 * Applies what other processes stored since the last load or refresh: to
 * the attached roster their new and changed teams and agents, then to the
 * attached desk their events; `*applied` (may be NULL) counts the events.
 */
CSVC_API csvc_status csvc_store_refresh(csvc_store *store, uint64_t *applied);

/**
 * Walks the event chain and compares its end with the chain head recorded
 * by every commit (so removing the newest events shows too). ::CSVC_OK
 * when intact; ::CSVC_E_CORRUPT when an event was altered, removed or
 * reordered, with `*first_bad` (may be NULL) set to the sequence number of
 * the first bad event and the message saying which it was. A database
 * written before the head was recorded is checked by the walk alone.
 */
CSVC_API csvc_status csvc_store_verify(csvc_store *store, uint64_t *first_bad);

/** Number of events stored. */
CSVC_API csvc_status csvc_store_event_count(csvc_store *store, uint64_t *out);

/** Online backup of the whole database to `path` (SQLite backup API). */
CSVC_API csvc_status csvc_store_backup(csvc_store *store, const char *path);

/**
 * Writes the stored event log as CSV in the format of
 * csvc_desk_import_events_csv().
 */
CSVC_API csvc_status csvc_store_export_events_csv(csvc_store *store, const char *path);

#ifdef __cplusplus
}
#endif

#endif /* CSVC_STORE_H */
