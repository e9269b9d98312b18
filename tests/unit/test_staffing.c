/* Staffing: Erlang C and A for one interval, the solver, the weekly plan
 * (forecast from a desk, shifts and coverage).
 *
 * Expected values come from outside the library:
 * - the worked case (100 contacts per 30 min, AHT 180 s, 80 % within 20 s)
 *   was computed with exact rational arithmetic (Python fractions:
 *   C = (A^n/n! * n/(n-A)) / (sum_{k<n} A^k/k! + A^n/n! * n/(n-A))) and
 *   written down here as constants;
 * - Erlang C over a grid of loads 0.1..5000 Erlangs is compared with a
 *   long double reference: direct summation of A^k/k! (powl/tgammal) up to
 *   100 Erlangs, a log-sum-exp of k ln A - lgamma(k+1) above, and the
 *   forward inverse recurrence in long double for both;
 * - Erlang A is compared with a long double birth-death chain and a
 *   numerical (Simpson) integration of the offered-wait density of
 *   Baccelli & Hebuterne, v(x) = A pi_{n-1} exp(A H(x) - n x) with
 *   H(x) = (1 - exp(-th x)) / th (a different derivation from the
 *   library's incomplete-beta sums), and abandonment with Little's law,
 *   abandon = th E[queue] / A;
 * - forecasts and coverage are counted by hand in the comments. */
#include "fixtures.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#define HOUR 3600
#define DAY 86400
#define WEEK (7 * DAY)
#define OFF_CST (8 * HOUR)

/* ---- reference Erlang C (long double) ----------------------------------- */

/* log(A^k / k!) for k = 0..nmax and their running log-sum-exp, so that
 * B(n) = exp(term[n] - lse[n]). */
typedef struct ref_c {
    long double a;
    unsigned nmax;
    long double *term, *lse;
} ref_c;

static void ref_c_init(ref_c *r, long double a, unsigned nmax)
{
    r->a = a;
    r->nmax = nmax;
    r->term = calloc(nmax + 1, sizeof *r->term);
    r->lse = calloc(nmax + 1, sizeof *r->lse);
    assert_non_null(r->term);
    assert_non_null(r->lse);
    if (a <= 100.0L && nmax <= 150) {
        /* Direct summation: A^k and k! stay below 1e308 for these (so this
         * holds even where long double is a double, as under valgrind). */
        long double sum = 0.0L;
        for (unsigned k = 0; k <= nmax; k++) {
            long double t = powl(a, (long double)k) / tgammal((long double)k + 1.0L);
            sum += t;
            r->term[k] = logl(t);
            r->lse[k] = logl(sum);
        }
        return;
    }
    long double la = logl(a), m = 0.0L, s = 0.0L; /* sum = s * exp(m) */
    for (unsigned k = 0; k <= nmax; k++) {
        long double t = (long double)k * la - lgammal((long double)k + 1.0L);
        if (k == 0 || t > m) {
            s = (k == 0 ? 0.0L : s * expl(m - t)) + 1.0L;
            m = t;
        } else {
            s += expl(t - m);
        }
        r->term[k] = t;
        r->lse[k] = m + logl(s);
    }
}

static void ref_c_free(ref_c *r)
{
    free(r->term);
    free(r->lse);
}

static long double ref_b(const ref_c *r, unsigned n)
{
    return expl(r->term[n] - r->lse[n]);
}

/* 1/B(n) by the forward inverse recurrence R(k) = 1 + (k/A) R(k-1). */
static long double ref_inverse_b(long double a, unsigned n)
{
    long double inv = 1.0L;
    for (unsigned k = 1; k <= n; k++)
        inv = 1.0L + (long double)k / a * inv;
    return inv;
}

typedef struct ref_measures {
    double p_wait, sl, asa;
} ref_measures;

/* Erlang C for n > A agents, target t and AHT in seconds. */
static ref_measures ref_c_measures(const ref_c *r, unsigned n, double t, double aht)
{
    long double b = ref_b(r, n), a = r->a, dn = (long double)n;
    long double c = dn * b / (dn - a * (1.0L - b));
    ref_measures m = {(double)c, (double)(1.0L - c * expl(-(dn - a) * t / aht)),
                      (double)(c * aht / (dn - a))};
    return m;
}

static csvc_erlang_result eval(double arrivals, double interval, double aht, uint32_t n,
                               const csvc_staffing_options *o)
{
    csvc_erlang_result e = CSVC_ERLANG_RESULT_INIT;
    assert_csvc_ok(csvc_erlang_evaluate(arrivals, interval, aht, n, o, &e));
    return e;
}

static csvc_staffing_result solve(double arrivals, double interval, double aht,
                                  const csvc_staffing_options *o)
{
    csvc_staffing_result r = CSVC_STAFFING_RESULT_INIT;
    assert_csvc_ok(csvc_staffing_solve(arrivals, interval, aht, o, &r));
    return r;
}

static void assert_rel(double got, double want, double tol, const char *what)
{
    double err = fabs(got - want) / (fabs(want) > 1e-300 ? fabs(want) : 1.0);
    if (!(err <= tol))
        fail_msg("%s: got %.17g, want %.17g (relative error %.3g > %.3g)", what, got, want, err,
                 tol);
}

static void assert_abs(double got, double want, double tol, const char *what)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: got %.17g, want %.17g (error %.3g > %.3g)", what, got, want, fabs(got - want),
                 tol);
}

/* ---- the worked case ---------------------------------------------------- */

/* Exact values (Python fractions) for A = 10 Erlangs, T = 20 s, AHT 180 s. */
#define C14 0.17413193359504983
#define SL14 0.8883500191794669
#define ASA14 7.835937011777243
#define SL13 0.7955947884177831
#define ASA13 17.11622718218958

static void test_worked_case(void **state)
{
    (void)state;
    csvc_staffing_options o = CSVC_STAFFING_OPTIONS_INIT;
    csvc_staffing_result r = solve(100, 1800, 180, &o);
    assert_int_equal(r.agents, 14);
    assert_int_equal(r.staff, 14);
    assert_int_equal(r.binding, CSVC_GOAL_SERVICE_LEVEL);
    assert_abs(r.load, 10.0, 1e-12, "load");
    assert_abs(r.service_level, SL14, 1e-3, "service level (issue's 1e-3)");
    assert_abs(r.service_level, SL14, 1e-12, "service level");
    assert_abs(r.asa, ASA14, 1e-3, "ASA (issue's 1e-3)");
    assert_rel(r.asa, ASA14, 1e-12, "ASA");
    assert_rel(r.p_wait, C14, 1e-12, "probability of waiting");
    assert_abs(r.occupancy, 10.0 / 14.0, 1e-15, "occupancy");
    assert_abs(r.abandon, 0.0, 0.0, "abandon");
    /* Fractional: 13 + (0.8 - SL(13)) / (SL(14) - SL(13)) = 13.047493... */
    double exact = 13.0 + (0.8 - SL13) / (SL14 - SL13);
    assert_abs(r.agents_exact, exact, 1e-9, "agents_exact");
    assert_abs(r.staff_exact, exact, 1e-9, "staff_exact");

    /* The reverse question: 13 agents miss the goal. */
    csvc_erlang_result e = eval(100, 1800, 180, 13, &o);
    assert_int_equal(e.agents, 13);
    assert_abs(e.service_level, SL13, 1e-12, "SL(13)");
    assert_rel(e.asa, ASA13, 1e-12, "ASA(13)");
    assert_int_equal(e.met, CSVC_GOAL_OCCUPANCY);
    e = eval(100, 1800, 180, 14, &o);
    assert_int_equal(e.met, CSVC_GOAL_SERVICE_LEVEL | CSVC_GOAL_OCCUPANCY);

    /* NULL options are the defaults: the same answer. */
    r = solve(100, 1800, 180, NULL);
    assert_int_equal(r.agents, 14);
    e = eval(100, 1800, 180, 14, NULL);
    assert_abs(e.service_level, SL14, 1e-12, "SL(14), default options");

    /* 30 % shrinkage: ceil(14 / 0.7) = 20 scheduled. */
    o.shrinkage = 0.3;
    r = solve(100, 1800, 180, &o);
    assert_int_equal(r.agents, 14);
    assert_int_equal(r.staff, 20);
    assert_abs(r.staff_exact, exact / 0.7, 1e-9, "staff_exact at 30 %");
    /* ceil(14 / 0.75) = ceil(18.67) = 19. */
    o.shrinkage = 0.25;
    assert_int_equal(solve(100, 1800, 180, &o).staff, 19);

    double load = -1;
    assert_csvc_ok(csvc_erlang_load(100, 1800, 180, &load));
    assert_abs(load, 10.0, 1e-15, "erlang_load");
}

