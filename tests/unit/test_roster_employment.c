/* Employment types and contract hours (roster.h): the API's rules, the
 * roster CSV columns, the store (and its hash chain), and a v6 store from
 * 0.7.0 migrating to v7. */
#include "fixtures.h"

#include <math.h>
#include <sqlite3.h>

static void test_set_and_read_back(void **state)
{
    (void)state;
    csvc_roster *r = fx_roster();
    csvc_employment e = CSVC_EMPLOYMENT_TEMPORARY;
    double hours = -1;
    assert_ok(r, csvc_roster_agent_employment(r, "A1", &e, &hours));
    assert_int_equal(e, CSVC_EMPLOYMENT_FULL_TIME); /* the default */
    assert_true(hours == 0.0);
    assert_ok(r, csvc_roster_set_employment(r, "A1", CSVC_EMPLOYMENT_PART_TIME, 20.5));
    assert_ok(r, csvc_roster_agent_employment(r, "A1", &e, &hours));
    assert_int_equal(e, CSVC_EMPLOYMENT_PART_TIME);
    assert_true(hours == 20.5);
    assert_ok(r, csvc_roster_set_employment(r, "A2", CSVC_EMPLOYMENT_TEMPORARY, 168.0));

    /* Bad input names the field and changes nothing. */
    assert_status_msg(csvc_roster_set_employment(r, "A1", (csvc_employment)3, 10.0),
                      CSVC_E_INVALID, "agent 'A1': employment 3 unknown");
    assert_status_msg(csvc_roster_set_employment(r, "A1", CSVC_EMPLOYMENT_FULL_TIME, 168.5),
                      CSVC_E_RANGE, "agent 'A1': contract_hours 168.5 outside 0..168");
    assert_status_msg(csvc_roster_set_employment(r, "A1", CSVC_EMPLOYMENT_FULL_TIME, -1.0),
                      CSVC_E_RANGE, "contract_hours -1");
    assert_status_msg(csvc_roster_set_employment(r, "A1", CSVC_EMPLOYMENT_FULL_TIME, NAN),
                      CSVC_E_RANGE, "contract_hours");
    assert_status_msg(csvc_roster_set_employment(r, "NOPE", CSVC_EMPLOYMENT_FULL_TIME, 1.0),
                      CSVC_E_NOTFOUND, "agent 'NOPE': not found");
    assert_int_equal(csvc_roster_set_employment(r, NULL, CSVC_EMPLOYMENT_FULL_TIME, 1.0),
                     CSVC_E_NULL);
    assert_int_equal(csvc_roster_agent_employment(r, "A1", NULL, &hours), CSVC_E_NULL);
    assert_ok(r, csvc_roster_agent_employment(r, "A1", &e, &hours));
    assert_int_equal(e, CSVC_EMPLOYMENT_PART_TIME);
    assert_true(hours == 20.5);

    /* Names: canonical out, aliases in. */
    assert_string_equal(csvc_employment_name(CSVC_EMPLOYMENT_PART_TIME), "part_time");
    assert_null(csvc_employment_name((csvc_employment)3));
    const char *in[] = {"Part_Time", "part-time", "兼职", "兼職"};
    for (int i = 0; i < 4; i++) {
        e = CSVC_EMPLOYMENT_FULL_TIME;
        assert_csvc_ok(csvc_employment_parse(in[i], &e));
        assert_int_equal(e, CSVC_EMPLOYMENT_PART_TIME);
    }
    assert_csvc_ok(csvc_employment_parse("临时", &e));
    assert_int_equal(e, CSVC_EMPLOYMENT_TEMPORARY);
    assert_status_msg(csvc_employment_parse("casual", &e), CSVC_E_INVALID,
                      "employment 'casual': unknown");
    csvc_roster_free(r);
}

/* A callback refusing the change undoes it. */
static csvc_status refuse(const csvc_roster *r, csvc_roster_change change, const char *id,
                          void *user_data)
{
    (void)r, (void)change, (void)id, (void)user_data;
    return CSVC_E_PERM;
}

static void test_refused_change_is_undone(void **state)
{
    (void)state;
    csvc_roster *r = fx_roster();
    assert_ok(r, csvc_roster_set_change_callback(r, refuse, NULL));
    assert_int_equal(csvc_roster_set_employment(r, "A1", CSVC_EMPLOYMENT_PART_TIME, 20.0),
                     CSVC_E_PERM);
    csvc_employment e;
    double hours;
    assert_ok(r, csvc_roster_agent_employment(r, "A1", &e, &hours));
    assert_int_equal(e, CSVC_EMPLOYMENT_FULL_TIME);
    assert_true(hours == 0.0);
    csvc_roster_free(r);
}

