/* KPI engine: models (C API and JSON), reviews under the rater rules,
 * computation, explanations, anonymity, exports.
 *
 * Expected values are computed by hand (the arithmetic is in the comments)
 * or, for randomised reviews, by the straightforward implementation at the
 * end of this file (plain loops, qsort, O(n^2) scans), which must agree
 * with the engine to 1e-9.
 *
 * The fixture roster (roster order = index):
 *   team T1 (lead S1): S1; A, B, C, E (supervisor S1); D (supervisor A);
 *                      X (supervisor S1, inactive)
 *   team T2 (lead S2): S2 (supervisor S1); F, G (supervisor S2) */
#include "fixtures.h"

#include "kpi/kpi_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

#define EXAMPLES "../../examples/data/"
#define T0 INT64_C(1764547200) /* 2025-12-01T00:00:00Z */

#define assert_near(a, b) assert_near_tol(a, b, 1e-9)
#define assert_near_tol(a, b, tol)                                                                 \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (tol)))                                                             \
            fail_msg("%s = %.15g, expected %.15g", #a, a_, b_);                                    \
    } while (0)

typedef struct fx {
    csvc_roster *r;
    csvc_kpi_model *m;
    csvc_kpi_review *rv;
    csvc_kpi_results *res;
    int64_t clock;
} fx;

static void set_lead(csvc_roster *r, const char *team, const char *lead)
{
    csvc_team_info t = CSVC_TEAM_INFO_INIT;
    t.id = team;
    t.lead_id = lead;
    assert_ok(r, csvc_roster_update_team(r, &t));
}

static csvc_roster *fixture_roster(void)
{
    csvc_roster *r;
    assert_csvc_ok(csvc_roster_new(NULL, &r));
    fx_add_team(r, "T1");
    fx_add_team(r, "T2");
    fx_add_agent_full(r, "S1", "T1", NULL, 0, 1);
    fx_add_agent_full(r, "A", "T1", "S1", 0, 1);
    fx_add_agent_full(r, "B", "T1", "S1", 0, 1);
    fx_add_agent_full(r, "C", "T1", "S1", 0, 1);
    fx_add_agent_full(r, "D", "T1", "A", 0, 1);
    fx_add_agent_full(r, "E", "T1", "S1", 0, 1);
    fx_add_agent_full(r, "S2", "T2", "S1", 0, 1);
    fx_add_agent_full(r, "F", "T2", "S2", 0, 1);
    fx_add_agent_full(r, "G", "T2", "S2", 0, 1);
    fx_add_agent_full(r, "X", "T1", "S1", 0, 1);
    assert_ok(r, csvc_roster_deactivate_agent(r, "X"));
    set_lead(r, "T1", "S1");
    set_lead(r, "T2", "S2");
    return r;
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->r = fixture_roster();
    if (csvc_kpi_model_new(NULL, "t1", &f->m) != CSVC_OK)
        return -1;
    f->clock = T0;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    csvc_kpi_results_free(f->res);
    csvc_kpi_review_free(f->rv);
    csvc_kpi_model_free(f->m);
    csvc_roster_free(f->r);
    free(f);
    return 0;
}

/* Sets a group's model-wide configuration. */
static void group(csvc_kpi_model *m, csvc_rater_group g, double weight, csvc_aggregation agg,
                  int min_count, int anonymity, csvc_missing_policy missing)
{
    csvc_rater_group_config c = CSVC_RATER_GROUP_CONFIG_INIT;
    c.weight = weight;
    c.aggregation = agg;
    c.min_count = min_count;
    c.anonymity = anonymity;
    c.missing = missing;
    assert_ok(m, csvc_kpi_model_set_group(m, g, &c));
}

/* A rated KPI; group weights < 0 take the model-wide ones. */
static void add_rated(csvc_kpi_model *m, const char *id, csvc_kpi_dimension dim, double weight,
                      csvc_rating_scale scale, const double gw[5])
{
    csvc_kpi_def d = CSVC_KPI_DEF_INIT;
    d.id = id;
    d.dimension = dim;
    d.weight = weight;
    d.source = CSVC_KPI_RATED;
    d.scale = scale;
    if (gw)
        memcpy(d.group_weights, gw, sizeof d.group_weights);
    assert_ok(m, csvc_kpi_model_add_kpi(m, &d));
}

static void add_linear(csvc_kpi_model *m, const char *id, const char *metric,
                       csvc_kpi_direction dir, double floor, double target, double weight)
{
    csvc_kpi_def d = CSVC_KPI_DEF_INIT;
    d.id = id;
    d.metric = metric;
    d.direction = dir;
    d.floor = floor;
    d.target = target;
    d.weight = weight;
    d.dimension = CSVC_DIM_EFFICIENCY;
    assert_ok(m, csvc_kpi_model_add_kpi(m, &d));
}

static void add_bands(csvc_kpi_model *m, const char *id, csvc_kpi_direction dir,
                      const csvc_kpi_band *bands, uint32_t n)
{
    csvc_kpi_def d = CSVC_KPI_DEF_INIT;
    d.id = id;
    d.direction = dir;
    d.normalise = CSVC_NORM_BANDS;
    d.bands = bands;
    d.band_count = n;
    assert_ok(m, csvc_kpi_model_add_kpi(m, &d));
}

static void open_review(fx *f)
{
    csvc_period p = {T0 - 30 * 86400, T0};
    assert_csvc_ok(csvc_kpi_review_new(f->r, f->m, &p, NULL, &f->rv));
}

static csvc_status try_rate(fx *f, const char *rater, const char *ratee, const char *kpi,
                            csvc_rater_group g, double value)
{
    csvc_kpi_rating x = CSVC_KPI_RATING_INIT;
    x.rater_id = rater;
    x.ratee_id = ratee;
    x.kpi_id = kpi;
    x.group = g;
    x.value = value;
    x.time = f->clock++;
    return csvc_kpi_review_rate(f->rv, &x);
}

static void rate(fx *f, const char *rater, const char *ratee, const char *kpi, csvc_rater_group g,
                 double value)
{
    assert_ok(f->rv, try_rate(f, rater, ratee, kpi, g, value));
}

static void compute(fx *f)
{
    csvc_kpi_results_free(f->res);
    f->res = NULL;
    assert_ok(f->rv, csvc_kpi_review_compute(f->rv, &f->res));
}

static size_t agent_of(const csvc_kpi_results *res, const char *id)
{
    size_t a;
    assert_csvc_ok_msg(csvc_kpi_results_find_agent(res, id, &a), csvc_kpi_results_errmsg(res));
    return a;
}

static size_t kpi_of(const csvc_kpi_results *res, const char *id)
{
    size_t k;
    const csvc_kpi_model *m = csvc_kpi_results_model(res);
    assert_ok(m, csvc_kpi_model_find_kpi(m, id, &k));
    return k;
}

static csvc_kpi_agent_result agent_result(const csvc_kpi_results *res, const char *agent)
{
    csvc_kpi_agent_result o;
    assert_csvc_ok_msg(csvc_kpi_results_agent(res, agent_of(res, agent), &o),
                       csvc_kpi_results_errmsg(res));
    return o;
}

static csvc_kpi_result kpi_result(const csvc_kpi_results *res, const char *agent, const char *kpi)
{
    csvc_kpi_result o;
    assert_csvc_ok_msg(csvc_kpi_results_kpi(res, agent_of(res, agent), kpi_of(res, kpi), &o),
                       csvc_kpi_results_errmsg(res));
    return o;
}

static csvc_kpi_group_result group_result(const csvc_kpi_results *res, const char *agent,
                                          const char *kpi, csvc_rater_group g)
{
    csvc_kpi_group_result o;
    assert_csvc_ok_msg(csvc_kpi_results_group(res, agent_of(res, agent), kpi_of(res, kpi), g, &o),
                       csvc_kpi_results_errmsg(res));
    return o;
}

static double composite(const csvc_kpi_results *res, const char *agent)
{
    return agent_result(res, agent).composite;
}

static const double ONLY_PEER[5] = {0, 1, 0, 0, 0};
static const double ONLY_CUSTOMER[5] = {0, 0, 0, 0, 1};

/* ---- names ---------------------------------------------------------------- */

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(csvc_kpi_dimension_name(CSVC_DIM_TEAMWORK), "teamwork");
    assert_null(csvc_kpi_dimension_name((csvc_kpi_dimension)5));
    csvc_kpi_dimension d;
    assert_csvc_ok(csvc_kpi_dimension_parse("innovation", &d));
    assert_int_equal(d, CSVC_DIM_INNOVATION);
    assert_csvc_ok(csvc_kpi_dimension_parse("Quality", &d)); /* ASCII case is ignored */
    assert_int_equal(d, CSVC_DIM_QUALITY);
    assert_status_msg(csvc_kpi_dimension_parse("quantity", &d), CSVC_E_INVALID,
                      "kpi dimension 'quantity': unknown (quality, efficiency, skill, teamwork, "
                      "innovation)");
    assert_int_equal(csvc_kpi_dimension_parse(NULL, &d), CSVC_E_NULL);
    assert_string_equal(csvc_rater_group_name(CSVC_RATER_SUBORDINATE), "subordinate");
    assert_null(csvc_rater_group_name((csvc_rater_group)-1));
    csvc_rater_group g;
    assert_csvc_ok(csvc_rater_group_parse("customer", &g));
    assert_int_equal(g, CSVC_RATER_CUSTOMER);
    assert_status_msg(csvc_rater_group_parse("boss", &g), CSVC_E_INVALID, "rater group 'boss': unknown (self, peer");
    assert_int_equal(csvc_rater_group_parse("peer", NULL), CSVC_E_NULL);
    /* Every metric name maps to a csvc_metrics field; 31 of them. */
    size_t n = 0;
    while (csvc_kpi_metric_name(n))
        n++;
    assert_int_equal(n, 31);
    assert_string_equal(csvc_kpi_metric_name(0), "handled");
    assert_int_equal(cs_kpi_metric_find("frt_median"), 7);
    assert_int_equal(cs_kpi_metric_find("csatt"), -1);
    csvc_metrics row;
    memset(&row, 0, sizeof row);
    row.version = CSVC_METRICS_VERSION;
    row.first_response_median = 42.5;
    row.handled = 7;
    row.complaint_rate = NAN;
    assert_near(cs_kpi_metric_value(&row, cs_kpi_metric_find("frt_median")), 42.5);
    assert_near(cs_kpi_metric_value(&row, cs_kpi_metric_find("handled")), 7);
    assert_true(isnan(cs_kpi_metric_value(&row, cs_kpi_metric_find("complaint_rate"))));
}

/* ---- models ----------------------------------------------------------------- */

static void test_model_new(void **state)
{
    (void)state;
    csvc_kpi_model *m = NULL;
    assert_int_equal(csvc_kpi_model_new(NULL, "v1", NULL), CSVC_E_NULL);
    assert_status_msg(csvc_kpi_model_new(NULL, NULL, &m), CSVC_E_NULL, "kpi model version");
    assert_status_msg(csvc_kpi_model_new(NULL, "", &m), CSVC_E_INVALID, "empty");
    assert_int_equal(csvc_kpi_model_new(NULL, "bad\nversion", &m), CSVC_E_ENCODING);
    test_failing_alloc fa = {0, 0, 0};
    csvc_allocator a = test_failing_allocator(&fa);
    assert_int_equal(csvc_kpi_model_new(&a, "v1", &m), CSVC_E_NOMEM);
    a.version = 9;
    assert_int_equal(csvc_kpi_model_new(&a, "v1", &m), CSVC_E_VERSION);
    assert_null(m);
    assert_csvc_ok(csvc_kpi_model_new(NULL, "2026.1", &m));
    assert_string_equal(csvc_kpi_model_version(m), "2026.1");
    assert_int_equal(csvc_kpi_model_kpi_count(m), 0);
    /* Defaults: weight 1, mean, min 1, anonymity 3 (1 for self and supervisor). */
    csvc_rater_group_config c;
    assert_ok(m, csvc_kpi_model_get_group(m, CSVC_RATER_PEER, &c));
    assert_near(c.weight, 1.0);
    assert_int_equal(c.aggregation, CSVC_AGG_MEAN);
    assert_int_equal(c.min_count, 1);
    assert_int_equal(c.anonymity, 3);
    assert_int_equal(c.missing, CSVC_MISSING_RENORMALISE);
    assert_ok(m, csvc_kpi_model_get_group(m, CSVC_RATER_SELF, &c));
    assert_int_equal(c.anonymity, 1);
    assert_ok(m, csvc_kpi_model_get_group(m, CSVC_RATER_SUPERVISOR, &c));
    assert_int_equal(c.anonymity, 1);
    assert_int_equal(csvc_kpi_model_get_group(m, (csvc_rater_group)5, &c), CSVC_E_INVALID);
    assert_int_equal(csvc_kpi_model_get_group(m, CSVC_RATER_SELF, NULL), CSVC_E_NULL);
    csvc_kpi_grading g;
    assert_ok(m, csvc_kpi_model_get_grading(m, &g));
    assert_int_equal(g.scheme, CSVC_GRADE_LETTERS);
    assert_near(g.thresholds[3], 60);
    assert_int_equal(g.forced, 0);
    assert_int_equal(csvc_kpi_model_calibration(m), 0);
    assert_ok(m, csvc_kpi_model_set_calibration(m, 1));
    assert_int_equal(csvc_kpi_model_calibration(m), 1);
    assert_status_msg(csvc_kpi_model_set_calibration(m, 2), CSVC_E_INVALID, "calibration");
    assert_int_equal(csvc_kpi_model_set_calibration(NULL, 1), CSVC_E_NULL);
    assert_int_equal(csvc_kpi_model_calibration(NULL), 0);
    assert_string_equal(csvc_kpi_model_errmsg(NULL), "kpi model is NULL");
    assert_null(csvc_kpi_model_version(NULL));
    csvc_kpi_model_free(m);
    csvc_kpi_model_free(NULL);
}

static void test_model_add_and_query(void **state)
{
    fx *f = *state;
    const double gw[5] = {-1, 0.5, -1, 0, -1};
    add_rated(f->m, "knowledge", CSVC_DIM_SKILL, 2, CSVC_SCALE_1_5, gw);
    add_linear(f->m, "frt", "frt_median", CSVC_LOWER_IS_BETTER, 600, 60, 1.5);
    static const csvc_kpi_band bands[] = {{0.8, 50}, {0.9, 80}};
    add_bands(f->m, "ideas", CSVC_HIGHER_IS_BETTER, bands, 2);
    assert_int_equal(csvc_kpi_model_kpi_count(f->m), 3);
    size_t k;
    assert_ok(f->m, csvc_kpi_model_find_kpi(f->m, "frt", &k));
    assert_int_equal(k, 1);
    assert_status_msg(csvc_kpi_model_find_kpi(f->m, "nope", &k), CSVC_E_NOTFOUND, "'nope'");
    csvc_kpi_def d;
    assert_ok(f->m, csvc_kpi_model_kpi_at(f->m, 0, &d));
    assert_string_equal(d.id, "knowledge");
    assert_string_equal(d.name, "knowledge"); /* NULL name = the id */
    assert_int_equal(d.source, CSVC_KPI_RATED);
    assert_near(d.group_weights[0], -1);
    assert_near(d.group_weights[1], 0.5);
    assert_near(d.group_weights[3], 0);
    assert_ok(f->m, csvc_kpi_model_kpi_at(f->m, 1, &d));
    assert_string_equal(d.metric, "frt_median");
    assert_int_equal(d.direction, CSVC_LOWER_IS_BETTER);
    assert_near(d.floor, 600);
    assert_ok(f->m, csvc_kpi_model_kpi_at(f->m, 2, &d));
    assert_null(d.metric); /* caller-supplied */
    assert_int_equal(d.band_count, 2);
    assert_near(d.bands[1].points, 80);
    assert_status_msg(csvc_kpi_model_kpi_at(f->m, 3, &d), CSVC_E_RANGE, "out of range");
    assert_int_equal(csvc_kpi_model_kpi_at(f->m, 0, NULL), CSVC_E_NULL);
}

