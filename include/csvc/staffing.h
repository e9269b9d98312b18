/**
 * @file csvc/staffing.h
 * @brief Staffing (workforce management): Erlang C and Erlang A for one
 *        interval, agents required for a service goal, a weekly forecast
 *        learnt from the desk's ticket history, and the coverage of a set of
 *        shifts against it.
 *
 * Units. Times are seconds (`double`): the interval length, the average
 * handle time (AHT), the answer-time target T of the service level, the
 * average speed of answer (ASA) and the customers' mean patience. Arrivals
 * are contacts per interval. The offered load is
 * `A = arrivals * aht / interval_seconds` Erlangs. Shares (service level,
 * probability of waiting, abandonment, occupancy, shrinkage) are fractions
 * in [0, 1], not percentages.
 *
 * Erlang C (M/M/n: Poisson arrivals, exponential handle times, n agents,
 * nobody hangs up), for n agents and load A:
 * - Erlang B by its recurrence B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1)).
 *   Up to k = floor(A) + 1 the library evaluates the same quantity through
 *   the inverse recurrence R(k) = 1/B(k) = 1 + (k/A) R(k-1), unrolled as
 *   R(n) = sum_{j=0..n} prod_{i<j} (n-i)/A and summed from j = 0 until the
 *   remaining terms (bounded by a geometric series) fall below 2^-60 of the
 *   sum: O(sqrt(A)) operations instead of O(A). Above floor(A) + 1,
 *   csvc_erlang_b() and csvc_erlang_evaluate() run the B recurrence
 *   upwards (B stays in (0, 1]); the solver, which steps one agent at a
 *   time from floor(A) + 1, runs R upwards instead (no division; an R past
 *   the double range reads as B = 0, true to double precision). No
 *   factorial, no power, no overflow, from 1 to ::CSVC_STAFFING_AGENTS_MAX
 *   agents.
 * - probability of waiting C = n B / (n - A (1 - B));
 * - service level SL = 1 - C exp(-(n - A) T / AHT);
 * - ASA = C AHT / (n - A);
 * - occupancy = A / n.
 * When n <= A the queue grows without bound: C = 1, SL = 0, ASA = INFINITY
 * (the IEEE infinity, reported as such) and occupancy 1.
 *
 * Erlang A (M/M/n+M: as Erlang C, but each waiting customer hangs up after
 * an exponentially distributed patience of mean `patience` seconds), after
 * Garnett, Mandelbaum & Reiman (2002), "Designing a call center with
 * impatient customers", and Mandelbaum & Zeltyn, "The M/M/n+G queue: summary
 * of performance measures". In units of the AHT (service rate 1, abandonment
 * rate th = AHT / patience, target t = T / AHT) the number of contacts in
 * the system is a birth-death chain with birth rate A and death rate
 * min(k, n) + max(k - n, 0) th. An arrival that finds j >= 0 contacts
 * waiting (state n + j; PASTA) is served with probability
 * Q_j = n / (n + (j + 1) th), and, given that, waits a sum of exponential
 * stages of rates n + m th, m = 1..j+1, so that th * wait is distributed as
 * -ln U with U ~ Beta(n/th + 1, j + 1); hence
 * - P(served and wait <= T | j) = Q_j (1 - I_x(n/th + 1, j + 1)) with
 *   x = exp(-th t), the regularized incomplete beta function computed as a
 *   negative-binomial sum in log space;
 * - E[wait; served | j] = Q_j sum_{m=1..j+1} 1 / (n + m th).
 * The head of the chain (k <= n) is summarised by Erlang B:
 * sum_{k<n} pi_k / pi_n = (1 - B) / B. The tail pi_{n+j} is summed in log
 * space with running rescaling, and truncated once the remaining tail,
 * bounded by a geometric series (the ratio pi_{n+j+1} / pi_{n+j} falls
 * below 1 and keeps falling), is below 2^-55 of the total: the results are
 * exact up to that truncation and rounding. A chain longer than
 * ::CSVC_ERLANG_A_STATES_MAX states (an overloaded queue with very patient
 * customers) is refused with ::CSVC_E_RANGE. Erlang A reports:
 * - probability of waiting P(all agents busy on arrival);
 * - abandonment = share of arriving contacts that hang up;
 * - service level = share of all arriving contacts answered within T
 *   (a contact that abandons counts as not answered, even before T);
 * - ASA = mean wait of the answered contacts (0 for those answered at once);
 *   INFINITY when no contact is answered (n = 0);
 * - occupancy = carried load / n = A (1 - abandonment) / n.
 *
 * Degenerate cases: with no arrivals every measure is 0 but the service level
 * (1); with 0 agents and some arrivals, probability of waiting 1, service
 * level 0, ASA INFINITY, occupancy 0 (Erlang A: abandonment 1).
 *
 * Goals. A goal (::csvc_staffing_options) combines any of: a service level
 * (X within T s), an ASA, a maximum abandonment (Erlang A only), and always
 * a maximum occupancy (1 = no cap beyond a stable queue). A goal is met
 * with a tolerance of 1e-12 (relative for the ASA), so that rounding does
 * not turn an exact hit into a miss. Every measure is monotone in the agent
 * count, so the agents required is the smallest count meeting every goal.
 * Scheduled staff = ceil(agents / (1 - shrinkage)), computed with a relative
 * tolerance of 1e-12 so that 14 agents at 30 % shrinkage are 20 staff.
 *
 * Thread-safety: the functions without a plan are reentrant. A plan is not
 * thread-safe; its read-only calls (interval, summary, counts) never write
 * it, not even its message (their failures are explained by
 * csvc_last_errmsg() only), so several threads may read one plan that no
 * one modifies.
 */
#ifndef CSVC_STAFFING_H
#define CSVC_STAFFING_H

