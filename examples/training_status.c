/* training_status: the training report of the example desk on 1 December
 * 2025 (+08:00): coverage per team, the overdue list and the certificates
 * expiring within 30 days.
 *
 *   training_status [roster.csv] [training_courses.csv] [training_requirements.json]
 *
 * The requirements (examples/data/training_requirements.json) follow the
 * seeds' cadence: onboarding within 30 days of hire for juniors; platform
 * rules and consumer law every year (certificates valid 12 months); a
 * monthly skill review for juniors; the quarterly advanced course for
 * seniors and experts (the first Monday of each quarter); the yearly
 * career-planning session by 1 January; and the Blender V2 briefing a week
 * before its launch on 15 December for the returns team. The completions
 * are a made-up but plausible history. */
#include <csvc.h>

#include <stdio.h>
#include <string.h>

#define OFFSET (8 * 3600)

static int64_t local(int y, int m, int d, int h)
{
    int64_t t = 0;
    char iso[32];
    snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:00:00Z", y, m, d, h);
    csvc_time_parse(iso, &t);
    return t - OFFSET;
}

static int fail(const char *what, const char *msg)
{
    fprintf(stderr, "training_status: %s: %s\n", what, msg);
    return 1;
}

typedef struct record {
    const char *agent, *course;
    int y, m, d, post;
} record;

static const record history[] = {
    {"A103", "ONB", 2024, 7, 26, 82},    {"A103", "ETIQ", 2024, 8, 20, 75},
    {"A103", "RULES", 2024, 11, 5, 85},  {"A103", "LAW", 2025, 3, 12, 90},
    {"A104", "ONB", 2025, 3, 20, 71},    {"A104", "RULES", 2025, 4, 10, 88},
    {"A104", "LAW", 2025, 4, 10, 84},    {"A105", "ONB", 2025, 11, 3, 64},
    {"A202", "ONB", 2020, 9, 15, 80},    {"A202", "RULES", 2025, 1, 8, 91},   {"A202", "LAW", 2025, 1, 9, 86},
    {"A202", "PROD", 2025, 9, 2, 80},    {"A202", "ADV", 2025, 10, 6, 77},
    {"A202", "BLEND2", 2025, 12, 1, 92}, {"A204", "ONB", 2024, 3, 8, 70},
    {"A204", "RULES", 2024, 12, 20, 81}, {"A204", "LAW", 2024, 12, 21, 80},
    {"A204", "REVIEW", 2025, 11, 14, 0}, {"A205", "ONB", 2025, 6, 30, 58},
    {"A205", "ONB", 2025, 7, 14, 73},    {"A205", "REVIEW", 2025, 11, 20, 0},
    {"A201", "ONB", 2018, 4, 20, 85},    {"A201", "CAREER", 2025, 1, 20, 0},    {"A201", "RULES", 2025, 2, 14, 95},  {"A201", "LAW", 2025, 2, 14, 97},
    {"A201", "PROD", 2025, 8, 1, 88},    {"A201", "ADV", 2025, 10, 8, 90},
  {"A304", "ONB", 2025, 1, 24, 66},
    {"A304", "RULES", 2025, 2, 3, 83},   {"A304", "LAW", 2025, 12, 1, 79},
    {"A403", "ONB", 2024, 9, 30, 88},    {"A403", "RULES", 2024, 12, 2, 86},
    {"A403", "LAW", 2024, 12, 3, 81},    {"A404", "ONB", 2025, 9, 1, 77},
};

/* The staff who were there before the records began: onboarding a week
 * after their hire, then the desk's compliance day on 18 March 2025. */
static const char *const veterans[] = {"M001", "S100", "A101", "A102", "S200", "A203",
                                       "S300", "A301", "A302", "A303", "S400", "A401",
                                       "A402", "S500", "A501", "A502"};

static csvc_status compliance_day(csvc_training *t, const csvc_roster *roster)
{
    csvc_status rc = CSVC_OK;
    for (size_t i = 0; i < sizeof veterans / sizeof veterans[0] && rc == CSVC_OK; i++) {
        csvc_agent_info a;
        if ((rc = csvc_roster_get_agent(roster, veterans[i], &a)) != CSVC_OK)
            break;
        rc = csvc_training_complete(t, a.id, "ONB", a.hire_date + 7 * 86400,
                                    CSVC_TRAINING_NO_SCORE, 80, 4);
        if (rc == CSVC_OK && strcmp(a.id, "A502") != 0) /* A502 was off sick that day */
            rc = csvc_training_complete(t, a.id, "RULES", local(2025, 3, 18, 10),
                                        CSVC_TRAINING_NO_SCORE, 88, 4);
        if (rc == CSVC_OK && strcmp(a.id, "A502") != 0)
            rc = csvc_training_complete(t, a.id, "LAW", local(2025, 3, 18, 15),
                                        CSVC_TRAINING_NO_SCORE, 90, 4);
    }
    return rc;
}

