/* The desk's configuration from JSON (csvc_desk_load_config_json): the
 * example document's calendars and SLA targets give the due times worked
 * out by hand below (Asia/Shanghai, +08:00, no DST), bad documents name
 * the entry's path and change nothing, and an attached store keeps the
 * loaded configuration. */
#include "fixtures.h"

#include <unistd.h>

#define EXAMPLE "../../examples/data/desk_config.json"

static csvc_roster *shop(void)
{
    csvc_roster *r;
    assert_csvc_ok(csvc_roster_new(NULL, &r));
    assert_ok(r, csvc_roster_import_csv(r, "../../examples/data/roster.csv"));
    return r;
}

static void create(csvc_desk *d, const char *id, const char *team, csvc_priority priority,
                   csvc_category category, int64_t created)
{
    csvc_ticket_spec t = CSVC_TICKET_SPEC_INIT;
    t.id = id;
    t.team_id = team;
    t.priority = priority;
    t.category = category;
    t.created = created;
    assert_ok(d, csvc_desk_create(d, &t));
}

static csvc_sla_status sla(const csvc_desk *d, const char *id, int64_t now)
{
    csvc_sla_status s = CSVC_SLA_STATUS_INIT;
    assert_csvc_ok(csvc_desk_sla(d, id, now, &s));
    return s;
}

/* Hand-worked due times:
 * - CMP urgent at Mon 2025-11-03 11:50: first response 15 business minutes
 *   = 10 before the 12:00 lunch + 5 after 13:30 -> 13:35; resolution 4 h =
 *   10 min + 3 h 50 from 13:30 -> 17:20.
 * - CMP normal at the same time: 30 min -> 13:50.
 * - PRE (its own 08:00-22:00 / 09:00-21:00 calendar) at Sun 2025-11-09
 *   20:55: 10 min = 5 until 21:00 + 5 from Monday 08:00 -> Mon 08:05.
 * - RET at Tue 2025-09-30 17:30: 1 h = 30 min that day, the National Day
 *   holidays 10-01..10-03, then Saturday 10-04 from 10:00 -> 10:30. */
static void check_due_times(const csvc_desk *d)
{
    csvc_sla_status s = sla(d, "C-URG", 1762141800);
    assert_int_equal(s.first_response_due, 1762148100);
    assert_int_equal(s.resolution_due, 1762161600);
    assert_int_equal(sla(d, "C-NOR", 1762141800).first_response_due, 1762149000);
    assert_int_equal(sla(d, "P-SUN", 1762692900).first_response_due, 1762733100);
    assert_int_equal(sla(d, "R-HOL", 1759224600).first_response_due, 1759545000);
}

static void add_tickets(csvc_desk *d)
{
    create(d, "R-HOL", "RET", CSVC_PRIORITY_NORMAL, CSVC_CATEGORY_RETURN_REFUND, 1759224600);
    create(d, "C-URG", "CMP", CSVC_PRIORITY_URGENT, CSVC_CATEGORY_COMPLAINT, 1762141800);
    create(d, "C-NOR", "CMP", CSVC_PRIORITY_NORMAL, CSVC_CATEGORY_COMPLAINT, 1762141800);
    create(d, "P-SUN", "PRE", CSVC_PRIORITY_NORMAL, CSVC_CATEGORY_INQUIRY, 1762692900);
}

