/* Cross-department handoffs: the OLAs of the departments internal pends
 * wait on, and the metrics of those waits.
 *
 * A handoff runs from an internal pend to the end of that pending (resume,
 * customer reply, resolution or transfer: the only ways out of pending).
 * One pass over the log, in apply order, keeps per ticket its open
 * internal pend and its team (the calendar the wait is counted on); each
 * handoff that ended in the period is collected as (row, ticket, wait),
 * then sorted by row and ticket so each row's distinct tickets and
 * percentiles come from one contiguous run. */
#include "desk_internal.h"
#include "quantile.h"
#include "version_check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- OLAs -------------------------------------------------------------------- */

static size_t find_ola(const csvc_desk *d, uint32_t department)
{
    for (size_t i = 0; i < d->nola; i++)
        if (d->olas[i].department == department)
            return i;
    return d->nola;
}

typedef struct ola_change {
    cs_ola *olas; /* the new list, then the one it replaced */
    size_t n;
} ola_change;

static void swap_olas(csvc_desk *d, void *arg)
{
    ola_change *c = arg;
    cs_ola *olas = d->olas;
    size_t n = d->nola;
    d->olas = c->olas;
    d->nola = c->n;
    c->olas = olas;
    c->n = n;
}

csvc_status csvc_desk_set_ola(csvc_desk *d, const char *department_id, int64_t target)
{
    static const char fn[] = "set_ola";
    if (!d || !department_id)
        return cs_fail(d ? &d->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       d ? "department_id" : "desk");
    csvc_status rc = cs_check_id(&d->err, "set_ola: department", department_id);
    if (rc != CSVC_OK)
        return rc;
    if (target < 0 || target > CSVC_OLA_TARGET_MAX)
        return cs_fail(&d->err, CSVC_E_RANGE,
                       "%s: target %lld business seconds outside 0..%lld (0 removes the OLA)", fn,
                       (long long)target, (long long)CSVC_OLA_TARGET_MAX);
    CS_DESK_REFUSE_IF_BUSY(d, fn);
    uint32_t department = cs_strpool_find(&d->strings, department_id);
    size_t at = department == CS_NONE ? d->nola : find_ola(d, department);
    if (target == 0 && at == d->nola)
        return CSVC_OK; /* no OLA to remove: nothing changes */
    if (department == CS_NONE &&
        (department = cs_strpool_intern(&d->strings, department_id)) == CS_NONE)
        return cs_fail(&d->err, CSVC_E_NOMEM, "%s: out of memory", fn);

    ola_change c = {cs_malloc(&d->alloc, (d->nola + 1) * sizeof *c.olas), d->nola};
    if (!c.olas)
        return cs_fail(&d->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    if (d->nola)
        memcpy(c.olas, d->olas, d->nola * sizeof *c.olas);
    if (at == d->nola)
        c.olas[c.n++] = (cs_ola){department, target};
    else if (target)
        c.olas[at].target = target;
    else
        memmove(c.olas + at, c.olas + at + 1, (--c.n - at) * sizeof *c.olas);
    rc = cs_desk_change_config(d, fn, swap_olas, swap_olas, &c);
    cs_free(&d->alloc, c.olas); /* the replaced list, or the refused one */
    return rc;
}

csvc_status csvc_desk_ola(const csvc_desk *d, const char *department_id, int64_t *target)
{
    cs_errbuf *err = d ? (cs_errbuf *)&d->err : NULL;
    if (!d || !department_id || !target)
        return cs_fail(err, CSVC_E_NULL, "desk_ola: %s is NULL",
                       !d ? "desk" : !department_id ? "department_id" : "target");
    csvc_status rc = cs_check_id(err, "desk_ola: department", department_id);
    if (rc != CSVC_OK)
        return rc;
    uint32_t department = cs_strpool_find(&d->strings, department_id);
    size_t at = department == CS_NONE ? d->nola : find_ola(d, department);
    *target = at < d->nola ? d->olas[at].target : 0;
    return CSVC_OK;
}

/* ---- rows: one per department -------------------------------------------- */

/* A department's row while scanning. */
typedef struct row {
    uint32_t department; /* pool index; CS_NONE for pends naming none */
    int64_t target;      /* 0 = no OLA */
    int64_t open, open_overdue, open_wait_max;
} row;

typedef struct rows {
    row *items;
    size_t n, cap;
    uint32_t *slots; /* open addressing: row index or CS_NONE */
    size_t mask;
} rows;

static size_t slot_of(uint32_t department, size_t mask)
{
    return (size_t)((department * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & mask;
}

static int rows_rehash(const cs_alloc *a, rows *r, size_t size)
{
    uint32_t *slots = cs_malloc(a, size * sizeof *slots);
    if (!slots)
        return -1;
    memset(slots, 0xff, size * sizeof *slots);
    for (size_t i = 0; i < r->n; i++) {
        size_t s = slot_of(r->items[i].department, size - 1);
        while (slots[s] != CS_NONE)
            s = (s + 1) & (size - 1);
        slots[s] = (uint32_t)i;
    }
    cs_free(a, r->slots);
    r->slots = slots;
    r->mask = size - 1;
    return 0;
}

/* The row of `department`, added with `target` when new; CS_NONE when out
 * of memory. */
static uint32_t row_for(const cs_alloc *a, rows *r, uint32_t department, int64_t target)
{
    size_t s = slot_of(department, r->mask);
    for (; r->slots[s] != CS_NONE; s = (s + 1) & r->mask)
        if (r->items[r->slots[s]].department == department)
            return r->slots[s];
    if (cs_grow(a, (void **)&r->items, &r->cap, r->n + 1, sizeof *r->items))
        return CS_NONE;
    uint32_t index = (uint32_t)r->n++;
    r->items[index] = (row){department, target, 0, 0, -1};
    r->slots[s] = index;
    if (2 * r->n > r->mask + 1 && rows_rehash(a, r, 2 * (r->mask + 1))) {
        r->n--; /* keeps the table consistent: the new row is dropped */
        r->slots[s] = CS_NONE;
        return CS_NONE;
    }
    return index;
}

/* ---- the scan ------------------------------------------------------------- */

typedef struct handoff {
    uint32_t row, ticket;
    int64_t wait;
} handoff;

typedef struct scan {
    const csvc_desk *d;
    csvc_period period;
    rows rows;
    uint32_t *pend;     /* per ticket: log index of its open internal pend, or CS_NONE */
    uint32_t *pend_row; /* per ticket: that pend's row */
    uint32_t *team;     /* per ticket: its team while replaying */
    handoff *ended;
    size_t nended, cap_ended;
} scan;

static void scan_free(scan *s)
{
    const cs_alloc *a = &s->d->alloc;
    cs_free(a, s->rows.items);
    cs_free(a, s->rows.slots);
    cs_free(a, s->pend);
    cs_free(a, s->pend_row);
    cs_free(a, s->team);
    cs_free(a, s->ended);
}

/* A handoff still waiting at the period's end. */
static void count_open(row *r, int64_t wait)
{
    r->open++;
    if (r->target && wait > r->target)
        r->open_overdue++;
    if (wait > r->open_wait_max)
        r->open_wait_max = wait;
}

/* The pending of ticket `t` ends at `time`: its handoff, if any, is over. */
static int end_handoff(scan *s, uint32_t t, int64_t time)
{
    if (s->pend[t] == CS_NONE)
        return 0;
    int64_t since = s->d->log[s->pend[t]].time;
    uint32_t r = s->pend_row[t];
    s->pend[t] = CS_NONE;
    if (since >= s->period.end || time < s->period.start)
        return 0;
    if (time >= s->period.end) {
        count_open(&s->rows.items[r],
                   cs_desk_business(s->d, s->team[t], since, s->period.end));
        return 0;
    }
    if (cs_grow(&s->d->alloc, (void **)&s->ended, &s->cap_ended, s->nended + 1,
                sizeof *s->ended))
        return -1;
    s->ended[s->nended++] = (handoff){r, t, cs_desk_business(s->d, s->team[t], since, time)};
    return 0;
}

static csvc_status run_scan(scan *s)
{
    const csvc_desk *d = s->d;
    const cs_alloc *a = &d->alloc;
    size_t n = d->nticket ? d->nticket : 1;
    s->pend = cs_malloc(a, n * sizeof *s->pend);
    s->pend_row = cs_malloc(a, n * sizeof *s->pend_row);
    s->team = cs_malloc(a, n * sizeof *s->team);
    if (!s->pend || !s->pend_row || !s->team || rows_rehash(a, &s->rows, 16))
        return CSVC_E_NOMEM;
    memset(s->pend, 0xff, n * sizeof *s->pend);
    for (size_t i = 0; i < d->nola; i++)
        if (row_for(a, &s->rows, d->olas[i].department, d->olas[i].target) == CS_NONE)
            return CSVC_E_NOMEM;

    for (size_t i = 0; i < d->nevent; i++) {
        const cs_event *e = &d->log[i];
        uint32_t t = e->ticket;
        switch (e->type) {
        case CSVC_EVENT_CREATED:
            s->team[t] = e->b;
            break;
        case CSVC_EVENT_PENDED:
            if (e->value != CSVC_PEND_INTERNAL)
                break;
            /* Rows come in first-appearance order whatever the period. */
            if ((s->pend_row[t] = row_for(a, &s->rows, e->b, 0)) == CS_NONE)
                return CSVC_E_NOMEM;
            s->pend[t] = (uint32_t)i;
            break;
        case CSVC_EVENT_TRANSFERRED:
            if (end_handoff(s, t, e->time))
                return CSVC_E_NOMEM;
            s->team[t] = e->b;
            break;
        case CSVC_EVENT_CUSTOMER_REPLY:
        case CSVC_EVENT_RESUMED:
        case CSVC_EVENT_RESOLVED:
            if (end_handoff(s, t, e->time))
                return CSVC_E_NOMEM;
            break;
        default:
            break;
        }
    }
    /* Still pending now: waiting at the period's end if pended before it. */
    for (uint32_t t = 0; t < d->nticket; t++) {
        if (s->pend[t] == CS_NONE)
            continue;
        int64_t since = d->log[s->pend[t]].time;
        if (since < s->period.end)
            count_open(&s->rows.items[s->pend_row[t]],
                       cs_desk_business(d, s->team[t], since, s->period.end));
    }
    return CSVC_OK;
}

/* ---- results -------------------------------------------------------------- */

static int cmp_handoff(const void *x, const void *y)
{
    const handoff *a = x, *b = y;
    if (a->row != b->row)
        return a->row < b->row ? -1 : 1;
    return (a->ticket > b->ticket) - (a->ticket < b->ticket);
}

/* Output position of each row: named departments in row order, then the
 * row of pends naming none (when there is one). */
static size_t out_position(const rows *r, uint32_t index, uint32_t unnamed)
{
    if (unnamed == CS_NONE || index < unnamed)
        return index;
    return index == unnamed ? r->n - 1 : index - 1;
}

static void fill_row(const csvc_desk *d, const row *r, const handoff *h, size_t n,
                     int64_t *waits, csvc_handoff_metrics *out)
{
    csvc_handoff_metrics m;
    memset(&m, 0, sizeof m);
    m.version = CSVC_HANDOFF_METRICS_VERSION;
    m.department = cs_strpool_get(&d->strings, r->department);
    m.ola_target = r->target;
    m.handoffs = (int64_t)n;
    for (size_t i = 0; i < n; i++) {
        waits[i] = h[i].wait;
        if (i == 0 || h[i].ticket != h[i - 1].ticket)
            m.tickets++;
        if (r->target)
            *(h[i].wait <= r->target ? &m.ola_met : &m.ola_breached) += 1;
    }
    cs_stats_i64(waits, n, &m.wait_mean, &m.wait_median, &m.wait_p90);
    m.ola_compliance = r->target && n ? (double)m.ola_met / (double)n : NAN;
    m.open = r->open;
    m.open_overdue = r->open_overdue;
    m.open_wait_max = r->open_wait_max >= 0 ? (double)r->open_wait_max : NAN;
    *out = m;
}

static csvc_status write_rows(scan *s, csvc_handoff_metrics *out, size_t cap)
{
    const rows *r = &s->rows;
    uint32_t unnamed = CS_NONE;
    for (uint32_t i = 0; i < r->n; i++)
        if (r->items[i].department == CS_NONE)
            unnamed = i;
    qsort(s->ended, s->nended, sizeof *s->ended, cmp_handoff);
    int64_t *waits = cs_malloc(&s->d->alloc, (s->nended ? s->nended : 1) * sizeof *waits);
    if (!waits)
        return CSVC_E_NOMEM;
    size_t h = 0;
    for (uint32_t i = 0; i < r->n; i++) {
        size_t first = h;
        while (h < s->nended && s->ended[h].row == i)
            h++;
        size_t at = out_position(r, i, unnamed);
        if (at < cap)
            fill_row(s->d, &r->items[i], s->ended + first, h - first, waits, &out[at]);
    }
    cs_free(&s->d->alloc, waits);
    return CSVC_OK;
}

csvc_status csvc_desk_handoff_metrics(const csvc_desk *d, const csvc_period *period,
                                      csvc_handoff_metrics *out, size_t cap, size_t *count)
{
    static const char fn[] = "desk_handoff_metrics";
    cs_errbuf *err = d ? (cs_errbuf *)&d->err : NULL;
    if (!d || !period || !count || (cap && !out))
        return cs_fail(err, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !d ? "desk" : !period ? "period" : !count ? "count" : "out");
    if (period->end < period->start)
        return cs_fail(err, CSVC_E_RANGE, "%s: period ends (%lld) before it starts (%lld)", fn,
                       (long long)period->end, (long long)period->start);
    for (size_t i = 0; i < cap; i++)
        if (out[i].version != 0)
            CS_RETURN_IF_BAD_VERSION(err, out[i].version, CSVC_HANDOFF_METRICS_VERSION,
                                     "%s: out[%zu]: handoff metrics", fn, i);
    scan s;
    memset(&s, 0, sizeof s);
    s.d = d;
    s.period = *period;
    csvc_status rc = run_scan(&s);
    if (rc == CSVC_OK && (rc = write_rows(&s, out, cap)) == CSVC_OK)
        *count = s.rows.n;
    scan_free(&s);
    return rc == CSVC_OK ? CSVC_OK : cs_fail(err, rc, "%s: out of memory", fn);
}
