/* The review on the terminal (aligned tables), as JSON and as CSV files:
 * the same numbers in each. Shares are printed as percentages with one
 * decimal; JSON and CSV carry them as fractions with full precision. */
#include "review.h"
#include "table.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

static const char *const status_names[] = {"met", "missed", "no value"};

static void fmt_value(char *buf, size_t size, double v, const char *unit)
{
    if (isnan(v))
        snprintf(buf, size, "-");
    else if (strcmp(unit, "%") == 0)
        snprintf(buf, size, "%.1f %%", v * 100.0);
    else
        snprintf(buf, size, "%.0f %s", v, unit);
}

static void fmt_change(char *buf, size_t size, const review_target *t)
{
    if (isnan(t->value) || isnan(t->previous))
        snprintf(buf, size, "-");
    else if (strcmp(t->unit, "%") == 0)
        snprintf(buf, size, "%+.1f pt", (t->value - t->previous) * 100.0);
    else
        snprintf(buf, size, "%+.0f %s", t->value - t->previous, t->unit);
}

static void fmt_target(char *buf, size_t size, const review_target *t)
{
    char v[24];
    fmt_value(v, sizeof v, t->target, t->unit);
    if (strcmp(t->id, "complaint_rate") == 0)
        snprintf(buf, size, "<= 80 %% of last");
    else
        snprintf(buf, size, "%s %s", t->lower_is_better ? "<=" : ">=", v);
}

static void print_targets(const month_review *r, FILE *out)
{
    static const char *const cols[] = {"scope", "target", ">value", ">goal", "status", ">change"};
    table t;
    table_init(&t, 6, cols);
    for (size_t s = 0; s < r->nscopes; s++)
        for (int k = 0; k < REVIEW_TARGETS; k++) {
            const review_target *x = &r->scopes[s].targets[k];
            char value[32], goal[40], change[32];
            if (strcmp(x->id, "complaint_rate") == 0 && !isnan(x->value))
                snprintf(value, sizeof value, "%.0f %% of last", x->value * 100.0);
            else
                fmt_value(value, sizeof value, x->value, x->unit);
            fmt_target(goal, sizeof goal, x);
            fmt_change(change, sizeof change, x);
            const char *cells[] = {k == 0 ? r->scopes[s].name : "", x->name, value, goal,
                                   status_names[x->status], change};
            table_add(&t, cells);
        }
    table_print(&t, out);
    table_free(&t);
}

static void print_service(const month_review *r, FILE *out)
{
    static const char *const cols[] = {"team",      ">handled", ">resolved", ">FRT median",
                                       ">SLA",      ">CSAT",    ">FCR",      ">reopen",
                                       ">complaints"};
    table t;
    table_init(&t, 9, cols);
    for (size_t s = 0; s < r->nscopes; s++) {
        const csvc_metrics *m = &r->scopes[s].now;
        char c[8][32];
        snprintf(c[0], 32, "%lld", (long long)m->handled);
        snprintf(c[1], 32, "%lld", (long long)m->resolved);
        fmt_value(c[2], 32, m->first_response_median, "s");
        fmt_value(c[3], 32, m->sla_compliance, "%");
        fmt_value(c[4], 32, m->csat, "%");
        fmt_value(c[5], 32, m->fcr, "%");
        fmt_value(c[6], 32, m->reopen_rate, "%");
        snprintf(c[7], 32, "%lld", (long long)m->complaints);
        const char *cells[] = {r->scopes[s].name, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]};
        table_add(&t, cells);
    }
    table_print(&t, out);
    table_free(&t);
}

static void print_scorecards(const month_review *r, FILE *out)
{
    static const char *const cols[] = {"agent",      "name",  "team",         ">handled",
                                       ">SLA",       ">CSAT", ">composite",   "grade",
                                       ">rank (team)", ">rank (desk)", ">incentive"};
    table t;
    table_init(&t, 11, cols);
    for (size_t i = 0; i < r->nagents; i++) {
        const review_agent *a = &r->agents[i];
        char c[7][32];
        snprintf(c[0], 32, "%lld", (long long)a->metrics.handled);
        if (a->has_statement)
            review_money(r, a->payout, c[6], 32);
        else
            snprintf(c[6], 32, "-");
        fmt_value(c[1], 32, a->metrics.sla_compliance, "%");
        fmt_value(c[2], 32, a->metrics.csat, "%");
        int scored = a->kpi.version && !isnan(a->kpi.composite);
        snprintf(c[3], 32, scored ? "%.1f" : "-", scored ? a->kpi.composite : 0.0);
        snprintf(c[4], 32, scored && a->kpi.rank_team ? "%d" : "-", (int)a->kpi.rank_team);
        snprintf(c[5], 32, scored && a->kpi.rank_desk ? "%d" : "-", (int)a->kpi.rank_desk);
        const char *cells[] = {a->id, a->name, a->team, c[0], c[1], c[2], c[3],
                               scored ? a->kpi.grade_label : "-", c[4], c[5], c[6]};
        table_add(&t, cells);
    }
    table_print(&t, out);
    table_free(&t);
}

