/* Service metrics of the desk, a team, an agent, or every agent at once.
 *
 * One pass over the log in order (log order is apply order, and a ticket's
 * events are in time order) replays, per ticket, just what attribution needs:
 * the team, the assignee, the last resolver and a coarse state. Each fact of
 * the period is credited to a "key": the single bucket 0 of a desk, team or
 * agent scope (or nothing, when the fact belongs to another team or agent),
 * or the agent's roster index when every agent is computed at once. The
 * single-scope calls run the same code with one bucket, so both agree.
 *
 * Distinct-ticket counts (handled, resolved) are deduplicated exactly per
 * (ticket, key): each ticket keeps its last credited key inline, and a ticket
 * touched by a second key parks its pairs in a small hash set.
 *
 * A slice keeps the tickets of some categories, channels and priorities and
 * can split the results by one of these attributes: a ticket's attributes
 * never change, so each row is the same computation over a subset of the
 * tickets, and bucket = scope key * rows + the ticket's row.
 *
 * Durations are not stored during the scan: each ticket records which key
 * its first response, first resolution and latest resolution are credited
 * to; a final pass over the tickets computes the values from the hot ticket
 * state and scatters them grouped by key (counting sort), and medians and
 * p90 are selected in linear time (quickselect with a three-way partition,
 * falling back to qsort on a pathological input). */
#include "desk_internal.h"
#include "quantile.h"
#include "version_check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum mode { MODE_DESK, MODE_TEAM, MODE_AGENT, MODE_ALL };

/* Coarse ticket state while replaying (only open vs not matters). */
enum { TS_NONE = 0, TS_OPEN, TS_RESOLVED, TS_CLOSED, TS_CANCELLED };

#define SF_FROZEN 0x01u   /* the state at the period's end has been accounted */
#define SF_REPLIED 0x02u  /* the first agent reply has been seen */
#define SF_RESOLVED 0x04u /* the first resolution has been seen */

/* A ticket during the scan. Keys are CS_NONE when nothing is credited. */
typedef struct scratch {
    uint32_t team, agent, resolver; /* at the current point of the replay */
    uint32_t handled_key;           /* last key credited with handling it */
    uint32_t resolved_key;          /* last key credited with resolving it */
    uint32_t frt_key;               /* first reply in the period */
    uint32_t res_key;               /* first resolution in the period */
    uint32_t tot_key;               /* latest resolution in the period, not reopened */
    uint32_t rate_key;              /* latest rating in the period */
    uint8_t state, flags;
    uint8_t rate_val;    /* CSAT of the latest rating in the period */
    uint8_t resolved_fc; /* first-contact flag of resolved_key's latest resolve */
} scratch;

/* (ticket, key) pairs of tickets credited to more than one key, with one
 * payload byte each. Open addressing; UINT64_MAX marks an empty slot. */
typedef struct pairset {
    uint64_t *keys;
    uint8_t *vals;
    size_t mask, count;
} pairset;

#define PAIR_EMPTY UINT64_MAX

/* Counts of one bucket. */
typedef struct acc {
    int64_t handled, resolved, first_contact;
    int64_t frt_count, res_count, tot_count;
    int64_t sla_due, sla_met, reopened;
    int64_t csat_count, csat_good, csat_sum;
    int64_t complaints, transfers, escalations, backlog;
} acc;

typedef struct ctx {
    const csvc_desk *d;
    int mode;
    uint32_t target; /* team or agent index of a single scope */
    uint32_t categories, channels, priorities; /* slice masks; 0 keeps all */
    int by;                                    /* csvc_metrics_by */
    uint32_t rows, row;                        /* rows per scope key; the current ticket's */
    int64_t start, end;
    size_t nkeys;
    acc *acc;
    scratch *s;
    uint8_t *has_cal; /* per roster team: a calendar applies */
    pairset handled, resolved;
} ctx;

/* ---- pairs ----------------------------------------------------------------- */

static size_t pair_hash(uint64_t key, size_t mask)
{
    key *= UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(key >> 29) & mask;
}

