/* Incentive plans, inputs and results (csvc/incentive.h): the structures
 * shared by the loader (plan_json.c), the input table (inputs.c), the
 * evaluation (evaluate.c, rules.c) and the statements (result.c). */
#ifndef CS_INCENTIVE_INTERNAL_H
#define CS_INCENTIVE_INTERNAL_H

#if !defined(CS_MODULE_INCENTIVE) && !defined(CS_WHITEBOX)
#error "incentive_internal.h is private to src/incentive"
#endif

#include "csvc/incentive.h"
#include "alloc.h"
#include "errbuf.h"
#include "strpool.h"

#include <stdint.h>

/* Metric values are kept as micro-units (value * 1e6, rounded). */
#define CS_MICRO INT64_C(1000000)
#define CS_MICRO_NONE INT64_MIN /* a missing metric */
#define CS_OPEN_UPPER INT64_MAX /* a tier without an upper bound */

typedef enum cs_inc_pay {
    CS_PAY_AMOUNT = 0, /* a fixed amount */
    CS_PAY_BP = 1,     /* basis points of base pay (of the team's, for pools) */
    CS_PAY_RATE = 2    /* minor units per unit of the metric */
} cs_inc_pay;

typedef struct cs_inc_tier {
    int64_t lower, upper; /* micro; [lower, upper) */
    cs_inc_pay pay;
    int64_t value;
} cs_inc_tier;

typedef struct cs_inc_level {
    int64_t achievement_bp, payout_bp;
} cs_inc_level;

typedef struct cs_inc_bound {
    char *metric;
    int has_min, has_max;
    int64_t min, max; /* micro, inclusive */
} cs_inc_bound;

typedef struct cs_inc_gate {
    int64_t min_tenure_days; /* -1: none */
    int exclude_probation;
    int require_active;
    cs_inc_bound *bounds;
    size_t nbounds;
} cs_inc_gate;

typedef enum cs_inc_split { CS_SPLIT_EQUAL, CS_SPLIT_WEIGHTED } cs_inc_split;

typedef struct cs_inc_rule {
    char *id;
    csvc_incentive_rule_kind kind;
    char *metric; /* the value the rule reads; pools: the team metric */
    /* tiered and commission (as marginal tiers) */
    int marginal;
    cs_inc_tier *tiers;
    size_t ntiers;
    /* target */
    int64_t target; /* micro, > 0 */
    cs_inc_pay on_target_pay;
    int64_t on_target;
    cs_inc_level *levels;
    size_t nlevels;
    int step;
    /* metric_bonus, pool and title thresholds and payouts */
    int at_most;
    int64_t threshold; /* micro */
    char *sample_metric;
    int64_t sample_min; /* micro */
    cs_inc_pay pay;
    int64_t amount;
    /* deduction */
    int64_t per_unit;
    int has_floor;
    int64_t floor;
    /* points */
    int64_t points_per_unit;
    /* pool */
    cs_inc_split split;
    char *weight_metric;
    /* title */
    char *title;
    int32_t top;
    int ascending;
    /* every rule */
    int has_cap;
    int64_t cap;
    int has_gate;
    cs_inc_gate gate;
} cs_inc_rule;

struct csvc_incentive_plan {
    cs_alloc alloc;
    char *id;
    int32_t version;
    char currency[4];
    uint32_t decimals;
    int64_t effective_from, effective_to; /* days since 1970-01-01, inclusive */
    cs_inc_gate gate;
    int64_t agent_cap_bp; /* -1: none */
    int64_t budget;       /* -1: none */
    cs_inc_rule *rules;
    size_t nrules;
    char *document; /* the JSON as loaded (without a byte-order mark): what the store keeps */
};

struct csvc_incentive_inputs {
    cs_alloc alloc;
    cs_errbuf err;
    cs_strpool agents, teams, metrics;
    uint32_t *team;   /* per agent */
    int64_t *base_pay, *hire_date;
    char (*currency)[4];
    uint8_t *probation, *active;
    size_t cap_agents;
    int64_t **values;      /* [metric][agent], micro-units, CS_MICRO_NONE when missing */
    int64_t **team_values; /* [metric][team] */
    size_t cap_metrics, cap_teams;
};

