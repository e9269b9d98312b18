/* Desk lifecycle and configuration: options, SLA policies, calendars,
 * reopen policies, and the business-time helpers the other files use. */
#include "desk_internal.h"
#include "version_check.h"

#include <stdio.h>
#include <string.h>

CS_DEFINE_INIT(csvc_desk_options_init, csvc_desk_options, CSVC_DESK_OPTIONS_INIT)

CS_DEFINE_INIT(csvc_sla_policy_init, csvc_sla_policy, CSVC_SLA_POLICY_INIT)

CS_DEFINE_INIT(csvc_ticket_spec_init, csvc_ticket_spec, CSVC_TICKET_SPEC_INIT)
CS_DEFINE_INIT(csvc_sla_status_init, csvc_sla_status, CSVC_SLA_STATUS_INIT)
CS_DEFINE_INIT(csvc_metrics_slice_init, csvc_metrics_slice, CSVC_METRICS_SLICE_INIT)

CS_DEFINE_INIT(csvc_event_init, csvc_event, CSVC_EVENT_INIT)

csvc_status csvc_desk_new(const csvc_roster *roster, const csvc_desk_options *options,
                          csvc_desk **out)
{
    if (!roster || !out)
        return cs_fail(NULL, CSVC_E_NULL, "desk_new: %s is NULL", roster ? "out" : "roster");
    csvc_desk_options opt = CSVC_DESK_OPTIONS_INIT;
    if (options) {
        CS_RETURN_IF_BAD_VERSION(NULL, options->version, CSVC_DESK_OPTIONS_VERSION, "desk_options:");
        opt = *options;
    }
    if (opt.reopen_window < 0 || opt.auto_close_after < 0)
        return cs_fail(NULL, CSVC_E_RANGE, "desk_options: %s is negative",
                       opt.reopen_window < 0 ? "reopen_window" : "auto_close_after");
    cs_alloc alloc;
    csvc_status rc = cs_alloc_init(&alloc, opt.allocator, NULL);
    if (rc != CSVC_OK)
        return rc;
    csvc_desk *d = cs_calloc(&alloc, 1, sizeof *d);
    if (!d)
        return cs_fail(NULL, CSVC_E_NOMEM, "desk_new: out of memory");
    d->alloc = alloc;
    d->roster = roster;
    d->reopen_window = opt.reopen_window;
    d->auto_close_after = opt.auto_close_after;
    cs_strmap_init(&d->ticket_map, &d->alloc);
    cs_arena_init(&d->id_arena, &d->alloc);
    cs_strpool_init(&d->strings, &d->alloc);
    size_t hint = opt.expected_tickets;
    if (hint &&
        (cs_grow(&d->alloc, (void **)&d->tickets, &d->cap_tickets, hint, sizeof *d->tickets) ||
         !(d->ticket_ids =
               cs_realloc_array(&d->alloc, NULL, d->cap_tickets, sizeof *d->ticket_ids)) ||
         cs_strmap_reserve(&d->ticket_map, hint))) {
        csvc_desk_free(d);
        return cs_fail(NULL, CSVC_E_NOMEM, "desk_new: out of memory for %zu tickets", hint);
    }
    if (cs_desk_sync_roster(d) != CSVC_OK) {
        csvc_desk_free(d);
        return cs_fail(NULL, CSVC_E_NOMEM, "desk_new: out of memory");
    }
    *out = d;
    return CSVC_OK;
}

void csvc_desk_free(csvc_desk *d)
{
    if (!d)
        return;
    cs_journal_engine_freed(&d->journal);
    for (size_t i = 0; i < d->nteams_settings; i++)
        csvc_calendar_free(d->teams[i].calendar);
    csvc_calendar_free(d->default_calendar);
    cs_free(&d->alloc, d->teams);
    cs_free(&d->alloc, d->open_by_agent);
    cs_free(&d->alloc, d->policies);
    cs_free(&d->alloc, d->olas);
    cs_free(&d->alloc, d->log);
    cs_free(&d->alloc, d->tickets);
    cs_free(&d->alloc, d->ticket_ids);
    cs_free(&d->alloc, d->undo);
    cs_free(&d->alloc, d->scratch[0]);
    cs_free(&d->alloc, d->scratch[1]);
    cs_strmap_free(&d->ticket_map);
    cs_arena_free(&d->id_arena);
    cs_strpool_free(&d->strings);
    cs_alloc alloc = d->alloc;
    cs_free(&alloc, d);
}

