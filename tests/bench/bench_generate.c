/* Shift generation for bench_staffing: a week of 336 half-hours with 60
 * templates solved by csvc_staffing_generate(), against the plain greedy
 * heuristic a scheduler would otherwise write (add the head that covers
 * the most remaining shortfall per unit of cost until nothing is short).
 *
 * The week: a shop open 08:00-24:00 every day, contacts peaking late
 * morning and evening, lighter at weekends, AHT 300 s, 80 % within 20 s,
 * shrinkage 30 %. Templates: 27 full-time 9-hour shifts (08:00..16:00
 * starts on Mon-Fri, Sat-Wed and Wed-Sun, a paid hour of lunch 3 to 5 hours
 * in, 22.00 an hour), 26 part-time 4-hour shifts (08:00..20:00 on weekdays
 * and on weekends, 26.00; at most 40 heads) and 7 temporary 6-hour shifts
 * (08:00..20:00 every day, 30 minutes' break 2 to 3 hours in, 32.00; at
 * most 15 heads). The greedy peer knows no head limits: its schedule may
 * use more part-timers than there are, which only flatters it. Target:
 * optimal or within 1 % in under 2 s. */
#include "bench_generate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NT 60
#define STEP 30 /* minutes */
#define NI (7 * 48)

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Contacts per half hour at local minute m of day d. */
static double arrivals_at(int d, int m)
{
    if (m < 8 * 60)
        return 0.0;
    double h = m / 60.0;
    double curve = 40.0 + 90.0 * exp(-pow((h - 11.0) / 1.8, 2)) + 70.0 * exp(-pow((h - 15.5) / 2.0, 2)) +
                   80.0 * exp(-pow((h - 21.0) / 1.5, 2));
    return curve * (d >= 5 ? 0.7 : 1.0);
}

static int make_templates(csvc_shift_template *t, char ids[][16])
{
    static const uint32_t ft_days[3] = {CSVC_DAYS_WEEKDAYS,
                                        CSVC_DAY_SAT | CSVC_DAY_SUN | CSVC_DAY_MON | CSVC_DAY_TUE |
                                            CSVC_DAY_WED,
                                        CSVC_DAY_WED | CSVC_DAY_THU | CSVC_DAY_FRI | CSVC_DAY_SAT |
                                            CSVC_DAY_SUN};
    int n = 0;
    for (int p = 0; p < 3; p++)
        for (int h = 8; h <= 16; h++, n++) {
            csvc_shift_template_init(&t[n]);
            snprintf(ids[n], 16, "FT%d-%02d", p, h);
            t[n].id = ids[n];
            t[n].start_minute = h * 60;
            t[n].length_minutes = 9 * 60 > (24 - h) * 60 ? (24 - h) * 60 : 9 * 60;
            t[n].days = ft_days[p];
            t[n].break_minutes = 60;
            t[n].break_earliest = 180;
            t[n].break_latest = t[n].length_minutes - 60 < 300 ? t[n].length_minutes - 60 : 300;
            t[n].cost_per_hour = 2200;
        }
    for (int p = 0; p < 2; p++)
        for (int h = 8; h <= 20; h++, n++) {
            csvc_shift_template_init(&t[n]);
            snprintf(ids[n], 16, "PT%d-%02d", p, h);
            t[n].id = ids[n];
            t[n].start_minute = h * 60;
            t[n].length_minutes = 240;
            t[n].days = p == 0 ? CSVC_DAYS_WEEKDAYS : (CSVC_DAY_SAT | CSVC_DAY_SUN);
            t[n].employment = CSVC_EMPLOYMENT_PART_TIME;
            t[n].cost_per_hour = 2600;
        }
    for (int h = 8; h <= 20; h += 2, n++) {
        csvc_shift_template_init(&t[n]);
        snprintf(ids[n], 16, "TMP-%02d", h);
        t[n].id = ids[n];
        t[n].start_minute = h * 60;
        t[n].length_minutes = h <= 18 ? 360 : 240;
        t[n].days = CSVC_DAYS_ALL;
        t[n].break_minutes = 30;
        t[n].break_earliest = 120;
        t[n].break_latest = 180;
        t[n].employment = CSVC_EMPLOYMENT_TEMPORARY;
        t[n].cost_per_hour = 3200;
    }
    return n;
}

/* ---- the greedy peer, on its own coverage arithmetic ----------------------- */

typedef struct column {
    int tmpl;
    int minutes[NI]; /* per head */
    int64_t cost;
} column;

static int build_columns(const csvc_shift_template *t, int nt, column **out)
{
    int n = 0;
    for (int k = 0; k < nt; k++)
        n += t[k].break_minutes ? (t[k].break_latest - t[k].break_earliest) / STEP + 1 : 1;
    column *c = calloc((size_t)n, sizeof *c);
    int j = 0;
    for (int k = 0; k < nt; k++) {
        int offsets = t[k].break_minutes ? (t[k].break_latest - t[k].break_earliest) / STEP + 1 : 1;
        for (int o = 0; o < offsets; o++, j++) {
            c[j].tmpl = k;
            int days = 0;
            for (int d = 0; d < 7; d++) {
                if (!(t[k].days & (1u << d)))
                    continue;
                days++;
                int start = d * 1440 + t[k].start_minute;
                int bs = t[k].break_minutes ? start + t[k].break_earliest + o * STEP : -1;
                for (int m = start; m < start + t[k].length_minutes; m++) {
                    if (bs >= 0 && m >= bs && m < bs + t[k].break_minutes)
                        continue;
                    c[j].minutes[(m % (7 * 1440)) / STEP]++;
                }
            }
            c[j].cost = (t[k].cost_per_hour * t[k].length_minutes * days + 30) / 60;
        }
    }
    *out = c;
    return n;
}

