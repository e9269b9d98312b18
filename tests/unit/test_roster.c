/* Roster: teams, agents, reporting lines, CSV import/export.
 * Expected values are counted by hand from the small rosters built here and
 * from examples/data/roster.csv (dates from GNU date -u -d DATE +%s). */
#include "fixtures.h"

#include <stdlib.h>

#define EXAMPLE_CSV "../../examples/data/roster.csv"

/* 2016-03-01, 2024-07-15, 2025-10-20, 2020-02-29 at 00:00 UTC. */
#define D_2016_03_01 INT64_C(1456790400)
#define D_2024_07_15 INT64_C(1721001600)
#define D_2025_10_20 INT64_C(1760918400)
#define D_2020_02_29 INT64_C(1582934400)

static int setup_roster(void **state)
{
    csvc_roster *r;
    if (csvc_roster_new(NULL, &r) != CSVC_OK)
        return -1;
    *state = r;
    return 0;
}

static int teardown_roster(void **state)
{
    csvc_roster_free(*state);
    return 0;
}

static void add_team(csvc_roster *r, const char *id, const char *name)
{
    csvc_team_info t = CSVC_TEAM_INFO_INIT;
    t.id = id;
    t.name = name;
    assert_ok(r, csvc_roster_add_team(r, &t));
}

static csvc_agent_info agent(const char *id, const char *team, const char *supervisor)
{
    csvc_agent_info a = CSVC_AGENT_INFO_INIT;
    a.id = id;
    a.name = id;
    a.team_id = team;
    a.supervisor_id = supervisor;
    a.hire_date = D_2024_07_15;
    return a;
}

static void add_agent(csvc_roster *r, const char *id, const char *team, const char *supervisor)
{
    csvc_agent_info a = agent(id, team, supervisor);
    assert_ok(r, csvc_roster_add_agent(r, &a));
}

/* The roster's full state as text, to prove failed calls change nothing. */
static char *snapshot(const csvc_roster *r)
{
    char *buf;
    size_t size;
    assert_ok(r, csvc_roster_export_csv_buffer(r, &buf, &size));
    assert_int_equal(strlen(buf), size);
    return buf;
}

static void assert_unchanged(const csvc_roster *r, const char *before)
{
    char *after = snapshot(r);
    assert_string_equal(before, after);
    csvc_free(after);
}

/* ---- names ------------------------------------------------------------- */

static void test_level_and_category_names(void **state)
{
    (void)state;
    assert_string_equal(csvc_level_name(CSVC_LEVEL_JUNIOR), "junior");
    assert_string_equal(csvc_level_name(CSVC_LEVEL_MANAGER), "manager");
    assert_null(csvc_level_name((csvc_level)5));
    assert_null(csvc_level_name((csvc_level)-1));
    csvc_level level;
    assert_csvc_ok(csvc_level_parse("Supervisor", &level));
    assert_int_equal(level, CSVC_LEVEL_SUPERVISOR);
    assert_status_msg(csvc_level_parse("chief", &level), CSVC_E_INVALID, "chief");
    assert_int_equal(csvc_level_parse(NULL, &level), CSVC_E_NULL);
    assert_int_equal(csvc_level_parse("junior", NULL), CSVC_E_NULL);

    assert_string_equal(csvc_category_name(CSVC_CATEGORY_RETURN_REFUND), "return_refund");
    assert_string_equal(csvc_category_name(CSVC_CATEGORY_OTHER), "other");
    assert_null(csvc_category_name((csvc_category)7));
    csvc_category cat;
    assert_csvc_ok(csvc_category_parse("TECHNICAL", &cat));
    assert_int_equal(cat, CSVC_CATEGORY_TECHNICAL);
    assert_status_msg(csvc_category_parse("refund", &cat), CSVC_E_INVALID, "refund");
    assert_int_equal(CSVC_SKILLS_ALL, 0x7f);
}

/* ---- construction -------------------------------------------------------- */

static void test_new_errors(void **state)
{
    (void)state;
    assert_int_equal(csvc_roster_new(NULL, NULL), CSVC_E_NULL);
    csvc_roster *r = NULL;
    test_failing_alloc fa = {-1, 0, 0};
    csvc_allocator a = test_failing_allocator(&fa);
    a.version = 0;
    assert_status_msg(csvc_roster_new(&a, &r), CSVC_E_VERSION, "allocator");
    a.version = 2;
    assert_int_equal(csvc_roster_new(&a, &r), CSVC_E_VERSION);
    a = test_failing_allocator(&fa);
    a.free_fn = NULL;
    assert_status_msg(csvc_roster_new(&a, &r), CSVC_E_INVALID, "free_fn");
    assert_null(r);
    fa.budget = 0;
    a = test_failing_allocator(&fa);
    assert_int_equal(csvc_roster_new(&a, &r), CSVC_E_NOMEM);
    assert_null(r);
    csvc_roster_free(NULL);
    assert_string_equal(csvc_roster_errmsg(NULL), "roster is NULL");
    assert_int_equal(csvc_roster_agent_count(NULL), 0);
    assert_int_equal(csvc_roster_team_count(NULL), 0);
}

/* ---- teams --------------------------------------------------------------- */

