/* The shift program on GLPK: rows for the intervals that need staff, the
 * templates' head ranges and the optional limits; integer heads per
 * column, continuous shortfalls when coverage is soft. Built without GLPK,
 * both entry points return CSVC_E_UNSUPPORTED. */
#include "staffing_internal.h"

#if defined(CS_HAVE_GLPK) && CS_HAVE_GLPK

#include <float.h>
#include <glpk.h>
#include <math.h>
#include <string.h>
#include <time.h>

static const char fn[] = "staffing_generate";

/* The matrix in GLPK's 1-based triplets. */
typedef struct triplets {
    int *ia, *ja;
    double *ar;
    int n;
} triplets;

static void put(triplets *m, int row, int col, double value)
{
    m->n++;
    m->ia[m->n] = row;
    m->ja[m->n] = col;
    m->ar[m->n] = value;
}

/* Columns of each template (templates with several break offsets get a
 * row bounding their sum; the others bound their one column). */
static size_t columns_of(const cs_gen_problem *p, size_t t)
{
    size_t n = 0;
    for (size_t c = 0; c < p->ncolumns; c++)
        n += p->columns[c].tmpl == t;
    return n;
}

static void set_range(glp_prob *lp, int is_row, int index, double lo, double hi)
{
    int type = lo == hi ? GLP_FX : GLP_DB;
    if (is_row)
        glp_set_row_bnds(lp, index, type, lo, hi);
    else
        glp_set_col_bnds(lp, index, type, lo, hi);
}

/* `diagnostic`: every coverage soft, objective the shortfall (staff per
 * interval), limits in `drop` left out, continuous heads. `s_first`
 * receives the GLPK index of the first shortfall column (0: none). */
static glp_prob *build(const cs_gen_problem *p, int diagnostic, unsigned drop, int *s_first,
                       int **interval_row)
{
    const csvc_generate_options *o = &p->options;
    int soft = diagnostic || o->soft;
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    int *row_of = cs_calloc(p->alloc, p->nintervals, sizeof *row_of);
    size_t *tmpl_cols = cs_calloc(p->alloc, p->ntemplates, sizeof *tmpl_cols);
    int *tmpl_row = cs_calloc(p->alloc, p->ntemplates, sizeof *tmpl_row);
    size_t nreq = 0;
    for (size_t i = 0; i < p->nintervals; i++)
        nreq += p->required[i] > 0;
    size_t cap = p->nentries + p->ncolumns * 4 + nreq + 1;
    triplets m = {cs_calloc(p->alloc, cap, sizeof(int)), cs_calloc(p->alloc, cap, sizeof(int)),
                  cs_calloc(p->alloc, cap, sizeof(double)), 0};
    if (!row_of || !tmpl_cols || !tmpl_row || !m.ia || !m.ja || !m.ar) {
        glp_delete_prob(lp);
        lp = NULL;
        goto done;
    }
    /* Rows. */
    if (nreq)
        glp_add_rows(lp, (int)nreq);
    int row = 0;
    for (size_t i = 0; i < p->nintervals; i++) {
        if (p->required[i] > 0) {
            row_of[i] = ++row;
            glp_set_row_bnds(lp, row, GLP_LO, p->required[i], 0.0);
        }
    }
    for (size_t t = 0; t < p->ntemplates; t++) {
        tmpl_cols[t] = columns_of(p, t);
        if (tmpl_cols[t] > 1) {
            tmpl_row[t] = glp_add_rows(lp, 1);
            set_range(lp, 1, tmpl_row[t], p->templates[t].min_heads, p->templates[t].max_heads);
        }
    }
    int total_row = 0, budget_row = 0, type_row[CSVC_EMPLOYMENT_COUNT] = {0};
    if (o->max_total_heads > 0 && !(drop & CS_GEN_DROP_TOTAL)) {
        total_row = glp_add_rows(lp, 1);
        glp_set_row_bnds(lp, total_row, GLP_UP, 0.0, o->max_total_heads);
    }
    if (o->budget > 0 && !(drop & CS_GEN_DROP_BUDGET)) {
        budget_row = glp_add_rows(lp, 1);
        glp_set_row_bnds(lp, budget_row, GLP_UP, 0.0, (double)o->budget);
    }
    for (int k = 0; o->limit_available && k < CSVC_EMPLOYMENT_COUNT; k++) {
        if (drop & ((unsigned)CS_GEN_DROP_AVAILABLE << k))
            continue;
        type_row[k] = glp_add_rows(lp, 1);
        glp_set_row_bnds(lp, type_row[k], GLP_UP, 0.0, o->available[k]);
    }
    /* Columns: heads, then shortfalls. */
    glp_add_cols(lp, (int)p->ncolumns);
    for (size_t c = 0; c < p->ncolumns; c++) {
        int j = (int)c + 1;
        const cs_gen_column *col = &p->columns[c];
        const csvc_shift_template *t = &p->templates[col->tmpl];
        if (tmpl_cols[col->tmpl] > 1)
            set_range(lp, 0, j, 0.0, t->max_heads);
        else
            set_range(lp, 0, j, t->min_heads, t->max_heads);
        if (!diagnostic) {
            glp_set_col_kind(lp, j, GLP_IV);
            glp_set_obj_coef(lp, j, (double)p->head_cost[col->tmpl]);
        }
        for (size_t e = col->first; e < col->first + col->count; e++) {
            int r = row_of[p->entry_interval[e]];
            if (r)
                put(&m, r, j, (double)p->entry_minutes[e] / p->interval_minutes);
        }
        if (tmpl_row[col->tmpl])
            put(&m, tmpl_row[col->tmpl], j, 1.0);
        if (total_row)
            put(&m, total_row, j, 1.0);
        if (budget_row && p->head_cost[col->tmpl] != 0)
            put(&m, budget_row, j, (double)p->head_cost[col->tmpl]);
        if (type_row[t->employment])
            put(&m, type_row[t->employment], j, 1.0);
    }
    *s_first = 0;
    if (soft && nreq) {
        *s_first = glp_add_cols(lp, (int)nreq);
        double weight = diagnostic ? 1.0
                                   : (double)o->shortfall_penalty * p->interval_minutes / 60.0;
        for (size_t i = 0, k = 0; i < p->nintervals; i++) {
            if (!row_of[i])
                continue;
            int j = *s_first + (int)k++;
            glp_set_col_bnds(lp, j, GLP_LO, 0.0, 0.0);
            glp_set_obj_coef(lp, j, weight);
            put(&m, row_of[i], j, 1.0);
        }
    }
    glp_load_matrix(lp, m.n, m.ia, m.ja, m.ar);
    int was = glp_term_out(GLP_OFF); /* the scaling report would go to stdout */
    glp_scale_prob(lp, GLP_SF_AUTO);
    glp_term_out(was);
done:
    cs_free(p->alloc, tmpl_cols);
    cs_free(p->alloc, tmpl_row);
    cs_free(p->alloc, m.ia);
    cs_free(p->alloc, m.ja);
    cs_free(p->alloc, m.ar);
    if (lp && interval_row)
        *interval_row = row_of;
    else
        cs_free(p->alloc, row_of);
    return lp;
}

