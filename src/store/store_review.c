/* KPI reviews in the store: a review collects ratings over days, so every
 * rating, objective value and the closing are committed as they happen,
 * and attaching a review of a known id reloads what it had collected. */
#include "kpi_internal.h"
#include "store_internal.h"

#include <math.h>
#include <string.h>

/* Runs `save` in its own transaction (outside batches only: a batch
 * rollback could not undo the review in memory). */
static csvc_status in_transaction(csvc_store *s, csvc_status (*save)(csvc_store *, void *),
                                  void *arg)
{
    if (s->in_batch)
        return cs_fail(&s->err, CSVC_E_BUSY, "store: review changes are not allowed inside a batch");
    csvc_status rc = s->ops->begin(s->b, &s->err);
    if (rc != CSVC_OK)
        return rc;
    if ((rc = save(s, arg)) != CSVC_OK) {
        s->ops->rollback(s->b);
        return rc;
    }
    return s->ops->commit(s->b, &s->err);
}

typedef struct rating_ctx {
    csvc_store *s;
    const char *review;
    csvc_status rc;
} rating_ctx;

static int put_stored_rating(const cs_kpi_rating_rec *rec, void *user_data)
{
    rating_ctx *c = user_data;
    csvc_kpi_rating x = CSVC_KPI_RATING_INIT;
    x.rater_id = rec->rater_id;
    x.ratee_id = rec->ratee_id;
    x.kpi_id = rec->kpi_id;
    x.group = rec->group;
    x.value = rec->value;
    x.time = rec->time;
    c->rc = c->s->ops->rating_put(c->s->b, c->review, &x, &c->s->err);
    return c->rc != CSVC_OK;
}

static csvc_status save_all_ratings(csvc_store *s, const csvc_kpi_review *r)
{
    csvc_status rc = s->ops->ratings_clear(s->b, r->id, &s->err);
    if (rc != CSVC_OK)
        return rc;
    rating_ctx c = {s, r->id, CSVC_OK};
    cs_kpi_review_foreach_rating(r, put_stored_rating, &c);
    return c.rc;
}

/* Every objective cell of the review; NaN cells are removed. */
static csvc_status save_all_objectives(csvc_store *s, const csvc_kpi_review *r)
{
    const csvc_kpi_model *m = r->model;
    for (size_t a = 0; a < r->roster->nagents; a++) {
        for (size_t k = 0; k < m->nkpis; k++) {
            if (m->kpis[k].source != CSVC_KPI_OBJECTIVE)
                continue;
            csvc_status rc =
                s->ops->objective_put(s->b, r->id, r->roster->agents[a].id, m->kpis[k].id,
                                      cs_kpi_review_objective(r, a, k), &s->err);
            if (rc != CSVC_OK)
                return rc;
        }
    }
    return CSVC_OK;
}

static csvc_status save_review_row(csvc_store *s, const csvc_kpi_review *r)
{
    char *json = NULL;
    size_t len;
    csvc_status rc = csvc_kpi_model_export_json_buffer(r->model, &json, &len);
    if (rc != CSVC_OK)
        return cs_fail(&s->err, rc, "store: review '%s': %s", r->id, csvc_last_errmsg());
    cs_stored_review row = {r->id, r->period, r->model->version, json, r->closed};
    rc = s->ops->review_put(s->b, &row, &s->err);
    csvc_free(json);
    return rc;
}

/* The change the callback is told about, to save. */
typedef struct change_ctx {
    const csvc_kpi_review *review;
    csvc_kpi_review_change change;
    const char *ratee, *kpi;
} change_ctx;

static csvc_status save_change(csvc_store *s, void *arg)
{
    const change_ctx *c = arg;
    const csvc_kpi_review *r = c->review;
    switch (c->change) {
    case CSVC_KPI_RATING_ADDED:
    case CSVC_KPI_RATING_REPLACED: {
        const csvc_kpi_rating *x = cs_kpi_review_pending(r);
        return x ? s->ops->rating_put(s->b, r->id, x, &s->err) : save_all_ratings(s, r);
    }
    case CSVC_KPI_RATINGS_IMPORTED:
        return save_all_ratings(s, r);
    case CSVC_KPI_OBJECTIVES_SET:
        if (c->ratee && c->kpi) {
            uint32_t agent = cs_roster_find_agent(r->roster, c->ratee), kpi;
            if (agent != CS_NONE && cs_strmap_get(&r->model->kpi_ids, c->kpi, &kpi))
                return s->ops->objective_put(s->b, r->id, c->ratee, c->kpi,
                                             cs_kpi_review_objective(r, agent, kpi), &s->err);
        }
        return save_all_objectives(s, r);
    default: /* closed */
        return save_review_row(s, r);
    }
}

