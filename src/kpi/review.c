/* Review cycles: ratings under the rater rules, objective values, closing.
 * A submission is checked completely and every allocation made before the
 * review changes; the change callback can still refuse it, and then the
 * recorded undo puts everything back. */
#include "kpi_internal.h"
#include "version_check.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define EMPTY UINT32_MAX

CS_DEFINE_INIT(csvc_kpi_review_options_init, csvc_kpi_review_options, CSVC_KPI_REVIEW_OPTIONS_INIT)

CS_DEFINE_INIT(csvc_kpi_rating_init, csvc_kpi_rating, CSVC_KPI_RATING_INIT)

csvc_status csvc_kpi_review_new(const csvc_roster *roster, const csvc_kpi_model *model,
                                const csvc_period *period, const csvc_kpi_review_options *options,
                                csvc_kpi_review **out)
{
    static const char fn[] = "kpi_review_new";
    if (!roster || !model || !period || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !roster   ? "roster"
                       : !model  ? "model"
                       : !period ? "period"
                                 : "out");
    csvc_kpi_review_options o = CSVC_KPI_REVIEW_OPTIONS_INIT;
    if (options) {
        CS_RETURN_IF_BAD_VERSION(NULL, options->version, CSVC_KPI_REVIEW_OPTIONS_VERSION, "%s: options", fn);
        o = *options;
    }
    const char *id = o.id ? o.id : "review";
    csvc_status rc = cs_check_id(NULL, "review id", id);
    if (rc != CSVC_OK)
        return rc;
    if (period->end < period->start)
        return cs_fail(NULL, CSVC_E_RANGE, "review '%s': the period ends before it starts", id);
    if (model->nkpis == 0)
        return cs_fail(NULL, CSVC_E_CONSTRAINT,
                       "review '%s': model '%s' has no KPI, so it cannot produce a score", id,
                       model->version);
    cs_alloc alloc;
    if ((rc = cs_alloc_init(&alloc, o.allocator, NULL)) != CSVC_OK)
        return rc;
    csvc_kpi_review *r = cs_calloc(&alloc, 1, sizeof *r);
    if (!r)
        return cs_fail(NULL, CSVC_E_NOMEM, "review '%s': out of memory", id);
    r->alloc = alloc;
    r->roster = roster;
    r->period = *period;
    cs_strpool_init(&r->raters, &r->alloc);
    r->id = cs_strdup(&r->alloc, id);
    if (!r->id || cs_kpi_model_clone(model, &r->alloc, &r->model) != CSVC_OK) {
        csvc_kpi_review_free(r);
        return cs_fail(NULL, CSVC_E_NOMEM, "review '%s': out of memory", id);
    }
    *out = r;
    return CSVC_OK;
}

void csvc_kpi_review_free(csvc_kpi_review *r)
{
    if (!r)
        return;
    cs_journal_engine_freed(&r->journal);
    cs_strpool_free(&r->raters);
    for (size_t b = 0; b < r->nblocks; b++) {
        cs_kpi_block *k = &r->blocks[b];
        void *arrays[] = {k->value, k->time, k->rater, k->local, k->kpi, k->group, k->slots};
        for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
            cs_free(&r->alloc, arrays[i]);
    }
    cs_free(&r->alloc, r->blocks);
    cs_free(&r->alloc, r->objective);
    csvc_kpi_model_free(r->model);
    cs_free(&r->alloc, r->id);
    cs_alloc alloc = r->alloc;
    cs_free(&alloc, r);
}

const char *csvc_kpi_review_errmsg(const csvc_kpi_review *r)
{
    return r ? r->err.msg : "kpi review is NULL";
}

const char *csvc_kpi_review_id(const csvc_kpi_review *r)
{
    return r ? r->id : NULL;
}

const csvc_kpi_model *csvc_kpi_review_model(const csvc_kpi_review *r)
{
    return r ? r->model : NULL;
}

csvc_status csvc_kpi_review_period(const csvc_kpi_review *r, csvc_period *out)
{
    if (!r || !out)
        return cs_fail(r ? (cs_errbuf *)&r->err : NULL, CSVC_E_NULL,
                       "kpi_review_period: %s is NULL", r ? "out" : "review");
    *out = r->period;
    return CSVC_OK;
}

int32_t csvc_kpi_review_is_closed(const csvc_kpi_review *r)
{
    return r ? r->closed : 0;
}

size_t csvc_kpi_review_rating_count(const csvc_kpi_review *r)
{
    return r ? r->nratings : 0;
}

csvc_status csvc_kpi_review_set_change_callback(csvc_kpi_review *r, csvc_kpi_review_change_fn fn,
                                                void *user_data)
{
    if (!r)
        return cs_fail(NULL, CSVC_E_NULL, "kpi_review_set_change_callback: review is NULL");
    CS_REVIEW_REFUSE_IF_BUSY(r, "kpi_review_set_change_callback");
    r->on_change = fn;
    r->on_change_data = fn ? user_data : NULL;
    return CSVC_OK;
}