static void test_asa_and_occupancy_goals(void **state)
{
    (void)state;
    csvc_staffing_options o = CSVC_STAFFING_OPTIONS_INIT;
    /* ASA 30 s at A = 10: ASA(12) and ASA(13) from the reference. */
    ref_c ref;
    ref_c_init(&ref, 10.0L, 40);
    o.goals = CSVC_GOAL_ASA;
    unsigned want = 11;
    while (ref_c_measures(&ref, want, 20, 180).asa > 30.0)
        want++;
    csvc_staffing_result r = solve(100, 1800, 180, &o);
    assert_int_equal(r.agents, want);
    assert_int_equal(r.binding, CSVC_GOAL_ASA);
    double prev = ref_c_measures(&ref, want - 1, 20, 180).asa;
    double cur = ref_c_measures(&ref, want, 20, 180).asa;
    assert_abs(r.agents_exact, (want - 1) + (prev - 30.0) / (prev - cur), 1e-9, "ASA fraction");
    /* At 11 agents (the first stable count) ASA(10) is infinite: a target
     * so loose that 11 agents meet it has agents_exact 11. */
    o.asa_seconds = 1e6;
    r = solve(100, 1800, 180, &o);
    assert_int_equal(r.agents, 11);
    assert_abs(r.agents_exact, 11.0, 0.0, "infinite ASA below");

    /* Both goals: the larger requirement wins. */
    o.goals = CSVC_GOAL_ASA | CSVC_GOAL_SERVICE_LEVEL;
    o.asa_seconds = 5;
    want = 11;
    while (ref_c_measures(&ref, want, 20, 180).asa > 5.0)
        want++;
    assert_true(want > 14);
    r = solve(100, 1800, 180, &o);
    assert_int_equal(r.agents, want);
    assert_int_equal(r.binding, CSVC_GOAL_ASA);

    /* Max occupancy 60 %: ceil(10 / 0.6) = 17 agents, fraction 16.67. */
    o = (csvc_staffing_options)CSVC_STAFFING_OPTIONS_INIT;
    o.max_occupancy = 0.6;
    r = solve(100, 1800, 180, &o);
    assert_int_equal(r.agents, 17);
    assert_int_equal(r.binding, CSVC_GOAL_OCCUPANCY);
    assert_abs(r.agents_exact, 10.0 / 0.6, 1e-12, "occupancy fraction");
    assert_true(r.service_level > SL14);
    assert_abs(r.occupancy, 10.0 / 17.0, 1e-15, "occupancy");
    /* 71.4 % at 14 agents: a 72 % cap does not bind, 71 % does (15). */
    o.max_occupancy = 0.72;
    assert_int_equal(solve(100, 1800, 180, &o).agents, 14);
    o.max_occupancy = 0.71;
    assert_int_equal(solve(100, 1800, 180, &o).agents, 15);
    /* An exact hit is met: 8.5 Erlangs at 85 % -> 10 agents. */
    o.goals = 0;
    o.max_occupancy = 0.85;
    r = solve(85, 1800, 180, &o);
    assert_int_equal(r.agents, 10);
    /* No goal but stability: floor(A) + 1. */
    o.max_occupancy = 1.0;
    r = solve(100, 1800, 180, &o);
    assert_int_equal(r.agents, 11);
    assert_int_equal(r.binding, CSVC_GOAL_OCCUPANCY);
    ref_c_free(&ref);
}

/* ---- Erlang B and C against the references ------------------------------- */

static void test_erlang_b(void **state)
{
    (void)state;
    double b = -1;
    assert_csvc_ok(csvc_erlang_b(3.0, 0, &b));
    assert_abs(b, 1.0, 0.0, "B(0)");
    assert_csvc_ok(csvc_erlang_b(0.0, 0, &b));
    assert_abs(b, 1.0, 0.0, "B(0, 0)");
    assert_csvc_ok(csvc_erlang_b(0.0, 5, &b));
    assert_abs(b, 0.0, 0.0, "B(5, 0)");
    /* B(1) = A / (1 + A); B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2. */
    assert_csvc_ok(csvc_erlang_b(4.0, 1, &b));
    assert_abs(b, 0.8, 1e-15, "B(1, 4)");
    assert_csvc_ok(csvc_erlang_b(1.0, 2, &b));
    assert_abs(b, 0.2, 1e-15, "B(2, 1)");
    /* Tiny loads: B(1) = A / (1 + A) even where 1/A overflows. */
    assert_csvc_ok(csvc_erlang_b(1e-310, 1, &b));
    assert_true(b == 1e-310 / (1.0 + 1e-310));
    assert_csvc_ok(csvc_erlang_b(1e-310, 3, &b));
    assert_abs(b, 0.0, 0.0, "B(3, 1e-310)");
    assert_csvc_ok(csvc_erlang_b(1e-3, 2, &b));
    assert_rel(b, (1e-6 / 2) / (1 + 1e-3 + 1e-6 / 2), 1e-15, "B(2, 0.001)");
    /* Against both references over loads and counts on both sides of A. */
    static const double loads[] = {0.1, 0.7, 3.3, 10, 42.5, 149.9, 640, 2500, 5000};
    for (size_t i = 0; i < sizeof loads / sizeof *loads; i++) {
        unsigned nmax = (unsigned)(loads[i] * 1.3) + 30;
        ref_c ref;
        ref_c_init(&ref, loads[i], nmax);
        for (unsigned n = 0; n <= nmax; n += 1 + nmax / 97) {
            assert_csvc_ok(csvc_erlang_b(loads[i], n, &b));
            char what[64];
            snprintf(what, sizeof what, "B(%u, %g)", n, loads[i]);
            /* 1e-10: the log-sum-exp reference carries ~1e-11 where long
             * double is only a double (valgrind); natively both agree to
             * ~1e-14. */
            assert_rel(b, (double)ref_b(&ref, n), 1e-10, what);
            if (n <= loads[i] + 10 * sqrt(loads[i]) + 10)
                assert_rel(b, (double)(1.0L / ref_inverse_b(loads[i], n)), 1e-10, what);
        }
        ref_c_free(&ref);
    }
}

static void test_grid_against_reference(void **state)
{
    (void)state;
    /* Loads from 0.1 to 5000 Erlangs: 40 log-spaced plus hand-picked ones. */
    double loads[48];
    size_t nloads = 0;
    for (int i = 0; i < 40; i++)
        loads[nloads++] = 0.1 * pow(50000.0, i / 39.0);
    static const double extra[] = {1, 2, 10, 100, 150, 1000, 2000, 4999.5};
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
        loads[nloads++] = extra[i];
    static const double targets[][2] = {{0.8, 20}, {0.9, 15}, {0.5, 60}, {0.95, 0}};
    const double aht = 240, interval = 1800;
    for (size_t i = 0; i < nloads; i++) {
        double a = loads[i], arrivals = a * interval / aht;
        unsigned first = (unsigned)floor(a) + 1, span = (unsigned)(10 * sqrt(a)) + 12;
        ref_c ref;
        ref_c_init(&ref, a, first + span);
        csvc_staffing_options o = CSVC_STAFFING_OPTIONS_INIT;
        char what[96];
        /* Counts at or below the load: unstable. */
        for (unsigned n = first > 3 ? first - 3 : 0; n < first; n++) {
            csvc_erlang_result e = eval(arrivals, interval, aht, n, &o);
            assert_abs(e.service_level, 0.0, 0.0, "unstable SL");
            assert_true(isinf(e.asa));
        }
        for (unsigned n = first; n <= first + span; n++) {
            double t = 20;
            csvc_erlang_result e = eval(arrivals, interval, aht, n, &o);
            ref_measures m = ref_c_measures(&ref, n, t, aht);
            snprintf(what, sizeof what, "A=%g n=%u p_wait", a, n);
            assert_rel(e.p_wait, m.p_wait, 1e-9, what);
            snprintf(what, sizeof what, "A=%g n=%u SL", a, n);
            assert_abs(e.service_level, m.sl, 1e-10, what);
            snprintf(what, sizeof what, "A=%g n=%u ASA", a, n);
            assert_rel(e.asa, m.asa, 1e-9, what);
            assert_abs(e.occupancy, a / n, 1e-14, "occupancy");
        }
        /* The solver against a reference search, for several goals. */
        for (size_t g = 0; g < sizeof targets / sizeof *targets; g++) {
            o.service_level = targets[g][0];
            o.answer_seconds = targets[g][1];
            unsigned want = first;
            while (ref_c_measures(&ref, want, o.answer_seconds, aht).sl < o.service_level)
                want++;
            assert_true(want <= first + span);
            csvc_staffing_result r = solve(arrivals, interval, aht, &o);
            snprintf(what, sizeof what, "A=%g SL %g in %g s", a, o.service_level, o.answer_seconds);
            if (r.agents != want)
                fail_msg("%s: %u agents, reference %u", what, r.agents, want);
            assert_true(r.agents_exact > r.agents - 1.0 && r.agents_exact <= r.agents);
        }
        ref_c_free(&ref);
    }
}