static void print_rows(const char *title, const char *csv)
{
    printf("\n%s\n", title);
    const char *line = strchr(csv, '\n'); /* skip the header */
    int n = 0;
    while (line && line[1]) {
        const char *end = strchr(line + 1, '\n');
        char row[256];
        snprintf(row, sizeof row, "%.*s", (int)(end ? end - line - 1 : (long)strlen(line + 1)),
                 line + 1);
        /* agent_id,team_id,requirement_id,course_id,state,due,completed,valid_until,horizon */
        char *f[9] = {0};
        char *p = row;
        for (int i = 0; i < 9 && p; i++) {
            f[i] = p;
            p = strchr(p, ',');
            if (p)
                *p++ = '\0';
        }
        printf("  %-5s %-4s %-26s %-8s %-9s %.10s\n", f[0], f[1], f[2], f[3], f[4],
               f[5] ? f[5] : "");
        n++;
        line = end;
    }
    if (!n)
        printf("  (none)\n");
}

int main(int argc, char **argv)
{
    const char *roster_csv = argc > 1 ? argv[1] : "examples/data/roster.csv";
    const char *courses_csv = argc > 2 ? argv[2] : "examples/data/training_courses.csv";
    const char *requirements_json =
        argc > 3 ? argv[3] : "examples/data/training_requirements.json";
    csvc_roster *roster = NULL;
    csvc_training *t = NULL;
    csvc_training_options o;
    csvc_training_options_init(&o);
    o.utc_offset = OFFSET;
    if (csvc_roster_new(NULL, &roster) != CSVC_OK ||
        csvc_roster_import_csv(roster, roster_csv) != CSVC_OK)
        return fail(roster_csv, roster ? csvc_roster_errmsg(roster) : csvc_last_errmsg());
    if (csvc_training_new(roster, &o, NULL, &t) != CSVC_OK)
        return fail("training", csvc_last_errmsg());
    if (csvc_training_import_courses_csv(t, courses_csv) != CSVC_OK)
        return fail(courses_csv, csvc_training_errmsg(t));
    if (csvc_training_load_requirements_json(t, requirements_json) != CSVC_OK)
        return fail(requirements_json, csvc_training_errmsg(t));
    if (compliance_day(t, roster) != CSVC_OK)
        return fail("history", csvc_training_errmsg(t));
    for (size_t i = 0; i < sizeof history / sizeof history[0]; i++) {
        const record *h = &history[i];
        if (csvc_training_complete(t, h->agent, h->course, local(h->y, h->m, h->d, 10),
                                   CSVC_TRAINING_NO_SCORE, h->post, 4) != CSVC_OK)
            return fail("history", csvc_training_errmsg(t));
    }

    int64_t at = local(2025, 12, 1, 18);
    csvc_training_report *report = NULL;
    if (csvc_training_report_new(t, at, &report) != CSVC_OK)
        return fail("report", csvc_last_errmsg());
    printf("Training coverage on 2025-12-01 (+08:00): agents whose required courses are all "
           "current (target 100 %%)\n");
    for (size_t i = 0; i < csvc_roster_team_count(roster); i++) {
        csvc_team_info team;
        size_t covered, active;
        csvc_roster_team_at(roster, i, &team);
        csvc_training_report_coverage(report, team.id, &covered, &active);
        if (active)
            printf("  %-5s %-34s %2zu of %2zu  %5.1f %%\n", team.id, team.name, covered, active,
                   100.0 * (double)covered / (double)active);
    }
    size_t covered, active;
    csvc_training_report_coverage(report, NULL, &covered, &active);
    printf("  %-5s %-34s %2zu of %2zu  %5.1f %%\n", "desk", "", covered, active,
           100.0 * (double)covered / (double)active);
    char *csv = NULL;
    if (csvc_training_export_status_csv(t, at, 1u << CSVC_ITEM_OVERDUE, &csv, NULL) != CSVC_OK)
        return fail("overdue", csvc_last_errmsg());
    print_rows("Overdue (agent, team, requirement, course, state, due):", csv);
    csvc_free(csv);
    if (csvc_training_export_status_csv(t, at, (1u << CSVC_ITEM_EXPIRING) | (1u << CSVC_ITEM_DUE),
                                        &csv, NULL) != CSVC_OK)
        return fail("expiring", csvc_last_errmsg());
    print_rows("Coming up (expiring within 90 days, or due; date = when):", csv);
    csvc_free(csv);
    csvc_training_report_free(report);
    csvc_training_free(t);
    csvc_roster_free(roster);
    return 0;
}
