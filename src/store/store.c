/* The durable store: persists an attached roster and desk through their
 * change callbacks, one committed transaction per accepted change (or one
 * per batch), and rebuilds them on attach. Everything database-specific is
 * behind the backend interface (backend.h). */
#include "store_internal.h"
#include "version_check.h"

#include <string.h>


CS_DEFINE_INIT(csvc_store_options_init, csvc_store_options, CSVC_STORE_OPTIONS_INIT)

csvc_status csvc_store_open(const char *path, const csvc_store_options *options, csvc_store **out)
{
    if (!path || !out)
        return cs_fail(NULL, CSVC_E_NULL, "store_open: %s is NULL", path ? "out" : "path");
    csvc_store_options opt = CSVC_STORE_OPTIONS_INIT;
    if (options) {
        CS_RETURN_IF_BAD_VERSION(NULL, options->version, CSVC_STORE_OPTIONS_VERSION, "store_options:");
        opt = *options;
    }
    if (opt.busy_timeout_ms < 0)
        return cs_fail(NULL, CSVC_E_RANGE, "store_options: busy_timeout_ms is negative");
    if (opt.sync != CSVC_SYNC_NORMAL && opt.sync != CSVC_SYNC_FULL)
        return cs_fail(NULL, CSVC_E_RANGE, "store_options: sync %d is not NORMAL (1) or FULL (2)",
                       (int)opt.sync);
    cs_alloc alloc;
    csvc_status rc = cs_alloc_init(&alloc, opt.allocator, NULL);
    if (rc != CSVC_OK)
        return rc;
    csvc_store *s = cs_calloc(&alloc, 1, sizeof *s);
    if (!s)
        return cs_fail(NULL, CSVC_E_NOMEM, "store_open: out of memory");
    s->alloc = alloc;
    s->ops = &cs_sqlite_backend;
    cs_backend_config cfg = {&s->alloc, opt.busy_timeout_ms, opt.sync, opt.create != 0};
    if ((rc = s->ops->open(path, &cfg, &s->b, NULL)) != CSVC_OK) {
        cs_free(&alloc, s);
        return rc;
    }
    *out = s;
    return CSVC_OK;
}

void csvc_store_close(csvc_store *s)
{
    if (!s)
        return;
    if (s->in_batch)
        csvc_store_rollback(s);
    if (s->desk) {
        csvc_desk_set_event_callback(s->desk, NULL, NULL);
        s->desk->group_hooks = NULL;
        s->desk->group_hooks_data = NULL;
    }
    if (s->roster)
        csvc_roster_set_change_callback(s->roster, NULL, NULL);
    cs_store_detach_reviews(s);
    s->ops->close(s->b);
    cs_free(&s->alloc, s->own);
    cs_alloc alloc = s->alloc;
    cs_free(&alloc, s);
}

const char *csvc_store_errmsg(const csvc_store *s)
{
    return s ? s->err.msg : "store is NULL";
}

csvc_status csvc_store_schema_version(const csvc_store *s, int32_t *out)
{
    if (!s || !out)
        return cs_fail(NULL, CSVC_E_NULL, "schema_version: %s is NULL", s ? "out" : "store");
    return s->ops->schema_version(s->b, out, (cs_errbuf *)&s->err);
}

/* ---- roster ------------------------------------------------------------ */

static csvc_status save_change(csvc_store *s, csvc_roster_change change, const char *id)
{
    const csvc_roster *r = s->roster;
    switch (change) {
    case CSVC_ROSTER_TEAM_ADDED:
    case CSVC_ROSTER_TEAM_UPDATED:
        return s->ops->save_team(s->b, r, cs_roster_find_team(r, id), &s->err);
    case CSVC_ROSTER_AGENT_ADDED:
    case CSVC_ROSTER_AGENT_UPDATED:
        return s->ops->save_agent(s->b, r, cs_roster_find_agent(r, id), &s->err);
    default:
        return s->ops->save_roster(s->b, r, &s->err);
    }
}

static csvc_status on_roster_change(const csvc_roster *roster, csvc_roster_change change,
                                    const char *id, void *user_data)
{
    (void)roster;
    csvc_store *s = user_data;
    if (s->replaying)
        return CSVC_OK;
    if (s->in_batch)
        return cs_fail(&s->err, CSVC_E_BUSY,
                       "store: roster changes are not allowed inside a batch");
    csvc_status rc = s->ops->begin(s->b, &s->err);
    if (rc != CSVC_OK)
        return rc;
    if ((rc = save_change(s, change, id)) != CSVC_OK) {
        s->ops->rollback(s->b);
        return rc;
    }
    return s->ops->commit(s->b, &s->err);
}