static void test_monotone_and_stable(void **state)
{
    (void)state;
    csvc_staffing_options o = CSVC_STAFFING_OPTIONS_INIT;
    static const double loads[] = {0.5, 10, 100, 1000, 5000, 9950};
    for (size_t i = 0; i < sizeof loads / sizeof *loads; i++) {
        double a = loads[i], aht = 300, arrivals = a * 1800 / aht;
        csvc_erlang_result prev = eval(arrivals, 1800, aht, 0, &o);
        unsigned top = (unsigned)(a + 12 * sqrt(a)) + 20;
        if (top > 10000)
            top = 10000;
        for (unsigned n = 1; n <= top; n++) {
            csvc_erlang_result e = eval(arrivals, 1800, aht, n, &o);
            assert_false(isnan(e.service_level) || isnan(e.asa) || isnan(e.p_wait));
            if (e.service_level < prev.service_level || e.asa > prev.asa || e.p_wait > prev.p_wait)
                fail_msg("A=%g: not monotone from %u to %u agents (SL %.17g -> %.17g, ASA "
                         "%.17g -> %.17g)",
                         a, n - 1, n, prev.service_level, e.service_level, prev.asa, e.asa);
            prev = e;
        }
    }
    /* 10,000 agents: a load just below, and a tiny one (B underflows to 0). */
    csvc_erlang_result e = eval(9990.0 * 1800 / 300, 1800, 300, 10000, &o);
    assert_true(isfinite(e.asa) && e.service_level > 0.0 && e.service_level < 1.0);
    ref_c ref;
    ref_c_init(&ref, 9990.0L, 10000);
    ref_measures m = ref_c_measures(&ref, 10000, 20, 300);
    assert_rel(e.p_wait, m.p_wait, 1e-9, "10000 agents p_wait");
    assert_abs(e.service_level, m.sl, 1e-10, "10000 agents SL");
    ref_c_free(&ref);
    e = eval(0.1 * 1800 / 300, 1800, 300, 10000, &o);
    assert_abs(e.service_level, 1.0, 0.0, "tiny load SL");
    assert_abs(e.p_wait, 0.0, 0.0, "tiny load p_wait");
    e = eval(1e6 * 1800 / 300, 1800, 300, CSVC_STAFFING_AGENTS_MAX, &o);
    assert_true(isinf(e.asa));
    /* The solver at 5000 Erlangs and beyond 10,000 agents. */
    csvc_staffing_result r = solve(12000.0 * 1800 / 300, 1800, 300, &o);
    assert_true(r.agents > 12000 && r.agents < 12100);
}

static void test_zero_arrivals_and_overload(void **state)
{
    (void)state;
    csvc_staffing_options o = CSVC_STAFFING_OPTIONS_INIT;
    o.shrinkage = 0.3;
    csvc_staffing_result r = solve(0, 1800, 0, &o);
    assert_int_equal(r.agents, 0);
    assert_int_equal(r.staff, 0);
    assert_int_equal(r.binding, 0);
    assert_abs(r.agents_exact, 0.0, 0.0, "agents_exact");
    assert_abs(r.service_level, 1.0, 0.0, "SL");
    assert_abs(r.asa, 0.0, 0.0, "ASA");
    assert_abs(r.p_wait, 0.0, 0.0, "p_wait");
    assert_abs(r.occupancy, 0.0, 0.0, "occupancy");
    assert_int_equal(solve(0, 1800, 180, &o).agents, 0);
    /* A vanishing load (1e-310 Erlangs) still needs one agent. */
    r = solve(1e-290, 1e10, 1e-10, &o);
    assert_int_equal(r.agents, 1);
    assert_true(r.agents_exact >= 0.0 && r.agents_exact <= 1.0);
    csvc_staffing_options oa = o;
    oa.patience = 60;
    assert_int_equal(solve(1e-290, 1e10, 1e-10, &oa).agents, 1);
    csvc_erlang_result e = eval(0, 1800, 180, 5, &o);
    assert_abs(e.service_level, 1.0, 0.0, "idle SL");
    assert_abs(e.occupancy, 0.0, 0.0, "idle occupancy");
    e = eval(0, 1800, 180, 0, &o);
    assert_abs(e.service_level, 1.0, 0.0, "no agents, no arrivals");

    /* A = 10: 10 agents or fewer cannot keep up. */
    for (uint32_t n = 0; n <= 10; n += 5) {
        e = eval(100, 1800, 180, n, &o);
        assert_abs(e.service_level, 0.0, 0.0, "overloaded SL");
        assert_true(isinf(e.asa) && e.asa > 0);
        assert_abs(e.p_wait, 1.0, 0.0, "overloaded p_wait");
        assert_abs(e.occupancy, n ? 1.0 : 0.0, 0.0, "overloaded occupancy");
        assert_int_equal(e.met, 0);
    }
}

/* ---- Erlang A against a long double chain -------------------------------- */

typedef struct ref_a {
    double sl, abandon, asa, p_wait;
} ref_a;

static long double simpson(long double (*f)(long double, const void *), const void *ctx,
                           long double lo, long double hi, int steps)
{
    long double h = (hi - lo) / steps, s = f(lo, ctx) + f(hi, ctx);
    for (int i = 1; i < steps; i++)
        s += f(lo + i * h, ctx) * (i % 2 ? 4.0L : 2.0L);
    return s * h / 3.0L;
}

typedef struct density {
    long double a, th, n, scale; /* v(x) = scale exp(a H(x) - n x) */
    int weighted;                /* multiply by x */
} density;

static long double answered_density(long double x, const void *ctx)
{
    const density *d = ctx;
    long double h = (1.0L - expl(-d->th * x)) / d->th;
    long double v = d->scale * expl(d->a * h - d->n * x) * expl(-d->th * x);
    return d->weighted ? x * v : v;
}

/* Erlang A in AHT units: load a, n >= 1 agents, abandonment rate th,
 * target t; asa in AHTs. */
static ref_a ref_erlang_a_full(long double a, unsigned n, long double th, long double t,
                               int with_asa)
{
    /* Unnormalised weights relative to state 0 (small loads only). */
    long double w = 1.0L, total = 0.0L, head = 0.0L, queue = 0.0L, pn1 = 0.0L;
    for (unsigned k = 0;; k++) {
        if (k > 0)
            w *= a / (k <= n ? (long double)k : n + (k - n) * th);
        total += w;
        if (k < n)
            head += w;
        if (k == n - 1)
            pn1 = w;
        if (k > n)
            queue += (k - n) * w;
        if (k > n + 50 && w < total * 1e-30L)
            break;
    }
    density d = {a, th, (long double)n, a * pn1 / total, 0};
    long double within = t > 0.0L ? simpson(answered_density, &d, 0.0L, t, 20000) : 0.0L;
    /* The density falls at least like exp(-(n - a) x), and is below
     * exp(a / th - n x) anyway. */
    long double xmax = (a / th + 80.0L) / n;
    if (n > a && 80.0L / (n - a) < xmax)
        xmax = 80.0L / (n - a);
    long double served_wait = 0.0L;
    d.weighted = 1;
    if (with_asa)
        served_wait = simpson(answered_density, &d, 0.0L, xmax, 100000);
    ref_a r;
    r.p_wait = (double)(1.0L - head / total);
    r.sl = (double)(head / total + within);
    r.abandon = (double)(th * queue / total / a);
    r.asa = (double)(served_wait / (1.0L - r.abandon));
    return r;
}

/* Service level, abandonment and waiting only. */
static ref_a ref_erlang_a(long double a, unsigned n, long double th, long double t)
{
    return ref_erlang_a_full(a, n, th, t, 0);
}

static void test_erlang_a_reference(void **state)
{
    (void)state;
    static const struct {
        double a, aht, patience, t;
        unsigned n;
    } cases[] = {
        {10, 180, 120, 20, 12}, {10, 180, 120, 20, 13},  {10, 180, 360, 20, 8},
        {3, 300, 1500, 150, 2}, {25, 240, 4800, 24, 30}, {0.4, 60, 30, 10, 1},
        {10, 180, 120, 0, 11},  {40, 200, 100, 30, 35},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        csvc_staffing_options o = CSVC_STAFFING_OPTIONS_INIT;
        o.patience = cases[i].patience;
        o.answer_seconds = cases[i].t;
        double aht = cases[i].aht, arrivals = cases[i].a * 1800 / aht;
        csvc_erlang_result e = eval(arrivals, 1800, aht, cases[i].n, &o);
        ref_a r =
            ref_erlang_a_full(cases[i].a, cases[i].n, aht / cases[i].patience, cases[i].t / aht, 1);
        char what[64];
        snprintf(what, sizeof what, "case %zu SL", i);
        assert_abs(e.service_level, r.sl, 1e-9, what);
        snprintf(what, sizeof what, "case %zu abandon", i);
        assert_rel(e.abandon, r.abandon, 1e-9, what);
        snprintf(what, sizeof what, "case %zu ASA", i);
        assert_rel(e.asa, r.asa * aht, 1e-8, what);
        snprintf(what, sizeof what, "case %zu p_wait", i);
        assert_rel(e.p_wait, r.p_wait, 1e-12, what);
        assert_abs(e.occupancy, cases[i].a * (1 - r.abandon) / cases[i].n, 1e-9, "occupancy");
    }
}

