/* The desk's configuration from a JSON document
 * (examples/data/desk_config.schema.json): calendars with business hours
 * and holidays, SLA policies, reopen policies and OLAs. The document is the
 * whole configuration: it is built on a scratch desk over the same roster
 * (every setting checked by the function that sets it, the message naming
 * its JSON path), then replaces the desk's in one journaled change. */
#include "desk_internal.h"
#include "desk_seam.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

typedef struct loader {
    csvc_desk *desk;    /* the one loaded */
    csvc_desk *scratch; /* the one built */
    char path[64];
} loader;

static csvc_status at(loader *L, csvc_status rc, const char *field, const char *why)
{
    return cs_fail(&L->desk->err, rc, "desk config: %s%s%s: %s", L->path, field ? "." : "",
                   field ? field : "", why);
}

/* The scratch desk's message for a refused setting, at the entry's path. */
static csvc_status refused(loader *L, csvc_status rc, const char *field)
{
    char why[CS_ERRMSG_MAX / 2];
    snprintf(why, sizeof why, "%s", csvc_last_errmsg());
    return at(L, rc, field, why);
}

static csvc_status only(loader *L, json_t *obj, const char *const *keys)
{
    if (!json_is_object(obj))
        return at(L, CSVC_E_PARSE, NULL, "expected an object");
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        int ok = 0;
        for (const char *const *k = keys; *k && !ok; k++)
            ok = strcmp(*k, key) == 0;
        if (!ok) {
            char field[72];
            snprintf(field, sizeof field, "%.60s", key);
            return at(L, CSVC_E_PARSE, field, "unknown field");
        }
    }
    return CSVC_OK;
}

/* An optional string member (NULL when absent or null). */
static csvc_status text(loader *L, json_t *obj, const char *key, const char **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return CSVC_OK;
    if (!json_is_string(v))
        return at(L, CSVC_E_PARSE, key, "expected a string");
    *out = json_string_value(v);
    return CSVC_OK;
}

/* A duration: whole seconds, or a string of a number and a unit ("90s",
 * "30m", "4h", "2d"). Absent: `*out` keeps its default. */
static csvc_status duration(loader *L, json_t *obj, const char *key, int64_t *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return CSVC_OK;
    if (json_is_integer(v)) {
        *out = json_integer_value(v);
        return CSVC_OK;
    }
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    long long n = 0;
    int digits = 0;
    for (; s && *s >= '0' && *s <= '9' && digits < 12; s++, digits++)
        n = n * 10 + (*s - '0');
    static const struct {
        char unit;
        int64_t seconds;
    } units[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}};
    for (size_t i = 0; s && digits && i < 4; i++)
        if (s[0] == units[i].unit && s[1] == '\0') {
            *out = (int64_t)n * units[i].seconds;
            return CSVC_OK;
        }
    return at(L, CSVC_E_PARSE, key,
              "expected whole seconds or a number with a unit: \"90s\", \"30m\", \"4h\", \"2d\"");
}

/* "HH:MM" (24:00 allowed) as minutes of the day. */
static int clock_minutes(const char *s, int32_t *out)
{
    if (!s || strlen(s) != 5 || s[2] != ':')
        return 0;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0))
        return 0;
    *out = h * 60 + m;
    return 1;
}

