/* SLA clocks across pauses (desk.h, "SLA"): a first reply during a
 * customer pause is measured on the business time consumed before the
 * pause; a pause that begins after a due time has passed does not move it;
 * the first-response metric, the clock and the header define one span.
 * Hand-computed tickets in an always-open and a lunch-break calendar, then
 * random tickets against a reference that walks the clock minute by minute. */
#include "fixtures.h"

#include <stdlib.h>

#define MONDAY INT64_C(1736121600) /* 2025-01-06T00:00:00Z */
#define MIN INT64_C(60)
#define H INT64_C(3600)
#define T(day, h, m) (MONDAY + (int64_t)(day)*86400 + (int64_t)(h)*H + (int64_t)(m)*MIN)
#define NONE CSVC_TIME_NONE

typedef struct fixture {
    csvc_roster *roster;
    csvc_desk *desk;
} fixture;

#define DESK_OK(d, rc) assert_csvc_ok_msg(rc, csvc_desk_errmsg(d))
#define assert_seconds(got, want)                                                                  \
    do {                                                                                           \
        double got_ = (got), want_ = (double)(want);                                               \
        if (!(got_ == want_))                                                                      \
            fail_msg("%s = %.17g, expected %.17g", #got, got_, want_);                            \
    } while (0)

/* Team "open" works around the clock; team "lunch" Monday to Friday
 * 09:00-12:00 and 13:00-18:00 UTC. Both: first response 1 h, next response
 * 1 h, resolution 4 h, clocks paused while pending on the customer. */
static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->roster = fx_empty_roster();
    fx_add_team(f->roster, "open");
    fx_add_team(f->roster, "lunch");
    fx_add_agent(f->roster, "o1", "open", 1);
    fx_add_agent(f->roster, "l1", "lunch", 1);
    assert_csvc_ok(csvc_desk_new(f->roster, NULL, &f->desk));
    csvc_calendar *always, *lunch;
    assert_csvc_ok(csvc_calendar_new(NULL, 0, &always));
    assert_csvc_ok(csvc_calendar_new(NULL, 0, &lunch));
    for (int day = CSVC_MONDAY; day <= CSVC_SUNDAY; day++) {
        assert_csvc_ok(csvc_calendar_add_hours(always, (csvc_weekday)day, 0, 24 * 60));
        if (day <= CSVC_FRIDAY) {
            assert_csvc_ok(csvc_calendar_add_hours(lunch, (csvc_weekday)day, 9 * 60, 12 * 60));
            assert_csvc_ok(csvc_calendar_add_hours(lunch, (csvc_weekday)day, 13 * 60, 18 * 60));
        }
    }
    DESK_OK(f->desk, csvc_desk_set_calendar(f->desk, "open", always));
    DESK_OK(f->desk, csvc_desk_set_calendar(f->desk, "lunch", lunch));
    csvc_calendar_free(always);
    csvc_calendar_free(lunch);
    csvc_sla_policy p = CSVC_SLA_POLICY_INIT;
    p.first_response = H;
    p.next_response = H;
    p.resolution = 4 * H;
    p.pause_states = CSVC_PAUSE_PENDING_CUSTOMER;
    DESK_OK(f->desk, csvc_desk_add_sla_policy(f->desk, &p));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    csvc_desk_free(f->desk);
    csvc_roster_free(f->roster);
    free(f);
    return 0;
}

static void started(csvc_desk *d, const char *id, const char *team, const char *agent,
                    int64_t created)
{
    csvc_ticket_spec s = CSVC_TICKET_SPEC_INIT;
    s.id = id;
    s.team_id = team;
    s.created = created;
    DESK_OK(d, csvc_desk_create(d, &s));
    DESK_OK(d, csvc_desk_assign(d, id, agent, created));
    DESK_OK(d, csvc_desk_start(d, id, created));
}

