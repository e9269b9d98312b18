/* Desk CSV interchange: the event-log import and export, and the flat
 * ticket import (one row per ticket, as helpdesks export them).
 *
 * Both imports are all or nothing: the whole file runs inside one
 * group (cs_desk_txn_begin), every row goes through cs_desk_apply_event() so the
 * desk's own rules decide, and the first error rolls the group back.
 * Values the importer can check by itself (times, names, roster ids, the
 * order of a flat row's times) fail with "line L, column C (name): reason";
 * a refusal by the desk keeps its status and becomes "line L: <reason>".
 *
 * The export streams the log through a small buffer into a temporary file
 * next to the target and renames it into place, so a failed export never
 * leaves a truncated file behind. */
#include "desk_internal.h"
#include "atomic_file.h"
#include "calendar_seam.h"
#include "civil.h"
#include "csv.h"
#include "import_options.h"
#include "strbuf.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Most events one flat row may carry per repeated kind (reopenings,
 * complaints): bounds the work a single row can cause. */
#define FLAT_REPEAT_MAX 100
/* How much of an offending value a message quotes. */
#define QUOTE "%.64s"

/* ---- columns ------------------------------------------------------------ */

enum {
    EV_SEQ,
    EV_TICKET_ID,
    EV_TYPE,
    EV_TIME,
    EV_ACTOR_ID,
    EV_AGENT_ID,
    EV_TEAM_ID,
    EV_CUSTOMER_ID,
    EV_RELATED_ID,
    EV_CODE,
    EV_CHANNEL,
    EV_CATEGORY,
    EV_PRIORITY,
    EV_VALUE,
    EV_NCOLS
};

static const cs_csv_column event_columns[EV_NCOLS] = {
    {"seq", 0},      {"ticket_id", 1}, {"type", 1},        {"time", 1},       {"actor_id", 0},
    {"agent_id", 0}, {"team_id", 0},   {"customer_id", 0}, {"related_id", 0}, {"code", 0},
    {"channel", 0},  {"category", 0},  {"priority", 0},    {"value", 0},
};

enum {
    TK_TICKET_ID,
    TK_CUSTOMER_ID,
    TK_AGENT_ID,
    TK_TEAM_ID,
    TK_CHANNEL,
    TK_CATEGORY,
    TK_PRIORITY,
    TK_CREATED,
    TK_FIRST_REPLY,
    TK_RESOLVED,
    TK_CLOSED,
    TK_REOPENED,
    TK_CSAT,
    TK_COMPLAINT,
    TK_FIRST_CONTACT,
    TK_NCOLS
};

static const cs_csv_column ticket_columns[TK_NCOLS] = {
    {"ticket_id", 1}, {"customer_id", 0}, {"agent_id", 0}, {"team_id", 1},     {"channel", 0},
    {"category", 0},  {"priority", 0},    {"created", 1},  {"first_reply", 0}, {"resolved", 0},
    {"closed", 0},    {"reopened", 0},    {"csat", 0},     {"complaint", 0},   {"first_contact", 0},
};

/* ---- one row ------------------------------------------------------------ */

typedef struct row_ctx {
    csvc_desk *d;
    const cs_csv_column *columns;
    const int *col; /* position of each known column in the file, or -1 */
    const cs_csv_record *rec;
    const cs_import *imp;
    int team_column; /* the column naming the row's team (-1: none) */
    int ticket_column;
} row_ctx;

/* The text of a known column in the current row, "" when the file lacks it. */
static const char *field(const row_ctx *c, int column)
{
    int i = c->col[column];
    return i < 0 ? "" : c->rec->fields[i].ptr;
}

/* As field(), with NULL for an empty value (optional ids and codes). */
static const char *opt_field(const row_ctx *c, int column)
{
    const char *s = field(c, column);
    return *s ? s : NULL;
}

static csvc_status bad_field(const row_ctx *c, csvc_status status, int column, const char *fmt, ...)
    CS_PRINTF(4, 5);

