/* KPI reviews in the store: a review collects ratings over days, so its
 * creation, every rating, every objective value and its closing are rows
 * committed as they happen. Like roster changes, a review change first
 * catches up, under the write lock, with what other processes stored for
 * that review (their ratings, their closing) and is checked against that:
 * no process's ratings replace another's wholesale, and a review closed
 * anywhere refuses ratings everywhere. */
#include "store_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- engine -> rows ------------------------------------------------------- */

static csvc_status put_rating(cs_attached_review *a, const cs_kpi_rating_rec *x)
{
    cs_row row;
    memset(&row, 0, sizeof row);
    row.kind = CS_ROW_RATING;
    row.u.rating.review = csvc_kpi_review_id(a->review);
    csvc_kpi_rating *r = &row.u.rating.rating;
    r->version = CSVC_KPI_RATING_VERSION;
    r->rater_id = x->rater_id;
    r->ratee_id = x->ratee_id;
    r->kpi_id = x->kpi_id;
    r->group = x->group;
    r->value = x->value;
    r->time = x->time;
    return cs_store_append(a->store, &a->cursor, &row);
}

static csvc_status put_objective(cs_attached_review *a, const char *agent, const char *kpi,
                                 double value)
{
    cs_row row;
    memset(&row, 0, sizeof row);
    row.kind = CS_ROW_OBJECTIVE;
    row.u.objective = (cs_objective_row){csvc_kpi_review_id(a->review), agent, kpi, value};
    return cs_store_append(a->store, &a->cursor, &row);
}

static csvc_status put_review(cs_attached_review *a, int closed)
{
    csvc_store *s = a->store;
    const csvc_kpi_review *r = a->review;
    const csvc_kpi_model *m = csvc_kpi_review_model(r);
    char *json = NULL;
    size_t len;
    /* The creation row carries the model document, for a reader of the
     * database; the closing row names the review only. */
    if (!closed && csvc_kpi_model_export_json_buffer(m, &json, &len) != CSVC_OK)
        return cs_fail(&s->err, CSVC_E_NOMEM, "store: review '%s': %s", csvc_kpi_review_id(r),
                       csvc_last_errmsg());
    cs_row row;
    memset(&row, 0, sizeof row);
    row.kind = CS_ROW_REVIEW;
    cs_review_row *v = &row.u.review;
    v->id = csvc_kpi_review_id(r);
    csvc_kpi_review_period(r, &v->period);
    v->model_version = csvc_kpi_model_version(m);
    v->model_json = json;
    v->closed = closed;
    csvc_status rc = cs_store_append(s, &a->cursor, &row);
    csvc_free(json);
    return rc;
}

static int put_one_rating(const cs_kpi_rating_rec *x, void *user_data)
{
    return put_rating(user_data, x);
}

static int same_value(double a, double b)
{
    return isnan(a) ? isnan(b) : a == b;
}

/* The objective values of the review that differ from `before` (NULL:
 * every value there is); `before` holds one row of the objective KPIs per
 * roster agent (kpi_seam.h). */
static csvc_status put_objectives(cs_attached_review *a, const double *before)
{
    const csvc_kpi_model *m = csvc_kpi_review_model(a->review);
    const csvc_roster *ro = cs_kpi_review_roster(a->review);
    size_t nkpis = csvc_kpi_model_kpi_count(m), nagents = csvc_roster_agent_count(ro);
    size_t nobjective = 0, j = 0;
    csvc_kpi_def def;
    for (size_t k = 0; k < nkpis; k++)
        if (csvc_kpi_model_kpi_at(m, k, &def) == CSVC_OK && def.source == CSVC_KPI_OBJECTIVE)
            nobjective++;
    for (size_t k = 0; k < nkpis; k++) {
        if (csvc_kpi_model_kpi_at(m, k, &def) != CSVC_OK || def.source != CSVC_KPI_OBJECTIVE)
            continue;
        for (size_t ag = 0; ag < nagents; ag++) {
            double now = cs_kpi_review_objective(a->review, ag, k);
            double was = before ? before[ag * nobjective + j] : NAN;
            if (same_value(now, was))
                continue;
            csvc_status rc = put_objective(a, cs_roster_agent_id(ro, (uint32_t)ag), def.id, now);
            if (rc != CSVC_OK)
                return rc;
        }
        j++;
    }
    return CSVC_OK;
}

