/* Imports that fit real exports (csvc_import_options): times without an
 * offset read at the team calendar's offset or the one given, files in
 * GB18030 from Excel on Chinese Windows, the Chinese names of levels,
 * channels, categories and priorities. */
#include "fixtures.h"

#include "kpi/kpi_seam.h"

#define TEXT(s) s, sizeof s - 1
#define DAY INT64_C(86400)

/* 2025-10-06T08:00:00 at +08:00 and at UTC. */
#define AT_0800_CST INT64_C(1759708800)
#define AT_0800_UTC (AT_0800_CST + 8 * 3600)

static csvc_roster *two_teams(void)
{
    csvc_roster *r = fx_empty_roster();
    fx_add_team(r, "RET");
    fx_add_team(r, "EU");
    fx_add_agent(r, "A1", "RET", 1);
    fx_add_agent(r, "E1", "EU", 1);
    return r;
}

/* RET works at +08:00, EU at +01:00; the desk's default calendar at UTC. */
static csvc_desk *desk_with_calendars(csvc_roster *r)
{
    csvc_desk *d;
    assert_csvc_ok(csvc_desk_new(r, NULL, &d));
    csvc_calendar *cst, *cet;
    assert_csvc_ok(csvc_calendar_new(NULL, 8 * 3600, &cst));
    assert_csvc_ok(csvc_calendar_new(NULL, 3600, &cet));
    assert_ok(d, csvc_desk_set_calendar(d, "RET", cst));
    assert_ok(d, csvc_desk_set_calendar(d, "EU", cet));
    csvc_calendar_free(cst);
    csvc_calendar_free(cet);
    return d;
}

static int64_t created_of(const csvc_desk *d, const char *id)
{
    csvc_ticket_info t;
    assert_ok(d, csvc_desk_get_ticket(d, id, &t));
    return t.created;
}

static const char naive_events[] =
    "ticket_id,type,time,team_id,agent_id\n"
    "T1,created,2025-10-06 08:00:00,RET,\n"
    "T1,assigned,2025-10-06 08:05:00,,A1\n" /* no team_id: the ticket's */
    "T2,created,2025-10-06 08:00:00,EU,\n"
    "T3,created,2025-10-06T08:00:00Z,RET,\n"; /* an offset keeps its own */

static void test_naive_times_follow_the_team_calendar(void **state)
{
    (void)state;
    csvc_roster *r = two_teams();
    csvc_desk *d = desk_with_calendars(r);
    assert_ok(d, csvc_desk_import_events_csv_buffer_opts(d, TEXT(naive_events), NULL));
    assert_int_equal(created_of(d, "T1"), AT_0800_CST);
    assert_int_equal(created_of(d, "T2"), AT_0800_UTC - 3600);
    assert_int_equal(created_of(d, "T3"), AT_0800_UTC);
    csvc_event e;
    assert_ok(d, csvc_desk_event_at(d, 2, &e));
    assert_int_equal(e.time, AT_0800_CST + 300);
    /* Given explicitly, the offset wins over the calendars. */
    csvc_desk *again = desk_with_calendars(r);
    csvc_import_options o = CSVC_IMPORT_OPTIONS_INIT;
    o.utc_offset = -5 * 3600;
    assert_ok(again, csvc_desk_import_events_csv_buffer_opts(again, TEXT(naive_events), &o));
    assert_int_equal(created_of(again, "T1"), AT_0800_UTC + 5 * 3600);
    assert_int_equal(created_of(again, "T2"), AT_0800_UTC + 5 * 3600);
    assert_int_equal(created_of(again, "T3"), AT_0800_UTC);
    /* The old calls read naive times at the calendars' offsets too. */
    csvc_desk *plain = desk_with_calendars(r);
    assert_ok(plain, csvc_desk_import_events_csv_buffer(plain, TEXT(naive_events)));
    assert_int_equal(created_of(plain, "T1"), AT_0800_CST);
    csvc_desk_free(plain);
    csvc_desk_free(again);
    csvc_desk_free(d);
    csvc_roster_free(r);
}

