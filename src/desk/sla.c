/* SLA clocks in business time, the dispatch queue and the breached list.
 *
 * A clock starts at `start` (creation, or the customer reply that opened a
 * next-response cycle) with a target in business seconds of the ticket's
 * team calendar. A pause that begins before the clock's due pushes the due
 * out by its length; one that begins after it does not (a missed due is
 * fixed):
 *   due     = add_business(start, target + shift)
 *   elapsed = business(start, x) - (pause time between start and x)
 * where shift is the clock's shift_* (the pauses that pushed it), x is
 * `now` for a running clock, the pause start for a paused one (elapsed is
 * frozen) and the reply or resolution for a stopped one (a first reply
 * during a pause counts the open pause as pause). A clock is breached when
 * x is after its due time; the breach time is the due time.
 *
 * The hot ticket state keeps the next-response cycle's start but not the
 * pause total at that start, nor the due times of earlier cycles: both are
 * recovered by replaying the ticket's events with the core's pause and
 * awaiting rules (apply.c), which only happens when a pause began inside
 * the current cycle or an earlier cycle was missed. */
#include "desk_internal.h"
#include "version_check.h"

#include <stdio.h>
#include <stdlib.h>

typedef enum clock_kind { CLOCK_NONE, CLOCK_RUNNING, CLOCK_PAUSED, CLOCK_STOPPED } clock_kind;

typedef struct clock_eval {
    clock_kind kind;
    int64_t due; /* in force (also for a paused clock: the due at its pause) */
    int64_t remaining;
    int breached;
} clock_eval;

typedef struct sla_eval {
    clock_eval first, next, resolution;
    int64_t next_first_breach; /* earliest missed next-response due, when asked */
} sla_eval;

/* ---- the shared formula ---------------------------------------------------- */

static int64_t due_with_shift(const csvc_desk *d, uint32_t team, int64_t start, int64_t target,
                              int64_t shift)
{
    return cs_desk_add_business(d, team, start, target + (shift > 0 ? shift : 0));
}

/* One clock from `start` with `target`. `due_shift` is the pause time that
 * pushed its due out; the span consumed excludes all pause time: the pause
 * total when it started (`p0`) against the total at its stop (`p_stop`),
 * or at `now`, or frozen at a running pause's start. */
static void clock_at(const csvc_desk *d, const cs_ticket *t, int64_t start, int64_t target,
                     int32_t p0, int64_t stop, int32_t p_stop, int32_t due_shift, int64_t now,
                     clock_eval *c)
{
    c->kind = CLOCK_NONE;
    c->due = CSVC_TIME_NONE;
    c->remaining = 0;
    c->breached = 0;
    if (target <= 0)
        return;
    int64_t x;
    int32_t p;
    if (stop != CSVC_TIME_NONE) {
        c->kind = CLOCK_STOPPED;
        x = stop;
        p = p_stop;
    } else if (t->flags & CS_TF_PAUSED) {
        c->kind = CLOCK_PAUSED;
        x = t->pause_start;
        p = t->paused;
    } else {
        c->kind = CLOCK_RUNNING;
        x = now;
        p = t->paused;
    }
    int64_t shift = (int64_t)p - p0;
    if (shift < 0)
        shift = 0;
    c->due = due_with_shift(d, t->team, start, target, due_shift);
    c->remaining = target - (cs_desk_business(d, t->team, start, x) - shift);
    c->breached = x > c->due;
}

/* ---- pauses ------------------------------------------------------------------ */

enum { CLOCK_FIRST = 1, CLOCK_RESOLUTION = 2, CLOCK_NEXT = 4 };

static int32_t add_seconds(int32_t a, int64_t b)
{
    int64_t sum = (int64_t)a + b;
    return (int32_t)(sum > INT32_MAX ? INT32_MAX : sum);
}

/* Whether a pause beginning at `pause_start` pushes out a clock: it does
 * unless the clock's due (with the pauses counted so far) had passed. A
 * clock without a target counts every pause, as if a target came later. */
static int pushes(const csvc_desk *d, const cs_ticket *t, int64_t start, int64_t target,
                  int32_t shift, int64_t pause_start)
{
    return target <= 0 || pause_start < due_with_shift(d, t->team, start, target, shift);
}