static void test_example_gives_hand_worked_due_times(void **state)
{
    (void)state;
    csvc_roster *r = shop();
    csvc_desk *d;
    assert_csvc_ok(csvc_desk_new(r, NULL, &d));
    assert_ok(d, csvc_desk_load_config_json(d, EXAMPLE));
    add_tickets(d);
    check_due_times(d);
    /* The same settings through the API give the same due times. */
    csvc_desk *api;
    assert_csvc_ok(csvc_desk_new(r, NULL, &api));
    csvc_calendar *cal;
    assert_csvc_ok(csvc_calendar_new_tz(NULL, "Asia/Shanghai", &cal));
    for (int day = 0; day < 5; day++) {
        assert_ok(cal, csvc_calendar_add_hours(cal, (csvc_weekday)day, 9 * 60, 12 * 60));
        assert_ok(cal, csvc_calendar_add_hours(cal, (csvc_weekday)day, 13 * 60 + 30, 18 * 60));
    }
    assert_ok(cal, csvc_calendar_add_hours(cal, CSVC_SATURDAY, 10 * 60, 16 * 60));
    int holidays[][3] = {{2025, 10, 1}, {2025, 10, 2}, {2025, 10, 3}, {2025, 10, 6},
                         {2025, 10, 7}, {2026, 1, 1}};
    for (int i = 0; i < 6; i++)
        assert_ok(cal, csvc_calendar_add_holiday(cal, holidays[i][0], holidays[i][1],
                                                 holidays[i][2]));
    assert_ok(api, csvc_desk_set_calendar(api, NULL, cal));
    csvc_calendar_free(cal);
    assert_csvc_ok(csvc_calendar_new_tz(NULL, "Asia/Shanghai", &cal));
    for (int day = 0; day < 7; day++)
        assert_ok(cal, csvc_calendar_add_hours(cal, (csvc_weekday)day, day < 5 ? 8 * 60 : 9 * 60,
                                               day < 5 ? 22 * 60 : 21 * 60));
    assert_ok(api, csvc_desk_set_calendar(api, "PRE", cal));
    csvc_calendar_free(cal);
    csvc_sla_policy p = CSVC_SLA_POLICY_INIT;
    p.first_response = 7200, p.next_response = 14400, p.resolution = 172800;
    assert_ok(api, csvc_desk_add_sla_policy(api, &p));
    p.team_id = "PRE", p.first_response = 600, p.next_response = 1800, p.resolution = 14400;
    assert_ok(api, csvc_desk_add_sla_policy(api, &p));
    p.team_id = "RET", p.first_response = 3600, p.next_response = 7200, p.resolution = 259200;
    p.pause_states = CSVC_PAUSE_PENDING_CUSTOMER | CSVC_PAUSE_PENDING_INTERNAL;
    assert_ok(api, csvc_desk_add_sla_policy(api, &p));
    p = (csvc_sla_policy)CSVC_SLA_POLICY_INIT;
    p.team_id = "CMP", p.first_response = 1800, p.next_response = 3600, p.resolution = 86400;
    assert_ok(api, csvc_desk_add_sla_policy(api, &p));
    p.priority = CSVC_PRIORITY_URGENT, p.first_response = 900, p.next_response = 1800,
    p.resolution = 14400;
    assert_ok(api, csvc_desk_add_sla_policy(api, &p));
    add_tickets(api);
    check_due_times(api);
    csvc_desk_free(api);
    csvc_desk_free(d);
    csvc_roster_free(r);
}

