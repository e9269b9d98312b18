/* The input table of an evaluation: agents, and metric columns by name. */
#include "incentive_internal.h"

#include "common_seam.h"
#include "version_check.h"

#include <math.h>
#include <string.h>

CS_DEFINE_INIT(csvc_incentive_agent_init, csvc_incentive_agent, CSVC_INCENTIVE_AGENT_INIT)

csvc_status csvc_incentive_inputs_new(const csvc_allocator *allocator,
                                      csvc_incentive_inputs **out)
{
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "incentive inputs: out is NULL");
    cs_alloc alloc;
    csvc_status rc = cs_alloc_init(&alloc, allocator, NULL);
    if (rc != CSVC_OK)
        return rc;
    csvc_incentive_inputs *in = cs_calloc(&alloc, 1, sizeof *in);
    if (!in)
        return cs_fail(NULL, CSVC_E_NOMEM, "incentive inputs: out of memory");
    in->alloc = alloc;
    cs_strpool_init(&in->agents, &in->alloc);
    cs_strpool_init(&in->teams, &in->alloc);
    cs_strpool_init(&in->metrics, &in->alloc);
    *out = in;
    return CSVC_OK;
}

/* Frees every agent, team and metric, leaving the struct to re-initialise. */
static void release(csvc_incentive_inputs *in)
{
    const cs_alloc *a = &in->alloc;
    for (size_t m = 0; m < in->metrics.count; m++) {
        cs_free(a, in->values[m]);
        cs_free(a, in->team_values[m]);
    }
    cs_free(a, in->values);
    cs_free(a, in->team_values);
    cs_free(a, in->team);
    cs_free(a, in->base_pay);
    cs_free(a, in->hire_date);
    cs_free(a, in->currency);
    cs_free(a, in->probation);
    cs_free(a, in->active);
    cs_strpool_free(&in->agents);
    cs_strpool_free(&in->teams);
    cs_strpool_free(&in->metrics);
}

void csvc_incentive_inputs_free(csvc_incentive_inputs *in)
{
    if (!in)
        return;
    release(in);
    cs_alloc copy = in->alloc;
    cs_free(&copy, in);
}

void cs_inc_inputs_clear(csvc_incentive_inputs *in)
{
    release(in);
    cs_alloc alloc = in->alloc;
    cs_errbuf err = in->err;
    memset(in, 0, sizeof *in);
    in->alloc = alloc;
    in->err = err;
    cs_strpool_init(&in->agents, &in->alloc);
    cs_strpool_init(&in->teams, &in->alloc);
    cs_strpool_init(&in->metrics, &in->alloc);
}

const char *csvc_incentive_inputs_errmsg(const csvc_incentive_inputs *in)
{
    return in ? in->err.msg : "inputs is NULL";
}

size_t csvc_incentive_inputs_agent_count(const csvc_incentive_inputs *in)
{
    return in ? in->agents.count : 0;
}

/* Grows a column of missing values from `old` to `cap` entries. */
static int grow_column(const cs_alloc *a, int64_t **col, size_t old, size_t cap)
{
    int64_t *grown = cs_realloc_array(a, *col, cap, sizeof *grown);
    if (!grown)
        return -1;
    for (size_t i = old; i < cap; i++)
        grown[i] = CS_MICRO_NONE;
    *col = grown;
    return 0;
}

/* Room for one more agent in every per-agent array and metric column. */
static int reserve_agent(csvc_incentive_inputs *in)
{
    size_t need = in->agents.count + 1;
    if (need <= in->cap_agents)
        return 0;
    size_t cap = in->cap_agents ? 2 * in->cap_agents : 64;
    const cs_alloc *a = &in->alloc;
#define GROW(field)                                                                                \
    do {                                                                                           \
        void *p = cs_realloc_array(a, in->field, cap, sizeof *in->field);                          \
        if (!p)                                                                                    \
            return -1;                                                                             \
        in->field = p;                                                                             \
    } while (0)
    GROW(team);
    GROW(base_pay);
    GROW(hire_date);
    GROW(currency);
    GROW(probation);
    GROW(active);
#undef GROW
    for (size_t m = 0; m < in->metrics.count; m++)
        if (grow_column(a, &in->values[m], in->cap_agents, cap))
            return -1;
    in->cap_agents = cap;
    return 0;
}

