/* Why no schedule exists: checks that need no solver (the templates'
 * minimum heads against the limits; an interval no template works, or that
 * the templates at their max_heads cannot fill), then, after the solver
 * found the program infeasible, the least-shortfall LP with each limit left
 * out in turn: the first whose absence lets every interval be covered is
 * the one to blame. */
#include "staffing_internal.h"

#include <stdio.h>
#include <string.h>

static const char *const day_names[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                         "Friday", "Saturday", "Sunday"};
#define SHORT_TOL 1e-6

void cs_gen_interval_name(const cs_gen_problem *p, size_t i, char *buf, size_t size)
{
    long minute = (long)i * p->interval_minutes;
    snprintf(buf, size, "interval %zu (%s %02ld:%02ld)", i, day_names[minute / 1440],
             minute % 1440 / 60, minute % 60);
}

static void blame(cs_gen_diagnosis *d, csvc_schedule_limit limit, int64_t interval)
{
    d->limit = limit;
    d->interval = interval;
}

/* Sums of the templates' min_heads against the limits. */
static int check_minimums(const cs_gen_problem *p, cs_gen_diagnosis *d)
{
    const csvc_generate_options *o = &p->options;
    uint64_t heads = 0, by_type[CSVC_EMPLOYMENT_COUNT] = {0};
    double cost = 0.0;
    for (size_t t = 0; t < p->ntemplates; t++) {
        const csvc_shift_template *tp = &p->templates[t];
        heads += tp->min_heads;
        by_type[tp->employment] += tp->min_heads;
        cost += (double)tp->min_heads * (double)p->head_cost[t];
    }
    if (o->max_total_heads > 0 && heads > o->max_total_heads) {
        blame(d, CSVC_LIMIT_TOTAL_HEADS, -1);
        snprintf(d->text, sizeof d->text,
                 "infeasible: the templates' min_heads add up to %llu heads, above "
                 "max_total_heads %u",
                 (unsigned long long)heads, (unsigned)o->max_total_heads);
        return 1;
    }
    if (o->budget > 0 && cost > (double)o->budget) {
        blame(d, CSVC_LIMIT_BUDGET, -1);
        snprintf(d->text, sizeof d->text,
                 "infeasible: the templates' min_heads cost %.0f a week, above the budget %lld "
                 "(minor units)",
                 cost, (long long)o->budget);
        return 1;
    }
    for (int k = 0; o->limit_available && k < CSVC_EMPLOYMENT_COUNT; k++) {
        if (by_type[k] > o->available[k]) {
            blame(d, CSVC_LIMIT_AVAILABLE, -1);
            d->type = (csvc_employment)k;
            snprintf(d->text, sizeof d->text,
                     "infeasible: the %s templates' min_heads add up to %llu heads, above the "
                     "%u available",
                     csvc_employment_name((csvc_employment)k), (unsigned long long)by_type[k],
                     (unsigned)o->available[k]);
            return 1;
        }
    }
    return 0;
}

/* Hard coverage: the most each interval can get with every template at its
 * max_heads and each head's break where it hurts least. */
static int check_intervals(const cs_gen_problem *p, cs_gen_diagnosis *d)
{
    double *bound = cs_calloc(p->alloc, p->nintervals, sizeof *bound);
    int32_t *best = cs_calloc(p->alloc, p->nintervals, sizeof *best);
    unsigned char *touched = cs_calloc(p->alloc, p->nintervals, 1);
    int found = 0;
    if (bound && best && touched) {
        size_t c = 0;
        for (size_t t = 0; t < p->ntemplates; t++) {
            memset(best, 0, p->nintervals * sizeof *best);
            for (; c < p->ncolumns && p->columns[c].tmpl == t; c++) {
                const cs_gen_column *col = &p->columns[c];
                for (size_t e = col->first; e < col->first + col->count; e++) {
                    uint32_t i = p->entry_interval[e];
                    touched[i] = 1;
                    if (p->entry_minutes[e] > best[i])
                        best[i] = p->entry_minutes[e];
                }
            }
            for (size_t i = 0; i < p->nintervals; i++)
                bound[i] += (double)p->templates[t].max_heads * best[i] / p->interval_minutes;
        }
        char name[64];
        for (size_t i = 0; i < p->nintervals && !found; i++) {
            if (p->required[i] == 0)
                continue;
            cs_gen_interval_name(p, i, name, sizeof name);
            if (!touched[i]) {
                blame(d, CSVC_LIMIT_NO_TEMPLATE, (int64_t)i);
                snprintf(d->text, sizeof d->text,
                         "infeasible: %s needs %u staff and no template works then", name,
                         (unsigned)p->required[i]);
                found = 1;
            } else if (bound[i] + SHORT_TOL < p->required[i]) {
                blame(d, CSVC_LIMIT_MAX_HEADS, (int64_t)i);
                snprintf(d->text, sizeof d->text,
                         "infeasible: %s needs %u staff; the templates at their max_heads give "
                         "at most %.4g",
                         name, (unsigned)p->required[i], bound[i]);
                found = 1;
            }
        }
    }
    cs_free(p->alloc, bound);
    cs_free(p->alloc, best);
    cs_free(p->alloc, touched);
    return found;
}