/* "line L, column C (name): reason", kept in the desk and the thread. */
static csvc_status bad_field(const row_ctx *c, csvc_status status, int column, const char *fmt, ...)
{
    char reason[CS_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    size_t position = c->col[column] < 0 ? 0 : (size_t)c->col[column] + 1;
    return cs_csv_fail_field(&c->d->err, status, c->rec->line, position, c->columns[column].name,
                             "%s", reason);
}

static csvc_status required(const row_ctx *c, int column, const char **out)
{
    *out = field(c, column);
    return **out ? CSVC_OK : bad_field(c, CSVC_E_PARSE, column, "a value is required");
}

/* Optional signed decimal integer into [min, max]; `*present` says whether
 * the field held one (an empty field leaves *out alone). */
static csvc_status parse_int(const row_ctx *c, int column, int64_t min, int64_t max, int64_t *out,
                             int *present)
{
    const char *s = field(c, column), *p = s;
    *present = 0;
    if (!*s)
        return CSVC_OK;
    int negative = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    if (!*p)
        return bad_field(c, CSVC_E_PARSE, column, "'" QUOTE "' is not an integer", s);
    uint64_t mag = 0, limit = negative ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
    int overflow = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            return bad_field(c, CSVC_E_PARSE, column, "'" QUOTE "' is not an integer", s);
        unsigned digit = (unsigned)(*p - '0');
        if (mag > (limit - digit) / 10)
            overflow = 1;
        else
            mag = mag * 10 + digit;
    }
    int64_t v =
        negative ? (mag == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)mag) : (int64_t)mag;
    if (overflow || v < min || v > max)
        return bad_field(c, CSVC_E_RANGE, column,
                         "'" QUOTE "' is out of range (%" PRId64 "..%" PRId64 ")", s, min, max);
    *out = v;
    *present = 1;
    return CSVC_OK;
}

/* The clock a time without an offset is read on: the option's, else the
 * calendar's of the row's team (named in the row, else the ticket's). */
static cs_clock naive_clock(const row_ctx *c)
{
    if (c->imp->tz || c->imp->utc_offset != CSVC_UTC_OFFSET_AUTO)
        return cs_import_clock(c->imp, (cs_clock){0, NULL});
    uint32_t team = CS_NONE;
    const char *team_id = c->team_column >= 0 ? field(c, c->team_column) : "";
    if (*team_id)
        team = cs_roster_find_team(c->d->roster, team_id);
    if (team == CS_NONE) {
        uint32_t ticket = cs_desk_find_ticket(c->d, field(c, c->ticket_column));
        if (ticket != CS_NONE)
            team = c->d->tickets[ticket].team;
    }
    const csvc_calendar *cal =
        team == CS_NONE ? c->d->default_calendar : cs_desk_calendar(c->d, team);
    return (cs_clock){csvc_calendar_utc_offset(cal), cs_calendar_tz(cal)};
}

/* An optional time: ISO 8601 as csvc_time_parse() reads it (a time without
 * an offset on naive_clock()), or plain Unix seconds. `*out` is
 * CSVC_TIME_NONE for an empty field. */
static csvc_status parse_time(const row_ctx *c, int column, int64_t *out)
{
    const char *s = field(c, column);
    *out = CSVC_TIME_NONE;
    if (!*s)
        return CSVC_OK;
    if (cs_is_integer_text(s) && *s != '+') { /* plain Unix seconds */
        int present;
        return parse_int(c, column, INT64_MIN + 1, INT64_MAX, out, &present);
    }
    cs_clock clock = naive_clock(c);
    const char *why = cs_time_parse_clock(s, strlen(s), clock, out);
    if (why) {
        char how[CS_TZ_NAME_MAX + 8];
        cs_clock_describe(clock, how, sizeof how);
        *out = CSVC_TIME_NONE;
        return bad_field(c, CSVC_E_PARSE, column,
                         "'" QUOTE "' is not a time (ISO 8601 or Unix seconds; without an offset "
                         "it is read %s): %s",
                         s, how, why);
    }
    return CSVC_OK;
}

static csvc_status required_time(const row_ctx *c, int column, int64_t *out)
{
    const char *s;
    csvc_status rc = required(c, column, &s);
    return rc != CSVC_OK ? rc : parse_time(c, column, out);
}

