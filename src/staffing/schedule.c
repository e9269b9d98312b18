/* A generated schedule: made from the solver's heads, read field by field,
 * and turned into the plan's shifts. */
#include "enum_names.h"
#include "staffing_internal.h"
#include "version_check.h"

#include <stdio.h>
#include <string.h>

static const char *const status_names[] = {"optimal", "time_limit", "infeasible", "no_solution"};
static const cs_enum_names statuses = CS_ENUM_NAMES("schedule status", status_names);
static const char *const limit_names[] = {"none",   "no_template", "max_heads", "total_heads",
                                          "budget", "available",   "combined"};
static const cs_enum_names limits = CS_ENUM_NAMES("schedule limit", limit_names);

const char *csvc_schedule_status_name(csvc_schedule_status status)
{
    return cs_enum_name(&statuses, (int)status);
}

const char *csvc_schedule_limit_name(csvc_schedule_limit limit)
{
    return cs_enum_name(&limits, (int)limit);
}

CS_DEFINE_INIT(csvc_schedule_summary_init, csvc_schedule_summary, CSVC_SCHEDULE_SUMMARY_INIT)
CS_DEFINE_INIT(csvc_schedule_shift_init, csvc_schedule_shift, CSVC_SCHEDULE_SHIFT_INIT)
CS_DEFINE_INIT(csvc_schedule_interval_init, csvc_schedule_interval, CSVC_SCHEDULE_INTERVAL_INIT)

void csvc_staffing_schedule_free(csvc_staffing_schedule *s)
{
    if (!s)
        return;
    cs_alloc alloc = s->alloc;
    cs_free(&alloc, s->required);
    cs_free(&alloc, s->covered);
    cs_free(&alloc, s->ids);
    cs_free(&alloc, s->id_text);
    cs_free(&alloc, s->shapes);
    cs_free(&alloc, s->break_minutes);
    cs_free(&alloc, s->template_heads);
    cs_free(&alloc, s->shifts);
    cs_free(&alloc, s);
}

static csvc_status copy_templates(csvc_staffing_schedule *s, const cs_gen_problem *p)
{
    size_t text = 0;
    for (size_t t = 0; t < p->ntemplates; t++)
        text += strlen(p->templates[t].id) + 1;
    s->ids = cs_calloc(&s->alloc, p->ntemplates, sizeof *s->ids);
    s->id_text = cs_calloc(&s->alloc, text, 1);
    s->shapes = cs_calloc(&s->alloc, p->ntemplates, sizeof *s->shapes);
    s->template_heads = cs_calloc(&s->alloc, p->ntemplates, sizeof *s->template_heads);
    s->break_minutes = cs_calloc(&s->alloc, p->ntemplates, sizeof *s->break_minutes);
    if (!s->ids || !s->id_text || !s->shapes || !s->template_heads || !s->break_minutes)
        return CSVC_E_NOMEM;
    char *at = s->id_text;
    for (size_t t = 0; t < p->ntemplates; t++) {
        const csvc_shift_template *tp = &p->templates[t];
        size_t n = strlen(tp->id) + 1;
        memcpy(at, tp->id, n);
        s->ids[t] = at;
        at += n;
        s->shapes[t] = (csvc_staffing_shift){CSVC_STAFFING_SHIFT_VERSION, tp->start_minute,
                                             tp->length_minutes, tp->days, 0u};
        s->break_minutes[t] = tp->break_minutes;
    }
    return CSVC_OK;
}

/* Heads per pair, coverage per interval in exact head-minutes, and the
 * cost in int64 minor units. */
static csvc_status place_heads(csvc_staffing_schedule *s, const cs_gen_problem *p,
                               const uint32_t *heads)
{
    size_t n = 0;
    for (size_t c = 0; heads && c < p->ncolumns; c++)
        n += heads[c] > 0;
    s->shifts = cs_calloc(&s->alloc, n ? n : 1, sizeof *s->shifts);
    int64_t *minutes = cs_calloc(&s->alloc, p->nintervals, sizeof *minutes);
    if (!s->shifts || !minutes) {
        cs_free(&s->alloc, minutes);
        return CSVC_E_NOMEM;
    }
    csvc_schedule_summary *sum = &s->summary;
    csvc_status rc = CSVC_OK;
    for (size_t c = 0; heads && c < p->ncolumns && rc == CSVC_OK; c++) {
        if (heads[c] == 0)
            continue;
        const cs_gen_column *col = &p->columns[c];
        cs_schedule_shift *sh = &s->shifts[s->nshifts++];
        sh->tmpl = col->tmpl;
        sh->break_offset = col->break_offset;
        sh->heads = heads[c];
        rc = csvc_money_mul(p->head_cost[col->tmpl], heads[c], &sh->cost);
        if (rc == CSVC_OK)
            rc = csvc_money_add(sum->cost, sh->cost, &sum->cost);
        s->template_heads[col->tmpl] += heads[c];
        sum->heads += heads[c];
        sum->heads_by_type[p->templates[col->tmpl].employment] += heads[c];
        for (size_t e = col->first; e < col->first + col->count; e++)
            minutes[p->entry_interval[e]] += (int64_t)heads[c] * p->entry_minutes[e];
    }
    double step = p->interval_minutes, hours = step / 60.0;
    for (size_t i = 0; i < p->nintervals; i++) {
        double covered = (double)minutes[i] / step, required = p->required[i];
        s->covered[i] = covered;
        sum->required_hours += required * hours;
        sum->covered_hours += covered * hours;
        if (required > covered) {
            sum->shortfall_hours += (required - covered) * hours;
            sum->intervals_short++;
        } else {
            sum->overstaffing_hours += (covered - required) * hours;
        }
    }
    cs_free(&s->alloc, minutes);
    if (rc != CSVC_OK)
        return cs_fail(NULL, CSVC_E_OVERFLOW,
                       "staffing_generate: the schedule's cost leaves int64 minor units");
    return CSVC_OK;
}

