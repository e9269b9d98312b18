/* KPI reviews: the rater rules, rating values and replacements, closing, the
 * change callback, the ratings CSV, allocation failures and the internal view
 * the store rebuilds reviews through. Expected values are computed by hand
 * (the arithmetic is in the comments) or by an independent simple
 * implementation; the fixture roster is described in kpi_fixtures.h. */
#include "kpi_fixtures.h"

/* ---- reviews and rater rules ------------------------------------------------------ */

static void test_review_new(void **state)
{
    fx *f = *state;
    csvc_period p = {T0, T0 + 86400}, bad = {T0, T0 - 1};
    csvc_kpi_review *rv = NULL;
    assert_status_msg(csvc_kpi_review_new(f->r, f->m, &p, NULL, &rv), CSVC_E_CONSTRAINT,
                      "model 't1' has no KPI, so it cannot produce a score");
    add_rated(f->m, "k", CSVC_DIM_SKILL, 1, CSVC_SCALE_1_5, NULL);
    assert_status_msg(csvc_kpi_review_new(f->r, f->m, &bad, NULL, &rv), CSVC_E_RANGE,
                      "the period ends before it starts");
    assert_int_equal(csvc_kpi_review_new(NULL, f->m, &p, NULL, &rv), CSVC_E_NULL);
    assert_int_equal(csvc_kpi_review_new(f->r, NULL, &p, NULL, &rv), CSVC_E_NULL);
    assert_int_equal(csvc_kpi_review_new(f->r, f->m, NULL, NULL, &rv), CSVC_E_NULL);
    assert_int_equal(csvc_kpi_review_new(f->r, f->m, &p, NULL, NULL), CSVC_E_NULL);
    csvc_kpi_review_options o = CSVC_KPI_REVIEW_OPTIONS_INIT;
    o.version = 0;
    assert_status_msg(csvc_kpi_review_new(f->r, f->m, &p, &o, &rv), CSVC_E_VERSION, "options");
    csvc_kpi_review_options_init(&o);
    o.id = "bad id\t";
    assert_int_equal(csvc_kpi_review_new(f->r, f->m, &p, &o, &rv), CSVC_E_ENCODING);
    assert_null(rv);
    o.id = "2025-Q4";
    assert_csvc_ok(csvc_kpi_review_new(f->r, f->m, &p, &o, &rv));
    assert_string_equal(csvc_kpi_review_id(rv), "2025-Q4");
    csvc_period got;
    assert_ok(rv, csvc_kpi_review_period(rv, &got));
    assert_true(got.start == p.start && got.end == p.end);
    assert_int_equal(csvc_kpi_review_is_closed(rv), 0);
    assert_int_equal(csvc_kpi_review_rating_count(rv), 0);
    /* The review keeps its own copy of the model. */
    csvc_kpi_model_set_calibration(f->m, 1);
    assert_int_equal(csvc_kpi_model_calibration(csvc_kpi_review_model(rv)), 0);
    assert_string_equal(csvc_kpi_model_version(csvc_kpi_review_model(rv)), "t1");
    csvc_kpi_review_free(rv);
    csvc_kpi_review_free(NULL);
    assert_null(csvc_kpi_review_id(NULL));
    assert_null(csvc_kpi_review_model(NULL));
    assert_string_equal(csvc_kpi_review_errmsg(NULL), "kpi review is NULL");
    assert_int_equal(csvc_kpi_review_period(NULL, &got), CSVC_E_NULL);
    o.id = NULL;
    assert_csvc_ok(csvc_kpi_review_new(f->r, f->m, &p, &o, &rv));
    assert_string_equal(csvc_kpi_review_id(rv), "review");
    csvc_kpi_review_free(rv);
}

/* A model with one rated KPI "k" (1..5) every group may rate; peers and
 * customers are visible from one rating (these tests are not about
 * anonymity: test_kpi_scoring.c is). */
static void rated_review(fx *f)
{
    group(f->m, CSVC_RATER_PEER, 1, CSVC_AGG_MEAN, 1, 1, CSVC_MISSING_RENORMALISE);
    group(f->m, CSVC_RATER_CUSTOMER, 1, CSVC_AGG_MEAN, 1, 1, CSVC_MISSING_RENORMALISE);
    add_rated(f->m, "k", CSVC_DIM_SKILL, 1, CSVC_SCALE_1_5, NULL);
    add_linear(f->m, "obj", NULL, CSVC_HIGHER_IS_BETTER, 0, 100, 1);
    open_review(f);
}

