/* KPI scoring: hand-computed cases for every aggregation, missing-group
 * policy, calibration and normalisation, objective values from desk metrics,
 * grades and ranks, and anonymity (test_kpi_reference.c compares random
 * reviews with a second implementation). Expected values are computed by hand
 * (the arithmetic is in the comments); the fixture roster is described in
 * kpi_fixtures.h. */
#include "kpi_fixtures.h"

/* ---- scoring: hand-computed cases ------------------------------------------------------- */


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
/* The aggregation tests need many raters of one ratee and no rater rule
 * in the way: customers (any ids) rate p and q, the only group. */
static void crowd_review(fx *f, csvc_aggregation agg)
{
    group(f->m, CSVC_RATER_CUSTOMER, 1, agg, 1, 1, CSVC_MISSING_RENORMALISE);
    add_rated(f->m, "p", CSVC_DIM_SKILL, 1, CSVC_SCALE_0_100, ONLY_CUSTOMER);
    add_rated(f->m, "q", CSVC_DIM_SKILL, 1, CSVC_SCALE_0_100, ONLY_CUSTOMER);
    open_review(f);
}

/* A rating by customer "cu-<who>". */
static void crowd(fx *f, const char *who, const char *ratee, const char *kpi, double value)
{
    char id[32];
    snprintf(id, sizeof id, "cu-%s", who);
    rate(f, id, ratee, kpi, CSVC_RATER_CUSTOMER, value);
}

static void test_trimmed_mean(void **state)
{
    fx *f = *state;
    crowd_review(f, CSVC_AGG_TRIMMED_MEAN);
    /* A, 4 ratings (10, 50, 60, 100): no trimming, mean 55. */
    crowd(f, "B", "A", "p", 10);
    crowd(f, "C", "A", "p", 50);
    crowd(f, "D", "A", "p", 60);
    crowd(f, "E", "A", "p", 100);
    compute(f);
    assert_near(kpi_result(f->res, "A", "p").score, 55);
    /* 5 ratings (+ S1 80): drop 10 and 100, (50 + 60 + 80) / 3 = 63.333... */
    crowd(f, "S1", "A", "p", 80);
    compute(f);
    assert_near(kpi_result(f->res, "A", "p").score, 190.0 / 3.0);
    assert_near(group_result(f->res, "A", "p", CSVC_RATER_CUSTOMER).aggregate, 190.0 / 3.0);
    /* 6 ratings (+ X 0): drop 0 and 100, (10 + 50 + 60 + 80) / 4 = 50. */
    crowd(f, "X", "A", "p", 0);
    compute(f);
    assert_near(kpi_result(f->res, "A", "p").score, 50);
    /* Ties at the extremes: 50, 50, 50, 90, 90 drops exactly one 50 and one
     * 90: (50 + 50 + 90) / 3 = 63.333... */
    static const char *const raters[] = {"B", "C", "D", "E", "S1"};
    static const double values[] = {50, 90, 50, 90, 50};
    for (int i = 0; i < 5; i++)
        crowd(f, raters[i], "A", "q", values[i]);
    /* All equal: 70 x 5 -> 70. */
    static const char *const raters_b[] = {"A", "C", "D", "E", "S1"};
    for (int i = 0; i < 5; i++)
        crowd(f, raters_b[i], "B", "q", 70);
    compute(f);
    assert_near(kpi_result(f->res, "A", "q").score, 190.0 / 3.0);
    assert_near(kpi_result(f->res, "B", "q").score, 70);
}

