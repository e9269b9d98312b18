/* Training plans: certificate expiry across month ends, leap years and UTC
 * offsets; recurrence after completion (re-dated by a new completion) and
 * anchored to calendar dates; onboarding and launch triggers; horizons and
 * reminders sent once per horizon; coverage with inactive, separated and
 * not-yet-hired agents; the catalogue CSV (prerequisites in any order,
 * cycles); bad input changing nothing. Every date is worked out by hand in
 * the comments. */
#include "fixtures.h"

#include "civil.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define DAY INT64_C(86400)
#define HOUR INT64_C(3600)

/* Unix seconds of a local time at `offset_h` hours east of UTC. */
static int64_t L(int y, int m, int d, int h, int offset_h)
{
    return cs_days_from_civil(y, m, d) * DAY + h * HOUR - offset_h * HOUR;
}

static int64_t midnight_utc(int y, int m, int d)
{
    return cs_days_from_civil(y, m, d) * DAY;
}

typedef struct fx {
    csvc_roster *roster;
    csvc_training *t;
} fx;

static void agent(csvc_roster *r, const char *id, const char *team, csvc_level level,
                  int64_t hired, int active)
{
    csvc_agent_info a = CSVC_AGENT_INFO_INIT;
    a.id = id;
    a.name = id;
    a.team_id = team;
    a.level = level;
    a.hire_date = hired;
    a.active = active;
    assert_ok(r, csvc_roster_add_agent(r, &a));
}

/* Team T1: A1 (junior, hired 2025-01-31), A2 (senior, 2024-02-29), A3
 * (inactive), A4 (hired 2026-06-01); team T2: B1 (junior, 2023-05-15). */
static fx *make(int offset_h)
{
    fx *f = calloc(1, sizeof *f);
    assert_csvc_ok(csvc_roster_new(NULL, &f->roster));
    static const char *const teams[] = {"T1", "T2"};
    for (int i = 0; i < 2; i++) {
        csvc_team_info team = CSVC_TEAM_INFO_INIT;
        team.id = teams[i];
        assert_ok(f->roster, csvc_roster_add_team(f->roster, &team));
    }
    agent(f->roster, "A1", "T1", CSVC_LEVEL_JUNIOR, midnight_utc(2025, 1, 31), 1);
    agent(f->roster, "A2", "T1", CSVC_LEVEL_SENIOR, midnight_utc(2024, 2, 29), 1);
    agent(f->roster, "A3", "T1", CSVC_LEVEL_JUNIOR, midnight_utc(2024, 1, 1), 0);
    agent(f->roster, "A4", "T1", CSVC_LEVEL_JUNIOR, midnight_utc(2026, 6, 1), 1);
    agent(f->roster, "B1", "T2", CSVC_LEVEL_JUNIOR, midnight_utc(2023, 5, 15), 1);
    csvc_training_options o = CSVC_TRAINING_OPTIONS_INIT;
    o.utc_offset = offset_h * 3600;
    assert_csvc_ok(csvc_training_new(f->roster, &o, NULL, &f->t));
    return f;
}

static void destroy(fx *f)
{
    csvc_training_free(f->t);
    csvc_roster_free(f->roster);
    free(f);
}

static void course(fx *f, const char *id, int validity_months, int passing)
{
    csvc_course c = CSVC_COURSE_INIT;
    c.id = id;
    c.title = id;
    c.validity_months = validity_months;
    c.passing_score = passing;
    assert_ok(f->t, csvc_training_add_course(f->t, &c));
}

static void require(fx *f, const csvc_requirement *q)
{
    assert_ok(f->t, csvc_training_add_requirement(f->t, q));
}

static void complete(fx *f, const char *agent_id, const char *course_id, int64_t time, int post)
{
    assert_ok(f->t, csvc_training_complete(f->t, agent_id, course_id, time, 50, post, 4));
}

static csvc_item_status status(fx *f, const char *agent_id, const char *req, int64_t at)
{
    csvc_item_status st;
    assert_ok(f->t, csvc_training_status(f->t, agent_id, req, at, &st));
    return st;
}

static csvc_requirement plain(const char *id, const char *course_id)
{
    csvc_requirement q = CSVC_REQUIREMENT_INIT;
    q.id = id;
    q.course_id = course_id;
    return q;
}

/* ---- expiry ----------------------------------------------------------------------- */