static void test_rater_rules(void **state)
{
    fx *f = *state;
    rated_review(f);
    /* Allowed: self, supervisor (S1 of A; A of D), peers in the team,
     * subordinates (direct reports, members of a led team), customers. */
    rate(f, "A", "A", "k", CSVC_RATER_SELF, 4);
    rate(f, "S1", "A", "k", CSVC_RATER_SUPERVISOR, 4);
    rate(f, "A", "D", "k", CSVC_RATER_SUPERVISOR, 3);
    rate(f, "S1", "D", "k", CSVC_RATER_SUPERVISOR, 4); /* the lead of D's team */
    rate(f, "B", "A", "k", CSVC_RATER_PEER, 5);
    rate(f, "X", "A", "k", CSVC_RATER_PEER, 5); /* inactive agents may still rate */
    rate(f, "D", "A", "k", CSVC_RATER_SUBORDINATE, 2);
    rate(f, "B", "S1", "k", CSVC_RATER_SUBORDINATE, 3);
    rate(f, "F", "S2", "k", CSVC_RATER_SUBORDINATE, 3);
    rate(f, "C-1001", "A", "k", CSVC_RATER_CUSTOMER, 5);
    rate(f, "G", "A", "k", CSVC_RATER_CUSTOMER, 4); /* an internal customer */
    assert_int_equal(csvc_kpi_review_rating_count(f->rv), 11);

#define DENIED(rater, ratee, g, needle)                                                            \
    do {                                                                                           \
        assert_status_msg(try_rate(f, rater, ratee, "k", g, 3), CSVC_E_PERM, needle);              \
        assert_string_equal(csvc_kpi_review_errmsg(f->rv), csvc_last_errmsg());                    \
        assert_int_equal(csvc_kpi_review_rating_count(f->rv), 11);                                 \
    } while (0)
    DENIED("B", "A", CSVC_RATER_SELF,
           "rating by 'B' of 'A' on 'k': self ratings come only from the ratee");
    DENIED("A", "A", CSVC_RATER_PEER, "the ratee may rate itself only in the self group");
    DENIED("A", "A", CSVC_RATER_CUSTOMER, "the ratee may rate itself only in the self group");
    /* The group follows from the relationship: B is A's peer, so neither
     * supervisor nor subordinate; S1 leads D's team (A is D's supervisor in
     * the roster): S1 rates D as supervisor, not as peer; S2 reports to S1. */
    DENIED("B", "A", CSVC_RATER_SUPERVISOR,
           "rating by 'B' of 'A' on 'k': 'B' rates 'A' as peer (a member of the ratee's team), "
           "not as supervisor");
    DENIED("S1", "D", CSVC_RATER_PEER,
           "'S1' rates 'D' as supervisor (the ratee reports to it or is in a team it leads), "
           "not as peer");
    DENIED("S1", "D", CSVC_RATER_CUSTOMER, "'S1' rates 'D' as supervisor");
    DENIED("S2", "S1", CSVC_RATER_SUPERVISOR,
           "'S2' rates 'S1' as subordinate (it reports to the ratee or is in a team the ratee "
           "leads), not as supervisor");
    DENIED("D", "A", CSVC_RATER_PEER, "'D' rates 'A' as subordinate");
    DENIED("B", "A", CSVC_RATER_SUBORDINATE, "'B' rates 'A' as peer");
    DENIED("S1", "S2", CSVC_RATER_SUBORDINATE, "'S1' rates 'S2' as supervisor");
    DENIED("B", "A", CSVC_RATER_CUSTOMER, "'B' rates 'A' as peer");
    /* No relationship at all: the specific reason. */
    DENIED("F", "A", CSVC_RATER_SUPERVISOR, "'F' is not the supervisor of 'A' (S1 is)");
    DENIED("F", "A", CSVC_RATER_PEER,
           "peers must be in the same team ('F' is in 'T2', 'A' in 'T1')");
    DENIED("S2", "A", CSVC_RATER_PEER, "peers must be in the same team");
    DENIED("F", "A", CSVC_RATER_SUBORDINATE,
           "'F' neither reports to 'A' nor is in a team 'A' leads");
#undef DENIED
    assert_status_msg(try_rate(f, "Z9", "A", "k", CSVC_RATER_PEER, 3), CSVC_E_NOTFOUND,
                      "rater 'Z9' is not an agent of the roster");
    assert_status_msg(try_rate(f, "B", "Z9", "k", CSVC_RATER_PEER, 3), CSVC_E_NOTFOUND,
                      "ratee 'Z9' is not an agent of the roster");
    assert_status_msg(try_rate(f, "C-1", "Z9", "k", CSVC_RATER_CUSTOMER, 3), CSVC_E_NOTFOUND,
                      "ratee 'Z9'");
    assert_status_msg(try_rate(f, "B", "A", "nope", CSVC_RATER_PEER, 3), CSVC_E_NOTFOUND,
                      "unknown kpi 'nope' (model 't1')");
    assert_status_msg(try_rate(f, "B", "A", "obj", CSVC_RATER_PEER, 3), CSVC_E_CONSTRAINT,
                      "kpi 'obj' is objective; it takes no ratings");
    assert_status_msg(try_rate(f, "B", "A", "k", (csvc_rater_group)5, 3), CSVC_E_INVALID,
                      "unknown rater group 5");
    assert_status_msg(try_rate(f, "", "A", "k", CSVC_RATER_PEER, 3), CSVC_E_INVALID,
                      "rating: rater: empty");
    assert_status_msg(try_rate(f, "B", NULL, "k", CSVC_RATER_PEER, 3), CSVC_E_NULL,
                      "rating: ratee: NULL");
    assert_int_equal(csvc_kpi_review_rating_count(f->rv), 11);
    /* A replacement stays in its group: after a reorganisation makes G a
     * peer of A, G's customer rating of A cannot become a peer rating (the
     * supervisor's 5 replaced by a peer's 1 was the old failure). */
    csvc_agent_info moved;
    assert_ok(f->r, csvc_roster_get_agent(f->r, "G", &moved));
    moved.team_id = "T1";
    moved.supervisor_id = NULL;
    assert_ok(f->r, csvc_roster_update_agent(f->r, &moved));
    assert_status_msg(try_rate(f, "G", "A", "k", CSVC_RATER_PEER, 1), CSVC_E_PERM,
                      "it would replace a rating in group 'customer': a replacement stays in its "
                      "group");
    assert_status_msg(try_rate(f, "G", "A", "k", CSVC_RATER_CUSTOMER, 1), CSVC_E_PERM,
                      "'G' rates 'A' as peer");
    assert_int_equal(csvc_kpi_review_rating_count(f->rv), 11);
    csvc_kpi_rating x = CSVC_KPI_RATING_INIT;
    x.version = 2;
    assert_int_equal(csvc_kpi_review_rate(f->rv, &x), CSVC_E_VERSION);
    assert_int_equal(csvc_kpi_review_rate(f->rv, NULL), CSVC_E_NULL);
    assert_int_equal(csvc_kpi_review_rate(NULL, &x), CSVC_E_NULL);
}

