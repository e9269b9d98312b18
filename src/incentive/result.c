/* Statements: accessors, and the JSON and CSV exports, written by hand so
 * that every build prints the same bytes (integers and fixed decimals
 * only, no floating-point formatting). */
#include "incentive_internal.h"
#include "incentive_seam.h"

#include "civil.h"
#include "strbuf.h"
#include "strmap.h"
#include "version_check.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

void csvc_incentive_result_free(csvc_incentive_result *res)
{
    if (!res)
        return;
    const cs_alloc *a = &res->alloc;
    cs_free(a, res->agent_ids);
    cs_free(a, res->team_ids);
    cs_free(a, res->base_pay);
    cs_free(a, res->total);
    cs_free(a, res->points);
    cs_free(a, res->eligible);
    cs_free(a, res->line_start);
    cs_free(a, res->lines);
    cs_free(a, res->rules);
    cs_free(a, res->budget_adjust);
    cs_arena_free(&res->strings);
    cs_alloc copy = res->alloc;
    cs_free(&copy, res);
}

size_t csvc_incentive_result_statement_count(const csvc_incentive_result *res)
{
    return res ? res->nagents : 0;
}

const char *csvc_incentive_result_plan_id(const csvc_incentive_result *res)
{
    return res ? res->plan_id : "";
}

int32_t csvc_incentive_result_plan_version(const csvc_incentive_result *res)
{
    return res ? res->plan_version : 0;
}

csvc_status csvc_incentive_result_period(const csvc_incentive_result *res, csvc_period *out)
{
    if (!res || !out)
        return cs_fail(NULL, CSVC_E_NULL, "result_period: %s is NULL", res ? "out" : "result");
    *out = res->period;
    return CSVC_OK;
}

int64_t csvc_incentive_result_total(const csvc_incentive_result *res)
{
    return res ? res->plan_total : 0;
}

/* Lines of statement i: the stored ones, then the budget's adjustment. */
static size_t line_count(const csvc_incentive_result *res, size_t i)
{
    size_t n = res->line_start[i + 1] - res->line_start[i];
    return n + (res->budget_adjust && res->budget_adjust[i] != 0);
}

static cs_inc_line line_of(const csvc_incentive_result *res, size_t i, size_t j)
{
    if (res->line_start[i] + j < res->line_start[i + 1])
        return res->lines[res->line_start[i] + j];
    cs_inc_line l = {res->budget_adjust[i], CS_MICRO_NONE, res->budget, UINT16_MAX, -1,
                     CSVC_RULE_BUDGET_SCALE};
    return l;
}

csvc_status csvc_incentive_result_statement(const csvc_incentive_result *res, size_t i,
                                            csvc_incentive_statement *out)
{
    if (!res || !out)
        return cs_fail(NULL, CSVC_E_NULL, "result_statement: %s is NULL", res ? "out" : "result");
    if (i >= res->nagents)
        return cs_fail(NULL, CSVC_E_RANGE, "result_statement: index %zu out of range (%zu statements)",
                       i, res->nagents);
    *out = (csvc_incentive_statement){CSVC_INCENTIVE_STATEMENT_VERSION,
                                      res->agent_ids[i],
                                      res->team_ids[i],
                                      res->base_pay[i],
                                      res->total[i],
                                      res->points[i],
                                      res->eligible[i],
                                      line_count(res, i)};
    return CSVC_OK;
}

static const char *rule_id(const csvc_incentive_result *res, const cs_inc_line *l)
{
    return l->rule == UINT16_MAX ? "" : res->rules[l->rule].id;
}

static const char *rule_metric(const csvc_incentive_result *res, const cs_inc_line *l)
{
    return l->rule == UINT16_MAX ? "" : res->rules[l->rule].metric;
}

csvc_status csvc_incentive_result_line(const csvc_incentive_result *res, size_t i, size_t j,
                                       csvc_incentive_line *out)
{
    if (!res || !out)
        return cs_fail(NULL, CSVC_E_NULL, "result_line: %s is NULL", res ? "out" : "result");
    if (i >= res->nagents || j >= line_count(res, i))
        return cs_fail(NULL, CSVC_E_RANGE, "result_line: statement %zu, line %zu out of range", i,
                       j);
    cs_inc_line line = line_of(res, i, j);
    const cs_inc_line *l = &line;
    *out = (csvc_incentive_line){CSVC_INCENTIVE_LINE_VERSION,
                                 rule_id(res, l),
                                 (csvc_incentive_rule_kind)l->kind,
                                 cs_inc_line_amount(l),
                                 cs_inc_line_points(l),
                                 rule_metric(res, l),
                                 l->value == CS_MICRO_NONE ? NAN : (double)l->value / 1e6,
                                 l->tier,
                                 l->rate};
    return CSVC_OK;
}

