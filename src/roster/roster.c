/* The roster: teams, agents and reporting lines. Every mutator validates
 * first and allocates everything it needs before it changes anything, so a
 * failure leaves the roster exactly as it was. */
#include "roster_internal.h"
#include "version_check.h"

#include <stdio.h>
#include <string.h>

#define DAY_SECONDS 86400
/* 0001-01-01 and 9999-12-31, as Unix days times 86400. */
#define HIRE_DATE_MIN (-62135596800LL)
#define HIRE_DATE_MAX (253402214400LL)

CS_DEFINE_INIT(csvc_agent_info_init, csvc_agent_info, CSVC_AGENT_INFO_INIT)

CS_DEFINE_INIT(csvc_team_info_init, csvc_team_info, CSVC_TEAM_INFO_INIT)

csvc_status csvc_roster_new(const csvc_allocator *allocator, csvc_roster **out)
{
    if (!out)
        return cs_fail(NULL, CSVC_E_NULL, "roster_new: out is NULL");
    cs_alloc alloc;
    csvc_status rc = cs_alloc_init(&alloc, allocator, NULL);
    if (rc != CSVC_OK)
        return rc;
    csvc_roster *r = cs_calloc(&alloc, 1, sizeof *r);
    if (!r)
        return cs_fail(NULL, CSVC_E_NOMEM, "roster_new: out of memory");
    r->alloc = alloc;
    cs_strmap_init(&r->agent_ids, &r->alloc);
    cs_strmap_init(&r->team_ids, &r->alloc);
    *out = r;
    return CSVC_OK;
}

void csvc_roster_free(csvc_roster *r)
{
    if (!r)
        return;
    cs_journal_engine_freed(&r->journal);
    for (size_t i = 0; i < r->nagents; i++) {
        cs_free(&r->alloc, r->agents[i].id);
        cs_free(&r->alloc, r->agents[i].name);
    }
    for (size_t i = 0; i < r->nteams; i++) {
        cs_free(&r->alloc, r->teams[i].id);
        cs_free(&r->alloc, r->teams[i].name);
    }
    cs_free(&r->alloc, r->agents);
    cs_free(&r->alloc, r->teams);
    cs_strmap_free(&r->agent_ids);
    cs_strmap_free(&r->team_ids);
    cs_alloc alloc = r->alloc;
    cs_free(&alloc, r);
}

const char *csvc_roster_errmsg(const csvc_roster *r)
{
    return r ? r->err.msg : "roster is NULL";
}

/* Error messages are written even through a const handle: the buffer is
 * the handle's scratch space, not part of its observable state. */
static cs_errbuf *errbuf(const csvc_roster *r)
{
    return (cs_errbuf *)&r->err;
}

csvc_status csvc_roster_set_change_callback(csvc_roster *r, csvc_roster_change_fn fn,
                                            void *user_data)
{
    if (!r)
        return cs_fail(NULL, CSVC_E_NULL, "set_change_callback: roster is NULL");
    if (r->busy)
        return cs_fail(&r->err, CSVC_E_BUSY,
                       "set_change_callback: called from inside the roster's own change callback");
    r->on_change = fn;
    r->on_change_data = fn ? user_data : NULL;
    return CSVC_OK;
}

/* "team 'X'", "agent 'X'" or "roster import", for messages. */
static void change_subject(char *buf, size_t size, csvc_roster_change change, const char *id)
{
    if (change == CSVC_ROSTER_IMPORTED)
        snprintf(buf, size, "roster import");
    else
        snprintf(buf, size, "%s '%s'", change <= CSVC_ROSTER_TEAM_UPDATED ? "team" : "agent", id);
}

