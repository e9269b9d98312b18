/* Desk internals, shared by the desk's files (apply, log, SLA, routing,
 * metrics, import/export).
 *
 * Layout: tickets are dense indexes (creation order). Their hot state is one
 * cs_ticket (at most 112 bytes); ids live in an arena and the id map. The
 * log is an array of fixed-size cs_event records, each linked to the
 * previous event of its ticket, so a ticket's history is a short backward
 * walk and the whole log is a linear scan. Agents and teams are roster
 * indexes; customer ids, resolution codes and comments are interned in a
 * string pool. */
#ifndef CS_DESK_INTERNAL_H
#define CS_DESK_INTERNAL_H

#if !defined(CS_MODULE_DESK) && !defined(CS_WHITEBOX)
#error "desk_internal.h is private to src/desk: other modules use desk_seam.h or csvc/desk.h"
#endif

#include "csvc/desk.h"
#include "alloc.h"
#include "desk_seam.h"
#include "errbuf.h"
#include "journal.h"
#include "roster_seam.h"
#include "strmap.h"
#include "strpool.h"

#include <stdint.h>

/* ---- tickets ------------------------------------------------------------- */

/* Ticket flags. */
#define CS_TF_FIRST_CONTACT 0x01u /* the latest resolution was first-contact */
#define CS_TF_PAUSED 0x02u        /* SLA clocks stopped since pause_start */
#define CS_TF_AWAITING 0x04u      /* a customer reply awaits an agent reply */
#define CS_TF_NEXT_BREACHED 0x08u /* some next-response target was missed */

/* A ticket's hot state. Times are CSVC_TIME_NONE until they happen; paused
 * durations are business seconds of the ticket's team calendar. */
typedef struct cs_ticket {
    int64_t created;
    int64_t first_response;  /* first agent reply */
    int64_t first_resolved;  /* first resolution */
    int64_t resolved;        /* latest resolution */
    int64_t pause_start;     /* valid while CS_TF_PAUSED */
    int64_t awaiting_since;  /* valid while CS_TF_AWAITING: the customer reply */
    uint32_t customer;       /* string pool index or CS_NONE */
    uint32_t team;           /* roster team index */
    uint32_t agent;          /* roster agent index or CS_NONE */
    uint32_t related;        /* ticket index or CS_NONE */
    uint32_t last_event;     /* log index of the ticket's latest event */
    uint32_t event_count;
    int32_t paused;                 /* closed pauses so far */
    int32_t paused_first_response;  /* pause time up to the first reply (an open pause too) */
    int32_t paused_first_resolved;  /* `paused` when first resolved */
    /* Pause time that pushed each clock's due time out: only pauses that
     * began before the clock's due count (a missed due stays fixed). */
    int32_t shift_first, shift_resolution, shift_next;
    uint8_t state;           /* csvc_ticket_state */
    uint8_t channel, category, priority;
    uint8_t tier;            /* 1..3 */
    uint8_t csat;            /* 0 or 1..5 */
    uint8_t complaints;      /* saturating */
    uint8_t reopen_count;    /* saturating */
    uint8_t transfer_count;  /* saturating */
    uint8_t pend_reason;     /* csvc_pend_reason while pending */
    uint8_t flags;           /* CS_TF_* */
} cs_ticket;

static inline int cs_state_is_open(uint8_t state)
{
    return state <= CSVC_STATE_PENDING;
}

/* ---- the log ------------------------------------------------------------- */

/* One event. Payload slots by type:
 *   created:     a = customer (pool), b = team, c = related ticket,
 *                value = channel | category << 4 | priority << 8
 *   assigned:    a = agent
 *   transferred: a = agent or CS_NONE, b = team or CS_NONE (the new team)
 *   escalated:   value = the new tier
 *   pended:      b = department (pool) or CS_NONE, value = csvc_pend_reason
 *   resolved:    b = code (pool) or CS_NONE, value = first-contact 0/1
 *   rated:       b = comment (pool) or CS_NONE, value = CSAT
 *   cancelled:   c = related ticket or CS_NONE
 * Unused slots are CS_NONE / 0. actor is an agent index or CS_NONE. */