/* Adds `seconds` of a pause that began at `pause_start` to the shifts of
 * the running clocks among `clocks` that it pushes out. */
static void count_pause(const csvc_desk *d, cs_ticket *t, int64_t pause_start, int64_t seconds,
                        unsigned clocks)
{
    const cs_sla_policy *p = cs_desk_policy(d, t);
    int first_running = t->first_response == CSVC_TIME_NONE && t->first_resolved == CSVC_TIME_NONE;
    if ((clocks & CLOCK_FIRST) && first_running &&
        pushes(d, t, t->created, p ? p->first_response : 0, t->shift_first, pause_start))
        t->shift_first = add_seconds(t->shift_first, seconds);
    if ((clocks & CLOCK_RESOLUTION) && t->first_resolved == CSVC_TIME_NONE &&
        pushes(d, t, t->created, p ? p->resolution : 0, t->shift_resolution, pause_start))
        t->shift_resolution = add_seconds(t->shift_resolution, seconds);
    if ((clocks & CLOCK_NEXT) && (t->flags & CS_TF_AWAITING) &&
        pushes(d, t, t->awaiting_since, p ? p->next_response : 0, t->shift_next, pause_start))
        t->shift_next = add_seconds(t->shift_next, seconds);
}

void cs_sla_end_pause(const csvc_desk *d, cs_ticket *t, int64_t time)
{
    if (!(t->flags & CS_TF_PAUSED))
        return;
    int64_t seconds = cs_desk_business(d, t->team, t->pause_start, time);
    t->paused = add_seconds(t->paused, seconds);
    count_pause(d, t, t->pause_start, seconds, CLOCK_FIRST | CLOCK_RESOLUTION | CLOCK_NEXT);
    t->flags &= (uint8_t)~CS_TF_PAUSED;
}

void cs_sla_first_reply(const csvc_desk *d, cs_ticket *t, int64_t time)
{
    int64_t open = 0;
    if (t->flags & CS_TF_PAUSED) {
        open = cs_desk_business(d, t->team, t->pause_start, time);
        count_pause(d, t, t->pause_start, open, CLOCK_FIRST);
    }
    t->first_response = time;
    t->paused_first_response = add_seconds(t->paused, open);
}

/* ---- replaying a ticket ----------------------------------------------------- */

/* The pause and next-response state of a ticket, as apply.c folds it. */
typedef struct replay {
    cs_ticket sim;              /* team, priority, category, flags, pauses, awaiting */
    int32_t paused_at_awaiting; /* `paused` when the current cycle began */
    int64_t first_breach;       /* earliest missed next-response due */
} replay;

static void sim_end_pause(const csvc_desk *d, cs_ticket *t, int64_t time)
{
    cs_sla_end_pause(d, t, time);
}

/* Whether an agent reply at `time` misses the next-response target of the
 * ticket's awaiting cycle; the cycle's due time goes to *due. A pause in
 * progress freezes the clock at its start, so a reply during it is late
 * only if the target was missed before the pause. */
static int next_missed(const csvc_desk *d, const cs_ticket *t, int64_t time, int64_t *due)
{
    const cs_sla_policy *p = cs_desk_policy(d, t);
    *due = CSVC_TIME_NONE;
    if (!(t->flags & CS_TF_AWAITING) || !p || p->next_response <= 0)
        return 0;
    *due = due_with_shift(d, t->team, t->awaiting_since, p->next_response, t->shift_next);
    int64_t x = (t->flags & CS_TF_PAUSED) ? t->pause_start : time;
    return x > *due;
}

