/* bench_desk: the desk engine on a generated month.
 *
 *   bench_desk [tickets] [agents]      (default 10,000,000 tickets, 1,000 agents)
 *
 * Prints, one line per figure:
 * - events applied per second through csvc_desk_apply();
 * - bytes of hot state per ticket (and the whole desk per ticket);
 * - all-agents metrics for the month (exact median and p90 included);
 * then runs the peers on the same tickets in the same run
 * (bench_desk_peer.py: pandas groupby and SQLite SQL, load time excluded)
 * and prints the ratios. Not a test: numbers depend on the machine. */
#include <csvc.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef BENCH_DIR
#define BENCH_DIR "."
#endif

#define MONTH_START INT64_C(1767225600) /* 2026-01-01T00:00:00Z */
#define MONTH_SECONDS (31 * 86400)

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545f4914f6cdd1dull;
}

/* One generated ticket; also the row the peers read (binary, little endian). */
typedef struct ticket_row {
    int32_t agent;
    int32_t csat; /* 0 = not rated */
    int64_t created;
    int64_t first_response;
    int64_t resolved;
} ticket_row;

static void die(const char *what, const char *msg)
{
    fprintf(stderr, "bench_desk: %s: %s\n", what, msg);
    exit(1);
}

static csvc_roster *make_roster(int agents, char (*ids)[16])
{
    csvc_roster *r;
    if (csvc_roster_new(NULL, &r) != CSVC_OK)
        die("roster", csvc_last_errmsg());
    for (int t = 0; t < 10; t++) {
        char id[16];
        snprintf(id, sizeof id, "TEAM%d", t);
        csvc_team_info ti = CSVC_TEAM_INFO_INIT;
        ti.id = id;
        if (csvc_roster_add_team(r, &ti) != CSVC_OK)
            die("team", csvc_roster_errmsg(r));
    }
    for (int a = 0; a < agents; a++) {
        char team[16];
        snprintf(ids[a], 16, "A%05d", a);
        snprintf(team, sizeof team, "TEAM%d", a % 10);
        csvc_agent_info ai = CSVC_AGENT_INFO_INIT;
        ai.id = ids[a];
        ai.name = ids[a];
        ai.team_id = team;
        if (csvc_roster_add_agent(r, &ai) != CSVC_OK)
            die("agent", csvc_roster_errmsg(r));
    }
    return r;
}

static void generate(ticket_row *rows, size_t n, int agents)
{
    for (size_t i = 0; i < n; i++) {
        ticket_row *t = &rows[i];
        t->agent = (int32_t)(rnd() % (uint64_t)agents);
        t->created = MONTH_START + (int64_t)(rnd() % (MONTH_SECONDS - 86400));
        t->first_response = t->created + 5 + (int64_t)(rnd() % 1800);
        t->resolved = t->first_response + 60 + (int64_t)(rnd() % 40000);
        uint64_t c = rnd() % 10;
        t->csat = c < 3 ? (int32_t)(1 + rnd() % 5) : 0;
    }
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb;
}

/* Applies every ticket's events: created, assigned, agent reply, resolved,
 * closed and, for 30 %, rated: 5.3 events per ticket. */
