/* Status of requirements at an instant, coverage, and the CSV reports. */
#include "training_internal.h"

#include "strbuf.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int cs_training_applies(const csvc_training *t, const cs_requirement *r, uint32_t agent)
{
    return (r->level < 0 || (int32_t)cs_roster_agent_level(t->roster, agent) == r->level) &&
           (r->team == CS_NONE || cs_roster_agent_team(t->roster, agent) == r->team);
}

/* The due date of a requirement never met. */
static int64_t due_of(const csvc_training *t, const cs_requirement *r, uint32_t agent)
{
    int64_t days = (int64_t)r->due_days * 86400;
    int64_t hired = cs_roster_agent_hire_date(t->roster, agent);
    switch (r->trigger) {
    case CSVC_TRIGGER_HIRE:
        return hired + days;
    case CSVC_TRIGGER_PROMOTION:
        if (agent < t->cap_agents && t->promoted_to[agent] == r->level &&
            t->promoted_at[agent] != CSVC_TIME_NONE)
            return t->promoted_at[agent] + days;
        return hired + days;
    case CSVC_TRIGGER_LAUNCH:
        return r->start - days;
    default:
        return (r->start > hired ? r->start : hired) + days;
    }
}

static int64_t earliest(int64_t a, int64_t b)
{
    if (a == CSVC_TIME_NONE)
        return b;
    return b == CSVC_TIME_NONE || a < b ? a : b;
}

/* When a completion at `done` stops meeting `r`, or CSVC_TIME_NONE. */
static int64_t valid_until(const csvc_training *t, const cs_requirement *r, int32_t offset,
                           int64_t done)
{
    const cs_course *k = &t->courses[r->course];
    int64_t until = k->validity_months ? cs_training_add_months(offset, done, k->validity_months)
                                       : CSVC_TIME_NONE;
    if (r->recurrence == CSVC_RECUR_AFTER_COMPLETION)
        until = earliest(until, cs_training_add_months(offset, done, r->every_months));
    else if (r->recurrence == CSVC_RECUR_ANCHORED)
        until = earliest(until, cs_training_next_anchor(offset, r, done));
    return until;
}

void cs_training_item(const csvc_training *t, uint32_t req, uint32_t agent, int64_t at,
                      int64_t last_pass, csvc_item_status *out)
{
    const cs_requirement *r = &t->requirements[req];
    out->version = CSVC_ITEM_STATUS_VERSION;
    out->agent_id = cs_roster_agent_id(t->roster, agent);
    out->requirement_id = cs_strpool_get(&t->requirement_ids, req);
    out->course_id = cs_strpool_get(&t->course_ids, r->course);
    out->horizon = 0;
    out->completed = out->valid_until = CSVC_TIME_NONE;
    if (last_pass == CSVC_TIME_NONE) {
        out->due = due_of(t, r, agent);
        out->state = at < out->due ? CSVC_ITEM_DUE : CSVC_ITEM_OVERDUE;
        return;
    }
    out->completed = last_pass;
    out->due = out->valid_until =
        valid_until(t, r, cs_training_agent_offset(t, agent), last_pass);
    if (out->valid_until != CSVC_TIME_NONE && at >= out->valid_until) {
        out->state = CSVC_ITEM_EXPIRED;
        return;
    }
    out->state = CSVC_ITEM_CURRENT;
    if (out->valid_until == CSVC_TIME_NONE)
        return;
    for (int h = 0; h < 8 && t->horizons[h]; h++) {
        if (out->valid_until - at <= (int64_t)t->horizons[h] * 86400) {
            out->state = CSVC_ITEM_EXPIRING;
            out->horizon = t->horizons[h]; /* descending: the last that fits is the smallest */
        }
    }
}

void cs_training_status_at(const csvc_training *t, uint32_t req, uint32_t agent, int64_t at,
                           csvc_item_status *out)
{
    const cs_completion *c = cs_training_last_pass(t, agent, t->requirements[req].course, at);
    cs_training_item(t, req, agent, at, c ? c->time : CSVC_TIME_NONE, out);
}