static void test_team_add_get_update(void **state)
{
    csvc_roster *r = *state;
    add_team(r, "RET", "Returns & refunds");
    add_team(r, "PRE", NULL);
    assert_int_equal(csvc_roster_team_count(r), 2);
    csvc_team_info t;
    assert_ok(r, csvc_roster_get_team(r, "PRE", &t));
    assert_string_equal(t.name, "PRE"); /* NULL name defaults to the id */
    assert_null(t.lead_id);
    assert_ok(r, csvc_roster_team_at(r, 0, &t));
    assert_string_equal(t.id, "RET");
    assert_string_equal(t.name, "Returns & refunds");

    add_agent(r, "A1", "RET", NULL);
    csvc_team_info upd = CSVC_TEAM_INFO_INIT;
    upd.id = "RET";
    upd.name = "Returns";
    upd.lead_id = "A1";
    assert_ok(r, csvc_roster_update_team(r, &upd));
    assert_ok(r, csvc_roster_get_team(r, "RET", &t));
    assert_string_equal(t.name, "Returns");
    assert_string_equal(t.lead_id, "A1");
}

static void test_team_errors(void **state)
{
    csvc_roster *r = *state;
    add_team(r, "RET", "Returns");
    char *before = snapshot(r);
    csvc_team_info t = CSVC_TEAM_INFO_INIT;

    assert_int_equal(csvc_roster_add_team(NULL, &t), CSVC_E_NULL);
    assert_int_equal(csvc_roster_add_team(r, NULL), CSVC_E_NULL);
    assert_status_msg(csvc_roster_add_team(r, &t), CSVC_E_NULL, "team id");
    t.id = "";
    assert_status_msg(csvc_roster_add_team(r, &t), CSVC_E_INVALID, "empty");
    t.id = "0123456789012345678901234567890123456789012345678901234567890123X"; /* 65 */
    assert_status_msg(csvc_roster_add_team(r, &t), CSVC_E_TOOLONG, "65 bytes");
    t.id = "bad\xff";
    assert_status_msg(csvc_roster_add_team(r, &t), CSVC_E_ENCODING, "byte 3");
    t.id = "tab\tid";
    assert_int_equal(csvc_roster_add_team(r, &t), CSVC_E_ENCODING);
    t.id = "RET";
    assert_status_msg(csvc_roster_add_team(r, &t), CSVC_E_EXISTS, "team 'RET': already exists");
    assert_string_equal(csvc_roster_errmsg(r), "team 'RET': already exists");
    t.id = "NEW";
    t.lead_id = "nobody";
    assert_status_msg(csvc_roster_add_team(r, &t), CSVC_E_NOTFOUND, "lead 'nobody'");
    t.lead_id = NULL;
    t.name = "bad\x01name";
    assert_int_equal(csvc_roster_add_team(r, &t), CSVC_E_ENCODING);
    t.name = NULL;
    t.version = 0;
    assert_int_equal(csvc_roster_add_team(r, &t), CSVC_E_VERSION);
    t.version = CSVC_TEAM_INFO_VERSION + 1;
    assert_int_equal(csvc_roster_add_team(r, &t), CSVC_E_VERSION);
    t.version = CSVC_TEAM_INFO_VERSION;
    assert_status_msg(csvc_roster_update_team(r, &t), CSVC_E_NOTFOUND, "team 'NEW'");

    assert_status_msg(csvc_roster_get_team(r, "NEW", &t), CSVC_E_NOTFOUND, "NEW");
    assert_int_equal(csvc_roster_get_team(r, NULL, &t), CSVC_E_NULL);
    assert_status_msg(csvc_roster_team_at(r, 1, &t), CSVC_E_RANGE, "index 1");
    assert_int_equal(csvc_roster_team_at(r, 0, NULL), CSVC_E_NULL);
    assert_unchanged(r, before);
    csvc_free(before);
}

/* ---- agents -------------------------------------------------------------- */

static void test_agent_add_get(void **state)
{
    csvc_roster *r = *state;
    add_team(r, "RET", "Returns");
    add_agent(r, "S1", "RET", NULL);
    csvc_agent_info a = CSVC_AGENT_INFO_INIT;
    a.id = "客服-01";
    a.name = "Li Na 李娜";
    a.team_id = "RET";
    a.level = CSVC_LEVEL_EXPERT;
    a.hire_date = D_2020_02_29;
    a.supervisor_id = "S1";
    a.skills = CSVC_SKILL(CSVC_CATEGORY_RETURN_REFUND) | CSVC_SKILL(CSVC_CATEGORY_TECHNICAL);
    a.active = 1;
    a.base_pay = 1150000;
    a.currency = "USD";
    assert_ok(r, csvc_roster_add_agent(r, &a));

    csvc_agent_info got;
    assert_ok(r, csvc_roster_get_agent(r, "客服-01", &got));
    assert_int_equal(got.version, CSVC_AGENT_INFO_VERSION);
    assert_string_equal(got.name, "Li Na 李娜");
    assert_string_equal(got.team_id, "RET");
    assert_int_equal(got.level, CSVC_LEVEL_EXPERT);
    assert_int_equal(got.hire_date, D_2020_02_29);
    assert_string_equal(got.supervisor_id, "S1");
    assert_int_equal(got.skills, (1u << 2) | (1u << 5));
    assert_int_equal(got.active, 1);
    assert_int_equal(got.base_pay, 1150000);
    assert_string_equal(got.currency, "USD");

    assert_int_equal(csvc_roster_agent_count(r), 2);
    assert_ok(r, csvc_roster_agent_at(r, 0, &got));
    assert_string_equal(got.id, "S1");
    assert_null(got.supervisor_id);
    assert_string_equal(got.currency, "CNY"); /* default */
    size_t index;
    assert_ok(r, csvc_roster_agent_index(r, "客服-01", &index));
    assert_int_equal(index, 1);
    assert_int_equal(csvc_roster_agent_index(r, "nobody", &index), CSVC_E_NOTFOUND);
    assert_status_msg(csvc_roster_agent_at(r, 2, &got), CSVC_E_RANGE, "2 agents");

    /* An id of exactly 64 bytes is accepted. */
    csvc_agent_info longest = agent("0123456789012345678901234567890123456789012345678901234567890123",
                                    "RET", NULL);
    assert_ok(r, csvc_roster_add_agent(r, &longest));
}