const char *csvc_desk_errmsg(const csvc_desk *d)
{
    return d ? d->err.msg : "desk is NULL";
}

const csvc_roster *csvc_desk_roster(const csvc_desk *d)
{
    return d ? d->roster : NULL;
}

cs_journal *cs_desk_journal(csvc_desk *d)
{
    return &d->journal;
}

/* Journal steps 1 and 3-5 of a configuration change (there is no
 * application callback for them): `apply` makes the change, `undo` takes it
 * back when the journal refuses it. */
csvc_status cs_desk_change_config(csvc_desk *d, const char *fn,
                                  void (*apply)(csvc_desk *, void *),
                                  void (*undo)(csvc_desk *, void *), void *arg)
{
    csvc_status rc = cs_journal_open(&d->journal);
    if (rc == CSVC_OK) {
        apply(d, arg);
        rc = cs_journal_change(&d->journal, CS_DESK_CHANGE_CONFIG, NULL);
        if (rc == CSVC_OK)
            rc = cs_journal_close(&d->journal, 1);
        cs_journal_close(&d->journal, 0);
        if (rc != CSVC_OK)
            undo(d, arg);
    }
    if (rc == CSVC_OK)
        return CSVC_OK;
    char why[CS_ERRMSG_MAX / 2];
    snprintf(why, sizeof why, "%s", csvc_last_errmsg());
    return cs_fail(&d->err, rc, "%s: not stored (%s): %s", fn, csvc_status_str(rc), why);
}

csvc_status cs_desk_sync_roster(csvc_desk *d)
{
    size_t nteams = csvc_roster_team_count(d->roster), nagents = csvc_roster_agent_count(d->roster);
    if (nteams > d->nteams_settings) {
        cs_team_settings *t = cs_realloc_array(&d->alloc, d->teams, nteams, sizeof *t);
        if (!t)
            return CSVC_E_NOMEM;
        for (size_t i = d->nteams_settings; i < nteams; i++)
            t[i] = (cs_team_settings){NULL, -1, -1, 0};
        d->teams = t;
        d->nteams_settings = nteams;
    }
    if (nagents > d->nagents_tracked) {
        uint32_t *o = cs_realloc_array(&d->alloc, d->open_by_agent, nagents, sizeof *o);
        if (!o)
            return CSVC_E_NOMEM;
        memset(o + d->nagents_tracked, 0, (nagents - d->nagents_tracked) * sizeof *o);
        d->open_by_agent = o;
        d->nagents_tracked = nagents;
    }
    return CSVC_OK;
}

uint32_t cs_desk_find_ticket(const csvc_desk *d, const char *id)
{
    uint32_t v;
    return cs_strmap_get(&d->ticket_map, id, &v) ? v : CS_NONE;
}

/* Resolves an optional team id: NULL means the desk default. */
static csvc_status team_arg(csvc_desk *d, const char *team_id, uint32_t *team)
{
    *team = CS_NONE;
    if (!team_id)
        return CSVC_OK;
    *team = cs_roster_find_team(d->roster, team_id);
    if (*team == CS_NONE)
        return cs_fail(&d->err, CSVC_E_NOTFOUND, "team '%.64s' not found", team_id);
    if (cs_desk_sync_roster(d) != CSVC_OK)
        return cs_fail(&d->err, CSVC_E_NOMEM, "desk: out of memory");
    return CSVC_OK;
}

typedef struct reopen_change {
    int64_t *window, *close;
    int64_t now[2], was[2];
} reopen_change;

static void set_reopen(csvc_desk *d, void *arg)
{
    (void)d;
    reopen_change *c = arg;
    *c->window = c->now[0];
    *c->close = c->now[1];
}

static void unset_reopen(csvc_desk *d, void *arg)
{
    (void)d;
    reopen_change *c = arg;
    *c->window = c->was[0];
    *c->close = c->was[1];
}

csvc_status csvc_desk_set_reopen_policy(csvc_desk *d, const char *team_id, int64_t reopen_window,
                                        int64_t auto_close_after)
{
    if (!d)
        return cs_fail(NULL, CSVC_E_NULL, "set_reopen_policy: desk is NULL");
    if (reopen_window < 0 || auto_close_after < 0)
        return cs_fail(&d->err, CSVC_E_RANGE, "set_reopen_policy: %s is negative",
                       reopen_window < 0 ? "reopen_window" : "auto_close_after");
    CS_DESK_REFUSE_IF_BUSY(d, "set_reopen_policy");
    uint32_t team;
    csvc_status rc = team_arg(d, team_id, &team);
    if (rc != CSVC_OK)
        return rc;
    int64_t *window = team == CS_NONE ? &d->reopen_window : &d->teams[team].reopen_window;
    int64_t *close = team == CS_NONE ? &d->auto_close_after : &d->teams[team].auto_close_after;
    reopen_change c = {window, close, {reopen_window, auto_close_after}, {*window, *close}};
    return cs_desk_change_config(d, "set_reopen_policy", set_reopen, unset_reopen, &c);
}