static csvc_status check_agent(const row_ctx *c, int column)
{
    const char *id = field(c, column);
    if (*id && cs_roster_find_agent(c->d->roster, id) == CS_NONE)
        return bad_field(c, CSVC_E_NOTFOUND, column, "unknown agent '" QUOTE "'", id);
    return CSVC_OK;
}

static csvc_status check_team(const row_ctx *c, int column)
{
    const char *id = field(c, column);
    if (*id && cs_roster_find_team(c->d->roster, id) == CS_NONE)
        return bad_field(c, CSVC_E_NOTFOUND, column, "unknown team '" QUOTE "'", id);
    return CSVC_OK;
}

/* Channel, category and priority: empty keeps the ::CSVC_EVENT_INIT default. */
static csvc_status parse_channel(const row_ctx *c, int column, csvc_channel *out)
{
    const char *s = field(c, column);
    if (*s && csvc_channel_parse(s, out) != CSVC_OK)
        return bad_field(
            c, CSVC_E_PARSE, column,
            "unknown channel '" QUOTE "' (phone, chat, email, web_form, social or in_store)", s);
    return CSVC_OK;
}

static csvc_status parse_category(const row_ctx *c, int column, csvc_category *out)
{
    const char *s = field(c, column);
    if (*s && csvc_category_parse(s, out) != CSVC_OK)
        return bad_field(c, CSVC_E_PARSE, column,
                         "unknown category '" QUOTE
                         "' (inquiry, order_logistics, return_refund, repair_warranty, "
                         "complaint, technical or other)",
                         s);
    return CSVC_OK;
}

static csvc_status parse_priority(const row_ctx *c, int column, csvc_priority *out)
{
    const char *s = field(c, column);
    if (*s && csvc_priority_parse(s, out) != CSVC_OK)
        return bad_field(c, CSVC_E_PARSE, column,
                         "unknown priority '" QUOTE "' (low, normal, high or urgent)", s);
    return CSVC_OK;
}

/* Applies one event of the current row; a refusal keeps the desk's status
 * and reason, prefixed with the line. */
static csvc_status apply_row(const row_ctx *c, const csvc_event *ev)
{
    /* Imported events are history: rules on the roster's current state
     * (an agent's activity) are not checked again. */
    csvc_status rc = cs_desk_apply_event(c->d, ev, CS_APPLY_HISTORY);
    if (rc == CSVC_OK)
        return rc;
    char reason[CS_ERRMSG_MAX];
    snprintf(reason, sizeof reason, "%s", c->d->err.msg[0] ? c->d->err.msg : csvc_status_str(rc));
    return cs_fail(&c->d->err, rc, "line %" PRIu64 ": %s", c->rec->line, reason);
}

/* ---- the import driver -------------------------------------------------- */

typedef csvc_status (*row_fn)(const row_ctx *c);

/* Maps the header, then feeds every record to `row` inside one
 * group: committed when every row applied, rolled back at the first error.
 * Takes ownership of `csv`. */
typedef struct import_spec {
    const char *what;
    const cs_csv_column *columns;
    size_t ncolumns;
    int team_column, ticket_column;
    row_fn row;
} import_spec;

static csvc_status import_rows(csvc_desk *d, cs_csv *csv, const import_spec *spec,
                               const cs_import *imp, int *col)
{
    const char *what = spec->what;
    csvc_status rc = cs_desk_txn_begin(d);
    if (rc != CSVC_OK) {
        cs_csv_close(csv);
        return cs_fail(&d->err, rc, "%s: %s", what,
                       rc == CSVC_E_BUSY ? "another all-or-nothing group is open"
                                         : csvc_status_str(rc));
    }
    rc = cs_csv_map_header(csv, spec->columns, spec->ncolumns, 0, col, &d->err);
    row_ctx c = {d, spec->columns, col, NULL, imp, spec->team_column, spec->ticket_column};
    cs_csv_record rec;
    int more = 0;
    while (rc == CSVC_OK && (more = cs_csv_next(csv, &rec, &d->err)) == 1) {
        c.rec = &rec;
        rc = spec->row(&c);
    }
    if (rc == CSVC_OK && more < 0)
        rc = (csvc_status)more;
    if (rc == CSVC_OK)
        rc = cs_desk_txn_commit(d);
    else
        cs_desk_txn_rollback(d);
    cs_csv_close(csv);
    return rc;
}

