/* Reading the desk: the public views of tickets and events, iteration, and
 * the state checksum. */
#include "desk_internal.h"

#include <string.h>

static const char *ticket_id_of(const csvc_desk *d, uint32_t index)
{
    return index == CS_NONE ? NULL : d->ticket_ids[index];
}

static const char *agent_id_of(const csvc_desk *d, uint32_t index)
{
    return index == CS_NONE ? NULL : cs_roster_agent_id(d->roster, index);
}

static const char *team_id_of(const csvc_desk *d, uint32_t index)
{
    return index == CS_NONE ? NULL : cs_roster_team_id(d->roster, index);
}

void cs_desk_event_view(const csvc_desk *d, size_t index, csvc_event *out)
{
    const cs_event *e = &d->log[index];
    csvc_event view = CSVC_EVENT_INIT;
    view.type = (csvc_event_type)e->type;
    view.ticket_id = d->ticket_ids[e->ticket];
    view.time = e->time;
    view.actor_id = agent_id_of(d, e->actor);
    view.seq = (uint64_t)index + 1;
    switch (view.type) {
    case CSVC_EVENT_CREATED:
        view.customer_id = cs_strpool_get(&d->strings, e->a);
        view.team_id = team_id_of(d, e->b);
        view.related_id = ticket_id_of(d, e->c);
        view.channel = (csvc_channel)(e->value & 0xf);
        view.category = (csvc_category)((e->value >> 4) & 0xf);
        view.priority = (csvc_priority)((e->value >> 8) & 0xf);
        break;
    case CSVC_EVENT_ASSIGNED:
        view.agent_id = agent_id_of(d, e->a);
        break;
    case CSVC_EVENT_TRANSFERRED:
        view.agent_id = agent_id_of(d, e->a);
        view.team_id = team_id_of(d, e->b);
        break;
    case CSVC_EVENT_RESOLVED:
    case CSVC_EVENT_RATED:
        view.code = cs_strpool_get(&d->strings, e->b);
        view.value = e->value;
        break;
    case CSVC_EVENT_PENDED:
        view.code = cs_strpool_get(&d->strings, e->b);
        view.value = e->value;
        break;
    case CSVC_EVENT_ESCALATED:
        view.value = e->value;
        break;
    case CSVC_EVENT_CANCELLED:
        view.related_id = ticket_id_of(d, e->c);
        break;
    default:
        break;
    }
    *out = view;
}

uint64_t csvc_desk_event_count(const csvc_desk *d)
{
    return d ? d->nevent : 0;
}

csvc_status csvc_desk_event_at(const csvc_desk *d, uint64_t seq, csvc_event *out)
{
    if (!d || !out)
        return cs_fail(d ? (cs_errbuf *)&d->err : NULL, CSVC_E_NULL, "event_at: %s is NULL",
                       d ? "out" : "desk");
    if (seq == 0 || seq > d->nevent)
        return cs_fail((cs_errbuf *)&d->err, CSVC_E_RANGE,
                       "event_at: seq %llu out of range (1..%zu)", (unsigned long long)seq,
                       d->nevent);
    cs_desk_event_view(d, (size_t)(seq - 1), out);
    return CSVC_OK;
}

/* Marks a walk in progress: the visitor may read the desk, not change it.
 * The flag is bookkeeping, not state, so a const desk may carry it. */
static void busy(const csvc_desk *d, int delta)
{
    ((csvc_desk *)d)->busy += delta;
}

