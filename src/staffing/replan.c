/* Intraday re-plan: the day's arrivals so far against its forecast give a
 * ratio, and the rest of the day is forecast again at that ratio. */
#include "staffing_internal.h"

#include <math.h>
#include <string.h>

static const char fn[] = "staffing_plan_replan";

/* A copy of the plan (same allocator, options, traffic, shifts). */
static csvc_staffing_plan *copy_plan(const csvc_staffing_plan *p)
{
    csvc_staffing_plan *c = cs_calloc(&p->alloc, 1, sizeof *c);
    if (!c)
        return NULL;
    *c = *p;
    cs_err_clear(&c->err);
    c->arrivals = cs_realloc_array(&p->alloc, NULL, p->count, sizeof *c->arrivals);
    c->aht = cs_realloc_array(&p->alloc, NULL, p->count, sizeof *c->aht);
    c->solution = cs_realloc_array(&p->alloc, NULL, p->count, sizeof *c->solution);
    c->head_minutes = cs_realloc_array(&p->alloc, NULL, p->count, sizeof *c->head_minutes);
    if (!c->arrivals || !c->aht || !c->solution || !c->head_minutes) {
        csvc_staffing_plan_free(c);
        return NULL;
    }
    memcpy(c->arrivals, p->arrivals, p->count * sizeof *c->arrivals);
    memcpy(c->aht, p->aht, p->count * sizeof *c->aht);
    memcpy(c->solution, p->solution, p->count * sizeof *c->solution);
    memcpy(c->head_minutes, p->head_minutes, p->count * sizeof *c->head_minutes);
    return c;
}

csvc_status csvc_staffing_plan_replan(const csvc_staffing_plan *plan, int32_t day,
                                      const double *observed, size_t count, double *ratio,
                                      csvc_staffing_plan **out)
{
    if (!plan || !observed || !ratio || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !plan ? "plan" : !observed ? "observed" : !ratio ? "ratio" : "out");
    size_t per_day = plan->count / 7;
    if (day < 0 || day > 6)
        return cs_fail(NULL, CSVC_E_RANGE, "%s: day %ld outside 0 (Monday) .. 6 (Sunday)", fn,
                       (long)day);
    if (count == 0 || count >= per_day)
        return cs_fail(NULL, CSVC_E_RANGE,
                       "%s: count %zu outside 1..%zu (the day has %zu intervals; at least one "
                       "must remain)",
                       fn, count, per_day - 1, per_day);
    size_t first = (size_t)day * per_day;
    double seen = 0.0, expected = 0.0;
    for (size_t k = 0; k < count; k++) {
        if (!(observed[k] >= 0.0) || !isfinite(observed[k]))
            return cs_fail(NULL, CSVC_E_RANGE, "%s: observed[%zu] %g is not a count >= 0", fn, k,
                           observed[k]);
        seen += observed[k];
        expected += plan->arrivals[first + k];
    }
    if (!(expected > 0.0))
        return cs_fail(NULL, CSVC_E_INVALID,
                       "%s: the forecast has no arrivals in the %zu observed intervals: no ratio",
                       fn, count);
    double r = seen / expected;
    csvc_staffing_plan *c = copy_plan(plan);
    if (!c)
        return cs_fail(NULL, CSVC_E_NOMEM, "%s: out of memory", fn);
    for (size_t k = 0; k < count; k++)
        c->arrivals[first + k] = observed[k];
    for (size_t i = first + count; i < first + per_day; i++)
        c->arrivals[i] = plan->arrivals[i] * r;
    csvc_status rc =
        cs_plan_solve_all(c, fn, &c->options, c->arrivals, c->aht, c->solution);
    if (rc != CSVC_OK) {
        /* The message is in the copy's buffer and the thread's. */
        csvc_staffing_plan_free(c);
        return rc;
    }
    *ratio = r;
    *out = c;
    return CSVC_OK;
}
