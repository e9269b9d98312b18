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

#ifdef __cplusplus
}
#endif

#endif /* CSVC_STAFFING_H */
