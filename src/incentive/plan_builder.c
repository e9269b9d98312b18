/* Plans built in C (csvc_incentive_plan_builder_*): the builder writes the
 * JSON document of the schema and loads it after every change, so a plan
 * built in C is checked by the same code, with the same messages, as one
 * loaded from a file, and has a document for the store to keep. */
#include "incentive_internal.h"
#include "version_check.h"

#include "common_seam.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

struct csvc_incentive_plan_builder {
    cs_alloc alloc;
    cs_errbuf err;
    json_t *root;
    uint32_t decimals; /* of the currency, for money text */
};

static const char *const kind_names[] = {"tiered",       "target",    "commission",
                                         "metric_bonus", "deduction", "points",
                                         "pool",         "title"};

void csvc_incentive_rule_init(csvc_incentive_rule *r, csvc_incentive_rule_kind kind)
{
    if (!r)
        return;
    memset(r, 0, sizeof *r);
    r->version = CSVC_INCENTIVE_RULE_VERSION;
    r->kind = kind;
    r->cap = r->amount = r->bp = r->rate = CSVC_INCENTIVE_UNSET;
    r->per_unit = r->floor = r->points_per_unit = CSVC_INCENTIVE_UNSET;
    r->target = r->at_least = r->at_most = r->sample_at_least = NAN;
}

/* ---- writing the document ------------------------------------------------------- */

/* json_object_set_new() that remembers a failure (out of memory). */
static void put(json_t *obj, const char *key, json_t *value, int *nomem)
{
    if (!value || json_object_set_new(obj, key, value) != 0)
        *nomem = 1;
}

static void put_text(json_t *obj, const char *key, const char *text, int *nomem)
{
    if (text)
        put(obj, key, json_string(text), nomem);
}

/* Money as the schema's decimal string; negative amounts are written as
 * they are, for the loader to refuse with its message. */
static void put_money(const csvc_incentive_plan_builder *b, json_t *obj, const char *key,
                      int64_t amount, int *nomem)
{
    if (amount == CSVC_INCENTIVE_UNSET)
        return;
    char buf[48];
    cs_inc_format_money(amount, b->decimals, buf, sizeof buf);
    put(obj, key, json_string(buf), nomem);
}

static void put_integer(json_t *obj, const char *key, int64_t v, int *nomem)
{
    if (v != CSVC_INCENTIVE_UNSET)
        put(obj, key, json_integer((json_int_t)v), nomem);
}

/* A value; NaN leaves it out, an infinity is written as a huge number for
 * the loader's range check. */
static void put_number(json_t *obj, const char *key, double v, int *nomem)
{
    if (!isnan(v))
        put(obj, key, json_real(isfinite(v) ? v : copysign(1e300, v)), nomem);
}

static void put_flag(json_t *obj, const char *key, int32_t v, int *nomem)
{
    if (v)
        put(obj, key, json_true(), nomem);
}

static json_t *eligibility(const csvc_incentive_eligibility *e, int *nomem)
{
    json_t *g = json_object();
    if (!g) {
        *nomem = 1;
        return NULL;
    }
    if (e->min_tenure_days != -1)
        put(g, "min_tenure_days", json_integer(e->min_tenure_days), nomem);
    put_flag(g, "exclude_probation", e->exclude_probation, nomem);
    put_flag(g, "active_on_last_day", e->active_on_last_day, nomem);
    json_t *min = NULL, *max = NULL;
    for (size_t i = 0; i < e->nbounds && e->bounds; i++) {
        const csvc_incentive_bound *bd = &e->bounds[i];
        const char *metric = bd->metric ? bd->metric : "";
        if (!isnan(bd->min)) {
            if (!min)
                put(g, "min", min = json_object(), nomem);
            if (min)
                put_number(min, metric, bd->min, nomem);
        }
        if (!isnan(bd->max)) {
            if (!max)
                put(g, "max", max = json_object(), nomem);
            if (max)
                put_number(max, metric, bd->max, nomem);
        }
    }
    return g;
}

static json_t *tiers_of(const csvc_incentive_plan_builder *b, const csvc_incentive_rule *r,
                        int *nomem)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < r->ntiers; i++) {
        const csvc_incentive_tier *t = &r->tiers[i];
        json_t *o = json_object();
        if (!o || json_array_append_new(a, o) != 0) {
            *nomem = 1;
            break;
        }
        put_number(o, "lower", t->lower, nomem);
        put_number(o, "upper", t->upper, nomem);
        put_money(b, o, "amount", t->amount, nomem);
        put_integer(o, "bp_of_base", t->bp_of_base, nomem);
        put_money(b, o, "rate", t->rate, nomem);
    }
    if (!a)
        *nomem = 1;
    return a;
}

