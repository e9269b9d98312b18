/* incentive_run: November 2025's incentive statements for the whole desk.
 *
 *   incentive_run [data_dir]          (default examples/data)
 *
 * Reads from data_dir the same files as kpi_review (roster.csv,
 * tickets_events.csv, kpi_model.json, ratings.csv), computes the month's
 * KPI review for every team, fills the incentive inputs from the roster,
 * the review and the desk, adds what the team leads report (improvement
 * suggestions adopted), and evaluates incentive_plan.json: one statement
 * per agent whose lines name the rule, the value it read and why it paid,
 * then team totals and the plan's total against its budget. Nothing is
 * paid or stored: the same call is the what-if of a draft plan. */
#include <csvc.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UTC_OFFSET (8 * 3600)

static void die(const char *what, const char *msg)
{
    fprintf(stderr, "incentive_run: %s: %s\n", what, msg);
    exit(1);
}

static const char *path_of(char *buf, size_t size, const char *dir, const char *file)
{
    snprintf(buf, size, "%s/%s", dir, file);
    return buf;
}

static const char *money(char *buf, size_t size, int64_t amount)
{
    csvc_money_format(amount, 2, buf, size);
    return buf;
}

/* The November KPI results of every agent in the roster. */
static csvc_kpi_results *review(const char *dir, csvc_roster *roster, csvc_desk *desk,
                                const csvc_period *month)
{
    char path[1024];
    csvc_kpi_model *model;
    if (csvc_kpi_model_load_json(path_of(path, sizeof path, dir, "kpi_model.json"), NULL,
                                 &model) != CSVC_OK)
        die(path, csvc_last_errmsg());
    csvc_kpi_review_options o = CSVC_KPI_REVIEW_OPTIONS_INIT;
    o.id = "2025-11";
    csvc_kpi_review *rv;
    if (csvc_kpi_review_new(roster, model, month, &o, &rv) != CSVC_OK)
        die("review", csvc_last_errmsg());
    csvc_kpi_model_free(model);
    if (csvc_kpi_review_load_desk(rv, desk) != CSVC_OK ||
        csvc_kpi_review_import_ratings_csv(rv, path_of(path, sizeof path, dir, "ratings.csv")) !=
            CSVC_OK ||
        csvc_kpi_review_close(rv) != CSVC_OK)
        die("review", csvc_kpi_review_errmsg(rv));
    csvc_kpi_results *res;
    if (csvc_kpi_review_compute(rv, &res) != CSVC_OK)
        die("compute", csvc_kpi_review_errmsg(rv));
    csvc_kpi_review_free(rv);
    return res;
}

static void print_statements(const csvc_incentive_result *r)
{
    char a[48], b[48];
    size_t idle = 0;
    for (size_t i = 0; i < csvc_incentive_result_statement_count(r); i++) {
        csvc_incentive_statement s;
        csvc_incentive_result_statement(r, i, &s);
        if (s.line_count == 0) {
            idle++;
            continue;
        }
        printf("\n%s (%s), base pay %s%s: total %s, %lld points\n", s.agent_id, s.team_id,
               money(a, sizeof a, s.base_pay), s.eligible ? "" : ", not eligible",
               money(b, sizeof b, s.total), (long long)s.points);
        for (size_t j = 0; j < s.line_count; j++) {
            csvc_incentive_line l;
            csvc_incentive_result_line(r, i, j, &l);
            printf("    %-20s %10s", *l.rule_id ? l.rule_id : "(plan)",
                   money(a, sizeof a, l.amount));
            if (l.points)
                printf(" %+5lld pts", (long long)l.points);
            if (!isnan(l.value))
                printf("   %s = %g", l.metric, l.value);
            if (l.kind == CSVC_RULE_TITLE)
                printf(", rank %d", l.tier);
            else if (l.tier >= 0)
                printf(", tier %d", l.tier + 1);
            printf("\n");
        }
    }
    printf("\n%zu agents earned nothing this month (no rule applied, or not eligible)\n", idle);
}

