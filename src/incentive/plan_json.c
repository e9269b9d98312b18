/* Incentive plans from JSON (schema: examples/data/incentive_plan.schema.json).
 *
 * The loader checks everything a plan can get wrong on its own and names
 * the JSON path: "rules[2].tiers[1].lower: tiers must be ordered and must
 * not overlap (the tier before ends at 90)". Unknown fields are errors.
 * Jansson allocates the parsed document with its own allocator; the plan
 * uses the caller's. */
#include "incentive_internal.h"
#include "incentive_seam.h"

#include "civil.h"
#include "common_seam.h"
#include "strbuf.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct loader {
    csvc_incentive_plan *plan;
    const cs_alloc *alloc;
} loader;

static csvc_status fail_at(csvc_status status, const char *path, const char *fmt, ...)
    CS_PRINTF(3, 4);

static csvc_status fail_at(csvc_status status, const char *path, const char *fmt, ...)
{
    char reason[CS_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    return cs_fail(NULL, status, "incentive plan: %s: %s", path, reason);
}

static void join(char *out, size_t size, const char *base, const char *field)
{
    snprintf(out, size, "%.160s%s%.64s", base, *base ? "." : "", field);
}

static void index_path(char *out, size_t size, const char *base, const char *field, size_t i)
{
    snprintf(out, size, "%.160s%s%.40s[%zu]", base, *base ? "." : "", field, i);
}

static csvc_status only_keys(json_t *obj, const char *path, const char *const *allowed)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        int ok = 0;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strcmp(key, *a) == 0;
        if (!ok) {
            char where[256];
            join(where, sizeof where, path, key);
            return fail_at(CSVC_E_PARSE, where, "unknown field");
        }
    }
    return CSVC_OK;
}

/* ---- typed fields ------------------------------------------------------------ */

static json_t *field(json_t *obj, const char *path, const char *key, int required,
                     csvc_status *rc)
{
    json_t *v = json_object_get(obj, key);
    if (!v && required) {
        char where[256];
        join(where, sizeof where, path, key);
        *rc = fail_at(CSVC_E_PARSE, where, "required");
    }
    return v;
}

static csvc_status get_string(const loader *L, json_t *obj, const char *path, const char *key,
                              int required, char **out)
{
    csvc_status rc = CSVC_OK;
    json_t *v = field(obj, path, key, required, &rc);
    char where[256];
    join(where, sizeof where, path, key);
    if (!v)
        return rc;
    if (!json_is_string(v))
        return fail_at(CSVC_E_PARSE, where, "expected a string");
    if (!(*out = cs_strdup(L->alloc, json_string_value(v))))
        return cs_fail(NULL, CSVC_E_NOMEM, "incentive plan: out of memory");
    return CSVC_OK;
}

/* A metric name: an identifier ("composite", "kpi.quality", "csat_share"). */
static csvc_status get_metric(const loader *L, json_t *obj, const char *path, const char *key,
                              int required, char **out)
{
    csvc_status rc = get_string(L, obj, path, key, required, out);
    if (rc != CSVC_OK || !*out)
        return rc;
    char where[256];
    join(where, sizeof where, path, key);
    if (!cs_inc_metric_name_valid(*out))
        return fail_at(CSVC_E_INVALID, where, "'%.64s' is not a metric name (letters, digits, _.:-)",
                       *out);
    return CSVC_OK;
}

static csvc_status get_bool(json_t *obj, const char *path, const char *key, int *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return CSVC_OK;
    char where[256];
    join(where, sizeof where, path, key);
    if (!json_is_boolean(v))
        return fail_at(CSVC_E_PARSE, where, "expected true or false");
    *out = json_is_true(v);
    return CSVC_OK;
}

static csvc_status get_integer(json_t *obj, const char *path, const char *key, int required,
                               int64_t min, int64_t max, int64_t *out, int *present)
{
    csvc_status rc = CSVC_OK;
    json_t *v = field(obj, path, key, required, &rc);
    if (present)
        *present = v != NULL;
    if (!v)
        return rc;
    char where[256];
    join(where, sizeof where, path, key);
    if (!json_is_integer(v))
        return fail_at(CSVC_E_PARSE, where, "expected an integer");
    json_int_t x = json_integer_value(v);
    if (x < min || x > max)
        return fail_at(CSVC_E_RANGE, where, "%lld out of range (%lld..%lld)", (long long)x,
                       (long long)min, (long long)max);
    *out = (int64_t)x;
    return CSVC_OK;
}

/* A number kept in micro-units: finite, within the metric range, and a
 * multiple of 1e-6 (a finer value would be rounded silently). */