#include "common.h"
#include "desk.h"
#include "roster.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest agent (or staff) count any call evaluates or returns. */
#define CSVC_STAFFING_AGENTS_MAX 1000000u
/** Largest number of queue states an Erlang A evaluation sums. */
#define CSVC_ERLANG_A_STATES_MAX 10000000u

/** @name Goals
 *  Bits of ::csvc_staffing_options `goals`, of csvc_erlang_result `met` and
 *  csvc_staffing_result `binding`. Values are stable. */
/**@{*/
#define CSVC_GOAL_SERVICE_LEVEL 0x1u /**< at least `service_level` answered within T */
#define CSVC_GOAL_ASA 0x2u           /**< ASA at most `asa_seconds` */
#define CSVC_GOAL_ABANDON 0x4u       /**< abandonment at most `max_abandon` (Erlang A) */
#define CSVC_GOAL_OCCUPANCY 0x8u     /**< occupancy at most `max_occupancy` (always applies) */
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Options and results */
/**@{*/

#define CSVC_STAFFING_OPTIONS_VERSION 1

/**
 * The queue model and the service goal. Every field is validated whether or
 * not its goal is selected: ::CSVC_E_RANGE for a value out of its range
 * (NaN and infinities included), ::CSVC_E_INVALID for an unknown goal bit,
 * or the abandonment goal without a patience.
 */
typedef struct csvc_staffing_options {
    uint32_t version;      /**< ::CSVC_STAFFING_OPTIONS_VERSION */
    uint32_t goals;        /**< CSVC_GOAL_* bits (OCCUPANCY is implied); default SERVICE_LEVEL */
    double service_level;  /**< target share answered within T, in (0, 1); default 0.8 */
    double answer_seconds; /**< T, seconds, finite, >= 0; default 20 */
    double asa_seconds;    /**< target ASA, seconds, finite, > 0; default 30 */
    double max_abandon;    /**< target abandonment share, in (0, 1); default 0.05 */
    double max_occupancy;  /**< in (0, 1]; default 1 (no cap) */
    double shrinkage;      /**< share of paid time off the phones, in [0, 1); default 0 */
    double patience;       /**< mean patience, seconds, finite, >= 0; 0 = nobody abandons
                                (Erlang C), > 0 = Erlang A; default 0 */
} csvc_staffing_options;

#define CSVC_STAFFING_OPTIONS_INIT \
    { CSVC_STAFFING_OPTIONS_VERSION, CSVC_GOAL_SERVICE_LEVEL, 0.8, 20.0, 30.0, 0.05, 1.0, 0.0, 0.0 }
/** Sets `options` to ::CSVC_STAFFING_OPTIONS_INIT. @since 0.4 */
CSVC_API void csvc_staffing_options_init(csvc_staffing_options *options);

#define CSVC_ERLANG_RESULT_VERSION 1

/** What a number of agents achieves for one interval (out). */
typedef struct csvc_erlang_result {
    uint32_t version;     /**< set by the caller: ::CSVC_ERLANG_RESULT_VERSION */
    uint32_t agents;      /**< the agents evaluated */
    uint32_t met;         /**< CSVC_GOAL_* bits of the options' goals (and OCCUPANCY) met */
    double load;          /**< offered load A, Erlangs */
    double p_wait;        /**< probability that a contact waits */
    double service_level; /**< share answered within T */
    double asa;           /**< average speed of answer, seconds; INFINITY when unstable */
    double abandon;       /**< share abandoning (0 for Erlang C) */
    double occupancy;     /**< busy share of the agents */
} csvc_erlang_result;

#define CSVC_ERLANG_RESULT_INIT { CSVC_ERLANG_RESULT_VERSION, 0u, 0u, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 }
/** Sets `result` to ::CSVC_ERLANG_RESULT_INIT. @since 0.4 */
CSVC_API void csvc_erlang_result_init(csvc_erlang_result *result);

#define CSVC_STAFFING_RESULT_VERSION 1

/**
 * Agents required for one interval (out).
 *
 * `agents_exact` is the fractional agent count: for each goal missed at
 * `agents - 1` agents (the binding goals), the measure is interpolated
 * linearly between `agents - 1` and `agents` and the count where it meets
 * the target is taken, e.g. 13 + (0.8 - SL(13)) / (SL(14) - SL(13)); the
 * largest over the binding goals is reported. Exceptions: an ASA (or
 * abandonment) of INFINITY at `agents - 1` gives `agents`; the Erlang C
 * occupancy cap gives A / max_occupancy exactly. Always
 * `agents - 1 <= agents_exact <= agents`; 0 with no arrivals.
 * `staff_exact` = agents_exact / (1 - shrinkage).
 */
typedef struct csvc_staffing_result {
    uint32_t version;    /**< set by the caller: ::CSVC_STAFFING_RESULT_VERSION */
    uint32_t agents;     /**< agents required on the phones */
    uint32_t staff;      /**< scheduled staff: ceil(agents / (1 - shrinkage)) */
    uint32_t binding;    /**< CSVC_GOAL_* bits missed at agents - 1 (0 with no arrivals) */
    double agents_exact; /**< fractional agents, see above */
    double staff_exact;  /**< agents_exact / (1 - shrinkage) */
    double load;         /**< offered load A, Erlangs */
    double p_wait;       /**< the measures achieved with `agents` */
    double service_level;
    double asa;
    double abandon;
    double occupancy;
} csvc_staffing_result;

#define CSVC_STAFFING_RESULT_INIT \
    { CSVC_STAFFING_RESULT_VERSION, 0u, 0u, 0u, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 }
/** Sets `result` to ::CSVC_STAFFING_RESULT_INIT. @since 0.4 */
CSVC_API void csvc_staffing_result_init(csvc_staffing_result *result);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name One interval
 *  Reentrant; failures are explained by csvc_last_errmsg(). The traffic
 *  arguments are checked the same way everywhere: `arrivals` finite and
 *  >= 0, `interval_seconds` finite and > 0, `aht` finite and > 0 (0 is
 *  accepted when arrivals is 0); ::CSVC_E_RANGE otherwise. */
