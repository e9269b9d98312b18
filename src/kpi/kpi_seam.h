/* What the other modules (the store) may use of the KPI engine beyond
 * csvc/kpi.h: a review's journal, its individual ratings (never public:
 * anonymity) and the calls that rebuild a stored review. */
#ifndef CS_KPI_SEAM_H
#define CS_KPI_SEAM_H

#include "csvc/kpi.h"
#include "journal.h"

#include <stddef.h>
#include <stdint.h>

/* One stored rating, for the durable store. Strings are owned by the
 * review and valid until it changes. */
typedef struct cs_kpi_rating_rec {
    const char *rater_id;
    const char *ratee_id;
    const char *kpi_id;
    csvc_rater_group group;
    double value; /* on the KPI's scale */
    int64_t time;
} cs_kpi_rating_rec;

/* Every rating of the review, hidden ones included, in storage order (by
 * block of ratees, then first submission; a replacement keeps its
 * predecessor's place). `fn` returning non-zero stops the walk, and that
 * value is returned. FOR INTERNAL USE ONLY: never expose through the
 * public API. */
typedef int (*cs_kpi_rating_fn)(const cs_kpi_rating_rec *rating, void *user_data);
int cs_kpi_review_foreach_rating(const csvc_kpi_review *r, cs_kpi_rating_fn fn, void *user_data);
size_t cs_kpi_review_rating_total(const csvc_kpi_review *r);
/* The index-th rating in storage order (O(number of blocks)). */
void cs_kpi_review_rating_get(const csvc_kpi_review *r, size_t index, cs_kpi_rating_rec *out);
/* Restores a stored rating while rebuilding a review: the rater rules that
 * depend on the roster are not checked (it may have changed since; self
 * ratings still come only from the ratee and only in the self group), the
 * callback is not called, the closed flag is ignored; ids, KPI, group,
 * scale and time order are checked as for csvc_kpi_review_rate(). */
csvc_status cs_kpi_review_restore_rating(csvc_kpi_review *r, const csvc_kpi_rating *rating);
/* Restores a stored objective value (NaN: none) while rebuilding a review,
 * checked as by csvc_kpi_review_set_objective() but for the closed flag;
 * the callback is not called. */
csvc_status cs_kpi_review_restore_objective(csvc_kpi_review *r, const char *agent_id,
                                            const char *kpi_id, double value);
/* Marks a rebuilt review closed without calling the callback. */
void cs_kpi_review_restore_closed(csvc_kpi_review *r);
/* A rebuild is all or nothing: begin records what a review without
 * ratings holds (objective values, the closed flag), abort drops every
 * restored rating and puts that back, end forgets the record. */
typedef struct cs_kpi_restore_mark {
    double *objective; /* copy of the objective table, or NULL when empty */
    size_t cells;
    int32_t closed;
} cs_kpi_restore_mark;
csvc_status cs_kpi_review_restore_begin(csvc_kpi_review *r, cs_kpi_restore_mark *m);
void cs_kpi_review_restore_abort(csvc_kpi_review *r, cs_kpi_restore_mark *m);
void cs_kpi_review_restore_end(csvc_kpi_review *r, cs_kpi_restore_mark *m);
/* The objective value of (roster agent, KPI index); NaN when none. */
double cs_kpi_review_objective(const csvc_kpi_review *r, size_t agent, size_t kpi);

/* ---- the journal (util/journal.h) ----------------------------------------- */

/* What the journal is told with each csvc_kpi_review_change kind. */
typedef struct cs_kpi_change {
    /* RATING_ADDED, RATING_REPLACED, RATINGS_IMPORTED: the ratings as they
     * now stand (a rating submitted twice in an import appears twice) */
    const cs_kpi_rating_rec *ratings;
    size_t nratings;
    /* OBJECTIVES_SET of one value: the agent and KPI; NULL for a table */
    const char *agent_id, *kpi_id;
    /* OBJECTIVES_SET of a table: the objective values before it, so only
     * changed values need storing: before[agent * n + j] for roster agent
     * `agent` and the j-th objective KPI of the model (in model order) of
     * n; NULL when the model has no objective KPI */
    const double *before;
} cs_kpi_change;

cs_journal *cs_kpi_review_journal(csvc_kpi_review *r);
/* The roster the review rates. */
const csvc_roster *cs_kpi_review_roster(const csvc_kpi_review *r);

#endif