static int pair_grow(const cs_alloc *a, pairset *ps)
{
    size_t cap = ps->keys ? (ps->mask + 1) * 2 : 64;
    uint64_t *keys = cs_realloc_array(a, NULL, cap, sizeof *keys);
    uint8_t *vals = cs_realloc_array(a, NULL, cap, sizeof *vals);
    if (!keys || !vals) {
        cs_free(a, keys);
        cs_free(a, vals);
        return -1;
    }
    memset(keys, 0xff, cap * sizeof *keys);
    for (size_t i = 0; ps->keys && i <= ps->mask; i++) {
        if (ps->keys[i] == PAIR_EMPTY)
            continue;
        size_t j = pair_hash(ps->keys[i], cap - 1);
        while (keys[j] != PAIR_EMPTY)
            j = (j + 1) & (cap - 1);
        keys[j] = ps->keys[i];
        vals[j] = ps->vals[i];
    }
    cs_free(a, ps->keys);
    cs_free(a, ps->vals);
    ps->keys = keys;
    ps->vals = vals;
    ps->mask = cap - 1;
    return 0;
}

/* The payload of (ticket, key), added as 0 when new (*fresh = 1); NULL when
 * out of memory. */
static uint8_t *pair_get(const cs_alloc *a, pairset *ps, uint32_t ticket, uint32_t key, int *fresh)
{
    if ((!ps->keys || (ps->count + 1) * 2 > ps->mask + 1) && pair_grow(a, ps))
        return NULL;
    uint64_t k = (uint64_t)ticket << 32 | key;
    size_t j = pair_hash(k, ps->mask);
    while (ps->keys[j] != PAIR_EMPTY) {
        if (ps->keys[j] == k) {
            *fresh = 0;
            return &ps->vals[j];
        }
        j = (j + 1) & ps->mask;
    }
    ps->keys[j] = k;
    ps->vals[j] = 0;
    ps->count++;
    *fresh = 1;
    return &ps->vals[j];
}

static void pair_free(const cs_alloc *a, pairset *ps)
{
    cs_free(a, ps->keys);
    cs_free(a, ps->vals);
}

/* Credits (ticket, key) with the ticket's inline last key and payload.
 * Returns the pair's payload (the inline one, which stays authoritative
 * while the key is inline) with *fresh = 1 the first time; NULL when out of
 * memory. */
static uint8_t *credit(ctx *c, pairset *ps, uint32_t ticket, uint32_t *last, uint8_t *val,
                       uint32_t key, int *fresh)
{
    *fresh = 0;
    if (*last == key)
        return val;
    if (*last == CS_NONE) {
        *last = key;
        *val = 0;
        *fresh = 1;
        return val;
    }
    /* Another key on this ticket: park the inline pair, fetch this one. */
    int parked_fresh;
    uint8_t *parked = pair_get(&c->d->alloc, ps, ticket, *last, &parked_fresh);
    if (!parked)
        return NULL;
    *parked = *val;
    uint8_t *mine = pair_get(&c->d->alloc, ps, ticket, key, fresh);
    if (!mine)
        return NULL;
    *last = key;
    *val = *mine;
    return val;
}

/* ---- attribution ----------------------------------------------------------- */

/* The scope's bucket of a fact attributed to `agent` (CS_NONE: nobody) in
 * `team`, before the slice's row. */
static inline uint32_t scope_key(const ctx *c, uint32_t agent, uint32_t team)
{
    switch (c->mode) {
    case MODE_DESK:
        return 0;
    case MODE_TEAM:
        return team == c->target ? 0 : CS_NONE;
    case MODE_AGENT:
        return agent == c->target ? 0 : CS_NONE;
    default:
        return agent;
    }
}

/* The bucket of a fact of the current ticket (row c->row). */
static inline uint32_t key_of(const ctx *c, uint32_t agent, uint32_t team)
{
    uint32_t key = scope_key(c, agent, team);
    return key == CS_NONE ? CS_NONE : key * c->rows + c->row;
}

static int in_slice(const ctx *c, const cs_ticket *t)
{
    return (!c->categories || (c->categories >> t->category & 1u)) &&
           (!c->channels || (c->channels >> t->channel & 1u)) &&
           (!c->priorities || (c->priorities >> t->priority & 1u));
}

static uint32_t row_of(const ctx *c, const cs_ticket *t)
{
    switch (c->by) {
    case CSVC_METRICS_BY_CATEGORY:
        return t->category;
    case CSVC_METRICS_BY_CHANNEL:
        return t->channel;
    case CSVC_METRICS_BY_PRIORITY:
        return t->priority;
    default:
        return 0;
    }
}

/* Sets the current ticket; 0 when the slice leaves it out. */
static inline int select_ticket(ctx *c, const cs_ticket *t)
{
    if (c->rows == 1 && !(c->categories | c->channels | c->priorities))
        return 1; /* no slice: the common case costs nothing */
    if (!in_slice(c, t))
        return 0;
    c->row = row_of(c, t);
    return 1;
}

