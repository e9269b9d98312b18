/* The month-end review's numbers from the store's desk and the month's
 * KPI documents. The targets are the seeds' five and SLA compliance and
 * FCR, each against the previous month. */
#include "review.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const review_target target_defs[REVIEW_TARGETS] = {
    {"csat", "CSAT (share of 4-5 ratings)", "%", 0, 0.90, NAN, NAN, TARGET_NO_VALUE, NULL},
    {"first_response_live", "Mean first response, chat and phone", "s", 1, 30.0, NAN, NAN,
     TARGET_NO_VALUE, NULL},
    {"complaint_rate", "Complaint rate: 20 % below last month", "%", 1, 0.80, NAN, NAN,
     TARGET_NO_VALUE, NULL},
    {"attrition", "Attrition", "%", 1, 0.10, NAN, NAN, TARGET_NO_VALUE, NULL},
    {"training_coverage", "Training coverage", "%", 0, 1.00, NAN, NAN, TARGET_NO_VALUE, NULL},
    {"sla_compliance", "SLA compliance", "%", 0, 0.90, NAN, NAN, TARGET_NO_VALUE, NULL},
    {"fcr", "First-contact resolution", "%", 0, 0.70, NAN, NAN, TARGET_NO_VALUE, NULL},
};

void review_judge(review_target *t)
{
    if (isnan(t->value)) {
        t->status = TARGET_NO_VALUE;
        return;
    }
    int met = t->lower_is_better ? t->value <= t->target : t->value >= t->target;
    t->status = met ? TARGET_MET : TARGET_MISSED;
}

static int metrics(const cli_desk *d, const char *team, const csvc_period *p, uint32_t channels,
                   csvc_metrics *out)
{
    csvc_metrics_slice slice = CSVC_METRICS_SLICE_INIT;
    slice.channels = channels;
    out->version = CSVC_METRICS_VERSION;
    return csvc_desk_metrics_sliced(d->desk, team ? CSVC_SCOPE_TEAM : CSVC_SCOPE_DESK, team, p,
                                    &slice, out, 1) == CSVC_OK;
}

static double attrition(const cli_desk *d, const char *team, const csvc_period *p)
{
    csvc_attrition a;
    memset(&a, 0, sizeof a);
    a.version = CSVC_ATTRITION_VERSION;
    return csvc_roster_attrition(d->roster, team, p, &a) == CSVC_OK ? a.rate : NAN;
}

static int scope(const month_review *r, const cli_desk *d, const char *team, review_scope *s)
{
    const uint32_t live = (1u << CSVC_CHANNEL_CHAT) | (1u << CSVC_CHANNEL_PHONE);
    csvc_metrics live_now, live_before;
    if (!metrics(d, team, &r->now, 0, &s->now) || !metrics(d, team, &r->before, 0, &s->before) ||
        !metrics(d, team, &r->now, live, &live_now) ||
        !metrics(d, team, &r->before, live, &live_before))
        return cli_fail("review", csvc_desk_errmsg(d->desk));
    memcpy(s->targets, target_defs, sizeof target_defs);
    review_target *t = s->targets;
    t[0].value = s->now.csat, t[0].previous = s->before.csat;
    t[1].value = live_now.first_response_mean, t[1].previous = live_before.first_response_mean;
    /* The complaint target compares the two months: value = now / before. */
    t[2].value = s->before.complaint_rate > 0 ? s->now.complaint_rate / s->before.complaint_rate
                                              : NAN;
    t[2].previous = NAN;
    if (isnan(t[2].value))
        t[2].why = "no complaints last month to improve on";
    t[3].value = attrition(d, team, &r->now), t[3].previous = attrition(d, team, &r->before);
    t[4].why = "no training documents (training_courses.csv) in the month";
    t[5].value = s->now.sla_compliance, t[5].previous = s->before.sla_compliance;
    t[6].value = s->now.fcr, t[6].previous = s->before.fcr;
    for (int k = 0; k < REVIEW_TARGETS; k++)
        review_judge(&t[k]);
    return CLI_OK;
}

/* The latest month (local) in which a ticket was created. */
static void latest_month(const cli_desk *d, int32_t offset, int32_t *year, int32_t *month)
{
    int64_t last = INT64_MIN;
    for (size_t i = 0; i < csvc_desk_ticket_count(d->desk); i++) {
        csvc_ticket_info t;
        memset(&t, 0, sizeof t);
        t.version = CSVC_TICKET_INFO_VERSION;
        if (csvc_desk_ticket_at(d->desk, i, &t) == CSVC_OK && t.created > last)
            last = t.created;
    }
    int32_t day;
    if (last == INT64_MIN || csvc_date_split(last, offset, year, month, &day) != CSVC_OK)
        *year = *month = 0;
}