csvc_status cs_roster_notify(csvc_roster *r, csvc_roster_change change, const char *id,
                             const void *detail)
{
    char subject[96];
    /* Keep the refuser's own explanation (a store says why). */
    char why[CS_ERRMSG_MAX / 2];
    csvc_status rc = cs_journal_change(&r->journal, (int)change, detail);
    if (rc != CSVC_OK) {
        snprintf(why, sizeof why, "%s", csvc_last_errmsg());
        cs_journal_close(&r->journal, 0);
        change_subject(subject, sizeof subject, change, id);
        return cs_fail(&r->err, rc, "%s: not stored (%s): %s", subject, csvc_status_str(rc), why);
    }
    if (r->on_change && !r->journal.muted) {
        r->busy++;
        rc = r->on_change(r, change, id, r->on_change_data);
        r->busy--;
        if (rc != CSVC_OK) {
            rc = cs_callback_status(rc);
            snprintf(why, sizeof why, "%s", csvc_last_errmsg());
            cs_journal_close(&r->journal, 0);
            change_subject(subject, sizeof subject, change, id);
            return cs_fail(&r->err, rc, "%s: the change callback refused it (%s): %s", subject,
                           csvc_status_str(rc), why);
        }
    }
    if ((rc = cs_journal_close(&r->journal, 1)) != CSVC_OK) {
        snprintf(why, sizeof why, "%s", csvc_last_errmsg());
        change_subject(subject, sizeof subject, change, id);
        return cs_fail(&r->err, rc, "%s: not stored (%s): %s", subject, csvc_status_str(rc), why);
    }
    return CSVC_OK;
}

csvc_status cs_roster_begin_change(csvc_roster *r, const char *fn)
{
    if (r->busy)
        return cs_fail(&r->err, CSVC_E_BUSY,
                       "%s: called from inside the roster's own change callback", fn);
    csvc_status rc = cs_journal_open(&r->journal);
    if (rc != CSVC_OK) {
        char why[CS_ERRMSG_MAX / 2];
        snprintf(why, sizeof why, "%s", csvc_last_errmsg());
        return cs_fail(&r->err, rc, "%s: the store cannot take a change (%s): %s", fn,
                       csvc_status_str(rc), why);
    }
    return CSVC_OK;
}

csvc_status cs_roster_end_change(csvc_roster *r, csvc_status rc)
{
    cs_journal_close(&r->journal, 0); /* no-op unless the change failed before its notify */
    return rc;
}

cs_journal *cs_roster_journal(csvc_roster *r)
{
    return &r->journal;
}

uint32_t cs_roster_find_agent(const csvc_roster *r, const char *id)
{
    uint32_t v;
    return cs_strmap_get(&r->agent_ids, id, &v) ? v : CS_NONE;
}

uint32_t cs_roster_find_team(const csvc_roster *r, const char *id)
{
    uint32_t v;
    return cs_strmap_get(&r->team_ids, id, &v) ? v : CS_NONE;
}

int cs_roster_would_cycle(const csvc_roster *r, uint32_t agent, uint32_t supervisor)
{
    /* The existing links are acyclic, so the walk ends within nagents steps. */
    for (size_t steps = 0; supervisor != CS_NONE && steps <= r->nagents; steps++) {
        if (supervisor == agent)
            return 1;
        supervisor = r->agents[supervisor].supervisor;
    }
    return 0;
}

static int is_unset(const char *s)
{
    return !s || !*s;
}

/* ---- lookups ------------------------------------------------------------ */

enum list { TEAMS, AGENTS };

static const char *const list_item[] = {"team", "agent"};

/* The NULL checks of lookup `fn`, then the index of the team or agent `id`. */
static csvc_status find(const csvc_roster *r, enum list l, const char *fn, const char *id,
                        const void *out, uint32_t *index)
{
    if (!r || !id || !out)
        return cs_fail(r ? errbuf(r) : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !r    ? "roster"
                       : !id ? "id"
                             : "out");
    *index = l == TEAMS ? cs_roster_find_team(r, id) : cs_roster_find_agent(r, id);
    if (*index == CS_NONE)
        return cs_fail(errbuf(r), CSVC_E_NOTFOUND, "%s '%.64s': not found", list_item[l], id);
    return CSVC_OK;
}

