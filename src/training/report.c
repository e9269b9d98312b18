/* The status report: every item of every counted agent in one pass. Each
 * agent's completions are read once into the newest pass per course, so
 * an item costs O(1) whatever the agent's history. */
#include "training_internal.h"

#include "strbuf.h"

#include <string.h>

typedef struct cs_report_item {
    int64_t due, completed, valid_until;
    uint32_t agent, requirement;
    uint8_t state;
    int16_t horizon;
} cs_report_item;

struct csvc_training_report {
    cs_alloc alloc;
    const csvc_training *t;
    int64_t at;
    cs_report_item *items;
    size_t nitems, cap;
    size_t *team_covered, *team_active; /* per roster team */
    size_t nteams, covered, active;
    size_t states[CSVC_ITEM_OVERDUE + 1];
};

static csvc_status add_agent(csvc_training_report *rep, uint32_t a, int64_t at, int64_t *last)
{
    const csvc_training *t = rep->t;
    size_t nreq = t->requirement_ids.count;
    if (cs_grow(&rep->alloc, (void **)&rep->items, &rep->cap, rep->nitems + nreq,
                sizeof *rep->items))
        return cs_fail(NULL, CSVC_E_NOMEM, "training_report: out of memory");
    int ok = 1;
    for (uint32_t q = 0; q < nreq; q++) {
        const cs_requirement *r = &t->requirements[q];
        if (!cs_training_applies(t, r, a))
            continue;
        csvc_item_status st;
        cs_training_item(t, q, a, at, last[r->course], &st);
        rep->items[rep->nitems++] = (cs_report_item){st.due,  st.completed, st.valid_until, a, q,
                                                     (uint8_t)st.state, (int16_t)st.horizon};
        rep->states[st.state]++;
        ok &= st.state <= CSVC_ITEM_EXPIRING;
    }
    uint32_t team = cs_roster_agent_team(t->roster, a);
    rep->team_active[team]++;
    rep->team_covered[team] += (size_t)ok;
    rep->active++;
    rep->covered += (size_t)ok;
    return CSVC_OK;
}

static csvc_status build(csvc_training_report *rep, int64_t at)
{
    const csvc_training *t = rep->t;
    size_t ncourses = t->course_ids.count, nagents = csvc_roster_agent_count(t->roster);
    int64_t *last = cs_malloc(&rep->alloc, (ncourses ? ncourses : 1) * sizeof *last);
    if (!last)
        return cs_fail(NULL, CSVC_E_NOMEM, "training_report: out of memory");
    for (size_t c = 0; c < ncourses; c++)
        last[c] = CSVC_TIME_NONE;
    csvc_status rc = CSVC_OK;
    for (uint32_t a = 0; a < nagents && rc == CSVC_OK; a++) {
        if (!cs_training_counted(t, a, at))
            continue;
        uint32_t first = a < t->cap_agents ? t->first[a] : CS_NONE;
        for (uint32_t i = first; i != CS_NONE && t->completions[i].time <= at;
             i = t->completions[i].next)
            if (t->completions[i].passed)
                last[t->completions[i].course] = t->completions[i].time; /* time order */
        rc = add_agent(rep, a, at, last);
        for (uint32_t i = first; i != CS_NONE; i = t->completions[i].next)
            last[t->completions[i].course] = CSVC_TIME_NONE;
    }
    cs_free(&rep->alloc, last);
    return rc;
}

csvc_status csvc_training_report_new(const csvc_training *t, int64_t at,
                                     csvc_training_report **out)
{
    if (!t || !out)
        return cs_fail(NULL, CSVC_E_NULL, "training_report_new: %s is NULL",
                       t ? "out" : "training");
    if (!cs_training_time_ok(at))
        return cs_fail(NULL, CSVC_E_RANGE,
                       "training_report_new: the time is outside years 1..9999");
    csvc_training_report *rep = cs_calloc(&t->alloc, 1, sizeof *rep);
    if (!rep)
        return cs_fail(NULL, CSVC_E_NOMEM, "training_report_new: out of memory");
    rep->alloc = t->alloc;
    rep->t = t;
    rep->at = at;
    rep->nteams = csvc_roster_team_count(t->roster);
    rep->team_covered = cs_calloc(&rep->alloc, rep->nteams ? rep->nteams : 1, sizeof(size_t));
    rep->team_active = cs_calloc(&rep->alloc, rep->nteams ? rep->nteams : 1, sizeof(size_t));
    csvc_status rc = rep->team_covered && rep->team_active
                         ? build(rep, at)
                         : cs_fail(NULL, CSVC_E_NOMEM, "training_report_new: out of memory");
    if (rc != CSVC_OK) {
        csvc_training_report_free(rep);
        return rc;
    }
    *out = rep;
    return CSVC_OK;
}

void csvc_training_report_free(csvc_training_report *rep)
{
    if (!rep)
        return;
    cs_free(&rep->alloc, rep->items);
    cs_free(&rep->alloc, rep->team_covered);
    cs_free(&rep->alloc, rep->team_active);
    cs_alloc copy = rep->alloc;
    cs_free(&copy, rep);
}

size_t csvc_training_report_item_count(const csvc_training_report *rep)
{
    return rep ? rep->nitems : 0;
}

