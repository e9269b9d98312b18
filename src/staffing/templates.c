/* Shift templates: their checks, the week's cost of one head, and the
 * program's columns (a template at each break offset) with the minutes
 * each head is present in each interval. */
#include "staffing_internal.h"
#include "version_check.h"

#include <string.h>

static const char fn[] = "staffing_generate";

CS_DEFINE_INIT(csvc_shift_template_init, csvc_shift_template, CSVC_SHIFT_TEMPLATE_INIT)

csvc_status cs_gen_check_template(const csvc_shift_template *t, size_t i)
{
    CS_RETURN_IF_BAD_VERSION(NULL, t->version, CSVC_SHIFT_TEMPLATE_VERSION, "%s: templates[%zu]",
                             fn, i);
    cs_errbuf idmsg;
    csvc_status rc = cs_check_id(&idmsg, "id", t->id);
    if (rc != CSVC_OK)
        return cs_fail(NULL, rc, "%s: templates[%zu]: %s", fn, i, idmsg.msg);
#define BAD(status, ...) cs_fail(NULL, status, "%s: templates[%zu] '%.64s': " __VA_ARGS__)
    if (t->start_minute < 0 || t->start_minute >= 1440)
        return BAD(CSVC_E_RANGE, "start_minute %ld outside the day (0..1439)", fn, i, t->id,
                   (long)t->start_minute);
    if (t->length_minutes < 1 || t->length_minutes > 1440)
        return BAD(CSVC_E_RANGE, "length_minutes %ld outside 1..1440", fn, i, t->id,
                   (long)t->length_minutes);
    if (t->days == 0 || (t->days & ~CSVC_DAYS_ALL))
        return BAD(CSVC_E_RANGE, "days 0x%x must name at least one day and only days (0x01..0x40)",
                   fn, i, t->id, (unsigned)t->days);
    if (t->break_minutes < 0 || t->break_minutes >= t->length_minutes)
        return BAD(CSVC_E_RANGE, "break_minutes %ld outside 0..%ld (shorter than the shift)", fn,
                   i, t->id, (long)t->break_minutes, (long)t->length_minutes - 1);
    if (t->break_minutes == 0 && (t->break_earliest != 0 || t->break_latest != 0))
        return BAD(CSVC_E_RANGE, "break_earliest %ld / break_latest %ld without a break "
                   "(break_minutes 0)", fn, i, t->id, (long)t->break_earliest,
                   (long)t->break_latest);
    if (t->break_minutes > 0 &&
        (t->break_earliest < 0 || t->break_latest < t->break_earliest ||
         t->break_latest > t->length_minutes - t->break_minutes))
        return BAD(CSVC_E_RANGE, "break window %ld..%ld must satisfy 0 <= break_earliest <= "
                   "break_latest <= length_minutes - break_minutes (%ld)", fn, i, t->id,
                   (long)t->break_earliest, (long)t->break_latest,
                   (long)(t->length_minutes - t->break_minutes));
    if (t->max_heads > CSVC_STAFFING_AGENTS_MAX)
        return BAD(CSVC_E_RANGE, "max_heads %u above %u", fn, i, t->id, (unsigned)t->max_heads,
                   (unsigned)CSVC_STAFFING_AGENTS_MAX);
    if (t->min_heads > t->max_heads)
        return BAD(CSVC_E_RANGE, "min_heads %u above max_heads %u", fn, i, t->id,
                   (unsigned)t->min_heads, (unsigned)t->max_heads);
    if ((int)t->employment < 0 || (int)t->employment >= CSVC_EMPLOYMENT_COUNT)
        return BAD(CSVC_E_INVALID, "employment %d unknown", fn, i, t->id, (int)t->employment);
    if (t->cost_per_hour < 0 || t->cost_per_hour > CSVC_SHIFT_COST_MAX)
        return BAD(CSVC_E_RANGE, "cost_per_hour %lld outside 0..%lld", fn, i, t->id,
                   (long long)t->cost_per_hour, (long long)CSVC_SHIFT_COST_MAX);
#undef BAD
    return CSVC_OK;
}

static int days_in(uint32_t days)
{
    int n = 0;
    for (int d = 0; d < 7; d++)
        n += (days >> d) & 1u;
    return n;
}

/* cost_per_hour x paid minutes of the week / 60, rounded half up; at most
 * 10^9 x 10080 minutes, far inside int64. */
static int64_t head_cost(const csvc_shift_template *t)
{
    int64_t minutes = (int64_t)t->length_minutes * days_in(t->days);
    return (t->cost_per_hour * minutes + 30) / 60;
}