static csvc_status number_micro(json_t *v, const char *where, int64_t *out)
{
    if (!json_is_number(v))
        return fail_at(CSVC_E_PARSE, where, "expected a number");
    double x = json_number_value(v);
    if (!isfinite(x) || fabs(x) > CSVC_INCENTIVE_METRIC_MAX)
        return fail_at(CSVC_E_RANGE, where, "%g beyond +-1e12", x);
    int64_t m = cs_inc_micro(x);
    if (fabs((double)m - x * 1e6) > 1e-3 * fmax(1.0, fabs(x)))
        return fail_at(CSVC_E_RANGE, where, "%.9g is finer than 1e-6", x);
    *out = m;
    return CSVC_OK;
}

static csvc_status get_micro(json_t *obj, const char *path, const char *key, int required,
                             int64_t *out, int *present)
{
    csvc_status rc = CSVC_OK;
    json_t *v = field(obj, path, key, required, &rc);
    if (present)
        *present = v != NULL;
    if (!v)
        return rc;
    char where[256];
    join(where, sizeof where, path, key);
    return number_micro(v, where, out);
}

/* Money as a decimal string in the plan's currency; >= 0 unless `signed_ok`. */
static csvc_status get_money(const loader *L, json_t *obj, const char *path, const char *key,
                             int required, int signed_ok, int64_t *out, int *present)
{
    csvc_status rc = CSVC_OK;
    json_t *v = field(obj, path, key, required, &rc);
    if (present)
        *present = v != NULL;
    if (!v)
        return rc;
    char where[256];
    join(where, sizeof where, path, key);
    if (!json_is_string(v))
        return fail_at(CSVC_E_PARSE, where, "expected an amount as a string (\"200.00\")");
    int64_t m;
    if (csvc_money_parse(json_string_value(v), L->plan->decimals, &m) != CSVC_OK)
        return fail_at(CSVC_E_PARSE, where, "'%.40s' is not an amount with %u decimals of %s",
                       json_string_value(v), L->plan->decimals, L->plan->currency);
    if (m < 0 && !signed_ok)
        return fail_at(CSVC_E_RANGE, where, "%.40s is negative", json_string_value(v));
    *out = m;
    return CSVC_OK;
}

static csvc_status get_date(json_t *obj, const char *path, const char *key, int64_t *day)
{
    csvc_status rc = CSVC_OK;
    json_t *v = field(obj, path, key, 1, &rc);
    if (!v)
        return rc;
    char where[256];
    join(where, sizeof where, path, key);
    int64_t t;
    if (!json_is_string(v) ||
        cs_date_parse(json_string_value(v), strlen(json_string_value(v)), &t) != NULL)
        return fail_at(CSVC_E_PARSE, where, "expected a date \"YYYY-MM-DD\"");
    *day = t / CS_DAY_SECONDS - (t < 0 && t % CS_DAY_SECONDS);
    return CSVC_OK;
}

/* ---- eligibility ------------------------------------------------------------- */

static csvc_status load_bounds(const loader *L, json_t *obj, const char *path, const char *key,
                               int is_min, cs_inc_gate *g)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return CSVC_OK;
    char where[256];
    join(where, sizeof where, path, key);
    if (!json_is_object(v))
        return fail_at(CSVC_E_PARSE, where, "expected an object {metric: value}");
    const char *metric;
    json_t *bound;
    json_object_foreach(v, metric, bound)
    {
        char at[320];
        snprintf(at, sizeof at, "%.250s.%.60s", where, metric);
        if (!cs_inc_metric_name_valid(metric))
            return fail_at(CSVC_E_INVALID, at, "not a metric name (letters, digits, _.:-)");
        int64_t m;
        csvc_status rc = number_micro(bound, at, &m);
        if (rc != CSVC_OK)
            return rc;
        size_t i = 0;
        while (i < g->nbounds && strcmp(g->bounds[i].metric, metric) != 0)
            i++;
        if (i == g->nbounds) {
            cs_inc_bound *grown =
                cs_realloc_array(L->alloc, g->bounds, g->nbounds + 1, sizeof *g->bounds);
            char *name = grown ? cs_strdup(L->alloc, metric) : NULL;
            if (grown)
                g->bounds = grown;
            if (!name)
                return cs_fail(NULL, CSVC_E_NOMEM, "incentive plan: out of memory");
            memset(&g->bounds[i], 0, sizeof g->bounds[i]);
            g->bounds[i].metric = name;
            g->nbounds++;
        }
        if (is_min) {
            g->bounds[i].has_min = 1;
            g->bounds[i].min = m;
        } else {
            g->bounds[i].has_max = 1;
            g->bounds[i].max = m;
        }
        if (g->bounds[i].has_min && g->bounds[i].has_max && g->bounds[i].min > g->bounds[i].max)
            return fail_at(CSVC_E_INVALID, at, "the minimum is above the maximum");
    }
    return CSVC_OK;
}