void cs_gen_precheck(const cs_gen_problem *p, cs_gen_diagnosis *out, int *found)
{
    memset(out, 0, sizeof *out);
    out->interval = -1;
    *found = check_minimums(p, out) || (!p->options.soft && check_intervals(p, out));
}

/* The first interval short in `shortfall`, or -1. */
static int64_t first_short(const cs_gen_problem *p, const double *shortfall)
{
    for (size_t i = 0; i < p->nintervals; i++)
        if (shortfall[i] > SHORT_TOL)
            return (int64_t)i;
    return -1;
}

static const char *limit_text(const cs_gen_problem *p, csvc_schedule_limit limit, int type,
                              char *buf, size_t size)
{
    switch (limit) {
    case CSVC_LIMIT_TOTAL_HEADS:
        snprintf(buf, size, "max_total_heads %u", (unsigned)p->options.max_total_heads);
        break;
    case CSVC_LIMIT_BUDGET:
        snprintf(buf, size, "the budget %lld (minor units)", (long long)p->options.budget);
        break;
    case CSVC_LIMIT_AVAILABLE:
        snprintf(buf, size, "the %u available %s heads", (unsigned)p->options.available[type],
                 csvc_employment_name((csvc_employment)type));
        break;
    default:
        snprintf(buf, size, "the limits together");
    }
    return buf;
}

/* A limit of the options the diagnosis may leave out. */
typedef struct optional_limit {
    int active;
    csvc_schedule_limit limit;
    unsigned drop;
    int type;
} optional_limit;

csvc_status cs_gen_diagnose(const cs_gen_problem *p, cs_gen_diagnosis *out)
{
    memset(out, 0, sizeof *out);
    out->interval = -1;
    double *shortfall = cs_calloc(p->alloc, p->nintervals, sizeof *shortfall);
    if (!shortfall)
        return cs_fail(NULL, CSVC_E_NOMEM, "staffing_generate: out of memory");
    csvc_status rc = cs_gen_least_shortfall(p, 0, shortfall);
    int64_t where = rc == CSVC_OK ? first_short(p, shortfall) : -1;
    char name[64], what[96];
    if (rc == CSVC_OK && where < 0) {
        blame(out, CSVC_LIMIT_COMBINED, -1);
        snprintf(out->text, sizeof out->text,
                 "infeasible: no schedule in whole heads meets every limit (one in fractions "
                 "of heads would)");
    }
    const csvc_generate_options *o = &p->options;
    optional_limit limits[2 + CSVC_EMPLOYMENT_COUNT];
    int n = 0;
    limits[n++] = (optional_limit){o->max_total_heads > 0, CSVC_LIMIT_TOTAL_HEADS,
                                   CS_GEN_DROP_TOTAL, 0};
    limits[n++] = (optional_limit){o->budget > 0, CSVC_LIMIT_BUDGET, CS_GEN_DROP_BUDGET, 0};
    for (int k = 0; k < CSVC_EMPLOYMENT_COUNT; k++)
        limits[n++] = (optional_limit){o->limit_available != 0, CSVC_LIMIT_AVAILABLE,
                                       (unsigned)CS_GEN_DROP_AVAILABLE << k, k};
    unsigned all = 0;
    double *without = where >= 0 ? cs_calloc(p->alloc, p->nintervals, sizeof *without) : NULL;
    if (rc == CSVC_OK && where >= 0 && !without)
        rc = cs_fail(NULL, CSVC_E_NOMEM, "staffing_generate: out of memory");
    for (int k = 0; rc == CSVC_OK && where >= 0 && k < n && out->limit == CSVC_LIMIT_NONE; k++) {
        if (!limits[k].active)
            continue;
        all |= limits[k].drop;
        rc = cs_gen_least_shortfall(p, limits[k].drop, without);
        if (rc == CSVC_OK && first_short(p, without) < 0) {
            blame(out, limits[k].limit, where);
            out->type = (csvc_employment)limits[k].type;
        }
    }
    cs_free(p->alloc, without);
    if (rc == CSVC_OK && where >= 0 && out->limit == CSVC_LIMIT_NONE) {
        /* No limit alone: together, or the templates' own caps. */
        if (all)
            rc = cs_gen_least_shortfall(p, all, shortfall);
        int64_t still = rc == CSVC_OK && all ? first_short(p, shortfall) : where;
        blame(out, all && still < 0 ? CSVC_LIMIT_COMBINED : CSVC_LIMIT_MAX_HEADS, where);
    }
    if (rc == CSVC_OK && where >= 0) {
        cs_gen_interval_name(p, (size_t)where, name, sizeof name);
        if (out->limit == CSVC_LIMIT_MAX_HEADS)
            snprintf(out->text, sizeof out->text,
                     "infeasible: the templates' min_heads and max_heads leave %s short", name);
        else
            snprintf(out->text, sizeof out->text, "infeasible: %s leave%s %s short",
                     limit_text(p, out->limit, out->type, what, sizeof what),
                     out->limit == CSVC_LIMIT_COMBINED || out->limit == CSVC_LIMIT_AVAILABLE ? ""
                                                                                               : "s",
                     name);
    }
    cs_free(p->alloc, shortfall);
    return rc;
}
