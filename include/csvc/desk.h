/**
 * @file csvc/desk.h
 * @brief The service desk: tickets, their state machine, the event log,
 *        SLA clocks in business time, routing and service metrics.
 *
 * A desk works on a roster (borrowed: the roster must outlive the desk, and
 * agents and teams may be added to it but never removed). Every accepted
 * change is an event appended to the desk's log; the state of every ticket
 * is a fold over that log, so replaying a desk's events into an empty desk
 * over the same roster rebuilds an identical desk (same csvc_desk_checksum()).
 *
 * State machine (anything else is ::CSVC_E_TRANSITION, nothing changes):
 * @code
 * new|assigned --assign--> assigned --start / agent reply--> in_progress
 * in_progress --pend(customer|internal)--> pending --resume / customer reply--> in_progress
 * in_progress|pending --resolve--> resolved --close (manual, or auto after N days)--> closed
 * resolved|closed (within the reopen window) --reopen--> in_progress    reopen count += 1
 * new|assigned|in_progress|pending --transfer(agent, or team and agent)--> assigned
 * new|assigned|in_progress|pending --transfer(team only)--> new, in the team's queue
 *     (unassigned: csvc_desk_assign() or csvc_desk_route_assign() picks it up)
 * new|assigned|in_progress|pending --escalate--> same state, tier += 1 (1..3)
 * new|assigned --cancel (or merge into another ticket)--> cancelled (terminal)
 * @endcode
 * Who holds a ticket: its assignee is always an agent of its team. Assigning
 * an agent of another team is refused (::CSVC_E_CONSTRAINT: transfer the
 * ticket instead, which moves it to the agent's team), and so is a transfer
 * naming a team and an agent outside it. (A stored or exported log replays
 * without these checks: they depend on the roster as it is now.)
 *
 * Also: agent replies keep in_progress/pending; a customer reply is
 * accepted in any open state (it re-arms the next-response clock); ratings
 * (CSAT 1..5) are accepted on resolved and closed tickets (a later rating
 * replaces the earlier); internal notes and complaints on any ticket but a
 * cancelled one. As a table (events down, states across; open states are
 * new, assigned, in_progress and pending):
 * @code
 *                 new  assigned  in_progress  pending  resolved  closed  cancelled
 * assigned         x      x
 * transferred      x      x          x           x
 * escalated        x      x          x           x
 * started                 x
 * agent_reply             x          x           x
 * customer_reply   x      x          x           x
 * internal_note    x      x          x           x        x        x
 * pended                             x
 * resumed                                        x
 * resolved                           x           x
 * closed                                                  x
 * reopened                                                x        x
 * rated                                                   x        x
 * complaint        x      x          x           x        x        x
 * cancelled        x      x
 * @endcode
 *
 * Time: a ticket's events never go backwards (::CSVC_E_TIME); events of
 * different tickets may arrive in any order.
 *
 * Thread-safety: one desk is not thread-safe.
 */
#ifndef CSVC_DESK_H
#define CSVC_DESK_H

#include "calendar.h"
#include "common.h"
#include "roster.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An opaque desk. */
typedef struct csvc_desk csvc_desk;


/** Contact channels. Values are stable. */
typedef enum csvc_channel {
    CSVC_CHANNEL_PHONE = 0,
    CSVC_CHANNEL_CHAT = 1,
    CSVC_CHANNEL_EMAIL = 2,
    CSVC_CHANNEL_WEB_FORM = 3, /**< web or app form */
    CSVC_CHANNEL_SOCIAL = 4,
    CSVC_CHANNEL_IN_STORE = 5
} csvc_channel;
#define CSVC_CHANNEL_COUNT 6

/** Ticket priorities. Values are stable. */
typedef enum csvc_priority {
    CSVC_PRIORITY_LOW = 0,
    CSVC_PRIORITY_NORMAL = 1,
    CSVC_PRIORITY_HIGH = 2,
    CSVC_PRIORITY_URGENT = 3
} csvc_priority;
#define CSVC_PRIORITY_COUNT 4

/** Ticket states. Values are stable. */
typedef enum csvc_ticket_state {
    CSVC_STATE_NEW = 0,
    CSVC_STATE_ASSIGNED = 1,
    CSVC_STATE_IN_PROGRESS = 2,
    CSVC_STATE_PENDING = 3,
    CSVC_STATE_RESOLVED = 4,
    CSVC_STATE_CLOSED = 5,
    CSVC_STATE_CANCELLED = 6
} csvc_ticket_state;
#define CSVC_STATE_COUNT 7

/** What a pending ticket waits for. */
typedef enum csvc_pend_reason {
    CSVC_PEND_CUSTOMER = 0, /**< waiting on the customer: pauses SLA clocks by default */
    CSVC_PEND_INTERNAL = 1  /**< waiting on another department, a supplier, ... */
} csvc_pend_reason;

/** Event types of the log. Values are stable. */
typedef enum csvc_event_type {
    CSVC_EVENT_CREATED = 0,
    CSVC_EVENT_ASSIGNED = 1,
    CSVC_EVENT_TRANSFERRED = 2,
    CSVC_EVENT_ESCALATED = 3,
    CSVC_EVENT_STARTED = 4,
    CSVC_EVENT_AGENT_REPLY = 5,
    CSVC_EVENT_CUSTOMER_REPLY = 6,
    CSVC_EVENT_INTERNAL_NOTE = 7,
    CSVC_EVENT_PENDED = 8,
    CSVC_EVENT_RESUMED = 9,
    CSVC_EVENT_RESOLVED = 10,
    CSVC_EVENT_CLOSED = 11,
    CSVC_EVENT_REOPENED = 12,
    CSVC_EVENT_RATED = 13,
    CSVC_EVENT_COMPLAINT = 14,
    CSVC_EVENT_CANCELLED = 15
} csvc_event_type;
#define CSVC_EVENT_TYPE_COUNT 16

/* The *_parse() functions below fold ASCII case ("EMAIL" is "email") and
 * return ::CSVC_E_INVALID for an unknown name, ::CSVC_E_NULL for NULL. */

/** "phone", "chat", "email", "web_form", "social", "in_store"; NULL if unknown. @since 0.2 */
CSVC_API const char *csvc_channel_name(csvc_channel channel);
/**
 * The channel named `name` (ASCII case ignored), or a Chinese term
 * (simplified or traditional): 电话 phone, 在线/在线客服/聊天 chat,
 * 邮件/电子邮件 email, 网页表单/表单 web_form, 社交媒体 social, 门店
 * in_store; ::CSVC_E_INVALID listing the names when unknown, ::CSVC_E_NULL.
 * @since 0.2
 */
CSVC_API csvc_status csvc_channel_parse(const char *name, csvc_channel *out);
/** "low", "normal", "high", "urgent"; NULL if unknown. @since 0.2 */
CSVC_API const char *csvc_priority_name(csvc_priority priority);
/**
 * The priority named `name` (ASCII case ignored), or a Chinese term: 低
 * low, 普通/一般 normal, 高 high, 紧急 urgent; ::CSVC_E_INVALID listing the
 * names when unknown, ::CSVC_E_NULL.
 * @since 0.2
 */