static csvc_status load_gate(const loader *L, json_t *obj, const char *path, cs_inc_gate *g,
                             int *present)
{
    g->min_tenure_days = -1;
    json_t *v = json_object_get(obj, "eligibility");
    if (present)
        *present = v != NULL;
    if (!v)
        return CSVC_OK;
    char where[256];
    join(where, sizeof where, path, "eligibility");
    static const char *const keys[] = {"min_tenure_days", "exclude_probation",
                                       "active_on_last_day", "min", "max", NULL};
    csvc_status rc;
    if (!json_is_object(v))
        return fail_at(CSVC_E_PARSE, where, "expected an object");
    if ((rc = only_keys(v, where, keys)) != CSVC_OK ||
        (rc = get_integer(v, where, "min_tenure_days", 0, 0, 36500, &g->min_tenure_days, NULL)) !=
            CSVC_OK ||
        (rc = get_bool(v, where, "exclude_probation", &g->exclude_probation)) != CSVC_OK ||
        (rc = get_bool(v, where, "active_on_last_day", &g->require_active)) != CSVC_OK ||
        (rc = load_bounds(L, v, where, "min", 1, g)) != CSVC_OK ||
        (rc = load_bounds(L, v, where, "max", 0, g)) != CSVC_OK)
        return rc;
    return CSVC_OK;
}

/* ---- payouts ------------------------------------------------------------------- */

/* Exactly one of `amount`, `bp_of_base` (or `rate` when `rate_ok`). */
static csvc_status load_pay(const loader *L, json_t *obj, const char *path, int rate_ok,
                            const char *bp_key, cs_inc_pay *pay, int64_t *value)
{
    int has_amount, has_bp, has_rate = 0;
    int64_t amount = 0, bp = 0, rate = 0;
    csvc_status rc;
    if ((rc = get_money(L, obj, path, "amount", 0, 0, &amount, &has_amount)) != CSVC_OK ||
        (rc = get_integer(obj, path, bp_key, 0, 0, INT64_C(100000000), &bp, &has_bp)) !=
            CSVC_OK ||
        (rate_ok && (rc = get_money(L, obj, path, "rate", 0, 0, &rate, &has_rate)) != CSVC_OK))
        return rc;
    if (has_amount + has_bp + has_rate != 1)
        return fail_at(CSVC_E_PARSE, path, "needs exactly one of amount, %s%s", bp_key,
                       rate_ok ? ", rate" : "");
    *pay = has_amount ? CS_PAY_AMOUNT : has_bp ? CS_PAY_BP : CS_PAY_RATE;
    *value = has_amount ? amount : has_bp ? bp : rate;
    return CSVC_OK;
}

/* ---- rule kinds ---------------------------------------------------------------- */

static csvc_status grow_tiers(const loader *L, cs_inc_rule *r, size_t n)
{
    r->tiers = cs_calloc(L->alloc, n ? n : 1, sizeof *r->tiers);
    return r->tiers ? CSVC_OK : cs_fail(NULL, CSVC_E_NOMEM, "incentive plan: out of memory");
}

static csvc_status load_tiered(const loader *L, json_t *obj, const char *path, cs_inc_rule *r)
{
    char *mode = NULL;
    csvc_status rc = get_string(L, obj, path, "mode", 1, &mode);
    if (rc != CSVC_OK)
        return rc;
    int marginal = strcmp(mode, "marginal") == 0, step = strcmp(mode, "step") == 0;
    cs_free(L->alloc, mode);
    char where[256];
    join(where, sizeof where, path, "mode");
    if (!marginal && !step)
        return fail_at(CSVC_E_INVALID, where, "must be \"step\" or \"marginal\"");
    r->marginal = marginal;
    json_t *tiers = field(obj, path, "tiers", 1, &rc);
    join(where, sizeof where, path, "tiers");
    if (!tiers)
        return rc;
    if (!json_is_array(tiers) || json_array_size(tiers) == 0)
        return fail_at(CSVC_E_PARSE, where, "expected a non-empty array");
    if ((rc = grow_tiers(L, r, json_array_size(tiers))) != CSVC_OK)
        return rc;
    static const char *const keys[] = {"lower", "upper", "amount", "bp_of_base", "rate", NULL};
    size_t i;
    json_t *t;
    json_array_foreach(tiers, i, t)
    {
        char at[256];
        index_path(at, sizeof at, path, "tiers", i);
        if (!json_is_object(t))
            return fail_at(CSVC_E_PARSE, at, "expected an object");
        cs_inc_tier *tier = &r->tiers[i];
        int has_upper;
        tier->upper = CS_OPEN_UPPER;
        if ((rc = only_keys(t, at, keys)) != CSVC_OK ||
            (rc = get_micro(t, at, "lower", 1, &tier->lower, NULL)) != CSVC_OK ||
            (rc = get_micro(t, at, "upper", 0, &tier->upper, &has_upper)) != CSVC_OK ||
            (rc = load_pay(L, t, at, 1, "bp_of_base", &tier->pay, &tier->value)) != CSVC_OK)
            return rc;
        char bound[300];
        join(bound, sizeof bound, at, "upper");
        if (has_upper && tier->upper <= tier->lower)
            return fail_at(CSVC_E_INVALID, bound, "must be above lower");
        if (marginal && tier->pay != CS_PAY_RATE)
            return fail_at(CSVC_E_INVALID, at, "a marginal tier pays a rate per unit");
        join(bound, sizeof bound, at, "lower");
        if (i > 0 && tier->lower < r->tiers[i - 1].upper)
            return fail_at(CSVC_E_INVALID, bound,
                           "tiers must be ordered and must not overlap (the tier before %s)",
                           r->tiers[i - 1].upper == CS_OPEN_UPPER ? "has no upper bound"
                                                                  : "ends above this one's lower");
        r->ntiers = i + 1;
    }
    return CSVC_OK;
}

