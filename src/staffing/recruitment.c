/* Heads the roster has per employment type, and the recruitment need
 * (招聘指标) a schedule implies: the heads it uses beyond them. */
#include "staffing_internal.h"
#include "version_check.h"

#include <string.h>

/* Agents of the team (NULL: all) working at `at`: hired by then and not
 * yet separated (or, never separated, active). */
csvc_status csvc_staffing_available_heads(const csvc_roster *roster, const char *team_id,
                                          int64_t at, uint32_t out[CSVC_EMPLOYMENT_COUNT])
{
    static const char fn[] = "staffing_available_heads";
    if (!roster || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn, roster ? "out" : "roster");
    csvc_team_info team = CSVC_TEAM_INFO_INIT;
    if (team_id && csvc_roster_get_team(roster, team_id, &team) != CSVC_OK)
        return cs_fail(NULL, CSVC_E_NOTFOUND, "%s: team '%.64s' not found", fn, team_id);
    uint32_t counts[CSVC_EMPLOYMENT_COUNT] = {0};
    for (size_t i = 0; i < csvc_roster_agent_count(roster); i++) {
        csvc_agent_info a = CSVC_AGENT_INFO_INIT;
        csvc_roster_agent_at(roster, i, &a);
        if (a.hire_date > at || (team_id && strcmp(a.team_id, team_id) != 0))
            continue;
        int64_t left;
        csvc_separation_reason why;
        csvc_employment type;
        double hours;
        csvc_roster_agent_separation(roster, a.id, &left, &why);
        /* A separation dates the end (the flag is today's); else the flag. */
        if (left != CSVC_TIME_NONE ? left <= at : !a.active)
            continue;
        csvc_roster_agent_employment(roster, a.id, &type, &hours);
        counts[type]++;
    }
    memcpy(out, counts, sizeof counts);
    return CSVC_OK;
}

csvc_status csvc_staffing_recruitment(const csvc_roster *roster, const char *team_id, int64_t at,
                                      const csvc_staffing_schedule *schedule,
                                      csvc_recruitment *out)
{
    static const char fn[] = "staffing_recruitment";
    if (!roster || !schedule || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !roster ? "roster" : !schedule ? "schedule" : "out");
    CS_RETURN_IF_BAD_VERSION(NULL, out->version, CSVC_RECRUITMENT_VERSION, "%s: out", fn);
    csvc_recruitment r;
    memset(&r, 0, sizeof r);
    r.version = CSVC_RECRUITMENT_VERSION;
    csvc_status rc = csvc_staffing_available_heads(roster, team_id, at, r.available);
    if (rc != CSVC_OK)
        return rc;
    for (int k = 0; k < CSVC_EMPLOYMENT_COUNT; k++) {
        r.required[k] = schedule->summary.heads_by_type[k];
        r.gap[k] = r.required[k] > r.available[k] ? r.required[k] - r.available[k] : 0u;
        r.surplus[k] = r.available[k] > r.required[k] ? r.available[k] - r.required[k] : 0u;
        r.total_gap += r.gap[k];
    }
    *out = r;
    return CSVC_OK;
}
