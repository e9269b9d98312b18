/* IANA time zones: offsets at and around transitions (expected values from
 * Python's zoneinfo over the same tzdata, checked by hand against the
 * published EU and US rules), wall times skipped and repeated, months in a
 * zone, zoned calendars across daylight-saving changes against a
 * minute-by-minute walk, naive import times, the store's text form, and
 * bad input. */
#include "fixtures.h"

#include "calendar/calendar_internal.h"
#include "calendar/calendar_seam.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HOUR 3600
#define DAY 86400
#define TEXT(s) s, sizeof s - 1

/* Transition instants (UTC). */
#define BERLIN_SPRING_2025 INT64_C(1743296400)  /* 2025-03-30T01:00Z, 02:00 CET -> 03:00 CEST */
#define BERLIN_AUTUMN_2025 INT64_C(1761440400)  /* 2025-10-26T01:00Z, 03:00 CEST -> 02:00 CET */
#define NY_SPRING_2025 INT64_C(1741503600)      /* 2025-03-09T07:00Z */
#define NY_AUTUMN_2025 INT64_C(1762063200)      /* 2025-11-02T06:00Z */
#define SYDNEY_AUTUMN_2025 INT64_C(1743868800)  /* 2025-04-05T16:00Z, AEDT -> AEST */
#define BERLIN_SPRING_2300 INT64_C(10420966800) /* 2300-03-25T01:00Z, from the footer rule */
#define BERLIN_SPRING_2499 INT64_C(16701210000) /* 2499-03-29T01:00Z, the last year of rules */

static csvc_tz *zone(const char *name)
{
    csvc_tz *tz;
    assert_csvc_ok(csvc_tz_open(name, NULL, &tz));
    return tz;
}

static int32_t offset_at(const csvc_tz *tz, int64_t t)
{
    int32_t o;
    assert_csvc_ok(csvc_tz_offset_at(tz, t, &o));
    return o;
}

/* Offset one second before and at the transition. */
static void assert_transition(const char *name, int64_t t, int32_t before, int32_t after)
{
    csvc_tz *tz = zone(name);
    assert_int_equal(offset_at(tz, t - 1), before);
    assert_int_equal(offset_at(tz, t), after);
    csvc_tz_free(tz);
}

static void test_offsets_at_transitions(void **state)
{
    (void)state;
    assert_transition("Europe/Berlin", BERLIN_SPRING_2025, HOUR, 2 * HOUR);
    assert_transition("Europe/Berlin", BERLIN_AUTUMN_2025, 2 * HOUR, HOUR);
    assert_transition("America/New_York", NY_SPRING_2025, -5 * HOUR, -4 * HOUR);
    assert_transition("America/New_York", NY_AUTUMN_2025, -4 * HOUR, -5 * HOUR);
    assert_transition("Australia/Sydney", SYDNEY_AUTUMN_2025, 11 * HOUR, 10 * HOUR);
    /* Ireland's "negative DST": winter GMT is the daylight-saving time. */
    assert_transition("Europe/Dublin", BERLIN_SPRING_2025, 0, HOUR);
    /* No changes at all. */
    csvc_tz *sh = zone("Asia/Shanghai");
    assert_int_equal(offset_at(sh, BERLIN_SPRING_2025), 8 * HOUR);
    assert_string_equal(csvc_tz_name(sh), "Asia/Shanghai");
    csvc_tz_free(sh);
    csvc_tz *utc = zone("UTC");
    assert_int_equal(offset_at(utc, 0), 0);
    csvc_tz_free(utc);
}

/* Beyond the file's transitions (2037) the footer's rule applies, through
 * 2499; after that the offset at the end of 2499 (winter) stays. */
static void test_rules_of_later_years(void **state)
{
    (void)state;
    assert_transition("Europe/Berlin", BERLIN_SPRING_2300, HOUR, 2 * HOUR);
    assert_transition("Europe/Berlin", BERLIN_SPRING_2499, HOUR, 2 * HOUR);
    csvc_tz *tz = zone("Europe/Berlin");
    assert_int_equal(offset_at(tz, INT64_C(19896537600)), HOUR);  /* 2600-07-01: documented */
    assert_int_equal(offset_at(tz, INT64_C(-62135596800)), 3208); /* year 1: local mean time */
    csvc_tz_free(tz);
}

