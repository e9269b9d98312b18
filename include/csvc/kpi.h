/**
 * @file csvc/kpi.h
 * @brief The KPI scoring engine: weighted multi-rater ("360") reviews
 *        turned into explainable composite scores, grades,
 *        ranks and percentiles.
 *
 * Three handles:
 * - ::csvc_kpi_model: the KPIs, the rater groups and the grading rules,
 *   built through this API or loaded from a JSON document (the schema is
 *   `examples/data/kpi_model.schema.json`, an example
 *   `examples/data/kpi_model.json`). A model carries a caller-chosen version.
 * - ::csvc_kpi_review: one review cycle over a roster (borrowed: it must
 *   outlive the review) for a period, with a private copy of the model
 *   (later edits of the model do not affect the review, which records the
 *   version it used). Ratings are submitted one by one or imported from CSV;
 *   objective values come from a desk or from the caller.
 * - ::csvc_kpi_results: an immutable snapshot computed from a review:
 *   per agent the composite, dimension subtotals, grade, ranks and
 *   percentiles; per KPI the raw value, score, weight and contribution; per
 *   rater group the count, aggregate and weight actually used.
 *
 * Every call that fails returns a specific status, leaves a message in the
 * handle's errmsg (and csvc_last_errmsg()) and changes nothing.
 *
 * @section kpi_scoring Scoring rules (exact)
 *
 * Numbers. Scores are doubles on 0..100. Every threshold comparison (bands,
 * grades, ranks, ties of the forced distribution) uses values rounded to
 * 1e-6 as `round(x * 1e6) / 1e6`; the reported values are not rounded.
 *
 * Rating scales. A rated KPI declares its scale; a rating outside it is
 * refused (::CSVC_E_RANGE). Ratings may be fractional. Rescaling to 0..100:
 * ::CSVC_SCALE_1_5: `(v - 1) / 4 * 100`; ::CSVC_SCALE_0_100: `v`.
 *
 * Calibration (optional, model-wide, csvc_kpi_model_set_calibration()).
 * On the rescaled values, per rater r over every rating r gave in the review
 * (all ratees, KPIs and groups) that belongs to a used group (or a hidden
 * one the model folds): `mean_r`, population `sd_r` (divide by n);
 * `z = (x - mean_r) / sd_r`, and `z = 0` when r gave a single rating or
 * `sd_r < 1e-9` (a rater who always gives the same value maps to the
 * population mean). Then `x' = pop_mean + z * pop_sd`, where pop_mean and
 * pop_sd (population) are over all ratings of the review, clamped to
 * 0..100. Note that a customer who rates once is mapped to the population
 * mean: calibration suits reviews whose raters rate several times. The
 * population statistics are over the same ratings.
 *
 * Group aggregate (on the 0..100 values of one group for one ratee and KPI):
 * - ::CSVC_AGG_MEAN: arithmetic mean;
 * - ::CSVC_AGG_MEDIAN: the middle value; for an even count the mean of the
 *   two middle values;
 * - ::CSVC_AGG_TRIMMED_MEAN: with at least 5 ratings, drops exactly one
 *   highest and one lowest rating (one each, even when several ratings tie
 *   at the extreme) and averages the rest; with 1..4 ratings the plain mean.
 *
 * Group states, per ratee and KPI, for each group whose weight for the KPI
 * is positive (a group with weight 0 is ::CSVC_KPI_EXCLUDED: it takes no
 * ratings for that KPI and no part in its score):
 * - missing: fewer ratings than the group's `min_count` (no ratings at all
 *   included; ::CSVC_KPI_MISSING, plus ::CSVC_KPI_BELOW_MIN when it has
 *   some). A missing group follows its `missing` policy:
 *   ::CSVC_MISSING_RENORMALISE drops it and its weight (the weights of the
 *   groups present are renormalised: goal 5, feedback 5 and no self
 *   appraisal gives 5, not 3.33); ::CSVC_MISSING_ZERO keeps its weight with
 *   an aggregate of 0 (::CSVC_KPI_ZERO_FILLED); ::CSVC_MISSING_INCOMPLETE
 *   makes the KPI incomplete (::CSVC_KPI_INCOMPLETE): it has no score, and
 *   then the composite has none either.
 * - hidden: at least `min_count` ratings but fewer than the group's
 *   `anonymity` threshold (::CSVC_KPI_HIDDEN). Its count is reported; its
 *   aggregate and its ratings determine no released number: the group is
 *   treated as missing for that ratee and its `missing` policy applies
 *   (renormalised away, zero-filled, or the KPI incomplete, flagged as for
 *   a missing group but without ::CSVC_KPI_MISSING), and its ratings take
 *   no part in calibration statistics. So no score, raw value, composite,
 *   subtotal, grade, rank, percentile or export, and no difference between
 *   two computations, depends on a hidden rating's value.
 *   Opt-in (csvc_kpi_model_set_fold_hidden(), JSON `fold_hidden_groups`):
 *   hidden groups are folded into the KPI score like visible ones (and
 *   their ratings into calibration). Their aggregate is still never
 *   reported, but the released numbers then depend on it: a KPI whose only
 *   group is hidden shows that group's mean as its score and raw value, and
 *   anyone who knows the other groups' aggregates and the weights can
 *   compute a hidden group's mean from the KPI score, or from a composite.
 * - used: otherwise.
 *
 * KPI score. Rated: `sum(w_g * a_g) / sum(w_g)` over the used (and, when
 * folded, hidden) and zero-filled groups (a_g = 0 for zero-filled); no score when that sum of
 * weights is 0 (every group missing and renormalised: ::CSVC_KPI_MISSING)
 * or when a missing group's policy is incomplete. The group weight actually
 * used is `w_g / sum(w_g)`. The raw value of a rated KPI is its score
 * expressed on the KPI's scale (`1 + s / 100 * 4` for 1..5).
 * Objective: the raw value is the metric (from the desk or the caller); a
 * NaN value (no value, e.g. a rate with a zero denominator) leaves the KPI
 * without a score (::CSVC_KPI_MISSING). Normalisation:
 * - ::CSVC_NORM_LINEAR, higher is better (floor < target):
 *   `(v - floor) / (target - floor) * 100` clamped to 0..100 (100 at and
 *   above the target, 0 at and below the floor);
 *   lower is better (floor > target): `(floor - v) / (floor - target) * 100`
 *   clamped to 0..100 (100 at and below the target, 0 at and above the floor).
 * - ::CSVC_NORM_BANDS: bands are (threshold, points) pairs with strictly
 *   ascending thresholds and points in 0..100. Higher is better: the points
 *   of the last band whose threshold is <= v (each band's lower bound is
 *   inclusive); 0 below the first threshold. Lower is better: the points of
 *   the first band whose threshold is >= v (each band's upper bound is
 *   inclusive); 0 above the last threshold. v and the thresholds are
 *   compared rounded to 1e-6.
 *
 * Composite: `sum(w_k * s_k) / sum(w_k)` over the KPIs with a score; a KPI
 * without one is left out (::CSVC_KPI_PARTIAL on the agent) unless it is
 * incomplete, which leaves the agent without a composite
 * (::CSVC_KPI_INCOMPLETE). No KPI with a score: no composite
 * (::CSVC_KPI_MISSING). A KPI's weight share is `w_k / sum(w_k)` and its
 * contribution `w_k * s_k / sum(w_k)`; the contributions add up to the
 * composite. Dimension subtotals: the same formula over the KPIs of one
 * dimension (NaN when the agent has no composite or the dimension no scored
 * KPI).
 *
 * Grades (csvc_kpi_grading): five grades, index 5 (best: "S" or 5 stars)
 * down to 1 ("D" or 1 star). By thresholds: the best grade g whose minimum
 * `thresholds[5 - g]` is <= the rounded composite; grade 1 below the last
 * threshold. With a forced distribution, the graded agents (those with a
 * composite) are ordered by rounded composite descending, ties by agent id
 * ascending (byte-wise), and the first n5 get grade 5, the next n4 grade 4,
 * and so on, where n5..n1 split the number of graded agents by `shares`
 * with the largest-remainder method (equal remainders: the better grade
 * first). Tied agents may therefore get different grades; the order is
 * deterministic.
 *
 * Ranks and percentiles, within the agent's team and within the desk, over
 * the agents with a composite: competition ranking ("1224") on the rounded
 * composite descending (tied agents share the best rank of their group);
 * percentile `100 * (lower + (tied - 1) / 2) / (N - 1)` where lower counts
 * the agents of the scope with a strictly lower rounded composite, tied the
 * agents with an equal one (the agent included) and N the scope's size;
 * 100 when N is 1. The best agent has 100, the worst 0, ties the mean of
 * the positions they span.
 *
 * Results cover the roster's active agents at compute time, in roster
 * order, except those separated on or before the period's start
 * (csvc_roster_separate_agent()). Agents without a composite get no
 * grade, rank or percentile.
 *
 * @section kpi_rules Rater rules (a security rule: refused with ::CSVC_E_PERM)
 * A rater does not choose its group: for an agent of the roster the group
 * follows from its relationship with the ratee, by precedence
 * 1. supervisor: the ratee's supervisor in the roster, or the lead of the
 *    ratee's team;
 * 2. subordinate: an agent whose supervisor is the ratee, or a member of a
 *    team the ratee leads;
 * 3. peer: another agent of the ratee's team;
 * and a rating that declares another group is refused, naming the group it
 * belongs in and why (a lead who is also in the team rates its members as
 * supervisor, never as peer). Besides:
 * - self: only the ratee rates itself, and only as self;
 * - customer: any identifier but the ratee's: a customer id (which need
 *   not be an agent), or an agent with none of the relationships above (an
 *   internal customer).
 *
 * The ratee must be an agent of the roster (::CSVC_E_NOTFOUND); so must the
 * rater of the self, supervisor, peer and subordinate groups. One rating per
 * (rater, ratee, KPI): a later submission replaces the earlier one while the
 * review is open, and stays in its group (a replacement declaring another
 * group is refused, as after a reorganisation that changed the
 * relationship); a replacement whose time is earlier than the rating it
 * replaces is refused (::CSVC_E_TIME). A closed review refuses every
 * change (::CSVC_E_CLOSED).
 *
 * Thread-safety: one handle is not thread-safe; distinct handles are
 * independent. A results handle does not refer to its review.
 */
