/* The review's training section, at the end of the month: coverage for
 * the desk and each team (the training target, against the end of the
 * previous month), the requirements not met, the certificates ending
 * within 30 days, the courses for KPI dimensions scored below 70, and the
 * promotion check of everyone graded 4 or better. */
#include "review.h"
#include "table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *team_of(const cli_desk *d, const char *agent)
{
    csvc_agent_info info = CSVC_AGENT_INFO_INIT;
    return csvc_roster_get_agent(d->roster, agent, &info) == CSVC_OK ? info.team_id : "";
}

static double coverage(const csvc_training_report *report, const char *team)
{
    size_t covered = 0, active = 0;
    if (csvc_training_report_coverage(report, team, &covered, &active) != CSVC_OK || !active)
        return NAN;
    return (double)covered / (double)active;
}

static int push(review_training_item **items, size_t *n, const review_training_item *item)
{
    review_training_item *grown = realloc(*items, (*n + 1) * sizeof **items);
    if (!grown)
        return -1;
    grown[(*n)++] = *item;
    *items = grown;
    return 0;
}

/* Every item of the report: not met (due, overdue, expired), or met but
 * ending within REVIEW_EXPIRING_DAYS. */
static int sort_items(const cli_desk *d, review_training *t)
{
    const int64_t horizon = t->at + REVIEW_EXPIRING_DAYS * INT64_C(86400);
    for (size_t i = 0; i < csvc_training_report_item_count(t->now); i++) {
        csvc_item_status st;
        memset(&st, 0, sizeof st);
        st.version = CSVC_ITEM_STATUS_VERSION;
        if (csvc_training_report_item(t->now, i, &st) != CSVC_OK)
            continue;
        review_training_item item = {st.agent_id, team_of(d, st.agent_id), st.requirement_id,
                                     st.course_id, st.state, st.due, st.valid_until};
        int met = st.state == CSVC_ITEM_CURRENT || st.state == CSVC_ITEM_EXPIRING;
        int ending = met && st.valid_until != CSVC_TIME_NONE && st.valid_until <= horizon;
        if ((!met && push(&t->gaps, &t->ngaps, &item)) ||
            (ending && push(&t->expiring, &t->nexpiring, &item)))
            return -1;
    }
    return 0;
}

/* csvc_training_needs_csv()'s rows: agent_id,dimension,score,course_id
 * (ids and a number: no quoting). */
static int parse_needs(const char *csv, review_training *t)
{
    const char *line = strchr(csv, '\n');
    while (line && line[1]) {
        const char *start = line + 1;
        line = strchr(start, '\n');
        size_t len = line ? (size_t)(line - start) : strlen(start);
        char row[256];
        if (len >= sizeof row)
            continue;
        memcpy(row, start, len);
        row[len] = '\0';
        char *agent = strtok(row, ","), *dimension = strtok(NULL, ","),
             *score = strtok(NULL, ","), *course = strtok(NULL, ",");
        if (!course)
            continue;
        review_training_need *grown = realloc(t->needs, (t->nneeds + 1) * sizeof *t->needs);
        if (!grown)
            return -1;
        t->needs = grown;
        review_training_need *n = &t->needs[t->nneeds++];
        snprintf(n->agent, sizeof n->agent, "%s", agent);
        snprintf(n->dimension, sizeof n->dimension, "%s", dimension);
        snprintf(n->course, sizeof n->course, "%s", course);
        n->score = strtod(score, NULL);
    }
    return 0;
}

static int promotions(const cli_desk *d, month_review *r)
{
    review_training *t = &r->training;
    t->promotions = calloc(r->nagents ? r->nagents : 1, sizeof *t->promotions);
    if (!t->promotions)
        return cli_fail("review", "out of memory");
    const csvc_kpi_results *reviews[1] = {r->results};
    for (size_t i = 0; i < r->nagents; i++) {
        const review_agent *a = &r->agents[i];
        if (!a->kpi.version || isnan(a->kpi.composite) || a->kpi.grade < 4)
            continue;
        csvc_agent_info info = CSVC_AGENT_INFO_INIT;
        if (csvc_roster_get_agent(d->roster, a->id, &info) != CSVC_OK ||
            info.level >= CSVC_LEVEL_MANAGER)
            continue;
        review_promotion *p = &t->promotions[t->npromotions];
        p->agent = a->id;
        p->team = a->team;
        p->level = info.level;
        if (csvc_training_promotion_check(d->training, a->id, t->at, reviews, 1, &p->eligible,
                                          &p->reasons, NULL) != CSVC_OK)
            return cli_fail("review", csvc_training_errmsg(d->training));
        t->npromotions++;
    }
    return CLI_OK;
}

