/* Validation, goals and the agents-required solver for one interval, and the
 * stateless public functions built on them.
 *
 * Erlang C: a count at or below the load is unstable and meets no goal, so
 * the search starts at floor(A) + 1 (B there from the O(sqrt(A)) series of
 * erlang.c) and walks the recurrence upwards, one step per agent, until
 * every goal holds (typically a few times sqrt(A) steps); a division-free
 * bound rejects most counts before the exp of the service level. Erlang A has no closed recurrence
 * for its measures, so the solver brackets the answer around A with doubling steps and bisects;
 * every measure is monotone in the agent count. */
#include "staffing_internal.h"
#include "version_check.h"

#include <math.h>

#define GOAL_BITS                                                                                  \
    (CSVC_GOAL_SERVICE_LEVEL | CSVC_GOAL_ASA | CSVC_GOAL_ABANDON | CSVC_GOAL_OCCUPANCY)

static const csvc_staffing_options default_options = CSVC_STAFFING_OPTIONS_INIT;

CS_DEFINE_INIT(csvc_staffing_options_init, csvc_staffing_options, CSVC_STAFFING_OPTIONS_INIT)

CS_DEFINE_INIT(csvc_erlang_result_init, csvc_erlang_result, CSVC_ERLANG_RESULT_INIT)

CS_DEFINE_INIT(csvc_staffing_result_init, csvc_staffing_result, CSVC_STAFFING_RESULT_INIT)

/* ---- validation -------------------------------------------------------- */

csvc_status cs_staffing_check_traffic(cs_errbuf *err, const char *fn, double arrivals,
                                      double interval_seconds, double aht)
{
    if (!(isfinite(arrivals) && arrivals >= 0.0))
        return cs_fail(err, CSVC_E_RANGE, "%s: arrivals %g must be finite and >= 0", fn, arrivals);
    if (!(isfinite(interval_seconds) && interval_seconds > 0.0))
        return cs_fail(err, CSVC_E_RANGE, "%s: interval_seconds %g must be finite and > 0", fn,
                       interval_seconds);
    if (!(isfinite(aht) && (aht > 0.0 || (aht == 0.0 && arrivals == 0.0))))
        return cs_fail(err, CSVC_E_RANGE, "%s: aht %g s must be finite and > 0", fn, aht);
    return CSVC_OK;
}

csvc_status cs_staffing_check_options(cs_errbuf *err, const char *fn,
                                      const csvc_staffing_options *o)
{
    CS_RETURN_IF_BAD_VERSION(err, o->version, CSVC_STAFFING_OPTIONS_VERSION, "%s: options", fn);
    if (o->goals & ~GOAL_BITS)
        return cs_fail(err, CSVC_E_INVALID, "%s: goals 0x%x has unknown bits (known 0x%x)", fn,
                       (unsigned)o->goals, (unsigned)GOAL_BITS);
    if (!(o->service_level > 0.0 && o->service_level < 1.0))
        return cs_fail(err, CSVC_E_RANGE, "%s: service_level %g outside (0, 1)", fn,
                       o->service_level);
    if (!(isfinite(o->answer_seconds) && o->answer_seconds >= 0.0))
        return cs_fail(err, CSVC_E_RANGE, "%s: answer_seconds %g must be finite and >= 0", fn,
                       o->answer_seconds);
    if (!(isfinite(o->asa_seconds) && o->asa_seconds > 0.0))
        return cs_fail(err, CSVC_E_RANGE, "%s: asa_seconds %g must be finite and > 0", fn,
                       o->asa_seconds);
    if (!(o->max_abandon > 0.0 && o->max_abandon < 1.0))
        return cs_fail(err, CSVC_E_RANGE, "%s: max_abandon %g outside (0, 1)", fn, o->max_abandon);
    if (!(o->max_occupancy > 0.0 && o->max_occupancy <= 1.0))
        return cs_fail(err, CSVC_E_RANGE, "%s: max_occupancy %g outside (0, 1]", fn,
                       o->max_occupancy);
    if (!(o->shrinkage >= 0.0 && o->shrinkage < 1.0))
        return cs_fail(err, CSVC_E_RANGE, "%s: shrinkage %g outside [0, 1)", fn, o->shrinkage);
    if (!(isfinite(o->patience) && o->patience >= 0.0))
        return cs_fail(err, CSVC_E_RANGE, "%s: patience %g s must be finite and >= 0", fn,
                       o->patience);
    if ((o->goals & CSVC_GOAL_ABANDON) && o->patience == 0.0)
        return cs_fail(err, CSVC_E_INVALID,
                       "%s: the abandonment goal needs a patience > 0 (Erlang A)", fn);
    return CSVC_OK;
}

