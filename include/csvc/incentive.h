/**
 * @file csvc/incentive.h
 * @brief Incentive rules: a versioned plan of bonus, commission, deduction,
 *        points, pool and title rules, evaluated exactly for a period into
 *        explained payout statements.
 *
 * A plan (id, version, currency, effective dates, ordered rules, an
 * optional per-agent cap and budget) is loaded from JSON or built in C
 * (csvc_incentive_plan_builder_new()); the schema is
 * `examples/data/incentive_plan.schema.json`, a realistic monthly plan
 * `examples/data/incentive_plan.json`. A store keeps plan versions and
 * approved statements immutable (csvc_store_approve_statements()) and
 * journals a points ledger (csvc_store_attach_points()). Rule kinds:
 * - `tiered`: tiers `[lower, upper)` on a metric (the composite score, a
 *   dimension score, any metric). `step`: the tier containing the value pays
 *   its fixed `amount`, `bp_of_base` of base pay, or `rate` per unit of the
 *   whole value. `marginal`: each slice of the value inside a tier earns
 *   that tier's `rate` per unit. Tiers must be ordered and not overlap.
 * - `target`: achievement = value / target; levels (achievement %, payout
 *   %) such as 0 -> 0, 50 -> 0, 100 -> 100, 200 -> 300; the payout % is
 *   interpolated linearly between the two levels around the achievement,
 *   stays at the last level above it, is 0 below the first; `step` pays the
 *   level reached. Paid as that % of `on_target` (an amount or bp of base).
 * - `commission`: `rate` per unit of a metric (resolved tickets by
 *   default), accelerators `{above, rate}`: the units above a threshold earn
 *   its rate.
 * - `metric_bonus`: an amount when a metric is at least (or at most) a
 *   threshold, with an optional minimum sample (CSAT >= 95 % with >= 30
 *   ratings).
 * - `deduction`: `per_unit` of a metric (SLA breaches, valid complaints)
 *   taken off, never below the rule's `floor` for the agent's running total.
 * - `points`: points per unit of a metric (five-star ratings, adopted
 *   suggestions); no money.
 * - `pool`: when a team metric meets the target, an amount (fixed, or bp of
 *   the team's base pay) split among the team's eligible members equally,
 *   by a score or by hours worked (largest remainder, ties by agent id).
 * - `title`: the top N eligible agents by a metric (ties by agent id),
 *   with an optional amount.
 * Every rule may have its own `eligibility` (tenure, probation, active on
 * the period's last day, minimum and maximum metric values) on top of the
 * plan's, and a `cap` per agent.
 *
 * Arithmetic: money is int64 minor units of the plan's currency; metric
 * values are rounded to 1e-6 (micro-units, half away from zero) before
 * anything else, so thresholds and products do not depend on the compiler;
 * products and ratios are exact (128-bit) and each line is rounded once,
 * half-to-even, to the minor unit. A result outside int64 is
 * ::CSVC_E_OVERFLOW, never a wrong number. After the rules, the per-agent
 * cap (`agent_cap_bp` of base pay) trims a total above it, and when the
 * plan's total exceeds `budget`, every positive total is scaled down so the
 * plan's total equals the budget exactly (largest remainder, ties by agent
 * id); both appear as their own lines.
 *
 * Evaluation reads its inputs and changes nothing: the same inputs give the
 * same statements and byte-identical JSON on every run and build, so it is
 * also a what-if simulation of a draft plan on last period's data.
 *
 * Thread-safety: plans, inputs and results are not modified by
 * evaluation and may be read from several threads once built.
 */
#ifndef CSVC_INCENTIVE_H
#define CSVC_INCENTIVE_H

#include "common.h"
#include "desk.h"
#include "kpi.h"
#include "roster.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An opaque incentive plan. */
typedef struct csvc_incentive_plan csvc_incentive_plan;
/** An opaque table of agents and metric values a plan is evaluated on. */
typedef struct csvc_incentive_inputs csvc_incentive_inputs;
/** An opaque evaluation: statements, totals, titles. */
typedef struct csvc_incentive_result csvc_incentive_result;