static void test_wall_times_skipped_and_repeated(void **state)
{
    (void)state;
    csvc_tz *tz = zone("Europe/Berlin");
    int64_t t;
    /* 02:30 does not exist on 2025-03-30: read at +01:00, it is 03:30 CEST. */
    assert_csvc_ok(csvc_tz_local_time(tz, 2025, 3, 30, 2 * HOUR + 30 * 60, &t));
    assert_int_equal(t, BERLIN_SPRING_2025 + 30 * 60);
    /* 01:59:59 and 03:00 around it. */
    assert_csvc_ok(csvc_tz_local_time(tz, 2025, 3, 30, 2 * HOUR - 1, &t));
    assert_int_equal(t, BERLIN_SPRING_2025 - 1);
    assert_csvc_ok(csvc_tz_local_time(tz, 2025, 3, 30, 3 * HOUR, &t));
    assert_int_equal(t, BERLIN_SPRING_2025);
    /* 02:30 happens twice on 2025-10-26: the first (CEST) one. */
    assert_csvc_ok(csvc_tz_local_time(tz, 2025, 10, 26, 2 * HOUR + 30 * 60, &t));
    assert_int_equal(t, BERLIN_AUTUMN_2025 - 30 * 60);
    /* 03:00 once, in CET. */
    assert_csvc_ok(csvc_tz_local_time(tz, 2025, 10, 26, 3 * HOUR, &t));
    assert_int_equal(t, BERLIN_AUTUMN_2025 + HOUR);
    csvc_tz_free(tz);
}

static void test_months_in_a_zone(void **state)
{
    (void)state;
    csvc_tz *tz = zone("Europe/Berlin");
    csvc_period p;
    /* March 2025: from 2025-02-28T23:00Z to 2025-03-31T22:00Z, 743 hours. */
    assert_csvc_ok(csvc_period_of_month_tz(2025, 3, tz, &p));
    assert_int_equal(p.start, INT64_C(1740783600));
    assert_int_equal(p.end, INT64_C(1743458400));
    assert_int_equal(p.end - p.start, (31 * 24 - 1) * HOUR);
    /* The last second of March (local) and the first of April. */
    csvc_period q;
    assert_csvc_ok(csvc_period_month_tz(p.end - 1, tz, &q));
    assert_int_equal(q.start, p.start);
    assert_csvc_ok(csvc_period_month_tz(p.end, tz, &q));
    assert_int_equal(q.start, p.end);
    /* October is an hour longer; Q4 starts at 2025-09-30T22:00Z. */
    assert_csvc_ok(csvc_period_of_month_tz(2025, 10, tz, &q));
    assert_int_equal(q.end - q.start, (31 * 24 + 1) * HOUR);
    assert_csvc_ok(csvc_period_of_quarter_tz(2025, 4, tz, &q));
    assert_int_equal(q.start, INT64_C(1759269600));
    assert_csvc_ok(csvc_period_quarter_tz(q.start, tz, &p));
    assert_int_equal(p.start, q.start);
    csvc_tz_free(tz);
}

/* ---- zoned calendars ------------------------------------------------------ */

static csvc_calendar *berlin(void)
{
    csvc_calendar *cal;
    assert_csvc_ok(csvc_calendar_new_tz(NULL, "Europe/Berlin", &cal));
    return cal;
}

static int64_t business(const csvc_calendar *cal, int64_t a, int64_t b)
{
    int64_t s;
    assert_csvc_ok(csvc_calendar_business_seconds(cal, a, b, &s));
    return s;
}

static int64_t local(int32_t y, int32_t m, int32_t d, int32_t h)
{
    csvc_tz *tz = zone("Europe/Berlin");
    int64_t t;
    assert_csvc_ok(csvc_tz_local_time(tz, y, m, d, h * HOUR, &t));
    csvc_tz_free(tz);
    return t;
}

/* A night range on the days the clock changes holds what really elapses;
 * office hours keep their local times on both sides. */