static int by_scorecard(const void *pa, const void *pb)
{
    const review_agent *a = pa, *b = pb;
    int sa = a->kpi.version && !isnan(a->kpi.composite), sb = b->kpi.version && !isnan(b->kpi.composite);
    if (sa != sb)
        return sb - sa;
    if (sa && a->kpi.grade != b->kpi.grade)
        return b->kpi.grade - a->kpi.grade;
    if (sa && a->kpi.composite != b->kpi.composite)
        return a->kpi.composite < b->kpi.composite ? 1 : -1;
    return strcmp(a->id, b->id);
}

/* The KPI review of the month from the model and ratings in the data
 * directory, with the desk's objective metrics. */
static int scorecards(const cli_args *a, const cli_desk *d, month_review *r)
{
    char path[4096], id[16];
    snprintf(path, sizeof path, "%s/kpi_model.json", a->data);
    if (csvc_kpi_model_load_json(path, NULL, &r->model) != CSVC_OK)
        return cli_fail(path, csvc_last_errmsg());
    csvc_kpi_review_options o = CSVC_KPI_REVIEW_OPTIONS_INIT;
    snprintf(id, sizeof id, "%04d-%02d", (int)r->year, (int)r->month);
    o.id = id;
    if (csvc_kpi_review_new(d->roster, r->model, &r->now, &o, &r->kpi) != CSVC_OK)
        return cli_fail("review", csvc_last_errmsg());
    snprintf(path, sizeof path, "%s/ratings.csv", a->data);
    if (csvc_kpi_review_import_ratings_csv(r->kpi, path) != CSVC_OK)
        return cli_fail(path, csvc_kpi_review_errmsg(r->kpi));
    if (csvc_kpi_review_load_desk(r->kpi, d->desk) != CSVC_OK ||
        csvc_kpi_review_compute(r->kpi, &r->results) != CSVC_OK)
        return cli_fail("review", csvc_kpi_review_errmsg(r->kpi));
    for (size_t i = 0; i < csvc_kpi_results_agent_count(r->results); i++) {
        csvc_kpi_agent_result k;
        memset(&k, 0, sizeof k);
        k.version = CSVC_KPI_AGENT_RESULT_VERSION;
        if (csvc_kpi_results_agent(r->results, i, &k) != CSVC_OK)
            continue;
        for (size_t j = 0; j < r->nagents; j++)
            if (strcmp(r->agents[j].id, k.agent_id) == 0)
                r->agents[j].kpi = k;
    }
    return CLI_OK;
}

/* Minor-unit digits of an ISO 4217 currency (the common exceptions to 2). */
static uint32_t decimals_of(const char *currency)
{
    static const char *const none[] = {"JPY", "KRW", "VND", "CLP", "ISK", "UGX", "PYG"};
    static const char *const three[] = {"BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD"};
    for (size_t i = 0; i < sizeof none / sizeof *none; i++)
        if (strcmp(currency, none[i]) == 0)
            return 0;
    for (size_t i = 0; i < sizeof three / sizeof *three; i++)
        if (strcmp(currency, three[i]) == 0)
            return 3;
    return 2;
}

void review_date(const month_review *r, int64_t t, char *buf, size_t size)
{
    int32_t y, m, d;
    if (t == CSVC_TIME_NONE || csvc_date_split(t, r->offset, &y, &m, &d) != CSVC_OK)
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

void review_money(const month_review *r, int64_t amount, char *buf, size_t size)
{
    if (csvc_money_format(amount, r->money_decimals, buf, size) != CSVC_OK)
        snprintf(buf, size, "?");
}

/* The month's incentive statements (plan from incentive_plan.json, inputs
 * from the desk and the scorecards), when the directory has a plan. */
static int incentives(const cli_args *a, const cli_desk *d, month_review *r)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/incentive_plan.json", a->data);
    FILE *probe = fopen(path, "r");
    if (!probe)
        return CLI_OK;
    fclose(probe);
    if (csvc_incentive_plan_load_json(path, NULL, &r->plan) != CSVC_OK)
        return cli_fail(path, csvc_last_errmsg());
    r->money_decimals = decimals_of(csvc_incentive_plan_currency(r->plan));
    csvc_incentive_inputs *in = NULL;
    int rc = CLI_OK;
    if (csvc_incentive_inputs_new(NULL, &in) != CSVC_OK ||
        csvc_incentive_inputs_from_engines(in, d->roster, r->results, d->desk, &r->now) !=
            CSVC_OK ||
        csvc_incentive_evaluate(r->plan, in, &r->now, &r->statements) != CSVC_OK)
        rc = cli_fail(path, in ? csvc_incentive_inputs_errmsg(in) : csvc_last_errmsg());
    csvc_incentive_inputs_free(in);
    if (rc != CLI_OK)
        return rc;
    for (size_t i = 0; i < csvc_incentive_result_statement_count(r->statements); i++) {
        csvc_incentive_statement st;
        memset(&st, 0, sizeof st);
        st.version = CSVC_INCENTIVE_STATEMENT_VERSION;
        if (csvc_incentive_result_statement(r->statements, i, &st) != CSVC_OK)
            continue;
        for (size_t j = 0; j < r->nagents; j++)
            if (strcmp(r->agents[j].id, st.agent_id) == 0) {
                r->agents[j].payout = st.total;
                r->agents[j].points = st.points;
                r->agents[j].has_statement = 1;
            }
    }
    r->scopes[0].payout = csvc_incentive_result_total(r->statements);
    for (size_t s = 1; s < r->nscopes; s++)
        if (csvc_incentive_result_team_total(r->statements, r->scopes[s].id,
                                             &r->scopes[s].payout) != CSVC_OK)
            r->scopes[s].payout = 0;
    return CLI_OK;
}

