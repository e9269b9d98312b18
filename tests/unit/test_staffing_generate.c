/* Shift generation (csvc_staffing_generate) and what surrounds it: the
 * recruitment need, the roster's available heads, the intraday re-plan.
 *
 * Requirements are set exactly: with the occupancy goal alone and an AHT of
 * one interval, an interval of k - 0.5 arrivals needs floor(k - 0.5) + 1 = k
 * agents (fewer would be an unstable queue). Costs, coverage and the
 * optimal schedules are worked out by hand in the comments; random small
 * instances are checked against an exhaustive search over every head
 * vector. Built without GLPK (TEST_HAVE_GLPK 0) only the input checks and
 * the specific status are tested. */
#include "fixtures.h"

#include <math.h>
#include <stdlib.h>

#define MON 0
#define H(day, hour) ((day)*24 + (hour)) /* interval of an hourly plan */

static csvc_staffing_plan *hourly_plan(void)
{
    csvc_staffing_plan *p;
    assert_csvc_ok(csvc_staffing_plan_new(NULL, 3600, &p));
    csvc_staffing_options o = CSVC_STAFFING_OPTIONS_INIT;
    o.goals = CSVC_GOAL_OCCUPANCY;
    assert_ok(p, csvc_staffing_plan_set_options(p, &o));
    return p;
}

static void require(csvc_staffing_plan *p, size_t i, unsigned k)
{
    assert_ok(p, csvc_staffing_plan_set_interval(p, i, k ? k - 0.5 : 0.0, 3600.0));
    csvc_staffing_interval in = CSVC_STAFFING_INTERVAL_INIT;
    assert_ok(p, csvc_staffing_plan_interval(p, i, &in));
    assert_int_equal(in.required, k);
}

/* Monday: 08-12 two staff, 12-16 `mid`, 16-20 two; nothing else. */
static csvc_staffing_plan *monday(unsigned mid)
{
    csvc_staffing_plan *p = hourly_plan();
    for (int h = 8; h < 20; h++)
        require(p, H(MON, h), h >= 12 && h < 16 ? mid : 2);
    return p;
}

static csvc_shift_template shift(const char *id, int start_hour, int hours, int64_t per_hour)
{
    csvc_shift_template t = CSVC_SHIFT_TEMPLATE_INIT;
    t.id = id;
    t.start_minute = start_hour * 60;
    t.length_minutes = hours * 60;
    t.days = CSVC_DAY_MON;
    t.cost_per_hour = per_hour;
    return t;
}

#if TEST_HAVE_GLPK
static csvc_staffing_schedule *generate(const csvc_staffing_plan *p, const csvc_shift_template *t,
                                        size_t n, const csvc_generate_options *o)
{
    csvc_staffing_schedule *s = NULL;
    assert_csvc_ok(csvc_staffing_generate(p, t, n, o, &s));
    return s;
}

static csvc_schedule_summary summary_of(const csvc_staffing_schedule *s)
{
    csvc_schedule_summary u = CSVC_SCHEDULE_SUMMARY_INIT;
    assert_csvc_ok(csvc_staffing_schedule_summary(s, &u));
    return u;
}

static double covered(const csvc_staffing_schedule *s, size_t i)
{
    csvc_schedule_interval in = CSVC_SCHEDULE_INTERVAL_INIT;
    assert_csvc_ok(csvc_staffing_schedule_interval(s, i, &in));
    return in.covered;
}

/* Early A 08-16 and late B 12-20 at 100 an hour (800 a head), part-time C
 * 12-16 at `c_rate` an hour (4 x c_rate a head). 08-12 needs 2: A >= 2;
 * 16-20 needs 2: B >= 2; 12-16 needs 5: A + B + C >= 5. With C at 90
 * (360 a head) the fifth head is C: 4 x 800 + 360 = 3560. With C at 250
 * (1000) a fifth full shift is cheaper: 5 x 800 = 4000. */
