/* Desk SLA clocks, the dispatch queue, the breached list and routing.
 *
 * Every expected instant is counted by hand on the calendars built here,
 * with the arithmetic in the comments. The reference week starts on
 * Monday 2025-01-06 00:00 UTC = 1736121600 (GNU date -u -d 2025-01-06 +%s);
 * T(day, h, m) is that Monday + day days + h:m. The default calendar is open
 * Monday to Friday 08:00-18:00 UTC (10 business hours a day). */
#include "fixtures.h"

#include <stdlib.h>

#define MONDAY INT64_C(1736121600)
#define H INT64_C(3600)
#define MIN INT64_C(60)
#define T(day, h, m) (MONDAY + (int64_t)(day)*86400 + (int64_t)(h)*H + (int64_t)(m)*MIN)
#define NONE CSVC_TIME_NONE

typedef struct fixture {
    csvc_roster *roster;
    csvc_desk *desk;
    test_failing_alloc fa;
} fixture;

#define DESK_OK(d, rc) assert_csvc_ok_msg(rc, csvc_desk_errmsg(d))

static void set_active(csvc_roster *r, const char *id, int active)
{
    csvc_agent_info a;
    assert_ok(r, csvc_roster_get_agent(r, id, &a));
    a.active = active;
    assert_ok(r, csvc_roster_update_agent(r, &a));
}

/* Monday to Friday, 08:00-18:00 local at `offset`, or `open`-`close` hours. */
static csvc_calendar *weekdays(int32_t offset, int open, int close)
{
    csvc_calendar *cal;
    assert_csvc_ok(csvc_calendar_new(NULL, offset, &cal));
    for (int day = CSVC_MONDAY; day <= CSVC_FRIDAY; day++)
        assert_csvc_ok(csvc_calendar_add_hours(cal, (csvc_weekday)day, open * 60, close * 60));
    return cal;
}

/* Roster (in roster order): support a1, backline b1, support a2 (inactive),
 * support a3 (technical), asia s1, empty e1 (inactive). The desk uses a
 * fault-injecting allocator that never fails unless told to, and the
 * weekday calendar by default. */
static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->fa.budget = -1;
    assert_csvc_ok(csvc_roster_new(NULL, &f->roster));
    fx_add_team(f->roster, "support");
    fx_add_team(f->roster, "backline");
    fx_add_team(f->roster, "asia");
    fx_add_team(f->roster, "empty");
    fx_add_agent_full(f->roster, "a1", "support", NULL, CSVC_SKILL(CSVC_CATEGORY_INQUIRY), 1);
    fx_add_agent_full(f->roster, "b1", "backline", NULL, CSVC_SKILLS_ALL, 1);
    fx_add_agent_full(f->roster, "a2", "support", NULL, CSVC_SKILL(CSVC_CATEGORY_TECHNICAL), 0);
    fx_add_agent_full(f->roster, "a3", "support", NULL, CSVC_SKILL(CSVC_CATEGORY_TECHNICAL), 1);
    fx_add_agent_full(f->roster, "s1", "asia", NULL, 0, 1);
    fx_add_agent_full(f->roster, "e1", "empty", NULL, CSVC_SKILLS_ALL, 0);
    csvc_desk_options opt = CSVC_DESK_OPTIONS_INIT;
    csvc_allocator a = test_failing_allocator(&f->fa);
    opt.allocator = &a;
    assert_csvc_ok(csvc_desk_new(f->roster, &opt, &f->desk));
    csvc_calendar *cal = weekdays(0, 8, 18);
    DESK_OK(f->desk, csvc_desk_set_calendar(f->desk, NULL, cal));
    csvc_calendar_free(cal);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    csvc_desk_free(f->desk);
    csvc_roster_free(f->roster);
    assert_int_equal(f->fa.live, 0);
    free(f);
    return 0;
}

static void policy(csvc_desk *d, const char *team, int32_t priority, int32_t category,
                   int64_t first, int64_t next, int64_t resolution, uint32_t pause)
{
    csvc_sla_policy p = CSVC_SLA_POLICY_INIT;
    p.team_id = team;
    p.priority = priority;
    p.category = category;
    p.first_response = first;
    p.next_response = next;
    p.resolution = resolution;
    p.pause_states = pause;
    DESK_OK(d, csvc_desk_add_sla_policy(d, &p));
}

static void create_full(csvc_desk *d, const char *id, const char *team, csvc_priority priority,
                        csvc_category category, int64_t time)
{
    csvc_ticket_spec s = CSVC_TICKET_SPEC_INIT;
    s.id = id;
    s.team_id = team;
    s.priority = priority;
    s.category = category;
    s.created = time;
    DESK_OK(d, csvc_desk_create(d, &s));
}

static void create(csvc_desk *d, const char *id, int64_t time)
{
    create_full(d, id, "support", CSVC_PRIORITY_NORMAL, CSVC_CATEGORY_INQUIRY, time);
}

/* Assigned to a1 and started (in_progress) without any reply. */
static void create_started(csvc_desk *d, const char *id, int64_t time)
{
    create(d, id, time);
    DESK_OK(d, csvc_desk_assign(d, id, "a1", time));
    DESK_OK(d, csvc_desk_start(d, id, time));
}

static csvc_sla_status sla(const csvc_desk *d, const char *id, int64_t now)
{
    csvc_sla_status s;
    memset(&s, 0x5a, sizeof s); /* every field but the version is written */
    s.version = CSVC_SLA_STATUS_VERSION;
    DESK_OK(d, csvc_desk_sla(d, id, now, &s));
    assert_int_equal(s.version, CSVC_SLA_STATUS_VERSION);
    return s;
}

