/* Evaluation of a plan for a period, in three steps:
 * 1. what needs the whole desk or a team: the plan's eligibility, each
 *    pool's shares and each title's ranks, per agent;
 * 2. agent by agent, the rules in plan order (so a deduction's floor sees
 *    the running total of the rules before it), then the per-agent cap:
 *    the lines come out grouped by statement, in the inputs' agent order;
 * 3. the budget, which scales the positive totals down when the plan's
 *    total is above it (its lines are kept as one adjustment per agent). */
#include "incentive_internal.h"

#include "civil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A gate with its bound columns looked up. */
typedef struct gate_ctx {
    const cs_inc_gate *g;
    const int64_t **cols; /* per bound */
} gate_ctx;

typedef struct rule_ctx {
    const cs_inc_rule *r;
    const int64_t *col, *sample;
    gate_ctx gate; /* the rule's own; g NULL when none */
    int64_t *shares; /* pools: each agent's share, CS_MICRO_NONE for none */
    int64_t *pool_value, *pool_amount; /* pools: per team, the value met and the pool */
    int32_t *rank; /* titles: 1-based rank per agent, 0 for none */
} rule_ctx;

typedef struct eval {
    const csvc_incentive_plan *plan;
    const csvc_incentive_inputs *in;
    const cs_alloc *alloc;
    const csvc_period *period;
    size_t n;
    gate_ctx plan_gate;
    rule_ctx *rules;
    uint8_t *eligible;
    int64_t *running, *points;
    cs_inc_line *lines;
    size_t nlines, cap_lines;
    size_t *line_start;
    const char *const *ids; /* agent ids by index */
} eval;

static csvc_status nomem(void)
{
    return cs_fail(NULL, CSVC_E_NOMEM, "incentive_evaluate: out of memory");
}

static csvc_status overflow(const eval *E, const cs_inc_rule *r, size_t a)
{
    return cs_fail(NULL, CSVC_E_OVERFLOW,
                   "incentive_evaluate: rule '%s', agent '%s': the amount leaves int64",
                   r ? r->id : "(cap or budget)", E->ids[a]);
}

/* ---- inputs as micro-units ------------------------------------------------------ */

/* The column of an agent metric (team = 0) or a team metric, kept in
 * micro-units by the inputs; NULL when nobody has it. */
static csvc_status column(eval *E, const char *name, int team, const int64_t **out)
{
    *out = team ? cs_inc_team_column(E->in, name) : cs_inc_column(E->in, name);
    return CSVC_OK;
}

static csvc_status resolve_gate(eval *E, const cs_inc_gate *g, gate_ctx *out)
{
    out->g = g;
    out->cols = cs_calloc(E->alloc, g->nbounds ? g->nbounds : 1, sizeof *out->cols);
    if (!out->cols)
        return nomem();
    for (size_t i = 0; i < g->nbounds; i++) {
        csvc_status rc = column(E, g->bounds[i].metric, 0, &out->cols[i]);
        if (rc != CSVC_OK)
            return rc;
    }
    return CSVC_OK;
}

static int passes(const eval *E, const gate_ctx *gc, size_t a)
{
    const cs_inc_gate *g = gc->g;
    const csvc_incentive_inputs *in = E->in;
    if (!g)
        return 1;
    if ((g->exclude_probation && in->probation[a]) || (g->require_active && !in->active[a]))
        return 0;
    if (g->min_tenure_days >= 0) {
        int64_t t = E->period->end - in->hire_date[a];
        int64_t days = t / CS_DAY_SECONDS - (t < 0 && t % CS_DAY_SECONDS);
        if (days < g->min_tenure_days)
            return 0;
    }
    for (size_t i = 0; i < g->nbounds; i++) {
        int64_t v = gc->cols[i] ? gc->cols[i][a] : CS_MICRO_NONE;
        if (v == CS_MICRO_NONE || (g->bounds[i].has_min && v < g->bounds[i].min) ||
            (g->bounds[i].has_max && v > g->bounds[i].max))
            return 0;
    }
    return 1;
}

static int rule_passes(const eval *E, const rule_ctx *rc, size_t a)
{
    return E->eligible[a] && passes(E, &rc->gate, a);
}

