/* The roster in the store: every team and agent change is a row holding
 * the team or agent as it stands after the change, keyed by its id. A
 * roster change first catches up, under the write lock, with what other
 * processes stored, and is checked against that: two writers adding
 * agents never overwrite each other. */
#include "store_internal.h"

#include <string.h>

/* ---- engine -> rows ------------------------------------------------------- */

static void team_row(const csvc_team_info *t, int with_lead, cs_row *row)
{
    memset(row, 0, sizeof *row);
    row->kind = CS_ROW_TEAM;
    row->u.team = (cs_team_row){t->id, t->name, with_lead ? t->lead_id : NULL};
}

static void agent_row(const csvc_roster *r, size_t index, const csvc_agent_info *a,
                      int with_supervisor, cs_row *row)
{
    memset(row, 0, sizeof *row);
    row->kind = CS_ROW_AGENT;
    int64_t separated;
    int reason, employment;
    double contract_hours;
    cs_roster_agent_separation_at(r, (uint32_t)index, &separated, &reason);
    cs_roster_agent_employment_at(r, (uint32_t)index, &employment, &contract_hours);
    row->u.agent = (cs_agent_row){
        a->id,       a->name,           a->team_id, with_supervisor ? a->supervisor_id : NULL,
        a->currency, (int32_t)a->level, a->active,  a->hire_date,
        a->base_pay, a->skills,         separated,  reason,
        employment,  contract_hours};
}

static csvc_status put_team(csvc_store *s, const csvc_roster *r, size_t index, int with_lead)
{
    csvc_team_info t;
    csvc_roster_team_at(r, index, &t);
    cs_row row;
    team_row(&t, with_lead, &row);
    return cs_store_append(s, &s->roster_cursor, &row);
}

static csvc_status put_agent(csvc_store *s, const csvc_roster *r, size_t index, int with_supervisor)
{
    csvc_agent_info a;
    csvc_roster_agent_at(r, index, &a);
    cs_row row;
    agent_row(r, index, &a, with_supervisor, &row);
    return cs_store_append(s, &s->roster_cursor, &row);
}

static int same(const char *a, const char *b)
{
    return (!a || !*a) ? (!b || !*b) : (b && strcmp(a, b) == 0);
}

/* The rows of the teams and agents that `r` has beyond `before` (NULL: all
 * of them), in an order that replays: teams and agents first without
 * their leads and supervisors (which may point further down), then those
 * references; and the leads the change gave to older teams. */
static csvc_status put_added(csvc_store *s, const csvc_roster *r, const csvc_roster *before)
{
    size_t old_teams = before ? csvc_roster_team_count(before) : 0;
    size_t old_agents = before ? csvc_roster_agent_count(before) : 0;
    size_t teams = csvc_roster_team_count(r), agents = csvc_roster_agent_count(r);
    csvc_status rc = CSVC_OK;
    for (size_t i = old_teams; i < teams && rc == CSVC_OK; i++)
        rc = put_team(s, r, i, 0);
    for (size_t i = old_agents; i < agents && rc == CSVC_OK; i++)
        rc = put_agent(s, r, i, 0);
    for (size_t i = old_agents; i < agents && rc == CSVC_OK; i++) {
        csvc_agent_info a;
        csvc_roster_agent_at(r, i, &a);
        if (a.supervisor_id)
            rc = put_agent(s, r, i, 1);
    }
    for (size_t i = 0; i < teams && rc == CSVC_OK; i++) {
        csvc_team_info t, was;
        csvc_roster_team_at(r, i, &t);
        int had = i < old_teams && csvc_roster_team_at(before, i, &was) == CSVC_OK;
        if (t.lead_id && !(had && same(t.lead_id, was.lead_id)))
            rc = put_team(s, r, i, 1);
    }
    return rc;
}

