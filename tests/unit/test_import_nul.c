/* A NUL byte inside a CSV field, in every importer: refused with its line
 * and column (CSVC_E_ENCODING), nothing imported. It used to cut the field
 * short, so that "A\0 1" imported agent "A" and two ids could become one.
 * Every new importer gets a case here. */
#include "fixtures.h"

/* Texts with an embedded NUL: sizes are explicit. */
#define TEXT(s) s, sizeof s - 1

static const char roster_csv[] = "agent_id,name,team_id,level,hire_date\n"
                                 "A1,An,T1,junior,2025-01-01\n"
                                 "A\0 2,Bo,T1,junior,2025-01-01\n";
static const char roster_name_csv[] = "agent_id,name,team_id,level,hire_date\n"
                                      "A1,Li\0Na,T1,junior,2025-01-01\n";
static const char roster_quoted_csv[] = "agent_id,name,team_id,level,hire_date\n"
                                        "A1,\"Li\0, Na\",T1,junior,2025-01-01\n";

static void test_roster(void **state)
{
    (void)state;
    csvc_roster *r = fx_empty_roster();
    assert_status_msg(csvc_roster_import_csv_buffer(r, TEXT(roster_csv)), CSVC_E_ENCODING,
                      "line 3, column 1: NUL byte in the field");
    assert_status_msg(csvc_roster_import_csv_buffer(r, TEXT(roster_name_csv)), CSVC_E_ENCODING,
                      "line 2, column 2: NUL byte in the field");
    assert_status_msg(csvc_roster_import_csv_buffer(r, TEXT(roster_quoted_csv)), CSVC_E_ENCODING,
                      "line 2, column 2: NUL byte");
    assert_int_equal(csvc_roster_agent_count(r), 0);
    assert_int_equal(csvc_roster_team_count(r), 0);
    /* The same file from disk. */
    char path[64];
    snprintf(path, sizeof path, "/tmp/csvc_nul_%d.csv", (int)getpid());
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(roster_csv, 1, sizeof roster_csv - 1, f);
    fclose(f);
    assert_status_msg(csvc_roster_import_csv(r, path), CSVC_E_ENCODING, "line 3, column 1");
    unlink(path);
    assert_int_equal(csvc_roster_agent_count(r), 0);
    csvc_roster_free(r);
}

static const char events_csv[] = "seq,ticket_id,type,time,actor_id,agent_id,team_id,customer_id,"
                                 "related_id,code,channel,category,priority,value\n"
                                 "1,T\0 1,created,2025-11-03T09:00:00Z,,,RET,C1,,,chat,inquiry,"
                                 "normal,0\n";
static const char tickets_csv[] = "ticket_id,team_id,created,channel\n"
                                  "T1,RET,2025-11-03T09:00:00Z,chat\0\n";

static void test_desk(void **state)
{
    (void)state;
    csvc_roster *r = fx_empty_roster();
    fx_add_team(r, "RET");
    csvc_desk *d;
    assert_csvc_ok(csvc_desk_new(r, NULL, &d));
    assert_status_msg(csvc_desk_import_events_csv_buffer(d, TEXT(events_csv)), CSVC_E_ENCODING,
                      "line 2, column 2: NUL byte in the field");
    assert_status_msg(csvc_desk_import_tickets_csv_buffer(d, TEXT(tickets_csv)), CSVC_E_ENCODING,
                      "line 2, column 4: NUL byte in the field");
    assert_int_equal(csvc_desk_ticket_count(d), 0);
    assert_int_equal(csvc_desk_event_count(d), 0);
    csvc_desk_free(d);
    csvc_roster_free(r);
}

static const char ratings_csv[] = "rater,ratee,kpi,group,value,time\n"
                                  "A1,A1,k,self,4,0\n"
                                  "A1,A1,k\0x,self,4,0\n";

static void test_ratings(void **state)
{
    (void)state;
    csvc_roster *r = fx_empty_roster();
    fx_add_team(r, "T1");
    fx_add_agent(r, "A1", "T1", 1);
    csvc_kpi_model *m;
    assert_csvc_ok(csvc_kpi_model_new(NULL, "v", &m));
    csvc_kpi_def k = CSVC_KPI_DEF_INIT;
    k.id = "k";
    k.source = CSVC_KPI_RATED;
    assert_ok(m, csvc_kpi_model_add_kpi(m, &k));
    csvc_period p;
    assert_csvc_ok(csvc_period_make(0, 86400, &p));
    csvc_kpi_review *rv;
    assert_csvc_ok(csvc_kpi_review_new(r, m, &p, NULL, &rv));
    assert_status_msg(csvc_kpi_review_import_ratings_csv_buffer(rv, TEXT(ratings_csv)),
                      CSVC_E_ENCODING, "line 3, column 3: NUL byte in the field");
    assert_int_equal(csvc_kpi_review_rating_count(rv), 0);
    csvc_kpi_review_free(rv);
    csvc_kpi_model_free(m);
    csvc_roster_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roster),
        cmocka_unit_test(test_desk),
        cmocka_unit_test(test_ratings),
    };
    return cmocka_run_group_tests_name("import_nul", tests, NULL, NULL);
}
