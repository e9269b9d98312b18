/* KPI models: names, building through the C API and loading JSON (the example
 * model, every error with its JSON path, allocation failures). Expected
 * values are computed by hand (the arithmetic is in the comments) or by an
 * independent simple implementation; the fixture roster is described in
 * kpi_fixtures.h. */
#include "kpi_fixtures.h"

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
    REFUSED(CSVC_E_RANGE, "kpi 'k': weight: must be positive, at most 1e+12 (got 0)");
    d.weight = -2;
    REFUSED(CSVC_E_RANGE, "weight: must be positive, at most 1e+12 (got -2)");
    d.weight = NAN;
    REFUSED(CSVC_E_RANGE, "weight: must be positive");
    d.weight = INFINITY;
    REFUSED(CSVC_E_RANGE, "weight: must be positive");
    /* Two weights of 1e308 would overflow every sum: weights stop at 1e12. */
    d.weight = 1e308;
    REFUSED(CSVC_E_RANGE, "weight: must be positive, at most 1e+12 (got 1e+308)");
    d.weight = nextafter(CSVC_KPI_WEIGHT_MAX, INFINITY);
    REFUSED(CSVC_E_RANGE, "at most 1e+12");
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
    /* Each bound finite, the span not: the score would be NaN. */
    d.floor = -1.7e308;
    d.target = 1.7e308;
    REFUSED(CSVC_E_RANGE, "normalise.target: the span from floor -1.7e+308 to target 1.7e+308 "
                          "is too large");
    d.direction = CSVC_LOWER_IS_BETTER;
    d.floor = 1.7e308;
    d.target = -1.7e308;
    REFUSED(CSVC_E_RANGE, "the span from floor 1.7e+308 to target -1.7e+308 is too large");
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
    REFUSED(CSVC_E_RANGE, "group_weights.supervisor: must be at most 1e+12 (got nan)");
    d.source = CSVC_KPI_RATED;
    d.group_weights[1] = 1e308;
    REFUSED(CSVC_E_RANGE, "group_weights.peer: must be at most 1e+12 (got 1e+308)");
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
                      "group 'peer': weight: must be in 0..1e+12 (got -0.5)");
    c.weight = 1e308;
    assert_status_msg(csvc_kpi_model_set_group(m, CSVC_RATER_PEER, &c), CSVC_E_RANGE,
                      "group 'peer': weight: must be in 0..1e+12 (got 1e+308)");
    c.weight = NAN;
    assert_int_equal(csvc_kpi_model_set_group(m, CSVC_RATER_PEER, &c), CSVC_E_RANGE);
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
    /* The same document saved with a UTF-8 BOM loads the same model; a BOM
     * elsewhere is still malformed JSON. */
    char *with_bom = malloc(size + 4);
    assert_non_null(with_bom);
    memcpy(with_bom, "\xef\xbb\xbf", 3);
    memcpy(with_bom + 3, text, size + 1);
    csvc_kpi_model *bommed;
    assert_csvc_ok(csvc_kpi_model_load_json_buffer(with_bom, size + 3, NULL, &bommed));
    char *bommed_text;
    assert_ok(bommed, csvc_kpi_model_export_json_buffer(bommed, &bommed_text, &size2));
    assert_string_equal(text, bommed_text);
    csvc_free(bommed_text);
    csvc_kpi_model_free(bommed);
    memcpy(with_bom, " \xef\xbb\xbf", 4);
    assert_int_equal(csvc_kpi_model_load_json_buffer(with_bom, 4, NULL, &bommed), CSVC_E_PARSE);
    free(with_bom);
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
            CSVC_E_RANGE, "groups.peer.weight: must be in 0..1e+12 (got -1)");
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
    BAD_KPI(kpi, CSVC_E_RANGE, "kpis[0].weight: must be positive, at most 1e+12 (got 0)");
    snprintf(kpi, sizeof kpi,
             "{\"id\": \"a\", %s, \"weight\": -3, \"normalise\": {\"method\": "
             "\"linear\", \"floor\": 0, \"target\": 1}}",
             obj);
    BAD_KPI(kpi, CSVC_E_RANGE, "kpis[0].weight: must be positive, at most 1e+12 (got -3)");
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

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, kfx_setup, kfx_teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_model_new),
        T(test_model_add_and_query),
        T(test_model_add_errors),
        T(test_model_group_and_grading_errors),
        cmocka_unit_test(test_json_example),
        cmocka_unit_test(test_json_errors),
        cmocka_unit_test(test_json_allocation_failures),
    };
#undef T
    return cmocka_run_group_tests_name("kpi_model", tests, NULL, NULL);
}