static int64_t capped(const cs_inc_rule *r, int64_t amount)
{
    return r->has_cap && amount > r->cap ? r->cap : amount;
}

static int meets(const cs_inc_rule *r, int64_t v)
{
    return r->at_most ? v <= r->threshold : v >= r->threshold;
}

/* ---- step 1: pools and titles ------------------------------------------------------ */

static csvc_status pool_shares(eval *E, rule_ctx *c)
{
    const cs_inc_rule *r = c->r;
    const csvc_incentive_inputs *in = E->in;
    const int64_t *team_col, *weights_col = NULL;
    csvc_status rc = column(E, r->metric, 1, &team_col);
    if (rc == CSVC_OK && r->weight_metric)
        rc = column(E, r->weight_metric, 0, &weights_col);
    if (rc != CSVC_OK)
        return rc;
    size_t n = E->n ? E->n : 1, nteams = in->teams.count;
    c->shares = cs_malloc(E->alloc, n * sizeof *c->shares);
    c->pool_value = cs_malloc(E->alloc, (nteams ? nteams : 1) * sizeof *c->pool_value);
    c->pool_amount = cs_malloc(E->alloc, (nteams ? nteams : 1) * sizeof *c->pool_amount);
    /* The agents of each team, contiguous: by_team[first[t] .. first[t + 1]). */
    size_t *first = cs_calloc(E->alloc, nteams + 1, sizeof *first);
    size_t *cursor = cs_malloc(E->alloc, (nteams + 1) * sizeof *cursor);
    size_t *by_team = cs_malloc(E->alloc, n * sizeof *by_team);
    size_t *members = cs_malloc(E->alloc, n * sizeof *members);
    int64_t *weights = cs_malloc(E->alloc, n * sizeof *weights);
    int64_t *parts = cs_malloc(E->alloc, n * sizeof *parts);
    const char **keys = cs_malloc(E->alloc, n * sizeof *keys);
    if (!c->shares || !c->pool_value || !c->pool_amount || !first || !cursor || !by_team ||
        !members || !weights || !parts || !keys)
        rc = nomem();
    if (rc == CSVC_OK) {
        for (size_t a = 0; a < E->n; a++) {
            c->shares[a] = CS_MICRO_NONE;
            first[in->team[a] + 1]++;
        }
        for (size_t t = 0; t < nteams; t++)
            first[t + 1] += first[t];
        memcpy(cursor, first, (nteams + 1) * sizeof *cursor);
        for (size_t a = 0; a < E->n; a++)
            by_team[cursor[in->team[a]]++] = a;
    }
    for (size_t t = 0; t < nteams && rc == CSVC_OK; t++) {
        int64_t tv = team_col ? team_col[t] : CS_MICRO_NONE;
        c->pool_value[t] = tv;
        c->pool_amount[t] = 0;
        if (tv == CS_MICRO_NONE || !meets(r, tv))
            continue;
        size_t m = 0;
        int64_t base_sum = 0, weight_sum = 0;
        for (size_t k = first[t]; k < first[t + 1] && rc == CSVC_OK; k++) {
            size_t a = by_team[k];
            if (!rule_passes(E, c, a))
                continue;
            int64_t w = 1;
            if (r->split == CS_SPLIT_WEIGHTED) {
                w = weights_col ? weights_col[a] : CS_MICRO_NONE;
                w = w == CS_MICRO_NONE || w < 0 ? 0 : w;
            }
            if (csvc_money_add(base_sum, in->base_pay[a], &base_sum) != CSVC_OK ||
                csvc_money_add(weight_sum, w, &weight_sum) != CSVC_OK)
                rc = overflow(E, r, a);
            members[m] = a;
            weights[m] = w;
            keys[m++] = E->ids[a];
        }
        if (rc != CSVC_OK || m == 0 || weight_sum == 0)
            continue;
        int64_t amount = r->amount;
        if (r->pay == CS_PAY_BP && csvc_money_percent_bp(base_sum, r->amount, &amount) != CSVC_OK)
            rc = overflow(E, r, members[0]);
        if (rc == CSVC_OK && csvc_money_split(amount, weights, keys, m, parts) != CSVC_OK)
            rc = overflow(E, r, members[0]);
        c->pool_amount[t] = amount;
        for (size_t k = 0; k < m && rc == CSVC_OK; k++)
            c->shares[members[k]] = capped(r, parts[k]);
    }
    cs_free(E->alloc, first);
    cs_free(E->alloc, cursor);
    cs_free(E->alloc, by_team);
    cs_free(E->alloc, members);
    cs_free(E->alloc, weights);
    cs_free(E->alloc, parts);
    cs_free(E->alloc, keys);
    return rc;
}

