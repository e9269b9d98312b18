/* What the other modules may use of the roster beyond csvc/roster.h: index
 * lookups for engines that keep agents and teams as dense roster indexes
 * (desk, KPI, store). An index is valid while it is below the roster's
 * count; rosters only grow, so an index never changes meaning. */
#ifndef CS_ROSTER_SEAM_H
#define CS_ROSTER_SEAM_H

#include "csvc/roster.h"
#include "journal.h"
#include "strmap.h" /* CS_NONE */

#include <stdint.h>

/* Index of an agent or team by id; CS_NONE when absent. */
uint32_t cs_roster_find_agent(const csvc_roster *r, const char *id);
uint32_t cs_roster_find_team(const csvc_roster *r, const char *id);

/* Fields of agent `agent` (an index below csvc_roster_agent_count()). */
const char *cs_roster_agent_id(const csvc_roster *r, uint32_t agent);
uint32_t cs_roster_agent_team(const csvc_roster *r, uint32_t agent);
uint32_t cs_roster_agent_supervisor(const csvc_roster *r, uint32_t agent); /* or CS_NONE */
int cs_roster_agent_active(const csvc_roster *r, uint32_t agent);
/* Active and not separated by `period_start`: who takes part in a period
 * (KPI reviews, coverage, staffing). */
int cs_roster_agent_active_in(const csvc_roster *r, uint32_t agent, int64_t period_start);
/* The agent's separation (date CSVC_TIME_NONE, reason 0 while employed). */
void cs_roster_agent_separation_at(const csvc_roster *r, uint32_t agent, int64_t *date,
                                   int *reason);
/* Sets it without a journal entry or checks (the store replaying a row,
 * after cs_roster_check_separation()). */
void cs_roster_set_separation(csvc_roster *r, uint32_t agent, int64_t date, int reason);
/* The rules of csvc_roster_separate_agent() for agent `id`. */
csvc_status cs_roster_check_separation(cs_errbuf *err, const char *id, int64_t hire_date,
                                       int64_t date, int reason);
/* The agent's employment and contract hours per week. */
void cs_roster_agent_employment_at(const csvc_roster *r, uint32_t agent, int *employment,
                                   double *contract_hours);
/* Sets them without a journal entry or checks (the store replaying a row,
 * after cs_roster_check_employment()). */
void cs_roster_set_employment(csvc_roster *r, uint32_t agent, int employment,
                              double contract_hours);
/* The rules of csvc_roster_set_employment() for agent `id`. */
csvc_status cs_roster_check_employment(cs_errbuf *err, const char *id, int employment,
                                       double contract_hours);
uint32_t cs_roster_agent_skills(const csvc_roster *r, uint32_t agent);
csvc_level cs_roster_agent_level(const csvc_roster *r, uint32_t agent);
int64_t cs_roster_agent_hire_date(const csvc_roster *r, uint32_t agent);

/* Fields of team `team` (an index below csvc_roster_team_count()). */
const char *cs_roster_team_id(const csvc_roster *r, uint32_t team);
uint32_t cs_roster_team_lead(const csvc_roster *r, uint32_t team); /* or CS_NONE */

/* Deep copy, to stage an all-or-nothing change (an import, a load), with the same allocator; it has
 * no callback and no journal. */
csvc_status cs_roster_clone(const csvc_roster *src, csvc_roster **out);
/* Moves the contents of `from` into `to` (whose old contents go to `from`),
 * keeping each handle's error buffer. */
void cs_roster_swap(csvc_roster *to, csvc_roster *from);

/* The roster's journal (util/journal.h). Kinds are csvc_roster_change
 * values; the detail of a team or agent change is its id (const char *),
 * that of CSVC_ROSTER_IMPORTED the roster as it was before the import
 * (const csvc_roster *: the teams and agents after its counts are new, and
 * a team whose lead differs got it from the import). */
cs_journal *cs_roster_journal(csvc_roster *r);

#endif