/* Events whose NULL actor means the ticket's assignee (desk.h, csvc_event). */
static inline int assignee_acts(uint8_t type)
{
    switch (type) {
    case CSVC_EVENT_STARTED:
    case CSVC_EVENT_AGENT_REPLY:
    case CSVC_EVENT_INTERNAL_NOTE:
    case CSVC_EVENT_PENDED:
    case CSVC_EVENT_RESUMED:
    case CSVC_EVENT_RESOLVED:
        return 1;
    default:
        return 0;
    }
}

/* SLA compliance of a ticket that existed at the period's end, credited to
 * `key` (its assignee and team at the end). */
static void sla_credit(ctx *c, uint32_t index, uint32_t key)
{
    const csvc_desk *d = c->d;
    const cs_ticket *t = &d->tickets[index];
    const cs_sla_policy *p = cs_desk_policy(d, t);
    if (!p)
        return;
    int use_resolution = p->resolution > 0;
    int64_t target = use_resolution ? p->resolution : p->first_response;
    /* A due time is at least `target` elapsed seconds after creation
     * (business time never runs faster than the clock), so a ticket created
     * too late cannot be due in the period: skip the evaluation. */
    if (target <= 0 || t->created >= c->end ||
        (uint64_t)c->end - (uint64_t)t->created <= (uint64_t)target)
        return;
    int64_t last = d->log[t->last_event].time;
    csvc_sla_status st;
    memset(&st, 0, sizeof st);
    st.version = CSVC_SLA_STATUS_VERSION;
    cs_desk_sla_eval(d, index, last > c->end ? last : c->end, &st);
    int64_t due = use_resolution ? st.resolution_due : st.first_response_due;
    if (due == CSVC_TIME_NONE || due < c->start || due >= c->end)
        return;
    c->acc[key].sla_due++;
    if (!st.first_response_breached && !st.resolution_breached)
        c->acc[key].sla_met++;
}

/* Accounts the ticket's state at the period's end: backlog and SLA. Called
 * before its first event at or after the end, or after the scan. */
static void freeze(ctx *c, uint32_t index, scratch *s)
{
    s->flags |= SF_FROZEN;
    if (s->state == TS_NONE) /* created at or after the end */
        return;
    uint32_t key = key_of(c, s->agent, s->team);
    if (key == CS_NONE)
        return;
    if (s->state == TS_OPEN)
        c->acc[key].backlog++;
    if (c->d->npolicy > 0)
        sla_credit(c, index, key);
}

static csvc_status on_resolved(ctx *c, uint32_t index, scratch *s, uint32_t key, int fc)
{
    int fresh;
    uint8_t *v = credit(c, &c->resolved, index, &s->resolved_key, &s->resolved_fc, key, &fresh);
    if (!v)
        return CSVC_E_NOMEM;
    acc *a = &c->acc[key];
    if (fresh)
        a->resolved++;
    else
        a->first_contact -= *v;
    a->first_contact += fc;
    *v = (uint8_t)fc;
    return CSVC_OK;
}

