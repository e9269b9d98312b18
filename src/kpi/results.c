/* Results: storage and queries. Each rated KPI keeps, per agent and group,
 * the rating count and the aggregate; a group query combines them again
 * with the same code as the computation (for the weights actually used) and
 * withholds what anonymity hides. */
#include "kpi_internal.h"

#include <math.h>
#include <string.h>

static int mul_overflows(size_t a, size_t b)
{
    return b && a > SIZE_MAX / b;
}

csvc_status cs_kpi_results_alloc(csvc_kpi_results *res, const csvc_roster *ro,
                                 const uint32_t *result_of, size_t na)
{
    const cs_alloc *a = &res->alloc;
    const csvc_kpi_model *m = res->model;
    size_t nk = m->nkpis, nrated = nk - m->nobjective, bytes = 0;
    if (mul_overflows(na, nk) || mul_overflows(na, nrated * CS_NGROUPS) ||
        mul_overflows(na, CS_NDIMS))
        return CSVC_E_NOMEM;
    for (size_t i = 0; i < csvc_roster_agent_count(ro); i++)
        if (result_of[i] != CS_NONE)
            bytes += strlen(cs_roster_agent_id(ro, i)) + 1;
    for (size_t t = 0; t < csvc_roster_team_count(ro); t++)
        bytes += strlen(cs_roster_team_id(ro, t)) + 1;
    size_t n1 = na ? na : 1, cells = na * nk, groups = na * nrated * CS_NGROUPS,
           raws = na * m->nobjective;
    res->nagents = na;
    res->nkpis = nk;
    res->nrated = nrated;
    res->nobjective = m->nobjective;
    res->nteams = csvc_roster_team_count(ro);
    res->rated_index = cs_malloc(a, (nk ? nk : 1) * sizeof *res->rated_index);
    res->strings = cs_malloc(a, bytes ? bytes : 1);
    res->agent_ids = cs_malloc(a, n1 * sizeof *res->agent_ids);
    res->team_ids = cs_malloc(a, (csvc_roster_team_count(ro) ? csvc_roster_team_count(ro) : 1) * sizeof *res->team_ids);
    res->team_of = cs_malloc(a, n1 * sizeof *res->team_of);
    res->flags = cs_malloc(a, n1 * sizeof *res->flags);
    res->composite = cs_malloc(a, n1 * sizeof *res->composite);
    res->wsum = cs_malloc(a, n1 * sizeof *res->wsum);
    res->dims = cs_malloc(a, n1 * CS_NDIMS * sizeof *res->dims);
    res->grade = cs_malloc(a, n1 * sizeof *res->grade);
    res->rank_team = cs_malloc(a, n1 * sizeof *res->rank_team);
    res->rank_desk = cs_malloc(a, n1 * sizeof *res->rank_desk);
    res->size_team = cs_malloc(a, n1 * sizeof *res->size_team);
    res->pct_team = cs_malloc(a, n1 * sizeof *res->pct_team);
    res->pct_desk = cs_malloc(a, n1 * sizeof *res->pct_desk);
    res->score = cs_realloc_array(a, NULL, cells ? cells : 1, sizeof *res->score);
    res->kflags = cs_realloc_array(a, NULL, cells ? cells : 1, sizeof *res->kflags);
    res->raw = cs_realloc_array(a, NULL, raws ? raws : 1, sizeof *res->raw);
    res->gcount = cs_realloc_array(a, NULL, groups ? groups : 1, sizeof *res->gcount);
    res->gagg = cs_realloc_array(a, NULL, groups ? groups : 1, sizeof *res->gagg);
    if (!res->rated_index || !res->strings || !res->agent_ids || !res->team_ids || !res->team_of ||
        !res->flags || !res->composite || !res->wsum || !res->dims || !res->grade ||
        !res->rank_team || !res->rank_desk || !res->size_team || !res->pct_team || !res->pct_desk ||
        !res->score || !res->kflags || !res->raw || !res->gcount || !res->gagg ||
        cs_strmap_reserve(&res->agent_map, na))
        return CSVC_E_NOMEM;
    for (size_t k = 0, ri = 0; k < nk; k++)
        res->rated_index[k] = m->kpis[k].source == CSVC_KPI_RATED ? (uint32_t)ri++ : CS_NONE;
    char *p = res->strings;
    for (size_t t = 0; t < csvc_roster_team_count(ro); t++) {
        size_t len = strlen(cs_roster_team_id(ro, t)) + 1;
        memcpy(p, cs_roster_team_id(ro, t), len);
        res->team_ids[t] = p;
        p += len;
    }
    for (size_t i = 0; i < csvc_roster_agent_count(ro); i++) {
        uint32_t ai = result_of[i];
        if (ai == CS_NONE)
            continue;
        size_t len = strlen(cs_roster_agent_id(ro, i)) + 1;
        memcpy(p, cs_roster_agent_id(ro, i), len);
        res->agent_ids[ai] = p;
        res->team_of[ai] = cs_roster_agent_team(ro, i);
        cs_strmap_put(&res->agent_map, p, ai);
        p += len;
    }
    return CSVC_OK;
}

