/* bench_incentive: a plan of 15 rules (every kind) on 100,000 agents in 1,000
 * teams, beside a straightforward pure-Python implementation of the same
 * plan on the same data in the same run (bench_incentive_peer.py), with the
 * totals compared to the minor unit; then approving every statement into a
 * store beside plain SQLite inserting the same documents (one transaction
 * each, WAL + synchronous FULL).
 *
 *   bench_incentive [agents]        (default 100000; target: < 50 ms, >= 50x)
 */
#include "incentive/incentive_internal.h"
#include "incentive/incentive_seam.h"
#include "csvc/store.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TEAM_SIZE 100

static const char plan_json[] =
    "{\"id\":\"bench\",\"version\":1,\"currency\":\"CNY\","
    "\"effective\":{\"from\":\"2025-01-01\",\"to\":\"2025-12-31\"},"
    "\"eligibility\":{\"active_on_last_day\":true},\"agent_cap_bp\":5000,"
    "\"budget\":\"150000000.00\",\"rules\":["
    "{\"id\":\"star\",\"kind\":\"tiered\",\"metric\":\"composite\",\"mode\":\"step\",\"tiers\":["
    "{\"lower\":60,\"upper\":75,\"amount\":\"200.00\"},{\"lower\":75,\"upper\":85,\"bp_of_base\":300},"
    "{\"lower\":85,\"upper\":95,\"bp_of_base\":600},{\"lower\":95,\"bp_of_base\":1000}],"
    "\"cap\":\"1500.00\"},"
    "{\"id\":\"quality\",\"kind\":\"tiered\",\"metric\":\"kpi.quality\",\"mode\":\"step\",\"tiers\":["
    "{\"lower\":80,\"upper\":90,\"amount\":\"100.00\"},{\"lower\":90,\"amount\":\"250.00\"}]},"
    "{\"id\":\"volume\",\"kind\":\"tiered\",\"metric\":\"handled\",\"mode\":\"marginal\",\"tiers\":["
    "{\"lower\":0,\"upper\":200,\"rate\":\"0.50\"},{\"lower\":200,\"upper\":400,\"rate\":\"0.80\"},"
    "{\"lower\":400,\"rate\":\"1.20\"}]},"
    "{\"id\":\"goal\",\"kind\":\"target\",\"metric\":\"resolved\",\"target\":300,"
    "\"on_target_bp\":800,\"levels\":[{\"achievement_bp\":5000,\"payout_bp\":0},"
    "{\"achievement_bp\":10000,\"payout_bp\":10000},{\"achievement_bp\":20000,\"payout_bp\":30000}],"
    "\"eligibility\":{\"exclude_probation\":true}},"
    "{\"id\":\"per_ticket\",\"kind\":\"commission\",\"rate\":\"1.00\",\"accelerators\":["
    "{\"above\":300,\"rate\":\"1.50\"},{\"above\":400,\"rate\":\"2.00\"}]},"
    "{\"id\":\"csat\",\"kind\":\"metric_bonus\",\"metric\":\"csat_share\",\"at_least\":0.95,"
    "\"min_sample\":{\"metric\":\"csat_count\",\"at_least\":30},\"amount\":\"300.00\"},"
    "{\"id\":\"fcr\",\"kind\":\"metric_bonus\",\"metric\":\"fcr\",\"at_least\":0.8,\"bp_of_base\":150},"
    "{\"id\":\"ideas\",\"kind\":\"points\",\"metric\":\"suggestions_adopted\",\"points_per_unit\":50},"
    "{\"id\":\"ticket_points\",\"kind\":\"points\",\"metric\":\"resolved\",\"points_per_unit\":2},"
    "{\"id\":\"team_award\",\"kind\":\"pool\",\"metric\":\"csat_share\",\"at_least\":0.9,"
    "\"bp_of_team_base\":200,\"split\":\"equal\"},"
    "{\"id\":\"collaboration\",\"kind\":\"pool\",\"metric\":\"sla_compliance\",\"at_least\":0.85,"
    "\"amount\":\"2000.00\",\"split\":\"weighted\",\"weight_metric\":\"hours\"},"
    "{\"id\":\"service_star\",\"kind\":\"title\",\"title\":\"service star\",\"metric\":\"composite\","
    "\"top\":10,\"amount\":\"1000.00\",\"eligibility\":{\"min\":{\"handled\":100}}},"
    "{\"id\":\"newcomer\",\"kind\":\"title\",\"title\":\"best newcomer\",\"metric\":\"composite\","
    "\"top\":5,\"amount\":\"500.00\",\"eligibility\":{\"max\":{\"tenure_days\":180}}},"
    "{\"id\":\"breach\",\"kind\":\"deduction\",\"metric\":\"sla_breaches\",\"per_unit\":\"20.00\","
    "\"floor\":\"0.00\"},"
    "{\"id\":\"complaint\",\"kind\":\"deduction\",\"metric\":\"complaints\",\"per_unit\":\"100.00\","
    "\"cap\":\"500.00\",\"floor\":\"0.00\"}]}";

