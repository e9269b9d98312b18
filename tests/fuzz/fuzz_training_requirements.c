/* libFuzzer target for the training requirements loader
 * (src/training/requirements_json.c): any bytes as a document over a
 * catalogue of two courses and a team. All or nothing: a refusal adds no
 * requirement; after a success every requirement's status can be asked. */
#include "training/training_internal.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    csvc_roster *roster = NULL;
    csvc_training *t = NULL;
    csvc_team_info team = CSVC_TEAM_INFO_INIT;
    team.id = "RET";
    csvc_agent_info agent = CSVC_AGENT_INFO_INIT;
    agent.id = agent.name = "A1";
    agent.team_id = "RET";
    agent.hire_date = INT64_C(1704067200);
    if (csvc_roster_new(NULL, &roster) != CSVC_OK || csvc_roster_add_team(roster, &team) ||
        csvc_roster_add_agent(roster, &agent) ||
        csvc_training_new(roster, NULL, NULL, &t) != CSVC_OK)
        abort();
    static const char courses[] = "id,title,kind,delivery,minutes,passing_score,validity_months\n"
                                  "ONB,o,onboarding,internal,60,60,\nLAW,l,compliance,online,60,80,12\n";
    if (csvc_training_import_courses_csv_buffer(t, courses, sizeof courses - 1) != CSVC_OK)
        abort();
    csvc_status rc = csvc_training_load_requirements_json_buffer(t, (const char *)data, size);
    if (rc != CSVC_OK && csvc_training_requirement_count(t) != 0)
        abort();
    csvc_training_report *rep = NULL;
    if (csvc_training_report_new(t, INT64_C(1764547200), &rep) != CSVC_OK)
        abort();
    csvc_training_report_free(rep);
    csvc_training_free(t);
    csvc_roster_free(roster);
    return 0;
}