csvc_status csvc_store_attach_roster(csvc_store *s, csvc_roster *roster)
{
    if (!s || !roster)
        return cs_fail(s ? &s->err : NULL, CSVC_E_NULL, "attach_roster: %s is NULL",
                       s ? "roster" : "store");
    if (s->roster)
        return cs_fail(&s->err, CSVC_E_INVALID, "attach_roster: a roster is already attached");
    size_t teams, agents;
    csvc_status rc = s->ops->roster_size(s->b, &teams, &agents, &s->err);
    if (rc != CSVC_OK)
        return rc;
    int stored = teams + agents > 0, in_memory = roster->nteams + roster->nagents > 0;
    if (stored && in_memory)
        return cs_fail(&s->err, CSVC_E_CONFLICT,
                       "attach_roster: both the database and the roster already hold a roster");
    if (stored) {
        if ((rc = s->ops->load_roster(s->b, roster, &s->err)) != CSVC_OK)
            return rc;
    } else if (in_memory) {
        if ((rc = s->ops->begin(s->b, &s->err)) != CSVC_OK)
            return rc;
        if ((rc = s->ops->save_roster(s->b, roster, &s->err)) != CSVC_OK) {
            s->ops->rollback(s->b);
            return rc;
        }
        if ((rc = s->ops->commit(s->b, &s->err)) != CSVC_OK)
            return rc;
    }
    s->roster = roster;
    return csvc_roster_set_change_callback(roster, on_roster_change, s);
}

/* ---- events -------------------------------------------------------------- */

static int is_own(const csvc_store *s, uint64_t seq)
{
    for (size_t i = 0; i < s->nown; i++)
        if (s->own[i] == seq)
            return 1;
    return 0;
}

typedef struct replay_ctx {
    csvc_store *s;
    uint64_t applied, last;
} replay_ctx;

static int replay_one(const cs_stored_event *e, void *user_data)
{
    replay_ctx *c = user_data;
    c->last = e->seq;
    if (is_own(c->s, e->seq))
        return 0;
    csvc_status rc = csvc_desk_apply(c->s->desk, &e->event);
    if (rc != CSVC_OK)
        return cs_fail(&c->s->err, CSVC_E_CORRUPT, "store: stored event %llu does not apply: %s",
                       (unsigned long long)e->seq, csvc_desk_errmsg(c->s->desk));
    c->applied++;
    return 0;
}

/* Applies what other processes stored since the last pull: roster changes,
 * then the events after loaded_seq. */
static csvc_status pull(csvc_store *s, uint64_t *applied)
{
    csvc_status rc = CSVC_OK;
    replay_ctx c = {s, 0, s->loaded_seq};
    s->replaying = 1;
    /* Other processes may have added or changed teams and agents. */
    if (s->roster)
        rc = s->ops->load_roster(s->b, s->roster, &s->err);
    if (rc == CSVC_OK)
        rc = s->ops->load_events(s->b, s->loaded_seq, replay_one, &c, &s->err);
    s->replaying = 0;
    if (rc != CSVC_OK)
        return rc;
    s->loaded_seq = c.last;
    s->nown = 0;
    s->needs_refresh = 0;
    if (applied)
        *applied = c.applied;
    return CSVC_OK;
}

static csvc_status append(csvc_store *s, const csvc_event *ev, uint64_t seq,
                          const uint8_t prev[CS_SHA256_SIZE], cs_stored_event *e)
{
    e->seq = seq;
    e->event = *ev;
    /* The event being stored is the newest in the desk's log. */
    const csvc_desk *d = s->desk;
    e->version = d->tickets[d->log[d->nevent - 1].ticket].event_count;
    cs_event_chain_hash(prev, seq, ev, e->hash);
    return s->ops->append_event(s->b, e, &s->err);
}