static void test_time_errors_name_the_offset(void **state)
{
    (void)state;
    csvc_roster *r = two_teams();
    csvc_desk *d = desk_with_calendars(r);
    static const char bad[] = "ticket_id,type,time,team_id\nT1,created,2025-10-06 25:00:00,RET\n";
    assert_status_msg(csvc_desk_import_events_csv_buffer_opts(d, TEXT(bad), NULL), CSVC_E_PARSE,
                      "line 2, column 3 (time): '2025-10-06 25:00:00' is not a time (ISO 8601 or "
                      "Unix seconds; without an offset it is read at +08:00)");
    csvc_import_options o = CSVC_IMPORT_OPTIONS_INIT;
    o.utc_offset = -(3 * 3600 + 30 * 60);
    assert_status_msg(csvc_desk_import_events_csv_buffer_opts(d, TEXT(bad), &o), CSVC_E_PARSE,
                      "read at -03:30");
    o.utc_offset = 19 * 3600;
    assert_status_msg(csvc_desk_import_events_csv_buffer_opts(d, TEXT(naive_events), &o),
                      CSVC_E_RANGE, "events import: import options: utc_offset 68400 beyond");
    csvc_import_options_init(&o);
    o.version = 9;
    assert_status_msg(csvc_desk_import_events_csv_buffer_opts(d, TEXT(naive_events), &o),
                      CSVC_E_VERSION, "import options version 9");
    assert_int_equal(csvc_desk_ticket_count(d), 0);
    csvc_desk_free(d);
    csvc_roster_free(r);
}

static int rating_time(const cs_kpi_rating_rec *x, void *user_data)
{
    *(int64_t *)user_data = x->time;
    return 0;
}

/* The time of the review's single rating. */
static int64_t only_rating_time(const csvc_kpi_review *rv)
{
    int64_t t = 0;
    assert_int_equal(csvc_kpi_review_rating_count(rv), 1);
    cs_kpi_review_foreach_rating(rv, rating_time, &t);
    return t;
}

static void test_ratings_naive_times(void **state)
{
    (void)state;
    csvc_roster *r = two_teams();
    csvc_kpi_model *m;
    assert_csvc_ok(csvc_kpi_model_new(NULL, "v", &m));
    csvc_kpi_def k = CSVC_KPI_DEF_INIT;
    k.id = "k";
    k.source = CSVC_KPI_RATED;
    assert_ok(m, csvc_kpi_model_add_kpi(m, &k));
    csvc_period p = {AT_0800_CST - DAY, AT_0800_CST + DAY};
    csvc_kpi_review *rv;
    assert_csvc_ok(csvc_kpi_review_new(r, m, &p, NULL, &rv));
    static const char csv[] = "rater,ratee,kpi,group,value,time\nA1,A1,k,self,4,2025-10-06 08:00\n";
    csvc_import_options o = CSVC_IMPORT_OPTIONS_INIT;
    o.utc_offset = 8 * 3600;
    assert_ok(rv, csvc_kpi_review_import_ratings_csv_buffer_opts(rv, TEXT(csv), &o));
    assert_int_equal(only_rating_time(rv), AT_0800_CST);
    /* Without the option: UTC (raters come from every team). */
    static const char later[] = "rater,ratee,kpi,group,value,time\nA1,A1,k,self,5,2025-10-06 09:00\n";
    assert_ok(rv, csvc_kpi_review_import_ratings_csv_buffer_opts(rv, TEXT(later), NULL));
    assert_int_equal(only_rating_time(rv), AT_0800_UTC + 3600);
    csvc_kpi_review_free(rv);
    csvc_kpi_model_free(m);
    csvc_roster_free(r);
}

/* Made with Python: "...".encode("gb18030"). Names 王芳, 李娜, 陈杰; team
 * name 退换货组; levels 主管, 初级, 资深. */
static const char gb_roster[] =
    "agent_id,name,team_id,team_name,level,hire_date\n"
    "S1,\xcd\xf5\xb7\xbc,RET,\xcd\xcb\xbb\xbb\xbb\xf5\xd7\xe9,\xd6\xf7\xb9\xdc,2020-01-01\n"
    "A1,\xc0\xee\xc4\xc8,RET,\xcd\xcb\xbb\xbb\xbb\xf5\xd7\xe9,\xb3\xf5\xbc\xb6,2024-07-15\n"
    "A2,\xb3\xc2\xbd\xdc,RET,\xcd\xcb\xbb\xbb\xbb\xf5\xd7\xe9,\xd7\xca\xc9\xee,2021-09-01\n";