csvc_status cs_staffing_model(cs_errbuf *err, const char *fn, double arrivals,
                              double interval_seconds, double aht, const csvc_staffing_options *o,
                              cs_model *out)
{
    double load = arrivals * aht / interval_seconds;
    if (!isfinite(load))
        return cs_fail(err, CSVC_E_RANGE, "%s: load %g Erlangs (arrivals %g, aht %g s) not finite",
                       fn, load, arrivals, aht);
    double theta = o->patience > 0.0 && aht > 0.0 ? aht / o->patience : 0.0;
    if (!isfinite(theta))
        return cs_fail(err, CSVC_E_RANGE, "%s: patience %g s too short for aht %g s", fn,
                       o->patience, aht);
    out->load = load;
    out->target = aht > 0.0 ? o->answer_seconds / aht : 0.0;
    out->theta = theta;
    out->aht = aht;
    return CSVC_OK;
}

/* ---- goals -------------------------------------------------------------- */

uint32_t cs_staffing_met(const cs_model *m, const csvc_staffing_options *o, uint32_t n,
                         const cs_erlang *e)
{
    uint32_t met = 0;
    if ((o->goals & CSVC_GOAL_SERVICE_LEVEL) &&
        e->service_level >= o->service_level - CS_STAFFING_TOL)
        met |= CSVC_GOAL_SERVICE_LEVEL;
    if ((o->goals & CSVC_GOAL_ASA) && e->asa <= o->asa_seconds * (1.0 + CS_STAFFING_TOL))
        met |= CSVC_GOAL_ASA;
    if ((o->goals & CSVC_GOAL_ABANDON) && e->abandon <= o->max_abandon + CS_STAFFING_TOL)
        met |= CSVC_GOAL_ABANDON;
    /* Contacts need at least one agent, and Erlang C a stable queue. */
    int staffed = m->load <= 0.0 || (m->theta > 0.0 ? n > 0 : (double)n > m->load);
    if (staffed && e->occupancy <= o->max_occupancy + CS_STAFFING_TOL)
        met |= CSVC_GOAL_OCCUPANCY;
    return met;
}

static uint32_t needed(const csvc_staffing_options *o)
{
    return o->goals | CSVC_GOAL_OCCUPANCY;
}

/* Where a measure going from `prev` (n - 1 agents) to `cur` (n agents),
 * up or down, reaches `target` by linear interpolation, within [n - 1, n]. */
static double cross(double n, double prev, double cur, double target)
{
    if (!isfinite(prev) || !isfinite(cur) || prev == cur)
        return n;
    double f = (n - 1.0) + (target - prev) / (cur - prev);
    return f < n - 1.0 ? n - 1.0 : f > n ? n : f;
}

static double fractional(const cs_model *m, const csvc_staffing_options *o, uint32_t n,
                         const cs_erlang *prev, const cs_erlang *cur, uint32_t binding)
{
    double dn = (double)n, best = binding ? dn - 1.0 : dn;
    double f;
    if (binding & CSVC_GOAL_SERVICE_LEVEL) {
        f = cross(dn, prev->service_level, cur->service_level, o->service_level);
        best = f > best ? f : best;
    }
    if (binding & CSVC_GOAL_ASA) {
        f = cross(dn, prev->asa, cur->asa, o->asa_seconds);
        best = f > best ? f : best;
    }
    if (binding & CSVC_GOAL_ABANDON) {
        f = cross(dn, prev->abandon, cur->abandon, o->max_abandon);
        best = f > best ? f : best;
    }
    if (binding & CSVC_GOAL_OCCUPANCY) {
        if (m->theta > 0.0)
            f = n > 1 ? cross(dn, prev->occupancy, cur->occupancy, o->max_occupancy) : dn;
        else
            f = m->load / o->max_occupancy;
        f = f < dn - 1.0 ? dn - 1.0 : f > dn ? dn : f;
        best = f > best ? f : best;
    }
    return best;
}