static void test_two_templates_by_hand(void **state)
{
    (void)state;
    csvc_staffing_plan *p = monday(5);
    csvc_shift_template t[3] = {shift("A", 8, 8, 100), shift("B", 12, 8, 100),
                                shift("C", 12, 4, 90)};
    t[2].employment = CSVC_EMPLOYMENT_PART_TIME;
    csvc_staffing_schedule *s = generate(p, t, 3, NULL);
    csvc_schedule_summary u = summary_of(s);
    assert_int_equal(u.status, CSVC_SCHEDULE_OPTIMAL);
    assert_int_equal(u.cost, 3560);
    assert_int_equal(csvc_staffing_schedule_template_heads(s, 0), 2);
    assert_int_equal(csvc_staffing_schedule_template_heads(s, 1), 2);
    assert_int_equal(csvc_staffing_schedule_template_heads(s, 2), 1);
    assert_int_equal(u.heads, 5);
    assert_int_equal(u.heads_by_type[CSVC_EMPLOYMENT_FULL_TIME], 4);
    assert_int_equal(u.heads_by_type[CSVC_EMPLOYMENT_PART_TIME], 1);
    /* 2 x 4 + 5 x 4 + 2 x 4 = 36 staff-hours, met exactly. */
    assert_true(u.required_hours == 36.0);
    assert_true(u.covered_hours == 36.0);
    assert_true(u.shortfall_hours == 0.0 && u.overstaffing_hours == 0.0);
    assert_true(covered(s, H(MON, 13)) == 5.0);
    assert_true(covered(s, H(MON, 7)) == 0.0);
    assert_int_equal(csvc_staffing_schedule_shift_count(s), 3);
    csvc_schedule_shift sh = CSVC_SCHEDULE_SHIFT_INIT;
    assert_csvc_ok(csvc_staffing_schedule_shift(s, 2, &sh));
    assert_string_equal(sh.template_id, "C");
    assert_int_equal(sh.heads, 1);
    assert_int_equal(sh.cost, 360);
    assert_int_equal(sh.break_offset, -1);
    assert_non_null(strstr(csvc_staffing_schedule_message(s), "optimal: 5 heads, cost 3560"));
    csvc_staffing_schedule_free(s);

    t[2].cost_per_hour = 250; /* part-time no longer cheaper per head */
    s = generate(p, t, 3, NULL);
    u = summary_of(s);
    assert_int_equal(u.cost, 4000);
    assert_int_equal(csvc_staffing_schedule_template_heads(s, 2), 0);
    assert_int_equal(u.heads, 5);
    assert_true(u.overstaffing_hours == 4.0); /* the fifth full shift's other 4 hours */
    csvc_staffing_schedule_free(s);

    /* The schedule as the plan's shifts: the plan's staff equals the coverage. */
    t[2].cost_per_hour = 90;
    s = generate(p, t, 3, NULL);
    assert_ok(p, csvc_staffing_plan_set_schedule(p, s));
    assert_int_equal(csvc_staffing_plan_shift_count(p), 3);
    csvc_staffing_summary ps = CSVC_STAFFING_SUMMARY_INIT;
    assert_ok(p, csvc_staffing_plan_summary(p, &ps));
    assert_true(ps.shortfall_hours == 0.0 && ps.staffed_hours == 36.0);
    csvc_staffing_schedule_free(s);
    csvc_staffing_plan_free(p);
}

/* Soft coverage, only A and B (800 a head) and 12-16 needing 5. A fifth head
 * costs 800 and saves 4 staff-hours of shortfall; dropping one of the four
 * saves 800 and loses 8. At 150 an hour short: keep four, 4 hours short,
 * objective 3200 + 600 = 3800. At 250: add the fifth, 4000, none short. */
static void test_soft_coverage_at_two_penalties(void **state)
{
    (void)state;
    csvc_staffing_plan *p = monday(5);
    csvc_shift_template t[2] = {shift("A", 8, 8, 100), shift("B", 12, 8, 100)};
    csvc_generate_options o = CSVC_GENERATE_OPTIONS_INIT;
    o.soft = 1;
    o.shortfall_penalty = 150;
    csvc_staffing_schedule *s = generate(p, t, 2, &o);
    csvc_schedule_summary u = summary_of(s);
    assert_int_equal(u.status, CSVC_SCHEDULE_OPTIMAL);
    assert_int_equal(u.cost, 3200);
    assert_true(u.shortfall_hours == 4.0);
    assert_int_equal(u.intervals_short, 4);
    assert_true(u.objective == 3800.0);
    csvc_staffing_schedule_free(s);
    o.shortfall_penalty = 250;
    s = generate(p, t, 2, &o);
    u = summary_of(s);
    assert_int_equal(u.cost, 4000);
    assert_true(u.shortfall_hours == 0.0);
    assert_true(u.objective == 4000.0);
    csvc_staffing_schedule_free(s);
    /* Hard coverage gives the same 4000. */
    s = generate(p, t, 2, NULL);
    assert_int_equal(summary_of(s).cost, 4000);
    csvc_staffing_schedule_free(s);
    csvc_staffing_plan_free(p);
}

/* 08-17 (9 h, paid) with a one-hour break starting 11:00, 12:00 or 13:00;
 * every hour 08-17 needs 2. Two heads leave the break hour with 1: three
 * are needed, and their breaks must fall in three different hours. */