/**@{*/

/**
 * The offered load `arrivals * aht / interval_seconds`, in Erlangs.
 * @return ::CSVC_E_RANGE (traffic arguments, or a load that is not finite),
 *         ::CSVC_E_NULL.
 * @since 0.4
 */
CSVC_API csvc_status csvc_erlang_load(double arrivals, double interval_seconds, double aht,
                                      double *out);

/**
 * Erlang B: the blocking probability of `agents` servers offered `load`
 * Erlangs with no queue (see the file comment for the method).
 * @return ::CSVC_E_RANGE (load negative or not finite, agents above
 *         ::CSVC_STAFFING_AGENTS_MAX), ::CSVC_E_NULL.
 * @since 0.4
 */
CSVC_API csvc_status csvc_erlang_b(double load, uint32_t agents, double *out);

/**
 * What `agents` agents answering achieve (the reverse question): Erlang C
 * when `options->patience` is 0, Erlang A otherwise; T is
 * `options->answer_seconds`. Shrinkage is not applied: `agents` are the
 * agents on the phones. `out->met` tells which goals they meet.
 * `options` may be NULL for ::CSVC_STAFFING_OPTIONS_INIT.
 * @return ::CSVC_E_NULL (out), ::CSVC_E_VERSION (options or out),
 *         ::CSVC_E_RANGE / ::CSVC_E_INVALID (traffic, options, agents above
 *         ::CSVC_STAFFING_AGENTS_MAX, an Erlang A chain above
 *         ::CSVC_ERLANG_A_STATES_MAX states). `*out` is untouched on failure.
 * @since 0.4
 */
CSVC_API csvc_status csvc_erlang_evaluate(double arrivals, double interval_seconds, double aht,
                                          uint32_t agents, const csvc_staffing_options *options,
                                          csvc_erlang_result *out);

/**
 * The agents (and scheduled staff) required for one interval: the smallest
 * count meeting every goal of `options` (NULL for the defaults, 80 % within
 * 20 s). With arrivals 0 the answer is 0 agents, service level 1, ASA 0.
 * With Erlang C the search starts at floor(A) + 1 (a smaller count is
 * unstable) and walks up the B recurrence; with Erlang A it brackets the
 * answer around A and bisects.
 * Example: 100 contacts per 1800 s, AHT 180 s (A = 10 Erlangs), 80 % within
 * 20 s: 14 agents, SL 0.88835, ASA 7.836 s, agents_exact 13.047; with
 * shrinkage 0.3, 20 staff.
 * @return ::CSVC_E_NULL (out), ::CSVC_E_VERSION (options or out),
 *         ::CSVC_E_RANGE / ::CSVC_E_INVALID (traffic, options, or no count
 *         up to ::CSVC_STAFFING_AGENTS_MAX agents or staff meets the goal).
 *         `*out` is untouched on failure.
 * @since 0.4
 */
CSVC_API csvc_status csvc_staffing_solve(double arrivals, double interval_seconds, double aht,
                                         const csvc_staffing_options *options,
                                         csvc_staffing_result *out);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Plans: a week of intervals
 *
 *  A plan is the local week (Monday 00:00 to Sunday 24:00) cut into
 *  intervals of 900, 1800 or 3600 s (672, 336 or 168 of them; interval i
 *  starts at minute i * interval_seconds / 60 of the week). Each interval
 *  holds arrivals and an AHT (set one by one or forecast from a desk), the
 *  requirement solved from them with the plan's options, and the staff that
 *  the plan's shifts put there. The requirement is recomputed by every call
 *  that changes its inputs, so the plan is always consistent; a failed call
 *  changes nothing. The week is cyclic: a shift running past Sunday 24:00
 *  continues on Monday 00:00 of the same plan. */
/**@{*/

/** An opaque weekly plan. */
typedef struct csvc_staffing_plan csvc_staffing_plan;

/**
 * Creates a plan with `interval_seconds` of 900, 1800 or 3600, every
 * interval with 0 arrivals and AHT 0, no shifts, and the default options
 * (::CSVC_STAFFING_OPTIONS_INIT).
 * @return ::CSVC_E_NULL, ::CSVC_E_RANGE (interval length),
 *         ::CSVC_E_VERSION / ::CSVC_E_INVALID (allocator), ::CSVC_E_NOMEM.
 * @since 0.4
 */
CSVC_API csvc_status csvc_staffing_plan_new(const csvc_allocator *allocator,
                                            int32_t interval_seconds, csvc_staffing_plan **out);
/** Frees a plan; NULL is a no-op. @since 0.4 */
CSVC_API void csvc_staffing_plan_free(csvc_staffing_plan *plan);
/** The message of the plan's last failed modification, "" if none. @since 0.4 */
CSVC_API const char *csvc_staffing_plan_errmsg(const csvc_staffing_plan *plan);
/** Intervals in the week (672, 336 or 168); 0 for NULL. @since 0.4 */
CSVC_API size_t csvc_staffing_plan_interval_count(const csvc_staffing_plan *plan);
/** The interval length in seconds; 0 for NULL. @since 0.4 */
CSVC_API int32_t csvc_staffing_plan_interval_seconds(const csvc_staffing_plan *plan);

/**
 * Replaces the plan's options (copied) and solves every interval again.
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION, ::CSVC_E_RANGE, ::CSVC_E_INVALID
 *         (as for csvc_staffing_solve(), naming the interval that fails).
 * @since 0.4
 */
CSVC_API csvc_status csvc_staffing_plan_set_options(csvc_staffing_plan *plan,
                                                    const csvc_staffing_options *options);

/**
 * Sets the arrivals (contacts in the interval) and AHT (seconds) of
 * interval `index` and solves it. Use it to enter a forecast made
 * elsewhere, or to override the AHT of a forecast where the desk's history
 * is not representative.
 * @return ::CSVC_E_NULL, ::CSVC_E_RANGE (index, traffic, or a requirement
 *         above ::CSVC_STAFFING_AGENTS_MAX).
 * @since 0.4
 */