static void test_erlang_a_solve_and_edges(void **state)
{
    (void)state;
    csvc_staffing_options o = CSVC_STAFFING_OPTIONS_INIT;
    o.patience = 120;
    /* Reference: the smallest n whose reference SL reaches 80 %. */
    unsigned want = 1;
    while (ref_erlang_a(10, want, 1.5L, 20.0L / 180).sl < 0.8)
        want++;
    csvc_staffing_result r = solve(100, 1800, 180, &o);
    assert_int_equal(r.agents, want);
    assert_int_equal(want, 12); /* abandonment lets 12 do what Erlang C needs 14 for */
    ref_a prev = ref_erlang_a(10, want - 1, 1.5L, 20.0L / 180);
    ref_a cur = ref_erlang_a(10, want, 1.5L, 20.0L / 180);
    assert_abs(r.agents_exact, want - 1 + (0.8 - prev.sl) / (cur.sl - prev.sl), 1e-7, "fraction");
    /* Abandonment at most 3 %. */
    o.goals = CSVC_GOAL_ABANDON;
    o.max_abandon = 0.03;
    want = 1;
    while (ref_erlang_a(10, want, 1.5L, 20.0L / 180).abandon > 0.03)
        want++;
    r = solve(100, 1800, 180, &o);
    assert_int_equal(r.agents, want);
    assert_int_equal(r.binding, CSVC_GOAL_ABANDON);
    /* Heavy overload: fewer agents than the load still serve some. */
    o.goals = CSVC_GOAL_SERVICE_LEVEL;
    o.service_level = 0.2;
    o.patience = 60;
    r = solve(1000, 1800, 180, &o); /* A = 100 */
    assert_true(r.agents < 100);
    want = 1;
    while (ref_erlang_a(100, want, 3.0L, 20.0L / 180).sl < 0.2)
        want++;
    assert_int_equal(r.agents, want);

    /* 0 agents: everybody hangs up. */
    o.patience = 120;
    csvc_erlang_result e = eval(100, 1800, 180, 0, &o);
    assert_abs(e.abandon, 1.0, 1e-15, "n = 0 abandon");
    assert_abs(e.service_level, 0.0, 0.0, "n = 0 SL");
    assert_true(isinf(e.asa));
    assert_abs(e.p_wait, 1.0, 0.0, "n = 0 p_wait");
    /* No arrivals. */
    e = eval(0, 1800, 180, 3, &o);
    assert_abs(e.service_level, 1.0, 0.0, "idle Erlang A");
    assert_int_equal(solve(0, 1800, 180, &o).agents, 0);
    /* Very patient customers: Erlang C. */
    o.service_level = 0.8;
    o.patience = 1e9;
    e = eval(100, 1800, 180, 14, &o);
    assert_abs(e.service_level, SL14, 1e-6, "patient SL");
    assert_rel(e.asa, ASA14, 1e-5, "patient ASA");
    assert_int_equal(solve(100, 1800, 180, &o).agents, 14);
    /* An overloaded queue of patient customers needs too many states. */
    csvc_erlang_result before = e;
    assert_status_msg(csvc_erlang_evaluate(1000, 1800, 180, 50, &o, &e), CSVC_E_RANGE,
                      "queue states");
    assert_memory_equal(&e, &before, sizeof e);
}

/* ---- bad input ---------------------------------------------------------- */

static void test_bad_input(void **state)
{
    (void)state;
    csvc_staffing_options o = CSVC_STAFFING_OPTIONS_INIT;
    csvc_staffing_result r = CSVC_STAFFING_RESULT_INIT;
    csvc_erlang_result e = CSVC_ERLANG_RESULT_INIT;
    r.agents = 777;
    e.agents = 777;
    double x = -5;

    /* Traffic. */
    assert_status_msg(csvc_staffing_solve(-1, 1800, 180, &o, &r), CSVC_E_RANGE, "arrivals -1");
    assert_status_msg(csvc_staffing_solve(NAN, 1800, 180, &o, &r), CSVC_E_RANGE, "arrivals nan");
    assert_status_msg(csvc_staffing_solve(INFINITY, 1800, 180, &o, &r), CSVC_E_RANGE,
                      "arrivals inf");
    assert_status_msg(csvc_staffing_solve(10, 0, 180, &o, &r), CSVC_E_RANGE, "interval_seconds 0");
    assert_status_msg(csvc_staffing_solve(10, -INFINITY, 180, &o, &r), CSVC_E_RANGE,
                      "interval_seconds");
    assert_status_msg(csvc_staffing_solve(10, 1800, -180, &o, &r), CSVC_E_RANGE, "aht -180");
    assert_status_msg(csvc_staffing_solve(10, 1800, NAN, &o, &r), CSVC_E_RANGE, "aht nan");
    assert_status_msg(csvc_staffing_solve(10, 1800, 0, &o, &r), CSVC_E_RANGE, "aht 0");
    assert_status_msg(csvc_staffing_solve(1e300, 1e-300, 1e300, &o, &r), CSVC_E_RANGE,
                      "not finite");
    assert_status_msg(csvc_erlang_evaluate(-0.5, 1800, 180, 3, &o, &e), CSVC_E_RANGE, "arrivals");
    assert_status_msg(csvc_erlang_load(10, 1800, INFINITY, &x), CSVC_E_RANGE, "aht inf");
    assert_status_msg(csvc_erlang_b(-1, 3, &x), CSVC_E_RANGE, "load -1");
    assert_status_msg(csvc_erlang_b(NAN, 3, &x), CSVC_E_RANGE, "load nan");
    assert_status_msg(csvc_erlang_b(2, CSVC_STAFFING_AGENTS_MAX + 1, &x), CSVC_E_RANGE, "agents");
    assert_status_msg(csvc_erlang_evaluate(10, 1800, 180, CSVC_STAFFING_AGENTS_MAX + 1, &o, &e),
                      CSVC_E_RANGE, "above the maximum");
    /* A load whose answer exceeds the maximum count. */
    assert_status_msg(csvc_staffing_solve(2e6, 1, 1, &o, &r), CSVC_E_RANGE, "no agent count");
    o.shrinkage = 0.5;
    assert_status_msg(csvc_staffing_solve(999000, 1, 1, &o, &r), CSVC_E_RANGE, "staff");
    o.shrinkage = 0.0;

    /* Options, field by field. */
#define BAD_OPTION(field, value, status, needle)                                                   \
    do {                                                                                           \
        csvc_staffing_options bad = CSVC_STAFFING_OPTIONS_INIT;                                    \
        bad.field = (value);                                                                       \
        assert_status_msg(csvc_staffing_solve(100, 1800, 180, &bad, &r), status, needle);          \
        assert_status_msg(csvc_erlang_evaluate(100, 1800, 180, 14, &bad, &e), status, needle);     \
    } while (0)
    BAD_OPTION(version, 0, CSVC_E_VERSION, "options version 0");
    BAD_OPTION(version, CSVC_STAFFING_OPTIONS_VERSION + 1, CSVC_E_VERSION, "options version");
    BAD_OPTION(goals, 0x10, CSVC_E_INVALID, "goals 0x10");
    BAD_OPTION(service_level, 0.0, CSVC_E_RANGE, "service_level 0 outside (0, 1)");
    BAD_OPTION(service_level, 1.0, CSVC_E_RANGE, "service_level 1 outside (0, 1)");
    BAD_OPTION(service_level, 80.0, CSVC_E_RANGE, "service_level 80");
    BAD_OPTION(service_level, -0.5, CSVC_E_RANGE, "service_level -0.5");
    BAD_OPTION(service_level, NAN, CSVC_E_RANGE, "service_level nan");
    BAD_OPTION(answer_seconds, -1.0, CSVC_E_RANGE, "answer_seconds -1");
    BAD_OPTION(answer_seconds, INFINITY, CSVC_E_RANGE, "answer_seconds inf");
    BAD_OPTION(asa_seconds, 0.0, CSVC_E_RANGE, "asa_seconds 0");
    BAD_OPTION(asa_seconds, NAN, CSVC_E_RANGE, "asa_seconds nan");
    BAD_OPTION(max_abandon, 1.0, CSVC_E_RANGE, "max_abandon 1");
    BAD_OPTION(max_occupancy, 0.0, CSVC_E_RANGE, "max_occupancy 0");
    BAD_OPTION(max_occupancy, 1.01, CSVC_E_RANGE, "max_occupancy 1.01");
    BAD_OPTION(shrinkage, 1.0, CSVC_E_RANGE, "shrinkage 1 outside [0, 1)");
    BAD_OPTION(shrinkage, -0.1, CSVC_E_RANGE, "shrinkage -0.1");
    BAD_OPTION(shrinkage, NAN, CSVC_E_RANGE, "shrinkage nan");
    BAD_OPTION(patience, -1.0, CSVC_E_RANGE, "patience -1");
    BAD_OPTION(patience, INFINITY, CSVC_E_RANGE, "patience inf");
    BAD_OPTION(patience, 1e-320, CSVC_E_RANGE, "patience");
    BAD_OPTION(goals, CSVC_GOAL_ABANDON, CSVC_E_INVALID, "abandonment goal needs a patience");
#undef BAD_OPTION

    /* Out structs and NULLs. */
    assert_status_msg(csvc_staffing_solve(100, 1800, 180, &o, NULL), CSVC_E_NULL, "out");
    assert_status_msg(csvc_erlang_evaluate(100, 1800, 180, 3, &o, NULL), CSVC_E_NULL, "out");
    assert_status_msg(csvc_erlang_load(1, 1, 1, NULL), CSVC_E_NULL, "out");
    assert_status_msg(csvc_erlang_b(1, 1, NULL), CSVC_E_NULL, "out");
    r.version = 0;
    assert_status_msg(csvc_staffing_solve(100, 1800, 180, &o, &r), CSVC_E_VERSION,
                      "csvc_staffing_result");
    r.version = CSVC_STAFFING_RESULT_VERSION + 1;
    assert_int_equal(csvc_staffing_solve(100, 1800, 180, &o, &r), CSVC_E_VERSION);
    e.version = 0;
    assert_status_msg(csvc_erlang_evaluate(100, 1800, 180, 3, &o, &e), CSVC_E_VERSION,
                      "csvc_erlang_result");

    /* Every failure left the outputs alone. */
    assert_int_equal(r.agents, 777);
    assert_int_equal(e.agents, 777);
    assert_true(x == -5);

    /* The init functions. */
    csvc_staffing_options oi;
    csvc_staffing_options_init(&oi);
    assert_memory_equal(&oi, &o, sizeof o);
    csvc_staffing_result ri;
    csvc_staffing_result_init(&ri);
    assert_int_equal(ri.version, CSVC_STAFFING_RESULT_VERSION);
    csvc_erlang_result ei;
    csvc_erlang_result_init(&ei);
    assert_int_equal(ei.version, CSVC_ERLANG_RESULT_VERSION);
    csvc_staffing_options_init(NULL);
    csvc_staffing_result_init(NULL);
    csvc_erlang_result_init(NULL);
}