static void test_break_placement(void **state)
{
    (void)state;
    csvc_staffing_plan *p = hourly_plan();
    for (int h = 8; h < 17; h++)
        require(p, H(MON, h), 2);
    csvc_shift_template t = shift("DAY", 8, 9, 100);
    t.break_minutes = 60;
    t.break_earliest = 180;
    t.break_latest = 300;
    csvc_staffing_schedule *s = generate(p, &t, 1, NULL);
    csvc_schedule_summary u = summary_of(s);
    assert_int_equal(u.heads, 3);
    assert_int_equal(u.cost, 2700); /* breaks are paid: 3 x 9 h x 100 */
    assert_int_equal(csvc_staffing_schedule_shift_count(s), 3);
    for (size_t k = 0; k < 3; k++) {
        csvc_schedule_shift sh = CSVC_SCHEDULE_SHIFT_INIT;
        assert_csvc_ok(csvc_staffing_schedule_shift(s, k, &sh));
        assert_int_equal(sh.heads, 1);
        assert_int_equal(sh.break_offset, 180 + 60 * (int)k);
    }
    assert_true(covered(s, H(MON, 10)) == 3.0);
    assert_true(covered(s, H(MON, 12)) == 2.0);
    /* As the plan's shifts: each head in two parts around its break, so the
     * plan's staff is the coverage (27 staff-hours of 27 paid minus 3 of
     * breaks = 24; 18 required). */
    assert_ok(p, csvc_staffing_plan_set_schedule(p, s));
    assert_int_equal(csvc_staffing_plan_shift_count(p), 6);
    csvc_staffing_interval in = CSVC_STAFFING_INTERVAL_INIT;
    assert_ok(p, csvc_staffing_plan_interval(p, H(MON, 12), &in));
    assert_true(in.staffed == 2.0);
    csvc_staffing_summary ps = CSVC_STAFFING_SUMMARY_INIT;
    assert_ok(p, csvc_staffing_plan_summary(p, &ps));
    assert_true(ps.staffed_hours == 24.0 && ps.shortfall_hours == 0.0);
    csvc_staffing_schedule_free(s);
    /* A plan with other intervals refuses it and keeps its shifts. */
    csvc_staffing_plan *half;
    assert_csvc_ok(csvc_staffing_plan_new(NULL, 1800, &half));
    s = generate(p, &t, 1, NULL);
    assert_status_msg(csvc_staffing_plan_set_schedule(half, s), CSVC_E_INVALID,
                      "the plan has 1800 s intervals, the schedule 3600 s");
    csvc_staffing_plan_free(half);
    csvc_staffing_schedule_free(s);

    /* A half-hour break inside an hour counts half a head there. */
    t.break_minutes = 30;
    t.break_earliest = t.break_latest = 210; /* 11:30 */
    s = generate(p, &t, 1, NULL);
    u = summary_of(s);
    assert_int_equal(u.heads, 4); /* 11:00-12:00 has heads - heads / 2 >= 2 */
    assert_true(covered(s, H(MON, 11)) == 2.0);
    assert_true(covered(s, H(MON, 9)) == 4.0);
    csvc_staffing_schedule_free(s);
    csvc_staffing_plan_free(p);
}

static void assert_infeasible(const csvc_staffing_plan *p, const csvc_shift_template *t, size_t n,
                              const csvc_generate_options *o, csvc_schedule_limit limit,
                              int64_t interval, const char *text)
{
    csvc_staffing_schedule *s = generate(p, t, n, o);
    csvc_schedule_summary u = summary_of(s);
    assert_int_equal(u.status, CSVC_SCHEDULE_INFEASIBLE);
    if (u.limit != limit)
        fail_msg("limit %s, expected %s (%s)", csvc_schedule_limit_name(u.limit),
                 csvc_schedule_limit_name(limit), csvc_staffing_schedule_message(s));
    if (interval != -2)
        assert_int_equal(u.limit_interval, interval);
    if (!strstr(csvc_staffing_schedule_message(s), text))
        fail_msg("message '%s' lacks '%s'", csvc_staffing_schedule_message(s), text);
    assert_int_equal(u.heads, 0);
    assert_int_equal(u.cost, 0);
    assert_int_equal(csvc_staffing_schedule_shift_count(s), 0);
    csvc_staffing_schedule_free(s);
}