csvc_status csvc_desk_foreach_event(const csvc_desk *d, const char *ticket_id,
                                    const csvc_period *period, csvc_event_visit_fn fn,
                                    void *user_data)
{
    if (!d || !fn)
        return cs_fail(d ? (cs_errbuf *)&d->err : NULL, CSVC_E_NULL, "foreach_event: %s is NULL",
                       d ? "fn" : "desk");
    if (period && period->end < period->start)
        return cs_fail((cs_errbuf *)&d->err, CSVC_E_RANGE,
                       "foreach_event: period ends before it starts");
    csvc_event view;
    if (ticket_id) {
        uint32_t t = cs_desk_find_ticket(d, ticket_id);
        if (t == CS_NONE)
            return cs_fail((cs_errbuf *)&d->err, CSVC_E_NOTFOUND, "ticket %.64s: not found",
                           ticket_id);
        /* The chain runs backwards; collect it, then visit in order. */
        uint32_t n = d->tickets[t].event_count;
        uint32_t *chain = cs_calloc(&d->alloc, n ? n : 1, sizeof *chain);
        if (!chain)
            return cs_fail((cs_errbuf *)&d->err, CSVC_E_NOMEM, "foreach_event: out of memory");
        uint32_t k = n;
        for (uint32_t e = d->tickets[t].last_event; e != CS_NONE && k > 0; e = d->log[e].prev)
            chain[--k] = e;
        int stop = 0;
        busy(d, 1);
        for (uint32_t i = 0; i < n && !stop; i++) {
            if (period && !csvc_period_contains(period, d->log[chain[i]].time))
                continue;
            cs_desk_event_view(d, chain[i], &view);
            stop = fn(&view, user_data);
        }
        busy(d, -1);
        cs_free(&d->alloc, chain);
        return (csvc_status)stop;
    }
    /* The walk covers the events present when it started. */
    size_t n = d->nevent;
    int stop = 0;
    busy(d, 1);
    for (size_t i = 0; i < n && !stop; i++) {
        if (period && !csvc_period_contains(period, d->log[i].time))
            continue;
        cs_desk_event_view(d, i, &view);
        stop = fn(&view, user_data);
    }
    busy(d, -1);
    return (csvc_status)stop;
}

/* The time of the close that left the ticket closed. */
static int64_t closed_time(const csvc_desk *d, const cs_ticket *t)
{
    if (t->state != CSVC_STATE_CLOSED)
        return CSVC_TIME_NONE;
    for (uint32_t e = t->last_event; e != CS_NONE; e = d->log[e].prev)
        if (d->log[e].type == CSVC_EVENT_CLOSED)
            return d->log[e].time;
    return CSVC_TIME_NONE;
}

static void ticket_view(const csvc_desk *d, uint32_t index, csvc_ticket_info *out)
{
    const cs_ticket *t = &d->tickets[index];
    csvc_ticket_info v;
    memset(&v, 0, sizeof v);
    v.version = CSVC_TICKET_INFO_VERSION;
    v.id = d->ticket_ids[index];
    v.customer_id = cs_strpool_get(&d->strings, t->customer);
    v.team_id = team_id_of(d, t->team);
    v.agent_id = agent_id_of(d, t->agent);
    v.related_id = ticket_id_of(d, t->related);
    v.channel = (csvc_channel)t->channel;
    v.category = (csvc_category)t->category;
    v.priority = (csvc_priority)t->priority;
    v.state = (csvc_ticket_state)t->state;
    v.tier = t->tier;
    v.reopen_count = t->reopen_count;
    v.transfer_count = t->transfer_count;
    v.csat = t->csat;
    v.complaints = t->complaints;
    v.first_contact = (t->flags & CS_TF_FIRST_CONTACT) != 0;
    v.created = t->created;
    v.first_response = t->first_response;
    v.first_resolved = t->first_resolved;
    v.resolved = t->resolved;
    v.closed = closed_time(d, t);
    v.event_count = t->event_count;
    *out = v;
}

csvc_status csvc_desk_get_ticket(const csvc_desk *d, const char *ticket_id, csvc_ticket_info *out)
{
    if (!d || !ticket_id || !out)
        return cs_fail(d ? (cs_errbuf *)&d->err : NULL, CSVC_E_NULL, "get_ticket: %s is NULL",
                       !d           ? "desk"
                       : !ticket_id ? "ticket_id"
                                    : "out");
    uint32_t t = cs_desk_find_ticket(d, ticket_id);
    if (t == CS_NONE)
        return cs_fail((cs_errbuf *)&d->err, CSVC_E_NOTFOUND, "ticket %.64s: not found", ticket_id);
    ticket_view(d, t, out);
    return CSVC_OK;
}

size_t csvc_desk_ticket_count(const csvc_desk *d)
{
    return d ? d->nticket : 0;
}

csvc_status csvc_desk_ticket_at(const csvc_desk *d, size_t index, csvc_ticket_info *out)
{
    if (!d || !out)
        return cs_fail(d ? (cs_errbuf *)&d->err : NULL, CSVC_E_NULL, "ticket_at: %s is NULL",
                       d ? "out" : "desk");
    if (index >= d->nticket)
        return cs_fail((cs_errbuf *)&d->err, CSVC_E_RANGE,
                       "ticket_at: index %zu out of range (%zu tickets)", index, d->nticket);
    ticket_view(d, (uint32_t)index, out);
    return CSVC_OK;
}