void csvc_kpi_results_free(csvc_kpi_results *res)
{
    if (!res)
        return;
    const cs_alloc *a = &res->alloc;
    void *arrays[] = {res->rated_index, res->strings,  res->agent_ids, res->team_ids,
                      res->team_of,     res->flags,    res->composite, res->wsum,
                      res->dims,        res->grade,    res->rank_team, res->rank_desk,
                      res->size_team,   res->pct_team, res->pct_desk,  res->score,
                      res->kflags,      res->raw,      res->gcount,    res->gagg,
                      res->review_id};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        cs_free(a, arrays[i]);
    cs_strmap_free(&res->agent_map);
    csvc_kpi_model_free(res->model);
    cs_alloc alloc = res->alloc;
    cs_free(&alloc, res);
}

const char *csvc_kpi_results_errmsg(const csvc_kpi_results *res)
{
    return res ? res->err.msg : "kpi results is NULL";
}

static cs_errbuf *errbuf(const csvc_kpi_results *res)
{
    return (cs_errbuf *)&res->err;
}

const csvc_kpi_model *csvc_kpi_results_model(const csvc_kpi_results *res)
{
    return res ? res->model : NULL;
}

size_t csvc_kpi_results_agent_count(const csvc_kpi_results *res)
{
    return res ? res->nagents : 0;
}

csvc_status csvc_kpi_results_find_agent(const csvc_kpi_results *res, const char *id, size_t *index)
{
    if (!res || !id || !index)
        return cs_fail(res ? errbuf(res) : NULL, CSVC_E_NULL, "kpi_results_find_agent: %s is NULL",
                       !res  ? "results"
                       : !id ? "agent_id"
                             : "index");
    uint32_t v;
    if (!cs_strmap_get(&res->agent_map, id, &v))
        return cs_fail(errbuf(res), CSVC_E_NOTFOUND,
                       "agent '%.64s': no results (not an active agent of the roster)", id);
    *index = v;
    return CSVC_OK;
}

static const char *grade_label(csvc_grade_scheme scheme, int grade)
{
    static const char *const letters[] = {"", "D", "C", "B", "A", "S"};
    static const char *const stars[] = {"", "1", "2", "3", "4", "5"};
    return scheme == CSVC_GRADE_STARS ? stars[grade] : letters[grade];
}

csvc_status csvc_kpi_results_agent(const csvc_kpi_results *res, size_t a,
                                   csvc_kpi_agent_result *out)
{
    if (!res || !out)
        return cs_fail(res ? errbuf(res) : NULL, CSVC_E_NULL, "kpi_results_agent: %s is NULL",
                       res ? "out" : "results");
    if (a >= res->nagents)
        return cs_fail(errbuf(res), CSVC_E_RANGE,
                       "kpi_results_agent: agent %zu out of range (%zu agents)", a, res->nagents);
    csvc_kpi_agent_result o;
    memset(&o, 0, sizeof o);
    o.version = CSVC_KPI_AGENT_RESULT_VERSION;
    o.agent_id = res->agent_ids[a];
    o.team_id = res->team_ids[res->team_of[a]];
    o.flags = res->flags[a];
    o.composite = res->composite[a];
    memcpy(o.dimensions, res->dims + a * CS_NDIMS, sizeof o.dimensions);
    o.grade = res->grade[a];
    o.grade_label = grade_label(res->model->grading.scheme, res->grade[a]);
    o.rank_team = res->rank_team[a];
    o.rank_desk = res->rank_desk[a];
    o.percentile_team = res->pct_team[a];
    o.percentile_desk = res->pct_desk[a];
    o.team_size = res->size_team[a];
    o.desk_size = isnan(res->composite[a]) ? 0 : res->size_desk;
    *out = o;
    return CSVC_OK;
}