/* Adds `sign` x the minutes of [from, to) (minutes of the week, cyclic) to
 * the intervals they fall in. */
static void present(int32_t *minutes, int32_t step, int32_t from, int32_t to, int sign)
{
    int32_t length = to - from;
    from %= CS_WEEK_MINUTES;
    to = from + length;
    for (int32_t m = from; m < to;) {
        int32_t w = m % CS_WEEK_MINUTES, i = w / step;
        int32_t end = (i + 1) * step - w; /* minutes left in the interval */
        int32_t n = to - m < end ? to - m : end;
        minutes[i] += sign * n;
        m += n;
    }
}

/* The columns of template t: one per break offset. */
static int32_t offsets_of(const csvc_shift_template *t, int32_t step)
{
    return t->break_minutes == 0 ? 1 : (t->break_latest - t->break_earliest) / step + 1;
}

static void fill_column(const csvc_shift_template *t, int32_t offset, int32_t step,
                        int32_t *minutes)
{
    for (int d = 0; d < 7; d++) {
        if (!(t->days & (1u << d)))
            continue;
        int32_t start = d * 1440 + t->start_minute;
        present(minutes, step, start, start + t->length_minutes, 1);
        if (offset >= 0)
            present(minutes, step, start + offset, start + offset + t->break_minutes, -1);
    }
}

void cs_gen_problem_free(cs_gen_problem *p)
{
    if (!p->alloc)
        return;
    cs_free(p->alloc, p->required);
    cs_free(p->alloc, p->head_cost);
    cs_free(p->alloc, p->columns);
    cs_free(p->alloc, p->entry_interval);
    cs_free(p->alloc, p->entry_minutes);
    memset(p, 0, sizeof *p);
}

csvc_status cs_gen_problem_build(cs_gen_problem *p, const cs_alloc *alloc,
                                 const csvc_staffing_plan *plan,
                                 const csvc_shift_template *templates, size_t count,
                                 const csvc_generate_options *options)
{
    memset(p, 0, sizeof *p);
    p->alloc = alloc;
    p->nintervals = plan->count;
    p->interval_minutes = plan->interval_seconds / 60;
    p->ntemplates = count;
    p->templates = templates;
    p->options = *options;
    int32_t step = p->interval_minutes;
    for (size_t t = 0; t < count; t++)
        p->ncolumns += (size_t)offsets_of(&templates[t], step);
    p->required = cs_calloc(alloc, p->nintervals, sizeof *p->required);
    p->head_cost = cs_calloc(alloc, count, sizeof *p->head_cost);
    p->columns = cs_calloc(alloc, p->ncolumns, sizeof *p->columns);
    int32_t *minutes = cs_calloc(alloc, p->nintervals, sizeof *minutes);
    /* A head is present in at most 7 x 1440 / step + 7 intervals. */
    size_t cap = p->ncolumns * (size_t)(CS_WEEK_MINUTES / step + 7);
    p->entry_interval = cs_calloc(alloc, cap, sizeof *p->entry_interval);
    p->entry_minutes = cs_calloc(alloc, cap, sizeof *p->entry_minutes);
    if (!p->required || !p->head_cost || !p->columns || !minutes || !p->entry_interval ||
        !p->entry_minutes) {
        cs_free(alloc, minutes);
        cs_gen_problem_free(p);
        return cs_fail(NULL, CSVC_E_NOMEM, "%s: out of memory", fn);
    }
    for (size_t i = 0; i < p->nintervals; i++)
        p->required[i] = plan->solution[i].staff;
    size_t c = 0;
    for (size_t t = 0; t < count; t++) {
        const csvc_shift_template *tp = &templates[t];
        p->head_cost[t] = head_cost(tp);
        for (int32_t k = 0; k < offsets_of(tp, step); k++, c++) {
            cs_gen_column *col = &p->columns[c];
            col->tmpl = (uint32_t)t;
            col->break_offset = tp->break_minutes == 0 ? -1 : tp->break_earliest + k * step;
            col->first = p->nentries;
            memset(minutes, 0, p->nintervals * sizeof *minutes);
            fill_column(tp, col->break_offset, step, minutes);
            for (size_t i = 0; i < p->nintervals; i++) {
                if (minutes[i] > 0) {
                    p->entry_interval[p->nentries] = (uint32_t)i;
                    p->entry_minutes[p->nentries] = minutes[i];
                    p->nentries++;
                }
            }
            col->count = p->nentries - col->first;
        }
    }
    cs_free(alloc, minutes);
    return CSVC_OK;
}
