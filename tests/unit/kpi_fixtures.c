/* Shared fixtures of the KPI suites (kpi_fixtures.h). */
#include "kpi_fixtures.h"

void set_lead(csvc_roster *r, const char *team, const char *lead)
{
    csvc_team_info t = CSVC_TEAM_INFO_INIT;
    t.id = team;
    t.lead_id = lead;
    assert_ok(r, csvc_roster_update_team(r, &t));
}

csvc_roster *fixture_roster(void)
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

int kfx_setup(void **state)
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

int kfx_teardown(void **state)
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
void group(csvc_kpi_model *m, csvc_rater_group g, double weight, csvc_aggregation agg,
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
void add_rated(csvc_kpi_model *m, const char *id, csvc_kpi_dimension dim, double weight,
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

void add_linear(csvc_kpi_model *m, const char *id, const char *metric, csvc_kpi_direction dir,
                double floor, double target, double weight)
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

void add_bands(csvc_kpi_model *m, const char *id, csvc_kpi_direction dir,
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

void open_review(fx *f)
{
    csvc_period p = {T0 - 30 * 86400, T0};
    assert_csvc_ok(csvc_kpi_review_new(f->r, f->m, &p, NULL, &f->rv));
}

csvc_status try_rate(fx *f, const char *rater, const char *ratee, const char *kpi,
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

void rate(fx *f, const char *rater, const char *ratee, const char *kpi, csvc_rater_group g,
          double value)
{
    assert_ok(f->rv, try_rate(f, rater, ratee, kpi, g, value));
}

void compute(fx *f)
{
    csvc_kpi_results_free(f->res);
    f->res = NULL;
    assert_ok(f->rv, csvc_kpi_review_compute(f->rv, &f->res));
}

size_t agent_of(const csvc_kpi_results *res, const char *id)
{
    size_t a;
    assert_csvc_ok_msg(csvc_kpi_results_find_agent(res, id, &a), csvc_kpi_results_errmsg(res));
    return a;
}

size_t kpi_of(const csvc_kpi_results *res, const char *id)
{
    size_t k;
    const csvc_kpi_model *m = csvc_kpi_results_model(res);
    assert_ok(m, csvc_kpi_model_find_kpi(m, id, &k));
    return k;
}

csvc_kpi_agent_result agent_result(const csvc_kpi_results *res, const char *agent)
{
    csvc_kpi_agent_result o;
    assert_csvc_ok_msg(csvc_kpi_results_agent(res, agent_of(res, agent), &o),
                       csvc_kpi_results_errmsg(res));
    return o;
}

csvc_kpi_result kpi_result(const csvc_kpi_results *res, const char *agent, const char *kpi)
{
    csvc_kpi_result o;
    assert_csvc_ok_msg(csvc_kpi_results_kpi(res, agent_of(res, agent), kpi_of(res, kpi), &o),
                       csvc_kpi_results_errmsg(res));
    return o;
}

csvc_kpi_group_result group_result(const csvc_kpi_results *res, const char *agent, const char *kpi,
                                   csvc_rater_group g)
{
    csvc_kpi_group_result o;
    assert_csvc_ok_msg(csvc_kpi_results_group(res, agent_of(res, agent), kpi_of(res, kpi), g, &o),
                       csvc_kpi_results_errmsg(res));
    return o;
}

double composite(const csvc_kpi_results *res, const char *agent)
{
    return agent_result(res, agent).composite;
}

const double ONLY_PEER[5] = {0, 1, 0, 0, 0};
const double ONLY_CUSTOMER[5] = {0, 0, 0, 0, 1};

void policy_model(fx *f, csvc_missing_policy peer_policy, int peer_min)
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

int contains(const char *text, const char *needle)
{
    return strstr(text, needle) != NULL;
}
