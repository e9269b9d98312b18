/* The points ledger (incentive.h): per agent, movements in time order;
 * balances by replaying them with the lots in a FIFO queue. Lots expire in
 * the order they were accrued (expiry is accrual + N months), so the queue
 * head is always both the oldest and the first to expire. */
#include "incentive_internal.h"
#include "incentive_seam.h"

#include "civil.h"

#include <inttypes.h>
#include <stdio.h>
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
    size_t nmoves; /* all agents' */
    cs_journal journal;
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
    cs_journal_engine_freed(&l->journal);
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

/* The checks that need no state: agent id, points, time. */
static csvc_status check_args(csvc_points_ledger *l, const char *fn, const char *agent,
                              int64_t time, int64_t points)
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
    return CSVC_OK;
}

/* Whether a movement (points > 0 accrued, < 0 redeemed) fits the agent's
 * movements so far: in time order, within the balance and int64. */
static csvc_status check_state(csvc_points_ledger *l, csvc_status bad, const char *fn,
                               const char *agent, int64_t time, int64_t points)
{
    const cs_moves *mv = moves_of(l, agent);
    if (mv && mv->n && time < mv->m[mv->n - 1].time)
        return cs_fail(&l->err, bad,
                       "%s: agent '%s': time %" PRId64 " is before the agent's last movement (%"
                       PRId64 "); the ledger is append-only",
                       fn, agent, time, mv->m[mv->n - 1].time);
    replay r;
    csvc_status rc = run(l, mv, time, 1, INT64_MIN, &r);
    if (rc != CSVC_OK)
        return rc;
    if (points > 0 && r.balance > INT64_MAX - points)
        return cs_fail(&l->err, bad == CSVC_E_CONSTRAINT ? CSVC_E_OVERFLOW : bad,
                       "%s: agent '%s': the balance leaves int64", fn, agent);
    if (points < 0 && -points > r.balance)
        return cs_fail(&l->err, bad,
                       "%s: agent '%s': %" PRId64 " points asked, %" PRId64 " available at %" PRId64,
                       fn, agent, -points, r.balance, time);
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
    l->nmoves++;
    return CSVC_OK;
}

/* Takes back the newest movement of `agent`; an agent that had none
 * before (index >= `agents_before`, and the newest agent: undo runs
 * newest first) is forgotten again. */
static void unappend(csvc_points_ledger *l, const char *agent, size_t agents_before)
{
    uint32_t a = cs_strpool_find(&l->agents, agent);
    l->moves[a].n--;
    l->nmoves--;
    if (a >= agents_before && l->moves[a].n == 0) {
        cs_free(&l->alloc, l->moves[a].m);
        cs_strpool_truncate(&l->agents, a);
    }
}

/* The store's reason, kept in the ledger's message. */
static csvc_status not_stored(csvc_points_ledger *l, const char *fn, const char *what,
                              csvc_status rc)
{
    char why[CS_ERRMSG_MAX / 2];
    snprintf(why, sizeof why, "%s", csvc_last_errmsg());
    return cs_fail(&l->err, rc, "%s: %s (%s): %s", fn, what, csvc_status_str(rc), why);
}

/* One movement through the journal (util/journal.h): the store takes its
 * lock and catches up first, so the checks see every process's
 * movements; a movement the store cannot write is undone. */
static csvc_status move(csvc_points_ledger *l, const char *fn, const char *agent, int64_t time,
                        int64_t points)
{
    csvc_status rc = check_args(l, fn, agent, time, points < 0 ? -points : points);
    if (rc != CSVC_OK)
        return rc;
    if ((rc = cs_journal_open(&l->journal)) != CSVC_OK)
        return not_stored(l, fn, "the store cannot take a movement", rc);
    size_t before = l->agents.count;
    if ((rc = check_state(l, CSVC_E_CONSTRAINT, fn, agent, time, points)) != CSVC_OK ||
        (rc = append(l, fn, agent, time, points)) != CSVC_OK) {
        cs_journal_close(&l->journal, 0);
        return rc;
    }
    cs_points_move m = {agent, time, points};
    if ((rc = cs_journal_change(&l->journal, CS_POINTS_MOVED, &m)) != CSVC_OK) {
        rc = not_stored(l, fn, "not stored", rc);
        cs_journal_close(&l->journal, 0);
        unappend(l, agent, before);
        return rc;
    }
    if ((rc = cs_journal_close(&l->journal, 1)) != CSVC_OK) {
        unappend(l, agent, before);
        return not_stored(l, fn, "not stored", rc);
    }
    return CSVC_OK;
}