/* ---- plans -------------------------------------------------------------- */


static csvc_staffing_plan *new_plan(int32_t interval)
{
    csvc_staffing_plan *p = NULL;
    assert_csvc_ok(csvc_staffing_plan_new(NULL, interval, &p));
    return p;
}

static csvc_staffing_interval row_of(const csvc_staffing_plan *p, size_t i)
{
    csvc_staffing_interval row = CSVC_STAFFING_INTERVAL_INIT;
    assert_csvc_ok(csvc_staffing_plan_interval(p, i, &row));
    return row;
}

static void test_plan_lifecycle(void **state)
{
    (void)state;
    csvc_staffing_plan *p = NULL;
    assert_status_msg(csvc_staffing_plan_new(NULL, 1800, NULL), CSVC_E_NULL, "out");
    assert_status_msg(csvc_staffing_plan_new(NULL, 1200, &p), CSVC_E_RANGE,
                      "interval_seconds 1200");
    assert_null(p);
    static const int32_t lengths[] = {900, 1800, 3600};
    static const size_t counts[] = {672, 336, 168};
    for (int i = 0; i < 3; i++) {
        p = new_plan(lengths[i]);
        assert_int_equal(csvc_staffing_plan_interval_count(p), counts[i]);
        assert_int_equal(csvc_staffing_plan_interval_seconds(p), lengths[i]);
        assert_string_equal(csvc_staffing_plan_errmsg(p), "");
        csvc_staffing_interval row = row_of(p, counts[i] - 1);
        assert_int_equal(row.start_minute, 10080 - lengths[i] / 60);
        assert_int_equal(row.required, 0);
        assert_abs(row.service_level, 1.0, 0.0, "empty plan SL");
        csvc_staffing_plan_free(p);
    }
    csvc_staffing_plan_free(NULL);
    assert_string_equal(csvc_staffing_plan_errmsg(NULL), "plan is NULL");
    assert_int_equal(csvc_staffing_plan_interval_count(NULL), 0);
    assert_int_equal(csvc_staffing_plan_interval_seconds(NULL), 0);
    assert_int_equal(csvc_staffing_plan_shift_count(NULL), 0);

    /* Allocation failures: nothing leaks. */
    for (long budget = 0; budget < 5; budget++) {
        test_failing_alloc fa = {budget, 0, 0};
        csvc_allocator a = test_failing_allocator(&fa);
        p = NULL;
        assert_status_msg(csvc_staffing_plan_new(&a, 1800, &p), CSVC_E_NOMEM, "out of memory");
        assert_null(p);
        assert_int_equal(fa.live, 0);
    }
    test_failing_alloc fa = {-1, 0, 0};
    csvc_allocator a = test_failing_allocator(&fa);
    assert_csvc_ok(csvc_staffing_plan_new(&a, 1800, &p));
    csvc_staffing_plan_free(p);
    assert_int_equal(fa.live, 0);
    a.version = 0;
    assert_status_msg(csvc_staffing_plan_new(&a, 1800, &p), CSVC_E_VERSION, "allocator");
}

static void test_plan_intervals_and_options(void **state)
{
    (void)state;
    csvc_staffing_plan *p = new_plan(1800);
    /* Monday 09:00 is interval 18. */
    assert_ok(p, csvc_staffing_plan_set_interval(p, 18, 100, 180));
    csvc_staffing_interval row = row_of(p, 18);
    assert_int_equal(row.start_minute, 9 * 60);
    assert_int_equal(row.agents, 14);
    assert_int_equal(row.required, 14);
    assert_abs(row.load, 10.0, 1e-12, "load");
    assert_abs(row.agents_exact, 13.0 + (0.8 - SL13) / (SL14 - SL13), 1e-9, "agents_exact");
    assert_abs(row.shortfall, 14.0, 0.0, "shortfall without shifts");
    assert_int_equal(row.staffed_agents, 0);
    assert_abs(row.service_level, 0.0, 0.0, "SL with nobody");
    assert_true(isinf(row.asa));

    csvc_staffing_options o = CSVC_STAFFING_OPTIONS_INIT;
    o.shrinkage = 0.3;
    assert_ok(p, csvc_staffing_plan_set_options(p, &o));
    row = row_of(p, 18);
    assert_int_equal(row.agents, 14);
    assert_int_equal(row.required, 20);
    assert_abs(row.required_exact, row.agents_exact / 0.7, 1e-12, "required_exact");

    /* A failing change leaves the plan as it was, and says why. */
    o.service_level = 1.5;
    assert_status_msg(csvc_staffing_plan_set_options(p, &o), CSVC_E_RANGE, "service_level 1.5");
    assert_non_null(strstr(csvc_staffing_plan_errmsg(p), "service_level"));
    assert_int_equal(row_of(p, 18).required, 20);
    o.service_level = 0.8;
    o.shrinkage = 0.0;
    assert_ok(p, csvc_staffing_plan_set_options(p, &o));
    assert_int_equal(row_of(p, 18).required, 14);
    /* 900,000 Erlangs at Monday 09:30 are solvable, but not at 50 %
     * occupancy (1.8 million agents), nor are 2 million Erlangs. */
    assert_ok(p, csvc_staffing_plan_set_interval(p, 19, 900000, 1800));
    assert_true(row_of(p, 19).agents > 900000);
    o.max_occupancy = 0.5;
    assert_status_msg(csvc_staffing_plan_set_options(p, &o), CSVC_E_RANGE,
                      "interval 19 (Monday 09:30): no agent count");
    assert_status_msg(csvc_staffing_plan_set_interval(p, 19, 1e6, 3600), CSVC_E_RANGE,
                      "interval 19 (Monday 09:30): no agent count");
    assert_true(row_of(p, 19).agents > 900000);
    assert_int_equal(row_of(p, 18).required, 14);
    o.max_occupancy = 1.0;
    assert_status_msg(csvc_staffing_plan_set_interval(p, 336, 1, 1), CSVC_E_RANGE, "index 336");
    assert_status_msg(csvc_staffing_plan_set_interval(p, 47, NAN, 180), CSVC_E_RANGE,
                      "interval 47 (Monday 23:30): arrivals nan");
    assert_status_msg(csvc_staffing_plan_set_interval(p, 48, 5, 0), CSVC_E_RANGE,
                      "interval 48 (Tuesday 00:00): aht 0");
    assert_status_msg(csvc_staffing_plan_set_interval(NULL, 0, 1, 1), CSVC_E_NULL, "plan");
    assert_status_msg(csvc_staffing_plan_set_options(p, NULL), CSVC_E_NULL, "options");
    assert_status_msg(csvc_staffing_plan_set_options(NULL, &o), CSVC_E_NULL, "plan");
    o.version = 0;
    assert_status_msg(csvc_staffing_plan_set_options(p, &o), CSVC_E_VERSION, "options version");
    /* A success clears the message. */
    assert_ok(p, csvc_staffing_plan_set_interval(p, 19, 0, 0));
    assert_string_equal(csvc_staffing_plan_errmsg(p), "");

    /* Reading. */
    row.version = 0;
    assert_status_msg(csvc_staffing_plan_interval(p, 0, &row), CSVC_E_VERSION,
                      "csvc_staffing_interval");
    row.version = CSVC_STAFFING_INTERVAL_VERSION;
    assert_status_msg(csvc_staffing_plan_interval(p, 336, &row), CSVC_E_RANGE, "index 336");
    assert_status_msg(csvc_staffing_plan_interval(p, 0, NULL), CSVC_E_NULL, "out");
    assert_status_msg(csvc_staffing_plan_interval(NULL, 0, &row), CSVC_E_NULL, "plan");
    csvc_staffing_interval ri;
    csvc_staffing_interval_init(&ri);
    assert_int_equal(ri.version, CSVC_STAFFING_INTERVAL_VERSION);
    csvc_staffing_interval_init(NULL);
    csvc_staffing_plan_free(p);
}

static csvc_staffing_shift shift(int32_t start, int32_t length, uint32_t days, uint32_t heads)
{
    csvc_staffing_shift s = CSVC_STAFFING_SHIFT_INIT;
    s.start_minute = start;
    s.length_minutes = length;
    s.days = days;
    s.heads = heads;
    return s;
}