/* Channel 电话, category 退换货, priority 紧急; naive times at RET's +08:00. */
static const char gb_tickets[] =
    "ticket_id,team_id,created,channel,category,priority,agent_id,first_reply,resolved\n"
    "T1,RET,2025-10-06 08:00:00,\xb5\xe7\xbb\xb0,\xcd\xcb\xbb\xbb\xbb\xf5,\xbd\xf4\xbc\xb1,A1,"
    "2025-10-06 08:30:00,2025-10-06 10:00:00\n";

static void test_gb18030_files(void **state)
{
    (void)state;
    csvc_roster *r = fx_empty_roster();
    csvc_import_options o = CSVC_IMPORT_OPTIONS_INIT;
    o.encoding = "GB18030";
    /* From a file on disk, as Excel saved it. */
    char path[64];
    snprintf(path, sizeof path, "/tmp/csvc_gb_%d.csv", (int)getpid());
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(gb_roster, 1, sizeof gb_roster - 1, f);
    fclose(f);
    assert_ok(r, csvc_roster_import_csv_opts(r, path, &o));
    unlink(path);
    csvc_agent_info a;
    assert_ok(r, csvc_roster_get_agent(r, "S1", &a));
    assert_string_equal(a.name, "\xe7\x8e\x8b\xe8\x8a\xb3"); /* 王芳 in UTF-8 */
    assert_int_equal(a.level, CSVC_LEVEL_SUPERVISOR);
    assert_ok(r, csvc_roster_get_agent(r, "A1", &a));
    assert_int_equal(a.level, CSVC_LEVEL_JUNIOR);
    assert_ok(r, csvc_roster_get_agent(r, "A2", &a));
    assert_int_equal(a.level, CSVC_LEVEL_EXPERT);
    csvc_team_info t;
    assert_ok(r, csvc_roster_get_team(r, "RET", &t));
    assert_string_equal(t.name, "\xe9\x80\x80\xe6\x8d\xa2\xe8\xb4\xa7\xe7\xbb\x84"); /* 退换货组 */
    /* Exports stay canonical: English level names, UTF-8 text. */
    char *text;
    size_t size;
    assert_ok(r, csvc_roster_export_csv_buffer(r, &text, &size));
    assert_non_null(strstr(text, ",supervisor,"));
    assert_null(strstr(text, "\xe4\xb8\xbb\xe7\xae\xa1")); /* 主管 */
    csvc_free(text);

    csvc_calendar *cst;
    assert_csvc_ok(csvc_calendar_new(NULL, 8 * 3600, &cst));
    csvc_desk *d;
    assert_csvc_ok(csvc_desk_new(r, NULL, &d));
    assert_ok(d, csvc_desk_set_calendar(d, "RET", cst));
    csvc_calendar_free(cst);
    assert_ok(d, csvc_desk_import_tickets_csv_buffer_opts(d, TEXT(gb_tickets), &o));
    csvc_ticket_info ti;
    assert_ok(d, csvc_desk_get_ticket(d, "T1", &ti));
    assert_int_equal(ti.channel, CSVC_CHANNEL_PHONE);
    assert_int_equal(ti.category, CSVC_CATEGORY_RETURN_REFUND);
    assert_int_equal(ti.priority, CSVC_PRIORITY_URGENT);
    assert_int_equal(ti.created, AT_0800_CST);
    assert_int_equal(ti.first_response, AT_0800_CST + 1800);
    csvc_desk_free(d);
    csvc_roster_free(r);
}