static csvc_status on_change(void *sink, int kind, const void *detail)
{
    csvc_store *s = sink;
    if (s->replaying)
        return CSVC_OK;
    const csvc_roster *r = s->roster;
    switch ((csvc_roster_change)kind) {
    case CSVC_ROSTER_TEAM_ADDED:
    case CSVC_ROSTER_TEAM_UPDATED: {
        csvc_team_info t;
        csvc_roster_get_team(r, detail, &t);
        cs_row row;
        team_row(&t, 1, &row);
        return cs_store_append(s, &s->roster_cursor, &row);
    }
    case CSVC_ROSTER_AGENT_ADDED:
    case CSVC_ROSTER_AGENT_UPDATED: {
        csvc_agent_info a;
        csvc_roster_get_agent(r, detail, &a);
        cs_row row;
        agent_row(r, cs_roster_find_agent(r, detail), &a, 1, &row);
        return cs_store_append(s, &s->roster_cursor, &row);
    }
    case CSVC_ROSTER_IMPORTED:
        return put_added(s, r, detail);
    }
    return cs_fail(&s->err, CSVC_E_INVALID, "store: unknown roster change %d", kind);
}

/* A roster change: take the lock and catch up before the roster checks it. */
static csvc_status on_group_begin(void *sink, int depth)
{
    (void)depth; /* rosters have no groups: every change is single */
    csvc_store *s = sink;
    if (s->in_batch)
        return cs_fail(&s->err, CSVC_E_BUSY,
                       "store: roster changes are not allowed inside a batch");
    if (s->locked)
        return cs_fail(&s->err, CSVC_E_BUSY,
                       "store: a roster change inside another change's transaction");
    csvc_status rc = cs_store_lock(s);
    if (rc == CSVC_OK && (rc = cs_store_pull_roster(s)) != CSVC_OK)
        cs_store_unlock(s, 0);
    if (rc == CSVC_OK)
        cs_store_save_cursors(s);
    return rc;
}

static csvc_status on_group_end(void *sink, int depth, int commit)
{
    (void)depth;
    return cs_store_unlock(sink, commit);
}

static void on_detach(void *sink)
{
    csvc_store *s = sink;
    s->roster = NULL;
}

static const cs_journal_ops roster_journal = {on_change, NULL, on_group_begin, on_group_end,
                                              on_detach};

/* ---- rows -> engine ------------------------------------------------------- */

static int apply_row(const cs_row *row, void *user_data)
{
    csvc_roster *r = user_data;
    csvc_status rc;
    if (row->kind == CS_ROW_TEAM) {
        const cs_team_row *t = &row->u.team;
        csvc_team_info info = CSVC_TEAM_INFO_INIT, now;
        info.id = t->id;
        info.name = t->name;
        info.lead_id = t->lead;
        rc = csvc_roster_get_team(r, t->id, &now) == CSVC_OK ? csvc_roster_update_team(r, &info)
                                                             : csvc_roster_add_team(r, &info);
    } else {
        const cs_agent_row *a = &row->u.agent;
        csvc_agent_info info = CSVC_AGENT_INFO_INIT, now;
        info.id = a->id;
        info.name = a->name;
        info.team_id = a->team;
        info.supervisor_id = a->supervisor;
        info.currency = a->currency;
        info.level = (csvc_level)a->level;
        info.active = a->active;
        info.hire_date = a->hire_date;
        info.base_pay = a->base_pay;
        info.skills = a->skills;
        rc = csvc_roster_get_agent(r, a->id, &now) == CSVC_OK ? csvc_roster_update_agent(r, &info)
                                                              : csvc_roster_add_agent(r, &info);
        cs_errbuf why;
        if (rc == CSVC_OK &&
            (cs_roster_check_separation(&why, a->id, a->hire_date, a->separation_date,
                                        a->separation_reason) != CSVC_OK ||
             cs_roster_check_employment(&why, a->id, a->employment, a->contract_hours) != CSVC_OK))
            return cs_fail(NULL, CSVC_E_CORRUPT, "store: stored agent row %llu does not apply: %s",
                           (unsigned long long)row->seq, why.msg);
        if (rc == CSVC_OK) {
            uint32_t index = cs_roster_find_agent(r, a->id);
            cs_roster_set_separation(r, index, a->separation_date, a->separation_reason);
            cs_roster_set_employment(r, index, a->employment, a->contract_hours);
        }
    }
    if (rc == CSVC_OK)
        return 0;
    return cs_fail(NULL, CSVC_E_CORRUPT, "store: stored %s row %llu does not apply: %s",
                   row->kind == CS_ROW_TEAM ? "team" : "agent", (unsigned long long)row->seq,
                   csvc_roster_errmsg(r));
}