static csvc_sla_status sla(const csvc_desk *d, const char *id, int64_t now)
{
    csvc_sla_status s = CSVC_SLA_STATUS_INIT;
    DESK_OK(d, csvc_desk_sla(d, id, now, &s));
    return s;
}

/* The desk's first-response mean over Monday-Sunday of week 0. */
static double first_response_mean(const csvc_desk *d)
{
    csvc_metrics m;
    memset(&m, 0, sizeof m);
    m.version = CSVC_METRICS_VERSION;
    csvc_period p = {MONDAY, MONDAY + 7 * 86400};
    DESK_OK(d, csvc_desk_metrics(d, CSVC_SCOPE_DESK, NULL, &p, &m));
    return m.first_response_mean;
}

/* 3a and 3c, always open: created 10:00, pended 10:20, answered 11:30 while
 * still pending. 20 min of the hour were used: met, 40 min left; the pause
 * up to the reply pushes the due out: 10:00 + 60 + 70 min = 12:10. The
 * metric counts the same 20 min (it counted 90). */
static void test_reply_during_pause_open(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    started(d, "A", "open", "o1", T(0, 10, 0));
    DESK_OK(d, csvc_desk_pend(d, "A", CSVC_PEND_CUSTOMER, T(0, 10, 20)));
    csvc_sla_status s = sla(d, "A", T(0, 11, 29));
    assert_int_equal(s.paused, 1);
    assert_int_equal(s.first_response_breached, 0);
    assert_int_equal(s.first_response_remaining, 40 * MIN);
    DESK_OK(d, csvc_desk_agent_reply(d, "A", NULL, T(0, 11, 30)));
    s = sla(d, "A", T(0, 11, 30));
    assert_int_equal(s.first_response_breached, 0);
    assert_int_equal(s.first_response_breach_time, NONE);
    assert_int_equal(s.first_response_remaining, 40 * MIN);
    assert_int_equal(s.first_response_due, T(0, 12, 10));
    /* Still pending: the resolution clock stays frozen at 10:20. */
    assert_int_equal(s.resolution_remaining, 4 * H - 20 * MIN);
    assert_seconds(first_response_mean(d), 20 * MIN);
    /* And after the customer answers, nothing about the first response moves. */
    DESK_OK(d, csvc_desk_customer_reply(d, "A", T(0, 14, 0)));
    s = sla(d, "A", T(0, 15, 0));
    assert_int_equal(s.first_response_due, T(0, 12, 10));
    assert_int_equal(s.first_response_remaining, 40 * MIN);
    assert_int_equal(s.first_response_breached, 0);
    assert_seconds(first_response_mean(d), 20 * MIN);
}

/* The numbers: pended 10 min after creation, answered 30 min later
 * while pending: 10 min (it reported 40). */
static void test_first_response_metric_excludes_the_open_pause(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    started(d, "M", "open", "o1", T(1, 9, 0));
    DESK_OK(d, csvc_desk_pend(d, "M", CSVC_PEND_CUSTOMER, T(1, 9, 10)));
    DESK_OK(d, csvc_desk_agent_reply(d, "M", NULL, T(1, 9, 40)));
    assert_seconds(first_response_mean(d), 10 * MIN);
    assert_int_equal(sla(d, "M", T(1, 9, 40)).first_response_remaining, 50 * MIN);
}

/* 3b, always open: created 10:00, nobody answers by 11:00 (missed); pended
 * 11:30-13:00. The missed due stays 11:00 (it moved to 12:30); the
 * resolution clock, due 14:00 when the pause began, moves to 15:30. */