/** Rule kinds. Values are stable. */
typedef enum csvc_incentive_rule_kind {
    CSVC_RULE_TIERED = 0,
    CSVC_RULE_TARGET = 1,
    CSVC_RULE_COMMISSION = 2,
    CSVC_RULE_METRIC_BONUS = 3,
    CSVC_RULE_DEDUCTION = 4,
    CSVC_RULE_POINTS = 5,
    CSVC_RULE_POOL = 6,
    CSVC_RULE_TITLE = 7,
    CSVC_RULE_AGENT_CAP = 8,    /**< a line only: the per-agent cap's trim */
    CSVC_RULE_BUDGET_SCALE = 9  /**< a line only: the budget's scaling */
} csvc_incentive_rule_kind;

/** Largest accepted metric magnitude (values are kept in micro-units). */
#define CSVC_INCENTIVE_METRIC_MAX 1e12

/* ------------------------------------------------------------------------ */
/** @name Plans */
/**@{*/

/**
 * Loads a plan from JSON text (`size` bytes; UTF-8, a byte-order mark is
 * skipped). Money is written as decimal strings in the plan's currency
 * ("200.00"); percentages of base pay as integer basis points (`*_bp`).
 * @return ::CSVC_E_NULL; ::CSVC_E_PARSE (not JSON, a missing or unknown
 *         field, a value of the wrong type); ::CSVC_E_INVALID (an unknown
 *         rule kind, currency or metric name, reversed effective dates,
 *         unordered or overlapping tiers or levels, duplicate rule ids);
 *         ::CSVC_E_RANGE (a negative amount, budget, cap or rate, a value
 *         beyond ::CSVC_INCENTIVE_METRIC_MAX or finer than 1e-6); each
 *         naming the JSON path (`rules[2].tiers[1].lower`) and the reason in
 *         csvc_last_errmsg(); ::CSVC_E_NOMEM.
 * @since 0.6
 */
CSVC_API csvc_status csvc_incentive_plan_load_json_buffer(const char *data, size_t size,
                                                          const csvc_allocator *allocator,
                                                          csvc_incentive_plan **out);
/** As csvc_incentive_plan_load_json_buffer() from a file (::CSVC_E_IO, ::CSVC_E_PERM). @since 0.6 */
CSVC_API csvc_status csvc_incentive_plan_load_json(const char *path,
                                                   const csvc_allocator *allocator,
                                                   csvc_incentive_plan **out);
/** Frees a plan; NULL is a no-op. @since 0.6 */
CSVC_API void csvc_incentive_plan_free(csvc_incentive_plan *plan);
/** The plan's id ("" for NULL). @since 0.6 */
CSVC_API const char *csvc_incentive_plan_id(const csvc_incentive_plan *plan);
/** The plan's version (0 for NULL). @since 0.6 */
CSVC_API int32_t csvc_incentive_plan_version(const csvc_incentive_plan *plan);
/** The plan's ISO 4217 currency ("" for NULL). @since 0.6 */
CSVC_API const char *csvc_incentive_plan_currency(const csvc_incentive_plan *plan);
/** The plan's budget for a period in minor units, or -1 when it has none
 *  (and for NULL). @since 0.8 */
CSVC_API int64_t csvc_incentive_plan_budget(const csvc_incentive_plan *plan);
/** The number of rules (0 for NULL). @since 0.6 */
CSVC_API size_t csvc_incentive_plan_rule_count(const csvc_incentive_plan *plan);
/**@}*/

/**
 * The plan's JSON document: as loaded, or as a builder wrote it (what
 * csvc_store_put_plan() keeps). Released with csvc_free().
 * @return ::CSVC_E_NULL, ::CSVC_E_NOMEM.
 * @since 0.7
 */
CSVC_API csvc_status csvc_incentive_plan_export_json_buffer(const csvc_incentive_plan *plan,
                                                            char **out, size_t *size);

/* ------------------------------------------------------------------------ */
/** @name Building a plan in C
 * The same plans as the JSON schema, with typed fields: the builder writes
 * the JSON document and each call loads it, so every rule is checked when
 * it is added, with the same rules and messages (naming the JSON path,
 * `rules[2].tiers[1].lower`) as csvc_incentive_plan_load_json_buffer(); a
 * refused call leaves the builder as it was. Money is int64 minor units of
 * the plan's currency; ::CSVC_INCENTIVE_UNSET (money, basis points) and NaN
 * (values) leave a field out. A field set that the rule's kind does not
 * use is ::CSVC_E_PARSE naming it. */
/**@{*/

/** "Not set", for money and basis-point fields. */
#define CSVC_INCENTIVE_UNSET INT64_MIN