static void test_business_days_that_span_a_change(void **state)
{
    (void)state;
    csvc_calendar *cal = berlin();
    assert_ok(cal, csvc_calendar_add_hours(cal, CSVC_SUNDAY, 0, 6 * 60));
    for (int d = CSVC_MONDAY; d <= CSVC_FRIDAY; d++)
        assert_ok(cal, csvc_calendar_add_hours(cal, (csvc_weekday)d, 9 * 60, 18 * 60));
    assert_string_equal(csvc_calendar_time_zone(cal), "Europe/Berlin");
    assert_int_equal(business(cal, local(2025, 3, 30, 0), local(2025, 3, 31, 0)), 5 * HOUR);
    assert_int_equal(business(cal, local(2025, 10, 26, 0), local(2025, 10, 27, 0)), 7 * HOUR);
    assert_int_equal(business(cal, local(2025, 3, 23, 0), local(2025, 3, 24, 0)), 6 * HOUR);
    /* Friday before and Monday after: 09:00-18:00 local, in CET then CEST. */
    assert_int_equal(business(cal, local(2025, 3, 28, 0), local(2025, 3, 29, 0)), 9 * HOUR);
    assert_int_equal(business(cal, local(2025, 3, 31, 0), local(2025, 4, 1, 0)), 9 * HOUR);
    int open;
    assert_csvc_ok(csvc_calendar_is_open(cal, local(2025, 3, 31, 9), &open));
    assert_true(open);
    assert_csvc_ok(csvc_calendar_is_open(cal, local(2025, 3, 31, 9) - 1, &open));
    assert_false(open);
    /* The week across the change: 45 h of office + 5 h of the night. */
    assert_int_equal(business(cal, local(2025, 3, 24, 0), local(2025, 3, 31, 0)), 50 * HOUR);
    int32_t o;
    assert_csvc_ok(csvc_calendar_offset_at(cal, BERLIN_SPRING_2025, &o));
    assert_int_equal(o, 2 * HOUR);
    assert_int_equal(csvc_calendar_utc_offset(cal), HOUR); /* standard time */
    csvc_calendar_free(cal);
}

/* A due time across the change: 24x7 support, 4 business hours from
 * Saturday 23:00 on the spring night end at 04:00 CEST (02:00Z), not 03:00;
 * on the autumn night at the second 02:00 (02:00 CET, 01:00Z), not 03:00. */
static void test_due_times_across_a_change(void **state)
{
    (void)state;
    csvc_calendar *cal = berlin();
    for (int d = CSVC_MONDAY; d <= CSVC_SUNDAY; d++)
        assert_ok(cal, csvc_calendar_add_hours(cal, (csvc_weekday)d, 0, 24 * 60));
    int64_t due;
    assert_csvc_ok(csvc_calendar_add_business(cal, local(2025, 3, 29, 23), 4 * HOUR, &due));
    assert_int_equal(due, BERLIN_SPRING_2025 + HOUR);
    assert_csvc_ok(csvc_calendar_add_business(cal, local(2025, 10, 25, 23), 4 * HOUR, &due));
    assert_int_equal(due, BERLIN_AUTUMN_2025);
    /* Office hours: Friday 17:00 + 2 h is Monday 10:00 local after the change. */
    csvc_calendar *office = berlin();
    for (int d = CSVC_MONDAY; d <= CSVC_FRIDAY; d++)
        assert_ok(office, csvc_calendar_add_hours(office, (csvc_weekday)d, 9 * 60, 18 * 60));
    assert_csvc_ok(csvc_calendar_add_business(office, local(2025, 3, 28, 17), 2 * HOUR, &due));
    assert_int_equal(due, local(2025, 3, 31, 10));
    csvc_calendar_free(office);
    csvc_calendar_free(cal);
}

/* The reference: walk minute by minute, open when the wall clock (t plus
 * the zone's offset at t) is in a range and its date is no holiday. */