static void test_rating_values_and_replacement(void **state)
{
    fx *f = *state;
    group(f->m, CSVC_RATER_PEER, 1, CSVC_AGG_MEAN, 1, 1, CSVC_MISSING_RENORMALISE);
    const double gw[5] = {0, 1, 1, 0, 0}; /* self and customers excluded */
    add_rated(f->m, "k", CSVC_DIM_SKILL, 1, CSVC_SCALE_1_5, gw);
    add_rated(f->m, "p", CSVC_DIM_SKILL, 1, CSVC_SCALE_0_100, gw);
    open_review(f);
    /* Scale bounds are accepted; beyond them CSVC_E_RANGE. */
    rate(f, "B", "A", "k", CSVC_RATER_PEER, 1);
    rate(f, "C", "A", "k", CSVC_RATER_PEER, 5);
    rate(f, "B", "A", "p", CSVC_RATER_PEER, 0);
    rate(f, "C", "A", "p", CSVC_RATER_PEER, 100);
    assert_status_msg(try_rate(f, "E", "A", "k", CSVC_RATER_PEER, 0.999), CSVC_E_RANGE,
                      "value 0.999 is outside the scale 1-5 of kpi 'k'");
    assert_status_msg(try_rate(f, "E", "A", "k", CSVC_RATER_PEER, 5.5), CSVC_E_RANGE, "1-5");
    assert_status_msg(try_rate(f, "E", "A", "p", CSVC_RATER_PEER, -1), CSVC_E_RANGE,
                      "outside the scale 0-100");
    assert_status_msg(try_rate(f, "E", "A", "p", CSVC_RATER_PEER, NAN), CSVC_E_RANGE, "nan");
    assert_status_msg(try_rate(f, "E", "A", "p", CSVC_RATER_PEER, INFINITY), CSVC_E_RANGE, "inf");
    assert_status_msg(try_rate(f, "A", "A", "k", CSVC_RATER_SELF, 3), CSVC_E_CONSTRAINT,
                      "group 'self' has weight 0 for kpi 'k'; it takes no ratings there");
    assert_status_msg(try_rate(f, "C-1", "A", "k", CSVC_RATER_CUSTOMER, 3), CSVC_E_CONSTRAINT,
                      "group 'customer' has weight 0");
    assert_int_equal(csvc_kpi_review_rating_count(f->rv), 4);

    /* k for A: peers B 1 -> 0, C 5 -> 100; mean 50. A replacement by B
     * (3 -> 50) gives (50 + 100) / 2 = 75; the count stays 2. */
    compute(f);
    assert_near(kpi_result(f->res, "A", "k").score, 50);
    rate(f, "B", "A", "k", CSVC_RATER_PEER, 3);
    assert_int_equal(csvc_kpi_review_rating_count(f->rv), 4);
    compute(f);
    assert_near(kpi_result(f->res, "A", "k").score, 75);
    assert_int_equal(group_result(f->res, "A", "k", CSVC_RATER_PEER).count, 2);
    /* A replacement older than the rating it replaces is refused and
     * changes nothing. */
    csvc_kpi_rating x = CSVC_KPI_RATING_INIT;
    x.rater_id = "B";
    x.ratee_id = "A";
    x.kpi_id = "k";
    x.value = 1;
    x.time = T0 - 1;
    assert_status_msg(csvc_kpi_review_rate(f->rv, &x), CSVC_E_TIME,
                      "before the rating it would replace");
    compute(f);
    assert_near(kpi_result(f->res, "A", "k").score, 75);
    /* Same time is fine. */
    x.time = f->clock - 1;
    x.value = 5;
    assert_ok(f->rv, csvc_kpi_review_rate(f->rv, &x));
    compute(f);
    assert_near(kpi_result(f->res, "A", "k").score, 100);
    /* S1 is in A's team and A's supervisor: it rates as supervisor, and a
     * peer rating of it is refused (it used to be taken, and to replace
     * the supervisor rating). */
    assert_status_msg(try_rate(f, "S1", "A", "p", CSVC_RATER_PEER, 0), CSVC_E_PERM,
                      "'S1' rates 'A' as supervisor");
    rate(f, "S1", "A", "p", CSVC_RATER_SUPERVISOR, 40);
    assert_status_msg(try_rate(f, "S1", "A", "p", CSVC_RATER_PEER, 0), CSVC_E_PERM,
                      "'S1' rates 'A' as supervisor");
    compute(f);
    /* Peers 0, 100 -> 50 (weight 1); supervisor 40 (weight 1): 45. */
    assert_near(kpi_result(f->res, "A", "p").score, 45);
    assert_int_equal(group_result(f->res, "A", "p", CSVC_RATER_PEER).count, 2);
    assert_int_equal(group_result(f->res, "A", "p", CSVC_RATER_SUPERVISOR).count, 1);
}

