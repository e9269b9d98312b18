/* Throughput of the internal CSV reader against Python's csv module.
 *
 * usage: bench_csv [path] [MB]
 *
 * Generates (when `path` does not exist) about MB megabytes (default 200) of
 * CS-ticket-like CSV, parses it completely with the reader (from the file,
 * and from memory), then runs bench_csv_peer.py on the same file in the same
 * run and prints the ratio. Both sides report their best of RUNS runs. MB here is 10^6 bytes. Not a
 * test: numbers depend on the machine and never gate CI. */
#include "csv.h"

#include <errno.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef BENCH_DIR
#define BENCH_DIR "."
#endif

#define RUNS 3

extern char **environ;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------------ */
/* Workload: a ticket export with ids, timestamps, enums, numbers, names
 * (some "Last, First" and so quoted) and free-text subjects (some quoted,
 * with commas and doubled quotes). Deterministic. */

static uint64_t rng_state = 0x2545F4914F6CDD1Dull;

static uint32_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 2685821657736338717ull) >> 32);
}

#define PICK(arr) (arr[rng() % (sizeof arr / sizeof arr[0])])

static const char *const channels[] = {"phone", "chat", "email", "web", "social", "store"};
static const char *const categories[] = {
    "inquiry",   "order_logistics", "return_refund", "repair_warranty",
    "complaint", "technical",       "other"};
static const char *const priorities[] = {"low", "normal", "normal", "normal", "high", "urgent"};
static const char *const surnames[] = {"Wang",  "Li",    "Zhang",  "Liu",    "Chen",   "Yang",
                                       "Huang", "Smith", "Garcia", "Müller", "Okafor", "Tanaka"};
static const char *const given[] = {"Wei", "Fang",  "Min",   "Jing", "Lei",   "Anna",
                                    "Tom", "Sofia", "Chidi", "Yuki", "Marta", "Ravi"};
static const char *const subjects[] = {
    "Where is my order",
    "Refund not received",
    "\"Package arrived damaged, box crushed\"",
    "Wrong size delivered",
    "\"Customer says \"\"never again\"\", wants manager\"",
    "Invoice request",
    "\"Exchange: blue, size M -> size L\"",
    "App login fails after update",
    "Warranty claim for headphones",
    "\"Courier left parcel at door, missing\"",
    "Change delivery address",
    "Coupon not applied at checkout",
};

static size_t gen_row(char *out, uint64_t id)
{
    unsigned month = 1 + rng() % 12, day = 1 + rng() % 28;
    unsigned hh = rng() % 24, mm = rng() % 60, ss = rng() % 60;
    char customer[64];
    if (rng() % 4 == 0)
        snprintf(customer, sizeof customer, "\"%s, %s\"", PICK(surnames), PICK(given));
    else
        snprintf(customer, sizeof customer, "%s %s", PICK(given), PICK(surnames));
    int n = sprintf(out,
                    "T-2025-%07" PRIu64 ",2025-%02u-%02uT%02u:%02u:%02uZ,%s,%s,%s,A%04u,%s,%u,"
                    "%u.%02u,%s\n",
                    id, month, day, hh, mm, ss, PICK(channels), PICK(categories), PICK(priorities),
                    1000 + rng() % 900, customer, 30 + rng() % 5000, rng() % 2000, rng() % 100,
                    PICK(subjects));
    return (size_t)n;
}