/* Every refusal of add_kpi: status, message naming the KPI and field, and
 * the model unchanged. */
static void test_model_add_errors(void **state)
{
    fx *f = *state;
    csvc_kpi_model *m = f->m;
    add_linear(m, "csat", "csat", CSVC_HIGHER_IS_BETTER, 0.7, 0.95, 1);
    csvc_kpi_def d = CSVC_KPI_DEF_INIT;
    d.id = "k";
#define REFUSED(status, needle)                                                                    \
    do {                                                                                           \
        assert_status_msg(csvc_kpi_model_add_kpi(m, &d), status, needle);                          \
        assert_string_equal(csvc_kpi_model_errmsg(m), csvc_last_errmsg());                         \
        assert_int_equal(csvc_kpi_model_kpi_count(m), 1);                                          \
        csvc_kpi_def_init(&d);                                                                     \
        d.id = "k";                                                                                \
    } while (0)
    d.version = 0;
    REFUSED(CSVC_E_VERSION, "version 0 not supported");
    d.id = "csat";
    REFUSED(CSVC_E_EXISTS, "kpi 'csat': id: kpi 'csat' already exists");
    d.id = "";
    REFUSED(CSVC_E_INVALID, "kpi: id: empty");
    d.id = NULL;
    REFUSED(CSVC_E_NULL, "id: NULL");
    d.weight = 0;
    REFUSED(CSVC_E_RANGE, "kpi 'k': weight: must be positive (got 0)");
    d.weight = -2;
    REFUSED(CSVC_E_RANGE, "weight: must be positive (got -2)");
    d.weight = NAN;
    REFUSED(CSVC_E_RANGE, "weight: must be positive");
    d.weight = INFINITY;
    REFUSED(CSVC_E_RANGE, "weight: must be positive");
    d.dimension = (csvc_kpi_dimension)5;
    REFUSED(CSVC_E_INVALID, "dimension: unknown value 5");
    d.source = (csvc_kpi_source)2;
    REFUSED(CSVC_E_INVALID, "source: unknown value 2");
    d.metric = "csatt";
    REFUSED(CSVC_E_NOTFOUND, "kpi 'k': metric: unknown metric 'csatt'");
    d.direction = (csvc_kpi_direction)2;
    REFUSED(CSVC_E_INVALID, "direction: unknown value 2");
    d.normalise = (csvc_kpi_normalise)2;
    REFUSED(CSVC_E_INVALID, "normalise.method: unknown value 2");
    d.floor = 90;
    d.target = 90;
    REFUSED(CSVC_E_RANGE, "higher is better needs floor < target (floor 90, target 90)");
    d.direction = CSVC_LOWER_IS_BETTER;
    d.floor = 10;
    d.target = 20;
    REFUSED(CSVC_E_RANGE, "lower is better needs floor > target");
    d.floor = NAN;
    REFUSED(CSVC_E_RANGE, "normalise.floor: must be finite");
    d.target = -INFINITY;
    REFUSED(CSVC_E_RANGE, "normalise.target: must be finite");
    d.normalise = CSVC_NORM_BANDS;
    REFUSED(CSVC_E_RANGE, "normalise.bands: needs 1..32 bands (got 0)");
    d.normalise = CSVC_NORM_BANDS;
    d.band_count = 2;
    REFUSED(CSVC_E_NULL, "normalise.bands: NULL");
    csvc_kpi_band bad[3] = {{1, 10}, {1, 20}, {3, 30}};
    d.normalise = CSVC_NORM_BANDS;
    d.bands = bad;
    d.band_count = 3;
    REFUSED(CSVC_E_RANGE, "normalise.bands[1].threshold: thresholds must be strictly ascending");
    bad[1].threshold = 2;
    bad[2].points = 100.5;
    d.normalise = CSVC_NORM_BANDS;
    d.bands = bad;
    d.band_count = 3;
    REFUSED(CSVC_E_RANGE, "normalise.bands[2].points: must be in 0..100 (got 100.5)");
    bad[2].points = 100;
    bad[0].threshold = NAN;
    d.normalise = CSVC_NORM_BANDS;
    d.bands = bad;
    d.band_count = 3;
    REFUSED(CSVC_E_RANGE, "normalise.bands[0].threshold: must be finite");
    d.source = CSVC_KPI_RATED;
    d.scale = (csvc_rating_scale)2;
    REFUSED(CSVC_E_INVALID, "scale: unknown value 2");
    d.source = CSVC_KPI_RATED;
    d.group_weights[2] = NAN;
    REFUSED(CSVC_E_RANGE, "group_weights.supervisor: must be finite");
    d.source = CSVC_KPI_RATED;
    for (int g = 0; g < 5; g++)
        d.group_weights[g] = 0;
    REFUSED(CSVC_E_CONSTRAINT, "kpi 'k': group_weights: every rater group has weight 0");
    char long_name[300];
    memset(long_name, 'n', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    d.name = long_name;
    REFUSED(CSVC_E_TOOLONG, "name");
#undef REFUSED
    assert_int_equal(csvc_kpi_model_add_kpi(NULL, &d), CSVC_E_NULL);
    assert_int_equal(csvc_kpi_model_add_kpi(m, NULL), CSVC_E_NULL);
    /* Fields of the other source are ignored. */
    d.source = CSVC_KPI_RATED;
    d.metric = "csatt";
    d.floor = 5;
    d.target = 1;
    assert_ok(m, csvc_kpi_model_add_kpi(m, &d));
    assert_int_equal(csvc_kpi_model_kpi_count(m), 2);
}

static void test_model_group_and_grading_errors(void **state)
{
    fx *f = *state;
    csvc_kpi_model *m = f->m;
    csvc_rater_group_config c = CSVC_RATER_GROUP_CONFIG_INIT;
    c.weight = -0.5;
    assert_status_msg(csvc_kpi_model_set_group(m, CSVC_RATER_PEER, &c), CSVC_E_RANGE,
                      "group 'peer': weight: must be finite and >= 0 (got -0.5)");
    csvc_rater_group_config_init(&c);
    c.min_count = 0;
    assert_status_msg(csvc_kpi_model_set_group(m, CSVC_RATER_PEER, &c), CSVC_E_RANGE,
                      "min_count: must be >= 1 (got 0)");
    csvc_rater_group_config_init(&c);
    c.anonymity = 0;
    assert_status_msg(csvc_kpi_model_set_group(m, CSVC_RATER_PEER, &c), CSVC_E_RANGE, "anonymity");
    csvc_rater_group_config_init(&c);
    c.aggregation = (csvc_aggregation)3;
    assert_status_msg(csvc_kpi_model_set_group(m, CSVC_RATER_PEER, &c), CSVC_E_INVALID,
                      "aggregation: unknown value 3");
    csvc_rater_group_config_init(&c);
    c.missing = (csvc_missing_policy)7;
    assert_status_msg(csvc_kpi_model_set_group(m, CSVC_RATER_PEER, &c), CSVC_E_INVALID,
                      "missing: unknown policy 7");
    csvc_rater_group_config_init(&c);
    c.version = 2;
    assert_int_equal(csvc_kpi_model_set_group(m, CSVC_RATER_PEER, &c), CSVC_E_VERSION);
    csvc_rater_group_config_init(&c);
    assert_status_msg(csvc_kpi_model_set_group(m, (csvc_rater_group)5, &c), CSVC_E_INVALID,
                      "unknown rater group 5");
    assert_int_equal(csvc_kpi_model_set_group(m, CSVC_RATER_PEER, NULL), CSVC_E_NULL);
    /* A KPI rated only by peers (model-wide weights): zeroing the peer
     * weight would leave it unable to produce a score. */
    for (int g = 0; g < 5; g++)
        if (g != CSVC_RATER_PEER)
            group(m, (csvc_rater_group)g, 0, CSVC_AGG_MEAN, 1, 1, CSVC_MISSING_RENORMALISE);
    add_rated(m, "k", CSVC_DIM_SKILL, 1, CSVC_SCALE_1_5, NULL);
    c.weight = 0;
    assert_status_msg(csvc_kpi_model_set_group(m, CSVC_RATER_PEER, &c), CSVC_E_CONSTRAINT,
                      "would leave kpi 'k' with no rater group of positive weight");
    csvc_rater_group_config now;
    assert_ok(m, csvc_kpi_model_get_group(m, CSVC_RATER_PEER, &now));
    assert_near(now.weight, 1); /* unchanged */

    csvc_kpi_grading g = CSVC_KPI_GRADING_INIT;
    g.thresholds[2] = 85;
    assert_status_msg(
        csvc_kpi_model_set_grading(m, &g), CSVC_E_RANGE,
        "grading: thresholds[2]: thresholds must be strictly descending (85 after 80)");
    csvc_kpi_grading_init(&g);
    g.thresholds[0] = 101;
    assert_status_msg(csvc_kpi_model_set_grading(m, &g), CSVC_E_RANGE,
                      "thresholds[0]: must be in 0..100");
    csvc_kpi_grading_init(&g);
    g.shares[4] = 11;
    assert_status_msg(csvc_kpi_model_set_grading(m, &g), CSVC_E_RANGE,
                      "forced_distribution: shares must add up to 100 (got 101)");
    csvc_kpi_grading_init(&g);
    g.shares[0] = -10;
    g.shares[1] = 40;
    assert_status_msg(csvc_kpi_model_set_grading(m, &g), CSVC_E_RANGE, "forced_distribution[0]");
    csvc_kpi_grading_init(&g);
    g.forced = 2;
    assert_status_msg(csvc_kpi_model_set_grading(m, &g), CSVC_E_INVALID, "forced: must be 0 or 1");
    csvc_kpi_grading_init(&g);
    g.scheme = (csvc_grade_scheme)2;
    assert_int_equal(csvc_kpi_model_set_grading(m, &g), CSVC_E_INVALID);
    csvc_kpi_grading_init(&g);
    g.version = 0;
    assert_int_equal(csvc_kpi_model_set_grading(m, &g), CSVC_E_VERSION);
    assert_int_equal(csvc_kpi_model_set_grading(m, NULL), CSVC_E_NULL);
    csvc_kpi_grading now_g;
    assert_ok(m, csvc_kpi_model_get_grading(m, &now_g));
    assert_near(now_g.thresholds[0], 90);
}

/* ---- JSON models --------------------------------------------------------------- */

static void test_json_example(void **state)
{
    (void)state;
    csvc_kpi_model *m;
    assert_csvc_ok(csvc_kpi_model_load_json(EXAMPLES "kpi_model.json", NULL, &m));
    assert_string_equal(csvc_kpi_model_version(m), "2026.1");
    assert_int_equal(csvc_kpi_model_kpi_count(m), 8);
    csvc_rater_group_config c;
    assert_ok(m, csvc_kpi_model_get_group(m, CSVC_RATER_PEER, &c));
    assert_near(c.weight, 0.3);
    assert_int_equal(c.aggregation, CSVC_AGG_TRIMMED_MEAN);
    assert_int_equal(c.min_count, 2);
    assert_ok(m, csvc_kpi_model_get_group(m, CSVC_RATER_CUSTOMER, &c));
    assert_int_equal(c.missing, CSVC_MISSING_ZERO);
    csvc_kpi_def d;
    assert_ok(m, csvc_kpi_model_kpi_at(m, 1, &d));
    assert_string_equal(d.id, "first_response");
    assert_string_equal(d.metric, "frt_median");
    assert_int_equal(d.normalise, CSVC_NORM_BANDS);
    assert_int_equal(d.band_count, 4);
    assert_near(d.bands[3].threshold, 14400);
    assert_ok(m, csvc_kpi_model_kpi_at(m, 6, &d));
    assert_int_equal(d.scale, CSVC_SCALE_0_100);
    assert_near(d.group_weights[CSVC_RATER_CUSTOMER], 0.6);
    assert_near(d.group_weights[CSVC_RATER_SELF], 0);
    assert_ok(m, csvc_kpi_model_kpi_at(m, 7, &d));
    assert_null(d.metric);

    /* Export, load, export: the same text. */
    char *text, *again;
    size_t size, size2;
    assert_ok(m, csvc_kpi_model_export_json_buffer(m, &text, &size));
    assert_int_equal(strlen(text), size);
    csvc_kpi_model *copy;
    assert_csvc_ok(csvc_kpi_model_load_json_buffer(text, size, NULL, &copy));
    assert_ok(copy, csvc_kpi_model_export_json_buffer(copy, &again, &size2));
    assert_string_equal(text, again);
    assert_non_null(
        strstr(text, "\"group_weights\": {\"self\": 0, \"peer\": 0, \"supervisor\": 0.4"));
    csvc_free(text);
    csvc_free(again);
    csvc_kpi_model_free(copy);
    assert_int_equal(csvc_kpi_model_export_json_buffer(m, NULL, &size), CSVC_E_NULL);
    csvc_kpi_model_free(m);

    /* The schema's metric names are exactly the engine's. */
    json_error_t e;
    json_t *schema = json_load_file(EXAMPLES "kpi_model.schema.json", 0, &e);
    if (!schema)
        fail_msg("schema: %s (line %d)", e.text, e.line);
    json_t *objective = json_array_get(
        json_object_get(json_object_get(json_object_get(schema, "$defs"), "kpi"), "oneOf"), 0);
    json_t *names = json_object_get(
        json_object_get(json_object_get(objective, "properties"), "metric"), "enum");
    assert_int_equal(json_array_size(names), 31);
    for (size_t i = 0; i < json_array_size(names); i++)
        assert_string_equal(json_string_value(json_array_get(names, i)), csvc_kpi_metric_name(i));
    json_decref(schema);
}

/* A minimal valid document with `kpi` as its only KPI. */
static csvc_status load_with(const char *kpi, csvc_kpi_model **out)
{
    char doc[2048];
    snprintf(doc, sizeof doc, "{\"version\": \"v\", \"kpis\": [%s]}", kpi);
    return csvc_kpi_model_load_json_buffer(doc, strlen(doc), NULL, out);
}

static void test_json_errors(void **state)
{
    (void)state;
    csvc_kpi_model *m = NULL;
#define BAD_DOC(text, status, needle)                                                              \
    assert_status_msg(csvc_kpi_model_load_json_buffer(text, strlen(text), NULL, &m), status,       \
                      needle);                                                                     \
    assert_null(m)
#define BAD_KPI(kpi, status, needle)                                                               \
    assert_status_msg(load_with(kpi, &m), status, needle);                                         \
    assert_null(m)
    BAD_DOC("{\"version\": \"v\", \"kpis\": [", CSVC_E_PARSE, "kpi model JSON: line 1, column");
    BAD_DOC("", CSVC_E_PARSE, "kpi model JSON: line");
    BAD_DOC("[1]", CSVC_E_PARSE, "(document): expected an object");
    BAD_DOC("{\"version\": \"v\", \"version\": \"w\", \"kpis\": []}", CSVC_E_PARSE, "duplicate");
    BAD_DOC("{\"kpis\": []}", CSVC_E_PARSE, "version: required");
    BAD_DOC("{\"version\": 3, \"kpis\": []}", CSVC_E_PARSE, "version: expected a string");
    BAD_DOC("{\"version\": \"\", \"kpis\": []}", CSVC_E_INVALID, "version: empty");
    BAD_DOC("{\"version\": \"v\", \"kpis\": []}", CSVC_E_CONSTRAINT,
            "kpis: empty; a model needs at least one KPI");
    BAD_DOC("{\"version\": \"v\"}", CSVC_E_PARSE, "kpis: required");
    BAD_DOC("{\"version\": \"v\", \"kpis\": {}}", CSVC_E_PARSE, "kpis: expected an array");
    BAD_DOC("{\"version\": \"v\", \"kpi\": []}", CSVC_E_PARSE, "kpi: unknown field");
    BAD_DOC("{\"version\": \"v\", \"calibration\": 1, \"kpis\": []}", CSVC_E_PARSE,
            "calibration: expected true or false");
    BAD_DOC("{\"version\": \"v\", \"groups\": {\"boss\": {}}, \"kpis\": []}", CSVC_E_PARSE,
            "groups.boss: unknown rater group");
    BAD_DOC("{\"version\": \"v\", \"groups\": {\"peer\": {\"weight\": -1}}, \"kpis\": []}",
            CSVC_E_RANGE, "groups.peer.weight: must be finite and >= 0 (got -1)");
    BAD_DOC("{\"version\": \"v\", \"groups\": {\"peer\": {\"min_count\": 1.5}}, \"kpis\": []}",
            CSVC_E_PARSE, "groups.peer.min_count: expected an integer");
    BAD_DOC("{\"version\": \"v\", \"groups\": {\"peer\": {\"anonymity\": 0}}, \"kpis\": []}",
            CSVC_E_RANGE, "groups.peer.anonymity: must be >= 1");
    BAD_DOC(
        "{\"version\": \"v\", \"groups\": {\"peer\": {\"aggregation\": \"mode\"}}, \"kpis\": []}",
        CSVC_E_INVALID,
        "groups.peer.aggregation: unknown value 'mode' (mean, median, trimmed_mean)");
    BAD_DOC("{\"version\": \"v\", \"groups\": {\"peer\": {\"wieght\": 1}}, \"kpis\": []}",
            CSVC_E_PARSE, "groups.peer.wieght: unknown field");
    BAD_DOC("{\"version\": \"v\", \"grading\": {\"thresholds\": [90, 80, 70]}, \"kpis\": []}",
            CSVC_E_PARSE, "grading.thresholds: expected an array of 4 numbers");
    BAD_DOC("{\"version\": \"v\", \"grading\": {\"shares\": [50, 50, 50, 0, 0]}, \"kpis\": []}",
            CSVC_E_RANGE, "grading.forced_distribution: shares must add up to 100");
    BAD_DOC("{\"version\": \"v\", \"grading\": {\"forced\": \"yes\"}, \"kpis\": []}", CSVC_E_PARSE,
            "grading.forced: expected true or false");

    const char *obj = "\"source\": \"objective\", \"dimension\": \"quality\"";
    char kpi[1024];
    BAD_KPI("3", CSVC_E_PARSE, "kpis[0]: expected an object");
    snprintf(kpi, sizeof kpi,
             "{\"id\": \"a\", %s, \"weight\": 0, \"normalise\": {\"method\": "
             "\"linear\", \"floor\": 0, \"target\": 1}}",
             obj);
    BAD_KPI(kpi, CSVC_E_RANGE, "kpis[0].weight: must be positive (got 0)");
    snprintf(kpi, sizeof kpi,
             "{\"id\": \"a\", %s, \"weight\": -3, \"normalise\": {\"method\": "
             "\"linear\", \"floor\": 0, \"target\": 1}}",
             obj);
    BAD_KPI(kpi, CSVC_E_RANGE, "kpis[0].weight: must be positive (got -3)");
    snprintf(kpi, sizeof kpi, "{\"id\": \"a\", %s, \"weight\": \"1\"}", obj);
    BAD_KPI(kpi, CSVC_E_PARSE, "kpis[0].weight: expected a number");
    snprintf(kpi, sizeof kpi, "{\"id\": \"a\", %s}", obj);
    BAD_KPI(kpi, CSVC_E_PARSE, "kpis[0].weight: required");
    snprintf(kpi, sizeof kpi,
             "{\"id\": \"a\", %s, \"weight\": 1, \"metric\": \"csatt\", "
             "\"normalise\": {\"method\": \"linear\", \"floor\": 0, \"target\": 1}}",
             obj);
    BAD_KPI(kpi, CSVC_E_NOTFOUND, "kpis[0].metric: unknown metric 'csatt'");
    snprintf(kpi, sizeof kpi, "{\"id\": \"a\", %s, \"weight\": 1}", obj);
    BAD_KPI(kpi, CSVC_E_PARSE, "kpis[0].normalise: required for an objective KPI");
    snprintf(kpi, sizeof kpi,
             "{\"id\": \"a\", %s, \"weight\": 1, \"scale\": \"1-5\", "
             "\"normalise\": {\"method\": \"linear\", \"floor\": 0, \"target\": 1}}",
             obj);
    BAD_KPI(kpi, CSVC_E_PARSE, "kpis[0].scale: unknown field");
    snprintf(kpi, sizeof kpi,
             "{\"id\": \"a\", %s, \"weight\": 1, \"normalise\": {\"method\": "
             "\"linear\", \"floor\": 0}}",
             obj);
    BAD_KPI(kpi, CSVC_E_PARSE, "kpis[0].normalise.target: required");
    snprintf(kpi, sizeof kpi,
             "{\"id\": \"a\", %s, \"weight\": 1, \"normalise\": {\"method\": "
             "\"linear\", \"floor\": 5, \"target\": 1}}",
             obj);
    BAD_KPI(kpi, CSVC_E_RANGE, "kpis[0].normalise.target: higher is better needs floor < target");
    snprintf(kpi, sizeof kpi,
             "{\"id\": \"a\", %s, \"weight\": 1, \"normalise\": {\"method\": "
             "\"bands\", \"floor\": 5}}",
             obj);
    BAD_KPI(kpi, CSVC_E_PARSE, "kpis[0].normalise.floor: unknown field");
    snprintf(kpi, sizeof kpi,
             "{\"id\": \"a\", %s, \"weight\": 1, \"normalise\": {\"method\": "
             "\"bands\"}}",
             obj);
    BAD_KPI(kpi, CSVC_E_PARSE, "kpis[0].normalise.bands: required");
    snprintf(kpi, sizeof kpi,
             "{\"id\": \"a\", %s, \"weight\": 1, \"normalise\": {\"method\": "
             "\"bands\", \"bands\": []}}",
             obj);
    BAD_KPI(kpi, CSVC_E_RANGE, "kpis[0].normalise.bands: needs 1..32 bands (got 0)");
    snprintf(kpi, sizeof kpi,
             "{\"id\": \"a\", %s, \"weight\": 1, \"normalise\": {\"method\": "
             "\"bands\", \"bands\": [{\"threshold\": 1, \"points\": 10}, "
             "{\"threshold\": 2, \"points\": 120}]}}",
             obj);
    BAD_KPI(kpi, CSVC_E_RANGE, "kpis[0].normalise.bands[1].points: must be in 0..100 (got 120)");
    snprintf(kpi, sizeof kpi,
             "{\"id\": \"a\", %s, \"weight\": 1, \"normalise\": {\"method\": "
             "\"bands\", \"bands\": [{\"threshold\": 1}]}}",
             obj);
    BAD_KPI(kpi, CSVC_E_PARSE, "kpis[0].normalise.bands[0].points: required");
    snprintf(kpi, sizeof kpi,
             "{\"id\": \"a\", %s, \"weight\": 1, \"normalise\": {\"method\": "
             "\"steps\"}}",
             obj);
    BAD_KPI(kpi, CSVC_E_INVALID, "kpis[0].normalise.method: unknown value 'steps'");
    BAD_KPI("{\"id\": \"a\", \"source\": \"objective\", \"dimension\": \"fun\", \"weight\": 1}",
            CSVC_E_INVALID, "kpis[0].dimension: unknown value 'fun'");
    BAD_KPI("{\"id\": \"a\", \"source\": \"guess\"}", CSVC_E_INVALID,
            "kpis[0].source: unknown value");
    BAD_KPI("{\"id\": \"a\", \"dimension\": \"skill\", \"weight\": 1}", CSVC_E_PARSE,
            "kpis[0].source: required");
    BAD_KPI("{\"id\": \"a\", \"source\": \"rated\", \"dimension\": \"skill\", \"weight\": 1}",
            CSVC_E_PARSE, "kpis[0].scale: required");
    BAD_KPI("{\"id\": \"a\", \"source\": \"rated\", \"dimension\": \"skill\", \"weight\": 1, "
            "\"scale\": \"1-5\", \"metric\": \"csat\"}",
            CSVC_E_PARSE, "kpis[0].metric: unknown field");
    BAD_KPI("{\"id\": \"a\", \"source\": \"rated\", \"dimension\": \"skill\", \"weight\": 1, "
            "\"scale\": \"1-10\"}",
            CSVC_E_INVALID, "kpis[0].scale: unknown value '1-10'");
    BAD_KPI("{\"id\": \"a\", \"source\": \"rated\", \"dimension\": \"skill\", \"weight\": 1, "
            "\"scale\": \"1-5\", \"group_weights\": {\"peer\": -1}}",
            CSVC_E_RANGE, "kpis[0].group_weights.peer: must be >= 0");
    BAD_KPI("{\"id\": \"a\", \"source\": \"rated\", \"dimension\": \"skill\", \"weight\": 1, "
            "\"scale\": \"1-5\", \"group_weights\": {\"boss\": 1}}",
            CSVC_E_PARSE, "kpis[0].group_weights.boss: unknown rater group");
    BAD_KPI("{\"id\": \"a\", \"source\": \"rated\", \"dimension\": \"skill\", \"weight\": 1, "
            "\"scale\": \"1-5\", \"group_weights\": {\"self\": 0, \"peer\": 0, \"supervisor\": 0, "
            "\"subordinate\": 0, \"customer\": 0}}",
            CSVC_E_CONSTRAINT, "kpis[0].group_weights: every rater group has weight 0");
    BAD_KPI(
        "{\"id\": \"a b\\u0001\", \"source\": \"rated\", \"dimension\": \"skill\", \"weight\": 1, "
        "\"scale\": \"1-5\"}",
        CSVC_E_ENCODING, "kpis[0].id: invalid UTF-8 or control character");
    /* The path names the offending entry: kpis[1] is a duplicate. */
    const char *two = "{\"id\": \"a\", \"source\": \"rated\", \"dimension\": \"skill\", "
                      "\"weight\": 1, \"scale\": \"1-5\"}, {\"id\": \"a\", \"source\": \"rated\", "
                      "\"dimension\": \"skill\", \"weight\": 1, \"scale\": \"1-5\"}";
    BAD_KPI(two, CSVC_E_EXISTS, "kpis[1].id: kpi 'a' already exists");
#undef BAD_DOC
#undef BAD_KPI
    assert_status_msg(csvc_kpi_model_load_json("/nonexistent/model.json", NULL, &m), CSVC_E_IO,
                      "/nonexistent/model.json");
    assert_int_equal(csvc_kpi_model_load_json(NULL, NULL, &m), CSVC_E_NULL);
    assert_int_equal(csvc_kpi_model_load_json_buffer("{}", 2, NULL, NULL), CSVC_E_NULL);
    assert_int_equal(csvc_kpi_model_load_json_buffer(NULL, 2, NULL, &m), CSVC_E_NULL);
    /* "renormalize" is accepted as a spelling of "renormalise". */
    const char *us = "{\"version\": \"v\", \"groups\": {\"peer\": {\"missing\": \"renormalize\"}},"
                     " \"kpis\": [{\"id\": \"a\", \"source\": \"rated\", \"dimension\": \"skill\","
                     " \"weight\": 1, \"scale\": \"0-100\"}]}";
    assert_csvc_ok(csvc_kpi_model_load_json_buffer(us, strlen(us), NULL, &m));
    csvc_kpi_model_free(m);
}

/* The loader under allocation failure: every budget fails cleanly. */
static void test_json_allocation_failures(void **state)
{
    (void)state;
    FILE *fp = fopen(EXAMPLES "kpi_model.json", "rb");
    assert_non_null(fp);
    char doc[8192];
    size_t n = fread(doc, 1, sizeof doc, fp);
    fclose(fp);
    for (long budget = 0;; budget++) {
        test_failing_alloc fa = {budget, 0, 0};
        csvc_allocator a = test_failing_allocator(&fa);
        csvc_kpi_model *m = NULL;
        csvc_status rc = csvc_kpi_model_load_json_buffer(doc, n, &a, &m);
        if (rc == CSVC_OK) {
            assert_int_equal(csvc_kpi_model_kpi_count(m), 8);
            csvc_kpi_model_free(m);
            assert_int_equal(fa.live, 0);
            break;
        }
        assert_int_equal(rc, CSVC_E_NOMEM);
        assert_null(m);
        assert_int_equal(fa.live, 0);
    }
}

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

/* A model with one rated KPI "k" (1..5) every group may rate. */
static void rated_review(fx *f)
{
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
    rate(f, "B", "A", "k", CSVC_RATER_PEER, 5);
    rate(f, "X", "A", "k", CSVC_RATER_PEER, 5); /* inactive agents may still rate */
    rate(f, "D", "A", "k", CSVC_RATER_SUBORDINATE, 2);
    rate(f, "B", "S1", "k", CSVC_RATER_SUBORDINATE, 3);
    rate(f, "F", "S2", "k", CSVC_RATER_SUBORDINATE, 3);
    rate(f, "C-1001", "A", "k", CSVC_RATER_CUSTOMER, 5);
    rate(f, "G", "A", "k", CSVC_RATER_CUSTOMER, 4); /* an internal customer */
    assert_int_equal(csvc_kpi_review_rating_count(f->rv), 10);

#define DENIED(rater, ratee, g, needle)                                                            \
    do {                                                                                           \
        assert_status_msg(try_rate(f, rater, ratee, "k", g, 3), CSVC_E_PERM, needle);              \
        assert_string_equal(csvc_kpi_review_errmsg(f->rv), csvc_last_errmsg());                    \
        assert_int_equal(csvc_kpi_review_rating_count(f->rv), 10);                                 \
    } while (0)
    DENIED("B", "A", CSVC_RATER_SELF,
           "rating by 'B' of 'A' on 'k': self ratings come only from the ratee");
    DENIED("A", "A", CSVC_RATER_PEER, "the ratee may rate itself only in the self group");
    DENIED("A", "A", CSVC_RATER_CUSTOMER, "the ratee may rate itself only in the self group");
    DENIED("B", "A", CSVC_RATER_SUPERVISOR, "'B' is not the supervisor of 'A' (S1 is)");
    DENIED("S1", "D", CSVC_RATER_SUPERVISOR, "'S1' is not the supervisor of 'D' (A is)");
    DENIED("S2", "S1", CSVC_RATER_SUPERVISOR, "(nobody is)");
    DENIED("F", "A", CSVC_RATER_PEER,
           "peers must be in the same team ('F' is in 'T2', 'A' in 'T1')");
    DENIED("S2", "A", CSVC_RATER_PEER, "peers must be in the same team");
    DENIED("B", "A", CSVC_RATER_SUBORDINATE,
           "'B' neither reports to 'A' nor is in a team 'A' leads");
    DENIED("S1", "S2", CSVC_RATER_SUBORDINATE, "neither reports to");
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
    assert_int_equal(csvc_kpi_review_rating_count(f->rv), 10);
    csvc_kpi_rating x = CSVC_KPI_RATING_INIT;
    x.version = 2;
    assert_int_equal(csvc_kpi_review_rate(f->rv, &x), CSVC_E_VERSION);
    assert_int_equal(csvc_kpi_review_rate(f->rv, NULL), CSVC_E_NULL);
    assert_int_equal(csvc_kpi_review_rate(NULL, &x), CSVC_E_NULL);
}

static void test_rating_values_and_replacement(void **state)
{
    fx *f = *state;
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
    /* A replacement may move the rating to another group: S1 is in A's
     * team (a peer) and A's supervisor. */
    rate(f, "S1", "A", "p", CSVC_RATER_PEER, 40);
    compute(f);
    /* p for A: peers 0, 100, 40 -> mean 46.666..., no supervisor. */
    assert_near(kpi_result(f->res, "A", "p").score, 140.0 / 3.0);
    rate(f, "S1", "A", "p", CSVC_RATER_SUPERVISOR, 40);
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

/* ---- scoring: hand-computed cases ------------------------------------------------------- */

/* Groups self 0.2, peer 0.3, supervisor 0.5 (others 0); KPI k (1..5,
 * weight 2) with the model-wide weights and g (1..5, weight 1) with equal
 * weights for self, peer and supervisor. */
static void policy_model(fx *f, csvc_missing_policy peer_policy, int peer_min)
{
    group(f->m, CSVC_RATER_SELF, 0.2, CSVC_AGG_MEAN, 1, 1, CSVC_MISSING_RENORMALISE);
    group(f->m, CSVC_RATER_PEER, 0.3, CSVC_AGG_MEAN, peer_min, 1, peer_policy);
    group(f->m, CSVC_RATER_SUPERVISOR, 0.5, CSVC_AGG_MEAN, 1, 1, CSVC_MISSING_RENORMALISE);
    group(f->m, CSVC_RATER_SUBORDINATE, 0, CSVC_AGG_MEAN, 1, 1, CSVC_MISSING_RENORMALISE);
    group(f->m, CSVC_RATER_CUSTOMER, 0, CSVC_AGG_MEAN, 1, 1, CSVC_MISSING_RENORMALISE);
    const double equal[5] = {1, 1, 1, 0, 0};
    add_rated(f->m, "k", CSVC_DIM_SKILL, 2, CSVC_SCALE_1_5, NULL);
    add_rated(f->m, "g", CSVC_DIM_TEAMWORK, 1, CSVC_SCALE_1_5, equal);
    open_review(f);
    /* A: self 4 (75), supervisor S1 3 (50), on both KPIs; B: peer C 5 and
     * supervisor 5 on g, no self appraisal. */
    rate(f, "A", "A", "k", CSVC_RATER_SELF, 4);
    rate(f, "S1", "A", "k", CSVC_RATER_SUPERVISOR, 3);
    rate(f, "A", "A", "g", CSVC_RATER_SELF, 4);
    rate(f, "S1", "A", "g", CSVC_RATER_SUPERVISOR, 3);
    rate(f, "C", "B", "g", CSVC_RATER_PEER, 5);
    rate(f, "S1", "B", "g", CSVC_RATER_SUPERVISOR, 5);
    compute(f);
}

static void test_renormalise_missing_peer(void **state)
{
    fx *f = *state;
    policy_model(f, CSVC_MISSING_RENORMALISE, 1);
    /* k for A: (0.2*75 + 0.5*50) / (0.2 + 0.5) = 40 / 0.7 = 57.142857... */
    csvc_kpi_result k = kpi_result(f->res, "A", "k");
    assert_near(k.score, 40.0 / 0.7);
    assert_near(k.raw, 1 + 40.0 / 0.7 / 100 * 4); /* on the 1..5 scale: 3.2857... */
    assert_int_equal(k.flags, CSVC_KPI_RENORMALISED);
    csvc_kpi_group_result peer = group_result(f->res, "A", "k", CSVC_RATER_PEER);
    assert_int_equal(peer.count, 0);
    assert_int_equal(peer.flags, CSVC_KPI_MISSING | CSVC_KPI_RENORMALISED);
    assert_true(isnan(peer.aggregate));
    assert_near(peer.weight, 0.3);
    assert_near(peer.weight_used, 0);
    csvc_kpi_group_result self = group_result(f->res, "A", "k", CSVC_RATER_SELF);
    assert_int_equal(self.flags, 0);
    assert_near(self.aggregate, 75);
    assert_near(self.weight_used, 0.2 / 0.7);
    assert_near(group_result(f->res, "A", "k", CSVC_RATER_SUPERVISOR).weight_used, 0.5 / 0.7);
    assert_int_equal(group_result(f->res, "A", "k", CSVC_RATER_CUSTOMER).flags, CSVC_KPI_EXCLUDED);
    /* g for A: equal weights, (75 + 50) / 2 = 62.5. Composite:
     * (2 * 57.142857 + 1 * 62.5) / 3 = 58.928571... */
    assert_near(kpi_result(f->res, "A", "g").score, 62.5);
    csvc_kpi_agent_result a = agent_result(f->res, "A");
    assert_near(a.composite, (2 * (40.0 / 0.7) + 62.5) / 3);
    assert_near(a.dimensions[CSVC_DIM_SKILL], 40.0 / 0.7);
    assert_near(a.dimensions[CSVC_DIM_TEAMWORK], 62.5);
    assert_true(isnan(a.dimensions[CSVC_DIM_QUALITY]));
    assert_int_equal(a.flags, CSVC_KPI_RENORMALISED);
    /* Contributions add up to the composite: 2/3 * 57.14 + 1/3 * 62.5. */
    csvc_kpi_result kg = kpi_result(f->res, "A", "g");
    assert_near(k.weight_share, 2.0 / 3.0);
    assert_near(kg.weight_share, 1.0 / 3.0);
    assert_near(k.contribution + kg.contribution, a.composite);
    /* "Goal 5, feedback 5, no self appraisal must give 5, not 3.33": B's g
     * is 100 (5 on the scale); k has no rating at all, so B's composite is
     * g alone and k is left out. */
    csvc_kpi_result bg = kpi_result(f->res, "B", "g");
    assert_near(bg.score, 100);
    assert_near(bg.raw, 5);
    csvc_kpi_result bk = kpi_result(f->res, "B", "k");
    assert_true(isnan(bk.score));
    assert_int_equal(bk.flags, CSVC_KPI_MISSING | CSVC_KPI_RENORMALISED);
    assert_near(bk.weight_share, 0);
    csvc_kpi_agent_result b = agent_result(f->res, "B");
    assert_near(b.composite, 100);
    assert_int_equal(b.flags, CSVC_KPI_RENORMALISED | CSVC_KPI_PARTIAL);
    /* C has no rating at all: no composite, no grade, no rank. */
    csvc_kpi_agent_result c = agent_result(f->res, "C");
    assert_true(isnan(c.composite));
    assert_int_equal(c.flags & CSVC_KPI_MISSING, CSVC_KPI_MISSING);
    assert_int_equal(c.grade, 0);
    assert_string_equal(c.grade_label, "");
    assert_int_equal(c.rank_desk, 0);
    assert_true(isnan(c.percentile_desk));
}

static void test_zero_missing_peer(void **state)
{
    fx *f = *state;
    policy_model(f, CSVC_MISSING_ZERO, 1);
    /* k for A: (0.2*75 + 0.3*0 + 0.5*50) / 1.0 = 40. */
    csvc_kpi_result k = kpi_result(f->res, "A", "k");
    assert_near(k.score, 40);
    assert_int_equal(k.flags, CSVC_KPI_ZERO_FILLED);
    csvc_kpi_group_result peer = group_result(f->res, "A", "k", CSVC_RATER_PEER);
    assert_int_equal(peer.flags, CSVC_KPI_MISSING | CSVC_KPI_ZERO_FILLED);
    assert_near(peer.weight_used, 0.3);
    assert_true(isnan(peer.aggregate));
    /* g for A: (75 + 0 + 50) / 3 = 41.666... */
    assert_near(kpi_result(f->res, "A", "g").score, 125.0 / 3.0);
    /* B's k: every group missing; the zero-filled peer gives score 0. */
    csvc_kpi_result bk = kpi_result(f->res, "B", "k");
    assert_near(bk.score, 0);
    assert_int_equal(bk.flags, CSVC_KPI_ZERO_FILLED | CSVC_KPI_RENORMALISED);
}

static void test_incomplete_missing_peer(void **state)
{
    fx *f = *state;
    policy_model(f, CSVC_MISSING_INCOMPLETE, 1);
    csvc_kpi_result k = kpi_result(f->res, "A", "k");
    assert_true(isnan(k.score));
    assert_true(isnan(k.raw));
    assert_int_equal(k.flags, CSVC_KPI_INCOMPLETE);
    assert_near(k.weight_share, 0);
    assert_int_equal(group_result(f->res, "A", "k", CSVC_RATER_PEER).flags,
                     CSVC_KPI_MISSING | CSVC_KPI_INCOMPLETE);
    assert_near(group_result(f->res, "A", "k", CSVC_RATER_SELF).weight_used, 0);
    csvc_kpi_agent_result a = agent_result(f->res, "A");
    assert_true(isnan(a.composite));
    /* Both KPIs are incomplete: no KPI has a score either. */
    assert_int_equal(a.flags, CSVC_KPI_INCOMPLETE | CSVC_KPI_MISSING);
    assert_int_equal(a.grade, 0);
    assert_int_equal(a.rank_team, 0);
    for (int d = 0; d < 5; d++)
        assert_true(isnan(a.dimensions[d]));
    /* B has its peer on g, so g is complete; k is incomplete. */
    assert_near(kpi_result(f->res, "B", "g").score, 100);
    assert_true(isnan(composite(f->res, "B")));
}

static void test_min_count(void **state)
{
    fx *f = *state;
    policy_model(f, CSVC_MISSING_RENORMALISE, 2);
    /* B's single peer on g is below min_count 2: missing, renormalised;
     * g = supervisor alone = 100 anyway; A unaffected. */
    csvc_kpi_group_result peer = group_result(f->res, "B", "g", CSVC_RATER_PEER);
    assert_int_equal(peer.count, 1);
    assert_int_equal(peer.flags, CSVC_KPI_MISSING | CSVC_KPI_BELOW_MIN | CSVC_KPI_RENORMALISED);
    assert_true(isnan(peer.aggregate));
    assert_near(group_result(f->res, "B", "g", CSVC_RATER_SUPERVISOR).weight_used, 1.0);
    assert_near(kpi_result(f->res, "A", "k").score, 40.0 / 0.7);
}

/* One 0..100 KPI p rated by peers only, with `agg`. */
static void peer_only_review(fx *f, csvc_aggregation agg)
{
    group(f->m, CSVC_RATER_PEER, 1, agg, 1, 1, CSVC_MISSING_RENORMALISE);
    add_rated(f->m, "p", CSVC_DIM_SKILL, 1, CSVC_SCALE_0_100, ONLY_PEER);
    add_rated(f->m, "q", CSVC_DIM_SKILL, 1, CSVC_SCALE_0_100, ONLY_PEER);
    open_review(f);
}

static void test_trimmed_mean(void **state)
{
    fx *f = *state;
    peer_only_review(f, CSVC_AGG_TRIMMED_MEAN);
    /* A, 4 ratings (10, 50, 60, 100): no trimming, mean 55. */
    rate(f, "B", "A", "p", CSVC_RATER_PEER, 10);
    rate(f, "C", "A", "p", CSVC_RATER_PEER, 50);
    rate(f, "D", "A", "p", CSVC_RATER_PEER, 60);
    rate(f, "E", "A", "p", CSVC_RATER_PEER, 100);
    compute(f);
    assert_near(kpi_result(f->res, "A", "p").score, 55);
    /* 5 ratings (+ S1 80): drop 10 and 100, (50 + 60 + 80) / 3 = 63.333... */
    rate(f, "S1", "A", "p", CSVC_RATER_PEER, 80);
    compute(f);
    assert_near(kpi_result(f->res, "A", "p").score, 190.0 / 3.0);
    assert_near(group_result(f->res, "A", "p", CSVC_RATER_PEER).aggregate, 190.0 / 3.0);
    /* 6 ratings (+ X 0): drop 0 and 100, (10 + 50 + 60 + 80) / 4 = 50. */
    rate(f, "X", "A", "p", CSVC_RATER_PEER, 0);
    compute(f);
    assert_near(kpi_result(f->res, "A", "p").score, 50);
    /* Ties at the extremes: 50, 50, 50, 90, 90 drops exactly one 50 and one
     * 90: (50 + 50 + 90) / 3 = 63.333... */
    static const char *const raters[] = {"B", "C", "D", "E", "S1"};
    static const double values[] = {50, 90, 50, 90, 50};
    for (int i = 0; i < 5; i++)
        rate(f, raters[i], "A", "q", CSVC_RATER_PEER, values[i]);
    /* All equal: 70 x 5 -> 70. */
    static const char *const raters_b[] = {"A", "C", "D", "E", "S1"};
    for (int i = 0; i < 5; i++)
        rate(f, raters_b[i], "B", "q", CSVC_RATER_PEER, 70);
    compute(f);
    assert_near(kpi_result(f->res, "A", "q").score, 190.0 / 3.0);
    assert_near(kpi_result(f->res, "B", "q").score, 70);
}

static void test_median(void **state)
{
    fx *f = *state;
    peer_only_review(f, CSVC_AGG_MEDIAN);
    /* A: 10, 20, 60, 100 -> (20 + 60) / 2 = 40 (the mean would be 47.5). */
    rate(f, "B", "A", "p", CSVC_RATER_PEER, 100);
    rate(f, "C", "A", "p", CSVC_RATER_PEER, 20);
    rate(f, "D", "A", "p", CSVC_RATER_PEER, 10);
    rate(f, "E", "A", "p", CSVC_RATER_PEER, 60);
    /* B: 30, 10, 20 -> 20. C: 10, 100 -> 55. */
    rate(f, "A", "B", "p", CSVC_RATER_PEER, 30);
    rate(f, "C", "B", "p", CSVC_RATER_PEER, 10);
    rate(f, "D", "B", "p", CSVC_RATER_PEER, 20);
    rate(f, "A", "C", "p", CSVC_RATER_PEER, 10);
    rate(f, "B", "C", "p", CSVC_RATER_PEER, 100);
    /* E: 80, 0, 60, 100, 20, 10 -> sorted 0 10 20 60 80 100 -> 40. */
    static const char *const raters[] = {"A", "B", "C", "D", "S1", "X"};
    static const double values[] = {80, 0, 60, 100, 20, 10};
    for (int i = 0; i < 6; i++)
        rate(f, raters[i], "E", "p", CSVC_RATER_PEER, values[i]);
    /* D: 50, 50, 70, 70 -> 60; one rating 42 on q -> 42. */
    rate(f, "A", "D", "p", CSVC_RATER_PEER, 70);
    rate(f, "B", "D", "p", CSVC_RATER_PEER, 50);
    rate(f, "C", "D", "p", CSVC_RATER_PEER, 70);
    rate(f, "E", "D", "p", CSVC_RATER_PEER, 50);
    rate(f, "A", "D", "q", CSVC_RATER_PEER, 42);
    /* Customers rate c (median): 20 ratings 0, 5, ..., 95 for A -> (45 +
     * 50) / 2 = 47.5; 21 (with 100) for B -> 50. Beyond 16 ratings the
     * median is found by selection rather than by sorting. */
    group(f->m, CSVC_RATER_CUSTOMER, 1, CSVC_AGG_MEDIAN, 1, 1, CSVC_MISSING_RENORMALISE);
    add_rated(f->m, "c", CSVC_DIM_QUALITY, 1, CSVC_SCALE_0_100, ONLY_CUSTOMER);
    csvc_kpi_review *keep = f->rv;
    open_review(f);
    for (int i = 0; i < 21; i++) {
        char id[16];
        snprintf(id, sizeof id, "CU%d", (i * 8) % 21); /* not in value order */
        double v = 5.0 * ((i * 8) % 21);
        if (v < 100)
            rate(f, id, "A", "c", CSVC_RATER_CUSTOMER, v);
        rate(f, id, "B", "c", CSVC_RATER_CUSTOMER, v);
    }
    compute(f);
    assert_near(kpi_result(f->res, "A", "c").score, 47.5);
    assert_near(kpi_result(f->res, "B", "c").score, 50);
    csvc_kpi_review_free(f->rv);
    f->rv = keep;
    compute(f);
    assert_near(kpi_result(f->res, "A", "p").score, 40);
    assert_near(kpi_result(f->res, "B", "p").score, 20);
    assert_near(kpi_result(f->res, "C", "p").score, 55);
    assert_near(kpi_result(f->res, "E", "p").score, 40);
    assert_near(kpi_result(f->res, "D", "p").score, 60);
    assert_near(kpi_result(f->res, "D", "q").score, 42);
}

/* Customers (any ids) rate p (0..100, customers only) with calibration on. */
static void calibrated_review(fx *f)
{
    group(f->m, CSVC_RATER_CUSTOMER, 1, CSVC_AGG_MEAN, 1, 1, CSVC_MISSING_RENORMALISE);
    add_rated(f->m, "p", CSVC_DIM_QUALITY, 1, CSVC_SCALE_0_100, ONLY_CUSTOMER);
    assert_ok(f->m, csvc_kpi_model_set_calibration(f->m, 1));
    open_review(f);
}

static void test_calibration(void **state)
{
    fx *f = *state;
    calibrated_review(f);
    /* R1 is lenient (A 90, B 70: mean 80, sd 10), R2 severe (A 40, B 20:
     * mean 30, sd 10): both z = +1 for A and -1 for B. R3 rates once (z 0),
     * R4 always gives 70 (sd 0, z 0). Population: 90 70 40 20 60 70 70,
     * mean 420/7 = 60, squared deviations 900+100+400+1600+0+100+100 = 3200,
     * sd = sqrt(3200/7). Calibrated: A's ratings 60+sd, 60+sd, 60 -> mean
     * 60 + 2sd/3; B's 60-sd, 60-sd -> 60 - sd; C and E get 60. */
    rate(f, "R1", "A", "p", CSVC_RATER_CUSTOMER, 90);
    rate(f, "R1", "B", "p", CSVC_RATER_CUSTOMER, 70);
    rate(f, "R2", "A", "p", CSVC_RATER_CUSTOMER, 40);
    rate(f, "R2", "B", "p", CSVC_RATER_CUSTOMER, 20);
    rate(f, "R3", "A", "p", CSVC_RATER_CUSTOMER, 60);
    rate(f, "R4", "C", "p", CSVC_RATER_CUSTOMER, 70);
    rate(f, "R4", "E", "p", CSVC_RATER_CUSTOMER, 70);
    compute(f);
    double sd = sqrt(3200.0 / 7.0);
    assert_near(kpi_result(f->res, "A", "p").score, 60 + 2 * sd / 3);
    assert_near(kpi_result(f->res, "B", "p").score, 60 - sd);
    assert_near(kpi_result(f->res, "C", "p").score, 60);
    assert_near(kpi_result(f->res, "E", "p").score, 60);
    assert_near(group_result(f->res, "A", "p", CSVC_RATER_CUSTOMER).aggregate, 60 + 2 * sd / 3);
    /* Uncalibrated, the same ratings give A (90+40+60)/3 = 63.33 and B 45. */
    csvc_kpi_review_free(f->rv);
    assert_ok(f->m, csvc_kpi_model_set_calibration(f->m, 0));
    open_review(f);
    rate(f, "R1", "A", "p", CSVC_RATER_CUSTOMER, 90);
    rate(f, "R2", "A", "p", CSVC_RATER_CUSTOMER, 40);
    rate(f, "R3", "A", "p", CSVC_RATER_CUSTOMER, 60);
    rate(f, "R1", "B", "p", CSVC_RATER_CUSTOMER, 70);
    rate(f, "R2", "B", "p", CSVC_RATER_CUSTOMER, 20);
    compute(f);
    assert_near(kpi_result(f->res, "A", "p").score, 190.0 / 3.0);
    assert_near(kpi_result(f->res, "B", "p").score, 45);
}

static void test_calibration_clamps(void **state)
{
    fx *f = *state;
    calibrated_review(f);
    /* R1: A 100, B C D E 50 (mean 60, sd sqrt((1600 + 4*100)/5) = 20;
     * z = 2 and -0.5); R2: F 0, G 100 (mean 50, sd 50; z = -1, +1).
     * Population mean 400/7, variance 30000/7 - (400/7)^2 = 50000/49, sd
     * sqrt(50000)/7 = 31.94. A: 400/7 + 2 sd = 121.03 -> clamped to 100. */
    rate(f, "R1", "A", "p", CSVC_RATER_CUSTOMER, 100);
    rate(f, "R1", "B", "p", CSVC_RATER_CUSTOMER, 50);
    rate(f, "R1", "C", "p", CSVC_RATER_CUSTOMER, 50);
    rate(f, "R1", "D", "p", CSVC_RATER_CUSTOMER, 50);
    rate(f, "R1", "E", "p", CSVC_RATER_CUSTOMER, 50);
    rate(f, "R2", "F", "p", CSVC_RATER_CUSTOMER, 0);
    rate(f, "R2", "G", "p", CSVC_RATER_CUSTOMER, 100);
    compute(f);
    double mean = 400.0 / 7.0, sd = sqrt(50000.0) / 7.0;
    assert_near(kpi_result(f->res, "A", "p").score, 100);
    assert_near(kpi_result(f->res, "B", "p").score, mean - 0.5 * sd);
    assert_near(kpi_result(f->res, "F", "p").score, mean - sd);
    assert_near(kpi_result(f->res, "G", "p").score, mean + sd);
}

static void test_normalisation_boundaries(void **state)
{
    fx *f = *state;
    add_linear(f->m, "lin_hi", NULL, CSVC_HIGHER_IS_BETTER, 60, 90, 1);
    add_linear(f->m, "lin_lo", NULL, CSVC_LOWER_IS_BETTER, 300, 60, 1);
    static const csvc_kpi_band hi[] = {{0.8, 50}, {0.9, 80}, {0.95, 100}};
    static const csvc_kpi_band lo[] = {{30, 100}, {60, 80}, {120, 50}};
    add_bands(f->m, "band_hi", CSVC_HIGHER_IS_BETTER, hi, 3);
    add_bands(f->m, "band_lo", CSVC_LOWER_IS_BETTER, lo, 3);
    open_review(f);
    static const char *const agents[] = {"S1", "A", "B", "C", "D", "E", "S2", "F", "G"};
    static const struct {
        const char *kpi;
        double value[9];
        double score[9];
    } cases[] = {
        /* (v - 60) / 30 * 100, clamped: at target 100, at floor 0, above 100,
         * below 0, midway 50, 89.999 -> 99.99666..., 60.3 -> 1. */
        {"lin_hi",
         {90, 60, 95, 50, 75, 89.999, 60.3, NAN, NAN},
         {100, 0, 100, 0, 50, 29.999 / 30 * 100, 1, NAN, NAN}},
        /* (300 - v) / 240 * 100, clamped: 120 -> 75, 299.76 -> 0.1. */
        {"lin_lo",
         {60, 300, 30, 400, 120, 299.76, 0, 1e9, -1e9},
         {100, 0, 100, 0, 75, 0.1, 100, 0, 100}},
        /* Lower bounds inclusive, compared rounded to 1e-6: 0.8999999 is
         * 0.9 (80); 0.899999 is not (50); 0.1 + 0.7 = 0.79999999999999993
         * rounds to 0.8 (50); below 0.8: 0. */
        {"band_hi",
         {0.9, 0.8999999, 0.899999, 0.95, 0.96, 0.79, 0.8, 0.1 + 0.7, 1e6},
         {80, 80, 50, 100, 100, 0, 50, 50, 100}},
        /* Upper bounds inclusive: 30 -> 100, 30.000001 -> 80, 60 -> 80,
         * 120 -> 50, 121 -> 0, 30.0000004 rounds to 30 (100),
         * 119.9999999 rounds to 120 (50). */
        {"band_lo",
         {30, 30.000001, 60, 120, 121, 0, 30.0000004, 119.9999999, 1e9},
         {100, 80, 80, 50, 0, 100, 100, 50, 0}},
    };
    for (size_t c = 0; c < 4; c++)
        for (int i = 0; i < 9; i++)
            if (!isnan(cases[c].value[i]))
                assert_ok(f->rv, csvc_kpi_review_set_objective(
                                            f->rv, agents[i], cases[c].kpi, cases[c].value[i]));
    /* F's lin_hi was set then cleared with NaN. */
    assert_ok(f->rv, csvc_kpi_review_set_objective(f->rv, "F", "lin_hi", 70));
    assert_ok(f->rv, csvc_kpi_review_set_objective(f->rv, "F", "lin_hi", NAN));
    compute(f);
    for (size_t c = 0; c < 4; c++)
        for (int i = 0; i < 9; i++) {
            csvc_kpi_result r = kpi_result(f->res, agents[i], cases[c].kpi);
            if (isnan(cases[c].score[i])) {
                assert_true(isnan(r.score));
                assert_int_equal(r.flags, CSVC_KPI_MISSING);
                continue;
            }
            if (fabs(r.score - cases[c].score[i]) > 1e-9)
                fail_msg("%s of %s (value %.10g): score %.15g, expected %.15g", cases[c].kpi,
                         agents[i], cases[c].value[i], r.score, cases[c].score[i]);
            assert_near(r.raw, cases[c].value[i]);
        }
    /* D: 50, 75, 100, 0 with equal weights: 56.25. F: lin_hi missing,
     * (0 + 50 + 50) / 3: left out, PARTIAL. */
    assert_near(composite(f->res, "D"), 56.25);
    csvc_kpi_agent_result fr = agent_result(f->res, "F");
    assert_near(fr.composite, 100.0 / 3.0);
    assert_int_equal(fr.flags, CSVC_KPI_PARTIAL);
}

/* ---- objective values: desk metrics, caller tables ------------------------------------ */

static void metrics_model(fx *f)
{
    csvc_kpi_def d = CSVC_KPI_DEF_INIT;
    add_linear(f->m, "frt", "frt_median", CSVC_LOWER_IS_BETTER, 600, 60, 1);
    d.id = "csat";
    d.metric = "csat";
    d.floor = 0.7;
    d.target = 0.95;
    d.dimension = CSVC_DIM_QUALITY;
    assert_ok(f->m, csvc_kpi_model_add_kpi(f->m, &d));
    d.id = "complaints";
    d.metric = "complaint_rate";
    d.direction = CSVC_LOWER_IS_BETTER;
    d.floor = 5;
    d.target = 0.5;
    assert_ok(f->m, csvc_kpi_model_add_kpi(f->m, &d));
    add_linear(f->m, "ideas", NULL, CSVC_HIGHER_IS_BETTER, 0, 3, 1);
    open_review(f);
}

static void test_metrics_table(void **state)
{
    fx *f = *state;
    metrics_model(f);
    assert_ok(f->rv, csvc_kpi_review_set_objective(f->rv, "A", "ideas", 3));
    /* Roster order: S1 A B C D E S2 F G X. */
    csvc_metrics rows[10];
    for (int i = 0; i < 10; i++) {
        memset(&rows[i], 0, sizeof rows[i]);
        rows[i].version = CSVC_METRICS_VERSION;
        rows[i].first_response_median = rows[i].csat = rows[i].complaint_rate = NAN;
    }
    /* A: frt 60 (target) -> 100, csat 0.95 (target) -> 100, complaints 0.5
     * (target) -> 100. B: frt 330 -> (600-330)/540 = 50 %, csat 0.825 ->
     * 0.125/0.25 = 50 %, complaints 2.75 -> 2.25/4.5 = 50 %. C: frt 700 ->
     * 0 (beyond the floor), csat NaN (no rated ticket) -> missing,
     * complaints 0 -> 100. */
    rows[1].first_response_median = 60, rows[1].csat = 0.95, rows[1].complaint_rate = 0.5;
    rows[2].first_response_median = 330, rows[2].csat = 0.825, rows[2].complaint_rate = 2.75;
    rows[3].first_response_median = 700, rows[3].complaint_rate = 0;
    assert_status_msg(csvc_kpi_review_set_metrics(f->rv, rows, 9), CSVC_E_INVALID,
                      "n is 9 but the roster has 10 agents");
    rows[5].version = 0;
    assert_status_msg(csvc_kpi_review_set_metrics(f->rv, rows, 10), CSVC_E_VERSION, "rows[5]");
    rows[5].version = CSVC_METRICS_VERSION;
    assert_int_equal(csvc_kpi_review_set_metrics(f->rv, NULL, 10), CSVC_E_NULL);
    assert_ok(f->rv, csvc_kpi_review_set_metrics(f->rv, rows, 10));
    compute(f);
    /* A: (100 + 100 + 100 + ideas 3/3 = 100) / 4 = 100. */
    assert_near(composite(f->res, "A"), 100);
    assert_near(kpi_result(f->res, "A", "ideas").raw, 3); /* kept by set_metrics */
    assert_near(kpi_result(f->res, "B", "frt").score, 50);
    assert_near(kpi_result(f->res, "B", "csat").score, 50);
    assert_near(kpi_result(f->res, "B", "complaints").score, 50);
    assert_near(composite(f->res, "B"), 50); /* ideas missing: left out */
    csvc_kpi_agent_result c = agent_result(f->res, "C");
    assert_near(kpi_result(f->res, "C", "frt").score, 0);
    assert_int_equal(kpi_result(f->res, "C", "csat").flags, CSVC_KPI_MISSING);
    assert_near(c.composite, 50); /* (0 + 100) / 2 */
    assert_near(c.dimensions[CSVC_DIM_EFFICIENCY], 0);
    assert_near(c.dimensions[CSVC_DIM_QUALITY], 100);
    assert_int_equal(c.flags, CSVC_KPI_PARTIAL);
    assert_true(isnan(composite(f->res, "S1")));

    /* Errors of set_objective. */
    assert_status_msg(csvc_kpi_review_set_objective(f->rv, "Z", "ideas", 1), CSVC_E_NOTFOUND,
                      "agent 'Z' not found");
    assert_status_msg(csvc_kpi_review_set_objective(f->rv, "A", "zz", 1), CSVC_E_NOTFOUND,
                      "unknown kpi 'zz'");
    assert_status_msg(csvc_kpi_review_set_objective(f->rv, "A", "ideas", INFINITY), CSVC_E_RANGE,
                      "is not finite");
    assert_int_equal(csvc_kpi_review_set_objective(f->rv, NULL, "ideas", 1), CSVC_E_NULL);
}

static void test_load_desk(void **state)
{
    fx *f = *state;
    add_linear(f->m, "frt", "frt_median", CSVC_LOWER_IS_BETTER, 600, 60, 1);
    add_linear(f->m, "rr", "resolution_rate", CSVC_HIGHER_IS_BETTER, 0, 1, 1);
    add_rated(f->m, "k", CSVC_DIM_SKILL, 1, CSVC_SCALE_1_5, NULL);
    open_review(f);
    /* A handles T-1 (first reply after 120 s, resolved) and T-2 (first
     * reply after 180 s, open): resolution rate 1/2 -> 50; median first
     * response 150 s -> (600 - 150) / 540 = 83.33. */
    csvc_desk *d;
    assert_csvc_ok(csvc_desk_new(f->r, NULL, &d));
    char csv[1024];
    long long t = (long long)(T0 - 10 * 86400);
    snprintf(csv, sizeof csv,
             "ticket_id,type,time,actor_id,agent_id,team_id\n"
             "T-1,created,%lld,,,T1\nT-1,assigned,%lld,,A,\nT-1,agent_reply,%lld,A,,\n"
             "T-1,resolved,%lld,A,,\n"
             "T-2,created,%lld,,,T1\nT-2,assigned,%lld,,A,\nT-2,agent_reply,%lld,A,,\n",
             t, t + 60, t + 120, t + 300, t, t + 60, t + 180);
    assert_csvc_ok_msg(csvc_desk_import_events_csv_buffer(d, csv, strlen(csv)),
                       csvc_desk_errmsg(d));
    assert_ok(f->rv, csvc_kpi_review_load_desk(f->rv, d));
    compute(f);
    assert_near(kpi_result(f->res, "A", "rr").raw, 0.5);
    assert_near(kpi_result(f->res, "A", "rr").score, 50);
    assert_near(kpi_result(f->res, "A", "frt").raw, 150);
    assert_near(kpi_result(f->res, "A", "frt").score, 450.0 / 540.0 * 100);
    /* B handled nothing: the rates have no value, so the KPIs are missing. */
    assert_int_equal(kpi_result(f->res, "B", "rr").flags, CSVC_KPI_MISSING);
    /* A desk over another roster is refused. */
    csvc_roster *other = fixture_roster();
    csvc_desk *d2;
    assert_csvc_ok(csvc_desk_new(other, NULL, &d2));
    assert_status_msg(csvc_kpi_review_load_desk(f->rv, d2), CSVC_E_INVALID,
                      "the desk works on another roster");
    assert_int_equal(csvc_kpi_review_load_desk(f->rv, NULL), CSVC_E_NULL);
    csvc_desk_free(d2);
    csvc_roster_free(other);
    csvc_desk_free(d);
}

/* ---- grades, ranks, percentiles --------------------------------------------------------- */

/* A roster of K01..K11: teams TA (K01-K05) and TB (K06-K11); one
 * caller-supplied KPI "v" scored 0..100 linearly, so composite = value. */
static void graded_review(fx *f, const double *values, const csvc_kpi_grading *g)
{
    csvc_roster_free(f->r);
    assert_csvc_ok(csvc_roster_new(NULL, &f->r));
    fx_add_team(f->r, "TA");
    fx_add_team(f->r, "TB");
    char id[8];
    for (int i = 1; i <= 11; i++) {
        snprintf(id, sizeof id, "K%02d", i);
        fx_add_agent_full(f->r, id, i <= 5 ? "TA" : "TB", NULL, 0, 1);
    }
    add_linear(f->m, "v", NULL, CSVC_HIGHER_IS_BETTER, 0, 100, 1);
    if (g)
        assert_ok(f->m, csvc_kpi_model_set_grading(f->m, g));
    open_review(f);
    for (int i = 1; i <= 11; i++) {
        snprintf(id, sizeof id, "K%02d", i);
        if (!isnan(values[i - 1]))
            assert_ok(f->rv, csvc_kpi_review_set_objective(f->rv, id, "v", values[i - 1]));
    }
    compute(f);
}

static void test_forced_distribution_with_ties(void **state)
{
    fx *f = *state;
    /* K10 has no value; K11 = 90.0000004 rounds to 90 and ties with K02-K04. */
    const double values[11] = {95, 90, 90, 90, 80, 70, 70, 60, 50, NAN, 90.0000004};
    csvc_kpi_grading g = CSVC_KPI_GRADING_INIT;
    g.forced = 1;
    g.shares[0] = 20, g.shares[1] = 30, g.shares[2] = 30, g.shares[3] = 20, g.shares[4] = 0;
    graded_review(f, values, &g);
    /* 10 graded agents: sizes 2, 3, 3, 2, 0 (exact quotas). Order by rounded
     * composite then id: K01 | K02 K03 K04 K11 | K05 | K06 K07 | K08 | K09.
     * S: K01 K02; A: K03 K04 K11; B: K05 K06 K07; C: K08 K09. The 90-tie
     * is split between S and A by id. */
    static const char *const expect[11] = {"S", "S", "A", "A", "B", "B", "B", "C", "C", "", "A"};
    /* Desk ranks (competition): 1, 2 2 2 2, 6, 7 7, 9, 10.
     * Percentiles, N = 10: K01 9/9 = 100; 90s (5 lower + 3/2) / 9 =
     * 72.22; K05 4/9 = 44.44; 70s (2 + 1/2)/9 = 27.78; K08 1/9; K09 0. */
    static const int rank[11] = {1, 2, 2, 2, 6, 7, 7, 9, 10, 0, 2};
    static const double pct[11] = {100,       650.0 / 9, 650.0 / 9, 650.0 / 9, 400.0 / 9, 250.0 / 9,
                                   250.0 / 9, 100.0 / 9, 0,         NAN,       650.0 / 9};
    /* Teams: TA = 95 90 90 90 80 -> ranks 1 2 2 2 5; percentiles (N 5)
     * 100, (1 + 1)/4 = 50, 50, 50, 0. TB (K10 unranked) = 70 70 60 50 90
     * -> K11 1 (100), K06 K07 2 ((2 + 0.5)/4 = 62.5), K08 4 (25), K09 5 (0). */
    static const int team_rank[11] = {1, 2, 2, 2, 5, 2, 2, 4, 5, 0, 1};
    static const double team_pct[11] = {100, 50, 50, 50, 0, 62.5, 62.5, 25, 0, NAN, 100};
    char id[8];
    for (int i = 1; i <= 11; i++) {
        snprintf(id, sizeof id, "K%02d", i);
        csvc_kpi_agent_result r = agent_result(f->res, id);
        if (strcmp(r.grade_label, expect[i - 1]) != 0)
            fail_msg("%s: grade %s, expected %s", id, r.grade_label, expect[i - 1]);
        assert_int_equal(r.rank_desk, rank[i - 1]);
        assert_int_equal(r.rank_team, team_rank[i - 1]);
        if (isnan(pct[i - 1])) {
            assert_true(isnan(r.percentile_desk));
            assert_int_equal(r.desk_size, 0);
            assert_int_equal(r.grade, 0);
            continue;
        }
        assert_near(r.percentile_desk, pct[i - 1]);
        assert_near(r.percentile_team, team_pct[i - 1]);
        assert_int_equal(r.desk_size, 10);
        assert_int_equal(r.team_size, 5);
    }
    assert_int_equal(agent_result(f->res, "K01").grade, 5);
    assert_int_equal(agent_result(f->res, "K09").grade, 2);

    /* 7 graded agents with 10/20/40/20/10: quotas 0.7 1.4 2.8 1.4 0.7,
     * floors 0 1 2 1 0 (4), 3 left over: largest remainders .8 (B), then
     * the .7 tie goes to the better grade first (S), then D: sizes 1 1 3 1 1. */
    csvc_kpi_results_free(f->res);
    f->res = NULL;
    csvc_kpi_review_free(f->rv);
    f->rv = NULL;
    csvc_kpi_model_free(f->m);
    assert_csvc_ok(csvc_kpi_model_new(NULL, "t1", &f->m));
    const double seven[11] = {10, 20, 30, 40, 50, 60, 70, NAN, NAN, NAN, NAN};
    csvc_kpi_grading_init(&g);
    g.forced = 1;
    graded_review(f, seven, &g);
    static const char *const expect7[7] = {"D", "C", "B", "B", "B", "A", "S"};
    for (int i = 1; i <= 7; i++) {
        snprintf(id, sizeof id, "K%02d", i);
        assert_string_equal(agent_result(f->res, id).grade_label, expect7[i - 1]);
    }
}

static void test_grade_thresholds(void **state)
{
    fx *f = *state;
    /* Rounded to 1e-6 before comparing: 89.9999996 -> 90 (S); 89.9999994 ->
     * 89.999999 (A); 59.9999996 -> 60 (C). */
    const double values[11] = {90, 89.9999996, 89.9999994, 80, 79.99, 70,
                               60, 59.9999996, 59.99,      0,  100};
    graded_review(f, values, NULL);
    static const char *const expect[11] = {"S", "S", "A", "A", "B", "B", "C", "C", "D", "D", "S"};
    char id[8];
    for (int i = 1; i <= 11; i++) {
        snprintf(id, sizeof id, "K%02d", i);
        assert_string_equal(agent_result(f->res, id).grade_label, expect[i - 1]);
    }
    /* K01 (90) and K02 (89.9999996) tie on the rounded composite: both rank
     * 2 in the desk behind K11 (100). */
    assert_int_equal(agent_result(f->res, "K01").rank_desk, 2);
    assert_int_equal(agent_result(f->res, "K02").rank_desk, 2);
    assert_int_equal(agent_result(f->res, "K03").rank_desk, 4);
    /* Stars. */
    csvc_kpi_results_free(f->res);
    f->res = NULL;
    csvc_kpi_review_free(f->rv);
    f->rv = NULL;
    csvc_kpi_model_free(f->m);
    assert_csvc_ok(csvc_kpi_model_new(NULL, "t1", &f->m));
    csvc_kpi_grading g = CSVC_KPI_GRADING_INIT;
    g.scheme = CSVC_GRADE_STARS;
    graded_review(f, values, &g);
    static const char *const stars[11] = {"5", "5", "4", "4", "3", "3", "2", "2", "1", "1", "5"};
    for (int i = 1; i <= 11; i++) {
        snprintf(id, sizeof id, "K%02d", i);
        csvc_kpi_agent_result r = agent_result(f->res, id);
        assert_string_equal(r.grade_label, stars[i - 1]);
        assert_int_equal(r.grade, stars[i - 1][0] - '0');
    }
}

/* ---- anonymity ------------------------------------------------------------------------ */

static int contains(const char *text, const char *needle)
{
    return strstr(text, needle) != NULL;
}

static void test_anonymity(void **state)
{
    fx *f = *state;
    group(f->m, CSVC_RATER_PEER, 1, CSVC_AGG_MEAN, 1, 3, CSVC_MISSING_RENORMALISE);
    const double gw[5] = {0, 1, 1, 0, 0};
    add_rated(f->m, "k", CSVC_DIM_SKILL, 1, CSVC_SCALE_0_100, gw);
    open_review(f);
    /* A: peers B 91.2345 and C 77.4321 (mean 84.3333), supervisor 40: two
     * peers is threshold - 1: hidden, but folded into the score:
     * (84.3333 + 40) / 2 = 62.16665. */
    rate(f, "B", "A", "k", CSVC_RATER_PEER, 91.2345);
    rate(f, "C", "A", "k", CSVC_RATER_PEER, 77.4321);
    rate(f, "S1", "A", "k", CSVC_RATER_SUPERVISOR, 40);
    /* B: three peers (threshold): 90, 60, 30 -> 60, visible. */
    rate(f, "A", "B", "k", CSVC_RATER_PEER, 90);
    rate(f, "C", "B", "k", CSVC_RATER_PEER, 60);
    rate(f, "D", "B", "k", CSVC_RATER_PEER, 30);
    rate(f, "S1", "B", "k", CSVC_RATER_SUPERVISOR, 40);
    compute(f);
    csvc_kpi_group_result peer = group_result(f->res, "A", "k", CSVC_RATER_PEER);
    assert_int_equal(peer.count, 2);
    assert_int_equal(peer.flags, CSVC_KPI_HIDDEN);
    assert_true(isnan(peer.aggregate));
    assert_near(peer.weight_used, 0.5);
    csvc_kpi_result k = kpi_result(f->res, "A", "k");
    assert_near(k.score, (84.3333 + 40) / 2);
    assert_int_equal(k.flags, CSVC_KPI_HIDDEN);
    assert_int_equal(agent_result(f->res, "A").flags, CSVC_KPI_HIDDEN);
    csvc_kpi_group_result bpeer = group_result(f->res, "B", "k", CSVC_RATER_PEER);
    assert_int_equal(bpeer.count, 3);
    assert_int_equal(bpeer.flags, 0);
    assert_near(bpeer.aggregate, 60);
    assert_int_equal(kpi_result(f->res, "B", "k").flags, 0);
    /* The supervisor group has threshold 1: always visible. */
    assert_near(group_result(f->res, "A", "k", CSVC_RATER_SUPERVISOR).aggregate, 40);

    /* No export shows the hidden mean or the ratings. */
    char *csv, *detail, *json;
    size_t n;
    assert_csvc_ok(csvc_kpi_results_export_csv_buffer(f->res, 0, &csv, &n));
    assert_csvc_ok(csvc_kpi_results_export_csv_buffer(f->res, 1, &detail, &n));
    assert_csvc_ok(csvc_kpi_results_export_json_buffer(f->res, &json, &n));
    const char *const secrets[] = {"84.3333", "91.2345", "77.4321"};
    for (int i = 0; i < 3; i++) {
        assert_false(contains(csv, secrets[i]));
        assert_false(contains(detail, secrets[i]));
        assert_false(contains(json, secrets[i]));
    }
    /* A's row: peer count 2, aggregate empty, weight used 0.5, hidden. */
    assert_true(contains(detail, "A,T1,k,skill,rated,62.16665,62.16665,1,1,62.16665,hidden,"
                                 ",,,,2,,0.5,hidden,1,40,0.5,,,,,,,,,\n"));
    assert_true(contains(json, "\"peer\":{\"count\":2,\"aggregate\":null,\"weight\":1,"
                               "\"weight_used\":0.5,\"flags\":[\"hidden\"]}"));
    assert_true(contains(json, "\"peer\":{\"count\":3,\"aggregate\":60,"));
    csvc_free(csv);
    csvc_free(detail);
    csvc_free(json);

    /* With min_count >= anonymity, such a group counts as missing instead:
     * A's k = supervisor alone = 40. */
    csvc_kpi_results_free(f->res);
    f->res = NULL;
    csvc_kpi_review_free(f->rv);
    group(f->m, CSVC_RATER_PEER, 1, CSVC_AGG_MEAN, 3, 3, CSVC_MISSING_RENORMALISE);
    open_review(f);
    rate(f, "B", "A", "k", CSVC_RATER_PEER, 91.2345);
    rate(f, "C", "A", "k", CSVC_RATER_PEER, 77.4321);
    rate(f, "S1", "A", "k", CSVC_RATER_SUPERVISOR, 40);
    compute(f);
    assert_near(kpi_result(f->res, "A", "k").score, 40);
    assert_int_equal(group_result(f->res, "A", "k", CSVC_RATER_PEER).flags,
                     CSVC_KPI_MISSING | CSVC_KPI_BELOW_MIN | CSVC_KPI_RENORMALISED);
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
                       "D,A,k,peer,2,1764547400\nB,A,k,peer,1,1764547400\nC-9,B,k,customer,5,0\n";
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
    assert_int_equal(csvc_kpi_review_rating_count(rv), 80); /* 81 rows, one replacement */
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
    /* A201's teamwork peers and subordinates are 2 each: hidden. */
    assert_int_equal(group_result(res, "A201", "teamwork", CSVC_RATER_PEER).flags, CSVC_KPI_HIDDEN);
    assert_int_equal(group_result(res, "A201", "teamwork", CSVC_RATER_SUBORDINATE).flags,
                     CSVC_KPI_HIDDEN);
    assert_int_equal(csvc_kpi_results_agent_count(res), 27); /* A206 is inactive */
    size_t idx;
    assert_int_equal(csvc_kpi_results_find_agent(res, "A206", &idx), CSVC_E_NOTFOUND);
    csvc_kpi_results_free(res);
    csvc_kpi_review_free(rv);
    csvc_kpi_model_free(m);
    csvc_roster_free(r);
}

/* ---- results API and exports -------------------------------------------------------------------
 */

static void test_results_api(void **state)
{
    fx *f = *state;
    policy_model(f, CSVC_MISSING_RENORMALISE, 1);
    const csvc_kpi_results *res = f->res;
    assert_int_equal(csvc_kpi_results_agent_count(res), 9); /* X is inactive */
    assert_int_equal(csvc_kpi_results_agent_count(NULL), 0);
    assert_string_equal(csvc_kpi_model_version(csvc_kpi_results_model(res)), "t1");
    assert_null(csvc_kpi_results_model(NULL));
    size_t a;
    assert_status_msg(csvc_kpi_results_find_agent(res, "X", &a), CSVC_E_NOTFOUND,
                      "agent 'X': no results (not an active agent of the roster)");
    assert_int_equal(csvc_kpi_results_find_agent(res, NULL, &a), CSVC_E_NULL);
    csvc_kpi_agent_result ar;
    assert_status_msg(csvc_kpi_results_agent(res, 9, &ar), CSVC_E_RANGE,
                      "agent 9 out of range (9 agents)");
    assert_int_equal(csvc_kpi_results_agent(res, 0, NULL), CSVC_E_NULL);
    assert_string_equal(csvc_kpi_results_errmsg(res), csvc_last_errmsg());
    csvc_kpi_result kr;
    assert_status_msg(csvc_kpi_results_kpi(res, 0, 2, &kr), CSVC_E_RANGE,
                      "kpi 2 out of range (2 KPIs)");
    assert_int_equal(csvc_kpi_results_kpi(res, 99, 0, &kr), CSVC_E_RANGE);
    assert_int_equal(csvc_kpi_results_kpi(NULL, 0, 0, &kr), CSVC_E_NULL);
    csvc_kpi_group_result gr;
    assert_status_msg(csvc_kpi_results_group(res, 0, 0, (csvc_rater_group)5, &gr), CSVC_E_INVALID,
                      "unknown rater group 5");
    assert_int_equal(csvc_kpi_results_group(res, 0, 3, CSVC_RATER_SELF, &gr), CSVC_E_RANGE);
    assert_int_equal(csvc_kpi_results_group(res, 0, 0, CSVC_RATER_SELF, NULL), CSVC_E_NULL);
    assert_string_equal(csvc_kpi_results_errmsg(NULL), "kpi results is NULL");
    ar = agent_result(res, "A");
    assert_string_equal(ar.agent_id, "A");
    assert_string_equal(ar.team_id, "T1");
    assert_int_equal(ar.version, CSVC_KPI_AGENT_RESULT_VERSION);
    csvc_kpi_results_free(NULL);

    /* An objective KPI has no groups. */
    csvc_kpi_results_free(f->res);
    f->res = NULL;
    csvc_kpi_review_free(f->rv);
    add_linear(f->m, "o", NULL, CSVC_HIGHER_IS_BETTER, 0, 10, 1);
    open_review(f);
    compute(f);
    assert_status_msg(csvc_kpi_results_group(f->res, 0, 2, CSVC_RATER_PEER, &gr), CSVC_E_CONSTRAINT,
                      "kpi 'o' is objective; it has no rater groups");
}

static csvc_status export_csv_detail(void *res, const char *path)
{
    return csvc_kpi_results_export_csv(res, 1, path);
}

static csvc_status export_json(void *res, const char *path)
{
    return csvc_kpi_results_export_json(res, path);
}

static void test_exports(void **state)
{
    fx *f = *state;
    policy_model(f, CSVC_MISSING_RENORMALISE, 1);
    char *csv;
    size_t n;
    assert_csvc_ok(csvc_kpi_results_export_csv_buffer(f->res, 0, &csv, &n));
    assert_int_equal(strlen(csv), n);
    /* A: 58.928571 (D; rank 2 of 2: percentile 0), skill 57.142857, teamwork
     * 62.5. B: 100 (S). The others have no rating: no composite. */
    const char *expect =
        "agent_id,team_id,composite,grade,rank_team,rank_desk,percentile_team,percentile_desk,"
        "quality,efficiency,skill,teamwork,innovation,flags\n"
        "S1,T1,,,,,,,,,,,,missing;renormalised;partial\n"
        "A,T1,58.928571,D,2,2,0,0,,,57.142857,62.5,,renormalised\n"
        "B,T1,100,S,1,1,100,100,,,,100,,renormalised;partial\n"
        "C,T1,,,,,,,,,,,,missing;renormalised;partial\n"
        "D,T1,,,,,,,,,,,,missing;renormalised;partial\n"
        "E,T1,,,,,,,,,,,,missing;renormalised;partial\n"
        "S2,T2,,,,,,,,,,,,missing;renormalised;partial\n"
        "F,T2,,,,,,,,,,,,missing;renormalised;partial\n"
        "G,T2,,,,,,,,,,,,missing;renormalised;partial\n";
    assert_string_equal(csv, expect);
    csvc_free(csv);

    char *detail;
    assert_csvc_ok(csvc_kpi_results_export_csv_buffer(f->res, 1, &detail, &n));
    /* A's k: raw 3.2857142857 (10 digits), score 57.142857, weight 2,
     * share 2/3, contribution 38.095238; self 1 75 0.2857142857, peer
     * missing, supervisor 1 50 0.7142857143. */
    assert_true(contains(detail,
                         "A,T1,k,skill,rated,3.285714286,57.142857,2,0.6666666667,38.095238,"
                         "renormalised,1,75,0.2857142857,,0,,0,missing;renormalised,1,50,"
                         "0.7142857143,,,,,,,,,\n"));
    assert_true(contains(detail, "agent_id,team_id,kpi_id,dimension,source,raw,score,weight,"
                                 "weight_share,contribution,flags,self_count,self_aggregate,"
                                 "self_weight_used,self_flags,peer_count,"));
    csvc_free(detail);

    char *json;
    assert_csvc_ok(csvc_kpi_results_export_json_buffer(f->res, &json, &n));
    json_error_t e;
    json_t *doc = json_loads(json, 0, &e);
    if (!doc)
        fail_msg("export is not JSON: %s (line %d)", e.text, e.line);
    assert_string_equal(json_string_value(json_object_get(doc, "model_version")), "t1");
    assert_string_equal(json_string_value(json_object_get(doc, "review")), "review");
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "period"), "end")),
                        "2025-12-01T00:00:00Z");
    json_t *agents = json_object_get(doc, "agents");
    assert_int_equal(json_array_size(agents), 9);
    json_t *ja = json_array_get(agents, 1);
    assert_string_equal(json_string_value(json_object_get(ja, "agent_id")), "A");
    assert_near_tol(json_number_value(json_object_get(ja, "composite")),
                    (2 * (40.0 / 0.7) + 62.5) / 3, 1e-6);
    assert_string_equal(json_string_value(json_object_get(ja, "grade")), "D");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(ja, "rank"), "desk")), 2);
    json_t *k0 = json_array_get(json_object_get(ja, "kpis"), 0);
    json_t *groups = json_object_get(k0, "groups");
    assert_int_equal(json_object_size(groups), 3); /* subordinate, customer excluded */
    assert_true(json_is_null(json_object_get(json_object_get(groups, "peer"), "aggregate")));
    assert_near(json_number_value(json_object_get(json_object_get(groups, "self"), "aggregate")),
                75);
    json_t *s1 = json_array_get(agents, 0);
    assert_true(json_is_null(json_object_get(s1, "composite")));
    assert_true(json_is_null(json_object_get(s1, "grade")));
    json_decref(doc);

    /* Files: the same bytes as the buffers. */
    const char *path = "test_kpi_export.tmp";
    assert_csvc_ok(csvc_kpi_results_export_json(f->res, path));
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char *back = calloc(1, n + 2);
    assert_int_equal(fread(back, 1, n + 1, fp), n);
    fclose(fp);
    assert_string_equal(back, json);
    free(back);
    csvc_free(json);
    assert_csvc_ok(csvc_kpi_results_export_csv(f->res, 0, path));
    remove(path);

    assert_status_msg(csvc_kpi_results_export_csv(f->res, 0, "/nonexistent/dir/x.csv"), CSVC_E_IO,
                      "/nonexistent/dir/x.csv");
    assert_int_equal(csvc_kpi_results_export_json(f->res, "/nonexistent/dir/x.json"), CSVC_E_IO);
    assert_status_msg(csvc_kpi_results_export_csv_buffer(f->res, 2, &csv, &n), CSVC_E_INVALID,
                      "detail must be 0 or 1 (got 2)");
    assert_int_equal(csvc_kpi_results_export_csv(f->res, 3, path), CSVC_E_INVALID);
    assert_int_equal(csvc_kpi_results_export_csv_buffer(f->res, 0, NULL, &n), CSVC_E_NULL);
    assert_int_equal(csvc_kpi_results_export_json_buffer(NULL, &csv, &n), CSVC_E_NULL);
    assert_int_equal(csvc_kpi_results_export_csv(f->res, 0, NULL), CSVC_E_NULL);
    assert_int_equal(csvc_kpi_results_export_json(f->res, NULL), CSVC_E_NULL);

    /* An export that fails half-way leaves the previous file as it was. */
    char dir[] = "/tmp/csvc_kpi_export_XXXXXX", file[64];
    assert_non_null(mkdtemp(dir));
    snprintf(file, sizeof file, "%s/scorecard", dir);
    test_assert_export_atomic(export_csv_detail, f->res, dir, file);
    test_assert_export_atomic(export_json, f->res, dir, file);
    remove(file);
    rmdir(dir);
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

