/* Training records from CSV: rows out of time order recorded in order
 * (a prerequisite later on the file counts), naive times at the agent's
 * team offset, the same file twice recording nothing, a transcript read
 * back, and every bad row refused with its line, changing nothing. */
#include "fixtures.h"

#include "civil.h"

#include <stdlib.h>
#include <string.h>

#define DAY INT64_C(86400)
#define HOUR INT64_C(3600)

typedef struct fx {
    csvc_roster *roster;
    csvc_training *t;
} fx;

static void add_agent(csvc_roster *r, const char *id, const char *team)
{
    csvc_agent_info a = CSVC_AGENT_INFO_INIT;
    a.id = id;
    a.name = id;
    a.team_id = team;
    a.level = CSVC_LEVEL_JUNIOR;
    a.hire_date = cs_days_from_civil(2024, 1, 1) * DAY;
    assert_ok(r, csvc_roster_add_agent(r, &a));
}

static void add_course(csvc_training *t, const char *id, int minutes, int passing,
                       const char *prerequisite)
{
    csvc_course c = CSVC_COURSE_INIT;
    c.id = id;
    c.title = id;
    c.minutes = minutes;
    c.passing_score = passing;
    c.prerequisites = &prerequisite;
    c.nprerequisites = prerequisite ? 1 : 0;
    assert_ok(t, csvc_training_add_course(t, &c));
}

/* Team T1 at UTC (the plan's offset), T2 at +08:00; A1 in T1, B1 in T2;
 * BASE (passing 60) before ADV (passing 70). */
static fx *make_with(const csvc_allocator *alloc)
{
    fx *f = calloc(1, sizeof *f);
    assert_csvc_ok(csvc_roster_new(alloc, &f->roster));
    static const char *const teams[] = {"T1", "T2"};
    for (int i = 0; i < 2; i++) {
        csvc_team_info team = CSVC_TEAM_INFO_INIT;
        team.id = teams[i];
        assert_ok(f->roster, csvc_roster_add_team(f->roster, &team));
    }
    add_agent(f->roster, "A1", "T1");
    add_agent(f->roster, "B1", "T2");
    assert_csvc_ok(csvc_training_new(f->roster, NULL, alloc, &f->t));
    assert_ok(f->t, csvc_training_set_team_offset(f->t, "T2", 8 * 3600));
    add_course(f->t, "BASE", 60, 60, NULL);
    add_course(f->t, "ADV", 90, 70, "BASE");
    return f;
}

static fx *make(void)
{
    return make_with(NULL);
}

static void destroy(fx *f)
{
    csvc_training_free(f->t);
    csvc_roster_free(f->roster);
    free(f);
}

static char *transcript(const fx *f)
{
    char *out = NULL;
    assert_csvc_ok(csvc_training_transcript_csv(f->t, NULL, NULL, &out, NULL));
    return out;
}

/* ADV comes first on the file but later in time; B1's naive times are
 * +08:00 and A1's UTC; an extra column is ignored. */
static const char records[] =
    "agent_id,course_id,time,pre,post,satisfaction,note\n"
    "A1,ADV,2025-03-02T10:00,40,75,5,second\n"
    "A1,BASE,2025-03-01T09:00,,80,,first\n"
    "B1,BASE,2025-03-01T09:00,30,55,2,failed\n"
    "B1,BASE,1741000000,35,65,4,unix\n";

