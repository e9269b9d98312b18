/* Staffing internals shared by the one-interval functions and the plan.
 *
 * Everything below works in units of the average handle time (AHT): the
 * service rate is 1, the answer-time target is T / AHT, the abandonment
 * rate AHT / patience, and ASAs come out in AHTs. The public functions
 * convert to seconds at the edge. */
#ifndef CS_STAFFING_INTERNAL_H
#define CS_STAFFING_INTERNAL_H

#if !defined(CS_MODULE_STAFFING) && !defined(CS_WHITEBOX)
#error "staffing_internal.h is private to src/staffing: other modules use staffing_seam.h or csvc/staffing.h"
#endif

#include "csvc/staffing.h"
#include "alloc.h"
#include "errbuf.h"

#define CS_WEEK_SECONDS (7 * 86400)
#define CS_WEEK_MINUTES (7 * 1440)
/* Tolerance with which goals are met and staff counts rounded. */
#define CS_STAFFING_TOL 1e-12

/* One interval's queue in AHT units. */
typedef struct cs_model {
    double load;   /* A, Erlangs */
    double target; /* T / AHT (0 when there are no arrivals) */
    double theta;  /* AHT / patience; 0 for Erlang C */
    double aht;    /* seconds, to convert ASAs */
} cs_model;

/* Measures of n agents; asa in seconds. */
typedef struct cs_erlang {
    double p_wait, service_level, asa, abandon, occupancy;
} cs_erlang;

/* The requirement of one interval. */
typedef struct cs_solution {
    uint32_t agents, staff, binding;
    double agents_exact, staff_exact;
    cs_erlang at; /* measures with `agents` */
} cs_solution;

/* ---- erlang.c ----------------------------------------------------------- */

/* 1 / B(n) for 0 < load and n <= floor(load) + 1 (no overflow there). */
double cs_erlang_inverse_b(double load, uint32_t n);
/* B(n) for load >= 0. */
double cs_erlang_b_value(double load, uint32_t n);
/* Erlang C measures of n agents given b = B(n) (unused when n <= load). */
void cs_erlang_c_measures(const cs_model *m, uint32_t n, double b, cs_erlang *out);
/* Erlang A measures of n agents (m->theta > 0). CSVC_E_OVERFLOW, with no
 * message, when the chain needs more than CSVC_ERLANG_A_STATES_MAX states. */
csvc_status cs_erlang_a_measures(const cs_model *m, uint32_t n, cs_erlang *out);
/* Either model, by m->theta. */
csvc_status cs_erlang_measures(const cs_model *m, uint32_t n, cs_erlang *out);

/* ---- solve.c ------------------------------------------------------------ */

/* Checks traffic arguments; reports "<fn>: <argument> ..." through err. */
csvc_status cs_staffing_check_traffic(cs_errbuf *err, const char *fn, double arrivals,
                                      double interval_seconds, double aht);
/* Checks an options struct (version and every field). */
csvc_status cs_staffing_check_options(cs_errbuf *err, const char *fn,
                                      const csvc_staffing_options *o);
/* The model of checked traffic and options; CSVC_E_RANGE when the load is
 * not finite. */
csvc_status cs_staffing_model(cs_errbuf *err, const char *fn, double arrivals,
                              double interval_seconds, double aht, const csvc_staffing_options *o,
                              cs_model *out);
/* CSVC_GOAL_* bits of o->goals | OCCUPANCY that n agents with measures e meet. */
uint32_t cs_staffing_met(const cs_model *m, const csvc_staffing_options *o, uint32_t n,
                         const cs_erlang *e);
/* Solves one interval. CSVC_E_RANGE when no count up to
 * CSVC_STAFFING_AGENTS_MAX meets the goal, the staff would exceed it, or an
 * Erlang A chain is too long; the message starts with `ctx`. */
csvc_status cs_staffing_solve(cs_errbuf *err, const char *ctx, const cs_model *m,
                              const csvc_staffing_options *o, cs_solution *out);
/* Reports an Erlang A chain too long for n agents, starting with `ctx`. */
csvc_status cs_staffing_chain_error(cs_errbuf *err, const char *ctx, const cs_model *m, uint32_t n);
/* floor(staff * (1 - shrinkage)) with the rounding tolerance, capped. */
uint32_t cs_staffing_on_phones(double staff, double shrinkage);

/* ---- the plan ----------------------------------------------------------- */

struct csvc_staffing_plan {
    cs_alloc alloc;
    cs_errbuf err;
    int32_t interval_seconds;
    size_t count; /* intervals in the week */
    csvc_staffing_options options;
    double *arrivals;      /* per interval */
    double *aht;           /* per interval, seconds */
    cs_solution *solution; /* per interval, from arrivals, aht and options */
    int64_t *head_minutes; /* per interval: heads x minutes covered by shifts */
    size_t nshifts;
};