CSVC_API csvc_status csvc_priority_parse(const char *name, csvc_priority *out);
/** "new", "assigned", "in_progress", "pending", "resolved", "closed", "cancelled". @since 0.2 */
CSVC_API const char *csvc_state_name(csvc_ticket_state state);
/**
 * The state named `name` (ASCII case ignored); ::CSVC_E_INVALID listing the
 * names when unknown, ::CSVC_E_NULL.
 * @since 0.2
 */
CSVC_API csvc_status csvc_state_parse(const char *name, csvc_ticket_state *out);
/**
 * "created", "assigned", "transferred", "escalated", "started",
 * "agent_reply", "customer_reply", "internal_note", "pended", "resumed",
 * "resolved", "closed", "reopened", "rated", "complaint", "cancelled".
 * @since 0.2
 */
CSVC_API const char *csvc_event_type_name(csvc_event_type type);
/**
 * The event type named `name` (ASCII case ignored); ::CSVC_E_INVALID
 * listing the names when unknown, ::CSVC_E_NULL.
 * @since 0.2
 */
CSVC_API csvc_status csvc_event_type_parse(const char *name, csvc_event_type *out);

/* ------------------------------------------------------------------------ */
/** @name Events */
/**@{*/

#define CSVC_EVENT_VERSION 1

/**
 * One event: in to csvc_desk_apply(), out of the log. Fields that do not
 * apply to a type are NULL / 0 / ::CSVC_TIME_NONE. Strings out of the log
 * are owned by the desk and live as long as it does.
 *
 * | type            | payload fields used |
 * |-----------------|---------------------|
 * | created         | customer_id, team_id, channel, category, priority; related_id = earlier ticket of a follow-up |
 * | assigned        | agent_id (the assignee) |
 * | transferred     | team_id and/or agent_id (at least one) |
 * | escalated       | value = the new tier (out; ignored in) |
 * | pended          | value = ::csvc_pend_reason; code = the department an internal pend waits on (optional; not on a customer pend) |
 * | resolved        | code (resolution code, may be NULL), value = 1 first-contact resolution |
 * | rated           | value = CSAT 1..5, code = optional comment |
 * | cancelled       | related_id = the ticket merged into (not itself, not a cancelled one), or NULL |
 * | others          | none |
 *
 * `actor_id` is the agent who acted, or NULL for the customer or the
 * system. For agent replies, notes, starts, pends, resumes and resolutions
 * a NULL actor means the ticket's assignee.
 */
typedef struct csvc_event {
    uint32_t version;         /**< ::CSVC_EVENT_VERSION */
    csvc_event_type type;
    const char *ticket_id;
    int64_t time;             /**< Unix seconds */
    const char *actor_id;     /**< agent id, or NULL */
    const char *agent_id;
    const char *team_id;
    const char *customer_id;
    const char *related_id;
    const char *code;
    csvc_channel channel;
    csvc_category category;
    csvc_priority priority;
    int32_t value;
    uint64_t seq;             /**< out: 1-based position in the log */
} csvc_event;

#define CSVC_EVENT_INIT                                                                       \
    { CSVC_EVENT_VERSION, CSVC_EVENT_CREATED, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL,    \
      CSVC_CHANNEL_PHONE, CSVC_CATEGORY_INQUIRY, CSVC_PRIORITY_NORMAL, 0, 0 }

/** Sets `event` to ::CSVC_EVENT_INIT. @since 0.2 */
CSVC_API void csvc_event_init(csvc_event *event);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Desk */
/**@{*/

#define CSVC_DESK_OPTIONS_VERSION 1

/** Options of a new desk. */
typedef struct csvc_desk_options {
    uint32_t version;             /**< ::CSVC_DESK_OPTIONS_VERSION */
    const csvc_allocator *allocator; /**< NULL for the system allocator */
    int64_t reopen_window;        /**< seconds after resolution a ticket may reopen; default 7 days */
    int64_t auto_close_after;     /**< seconds after resolution auto-close closes; default 3 days */
    size_t expected_tickets;      /**< capacity hint, 0 for none */
} csvc_desk_options;

#define CSVC_DESK_OPTIONS_INIT { CSVC_DESK_OPTIONS_VERSION, NULL, 7 * 86400, 3 * 86400, 0 }
/** Sets `options` to ::CSVC_DESK_OPTIONS_INIT (NULL is a no-op). @since 0.2 */
CSVC_API void csvc_desk_options_init(csvc_desk_options *options);

/**
 * Creates an empty desk over `roster` (borrowed). `options` may be NULL.
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION, ::CSVC_E_RANGE (negative
 *         windows), ::CSVC_E_NOMEM.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_new(const csvc_roster *roster, const csvc_desk_options *options,
                                   csvc_desk **out);
/** Frees a desk; NULL is a no-op. @since 0.2 */
CSVC_API void csvc_desk_free(csvc_desk *desk);
/** The message of the desk's last failed call, "" if none. @since 0.2 */
CSVC_API const char *csvc_desk_errmsg(const csvc_desk *desk);
/**
 * The roster the desk was created over (it must outlive the desk); NULL
 * for a NULL desk.
 * @since 0.6
 */
CSVC_API const csvc_roster *csvc_desk_roster(const csvc_desk *desk);

/**
 * Sets the reopen window and auto-close delay of one team (NULL: the desk
 * default). ::CSVC_E_NOTFOUND for an unknown team, ::CSVC_E_RANGE for a
 * negative value.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_set_reopen_policy(csvc_desk *desk, const char *team_id,
                                                 int64_t reopen_window, int64_t auto_close_after);

/**
 * Gives a team (NULL: every team without its own) a business-hours
 * calendar. The desk keeps a copy. Without a calendar, SLA clocks count
 * elapsed seconds.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_set_calendar(csvc_desk *desk, const char *team_id,
                                            const csvc_calendar *calendar);

/**
 * The UTC offset of the calendar team `team_id` works by (its own, else the
 * desk's default; NULL: the default), 0 when there is none (always open,
 * UTC): the offset at which its days begin, for csvc_desk_metrics_daily().
 * For a zoned calendar (csvc_calendar_new_tz()) this is the zone's
 * standard offset: daily series count days at one fixed offset.
 * @return ::CSVC_E_NULL (desk or out), ::CSVC_E_NOTFOUND (team).
 * @since 0.6
 */
CSVC_API csvc_status csvc_desk_calendar_offset(const csvc_desk *desk, const char *team_id,
                                               int32_t *out);

/** Pause bits of an SLA policy: states in which its clocks stop. */
#define CSVC_PAUSE_PENDING_CUSTOMER 0x1u
#define CSVC_PAUSE_PENDING_INTERNAL 0x2u

#define CSVC_SLA_POLICY_VERSION 1

/**
 * SLA targets, in business seconds of the ticket's team calendar; 0 means
 * no target. A policy matches a ticket when each of team, priority and
 * category is either the ticket's or a wildcard (NULL / -1). The most
 * specific matching policy wins (team counts 4, priority 2, category 1);
 * among equals the one added last.
 */
