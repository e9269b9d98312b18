/* csvc_staffing_generate(): checks the templates and options, builds the
 * program, diagnoses what needs no solver, solves, and explains an
 * infeasible result. */
#include "staffing_internal.h"
#include "version_check.h"

#include <string.h>

static const char fn[] = "staffing_generate";

#define TEMPLATES_MAX 1000

CS_DEFINE_INIT(csvc_generate_options_init, csvc_generate_options, CSVC_GENERATE_OPTIONS_INIT)

static csvc_status check_options(const csvc_generate_options *o)
{
    CS_RETURN_IF_BAD_VERSION(NULL, o->version, CSVC_GENERATE_OPTIONS_VERSION, "%s: options", fn);
    if (o->soft != 0 && o->soft != 1)
        return cs_fail(NULL, CSVC_E_INVALID, "%s: options.soft %ld must be 0 (hard) or 1 (soft)",
                       fn, (long)o->soft);
    if (o->shortfall_penalty < (o->soft ? 1 : 0) || o->shortfall_penalty > INT64_C(1000000000000))
        return cs_fail(NULL, CSVC_E_RANGE,
                       "%s: options.shortfall_penalty %lld outside %d..10^12 minor units per "
                       "staff-hour%s",
                       fn, (long long)o->shortfall_penalty, o->soft ? 1 : 0,
                       o->soft ? " (soft coverage needs a penalty)" : "");
    if (o->max_total_heads > CSVC_STAFFING_AGENTS_MAX)
        return cs_fail(NULL, CSVC_E_RANGE, "%s: options.max_total_heads %u above %u", fn,
                       (unsigned)o->max_total_heads, (unsigned)CSVC_STAFFING_AGENTS_MAX);
    if (o->budget < 0)
        return cs_fail(NULL, CSVC_E_RANGE, "%s: options.budget %lld is negative (0: no budget)",
                       fn, (long long)o->budget);
    if (o->limit_available != 0 && o->limit_available != 1)
        return cs_fail(NULL, CSVC_E_INVALID, "%s: options.limit_available %ld must be 0 or 1", fn,
                       (long)o->limit_available);
    for (int k = 0; k < CSVC_EMPLOYMENT_COUNT; k++)
        if (o->available[k] > CSVC_STAFFING_AGENTS_MAX)
            return cs_fail(NULL, CSVC_E_RANGE, "%s: options.available[%d] (%s) %u above %u", fn,
                           k, csvc_employment_name((csvc_employment)k),
                           (unsigned)o->available[k], (unsigned)CSVC_STAFFING_AGENTS_MAX);
    if (!(o->time_limit > 0.0 && o->time_limit <= 3600.0))
        return cs_fail(NULL, CSVC_E_RANGE, "%s: options.time_limit %g outside (0, 3600] seconds",
                       fn, o->time_limit);
    if (!(o->mip_gap >= 0.0 && o->mip_gap < 1.0))
        return cs_fail(NULL, CSVC_E_RANGE, "%s: options.mip_gap %g outside [0, 1)", fn,
                       o->mip_gap);
    return CSVC_OK;
}

static csvc_status check_templates(const csvc_shift_template *t, size_t count)
{
    if (count == 0 || count > TEMPLATES_MAX)
        return cs_fail(NULL, CSVC_E_RANGE, "%s: count %zu outside 1..%d templates", fn, count,
                       TEMPLATES_MAX);
    for (size_t i = 0; i < count; i++) {
        csvc_status rc = cs_gen_check_template(&t[i], i);
        if (rc != CSVC_OK)
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(t[j].id, t[i].id) == 0)
                return cs_fail(NULL, CSVC_E_EXISTS,
                               "%s: templates[%zu] '%.64s': the id of templates[%zu] already",
                               fn, i, t[i].id, j);
    }
    return CSVC_OK;
}

#if defined(CS_HAVE_GLPK) && CS_HAVE_GLPK
/* Solves a checked problem into a schedule. */
static csvc_status run(const cs_gen_problem *p, csvc_staffing_schedule **out)
{
    cs_gen_diagnosis why;
    int found;
    cs_gen_precheck(p, &why, &found);
    if (found) {
        cs_gen_result none = {CSVC_SCHEDULE_INFEASIBLE, 0.0, 0.0, NULL};
        return cs_schedule_make(p, &none, &why, out);
    }
    cs_gen_result r = {CSVC_SCHEDULE_OPTIMAL, 0.0, 0.0,
                       cs_calloc(p->alloc, p->ncolumns, sizeof(uint32_t))};
    if (!r.heads)
        return cs_fail(NULL, CSVC_E_NOMEM, "%s: out of memory", fn);
    csvc_status rc = cs_gen_solve(p, &r);
    if (rc == CSVC_OK && r.status == CSVC_SCHEDULE_INFEASIBLE)
        rc = cs_gen_diagnose(p, &why);
    if (rc == CSVC_OK)
        rc = cs_schedule_make(p, &r, r.status == CSVC_SCHEDULE_INFEASIBLE ? &why : NULL, out);
    cs_free(p->alloc, r.heads);
    return rc;
}
#endif

csvc_status csvc_staffing_generate(const csvc_staffing_plan *plan,
                                   const csvc_shift_template *templates, size_t count,
                                   const csvc_generate_options *options,
                                   csvc_staffing_schedule **out)
{
    if (!plan || !templates || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !plan ? "plan" : !templates ? "templates" : "out");
    csvc_generate_options defaults = CSVC_GENERATE_OPTIONS_INIT;
    const csvc_generate_options *o = options ? options : &defaults;
    csvc_status rc = check_options(o);
    if (rc == CSVC_OK)
        rc = check_templates(templates, count);
    if (rc != CSVC_OK)
        return rc;
#if !(defined(CS_HAVE_GLPK) && CS_HAVE_GLPK)
    return cs_fail(NULL, CSVC_E_UNSUPPORTED,
                   "%s: libcsvc was built without GLPK, which shift generation solves on "
                   "(install libglpk-dev and configure with -Dglpk=enabled)",
                   fn);
#else
    cs_gen_problem p;
    if ((rc = cs_gen_problem_build(&p, &plan->alloc, plan, templates, count, o)) !=
        CSVC_OK)
        return rc;
    rc = run(&p, out);
    cs_gen_problem_free(&p);
    return rc;
#endif
}