static uint64_t apply_all(csvc_desk *d, const ticket_row *rows, size_t n, char (*agent_ids)[16])
{
    char id[24];
    csvc_event ev = CSVC_EVENT_INIT;
    ev.ticket_id = id;
    uint64_t applied = 0;
    for (size_t i = 0; i < n; i++) {
        const ticket_row *t = &rows[i];
        snprintf(id, sizeof id, "T%09zu", i);
        const char *agent = agent_ids[t->agent];
        char team[8] = "TEAM0";
        team[4] = (char)('0' + t->agent % 10);
        csvc_event steps[6];
        int k = 0;
        for (int s = 0; s < 6; s++)
            steps[s] = ev;
        steps[k].type = CSVC_EVENT_CREATED, steps[k].time = t->created, steps[k].team_id = team;
        steps[k].category = (csvc_category)(i % CSVC_CATEGORY_COUNT), k++; /* for the slices */
        steps[k].type = CSVC_EVENT_ASSIGNED, steps[k].time = t->created + 2,
        steps[k].agent_id = agent, k++;
        steps[k].type = CSVC_EVENT_AGENT_REPLY, steps[k].time = t->first_response,
        steps[k].actor_id = agent, k++;
        steps[k].type = CSVC_EVENT_RESOLVED, steps[k].time = t->resolved, steps[k].actor_id = agent,
        steps[k].value = (int32_t)(i % 3 == 0), k++;
        if (t->csat)
            steps[k].type = CSVC_EVENT_RATED, steps[k].time = t->resolved + 600,
            steps[k].value = t->csat, k++;
        steps[k].type = CSVC_EVENT_CLOSED, steps[k].time = t->resolved + 3 * 86400, k++;
        for (int s = 0; s < k; s++)
            if (csvc_desk_apply(d, &steps[s]) != CSVC_OK)
                die("apply", csvc_desk_errmsg(d));
        applied += (uint64_t)k;
    }
    return applied;
}

/* One event for the pandas event-log peer (bench_desk_peer.py); category
 * is the ticket's, on its created event (-1 on the others). */
typedef struct event_row {
    int32_t ticket, type, actor, agent, value, category;
    int64_t time;
} event_row;

static int32_t number_in(const char *id)
{
    return id ? (int32_t)strtol(id + 1, NULL, 10) : -1; /* "T000000042", "A00042" */
}

static int dump_event(const csvc_event *ev, void *user_data)
{
    event_row row = {number_in(ev->ticket_id), (int32_t)ev->type, number_in(ev->actor_id),
                     number_in(ev->agent_id), ev->value,
                     ev->type == CSVC_EVENT_CREATED ? (int32_t)ev->category : -1, ev->time};
    return fwrite(&row, sizeof row, 1, (FILE *)user_data) != 1;
}

