/* The weekly plan: its lifecycle, its inputs (options, one interval's
 * traffic) and the read-out of its intervals and totals.
 *
 * The requirement of every interval is kept solved: each change computes
 * the new solutions into a scratch array first and swaps it in only when
 * every interval solved, so a failure changes nothing. What the staffed
 * agents achieve is computed when an interval is read: it depends on the
 * shifts and the options together, and reading must not write the plan. */
#include "staffing_internal.h"
#include "version_check.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const day_names[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                         "Friday", "Saturday", "Sunday"};

CS_DEFINE_INIT(csvc_staffing_interval_init, csvc_staffing_interval, CSVC_STAFFING_INTERVAL_INIT)

CS_DEFINE_INIT(csvc_staffing_summary_init, csvc_staffing_summary, CSVC_STAFFING_SUMMARY_INIT)

/* ---- lifecycle ---------------------------------------------------------- */

csvc_status csvc_staffing_plan_new(const csvc_allocator *allocator, int32_t interval_seconds,
                                   csvc_staffing_plan **out)
{
    static const char fn[] = "staffing_plan_new";
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: out is NULL", fn);
    if (interval_seconds != 900 && interval_seconds != 1800 && interval_seconds != 3600)
        return cs_fail(NULL, CSVC_E_RANGE, "%s: interval_seconds %ld must be 900, 1800 or 3600", fn,
                       (long)interval_seconds);
    cs_alloc alloc;
    csvc_status rc = cs_alloc_init(&alloc, allocator, NULL);
    if (rc != CSVC_OK)
        return rc;
    csvc_staffing_plan *p = cs_calloc(&alloc, 1, sizeof *p);
    if (!p)
        return cs_fail(NULL, CSVC_E_NOMEM, "%s: out of memory", fn);
    p->alloc = alloc;
    p->interval_seconds = interval_seconds;
    p->count = (size_t)(CS_WEEK_SECONDS / interval_seconds);
    csvc_staffing_options_init(&p->options);
    p->arrivals = cs_calloc(&alloc, p->count, sizeof *p->arrivals);
    p->aht = cs_calloc(&alloc, p->count, sizeof *p->aht);
    p->solution = cs_calloc(&alloc, p->count, sizeof *p->solution);
    p->head_minutes = cs_calloc(&alloc, p->count, sizeof *p->head_minutes);
    if (!p->arrivals || !p->aht || !p->solution || !p->head_minutes) {
        csvc_staffing_plan_free(p);
        return cs_fail(NULL, CSVC_E_NOMEM, "%s: out of memory", fn);
    }
    /* No arrivals: nothing required, and the idle queue answers everyone. */
    for (size_t i = 0; i < p->count; i++)
        p->solution[i].at.service_level = 1.0;
    *out = p;
    return CSVC_OK;
}

void csvc_staffing_plan_free(csvc_staffing_plan *plan)
{
    if (!plan)
        return;
    cs_alloc alloc = plan->alloc;
    cs_free(&alloc, plan->arrivals);
    cs_free(&alloc, plan->aht);
    cs_free(&alloc, plan->solution);
    cs_free(&alloc, plan->head_minutes);
    cs_free(&alloc, plan);
}

const char *csvc_staffing_plan_errmsg(const csvc_staffing_plan *plan)
{
    return plan ? plan->err.msg : "plan is NULL";
}

size_t csvc_staffing_plan_interval_count(const csvc_staffing_plan *plan)
{
    return plan ? plan->count : 0;
}

int32_t csvc_staffing_plan_interval_seconds(const csvc_staffing_plan *plan)
{
    return plan ? plan->interval_seconds : 0;
}

/* ---- solving ------------------------------------------------------------ */

/* "fn: interval i (Monday 09:30)" for messages. */
static void interval_context(const csvc_staffing_plan *p, const char *fn, size_t i, char *buf,
                             size_t size)
{
    long minute = (long)(i * (size_t)p->interval_seconds / 60);
    snprintf(buf, size, "%s: interval %zu (%s %02ld:%02ld)", fn, i, day_names[minute / 1440],
             minute % 1440 / 60, minute % 60);
}

csvc_status cs_plan_solve_all(csvc_staffing_plan *p, const char *fn, const csvc_staffing_options *o,
                              const double *arrivals, const double *aht, cs_solution *out)
{
    for (size_t i = 0; i < p->count; i++) {
        char ctx[128];
        interval_context(p, fn, i, ctx, sizeof ctx);
        cs_model m;
        csvc_status rc =
            cs_staffing_model(&p->err, ctx, arrivals[i], p->interval_seconds, aht[i], o, &m);
        if (rc == CSVC_OK)
            rc = cs_staffing_solve(&p->err, ctx, &m, o, &out[i]);
        if (rc != CSVC_OK)
            return rc;
    }
    return CSVC_OK;
}