static void print_incentives(const month_review *r, FILE *out)
{
    if (!r->plan) {
        fprintf(out, "\nIncentives: no incentive_plan.json in the month's directory\n");
        return;
    }
    fprintf(out, "\nIncentives: plan %s version %d (%s)\n", csvc_incentive_plan_id(r->plan),
            (int)csvc_incentive_plan_version(r->plan), csvc_incentive_plan_currency(r->plan));
    static const char *const cols[] = {"team", ">payout"};
    table t;
    table_init(&t, 2, cols);
    for (size_t s = 0; s < r->nscopes; s++) {
        char money[40];
        review_money(r, r->scopes[s].payout, money, sizeof money);
        const char *cells[] = {r->scopes[s].name, money};
        table_add(&t, cells);
    }
    table_print(&t, out);
    table_free(&t);
    int64_t budget = csvc_incentive_plan_budget(r->plan), total = r->scopes[0].payout;
    char a[40], b[40];
    review_money(r, total, a, sizeof a);
    if (budget < 0) {
        fprintf(out, "total %s; the plan has no budget\n", a);
    } else {
        review_money(r, budget, b, sizeof b);
        fprintf(out, "total %s of a budget of %s (%.1f %%)\n", a, b,
                budget ? 100.0 * (double)total / (double)budget : 0.0);
    }
}

static void print_staffing(const month_review *r, FILE *out)
{
    char from[40], to[40];
    csvc_time_format(r->staffing_from, from, sizeof from);
    csvc_time_format(r->staffing_to, to, sizeof to);
    fprintf(out,
            "\nStaffing for next month: a week learnt from %s to %s (80 %% within 20 s, 30 %% "
            "shrinkage, 6 min handle time), against shifts.csv\n",
            from, to);
    static const char *const cols[] = {"team",       ">contacts/week", ">peak staff",
                                       ">required h", ">scheduled h",  ">short h",
                                       ">hours short", ">over h"};
    table t;
    table_init(&t, 8, cols);
    for (size_t s = 1; s < r->nscopes; s++) {
        const csvc_staffing_summary *x = &r->scopes[s].staffing;
        if (!r->scopes[s].has_staffing)
            continue;
        char c[7][32];
        snprintf(c[0], 32, "%.0f", x->arrivals);
        snprintf(c[1], 32, "%u", (unsigned)x->peak_required);
        snprintf(c[2], 32, "%.0f", x->required_hours);
        snprintf(c[3], 32, "%.0f", x->staffed_hours);
        snprintf(c[4], 32, "%.0f", x->shortfall_hours);
        snprintf(c[5], 32, "%u of %u", (unsigned)x->intervals_short, (unsigned)x->intervals);
        snprintf(c[6], 32, "%.0f", x->overstaffing_hours);
        const char *cells[] = {r->scopes[s].name, c[0], c[1], c[2], c[3], c[4], c[5], c[6]};
        table_add(&t, cells);
    }
    table_print(&t, out);
    table_free(&t);
}

void review_print(const month_review *r, FILE *out)
{
    char from[40], to[40];
    csvc_time_format(r->now.start, from, sizeof from);
    csvc_time_format(r->now.end, to, sizeof to);
    fprintf(out, "Month-end review %04d-%02d (%s to %s)\n\n", (int)r->year, (int)r->month, from,
            to);
    fprintf(out, "Targets, against the previous month\n");
    print_targets(r, out);
    fprintf(out, "\nService metrics per team\n");
    print_service(r, out);
    fprintf(out, "\nKPI scorecards, by grade (%zu agents who handled tickets)\n", r->nagents);
    print_scorecards(r, out);
    review_training_print(r, out);
    print_incentives(r, out);
    print_staffing(r, out);
}

/* ---- JSON ---------------------------------------------------------------- */

void review_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

void review_json_number(FILE *f, double v)
{
    if (isnan(v) || isinf(v))
        fputs("null", f);
    else
        fprintf(f, "%.17g", v);
}