/* Replays the log once. */
static csvc_status scan(ctx *c)
{
    const csvc_desk *d = c->d;
    const int64_t start = c->start, end = c->end;
    for (size_t i = 0; i < d->nevent; i++) {
        const cs_event *e = &d->log[i];
        const uint32_t index = e->ticket;
        if (!select_ticket(c, &d->tickets[index]))
            continue;
        scratch *s = &c->s[index];
        if (e->time >= end && !(s->flags & SF_FROZEN))
            freeze(c, index, s);
        const int in = e->time >= start && e->time < end;
        const uint32_t team = e->type == CSVC_EVENT_CREATED ? e->b : s->team;
        uint32_t actor = e->actor;
        if (actor == CS_NONE && assignee_acts(e->type))
            actor = s->agent;
        uint32_t key;
        if (in && actor != CS_NONE && (key = key_of(c, actor, team)) != CS_NONE) {
            int fresh;
            uint8_t unused = 0;
            if (!credit(c, &c->handled, index, &s->handled_key, &unused, key, &fresh))
                return CSVC_E_NOMEM;
            c->acc[key].handled += fresh;
        }
        switch (e->type) {
        case CSVC_EVENT_CREATED:
            s->team = e->b;
            s->state = TS_OPEN;
            break;
        case CSVC_EVENT_ASSIGNED:
            s->agent = e->a;
            break;
        case CSVC_EVENT_TRANSFERRED:
            if (in && (key = key_of(c, s->agent, s->team)) != CS_NONE)
                c->acc[key].transfers++;
            s->agent = e->a;
            if (e->b != CS_NONE)
                s->team = e->b;
            break;
        case CSVC_EVENT_ESCALATED:
            if (in && (key = key_of(c, s->agent, s->team)) != CS_NONE)
                c->acc[key].escalations++;
            break;
        case CSVC_EVENT_AGENT_REPLY:
            if (!(s->flags & SF_REPLIED)) {
                s->flags |= SF_REPLIED;
                if (in && (key = key_of(c, actor, team)) != CS_NONE) {
                    s->frt_key = key;
                    c->acc[key].frt_count++;
                }
            }
            break;
        case CSVC_EVENT_RESOLVED:
            s->resolver = actor;
            s->state = TS_RESOLVED;
            key = in ? key_of(c, actor, team) : CS_NONE;
            if (!(s->flags & SF_RESOLVED)) {
                s->flags |= SF_RESOLVED;
                if (key != CS_NONE) {
                    s->res_key = key;
                    c->acc[key].res_count++;
                }
            }
            if (s->tot_key != CS_NONE)
                c->acc[s->tot_key].tot_count--;
            s->tot_key = key;
            if (key != CS_NONE) {
                c->acc[key].tot_count++;
                if (on_resolved(c, index, s, key, e->value != 0) != CSVC_OK)
                    return CSVC_E_NOMEM;
            }
            break;
        case CSVC_EVENT_CLOSED:
            s->state = TS_CLOSED;
            break;
        case CSVC_EVENT_REOPENED:
            s->state = TS_OPEN;
            /* Total resolution counts only tickets still resolved now. */
            if (s->tot_key != CS_NONE) {
                c->acc[s->tot_key].tot_count--;
                s->tot_key = CS_NONE;
            }
            if (in && (key = key_of(c, s->resolver, team)) != CS_NONE)
                c->acc[key].reopened++;
            break;
        case CSVC_EVENT_RATED:
            if (!in)
                break;
            /* The latest rating of the period replaces an earlier one. */
            if (s->rate_key != CS_NONE) {
                acc *old = &c->acc[s->rate_key];
                old->csat_count--;
                old->csat_sum -= s->rate_val;
                old->csat_good -= s->rate_val >= 4;
            }
            s->rate_key = key_of(c, s->resolver != CS_NONE ? s->resolver : s->agent, team);
            s->rate_val = (uint8_t)e->value;
            if (s->rate_key != CS_NONE) {
                acc *a = &c->acc[s->rate_key];
                a->csat_count++;
                a->csat_sum += s->rate_val;
                a->csat_good += s->rate_val >= 4;
            }
            break;
        case CSVC_EVENT_COMPLAINT:
            if (in &&
                (key = key_of(c, s->resolver != CS_NONE ? s->resolver : s->agent, team)) != CS_NONE)
                c->acc[key].complaints++;
            break;
        case CSVC_EVENT_CANCELLED:
            s->state = TS_CANCELLED;
            break;
        default:
            break;
        }
    }
    return CSVC_OK;
}

/* ---- durations --------------------------------------------------------------- */

/* Business seconds of the ticket's current team from creation to `to`,
 * less the paused business seconds. */
static int64_t duration(const ctx *c, const cs_ticket *t, int64_t to, int32_t paused)
{
    int64_t b;
    if (c->has_cal[t->team])
        b = cs_desk_business(c->d, t->team, t->created, to);
    else
        b = to > t->created ? to - t->created : 0;
    return b - paused;
}

static double ratio(int64_t num, int64_t den, double scale)
{
    return den ? (double)num * scale / (double)den : NAN;
}

