/* kpi_review: the November 2025 performance review of the returns team.
 *
 *   kpi_review [data_dir]          (default examples/data)
 *
 * Reads from data_dir: roster.csv (the CS organisation), tickets_events.csv
 * (the month's ticket log, for the objective KPIs: CSAT, first response
 * time, resolution rate, complaints), kpi_model.json (the KPI model:
 * weights, rater groups, normalisation, grades) and ratings.csv (the 360
 * ratings collected in early December: self, peers, supervisors,
 * subordinates and customers). The number of process improvements adopted
 * is supplied by the team lead directly. The review is closed, computed,
 * and the returns team's scorecards are printed: the summary, then every
 * KPI of each agent with its raw value, score, weight and contribution,
 * and for rated KPIs what each rater group contributed (a group below its
 * anonymity threshold shows its count only). */
#include <csvc.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEAM "RET"
#define UTC_OFFSET (8 * 3600)

static void die(const char *what, const char *msg)
{
    fprintf(stderr, "kpi_review: %s: %s\n", what, msg);
    exit(1);
}

static const char *path_of(char *buf, size_t size, const char *dir, const char *file)
{
    snprintf(buf, size, "%s/%s", dir, file);
    return buf;
}

/* "83.4" or "-" for no value. */
static const char *num(char *buf, size_t size, double x, int decimals)
{
    if (isnan(x))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.*f", decimals, x);
    return buf;
}

static void print_flags(uint32_t flags)
{
    static const char *const names[] = {"missing", "incomplete", "zero-filled", "renormalised",
                                        "hidden",  "below-min",  "excluded",    "partial"};
    for (int i = 0; i < 8; i++)
        if (flags & (1u << i))
            printf(" [%s]", names[i]);
}

static void print_summary(const csvc_kpi_results *res)
{
    printf("%-6s %9s %5s %9s %9s %8s %8s %8s %8s %8s\n", "agent", "composite", "grade", "rank team",
           "rank desk", "quality", "effic.", "skill", "teamwork", "innov.");
    for (size_t a = 0; a < csvc_kpi_results_agent_count(res); a++) {
        csvc_kpi_agent_result r;
        if (csvc_kpi_results_agent(res, a, &r) != CSVC_OK)
            die("results", csvc_kpi_results_errmsg(res));
        if (strcmp(r.team_id, TEAM) != 0)
            continue;
        char c[16], d[5][16], rt[16], rd[16];
        snprintf(rt, sizeof rt, "%d/%d", (int)r.rank_team, (int)r.team_size);
        snprintf(rd, sizeof rd, "%d/%d", (int)r.rank_desk, (int)r.desk_size);
        printf("%-6s %9s %5s %9s %9s", r.agent_id, num(c, sizeof c, r.composite, 2),
               r.grade ? r.grade_label : "-", r.rank_team ? rt : "-", r.rank_desk ? rd : "-");
        for (int i = 0; i < 5; i++)
            printf(" %8s", num(d[i], sizeof d[i], r.dimensions[i], 1));
        print_flags(r.flags);
        printf("\n");
    }
}

static void print_groups(const csvc_kpi_results *res, size_t a, size_t k)
{
    for (int g = 0; g < CSVC_RATER_GROUP_COUNT; g++) {
        csvc_kpi_group_result gr;
        if (csvc_kpi_results_group(res, a, k, (csvc_rater_group)g, &gr) != CSVC_OK)
            die("group", csvc_kpi_results_errmsg(res));
        if (gr.flags & CSVC_KPI_EXCLUDED)
            continue;
        char agg[16];
        printf("        %-11s n=%-2lld aggregate %6s  weight used %5.1f%%",
               csvc_rater_group_name((csvc_rater_group)g), (long long)gr.count,
               (gr.flags & CSVC_KPI_HIDDEN) ? "hidden" : num(agg, sizeof agg, gr.aggregate, 1),
               gr.weight_used * 100.0);
        print_flags(gr.flags);
        printf("\n");
    }
}

static void print_card(const csvc_kpi_results *res, size_t a)
{
    const csvc_kpi_model *m = csvc_kpi_results_model(res);
    csvc_kpi_agent_result r;
    csvc_kpi_results_agent(res, a, &r);
    char c[16], pt[16], pd[16];
    printf("\n%s (%s): composite %s, grade %s, percentile %s in team, %s in desk\n", r.agent_id,
           r.team_id, num(c, sizeof c, r.composite, 2), r.grade ? r.grade_label : "-",
           num(pt, sizeof pt, r.percentile_team, 1), num(pd, sizeof pd, r.percentile_desk, 1));
    for (size_t k = 0; k < csvc_kpi_model_kpi_count(m); k++) {
        csvc_kpi_def def;
        csvc_kpi_result kr;
        csvc_kpi_model_kpi_at(m, k, &def);
        if (csvc_kpi_results_kpi(res, a, k, &kr) != CSVC_OK)
            die("kpi", csvc_kpi_results_errmsg(res));
        char raw[24], score[16], contrib[16];
        printf("    %-18s raw %9s  score %6s  weight %3.1f (%4.1f%%)  contribution %6s", def.id,
               num(raw, sizeof raw, kr.raw, def.source == CSVC_KPI_RATED ? 2 : 3),
               num(score, sizeof score, kr.score, 1), kr.weight, kr.weight_share * 100.0,
               num(contrib, sizeof contrib, kr.contribution, 2));
        print_flags(kr.flags);
        printf("\n");
        if (def.source == CSVC_KPI_RATED)
            print_groups(res, a, k);
    }
}