static void test_infeasible_names_the_limit(void **state)
{
    (void)state;
    csvc_staffing_plan *p = monday(3);
    csvc_shift_template t[3] = {shift("A", 8, 8, 100), shift("B", 12, 8, 100),
                                shift("C", 12, 4, 90)};
    t[2].employment = CSVC_EMPLOYMENT_PART_TIME;
    /* 3 is the cheapest feasible: A 2 + B 2 = 3200. */
    csvc_generate_options o = CSVC_GENERATE_OPTIONS_INIT;
    o.budget = 3199;
    assert_infeasible(p, t, 3, &o, CSVC_LIMIT_BUDGET, -2, "the budget 3199 (minor units) leaves");
    o = (csvc_generate_options)CSVC_GENERATE_OPTIONS_INIT;
    o.max_total_heads = 3;
    assert_infeasible(p, t, 3, &o, CSVC_LIMIT_TOTAL_HEADS, -2, "max_total_heads 3 leaves");
    o = (csvc_generate_options)CSVC_GENERATE_OPTIONS_INIT;
    o.limit_available = 1;
    o.available[CSVC_EMPLOYMENT_FULL_TIME] = 3;
    o.available[CSVC_EMPLOYMENT_PART_TIME] = 5;
    assert_infeasible(p, t, 3, &o, CSVC_LIMIT_AVAILABLE, -2, "the 3 available full_time heads");
    /* Caps of the templates: A at most 1 cannot give 08:00 its 2. */
    t[0].max_heads = 1;
    assert_infeasible(p, t, 3, NULL, CSVC_LIMIT_MAX_HEADS, H(MON, 8),
                      "interval 8 (Monday 08:00) needs 2 staff; the templates at their max_heads "
                      "give at most 1");
    t[0].max_heads = CSVC_STAFFING_AGENTS_MAX;
    /* Minimum heads above a limit, found before solving. */
    t[1].min_heads = 5;
    o = (csvc_generate_options)CSVC_GENERATE_OPTIONS_INIT;
    o.max_total_heads = 4;
    assert_infeasible(p, t, 3, &o, CSVC_LIMIT_TOTAL_HEADS, -1,
                      "min_heads add up to 5 heads, above max_total_heads 4");
    t[1].min_heads = 0;
    /* Nobody works at 03:00. */
    require(p, H(MON, 3), 1);
    assert_infeasible(p, t, 3, NULL, CSVC_LIMIT_NO_TEMPLATE, H(MON, 3),
                      "interval 3 (Monday 03:00) needs 1 staff and no template works then");
    /* Soft coverage is never short of a template: 03:00 goes uncovered. */
    o = (csvc_generate_options)CSVC_GENERATE_OPTIONS_INIT;
    o.soft = 1;
    o.shortfall_penalty = 1000;
    csvc_staffing_schedule *s = generate(p, t, 3, &o);
    csvc_schedule_summary u = summary_of(s);
    assert_int_equal(u.status, CSVC_SCHEDULE_OPTIMAL);
    assert_int_equal(u.cost, 3200);
    assert_true(u.shortfall_hours == 1.0);
    csvc_staffing_schedule_free(s);
    csvc_staffing_plan_free(p);
}

/* ---- exhaustive search on random small instances ------------------------- */

typedef struct brute {
    size_t ncols;
    int tmpl[8], offset[8]; /* per column */
    unsigned max_heads;
} brute;

/* Minutes a head of column c is present in hour h of Monday. */
static int present_minutes(const csvc_shift_template *t, int offset, int h)
{
    int lo = h * 60, hi = lo + 60, s = t->start_minute, e = s + t->length_minutes;
    int in = (hi < e ? hi : e) - (lo > s ? lo : s);
    in = in > 0 ? in : 0;
    if (offset >= 0) {
        int bs = s + offset, be = bs + t->break_minutes;
        int out = (hi < be ? hi : be) - (lo > bs ? lo : bs);
        in -= out > 0 ? out : 0;
    }
    return in;
}

static int64_t brute_force(const csvc_shift_template *t, size_t nt, const unsigned *req, int step,
                           int64_t *best)
{
    brute b = {0};
    for (size_t i = 0; i < nt; i++) {
        int n = t[i].break_minutes ? (t[i].break_latest - t[i].break_earliest) / step + 1 : 1;
        for (int k = 0; k < n; k++) {
            b.tmpl[b.ncols] = (int)i;
            b.offset[b.ncols] = t[i].break_minutes ? t[i].break_earliest + k * step : -1;
            b.ncols++;
        }
    }
    unsigned heads[8] = {0};
    int64_t found = -1;
    for (;;) {
        /* Check caps per template, coverage, cost. */
        unsigned per[8] = {0};
        int64_t cost = 0;
        for (size_t c = 0; c < b.ncols; c++) {
            per[b.tmpl[c]] += heads[c];
            cost += (int64_t)heads[c] * ((t[b.tmpl[c]].cost_per_hour * t[b.tmpl[c]].length_minutes + 30) / 60);
        }
        int ok = 1;
        for (size_t i = 0; i < nt && ok; i++)
            ok = per[i] >= t[i].min_heads && per[i] <= t[i].max_heads;
        for (int h = 0; h < 24 && ok; h++) {
            int minutes = 0;
            for (size_t c = 0; c < b.ncols; c++)
                minutes += (int)heads[c] * present_minutes(&t[b.tmpl[c]], b.offset[c], h);
            ok = minutes >= (int)req[h] * 60;
        }
        if (ok && (found < 0 || cost < found))
            found = cost;
        size_t c = 0; /* next vector, each column 0..3 */
        while (c < b.ncols && ++heads[c] > 3)
            heads[c++] = 0;
        if (c == b.ncols)
            break;
    }
    *best = found;
    return found;
}