/* The NULL checks of `fn`, then that `index` is a team's or agent's. */
static csvc_status at(const csvc_roster *r, enum list l, const char *fn, size_t index,
                      const void *out)
{
    if (!r || !out)
        return cs_fail(r ? errbuf(r) : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       r ? "out" : "roster");
    size_t n = l == TEAMS ? r->nteams : r->nagents;
    if (index >= n)
        return cs_fail(errbuf(r), CSVC_E_RANGE, "%s: index %zu out of range (%zu %ss)", fn, index,
                       n, list_item[l]);
    return CSVC_OK;
}

/* ---- teams ------------------------------------------------------------ */

static csvc_status check_team_info(const csvc_roster *r, const csvc_team_info *t, uint32_t *lead)
{
    cs_errbuf *err = errbuf(r);
    CS_RETURN_IF_BAD_VERSION(err, t->version, CSVC_TEAM_INFO_VERSION, "team_info:");
    csvc_status rc = cs_check_id(err, "team id", t->id);
    if (rc != CSVC_OK)
        return rc;
    if (t->name) {
        char what[96];
        snprintf(what, sizeof what, "team '%s': name", t->id);
        if ((rc = cs_check_text(err, what, t->name, CS_NAME_MAX)) != CSVC_OK)
            return rc;
    }
    *lead = CS_NONE;
    if (!is_unset(t->lead_id)) {
        *lead = cs_roster_find_agent(r, t->lead_id);
        if (*lead == CS_NONE)
            return cs_fail(err, CSVC_E_NOTFOUND, "team '%s': lead '%.64s' is not an agent", t->id,
                           t->lead_id);
    }
    return CSVC_OK;
}

static char *dup_team_name(const csvc_roster *r, const csvc_team_info *t)
{
    return cs_strdup(&r->alloc, is_unset(t->name) ? t->id : t->name);
}

static csvc_status add_team(csvc_roster *r, const csvc_team_info *t)
{
    uint32_t lead;
    csvc_status rc = check_team_info(r, t, &lead);
    if (rc != CSVC_OK)
        return rc;
    if (cs_roster_find_team(r, t->id) != CS_NONE)
        return cs_fail(&r->err, CSVC_E_EXISTS, "team '%s': already exists", t->id);
    if (r->nteams >= CS_NONE - 1)
        return cs_fail(&r->err, CSVC_E_RANGE, "team '%s': too many teams", t->id);
    char *id = cs_strdup(&r->alloc, t->id);
    char *name = dup_team_name(r, t);
    if (!id || !name ||
        cs_grow(&r->alloc, (void **)&r->teams, &r->cap_teams, r->nteams + 1, sizeof *r->teams) ||
        cs_strmap_reserve(&r->team_ids, 1)) {
        cs_free(&r->alloc, id);
        cs_free(&r->alloc, name);
        return cs_fail(&r->err, CSVC_E_NOMEM, "team '%s': out of memory", t->id);
    }
    r->teams[r->nteams] = (cs_team){id, name, lead};
    cs_strmap_put(&r->team_ids, id, (uint32_t)r->nteams);
    r->nteams++;
    if ((rc = cs_roster_notify(r, CSVC_ROSTER_TEAM_ADDED, id, id)) != CSVC_OK) {
        r->nteams--;
        cs_strmap_remove(&r->team_ids, id);
        cs_free(&r->alloc, id);
        cs_free(&r->alloc, name);
    }
    return rc;
}

static csvc_status update_team(csvc_roster *r, const csvc_team_info *t)
{
    uint32_t lead;
    csvc_status rc = check_team_info(r, t, &lead);
    if (rc != CSVC_OK)
        return rc;
    uint32_t index = cs_roster_find_team(r, t->id);
    if (index == CS_NONE)
        return cs_fail(&r->err, CSVC_E_NOTFOUND, "team '%s': not found", t->id);
    char *name = dup_team_name(r, t);
    if (!name)
        return cs_fail(&r->err, CSVC_E_NOMEM, "team '%s': out of memory", t->id);
    cs_team old = r->teams[index];
    r->teams[index].name = name;
    r->teams[index].lead = lead;
    if ((rc = cs_roster_notify(r, CSVC_ROSTER_TEAM_UPDATED, old.id, old.id)) != CSVC_OK) {
        r->teams[index] = old;
        cs_free(&r->alloc, name);
        return rc;
    }
    cs_free(&r->alloc, old.name);
    return CSVC_OK;
}

