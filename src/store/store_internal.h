/* The store's handle and what its files share: store.c (open, batches,
 * refresh, verification), rows.c (appending under the write lock),
 * adapt_roster.c, adapt_desk.c, adapt_review.c, adapt_points.c (each
 * engine's rows and its journal), incentive_rows.c (plans and approved
 * statements). */
#ifndef CS_STORE_INTERNAL_H
#define CS_STORE_INTERNAL_H

#if !defined(CS_MODULE_STORE) && !defined(CS_WHITEBOX)
#error "store_internal.h is private to src/store: other modules use csvc/store.h"
#endif

#include "backend.h"
#include "chain.h"
#include "csvc/store.h"
#include "desk_seam.h"
#include "incentive_seam.h"
#include "training_seam.h"
#include "kpi_seam.h"
#include "roster_seam.h"

/* How far an engine has caught up with the database: every row of its
 * kinds with seq <= seq is applied. Rows this process appended beyond it
 * while other rows came between are listed in `own`, so a pull skips
 * them. */
typedef struct cs_cursor {
    uint64_t seq;
    uint64_t *own; /* ascending */
    size_t nown, cap;
    /* The lock (cs_store.lock_count) under which the cursor caught up: until
     * that lock ends no other process adds rows of its kinds, so its own
     * appends keep it at the head, whatever other engines append between. */
    uint64_t synced_lock;
    /* Where the transaction found it (after its catch-up): a rollback
     * puts it back, since the rows it appended are gone. */
    uint64_t saved_seq;
    size_t saved_nown;
} cs_cursor;

/* An attached review (the sink of its journal). */
typedef struct cs_attached_review {
    struct csvc_store *store;
    csvc_kpi_review *review;
    cs_cursor cursor;
} cs_attached_review;

/* What a rollback to a savepoint must put back in the desk's cursor (only
 * the desk appends inside groups). */
typedef struct cs_store_mark {
    uint64_t desk_seq;
    size_t desk_nown;
} cs_store_mark;

#define CS_STORE_MAX_DEPTH 10 /* a batch, 8 desk groups, one spare */

struct csvc_store {
    cs_alloc alloc;
    cs_errbuf err;
    const cs_backend_ops *ops;
    cs_backend *b;
    cs_chain_key key;

    csvc_roster *roster;
    cs_cursor roster_cursor;
    csvc_desk *desk;
    cs_cursor desk_cursor;
    cs_attached_review **reviews;
    size_t nreviews, cap_reviews;
    csvc_points_ledger *points;
    cs_cursor points_cursor;
    csvc_training *training;
    cs_cursor training_cursor;

    /* The write lock: held from begin to commit of a transaction (a batch,
     * an outermost desk group, or one single change). */
    int locked;
    uint64_t lock_count; /* locks taken so far: names the current one */
    int in_batch;
    int opening_batch; /* the batch's own desk group: the journal stands aside */
    int group_depth;   /* open desk groups inside the transaction */
    cs_store_mark marks[CS_STORE_MAX_DEPTH];
    /* The newest row while the lock is held: the head at the lock, then
     * each appended row. */
    cs_head tail;
    int appended; /* rows appended in this transaction (the head moves) */

    int replaying;     /* applying stored rows: the journals are muted */
    int needs_refresh; /* a version conflict was found */
};

/* ---- rows.c: appending under the lock ----------------------------------- */

/* Takes the write lock and reads the head, where appends continue. */
csvc_status cs_store_lock(csvc_store *s);
/* Remembers every cursor, for a rollback; called once the transaction
 * has caught up. */
void cs_store_save_cursors(csvc_store *s);
/* Records the head and commits (commit = 1), or rolls back; releases the
 * lock either way, and on a rollback or a failed commit puts the cursors
 * back. */
csvc_status cs_store_unlock(csvc_store *s, int commit);
/* Step 1 of an engine's change (util/journal.h): refused inside a batch or
 * another change's transaction ("<what>s are not allowed inside a batch");
 * otherwise takes the lock, catches up through pull(s, arg) and remembers
 * the cursors there, so a rollback keeps what was caught up. */
csvc_status cs_store_begin_change(csvc_store *s, const char *what,
                                  csvc_status (*pull)(csvc_store *s, void *arg), void *arg);
/* Appends a row of the engine whose cursor is `cursor`: gives it the next
 * seq and its chain hash. Needs the lock. */
csvc_status cs_store_append(csvc_store *s, cs_cursor *cursor, cs_row *row);
/* Applies rows after the cursor through `fn` (the rows this process wrote
 * itself are skipped) and moves the cursor past them; under the lock, to
 * the head, where it stays until the lock ends. The journals are muted
 * meanwhile. */
csvc_status cs_store_pull_rows(csvc_store *s, cs_cursor *cursor, uint32_t kinds, const char *review,
                               cs_row_fn fn, void *user_data);
/* Marks a cursor caught up under the current lock at the head (a new
 * engine with no rows in the database yet). */
void cs_cursor_sync(csvc_store *s, cs_cursor *c);
void cs_cursor_free(csvc_store *s, cs_cursor *c);

/* ---- the adapters ---------------------------------------------------------- */

/* Catches the roster up with the database (other processes' changes);
 * the desk and the reviews pull the roster first. */
csvc_status cs_store_pull_roster(csvc_store *s);
csvc_status cs_store_pull_desk(csvc_store *s, uint64_t *applied);
csvc_status cs_store_pull_review(csvc_store *s, cs_attached_review *a);
csvc_status cs_store_pull_points(csvc_store *s);
csvc_status cs_store_pull_training(csvc_store *s);
/* Everything attached, roster first. */
csvc_status cs_store_pull_all(csvc_store *s, uint64_t *applied);

/* Forget the engines (store close, or the engine being freed). */
void cs_store_detach_roster(csvc_store *s);
void cs_store_detach_desk(csvc_store *s);
void cs_store_detach_reviews(csvc_store *s);
void cs_store_detach_points(csvc_store *s);
void cs_store_detach_training(csvc_store *s);

/* Opens a store over any backend (the tests' in-memory fake among them). */
csvc_status cs_store_open_backend(const cs_backend_ops *ops, const char *path,
                                  const csvc_store_options *options, csvc_store **out);

#endif