/* A bad document: its path in the message, the desk as it was. */
static void test_bad_documents_change_nothing(void **state)
{
    (void)state;
    csvc_roster *r = shop();
    csvc_desk *d;
    assert_csvc_ok(csvc_desk_new(r, NULL, &d));
    assert_ok(d, csvc_desk_load_config_json(d, EXAMPLE));
    add_tickets(d);
    static const struct {
        const char *json;
        csvc_status status;
        const char *text;
    } bad[] = {
        {"{\"sla\": [{\"first_response\": \"1h\"}, {\"priority\": \"urgentt\"}]}", CSVC_E_PARSE,
         "desk config: sla[1].priority: priority 'urgentt': unknown"},
        {"{\"sla\": [{\"first_response\": \"4x\"}]}", CSVC_E_PARSE,
         "sla[0].first_response: expected whole seconds or a number with a unit"},
        {"{\"sla\": [{\"resolution\": -5}]}", CSVC_E_RANGE, "desk config: sla[0]: "},
        {"{\"calendars\": [{\"hours\": {\"mon\": [[\"09:00\", \"12:00\"], [\"13:00\"]]}}]}",
         CSVC_E_PARSE, "calendars[0].hours.mon[1]: expected [\"HH:MM\", \"HH:MM\"]"},
        {"{\"calendars\": [{\"hours\": {\"mon\": [[\"12:00\", \"09:00\"]]}}]}", CSVC_E_RANGE,
         "calendars[0].hours.mon[0]: "},
        {"{\"calendars\": [{\"hours\": {\"monday\": []}}]}", CSVC_E_PARSE,
         "calendars[0].monday: unknown field"},
        {"{\"calendars\": [{\"team\": \"NOPE\"}]}", CSVC_E_NOTFOUND, "calendars[0].team: "},
        {"{\"calendars\": [{\"time_zone\": \"Mars/Olympus\"}]}", CSVC_E_NOTFOUND,
         "calendars[0].time_zone: "},
        {"{\"calendars\": [{\"time_zone\": \"Asia/Shanghai\", \"utc_offset\": \"+08:00\"}]}",
         CSVC_E_PARSE, "give time_zone or utc_offset, not both"},
        {"{\"calendars\": [{\"utc_offset\": \"+8\"}]}", CSVC_E_PARSE,
         "calendars[0].utc_offset: expected \"+HH:MM\""},
        {"{\"calendars\": [{\"holidays\": [\"2025-02-30\"]}]}", CSVC_E_RANGE,
         "calendars[0].holidays[0]: "},
        {"{\"ola\": [{\"target\": \"1h\"}]}", CSVC_E_PARSE, "ola[0].department: missing"},
        {"{\"reopen\": [{\"team\": \"RET\", \"window\": -1}]}", CSVC_E_RANGE, "reopen[0]: "},
        {"{\"slas\": []}", CSVC_E_PARSE, "(document).slas: unknown field"},
        {"[]", CSVC_E_PARSE, "(document): expected an object"},
        {"{\"sla\": {}}", CSVC_E_PARSE, "desk config: sla: expected an array"},
        {"{\"sla\": [}", CSVC_E_PARSE, "desk config: line 1, column"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        csvc_status rc = csvc_desk_load_config_json_buffer(d, bad[i].json, strlen(bad[i].json));
        if (rc != bad[i].status || !strstr(csvc_desk_errmsg(d), bad[i].text))
            fail_msg("%s: %s '%s', expected %s '%s'", bad[i].json, csvc_status_name(rc),
                     csvc_desk_errmsg(d), csvc_status_name(bad[i].status), bad[i].text);
        check_due_times(d);
    }
    assert_status_msg(csvc_desk_load_config_json(d, "/nonexistent/desk.json"), CSVC_E_NOTFOUND,
                      "/nonexistent/desk.json");
    assert_int_equal(csvc_desk_load_config_json(NULL, EXAMPLE), CSVC_E_NULL);
    assert_int_equal(csvc_desk_load_config_json_buffer(d, NULL, 3), CSVC_E_NULL);
    check_due_times(d);
    /* An empty document is the configuration of a new desk: no SLA targets. */
    assert_ok(d, csvc_desk_load_config_json_buffer(d, "{}", 2));
    assert_int_equal(sla(d, "C-URG", 1762141800).first_response_due, CSVC_TIME_NONE);
    csvc_desk_free(d);
    csvc_roster_free(r);
}

static void test_store_keeps_the_loaded_configuration(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "/tmp/csvc_deskcfg_%d.db", (int)getpid());
    test_remove_db(path);
    csvc_roster *r = shop();
    csvc_store *s;
    assert_csvc_ok(csvc_store_open(path, NULL, &s));
    assert_ok(s, csvc_store_attach_roster(s, r));
    csvc_desk *d;
    assert_csvc_ok(csvc_desk_new(r, NULL, &d));
    assert_ok(s, csvc_store_attach_desk(s, d));
    assert_ok(d, csvc_desk_load_config_json(d, EXAMPLE));
    add_tickets(d);
    csvc_store_close(s);
    csvc_desk_free(d);
    csvc_roster_free(r);

    csvc_roster *back = fx_empty_roster();
    assert_csvc_ok(csvc_store_open(path, NULL, &s));
    assert_ok(s, csvc_store_attach_roster(s, back));
    assert_csvc_ok(csvc_desk_new(back, NULL, &d));
    assert_ok(s, csvc_store_attach_desk(s, d));
    check_due_times(d);
    uint64_t bad = 1;
    assert_ok(s, csvc_store_verify(s, &bad));
    csvc_store_close(s);
    csvc_desk_free(d);
    csvc_roster_free(back);
    test_remove_db(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_gives_hand_worked_due_times),
        cmocka_unit_test(test_bad_documents_change_nothing),
        cmocka_unit_test(test_store_keeps_the_loaded_configuration),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