void cs_roster_team_view(const csvc_roster *r, uint32_t index, csvc_team_info *out)
{
    const cs_team *t = &r->teams[index];
    out->version = CSVC_TEAM_INFO_VERSION;
    out->id = t->id;
    out->name = t->name;
    out->lead_id = t->lead == CS_NONE ? NULL : r->agents[t->lead].id;
}

csvc_status csvc_roster_get_team(const csvc_roster *r, const char *id, csvc_team_info *out)
{
    uint32_t index;
    csvc_status rc = find(r, TEAMS, "get_team", id, out, &index);
    if (rc == CSVC_OK)
        cs_roster_team_view(r, index, out);
    return rc;
}

size_t csvc_roster_team_count(const csvc_roster *r)
{
    return r ? r->nteams : 0;
}

csvc_status csvc_roster_team_at(const csvc_roster *r, size_t index, csvc_team_info *out)
{
    csvc_status rc = at(r, TEAMS, "team_at", index, out);
    if (rc == CSVC_OK)
        cs_roster_team_view(r, (uint32_t)index, out);
    return rc;
}

/* ---- agents ----------------------------------------------------------- */

/* Resolved references of a validated csvc_agent_info. */
typedef struct agent_refs {
    uint32_t team;
    uint32_t supervisor;
    const char *currency;
    int field; /* the field being checked: the one at fault on a refusal */
} agent_refs;

static csvc_status check_agent_info(const csvc_roster *r, const csvc_agent_info *a,
                                    agent_refs *refs)
{
    cs_errbuf *err = errbuf(r);
    CS_RETURN_IF_BAD_VERSION(err, a->version, CSVC_AGENT_INFO_VERSION, "agent_info:");
    refs->field = CS_AF_ID;
    csvc_status rc = cs_check_id(err, "agent id", a->id);
    if (rc != CSVC_OK)
        return rc;
    refs->field = CS_AF_NAME;
    char what[96];
    snprintf(what, sizeof what, "agent '%s': name", a->id);
    if ((rc = cs_check_text(err, what, a->name, CS_NAME_MAX)) != CSVC_OK)
        return rc;
    if (!*a->name)
        return cs_fail(err, CSVC_E_INVALID, "agent '%s': name is empty", a->id);
    refs->field = CS_AF_TEAM;
    if (!a->team_id)
        return cs_fail(err, CSVC_E_NULL, "agent '%s': team_id is NULL", a->id);
    refs->team = cs_roster_find_team(r, a->team_id);
    if (refs->team == CS_NONE)
        return cs_fail(err, CSVC_E_NOTFOUND, "agent '%s': team '%.64s' not found", a->id,
                       a->team_id);
    refs->field = CS_AF_LEVEL;
    if ((unsigned)a->level >= CSVC_LEVEL_COUNT)
        return cs_fail(err, CSVC_E_RANGE, "agent '%s': level %d out of range (0..%d)", a->id,
                       (int)a->level, CSVC_LEVEL_COUNT - 1);
    refs->field = CS_AF_HIRE_DATE;
    if (a->hire_date % DAY_SECONDS != 0 || a->hire_date < HIRE_DATE_MIN ||
        a->hire_date > HIRE_DATE_MAX)
        return cs_fail(err, CSVC_E_RANGE,
                       "agent '%s': hire_date %lld is not a midnight UTC in years 1..9999", a->id,
                       (long long)a->hire_date);
    refs->field = CS_AF_SKILLS;
    if (a->skills & ~CSVC_SKILLS_ALL)
        return cs_fail(err, CSVC_E_RANGE, "agent '%s': skills 0x%x has undefined bits", a->id,
                       (unsigned)a->skills);
    refs->field = CS_AF_ACTIVE;
    if (a->active != 0 && a->active != 1)
        return cs_fail(err, CSVC_E_INVALID, "agent '%s': active must be 0 or 1, not %d", a->id,
                       (int)a->active);
    refs->field = CS_AF_BASE_PAY;
    if (a->base_pay < 0)
        return cs_fail(err, CSVC_E_RANGE, "agent '%s': base_pay %lld is negative", a->id,
                       (long long)a->base_pay);
    refs->field = CS_AF_CURRENCY;
    refs->currency = a->currency ? a->currency : "CNY";
    if (!cs_currency_valid(refs->currency))
        return cs_fail(err, CSVC_E_INVALID, "agent '%s': currency '%.8s' is not an ISO 4217 code",
                       a->id, refs->currency);
    refs->field = CS_AF_SUPERVISOR;
    refs->supervisor = CS_NONE;
    if (!is_unset(a->supervisor_id)) {
        if (strcmp(a->supervisor_id, a->id) == 0)
            return cs_fail(err, CSVC_E_CONSTRAINT, "agent '%s': cannot supervise itself", a->id);
        refs->supervisor = cs_roster_find_agent(r, a->supervisor_id);
        if (refs->supervisor == CS_NONE)
            return cs_fail(err, CSVC_E_NOTFOUND, "agent '%s': supervisor '%.64s' not found", a->id,
                           a->supervisor_id);
    }
    return CSVC_OK;
}

