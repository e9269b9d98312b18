/* Training needs from KPI gaps, and promotion eligibility with every
 * reason an agent is not yet eligible. */
#include "training_internal.h"
#include "version_check.h"

#include "strbuf.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

csvc_status csvc_training_needs_csv(const csvc_training *t, const csvc_kpi_results *results,
                                    double threshold, int64_t at, char **out, size_t *size)
{
    static const char fn[] = "training_needs_csv";
    if (!t || !results || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !t ? "training" : !results ? "results" : "out");
    if (!(threshold >= 0 && threshold <= 100))
        return cs_fail(NULL, CSVC_E_RANGE, "%s: threshold %g outside 0..100", fn, threshold);
    if (!cs_training_time_ok(at))
        return cs_fail(NULL, CSVC_E_RANGE, "%s: time %" PRId64 " outside years 1..9999", fn, at);
    cs_strbuf sb;
    cs_strbuf_init(&sb, &t->alloc);
    cs_strbuf_puts(&sb, "agent_id,dimension,score,course_id\n");
    size_t n = csvc_kpi_results_agent_count(results), ncourses = t->course_ids.count;
    for (size_t i = 0; i < n; i++) {
        csvc_kpi_agent_result r;
        r.version = CSVC_KPI_AGENT_RESULT_VERSION;
        if (csvc_kpi_results_agent(results, i, &r) != CSVC_OK)
            continue;
        uint32_t agent = cs_roster_find_agent(t->roster, r.agent_id);
        if (agent == CS_NONE)
            continue;
        for (int d = 0; d < CSVC_KPI_DIMENSION_COUNT; d++) {
            if (isnan(r.dimensions[d]) || r.dimensions[d] >= threshold)
                continue;
            for (uint32_t c = 0; c < ncourses; c++) {
                if (!(t->courses[c].dimensions >> d & 1u) ||
                    cs_training_last_pass(t, agent, c, at))
                    continue;
                cs_strbuf_csv_field(&sb, r.agent_id);
                cs_strbuf_printf(&sb, ",%s,%.4f,", csvc_kpi_dimension_name((csvc_kpi_dimension)d),
                                 r.dimensions[d]);
                cs_strbuf_csv_field(&sb, cs_strpool_get(&t->course_ids, c));
                cs_strbuf_putc(&sb, '\n');
            }
        }
    }
    return cs_training_hand_over(&sb, fn, out, size);
}

typedef struct old_rule {
    csvc_level to;
    csvc_promotion_rule rule;
} old_rule;

static void undo_rule(csvc_training *t, const void *old)
{
    const old_rule *o = old;
    t->promotion[o->to] = o->rule;
}

csvc_status csvc_training_set_promotion_rule(csvc_training *t, const csvc_promotion_rule *rule)
{
    static const char fn[] = "training_set_promotion_rule";
    csvc_status rc;
    if (!t || !rule)
        return cs_fail(t ? &t->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       t ? "rule" : "training");
    CS_RETURN_IF_BAD_VERSION(&t->err, rule->version, CSVC_PROMOTION_RULE_VERSION, "%s: rule", fn);
    if (rule->to < CSVC_LEVEL_SENIOR || rule->to > CSVC_LEVEL_MANAGER)
        return cs_fail(&t->err, CSVC_E_RANGE, "%s: to %d: promotion is to senior .. manager", fn,
                       (int)rule->to);
    if (rule->min_grade < 1 || rule->min_grade > 5 || rule->reviews < 0 || rule->reviews > 24 ||
        rule->min_tenure_days < 0 || rule->min_tenure_days > 36500)
        return cs_fail(&t->err, CSVC_E_RANGE,
                       "%s: min_grade %d (1..5), reviews %d (0..24) or min_tenure_days %d "
                       "(0..36500) out of range",
                       fn, (int)rule->min_grade, (int)rule->reviews, (int)rule->min_tenure_days);
    rc = cs_training_change_begin(t, fn);
    if (rc != CSVC_OK)
        return rc;
    old_rule old = {rule->to, t->promotion[rule->to]};
    t->promotion[rule->to] = *rule;
    return cs_training_change_end(t, fn, CSVC_OK, cs_training_rule_body(rule), undo_rule, &old);
}