#ifndef CSVC_KPI_H
#define CSVC_KPI_H

#include "common.h"
#include "desk.h"
#include "roster.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An opaque KPI model. */
typedef struct csvc_kpi_model csvc_kpi_model;
/** An opaque review cycle. */
typedef struct csvc_kpi_review csvc_kpi_review;
/** An opaque, immutable set of computed results. */
typedef struct csvc_kpi_results csvc_kpi_results;

/** The five balanced-scorecard dimensions. Values are stable. */
typedef enum csvc_kpi_dimension {
    CSVC_DIM_QUALITY = 0,
    CSVC_DIM_EFFICIENCY = 1,
    CSVC_DIM_SKILL = 2,
    CSVC_DIM_TEAMWORK = 3,
    CSVC_DIM_INNOVATION = 4
} csvc_kpi_dimension;
#define CSVC_KPI_DIMENSION_COUNT 5

/** Rater groups. Values are stable. */
typedef enum csvc_rater_group {
    CSVC_RATER_SELF = 0,
    CSVC_RATER_PEER = 1,
    CSVC_RATER_SUPERVISOR = 2,
    CSVC_RATER_SUBORDINATE = 3,
    CSVC_RATER_CUSTOMER = 4
} csvc_rater_group;
#define CSVC_RATER_GROUP_COUNT 5

/** Where a KPI's value comes from. */
typedef enum csvc_kpi_source {
    CSVC_KPI_OBJECTIVE = 0, /**< a metric value, normalised */
    CSVC_KPI_RATED = 1      /**< ratings by rater groups */
} csvc_kpi_source;