/** An opaque plan under construction. */
typedef struct csvc_incentive_plan_builder csvc_incentive_plan_builder;

/** A bound on a metric for eligibility (NaN: no such bound). */
typedef struct csvc_incentive_bound {
    const char *metric;
    double min, max;
} csvc_incentive_bound;

/** Eligibility of the plan or of one rule. */
typedef struct csvc_incentive_eligibility {
    int32_t min_tenure_days;    /**< -1: none */
    int32_t exclude_probation;  /**< 1: agents on probation are not eligible */
    int32_t active_on_last_day; /**< 1: only agents active on the period's last day */
    const csvc_incentive_bound *bounds;
    size_t nbounds;
} csvc_incentive_eligibility;

#define CSVC_INCENTIVE_PLAN_INFO_VERSION 1

/** What a plan is, besides its rules. */
typedef struct csvc_incentive_plan_info {
    uint32_t version;           /**< ::CSVC_INCENTIVE_PLAN_INFO_VERSION */
    const char *id;
    int32_t plan_version;       /**< >= 1 */
    const char *currency;       /**< ISO 4217 */
    const char *effective_from; /**< "YYYY-MM-DD", inclusive */
    const char *effective_to;   /**< "YYYY-MM-DD", inclusive */
    int64_t agent_cap_bp;       /**< cap per agent in bp of base pay, or ::CSVC_INCENTIVE_UNSET */
    int64_t budget;             /**< the plan's budget, or ::CSVC_INCENTIVE_UNSET */
    const char *name;           /**< NULL: none */
    const csvc_incentive_eligibility *eligibility; /**< NULL: everyone */
} csvc_incentive_plan_info;

#define CSVC_INCENTIVE_PLAN_INFO_INIT                                                             \
    { CSVC_INCENTIVE_PLAN_INFO_VERSION, NULL, 1, NULL, NULL, NULL, CSVC_INCENTIVE_UNSET,          \
      CSVC_INCENTIVE_UNSET, NULL, NULL }

/** A tier `[lower, upper)` (upper NaN: open) paying exactly one of
 *  `amount`, `bp_of_base` or `rate` (per unit); the others ::CSVC_INCENTIVE_UNSET. */
typedef struct csvc_incentive_tier {
    double lower, upper;
    int64_t amount, bp_of_base, rate;
} csvc_incentive_tier;

/** A target level: achievement (bp of the target) -> payout (bp of on-target). */
typedef struct csvc_incentive_level {
    int64_t achievement_bp, payout_bp;
} csvc_incentive_level;

/** Units above `above` earn `rate` each. */
typedef struct csvc_incentive_accelerator {
    double above;
    int64_t rate;
} csvc_incentive_accelerator;

#define CSVC_INCENTIVE_RULE_VERSION 1

/** One rule; set the fields its kind uses (incentive.h's header lists them). */
typedef struct csvc_incentive_rule {
    uint32_t version;        /**< ::CSVC_INCENTIVE_RULE_VERSION */
    const char *id;
    csvc_incentive_rule_kind kind; /**< ::CSVC_RULE_TIERED .. ::CSVC_RULE_TITLE */
    const char *metric;      /**< NULL: none (commission: resolved tickets) */
    int64_t cap;             /**< the rule's cap per agent, or unset */
    const csvc_incentive_eligibility *eligibility; /**< NULL: the plan's only */
    /* tiered */
    int32_t marginal;        /**< 1: marginal tiers, 0: step */
    const csvc_incentive_tier *tiers;
    size_t ntiers;
    /* target */
    double target;           /**< NaN: unset */
    const csvc_incentive_level *levels;
    size_t nlevels;
    int32_t step;            /**< 1: pay the level reached */
    /* commission */
    int64_t rate;
    const csvc_incentive_accelerator *accelerators;
    size_t naccelerators;
    /* metric_bonus, pool: exactly one threshold */
    double at_least, at_most; /**< NaN: unset */
    const char *sample_metric; /**< metric_bonus: the minimum sample's metric, or NULL */
    double sample_at_least;
    /* money of metric_bonus, pool, title (amount), target (on-target) */
    int64_t amount;
    int64_t bp;              /**< instead of amount: bp of base (metric_bonus), of the team's
                                  base (pool), on-target bp of base (target) */
    /* deduction */
    int64_t per_unit, floor;
    /* points */
    int64_t points_per_unit;
    /* pool */
    const char *weight_metric; /**< NULL: equal split; else weighted by it */
    /* title */
    const char *title;
    int32_t top;             /**< 0: 1 */
    int32_t lowest_first;    /**< 1: the lowest values win */
} csvc_incentive_rule;

