/* The store's handle, shared by its files (store.c: roster, desk, batches,
 * verification; store_review.c: KPI reviews). */
#ifndef CS_STORE_INTERNAL_H
#define CS_STORE_INTERNAL_H

#if !defined(CS_MODULE_STORE) && !defined(CS_WHITEBOX)
#error "store_internal.h is private to src/store: other modules use store_seam.h or csvc/store.h"
#endif

#include "backend.h"
#include "desk_internal.h"
#include "roster_internal.h"

struct csvc_store {
    cs_alloc alloc;
    cs_errbuf err;
    const cs_backend_ops *ops;
    cs_backend *b;
    csvc_roster *roster;
    csvc_desk *desk;
    /* Every stored event with seq <= loaded_seq is in the desk. Events this
     * process appended beyond it (while others had appended too) are listed
     * in `own`, so a refresh skips them. */
    uint64_t loaded_seq;
    uint64_t *own;
    size_t nown, cap_own;
    int in_batch;
    uint64_t batch_start_seq;
    int group_depth; /* open desk groups (imports, auto-close) in SQL */
    /* The newest stored event while this process holds the write lock (a
     * batch or a group): saves a query per appended event. */
    int tail_cached;
    uint64_t tail_seq;
    uint8_t tail_hash[CS_SHA256_SIZE];
    int closing_batch; /* the batch's own group: the hooks stand aside */
    csvc_kpi_review **reviews; /* attached reviews, detached on close */
    size_t nreviews, cap_reviews;
    int replaying;     /* applying stored events: do not write them back */
    int needs_refresh; /* a version conflict was found */
};

/* Detaches every attached review (store close). */
void cs_store_detach_reviews(csvc_store *s);

#endif