/* Writes bucket `a` with its duration values into *out. */
static void fill(csvc_metrics *out, uint32_t version, const acc *a, int64_t *frt, int64_t *res,
                 int64_t *tot)
{
    csvc_metrics m;
    memset(&m, 0, sizeof m);
    m.version = version;
    m.handled = a->handled;
    m.resolved = a->resolved;
    m.resolution_rate = ratio(a->resolved, a->handled, 1);
    m.first_contact = a->first_contact;
    m.fcr = ratio(a->first_contact, a->resolved, 1);
    m.first_response_count = a->frt_count;
    cs_stats_i64(frt, (size_t)a->frt_count, &m.first_response_mean, &m.first_response_median,
          &m.first_response_p90);
    m.resolution_count = a->res_count;
    cs_stats_i64(res, (size_t)a->res_count, &m.resolution_mean, &m.resolution_median, &m.resolution_p90);
    cs_stats_i64(tot, (size_t)a->tot_count, &m.total_resolution_mean, &m.total_resolution_median,
          &m.total_resolution_p90);
    m.sla_due = a->sla_due;
    m.sla_met = a->sla_met;
    m.sla_compliance = ratio(a->sla_met, a->sla_due, 1);
    m.reopened = a->reopened;
    m.reopen_rate = ratio(a->reopened, a->resolved, 1);
    m.csat_count = a->csat_count;
    m.csat = ratio(a->csat_good, a->csat_count, 1);
    m.csat_mean = ratio(a->csat_sum, a->csat_count, 1);
    m.complaints = a->complaints;
    m.complaint_rate = ratio(a->complaints, a->handled, 100);
    m.transfers = a->transfers;
    m.escalations = a->escalations;
    m.transfer_rate = ratio(a->transfers, a->handled, 1);
    m.escalation_rate = ratio(a->escalations, a->handled, 1);
    m.backlog = a->backlog;
    *out = m;
}

/* ---- driver ------------------------------------------------------------------ */

static void ctx_free(ctx *c)
{
    const cs_alloc *a = &c->d->alloc;
    cs_free(a, c->acc);
    cs_free(a, c->has_cal);
    pair_free(a, &c->handled);
    pair_free(a, &c->resolved);
}

/* Runs the scan and the final pass, then writes out[0..nkeys), each with
 * its own version (0 meaning ::CSVC_METRICS_VERSION). */
static csvc_status compute(ctx *c, csvc_metrics *out)
{
    const csvc_desk *d = c->d;
    const cs_alloc *al = &d->alloc;
    const size_t nticket = d->nticket, nteams = csvc_roster_team_count(d->roster);
    c->acc = cs_calloc(al, c->nkeys, sizeof *c->acc);
    c->s = nticket > SIZE_MAX / sizeof *c->s ? NULL
                                             : cs_desk_scratch(d, 0, nticket * sizeof *c->s);
    c->has_cal = cs_calloc(al, nteams, sizeof *c->has_cal);
    if (!c->acc || !c->s || !c->has_cal)
        return CSVC_E_NOMEM;
    for (size_t i = 0; i < nteams; i++)
        c->has_cal[i] = cs_desk_calendar(d, (uint32_t)i) != NULL;
    const scratch blank = {CS_NONE, CS_NONE, CS_NONE, CS_NONE, CS_NONE, CS_NONE, CS_NONE,
                           CS_NONE, CS_NONE, TS_NONE, 0,       0,       0};
    for (size_t i = 0; i < nticket; i++)
        c->s[i] = blank;
    csvc_status rc = scan(c);
    if (rc != CSVC_OK)
        return rc;

    /* Group the durations by key: offsets from the counts, then scatter. */
    size_t nf = 0, nr = 0, nt = 0;
    for (size_t k = 0; k < c->nkeys; k++) {
        nf += (size_t)c->acc[k].frt_count;
        nr += (size_t)c->acc[k].res_count;
        nt += (size_t)c->acc[k].tot_count;
    }
    size_t *pos = cs_realloc_array(al, NULL, c->nkeys, 3 * sizeof *pos);
    int64_t *vals = cs_desk_scratch(d, 1, (nf + nr + nt) * sizeof *vals);
    if (!pos || !vals) {
        cs_free(al, pos);
        return CSVC_E_NOMEM;
    }
    size_t *pf = pos, *pr = pos + c->nkeys, *pt = pos + 2 * c->nkeys;
    size_t of = 0, orr = nf, ot = nf + nr;
    for (size_t k = 0; k < c->nkeys; k++) {
        pf[k] = of;
        pr[k] = orr;
        pt[k] = ot;
        of += (size_t)c->acc[k].frt_count;
        orr += (size_t)c->acc[k].res_count;
        ot += (size_t)c->acc[k].tot_count;
    }
    for (size_t i = 0; i < nticket; i++) {
        scratch *s = &c->s[i];
        const cs_ticket *t = &d->tickets[i];
        if (!select_ticket(c, t))
            continue;
        if (!(s->flags & SF_FROZEN))
            freeze(c, (uint32_t)i, s);
        if (s->frt_key != CS_NONE)
            vals[pf[s->frt_key]++] = duration(c, t, t->first_response, t->paused_first_response);
        int64_t first = 0;
        if (s->res_key != CS_NONE)
            vals[pr[s->res_key]++] = first =
                duration(c, t, t->first_resolved, t->paused_first_resolved);
        if (s->tot_key != CS_NONE)
            /* Same inputs as the first resolution (never reopened): reuse it. */
            vals[pt[s->tot_key]++] = s->res_key != CS_NONE && t->resolved == t->first_resolved &&
                                             t->paused == t->paused_first_resolved
                                         ? first
                                         : duration(c, t, t->resolved, t->paused);
    }
    /* Nothing can fail from here on: write the results. */
    of = 0, orr = nf, ot = nf + nr;
    for (size_t k = 0; k < c->nkeys; k++) {
        const acc *a = &c->acc[k];
        uint32_t version = out[k].version ? out[k].version : CSVC_METRICS_VERSION;
        fill(&out[k], version, a, vals + of, vals + orr, vals + ot);
        of += (size_t)a->frt_count;
        orr += (size_t)a->res_count;
        ot += (size_t)a->tot_count;
    }
    cs_free(al, pos);
    return CSVC_OK;
}

