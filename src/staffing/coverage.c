/* Shifts: how many heads each interval of the plan's week has.
 *
 * Coverage is kept as exact integer head-minutes per interval, so adding
 * shifts in any order gives the same staff, and an interval's staff is its
 * head-minutes over its length in minutes. The week is cyclic: the part of
 * a shift past Sunday 24:00 lands on Monday morning. */
#include "staffing_internal.h"
#include "version_check.h"

#include <string.h>

CS_DEFINE_INIT(csvc_staffing_shift_init, csvc_staffing_shift, CSVC_STAFFING_SHIFT_INIT)

static csvc_status check_shift(cs_errbuf *err, const char *fn, const csvc_staffing_shift *s)
{
    CS_RETURN_IF_BAD_VERSION(err, s->version, CSVC_STAFFING_SHIFT_VERSION, "%s: shift", fn);
    if (s->start_minute < 0 || s->start_minute >= 1440)
        return cs_fail(err, CSVC_E_RANGE, "%s: start_minute %ld outside the day (0..1439)", fn,
                       (long)s->start_minute);
    if (s->length_minutes < 1 || s->length_minutes > 1440)
        return cs_fail(err, CSVC_E_RANGE, "%s: length_minutes %ld outside 1..1440", fn,
                       (long)s->length_minutes);
    if (s->days == 0 || (s->days & ~CSVC_DAYS_ALL))
        return cs_fail(err, CSVC_E_RANGE,
                       "%s: days 0x%x must name at least one day of the week and only days "
                       "(bits 0x01 Monday .. 0x40 Sunday)",
                       fn, (unsigned)s->days);
    if (s->heads == 0 || s->heads > CSVC_STAFFING_AGENTS_MAX)
        return cs_fail(err, CSVC_E_RANGE, "%s: heads %u outside 1..%u", fn, (unsigned)s->heads,
                       (unsigned)CSVC_STAFFING_AGENTS_MAX);
    return CSVC_OK;
}

/* Adds heads x minutes of [from, to) (minutes of the week, no wrap). */
static void cover(int64_t *minutes, int32_t interval_minutes, int64_t heads, int32_t from,
                  int32_t to)
{
    for (int32_t i = from / interval_minutes; i * interval_minutes < to; i++) {
        int32_t lo = i * interval_minutes, hi = lo + interval_minutes;
        int32_t a = from > lo ? from : lo, b = to < hi ? to : hi;
        minutes[i] += heads * (b - a);
    }
}

csvc_status csvc_staffing_plan_add_shift(csvc_staffing_plan *plan, const csvc_staffing_shift *shift)
{
    static const char fn[] = "staffing_plan_add_shift";
    if (!plan || !shift)
        return cs_fail(plan ? &plan->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       plan ? "shift" : "plan");
    csvc_status rc = check_shift(&plan->err, fn, shift);
    if (rc != CSVC_OK)
        return rc;
    int64_t *added = cs_calloc(&plan->alloc, plan->count, sizeof *added);
    if (!added)
        return cs_fail(&plan->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    int32_t length = plan->interval_seconds / 60;
    for (int d = 0; d < 7; d++) {
        if (!(shift->days & (1u << d)))
            continue;
        int32_t from = d * 1440 + shift->start_minute, to = from + shift->length_minutes;
        cover(added, length, shift->heads, from, to < CS_WEEK_MINUTES ? to : CS_WEEK_MINUTES);
        if (to > CS_WEEK_MINUTES)
            cover(added, length, shift->heads, 0, to - CS_WEEK_MINUTES);
    }
    /* Head-minutes stay far from overflow: at most 7 x 1440 x 10^6 per
     * shift, and an interval is refused beyond 10^6 heads. */
    const int64_t limit = (int64_t)CSVC_STAFFING_AGENTS_MAX * length;
    for (size_t i = 0; i < plan->count; i++) {
        if (plan->head_minutes[i] + added[i] > limit) {
            long minute = (long)(i * (size_t)length);
            cs_free(&plan->alloc, added);
            return cs_fail(&plan->err, CSVC_E_RANGE,
                           "%s: interval %zu (minute %ld of the week) would be staffed above "
                           "%u heads",
                           fn, i, minute, (unsigned)CSVC_STAFFING_AGENTS_MAX);
        }
    }
    for (size_t i = 0; i < plan->count; i++)
        plan->head_minutes[i] += added[i];
    cs_free(&plan->alloc, added);
    plan->nshifts++;
    cs_err_clear(&plan->err);
    return CSVC_OK;
}

csvc_status csvc_staffing_plan_clear_shifts(csvc_staffing_plan *plan)
{
    if (!plan)
        return cs_fail(NULL, CSVC_E_NULL, "staffing_plan_clear_shifts: plan is NULL");
    memset(plan->head_minutes, 0, plan->count * sizeof *plan->head_minutes);
    plan->nshifts = 0;
    cs_err_clear(&plan->err);
    return CSVC_OK;
}

size_t csvc_staffing_plan_shift_count(const csvc_staffing_plan *plan)
{
    return plan ? plan->nshifts : 0;
}
