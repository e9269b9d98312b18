/* The month-end review's numbers (review.c) and their outputs
 * (review_output.c): the targets dashboard for the desk and each team,
 * service metrics per agent and KPI scorecards. */
#ifndef CSVC_CLI_REVIEW_H
#define CSVC_CLI_REVIEW_H

#include "cli.h"

typedef enum target_status { TARGET_MET, TARGET_MISSED, TARGET_NO_VALUE } target_status;

/* One target: met when value <= target (lower) or >= target (higher). */
typedef struct review_target {
    const char *id, *name, *unit; /* unit: "%" (a share shown x100) or "s" */
    int lower_is_better;
    double target;
    double value, previous; /* NaN: no value */
    target_status status;
    const char *why; /* for no value */
} review_target;

#define REVIEW_TARGETS 7

typedef struct review_scope {
    const char *id;   /* team id, or NULL for the desk */
    const char *name; /* display name */
    csvc_metrics now, before;
    int64_t payout;   /* the incentive plan's total for the scope, minor units */
    csvc_staffing_summary staffing; /* next month's week (teams only) */
    int has_staffing;
    review_target targets[REVIEW_TARGETS];
} review_scope;

typedef struct review_agent {
    const char *id, *name, *team;
    csvc_metrics metrics;
    csvc_kpi_agent_result kpi; /* version 0: no scorecard */
    int64_t payout, points;    /* the agent's incentive statement */
    int has_statement;
} review_agent;

/* A training requirement of an agent at the end of the month. */
typedef struct review_training_item {
    const char *agent, *team, *requirement, *course;
    csvc_item_state state;
    int64_t due, valid_until;
} review_training_item;

/* A KPI gap's course (csvc_training_needs_csv()). */
typedef struct review_training_need {
    char agent[64], dimension[32], course[64];
    double score;
} review_training_need;

/* The promotion check of an agent graded 4 or better this month. */
typedef struct review_promotion {
    const char *agent, *team;
    csvc_level level;
    int eligible;
    char *reasons; /* one per line, "" when eligible; csvc_free() */
} review_promotion;

#define REVIEW_EXPIRING_DAYS 30
#define REVIEW_NEEDS_THRESHOLD 70.0

typedef struct review_training {
    int64_t at; /* the end of the month */
    csvc_training_report *now, *before;
    review_training_item *gaps, *expiring; /* not met; met but ending within 30 days */
    size_t ngaps, nexpiring;
    review_training_need *needs;
    size_t nneeds;
    review_promotion *promotions;
    size_t npromotions;
} review_training;

typedef struct month_review {
    int32_t year, month, offset;
    csvc_period now, before;
    size_t nscopes, nagents;
    review_scope *scopes;
    review_agent *agents; /* scored first, by grade then composite; then the rest */
    csvc_kpi_model *model;
    csvc_kpi_review *kpi;
    csvc_kpi_results *results;
    csvc_incentive_plan *plan; /* NULL: no incentive_plan.json */
    csvc_incentive_result *statements;
    uint32_t money_decimals;
    int64_t staffing_from, staffing_to; /* the weeks the forecast learnt from */
    review_training training; /* all empty without training documents */
    int has_training;
} month_review;

/* An amount in the plan's currency ("12345.67"). */
void review_money(const month_review *r, int64_t amount, char *buf, size_t size);

int review_compute(const cli_args *a, const cli_desk *d, month_review *out);
/* staffing_review.c: fills each team's `staffing` (called by review_compute). */
int review_staffing(const cli_args *a, const cli_desk *d, month_review *r);
/* training_review.c: coverage (each scope's training target), the gaps,
 * expiring certificates, needs from KPI gaps and promotion checks. */
int review_training_compute(const cli_desk *d, month_review *r);
void review_training_free(review_training *t);
void review_training_print(const month_review *r, FILE *out);
void review_training_json(const month_review *r, FILE *f);
int review_training_csv(const month_review *r, const char *dir);
void review_free(month_review *r);

/* Shared by the outputs. */
void review_judge(review_target *t);
void review_date(const month_review *r, int64_t t, char *buf, size_t size);
void review_json_string(FILE *f, const char *s);
void review_json_number(FILE *f, double v);
void review_csv_field(FILE *f, const char *s);
int review_csv_file(const char *dir, const char *name, FILE **out);

void review_print(const month_review *r, FILE *out);
int review_write_json(const month_review *r, const char *path);
int review_write_csv(const month_review *r, const char *dir);

#endif