/** Direction of an objective KPI. */
typedef enum csvc_kpi_direction {
    CSVC_HIGHER_IS_BETTER = 0,
    CSVC_LOWER_IS_BETTER = 1
} csvc_kpi_direction;

/** Normalisation of an objective KPI to 0..100. */
typedef enum csvc_kpi_normalise {
    CSVC_NORM_LINEAR = 0, /**< linear between floor and target, clamped */
    CSVC_NORM_BANDS = 1   /**< piecewise: thresholds -> points */
} csvc_kpi_normalise;

/** Declared scale of a rated KPI. */
typedef enum csvc_rating_scale {
    CSVC_SCALE_1_5 = 0,  /**< 1..5, rescaled (v - 1) / 4 * 100 */
    CSVC_SCALE_0_100 = 1 /**< 0..100, kept */
} csvc_rating_scale;

/** Aggregation inside a rater group. */
typedef enum csvc_aggregation {
    CSVC_AGG_MEAN = 0,
    CSVC_AGG_MEDIAN = 1,
    CSVC_AGG_TRIMMED_MEAN = 2 /**< drops one highest and one lowest at >= 5 ratings */
} csvc_aggregation;

/** What a missing rater group does to a KPI. */
typedef enum csvc_missing_policy {
    CSVC_MISSING_RENORMALISE = 0, /**< its weight goes to the groups present */
    CSVC_MISSING_ZERO = 1,        /**< it counts as 0 with its weight */
    CSVC_MISSING_INCOMPLETE = 2   /**< the KPI (and the composite) has no score */
} csvc_missing_policy;

/** Grade labels. */
typedef enum csvc_grade_scheme {
    CSVC_GRADE_LETTERS = 0, /**< S, A, B, C, D (grades 5..1) */
    CSVC_GRADE_STARS = 1    /**< "5" .. "1" stars */
} csvc_grade_scheme;

/** "quality", "efficiency", "skill", "teamwork", "innovation"; NULL if unknown. @since 0.5 */
CSVC_API const char *csvc_kpi_dimension_name(csvc_kpi_dimension dimension);
/** Parses a dimension name (exact, lower case). ::CSVC_E_INVALID if unknown. @since 0.5 */
CSVC_API csvc_status csvc_kpi_dimension_parse(const char *name, csvc_kpi_dimension *out);
/** "self", "peer", "supervisor", "subordinate", "customer"; NULL if unknown. @since 0.5 */
CSVC_API const char *csvc_rater_group_name(csvc_rater_group group);
/** Parses a rater group name (exact, lower case). ::CSVC_E_INVALID if unknown. @since 0.5 */
CSVC_API csvc_status csvc_rater_group_parse(const char *name, csvc_rater_group *out);

/**
 * The objective metric names a KPI may bind to, each a field of
 * ::csvc_metrics (desk.h): handled, resolved, resolution_rate,
 * first_contact, fcr, frt_count, frt_mean, frt_median, frt_p90,
 * resolution_count, resolution_mean, resolution_median, resolution_p90,
 * total_resolution_mean, total_resolution_median, total_resolution_p90,
 * sla_due, sla_met, sla_compliance, reopened, reopen_rate, csat_count,
 * csat, csat_mean, complaints, complaint_rate, transfers, escalations,
 * transfer_rate, escalation_rate, backlog (frt = first response time).
 * Returns the i-th name (0-based) or NULL past the end.
 * @since 0.5
 */
CSVC_API const char *csvc_kpi_metric_name(size_t index);

/* ------------------------------------------------------------------------ */
/** @name Models */
/**@{*/

#define CSVC_RATER_GROUP_CONFIG_VERSION 1

/** The largest KPI or rater-group weight. Weights are relative, so no
 * model needs more; the bound keeps every weighted sum of at most 1000
 * KPIs' scores (0..100) finite. */
#define CSVC_KPI_WEIGHT_MAX 1e12

/** Model-wide settings of one rater group. */
typedef struct csvc_rater_group_config {
    uint32_t version;                /**< ::CSVC_RATER_GROUP_CONFIG_VERSION */
    double weight;                   /**< 0..::CSVC_KPI_WEIGHT_MAX; 0 = rates no KPI by default */
    csvc_aggregation aggregation;    /**< default mean */
    int32_t min_count;               /**< >= 1; fewer ratings = missing; default 1 */
    int32_t anonymity;               /**< >= 1; fewer ratings = hidden; default 3 */
    csvc_missing_policy missing;     /**< default renormalise */
} csvc_rater_group_config;

/** Weight 1, mean, min_count 1, anonymity 3, renormalise. */
#define CSVC_RATER_GROUP_CONFIG_INIT \
    { CSVC_RATER_GROUP_CONFIG_VERSION, 1.0, CSVC_AGG_MEAN, 1, 3, CSVC_MISSING_RENORMALISE }
/** Sets `config` to ::CSVC_RATER_GROUP_CONFIG_INIT (NULL is a no-op). @since 0.5 */
CSVC_API void csvc_rater_group_config_init(csvc_rater_group_config *config);

/** One band of a banded normalisation. */
typedef struct csvc_kpi_band {
    double threshold; /**< finite; strictly ascending across the bands */
    double points;    /**< 0..100 */
} csvc_kpi_band;

/** Most bands a KPI may have. */
#define CSVC_KPI_BANDS_MAX 32

#define CSVC_KPI_DEF_VERSION 1

/**
 * A KPI definition, in (csvc_kpi_model_add_kpi()) and out
 * (csvc_kpi_model_kpi_at(), strings and bands then owned by the model).
 */