/* Commission: rate per unit, accelerators {above, rate} as marginal tiers. */
static csvc_status load_commission(const loader *L, json_t *obj, const char *path,
                                   cs_inc_rule *r)
{
    json_t *acc = json_object_get(obj, "accelerators");
    char where[256];
    join(where, sizeof where, path, "accelerators");
    if (acc && !json_is_array(acc))
        return fail_at(CSVC_E_PARSE, where, "expected an array");
    size_t n = acc ? json_array_size(acc) : 0;
    csvc_status rc = grow_tiers(L, r, n + 1);
    if (rc != CSVC_OK)
        return rc;
    r->marginal = 1;
    r->ntiers = n + 1;
    r->tiers[0] = (cs_inc_tier){0, CS_OPEN_UPPER, CS_PAY_RATE, 0};
    if ((rc = get_money(L, obj, path, "rate", 1, 0, &r->tiers[0].value, NULL)) != CSVC_OK)
        return rc;
    static const char *const keys[] = {"above", "rate", NULL};
    for (size_t i = 0; i < n; i++) {
        json_t *a = json_array_get(acc, i);
        char at[256];
        index_path(at, sizeof at, path, "accelerators", i);
        if (!json_is_object(a))
            return fail_at(CSVC_E_PARSE, at, "expected an object");
        cs_inc_tier *tier = &r->tiers[i + 1];
        *tier = (cs_inc_tier){0, CS_OPEN_UPPER, CS_PAY_RATE, 0};
        if ((rc = only_keys(a, at, keys)) != CSVC_OK ||
            (rc = get_micro(a, at, "above", 1, &tier->lower, NULL)) != CSVC_OK ||
            (rc = get_money(L, a, at, "rate", 1, 0, &tier->value, NULL)) != CSVC_OK)
            return rc;
        char bound[300];
        join(bound, sizeof bound, at, "above");
        if (tier->lower <= r->tiers[i].lower)
            return fail_at(CSVC_E_INVALID, bound, "thresholds must increase (and be above 0)");
        r->tiers[i].upper = tier->lower;
    }
    return CSVC_OK;
}

static csvc_status load_target(const loader *L, json_t *obj, const char *path, cs_inc_rule *r)
{
    csvc_status rc;
    char where[256];
    if ((rc = get_micro(obj, path, "target", 1, &r->target, NULL)) != CSVC_OK)
        return rc;
    join(where, sizeof where, path, "target");
    if (r->target <= 0)
        return fail_at(CSVC_E_RANGE, where, "must be positive");
    int has_amount, has_bp;
    int64_t amount = 0, bp = 0;
    if ((rc = get_money(L, obj, path, "on_target", 0, 0, &amount, &has_amount)) != CSVC_OK ||
        (rc = get_integer(obj, path, "on_target_bp", 0, 0, INT64_C(100000000), &bp, &has_bp)) !=
            CSVC_OK ||
        (rc = get_bool(obj, path, "step", &r->step)) != CSVC_OK)
        return rc;
    if (has_amount + has_bp != 1)
        return fail_at(CSVC_E_PARSE, path, "needs exactly one of on_target, on_target_bp");
    r->on_target_pay = has_amount ? CS_PAY_AMOUNT : CS_PAY_BP;
    r->on_target = has_amount ? amount : bp;
    json_t *levels = field(obj, path, "levels", 1, &rc);
    join(where, sizeof where, path, "levels");
    if (!levels)
        return rc;
    if (!json_is_array(levels) || json_array_size(levels) == 0)
        return fail_at(CSVC_E_PARSE, where, "expected a non-empty array");
    r->levels = cs_calloc(L->alloc, json_array_size(levels), sizeof *r->levels);
    if (!r->levels)
        return cs_fail(NULL, CSVC_E_NOMEM, "incentive plan: out of memory");
    static const char *const keys[] = {"achievement_bp", "payout_bp", NULL};
    size_t i;
    json_t *lv;
    json_array_foreach(levels, i, lv)
    {
        char at[256];
        index_path(at, sizeof at, path, "levels", i);
        if (!json_is_object(lv))
            return fail_at(CSVC_E_PARSE, at, "expected an object");
        cs_inc_level *l = &r->levels[i];
        if ((rc = only_keys(lv, at, keys)) != CSVC_OK ||
            (rc = get_integer(lv, at, "achievement_bp", 1, 0, INT64_C(100000000),
                              &l->achievement_bp, NULL)) != CSVC_OK ||
            (rc = get_integer(lv, at, "payout_bp", 1, 0, INT64_C(100000000), &l->payout_bp,
                              NULL)) != CSVC_OK)
            return rc;
        char bound[300];
        join(bound, sizeof bound, at, "achievement_bp");
        if (i > 0 && l->achievement_bp <= r->levels[i - 1].achievement_bp)
            return fail_at(CSVC_E_INVALID, bound, "levels must be in increasing achievement");
        r->nlevels = i + 1;
    }
    return CSVC_OK;
}