csvc_status csvc_incentive_inputs_add_agent(csvc_incentive_inputs *in,
                                            const csvc_incentive_agent *agent)
{
    if (!in || !agent)
        return cs_fail(in ? &in->err : NULL, CSVC_E_NULL, "inputs_add_agent: %s is NULL",
                       in ? "agent" : "inputs");
    CS_RETURN_IF_BAD_VERSION(&in->err, agent->version, CSVC_INCENTIVE_AGENT_VERSION,
                             "inputs_add_agent: agent");
    csvc_status rc;
    if ((rc = cs_check_id(&in->err, "inputs_add_agent: agent_id", agent->agent_id)) != CSVC_OK ||
        (rc = cs_check_id(&in->err, "inputs_add_agent: team_id", agent->team_id)) != CSVC_OK)
        return rc;
    if (agent->currency && !cs_currency_valid(agent->currency))
        return cs_fail(&in->err, CSVC_E_INVALID,
                       "inputs_add_agent: agent '%s': currency '%.8s' is not ISO 4217",
                       agent->agent_id, agent->currency);
    if (agent->base_pay < 0)
        return cs_fail(&in->err, CSVC_E_RANGE, "inputs_add_agent: agent '%s': base_pay is negative",
                       agent->agent_id);
    if (cs_strpool_find(&in->agents, agent->agent_id) != CS_NONE)
        return cs_fail(&in->err, CSVC_E_EXISTS, "inputs_add_agent: agent '%s' is already there",
                       agent->agent_id);
    size_t teams_before = in->teams.count;
    if (reserve_agent(in))
        return cs_fail(&in->err, CSVC_E_NOMEM, "inputs_add_agent: out of memory");
    uint32_t team = cs_strpool_intern(&in->teams, agent->team_id);
    if (team == CS_NONE)
        return cs_fail(&in->err, CSVC_E_NOMEM, "inputs_add_agent: out of memory");
    if (in->teams.count > in->cap_teams) {
        size_t cap = in->cap_teams ? 2 * in->cap_teams : 16;
        for (size_t m = 0; m < in->metrics.count; m++)
            if (grow_column(&in->alloc, &in->team_values[m], in->cap_teams, cap)) {
                cs_strpool_truncate(&in->teams, teams_before);
                return cs_fail(&in->err, CSVC_E_NOMEM, "inputs_add_agent: out of memory");
            }
        in->cap_teams = cap;
    }
    uint32_t i = cs_strpool_intern(&in->agents, agent->agent_id);
    if (i == CS_NONE) {
        cs_strpool_truncate(&in->teams, teams_before);
        return cs_fail(&in->err, CSVC_E_NOMEM, "inputs_add_agent: out of memory");
    }
    in->team[i] = team;
    in->base_pay[i] = agent->base_pay;
    in->hire_date[i] = agent->hire_date;
    memset(in->currency[i], 0, 4);
    if (agent->currency)
        memcpy(in->currency[i], agent->currency, 3);
    in->probation[i] = agent->probation != 0;
    in->active[i] = agent->active_at_end != 0;
    return CSVC_OK;
}

int cs_inc_metric_name_valid(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == ':' || c == '-'))
            return 0;
    }
    return 1;
}