csvc_status csvc_training_status(const csvc_training *t, const char *agent_id,
                                 const char *requirement_id, int64_t at, csvc_item_status *out)
{
    static const char fn[] = "training_status";
    if (!t || !agent_id || !requirement_id || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !t          ? "training"
                       : !agent_id ? "agent_id"
                       : !out      ? "out"
                                   : "requirement_id");
    if (!cs_training_time_ok(at))
        return cs_fail(NULL, CSVC_E_RANGE, "%s: time %" PRId64 " is outside years 1..9999", fn,
                       at);
    uint32_t agent = cs_roster_find_agent(t->roster, agent_id);
    uint32_t req = cs_strpool_find(&t->requirement_ids, requirement_id);
    if (agent == CS_NONE || req == CS_NONE)
        return cs_fail(NULL, CSVC_E_NOTFOUND, "%s: %s '%.64s' not found", fn,
                       agent == CS_NONE ? "agent" : "requirement",
                       agent == CS_NONE ? agent_id : requirement_id);
    if (!cs_training_applies(t, &t->requirements[req], agent))
        return cs_fail(NULL, CSVC_E_NOTFOUND,
                       "%s: requirement '%s' does not apply to agent '%s' (level or team)", fn,
                       requirement_id, agent_id);
    cs_training_status_at(t, req, agent, at, out);
    return CSVC_OK;
}

/* Who a report counts at `at`: active, not separated, hired. */
int cs_training_counted(const csvc_training *t, uint32_t agent, int64_t at)
{
    return cs_roster_agent_active_in(t->roster, agent, at) &&
           cs_roster_agent_hire_date(t->roster, agent) <= at;
}

csvc_status csvc_training_coverage(const csvc_training *t, const char *team_id, int64_t at,
                                   size_t *ncovered, size_t *nactive)
{
    static const char fn[] = "training_coverage";
    if (!t || !ncovered || !nactive)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !t ? "training" : !ncovered ? "covered" : "active");
    if (team_id && cs_roster_find_team(t->roster, team_id) == CS_NONE)
        return cs_fail(NULL, CSVC_E_NOTFOUND, "%s: team '%.64s' not found", fn, team_id);
    csvc_training_report *rep = NULL;
    csvc_status rc = csvc_training_report_new(t, at, &rep);
    if (rc == CSVC_OK)
        rc = csvc_training_report_coverage(rep, team_id, ncovered, nactive);
    csvc_training_report_free(rep);
    return rc;
}

/* ---- CSV reports ---------------------------------------------------------------------- */

static void put_time(int32_t offset, cs_strbuf *sb, int64_t time)
{
    if (time == CSVC_TIME_NONE)
        return;
    char buf[40];
    cs_training_format_time(offset, time, buf, sizeof buf);
    cs_strbuf_puts(sb, buf);
}

csvc_status cs_training_hand_over(cs_strbuf *sb, const char *fn, char **out, size_t *size)
{
    return cs_strbuf_hand_over(sb, out, size) == CSVC_OK
               ? CSVC_OK
               : cs_fail(NULL, CSVC_E_NOMEM, "%s: out of memory", fn);
}

static void put_status_row(const csvc_training *t, cs_strbuf *sb, uint32_t agent,
                           const csvc_item_status *st)
{
    cs_strbuf_csv_field(sb, st->agent_id);
    cs_strbuf_putc(sb, ',');
    cs_strbuf_csv_field(sb, cs_roster_team_id(t->roster, cs_roster_agent_team(t->roster, agent)));
    cs_strbuf_putc(sb, ',');
    cs_strbuf_csv_field(sb, st->requirement_id);
    cs_strbuf_putc(sb, ',');
    cs_strbuf_csv_field(sb, st->course_id);
    cs_strbuf_printf(sb, ",%s,", csvc_item_state_name(st->state));
    int32_t offset = cs_training_agent_offset(t, agent);
    put_time(offset, sb, st->due);
    cs_strbuf_putc(sb, ',');
    put_time(offset, sb, st->completed);
    cs_strbuf_putc(sb, ',');
    put_time(offset, sb, st->valid_until);
    cs_strbuf_printf(sb, ",%d\n", (int)st->horizon);
}

static const char status_header[] =
    "agent_id,team_id,requirement_id,course_id,state,due,completed,valid_until,horizon\n";