static csvc_status load_threshold(const loader *L, json_t *obj, const char *path, cs_inc_rule *r)
{
    int has_least, has_most;
    int64_t least = 0, most = 0;
    csvc_status rc;
    if ((rc = get_micro(obj, path, "at_least", 0, &least, &has_least)) != CSVC_OK ||
        (rc = get_micro(obj, path, "at_most", 0, &most, &has_most)) != CSVC_OK)
        return rc;
    if (has_least + has_most != 1)
        return fail_at(CSVC_E_PARSE, path, "needs exactly one of at_least, at_most");
    r->at_most = has_most;
    r->threshold = has_most ? most : least;
    (void)L;
    return CSVC_OK;
}

static csvc_status load_metric_bonus(const loader *L, json_t *obj, const char *path,
                                     cs_inc_rule *r)
{
    csvc_status rc = load_threshold(L, obj, path, r);
    if (rc != CSVC_OK || (rc = load_pay(L, obj, path, 0, "bp_of_base", &r->pay, &r->amount)))
        return rc;
    json_t *sample = json_object_get(obj, "min_sample");
    if (!sample)
        return CSVC_OK;
    char where[256];
    join(where, sizeof where, path, "min_sample");
    static const char *const keys[] = {"metric", "at_least", NULL};
    if (!json_is_object(sample))
        return fail_at(CSVC_E_PARSE, where, "expected an object");
    if ((rc = only_keys(sample, where, keys)) != CSVC_OK ||
        (rc = get_metric(L, sample, where, "metric", 1, &r->sample_metric)) != CSVC_OK ||
        (rc = get_micro(sample, where, "at_least", 1, &r->sample_min, NULL)) != CSVC_OK)
        return rc;
    return CSVC_OK;
}

static csvc_status load_deduction(const loader *L, json_t *obj, const char *path,
                                  cs_inc_rule *r)
{
    csvc_status rc;
    if ((rc = get_money(L, obj, path, "per_unit", 1, 0, &r->per_unit, NULL)) != CSVC_OK ||
        (rc = get_money(L, obj, path, "floor", 0, 1, &r->floor, &r->has_floor)) != CSVC_OK)
        return rc;
    return CSVC_OK;
}

static csvc_status load_pool(const loader *L, json_t *obj, const char *path, cs_inc_rule *r)
{
    csvc_status rc = load_threshold(L, obj, path, r);
    if (rc != CSVC_OK ||
        (rc = load_pay(L, obj, path, 0, "bp_of_team_base", &r->pay, &r->amount)) != CSVC_OK)
        return rc;
    char *split = NULL;
    if ((rc = get_string(L, obj, path, "split", 1, &split)) != CSVC_OK)
        return rc;
    int equal = strcmp(split, "equal") == 0, weighted = strcmp(split, "weighted") == 0;
    cs_free(L->alloc, split);
    char where[256];
    join(where, sizeof where, path, "split");
    if (!equal && !weighted)
        return fail_at(CSVC_E_INVALID, where,
                       "must be \"equal\" or \"weighted\" (by weight_metric: a score, hours)");
    r->split = equal ? CS_SPLIT_EQUAL : CS_SPLIT_WEIGHTED;
    if ((rc = get_metric(L, obj, path, "weight_metric", weighted, &r->weight_metric)) != CSVC_OK)
        return rc;
    join(where, sizeof where, path, "weight_metric");
    if (equal && r->weight_metric)
        return fail_at(CSVC_E_INVALID, where, "only with \"split\": \"weighted\"");
    return CSVC_OK;
}