csvc_status csvc_incentive_result_team_total(const csvc_incentive_result *res,
                                             const char *team_id, int64_t *out)
{
    if (!res || !team_id || !out)
        return cs_fail(NULL, CSVC_E_NULL, "result_team_total: %s is NULL",
                       !res ? "result" : !team_id ? "team_id" : "out");
    int64_t sum = 0;
    int found = 0;
    for (size_t i = 0; i < res->nagents; i++)
        if (strcmp(res->team_ids[i], team_id) == 0) {
            found = 1;
            sum += res->total[i]; /* the plan total fits, so every part sum does */
        }
    if (!found)
        return cs_fail(NULL, CSVC_E_NOTFOUND, "result_team_total: team '%.64s' has no statement",
                       team_id);
    *out = sum;
    return CSVC_OK;
}

/* ---- explanations ---------------------------------------------------------------- */

static const char *const kind_names[] = {"tiered", "target", "commission", "metric_bonus",
                                         "deduction", "points", "pool", "title", "agent_cap",
                                         "budget_scale"};

static void explain(const csvc_incentive_result *res, const cs_inc_line *l, cs_strbuf *sb)
{
    char v[40], money[48], rate[48];
    cs_inc_format_micro(l->value, v, sizeof v);
    cs_inc_format_money(l->rate, res->decimals, rate, sizeof rate);
    const cs_inc_rule_info *r = l->rule == UINT16_MAX ? NULL : &res->rules[l->rule];
    switch ((csvc_incentive_rule_kind)l->kind) {
    case CSVC_RULE_TIERED:
        if (r->marginal)
            cs_strbuf_printf(sb, "%s %s: marginal tiers 1..%d, top rate %s per unit", r->metric, v,
                             l->tier + 1, rate);
        else
            cs_strbuf_printf(sb, "%s %s: tier %d", r->metric, v, l->tier + 1);
        break;
    case CSVC_RULE_COMMISSION:
        cs_strbuf_printf(sb, "%s %s units: rate %s per unit from step %d", r->metric, v, rate,
                         l->tier + 1);
        break;
    case CSVC_RULE_TARGET: {
        char pct[40];
        cs_inc_format_micro(l->rate * 100, pct, sizeof pct); /* bp -> percent, 4 decimals */
        pct[strlen(pct) - 2] = '\0';
        cs_strbuf_printf(sb, "%s %s: level %d, payout %s%% of on-target", r->metric, v,
                         l->tier + 1, pct);
        break;
    }
    case CSVC_RULE_METRIC_BONUS: {
        char t[40];
        cs_inc_format_micro(r->threshold, t, sizeof t);
        cs_strbuf_printf(sb, "%s %s %s %s", r->metric, v, r->at_most ? "<=" : ">=", t);
        break;
    }
    case CSVC_RULE_DEDUCTION:
        cs_strbuf_printf(sb, "%s %s x %s", r->metric, v, rate);
        break;
    case CSVC_RULE_POINTS:
        cs_strbuf_printf(sb, "%s %s x %" PRId64 " points", r->metric, v, l->rate);
        break;
    case CSVC_RULE_POOL: {
        char t[40];
        cs_inc_format_micro(r->threshold, t, sizeof t);
        cs_strbuf_printf(sb, "team %s %s %s %s: share of a pool of %s", r->metric, v,
                         r->at_most ? "<=" : ">=", t, rate);
        break;
    }
    case CSVC_RULE_TITLE:
        cs_strbuf_printf(sb, "%s: rank %d by %s %s", r->title, l->tier, r->metric, v);
        break;
    case CSVC_RULE_AGENT_CAP:
        cs_strbuf_printf(sb, "capped at %" PRId64 " bp of base pay", l->rate);
        break;
    case CSVC_RULE_BUDGET_SCALE:
        cs_inc_format_money(l->rate, res->decimals, money, sizeof money);
        cs_strbuf_printf(sb, "scaled down to the plan budget %s", money);
        break;
    }
}

/* ---- JSON ------------------------------------------------------------------------ */

