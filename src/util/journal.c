/* The journal protocol (journal.h). */
#include "journal.h"

void cs_journal_attach(cs_journal *j, const cs_journal_ops *ops, void *sink)
{
    j->ops = ops;
    j->sink = sink;
}

void cs_journal_detach(cs_journal *j)
{
    j->ops = NULL;
    j->sink = NULL;
}

csvc_status cs_journal_open(cs_journal *j)
{
    if (!cs_journal_active(j) || j->depth > 0)
        return CSVC_OK;
    csvc_status rc = j->ops->on_group_begin(j->sink, CS_JOURNAL_SINGLE);
    j->single = rc == CSVC_OK;
    return rc;
}

csvc_status cs_journal_change(cs_journal *j, int kind, const void *detail)
{
    return cs_journal_active(j) ? j->ops->on_change(j->sink, kind, detail) : CSVC_OK;
}

csvc_status cs_journal_close(cs_journal *j, int commit)
{
    if (!j->single || !cs_journal_active(j))
        return CSVC_OK;
    j->single = 0;
    return j->ops->on_group_end(j->sink, CS_JOURNAL_SINGLE, commit);
}

void cs_journal_refused(cs_journal *j, int kind, const void *detail)
{
    if (cs_journal_active(j) && j->ops->on_refused)
        j->ops->on_refused(j->sink, kind, detail);
}

csvc_status cs_journal_group_begin(cs_journal *j)
{
    if (cs_journal_active(j)) {
        csvc_status rc = j->ops->on_group_begin(j->sink, j->depth);
        if (rc != CSVC_OK)
            return rc;
    }
    j->depth++;
    return CSVC_OK;
}

csvc_status cs_journal_group_end(cs_journal *j, int commit)
{
    j->depth--;
    return cs_journal_active(j) ? j->ops->on_group_end(j->sink, j->depth, commit) : CSVC_OK;
}

void cs_journal_engine_freed(cs_journal *j)
{
    if (j->ops && j->ops->on_detach)
        j->ops->on_detach(j->sink);
    cs_journal_detach(j);
}

csvc_status cs_callback_status(csvc_status rc)
{
    if (rc > 0 || !csvc_status_name(rc))
        return CSVC_E_INVALID;
    return rc;
}