static csvc_status check_cell(const csvc_kpi_results *res, const char *fn, size_t a, size_t k)
{
    if (a >= res->nagents)
        return cs_fail(errbuf(res), CSVC_E_RANGE, "%s: agent %zu out of range (%zu agents)", fn, a,
                       res->nagents);
    if (k >= res->nkpis)
        return cs_fail(errbuf(res), CSVC_E_RANGE, "%s: kpi %zu out of range (%zu KPIs)", fn, k,
                       res->nkpis);
    return CSVC_OK;
}

csvc_status csvc_kpi_results_kpi(const csvc_kpi_results *res, size_t a, size_t k,
                                 csvc_kpi_result *out)
{
    if (!res || !out)
        return cs_fail(res ? errbuf(res) : NULL, CSVC_E_NULL, "kpi_results_kpi: %s is NULL",
                       res ? "out" : "results");
    csvc_status rc = check_cell(res, "kpi_results_kpi", a, k);
    if (rc != CSVC_OK)
        return rc;
    const cs_kpi *kp = &res->model->kpis[k];
    size_t cell = a * res->nkpis + k;
    csvc_kpi_result o;
    memset(&o, 0, sizeof o);
    o.version = CSVC_KPI_RESULT_VERSION;
    o.kpi_id = kp->id;
    o.flags = res->kflags[cell];
    o.score = res->score[cell];
    if (kp->source == CSVC_KPI_OBJECTIVE)
        o.raw = res->raw[a * res->nobjective + kp->slot];
    else
        o.raw = kp->scale == CSVC_SCALE_1_5 ? 1.0 + o.score / 100.0 * 4.0 : o.score;
    o.weight = kp->weight;
    int counted = !isnan(o.score) && res->wsum[a] > 0;
    o.weight_share = counted ? kp->weight / res->wsum[a] : 0.0;
    o.contribution = counted ? o.weight_share * o.score : 0.0;
    *out = o;
    return CSVC_OK;
}

void cs_kpi_results_cell(const csvc_kpi_results *res, size_t a, size_t k, cs_kpi_cell *c)
{
    size_t at = (a * res->nrated + res->rated_index[k]) * CS_NGROUPS;
    cs_kpi_combine(res->model, &res->model->kpis[k], res->gcount + at, res->gagg + at, c);
}

csvc_status csvc_kpi_results_group(const csvc_kpi_results *res, size_t a, size_t k,
                                   csvc_rater_group group, csvc_kpi_group_result *out)
{
    static const char fn[] = "kpi_results_group";
    if (!res || !out)
        return cs_fail(res ? errbuf(res) : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       res ? "out" : "results");
    csvc_status rc = check_cell(res, fn, a, k);
    if (rc != CSVC_OK)
        return rc;
    if (!csvc_rater_group_name(group))
        return cs_fail(errbuf(res), CSVC_E_INVALID, "%s: unknown rater group %d", fn, (int)group);
    const cs_kpi *kp = &res->model->kpis[k];
    if (kp->source != CSVC_KPI_RATED)
        return cs_fail(errbuf(res), CSVC_E_CONSTRAINT,
                       "%s: kpi '%s' is objective; it has no rater groups", fn, kp->id);
    cs_kpi_cell c;
    cs_kpi_results_cell(res, a, k, &c);
    csvc_kpi_group_result o;
    memset(&o, 0, sizeof o);
    o.version = CSVC_KPI_GROUP_RESULT_VERSION;
    o.flags = c.gflags[group];
    o.count = c.count[group];
    /* Anonymity: a hidden group's aggregate never leaves the library. */
    o.aggregate = (o.flags & CSVC_KPI_HIDDEN) ? NAN : c.aggregate[group];
    o.weight = c.weight[group];
    o.weight_used = c.weight_used[group];
    *out = o;
    return CSVC_OK;
}