static void json_money(cs_strbuf *sb, const csvc_incentive_result *res, int64_t amount)
{
    char m[48];
    cs_inc_format_money(amount, res->decimals, m, sizeof m);
    cs_strbuf_json_string(sb, m);
}

static void json_time(cs_strbuf *sb, int64_t t)
{
    char buf[40];
    if (csvc_time_format(t, buf, sizeof buf) != CSVC_OK)
        snprintf(buf, sizeof buf, "%" PRId64, t);
    cs_strbuf_json_string(sb, buf);
}

static void json_line(cs_strbuf *sb, const csvc_incentive_result *res, const cs_inc_line *l)
{
    cs_strbuf_puts(sb, "{\"rule\":");
    cs_strbuf_json_string(sb, rule_id(res, l));
    cs_strbuf_printf(sb, ",\"kind\":\"%s\",\"amount\":", kind_names[l->kind]);
    json_money(sb, res, cs_inc_line_amount(l));
    cs_strbuf_printf(sb, ",\"points\":%" PRId64 ",\"metric\":", cs_inc_line_points(l));
    cs_strbuf_json_string(sb, rule_metric(res, l));
    cs_strbuf_puts(sb, ",\"value\":");
    if (l->value == CS_MICRO_NONE)
        cs_strbuf_puts(sb, "null");
    else {
        char v[40];
        cs_inc_format_micro(l->value, v, sizeof v);
        cs_strbuf_puts(sb, v);
    }
    cs_strbuf_printf(sb, ",\"tier\":%d,\"rate\":%" PRId64 ",\"explanation\":", (int)l->tier,
                     l->rate);
    cs_strbuf line;
    cs_strbuf_init(&line, &res->alloc);
    explain(res, l, &line);
    cs_strbuf_json_string(sb, line.data ? line.data : "");
    sb->failed |= line.failed;
    cs_strbuf_free(&line);
    cs_strbuf_putc(sb, '}');
}

/* Hands the text over in a buffer the caller frees with csvc_free(). */
static csvc_status finish(cs_strbuf *sb, const char *what, char **out, size_t *size)
{
    return cs_strbuf_hand_over(sb, out, size) == CSVC_OK
               ? CSVC_OK
               : cs_fail(NULL, CSVC_E_NOMEM, "%s: out of memory", what);
}

/* Teams in first-seen order of the (id-ordered) statements, with totals. */
static void json_teams(cs_strbuf *sb, const csvc_incentive_result *res)
{
    cs_strmap seen;
    cs_strmap_init(&seen, &res->alloc);
    const char **names = cs_malloc(&res->alloc, (res->nagents + 1) * sizeof *names);
    int64_t *sums = cs_calloc(&res->alloc, res->nagents + 1, sizeof *sums);
    uint32_t nteams = 0;
    if (!names || !sums)
        sb->failed = 1;
    for (size_t i = 0; i < res->nagents && !sb->failed; i++) {
        uint32_t t;
        if (!cs_strmap_get(&seen, res->team_ids[i], &t)) {
            if (cs_strmap_put(&seen, res->team_ids[i], nteams)) {
                sb->failed = 1;
                break;
            }
            names[nteams] = res->team_ids[i];
            t = nteams++;
        }
        sums[t] += res->total[i]; /* the plan total fits, so every part sum does */
    }
    cs_strbuf_puts(sb, "\"teams\":{");
    for (uint32_t t = 0; t < nteams && !sb->failed; t++) {
        if (t)
            cs_strbuf_putc(sb, ',');
        cs_strbuf_json_string(sb, names[t]);
        cs_strbuf_putc(sb, ':');
        json_money(sb, res, sums[t]);
    }
    cs_strbuf_putc(sb, '}');
    cs_strmap_free(&seen);
    cs_free(&res->alloc, names);
    cs_free(&res->alloc, sums);
}

void cs_inc_statement_json(const csvc_incentive_result *res, size_t i, cs_strbuf *sb)
{
    cs_strbuf_puts(sb, "{\"agent_id\":");
    cs_strbuf_json_string(sb, res->agent_ids[i]);
    cs_strbuf_puts(sb, ",\"team_id\":");
    cs_strbuf_json_string(sb, res->team_ids[i]);
    cs_strbuf_puts(sb, ",\"base_pay\":");
    json_money(sb, res, res->base_pay[i]);
    cs_strbuf_printf(sb, ",\"eligible\":%s,\"total\":", res->eligible[i] ? "true" : "false");
    json_money(sb, res, res->total[i]);
    cs_strbuf_printf(sb, ",\"points\":%" PRId64 ",\"lines\":[", res->points[i]);
    for (size_t j = 0; j < line_count(res, i); j++) {
        cs_inc_line l = line_of(res, i, j);
        if (j)
            cs_strbuf_putc(sb, ',');
        json_line(sb, res, &l);
    }
    cs_strbuf_puts(sb, "]}");
}

