/* Employment types and contract hours (roster.h): who is full-time,
 * part-time or temporary, which staffing counts as available heads. */
#include "enum_names.h"
#include "roster_internal.h"


static const char *const employment_names[CSVC_EMPLOYMENT_COUNT] = {"full_time", "part_time",
                                                                    "temporary"};
/* The shops' exports (simplified and traditional) and the hyphenated
 * English spellings, on input only. */
static const cs_enum_alias employment_aliases[] = {
    {"full-time", CSVC_EMPLOYMENT_FULL_TIME}, {"part-time", CSVC_EMPLOYMENT_PART_TIME},
    {"全职", CSVC_EMPLOYMENT_FULL_TIME},      {"全職", CSVC_EMPLOYMENT_FULL_TIME},
    {"兼职", CSVC_EMPLOYMENT_PART_TIME},      {"兼職", CSVC_EMPLOYMENT_PART_TIME},
    {"临时", CSVC_EMPLOYMENT_TEMPORARY},      {"臨時", CSVC_EMPLOYMENT_TEMPORARY},
};
static const cs_enum_names employments =
    CS_ENUM_NAMES_ALIASES("employment", employment_names, employment_aliases);
CS_DEFINE_ENUM_NAMES(csvc_employment, csvc_employment, employments)

csvc_status cs_roster_check_employment(cs_errbuf *err, const char *id, int employment,
                                       double contract_hours)
{
    if (employment < 0 || employment >= CSVC_EMPLOYMENT_COUNT)
        return cs_fail(err, CSVC_E_INVALID,
                       "agent '%.64s': employment %d unknown (full_time 0, part_time 1, "
                       "temporary 2)",
                       id, employment);
    if (!(contract_hours >= 0.0 && contract_hours <= CSVC_CONTRACT_HOURS_MAX))
        return cs_fail(err, CSVC_E_RANGE,
                       "agent '%.64s': contract_hours %g outside 0..168 hours a week", id,
                       contract_hours);
    return CSVC_OK;
}

void cs_roster_set_employment(csvc_roster *r, uint32_t agent, int employment,
                              double contract_hours)
{
    r->agents[agent].employment = (uint8_t)employment;
    r->agents[agent].contract_hours = contract_hours;
}

void cs_roster_agent_employment_at(const csvc_roster *r, uint32_t agent, int *employment,
                                   double *contract_hours)
{
    *employment = r->agents[agent].employment;
    *contract_hours = r->agents[agent].contract_hours;
}

static csvc_status set_employment(csvc_roster *r, const char *id, int employment, double hours)
{
    uint32_t index = cs_roster_find_agent(r, id);
    if (index == CS_NONE)
        return cs_fail(&r->err, CSVC_E_NOTFOUND, "agent '%.64s': not found", id);
    cs_agent *a = &r->agents[index];
    csvc_status rc = cs_roster_check_employment(&r->err, a->id, employment, hours);
    if (rc != CSVC_OK)
        return rc;
    cs_agent was = *a;
    cs_roster_set_employment(r, index, employment, hours);
    if ((rc = cs_roster_notify(r, CSVC_ROSTER_AGENT_UPDATED, a->id, a->id)) != CSVC_OK)
        *a = was;
    return rc;
}

csvc_status csvc_roster_set_employment(csvc_roster *r, const char *id, csvc_employment employment,
                                       double contract_hours)
{
    if (!r || !id)
        return cs_fail(r ? &r->err : NULL, CSVC_E_NULL, "set_employment: %s is NULL",
                       r ? "id" : "roster");
    csvc_status rc = cs_roster_begin_change(r, "set_employment");
    return rc != CSVC_OK
               ? rc
               : cs_roster_end_change(r, set_employment(r, id, (int)employment, contract_hours));
}

csvc_status csvc_roster_agent_employment(const csvc_roster *r, const char *id,
                                         csvc_employment *employment, double *contract_hours)
{
    if (!r || !id || !employment || !contract_hours)
        return cs_fail(r ? (cs_errbuf *)&r->err : NULL, CSVC_E_NULL,
                       "agent_employment: %s is NULL",
                       !r ? "roster" : !id ? "id" : !employment ? "employment" : "contract_hours");
    uint32_t index = cs_roster_find_agent(r, id);
    if (index == CS_NONE)
        return cs_fail((cs_errbuf *)&r->err, CSVC_E_NOTFOUND, "agent '%.64s': not found", id);
    *employment = (csvc_employment)r->agents[index].employment;
    *contract_hours = r->agents[index].contract_hours;
    return CSVC_OK;
}
