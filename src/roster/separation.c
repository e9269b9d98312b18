/* Separations and attrition (roster.h): who left when and why, and the
 * rate at which a team loses people. */
#include "enum_names.h"
#include "roster_internal.h"
#include "version_check.h"

#include <math.h>
#include <string.h>

#define DAY_SECONDS 86400

static const char *const reason_names[] = {"none", "resigned", "dismissed", "transferred_out",
                                           "other"};
static const cs_enum_names reasons = CS_ENUM_NAMES("separation reason", reason_names);
CS_DEFINE_ENUM_NAMES(csvc_separation_reason, csvc_separation_reason, reasons)

csvc_status cs_roster_check_separation(cs_errbuf *err, const char *id, int64_t hire_date,
                                       int64_t date, int reason)
{
    if (reason < CSVC_SEPARATION_NONE || reason > CSVC_SEPARATION_OTHER)
        return cs_fail(err, CSVC_E_INVALID, "agent '%.64s': separation reason %d unknown", id,
                       reason);
    if ((date == CSVC_TIME_NONE) != (reason == CSVC_SEPARATION_NONE))
        return cs_fail(err, CSVC_E_INVALID,
                       date == CSVC_TIME_NONE
                           ? "agent '%.64s': a separation reason needs a separation date"
                           : "agent '%.64s': a separation date needs a reason",
                       id);
    if (date == CSVC_TIME_NONE)
        return CSVC_OK;
    if (date % DAY_SECONDS != 0)
        return cs_fail(err, CSVC_E_RANGE,
                       "agent '%.64s': separation date %lld is not a midnight UTC", id,
                       (long long)date);
    if (date < hire_date)
        return cs_fail(err, CSVC_E_RANGE,
                       "agent '%.64s': separated (%lld) before being hired (%lld)", id,
                       (long long)date, (long long)hire_date);
    return CSVC_OK;
}

void cs_roster_set_separation(csvc_roster *r, uint32_t agent, int64_t date, int reason)
{
    r->agents[agent].separation_date = date;
    r->agents[agent].separation_reason = (uint8_t)reason;
}

void cs_roster_agent_separation_at(const csvc_roster *r, uint32_t agent, int64_t *date,
                                   int *reason)
{
    *date = r->agents[agent].separation_date;
    *reason = r->agents[agent].separation_reason;
}

int cs_roster_agent_active_in(const csvc_roster *r, uint32_t agent, int64_t period_start)
{
    const cs_agent *a = &r->agents[agent];
    return a->active &&
           !(a->separation_date != CSVC_TIME_NONE && a->separation_date <= period_start);
}

static csvc_status separate_agent(csvc_roster *r, const char *id, int64_t date, int reason)
{
    uint32_t index = cs_roster_find_agent(r, id);
    if (index == CS_NONE)
        return cs_fail(&r->err, CSVC_E_NOTFOUND, "agent '%.64s': not found", id);
    cs_agent *a = &r->agents[index];
    csvc_status rc = cs_roster_check_separation(&r->err, a->id, a->hire_date, date, reason);
    if (rc != CSVC_OK)
        return rc;
    cs_agent was = *a;
    cs_roster_set_separation(r, index, date, reason);
    if (date != CSVC_TIME_NONE)
        a->active = 0;
    if ((rc = cs_roster_notify(r, CSVC_ROSTER_AGENT_UPDATED, a->id, a->id)) != CSVC_OK)
        *a = was;
    return rc;
}

csvc_status csvc_roster_separate_agent(csvc_roster *r, const char *id, int64_t date,
                                       csvc_separation_reason reason)
{
    if (!r || !id)
        return cs_fail(r ? &r->err : NULL, CSVC_E_NULL, "separate_agent: %s is NULL",
                       r ? "id" : "roster");
    csvc_status rc = cs_roster_begin_change(r, "separate_agent");
    return rc != CSVC_OK ? rc : cs_roster_end_change(r, separate_agent(r, id, date, (int)reason));
}

csvc_status csvc_roster_agent_separation(const csvc_roster *r, const char *id, int64_t *date,
                                         csvc_separation_reason *reason)
{
    if (!r || !id || !date || !reason)
        return cs_fail(r ? (cs_errbuf *)&r->err : NULL, CSVC_E_NULL,
                       "agent_separation: %s is NULL",
                       !r ? "roster" : !id ? "id" : !date ? "date" : "reason");
    uint32_t index = cs_roster_find_agent(r, id);
    if (index == CS_NONE)
        return cs_fail((cs_errbuf *)&r->err, CSVC_E_NOTFOUND, "agent '%.64s': not found", id);
    *date = r->agents[index].separation_date;
    *reason = (csvc_separation_reason)r->agents[index].separation_reason;
    return CSVC_OK;
}

csvc_status csvc_roster_attrition(const csvc_roster *r, const char *team_id,
                                  const csvc_period *period, csvc_attrition *out)
{
    static const char fn[] = "attrition";
    if (!r || !period || !out)
        return cs_fail(r ? (cs_errbuf *)&r->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !r ? "roster" : !period ? "period" : "out");
    cs_errbuf *err = (cs_errbuf *)&r->err;
    CS_RETURN_IF_BAD_VERSION(err, out->version, CSVC_ATTRITION_VERSION, "%s: out", fn);
    uint32_t team = CS_NONE;
    if (team_id && (team = cs_roster_find_team(r, team_id)) == CS_NONE)
        return cs_fail(err, CSVC_E_NOTFOUND, "%s: team '%.64s' not found", fn, team_id);
    if (period->end < period->start)
        return cs_fail(err, CSVC_E_RANGE, "%s: period ends (%lld) before it starts (%lld)", fn,
                       (long long)period->end, (long long)period->start);
    csvc_attrition a;
    memset(&a, 0, sizeof a);
    a.version = CSVC_ATTRITION_VERSION;
    /* Employed seconds inside the period, summed exactly in integers. */
    long double employed = 0;
    for (size_t i = 0; i < r->nagents; i++) {
        const cs_agent *g = &r->agents[i];
        if (team != CS_NONE && g->team != team)
            continue;
        int64_t from = g->hire_date > period->start ? g->hire_date : period->start;
        int64_t to = g->separation_date == CSVC_TIME_NONE || g->separation_date > period->end
                         ? period->end
                         : g->separation_date;
        if (to > from)
            employed += (long double)(to - from);
        if (g->separation_date != CSVC_TIME_NONE && g->separation_date >= period->start &&
            g->separation_date < period->end) {
            a.separations++;
            a.by_reason[g->separation_reason]++;
        }
    }
    int64_t length = period->end - period->start;
    a.average_headcount = length > 0 ? (double)(employed / (long double)length) : 0.0;
    a.rate = a.average_headcount > 0 ? (double)a.separations / a.average_headcount : NAN;
    a.annualised = a.average_headcount > 0 && length > 0
                       ? a.rate * (365.25 * DAY_SECONDS) / (double)length
                       : NAN;
    *out = a;
    return CSVC_OK;
}