static const char *const metrics[] = {"composite",  "kpi.quality", "handled",
                                      "resolved",   "csat_share",  "csat_count",
                                      "fcr",        "suggestions_adopted", "hours",
                                      "tenure_days", "sla_breaches", "complaints"};
#define NMETRICS (sizeof metrics / sizeof *metrics)

typedef struct id_total {
    const char *id;
    int64_t total;
} id_total;

static int by_id(const void *a, const void *b)
{
    return strcmp(((const id_total *)a)->id, ((const id_total *)b)->id);
}

/* Every statement's total in id order folded into one number, as the peer does. */
static long long checksum(const csvc_incentive_result *res)
{
    size_t n = csvc_incentive_result_statement_count(res);
    id_total *t = malloc((n ? n : 1) * sizeof *t);
    for (size_t i = 0; i < n; i++) {
        csvc_incentive_statement s;
        csvc_incentive_result_statement(res, i, &s);
        t[i] = (id_total){s.agent_id, s.total};
    }
    qsort(t, n, sizeof *t, by_id);
    __extension__ typedef __int128 i128;
    const i128 mod = ((i128)1 << 61) - 1;
    i128 sum = 0;
    for (size_t k = 0; k < n; k++)
        sum = (sum + (i128)(k + 1) * t[k].total) % mod;
    free(t);
    return (long long)((sum + mod) % mod);
}