/* The index of metric `name`, adding an all-missing column when new. */
csvc_status cs_inc_metric_index(csvc_incentive_inputs *in, const char *fn, const char *name,
                                uint32_t *out)
{
    if (!cs_inc_metric_name_valid(name))
        return cs_fail(&in->err, CSVC_E_INVALID,
                       "%s: '%.64s' is not a metric name (letters, digits, _.:-)", fn,
                       name ? name : "");
    uint32_t m = cs_strpool_find(&in->metrics, name);
    if (m == CS_NONE) {
        size_t n = in->metrics.count;
        int64_t **values = cs_realloc_array(&in->alloc, in->values, n + 1, sizeof *values);
        if (values)
            in->values = values;
        int64_t **teams = values ? cs_realloc_array(&in->alloc, in->team_values, n + 1,
                                                   sizeof *teams)
                                : NULL;
        if (teams)
            in->team_values = teams;
        if (!teams)
            return cs_fail(&in->err, CSVC_E_NOMEM, "%s: out of memory", fn);
        in->values[n] = NULL;
        in->team_values[n] = NULL;
        if (grow_column(&in->alloc, &in->values[n], 0, in->cap_agents) ||
            grow_column(&in->alloc, &in->team_values[n], 0, in->cap_teams) ||
            (m = cs_strpool_intern(&in->metrics, name)) == CS_NONE) {
            cs_free(&in->alloc, in->values[n]);
            cs_free(&in->alloc, in->team_values[n]);
            return cs_fail(&in->err, CSVC_E_NOMEM, "%s: out of memory", fn);
        }
    }
    *out = m;
    return CSVC_OK;
}

static csvc_status check_value(csvc_incentive_inputs *in, const char *fn, const char *metric,
                               double value)
{
    if (!isfinite(value) || fabs(value) > CSVC_INCENTIVE_METRIC_MAX)
        return cs_fail(&in->err, CSVC_E_RANGE, "%s: metric '%s': %g is not finite within +-1e12",
                       fn, metric, value);
    return CSVC_OK;
}

csvc_status csvc_incentive_inputs_set(csvc_incentive_inputs *in, const char *agent_id,
                                      const char *metric, double value)
{
    static const char fn[] = "inputs_set";
    if (!in || !agent_id || !metric)
        return cs_fail(in ? &in->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !in ? "inputs" : !agent_id ? "agent_id" : "metric");
    uint32_t a = cs_strpool_find(&in->agents, agent_id), m;
    if (a == CS_NONE)
        return cs_fail(&in->err, CSVC_E_NOTFOUND, "%s: agent '%.64s' is not in the inputs", fn,
                       agent_id);
    csvc_status rc = check_value(in, fn, metric, value);
    if (rc != CSVC_OK || (rc = cs_inc_metric_index(in, fn, metric, &m)) != CSVC_OK)
        return rc;
    in->values[m][a] = cs_inc_micro(value); /* rounded once, here */
    return CSVC_OK;
}

csvc_status csvc_incentive_inputs_set_team(csvc_incentive_inputs *in, const char *team_id,
                                           const char *metric, double value)
{
    static const char fn[] = "inputs_set_team";
    if (!in || !team_id || !metric)
        return cs_fail(in ? &in->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !in ? "inputs" : !team_id ? "team_id" : "metric");
    uint32_t t = cs_strpool_find(&in->teams, team_id), m;
    if (t == CS_NONE)
        return cs_fail(&in->err, CSVC_E_NOTFOUND, "%s: team '%.64s' has no agent in the inputs",
                       fn, team_id);
    csvc_status rc = check_value(in, fn, metric, value);
    if (rc != CSVC_OK || (rc = cs_inc_metric_index(in, fn, metric, &m)) != CSVC_OK)
        return rc;
    in->team_values[m][t] = cs_inc_micro(value);
    return CSVC_OK;
}

const int64_t *cs_inc_column(const csvc_incentive_inputs *in, const char *metric)
{
    uint32_t m = metric ? cs_strpool_find(&in->metrics, metric) : CS_NONE;
    return m == CS_NONE ? NULL : in->values[m];
}

const int64_t *cs_inc_team_column(const csvc_incentive_inputs *in, const char *metric)
{
    uint32_t m = metric ? cs_strpool_find(&in->metrics, metric) : CS_NONE;
    return m == CS_NONE ? NULL : in->team_values[m];
}