csvc_status cs_kpi_review_notify(csvc_kpi_review *r, csvc_kpi_review_change change,
                                 const char *ratee_id, const char *kpi_id,
                                 const cs_kpi_change *detail)
{
    static const char *const what[] = {"rating", "rating replacement", "ratings import",
                                       "objective values", "closing"};
    int by_callback = 0;
    csvc_status rc = cs_journal_change(&r->journal, (int)change, detail);
    if (rc == CSVC_OK && r->on_change && !r->journal.muted) {
        r->busy++;
        rc = cs_callback_status(r->on_change(r, change, ratee_id, kpi_id, r->on_change_data));
        r->busy--;
        by_callback = rc != CSVC_OK;
    }
    if (rc != CSVC_OK)
        cs_journal_close(&r->journal, 0);
    else if ((rc = cs_journal_close(&r->journal, 1)) == CSVC_OK)
        return CSVC_OK;
    /* Keep the refuser's own explanation (a store says why). */
    char why[CS_ERRMSG_MAX / 2];
    snprintf(why, sizeof why, "%s", csvc_last_errmsg());
    return cs_fail(&r->err, rc, "review '%s': %s: %s (%s): %s", r->id, what[change],
                   by_callback ? "the change callback refused it" : "not stored",
                   csvc_status_str(rc), why);
}

csvc_status cs_kpi_review_begin_change(csvc_kpi_review *r, const char *fn)
{
    CS_REVIEW_REFUSE_IF_BUSY(r, fn);
    csvc_status rc = cs_journal_open(&r->journal);
    if (rc == CSVC_OK)
        return CSVC_OK;
    char why[CS_ERRMSG_MAX / 2];
    snprintf(why, sizeof why, "%s", csvc_last_errmsg());
    return cs_fail(&r->err, rc, "%s: the store cannot take a change (%s): %s", fn,
                   csvc_status_str(rc), why);
}

csvc_status cs_kpi_review_end_change(csvc_kpi_review *r, csvc_status rc)
{
    cs_journal_close(&r->journal, 0); /* no-op unless the change failed before its notify */
    return rc;
}

cs_journal *cs_kpi_review_journal(csvc_kpi_review *r)
{
    return &r->journal;
}

const csvc_roster *cs_kpi_review_roster(const csvc_kpi_review *r)
{
    return r->roster;
}

static csvc_status closed_error(csvc_kpi_review *r, const char *what)
{
    return cs_fail(&r->err, CSVC_E_CLOSED, "review '%s' is closed: %s refused", r->id, what);
}

/* ---- the (rater, ratee, kpi) index of each block --------------------------- */

static uint32_t key_hash(uint32_t rater, uint32_t local, uint32_t kpi)
{
    uint64_t h = (((uint64_t)rater << 32) | local) * UINT64_C(0x9E3779B97F4A7C15);
    h ^= (uint64_t)kpi * UINT64_C(0xC2B2AE3D27D4EB4F);
    h ^= h >> 29;
    h *= UINT64_C(0xBF58476D1CE4E5B9);
    h ^= h >> 32;
    return (uint32_t)h;
}

static uint32_t hash_of(const cs_kpi_block *b, uint32_t i)
{
    return key_hash(b->rater[i], b->local[i], b->kpi[i]);
}

/* Slot holding the key, or the empty slot where it would go. */
static size_t find_slot(const cs_kpi_block *b, uint32_t rater, uint32_t local, uint32_t kpi)
{
    size_t s = key_hash(rater, local, kpi) & b->slot_mask;
    for (;;) {
        uint32_t i = b->slots[s];
        if (i == EMPTY || (b->rater[i] == rater && b->local[i] == local && b->kpi[i] == kpi))
            return s;
        s = (s + 1) & b->slot_mask;
    }
}

static void insert_slot(cs_kpi_block *b, uint32_t index)
{
    size_t s = hash_of(b, index) & b->slot_mask;
    while (b->slots[s] != EMPTY)
        s = (s + 1) & b->slot_mask;
    b->slots[s] = index;
}

/* Backward-shift deletion: no tombstones, so lookups stay short. */
static void remove_slot(cs_kpi_block *b, size_t s)
{
    size_t hole = s, j = s;
    for (;;) {
        j = (j + 1) & b->slot_mask;
        uint32_t i = b->slots[j];
        if (i == EMPTY)
            break;
        size_t home = hash_of(b, i) & b->slot_mask;
        /* Move i into the hole unless its home lies cyclically in (hole, j]. */
        int stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
        if (!stays) {
            b->slots[hole] = i;
            hole = j;
        }
    }
    b->slots[hole] = EMPTY;
}

