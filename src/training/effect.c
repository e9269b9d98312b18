/* Effectiveness (Kirkpatrick): L1 satisfaction and L2 learning gain and
 * pass rate of a course or a session; L3/L4 the change in KPI scores. */
#include "training_internal.h"

#include <math.h>
#include <string.h>

typedef struct sums {
    size_t completions, passed, n_sat, n_gain;
    double sat, gain;
} sums;

static void add(sums *s, const cs_completion *c)
{
    s->completions++;
    s->passed += c->passed;
    if (c->satisfaction >= 1) {
        s->n_sat++;
        s->sat += c->satisfaction;
    }
    if (c->pre >= 0 && c->post >= 0) {
        s->n_gain++;
        s->gain += c->post - c->pre;
    }
}

static void finish(const sums *s, csvc_training_effect *out)
{
    out->version = CSVC_TRAINING_EFFECT_VERSION;
    out->completions = s->completions;
    out->passed = s->passed;
    out->pass_rate = s->completions ? (double)s->passed / (double)s->completions : NAN;
    out->n_satisfaction = s->n_sat;
    out->satisfaction = s->n_sat ? s->sat / (double)s->n_sat : NAN;
    out->n_gain = s->n_gain;
    out->gain = s->n_gain ? s->gain / (double)s->n_gain : NAN;
}

csvc_status csvc_training_course_effect(const csvc_training *t, const char *course_id,
                                        const csvc_period *period, csvc_training_effect *out)
{
    static const char fn[] = "training_course_effect";
    if (!t || !course_id || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !t ? "training" : !course_id ? "course_id" : "out");
    uint32_t course = cs_strpool_find(&t->course_ids, course_id);
    if (course == CS_NONE)
        return cs_fail(NULL, CSVC_E_NOTFOUND, "%s: course '%.64s' not found", fn, course_id);
    if (period && period->end <= period->start)
        return cs_fail(NULL, CSVC_E_RANGE, "%s: the period is empty", fn);
    sums s;
    memset(&s, 0, sizeof s);
    for (size_t i = 0; i < t->ncompletions; i++) {
        const cs_completion *c = &t->completions[i];
        if (c->course == course &&
            (!period || (c->time >= period->start && c->time < period->end)))
            add(&s, c);
    }
    memset(out, 0, sizeof *out);
    finish(&s, out);
    return CSVC_OK;
}

csvc_status csvc_training_session_effect(const csvc_training *t, const char *session_id,
                                         csvc_training_effect *out)
{
    static const char fn[] = "training_session_effect";
    if (!t || !session_id || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !t ? "training" : !session_id ? "session_id" : "out");
    uint32_t si = cs_strpool_find(&t->session_ids, session_id);
    if (si == CS_NONE)
        return cs_fail(NULL, CSVC_E_NOTFOUND, "%s: session '%.64s' not found", fn, session_id);
    sums s;
    memset(&s, 0, sizeof s);
    for (size_t i = 0; i < t->ncompletions; i++)
        if (t->completions[i].session == si)
            add(&s, &t->completions[i]);
    memset(out, 0, sizeof *out);
    finish(&s, out);
    const cs_session *ss = &t->sessions[si];
    out->enrolled = ss->nseats;
    for (size_t i = 0; i < ss->nseats; i++)
        out->attended += ss->seats[i].state == CS_SEAT_ATTENDED;
    return CSVC_OK;
}

static int scored(const csvc_kpi_results *r, const char *agent, csvc_kpi_agent_result *out)
{
    size_t index;
    out->version = CSVC_KPI_AGENT_RESULT_VERSION;
    return csvc_kpi_results_find_agent(r, agent, &index) == CSVC_OK &&
           csvc_kpi_results_agent(r, index, out) == CSVC_OK;
}

csvc_status csvc_training_kpi_effect_of(const csvc_training *t, const char *course_id,
                                        const csvc_kpi_results *before,
                                        const csvc_period *before_period,
                                        const csvc_kpi_results *after,
                                        const csvc_period *after_period,
                                        csvc_training_kpi_effect *out)
{
    static const char fn[] = "training_kpi_effect";
    if (!t || !course_id || !before || !before_period || !after || !after_period || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: an argument is NULL", fn);
    uint32_t course = cs_strpool_find(&t->course_ids, course_id);
    if (course == CS_NONE)
        return cs_fail(NULL, CSVC_E_NOTFOUND, "%s: course '%.64s' not found", fn, course_id);
    if (after_period->end <= before_period->end)
        return cs_fail(NULL, CSVC_E_RANGE, "%s: the review after ends before the review before",
                       fn);
    const cs_course *k = &t->courses[course];
    double sum[CSVC_KPI_DIMENSION_COUNT] = {0}, composite = 0;
    size_t n[CSVC_KPI_DIMENSION_COUNT] = {0}, agents = 0, n_composite = 0;
    size_t nagents = csvc_roster_agent_count(t->roster);
    for (uint32_t a = 0; a < nagents && a < t->cap_agents; a++) {
        int took = 0;
        for (uint32_t i = t->first[a]; i != CS_NONE && !took; i = t->completions[i].next) {
            const cs_completion *c = &t->completions[i];
            took = c->course == course && c->passed && c->time >= before_period->end &&
                   c->time < after_period->end;
        }
        csvc_kpi_agent_result b, f;
        const char *id = cs_roster_agent_id(t->roster, a);
        if (!took || !scored(before, id, &b) || !scored(after, id, &f))
            continue;
        agents++;
        for (int d = 0; d < CSVC_KPI_DIMENSION_COUNT; d++)
            if ((k->dimensions >> d & 1u) && !isnan(b.dimensions[d]) && !isnan(f.dimensions[d])) {
                sum[d] += f.dimensions[d] - b.dimensions[d];
                n[d]++;
            }
        if (!isnan(b.composite) && !isnan(f.composite)) {
            composite += f.composite - b.composite;
            n_composite++;
        }
    }
    out->version = CSVC_TRAINING_KPI_EFFECT_VERSION;
    out->agents = agents;
    for (int d = 0; d < CSVC_KPI_DIMENSION_COUNT; d++)
        out->dimensions[d] = n[d] ? sum[d] / (double)n[d] : NAN;
    out->composite = n_composite ? composite / (double)n_composite : NAN;
    return CSVC_OK;
}