static void test_pause_after_a_missed_due_open(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    started(d, "B", "open", "o1", T(0, 10, 0));
    csvc_sla_status before = sla(d, "B", T(0, 11, 15));
    assert_int_equal(before.first_response_breached, 1);
    assert_int_equal(before.first_response_breach_time, T(0, 11, 0));
    DESK_OK(d, csvc_desk_pend(d, "B", CSVC_PEND_CUSTOMER, T(0, 11, 30)));
    DESK_OK(d, csvc_desk_resume(d, "B", T(0, 13, 0)));
    csvc_sla_status s = sla(d, "B", T(0, 13, 30));
    assert_int_equal(s.first_response_breached, 1);
    assert_int_equal(s.first_response_due, T(0, 11, 0));
    assert_int_equal(s.first_response_breach_time, T(0, 11, 0));
    /* 3 h 30 elapsed less the 90 min pause: 2 h used of 1 h. */
    assert_int_equal(s.first_response_remaining, -60 * MIN);
    assert_int_equal(s.resolution_breached, 0);
    assert_int_equal(s.resolution_due, T(0, 15, 30));
    assert_int_equal(s.resolution_remaining, 2 * H);
    /* The reply, late, does not move it either. */
    DESK_OK(d, csvc_desk_agent_reply(d, "B", NULL, T(0, 14, 0)));
    s = sla(d, "B", T(1, 9, 0));
    assert_int_equal(s.first_response_due, T(0, 11, 0));
    assert_int_equal(s.first_response_breach_time, T(0, 11, 0));
    assert_int_equal(s.first_response_remaining, -90 * MIN);
    assert_seconds(first_response_mean(d), 150 * MIN);
}

/* 3a with a lunch break: created Mon 11:30, pended 11:50 (20 business min),
 * answered 13:30 while pending (10 + 30 business min of pause): met, 40 min
 * left, due = add_business(11:30, 60 + 40 min) = 14:10. */
static void test_reply_during_pause_lunch(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    started(d, "C", "lunch", "l1", T(0, 11, 30));
    DESK_OK(d, csvc_desk_pend(d, "C", CSVC_PEND_CUSTOMER, T(0, 11, 50)));
    DESK_OK(d, csvc_desk_agent_reply(d, "C", NULL, T(0, 13, 30)));
    csvc_sla_status s = sla(d, "C", T(0, 13, 30));
    assert_int_equal(s.first_response_breached, 0);
    assert_int_equal(s.first_response_remaining, 40 * MIN);
    assert_int_equal(s.first_response_due, T(0, 14, 10));
    assert_seconds(first_response_mean(d), 20 * MIN);
}

/* 3b with a lunch break: created 10:30, due 11:30, missed; pended 11:45
 * (after the due) to 14:00 (15 + 60 business min). At 14:30 the due and
 * breach time are still 11:30; used: 90 + 90 - 75 = 105 min, 45 over. */
static void test_pause_after_a_missed_due_lunch(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    started(d, "E", "lunch", "l1", T(0, 10, 30));
    DESK_OK(d, csvc_desk_pend(d, "E", CSVC_PEND_CUSTOMER, T(0, 11, 45)));
    csvc_sla_status s = sla(d, "E", T(0, 12, 30)); /* during the pause and the lunch */
    assert_int_equal(s.first_response_breached, 1);
    assert_int_equal(s.first_response_breach_time, T(0, 11, 30));
    DESK_OK(d, csvc_desk_resume(d, "E", T(0, 14, 0)));
    s = sla(d, "E", T(0, 14, 30));
    assert_int_equal(s.first_response_due, T(0, 11, 30));
    assert_int_equal(s.first_response_breach_time, T(0, 11, 30));
    assert_int_equal(s.first_response_remaining, -45 * MIN);
    /* Resolution (4 h, due 15:30 when the pause began) moves by 75 min. */
    assert_int_equal(s.resolution_due, T(0, 16, 45));
}

/* A pause that begins before the due still pushes it out by its length,
 * and a missed next-response cycle stays missed. */