/** Sets `rule` to an empty rule of `kind`: every money and bp field unset,
 *  every value NaN, pointers NULL. NULL is a no-op. @since 0.7 */
CSVC_API void csvc_incentive_rule_init(csvc_incentive_rule *rule, csvc_incentive_rule_kind kind);

/**
 * Starts a plan.
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION, and the loader's statuses for
 *         the plan's fields (::CSVC_E_INVALID currency, reversed dates, ...).
 * @since 0.7
 */
CSVC_API csvc_status csvc_incentive_plan_builder_new(const csvc_incentive_plan_info *info,
                                                     const csvc_allocator *allocator,
                                                     csvc_incentive_plan_builder **out);
/** Frees a builder; NULL is a no-op. @since 0.7 */
CSVC_API void csvc_incentive_plan_builder_free(csvc_incentive_plan_builder *builder);
/** The message of the builder's last failure. @since 0.7 */
CSVC_API const char *csvc_incentive_plan_builder_errmsg(const csvc_incentive_plan_builder *builder);
/**
 * Appends a rule (rules run in the order added).
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION, ::CSVC_E_INVALID (the kind),
 *         and the loader's statuses, naming the rule's JSON path.
 * @since 0.7
 */
CSVC_API csvc_status csvc_incentive_plan_builder_add_rule(csvc_incentive_plan_builder *builder,
                                                          const csvc_incentive_rule *rule);
/** The plan built so far (the builder stays usable). @since 0.7 */
CSVC_API csvc_status csvc_incentive_plan_builder_build(const csvc_incentive_plan_builder *builder,
                                                       csvc_incentive_plan **out);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Inputs */
/**@{*/

#define CSVC_INCENTIVE_AGENT_VERSION 1

/** An agent as incentive rules see it. */
typedef struct csvc_incentive_agent {
    uint32_t version;     /**< ::CSVC_INCENTIVE_AGENT_VERSION */
    const char *agent_id; /**< identifier */
    const char *team_id;  /**< identifier */
    int64_t base_pay;     /**< monthly base pay, minor units, >= 0 */
    const char *currency; /**< ISO 4217 of base_pay; must be the plan's */
    int64_t hire_date;    /**< Unix seconds */
    int32_t probation;    /**< 1: still on probation */
    int32_t active_at_end; /**< 1: active on the period's last day */
} csvc_incentive_agent;

#define CSVC_INCENTIVE_AGENT_INIT \
    { CSVC_INCENTIVE_AGENT_VERSION, NULL, NULL, 0, NULL, 0, 0, 1 }
/** Sets `agent` to ::CSVC_INCENTIVE_AGENT_INIT (NULL is a no-op). @since 0.6 */
CSVC_API void csvc_incentive_agent_init(csvc_incentive_agent *agent);

/** Creates an empty input table. @since 0.6 */
CSVC_API csvc_status csvc_incentive_inputs_new(const csvc_allocator *allocator,
                                               csvc_incentive_inputs **out);
/** Frees an input table; NULL is a no-op. @since 0.6 */
CSVC_API void csvc_incentive_inputs_free(csvc_incentive_inputs *inputs);
/**
 * Adds an agent.
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION, ::CSVC_E_INVALID (ids, currency),
 *         ::CSVC_E_RANGE (negative base pay), ::CSVC_E_EXISTS.
 * @since 0.6
 */
CSVC_API csvc_status csvc_incentive_inputs_add_agent(csvc_incentive_inputs *inputs,
                                                     const csvc_incentive_agent *agent);
/**
 * Sets metric `metric` (a name the plan's rules use: "composite",
 * "resolved", "csat_share", ...) of agent `agent_id` to `value`; a metric
 * never set is missing, and a rule on a missing metric pays nothing.
 * @return ::CSVC_E_NULL, ::CSVC_E_NOTFOUND (agent), ::CSVC_E_INVALID (the
 *         metric name), ::CSVC_E_RANGE (NaN, infinite, or beyond
 *         ::CSVC_INCENTIVE_METRIC_MAX).
 * @since 0.6
 */
