/* What the other modules (the store) may use of the desk beyond
 * csvc/desk.h: its journal, replay of stored events, all-or-nothing
 * groups and the encoding of its configuration. */
#ifndef CS_DESK_SEAM_H
#define CS_DESK_SEAM_H

#include "csvc/desk.h"
#include "errbuf.h"
#include "journal.h"
#include "strbuf.h"

#include <stdint.h>

/* ---- the journal (util/journal.h) ----------------------------------------- */

/* Kinds of change the desk journals. */
enum {
    CS_DESK_CHANGE_EVENT = 1, /* detail: const cs_desk_change * */
    CS_DESK_CHANGE_CONFIG = 2 /* detail: NULL; read the configuration now */
};

/* An event the desk accepted: its public view (strings owned by the desk,
 * valid during the call) and the version its ticket has after it (the
 * ticket's event count). */
typedef struct cs_desk_change {
    const csvc_event *event;
    uint64_t version;
} cs_desk_change;

cs_journal *cs_desk_journal(csvc_desk *d);

/* ---- applying events ------------------------------------------------------- */

/* An event that is history (a stored or imported log): rules that depend
 * on the roster's state now (an agent's activity) are not checked again,
 * since the event passed them when it happened. */
#define CS_APPLY_HISTORY 0x1
/* Neither journaled nor told to the application's callback (the store
 * replaying its own rows). */
#define CS_APPLY_QUIET 0x2

/* csvc_desk_apply() with `flags`; CS_APPLY_HISTORY | CS_APPLY_QUIET replays. */
csvc_status cs_desk_apply_event(csvc_desk *d, const csvc_event *ev, int flags);

/* ---- all-or-nothing groups --------------------------------------------------- */

/* Groups of events (imports, auto-close, store batches): rollback restores
 * the desk exactly as it was when the group began. They nest up to 8 deep
 * (CSVC_E_BUSY beyond); each is bracketed in the journal (on_group_begin /
 * on_group_end at its depth). Commit fails when the journal cannot commit:
 * the group is then rolled back and the status returned. */
csvc_status cs_desk_txn_begin(csvc_desk *d);
csvc_status cs_desk_txn_commit(csvc_desk *d);
void cs_desk_txn_rollback(csvc_desk *d);

/* ---- the configuration as text ----------------------------------------------- */

/* Appends the whole configuration (reopen policies, calendars, SLA
 * policies) as text that cs_desk_config_decode() reads back. */
void cs_desk_config_encode(const csvc_desk *d, cs_strbuf *sb);
/* Replaces the whole configuration with the encoded one, all or nothing.
 * ::CSVC_E_CORRUPT naming the bad line, ::CSVC_E_NOMEM. */
csvc_status cs_desk_config_decode(csvc_desk *d, const char *text, cs_errbuf *err);
/* Whether the desk has the configuration of a new desk with default
 * options (nothing to journal). */
int cs_desk_config_is_default(const csvc_desk *d);

#endif