int review_training_compute(const cli_desk *d, month_review *r)
{
    review_training *t = &r->training;
    t->at = r->now.end;
    char *needs = NULL;
    if (csvc_training_report_new(d->training, t->at, &t->now) != CSVC_OK ||
        csvc_training_report_new(d->training, r->before.end, &t->before) != CSVC_OK ||
        csvc_training_needs_csv(d->training, r->results, REVIEW_NEEDS_THRESHOLD, t->at, &needs,
                                NULL) != CSVC_OK)
        return cli_fail("review", csvc_training_errmsg(d->training));
    int failed = sort_items(d, t) || parse_needs(needs, t);
    csvc_free(needs);
    if (failed)
        return cli_fail("review", "out of memory");
    int rc = promotions(d, r);
    if (rc != CLI_OK)
        return rc;
    for (size_t s = 0; s < r->nscopes; s++) {
        review_target *x = &r->scopes[s].targets[4];
        x->value = coverage(t->now, r->scopes[s].id);
        x->previous = coverage(t->before, r->scopes[s].id);
        x->why = isnan(x->value) ? "no active agent" : NULL;
        review_judge(x);
    }
    r->has_training = 1;
    return CLI_OK;
}

void review_training_free(review_training *t)
{
    for (size_t i = 0; i < t->npromotions; i++)
        csvc_free(t->promotions[i].reasons);
    free(t->promotions);
    free(t->needs);
    free(t->gaps);
    free(t->expiring);
    csvc_training_report_free(t->now);
    csvc_training_report_free(t->before);
    memset(t, 0, sizeof *t);
}

/* ---- outputs ------------------------------------------------------------- */

/* The reasons on one line, "; " between them. */
static void one_line(const char *reasons, char *buf, size_t size)
{
    if (!*reasons) {
        snprintf(buf, size, "eligible");
        return;
    }
    size_t n = 0;
    for (const char *p = reasons; *p && n + 3 < size; p++) {
        if (*p != '\n')
            buf[n++] = *p;
        else if (p[1])
            buf[n++] = ';', buf[n++] = ' ';
    }
    buf[n] = '\0';
}

static void print_items(const month_review *r, const review_training_item *items, size_t n,
                        int ending, FILE *out)
{
    static const char *const cols[] = {"agent", "team", "requirement", "course", "state", "date"};
    table t;
    table_init(&t, 6, cols);
    for (size_t i = 0; i < n; i++) {
        const review_training_item *x = &items[i];
        char date[16];
        review_date(r, ending ? x->valid_until : x->due, date, sizeof date);
        const char *cells[] = {x->agent, x->team, x->requirement, x->course,
                               csvc_item_state_name(x->state), date};
        table_add(&t, cells);
    }
    table_print(&t, out);
    table_free(&t);
}

void review_training_print(const month_review *r, FILE *out)
{
    if (!r->has_training)
        return;
    const review_training *t = &r->training;
    fprintf(out, "\nTraining at the end of the month: %zu requirements not met (due date)\n",
            t->ngaps);
    print_items(r, t->gaps, t->ngaps, 0, out);
    fprintf(out, "\nCertificates and requirements ending within %d days (%zu)\n",
            REVIEW_EXPIRING_DAYS, t->nexpiring);
    print_items(r, t->expiring, t->nexpiring, 1, out);
    fprintf(out, "\nTraining needs: KPI dimensions below %.0f and their courses (%zu)\n",
            REVIEW_NEEDS_THRESHOLD, t->nneeds);
    static const char *const ncols[] = {"agent", "dimension", ">score", "course"};
    table nt;
    table_init(&nt, 4, ncols);
    for (size_t i = 0; i < t->nneeds; i++) {
        char score[24];
        snprintf(score, sizeof score, "%.1f", t->needs[i].score);
        const char *cells[] = {t->needs[i].agent, t->needs[i].dimension, score,
                               t->needs[i].course};
        table_add(&nt, cells);
    }
    table_print(&nt, out);
    table_free(&nt);
    fprintf(out, "\nPromotion check of agents graded 4 or better (%zu)\n", t->npromotions);
    static const char *const pcols[] = {"agent", "team", "level", "result"};
    table pt;
    table_init(&pt, 4, pcols);
    for (size_t i = 0; i < t->npromotions; i++) {
        const review_promotion *p = &t->promotions[i];
        char why[512];
        one_line(p->reasons, why, sizeof why);
        const char *cells[] = {p->agent, p->team, csvc_level_name(p->level), why};
        table_add(&pt, cells);
    }
    table_print(&pt, out);
    table_free(&pt);
}