static void store_agent_fields(cs_agent *dst, const csvc_agent_info *a, const agent_refs *refs)
{
    dst->team = refs->team;
    dst->supervisor = refs->supervisor;
    dst->level = a->level;
    dst->hire_date = a->hire_date;
    dst->skills = a->skills;
    dst->active = a->active;
    dst->base_pay = a->base_pay;
    memcpy(dst->currency, refs->currency, 4);
}

static csvc_status add_agent(csvc_roster *r, const csvc_agent_info *a)
{
    agent_refs refs;
    csvc_status rc = check_agent_info(r, a, &refs);
    r->failed_field = rc == CSVC_OK ? CS_AF_ID : refs.field;
    if (rc != CSVC_OK)
        return rc;
    if (cs_roster_find_agent(r, a->id) != CS_NONE)
        return cs_fail(&r->err, CSVC_E_EXISTS, "agent '%s': already exists", a->id);
    if (r->nagents >= CS_NONE - 1)
        return cs_fail(&r->err, CSVC_E_RANGE, "agent '%s': too many agents", a->id);
    char *id = cs_strdup(&r->alloc, a->id);
    char *name = cs_strdup(&r->alloc, a->name);
    if (!id || !name ||
        cs_grow(&r->alloc, (void **)&r->agents, &r->cap_agents, r->nagents + 1,
                sizeof *r->agents) ||
        cs_strmap_reserve(&r->agent_ids, 1)) {
        cs_free(&r->alloc, id);
        cs_free(&r->alloc, name);
        return cs_fail(&r->err, CSVC_E_NOMEM, "agent '%s': out of memory", a->id);
    }
    cs_agent *dst = &r->agents[r->nagents];
    dst->id = id;
    dst->name = name;
    dst->separation_date = CSVC_TIME_NONE;
    dst->separation_reason = CSVC_SEPARATION_NONE;
    dst->employment = CSVC_EMPLOYMENT_FULL_TIME;
    dst->contract_hours = 0.0;
    store_agent_fields(dst, a, &refs);
    cs_strmap_put(&r->agent_ids, id, (uint32_t)r->nagents);
    r->nagents++;
    if ((rc = cs_roster_notify(r, CSVC_ROSTER_AGENT_ADDED, id, id)) != CSVC_OK) {
        r->nagents--;
        cs_strmap_remove(&r->agent_ids, id);
        cs_free(&r->alloc, id);
        cs_free(&r->alloc, name);
    }
    return rc;
}

