/* Agents required (Erlang C) for many intervals, against a straightforward
 * pure-Python Erlang C on the same intervals.
 *
 * usage: bench_staffing [path] [intervals]
 *
 * Draws `intervals` (default 100,000) half-hour intervals with offered
 * loads uniform in 1..2000 Erlangs and handle times uniform in 120..600 s
 * (fixed seed), writes them to `path` (default
 * /tmp/csvc_bench_staffing.txt, one "arrivals aht" line each, %.17g so that
 * the peer reads the same doubles), solves every interval with
 * csvc_staffing_solve() for 80 % answered within 20 s (best of RUNS runs),
 * then runs bench_staffing_peer.py on the same file in the same run and
 * prints both times, the ratio, and whether the answers agree. Targets:
 * C under 1 s and at least 100x faster than the peer. Then shift
 * generation against a greedy heuristic (bench_generate.c). Not a test:
 * numbers depend on the machine and never gate CI. */
#include "bench_generate.h"

#include <csvc.h>

#include <errno.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef BENCH_DIR
#define BENCH_DIR "."
#endif

#define RUNS 3
#define INTERVAL 1800.0
#define SERVICE_LEVEL 0.8
#define ANSWER_SECONDS 20.0

extern char **environ;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

/* Uniform in [0, 1), xorshift64*. */
static double uniform(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (double)((rng_state * 2685821657736338717ull) >> 11) / 9007199254740992.0;
}

typedef struct workload {
    size_t n;
    double *arrivals, *aht;
    uint32_t *agents;
} workload;

static int generate(workload *w, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "bench_staffing: cannot create %s: %s\n", path, strerror(errno));
        return -1;
    }
    for (size_t i = 0; i < w->n; i++) {
        double load = 1.0 + 1999.0 * uniform();
        double aht = 120.0 + 480.0 * uniform();
        char a[32], h[32];
        /* Round-trip through the text so both sides see the same doubles. */
        snprintf(a, sizeof a, "%.17g", load * INTERVAL / aht);
        snprintf(h, sizeof h, "%.17g", aht);
        w->arrivals[i] = strtod(a, NULL);
        w->aht[i] = strtod(h, NULL);
        fprintf(f, "%s %s\n", a, h);
    }
    if (fclose(f) != 0) {
        fprintf(stderr, "bench_staffing: cannot write %s\n", path);
        return -1;
    }
    return 0;
}

/* Solves every interval; returns the seconds taken, or -1. */
static double solve_all(workload *w)
{
    csvc_staffing_options o = CSVC_STAFFING_OPTIONS_INIT;
    o.service_level = SERVICE_LEVEL;
    o.answer_seconds = ANSWER_SECONDS;
    double t0 = now();
    for (size_t i = 0; i < w->n; i++) {
        csvc_staffing_result r = CSVC_STAFFING_RESULT_INIT;
        if (csvc_staffing_solve(w->arrivals[i], INTERVAL, w->aht[i], &o, &r) != CSVC_OK) {
            fprintf(stderr, "bench_staffing: interval %zu: %s\n", i, csvc_last_errmsg());
            return -1;
        }
        w->agents[i] = r.agents;
    }
    return now() - t0;
}

/* Sum of agents and sum of (i + 1) * agents, as the peer prints them. */
static void checksums(const workload *w, uint64_t *sum, uint64_t *weighted)
{
    *sum = 0;
    *weighted = 0;
    for (size_t i = 0; i < w->n; i++) {
        *sum += w->agents[i];
        *weighted += (uint64_t)(i + 1) * w->agents[i];
    }
}

/* python3 bench_staffing_peer.py FILE: its line echoed and parsed. */
static int run_peer(const char *path, double *seconds, uint64_t *sum, uint64_t *weighted)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    char script[4096];
    snprintf(script, sizeof script, "%s/bench_staffing_peer.py", BENCH_DIR);
    char *argv[] = {"python3", script, (char *)path, NULL};
    pid_t pid;
    int rc = posix_spawnp(&pid, "python3", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        fprintf(stderr, "bench_staffing: cannot run python3: %s\n", strerror(rc));
        return -1;
    }
    char out[1024];
    size_t len = 0;
    ssize_t got;
    while (len < sizeof out - 1 && (got = read(fds[0], out + len, sizeof out - 1 - len)) > 0)
        len += (size_t)got;
    out[len] = '\0';
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    fputs(out, stdout);
    size_t n;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
        sscanf(out,
               "python_erlang_c: %zu intervals, %" SCNu64 " agents (weighted %" SCNu64 "), %lf s",
               &n, sum, weighted, seconds) != 4)
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 && *argv[1] ? argv[1] : "/tmp/csvc_bench_staffing.txt";
    long n = argc > 2 ? atol(argv[2]) : 100000;
    if (n <= 0) {
        fprintf(stderr, "usage: bench_staffing [path] [intervals]\n");
        return 2;
    }
    workload w = {(size_t)n, calloc((size_t)n, sizeof(double)), calloc((size_t)n, sizeof(double)),
                  calloc((size_t)n, sizeof(uint32_t))};
    if (!w.arrivals || !w.aht || !w.agents || generate(&w, path) != 0)
        return 1;
    printf("workload: %s, %zu half-hour intervals, loads 1..2000 Erlangs, AHT 120..600 s, "
           "goal %.0f %% within %.0f s\n",
           path, w.n, SERVICE_LEVEL * 100, ANSWER_SECONDS);
    fflush(stdout);

    double best = -1;
    for (int r = 0; r < RUNS; r++) {
        double dt = solve_all(&w);
        if (dt < 0)
            return 1;
        best = best < 0 || dt < best ? dt : best;
    }
    uint64_t sum, weighted;
    checksums(&w, &sum, &weighted);
    printf("csvc_staffing_solve: %zu intervals, %" PRIu64 " agents (weighted %" PRIu64
           "), %.3f s, %.0f intervals/s (best of %d)\n",
           w.n, sum, weighted, best, (double)w.n / best, RUNS);
    fflush(stdout);

    double py_s;
    uint64_t py_sum, py_weighted;
    int rc = run_peer(path, &py_s, &py_sum, &py_weighted);
    if (rc != 0) {
        printf("python_erlang_c: unavailable, no ratio\n");
    } else {
        if (py_sum != sum || py_weighted != weighted)
            printf("warning: the peer's agents differ (sum %" PRIu64 " vs %" PRIu64 ")\n", py_sum,
                   sum);
        else
            printf("agreement: identical agent counts on all %zu intervals\n", w.n);
        printf("ratio: csvc/python = %.0fx (%zu intervals)\n", py_s / best, w.n);
        printf("targets: C under 1 s: %s; at least 100x the peer: %s\n", best < 1.0 ? "yes" : "NO",
               py_s / best >= 100.0 ? "yes" : "NO");
    }
    free(w.arrivals);
    free(w.aht);
    free(w.agents);
    fflush(stdout);
    return bench_generate();
}