static cs_errbuf *errbuf(const csvc_desk *d)
{
    return (cs_errbuf *)&d->err;
}

static csvc_status check_period(const csvc_desk *d, const char *fn, const csvc_period *p)
{
    if (p->end < p->start)
        return cs_fail(errbuf(d), CSVC_E_RANGE, "%s: period ends (%lld) before it starts (%lld)",
                       fn, (long long)p->end, (long long)p->start);
    return CSVC_OK;
}

/* Checks the period, then one pass of `c` into `out`. */
static csvc_status run(ctx *c, const char *fn, const csvc_period *period, csvc_metrics *out)
{
    csvc_status rc = check_period(c->d, fn, period);
    if (rc != CSVC_OK)
        return rc;
    c->start = period->start;
    c->end = period->end;
    rc = compute(c, out);
    ctx_free(c);
    return rc == CSVC_OK ? CSVC_OK : cs_fail(errbuf(c->d), rc, "%s: out of memory", fn);
}

/* Sets the scope of `c` from the public arguments. */
static csvc_status set_scope(ctx *c, const char *fn, csvc_scope scope, const char *id)
{
    const csvc_desk *d = c->d;
    switch (scope) {
    case CSVC_SCOPE_DESK:
        if (id)
            return cs_fail(errbuf(d), CSVC_E_INVALID, "%s: the desk scope takes no id ('%.64s')",
                           fn, id);
        c->mode = MODE_DESK;
        return CSVC_OK;
    case CSVC_SCOPE_TEAM:
    case CSVC_SCOPE_AGENT: {
        const char *what = scope == CSVC_SCOPE_TEAM ? "team" : "agent";
        if (!id)
            return cs_fail(errbuf(d), CSVC_E_NULL, "%s: %s id is NULL", fn, what);
        c->mode = scope == CSVC_SCOPE_TEAM ? MODE_TEAM : MODE_AGENT;
        c->target = scope == CSVC_SCOPE_TEAM ? cs_roster_find_team(d->roster, id)
                                             : cs_roster_find_agent(d->roster, id);
        if (c->target == CS_NONE)
            return cs_fail(errbuf(d), CSVC_E_NOTFOUND, "%s: %s '%.64s' not found", fn, what, id);
        return CSVC_OK;
    }
    default:
        return cs_fail(errbuf(d), CSVC_E_INVALID, "%s: scope %d unknown (0 desk, 1 team, 2 agent)",
                       fn, (int)scope);
    }
}

static uint32_t rows_of(csvc_metrics_by by)
{
    return by == CSVC_METRICS_BY_CATEGORY  ? CSVC_CATEGORY_COUNT
           : by == CSVC_METRICS_BY_CHANNEL ? CSVC_CHANNEL_COUNT
           : by == CSVC_METRICS_BY_PRIORITY ? CSVC_PRIORITY_COUNT
                                            : 1;
}