static csvc_status update_agent(csvc_roster *r, const csvc_agent_info *a)
{
    agent_refs refs;
    csvc_status rc = check_agent_info(r, a, &refs);
    r->failed_field = rc == CSVC_OK ? CS_AF_SUPERVISOR : refs.field; /* else: a cycle */
    if (rc != CSVC_OK)
        return rc;
    uint32_t index = cs_roster_find_agent(r, a->id);
    if (index == CS_NONE)
        return cs_fail(&r->err, CSVC_E_NOTFOUND, "agent '%s': not found", a->id);
    if (cs_roster_would_cycle(r, index, refs.supervisor))
        return cs_fail(&r->err, CSVC_E_CONSTRAINT,
                       "agent '%s': supervisor '%s' reports to it (cycle)", a->id,
                       a->supervisor_id);
    char *name = cs_strdup(&r->alloc, a->name);
    if (!name)
        return cs_fail(&r->err, CSVC_E_NOMEM, "agent '%s': out of memory", a->id);
    cs_agent *dst = &r->agents[index], old = *dst;
    dst->name = name;
    store_agent_fields(dst, a, &refs);
    if ((rc = cs_roster_notify(r, CSVC_ROSTER_AGENT_UPDATED, old.id, old.id)) != CSVC_OK) {
        *dst = old;
        cs_free(&r->alloc, name);
        return rc;
    }
    cs_free(&r->alloc, old.name);
    return CSVC_OK;
}

static csvc_status deactivate_agent(csvc_roster *r, const char *id)
{
    uint32_t index = cs_roster_find_agent(r, id);
    if (index == CS_NONE)
        return cs_fail(&r->err, CSVC_E_NOTFOUND, "agent '%.64s': not found", id);
    int32_t was = r->agents[index].active;
    r->agents[index].active = 0;
    csvc_status rc =
        cs_roster_notify(r, CSVC_ROSTER_AGENT_UPDATED, r->agents[index].id, r->agents[index].id);
    if (rc != CSVC_OK)
        r->agents[index].active = was;
    return rc;
}

void cs_roster_agent_view(const csvc_roster *r, uint32_t index, csvc_agent_info *out)
{
    const cs_agent *a = &r->agents[index];
    out->version = CSVC_AGENT_INFO_VERSION;
    out->id = a->id;
    out->name = a->name;
    out->team_id = r->teams[a->team].id;
    out->level = a->level;
    out->hire_date = a->hire_date;
    out->supervisor_id = a->supervisor == CS_NONE ? NULL : r->agents[a->supervisor].id;
    out->skills = a->skills;
    out->active = a->active;
    out->base_pay = a->base_pay;
    out->currency = a->currency;
}

csvc_status csvc_roster_get_agent(const csvc_roster *r, const char *id, csvc_agent_info *out)
{
    uint32_t index;
    csvc_status rc = find(r, AGENTS, "get_agent", id, out, &index);
    if (rc == CSVC_OK)
        cs_roster_agent_view(r, index, out);
    return rc;
}

size_t csvc_roster_agent_count(const csvc_roster *r)
{
    return r ? r->nagents : 0;
}

csvc_status csvc_roster_agent_at(const csvc_roster *r, size_t index, csvc_agent_info *out)
{
    csvc_status rc = at(r, AGENTS, "agent_at", index, out);
    if (rc == CSVC_OK)
        cs_roster_agent_view(r, (uint32_t)index, out);
    return rc;
}

csvc_status csvc_roster_agent_index(const csvc_roster *r, const char *id, size_t *out)
{
    uint32_t index;
    csvc_status rc = find(r, AGENTS, "agent_index", id, out, &index);
    if (rc == CSVC_OK)
        *out = index;
    return rc;
}

/* ---- the public changes: journal steps 1 and 5 around each body --------- */

