/* staffing: how many people the example desk needs, hour by hour, over a
 * week, and how a simple shift pattern covers it.
 *
 *   staffing [roster.csv] [tickets_events.csv]
 *
 * The desk is built from examples/data (the roster and its event log), and
 * a forecast of phone and chat arrivals per hour of the local week
 * (+08:00) is learnt from its history over the four weeks from Monday
 * 2025-11-03. That log holds only a handful of tickets, far too few for a
 * forecast, so the example adds four weeks of synthetic phone and chat
 * contacts (a fixed seed: the output is the same on every run) with a
 * daily curve (morning and evening peaks, quiet nights) and busier Mondays,
 * and says so. Handle time: 6 minutes a contact (resolution times in the
 * log include waiting, so they are not used as handle times).
 *
 * It prints the scheduled staff required for 80 % of contacts answered
 * within 20 s with 30 % shrinkage (rows = hours, columns = days), then
 * covers the week with a hand-made shift pattern and prints the shortfall,
 * the overstaffing and the service level those shifts reach. Then it lets
 * the solver generate the shifts from templates (full-time with a lunch
 * break, part-time, nights) at least cost, prints the same figures for
 * them, and the recruitment need against the roster's heads. */
#include <csvc.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#define UTC_OFFSET (8 * 3600)
#define WEEK (7 * 86400)
#define HISTORY_WEEKS 4
#define AHT 360.0
#define SEED 20251103u

static const char *const day_names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* ---- synthetic history --------------------------------------------------- */

static unsigned long long rng_state = SEED;

/* Uniform in [0, 1), xorshift64*. */
static double uniform(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (double)((rng_state * 2685821657736338717ull) >> 11) / 9007199254740992.0;
}

/* A Poisson count of mean `mean` (Knuth's product of uniforms; means here
 * stay below 100). */
static int poisson(double mean)
{
    double limit = exp(-mean), p = 1.0;
    int k = -1;
    do {
        k++;
        p *= uniform();
    } while (p > limit);
    return k;
}

/* Contacts per hour of a weekday at base volume: quiet nights, a morning
 * and an evening peak (relative weights, summing to 730). */
static const double hour_weight[24] = {4,  2,  1,  1,  1,  2,  5,  12, 30, 52, 64, 60,
                                       48, 52, 60, 58, 50, 44, 42, 48, 46, 32, 16, 11};
static const double day_factor[7] = {1.25, 1.10, 1.00, 1.00, 1.05, 0.80, 0.70};
static const double contacts_per_day = 640.0;

/* Teams taking phone and chat contacts in examples/data/roster.csv. */
static const struct {
    const char *team;
    csvc_channel channel;
    double share;
} queues[] = {
    {"PRE", CSVC_CHANNEL_CHAT, 0.35},  {"RET", CSVC_CHANNEL_PHONE, 0.25},
    {"LOG", CSVC_CHANNEL_CHAT, 0.20},  {"TEC", CSVC_CHANNEL_PHONE, 0.15},
    {"CMP", CSVC_CHANNEL_PHONE, 0.05},
};

static int add_synthetic(csvc_desk *desk, int64_t start, long *added)
{
    double total_weight = 0;
    for (int h = 0; h < 24; h++)
        total_weight += hour_weight[h];
    long serial = 0;
    for (int w = 0; w < HISTORY_WEEKS; w++)
        for (int d = 0; d < 7; d++)
            for (int h = 0; h < 24; h++) {
                double mean = contacts_per_day * day_factor[d] * hour_weight[h] / total_weight;
                int n = poisson(mean);
                int64_t hour = start + (int64_t)w * WEEK + (int64_t)d * 86400 + h * 3600;
                for (int k = 0; k < n; k++) {
                    double u = uniform(), acc = 0;
                    size_t q = 0;
                    while (q + 1 < sizeof queues / sizeof *queues && u >= acc + queues[q].share)
                        acc += queues[q++].share;
                    char id[32];
                    snprintf(id, sizeof id, "SYN-%06ld", ++serial);
                    csvc_ticket_spec spec = CSVC_TICKET_SPEC_INIT;
                    spec.id = id;
                    spec.team_id = queues[q].team;
                    spec.channel = queues[q].channel;
                    spec.created = hour + (int64_t)(uniform() * 3600);
                    if (csvc_desk_create(desk, &spec) != CSVC_OK) {
                        fprintf(stderr, "staffing: %s\n", csvc_desk_errmsg(desk));
                        return -1;
                    }
                }
            }
    *added = serial;
    return 0;
}

/* ---- output -------------------------------------------------------------- */