/* The gap of the incumbent, refreshed at every call of the search. */
static void on_search(glp_tree *tree, void *info)
{
    double gap = glp_ios_mip_gap(tree);
    if (gap < DBL_MAX)
        *(double *)info = gap;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) * 1e-9;
}

csvc_status cs_gen_solve(const cs_gen_problem *p, cs_gen_result *out)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int s_first;
    glp_prob *lp = build(p, 0, 0, &s_first, NULL);
    if (!lp)
        return cs_fail(NULL, CSVC_E_NOMEM, "%s: out of memory", fn);
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    parm.tm_lim = (int)ceil(p->options.time_limit * 1000.0);
    parm.mip_gap = p->options.mip_gap;
    parm.gmi_cuts = GLP_ON;
    parm.mir_cuts = GLP_ON;
    parm.fp_heur = GLP_ON;
    double gap = 0.0;
    parm.cb_func = on_search;
    parm.cb_info = &gap;
    int ret = glp_intopt(lp, &parm);
    int status = glp_mip_status(lp);
    csvc_status rc = CSVC_OK;
    if (status == GLP_OPT || status == GLP_FEAS) {
        out->status = ret == GLP_ETMLIM ? CSVC_SCHEDULE_TIME_LIMIT : CSVC_SCHEDULE_OPTIMAL;
        out->gap = status == GLP_OPT && ret == 0 ? 0.0 : gap;
        for (size_t c = 0; c < p->ncolumns; c++)
            out->heads[c] = (uint32_t)llround(glp_mip_col_val(lp, (int)c + 1));
    } else if (ret == GLP_ENOPFS || status == GLP_NOFEAS) {
        out->status = CSVC_SCHEDULE_INFEASIBLE;
    } else if (ret == GLP_ETMLIM) {
        out->status = CSVC_SCHEDULE_NO_SOLUTION;
    } else {
        rc = cs_fail(NULL, CSVC_E_RANGE, "%s: the solver failed (GLPK glp_intopt code %d)", fn,
                     ret);
    }
    glp_delete_prob(lp);
    out->seconds = seconds_since(&t0);
    return rc;
}

csvc_status cs_gen_least_shortfall(const cs_gen_problem *p, unsigned drop, double *shortfall)
{
    int s_first, *row_of = NULL;
    glp_prob *lp = build(p, 1, drop, &s_first, &row_of);
    if (!lp)
        return cs_fail(NULL, CSVC_E_NOMEM, "%s: out of memory", fn);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    int ret = glp_simplex(lp, &parm);
    int ok = ret == 0 && glp_get_status(lp) == GLP_OPT;
    for (size_t i = 0, k = 0; i < p->nintervals; i++) {
        shortfall[i] = 0.0;
        if (!row_of[i])
            continue;
        shortfall[i] = ok ? glp_get_col_prim(lp, s_first + (int)k) : INFINITY;
        k++;
    }
    glp_delete_prob(lp);
    cs_free(p->alloc, row_of);
    return CSVC_OK;
}

#else /* without GLPK */

csvc_status cs_gen_solve(const cs_gen_problem *p, cs_gen_result *out)
{
    (void)p, (void)out;
    return cs_fail(NULL, CSVC_E_UNSUPPORTED,
                   "staffing_generate: libcsvc was built without GLPK (install libglpk-dev and "
                   "configure with -Dglpk=enabled)");
}

csvc_status cs_gen_least_shortfall(const cs_gen_problem *p, unsigned drop, double *shortfall)
{
    (void)p, (void)drop, (void)shortfall;
    return cs_gen_solve(p, NULL);
}

#endif