csvc_status csvc_training_report_item(const csvc_training_report *rep, size_t i,
                                      csvc_item_status *out)
{
    if (!rep || !out)
        return cs_fail(NULL, CSVC_E_NULL, "training_report_item: %s is NULL",
                       rep ? "out" : "report");
    if (i >= rep->nitems)
        return cs_fail(NULL, CSVC_E_RANGE, "training_report_item: index %zu of %zu items", i,
                       rep->nitems);
    const cs_report_item *x = &rep->items[i];
    const csvc_training *t = rep->t;
    *out = (csvc_item_status){CSVC_ITEM_STATUS_VERSION,
                              cs_roster_agent_id(t->roster, x->agent),
                              cs_strpool_get(&t->requirement_ids, x->requirement),
                              cs_strpool_get(&t->course_ids, t->requirements[x->requirement].course),
                              (csvc_item_state)x->state,
                              x->due,
                              x->completed,
                              x->valid_until,
                              x->horizon};
    return CSVC_OK;
}

uint32_t cs_training_report_agent(const csvc_training_report *rep, size_t i)
{
    return rep->items[i].agent;
}

size_t csvc_training_report_state_count(const csvc_training_report *rep, csvc_item_state state)
{
    return rep && (unsigned)state <= CSVC_ITEM_OVERDUE ? rep->states[state] : 0;
}

csvc_status csvc_training_report_coverage(const csvc_training_report *rep, const char *team_id,
                                          size_t *covered, size_t *active)
{
    if (!rep || !covered || !active)
        return cs_fail(NULL, CSVC_E_NULL, "training_report_coverage: %s is NULL",
                       !rep ? "report" : !covered ? "covered" : "active");
    if (!team_id) {
        *covered = rep->covered;
        *active = rep->active;
        return CSVC_OK;
    }
    uint32_t team = cs_roster_find_team(rep->t->roster, team_id);
    if (team == CS_NONE || team >= rep->nteams)
        return cs_fail(NULL, CSVC_E_NOTFOUND, "training_report_coverage: team '%.64s' not found",
                       team_id);
    *covered = rep->team_covered[team];
    *active = rep->team_active[team];
    return CSVC_OK;
}

/* ---- JSON ------------------------------------------------------------------------- */

static void json_time(int32_t offset, cs_strbuf *sb, int64_t time)
{
    if (time == CSVC_TIME_NONE) {
        cs_strbuf_puts(sb, "null");
        return;
    }
    char buf[40];
    cs_training_format_time(offset, time, buf, sizeof buf);
    cs_strbuf_printf(sb, "\"%s\"", buf);
}

static void json_coverage(cs_strbuf *sb, size_t covered, size_t active)
{
    cs_strbuf_printf(sb, "{\"covered\":%zu,\"active\":%zu,\"rate\":", covered, active);
    if (active)
        cs_strbuf_printf(sb, "%.6f}", (double)covered / (double)active);
    else
        cs_strbuf_puts(sb, "null}");
}

csvc_status csvc_training_report_export_json_buffer(const csvc_training_report *rep, char **out,
                                                    size_t *size)
{
    static const char fn[] = "training_report_export_json";
    if (!rep || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn, rep ? "out" : "report");
    const csvc_training *t = rep->t;
    cs_strbuf sb;
    cs_strbuf_init(&sb, &rep->alloc);
    cs_strbuf_puts(&sb, "{\"at\":");
    json_time(t->utc_offset, &sb, rep->at);
    cs_strbuf_puts(&sb, ",\"coverage\":{\"desk\":");
    json_coverage(&sb, rep->covered, rep->active);
    cs_strbuf_puts(&sb, ",\"teams\":{");
    for (size_t i = 0, n = 0; i < rep->nteams; i++) {
        if (!rep->team_active[i])
            continue;
        if (n++)
            cs_strbuf_putc(&sb, ',');
        cs_strbuf_json_string(&sb, cs_roster_team_id(t->roster, (uint32_t)i));
        cs_strbuf_putc(&sb, ':');
        json_coverage(&sb, rep->team_covered[i], rep->team_active[i]);
    }
    cs_strbuf_puts(&sb, "}},\"states\":{");
    for (int k = 0; k <= CSVC_ITEM_OVERDUE; k++)
        cs_strbuf_printf(&sb, "%s\"%s\":%zu", k ? "," : "",
                         csvc_item_state_name((csvc_item_state)k), rep->states[k]);
    cs_strbuf_puts(&sb, "},\"items\":[");
    for (size_t i = 0; i < rep->nitems; i++) {
        csvc_item_status st;
        csvc_training_report_item(rep, i, &st);
        int32_t offset = cs_training_agent_offset(t, rep->items[i].agent);
        cs_strbuf_puts(&sb, i ? ",{\"agent_id\":" : "{\"agent_id\":");
        cs_strbuf_json_string(&sb, st.agent_id);
        cs_strbuf_puts(&sb, ",\"requirement_id\":");
        cs_strbuf_json_string(&sb, st.requirement_id);
        cs_strbuf_puts(&sb, ",\"course_id\":");
        cs_strbuf_json_string(&sb, st.course_id);
        cs_strbuf_printf(&sb, ",\"state\":\"%s\",\"due\":", csvc_item_state_name(st.state));
        json_time(offset, &sb, st.due);
        cs_strbuf_puts(&sb, ",\"completed\":");
        json_time(offset, &sb, st.completed);
        cs_strbuf_puts(&sb, ",\"valid_until\":");
        json_time(offset, &sb, st.valid_until);
        cs_strbuf_printf(&sb, ",\"horizon\":%d}", (int)st.horizon);
    }
    cs_strbuf_puts(&sb, "]}\n");
    return cs_training_hand_over(&sb, fn, out, size);
}
