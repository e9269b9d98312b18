/* Transcripts and training hours. */
#include "training_internal.h"

#include <string.h>

static csvc_status check(const csvc_training *t, const char *fn, const char *agent_id,
                         const csvc_period *period, uint32_t *agent)
{
    *agent = CS_NONE;
    if (agent_id && (*agent = cs_roster_find_agent(t->roster, agent_id)) == CS_NONE)
        return cs_fail(NULL, CSVC_E_NOTFOUND, "%s: agent '%.64s' not found", fn, agent_id);
    if (period && period->end <= period->start)
        return cs_fail(NULL, CSVC_E_RANGE, "%s: the period is empty", fn);
    return CSVC_OK;
}

static int in_period(const csvc_period *p, int64_t t)
{
    return !p || (t >= p->start && t < p->end);
}

static void put_score(cs_strbuf *sb, int v)
{
    if (v >= 0)
        cs_strbuf_printf(sb, "%d", v);
}

static void put_row(const csvc_training *t, cs_strbuf *sb, const cs_completion *c)
{
    const cs_course *k = &t->courses[c->course];
    char when[40];
    cs_training_format_time(cs_training_agent_offset(t, c->agent), c->time, when, sizeof when);
    cs_strbuf_csv_field(sb, cs_roster_agent_id(t->roster, c->agent));
    cs_strbuf_putc(sb, ',');
    cs_strbuf_csv_field(sb, cs_strpool_get(&t->course_ids, c->course));
    cs_strbuf_putc(sb, ',');
    cs_strbuf_csv_field(sb, k->title);
    cs_strbuf_printf(sb, ",%s,", when);
    if (c->session != CS_NONE)
        cs_strbuf_csv_field(sb, cs_strpool_get(&t->session_ids, c->session));
    cs_strbuf_putc(sb, ',');
    put_score(sb, c->pre);
    cs_strbuf_putc(sb, ',');
    put_score(sb, c->post);
    cs_strbuf_printf(sb, ",%d,", c->passed);
    put_score(sb, c->satisfaction);
    cs_strbuf_printf(sb, ",%d\n", (int)k->minutes);
}

static void json_score(cs_strbuf *sb, const char *key, int v)
{
    if (v >= 0)
        cs_strbuf_printf(sb, ",\"%s\":%d", key, v);
    else
        cs_strbuf_printf(sb, ",\"%s\":null", key);
}

static void put_json(const csvc_training *t, cs_strbuf *sb, const cs_completion *c, int first)
{
    const cs_course *k = &t->courses[c->course];
    char when[40];
    cs_training_format_time(cs_training_agent_offset(t, c->agent), c->time, when, sizeof when);
    cs_strbuf_puts(sb, first ? "{\"agent_id\":" : ",{\"agent_id\":");
    cs_strbuf_json_string(sb, cs_roster_agent_id(t->roster, c->agent));
    cs_strbuf_puts(sb, ",\"course_id\":");
    cs_strbuf_json_string(sb, cs_strpool_get(&t->course_ids, c->course));
    cs_strbuf_puts(sb, ",\"title\":");
    cs_strbuf_json_string(sb, k->title);
    cs_strbuf_printf(sb, ",\"time\":\"%s\",\"session_id\":", when);
    if (c->session != CS_NONE)
        cs_strbuf_json_string(sb, cs_strpool_get(&t->session_ids, c->session));
    else
        cs_strbuf_puts(sb, "null");
    json_score(sb, "pre", c->pre);
    json_score(sb, "post", c->post);
    cs_strbuf_printf(sb, ",\"passed\":%s", c->passed ? "true" : "false");
    json_score(sb, "satisfaction", c->satisfaction);
    cs_strbuf_printf(sb, ",\"minutes\":%d}", (int)k->minutes);
}

static csvc_status transcript(const csvc_training *t, const char *fn, const char *agent_id,
                              const csvc_period *period, int json, char **out, size_t *size)
{
    if (!t || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn, t ? "out" : "training");
    uint32_t only;
    csvc_status rc = check(t, fn, agent_id, period, &only);
    if (rc != CSVC_OK)
        return rc;
    cs_strbuf sb;
    cs_strbuf_init(&sb, &t->alloc);
    cs_strbuf_puts(&sb, json ? "[" : "agent_id,course_id,title,time,session_id,pre,post,passed,"
                                     "satisfaction,minutes\n");
    size_t n = csvc_roster_agent_count(t->roster), rows = 0;
    for (uint32_t a = only == CS_NONE ? 0 : only; a < n && a < t->cap_agents; a++) {
        for (uint32_t i = t->first[a]; i != CS_NONE; i = t->completions[i].next) {
            if (!in_period(period, t->completions[i].time))
                continue;
            if (json)
                put_json(t, &sb, &t->completions[i], rows == 0);
            else
                put_row(t, &sb, &t->completions[i]);
            rows++;
        }
        if (only != CS_NONE)
            break;
    }
    if (json)
        cs_strbuf_puts(&sb, "]\n");
    return cs_training_hand_over(&sb, fn, out, size);
}

csvc_status csvc_training_transcript_csv(const csvc_training *t, const char *agent_id,
                                         const csvc_period *period, char **out, size_t *size)
{
    return transcript(t, "training_transcript_csv", agent_id, period, 0, out, size);
}

csvc_status csvc_training_transcript_json(const csvc_training *t, const char *agent_id,
                                          const csvc_period *period, char **out, size_t *size)
{
    return transcript(t, "training_transcript_json", agent_id, period, 1, out, size);
}

csvc_status csvc_training_hours(const csvc_training *t, const char *agent_id,
                                const csvc_period *period, double *out)
{
    static const char fn[] = "training_hours";
    if (!t || !agent_id || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !t ? "training" : !agent_id ? "agent_id" : "out");
    uint32_t agent;
    csvc_status rc = check(t, fn, agent_id, period, &agent);
    if (rc != CSVC_OK)
        return rc;
    int64_t minutes = 0;
    if (agent < t->cap_agents)
        for (uint32_t i = t->first[agent]; i != CS_NONE; i = t->completions[i].next)
            if (in_period(period, t->completions[i].time))
                minutes += t->courses[t->completions[i].course].minutes;
    *out = (double)minutes / 60.0;
    return CSVC_OK;
}