/* Opens a file (`path` set) or a buffer and imports it. */
static csvc_status import_source(csvc_desk *d, const char *path, const char *data, size_t size,
                                 const import_spec *spec, const csvc_import_options *options,
                                 int *col)
{
    CS_DESK_REFUSE_IF_BUSY(d, spec->what);
    cs_import imp;
    csvc_status rc = cs_import_resolve(&d->err, spec->what, options, &d->alloc, &imp);
    cs_csv *csv;
    if (rc == CSVC_OK &&
        (rc = cs_csv_open_as(&d->alloc, path, data, size, imp.encoding, &csv, &d->err)) == CSVC_OK)
        rc = import_rows(d, csv, spec, &imp, col);
    cs_import_release(&imp);
    return rc;
}

static csvc_status null_args(csvc_desk *d, const char *what, const char *arg)
{
    return cs_fail(d ? &d->err : NULL, CSVC_E_NULL, "%s: %s is NULL", what, d ? arg : "desk");
}
/* ---- event-log import --------------------------------------------------- */

/* The value column; a pend reason may also be given by name. */
static csvc_status parse_value(const row_ctx *c, csvc_event_type type, int32_t *out)
{
    const char *s = field(c, EV_VALUE);
    if (type == CSVC_EVENT_PENDED && (strcmp(s, "customer") == 0 || strcmp(s, "internal") == 0)) {
        *out = strcmp(s, "customer") == 0 ? CSVC_PEND_CUSTOMER : CSVC_PEND_INTERNAL;
        return CSVC_OK;
    }
    int64_t v = 0;
    int present;
    csvc_status rc = parse_int(c, EV_VALUE, INT32_MIN, INT32_MAX, &v, &present);
    *out = (int32_t)v;
    return rc;
}

static csvc_status event_row(const row_ctx *c)
{
    csvc_event ev = CSVC_EVENT_INIT;
    const char *type;
    csvc_status rc;
    if ((rc = required(c, EV_TICKET_ID, &ev.ticket_id)) != CSVC_OK ||
        (rc = required(c, EV_TYPE, &type)) != CSVC_OK)
        return rc;
    if (csvc_event_type_parse(type, &ev.type) != CSVC_OK)
        return bad_field(c, CSVC_E_PARSE, EV_TYPE, "unknown event type '" QUOTE "'", type);
    if ((rc = required_time(c, EV_TIME, &ev.time)) != CSVC_OK ||
        (rc = check_agent(c, EV_ACTOR_ID)) != CSVC_OK ||
        (rc = check_agent(c, EV_AGENT_ID)) != CSVC_OK ||
        (rc = check_team(c, EV_TEAM_ID)) != CSVC_OK ||
        (rc = parse_channel(c, EV_CHANNEL, &ev.channel)) != CSVC_OK ||
        (rc = parse_category(c, EV_CATEGORY, &ev.category)) != CSVC_OK ||
        (rc = parse_priority(c, EV_PRIORITY, &ev.priority)) != CSVC_OK ||
        (rc = parse_value(c, ev.type, &ev.value)) != CSVC_OK)
        return rc;
    ev.actor_id = opt_field(c, EV_ACTOR_ID);
    ev.agent_id = opt_field(c, EV_AGENT_ID);
    ev.team_id = opt_field(c, EV_TEAM_ID);
    ev.customer_id = opt_field(c, EV_CUSTOMER_ID);
    ev.related_id = opt_field(c, EV_RELATED_ID);
    ev.code = opt_field(c, EV_CODE);
    return apply_row(c, &ev);
}

static const char events_what[] = "events import";
static const import_spec events_spec = {events_what, event_columns, EV_NCOLS,
                                        EV_TEAM_ID,  EV_TICKET_ID,  event_row};

csvc_status csvc_desk_import_events_csv_opts(csvc_desk *desk, const char *path,
                                             const csvc_import_options *options)
{
    int col[EV_NCOLS];
    return !desk || !path ? null_args(desk, events_what, "path")
                          : import_source(desk, path, NULL, 0, &events_spec, options, col);
}