/* Makes the blocks array cover block `index`. */
static int reserve_block(csvc_kpi_review *r, size_t index)
{
    if (index < r->nblocks)
        return 0;
    cs_kpi_block *blocks = cs_realloc_array(&r->alloc, r->blocks, index + 1, sizeof *blocks);
    if (!blocks)
        return -1;
    memset(blocks + r->nblocks, 0, (index + 1 - r->nblocks) * sizeof *blocks);
    r->blocks = blocks;
    r->nblocks = index + 1;
    return 0;
}

/* Makes room for one more rating in a block's arrays and index. */
static int reserve_rating(const cs_alloc *a, cs_kpi_block *b)
{
    size_t need = b->n + 1;
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        void *p;
#define GROW(field)                                                                                \
    if (!(p = cs_realloc_array(a, b->field, cap, sizeof *b->field)))                               \
        return -1;                                                                                 \
    b->field = p;
        GROW(value)
        GROW(time)
        GROW(rater)
        GROW(local)
        GROW(kpi)
        GROW(group)
#undef GROW
        b->cap = cap;
    }
    size_t slots = b->slot_mask ? b->slot_mask + 1 : 0;
    if (need * 4 > slots * 3) {
        size_t cap = slots ? slots * 2 : 128;
        uint32_t *s = cs_malloc(a, cap * sizeof *s);
        if (!s)
            return -1;
        memset(s, 0xff, cap * sizeof *s);
        cs_free(a, b->slots);
        b->slots = s;
        b->slot_mask = cap - 1;
        for (size_t i = 0; i < b->n; i++)
            insert_slot(b, (uint32_t)i);
    }
    return 0;
}

/* ---- raters ---------------------------------------------------------------- */

static uint32_t find_rater(const csvc_kpi_review *r, const char *id)
{
    return cs_strpool_find(&r->raters, id);
}

/* Interns a new rater id; EMPTY when out of memory (nothing changed). */
static uint32_t add_rater(csvc_kpi_review *r, const char *id)
{
    return cs_strpool_intern(&r->raters, id);
}

/* ---- rater rules ----------------------------------------------------------- */

/* The group an agent's relationship with the ratee puts it in, by
 * precedence: supervisor (the ratee reports to it or is in a team it
 * leads), then subordinate (the converse), then peer; -1 for none. */
static int relationship(const csvc_roster *ro, uint32_t rater, uint32_t ratee)
{
    uint32_t ratee_team = cs_roster_agent_team(ro, ratee);
    if (cs_roster_agent_supervisor(ro, ratee) == rater || cs_roster_team_lead(ro, ratee_team) == rater)
        return CSVC_RATER_SUPERVISOR;
    uint32_t rater_team = cs_roster_agent_team(ro, rater);
    if (cs_roster_agent_supervisor(ro, rater) == ratee || cs_roster_team_lead(ro, rater_team) == ratee)
        return CSVC_RATER_SUBORDINATE;
    if (rater_team == ratee_team)
        return CSVC_RATER_PEER;
    return -1;
}

static const char *relationship_reason(int rel)
{
    return rel == CSVC_RATER_SUPERVISOR   ? "the ratee reports to it or is in a team it leads"
           : rel == CSVC_RATER_SUBORDINATE ? "it reports to the ratee or is in a team the ratee leads"
                                           : "a member of the ratee's team";
}

/* The rules that hold whatever the roster says: self ratings come from the
 * ratee and only in the self group. Ratings restored from a store are
 * checked against these (the roster keeps no history of who supervised or
 * sat in which team when a rating was accepted). */
static csvc_status check_identity(const csvc_kpi_rating *x, const char *prefix, cs_errbuf *err)
{
    int same = strcmp(x->rater_id, x->ratee_id) == 0;
    if (x->group == CSVC_RATER_SELF && !same)
        return cs_fail(err, CSVC_E_PERM, "%sself ratings come only from the ratee", prefix);
    if (x->group != CSVC_RATER_SELF && same)
        return cs_fail(err, CSVC_E_PERM, "%sthe ratee may rate itself only in the self group",
                       prefix);
    return CSVC_OK;
}