typedef struct csvc_sla_policy {
    uint32_t version;          /**< ::CSVC_SLA_POLICY_VERSION */
    const char *team_id;       /**< NULL: any team */
    int32_t priority;          /**< ::csvc_priority or -1 for any */
    int32_t category;          /**< ::csvc_category or -1 for any */
    int64_t first_response;    /**< created -> first agent reply */
    int64_t next_response;     /**< customer reply -> next agent reply */
    int64_t resolution;        /**< created -> resolved */
    uint32_t pause_states;     /**< CSVC_PAUSE_* bits; default pending on the customer */
} csvc_sla_policy;

#define CSVC_SLA_POLICY_INIT \
    { CSVC_SLA_POLICY_VERSION, NULL, -1, -1, 0, 0, 0, CSVC_PAUSE_PENDING_CUSTOMER }
/** Sets `policy` to ::CSVC_SLA_POLICY_INIT (NULL is a no-op). @since 0.2 */
CSVC_API void csvc_sla_policy_init(csvc_sla_policy *policy);

/** Adds an SLA policy. ::CSVC_E_RANGE for negative targets or bad values. @since 0.2 */
CSVC_API csvc_status csvc_desk_add_sla_policy(csvc_desk *desk, const csvc_sla_policy *policy);

/**
 * Replaces the desk's whole configuration (calendars, reopen policies, SLA
 * policies, OLAs) with the JSON document at `path`
 * (examples/data/desk_config.schema.json, an example beside it):
 * @code{.json}
 * {"calendars": [{"team": null, "time_zone": "Asia/Shanghai",
 *                 "hours": {"mon": [["09:00", "12:00"], ["13:30", "18:00"]]},
 *                 "holidays": ["2025-10-01"]}],
 *  "reopen": [{"team": null, "window": "7d", "auto_close": "3d"}],
 *  "sla": [{"team": "CMP", "priority": "urgent", "category": "complaint",
 *           "first_response": "15m", "next_response": "30m", "resolution": "4h",
 *           "pause": ["customer"]}],
 *  "ola": [{"department": "warehouse", "target": "8h"}]}
 * @endcode
 * A calendar has a `time_zone` (IANA) or a `utc_offset` ("+08:00" or
 * seconds), `hours` per day (mon..sun) as [from, to) "HH:MM" ranges, and
 * `holidays`; `team` null (or absent) is the desk default. Durations are
 * whole seconds or a number with a unit: "90s", "30m", "4h", "2d".
 * Priorities and categories take the names of csvc_priority_parse() and
 * csvc_category_parse(); an SLA field left out matches anything. Entries
 * apply in order, as the calls they stand for (csvc_desk_set_calendar(),
 * csvc_desk_set_reopen_policy(), csvc_desk_add_sla_policy(),
 * csvc_desk_set_ola()) would, and are checked the same way; settings the
 * document leaves out take the defaults of a new desk. All or nothing: a
 * bad document changes nothing, and the message names the entry's path
 * ("desk config: sla[2].priority: ..."). An attached store journals the
 * new configuration as one change.
 * @return ::CSVC_E_NULL, ::CSVC_E_NOTFOUND / ::CSVC_E_IO (the file),
 *         ::CSVC_E_PARSE (malformed JSON, unknown fields, wrong types), the
 *         statuses of the calls above (::CSVC_E_NOTFOUND for an unknown
 *         team, ::CSVC_E_RANGE, ...),
 *         ::CSVC_E_BUSY, ::CSVC_E_NOMEM, or the store's status.
 * @since 0.8
 */
CSVC_API csvc_status csvc_desk_load_config_json(csvc_desk *desk, const char *path);
/** As csvc_desk_load_config_json() from a memory buffer. @since 0.8 */
CSVC_API csvc_status csvc_desk_load_config_json_buffer(csvc_desk *desk, const char *data,
                                                       size_t size);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Driving tickets
 *  Each call validates, applies one event and appends it to the log, or
 *  changes nothing and returns the reason. */
/**@{*/

/**
 * Applies one event (the general form of every call below; also what a
 * replay or an import uses). `event->seq` is ignored.
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION, ::CSVC_E_INVALID (bad type or
 *         payload), ::CSVC_E_NOTFOUND (unknown ticket, agent or team),
 *         ::CSVC_E_EXISTS (created twice), ::CSVC_E_TRANSITION,
 *         ::CSVC_E_TIME, ::CSVC_E_RANGE (CSAT outside 1..5, tier > 3),
 *         ::CSVC_E_NOMEM, or what the event callback returned.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_apply(csvc_desk *desk, const csvc_event *event);

#define CSVC_TICKET_SPEC_VERSION 1

/** A new ticket. */
typedef struct csvc_ticket_spec {
    uint32_t version;        /**< ::CSVC_TICKET_SPEC_VERSION */
    const char *id;          /**< identifier, unique in the desk */
    const char *customer_id; /**< identifier or NULL */
    csvc_channel channel;
    csvc_category category;
    csvc_priority priority;
    const char *team_id;     /**< existing team */
    int64_t created;         /**< Unix seconds */
} csvc_ticket_spec;

#define CSVC_TICKET_SPEC_INIT \
    { CSVC_TICKET_SPEC_VERSION, NULL, NULL, CSVC_CHANNEL_CHAT, CSVC_CATEGORY_INQUIRY, \
      CSVC_PRIORITY_NORMAL, NULL, 0 }
/** Sets `spec` to ::CSVC_TICKET_SPEC_INIT (NULL is a no-op). @since 0.2 */
CSVC_API void csvc_ticket_spec_init(csvc_ticket_spec *spec);

/**
 * Creates ticket `spec->id` in state new (a `created` event stamped
 * `spec->created`).
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION, ::CSVC_E_EXISTS (the id is taken),
 *         ::CSVC_E_NOTFOUND (unknown team), ::CSVC_E_RANGE (channel, category,
 *         priority or time), ::CSVC_E_INVALID, ::CSVC_E_NOMEM, or what the
 *         event callback or the store refused with.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_create(csvc_desk *desk, const csvc_ticket_spec *spec);
/** new|assigned -> assigned to `agent_id` (an active agent). @since 0.2 */
CSVC_API csvc_status csvc_desk_assign(csvc_desk *desk, const char *ticket_id,
                                      const char *agent_id, int64_t time);
/** assigned -> in_progress. @since 0.2 */
CSVC_API csvc_status csvc_desk_start(csvc_desk *desk, const char *ticket_id, int64_t time);
/** An agent's reply to the customer (`agent_id` NULL: the assignee). @since 0.2 */
CSVC_API csvc_status csvc_desk_agent_reply(csvc_desk *desk, const char *ticket_id,
                                           const char *agent_id, int64_t time);