typedef struct csvc_kpi_def {
    uint32_t version;             /**< ::CSVC_KPI_DEF_VERSION */
    const char *id;               /**< identifier, unique in the model */
    const char *name;             /**< display name, <= 256 bytes; NULL or "" = the id */
    csvc_kpi_dimension dimension;
    double weight;                /**< > 0, at most ::CSVC_KPI_WEIGHT_MAX */
    csvc_kpi_source source;
    /* objective KPIs */
    /** A name of csvc_kpi_metric_name(), or NULL / "" = supplied by the caller. */
    const char *metric;
    csvc_kpi_direction direction;
    csvc_kpi_normalise normalise;
    double floor, target;         /**< linear: floor < target (higher) or floor > target (lower) */
    const csvc_kpi_band *bands;   /**< bands: 1..::CSVC_KPI_BANDS_MAX of them */
    uint32_t band_count;
    /* rated KPIs */
    csvc_rating_scale scale;
    /** Per-group weight for this KPI: >= 0 overrides the model-wide weight
     *  (0 excludes the group), < 0 (the default, -1) takes the model-wide one. */
    double group_weights[CSVC_RATER_GROUP_COUNT];
} csvc_kpi_def;

/** Objective, quality, weight 1, caller-supplied, higher is better, linear 0..100. */
#define CSVC_KPI_DEF_INIT                                                                 \
    { CSVC_KPI_DEF_VERSION, NULL, NULL, CSVC_DIM_QUALITY, 1.0, CSVC_KPI_OBJECTIVE, NULL,  \
      CSVC_HIGHER_IS_BETTER, CSVC_NORM_LINEAR, 0.0, 100.0, NULL, 0u, CSVC_SCALE_1_5,     \
      { -1.0, -1.0, -1.0, -1.0, -1.0 } }
/** Sets `def` to ::CSVC_KPI_DEF_INIT (NULL is a no-op). @since 0.5 */
CSVC_API void csvc_kpi_def_init(csvc_kpi_def *def);

#define CSVC_KPI_GRADING_VERSION 1

/** How composites become grades. */
typedef struct csvc_kpi_grading {
    uint32_t version;          /**< ::CSVC_KPI_GRADING_VERSION */
    csvc_grade_scheme scheme;
    /** Minimum rounded composite of grades 5, 4, 3, 2 (grade 1 below);
     *  strictly descending, within 0..100. */
    double thresholds[4];
    int32_t forced;            /**< 1: grade by `shares` instead of thresholds */
    /** Percent of graded agents per grade, grade 5 first; >= 0, sum 100
     *  (within 1e-9). Used only when `forced` is 1. */
    double shares[5];
} csvc_kpi_grading;

/** Letters; S >= 90, A >= 80, B >= 70, C >= 60, D below; not forced
 *  (shares 10/20/40/20/10 ready for forcing). */
#define CSVC_KPI_GRADING_INIT                                                        \
    { CSVC_KPI_GRADING_VERSION, CSVC_GRADE_LETTERS, { 90.0, 80.0, 70.0, 60.0 }, 0,  \
      { 10.0, 20.0, 40.0, 20.0, 10.0 } }
/** Sets `grading` to ::CSVC_KPI_GRADING_INIT (NULL is a no-op). @since 0.5 */
CSVC_API void csvc_kpi_grading_init(csvc_kpi_grading *grading);

/**
 * Creates a model with no KPIs. Every rater group starts as
 * ::CSVC_RATER_GROUP_CONFIG_INIT except that self and supervisor have an
 * anonymity threshold of 1: their single rater is known from the roster
 * anyway, so hiding them would protect no one and only blank the scorecard.
 * Grading starts as ::CSVC_KPI_GRADING_INIT, calibration off.
 * @param allocator NULL for malloc/realloc/free; otherwise copied.
 * @param version the model's version (an identifier, e.g. "2026.1").
 * @param out the new model, freed with csvc_kpi_model_free().
 * @return ::CSVC_E_NULL, id errors of `version` as csvc_id_check(),
 *         ::CSVC_E_VERSION / ::CSVC_E_INVALID (allocator), ::CSVC_E_NOMEM;
 *         the message is in csvc_last_errmsg().
 * @since 0.5
 */
CSVC_API csvc_status csvc_kpi_model_new(const csvc_allocator *allocator, const char *version,
                                        csvc_kpi_model **out);
/** Frees a model; NULL is a no-op. Reviews keep their own copies. @since 0.5 */
CSVC_API void csvc_kpi_model_free(csvc_kpi_model *model);
/** The message of the model's last failed call, "" if none. Never NULL. @since 0.5 */
CSVC_API const char *csvc_kpi_model_errmsg(const csvc_kpi_model *model);
/** The model's version string (owned by the model); NULL for NULL. @since 0.5 */
CSVC_API const char *csvc_kpi_model_version(const csvc_kpi_model *model);

/**
 * Sets a rater group's model-wide settings. Refused when the new weight
 * would leave a rated KPI that uses the model-wide weights with no group of
 * positive weight (::CSVC_E_CONSTRAINT: the KPI could not produce a score).
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION, ::CSVC_E_INVALID (unknown group,
 *         aggregation or policy), ::CSVC_E_RANGE (weight negative or not
 *         finite, min_count or anonymity < 1), ::CSVC_E_CONSTRAINT.
 * @since 0.5
 */
CSVC_API csvc_status csvc_kpi_model_set_group(csvc_kpi_model *model, csvc_rater_group group,
                                              const csvc_rater_group_config *config);
/** A rater group's model-wide settings. @since 0.5 */
CSVC_API csvc_status csvc_kpi_model_get_group(const csvc_kpi_model *model,
                                              csvc_rater_group group,
                                              csvc_rater_group_config *out);

/**
 * Appends a KPI. Checks: id (::CSVC_E_EXISTS when taken), name, dimension,
 * source, direction, normalisation and scale values (::CSVC_E_INVALID);
 * weight > 0 and finite (::CSVC_E_RANGE); for objective KPIs a known
 * metric (::CSVC_E_NOTFOUND), floor and target finite and ordered by the
 * direction (::CSVC_E_RANGE), bands 1..::CSVC_KPI_BANDS_MAX (::CSVC_E_NULL
 * when `bands` is NULL), thresholds finite and strictly ascending, points
 * in 0..100 (::CSVC_E_RANGE); for rated KPIs group weights finite and at
 * least one group with a positive effective weight (::CSVC_E_CONSTRAINT).
 * A model holds at most 1000 KPIs (::CSVC_E_RANGE).
 * Messages name the KPI and the field: "kpi 'csat': weight: must be
 * positive (got 0)".
 * @since 0.5
 */