static csvc_status check_rules(const csvc_kpi_review *r, const csvc_kpi_rating *x, uint32_t ratee,
                               const char *prefix, cs_errbuf *err)
{
    /* Every refusal here is about the rater. */
    const csvc_roster *ro = r->roster;
    csvc_rater_group g = x->group;
    csvc_status rc = check_identity(x, prefix, err);
    if (rc != CSVC_OK || g == CSVC_RATER_SELF)
        return rc;
    uint32_t rater = cs_roster_find_agent(ro, x->rater_id);
    if (g == CSVC_RATER_CUSTOMER && rater == CS_NONE)
        return CSVC_OK;
    if (rater == CS_NONE)
        return cs_fail(err, CSVC_E_NOTFOUND, "%srater '%s' is not an agent of the roster", prefix,
                       x->rater_id);
    /* An agent's group follows from its relationship with the ratee: it
     * cannot choose (a lead who is also a peer rates as supervisor). */
    int rel = relationship(ro, rater, ratee);
    if (rel >= 0 && rel != (int)g)
        return cs_fail(err, CSVC_E_PERM, "%s'%s' rates '%s' as %s (%s), not as %s", prefix,
                       x->rater_id, x->ratee_id, csvc_rater_group_name((csvc_rater_group)rel),
                       relationship_reason(rel), csvc_rater_group_name(g));
    if (rel == (int)g || g == CSVC_RATER_CUSTOMER) /* customer: an internal one, unrelated */
        return CSVC_OK;
    uint32_t ratee_sup = cs_roster_agent_supervisor(ro, ratee);
    uint32_t rater_team = cs_roster_agent_team(ro, rater), ratee_team = cs_roster_agent_team(ro, ratee);
    if (g == CSVC_RATER_SUPERVISOR) /* rel < 0: neither supervises nor leads the ratee */
        return cs_fail(err, CSVC_E_PERM, "%s'%s' is not the supervisor of '%s' (%s is)", prefix,
                       x->rater_id, x->ratee_id,
                       ratee_sup == CS_NONE ? "nobody" : cs_roster_agent_id(ro, ratee_sup));
    if (g == CSVC_RATER_PEER) /* rel < 0: another team */
        return cs_fail(err, CSVC_E_PERM,
                       "%speers must be in the same team ('%s' is in '%s', '%s' in '%s')", prefix,
                       x->rater_id, cs_roster_team_id(ro, rater_team), x->ratee_id,
                       cs_roster_team_id(ro, ratee_team));
    if (g == CSVC_RATER_SUBORDINATE) /* rel < 0 */
        return cs_fail(err, CSVC_E_PERM,
                       "%s'%s' neither reports to '%s' nor is in a team '%s' leads", prefix,
                       x->rater_id, x->ratee_id, x->ratee_id);
    return CSVC_OK;
}

/* ---- submissions ------------------------------------------------------------ */

static csvc_status check_value(const cs_kpi *k, double v, const char *prefix, cs_errbuf *err)
{
    double lo = k->scale == CSVC_SCALE_1_5 ? 1.0 : 0.0,
           hi = k->scale == CSVC_SCALE_1_5 ? 5.0 : 100.0;
    if (!(v >= lo && v <= hi))
        return cs_fail(err, CSVC_E_RANGE, "%svalue %g is outside the scale %s of kpi '%s'", prefix,
                       v, cs_kpi_scale_name(k->scale), k->id);
    return CSVC_OK;
}