static void test_agrees_with_exhaustive_search(void **state)
{
    (void)state;
    srand(20261203);
    int feasible = 0, infeasible = 0;
    for (int round = 0; round < 40; round++) {
        csvc_staffing_plan *p = hourly_plan();
        unsigned req[24] = {0};
        for (int h = 8; h < 16; h++) {
            req[h] = (unsigned)(rand() % 4);
            require(p, H(MON, h), req[h]);
        }
        size_t nt = 2 + (size_t)(rand() % 2);
        csvc_shift_template t[3];
        const char *ids[] = {"T0", "T1", "T2"};
        for (size_t i = 0; i < nt; i++) {
            t[i] = shift(ids[i], 6 + rand() % 6, 4 + rand() % 5, 50 + rand() % 100);
            t[i].max_heads = 3;
            if (i == 0 && t[i].length_minutes >= 360) { /* a break, 2 offsets */
                t[i].break_minutes = rand() % 2 ? 60 : 30;
                t[i].break_earliest = 120;
                t[i].break_latest = 180;
            }
        }
        int64_t best;
        brute_force(t, nt, req, 60, &best);
        csvc_generate_options o = CSVC_GENERATE_OPTIONS_INIT;
        o.mip_gap = 0.0;
        csvc_staffing_schedule *s = generate(p, t, nt, &o);
        csvc_schedule_summary u = summary_of(s);
        if (best < 0) {
            assert_int_equal(u.status, CSVC_SCHEDULE_INFEASIBLE);
            infeasible++;
        } else {
            if (u.status != CSVC_SCHEDULE_OPTIMAL || u.cost != best)
                fail_msg("round %d: solver %s cost %lld, exhaustive search %lld", round,
                         csvc_schedule_status_name(u.status), (long long)u.cost,
                         (long long)best);
            assert_true(u.shortfall_hours == 0.0);
            feasible++;
        }
        csvc_staffing_schedule_free(s);
        csvc_staffing_plan_free(p);
    }
    if (feasible < 5 || infeasible < 5) /* both kinds must be exercised */
        fail_msg("%d feasible and %d infeasible instances", feasible, infeasible);
}

static void test_time_limit_reports_a_gap(void **state)
{
    (void)state;
    /* A full week at 15 minutes with many overlapping templates: a tiny
     * time limit stops the search (or it finishes; either way consistent). */
    csvc_staffing_plan *p;
    assert_csvc_ok(csvc_staffing_plan_new(NULL, 900, &p));
    for (size_t i = 0; i < csvc_staffing_plan_interval_count(p); i++)
        assert_ok(p, csvc_staffing_plan_set_interval(p, i, 20.0 + (double)(i * 7 % 23), 300.0));
    csvc_shift_template t[40];
    char ids[40][8];
    for (int k = 0; k < 40; k++) {
        snprintf(ids[k], sizeof ids[k], "S%d", k);
        t[k] = shift(ids[k], 0, 8, 100 + k % 7);
        t[k].start_minute = (k * 36) % 1440;
        t[k].days = CSVC_DAYS_ALL & ~(1u << (k % 7));
        t[k].break_minutes = 30;
        t[k].break_earliest = 180;
        t[k].break_latest = 300;
    }
    csvc_generate_options o = CSVC_GENERATE_OPTIONS_INIT;
    o.time_limit = 0.05;
    o.mip_gap = 0.0;
    csvc_staffing_schedule *s = generate(p, t, 40, &o);
    csvc_schedule_summary u = summary_of(s);
    assert_true(u.status == CSVC_SCHEDULE_OPTIMAL || u.status == CSVC_SCHEDULE_TIME_LIMIT ||
                u.status == CSVC_SCHEDULE_NO_SOLUTION);
    if (u.status == CSVC_SCHEDULE_TIME_LIMIT) {
        assert_true(u.gap >= 0.0 && u.gap < 1.0);
        assert_true(u.shortfall_hours == 0.0); /* hard coverage holds for any schedule found */
        assert_non_null(strstr(csvc_staffing_schedule_message(s), "time limit reached"));
    }
    assert_true(u.seconds < 5.0);
    csvc_staffing_schedule_free(s);
    csvc_staffing_plan_free(p);
}


/* Every allocation failing in turn: the call fails with CSVC_E_NOMEM (or
 * succeeds once the budget suffices), and nothing leaks. Infeasible runs
 * allocate for the diagnosis too. */
