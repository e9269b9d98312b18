/* Appending rows under the write lock, and pulling other processes' rows
 * (store_internal.h). */
#include "store_internal.h"

#include <string.h>

static void each_cursor(csvc_store *s, void (*fn)(cs_cursor *))
{
    fn(&s->roster_cursor);
    fn(&s->desk_cursor);
    for (size_t i = 0; i < s->nreviews; i++)
        fn(&s->reviews[i]->cursor);
    fn(&s->points_cursor);
    fn(&s->training_cursor);
}

static void save_cursor(cs_cursor *c)
{
    c->saved_seq = c->seq;
    c->saved_nown = c->nown;
}

static void restore_cursor(cs_cursor *c)
{
    c->seq = c->saved_seq;
    c->nown = c->saved_nown;
}

csvc_status cs_store_lock(csvc_store *s)
{
    csvc_status rc = s->ops->begin(s->b, &s->err);
    if (rc != CSVC_OK)
        return rc;
    int found = 0;
    if ((rc = s->ops->get_head(s->b, &s->tail, &found, &s->err)) == CSVC_OK && !found)
        rc = cs_fail(&s->err, CSVC_E_CORRUPT, "store: the chain head record is missing");
    if (rc != CSVC_OK) {
        s->ops->rollback(s->b);
        return rc;
    }
    s->locked = 1;
    s->lock_count++;
    s->appended = 0;
    cs_store_save_cursors(s);
    return CSVC_OK;
}

void cs_store_save_cursors(csvc_store *s)
{
    each_cursor(s, save_cursor);
}

csvc_status cs_store_unlock(csvc_store *s, int commit)
{
    s->locked = 0;
    csvc_status rc = CSVC_OK;
    if (commit && s->appended) {
        cs_head_mac(&s->key, s->tail.seq, s->tail.hash, s->tail.mac);
        rc = s->ops->set_head(s->b, &s->tail, &s->err);
    }
    if (commit && rc == CSVC_OK && (rc = s->ops->commit(s->b, &s->err)) == CSVC_OK)
        return CSVC_OK;
    s->ops->rollback(s->b);
    each_cursor(s, restore_cursor);
    return rc;
}

csvc_status cs_store_begin_change(csvc_store *s, const char *what,
                                  csvc_status (*pull)(csvc_store *s, void *arg), void *arg)
{
    if (s->in_batch)
        return cs_fail(&s->err, CSVC_E_BUSY, "store: %ss are not allowed inside a batch", what);
    if (s->locked)
        return cs_fail(&s->err, CSVC_E_BUSY, "store: a %s inside another change's transaction",
                       what);
    csvc_status rc = cs_store_lock(s);
    if (rc == CSVC_OK && (rc = pull(s, arg)) != CSVC_OK) {
        cs_store_unlock(s, 0);
        return rc;
    }
    if (rc == CSVC_OK)
        cs_store_save_cursors(s);
    return rc;
}

csvc_status cs_store_append(csvc_store *s, cs_cursor *c, cs_row *row)
{
    int contiguous = c->seq == s->tail.seq || c->synced_lock == s->lock_count;
    if (!contiguous && cs_grow(&s->alloc, (void **)&c->own, &c->cap, c->nown + 1, sizeof *c->own))
        return cs_fail(&s->err, CSVC_E_NOMEM, "store: out of memory");
    row->seq = s->tail.seq + 1;
    cs_row_hash(&s->key, s->tail.hash, row, row->hash);
    csvc_status rc = s->ops->append(s->b, row, &s->err);
    if (rc != CSVC_OK)
        return rc;
    if (contiguous)
        c->seq = row->seq;
    else
        c->own[c->nown++] = row->seq;
    s->tail.seq = row->seq;
    memcpy(s->tail.hash, row->hash, sizeof row->hash);
    s->appended = 1;
    return CSVC_OK;
}

typedef struct pull_ctx {
    const cs_cursor *cursor;
    cs_row_fn fn;
    void *user_data;
    uint64_t last;
} pull_ctx;

static int is_own(const cs_cursor *c, uint64_t seq)
{
    size_t lo = 0, hi = c->nown;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->own[mid] < seq)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->nown && c->own[lo] == seq;
}

static int pull_one(const cs_row *row, void *user_data)
{
    pull_ctx *p = user_data;
    p->last = row->seq;
    return is_own(p->cursor, row->seq) ? 0 : p->fn(row, p->user_data);
}

csvc_status cs_store_pull_rows(csvc_store *s, cs_cursor *c, uint32_t kinds, const char *review,
                               cs_row_fn fn, void *user_data)
{
    pull_ctx p = {c, fn, user_data, c->seq};
    /* The rows and the head from one snapshot (the lock is one): every row
     * of these kinds up to the head is then applied or ours, and the cursor
     * can move to the head, past other kinds' rows. */
    cs_head head = s->tail;
    int found = 1;
    csvc_status rc = s->locked ? CSVC_OK : s->ops->read_begin(s->b, &s->err);
    if (rc != CSVC_OK)
        return rc;
    int was = s->replaying;
    s->replaying = 1;
    rc = s->ops->load(s->b, kinds, c->seq, review, pull_one, &p, &s->err);
    s->replaying = was;
    if (rc == CSVC_OK && !s->locked)
        rc = s->ops->get_head(s->b, &head, &found, &s->err);
    if (!s->locked)
        s->ops->read_end(s->b);
    if (rc != CSVC_OK)
        return rc;
    c->seq = found && head.seq > p.last ? head.seq : p.last;
    c->nown = 0;
    if (s->locked)
        c->synced_lock = s->lock_count;
    return CSVC_OK;
}

void cs_cursor_sync(csvc_store *s, cs_cursor *c)
{
    c->seq = s->tail.seq;
    c->nown = 0;
    c->synced_lock = s->lock_count;
}

void cs_cursor_free(csvc_store *s, cs_cursor *c)
{
    cs_free(&s->alloc, c->own);
    memset(c, 0, sizeof *c);
}