static void test_agent_errors(void **state)
{
    csvc_roster *r = *state;
    add_team(r, "RET", "Returns");
    add_agent(r, "A1", "RET", NULL);
    char *before = snapshot(r);
    csvc_agent_info a;

    assert_int_equal(csvc_roster_add_agent(r, NULL), CSVC_E_NULL);
    assert_int_equal(csvc_roster_add_agent(NULL, &a), CSVC_E_NULL);
    a = agent("A1", "RET", NULL);
    assert_status_msg(csvc_roster_add_agent(r, &a), CSVC_E_EXISTS, "agent 'A1': already exists");
    a = agent("A2", "NOPE", NULL);
    assert_status_msg(csvc_roster_add_agent(r, &a), CSVC_E_NOTFOUND, "team 'NOPE' not found");
    a = agent("A2", NULL, NULL);
    assert_status_msg(csvc_roster_add_agent(r, &a), CSVC_E_NULL, "team_id");
    a = agent("A2", "RET", "ghost");
    assert_status_msg(csvc_roster_add_agent(r, &a), CSVC_E_NOTFOUND, "supervisor 'ghost'");
    a = agent("A2", "RET", "A2");
    assert_status_msg(csvc_roster_add_agent(r, &a), CSVC_E_CONSTRAINT, "supervise itself");
    a = agent("A2", "RET", NULL);
    a.level = (csvc_level)5;
    assert_status_msg(csvc_roster_add_agent(r, &a), CSVC_E_RANGE, "level 5");
    a = agent("A2", "RET", NULL);
    a.hire_date = D_2024_07_15 + 3600;
    assert_status_msg(csvc_roster_add_agent(r, &a), CSVC_E_RANGE, "hire_date");
    a = agent("A2", "RET", NULL);
    a.skills = 1u << 7;
    assert_status_msg(csvc_roster_add_agent(r, &a), CSVC_E_RANGE, "skills");
    a = agent("A2", "RET", NULL);
    a.base_pay = -1;
    assert_status_msg(csvc_roster_add_agent(r, &a), CSVC_E_RANGE, "base_pay -1");
    a = agent("A2", "RET", NULL);
    a.currency = "usd";
    assert_status_msg(csvc_roster_add_agent(r, &a), CSVC_E_INVALID, "currency 'usd'");
    a.currency = "EURO";
    assert_int_equal(csvc_roster_add_agent(r, &a), CSVC_E_INVALID);
    a = agent("A2", "RET", NULL);
    a.active = 2;
    assert_status_msg(csvc_roster_add_agent(r, &a), CSVC_E_INVALID, "active");
    a = agent("A2", "RET", NULL);
    a.name = "";
    assert_status_msg(csvc_roster_add_agent(r, &a), CSVC_E_INVALID, "name is empty");
    a.name = NULL;
    assert_int_equal(csvc_roster_add_agent(r, &a), CSVC_E_NULL);
    a.name = "\xc0\xaf"; /* overlong '/' */
    assert_int_equal(csvc_roster_add_agent(r, &a), CSVC_E_ENCODING);
    char long_name[300];
    memset(long_name, 'n', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    a.name = long_name;
    assert_status_msg(csvc_roster_add_agent(r, &a), CSVC_E_TOOLONG, "299 bytes");
    a = agent("A\xed\xa0\x80", "RET", NULL); /* UTF-16 surrogate */
    assert_int_equal(csvc_roster_add_agent(r, &a), CSVC_E_ENCODING);
    a = agent("A2", "RET", NULL);
    a.version = 0;
    assert_int_equal(csvc_roster_add_agent(r, &a), CSVC_E_VERSION);

    assert_status_msg(csvc_roster_get_agent(r, "A2", &a), CSVC_E_NOTFOUND, "agent 'A2'");
    assert_int_equal(csvc_roster_get_agent(r, "A1", NULL), CSVC_E_NULL);
    assert_int_equal(csvc_roster_agent_count(r), 1);
    assert_unchanged(r, before);
    csvc_free(before);
}

static void test_agent_update_and_cycles(void **state)
{
    csvc_roster *r = *state;
    add_team(r, "T", "T");
    add_team(r, "U", "U");
    add_agent(r, "boss", "T", NULL);
    add_agent(r, "mid", "T", "boss");
    add_agent(r, "low", "T", "mid");
    char *before = snapshot(r);

    /* boss -> low would close boss <- mid <- low <- boss. */
    csvc_agent_info a = agent("boss", "T", "low");
    assert_status_msg(csvc_roster_update_agent(r, &a), CSVC_E_CONSTRAINT, "cycle");
    a = agent("boss", "T", "mid");
    assert_int_equal(csvc_roster_update_agent(r, &a), CSVC_E_CONSTRAINT);
    a = agent("mid", "T", "mid");
    assert_int_equal(csvc_roster_update_agent(r, &a), CSVC_E_CONSTRAINT);
    a = agent("ghost", "T", NULL);
    assert_status_msg(csvc_roster_update_agent(r, &a), CSVC_E_NOTFOUND, "agent 'ghost'");
    a = agent("low", "NOPE", NULL);
    assert_int_equal(csvc_roster_update_agent(r, &a), CSVC_E_NOTFOUND);
    assert_unchanged(r, before);
    csvc_free(before);

    /* A legal move: low now reports to boss directly, in team U, renamed. */
    a = agent("low", "U", "boss");
    a.name = "Low Renamed";
    a.level = CSVC_LEVEL_SENIOR;
    assert_ok(r, csvc_roster_update_agent(r, &a));
    csvc_agent_info got;
    assert_ok(r, csvc_roster_get_agent(r, "low", &got));
    assert_string_equal(got.name, "Low Renamed");
    assert_string_equal(got.team_id, "U");
    assert_string_equal(got.supervisor_id, "boss");
    assert_int_equal(got.level, CSVC_LEVEL_SENIOR);

    assert_ok(r, csvc_roster_deactivate_agent(r, "low"));
    assert_ok(r, csvc_roster_get_agent(r, "low", &got));
    assert_int_equal(got.active, 0);
    assert_status_msg(csvc_roster_deactivate_agent(r, "nobody"), CSVC_E_NOTFOUND, "nobody");
    assert_int_equal(csvc_roster_deactivate_agent(r, NULL), CSVC_E_NULL);
}

static void test_reporting_lines(void **state)
{
    csvc_roster *r = *state;
    add_team(r, "T", "T");
    add_agent(r, "boss", "T", NULL);
    add_agent(r, "s1", "T", "boss");
    add_agent(r, "s2", "T", "boss");
    add_agent(r, "a1", "T", "s1");
    add_agent(r, "a2", "T", "s1");
    add_agent(r, "a3", "T", "s1");

    size_t count = 99;
    assert_ok(r, csvc_roster_direct_reports(r, "s1", NULL, 0, &count));
    assert_int_equal(count, 3);
    const char *ids[2];
    assert_ok(r, csvc_roster_direct_reports(r, "s1", ids, 2, &count));
    assert_int_equal(count, 3);
    assert_string_equal(ids[0], "a1");
    assert_string_equal(ids[1], "a2");
    assert_ok(r, csvc_roster_direct_reports(r, "a3", NULL, 0, &count));
    assert_int_equal(count, 0);
    assert_int_equal(csvc_roster_direct_reports(r, "s1", NULL, 2, &count), CSVC_E_NULL);
    assert_int_equal(csvc_roster_direct_reports(r, "zz", NULL, 0, &count), CSVC_E_NOTFOUND);

    int yes = -1;
    assert_ok(r, csvc_roster_reports_to(r, "a2", "boss", &yes));
    assert_int_equal(yes, 1);
    assert_ok(r, csvc_roster_reports_to(r, "a2", "s1", &yes));
    assert_int_equal(yes, 1);
    assert_ok(r, csvc_roster_reports_to(r, "a2", "s2", &yes));
    assert_int_equal(yes, 0);
    assert_ok(r, csvc_roster_reports_to(r, "boss", "a2", &yes));
    assert_int_equal(yes, 0);
    assert_ok(r, csvc_roster_reports_to(r, "a2", "a2", &yes));
    assert_int_equal(yes, 0);
    assert_int_equal(csvc_roster_reports_to(r, "a2", "zz", &yes), CSVC_E_NOTFOUND);
    assert_int_equal(csvc_roster_reports_to(r, "a2", "s1", NULL), CSVC_E_NULL);
}

/* ---- import ------------------------------------------------------------- */

static size_t headcount(const csvc_roster *r, const char *team, csvc_level level, int active)
{
    size_t n = 999;
    assert_ok(r, csvc_roster_headcount(r, team, level, active, &n));
    return n;
}

static void test_import_example(void **state)
{
    csvc_roster *r = *state;
    assert_ok(r, csvc_roster_import_csv(r, EXAMPLE_CSV));
    assert_int_equal(csvc_roster_agent_count(r), 28);
    assert_int_equal(csvc_roster_team_count(r), 7);

    csvc_team_info t;
    assert_ok(r, csvc_roster_team_at(r, 2, &t));
    assert_string_equal(t.id, "RET");
    assert_string_equal(t.name, "Returns, exchanges & refunds");
    assert_string_equal(t.lead_id, "S200");
    assert_ok(r, csvc_roster_get_team(r, "QA", &t));
    assert_string_equal(t.name, "Quality assurance (staffing in 2026)");
    assert_null(t.lead_id);

    csvc_agent_info a;
    assert_ok(r, csvc_roster_get_agent(r, "A105", &a));
    assert_string_equal(a.name, "Zhang, Hao 张浩");
    assert_string_equal(a.team_id, "PRE");
    assert_string_equal(a.supervisor_id, "A101");
    assert_int_equal(a.hire_date, D_2025_10_20);
    assert_int_equal(a.base_pay, 560000);
    assert_int_equal(a.skills, CSVC_SKILL(CSVC_CATEGORY_INQUIRY));
    assert_ok(r, csvc_roster_get_agent(r, "M001", &a));
    assert_int_equal(a.hire_date, D_2016_03_01);
    assert_int_equal(a.skills, (1u << 4) | (1u << 6));
    assert_int_equal(a.level, CSVC_LEVEL_MANAGER);
    assert_ok(r, csvc_roster_get_agent(r, "A206", &a));
    assert_int_equal(a.active, 0);

    /* Head counts counted by hand from the file. */
    assert_int_equal(headcount(r, "PRE", CSVC_LEVEL_JUNIOR, 1), 3);
    assert_int_equal(headcount(r, "RET", CSVC_LEVEL_JUNIOR, 1), 2);
    assert_int_equal(headcount(r, "RET", CSVC_LEVEL_JUNIOR, 0), 3);
    assert_int_equal(headcount(r, "CMP", CSVC_LEVEL_SENIOR, 1), 2);
    assert_int_equal(headcount(r, "QA", CSVC_LEVEL_JUNIOR, 0), 0);
    assert_int_equal(headcount(r, NULL, CSVC_LEVEL_SUPERVISOR, 1), 5);
    assert_int_equal(headcount(r, NULL, CSVC_LEVEL_JUNIOR, 1), 10);
    assert_int_equal(headcount(r, NULL, CSVC_LEVEL_JUNIOR, 0), 11);
    size_t n;
    assert_int_equal(csvc_roster_headcount(r, "ZZ", CSVC_LEVEL_JUNIOR, 1, &n), CSVC_E_NOTFOUND);
    assert_int_equal(csvc_roster_headcount(r, NULL, (csvc_level)9, 1, &n), CSVC_E_RANGE);

    size_t count;
    assert_ok(r, csvc_roster_direct_reports(r, "M001", NULL, 0, &count));
    assert_int_equal(count, 5);
}

static void test_export_round_trip(void **state)
{
    csvc_roster *r = *state;
    assert_ok(r, csvc_roster_import_csv(r, EXAMPLE_CSV));
    char *first = snapshot(r);

    csvc_roster *copy;
    assert_csvc_ok(csvc_roster_new(NULL, &copy));
    assert_ok(copy, csvc_roster_import_csv_buffer(copy, first, strlen(first)));
    char *second = snapshot(copy);
    assert_string_equal(first, second);
    for (size_t i = 0; i < csvc_roster_agent_count(r); i++) {
        csvc_agent_info x, y;
        assert_ok(r, csvc_roster_agent_at(r, i, &x));
        assert_ok(copy, csvc_roster_agent_at(copy, i, &y));
        assert_string_equal(x.id, y.id);
        assert_string_equal(x.name, y.name);
        assert_string_equal(x.team_id, y.team_id);
        assert_int_equal(x.level, y.level);
        assert_int_equal(x.hire_date, y.hire_date);
        assert_int_equal(x.skills, y.skills);
        assert_int_equal(x.active, y.active);
        assert_int_equal(x.base_pay, y.base_pay);
        assert_string_equal(x.currency, y.currency);
        if (x.supervisor_id)
            assert_string_equal(x.supervisor_id, y.supervisor_id);
        else
            assert_null(y.supervisor_id);
    }

    /* Through a file as well. */
    const char *path = "/tmp/csvc_test_roster_export.csv";
    assert_ok(r, csvc_roster_export_csv(r, path));
    csvc_roster *third;
    assert_csvc_ok(csvc_roster_new(NULL, &third));
    assert_ok(third, csvc_roster_import_csv(third, path));
    char *third_text = snapshot(third);
    assert_string_equal(first, third_text);
    remove(path);

    csvc_free(first);
    csvc_free(second);
    csvc_free(third_text);
    csvc_roster_free(copy);
    csvc_roster_free(third);
}

static csvc_status export_roster(void *r, const char *path)
{
    return csvc_roster_export_csv(r, path);
}

static void test_failed_export_keeps_the_old_file(void **state)
{
    csvc_roster *r = *state;
    add_team(r, "RET", "Returns");
    char dir[] = "/tmp/csvc_roster_export_XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/roster.csv", dir);
    test_assert_export_atomic(export_roster, r, dir, path);
    remove(path);
    rmdir(dir);
}