static void test_next_response_pause_after_its_due(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    started(d, "N", "open", "o1", T(2, 8, 0));
    DESK_OK(d, csvc_desk_agent_reply(d, "N", NULL, T(2, 8, 5)));
    DESK_OK(d, csvc_desk_customer_reply(d, "N", T(2, 9, 0))); /* next due 10:00 */
    DESK_OK(d, csvc_desk_pend(d, "N", CSVC_PEND_CUSTOMER, T(2, 10, 30)));
    DESK_OK(d, csvc_desk_customer_reply(d, "N", T(2, 12, 0)));
    csvc_sla_status s = sla(d, "N", T(2, 12, 0));
    assert_int_equal(s.next_response_breached, 1);
    assert_int_equal(s.next_response_due, T(2, 10, 0));
    assert_int_equal(s.next_response_breach_time, T(2, 10, 0));
    DESK_OK(d, csvc_desk_agent_reply(d, "N", NULL, T(2, 12, 30)));
    s = sla(d, "N", T(2, 13, 0));
    assert_int_equal(s.next_response_breached, 1);
    assert_int_equal(s.next_response_breach_time, T(2, 10, 0));
}

/* ---- random tickets against a minute-walking reference ------------------------ */

enum { MAX_EVENTS = 24 };

typedef struct story {
    int lunch;
    int64_t created;
    int n;
    struct {
        int type; /* 0 pend, 1 resume, 2 first reply, 3 resolve */
        int64_t time;
    } ev[MAX_EVENTS];
} story;

/* Whether [u, u + 60) is business time, without the library. */
static int open_minute(int lunch, int64_t u)
{
    if (!lunch)
        return 1;
    int64_t days = (u - MONDAY) / 86400, second = (u - MONDAY) % 86400;
    int weekday = (int)(days % 7); /* 0 = Monday */
    int64_t minute = second / 60;
    return weekday < 5 && ((minute >= 9 * 60 && minute < 12 * 60) ||
                           (minute >= 13 * 60 && minute < 18 * 60));
}

/* Whether the ticket is paused during [u, u + 60): the last pend, resume
 * or resolution at or before u decides (times are whole minutes). */
static int paused_minute(const story *s, int64_t u)
{
    int paused = 0;
    for (int i = 0; i < s->n && s->ev[i].time <= u; i++) {
        if (s->ev[i].type == 0)
            paused = 1;
        else if (s->ev[i].type == 1 || s->ev[i].type == 3)
            paused = 0;
    }
    return paused;
}

typedef struct ref_clock {
    int64_t due, remaining, breach_time;
    int breached;
} ref_clock;

/* A clock from `created` with `target` seconds, stopped at `stop` (NONE:
 * running), read at `now`, by walking minute by minute. It is read at x:
 * the stop, else the start of a pause in progress, else now. Used time
 * is every open minute before x outside pauses; the due is where the
 * count of open minutes reaches the target, minutes before x inside a
 * pause not counting and no pause after x (the clock stopped, or the
 * future). A paused clock reports no due. */