static int open_minute(const csvc_calendar *cal, const csvc_tz *tz, int64_t t)
{
    int64_t wall = t + offset_at(tz, t);
    int64_t day = wall >= 0 ? wall / DAY : (wall - DAY + 1) / DAY;
    int32_t weekday = (int32_t)(((day + 3) % 7 + 7) % 7),
            minute = (int32_t)((wall - day * DAY) / 60);
    for (size_t i = 0; i < cal->nholidays; i++)
        if (cal->holidays[i].day == day)
            return 0;
    for (size_t i = 0; i < cal->nranges; i++) {
        int32_t s = cal->ranges[i].start / 60, e = cal->ranges[i].end / 60;
        if (weekday * 1440 + minute >= s && weekday * 1440 + minute < e)
            return 1;
    }
    return 0;
}

static void test_against_a_minute_walk(void **state)
{
    (void)state;
    const char *zones[] = {"Europe/Berlin", "America/New_York", "Australia/Sydney"};
    const int64_t changes[] = {BERLIN_SPRING_2025, BERLIN_AUTUMN_2025, NY_SPRING_2025,
                               NY_AUTUMN_2025, SYDNEY_AUTUMN_2025};
    srand(11);
    for (int z = 0; z < 3; z++) {
        csvc_calendar *cal;
        assert_csvc_ok(csvc_calendar_new_tz(NULL, zones[z], &cal));
        for (int d = CSVC_MONDAY; d <= CSVC_SUNDAY; d++) {
            assert_ok(cal, csvc_calendar_add_hours(cal, (csvc_weekday)d, 60, 4 * 60 - 30));
            assert_ok(cal, csvc_calendar_add_hours(cal, (csvc_weekday)d, 9 * 60, 18 * 60));
        }
        assert_ok(cal, csvc_calendar_add_holiday(cal, 2025, 10, 26)); /* an EU change day */
        csvc_tz *tz = zone(zones[z]);
        for (size_t c = 0; c < sizeof changes / sizeof *changes; c++) {
            int64_t from = changes[c] - 2 * DAY, to = changes[c] + 2 * DAY;
            for (int k = 0; k < 40; k++) {
                int64_t a = from + 60 * (rand() % ((to - from) / 60));
                int64_t b = a + 60 * (rand() % ((to - a) / 60 + 1));
                int64_t expect = 0;
                for (int64_t m = a; m < b; m += 60)
                    expect += 60 * open_minute(cal, tz, m);
                assert_int_equal(business(cal, a, b), expect);
                /* add_business: the first instant after which `expect` is reached. */
                if (expect > 0) {
                    int64_t due, walked = 0, m = a;
                    while (walked < expect)
                        walked += 60 * open_minute(cal, tz, m), m += 60;
                    assert_csvc_ok(csvc_calendar_add_business(cal, a, expect, &due));
                    assert_int_equal(due, m);
                }
            }
        }
        csvc_tz_free(tz);
        csvc_calendar_free(cal);
    }
}

/* The store journals calendars as text: a zoned one comes back zoned, and
 * a zone the machine lacks is named, not a silent UTC calendar. */
static void test_text_form_keeps_the_zone(void **state)
{
    (void)state;
    csvc_calendar *cal = berlin();
    assert_ok(cal, csvc_calendar_add_hours(cal, CSVC_SUNDAY, 0, 6 * 60));
    assert_ok(cal, csvc_calendar_add_holiday(cal, 2025, 12, 25));
    cs_strbuf sb;
    cs_alloc a;
    assert_csvc_ok(cs_alloc_init(&a, NULL, NULL));
    cs_strbuf_init(&sb, &a);
    cs_calendar_encode(cal, &sb);
    assert_string_equal(sb.data, "zEurope/Berlin;518400-540000;20447");
    csvc_calendar *back;
    cs_errbuf err = {{0}};
    assert_csvc_ok(cs_calendar_decode(&a, sb.data, sb.len, &back, &err));
    assert_string_equal(csvc_calendar_time_zone(back), "Europe/Berlin");
    assert_int_equal(business(back, local(2025, 3, 30, 0), local(2025, 3, 31, 0)), 5 * HOUR);
    csvc_calendar *copy;
    assert_csvc_ok(csvc_calendar_clone(back, &copy));
    csvc_calendar_free(back);
    assert_int_equal(business(copy, local(2025, 10, 26, 0), local(2025, 10, 27, 0)), 7 * HOUR);
    csvc_calendar_free(copy);
    static const char missing[] = "zMars/Olympus_Mons;;";
    assert_int_equal(cs_calendar_decode(&a, TEXT(missing), &back, &err), CSVC_E_NOTFOUND);
    assert_non_null(strstr(err.msg, "Mars/Olympus_Mons"));
    cs_strbuf_free(&sb);
    csvc_calendar_free(cal);
}

