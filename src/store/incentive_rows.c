/* Incentive plans and approved statements in the store: rows written on
 * request (no engine follows them), each call one transaction. Plan
 * versions and approved statements are immutable: the same again is a
 * no-op, a different one is refused. */
#include "store_internal.h"

#include "civil.h"
#include "strbuf.h"
#include "strpool.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* ---- plans -------------------------------------------------------------------- */

/* The stored document of one version (0: the highest), copied. */
typedef struct plan_lookup {
    const cs_alloc *alloc;
    int32_t version; /* asked */
    int32_t found;   /* 0: none */
    char *document;
    int nomem;
} plan_lookup;

static int find_plan(const cs_row *row, void *user_data)
{
    plan_lookup *f = user_data;
    const cs_plan_row *p = &row->u.plan;
    if (f->version ? p->version != f->version : p->version <= f->found)
        return 0;
    char *copy = cs_malloc(f->alloc, strlen(p->document) + 1);
    if (!copy) {
        f->nomem = 1;
        return CSVC_E_NOMEM;
    }
    strcpy(copy, p->document);
    cs_free(f->alloc, f->document);
    f->document = copy;
    f->found = p->version;
    return 0;
}

static csvc_status lookup_plan(csvc_store *s, const char *id, plan_lookup *f)
{
    csvc_status rc = s->ops->load(s->b, CS_ROWS(CS_ROW_PLAN), 0, id, find_plan, f, &s->err);
    if (f->nomem)
        return cs_fail(&s->err, CSVC_E_NOMEM, "store: out of memory");
    return rc;
}

/* Under the lock: appends the plan's version unless stored; a stored
 * version with another document is CSVC_E_EXISTS. */
static csvc_status put_plan_locked(csvc_store *s, const char *fn, const char *id, int32_t version,
                                   const char *document)
{
    plan_lookup f = {&s->alloc, version, 0, NULL, 0};
    csvc_status rc = lookup_plan(s, id, &f);
    if (rc == CSVC_OK && f.found && strcmp(f.document, document) != 0)
        rc = cs_fail(&s->err, CSVC_E_EXISTS,
                     "%s: plan '%s' version %d is stored with another document; a changed plan "
                     "needs a new version",
                     fn, id, (int)version);
    cs_free(&s->alloc, f.document);
    if (rc != CSVC_OK || f.found)
        return rc;
    cs_cursor none = {0};
    cs_cursor_sync(s, &none);
    cs_row row;
    memset(&row, 0, sizeof row);
    row.kind = CS_ROW_PLAN;
    row.u.plan = (cs_plan_row){id, version, document};
    return cs_store_append(s, &none, &row);
}

static csvc_status check_free(csvc_store *s, const char *fn)
{
    if (s->in_batch || s->locked)
        return cs_fail(&s->err, CSVC_E_BUSY, "%s: inside a batch", fn);
    return CSVC_OK;
}

csvc_status csvc_store_put_plan(csvc_store *s, const csvc_incentive_plan *plan)
{
    static const char fn[] = "store_put_plan";
    if (!s || !plan)
        return cs_fail(s ? &s->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn, s ? "plan" : "store");
    csvc_status rc = check_free(s, fn);
    if (rc == CSVC_OK)
        rc = cs_store_lock(s);
    if (rc != CSVC_OK)
        return rc;
    rc = put_plan_locked(s, fn, csvc_incentive_plan_id(plan), csvc_incentive_plan_version(plan),
                         cs_incentive_plan_document(plan));
    csvc_status done = cs_store_unlock(s, rc == CSVC_OK);
    return rc != CSVC_OK ? rc : done;
}

/* Reads a plan from one snapshot, outside any transaction of ours. */
static csvc_status read_plan(csvc_store *s, const char *id, plan_lookup *f)
{
    csvc_status rc = s->ops->read_begin(s->b, &s->err);
    if (rc != CSVC_OK)
        return rc;
    rc = lookup_plan(s, id, f);
    s->ops->read_end(s->b);
    return rc;
}