typedef struct ranked {
    int64_t value;
    const char *id;
    size_t agent;
} ranked;

/* Negative when a ranks before b: the better value, then the smaller id. */
static int rank_order(const ranked *a, const ranked *b, int ascending)
{
    if (a->value != b->value)
        return (a->value > b->value) != ascending ? -1 : 1;
    return strcmp(a->id, b->id);
}

static int by_value_desc(const void *a, const void *b)
{
    return rank_order(a, b, 0);
}

static int by_value_asc(const void *a, const void *b)
{
    return rank_order(a, b, 1);
}

/* The top N: a sorted buffer of N for a small N (one pass), else a sort. */
static csvc_status title_ranks(eval *E, rule_ctx *c)
{
    const cs_inc_rule *r = c->r;
    csvc_status rc = column(E, r->metric, 0, &c->col);
    if (rc != CSVC_OK)
        return rc;
    size_t n = E->n ? E->n : 1, top = (size_t)r->top;
    c->rank = cs_calloc(E->alloc, n, sizeof *c->rank);
    int small = top <= 64;
    ranked *best = cs_malloc(E->alloc, (small ? top + 1 : n) * sizeof *best);
    if (!c->rank || !best) {
        cs_free(E->alloc, best);
        return nomem();
    }
    size_t kept = 0;
    for (size_t a = 0; c->col && a < E->n; a++) {
        if (c->col[a] == CS_MICRO_NONE || !rule_passes(E, c, a))
            continue;
        ranked x = {c->col[a], E->ids[a], a};
        if (!small) {
            best[kept++] = x;
            continue;
        }
        if (kept == top && rank_order(&x, &best[top - 1], r->ascending) >= 0)
            continue;
        size_t pos = kept < top ? kept++ : top - 1;
        while (pos > 0 && rank_order(&x, &best[pos - 1], r->ascending) < 0) {
            best[pos] = best[pos - 1];
            pos--;
        }
        best[pos] = x;
    }
    if (!small) {
        qsort(best, kept, sizeof *best, r->ascending ? by_value_asc : by_value_desc);
        kept = kept < top ? kept : top;
    }
    for (size_t k = 0; k < kept; k++)
        c->rank[best[k].agent] = (int32_t)k + 1;
    cs_free(E->alloc, best);
    return CSVC_OK;
}

static csvc_status prepare(eval *E)
{
    const csvc_incentive_plan *p = E->plan;
    size_t n = E->n ? E->n : 1;
    E->eligible = cs_malloc(E->alloc, n);
    E->running = cs_calloc(E->alloc, n, sizeof *E->running);
    E->points = cs_calloc(E->alloc, n, sizeof *E->points);
    E->line_start = cs_calloc(E->alloc, E->n + 1, sizeof *E->line_start);
    E->rules = cs_calloc(E->alloc, p->nrules ? p->nrules : 1, sizeof *E->rules);
    /* A guess that saves most regrowths: half the rules pay the average agent. */
    E->cap_lines = E->n * (p->nrules / 2 + 2) + 16;
    E->lines = cs_malloc(E->alloc, E->cap_lines * sizeof *E->lines);
    if (!E->eligible || !E->running || !E->points || !E->line_start || !E->rules || !E->lines)
        return nomem();
    csvc_status rc = resolve_gate(E, &p->gate, &E->plan_gate);
    for (size_t a = 0; a < E->n && rc == CSVC_OK; a++)
        E->eligible[a] = (uint8_t)passes(E, &E->plan_gate, a);
    for (size_t i = 0; i < p->nrules && rc == CSVC_OK; i++) {
        rule_ctx *c = &E->rules[i];
        c->r = &p->rules[i];
        if (c->r->has_gate && (rc = resolve_gate(E, &c->r->gate, &c->gate)) != CSVC_OK)
            break;
        if (c->r->kind == CSVC_RULE_POOL)
            rc = pool_shares(E, c);
        else if (c->r->kind == CSVC_RULE_TITLE)
            rc = title_ranks(E, c);
        else if ((rc = column(E, c->r->metric, 0, &c->col)) == CSVC_OK && c->r->sample_metric)
            rc = column(E, c->r->sample_metric, 0, &c->sample);
    }
    return rc;
}