/* ---- imports ------------------------------------------------------------------ */

static int64_t created_of(const csvc_desk *d, const char *id)
{
    csvc_ticket_info t;
    assert_ok(d, csvc_desk_get_ticket(d, id, &t));
    return t.created;
}

static const char around_the_change[] = "ticket_id,type,time,team_id\n"
                                        "T1,created,2025-03-30 01:30:00,EU\n"
                                        "T2,created,2025-03-30 03:30:00,EU\n"
                                        "T3,created,2025-10-26 02:30:00,EU\n"
                                        "T4,created,2025-03-30T01:30:00Z,EU\n";

static void test_naive_import_times_in_a_zone(void **state)
{
    (void)state;
    csvc_roster *r = fx_empty_roster();
    fx_add_team(r, "EU");
    /* Told: the option's zone. */
    csvc_desk *d;
    assert_csvc_ok(csvc_desk_new(r, NULL, &d));
    csvc_import_options o = CSVC_IMPORT_OPTIONS_INIT;
    o.time_zone = "Europe/Berlin";
    assert_ok(d, csvc_desk_import_events_csv_buffer_opts(d, TEXT(around_the_change), &o));
    assert_int_equal(created_of(d, "T1"), BERLIN_SPRING_2025 - 30 * 60); /* CET */
    assert_int_equal(created_of(d, "T2"), BERLIN_SPRING_2025 + 30 * 60); /* CEST */
    assert_int_equal(created_of(d, "T3"), BERLIN_AUTUMN_2025 - 30 * 60); /* the first 02:30 */
    assert_int_equal(created_of(d, "T4"), BERLIN_SPRING_2025 + 30 * 60); /* its own offset */
    csvc_desk_free(d);
    /* Not told: the team calendar's zone. */
    assert_csvc_ok(csvc_desk_new(r, NULL, &d));
    csvc_calendar *cal = berlin();
    assert_ok(d, csvc_desk_set_calendar(d, "EU", cal));
    csvc_calendar_free(cal);
    assert_ok(d, csvc_desk_import_events_csv_buffer_opts(d, TEXT(around_the_change), NULL));
    assert_int_equal(created_of(d, "T2"), BERLIN_SPRING_2025 + 30 * 60);
    /* A bad time names the zone it was read in. */
    static const char bad[] = "ticket_id,type,time,team_id\nT9,created,2025-03-30 24:30:00,EU\n";
    assert_status_msg(csvc_desk_import_events_csv_buffer_opts(d, TEXT(bad), NULL), CSVC_E_PARSE,
                      "without an offset it is read in Europe/Berlin");
    /* A bad zone is refused before anything is read. */
    o.time_zone = "Europe/Atlantis";
    assert_status_msg(csvc_desk_import_events_csv_buffer_opts(d, TEXT(around_the_change), &o),
                      CSVC_E_NOTFOUND, "time zone 'Europe/Atlantis': no such zone");
    assert_int_equal(csvc_desk_ticket_count(d), 4);
    /* Version 1 options have no time_zone field: never read. */
    csvc_import_options v1 = CSVC_IMPORT_OPTIONS_INIT;
    v1.version = 1;
    v1.time_zone = "not read";
    static const char one[] = "ticket_id,type,time,team_id\nT5,created,2025-03-30 03:30:00,EU\n";
    assert_ok(d, csvc_desk_import_events_csv_buffer_opts(d, TEXT(one), &v1));
    assert_int_equal(created_of(d, "T5"), BERLIN_SPRING_2025 + 30 * 60);
    csvc_desk_free(d);
    csvc_roster_free(r);
}

/* ---- the desk and the store ---------------------------------------------------- */

static int64_t first_response_due(const csvc_desk *d, const char *ticket, int64_t now)
{
    csvc_sla_status st = CSVC_SLA_STATUS_INIT;
    assert_ok(d, csvc_desk_sla(d, ticket, now, &st));
    return st.first_response_due;
}