/**
 * The customer writes on an open ticket: a pending ticket resumes (its
 * pause ends) and, after the first agent reply, the next-response clock
 * starts. ::CSVC_E_TRANSITION on a resolved, closed or cancelled ticket.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_customer_reply(csvc_desk *desk, const char *ticket_id,
                                              int64_t time);
/**
 * An internal note by `agent_id` (NULL: the assignee) on any ticket but a
 * cancelled one; it changes no state and no clock.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_note(csvc_desk *desk, const char *ticket_id,
                                    const char *agent_id, int64_t time);
/**
 * in_progress -> pending, waiting on the customer or on another
 * department (`reason`); the SLA clocks stop when the ticket's policy
 * pauses for that reason.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_pend(csvc_desk *desk, const char *ticket_id,
                                    csvc_pend_reason reason, int64_t time);
/**
 * in_progress -> pending on another department (::CSVC_PEND_INTERNAL):
 * `department_id` names it ("logistics", "warehouse", "finance", a
 * supplier...; an id, see csvc_desk_set_ola()), or NULL when none is named.
 * The wait is a cross-department handoff: csvc_desk_handoff_metrics().
 * @return as csvc_desk_pend(), and the statuses of csvc_id_check() for a
 *         bad department id.
 * @since 0.6
 */
CSVC_API csvc_status csvc_desk_pend_internal(csvc_desk *desk, const char *ticket_id,
                                             const char *department_id, int64_t time);
/** pending -> in_progress (the pause, if any, ends). @since 0.2 */
CSVC_API csvc_status csvc_desk_resume(csvc_desk *desk, const char *ticket_id, int64_t time);
/** in_progress|pending -> resolved. `code` may be NULL. @since 0.2 */
CSVC_API csvc_status csvc_desk_resolve(csvc_desk *desk, const char *ticket_id,
                                       const char *code, int first_contact, int64_t time);
/** resolved -> closed (manually; see also csvc_desk_auto_close()). @since 0.2 */
CSVC_API csvc_status csvc_desk_close(csvc_desk *desk, const char *ticket_id, int64_t time);
/** resolved|closed -> in_progress, within the team's reopen window. @since 0.2 */
CSVC_API csvc_status csvc_desk_reopen(csvc_desk *desk, const char *ticket_id, int64_t time);
/**
 * A customer writes again about a resolved or closed ticket: within the
 * reopen window the ticket reopens (`*reopened = 1`); after it a new ticket
 * `new_ticket_id` is created, linked to the old one, with its channel,
 * category, priority, team and customer (`*reopened = 0`).
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_follow_up(csvc_desk *desk, const char *ticket_id,
                                         const char *new_ticket_id, int64_t time,
                                         int *reopened);
/** Moves an open ticket to another team and/or agent (either may be NULL, not both). @since 0.2 */
CSVC_API csvc_status csvc_desk_transfer(csvc_desk *desk, const char *ticket_id,
                                        const char *team_id, const char *agent_id,
                                        int64_t time);
/**
 * Raises an open ticket's escalation tier by one (1 agent, 2 senior or
 * expert, 3 supervisor); the state stays. ::CSVC_E_TRANSITION beyond tier 3.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_escalate(csvc_desk *desk, const char *ticket_id,
                                        const char *actor_id, int64_t time);
/** new|assigned -> cancelled; `merged_into` names the surviving ticket or is NULL. @since 0.2 */
CSVC_API csvc_status csvc_desk_cancel(csvc_desk *desk, const char *ticket_id,
                                      const char *merged_into, int64_t time);
/**
 * The customer's CSAT rating (1..5) of a resolved or closed ticket; a later
 * rating replaces the earlier. ::CSVC_E_RANGE outside 1..5.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_rate(csvc_desk *desk, const char *ticket_id, int32_t csat,
                                    int64_t time);
/**
 * The customer lodges a formal complaint about the ticket (any state but
 * cancelled); the ticket's complaint count grows.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_complaint(csvc_desk *desk, const char *ticket_id, int64_t time);
/**
 * Closes every resolved ticket whose auto-close delay has passed by `now`;
 * each closing event is stamped at resolution time + delay, so the result
 * does not depend on when this runs. `*closed` (may be NULL) counts them.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_auto_close(csvc_desk *desk, int64_t now, size_t *closed);

/**
 * The application's event callback: called after each event is applied and
 * appended (after an attached store has journaled it). A non-OK return
 * undoes the event (ticket state and log, and the store's row) and becomes
 * the result of the call that applied it. `event`'s strings are valid
 * during the call.
 */
typedef csvc_status (*csvc_event_fn)(const csvc_event *event, void *user_data);
/**
 * Sets (NULL: removes) the application's event callback. The callback may
 * read the desk; calls that would change it (any event, a configuration
 * change, routing) return ::CSVC_E_BUSY from inside it. An attached store
 * does not use this slot: the callback stays the application's before,
 * while and after a store is attached, and a store never calls it for the
 * events it replays. ::CSVC_E_BUSY from inside the callback itself.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_set_event_callback(csvc_desk *desk, csvc_event_fn callback,
                                                  void *user_data);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Tickets and the log */
/**@{*/

#define CSVC_TICKET_INFO_VERSION 1

/** A ticket's state (out). Times are ::CSVC_TIME_NONE until they happen. */
typedef struct csvc_ticket_info {
    uint32_t version; /**< ::CSVC_TICKET_INFO_VERSION */
    const char *id;
    const char *customer_id; /**< or NULL */
    const char *team_id;
    const char *agent_id;    /**< assignee or NULL */
    const char *related_id;  /**< earlier ticket (follow-up) or merge target, or NULL */
    csvc_channel channel;
    csvc_category category;
    csvc_priority priority;
    csvc_ticket_state state;
    int32_t tier;            /**< escalation tier 1..3 */
    int32_t reopen_count;
    int32_t transfer_count;
    int32_t csat;            /**< 1..5, 0 when not rated */
    int32_t complaints;
    int32_t first_contact;   /**< the last resolution was first-contact */
    int64_t created;
    int64_t first_response;  /**< first agent reply */
    int64_t first_resolved;  /**< first resolution (a reopen keeps it) */
    int64_t resolved;        /**< latest resolution */
    int64_t closed;
    uint64_t event_count;    /**< events of this ticket: its version for optimistic concurrency */
} csvc_ticket_info;

/**
 * The state of ticket `ticket_id`. The strings in `*out` are the desk's,
 * valid until the desk changes. ::CSVC_E_NOTFOUND, ::CSVC_E_NULL.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_get_ticket(const csvc_desk *desk, const char *ticket_id,
                                          csvc_ticket_info *out);
/** Number of tickets (0 for NULL). @since 0.2 */
CSVC_API size_t csvc_desk_ticket_count(const csvc_desk *desk);
/** The ticket at `index` in creation order. @since 0.2 */
CSVC_API csvc_status csvc_desk_ticket_at(const csvc_desk *desk, size_t index,
                                         csvc_ticket_info *out);

/** Number of events in the log. @since 0.2 */
CSVC_API uint64_t csvc_desk_event_count(const csvc_desk *desk);
/** The event with sequence number `seq` (1-based). @since 0.2 */
CSVC_API csvc_status csvc_desk_event_at(const csvc_desk *desk, uint64_t seq, csvc_event *out);

