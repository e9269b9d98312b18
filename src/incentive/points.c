/* The points ledger (incentive.h): per agent, movements in time order;
 * balances by replaying them with the lots in a FIFO queue. Lots expire in
 * the order they were accrued (expiry is accrual + N months), so the queue
 * head is always both the oldest and the first to expire. */
#include "incentive_internal.h"

#include "civil.h"

#include <inttypes.h>
#include <string.h>

typedef struct cs_move {
    int64_t time;
    int64_t points; /* > 0 accrual, < 0 redemption */
} cs_move;

typedef struct cs_moves {
    cs_move *m;
    size_t n, cap;
} cs_moves;

struct csvc_points_ledger {
    cs_alloc alloc;
    cs_errbuf err;
    int32_t expiry_months;
    cs_strpool agents;
    cs_moves *moves; /* per agent */
    size_t cap;
};

csvc_status csvc_points_ledger_new(const csvc_allocator *allocator, int32_t expiry_months,
                                   csvc_points_ledger **out)
{
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "points_ledger_new: out is NULL");
    if (expiry_months < 0 || expiry_months > 1200)
        return cs_fail(NULL, CSVC_E_RANGE,
                       "points_ledger_new: expiry_months %d out of range (0 never, 1..1200)",
                       (int)expiry_months);
    cs_alloc alloc;
    csvc_status rc = cs_alloc_init(&alloc, allocator, NULL);
    if (rc != CSVC_OK)
        return rc;
    csvc_points_ledger *l = cs_calloc(&alloc, 1, sizeof *l);
    if (!l)
        return cs_fail(NULL, CSVC_E_NOMEM, "points_ledger_new: out of memory");
    l->alloc = alloc;
    l->expiry_months = expiry_months;
    cs_strpool_init(&l->agents, &l->alloc);
    *out = l;
    return CSVC_OK;
}

void csvc_points_ledger_free(csvc_points_ledger *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->agents.count; i++)
        cs_free(&l->alloc, l->moves[i].m);
    cs_free(&l->alloc, l->moves);
    cs_strpool_free(&l->agents);
    cs_alloc copy = l->alloc;
    cs_free(&copy, l);
}

const char *csvc_points_ledger_errmsg(const csvc_points_ledger *l)
{
    return l ? l->err.msg : "ledger is NULL";
}

/* Accrual time + N calendar months, the day clamped to the month's end;
 * INT64_MAX for never (N = 0, or beyond year 9999). */
static int64_t expiry_of(const csvc_points_ledger *l, int64_t t)
{
    if (l->expiry_months == 0)
        return INT64_MAX;
    int64_t days = t / CS_DAY_SECONDS - (t < 0 && t % CS_DAY_SECONDS);
    int64_t sec = t - days * CS_DAY_SECONDS;
    int32_t y, m, d;
    cs_civil_from_days(days, &y, &m, &d);
    int64_t months = (int64_t)y * 12 + (m - 1) + l->expiry_months;
    int32_t ny = (int32_t)(months / 12), nm = (int32_t)(months % 12) + 1;
    if (ny > CS_YEAR_MAX)
        return INT64_MAX;
    int32_t last = cs_days_in_month(ny, nm);
    return cs_days_from_civil(ny, nm, d < last ? d : last) * CS_DAY_SECONDS + sec;
}

typedef struct replay {
    int64_t balance;
    int64_t expired; /* in [from, to) */
} replay;

/* Replays the moves up to `until` (moves at `until` included when
 * `inclusive`), expiring lots whose expiry is <= each move's time and at
 * the end <= until (or < until when not inclusive). */