/* ---- step 2: the statements -------------------------------------------------------- */

static csvc_status add_line(eval *E, const cs_inc_rule *r, uint16_t rule, size_t a,
                            int64_t amount, int64_t points, int64_t value, int tier,
                            int64_t rate, csvc_incentive_rule_kind kind)
{
    int64_t sum, pts;
    if (csvc_money_add(E->running[a], amount, &sum) != CSVC_OK ||
        csvc_money_add(E->points[a], points, &pts) != CSVC_OK)
        return overflow(E, r, a);
    if (E->nlines == E->cap_lines &&
        cs_grow(E->alloc, (void **)&E->lines, &E->cap_lines, E->nlines + 1, sizeof *E->lines))
        return nomem();
    E->running[a] = sum;
    E->points[a] = pts;
    E->lines[E->nlines++] = (cs_inc_line){kind == CSVC_RULE_POINTS ? points : amount, value,
                                          rate, rule, (int16_t)tier, (uint8_t)kind};
    return CSVC_OK;
}

/* One per-agent rule for agent a: the amount, points, tier and rate. */
static csvc_status agent_rule(const eval *E, const rule_ctx *c, size_t a, int64_t v,
                              int64_t *amount, int64_t *points, int *tier, int64_t *rate,
                              int *skip)
{
    const cs_inc_rule *r = c->r;
    int64_t base = E->in->base_pay[a];
    *skip = 0;
    switch (r->kind) {
    case CSVC_RULE_TIERED:
    case CSVC_RULE_COMMISSION:
        return cs_inc_tiered(r, v, base, amount, tier, rate);
    case CSVC_RULE_TARGET:
        return cs_inc_target(r, v, base, amount, tier, rate);
    case CSVC_RULE_METRIC_BONUS: {
        int64_t s = c->sample ? c->sample[a] : CS_MICRO_NONE;
        if (!meets(r, v) || (r->sample_metric && (s == CS_MICRO_NONE || s < r->sample_min))) {
            *skip = 1;
            return CSVC_OK;
        }
        *rate = r->amount;
        if (r->pay == CS_PAY_BP)
            return csvc_money_percent_bp(base, r->amount, amount) == CSVC_OK ? CSVC_OK
                                                                              : CSVC_E_OVERFLOW;
        *amount = r->amount;
        return CSVC_OK;
    }
    case CSVC_RULE_DEDUCTION: {
        int64_t due;
        *rate = r->per_unit;
        if (v <= 0 || cs_inc_per_unit(r->per_unit, v, &due) != CSVC_OK) {
            *skip = v <= 0;
            return v <= 0 ? CSVC_OK : CSVC_E_OVERFLOW;
        }
        due = capped(r, due);
        /* The running total may not drop below the floor. */
        if (r->has_floor) {
            int64_t room = 0, now = E->running[a];
            if (now > r->floor && csvc_money_sub(now, r->floor, &room) != CSVC_OK)
                room = INT64_MAX;
            due = due < room ? due : room;
        }
        *amount = -due;
        return CSVC_OK;
    }
    case CSVC_RULE_POINTS:
        *rate = r->points_per_unit;
        if (v <= 0) {
            *skip = 1;
            return CSVC_OK;
        }
        return cs_inc_per_unit(r->points_per_unit, v, points);
    default:
        *skip = 1;
        return CSVC_OK;
    }
}