/* Sets the slice of `c` (NULL: none). */
static csvc_status set_slice(ctx *c, const char *fn, const csvc_metrics_slice *slice)
{
    c->rows = 1;
    c->row = 0;
    if (!slice)
        return CSVC_OK;
    const csvc_desk *d = c->d;
    CS_RETURN_IF_BAD_VERSION(errbuf(d), slice->version, CSVC_METRICS_SLICE_VERSION, "%s: slice",
                             fn);
    static const struct {
        const char *name;
        uint32_t count;
    } fields[3] = {{"categories", CSVC_CATEGORY_COUNT},
                   {"channels", CSVC_CHANNEL_COUNT},
                   {"priorities", CSVC_PRIORITY_COUNT}};
    const uint32_t masks[3] = {slice->categories, slice->channels, slice->priorities};
    for (int i = 0; i < 3; i++)
        if (masks[i] >> fields[i].count)
            return cs_fail(errbuf(d), CSVC_E_RANGE, "%s: slice %s 0x%x has bits beyond %u values",
                           fn, fields[i].name, (unsigned)masks[i], (unsigned)fields[i].count);
    if ((unsigned)slice->by > CSVC_METRICS_BY_PRIORITY)
        return cs_fail(errbuf(d), CSVC_E_INVALID,
                       "%s: slice by %d unknown (0 none, 1 category, 2 channel, 3 priority)", fn,
                       (int)slice->by);
    c->categories = slice->categories;
    c->channels = slice->channels;
    c->priorities = slice->priorities;
    c->by = (int)slice->by;
    c->rows = rows_of(slice->by);
    return CSVC_OK;
}

/* Checks the caller's metrics structs (version 0 takes the default). */
static csvc_status check_out(const csvc_desk *d, const char *fn, const csvc_metrics *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (out[i].version != 0)
            CS_RETURN_IF_BAD_VERSION(errbuf(d), out[i].version, CSVC_METRICS_VERSION,
                                     "%s: out[%zu]: metrics", fn, i);
    return CSVC_OK;
}

static csvc_status scoped(const csvc_desk *d, const char *fn, csvc_scope scope, const char *id,
                          const csvc_period *period, const csvc_metrics_slice *slice,
                          csvc_metrics *out, size_t n)
{
    ctx c;
    memset(&c, 0, sizeof c);
    c.d = d;
    c.target = CS_NONE;
    csvc_status rc = set_scope(&c, fn, scope, id);
    if (rc == CSVC_OK)
        rc = set_slice(&c, fn, slice);
    if (rc != CSVC_OK)
        return rc;
    if (n != c.rows)
        return cs_fail(errbuf(d), CSVC_E_INVALID, "%s: n is %zu but the slice has %u rows", fn,
                       n, (unsigned)c.rows);
    if ((rc = check_out(d, fn, out, n)) != CSVC_OK)
        return rc;
    c.nkeys = c.rows;
    return run(&c, fn, period, out);
}

csvc_status csvc_desk_metrics(const csvc_desk *d, csvc_scope scope, const char *id,
                              const csvc_period *period, csvc_metrics *out)
{
    static const char fn[] = "desk_metrics";
    if (!d || !period || !out)
        return cs_fail(d ? errbuf(d) : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !d        ? "desk"
                       : !period ? "period"
                                 : "out");
    CS_RETURN_IF_BAD_VERSION(errbuf(d), out->version, CSVC_METRICS_VERSION, "%s: metrics", fn);
    return scoped(d, fn, scope, id, period, NULL, out, 1);
}

csvc_status csvc_desk_metrics_sliced(const csvc_desk *d, csvc_scope scope, const char *id,
                                     const csvc_period *period, const csvc_metrics_slice *slice,
                                     csvc_metrics *out, size_t n)
{
    static const char fn[] = "desk_metrics_sliced";
    if (!d || !period || !slice || !out)
        return cs_fail(d ? errbuf(d) : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !d        ? "desk"
                       : !period ? "period"
                       : !slice  ? "slice"
                                 : "out");
    return scoped(d, fn, scope, id, period, slice, out, n);
}

static csvc_status all_agents(const csvc_desk *d, const char *fn, const csvc_period *period,
                              const csvc_metrics_slice *slice, csvc_metrics *out, size_t n)
{
    if (!d || !period || !out)
        return cs_fail(d ? errbuf(d) : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !d        ? "desk"
                       : !period ? "period"
                                 : "out");
    ctx c;
    memset(&c, 0, sizeof c);
    c.d = d;
    c.mode = MODE_ALL;
    c.target = CS_NONE;
    csvc_status rc = set_slice(&c, fn, slice);
    if (rc != CSVC_OK)
        return rc;
    size_t nagents = csvc_roster_agent_count(d->roster);
    if (n != nagents * c.rows)
        return cs_fail(errbuf(d), CSVC_E_INVALID,
                       c.rows == 1 ? "%s: n is %zu but the roster has %zu agents"
                                   : "%s: n is %zu but the roster has %zu agents (times %u rows)",
                       fn, n, nagents, (unsigned)c.rows);
    if ((rc = check_out(d, fn, out, n)) != CSVC_OK)
        return rc;
    if (n == 0)
        return check_period(d, fn, period);
    c.nkeys = n;
    return run(&c, fn, period, out);
}

