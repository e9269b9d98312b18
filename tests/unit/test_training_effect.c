/* Training effectiveness: L1/L2 of a session and a course from hand-made
 * results, enrolment refusals (capacity, prerequisites, not yet hired,
 * twice), and L3/L4 from two KPI reviews around the course. */
#include "kpi_fixtures.h"

#define DAY INT64_C(86400)

static csvc_training *plan_over(csvc_roster *r)
{
    csvc_training *t = NULL;
    assert_csvc_ok(csvc_training_new(r, NULL, NULL, &t));
    csvc_course c = CSVC_COURSE_INIT;
    c.id = "BASE";
    c.title = "Basics";
    assert_ok(t, csvc_training_add_course(t, &c));
    static const char *const base[] = {"BASE"};
    c.id = "ADV";
    c.title = "Advanced";
    c.passing_score = 70;
    c.dimensions = 1u << CSVC_DIM_EFFICIENCY;
    c.prerequisites = base;
    c.nprerequisites = 1;
    assert_ok(t, csvc_training_add_course(t, &c));
    return t;
}

static void test_sessions_and_l1_l2(void **state)
{
    (void)state;
    csvc_roster *r = fixture_roster();
    csvc_training *t = plan_over(r);
    csvc_training_session s = CSVC_TRAINING_SESSION_INIT;
    s.id = "S1";
    s.course_id = "ADV";
    s.start = T0;
    s.trainer = "Liu Yang 刘洋";
    s.capacity = 2;
    assert_ok(t, csvc_training_add_session(t, &s));
    assert_status_msg(csvc_training_add_session(t, &s), CSVC_E_EXISTS, "'S1'");

    assert_status_msg(csvc_training_enrol(t, "S1", "A"), CSVC_E_CONSTRAINT, "prerequisite 'BASE'");
    assert_ok(t, csvc_training_complete(t, "A", "BASE", T0 - 10 * DAY, 50, 80, 4));
    assert_ok(t, csvc_training_complete(t, "B", "BASE", T0 - 9 * DAY, 50, 90, 5));
    assert_ok(t, csvc_training_complete(t, "C", "BASE", T0 - 8 * DAY, 50, 90, 5));
    assert_ok(t, csvc_training_enrol(t, "S1", "A"));
    assert_status_msg(csvc_training_enrol(t, "S1", "A"), CSVC_E_EXISTS, "already enrolled");
    assert_ok(t, csvc_training_enrol(t, "S1", "B"));
    assert_status_msg(csvc_training_enrol(t, "S1", "C"), CSVC_E_CONSTRAINT, "full (2 of 2");
    assert_status_msg(csvc_training_enrol(t, "S1", "ZZ"), CSVC_E_NOTFOUND, "agent 'ZZ'");
    assert_status_msg(csvc_training_enrol(t, "S9", "A"), CSVC_E_NOTFOUND, "session 'S9'");

    /* A completion before the session starts, an agent not enrolled. */
    assert_status_msg(csvc_training_record_session(t, "S1", "A", 1, T0 - 1, 40, 85, 5),
                      CSVC_E_RANGE, "before session 'S1'");
    assert_status_msg(csvc_training_record_session(t, "S1", "C", 1, T0, 40, 85, 5),
                      CSVC_E_CONSTRAINT, "not enrolled");
    assert_status_msg(csvc_training_record_session(t, "S1", "A", 1, T0, 40, 101, 5),
                      CSVC_E_RANGE, "post score 101");
    assert_int_equal(csvc_training_completion_count(t), 3);
    /* A: 40 -> 85, rating 5, passes; B: 55 -> 65, rating 3, fails (70). */
    assert_ok(t, csvc_training_record_session(t, "S1", "A", 1, T0 + 8 * 3600, 40, 85, 5));
    assert_ok(t, csvc_training_record_session(t, "S1", "B", 1, T0 + 8 * 3600, 55, 65, 3));
    assert_status_msg(csvc_training_record_session(t, "S1", "B", 1, T0 + 9 * 3600, 55, 75, 3),
                      CSVC_E_CONSTRAINT, "already recorded");
    csvc_training_effect e;
    assert_ok(t, csvc_training_session_effect(t, "S1", &e));
    assert_int_equal(e.enrolled, 2);
    assert_int_equal(e.attended, 2);
    assert_int_equal(e.completions, 2);
    assert_int_equal(e.passed, 1);
    assert_near(e.pass_rate, 0.5);
    assert_near(e.satisfaction, 4.0);
    assert_near(e.gain, 27.5); /* (45 + 10) / 2 */

    /* A second session: C enrols, is absent; the course's L1/L2 counts the
     * completions in the period only. */
    s.id = "S2";
    s.start = T0 + 7 * DAY;
    s.trainer = NULL;
    s.capacity = 10;
    assert_ok(t, csvc_training_add_session(t, &s));
    assert_ok(t, csvc_training_enrol(t, "S2", "C"));
    assert_ok(t, csvc_training_record_session(t, "S2", "C", 0, 0, 0, 0, 0));
    assert_ok(t, csvc_training_session_effect(t, "S2", &e));
    assert_int_equal(e.enrolled, 1);
    assert_int_equal(e.attended, 0);
    assert_int_equal(e.completions, 0);
    assert_true(isnan(e.satisfaction) && isnan(e.gain) && isnan(e.pass_rate));
    assert_ok(t, csvc_training_course_effect(t, "ADV", NULL, &e));
    assert_int_equal(e.completions, 2);
    assert_ok(t, csvc_training_course_effect(t, "BASE", NULL, &e));
    assert_int_equal(e.completions, 3);
    assert_near(e.gain, (30.0 + 40 + 40) / 3);
    csvc_period before = {T0 - 30 * DAY, T0 - 9 * DAY};
    assert_ok(t, csvc_training_course_effect(t, "BASE", &before, &e));
    assert_int_equal(e.completions, 1);
    assert_near(e.satisfaction, 4.0);
    csvc_period empty = {T0, T0};
    assert_int_equal(csvc_training_course_effect(t, "BASE", &empty, &e), CSVC_E_RANGE);
    assert_int_equal(csvc_training_course_effect(t, "NOPE", NULL, &e), CSVC_E_NOTFOUND);

    /* A's transcript: BASE ten days before, ADV in session S1. */
    char *csv = NULL;
    assert_ok(t, csvc_training_transcript_csv(t, "A", NULL, &csv, NULL));
    assert_string_equal(csv, "agent_id,course_id,title,time,session_id,pre,post,passed,"
                             "satisfaction,minutes\n"
                             "A,BASE,Basics,2025-11-21T00:00:00+00:00,,50,80,1,4,60\n"
                             "A,ADV,Advanced,2025-12-01T08:00:00+00:00,S1,40,85,1,5,60\n");
    csvc_free(csv);
    assert_ok(t, csvc_training_transcript_json(t, "A", NULL, &csv, NULL));
    assert_string_equal(csv, "[{\"agent_id\":\"A\",\"course_id\":\"BASE\",\"title\":\"Basics\","
                             "\"time\":\"2025-11-21T00:00:00+00:00\",\"session_id\":null,\"pre\":50,"
                             "\"post\":80,\"passed\":true,\"satisfaction\":4,\"minutes\":60},"
                             "{\"agent_id\":\"A\",\"course_id\":\"ADV\",\"title\":\"Advanced\","
                             "\"time\":\"2025-12-01T08:00:00+00:00\",\"session_id\":\"S1\",\"pre\":40,"
                             "\"post\":85,\"passed\":true,\"satisfaction\":5,\"minutes\":60}]\n");
    csvc_free(csv);
    double hours = 0;
    assert_ok(t, csvc_training_hours(t, "A", NULL, &hours));
    assert_near(hours, 2.0);
    csvc_period december = {T0, T0 + 31 * DAY};
    assert_ok(t, csvc_training_hours(t, "B", &december, &hours));
    assert_near(hours, 1.0); /* the failed ADV attempt counts as time spent */
    assert_int_equal(csvc_training_hours(t, "ZZ", NULL, &hours), CSVC_E_NOTFOUND);
    assert_ok(t, csvc_training_transcript_csv(t, NULL, &december, &csv, NULL));
    assert_int_equal(contains(csv, "\nA,ADV,") + contains(csv, "\nB,ADV,"), 2);
    assert_false(contains(csv, ",BASE,"));
    csvc_free(csv);

    s.id = "S3";
    s.capacity = 0;
    assert_status_msg(csvc_training_add_session(t, &s), CSVC_E_RANGE, "capacity 0");
    s.capacity = 5;
    s.course_id = "NOPE";
    assert_status_msg(csvc_training_add_session(t, &s), CSVC_E_NOTFOUND, "course 'NOPE'");
    csvc_training_free(t);
    csvc_roster_free(r);
}