static csvc_status statement(eval *E, size_t a)
{
    const csvc_incentive_plan *p = E->plan;
    csvc_status rc = CSVC_OK;
    E->line_start[a] = E->nlines;
    for (size_t i = 0; i < p->nrules && E->eligible[a] && rc == CSVC_OK; i++) {
        const rule_ctx *c = &E->rules[i];
        const cs_inc_rule *r = c->r;
        if (r->kind == CSVC_RULE_POOL) {
            int64_t share = c->shares[a];
            if (share != CS_MICRO_NONE && share != 0)
                rc = add_line(E, r, (uint16_t)i, a, share, 0,
                              c->pool_value[E->in->team[a]], -1,
                              c->pool_amount[E->in->team[a]], r->kind);
            continue;
        }
        if (r->kind == CSVC_RULE_TITLE) {
            if (c->rank[a])
                rc = add_line(E, r, (uint16_t)i, a, capped(r, r->amount), 0, c->col[a],
                              c->rank[a], r->amount, r->kind);
            continue;
        }
        int64_t v = c->col ? c->col[a] : CS_MICRO_NONE;
        if (v == CS_MICRO_NONE || !passes(E, &c->gate, a))
            continue;
        int64_t amount = 0, points = 0, rate = 0;
        int tier = -1, skip;
        if (agent_rule(E, c, a, v, &amount, &points, &tier, &rate, &skip) != CSVC_OK)
            return overflow(E, r, a);
        if (r->kind != CSVC_RULE_DEDUCTION)
            amount = capped(r, amount);
        if (!skip && (amount != 0 || points != 0)) /* a statement lists what paid or took */
            rc = add_line(E, r, (uint16_t)i, a, amount, points, v, tier, rate, r->kind);
    }
    if (rc == CSVC_OK && p->agent_cap_bp >= 0) {
        int64_t cap;
        if (csvc_money_percent_bp(E->in->base_pay[a], p->agent_cap_bp, &cap) != CSVC_OK)
            return overflow(E, NULL, a);
        if (E->running[a] > cap)
            rc = add_line(E, NULL, UINT16_MAX, a, cap - E->running[a], 0, CS_MICRO_NONE, -1,
                          p->agent_cap_bp, CSVC_RULE_AGENT_CAP);
    }
    return rc;
}

/* ---- step 3: the budget ------------------------------------------------------------ */

/* *adjust (NULL when the budget does not bind): each agent's scaling. */
static csvc_status budget(eval *E, int64_t *total, int64_t **adjust)
{
    *total = 0;
    *adjust = NULL;
    int64_t positive = 0, rest = 0;
    size_t npos = 0;
    for (size_t a = 0; a < E->n; a++) {
        int64_t *bucket = E->running[a] > 0 ? &positive : &rest;
        npos += E->running[a] > 0;
        if (csvc_money_add(*bucket, E->running[a], bucket) != CSVC_OK)
            return cs_fail(NULL, CSVC_E_OVERFLOW,
                           "incentive_evaluate: the plan total leaves int64");
    }
    if (csvc_money_add(positive, rest, total) != CSVC_OK)
        return cs_fail(NULL, CSVC_E_OVERFLOW, "incentive_evaluate: the plan total leaves int64");
    if (E->plan->budget < 0 || *total <= E->plan->budget)
        return CSVC_OK;
    /* Scale the positive totals so that, with the rest, the plan pays the
     * budget exactly: largest remainder, ties by agent id. */
    int64_t target = E->plan->budget - rest;
    size_t *who = cs_malloc(E->alloc, npos * sizeof *who);
    int64_t *w = cs_malloc(E->alloc, npos * sizeof *w);
    int64_t *parts = cs_malloc(E->alloc, npos * sizeof *parts);
    const char **keys = cs_malloc(E->alloc, npos * sizeof *keys);
    int64_t *adj = cs_calloc(E->alloc, E->n ? E->n : 1, sizeof *adj);
    csvc_status rc = who && w && parts && keys && adj ? CSVC_OK : nomem();
    size_t k = 0;
    for (size_t a = 0; a < E->n && rc == CSVC_OK; a++)
        if (E->running[a] > 0) {
            who[k] = a;
            w[k] = E->running[a];
            keys[k++] = E->ids[a];
        }
    if (rc == CSVC_OK && csvc_money_split(target, w, keys, npos, parts) != CSVC_OK)
        rc = cs_fail(NULL, CSVC_E_OVERFLOW, "incentive_evaluate: the budget split overflows");
    for (k = 0; k < npos && rc == CSVC_OK; k++) {
        adj[who[k]] = parts[k] - w[k];
        E->running[who[k]] = parts[k];
    }
    cs_free(E->alloc, who);
    cs_free(E->alloc, w);
    cs_free(E->alloc, parts);
    cs_free(E->alloc, keys);
    if (rc != CSVC_OK) {
        cs_free(E->alloc, adj);
        return rc;
    }
    *adjust = adj;
    *total = E->plan->budget;
    return CSVC_OK;
}