static int generate(const char *path, double mb)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *fp = fopen(tmp, "wb");
    if (!fp) {
        fprintf(stderr, "bench_csv: cannot create %s: %s\n", tmp, strerror(errno));
        return -1;
    }
    size_t target = (size_t)(mb * 1e6), total = 0, cap = 1 << 20, len = 0;
    char *buf = malloc(cap + 1024);
    if (!buf) {
        fclose(fp);
        return -1;
    }
    len = (size_t)sprintf(buf, "ticket_id,created_at,channel,category,priority,agent_id,"
                               "customer,handle_seconds,amount,subject\n");
    for (uint64_t id = 1; total + len < target; id++) {
        len += gen_row(buf + len, id);
        if (len >= cap) {
            if (fwrite(buf, 1, len, fp) != len)
                break;
            total += len;
            len = 0;
        }
    }
    int ok = fwrite(buf, 1, len, fp) == len;
    free(buf);
    if (fclose(fp) != 0 || !ok || rename(tmp, path) != 0) {
        fprintf(stderr, "bench_csv: cannot write %s: %s\n", path, strerror(errno));
        remove(tmp);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* The measured work: every record, every field touched. */

typedef struct tally {
    uint64_t records, fields, bytes, check;
} tally;

static int parse_all(cs_csv *csv, tally *t)
{
    cs_csv_record rec;
    cs_errbuf err;
    int rc;
    memset(t, 0, sizeof *t);
    while ((rc = cs_csv_next(csv, &rec, &err)) == 1) {
        t->records++;
        t->fields += rec.count;
        for (size_t i = 0; i < rec.count; i++) {
            t->bytes += rec.fields[i].len;
            t->check += (unsigned char)rec.fields[i].ptr[0];
        }
    }
    if (rc < 0)
        fprintf(stderr, "bench_csv: %s\n", err.msg);
    return rc;
}

static double best_of(const char *path, const char *data, size_t size, tally *t)
{
    double best = 1e30;
    for (int run = 0; run < RUNS; run++) {
        cs_csv *csv;
        cs_errbuf err;
        double t0 = now();
        csvc_status st = data ? cs_csv_open_buffer(NULL, data, size, &csv, &err)
                              : cs_csv_open_file(NULL, path, &csv, &err);
        if (st != CSVC_OK) {
            fprintf(stderr, "bench_csv: %s\n", err.msg);
            exit(1);
        }
        if (parse_all(csv, t) < 0)
            exit(1);
        cs_csv_close(csv);
        double dt = now() - t0;
        if (dt < best)
            best = dt;
    }
    return best;
}

static char *slurp(const char *path, size_t *size)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    struct stat st;
    if (fstat(fileno(fp), &st) != 0) {
        fclose(fp);
        return NULL;
    }
    char *data = malloc((size_t)st.st_size + 1);
    if (data && fread(data, 1, (size_t)st.st_size, fp) != (size_t)st.st_size) {
        free(data);
        data = NULL;
    }
    fclose(fp);
    *size = (size_t)st.st_size;
    return data;
}

/* ------------------------------------------------------------------------ */
/* The peer: python3 bench_csv_peer.py FILE RUNS, its one line echoed and
 * parsed. */

static int run_peer(const char *path, double *seconds, uint64_t *records)
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
    snprintf(script, sizeof script, "%s/bench_csv_peer.py", BENCH_DIR);
    char runs[16];
    snprintf(runs, sizeof runs, "%d", RUNS);
    char *argv[] = {"python3", script, (char *)path, runs, NULL};
    pid_t pid;
    int rc = posix_spawnp(&pid, "python3", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        fprintf(stderr, "bench_csv: cannot run python3: %s\n", strerror(rc));
        return -1;
    }
    char out[1024];
    size_t len = 0;
    ssize_t got;
    while ((got = read(fds[0], out + len, sizeof out - 1 - len)) > 0)
        len += (size_t)got;
    out[len] = '\0';
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    fputs(out, stdout);
    double mb, rate;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
        sscanf(out, "python_csv: %lf MB, %" SCNu64 " records, %lf s, %lf MB/s", &mb, records,
               seconds, &rate) != 4)
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    double mb = argc > 2 ? atof(argv[2]) : 200.0;
    char def[256];
    snprintf(def, sizeof def, "/tmp/csvc_bench_tickets_%.0fmb.csv", mb);
    const char *path = argc > 1 && *argv[1] ? argv[1] : def;
    if (mb <= 0) {
        fprintf(stderr, "usage: bench_csv [path] [MB]\n");
        return 2;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        printf("generating %s (%.0f MB)...\n", path, mb);
        fflush(stdout);
        if (generate(path, mb) != 0)
            return 1;
        if (stat(path, &st) != 0)
            return 1;
    }
    double size_mb = (double)st.st_size / 1e6;

    tally t;
    double dt = best_of(path, NULL, 0, &t);
    printf("workload: %s, %.1f MB, %" PRIu64 " records, %" PRIu64 " fields, %" PRIu64
           " field bytes (check %" PRIu64 ")\n",
           path, size_mb, t.records, t.fields, t.bytes, t.check);
    printf("csv_reader (file): %.1f MB, %" PRIu64 " records, %.3f s, %.0f MB/s (best of %d)\n",
           size_mb, t.records, dt, size_mb / dt, RUNS);
    fflush(stdout);

    size_t size;
    char *data = slurp(path, &size);
    if (data) {
        tally tm;
        double dm = best_of(NULL, data, size, &tm);
        printf("csv_reader (memory): %.1f MB, %" PRIu64 " records, %.3f s, %.0f MB/s (best of "
               "%d)\n",
               size_mb, tm.records, dm, size_mb / dm, RUNS);
        free(data);
    }
    fflush(stdout);

    double py_s;
    uint64_t py_records;
    if (run_peer(path, &py_s, &py_records) != 0) {
        printf("python_csv: unavailable, no ratio\n");
        return 0;
    }
    if (py_records != t.records)
        printf("warning: python_csv counted %" PRIu64 " records, csv_reader %" PRIu64 "\n",
               py_records, t.records);
    printf("ratio: csv_reader/python_csv = %.1fx (file, %.1f MB)\n", py_s / dt, size_mb);
    return 0;
}