/* Two reviews of one objective KPI (efficiency, score = the value on
 * 0..100): November before, December after the course. */
static csvc_kpi_results *review_of(csvc_roster *r, csvc_kpi_model *m, const csvc_period *p,
                                   const double values[4])
{
    static const char *const agents[] = {"A", "B", "C", "D"};
    csvc_kpi_review *rv = NULL;
    assert_csvc_ok(csvc_kpi_review_new(r, m, p, NULL, &rv));
    for (int i = 0; i < 4; i++)
        assert_ok(rv, csvc_kpi_review_set_objective(rv, agents[i], "aht", values[i]));
    csvc_kpi_results *res = NULL;
    assert_ok(rv, csvc_kpi_review_compute(rv, &res));
    csvc_kpi_review_free(rv);
    return res;
}

static void test_kpi_change_around_a_course(void **state)
{
    (void)state;
    csvc_roster *r = fixture_roster();
    csvc_kpi_model *m = NULL;
    assert_csvc_ok(csvc_kpi_model_new(NULL, "t1", &m));
    add_linear(m, "aht", NULL, CSVC_HIGHER_IS_BETTER, 0, 100, 1);
    csvc_period nov = {T0 - 30 * DAY, T0}, dec = {T0, T0 + 31 * DAY};
    static const double before_values[] = {40, 50, 80, 30}, after_values[] = {70, 55, 60, 90};
    csvc_kpi_results *before = review_of(r, m, &nov, before_values);
    csvc_kpi_results *after = review_of(r, m, &dec, after_values);
    csvc_training *t = plan_over(r);
    /* A and B pass ADV in December; C only fails it; D passed it in
     * November, before the first review ended. */
    static const char *const all[] = {"A", "B", "C", "D"};
    for (int i = 0; i < 4; i++)
        assert_ok(t, csvc_training_complete(t, all[i], "BASE", T0 - 20 * DAY, 1, 99, 4));
    assert_ok(t, csvc_training_complete(t, "D", "ADV", T0 - 2 * DAY, 1, 99, 4));
    assert_ok(t, csvc_training_complete(t, "A", "ADV", T0 + 3 * DAY, 1, 80, 4));
    assert_ok(t, csvc_training_complete(t, "B", "ADV", T0 + 4 * DAY, 1, 75, 4));
    assert_ok(t, csvc_training_complete(t, "C", "ADV", T0 + 5 * DAY, 1, 60, 4));
    csvc_training_kpi_effect k;
    assert_csvc_ok(csvc_training_kpi_effect_of(t, "ADV", before, &nov, after, &dec, &k));
    assert_int_equal(k.agents, 2);
    assert_near(k.dimensions[CSVC_DIM_EFFICIENCY], 17.5); /* (+30 + 5) / 2 */
    assert_near(k.composite, 17.5);
    assert_true(isnan(k.dimensions[CSVC_DIM_QUALITY]));
    assert_int_equal(csvc_training_kpi_effect_of(t, "ADV", after, &dec, before, &nov, &k),
                     CSVC_E_RANGE);
    assert_int_equal(csvc_training_kpi_effect_of(t, "ADV", NULL, &nov, after, &dec, &k),
                     CSVC_E_NULL);
    csvc_training_free(t);
    csvc_kpi_results_free(before);
    csvc_kpi_results_free(after);
    csvc_kpi_model_free(m);
    csvc_roster_free(r);
}