int main(int argc, char **argv)
{
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
        fputs("usage: incentive_run [data_dir]\n"
              "  Evaluates data_dir/incentive_plan.json for November 2025 on the example\n"
              "  desk (default examples/data) and prints the statements.\n",
              argc == 2 && strcmp(argv[1], "--help") == 0 ? stdout : stderr);
        return argc == 2 && strcmp(argv[1], "--help") == 0 ? 0 : 2;
    }
    const char *dir = argc > 1 ? argv[1] : "examples/data";
    char path[1024];
    csvc_roster *roster;
    csvc_desk *desk;
    if (csvc_roster_new(NULL, &roster) != CSVC_OK ||
        csvc_roster_import_csv(roster, path_of(path, sizeof path, dir, "roster.csv")) != CSVC_OK)
        die(path, csvc_last_errmsg());
    if (csvc_desk_new(roster, NULL, &desk) != CSVC_OK ||
        csvc_desk_import_events_csv(desk, path_of(path, sizeof path, dir, "tickets_events.csv")) !=
            CSVC_OK)
        die(path, csvc_last_errmsg());
    csvc_period november;
    csvc_period_of_month(2025, 11, UTC_OFFSET, &november);
    csvc_kpi_results *kpi = review(dir, roster, desk, &november);

    csvc_incentive_inputs *in;
    if (csvc_incentive_inputs_new(NULL, &in) != CSVC_OK ||
        csvc_incentive_inputs_from_engines(in, roster, kpi, desk, &november) != CSVC_OK)
        die("inputs", csvc_last_errmsg());
    /* What the team leads report: improvement suggestions adopted. */
    static const struct {
        const char *agent;
        double adopted;
    } ideas[] = {{"S200", 2}, {"A201", 3}, {"A202", 1}, {"A203", 2}, {"A205", 1}};
    for (size_t i = 0; i < sizeof ideas / sizeof ideas[0]; i++)
        if (csvc_incentive_inputs_set(in, ideas[i].agent, "suggestions_adopted",
                                      ideas[i].adopted) != CSVC_OK)
            die("suggestions_adopted", csvc_incentive_inputs_errmsg(in));

    csvc_incentive_plan *plan;
    if (csvc_incentive_plan_load_json(path_of(path, sizeof path, dir, "incentive_plan.json"),
                                      NULL, &plan) != CSVC_OK)
        die(path, csvc_last_errmsg());
    csvc_incentive_result *res;
    if (csvc_incentive_evaluate(plan, in, &november, &res) != CSVC_OK)
        die("evaluate", csvc_last_errmsg());

    printf("Plan %s v%d (%s), %zu rules, November 2025, %zu agents\n", csvc_incentive_plan_id(plan),
           (int)csvc_incentive_plan_version(plan), csvc_incentive_plan_currency(plan),
           csvc_incentive_plan_rule_count(plan), csvc_incentive_result_statement_count(res));
    print_statements(res);
    char t[48];
    printf("\nTeams:");
    size_t nteams = csvc_roster_team_count(roster);
    for (size_t i = 0; i < nteams; i++) {
        csvc_team_info team = CSVC_TEAM_INFO_INIT;
        int64_t sum;
        csvc_roster_team_at(roster, i, &team);
        if (csvc_incentive_result_team_total(res, team.id, &sum) == CSVC_OK)
            printf(" %s %s", team.id, money(t, sizeof t, sum));
    }
    printf("\nPlan total %s\n", money(t, sizeof t, csvc_incentive_result_total(res)));

    csvc_incentive_result_free(res);
    csvc_incentive_plan_free(plan);
    csvc_incentive_inputs_free(in);
    csvc_kpi_results_free(kpi);
    csvc_desk_free(desk);
    csvc_roster_free(roster);
    return 0;
}