csvc_status csvc_desk_import_events_csv_buffer_opts(csvc_desk *desk, const char *data,
                                                    size_t size,
                                                    const csvc_import_options *options)
{
    int col[EV_NCOLS];
    return !desk || (!data && size)
               ? null_args(desk, events_what, "data")
               : import_source(desk, NULL, data, size, &events_spec, options, col);
}

csvc_status csvc_desk_import_events_csv(csvc_desk *desk, const char *path)
{
    return csvc_desk_import_events_csv_opts(desk, path, NULL);
}

csvc_status csvc_desk_import_events_csv_buffer(csvc_desk *desk, const char *data, size_t size)
{
    return csvc_desk_import_events_csv_buffer_opts(desk, data, size, NULL);
}

/* ---- flat ticket import ------------------------------------------------- */

/* One parsed flat row. Times are CSVC_TIME_NONE when empty. */
typedef struct flat_row {
    const char *id, *customer, *agent, *team;
    csvc_channel channel;
    csvc_category category;
    csvc_priority priority;
    int64_t created, first_reply, resolved, closed;
    int64_t reopened, csat, complaints, first_contact;
    int has_csat;
} flat_row;

static csvc_status parse_flag(const row_ctx *c, int column, int64_t *out)
{
    static const char *const yes[] = {"1", "true", "yes", "TRUE", "YES", "True", "Yes"};
    static const char *const no[] = {"0", "false", "no", "FALSE", "NO", "False", "No"};
    const char *s = field(c, column);
    *out = 0;
    if (!*s)
        return CSVC_OK;
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcmp(s, yes[i]) == 0) {
            *out = 1;
            return CSVC_OK;
        }
        if (strcmp(s, no[i]) == 0)
            return CSVC_OK;
    }
    return bad_field(c, CSVC_E_PARSE, column, "'" QUOTE "' is not 1/0, true/false or yes/no", s);
}

static csvc_status parse_flat_ids(const row_ctx *c, flat_row *r)
{
    csvc_status rc;
    if ((rc = required(c, TK_TICKET_ID, &r->id)) != CSVC_OK)
        return rc;
    if (cs_desk_find_ticket(c->d, r->id) != CS_NONE)
        return bad_field(c, CSVC_E_EXISTS, TK_TICKET_ID, "ticket '" QUOTE "' already exists",
                         r->id);
    if ((rc = required(c, TK_TEAM_ID, &r->team)) != CSVC_OK ||
        (rc = check_team(c, TK_TEAM_ID)) != CSVC_OK ||
        (rc = check_agent(c, TK_AGENT_ID)) != CSVC_OK)
        return rc;
    r->customer = opt_field(c, TK_CUSTOMER_ID);
    r->agent = opt_field(c, TK_AGENT_ID);
    return CSVC_OK;
}

static csvc_status parse_flat_values(const row_ctx *c, flat_row *r)
{
    csvc_status rc;
    int present;
    r->channel = CSVC_CHANNEL_PHONE;
    r->category = CSVC_CATEGORY_INQUIRY;
    r->priority = CSVC_PRIORITY_NORMAL;
    r->reopened = r->complaints = 0;
    if ((rc = parse_channel(c, TK_CHANNEL, &r->channel)) != CSVC_OK ||
        (rc = parse_category(c, TK_CATEGORY, &r->category)) != CSVC_OK ||
        (rc = parse_priority(c, TK_PRIORITY, &r->priority)) != CSVC_OK ||
        (rc = required_time(c, TK_CREATED, &r->created)) != CSVC_OK ||
        (rc = parse_time(c, TK_FIRST_REPLY, &r->first_reply)) != CSVC_OK ||
        (rc = parse_time(c, TK_RESOLVED, &r->resolved)) != CSVC_OK ||
        (rc = parse_time(c, TK_CLOSED, &r->closed)) != CSVC_OK ||
        (rc = parse_int(c, TK_REOPENED, 0, FLAT_REPEAT_MAX, &r->reopened, &present)) != CSVC_OK ||
        (rc = parse_int(c, TK_COMPLAINT, 0, FLAT_REPEAT_MAX, &r->complaints, &present)) !=
            CSVC_OK ||
        (rc = parse_flag(c, TK_FIRST_CONTACT, &r->first_contact)) != CSVC_OK)
        return rc;
    const char *csat = field(c, TK_CSAT);
    if ((rc = parse_int(c, TK_CSAT, INT64_MIN, INT64_MAX, &r->csat, &r->has_csat)) != CSVC_OK)
        return rc;
    if (r->has_csat && (r->csat < 1 || r->csat > 5))
        return bad_field(c, CSVC_E_RANGE, TK_CSAT,
                         "CSAT '" QUOTE "' is outside 1..5 (leave it empty when not rated)", csat);
    return CSVC_OK;
}