CSVC_API csvc_status csvc_staffing_plan_set_interval(csvc_staffing_plan *plan, size_t index,
                                                     double arrivals, double aht);

#define CSVC_STAFFING_FORECAST_OPTIONS_VERSION 1

/**
 * How to learn a week from the desk's ticket history.
 *
 * The window `[history_start, history_end)` must be at least one week and
 * at most 520 weeks long, and both ends must fall on interval boundaries of
 * the local clock (`utc_offset` seconds east of UTC; e.g. local midnights).
 * Each occurrence of an interval of the week inside the window is weighted
 * `week_decay^age`, where age = floor((history_end - 1 - start) / 604800)
 * is the number of whole weeks between the occurrence and the window's end
 * (0 for the last seven days). The forecast arrivals of an interval are
 * the weighted mean, over its occurrences, of the tickets created in them:
 * sum(weight of each ticket's occurrence) / sum(weight of every occurrence).
 * With week_decay 1 this is the plain mean per interval of the week.
 *
 * Tickets counted: created inside the window, of the team `team_id` (the
 * ticket's current team; NULL for every team) and of a channel in
 * `channels`; cancelled tickets count (they arrived).
 *
 * Handle time: with `aht_from_history` 0 every interval gets `default_aht`.
 * With 1, the AHT of an interval is the weighted mean, over its counted
 * tickets that have been resolved, of min(first resolution - created,
 * max_handle_seconds), and `default_aht` where there is none. That elapsed
 * time includes waiting and is only a proxy for the handle time; where it is
 * not representative, keep the default or override intervals with
 * csvc_staffing_plan_set_interval().
 */
typedef struct csvc_staffing_forecast_options {
    uint32_t version;           /**< ::CSVC_STAFFING_FORECAST_OPTIONS_VERSION */
    int64_t history_start;      /**< Unix seconds, inclusive */
    int64_t history_end;        /**< Unix seconds, exclusive */
    int32_t utc_offset;         /**< seconds east of UTC of the local week */
    const char *team_id;        /**< NULL: every team */
    uint32_t channels;          /**< bits 1u << ::csvc_channel; 0 = every channel */
    double week_decay;          /**< in (0, 1]; default 1 (unweighted) */
    double default_aht;         /**< seconds, finite, > 0; no default (0 is refused) */
    int32_t aht_from_history;   /**< 1: AHT from resolution times, 0: default_aht; default 0 */
    int64_t max_handle_seconds; /**< cap of one ticket's handle-time sample, > 0; default 3600 */
} csvc_staffing_forecast_options;

#define CSVC_STAFFING_FORECAST_OPTIONS_INIT \
    { CSVC_STAFFING_FORECAST_OPTIONS_VERSION, 0, 0, 0, NULL, 0u, 1.0, 0.0, 0, 3600 }
/** Sets `options` to ::CSVC_STAFFING_FORECAST_OPTIONS_INIT. @since 0.4 */
CSVC_API void csvc_staffing_forecast_options_init(csvc_staffing_forecast_options *options);

/**
 * Forecasts arrivals and AHT for every interval of the week from `desk`
 * (not modified) and solves them; the shifts
 * are kept. O(tickets + intervals in the window).
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION, ::CSVC_E_RANGE (window, offset,
 *         decay, AHT, max_handle_seconds, channels, or a requirement above
 *         ::CSVC_STAFFING_AGENTS_MAX), ::CSVC_E_INVALID /
 *         ::CSVC_E_TOOLONG / ::CSVC_E_ENCODING (team id), ::CSVC_E_NOTFOUND
 *         (a team the roster of the desk does not have), ::CSVC_E_NOMEM.
 * @since 0.4
 */
CSVC_API csvc_status csvc_staffing_plan_forecast(csvc_staffing_plan *plan, const csvc_desk *desk,
                                                 const csvc_staffing_forecast_options *options);

/* Days of a shift: bit (1 << ::csvc_weekday). */
#define CSVC_DAY_MON 0x01u
#define CSVC_DAY_TUE 0x02u
#define CSVC_DAY_WED 0x04u
#define CSVC_DAY_THU 0x08u
#define CSVC_DAY_FRI 0x10u
#define CSVC_DAY_SAT 0x20u
#define CSVC_DAY_SUN 0x40u
#define CSVC_DAYS_WEEKDAYS 0x1Fu
#define CSVC_DAYS_ALL 0x7Fu

#define CSVC_STAFFING_SHIFT_VERSION 1

/**
 * A shift pattern: `heads` people start at local minute `start_minute` of
 * each day in `days` and work `length_minutes` (it may run past midnight
 * into the next day; past Sunday 24:00 it continues on Monday 00:00).
 */
typedef struct csvc_staffing_shift {
    uint32_t version;       /**< ::CSVC_STAFFING_SHIFT_VERSION */
    int32_t start_minute;   /**< minute of the day it starts, 0..1439 */
    int32_t length_minutes; /**< 1..1440 */
    uint32_t days;          /**< CSVC_DAY_* bits, at least one, no others */
    uint32_t heads;         /**< people on it, 1..::CSVC_STAFFING_AGENTS_MAX */
} csvc_staffing_shift;

#define CSVC_STAFFING_SHIFT_INIT { CSVC_STAFFING_SHIFT_VERSION, 0, 0, 0u, 0u }
/** Sets `shift` to ::CSVC_STAFFING_SHIFT_INIT. @since 0.4 */
CSVC_API void csvc_staffing_shift_init(csvc_staffing_shift *shift);

/**
 * Adds a shift pattern to the plan. The staff of an interval is the number
 * of heads present averaged over its minutes: a shift covering half an
 * interval adds half its heads there (whole numbers when shifts start and
 * end on interval boundaries).
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION, ::CSVC_E_RANGE (a shift outside
 *         the week: start, length, days or heads out of range; or an
 *         interval staffed above ::CSVC_STAFFING_AGENTS_MAX).
 * @since 0.4
 */