/** A visitor of csvc_desk_foreach_event(): non-zero stops the walk. */
typedef int (*csvc_event_visit_fn)(const csvc_event *event, void *user_data);
/**
 * Calls `fn` for each event of the log in order, optionally only those of
 * one ticket (`ticket_id`) and/or inside `period` (both may be NULL). A
 * non-zero return from `fn` stops the walk and is returned as the status.
 * The walk covers the events present when it started; `fn` may read the
 * desk, and calls that would change it return ::CSVC_E_BUSY. The event's
 * strings are valid during the call.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_foreach_event(const csvc_desk *desk, const char *ticket_id,
                                             const csvc_period *period,
                                             csvc_event_visit_fn fn, void *user_data);

/**
 * A 64-bit digest of the desk's canonical state (every ticket and the log),
 * equal for two desks exactly when they hold the same tickets and events
 * (up to hash collisions): a replayed or reloaded desk has the original's.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_checksum(const csvc_desk *desk, uint64_t *out);
/** Bytes of ticket state per ticket, not counting interned strings and the log. @since 0.2 */
CSVC_API size_t csvc_desk_ticket_state_size(void);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name SLA */
/**@{*/

#define CSVC_SLA_STATUS_VERSION 1

/**
 * SLA clocks of one ticket at an instant, in business time of the ticket's
 * current team calendar, paused time excluded.
 *
 * Each clock (first response, next response, resolution) is one of:
 * - no target (policy target 0, or no next response awaited): due
 *   ::CSVC_TIME_NONE, remaining 0;
 * - running: due is the instant the target is reached, remaining the
 *   business seconds from `now` to it (negative once overdue);
 * - paused (`paused` = 1): due ::CSVC_TIME_NONE, remaining frozen at the
 *   pause;
 * - stopped (the reply or resolution happened): due is the due time that
 *   was in force, remaining the margin it stopped at (negative = late).
 * The resolution clock stops at the first resolution; the first-response
 * clock at the first agent reply, or at the first resolution if that came
 * first. A clock is breached when its target was missed by `now`: the
 * instant `now` (or the stop, or the pause start) is after the due time;
 * the breach time is its due time. A clock due at a closing time and read
 * before the next opening is therefore breached with remaining 0.
 *
 * Pauses. A clock's span is the business time from its start to the
 * instant it is read (its stop, or the start of a pause in progress, or
 * `now`) minus all pause time in between; remaining = target - span. A
 * pause that begins before a clock's due time pushes that due out by the
 * pause's length (the worked case: created 08:00, target 2 h, due 10:00;
 * pended on the customer 09:00-10:05; due 11:05). A pause that begins after
 * the due time does not: a due time that has passed is fixed, and so is a
 * breach, whatever pauses follow (created 10:00, target 1 h, unanswered at
 * 11:00: breached at 11:00; a pause 11:30-13:00 leaves due and breach time
 * at 11:00). A clock frozen by a pause stays frozen when it stops during
 * the pause: a first reply sent while the ticket is pending on the customer
 * is measured on the time used before the pause (created 10:00, pended
 * 10:20, answered 11:30: met with 40 min left, due 12:10), and the
 * first-response metric counts the same span (20 min). The next-response
 * clock starts at the oldest customer reply not yet answered (after the
 * first agent reply) and stops at the next agent reply, by the same rules.
 * Its breached flag and breach time also cover earlier cycles: the breach
 * time is the earliest missed due. A cancelled ticket's clocks read as they
 * stood at its cancellation.
 */
typedef struct csvc_sla_status {
    uint32_t version; /**< ::CSVC_SLA_STATUS_VERSION */
    int32_t paused;   /**< clocks stopped at `now` (pending on the customer, ...) */
    int64_t first_response_due;
    int64_t next_response_due;
    int64_t resolution_due;
    int64_t first_response_remaining;
    int64_t next_response_remaining;
    int64_t resolution_remaining;
    int32_t first_response_breached; /**< the target was missed (at or before `now`) */
    int32_t next_response_breached;
    int32_t resolution_breached;
    int64_t first_response_breach_time; /**< when it was breached, or ::CSVC_TIME_NONE */
    int64_t next_response_breach_time;
    int64_t resolution_breach_time;
} csvc_sla_status;

/** Initialiser: the version set, every clock without a target. */
#define CSVC_SLA_STATUS_INIT                                                                       \
    { CSVC_SLA_STATUS_VERSION, 0, CSVC_TIME_NONE, CSVC_TIME_NONE, CSVC_TIME_NONE, 0, 0, 0, 0, 0, 0,   \
      CSVC_TIME_NONE, CSVC_TIME_NONE, CSVC_TIME_NONE }

/** Sets `status` to ::CSVC_SLA_STATUS_INIT. @since 0.6 */
CSVC_API void csvc_sla_status_init(csvc_sla_status *status);

/**
 * SLA clocks of a ticket at `now` (not before the ticket's last event).
 * `out->version` says which fields the caller's struct has (set it with
 * ::CSVC_SLA_STATUS_INIT or csvc_sla_status_init()); the library fills
 * those and no more.
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION (`out->version` 0 or newer than
 *         the library's), ::CSVC_E_NOTFOUND (unknown ticket), ::CSVC_E_TIME
 *         (`now` before the ticket's last event).
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_sla(const csvc_desk *desk, const char *ticket_id, int64_t now,
                                   csvc_sla_status *out);

/**
 * Open tickets by first due time (the earliest of their running clocks),
 * earliest first; ties by creation order. Tickets without a running clock
 * come last in creation order. Writes up to `cap` ticket ids and the total
 * to `*count`. `within` >= 0 keeps only tickets due by now + within
 * (business time is not involved: an instant bound); `within` < 0 keeps all.
 * `ids` may be NULL when `cap` is 0. Ids are owned by the desk.
 * @return ::CSVC_E_NULL, ::CSVC_E_TIME (`now` before the last event of an
 *         open ticket), ::CSVC_E_NOMEM.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_dispatch_queue(const csvc_desk *desk, int64_t now,
                                              int64_t within, const char **ids, size_t cap,
                                              size_t *count);
/**
 * Open tickets with at least one breached clock at `now`, in creation order;
 * `ids` and `*count` as for csvc_desk_dispatch_queue().
 * @return ::CSVC_E_NULL, ::CSVC_E_TIME (`now` before the last event of an
 *         open ticket).
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_breached(const csvc_desk *desk, int64_t now, const char **ids,
                                        size_t cap, size_t *count);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Routing */
/**@{*/

/** Routing strategies; each considers only active agents. */
typedef enum csvc_routing {
    CSVC_ROUTE_ROUND_ROBIN = 0,  /**< the team's agents in roster order, in turn */
    CSVC_ROUTE_LEAST_LOADED = 1, /**< fewest open tickets in the team; ties by roster order */
    CSVC_ROUTE_SKILL = 2         /**< least loaded among team agents skilled in the category,
                                      else least loaded in the team */
} csvc_routing;

