/* Training plans in the store: every change survives a reopen (the same
 * status report, transcript and session results), a refused change stores
 * nothing, a second handle's enrolment counts against the capacity before
 * this handle's, only an empty plan attaches, and a records file is one
 * transaction. */
#include "fixtures.h"

#include "civil.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROSTER_CSV "../../examples/data/roster.csv"
#define COURSES_CSV "../../examples/data/training_courses.csv"
#define REQUIREMENTS_JSON "../../examples/data/training_requirements.json"
#define OFFSET (8 * 3600)

static char path[64];

static void remove_db(void)
{
    char name[96];
    const char *suffixes[] = {"", "-wal", "-shm", "-lock"};
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
        unlink(name);
    }
}

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/csvc_training_%d.db", (int)getpid());
    remove_db();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    remove_db();
    return 0;
}

static int64_t training_rows(void)
{
    return test_sql_int(path, "SELECT COUNT(*) FROM training");
}

static int64_t local(int y, int m, int d, int h)
{
    return cs_days_from_civil(y, m, d) * 86400 + h * 3600 - OFFSET;
}

typedef struct session {
    csvc_store *store;
    csvc_roster *roster;
    csvc_training *t;
} session;

static void open_session(session *s)
{
    assert_csvc_ok(csvc_store_open(path, NULL, &s->store));
    assert_csvc_ok(csvc_roster_new(NULL, &s->roster));
    assert_ok(s->store, csvc_store_attach_roster(s->store, s->roster));
    if (csvc_roster_agent_count(s->roster) == 0)
        assert_ok(s->roster, csvc_roster_import_csv(s->roster, ROSTER_CSV));
    csvc_training_options o = CSVC_TRAINING_OPTIONS_INIT;
    o.utc_offset = OFFSET;
    assert_csvc_ok(csvc_training_new(s->roster, &o, NULL, &s->t));
    assert_ok(s->store, csvc_store_attach_training(s->store, s->t));
}

static void close_session(session *s)
{
    csvc_store_close(s->store);
    csvc_training_free(s->t);
    csvc_roster_free(s->roster);
}

/* Everything a report shows, as one text. */
static char *snapshot(const csvc_training *t)
{
    char *status = NULL, *transcript = NULL, *why = NULL;
    assert_csvc_ok(csvc_training_export_status_csv(t, local(2025, 12, 1, 18), 0, &status, NULL));
    assert_csvc_ok(csvc_training_transcript_csv(t, NULL, NULL, &transcript, NULL));
    csvc_training_effect e;
    assert_csvc_ok(csvc_training_session_effect(t, "S1", &e));
    int ok;
    assert_csvc_ok(csvc_training_promotion_check(t, "A202", local(2025, 12, 1, 18), NULL, 0, &ok,
                                                 &why, NULL));
    size_t n = strlen(status) + strlen(transcript) + strlen(why) + 200;
    char *all = malloc(n);
    snprintf(all, n, "%s%s%zu/%zu/%zu %.3f %.3f\n%s", status, transcript, e.enrolled, e.attended,
             e.passed, e.satisfaction, e.gain, why);
    csvc_free(status);
    csvc_free(transcript);
    csvc_free(why);
    return all;
}

static void test_training_survives_a_reopen(void **state)
{
    (void)state;
    session s;
    open_session(&s);
    csvc_training *t = s.t;
    assert_ok(t, csvc_training_import_courses_csv(t, COURSES_CSV));
    assert_ok(t, csvc_training_set_team_offset(t, "RET", 7 * 3600));
    assert_ok(t, csvc_training_load_requirements_json(t, REQUIREMENTS_JSON));
    assert_ok(t, csvc_training_complete(t, "A202", "ONB", local(2020, 9, 15, 10), -1, 80, 4));
    assert_ok(t, csvc_training_complete(t, "A202", "PROD", local(2025, 9, 2, 10), 40, 82, 5));
    csvc_training_session ss = CSVC_TRAINING_SESSION_INIT;
    ss.id = "S1";
    ss.course_id = "ADV";
    ss.start = local(2025, 10, 6, 9);
    ss.trainer = "Liu Yang 刘洋";
    ss.capacity = 2;
    assert_ok(t, csvc_training_add_session(t, &ss));
    assert_ok(t, csvc_training_enrol(t, "S1", "A202"));
    assert_ok(t, csvc_training_record_session(t, "S1", "A202", 1, local(2025, 10, 6, 17), 55, 77,
                                              4));
    assert_ok(t, csvc_training_record_promotion(t, "A202", CSVC_LEVEL_SENIOR,
                                                local(2022, 3, 1, 9)));
    csvc_promotion_rule rule = CSVC_PROMOTION_RULE_INIT;
    rule.to = CSVC_LEVEL_EXPERT;
    rule.reviews = 0;
    assert_ok(t, csvc_training_set_promotion_rule(t, &rule));
    int64_t rows = training_rows();
    assert_int_equal(rows, 10 + 1 + 8 + 2 + 1 + 1 + 1 + 1 + 1); /* courses, offset, ... */
    /* Refused changes store nothing. */
    assert_int_equal(csvc_training_complete(t, "A202", "LAW", local(2025, 11, 1, 10), 1, 101, 4),
                     CSVC_E_RANGE);
    assert_int_equal(csvc_training_enrol(t, "S1", "A202"), CSVC_E_EXISTS);
    static const char cycle[] = "id,title,kind,delivery,minutes,passing_score,prerequisites\n"
                                "X,x,advanced,online,60,60,Y\nY,y,advanced,online,60,60,X\n";
    assert_int_equal(csvc_training_import_courses_csv_buffer(t, cycle, sizeof cycle - 1),
                     CSVC_E_INVALID);
    assert_int_equal(training_rows(), rows);
    char *before = snapshot(t);
    assert_non_null(strstr(before, "A202,RET,")); /* RET's times at +07:00 */
    assert_non_null(strstr(before, "+07:00"));
    close_session(&s);

    open_session(&s);
    char *after = snapshot(s.t);
    assert_string_equal(after, before);
    assert_int_equal(csvc_training_course_count(s.t), 10);
    uint64_t bad = 1;
    assert_ok(s.store, csvc_store_verify(s.store, &bad));
    /* Inside a batch a change is refused before it is made. */
    size_t done = csvc_training_completion_count(s.t);
    assert_ok(s.store, csvc_store_begin(s.store));
    assert_status_msg(csvc_training_complete(s.t, "A202", "LAW", local(2025, 11, 1, 10), 1, 90, 4),
                      CSVC_E_BUSY, "batch");
    assert_int_equal(csvc_training_completion_count(s.t), done);
    assert_ok(s.store, csvc_store_rollback(s.store));
    /* The replayed plan goes on journaling. */
    assert_ok(s.t, csvc_training_complete(s.t, "A202", "LAW", local(2025, 11, 1, 10), 1, 90, 4));
    assert_int_equal(training_rows(), rows + 1);
    close_session(&s);
    free(before);
    free(after);
}