static void test_closed_review(void **state)
{
    fx *f = *state;
    rated_review(f);
    rate(f, "B", "A", "k", CSVC_RATER_PEER, 4);
    assert_ok(f->rv, csvc_kpi_review_close(f->rv));
    assert_int_equal(csvc_kpi_review_is_closed(f->rv), 1);
    assert_status_msg(try_rate(f, "C", "A", "k", CSVC_RATER_PEER, 4), CSVC_E_CLOSED,
                      "review 'review' is closed: rating refused");
    assert_status_msg(try_rate(f, "B", "A", "k", CSVC_RATER_PEER, 2), CSVC_E_CLOSED, "closed");
    assert_status_msg(csvc_kpi_review_set_objective(f->rv, "A", "obj", 5), CSVC_E_CLOSED,
                      "objective value refused");
    csvc_metrics rows[10];
    memset(rows, 0, sizeof rows);
    assert_status_msg(csvc_kpi_review_set_metrics(f->rv, rows, 10), CSVC_E_CLOSED, "metrics table");
    const char *csv = "rater,ratee,kpi,group,value,time\nC,A,k,peer,4,0\n";
    assert_status_msg(csvc_kpi_review_import_ratings_csv_buffer(f->rv, csv, strlen(csv)),
                      CSVC_E_CLOSED, "ratings import refused");
    assert_status_msg(csvc_kpi_review_import_ratings_csv(f->rv, "/nonexistent"), CSVC_E_CLOSED,
                      "closed");
    assert_status_msg(csvc_kpi_review_close(f->rv), CSVC_E_CLOSED, "closing refused");
    assert_int_equal(csvc_kpi_review_close(NULL), CSVC_E_NULL);
    assert_int_equal(csvc_kpi_review_rating_count(f->rv), 1);
    /* Results can still be computed. */
    compute(f);
    assert_near(kpi_result(f->res, "A", "k").score, 75);
}

/* ---- change callback ------------------------------------------------------------------------ */

typedef struct change_log {
    int calls;
    int refuse_at; /* call number that is refused (1-based); 0 = none */
    csvc_kpi_review_change last;
    char ratee[16], kpi[16];
} change_log;

static csvc_status on_change(const csvc_kpi_review *rv, csvc_kpi_review_change change,
                             const char *ratee, const char *kpi, void *ud)
{
    (void)rv;
    change_log *log = ud;
    log->calls++;
    log->last = change;
    snprintf(log->ratee, sizeof log->ratee, "%s", ratee ? ratee : "(null)");
    snprintf(log->kpi, sizeof log->kpi, "%s", kpi ? kpi : "(null)");
    return log->calls == log->refuse_at ? CSVC_E_IO : CSVC_OK;
}

/* The review's observable state as text: every rating (internal view) and
 * every objective value. */
static char *review_state(const csvc_kpi_review *rv)
{
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    buf[0] = '\0';
    for (size_t i = 0; i < cs_kpi_review_rating_total(rv); i++) {
        cs_kpi_rating_rec x;
        cs_kpi_review_rating_get(rv, i, &x);
        len += (size_t)snprintf(buf + len, cap - len, "%s>%s:%s/%d=%.17g@%lld\n", x.rater_id,
                                x.ratee_id, x.kpi_id, (int)x.group, x.value, (long long)x.time);
    }
    for (size_t a = 0; a < csvc_roster_agent_count(rv->roster); a++)
        for (size_t k = 0; k < rv->model->nkpis; k++) {
            double v = cs_kpi_review_objective(rv, a, k);
            if (!isnan(v))
                len += (size_t)snprintf(buf + len, cap - len, "obj %zu %zu %.17g\n", a, k, v);
        }
    len += (size_t)snprintf(buf + len, cap - len, "closed %d\n", (int)rv->closed);
    return buf;
}

static void assert_state(const csvc_kpi_review *rv, const char *before)
{
    char *now = review_state(rv);
    assert_string_equal(now, before);
    free(now);
}