CSVC_API csvc_status csvc_kpi_model_add_kpi(csvc_kpi_model *model, const csvc_kpi_def *def);
/** Number of KPIs; 0 for NULL. @since 0.5 */
CSVC_API size_t csvc_kpi_model_kpi_count(const csvc_kpi_model *model);
/** The KPI at `index` (insertion order). ::CSVC_E_RANGE past the end. @since 0.5 */
CSVC_API csvc_status csvc_kpi_model_kpi_at(const csvc_kpi_model *model, size_t index,
                                           csvc_kpi_def *out);
/** Index of a KPI by id. ::CSVC_E_NOTFOUND if absent. @since 0.5 */
CSVC_API csvc_status csvc_kpi_model_find_kpi(const csvc_kpi_model *model, const char *id,
                                             size_t *index);

/** Sets the grading rules (::CSVC_E_VERSION, ::CSVC_E_INVALID scheme or
 *  forced not 0/1, ::CSVC_E_RANGE thresholds or shares).
 * @since 0.5
 */
CSVC_API csvc_status csvc_kpi_model_set_grading(csvc_kpi_model *model,
                                                const csvc_kpi_grading *grading);
/** The grading rules. @since 0.5 */
CSVC_API csvc_status csvc_kpi_model_get_grading(const csvc_kpi_model *model,
                                                csvc_kpi_grading *out);
/** Turns per-rater calibration on (1) or off (0); ::CSVC_E_INVALID otherwise. @since 0.5 */
CSVC_API csvc_status csvc_kpi_model_set_calibration(csvc_kpi_model *model, int32_t enabled);
/** 1 when calibration is on, 0 when off or for NULL. @since 0.5 */
CSVC_API int32_t csvc_kpi_model_calibration(const csvc_kpi_model *model);
/**
 * Folds hidden rater groups into scores (1) or treats them as missing (0,
 * the default). Folding reveals what anonymity hides: see "hidden" in the
 * scoring rules. ::CSVC_E_INVALID for another value.
 * @since 0.6
 */
CSVC_API csvc_status csvc_kpi_model_set_fold_hidden(csvc_kpi_model *model, int32_t enabled);
/** 1 when hidden groups are folded into scores, 0 otherwise or for NULL. @since 0.6 */
CSVC_API int32_t csvc_kpi_model_fold_hidden(const csvc_kpi_model *model);

/**
 * Loads a model from a JSON document (schema:
 * examples/data/kpi_model.schema.json). Unknown fields are errors (a typo
 * cannot silently drop a setting), as are fields that do not apply to a
 * KPI's source. The message names the path and the reason
 * ("kpis[3].weight: must be positive (got 0)"). A leading UTF-8 byte-order
 * mark is skipped, as the CSV readers skip it.
 * @return ::CSVC_E_NULL, ::CSVC_E_IO (unreadable file), ::CSVC_E_PARSE
 *         (malformed JSON with its line and column, a wrong type, an
 *         unknown or missing field), the statuses of
 *         csvc_kpi_model_add_kpi() and csvc_kpi_model_set_group() for bad
 *         values, ::CSVC_E_CONSTRAINT (no KPIs), ::CSVC_E_NOMEM. The
 *         message is in csvc_last_errmsg(); `*out` is set only on success.
 * @since 0.5
 */
CSVC_API csvc_status csvc_kpi_model_load_json(const char *path, const csvc_allocator *allocator,
                                              csvc_kpi_model **out);
/** As csvc_kpi_model_load_json() from memory (`data` need not be NUL-terminated). @since 0.5 */
CSVC_API csvc_status csvc_kpi_model_load_json_buffer(const char *data, size_t size,
                                                     const csvc_allocator *allocator,
                                                     csvc_kpi_model **out);
/**
 * Writes the model as a JSON document in the load format, every field
 * explicit; loading it gives back the same model. The buffer is
 * NUL-terminated and released with csvc_free(); `*size` excludes the NUL.
 * @since 0.5
 */
CSVC_API csvc_status csvc_kpi_model_export_json_buffer(const csvc_kpi_model *model, char **out,
                                                       size_t *size);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Reviews */
/**@{*/

#define CSVC_KPI_REVIEW_OPTIONS_VERSION 1

/** Options of csvc_kpi_review_new(). */
typedef struct csvc_kpi_review_options {
    uint32_t version;                /**< ::CSVC_KPI_REVIEW_OPTIONS_VERSION */
    const csvc_allocator *allocator; /**< NULL for the system allocator */
    const char *id;                  /**< the review's identifier; NULL = "review" */
} csvc_kpi_review_options;

#define CSVC_KPI_REVIEW_OPTIONS_INIT { CSVC_KPI_REVIEW_OPTIONS_VERSION, NULL, NULL }
/** Sets `options` to ::CSVC_KPI_REVIEW_OPTIONS_INIT (NULL is a no-op). @since 0.5 */
CSVC_API void csvc_kpi_review_options_init(csvc_kpi_review_options *options);

/**
 * Opens a review of `roster` (borrowed) for `period` with a copy of `model`.
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION (options), ::CSVC_E_RANGE (the
 *         period ends before it starts), ::CSVC_E_CONSTRAINT (the model has
 *         no KPI, so it cannot produce a score), id errors,
 *         ::CSVC_E_NOMEM; the message is in csvc_last_errmsg().
 * @since 0.5
 */
CSVC_API csvc_status csvc_kpi_review_new(const csvc_roster *roster, const csvc_kpi_model *model,
                                         const csvc_period *period,
                                         const csvc_kpi_review_options *options,
                                         csvc_kpi_review **out);
