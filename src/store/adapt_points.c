/* The points ledger in the store: every movement is a row committed as it
 * happens. Like a review change, a movement first catches up, under the
 * write lock, with the movements other processes stored, so the ledger's
 * checks (time order, balance) run against all of them. */
#include "store_internal.h"

#include <stdio.h>
#include <string.h>

#define EXPIRY_KEY "points_expiry_months"

static csvc_status put_move(csvc_store *s, const cs_points_move *m)
{
    cs_row row;
    memset(&row, 0, sizeof row);
    row.kind = CS_ROW_POINTS;
    row.u.points = (cs_points_row){m->agent, m->time, m->points};
    return cs_store_append(s, &s->points_cursor, &row);
}

/* ---- the journal ---------------------------------------------------------- */

static csvc_status on_change(void *sink, int kind, const void *detail)
{
    csvc_store *s = sink;
    if (s->replaying)
        return CSVC_OK;
    if (kind != CS_POINTS_MOVED)
        return cs_fail(&s->err, CSVC_E_INVALID, "store: unknown points change %d", kind);
    return put_move(s, detail);
}

/* A movement, or the outermost group of a commit: take the lock and catch
 * up before the ledger checks it. */
static csvc_status catch_up(csvc_store *s, void *unused)
{
    (void)unused;
    return cs_store_pull_points(s);
}

static csvc_status on_group_begin(void *sink, int depth)
{
    return depth > 0 ? CSVC_OK : cs_store_begin_change(sink, "points movement", catch_up, NULL);
}

static csvc_status on_group_end(void *sink, int depth, int commit)
{
    csvc_store *s = sink;
    return depth > 0 ? CSVC_OK : cs_store_unlock(s, commit);
}

static void on_detach(void *sink)
{
    csvc_store *s = sink;
    cs_cursor_free(s, &s->points_cursor);
    s->points = NULL;
}

static const cs_journal_ops points_journal = {on_change, NULL, on_group_begin, on_group_end,
                                              on_detach};

void cs_store_detach_points(csvc_store *s)
{
    if (!s->points)
        return;
    cs_journal_detach(cs_points_journal(s->points));
    on_detach(s);
}

/* ---- rows -> ledger -------------------------------------------------------- */

static int apply_row(const cs_row *row, void *user_data)
{
    csvc_store *s = user_data;
    cs_points_move m = {row->u.points.agent, row->u.points.time, row->u.points.points};
    if (cs_points_restore(s->points, &m) == CSVC_OK)
        return 0;
    return cs_fail(&s->err, CSVC_E_CORRUPT, "store: stored points movement %llu does not apply: %s",
                   (unsigned long long)row->seq, csvc_points_ledger_errmsg(s->points));
}

csvc_status cs_store_pull_points(csvc_store *s)
{
    return cs_store_pull_rows(s, &s->points_cursor, CS_ROWS(CS_ROW_POINTS), NULL, apply_row, s);
}

/* ---- attaching -------------------------------------------------------------- */

static int any_row(const cs_row *row, void *user_data)
{
    (void)row;
    *(int *)user_data = 1;
    return 1;
}

static int put_one(const cs_points_move *m, void *user_data)
{
    return put_move(user_data, m);
}

/* The expiry kept with the data, or kept now for a first ledger. */
static csvc_status check_expiry(csvc_store *s, int32_t months)
{
    char stored[16], mine[16];
    int found = 0;
    snprintf(mine, sizeof mine, "%d", (int)months);
    csvc_status rc = s->ops->get_meta(s->b, EXPIRY_KEY, stored, sizeof stored, &found, &s->err);
    if (rc != CSVC_OK)
        return rc;
    if (!found)
        return s->ops->set_meta(s->b, EXPIRY_KEY, mine, &s->err);
    if (strcmp(stored, mine) != 0)
        return cs_fail(&s->err, CSVC_E_CONFLICT,
                       "attach_points: the stored ledger's points expire after %s months, this "
                       "ledger's after %s",
                       stored, mine);
    return CSVC_OK;
}

/* Under the lock: load the stored movements, or store the ledger's. */
static csvc_status load_or_save(csvc_store *s, csvc_points_ledger *l)
{
    csvc_status rc = check_expiry(s, cs_points_expiry_months(l));
    int stored = 0;
    if (rc == CSVC_OK) {
        rc = s->ops->load(s->b, CS_ROWS(CS_ROW_POINTS), 0, NULL, any_row, &stored, &s->err);
        rc = rc == 1 ? CSVC_OK : rc;
    }
    if (rc != CSVC_OK)
        return rc;
    if (stored && cs_points_move_count(l) > 0)
        return cs_fail(&s->err, CSVC_E_CONFLICT,
                       "attach_points: the database holds a points ledger; attach an empty ledger");
    if (stored) {
        if ((rc = cs_store_pull_points(s)) != CSVC_OK)
            cs_points_clear(l);
        return rc;
    }
    cs_cursor_sync(s, &s->points_cursor);
    return (csvc_status)cs_points_foreach(l, put_one, s);
}

csvc_status csvc_store_attach_points(csvc_store *s, csvc_points_ledger *ledger)
{
    if (!s || !ledger)
        return cs_fail(s ? &s->err : NULL, CSVC_E_NULL, "attach_points: %s is NULL",
                       s ? "ledger" : "store");
    if (s->points)
        return cs_fail(&s->err, CSVC_E_EXISTS, "attach_points: a ledger is already attached");
    if (cs_points_journal(ledger)->ops)
        return cs_fail(&s->err, CSVC_E_INVALID, "attach_points: the ledger is attached to a store");
    if (s->in_batch || s->locked)
        return cs_fail(&s->err, CSVC_E_BUSY, "attach_points: inside a batch");
    csvc_status rc = cs_store_lock(s);
    if (rc != CSVC_OK)
        return rc;
    s->points = ledger;
    memset(&s->points_cursor, 0, sizeof s->points_cursor);
    rc = load_or_save(s, ledger);
    csvc_status done = cs_store_unlock(s, rc == CSVC_OK);
    if (rc == CSVC_OK)
        rc = done;
    if (rc != CSVC_OK) {
        cs_cursor_free(s, &s->points_cursor);
        s->points = NULL;
        return rc;
    }
    cs_journal_attach(cs_points_journal(ledger), &points_journal, s);
    return CSVC_OK;
}