/* `later` must not precede `earlier`; names both times in the message. */
static csvc_status check_order(const row_ctx *c, int column, int64_t later, int64_t earlier,
                               const char *earlier_what)
{
    if (later >= earlier)
        return CSVC_OK;
    char a[32], b[32];
    if (csvc_time_format(later, a, sizeof a) != CSVC_OK)
        snprintf(a, sizeof a, "%" PRId64, later);
    if (csvc_time_format(earlier, b, sizeof b) != CSVC_OK)
        snprintf(b, sizeof b, "%" PRId64, earlier);
    return bad_field(c, CSVC_E_TIME, column, "%s is before %s (%s)", a, earlier_what, b);
}

static csvc_status needs(const row_ctx *c, int column, int what_is_set, const char *reason)
{
    return what_is_set ? CSVC_OK : bad_field(c, CSVC_E_CONSTRAINT, column, "%s", reason);
}

/* The consistency of a row's steps and the order of its times. `*last`
 * receives the time of the final resolution (after the reopenings). */
static csvc_status check_flat(const row_ctx *c, const flat_row *r, int64_t *last)
{
    const int has_reply = r->first_reply != CSVC_TIME_NONE;
    const int has_resolved = r->resolved != CSVC_TIME_NONE;
    csvc_status rc;
    if ((has_reply && (rc = needs(c, TK_FIRST_REPLY, r->agent != NULL,
                                  "a first reply needs agent_id")) != CSVC_OK) ||
        (has_resolved &&
         (rc = needs(c, TK_RESOLVED, has_reply, "a resolution needs first_reply")) != CSVC_OK) ||
        (r->closed != CSVC_TIME_NONE &&
         (rc = needs(c, TK_CLOSED, has_resolved, "closing needs resolved")) != CSVC_OK) ||
        (r->reopened > 0 &&
         (rc = needs(c, TK_REOPENED, has_resolved, "reopenings need resolved")) != CSVC_OK) ||
        (r->has_csat &&
         (rc = needs(c, TK_CSAT, has_resolved, "a rating needs resolved")) != CSVC_OK) ||
        (r->first_contact && (rc = needs(c, TK_FIRST_CONTACT, has_resolved,
                                         "first_contact needs resolved")) != CSVC_OK))
        return rc;
    if (has_reply &&
        (rc = check_order(c, TK_FIRST_REPLY, r->first_reply, r->created, "created")) != CSVC_OK)
        return rc;
    *last = CSVC_TIME_NONE;
    if (!has_resolved)
        return CSVC_OK;
    if ((rc = check_order(c, TK_RESOLVED, r->resolved, r->first_reply, "first_reply")) != CSVC_OK)
        return rc;
    if (r->resolved > INT64_MAX - 2 * r->reopened)
        return bad_field(c, CSVC_E_RANGE, TK_RESOLVED, "too late for %" PRId64 " reopenings",
                         r->reopened);
    *last = r->resolved + 2 * r->reopened;
    if (r->closed == CSVC_TIME_NONE)
        return CSVC_OK;
    return check_order(c, TK_CLOSED, r->closed, *last,
                       r->reopened ? "the last resolution after the reopenings" : "resolved");
}

/* Emits `ev` with the given type and time (the payload stays as set). */
static csvc_status emit(const row_ctx *c, csvc_event *ev, csvc_event_type type, int64_t time)
{
    ev->type = type;
    ev->time = time;
    return apply_row(c, ev);
}