static void test_expiry_across_month_ends_leap_years_and_offsets(void **state)
{
    (void)state;
    /* +08:00: a completion on 2025-01-30T20:00Z is 31 January 04:00 local;
     * one month later is 28 February 04:00 local = 2025-02-27T20:00Z (in
     * UTC it would have been 28 February 20:00Z). */
    fx *f = make(8);
    course(f, "SAFE", 1, 60);
    csvc_requirement q = plain("safe", "SAFE");
    require(f, &q);
    int64_t done = midnight_utc(2025, 1, 30) + 20 * HOUR;
    complete(f, "B1", "SAFE", done, 80);
    int64_t until = L(2025, 2, 28, 4, 8);
    assert_int_equal(until, midnight_utc(2025, 2, 27) + 20 * HOUR);
    csvc_item_status st = status(f, "B1", "safe", until - 1);
    assert_int_equal(st.state, CSVC_ITEM_EXPIRING);
    assert_int_equal(st.horizon, 7);
    assert_int_equal(st.valid_until, until);
    assert_int_equal(st.completed, done);
    st = status(f, "B1", "safe", until); /* the boundary instant: expired */
    assert_int_equal(st.state, CSVC_ITEM_EXPIRED);
    /* Leap year: A3 on 2024-01-31 10:00 local -> 2024-02-29 10:00 local. */
    complete(f, "A3", "SAFE", L(2024, 1, 31, 10, 8), 60); /* exactly the passing score */
    assert_int_equal(status(f, "A3", "safe", L(2024, 2, 1, 0, 8)).valid_until,
                     L(2024, 2, 29, 10, 8));
    destroy(f);

    /* -05:00: 2025-03-01T02:00Z is 28 February 21:00 local; + 1 month is
     * 28 March 21:00 local = 2025-03-29T02:00Z (UTC: 1 April). */
    f = make(-5);
    course(f, "SAFE", 1, 0);
    require(f, &q);
    complete(f, "B1", "SAFE", midnight_utc(2025, 3, 1) + 2 * HOUR, CSVC_TRAINING_NO_SCORE);
    assert_int_equal(status(f, "B1", "safe", midnight_utc(2025, 3, 2)).valid_until,
                     midnight_utc(2025, 3, 29) + 2 * HOUR);
    destroy(f);
}

/* A team on its own calendar: T2 at -05:00 in a plan at +08:00. */
static void test_team_offsets(void **state)
{
    (void)state;
    fx *f = make(8);
    course(f, "SAFE", 1, 0);
    csvc_requirement q = plain("safe", "SAFE");
    require(f, &q);
    assert_ok(f->t, csvc_training_set_team_offset(f->t, "T2", -5 * 3600));
    int64_t done = midnight_utc(2025, 3, 1) + 2 * HOUR;
    complete(f, "B1", "SAFE", done, CSVC_TRAINING_NO_SCORE); /* T2: 28 Feb 21:00 local */
    complete(f, "A3", "SAFE", done, CSVC_TRAINING_NO_SCORE); /* T1: 1 Mar 10:00 local */
    assert_int_equal(status(f, "B1", "safe", done).valid_until, midnight_utc(2025, 3, 29) + 2 * HOUR);
    assert_int_equal(status(f, "A3", "safe", done).valid_until, midnight_utc(2025, 4, 1) + 2 * HOUR);
    char *csv = NULL;
    assert_ok(f->t, csvc_training_transcript_csv(f->t, NULL, NULL, &csv, NULL));
    assert_non_null(strstr(csv, "\nA3,SAFE,SAFE,2025-03-01T10:00:00+08:00,"));
    assert_non_null(strstr(csv, "\nB1,SAFE,SAFE,2025-02-28T21:00:00-05:00,"));
    csvc_free(csv);
    assert_status_msg(csvc_training_set_team_offset(f->t, "T9", 0), CSVC_E_NOTFOUND, "T9");
    assert_status_msg(csvc_training_set_team_offset(f->t, "T1", 19 * 3600), CSVC_E_RANGE,
                      "utc_offset");
    destroy(f);
}

/* ---- recurrence --------------------------------------------------------------------- */

static void test_recurrence_after_completion_is_redated(void **state)
{
    (void)state;
    fx *f = make(8);
    course(f, "SKILL", 0, 60); /* no certificate expiry: only the recurrence ends it */
    csvc_requirement q = plain("quarterly", "SKILL");
    q.recurrence = CSVC_RECUR_AFTER_COMPLETION;
    q.every_months = 3;
    require(f, &q);
    /* 30 November + 3 months = 28 February (2026 is no leap year). */
    complete(f, "B1", "SKILL", L(2025, 11, 30, 15, 8), 90);
    assert_int_equal(status(f, "B1", "quarterly", L(2025, 12, 1, 0, 8)).valid_until,
                     L(2026, 2, 28, 15, 8));
    /* A failed attempt changes nothing; a pass on 10 February re-dates it
     * from the new completion: 10 May, not 28 May. */
    complete(f, "B1", "SKILL", L(2026, 2, 9, 9, 8), 59);
    assert_int_equal(status(f, "B1", "quarterly", L(2026, 2, 9, 12, 8)).completed,
                     L(2025, 11, 30, 15, 8));
    complete(f, "B1", "SKILL", L(2026, 2, 10, 9, 8), 75);
    /* On 1 March, 70 days before 10 May: within the 90-day horizon. */
    csvc_item_status st = status(f, "B1", "quarterly", L(2026, 3, 1, 0, 8));
    assert_int_equal(st.state, CSVC_ITEM_EXPIRING);
    assert_int_equal(st.horizon, 90);
    assert_int_equal(st.valid_until, L(2026, 5, 10, 9, 8));
    /* Asked about the past, the status is what it was then: on 9 February
     * 23:00 the November completion holds until 28 February, 18.7 days. */
    st = status(f, "B1", "quarterly", L(2026, 2, 9, 23, 8));
    assert_int_equal(st.state, CSVC_ITEM_EXPIRING);
    assert_int_equal(st.horizon, 30);
    /* A quarter is at most 92 days, so under the 90-day horizon a
     * quarterly item is "expiring" nearly all the time: on 1 December,
     * 89.6 days are left. */
    assert_int_equal(status(f, "B1", "quarterly", L(2025, 12, 1, 0, 8)).horizon, 90);
    destroy(f);
}