CSVC_API csvc_status csvc_staffing_plan_add_shift(csvc_staffing_plan *plan,
                                                  const csvc_staffing_shift *shift);
/** Removes every shift. ::CSVC_E_NULL. @since 0.4 */
CSVC_API csvc_status csvc_staffing_plan_clear_shifts(csvc_staffing_plan *plan);
/** Shift patterns added since the plan was created or cleared; 0 for NULL. @since 0.4 */
CSVC_API size_t csvc_staffing_plan_shift_count(const csvc_staffing_plan *plan);

#define CSVC_STAFFING_INTERVAL_VERSION 1

/**
 * One interval of a plan (out). The requirement fields are those of
 * csvc_staffing_solve() for the interval; the achieved fields evaluate
 * `staffed_agents` = floor(staffed * (1 - shrinkage)) agents (with a
 * relative tolerance of 1e-12) as csvc_erlang_evaluate() does, so that an
 * interval staffed with at least `required` reaches the goal.
 */
typedef struct csvc_staffing_interval {
    uint32_t version;        /**< set by the caller: ::CSVC_STAFFING_INTERVAL_VERSION */
    int32_t start_minute;    /**< minute of the local week it starts (Monday 00:00 = 0) */
    double arrivals;         /**< contacts in the interval */
    double aht;              /**< seconds */
    double load;             /**< Erlangs */
    uint32_t agents;         /**< agents required on the phones */
    uint32_t required;       /**< scheduled staff required: ceil(agents / (1 - shrinkage)) */
    double agents_exact;     /**< fractional agents (csvc_staffing_result) */
    double required_exact;   /**< agents_exact / (1 - shrinkage) */
    double staffed;          /**< heads on the plan's shifts (time-weighted) */
    double shortfall;        /**< max(required - staffed, 0) */
    double overstaffing;     /**< max(staffed - required, 0) */
    uint32_t staffed_agents; /**< staffed heads on the phones after shrinkage */
    uint32_t met;            /**< goals met with staffed_agents (csvc_erlang_result) */
    double p_wait;           /**< achieved with staffed_agents */
    double service_level;
    double asa;
    double abandon;
    double occupancy;
} csvc_staffing_interval;

#define CSVC_STAFFING_INTERVAL_INIT                                                          \
    { CSVC_STAFFING_INTERVAL_VERSION, 0, 0.0, 0.0, 0.0, 0u, 0u, 0.0, 0.0, 0.0, 0.0, 0.0, 0u, \
      0u, 0.0, 0.0, 0.0, 0.0, 0.0 }
/** Sets `interval` to ::CSVC_STAFFING_INTERVAL_INIT. @since 0.4 */
CSVC_API void csvc_staffing_interval_init(csvc_staffing_interval *interval);

/**
 * Reads interval `index` of the plan (0 .. count - 1).
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION (out), ::CSVC_E_RANGE (index, or
 *         an Erlang A chain too long to evaluate the staffed agents).
 * @since 0.4
 */
CSVC_API csvc_status csvc_staffing_plan_interval(const csvc_staffing_plan *plan, size_t index,
                                                 csvc_staffing_interval *out);

#define CSVC_STAFFING_SUMMARY_VERSION 1

/** Totals of a plan over the week (out). Hours are staff-hours. */
typedef struct csvc_staffing_summary {
    uint32_t version;          /**< set by the caller: ::CSVC_STAFFING_SUMMARY_VERSION */
    uint32_t intervals;        /**< intervals in the week */
    uint32_t intervals_short;  /**< intervals with a shortfall */
    uint32_t peak_required;    /**< largest `required` of an interval */
    double arrivals;           /**< contacts in the week */
    double required_hours;     /**< sum of required * interval length */
    double staffed_hours;      /**< sum of staffed * interval length */
    double shortfall_hours;    /**< sum of shortfall * interval length */
    double overstaffing_hours; /**< sum of overstaffing * interval length */
    double service_level;      /**< achieved, weighted by arrivals; NaN when no arrivals */
} csvc_staffing_summary;

#define CSVC_STAFFING_SUMMARY_INIT \
    { CSVC_STAFFING_SUMMARY_VERSION, 0u, 0u, 0u, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 }
/** Sets `summary` to ::CSVC_STAFFING_SUMMARY_INIT. @since 0.4 */
CSVC_API void csvc_staffing_summary_init(csvc_staffing_summary *summary);

/**
 * The week's totals.
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION (out), ::CSVC_E_RANGE (as for
 *         csvc_staffing_plan_interval()).
 * @since 0.4
 */