static csvc_status expand_flat(const row_ctx *c, const flat_row *r, int64_t last)
{
    csvc_event ev = CSVC_EVENT_INIT;
    csvc_status rc;
    ev.ticket_id = r->id;
    ev.customer_id = r->customer;
    ev.team_id = r->team;
    ev.channel = r->channel;
    ev.category = r->category;
    ev.priority = r->priority;
    if ((rc = emit(c, &ev, CSVC_EVENT_CREATED, r->created)) != CSVC_OK)
        return rc;
    ev.customer_id = ev.team_id = NULL;
    ev.channel = CSVC_CHANNEL_PHONE;
    ev.category = CSVC_CATEGORY_INQUIRY;
    ev.priority = CSVC_PRIORITY_NORMAL;
    if (r->agent) {
        ev.agent_id = r->agent;
        if ((rc = emit(c, &ev, CSVC_EVENT_ASSIGNED, r->created)) != CSVC_OK)
            return rc;
        ev.agent_id = NULL;
    }
    if (r->first_reply != CSVC_TIME_NONE) {
        ev.actor_id = r->agent;
        if ((rc = emit(c, &ev, CSVC_EVENT_AGENT_REPLY, r->first_reply)) != CSVC_OK)
            return rc;
    }
    if (r->resolved != CSVC_TIME_NONE) {
        ev.value = (int32_t)r->first_contact;
        if ((rc = emit(c, &ev, CSVC_EVENT_RESOLVED, r->resolved)) != CSVC_OK)
            return rc;
        ev.value = 0;
        for (int64_t k = 1; k <= r->reopened; k++) {
            ev.actor_id = NULL;
            if ((rc = emit(c, &ev, CSVC_EVENT_REOPENED, r->resolved + 2 * k - 1)) != CSVC_OK)
                return rc;
            ev.actor_id = r->agent;
            if ((rc = emit(c, &ev, CSVC_EVENT_RESOLVED, r->resolved + 2 * k)) != CSVC_OK)
                return rc;
        }
    }
    ev.actor_id = NULL;
    if (r->closed != CSVC_TIME_NONE && (rc = emit(c, &ev, CSVC_EVENT_CLOSED, r->closed)) != CSVC_OK)
        return rc;
    if (r->has_csat) {
        ev.value = (int32_t)r->csat;
        if ((rc = emit(c, &ev, CSVC_EVENT_RATED, r->closed != CSVC_TIME_NONE ? r->closed : last)) !=
            CSVC_OK)
            return rc;
        ev.value = 0;
    }
    int64_t latest = r->closed != CSVC_TIME_NONE        ? r->closed
                     : last != CSVC_TIME_NONE           ? last
                     : r->first_reply != CSVC_TIME_NONE ? r->first_reply
                                                        : r->created;
    for (int64_t k = 0; k < r->complaints; k++)
        if ((rc = emit(c, &ev, CSVC_EVENT_COMPLAINT, latest)) != CSVC_OK)
            return rc;
    return CSVC_OK;
}

static csvc_status ticket_row(const row_ctx *c)
{
    flat_row r;
    int64_t last;
    csvc_status rc;
    if ((rc = parse_flat_ids(c, &r)) != CSVC_OK || (rc = parse_flat_values(c, &r)) != CSVC_OK ||
        (rc = check_flat(c, &r, &last)) != CSVC_OK)
        return rc;
    return expand_flat(c, &r, last);
}

static const char tickets_what[] = "tickets import";
static const import_spec tickets_spec = {tickets_what, ticket_columns, TK_NCOLS,
                                         TK_TEAM_ID,   TK_TICKET_ID,   ticket_row};

csvc_status csvc_desk_import_tickets_csv_opts(csvc_desk *desk, const char *path,
                                              const csvc_import_options *options)
{
    int col[TK_NCOLS];
    return !desk || !path ? null_args(desk, tickets_what, "path")
                          : import_source(desk, path, NULL, 0, &tickets_spec, options, col);
}

csvc_status csvc_desk_import_tickets_csv_buffer_opts(csvc_desk *desk, const char *data,
                                                     size_t size,
                                                     const csvc_import_options *options)
{
    int col[TK_NCOLS];
    return !desk || (!data && size)
               ? null_args(desk, tickets_what, "data")
               : import_source(desk, NULL, data, size, &tickets_spec, options, col);
}

csvc_status csvc_desk_import_tickets_csv(csvc_desk *desk, const char *path)
{
    return csvc_desk_import_tickets_csv_opts(desk, path, NULL);
}