int review_compute(const cli_args *a, const cli_desk *d, month_review *r)
{
    memset(r, 0, sizeof *r);
    if (csvc_desk_calendar_offset(d->desk, NULL, &r->offset) != CSVC_OK)
        r->offset = 0;
    r->year = a->year, r->month = a->month;
    if (!r->year)
        latest_month(d, r->offset, &r->year, &r->month);
    if (!r->year)
        return cli_fail(a->db, "the store holds no tickets: nothing to review");
    int32_t py = r->month == 1 ? r->year - 1 : r->year, pm = r->month == 1 ? 12 : r->month - 1;
    if (csvc_period_of_month(r->year, r->month, r->offset, &r->now) != CSVC_OK ||
        csvc_period_of_month(py, pm, r->offset, &r->before) != CSVC_OK)
        return cli_fail("--month", csvc_last_errmsg());
    csvc_metrics m;
    memset(&m, 0, sizeof m);
    if (!metrics(d, NULL, &r->now, 0, &m) || m.handled == 0) {
        char why[96];
        snprintf(why, sizeof why, "no tickets handled in %04d-%02d (unknown month)", (int)r->year,
                 (int)r->month);
        return cli_fail(a->db, why);
    }
    size_t nteams = csvc_roster_team_count(d->roster), nagents = csvc_roster_agent_count(d->roster);
    r->scopes = calloc(nteams + 1, sizeof *r->scopes);
    r->agents = calloc(nagents ? nagents : 1, sizeof *r->agents);
    csvc_metrics *per_agent = calloc(nagents ? nagents : 1, sizeof *per_agent);
    if (!r->scopes || !r->agents || !per_agent) {
        free(per_agent);
        return cli_fail("review", "out of memory");
    }
    r->scopes[0].name = "Desk";
    int rc = scope(r, d, NULL, &r->scopes[r->nscopes++]);
    for (size_t i = 0; rc == CLI_OK && i < nteams; i++) {
        csvc_team_info t = CSVC_TEAM_INFO_INIT;
        csvc_roster_team_at(d->roster, i, &t);
        review_scope *s = &r->scopes[r->nscopes];
        s->id = t.id;
        s->name = t.name && *t.name ? t.name : t.id;
        if ((rc = scope(r, d, t.id, s)) == CLI_OK && (s->now.handled || s->before.handled))
            r->nscopes++; /* teams that handle tickets */
    }
    for (size_t i = 0; i < nagents; i++)
        per_agent[i].version = CSVC_METRICS_VERSION;
    if (rc == CLI_OK &&
        csvc_desk_metrics_all_agents(d->desk, &r->now, per_agent, nagents) != CSVC_OK)
        rc = cli_fail("review", csvc_desk_errmsg(d->desk));
    for (size_t i = 0; rc == CLI_OK && i < nagents; i++) {
        csvc_agent_info info = CSVC_AGENT_INFO_INIT;
        csvc_roster_agent_at(d->roster, i, &info);
        if (per_agent[i].handled == 0)
            continue;
        review_agent *ra = &r->agents[r->nagents++];
        ra->id = info.id;
        ra->name = info.name;
        ra->team = info.team_id;
        ra->metrics = per_agent[i];
    }
    free(per_agent);
    if (rc == CLI_OK)
        rc = scorecards(a, d, r);
    if (rc == CLI_OK && d->training)
        rc = review_training_compute(d, r);
    if (rc == CLI_OK)
        rc = incentives(a, d, r);
    if (rc == CLI_OK)
        rc = review_staffing(a, d, r);
    if (rc == CLI_OK)
        qsort(r->agents, r->nagents, sizeof *r->agents, by_scorecard);
    return rc;
}

void review_free(month_review *r)
{
    review_training_free(&r->training);
    free(r->scopes);
    free(r->agents);
    csvc_incentive_result_free(r->statements);
    csvc_incentive_plan_free(r->plan);
    csvc_kpi_results_free(r->results);
    csvc_kpi_review_free(r->kpi);
    csvc_kpi_model_free(r->model);
    memset(r, 0, sizeof *r);
}