/* A records file is stored in one transaction, a row per completion;
 * a refused file stores nothing and the same file again adds nothing. */
static void test_records_import_survives_a_reopen(void **state)
{
    (void)state;
    session s;
    open_session(&s);
    assert_ok(s.t, csvc_training_import_courses_csv(s.t, COURSES_CSV));
    int64_t rows = training_rows();
    static const char records[] = "agent_id,course_id,time,pre,post,satisfaction\n"
                                  "A202,PROD,2025-09-02T10:00,40,82,5\n"
                                  "A202,ONB,2020-09-15T10:00,,80,4\n";
    size_t added = 0;
    assert_ok(s.t, csvc_training_import_records_csv_buffer(s.t, records, sizeof records - 1,
                                                           &added));
    assert_int_equal(added, 2);
    assert_int_equal(training_rows(), rows + 2);
    static const char bad[] = "agent_id,course_id,time\nA202,LAW,2025-10-01\nA202,X,2025-10-02\n";
    assert_status_msg(csvc_training_import_records_csv_buffer(s.t, bad, sizeof bad - 1, NULL),
                      CSVC_E_NOTFOUND, "line 3");
    assert_int_equal(training_rows(), rows + 2);
    char *before = NULL;
    assert_csvc_ok(csvc_training_transcript_csv(s.t, NULL, NULL, &before, NULL));
    close_session(&s);

    open_session(&s);
    char *after = NULL;
    assert_csvc_ok(csvc_training_transcript_csv(s.t, NULL, NULL, &after, NULL));
    assert_string_equal(after, before);
    assert_non_null(strstr(after, "A202,ONB,"));
    assert_ok(s.t, csvc_training_import_records_csv_buffer(s.t, records, sizeof records - 1,
                                                           &added));
    assert_int_equal(added, 0);
    assert_int_equal(training_rows(), rows + 2);
    close_session(&s);
    csvc_free(before);
    csvc_free(after);
}

/* Two handles on one file: B's enrolment takes the last seat first. */
static void test_two_handles_share_the_capacity(void **state)
{
    (void)state;
    session a, b;
    open_session(&a);
    open_session(&b);
    assert_ok(a.t, csvc_training_import_courses_csv(a.t, COURSES_CSV));
    csvc_training_session ss = CSVC_TRAINING_SESSION_INIT;
    ss.id = "S1";
    ss.course_id = "LAW";
    ss.start = local(2025, 10, 6, 9);
    ss.capacity = 1;
    assert_ok(a.t, csvc_training_add_session(a.t, &ss));
    assert_ok(b.t, csvc_training_enrol(b.t, "S1", "A201")); /* B sees A's session */
    assert_status_msg(csvc_training_enrol(a.t, "S1", "A202"), CSVC_E_CONSTRAINT, "full (1 of 1");
    close_session(&a);
    close_session(&b);

    /* Only an empty plan over the store's roster attaches. */
    csvc_store *store;
    csvc_roster *roster, *stranger;
    assert_csvc_ok(csvc_store_open(path, NULL, &store));
    assert_csvc_ok(csvc_roster_new(NULL, &roster));
    assert_csvc_ok(csvc_roster_new(NULL, &stranger));
    assert_ok(store, csvc_store_attach_roster(store, roster));
    csvc_training *full = NULL, *elsewhere = NULL, *empty = NULL;
    assert_csvc_ok(csvc_training_new(roster, NULL, NULL, &full));
    assert_csvc_ok(csvc_training_new(stranger, NULL, NULL, &elsewhere));
    assert_csvc_ok(csvc_training_new(roster, NULL, NULL, &empty));
    csvc_course k = CSVC_COURSE_INIT;
    k.id = k.title = "Z";
    assert_ok(full, csvc_training_add_course(full, &k));
    assert_status_msg(csvc_store_attach_training(store, full), CSVC_E_CONFLICT, "empty");
    assert_status_msg(csvc_store_attach_training(store, elsewhere), CSVC_E_INVALID, "roster");
    assert_ok(store, csvc_store_attach_training(store, empty));
    assert_int_equal(csvc_training_course_count(empty), 10); /* loaded */
    assert_status_msg(csvc_store_attach_training(store, empty), CSVC_E_EXISTS, "attached");
    csvc_store_close(store);
    csvc_training_free(full);
    csvc_training_free(elsewhere);
    csvc_training_free(empty);
    csvc_roster_free(roster);
    csvc_roster_free(stranger);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_training_survives_a_reopen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_handles_share_the_capacity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_records_import_survives_a_reopen, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
