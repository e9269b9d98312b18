/* bench_training: 100,000 agents in 1,000 teams, 50 courses, 20
 * requirements (levels, teams, onboarding, recurrence after completion,
 * anchored every 1 January) and 2 million completions; the desk's status
 * report (every item's state and every team's coverage) at one instant,
 * beside the same report in pandas on the same data in the same run
 * (bench_training_peer.py), with the results compared.
 *
 *   bench_training [agents]      (default 100000; target: < 100 ms, >= 30x)
 */
#include <csvc.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TEAM_SIZE 100
#define COURSES 50
#define REQUIREMENTS 20
#define PER_AGENT 20
#define OFFSET (8 * 3600)
#define DAY 86400

static void die(const char *what, const char *msg)
{
    fprintf(stderr, "bench_training: %s: %s\n", what, msg);
    exit(1);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned long long rng = 88172645463325252ull;
static unsigned long long next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int64_t day_of(int y, int m, int d)
{
    /* days_from_civil (Howard Hinnant) */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int main(int argc, char **argv)
{
    int agents = argc > 1 ? atoi(argv[1]) : 100000;
    char dir[] = "/tmp/bench_training_XXXXXX";
    if (!mkdtemp(dir))
        die("mkdtemp", "failed");
    char agents_path[96], completions_path[96], courses_path[96], reqs_path[96];
    snprintf(agents_path, sizeof agents_path, "%s/agents.csv", dir);
    snprintf(completions_path, sizeof completions_path, "%s/completions.csv", dir);
    snprintf(courses_path, sizeof courses_path, "%s/courses.csv", dir);
    snprintf(reqs_path, sizeof reqs_path, "%s/requirements.csv", dir);

    csvc_roster *roster;
    csvc_roster_new(NULL, &roster);
    for (int t = 0; t < (agents + TEAM_SIZE - 1) / TEAM_SIZE; t++) {
        char id[16];
        snprintf(id, sizeof id, "T%04d", t);
        csvc_team_info team = CSVC_TEAM_INFO_INIT;
        team.id = id;
        if (csvc_roster_add_team(roster, &team) != CSVC_OK)
            die("team", csvc_roster_errmsg(roster));
    }
    FILE *fa = fopen(agents_path, "w");
    fprintf(fa, "agent_id,team,level,hire_date,active\n");
    int64_t *hired = malloc((size_t)agents * sizeof *hired);
    for (int a = 0; a < agents; a++) {
        char id[16], team[16];
        snprintf(id, sizeof id, "A%06d", a);
        snprintf(team, sizeof team, "T%04d", a / TEAM_SIZE);
        csvc_agent_info ag = CSVC_AGENT_INFO_INIT;
        ag.id = ag.name = id;
        ag.team_id = team;
        ag.level = (csvc_level)(next() % 5);
        hired[a] = (day_of(2015, 1, 1) + (int64_t)(next() % 4000)) * DAY;
        ag.hire_date = hired[a];
        ag.active = next() % 50 != 0;
        if (csvc_roster_add_agent(roster, &ag) != CSVC_OK)
            die("agent", csvc_roster_errmsg(roster));
        fprintf(fa, "%s,%d,%d,%lld,%d\n", id, a / TEAM_SIZE, (int)ag.level, (long long)hired[a],
                ag.active);
    }
    fclose(fa);

    csvc_training_options o = CSVC_TRAINING_OPTIONS_INIT;
    o.utc_offset = OFFSET;
    csvc_training *t;
    if (csvc_training_new(roster, &o, NULL, &t) != CSVC_OK)
        die("training", csvc_last_errmsg());
    FILE *fc = fopen(courses_path, "w");
    fprintf(fc, "course,validity_months,passing_score\n");
    for (int c = 0; c < COURSES; c++) {
        char id[8];
        snprintf(id, sizeof id, "C%02d", c);
        csvc_course k = CSVC_COURSE_INIT;
        k.id = k.title = id;
        k.validity_months = c % 3 == 0 ? 0 : c % 3 == 1 ? 12 : 24;
        k.passing_score = 60;
        if (csvc_training_add_course(t, &k) != CSVC_OK)
            die("course", csvc_training_errmsg(t));
        fprintf(fc, "%d,%d,%d\n", c, k.validity_months, k.passing_score);
    }
    fclose(fc);
    /* kind 0: from a start date (due 30 days after), no recurrence;
     * 1: onboarding within 30 days of hire; 2: every 6 months after
     * completion; 3: every 1 January. */
    FILE *fr = fopen(reqs_path, "w");
    fprintf(fr, "requirement,course,level,team,kind,start,due_days,every_months\n");
    for (int q = 0; q < REQUIREMENTS; q++) {
        char id[8], course[8], team[16];
        snprintf(id, sizeof id, "R%02d", q);
        snprintf(course, sizeof course, "C%02d", (q * 7) % COURSES);
        csvc_requirement r = CSVC_REQUIREMENT_INIT;
        r.id = id;
        r.course_id = course;
        r.level = q % 4 ? q % 5 : -1;
        int team_index = q % 10 == 7 ? q : -1;
        if (team_index >= 0) {
            snprintf(team, sizeof team, "T%04d", team_index);
            r.team_id = team;
        }
        int kind = q % 4;
        r.trigger = kind == 1 ? CSVC_TRIGGER_HIRE : CSVC_TRIGGER_START;
        r.start = (day_of(2024, 1, 1) + q * 20) * DAY - OFFSET;
        r.due_days = 30;
        r.recurrence = kind == 2 ? CSVC_RECUR_AFTER_COMPLETION
                       : kind == 3 ? CSVC_RECUR_ANCHORED
                                   : CSVC_RECUR_NONE;
        r.every_months = kind == 2 ? 6 : 12;
        if (csvc_training_add_requirement(t, &r) != CSVC_OK)
            die("requirement", csvc_training_errmsg(t));
        fprintf(fr, "%d,%d,%d,%d,%d,%lld,%d,%d\n", q, (q * 7) % COURSES, r.level, team_index, kind,
                (long long)r.start, r.due_days, r.every_months);
    }
    fclose(fr);
    /* Each agent does most of the courses its requirements name, some of
     * them within the last year, and other courses besides; 20 in all, in
     * time order. */
    FILE *fk = fopen(completions_path, "w");
    fprintf(fk, "agent,course,time,post\n");
    int64_t end = day_of(2026, 1, 1) * DAY, recent = day_of(2025, 6, 1) * DAY;
    typedef struct slot {
        int64_t time;
        int course, post;
    } slot;
    for (int a = 0; a < agents; a++) {
        char id[16], course[8];
        snprintf(id, sizeof id, "A%06d", a);
        csvc_agent_info info;
        csvc_roster_agent_at(roster, (size_t)a, &info);
        slot s[PER_AGENT];
        int n = 0;
        for (int q = 0; q < REQUIREMENTS && n < PER_AGENT; q++) {
            int level = q % 4 ? q % 5 : -1, team = q % 10 == 7 ? q : -1;
            if ((level >= 0 && level != (int)info.level) || (team >= 0 && team != a / TEAM_SIZE) ||
                next() % 20 == 0)
                continue;
            int64_t from = hired[a] > recent ? hired[a] : recent;
            int64_t until = day_of(2025, 11, 30) * DAY;
            s[n++] = (slot){from < until ? from + (int64_t)(next() % (uint64_t)(until - from)) : from,
                            (q * 7) % COURSES,
                            next() % 10 ? 60 + (int)(next() % 41) : (int)(next() % 60)};
        }
        while (n < PER_AGENT)
            s[n++] = (slot){hired[a] + (int64_t)(next() % (uint64_t)(end - hired[a])),
                            (int)(next() % COURSES), (int)(next() % 101)};
        for (int i = 1; i < n; i++) /* insertion sort by time */
            for (int j = i; j > 0 && s[j].time < s[j - 1].time; j--) {
                slot tmp = s[j];
                s[j] = s[j - 1];
                s[j - 1] = tmp;
            }
        for (int i = 0; i < n; i++) {
            snprintf(course, sizeof course, "C%02d", s[i].course);
            if (csvc_training_complete(t, id, course, s[i].time, CSVC_TRAINING_NO_SCORE,
                                       s[i].post, CSVC_TRAINING_NO_SCORE) != CSVC_OK)
                die("complete", csvc_training_errmsg(t));
            fprintf(fk, "%d,%d,%lld,%d\n", a, s[i].course, (long long)s[i].time, s[i].post);
        }
    }
    fclose(fk);

    int64_t at = (day_of(2025, 12, 1) * DAY) - OFFSET; /* 1 December 2025, +08:00 */
    double best = INFINITY, first = 0;
    csvc_training_report *rep = NULL;
    for (int run = 0; run < 5; run++) {
        csvc_training_report_free(rep);
        double t0 = now();
        if (csvc_training_report_new(t, at, &rep) != CSVC_OK)
            die("report", csvc_last_errmsg());
        double s = now() - t0;
        if (!run)
            first = s;
        best = s < best ? s : best;
    }
    size_t covered, active;
    csvc_training_report_coverage(rep, NULL, &covered, &active);
    long long team_check = 0;
    for (int tm = 0; tm < (agents + TEAM_SIZE - 1) / TEAM_SIZE; tm++) {
        char id[16];
        size_t c, n;
        snprintf(id, sizeof id, "T%04d", tm);
        csvc_training_report_coverage(rep, id, &c, &n);
        team_check += (long long)(tm + 1) * (long long)c;
    }
    printf("report: %d agents, %d courses, %d requirements, %zu completions, %zu items: %.1f ms "
           "(best of 5; first %.1f ms; target < 100 ms)\n",
           agents, COURSES, REQUIREMENTS, csvc_training_completion_count(t),
           csvc_training_report_item_count(rep), best * 1e3, first * 1e3);
    printf("csvc: coverage %zu/%zu (%.2f %%), states current %zu expiring %zu expired %zu due %zu "
           "overdue %zu, team checksum %lld\n",
           covered, active, 100.0 * covered / (active ? active : 1),
           csvc_training_report_state_count(rep, CSVC_ITEM_CURRENT),
           csvc_training_report_state_count(rep, CSVC_ITEM_EXPIRING),
           csvc_training_report_state_count(rep, CSVC_ITEM_EXPIRED),
           csvc_training_report_state_count(rep, CSVC_ITEM_DUE),
           csvc_training_report_state_count(rep, CSVC_ITEM_OVERDUE), team_check);
    fflush(stdout);

    char cmd[1024], line[512];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/bench_training_peer.py %s %lld %d", BENCH_DIR,
             dir, (long long)at, OFFSET);
    FILE *p = popen(cmd, "r");
    double peer_s = -1;
    size_t pc = 0, pa = 0, ps[5] = {0};
    long long pcheck = 0;
    while (p && fgets(line, sizeof line, p)) {
        fputs(line, stdout);
        double s;
        if (sscanf(line, "pandas: report %lf s, coverage %zu/%zu, states %zu %zu %zu %zu %zu, team "
                         "checksum %lld",
                   &s, &pc, &pa, &ps[0], &ps[1], &ps[2], &ps[3], &ps[4], &pcheck) == 9)
            peer_s = s;
    }
    if (p)
        pclose(p);
    if (peer_s > 0) {
        int same = pc == covered && pa == active && pcheck == team_check;
        for (int k = 0; k < 5; k++)
            same &= ps[k] == csvc_training_report_state_count(rep, (csvc_item_state)k);
        printf("ratio: pandas/csvc = %.1fx (same data, same run, load excluded; target >= 30x)\n",
               peer_s / best);
        printf("agreement: coverage, every state count and every team's coverage %s\n",
               same ? "agree" : "DIFFER");
    }
    remove(agents_path);
    remove(completions_path);
    remove(courses_path);
    remove(reqs_path);
    remove(dir);
    csvc_training_report_free(rep);
    csvc_training_free(t);
    csvc_roster_free(roster);
    free(hired);
    return 0;
}
