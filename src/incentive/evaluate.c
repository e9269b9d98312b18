/* Evaluation of a plan for a period: rule by rule over all agents (pools
 * and titles need the whole team or desk), then the per-agent cap and the
 * budget, then the lines grouped into statements in agent id order. */
#include "incentive_internal.h"

#include "civil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A metric column in micro-units, built once per evaluation. */
typedef struct micro_column {
    const char *name;
    int64_t *values; /* NULL: no agent (or team) has the metric */
} micro_column;

typedef struct eval {
    const csvc_incentive_plan *plan;
    const csvc_incentive_inputs *in;
    const cs_alloc *alloc;
    const csvc_period *period;
    size_t n;
    micro_column *columns, *team_columns;
    size_t ncolumns, nteam_columns;
    uint8_t *eligible;
    int64_t *running, *points;
    cs_inc_line *lines;
    size_t nlines, cap_lines;
    const char *const *ids; /* agent ids by index */
} eval;

static csvc_status nomem(void)
{
    return cs_fail(NULL, CSVC_E_NOMEM, "incentive_evaluate: out of memory");
}

static csvc_status to_micro(eval *E, const double *src, size_t n, int64_t **out)
{
    *out = NULL;
    if (!src)
        return CSVC_OK;
    int64_t *col = cs_malloc(E->alloc, (n ? n : 1) * sizeof *col);
    if (!col)
        return nomem();
    for (size_t i = 0; i < n; i++)
        col[i] = isnan(src[i]) ? CS_MICRO_NONE : cs_inc_micro(src[i]);
    *out = col;
    return CSVC_OK;
}

/* The micro column of an agent metric (team = 0) or a team metric. */
static csvc_status column(eval *E, const char *name, int team, const int64_t **out)
{
    micro_column **cols = team ? &E->team_columns : &E->columns;
    size_t *n = team ? &E->nteam_columns : &E->ncolumns;
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*cols)[i].name, name) == 0) {
            *out = (*cols)[i].values;
            return CSVC_OK;
        }
    micro_column *grown = cs_realloc_array(E->alloc, *cols, *n + 1, sizeof *grown);
    if (!grown)
        return nomem();
    *cols = grown;
    const double *src = team ? cs_inc_team_column(E->in, name) : cs_inc_column(E->in, name);
    size_t len = team ? E->in->teams.count : E->n;
    csvc_status rc = to_micro(E, src, len, &grown[*n].values);
    if (rc != CSVC_OK)
        return rc;
    grown[*n].name = name;
    *out = grown[(*n)++].values;
    return CSVC_OK;
}

static int64_t value_of(const int64_t *col, size_t i)
{
    return col ? col[i] : CS_MICRO_NONE;
}

static csvc_status passes(eval *E, const cs_inc_gate *g, size_t a, int *ok)
{
    const csvc_incentive_inputs *in = E->in;
    *ok = 0;
    if (g->exclude_probation && in->probation[a])
        return CSVC_OK;
    if (g->require_active && !in->active[a])
        return CSVC_OK;
    if (g->min_tenure_days >= 0) {
        int64_t t = E->period->end - in->hire_date[a];
        int64_t days = t / CS_DAY_SECONDS - (t < 0 && t % CS_DAY_SECONDS);
        if (days < g->min_tenure_days)
            return CSVC_OK;
    }
    for (size_t i = 0; i < g->nbounds; i++) {
        const int64_t *col;
        csvc_status rc = column(E, g->bounds[i].metric, 0, &col);
        if (rc != CSVC_OK)
            return rc;
        int64_t v = value_of(col, a);
        if (v == CS_MICRO_NONE || (g->bounds[i].has_min && v < g->bounds[i].min) ||
            (g->bounds[i].has_max && v > g->bounds[i].max))
            return CSVC_OK;
    }
    *ok = 1;
    return CSVC_OK;
}

static csvc_status rule_passes(eval *E, const cs_inc_rule *r, size_t a, int *ok)
{
    *ok = E->eligible[a];
    if (*ok && r->has_gate)
        return passes(E, &r->gate, a, ok);
    return CSVC_OK;
}