static csvc_status load_title(const loader *L, json_t *obj, const char *path, cs_inc_rule *r)
{
    int64_t top = 1;
    int has_amount;
    char *order = NULL;
    csvc_status rc;
    if ((rc = get_string(L, obj, path, "title", 1, &r->title)) != CSVC_OK ||
        (rc = get_integer(obj, path, "top", 0, 1, 100000, &top, NULL)) != CSVC_OK ||
        (rc = get_money(L, obj, path, "amount", 0, 0, &r->amount, &has_amount)) != CSVC_OK ||
        (rc = get_string(L, obj, path, "order", 0, &order)) != CSVC_OK)
        return rc;
    r->top = (int32_t)top;
    r->pay = CS_PAY_AMOUNT;
    char where[256];
    join(where, sizeof where, path, "order");
    int bad = order && strcmp(order, "highest") != 0 && strcmp(order, "lowest") != 0;
    r->ascending = order && strcmp(order, "lowest") == 0;
    cs_free(L->alloc, order);
    return bad ? fail_at(CSVC_E_INVALID, where, "must be \"highest\" or \"lowest\"") : CSVC_OK;
}

static csvc_status load_points(const loader *L, json_t *obj, const char *path, cs_inc_rule *r)
{
    (void)L;
    return get_integer(obj, path, "points_per_unit", 1, 1, INT64_C(1000000000),
                       &r->points_per_unit, NULL);
}

typedef struct kind_spec {
    const char *name;
    csvc_incentive_rule_kind kind;
    csvc_status (*load)(const loader *, json_t *, const char *, cs_inc_rule *);
    const char *const keys[12]; /* beyond id, kind, metric, cap, eligibility */
    int metric_required;
} kind_spec;

static const kind_spec kinds[] = {
    {"tiered", CSVC_RULE_TIERED, load_tiered, {"mode", "tiers"}, 1},
    {"target", CSVC_RULE_TARGET, load_target, {"target", "on_target", "on_target_bp", "levels", "step"}, 1},
    {"commission", CSVC_RULE_COMMISSION, load_commission, {"rate", "accelerators"}, 0},
    {"metric_bonus", CSVC_RULE_METRIC_BONUS, load_metric_bonus,
     {"at_least", "at_most", "min_sample", "amount", "bp_of_base"}, 1},
    {"deduction", CSVC_RULE_DEDUCTION, load_deduction, {"per_unit", "floor"}, 1},
    {"points", CSVC_RULE_POINTS, load_points, {"points_per_unit"}, 1},
    {"pool", CSVC_RULE_POOL, load_pool,
     {"at_least", "at_most", "amount", "bp_of_team_base", "split", "weight_metric"}, 1},
    {"title", CSVC_RULE_TITLE, load_title, {"title", "top", "amount", "order"}, 1},
};

static csvc_status load_rule(const loader *L, json_t *obj, const char *path, cs_inc_rule *r)
{
    if (!json_is_object(obj))
        return fail_at(CSVC_E_PARSE, path, "expected an object");
    char *kind = NULL;
    csvc_status rc;
    if ((rc = get_string(L, obj, path, "id", 1, &r->id)) != CSVC_OK ||
        (rc = get_string(L, obj, path, "kind", 1, &kind)) != CSVC_OK)
        return rc;
    char where[256];
    join(where, sizeof where, path, "id");
    if (cs_check_id(NULL, "rule id", r->id) != CSVC_OK) {
        cs_free(L->alloc, kind);
        return fail_at(CSVC_E_INVALID, where, "'%.64s' is not an identifier", r->id);
    }
    const kind_spec *spec = NULL;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds && !spec; i++)
        if (strcmp(kinds[i].name, kind) == 0)
            spec = &kinds[i];
    join(where, sizeof where, path, "kind");
    if (!spec) {
        rc = fail_at(CSVC_E_INVALID, where,
                     "unknown rule kind '%.40s' (tiered, target, commission, metric_bonus, "
                     "deduction, points, pool, title)",
                     kind);
        cs_free(L->alloc, kind);
        return rc;
    }
    cs_free(L->alloc, kind);
    const char *allowed[20] = {"id", "kind", "metric", "cap", "eligibility"};
    size_t n = 5;
    for (size_t i = 0; spec->keys[i]; i++)
        allowed[n++] = spec->keys[i];
    allowed[n] = NULL;
    r->kind = spec->kind;
    if ((rc = only_keys(obj, path, allowed)) != CSVC_OK ||
        (rc = get_metric(L, obj, path, "metric", spec->metric_required, &r->metric)) != CSVC_OK ||
        (rc = get_money(L, obj, path, "cap", 0, 0, &r->cap, &r->has_cap)) != CSVC_OK ||
        (rc = load_gate(L, obj, path, &r->gate, &r->has_gate)) != CSVC_OK)
        return rc;
    if (!r->metric && !(r->metric = cs_strdup(L->alloc, "resolved"))) /* commission's default */
        return cs_fail(NULL, CSVC_E_NOMEM, "incentive plan: out of memory");
    return spec->load(L, obj, path, r);
}