static void replay_step(const csvc_desk *d, replay *r, const cs_event *e)
{
    cs_ticket *t = &r->sim;
    int64_t due;
    switch ((csvc_event_type)e->type) {
    case CSVC_EVENT_CREATED:
        t->team = e->b;
        break;
    case CSVC_EVENT_TRANSFERRED:
        sim_end_pause(d, t, e->time);
        if (e->b != CS_NONE)
            t->team = e->b;
        break;
    case CSVC_EVENT_CUSTOMER_REPLY:
        sim_end_pause(d, t, e->time);
        if (t->first_response != CSVC_TIME_NONE && !(t->flags & CS_TF_AWAITING)) {
            t->flags |= CS_TF_AWAITING;
            t->awaiting_since = e->time;
            t->shift_next = 0;
            r->paused_at_awaiting = t->paused;
        }
        break;
    case CSVC_EVENT_AGENT_REPLY:
        if (t->first_response == CSVC_TIME_NONE)
            t->first_response = e->time;
        if (next_missed(d, t, e->time, &due) &&
            r->first_breach == CSVC_TIME_NONE)
            r->first_breach = due;
        t->flags &= (uint8_t)~CS_TF_AWAITING;
        break;
    case CSVC_EVENT_PENDED:
        if (cs_desk_pauses(d, t, (uint8_t)e->value)) {
            t->flags |= CS_TF_PAUSED;
            t->pause_start = e->time;
        }
        break;
    case CSVC_EVENT_RESUMED:
        sim_end_pause(d, t, e->time);
        break;
    case CSVC_EVENT_RESOLVED:
        sim_end_pause(d, t, e->time);
        t->flags &= (uint8_t)~CS_TF_AWAITING;
        break;
    default:
        break;
    }
}

/* Replays every event of `t` in log order. A ticket's events form a
 * backward chain; they are taken in chunks from the oldest, so no memory is
 * allocated (a ticket of n events costs O(n * n / REPLAY_CHUNK) steps). */
#define REPLAY_CHUNK 128

static void replay_ticket(const csvc_desk *d, const cs_ticket *t, replay *r)
{
    r->sim = *t;
    r->sim.flags = 0;
    r->sim.paused = 0;
    r->sim.first_response = CSVC_TIME_NONE;
    r->sim.pause_start = r->sim.awaiting_since = CSVC_TIME_NONE;
    r->sim.shift_first = r->sim.shift_resolution = r->sim.shift_next = 0;
    r->paused_at_awaiting = 0;
    r->first_breach = CSVC_TIME_NONE;
    uint32_t chunk[REPLAY_CHUNK];
    uint32_t n = t->event_count;
    for (uint32_t done = 0; done < n;) {
        uint32_t take = n - done < REPLAY_CHUNK ? n - done : REPLAY_CHUNK;
        uint32_t e = t->last_event;
        for (uint32_t skip = n - done - take; skip > 0 && e != CS_NONE; skip--)
            e = d->log[e].prev;
        uint32_t got = 0;
        for (; got < take && e != CS_NONE; got++, e = d->log[e].prev)
            chunk[take - 1 - got] = e;
        for (uint32_t k = take - got; k < take; k++)
            replay_step(d, r, &d->log[chunk[k]]);
        done += take;
    }
}

/* `paused` as it was when the ticket's current awaiting cycle began. Only a
 * pause that began inside the cycle can have closed since, so unless a
 * pended event follows the cycle's start the answer is the current total. */
static int32_t paused_at_awaiting(const csvc_desk *d, const cs_ticket *t)
{
    int pended = 0;
    for (uint32_t e = t->last_event; e != CS_NONE && d->log[e].time >= t->awaiting_since;
         e = d->log[e].prev)
        if (d->log[e].type == CSVC_EVENT_PENDED) {
            pended = 1;
            break;
        }
    if (!pended)
        return t->paused;
    replay r;
    replay_ticket(d, t, &r);
    return r.paused_at_awaiting;
}

int cs_sla_next_missed(const csvc_desk *d, const cs_ticket *t, int64_t time)
{
    int64_t due;
    return next_missed(d, t, time, &due);
}

/* ---- evaluation ------------------------------------------------------------ */

/* The clocks of ticket `index` at `now`; the earliest next-response breach
 * of an earlier cycle is looked up only when `breach_times` is set. */