typedef struct calendar_change {
    csvc_calendar **slot;
    csvc_calendar *other; /* the new calendar, then the one it replaced */
} calendar_change;

static void swap_calendar(csvc_desk *d, void *arg)
{
    (void)d;
    calendar_change *c = arg;
    csvc_calendar *t = *c->slot;
    *c->slot = c->other;
    c->other = t;
}

csvc_status csvc_desk_set_calendar(csvc_desk *d, const char *team_id, const csvc_calendar *cal)
{
    if (!d || !cal)
        return cs_fail(d ? &d->err : NULL, CSVC_E_NULL, "set_calendar: %s is NULL",
                       d ? "calendar" : "desk");
    CS_DESK_REFUSE_IF_BUSY(d, "set_calendar");
    uint32_t team;
    csvc_status rc = team_arg(d, team_id, &team);
    if (rc != CSVC_OK)
        return rc;
    calendar_change c = {team == CS_NONE ? &d->default_calendar : &d->teams[team].calendar, NULL};
    if (csvc_calendar_clone(cal, &c.other) != CSVC_OK)
        return cs_fail(&d->err, CSVC_E_NOMEM, "set_calendar: out of memory");
    rc = cs_desk_change_config(d, "set_calendar", swap_calendar, swap_calendar, &c);
    csvc_calendar_free(c.other); /* the replaced calendar, or the refused copy */
    return rc;
}

static void push_policy(csvc_desk *d, void *policy)
{
    d->policies[d->npolicy++] = *(const cs_sla_policy *)policy; /* room was reserved */
}

static void pop_policy(csvc_desk *d, void *policy)
{
    (void)policy;
    d->npolicy--;
}

csvc_status csvc_desk_add_sla_policy(csvc_desk *d, const csvc_sla_policy *p)
{
    if (!d || !p)
        return cs_fail(d ? &d->err : NULL, CSVC_E_NULL, "add_sla_policy: %s is NULL",
                       d ? "policy" : "desk");
    CS_DESK_REFUSE_IF_BUSY(d, "add_sla_policy");
    CS_RETURN_IF_BAD_VERSION(&d->err, p->version, CSVC_SLA_POLICY_VERSION, "sla_policy:");
    if (p->priority < -1 || p->priority >= CSVC_PRIORITY_COUNT)
        return cs_fail(&d->err, CSVC_E_RANGE, "sla_policy: priority %d out of range (-1..%d)",
                       (int)p->priority, CSVC_PRIORITY_COUNT - 1);
    if (p->category < -1 || p->category >= CSVC_CATEGORY_COUNT)
        return cs_fail(&d->err, CSVC_E_RANGE, "sla_policy: category %d out of range (-1..%d)",
                       (int)p->category, CSVC_CATEGORY_COUNT - 1);
    const char *negative = p->first_response < 0  ? "first_response"
                           : p->next_response < 0 ? "next_response"
                           : p->resolution < 0    ? "resolution"
                                                  : NULL;
    if (negative)
        return cs_fail(&d->err, CSVC_E_RANGE, "sla_policy: %s target is negative", negative);
    /* Targets beyond ~68 years of business time cannot be meant. */
    const int64_t max_target = INT64_C(1) << 31;
    if (p->first_response > max_target || p->next_response > max_target ||
        p->resolution > max_target)
        return cs_fail(&d->err, CSVC_E_RANGE, "sla_policy: target above %lld seconds",
                       (long long)max_target);
    if (p->pause_states & ~(CSVC_PAUSE_PENDING_CUSTOMER | CSVC_PAUSE_PENDING_INTERNAL))
        return cs_fail(&d->err, CSVC_E_RANGE, "sla_policy: pause_states 0x%x has unknown bits",
                       (unsigned)p->pause_states);
    uint32_t team;
    csvc_status rc = team_arg(d, p->team_id, &team);
    if (rc != CSVC_OK)
        return rc;
    if (cs_grow(&d->alloc, (void **)&d->policies, &d->cap_policies, d->npolicy + 1,
                sizeof *d->policies))
        return cs_fail(&d->err, CSVC_E_NOMEM, "add_sla_policy: out of memory");
    cs_sla_policy policy = {team,          p->priority,    p->category, p->first_response,
                            p->next_response, p->resolution, p->pause_states};
    return cs_desk_change_config(d, "add_sla_policy", push_policy, pop_policy, &policy);
}