/* ---- the document ---------------------------------------------------------------- */

static csvc_status load_document(loader *L, json_t *root)
{
    if (!json_is_object(root))
        return fail_at(CSVC_E_PARSE, "(document)", "expected an object");
    static const char *const keys[] = {"id",          "version",      "currency", "effective",
                                       "eligibility", "agent_cap_bp", "budget",   "rules",
                                       "name",        "description",  NULL};
    csvc_incentive_plan *p = L->plan;
    char *currency = NULL;
    int64_t version = 0;
    csvc_status rc;
    if ((rc = only_keys(root, "", keys)) != CSVC_OK ||
        (rc = get_string(L, root, "", "id", 1, &p->id)) != CSVC_OK ||
        (rc = get_integer(root, "", "version", 1, 1, INT32_MAX, &version, NULL)) != CSVC_OK ||
        (rc = get_string(L, root, "", "currency", 1, &currency)) != CSVC_OK)
        return rc;
    p->version = (int32_t)version;
    int valid_currency = cs_currency_known(currency);
    if (valid_currency)
        memcpy(p->currency, currency, 4);
    cs_free(L->alloc, currency);
    if (cs_check_id(NULL, "plan id", p->id) != CSVC_OK)
        return fail_at(CSVC_E_INVALID, "id", "'%.64s' is not an identifier", p->id);
    if (!valid_currency)
        return fail_at(CSVC_E_INVALID, "currency", "not an ISO 4217 currency code");
    p->decimals = cs_currency_decimals(p->currency);
    json_t *eff = field(root, "", "effective", 1, &rc);
    if (!eff)
        return rc;
    static const char *const eff_keys[] = {"from", "to", NULL};
    if (!json_is_object(eff))
        return fail_at(CSVC_E_PARSE, "effective", "expected {\"from\", \"to\"}");
    if ((rc = only_keys(eff, "effective", eff_keys)) != CSVC_OK ||
        (rc = get_date(eff, "effective", "from", &p->effective_from)) != CSVC_OK ||
        (rc = get_date(eff, "effective", "to", &p->effective_to)) != CSVC_OK)
        return rc;
    if (p->effective_to < p->effective_from)
        return fail_at(CSVC_E_INVALID, "effective.to", "is before effective.from");
    int has_cap, has_budget;
    if ((rc = load_gate(L, root, "", &p->gate, NULL)) != CSVC_OK ||
        (rc = get_integer(root, "", "agent_cap_bp", 0, 0, INT64_C(100000000), &p->agent_cap_bp,
                          &has_cap)) != CSVC_OK ||
        (rc = get_money(L, root, "", "budget", 0, 0, &p->budget, &has_budget)) != CSVC_OK)
        return rc;
    if (!has_cap)
        p->agent_cap_bp = -1;
    if (!has_budget)
        p->budget = -1;
    json_t *rules = field(root, "", "rules", 1, &rc);
    if (!rules)
        return rc;
    if (!json_is_array(rules))
        return fail_at(CSVC_E_PARSE, "rules", "expected an array");
    if (json_array_size(rules) >= UINT16_MAX)
        return fail_at(CSVC_E_RANGE, "rules", "more than %u rules", UINT16_MAX - 1);
    size_t n = json_array_size(rules);
    p->rules = cs_calloc(L->alloc, n ? n : 1, sizeof *p->rules);
    if (!p->rules)
        return cs_fail(NULL, CSVC_E_NOMEM, "incentive plan: out of memory");
    for (size_t i = 0; i < n; i++) {
        char path[64];
        snprintf(path, sizeof path, "rules[%zu]", i);
        p->nrules = i + 1;
        if ((rc = load_rule(L, json_array_get(rules, i), path, &p->rules[i])) != CSVC_OK)
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(p->rules[j].id, p->rules[i].id) == 0) {
                char where[80];
                snprintf(where, sizeof where, "rules[%zu].id", i);
                return fail_at(CSVC_E_INVALID, where, "'%.64s' is also rules[%zu].id",
                               p->rules[i].id, j);
            }
    }
    return CSVC_OK;
}

static void free_gate(const cs_alloc *a, cs_inc_gate *g)
{
    for (size_t i = 0; i < g->nbounds; i++)
        cs_free(a, g->bounds[i].metric);
    cs_free(a, g->bounds);
}

