/* The training plan in the store: every change (a course, a requirement,
 * a session, an enrolment, a record, a completion, a promotion rule) is a
 * row committed as it happens. Like a review change, it first catches up,
 * under the write lock, with the roster and the training rows other
 * processes stored, so its checks (capacity, time order, prerequisites)
 * see them all. */
#include "store_internal.h"

#include <string.h>

/* ---- the journal ---------------------------------------------------------- */

static csvc_status on_change(void *sink, int kind, const void *detail)
{
    csvc_store *s = sink;
    if (s->replaying)
        return CSVC_OK;
    if (kind != CS_TRAINING_CHANGED)
        return cs_fail(&s->err, CSVC_E_INVALID, "store: unknown training change %d", kind);
    cs_row row;
    memset(&row, 0, sizeof row);
    row.kind = CS_ROW_TRAINING;
    row.u.training.body = detail;
    return cs_store_append(s, &s->training_cursor, &row);
}

static csvc_status catch_up(csvc_store *s, void *unused)
{
    (void)unused;
    csvc_status rc = cs_store_pull_roster(s);
    return rc == CSVC_OK ? cs_store_pull_training(s) : rc;
}

static csvc_status on_group_begin(void *sink, int depth)
{
    return depth > 0 ? CSVC_OK : cs_store_begin_change(sink, "training change", catch_up, NULL);
}

static csvc_status on_group_end(void *sink, int depth, int commit)
{
    csvc_store *s = sink;
    return depth > 0 ? CSVC_OK : cs_store_unlock(s, commit);
}

static void on_detach(void *sink)
{
    csvc_store *s = sink;
    cs_cursor_free(s, &s->training_cursor);
    s->training = NULL;
}

static const cs_journal_ops training_journal = {on_change, NULL, on_group_begin, on_group_end,
                                                on_detach};

void cs_store_detach_training(csvc_store *s)
{
    if (!s->training)
        return;
    cs_journal_detach(cs_training_journal(s->training));
    on_detach(s);
}

/* ---- rows -> plan ------------------------------------------------------------ */

static int apply_row(const cs_row *row, void *user_data)
{
    csvc_store *s = user_data;
    cs_journal *j = cs_training_journal(s->training);
    int was = j->muted;
    j->muted = 1; /* replayed through the public calls, unjournaled */
    csvc_status rc = cs_training_apply(s->training, row->u.training.body);
    j->muted = was;
    if (rc == CSVC_OK)
        return 0;
    return cs_fail(&s->err, CSVC_E_CORRUPT, "store: stored training change %llu does not apply: %s",
                   (unsigned long long)row->seq, csvc_training_errmsg(s->training));
}

csvc_status cs_store_pull_training(csvc_store *s)
{
    return cs_store_pull_rows(s, &s->training_cursor, CS_ROWS(CS_ROW_TRAINING), NULL, apply_row,
                              s);
}

/* ---- attaching ------------------------------------------------------------------ */

csvc_status csvc_store_attach_training(csvc_store *s, csvc_training *training)
{
    if (!s || !training)
        return cs_fail(s ? &s->err : NULL, CSVC_E_NULL, "attach_training: %s is NULL",
                       s ? "training" : "store");
    if (s->training)
        return cs_fail(&s->err, CSVC_E_EXISTS, "attach_training: a training plan is attached");
    if (!s->roster || cs_training_roster(training) != s->roster)
        return cs_fail(&s->err, CSVC_E_INVALID,
                       "attach_training: attach the training plan's roster to the store first");
    if (cs_training_journal(training)->ops)
        return cs_fail(&s->err, CSVC_E_INVALID,
                       "attach_training: the training plan is attached to a store");
    if (!cs_training_is_empty(training))
        return cs_fail(&s->err, CSVC_E_CONFLICT,
                       "attach_training: attach an empty training plan (the database's is loaded "
                       "into it, and every later change is stored)");
    if (s->in_batch || s->locked)
        return cs_fail(&s->err, CSVC_E_BUSY, "attach_training: inside a batch");
    s->training = training;
    memset(&s->training_cursor, 0, sizeof s->training_cursor);
    csvc_status rc = catch_up(s, NULL);
    if (rc != CSVC_OK) {
        cs_cursor_free(s, &s->training_cursor);
        s->training = NULL;
        return rc;
    }
    cs_journal_attach(cs_training_journal(training), &training_journal, s);
    return CSVC_OK;
}
