/* Shared fixtures of the KPI suites (test_kpi_*.c).
 *
 * The fixture roster (roster order = index):
 *   team T1 (lead S1): S1; A, B, C, E (supervisor S1); D (supervisor A);
 *                      X (supervisor S1, inactive)
 *   team T2 (lead S2): S2 (supervisor S1); F, G (supervisor S2) */
#ifndef CSVC_TEST_KPI_FIXTURES_H
#define CSVC_TEST_KPI_FIXTURES_H

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

/* Sets the lead of a team. */
void set_lead(csvc_roster *r, const char *team, const char *lead);
/* The fixture roster above. */
csvc_roster *fixture_roster(void);
/* cmocka setup/teardown: the roster, an empty model "t1", the clock at T0. */
int kfx_setup(void **state);
int kfx_teardown(void **state);

/* Sets a group's model-wide configuration. */
void group(csvc_kpi_model *m, csvc_rater_group g, double weight, csvc_aggregation agg,
           int min_count, int anonymity, csvc_missing_policy missing);
/* A rated KPI; group weights < 0 take the model-wide ones (gw may be NULL). */
void add_rated(csvc_kpi_model *m, const char *id, csvc_kpi_dimension dim, double weight,
               csvc_rating_scale scale, const double gw[5]);
void add_linear(csvc_kpi_model *m, const char *id, const char *metric, csvc_kpi_direction dir,
                double floor, double target, double weight);
void add_bands(csvc_kpi_model *m, const char *id, csvc_kpi_direction dir,
               const csvc_kpi_band *bands, uint32_t n);
/* A review of the 30 days before T0 over the fixture's roster and model. */
void open_review(fx *f);
/* One rating at the fixture's clock (which ticks a second per rating). */
csvc_status try_rate(fx *f, const char *rater, const char *ratee, const char *kpi,
                     csvc_rater_group g, double value);
void rate(fx *f, const char *rater, const char *ratee, const char *kpi, csvc_rater_group g,
          double value);
void compute(fx *f);
/* Results of an agent, KPI, group; the composite score. */
size_t agent_of(const csvc_kpi_results *res, const char *id);
size_t kpi_of(const csvc_kpi_results *res, const char *id);
csvc_kpi_agent_result agent_result(const csvc_kpi_results *res, const char *agent);
csvc_kpi_result kpi_result(const csvc_kpi_results *res, const char *agent, const char *kpi);
csvc_kpi_group_result group_result(const csvc_kpi_results *res, const char *agent, const char *kpi,
                                   csvc_rater_group g);
double composite(const csvc_kpi_results *res, const char *agent);

/* Groups self 0.2, peer 0.3, supervisor 0.5 (others 0); KPI k (1..5,
 * weight 2) with the model-wide weights and g (1..5, weight 1) with equal
 * weights for self, peer and supervisor. */
void policy_model(fx *f, csvc_missing_policy peer_policy, int peer_min);
/* Whether `needle` occurs in `text`. */
int contains(const char *text, const char *needle);

/* Group weight vectors: one group only. */
extern const double ONLY_PEER[5];
extern const double ONLY_CUSTOMER[5];

#endif