/**
 * Picks an agent for a ticket of the desk (does not assign it: call
 * csvc_desk_assign()). Round-robin advances the team's turn (only on
 * success); an agent added to the team later joins the turn at its roster
 * position. `*agent_id` is the roster's string.
 * ::CSVC_E_NOTFOUND when the team has no active agent or the ticket is
 * unknown, ::CSVC_E_INVALID for an unknown strategy, ::CSVC_E_NULL,
 * ::CSVC_E_NOMEM.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_route(csvc_desk *desk, const char *ticket_id,
                                     csvc_routing strategy, const char **agent_id);

/**
 * Routes and assigns in one call: picks the agent as csvc_desk_route()
 * does, then assigns it at `time` as csvc_desk_assign() does (a ticket in
 * its team's queue after a team-only transfer is assigned this way). The
 * round-robin turn advances only when the assignment is accepted.
 * `*agent_id` (may be NULL) is the agent chosen.
 * @return the statuses of csvc_desk_route() and csvc_desk_assign().
 * @since 0.6
 */
CSVC_API csvc_status csvc_desk_route_assign(csvc_desk *desk, const char *ticket_id,
                                            csvc_routing strategy, int64_t time,
                                            const char **agent_id);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Metrics */
/**@{*/

#define CSVC_METRICS_VERSION 1

/**
 * Service metrics over a period, defined field by field below. Counts are exact;
 * rates with a zero denominator are NaN ("no value"), never 0. Durations
 * are business seconds of the team calendar with paused time excluded:
 * a first response time is the first-response clock's span (see the SLA
 * section: a pause still open at the reply is excluded too).
 * Medians and p90 are exact, with linear interpolation between closest
 * ranks (numpy/pandas `quantile` default).
 *
 * Attribution: a ticket counts for an agent when the agent acted on it in
 * the period (handled), resolved it (resolved, FCR, resolution times, SLA,
 * reopen, CSAT, complaints), or replied first (first response time); for a
 * team by the ticket's team at the event; for the desk, every ticket.
 * In detail:
 * - an agent action is an event with an actor; for starts, agent replies,
 *   notes, pends, resumes and resolutions a NULL actor is the assignee
 *   (as for csvc_desk_apply());
 * - the team at an event is the ticket's team before the event's own
 *   change: a transfer counts for the team it leaves;
 * - the resolver is the actor of the ticket's latest resolution (else the
 *   assignee then); reopenings, ratings and complaints go to the resolver
 *   at their time, or to the assignee when the ticket was never resolved;
 * - transfers and escalations go to the assignee before the event;
 * - SLA and backlog go to the assignee and team at the period's end; a
 *   ticket is due in the period when its resolution due time (its
 *   first-response due time when its policy has no resolution target), as
 *   csvc_desk_sla() reports it at the later of the period's end and the
 *   ticket's last event, falls in the period;
 * - resolution times count tickets first resolved in the period; total
 *   resolution times count tickets whose latest resolution is in the
 *   period and that are resolved or closed now; FCR takes, per ticket, the
 *   latest resolution in the period credited to the scope; CSAT takes the
 *   latest rating in the period.
 */
typedef struct csvc_metrics {
    uint32_t version; /**< ::CSVC_METRICS_VERSION */
    int64_t handled;  /**< tickets with an agent action in the period */
    int64_t resolved; /**< tickets resolved in the period */
    double resolution_rate;      /**< resolved / handled */
    int64_t first_contact;       /**< resolved with the first-contact flag */
    double fcr;                  /**< first_contact / resolved */
    int64_t first_response_count; /**< first replies in the period */
    double first_response_mean, first_response_median, first_response_p90;
    int64_t resolution_count;    /**< first resolutions in the period */
    double resolution_mean, resolution_median, resolution_p90; /**< created -> first resolution */
    double total_resolution_mean, total_resolution_median, total_resolution_p90; /**< incl. work after reopenings */
    int64_t sla_due;             /**< tickets with a due time in the period */
    int64_t sla_met;             /**< of those, meeting first-response and resolution targets */
    double sla_compliance;       /**< sla_met / sla_due */
    int64_t reopened;            /**< reopenings in the period */
    double reopen_rate;          /**< reopened / resolved */
    int64_t csat_count;          /**< ratings in the period */
    double csat;                 /**< share of ratings 4 or 5 */
    double csat_mean;
    int64_t complaints;
    double complaint_rate;       /**< complaints per 100 handled */
    int64_t transfers, escalations;
    double transfer_rate, escalation_rate; /**< per handled ticket */
    int64_t backlog;             /**< open tickets at the period's end */
} csvc_metrics;

/** Whose metrics. */
typedef enum csvc_scope {
    CSVC_SCOPE_DESK = 0,
    CSVC_SCOPE_TEAM = 1,
    CSVC_SCOPE_AGENT = 2
} csvc_scope;

/**
 * Metrics of the desk, a team or an agent (`id` NULL for the desk). One
 * pass over the log; `*out` is written only on success.
 * @return ::CSVC_E_NULL (desk, period, out, or the id of a team or agent
 *         scope), ::CSVC_E_VERSION (out->version 0 or newer than
 *         ::CSVC_METRICS_VERSION), ::CSVC_E_INVALID (unknown scope, or an
 *         id with the desk scope), ::CSVC_E_NOTFOUND (unknown team or
 *         agent), ::CSVC_E_RANGE (the period ends before it starts),
 *         ::CSVC_E_NOMEM.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_metrics(const csvc_desk *desk, csvc_scope scope, const char *id,
                                       const csvc_period *period, csvc_metrics *out);
/**
 * Metrics of every agent in one pass: `out[i]` for the roster's agent i
 * (csvc_roster_agent_at() order); `n` must be the roster's agent count.
 * Set each out[i].version first (or let n entries of version 0 default to
 * ::CSVC_METRICS_VERSION). Each row equals csvc_desk_metrics() for that
 * agent; `out` is written only on success.
 * @return ::CSVC_E_NULL, ::CSVC_E_INVALID (n is not the roster's agent
 *         count), ::CSVC_E_VERSION (an entry newer than
 *         ::CSVC_METRICS_VERSION), ::CSVC_E_RANGE, ::CSVC_E_NOMEM.
 *
 * Memory: the metrics calls keep their scratch space (about 40 bytes per
 * ticket and 8 per duration in the period) in the desk for the next call;
 * csvc_desk_free() releases it.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_metrics_all_agents(const csvc_desk *desk,
                                                  const csvc_period *period, csvc_metrics *out,
                                                  size_t n);

/** What a slice splits its results by. */
typedef enum csvc_metrics_by {
    CSVC_METRICS_BY_NONE = 0,     /**< one row */
    CSVC_METRICS_BY_CATEGORY = 1, /**< ::CSVC_CATEGORY_COUNT rows, in csvc_category order */
    CSVC_METRICS_BY_CHANNEL = 2,  /**< ::CSVC_CHANNEL_COUNT rows, in csvc_channel order */
    CSVC_METRICS_BY_PRIORITY = 3  /**< ::CSVC_PRIORITY_COUNT rows, in csvc_priority order */
} csvc_metrics_by;

#define CSVC_METRICS_SLICE_VERSION 1

