/* libFuzzer target for the desk configuration loader
 * (src/desk/config_json.c): any bytes as a document over a roster of two
 * teams. All or nothing: a refused document leaves the configuration as
 * it was (compared as the desk's encoded text); an accepted one serves an
 * SLA query. */
#include "desk/desk_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *config_text(const csvc_desk *d)
{
    cs_strbuf sb;
    cs_strbuf_init(&sb, &d->alloc);
    cs_desk_config_encode(d, &sb);
    if (sb.failed)
        abort();
    return sb.data; /* freed with free(): the desk uses the system allocator */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    csvc_roster *roster = NULL;
    csvc_desk *desk = NULL;
    const char *teams[] = {"RET", "PRE"};
    if (csvc_roster_new(NULL, &roster) != CSVC_OK)
        abort();
    for (int i = 0; i < 2; i++) {
        csvc_team_info team = CSVC_TEAM_INFO_INIT;
        team.id = teams[i];
        if (csvc_roster_add_team(roster, &team) != CSVC_OK)
            abort();
    }
    static const char base[] = "{\"sla\": [{\"first_response\": \"1h\"}]}";
    if (csvc_desk_new(roster, NULL, &desk) != CSVC_OK ||
        csvc_desk_load_config_json_buffer(desk, base, sizeof base - 1) != CSVC_OK)
        abort();
    csvc_ticket_spec t = CSVC_TICKET_SPEC_INIT;
    t.id = "T1";
    t.team_id = "RET";
    t.created = INT64_C(1762141800);
    if (csvc_desk_create(desk, &t) != CSVC_OK)
        abort();
    char *before = config_text(desk);
    if (csvc_desk_load_config_json_buffer(desk, (const char *)data, size) != CSVC_OK) {
        char *after = config_text(desk);
        if (strcmp(before ? before : "", after ? after : "") != 0)
            abort();
        free(after);
    }
    csvc_sla_status s = CSVC_SLA_STATUS_INIT;
    if (csvc_desk_sla(desk, "T1", INT64_C(1762141800) + 60, &s) != CSVC_OK)
        abort();
    free(before);
    csvc_desk_free(desk);
    csvc_roster_free(roster);
    return 0;
}
