/* The durable store: opening, batches, refresh, verification and copies.
 * The engines reach it through their journals (adapt_*.c); everything
 * database-specific is behind the backend interface (backend.h). */
#include "store_internal.h"

#include <string.h>

#include "version_check.h"

CS_DEFINE_INIT(csvc_store_options_init, csvc_store_options, CSVC_STORE_OPTIONS_INIT)

/* A key must match the one the store was made with; a store made without a
 * key cannot take one later (its rows are chained unkeyed). */
static csvc_status check_key(csvc_store *s, const char *path)
{
    char stored[80], mine[65];
    int found = 0;
    csvc_status rc = s->ops->get_meta(s->b, "key_check", stored, sizeof stored, &found, &s->err);
    if (rc != CSVC_OK)
        return rc;
    cs_chain_key_check(&s->key, mine);
    if (found && !s->key.keyed)
        return cs_fail(&s->err, CSVC_E_PERM, "store: %s is keyed: open it with its key", path);
    if (found)
        return strcmp(stored, mine) == 0
                   ? CSVC_OK
                   : cs_fail(&s->err, CSVC_E_PERM, "store: %s: the key does not match", path);
    if (!s->key.keyed)
        return CSVC_OK;
    if ((rc = cs_store_lock(s)) != CSVC_OK)
        return rc;
    if (s->tail.seq != 0) {
        cs_store_unlock(s, 0);
        return cs_fail(&s->err, CSVC_E_INVALID,
                       "store: %s was made without a key; its rows cannot take one", path);
    }
    rc = s->ops->set_meta(s->b, "key_check", mine, &s->err);
    csvc_status done = cs_store_unlock(s, rc == CSVC_OK);
    return rc != CSVC_OK ? rc : done;
}

csvc_status cs_store_open_backend(const cs_backend_ops *ops, const char *path,
                                  const csvc_store_options *options, csvc_store **out)
{
    if (!path || !out)
        return cs_fail(NULL, CSVC_E_NULL, "store_open: %s is NULL", path ? "out" : "path");
    csvc_store_options opt = CSVC_STORE_OPTIONS_INIT;
    if (options) {
        CS_RETURN_IF_BAD_VERSION(NULL, options->version, CSVC_STORE_OPTIONS_VERSION,
                                 "store_options:");
        /* Fields after those of the caller's version keep their defaults. */
        size_t size = options->version == 1 ? offsetof(csvc_store_options, key) : sizeof opt;
        memcpy(&opt, options, size);
    }
    if (opt.busy_timeout_ms < 0)
        return cs_fail(NULL, CSVC_E_RANGE, "store_options: busy_timeout_ms is negative");
    if (opt.sync != CSVC_SYNC_NORMAL && opt.sync != CSVC_SYNC_FULL)
        return cs_fail(NULL, CSVC_E_RANGE, "store_options: sync %d is not NORMAL (1) or FULL (2)",
                       (int)opt.sync);
    if (opt.key_size && !opt.key)
        return cs_fail(NULL, CSVC_E_NULL, "store_options: key is NULL with key_size %zu",
                       opt.key_size);
    cs_alloc alloc;
    csvc_status rc = cs_alloc_init(&alloc, opt.allocator, NULL);
    if (rc != CSVC_OK)
        return rc;
    csvc_store *s = cs_calloc(&alloc, 1, sizeof *s);
    if (!s)
        return cs_fail(NULL, CSVC_E_NOMEM, "store_open: out of memory");
    s->alloc = alloc;
    s->ops = ops;
    cs_chain_key_init(&s->key, opt.key, opt.key_size);
    cs_backend_config cfg = {&s->alloc, opt.busy_timeout_ms, opt.sync, opt.create != 0};
    if ((rc = s->ops->open(path, &cfg, &s->b, NULL)) != CSVC_OK) {
        cs_free(&alloc, s);
        return rc;
    }
    if ((rc = check_key(s, path)) != CSVC_OK) {
        cs_fail(NULL, rc, "%s", s->err.msg);
        s->ops->close(s->b);
        cs_free(&alloc, s);
        return rc;
    }
    *out = s;
    return CSVC_OK;
}