/* ---- the result ------------------------------------------------------------------ */

static char *keep(csvc_incentive_result *res, const char *s)
{
    return cs_arena_strdup(&res->strings, s ? s : "", s ? strlen(s) : 0);
}

/* Moves the lines, starts, totals and budget adjustments into the result. */
static csvc_status build_result(eval *E, int64_t total, int64_t *adjust,
                                csvc_incentive_result **out)
{
    const csvc_incentive_plan *p = E->plan;
    const csvc_incentive_inputs *in = E->in;
    csvc_incentive_result *res = cs_calloc(E->alloc, 1, sizeof *res);
    if (!res) {
        cs_free(E->alloc, adjust);
        return nomem();
    }
    res->alloc = *E->alloc;
    cs_arena_init(&res->strings, &res->alloc);
    size_t n = E->n, m = n ? n : 1;
    res->budget_adjust = adjust;
    res->agent_ids = cs_malloc(E->alloc, m * sizeof *res->agent_ids);
    res->team_ids = cs_malloc(E->alloc, m * sizeof *res->team_ids);
    res->base_pay = cs_malloc(E->alloc, m * sizeof *res->base_pay);
    res->eligible = cs_malloc(E->alloc, m);
    res->rules = cs_calloc(E->alloc, p->nrules ? p->nrules : 1, sizeof *res->rules);
    res->plan_id = keep(res, p->id);
    res->plan_document = keep(res, p->document);
    csvc_status rc = res->agent_ids && res->team_ids && res->base_pay && res->eligible &&
                             res->rules && res->plan_id && res->plan_document
                         ? CSVC_OK
                         : nomem();
    res->plan_version = p->version;
    memcpy(res->currency, p->currency, 4);
    res->decimals = p->decimals;
    res->period = *E->period;
    res->nrules = p->nrules;
    res->nagents = n;
    res->plan_total = total;
    res->budget = p->budget;
    for (size_t r = 0; r < p->nrules && rc == CSVC_OK; r++) {
        const cs_inc_rule *rule = &p->rules[r];
        cs_inc_rule_info *info = &res->rules[r];
        info->id = keep(res, rule->id);
        info->metric = keep(res, rule->metric);
        info->title = keep(res, rule->title);
        info->kind = rule->kind;
        info->marginal = rule->marginal;
        info->at_most = rule->at_most;
        info->threshold = rule->threshold;
        if (!info->id || !info->metric || !info->title)
            rc = nomem();
    }
    /* Team ids are shared by their agents: one copy per team. */
    const char **team_copy = cs_calloc(E->alloc, in->teams.count + 1, sizeof *team_copy);
    if (!team_copy && rc == CSVC_OK)
        rc = nomem();
    for (size_t a = 0; a < n && rc == CSVC_OK; a++) {
        uint32_t t = in->team[a];
        if (!team_copy[t])
            team_copy[t] = keep(res, cs_strpool_get(&in->teams, t));
        res->agent_ids[a] = keep(res, E->ids[a]);
        res->team_ids[a] = team_copy[t];
        if (!res->agent_ids[a] || !res->team_ids[a])
            rc = nomem();
        res->base_pay[a] = in->base_pay[a];
        res->eligible[a] = E->eligible[a];
    }
    cs_free(E->alloc, team_copy);
    E->line_start[n] = E->nlines;
    res->line_start = E->line_start;
    res->lines = E->lines;
    res->nlines = E->nlines;
    res->total = E->running;
    res->points = E->points;
    E->line_start = NULL;
    E->lines = NULL;
    E->running = NULL;
    E->points = NULL;
    if (rc != CSVC_OK) {
        csvc_incentive_result_free(res);
        return rc;
    }
    *out = res;
    return CSVC_OK;
}