csvc_status cs_kpi_review_apply(csvc_kpi_review *r, const csvc_kpi_rating *x, int rules,
                                cs_kpi_undo *undo, cs_errbuf *err, int *field)
{
    int dummy;
    if (!field)
        field = &dummy;
    *field = CS_KF_RATER;
    CS_RETURN_IF_BAD_VERSION(err, x->version, CSVC_KPI_RATING_VERSION, "rating:");
    cs_errbuf local;
    csvc_status rc;
    if ((rc = cs_check_id(&local, "rating: rater", x->rater_id)) != CSVC_OK)
        return cs_fail_copy(err, rc, local.msg);
    *field = CS_KF_RATEE;
    if ((rc = cs_check_id(&local, "rating: ratee", x->ratee_id)) != CSVC_OK)
        return cs_fail_copy(err, rc, local.msg);
    *field = CS_KF_KPI;
    if ((rc = cs_check_id(&local, "rating: kpi", x->kpi_id)) != CSVC_OK)
        return cs_fail_copy(err, rc, local.msg);
    char prefix[256];
    snprintf(prefix, sizeof prefix, "rating by '%s' of '%s' on '%s': ", x->rater_id, x->ratee_id,
             x->kpi_id);
    *field = CS_KF_RATEE;
    uint32_t ratee = cs_roster_find_agent(r->roster, x->ratee_id);
    if (ratee == CS_NONE)
        return cs_fail(err, CSVC_E_NOTFOUND, "%sratee '%s' is not an agent of the roster", prefix,
                       x->ratee_id);
    *field = CS_KF_KPI;
    uint32_t ki;
    if (!cs_strmap_get(&r->model->kpi_ids, x->kpi_id, &ki))
        return cs_fail(err, CSVC_E_NOTFOUND, "%sunknown kpi '%s' (model '%s')", prefix, x->kpi_id,
                       r->model->version);
    const cs_kpi *k = &r->model->kpis[ki];
    if (k->source != CSVC_KPI_RATED)
        return cs_fail(err, CSVC_E_CONSTRAINT, "%skpi '%s' is objective; it takes no ratings",
                       prefix, k->id);
    *field = CS_KF_GROUP;
    if (!csvc_rater_group_name(x->group))
        return cs_fail(err, CSVC_E_INVALID, "%sunknown rater group %d", prefix, (int)x->group);
    if (!(cs_kpi_group_weight(r->model, k, (int)x->group) > 0))
        return cs_fail(err, CSVC_E_CONSTRAINT,
                       "%sgroup '%s' has weight 0 for kpi '%s'; it takes no ratings there", prefix,
                       csvc_rater_group_name(x->group), k->id);
    *field = CS_KF_VALUE;
    if ((rc = check_value(k, x->value, prefix, err)) != CSVC_OK)
        return rc;
    *field = CS_KF_RATER;
    if ((rc = rules ? check_rules(r, x, ratee, prefix, err) : check_identity(x, prefix, err)) !=
        CSVC_OK)
        return rc;
    *field = CS_KF_TIME;

    size_t bi = ratee >> CS_KPI_BLOCK_SHIFT;
    uint32_t within = ratee & (CS_KPI_BLOCK_AGENTS - 1); /* the ratee in its block */
    uint32_t rater = find_rater(r, x->rater_id);
    if (rater != EMPTY && bi < r->nblocks && r->blocks[bi].slot_mask) {
        cs_kpi_block *b = &r->blocks[bi];
        uint32_t i = b->slots[find_slot(b, rater, within, ki)];
        if (i != EMPTY) {
            if (rules && b->group[i] != (uint8_t)x->group)
                return cs_fail(err, CSVC_E_PERM,
                               "%sit would replace a rating in group '%s': a replacement stays "
                               "in its group",
                               prefix, csvc_rater_group_name((csvc_rater_group)b->group[i]));
            if (x->time < b->time[i])
                return cs_fail(err, CSVC_E_TIME,
                               "%sgiven at %lld, before the rating it would replace (%lld)", prefix,
                               (long long)x->time, (long long)b->time[i]);
            *undo = (cs_kpi_undo){(uint32_t)bi, i, 1, b->value[i], b->time[i], b->group[i]};
            b->value[i] = x->value;
            b->time[i] = x->time;
            b->group[i] = (uint8_t)x->group;
            return CSVC_OK;
        }
    }
    *field = CS_KF_RATER;
    if (r->nratings >= EMPTY - 1 || (bi < r->nblocks && r->blocks[bi].n >= EMPTY - 1))
        return cs_fail(err, CSVC_E_RANGE, "%sthe review holds too many ratings", prefix);
    if (reserve_block(r, bi) || reserve_rating(&r->alloc, &r->blocks[bi]) ||
        (rater == EMPTY && (rater = add_rater(r, x->rater_id)) == EMPTY))
        return cs_fail(err, CSVC_E_NOMEM, "%sout of memory", prefix);
    cs_kpi_block *b = &r->blocks[bi];
    uint32_t i = (uint32_t)b->n++;
    b->value[i] = x->value;
    b->time[i] = x->time;
    b->rater[i] = rater;
    b->local[i] = (uint8_t)within;
    b->kpi[i] = (uint16_t)ki;
    b->group[i] = (uint8_t)x->group;
    insert_slot(b, i);
    r->nratings++;
    *undo = (cs_kpi_undo){(uint32_t)bi, i, 0, 0, 0, 0};
    return CSVC_OK;
}

void cs_kpi_review_undo(csvc_kpi_review *r, const cs_kpi_undo *undo, size_t n, size_t nraters)
{
    while (n-- > 0) {
        const cs_kpi_undo *u = &undo[n];
        cs_kpi_block *b = &r->blocks[u->block];
        uint32_t i = u->pos;
        if (u->replaced) {
            b->value[i] = u->value;
            b->time[i] = u->time;
            b->group[i] = u->group;
        } else {
            /* Appends are undone newest first, so i is its block's last rating. */
            remove_slot(b, find_slot(b, b->rater[i], b->local[i], b->kpi[i]));
            b->n--;
            r->nratings--;
        }
    }
    cs_strpool_truncate(&r->raters, nraters);
}