csvc_status csvc_desk_import_tickets_csv_buffer(csvc_desk *desk, const char *data, size_t size)
{
    return csvc_desk_import_tickets_csv_buffer_opts(desk, data, size, NULL);
}

/* ---- export ------------------------------------------------------------- */

/* Bytes buffered before each write to the file. */
#define EXPORT_CHUNK ((size_t)64 * 1024)

static void put_id(cs_strbuf *sb, const char *s)
{
    cs_strbuf_putc(sb, ',');
    if (s)
        cs_strbuf_csv_field(sb, s);
}

static int value_applies(csvc_event_type type)
{
    return type == CSVC_EVENT_ESCALATED || type == CSVC_EVENT_PENDED ||
           type == CSVC_EVENT_RESOLVED || type == CSVC_EVENT_RATED;
}

/* One event in the import format. Channel, category and priority are
 * written for creations only, the value where the type uses it (or when
 * the log holds a non-zero one); a time outside the ISO range falls back
 * to Unix seconds, which the import also reads. */
static void put_event(cs_strbuf *sb, const csvc_event *ev)
{
    char when[32];
    if (csvc_time_format(ev->time, when, sizeof when) != CSVC_OK)
        snprintf(when, sizeof when, "%" PRId64, ev->time);
    cs_strbuf_printf(sb, "%" PRIu64 ",", ev->seq);
    cs_strbuf_csv_field(sb, ev->ticket_id);
    cs_strbuf_printf(sb, ",%s,%s", csvc_event_type_name(ev->type), when);
    put_id(sb, ev->actor_id);
    put_id(sb, ev->agent_id);
    put_id(sb, ev->team_id);
    put_id(sb, ev->customer_id);
    put_id(sb, ev->related_id);
    put_id(sb, ev->code);
    if (ev->type == CSVC_EVENT_CREATED)
        cs_strbuf_printf(sb, ",%s,%s,%s", csvc_channel_name(ev->channel),
                         csvc_category_name(ev->category), csvc_priority_name(ev->priority));
    else
        cs_strbuf_puts(sb, ",,,");
    if (value_applies(ev->type) || ev->value != 0)
        cs_strbuf_printf(sb, ",%" PRId32 "\n", ev->value);
    else
        cs_strbuf_puts(sb, ",\n");
}

/* Streams the log into the export file. */
static csvc_status write_log(const csvc_desk *d, cs_atomic_file *af, cs_errbuf *err)
{
    cs_strbuf sb;
    cs_strbuf_init(&sb, &d->alloc);
    for (size_t i = 0; i < EV_NCOLS; i++) {
        cs_strbuf_puts(&sb, event_columns[i].name);
        cs_strbuf_putc(&sb, i + 1 < EV_NCOLS ? ',' : '\n');
    }
    csvc_status rc = CSVC_OK;
    for (size_t i = 0; i <= d->nevent && rc == CSVC_OK; i++) {
        if (i < d->nevent) {
            csvc_event ev;
            cs_desk_event_view(d, i, &ev);
            put_event(&sb, &ev);
        }
        if (sb.failed) {
            cs_atomic_abort(af);
            rc = cs_fail(err, CSVC_E_NOMEM, "events export: out of memory");
        } else if (sb.len >= EXPORT_CHUNK || i == d->nevent) { /* a full chunk, or the rest */
            rc = cs_atomic_write(af, sb.data, sb.len, err);
            sb.len = 0;
            sb.data[0] = '\0';
        }
    }
    cs_strbuf_free(&sb);
    return rc;
}

csvc_status csvc_desk_export_events_csv(const csvc_desk *desk, const char *path)
{
    if (!desk || !path)
        return cs_fail(desk ? (cs_errbuf *)&desk->err : NULL, CSVC_E_NULL,
                       "events export: %s is NULL", desk ? "path" : "desk");
    cs_errbuf *err = (cs_errbuf *)&desk->err;
    cs_atomic_file af;
    csvc_status rc = cs_atomic_open(&af, &desk->alloc, path, "events export", err);
    if (rc == CSVC_OK)
        rc = write_log(desk, &af, err);
    return rc == CSVC_OK ? cs_atomic_commit(&af, err) : rc;
}