typedef struct cs_event {
    int64_t time;
    uint32_t ticket;
    uint32_t prev;  /* previous event of the same ticket, or CS_NONE */
    uint32_t actor;
    uint32_t a, b, c;
    uint16_t value;
    uint8_t type;   /* csvc_event_type */
} cs_event;

/* ---- SLA policies and calendars ------------------------------------------ */

typedef struct cs_sla_policy {
    uint32_t team;      /* CS_NONE = any */
    int32_t priority;   /* -1 = any */
    int32_t category;   /* -1 = any */
    int64_t first_response, next_response, resolution;
    uint32_t pause_states;
} cs_sla_policy;

/* The OLA of a department named by internal pends. */
typedef struct cs_ola {
    uint32_t department; /* string pool index */
    int64_t target;      /* business seconds, > 0 */
} cs_ola;

/* Per-team settings, indexed by roster team index (grown lazily). */
typedef struct cs_team_settings {
    csvc_calendar *calendar; /* owned copy or NULL (desk default) */
    int64_t reopen_window;   /* -1 = desk default */
    int64_t auto_close_after;
    uint32_t round_robin;    /* next position for round-robin routing */
} cs_team_settings;

/* Where a group started: what a rollback truncates back to. */
typedef struct cs_desk_mark {
    size_t nticket, nevent, nundo;
} cs_desk_mark;

#define CS_DESK_MAX_GROUPS 8

struct csvc_desk {
    cs_alloc alloc;
    cs_errbuf err;
    const csvc_roster *roster;

    cs_ticket *tickets;
    char **ticket_ids; /* cold: id string of each ticket, in the arena */
    size_t nticket, cap_tickets;
    cs_strmap ticket_map; /* id -> ticket index */
    cs_arena id_arena;
    cs_strpool strings;   /* customers, codes, comments */

    cs_event *log;
    size_t nevent, cap_events;

    cs_sla_policy *policies;
    size_t npolicy, cap_policies;
    cs_ola *olas;   /* departments' OLAs, in the order first set (handoff.c) */
    size_t nola;
    cs_team_settings *teams;
    size_t nteams_settings;
    csvc_calendar *default_calendar; /* owned copy or NULL (always open) */
    int64_t reopen_window, auto_close_after;

    uint32_t *open_by_agent; /* open tickets assigned to each agent (routing) */
    size_t nagents_tracked;

    csvc_event_fn callback; /* the application's */
    void *callback_data;
    cs_journal journal;     /* the store's, when one is attached */
    int busy;               /* inside the event callback or a foreach visitor */

    /* Open all-or-nothing groups, innermost last (see cs_desk_txn_begin). */
    cs_desk_mark marks[CS_DESK_MAX_GROUPS];
    int txn_depth;
    struct cs_undo_entry *undo; /* old states of tickets changed inside groups */
    size_t nundo, cap_undo;

    /* Scratch memory of the metrics pass, kept between calls: a month of a
     * large desk needs hundreds of MB, and fresh pages cost the kernel more
     * to clear than the pass costs to run. */
    void *scratch[2];
    size_t scratch_size[2];
};

/* A scratch buffer of at least `size` bytes (slot 0 or 1), reused between
 * calls; NULL when out of memory (the old buffer is kept). Not zeroed. */
void *cs_desk_scratch(const csvc_desk *d, int slot, size_t size);

/* Calls into a desk from inside its own event callback or a foreach
 * visitor are refused: the desk is in the middle of a change or a walk. */
#define CS_DESK_REFUSE_IF_BUSY(d, fn)                                                          \
    do {                                                                                       \
        if ((d)->busy)                                                                         \
            return cs_fail(&(d)->err, CSVC_E_BUSY,                                             \
                           "%s: called from inside the desk's own event callback or a "       \
                           "foreach visitor",                                                  \
                           fn);                                                                \
    } while (0)