static void test_export_exact_text(void **state)
{
    csvc_roster *r = *state;
    const char *in = "agent_id,name,team_id,level,hire_date,base_pay,currency,team_lead\n"
                     "J1,\"Tanaka, Yui\",JP,senior,2020-02-29,350000,JPY,J1\n";
    assert_ok(r, csvc_roster_import_csv_buffer(r, in, strlen(in)));
    char *out = snapshot(r);
    assert_string_equal(out,
                        "agent_id,name,team_id,team_name,level,hire_date,supervisor_id,skills,"
                        "active,base_pay,currency,team_lead\n"
                        ",,JP,JP,,,,,,,,J1\n"
                        "J1,\"Tanaka, Yui\",JP,JP,senior,2020-02-29,,,1,350000,JPY,J1\n");
    csvc_free(out);
}

static void test_import_forward_references(void **state)
{
    csvc_roster *r = *state;
    const char *in = "agent_id,name,team_id,level,hire_date,supervisor_id,team_lead\n"
                     "a,A,T,junior,2024-07-15,b,b\n"
                     "b,B,T,supervisor,2024-07-15,c,\n"
                     "c,C,U,manager,2016-03-01,,\n";
    assert_ok(r, csvc_roster_import_csv_buffer(r, in, strlen(in)));
    int yes;
    assert_ok(r, csvc_roster_reports_to(r, "a", "c", &yes));
    assert_int_equal(yes, 1);
    csvc_team_info t;
    assert_ok(r, csvc_roster_get_team(r, "T", &t));
    assert_string_equal(t.lead_id, "b");
}