void cs_inc_plan_destroy(csvc_incentive_plan *p)
{
    if (!p)
        return;
    const cs_alloc *a = &p->alloc;
    for (size_t i = 0; i < p->nrules; i++) {
        cs_inc_rule *r = &p->rules[i];
        cs_free(a, r->id);
        cs_free(a, r->metric);
        cs_free(a, r->tiers);
        cs_free(a, r->levels);
        cs_free(a, r->sample_metric);
        cs_free(a, r->weight_metric);
        cs_free(a, r->title);
        free_gate(a, &r->gate);
    }
    cs_free(a, p->rules);
    free_gate(a, &p->gate);
    cs_free(a, p->id);
    cs_free(a, p->document);
    cs_alloc copy = p->alloc;
    cs_free(&copy, p);
}

void csvc_incentive_plan_free(csvc_incentive_plan *plan)
{
    cs_inc_plan_destroy(plan);
}

csvc_status csvc_incentive_plan_load_json_buffer(const char *data, size_t size,
                                                 const csvc_allocator *allocator,
                                                 csvc_incentive_plan **out)
{
    if (!out || (!data && size))
        return cs_fail(NULL, CSVC_E_NULL, "incentive plan: %s is NULL", out ? "data" : "out");
    cs_alloc alloc;
    csvc_status rc = cs_alloc_init(&alloc, allocator, NULL);
    if (rc != CSVC_OK)
        return rc;
    static const char bom[3] = {'\xef', '\xbb', '\xbf'};
    if (data && size >= sizeof bom && memcmp(data, bom, sizeof bom) == 0) {
        data += sizeof bom;
        size -= sizeof bom;
    }
    json_error_t e;
    json_t *root = json_loadb(data ? data : "", size, JSON_REJECT_DUPLICATES, &e);
    if (!root)
        return cs_fail(NULL, CSVC_E_PARSE, "incentive plan: line %d, column %d: %s", e.line,
                       e.column, e.text);
    csvc_incentive_plan *p = cs_calloc(&alloc, 1, sizeof *p);
    if (!p) {
        json_decref(root);
        return cs_fail(NULL, CSVC_E_NOMEM, "incentive plan: out of memory");
    }
    p->alloc = alloc;
    p->gate.min_tenure_days = -1;
    loader L = {p, &p->alloc};
    rc = load_document(&L, root);
    json_decref(root);
    if (rc == CSVC_OK && !(p->document = cs_malloc(&p->alloc, size + 1)))
        rc = cs_fail(NULL, CSVC_E_NOMEM, "incentive plan: out of memory");
    if (rc == CSVC_OK) {
        if (size)
            memcpy(p->document, data, size);
        p->document[size] = '\0';
    }
    if (rc != CSVC_OK) {
        cs_inc_plan_destroy(p);
        return rc;
    }
    *out = p;
    return CSVC_OK;
}

csvc_status csvc_incentive_plan_load_json(const char *path, const csvc_allocator *allocator,
                                          csvc_incentive_plan **out)
{
    if (!path || !out)
        return cs_fail(NULL, CSVC_E_NULL, "incentive plan: %s is NULL", path ? "out" : "path");
    cs_alloc alloc;
    csvc_status rc = cs_alloc_init(&alloc, allocator, NULL);
    if (rc != CSVC_OK)
        return rc;
    cs_strbuf sb;
    cs_strbuf_init(&sb, &alloc);
    if ((rc = cs_strbuf_read_file(&sb, path, "incentive plan", NULL)) != CSVC_OK) {
        cs_strbuf_free(&sb);
        return rc;
    }
    rc = csvc_incentive_plan_load_json_buffer(sb.data ? sb.data : "", sb.len, allocator, out);
    cs_strbuf_free(&sb);
    return rc;
}

const char *csvc_incentive_plan_id(const csvc_incentive_plan *p)
{
    return p ? p->id : "";
}

int32_t csvc_incentive_plan_version(const csvc_incentive_plan *p)
{
    return p ? p->version : 0;
}

const char *csvc_incentive_plan_currency(const csvc_incentive_plan *p)
{
    return p ? p->currency : "";
}

int64_t csvc_incentive_plan_budget(const csvc_incentive_plan *p)
{
    return p && p->budget >= 0 ? p->budget : -1;
}

size_t csvc_incentive_plan_rule_count(const csvc_incentive_plan *p)
{
    return p ? p->nrules : 0;
}

const char *cs_incentive_plan_document(const csvc_incentive_plan *plan)
{
    return plan->document;
}

csvc_status csvc_incentive_plan_export_json_buffer(const csvc_incentive_plan *plan, char **out,
                                                   size_t *size)
{
    if (!plan || !out)
        return cs_fail(NULL, CSVC_E_NULL, "plan_export_json: %s is NULL", plan ? "out" : "plan");
    size_t len = strlen(plan->document);
    char *buf = cs_owned_alloc(&plan->alloc, len + 1);
    if (!buf)
        return cs_fail(NULL, CSVC_E_NOMEM, "plan_export_json: out of memory");
    memcpy(buf, plan->document, len + 1);
    *out = buf;
    if (size)
        *size = len;
    return CSVC_OK;
}