static csvc_status rate(csvc_kpi_review *r, const csvc_kpi_rating *x)
{
    if (r->closed)
        return closed_error(r, "rating");
    size_t nraters = r->raters.count;
    cs_kpi_undo undo;
    csvc_status rc = cs_kpi_review_apply(r, x, 1, &undo, &r->err, NULL);
    if (rc != CSVC_OK)
        return rc;
    cs_kpi_rating_rec rec;
    cs_kpi_review_undo_rec(r, &undo, &rec);
    cs_kpi_change change = {&rec, 1, NULL, NULL, NULL};
    rc = cs_kpi_review_notify(r, undo.replaced ? CSVC_KPI_RATING_REPLACED : CSVC_KPI_RATING_ADDED,
                              rec.ratee_id, rec.kpi_id, &change);
    if (rc != CSVC_OK) {
        cs_kpi_review_undo(r, &undo, 1, nraters);
        return rc;
    }
    cs_err_clear(&r->err);
    return CSVC_OK;
}

csvc_status cs_kpi_review_restore_rating(csvc_kpi_review *r, const csvc_kpi_rating *x)
{
    if (!r || !x)
        return cs_fail(r ? &r->err : NULL, CSVC_E_NULL, "kpi review restore: %s is NULL",
                       r ? "rating" : "review");
    cs_kpi_undo undo;
    return cs_kpi_review_apply(r, x, 0, &undo, &r->err, NULL);
}

void cs_kpi_review_restore_closed(csvc_kpi_review *r)
{
    r->closed = 1;
}

csvc_status cs_kpi_review_restore_begin(csvc_kpi_review *r, cs_kpi_restore_mark *m)
{
    m->cells = r->objective ? r->objective_agents * r->model->nobjective : 0;
    m->closed = r->closed;
    m->objective = NULL;
    if (m->cells && !(m->objective = cs_malloc(&r->alloc, m->cells * sizeof *m->objective)))
        return cs_fail(&r->err, CSVC_E_NOMEM, "kpi review restore: out of memory");
    if (m->cells)
        memcpy(m->objective, r->objective, m->cells * sizeof *m->objective);
    return CSVC_OK;
}

void cs_kpi_review_restore_abort(csvc_kpi_review *r, cs_kpi_restore_mark *m)
{
    for (size_t b = 0; b < r->nblocks; b++) {
        cs_kpi_block *blk = &r->blocks[b];
        blk->n = 0;
        if (blk->slot_mask)
            memset(blk->slots, 0xff, (blk->slot_mask + 1) * sizeof *blk->slots);
    }
    r->nratings = 0;
    cs_strpool_truncate(&r->raters, 0); /* restores start without ratings, so without raters */
    size_t cells = r->objective ? r->objective_agents * r->model->nobjective : 0;
    for (size_t i = 0; i < cells; i++)
        r->objective[i] = i < m->cells ? m->objective[i] : NAN;
    r->closed = m->closed;
    cs_kpi_review_restore_end(r, m);
}

void cs_kpi_review_restore_end(csvc_kpi_review *r, cs_kpi_restore_mark *m)
{
    cs_free(&r->alloc, m->objective);
    m->objective = NULL;
}

size_t cs_kpi_review_rating_total(const csvc_kpi_review *r)
{
    return r->nratings;
}

static void rating_rec(const csvc_kpi_review *r, size_t bi, size_t i, cs_kpi_rating_rec *out)
{
    const cs_kpi_block *b = &r->blocks[bi];
    out->rater_id = cs_strpool_get(&r->raters, b->rater[i]);
    out->ratee_id = cs_roster_agent_id(r->roster, (bi << CS_KPI_BLOCK_SHIFT) | b->local[i]);
    out->kpi_id = r->model->kpis[b->kpi[i]].id;
    out->group = (csvc_rater_group)b->group[i];
    out->value = b->value[i];
    out->time = b->time[i];
}

void cs_kpi_review_undo_rec(const csvc_kpi_review *r, const cs_kpi_undo *undo,
                            cs_kpi_rating_rec *out)
{
    rating_rec(r, undo->block, undo->pos, out);
}

int cs_kpi_review_foreach_rating(const csvc_kpi_review *r, cs_kpi_rating_fn fn, void *user_data)
{
    cs_kpi_rating_rec rec;
    for (size_t bi = 0; bi < r->nblocks; bi++)
        for (size_t i = 0; i < r->blocks[bi].n; i++) {
            rating_rec(r, bi, i, &rec);
            int stop = fn(&rec, user_data);
            if (stop)
                return stop;
        }
    return 0;
}

void cs_kpi_review_rating_get(const csvc_kpi_review *r, size_t index, cs_kpi_rating_rec *out)
{
    size_t bi = 0;
    while (index >= r->blocks[bi].n)
        index -= r->blocks[bi++].n;
    rating_rec(r, bi, index, out);
}

/* ---- objective values -------------------------------------------------------- */