/* --help prints the usage; an unknown option or too many arguments is an
 * error (exit 2). Returns -1 to go on. */
static int check_arguments(int argc, char **argv)
{
    static const char usage[] = "usage: kpi_review [data_dir]\n"
        "  Runs the November 2025 review of the returns team from data_dir (default\n"
        "  examples/data: roster.csv, tickets_events.csv, kpi_model.json, ratings.csv)\n"
        "  and prints its scorecards.\n";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        }
        if (argv[i][0] == '-' || i > 1) {
            fprintf(stderr, "kpi_review: unexpected argument '%s'\n%s", argv[i], usage);
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
    const char *dir = argc > 1 ? argv[1] : "examples/data";
    char path[1024];

    csvc_roster *roster;
    if (csvc_roster_new(NULL, &roster) != CSVC_OK)
        die("roster", csvc_last_errmsg());
    if (csvc_roster_import_csv(roster, path_of(path, sizeof path, dir, "roster.csv")) != CSVC_OK)
        die(path, csvc_roster_errmsg(roster));

    csvc_desk *desk;
    if (csvc_desk_new(roster, NULL, &desk) != CSVC_OK)
        die("desk", csvc_last_errmsg());
    if (csvc_desk_import_events_csv(desk, path_of(path, sizeof path, dir, "tickets_events.csv")) !=
        CSVC_OK)
        die(path, csvc_desk_errmsg(desk));

    csvc_kpi_model *model;
    if (csvc_kpi_model_load_json(path_of(path, sizeof path, dir, "kpi_model.json"), NULL, &model) !=
        CSVC_OK)
        die(path, csvc_last_errmsg());

    csvc_period november;
    csvc_period_of_month(2025, 11, UTC_OFFSET, &november);
    csvc_kpi_review_options o = CSVC_KPI_REVIEW_OPTIONS_INIT;
    o.id = "2025-11-RET";
    csvc_kpi_review *review;
    if (csvc_kpi_review_new(roster, model, &november, &o, &review) != CSVC_OK)
        die("review", csvc_last_errmsg());
    csvc_kpi_model_free(model); /* the review keeps its own copy */

    if (csvc_kpi_review_load_desk(review, desk) != CSVC_OK)
        die("desk metrics", csvc_kpi_review_errmsg(review));
    static const struct {
        const char *agent;
        double ideas;
    } ideas[] = {{"S200", 2}, {"A201", 3}, {"A202", 1}, {"A203", 2}, {"A204", 0}, {"A205", 1}};
    for (size_t i = 0; i < sizeof ideas / sizeof ideas[0]; i++)
        if (csvc_kpi_review_set_objective(review, ideas[i].agent, "improvement_ideas",
                                          ideas[i].ideas) != CSVC_OK)
            die("improvement_ideas", csvc_kpi_review_errmsg(review));
    if (csvc_kpi_review_import_ratings_csv(
            review, path_of(path, sizeof path, dir, "ratings.csv")) != CSVC_OK)
        die(path, csvc_kpi_review_errmsg(review));

    /* Ratings are frozen once the review closes. */
    if (csvc_kpi_review_close(review) != CSVC_OK)
        die("close", csvc_kpi_review_errmsg(review));
    csvc_kpi_rating late = CSVC_KPI_RATING_INIT;
    late.rater_id = "A204";
    late.ratee_id = "A205";
    late.kpi_id = "teamwork";
    late.value = 5;
    late.time = november.end + 40 * 86400;
    csvc_status rc = csvc_kpi_review_rate(review, &late);
    char refusal[512];
    snprintf(refusal, sizeof refusal, "%s", csvc_kpi_review_errmsg(review));

    csvc_kpi_results *res;
    if (csvc_kpi_review_compute(review, &res) != CSVC_OK)
        die("compute", csvc_kpi_review_errmsg(review));

    printf("Review %s, model %s, %zu ratings; a late rating was refused: %s (%s)\n\n",
           csvc_kpi_review_id(review), csvc_kpi_model_version(csvc_kpi_review_model(review)),
           csvc_kpi_review_rating_count(review), csvc_status_name(rc), refusal);
    printf("Team %s scorecards (the desk has %zu active agents; ranks count those with a "
           "composite):\n",
           TEAM, csvc_kpi_results_agent_count(res));
    print_summary(res);
    for (size_t a = 0; a < csvc_kpi_results_agent_count(res); a++) {
        csvc_kpi_agent_result r;
        csvc_kpi_results_agent(res, a, &r);
        if (strcmp(r.team_id, TEAM) == 0)
            print_card(res, a);
    }

    csvc_kpi_results_free(res);
    csvc_kpi_review_free(review);
    csvc_desk_free(desk);
    csvc_roster_free(roster);
    return 0;
}