/* Each bad file fails with the given status and message and changes nothing. */
typedef struct bad_case {
    const char *csv;
    csvc_status status;
    const char *message;
} bad_case;

#define HDR "agent_id,name,team_id,team_name,level,hire_date,supervisor_id,skills,active,base_pay\n"
#define ROW1 "X1,One,T,Team T,junior,2024-07-15,,,1,100\n"

static const bad_case bad_cases[] = {
    {HDR ROW1 "X2,Two,T,,chief,2024-07-15,,,1,100\n", CSVC_E_PARSE, "line 3, column 5 (level)"},
    {HDR ROW1 "X2,Two,T,,junior,2024-13-01,,,1,100\n", CSVC_E_PARSE, "line 3, column 6 (hire_date)"},
    {HDR ROW1 "X2,Two,T,,junior,2024-07-15T08:00Z,,,1,100\n", CSVC_E_PARSE, "column 6 (hire_date)"},
    {HDR ROW1 "X2,Two,T,,junior,2024-07-15,ghost,,1,100\n", CSVC_E_NOTFOUND,
     "line 3, column 7 (supervisor_id): agent 'X2': supervisor 'ghost' not found"},
    {HDR "X1,One,T,,junior,2024-07-15,X2,,1,1\nX2,Two,T,,junior,2024-07-15,X1,,1,1\n",
     CSVC_E_CONSTRAINT, "cycle"},
    {HDR "X1,One,T,,junior,2024-07-15,X1,,1,1\n", CSVC_E_CONSTRAINT, "cannot supervise itself"},
    {HDR ROW1 ROW1, CSVC_E_EXISTS, "line 3, column 1 (agent_id): agent 'X1': already exists"},
    {HDR "OLD,Dup,T,,junior,2024-07-15,,,1,1\n", CSVC_E_EXISTS, "line 2, column 1 (agent_id)"},
    {HDR ROW1 "X2,Two,T,,junior,2024-07-15,,fishing,1,100\n", CSVC_E_PARSE,
     "line 3, column 8 (skills): unknown category 'fishing'"},
    {HDR ROW1 "X2,Two,T,,junior,2024-07-15,,,maybe,100\n", CSVC_E_PARSE, "line 3, column 9 (active)"},
    {HDR ROW1 "X2,Two,T,,junior,2024-07-15,,,1,12.345\n", CSVC_E_PARSE, "line 3, column 10 (base_pay)"},
    {HDR ROW1 "X2,Two,T,,junior,2024-07-15,,,1,abc\n", CSVC_E_PARSE, "column 10 (base_pay)"},
    {HDR ROW1 "X2,Two,T,Other name,junior,2024-07-15,,,1,100\n", CSVC_E_CONSTRAINT,
     "line 3, column 4 (team_name): team 'T' is already named 'Team T'"},
    {HDR ROW1 "X2,,T,,junior,2024-07-15,,,1,100\n", CSVC_E_PARSE, "line 3, column 2 (name)"},
    /* A refused agent names the column of its bad field (it said agent_id). */
    {HDR ROW1 "X2,Tw\x01o,T,,junior,2024-07-15,,,1,100\n", CSVC_E_ENCODING,
     "line 3, column 2 (name): agent 'X2': name: invalid UTF-8 or control character at byte 2"},
    {HDR ROW1 "X2,Two,T,,junior,2024-07-15,,,1,-1\n", CSVC_E_RANGE,
     "line 3, column 10 (base_pay): agent 'X2': base_pay -100 is negative"},
    {HDR ROW1 ",Nobody,T,,,,,,,\n", CSVC_E_PARSE, "line 3, column 2 (name): set on a row without"},
    {HDR ROW1 "X2,Two,,,junior,2024-07-15,,,1,100\n", CSVC_E_INVALID, "line 3, column 3 (team_id)"},
    {HDR ROW1 "X\xff,Two,T,,junior,2024-07-15,,,1,100\n", CSVC_E_ENCODING, "line 3, column 1"},
    {HDR ROW1 "X2,Two,T,,junior,2024-07-15,,,1\n", CSVC_E_PARSE, "line 3"},
    {HDR ROW1 "X2,\"Two,T,,junior,2024-07-15,,,1,100\n", CSVC_E_PARSE, "unterminated"},
    {"agent_id,name,team_id,level\nX1,One,T,junior\n", CSVC_E_PARSE, "hire_date"},
    {"agent_id,name,team_id,level,hire_date,colour\n", CSVC_E_PARSE, "colour"},
    {"", CSVC_E_PARSE, ""},
    {"agent_id,name,team_id,level,hire_date,currency\nX1,One,T,junior,2024-07-15,eur\n",
     CSVC_E_PARSE, "column 6 (currency)"},
    {"agent_id,name,team_id,level,hire_date,team_lead\nX1,One,T,junior,2024-07-15,X9\n",
     CSVC_E_NOTFOUND, "line 2, column 6 (team_lead): team 'T': lead 'X9' is not an agent"},
    {"agent_id,name,team_id,level,hire_date,team_lead\nX1,One,OLDT,junior,2024-07-15,X1\n",
     CSVC_E_CONSTRAINT, "team 'OLDT' already has lead 'OLD'"},
};

