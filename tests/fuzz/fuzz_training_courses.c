/* libFuzzer target for the training catalogue CSV (src/training/catalogue_csv.c):
 * any bytes as a course file over a catalogue of one course. An import is
 * all or nothing: a refusal leaves that one course; after a success every
 * course's prerequisites come before it. */
#include "training/training_internal.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    csvc_roster *roster = NULL;
    csvc_training *t = NULL;
    if (csvc_roster_new(NULL, &roster) != CSVC_OK ||
        csvc_training_new(roster, NULL, NULL, &t) != CSVC_OK)
        abort();
    csvc_course base = CSVC_COURSE_INIT;
    base.id = "BASE";
    base.title = "base";
    if (csvc_training_add_course(t, &base) != CSVC_OK)
        abort();
    csvc_status rc = csvc_training_import_courses_csv_buffer(t, (const char *)data, size);
    if (rc != CSVC_OK && csvc_training_course_count(t) != 1)
        abort();
    for (size_t c = 0; c < t->course_ids.count; c++)
        for (size_t p = 0; p < t->courses[c].nprereqs; p++)
            if (t->courses[c].prereqs[p] >= c)
                abort();
    csvc_training_free(t);
    csvc_roster_free(roster);
    return 0;
}
