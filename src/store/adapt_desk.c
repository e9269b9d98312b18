/* The desk in the store: every event is a row, and so is every change of
 * the desk's configuration (its whole configuration as text), in order
 * with the events, so a rebuild replays both exactly as they happened.
 *
 * A single event takes the write lock and checks that no other process
 * changed its ticket since this process last caught up (else
 * ::CSVC_E_CONFLICT, and the ticket is refreshed). A desk group (an
 * import, an auto-close run) or a store batch catches up under the lock
 * before it starts, so it cannot conflict. */
#include "store_internal.h"

#include <string.h>

/* ---- engine -> rows ------------------------------------------------------- */

static csvc_status put_config(csvc_store *s)
{
    cs_strbuf sb;
    cs_strbuf_init(&sb, &s->alloc);
    cs_desk_config_encode(s->desk, &sb);
    csvc_status rc = CSVC_OK;
    if (sb.failed) {
        rc = cs_fail(&s->err, CSVC_E_NOMEM, "store: out of memory");
    } else {
        cs_row row;
        memset(&row, 0, sizeof row);
        row.kind = CS_ROW_DESK_CONFIG;
        row.u.config.body = sb.data ? sb.data : "";
        rc = cs_store_append(s, &s->desk_cursor, &row);
    }
    cs_strbuf_free(&sb);
    return rc;
}

static int single(const csvc_store *s)
{
    return !s->in_batch && s->group_depth == 0;
}

static csvc_status put_event(csvc_store *s, const cs_desk_change *c)
{
    /* Outside a group nothing was caught up under the lock: was this
     * ticket's version in the database (its newest stored event after the
     * cursor, ours or another process's) still the one the desk acted on? */
    if (single(s) && s->tail.seq > s->desk_cursor.seq) {
        uint64_t stored = 0;
        int found = 0;
        csvc_status rc = s->ops->ticket_version(s->b, c->event->ticket_id, s->desk_cursor.seq,
                                                &stored, &found, &s->err);
        if (rc != CSVC_OK)
            return rc;
        if (found && stored != c->version - 1) {
            s->needs_refresh = 1;
            return cs_fail(&s->err, CSVC_E_CONFLICT,
                           "store: ticket %.64s was changed by another process; it has been "
                           "refreshed, retry",
                           c->event->ticket_id);
        }
    }
    cs_row row;
    row.kind = CS_ROW_EVENT;
    row.u.event.event = *c->event;
    row.u.event.version = c->version;
    return cs_store_append(s, &s->desk_cursor, &row);
}

static csvc_status on_change(void *sink, int kind, const void *detail)
{
    csvc_store *s = sink;
    if (s->replaying)
        return CSVC_OK;
    return kind == CS_DESK_CHANGE_EVENT ? put_event(s, detail) : put_config(s);
}

/* After a refused event is undone: bring in what caused a conflict. */
static void on_refused(void *sink, int kind, const void *detail)
{
    (void)kind;
    (void)detail;
    csvc_store *s = sink;
    if (s->needs_refresh && !s->locked)
        cs_store_pull_all(s, NULL);
}

/* A single change takes the lock; a group is a transaction (outermost) or
 * a savepoint (inside a batch or another group), and the outermost one
 * catches up first. */
static csvc_status on_group_begin(void *sink, int depth)
{
    csvc_store *s = sink;
    if (s->opening_batch)
        return CSVC_OK;
    if (depth == CS_JOURNAL_SINGLE) {
        if (s->locked)
            return cs_fail(&s->err, CSVC_E_BUSY,
                           "store: a desk change inside another change's transaction");
        return cs_store_lock(s);
    }
    if (depth >= CS_STORE_MAX_DEPTH)
        return cs_fail(&s->err, CSVC_E_BUSY, "store: groups nested too deep");
    csvc_status rc;
    int outermost = depth == 0 && !s->in_batch;
    if (outermost) {
        if (s->locked)
            return cs_fail(&s->err, CSVC_E_BUSY,
                           "store: a desk group inside another change's transaction");
        if ((rc = cs_store_lock(s)) != CSVC_OK)
            return rc;
        if ((rc = cs_store_pull_all(s, NULL)) != CSVC_OK) {
            cs_store_unlock(s, 0);
            return rc;
        }
        cs_store_save_cursors(s);
    } else if ((rc = s->ops->savepoint(s->b, depth, &s->err)) != CSVC_OK) {
        return rc;
    }
    s->marks[depth] = (cs_store_mark){s->desk_cursor.seq, s->desk_cursor.nown};
    s->group_depth++;
    return CSVC_OK;
}