/* Applies the stored roster rows after the cursor to `r`, with its journal
 * muted (the application hears of its own changes only). */
static csvc_status pull_into(csvc_store *s, csvc_roster *r)
{
    cs_journal *j = cs_roster_journal(r);
    int was = j->muted;
    j->muted = 1;
    csvc_status rc = cs_store_pull_rows(s, &s->roster_cursor, CS_ROWS_ROSTER, NULL, apply_row, r);
    j->muted = was;
    if (rc == CSVC_E_CORRUPT)
        cs_fail(&s->err, rc, "%s", csvc_last_errmsg());
    return rc;
}

csvc_status cs_store_pull_roster(csvc_store *s)
{
    return s->roster ? pull_into(s, s->roster) : CSVC_OK;
}

void cs_store_detach_roster(csvc_store *s)
{
    if (s->roster)
        cs_journal_detach(cs_roster_journal(s->roster));
    s->roster = NULL;
    cs_cursor_free(s, &s->roster_cursor);
}

/* ---- attaching ------------------------------------------------------------ */

/* Loads the stored roster into the empty `r`, all or nothing. */
static csvc_status load(csvc_store *s, csvc_roster *r)
{
    csvc_roster *stage;
    if (cs_roster_clone(r, &stage) != CSVC_OK)
        return cs_fail(&s->err, CSVC_E_NOMEM, "attach_roster: out of memory");
    csvc_status rc = pull_into(s, stage);
    if (rc == CSVC_OK)
        cs_roster_swap(r, stage);
    else
        s->roster_cursor.seq = 0;
    csvc_roster_free(stage);
    return rc;
}

static csvc_status save(csvc_store *s, const csvc_roster *r)
{
    csvc_status rc = cs_store_lock(s);
    if (rc != CSVC_OK)
        return rc;
    rc = put_added(s, r, NULL);
    csvc_status done = cs_store_unlock(s, rc == CSVC_OK);
    return rc != CSVC_OK ? rc : done;
}

csvc_status csvc_store_attach_roster(csvc_store *s, csvc_roster *r)
{
    if (!s || !r)
        return cs_fail(s ? &s->err : NULL, CSVC_E_NULL, "attach_roster: %s is NULL",
                       s ? "roster" : "store");
    if (s->roster)
        return cs_fail(&s->err, CSVC_E_INVALID, "attach_roster: a roster is already attached");
    if (cs_roster_journal(r)->ops)
        return cs_fail(&s->err, CSVC_E_INVALID, "attach_roster: the roster is attached to a store");
    if (s->in_batch || s->locked)
        return cs_fail(&s->err, CSVC_E_BUSY, "attach_roster: inside a batch");
    uint64_t teams = 0, agents = 0;
    csvc_status rc = s->ops->count(s->b, CS_ROW_TEAM, &teams, &s->err);
    if (rc == CSVC_OK)
        rc = s->ops->count(s->b, CS_ROW_AGENT, &agents, &s->err);
    if (rc != CSVC_OK)
        return rc;
    int stored = teams + agents > 0;
    int in_memory = csvc_roster_team_count(r) + csvc_roster_agent_count(r) > 0;
    if (stored && in_memory)
        return cs_fail(&s->err, CSVC_E_CONFLICT,
                       "attach_roster: both the database and the roster already hold a roster");
    memset(&s->roster_cursor, 0, sizeof s->roster_cursor);
    if (stored)
        rc = load(s, r);
    else if (in_memory)
        rc = save(s, r);
    if (rc != CSVC_OK) {
        cs_cursor_free(s, &s->roster_cursor);
        return rc;
    }
    s->roster = r;
    cs_journal_attach(cs_roster_journal(r), &roster_journal, s);
    return CSVC_OK;
}
