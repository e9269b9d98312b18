/* Inputs from the other engines: the roster's agents, the KPI results'
 * scores and the desk's metrics of the period, under documented names. */
#include "incentive_internal.h"

#include "csvc/desk.h"
#include "csvc/kpi.h"
#include "csvc/roster.h"
#include "civil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const dimension_names[CSVC_KPI_DIMENSION_COUNT] = {
    "kpi.quality", "kpi.efficiency", "kpi.skill", "kpi.teamwork", "kpi.innovation"};

/* Sets a metric unless its value is NaN (no value). */
static csvc_status put(csvc_incentive_inputs *in, const char *agent, const char *team,
                       const char *metric, double v)
{
    if (isnan(v))
        return CSVC_OK;
    return team ? csvc_incentive_inputs_set_team(in, team, metric, v)
                : csvc_incentive_inputs_set(in, agent, metric, v);
}

/* The desk metrics under their names (desk.h's csvc_metrics fields). */
static csvc_status put_metrics(csvc_incentive_inputs *in, const char *agent, const char *team,
                               const csvc_metrics *m)
{
    const struct {
        const char *name;
        double value;
    } fields[] = {
        {"handled", (double)m->handled},
        {"resolved", (double)m->resolved},
        {"resolution_rate", m->resolution_rate},
        {"fcr", m->fcr},
        {"first_response_median", m->first_response_median},
        {"first_response_p90", m->first_response_p90},
        {"resolution_median", m->resolution_median},
        {"sla_due", (double)m->sla_due},
        {"sla_breaches", (double)(m->sla_due - m->sla_met)},
        {"sla_compliance", m->sla_compliance},
        {"reopened", (double)m->reopened},
        {"csat_count", (double)m->csat_count},
        {"csat_share", m->csat},
        {"csat_mean", m->csat_mean},
        {"complaints", (double)m->complaints},
        {"complaint_rate", m->complaint_rate},
        {"escalations", (double)m->escalations},
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        csvc_status rc = put(in, agent, team, fields[i].name, fields[i].value);
        if (rc != CSVC_OK)
            return rc;
    }
    return CSVC_OK;
}

static csvc_status add_agents(csvc_incentive_inputs *in, const csvc_roster *roster,
                              const csvc_period *period)
{
    size_t n = csvc_roster_agent_count(roster);
    for (size_t i = 0; i < n; i++) {
        csvc_agent_info info = CSVC_AGENT_INFO_INIT;
        csvc_status rc = csvc_roster_agent_at(roster, i, &info);
        int64_t left;
        csvc_separation_reason why;
        if (rc == CSVC_OK)
            rc = csvc_roster_agent_separation(roster, info.id, &left, &why);
        if (rc != CSVC_OK)
            return rc;
        int gone_before = left != CSVC_TIME_NONE && left <= period->start;
        if (info.hire_date >= period->end || gone_before)
            continue; /* not employed in the period */
        csvc_incentive_agent a = CSVC_INCENTIVE_AGENT_INIT;
        a.agent_id = info.id;
        a.team_id = info.team_id;
        a.base_pay = info.base_pay;
        a.currency = info.currency;
        a.hire_date = info.hire_date;
        /* Active on the period's last day: not separated by its end. */
        a.active_at_end = left == CSVC_TIME_NONE ? info.active : left >= period->end;
        if ((rc = csvc_incentive_inputs_add_agent(in, &a)) != CSVC_OK)
            return rc;
        int64_t t = period->end - info.hire_date;
        double tenure = (double)(t / CS_DAY_SECONDS - (t < 0 && t % CS_DAY_SECONDS));
        if ((rc = put(in, info.id, NULL, "tenure_days", tenure)) != CSVC_OK)
            return rc;
    }
    return CSVC_OK;
}