static void json_metrics(FILE *f, const csvc_metrics *m)
{
    fprintf(f, "{\"handled\": %lld, \"resolved\": %lld, \"first_response_median\": ",
            (long long)m->handled, (long long)m->resolved);
    review_json_number(f, m->first_response_median);
    fputs(", \"first_response_mean\": ", f);
    review_json_number(f, m->first_response_mean);
    fputs(", \"sla_compliance\": ", f);
    review_json_number(f, m->sla_compliance);
    fputs(", \"csat\": ", f);
    review_json_number(f, m->csat);
    fputs(", \"fcr\": ", f);
    review_json_number(f, m->fcr);
    fputs(", \"reopen_rate\": ", f);
    review_json_number(f, m->reopen_rate);
    fprintf(f, ", \"complaints\": %lld, \"complaint_rate\": ", (long long)m->complaints);
    review_json_number(f, m->complaint_rate);
    fputc('}', f);
}

static void json_review(const month_review *r, FILE *f)
{
    fprintf(f, "{\"month\": \"%04d-%02d\", \"period\": {\"start\": %lld, \"end\": %lld},\n",
            (int)r->year, (int)r->month, (long long)r->now.start, (long long)r->now.end);
    fputs(" \"scopes\": [", f);
    for (size_t s = 0; s < r->nscopes; s++) {
        const review_scope *x = &r->scopes[s];
        fputs(s ? ",\n  {\"team\": " : "\n  {\"team\": ", f);
        if (x->id)
            review_json_string(f, x->id);
        else
            fputs("null", f);
        fputs(", \"name\": ", f);
        review_json_string(f, x->name);
        fputs(", \"metrics\": ", f);
        json_metrics(f, &x->now);
        fputs(", \"previous\": ", f);
        json_metrics(f, &x->before);
        if (x->has_staffing) {
            fprintf(f, ", \"staffing\": {\"arrivals\": ");
            review_json_number(f, x->staffing.arrivals);
            fprintf(f, ", \"peak_required\": %u, \"required_hours\": ",
                    (unsigned)x->staffing.peak_required);
            review_json_number(f, x->staffing.required_hours);
            fputs(", \"staffed_hours\": ", f);
            review_json_number(f, x->staffing.staffed_hours);
            fputs(", \"shortfall_hours\": ", f);
            review_json_number(f, x->staffing.shortfall_hours);
            fprintf(f, ", \"intervals_short\": %u}", (unsigned)x->staffing.intervals_short);
        }
        fputs(", \"targets\": [", f);
        for (int k = 0; k < REVIEW_TARGETS; k++) {
            const review_target *t = &x->targets[k];
            fputs(k ? ", {\"id\": " : "{\"id\": ", f);
            review_json_string(f, t->id);
            fputs(", \"value\": ", f);
            review_json_number(f, t->value);
            fputs(", \"target\": ", f);
            review_json_number(f, t->target);
            fputs(", \"previous\": ", f);
            review_json_number(f, t->previous);
            fputs(", \"status\": ", f);
            review_json_string(f, status_names[t->status]);
            fputc('}', f);
        }
        fputs("]}", f);
    }
    fputs("],\n \"agents\": [", f);
    for (size_t i = 0; i < r->nagents; i++) {
        const review_agent *a = &r->agents[i];
        int scored = a->kpi.version && !isnan(a->kpi.composite);
        fputs(i ? ",\n  {\"id\": " : "\n  {\"id\": ", f);
        review_json_string(f, a->id);
        fputs(", \"name\": ", f);
        review_json_string(f, a->name);
        fputs(", \"team\": ", f);
        review_json_string(f, a->team);
        fputs(", \"metrics\": ", f);
        json_metrics(f, &a->metrics);
        fputs(", \"composite\": ", f);
        review_json_number(f, scored ? a->kpi.composite : NAN);
        fputs(", \"grade\": ", f);
        if (scored)
            review_json_string(f, a->kpi.grade_label);
        else
            fputs("null", f);
        fprintf(f, ", \"rank_team\": %d, \"rank_desk\": %d, \"incentive\": ",
                scored ? (int)a->kpi.rank_team : 0, scored ? (int)a->kpi.rank_desk : 0);
        if (a->has_statement) {
            char money[40];
            review_money(r, a->payout, money, sizeof money);
            review_json_string(f, money);
            fprintf(f, ", \"points\": %lld}", (long long)a->points);
        } else {
            fputs("null, \"points\": null}", f);
        }
    }
    fputs("],\n \"training\": ", f);
    review_training_json(r, f);
    fputs(",\n \"incentives\": ", f);
    if (!r->plan) {
        fputs("null}\n", f);
        return;
    }
    char money[40];
    fputs("{\"plan\": ", f);
    review_json_string(f, csvc_incentive_plan_id(r->plan));
    fprintf(f, ", \"version\": %d, \"currency\": ", (int)csvc_incentive_plan_version(r->plan));
    review_json_string(f, csvc_incentive_plan_currency(r->plan));
    review_money(r, r->scopes[0].payout, money, sizeof money);
    fputs(", \"total\": ", f);
    review_json_string(f, money);
    fputs(", \"budget\": ", f);
    int64_t budget = csvc_incentive_plan_budget(r->plan);
    if (budget < 0) {
        fputs("null", f);
    } else {
        review_money(r, budget, money, sizeof money);
        review_json_string(f, money);
    }
    fputs(", \"teams\": {", f);
    for (size_t s = 1; s < r->nscopes; s++) {
        if (s > 1)
            fputs(", ", f);
        review_json_string(f, r->scopes[s].id);
        review_money(r, r->scopes[s].payout, money, sizeof money);
        fputs(": ", f);
        review_json_string(f, money);
    }
    fputs("}}}\n", f);
}