/* An SLA due across the spring change, on an office calendar in Berlin:
 * created Friday 2025-03-28 17:00 CET with 2 business hours is due Monday
 * 10:00 CEST (08:00Z), not 09:00Z. The store keeps the zone: a reopened
 * desk gives the same due. */
static void test_sla_due_across_a_change_survives_the_store(void **state)
{
    (void)state;
    fx_dir dir;
    fx_dir_make(&dir, "csvc-tz-store");
    char path[128];
    fx_dir_file(&dir, "desk.db", path, sizeof path);
    csvc_roster *r = fx_empty_roster();
    fx_add_team(r, "EU");
    csvc_store *s;
    assert_csvc_ok(csvc_store_open(path, NULL, &s));
    assert_ok(s, csvc_store_attach_roster(s, r));
    csvc_desk *d;
    assert_csvc_ok(csvc_desk_new(r, NULL, &d));
    assert_ok(s, csvc_store_attach_desk(s, d));
    csvc_calendar *cal = berlin();
    for (int day = CSVC_MONDAY; day <= CSVC_FRIDAY; day++)
        assert_ok(cal, csvc_calendar_add_hours(cal, (csvc_weekday)day, 9 * 60, 18 * 60));
    assert_ok(d, csvc_desk_set_calendar(d, "EU", cal));
    csvc_calendar_free(cal);
    csvc_sla_policy p = CSVC_SLA_POLICY_INIT;
    p.first_response = 2 * HOUR;
    assert_ok(d, csvc_desk_add_sla_policy(d, &p));
    csvc_ticket_spec t = CSVC_TICKET_SPEC_INIT;
    t.id = "T1";
    t.team_id = "EU";
    t.created = local(2025, 3, 28, 17);
    assert_ok(d, csvc_desk_create(d, &t));
    int64_t due = local(2025, 3, 31, 10);
    assert_int_equal(due, INT64_C(1743408000)); /* 2025-03-31T08:00Z */
    assert_int_equal(first_response_due(d, "T1", t.created), due);
    csvc_store_close(s);
    csvc_desk_free(d);
    csvc_roster_free(r);

    r = fx_empty_roster();
    assert_csvc_ok(csvc_store_open(path, NULL, &s));
    assert_ok(s, csvc_store_attach_roster(s, r));
    assert_csvc_ok(csvc_desk_new(r, NULL, &d));
    assert_ok(s, csvc_store_attach_desk(s, d));
    assert_int_equal(first_response_due(d, "T1", t.created), due);
    csvc_store_close(s);
    csvc_desk_free(d);
    csvc_roster_free(r);
    fx_dir_remove(&dir);
}

/* ---- bad input ----------------------------------------------------------------- */

