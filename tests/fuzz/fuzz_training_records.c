/* libFuzzer target for the training records CSV (src/training/records_csv.c):
 * any bytes as a records file over two agents and two courses (ADV needs
 * BASE), on a plan holding one completion. An import is all or nothing: a
 * refusal leaves that one completion; after a success each agent's
 * completions are in time order, and importing the same bytes again
 * records nothing. */
#include "training/training_internal.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void add(csvc_roster *r, const char *id)
{
    csvc_agent_info a = CSVC_AGENT_INFO_INIT;
    a.id = a.name = id;
    a.team_id = "T";
    if (csvc_roster_add_agent(r, &a) != CSVC_OK)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    csvc_roster *roster = NULL;
    csvc_training *t = NULL;
    csvc_team_info team = CSVC_TEAM_INFO_INIT;
    team.id = "T";
    if (csvc_roster_new(NULL, &roster) != CSVC_OK || csvc_roster_add_team(roster, &team) != CSVC_OK)
        abort();
    add(roster, "A1");
    add(roster, "A2");
    if (csvc_training_new(roster, NULL, NULL, &t) != CSVC_OK)
        abort();
    csvc_course c = CSVC_COURSE_INIT;
    c.id = c.title = "BASE";
    const char *prereq = "BASE";
    if (csvc_training_add_course(t, &c) != CSVC_OK)
        abort();
    c.id = c.title = "ADV";
    c.prerequisites = &prereq;
    c.nprerequisites = 1;
    if (csvc_training_add_course(t, &c) != CSVC_OK ||
        csvc_training_complete(t, "A1", "BASE", 1700000000, -1, 90, -1) != CSVC_OK)
        abort();
    size_t added = 0;
    csvc_status rc = csvc_training_import_records_csv_buffer(t, (const char *)data, size, &added);
    if (rc != CSVC_OK && csvc_training_completion_count(t) != 1)
        abort();
    if (rc == CSVC_OK) {
        if (csvc_training_completion_count(t) != 1 + added)
            abort();
        for (size_t a = 0; a < 2; a++)
            for (uint32_t i = t->first[a]; i != CS_NONE && t->completions[i].next != CS_NONE;
                 i = t->completions[i].next)
                if (t->completions[t->completions[i].next].time < t->completions[i].time)
                    abort();
        if (csvc_training_import_records_csv_buffer(t, (const char *)data, size, &added) !=
                CSVC_OK ||
            added != 0)
            abort();
    }
    csvc_training_free(t);
    csvc_roster_free(roster);
    return 0;
}