/** Frees a review; NULL is a no-op. Results computed from it stay valid. @since 0.5 */
CSVC_API void csvc_kpi_review_free(csvc_kpi_review *review);
/** The message of the review's last failed call, "" if none. Never NULL. @since 0.5 */
CSVC_API const char *csvc_kpi_review_errmsg(const csvc_kpi_review *review);
/** The review's id (owned by the review); NULL for NULL. @since 0.5 */
CSVC_API const char *csvc_kpi_review_id(const csvc_kpi_review *review);
/** The review's copy of its model (its version is the one the review used). @since 0.5 */
CSVC_API const csvc_kpi_model *csvc_kpi_review_model(const csvc_kpi_review *review);
/** The review's period. @since 0.5 */
CSVC_API csvc_status csvc_kpi_review_period(const csvc_kpi_review *review, csvc_period *out);
/** 1 when the review is closed, else 0 (also for NULL). @since 0.5 */
CSVC_API int32_t csvc_kpi_review_is_closed(const csvc_kpi_review *review);
/** Number of ratings held (replacements count once); 0 for NULL. @since 0.5 */
CSVC_API size_t csvc_kpi_review_rating_count(const csvc_kpi_review *review);

#define CSVC_KPI_RATING_VERSION 1

/** One rating, as submitted. */
typedef struct csvc_kpi_rating {
    uint32_t version;       /**< ::CSVC_KPI_RATING_VERSION */
    const char *rater_id;   /**< identifier (an agent, or a customer id) */
    const char *ratee_id;   /**< an agent of the roster */
    const char *kpi_id;     /**< a rated KPI of the model */
    csvc_rater_group group;
    double value;           /**< on the KPI's scale */
    int64_t time;           /**< when it was given (Unix seconds) */
} csvc_kpi_rating;

#define CSVC_KPI_RATING_INIT { CSVC_KPI_RATING_VERSION, NULL, NULL, NULL, CSVC_RATER_PEER, 0.0, 0 }
/** Sets `rating` to ::CSVC_KPI_RATING_INIT (NULL is a no-op). @since 0.5 */
CSVC_API void csvc_kpi_rating_init(csvc_kpi_rating *rating);

/**
 * Submits (or replaces) a rating.
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION, ::CSVC_E_CLOSED (closed review),
 *         id errors of rater/ratee, ::CSVC_E_NOTFOUND (unknown ratee, KPI,
 *         or agent rater), ::CSVC_E_INVALID (unknown group),
 *         ::CSVC_E_CONSTRAINT (an objective KPI, or a group whose weight
 *         for the KPI is 0), ::CSVC_E_RANGE (value outside the scale or not
 *         finite), ::CSVC_E_PERM (the rater may not rate this ratee in this
 *         group: see the rater rules), ::CSVC_E_TIME (replacement older than
 *         the rating it replaces), ::CSVC_E_NOMEM, or what the change
 *         callback returned.
 * @since 0.5
 */
CSVC_API csvc_status csvc_kpi_review_rate(csvc_kpi_review *review,
                                          const csvc_kpi_rating *rating);

/**
 * Imports ratings from CSV, all or nothing: rows are submitted in file
 * order as by csvc_kpi_review_rate() (a later row replaces an earlier one
 * with the same rater, ratee and KPI); one bad row rejects the file and
 * leaves the review unchanged. Columns, found by the header row in any
 * order (all required; unknown or duplicate columns are errors):
 * | column | content                                                |
 * |--------|--------------------------------------------------------|
 * | rater  | rater id                                               |
 * | ratee  | agent id                                               |
 * | kpi    | KPI id                                                 |
 * | group  | self, peer, supervisor, subordinate, customer          |
 * | value  | decimal number on the KPI's scale                      |
 * | time   | ISO 8601 as csvc_time_parse() reads it, or Unix seconds |
 *
 * Unix seconds must fall in years 1..9999, as the ISO form must
 * (::CSVC_E_RANGE outside).
 * Errors name the line, the column and the reason, with the status of the
 * failed check (::CSVC_E_PARSE for malformed CSV, numbers and times).
 * The change callback sees one ::CSVC_KPI_RATINGS_IMPORTED.
 * @since 0.5
 */
CSVC_API csvc_status csvc_kpi_review_import_ratings_csv(csvc_kpi_review *review,
                                                        const char *path);
/** As csvc_kpi_review_import_ratings_csv() from memory. @since 0.5 */
CSVC_API csvc_status csvc_kpi_review_import_ratings_csv_buffer(csvc_kpi_review *review,
                                                               const char *data, size_t size);
/**
 * As csvc_kpi_review_import_ratings_csv(), reading the file as `options`
 * say: its encoding, and the offset of times without one (raters come from
 * every team: ::CSVC_UTC_OFFSET_AUTO means UTC). `options` may be NULL.
 * @since 0.6
 */
CSVC_API csvc_status csvc_kpi_review_import_ratings_csv_opts(csvc_kpi_review *review,
                                                             const char *path,
                                                             const csvc_import_options *options);
/** As csvc_kpi_review_import_ratings_csv_opts() from memory. @since 0.6 */
CSVC_API csvc_status csvc_kpi_review_import_ratings_csv_buffer_opts(
    csvc_kpi_review *review, const char *data, size_t size, const csvc_import_options *options);

/**
 * Supplies one objective value: `value` for KPI `kpi_id` of agent
 * `agent_id`; NaN clears it (no value). Any objective KPI takes caller
 * values; for a KPI bound to a metric a later csvc_kpi_review_set_metrics()
 * or csvc_kpi_review_load_desk() overwrites it.
 * @return ::CSVC_E_NULL, ::CSVC_E_CLOSED, ::CSVC_E_NOTFOUND (agent, KPI),
 *         ::CSVC_E_CONSTRAINT (a rated KPI), ::CSVC_E_RANGE (infinite),
 *         ::CSVC_E_NOMEM, or what the change callback returned.
 * @since 0.5
 */
CSVC_API csvc_status csvc_kpi_review_set_objective(csvc_kpi_review *review, const char *agent_id,
                                                   const char *kpi_id, double value);
/**
 * Takes the value of every metric-bound KPI for every agent from a
 * caller-supplied table: `rows[i]` for the roster's agent i, as
 * csvc_desk_metrics_all_agents() writes it; `n` must be the roster's agent
 * count (::CSVC_E_INVALID otherwise). Caller-supplied KPIs keep their values.
 * @since 0.5
 */