int review_write_json(const month_review *r, const char *path)
{
    if (strcmp(path, "-") == 0) {
        json_review(r, stdout);
        return CLI_OK;
    }
    /* Written beside the target and renamed: a failure leaves no half file. */
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return cli_fail(path, strerror(errno));
    json_review(r, f);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
        remove(tmp);
        return cli_fail(path, "cannot write the file");
    }
    return CLI_OK;
}

/* ---- CSV ----------------------------------------------------------------- */

void review_csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void csv_number(FILE *f, double v)
{
    if (!isnan(v))
        fprintf(f, "%.17g", v);
}

int review_csv_file(const char *dir, const char *name, FILE **out)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!(*out = fopen(path, "w")))
        return cli_fail(path, strerror(errno));
    return CLI_OK;
}

int review_write_csv(const month_review *r, const char *dir)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return cli_fail(dir, strerror(errno));
    FILE *f;
    int rc = review_csv_file(dir, "targets.csv", &f);
    if (rc != CLI_OK)
        return rc;
    fputs("team,target,value,goal,previous,status\n", f);
    for (size_t s = 0; s < r->nscopes; s++)
        for (int k = 0; k < REVIEW_TARGETS; k++) {
            const review_target *t = &r->scopes[s].targets[k];
            review_csv_field(f, r->scopes[s].id ? r->scopes[s].id : "");
            fprintf(f, ",%s,", t->id);
            csv_number(f, t->value);
            fputc(',', f);
            csv_number(f, t->target);
            fputc(',', f);
            csv_number(f, t->previous);
            fprintf(f, ",%s\n", status_names[t->status]);
        }
    fclose(f);
    if ((rc = review_csv_file(dir, "agents.csv", &f)) != CLI_OK)
        return rc;
    fputs("agent_id,name,team_id,handled,resolved,first_response_median,sla_compliance,csat,fcr,"
          "complaints,composite,grade,rank_team,rank_desk,incentive,points\n", f);
    for (size_t i = 0; i < r->nagents; i++) {
        const review_agent *a = &r->agents[i];
        const csvc_metrics *m = &a->metrics;
        int scored = a->kpi.version && !isnan(a->kpi.composite);
        review_csv_field(f, a->id);
        fputc(',', f);
        review_csv_field(f, a->name);
        fputc(',', f);
        review_csv_field(f, a->team);
        fprintf(f, ",%lld,%lld,", (long long)m->handled, (long long)m->resolved);
        csv_number(f, m->first_response_median);
        fputc(',', f);
        csv_number(f, m->sla_compliance);
        fputc(',', f);
        csv_number(f, m->csat);
        fputc(',', f);
        csv_number(f, m->fcr);
        fprintf(f, ",%lld,", (long long)m->complaints);
        csv_number(f, scored ? a->kpi.composite : NAN);
        fprintf(f, ",%s,", scored ? a->kpi.grade_label : "");
        if (scored)
            fprintf(f, "%d,%d", (int)a->kpi.rank_team, (int)a->kpi.rank_desk);
        else
            fputc(',', f);
        if (a->has_statement) {
            char money[40];
            review_money(r, a->payout, money, sizeof money);
            fprintf(f, ",%s,%lld\n", money, (long long)a->points);
        } else {
            fputs(",,\n", f);
        }
    }
    if (fclose(f) != 0)
        return cli_fail(dir, "cannot write agents.csv");
    return review_training_csv(r, dir);
}