static csvc_status check_plan_key(csvc_store *s, const char *fn, const char *id, int32_t version,
                                  int32_t min_version)
{
    csvc_status rc = cs_check_id(&s->err, fn, id);
    if (rc == CSVC_OK && version < min_version)
        rc = cs_fail(&s->err, CSVC_E_RANGE, "%s: version %d is below %d", fn, (int)version,
                     (int)min_version);
    return rc == CSVC_OK ? check_free(s, fn) : rc;
}

csvc_status csvc_store_load_plan(csvc_store *s, const char *plan_id, int32_t version,
                                 const csvc_allocator *allocator, csvc_incentive_plan **out)
{
    static const char fn[] = "store_load_plan";
    if (!s || !plan_id || !out)
        return cs_fail(s ? &s->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !s ? "store" : !plan_id ? "plan_id" : "out");
    csvc_status rc = check_plan_key(s, fn, plan_id, version, 0);
    plan_lookup f = {&s->alloc, version, 0, NULL, 0};
    if (rc == CSVC_OK)
        rc = read_plan(s, plan_id, &f);
    if (rc == CSVC_OK && !f.found)
        rc = version ? cs_fail(&s->err, CSVC_E_NOTFOUND, "%s: plan '%s' version %d is not stored",
                               fn, plan_id, (int)version)
                     : cs_fail(&s->err, CSVC_E_NOTFOUND, "%s: plan '%s' is not stored", fn,
                               plan_id);
    if (rc == CSVC_OK &&
        (rc = csvc_incentive_plan_load_json_buffer(f.document, strlen(f.document), allocator,
                                                   out)) != CSVC_OK)
        rc = cs_fail(&s->err, rc == CSVC_E_NOMEM ? rc : CSVC_E_CORRUPT,
                     "%s: stored plan '%s' version %d does not load: %s", fn, plan_id,
                     (int)f.found, csvc_last_errmsg());
    cs_free(&s->alloc, f.document);
    return rc;
}

/* ---- approved statements ---------------------------------------------------------- */

/* The statements of one plan version and period already approved: agent ->
 * digest of its document. */
typedef struct approved {
    const char *plan;
    int32_t version;
    csvc_period period;
    const cs_alloc *alloc;
    cs_strpool agents;
    uint8_t (*digest)[CS_SHA256_SIZE];
    size_t cap;
    int nomem;
} approved;

static int same_key(const approved *a, const cs_statement_row *r)
{
    return r->plan_version == a->version && r->period.start == a->period.start &&
           r->period.end == a->period.end;
}

static int collect_approved(const cs_row *row, void *user_data)
{
    approved *a = user_data;
    const cs_statement_row *r = &row->u.statement;
    if (!same_key(a, r))
        return 0;
    size_t before = a->agents.count;
    uint32_t i = cs_strpool_intern(&a->agents, r->agent);
    if (i == CS_NONE ||
        cs_grow(a->alloc, (void **)&a->digest, &a->cap, a->agents.count,
                sizeof *a->digest)) {
        a->nomem = 1;
        return CSVC_E_NOMEM;
    }
    if (a->agents.count > before) /* the first approval counts; later ones are refused */
        cs_sha256_digest(r->document, strlen(r->document), a->digest[i]);
    return 0;
}

typedef struct approval {
    csvc_store *s;
    const csvc_incentive_result *res;
    const char *approver;
    int64_t at;
    approved done;
    cs_strbuf doc;
} approval;

