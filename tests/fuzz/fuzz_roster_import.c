/* libFuzzer target: the roster CSV importer. Whatever the input, an import
 * either succeeds or leaves the roster byte-for-byte as it was, and an
 * imported roster exports to text that imports back to the same text. */
#include <csvc.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *export_text(const csvc_roster *r)
{
    char *buf = NULL;
    size_t len;
    if (csvc_roster_export_csv_buffer(r, &buf, &len) != CSVC_OK)
        abort();
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    csvc_roster *r;
    if (csvc_roster_new(NULL, &r) != CSVC_OK)
        abort();
    /* A pre-existing team and agent, so conflicts with the roster are reached. */
    csvc_team_info t = CSVC_TEAM_INFO_INIT;
    t.id = "T";
    csvc_agent_info a = CSVC_AGENT_INFO_INIT;
    a.id = "A1";
    a.name = "Agent One";
    a.team_id = "T";
    if (csvc_roster_add_team(r, &t) != CSVC_OK || csvc_roster_add_agent(r, &a) != CSVC_OK)
        abort();
    char *before = export_text(r);
    csvc_status rc = csvc_roster_import_csv_buffer(r, (const char *)data, size);
    char *after = export_text(r);
    if (rc != CSVC_OK) {
        if (strcmp(before, after) != 0 || csvc_roster_errmsg(r)[0] == '\0')
            abort();
    } else {
        csvc_roster *copy;
        if (csvc_roster_new(NULL, &copy) != CSVC_OK ||
            csvc_roster_import_csv_buffer(copy, after, strlen(after)) != CSVC_OK)
            abort();
        char *again = export_text(copy);
        if (strcmp(after, again) != 0)
            abort();
        csvc_free(again);
        csvc_roster_free(copy);
    }
    csvc_free(before);
    csvc_free(after);
    csvc_roster_free(r);
    return 0;
}