csvc_status csvc_incentive_result_export_json_buffer(const csvc_incentive_result *res,
                                                     char **out, size_t *size)
{
    if (!res || !out)
        return cs_fail(NULL, CSVC_E_NULL, "result_export_json: %s is NULL", res ? "out" : "result");
    cs_strbuf sb;
    cs_strbuf_init(&sb, &res->alloc);
    cs_strbuf_puts(&sb, "{\"plan\":");
    cs_strbuf_json_string(&sb, res->plan_id);
    cs_strbuf_printf(&sb, ",\"version\":%d,\"currency\":\"%s\",\"period\":{\"start\":",
                     (int)res->plan_version, res->currency);
    json_time(&sb, res->period.start);
    cs_strbuf_puts(&sb, ",\"end\":");
    json_time(&sb, res->period.end);
    cs_strbuf_puts(&sb, "},\"total\":");
    json_money(&sb, res, res->plan_total);
    cs_strbuf_putc(&sb, ',');
    json_teams(&sb, res);
    cs_strbuf_puts(&sb, ",\"statements\":[");
    for (size_t i = 0; i < res->nagents; i++) {
        if (i)
            cs_strbuf_putc(&sb, ',');
        cs_inc_statement_json(res, i, &sb);
    }
    cs_strbuf_puts(&sb, "]}\n");
    return finish(&sb, "result_export_json", out, size);
}

/* ---- CSV ------------------------------------------------------------------------- */

static void csv_field(cs_strbuf *sb, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        cs_strbuf_puts(sb, s);
        return;
    }
    cs_strbuf_putc(sb, '"');
    for (; *s; s++) {
        if (*s == '"')
            cs_strbuf_putc(sb, '"');
        cs_strbuf_putc(sb, *s);
    }
    cs_strbuf_putc(sb, '"');
}

csvc_status csvc_incentive_result_export_csv_buffer(const csvc_incentive_result *res,
                                                    char **out, size_t *size)
{
    if (!res || !out)
        return cs_fail(NULL, CSVC_E_NULL, "result_export_csv: %s is NULL", res ? "out" : "result");
    cs_strbuf sb, text;
    cs_strbuf_init(&sb, &res->alloc);
    cs_strbuf_init(&text, &res->alloc);
    cs_strbuf_puts(&sb,
                   "agent_id,team_id,rule,kind,amount,points,metric,value,tier,rate,explanation\n");
    for (size_t i = 0; i < res->nagents; i++)
        for (size_t j = 0; j < line_count(res, i); j++) {
            cs_inc_line line = line_of(res, i, j);
            const cs_inc_line *l = &line;
            char money[48], v[40] = "";
            csv_field(&sb, res->agent_ids[i]);
            cs_strbuf_putc(&sb, ',');
            csv_field(&sb, res->team_ids[i]);
            cs_strbuf_putc(&sb, ',');
            csv_field(&sb, rule_id(res, l));
            cs_inc_format_money(cs_inc_line_amount(l), res->decimals, money, sizeof money);
            if (l->value != CS_MICRO_NONE)
                cs_inc_format_micro(l->value, v, sizeof v);
            cs_strbuf_printf(&sb, ",%s,%s,%" PRId64 ",", kind_names[l->kind], money,
                             cs_inc_line_points(l));
            csv_field(&sb, rule_metric(res, l));
            cs_strbuf_printf(&sb, ",%s,%d,%" PRId64 ",", v, (int)l->tier, l->rate);
            text.len = 0;
            if (text.data)
                text.data[0] = '\0';
            explain(res, l, &text);
            csv_field(&sb, text.data ? text.data : "");
            cs_strbuf_putc(&sb, '\n');
        }
    sb.failed |= text.failed;
    cs_strbuf_free(&text);
    return finish(&sb, "result_export_csv", out, size);
}

/* ---- the store's side (incentive_seam.h) ------------------------------------ */

const char *cs_incentive_result_plan_document(const csvc_incentive_result *res)
{
    return res->plan_document;
}