static void test_encoding_errors(void **state)
{
    (void)state;
    csvc_roster *r = fx_empty_roster();
    csvc_import_options o = CSVC_IMPORT_OPTIONS_INIT;
    o.encoding = "KLINGON-8";
    assert_status_msg(csvc_roster_import_csv_buffer_opts(r, TEXT(gb_roster), &o), CSVC_E_INVALID,
                      "encoding 'KLINGON-8' is not known to the C library's iconv");
    /* 0x81 0x20 is no GB18030 sequence; it sits on line 3. */
    static const char broken[] = "agent_id,name,team_id,level,hire_date\n"
                                 "A1,An,T,junior,2024-01-01\n"
                                 "A2,B\x81 ,T,junior,2024-01-01\n";
    o.encoding = "GB18030";
    assert_status_msg(csvc_roster_import_csv_buffer_opts(r, TEXT(broken), &o), CSVC_E_ENCODING,
                      "line 3: invalid GB18030 byte sequence at byte 68");
    /* GB18030 bytes read as UTF-8 are refused, not mangled. */
    assert_int_equal(csvc_roster_import_csv_buffer(r, TEXT(gb_roster)), CSVC_E_ENCODING);
    assert_int_equal(csvc_roster_agent_count(r), 0);
    /* UTF-8 spelled out is the default; a BOM is skipped. */
    static const char bom[] = "\xef\xbb\xbf"
                              "agent_id,name,team_id,level,hire_date\nA1,An,T,\xe5\x88\x9d\xe7\xba\xa7,2024-01-01\n";
    o.encoding = "utf-8";
    assert_ok(r, csvc_roster_import_csv_buffer_opts(r, TEXT(bom), &o));
    csvc_agent_info a;
    assert_ok(r, csvc_roster_get_agent(r, "A1", &a));
    assert_int_equal(a.level, CSVC_LEVEL_JUNIOR); /* 初级 */
    csvc_roster_free(r);
}

static void test_chinese_names(void **state)
{
    (void)state;
    csvc_level level;
    csvc_channel channel;
    csvc_category category;
    csvc_priority priority;
    static const struct {
        const char *name;
        int value;
    } levels[] = {{"初级", CSVC_LEVEL_JUNIOR}, {"高級", CSVC_LEVEL_SENIOR},
                  {"专家", CSVC_LEVEL_EXPERT}, {"主管", CSVC_LEVEL_SUPERVISOR},
                  {"经理", CSVC_LEVEL_MANAGER}},
      channels[] = {{"电话", CSVC_CHANNEL_PHONE}, {"在线客服", CSVC_CHANNEL_CHAT},
                    {"邮件", CSVC_CHANNEL_EMAIL}, {"門店", CSVC_CHANNEL_IN_STORE}},
      categories[] = {{"退换货", CSVC_CATEGORY_RETURN_REFUND}, {"投诉", CSVC_CATEGORY_COMPLAINT},
                      {"咨询", CSVC_CATEGORY_INQUIRY}, {"物流", CSVC_CATEGORY_ORDER_LOGISTICS}},
      priorities[] = {{"紧急", CSVC_PRIORITY_URGENT}, {"低", CSVC_PRIORITY_LOW}};
    for (size_t i = 0; i < sizeof levels / sizeof *levels; i++) {
        assert_csvc_ok(csvc_level_parse(levels[i].name, &level));
        assert_int_equal(level, levels[i].value);
    }
    for (size_t i = 0; i < sizeof channels / sizeof *channels; i++) {
        assert_csvc_ok(csvc_channel_parse(channels[i].name, &channel));
        assert_int_equal(channel, channels[i].value);
    }
    for (size_t i = 0; i < sizeof categories / sizeof *categories; i++) {
        assert_csvc_ok(csvc_category_parse(categories[i].name, &category));
        assert_int_equal(category, categories[i].value);
    }
    for (size_t i = 0; i < sizeof priorities / sizeof *priorities; i++) {
        assert_csvc_ok(csvc_priority_parse(priorities[i].name, &priority));
        assert_int_equal(priority, priorities[i].value);
    }
    /* Names stay English on output; unknown Chinese is still unknown. */
    assert_string_equal(csvc_level_name(CSVC_LEVEL_SUPERVISOR), "supervisor");
    assert_status_msg(csvc_level_parse("实习", &level), CSVC_E_INVALID,
                      "level '实习': unknown (junior, senior, expert, supervisor, manager)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_naive_times_follow_the_team_calendar),
        cmocka_unit_test(test_time_errors_name_the_offset),
        cmocka_unit_test(test_ratings_naive_times),
        cmocka_unit_test(test_gb18030_files),
        cmocka_unit_test(test_encoding_errors),
        cmocka_unit_test(test_chinese_names),
    };
    return cmocka_run_group_tests_name("import_options", tests, NULL, NULL);
}