const cs_sla_policy *cs_desk_policy(const csvc_desk *d, const cs_ticket *t)
{
    const cs_sla_policy *best = NULL;
    int best_score = -1;
    for (size_t i = 0; i < d->npolicy; i++) {
        const cs_sla_policy *p = &d->policies[i];
        if ((p->team != CS_NONE && p->team != t->team) ||
            (p->priority >= 0 && p->priority != t->priority) ||
            (p->category >= 0 && p->category != t->category))
            continue;
        int score = (p->team != CS_NONE) * 4 + (p->priority >= 0) * 2 + (p->category >= 0);
        if (score >= best_score) {
            best = p;
            best_score = score;
        }
    }
    return best;
}

int cs_desk_pauses(const csvc_desk *d, const cs_ticket *t, uint8_t reason)
{
    const cs_sla_policy *p = cs_desk_policy(d, t);
    uint32_t states = p ? p->pause_states : CSVC_PAUSE_PENDING_CUSTOMER;
    uint32_t bit =
        reason == CSVC_PEND_CUSTOMER ? CSVC_PAUSE_PENDING_CUSTOMER : CSVC_PAUSE_PENDING_INTERNAL;
    return (states & bit) != 0;
}

const csvc_calendar *cs_desk_calendar(const csvc_desk *d, uint32_t team)
{
    if (team < d->nteams_settings && d->teams[team].calendar)
        return d->teams[team].calendar;
    return d->default_calendar;
}

csvc_status csvc_desk_calendar_offset(const csvc_desk *d, const char *team_id, int32_t *out)
{
    if (!d || !out)
        return cs_fail(d ? (cs_errbuf *)&d->err : NULL, CSVC_E_NULL, "desk_calendar_offset: %s is NULL",
                       d ? "out" : "desk");
    uint32_t team = CS_NONE;
    if (team_id && (team = cs_roster_find_team(d->roster, team_id)) == CS_NONE)
        return cs_fail((cs_errbuf *)&d->err, CSVC_E_NOTFOUND,
                       "desk_calendar_offset: team '%.64s' not found", team_id);
    *out = csvc_calendar_utc_offset(team == CS_NONE ? d->default_calendar
                                                    : cs_desk_calendar(d, team));
    return CSVC_OK;
}

int64_t cs_desk_business(const csvc_desk *d, uint32_t team, int64_t from, int64_t to)
{
    if (to <= from)
        return 0;
    const csvc_calendar *cal = cs_desk_calendar(d, team);
    if (!cal)
        return to - from;
    int64_t out = 0;
    csvc_calendar_business_seconds(cal, from, to, &out);
    return out;
}

int64_t cs_desk_add_business(const csvc_desk *d, uint32_t team, int64_t from, int64_t seconds)
{
    const csvc_calendar *cal = cs_desk_calendar(d, team);
    if (!cal)
        return seconds > INT64_MAX - from ? INT64_MAX : from + seconds;
    int64_t out = INT64_MAX;
    csvc_calendar_add_business(cal, from, seconds, &out);
    return out;
}

int64_t cs_desk_reopen_window(const csvc_desk *d, uint32_t team)
{
    if (team < d->nteams_settings && d->teams[team].reopen_window >= 0)
        return d->teams[team].reopen_window;
    return d->reopen_window;
}

int64_t cs_desk_auto_close_after(const csvc_desk *d, uint32_t team)
{
    if (team < d->nteams_settings && d->teams[team].auto_close_after >= 0)
        return d->teams[team].auto_close_after;
    return d->auto_close_after;
}

void *cs_desk_scratch(const csvc_desk *cd, int slot, size_t size)
{
    /* Scratch is the desk's cache, not its state: a read-only call may grow it. */
    csvc_desk *d = (csvc_desk *)cd;
    if (d->scratch_size[slot] >= size && d->scratch[slot])
        return d->scratch[slot];
    void *p = d->alloc.realloc_fn(d->scratch[slot], size ? size : 1, d->alloc.ud);
    if (!p)
        return NULL;
    d->scratch[slot] = p;
    d->scratch_size[slot] = size;
    return p;
}

size_t csvc_desk_ticket_state_size(void)
{
    return sizeof(cs_ticket);
}