static void test_out_of_memory_leaks_nothing(void **state)
{
    (void)state;
    for (int infeasible = 0; infeasible < 2; infeasible++) {
        int succeeded = 0;
        for (long budget = 0; budget < 400 && !succeeded; budget++) {
            test_failing_alloc fa = {-1, 0, 0};
            csvc_allocator al = test_failing_allocator(&fa);
            csvc_staffing_plan *p;
            assert_csvc_ok(csvc_staffing_plan_new(&al, 3600, &p));
            csvc_staffing_options o = CSVC_STAFFING_OPTIONS_INIT;
            o.goals = CSVC_GOAL_OCCUPANCY;
            assert_ok(p, csvc_staffing_plan_set_options(p, &o));
            for (int h = 8; h < 20; h++)
                require(p, H(MON, h), h >= 12 && h < 16 ? 5 : 2);
            csvc_shift_template t[2] = {shift("A", 8, 8, 100), shift("B", 12, 8, 100)};
            t[0].break_minutes = 60;
            t[0].break_earliest = 180;
            t[0].break_latest = 240;
            csvc_generate_options g = CSVC_GENERATE_OPTIONS_INIT;
            g.budget = infeasible ? 100 : 0;
            fa.budget = budget;
            csvc_staffing_schedule *s = NULL;
            csvc_status rc = csvc_staffing_generate(p, t, 2, &g, &s);
            if (rc == CSVC_OK) {
                succeeded = 1;
                csvc_schedule_summary u = summary_of(s);
                assert_int_equal(u.status,
                                 infeasible ? CSVC_SCHEDULE_INFEASIBLE : CSVC_SCHEDULE_OPTIMAL);
            } else {
                assert_int_equal(rc, CSVC_E_NOMEM);
                assert_null(s);
            }
            csvc_staffing_schedule_free(s);
            csvc_staffing_plan_free(p);
            assert_int_equal(fa.live, 0);
        }
        assert_true(succeeded);
    }
}

#endif /* TEST_HAVE_GLPK */

static void test_bad_input_is_named(void **state)
{
    (void)state;
    csvc_staffing_plan *p = monday(3);
    csvc_shift_template t[2] = {shift("A", 8, 8, 100), shift("B", 12, 8, 100)};
    csvc_staffing_schedule *s = (csvc_staffing_schedule *)p; /* must stay untouched */
    csvc_staffing_schedule *const untouched = s;
#define BAD(field_set, status, text)                                                          \
    do {                                                                                      \
        csvc_shift_template b[2] = {t[0], t[1]};                                              \
        field_set;                                                                            \
        assert_status_msg(csvc_staffing_generate(p, b, 2, NULL, &s), status, text);           \
        assert_ptr_equal(s, untouched);                                                       \
    } while (0)
    BAD(b[1].start_minute = 1440, CSVC_E_RANGE, "templates[1] 'B': start_minute 1440 outside");
    BAD(b[0].length_minutes = 0, CSVC_E_RANGE, "templates[0] 'A': length_minutes 0 outside 1..1440");
    BAD(b[0].days = 0x80, CSVC_E_RANGE, "days 0x80");
    BAD(b[0].break_minutes = 480, CSVC_E_RANGE, "break_minutes 480 outside 0..479");
    BAD(b[0].break_earliest = 60, CSVC_E_RANGE, "break_earliest 60 / break_latest 0 without a break");
    BAD((b[0].break_minutes = 60, b[0].break_earliest = 300, b[0].break_latest = 240),
        CSVC_E_RANGE, "break window 300..240");
    BAD((b[0].break_minutes = 60, b[0].break_latest = 421), CSVC_E_RANGE, "(420)");
    BAD((b[0].min_heads = 4, b[0].max_heads = 3), CSVC_E_RANGE, "min_heads 4 above max_heads 3");
    BAD(b[0].max_heads = CSVC_STAFFING_AGENTS_MAX + 1, CSVC_E_RANGE, "max_heads 1000001 above");
    BAD(b[0].employment = (csvc_employment)7, CSVC_E_INVALID, "employment 7 unknown");
    BAD(b[1].cost_per_hour = -1, CSVC_E_RANGE, "templates[1] 'B': cost_per_hour -1 outside");
    BAD(b[1].id = "A", CSVC_E_EXISTS, "templates[1] 'A': the id of templates[0] already");
    BAD(b[1].id = "", CSVC_E_INVALID, "templates[1]: id");
    BAD(b[1].version = 9, CSVC_E_VERSION, "templates[1]");
#undef BAD
    csvc_generate_options o = CSVC_GENERATE_OPTIONS_INIT;
#define BADOPT(field_set, status, text)                                                       \
    do {                                                                                      \
        o = (csvc_generate_options)CSVC_GENERATE_OPTIONS_INIT;                                \
        field_set;                                                                            \
        assert_status_msg(csvc_staffing_generate(p, t, 2, &o, &s), status, text);             \
        assert_ptr_equal(s, untouched);                                                       \
    } while (0)
    BADOPT(o.soft = 2, CSVC_E_INVALID, "options.soft 2");
    BADOPT(o.soft = 1, CSVC_E_RANGE, "soft coverage needs a penalty");
    BADOPT(o.budget = -5, CSVC_E_RANGE, "options.budget -5 is negative");
    BADOPT(o.time_limit = 0.0, CSVC_E_RANGE, "options.time_limit 0 outside");
    BADOPT(o.time_limit = NAN, CSVC_E_RANGE, "options.time_limit");
    BADOPT(o.mip_gap = 1.0, CSVC_E_RANGE, "options.mip_gap 1 outside [0, 1)");
    BADOPT(o.limit_available = 3, CSVC_E_INVALID, "options.limit_available 3");
    BADOPT(o.available[2] = CSVC_STAFFING_AGENTS_MAX + 1, CSVC_E_RANGE,
           "options.available[2] (temporary)");
    BADOPT(o.version = 0, CSVC_E_VERSION, "options");
#undef BADOPT
    assert_status_msg(csvc_staffing_generate(p, t, 0, NULL, &s), CSVC_E_RANGE,
                      "count 0 outside 1..1000");
    assert_int_equal(csvc_staffing_generate(NULL, t, 2, NULL, &s), CSVC_E_NULL);
    assert_int_equal(csvc_staffing_generate(p, NULL, 2, NULL, &s), CSVC_E_NULL);
    assert_int_equal(csvc_staffing_generate(p, t, 2, NULL, NULL), CSVC_E_NULL);
#if !TEST_HAVE_GLPK
    assert_status_msg(csvc_staffing_generate(p, t, 2, NULL, &s), CSVC_E_UNSUPPORTED,
                      "built without GLPK");
    assert_ptr_equal(s, untouched);
#endif
    csvc_staffing_plan_free(p);
}