static csvc_status on_event(const csvc_event *ev, void *user_data)
{
    csvc_store *s = user_data;
    if (s->replaying)
        return CSVC_OK;
    uint64_t tail;
    uint8_t hash[CS_SHA256_SIZE];
    if (s->in_batch || s->group_depth > 0) {
        /* The write lock is held: nobody else appends meanwhile. */
        csvc_status rc = CSVC_OK;
        if (!s->tail_cached &&
            (rc = s->ops->last_event(s->b, &s->tail_seq, s->tail_hash, &s->err)) != CSVC_OK)
            return rc;
        s->tail_cached = 1;
        cs_stored_event e;
        if ((rc = append(s, ev, s->tail_seq + 1, s->tail_hash, &e)) != CSVC_OK)
            return rc;
        s->tail_seq = e.seq;
        memcpy(s->tail_hash, e.hash, sizeof e.hash);
        s->loaded_seq = e.seq;
        return CSVC_OK;
    }
    if (cs_grow(&s->alloc, (void **)&s->own, &s->cap_own, s->nown + 1, sizeof *s->own))
        return cs_fail(&s->err, CSVC_E_NOMEM, "store: out of memory");
    csvc_status rc = s->ops->begin(s->b, &s->err);
    if (rc != CSVC_OK)
        return rc;
    if ((rc = s->ops->last_event(s->b, &tail, hash, &s->err)) != CSVC_OK)
        goto fail;
    if (tail > s->loaded_seq) {
        int touched = 0;
        if ((rc = s->ops->ticket_touched_since(s->b, ev->ticket_id, s->loaded_seq, &touched,
                                               &s->err)) != CSVC_OK)
            goto fail;
        if (touched) {
            s->needs_refresh = 1;
            rc = cs_fail(&s->err, CSVC_E_CONFLICT,
                         "store: ticket %.64s was changed by another process; it has been "
                         "refreshed, retry",
                         ev->ticket_id);
            goto fail;
        }
    }
    cs_stored_event e;
    if ((rc = append(s, ev, tail + 1, hash, &e)) != CSVC_OK ||
        (rc = s->ops->set_head(s->b, e.seq, e.hash, &s->err)) != CSVC_OK)
        goto fail;
    if ((rc = s->ops->commit(s->b, &s->err)) != CSVC_OK)
        return rc;
    if (tail == s->loaded_seq)
        s->loaded_seq = tail + 1;
    else
        s->own[s->nown++] = tail + 1;
    return CSVC_OK;
fail:
    s->ops->rollback(s->b);
    return rc;
}

/* Writes the chain head inside the open transaction: the newest stored
 * event (nothing while there is none). */
static csvc_status record_head(csvc_store *s)
{
    if (!s->tail_cached) {
        csvc_status rc = s->ops->last_event(s->b, &s->tail_seq, s->tail_hash, &s->err);
        if (rc != CSVC_OK)
            return rc;
        s->tail_cached = 1;
    }
    return s->tail_seq ? s->ops->set_head(s->b, s->tail_seq, s->tail_hash, &s->err) : CSVC_OK;
}

/* A desk group (an import, an auto-close run) becomes a transaction, or a
 * savepoint inside a batch, so it lands on disk all or nothing too. */
static csvc_status on_group_begin(csvc_desk *d, void *user_data, int depth)
{
    (void)d;
    csvc_store *s = user_data;
    if (s->closing_batch)
        return CSVC_OK;
    s->tail_cached = 0;
    csvc_status rc;
    if (depth == 0 && !s->in_batch) {
        if ((rc = s->ops->begin(s->b, &s->err)) != CSVC_OK)
            return rc;
        /* Catch up under the lock (before the group opens), so the group
         * cannot conflict with another process. */
        if ((rc = pull(s, NULL)) != CSVC_OK) {
            s->ops->rollback(s->b);
            return rc;
        }
    }
    if ((rc = s->ops->savepoint(s->b, depth, &s->err)) != CSVC_OK) {
        if (depth == 0 && !s->in_batch)
            s->ops->rollback(s->b);
        return rc;
    }
    s->group_depth++;
    return CSVC_OK;
}

static csvc_status on_group_end(csvc_desk *d, void *user_data, int depth, int commit)
{
    (void)d;
    csvc_store *s = user_data;
    if (s->closing_batch)
        return CSVC_OK;
    s->group_depth--;
    int outermost = depth == 0 && !s->in_batch;
    if (!commit) {
        s->tail_cached = 0; /* a rollback to a savepoint removes rows */
        s->ops->rollback_to(s->b, depth);
        if (outermost)
            s->ops->rollback(s->b);
        return CSVC_OK;
    }
    csvc_status rc = s->ops->release(s->b, depth, &s->err);
    if (rc != CSVC_OK) {
        s->ops->rollback_to(s->b, depth);
        if (outermost)
            s->ops->rollback(s->b);
        return rc;
    }
    if (!outermost)
        return CSVC_OK;
    rc = record_head(s);
    s->tail_cached = 0; /* the lock goes with the commit */
    if (rc != CSVC_OK) {
        s->ops->rollback(s->b);
        return rc;
    }
    return s->ops->commit(s->b, &s->err);
}