static csvc_status overflow(const eval *E, const cs_inc_rule *r, size_t a)
{
    return cs_fail(NULL, CSVC_E_OVERFLOW,
                   "incentive_evaluate: rule '%s', agent '%s': the amount leaves int64",
                   r ? r->id : "(cap or budget)", E->ids[a]);
}

/* Appends a line and adds it to the agent's running total. */
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
    E->lines[E->nlines++] = (cs_inc_line){(uint32_t)a, rule, (uint8_t)kind, (int16_t)tier,
                                          amount, points, value, rate};
    return CSVC_OK;
}

static int64_t capped(const cs_inc_rule *r, int64_t amount)
{
    return r->has_cap && amount > r->cap ? r->cap : amount;
}

/* ---- per-agent rules -------------------------------------------------------------- */

static int meets(const cs_inc_rule *r, int64_t v)
{
    return r->at_most ? v <= r->threshold : v >= r->threshold;
}

static csvc_status agent_rule(eval *E, const cs_inc_rule *r, uint16_t index)
{
    const int64_t *col, *sample = NULL;
    csvc_status rc = column(E, r->metric, 0, &col);
    if (rc == CSVC_OK && r->sample_metric)
        rc = column(E, r->sample_metric, 0, &sample);
    if (rc != CSVC_OK || !col)
        return rc;
    const csvc_incentive_inputs *in = E->in;
    for (size_t a = 0; a < E->n; a++) {
        int64_t v = col[a];
        int ok;
        if (v == CS_MICRO_NONE || (rc = rule_passes(E, r, a, &ok)) != CSVC_OK || !ok) {
            if (rc != CSVC_OK)
                return rc;
            continue;
        }
        int64_t amount = 0, points = 0, rate = 0;
        int tier = -1;
        switch (r->kind) {
        case CSVC_RULE_TIERED:
        case CSVC_RULE_COMMISSION:
            rc = cs_inc_tiered(r, v, in->base_pay[a], &amount, &tier, &rate);
            break;
        case CSVC_RULE_TARGET:
            rc = cs_inc_target(r, v, in->base_pay[a], &amount, &tier, &rate);
            break;
        case CSVC_RULE_METRIC_BONUS: {
            int64_t s = sample ? sample[a] : 0;
            if (!meets(r, v) || (r->sample_metric && (s == CS_MICRO_NONE || s < r->sample_min)))
                continue;
            rc = r->pay == CS_PAY_BP ? csvc_money_percent_bp(in->base_pay[a], r->amount, &amount)
                                     : (amount = r->amount, CSVC_OK);
            rate = r->amount;
            break;
        }
        case CSVC_RULE_DEDUCTION: {
            int64_t due;
            if (v <= 0)
                continue;
            rc = cs_inc_per_unit(r->per_unit, v, &due);
            rate = r->per_unit;
            if (rc == CSVC_OK) {
                due = capped(r, due);
                /* The running total may not drop below the floor. */
                if (r->has_floor) {
                    int64_t room = 0;
                    if (E->running[a] > r->floor &&
                        csvc_money_sub(E->running[a], r->floor, &room) != CSVC_OK)
                        room = INT64_MAX;
                    due = due < room ? due : room;
                }
                amount = -due;
            }
            break;
        }
        case CSVC_RULE_POINTS:
            if (v <= 0)
                continue;
            rc = cs_inc_per_unit(r->points_per_unit, v, &points);
            rate = r->points_per_unit;
            break;
        default:
            break;
        }
        if (rc != CSVC_OK)
            return overflow(E, r, a);
        if (r->kind != CSVC_RULE_DEDUCTION)
            amount = capped(r, amount);
        if (amount == 0 && points == 0)
            continue; /* a statement lists what paid or took something */
        if ((rc = add_line(E, r, index, a, amount, points, v, tier, rate, r->kind)) != CSVC_OK)
            return rc;
    }
    return CSVC_OK;
}

/* ---- pools ---------------------------------------------------------------------- */