static csvc_status on_review_change(const csvc_kpi_review *review,
                                    csvc_kpi_review_change change, const char *ratee_id,
                                    const char *kpi_id, void *user_data)
{
    change_ctx c = {review, change, ratee_id, kpi_id};
    return in_transaction(user_data, save_change, &c);
}

static csvc_status save_new_review(csvc_store *s, void *arg)
{
    const csvc_kpi_review *r = arg;
    csvc_status rc = save_review_row(s, r);
    if (rc == CSVC_OK)
        rc = save_all_ratings(s, r);
    if (rc == CSVC_OK)
        rc = save_all_objectives(s, r);
    return rc;
}

typedef struct load_ctx {
    csvc_store *s;
    csvc_kpi_review *review;
} load_ctx;

static int load_rating(const csvc_kpi_rating *x, void *user_data)
{
    load_ctx *c = user_data;
    if (cs_kpi_review_restore_rating(c->review, x) == CSVC_OK)
        return 0;
    return cs_fail(&c->s->err, CSVC_E_CORRUPT, "store: stored rating does not load: %s",
                   csvc_kpi_review_errmsg(c->review));
}

static int load_objective(const char *agent, const char *kpi, double value, void *user_data)
{
    load_ctx *c = user_data;
    if (csvc_kpi_review_set_objective(c->review, agent, kpi, value) == CSVC_OK)
        return 0;
    return cs_fail(&c->s->err, CSVC_E_CORRUPT, "store: stored objective value does not load: %s",
                   csvc_kpi_review_errmsg(c->review));
}

static csvc_status load_review(csvc_store *s, csvc_kpi_review *r, const csvc_period *period,
                               const char *version, int32_t closed)
{
    if (cs_kpi_review_rating_total(r) > 0)
        return cs_fail(&s->err, CSVC_E_CONFLICT,
                       "attach_review: review '%s' is in the database; attach an empty review",
                       r->id);
    if (period->start != r->period.start || period->end != r->period.end ||
        strcmp(version, r->model->version) != 0)
        return cs_fail(&s->err, CSVC_E_CONFLICT,
                       "attach_review: review '%s' is stored with another period or model "
                       "version ('%s')",
                       r->id, version);
    load_ctx c = {s, r};
    csvc_status rc = s->ops->ratings_load(s->b, r->id, load_rating, &c, &s->err);
    if (rc == CSVC_OK)
        rc = s->ops->objectives_load(s->b, r->id, load_objective, &c, &s->err);
    if (rc == CSVC_OK && closed)
        cs_kpi_review_restore_closed(r);
    return rc;
}

csvc_status csvc_store_attach_review(csvc_store *s, csvc_kpi_review *review)
{
    if (!s || !review)
        return cs_fail(s ? &s->err : NULL, CSVC_E_NULL, "attach_review: %s is NULL",
                       s ? "review" : "store");
    if (!s->roster || review->roster != s->roster)
        return cs_fail(&s->err, CSVC_E_INVALID,
                       "attach_review: attach the review's roster to the store first");
    for (size_t i = 0; i < s->nreviews; i++)
        if (s->reviews[i] == review || strcmp(s->reviews[i]->id, review->id) == 0)
            return cs_fail(&s->err, CSVC_E_EXISTS, "attach_review: review '%s' is already attached",
                           review->id);
    if (cs_grow(&s->alloc, (void **)&s->reviews, &s->cap_reviews, s->nreviews + 1,
                sizeof *s->reviews))
        return cs_fail(&s->err, CSVC_E_NOMEM, "attach_review: out of memory");
    csvc_period period;
    char version[128];
    int32_t closed = 0;
    int found = 0;
    csvc_status rc = s->ops->review_get(s->b, review->id, &period, version, sizeof version,
                                        &closed, &found, &s->err);
    if (rc != CSVC_OK)
        return rc;
    rc = found ? load_review(s, review, &period, version, closed)
               : in_transaction(s, save_new_review, review);
    if (rc != CSVC_OK)
        return rc;
    s->reviews[s->nreviews++] = review;
    return csvc_kpi_review_set_change_callback(review, on_review_change, s);
}

void cs_store_detach_reviews(csvc_store *s)
{
    for (size_t i = 0; i < s->nreviews; i++)
        csvc_kpi_review_set_change_callback(s->reviews[i], NULL, NULL);
    cs_free(&s->alloc, s->reviews);
    s->reviews = NULL;
    s->nreviews = s->cap_reviews = 0;
}