static void die(const char *what, const char *msg)
{
    fprintf(stderr, "bench_incentive: %s: %s\n", what, msg);
    exit(1);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned long long rng = 88172645463325252ull;
static double uniform(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

/* Values with at most 4 decimals, as exports carry them. */
static double metric_value(size_t m)
{
    switch (m) {
    case 0: return round(uniform() * 4500 + 5500) / 100.0;   /* composite 55..100 */
    case 1: return round(uniform() * 5000 + 5000) / 100.0;   /* quality 50..100 */
    case 2: return floor(uniform() * 600);                   /* handled */
    case 3: return floor(uniform() * 550);                   /* resolved */
    case 4: return round(uniform() * 2000 + 8000) / 10000.0; /* csat share .80..1 */
    case 5: return floor(uniform() * 80);                    /* ratings */
    case 6: return round(uniform() * 10000) / 10000.0;       /* fcr */
    case 7: return floor(uniform() * 4);                     /* suggestions */
    case 8: return round(uniform() * 800 + 800) / 4.0;       /* hours, quarter hours */
    case 9: return floor(uniform() * 2000);                  /* tenure days */
    case 10: return floor(uniform() * 6);                    /* breaches */
    default: return uniform() < 0.9 ? 0 : floor(uniform() * 4); /* complaints */
    }
}

static void remove_db(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-lock"};
    char name[256];
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
        remove(name);
    }
}

/* Plain SQLite: the same statement documents, one INSERT each, one transaction. */
static double plain_sqlite_approval(const csvc_incentive_result *res, const char *path)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    csvc_period period;
    csvc_incentive_result_period(res, &period);
    if (sqlite3_open(path, &db) != SQLITE_OK ||
        sqlite3_exec(db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                     "CREATE TABLE statements (seq INTEGER PRIMARY KEY, plan TEXT, plan_version "
                     "INTEGER, period_start INTEGER, period_end INTEGER, agent TEXT, approver "
                     "TEXT, approved_at INTEGER, total INTEGER, document TEXT);",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO statements VALUES (NULL,?1,?2,?3,?4,?5,?6,?7,?8,?9)",
                           -1, &st, NULL) != SQLITE_OK)
        die("plain sqlite", sqlite3_errmsg(db));
    cs_alloc alloc;
    cs_alloc_init(&alloc, NULL, NULL);
    cs_strbuf doc;
    cs_strbuf_init(&doc, &alloc);
    double t0 = now();
    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    for (size_t i = 0; i < csvc_incentive_result_statement_count(res); i++) {
        csvc_incentive_statement s;
        csvc_incentive_result_statement(res, i, &s);
        doc.len = 0;
        cs_inc_statement_json(res, i, &doc);
        sqlite3_bind_text(st, 1, csvc_incentive_result_plan_id(res), -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, csvc_incentive_result_plan_version(res));
        sqlite3_bind_int64(st, 3, period.start);
        sqlite3_bind_int64(st, 4, period.end);
        sqlite3_bind_text(st, 5, s.agent_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, "HR01", -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 7, period.end);
        sqlite3_bind_int64(st, 8, s.total);
        sqlite3_bind_text(st, 9, doc.data, (int)doc.len, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            die("plain sqlite", sqlite3_errmsg(db));
        sqlite3_reset(st);
    }
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        die("plain sqlite", sqlite3_errmsg(db));
    double s = now() - t0;
    cs_strbuf_free(&doc);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return s;
}

static void approve_all(const csvc_incentive_result *res)
{
    const char *path = "/tmp/bench_incentive_store.db", *plain = "/tmp/bench_incentive_plain.db";
    remove_db(path);
    remove_db(plain);
    csvc_store *store;
    if (csvc_store_open(path, NULL, &store) != CSVC_OK)
        die("store", csvc_last_errmsg());
    csvc_period period;
    csvc_incentive_result_period(res, &period);
    double t0 = now();
    if (csvc_store_approve_statements(store, res, NULL, "HR01", period.end) != CSVC_OK)
        die("approve", csvc_store_errmsg(store));
    double approve = now() - t0;
    t0 = now();
    if (csvc_store_approve_statements(store, res, NULL, "HR01", period.end) != CSVC_OK)
        die("approve again", csvc_store_errmsg(store));
    double again = now() - t0;
    char *json;
    size_t size;
    t0 = now();
    if (csvc_store_export_statements_json(store, csvc_incentive_result_plan_id(res),
                                          csvc_incentive_result_plan_version(res), &period,
                                          &json, &size) != CSVC_OK)
        die("export approved", csvc_store_errmsg(store));
    double read = now() - t0;
    csvc_free(json);
    csvc_store_close(store);
    double peer = plain_sqlite_approval(res, plain);
    size_t n = csvc_incentive_result_statement_count(res);
    printf("approve: %zu statements into a store (synchronous FULL, one transaction, chained): "
           "%.0f ms; plain SQLite inserting the same documents: %.0f ms; ratio csvc/plain = "
           "%.2fx\n",
           n, approve * 1e3, peer * 1e3, approve / peer);
    printf("approve again (every statement the same: checked, nothing written): %.0f ms; "
           "read back as JSON: %.1f MB in %.0f ms\n",
           again * 1e3, size / 1e6, read * 1e3);
    remove_db(path);
    remove_db(plain);
}

int main(int argc, char **argv)
{
    int agents = argc > 1 ? atoi(argv[1]) : 100000;
    if (agents < 1)
        die("agents", "must be positive");
    csvc_incentive_plan *plan;
    if (csvc_incentive_plan_load_json_buffer(plan_json, sizeof plan_json - 1, NULL, &plan))
        die("plan", csvc_last_errmsg());
    csvc_incentive_inputs *in;
    csvc_incentive_inputs_new(NULL, &in);
    const char *agents_path = "/tmp/csvc_bench_incentive_agents.csv";
    const char *teams_path = "/tmp/csvc_bench_incentive_teams.csv";
    const char *plan_path = "/tmp/csvc_bench_incentive_plan.json";
    FILE *fa = fopen(agents_path, "w"), *ft = fopen(teams_path, "w"), *fp = fopen(plan_path, "w");
    if (!fa || !ft || !fp)
        die("/tmp", "cannot write the peer's files");
    fputs(plan_json, fp);
    fclose(fp);
    fprintf(fa, "agent_id,team_id,base_pay,probation,active");
    for (size_t m = 0; m < NMETRICS; m++)
        fprintf(fa, ",%s", metrics[m]);
    fputc('\n', fa);
    fprintf(ft, "team_id,csat_share,sla_compliance\n");
    char id[32], team[32];
    for (int a = 0; a < agents; a++) {
        snprintf(id, sizeof id, "A%06d", (a * 7919) % agents); /* ids not in insertion order */
        snprintf(team, sizeof team, "T%04d", a / TEAM_SIZE);
        csvc_incentive_agent ag = CSVC_INCENTIVE_AGENT_INIT;
        ag.agent_id = id;
        ag.team_id = team;
        ag.base_pay = (int64_t)(500000 + floor(uniform() * 1500000));
        ag.probation = uniform() < 0.05;
        ag.active_at_end = uniform() < 0.98;
        if (csvc_incentive_inputs_add_agent(in, &ag))
            die("agent", csvc_incentive_inputs_errmsg(in));
        fprintf(fa, "%s,%s,%lld,%d,%d", id, team, (long long)ag.base_pay, ag.probation,
                ag.active_at_end);
        for (size_t m = 0; m < NMETRICS; m++) {
            double v = metric_value(m);
            if (uniform() < 0.02) { /* now and then a value is missing */
                fputs(",", fa);
                continue;
            }
            csvc_incentive_inputs_set(in, id, metrics[m], v);
            fprintf(fa, ",%.4f", v);
        }
        fputc('\n', fa);
        if (a % TEAM_SIZE == 0) {
            double csat = round(uniform() * 2000 + 8000) / 10000.0,
                   sla = round(uniform() * 3000 + 7000) / 10000.0;
            csvc_incentive_inputs_set_team(in, team, "csat_share", csat);
            csvc_incentive_inputs_set_team(in, team, "sla_compliance", sla);
            fprintf(ft, "%s,%.4f,%.4f\n", team, csat, sla);
        }
    }
    fclose(fa);
    fclose(ft);

    csvc_period oct;
    csvc_period_of_month(2025, 10, 0, &oct);
    double best = INFINITY, first = 0;
    csvc_incentive_result *res = NULL;
    int runs = getenv("BENCH_EVALUATE_ONLY") ? 20 : 3;
    for (int run = 0; run < runs; run++) {
        csvc_incentive_result_free(res);
        double t0 = now();
        if (csvc_incentive_evaluate(plan, in, &oct, &res) != CSVC_OK)
            die("evaluate", csvc_last_errmsg());
        double s = now() - t0;
        if (run == 0)
            first = s;
        best = s < best ? s : best;
    }
    size_t lines = 0;
    for (size_t i = 0; i < csvc_incentive_result_statement_count(res); i++) {
        csvc_incentive_statement st;
        csvc_incentive_result_statement(res, i, &st);
        lines += st.line_count;
    }
    char total[48];
    csvc_money_format(csvc_incentive_result_total(res), 2, total, sizeof total);
    printf("evaluate: %d agents, %zu rules, %zu lines, total %s CNY (budget-scaled): %.1f ms "
           "(best of %d; first run %.1f ms; target < 50 ms)\n",
           agents, csvc_incentive_plan_rule_count(plan), lines, total, best * 1e3, runs, first * 1e3);
    if (getenv("BENCH_EVALUATE_ONLY")) /* for a profiler */
        return 0;
    double t0 = now();
    char *json;
    size_t size;
    csvc_incentive_result_export_json_buffer(res, &json, &size);
    printf("export_json: %.1f MB in %.1f ms\n", size / 1e6, (now() - t0) * 1e3);
    csvc_free(json);

    approve_all(res);

    char cmd[1024], line[512];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/bench_incentive_peer.py %s %s %s", BENCH_DIR,
             plan_path, agents_path, teams_path);
    FILE *p = popen(cmd, "r");
    double peer_s = -1;
    long long peer_total = 0, peer_check = 0;
    while (p && fgets(line, sizeof line, p)) {
        fputs(line, stdout);
        double s;
        long long t, c;
        if (sscanf(line, "python: evaluate %lf s, total %lld, checksum %lld", &s, &t, &c) == 3) {
            peer_s = s;
            peer_total = t;
            peer_check = c;
        }
    }
    if (p)
        pclose(p);
    if (peer_s > 0) {
        printf("ratio: pure_python/csvc = %.1fx (same plan and data, same run, load excluded; "
               "target >= 50x)\n",
               peer_s / best);
        long long mine = checksum(res);
        printf("agreement: plan totals %s to the minor unit (csvc %lld, python %lld); every "
               "statement's total %s (checksums %lld, %lld)\n",
               peer_total == csvc_incentive_result_total(res) ? "agree" : "DIFFER",
               (long long)csvc_incentive_result_total(res), peer_total,
               mine == peer_check ? "agrees" : "DIFFERS", mine, peer_check);
    }
    remove(agents_path);
    remove(teams_path);
    remove(plan_path);
    csvc_incentive_result_free(res);
    csvc_incentive_inputs_free(in);
    csvc_incentive_plan_free(plan);
    return 0;
}