static csvc_status pool_rule(eval *E, const cs_inc_rule *r, uint16_t index)
{
    const csvc_incentive_inputs *in = E->in;
    const int64_t *team_col, *weights_col = NULL;
    csvc_status rc = column(E, r->metric, 1, &team_col);
    if (rc == CSVC_OK && r->weight_metric)
        rc = column(E, r->weight_metric, 0, &weights_col);
    if (rc != CSVC_OK || !team_col)
        return rc;
    size_t nteams = in->teams.count;
    size_t *members = cs_malloc(E->alloc, (E->n ? E->n : 1) * sizeof *members);
    int64_t *weights = cs_malloc(E->alloc, (E->n ? E->n : 1) * sizeof *weights);
    int64_t *parts = cs_malloc(E->alloc, (E->n ? E->n : 1) * sizeof *parts);
    const char **keys = cs_malloc(E->alloc, (E->n ? E->n : 1) * sizeof *keys);
    if (!members || !weights || !parts || !keys)
        rc = nomem();
    for (size_t t = 0; t < nteams && rc == CSVC_OK; t++) {
        int64_t tv = team_col[t];
        if (tv == CS_MICRO_NONE || !meets(r, tv))
            continue;
        size_t m = 0;
        int64_t base_sum = 0, weight_sum = 0;
        for (size_t a = 0; a < E->n && rc == CSVC_OK; a++) {
            int ok;
            if (in->team[a] != t || (rc = rule_passes(E, r, a, &ok)) != CSVC_OK || !ok)
                continue;
            int64_t w = 1;
            if (r->split == CS_SPLIT_WEIGHTED) {
                w = value_of(weights_col, a);
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
        for (size_t k = 0; k < m && rc == CSVC_OK; k++) {
            int64_t share = capped(r, parts[k]);
            if (share != 0)
                rc = add_line(E, r, index, members[k], share, 0, tv, -1, amount, r->kind);
        }
    }
    cs_free(E->alloc, members);
    cs_free(E->alloc, weights);
    cs_free(E->alloc, parts);
    cs_free(E->alloc, keys);
    return rc;
}

/* ---- titles --------------------------------------------------------------------- */

typedef struct ranked {
    int64_t value;
    const char *id;
    size_t agent;
} ranked;

static int by_value_desc(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->value != b->value)
        return a->value > b->value ? -1 : 1;
    return strcmp(a->id, b->id);
}

static int by_value_asc(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->value != b->value)
        return a->value < b->value ? -1 : 1;
    return strcmp(a->id, b->id);
}

static csvc_status title_rule(eval *E, const cs_inc_rule *r, uint16_t index)
{
    const int64_t *col;
    csvc_status rc = column(E, r->metric, 0, &col);
    if (rc != CSVC_OK || !col)
        return rc;
    ranked *c = cs_malloc(E->alloc, (E->n ? E->n : 1) * sizeof *c);
    if (!c)
        return nomem();
    size_t n = 0;
    for (size_t a = 0; a < E->n && rc == CSVC_OK; a++) {
        int ok;
        if (col[a] != CS_MICRO_NONE && (rc = rule_passes(E, r, a, &ok)) == CSVC_OK && ok)
            c[n++] = (ranked){col[a], E->ids[a], a};
    }
    if (rc == CSVC_OK)
        qsort(c, n, sizeof *c, r->ascending ? by_value_asc : by_value_desc);
    for (size_t k = 0; k < n && k < (size_t)r->top && rc == CSVC_OK; k++)
        rc = add_line(E, r, index, c[k].agent, capped(r, r->amount), 0, c[k].value, (int)k + 1,
                      r->amount, r->kind);
    cs_free(E->alloc, c);
    return rc;
}

/* ---- caps and budget -------------------------------------------------------------- */

static csvc_status agent_caps(eval *E)
{
    if (E->plan->agent_cap_bp < 0)
        return CSVC_OK;
    for (size_t a = 0; a < E->n; a++) {
        int64_t cap;
        if (csvc_money_percent_bp(E->in->base_pay[a], E->plan->agent_cap_bp, &cap) != CSVC_OK)
            return overflow(E, NULL, a);
        if (E->running[a] > cap) {
            csvc_status rc = add_line(E, NULL, UINT16_MAX, a, cap - E->running[a], 0,
                                      CS_MICRO_NONE, -1, E->plan->agent_cap_bp,
                                      CSVC_RULE_AGENT_CAP);
            if (rc != CSVC_OK)
                return rc;
        }
    }
    return CSVC_OK;
}