static csvc_status on_change(void *sink, int kind, const void *detail)
{
    cs_attached_review *a = sink;
    if (a->store->replaying)
        return CSVC_OK;
    const cs_kpi_change *c = detail;
    switch ((csvc_kpi_review_change)kind) {
    case CSVC_KPI_RATING_ADDED:
    case CSVC_KPI_RATING_REPLACED:
    case CSVC_KPI_RATINGS_IMPORTED:
        for (size_t i = 0; i < c->nratings; i++) {
            csvc_status rc = put_rating(a, &c->ratings[i]);
            if (rc != CSVC_OK)
                return rc;
        }
        return CSVC_OK;
    case CSVC_KPI_OBJECTIVES_SET:
        if (c->agent_id) {
            size_t agent, kpi;
            csvc_roster_agent_index(cs_kpi_review_roster(a->review), c->agent_id, &agent);
            csvc_kpi_model_find_kpi(csvc_kpi_review_model(a->review), c->kpi_id, &kpi);
            return put_objective(a, c->agent_id, c->kpi_id,
                                 cs_kpi_review_objective(a->review, agent, kpi));
        }
        return c->before ? put_objectives(a, c->before) : CSVC_OK;
    case CSVC_KPI_REVIEW_CLOSED:
        return put_review(a, 1);
    }
    return cs_fail(&a->store->err, CSVC_E_INVALID, "store: unknown review change %d", kind);
}

/* A review change: take the lock and catch up with this review's rows
 * (and the roster's) before the review checks the change. */
static csvc_status catch_up(csvc_store *s, void *review)
{
    csvc_status rc = cs_store_pull_roster(s);
    return rc == CSVC_OK ? cs_store_pull_review(s, review) : rc;
}

static csvc_status on_group_begin(void *sink, int depth)
{
    (void)depth; /* reviews have no groups: every change is single */
    cs_attached_review *a = sink;
    return cs_store_begin_change(a->store, "review change", catch_up, a);
}

static csvc_status on_group_end(void *sink, int depth, int commit)
{
    (void)depth;
    cs_attached_review *a = sink;
    return cs_store_unlock(a->store, commit);
}

static void forget(csvc_store *s, cs_attached_review *a)
{
    for (size_t i = 0; i < s->nreviews; i++) {
        if (s->reviews[i] == a) {
            memmove(&s->reviews[i], &s->reviews[i + 1], (s->nreviews - i - 1) * sizeof *s->reviews);
            s->nreviews--;
            break;
        }
    }
    cs_cursor_free(s, &a->cursor);
    cs_free(&s->alloc, a);
}

static void on_detach(void *sink)
{
    cs_attached_review *a = sink;
    forget(a->store, a);
}

static const cs_journal_ops review_journal = {on_change, NULL, on_group_begin, on_group_end,
                                              on_detach};

/* ---- rows -> engine ------------------------------------------------------- */

static int apply_row(const cs_row *row, void *user_data)
{
    cs_attached_review *a = user_data;
    csvc_kpi_review *r = a->review;
    csvc_status rc = CSVC_OK;
    switch (row->kind) {
    case CS_ROW_RATING:
        rc = cs_kpi_review_restore_rating(r, &row->u.rating.rating);
        break;
    case CS_ROW_OBJECTIVE:
        rc = cs_kpi_review_restore_objective(r, row->u.objective.agent, row->u.objective.kpi,
                                             row->u.objective.value);
        break;
    default:
        if (row->u.review.closed)
            cs_kpi_review_restore_closed(r);
        break;
    }
    if (rc == CSVC_OK)
        return 0;
    return cs_fail(&a->store->err, CSVC_E_CORRUPT,
                   "store: stored row %llu of review '%s' does not apply: %s",
                   (unsigned long long)row->seq, csvc_kpi_review_id(r), csvc_kpi_review_errmsg(r));
}

csvc_status cs_store_pull_review(csvc_store *s, cs_attached_review *a)
{
    return cs_store_pull_rows(s, &a->cursor, CS_ROWS_REVIEW, csvc_kpi_review_id(a->review),
                              apply_row, a);
}

void cs_store_detach_reviews(csvc_store *s)
{
    while (s->nreviews) {
        cs_attached_review *a = s->reviews[s->nreviews - 1];
        cs_journal_detach(cs_kpi_review_journal(a->review));
        forget(s, a);
    }
    cs_free(&s->alloc, s->reviews);
    s->reviews = NULL;
    s->cap_reviews = 0;
}

/* ---- attaching ------------------------------------------------------------ */

/* The review's creation row in the database, if any. */
typedef struct found_review {
    int found;
    csvc_period period;
    char version[128];
} found_review;

static int first_review_row(const cs_row *row, void *user_data)
{
    found_review *f = user_data;
    if (row->kind != CS_ROW_REVIEW)
        return 0;
    f->found = 1;
    f->period = row->u.review.period;
    snprintf(f->version, sizeof f->version, "%s",
             row->u.review.model_version ? row->u.review.model_version : "");
    return 1; /* the first is enough */
}