static char *promotion(csvc_training *t, const char *agent, int64_t at,
                       const csvc_kpi_results *const *reviews, size_t n, int *eligible)
{
    char *why = NULL;
    assert_ok(t, csvc_training_promotion_check(t, agent, at, reviews, n, eligible, &why, NULL));
    return why;
}

static void test_needs_and_promotion(void **state)
{
    (void)state;
    csvc_roster *r = fixture_roster();
    csvc_kpi_model *m = NULL;
    assert_csvc_ok(csvc_kpi_model_new(NULL, "t1", &m));
    add_linear(m, "aht", NULL, CSVC_HIGHER_IS_BETTER, 0, 100, 1);
    csvc_period nov = {T0 - 30 * DAY, T0}, dec = {T0, T0 + 31 * DAY};
    /* Letter grades: S >= 90 (5), A >= 80 (4), B >= 70 (3), C >= 60 (2), D (1). */
    static const double nov_values[] = {40, 85, 95, 30}, dec_values[] = {70, 92, 75, 90};
    csvc_kpi_results *before = review_of(r, m, &nov, nov_values);
    csvc_kpi_results *after = review_of(r, m, &dec, dec_values);
    csvc_training *t = plan_over(r);
    int64_t at = T0 + 31 * DAY;

    /* Efficiency below 80 in December: A (70) and C (75); ADV trains it. */
    char *csv = NULL;
    assert_ok(t, csvc_training_needs_csv(t, after, 80, at, &csv, NULL));
    assert_string_equal(csv, "agent_id,dimension,score,course_id\n"
                             "A,efficiency,70.0000,ADV\n"
                             "C,efficiency,75.0000,ADV\n");
    csvc_free(csv);
    assert_ok(t, csvc_training_complete(t, "A", "BASE", T0, 1, 90, 4));
    assert_ok(t, csvc_training_complete(t, "A", "ADV", T0 + DAY, 1, 90, 4));
    assert_ok(t, csvc_training_needs_csv(t, after, 80, at, &csv, NULL));
    assert_string_equal(csv, "agent_id,dimension,score,course_id\nC,efficiency,75.0000,ADV\n");
    csvc_free(csv);
    assert_int_equal(csvc_training_needs_csv(t, after, 101, at, &csv, NULL), CSVC_E_RANGE);

    /* BASE every year for everyone; ADV before becoming senior. */
    csvc_requirement q = CSVC_REQUIREMENT_INIT;
    q.id = "law";
    q.course_id = "BASE";
    assert_ok(t, csvc_training_add_requirement(t, &q));
    q.id = "lead";
    q.course_id = "ADV";
    q.level = CSVC_LEVEL_SENIOR;
    assert_ok(t, csvc_training_add_requirement(t, &q));
    csvc_promotion_rule rule = CSVC_PROMOTION_RULE_INIT;
    rule.min_grade = 3;
    rule.reviews = 2;
    assert_ok(t, csvc_training_set_promotion_rule(t, &rule));
    const csvc_kpi_results *both[] = {after, before};
    int ok = -1;
    /* B: grades 5 and 4, BASE passed, ADV not: one reason. */
    assert_ok(t, csvc_training_complete(t, "B", "BASE", T0, 1, 90, 4));
    char *why = promotion(t, "B", at, both, 2, &ok);
    assert_int_equal(ok, 0);
    assert_string_equal(why, "requirement 'lead' of senior (course 'ADV') is not passed\n");
    csvc_free(why);
    assert_ok(t, csvc_training_complete(t, "B", "ADV", T0 + 2 * DAY, 1, 80, 4));
    why = promotion(t, "B", at, both, 2, &ok);
    assert_int_equal(ok, 1);
    assert_string_equal(why, "");
    csvc_free(why);
    /* D: BASE overdue (due 30 days after the start, 1970), ADV missing,
     * grade 1 in November; with one review given, one missing. */
    why = promotion(t, "D", at, both, 1, &ok);
    assert_int_equal(ok, 0);
    assert_string_equal(why, "requirement 'law' (course 'BASE') is overdue\n"
                             "requirement 'lead' of senior (course 'ADV') is not passed\n"
                             "1 of the last 2 reviews given\n");
    csvc_free(why);
    why = promotion(t, "D", at, both, 2, &ok);
    assert_non_null(strstr(why, "grade 1 in review 2 (newest first); 3 needed"));
    csvc_free(why);
    rule.to = CSVC_LEVEL_JUNIOR;
    assert_status_msg(csvc_training_set_promotion_rule(t, &rule), CSVC_E_RANGE, "senior .. manager");
    rule.to = CSVC_LEVEL_SENIOR;
    rule.min_grade = 6;
    assert_status_msg(csvc_training_set_promotion_rule(t, &rule), CSVC_E_RANGE, "min_grade 6");
    assert_int_equal(csvc_training_promotion_check(t, "ZZ", at, both, 2, &ok, &why, NULL),
                     CSVC_E_NOTFOUND);
    csvc_training_free(t);
    csvc_kpi_results_free(before);
    csvc_kpi_results_free(after);
    csvc_kpi_model_free(m);
    csvc_roster_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sessions_and_l1_l2),
        cmocka_unit_test(test_kpi_change_around_a_course),
        cmocka_unit_test(test_needs_and_promotion),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
