/* The journal: how a durable store follows an engine's changes.
 *
 * Every engine (roster, desk, KPI review and each later one) has one
 * cs_journal besides the application's public callback, so attaching a
 * store never takes the application's slot and the application cannot
 * switch journaling off. A change made through an engine's API runs:
 *   1. cs_journal_open()     outside a group, on_group_begin(CS_JOURNAL_SINGLE):
 *                            the sink takes its write lock; a failure refuses
 *                            the change before anything changed;
 *   2. the engine applies the change in memory;
 *   3. cs_journal_change()   on_change(kind, detail): the sink writes it;
 *   4. the application's callback;
 *   5. cs_journal_close()    outside a group, on_group_end(SINGLE, commit).
 * A refusal at 3, 4 or 5 makes the engine undo the change in memory; after
 * a refusal at 3 or 4 it closes with commit = 0 and then calls
 * cs_journal_refused(), so the sink can catch up with what caused it (a
 * version conflict). Journal first: a change the journal cannot write is
 * refused before the application hears of it. A failed commit at 5 is
 * refused after the application's callback accepted it (the call then
 * returns the failure).
 *
 * Groups (an import, an auto-close run, a store batch) bracket many
 * changes: cs_journal_group_begin() and _end() call on_group_begin(depth)
 * and on_group_end(depth, commit) with depth 0 for the outermost; inside a
 * group steps 1 and 5 are left out.
 *
 * While muted (the store replaying its rows into the engine) nothing is
 * journaled and the engine does not call the application's callback. */
#ifndef CS_UTIL_JOURNAL_H
#define CS_UTIL_JOURNAL_H

#include "csvc/common.h"

/* The depth told to the group hooks for a single change outside a group. */
#define CS_JOURNAL_SINGLE (-1)

typedef struct cs_journal_ops {
    csvc_status (*on_change)(void *sink, int kind, const void *detail);
    void (*on_refused)(void *sink, int kind, const void *detail);
    csvc_status (*on_group_begin)(void *sink, int depth);
    csvc_status (*on_group_end)(void *sink, int depth, int commit);
    /* The engine is being freed: the sink forgets it. */
    void (*on_detach)(void *sink);
} cs_journal_ops;

typedef struct cs_journal {
    const cs_journal_ops *ops; /* NULL: no journal attached */
    void *sink;
    int depth;  /* open groups */
    int single; /* a single change is open (step 1 ran, step 5 not yet) */
    int muted;
} cs_journal;

void cs_journal_attach(cs_journal *j, const cs_journal_ops *ops, void *sink);
void cs_journal_detach(cs_journal *j);
/* Whether the engine should journal (attached and not muted). */
static inline int cs_journal_active(const cs_journal *j)
{
    return j->ops && !j->muted;
}

csvc_status cs_journal_open(cs_journal *j);
csvc_status cs_journal_change(cs_journal *j, int kind, const void *detail);
/* Step 5; a no-op when no single change is open, so an engine may call it
 * with commit = 0 on every way out of a call. */
csvc_status cs_journal_close(cs_journal *j, int commit);
void cs_journal_refused(cs_journal *j, int kind, const void *detail);
csvc_status cs_journal_group_begin(cs_journal *j);
csvc_status cs_journal_group_end(cs_journal *j, int commit);
/* The engine is freed: tells the sink (on_detach) and detaches. */
void cs_journal_engine_freed(cs_journal *j);

/* Runs an engine's refusal bookkeeping in one place: a non-OK `rc` from the
 * application's callback becomes a library status (positive or unknown
 * values are ::CSVC_E_INVALID). */
csvc_status cs_callback_status(csvc_status rc);

#endif