static void test_change_callback(void **state)
{
    fx *f = *state;
    rated_review(f);
    change_log log = {0};
    assert_ok(f->rv, csvc_kpi_review_set_change_callback(f->rv, on_change, &log));
    rate(f, "B", "A", "k", CSVC_RATER_PEER, 4);
    assert_int_equal(log.last, CSVC_KPI_RATING_ADDED);
    assert_string_equal(log.ratee, "A");
    assert_string_equal(log.kpi, "k");
    rate(f, "B", "A", "k", CSVC_RATER_PEER, 5);
    assert_int_equal(log.last, CSVC_KPI_RATING_REPLACED);
    assert_ok(f->rv, csvc_kpi_review_set_objective(f->rv, "B", "obj", 12));
    assert_int_equal(log.last, CSVC_KPI_OBJECTIVES_SET);
    assert_string_equal(log.ratee, "B");
    assert_string_equal(log.kpi, "obj");
    const char *csv = "rater,ratee,kpi,group,value,time\nC,A,k,peer,2,1764547300\n";
    assert_ok(f->rv, csvc_kpi_review_import_ratings_csv_buffer(f->rv, csv, strlen(csv)));
    assert_int_equal(log.last, CSVC_KPI_RATINGS_IMPORTED);
    assert_string_equal(log.ratee, "(null)");
    assert_int_equal(log.calls, 4);

    /* Each refusal undoes its change and returns the callback's status. */
    char *before = review_state(f->rv);
    log.refuse_at = log.calls + 1;
    assert_status_msg(try_rate(f, "E", "A", "k", CSVC_RATER_PEER, 1), CSVC_E_IO,
                      "review 'review': rating: the change callback refused it (I/O error)");
    assert_state(f->rv, before);
    log.refuse_at = log.calls + 1;
    assert_status_msg(try_rate(f, "B", "A", "k", CSVC_RATER_PEER, 1), CSVC_E_IO,
                      "rating replacement");
    assert_state(f->rv, before);
    log.refuse_at = log.calls + 1;
    assert_int_equal(try_rate(f, "C-77", "A", "k", CSVC_RATER_CUSTOMER, 1), CSVC_E_IO);
    assert_state(f->rv, before);
    assert_int_equal(f->rv->raters.count, 2); /* the new customer id was dropped again */
    log.refuse_at = log.calls + 1;
    assert_int_equal(csvc_kpi_review_set_objective(f->rv, "B", "obj", 99), CSVC_E_IO);
    assert_state(f->rv, before);
    csvc_metrics rows[10];
    memset(rows, 0, sizeof rows);
    for (int i = 0; i < 10; i++)
        rows[i].version = CSVC_METRICS_VERSION;
    log.refuse_at = log.calls + 1;
    assert_int_equal(csvc_kpi_review_set_metrics(f->rv, rows, 10), CSVC_E_IO);
    assert_state(f->rv, before);
    const char *many = "rater,ratee,kpi,group,value,time\n"
                       "D,A,k,subordinate,2,1764547400\nB,A,k,peer,1,1764547400\nC-9,B,k,customer,5,0\n";
    log.refuse_at = log.calls + 1;
    assert_status_msg(csvc_kpi_review_import_ratings_csv_buffer(f->rv, many, strlen(many)),
                      CSVC_E_IO, "ratings import: the change callback refused it");
    assert_state(f->rv, before);
    log.refuse_at = log.calls + 1;
    assert_status_msg(csvc_kpi_review_close(f->rv), CSVC_E_IO, "closing");
    assert_int_equal(csvc_kpi_review_is_closed(f->rv), 0);
    assert_state(f->rv, before);
    free(before);
    assert_ok(f->rv, csvc_kpi_review_close(f->rv));
    assert_int_equal(log.last, CSVC_KPI_REVIEW_CLOSED);
    assert_ok(f->rv, csvc_kpi_review_set_change_callback(f->rv, NULL, NULL));
    assert_int_equal(csvc_kpi_review_set_change_callback(NULL, on_change, NULL), CSVC_E_NULL);
}

/* ---- ratings CSV ------------------------------------------------------------------------------
 */