/* ---- the roster's heads and the recruitment need --------------------------- */

#define D2025_01_01 INT64_C(1735689600)

static void test_available_heads_and_recruitment(void **state)
{
    (void)state;
    csvc_roster *r = fx_roster(); /* T1: A1, A2, GONE (inactive); T2: B1 */
    fx_add_agent(r, "P1", "T1", 1);
    fx_add_agent(r, "P2", "T1", 1);
    fx_add_agent(r, "X1", "T1", 1);
    assert_ok(r, csvc_roster_set_employment(r, "P1", CSVC_EMPLOYMENT_PART_TIME, 20));
    assert_ok(r, csvc_roster_set_employment(r, "P2", CSVC_EMPLOYMENT_PART_TIME, 20));
    assert_ok(r, csvc_roster_set_employment(r, "X1", CSVC_EMPLOYMENT_TEMPORARY, 40));
    assert_ok(r, csvc_roster_separate_agent(r, "P2", D2025_01_01, CSVC_SEPARATION_RESIGNED));
    uint32_t heads[CSVC_EMPLOYMENT_COUNT];
    int64_t at = D2025_01_01 + 86400;
    assert_csvc_ok(csvc_staffing_available_heads(r, "T1", at, heads));
    assert_int_equal(heads[CSVC_EMPLOYMENT_FULL_TIME], 2); /* A1, A2; GONE is inactive */
    assert_int_equal(heads[CSVC_EMPLOYMENT_PART_TIME], 1); /* P2 left */
    assert_int_equal(heads[CSVC_EMPLOYMENT_TEMPORARY], 1);
    assert_csvc_ok(csvc_staffing_available_heads(r, NULL, at, heads));
    assert_int_equal(heads[CSVC_EMPLOYMENT_FULL_TIME], 3); /* and B1 */
    /* Before the separation P2 still counts. */
    assert_csvc_ok(csvc_staffing_available_heads(r, "T1", D2025_01_01 - 1, heads));
    assert_int_equal(heads[CSVC_EMPLOYMENT_PART_TIME], 2);
    assert_status_msg(csvc_staffing_available_heads(r, "NOPE", at, heads), CSVC_E_NOTFOUND,
                      "team 'NOPE' not found");
    assert_int_equal(csvc_staffing_available_heads(NULL, NULL, at, heads), CSVC_E_NULL);
#if TEST_HAVE_GLPK
    /* The first schedule: 4 full-time and 1 part-time heads. */
    csvc_staffing_plan *p = monday(5);
    csvc_shift_template t[3] = {shift("A", 8, 8, 100), shift("B", 12, 8, 100),
                                shift("C", 12, 4, 90)};
    t[2].employment = CSVC_EMPLOYMENT_PART_TIME;
    csvc_staffing_schedule *s = generate(p, t, 3, NULL);
    csvc_recruitment need = CSVC_RECRUITMENT_INIT;
    assert_csvc_ok(csvc_staffing_recruitment(r, "T1", at, s, &need));
    assert_int_equal(need.required[CSVC_EMPLOYMENT_FULL_TIME], 4);
    assert_int_equal(need.available[CSVC_EMPLOYMENT_FULL_TIME], 2);
    assert_int_equal(need.gap[CSVC_EMPLOYMENT_FULL_TIME], 2);
    assert_int_equal(need.gap[CSVC_EMPLOYMENT_PART_TIME], 0);
    assert_int_equal(need.surplus[CSVC_EMPLOYMENT_TEMPORARY], 1);
    assert_int_equal(need.total_gap, 2);
    need.version = 7;
    assert_int_equal(csvc_staffing_recruitment(r, "T1", at, s, &need), CSVC_E_VERSION);
    csvc_staffing_schedule_free(s);
    /* Limited to the roster's heads (2 full-time, 1 part-time, 1 temporary)
     * the same week cannot be covered by full-time heads alone. */
    csvc_generate_options o = CSVC_GENERATE_OPTIONS_INIT;
    o.limit_available = 1;
    assert_csvc_ok(csvc_staffing_available_heads(r, "T1", at, o.available));
    assert_infeasible(p, t, 3, &o, CSVC_LIMIT_AVAILABLE, -2, "available full_time heads");
    csvc_staffing_plan_free(p);
#endif
    csvc_roster_free(r);
}