static ref_clock walk(const story *s, int64_t target, int64_t stop, int64_t now)
{
    ref_clock c = {NONE, 0, NONE, 0};
    int paused = stop == NONE && paused_minute(s, now);
    int64_t x = stop != NONE ? stop : now;
    if (paused)
        for (int i = 0; i < s->n; i++)
            if (s->ev[i].type == 0 && s->ev[i].time <= now)
                x = s->ev[i].time;
    int64_t used = 0, count = 0, reached = NONE;
    for (int64_t u = s->created; u < x || (reached == NONE && !paused); u += 60) {
        if (open_minute(s->lunch, u) && !(u < x && paused_minute(s, u))) {
            if (u < x)
                used += 60;
            count += 60;
            if (reached == NONE && count == target)
                reached = u + 60;
        }
    }
    c.remaining = target - used;
    c.due = paused ? NONE : reached;
    if (reached != NONE && x > reached) {
        c.breached = 1;
        c.breach_time = reached;
    }
    return c;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static int64_t rnd(int64_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (int64_t)(rng % (uint64_t)n);
}

static void random_story(story *s, int k)
{
    s->lunch = k % 2;
    s->created = T(0, 8, 0) + rnd(10 * 60) * 60; /* Monday 08:00-17:59 */
    s->n = 0;
    int64_t t = s->created;
    int paused = 0, replied = 0;
    while (s->n < MAX_EVENTS - 1 && rnd(8) != 0) {
        t += (1 + rnd(240)) * 60;
        int type = rnd(3);
        if (type == 2 && replied)
            type = paused ? 1 : 0;
        if (type == 0 && paused)
            type = 1;
        if (type == 1 && !paused)
            type = 0;
        s->ev[s->n].type = type;
        s->ev[s->n].time = t;
        s->n++;
        paused = type == 0 ? 1 : type == 1 ? 0 : paused;
        replied |= type == 2;
    }
    if (rnd(2)) { /* resolve, from in progress or pending */
        t += (1 + rnd(240)) * 60;
        s->ev[s->n].type = 3;
        s->ev[s->n].time = t;
        s->n++;
    }
}

static void check_clock(const char *what, int k, const ref_clock *want, int64_t due,
                        int64_t remaining, int32_t breached, int64_t breach_time)
{
    if (want->due != due || want->remaining != remaining || want->breached != breached ||
        want->breach_time != breach_time)
        fail_msg("story %d, %s: due %lld remaining %lld breached %d at %lld; the walk says due "
                 "%lld remaining %lld breached %d at %lld",
                 k, what, (long long)due, (long long)remaining, (int)breached,
                 (long long)breach_time, (long long)want->due, (long long)want->remaining,
                 want->breached, (long long)want->breach_time);
}

static void test_random_against_a_minute_walk(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    int checked = 0;
    for (int k = 0; k < 300; k++) {
        story s;
        random_story(&s, k);
        char id[16];
        snprintf(id, sizeof id, "R%d", k);
        started(d, id, s.lunch ? "lunch" : "open", s.lunch ? "l1" : "o1", s.created);
        int64_t first_reply = NONE, resolved = NONE, last = s.created;
        for (int i = 0; i < s.n; i++) {
            int64_t t = s.ev[i].time;
            last = t;
            switch (s.ev[i].type) {
            case 0:
                DESK_OK(d, csvc_desk_pend(d, id, CSVC_PEND_CUSTOMER, t));
                break;
            case 1:
                DESK_OK(d, csvc_desk_resume(d, id, t));
                break;
            case 2:
                DESK_OK(d, csvc_desk_agent_reply(d, id, NULL, t));
                first_reply = t;
                break;
            default:
                DESK_OK(d, csvc_desk_resolve(d, id, NULL, 0, t));
                resolved = t;
                break;
            }
        }
        int64_t now = last + rnd(600) * 60;
        csvc_sla_status got = sla(d, id, now);
        int64_t fr_stop = first_reply;
        if (resolved != NONE && (fr_stop == NONE || resolved < fr_stop))
            fr_stop = resolved;
        ref_clock fr = walk(&s, H, fr_stop, now);
        ref_clock res = walk(&s, 4 * H, resolved, now);
        check_clock("first response", k, &fr, got.first_response_due,
                    got.first_response_remaining, got.first_response_breached,
                    got.first_response_breach_time);
        check_clock("resolution", k, &res, got.resolution_due, got.resolution_remaining,
                    got.resolution_breached, got.resolution_breach_time);
        checked++;
    }
    assert_int_equal(checked, 300);
}

int main(void)
{
#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        TEST(test_reply_during_pause_open),
        TEST(test_first_response_metric_excludes_the_open_pause),
        TEST(test_pause_after_a_missed_due_open),
        TEST(test_reply_during_pause_lunch),
        TEST(test_pause_after_a_missed_due_lunch),
        TEST(test_next_response_pause_after_its_due),
        TEST(test_random_against_a_minute_walk),
    };
#undef TEST
    return cmocka_run_group_tests_name("desk_pauses", tests, NULL, NULL);
}