static int print_requirements(const csvc_staffing_plan *plan)
{
    printf("\nScheduled staff required per hour (80 %% answered within 20 s, AHT %.0f s, "
           "30 %% shrinkage)\n",
           AHT);
    printf("hour  ");
    for (int d = 0; d < 7; d++)
        printf("%5s", day_names[d]);
    printf("   | contacts Mon\n");
    for (int h = 0; h < 24; h++) {
        printf("%02d:00 ", h);
        double monday = 0;
        for (int d = 0; d < 7; d++) {
            csvc_staffing_interval row = CSVC_STAFFING_INTERVAL_INIT;
            if (csvc_staffing_plan_interval(plan, (size_t)(d * 24 + h), &row) != CSVC_OK) {
                fprintf(stderr, "staffing: %s\n", csvc_last_errmsg());
                return -1;
            }
            printf("%5u", (unsigned)row.required);
            if (d == 0)
                monday = row.arrivals;
        }
        printf("   | %6.1f\n", monday);
    }
    return 0;
}

static int print_coverage(const csvc_staffing_plan *plan)
{
    csvc_staffing_summary s = CSVC_STAFFING_SUMMARY_INIT;
    if (csvc_staffing_plan_summary(plan, &s) != CSVC_OK) {
        fprintf(stderr, "staffing: %s\n", csvc_last_errmsg());
        return -1;
    }
    printf("  required %.0f staff-hours a week, scheduled %.0f; shortfall %.0f staff-hours "
           "in %u of %u hours, overstaffing %.0f staff-hours\n",
           s.required_hours, s.staffed_hours, s.shortfall_hours, (unsigned)s.intervals_short,
           (unsigned)s.intervals, s.overstaffing_hours);
    printf("  service level reached over the week: %.1f %% of %.0f contacts within 20 s\n",
           s.service_level * 100, s.arrivals);
    /* The three worst hours. */
    int worst[3] = {-1, -1, -1};
    double gap[3] = {0, 0, 0};
    for (size_t i = 0; i < s.intervals; i++) {
        csvc_staffing_interval row = CSVC_STAFFING_INTERVAL_INIT;
        if (csvc_staffing_plan_interval(plan, i, &row) != CSVC_OK)
            return -1;
        for (int k = 0; k < 3; k++)
            if (row.shortfall > gap[k]) {
                for (int j = 2; j > k; j--) {
                    gap[j] = gap[j - 1];
                    worst[j] = worst[j - 1];
                }
                gap[k] = row.shortfall;
                worst[k] = (int)i;
                break;
            }
    }
    for (int k = 0; k < 3 && worst[k] >= 0; k++) {
        csvc_staffing_interval row = CSVC_STAFFING_INTERVAL_INIT;
        csvc_staffing_plan_interval(plan, (size_t)worst[k], &row);
        printf("  short: %s %02d:00, %u required, %.0f scheduled: %.1f %% within 20 s, ASA ",
               day_names[worst[k] / 24], worst[k] % 24, (unsigned)row.required, row.staffed,
               row.service_level * 100);
        if (isinf(row.asa))
            printf("unbounded (fewer agents than the load)\n");
        else
            printf("%.0f s\n", row.asa);
    }
    return 0;
}

/* ---- generated shifts ---------------------------------------------------- */

/* Templates: full-time 9 hours (a paid lunch hour 3 to 5 hours in) on
 * weekdays or at weekends, part-time 4 hours, and a night shift; costs in
 * fen an hour. */
static int make_templates(csvc_shift_template *t, char ids[][24])
{
    int n = 0;
    for (int start = 7; start <= 14; start++)
        for (int weekend = 0; weekend < 2; weekend++, n++) {
            csvc_shift_template_init(&t[n]);
            snprintf(ids[n], 24, "FT %s %02d:00", weekend ? "Sat-Sun" : "Mon-Fri", start);
            t[n].id = ids[n];
            t[n].start_minute = start * 60;
            t[n].length_minutes = 540;
            t[n].days = weekend ? CSVC_DAY_SAT | CSVC_DAY_SUN : CSVC_DAYS_WEEKDAYS;
            t[n].break_minutes = 60;
            t[n].break_earliest = 180;
            t[n].break_latest = 300;
            t[n].cost_per_hour = 3000;
        }
    for (int start = 8; start <= 19; start++, n++) {
        csvc_shift_template_init(&t[n]);
        snprintf(ids[n], 24, "PT daily %02d:00", start);
        t[n].id = ids[n];
        t[n].start_minute = start * 60;
        t[n].length_minutes = 240;
        t[n].days = CSVC_DAYS_ALL;
        t[n].employment = CSVC_EMPLOYMENT_PART_TIME;
        t[n].cost_per_hour = 2600;
    }
    csvc_shift_template_init(&t[n]);
    snprintf(ids[n], 24, "night 22:00");
    t[n].id = ids[n];
    t[n].start_minute = 22 * 60;
    t[n].length_minutes = 540;
    t[n].days = CSVC_DAYS_ALL;
    t[n].cost_per_hour = 3600;
    return n + 1;
}