static void test_anchored_recertification(void **state)
{
    (void)state;
    fx *f = make(8);
    course(f, "CAREER", 0, 0);
    course(f, "ADV", 0, 0);
    csvc_requirement yearly = plain("yearly", "CAREER");
    yearly.recurrence = CSVC_RECUR_ANCHORED;
    yearly.every_months = 12;
    yearly.anchor_month = 1;
    yearly.anchor_day = 1;
    require(f, &yearly);
    /* Every 1 January (local midnight): a completion on 10 March 2025 holds
     * until 2026-01-01 00:00 +08:00; one exactly at that instant until 2027. */
    complete(f, "B1", "CAREER", L(2025, 3, 10, 14, 8), CSVC_TRAINING_NO_SCORE);
    assert_int_equal(status(f, "B1", "yearly", L(2025, 6, 1, 0, 8)).valid_until,
                     L(2026, 1, 1, 0, 8));
    complete(f, "B1", "CAREER", L(2026, 1, 1, 0, 8), CSVC_TRAINING_NO_SCORE);
    assert_int_equal(status(f, "B1", "yearly", L(2026, 1, 1, 0, 8)).valid_until,
                     L(2027, 1, 1, 0, 8));
    /* The first Monday of each quarter: 2025-04-01 is a Tuesday, so 7 April;
     * from 7 April itself, 7 July (1 July is a Tuesday too). */
    csvc_requirement quarter = plain("quarter", "ADV");
    quarter.recurrence = CSVC_RECUR_ANCHORED;
    quarter.every_months = 3;
    quarter.anchor_month = 1;
    quarter.anchor_weekday = 1;
    require(f, &quarter);
    complete(f, "A2", "ADV", L(2025, 2, 15, 10, 8), CSVC_TRAINING_NO_SCORE);
    assert_int_equal(status(f, "A2", "quarter", L(2025, 2, 16, 0, 8)).valid_until,
                     L(2025, 4, 7, 0, 8));
    complete(f, "A2", "ADV", L(2025, 4, 7, 0, 8), CSVC_TRAINING_NO_SCORE);
    assert_int_equal(status(f, "A2", "quarter", L(2025, 4, 8, 0, 8)).valid_until,
                     L(2025, 7, 7, 0, 8));
    /* A day of month beyond a short month is its last day: the 31st of
     * every second month from February -> 28 February, 30 April, ... */
    csvc_requirement late = plain("late", "ADV");
    late.recurrence = CSVC_RECUR_ANCHORED;
    late.every_months = 2;
    late.anchor_month = 2;
    late.anchor_day = 31;
    require(f, &late);
    assert_int_equal(status(f, "A2", "late", L(2025, 4, 8, 0, 8)).valid_until,
                     L(2025, 4, 30, 0, 8));
    destroy(f);
}

/* ---- triggers, states, coverage -------------------------------------------------- */