static void test_median(void **state)
{
    fx *f = *state;
    crowd_review(f, CSVC_AGG_MEDIAN);
    /* A: 10, 20, 60, 100 -> (20 + 60) / 2 = 40 (the mean would be 47.5). */
    crowd(f, "B", "A", "p", 100);
    crowd(f, "C", "A", "p", 20);
    crowd(f, "D", "A", "p", 10);
    crowd(f, "E", "A", "p", 60);
    /* B: 30, 10, 20 -> 20. C: 10, 100 -> 55. */
    crowd(f, "A", "B", "p", 30);
    crowd(f, "C", "B", "p", 10);
    crowd(f, "D", "B", "p", 20);
    crowd(f, "A", "C", "p", 10);
    crowd(f, "B", "C", "p", 100);
    /* E: 80, 0, 60, 100, 20, 10 -> sorted 0 10 20 60 80 100 -> 40. */
    static const char *const raters[] = {"A", "B", "C", "D", "S1", "X"};
    static const double values[] = {80, 0, 60, 100, 20, 10};
    for (int i = 0; i < 6; i++)
        crowd(f, raters[i], "E", "p", values[i]);
    /* D: 50, 50, 70, 70 -> 60; one rating 42 on q -> 42. */
    crowd(f, "A", "D", "p", 70);
    crowd(f, "B", "D", "p", 50);
    crowd(f, "C", "D", "p", 70);
    crowd(f, "E", "D", "p", 50);
    crowd(f, "A", "D", "q", 42);
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

/* The extremes the model accepts still give numbers: the largest weights
 * and a span near the double range. */
static void test_extreme_weights_and_spans(void **state)
{
    fx *f = *state;
    add_linear(f->m, "big", NULL, CSVC_HIGHER_IS_BETTER, 0, 10, CSVC_KPI_WEIGHT_MAX);
    add_linear(f->m, "huge", NULL, CSVC_HIGHER_IS_BETTER, -8e307, 8e307, CSVC_KPI_WEIGHT_MAX);
    add_linear(f->m, "tiny", NULL, CSVC_HIGHER_IS_BETTER, 0, 10, 1e-300);
    open_review(f);
    assert_ok(f->rv, csvc_kpi_review_set_objective(f->rv, "A", "big", 5));         /* 50 */
    assert_ok(f->rv, csvc_kpi_review_set_objective(f->rv, "A", "huge", 4e307));    /* 75 */
    assert_ok(f->rv, csvc_kpi_review_set_objective(f->rv, "A", "tiny", 10));       /* 100 */
    assert_ok(f->rv, csvc_kpi_review_set_objective(f->rv, "B", "huge", 1.7e308));  /* 100 */
    assert_ok(f->rv, csvc_kpi_review_set_objective(f->rv, "B", "big", -1.7e308));  /* 0 */
    compute(f);
    assert_near(kpi_result(f->res, "A", "huge").score, 75);
    assert_near(kpi_result(f->res, "B", "huge").score, 100);
    assert_near(kpi_result(f->res, "B", "big").score, 0);
    /* (1e12 * 50 + 1e12 * 75 + 1e-300 * 100) / (2e12 + 1e-300) = 62.5 */
    assert_near(composite(f->res, "A"), 62.5);
    assert_near(composite(f->res, "B"), 50);
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


/* The three exports of the current results, concatenated. */
static char *all_exports(const csvc_kpi_results *res)
{
    char *csv, *detail, *json;
    size_t n1, n2, n3;
    assert_csvc_ok(csvc_kpi_results_export_csv_buffer(res, 0, &csv, &n1));
    assert_csvc_ok(csvc_kpi_results_export_csv_buffer(res, 1, &detail, &n2));
    assert_csvc_ok(csvc_kpi_results_export_json_buffer(res, &json, &n3));
    char *all = malloc(n1 + n2 + n3 + 1);
    assert_non_null(all);
    memcpy(all, csv, n1);
    memcpy(all + n1, detail, n2);
    memcpy(all + n1 + n2, json, n3 + 1);
    csvc_free(csv);
    csvc_free(detail);
    csvc_free(json);
    return all;
}

/* Peers: min_count 1, anonymity 3 (the defaults), renormalised when
 * missing. k: peers and supervisor; lonely: peers only. A has two peers
 * (hidden) and a supervisor; B three peers (visible) and a supervisor. */
static void anonymity_review(fx *f, double b_on_a, double c_on_a, int calibrate, int fold)
{
    csvc_kpi_results_free(f->res);
    f->res = NULL;
    csvc_kpi_review_free(f->rv);
    f->rv = NULL;
    csvc_kpi_model_free(f->m);
    assert_csvc_ok(csvc_kpi_model_new(NULL, "t1", &f->m));
    group(f->m, CSVC_RATER_PEER, 1, CSVC_AGG_MEAN, 1, 3, CSVC_MISSING_RENORMALISE);
    group(f->m, CSVC_RATER_SUPERVISOR, 1, CSVC_AGG_MEAN, 1, 1, CSVC_MISSING_RENORMALISE);
    const double gw[5] = {0, 1, 1, 0, 0};
    add_rated(f->m, "k", CSVC_DIM_SKILL, 1, CSVC_SCALE_0_100, gw);
    add_rated(f->m, "lonely", CSVC_DIM_TEAMWORK, 1, CSVC_SCALE_0_100, ONLY_PEER);
    assert_ok(f->m, csvc_kpi_model_set_calibration(f->m, calibrate));
    assert_ok(f->m, csvc_kpi_model_set_fold_hidden(f->m, fold));
    open_review(f);
    rate(f, "B", "A", "k", CSVC_RATER_PEER, b_on_a);
    rate(f, "C", "A", "k", CSVC_RATER_PEER, c_on_a);
    rate(f, "S1", "A", "k", CSVC_RATER_SUPERVISOR, 40);
    rate(f, "B", "A", "lonely", CSVC_RATER_PEER, c_on_a); /* a lone peer */
    rate(f, "A", "B", "k", CSVC_RATER_PEER, 90);
    rate(f, "C", "B", "k", CSVC_RATER_PEER, 60);
    rate(f, "D", "B", "k", CSVC_RATER_PEER, 30);
    rate(f, "S1", "B", "k", CSVC_RATER_SUPERVISOR, 40);
    rate(f, "A", "B", "lonely", CSVC_RATER_PEER, 70);
    rate(f, "C", "B", "lonely", CSVC_RATER_PEER, 80);
    rate(f, "D", "B", "lonely", CSVC_RATER_PEER, 90);
    compute(f);
}

static void test_anonymity(void **state)
{
    fx *f = *state;
    /* Hidden groups count as missing: A's k is the supervisor's 40, its
     * lonely KPI has no score, its composite is 40. */
    anonymity_review(f, 91.2345, 77.4321, 0, 0);
    csvc_kpi_group_result peer = group_result(f->res, "A", "k", CSVC_RATER_PEER);
    assert_int_equal(peer.count, 2);
    assert_int_equal(peer.flags, CSVC_KPI_HIDDEN | CSVC_KPI_RENORMALISED);
    assert_true(isnan(peer.aggregate));
    assert_near(peer.weight_used, 0);
    assert_near(group_result(f->res, "A", "k", CSVC_RATER_SUPERVISOR).weight_used, 1);
    csvc_kpi_result k = kpi_result(f->res, "A", "k");
    assert_near(k.score, 40);
    assert_near(k.raw, 40);
    assert_int_equal(k.flags, CSVC_KPI_HIDDEN | CSVC_KPI_RENORMALISED);
    csvc_kpi_result lonely = kpi_result(f->res, "A", "lonely");
    assert_true(isnan(lonely.score));
    assert_true(isnan(lonely.raw));
    assert_int_equal(lonely.flags, CSVC_KPI_MISSING | CSVC_KPI_HIDDEN | CSVC_KPI_RENORMALISED);
    csvc_kpi_agent_result a = agent_result(f->res, "A");
    assert_near(a.composite, 40);
    assert_int_equal(a.flags, CSVC_KPI_PARTIAL | CSVC_KPI_HIDDEN | CSVC_KPI_RENORMALISED);
    /* B's three peers are visible: k (60 + 40) / 2 = 50, lonely 80. */
    csvc_kpi_group_result bpeer = group_result(f->res, "B", "k", CSVC_RATER_PEER);
    assert_int_equal(bpeer.count, 3);
    assert_int_equal(bpeer.flags, 0);
    assert_near(bpeer.aggregate, 60);
    assert_near(kpi_result(f->res, "B", "k").score, 50);
    assert_near(composite(f->res, "B"), 65);

    /* No export shows a hidden mean or rating... */
    char *first = all_exports(f->res);
    const char *const secrets[] = {"84.3333", "91.2345", "77.4321", "62.16665"};
    for (int i = 0; i < 4; i++)
        assert_false(contains(first, secrets[i]));
    assert_true(contains(first, "\"peer\":{\"count\":2,\"aggregate\":null,\"weight\":1,"
                                "\"weight_used\":0,\"flags\":[\"renormalised\",\"hidden\"]}"));
    /* ... and no difference between two computations does either: other
     * hidden values give byte-identical results, with and without
     * calibration (hidden ratings take no part in its statistics). */
    anonymity_review(f, 5, 100, 0, 0);
    char *second = all_exports(f->res);
    assert_string_equal(first, second);
    free(first);
    free(second);
    anonymity_review(f, 91.2345, 77.4321, 1, 0);
    first = all_exports(f->res);
    anonymity_review(f, 5, 100, 1, 0);
    second = all_exports(f->res);
    assert_string_equal(first, second);
    free(first);
    free(second);

    /* Opt-in folding: the hidden mean enters the score (and so is revealed
     * through it, as kpi.h warns): (84.3333 + 40) / 2 = 62.16665, and the
     * lone peer's value is the lonely KPI's score. Its aggregate itself is
     * still never reported. */
    anonymity_review(f, 91.2345, 77.4321, 0, 1);
    peer = group_result(f->res, "A", "k", CSVC_RATER_PEER);
    assert_int_equal(peer.flags, CSVC_KPI_HIDDEN);
    assert_true(isnan(peer.aggregate));
    assert_near(peer.weight_used, 0.5);
    assert_near(kpi_result(f->res, "A", "k").score, (84.3333 + 40) / 2);
    assert_near(kpi_result(f->res, "A", "lonely").score, 77.4321);
    first = all_exports(f->res);
    assert_false(contains(first, "84.3333,"));
    assert_true(contains(first, "\"peer\":{\"count\":2,\"aggregate\":null,\"weight\":1,"
                                "\"weight_used\":0.5,\"flags\":[\"hidden\"]}"));
    free(first);
    assert_int_equal(csvc_kpi_model_fold_hidden(f->m), 1);
    assert_int_equal(csvc_kpi_model_fold_hidden(NULL), 0);
    assert_status_msg(csvc_kpi_model_set_fold_hidden(f->m, 2), CSVC_E_INVALID,
                      "fold_hidden_groups: must be 0 or 1 (got 2)");
    assert_int_equal(csvc_kpi_model_set_fold_hidden(NULL, 1), CSVC_E_NULL);

    /* With min_count >= anonymity, such a group is missing outright. */
    csvc_kpi_results_free(f->res);
    f->res = NULL;
    csvc_kpi_review_free(f->rv);
    f->rv = NULL;
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

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, kfx_setup, kfx_teardown)
    const struct CMUnitTest tests[] = {
        T(test_renormalise_missing_peer),
        T(test_zero_missing_peer),
        T(test_incomplete_missing_peer),
        T(test_min_count),
        T(test_trimmed_mean),
        T(test_median),
        T(test_calibration),
        T(test_calibration_clamps),
        T(test_normalisation_boundaries),
        T(test_extreme_weights_and_spans),
        T(test_metrics_table),
        T(test_load_desk),
        T(test_forced_distribution_with_ties),
        T(test_grade_thresholds),
        T(test_anonymity),
    };
#undef T
    return cmocka_run_group_tests_name("kpi_scoring", tests, NULL, NULL);
}