/* A configuration change, journaled like an event when a store is
 * attached: `apply` makes it, `undo` takes it back when the journal
 * refuses it (the failure is then reported for `fn`). */
csvc_status cs_desk_change_config(csvc_desk *d, const char *fn,
                                  void (*apply)(csvc_desk *, void *),
                                  void (*undo)(csvc_desk *, void *), void *arg);

/* Validated lookups (CS_NONE when absent). */
uint32_t cs_desk_find_ticket(const csvc_desk *d, const char *id);

/* Makes the per-team and per-agent arrays cover the roster's current
 * teams and agents. Returns CSVC_OK or CSVC_E_NOMEM. */
csvc_status cs_desk_sync_roster(csvc_desk *d);

/* The calendar of a team (its own, else the desk default; may be NULL:
 * always open). */
const csvc_calendar *cs_desk_calendar(const csvc_desk *d, uint32_t team);
/* Business seconds of the team's calendar in [from, to) (0 when to <= from). */
int64_t cs_desk_business(const csvc_desk *d, uint32_t team, int64_t from, int64_t to);
/* The instant `seconds` business seconds after `from` on the team's calendar. */
int64_t cs_desk_add_business(const csvc_desk *d, uint32_t team, int64_t from, int64_t seconds);
/* The policy that applies to a ticket, or NULL when none matches. */
const cs_sla_policy *cs_desk_policy(const csvc_desk *d, const cs_ticket *t);
/* Whether the ticket's clocks stop while pending for `reason`. */
int cs_desk_pauses(const csvc_desk *d, const cs_ticket *t, uint8_t reason);
/* Reopen window and auto-close delay of a team. */
int64_t cs_desk_reopen_window(const csvc_desk *d, uint32_t team);
int64_t cs_desk_auto_close_after(const csvc_desk *d, uint32_t team);

/* Fills the public view of log entry `index` (0-based). */
void cs_desk_event_view(const csvc_desk *d, size_t index, csvc_event *out);

/* All-or-nothing groups of events (imports, auto-close, store batches).
 * Inside a group the old state of every changed existing ticket is kept; rollback
 * restores the desk exactly as it was when that group began (tickets, log,
 * id map, routing counts). Groups nest up to CS_DESK_MAX_GROUPS deep (an
 * import inside a store batch); begin fails with CSVC_E_BUSY beyond that.
 * Commit can fail when the journal cannot commit: the group is then
 * rolled back and the status returned. (Declared in desk_seam.h.) */

/* SLA clocks of ticket `index` at `now`, exactly as csvc_desk_sla()
 * reports them (implemented in sla.c; metrics use it for SLA compliance). */
void cs_desk_sla_eval(const csvc_desk *d, uint32_t index, int64_t now, csvc_sla_status *out);
/* 1 when an agent reply at `time` misses the next-response target of the
 * awaiting cycle of `t` (CS_TF_AWAITING; 0 otherwise or without a target):
 * the due is add_business(awaiting_since, target + shift_next), and a pause
 * in progress freezes the clock at pause_start. This is the rule
 * csvc_desk_sla() reports; apply.c sets CS_TF_NEXT_BREACHED with it (sla.c). */
int cs_sla_next_missed(const csvc_desk *d, const cs_ticket *t, int64_t time);
/* Closes a running pause at `time`: adds it to `paused`, and to the shift
 * of each running clock whose due had not passed when the pause began. */
void cs_sla_end_pause(const csvc_desk *d, cs_ticket *t, int64_t time);
/* The first agent reply at `time`, during a pause or not: the first-response
 * clock stops frozen at the pause start (the open pause counts as pause). */
void cs_sla_first_reply(const csvc_desk *d, cs_ticket *t, int64_t time);

#endif