static void test_triggers_and_coverage(void **state)
{
    (void)state;
    fx *f = make(0);
    course(f, "ONB", 0, 60);
    course(f, "NEWP", 0, 0);
    csvc_requirement onboard = plain("onboarding", "ONB");
    onboard.trigger = CSVC_TRIGGER_HIRE;
    onboard.due_days = 30;
    onboard.level = CSVC_LEVEL_JUNIOR;
    require(f, &onboard);
    csvc_requirement launch = plain("blender_v2", "NEWP");
    launch.trigger = CSVC_TRIGGER_LAUNCH;
    launch.start = midnight_utc(2025, 6, 18);
    launch.due_days = 7;
    launch.team_id = "T1";
    require(f, &launch);
    /* A1 hired 2025-01-31: onboarding due 30 days later, 2 March. */
    csvc_item_status st = status(f, "A1", "onboarding", midnight_utc(2025, 3, 2) - 1);
    assert_int_equal(st.state, CSVC_ITEM_DUE);
    assert_int_equal(st.due, midnight_utc(2025, 3, 2));
    assert_int_equal(status(f, "A1", "onboarding", midnight_utc(2025, 3, 2)).state,
                     CSVC_ITEM_OVERDUE);
    /* The launch course is due a week before the launch, 11 June. */
    assert_int_equal(status(f, "A2", "blender_v2", midnight_utc(2025, 6, 1)).due,
                     midnight_utc(2025, 6, 11));
    /* A2 is senior: onboarding does not apply; B1 is not in T1. */
    assert_int_equal(csvc_training_status(f->t, "A2", "onboarding", 0, &st), CSVC_E_NOTFOUND);
    assert_int_equal(csvc_training_status(f->t, "B1", "blender_v2", 0, &st), CSVC_E_NOTFOUND);

    complete(f, "A1", "ONB", midnight_utc(2025, 2, 10), 70);
    complete(f, "A1", "NEWP", midnight_utc(2025, 6, 5), CSVC_TRAINING_NO_SCORE);
    /* On 12 June: in T1, A1 is covered, A2 is overdue on the launch course,
     * A3 is inactive and A4 not hired yet: 1 of 2. B1 is overdue on
     * onboarding (hired 2023, never done): the desk is 1 of 3. */
    size_t yes = 9, all = 9;
    int64_t june12 = midnight_utc(2025, 6, 12);
    assert_ok(f->t, csvc_training_coverage(f->t, "T1", june12, &yes, &all));
    assert_int_equal(yes, 1);
    assert_int_equal(all, 2);
    assert_ok(f->t, csvc_training_coverage(f->t, NULL, june12, &yes, &all));
    assert_int_equal(yes, 1);
    assert_int_equal(all, 3);
    /* Once B1 separates (effective 1 June), it no longer counts. */
    assert_ok(f->roster, csvc_roster_separate_agent(f->roster, "B1", midnight_utc(2025, 6, 1),
                                                    CSVC_SEPARATION_RESIGNED));
    assert_ok(f->t, csvc_training_coverage(f->t, NULL, june12, &yes, &all));
    assert_int_equal(all, 2);
    /* The same report as JSON, checked by jansson. */
    csvc_training_report *rep = NULL;
    assert_ok(f->t, csvc_training_report_new(f->t, june12, &rep));
    char *doc = NULL;
    assert_csvc_ok(csvc_training_report_export_json_buffer(rep, &doc, NULL));
    json_error_t e;
    json_t *root = json_loads(doc, 0, &e);
    assert_non_null(root);
    json_t *t1 = json_object_get(json_object_get(json_object_get(root, "coverage"), "teams"), "T1");
    assert_int_equal(json_integer_value(json_object_get(t1, "covered")), 1);
    assert_int_equal(json_integer_value(json_object_get(t1, "active")), 2);
    assert_true(json_real_value(json_object_get(t1, "rate")) == 0.5);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(root, "states"), "overdue")), 1);
    assert_int_equal(json_array_size(json_object_get(root, "items")), 3); /* A1: 2, A2: 1 */
    json_decref(root);
    csvc_free(doc);
    csvc_training_report_free(rep);
    /* The overdue list. */
    char *csv = NULL;
    assert_ok(f->t, csvc_training_export_status_csv(f->t, june12, 1u << CSVC_ITEM_OVERDUE, &csv,
                                                    NULL));
    assert_string_equal(csv, "agent_id,team_id,requirement_id,course_id,state,due,completed,"
                             "valid_until,horizon\n"
                             "A2,T1,blender_v2,NEWP,overdue,2025-06-11T00:00:00+00:00,,,0\n");
    csvc_free(csv);
    assert_status_msg(csvc_training_coverage(f->t, "T9", june12, &yes, &all), CSVC_E_NOTFOUND,
                      "T9");
    destroy(f);
}

/* A course required on reaching a level: due 30 days after the recorded
 * promotion, or after the hire when none is recorded. */
static void test_promotion_trigger(void **state)
{
    (void)state;
    fx *f = make(0);
    course(f, "LEAD", 0, 60);
    csvc_requirement q = plain("lead", "LEAD");
    q.trigger = CSVC_TRIGGER_PROMOTION;
    q.level = CSVC_LEVEL_SENIOR;
    q.due_days = 30;
    require(f, &q);
    /* A2 (senior, hired 2024-02-29): no promotion recorded yet. */
    assert_int_equal(status(f, "A2", "lead", midnight_utc(2025, 6, 1)).due,
                     midnight_utc(2024, 3, 30));
    assert_ok(f->t, csvc_training_record_promotion(f->t, "A2", CSVC_LEVEL_SENIOR,
                                                   midnight_utc(2025, 6, 1)));
    csvc_item_status st = status(f, "A2", "lead", midnight_utc(2025, 6, 15));
    assert_int_equal(st.state, CSVC_ITEM_DUE);
    assert_int_equal(st.due, midnight_utc(2025, 7, 1));
    assert_status_msg(csvc_training_record_promotion(f->t, "A2", CSVC_LEVEL_SENIOR,
                                                     midnight_utc(2020, 1, 1)),
                      CSVC_E_RANGE, "before the hire date");
    assert_status_msg(csvc_training_record_promotion(f->t, "ZZ", CSVC_LEVEL_SENIOR, 0),
                      CSVC_E_NOTFOUND, "'ZZ'");
    q.id = "nolevel";
    q.level = -1;
    assert_status_msg(csvc_training_add_requirement(f->t, &q), CSVC_E_INVALID, "needs the level");
    destroy(f);
}