CSVC_API csvc_status csvc_incentive_inputs_set(csvc_incentive_inputs *inputs,
                                               const char *agent_id, const char *metric,
                                               double value);
/** As csvc_incentive_inputs_set() for a team's metric (pool targets). @since 0.6 */
CSVC_API csvc_status csvc_incentive_inputs_set_team(csvc_incentive_inputs *inputs,
                                                    const char *team_id, const char *metric,
                                                    double value);
/**
 * Sets metric values from CSV (RFC 4180, UTF-8): a header `agent_id` and
 * one or more metric names, then one row per agent, such as a worked-hours
 * table for a pool split by hours (`agent_id,worked_hours`) or suggestions
 * adopted. A value is a plain decimal number; an empty field leaves the
 * metric as it was. Every row is checked before any value is set: on
 * failure nothing changes.
 * @return ::CSVC_E_NULL, ::CSVC_E_IO, ::CSVC_E_PARSE (the header, a field
 *         count, a value that is not a number), ::CSVC_E_INVALID (a metric
 *         name), ::CSVC_E_NOTFOUND (an agent not in the table),
 *         ::CSVC_E_EXISTS (a second row of an agent), ::CSVC_E_RANGE (a
 *         value beyond ::CSVC_INCENTIVE_METRIC_MAX), each naming the line
 *         and column; ::CSVC_E_NOMEM.
 * @since 0.7
 */
CSVC_API csvc_status csvc_incentive_inputs_import_csv(csvc_incentive_inputs *inputs,
                                                      const char *path);
/** As csvc_incentive_inputs_import_csv() from `size` bytes at `data`. @since 0.7 */
CSVC_API csvc_status csvc_incentive_inputs_import_csv_buffer(csvc_incentive_inputs *inputs,
                                                             const char *data, size_t size);
/**
 * Fills an empty table from the other engines for `period`:
 * - the roster's agents employed in the period (hired before its end, not
 *   separated before its start), with team, base pay and currency, hire
 *   date, "active on the last day" (not separated by the period's end), and
 *   the metric `tenure_days` (whole days from the hire date to the end);
 * - from `results` (may be NULL): `composite`, `grade` (5 best .. 1),
 *   `rank_team`, `rank_desk`, `percentile_desk` and the dimension scores
 *   `kpi.quality`, `kpi.efficiency`, `kpi.skill`, `kpi.teamwork`,
 *   `kpi.innovation`;
 * - from `desk` (may be NULL), per agent and per team (team metrics, for
 *   pools): `handled`, `resolved`, `resolution_rate`, `fcr`,
 *   `first_response_median`, `first_response_p90`, `resolution_median`,
 *   `sla_due`, `sla_breaches` (due minus met), `sla_compliance`,
 *   `reopened`, `csat_count`, `csat_share` (ratings 4 or 5), `csat_mean`,
 *   `complaints`, `complaint_rate` (per 100 handled), `escalations`.
 * A value the engines do not have (NaN) stays missing. Probation is not in
 * the roster: set it with csvc_incentive_inputs_add_agent() instead, or
 * gate on `tenure_days`. More metrics (worked hours, suggestions adopted)
 * are added with csvc_incentive_inputs_set() afterwards.
 * @return ::CSVC_E_NULL, ::CSVC_E_BUSY (the table is not empty),
 *         ::CSVC_E_RANGE (empty period), the engines' failures; on failure
 *         the table is empty again.
 * @since 0.6
 */
CSVC_API csvc_status csvc_incentive_inputs_from_engines(csvc_incentive_inputs *inputs,
                                                      const csvc_roster *roster,
                                                      const csvc_kpi_results *results,
                                                      const csvc_desk *desk,
                                                      const csvc_period *period);
/** The number of agents (0 for NULL). @since 0.6 */
CSVC_API size_t csvc_incentive_inputs_agent_count(const csvc_incentive_inputs *inputs);
/** The message of the table's last failure. @since 0.6 */
CSVC_API const char *csvc_incentive_inputs_errmsg(const csvc_incentive_inputs *inputs);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Evaluation */
/**@{*/

/**
 * Evaluates `plan` for `period` on `inputs`. Tenure is counted to the
 * period's end.
 * @return ::CSVC_E_NULL, ::CSVC_E_RANGE (the period is outside the plan's
 *         effective dates, or empty), ::CSVC_E_INVALID (an agent's base pay
 *         is in another currency than the plan's), ::CSVC_E_OVERFLOW (an
 *         amount or a total leaves int64), ::CSVC_E_NOMEM; the message names
 *         the rule and the agent.
 * @since 0.6
 */