static void test_coverage_across_midnight(void **state)
{
    (void)state;
    /* Hourly plan. Shift A: Sunday 22:00 for 4 h, 2 heads (Sun 22-24,
     * Mon 00-02). Shift B: Sunday 23:30 for 3 h, 3 heads (Sun 23:30-24,
     * Mon 00-02:30). Staff by hand:
     *   Sun 22 (167 - 1 = 166): 2     Sun 23 (167): 2 + 3 * 30/60 = 3.5
     *   Mon 00 (0): 5   Mon 01 (1): 5   Mon 02 (2): 3 * 30/60 = 1.5   Mon 03: 0 */
    csvc_staffing_plan *p = new_plan(3600);
    csvc_staffing_shift a = shift(22 * 60, 240, CSVC_DAY_SUN, 2);
    csvc_staffing_shift b = shift(23 * 60 + 30, 180, CSVC_DAY_SUN, 3);
    assert_ok(p, csvc_staffing_plan_add_shift(p, &a));
    assert_ok(p, csvc_staffing_plan_add_shift(p, &b));
    assert_int_equal(csvc_staffing_plan_shift_count(p), 2);
    static const struct {
        size_t index;
        double staffed;
    } want[] = {{165, 0}, {166, 2}, {167, 3.5}, {0, 5}, {1, 5}, {2, 1.5}, {3, 0}};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        assert_abs(row_of(p, want[i].index).staffed, want[i].staffed, 0.0, "staffed");

    /* Requirements: Mon 00 200 contacts/h at 180 s (A = 10: 14 agents);
     * Sun 23 20/h (A = 1). */
    assert_ok(p, csvc_staffing_plan_set_interval(p, 0, 200, 180));
    assert_ok(p, csvc_staffing_plan_set_interval(p, 167, 20, 180));
    csvc_staffing_interval r = row_of(p, 0);
    assert_int_equal(r.required, 14);
    assert_abs(r.shortfall, 9.0, 0.0, "Mon 00 shortfall");
    assert_abs(r.overstaffing, 0.0, 0.0, "Mon 00 overstaffing");
    assert_int_equal(r.staffed_agents, 5);
    assert_abs(r.service_level, 0.0, 0.0, "5 agents for 10 Erlangs");
    assert_true(isinf(r.asa));
    assert_int_equal(r.met, 0);
    r = row_of(p, 166);
    assert_abs(r.overstaffing, 2.0, 0.0, "Sun 22 overstaffing");
    assert_abs(r.shortfall, 0.0, 0.0, "Sun 22 shortfall");
    /* Sun 23: 3.5 heads -> 3 agents for A = 1 (reference). */
    ref_c ref;
    ref_c_init(&ref, 1.0L, 10);
    unsigned need = 2;
    while (ref_c_measures(&ref, need, 20, 180).sl < 0.8)
        need++;
    r = row_of(p, 167);
    assert_int_equal(r.required, need);
    assert_int_equal(r.staffed_agents, 3);
    assert_abs(r.service_level, ref_c_measures(&ref, 3, 20, 180).sl, 1e-12, "Sun 23 SL");
    assert_abs(r.overstaffing, 3.5 - need, 1e-15, "Sun 23 overstaffing");
    ref_c_free(&ref);

    /* Shrinkage 30 %: 5 heads are floor(3.5) = 3 agents on the phones,
     * 14 agents need 20 heads. */
    csvc_staffing_options o = CSVC_STAFFING_OPTIONS_INIT;
    o.shrinkage = 0.3;
    assert_ok(p, csvc_staffing_plan_set_options(p, &o));
    r = row_of(p, 0);
    assert_int_equal(r.required, 20);
    assert_abs(r.shortfall, 15.0, 0.0, "shortfall at 30 %");
    assert_int_equal(r.staffed_agents, 3);
    /* 20 heads Monday at midnight: exactly the requirement, goal met. */
    csvc_staffing_shift c = shift(0, 60, CSVC_DAY_MON, 15);
    assert_ok(p, csvc_staffing_plan_add_shift(p, &c));
    r = row_of(p, 0);
    assert_abs(r.staffed, 20.0, 0.0, "20 heads");
    assert_int_equal(r.staffed_agents, 14);
    assert_abs(r.shortfall, 0.0, 0.0, "no shortfall");
    assert_abs(r.service_level, SL14, 1e-12, "SL with 14 agents");
    assert_true(r.met & CSVC_GOAL_SERVICE_LEVEL);

    /* The week's totals (hours = interval counts here). */
    csvc_staffing_summary s = CSVC_STAFFING_SUMMARY_INIT;
    assert_csvc_ok(csvc_staffing_plan_summary(p, &s));
    assert_int_equal(s.intervals, 168);
    assert_abs(s.arrivals, 220.0, 0.0, "arrivals");
    unsigned req167 = row_of(p, 167).required;
    assert_abs(s.required_hours, 20.0 + req167, 0.0, "required hours");
    assert_abs(s.staffed_hours, 2 + 3.5 + 20 + 5 + 1.5, 0.0, "staffed hours");
    double short167 = req167 > 3.5 ? req167 - 3.5 : 0.0;
    assert_abs(s.shortfall_hours, short167, 1e-12, "shortfall hours");
    assert_abs(s.overstaffing_hours, s.staffed_hours - s.required_hours + s.shortfall_hours, 1e-12,
               "overstaffing hours");
    assert_int_equal(s.intervals_short, short167 > 0);
    assert_int_equal(s.peak_required, 20);
    double sl167 = row_of(p, 167).service_level;
    assert_abs(s.service_level, (200 * SL14 + 20 * sl167) / 220, 1e-12, "weighted SL");

    /* Clearing the shifts. */
    assert_ok(p, csvc_staffing_plan_clear_shifts(p));
    assert_int_equal(csvc_staffing_plan_shift_count(p), 0);
    assert_abs(row_of(p, 0).staffed, 0.0, 0.0, "cleared");
    assert_status_msg(csvc_staffing_plan_clear_shifts(NULL), CSVC_E_NULL, "plan");
    csvc_staffing_plan_free(p);

    /* No arrivals at all: the summary's service level is NaN. */
    p = new_plan(1800);
    assert_csvc_ok(csvc_staffing_plan_summary(p, &s));
    assert_true(isnan(s.service_level));
    assert_int_equal(s.intervals, 336);
    s.version = 0;
    assert_status_msg(csvc_staffing_plan_summary(p, &s), CSVC_E_VERSION, "csvc_staffing_summary");
    assert_status_msg(csvc_staffing_plan_summary(p, NULL), CSVC_E_NULL, "out");
    assert_status_msg(csvc_staffing_plan_summary(NULL, &s), CSVC_E_NULL, "plan");
    csvc_staffing_summary si;
    csvc_staffing_summary_init(&si);
    assert_int_equal(si.version, CSVC_STAFFING_SUMMARY_VERSION);
    csvc_staffing_summary_init(NULL);
    csvc_staffing_plan_free(p);
}

static void test_shift_errors(void **state)
{
    (void)state;
    csvc_staffing_plan *p = new_plan(1800);
    csvc_staffing_shift s = shift(-1, 60, CSVC_DAY_MON, 1);
    assert_status_msg(csvc_staffing_plan_add_shift(p, &s), CSVC_E_RANGE, "start_minute -1");
    s = shift(1440, 60, CSVC_DAY_MON, 1);
    assert_status_msg(csvc_staffing_plan_add_shift(p, &s), CSVC_E_RANGE, "start_minute 1440");
    s = shift(0, 0, CSVC_DAY_MON, 1);
    assert_status_msg(csvc_staffing_plan_add_shift(p, &s), CSVC_E_RANGE, "length_minutes 0");
    s = shift(0, 1441, CSVC_DAY_MON, 1);
    assert_status_msg(csvc_staffing_plan_add_shift(p, &s), CSVC_E_RANGE, "length_minutes 1441");
    s = shift(0, 60, 0, 1);
    assert_status_msg(csvc_staffing_plan_add_shift(p, &s), CSVC_E_RANGE, "days 0x0");
    s = shift(0, 60, 0x80, 1);
    assert_status_msg(csvc_staffing_plan_add_shift(p, &s), CSVC_E_RANGE, "days 0x80");
    s = shift(0, 60, CSVC_DAY_MON, 0);
    assert_status_msg(csvc_staffing_plan_add_shift(p, &s), CSVC_E_RANGE, "heads 0");
    s = shift(0, 60, CSVC_DAY_MON, CSVC_STAFFING_AGENTS_MAX + 1);
    assert_status_msg(csvc_staffing_plan_add_shift(p, &s), CSVC_E_RANGE, "heads 1000001");
    s = shift(0, 60, CSVC_DAY_MON, 1);
    s.version = 0;
    assert_status_msg(csvc_staffing_plan_add_shift(p, &s), CSVC_E_VERSION, "shift version 0");
    assert_status_msg(csvc_staffing_plan_add_shift(p, NULL), CSVC_E_NULL, "shift");
    assert_status_msg(csvc_staffing_plan_add_shift(NULL, &s), CSVC_E_NULL, "plan");
    assert_non_null(strstr(csvc_staffing_plan_errmsg(p), "shift"));
    assert_int_equal(csvc_staffing_plan_shift_count(p), 0);
    /* A full-day shift on every day, and more heads than allowed. */
    s = shift(600, 1440, CSVC_DAYS_ALL, CSVC_STAFFING_AGENTS_MAX);
    assert_ok(p, csvc_staffing_plan_add_shift(p, &s));
    s = shift(0, 30, CSVC_DAY_WED, 1);
    assert_status_msg(csvc_staffing_plan_add_shift(p, &s), CSVC_E_RANGE,
                      "interval 96 (minute 2880 of the week)");
    assert_int_equal(csvc_staffing_plan_shift_count(p), 1);
    assert_abs(row_of(p, 96).staffed, CSVC_STAFFING_AGENTS_MAX, 0.0, "unchanged");
    assert_abs(row_of(p, 335).staffed, CSVC_STAFFING_AGENTS_MAX, 0.0, "wrapped");
    csvc_staffing_shift si;
    csvc_staffing_shift_init(&si);
    assert_int_equal(si.version, CSVC_STAFFING_SHIFT_VERSION);
    csvc_staffing_shift_init(NULL);
    /* Allocation failure while adding. */
    csvc_staffing_plan_free(p);
    test_failing_alloc fa = {-1, 0, 0};
    csvc_allocator a = test_failing_allocator(&fa);
    assert_csvc_ok(csvc_staffing_plan_new(&a, 1800, &p));
    fa.budget = 0;
    s = shift(0, 60, CSVC_DAY_MON, 1);
    assert_status_msg(csvc_staffing_plan_add_shift(p, &s), CSVC_E_NOMEM, "out of memory");
    assert_int_equal(csvc_staffing_plan_shift_count(p), 0);
    fa.budget = -1;
    csvc_staffing_plan_free(p);
    assert_int_equal(fa.live, 0);
}