static void test_rows_are_recorded_in_time_order_at_the_team_offset(void **state)
{
    (void)state;
    fx *f = make();
    size_t added = 99;
    assert_ok(f->t, csvc_training_import_records_csv_buffer(f->t, records, sizeof records - 1,
                                                            &added));
    assert_int_equal(added, 4);
    assert_int_equal(csvc_training_completion_count(f->t), 4);
    /* 1741000000 = 2025-03-03T11:06:40Z = 19:06:40 at +08:00. B1's first
     * BASE (55 < 60) fails, the second passes. */
    char *text = transcript(f);
    assert_string_equal(text,
                        "agent_id,course_id,title,time,session_id,pre,post,passed,satisfaction,"
                        "minutes\n"
                        "A1,BASE,BASE,2025-03-01T09:00:00+00:00,,,80,1,,60\n"
                        "A1,ADV,ADV,2025-03-02T10:00:00+00:00,,40,75,1,5,90\n"
                        "B1,BASE,BASE,2025-03-01T09:00:00+08:00,,30,55,0,2,60\n"
                        "B1,BASE,BASE,2025-03-03T19:06:40+08:00,,35,65,1,4,60\n");
    csvc_free(text);
    destroy(f);
}

static void test_the_same_file_twice_records_nothing_and_a_transcript_reads_back(void **state)
{
    (void)state;
    fx *f = make();
    assert_ok(f->t, csvc_training_import_records_csv_buffer(f->t, records, sizeof records - 1,
                                                            NULL));
    size_t added = 99;
    assert_ok(f->t, csvc_training_import_records_csv_buffer(f->t, records, sizeof records - 1,
                                                            &added));
    assert_int_equal(added, 0);
    assert_int_equal(csvc_training_completion_count(f->t), 4);
    /* One new row beside the old ones: only it is recorded. */
    static const char more[] = "agent_id,course_id,time,pre,post,satisfaction\n"
                               "A1,BASE,2025-03-01T09:00,,80,\n"
                               "A1,ADV,2025-04-01T10:00,50,90,4\n";
    assert_ok(f->t, csvc_training_import_records_csv_buffer(f->t, more, sizeof more - 1, &added));
    assert_int_equal(added, 1);
    char *text = transcript(f);
    fx *g = make();
    assert_ok(g->t, csvc_training_import_records_csv_buffer(g->t, text, strlen(text), &added));
    assert_int_equal(added, 5);
    char *again = transcript(g);
    assert_string_equal(again, text);
    csvc_free(again);
    csvc_free(text);
    destroy(g);
    destroy(f);
}

static void test_two_equal_rows_on_one_file_are_both_recorded_and_a_header_alone_none(void **state)
{
    (void)state;
    fx *f = make();
    static const char twice[] = "agent_id,course_id,time,post\n"
                                "A1,BASE,2025-03-01T09:00,50\n"
                                "A1,BASE,2025-03-01T09:00,50\n";
    size_t added = 0;
    assert_ok(f->t, csvc_training_import_records_csv_buffer(f->t, twice, sizeof twice - 1,
                                                            &added));
    assert_int_equal(added, 2);
    /* A header alone records nothing. */
    static const char empty[] = "agent_id,course_id,time\n";
    assert_ok(f->t, csvc_training_import_records_csv_buffer(f->t, empty, sizeof empty - 1,
                                                            &added));
    assert_int_equal(added, 0);
    destroy(f);
}