static const char *const day_keys[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

/* "utc_offset": seconds east of UTC, or "+08:00" / "-05:30". */
static csvc_status utc_offset(loader *L, json_t *v, int32_t *out)
{
    if (json_is_integer(v) && json_integer_value(v) >= -CSVC_UTC_OFFSET_MAX &&
        json_integer_value(v) <= CSVC_UTC_OFFSET_MAX) {
        *out = (int32_t)json_integer_value(v);
        return CSVC_OK;
    }
    const char *s = json_string_value(v);
    int32_t minutes;
    if (s && strlen(s) == 6 && (s[0] == '+' || s[0] == '-') && clock_minutes(s + 1, &minutes) &&
        minutes * 60 <= CSVC_UTC_OFFSET_MAX) {
        *out = (s[0] == '-' ? -60 : 60) * minutes;
        return CSVC_OK;
    }
    return at(L, CSVC_E_PARSE, "utc_offset",
              "expected \"+HH:MM\" or seconds east of UTC within the offset limit");
}

/* "hours": {"mon": [["09:00", "12:00"], ["13:00", "18:00"]], ...} */
static csvc_status hours(loader *L, json_t *week, csvc_calendar *cal)
{
    if (!week)
        return CSVC_OK;
    static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL};
    if (!json_is_object(week))
        return at(L, CSVC_E_PARSE, "hours", "expected an object of days mon..sun");
    csvc_status rc = only(L, week, days);
    if (rc != CSVC_OK)
        return rc;
    for (int d = 0; d < 7; d++) {
        json_t *ranges = json_object_get(week, day_keys[d]);
        char field[40];
        if (!ranges)
            continue;
        snprintf(field, sizeof field, "hours.%s", day_keys[d]);
        if (!json_is_array(ranges))
            return at(L, CSVC_E_PARSE, field, "expected an array of [\"HH:MM\", \"HH:MM\"]");
        size_t i;
        json_t *r;
        json_array_foreach(ranges, i, r)
        {
            snprintf(field, sizeof field, "hours.%s[%zu]", day_keys[d], i);
            int32_t from, to;
            if (!json_is_array(r) || json_array_size(r) != 2 ||
                !clock_minutes(json_string_value(json_array_get(r, 0)), &from) ||
                !clock_minutes(json_string_value(json_array_get(r, 1)), &to))
                return at(L, CSVC_E_PARSE, field, "expected [\"HH:MM\", \"HH:MM\"]");
            if ((rc = csvc_calendar_add_hours(cal, (csvc_weekday)d, from, to)) != CSVC_OK)
                return refused(L, rc, field);
        }
    }
    return CSVC_OK;
}

static csvc_status holidays(loader *L, json_t *list, csvc_calendar *cal)
{
    if (!list)
        return CSVC_OK;
    if (!json_is_array(list))
        return at(L, CSVC_E_PARSE, "holidays", "expected an array of \"YYYY-MM-DD\"");
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        char field[32];
        snprintf(field, sizeof field, "holidays[%zu]", i);
        const char *s = json_string_value(v);
        int32_t y, m, d;
        if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || s[4] != '-' ||
            s[7] != '-')
            return at(L, CSVC_E_PARSE, field, "expected \"YYYY-MM-DD\"");
        csvc_status rc = csvc_calendar_add_holiday(cal, y, m, d);
        if (rc != CSVC_OK)
            return refused(L, rc, field);
    }
    return CSVC_OK;
}

static csvc_status calendar_entry(loader *L, json_t *obj)
{
    static const char *const keys[] = {"team", "time_zone", "utc_offset", "hours", "holidays",
                                       NULL};
    const char *team, *zone;
    json_t *offset = NULL;
    csvc_status rc = only(L, obj, keys);
    if (rc == CSVC_OK)
        rc = text(L, obj, "team", &team);
    if (rc == CSVC_OK)
        rc = text(L, obj, "time_zone", &zone);
    if (rc != CSVC_OK)
        return rc;
    offset = json_object_get(obj, "utc_offset");
    if (zone && offset)
        return at(L, CSVC_E_PARSE, "utc_offset", "give time_zone or utc_offset, not both");
    int32_t seconds = 0;
    if (offset && (rc = utc_offset(L, offset, &seconds)) != CSVC_OK)
        return rc;
    csvc_calendar *cal = NULL;
    rc = zone ? csvc_calendar_new_tz(NULL, zone, &cal) : csvc_calendar_new(NULL, seconds, &cal);
    if (rc != CSVC_OK)
        return refused(L, rc, zone ? "time_zone" : "utc_offset");
    rc = hours(L, json_object_get(obj, "hours"), cal);
    if (rc == CSVC_OK)
        rc = holidays(L, json_object_get(obj, "holidays"), cal);
    if (rc == CSVC_OK && (rc = csvc_desk_set_calendar(L->scratch, team, cal)) != CSVC_OK)
        rc = refused(L, rc, "team");
    csvc_calendar_free(cal);
    return rc;
}

static csvc_status pause_states(loader *L, json_t *list, uint32_t *out)
{
    if (!list)
        return CSVC_OK;
    if (!json_is_array(list))
        return at(L, CSVC_E_PARSE, "pause", "expected an array of \"customer\" or \"internal\"");
    *out = 0;
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        const char *s = json_string_value(v);
        if (s && strcmp(s, "customer") == 0)
            *out |= CSVC_PAUSE_PENDING_CUSTOMER;
        else if (s && strcmp(s, "internal") == 0)
            *out |= CSVC_PAUSE_PENDING_INTERNAL;
        else
            return at(L, CSVC_E_PARSE, "pause", "expected \"customer\" or \"internal\"");
    }
    return CSVC_OK;
}

