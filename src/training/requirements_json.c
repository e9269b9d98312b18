/* Requirements from a JSON document (examples/data/training_requirements.schema.json):
 * every entry is added in order and a failure takes them all back, with
 * the entry's path in the message. */
#include "training_internal.h"

#include "civil.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

typedef struct loader {
    csvc_training *t;
    char path[64];
} loader;

static csvc_status at(loader *L, csvc_status rc, const char *field, const char *why)
{
    return cs_fail(&L->t->err, rc, "training requirements: %s%s%s: %s", L->path,
                   field ? "." : "", field ? field : "", why);
}

static csvc_status only(loader *L, json_t *obj, const char *const *keys, const char *where)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        int ok = 0;
        for (const char *const *k = keys; *k && !ok; k++)
            ok = strcmp(*k, key) == 0;
        if (!ok) {
            char field[96];
            snprintf(field, sizeof field, "%s%s%.60s", where ? where : "", where ? "." : "", key);
            return at(L, CSVC_E_PARSE, field, "unknown field");
        }
    }
    return CSVC_OK;
}

static csvc_status text(loader *L, json_t *obj, const char *key, int required, const char **out)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        *out = NULL;
        return required ? at(L, CSVC_E_PARSE, key, "missing") : CSVC_OK;
    }
    if (!json_is_string(v))
        return at(L, CSVC_E_PARSE, key, "expected a string");
    *out = json_string_value(v);
    return CSVC_OK;
}

static csvc_status integer(loader *L, json_t *obj, const char *key, int32_t *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return CSVC_OK; /* the default stays */
    if (!json_is_integer(v) || json_integer_value(v) < INT32_MIN ||
        json_integer_value(v) > INT32_MAX)
        return at(L, CSVC_E_PARSE, key, "expected a whole number");
    *out = (int32_t)json_integer_value(v);
    return CSVC_OK;
}

/* A "YYYY-MM-DD" at local midnight (the team's, or the plan's). */
static csvc_status date(loader *L, json_t *obj, const char *key, const char *team, int64_t *out)
{
    const char *s;
    csvc_status rc = text(L, obj, key, 0, &s);
    if (rc != CSVC_OK || !s)
        return rc;
    int64_t t;
    if (cs_date_parse(s, strlen(s), &t) != NULL)
        return at(L, CSVC_E_PARSE, key, "expected a date \"YYYY-MM-DD\"");
    uint32_t index = team ? cs_roster_find_team(L->t->roster, team) : CS_NONE;
    *out = t - cs_training_team_offset(L->t, index);
    return CSVC_OK;
}

static const char *const weekdays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                       "thursday", "friday", "saturday"};

static csvc_status recurrence(loader *L, json_t *rec, csvc_requirement *q)
{
    static const char *const keys[] = {"every_months", "anchored", NULL};
    static const char *const anchor_keys[] = {"every_months", "month", "day", "weekday", NULL};
    if (!json_is_object(rec))
        return at(L, CSVC_E_PARSE, "recurrence", "expected an object");
    csvc_status rc = only(L, rec, keys, "recurrence");
    json_t *anchored = json_object_get(rec, "anchored");
    if (rc != CSVC_OK)
        return rc;
    if (!anchored) {
        q->recurrence = CSVC_RECUR_AFTER_COMPLETION;
        if (!json_object_get(rec, "every_months"))
            return at(L, CSVC_E_PARSE, "recurrence.every_months", "missing");
        return integer(L, rec, "every_months", &q->every_months);
    }
    if (json_object_get(rec, "every_months"))
        return at(L, CSVC_E_PARSE, "recurrence",
                  "every_months after completion or anchored, not both");
    if (!json_is_object(anchored))
        return at(L, CSVC_E_PARSE, "recurrence.anchored", "expected an object");
    q->recurrence = CSVC_RECUR_ANCHORED;
    q->every_months = 12;
    const char *weekday = NULL;
    if ((rc = only(L, anchored, anchor_keys, "recurrence.anchored")) != CSVC_OK ||
        (rc = integer(L, anchored, "every_months", &q->every_months)) != CSVC_OK ||
        (rc = integer(L, anchored, "month", &q->anchor_month)) != CSVC_OK ||
        (rc = integer(L, anchored, "day", &q->anchor_day)) != CSVC_OK ||
        (rc = text(L, anchored, "weekday", 0, &weekday)) != CSVC_OK)
        return rc;
    if (weekday) {
        if (json_object_get(anchored, "day"))
            return at(L, CSVC_E_PARSE, "recurrence.anchored", "a day or a weekday, not both");
        for (int i = 0; i < 7; i++)
            if (strcmp(weekday, weekdays[i]) == 0)
                q->anchor_weekday = i;
        if (q->anchor_weekday < 0)
            return at(L, CSVC_E_INVALID, "recurrence.anchored.weekday",
                      "expected \"sunday\" .. \"saturday\"");
    }
    return CSVC_OK;
}