/* Cheap and certain rejections of n agents for Erlang C given r = 1/B(n),
 * so that the exp of the service level runs only near the answer: the
 * occupancy cap, and a service level bounded through exp(-x) >= 1 - x, i.e.
 * 1 - SL = C exp(-x) >= C (1 - x), with C = n / (r (n - A) + A) (n > A:
 * the denominator is positive) and a margin against rounding. No division;
 * the decision itself is always cs_staffing_met()'s. */
static int surely_unmet(const cs_model *m, const csvc_staffing_options *o, uint32_t n, double r)
{
    double a = m->load, dn = (double)n;
    if (a / dn > o->max_occupancy + CS_STAFFING_TOL) /* as cs_staffing_met() */
        return 1;
    if (o->goals & CSVC_GOAL_SERVICE_LEVEL) {
        double x = (dn - a) * m->target;
        double limit = (1.0 - o->service_level + CS_STAFFING_TOL) * (1.0 + 1e-9);
        if (dn * (1.0 - x) > limit * (r * (dn - a) + a))
            return 1;
    }
    return 0;
}

/* The smallest n meeting every goal, Erlang C; prev gets n - 1's measures.
 * The walk keeps r = 1/B(n) = 1 + (n/A) r(n-1), free of divisions; should
 * r overflow (B below 2^-1024, far past any goal but an occupancy cap), B
 * reads as 0, which it is to double precision. */
static csvc_status solve_c(const cs_model *m, const csvc_staffing_options *o, uint32_t *n_out,
                           cs_erlang *cur, cs_erlang *prev)
{
    double a = m->load, inv = 1.0 / a, top = floor(a) + 1.0;
    if (top > (double)CSVC_STAFFING_AGENTS_MAX)
        return CSVC_E_RANGE;
    uint32_t need = needed(o), n = (uint32_t)top;
    double r = cs_erlang_inverse_b(a, n), prev_r = 1.0; /* n - 1 <= A: prev_r unused */
    for (;;) {
        if (!surely_unmet(m, o, n, r)) {
            cs_erlang_c_measures(m, n, 1.0 / r, cur);
            if ((cs_staffing_met(m, o, n, cur) & need) == need)
                break;
        }
        if (n >= CSVC_STAFFING_AGENTS_MAX)
            return CSVC_E_RANGE;
        prev_r = r;
        n++;
        r = 1.0 + (double)n * inv * r;
    }
    cs_erlang_c_measures(m, n - 1, 1.0 / prev_r, prev);
    *n_out = n;
    return CSVC_OK;
}

/* Whether n agents meet every goal; *at = n when the chain is too long. */
static csvc_status meets(const cs_model *m, const csvc_staffing_options *o, uint32_t n, int *ok,
                         uint32_t *at)
{
    cs_erlang e;
    csvc_status rc = cs_erlang_a_measures(m, n, &e);
    *at = n;
    if (rc != CSVC_OK)
        return rc;
    uint32_t need = needed(o);
    *ok = (cs_staffing_met(m, o, n, &e) & need) == need;
    return CSVC_OK;
}