/* ---- forecast from a hand-built desk ----------------------------------- */

typedef struct desk_fixture {
    csvc_roster *roster;
    csvc_desk *desk;
    int64_t monday; /* 2025-03-03T00:00+08:00, the window's start */
} desk_fixture;

#define LT(f, w, d, h, m) ((f)->monday + (int64_t)(w)*WEEK + (int64_t)(d)*DAY + (h)*HOUR + (m)*60)

static void ticket(desk_fixture *f, const char *id, const char *team, csvc_channel channel,
                   int64_t created, int64_t resolve_after)
{
    csvc_ticket_spec s = CSVC_TICKET_SPEC_INIT;
    s.id = id;
    s.team_id = team;
    s.channel = channel;
    s.created = created;
    assert_csvc_ok_msg(csvc_desk_create(f->desk, &s), csvc_desk_errmsg(f->desk));
    if (resolve_after < 0)
        return;
    const char *agent = team[1] == '1' ? "A1" : "A2";
    assert_csvc_ok_msg(csvc_desk_assign(f->desk, id, agent, created), csvc_desk_errmsg(f->desk));
    assert_csvc_ok_msg(csvc_desk_start(f->desk, id, created), csvc_desk_errmsg(f->desk));
    assert_csvc_ok_msg(csvc_desk_resolve(f->desk, id, NULL, 1, created + resolve_after),
                       csvc_desk_errmsg(f->desk));
}

static int setup_desk(void **state)
{
    desk_fixture *f = calloc(1, sizeof *f);
    assert_csvc_ok(csvc_roster_new(NULL, &f->roster));
    static const char *const teams[] = {"T1", "T2"}, *const agents[] = {"A1", "A2"};
    for (int i = 0; i < 2; i++) {
        csvc_team_info t = CSVC_TEAM_INFO_INIT;
        t.id = teams[i];
        assert_ok(f->roster, csvc_roster_add_team(f->roster, &t));
        csvc_agent_info a = CSVC_AGENT_INFO_INIT;
        a.id = agents[i];
        a.name = agents[i];
        a.team_id = teams[i];
        assert_ok(f->roster, csvc_roster_add_agent(f->roster, &a));
    }
    assert_csvc_ok(csvc_desk_new(f->roster, NULL, &f->desk));
    assert_csvc_ok(csvc_date_make(2025, 3, 3, OFF_CST, &f->monday));
    /* Three weeks of T1 chats, Monday 09:xx local:
     *   week 0: 09:10 (resolved after 600 s), 09:59:59
     *   week 1: 09:50 (resolved after 7200 s, capped to 3600)
     *   week 2: 09:00:00 (resolved after 2400 s), 09:20, 09:40
     * and week 2 Tuesday 14:30 (never resolved). Not counted: a T2 chat
     * Monday 09:20 of week 2, a T1 email Monday 09:30 of week 2 (channel
     * filter), a T1 chat the Monday before the window and one at its end. */
    ticket(f, "W0-1", "T1", CSVC_CHANNEL_CHAT, LT(f, 0, 0, 9, 10), 600);
    ticket(f, "W0-2", "T1", CSVC_CHANNEL_CHAT, LT(f, 0, 0, 9, 59) + 59, -1);
    ticket(f, "W1-1", "T1", CSVC_CHANNEL_CHAT, LT(f, 1, 0, 9, 50), 7200);
    ticket(f, "W2-1", "T1", CSVC_CHANNEL_CHAT, LT(f, 2, 0, 9, 0), 2400);
    ticket(f, "W2-2", "T1", CSVC_CHANNEL_CHAT, LT(f, 2, 0, 9, 20), -1);
    ticket(f, "W2-3", "T1", CSVC_CHANNEL_CHAT, LT(f, 2, 0, 9, 40), -1);
    ticket(f, "W2-TUE", "T1", CSVC_CHANNEL_CHAT, LT(f, 2, 1, 14, 30), -1);
    ticket(f, "W2-T2", "T2", CSVC_CHANNEL_CHAT, LT(f, 2, 0, 9, 20), 60);
    ticket(f, "W2-MAIL", "T1", CSVC_CHANNEL_EMAIL, LT(f, 2, 0, 9, 30), 60);
    ticket(f, "BEFORE", "T1", CSVC_CHANNEL_CHAT, LT(f, -1, 0, 9, 30), 60);
    ticket(f, "AFTER", "T1", CSVC_CHANNEL_CHAT, LT(f, 3, 0, 0, 0), 60);
    *state = f;
    return 0;
}

static int teardown_desk(void **state)
{
    desk_fixture *f = *state;
    csvc_desk_free(f->desk);
    csvc_roster_free(f->roster);
    free(f);
    return 0;
}

static csvc_staffing_forecast_options chats_of_t1(const desk_fixture *f)
{
    csvc_staffing_forecast_options o = CSVC_STAFFING_FORECAST_OPTIONS_INIT;
    o.history_start = f->monday;
    o.history_end = f->monday + 3 * WEEK;
    o.utc_offset = OFF_CST;
    o.team_id = "T1";
    o.channels = 1u << CSVC_CHANNEL_CHAT;
    o.default_aht = 300;
    return o;
}

static void test_forecast(void **state)
{
    desk_fixture *f = *state;
    csvc_staffing_plan *p = new_plan(3600);
    csvc_staffing_forecast_options o = chats_of_t1(f);
    assert_ok(p, csvc_staffing_plan_forecast(p, f->desk, &o));
    /* Plain means: Monday 09 (index 9) (2 + 1 + 3) / 3 = 2; Tuesday 14
     * (index 38) 1/3; everything else 0, AHT the default. */
    csvc_staffing_interval r = row_of(p, 9);
    assert_abs(r.arrivals, 2.0, 1e-15, "Mon 09 mean");
    assert_abs(r.aht, 300.0, 0.0, "default AHT");
    assert_abs(row_of(p, 38).arrivals, 1.0 / 3.0, 1e-15, "Tue 14 mean");
    double total = 0;
    for (size_t i = 0; i < 168; i++)
        total += row_of(p, i).arrivals;
    assert_abs(total, 7.0 / 3.0, 1e-14, "week total");
    /* Required agents from the forecast: A = 2 * 300 / 3600 = 1/6. */
    ref_c ref;
    ref_c_init(&ref, 1.0L / 6.0L, 10);
    unsigned need = 1;
    while (ref_c_measures(&ref, need, 20, 300).sl < 0.8)
        need++;
    assert_int_equal(r.agents, need);
    ref_c_free(&ref);

    /* Every channel: the email joins Monday 09 -> 7/3. Every team: the T2
     * chat too -> 8/3. */
    o.channels = 0;
    assert_ok(p, csvc_staffing_plan_forecast(p, f->desk, &o));
    assert_abs(row_of(p, 9).arrivals, 7.0 / 3.0, 1e-15, "every channel");
    o.team_id = NULL;
    assert_ok(p, csvc_staffing_plan_forecast(p, f->desk, &o));
    assert_abs(row_of(p, 9).arrivals, 8.0 / 3.0, 1e-15, "every team");

    /* Weighted towards recent weeks: decay 0.5 gives weeks 2, 1, 0 the
     * weights 1, 0.5, 0.25: (3 + 0.5 * 1 + 0.25 * 2) / 1.75 = 4 / 1.75. */
    o = chats_of_t1(f);
    o.week_decay = 0.5;
    assert_ok(p, csvc_staffing_plan_forecast(p, f->desk, &o));
    assert_abs(row_of(p, 9).arrivals, 4.0 / 1.75, 1e-15, "decayed Mon 09");
    assert_abs(row_of(p, 38).arrivals, 1.0 / 1.75, 1e-15, "decayed Tue 14");

    /* AHT from the resolution times: samples 600, min(7200, 3600), 2400;
     * plain (600 + 3600 + 2400) / 3 = 2200; decayed
     * (0.25 * 600 + 0.5 * 3600 + 2400) / 1.75 = 4350 / 1.75. Tuesday has
     * no resolved ticket: the default. */
    o.aht_from_history = 1;
    assert_ok(p, csvc_staffing_plan_forecast(p, f->desk, &o));
    assert_abs(row_of(p, 9).aht, 4350.0 / 1.75, 1e-12, "decayed AHT");
    assert_abs(row_of(p, 38).aht, 300.0, 0.0, "Tuesday AHT");
    o.week_decay = 1.0;
    assert_ok(p, csvc_staffing_plan_forecast(p, f->desk, &o));
    assert_abs(row_of(p, 9).aht, 2200.0, 1e-12, "plain AHT");
    o.max_handle_seconds = 1000; /* samples 600, 1000, 1000 */
    assert_ok(p, csvc_staffing_plan_forecast(p, f->desk, &o));
    assert_abs(row_of(p, 9).aht, 2600.0 / 3.0, 1e-12, "capped AHT");

    /* The caller overrides an AHT that history does not represent. */
    assert_ok(p, csvc_staffing_plan_set_interval(p, 9, row_of(p, 9).arrivals, 240));
    assert_abs(row_of(p, 9).aht, 240.0, 0.0, "override");
    assert_abs(row_of(p, 9).arrivals, 2.0, 1e-15, "arrivals kept");

    /* A window that is not whole weeks: each interval's own occurrences.
     * Window = weeks 0-2 plus Monday of week 3 (ending Tuesday 00:00):
     * Monday 09 has 4 occurrences (6 tickets; the AFTER ticket at Monday
     * 00:00 of week 3 falls in interval 0) -> 1.5; Tuesday 14 keeps 3. */
    o = chats_of_t1(f);
    o.history_end = f->monday + 3 * WEEK + DAY;
    assert_ok(p, csvc_staffing_plan_forecast(p, f->desk, &o));
    assert_abs(row_of(p, 9).arrivals, 6.0 / 4.0, 1e-15, "Mon 09 over 4 Mondays");
    assert_abs(row_of(p, 0).arrivals, 1.0 / 4.0, 1e-15, "Mon 00 over 4 Mondays");
    assert_abs(row_of(p, 38).arrivals, 1.0 / 3.0, 1e-15, "Tue 14 over 3 Tuesdays");

    /* Half-hour plan at UTC: Monday 09:xx +08:00 is Monday 01:xx UTC;
     * 01:00-01:30 holds W0-1 (01:10), W2-1 (01:00), W2-2 (01:20). */
    csvc_staffing_plan *half = new_plan(1800);
    o = chats_of_t1(f);
    o.utc_offset = 0;
    o.history_start = f->monday + OFF_CST;
    o.history_end = o.history_start + 3 * WEEK;
    assert_ok(half, csvc_staffing_plan_forecast(half, f->desk, &o));
    assert_abs(row_of(half, 2).arrivals, 1.0, 1e-15, "UTC Mon 01:00");
    assert_abs(row_of(half, 3).arrivals, 1.0, 1e-15, "UTC Mon 01:30");
    csvc_staffing_plan_free(half);
    csvc_staffing_plan_free(p);
}