static int64_t greedy(const column *c, int n, const uint32_t *required, double *seconds)
{
    double t0 = seconds_now();
    double need[NI];
    for (int i = 0; i < NI; i++)
        need[i] = required[i];
    int64_t cost = 0;
    for (;;) {
        int best = -1;
        double best_ratio = 0.0;
        for (int j = 0; j < n; j++) {
            double gain = 0.0;
            for (int i = 0; i < NI; i++)
                if (need[i] > 0 && c[j].minutes[i])
                    gain += fmin(need[i], c[j].minutes[i] / (double)STEP);
            double ratio = gain / (double)c[j].cost;
            if (gain > 0 && ratio > best_ratio) {
                best_ratio = ratio;
                best = j;
            }
        }
        if (best < 0)
            break;
        cost += c[best].cost;
        for (int i = 0; i < NI; i++)
            need[i] -= c[best].minutes[i] / (double)STEP;
    }
    *seconds = seconds_now() - t0;
    for (int i = 0; i < NI; i++)
        if (need[i] > 1e-9)
            return -1; /* some interval no template covers */
    return cost;
}

int bench_generate(void)
{
    csvc_staffing_plan *plan;
    csvc_staffing_options o = CSVC_STAFFING_OPTIONS_INIT;
    o.shrinkage = 0.3;
    if (csvc_staffing_plan_new(NULL, 1800, &plan) != CSVC_OK ||
        csvc_staffing_plan_set_options(plan, &o) != CSVC_OK)
        return 1;
    uint32_t required[NI];
    for (int i = 0; i < NI; i++) {
        if (csvc_staffing_plan_set_interval(plan, (size_t)i, arrivals_at(i / 48, (i % 48) * 30),
                                            300.0) != CSVC_OK)
            return 1;
        csvc_staffing_interval in = CSVC_STAFFING_INTERVAL_INIT;
        csvc_staffing_plan_interval(plan, (size_t)i, &in);
        required[i] = in.required;
    }
    csvc_shift_template t[NT];
    char ids[NT][16];
    int nt = make_templates(t, ids);
    csvc_generate_options g = CSVC_GENERATE_OPTIONS_INIT;
    g.mip_gap = 0.01;
    g.time_limit = 10.0;
    g.limit_available = 1; /* the roster's part-timers and the agency's temps */
    g.available[CSVC_EMPLOYMENT_FULL_TIME] = CSVC_STAFFING_AGENTS_MAX;
    g.available[CSVC_EMPLOYMENT_PART_TIME] = 40;
    g.available[CSVC_EMPLOYMENT_TEMPORARY] = 15;
    uint32_t peak = 0;
    for (int i = 0; i < NI; i++)
        peak = required[i] > peak ? required[i] : peak;
    printf("generate: 336 half-hours, %d templates, peak %u staff, at most %u part-time and %u "
           "temporary heads, 1 %% gap accepted\n",
           nt, peak, g.available[CSVC_EMPLOYMENT_PART_TIME],
           g.available[CSVC_EMPLOYMENT_TEMPORARY]);
    double t0 = seconds_now();
    csvc_staffing_schedule *s = NULL;
    csvc_status rc = csvc_staffing_generate(plan, t, (size_t)nt, &g, &s);
    double solve_s = seconds_now() - t0;
    if (rc == CSVC_E_UNSUPPORTED) {
        printf("csvc_staffing_generate: unavailable (built without GLPK)\n");
        csvc_staffing_plan_free(plan);
        return 0;
    }
    if (rc != CSVC_OK) {
        fprintf(stderr, "bench_staffing: generate: %s\n", csvc_last_errmsg());
        return 1;
    }
    csvc_schedule_summary u = CSVC_SCHEDULE_SUMMARY_INIT;
    csvc_staffing_schedule_summary(s, &u);
    printf("csvc_staffing_generate: %s, %.3f s, cost %lld.%02lld a week, %u heads "
           "(%u full-time, %u part-time, %u temporary), gap %.3f %%, overstaffing %.1f "
           "staff-hours of %.1f required\n",
           csvc_schedule_status_name(u.status), solve_s, (long long)(u.cost / 100),
           (long long)(u.cost % 100), u.heads, u.heads_by_type[0], u.heads_by_type[1],
           u.heads_by_type[2], u.gap * 100.0, u.overstaffing_hours, u.required_hours);
    column *cols;
    int ncols = build_columns(t, nt, &cols);
    double greedy_s;
    int64_t greedy_cost = greedy(cols, ncols, required, &greedy_s);
    if (greedy_cost < 0) {
        printf("greedy: leaves intervals uncovered\n");
    } else {
        printf("greedy: %.3f s, cost %lld.%02lld a week\n", greedy_s, (long long)(greedy_cost / 100),
               (long long)(greedy_cost % 100));
        printf("ratio: greedy cost / solver cost = %.3f (the solver saves %.1f %%)\n",
               (double)greedy_cost / (double)u.cost,
               100.0 * (double)(greedy_cost - u.cost) / (double)greedy_cost);
    }
    printf("target: optimal or within 1 %% in under 2 s: %s\n",
           u.status == CSVC_SCHEDULE_OPTIMAL && u.gap <= 0.01 && solve_s < 2.0 ? "yes" : "NO");
    free(cols);
    csvc_staffing_schedule_free(s);
    csvc_staffing_plan_free(plan);
    return 0;
}