static void evaluate(const csvc_desk *d, uint32_t index, int64_t now, int breach_times,
                     sla_eval *out)
{
    const cs_ticket *t = &d->tickets[index];
    const cs_sla_policy *p = cs_desk_policy(d, t);
    /* A cancelled ticket's clocks are read as they stood when it was cancelled. */
    if (t->state == CSVC_STATE_CANCELLED && d->log[t->last_event].time < now)
        now = d->log[t->last_event].time;

    /* First response: stopped by the first agent reply, or by the first
     * resolution when no reply came before it. */
    int64_t fr_stop = t->first_response;
    int32_t fr_paused = t->paused_first_response;
    if (t->first_resolved != CSVC_TIME_NONE &&
        (fr_stop == CSVC_TIME_NONE || t->first_resolved < fr_stop)) {
        fr_stop = t->first_resolved;
        fr_paused = t->paused_first_resolved;
    }
    clock_at(d, t, t->created, p ? p->first_response : 0, 0, fr_stop, fr_paused, t->shift_first,
             now, &out->first);
    clock_at(d, t, t->created, p ? p->resolution : 0, 0, t->first_resolved,
             t->paused_first_resolved, t->shift_resolution, now, &out->resolution);

    out->next_first_breach = CSVC_TIME_NONE;
    int64_t next_target = p ? p->next_response : 0;
    if (t->flags & CS_TF_AWAITING)
        clock_at(d, t, t->awaiting_since, next_target, paused_at_awaiting(d, t), CSVC_TIME_NONE, 0,
                 t->shift_next, now, &out->next);
    else
        clock_at(d, t, 0, 0, 0, CSVC_TIME_NONE, 0, 0, now, &out->next);
    if (next_target > 0 && (t->flags & CS_TF_NEXT_BREACHED)) {
        out->next.breached = 1;
        if (breach_times) {
            replay r;
            replay_ticket(d, t, &r);
            out->next_first_breach = r.first_breach;
        }
    }
    if (out->next_first_breach == CSVC_TIME_NONE && out->next.kind != CLOCK_NONE &&
        out->next.breached)
        out->next_first_breach = out->next.due;
}

static void clock_out(const clock_eval *c, int64_t *due, int64_t *remaining, int32_t *breached,
                      int64_t *breach_time)
{
    *due = c->kind == CLOCK_RUNNING || c->kind == CLOCK_STOPPED ? c->due : CSVC_TIME_NONE;
    *remaining = c->remaining;
    *breached = c->breached;
    *breach_time = c->breached ? c->due : CSVC_TIME_NONE;
}

void cs_desk_sla_eval(const csvc_desk *d, uint32_t index, int64_t now, csvc_sla_status *out)
{
    sla_eval e;
    evaluate(d, index, now, 1, &e);
    csvc_sla_status s;
    s.version = CSVC_SLA_STATUS_VERSION;
    s.paused = (d->tickets[index].flags & CS_TF_PAUSED) != 0;
    clock_out(&e.first, &s.first_response_due, &s.first_response_remaining,
              &s.first_response_breached, &s.first_response_breach_time);
    clock_out(&e.next, &s.next_response_due, &s.next_response_remaining, &s.next_response_breached,
              &s.next_response_breach_time);
    s.next_response_breach_time = s.next_response_breached ? e.next_first_breach : CSVC_TIME_NONE;
    clock_out(&e.resolution, &s.resolution_due, &s.resolution_remaining, &s.resolution_breached,
              &s.resolution_breach_time);
    *out = s;
}

/* ---- public calls ----------------------------------------------------------- */

static cs_errbuf *errbuf(const csvc_desk *d)
{
    /* The message buffer is scratch space, not observable state. */
    return (cs_errbuf *)&d->err;
}

static csvc_status check_now(const csvc_desk *d, const char *what, uint32_t index, int64_t now)
{
    int64_t last = d->log[d->tickets[index].last_event].time;
    if (now >= last)
        return CSVC_OK;
    char at[32], before[32];
    if (csvc_time_format(now, at, sizeof at) != CSVC_OK)
        snprintf(at, sizeof at, "%lld", (long long)now);
    csvc_time_format(last, before, sizeof before);
    return cs_fail(errbuf(d), CSVC_E_TIME,
                   "%s: ticket %.64s: now %s is before its last event at %s", what,
                   d->ticket_ids[index], at, before);
}

csvc_status csvc_desk_sla(const csvc_desk *d, const char *ticket_id, int64_t now,
                          csvc_sla_status *out)
{
    if (!d || !ticket_id || !out)
        return cs_fail(d ? errbuf(d) : NULL, CSVC_E_NULL, "sla: %s is NULL",
                       !d           ? "desk"
                       : !ticket_id ? "ticket_id"
                                    : "out");
    CS_RETURN_IF_BAD_VERSION(errbuf(d), out->version, CSVC_SLA_STATUS_VERSION, "sla: status");
    uint32_t index = cs_desk_find_ticket(d, ticket_id);
    if (index == CS_NONE)
        return cs_fail(errbuf(d), CSVC_E_NOTFOUND, "sla: ticket %.64s: not found", ticket_id);
    csvc_status rc = check_now(d, "sla", index, now);
    if (rc != CSVC_OK)
        return rc;
    cs_desk_sla_eval(d, index, now, out);
    return CSVC_OK;
}