static void test_ratings_csv(void **state)
{
    fx *f = *state;
    rated_review(f);
    const char *good = "time,value,group,kpi,ratee,rater\n"
                       "2025-12-01T09:00:00+08:00,4,peer,k,A,B\n"
                       "1764547200,2.5,supervisor,k,A,S1\n"
                       "2025-12-02T10:00:00Z,5,peer,k,A,B\n" /* replaces row 2 */
                       "\"2025-12-03 10:00\",3,customer,k,B,\"C, 1\"\n";
    assert_ok(f->rv, csvc_kpi_review_import_ratings_csv_buffer(f->rv, good, strlen(good)));
    assert_int_equal(csvc_kpi_review_rating_count(f->rv), 3);
    cs_kpi_rating_rec x;
    cs_kpi_review_rating_get(f->rv, 0, &x);
    assert_string_equal(x.rater_id, "B");
    assert_near(x.value, 5);
    assert_true(x.time == INT64_C(1764669600)); /* 2025-12-02T10:00Z */
    cs_kpi_review_rating_get(f->rv, 2, &x);
    assert_string_equal(x.rater_id, "C, 1");
    assert_int_equal(x.group, CSVC_RATER_CUSTOMER);

    char *before = review_state(f->rv);
    static const struct {
        const char *csv;
        csvc_status status;
        const char *needle;
    } bad[] = {
        {"rater,ratee,kpi,group,value\nB,A,k,peer,4\n", CSVC_E_PARSE, "time"},
        {"rater,ratee,kpi,group,value,time,extra\n", CSVC_E_PARSE, "extra"},
        {"rater,ratee,kpi,group,value,time\nE,A,k,peer,4,0\nB,Z,k,peer,4,0\n", CSVC_E_NOTFOUND,
         "line 3, column 2 (ratee): rating by 'B' of 'Z' on 'k': ratee 'Z' is not an agent"},
        {"rater,ratee,kpi,group,value,time\nB,A,zz,peer,4,0\n", CSVC_E_NOTFOUND,
         "line 2, column 3 (kpi): rating by 'B' of 'A' on 'zz': unknown kpi 'zz'"},
        {"rater,ratee,kpi,group,value,time\nB,A,k,boss,4,0\n", CSVC_E_PARSE,
         "line 2, column 4 (group): rater group 'boss': unknown (self, peer, supervisor, subordinate, customer)"},
        {"rater,ratee,kpi,group,value,time\nB,A,k,peer,four,0\n", CSVC_E_PARSE,
         "line 2, column 5 (value): 'four' is not a number"},
        {"rater,ratee,kpi,group,value,time\nB,A,k,peer,nan,0\n", CSVC_E_PARSE, "not a number"},
        {"rater,ratee,kpi,group,value,time\nB,A,k,peer,0x4,0\n", CSVC_E_PARSE, "not a number"},
        {"rater,ratee,kpi,group,value,time\nB,A,k,peer,,0\n", CSVC_E_PARSE, "not a number"},
        {"rater,ratee,kpi,group,value,time\nB,A,k,peer,9,0\n", CSVC_E_RANGE,
         "line 2, column 5 (value): rating by 'B' of 'A' on 'k': value 9 is outside the scale 1-5"},
        {"rater,ratee,kpi,group,value,time\nB,A,k,peer,4,yesterday\n", CSVC_E_PARSE,
         "line 2, column 6 (time): 'yesterday' is not a time"},
        {"rater,ratee,kpi,group,value,time\nB,A,k,peer,4,\n", CSVC_E_PARSE,
         "line 2, column 6 (time): required"},
        /* Unix seconds only where the ISO form can go: 9999-12-31T23:59:59Z + 1 ... */
        {"rater,ratee,kpi,group,value,time\nB,A,k,peer,4,253402300800\n", CSVC_E_RANGE,
         "line 2, column 6 (time): Unix seconds 253402300800 outside years 1..9999"},
        /* ... and 0001-01-01T00:00:00Z - 1 */
        {"rater,ratee,kpi,group,value,time\nB,A,k,peer,4,-62135596801\n", CSVC_E_RANGE,
         "outside years 1..9999"},
        {"rater,ratee,kpi,group,value,time\nB,A,k,peer,4,99999999999999999999\n", CSVC_E_RANGE,
         "outside years 1..9999"},
        {"rater,ratee,kpi,group,value,time\nE,A,k,peer,4,0\nF,A,k,peer,4,0\n", CSVC_E_PERM,
         "line 3, column 1 (rater): rating by 'F' of 'A' on 'k': peers must be in the same team"},
        {"rater,ratee,kpi,group,value,time\nE,A,k,peer,4,100\nE,A,k,peer,3,99\n", CSVC_E_TIME,
         "line 3, column 6 (time)"},
        {"rater,ratee,kpi,group,value,time\nB,A,obj,peer,4,0\n", CSVC_E_CONSTRAINT,
         "line 2, column 3 (kpi)"},
        {"rater,ratee,kpi,group,value,time\n,A,k,peer,4,0\n", CSVC_E_INVALID,
         "line 2, column 1 (rater): rating: rater: empty"},
        {"rater,ratee,kpi,group,value,time\nE,A,k,peer,4,0\n\"B,A\n", CSVC_E_PARSE, "line 3"},
        {"rater,ratee,kpi,group,value,time\nB,A,k,peer,4\n", CSVC_E_PARSE, "expected 6 fields"},
        {"", CSVC_E_PARSE, ""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        csvc_status rc =
            csvc_kpi_review_import_ratings_csv_buffer(f->rv, bad[i].csv, strlen(bad[i].csv));
        if (rc != bad[i].status || !contains(csvc_kpi_review_errmsg(f->rv), bad[i].needle))
            fail_msg("case %zu: %s '%s', expected %s '%s'", i, csvc_status_name(rc),
                     csvc_kpi_review_errmsg(f->rv), csvc_status_name(bad[i].status), bad[i].needle);
        assert_state(f->rv, before);
    }
    free(before);
    assert_status_msg(csvc_kpi_review_import_ratings_csv(f->rv, "/nonexistent/ratings.csv"),
                      CSVC_E_IO, "/nonexistent/ratings.csv");
    assert_int_equal(csvc_kpi_review_import_ratings_csv(f->rv, NULL), CSVC_E_NULL);
    assert_int_equal(csvc_kpi_review_import_ratings_csv_buffer(f->rv, NULL, 3), CSVC_E_NULL);
    assert_int_equal(csvc_kpi_review_import_ratings_csv_buffer(NULL, "", 0), CSVC_E_NULL);
}

/* The example data: roster, model and ratings obey every rule; hand checks
 * of one agent. */
static void test_example_data(void **state)
{
    (void)state;
    csvc_roster *r;
    assert_csvc_ok(csvc_roster_new(NULL, &r));
    assert_ok(r, csvc_roster_import_csv(r, EXAMPLES "roster.csv"));
    csvc_kpi_model *m;
    assert_csvc_ok(csvc_kpi_model_load_json(EXAMPLES "kpi_model.json", NULL, &m));
    csvc_period nov;
    assert_csvc_ok(csvc_period_of_month(2025, 11, 8 * 3600, &nov));
    csvc_kpi_review *rv;
    assert_csvc_ok(csvc_kpi_review_new(r, m, &nov, NULL, &rv));
    assert_ok(rv, csvc_kpi_review_import_ratings_csv(rv, EXAMPLES "ratings.csv"));
    assert_int_equal(csvc_kpi_review_rating_count(rv), 78); /* 79 rows, one replacement */
    csvc_kpi_results *res;
    assert_ok(rv, csvc_kpi_review_compute(rv, &res));
    /* A202's product knowledge: self 4 (75); peers A201 4, A203 3.5, A204
     * 4, A205 4 (75, 62.5, 75, 75: 4 ratings, no trimming: 71.875);
     * supervisor S200 4 (75). Weights 0.1, 0.3, 0.4:
     * (7.5 + 21.5625 + 30) / 0.8 = 73.828125. */
    assert_near(kpi_result(res, "A202", "product_knowledge").score, 73.828125);
    /* A203 replaced its self rating 5 by 4.5 (87.5). */
    assert_near(group_result(res, "A203", "product_knowledge", CSVC_RATER_SELF).aggregate, 87.5);
    /* A205 has no supervisor rating on teamwork: incomplete. */
    csvc_kpi_agent_result a205 = agent_result(res, "A205");
    assert_true(isnan(a205.composite));
    assert_int_equal(a205.flags & CSVC_KPI_INCOMPLETE, CSVC_KPI_INCOMPLETE);
    /* A201's teamwork peers and subordinates are 2 each: hidden, so they
     * count as missing and the example model renormalises them away. */
    assert_int_equal(group_result(res, "A201", "teamwork", CSVC_RATER_PEER).flags,
                     CSVC_KPI_HIDDEN | CSVC_KPI_RENORMALISED);
    assert_int_equal(group_result(res, "A201", "teamwork", CSVC_RATER_SUBORDINATE).flags,
                     CSVC_KPI_HIDDEN | CSVC_KPI_RENORMALISED);
    assert_near(group_result(res, "A201", "teamwork", CSVC_RATER_PEER).weight_used, 0);
    assert_int_equal(csvc_kpi_results_agent_count(res), 27); /* A206 is inactive */
    size_t idx;
    assert_int_equal(csvc_kpi_results_find_agent(res, "A206", &idx), CSVC_E_NOTFOUND);
    csvc_kpi_results_free(res);
    csvc_kpi_review_free(rv);
    csvc_kpi_model_free(m);
    csvc_roster_free(r);
}

/* ---- allocation failures
 * ------------------------------------------------------------------------- */

static void test_allocation_failures(void **state)
{
    fx *f = *state;
    policy_model(f, CSVC_MISSING_RENORMALISE, 1);
    assert_ok(f->m, csvc_kpi_model_set_calibration(f->m, 1));
    test_failing_alloc fa = {-1, 0, 0};
    csvc_allocator alloc = test_failing_allocator(&fa);
    csvc_kpi_review_options o = CSVC_KPI_REVIEW_OPTIONS_INIT;
    o.allocator = &alloc;
    csvc_period p = {T0 - 86400, T0};
    csvc_kpi_review *rv = NULL;
    /* Creation. */
    for (long budget = 0;; budget++) {
        fa.budget = budget;
        csvc_status rc = csvc_kpi_review_new(f->r, f->m, &p, &o, &rv);
        if (rc == CSVC_OK)
            break;
        assert_int_equal(rc, CSVC_E_NOMEM);
        assert_int_equal(fa.live, 0);
    }
    fa.budget = -1;
    csvc_kpi_review *keep = f->rv;
    f->rv = rv;
    rate(f, "A", "A", "k", CSVC_RATER_SELF, 4);
    rate(f, "S1", "A", "k", CSVC_RATER_SUPERVISOR, 3);
    rate(f, "B", "A", "k", CSVC_RATER_PEER, 2);
    /* Submissions and imports: refused cleanly, nothing changed. */
    char *before = review_state(rv);
    const char *csv = "rater,ratee,kpi,group,value,time\nE,A,k,peer,5,1764547300\n"
                      "C,A,k,peer,1,1764547300\nD,B,k,peer,3,1764547300\n";
    for (long budget = 0;; budget++) {
        fa.budget = budget;
        csvc_status rc = csvc_kpi_review_import_ratings_csv_buffer(rv, csv, strlen(csv));
        fa.budget = -1;
        if (rc == CSVC_OK)
            break;
        assert_int_equal(rc, CSVC_E_NOMEM);
        assert_state(rv, before);
    }
    free(before);
    before = review_state(rv);
    for (long budget = 0;; budget++) {
        fa.budget = budget;
        csvc_status rc = try_rate(f, "E", "B", "k", CSVC_RATER_PEER, 3);
        fa.budget = -1;
        if (rc == CSVC_OK)
            break;
        assert_int_equal(rc, CSVC_E_NOMEM);
        assert_state(rv, before);
    }
    free(before);
    /* Compute and exports. */
    long live = fa.live;
    for (long budget = 0;; budget++) {
        fa.budget = budget;
        csvc_kpi_results *res = NULL;
        csvc_status rc = csvc_kpi_review_compute(rv, &res);
        fa.budget = -1;
        if (rc != CSVC_OK) {
            assert_int_equal(rc, CSVC_E_NOMEM);
            assert_null(res);
            assert_int_equal(fa.live, live);
            continue;
        }
        int done = 1;
        char *buf;
        size_t n;
        for (int which = 0; which < 3; which++) {
            fa.budget = budget;
            rc = which < 2 ? csvc_kpi_results_export_csv_buffer(res, which, &buf, &n)
                           : csvc_kpi_results_export_json_buffer(res, &buf, &n);
            fa.budget = -1;
            if (rc == CSVC_OK)
                csvc_free(buf);
            else
                done = 0, assert_int_equal(rc, CSVC_E_NOMEM);
        }
        csvc_kpi_results_free(res);
        assert_int_equal(fa.live, live);
        if (done)
            break;
    }
    f->rv = keep;
    csvc_kpi_review_free(rv);
    assert_int_equal(fa.live, 0);
}

/* ---- internal view for the store, roster growth
 * ------------------------------------------------------ */

static void test_internal_restore(void **state)
{
    fx *f = *state;
    rated_review(f);
    rate(f, "B", "A", "k", CSVC_RATER_PEER, 4);
    /* A restore skips the rater rules (F is not A's peer) but not the rest. */
    csvc_kpi_rating x = CSVC_KPI_RATING_INIT;
    x.rater_id = "F";
    x.ratee_id = "A";
    x.kpi_id = "k";
    x.value = 2;
    x.time = T0;
    assert_ok(f->rv, cs_kpi_review_restore_rating(f->rv, &x));
    x.value = 7;
    assert_int_equal(cs_kpi_review_restore_rating(f->rv, &x), CSVC_E_RANGE);
    assert_int_equal(cs_kpi_review_rating_total(f->rv), 2);
    cs_kpi_rating_rec rec;
    cs_kpi_review_rating_get(f->rv, 1, &rec);
    assert_string_equal(rec.rater_id, "F");
    assert_string_equal(rec.ratee_id, "A");
    assert_string_equal(rec.kpi_id, "k");
    assert_int_equal(rec.group, CSVC_RATER_PEER);
    assert_near(rec.value, 2);
    cs_kpi_review_restore_closed(f->rv);
    assert_int_equal(csvc_kpi_review_is_closed(f->rv), 1);
    /* Still restorable while closed (rebuilding a closed review). */
    x.rater_id = "G";
    x.value = 3;
    assert_ok(f->rv, cs_kpi_review_restore_rating(f->rv, &x));
    compute(f);
    /* Peers 4, 2, 3 (75, 25, 50): 50. */
    assert_near(group_result(f->res, "A", "k", CSVC_RATER_PEER).aggregate, 50);
}

/* A model of 110 rated KPIs takes the two-level grouping path of the
 * computation (more than 102 rated KPIs). KPI i: peer B gives 1 + i % 5
 * and peer C 5 to A (mean ((i % 5) * 25 + 100) / 2), E gives 3 (50) to
 * D on even KPIs; weights 1 + i % 3. */
static void test_many_kpis(void **state)
{
    fx *f = *state;
    group(f->m, CSVC_RATER_PEER, 1, CSVC_AGG_MEAN, 1, 1, CSVC_MISSING_RENORMALISE);
    char id[16];
    for (int i = 0; i < 110; i++) {
        snprintf(id, sizeof id, "k%03d", i);
        add_rated(f->m, id, (csvc_kpi_dimension)(i % 5), 1 + i % 3, CSVC_SCALE_1_5, ONLY_PEER);
    }
    open_review(f);
    for (int i = 0; i < 110; i++) {
        snprintf(id, sizeof id, "k%03d", i);
        rate(f, "B", "A", id, CSVC_RATER_PEER, 1 + i % 5);
        rate(f, "C", "A", id, CSVC_RATER_PEER, 5);
        if (i % 2 == 0)
            rate(f, "E", "D", id, CSVC_RATER_PEER, 3);
    }
    compute(f);
    double num = 0, den = 0;
    for (int i = 0; i < 110; i++) {
        snprintf(id, sizeof id, "k%03d", i);
        double expect = ((i % 5) * 25 + 100) / 2.0;
        assert_near(kpi_result(f->res, "A", id).score, expect);
        num += (1 + i % 3) * expect;
        den += 1 + i % 3;
        csvc_kpi_result d = kpi_result(f->res, "D", id);
        if (i % 2 == 0)
            assert_near(d.score, 50);
        else
            assert_int_equal(d.flags, CSVC_KPI_MISSING | CSVC_KPI_RENORMALISED);
    }
    assert_near(composite(f->res, "A"), num / den);
    assert_near(composite(f->res, "D"), 50);
    assert_int_equal(group_result(f->res, "A", "k007", CSVC_RATER_PEER).count, 2);
    assert_true(isnan(composite(f->res, "B")));
}

static void test_roster_growth(void **state)
{
    fx *f = *state;
    rated_review(f);
    fx_add_agent_full(f->r, "H", "T2", "S2", 0, 1);
    rate(f, "F", "H", "k", CSVC_RATER_PEER, 5);
    assert_ok(f->rv, csvc_kpi_review_set_objective(f->rv, "H", "obj", 50));
    compute(f);
    /* k 100 and obj 50 with weights 1: 75. */
    assert_near(composite(f->res, "H"), 75);
    assert_int_equal(csvc_kpi_results_agent_count(f->res), 10);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, kfx_setup, kfx_teardown)
    const struct CMUnitTest tests[] = {
        T(test_review_new),
        T(test_rater_rules),
        T(test_rating_values_and_replacement),
        T(test_closed_review),
        T(test_change_callback),
        T(test_ratings_csv),
        cmocka_unit_test(test_example_data),
        T(test_allocation_failures),
        T(test_internal_restore),
        T(test_many_kpis),
        T(test_roster_growth),
    };
#undef T
    return cmocka_run_group_tests_name("kpi_review", tests, NULL, NULL);
}