CSVC_API csvc_status csvc_kpi_review_set_metrics(csvc_kpi_review *review,
                                                 const csvc_metrics *rows, size_t n);
/**
 * As csvc_kpi_review_set_metrics() with the desk's all-agents metrics for
 * the review's period. The desk must work on the review's roster
 * (::CSVC_E_INVALID); the desk's errors are passed on.
 * @since 0.5
 */
CSVC_API csvc_status csvc_kpi_review_load_desk(csvc_kpi_review *review, const csvc_desk *desk);

/** Closes the review: every later change is ::CSVC_E_CLOSED. Closing a
 *  closed review is ::CSVC_E_CLOSED too. Results may still be computed.
 * @since 0.5
 */
CSVC_API csvc_status csvc_kpi_review_close(csvc_kpi_review *review);

/** What changed in a review, as told to the change callback. */
typedef enum csvc_kpi_review_change {
    CSVC_KPI_RATING_ADDED = 0,      /**< a new (rater, ratee, KPI) rating */
    CSVC_KPI_RATING_REPLACED = 1,   /**< a rating replaced an earlier one */
    CSVC_KPI_RATINGS_IMPORTED = 2,  /**< a whole CSV import */
    CSVC_KPI_OBJECTIVES_SET = 3,    /**< objective values changed */
    CSVC_KPI_REVIEW_CLOSED = 4
} csvc_kpi_review_change;

/**
 * Called after each accepted change. For ratings and single objective
 * values `ratee_id` and `kpi_id` name the cell that changed; they are NULL
 * for imports, metric tables and closing. The rater and the value are not
 * passed (anonymity). It runs after an attached store has journaled the
 * change; a non-OK return undoes the change (and the store's rows) and
 * becomes the result of the call that made it. It may read the review;
 * calls that would change it return ::CSVC_E_BUSY.
 */
typedef csvc_status (*csvc_kpi_review_change_fn)(const csvc_kpi_review *review,
                                                 csvc_kpi_review_change change,
                                                 const char *ratee_id, const char *kpi_id,
                                                 void *user_data);
/**
 * Sets (or, with NULL, removes) the application's change callback; an
 * attached store does not use this slot (see csvc_roster_set_change_callback()).
 * ::CSVC_E_BUSY from inside the callback.
 * @since 0.5
 */
CSVC_API csvc_status csvc_kpi_review_set_change_callback(csvc_kpi_review *review,
                                                         csvc_kpi_review_change_fn callback,
                                                         void *user_data);

/**
 * Computes every result of the review into a new, independent results
 * handle (the review's ratings are not modified; it only extends its
 * objective-value table to agents added to the roster since). Cost: linear
 * in the number of ratings (one streaming pass, two more with calibration)
 * plus a radix sort of the agents; the results take about
 * 12 bytes per agent, rated KPI and rater group plus 9 bytes per agent and
 * KPI (17 for objective KPIs). Benchmark: tests/bench/bench_kpi.c.
 * @return ::CSVC_E_NULL, ::CSVC_E_NOMEM.
 * @since 0.5
 */
CSVC_API csvc_status csvc_kpi_review_compute(csvc_kpi_review *review, csvc_kpi_results **out);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Results */
/**@{*/

/** @name Result flags
 *  Bits of the `flags` of ::csvc_kpi_agent_result, ::csvc_kpi_result and
 *  ::csvc_kpi_group_result. */
/**@{*/
#define CSVC_KPI_MISSING 0x01u      /**< no value / no score / group missing */
#define CSVC_KPI_INCOMPLETE 0x02u   /**< a missing group with the incomplete policy */
#define CSVC_KPI_ZERO_FILLED 0x04u  /**< a missing group counted as 0 */
#define CSVC_KPI_RENORMALISED 0x08u /**< a missing group's weight was redistributed */
#define CSVC_KPI_HIDDEN 0x10u       /**< below the anonymity threshold: aggregate withheld */
#define CSVC_KPI_BELOW_MIN 0x20u    /**< has ratings, fewer than min_count */
#define CSVC_KPI_EXCLUDED 0x40u     /**< group weight 0 for this KPI */
#define CSVC_KPI_PARTIAL 0x80u      /**< agent: some KPI had no score and was left out */
/**@}*/

#define CSVC_KPI_AGENT_RESULT_VERSION 1

/**
 * One agent's scorecard summary. Agent-level flags: ::CSVC_KPI_MISSING and
 * ::CSVC_KPI_INCOMPLETE when there is no composite, ::CSVC_KPI_PARTIAL, and
 * the union of the KPIs' ::CSVC_KPI_ZERO_FILLED, ::CSVC_KPI_RENORMALISED and
 * ::CSVC_KPI_HIDDEN.
 */
typedef struct csvc_kpi_agent_result {
    uint32_t version;         /**< ::CSVC_KPI_AGENT_RESULT_VERSION */
    const char *agent_id;     /**< owned by the results */
    const char *team_id;      /**< the agent's team at compute time */
    uint32_t flags;
    double composite;         /**< 0..100, NaN when none */
    double dimensions[CSVC_KPI_DIMENSION_COUNT]; /**< subtotals, NaN when none */
    int32_t grade;            /**< 5 (best) .. 1, 0 when none */
    const char *grade_label;  /**< "S".."D" or "5".."1"; "" when none */
    int32_t rank_team, rank_desk; /**< 1 = best; 0 when none */
    double percentile_team, percentile_desk; /**< 0..100, NaN when none */
    int32_t team_size, desk_size; /**< agents ranked in the scope */
} csvc_kpi_agent_result;

#define CSVC_KPI_RESULT_VERSION 1