static double run_peer(const char *path, size_t n, const char *which, double *out_seconds)
{
    char cmd[512], line[512];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/bench_desk_peer.py %s %zu %s", BENCH_DIR, path,
             n, which);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    double seconds = -1;
    while (fgets(line, sizeof line, p)) {
        fputs(line, stdout);
        double s;
        if (sscanf(line, "%*[^:]: query %lf s", &s) == 1)
            seconds = s;
    }
    pclose(p);
    *out_seconds = seconds;
    return seconds;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 10000000;
    int agents = argc > 2 ? atoi(argv[2]) : 1000;
    if (n == 0 || agents <= 0)
        die("usage", "bench_desk [tickets] [agents]");
    char (*agent_ids)[16] = calloc((size_t)agents, 16);
    ticket_row *rows = malloc(n * sizeof *rows);
    if (!agent_ids || !rows)
        die("memory", "out of memory");
    csvc_roster *roster = make_roster(agents, agent_ids);
    generate(rows, n, agents);

    long rss_before = rss_kb();
    csvc_desk_options o = CSVC_DESK_OPTIONS_INIT;
    o.expected_tickets = n;
    csvc_desk *d;
    if (csvc_desk_new(roster, &o, &d) != CSVC_OK)
        die("desk", csvc_last_errmsg());
    double t0 = now_s();
    uint64_t events = apply_all(d, rows, n, agent_ids);
    double apply_s = now_s() - t0;
    long rss_after = rss_kb();
    printf("workload: %zu tickets, %d agents, %llu events, one month\n", n, agents,
           (unsigned long long)events);
    printf("apply: %llu events, %.2f s, %.2f M events/s\n", (unsigned long long)events, apply_s,
           (double)events / apply_s / 1e6);
    printf("memory: %zu bytes of hot state per ticket; %.1f bytes per ticket for the whole desk "
           "(tickets, ids, id map, %.1f events/ticket in the log)\n",
           csvc_desk_ticket_state_size(), (double)(rss_after - rss_before) * 1024.0 / (double)n,
           (double)events / (double)n);

    csvc_period month = {MONTH_START, MONTH_START + MONTH_SECONDS};
    csvc_metrics *m = calloc((size_t)agents, sizeof *m);
    double best = 1e9;
    for (int run = 0; run < 3; run++) {
        t0 = now_s();
        if (csvc_desk_metrics_all_agents(d, &month, m, (size_t)agents) != CSVC_OK)
            die("metrics", csvc_desk_errmsg(d));
        double s = now_s() - t0;
        best = s < best ? s : best;
    }
    printf("metrics_all_agents: %d agents, %zu tickets, %.3f s (best of 3); agent 0: "
           "resolved %lld, frt median %.1f s p90 %.1f s, csat %.4f\n",
           agents, n, best, (long long)m[0].resolved, m[0].first_response_median,
           m[0].first_response_p90, m[0].csat);

    /* Every agent split by category, one pass. */
    csvc_metrics_slice by_category = CSVC_METRICS_SLICE_INIT;
    by_category.by = CSVC_METRICS_BY_CATEGORY;
    size_t cells = (size_t)agents * CSVC_CATEGORY_COUNT;
    csvc_metrics *split = calloc(cells, sizeof *split);
    double best_split = 1e9;
    for (int run = 0; run < 3; run++) {
        t0 = now_s();
        if (!split ||
            csvc_desk_metrics_all_agents_sliced(d, &month, &by_category, split, cells) != CSVC_OK)
            die("sliced metrics", csvc_desk_errmsg(d));
        double s = now_s() - t0;
        best_split = s < best_split ? s : best_split;
    }
    printf("metrics_all_agents_sliced by category: %d agents x %d categories, %.3f s (best of "
           "3); agent 0 return_refund: resolved %lld\n",
           agents, CSVC_CATEGORY_COUNT, best_split,
           (long long)split[CSVC_CATEGORY_RETURN_REFUND].resolved);
    free(split);

    const char *events_path = "/tmp/csvc_bench_desk_events.bin";
    FILE *ef = fopen(events_path, "wb");
    if (!ef || csvc_desk_foreach_event(d, NULL, NULL, dump_event, ef) != CSVC_OK || fclose(ef))
        die(events_path, "cannot write the event log for the peer");
    double pandas_events_s = -1, pandas_split_s = -1;
    run_peer(events_path, (size_t)events, "pandas-events", &pandas_events_s);
    run_peer(events_path, (size_t)events, "pandas-events-by-category", &pandas_split_s);
    remove(events_path);
    if (pandas_events_s > 0)
        printf("ratio: pandas_groupby_events/csvc = %.1fx (the same metric set from the same "
               "event log, same run, load excluded)\n",
               pandas_events_s / best);
    if (pandas_split_s > 0)
        printf("ratio: pandas_groupby_events_by_category/csvc_sliced = %.1fx (target >= 10x; "
               "groupby agent and category, same run, load excluded)\n",
               pandas_split_s / best_split);

    const char *path = "/tmp/csvc_bench_desk_rows.bin";
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(rows, sizeof *rows, n, f) != n || fclose(f))
        die(path, "cannot write the peers' data");
    double pandas_s = -1, sqlite_s = -1;
    run_peer(path, n, "pandas", &pandas_s);
    run_peer(path, n, "sqlite", &sqlite_s);
    if (pandas_s > 0)
        printf("ratio: pandas_groupby/csvc = %.1fx (ticket table, a subset of the metrics, "
               "same run, load excluded)\n",
               pandas_s / best);
    if (sqlite_s > 0)
        printf("ratio: sqlite_sql/csvc = %.1fx (ticket table, a subset of the metrics, same "
               "run, load excluded)\n",
               sqlite_s / best);
    remove(path);

    free(m);
    csvc_desk_free(d);
    csvc_roster_free(roster);
    free(rows);
    free(agent_ids);
    return 0;
}