/* The earliest due time of the running clocks, or CSVC_TIME_NONE. */
static int64_t first_running_due(const sla_eval *e)
{
    const clock_eval *clocks[3] = {&e->first, &e->next, &e->resolution};
    int64_t best = CSVC_TIME_NONE;
    for (int i = 0; i < 3; i++)
        if (clocks[i]->kind == CLOCK_RUNNING && (best == CSVC_TIME_NONE || clocks[i]->due < best))
            best = clocks[i]->due;
    return best;
}

static csvc_status check_list_args(const csvc_desk *d, const char *what, int64_t now,
                                   const char **ids, size_t cap, size_t *count)
{
    if (!d || !count)
        return cs_fail(d ? errbuf(d) : NULL, CSVC_E_NULL, "%s: %s is NULL", what,
                       d ? "count" : "desk");
    if (!ids && cap > 0)
        return cs_fail(errbuf(d), CSVC_E_NULL, "%s: ids is NULL with cap %zu", what, cap);
    for (uint32_t i = 0; i < d->nticket; i++) {
        if (!cs_state_is_open(d->tickets[i].state))
            continue;
        csvc_status rc = check_now(d, what, i, now);
        if (rc != CSVC_OK)
            return rc;
    }
    return CSVC_OK;
}

typedef struct queue_item {
    int64_t due; /* earliest running due; meaningful when `running` */
    uint32_t index;
    int running;
} queue_item;

static int queue_cmp(const void *a, const void *b)
{
    const queue_item *x = a, *y = b;
    if (x->running != y->running)
        return x->running ? -1 : 1;
    if (x->running && x->due != y->due)
        return x->due < y->due ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

csvc_status csvc_desk_dispatch_queue(const csvc_desk *d, int64_t now, int64_t within,
                                     const char **ids, size_t cap, size_t *count)
{
    csvc_status rc = check_list_args(d, "dispatch_queue", now, ids, cap, count);
    if (rc != CSVC_OK)
        return rc;
    int64_t bound = INT64_MAX;
    if (within >= 0 && (now <= 0 || within <= INT64_MAX - now))
        bound = now + within;
    size_t nopen = 0;
    for (uint32_t i = 0; i < d->nticket; i++)
        nopen += cs_state_is_open(d->tickets[i].state);
    queue_item *items = cs_realloc_array(&d->alloc, NULL, nopen ? nopen : 1, sizeof *items);
    if (!items)
        return cs_fail(errbuf(d), CSVC_E_NOMEM, "dispatch_queue: out of memory for %zu tickets",
                       nopen);
    size_t n = 0;
    for (uint32_t i = 0; i < d->nticket; i++) {
        if (!cs_state_is_open(d->tickets[i].state))
            continue;
        sla_eval e;
        evaluate(d, i, now, 0, &e);
        int64_t due = first_running_due(&e);
        int running = due != CSVC_TIME_NONE;
        if (within >= 0 && (!running || due > bound))
            continue;
        items[n++] = (queue_item){due, i, running};
    }
    qsort(items, n, sizeof *items, queue_cmp);
    for (size_t k = 0; k < n && k < cap; k++)
        ids[k] = d->ticket_ids[items[k].index];
    *count = n;
    cs_free(&d->alloc, items);
    return CSVC_OK;
}

csvc_status csvc_desk_breached(const csvc_desk *d, int64_t now, const char **ids, size_t cap,
                               size_t *count)
{
    csvc_status rc = check_list_args(d, "breached", now, ids, cap, count);
    if (rc != CSVC_OK)
        return rc;
    size_t n = 0;
    for (uint32_t i = 0; i < d->nticket; i++) {
        if (!cs_state_is_open(d->tickets[i].state))
            continue;
        sla_eval e;
        evaluate(d, i, now, 0, &e);
        if (!e.first.breached && !e.next.breached && !e.resolution.breached)
            continue;
        if (n < cap)
            ids[n] = d->ticket_ids[i];
        n++;
    }
    *count = n;
    return CSVC_OK;
}