/* The training reasons: the agent's own requirements not current, and the
 * next level's not passed. */
static void training_reasons(const csvc_training *t, uint32_t agent, csvc_level next, int64_t at,
                             cs_strbuf *sb)
{
    for (uint32_t q = 0; q < t->requirement_ids.count; q++) {
        const cs_requirement *r = &t->requirements[q];
        int own = cs_training_applies(t, r, agent);
        int ahead = r->level == (int32_t)next &&
                    (r->team == CS_NONE || r->team == cs_roster_agent_team(t->roster, agent));
        if (!own && !ahead)
            continue;
        csvc_item_status st;
        cs_training_status_at(t, q, agent, at, &st);
        if (st.state <= CSVC_ITEM_EXPIRING)
            continue;
        if (own)
            cs_strbuf_printf(sb, "requirement '%s' (course '%s') is %s\n", st.requirement_id,
                             st.course_id, csvc_item_state_name(st.state));
        else
            cs_strbuf_printf(sb, "requirement '%s' of %s (course '%s') is not passed\n",
                             st.requirement_id, csvc_level_name(next), st.course_id);
    }
}

static void review_reasons(const csvc_promotion_rule *rule, const char *agent_id,
                           const csvc_kpi_results *const *reviews, size_t n, cs_strbuf *sb)
{
    size_t k = (size_t)rule->reviews;
    if (n < k)
        cs_strbuf_printf(sb, "%zu of the last %zu reviews given\n", n, k);
    for (size_t i = 0; i < k && i < n; i++) {
        size_t index;
        csvc_kpi_agent_result r;
        r.version = CSVC_KPI_AGENT_RESULT_VERSION;
        if (!reviews[i] || csvc_kpi_results_find_agent(reviews[i], agent_id, &index) != CSVC_OK ||
            csvc_kpi_results_agent(reviews[i], index, &r) != CSVC_OK || r.grade == 0)
            cs_strbuf_printf(sb, "no grade in review %zu (newest first)\n", i + 1);
        else if (r.grade < rule->min_grade)
            cs_strbuf_printf(sb, "grade %d in review %zu (newest first); %d needed\n",
                             (int)r.grade, i + 1, (int)rule->min_grade);
    }
}

csvc_status csvc_training_promotion_check(const csvc_training *t, const char *agent_id,
                                          int64_t at, const csvc_kpi_results *const *reviews,
                                          size_t n, int *eligible, char **out, size_t *size)
{
    static const char fn[] = "training_promotion_check";
    if (!t || !agent_id || !eligible || !out || (n && !reviews))
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !t ? "training" : !agent_id ? "agent_id" : !eligible ? "eligible"
                                                  : !out ? "out" : "reviews");
    if (!cs_training_time_ok(at))
        return cs_fail(NULL, CSVC_E_RANGE, "%s: time %" PRId64 " outside years 1..9999", fn, at);
    uint32_t agent = cs_roster_find_agent(t->roster, agent_id);
    if (agent == CS_NONE)
        return cs_fail(NULL, CSVC_E_NOTFOUND, "%s: agent '%.64s' not found", fn, agent_id);
    cs_strbuf sb;
    cs_strbuf_init(&sb, &t->alloc);
    csvc_level level = cs_roster_agent_level(t->roster, agent);
    if (level >= CSVC_LEVEL_MANAGER) {
        cs_strbuf_puts(&sb, "already at the top level (manager)\n");
    } else {
        csvc_level next = (csvc_level)(level + 1);
        if (!cs_training_counted(t, agent, at))
            cs_strbuf_puts(&sb, "not active at the check\n");
        training_reasons(t, agent, next, at, &sb);
        const csvc_promotion_rule *rule = &t->promotion[next];
        if (rule->version) {
            int64_t days = (at - cs_roster_agent_hire_date(t->roster, agent)) / 86400;
            if (days < rule->min_tenure_days)
                cs_strbuf_printf(&sb, "tenure %" PRId64 " days; %d needed\n", days < 0 ? 0 : days,
                                 (int)rule->min_tenure_days);
            review_reasons(rule, agent_id, reviews, n, &sb);
        }
    }
    *eligible = sb.len == 0;
    return cs_training_hand_over(&sb, fn, out, size);
}