static void test_bad_zones_and_arguments(void **state)
{
    (void)state;
    csvc_tz *tz = NULL;
    assert_status_msg(csvc_tz_open(NULL, NULL, &tz), CSVC_E_NULL, "tz_open: name is NULL");
    assert_status_msg(csvc_tz_open("UTC", NULL, NULL), CSVC_E_NULL, "tz_open: out is NULL");
    const char *bad_names[] = {"",
                               "/etc/passwd",
                               "../etc/passwd",
                               "Europe/../../etc/passwd",
                               "Europe//Berlin",
                               "Europe/Berlin/",
                               "Europe/Ber lin",
                               "Europe/Berlin\n",
                               "./UTC"};
    for (size_t i = 0; i < sizeof bad_names / sizeof *bad_names; i++) {
        assert_int_equal(csvc_tz_open(bad_names[i], NULL, &tz), CSVC_E_INVALID);
        assert_non_null(strstr(csvc_last_errmsg(), "is not an IANA zone name"));
    }
    assert_status_msg(csvc_tz_open("Europe/Atlantis", NULL, &tz), CSVC_E_NOTFOUND,
                      "no such zone in the system's tzdata");
    assert_null(tz);
    /* A damaged tzdata file: TZDIR points at a directory of bad files. */
    fx_dir dir;
    fx_dir_make(&dir, "csvc-tz");
    char path[128];
    fx_dir_file(&dir, "Garbage", path, sizeof path);
    FILE *f = fopen(path, "wb");
    fputs("not a zone file at all, long enough to have a header of 44 bytes", f);
    fclose(f);
    char *real = test_read_file("/usr/share/zoneinfo/Europe/Berlin");
    assert_non_null(real);
    fx_dir_file(&dir, "Truncated", path, sizeof path);
    f = fopen(path, "wb");
    fwrite(real, 1, 300, f); /* a valid header, half a block */
    fclose(f);
    free(real);
    setenv("TZDIR", dir.path, 1);
    assert_status_msg(csvc_tz_open("Garbage", NULL, &tz), CSVC_E_CORRUPT, "is not TZif");
    assert_status_msg(csvc_tz_open("Truncated", NULL, &tz), CSVC_E_CORRUPT, "Truncated");
    csvc_calendar *cal = NULL;
    assert_int_equal(csvc_calendar_new_tz(NULL, "Truncated", &cal), CSVC_E_CORRUPT);
    assert_null(cal);
    unsetenv("TZDIR");
    fx_dir_remove(&dir);

    tz = zone("Europe/Berlin");
    int32_t o;
    int64_t t;
    assert_status_msg(csvc_tz_offset_at(tz, INT64_C(253402300800), &o), CSVC_E_RANGE,
                      "outside years 1..9999");
    assert_status_msg(csvc_tz_offset_at(NULL, 0, &o), CSVC_E_NULL, "tz is NULL");
    assert_status_msg(csvc_tz_local_time(tz, 2025, 2, 29, 0, &t), CSVC_E_RANGE,
                      "2025-02-29 is not a date");
    assert_status_msg(csvc_tz_local_time(tz, 2025, 3, 1, DAY, &t), CSVC_E_RANGE,
                      "second_of_day 86400 out of range");
    csvc_period p = {1, 2};
    assert_status_msg(csvc_period_of_month_tz(2025, 13, tz, &p), CSVC_E_RANGE, "month 13");
    assert_status_msg(csvc_period_month_tz(0, NULL, &p), CSVC_E_NULL, "tz is NULL");
    assert_int_equal(p.start, 1); /* untouched */
    assert_status_msg(csvc_calendar_new_tz(NULL, NULL, &cal), CSVC_E_NULL, "time_zone is NULL");
    assert_status_msg(csvc_calendar_new_tz(NULL, "Europe/Atlantis", &cal), CSVC_E_NOTFOUND,
                      "calendar_new_tz: time zone 'Europe/Atlantis'");
    assert_null(csvc_calendar_time_zone(NULL));
    csvc_tz_free(tz);
    csvc_tz_free(NULL);
}

/* Every allocation failing in turn: a clean CSVC_E_NOMEM, nothing leaked. */
static void test_out_of_memory(void **state)
{
    (void)state;
    for (long budget = 0;; budget++) {
        test_failing_alloc fa = {budget, 0, 0};
        csvc_allocator al = test_failing_allocator(&fa);
        csvc_calendar *cal = NULL;
        csvc_status rc = csvc_calendar_new_tz(&al, "Europe/Berlin", &cal);
        if (rc == CSVC_OK) {
            csvc_calendar *copy = NULL;
            rc = csvc_calendar_clone(cal, &copy);
            csvc_calendar_free(copy);
            csvc_calendar_free(cal);
        }
        assert_int_equal(fa.live, 0);
        if (rc == CSVC_OK)
            break;
        assert_int_equal(rc, CSVC_E_NOMEM);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offsets_at_transitions),
        cmocka_unit_test(test_rules_of_later_years),
        cmocka_unit_test(test_wall_times_skipped_and_repeated),
        cmocka_unit_test(test_months_in_a_zone),
        cmocka_unit_test(test_business_days_that_span_a_change),
        cmocka_unit_test(test_due_times_across_a_change),
        cmocka_unit_test(test_against_a_minute_walk),
        cmocka_unit_test(test_text_form_keeps_the_zone),
        cmocka_unit_test(test_naive_import_times_in_a_zone),
        cmocka_unit_test(test_sla_due_across_a_change_survives_the_store),
        cmocka_unit_test(test_bad_zones_and_arguments),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests_name("timezone", tests, NULL, NULL);
}