/* The smallest n meeting every goal, Erlang A: bracket around A, bisect. */
static csvc_status solve_a(const cs_model *m, const csvc_staffing_options *o, uint32_t *n_out,
                           cs_erlang *cur, cs_erlang *prev, uint32_t *at)
{
    double start = ceil(m->load);
    if (start > (double)CSVC_STAFFING_AGENTS_MAX)
        return CSVC_E_RANGE;
    uint32_t lo, hi, step = 1, n = start < 1.0 ? 1u : (uint32_t)start;
    int ok = 0;
    csvc_status rc = meets(m, o, n, &ok, at);
    if (rc != CSVC_OK)
        return rc;
    if (ok) { /* step down until a count fails; 0 agents always fail */
        hi = n;
        for (;;) {
            uint32_t c = hi > step ? hi - step : 0;
            if (c == 0) {
                lo = 0;
                break;
            }
            if ((rc = meets(m, o, c, &ok, at)) != CSVC_OK)
                return rc;
            if (!ok) {
                lo = c;
                break;
            }
            hi = c;
            step *= 2;
        }
    } else { /* step up until a count meets the goal */
        lo = n;
        for (;;) {
            if (lo >= CSVC_STAFFING_AGENTS_MAX)
                return CSVC_E_RANGE;
            uint32_t c =
                CSVC_STAFFING_AGENTS_MAX - lo < step ? CSVC_STAFFING_AGENTS_MAX : lo + step;
            if ((rc = meets(m, o, c, &ok, at)) != CSVC_OK)
                return rc;
            if (ok) {
                hi = c;
                break;
            }
            lo = c;
            step *= 2;
        }
    }
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if ((rc = meets(m, o, mid, &ok, at)) != CSVC_OK)
            return rc;
        if (ok)
            hi = mid;
        else
            lo = mid;
    }
    *at = hi - 1;
    if ((rc = cs_erlang_a_measures(m, hi, cur)) != CSVC_OK ||
        (rc = cs_erlang_a_measures(m, hi - 1, prev)) != CSVC_OK)
        return rc;
    *n_out = hi;
    return CSVC_OK;
}

uint32_t cs_staffing_on_phones(double staff, double shrinkage)
{
    double agents = floor(staff * (1.0 - shrinkage) * (1.0 + CS_STAFFING_TOL));
    return agents >= (double)CSVC_STAFFING_AGENTS_MAX ? CSVC_STAFFING_AGENTS_MAX : (uint32_t)agents;
}

csvc_status cs_staffing_chain_error(cs_errbuf *err, const char *ctx, const cs_model *m, uint32_t n)
{
    return cs_fail(err, CSVC_E_RANGE,
                   "%s: %u agents at %g Erlangs with patience %g AHT need more than %u queue "
                   "states; use Erlang C (patience 0)",
                   ctx, (unsigned)n, m->load, 1.0 / m->theta, (unsigned)CSVC_ERLANG_A_STATES_MAX);
}

csvc_status cs_staffing_solve(cs_errbuf *err, const char *ctx, const cs_model *m,
                              const csvc_staffing_options *o, cs_solution *out)
{
    cs_solution s = {0, 0, 0, 0.0, 0.0, {0.0, 1.0, 0.0, 0.0, 0.0}};
    if (m->load > 0.0) {
        cs_erlang prev;
        uint32_t at = 0;
        csvc_status rc = m->theta > 0.0 ? solve_a(m, o, &s.agents, &s.at, &prev, &at)
                                        : solve_c(m, o, &s.agents, &s.at, &prev);
        if (rc == CSVC_E_OVERFLOW)
            return cs_staffing_chain_error(err, ctx, m, at);
        if (rc != CSVC_OK)
            return cs_fail(err, CSVC_E_RANGE,
                           "%s: no agent count up to %u meets the goal at %g Erlangs", ctx,
                           (unsigned)CSVC_STAFFING_AGENTS_MAX, m->load);
        s.binding = needed(o) & ~cs_staffing_met(m, o, s.agents - 1, &prev);
        s.agents_exact = fractional(m, o, s.agents, &prev, &s.at, s.binding);
    }
    double keep = 1.0 - o->shrinkage;
    double staff = ceil((double)s.agents / keep * (1.0 - CS_STAFFING_TOL));
    if (staff > (double)CSVC_STAFFING_AGENTS_MAX)
        return cs_fail(err, CSVC_E_RANGE, "%s: %u agents at shrinkage %g need %g staff, above %u",
                       ctx, (unsigned)s.agents, o->shrinkage, staff,
                       (unsigned)CSVC_STAFFING_AGENTS_MAX);
    s.staff = (uint32_t)staff;
    s.staff_exact = s.agents_exact / keep;
    *out = s;
    return CSVC_OK;
}

/* ---- public functions ---------------------------------------------------- */

static csvc_status check_out_version(const char *fn, const char *type, uint32_t version,
                                     uint32_t current)
{
    return cs_check_version(NULL, version, current, "%s: out (%s)", fn, type);
}