/* Puts the desk's cursor back to where group `depth` began. */
static void rewind_desk(csvc_store *s, int depth)
{
    s->desk_cursor.seq = s->marks[depth].desk_seq;
    s->desk_cursor.nown = s->marks[depth].desk_nown;
}

static csvc_status on_group_end(void *sink, int depth, int commit)
{
    csvc_store *s = sink;
    if (s->opening_batch)
        return CSVC_OK;
    if (depth == CS_JOURNAL_SINGLE)
        return cs_store_unlock(s, commit);
    s->group_depth--;
    if (depth == 0 && !s->in_batch)
        return cs_store_unlock(s, commit);
    csvc_status rc = commit ? s->ops->release(s->b, depth, &s->err) : CSVC_OK;
    if (!commit || rc != CSVC_OK) {
        s->ops->rollback_to(s->b, depth);
        rewind_desk(s, depth);
    }
    return rc;
}

static void on_detach(void *sink)
{
    csvc_store *s = sink;
    s->desk = NULL;
}

static const cs_journal_ops desk_journal = {on_change, on_refused, on_group_begin, on_group_end,
                                            on_detach};

/* ---- rows -> engine ------------------------------------------------------- */

typedef struct replay {
    csvc_store *s;
    uint64_t applied;
    uint64_t last_config; /* seq of the last configuration row seen, 0: none */
} replay;

static int apply_row(const cs_row *row, void *user_data)
{
    replay *p = user_data;
    csvc_store *s = p->s;
    if (row->kind == CS_ROW_DESK_CONFIG) {
        cs_errbuf why;
        if (cs_desk_config_decode(s->desk, row->u.config.body, &why) != CSVC_OK)
            return cs_fail(&s->err, CSVC_E_CORRUPT,
                           "store: stored desk configuration %llu does not apply: %s",
                           (unsigned long long)row->seq, why.msg);
        p->last_config = row->seq;
        return 0;
    }
    /* Stored events are history: replayed without the roster-state rules,
     * the journal or the application's callback. */
    if (cs_desk_apply_event(s->desk, &row->u.event.event, CS_APPLY_HISTORY | CS_APPLY_QUIET) !=
        CSVC_OK)
        return cs_fail(&s->err, CSVC_E_CORRUPT, "store: stored event %llu does not apply: %s",
                       (unsigned long long)row->seq, csvc_desk_errmsg(s->desk));
    p->applied++;
    return 0;
}

static csvc_status pull(csvc_store *s, replay *p)
{
    csvc_status rc = cs_store_pull_roster(s);
    if (rc == CSVC_OK && s->desk)
        rc = cs_store_pull_rows(s, &s->desk_cursor, CS_ROWS_DESK, NULL, apply_row, p);
    if (rc == CSVC_OK)
        s->needs_refresh = 0;
    return rc;
}

csvc_status cs_store_pull_desk(csvc_store *s, uint64_t *applied)
{
    replay p = {s, 0, 0};
    csvc_status rc = pull(s, &p);
    if (applied)
        *applied = p.applied;
    return rc;
}

void cs_store_detach_desk(csvc_store *s)
{
    if (s->desk)
        cs_journal_detach(cs_desk_journal(s->desk));
    s->desk = NULL;
    cs_cursor_free(s, &s->desk_cursor);
}