csvc_status csvc_points_ledger_accrue(csvc_points_ledger *l, const char *agent_id, int64_t time,
                                      int64_t points)
{
    static const char fn[] = "points_ledger_accrue";
    if (!l || !agent_id)
        return cs_fail(l ? &l->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       l ? "agent_id" : "ledger");
    if (points < 1 || points > CSVC_POINTS_MAX) /* before the sign is used */
        return check_args(l, fn, agent_id, time, points);
    return move(l, fn, agent_id, time, points);
}

csvc_status csvc_points_ledger_redeem(csvc_points_ledger *l, const char *agent_id, int64_t time,
                                      int64_t points)
{
    static const char fn[] = "points_ledger_redeem";
    if (!l || !agent_id)
        return cs_fail(l ? &l->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       l ? "agent_id" : "ledger");
    if (points < 1 || points > CSVC_POINTS_MAX)
        return check_args(l, fn, agent_id, time, points);
    return move(l, fn, agent_id, time, -points);
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
    for (size_t i = 0; i < res->nagents; i++) {
        csvc_status rc =
            res->points[i] > 0 ? check_args(l, fn, res->agent_ids[i], at, res->points[i]) : CSVC_OK;
        if (rc != CSVC_OK)
            return rc;
    }
    /* One group: the store writes every movement in one transaction. */
    csvc_status rc = cs_journal_group_begin(&l->journal);
    if (rc != CSVC_OK)
        return not_stored(l, fn, "the store cannot take the movements", rc);
    for (size_t i = 0; i < res->nagents && rc == CSVC_OK; i++)
        if (res->points[i] > 0)
            rc = check_state(l, CSVC_E_CONSTRAINT, fn, res->agent_ids[i], at, res->points[i]);
    size_t before = l->agents.count, done = 0;
    for (; done < res->nagents && rc == CSVC_OK; done++) {
        if (res->points[done] <= 0)
            continue;
        cs_points_move m = {res->agent_ids[done], at, res->points[done]};
        if ((rc = append(l, fn, m.agent, at, m.points)) != CSVC_OK)
            break;
        if ((rc = cs_journal_change(&l->journal, CS_POINTS_MOVED, &m)) != CSVC_OK) {
            rc = not_stored(l, fn, "not stored", rc);
            done++; /* its append is undone below with the others */
            break;
        }
    }
    csvc_status end = cs_journal_group_end(&l->journal, rc == CSVC_OK);
    if (rc == CSVC_OK && end != CSVC_OK)
        rc = not_stored(l, fn, "not stored", end);
    if (rc != CSVC_OK) /* each agent's newest movement, newest agents last */
        for (size_t k = done; k-- > 0;)
            if (res->points[k] > 0)
                unappend(l, res->agent_ids[k], before);
    return rc;
}

/* ---- the store's side (incentive_seam.h) ------------------------------------ */

cs_journal *cs_points_journal(csvc_points_ledger *l)
{
    return &l->journal;
}

int32_t cs_points_expiry_months(const csvc_points_ledger *l)
{
    return l->expiry_months;
}

size_t cs_points_move_count(const csvc_points_ledger *l)
{
    return l->nmoves;
}

int cs_points_foreach(const csvc_points_ledger *l, int (*fn)(const cs_points_move *, void *),
                      void *user_data)
{
    for (size_t a = 0; a < l->agents.count; a++) {
        for (size_t i = 0; i < l->moves[a].n; i++) {
            cs_points_move m = {l->agents.items[a], l->moves[a].m[i].time, l->moves[a].m[i].points};
            int stop = fn(&m, user_data);
            if (stop)
                return stop;
        }
    }
    return 0;
}

csvc_status cs_points_restore(csvc_points_ledger *l, const cs_points_move *m)
{
    static const char fn[] = "points ledger";
    int64_t magnitude = m->points < 0 ? -m->points : m->points;
    csvc_status rc = check_args(l, fn, m->agent, m->time, magnitude);
    if (rc == CSVC_OK)
        rc = check_state(l, CSVC_E_CORRUPT, fn, m->agent, m->time, m->points);
    return rc == CSVC_OK ? append(l, fn, m->agent, m->time, m->points) : rc;
}

void cs_points_clear(csvc_points_ledger *l)
{
    for (size_t a = 0; a < l->agents.count; a++)
        cs_free(&l->alloc, l->moves[a].m);
    cs_strpool_truncate(&l->agents, 0);
    l->nmoves = 0;
}