/** One KPI of one agent. */
typedef struct csvc_kpi_result {
    uint32_t version;      /**< ::CSVC_KPI_RESULT_VERSION */
    const char *kpi_id;    /**< owned by the results */
    uint32_t flags;        /**< MISSING, INCOMPLETE, ZERO_FILLED, RENORMALISED, HIDDEN */
    double raw;            /**< metric value, or the combined rating on the KPI's scale;
                                NaN when none */
    double score;          /**< 0..100, NaN when none */
    double weight;         /**< the KPI's weight in the model */
    double weight_share;   /**< weight / sum of the weights of the agent's scored KPIs;
                                0 when the KPI or the agent has no score */
    double contribution;   /**< weight_share * score; 0 when the KPI or the agent has no score */
} csvc_kpi_result;

#define CSVC_KPI_GROUP_RESULT_VERSION 1

/** One rater group of one KPI of one agent (never its ratings). */
typedef struct csvc_kpi_group_result {
    uint32_t version;      /**< ::CSVC_KPI_GROUP_RESULT_VERSION */
    uint32_t flags;        /**< MISSING, BELOW_MIN, ZERO_FILLED, HIDDEN, EXCLUDED; 0 = used */
    int64_t count;         /**< ratings received; always reported */
    double aggregate;      /**< 0..100; NaN when hidden, missing or excluded */
    double weight;         /**< the group's weight for this KPI */
    double weight_used;    /**< share of the KPI score, 0..1; 0 when not counted */
} csvc_kpi_group_result;

/** Frees results; NULL is a no-op. @since 0.5 */
CSVC_API void csvc_kpi_results_free(csvc_kpi_results *results);
/** The message of the last failed call on the results, "" if none. @since 0.5 */
CSVC_API const char *csvc_kpi_results_errmsg(const csvc_kpi_results *results);
/** The model the results were computed with (owned by the results). @since 0.5 */
CSVC_API const csvc_kpi_model *csvc_kpi_results_model(const csvc_kpi_results *results);
/** Number of agents with results (the active agents); 0 for NULL. @since 0.5 */
CSVC_API size_t csvc_kpi_results_agent_count(const csvc_kpi_results *results);
/** Index (0 .. agent_count-1) of an agent. ::CSVC_E_NOTFOUND if it has no results. @since 0.5 */
CSVC_API csvc_status csvc_kpi_results_find_agent(const csvc_kpi_results *results,
                                                 const char *agent_id, size_t *index);
/** The summary of agent `agent` (an index); `*out` is filled completely
 *  (its version set). ::CSVC_E_NULL, ::CSVC_E_RANGE.
 * @since 0.5
 */
CSVC_API csvc_status csvc_kpi_results_agent(const csvc_kpi_results *results, size_t agent,
                                            csvc_kpi_agent_result *out);
/** KPI `kpi` (model index) of agent `agent`. ::CSVC_E_NULL, ::CSVC_E_RANGE. @since 0.5 */
CSVC_API csvc_status csvc_kpi_results_kpi(const csvc_kpi_results *results, size_t agent,
                                          size_t kpi, csvc_kpi_result *out);
/**
 * Rater group `group` of KPI `kpi` of agent `agent`: its count always, its
 * aggregate only when it is neither hidden nor missing.
 * @return ::CSVC_E_NULL, ::CSVC_E_RANGE, ::CSVC_E_INVALID (group),
 *         ::CSVC_E_CONSTRAINT (an objective KPI has no groups).
 * @since 0.5
 */
CSVC_API csvc_status csvc_kpi_results_group(const csvc_kpi_results *results, size_t agent,
                                            size_t kpi, csvc_rater_group group,
                                            csvc_kpi_group_result *out);

/**
 * Scorecards as CSV (LF line ends, header row). Numbers: scores rounded to
 * 1e-6 without trailing zeros, other values with up to 10 significant
 * digits; an empty field for NaN; flags as names joined by ';'.
 * - summary (`detail` 0), one row per agent: agent_id, team_id, composite,
 *   grade, rank_team, rank_desk, percentile_team, percentile_desk, quality,
 *   efficiency, skill, teamwork, innovation, flags;
 * - detail (`detail` 1), one row per agent and KPI: agent_id, team_id,
 *   kpi_id, dimension, source, raw, score, weight, weight_share,
 *   contribution, flags, then for each group (self, peer, supervisor,
 *   subordinate, customer) `<group>_count`, `<group>_aggregate`,
 *   `<group>_weight_used`, `<group>_flags` (empty for objective KPIs and
 *   excluded groups; the aggregate empty when hidden).
 * ::CSVC_E_INVALID when detail is not 0 or 1.
 * @since 0.5
 */
CSVC_API csvc_status csvc_kpi_results_export_csv_buffer(const csvc_kpi_results *results,
                                                        int32_t detail, char **out,
                                                        size_t *size);
/** As csvc_kpi_results_export_csv_buffer() into a file (::CSVC_E_IO, ::CSVC_E_PERM). @since 0.5 */
CSVC_API csvc_status csvc_kpi_results_export_csv(const csvc_kpi_results *results,
                                                 int32_t detail, const char *path);
/**
 * Scorecards as one JSON document:
 * `{"review": id, "model_version": v, "period": {"start": ISO, "end": ISO},
 *   "agents": [{"agent_id", "team_id", "composite", "grade", "rank":
 *   {"team", "desk"}, "percentile": {"team", "desk"}, "dimensions":
 *   {"quality", ...}, "flags": [...], "kpis": [{"kpi_id", "dimension",
 *   "source", "raw", "score", "weight", "weight_share", "contribution",
 *   "flags", "groups": {"peer": {"count", "aggregate", "weight",
 *   "weight_used", "flags"}, ...}}]}]}`; NaN is null, a hidden aggregate is
 * null, excluded groups and the groups of objective KPIs are left out.
 * The buffer is released with csvc_free().
 * @since 0.5
 */
CSVC_API csvc_status csvc_kpi_results_export_json_buffer(const csvc_kpi_results *results,
                                                         char **out, size_t *size);
/** As csvc_kpi_results_export_json_buffer() into a file. @since 0.5 */
CSVC_API csvc_status csvc_kpi_results_export_json(const csvc_kpi_results *results,
                                                  const char *path);
/**@}*/

#ifdef __cplusplus
}
#endif

#endif /* CSVC_KPI_H */
