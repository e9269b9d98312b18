/* KPI engine internals, shared by the files of src/kpi and, for the durable
 * store, the rating enumeration below. Nothing here is public: individual
 * ratings are only reachable through this header (anonymity).
 *
 * Layout: a review keeps its ratings partitioned by ratee into blocks of
 * 256 consecutive roster agents (block b holds the ratings of agents
 * b*256 .. b*256+255), each block as parallel arrays (structure of arrays)
 * with its own open-addressing table that keeps the (rater, ratee, KPI) key
 * unique. The computation then streams one block at a time through a small
 * counting sort that stays in the CPU cache, instead of scattering every
 * rating across the whole review. Raters are interned in the review's own
 * pool (agents and customers alike), ratees are roster agent indexes, KPIs
 * model indexes. */
#ifndef CS_KPI_INTERNAL_H
#define CS_KPI_INTERNAL_H

#if !defined(CS_MODULE_KPI) && !defined(CS_WHITEBOX)
#error "kpi_internal.h is private to src/kpi: other modules use kpi_seam.h or csvc/kpi.h"
#endif

#include "csvc/kpi.h"
#include "alloc.h"
#include "errbuf.h"
#include "journal.h"
#include "kpi_seam.h"
#include "strbuf.h"
#include "strmap.h"
#include "strpool.h"
#include "roster_seam.h"

#include <stdint.h>

#define CS_KPI_MAX 1000
#define CS_NGROUPS CSVC_RATER_GROUP_COUNT
#define CS_NDIMS CSVC_KPI_DIMENSION_COUNT

/* ---- model --------------------------------------------------------------- */

typedef struct cs_kpi {
    char *id;
    char *name;
    csvc_kpi_dimension dimension;
    double weight;
    csvc_kpi_source source;
    char *metric;        /* NULL: supplied by the caller */
    int metric_index;    /* into the metric table, -1 when caller-supplied */
    csvc_kpi_direction direction;
    csvc_kpi_normalise normalise;
    double floor, target;
    csvc_kpi_band *bands;
    uint32_t band_count;
    double band_key[CSVC_KPI_BANDS_MAX]; /* thresholds rounded to 1e-6 */
    csvc_rating_scale scale;
    double group_weights[CS_NGROUPS]; /* as given: < 0 = model-wide */
    uint32_t slot;       /* objective KPIs: column in the review's value table */
} cs_kpi;

struct csvc_kpi_model {
    cs_alloc alloc;
    cs_errbuf err;
    char *version;
    csvc_rater_group_config groups[CS_NGROUPS];
    csvc_kpi_grading grading;
    int32_t calibration;
    int32_t fold_hidden; /* hidden groups count in scores (an opt-in: it reveals them) */
    cs_kpi *kpis;
    size_t nkpis, cap_kpis;
    cs_strmap kpi_ids;   /* id -> index */
    size_t nobjective;   /* objective KPIs (their slots are 0..nobjective-1) */
};

/* Effective weight of group g for KPI k. */
static inline double cs_kpi_group_weight(const csvc_kpi_model *m, const cs_kpi *k, int g)
{
    return k->group_weights[g] >= 0 ? k->group_weights[g] : m->groups[g].weight;
}

/* Deep copy with a (possibly different) allocator. */
csvc_status cs_kpi_model_clone(const csvc_kpi_model *src, const cs_alloc *alloc,
                               csvc_kpi_model **out);
/* Appends a KPI after checking it; messages start with `prefix` ("kpi 'x': "
 * or "kpis[3]."), followed by the field path and the reason. */
csvc_status cs_kpi_model_add(csvc_kpi_model *m, const csvc_kpi_def *def, const char *prefix);
/* Sets a group's configuration after checking it (messages as above). */
csvc_status cs_kpi_model_group(csvc_kpi_model *m, csvc_rater_group g,
                               const csvc_rater_group_config *c, const char *prefix);
/* Checks and sets the grading. */
csvc_status cs_kpi_model_grading(csvc_kpi_model *m, const csvc_kpi_grading *g,
                                 const char *prefix);
csvc_status cs_kpi_model_create(const cs_alloc *alloc, const char *version,
                                csvc_kpi_model **out);

/* Metric table: index of a name or -1; the value of metric i in a row. */
int cs_kpi_metric_find(const char *name);
double cs_kpi_metric_value(const csvc_metrics *row, int index);