CSVC_API csvc_status csvc_incentive_evaluate(const csvc_incentive_plan *plan,
                                             const csvc_incentive_inputs *inputs,
                                             const csvc_period *period,
                                             csvc_incentive_result **out);
/** Frees a result; NULL is a no-op. @since 0.6 */
CSVC_API void csvc_incentive_result_free(csvc_incentive_result *result);

#define CSVC_INCENTIVE_STATEMENT_VERSION 1

/** One agent's statement. Strings live as long as the result. */
typedef struct csvc_incentive_statement {
    uint32_t version;     /**< ::CSVC_INCENTIVE_STATEMENT_VERSION */
    const char *agent_id;
    const char *team_id;
    int64_t base_pay;
    int64_t total;        /**< the sum of the lines' amounts */
    int64_t points;       /**< the sum of the lines' points */
    int32_t eligible;     /**< passed the plan's eligibility */
    size_t line_count;
} csvc_incentive_statement;

#define CSVC_INCENTIVE_LINE_VERSION 1

/** One line of a statement: what a rule paid and why. */
typedef struct csvc_incentive_line {
    uint32_t version;     /**< ::CSVC_INCENTIVE_LINE_VERSION */
    const char *rule_id;  /**< "" for the cap and budget lines */
    csvc_incentive_rule_kind kind;
    int64_t amount;       /**< minor units; negative for deductions and trims */
    int64_t points;
    const char *metric;   /**< the metric the rule read, or "" */
    double value;         /**< its value (rounded to 1e-6), NaN when none */
    int32_t tier;         /**< tier or level index reached, title rank (1-based), or -1 */
    int64_t rate;         /**< the rate, bp or amount the tier applied, or 0 */
} csvc_incentive_line;

/** The number of statements: one per agent, in the order the agents were
 *  added to the inputs (the roster's, with csvc_incentive_inputs_from_engines()).
 * @since 0.6 */
CSVC_API size_t csvc_incentive_result_statement_count(const csvc_incentive_result *result);
/** Statement `index`. ::CSVC_E_NULL, ::CSVC_E_RANGE. @since 0.6 */
CSVC_API csvc_status csvc_incentive_result_statement(const csvc_incentive_result *result,
                                                     size_t index,
                                                     csvc_incentive_statement *out);
/** Line `line` of statement `index`. ::CSVC_E_NULL, ::CSVC_E_RANGE. @since 0.6 */
CSVC_API csvc_status csvc_incentive_result_line(const csvc_incentive_result *result,
                                                size_t index, size_t line,
                                                csvc_incentive_line *out);
/** The id of the plan the result was evaluated with ("" for NULL). @since 0.7 */
CSVC_API const char *csvc_incentive_result_plan_id(const csvc_incentive_result *result);
/** The version of that plan (0 for NULL). @since 0.7 */
CSVC_API int32_t csvc_incentive_result_plan_version(const csvc_incentive_result *result);
/** The period evaluated. ::CSVC_E_NULL. @since 0.7 */
CSVC_API csvc_status csvc_incentive_result_period(const csvc_incentive_result *result,
                                                  csvc_period *out);
/** The plan's total for the period (0 for NULL). @since 0.6 */
CSVC_API int64_t csvc_incentive_result_total(const csvc_incentive_result *result);
/**
 * The total of team `team_id`.
 * @return ::CSVC_E_NULL, ::CSVC_E_NOTFOUND (no agent of that team).
 * @since 0.6
 */
CSVC_API csvc_status csvc_incentive_result_team_total(const csvc_incentive_result *result,
                                                      const char *team_id, int64_t *out);
/**
 * The statements as one JSON document: `{"plan": id, "version": v,
 * "currency", "period": {"start", "end"}, "total", "teams": {team: total},
 * "statements": [{"agent_id", "team_id", "base_pay", "eligible", "total",
 * "points", "lines": [{"rule", "kind", "amount", "points", "metric",
 * "value", "tier", "rate", "explanation"}]}]}` with money as decimal
 * strings in the currency's minor units and values with six decimals.
 * Byte-identical for the same inputs. Released with csvc_free().
 * @since 0.6
 */
CSVC_API csvc_status csvc_incentive_result_export_json_buffer(
    const csvc_incentive_result *result, char **out, size_t *size);