static csvc_status entry(loader *L, json_t *obj)
{
    static const char *const keys[] = {"id",    "course",   "level",      "team",
                                       "trigger", "start",  "due_days",   "recurrence",
                                       "note",  NULL};
    if (!json_is_object(obj))
        return at(L, CSVC_E_PARSE, NULL, "expected an object");
    csvc_requirement q = CSVC_REQUIREMENT_INIT;
    const char *level = NULL, *trigger = NULL;
    csvc_status rc;
    if ((rc = only(L, obj, keys, NULL)) != CSVC_OK ||
        (rc = text(L, obj, "id", 1, &q.id)) != CSVC_OK ||
        (rc = text(L, obj, "course", 1, &q.course_id)) != CSVC_OK ||
        (rc = text(L, obj, "level", 0, &level)) != CSVC_OK ||
        (rc = text(L, obj, "team", 0, &q.team_id)) != CSVC_OK ||
        (rc = text(L, obj, "trigger", 0, &trigger)) != CSVC_OK ||
        (rc = date(L, obj, "start", q.team_id, &q.start)) != CSVC_OK ||
        (rc = integer(L, obj, "due_days", &q.due_days)) != CSVC_OK)
        return rc;
    if (level) {
        csvc_level lv;
        if (csvc_level_parse(level, &lv) != CSVC_OK)
            return at(L, CSVC_E_INVALID, "level", "not a level (junior .. manager)");
        q.level = (int32_t)lv;
    }
    if (trigger) {
        static const char *const triggers[] = {"start", "hire", "launch", "promotion"};
        int found = -1;
        for (int i = 0; i < 4; i++)
            if (strcmp(trigger, triggers[i]) == 0)
                found = i;
        if (found < 0)
            return at(L, CSVC_E_INVALID, "trigger",
                      "expected \"start\", \"hire\", \"launch\" or \"promotion\"");
        q.trigger = (csvc_trigger)found;
        if (q.trigger == CSVC_TRIGGER_LAUNCH && !json_object_get(obj, "start"))
            return at(L, CSVC_E_PARSE, "start", "a launch needs its date");
    }
    json_t *rec = json_object_get(obj, "recurrence");
    if (rec && (rc = recurrence(L, rec, &q)) != CSVC_OK)
        return rc;
    if ((rc = csvc_training_add_requirement(L->t, &q)) != CSVC_OK) {
        char why[CS_ERRMSG_MAX / 2];
        snprintf(why, sizeof why, "%.*s", (int)sizeof why - 1, L->t->err.msg);
        return at(L, rc, NULL, why);
    }
    return CSVC_OK;
}

static csvc_status load(csvc_training *t, json_t *root)
{
    loader L = {t, ""};
    if (!json_is_object(root))
        return at(&L, CSVC_E_PARSE, NULL, "(document) expected an object");
    static const char *const keys[] = {"requirements", "description", NULL};
    csvc_status rc = only(&L, root, keys, NULL);
    json_t *list = json_object_get(root, "requirements");
    if (rc != CSVC_OK)
        return rc;
    if (!json_is_array(list))
        return at(&L, CSVC_E_PARSE, "requirements", "expected an array");
    size_t i;
    json_t *obj;
    json_array_foreach(list, i, obj)
    {
        snprintf(L.path, sizeof L.path, "requirements[%zu]", i);
        if ((rc = entry(&L, obj)) != CSVC_OK)
            return rc;
    }
    return CSVC_OK;
}

csvc_status csvc_training_load_requirements_json_buffer(csvc_training *t, const char *data,
                                                        size_t size)
{
    if (!t || (!data && size))
        return cs_fail(t ? &t->err : NULL, CSVC_E_NULL, "training requirements: %s is NULL",
                       t ? "data" : "training");
    json_error_t e;
    json_t *root = json_loadb(data ? data : "", size, JSON_REJECT_DUPLICATES, &e);
    if (!root)
        return cs_fail(&t->err, CSVC_E_PARSE, "training requirements: line %d, column %d: %s",
                       e.line, e.column, e.text);
    size_t before = t->requirement_ids.count;
    csvc_status rc = cs_journal_group_begin(&t->journal);
    if (rc != CSVC_OK) {
        json_decref(root);
        return cs_fail(&t->err, rc, "training requirements: the store cannot take them: %s",
                       csvc_last_errmsg());
    }
    rc = load(t, root);
    json_decref(root);
    csvc_status end = cs_journal_group_end(&t->journal, rc == CSVC_OK);
    if (rc == CSVC_OK)
        rc = end;
    if (rc != CSVC_OK) /* all or nothing */
        cs_strpool_truncate(&t->requirement_ids, before);
    return rc;
}

csvc_status csvc_training_load_requirements_json(csvc_training *t, const char *path)
{
    if (!t || !path)
        return cs_fail(t ? &t->err : NULL, CSVC_E_NULL, "training requirements: %s is NULL",
                       t ? "path" : "training");
    cs_strbuf sb;
    cs_strbuf_init(&sb, &t->alloc);
    csvc_status rc = cs_strbuf_read_file(&sb, path, "training requirements", &t->err);
    if (rc == CSVC_OK)
        rc = csvc_training_load_requirements_json_buffer(t, sb.data ? sb.data : "", sb.len);
    cs_strbuf_free(&sb);
    return rc;
}