static void test_horizons_and_reminders_once_each(void **state)
{
    (void)state;
    fx *f = make(8);
    course(f, "LAW", 12, 60);
    csvc_requirement q = plain("law", "LAW");
    require(f, &q);
    complete(f, "B1", "LAW", L(2025, 1, 1, 9, 8), 88); /* valid until 2026-01-01 09:00 */
    /* 90 days before 1 January 2026 is 3 October 2025. */
    assert_int_equal(status(f, "B1", "law", L(2025, 10, 3, 9, 8) - 1).state, CSVC_ITEM_CURRENT);
    csvc_item_status st = status(f, "B1", "law", L(2025, 10, 3, 9, 8));
    assert_int_equal(st.state, CSVC_ITEM_EXPIRING);
    assert_int_equal(st.horizon, 90);
    assert_int_equal(status(f, "B1", "law", L(2025, 12, 25, 9, 8)).horizon, 7);
    /* Ending within 30 days of 2 December 09:00: exactly 30 days. */
    char *rows = NULL;
    assert_ok(f->t, csvc_training_expiring_csv(f->t, L(2025, 12, 2, 9, 8), 30, &rows, NULL));
    assert_non_null(strstr(rows, "\nB1,T2,law,LAW,expiring,2026-01-01T09:00:00+08:00,"));
    csvc_free(rows);
    assert_ok(f->t, csvc_training_expiring_csv(f->t, L(2025, 12, 2, 9, 8), 29, &rows, NULL));
    assert_null(strchr(strchr(rows, '\n') + 1, '\n'));
    csvc_free(rows);
    assert_int_equal(csvc_training_expiring_csv(f->t, 0, 4000, &rows, NULL), CSVC_E_RANGE);
    /* Walking every day of 2025 sends four reminders: 3 Oct (90), 2 Nov
     * (60), 2 Dec (30), 25 Dec (7). */
    int sent = 0;
    int64_t days_90 = 0;
    for (int64_t d = L(2025, 1, 1, 12, 8); d < L(2026, 1, 1, 12, 8); d += DAY) {
        char *csv = NULL;
        assert_ok(f->t, csvc_training_reminders_csv(f->t, d, &csv, NULL));
        const char *row = strchr(csv, '\n') + 1;
        if (*row) {
            sent++;
            if (strstr(row, ",90,"))
                days_90 = d;
            assert_non_null(strstr(row, "B1,law,LAW,"));
        }
        csvc_free(csv);
    }
    assert_int_equal(sent, 4);
    assert_int_equal(days_90, L(2025, 10, 3, 12, 8));
    destroy(f);
}

/* The one-pass report against item-by-item queries, on random histories. */
static void test_report_agrees_with_single_queries(void **state)
{
    (void)state;
    fx *f = make(-5);
    unsigned seed = 12345;
#define RND() (seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff)
    static const char *const ids[] = {"C0", "C1", "C2", "C3"};
    for (int c = 0; c < 4; c++)
        course(f, ids[c], c, c * 20);
    for (int q = 0; q < 8; q++) {
        char id[8];
        snprintf(id, sizeof id, "R%d", q);
        csvc_requirement r = plain(id, ids[q % 4]);
        r.level = q == 3 ? CSVC_LEVEL_SENIOR : -1;
        r.team_id = q == 5 ? "T2" : NULL;
        r.trigger = (csvc_trigger)(q % 3);
        r.start = midnight_utc(2025, 1 + q, 1);
        r.recurrence = (csvc_recurrence)(q % 3);
        r.every_months = q % 3 == 2 ? 3 : 1 + q;
        r.anchor_month = 1 + q % 3;
        r.anchor_weekday = q % 2 ? -1 : q % 7;
        r.anchor_day = 31 - q;
        require(f, &r);
    }
    static const char *const agents[] = {"A1", "A2", "A3", "B1"};
    int64_t when = midnight_utc(2025, 2, 1);
    size_t per_state[5] = {0};
    for (int i = 0; i < 200; i++) {
        when += (int64_t)(RND() % 200) * HOUR;
        unsigned who = RND() % 4, what = RND() % 4, score = RND() % 101;
        complete(f, agents[who], ids[what], when, (int)score);
    }
    for (int64_t at = midnight_utc(2025, 1, 1); at < midnight_utc(2027, 1, 1); at += 17 * DAY) {
        csvc_training_report *rep = NULL;
        assert_ok(f->t, csvc_training_report_new(f->t, at, &rep));
        size_t n = csvc_training_report_item_count(rep), covered = 0, active = 0;
        char seen_bad[8] = {0};
        for (size_t i = 0; i < n; i++) {
            csvc_item_status a, b;
            assert_csvc_ok(csvc_training_report_item(rep, i, &a));
            b = status(f, a.agent_id, a.requirement_id, at);
            assert_int_equal(a.state, b.state);
            assert_int_equal(a.due, b.due);
            assert_int_equal(a.completed, b.completed);
            assert_int_equal(a.valid_until, b.valid_until);
            assert_int_equal(a.horizon, b.horizon);
            if (a.state > CSVC_ITEM_EXPIRING)
                seen_bad[a.agent_id[1] - '0' + (a.agent_id[0] == 'B' ? 4 : 0)] = 1;
        }
        size_t yes, all;
        assert_csvc_ok(csvc_training_report_coverage(rep, NULL, &yes, &all));
        /* Counted: A1 from its hire, A2, B1; A3 inactive, A4 hired 2026-06-01. */
        active = 2 + (at >= midnight_utc(2025, 1, 31)) + (at >= midnight_utc(2026, 6, 1));
        covered = active - (size_t)(seen_bad[1] + seen_bad[2] + seen_bad[4] + seen_bad[5]);
        assert_int_equal(all, active);
        assert_int_equal(yes, covered);
        for (int k = 0; k < 5; k++)
            per_state[k] += csvc_training_report_state_count(rep, (csvc_item_state)k);
        csvc_training_report_free(rep);
    }
#undef RND
    for (int k = 0; k < 5; k++) /* every state came up */
        assert_true(per_state[k] > 0);
    destroy(f);
}

