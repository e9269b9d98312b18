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

#endif