/* Checks one clock: due, remaining, breached, breach time. */
#define assert_clock(s, clk, due, remaining, breached, breach_time)                                \
    do {                                                                                           \
        assert_int_equal((s).clk##_due, (due));                                                    \
        assert_int_equal((s).clk##_remaining, (remaining));                                        \
        assert_int_equal((s).clk##_breached, (breached));                                          \
        assert_int_equal((s).clk##_breach_time, (breach_time));                                    \
    } while (0)

#define assert_no_clock(s, clk) assert_clock(s, clk, NONE, 0, 0, NONE)

/* ---- the DOMAIN.md worked case ---------------------------------------------- */

static void test_worked_case(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    policy(d, NULL, -1, -1, 0, 0, 2 * H, CSVC_PAUSE_PENDING_CUSTOMER);
    create_started(d, "T1", T(0, 8, 0));

    /* Created 08:00 with a 2 h target: due 10:00. */
    csvc_sla_status s = sla(d, "T1", T(0, 8, 0));
    assert_int_equal(s.paused, 0);
    assert_clock(s, resolution, T(0, 10, 0), 2 * H, 0, NONE);
    assert_no_clock(s, first_response);
    assert_no_clock(s, next_response);

    /* Pended on the customer at 09:00: one hour used, one hour left, frozen. */
    DESK_OK(d, csvc_desk_pend(d, "T1", CSVC_PEND_CUSTOMER, T(0, 9, 0)));
    s = sla(d, "T1", T(0, 9, 30));
    assert_int_equal(s.paused, 1);
    assert_clock(s, resolution, NONE, H, 0, NONE);
    /* Still frozen past the old due time. */
    s = sla(d, "T1", T(0, 10, 30));
    assert_clock(s, resolution, NONE, H, 0, NONE);

    /* The customer replies at 10:05, which resumes the ticket: 65 min of
     * pause (09:00-10:05 = 3900 s) push the due to 08:00 + 2 h + 65 min = 11:05. */
    DESK_OK(d, csvc_desk_customer_reply(d, "T1", T(0, 10, 5)));
    s = sla(d, "T1", T(0, 10, 5));
    assert_int_equal(s.paused, 0);
    /* elapsed = business(08:00, 10:05) - 3900 = 7500 - 3900 = 3600. */
    assert_clock(s, resolution, T(0, 11, 5), H, 0, NONE);
    /* At 11:05 exactly the target is not yet missed. */
    s = sla(d, "T1", T(0, 11, 5));
    assert_clock(s, resolution, T(0, 11, 5), 0, 0, NONE);
    /* A minute later it is: 60 s overdue, breached at the due time. */
    s = sla(d, "T1", T(0, 11, 6));
    assert_clock(s, resolution, T(0, 11, 5), -60, 1, T(0, 11, 5));

    /* Resolved at 11:30: stopped 25 min late, and stays so. */
    DESK_OK(d, csvc_desk_resolve(d, "T1", NULL, 0, T(0, 11, 30)));
    s = sla(d, "T1", T(2, 12, 0));
    assert_clock(s, resolution, T(0, 11, 5), -25 * MIN, 1, T(0, 11, 5));
}

/* ---- business time ------------------------------------------------------------ */

static void test_nights_and_weekends(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    policy(d, NULL, -1, -1, 4 * H, 0, 16 * H, CSVC_PAUSE_PENDING_CUSTOMER);

    /* Friday 15:00. First response 4 h: Fri 15-18 (3 h) + Mon 08-09 (1 h)
     * = Mon 09:00. Resolution 16 h: Fri 3 h + Mon 10 h + Tue 08-11 (3 h)
     * = Tue 11:00 (day 8). */
    create(d, "FRI", T(4, 15, 0));
    csvc_sla_status s = sla(d, "FRI", T(5, 12, 0));            /* Saturday noon */
    assert_clock(s, first_response, T(7, 9, 0), H, 0, NONE);   /* 4 h - 3 h */
    assert_clock(s, resolution, T(8, 11, 0), 13 * H, 0, NONE); /* 16 h - 3 h */
    s = sla(d, "FRI", T(7, 9, 0));
    assert_clock(s, first_response, T(7, 9, 0), 0, 0, NONE);
    s = sla(d, "FRI", T(7, 9, 30));
    assert_clock(s, first_response, T(7, 9, 0), -30 * MIN, 1, T(7, 9, 0));
    assert_clock(s, resolution, T(8, 11, 0), 16 * H - 4 * H - 30 * MIN, 0, NONE);

    /* Monday 17:00 with 4 h: Mon 17-18 (1 h) + Tue 08-11 (3 h) = Tue 11:00. */
    create(d, "NIGHT", T(0, 17, 0));
    s = sla(d, "NIGHT", T(0, 23, 0));
    assert_clock(s, first_response, T(1, 11, 0), 3 * H, 0, NONE);

    /* Created at night (Tue 03:00): the clock starts at the 08:00 opening. */
    create(d, "EARLY", T(1, 3, 0));
    s = sla(d, "EARLY", T(1, 7, 0));
    assert_clock(s, first_response, T(1, 12, 0), 4 * H, 0, NONE);

    /* A target reached exactly at closing time is due then, not at the next
     * opening: Mon 14:00 + 4 h = Mon 18:00. After hours it is breached even
     * though no business second has passed since (remaining 0). */
    create(d, "CLOSE", T(0, 14, 0));
    s = sla(d, "CLOSE", T(0, 18, 0));
    assert_clock(s, first_response, T(0, 18, 0), 0, 0, NONE);
    s = sla(d, "CLOSE", T(0, 20, 0));
    assert_clock(s, first_response, T(0, 18, 0), 0, 1, T(0, 18, 0));
}

static void test_holiday(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    csvc_calendar *cal = weekdays(0, 8, 18);
    assert_csvc_ok(csvc_calendar_add_holiday(cal, 2025, 1, 8)); /* Wednesday */
    DESK_OK(d, csvc_desk_set_calendar(d, NULL, cal));
    csvc_calendar_free(cal);
    policy(d, NULL, -1, -1, 0, 0, 4 * H, CSVC_PAUSE_PENDING_CUSTOMER);

    /* Tue 16:00 + 4 h: Tue 16-18 (2 h), Wed holiday, Thu 08-10 (2 h). */
    create(d, "HOL", T(1, 16, 0));
    csvc_sla_status s = sla(d, "HOL", T(2, 12, 0));
    assert_clock(s, resolution, T(3, 10, 0), 2 * H, 0, NONE);
    s = sla(d, "HOL", T(3, 10, 45));
    assert_clock(s, resolution, T(3, 10, 0), -45 * MIN, 1, T(3, 10, 0));
}

static void test_utc_offset_team_calendar(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    /* Team asia: 09:00-18:00 at +08:00, i.e. 01:00-10:00 UTC on weekdays. */
    csvc_calendar *cal = weekdays(8 * 3600, 9, 18);
    DESK_OK(d, csvc_desk_set_calendar(d, "asia", cal));
    csvc_calendar_free(cal);
    policy(d, NULL, -1, -1, 2 * H, 0, 0, CSVC_PAUSE_PENDING_CUSTOMER);

    /* Mon 09:30 UTC = 17:30 local: 30 min left on Monday, 90 min on Tuesday
     * from 09:00 local -> Tue 10:30 local = Tue 02:30 UTC. */
    create_full(d, "CN", "asia", CSVC_PRIORITY_NORMAL, CSVC_CATEGORY_INQUIRY, T(0, 9, 30));
    csvc_sla_status s = sla(d, "CN", T(0, 12, 0));
    assert_clock(s, first_response, T(1, 2, 30), 90 * MIN, 0, NONE);
    /* The same instant on the default (UTC 08-18) calendar: 09:30 + 2 h = 11:30. */
    create(d, "UK", T(0, 9, 30));
    s = sla(d, "UK", T(0, 10, 0));
    assert_clock(s, first_response, T(0, 11, 30), 90 * MIN, 0, NONE);

    /* A transfer moves the ticket onto the new team's calendar. */
    DESK_OK(d, csvc_desk_transfer(d, "UK", "asia", NULL, T(0, 10, 0)));
    s = sla(d, "UK", T(0, 10, 0));
    /* asia: business(Mon 09:30, Mon 10:00 UTC) = 30 min, then 90 min from
     * Tue 01:00 UTC -> Tue 02:30 UTC. */
    assert_clock(s, first_response, T(1, 2, 30), 90 * MIN, 0, NONE);
}

static void test_always_open_without_calendar(void **state)
{
    fixture *f = *state;
    csvc_desk_free(f->desk);
    assert_csvc_ok(csvc_desk_new(f->roster, NULL, &f->desk));
    csvc_desk *d = f->desk;
    policy(d, NULL, -1, -1, 0, 0, 24 * H, CSVC_PAUSE_PENDING_CUSTOMER);
    /* Saturday 20:00 + 24 elapsed hours = Sunday 20:00. */
    create(d, "SAT", T(5, 20, 0));
    csvc_sla_status s = sla(d, "SAT", T(6, 8, 0));
    assert_clock(s, resolution, T(6, 20, 0), 12 * H, 0, NONE);
}

/* ---- pauses --------------------------------------------------------------------- */

static void test_internal_pause_runs_by_default(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    policy(d, NULL, -1, -1, 0, 0, 4 * H, CSVC_PAUSE_PENDING_CUSTOMER);
    policy(d, NULL, CSVC_PRIORITY_HIGH, -1, 0, 0, 4 * H,
           CSVC_PAUSE_PENDING_CUSTOMER | CSVC_PAUSE_PENDING_INTERNAL);

    /* Normal priority: pending on another department does not stop the
     * clock. Created 08:00, due 12:00 throughout. */
    create_started(d, "INT", T(0, 8, 0));
    DESK_OK(d, csvc_desk_pend(d, "INT", CSVC_PEND_INTERNAL, T(0, 9, 0)));
    csvc_sla_status s = sla(d, "INT", T(0, 10, 0));
    assert_int_equal(s.paused, 0);
    assert_clock(s, resolution, T(0, 12, 0), 2 * H, 0, NONE);
    DESK_OK(d, csvc_desk_resume(d, "INT", T(0, 11, 0)));
    s = sla(d, "INT", T(0, 11, 0));
    assert_clock(s, resolution, T(0, 12, 0), H, 0, NONE);

    /* High priority, whose policy pauses on internal: pended 09:00-11:00
     * pushes 08:00 + 4 h + 2 h = 14:00. */
    create_full(d, "HI", "support", CSVC_PRIORITY_HIGH, CSVC_CATEGORY_INQUIRY, T(0, 8, 0));
    DESK_OK(d, csvc_desk_assign(d, "HI", "a1", T(0, 8, 0)));
    DESK_OK(d, csvc_desk_start(d, "HI", T(0, 8, 0)));
    DESK_OK(d, csvc_desk_pend(d, "HI", CSVC_PEND_INTERNAL, T(0, 9, 0)));
    s = sla(d, "HI", T(0, 10, 0));
    assert_int_equal(s.paused, 1);
    assert_clock(s, resolution, NONE, 3 * H, 0, NONE);
    DESK_OK(d, csvc_desk_resume(d, "HI", T(0, 11, 0)));
    s = sla(d, "HI", T(0, 11, 0));
    assert_int_equal(s.paused, 0);
    assert_clock(s, resolution, T(0, 14, 0), 3 * H, 0, NONE);
}

static void test_pause_over_night_and_before_first_reply(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    policy(d, NULL, -1, -1, 3 * H, 0, 6 * H, CSVC_PAUSE_PENDING_CUSTOMER);

    /* Created Mon 15:00; pended on the customer 16:00 until Tue 09:00: the
     * pause holds business(Mon 16:00, Tue 09:00) = 2 h + 1 h = 3 h. */
    create_started(d, "N", T(0, 15, 0));
    DESK_OK(d, csvc_desk_pend(d, "N", CSVC_PEND_CUSTOMER, T(0, 16, 0)));
    csvc_sla_status s = sla(d, "N", T(0, 23, 0));
    assert_int_equal(s.paused, 1);
    assert_clock(s, first_response, NONE, 2 * H, 0, NONE);
    assert_clock(s, resolution, NONE, 5 * H, 0, NONE);
    DESK_OK(d, csvc_desk_customer_reply(d, "N", T(1, 9, 0)));
    /* First response: 15:00 + 3 h + 3 h = 6 business hours -> Mon 15-18 (3)
     * + Tue 08-11 (3) = Tue 11:00. Resolution: 6 + 3 = 9 h -> Tue 14:00. */
    s = sla(d, "N", T(1, 9, 0));
    assert_clock(s, first_response, T(1, 11, 0), 2 * H, 0, NONE);
    assert_clock(s, resolution, T(1, 14, 0), 5 * H, 0, NONE);
    /* First reply at Tue 10:30: elapsed = business(Mon 15:00, Tue 10:30)
     * - 3 h = 5.5 h - 3 h = 2.5 h; 30 min to spare. */
    DESK_OK(d, csvc_desk_agent_reply(d, "N", NULL, T(1, 10, 30)));
    s = sla(d, "N", T(2, 9, 0));
    assert_clock(s, first_response, T(1, 11, 0), 30 * MIN, 0, NONE);
    /* Resolution still running: business(Mon 15:00, Wed 09:00) = 3 + 10 + 1
     * = 14 h, minus 3 h paused = 11 h used of 6 h: 5 h over. */
    assert_clock(s, resolution, T(1, 14, 0), -5 * H, 1, T(1, 14, 0));
}

static void test_breached_before_pause_stays_breached(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    policy(d, NULL, -1, -1, H, 0, 0, CSVC_PAUSE_PENDING_CUSTOMER);
    /* Due 09:00; pended at 09:30 without a reply: frozen 30 min late. */
    create_started(d, "LATE", T(0, 8, 0));
    DESK_OK(d, csvc_desk_pend(d, "LATE", CSVC_PEND_CUSTOMER, T(0, 9, 30)));
    csvc_sla_status s = sla(d, "LATE", T(0, 12, 0));
    assert_int_equal(s.paused, 1);
    assert_clock(s, first_response, NONE, -30 * MIN, 1, T(0, 9, 0));
}

/* ---- stopped clocks -------------------------------------------------------------- */

static void test_first_response_stops(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    policy(d, NULL, -1, -1, H, 0, 0, CSVC_PAUSE_PENDING_CUSTOMER);
    /* Reply at 08:30 against a 09:00 due: 30 min to spare, forever. */
    create_started(d, "EARLY", T(0, 8, 0));
    DESK_OK(d, csvc_desk_agent_reply(d, "EARLY", NULL, T(0, 8, 30)));
    csvc_sla_status s = sla(d, "EARLY", T(1, 12, 0));
    assert_clock(s, first_response, T(0, 9, 0), 30 * MIN, 0, NONE);
    /* Reply at 09:20: 20 min late, breached at 09:00. */
    create_started(d, "LATE", T(0, 8, 0));
    DESK_OK(d, csvc_desk_agent_reply(d, "LATE", NULL, T(0, 9, 20)));
    s = sla(d, "LATE", T(0, 9, 20));
    assert_clock(s, first_response, T(0, 9, 0), -20 * MIN, 1, T(0, 9, 0));
    /* A reply exactly at the due time meets the target. */
    create_started(d, "EXACT", T(0, 8, 0));
    DESK_OK(d, csvc_desk_agent_reply(d, "EXACT", NULL, T(0, 9, 0)));
    s = sla(d, "EXACT", T(0, 17, 0));
    assert_clock(s, first_response, T(0, 9, 0), 0, 0, NONE);
    /* Paused 08:20-08:50 before the reply at 09:20: due 09:00 + 30 min =
     * 09:30; elapsed business(08:00, 09:20) - 30 min = 50 min: 10 min spare. */
    create_started(d, "PAUSED", T(0, 8, 0));
    DESK_OK(d, csvc_desk_pend(d, "PAUSED", CSVC_PEND_CUSTOMER, T(0, 8, 20)));
    DESK_OK(d, csvc_desk_customer_reply(d, "PAUSED", T(0, 8, 50)));
    DESK_OK(d, csvc_desk_agent_reply(d, "PAUSED", NULL, T(0, 9, 20)));
    s = sla(d, "PAUSED", T(0, 12, 0));
    assert_clock(s, first_response, T(0, 9, 30), 10 * MIN, 0, NONE);
    /* No next-response target: a customer reply arms nothing. */
    assert_no_clock(s, next_response);
}

static void test_resolution_stops_and_reopen_keeps_it(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    policy(d, NULL, -1, -1, H, 0, 2 * H, CSVC_PAUSE_PENDING_CUSTOMER);
    /* Resolved at 08:40 without any reply: both clocks stop there.
     * First response due 09:00 (20 min spare), resolution due 10:00 (80 min). */
    create_started(d, "R", T(0, 8, 0));
    DESK_OK(d, csvc_desk_resolve(d, "R", "fixed", 1, T(0, 8, 40)));
    csvc_sla_status s = sla(d, "R", T(1, 12, 0));
    assert_clock(s, first_response, T(0, 9, 0), 20 * MIN, 0, NONE);
    assert_clock(s, resolution, T(0, 10, 0), 80 * MIN, 0, NONE);
    /* Reopened at 09:30 and still open at Tue 12:00: the resolution clock
     * stays stopped at the first resolution. */
    DESK_OK(d, csvc_desk_reopen(d, "R", T(0, 9, 30)));
    s = sla(d, "R", T(1, 12, 0));
    assert_clock(s, resolution, T(0, 10, 0), 80 * MIN, 0, NONE);
    assert_clock(s, first_response, T(0, 9, 0), 20 * MIN, 0, NONE);
}

static void test_no_policy_and_cancelled(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    /* No policy: no clock, but pending on the customer is still a pause. */
    create_started(d, "FREE", T(0, 8, 0));
    DESK_OK(d, csvc_desk_pend(d, "FREE", CSVC_PEND_CUSTOMER, T(0, 9, 0)));
    csvc_sla_status s = sla(d, "FREE", T(0, 10, 0));
    assert_int_equal(s.paused, 1);
    assert_no_clock(s, first_response);
    assert_no_clock(s, next_response);
    assert_no_clock(s, resolution);

    /* A cancelled ticket's clocks read as at its cancellation (08:30): first
     * response due 09:00 with 30 min left, never breached later. */
    policy(d, NULL, -1, -1, H, 0, 0, CSVC_PAUSE_PENDING_CUSTOMER);
    create(d, "GONE", T(0, 8, 0));
    DESK_OK(d, csvc_desk_cancel(d, "GONE", NULL, T(0, 8, 30)));
    s = sla(d, "GONE", T(3, 12, 0));
    assert_clock(s, first_response, T(0, 9, 0), 30 * MIN, 0, NONE);
}

/* ---- next response ------------------------------------------------------------------ */

static void test_next_response_cycles(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    policy(d, NULL, -1, -1, H, H, 0, CSVC_PAUSE_PENDING_CUSTOMER);
    create_started(d, "NR", T(0, 8, 0));
    /* Before the first reply a customer message is covered by the first
     * response clock: nothing awaited. */
    DESK_OK(d, csvc_desk_customer_reply(d, "NR", T(0, 8, 10)));
    csvc_sla_status s = sla(d, "NR", T(0, 8, 10));
    assert_no_clock(s, next_response);
    DESK_OK(d, csvc_desk_agent_reply(d, "NR", NULL, T(0, 8, 30)));

    /* Cycle 1: customer 09:00 -> due 10:00; answered 09:40 in time. */
    DESK_OK(d, csvc_desk_customer_reply(d, "NR", T(0, 9, 0)));
    s = sla(d, "NR", T(0, 9, 10));
    assert_clock(s, next_response, T(0, 10, 0), 50 * MIN, 0, NONE);
    DESK_OK(d, csvc_desk_agent_reply(d, "NR", NULL, T(0, 9, 40)));
    s = sla(d, "NR", T(0, 9, 50));
    assert_no_clock(s, next_response);

    /* Cycle 2: customer 10:00 -> due 11:00. A second customer message at
     * 10:30 does not move it (the oldest unanswered message counts). */
    DESK_OK(d, csvc_desk_customer_reply(d, "NR", T(0, 10, 0)));
    DESK_OK(d, csvc_desk_customer_reply(d, "NR", T(0, 10, 30)));
    s = sla(d, "NR", T(0, 10, 45));
    assert_clock(s, next_response, T(0, 11, 0), 15 * MIN, 0, NONE);
    /* Running past its due: breached at 11:00. */
    s = sla(d, "NR", T(0, 11, 10));
    assert_clock(s, next_response, T(0, 11, 0), -10 * MIN, 1, T(0, 11, 0));
    /* Answered late at 11:20: no clock runs, the breach stays (at 11:00). */
    DESK_OK(d, csvc_desk_agent_reply(d, "NR", NULL, T(0, 11, 20)));
    s = sla(d, "NR", T(0, 11, 30));
    assert_clock(s, next_response, NONE, 0, 1, T(0, 11, 0));

    /* Cycle 3 re-armed by the customer at 12:00 -> due 13:00; the earlier
     * breach keeps the flag and its time. */
    DESK_OK(d, csvc_desk_customer_reply(d, "NR", T(0, 12, 0)));
    s = sla(d, "NR", T(0, 12, 10));
    assert_clock(s, next_response, T(0, 13, 0), 50 * MIN, 1, T(0, 11, 0));
    /* Cycle 3 also missed: the breach time is still the first one. */
    s = sla(d, "NR", T(0, 13, 30));
    assert_clock(s, next_response, T(0, 13, 0), -30 * MIN, 1, T(0, 11, 0));
    /* The first response clock stopped long ago, in time. */
    assert_clock(s, first_response, T(0, 9, 0), 30 * MIN, 0, NONE);

    /* Resolving clears the awaited reply. */
    DESK_OK(d, csvc_desk_resolve(d, "NR", NULL, 0, T(0, 14, 0)));
    s = sla(d, "NR", T(0, 14, 0));
    assert_clock(s, next_response, NONE, 0, 1, T(0, 11, 0));
}

static void test_next_response_across_night(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    policy(d, NULL, -1, -1, 0, 2 * H, 0, CSVC_PAUSE_PENDING_CUSTOMER);
    create_started(d, "EVE", T(0, 8, 0));
    DESK_OK(d, csvc_desk_agent_reply(d, "EVE", NULL, T(0, 9, 0)));
    /* Customer at 17:30: 30 min on Monday + 90 min on Tuesday -> Tue 09:30. */
    DESK_OK(d, csvc_desk_customer_reply(d, "EVE", T(0, 17, 30)));
    csvc_sla_status s = sla(d, "EVE", T(0, 22, 0));
    assert_clock(s, next_response, T(1, 9, 30), 90 * MIN, 0, NONE);
    /* Answered Tue 09:45: late by 15 min. */
    DESK_OK(d, csvc_desk_agent_reply(d, "EVE", NULL, T(1, 9, 45)));
    s = sla(d, "EVE", T(1, 10, 0));
    assert_clock(s, next_response, NONE, 0, 1, T(1, 9, 30));
}

static void test_next_response_paused_in_cycle(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    policy(d, NULL, -1, -1, 0, H, 0, CSVC_PAUSE_PENDING_CUSTOMER);
    create_started(d, "P", T(0, 8, 0));
    DESK_OK(d, csvc_desk_agent_reply(d, "P", NULL, T(0, 8, 30)));
    /* Customer at 09:00 -> due 10:00. The agent pends on the customer at
     * 09:15 without answering: the clock freezes with 45 min left. */
    DESK_OK(d, csvc_desk_customer_reply(d, "P", T(0, 9, 0)));
    DESK_OK(d, csvc_desk_pend(d, "P", CSVC_PEND_CUSTOMER, T(0, 9, 15)));
    csvc_sla_status s = sla(d, "P", T(0, 9, 45));
    assert_int_equal(s.paused, 1);
    assert_clock(s, next_response, NONE, 45 * MIN, 0, NONE);
    /* Resumed by the agent at 10:15: 1 h of pause -> due 11:00. */
    DESK_OK(d, csvc_desk_resume(d, "P", T(0, 10, 15)));
    s = sla(d, "P", T(0, 10, 30));
    assert_clock(s, next_response, T(0, 11, 0), 30 * MIN, 0, NONE);
    /* Answered 10:50, in time once the pause is counted. */
    DESK_OK(d, csvc_desk_agent_reply(d, "P", NULL, T(0, 10, 50)));
    s = sla(d, "P", T(0, 11, 30));
    assert_no_clock(s, next_response);

    /* Next cycle: customer 12:00 -> due 13:00; pended 13:30 (already late),
     * the agent replies during the pause at 14:00: breached at 13:00, and
     * the clock froze 30 min over. */
    DESK_OK(d, csvc_desk_customer_reply(d, "P", T(0, 12, 0)));
    DESK_OK(d, csvc_desk_pend(d, "P", CSVC_PEND_CUSTOMER, T(0, 13, 30)));
    s = sla(d, "P", T(0, 13, 45));
    assert_clock(s, next_response, NONE, -30 * MIN, 1, T(0, 13, 0));
    DESK_OK(d, csvc_desk_agent_reply(d, "P", NULL, T(0, 14, 0)));
    s = sla(d, "P", T(0, 14, 0));
    assert_clock(s, next_response, NONE, 0, 1, T(0, 13, 0));

    /* Third cycle: customer 15:00 (resumes) -> due 16:00; pended at 15:20,
     * agent replies during the pause at 16:30: in time (the clock froze at
     * 15:20 with 40 min left); the earlier breach stays. */
    DESK_OK(d, csvc_desk_customer_reply(d, "P", T(0, 15, 0)));
    DESK_OK(d, csvc_desk_pend(d, "P", CSVC_PEND_CUSTOMER, T(0, 15, 20)));
    DESK_OK(d, csvc_desk_agent_reply(d, "P", NULL, T(0, 16, 30)));
    s = sla(d, "P", T(0, 17, 0));
    assert_clock(s, next_response, NONE, 0, 1, T(0, 13, 0));
}

static void test_next_response_after_transfer(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    policy(d, "support", -1, -1, 0, H, 0, CSVC_PAUSE_PENDING_CUSTOMER);
    policy(d, "backline", -1, -1, 0, 2 * H, 0, CSVC_PAUSE_PENDING_CUSTOMER);
    create_started(d, "TR", T(0, 8, 0));
    DESK_OK(d, csvc_desk_agent_reply(d, "TR", NULL, T(0, 8, 0)));
    /* Customer 09:00 on support (1 h: due 10:00); moved to backline at
     * 09:10, whose 2 h target applies from the same start: due 11:00. */
    DESK_OK(d, csvc_desk_customer_reply(d, "TR", T(0, 9, 0)));
    DESK_OK(d, csvc_desk_transfer(d, "TR", "backline", "b1", T(0, 9, 10)));
    csvc_sla_status s = sla(d, "TR", T(0, 9, 10));
    assert_clock(s, next_response, T(0, 11, 0), 110 * MIN, 0, NONE);
    /* b1 answers at 10:30: in time on backline's target. */
    DESK_OK(d, csvc_desk_agent_reply(d, "TR", "b1", T(0, 10, 30)));
    /* Customer 11:00 -> due 13:00, answered 13:30: the only breach, at 13:00
     * (a replay on support's target would report 10:00). */
    DESK_OK(d, csvc_desk_customer_reply(d, "TR", T(0, 11, 0)));
    DESK_OK(d, csvc_desk_agent_reply(d, "TR", "b1", T(0, 13, 30)));
    s = sla(d, "TR", T(0, 14, 0));
    assert_clock(s, next_response, NONE, 0, 1, T(0, 13, 0));
}

static void test_next_response_long_history(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    policy(d, NULL, -1, -1, 0, H, 0, CSVC_PAUSE_PENDING_CUSTOMER);
    create_started(d, "LONG", T(0, 8, 0));
    DESK_OK(d, csvc_desk_agent_reply(d, "LONG", NULL, T(0, 8, 0)));
    /* 100 cycles answered in time (customer at x, agent at x + 1 min), one
     * late cycle in the middle (customer Tue 08:00, due 09:00, answered
     * 09:30), then 100 more in time: 403 events, more than one replay chunk. */
    int64_t x = T(0, 8, 1);
    for (int i = 0; i < 100; i++, x += 2 * MIN) {
        DESK_OK(d, csvc_desk_customer_reply(d, "LONG", x));
        DESK_OK(d, csvc_desk_agent_reply(d, "LONG", NULL, x + MIN));
    }
    DESK_OK(d, csvc_desk_customer_reply(d, "LONG", T(1, 8, 0)));
    DESK_OK(d, csvc_desk_agent_reply(d, "LONG", NULL, T(1, 9, 30)));
    x = T(1, 10, 0);
    for (int i = 0; i < 100; i++, x += 2 * MIN) {
        DESK_OK(d, csvc_desk_customer_reply(d, "LONG", x));
        DESK_OK(d, csvc_desk_agent_reply(d, "LONG", NULL, x + MIN));
    }
    csvc_ticket_info info;
    DESK_OK(d, csvc_desk_get_ticket(d, "LONG", &info));
    assert_int_equal(info.event_count, 4 + 200 + 2 + 200);
    csvc_sla_status s = sla(d, "LONG", T(2, 8, 0));
    assert_clock(s, next_response, NONE, 0, 1, T(1, 9, 0));
}

/* ---- policy choice -------------------------------------------------------------------- */

static void test_policy_specificity(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    const uint32_t c = CSVC_PAUSE_PENDING_CUSTOMER;
    policy(d, NULL, -1, -1, 8 * H, 0, 0, c);                                      /* score 0 */
    policy(d, NULL, CSVC_PRIORITY_HIGH, -1, 4 * H, 0, 0, c);                      /* 2 */
    policy(d, "support", CSVC_PRIORITY_HIGH, -1, 2 * H, 0, 0, c);                 /* 6 */
    policy(d, NULL, -1, CSVC_CATEGORY_TECHNICAL, 6 * H, 0, 0, c);                 /* 1 */
    policy(d, NULL, CSVC_PRIORITY_HIGH, CSVC_CATEGORY_TECHNICAL, 5 * H, 0, 0, c); /* 3 */
    policy(d, "backline", -1, -1, 3 * H, 0, 0, c);                                /* 4 */
    policy(d, NULL, -1, -1, 7 * H, 0, 0, c);                                      /* 0, later */

    /* Created 08:00, so the first response is due 08:00 + target. */
    create_full(d, "SH", "support", CSVC_PRIORITY_HIGH, CSVC_CATEGORY_INQUIRY, T(0, 8, 0));
    create_full(d, "AH", "asia", CSVC_PRIORITY_HIGH, CSVC_CATEGORY_INQUIRY, T(0, 8, 0));
    create_full(d, "SN", "support", CSVC_PRIORITY_NORMAL, CSVC_CATEGORY_INQUIRY, T(0, 8, 0));
    create_full(d, "ST", "support", CSVC_PRIORITY_NORMAL, CSVC_CATEGORY_TECHNICAL, T(0, 8, 0));
    create_full(d, "AHT", "asia", CSVC_PRIORITY_HIGH, CSVC_CATEGORY_TECHNICAL, T(0, 8, 0));
    create_full(d, "BHT", "backline", CSVC_PRIORITY_HIGH, CSVC_CATEGORY_TECHNICAL, T(0, 8, 0));
    const int64_t now = T(0, 8, 0);
    /* team+priority (6) beats priority-only (2) and the wildcards. */
    assert_int_equal(sla(d, "SH", now).first_response_due, T(0, 10, 0));
    /* priority-only (2) beats the wildcards. */
    assert_int_equal(sla(d, "AH", now).first_response_due, T(0, 12, 0));
    /* Two wildcards: the one added last (7 h). */
    assert_int_equal(sla(d, "SN", now).first_response_due, T(0, 15, 0));
    /* category-only (1) beats the wildcards. */
    assert_int_equal(sla(d, "ST", now).first_response_due, T(0, 14, 0));
    /* priority+category (3) beats priority (2) and category (1). */
    assert_int_equal(sla(d, "AHT", now).first_response_due, T(0, 13, 0));
    /* team-only (4) beats priority+category (3). */
    assert_int_equal(sla(d, "BHT", now).first_response_due, T(0, 11, 0));

    /* An equal policy added later takes over, also for existing tickets. */
    policy(d, "support", CSVC_PRIORITY_HIGH, -1, H, 0, 0, c);
    assert_int_equal(sla(d, "SH", now).first_response_due, T(0, 9, 0));
}

/* ---- dispatch queue and breached list ---------------------------------------------------- */

/* Tickets at now = Mon 09:30 (wildcard: first response 2 h, resolution
 * 8 h; urgent: first response 30 min; low: no targets):
 *   Q1  08:00 normal             first response due 10:00
 *   Q2  08:30 urgent             first response due 09:00 (overdue, running)
 *   Q3  09:00 normal             first response due 11:00
 *   Q4  08:00 replied, pended    paused: no running clock
 *   Q5  08:00 resolved 08:45     closed to the queue
 *   Q6  08:00 normal             due 10:00, ties with Q1, created after it
 *   Q7  08:00 low                no targets: no running clock
 *   Q8  08:00 cancelled 08:10    not open
 * Resolution clocks (16:00 or later) never come first. */
static void build_queue(csvc_desk *d)
{
    policy(d, NULL, -1, -1, 2 * H, 0, 8 * H, CSVC_PAUSE_PENDING_CUSTOMER);
    policy(d, NULL, CSVC_PRIORITY_URGENT, -1, 30 * MIN, 0, 8 * H, CSVC_PAUSE_PENDING_CUSTOMER);
    policy(d, NULL, CSVC_PRIORITY_LOW, -1, 0, 0, 0, CSVC_PAUSE_PENDING_CUSTOMER);
    create(d, "Q1", T(0, 8, 0));
    create_full(d, "Q2", "support", CSVC_PRIORITY_URGENT, CSVC_CATEGORY_INQUIRY, T(0, 8, 30));
    create(d, "Q3", T(0, 9, 0));
    create_started(d, "Q4", T(0, 8, 0));
    DESK_OK(d, csvc_desk_agent_reply(d, "Q4", NULL, T(0, 8, 20)));
    DESK_OK(d, csvc_desk_pend(d, "Q4", CSVC_PEND_CUSTOMER, T(0, 8, 40)));
    create_started(d, "Q5", T(0, 8, 0));
    DESK_OK(d, csvc_desk_resolve(d, "Q5", NULL, 0, T(0, 8, 45)));
    create(d, "Q6", T(0, 8, 0));
    create_full(d, "Q7", "support", CSVC_PRIORITY_LOW, CSVC_CATEGORY_INQUIRY, T(0, 8, 0));
    create(d, "Q8", T(0, 8, 0));
    DESK_OK(d, csvc_desk_cancel(d, "Q8", NULL, T(0, 8, 10)));
}

static void assert_ids(const char **ids, size_t n, const char *const *expected)
{
    for (size_t i = 0; i < n; i++)
        assert_string_equal(ids[i], expected[i]);
}

static void test_dispatch_queue(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    build_queue(d);
    const char *ids[10];
    size_t count = 99;
    const int64_t now = T(0, 9, 30);

    DESK_OK(d, csvc_desk_dispatch_queue(d, now, -1, ids, 10, &count));
    const char *all[] = {"Q2", "Q1", "Q6", "Q3", "Q4", "Q7"};
    assert_int_equal(count, 6);
    assert_ids(ids, 6, all);

    /* Due by 10:00 (inclusive): Q2, Q1, Q6. */
    DESK_OK(d, csvc_desk_dispatch_queue(d, now, 30 * MIN, ids, 10, &count));
    assert_int_equal(count, 3);
    assert_ids(ids, 3, all);
    /* Due by 09:59:59: only the overdue Q2. */
    DESK_OK(d, csvc_desk_dispatch_queue(d, now, 30 * MIN - 1, ids, 10, &count));
    assert_int_equal(count, 1);
    assert_string_equal(ids[0], "Q2");
    /* within 0: due by now. */
    DESK_OK(d, csvc_desk_dispatch_queue(d, now, 0, ids, 10, &count));
    assert_int_equal(count, 1);
    /* A huge window does not overflow and keeps every running clock. */
    DESK_OK(d, csvc_desk_dispatch_queue(d, now, INT64_MAX, ids, 10, &count));
    assert_int_equal(count, 4);

    /* cap below the total: the first cap ids, the full count, nothing more written. */
    const char *few[3] = {NULL, NULL, "untouched"};
    DESK_OK(d, csvc_desk_dispatch_queue(d, now, -1, few, 2, &count));
    assert_int_equal(count, 6);
    assert_string_equal(few[0], "Q2");
    assert_string_equal(few[1], "Q1");
    assert_string_equal(few[2], "untouched");
    /* Sizing call. */
    DESK_OK(d, csvc_desk_dispatch_queue(d, now, -1, NULL, 0, &count));
    assert_int_equal(count, 6);

    /* Q1 gets its first reply: its earliest running clock becomes the
     * resolution, due 16:00, so it moves behind Q3 (11:00). */
    DESK_OK(d, csvc_desk_assign(d, "Q1", "a1", now));
    DESK_OK(d, csvc_desk_agent_reply(d, "Q1", NULL, now));
    DESK_OK(d, csvc_desk_dispatch_queue(d, now, -1, ids, 10, &count));
    const char *after[] = {"Q2", "Q6", "Q3", "Q1", "Q4", "Q7"};
    assert_int_equal(count, 6);
    assert_ids(ids, 6, after);
}

static void test_dispatch_queue_next_response(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    policy(d, NULL, -1, -1, 0, H, 0, CSVC_PAUSE_PENDING_CUSTOMER);
    /* N1: customer 09:00, paused 09:10-10:10 -> due 11:00.
     * N2: customer 09:30 -> due 10:30.
     * N3: answered: no running clock. */
    create_started(d, "N1", T(0, 8, 0));
    DESK_OK(d, csvc_desk_agent_reply(d, "N1", NULL, T(0, 8, 0)));
    DESK_OK(d, csvc_desk_customer_reply(d, "N1", T(0, 9, 0)));
    DESK_OK(d, csvc_desk_pend(d, "N1", CSVC_PEND_CUSTOMER, T(0, 9, 10)));
    DESK_OK(d, csvc_desk_resume(d, "N1", T(0, 10, 10)));
    create_started(d, "N2", T(0, 8, 0));
    DESK_OK(d, csvc_desk_agent_reply(d, "N2", NULL, T(0, 8, 0)));
    DESK_OK(d, csvc_desk_customer_reply(d, "N2", T(0, 9, 30)));
    create_started(d, "N3", T(0, 8, 0));
    DESK_OK(d, csvc_desk_agent_reply(d, "N3", NULL, T(0, 8, 0)));
    const char *ids[4];
    size_t count;
    DESK_OK(d, csvc_desk_dispatch_queue(d, T(0, 10, 15), -1, ids, 4, &count));
    const char *order[] = {"N2", "N1", "N3"};
    assert_int_equal(count, 3);
    assert_ids(ids, 3, order);
    DESK_OK(d, csvc_desk_dispatch_queue(d, T(0, 10, 15), 45 * MIN, ids, 4, &count));
    assert_int_equal(count, 2); /* bound 11:00 */
}

static void test_breached_list(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    build_queue(d);
    const char *ids[10];
    size_t count = 99;
    /* 09:30: only Q2 (due 09:00) is breached. */
    DESK_OK(d, csvc_desk_breached(d, T(0, 9, 30), ids, 10, &count));
    assert_int_equal(count, 1);
    assert_string_equal(ids[0], "Q2");
    /* 09:00 exactly: nothing yet. */
    DESK_OK(d, csvc_desk_breached(d, T(0, 9, 0), ids, 10, &count));
    assert_int_equal(count, 0);
    /* 12:00: Q1 and Q6 (10:00), Q2, Q3 (11:00), in creation order; Q4 was
     * answered in time and is paused; Q7 has no target. */
    DESK_OK(d, csvc_desk_breached(d, T(0, 12, 0), ids, 10, &count));
    const char *late[] = {"Q1", "Q2", "Q3", "Q6"};
    assert_int_equal(count, 4);
    assert_ids(ids, 4, late);
    /* cap 1, and the sizing call. */
    ids[1] = "untouched";
    DESK_OK(d, csvc_desk_breached(d, T(0, 12, 0), ids, 1, &count));
    assert_int_equal(count, 4);
    assert_string_equal(ids[0], "Q1");
    assert_string_equal(ids[1], "untouched");
    DESK_OK(d, csvc_desk_breached(d, T(0, 12, 0), NULL, 0, &count));
    assert_int_equal(count, 4);
    /* A resolved ticket leaves the list even though it was late. */
    DESK_OK(d, csvc_desk_assign(d, "Q1", "a1", T(0, 12, 0)));
    DESK_OK(d, csvc_desk_start(d, "Q1", T(0, 12, 0)));
    DESK_OK(d, csvc_desk_resolve(d, "Q1", NULL, 0, T(0, 12, 0)));
    DESK_OK(d, csvc_desk_breached(d, T(0, 12, 0), ids, 10, &count));
    assert_int_equal(count, 3);
    assert_string_equal(ids[0], "Q2");
    /* A past next-response breach alone keeps a ticket on the list. */
    policy(d, NULL, CSVC_PRIORITY_HIGH, -1, 0, H, 0, CSVC_PAUSE_PENDING_CUSTOMER);
    create_full(d, "NB", "support", CSVC_PRIORITY_HIGH, CSVC_CATEGORY_INQUIRY, T(0, 8, 0));
    DESK_OK(d, csvc_desk_assign(d, "NB", "a1", T(0, 8, 0)));
    DESK_OK(d, csvc_desk_agent_reply(d, "NB", NULL, T(0, 8, 0)));
    DESK_OK(d, csvc_desk_customer_reply(d, "NB", T(0, 9, 0)));
    DESK_OK(d, csvc_desk_agent_reply(d, "NB", NULL, T(0, 10, 30)));
    DESK_OK(d, csvc_desk_breached(d, T(0, 12, 0), ids, 10, &count));
    assert_int_equal(count, 4);
    assert_string_equal(ids[3], "NB");
}

/* ---- errors of the SLA calls ---------------------------------------------------------------- */

static void test_sla_errors(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    policy(d, NULL, -1, -1, H, 0, 0, CSVC_PAUSE_PENDING_CUSTOMER);
    create(d, "E1", T(0, 8, 0));
    DESK_OK(d, csvc_desk_assign(d, "E1", "a1", T(0, 9, 0)));
    csvc_sla_status s = CSVC_SLA_STATUS_INIT;
    assert_status_msg(csvc_desk_sla(NULL, "E1", T(0, 9, 0), &s), CSVC_E_NULL, "desk is NULL");
    assert_status_msg(csvc_desk_sla(d, NULL, T(0, 9, 0), &s), CSVC_E_NULL, "ticket_id is NULL");
    assert_status_msg(csvc_desk_sla(d, "E1", T(0, 9, 0), NULL), CSVC_E_NULL, "out is NULL");
    assert_status_msg(csvc_desk_sla(d, "nope", T(0, 9, 0), &s), CSVC_E_NOTFOUND, "nope");
    assert_non_null(strstr(csvc_desk_errmsg(d), "not found"));
    /* The caller's struct says what it holds: 0 and a newer version are refused
     * before anything is written. */
    csvc_sla_status v;
    memset(&v, 0x5a, sizeof v);
    v.version = 0;
    assert_status_msg(csvc_desk_sla(d, "E1", T(0, 9, 0), &v), CSVC_E_VERSION,
                      "sla: status version 0 not supported (expected 1..1)");
    v.version = CSVC_SLA_STATUS_VERSION + 1;
    assert_status_msg(csvc_desk_sla(d, "E1", T(0, 9, 0), &v), CSVC_E_VERSION, "version 2");
    assert_int_equal(v.paused, 0x5a5a5a5a);
    csvc_sla_status_init(&v);
    assert_int_equal(v.version, CSVC_SLA_STATUS_VERSION);
    assert_int_equal(v.paused, 0);
    assert_int_equal(v.resolution_due, CSVC_TIME_NONE);
    assert_int_equal(v.resolution_breached, 0);
    assert_int_equal(v.resolution_breach_time, CSVC_TIME_NONE);
    csvc_sla_status_init(NULL);
    /* The last event is at 09:00: one second before is refused. */
    assert_status_msg(csvc_desk_sla(d, "E1", T(0, 9, 0) - 1, &s), CSVC_E_TIME,
                      "before its last event");
    assert_non_null(strstr(csvc_desk_errmsg(d), "E1"));
    /* An instant that cannot even be formatted is reported as a number. */
    assert_status_msg(csvc_desk_sla(d, "E1", INT64_MIN, &s), CSVC_E_TIME,
                      "now -9223372036854775808 is before");
    s = sla(d, "E1", T(0, 9, 0));
    assert_int_equal(s.first_response_due, T(0, 9, 0));
}

static void test_list_errors(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    create(d, "L1", T(0, 8, 0));
    create(d, "L2", T(0, 10, 0));
    create(d, "L3", T(0, 11, 0));
    DESK_OK(d, csvc_desk_cancel(d, "L3", NULL, T(0, 12, 0)));
    const char *ids[4];
    size_t count = 7;
    assert_status_msg(csvc_desk_dispatch_queue(NULL, T(0, 12, 0), -1, ids, 4, &count), CSVC_E_NULL,
                      "desk is NULL");
    assert_status_msg(csvc_desk_dispatch_queue(d, T(0, 12, 0), -1, ids, 4, NULL), CSVC_E_NULL,
                      "count is NULL");
    assert_status_msg(csvc_desk_dispatch_queue(d, T(0, 12, 0), -1, NULL, 4, &count), CSVC_E_NULL,
                      "ids is NULL");
    /* L2 (open) was created at 10:00. */
    assert_status_msg(csvc_desk_dispatch_queue(d, T(0, 9, 0), -1, ids, 4, &count), CSVC_E_TIME,
                      "L2");
    assert_status_msg(csvc_desk_breached(NULL, T(0, 12, 0), ids, 4, &count), CSVC_E_NULL,
                      "desk is NULL");
    assert_status_msg(csvc_desk_breached(d, T(0, 12, 0), ids, 4, NULL), CSVC_E_NULL,
                      "count is NULL");
    assert_status_msg(csvc_desk_breached(d, T(0, 12, 0), NULL, 1, &count), CSVC_E_NULL,
                      "ids is NULL");
    assert_status_msg(csvc_desk_breached(d, T(0, 9, 0), ids, 4, &count), CSVC_E_TIME, "L2");
    assert_int_equal(count, 7); /* untouched by every failure */
    /* A closed ticket's later events do not matter: L3 was cancelled at
     * 12:00, yet 11:00 is accepted. */
    DESK_OK(d, csvc_desk_breached(d, T(0, 11, 0), ids, 4, &count));
    assert_int_equal(count, 0);

    /* Out of memory in the dispatch queue. */
    f->fa.budget = 0;
    assert_status_msg(csvc_desk_dispatch_queue(d, T(0, 12, 0), -1, ids, 4, &count), CSVC_E_NOMEM,
                      "out of memory");
    f->fa.budget = -1;
    assert_int_equal(count, 0);
    DESK_OK(d, csvc_desk_dispatch_queue(d, T(0, 12, 0), -1, ids, 4, &count));
    assert_int_equal(count, 2);
    /* An empty desk. */
    csvc_desk *empty;
    assert_csvc_ok(csvc_desk_new(f->roster, NULL, &empty));
    DESK_OK(empty, csvc_desk_dispatch_queue(empty, 0, -1, NULL, 0, &count));
    assert_int_equal(count, 0);
    DESK_OK(empty, csvc_desk_breached(empty, 0, NULL, 0, &count));
    assert_int_equal(count, 0);
    /* Before 1970 with an unbounded window: now + within must not overflow. */
    csvc_ticket_spec spec = CSVC_TICKET_SPEC_INIT;
    spec.id = "OLD";
    spec.team_id = "support";
    spec.created = -1000;
    DESK_OK(empty, csvc_desk_create(empty, &spec));
    DESK_OK(empty, csvc_desk_dispatch_queue(empty, -500, INT64_MAX, ids, 4, &count));
    assert_int_equal(count, 0); /* no policy: no running clock */
    DESK_OK(empty, csvc_desk_dispatch_queue(empty, INT64_MAX, INT64_MAX, ids, 4, &count));
    assert_int_equal(count, 0);
    DESK_OK(empty, csvc_desk_dispatch_queue(empty, -500, -1, ids, 4, &count));
    assert_int_equal(count, 1);
    csvc_desk_free(empty);
}

/* ---- routing --------------------------------------------------------------------------------- */

static const char *route(csvc_desk *d, const char *ticket, csvc_routing strategy)
{
    const char *agent = NULL;
    DESK_OK(d, csvc_desk_route(d, ticket, strategy, &agent));
    assert_non_null(agent);
    return agent;
}

static void test_route_round_robin(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    create(d, "R1", T(0, 8, 0));
    /* Support in roster order: a1, (b1 other team), (a2 inactive), a3. */
    assert_string_equal(route(d, "R1", CSVC_ROUTE_ROUND_ROBIN), "a1");
    assert_string_equal(route(d, "R1", CSVC_ROUTE_ROUND_ROBIN), "a3");
    assert_string_equal(route(d, "R1", CSVC_ROUTE_ROUND_ROBIN), "a1"); /* wraps */
    /* The returned id is the roster's own string. */
    csvc_agent_info a;
    assert_ok(f->roster, csvc_roster_get_agent(f->roster, "a3", &a));
    const char *agent = route(d, "R1", CSVC_ROUTE_ROUND_ROBIN);
    assert_ptr_equal(agent, a.id);
    /* a2 becomes active: it takes its turn between a1 and a3. */
    set_active(f->roster, "a2", 1);
    assert_string_equal(route(d, "R1", CSVC_ROUTE_ROUND_ROBIN), "a1");
    assert_string_equal(route(d, "R1", CSVC_ROUTE_ROUND_ROBIN), "a2");

    /* Nobody active: not found, and the turn does not move. */
    set_active(f->roster, "a1", 0);
    set_active(f->roster, "a2", 0);
    set_active(f->roster, "a3", 0);
    agent = "unchanged";
    assert_status_msg(csvc_desk_route(d, "R1", CSVC_ROUTE_ROUND_ROBIN, &agent), CSVC_E_NOTFOUND,
                      "team 'support' has no active agent");
    assert_string_equal(agent, "unchanged");
    set_active(f->roster, "a1", 1);
    set_active(f->roster, "a3", 1);
    assert_string_equal(route(d, "R1", CSVC_ROUTE_ROUND_ROBIN), "a3");

    /* Each team keeps its own turn. */
    create_full(d, "B1", "backline", CSVC_PRIORITY_NORMAL, CSVC_CATEGORY_INQUIRY, T(0, 8, 0));
    assert_string_equal(route(d, "B1", CSVC_ROUTE_ROUND_ROBIN), "b1");
    assert_string_equal(route(d, "B1", CSVC_ROUTE_ROUND_ROBIN), "b1");
    assert_string_equal(route(d, "R1", CSVC_ROUTE_ROUND_ROBIN), "a1");

    /* An agent added to the roster after the desk was made joins the turn. */
    fx_add_agent_full(f->roster, "a4", "support", NULL, 0, 1);
    assert_string_equal(route(d, "R1", CSVC_ROUTE_ROUND_ROBIN), "a3");
    assert_string_equal(route(d, "R1", CSVC_ROUTE_ROUND_ROBIN), "a4");
    assert_string_equal(route(d, "R1", CSVC_ROUTE_ROUND_ROBIN), "a1");
}

static void test_route_least_loaded_and_skill(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    create(d, "X", T(0, 8, 0));
    create_full(d, "TECH", "support", CSVC_PRIORITY_NORMAL, CSVC_CATEGORY_TECHNICAL, T(0, 8, 0));
    create_full(d, "REP", "support", CSVC_PRIORITY_NORMAL, CSVC_CATEGORY_REPAIR_WARRANTY,
                T(0, 8, 0));
    /* Nothing open yet: a1 and a3 tie at 0, a1 comes first in the roster;
     * a2 (inactive, 0 open) is never picked. */
    assert_string_equal(route(d, "X", CSVC_ROUTE_LEAST_LOADED), "a1");
    /* Skilled in technical and active: only a3 (a2 is inactive). */
    assert_string_equal(route(d, "TECH", CSVC_ROUTE_SKILL), "a3");
    /* Nobody knows repairs: least loaded of the team. */
    assert_string_equal(route(d, "REP", CSVC_ROUTE_SKILL), "a1");

    /* a1 holds two open tickets, a3 one. */
    create(d, "L1", T(0, 8, 0));
    create(d, "L2", T(0, 8, 0));
    create(d, "L3", T(0, 8, 0));
    DESK_OK(d, csvc_desk_assign(d, "L1", "a1", T(0, 8, 0)));
    DESK_OK(d, csvc_desk_assign(d, "L2", "a1", T(0, 8, 0)));
    DESK_OK(d, csvc_desk_assign(d, "L3", "a3", T(0, 8, 0)));
    assert_string_equal(route(d, "X", CSVC_ROUTE_LEAST_LOADED), "a3");
    assert_string_equal(route(d, "REP", CSVC_ROUTE_SKILL), "a3");
    /* Skill wins over load: a3 is the only technical agent. */
    DESK_OK(d, csvc_desk_assign(d, "TECH", "a3", T(0, 8, 0)));
    assert_string_equal(route(d, "TECH", CSVC_ROUTE_SKILL), "a3"); /* 2 open vs a1's 2 */
    create(d, "L4", T(0, 8, 0));
    DESK_OK(d, csvc_desk_assign(d, "L4", "a3", T(0, 8, 0)));
    assert_string_equal(route(d, "TECH", CSVC_ROUTE_SKILL), "a3"); /* 3 open vs 2 */
    assert_string_equal(route(d, "X", CSVC_ROUTE_LEAST_LOADED), "a1");
    /* Resolved and cancelled tickets no longer count: a1 drops to 0. */
    DESK_OK(d, csvc_desk_start(d, "L1", T(0, 9, 0)));
    DESK_OK(d, csvc_desk_resolve(d, "L1", NULL, 0, T(0, 9, 0)));
    DESK_OK(d, csvc_desk_cancel(d, "L2", NULL, T(0, 9, 0)));
    assert_string_equal(route(d, "REP", CSVC_ROUTE_SKILL), "a1");
    /* The skilled agent goes inactive: technical falls back to the team. */
    set_active(f->roster, "a3", 0);
    assert_string_equal(route(d, "TECH", CSVC_ROUTE_SKILL), "a1");
    assert_string_equal(route(d, "X", CSVC_ROUTE_LEAST_LOADED), "a1");
    /* A newcomer with no tickets is the least loaded once a1 has one. */
    DESK_OK(d, csvc_desk_assign(d, "X", "a1", T(0, 9, 0)));
    fx_add_agent_full(f->roster, "a5", "support", NULL, 0, 1);
    assert_string_equal(route(d, "REP", CSVC_ROUTE_LEAST_LOADED), "a5");
}

static void test_route_errors(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    create(d, "R", T(0, 8, 0));
    create_full(d, "E", "empty", CSVC_PRIORITY_NORMAL, CSVC_CATEGORY_INQUIRY, T(0, 8, 0));
    const char *agent = "unchanged";
    assert_status_msg(csvc_desk_route(NULL, "R", CSVC_ROUTE_ROUND_ROBIN, &agent), CSVC_E_NULL,
                      "desk is NULL");
    assert_status_msg(csvc_desk_route(d, NULL, CSVC_ROUTE_ROUND_ROBIN, &agent), CSVC_E_NULL,
                      "ticket_id is NULL");
    assert_status_msg(csvc_desk_route(d, "R", CSVC_ROUTE_ROUND_ROBIN, NULL), CSVC_E_NULL,
                      "agent_id is NULL");
    assert_status_msg(csvc_desk_route(d, "R", (csvc_routing)3, &agent), CSVC_E_INVALID,
                      "unknown strategy 3");
    assert_status_msg(csvc_desk_route(d, "R", (csvc_routing)-1, &agent), CSVC_E_INVALID,
                      "unknown strategy -1");
    assert_status_msg(csvc_desk_route(d, "ghost", CSVC_ROUTE_ROUND_ROBIN, &agent), CSVC_E_NOTFOUND,
                      "ticket 'ghost' not found");
    /* Team "empty" has only an inactive agent, for every strategy. */
    for (int s = CSVC_ROUTE_ROUND_ROBIN; s <= CSVC_ROUTE_SKILL; s++)
        assert_status_msg(csvc_desk_route(d, "E", (csvc_routing)s, &agent), CSVC_E_NOTFOUND,
                          "team 'empty' has no active agent");
    assert_non_null(strstr(csvc_desk_errmsg(d), "ticket 'E'"));
    assert_string_equal(agent, "unchanged");
    /* None of the failures moved the turn. */
    assert_string_equal(route(d, "R", CSVC_ROUTE_ROUND_ROBIN), "a1");

    /* Out of memory while catching up with a grown roster. */
    fx_add_agent_full(f->roster, "a6", "support", NULL, 0, 1);
    f->fa.budget = 0;
    assert_status_msg(csvc_desk_route(d, "R", CSVC_ROUTE_ROUND_ROBIN, &agent), CSVC_E_NOMEM,
                      "out of memory");
    f->fa.budget = -1;
    assert_string_equal(agent, "unchanged");
    assert_string_equal(route(d, "R", CSVC_ROUTE_ROUND_ROBIN), "a3");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_worked_case, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nights_and_weekends, setup, teardown),
        cmocka_unit_test_setup_teardown(test_holiday, setup, teardown),
        cmocka_unit_test_setup_teardown(test_utc_offset_team_calendar, setup, teardown),
        cmocka_unit_test_setup_teardown(test_always_open_without_calendar, setup, teardown),
        cmocka_unit_test_setup_teardown(test_internal_pause_runs_by_default, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pause_over_night_and_before_first_reply, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_breached_before_pause_stays_breached, setup, teardown),
        cmocka_unit_test_setup_teardown(test_first_response_stops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resolution_stops_and_reopen_keeps_it, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_policy_and_cancelled, setup, teardown),
        cmocka_unit_test_setup_teardown(test_next_response_cycles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_next_response_across_night, setup, teardown),
        cmocka_unit_test_setup_teardown(test_next_response_paused_in_cycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_next_response_after_transfer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_next_response_long_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_policy_specificity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dispatch_queue, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dispatch_queue_next_response, setup, teardown),
        cmocka_unit_test_setup_teardown(test_breached_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sla_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_route_round_robin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_route_least_loaded_and_skill, setup, teardown),
        cmocka_unit_test_setup_teardown(test_route_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