/* ---- catalogue ------------------------------------------------------------------------- */

static void test_catalogue_csv(void **state)
{
    (void)state;
    fx *f = make(0);
    /* ADV needs BASE, defined two lines later; BASE needs the existing ONB. */
    course(f, "ONB", 0, 60);
    static const char ok[] =
        "id,title,kind,delivery,minutes,passing_score,validity_months,dimensions,prerequisites\n"
        "ADV,Advanced complaints,complaints,onsite,240,70,24,quality;teamwork,BASE\n"
        "LAW,Consumer law,compliance,online,90,80,12,,\n"
        "BASE,Service basics,communication,internal,120,60,,skill,ONB\n";
    assert_ok(f->t, csvc_training_import_courses_csv_buffer(f->t, ok, sizeof ok - 1));
    assert_int_equal(csvc_training_course_count(f->t), 4);
    csvc_course c;
    assert_ok(f->t, csvc_training_get_course(f->t, "ADV", &c));
    assert_int_equal(c.kind, CSVC_COURSE_COMPLAINTS);
    assert_int_equal(c.delivery, CSVC_DELIVERY_ONSITE);
    assert_int_equal(c.minutes, 240);
    assert_int_equal(c.dimensions, (1u << CSVC_DIM_QUALITY) | (1u << CSVC_DIM_TEAMWORK));
    assert_int_equal(c.nprerequisites, 1);
    assert_string_equal(c.prerequisites[0], "BASE");
    /* Prerequisites are enforced at completion. */
    assert_status_msg(csvc_training_complete(f->t, "B1", "ADV", midnight_utc(2025, 1, 5), 10, 90,
                                             5),
                      CSVC_E_CONSTRAINT, "prerequisite 'BASE'");
    assert_int_equal(csvc_training_completion_count(f->t), 0);

    static const struct {
        const char *csv, *needle;
        csvc_status status;
    } bad[] = {
        {"id,title,kind,delivery,minutes,passing_score,prerequisites\n"
         "X,x,advanced,online,60,60,Y\nY,y,advanced,online,60,60,Z\nZ,z,advanced,online,60,60,X\n",
         "cycle", CSVC_E_INVALID},
        {"id,title,kind,delivery,minutes,passing_score,prerequisites\nX,x,advanced,online,60,60,X\n",
         "cycle", CSVC_E_INVALID},
        {"id,title,kind,delivery,minutes,passing_score,prerequisites\nX,x,advanced,online,60,60,NOPE\n",
         "'NOPE'", CSVC_E_INVALID},
        {"id,title,kind,delivery,minutes,passing_score\nX,x,cooking,online,60,60\n",
         "line 2, column 3", CSVC_E_INVALID},
        {"id,title,kind,delivery,minutes,passing_score\nX,x,advanced,online,60,101\n",
         "passing_score 101", CSVC_E_RANGE},
        {"id,title,kind,delivery,minutes,passing_score\nX,x,advanced,online,1h,60\n",
         "line 2, column 5", CSVC_E_PARSE},
        {"id,title,kind,delivery,minutes,passing_score\nLAW,x,advanced,online,60,60\n",
         "already", CSVC_E_EXISTS},
        {"id,title,kind,delivery,minutes,passing_score\nX,x,advanced,online,60,60\n"
         "X,x,advanced,online,60,60\n",
         "twice", CSVC_E_EXISTS},
        {"id,title,kind,delivery,minutes,passing_score,dimensions\n"
         "X,x,advanced,online,60,60,charm\n",
         "charm", CSVC_E_INVALID},
        {"id,title,kind,delivery,minutes\nX,x,advanced,online,60\n", "passing_score",
         CSVC_E_PARSE},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        csvc_status rc =
            csvc_training_import_courses_csv_buffer(f->t, bad[i].csv, strlen(bad[i].csv));
        if (rc != bad[i].status || !strstr(csvc_training_errmsg(f->t), bad[i].needle))
            fail_msg("case %zu: %s: %s", i, csvc_status_name(rc), csvc_training_errmsg(f->t));
        assert_int_equal(csvc_training_course_count(f->t), 4);
    }
    assert_int_equal(csvc_training_import_courses_csv(f->t, "/no/such/courses.csv"), CSVC_E_IO);
    destroy(f);
}

/* The example requirements document over the example catalogue, and
 * refused documents naming their path, with nothing added. */