static csvc_status run(const csvc_points_ledger *l, const cs_moves *mv, int64_t until,
                       int inclusive, int64_t from, replay *out)
{
    memset(out, 0, sizeof *out);
    if (!mv || mv->n == 0)
        return CSVC_OK;
    cs_move *lots = cs_malloc(&l->alloc, mv->n * sizeof *lots); /* {expiry, left} */
    if (!lots)
        return cs_fail(NULL, CSVC_E_NOMEM, "points ledger: out of memory");
    size_t head = 0, tail = 0;
    int64_t balance = 0;
#define EXPIRE_UP_TO(limit, strict)                                                                \
    while (head < tail && (strict ? lots[head].time < (limit) : lots[head].time <= (limit))) {    \
        if (lots[head].time >= from)                                                               \
            out->expired += lots[head].points;                                                     \
        balance -= lots[head].points;                                                              \
        head++;                                                                                    \
    }
    for (size_t i = 0; i < mv->n; i++) {
        const cs_move *x = &mv->m[i];
        if (inclusive ? x->time > until : x->time >= until)
            break;
        EXPIRE_UP_TO(x->time, 0);
        if (x->points > 0) {
            lots[tail++] = (cs_move){expiry_of(l, x->time), x->points};
            balance += x->points;
            continue;
        }
        int64_t take = -x->points; /* validated: never more than the balance */
        balance -= take;
        while (take > 0 && head < tail) {
            int64_t used = take < lots[head].points ? take : lots[head].points;
            lots[head].points -= used;
            take -= used;
            if (lots[head].points == 0)
                head++;
        }
    }
    EXPIRE_UP_TO(until, !inclusive);
#undef EXPIRE_UP_TO
    cs_free(&l->alloc, lots);
    out->balance = balance;
    return CSVC_OK;
}

static int in_years(int64_t t)
{
    return t >= CS_UNIX_MIN && t <= CS_UNIX_MAX;
}

static const cs_moves *moves_of(const csvc_points_ledger *l, const char *agent)
{
    uint32_t a = cs_strpool_find(&l->agents, agent);
    return a == CS_NONE ? NULL : &l->moves[a];
}

/* Checks a movement; *bal the balance at its time. */
static csvc_status check_move(csvc_points_ledger *l, const char *fn, const char *agent,
                              int64_t time, int64_t points, int64_t *bal)
{
    csvc_status rc = cs_check_id(&l->err, fn, agent);
    if (rc != CSVC_OK)
        return rc;
    if (points < 1 || points > CSVC_POINTS_MAX)
        return cs_fail(&l->err, CSVC_E_RANGE, "%s: agent '%s': points %" PRId64
                       " out of range (1..%" PRId64 ")", fn, agent, points, CSVC_POINTS_MAX);
    if (!in_years(time))
        return cs_fail(&l->err, CSVC_E_RANGE, "%s: time %" PRId64 " is outside years 1..9999", fn,
                       time);
    const cs_moves *mv = moves_of(l, agent);
    if (mv && mv->n && time < mv->m[mv->n - 1].time)
        return cs_fail(&l->err, CSVC_E_CONSTRAINT,
                       "%s: agent '%s': time %" PRId64 " is before the agent's last movement (%"
                       PRId64 "); the ledger is append-only",
                       fn, agent, time, mv->m[mv->n - 1].time);
    replay r;
    if ((rc = run(l, mv, time, 1, INT64_MIN, &r)) != CSVC_OK)
        return rc;
    *bal = r.balance;
    return CSVC_OK;
}