/* ---- the straightforward implementation -------------------------------------------------------
 *
 * Written from the rules of kpi.h alone: no code shared with the engine.
 * Ratings are kept as a plain list (replacements overwrite in place), every
 * statistic is a scan over that list, aggregates sort with qsort. */

#define RN 24 /* agents */
#define RK 7  /* KPIs */
#define RMAX 8000

typedef struct ref_rating {
    char rater[16];
    int ratee, kpi, group;
    double value;
} ref_rating;

typedef struct ref {
    /* roster */
    char id[RN][8];
    int team[RN], sup[RN], active[RN], lead[3];
    /* model */
    double gweight[5];
    int agg[5], minc[5], anon[5], policy[5];
    int source[RK], scale[RK], dim[RK], dir[RK], norm[RK], nb[RK];
    double weight[RK], floor[RK], target[RK], gw[RK][5];
    csvc_kpi_band bands[RK][4];
    int calibrate, forced, shares[5];
    double thr[4];
    /* data */
    ref_rating r[RMAX];
    int nr;
    double obj[RN][RK];
} ref;

static uint64_t rng = 88172645463325252ull;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int pick(int n)
{
    return (int)(rnd() % (uint64_t)n);
}

static double uniform(double lo, double hi)
{
    return lo + (hi - lo) * (double)(rnd() >> 11) / 9007199254740992.0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double ref_round6(double x)
{
    return round(x * 1e6) / 1e6;
}

static double ref_rescaled(const ref *R, const ref_rating *x)
{
    return R->scale[x->kpi] == 0 ? (x->value - 1.0) / 4.0 * 100.0 : x->value;
}

/* The value of rating i after calibration. */
static double ref_value(const ref *R, int i)
{
    double x = ref_rescaled(R, &R->r[i]);
    if (!R->calibrate)
        return x;
    double psum = 0, psq = 0;
    for (int j = 0; j < R->nr; j++)
        psum += ref_rescaled(R, &R->r[j]);
    double pmean = psum / R->nr;
    for (int j = 0; j < R->nr; j++)
        psq += pow(ref_rescaled(R, &R->r[j]) - pmean, 2);
    double psd = sqrt(psq / R->nr);
    double sum = 0, sq = 0;
    int n = 0;
    for (int j = 0; j < R->nr; j++)
        if (strcmp(R->r[j].rater, R->r[i].rater) == 0)
            sum += ref_rescaled(R, &R->r[j]), n++;
    double mean = sum / n;
    for (int j = 0; j < R->nr; j++)
        if (strcmp(R->r[j].rater, R->r[i].rater) == 0)
            sq += pow(ref_rescaled(R, &R->r[j]) - mean, 2);
    double sd = sqrt(sq / n);
    double z = n > 1 && sd >= 1e-9 ? (x - mean) / sd : 0;
    double y = pmean + z * psd;
    return y < 0 ? 0 : y > 100 ? 100 : y;
}

static double ref_aggregate(int agg, double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    double sum = 0;
    if (agg == CSVC_AGG_MEDIAN)
        return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    if (agg == CSVC_AGG_TRIMMED_MEAN && n >= 5) {
        for (int i = 1; i < n - 1; i++)
            sum += v[i];
        return sum / (n - 2);
    }
    for (int i = 0; i < n; i++)
        sum += v[i];
    return sum / n;
}

typedef struct ref_group {
    int count, hidden, counted;
    double aggregate, weight_used;
} ref_group;

/* Score of rated KPI k for agent a (NaN when none); *incomplete set. */
static double ref_rated(const ref *R, int a, int k, ref_group g_out[5], int *incomplete)
{
    double values[RMAX];
    double wsum = 0, num = 0;
    *incomplete = 0;
    for (int g = 0; g < 5; g++) {
        ref_group *o = &g_out[g];
        memset(o, 0, sizeof *o);
        o->aggregate = NAN;
        int n = 0;
        for (int i = 0; i < R->nr; i++)
            if (R->r[i].ratee == a && R->r[i].kpi == k && R->r[i].group == g)
                values[n++] = ref_value(R, i);
        o->count = n;
        double w = R->gw[k][g];
        if (w <= 0)
            continue;
        if (n < R->minc[g]) {
            if (R->policy[g] == CSVC_MISSING_ZERO)
                wsum += w, o->counted = 1;
            if (R->policy[g] == CSVC_MISSING_INCOMPLETE)
                *incomplete = 1;
            continue;
        }
        o->aggregate = ref_aggregate(R->agg[g], values, n);
        o->hidden = n < R->anon[g];
        o->counted = 1;
        wsum += w;
        num += w * o->aggregate;
    }
    if (*incomplete || wsum <= 0)
        return NAN;
    for (int g = 0; g < 5; g++)
        g_out[g].weight_used = g_out[g].counted ? R->gw[k][g] / wsum : 0;
    return num / wsum;
}

static double ref_objective(const ref *R, int k, double v)
{
    if (R->norm[k] == CSVC_NORM_LINEAR) {
        double s = R->dir[k] == 0 ? (v - R->floor[k]) / (R->target[k] - R->floor[k]) * 100
                                  : (R->floor[k] - v) / (R->floor[k] - R->target[k]) * 100;
        return s < 0 ? 0 : s > 100 ? 100 : s;
    }
    double rv = ref_round6(v), pts = 0;
    if (R->dir[k] == 0) {
        for (int b = 0; b < R->nb[k]; b++)
            if (rv >= ref_round6(R->bands[k][b].threshold))
                pts = R->bands[k][b].points;
        return pts;
    }
    for (int b = R->nb[k] - 1; b >= 0; b--)
        if (rv <= ref_round6(R->bands[k][b].threshold))
            pts = R->bands[k][b].points;
    return pts;
}

typedef struct ref_out {
    double composite, dims[5], score[RK];
    ref_group groups[RK][5];
    int grade, rank_team, rank_desk;
    double pct_team, pct_desk;
} ref_out;

static const ref *sort_ref;
static const ref_out *sort_out;

static int by_rounded_then_id(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    double x = ref_round6(sort_out[a].composite), y = ref_round6(sort_out[b].composite);
    if (x != y)
        return x > y ? -1 : 1;
    return strcmp(sort_ref->id[a], sort_ref->id[b]);
}

static void ref_compute(const ref *R, ref_out *out)
{
    for (int a = 0; a < RN; a++) {
        ref_out *o = &out[a];
        double wsum = 0, num = 0, dw[5] = {0}, dn[5] = {0};
        int incomplete = 0;
        for (int k = 0; k < RK; k++) {
            double s;
            if (R->source[k] == CSVC_KPI_OBJECTIVE) {
                s = isnan(R->obj[a][k]) ? NAN : ref_objective(R, k, R->obj[a][k]);
            } else {
                int inc;
                s = ref_rated(R, a, k, o->groups[k], &inc);
                incomplete |= inc;
            }
            o->score[k] = s;
            if (isnan(s))
                continue;
            wsum += R->weight[k], num += R->weight[k] * s;
            dw[R->dim[k]] += R->weight[k], dn[R->dim[k]] += R->weight[k] * s;
        }
        int none = incomplete || wsum <= 0;
        o->composite = none ? NAN : num / wsum;
        for (int d = 0; d < 5; d++)
            o->dims[d] = none || dw[d] <= 0 ? NAN : dn[d] / dw[d];
        o->grade = o->rank_team = o->rank_desk = 0;
        o->pct_team = o->pct_desk = NAN;
    }
    /* Ranks and percentiles by counting. */
    for (int a = 0; a < RN; a++) {
        if (!R->active[a] || isnan(out[a].composite))
            continue;
        double q = ref_round6(out[a].composite);
        int higher = 0, lower = 0, tied = 0, n = 0, th = 0, tl = 0, tt = 0, tn = 0;
        for (int b = 0; b < RN; b++) {
            if (!R->active[b] || isnan(out[b].composite))
                continue;
            double p = ref_round6(out[b].composite);
            int same_team = R->team[a] == R->team[b];
            n++, tn += same_team;
            if (p > q)
                higher++, th += same_team;
            else if (p < q)
                lower++, tl += same_team;
            else
                tied++, tt += same_team;
        }
        out[a].rank_desk = higher + 1;
        out[a].rank_team = th + 1;
        out[a].pct_desk = n == 1 ? 100 : 100.0 * (lower + (tied - 1) / 2.0) / (n - 1);
        out[a].pct_team = tn == 1 ? 100 : 100.0 * (tl + (tt - 1) / 2.0) / (tn - 1);
        (void)th;
        if (!R->forced) {
            out[a].grade = 1;
            for (int t = 3; t >= 0; t--)
                if (q >= R->thr[t])
                    out[a].grade = 5 - t;
        }
    }
    if (!R->forced)
        return;
    int order[RN], n = 0;
    for (int a = 0; a < RN; a++)
        if (R->active[a] && !isnan(out[a].composite))
            order[n++] = a;
    sort_ref = R;
    sort_out = out;
    qsort(order, (size_t)n, sizeof *order, by_rounded_then_id);
    /* Largest remainder on integer percentages. */
    int size[5], rem[5], given = 0;
    for (int g = 0; g < 5; g++) {
        size[g] = R->shares[g] * n / 100;
        rem[g] = R->shares[g] * n % 100;
        given += size[g];
    }
    while (given < n) {
        int best = 0;
        for (int g = 1; g < 5; g++)
            if (rem[g] > rem[best])
                best = g;
        size[best]++, rem[best] = -1, given++;
    }
    for (int g = 0, i = 0; g < 5; g++)
        for (int c = 0; c < size[g]; c++)
            out[order[i++]].grade = 5 - g;
}

/* ---- randomised reviews ------------------------------------------------------------------------
 */

static void random_model(ref *R, csvc_kpi_model *m)
{
    static const double weights[] = {0, 0.5, 1, 2, 3};
    static const int share_sets[][5] = {
        {10, 20, 40, 20, 10}, {20, 30, 30, 20, 0}, {5, 15, 60, 15, 5}};
    for (int g = 0; g < 5; g++) {
        R->gweight[g] = weights[pick(5)];
        R->agg[g] = pick(3);
        R->minc[g] = 1 + pick(3);
        R->anon[g] = 1 + pick(4);
        int p = pick(20);
        R->policy[g] = p < 13   ? CSVC_MISSING_RENORMALISE
                       : p < 19 ? CSVC_MISSING_ZERO
                                : CSVC_MISSING_INCOMPLETE;
        csvc_rater_group_config c = CSVC_RATER_GROUP_CONFIG_INIT;
        c.weight = R->gweight[g];
        c.aggregation = (csvc_aggregation)R->agg[g];
        c.min_count = R->minc[g];
        c.anonymity = R->anon[g];
        c.missing = (csvc_missing_policy)R->policy[g];
        assert_ok(m, csvc_kpi_model_set_group(m, (csvc_rater_group)g, &c));
    }
    for (int k = 0; k < RK; k++) {
        csvc_kpi_def d = CSVC_KPI_DEF_INIT;
        char id[8];
        snprintf(id, sizeof id, "k%d", k);
        d.id = id;
        d.weight = R->weight[k] = weights[1 + pick(4)];
        d.dimension = (csvc_kpi_dimension)(R->dim[k] = pick(5));
        R->source[k] = k < 3 ? CSVC_KPI_OBJECTIVE : CSVC_KPI_RATED;
        d.source = (csvc_kpi_source)R->source[k];
        if (R->source[k] == CSVC_KPI_OBJECTIVE) {
            d.direction = (csvc_kpi_direction)(R->dir[k] = pick(2));
            d.normalise =
                (csvc_kpi_normalise)(R->norm[k] = k == 2 ? CSVC_NORM_BANDS : CSVC_NORM_LINEAR);
            R->floor[k] = d.floor = R->dir[k] == 0 ? 20 : 80;
            R->target[k] = d.target = R->dir[k] == 0 ? 80 : 20;
            R->nb[k] = 1 + pick(4);
            for (int b = 0; b < R->nb[k]; b++) {
                R->bands[k][b].threshold = 10 + 20 * b + pick(10);
                R->bands[k][b].points = 25 * (b + 1);
            }
            d.bands = R->bands[k];
            d.band_count = (uint32_t)R->nb[k];
        } else {
            d.scale = (csvc_rating_scale)(R->scale[k] = pick(2));
            double total = 0;
            for (int g = 0; g < 5; g++) {
                d.group_weights[g] = pick(3) == 0 ? weights[pick(5)] : -1;
                R->gw[k][g] = d.group_weights[g] >= 0 ? d.group_weights[g] : R->gweight[g];
                total += R->gw[k][g];
            }
            if (total <= 0) /* keep the model valid: peers rate */
                d.group_weights[1] = R->gw[k][1] = 1;
        }
        assert_ok(m, csvc_kpi_model_add_kpi(m, &d));
    }
    R->calibrate = pick(2);
    assert_ok(m, csvc_kpi_model_set_calibration(m, R->calibrate));
    csvc_kpi_grading gr = CSVC_KPI_GRADING_INIT;
    R->forced = pick(2);
    const int *set = share_sets[pick(3)];
    for (int g = 0; g < 5; g++)
        gr.shares[g] = R->shares[g] = set[g];
    gr.forced = R->forced;
    gr.thresholds[0] = R->thr[0] = 75, gr.thresholds[1] = R->thr[1] = 62.5;
    gr.thresholds[2] = R->thr[2] = 50, gr.thresholds[3] = R->thr[3] = 37.5;
    assert_ok(m, csvc_kpi_model_set_grading(m, &gr));
}

static csvc_roster *random_roster(ref *R)
{
    csvc_roster *r;
    assert_csvc_ok(csvc_roster_new(NULL, &r));
    for (int t = 0; t < 3; t++) {
        char team[4] = {'T', (char)('0' + t), 0};
        fx_add_team(r, team);
    }
    for (int a = 0; a < RN; a++) {
        snprintf(R->id[a], sizeof R->id[a], "R%02d", (a * 7) % RN); /* ids not in roster order */
        R->team[a] = a < 3 ? a : pick(3);
        /* Leads (agents 0-2) report to agent 0; others to their lead or an
         * earlier agent of the team, sometimes to nobody. */
        R->sup[a] = a == 0 ? -1 : a < 3 ? 0 : -1;
        if (a >= 3) {
            int c = pick(4);
            if (c == 0)
                R->sup[a] = -1;
            else if (c == 1)
                R->sup[a] = pick(a);
            else
                R->sup[a] = R->team[a];
        }
        R->active[a] = pick(10) != 0;
        char team[4] = {'T', (char)('0' + R->team[a]), 0};
        fx_add_agent_full(r, R->id[a], team, R->sup[a] < 0 ? NULL : R->id[R->sup[a]], 0, 1);
        if (!R->active[a])
            assert_ok(r, csvc_roster_deactivate_agent(r, R->id[a]));
    }
    for (int t = 0; t < 3; t++) {
        char team[4] = {'T', (char)('0' + t), 0};
        set_lead(r, team, R->id[t]);
        R->lead[t] = t;
    }
    return r;
}

/* A rater the rules allow for (ratee a, group g), or "" when there is none. */
static void random_rater(const ref *R, int a, int g, char *out, size_t size)
{
    int cand[RN], n = 0;
    out[0] = '\0';
    for (int b = 0; b < RN; b++) {
        int ok = g == CSVC_RATER_SELF         ? b == a
                 : g == CSVC_RATER_SUPERVISOR ? R->sup[a] == b
                 : g == CSVC_RATER_PEER       ? b != a && R->team[b] == R->team[a]
                 : g == CSVC_RATER_SUBORDINATE
                     ? b != a && (R->sup[b] == a || R->lead[R->team[b]] == a)
                     : 0;
        if (ok)
            cand[n++] = b;
    }
    if (g == CSVC_RATER_CUSTOMER)
        snprintf(out, size, "CU%d", pick(12));
    else if (n)
        snprintf(out, size, "%s", R->id[cand[pick(n)]]);
}

static void ref_submit(ref *R, const char *rater, int a, int k, int g, double v)
{
    for (int i = 0; i < R->nr; i++)
        if (strcmp(R->r[i].rater, rater) == 0 && R->r[i].ratee == a && R->r[i].kpi == k) {
            R->r[i].group = g;
            R->r[i].value = v;
            return;
        }
    ref_rating *x = &R->r[R->nr++];
    snprintf(x->rater, sizeof x->rater, "%s", rater);
    x->ratee = a, x->kpi = k, x->group = g, x->value = v;
}

static double random_value(int scale)
{
    if (scale == 0)
        return pick(4) == 0 ? uniform(1, 5) : 1 + 0.5 * pick(9);
    return pick(4) == 0 ? uniform(0, 100) : 5.0 * pick(21);
}

static void random_ratings(ref *R, fx *f)
{
    for (int round = 0; round < 2; round++)
        for (int a = 0; a < RN; a++)
            for (int k = 3; k < RK; k++) {
                int n = pick(14);
                for (int i = 0; i < n; i++) {
                    int g = pick(5);
                    char rater[16];
                    random_rater(R, a, g, rater, sizeof rater);
                    if (!rater[0])
                        continue;
                    double v = random_value(R->scale[k]);
                    char kid[8];
                    snprintf(kid, sizeof kid, "k%d", k);
                    csvc_status rc = try_rate(f, rater, R->id[a], kid, (csvc_rater_group)g, v);
                    if (R->gw[k][g] <= 0) {
                        assert_int_equal(rc, CSVC_E_CONSTRAINT);
                        continue;
                    }
                    assert_ok(f->rv, rc);
                    ref_submit(R, rater, a, k, g, v);
                }
                /* A forbidden rating now and then: an outsider as supervisor. */
                if (pick(8) == 0) {
                    int b = pick(RN);
                    char kid[8];
                    snprintf(kid, sizeof kid, "k%d", k);
                    if (b != R->sup[a] && b != a)
                        assert_int_equal(
                            try_rate(f, R->id[b], R->id[a], kid, CSVC_RATER_SUPERVISOR, 3),
                            R->gw[k][CSVC_RATER_SUPERVISOR] > 0 ? CSVC_E_PERM : CSVC_E_CONSTRAINT);
                }
            }
}

static void random_objectives(ref *R, fx *f)
{
    for (int a = 0; a < RN; a++)
        for (int k = 0; k < 3; k++) {
            R->obj[a][k] = NAN;
            if (pick(5) == 0)
                continue;
            R->obj[a][k] = pick(3) == 0 ? uniform(0, 100) : 5.0 * pick(21);
            char kid[8];
            snprintf(kid, sizeof kid, "k%d", k);
            assert_ok(f->rv,
                             csvc_kpi_review_set_objective(f->rv, R->id[a], kid, R->obj[a][k]));
        }
}

static void assert_same(double engine, double expect, const char *what, int a, int k)
{
    if (isnan(expect) != isnan(engine) || (!isnan(expect) && fabs(engine - expect) > 1e-9))
        fail_msg("%s (agent %d, kpi %d): engine %.15g, reference %.15g", what, a, k, engine,
                 expect);
}

static void compare(const ref *R, const ref_out *out, const csvc_kpi_results *res)
{
    size_t checked = 0;
    for (int a = 0; a < RN; a++) {
        size_t idx;
        csvc_status rc = csvc_kpi_results_find_agent(res, R->id[a], &idx);
        if (!R->active[a]) {
            assert_int_equal(rc, CSVC_E_NOTFOUND);
            continue;
        }
        assert_int_equal(rc, CSVC_OK);
        const ref_out *o = &out[a];
        csvc_kpi_agent_result ar;
        csvc_kpi_results_agent(res, idx, &ar);
        assert_same(ar.composite, o->composite, "composite", a, -1);
        for (int d = 0; d < 5; d++)
            assert_same(ar.dimensions[d], o->dims[d], "dimension", a, d);
        assert_int_equal(ar.grade, o->grade);
        assert_int_equal(ar.rank_desk, o->rank_desk);
        assert_int_equal(ar.rank_team, o->rank_team);
        assert_same(ar.percentile_desk, o->pct_desk, "percentile desk", a, -1);
        assert_same(ar.percentile_team, o->pct_team, "percentile team", a, -1);
        for (int k = 0; k < RK; k++) {
            csvc_kpi_result kr;
            csvc_kpi_results_kpi(res, idx, (size_t)k, &kr);
            assert_same(kr.score, o->score[k], "kpi score", a, k);
            if (R->source[k] != CSVC_KPI_RATED)
                continue;
            for (int g = 0; g < 5; g++) {
                csvc_kpi_group_result gr;
                assert_int_equal(
                    csvc_kpi_results_group(res, idx, (size_t)k, (csvc_rater_group)g, &gr), CSVC_OK);
                const ref_group *e = &o->groups[k][g];
                assert_int_equal(gr.count, e->count);
                assert_int_equal(!!(gr.flags & CSVC_KPI_HIDDEN), e->hidden);
                assert_same(gr.aggregate, e->hidden ? NAN : e->aggregate, "group aggregate", a, k);
                assert_same(gr.weight_used, e->weight_used, "group weight used", a, k);
                checked++;
            }
        }
    }
    assert_true(checked > 0);
}

static void test_random_reviews_agree(void **state)
{
    fx *f = *state;
    static ref R;
    static ref_out out[RN];
    for (int run = 0; run < 100; run++) {
        memset(&R, 0, sizeof R);
        csvc_roster_free(f->r);
        csvc_kpi_model_free(f->m);
        csvc_kpi_review_free(f->rv);
        csvc_kpi_results_free(f->res);
        f->rv = NULL;
        f->res = NULL;
        f->r = random_roster(&R);
        assert_csvc_ok(csvc_kpi_model_new(NULL, "random", &f->m));
        random_model(&R, f->m);
        open_review(f);
        random_ratings(&R, f);
        random_objectives(&R, f);
        assert_int_equal(csvc_kpi_review_rating_count(f->rv), R.nr);
        compute(f);
        ref_compute(&R, out);
        compare(&R, out, f->res);
    }
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_model_new),
        T(test_model_add_and_query),
        T(test_model_add_errors),
        T(test_model_group_and_grading_errors),
        cmocka_unit_test(test_json_example),
        cmocka_unit_test(test_json_errors),
        cmocka_unit_test(test_json_allocation_failures),
        T(test_review_new),
        T(test_rater_rules),
        T(test_rating_values_and_replacement),
        T(test_closed_review),
        T(test_renormalise_missing_peer),
        T(test_zero_missing_peer),
        T(test_incomplete_missing_peer),
        T(test_min_count),
        T(test_trimmed_mean),
        T(test_median),
        T(test_calibration),
        T(test_calibration_clamps),
        T(test_normalisation_boundaries),
        T(test_metrics_table),
        T(test_load_desk),
        T(test_forced_distribution_with_ties),
        T(test_grade_thresholds),
        T(test_anonymity),
        T(test_change_callback),
        T(test_ratings_csv),
        cmocka_unit_test(test_example_data),
        T(test_results_api),
        T(test_exports),
        T(test_allocation_failures),
        T(test_internal_restore),
        T(test_many_kpis),
        T(test_roster_growth),
        T(test_random_reviews_agree),
    };
#undef T
    return cmocka_run_group_tests_name("kpi", tests, NULL, NULL);
}