/* ---- attaching ------------------------------------------------------------ */

/* The configuration the desk was given before attaching becomes current
 * (journaled) unless it is the default (the store's then stays) or what
 * the store already holds. */
static csvc_status keep_given_config(csvc_store *s, const char *given, int given_default,
                                     uint64_t last_config)
{
    cs_strbuf now;
    cs_strbuf_init(&now, &s->alloc);
    cs_desk_config_encode(s->desk, &now);
    csvc_status rc =
        now.failed ? cs_fail(&s->err, CSVC_E_NOMEM, "attach_desk: out of memory") : CSVC_OK;
    int differs = rc == CSVC_OK && strcmp(now.data ? now.data : "", given) != 0;
    if (rc == CSVC_OK && !given_default && (differs || last_config == 0)) {
        cs_errbuf why;
        if ((rc = cs_desk_config_decode(s->desk, given, &why)) != CSVC_OK)
            cs_fail(&s->err, rc, "attach_desk: %s", why.msg);
        else if ((rc = cs_store_lock(s)) == CSVC_OK) {
            rc = put_config(s);
            csvc_status done = cs_store_unlock(s, rc == CSVC_OK);
            rc = rc != CSVC_OK ? rc : done;
        }
        if (rc != CSVC_OK && now.data)
            cs_desk_config_decode(s->desk, now.data, &why); /* back to the stored one */
    }
    cs_strbuf_free(&now);
    return rc;
}

csvc_status csvc_store_attach_desk(csvc_store *s, csvc_desk *desk)
{
    if (!s || !desk)
        return cs_fail(s ? &s->err : NULL, CSVC_E_NULL, "attach_desk: %s is NULL",
                       s ? "desk" : "store");
    if (s->desk)
        return cs_fail(&s->err, CSVC_E_INVALID, "attach_desk: a desk is already attached");
    if (!s->roster || csvc_desk_roster(desk) != s->roster)
        return cs_fail(&s->err, CSVC_E_INVALID,
                       "attach_desk: attach the desk's roster to the store first");
    if (csvc_desk_ticket_count(desk) || csvc_desk_event_count(desk))
        return cs_fail(&s->err, CSVC_E_INVALID, "attach_desk: the desk is not empty");
    if (cs_desk_journal(desk)->ops)
        return cs_fail(&s->err, CSVC_E_INVALID, "attach_desk: the desk is attached to a store");
    if (s->in_batch || s->locked)
        return cs_fail(&s->err, CSVC_E_BUSY, "attach_desk: inside a batch");
    int given_default = cs_desk_config_is_default(desk);
    cs_strbuf given;
    cs_strbuf_init(&given, &s->alloc);
    cs_desk_config_encode(desk, &given);
    if (given.failed) {
        cs_strbuf_free(&given);
        return cs_fail(&s->err, CSVC_E_NOMEM, "attach_desk: out of memory");
    }
    /* All or nothing: a stored row that does not apply leaves the desk as
     * it was given. */
    csvc_status rc = cs_desk_txn_begin(desk);
    if (rc != CSVC_OK) {
        cs_strbuf_free(&given);
        return cs_fail(&s->err, rc, "attach_desk: the desk has a group open");
    }
    s->desk = desk;
    memset(&s->desk_cursor, 0, sizeof s->desk_cursor);
    replay p = {s, 0, 0};
    if ((rc = pull(s, &p)) != CSVC_OK) {
        cs_errbuf why;
        cs_desk_txn_rollback(desk);
        cs_desk_config_decode(desk, given.data, &why);
        cs_store_detach_desk(s);
        cs_strbuf_free(&given);
        return rc;
    }
    cs_desk_txn_commit(desk);
    cs_journal_attach(cs_desk_journal(desk), &desk_journal, s);
    rc = keep_given_config(s, given.data, given_default, p.last_config);
    cs_strbuf_free(&given);
    if (rc != CSVC_OK)
        cs_store_detach_desk(s);
    return rc;
}