static json_t *levels_of(const csvc_incentive_rule *r, int *nomem)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < r->nlevels; i++) {
        json_t *o = json_object();
        if (!o || json_array_append_new(a, o) != 0) {
            *nomem = 1;
            break;
        }
        put(o, "achievement_bp", json_integer(r->levels[i].achievement_bp), nomem);
        put(o, "payout_bp", json_integer(r->levels[i].payout_bp), nomem);
    }
    if (!a)
        *nomem = 1;
    return a;
}

static json_t *accelerators_of(const csvc_incentive_plan_builder *b, const csvc_incentive_rule *r,
                               int *nomem)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < r->naccelerators; i++) {
        json_t *o = json_object();
        if (!o || json_array_append_new(a, o) != 0) {
            *nomem = 1;
            break;
        }
        put_number(o, "above", r->accelerators[i].above, nomem);
        put_money(b, o, "rate", r->accelerators[i].rate, nomem);
    }
    if (!a)
        *nomem = 1;
    return a;
}

/* The key the shared `amount` and `bp` fields have in the rule's kind. */
static void put_pay(const csvc_incentive_plan_builder *b, json_t *o, const csvc_incentive_rule *r,
                    int *nomem)
{
    int target = r->kind == CSVC_RULE_TARGET;
    put_money(b, o, target ? "on_target" : "amount", r->amount, nomem);
    put_integer(o,
                target                        ? "on_target_bp"
                : r->kind == CSVC_RULE_POOL   ? "bp_of_team_base"
                                              : "bp_of_base",
                r->bp, nomem);
}

/* Every field set is written; the loader refuses those the kind does not use. */
static json_t *rule_object(const csvc_incentive_plan_builder *b, const csvc_incentive_rule *r,
                           int *nomem)
{
    json_t *o = json_object();
    if (!o) {
        *nomem = 1;
        return NULL;
    }
    put_text(o, "id", r->id ? r->id : "", nomem);
    put_text(o, "kind", kind_names[r->kind], nomem);
    put_text(o, "metric", r->metric, nomem);
    if (r->kind == CSVC_RULE_TIERED)
        put_text(o, "mode", r->marginal ? "marginal" : "step", nomem);
    if (r->kind == CSVC_RULE_TIERED || r->ntiers)
        put(o, "tiers", tiers_of(b, r, nomem), nomem);
    put_number(o, "target", r->target, nomem);
    if (r->kind == CSVC_RULE_TARGET || r->nlevels)
        put(o, "levels", levels_of(r, nomem), nomem);
    put_flag(o, "step", r->step, nomem);
    put_money(b, o, "rate", r->rate, nomem);
    if (r->naccelerators)
        put(o, "accelerators", accelerators_of(b, r, nomem), nomem);
    put_number(o, "at_least", r->at_least, nomem);
    put_number(o, "at_most", r->at_most, nomem);
    if (r->sample_metric || !isnan(r->sample_at_least)) {
        json_t *sample = json_object();
        put(o, "min_sample", sample, nomem);
        if (sample) {
            put_text(sample, "metric", r->sample_metric, nomem);
            put_number(sample, "at_least", r->sample_at_least, nomem);
        }
    }
    put_pay(b, o, r, nomem);
    put_money(b, o, "per_unit", r->per_unit, nomem);
    put_money(b, o, "floor", r->floor, nomem);
    put_integer(o, "points_per_unit", r->points_per_unit, nomem);
    if (r->kind == CSVC_RULE_POOL)
        put_text(o, "split", r->weight_metric ? "weighted" : "equal", nomem);
    put_text(o, "weight_metric", r->weight_metric, nomem);
    put_text(o, "title", r->title, nomem);
    if (r->top)
        put(o, "top", json_integer(r->top), nomem);
    if (r->lowest_first)
        put_text(o, "order", "lowest", nomem);
    put_money(b, o, "cap", r->cap, nomem);
    if (r->eligibility)
        put(o, "eligibility", eligibility(r->eligibility, nomem), nomem);
    return o;
}

/* ---- checking it --------------------------------------------------------------------- */

/* Loads the document as it stands; *out (may be NULL) gets the plan. */
static csvc_status load(const csvc_incentive_plan_builder *b, const char *fn,
                        csvc_incentive_plan **out, cs_errbuf *err)
{
    char *text = json_dumps(b->root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!text)
        return cs_fail(err, CSVC_E_NOMEM, "%s: out of memory", fn);
    csvc_allocator a = {CSVC_ALLOCATOR_VERSION, b->alloc.malloc_fn, b->alloc.realloc_fn,
                        b->alloc.free_fn, b->alloc.ud};
    csvc_incentive_plan *plan = NULL;
    csvc_status rc = csvc_incentive_plan_load_json_buffer(text, strlen(text), &a, &plan);
    json_malloc_t jmalloc;
    json_free_t jfree;
    json_get_alloc_funcs(&jmalloc, &jfree); /* json_dumps used jansson's allocator */
    jfree(text);
    if (rc != CSVC_OK) {
        char why[CS_ERRMSG_MAX / 2];
        snprintf(why, sizeof why, "%s", csvc_last_errmsg());
        return cs_fail(err, rc, "%s: %s", fn, why);
    }
    if (out)
        *out = plan;
    else
        csvc_incentive_plan_free(plan);
    return CSVC_OK;
}