csvc_status cs_kpi_review_sync(csvc_kpi_review *r)
{
    size_t need = csvc_roster_agent_count(r->roster), cols = r->model->nobjective;
    if (need <= r->objective_agents)
        return CSVC_OK;
    if (cols) {
        double *t = cs_realloc_array(&r->alloc, r->objective, need * cols, sizeof *t);
        if (!t)
            return cs_fail(&r->err, CSVC_E_NOMEM, "review '%s': out of memory", r->id);
        for (size_t i = r->objective_agents * cols; i < need * cols; i++)
            t[i] = NAN;
        r->objective = t;
    }
    r->objective_agents = need;
    return CSVC_OK;
}

double cs_kpi_review_objective(const csvc_kpi_review *r, size_t agent, size_t kpi)
{
    const cs_kpi *k = &r->model->kpis[kpi];
    if (k->source != CSVC_KPI_OBJECTIVE || agent >= r->objective_agents)
        return NAN;
    return r->objective[agent * r->model->nobjective + k->slot];
}

/* The cell of (agent, KPI) after checking both and the value. */
static csvc_status objective_cell(csvc_kpi_review *r, const char *agent_id, const char *kpi_id,
                                  double value, double **cell, const cs_kpi **kpi)
{
    uint32_t agent = cs_roster_find_agent(r->roster, agent_id);
    if (agent == CS_NONE)
        return cs_fail(&r->err, CSVC_E_NOTFOUND, "objective value: agent '%.64s' not found",
                       agent_id);
    uint32_t ki;
    if (!cs_strmap_get(&r->model->kpi_ids, kpi_id, &ki))
        return cs_fail(&r->err, CSVC_E_NOTFOUND,
                       "objective value: unknown kpi '%.64s' (model '%s')", kpi_id,
                       r->model->version);
    const cs_kpi *k = &r->model->kpis[ki];
    if (k->source != CSVC_KPI_OBJECTIVE)
        return cs_fail(&r->err, CSVC_E_CONSTRAINT,
                       "objective value: kpi '%s' is rated; it takes ratings, not values", k->id);
    if (isinf(value))
        return cs_fail(&r->err, CSVC_E_RANGE, "objective value of '%s' on '%s': %g is not finite",
                       agent_id, k->id, value);
    csvc_status rc = cs_kpi_review_sync(r);
    if (rc != CSVC_OK)
        return rc;
    *cell = &r->objective[(size_t)agent * r->model->nobjective + k->slot];
    *kpi = k;
    return CSVC_OK;
}

csvc_status cs_kpi_review_restore_objective(csvc_kpi_review *r, const char *agent_id,
                                            const char *kpi_id, double value)
{
    double *cell;
    const cs_kpi *k;
    csvc_status rc = objective_cell(r, agent_id, kpi_id, value, &cell, &k);
    if (rc == CSVC_OK)
        *cell = value;
    return rc;
}

static csvc_status set_objective(csvc_kpi_review *r, const char *agent_id, const char *kpi_id,
                                 double value)
{
    if (r->closed)
        return closed_error(r, "objective value");
    double *cell;
    const cs_kpi *k;
    csvc_status rc = objective_cell(r, agent_id, kpi_id, value, &cell, &k);
    if (rc != CSVC_OK)
        return rc;
    double old = *cell;
    *cell = value;
    cs_kpi_change change = {NULL, 0, agent_id, k->id, NULL};
    rc = cs_kpi_review_notify(r, CSVC_KPI_OBJECTIVES_SET, agent_id, k->id, &change);
    if (rc != CSVC_OK) {
        *cell = old;
        return rc;
    }
    cs_err_clear(&r->err);
    return CSVC_OK;
}