static csvc_status budget(eval *E, int64_t *total)
{
    *total = 0;
    int64_t positive = 0, rest = 0;
    size_t npos = 0;
    for (size_t a = 0; a < E->n; a++) {
        int64_t *bucket = E->running[a] > 0 ? &positive : &rest;
        npos += E->running[a] > 0;
        if (csvc_money_add(*bucket, E->running[a], bucket) != CSVC_OK)
            return cs_fail(NULL, CSVC_E_OVERFLOW, "incentive_evaluate: the plan total leaves int64");
    }
    if (csvc_money_add(positive, rest, total) != CSVC_OK)
        return cs_fail(NULL, CSVC_E_OVERFLOW, "incentive_evaluate: the plan total leaves int64");
    if (E->plan->budget < 0 || *total <= E->plan->budget)
        return CSVC_OK;
    /* Scale the positive totals so that, with the rest, the plan pays the
     * budget exactly: largest remainder, ties by agent id. */
    int64_t target = E->plan->budget - rest;
    size_t *who = cs_malloc(E->alloc, npos * sizeof *who);
    int64_t *w = cs_malloc(E->alloc, npos * sizeof *w), *parts = cs_malloc(E->alloc, npos * sizeof *parts);
    const char **keys = cs_malloc(E->alloc, npos * sizeof *keys);
    csvc_status rc = who && w && parts && keys ? CSVC_OK : nomem();
    size_t k = 0;
    for (size_t a = 0; a < E->n && rc == CSVC_OK; a++)
        if (E->running[a] > 0) {
            who[k] = a;
            w[k] = E->running[a];
            keys[k++] = E->ids[a];
        }
    if (rc == CSVC_OK && csvc_money_split(target, w, keys, npos, parts) != CSVC_OK)
        rc = cs_fail(NULL, CSVC_E_OVERFLOW, "incentive_evaluate: the budget split overflows");
    for (k = 0; k < npos && rc == CSVC_OK; k++)
        rc = add_line(E, NULL, UINT16_MAX, who[k], parts[k] - w[k], 0, CS_MICRO_NONE, -1,
                      E->plan->budget, CSVC_RULE_BUDGET_SCALE);
    cs_free(E->alloc, who);
    cs_free(E->alloc, w);
    cs_free(E->alloc, parts);
    cs_free(E->alloc, keys);
    if (rc == CSVC_OK)
        *total = E->plan->budget;
    return rc;
}

/* ---- the result ------------------------------------------------------------------ */

typedef struct by_id_entry {
    const char *id;
    uint32_t agent;
} by_id_entry;

static int by_id(const void *pa, const void *pb)
{
    return strcmp(((const by_id_entry *)pa)->id, ((const by_id_entry *)pb)->id);
}

static char *keep(csvc_incentive_result *res, const char *s)
{
    return cs_arena_strdup(&res->strings, s ? s : "", s ? strlen(s) : 0);
}