static void test_import_bad_files(void **state)
{
    csvc_roster *r = *state;
    add_team(r, "OLDT", "Old team");
    add_agent(r, "OLD", "OLDT", NULL);
    csvc_team_info t = CSVC_TEAM_INFO_INIT;
    t.id = "OLDT";
    t.name = "Old team";
    t.lead_id = "OLD";
    assert_ok(r, csvc_roster_update_team(r, &t));
    char *before = snapshot(r);
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *c = &bad_cases[i];
        csvc_status rc = csvc_roster_import_csv_buffer(r, c->csv, strlen(c->csv));
        if (rc != c->status || !strstr(csvc_roster_errmsg(r), c->message))
            fail_msg("case %zu: got %s '%s', expected %s '%s'", i, csvc_status_name(rc),
                     csvc_roster_errmsg(r), csvc_status_name(c->status), c->message);
        assert_string_equal(csvc_roster_errmsg(r), csvc_last_errmsg());
        assert_unchanged(r, before);
    }
    csvc_free(before);

    assert_int_equal(csvc_roster_import_csv(r, "/nonexistent/roster.csv"), CSVC_E_IO);
    assert_non_null(strstr(csvc_roster_errmsg(r), "/nonexistent/roster.csv"));
    assert_int_equal(csvc_roster_import_csv(r, NULL), CSVC_E_NULL);
    assert_int_equal(csvc_roster_import_csv(NULL, EXAMPLE_CSV), CSVC_E_NULL);
    assert_int_equal(csvc_roster_import_csv_buffer(r, NULL, 3), CSVC_E_NULL);
}

