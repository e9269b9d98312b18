/* Cross-department handoffs (desk.h, "Cross-department handoffs"): internal
 * pends that name a department, OLAs, and the handoff metrics. Hand-computed
 * waits on a lunch-break calendar, period boundaries, row order, refusals
 * that change nothing, the OLAs through a store, the department through the
 * events CSV, then random handoffs against a reference that walks the
 * calendar minute by minute and sorts to take its percentiles. */
#include "fixtures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MONDAY INT64_C(1736121600) /* 2025-01-06T00:00:00Z */
#define MIN INT64_C(60)
#define H INT64_C(3600)
#define T(day, h, m) (MONDAY + (int64_t)(day)*86400 + (int64_t)(h)*H + (int64_t)(m)*MIN)
#define WEEK ((csvc_period){MONDAY, MONDAY + 7 * 86400})
#define MAX_ROWS 8

typedef struct fixture {
    csvc_roster *roster;
    csvc_desk *desk;
} fixture;

#define DESK_OK(d, rc) assert_csvc_ok_msg(rc, csvc_desk_errmsg(d))
#define assert_status(rc, want) assert_int_equal((rc), (want))
#define assert_double(got, want)                                                                   \
    do {                                                                                           \
        double got_ = (got), want_ = (want);                                                       \
        if (!fx_same_double(got_, want_))                                                          \
            fail_msg("%s = %.17g, expected %.17g", #got, got_, want_);                            \
    } while (0)

/* Team "open" works around the clock; team "lunch" Monday to Friday
 * 09:00-12:00 and 13:00-18:00 UTC. */
static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->roster = fx_empty_roster();
    fx_add_team(f->roster, "open");
    fx_add_team(f->roster, "lunch");
    fx_add_agent(f->roster, "o1", "open", 1);
    fx_add_agent(f->roster, "l1", "lunch", 1);
    assert_csvc_ok(csvc_desk_new(f->roster, NULL, &f->desk));
    csvc_calendar *lunch;
    assert_csvc_ok(csvc_calendar_new(NULL, 0, &lunch));
    for (int day = CSVC_MONDAY; day <= CSVC_FRIDAY; day++) {
        assert_csvc_ok(csvc_calendar_add_hours(lunch, (csvc_weekday)day, 9 * 60, 12 * 60));
        assert_csvc_ok(csvc_calendar_add_hours(lunch, (csvc_weekday)day, 13 * 60, 18 * 60));
    }
    DESK_OK(f->desk, csvc_desk_set_calendar(f->desk, "lunch", lunch));
    csvc_calendar_free(lunch);
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

/* All rows of `period` into out[0..MAX_ROWS); returns the row count. */
static size_t handoffs(const csvc_desk *d, csvc_period period, csvc_handoff_metrics *out)
{
    memset(out, 0, MAX_ROWS * sizeof *out);
    size_t n = 0;
    DESK_OK(d, csvc_desk_handoff_metrics(d, &period, out, MAX_ROWS, &n));
    assert_true(n <= MAX_ROWS);
    return n;
}

static void assert_department(const csvc_handoff_metrics *m, const char *want)
{
    if (!want)
        assert_null(m->department);
    else
        assert_string_equal(m->department, want);
}

/* On the lunch calendar: logistics pended Mon 11:00, resumed 14:00 -> 1 h
 * before lunch + 1 h after = 2 h (OLA 4 h: met). Warehouse pended Mon 17:00,
 * resolved Tue 10:00 -> 1 h + 1 h = 2 h (OLA 1 h: breached). Logistics
 * pended Tue 11:30, still waiting: by the period's end on Tue 15:00 that is
 * 30 min + 2 h = 2.5 h, not yet overdue. */
static void test_hand_waits_on_lunch_calendar(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    DESK_OK(d, csvc_desk_set_ola(d, "logistics", 4 * H));
    DESK_OK(d, csvc_desk_set_ola(d, "warehouse", H));
    started(d, "A", "lunch", "l1", T(0, 9, 0));
    DESK_OK(d, csvc_desk_pend_internal(d, "A", "logistics", T(0, 11, 0)));
    DESK_OK(d, csvc_desk_resume(d, "A", T(0, 14, 0)));
    started(d, "B", "lunch", "l1", T(0, 9, 0));
    DESK_OK(d, csvc_desk_pend_internal(d, "B", "warehouse", T(0, 17, 0)));
    DESK_OK(d, csvc_desk_resolve(d, "B", NULL, 0, T(1, 10, 0)));
    started(d, "C", "lunch", "l1", T(1, 9, 0));
    DESK_OK(d, csvc_desk_pend_internal(d, "C", "logistics", T(1, 11, 30)));

    csvc_handoff_metrics m[MAX_ROWS];
    assert_int_equal(handoffs(d, (csvc_period){MONDAY, T(1, 15, 0)}, m), 2);
    assert_department(&m[0], "logistics");
    assert_int_equal(m[0].ola_target, 4 * H);
    assert_int_equal(m[0].handoffs, 1);
    assert_int_equal(m[0].tickets, 1);
    assert_double(m[0].wait_mean, 2 * H);
    assert_double(m[0].wait_median, 2 * H);
    assert_double(m[0].wait_p90, 2 * H);
    assert_int_equal(m[0].ola_met, 1);
    assert_int_equal(m[0].ola_breached, 0);
    assert_double(m[0].ola_compliance, 1.0);
    assert_int_equal(m[0].open, 1);
    assert_int_equal(m[0].open_overdue, 0);
    assert_double(m[0].open_wait_max, 2.5 * H);
    assert_department(&m[1], "warehouse");
    assert_int_equal(m[1].handoffs, 1);
    assert_double(m[1].wait_mean, 2 * H);
    assert_int_equal(m[1].ola_met, 0);
    assert_int_equal(m[1].ola_breached, 1);
    assert_double(m[1].ola_compliance, 0.0);
    assert_int_equal(m[1].open, 0);
    assert_double(m[1].open_wait_max, NAN);

    /* By Wednesday 12:00 C has waited 30 min + 5 h + 3 h: past a 4 h OLA. */
    assert_int_equal(handoffs(d, (csvc_period){MONDAY, T(2, 12, 0)}, m), 2);
    assert_int_equal(m[0].open_overdue, 1);
    assert_double(m[0].open_wait_max, 8.5 * H);
}

/* Five waits to finance of 1, 2, 3, 4 and 10 h (always open): mean 4 h,
 * median 3 h, p90 at rank 3.6 = 4 h + 0.6 * 6 h = 7.6 h (numpy "linear").
 * Two of them are the same ticket: 5 handoffs, 4 tickets. */
static void test_percentiles_and_distinct_tickets(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    static const char *const ids[] = {"F1", "F2", "F3", "F4"};
    const int hours[] = {1, 2, 3, 4};
    for (int i = 0; i < 4; i++) {
        started(d, ids[i], "open", "o1", T(0, 0, 0));
        DESK_OK(d, csvc_desk_pend_internal(d, ids[i], "finance", T(0, 1, 0)));
        DESK_OK(d, csvc_desk_customer_reply(d, ids[i], T(0, 1 + hours[i], 0)));
    }
    DESK_OK(d, csvc_desk_pend_internal(d, "F2", "finance", T(1, 0, 0)));
    DESK_OK(d, csvc_desk_resume(d, "F2", T(1, 10, 0)));

    csvc_handoff_metrics m[MAX_ROWS];
    assert_int_equal(handoffs(d, WEEK, m), 1);
    assert_department(&m[0], "finance");
    assert_int_equal(m[0].ola_target, 0);
    assert_int_equal(m[0].handoffs, 5);
    assert_int_equal(m[0].tickets, 4);
    assert_double(m[0].wait_mean, 4 * H);
    assert_double(m[0].wait_median, 3 * H);
    assert_double(m[0].wait_p90, 7.6 * H);
    /* No OLA: nothing is met or breached, compliance has no value. */
    assert_int_equal(m[0].ola_met + m[0].ola_breached, 0);
    assert_double(m[0].ola_compliance, NAN);
}

/* A handoff belongs to the period it ended in, [start, end): ending at the
 * start counts, ending at the end is still open then; one pended at or
 * after the end is not there at all. A transfer ends the pending, and the
 * wait is counted on the calendar of the team the ticket waited in. */
static void test_period_boundaries_and_transfer(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    started(d, "A", "open", "o1", T(0, 8, 0));
    DESK_OK(d, csvc_desk_pend_internal(d, "A", "supplier", T(0, 9, 0)));
    DESK_OK(d, csvc_desk_resume(d, "A", T(0, 10, 0)));
    started(d, "B", "open", "o1", T(0, 8, 0));
    DESK_OK(d, csvc_desk_pend_internal(d, "B", "supplier", T(0, 10, 0)));
    DESK_OK(d, csvc_desk_resume(d, "B", T(0, 12, 0)));
    started(d, "C", "open", "o1", T(0, 8, 0));
    DESK_OK(d, csvc_desk_pend_internal(d, "C", "supplier", T(0, 12, 0)));
    DESK_OK(d, csvc_desk_resume(d, "C", T(0, 13, 0)));
    /* Pended on the lunch team 11:00, transferred to "open" 14:00: 2 h. */
    started(d, "D", "lunch", "l1", T(0, 9, 0));
    DESK_OK(d, csvc_desk_pend_internal(d, "D", "supplier", T(0, 11, 0)));
    DESK_OK(d, csvc_desk_transfer(d, "D", "open", NULL, T(0, 14, 0)));

    csvc_handoff_metrics m[MAX_ROWS];
    assert_int_equal(handoffs(d, (csvc_period){T(0, 10, 0), T(0, 12, 0)}, m), 1);
    assert_int_equal(m[0].handoffs, 1); /* A, ended at the start */
    assert_double(m[0].wait_mean, H);
    assert_int_equal(m[0].open, 2); /* B (ends at the end) and D */
    assert_double(m[0].open_wait_max, 2 * H);

    assert_int_equal(handoffs(d, (csvc_period){T(0, 12, 0), T(0, 15, 0)}, m), 1);
    assert_int_equal(m[0].handoffs, 3); /* B, C, D */
    assert_int_equal(m[0].open, 0);
    assert_double(m[0].wait_mean, (2 * H + H + 2 * H) / 3.0);

    /* An empty period: the row is there, with no value. */
    assert_int_equal(handoffs(d, (csvc_period){T(0, 5, 0), T(0, 5, 0)}, m), 1);
    assert_int_equal(m[0].handoffs, 0);
    assert_int_equal(m[0].open, 0);
    assert_double(m[0].wait_mean, NAN);
    assert_double(m[0].wait_median, NAN);
    assert_double(m[0].wait_p90, NAN);
}

/* Rows: OLAs in the order first set (a changed target keeps its place; a
 * removed one leaves), then departments in order of first appearance,
 * then internal pends naming none. A short `cap` still reports the total. */
static void test_row_order_and_cap(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    DESK_OK(d, csvc_desk_set_ola(d, "warehouse", 2 * H));
    DESK_OK(d, csvc_desk_set_ola(d, "finance", H));
    DESK_OK(d, csvc_desk_set_ola(d, "legal", H));
    DESK_OK(d, csvc_desk_set_ola(d, "warehouse", 3 * H));
    DESK_OK(d, csvc_desk_set_ola(d, "legal", 0));
    DESK_OK(d, csvc_desk_set_ola(d, "nobody", 0)); /* removing nothing is fine */
    int64_t target = -1;
    DESK_OK(d, csvc_desk_ola(d, "warehouse", &target));
    assert_int_equal(target, 3 * H);
    DESK_OK(d, csvc_desk_ola(d, "legal", &target));
    assert_int_equal(target, 0);
    DESK_OK(d, csvc_desk_ola(d, "never-seen", &target));
    assert_int_equal(target, 0);

    started(d, "A", "open", "o1", T(0, 8, 0));
    DESK_OK(d, csvc_desk_pend(d, "A", CSVC_PEND_INTERNAL, T(0, 9, 0))); /* names none */
    DESK_OK(d, csvc_desk_resume(d, "A", T(0, 9, 30)));
    DESK_OK(d, csvc_desk_pend_internal(d, "A", "logistics", T(0, 10, 0)));
    DESK_OK(d, csvc_desk_resume(d, "A", T(0, 11, 0)));
    DESK_OK(d, csvc_desk_pend_internal(d, "A", "finance", T(0, 12, 0)));
    DESK_OK(d, csvc_desk_resume(d, "A", T(0, 12, 30)));
    /* A customer pend is no handoff. */
    DESK_OK(d, csvc_desk_pend(d, "A", CSVC_PEND_CUSTOMER, T(0, 13, 0)));
    DESK_OK(d, csvc_desk_resume(d, "A", T(0, 14, 0)));

    csvc_handoff_metrics m[MAX_ROWS];
    assert_int_equal(handoffs(d, WEEK, m), 4);
    assert_department(&m[0], "warehouse");
    assert_int_equal(m[0].ola_target, 3 * H);
    assert_int_equal(m[0].handoffs, 0);
    assert_department(&m[1], "finance");
    assert_int_equal(m[1].handoffs, 1);
    assert_int_equal(m[1].ola_met, 1);
    assert_department(&m[2], "logistics");
    assert_int_equal(m[2].ola_target, 0);
    assert_double(m[2].wait_mean, H);
    assert_department(&m[3], NULL);
    assert_double(m[3].wait_mean, 30 * MIN);

    size_t n = 0;
    DESK_OK(d, csvc_desk_handoff_metrics(d, &WEEK, NULL, 0, &n));
    assert_int_equal(n, 4);
    csvc_handoff_metrics two[3];
    memset(two, 0, sizeof two);
    two[2].version = 77; /* beyond cap: not read, not written */
    DESK_OK(d, csvc_desk_handoff_metrics(d, &WEEK, two, 2, &n));
    assert_int_equal(n, 4);
    assert_department(&two[1], "finance");
    assert_int_equal(two[2].version, 77);

    /* The log shows the department as the pend's code. */
    csvc_event ev;
    size_t count = csvc_desk_event_count(d);
    int seen = 0;
    for (size_t seq = 1; seq <= count; seq++) {
        DESK_OK(d, csvc_desk_event_at(d, seq, &ev));
        if (ev.type == CSVC_EVENT_PENDED && ev.code && strcmp(ev.code, "logistics") == 0) {
            assert_int_equal(ev.value, CSVC_PEND_INTERNAL);
            seen++;
        }
    }
    assert_int_equal(seen, 1);
}

/* Bad input gets a specific status, names the field, and changes nothing. */
static void test_refusals_change_nothing(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    started(d, "A", "open", "o1", T(0, 8, 0));
    DESK_OK(d, csvc_desk_set_ola(d, "finance", H));
    size_t events = csvc_desk_event_count(d);
    uint64_t before = 0, after = 0;
    DESK_OK(d, csvc_desk_checksum(d, &before));

    /* A zero-width space would make two departments look the same. */
    assert_status(csvc_desk_pend_internal(d, "A", "fin\xe2\x80\x8b" "ance", T(0, 9, 0)),
                  CSVC_E_ENCODING);
    assert_non_null(strstr(csvc_desk_errmsg(d), "department"));
    assert_status(csvc_desk_pend_internal(d, "A", "tab\there", T(0, 9, 0)), CSVC_E_ENCODING);
    csvc_event ev = CSVC_EVENT_INIT;
    ev.type = CSVC_EVENT_PENDED;
    ev.ticket_id = "A";
    ev.time = T(0, 9, 0);
    ev.value = CSVC_PEND_CUSTOMER;
    ev.code = "finance";
    assert_status(csvc_desk_apply(d, &ev), CSVC_E_INVALID);
    assert_non_null(strstr(csvc_desk_errmsg(d), "department"));
    assert_status(csvc_desk_pend_internal(NULL, "A", "finance", T(0, 9, 0)), CSVC_E_NULL);
    assert_status(csvc_desk_pend_internal(d, NULL, "finance", T(0, 9, 0)), CSVC_E_NULL);

    assert_status(csvc_desk_set_ola(d, "finance", -1), CSVC_E_RANGE);
    assert_non_null(strstr(csvc_desk_errmsg(d), "target"));
    assert_status(csvc_desk_set_ola(d, "finance", CSVC_OLA_TARGET_MAX + 1), CSVC_E_RANGE);
    assert_status(csvc_desk_set_ola(d, "", H), CSVC_E_INVALID);
    assert_status(csvc_desk_set_ola(d, NULL, H), CSVC_E_NULL);
    assert_status(csvc_desk_set_ola(NULL, "finance", H), CSVC_E_NULL);
    int64_t target = 0;
    assert_status(csvc_desk_ola(d, "finance", NULL), CSVC_E_NULL);
    assert_status(csvc_desk_ola(d, "a\nb", &target), CSVC_E_ENCODING);
    DESK_OK(d, csvc_desk_ola(d, "finance", &target));
    assert_int_equal(target, H);

    size_t n = 9;
    csvc_period bad = {T(0, 10, 0), T(0, 9, 0)};
    assert_status(csvc_desk_handoff_metrics(d, &bad, NULL, 0, &n), CSVC_E_RANGE);
    assert_status(csvc_desk_handoff_metrics(d, NULL, NULL, 0, &n), CSVC_E_NULL);
    assert_status(csvc_desk_handoff_metrics(d, &WEEK, NULL, 0, NULL), CSVC_E_NULL);
    assert_status(csvc_desk_handoff_metrics(d, &WEEK, NULL, 1, &n), CSVC_E_NULL);
    csvc_handoff_metrics m[1];
    memset(m, 0, sizeof m);
    m[0].version = CSVC_HANDOFF_METRICS_VERSION + 1;
    assert_status(csvc_desk_handoff_metrics(d, &WEEK, m, 1, &n), CSVC_E_VERSION);
    assert_int_equal(n, 9);

    assert_int_equal(csvc_desk_event_count(d), events);
    DESK_OK(d, csvc_desk_checksum(d, &after));
    assert_true(before == after);
}

/* Out of memory at every allocation of the metrics: a clean NOMEM, then
 * the same answer once memory is back. */
static void test_metrics_out_of_memory(void **state)
{
    (void)state;
    test_failing_alloc fa = {-1, 0, 0};
    csvc_allocator a = test_failing_allocator(&fa);
    csvc_roster *r = fx_empty_roster();
    fx_add_team(r, "open");
    fx_add_agent(r, "o1", "open", 1);
    csvc_desk_options o = CSVC_DESK_OPTIONS_INIT;
    o.allocator = &a;
    csvc_desk *d = NULL;
    assert_csvc_ok(csvc_desk_new(r, &o, &d));
    DESK_OK(d, csvc_desk_set_ola(d, "finance", H));
    char id[16];
    for (int i = 0; i < 40; i++) {
        snprintf(id, sizeof id, "T%d", i);
        started(d, id, "open", "o1", T(0, 0, i));
        DESK_OK(d, csvc_desk_pend_internal(d, id, i % 3 ? "finance" : "dept-x", T(0, 1, i)));
        if (i % 4)
            DESK_OK(d, csvc_desk_resume(d, id, T(0, 2, 2 * i)));
    }
    csvc_handoff_metrics want[MAX_ROWS], got[MAX_ROWS];
    size_t nwant = handoffs(d, WEEK, want);
    int failures = 0;
    for (long budget = 0;; budget++) {
        assert_true(budget < 1000);
        long live = fa.live;
        fa.budget = budget;
        memset(got, 0, sizeof got);
        size_t n = 0;
        csvc_status rc = csvc_desk_handoff_metrics(d, &WEEK, got, MAX_ROWS, &n);
        fa.budget = -1;
        assert_int_equal(fa.live, live); /* nothing leaks, failed or not */
        if (rc == CSVC_OK) {
            assert_int_equal(n, nwant);
            break;
        }
        assert_status(rc, CSVC_E_NOMEM);
        assert_int_equal(n, 0);
        failures++;
    }
    assert_true(failures > 3);
    for (size_t i = 0; i < nwant; i++) {
        assert_int_equal(got[i].handoffs, want[i].handoffs);
        assert_double(got[i].wait_p90, want[i].wait_p90);
    }
    csvc_desk_free(d);
    csvc_roster_free(r);
}

/* OLAs are desk configuration: a store keeps them, in order. Departments
 * travel through the events CSV as the pend's code. */
static void test_ola_store_and_csv_round_trip(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    fx_dir dir;
    fx_dir_make(&dir, "handoffs");
    char path[512], csv[512];
    fx_dir_file(&dir, "desk.db", path, sizeof path);
    fx_dir_file(&dir, "events.csv", csv, sizeof csv);

    csvc_store *s = NULL;
    assert_csvc_ok(csvc_store_open(path, NULL, &s));
    assert_csvc_ok_msg(csvc_store_attach_roster(s, f->roster), csvc_store_errmsg(s));
    assert_csvc_ok_msg(csvc_store_attach_desk(s, d), csvc_store_errmsg(s));
    DESK_OK(d, csvc_desk_set_ola(d, "warehouse", 5 * H));
    DESK_OK(d, csvc_desk_set_ola(d, "finance", 2 * H));
    started(d, "A", "lunch", "l1", T(0, 9, 0));
    DESK_OK(d, csvc_desk_pend_internal(d, "A", "finance", T(0, 10, 0)));
    DESK_OK(d, csvc_desk_resume(d, "A", T(0, 15, 0)));
    csvc_store_close(s);

    csvc_roster *loaded = fx_empty_roster();
    csvc_desk *back = NULL;
    assert_csvc_ok(csvc_store_open(path, NULL, &s));
    assert_csvc_ok_msg(csvc_store_attach_roster(s, loaded), csvc_store_errmsg(s));
    assert_csvc_ok(csvc_desk_new(loaded, NULL, &back));
    assert_csvc_ok_msg(csvc_store_attach_desk(s, back), csvc_store_errmsg(s));
    int64_t target = 0;
    DESK_OK(back, csvc_desk_ola(back, "finance", &target));
    assert_int_equal(target, 2 * H);
    csvc_handoff_metrics m[MAX_ROWS], n[MAX_ROWS];
    assert_int_equal(handoffs(back, WEEK, m), 2);
    assert_department(&m[0], "warehouse");
    assert_department(&m[1], "finance");
    assert_double(m[1].wait_mean, 4 * H); /* 10-12 and 13-15 */
    assert_int_equal(m[1].ola_breached, 1);
    csvc_store_close(s);
    csvc_desk_free(back);
    csvc_roster_free(loaded);

    DESK_OK(d, csvc_desk_export_events_csv(d, csv));
    char *text = test_read_file(csv);
    assert_non_null(strstr(text, ",pended,"));
    assert_non_null(strstr(text, ",finance,"));
    free(text);
    csvc_desk *again = NULL;
    assert_csvc_ok(csvc_desk_new(f->roster, NULL, &again));
    DESK_OK(again, csvc_desk_import_events_csv(again, csv));
    assert_int_equal(handoffs(again, WEEK, n), 1); /* no OLAs: configuration stays */
    assert_department(&n[0], "finance");
    assert_int_equal(n[0].handoffs, 1);
    assert_double(n[0].wait_mean, 5 * H); /* no calendar either: always open */
    csvc_desk_free(again);
    fx_dir_remove(&dir);
}

/* ---- random handoffs against a minute-walking reference ------------------- */

/* Minutes the lunch calendar is open in [from, to) (both on minutes). */
static int64_t lunch_business(int64_t from, int64_t to)
{
    int64_t n = 0;
    for (int64_t t = from; t < to; t += MIN) {
        int64_t days = (t - MONDAY) / 86400, minute = ((t - MONDAY) % 86400) / MIN;
        int weekday = (int)(days % 7); /* 0 = Monday */
        if (weekday < 5 && ((minute >= 540 && minute < 720) || (minute >= 780 && minute < 1080)))
            n += MIN;
    }
    return n;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* numpy's default quantile of a sorted sample. */
static double ref_quantile(const int64_t *x, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t k = (size_t)floor(h);
    if (k + 1 >= n)
        return (double)x[n - 1];
    return (double)x[k] + (h - (double)k) * (double)(x[k + 1] - x[k]);
}

typedef struct ref_row {
    int64_t waits[4096];
    size_t n;
    int64_t open;
} ref_row;

static void test_random_against_reference(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    static const char *const departments[] = {"logistics", "warehouse", "finance"};
    static ref_row ref[3];
    memset(ref, 0, sizeof ref);
    DESK_OK(d, csvc_desk_set_ola(d, "warehouse", 3 * H));
    const csvc_period period = {T(1, 0, 0), T(3, 0, 0)};
    srand(20261202);
    char id[16];
    for (int i = 0; i < 300; i++) {
        snprintf(id, sizeof id, "R%d", i);
        int64_t t = T(0, 8, 0) + (rand() % (4 * 24 * 60)) * MIN;
        started(d, id, "lunch", "l1", t);
        for (int k = rand() % 4; k > 0; k--) {
            int dep = rand() % 3;
            int64_t pend = t + (1 + rand() % 600) * MIN;
            int64_t end = pend + (1 + rand() % 2000) * MIN;
            DESK_OK(d, csvc_desk_pend_internal(d, id, departments[dep], pend));
            int last = k == 1 && rand() % 3 == 0; /* some stay pending */
            if (pend < period.end && (last || end >= period.end))
                ref[dep].open++;
            if (last)
                break;
            DESK_OK(d, rand() % 2 ? csvc_desk_resume(d, id, end)
                                  : csvc_desk_customer_reply(d, id, end));
            if (end >= period.start && end < period.end)
                ref[dep].waits[ref[dep].n++] = lunch_business(pend, end);
            t = end;
        }
    }
    csvc_handoff_metrics m[MAX_ROWS];
    size_t rows = handoffs(d, period, m);
    assert_int_equal(rows, 3);
    for (size_t r = 0; r < rows; r++) {
        int dep = 0;
        while (strcmp(departments[dep], m[r].department) != 0)
            dep++;
        ref_row *x = &ref[dep];
        assert_int_equal(m[r].handoffs, (int64_t)x->n);
        assert_int_equal(m[r].open, x->open);
        assert_true(x->n > 20);
        qsort(x->waits, x->n, sizeof *x->waits, cmp_i64);
        double sum = 0;
        int64_t met = 0;
        for (size_t i = 0; i < x->n; i++) {
            sum += (double)x->waits[i];
            met += x->waits[i] <= 3 * H;
        }
        assert_true(fabs(m[r].wait_mean - sum / (double)x->n) < 1e-6);
        assert_true(fabs(m[r].wait_median - ref_quantile(x->waits, x->n, 0.5)) < 1e-6);
        assert_true(fabs(m[r].wait_p90 - ref_quantile(x->waits, x->n, 0.9)) < 1e-6);
        if (dep == 1) {
            assert_int_equal(m[r].ola_met, met);
            assert_int_equal(m[r].ola_breached, (int64_t)x->n - met);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hand_waits_on_lunch_calendar, setup, teardown),
        cmocka_unit_test_setup_teardown(test_percentiles_and_distinct_tickets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_period_boundaries_and_transfer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_row_order_and_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals_change_nothing, setup, teardown),
        cmocka_unit_test(test_metrics_out_of_memory),
        cmocka_unit_test_setup_teardown(test_ola_store_and_csv_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_against_reference, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