static csvc_status build_result(eval *E, int64_t total, csvc_incentive_result **out)
{
    const csvc_incentive_plan *p = E->plan;
    const csvc_incentive_inputs *in = E->in;
    csvc_incentive_result *res = cs_calloc(E->alloc, 1, sizeof *res);
    if (!res)
        return nomem();
    res->alloc = *E->alloc;
    cs_arena_init(&res->strings, &res->alloc);
    size_t n = E->n, m = n ? n : 1;
    by_id_entry *order = cs_malloc(E->alloc, m * sizeof *order);
    uint32_t *rank = cs_malloc(E->alloc, m * sizeof *rank);
    res->agent_ids = cs_malloc(E->alloc, m * sizeof *res->agent_ids);
    res->team_ids = cs_malloc(E->alloc, m * sizeof *res->team_ids);
    res->base_pay = cs_malloc(E->alloc, m * sizeof *res->base_pay);
    res->total = cs_malloc(E->alloc, m * sizeof *res->total);
    res->points = cs_malloc(E->alloc, m * sizeof *res->points);
    res->eligible = cs_malloc(E->alloc, m);
    res->line_start = cs_calloc(E->alloc, n + 1, sizeof *res->line_start);
    res->lines = cs_malloc(E->alloc, (E->nlines ? E->nlines : 1) * sizeof *res->lines);
    res->rules = cs_calloc(E->alloc, p->nrules ? p->nrules : 1, sizeof *res->rules);
    res->plan_id = keep(res, p->id);
    csvc_status rc = order && rank && res->agent_ids && res->team_ids && res->base_pay &&
                             res->total && res->points && res->eligible && res->line_start &&
                             res->lines && res->rules && res->plan_id
                         ? CSVC_OK
                         : nomem();
    if (rc == CSVC_OK) {
        res->plan_version = p->version;
        memcpy(res->currency, p->currency, 4);
        res->decimals = p->decimals;
        res->period = *E->period;
        res->nrules = p->nrules;
        res->nagents = n;
        res->plan_total = total;
        res->nlines = E->nlines;
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
        for (uint32_t i = 0; i < n; i++)
            order[i] = (by_id_entry){E->ids[i], i};
        qsort(order, n, sizeof *order, by_id);
        for (size_t k = 0; k < n && rc == CSVC_OK; k++) {
            uint32_t a = order[k].agent;
            rank[a] = (uint32_t)k;
            res->agent_ids[k] = keep(res, E->ids[a]);
            res->team_ids[k] = keep(res, cs_strpool_get(&in->teams, in->team[a]));
            if (!res->agent_ids[k] || !res->team_ids[k])
                rc = nomem();
            res->base_pay[k] = in->base_pay[a];
            res->total[k] = E->running[a];
            res->points[k] = E->points[a];
            res->eligible[k] = E->eligible[a];
        }
    }
    if (rc == CSVC_OK) {
        /* Counting sort of the lines by statement, stable: rule order kept. */
        for (size_t i = 0; i < E->nlines; i++)
            res->line_start[rank[E->lines[i].agent] + 1]++;
        for (size_t k = 0; k < n; k++)
            res->line_start[k + 1] += res->line_start[k];
        size_t *fill = order ? (size_t *)cs_malloc(E->alloc, m * sizeof(size_t)) : NULL;
        if (!fill)
            rc = nomem();
        else {
            memcpy(fill, res->line_start, n * sizeof *fill);
            for (size_t i = 0; i < E->nlines; i++) {
                cs_inc_line l = E->lines[i];
                l.agent = rank[l.agent];
                res->lines[fill[l.agent]++] = l;
            }
            cs_free(E->alloc, fill);
        }
    }
    cs_free(E->alloc, order);
    cs_free(E->alloc, rank);
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
    int64_t first = period->start / CS_DAY_SECONDS - (period->start < 0 && period->start % CS_DAY_SECONDS);
    int64_t t = period->end - 1;
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
    for (size_t i = 0; i < E->ncolumns; i++)
        cs_free(E->alloc, E->columns[i].values);
    for (size_t i = 0; i < E->nteam_columns; i++)
        cs_free(E->alloc, E->team_columns[i].values);
    cs_free(E->alloc, E->columns);
    cs_free(E->alloc, E->team_columns);
    cs_free(E->alloc, E->eligible);
    cs_free(E->alloc, E->running);
    cs_free(E->alloc, E->points);
    cs_free(E->alloc, E->lines);
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
    size_t m = E.n ? E.n : 1;
    E.eligible = cs_malloc(E.alloc, m);
    E.running = cs_calloc(E.alloc, m, sizeof *E.running);
    E.points = cs_calloc(E.alloc, m, sizeof *E.points);
    if (!E.eligible || !E.running || !E.points)
        rc = nomem();
    for (size_t a = 0; a < E.n && rc == CSVC_OK; a++) {
        int ok;
        rc = passes(&E, &plan->gate, a, &ok);
        E.eligible[a] = (uint8_t)ok;
    }
    for (size_t r = 0; r < plan->nrules && rc == CSVC_OK; r++) {
        const cs_inc_rule *rule = &plan->rules[r];
        if (rule->kind == CSVC_RULE_POOL)
            rc = pool_rule(&E, rule, (uint16_t)r);
        else if (rule->kind == CSVC_RULE_TITLE)
            rc = title_rule(&E, rule, (uint16_t)r);
        else
            rc = agent_rule(&E, rule, (uint16_t)r);
    }
    int64_t total = 0;
    if (rc == CSVC_OK && (rc = agent_caps(&E)) == CSVC_OK && (rc = budget(&E, &total)) == CSVC_OK)
        rc = build_result(&E, total, out);
    release(&E);
    return rc;
}