#define ROSTER_CHANGE(fn, arg_type, arg, what)                                                     \
    csvc_status csvc_roster_##fn(csvc_roster *r, arg_type arg)                                     \
    {                                                                                              \
        if (!r || !arg)                                                                            \
            return cs_fail(r ? &r->err : NULL, CSVC_E_NULL, #fn ": %s is NULL",                    \
                           r ? what : "roster");                                                   \
        csvc_status rc = cs_roster_begin_change(r, #fn);                                           \
        return rc != CSVC_OK ? rc : cs_roster_end_change(r, fn(r, arg));                           \
    }

ROSTER_CHANGE(add_team, const csvc_team_info *, t, "team")
ROSTER_CHANGE(update_team, const csvc_team_info *, t, "team")
ROSTER_CHANGE(add_agent, const csvc_agent_info *, a, "agent")
ROSTER_CHANGE(update_agent, const csvc_agent_info *, a, "agent")
ROSTER_CHANGE(deactivate_agent, const char *, id, "id")

/* ---- reporting lines -------------------------------------------------- */

csvc_status csvc_roster_direct_reports(const csvc_roster *r, const char *supervisor_id,
                                       const char **ids, size_t cap, size_t *count)
{
    if (!r || !supervisor_id || !count || (cap && !ids))
        return cs_fail(r ? errbuf(r) : NULL, CSVC_E_NULL, "direct_reports: %s is NULL",
                       !r               ? "roster"
                       : !supervisor_id ? "supervisor_id"
                       : !count         ? "count"
                                        : "ids");
    uint32_t sup = cs_roster_find_agent(r, supervisor_id);
    if (sup == CS_NONE)
        return cs_fail(errbuf(r), CSVC_E_NOTFOUND, "agent '%.64s': not found", supervisor_id);
    size_t n = 0;
    for (size_t i = 0; i < r->nagents; i++) {
        if (r->agents[i].supervisor != sup)
            continue;
        if (n < cap)
            ids[n] = r->agents[i].id;
        n++;
    }
    *count = n;
    return CSVC_OK;
}

csvc_status csvc_roster_reports_to(const csvc_roster *r, const char *agent_id,
                                   const char *manager_id, int *out)
{
    if (!r || !agent_id || !manager_id || !out)
        return cs_fail(r ? errbuf(r) : NULL, CSVC_E_NULL, "reports_to: %s is NULL",
                       !r            ? "roster"
                       : !agent_id   ? "agent_id"
                       : !manager_id ? "manager_id"
                                     : "out");
    uint32_t agent = cs_roster_find_agent(r, agent_id);
    if (agent == CS_NONE)
        return cs_fail(errbuf(r), CSVC_E_NOTFOUND, "agent '%.64s': not found", agent_id);
    uint32_t manager = cs_roster_find_agent(r, manager_id);
    if (manager == CS_NONE)
        return cs_fail(errbuf(r), CSVC_E_NOTFOUND, "agent '%.64s': not found", manager_id);
    *out = cs_roster_would_cycle(r, manager, r->agents[agent].supervisor);
    return CSVC_OK;
}

csvc_status csvc_roster_headcount(const csvc_roster *r, const char *team_id, csvc_level level,
                                  int active_only, size_t *out)
{
    if (!r || !out)
        return cs_fail(r ? errbuf(r) : NULL, CSVC_E_NULL, "headcount: %s is NULL",
                       r ? "out" : "roster");
    if ((unsigned)level >= CSVC_LEVEL_COUNT)
        return cs_fail(errbuf(r), CSVC_E_RANGE, "headcount: level %d out of range (0..%d)",
                       (int)level, CSVC_LEVEL_COUNT - 1);
    uint32_t team = CS_NONE;
    if (team_id) {
        team = cs_roster_find_team(r, team_id);
        if (team == CS_NONE)
            return cs_fail(errbuf(r), CSVC_E_NOTFOUND, "team '%.64s': not found", team_id);
    }
    size_t n = 0;
    for (size_t i = 0; i < r->nagents; i++) {
        const cs_agent *a = &r->agents[i];
        if (a->level == level && (team == CS_NONE || a->team == team) &&
            (!active_only || a->active))
            n++;
    }
    *out = n;
    return CSVC_OK;
}

/* ---- staging for all-or-nothing imports -------------------------------- */

csvc_status cs_roster_clone(const csvc_roster *src, csvc_roster **out)
{
    csvc_roster *r = cs_calloc(&src->alloc, 1, sizeof *r);
    if (!r)
        return CSVC_E_NOMEM;
    r->alloc = src->alloc;
    cs_strmap_init(&r->agent_ids, &r->alloc);
    cs_strmap_init(&r->team_ids, &r->alloc);
    if (cs_grow(&r->alloc, (void **)&r->agents, &r->cap_agents, src->nagents, sizeof *r->agents) ||
        cs_grow(&r->alloc, (void **)&r->teams, &r->cap_teams, src->nteams, sizeof *r->teams) ||
        cs_strmap_reserve(&r->agent_ids, src->nagents) ||
        cs_strmap_reserve(&r->team_ids, src->nteams))
        goto nomem;
    for (size_t i = 0; i < src->nteams; i++) {
        cs_team t = src->teams[i];
        t.id = cs_strdup(&r->alloc, t.id);
        t.name = t.id ? cs_strdup(&r->alloc, t.name) : NULL;
        if (!t.name) {
            cs_free(&r->alloc, t.id);
            goto nomem;
        }
        r->teams[r->nteams] = t;
        cs_strmap_put(&r->team_ids, t.id, (uint32_t)r->nteams++);
    }
    for (size_t i = 0; i < src->nagents; i++) {
        cs_agent a = src->agents[i];
        a.id = cs_strdup(&r->alloc, a.id);
        a.name = a.id ? cs_strdup(&r->alloc, a.name) : NULL;
        if (!a.name) {
            cs_free(&r->alloc, a.id);
            goto nomem;
        }
        r->agents[r->nagents] = a;
        cs_strmap_put(&r->agent_ids, a.id, (uint32_t)r->nagents++);
    }
    *out = r;
    return CSVC_OK;
nomem:
    csvc_roster_free(r);
    return CSVC_E_NOMEM;
}

void cs_roster_swap(csvc_roster *to, csvc_roster *from)
{
    csvc_roster tmp = *to;
    *to = *from;
    *from = tmp;
    /* Error buffers stay with their handles; maps point at their owner's allocator. */
    cs_errbuf err = to->err;
    to->err = from->err;
    from->err = err;
    cs_journal journal = to->journal;
    to->journal = from->journal;
    from->journal = journal;
    int busy = to->busy;
    to->busy = from->busy;
    from->busy = busy;
    csvc_roster_change_fn fn = to->on_change;
    void *data = to->on_change_data;
    to->on_change = from->on_change;
    to->on_change_data = from->on_change_data;
    from->on_change = fn;
    from->on_change_data = data;
    to->agent_ids.alloc = to->team_ids.alloc = &to->alloc;
    from->agent_ids.alloc = from->team_ids.alloc = &from->alloc;
}

/* ---- the seam (roster_seam.h) ------------------------------------------ */

const char *cs_roster_agent_id(const csvc_roster *r, uint32_t agent)
{
    return r->agents[agent].id;
}

uint32_t cs_roster_agent_team(const csvc_roster *r, uint32_t agent)
{
    return r->agents[agent].team;
}

uint32_t cs_roster_agent_supervisor(const csvc_roster *r, uint32_t agent)
{
    return r->agents[agent].supervisor;
}

int cs_roster_agent_active(const csvc_roster *r, uint32_t agent)
{
    return r->agents[agent].active;
}

uint32_t cs_roster_agent_skills(const csvc_roster *r, uint32_t agent)
{
    return r->agents[agent].skills;
}

csvc_level cs_roster_agent_level(const csvc_roster *r, uint32_t agent)
{
    return r->agents[agent].level;
}

int64_t cs_roster_agent_hire_date(const csvc_roster *r, uint32_t agent)
{
    return r->agents[agent].hire_date;
}

const char *cs_roster_team_id(const csvc_roster *r, uint32_t team)
{
    return r->teams[team].id;
}

uint32_t cs_roster_team_lead(const csvc_roster *r, uint32_t team)
{
    return r->teams[team].lead;
}