static void test_requirements_json(void **state)
{
    (void)state;
    fx *f = make(8);
    assert_ok(f->t, csvc_training_import_courses_csv(f->t, "../../examples/data/training_courses.csv"));
    csvc_team_info ret = CSVC_TEAM_INFO_INIT;
    ret.id = "RET";
    assert_ok(f->roster, csvc_roster_add_team(f->roster, &ret));
    assert_ok(f->t, csvc_training_load_requirements_json(f->t,
                                                         "../../examples/data/training_requirements.json"));
    assert_int_equal(csvc_training_requirement_count(f->t), 8);
    /* A1 (junior, hired 2025-01-31 UTC) must be onboarded 30 days later. */
    csvc_item_status st = status(f, "A1", "onboarding", L(2025, 2, 1, 0, 8));
    assert_int_equal(st.due, midnight_utc(2025, 3, 2));
    /* consumer_law starts 2024-01-01 local midnight, due 60 days later. */
    st = status(f, "B1", "consumer_law", L(2024, 1, 2, 0, 8));
    assert_int_equal(st.due, L(2024, 3, 1, 0, 8));

    static const struct {
        const char *doc, *needle;
        csvc_status status;
    } bad[] = {
        {"{\"requirements\":[{\"id\":\"x\",\"course\":\"ONB\"},{\"id\":\"y\"}]}",
         "requirements[1].course: missing", CSVC_E_PARSE},
        {"{\"requirements\":[{\"id\":\"x\",\"course\":\"NOPE\"}]}",
         "requirements[0]: ", CSVC_E_NOTFOUND},
        {"{\"requirements\":[{\"id\":\"x\",\"course\":\"ONB\",\"trigger\":\"now\"}]}",
         "requirements[0].trigger", CSVC_E_INVALID},
        {"{\"requirements\":[{\"id\":\"x\",\"course\":\"ONB\",\"colour\":1}]}",
         "requirements[0].colour: unknown field", CSVC_E_PARSE},
        {"{\"requirements\":[{\"id\":\"x\",\"course\":\"ONB\",\"start\":\"2025-02-30\"}]}",
         "requirements[0].start", CSVC_E_PARSE},
        {"{\"requirements\":[{\"id\":\"x\",\"course\":\"ONB\",\"recurrence\":"
         "{\"anchored\":{\"every_months\":5}}}]}",
         "divide a year", CSVC_E_RANGE},
        {"{\"requirements\":[{\"id\":\"x\",\"course\":\"ONB\",\"recurrence\":"
         "{\"anchored\":{\"day\":1,\"weekday\":\"monday\"}}}]}",
         "not both", CSVC_E_PARSE},
        {"{\"requirements\":[{\"id\":\"x\",\"course\":\"ONB\",\"level\":\"boss\"}]}",
         "requirements[0].level", CSVC_E_INVALID},
        {"{\"requirements\":[{\"id\":\"onboarding\",\"course\":\"ONB\"}]}",
         "exists", CSVC_E_EXISTS},
        {"{\"requirements\":[{\"id\":\"x\",\"course\":\"ONB\",\"trigger\":\"launch\"}]}",
         "a launch needs its date", CSVC_E_PARSE},
        {"[1]", "expected an object", CSVC_E_PARSE},
        {"{\"requirements\":", "line 1", CSVC_E_PARSE},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        csvc_status rc = csvc_training_load_requirements_json_buffer(f->t, bad[i].doc,
                                                                     strlen(bad[i].doc));
        if (rc != bad[i].status || !strstr(csvc_training_errmsg(f->t), bad[i].needle))
            fail_msg("case %zu: %s: %s", i, csvc_status_name(rc), csvc_training_errmsg(f->t));
        assert_int_equal(csvc_training_requirement_count(f->t), 8);
    }
    assert_int_equal(csvc_training_load_requirements_json(f->t, "/no/such.json"),
                     CSVC_E_NOTFOUND);
    destroy(f);
}

/* ---- bad input ------------------------------------------------------------------------ */

