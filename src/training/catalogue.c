/* The course catalogue: courses added one by one, or imported from CSV
 * with prerequisites in any order (checked for cycles), all or nothing. */
#include "training_internal.h"
#include "version_check.h"

#include "csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIMENSIONS_ALL ((1u << 5) - 1u)

CS_DEFINE_INIT(csvc_course_init, csvc_course, CSVC_COURSE_INIT)

csvc_status cs_training_check_course(csvc_training *t, const char *fn, const csvc_course *c)
{
    CS_RETURN_IF_BAD_VERSION(&t->err, c->version, CSVC_COURSE_VERSION, "%s: course", fn);
    csvc_status rc = cs_check_id(&t->err, fn, c->id);
    if (rc == CSVC_OK)
        rc = cs_check_text(&t->err, "title", c->title, 256);
    if (rc != CSVC_OK)
        return rc;
    const char *id = c->id;
    if ((unsigned)c->kind > CSVC_COURSE_NEW_PRODUCT || (unsigned)c->delivery > CSVC_DELIVERY_MENTORING)
        return cs_fail(&t->err, CSVC_E_INVALID, "%s: course '%s': unknown %s %d", fn, id,
                       (unsigned)c->kind > CSVC_COURSE_NEW_PRODUCT ? "kind" : "delivery",
                       (unsigned)c->kind > CSVC_COURSE_NEW_PRODUCT ? (int)c->kind
                                                                   : (int)c->delivery);
    if (c->minutes < 1 || c->minutes > 100000)
        return cs_fail(&t->err, CSVC_E_RANGE, "%s: course '%s': minutes %d outside 1..100000", fn,
                       id, (int)c->minutes);
    if (c->passing_score < 0 || c->passing_score > 100)
        return cs_fail(&t->err, CSVC_E_RANGE, "%s: course '%s': passing_score %d outside 0..100",
                       fn, id, (int)c->passing_score);
    if (c->validity_months < 0 || c->validity_months > 1200)
        return cs_fail(&t->err, CSVC_E_RANGE,
                       "%s: course '%s': validity_months %d outside 0..1200", fn, id,
                       (int)c->validity_months);
    if (c->dimensions & ~DIMENSIONS_ALL)
        return cs_fail(&t->err, CSVC_E_INVALID,
                       "%s: course '%s': dimensions 0x%x has bits beyond the five KPI dimensions",
                       fn, id, (unsigned)c->dimensions);
    if (c->nprerequisites && !c->prerequisites)
        return cs_fail(&t->err, CSVC_E_NULL, "%s: course '%s': prerequisites is NULL", fn, id);
    if (cs_strpool_find(&t->course_ids, id) != CS_NONE)
        return cs_fail(&t->err, CSVC_E_EXISTS, "%s: course '%s' is already in the catalogue", fn,
                       id);
    return CSVC_OK;
}