csvc_status csvc_desk_metrics_all_agents(const csvc_desk *d, const csvc_period *period,
                                         csvc_metrics *out, size_t n)
{
    return all_agents(d, "desk_metrics_all_agents", period, NULL, out, n);
}

csvc_status csvc_desk_metrics_all_agents_sliced(const csvc_desk *d, const csvc_period *period,
                                                const csvc_metrics_slice *slice,
                                                csvc_metrics *out, size_t n)
{
    if (d && !slice)
        return cs_fail(errbuf(d), CSVC_E_NULL, "desk_metrics_all_agents_sliced: slice is NULL");
    return all_agents(d, "desk_metrics_all_agents_sliced", period, slice, out, n);
}

/* ---- daily series ------------------------------------------------------------ */

/* The local date (days since the epoch) of instant t at `offset`. */
static int64_t local_day(int64_t t, int32_t offset)
{
    int64_t s = t + offset;
    return s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
}

/* The local dates [start, end) touches at `offset`, with a message in
 * `err` naming `fn` when the arguments are out of range. */
static csvc_status day_count(cs_errbuf *err, const char *fn, const csvc_period *period,
                             int32_t utc_offset, size_t *out)
{
    if (utc_offset < -CSVC_UTC_OFFSET_MAX || utc_offset > CSVC_UTC_OFFSET_MAX)
        return cs_fail(err, CSVC_E_RANGE, "%s: utc_offset %d beyond +-%d", fn, (int)utc_offset,
                       CSVC_UTC_OFFSET_MAX);
    if (period->end < period->start)
        return cs_fail(err, CSVC_E_RANGE, "%s: period ends (%lld) before it starts (%lld)", fn,
                       (long long)period->end, (long long)period->start);
    *out = period->end == period->start
               ? 0
               : (size_t)(local_day(period->end - 1, utc_offset) -
                          local_day(period->start, utc_offset) + 1);
    return CSVC_OK;
}

csvc_status csvc_metrics_day_count(const csvc_period *period, int32_t utc_offset, size_t *out)
{
    if (!period || !out)
        return cs_fail(NULL, CSVC_E_NULL, "metrics_day_count: %s is NULL",
                       period ? "out" : "period");
    return day_count(NULL, "metrics_day_count", period, utc_offset, out);
}

csvc_status csvc_desk_metrics_daily(const csvc_desk *d, csvc_scope scope, const char *id,
                                    const csvc_period *period, int32_t utc_offset,
                                    const csvc_metrics_slice *slice, csvc_metrics *out, size_t n)
{
    static const char fn[] = "desk_metrics_daily";
    if (!d || !period || !out)
        return cs_fail(d ? errbuf(d) : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !d        ? "desk"
                       : !period ? "period"
                                 : "out");
    size_t days;
    csvc_status rc = day_count(errbuf(d), fn, period, utc_offset, &days);
    if (rc != CSVC_OK)
        return rc;
    ctx probe;
    memset(&probe, 0, sizeof probe);
    probe.d = d;
    probe.target = CS_NONE;
    if ((rc = set_scope(&probe, fn, scope, id)) != CSVC_OK ||
        (rc = set_slice(&probe, fn, slice)) != CSVC_OK)
        return rc;
    size_t rows = probe.rows;
    if (n != days * rows)
        return cs_fail(errbuf(d), CSVC_E_INVALID,
                       "%s: n is %zu but the period has %zu days (times %zu rows)", fn, n, days,
                       rows);
    if ((rc = check_out(d, fn, out, n)) != CSVC_OK)
        return rc;
    /* Each day exactly as its own call: backlog and SLA at each day's end,
     * distinct tickets per day. */
    int64_t first_day = local_day(period->start, utc_offset);
    for (size_t k = 0; k < days; k++) {
        csvc_period day;
        int64_t midnight = (first_day + (int64_t)k) * 86400 - utc_offset;
        day.start = k == 0 ? period->start : midnight;
        day.end = k + 1 == days ? period->end : midnight + 86400;
        if ((rc = scoped(d, fn, scope, id, &day, slice, out + k * rows, rows)) != CSVC_OK)
            return rc;
    }
    return CSVC_OK;
}