static void describe(csvc_staffing_schedule *s, const cs_gen_problem *p, const cs_gen_diagnosis *why)
{
    const csvc_schedule_summary *u = &s->summary;
    switch (u->status) {
    case CSVC_SCHEDULE_INFEASIBLE:
        snprintf(s->message, sizeof s->message, "%s", why ? why->text : "infeasible");
        break;
    case CSVC_SCHEDULE_NO_SOLUTION:
        snprintf(s->message, sizeof s->message,
                 "no solution: the time limit of %g s passed before any schedule was found",
                 p->options.time_limit);
        break;
    default:
        snprintf(s->message, sizeof s->message,
                 "%s: %u heads, cost %lld a week (minor units), gap %.4g %%, shortfall %.4g "
                 "staff-hours in %u intervals, overstaffing %.4g",
                 u->status == CSVC_SCHEDULE_OPTIMAL ? "optimal" : "time limit reached",
                 (unsigned)u->heads, (long long)u->cost, u->gap * 100.0, u->shortfall_hours,
                 (unsigned)u->intervals_short, u->overstaffing_hours);
    }
}

csvc_status cs_schedule_make(const cs_gen_problem *p, const cs_gen_result *r,
                             const cs_gen_diagnosis *why, csvc_staffing_schedule **out)
{
    csvc_staffing_schedule *s = cs_calloc(p->alloc, 1, sizeof *s);
    if (!s)
        return cs_fail(NULL, CSVC_E_NOMEM, "staffing_generate: out of memory");
    s->alloc = *p->alloc;
    csvc_schedule_summary_init(&s->summary);
    s->interval_seconds = p->interval_minutes * 60;
    s->nintervals = p->nintervals;
    s->ntemplates = p->ntemplates;
    s->required = cs_calloc(&s->alloc, p->nintervals, sizeof *s->required);
    s->covered = cs_calloc(&s->alloc, p->nintervals, sizeof *s->covered);
    csvc_status rc = s->required && s->covered ? copy_templates(s, p) : CSVC_E_NOMEM;
    if (rc == CSVC_OK) {
        memcpy(s->required, p->required, p->nintervals * sizeof *s->required);
        int solved = r->status == CSVC_SCHEDULE_OPTIMAL || r->status == CSVC_SCHEDULE_TIME_LIMIT;
        rc = place_heads(s, p, solved ? r->heads : NULL);
    }
    if (rc != CSVC_OK) {
        csvc_staffing_schedule_free(s);
        return rc == CSVC_E_NOMEM ? cs_fail(NULL, rc, "staffing_generate: out of memory") : rc;
    }
    csvc_schedule_summary *u = &s->summary;
    u->status = r->status;
    u->gap = r->gap;
    u->seconds = r->seconds;
    u->objective = (double)u->cost;
    if (p->options.soft)
        u->objective += (double)p->options.shortfall_penalty * u->shortfall_hours;
    if (why && r->status == CSVC_SCHEDULE_INFEASIBLE) {
        u->limit = why->limit;
        u->limit_type = why->type;
        u->limit_interval = why->interval;
    }
    describe(s, p, why);
    *out = s;
    return CSVC_OK;
}

/* ---- reading -------------------------------------------------------------- */

const char *csvc_staffing_schedule_message(const csvc_staffing_schedule *s)
{
    return s ? s->message : "schedule is NULL";
}

csvc_status csvc_staffing_schedule_summary(const csvc_staffing_schedule *s,
                                           csvc_schedule_summary *out)
{
    if (!s || !out)
        return cs_fail(NULL, CSVC_E_NULL, "staffing_schedule_summary: %s is NULL",
                       s ? "out" : "schedule");
    CS_RETURN_IF_BAD_VERSION(NULL, out->version, CSVC_SCHEDULE_SUMMARY_VERSION,
                             "staffing_schedule_summary: out");
    *out = s->summary;
    return CSVC_OK;
}