/**
 * Which tickets the metrics count, and how to split them. A ticket's
 * category, channel and priority are set at creation and never change, so
 * a slice is a set of tickets: its metrics are exactly those of a desk that
 * held only those tickets (same attribution, same NaN rules), and each row
 * of a split is the slice narrowed to one value.
 */
typedef struct csvc_metrics_slice {
    uint32_t version;    /**< ::CSVC_METRICS_SLICE_VERSION */
    uint32_t categories; /**< bits `1 << csvc_category` to keep; 0 keeps every category */
    uint32_t channels;   /**< bits `1 << csvc_channel`; 0 keeps all */
    uint32_t priorities; /**< bits `1 << csvc_priority`; 0 keeps all */
    csvc_metrics_by by;  /**< split into one row per value of this attribute */
} csvc_metrics_slice;

#define CSVC_METRICS_SLICE_INIT { CSVC_METRICS_SLICE_VERSION, 0u, 0u, 0u, CSVC_METRICS_BY_NONE }
/** Sets `slice` to ::CSVC_METRICS_SLICE_INIT (NULL is a no-op). @since 0.6 */
CSVC_API void csvc_metrics_slice_init(csvc_metrics_slice *slice);

/**
 * Metrics of a scope over a slice, in one pass: `out[row]` for each row of
 * `slice->by` (`n` must be that row count: 1, or the number of categories,
 * channels or priorities). With ::CSVC_METRICS_BY_NONE and no mask bit set
 * this is csvc_desk_metrics().
 * @return the statuses of csvc_desk_metrics(), ::CSVC_E_NULL (slice),
 *         ::CSVC_E_VERSION (slice), ::CSVC_E_RANGE (a mask bit beyond its
 *         attribute's values), ::CSVC_E_INVALID (unknown `by`, or `n`).
 * @since 0.6
 */
CSVC_API csvc_status csvc_desk_metrics_sliced(const csvc_desk *desk, csvc_scope scope,
                                              const char *id, const csvc_period *period,
                                              const csvc_metrics_slice *slice, csvc_metrics *out,
                                              size_t n);

/**
 * Every agent over a slice in one pass: `out[agent * rows + row]`, where
 * agent is the roster index and rows the slice's row count; `n` must be
 * agents * rows. Each entry equals csvc_desk_metrics_sliced() for that agent.
 * @return as csvc_desk_metrics_all_agents() and csvc_desk_metrics_sliced().
 * @since 0.6
 */
CSVC_API csvc_status csvc_desk_metrics_all_agents_sliced(const csvc_desk *desk,
                                                         const csvc_period *period,
                                                         const csvc_metrics_slice *slice,
                                                         csvc_metrics *out, size_t n);

/**
 * The number of days of a daily series: the local dates (at `utc_offset`
 * seconds east of UTC) that `[start, end)` touches; 0 for an empty period.
 * @return ::CSVC_E_NULL, ::CSVC_E_RANGE (offset beyond ::CSVC_UTC_OFFSET_MAX,
 *         or end before start).
 * @since 0.6
 */
CSVC_API csvc_status csvc_metrics_day_count(const csvc_period *period, int32_t utc_offset,
                                            size_t *out);

/**
 * A daily series: for each local date d of the period (at `utc_offset`;
 * pass the scope's calendar offset, csvc_desk_calendar_offset()), the
 * metrics of the part of the period inside that date, exactly as
 * csvc_desk_metrics_sliced() over that day reports them (backlog and SLA at
 * each day's end, distinct tickets per day). `out[day * rows + row]`; `n`
 * must be days * rows (csvc_metrics_day_count()). `slice` may be NULL.
 * Cost: one pass over the log per day.
 * @return as csvc_desk_metrics_sliced(), and ::CSVC_E_RANGE for the offset.
 * @since 0.6
 */
CSVC_API csvc_status csvc_desk_metrics_daily(const csvc_desk *desk, csvc_scope scope,
                                             const char *id, const csvc_period *period,
                                             int32_t utc_offset, const csvc_metrics_slice *slice,
                                             csvc_metrics *out, size_t n);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Cross-department handoffs */
/**@{*/

/** Longest accepted OLA target, in business seconds (2^31). */
#define CSVC_OLA_TARGET_MAX (INT64_C(1) << 31)

/**
 * Sets the operating-level agreement of a department: a ticket pended on it
 * (csvc_desk_pend_internal()) should come back within `target` business
 * seconds. `target` 0 removes the OLA. Like the SLA, the clock counts the
 * business hours of the ticket's team calendar, from the pend to the end
 * of the pending (resume, customer reply, resolution or transfer), but
 * nothing pauses it. Departments need not have an OLA to be measured.
 * @return ::CSVC_E_NULL, the statuses of csvc_id_check() (department id),
 *         ::CSVC_E_RANGE (target negative or beyond ::CSVC_OLA_TARGET_MAX),
 *         ::CSVC_E_BUSY, ::CSVC_E_NOMEM,
 *         or the store's status when an attached store refuses the change.
 * @since 0.6
 */
CSVC_API csvc_status csvc_desk_set_ola(csvc_desk *desk, const char *department_id,
                                       int64_t target);
/**
 * The OLA target of a department in `*target`, 0 when it has none.
 * @return ::CSVC_E_NULL, the statuses of csvc_id_check() (department id).
 * @since 0.6
 */
CSVC_API csvc_status csvc_desk_ola(const csvc_desk *desk, const char *department_id,
                                   int64_t *target);

#define CSVC_HANDOFF_METRICS_VERSION 1

/**
 * The handoffs to one department over a period. A handoff runs from an
 * internal pend to the end of that pending; its wait is business seconds
 * of the ticket's team calendar (the desk default, else always open). A
 * handoff belongs to the period in which it ended, `[start, end)`; one
 * still waiting at the period's end is open. Percentiles as
 * csvc_metrics (numpy's linear interpolation); rates with a zero
 * denominator are NaN.
 */
typedef struct csvc_handoff_metrics {
    uint32_t version;       /**< ::CSVC_HANDOFF_METRICS_VERSION */
    const char *department; /**< owned by the desk; NULL: internal pends naming none */
    int64_t ola_target;     /**< business seconds; 0 = no OLA */
    int64_t handoffs;       /**< handoffs that ended in the period */
    int64_t tickets;        /**< distinct tickets among them */
    double wait_mean;       /**< business seconds, over the ended handoffs */
    double wait_median;
    double wait_p90;
    int64_t ola_met;        /**< ended within the target (wait <= target) */
    int64_t ola_breached;   /**< ended after it */
    double ola_compliance;  /**< ola_met / handoffs; NaN without an OLA */
    int64_t open;           /**< still waiting at the period's end */
    int64_t open_overdue;   /**< of them, already past the target then */
    double open_wait_max;   /**< longest wait so far among the open ones (NaN: none) */
} csvc_handoff_metrics;