static csvc_status sla_entry(loader *L, json_t *obj)
{
    static const char *const keys[] = {"team",          "priority",   "category", "first_response",
                                       "next_response", "resolution", "pause",    NULL};
    csvc_sla_policy p = CSVC_SLA_POLICY_INIT;
    const char *priority, *category;
    csvc_status rc = only(L, obj, keys);
    if (rc == CSVC_OK)
        rc = text(L, obj, "team", &p.team_id);
    if (rc == CSVC_OK)
        rc = text(L, obj, "priority", &priority);
    if (rc == CSVC_OK)
        rc = text(L, obj, "category", &category);
    if (rc != CSVC_OK)
        return rc;
    csvc_priority pr;
    csvc_category ca;
    if (priority && csvc_priority_parse(priority, &pr) != CSVC_OK)
        return refused(L, CSVC_E_PARSE, "priority");
    if (category && csvc_category_parse(category, &ca) != CSVC_OK)
        return refused(L, CSVC_E_PARSE, "category");
    p.priority = priority ? (int32_t)pr : -1;
    p.category = category ? (int32_t)ca : -1;
    if ((rc = duration(L, obj, "first_response", &p.first_response)) != CSVC_OK ||
        (rc = duration(L, obj, "next_response", &p.next_response)) != CSVC_OK ||
        (rc = duration(L, obj, "resolution", &p.resolution)) != CSVC_OK ||
        (rc = pause_states(L, json_object_get(obj, "pause"), &p.pause_states)) != CSVC_OK)
        return rc;
    if ((rc = csvc_desk_add_sla_policy(L->scratch, &p)) != CSVC_OK)
        return refused(L, rc, NULL);
    return CSVC_OK;
}

static csvc_status reopen_entry(loader *L, json_t *obj)
{
    static const char *const keys[] = {"team", "window", "auto_close", NULL};
    const csvc_desk_options init = CSVC_DESK_OPTIONS_INIT;
    const char *team;
    int64_t window = init.reopen_window, close = init.auto_close_after;
    csvc_status rc = only(L, obj, keys);
    if (rc == CSVC_OK)
        rc = text(L, obj, "team", &team);
    if (rc == CSVC_OK)
        rc = duration(L, obj, "window", &window);
    if (rc == CSVC_OK)
        rc = duration(L, obj, "auto_close", &close);
    if (rc == CSVC_OK && (rc = csvc_desk_set_reopen_policy(L->scratch, team, window, close)) !=
                             CSVC_OK)
        return refused(L, rc, NULL);
    return rc;
}

static csvc_status ola_entry(loader *L, json_t *obj)
{
    static const char *const keys[] = {"department", "target", NULL};
    const char *department;
    int64_t target = 0;
    csvc_status rc = only(L, obj, keys);
    if (rc == CSVC_OK)
        rc = text(L, obj, "department", &department);
    if (rc == CSVC_OK && !department)
        return at(L, CSVC_E_PARSE, "department", "missing");
    if (rc == CSVC_OK)
        rc = duration(L, obj, "target", &target);
    if (rc == CSVC_OK && (rc = csvc_desk_set_ola(L->scratch, department, target)) != CSVC_OK)
        return refused(L, rc, NULL);
    return rc;
}

static csvc_status section(loader *L, json_t *root, const char *name,
                           csvc_status (*entry)(loader *, json_t *))
{
    json_t *list = json_object_get(root, name);
    if (!list)
        return CSVC_OK;
    snprintf(L->path, sizeof L->path, "%s", name);
    if (!json_is_array(list))
        return at(L, CSVC_E_PARSE, NULL, "expected an array");
    size_t i;
    json_t *obj;
    json_array_foreach(list, i, obj)
    {
        snprintf(L->path, sizeof L->path, "%s[%zu]", name, i);
        csvc_status rc = entry(L, obj);
        if (rc != CSVC_OK)
            return rc;
    }
    return CSVC_OK;
}

static csvc_status build(loader *L, json_t *root)
{
    static const char *const keys[] = {"description", "calendars", "sla", "reopen", "ola", NULL};
    snprintf(L->path, sizeof L->path, "(document)");
    csvc_status rc = only(L, root, keys);
    if (rc == CSVC_OK)
        rc = section(L, root, "calendars", calendar_entry);
    if (rc == CSVC_OK)
        rc = section(L, root, "reopen", reopen_entry);
    if (rc == CSVC_OK)
        rc = section(L, root, "sla", sla_entry);
    if (rc == CSVC_OK)
        rc = section(L, root, "ola", ola_entry);
    return rc;
}