static void test_forecast_errors(void **state)
{
    desk_fixture *f = *state;
    csvc_staffing_plan *p = new_plan(3600);
    csvc_staffing_forecast_options good = chats_of_t1(f);
    assert_ok(p, csvc_staffing_plan_forecast(p, f->desk, &good));
    csvc_staffing_forecast_options o;
#define BAD_FORECAST(field, value, status, needle)                                                 \
    do {                                                                                           \
        o = good;                                                                                  \
        o.field = (value);                                                                         \
        assert_status_msg(csvc_staffing_plan_forecast(p, f->desk, &o), status, needle);            \
        assert_non_null(strstr(csvc_staffing_plan_errmsg(p), needle));                             \
    } while (0)
    BAD_FORECAST(version, 0, CSVC_E_VERSION, "forecast options version 0");
    BAD_FORECAST(history_end, good.history_start + WEEK - HOUR, CSVC_E_RANGE, "one week");
    BAD_FORECAST(history_end, good.history_start + 521 * (int64_t)WEEK, CSVC_E_RANGE, "520 weeks");
    BAD_FORECAST(history_end, good.history_start, CSVC_E_RANGE, "empty");
    BAD_FORECAST(history_start, good.history_start + 60, CSVC_E_RANGE, "boundaries");
    BAD_FORECAST(history_start, INT64_MIN, CSVC_E_RANGE, "outside years");
    BAD_FORECAST(utc_offset, OFF_CST + 1800, CSVC_E_RANGE, "boundaries");
    BAD_FORECAST(utc_offset, 19 * HOUR, CSVC_E_RANGE, "utc_offset");
    BAD_FORECAST(week_decay, 0.0, CSVC_E_RANGE, "week_decay 0");
    BAD_FORECAST(week_decay, 1.5, CSVC_E_RANGE, "week_decay 1.5");
    BAD_FORECAST(week_decay, NAN, CSVC_E_RANGE, "week_decay nan");
    BAD_FORECAST(default_aht, 0.0, CSVC_E_RANGE, "default_aht 0");
    BAD_FORECAST(default_aht, -INFINITY, CSVC_E_RANGE, "default_aht -inf");
    BAD_FORECAST(aht_from_history, 2, CSVC_E_RANGE, "aht_from_history 2");
    BAD_FORECAST(max_handle_seconds, 0, CSVC_E_RANGE, "max_handle_seconds 0");
    BAD_FORECAST(channels, 1u << CSVC_CHANNEL_COUNT, CSVC_E_RANGE, "channels 0x40");
    BAD_FORECAST(team_id, "", CSVC_E_INVALID, "staffing_plan_forecast: team_id");
    BAD_FORECAST(team_id, "NO-SUCH-TEAM", CSVC_E_NOTFOUND, "team 'NO-SUCH-TEAM' not found");
#undef BAD_FORECAST
    /* The plan still holds the good forecast. */
    assert_abs(row_of(p, 9).arrivals, 2.0, 1e-15, "unchanged");
    assert_status_msg(csvc_staffing_plan_forecast(p, NULL, &good), CSVC_E_NULL, "desk");
    assert_status_msg(csvc_staffing_plan_forecast(p, f->desk, NULL), CSVC_E_NULL, "options");
    assert_status_msg(csvc_staffing_plan_forecast(NULL, f->desk, &good), CSVC_E_NULL, "plan");
    /* A forecast whose requirement cannot be met fails whole. */
    o = good;
    o.default_aht = 1e12;
    assert_status_msg(csvc_staffing_plan_forecast(p, f->desk, &o), CSVC_E_RANGE,
                      "interval 9 (Monday 09:00): no agent count");
    assert_abs(row_of(p, 9).aht, 300.0, 0.0, "unchanged AHT");
    csvc_staffing_forecast_options d;
    csvc_staffing_forecast_options_init(&d);
    assert_int_equal(d.version, CSVC_STAFFING_FORECAST_OPTIONS_VERSION);
    assert_abs(d.week_decay, 1.0, 0.0, "default decay");
    csvc_staffing_forecast_options_init(NULL);
    csvc_staffing_plan_free(p);

    /* Allocation failures: NOMEM, nothing changed, nothing leaked. */
    test_failing_alloc fa = {-1, 0, 0};
    csvc_allocator a = test_failing_allocator(&fa);
    assert_csvc_ok(csvc_staffing_plan_new(&a, 3600, &p));
    for (long budget = 0; budget < 5; budget++) {
        fa.budget = budget;
        assert_status_msg(csvc_staffing_plan_forecast(p, f->desk, &good), CSVC_E_NOMEM,
                          "out of memory");
        fa.budget = -1;
        assert_abs(row_of(p, 9).arrivals, 0.0, 0.0, "unchanged after NOMEM");
    }
    fa.budget = 0;
    csvc_staffing_options so = CSVC_STAFFING_OPTIONS_INIT;
    assert_status_msg(csvc_staffing_plan_set_options(p, &so), CSVC_E_NOMEM, "out of memory");
    fa.budget = -1;
    assert_ok(p, csvc_staffing_plan_forecast(p, f->desk, &good));
    assert_abs(row_of(p, 9).arrivals, 2.0, 1e-15, "after recovery");
    csvc_staffing_plan_free(p);
    assert_int_equal(fa.live, 0);
}

static void test_plan_erlang_a(void **state)
{
    (void)state;
    /* The plan with patience: rows agree with the one-interval functions,
     * which agree with the reference above. */
    csvc_staffing_plan *p = new_plan(1800);
    csvc_staffing_options o = CSVC_STAFFING_OPTIONS_INIT;
    o.patience = 120;
    assert_ok(p, csvc_staffing_plan_set_options(p, &o));
    assert_ok(p, csvc_staffing_plan_set_interval(p, 100, 100, 180));
    csvc_staffing_shift s = shift(0, 1440, CSVC_DAYS_ALL, 11);
    assert_ok(p, csvc_staffing_plan_add_shift(p, &s));
    csvc_staffing_interval r = row_of(p, 100);
    assert_int_equal(r.agents, 12);
    assert_abs(r.shortfall, 1.0, 0.0, "Erlang A shortfall");
    ref_a ref = ref_erlang_a(10, 11, 1.5L, 20.0L / 180);
    assert_abs(r.service_level, ref.sl, 1e-9, "11 agents SL");
    assert_rel(r.abandon, ref.abandon, 1e-9, "11 agents abandon");
    csvc_staffing_plan_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked_case),
        cmocka_unit_test(test_asa_and_occupancy_goals),
        cmocka_unit_test(test_erlang_b),
        cmocka_unit_test(test_grid_against_reference),
        cmocka_unit_test(test_monotone_and_stable),
        cmocka_unit_test(test_zero_arrivals_and_overload),
        cmocka_unit_test(test_erlang_a_reference),
        cmocka_unit_test(test_erlang_a_solve_and_edges),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_plan_lifecycle),
        cmocka_unit_test(test_plan_intervals_and_options),
        cmocka_unit_test(test_coverage_across_midnight),
        cmocka_unit_test(test_shift_errors),
        cmocka_unit_test_setup_teardown(test_forecast, setup_desk, teardown_desk),
        cmocka_unit_test_setup_teardown(test_forecast_errors, setup_desk, teardown_desk),
        cmocka_unit_test(test_plan_erlang_a),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