/* Approves statement `i`: stored when new, checked when approved before. */
static csvc_status approve_one(approval *p, size_t i)
{
    static const char fn[] = "store_approve_statements";
    csvc_incentive_statement st;
    csvc_incentive_result_statement(p->res, i, &st);
    p->doc.len = 0;
    cs_inc_statement_json(p->res, i, &p->doc);
    if (p->doc.failed)
        return cs_fail(&p->s->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    uint32_t was = cs_strpool_find(&p->done.agents, st.agent_id);
    if (was != CS_NONE) {
        uint8_t mine[CS_SHA256_SIZE];
        cs_sha256_digest(p->doc.data, p->doc.len, mine);
        if (memcmp(mine, p->done.digest[was], sizeof mine) == 0)
            return CSVC_OK;
        return cs_fail(&p->s->err, CSVC_E_CONSTRAINT,
                       "%s: the statement of agent '%s' under plan '%s' version %d for this "
                       "period is approved and differs from this one; an approved statement is "
                       "immutable (a correction needs a new plan version)",
                       fn, st.agent_id, p->done.plan, (int)p->done.version);
    }
    cs_cursor none = {0};
    cs_cursor_sync(p->s, &none);
    cs_row row;
    memset(&row, 0, sizeof row);
    row.kind = CS_ROW_STATEMENT;
    row.u.statement = (cs_statement_row){p->done.plan, p->done.version, p->done.period,
                                         st.agent_id, p->approver, p->at, st.total, p->doc.data};
    return cs_store_append(p->s, &none, &row);
}

static csvc_status approve_locked(approval *p, const char *agent_id)
{
    csvc_store *s = p->s;
    csvc_status rc = put_plan_locked(s, "store_approve_statements", p->done.plan, p->done.version,
                                     cs_incentive_result_plan_document(p->res));
    if (rc == CSVC_OK)
        rc = s->ops->load(s->b, CS_ROWS(CS_ROW_STATEMENT), 0, p->done.plan, collect_approved,
                          &p->done, &s->err);
    if (p->done.nomem)
        return cs_fail(&s->err, CSVC_E_NOMEM, "store_approve_statements: out of memory");
    size_t n = csvc_incentive_result_statement_count(p->res);
    for (size_t i = 0; i < n && rc == CSVC_OK; i++) {
        csvc_incentive_statement st;
        csvc_incentive_result_statement(p->res, i, &st);
        if (!agent_id || strcmp(agent_id, st.agent_id) == 0)
            rc = approve_one(p, i);
    }
    return rc;
}

static csvc_status find_agent(csvc_store *s, const csvc_incentive_result *res, const char *agent)
{
    size_t n = csvc_incentive_result_statement_count(res);
    for (size_t i = 0; i < n; i++) {
        csvc_incentive_statement st;
        csvc_incentive_result_statement(res, i, &st);
        if (strcmp(st.agent_id, agent) == 0)
            return CSVC_OK;
    }
    return cs_fail(&s->err, CSVC_E_NOTFOUND,
                   "store_approve_statements: agent '%s' has no statement in the result", agent);
}

csvc_status csvc_store_approve_statements(csvc_store *s, const csvc_incentive_result *result,
                                          const char *agent_id, const char *approver,
                                          int64_t approved_at)
{
    static const char fn[] = "store_approve_statements";
    if (!s || !result || !approver)
        return cs_fail(s ? &s->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !s ? "store" : !result ? "result" : "approver");
    csvc_status rc = cs_check_id(&s->err, "store_approve_statements: approver", approver);
    if (rc == CSVC_OK && (approved_at < CS_UNIX_MIN || approved_at > CS_UNIX_MAX))
        rc = cs_fail(&s->err, CSVC_E_RANGE,
                     "%s: approved_at %" PRId64 " is outside years 1..9999", fn, approved_at);
    if (rc == CSVC_OK && agent_id)
        rc = find_agent(s, result, agent_id);
    if (rc == CSVC_OK)
        rc = check_free(s, fn);
    if (rc == CSVC_OK)
        rc = cs_store_lock(s);
    if (rc != CSVC_OK)
        return rc;
    approval p = {s, result, approver, approved_at, {0}, {0}};
    p.done.plan = csvc_incentive_result_plan_id(result);
    p.done.version = csvc_incentive_result_plan_version(result);
    csvc_incentive_result_period(result, &p.done.period);
    p.done.alloc = &s->alloc;
    cs_strpool_init(&p.done.agents, &s->alloc);
    cs_strbuf_init(&p.doc, &s->alloc);
    rc = approve_locked(&p, agent_id);
    csvc_status done = cs_store_unlock(s, rc == CSVC_OK);
    cs_strbuf_free(&p.doc);
    cs_strpool_free(&p.done.agents);
    cs_free(&s->alloc, p.done.digest);
    return rc != CSVC_OK ? rc : done;
}

/* ---- reading them back -------------------------------------------------------------- */

typedef struct export_ctx {
    approved key;
    cs_strbuf *sb;
    size_t n;
} export_ctx;

static void put_time(cs_strbuf *sb, int64_t t)
{
    char buf[40];
    if (csvc_time_format(t, buf, sizeof buf) != CSVC_OK)
        snprintf(buf, sizeof buf, "%" PRId64, t);
    cs_strbuf_printf(sb, "\"%s\"", buf);
}

static int export_one(const cs_row *row, void *user_data)
{
    export_ctx *e = user_data;
    const cs_statement_row *r = &row->u.statement;
    if (!same_key(&e->key, r))
        return 0;
    cs_strbuf_puts(e->sb, e->n++ ? ",{\"approved_by\":" : "{\"approved_by\":");
    cs_strbuf_json_string(e->sb, r->approver);
    cs_strbuf_puts(e->sb, ",\"approved_at\":");
    put_time(e->sb, r->approved_at);
    cs_strbuf_printf(e->sb, ",\"statement\":%s}", r->document);
    return 0;
}

csvc_status csvc_store_export_statements_json(csvc_store *s, const char *plan_id, int32_t version,
                                              const csvc_period *period, char **out, size_t *size)
{
    static const char fn[] = "store_export_statements_json";
    if (!s || !plan_id || !period || !out)
        return cs_fail(s ? &s->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !s ? "store" : !plan_id ? "plan_id" : !period ? "period" : "out");
    csvc_incentive_plan *plan = NULL;
    csvc_status rc = check_plan_key(s, fn, plan_id, version, 1);
    if (rc == CSVC_OK)
        rc = csvc_store_load_plan(s, plan_id, version, NULL, &plan);
    if (rc != CSVC_OK)
        return rc;
    cs_strbuf sb;
    cs_strbuf_init(&sb, &s->alloc);
    cs_strbuf_puts(&sb, "{\"plan\":");
    cs_strbuf_json_string(&sb, plan_id);
    cs_strbuf_printf(&sb, ",\"version\":%d,\"currency\":\"%s\",\"period\":{\"start\":",
                     (int)version, csvc_incentive_plan_currency(plan));
    put_time(&sb, period->start);
    cs_strbuf_puts(&sb, ",\"end\":");
    put_time(&sb, period->end);
    cs_strbuf_puts(&sb, "},\"statements\":[");
    csvc_incentive_plan_free(plan);
    export_ctx e;
    memset(&e, 0, sizeof e);
    e.key.version = version;
    e.key.period = *period;
    e.sb = &sb;
    if ((rc = s->ops->read_begin(s->b, &s->err)) == CSVC_OK) {
        rc = s->ops->load(s->b, CS_ROWS(CS_ROW_STATEMENT), 0, plan_id, export_one, &e, &s->err);
        s->ops->read_end(s->b);
    }
    cs_strbuf_puts(&sb, "]}\n");
    if (rc != CSVC_OK) {
        cs_strbuf_free(&sb);
        return rc;
    }
    if (cs_strbuf_hand_over(&sb, out, size) != CSVC_OK)
        return cs_fail(&s->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    return CSVC_OK;
}