csvc_status csvc_staffing_plan_set_options(csvc_staffing_plan *plan,
                                           const csvc_staffing_options *options)
{
    static const char fn[] = "staffing_plan_set_options";
    if (!plan || !options)
        return cs_fail(plan ? &plan->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       plan ? "options" : "plan");
    csvc_status rc = cs_staffing_check_options(&plan->err, fn, options);
    if (rc != CSVC_OK)
        return rc;
    cs_solution *next = cs_realloc_array(&plan->alloc, NULL, plan->count, sizeof *next);
    if (!next)
        return cs_fail(&plan->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    rc = cs_plan_solve_all(plan, fn, options, plan->arrivals, plan->aht, next);
    if (rc != CSVC_OK) {
        cs_free(&plan->alloc, next);
        return rc;
    }
    cs_free(&plan->alloc, plan->solution);
    plan->solution = next;
    plan->options = *options;
    plan->options.version = CSVC_STAFFING_OPTIONS_VERSION;
    cs_err_clear(&plan->err);
    return CSVC_OK;
}

csvc_status csvc_staffing_plan_set_interval(csvc_staffing_plan *plan, size_t index, double arrivals,
                                            double aht)
{
    static const char fn[] = "staffing_plan_set_interval";
    if (!plan)
        return cs_fail(NULL, CSVC_E_NULL, "%s: plan is NULL", fn);
    if (index >= plan->count)
        return cs_fail(&plan->err, CSVC_E_RANGE, "%s: index %zu out of range (%zu intervals)", fn,
                       index, plan->count);
    char ctx[128];
    interval_context(plan, fn, index, ctx, sizeof ctx);
    csvc_status rc =
        cs_staffing_check_traffic(&plan->err, ctx, arrivals, plan->interval_seconds, aht);
    cs_model m;
    cs_solution s;
    if (rc == CSVC_OK)
        rc = cs_staffing_model(&plan->err, ctx, arrivals, plan->interval_seconds, aht,
                               &plan->options, &m);
    if (rc == CSVC_OK)
        rc = cs_staffing_solve(&plan->err, ctx, &m, &plan->options, &s);
    if (rc != CSVC_OK)
        return rc;
    plan->arrivals[index] = arrivals;
    plan->aht[index] = aht;
    plan->solution[index] = s;
    cs_err_clear(&plan->err);
    return CSVC_OK;
}

/* ---- reading ------------------------------------------------------------ */

static csvc_status read_interval(const csvc_staffing_plan *p, const char *fn, size_t i,
                                 csvc_staffing_interval *out)
{
    const cs_solution *s = &p->solution[i];
    double length = p->interval_seconds;
    double staffed = (double)p->head_minutes[i] / (length / 60.0);
    uint32_t on_phones = cs_staffing_on_phones(staffed, p->options.shrinkage);
    cs_model m;
    cs_erlang e;
    csvc_status rc =
        cs_staffing_model(NULL, fn, p->arrivals[i], length, p->aht[i], &p->options, &m);
    if (rc != CSVC_OK)
        return rc;
    if (cs_erlang_measures(&m, on_phones, &e) != CSVC_OK) {
        char ctx[128];
        interval_context(p, fn, i, ctx, sizeof ctx);
        return cs_staffing_chain_error(NULL, ctx, &m, on_phones);
    }
    double required = s->staff;
    out->start_minute = (int32_t)(i * (size_t)p->interval_seconds / 60);
    out->arrivals = p->arrivals[i];
    out->aht = p->aht[i];
    out->load = m.load;
    out->agents = s->agents;
    out->required = s->staff;
    out->agents_exact = s->agents_exact;
    out->required_exact = s->staff_exact;
    out->staffed = staffed;
    out->shortfall = required > staffed ? required - staffed : 0.0;
    out->overstaffing = staffed > required ? staffed - required : 0.0;
    out->staffed_agents = on_phones;
    out->met = cs_staffing_met(&m, &p->options, on_phones, &e);
    out->p_wait = e.p_wait;
    out->service_level = e.service_level;
    out->asa = e.asa;
    out->abandon = e.abandon;
    out->occupancy = e.occupancy;
    return CSVC_OK;
}

csvc_status csvc_staffing_plan_interval(const csvc_staffing_plan *plan, size_t index,
                                        csvc_staffing_interval *out)
{
    static const char fn[] = "staffing_plan_interval";
    if (!plan || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn, plan ? "out" : "plan");
    CS_RETURN_IF_BAD_VERSION(NULL, out->version, CSVC_STAFFING_INTERVAL_VERSION, "%s: out (csvc_staffing_interval)", fn);
    if (index >= plan->count)
        return cs_fail(NULL, CSVC_E_RANGE, "%s: index %zu out of range (%zu intervals)", fn, index,
                       plan->count);
    csvc_staffing_interval row = *out;
    csvc_status rc = read_interval(plan, fn, index, &row);
    if (rc == CSVC_OK)
        *out = row;
    return rc;
}

csvc_status csvc_staffing_plan_summary(const csvc_staffing_plan *plan, csvc_staffing_summary *out)
{
    static const char fn[] = "staffing_plan_summary";
    if (!plan || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn, plan ? "out" : "plan");
    CS_RETURN_IF_BAD_VERSION(NULL, out->version, CSVC_STAFFING_SUMMARY_VERSION, "%s: out (csvc_staffing_summary)", fn);
    csvc_staffing_summary sum = CSVC_STAFFING_SUMMARY_INIT;
    sum.version = out->version;
    double hours = plan->interval_seconds / 3600.0, answered = 0.0;
    for (size_t i = 0; i < plan->count; i++) {
        csvc_staffing_interval row = CSVC_STAFFING_INTERVAL_INIT;
        csvc_status rc = read_interval(plan, fn, i, &row);
        if (rc != CSVC_OK)
            return rc;
        sum.intervals++;
        sum.intervals_short += row.shortfall > 0.0;
        sum.peak_required = row.required > sum.peak_required ? row.required : sum.peak_required;
        sum.arrivals += row.arrivals;
        sum.required_hours += row.required * hours;
        sum.staffed_hours += row.staffed * hours;
        sum.shortfall_hours += row.shortfall * hours;
        sum.overstaffing_hours += row.overstaffing * hours;
        answered += row.arrivals * row.service_level;
    }
    sum.service_level = sum.arrivals > 0.0 ? answered / sum.arrivals : NAN;
    *out = sum;
    return CSVC_OK;
}