uint32_t csvc_staffing_schedule_template_heads(const csvc_staffing_schedule *s, size_t index)
{
    return s && index < s->ntemplates ? s->template_heads[index] : 0u;
}

size_t csvc_staffing_schedule_shift_count(const csvc_staffing_schedule *s)
{
    return s ? s->nshifts : 0;
}

csvc_status csvc_staffing_schedule_shift(const csvc_staffing_schedule *s, size_t index,
                                         csvc_schedule_shift *out)
{
    static const char fn[] = "staffing_schedule_shift";
    if (!s || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn, s ? "out" : "schedule");
    CS_RETURN_IF_BAD_VERSION(NULL, out->version, CSVC_SCHEDULE_SHIFT_VERSION, "%s: out", fn);
    if (index >= s->nshifts)
        return cs_fail(NULL, CSVC_E_RANGE, "%s: index %zu out of range (%zu)", fn, index,
                       s->nshifts);
    const cs_schedule_shift *sh = &s->shifts[index];
    out->template_index = sh->tmpl;
    out->template_id = s->ids[sh->tmpl];
    out->break_offset = sh->break_offset;
    out->heads = sh->heads;
    out->cost = sh->cost;
    return CSVC_OK;
}

size_t csvc_staffing_schedule_interval_count(const csvc_staffing_schedule *s)
{
    return s ? s->nintervals : 0;
}

csvc_status csvc_staffing_schedule_interval(const csvc_staffing_schedule *s, size_t index,
                                            csvc_schedule_interval *out)
{
    static const char fn[] = "staffing_schedule_interval";
    if (!s || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn, s ? "out" : "schedule");
    CS_RETURN_IF_BAD_VERSION(NULL, out->version, CSVC_SCHEDULE_INTERVAL_VERSION, "%s: out", fn);
    if (index >= s->nintervals)
        return cs_fail(NULL, CSVC_E_RANGE, "%s: index %zu out of range (%zu intervals)", fn,
                       index, s->nintervals);
    double required = s->required[index], covered = s->covered[index];
    out->start_minute = (int32_t)(index * (size_t)s->interval_seconds / 60);
    out->required = s->required[index];
    out->covered = covered;
    out->shortfall = required > covered ? required - covered : 0.0;
    out->overstaffing = covered > required ? covered - required : 0.0;
    return CSVC_OK;
}

csvc_status csvc_staffing_plan_set_schedule(csvc_staffing_plan *plan,
                                            const csvc_staffing_schedule *s)
{
    static const char fn[] = "staffing_plan_set_schedule";
    if (!plan || !s)
        return cs_fail(plan ? &plan->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       plan ? "schedule" : "plan");
    if (plan->interval_seconds != s->interval_seconds)
        return cs_fail(&plan->err, CSVC_E_INVALID,
                       "%s: the plan has %ld s intervals, the schedule %ld s", fn,
                       (long)plan->interval_seconds, (long)s->interval_seconds);
    /* The old shifts are kept aside so that a failure changes nothing. */
    int64_t *saved = cs_calloc(&plan->alloc, plan->count, sizeof *saved);
    if (!saved)
        return cs_fail(&plan->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    memcpy(saved, plan->head_minutes, plan->count * sizeof *saved);
    size_t nsaved = plan->nshifts;
    csvc_staffing_plan_clear_shifts(plan);
    csvc_status rc = CSVC_OK;
    for (size_t k = 0; k < s->nshifts && rc == CSVC_OK; k++) {
        const cs_schedule_shift *sh = &s->shifts[k];
        csvc_staffing_shift shift = s->shapes[sh->tmpl];
        shift.heads = sh->heads;
        if (sh->break_offset < 0) {
            rc = csvc_staffing_plan_add_shift(plan, &shift);
            continue;
        }
        /* The part before the break, then the part after it. */
        int32_t end = shift.start_minute + shift.length_minutes;
        int32_t resume = shift.start_minute + sh->break_offset + s->break_minutes[sh->tmpl];
        shift.length_minutes = sh->break_offset;
        if (shift.length_minutes > 0)
            rc = csvc_staffing_plan_add_shift(plan, &shift);
        shift.start_minute = resume % 1440;
        shift.length_minutes = end - resume;
        if (rc == CSVC_OK && shift.length_minutes > 0) {
            if (resume >= 1440) /* the second part starts the next day */
                shift.days = ((shift.days << 1) | (shift.days >> 6)) & CSVC_DAYS_ALL;
            rc = csvc_staffing_plan_add_shift(plan, &shift);
        }
    }
    if (rc != CSVC_OK) {
        memcpy(plan->head_minutes, saved, plan->count * sizeof *saved);
        plan->nshifts = nsaved;
    }
    cs_free(&plan->alloc, saved);
    return rc;
}