/**
 * The lines as CSV, one row per line: `agent_id,team_id,rule,kind,amount,
 * points,metric,value,tier,rate,explanation` (money as decimal strings).
 * Released with csvc_free().
 * @since 0.6
 */
CSVC_API csvc_status csvc_incentive_result_export_csv_buffer(
    const csvc_incentive_result *result, char **out, size_t *size);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Points ledger
 * Points per agent that carry over from period to period: accruals (from
 * an evaluation's points lines, or any caller-supplied event), redemptions
 * and expiry. Each accrual is a lot that expires `expiry_months` calendar
 * months after it was accrued (the same day and time of day, UTC, or the
 * month's last day: 31 January + 1 month is 28 or 29 February); a
 * redemption takes points from the oldest lots still valid first, and what
 * is left of a lot at its expiry is gone. A ledger is append-only per
 * agent: movements come in time order. The balance is exact at any
 * instant. */
/**@{*/

/** An opaque points ledger. */
typedef struct csvc_points_ledger csvc_points_ledger;

/** Largest points of one movement. */
#define CSVC_POINTS_MAX INT64_C(1000000000000)

/**
 * Creates an empty ledger whose lots expire after `expiry_months` (1..1200;
 * 0: never).
 * @return ::CSVC_E_NULL, ::CSVC_E_RANGE, ::CSVC_E_NOMEM.
 * @since 0.6
 */
CSVC_API csvc_status csvc_points_ledger_new(const csvc_allocator *allocator,
                                            int32_t expiry_months, csvc_points_ledger **out);
/** Frees a ledger; NULL is a no-op. @since 0.6 */
CSVC_API void csvc_points_ledger_free(csvc_points_ledger *ledger);
/** The message of the ledger's last failure. @since 0.6 */
CSVC_API const char *csvc_points_ledger_errmsg(const csvc_points_ledger *ledger);
/**
 * Accrues `points` (1..::CSVC_POINTS_MAX) to `agent_id` at `time`.
 * @return ::CSVC_E_NULL, ::CSVC_E_INVALID (agent id), ::CSVC_E_RANGE
 *         (points, or a time outside years 1..9999), ::CSVC_E_CONSTRAINT (a
 *         time before the agent's last movement), ::CSVC_E_OVERFLOW (the
 *         agent's points would leave int64).
 * @since 0.6
 */
CSVC_API csvc_status csvc_points_ledger_accrue(csvc_points_ledger *ledger, const char *agent_id,
                                               int64_t time, int64_t points);
/**
 * Redeems `points` from `agent_id` at `time`, oldest valid lots first.
 * @return as csvc_points_ledger_accrue(), and ::CSVC_E_CONSTRAINT when the
 *         balance at `time` is smaller (the message gives it); nothing
 *         changes on failure.
 * @since 0.6
 */
CSVC_API csvc_status csvc_points_ledger_redeem(csvc_points_ledger *ledger, const char *agent_id,
                                               int64_t time, int64_t points);
/**
 * The balance of `agent_id` at instant `time` (movements at `time`
 * included, lots expiring at `time` excluded); 0 for an agent without
 * movements.
 * @return ::CSVC_E_NULL, ::CSVC_E_RANGE (time).
 * @since 0.6
 */
CSVC_API csvc_status csvc_points_ledger_balance(const csvc_points_ledger *ledger,
                                                const char *agent_id, int64_t time,
                                                int64_t *out);
/**
 * Points of `agent_id` that expired in `[from, to)`.
 * @return ::CSVC_E_NULL, ::CSVC_E_RANGE.
 * @since 0.6
 */
CSVC_API csvc_status csvc_points_ledger_expired(const csvc_points_ledger *ledger,
                                                const char *agent_id, int64_t from, int64_t to,
                                                int64_t *out);
/**
 * Commits an evaluation's points: each statement with points accrues them
 * at the end of the result's period. All or nothing: a statement whose
 * agent already has a later movement refuses the whole commit
 * (::CSVC_E_CONSTRAINT). Evaluating changes no ledger; this call is how
 * its points become real.
 * @since 0.6
 */
CSVC_API csvc_status csvc_points_ledger_commit(csvc_points_ledger *ledger,
                                               const csvc_incentive_result *result);
/**@}*/

#ifdef __cplusplus
}
#endif

#endif /* CSVC_INCENTIVE_H */