/* Enum names shared by the JSON loader/exporter. */
const char *cs_kpi_aggregation_name(csvc_aggregation a);
const char *cs_kpi_missing_name(csvc_missing_policy p);
const char *cs_kpi_scale_name(csvc_rating_scale s);

/* Rounding used by every threshold comparison: round(x * 1e6) / 1e6. */
double cs_kpi_round6(double x);

/* ---- scoring helpers shared by compute and the results' group queries ---- */

/* Rescaled 0..100 value of a rating on `scale`. */
static inline double cs_kpi_rescale(csvc_rating_scale scale, double v)
{
    return scale == CSVC_SCALE_1_5 ? (v - 1.0) / 4.0 * 100.0 : v;
}

/* Normalised 0..100 score of an objective value (not NaN). */
double cs_kpi_normalise(const cs_kpi *k, double v);

/* Aggregate of `n` >= 1 values (reorders them for the median). */
double cs_kpi_aggregate(csvc_aggregation a, double *values, size_t n);

/* The evaluation of one rated KPI for one ratee. */
typedef struct cs_kpi_cell {
    uint32_t flags;                    /* KPI flags */
    double score;                      /* NaN when none */
    uint32_t gflags[CS_NGROUPS];
    uint32_t count[CS_NGROUPS];
    double aggregate[CS_NGROUPS];      /* NaN unless counted (hidden ones included) */
    double weight[CS_NGROUPS];
    double weight_used[CS_NGROUPS];
} cs_kpi_cell;

/* Group aggregates of rated KPI k: values[g] holds count[g] rescaled
 * (calibrated) values, which may be reordered; agg[g] is the aggregate of a
 * group of positive weight with at least min_count ratings, else NaN. */
void cs_kpi_group_aggregates(const csvc_kpi_model *m, const cs_kpi *k,
                             double *const values[CS_NGROUPS], const uint32_t count[CS_NGROUPS],
                             double agg[CS_NGROUPS]);
/* Combines the groups' counts and aggregates into the KPI's evaluation
 * (flags, score, weights used). */
void cs_kpi_combine(const csvc_kpi_model *m, const cs_kpi *k, const uint32_t count[CS_NGROUPS],
                    const double agg[CS_NGROUPS], cs_kpi_cell *out);

/* ---- review ------------------------------------------------------------- */

#define CS_KPI_BLOCK_SHIFT 8
#define CS_KPI_BLOCK_AGENTS (1u << CS_KPI_BLOCK_SHIFT)

/* The ratings of 256 consecutive roster agents. */
typedef struct cs_kpi_block {
    size_t n, cap;
    double *value;    /* on the KPI's scale, as submitted */
    int64_t *time;
    uint32_t *rater;  /* rater pool index */
    uint8_t *local;   /* ratee - block * 256 (the ratee's roster index) */
    uint16_t *kpi;    /* model index */
    uint8_t *group;
    uint32_t *slots;  /* (rater, local, kpi) -> position; UINT32_MAX = empty */
    size_t slot_mask; /* capacity - 1 (a power of two); 0 when none */
} cs_kpi_block;

struct csvc_kpi_review {
    cs_alloc alloc;
    cs_errbuf err;
    const csvc_roster *roster;
    csvc_kpi_model *model; /* owned copy */
    char *id;
    csvc_period period;
    int32_t closed;

    /* raters: interned ids */
    cs_strpool raters;

    /* ratings: blocks[ratee >> CS_KPI_BLOCK_SHIFT] */
    cs_kpi_block *blocks;
    size_t nblocks;
    size_t nratings;

    /* objective values: objective[agent * nobjective + slot], NaN = none */
    double *objective;
    size_t objective_agents; /* rows allocated */

    csvc_kpi_review_change_fn on_change; /* the application's */
    void *on_change_data;
    cs_journal journal; /* the store's, when one is attached */
    int busy;           /* inside the change callback */
};

/* Calls into a review from inside its own change callback are refused. */
#define CS_REVIEW_REFUSE_IF_BUSY(r, fn)                                                        \
    do {                                                                                       \
        if ((r)->busy)                                                                         \
            return cs_fail(&(r)->err, CSVC_E_BUSY,                                             \
                           "%s: called from inside the review's own change callback", fn);    \
    } while (0)

/* Every mutator runs inside begin_change/end_change (journal steps 1 and 5;
 * util/journal.h): the store takes its lock and catches up with other
 * processes before the change is checked. */