static void test_export_errors(void **state)
{
    csvc_roster *r = *state;
    char *buf;
    size_t size;
    assert_int_equal(csvc_roster_export_csv_buffer(r, NULL, &size), CSVC_E_NULL);
    assert_int_equal(csvc_roster_export_csv_buffer(r, &buf, NULL), CSVC_E_NULL);
    assert_int_equal(csvc_roster_export_csv(r, NULL), CSVC_E_NULL);
    csvc_status rc = csvc_roster_export_csv(r, "/nonexistent-dir/out.csv");
    assert_int_equal(rc, CSVC_E_IO);
    assert_non_null(strstr(csvc_roster_errmsg(r), "/nonexistent-dir/out.csv"));
    /* An empty roster exports the header alone. */
    assert_ok(r, csvc_roster_export_csv_buffer(r, &buf, &size));
    assert_string_equal(buf, "agent_id,name,team_id,team_name,level,hire_date,supervisor_id,"
                             "skills,active,base_pay,currency,team_lead\n");
    csvc_free(buf);
}

/* Every allocation failure during an import is clean: CSVC_E_NOMEM, the
 * roster unchanged, nothing leaked. */
static void test_import_allocation_failures(void **state)
{
    (void)state;
    int succeeded = 0;
    for (long budget = 0; budget < 2000 && !succeeded; budget++) {
        test_failing_alloc fa = {-1, 0, 0};
        csvc_allocator a = test_failing_allocator(&fa);
        csvc_roster *r;
        assert_csvc_ok(csvc_roster_new(&a, &r));
        add_team(r, "KEEP", "Kept");
        char *before = snapshot(r);
        fa.budget = budget;
        csvc_status rc = csvc_roster_import_csv(r, EXAMPLE_CSV);
        fa.budget = -1;
        if (rc == CSVC_OK) {
            succeeded = 1;
            assert_int_equal(csvc_roster_agent_count(r), 28);
        } else {
            assert_int_equal(rc, CSVC_E_NOMEM);
            assert_unchanged(r, before);
        }
        csvc_free(before);
        csvc_roster_free(r);
        assert_int_equal(fa.live, 0);
    }
    assert_true(succeeded);
}