csvc_status cs_training_put_course(csvc_training *t, const char *fn, const csvc_course *c,
                                   const uint32_t *prereqs)
{
    size_t n = t->course_ids.count;
    if (cs_grow(&t->alloc, (void **)&t->courses, &t->cap_courses, n + 1, sizeof *t->courses))
        return cs_fail(&t->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    cs_course *k = &t->courses[n];
    memset(k, 0, sizeof *k);
    k->title = cs_arena_strdup(&t->strings, c->title, strlen(c->title));
    k->prereqs = cs_malloc(&t->alloc, (c->nprerequisites ? c->nprerequisites : 1) * sizeof *k->prereqs);
    k->prereq_ids = cs_malloc(&t->alloc,
                              (c->nprerequisites ? c->nprerequisites : 1) * sizeof *k->prereq_ids);
    if (!k->title || !k->prereqs || !k->prereq_ids ||
        cs_strpool_intern(&t->course_ids, c->id) == CS_NONE) {
        cs_free(&t->alloc, k->prereqs);
        cs_free(&t->alloc, k->prereq_ids);
        return cs_fail(&t->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    }
    for (size_t i = 0; i < c->nprerequisites; i++) {
        k->prereqs[i] = prereqs[i];
        k->prereq_ids[i] = cs_strpool_get(&t->course_ids, prereqs[i]);
    }
    k->nprereqs = c->nprerequisites;
    k->kind = c->kind;
    k->delivery = c->delivery;
    k->minutes = c->minutes;
    k->passing_score = c->passing_score;
    k->validity_months = c->validity_months;
    k->dimensions = c->dimensions;
    return CSVC_OK;
}

void cs_training_drop_courses(csvc_training *t, size_t count)
{
    for (size_t i = count; i < t->course_ids.count; i++) {
        cs_free(&t->alloc, t->courses[i].prereqs);
        cs_free(&t->alloc, t->courses[i].prereq_ids);
    }
    cs_strpool_truncate(&t->course_ids, count);
}

static csvc_status add_course(csvc_training *t, const char *fn, const csvc_course *c)
{
    csvc_status rc = cs_training_check_course(t, fn, c);
    if (rc != CSVC_OK)
        return rc;
    uint32_t *prereqs = cs_malloc(&t->alloc, (c->nprerequisites ? c->nprerequisites : 1) *
                                                 sizeof *prereqs);
    if (!prereqs)
        return cs_fail(&t->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    for (size_t i = 0; i < c->nprerequisites && rc == CSVC_OK; i++) {
        const char *p = c->prerequisites[i];
        prereqs[i] = p ? cs_strpool_find(&t->course_ids, p) : CS_NONE;
        if (prereqs[i] == CS_NONE)
            rc = cs_fail(&t->err, CSVC_E_INVALID,
                         "%s: course '%s': prerequisite '%.64s' is not in the catalogue (add it "
                         "first)",
                         fn, c->id, p ? p : "(NULL)");
        for (size_t j = 0; j < i && rc == CSVC_OK; j++)
            if (prereqs[j] == prereqs[i])
                rc = cs_fail(&t->err, CSVC_E_INVALID, "%s: course '%s': prerequisite '%s' twice",
                             fn, c->id, p);
    }
    if (rc == CSVC_OK)
        rc = cs_training_put_course(t, fn, c, prereqs);
    cs_free(&t->alloc, prereqs);
    return rc;
}

static void undo_course(csvc_training *t, const void *count)
{
    cs_training_drop_courses(t, *(const size_t *)count);
}

csvc_status csvc_training_add_course(csvc_training *t, const csvc_course *c)
{
    static const char fn[] = "training_add_course";
    if (!t || !c)
        return cs_fail(t ? &t->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       t ? "course" : "training");
    csvc_status rc = cs_training_change_begin(t, fn);
    if (rc != CSVC_OK)
        return rc;
    size_t before = t->course_ids.count;
    rc = add_course(t, fn, c);
    return cs_training_change_end(t, fn, rc,
                                  rc == CSVC_OK ? cs_training_course_body(t, (uint32_t)before)
                                                : NULL,
                                  undo_course, &before);
}

size_t csvc_training_course_count(const csvc_training *t)
{
    return t ? t->course_ids.count : 0;
}

csvc_status csvc_training_get_course(const csvc_training *t, const char *id, csvc_course *out)
{
    if (!t || !id || !out)
        return cs_fail(NULL, CSVC_E_NULL, "training_get_course: %s is NULL",
                       !t ? "training" : !id ? "id" : "out");
    uint32_t i = cs_strpool_find(&t->course_ids, id);
    if (i == CS_NONE)
        return cs_fail(NULL, CSVC_E_NOTFOUND, "training_get_course: course '%.64s' not found", id);
    const cs_course *k = &t->courses[i];
    *out = (csvc_course){CSVC_COURSE_VERSION, cs_strpool_get(&t->course_ids, i), k->title,
                         k->kind, k->delivery, k->minutes, k->passing_score, k->validity_months,
                         k->dimensions, k->prereq_ids, k->nprereqs};
    return CSVC_OK;
}