static void test_bad_rows_name_their_line_and_change_nothing(void **state)
{
    (void)state;
    fx *f = make();
    static const char good[] = "agent_id,course_id,time,post\nA1,BASE,2025-05-01T09:00,90\n";
    assert_ok(f->t, csvc_training_import_records_csv_buffer(f->t, good, sizeof good - 1, NULL));
    char *before = transcript(f);
    static const struct {
        const char *csv;
        csvc_status status;
        const char *needle;
    } bad[] = {
        {"agent_id,course_id,time\nA1,BASE,2025-06-01\nZZ,BASE,2025-06-01\n", CSVC_E_NOTFOUND,
         "line 3, column 1 (agent_id): 'ZZ' is not in the roster"},
        {"agent_id,course_id,time\nA1,NOPE,2025-06-01\n", CSVC_E_NOTFOUND,
         "line 2, column 2 (course_id): 'NOPE' is not in the catalogue"},
        {"agent_id,course_id,time\nA1,BASE,June\n", CSVC_E_PARSE,
         "line 2, column 3 (time): 'June' is not a time"},
        {"agent_id,course_id,time,post\nA1,BASE,2025-06-01,8x\n", CSVC_E_PARSE,
         "column 4 (post): '8x' is not a whole number"},
        {"agent_id,course_id,time,pre\nA1,BASE,2025-06-01,-3\n", CSVC_E_RANGE,
         "(pre): '-3' is negative"},
        {"agent_id,course_id,time,post\nA1,BASE,2025-06-01,90\nA1,BASE,2025-06-02,101\n",
         CSVC_E_RANGE, "line 3: agent 'A1', course 'BASE': post score 101 outside 0..100"},
        {"agent_id,course_id,time,satisfaction\nA1,BASE,2025-06-01,6\n", CSVC_E_RANGE,
         "satisfaction 6 outside 1..5"},
        /* Before A1's completion of 2025-05-01 already recorded. */
        {"agent_id,course_id,time\nA1,BASE,2025-04-01\n", CSVC_E_CONSTRAINT,
         "line 2: agent 'A1': time"},
        {"agent_id,course_id,time\nB1,ADV,2025-06-01\n", CSVC_E_CONSTRAINT,
         "prerequisite 'BASE' not passed"},
        {"agent_id,time\nA1,2025-06-01\n", CSVC_E_PARSE, "course_id"},
        {"agent_id,course_id,time\nA1,BASE\n", CSVC_E_PARSE, "line 2"},
        {"agent_id,course_id,time\nA1,BASE,99999999999999999\n", CSVC_E_RANGE,
         "outside years 1..9999"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        size_t added = 77;
        assert_status_msg(csvc_training_import_records_csv_buffer(f->t, bad[i].csv,
                                                                  strlen(bad[i].csv), &added),
                          bad[i].status, bad[i].needle);
        assert_int_equal(added, 77);
        assert_int_equal(csvc_training_completion_count(f->t), 1);
        char *after = transcript(f);
        assert_string_equal(after, before);
        csvc_free(after);
    }
    assert_status_msg(csvc_training_import_records_csv(NULL, "x", NULL), CSVC_E_NULL, "training");
    assert_status_msg(csvc_training_import_records_csv(f->t, NULL, NULL), CSVC_E_NULL, "path");
    assert_status_msg(csvc_training_import_records_csv_buffer(f->t, NULL, 3, NULL), CSVC_E_NULL,
                      "data");
    assert_status_msg(csvc_training_import_records_csv(f->t, "/nonexistent/records.csv", NULL),
                      CSVC_E_IO, "/nonexistent/records.csv");
    csvc_free(before);
    destroy(f);
}

static void test_allocation_failures_change_nothing_and_leak_nothing(void **state)
{
    (void)state;
    for (long budget = 0;; budget++) {
        test_failing_alloc fa = {-1, 0, 0};
        csvc_allocator alloc = test_failing_allocator(&fa);
        fx *f = make_with(&alloc);
        fa.budget = budget;
        size_t added = 0;
        csvc_status rc =
            csvc_training_import_records_csv_buffer(f->t, records, sizeof records - 1, &added);
        fa.budget = -1;
        if (rc == CSVC_OK) {
            assert_int_equal(added, 4);
        } else {
            assert_int_equal(rc, CSVC_E_NOMEM);
            assert_int_equal(csvc_training_completion_count(f->t), 0);
        }
        destroy(f);
        assert_int_equal(fa.live, 0);
        if (rc == CSVC_OK)
            break;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_are_recorded_in_time_order_at_the_team_offset),
        cmocka_unit_test(test_the_same_file_twice_records_nothing_and_a_transcript_reads_back),
        cmocka_unit_test(test_two_equal_rows_on_one_file_are_both_recorded_and_a_header_alone_none),
        cmocka_unit_test(test_bad_rows_name_their_line_and_change_nothing),
        cmocka_unit_test(test_allocation_failures_change_nothing_and_leak_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