static csvc_status add_kpi(csvc_incentive_inputs *in, const csvc_kpi_results *results)
{
    size_t n = csvc_kpi_results_agent_count(results);
    for (size_t i = 0; i < n; i++) {
        csvc_kpi_agent_result r;
        memset(&r, 0, sizeof r);
        r.version = CSVC_KPI_AGENT_RESULT_VERSION;
        csvc_status rc = csvc_kpi_results_agent(results, i, &r);
        if (rc != CSVC_OK)
            return rc;
        if (cs_strpool_find(&in->agents, r.agent_id) == CS_NONE)
            continue; /* scored, but not employed in the period */
        if ((rc = put(in, r.agent_id, NULL, "composite", r.composite)) != CSVC_OK ||
            (rc = put(in, r.agent_id, NULL, "grade", r.grade ? r.grade : NAN)) != CSVC_OK ||
            (rc = put(in, r.agent_id, NULL, "rank_team", r.rank_team ? r.rank_team : NAN)) !=
                CSVC_OK ||
            (rc = put(in, r.agent_id, NULL, "rank_desk", r.rank_desk ? r.rank_desk : NAN)) !=
                CSVC_OK ||
            (rc = put(in, r.agent_id, NULL, "percentile_desk", r.percentile_desk)) != CSVC_OK)
            return rc;
        for (int d = 0; d < CSVC_KPI_DIMENSION_COUNT; d++)
            if ((rc = put(in, r.agent_id, NULL, dimension_names[d], r.dimensions[d])) != CSVC_OK)
                return rc;
    }
    return CSVC_OK;
}

static csvc_status add_desk(csvc_incentive_inputs *in, const csvc_roster *roster,
                            const csvc_desk *desk, const csvc_period *period)
{
    size_t n = csvc_roster_agent_count(roster);
    csvc_metrics *m = cs_calloc(&in->alloc, n ? n : 1, sizeof *m);
    if (!m)
        return cs_fail(&in->err, CSVC_E_NOMEM, "inputs_from_engines: out of memory");
    for (size_t i = 0; i < n; i++)
        m[i].version = CSVC_METRICS_VERSION;
    csvc_status rc = csvc_desk_metrics_all_agents(desk, period, m, n);
    for (size_t i = 0; i < n && rc == CSVC_OK; i++) {
        csvc_agent_info info = CSVC_AGENT_INFO_INIT;
        if ((rc = csvc_roster_agent_at(roster, i, &info)) == CSVC_OK &&
            cs_strpool_find(&in->agents, info.id) != CS_NONE)
            rc = put_metrics(in, info.id, NULL, &m[i]);
    }
    cs_free(&in->alloc, m);
    size_t nteams = csvc_roster_team_count(roster);
    for (size_t t = 0; t < nteams && rc == CSVC_OK; t++) {
        csvc_team_info team = CSVC_TEAM_INFO_INIT;
        csvc_metrics tm;
        memset(&tm, 0, sizeof tm);
        tm.version = CSVC_METRICS_VERSION;
        if ((rc = csvc_roster_team_at(roster, t, &team)) != CSVC_OK)
            break;
        if (cs_strpool_find(&in->teams, team.id) == CS_NONE)
            continue; /* no agent of the team is in the inputs */
        if ((rc = csvc_desk_metrics(desk, CSVC_SCOPE_TEAM, team.id, period, &tm)) == CSVC_OK)
            rc = put_metrics(in, NULL, team.id, &tm);
    }
    return rc;
}

csvc_status csvc_incentive_inputs_from_engines(csvc_incentive_inputs *in,
                                               const csvc_roster *roster,
                                               const csvc_kpi_results *results,
                                               const csvc_desk *desk, const csvc_period *period)
{
    if (!in || !roster || !period)
        return cs_fail(in ? &in->err : NULL, CSVC_E_NULL, "inputs_from_engines: %s is NULL",
                       !in ? "inputs" : !roster ? "roster" : "period");
    if (in->agents.count)
        return cs_fail(&in->err, CSVC_E_BUSY,
                       "inputs_from_engines: the inputs already hold agents (start empty)");
    if (period->end <= period->start)
        return cs_fail(&in->err, CSVC_E_RANGE, "inputs_from_engines: the period is empty");
    csvc_status rc = add_agents(in, roster, period);
    if (rc == CSVC_OK && results)
        rc = add_kpi(in, results);
    if (rc == CSVC_OK && desk)
        rc = add_desk(in, roster, desk, period);
    if (rc != CSVC_OK) {
        /* All or nothing: back to the empty table it was. */
        char msg[CS_ERRMSG_MAX];
        snprintf(msg, sizeof msg, "%s", csvc_last_errmsg());
        cs_inc_inputs_clear(in);
        return cs_fail(&in->err, rc, "inputs_from_engines: %s", msg);
    }
    return CSVC_OK;
}