/* 32 bytes: a statement's line. Points lines carry no money, so `amount`
 * holds their points (cs_inc_line_amount(), cs_inc_line_points()). */
typedef struct cs_inc_line {
    int64_t amount;
    int64_t value; /* micro, CS_MICRO_NONE when none */
    int64_t rate;
    uint16_t rule; /* index in the plan; UINT16_MAX for cap and budget lines */
    int16_t tier;
    uint8_t kind;
} cs_inc_line;

static inline int64_t cs_inc_line_amount(const cs_inc_line *l)
{
    return l->kind == CSVC_RULE_POINTS ? 0 : l->amount;
}

static inline int64_t cs_inc_line_points(const cs_inc_line *l)
{
    return l->kind == CSVC_RULE_POINTS ? l->amount : 0;
}

/* What a statement needs of a plan rule to explain its lines. */
typedef struct cs_inc_rule_info {
    const char *id, *metric, *title;
    csvc_incentive_rule_kind kind;
    int marginal, at_most;
    int64_t threshold; /* micro */
} cs_inc_rule_info;

struct csvc_incentive_result {
    cs_alloc alloc;
    cs_arena strings;
    char *plan_id;
    int32_t plan_version;
    const char *plan_document; /* the plan's, for approving statements in a store */
    char currency[4];
    uint32_t decimals;
    csvc_period period;
    cs_inc_rule_info *rules; /* per plan rule */
    size_t nrules;
    size_t nagents; /* statements, in the inputs' agent order */
    const char **agent_ids, **team_ids;
    int64_t *base_pay, *total, *points;
    uint8_t *eligible;
    size_t *line_start; /* nagents + 1 */
    cs_inc_line *lines;
    size_t nlines;
    int64_t *budget_adjust; /* per agent, or NULL: the budget line each statement ends with */
    int64_t budget;
    int64_t plan_total;
};

/* A metric name: 1..64 ASCII letters, digits and "_.:-" ("csat_share",
 * "kpi.quality"): plain keys, so a typo cannot hide in look-alike text. */
int cs_inc_metric_name_valid(const char *name);

/* ---- plan_json.c ---- */
void cs_inc_plan_destroy(csvc_incentive_plan *plan);

/* ---- inputs.c ---- */
/* Back to an empty table (an all-or-nothing fill that failed). */
void cs_inc_inputs_clear(csvc_incentive_inputs *in);
/* The index of metric `name`, its column made when new (empty: every
 * value missing); CSVC_E_INVALID for a bad name, CSVC_E_NOMEM. */
csvc_status cs_inc_metric_index(csvc_incentive_inputs *in, const char *fn, const char *name,
                                uint32_t *out);
/* The column of `metric` (micro-units), or NULL when no agent has it. */
const int64_t *cs_inc_column(const csvc_incentive_inputs *in, const char *metric);
const int64_t *cs_inc_team_column(const csvc_incentive_inputs *in, const char *metric);

/* ---- rules.c: one rule's amount for one value, exact ---- */
/* value micro -> *out minor units; CSVC_E_OVERFLOW when it leaves int64. */
csvc_status cs_inc_tiered(const cs_inc_rule *r, int64_t value, int64_t base_pay, int64_t *out,
                          int *tier, int64_t *rate);
csvc_status cs_inc_target(const cs_inc_rule *r, int64_t value, int64_t base_pay, int64_t *out,
                          int *level, int64_t *payout_bp);
/* rate per unit times a micro value, half-to-even. */
csvc_status cs_inc_per_unit(int64_t rate, int64_t value, int64_t *out);
/* "12.34" of minor units in `decimals` digits. */
void cs_inc_format_money(int64_t amount, uint32_t decimals, char *buf, size_t size);
/* "87.500000" of a micro value. */
void cs_inc_format_micro(int64_t value, char *buf, size_t size);
/* The value in micro-units, half away from zero. */
int64_t cs_inc_micro(double v);

#endif