CSVC_API csvc_status csvc_staffing_plan_summary(const csvc_staffing_plan *plan,
                                                csvc_staffing_summary *out);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Shift generation
 *
 *  From shift templates, choose how many heads work each one so that every
 *  interval of the plan's week has its `required` staff (the plan's
 *  requirement after shrinkage, csvc_staffing_interval), at least cost: a
 *  mixed-integer program solved with GLPK. libcsvc builds it when GLPK is
 *  found (`-Dglpk=auto`); a library built without it returns
 *  ::CSVC_E_UNSUPPORTED from csvc_staffing_generate() and everything else
 *  works.
 *
 *  The model. A template works its days (the same people each day, as a
 *  ::csvc_staffing_shift) and pays `length_minutes` a day, its break
 *  included (paid). Its break of `break_minutes` starts at one of the
 *  offsets `break_earliest`, `break_earliest + step`, ... up to
 *  `break_latest` minutes after the shift's start, `step` being the plan's
 *  interval length: the generator chooses, for each offset, how many of the
 *  template's heads take their break there (the same offset every day).
 *  A head is present in an interval for the minutes of the interval its
 *  shift covers minus those of its break, and contributes that share of
 *  the interval (whole heads when shifts and breaks start and end on
 *  interval boundaries). The week is cyclic, as for the plan's shifts.
 *  Coverage of interval i = sum over templates and offsets of
 *  heads x present share. Variables: integer heads per template and break
 *  offset (and, with soft coverage, a continuous shortfall per interval).
 *  - Cost of one head of a template for the week = cost_per_hour x
 *    length_minutes x days / 60, rounded half up to the minor unit; the
 *    schedule's cost is the sum over templates of heads x that, exact in
 *    int64 minor units.
 *  - Hard coverage: coverage >= required in every interval; minimise cost.
 *  - Soft coverage: minimise cost + shortfall_penalty x shortfall hours,
 *    the shortfall of an interval being max(required - coverage, 0) staff
 *    for its length: a staff-hour short costs `shortfall_penalty`.
 *  - Optional limits: min_heads <= heads of a template <= max_heads; the
 *    total heads at most `max_total_heads`; the cost at most `budget`; the
 *    heads of each employment type at most `available[type]`.
 *  The solver stops at an optimum within the relative gap `mip_gap`
 *  ((cost - best bound) / cost) or at `time_limit` seconds with the best
 *  schedule found and its gap. An infeasible problem is diagnosed: the
 *  limit that cannot be met and the first interval (in the week's order)
 *  it leaves short. */
/**@{*/

#define CSVC_SHIFT_TEMPLATE_VERSION 1

/**
 * A shift template (in). Validated field by field (::CSVC_E_RANGE,
 * ::CSVC_E_INVALID for the id or employment), the message naming the
 * template's index and id.
 */
typedef struct csvc_shift_template {
    uint32_t version;            /**< ::CSVC_SHIFT_TEMPLATE_VERSION */
    const char *id;              /**< identifier, unique among the templates */
    int32_t start_minute;        /**< minute of the day it starts, 0..1439 */
    int32_t length_minutes;      /**< paid minutes a day, break included, 1..1440 */
    uint32_t days;               /**< CSVC_DAY_* bits, at least one */
    int32_t break_minutes;       /**< 0 (no break) .. length_minutes - 1 */
    int32_t break_earliest;      /**< earliest break start, minutes after the shift's start */
    int32_t break_latest;        /**< latest break start: earliest .. length - break_minutes */
    uint32_t min_heads;          /**< heads at least; default 0 */
    uint32_t max_heads;          /**< heads at most (the template's cap), >= min_heads;
                                      default ::CSVC_STAFFING_AGENTS_MAX */
    csvc_employment employment;  /**< who works it (full-time, part-time, temporary) */
    int64_t cost_per_hour;       /**< minor units per paid hour, 0..::CSVC_SHIFT_COST_MAX */
} csvc_shift_template;

/** Largest cost per hour of a template, in minor units. */
#define CSVC_SHIFT_COST_MAX INT64_C(1000000000)

#define CSVC_SHIFT_TEMPLATE_INIT                                                         \
    { CSVC_SHIFT_TEMPLATE_VERSION, NULL, 0, 0, 0u, 0, 0, 0, 0u, CSVC_STAFFING_AGENTS_MAX, \
      CSVC_EMPLOYMENT_FULL_TIME, 0 }
/** Sets `t` to ::CSVC_SHIFT_TEMPLATE_INIT. @since 0.8 */
CSVC_API void csvc_shift_template_init(csvc_shift_template *t);

#define CSVC_GENERATE_OPTIONS_VERSION 1

/** How to generate (in). */
typedef struct csvc_generate_options {
    uint32_t version;           /**< ::CSVC_GENERATE_OPTIONS_VERSION */
    int32_t soft;               /**< 0: hard coverage (default); 1: soft, at a penalty */
    int64_t shortfall_penalty;  /**< soft: minor units per staff-hour short, 1..10^12 */
    uint32_t max_total_heads;   /**< 0: no limit */
    int64_t budget;             /**< weekly cost at most, minor units, >= 0; 0: no limit */
    int32_t limit_available;    /**< 1: heads of each type at most `available[type]` */
    uint32_t available[CSVC_EMPLOYMENT_COUNT]; /**< heads per ::csvc_employment
                                                    (csvc_staffing_available_heads()) */
    double time_limit;          /**< seconds, in (0, 3600]; default 10 */
    double mip_gap;             /**< relative gap to stop at, in [0, 1); default 1e-4 */
} csvc_generate_options;

#define CSVC_GENERATE_OPTIONS_INIT \
    { CSVC_GENERATE_OPTIONS_VERSION, 0, 0, 0u, 0, 0, {0u, 0u, 0u}, 10.0, 1e-4 }
/** Sets `options` to ::CSVC_GENERATE_OPTIONS_INIT. @since 0.8 */
CSVC_API void csvc_generate_options_init(csvc_generate_options *options);

/** How the solver ended. Values are stable. */
typedef enum csvc_schedule_status {
    CSVC_SCHEDULE_OPTIMAL = 0,    /**< optimal within `mip_gap` */
    CSVC_SCHEDULE_TIME_LIMIT = 1, /**< stopped at the time limit with a schedule; see `gap` */
    CSVC_SCHEDULE_INFEASIBLE = 2, /**< no schedule meets the constraints; see `limit` */
    CSVC_SCHEDULE_NO_SOLUTION = 3 /**< stopped at the time limit before finding any */
} csvc_schedule_status;

/** The constraint an infeasible problem cannot meet. Values are stable. */
typedef enum csvc_schedule_limit {
    CSVC_LIMIT_NONE = 0,
    CSVC_LIMIT_NO_TEMPLATE = 1,  /**< an interval needs staff and no template covers it */
    CSVC_LIMIT_MAX_HEADS = 2,    /**< templates at their max_heads cannot cover an interval */
    CSVC_LIMIT_TOTAL_HEADS = 3,  /**< max_total_heads */
    CSVC_LIMIT_BUDGET = 4,       /**< budget */
    CSVC_LIMIT_AVAILABLE = 5,    /**< available heads of `limit_type` */
    CSVC_LIMIT_COMBINED = 6      /**< the limits together, none alone */
} csvc_schedule_limit;

/** "optimal", "time_limit", "infeasible", "no_solution"; NULL if unknown. @since 0.8 */
CSVC_API const char *csvc_schedule_status_name(csvc_schedule_status status);
/** "none", "no_template", "max_heads", "total_heads", "budget", "available",
 *  "combined"; NULL if unknown. @since 0.8 */
CSVC_API const char *csvc_schedule_limit_name(csvc_schedule_limit limit);

/** A generated schedule (opaque, read-only). */
typedef struct csvc_staffing_schedule csvc_staffing_schedule;

#define CSVC_SCHEDULE_SUMMARY_VERSION 1

/** A schedule's totals (out). Hours are staff-hours over the week. */
typedef struct csvc_schedule_summary {
    uint32_t version;             /**< set by the caller: ::CSVC_SCHEDULE_SUMMARY_VERSION */
    csvc_schedule_status status;
    csvc_schedule_limit limit;    /**< infeasible: the constraint; else NONE */
    csvc_employment limit_type;   /**< the type, for ::CSVC_LIMIT_AVAILABLE */
    int64_t limit_interval;       /**< infeasible: the first interval left short; else -1 */
    double gap;                   /**< relative gap of the schedule (0 when proven optimal) */
    int64_t cost;                 /**< weekly cost, minor units */
    double objective;             /**< cost + penalty x shortfall hours (soft), minor units */
    uint32_t heads;               /**< heads over every template */
    uint32_t heads_by_type[CSVC_EMPLOYMENT_COUNT];
    double required_hours;        /**< sum of required x interval length */
    double covered_hours;         /**< sum of coverage x interval length */
    double shortfall_hours;       /**< sum of max(required - coverage, 0) x length */
    double overstaffing_hours;    /**< sum of max(coverage - required, 0) x length */
    uint32_t intervals_short;     /**< intervals with a shortfall */
    double seconds;               /**< the solver's wall-clock time */
} csvc_schedule_summary;

#define CSVC_SCHEDULE_SUMMARY_INIT                                                         \
    { CSVC_SCHEDULE_SUMMARY_VERSION, CSVC_SCHEDULE_OPTIMAL, CSVC_LIMIT_NONE,               \
      CSVC_EMPLOYMENT_FULL_TIME, -1, 0.0, 0, 0.0, 0u, {0u, 0u, 0u}, 0.0, 0.0, 0.0, 0.0, 0u, \
      0.0 }
/** Sets `s` to ::CSVC_SCHEDULE_SUMMARY_INIT. @since 0.8 */
CSVC_API void csvc_schedule_summary_init(csvc_schedule_summary *s);

#define CSVC_SCHEDULE_SHIFT_VERSION 1

/** Heads of one template taking their break at one offset (out). */
typedef struct csvc_schedule_shift {
    uint32_t version;       /**< set by the caller: ::CSVC_SCHEDULE_SHIFT_VERSION */
    size_t template_index;  /**< index into the templates given */
    const char *template_id;/**< owned by the schedule */
    int32_t break_offset;   /**< minutes after the shift's start (-1: no break) */
    uint32_t heads;
    int64_t cost;           /**< heads x the template's weekly cost per head */
} csvc_schedule_shift;

#define CSVC_SCHEDULE_SHIFT_INIT { CSVC_SCHEDULE_SHIFT_VERSION, 0, NULL, -1, 0u, 0 }
/** Sets `s` to ::CSVC_SCHEDULE_SHIFT_INIT. @since 0.8 */
CSVC_API void csvc_schedule_shift_init(csvc_schedule_shift *s);

#define CSVC_SCHEDULE_INTERVAL_VERSION 1

/** One interval of a schedule (out). */
typedef struct csvc_schedule_interval {
    uint32_t version;     /**< set by the caller: ::CSVC_SCHEDULE_INTERVAL_VERSION */
    int32_t start_minute; /**< minute of the local week */
    uint32_t required;    /**< the plan's required staff */
    double covered;       /**< the schedule's heads present (time-weighted) */
    double shortfall;     /**< max(required - covered, 0) */
    double overstaffing;  /**< max(covered - required, 0) */
} csvc_schedule_interval;

#define CSVC_SCHEDULE_INTERVAL_INIT { CSVC_SCHEDULE_INTERVAL_VERSION, 0, 0u, 0.0, 0.0, 0.0 }
/** Sets `i` to ::CSVC_SCHEDULE_INTERVAL_INIT. @since 0.8 */
CSVC_API void csvc_schedule_interval_init(csvc_schedule_interval *i);

/**
 * Generates the schedule that covers `plan`'s requirement from `count`
 * templates (1..1000) with `options` (NULL: the defaults, hard coverage).
 * The plan is not modified. On ::CSVC_OK `*out` holds the schedule, whose
 * status may be infeasible or no solution (then it has no heads and its
 * summary says why; csvc_staffing_schedule_message() explains).
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION, ::CSVC_E_RANGE /
 *         ::CSVC_E_INVALID (a template or option field, named),
 *         ::CSVC_E_EXISTS (a duplicate template id), ::CSVC_E_OVERFLOW (a
 *         cost beyond int64), ::CSVC_E_UNSUPPORTED (built without GLPK),
 *         ::CSVC_E_NOMEM. Messages in csvc_last_errmsg().
 * @since 0.8
 */
CSVC_API csvc_status csvc_staffing_generate(const csvc_staffing_plan *plan,
                                            const csvc_shift_template *templates, size_t count,
                                            const csvc_generate_options *options,
                                            csvc_staffing_schedule **out);
/** Frees a schedule; NULL is a no-op. @since 0.8 */
CSVC_API void csvc_staffing_schedule_free(csvc_staffing_schedule *schedule);
/** What the solver found, in words (why it is infeasible, the gap); never NULL. @since 0.8 */
CSVC_API const char *csvc_staffing_schedule_message(const csvc_staffing_schedule *schedule);
/** Totals. ::CSVC_E_NULL, ::CSVC_E_VERSION. @since 0.8 */
CSVC_API csvc_status csvc_staffing_schedule_summary(const csvc_staffing_schedule *schedule,
                                                    csvc_schedule_summary *out);
/** Heads of template `index` over all its break offsets; 0 for a bad index. @since 0.8 */
CSVC_API uint32_t csvc_staffing_schedule_template_heads(const csvc_staffing_schedule *schedule,
                                                        size_t index);
/** Number of (template, break offset) pairs with heads, in template order. @since 0.8 */
CSVC_API size_t csvc_staffing_schedule_shift_count(const csvc_staffing_schedule *schedule);
/** Pair `index`. ::CSVC_E_NULL, ::CSVC_E_VERSION, ::CSVC_E_RANGE. @since 0.8 */
CSVC_API csvc_status csvc_staffing_schedule_shift(const csvc_staffing_schedule *schedule,
                                                  size_t index, csvc_schedule_shift *out);
/** Intervals (those of the plan). @since 0.8 */
CSVC_API size_t csvc_staffing_schedule_interval_count(const csvc_staffing_schedule *schedule);
/** Interval `index`. ::CSVC_E_NULL, ::CSVC_E_VERSION, ::CSVC_E_RANGE. @since 0.8 */
CSVC_API csvc_status csvc_staffing_schedule_interval(const csvc_staffing_schedule *schedule,
                                                     size_t index, csvc_schedule_interval *out);
/**
 * The schedule as the plan's shifts: replaces `plan`'s shifts by those of
 * the schedule, each (template, break offset) with heads as two
 * ::csvc_staffing_shift, before and after the break (one without a
 * break), so that the plan's staff equals the schedule's coverage and its
 * service measures can be read for it. The plan must have the schedule's
 * interval length; a failure leaves its shifts as they were.
 * ::CSVC_E_NULL, ::CSVC_E_INVALID (another interval length), ::CSVC_E_RANGE
 * (an interval staffed above ::CSVC_STAFFING_AGENTS_MAX), ::CSVC_E_NOMEM.
 * @since 0.8
 */
CSVC_API csvc_status csvc_staffing_plan_set_schedule(csvc_staffing_plan *plan,
                                                     const csvc_staffing_schedule *schedule);

/**
 * Heads available per employment type for team `team_id` (NULL: every
 * team): agents employed at `at` (hired by then; separated after it, or
 * never separated and active), counted in `out[type]`, for
 * ::csvc_generate_options `available`.
 * ::CSVC_E_NULL, ::CSVC_E_NOTFOUND (team).
 * @since 0.8
 */
CSVC_API csvc_status csvc_staffing_available_heads(const csvc_roster *roster, const char *team_id,
                                                   int64_t at,
                                                   uint32_t out[CSVC_EMPLOYMENT_COUNT]);

#define CSVC_RECRUITMENT_VERSION 1

/**
 * The recruitment need (招聘指标) of a team (out): per employment type, the
 * heads a schedule uses, the heads the roster has, and the gap
 * max(required - available, 0); surplus is max(available - required, 0).
 * Generate the schedule without `limit_available` to see the full need.
 */
typedef struct csvc_recruitment {
    uint32_t version; /**< set by the caller: ::CSVC_RECRUITMENT_VERSION */
    uint32_t required[CSVC_EMPLOYMENT_COUNT];
    uint32_t available[CSVC_EMPLOYMENT_COUNT];
    uint32_t gap[CSVC_EMPLOYMENT_COUNT];
    uint32_t surplus[CSVC_EMPLOYMENT_COUNT];
    uint32_t total_gap; /**< sum of gap */
} csvc_recruitment;

#define CSVC_RECRUITMENT_INIT \
    { CSVC_RECRUITMENT_VERSION, {0u, 0u, 0u}, {0u, 0u, 0u}, {0u, 0u, 0u}, {0u, 0u, 0u}, 0u }

/**
 * The recruitment need of team `team_id` (NULL: every team) at `at` for
 * `schedule`. ::CSVC_E_NULL, ::CSVC_E_VERSION, ::CSVC_E_NOTFOUND (team).
 * @since 0.8
 */
CSVC_API csvc_status csvc_staffing_recruitment(const csvc_roster *roster, const char *team_id,
                                               int64_t at, const csvc_staffing_schedule *schedule,
                                               csvc_recruitment *out);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Intraday re-plan */
/**@{*/

/**
 * Re-plans the rest of one day from what has arrived so far. `observed`
 * holds the arrivals of the first `count` intervals of `day` (Monday = 0 ..
 * Sunday = 6, the plan's local week), `count` at least 1 and less than the
 * intervals of a day. The ratio is sum(observed) / sum(forecast arrivals of
 * those intervals); the result `*out` is a copy of `plan` (options, AHTs,
 * shifts) where those intervals hold the observed arrivals and the day's
 * remaining intervals the forecast times the ratio, each solved again;
 * other days are unchanged. Read it with csvc_staffing_plan_interval(): an
 * interval now short has a shortfall. `*ratio` receives the ratio.
 * @return ::CSVC_E_NULL, ::CSVC_E_RANGE (day, count, an observed count
 *         negative or not finite, a requirement beyond the limits),
 *         ::CSVC_E_INVALID (no forecast arrivals in the observed intervals:
 *         no ratio), ::CSVC_E_NOMEM.
 * @since 0.8
 */
CSVC_API csvc_status csvc_staffing_plan_replan(const csvc_staffing_plan *plan, int32_t day,
                                               const double *observed, size_t count,
                                               double *ratio, csvc_staffing_plan **out);
/**@}*/

#ifdef __cplusplus
}
#endif

#endif /* CSVC_STAFFING_H */