static void test_csv_columns(void **state)
{
    (void)state;
    static const char csv[] = "agent_id,name,team_id,level,hire_date,employment,contract_hours\n"
                              "A1,An,RET,junior,2024-01-01,兼职,20\n"
                              "A2,Bo,RET,junior,2024-01-01,temporary,37.5\n"
                              "A3,Cy,RET,junior,2024-01-01,,\n";
    csvc_roster *r = fx_empty_roster();
    assert_ok(r, csvc_roster_import_csv_buffer(r, csv, sizeof csv - 1));
    csvc_employment e;
    double hours;
    assert_ok(r, csvc_roster_agent_employment(r, "A1", &e, &hours));
    assert_int_equal(e, CSVC_EMPLOYMENT_PART_TIME);
    assert_true(hours == 20.0);
    assert_ok(r, csvc_roster_agent_employment(r, "A2", &e, &hours));
    assert_int_equal(e, CSVC_EMPLOYMENT_TEMPORARY);
    assert_true(hours == 37.5);
    assert_ok(r, csvc_roster_agent_employment(r, "A3", &e, &hours));
    assert_int_equal(e, CSVC_EMPLOYMENT_FULL_TIME);
    assert_true(hours == 0.0);

    /* The export carries the columns (canonical names) and re-imports the same. */
    char *text, *text2;
    size_t size;
    assert_ok(r, csvc_roster_export_csv_buffer(r, &text, &size));
    assert_non_null(strstr(text, ",team_lead,employment,contract_hours\n"));
    assert_non_null(strstr(text, ",part_time,20\n"));
    assert_non_null(strstr(text, ",temporary,37.5\n"));
    assert_non_null(strstr(text, ",full_time,0\n"));
    csvc_roster *again = fx_empty_roster();
    assert_ok(again, csvc_roster_import_csv_buffer(again, text, size));
    assert_ok(again, csvc_roster_export_csv_buffer(again, &text2, &size));
    assert_string_equal(text, text2);
    csvc_free(text2);
    /* With a separation too, both pairs, in the order of the columns. */
    assert_ok(again, csvc_roster_separate_agent(again, "A3", INT64_C(1740787200),
                                                CSVC_SEPARATION_RESIGNED));
    assert_ok(again, csvc_roster_export_csv_buffer(again, &text2, &size));
    assert_non_null(strstr(text2, ",separation_date,separation_reason,employment,contract_hours\n"));
    assert_non_null(strstr(text2, ",2025-03-01,resigned,full_time,0\n"));
    csvc_free(text);
    csvc_free(text2);
    csvc_roster_free(again);

    /* Without them the export keeps the old columns. */
    csvc_roster *plain = fx_roster();
    assert_ok(plain, csvc_roster_export_csv_buffer(plain, &text, &size));
    assert_null(strstr(text, "employment"));
    csvc_free(text);
    csvc_roster_free(plain);

    /* Bad values name line and column, and the roster stays as it was. */
    static const char bad_type[] = "agent_id,name,team_id,level,hire_date,employment\n"
                                   "A4,D,RET,junior,2024-01-01,casual\n";
    assert_status_msg(csvc_roster_import_csv_buffer(r, bad_type, sizeof bad_type - 1),
                      CSVC_E_PARSE, "line 2, column 6 (employment): employment 'casual': unknown");
    static const char bad_hours[] = "agent_id,name,team_id,level,hire_date,contract_hours\n"
                                    "A4,D,RET,junior,2024-01-01,20h\n";
    assert_status_msg(csvc_roster_import_csv_buffer(r, bad_hours, sizeof bad_hours - 1),
                      CSVC_E_PARSE, "line 2, column 6 (contract_hours): '20h' is not a number");
    static const char too_many[] = "agent_id,name,team_id,level,hire_date,contract_hours\n"
                                   "A4,D,RET,junior,2024-01-01,200\n";
    assert_status_msg(csvc_roster_import_csv_buffer(r, too_many, sizeof too_many - 1),
                      CSVC_E_RANGE, "line 2, column 6 (contract_hours): agent 'A4': contract_hours "
                                    "200 outside 0..168");
    static const char on_team[] = "agent_id,name,team_id,level,hire_date,employment\n"
                                  ",,EU,,,part_time\n";
    assert_status_msg(csvc_roster_import_csv_buffer(r, on_team, sizeof on_team - 1),
                      CSVC_E_PARSE, "set on a row without agent_id");
    assert_int_equal(csvc_roster_agent_count(r), 3);
    csvc_roster_free(r);
}