static void test_add_allocation_failures(void **state)
{
    (void)state;
    for (long budget = 0; budget < 6; budget++) {
        test_failing_alloc fa = {-1, 0, 0};
        csvc_allocator a = test_failing_allocator(&fa);
        csvc_roster *r;
        assert_csvc_ok(csvc_roster_new(&a, &r));
        add_team(r, "T", "T");
        fa.budget = budget;
        csvc_agent_info info = agent("A", "T", NULL);
        csvc_status rc = csvc_roster_add_agent(r, &info);
        fa.budget = -1;
        assert_true(rc == CSVC_OK || rc == CSVC_E_NOMEM);
        assert_int_equal(csvc_roster_agent_count(r), rc == CSVC_OK ? 1 : 0);
        csvc_roster_free(r);
        assert_int_equal(fa.live, 0);
    }
}

/* ---- change callback -------------------------------------------------- */

typedef struct change_log {
    int calls;
    int refuse_at; /* 1-based call number to refuse, 0 never */
    csvc_roster_change last;
    char last_id[80];
} change_log;

static csvc_status on_change(const csvc_roster *r, csvc_roster_change change, const char *id,
                             void *ud)
{
    (void)r;
    change_log *log = ud;
    log->calls++;
    log->last = change;
    snprintf(log->last_id, sizeof log->last_id, "%s", id ? id : "(null)");
    return log->calls == log->refuse_at ? CSVC_E_IO : CSVC_OK;
}

static void test_change_callback(void **state)
{
    csvc_roster *r = *state;
    change_log log = {0, 0, CSVC_ROSTER_TEAM_ADDED, ""};
    assert_ok(r, csvc_roster_set_change_callback(r, on_change, &log));
    add_team(r, "T", "Team");
    assert_int_equal(log.last, CSVC_ROSTER_TEAM_ADDED);
    assert_string_equal(log.last_id, "T");
    add_agent(r, "A", "T", NULL);
    assert_int_equal(log.last, CSVC_ROSTER_AGENT_ADDED);
    assert_ok(r, csvc_roster_deactivate_agent(r, "A"));
    assert_int_equal(log.last, CSVC_ROSTER_AGENT_UPDATED);
    assert_int_equal(log.calls, 3);
    char *before = snapshot(r);

    /* Each refused change is undone and reported. */
    log.refuse_at = log.calls + 1;
    csvc_team_info t = CSVC_TEAM_INFO_INIT;
    t.id = "U";
    assert_status_msg(csvc_roster_add_team(r, &t), CSVC_E_IO,
                      "team 'U': the change callback refused it");
    log.refuse_at = log.calls + 1;
    t.id = "T";
    t.name = "Renamed";
    assert_int_equal(csvc_roster_update_team(r, &t), CSVC_E_IO);
    log.refuse_at = log.calls + 1;
    csvc_agent_info a = agent("B", "T", "A");
    assert_status_msg(csvc_roster_add_agent(r, &a), CSVC_E_IO, "agent 'B'");
    log.refuse_at = log.calls + 1;
    a = agent("A", "T", NULL);
    a.name = "New name";
    assert_int_equal(csvc_roster_update_agent(r, &a), CSVC_E_IO);
    char *after_refusals = snapshot(r);
    assert_string_equal(before, after_refusals);
    csvc_free(after_refusals);

    log.refuse_at = log.calls + 1;
    assert_int_equal(csvc_roster_deactivate_agent(r, "A"), CSVC_E_IO);
    const char *in = "agent_id,name,team_id,level,hire_date\nZ1,Zed,Z,junior,2024-07-15\n";
    log.refuse_at = log.calls + 1;
    assert_status_msg(csvc_roster_import_csv_buffer(r, in, strlen(in)), CSVC_E_IO,
                      "roster import: the change callback refused it");
    assert_unchanged(r, before);
    assert_ok(r, csvc_roster_import_csv_buffer(r, in, strlen(in)));
    assert_int_equal(log.last, CSVC_ROSTER_IMPORTED);
    assert_string_equal(log.last_id, "(null)");
    assert_int_equal(csvc_roster_agent_count(r), 2);
    csvc_free(before);
    assert_ok(r, csvc_roster_set_change_callback(r, NULL, NULL));
    assert_int_equal(csvc_roster_set_change_callback(NULL, on_change, NULL), CSVC_E_NULL);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_roster, teardown_roster)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_level_and_category_names),
        cmocka_unit_test(test_new_errors),
        T(test_team_add_get_update),
        T(test_team_errors),
        T(test_agent_add_get),
        T(test_agent_errors),
        T(test_agent_update_and_cycles),
        T(test_reporting_lines),
        T(test_import_example),
        T(test_export_round_trip),
        T(test_export_exact_text),
        T(test_failed_export_keeps_the_old_file),
        T(test_import_forward_references),
        T(test_import_bad_files),
        T(test_export_errors),
        cmocka_unit_test(test_import_allocation_failures),
        cmocka_unit_test(test_add_allocation_failures),
        T(test_change_callback),
    };
#undef T
    return cmocka_run_group_tests_name("roster", tests, NULL, NULL);
}