csvc_status csvc_incentive_plan_builder_new(const csvc_incentive_plan_info *info,
                                            const csvc_allocator *allocator,
                                            csvc_incentive_plan_builder **out)
{
    static const char fn[] = "plan_builder_new";
    if (!info || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn, info ? "out" : "info");
    CS_RETURN_IF_BAD_VERSION(NULL, info->version, CSVC_INCENTIVE_PLAN_INFO_VERSION, "%s: info",
                             fn);
    cs_alloc alloc;
    csvc_status rc = cs_alloc_init(&alloc, allocator, NULL);
    if (rc != CSVC_OK)
        return rc;
    csvc_incentive_plan_builder *b = cs_calloc(&alloc, 1, sizeof *b);
    if (!b)
        return cs_fail(NULL, CSVC_E_NOMEM, "%s: out of memory", fn);
    b->alloc = alloc;
    b->decimals = info->currency && cs_currency_known(info->currency)
                      ? cs_currency_decimals(info->currency)
                      : 2;
    int nomem = !(b->root = json_object());
    json_t *eff = nomem ? NULL : json_object();
    if (b->root) {
        put_text(b->root, "id", info->id ? info->id : "", &nomem);
        put_text(b->root, "name", info->name, &nomem);
        put(b->root, "version", json_integer(info->plan_version), &nomem);
        put_text(b->root, "currency", info->currency ? info->currency : "", &nomem);
        put(b->root, "effective", eff, &nomem);
        if (eff) {
            put_text(eff, "from", info->effective_from ? info->effective_from : "", &nomem);
            put_text(eff, "to", info->effective_to ? info->effective_to : "", &nomem);
        }
        if (info->eligibility)
            put(b->root, "eligibility", eligibility(info->eligibility, &nomem), &nomem);
        put_integer(b->root, "agent_cap_bp", info->agent_cap_bp, &nomem);
        put_money(b, b->root, "budget", info->budget, &nomem);
        put(b->root, "rules", json_array(), &nomem);
    }
    rc = nomem ? cs_fail(NULL, CSVC_E_NOMEM, "%s: out of memory", fn) : load(b, fn, NULL, NULL);
    if (rc != CSVC_OK) {
        csvc_incentive_plan_builder_free(b);
        return rc;
    }
    *out = b;
    return CSVC_OK;
}

void csvc_incentive_plan_builder_free(csvc_incentive_plan_builder *b)
{
    if (!b)
        return;
    json_decref(b->root);
    cs_alloc copy = b->alloc;
    cs_free(&copy, b);
}

const char *csvc_incentive_plan_builder_errmsg(const csvc_incentive_plan_builder *b)
{
    return b ? b->err.msg : "builder is NULL";
}

csvc_status csvc_incentive_plan_builder_add_rule(csvc_incentive_plan_builder *b,
                                                 const csvc_incentive_rule *rule)
{
    static const char fn[] = "plan_builder_add_rule";
    if (!b || !rule)
        return cs_fail(b ? &b->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       b ? "rule" : "builder");
    CS_RETURN_IF_BAD_VERSION(&b->err, rule->version, CSVC_INCENTIVE_RULE_VERSION, "%s: rule", fn);
    if ((unsigned)rule->kind > CSVC_RULE_TITLE)
        return cs_fail(&b->err, CSVC_E_INVALID,
                       "%s: kind %d is not a rule kind (CSVC_RULE_TIERED .. CSVC_RULE_TITLE)", fn,
                       (int)rule->kind);
    if ((rule->ntiers && !rule->tiers) || (rule->nlevels && !rule->levels) ||
        (rule->naccelerators && !rule->accelerators) ||
        (rule->eligibility && rule->eligibility->nbounds && !rule->eligibility->bounds))
        return cs_fail(&b->err, CSVC_E_NULL, "%s: an array with a count is NULL", fn);
    int nomem = 0;
    json_t *obj = rule_object(b, rule, &nomem);
    json_t *rules = json_object_get(b->root, "rules");
    if (nomem || !obj) {
        json_decref(obj);
        return cs_fail(&b->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    }
    if (json_array_append_new(rules, obj) != 0) /* it took obj either way */
        return cs_fail(&b->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    csvc_status rc = load(b, fn, NULL, &b->err);
    if (rc != CSVC_OK) /* as it was */
        json_array_remove(rules, json_array_size(rules) - 1);
    return rc;
}

csvc_status csvc_incentive_plan_builder_build(const csvc_incentive_plan_builder *b,
                                              csvc_incentive_plan **out)
{
    if (!b || !out)
        return cs_fail(NULL, CSVC_E_NULL, "plan_builder_build: %s is NULL", b ? "out" : "builder");
    return load(b, "plan_builder_build", out, (cs_errbuf *)&b->err);
}