/* ---- replacing the desk's configuration ----------------------------------- */

typedef struct replacement {
    const char *text; /* to decode: the new configuration, then the old */
    csvc_status rc;
} replacement;

static void decode(csvc_desk *d, void *arg)
{
    replacement *r = arg;
    r->rc = cs_desk_config_decode(d, r->text, &d->err);
}

static csvc_status replace(csvc_desk *d, const char *next, const char *previous)
{
    replacement r = {next, CSVC_OK};
    /* Decoding stages everything before it swaps: a failure (memory)
     * changes nothing. The journal then takes the new configuration or
     * the old one is decoded back (that could only fail for memory). */
    decode(d, &r);
    if (r.rc != CSVC_OK)
        return r.rc;
    replacement back = {previous, CSVC_OK};
    csvc_status rc = cs_journal_open(&d->journal);
    if (rc == CSVC_OK) {
        rc = cs_journal_change(&d->journal, CS_DESK_CHANGE_CONFIG, NULL);
        if (rc == CSVC_OK)
            rc = cs_journal_close(&d->journal, 1);
        cs_journal_close(&d->journal, 0);
    }
    if (rc != CSVC_OK) {
        char why[CS_ERRMSG_MAX / 2];
        snprintf(why, sizeof why, "%s", csvc_last_errmsg());
        decode(d, &back);
        return cs_fail(&d->err, rc, "desk config: not stored (%s): %s", csvc_status_str(rc), why);
    }
    return CSVC_OK;
}

csvc_status csvc_desk_load_config_json_buffer(csvc_desk *desk, const char *data, size_t size)
{
    if (!desk || (!data && size))
        return cs_fail(desk ? &desk->err : NULL, CSVC_E_NULL, "desk config: %s is NULL",
                       desk ? "data" : "desk");
    CS_DESK_REFUSE_IF_BUSY(desk, "load_config_json");
    json_error_t e;
    json_t *root = json_loadb(data ? data : "", size, JSON_REJECT_DUPLICATES, &e);
    if (!root)
        return cs_fail(&desk->err, CSVC_E_PARSE, "desk config: line %d, column %d: %s", e.line,
                       e.column, e.text);
    csvc_allocator a = {CSVC_ALLOCATOR_VERSION, desk->alloc.malloc_fn, desk->alloc.realloc_fn,
                        desk->alloc.free_fn, desk->alloc.ud};
    csvc_desk_options o = CSVC_DESK_OPTIONS_INIT;
    o.allocator = &a;
    loader L = {desk, NULL, ""};
    csvc_status rc = csvc_desk_new(desk->roster, &o, &L.scratch);
    if (rc != CSVC_OK)
        rc = cs_fail(&desk->err, rc, "desk config: %s", csvc_last_errmsg());
    else
        rc = build(&L, root);
    json_decref(root);
    cs_strbuf next, previous;
    cs_strbuf_init(&next, &desk->alloc);
    cs_strbuf_init(&previous, &desk->alloc);
    if (rc == CSVC_OK) {
        cs_desk_config_encode(L.scratch, &next);
        cs_desk_config_encode(desk, &previous);
        rc = next.failed || previous.failed
                 ? cs_fail(&desk->err, CSVC_E_NOMEM, "desk config: out of memory")
                 : replace(desk, next.data ? next.data : "", previous.data ? previous.data : "");
    }
    cs_strbuf_free(&next);
    cs_strbuf_free(&previous);
    csvc_desk_free(L.scratch);
    if (rc == CSVC_OK)
        cs_err_clear(&desk->err);
    return rc;
}

csvc_status csvc_desk_load_config_json(csvc_desk *desk, const char *path)
{
    if (!desk || !path)
        return cs_fail(desk ? &desk->err : NULL, CSVC_E_NULL, "desk config: %s is NULL",
                       desk ? "path" : "desk");
    cs_strbuf sb;
    cs_strbuf_init(&sb, &desk->alloc);
    csvc_status rc = cs_strbuf_read_file(&sb, path, "desk config", &desk->err);
    if (rc == CSVC_OK)
        rc = csvc_desk_load_config_json_buffer(desk, sb.data ? sb.data : "", sb.len);
    cs_strbuf_free(&sb);
    return rc;
}