static int generate_shifts(csvc_staffing_plan *plan, const csvc_roster *roster)
{
    csvc_shift_template t[40];
    char ids[40][24];
    int n = make_templates(t, ids);
    csvc_generate_options o = CSVC_GENERATE_OPTIONS_INIT; /* hard coverage, at least cost */
    o.mip_gap = 0.005;
    csvc_staffing_schedule *s = NULL;
    csvc_status rc = csvc_staffing_generate(plan, t, (size_t)n, &o, &s);
    printf("\nGenerated shifts (%d templates, least cost covering every hour):\n", n);
    if (rc == CSVC_E_UNSUPPORTED) {
        printf("  skipped: %s\n", csvc_last_errmsg());
        return 0;
    }
    if (rc != CSVC_OK) {
        fprintf(stderr, "staffing: %s\n", csvc_last_errmsg());
        return -1;
    }
    csvc_schedule_summary u = CSVC_SCHEDULE_SUMMARY_INIT;
    csvc_staffing_schedule_summary(s, &u);
    if (u.status != CSVC_SCHEDULE_OPTIMAL && u.status != CSVC_SCHEDULE_TIME_LIMIT) {
        printf("  %s\n", csvc_staffing_schedule_message(s));
        csvc_staffing_schedule_free(s);
        return 0;
    }
    for (int k = 0; k < n; k++) {
        uint32_t heads = csvc_staffing_schedule_template_heads(s, (size_t)k);
        if (heads)
            printf("  %-28s %3u people\n", ids[k], (unsigned)heads);
    }
    printf("  %s; cost %lld.%02lld CNY a week (%u full-time, %u part-time)\n",
           csvc_schedule_status_name(u.status), (long long)(u.cost / 100),
           (long long)(u.cost % 100), (unsigned)u.heads_by_type[CSVC_EMPLOYMENT_FULL_TIME],
           (unsigned)u.heads_by_type[CSVC_EMPLOYMENT_PART_TIME]);
    int failed = csvc_staffing_plan_set_schedule(plan, s) != CSVC_OK || print_coverage(plan) != 0;
    /* The roster's people: who must be hired to work this schedule. */
    csvc_recruitment need = CSVC_RECRUITMENT_INIT;
    int64_t today;
    csvc_date_make(2025, 12, 1, UTC_OFFSET, &today);
    if (!failed && csvc_staffing_recruitment(roster, NULL, today, s, &need) == CSVC_OK)
        printf("  recruitment need: %u full-time, %u part-time (the roster has %u and %u)\n",
               (unsigned)need.gap[CSVC_EMPLOYMENT_FULL_TIME],
               (unsigned)need.gap[CSVC_EMPLOYMENT_PART_TIME],
               (unsigned)need.available[CSVC_EMPLOYMENT_FULL_TIME],
               (unsigned)need.available[CSVC_EMPLOYMENT_PART_TIME]);
    csvc_staffing_schedule_free(s);
    return failed ? -1 : 0;
}

/* ---- main ------------------------------------------------------------- */

/* --help prints the usage; an unknown option or too many arguments is an
 * error (exit 2). Returns -1 to go on. */
static int check_arguments(int argc, char **argv)
{
    static const char usage[] = "usage: staffing [roster.csv] [tickets_events.csv]\n"
        "  Forecasts a week of contacts per hour from the desk's history and prints the\n"
        "  staff required per hour and day and how a shift pattern covers it.\n";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        }
        if (argv[i][0] == '-' || i > 2) {
            fprintf(stderr, "staffing: unexpected argument '%s'\n%s", argv[i], usage);
            return 2;
        }
    }
    return -1;
}

