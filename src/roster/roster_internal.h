/* Roster internals, for the roster's own files (other modules use
 * roster_seam.h). */
#ifndef CS_ROSTER_INTERNAL_H
#define CS_ROSTER_INTERNAL_H

#if !defined(CS_MODULE_ROSTER) && !defined(CS_WHITEBOX)
#error "roster_internal.h is private to src/roster: other modules use roster_seam.h or csvc/roster.h"
#endif

#include "csvc/roster.h"
#include "alloc.h"
#include "common_seam.h"
#include "errbuf.h"
#include "journal.h"
#include "roster_seam.h"
#include "strmap.h"

typedef struct cs_agent {
    char *id;
    char *name;
    uint32_t team;       /* index into teams */
    uint32_t supervisor; /* index into agents or CS_NONE */
    csvc_level level;
    int64_t hire_date;
    uint32_t skills;
    int32_t active;
    int64_t base_pay;
    char currency[4];
    int64_t separation_date; /* CSVC_TIME_NONE while employed */
    uint8_t separation_reason;
    uint8_t employment;    /* csvc_employment */
    double contract_hours; /* per week; 0 = not stated */
} cs_agent;

typedef struct cs_team {
    char *id;
    char *name;
    uint32_t lead; /* index into agents or CS_NONE */
} cs_team;

struct csvc_roster {
    cs_alloc alloc;
    cs_errbuf err;
    cs_agent *agents;
    size_t nagents, cap_agents;
    cs_team *teams;
    size_t nteams, cap_teams;
    cs_strmap agent_ids; /* id -> index into agents */
    cs_strmap team_ids;  /* id -> index into teams */
    csvc_roster_change_fn on_change;
    void *on_change_data;
    cs_journal journal; /* the store's, when one is attached */
    int busy;           /* inside the application's change callback */
    int failed_field;   /* the cs_agent_field of the last refused agent */
};

/* The fields of csvc_agent_info, so that an importer can name the column
 * of a refused agent's bad field. */
typedef enum cs_agent_field {
    CS_AF_ID,
    CS_AF_NAME,
    CS_AF_TEAM,
    CS_AF_LEVEL,
    CS_AF_HIRE_DATE,
    CS_AF_SKILLS,
    CS_AF_ACTIVE,
    CS_AF_BASE_PAY,
    CS_AF_CURRENCY,
    CS_AF_SUPERVISOR,
} cs_agent_field;

/* Every mutator runs inside begin_change/end_change (journal steps 1 and 5
 * on the way out; util/journal.h): begin refuses calls from inside the
 * change callback (CSVC_E_BUSY) and lets the store take its lock and catch
 * up before the change is validated. */
csvc_status cs_roster_begin_change(csvc_roster *r, const char *fn);
csvc_status cs_roster_end_change(csvc_roster *r, csvc_status rc);
/* After a change is applied: the journal, then the application's callback,
 * then the commit (journal steps 3-5). On refusal returns the status with
 * a message and the caller undoes the change. `detail` is what the journal
 * is told (roster_seam.h). */
csvc_status cs_roster_notify(csvc_roster *r, csvc_roster_change change, const char *id,
                             const void *detail);



/* Whether making `supervisor` the supervisor of `agent` would close a cycle. */
int cs_roster_would_cycle(const csvc_roster *r, uint32_t agent, uint32_t supervisor);


/* Writes an agent's or team's public view. */
void cs_roster_agent_view(const csvc_roster *r, uint32_t index, csvc_agent_info *out);
void cs_roster_team_view(const csvc_roster *r, uint32_t index, csvc_team_info *out);

/* Parses "inquiry;technical" into skill bits. On CSVC_E_INVALID the unknown
 * entry is copied into `bad`. */
csvc_status cs_skills_parse(const char *text, uint32_t *out, char *bad, size_t bad_size);
/* Appends "inquiry;technical" for `skills` into `buf`. */
void cs_skills_format(uint32_t skills, char *buf, size_t size);

#endif