static const cs_desk_group_hooks group_hooks = {on_group_begin, on_group_end};

/* After a refused event is undone: bring in what caused a conflict. */
static void on_refused(csvc_desk *d, void *user_data)
{
    (void)d;
    csvc_store *s = user_data;
    if (s->needs_refresh)
        pull(s, NULL);
}

csvc_status csvc_store_attach_desk(csvc_store *s, csvc_desk *desk)
{
    if (!s || !desk)
        return cs_fail(s ? &s->err : NULL, CSVC_E_NULL, "attach_desk: %s is NULL",
                       s ? "desk" : "store");
    if (s->desk)
        return cs_fail(&s->err, CSVC_E_INVALID, "attach_desk: a desk is already attached");
    if (!s->roster || desk->roster != s->roster)
        return cs_fail(&s->err, CSVC_E_INVALID,
                       "attach_desk: attach the desk's roster to the store first");
    if (desk->nticket || desk->nevent)
        return cs_fail(&s->err, CSVC_E_INVALID, "attach_desk: the desk is not empty");
    /* All or nothing: a stored event that does not apply leaves the desk empty. */
    csvc_status rc = cs_desk_txn_begin(desk);
    if (rc != CSVC_OK)
        return cs_fail(&s->err, rc, "attach_desk: the desk has a batch open");
    s->desk = desk;
    s->loaded_seq = 0;
    if ((rc = pull(s, NULL)) != CSVC_OK) {
        cs_desk_txn_rollback(desk);
        s->desk = NULL;
        return rc;
    }
    cs_desk_txn_commit(desk);
    csvc_desk_set_event_callback(desk, on_event, s);
    desk->refused_hook = on_refused;
    desk->group_hooks = &group_hooks;
    desk->group_hooks_data = s;
    return CSVC_OK;
}

csvc_status csvc_store_refresh(csvc_store *s, uint64_t *applied)
{
    if (!s)
        return cs_fail(NULL, CSVC_E_NULL, "store_refresh: store is NULL");
    if (!s->desk)
        return cs_fail(&s->err, CSVC_E_INVALID, "store_refresh: no desk attached");
    if (s->in_batch)
        return cs_fail(&s->err, CSVC_E_BUSY, "store_refresh: inside a batch");
    return pull(s, applied);
}

/* ---- batches -------------------------------------------------------------- */

csvc_status csvc_store_begin(csvc_store *s)
{
    if (!s)
        return cs_fail(NULL, CSVC_E_NULL, "store_begin: store is NULL");
    if (s->in_batch)
        return cs_fail(&s->err, CSVC_E_BUSY, "store_begin: a batch is already open");
    if (s->group_depth > 0)
        return cs_fail(&s->err, CSVC_E_BUSY, "store_begin: the desk has a group open");
    csvc_status rc = s->ops->begin(s->b, &s->err);
    if (rc != CSVC_OK)
        return rc;
    /* Catch up under the lock, so the batch cannot conflict. */
    if (s->desk && (rc = pull(s, NULL)) != CSVC_OK) {
        s->ops->rollback(s->b);
        return rc;
    }
    s->in_batch = 1;
    s->tail_cached = 0;
    s->batch_start_seq = s->loaded_seq;
    s->closing_batch = 1; /* the batch's own desk group needs no savepoint */
    if (s->desk && (rc = cs_desk_txn_begin(s->desk)) != CSVC_OK) {
        s->closing_batch = 0;
        s->in_batch = 0;
        s->ops->rollback(s->b);
        return rc;
    }
    s->closing_batch = 0;
    return CSVC_OK;
}

csvc_status csvc_store_commit(csvc_store *s)
{
    if (!s)
        return cs_fail(NULL, CSVC_E_NULL, "store_commit: store is NULL");
    if (!s->in_batch)
        return cs_fail(&s->err, CSVC_E_INVALID, "store_commit: no batch is open");
    if (s->group_depth > 0)
        return cs_fail(&s->err, CSVC_E_BUSY, "store_commit: the desk has a group open");
    csvc_status rc = record_head(s);
    if (rc == CSVC_OK)
        rc = s->ops->commit(s->b, &s->err);
    else
        s->ops->rollback(s->b);
    s->in_batch = 0;
    s->tail_cached = 0;
    s->closing_batch = 1;
    if (rc != CSVC_OK) {
        if (s->desk)
            cs_desk_txn_rollback(s->desk);
        s->loaded_seq = s->batch_start_seq;
    } else if (s->desk) {
        cs_desk_txn_commit(s->desk);
    }
    s->closing_batch = 0;
    return rc;
}