/* ---- checksum ------------------------------------------------------------ */

typedef struct digest {
    uint64_t h;
} digest;

static void mix(digest *g, uint64_t v)
{
    /* One round of a 64-bit multiply-xorshift mixer per word. */
    g->h ^= v + 0x9e3779b97f4a7c15ull + (g->h << 6) + (g->h >> 2);
    g->h *= 0xbf58476d1ce4e5b9ull;
    g->h ^= g->h >> 31;
}

static void mix_str(digest *g, const char *s)
{
    if (!s) {
        mix(g, 0xffffffffffffffffull);
        return;
    }
    size_t len = strlen(s);
    mix(g, len);
    for (size_t i = 0; i < len; i += 8) {
        uint64_t w = 0;
        memcpy(&w, s + i, len - i < 8 ? len - i : 8);
        mix(g, w);
    }
}

/* Field by field, never raw struct bytes: padding is not state. */
static void mix_ticket(digest *g, const csvc_desk *d, uint32_t i)
{
    const cs_ticket *t = &d->tickets[i];
    mix_str(g, d->ticket_ids[i]);
    mix_str(g, cs_strpool_get(&d->strings, t->customer));
    int64_t times[] = {t->created,  t->first_response, t->first_resolved,
                       t->resolved, t->pause_start,    t->awaiting_since};
    for (size_t k = 0; k < sizeof times / sizeof times[0]; k++)
        mix(g, (uint64_t)times[k]);
    mix(g, (uint64_t)t->team << 32 | t->agent);
    mix(g, (uint64_t)t->related << 32 | t->last_event);
    mix(g, (uint64_t)t->event_count << 32 | (uint32_t)t->paused);
    mix(g, (uint64_t)(uint32_t)t->paused_first_response << 32 | (uint32_t)t->paused_first_resolved);
    mix(g, (uint64_t)(uint32_t)t->shift_first << 32 | (uint32_t)t->shift_resolution);
    mix(g, (uint32_t)t->shift_next);
    uint64_t small = 0;
    const uint8_t bytes[] = {t->state,          t->channel,     t->category,   t->priority,
                             t->tier,           t->csat,        t->complaints, t->reopen_count,
                             t->transfer_count, t->pend_reason, t->flags};
    for (size_t k = 0; k < sizeof bytes; k++)
        small = small * 257 + bytes[k];
    mix(g, small);
}

csvc_status csvc_desk_checksum(const csvc_desk *d, uint64_t *out)
{
    if (!d || !out)
        return cs_fail(d ? (cs_errbuf *)&d->err : NULL, CSVC_E_NULL, "checksum: %s is NULL",
                       d ? "out" : "desk");
    digest g = {0x6c62272e07bb0142ull};
    mix(&g, d->nticket);
    for (uint32_t i = 0; i < d->nticket; i++)
        mix_ticket(&g, d, i);
    mix(&g, d->nevent);
    for (size_t i = 0; i < d->nevent; i++) {
        const cs_event *e = &d->log[i];
        mix(&g, (uint64_t)e->time);
        mix(&g, (uint64_t)e->ticket << 32 | e->prev);
        /* Pool indexes depend on interning history (a rolled-back import
         * leaves strings behind), so pooled fields are hashed as text. */
        int a_pooled = e->type == CSVC_EVENT_CREATED;
        int b_pooled = e->type == CSVC_EVENT_RESOLVED || e->type == CSVC_EVENT_RATED ||
                       e->type == CSVC_EVENT_PENDED;
        mix(&g, (uint64_t)e->actor << 32 | (a_pooled ? 0 : e->a));
        mix(&g, (uint64_t)(b_pooled ? 0 : e->b) << 32 | e->c);
        if (a_pooled)
            mix_str(&g, cs_strpool_get(&d->strings, e->a));
        if (b_pooled)
            mix_str(&g, cs_strpool_get(&d->strings, e->b));
        mix(&g, (uint64_t)e->value << 8 | e->type);
    }
    *out = g.h;
    return CSVC_OK;
}