/* Solves intervals [0, count) of arrivals/aht with `o` into `out`; a
 * failure names the interval in plan->err. */
csvc_status cs_plan_solve_all(csvc_staffing_plan *plan, const char *fn,
                              const csvc_staffing_options *o, const double *arrivals,
                              const double *aht, cs_solution *out);

/* ---- shift generation --------------------------------------------------- */

/* One variable of the program: the heads of a template taking their break
 * at one offset. Its coverage is entries [first, first + count) of the
 * problem's arrays: per head, the minutes present in each interval. */
typedef struct cs_gen_column {
    uint32_t tmpl;
    int32_t break_offset; /* minutes after the start; -1: no break */
    size_t first, count;
} cs_gen_column;

/* The whole program, built from checked templates and options. */
typedef struct cs_gen_problem {
    const cs_alloc *alloc;
    size_t nintervals;
    int32_t interval_minutes;
    uint32_t *required; /* per interval: the plan's required staff */
    size_t ntemplates;
    const csvc_shift_template *templates;
    int64_t *head_cost; /* per template: the week's cost of one head */
    size_t ncolumns;
    cs_gen_column *columns;
    size_t nentries;
    uint32_t *entry_interval;
    int32_t *entry_minutes;
    csvc_generate_options options;
} cs_gen_problem;

/* What the solver returns: heads per column. */
typedef struct cs_gen_result {
    csvc_schedule_status status;
    double gap;
    double seconds;
    uint32_t *heads; /* per column, allocated by the caller */
} cs_gen_result;

/* Limits the diagnosis may drop (bits). */
enum {
    CS_GEN_DROP_TOTAL = 1,
    CS_GEN_DROP_BUDGET = 2,
    CS_GEN_DROP_AVAILABLE = 4 /* << type: 4, 8, 16 */
};

/* templates.c: checks template `i` (message "staffing_generate: templates[i]
 * 'id': ..."); builds and frees the program. */
csvc_status cs_gen_check_template(const csvc_shift_template *t, size_t i);
csvc_status cs_gen_problem_build(cs_gen_problem *p, const cs_alloc *alloc,
                                 const csvc_staffing_plan *plan,
                                 const csvc_shift_template *templates, size_t count,
                                 const csvc_generate_options *options);
void cs_gen_problem_free(cs_gen_problem *p);

/* generate_glpk.c: solves the program (CSVC_E_UNSUPPORTED without GLPK),
 * and the diagnostic LP: the least shortfall per interval (`shortfall`,
 * staff) with every coverage soft and the limits in `drop` left out. */
csvc_status cs_gen_solve(const cs_gen_problem *p, cs_gen_result *out);
csvc_status cs_gen_least_shortfall(const cs_gen_problem *p, unsigned drop, double *shortfall);

/* generate_diagnose.c: why a program is infeasible, before solving (a
 * check that needs no solver: `*found` 1) or after (with the LP). */
typedef struct cs_gen_diagnosis {
    csvc_schedule_limit limit;
    csvc_employment type;
    int64_t interval; /* -1 when none */
    char text[CS_ERRMSG_MAX];
} cs_gen_diagnosis;
void cs_gen_precheck(const cs_gen_problem *p, cs_gen_diagnosis *out, int *found);
csvc_status cs_gen_diagnose(const cs_gen_problem *p, cs_gen_diagnosis *out);
/* "Monday 09:30" of interval i. */
void cs_gen_interval_name(const cs_gen_problem *p, size_t i, char *buf, size_t size);

/* schedule.c: a generated schedule. */
typedef struct cs_schedule_shift {
    size_t tmpl;
    int32_t break_offset;
    uint32_t heads;
    int64_t cost;
} cs_schedule_shift;

struct csvc_staffing_schedule {
    cs_alloc alloc;
    char message[CS_ERRMSG_MAX];
    csvc_schedule_summary summary;
    int32_t interval_seconds;
    size_t nintervals;
    uint32_t *required; /* per interval */
    double *covered;    /* per interval */
    size_t ntemplates;
    char **ids;                  /* per template, into id_text */
    char *id_text;
    csvc_staffing_shift *shapes; /* per template: start, length, days (heads 0) */
    int32_t *break_minutes;      /* per template */
    uint32_t *template_heads;
    size_t nshifts;
    cs_schedule_shift *shifts;
};

/* A schedule for the problem with heads per column (NULL: none, an
 * infeasible or unsolved program); `message` is copied. */
csvc_status cs_schedule_make(const cs_gen_problem *p, const cs_gen_result *r,
                             const cs_gen_diagnosis *why, csvc_staffing_schedule **out);

#endif