csvc_status cs_kpi_review_begin_change(csvc_kpi_review *r, const char *fn);
csvc_status cs_kpi_review_end_change(csvc_kpi_review *r, csvc_status rc);

/* Makes the objective table cover every roster agent. */
csvc_status cs_kpi_review_sync(csvc_kpi_review *r);

/* What a submission changed, to undo it. */
typedef struct cs_kpi_undo {
    uint32_t block, pos; /* rating touched */
    int replaced;        /* 0: appended */
    double value;        /* previous fields when replaced */
    int64_t time;
    uint8_t group;
} cs_kpi_undo;

/* The input field a refused submission is about (the CSV import turns it
 * into a column); the order is the CSV's column order. */
enum { CS_KF_RATER, CS_KF_RATEE, CS_KF_KPI, CS_KF_GROUP, CS_KF_VALUE, CS_KF_TIME };

/* Validates a submission and applies it, filling `undo`. `check_rules` 0
 * skips the rater rules (restore). Messages are written to `err`: "rating
 * by 'X' of 'Y' on 'k': reason"; `*field` (may be NULL) names the field. */
csvc_status cs_kpi_review_apply(csvc_kpi_review *r, const csvc_kpi_rating *rating,
                                int check_rules, cs_kpi_undo *undo, cs_errbuf *err, int *field);
/* Undoes applied submissions, newest first; `nraters` is the rater count
 * before the first of them. */
void cs_kpi_review_undo(csvc_kpi_review *r, const cs_kpi_undo *undo, size_t n, size_t nraters);
/* The rating an undo entry points at. */
void cs_kpi_review_undo_rec(const csvc_kpi_review *r, const cs_kpi_undo *undo,
                            cs_kpi_rating_rec *out);
/* After a change is applied: the journal, then the application's callback,
 * then the commit (journal steps 3-5). On refusal returns the status with a
 * message; the caller undoes the change. */
csvc_status cs_kpi_review_notify(csvc_kpi_review *r, csvc_kpi_review_change change,
                                 const char *ratee_id, const char *kpi_id,
                                 const cs_kpi_change *detail);

/* ---- results ------------------------------------------------------------ */

struct csvc_kpi_results {
    cs_alloc alloc;
    cs_errbuf err;
    csvc_kpi_model *model; /* owned copy */
    char *review_id;
    csvc_period period;
    size_t nagents;        /* agents with results (the active ones) */
    size_t nkpis, nrated, nobjective;
    uint32_t *rated_index; /* per KPI: its index among the rated KPIs, or CS_NONE */
    char *strings;         /* one buffer holding every agent and team id */
    char **agent_ids;      /* into strings */
    char **team_ids;       /* roster teams at compute time, into strings */
    size_t nteams;
    uint32_t *team_of;     /* agent -> team index */
    cs_strmap agent_map;   /* agent id -> agent */
    /* per agent */
    uint32_t *flags;
    double *composite;     /* NaN when none */
    double *wsum;          /* sum of the weights of the scored KPIs; 0 when no composite */
    double *dims;          /* nagents * CS_NDIMS */
    int8_t *grade;
    int32_t *rank_team, *rank_desk, *size_team;
    int32_t size_desk;
    double *pct_team, *pct_desk;
    /* per agent and KPI: [agent * nkpis + kpi] */
    double *score;
    uint8_t *kflags;
    /* objective raw values: [agent * nobjective + slot] */
    double *raw;
    /* per agent, rated KPI and group: [(agent * nrated + rated) * 5 + group];
     * the aggregates include hidden groups' and are never exposed as such. */
    uint32_t *gcount;
    double *gagg;
};

/* Allocates every array of `res` (whose model is set) for the roster's
 * agents with result_of[i] != CS_NONE (na of them, in roster order); copies
 * ids and builds the id map. */
csvc_status cs_kpi_results_alloc(csvc_kpi_results *res, const csvc_roster *roster,
                                 const uint32_t *result_of, size_t na);
/* The evaluation of rated KPI k of agent a, from the stored groups. The
 * cell holds hidden aggregates: callers withhold them. */
void cs_kpi_results_cell(const csvc_kpi_results *res, size_t a, size_t k, cs_kpi_cell *c);
/* Names of result flags joined by `sep` into sb (JSON strings when json). */
void cs_kpi_flags_format(cs_strbuf *sb, uint32_t flags, const char *sep, int json);

#endif
