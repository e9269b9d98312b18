/* The month's training documents: the catalogue, the requirements and the
 * records of completions. They are optional as a set (a directory without
 * training_courses.csv has no training section); read into a scratch plan
 * first, then into the store's plan: the catalogue, the requirements and
 * the promotion rules once, the records each time (rows the store holds
 * are skipped, so importing again records nothing). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char *const files[] = {"training_courses.csv", "training_requirements.json",
                                    "training_records.csv"};

static int has_training(const cli_args *a)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", a->data, files[0]);
    FILE *f = fopen(path, "r");
    if (f)
        fclose(f);
    return f != NULL;
}

static csvc_status new_plan(const csvc_roster *roster, int32_t offset, csvc_training **out)
{
    csvc_training_options o = CSVC_TRAINING_OPTIONS_INIT;
    o.utc_offset = offset;
    return csvc_training_new(roster, &o, NULL, out);
}

/* The review's promotion rule at every level: a grade of at least 4 in
 * the month reviewed and a year in the job (the store keeps one review per
 * month, so one review counts). */
static csvc_status set_rules(csvc_training *t)
{
    for (int level = CSVC_LEVEL_SENIOR; level < CSVC_LEVEL_COUNT; level++) {
        csvc_promotion_rule rule = CSVC_PROMOTION_RULE_INIT;
        rule.to = (csvc_level)level;
        rule.reviews = 1;
        csvc_status rc = csvc_training_set_promotion_rule(t, &rule);
        if (rc != CSVC_OK)
            return rc;
    }
    return CSVC_OK;
}

/* Reads the three documents into `t`; `catalogue` 0 skips the first two. */
static int read_into(const cli_args *a, csvc_training *t, int catalogue, size_t *added)
{
    char path[4096];
    for (int i = catalogue ? 0 : 2; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", a->data, files[i]);
        csvc_status rc = i == 0   ? csvc_training_import_courses_csv(t, path)
                         : i == 1 ? csvc_training_load_requirements_json(t, path)
                                  : csvc_training_import_records_csv(t, path, added);
        if (rc != CSVC_OK)
            return cli_fail(path, csvc_training_errmsg(t));
    }
    return CLI_OK;
}

int cli_read_training(const cli_args *a, const cli_desk *scratch, int32_t offset,
                      csvc_training **out)
{
    *out = NULL;
    if (!has_training(a))
        return CLI_OK;
    if (new_plan(scratch->roster, offset, out) != CSVC_OK)
        return cli_fail("training", csvc_last_errmsg());
    size_t added = 0;
    int rc = read_into(a, *out, 1, &added);
    if (rc != CLI_OK) {
        csvc_training_free(*out);
        *out = NULL;
    }
    return rc;
}

int cli_attach_training(const cli_args *a, cli_desk *d, int32_t offset)
{
    if (new_plan(d->roster, offset, &d->training) != CSVC_OK)
        return cli_fail("training", csvc_last_errmsg());
    if (csvc_store_attach_training(d->store, d->training) != CSVC_OK)
        return cli_fail(a->db, csvc_last_errmsg());
    return CLI_OK;
}

int cli_sync_training(const cli_args *a, const csvc_training *scratch, cli_desk *d,
                      size_t *added)
{
    *added = 0;
    if (!scratch)
        return CLI_OK;
    csvc_training *t = d->training;
    int fresh = csvc_training_course_count(t) == 0;
    if (!fresh && (csvc_training_course_count(t) != csvc_training_course_count(scratch) ||
                   csvc_training_requirement_count(t) !=
                       csvc_training_requirement_count(scratch))) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", a->data, files[0]);
        return cli_fail(path, "the catalogue or the requirements differ from the training plan "
                              "the store holds; csvc imports them into a new store only");
    }
    int rc = read_into(a, t, fresh, added);
    if (rc == CLI_OK && fresh && set_rules(t) != CSVC_OK)
        rc = cli_fail(a->db, csvc_training_errmsg(t));
    return rc;
}