/* The report's rows that `keep` accepts, as the status CSV. */
static csvc_status status_rows(const csvc_training *t, const char *fn, int64_t at,
                               int (*keep)(const csvc_item_status *, int64_t, uint32_t),
                               uint32_t arg, char **out, size_t *size)
{
    csvc_training_report *rep = NULL;
    csvc_status rc = csvc_training_report_new(t, at, &rep);
    if (rc != CSVC_OK)
        return rc;
    cs_strbuf sb;
    cs_strbuf_init(&sb, &t->alloc);
    cs_strbuf_puts(&sb, status_header);
    size_t n = csvc_training_report_item_count(rep);
    for (size_t i = 0; i < n; i++) {
        csvc_item_status st;
        csvc_training_report_item(rep, i, &st);
        if (keep(&st, at, arg))
            put_status_row(t, &sb, cs_training_report_agent(rep, i), &st);
    }
    csvc_training_report_free(rep);
    return cs_training_hand_over(&sb, fn, out, size);
}

static int in_states(const csvc_item_status *st, int64_t at, uint32_t states)
{
    (void)at;
    return !states || (states & (1u << st->state));
}

static int ending_within(const csvc_item_status *st, int64_t at, uint32_t days)
{
    return st->valid_until != CSVC_TIME_NONE && st->valid_until > at &&
           st->valid_until - at <= (int64_t)days * 86400;
}

csvc_status csvc_training_export_status_csv(const csvc_training *t, int64_t at, uint32_t states,
                                            char **out, size_t *size)
{
    static const char fn[] = "training_export_status_csv";
    if (!t || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn, t ? "out" : "training");
    return status_rows(t, fn, at, in_states, states, out, size);
}

csvc_status csvc_training_expiring_csv(const csvc_training *t, int64_t at, int32_t days,
                                       char **out, size_t *size)
{
    static const char fn[] = "training_expiring_csv";
    if (!t || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn, t ? "out" : "training");
    if (days < 0 || days > 3650)
        return cs_fail(NULL, CSVC_E_RANGE, "%s: days %d outside 0..3650", fn, (int)days);
    return status_rows(t, fn, at, ending_within, (uint32_t)days, out, size);
}

csvc_status csvc_training_reminders_csv(const csvc_training *t, int64_t day, char **out,
                                        size_t *size)
{
    static const char fn[] = "training_reminders_csv";
    if (!t || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn, t ? "out" : "training");
    if (!cs_training_time_ok(day))
        return cs_fail(NULL, CSVC_E_RANGE, "%s: time %" PRId64 " is outside years 1..9999", fn,
                       day);
    cs_strbuf sb;
    cs_strbuf_init(&sb, &t->alloc);
    cs_strbuf_puts(&sb, "agent_id,requirement_id,course_id,horizon,valid_until\n");
    size_t n = csvc_roster_agent_count(t->roster), nreq = t->requirement_ids.count;
    for (uint32_t a = 0; a < n; a++) {
        /* The agent's local day, and the status at its local midnight: one
         * ending later that day still counts. */
        int32_t offset = cs_training_agent_offset(t, a);
        int64_t today = cs_training_local_day(offset, day), at = today * 86400 - offset;
        if (!cs_training_counted(t, a, at))
            continue;
        for (uint32_t q = 0; q < nreq; q++) {
            if (!cs_training_applies(t, &t->requirements[q], a))
                continue;
            csvc_item_status st;
            cs_training_status_at(t, q, a, at, &st);
            if (st.valid_until == CSVC_TIME_NONE || st.state == CSVC_ITEM_EXPIRED)
                continue;
            int64_t left = cs_training_local_day(offset, st.valid_until) - today;
            for (int h = 0; h < 8 && t->horizons[h]; h++) {
                if (left != t->horizons[h])
                    continue;
                cs_strbuf_csv_field(&sb, st.agent_id);
                cs_strbuf_putc(&sb, ',');
                cs_strbuf_csv_field(&sb, st.requirement_id);
                cs_strbuf_putc(&sb, ',');
                cs_strbuf_csv_field(&sb, st.course_id);
                cs_strbuf_printf(&sb, ",%d,", (int)t->horizons[h]);
                put_time(offset, &sb, st.valid_until);
                cs_strbuf_putc(&sb, '\n');
            }
        }
    }
    return cs_training_hand_over(&sb, fn, out, size);
}