static void test_bad_input_changes_nothing(void **state)
{
    (void)state;
    fx *f = make(8);
    course(f, "SAFE", 12, 60);
    int64_t t0 = midnight_utc(2025, 3, 1);
    static const struct {
        const char *agent, *course;
        int64_t time;
        int pre, post, sat;
        csvc_status status;
        const char *needle;
    } bad[] = {
        {"ZZ", "SAFE", 0, 1, 1, 1, CSVC_E_NOTFOUND, "agent 'ZZ'"},
        {"B1", "NOPE", 0, 1, 1, 1, CSVC_E_NOTFOUND, "course 'NOPE'"},
        {"B1", "SAFE", 0, 1, 101, 1, CSVC_E_RANGE, "post score 101"},
        {"B1", "SAFE", 0, -2, 50, 1, CSVC_E_RANGE, "pre score -2"},
        {"B1", "SAFE", 0, 1, 50, 6, CSVC_E_RANGE, "satisfaction 6"},
        {"B1", "SAFE", -1, 1, 50, 0, CSVC_E_RANGE, "satisfaction 0"},
        {"A1", "SAFE", -1, 1, 50, 3, CSVC_E_RANGE, "before the hire date"},
        {"B1", "SAFE", INT64_MAX, 1, 50, 3, CSVC_E_RANGE, "years 1..9999"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t when = bad[i].time == 0 ? t0 : bad[i].time == -1 ? midnight_utc(2025, 1, 1)
                                                                  : bad[i].time;
        csvc_status rc = csvc_training_complete(f->t, bad[i].agent, bad[i].course, when,
                                                bad[i].pre, bad[i].post, bad[i].sat);
        if (rc != bad[i].status || !strstr(csvc_training_errmsg(f->t), bad[i].needle))
            fail_msg("case %zu: %s: %s", i, csvc_status_name(rc), csvc_training_errmsg(f->t));
    }
    assert_int_equal(csvc_training_completion_count(f->t), 0);
    complete(f, "B1", "SAFE", t0, 70);
    assert_status_msg(csvc_training_complete(f->t, "B1", "SAFE", t0 - 1, 1, 70, 3),
                      CSVC_E_CONSTRAINT, "time order");
    assert_int_equal(csvc_training_completion_count(f->t), 1);

    csvc_requirement q = plain("r", "SAFE");
    q.course_id = "NOPE";
    assert_status_msg(csvc_training_add_requirement(f->t, &q), CSVC_E_NOTFOUND, "course 'NOPE'");
    q.course_id = "SAFE";
    q.team_id = "T9";
    assert_status_msg(csvc_training_add_requirement(f->t, &q), CSVC_E_NOTFOUND, "team 'T9'");
    q.team_id = NULL;
    q.recurrence = CSVC_RECUR_ANCHORED;
    q.every_months = 5;
    assert_status_msg(csvc_training_add_requirement(f->t, &q), CSVC_E_RANGE, "divide a year");
    q.every_months = 12;
    q.anchor_month = 13;
    assert_status_msg(csvc_training_add_requirement(f->t, &q), CSVC_E_RANGE, "anchor_month 13");
    q.anchor_month = 1;
    q.level = 7;
    assert_status_msg(csvc_training_add_requirement(f->t, &q), CSVC_E_INVALID, "level 7");
    q.level = -1;
    q.due_days = -1;
    assert_status_msg(csvc_training_add_requirement(f->t, &q), CSVC_E_RANGE, "due_days -1");
    q.due_days = 30;
    q.version = 0;
    assert_status_msg(csvc_training_add_requirement(f->t, &q), CSVC_E_VERSION, "version");
    assert_int_equal(csvc_training_requirement_count(f->t), 0);
    q.version = CSVC_REQUIREMENT_VERSION;
    require(f, &q);
    assert_status_msg(csvc_training_add_requirement(f->t, &q), CSVC_E_EXISTS, "'r'");

    csvc_course c = CSVC_COURSE_INIT;
    c.id = "C2";
    c.title = "c";
    const char *missing[] = {"NOPE"};
    c.prerequisites = missing;
    c.nprerequisites = 1;
    assert_status_msg(csvc_training_add_course(f->t, &c), CSVC_E_INVALID, "add it first");
    c.nprerequisites = 0;
    c.minutes = 0;
    assert_status_msg(csvc_training_add_course(f->t, &c), CSVC_E_RANGE, "minutes 0");
    c.minutes = 60;
    c.dimensions = 1u << 9;
    assert_status_msg(csvc_training_add_course(f->t, &c), CSVC_E_INVALID, "dimensions");
    assert_int_equal(csvc_training_course_count(f->t), 1);

    csvc_training_options o = CSVC_TRAINING_OPTIONS_INIT;
    o.horizons[1] = 95;
    csvc_training *t2 = NULL;
    assert_status_msg(csvc_training_new(f->roster, &o, NULL, &t2), CSVC_E_RANGE, "descending");
    o = (csvc_training_options)CSVC_TRAINING_OPTIONS_INIT;
    o.utc_offset = 19 * 3600;
    assert_status_msg(csvc_training_new(f->roster, &o, NULL, &t2), CSVC_E_RANGE, "utc_offset");
    assert_status_msg(csvc_training_new(NULL, NULL, NULL, &t2), CSVC_E_NULL, "roster");
    csvc_item_status st;
    assert_status_msg(csvc_training_status(f->t, "B1", "r", INT64_MIN, &st), CSVC_E_RANGE,
                      "years");
    destroy(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expiry_across_month_ends_leap_years_and_offsets),
        cmocka_unit_test(test_team_offsets),
        cmocka_unit_test(test_recurrence_after_completion_is_redated),
        cmocka_unit_test(test_anchored_recertification),
        cmocka_unit_test(test_triggers_and_coverage),
        cmocka_unit_test(test_promotion_trigger),
        cmocka_unit_test(test_horizons_and_reminders_once_each),
        cmocka_unit_test(test_report_agrees_with_single_queries),
        cmocka_unit_test(test_catalogue_csv),
        cmocka_unit_test(test_requirements_json),
        cmocka_unit_test(test_bad_input_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