static csvc_status check_stored(csvc_store *s, const csvc_kpi_review *r, const found_review *f)
{
    csvc_period period;
    csvc_kpi_review_period(r, &period);
    const char *version = csvc_kpi_model_version(csvc_kpi_review_model(r));
    if (cs_kpi_review_rating_total(r) > 0)
        return cs_fail(&s->err, CSVC_E_CONFLICT,
                       "attach_review: review '%s' is in the database; attach an empty review",
                       csvc_kpi_review_id(r));
    if (f->period.start != period.start || f->period.end != period.end ||
        strcmp(f->version, version) != 0)
        return cs_fail(&s->err, CSVC_E_CONFLICT,
                       "attach_review: review '%s' is stored with another period or model "
                       "version ('%s')",
                       csvc_kpi_review_id(r), f->version);
    return CSVC_OK;
}

static csvc_status find_stored(csvc_store *s, const char *id, found_review *f)
{
    csvc_status rc = s->ops->load(s->b, CS_ROWS(CS_ROW_REVIEW), 0, id, first_review_row, f,
                                  &s->err);
    return rc == 1 ? CSVC_OK : rc;
}

/* Writes a review the database does not hold; *f says when, under the
 * lock, another process turned out to have written it first. */
static csvc_status save_new(cs_attached_review *a, found_review *f)
{
    csvc_store *s = a->store;
    csvc_status rc = cs_store_lock(s);
    if (rc == CSVC_OK)
        rc = find_stored(s, csvc_kpi_review_id(a->review), f);
    if (rc != CSVC_OK || f->found) {
        cs_store_unlock(s, 0);
        return rc;
    }
    cs_cursor_sync(s, &a->cursor); /* nothing of this review is stored */
    rc = put_review(a, 0);
    if (rc == CSVC_OK)
        rc = (csvc_status)cs_kpi_review_foreach_rating(a->review, put_one_rating, a);
    if (rc == CSVC_OK)
        rc = put_objectives(a, NULL);
    if (rc == CSVC_OK && csvc_kpi_review_is_closed(a->review))
        rc = put_review(a, 1);
    csvc_status done = cs_store_unlock(s, rc == CSVC_OK);
    return rc != CSVC_OK ? rc : done;
}

csvc_status csvc_store_attach_review(csvc_store *s, csvc_kpi_review *review)
{
    if (!s || !review)
        return cs_fail(s ? &s->err : NULL, CSVC_E_NULL, "attach_review: %s is NULL",
                       s ? "review" : "store");
    if (!s->roster || cs_kpi_review_roster(review) != s->roster)
        return cs_fail(&s->err, CSVC_E_INVALID,
                       "attach_review: attach the review's roster to the store first");
    const char *id = csvc_kpi_review_id(review);
    for (size_t i = 0; i < s->nreviews; i++)
        if (s->reviews[i]->review == review ||
            strcmp(csvc_kpi_review_id(s->reviews[i]->review), id) == 0)
            return cs_fail(&s->err, CSVC_E_EXISTS, "attach_review: review '%s' is already attached",
                           id);
    if (cs_kpi_review_journal(review)->ops)
        return cs_fail(&s->err, CSVC_E_INVALID, "attach_review: the review is attached to a store");
    if (s->in_batch || s->locked)
        return cs_fail(&s->err, CSVC_E_BUSY, "attach_review: inside a batch");
    if (cs_grow(&s->alloc, (void **)&s->reviews, &s->cap_reviews, s->nreviews + 1,
                sizeof *s->reviews))
        return cs_fail(&s->err, CSVC_E_NOMEM, "attach_review: out of memory");
    cs_attached_review *a = cs_calloc(&s->alloc, 1, sizeof *a);
    if (!a)
        return cs_fail(&s->err, CSVC_E_NOMEM, "attach_review: out of memory");
    a->store = s;
    a->review = review;
    found_review f = {0, {0, 0}, ""};
    csvc_status rc = find_stored(s, id, &f);
    if (rc == CSVC_OK && !f.found)
        rc = save_new(a, &f);
    if (rc == CSVC_OK && f.found && (rc = check_stored(s, review, &f)) == CSVC_OK) {
        /* All or nothing: a row that does not apply leaves the review as given. */
        cs_kpi_restore_mark mark;
        if ((rc = cs_kpi_review_restore_begin(review, &mark)) != CSVC_OK)
            rc = cs_fail(&s->err, rc, "attach_review: out of memory");
        else if ((rc = cs_store_pull_review(s, a)) != CSVC_OK)
            cs_kpi_review_restore_abort(review, &mark);
        else
            cs_kpi_review_restore_end(review, &mark);
    }
    if (rc != CSVC_OK) {
        cs_cursor_free(s, &a->cursor);
        cs_free(&s->alloc, a);
        return rc;
    }
    s->reviews[s->nreviews++] = a;
    cs_journal_attach(cs_kpi_review_journal(review), &review_journal, a);
    return CSVC_OK;
}