static csvc_status set_metrics(csvc_kpi_review *r, const csvc_metrics *rows, size_t n)
{
    static const char fn[] = "kpi_review_set_metrics";
    if (r->closed)
        return closed_error(r, "metrics table");
    if (n != csvc_roster_agent_count(r->roster))
        return cs_fail(&r->err, CSVC_E_INVALID, "%s: n is %zu but the roster has %zu agents", fn, n,
                       csvc_roster_agent_count(r->roster));
    for (size_t i = 0; i < n; i++)
        CS_RETURN_IF_BAD_VERSION(&r->err, rows[i].version, CSVC_METRICS_VERSION, "%s: rows[%zu]: metrics", fn,
                           i);
    csvc_status rc = cs_kpi_review_sync(r);
    if (rc != CSVC_OK)
        return rc;
    const csvc_kpi_model *m = r->model;
    size_t cells = n * m->nobjective;
    double *saved = cells ? cs_malloc(&r->alloc, cells * sizeof *saved) : NULL;
    if (cells && !saved)
        return cs_fail(&r->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    if (cells)
        memcpy(saved, r->objective, cells * sizeof *saved);
    for (size_t a = 0; a < n; a++)
        for (size_t k = 0; k < m->nkpis; k++) {
            const cs_kpi *kp = &m->kpis[k];
            if (kp->source == CSVC_KPI_OBJECTIVE && kp->metric_index >= 0)
                r->objective[a * m->nobjective + kp->slot] =
                    cs_kpi_metric_value(&rows[a], kp->metric_index);
        }
    cs_kpi_change change = {NULL, 0, NULL, NULL, saved};
    rc = cs_kpi_review_notify(r, CSVC_KPI_OBJECTIVES_SET, NULL, NULL, &change);
    if (rc != CSVC_OK && cells)
        memcpy(r->objective, saved, cells * sizeof *saved);
    cs_free(&r->alloc, saved);
    if (rc == CSVC_OK)
        cs_err_clear(&r->err);
    return rc;
}

static csvc_status load_desk(csvc_kpi_review *r, const csvc_desk *d)
{
    static const char fn[] = "kpi_review_load_desk";
    if (r->closed)
        return closed_error(r, "desk metrics");
    if (csvc_desk_roster(d) != r->roster)
        return cs_fail(&r->err, CSVC_E_INVALID, "%s: the desk works on another roster", fn);
    size_t n = csvc_roster_agent_count(r->roster);
    csvc_metrics *rows = n ? cs_calloc(&r->alloc, n, sizeof *rows) : NULL;
    if (n && !rows)
        return cs_fail(&r->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    for (size_t i = 0; i < n; i++)
        rows[i].version = CSVC_METRICS_VERSION;
    csvc_status rc = csvc_desk_metrics_all_agents(d, &r->period, rows, n);
    if (rc != CSVC_OK)
        cs_fail(&r->err, rc, "%s: %s", fn, csvc_desk_errmsg(d));
    else
        rc = set_metrics(r, rows, n);
    cs_free(&r->alloc, rows);
    return rc;
}

static csvc_status close_review(csvc_kpi_review *r)
{
    if (r->closed)
        return closed_error(r, "closing");
    r->closed = 1;
    csvc_status rc = cs_kpi_review_notify(r, CSVC_KPI_REVIEW_CLOSED, NULL, NULL, NULL);
    if (rc != CSVC_OK) {
        r->closed = 0;
        return rc;
    }
    cs_err_clear(&r->err);
    return CSVC_OK;
}

/* ---- the public mutators: journal steps 1 and 5 around each ---------------- */

csvc_status csvc_kpi_review_rate(csvc_kpi_review *r, const csvc_kpi_rating *x)
{
    if (!r || !x)
        return cs_fail(r ? &r->err : NULL, CSVC_E_NULL, "kpi_review_rate: %s is NULL",
                       r ? "rating" : "review");
    csvc_status rc = cs_kpi_review_begin_change(r, "kpi_review_rate");
    return rc != CSVC_OK ? rc : cs_kpi_review_end_change(r, rate(r, x));
}

csvc_status csvc_kpi_review_set_objective(csvc_kpi_review *r, const char *agent_id,
                                          const char *kpi_id, double value)
{
    if (!r || !agent_id || !kpi_id)
        return cs_fail(r ? &r->err : NULL, CSVC_E_NULL, "kpi_review_set_objective: %s is NULL",
                       !r          ? "review"
                       : !agent_id ? "agent_id"
                                   : "kpi_id");
    csvc_status rc = cs_kpi_review_begin_change(r, "kpi_review_set_objective");
    return rc != CSVC_OK ? rc
                         : cs_kpi_review_end_change(r, set_objective(r, agent_id, kpi_id, value));
}

csvc_status csvc_kpi_review_set_metrics(csvc_kpi_review *r, const csvc_metrics *rows, size_t n)
{
    if (!r || (!rows && n))
        return cs_fail(r ? &r->err : NULL, CSVC_E_NULL, "kpi_review_set_metrics: %s is NULL",
                       r ? "rows" : "review");
    csvc_status rc = cs_kpi_review_begin_change(r, "kpi_review_set_metrics");
    return rc != CSVC_OK ? rc : cs_kpi_review_end_change(r, set_metrics(r, rows, n));
}

csvc_status csvc_kpi_review_load_desk(csvc_kpi_review *r, const csvc_desk *d)
{
    if (!r || !d)
        return cs_fail(r ? &r->err : NULL, CSVC_E_NULL, "kpi_review_load_desk: %s is NULL",
                       r ? "desk" : "review");
    csvc_status rc = cs_kpi_review_begin_change(r, "kpi_review_load_desk");
    return rc != CSVC_OK ? rc : cs_kpi_review_end_change(r, load_desk(r, d));
}

csvc_status csvc_kpi_review_close(csvc_kpi_review *r)
{
    if (!r)
        return cs_fail(NULL, CSVC_E_NULL, "kpi_review_close: review is NULL");
    csvc_status rc = cs_kpi_review_begin_change(r, "kpi_review_close");
    return rc != CSVC_OK ? rc : cs_kpi_review_end_change(r, close_review(r));
}