int main(int argc, char **argv)
{
    int early = check_arguments(argc, argv);
    if (early >= 0)
        return early;
    const char *roster_csv = argc > 1 ? argv[1] : "examples/data/roster.csv";
    const char *events_csv = argc > 2 ? argv[2] : "examples/data/tickets_events.csv";
    csvc_roster *roster = NULL;
    csvc_desk *desk = NULL;
    csvc_staffing_plan *plan = NULL;
    int rc = 1;
    if (csvc_roster_new(NULL, &roster) != CSVC_OK ||
        csvc_roster_import_csv(roster, roster_csv) != CSVC_OK) {
        fprintf(stderr, "staffing: %s: %s\n", roster_csv, csvc_last_errmsg());
        goto done;
    }
    if (csvc_desk_new(roster, NULL, &desk) != CSVC_OK ||
        csvc_desk_import_events_csv(desk, events_csv) != CSVC_OK) {
        fprintf(stderr, "staffing: %s: %s\n", events_csv,
                desk ? csvc_desk_errmsg(desk) : csvc_last_errmsg());
        goto done;
    }
    size_t real = csvc_desk_ticket_count(desk);
    int64_t first = INT64_MAX, last = INT64_MIN;
    for (size_t i = 0; i < real; i++) {
        csvc_ticket_info t;
        memset(&t, 0, sizeof t);
        t.version = CSVC_TICKET_INFO_VERSION;
        if (csvc_desk_ticket_at(desk, i, &t) != CSVC_OK)
            goto done;
        first = t.created < first ? t.created : first;
        last = t.created > last ? t.created : last;
    }
    int64_t start;
    csvc_date_make(2025, 11, 3, UTC_OFFSET, &start); /* the Monday of the log's first week */
    printf("desk: %zu tickets in %s, created over %.1f days\n", real, events_csv,
           real ? (double)(last - first) / 86400 : 0.0);
    printf("too little history for a forecast: adding %d weeks of synthetic phone and chat "
           "contacts from 2025-11-03 (seed %u)\n",
           HISTORY_WEEKS, SEED);
    long synthetic = 0;
    if (add_synthetic(desk, start, &synthetic) != 0)
        goto done;
    printf("synthetic contacts: %ld (about %.0f a week)\n", synthetic,
           (double)synthetic / HISTORY_WEEKS);

    if (csvc_staffing_plan_new(NULL, 3600, &plan) != CSVC_OK)
        goto done;
    csvc_staffing_options goal = CSVC_STAFFING_OPTIONS_INIT; /* 80 % within 20 s */
    goal.shrinkage = 0.30;
    csvc_staffing_forecast_options fo = CSVC_STAFFING_FORECAST_OPTIONS_INIT;
    fo.history_start = start;
    fo.history_end = start + (int64_t)HISTORY_WEEKS * WEEK;
    fo.utc_offset = UTC_OFFSET;
    fo.channels = (1u << CSVC_CHANNEL_PHONE) | (1u << CSVC_CHANNEL_CHAT);
    fo.default_aht = AHT;
    fo.week_decay = 0.8; /* recent weeks count a little more */
    if (csvc_staffing_plan_set_options(plan, &goal) != CSVC_OK ||
        csvc_staffing_plan_forecast(plan, desk, &fo) != CSVC_OK) {
        fprintf(stderr, "staffing: %s\n", csvc_staffing_plan_errmsg(plan));
        goto done;
    }
    if (print_requirements(plan) != 0)
        goto done;

    /* A first shift pattern: early and late shifts on weekdays and at
     * weekends, and a night shift that runs past midnight every day. */
    static const struct {
        const char *name;
        int32_t start, length;
        uint32_t days, heads;
    } shifts[] = {
        {"early Mon-Fri 07:30-16:30", 7 * 60 + 30, 540, CSVC_DAYS_WEEKDAYS, 13},
        {"late Mon-Fri 13:00-22:00", 13 * 60, 540, CSVC_DAYS_WEEKDAYS, 10},
        {"day Sat-Sun 08:00-17:00", 8 * 60, 540, CSVC_DAY_SAT | CSVC_DAY_SUN, 10},
        {"late Sat-Sun 14:00-23:00", 14 * 60, 540, CSVC_DAY_SAT | CSVC_DAY_SUN, 8},
        {"night 22:00-07:00", 22 * 60, 540, CSVC_DAYS_ALL, 3},
    };
    printf("\nShift pattern:\n");
    for (size_t i = 0; i < sizeof shifts / sizeof *shifts; i++) {
        csvc_staffing_shift s = CSVC_STAFFING_SHIFT_INIT;
        s.start_minute = shifts[i].start;
        s.length_minutes = shifts[i].length;
        s.days = shifts[i].days;
        s.heads = shifts[i].heads;
        if (csvc_staffing_plan_add_shift(plan, &s) != CSVC_OK) {
            fprintf(stderr, "staffing: %s\n", csvc_staffing_plan_errmsg(plan));
            goto done;
        }
        printf("  %-28s %3u people\n", shifts[i].name, (unsigned)shifts[i].heads);
    }
    if (print_coverage(plan) != 0)
        goto done;
    if (generate_shifts(plan, roster) != 0)
        goto done;
    rc = 0;
done:
    csvc_staffing_plan_free(plan);
    csvc_desk_free(desk);
    csvc_roster_free(roster);
    return rc;
}