csvc_status csvc_store_open(const char *path, const csvc_store_options *options, csvc_store **out)
{
    return cs_store_open_backend(&cs_sqlite_backend, path, options, out);
}

void csvc_store_close(csvc_store *s)
{
    if (!s)
        return;
    if (s->in_batch)
        csvc_store_rollback(s);
    cs_store_detach_training(s);
    cs_store_detach_points(s);
    cs_store_detach_reviews(s);
    cs_store_detach_desk(s);
    cs_store_detach_roster(s);
    s->ops->close(s->b);
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

csvc_status cs_store_pull_all(csvc_store *s, uint64_t *applied)
{
    csvc_status rc = cs_store_pull_desk(s, applied); /* the roster first */
    for (size_t i = 0; i < s->nreviews && rc == CSVC_OK; i++)
        rc = cs_store_pull_review(s, s->reviews[i]);
    if (rc == CSVC_OK && s->points)
        rc = cs_store_pull_points(s);
    if (rc == CSVC_OK && s->training)
        rc = cs_store_pull_training(s);
    return rc;
}

csvc_status csvc_store_refresh(csvc_store *s, uint64_t *applied)
{
    if (!s)
        return cs_fail(NULL, CSVC_E_NULL, "store_refresh: store is NULL");
    if (!s->desk && !s->roster && !s->points && !s->training)
        return cs_fail(&s->err, CSVC_E_INVALID, "store_refresh: nothing attached");
    if (s->in_batch || s->locked)
        return cs_fail(&s->err, CSVC_E_BUSY, "store_refresh: inside a batch");
    return cs_store_pull_all(s, applied);
}

/* ---- batches -------------------------------------------------------------- */

csvc_status csvc_store_begin(csvc_store *s)
{
    if (!s)
        return cs_fail(NULL, CSVC_E_NULL, "store_begin: store is NULL");
    if (s->in_batch)
        return cs_fail(&s->err, CSVC_E_BUSY, "store_begin: a batch is already open");
    if (s->locked)
        return cs_fail(&s->err, CSVC_E_BUSY, "store_begin: the desk has a group open");
    csvc_status rc = cs_store_lock(s);
    if (rc != CSVC_OK)
        return rc;
    /* Catch up under the lock, so the batch cannot conflict. */
    if ((rc = cs_store_pull_all(s, NULL)) != CSVC_OK) {
        cs_store_unlock(s, 0);
        return rc;
    }
    cs_store_save_cursors(s);
    s->in_batch = 1;
    /* The batch's own desk group (to undo the batch in memory) needs no
     * savepoint: the journal stands aside while it opens and closes. */
    s->opening_batch = 1;
    if (s->desk && (rc = cs_desk_txn_begin(s->desk)) != CSVC_OK) {
        s->opening_batch = 0;
        s->in_batch = 0;
        cs_store_unlock(s, 0);
        return rc;
    }
    s->opening_batch = 0;
    return CSVC_OK;
}

static void close_batch(csvc_store *s, int commit)
{
    s->in_batch = 0;
    s->group_depth = 0;
    s->opening_batch = 1;
    if (s->desk) {
        if (commit)
            cs_desk_txn_commit(s->desk);
        else
            cs_desk_txn_rollback(s->desk);
    }
    s->opening_batch = 0;
}

csvc_status csvc_store_commit(csvc_store *s)
{
    if (!s)
        return cs_fail(NULL, CSVC_E_NULL, "store_commit: store is NULL");
    if (!s->in_batch)
        return cs_fail(&s->err, CSVC_E_INVALID, "store_commit: no batch is open");
    if (s->group_depth > 0)
        return cs_fail(&s->err, CSVC_E_BUSY, "store_commit: the desk has a group open");
    csvc_status rc = cs_store_unlock(s, 1);
    close_batch(s, rc == CSVC_OK);
    return rc;
}

csvc_status csvc_store_rollback(csvc_store *s)
{
    if (!s)
        return cs_fail(NULL, CSVC_E_NULL, "store_rollback: store is NULL");
    if (!s->in_batch)
        return cs_fail(&s->err, CSVC_E_INVALID, "store_rollback: no batch is open");
    cs_store_unlock(s, 0);
    close_batch(s, 0);
    return CSVC_OK;
}

/* ---- verification ----------------------------------------------------------- */

typedef struct verify_ctx {
    csvc_store *s;
    uint64_t expected;
    uint8_t prev[CS_SHA256_SIZE];
    uint64_t first_bad;
    uint64_t anchor_seq; /* 0: no anchor */
    const uint8_t *anchor_hash;
    int anchor_seen;
} verify_ctx;

static const char *kind_name(cs_row_kind kind)
{
    static const char *const names[CS_ROW_KIND_COUNT] = {
        "row",    "team",   "agent",           "event", "desk configuration",
        "review", "rating", "objective value", "incentive plan", "approved statement",
        "points movement", "training change",
    };
    return (unsigned)kind < CS_ROW_KIND_COUNT ? names[kind] : "row";
}

static int verify_one(const cs_row *row, void *user_data)
{
    verify_ctx *c = user_data;
    if (row->seq != c->expected) {
        c->first_bad = c->expected;
        return cs_fail(&c->s->err, CSVC_E_CORRUPT,
                       "store: row %llu is missing (removed); the next stored is %llu (%s)",
                       (unsigned long long)c->expected, (unsigned long long)row->seq,
                       kind_name(row->kind));
    }
    uint8_t hash[CS_SHA256_SIZE];
    cs_row_hash(&c->s->key, c->prev, row, hash);
    if (memcmp(hash, row->hash, sizeof hash) != 0) {
        c->first_bad = row->seq;
        return cs_fail(&c->s->err, CSVC_E_CORRUPT,
                       "store: %s %llu was altered or reordered (its chain hash does not match)",
                       kind_name(row->kind), (unsigned long long)row->seq);
    }
    if (row->seq == c->anchor_seq) {
        c->anchor_seen = 1;
        if (memcmp(row->hash, c->anchor_hash, CS_SHA256_SIZE) != 0) {
            c->first_bad = row->seq;
            return cs_fail(&c->s->err, CSVC_E_CORRUPT,
                           "store: row %llu does not match the anchor: the chain was rewritten",
                           (unsigned long long)row->seq);
        }
    }
    memcpy(c->prev, row->hash, sizeof hash);
    c->expected++;
    return 0;
}

/* The walk cannot see the newest rows removed: the head (with its MAC) can. */
static csvc_status check_head(verify_ctx *c)
{
    csvc_store *s = c->s;
    cs_head head;
    int found = 0;
    csvc_status rc = s->ops->get_head(s->b, &head, &found, &s->err);
    if (rc != CSVC_OK)
        return rc;
    uint64_t last = c->expected - 1;
    uint8_t mac[CS_SHA256_SIZE];
    if (!found) {
        c->first_bad = last + 1;
        return cs_fail(&s->err, CSVC_E_CORRUPT, "store: the chain head record is missing");
    }
    if (head.seq != last) {
        c->first_bad = last + 1;
        return cs_fail(&s->err, CSVC_E_CORRUPT,
                       "store: row %llu is missing (removed); the chain head says %llu rows",
                       (unsigned long long)last + 1, (unsigned long long)head.seq);
    }
    if (memcmp(head.hash, c->prev, sizeof c->prev) != 0) {
        c->first_bad = head.seq;
        return cs_fail(&s->err, CSVC_E_CORRUPT,
                       "store: row %llu was altered (it does not match the chain head)",
                       (unsigned long long)head.seq);
    }
    cs_head_mac(&s->key, head.seq, head.hash, mac);
    if (head.seq && memcmp(head.mac, mac, sizeof mac) != 0) {
        c->first_bad = head.seq;
        return cs_fail(&s->err, CSVC_E_CORRUPT,
                       "store: the chain head was rewritten (its MAC does not match)");
    }
    if (c->anchor_seq && !c->anchor_seen) {
        c->first_bad = last + 1;
        return cs_fail(&s->err, CSVC_E_CORRUPT,
                       "store: row %llu of the anchor is missing: the newest rows were removed",
                       (unsigned long long)c->anchor_seq);
    }
    return CSVC_OK;
}

static csvc_status verify(csvc_store *s, uint64_t anchor_seq, const uint8_t *anchor_hash,
                          uint64_t *first_bad)
{
    verify_ctx c = {s, 1, {0}, 0, anchor_seq, anchor_hash, 0};
    /* One snapshot for the rows and the head: a writer committing meanwhile
     * does not make a healthy store look tampered with. */
    csvc_status rc = s->locked ? CSVC_OK : s->ops->read_begin(s->b, &s->err);
    if (rc == CSVC_OK) {
        rc = s->ops->check_structure(s->b, &s->err);
        if (rc == CSVC_OK)
            rc = s->ops->load(s->b, CS_ROWS_ALL, 0, NULL, verify_one, &c, &s->err);
        if (rc == CSVC_OK)
            rc = check_head(&c);
        if (!s->locked)
            s->ops->read_end(s->b);
    }
    if (first_bad)
        *first_bad = c.first_bad;
    return rc;
}

csvc_status csvc_store_verify(csvc_store *s, uint64_t *first_bad)
{
    if (!s)
        return cs_fail(NULL, CSVC_E_NULL, "store_verify: store is NULL");
    return verify(s, 0, NULL, first_bad);
}

csvc_status csvc_store_verify_anchor(csvc_store *s, uint64_t seq,
                                     const uint8_t hash[CSVC_STORE_HASH_SIZE], uint64_t *first_bad)
{
    if (!s || !hash)
        return cs_fail(s ? &s->err : NULL, CSVC_E_NULL, "verify_anchor: %s is NULL",
                       s ? "hash" : "store");
    if (seq == 0)
        return cs_fail(&s->err, CSVC_E_RANGE, "verify_anchor: seq 0 names no row");
    return verify(s, seq, hash, first_bad);
}

csvc_status csvc_store_head(csvc_store *s, uint64_t *seq, uint8_t hash[CSVC_STORE_HASH_SIZE])
{
    if (!s || !seq || !hash)
        return cs_fail(s ? &s->err : NULL, CSVC_E_NULL, "store_head: %s is NULL",
                       !s     ? "store"
                       : !seq ? "seq"
                              : "hash");
    cs_head head;
    int found = 0;
    csvc_status rc = s->ops->get_head(s->b, &head, &found, &s->err);
    if (rc == CSVC_OK && !found)
        rc = cs_fail(&s->err, CSVC_E_CORRUPT, "store: the chain head record is missing");
    if (rc != CSVC_OK)
        return rc;
    *seq = head.seq;
    memcpy(hash, head.hash, CS_SHA256_SIZE);
    return CSVC_OK;
}

/* ---- counts and copies ------------------------------------------------------ */

csvc_status csvc_store_event_count(csvc_store *s, uint64_t *out)
{
    if (!s || !out)
        return cs_fail(s ? &s->err : NULL, CSVC_E_NULL, "event_count: %s is NULL",
                       s ? "out" : "store");
    return s->ops->count(s->b, CS_ROW_EVENT, out, &s->err);
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
    if (s->in_batch || s->locked)
        return cs_fail(&s->err, CSVC_E_BUSY, "export_events_csv: inside a batch");
    csvc_status rc = cs_store_pull_desk(s, NULL);
    if (rc == CSVC_OK && (rc = csvc_desk_export_events_csv(s->desk, path)) != CSVC_OK)
        cs_fail(&s->err, rc, "%s", csvc_desk_errmsg(s->desk));
    return rc;
}