/* ---- intraday re-plan -------------------------------------------------------- */

static void test_replan_rescales_the_rest_of_the_day(void **state)
{
    (void)state;
    csvc_staffing_plan *p = hourly_plan();
    for (int h = 0; h < 24; h++) {
        require(p, H(MON, h), h >= 8 && h < 20 ? 10 : 0); /* 9.5 arrivals an hour */
        require(p, H(1, h), 3);
    }
    csvc_staffing_shift sh = CSVC_STAFFING_SHIFT_INIT;
    sh.start_minute = 8 * 60;
    sh.length_minutes = 12 * 60;
    sh.days = CSVC_DAYS_ALL;
    sh.heads = 12;
    assert_ok(p, csvc_staffing_plan_add_shift(p, &sh));
    /* Until 11:00: 0 at night, then 14.25 three times: 42.75 against 28.5. */
    double seen[11] = {0};
    seen[8] = seen[9] = seen[10] = 14.25;
    double ratio = 0;
    csvc_staffing_plan *q = NULL;
    assert_csvc_ok(csvc_staffing_plan_replan(p, MON, seen, 11, &ratio, &q));
    assert_true(fabs(ratio - 1.5) < 1e-15);
    csvc_staffing_interval in = CSVC_STAFFING_INTERVAL_INIT;
    assert_ok(q, csvc_staffing_plan_interval(q, H(MON, 9), &in));
    assert_true(in.arrivals == 14.25); /* observed */
    assert_ok(q, csvc_staffing_plan_interval(q, H(MON, 15), &in));
    assert_true(fabs(in.arrivals - 14.25) < 1e-12); /* 9.5 x 1.5 */
    assert_int_equal(in.required, 15);              /* floor(14.25) + 1 */
    assert_true(in.shortfall == 3.0);               /* 12 on the shift */
    assert_ok(q, csvc_staffing_plan_interval(q, H(1, 15), &in));
    assert_int_equal(in.required, 3); /* Tuesday unchanged */
    assert_ok(p, csvc_staffing_plan_interval(p, H(MON, 15), &in));
    assert_int_equal(in.required, 10); /* the original plan too */
    assert_int_equal(csvc_staffing_plan_shift_count(q), 1);
    csvc_staffing_plan_free(q);

    q = NULL;
    assert_status_msg(csvc_staffing_plan_replan(p, 7, seen, 11, &ratio, &q), CSVC_E_RANGE,
                      "day 7 outside");
    assert_status_msg(csvc_staffing_plan_replan(p, MON, seen, 24, &ratio, &q), CSVC_E_RANGE,
                      "count 24 outside 1..23");
    assert_status_msg(csvc_staffing_plan_replan(p, MON, seen, 8, &ratio, &q), CSVC_E_INVALID,
                      "no arrivals in the 8 observed intervals");
    seen[9] = -1;
    assert_status_msg(csvc_staffing_plan_replan(p, MON, seen, 11, &ratio, &q), CSVC_E_RANGE,
                      "observed[9] -1");
    assert_null(q);
    assert_int_equal(csvc_staffing_plan_replan(p, MON, NULL, 11, &ratio, &q), CSVC_E_NULL);
    csvc_staffing_plan_free(p);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(csvc_schedule_status_name(CSVC_SCHEDULE_TIME_LIMIT), "time_limit");
    assert_string_equal(csvc_schedule_limit_name(CSVC_LIMIT_AVAILABLE), "available");
    assert_null(csvc_schedule_limit_name((csvc_schedule_limit)7));
    assert_string_equal(csvc_status_name(CSVC_E_UNSUPPORTED), "CSVC_E_UNSUPPORTED");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#if TEST_HAVE_GLPK
        cmocka_unit_test(test_two_templates_by_hand),
        cmocka_unit_test(test_soft_coverage_at_two_penalties),
        cmocka_unit_test(test_break_placement),
        cmocka_unit_test(test_infeasible_names_the_limit),
        cmocka_unit_test(test_agrees_with_exhaustive_search),
        cmocka_unit_test(test_time_limit_reports_a_gap),
        cmocka_unit_test(test_out_of_memory_leaks_nothing),
#endif
        cmocka_unit_test(test_bad_input_is_named),
        cmocka_unit_test(test_available_heads_and_recruitment),
        cmocka_unit_test(test_replan_rescales_the_rest_of_the_day),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