csvc_status csvc_erlang_load(double arrivals, double interval_seconds, double aht, double *out)
{
    static const char fn[] = "erlang_load";
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: out is NULL", fn);
    csvc_status rc = cs_staffing_check_traffic(NULL, fn, arrivals, interval_seconds, aht);
    cs_model m;
    if (rc == CSVC_OK)
        rc = cs_staffing_model(NULL, fn, arrivals, interval_seconds, aht, &default_options, &m);
    if (rc == CSVC_OK)
        *out = m.load;
    return rc;
}

csvc_status csvc_erlang_b(double load, uint32_t agents, double *out)
{
    static const char fn[] = "erlang_b";
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: out is NULL", fn);
    if (!(isfinite(load) && load >= 0.0))
        return cs_fail(NULL, CSVC_E_RANGE, "%s: load %g Erlangs must be finite and >= 0", fn, load);
    if (agents > CSVC_STAFFING_AGENTS_MAX)
        return cs_fail(NULL, CSVC_E_RANGE, "%s: agents %u above the maximum %u", fn,
                       (unsigned)agents, (unsigned)CSVC_STAFFING_AGENTS_MAX);
    *out = cs_erlang_b_value(load, agents);
    return CSVC_OK;
}

/* Checks options (NULL: defaults) and traffic, and builds the model. */
static csvc_status prepare(const char *fn, double arrivals, double interval_seconds, double aht,
                           const csvc_staffing_options **o, cs_model *m)
{
    if (!*o)
        *o = &default_options;
    csvc_status rc = cs_staffing_check_options(NULL, fn, *o);
    if (rc == CSVC_OK)
        rc = cs_staffing_check_traffic(NULL, fn, arrivals, interval_seconds, aht);
    if (rc == CSVC_OK)
        rc = cs_staffing_model(NULL, fn, arrivals, interval_seconds, aht, *o, m);
    return rc;
}

csvc_status csvc_erlang_evaluate(double arrivals, double interval_seconds, double aht,
                                 uint32_t agents, const csvc_staffing_options *options,
                                 csvc_erlang_result *out)
{
    static const char fn[] = "erlang_evaluate";
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: out is NULL", fn);
    csvc_status rc =
        check_out_version(fn, "csvc_erlang_result", out->version, CSVC_ERLANG_RESULT_VERSION);
    cs_model m;
    if (rc == CSVC_OK)
        rc = prepare(fn, arrivals, interval_seconds, aht, &options, &m);
    if (rc != CSVC_OK)
        return rc;
    if (agents > CSVC_STAFFING_AGENTS_MAX)
        return cs_fail(NULL, CSVC_E_RANGE, "%s: agents %u above the maximum %u", fn,
                       (unsigned)agents, (unsigned)CSVC_STAFFING_AGENTS_MAX);
    cs_erlang e;
    if (cs_erlang_measures(&m, agents, &e) != CSVC_OK)
        return cs_staffing_chain_error(NULL, fn, &m, agents);
    out->agents = agents;
    out->met = cs_staffing_met(&m, options, agents, &e);
    out->load = m.load;
    out->p_wait = e.p_wait;
    out->service_level = e.service_level;
    out->asa = e.asa;
    out->abandon = e.abandon;
    out->occupancy = e.occupancy;
    return CSVC_OK;
}

csvc_status csvc_staffing_solve(double arrivals, double interval_seconds, double aht,
                                const csvc_staffing_options *options, csvc_staffing_result *out)
{
    static const char fn[] = "staffing_solve";
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: out is NULL", fn);
    csvc_status rc =
        check_out_version(fn, "csvc_staffing_result", out->version, CSVC_STAFFING_RESULT_VERSION);
    cs_model m;
    if (rc == CSVC_OK)
        rc = prepare(fn, arrivals, interval_seconds, aht, &options, &m);
    if (rc != CSVC_OK)
        return rc;
    cs_solution s;
    rc = cs_staffing_solve(NULL, fn, &m, options, &s);
    if (rc != CSVC_OK)
        return rc;
    out->agents = s.agents;
    out->staff = s.staff;
    out->binding = s.binding;
    out->agents_exact = s.agents_exact;
    out->staff_exact = s.staff_exact;
    out->load = m.load;
    out->p_wait = s.at.p_wait;
    out->service_level = s.at.service_level;
    out->asa = s.at.asa;
    out->abandon = s.at.abandon;
    out->occupancy = s.at.occupancy;
    return CSVC_OK;
}