static void test_store_keeps_employment(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "/tmp/csvc_employment_%d.db", (int)getpid());
    test_remove_db(path);
    csvc_store *s;
    assert_csvc_ok(csvc_store_open(path, NULL, &s));
    csvc_roster *r = fx_empty_roster();
    assert_ok(s, csvc_store_attach_roster(s, r));
    fx_add_team(r, "RET");
    fx_add_agent(r, "A1", "RET", 1);
    fx_add_agent(r, "A2", "RET", 1);
    assert_ok(r, csvc_roster_set_employment(r, "A1", CSVC_EMPLOYMENT_PART_TIME, 24.0));
    csvc_store_close(s);
    csvc_roster_free(r);
    assert_int_equal(test_sql_int(path, "SELECT employment FROM agents WHERE id = 'A1' "
                                        "ORDER BY seq DESC LIMIT 1"),
                     CSVC_EMPLOYMENT_PART_TIME);

    assert_csvc_ok(csvc_store_open(path, NULL, &s));
    uint64_t bad = 1;
    assert_ok(s, csvc_store_verify(s, &bad));
    assert_int_equal(bad, 0);
    r = fx_empty_roster();
    assert_ok(s, csvc_store_attach_roster(s, r));
    csvc_employment e;
    double hours;
    assert_ok(r, csvc_roster_agent_employment(r, "A1", &e, &hours));
    assert_int_equal(e, CSVC_EMPLOYMENT_PART_TIME);
    assert_true(hours == 24.0);
    assert_ok(r, csvc_roster_agent_employment(r, "A2", &e, &hours));
    assert_int_equal(e, CSVC_EMPLOYMENT_FULL_TIME);
    csvc_store_close(s);
    csvc_roster_free(r);

    /* The chain covers the hours: editing them behind the store's back is
     * found by verify. */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "UPDATE agents SET contract_hours = 40 WHERE id = 'A1' "
                                      "AND employment = 1", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_csvc_ok(csvc_store_open(path, NULL, &s));
    assert_int_equal(csvc_store_verify(s, &bad), CSVC_E_CORRUPT);
    csvc_store_close(s);
    test_remove_db(path);
}

/* fixtures/store_v6.sql: the example ticket's store written by 0.7.0. */
static void test_migrates_a_v6_store(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "/tmp/csvc_v6_%d.db", (int)getpid());
    test_remove_db(path);
    char *sql = test_read_file("fixtures/store_v6.sql");
    if (!sql)
        fail_msg("cannot read fixtures/store_v6.sql (tests run in tests/unit)");
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    free(sql);

    csvc_store *s;
    assert_csvc_ok(csvc_store_open(path, NULL, &s));
    int32_t v = 0;
    assert_ok(s, csvc_store_schema_version(s, &v));
    assert_int_equal(v, 7);
    uint64_t bad = 1;
    assert_ok(s, csvc_store_verify(s, &bad)); /* the old rows keep their hashes */
    csvc_roster *r = fx_empty_roster();
    assert_ok(s, csvc_store_attach_roster(s, r));
    assert_int_equal(csvc_roster_agent_count(r), 28);
    csvc_agent_info a;
    assert_ok(r, csvc_roster_agent_at(r, 3, &a));
    csvc_employment e;
    double hours;
    assert_ok(r, csvc_roster_agent_employment(r, a.id, &e, &hours));
    assert_int_equal(e, CSVC_EMPLOYMENT_FULL_TIME);
    assert_true(hours == 0.0);
    /* New rows chain on the old ones. */
    assert_ok(r, csvc_roster_set_employment(r, a.id, CSVC_EMPLOYMENT_PART_TIME, 20.0));
    assert_ok(s, csvc_store_verify(s, &bad));
    csvc_store_close(s);
    csvc_roster_free(r);
    test_remove_db(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_and_read_back),
        cmocka_unit_test(test_refused_change_is_undone),
        cmocka_unit_test(test_csv_columns),
        cmocka_unit_test(test_store_keeps_employment),
        cmocka_unit_test(test_migrates_a_v6_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