static csvc_status check_arguments(const csvc_incentive_plan *p, const csvc_incentive_inputs *in,
                                   const csvc_period *period)
{
    if (period->end <= period->start)
        return cs_fail(NULL, CSVC_E_RANGE, "incentive_evaluate: the period is empty");
    int64_t s = period->start, t = period->end - 1;
    int64_t first = s / CS_DAY_SECONDS - (s < 0 && s % CS_DAY_SECONDS);
    int64_t last = t / CS_DAY_SECONDS - (t < 0 && t % CS_DAY_SECONDS);
    if (first < p->effective_from || last > p->effective_to) {
        char from[16], to[16];
        int32_t y, mo, d;
        cs_civil_from_days(p->effective_from, &y, &mo, &d);
        snprintf(from, sizeof from, "%04d-%02d-%02d", (int)y, (int)mo, (int)d);
        cs_civil_from_days(p->effective_to, &y, &mo, &d);
        snprintf(to, sizeof to, "%04d-%02d-%02d", (int)y, (int)mo, (int)d);
        return cs_fail(NULL, CSVC_E_RANGE,
                       "incentive_evaluate: the period is outside plan '%s' v%d's effective "
                       "dates %s..%s",
                       p->id, (int)p->version, from, to);
    }
    for (size_t a = 0; a < in->agents.count; a++)
        if (in->currency[a][0] && strcmp(in->currency[a], p->currency) != 0)
            return cs_fail(NULL, CSVC_E_INVALID,
                           "incentive_evaluate: agent '%s' is paid in %s, plan '%s' in %s",
                           cs_strpool_get(&in->agents, (uint32_t)a), in->currency[a], p->id,
                           p->currency);
    return CSVC_OK;
}

static void release(eval *E)
{
    for (size_t i = 0; E->rules && i < E->plan->nrules; i++) {
        rule_ctx *c = &E->rules[i];
        cs_free(E->alloc, (void *)c->gate.cols);
        cs_free(E->alloc, c->shares);
        cs_free(E->alloc, c->pool_value);
        cs_free(E->alloc, c->pool_amount);
        cs_free(E->alloc, c->rank);
    }
    cs_free(E->alloc, (void *)E->plan_gate.cols);
    cs_free(E->alloc, E->rules);
    cs_free(E->alloc, E->eligible);
    cs_free(E->alloc, E->running);
    cs_free(E->alloc, E->points);
    cs_free(E->alloc, E->lines);
    cs_free(E->alloc, E->line_start);
}

csvc_status csvc_incentive_evaluate(const csvc_incentive_plan *plan,
                                    const csvc_incentive_inputs *inputs,
                                    const csvc_period *period, csvc_incentive_result **out)
{
    if (!plan || !inputs || !period || !out)
        return cs_fail(NULL, CSVC_E_NULL, "incentive_evaluate: %s is NULL",
                       !plan ? "plan" : !inputs ? "inputs" : !period ? "period" : "out");
    csvc_status rc = check_arguments(plan, inputs, period);
    if (rc != CSVC_OK)
        return rc;
    eval E;
    memset(&E, 0, sizeof E);
    E.plan = plan;
    E.in = inputs;
    E.alloc = &inputs->alloc;
    E.period = period;
    E.n = inputs->agents.count;
    E.ids = inputs->agents.items;
    rc = prepare(&E);
    for (size_t a = 0; a < E.n && rc == CSVC_OK; a++)
        rc = statement(&E, a);
    int64_t total = 0, *adjust = NULL;
    if (rc == CSVC_OK && (rc = budget(&E, &total, &adjust)) == CSVC_OK)
        rc = build_result(&E, total, adjust, out);
    release(&E);
    return rc;
}