/**
 * Handoffs by department, in one pass over the log: a row for each
 * department with an OLA (in the order they were first set), then each
 * other department named by an internal pend (in order of first
 * appearance in the log), then, when there are any, internal pends that
 * named none (department NULL). Departments without handoffs in the
 * period still get their row (zero counts, NaN waits). Writes up to `cap`
 * rows and the row total to `*count`; `out` may be NULL when `cap` is 0.
 * Set each out[i].version (0 defaults to ::CSVC_HANDOFF_METRICS_VERSION).
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION (out[i].version newer),
 *         ::CSVC_E_RANGE (the period ends before it starts), ::CSVC_E_NOMEM.
 * @since 0.6
 */
CSVC_API csvc_status csvc_desk_handoff_metrics(const csvc_desk *desk, const csvc_period *period,
                                               csvc_handoff_metrics *out, size_t cap,
                                               size_t *count);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Import and export */
/**@{*/

/**
 * Imports an event log (all or nothing). Columns: seq (optional, ignored),
 * ticket_id, type, time, actor_id, agent_id, team_id, customer_id,
 * related_id, code, channel, category, priority, value; only ticket_id,
 * type and time are required. Times are ISO 8601 (csvc_time_parse()) or
 * Unix seconds. Errors name line, column and reason.
 *
 * Details: the header names columns in any order; an unknown or duplicate
 * column is an error. Each row is one csvc_desk_apply() in file order. An
 * empty field is NULL (ids, code), 0 (value) or the ::CSVC_EVENT_INIT
 * default (channel phone, category inquiry, priority normal); type,
 * channel and priority are the names of csvc_*_name() (ASCII case is
 * ignored, as by the csvc_*_parse() functions). For `pended`
 * the value may also be "customer" or "internal". Agent and team ids must
 * be in the roster (::CSVC_E_NOTFOUND naming the column). Values the
 * importer checks fail with "line L, column C (name): reason"
 * (::CSVC_E_PARSE, ::CSVC_E_RANGE, ::CSVC_E_NOTFOUND); an event the desk
 * refuses fails with its status and "line L: <the desk's reason>". On any
 * failure the desk is exactly as before (the event callback has then seen
 * events that were undone).
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_import_events_csv(csvc_desk *desk, const char *path);
/** As csvc_desk_import_events_csv() from `size` bytes at `data`. @since 0.2 */
CSVC_API csvc_status csvc_desk_import_events_csv_buffer(csvc_desk *desk, const char *data,
                                                        size_t size);
/**
 * As csvc_desk_import_events_csv(), reading the file as `options` say: its
 * encoding, and the offset of times without one (by default the calendar
 * offset of the row's team: the `team_id` of the row, else the ticket's).
 * `options` may be NULL. ::CSVC_E_VERSION, ::CSVC_E_RANGE (options), and
 * the encoding errors of ::csvc_import_options.
 * @since 0.6
 */
CSVC_API csvc_status csvc_desk_import_events_csv_opts(csvc_desk *desk, const char *path,
                                                      const csvc_import_options *options);
/** As csvc_desk_import_events_csv_opts() from memory. @since 0.6 */
CSVC_API csvc_status csvc_desk_import_events_csv_buffer_opts(csvc_desk *desk, const char *data,
                                                             size_t size,
                                                             const csvc_import_options *options);
/**
 * Imports a flat ticket export, one row per ticket, as helpdesks produce
 * them (all or nothing). Columns: ticket_id, customer_id, agent_id,
 * team_id, channel, category, priority, created, first_reply, resolved,
 * closed, reopened, csat, complaint, first_contact. Required: ticket_id,
 * team_id, created. Each row becomes the events it implies (created,
 * assigned, agent reply, resolved, reopenings, closed, rated, complaint).
 *
 * Precisely, with R = resolved, n = reopened and L = R + 2n, a row emits
 * in this order:
 * 1. created at `created` (customer, team, channel, category, priority);
 * 2. assigned to agent_id at `created`, when agent_id is set;
 * 3. agent_reply by agent_id at first_reply, when set;
 * 4. resolved by agent_id at R, value = first_contact, when R is set;
 * 5. for k = 1..n: reopened (no actor) at R + 2k - 1, then resolved by
 *    agent_id at R + 2k with first_contact 0;
 * 6. closed (no actor) at `closed`, when set;
 * 7. rated with value csat at `closed` if set, else at L, when csat is set;
 * 8. `complaint` complaint events (no actor) at the row's latest time:
 *    closed, else L, else first_reply, else created.
 * Empty optional fields mean: no such step; reopened, complaint and
 * first_contact 0; channel/category/priority as in the events import.
 * reopened and complaint are 0..100; first_contact is 1/0, true/false or
 * yes/no; csat is 1..5 (::CSVC_E_RANGE). Times must not go backwards:
 * created <= first_reply <= resolved and L <= closed (::CSVC_E_TIME naming
 * the later column). A first reply needs agent_id; resolved needs
 * first_reply; closed, reopened > 0, csat and first_contact need resolved
 * (::CSVC_E_CONSTRAINT). An unknown agent or team is ::CSVC_E_NOTFOUND, a
 * ticket id already in the desk or earlier in the file ::CSVC_E_EXISTS.
 * Errors and the all-or-nothing rule are as for the events import.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_import_tickets_csv(csvc_desk *desk, const char *path);
/** As csvc_desk_import_tickets_csv() from `size` bytes at `data`. @since 0.2 */
CSVC_API csvc_status csvc_desk_import_tickets_csv_buffer(csvc_desk *desk, const char *data,
                                                         size_t size);
/**
 * As csvc_desk_import_tickets_csv(), reading the file as `options` say (as
 * csvc_desk_import_events_csv_opts(): the default offset is the calendar's
 * of the row's `team_id`). `options` may be NULL.
 * @since 0.6
 */
CSVC_API csvc_status csvc_desk_import_tickets_csv_opts(csvc_desk *desk, const char *path,
                                                       const csvc_import_options *options);
/** As csvc_desk_import_tickets_csv_opts() from memory. @since 0.6 */
CSVC_API csvc_status csvc_desk_import_tickets_csv_buffer_opts(csvc_desk *desk, const char *data,
                                                              size_t size,
                                                              const csvc_import_options *options);
/**
 * Writes the event log as CSV in the import format (LF line ends): the
 * header `seq,ticket_id,type,time,actor_id,agent_id,team_id,customer_id,
 * related_id,code,channel,category,priority,value`, then every event in
 * log order. Times are "YYYY-MM-DDThh:mm:ssZ" (csvc_time_format()); NULL
 * fields are empty; channel, category and priority are written for
 * `created` events only, value for escalated, pended, resolved and rated
 * (and wherever the log holds a non-zero one). Re-importing the file into
 * an empty desk over the same roster rebuilds the same log.
 *
 * The text goes to a new temporary file next to `path` that is then
 * renamed over it, so a failed export leaves `path` as it was and removes
 * the temporary file. ::CSVC_E_NULL, ::CSVC_E_IO, ::CSVC_E_PERM,
 * ::CSVC_E_NOMEM.
 * @since 0.2
 */
CSVC_API csvc_status csvc_desk_export_events_csv(const csvc_desk *desk, const char *path);
/**@}*/

#ifdef __cplusplus
}
#endif

#endif /* CSVC_DESK_H */