csvc_status csvc_store_rollback(csvc_store *s)
{
    if (!s)
        return cs_fail(NULL, CSVC_E_NULL, "store_rollback: store is NULL");
    if (!s->in_batch)
        return cs_fail(&s->err, CSVC_E_INVALID, "store_rollback: no batch is open");
    s->in_batch = 0;
    s->tail_cached = 0;
    s->ops->rollback(s->b);
    s->closing_batch = 1;
    if (s->desk)
        cs_desk_txn_rollback(s->desk);
    s->closing_batch = 0;
    s->group_depth = 0;
    s->loaded_seq = s->batch_start_seq;
    return CSVC_OK;
}

/* ---- verification and copies -------------------------------------------- */

typedef struct verify_ctx {
    csvc_store *s;
    uint64_t expected;
    uint8_t prev[CS_SHA256_SIZE];
    uint64_t first_bad;
} verify_ctx;

static int verify_one(const cs_stored_event *e, void *user_data)
{
    verify_ctx *c = user_data;
    if (e->seq != c->expected) {
        c->first_bad = c->expected;
        return cs_fail(&c->s->err, CSVC_E_CORRUPT,
                       "store: event %llu is missing (removed); the next stored is %llu",
                       (unsigned long long)c->expected, (unsigned long long)e->seq);
    }
    uint8_t hash[CS_SHA256_SIZE];
    cs_event_chain_hash(c->prev, e->seq, &e->event, hash);
    if (memcmp(hash, e->hash, sizeof hash) != 0) {
        c->first_bad = e->seq;
        return cs_fail(&c->s->err, CSVC_E_CORRUPT,
                       "store: event %llu was altered or reordered (its chain hash does not "
                       "match)",
                       (unsigned long long)e->seq);
    }
    memcpy(c->prev, e->hash, sizeof hash);
    c->expected++;
    return 0;
}

csvc_status csvc_store_verify(csvc_store *s, uint64_t *first_bad)
{
    if (!s)
        return cs_fail(NULL, CSVC_E_NULL, "store_verify: store is NULL");
    verify_ctx c = {s, 1, {0}, 0};
    csvc_status rc = s->ops->load_events(s->b, 0, verify_one, &c, &s->err);
    uint64_t head_seq = 0;
    uint8_t head[CS_SHA256_SIZE];
    int found = 0;
    if (rc == CSVC_OK)
        rc = s->ops->get_head(s->b, &head_seq, head, &found, &s->err);
    /* The walk cannot see the newest events removed: the head can. */
    if (rc == CSVC_OK && found && head_seq != c.expected - 1) {
        c.first_bad = c.expected;
        rc = cs_fail(&s->err, CSVC_E_CORRUPT,
                     "store: event %llu is missing (removed); the chain head says %llu events",
                     (unsigned long long)c.expected, (unsigned long long)head_seq);
    } else if (rc == CSVC_OK && found && memcmp(head, c.prev, sizeof head) != 0) {
        c.first_bad = head_seq;
        rc = cs_fail(&s->err, CSVC_E_CORRUPT,
                     "store: event %llu was altered (it does not match the chain head)",
                     (unsigned long long)head_seq);
    }
    if (first_bad)
        *first_bad = c.first_bad;
    return rc;
}

csvc_status csvc_store_event_count(csvc_store *s, uint64_t *out)
{
    if (!s || !out)
        return cs_fail(s ? &s->err : NULL, CSVC_E_NULL, "event_count: %s is NULL",
                       s ? "out" : "store");
    return s->ops->event_count(s->b, out, &s->err);
}

csvc_status csvc_store_backup(csvc_store *s, const char *path)
{
    if (!s || !path)
        return cs_fail(s ? &s->err : NULL, CSVC_E_NULL, "store_backup: %s is NULL",
                       s ? "path" : "store");
    return s->ops->backup(s->b, path, &s->err);
}

csvc_status csvc_store_export_events_csv(csvc_store *s, const char *path)
{
    if (!s || !path)
        return cs_fail(s ? &s->err : NULL, CSVC_E_NULL, "export_events_csv: %s is NULL",
                       s ? "path" : "store");
    if (!s->desk)
        return cs_fail(&s->err, CSVC_E_INVALID, "export_events_csv: no desk attached");
    csvc_status rc = pull(s, NULL);
    if (rc == CSVC_OK && (rc = csvc_desk_export_events_csv(s->desk, path)) != CSVC_OK)
        cs_fail(&s->err, rc, "%s", csvc_desk_errmsg(s->desk));
    return rc;
}