static csvc_status append(csvc_points_ledger *l, const char *fn, const char *agent, int64_t time,
                          int64_t points)
{
    size_t before = l->agents.count;
    if (l->agents.count == l->cap &&
        cs_grow(&l->alloc, (void **)&l->moves, &l->cap, l->agents.count + 1, sizeof *l->moves))
        return cs_fail(&l->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    uint32_t a = cs_strpool_intern(&l->agents, agent);
    if (a == CS_NONE)
        return cs_fail(&l->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    if (l->agents.count > before)
        memset(&l->moves[a], 0, sizeof l->moves[a]);
    cs_moves *mv = &l->moves[a];
    if (cs_grow(&l->alloc, (void **)&mv->m, &mv->cap, mv->n + 1, sizeof *mv->m)) {
        if (l->agents.count > before)
            cs_strpool_truncate(&l->agents, before);
        return cs_fail(&l->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    }
    mv->m[mv->n++] = (cs_move){time, points};
    return CSVC_OK;
}

csvc_status csvc_points_ledger_accrue(csvc_points_ledger *l, const char *agent_id, int64_t time,
                                      int64_t points)
{
    static const char fn[] = "points_ledger_accrue";
    if (!l || !agent_id)
        return cs_fail(l ? &l->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       l ? "agent_id" : "ledger");
    int64_t bal;
    csvc_status rc = check_move(l, fn, agent_id, time, points, &bal);
    if (rc != CSVC_OK)
        return rc;
    if (bal > INT64_MAX - points)
        return cs_fail(&l->err, CSVC_E_OVERFLOW, "%s: agent '%s': the balance leaves int64", fn,
                       agent_id);
    return append(l, fn, agent_id, time, points);
}

csvc_status csvc_points_ledger_redeem(csvc_points_ledger *l, const char *agent_id, int64_t time,
                                      int64_t points)
{
    static const char fn[] = "points_ledger_redeem";
    if (!l || !agent_id)
        return cs_fail(l ? &l->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       l ? "agent_id" : "ledger");
    int64_t bal;
    csvc_status rc = check_move(l, fn, agent_id, time, points, &bal);
    if (rc != CSVC_OK)
        return rc;
    if (points > bal)
        return cs_fail(&l->err, CSVC_E_CONSTRAINT,
                       "%s: agent '%s': %" PRId64 " points asked, %" PRId64 " available at %" PRId64,
                       fn, agent_id, points, bal, time);
    return append(l, fn, agent_id, time, -points);
}

csvc_status csvc_points_ledger_balance(const csvc_points_ledger *l, const char *agent_id,
                                       int64_t time, int64_t *out)
{
    if (!l || !agent_id || !out)
        return cs_fail(NULL, CSVC_E_NULL, "points_ledger_balance: %s is NULL",
                       !l ? "ledger" : !agent_id ? "agent_id" : "out");
    if (!in_years(time))
        return cs_fail(NULL, CSVC_E_RANGE,
                       "points_ledger_balance: time %" PRId64 " is outside years 1..9999", time);
    replay r;
    csvc_status rc = run(l, moves_of(l, agent_id), time, 1, INT64_MIN, &r);
    if (rc == CSVC_OK)
        *out = r.balance;
    return rc;
}

csvc_status csvc_points_ledger_expired(const csvc_points_ledger *l, const char *agent_id,
                                       int64_t from, int64_t to, int64_t *out)
{
    if (!l || !agent_id || !out)
        return cs_fail(NULL, CSVC_E_NULL, "points_ledger_expired: %s is NULL",
                       !l ? "ledger" : !agent_id ? "agent_id" : "out");
    if (!in_years(from) || !in_years(to) || to < from)
        return cs_fail(NULL, CSVC_E_RANGE,
                       "points_ledger_expired: [%" PRId64 ", %" PRId64 ") is not a period in "
                       "years 1..9999",
                       from, to);
    replay r;
    csvc_status rc = run(l, moves_of(l, agent_id), to, 0, from, &r);
    if (rc == CSVC_OK)
        *out = r.expired;
    return rc;
}

csvc_status csvc_points_ledger_commit(csvc_points_ledger *l, const csvc_incentive_result *res)
{
    static const char fn[] = "points_ledger_commit";
    if (!l || !res)
        return cs_fail(l ? &l->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       l ? "result" : "ledger");
    int64_t at = res->period.end;
    /* Check everything first: all or nothing. */
    for (size_t i = 0; i < res->nagents; i++) {
        if (res->points[i] <= 0)
            continue;
        int64_t bal;
        csvc_status rc = check_move(l, fn, res->agent_ids[i], at, res->points[i], &bal);
        if (rc == CSVC_OK && bal > INT64_MAX - res->points[i])
            rc = cs_fail(&l->err, CSVC_E_OVERFLOW, "%s: agent '%s': the balance leaves int64",
                         fn, res->agent_ids[i]);
        if (rc != CSVC_OK)
            return rc;
    }
    /* Room for every move, so the appends cannot fail half-way. */
    for (size_t i = 0; i < res->nagents; i++) {
        if (res->points[i] <= 0)
            continue;
        csvc_status rc = append(l, fn, res->agent_ids[i], at, res->points[i]);
        if (rc != CSVC_OK) {
            /* Undo the appends made so far (they are each agent's last move). */
            for (size_t k = 0; k < i; k++) {
                const cs_moves *mv = res->points[k] > 0 ? moves_of(l, res->agent_ids[k]) : NULL;
                if (mv)
                    ((cs_moves *)mv)->n--;
            }
            return rc;
        }
    }
    return CSVC_OK;
}