/* Unix seconds, or null for none. */
static void json_time(FILE *f, int64_t t)
{
    if (t == CSVC_TIME_NONE)
        fputs("null", f);
    else
        fprintf(f, "%lld", (long long)t);
}

static void json_items(const review_training_item *items, size_t n, FILE *f)
{
    fputc('[', f);
    for (size_t i = 0; i < n; i++) {
        const review_training_item *x = &items[i];
        fputs(i ? ", {\"agent\": " : "{\"agent\": ", f);
        review_json_string(f, x->agent);
        fputs(", \"team\": ", f);
        review_json_string(f, x->team);
        fputs(", \"requirement\": ", f);
        review_json_string(f, x->requirement);
        fputs(", \"course\": ", f);
        review_json_string(f, x->course);
        fputs(", \"state\": ", f);
        review_json_string(f, csvc_item_state_name(x->state));
        fputs(", \"due\": ", f);
        json_time(f, x->due);
        fputs(", \"valid_until\": ", f);
        json_time(f, x->valid_until);
        fputc('}', f);
    }
    fputc(']', f);
}

void review_training_json(const month_review *r, FILE *f)
{
    if (!r->has_training) {
        fputs("null", f);
        return;
    }
    const review_training *t = &r->training;
    size_t covered = 0, active = 0;
    csvc_training_report_coverage(t->now, NULL, &covered, &active);
    fprintf(f, "{\"at\": %lld, \"covered\": %zu, \"active\": %zu, \"gaps\": ", (long long)t->at,
            covered, active);
    json_items(t->gaps, t->ngaps, f);
    fputs(", \"expiring\": ", f);
    json_items(t->expiring, t->nexpiring, f);
    fputs(", \"needs\": [", f);
    for (size_t i = 0; i < t->nneeds; i++) {
        fputs(i ? ", {\"agent\": " : "{\"agent\": ", f);
        review_json_string(f, t->needs[i].agent);
        fputs(", \"dimension\": ", f);
        review_json_string(f, t->needs[i].dimension);
        fputs(", \"score\": ", f);
        review_json_number(f, t->needs[i].score);
        fputs(", \"course\": ", f);
        review_json_string(f, t->needs[i].course);
        fputc('}', f);
    }
    fputs("], \"promotions\": [", f);
    for (size_t i = 0; i < t->npromotions; i++) {
        const review_promotion *p = &t->promotions[i];
        fputs(i ? ", {\"agent\": " : "{\"agent\": ", f);
        review_json_string(f, p->agent);
        fputs(", \"level\": ", f);
        review_json_string(f, csvc_level_name(p->level));
        fprintf(f, ", \"eligible\": %s, \"reasons\": [", p->eligible ? "true" : "false");
        const char *s = p->reasons;
        for (int k = 0; s && *s; k++) {
            const char *end = strchr(s, '\n');
            size_t len = end ? (size_t)(end - s) : strlen(s);
            char reason[512];
            snprintf(reason, sizeof reason, "%.*s", (int)(len < 511 ? len : 511), s);
            if (k)
                fputs(", ", f);
            review_json_string(f, reason);
            s = end ? end + 1 : s + len;
        }
        fputs("]}", f);
    }
    fputs("]}", f);
}

int review_training_csv(const month_review *r, const char *dir)
{
    if (!r->has_training)
        return CLI_OK;
    FILE *f;
    int rc = review_csv_file(dir, "training.csv", &f);
    if (rc != CLI_OK)
        return rc;
    fputs("kind,agent_id,team_id,requirement_id,course_id,state,due,valid_until\n", f);
    const review_training *t = &r->training;
    for (int kind = 0; kind < 2; kind++) {
        const review_training_item *items = kind ? t->expiring : t->gaps;
        size_t n = kind ? t->nexpiring : t->ngaps;
        for (size_t i = 0; i < n; i++) {
            char due[16], until[16];
            review_date(r, items[i].due, due, sizeof due);
            review_date(r, items[i].valid_until, until, sizeof until);
            fprintf(f, "%s,", kind ? "expiring" : "gap");
            const char *fields[] = {items[i].agent, items[i].team, items[i].requirement,
                                    items[i].course};
            for (int k = 0; k < 4; k++) {
                review_csv_field(f, fields[k]);
                fputc(',', f);
            }
            fprintf(f, "%s,%s,%s\n", csvc_item_state_name(items[i].state),
                    strcmp(due, "-") ? due : "", strcmp(until, "-") ? until : "");
        }
    }
    return fclose(f) == 0 ? CLI_OK : cli_fail(dir, "cannot write training.csv");
}
