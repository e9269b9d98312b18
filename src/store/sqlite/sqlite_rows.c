/* The SQLite backend's rows: one table per family, each row keyed by its
 * sequence number (the table's rowid), loaded in sequence order across the
 * tables by a merge. */
#include "sqlite_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Columns named in the statements, so a table's physical order (the v3
 * events table grew `version` at its end) does not matter. The filter
 * column keeps one review's rows. */
const cs_sqlite_table cs_sqlite_tables[CS_ROW_KIND_COUNT] = {
    [CS_ROW_TEAM] = {"teams", "id, name, lead", 5},
    [CS_ROW_AGENT] = {"agents",
                      "id, name, team, supervisor, currency, level, active, hire_date, base_pay,"
                      " skills, separation_date, separation_reason, employment, contract_hours",
                      16},
    [CS_ROW_EVENT] = {"events",
                      "ticket, type, time, actor, agent, team, customer, related, code, channel,"
                      " category, priority, value, version",
                      16},
    [CS_ROW_DESK_CONFIG] = {"desk_config", "body", 3},
    [CS_ROW_REVIEW] = {"reviews", "id, period_start, period_end, model_version, model, closed", 8},
    [CS_ROW_RATING] = {"ratings", "review, rater, ratee, kpi, rater_group, value, time", 9},
    [CS_ROW_OBJECTIVE] = {"objectives", "review, agent, kpi, value", 6},
    [CS_ROW_PLAN] = {"plans", "id, version, document", 5},
    [CS_ROW_STATEMENT] = {"statements",
                          "plan, plan_version, period_start, period_end, agent, approver,"
                          " approved_at, total, document",
                          11},
    [CS_ROW_POINTS] = {"points", "agent, time, points", 5},
    [CS_ROW_TRAINING] = {"training", "body", 3},
};

/* The column a load's key filters on (backend.h), or NULL: no key. */
static const char *filter_column(int kind)
{
    switch (kind) {
    case CS_ROW_REVIEW:
    case CS_ROW_PLAN:
        return "id";
    case CS_ROW_RATING:
    case CS_ROW_OBJECTIVE:
        return "review";
    case CS_ROW_STATEMENT:
        return "plan";
    default:
        return NULL;
    }
}

csvc_status cs_sqlite_prepare_rows(cs_backend *b, cs_errbuf *err)
{
    for (int k = CS_ROW_TEAM; k < CS_ROW_KIND_COUNT; k++) {
        const cs_sqlite_table *t = &cs_sqlite_tables[k];
        char sql[512];
        int n = snprintf(sql, sizeof sql, "INSERT INTO %s (seq, %s, hash) VALUES (?1", t->name,
                         t->columns);
        for (int i = 2; i <= t->ncolumns; i++)
            n += snprintf(sql + n, sizeof sql - (size_t)n, ", ?%d", i);
        snprintf(sql + n, sizeof sql - (size_t)n, ")");
        csvc_status rc = cs_sqlite_prepare(b, sql, &b->insert[k], err);
        if (rc != CSVC_OK)
            return rc;
    }
    return cs_sqlite_prepare(b,
                             "SELECT version FROM events WHERE seq > ?1 AND ticket = ?2"
                             " ORDER BY seq DESC LIMIT 1",
                             &b->ticket_version, err);
}

void cs_sqlite_finalize_rows(cs_backend *b)
{
    for (int k = 0; k < CS_ROW_KIND_COUNT; k++)
        sqlite3_finalize(b->insert[k]);
    sqlite3_finalize(b->ticket_version);
}

/* ---- appending ------------------------------------------------------------ */

static void bind_double(sqlite3_stmt *st, int i, double v)
{
    if (isnan(v))
        sqlite3_bind_null(st, i); /* "no value" */
    else
        sqlite3_bind_double(st, i, v);
}

/* Binds the fields of a row from parameter 2 on; returns the next index. */
static int bind_fields(sqlite3_stmt *st, const cs_row *row)
{
    int i = 2;
    switch (row->kind) {
    case CS_ROW_TEAM:
        cs_sqlite_bind_text(st, i++, row->u.team.id);
        cs_sqlite_bind_text(st, i++, row->u.team.name);
        cs_sqlite_bind_text(st, i++, row->u.team.lead);
        break;
    case CS_ROW_AGENT: {
        const cs_agent_row *a = &row->u.agent;
        cs_sqlite_bind_text(st, i++, a->id);
        cs_sqlite_bind_text(st, i++, a->name);
        cs_sqlite_bind_text(st, i++, a->team);
        cs_sqlite_bind_text(st, i++, a->supervisor);
        cs_sqlite_bind_text(st, i++, a->currency);
        sqlite3_bind_int(st, i++, a->level);
        sqlite3_bind_int(st, i++, a->active);
        sqlite3_bind_int64(st, i++, a->hire_date);
        sqlite3_bind_int64(st, i++, a->base_pay);
        sqlite3_bind_int64(st, i++, a->skills);
        if (a->separation_date == CSVC_TIME_NONE)
            sqlite3_bind_null(st, i++);
        else
            sqlite3_bind_int64(st, i++, a->separation_date);
        sqlite3_bind_int(st, i++, a->separation_reason);
        sqlite3_bind_int(st, i++, a->employment);
        sqlite3_bind_double(st, i++, a->contract_hours);
        break;
    }
    case CS_ROW_EVENT: {
        const csvc_event *ev = &row->u.event.event;
        sqlite3_bind_text(st, i++, ev->ticket_id, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, i++, (int)ev->type);
        sqlite3_bind_int64(st, i++, ev->time);
        cs_sqlite_bind_text(st, i++, ev->actor_id);
        cs_sqlite_bind_text(st, i++, ev->agent_id);
        cs_sqlite_bind_text(st, i++, ev->team_id);
        cs_sqlite_bind_text(st, i++, ev->customer_id);
        cs_sqlite_bind_text(st, i++, ev->related_id);
        cs_sqlite_bind_text(st, i++, ev->code);
        sqlite3_bind_int(st, i++, (int)ev->channel);
        sqlite3_bind_int(st, i++, (int)ev->category);
        sqlite3_bind_int(st, i++, (int)ev->priority);
        sqlite3_bind_int(st, i++, ev->value);
        sqlite3_bind_int64(st, i++, (sqlite3_int64)row->u.event.version);
        break;
    }
    case CS_ROW_DESK_CONFIG:
        sqlite3_bind_text(st, i++, row->u.config.body, -1, SQLITE_STATIC);
        break;
    case CS_ROW_REVIEW: {
        const cs_review_row *r = &row->u.review;
        cs_sqlite_bind_text(st, i++, r->id);
        sqlite3_bind_int64(st, i++, r->period.start);
        sqlite3_bind_int64(st, i++, r->period.end);
        cs_sqlite_bind_text(st, i++, r->model_version);
        cs_sqlite_bind_text(st, i++, r->model_json);
        sqlite3_bind_int(st, i++, r->closed);
        break;
    }
    case CS_ROW_RATING: {
        const csvc_kpi_rating *x = &row->u.rating.rating;
        cs_sqlite_bind_text(st, i++, row->u.rating.review);
        cs_sqlite_bind_text(st, i++, x->rater_id);
        cs_sqlite_bind_text(st, i++, x->ratee_id);
        cs_sqlite_bind_text(st, i++, x->kpi_id);
        sqlite3_bind_int(st, i++, (int)x->group);
        bind_double(st, i++, x->value);
        sqlite3_bind_int64(st, i++, x->time);
        break;
    }
    case CS_ROW_OBJECTIVE:
        cs_sqlite_bind_text(st, i++, row->u.objective.review);
        cs_sqlite_bind_text(st, i++, row->u.objective.agent);
        cs_sqlite_bind_text(st, i++, row->u.objective.kpi);
        bind_double(st, i++, row->u.objective.value);
        break;
    case CS_ROW_PLAN:
        cs_sqlite_bind_text(st, i++, row->u.plan.id);
        sqlite3_bind_int(st, i++, row->u.plan.version);
        cs_sqlite_bind_text(st, i++, row->u.plan.document);
        break;
    case CS_ROW_STATEMENT: {
        const cs_statement_row *r = &row->u.statement;
        cs_sqlite_bind_text(st, i++, r->plan);
        sqlite3_bind_int(st, i++, r->plan_version);
        sqlite3_bind_int64(st, i++, r->period.start);
        sqlite3_bind_int64(st, i++, r->period.end);
        cs_sqlite_bind_text(st, i++, r->agent);
        cs_sqlite_bind_text(st, i++, r->approver);
        sqlite3_bind_int64(st, i++, r->approved_at);
        sqlite3_bind_int64(st, i++, r->total);
        cs_sqlite_bind_text(st, i++, r->document);
        break;
    }
    case CS_ROW_TRAINING:
        cs_sqlite_bind_text(st, i++, row->u.training.body);
        break;
    case CS_ROW_POINTS:
        cs_sqlite_bind_text(st, i++, row->u.points.agent);
        sqlite3_bind_int64(st, i++, row->u.points.time);
        sqlite3_bind_int64(st, i++, row->u.points.points);
        break;
    }
    return i;
}

csvc_status cs_sqlite_append(cs_backend *b, const cs_row *row, cs_errbuf *err)
{
    if (row->kind < CS_ROW_TEAM || row->kind >= CS_ROW_KIND_COUNT)
        return cs_fail(err, CSVC_E_INVALID, "store: unknown row kind %d", (int)row->kind);
    sqlite3_stmt *st = b->insert[row->kind];
    sqlite3_bind_int64(st, 1, (sqlite3_int64)row->seq);
    int i = bind_fields(st, row);
    sqlite3_bind_blob(st, i, row->hash, CS_SHA256_SIZE, SQLITE_STATIC);
    /* Every parameter is bound on each call: no clear_bindings needed. */
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? CSVC_OK : cs_sqlite_fail(b, rc, err, "appending a row");
}

/* ---- loading ------------------------------------------------------------- */

static double column_double(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

/* Reads the current result row of `st` (a table of `kind`) into `row`;
 * 0 when a required column is missing. */
static int read_row(sqlite3_stmt *st, cs_row_kind kind, cs_row *row)
{
    memset(row, 0, sizeof *row);
    row->kind = kind;
    row->seq = (uint64_t)sqlite3_column_int64(st, 0);
    int i = 1;
    switch (kind) {
    case CS_ROW_TEAM:
        row->u.team.id = cs_sqlite_text(st, i++);
        row->u.team.name = cs_sqlite_text(st, i++);
        row->u.team.lead = cs_sqlite_text(st, i++);
        if (!row->u.team.id)
            return 0;
        break;
    case CS_ROW_AGENT: {
        cs_agent_row *a = &row->u.agent;
        a->id = cs_sqlite_text(st, i++);
        a->name = cs_sqlite_text(st, i++);
        a->team = cs_sqlite_text(st, i++);
        a->supervisor = cs_sqlite_text(st, i++);
        a->currency = cs_sqlite_text(st, i++);
        a->level = sqlite3_column_int(st, i++);
        a->active = sqlite3_column_int(st, i++);
        a->hire_date = sqlite3_column_int64(st, i++);
        a->base_pay = sqlite3_column_int64(st, i++);
        a->skills = (uint32_t)sqlite3_column_int64(st, i++);
        a->separation_date = sqlite3_column_type(st, i) == SQLITE_NULL
                                 ? CSVC_TIME_NONE
                                 : sqlite3_column_int64(st, i);
        i++;
        a->separation_reason = sqlite3_column_int(st, i++);
        a->employment = sqlite3_column_int(st, i++);
        a->contract_hours = sqlite3_column_double(st, i++);
        if (!a->id)
            return 0;
        break;
    }
    case CS_ROW_EVENT: {
        csvc_event *e = &row->u.event.event;
        csvc_event_init(e);
        e->seq = row->seq;
        e->ticket_id = cs_sqlite_text(st, i++);
        e->type = (csvc_event_type)sqlite3_column_int(st, i++);
        e->time = sqlite3_column_int64(st, i++);
        e->actor_id = cs_sqlite_text(st, i++);
        e->agent_id = cs_sqlite_text(st, i++);
        e->team_id = cs_sqlite_text(st, i++);
        e->customer_id = cs_sqlite_text(st, i++);
        e->related_id = cs_sqlite_text(st, i++);
        e->code = cs_sqlite_text(st, i++);
        e->channel = (csvc_channel)sqlite3_column_int(st, i++);
        e->category = (csvc_category)sqlite3_column_int(st, i++);
        e->priority = (csvc_priority)sqlite3_column_int(st, i++);
        e->value = sqlite3_column_int(st, i++);
        row->u.event.version = (uint64_t)sqlite3_column_int64(st, i++);
        if (!e->ticket_id)
            return 0;
        break;
    }
    case CS_ROW_DESK_CONFIG:
        row->u.config.body = cs_sqlite_text(st, i++);
        if (!row->u.config.body)
            row->u.config.body = "";
        break;
    case CS_ROW_REVIEW: {
        cs_review_row *r = &row->u.review;
        r->id = cs_sqlite_text(st, i++);
        r->period.start = sqlite3_column_int64(st, i++);
        r->period.end = sqlite3_column_int64(st, i++);
        r->model_version = cs_sqlite_text(st, i++);
        r->model_json = cs_sqlite_text(st, i++);
        r->closed = sqlite3_column_int(st, i++);
        if (!r->id)
            return 0;
        break;
    }
    case CS_ROW_RATING: {
        csvc_kpi_rating *x = &row->u.rating.rating;
        csvc_kpi_rating_init(x);
        row->u.rating.review = cs_sqlite_text(st, i++);
        x->rater_id = cs_sqlite_text(st, i++);
        x->ratee_id = cs_sqlite_text(st, i++);
        x->kpi_id = cs_sqlite_text(st, i++);
        x->group = (csvc_rater_group)sqlite3_column_int(st, i++);
        x->value = column_double(st, i++);
        x->time = sqlite3_column_int64(st, i++);
        if (!row->u.rating.review || !x->rater_id || !x->ratee_id || !x->kpi_id)
            return 0;
        break;
    }
    case CS_ROW_OBJECTIVE: {
        cs_objective_row *o = &row->u.objective;
        o->review = cs_sqlite_text(st, i++);
        o->agent = cs_sqlite_text(st, i++);
        o->kpi = cs_sqlite_text(st, i++);
        o->value = column_double(st, i++);
        if (!o->review || !o->agent || !o->kpi)
            return 0;
        break;
    }
    case CS_ROW_PLAN: {
        cs_plan_row *p = &row->u.plan;
        p->id = cs_sqlite_text(st, i++);
        p->version = sqlite3_column_int(st, i++);
        p->document = cs_sqlite_text(st, i++);
        if (!p->id || !p->document)
            return 0;
        break;
    }
    case CS_ROW_STATEMENT: {
        cs_statement_row *r = &row->u.statement;
        r->plan = cs_sqlite_text(st, i++);
        r->plan_version = sqlite3_column_int(st, i++);
        r->period.start = sqlite3_column_int64(st, i++);
        r->period.end = sqlite3_column_int64(st, i++);
        r->agent = cs_sqlite_text(st, i++);
        r->approver = cs_sqlite_text(st, i++);
        r->approved_at = sqlite3_column_int64(st, i++);
        r->total = sqlite3_column_int64(st, i++);
        r->document = cs_sqlite_text(st, i++);
        if (!r->plan || !r->agent || !r->approver || !r->document)
            return 0;
        break;
    }
    case CS_ROW_TRAINING:
        row->u.training.body = cs_sqlite_text(st, i++);
        if (!row->u.training.body)
            return 0;
        break;
    case CS_ROW_POINTS:
        row->u.points.agent = cs_sqlite_text(st, i++);
        row->u.points.time = sqlite3_column_int64(st, i++);
        row->u.points.points = sqlite3_column_int64(st, i++);
        if (!row->u.points.agent)
            return 0;
        break;
    }
    if (sqlite3_column_bytes(st, i) != CS_SHA256_SIZE)
        return 0;
    memcpy(row->hash, sqlite3_column_blob(st, i), CS_SHA256_SIZE);
    return 1;
}

typedef struct cursor {
    sqlite3_stmt *st;
    cs_row_kind kind;
    int rc; /* SQLITE_ROW while a row is current */
} cursor;

csvc_status cs_sqlite_load(cs_backend *b, uint32_t kinds, uint64_t after_seq, const char *review,
                           cs_row_fn fn, void *user_data, cs_errbuf *err)
{
    cursor cur[CS_ROW_KIND_COUNT];
    int n = 0;
    csvc_status status = CSVC_OK;
    for (int k = CS_ROW_TEAM; k < CS_ROW_KIND_COUNT && status == CSVC_OK; k++) {
        if (!(kinds & CS_ROWS(k)) || (review && !filter_column(k)))
            continue;
        const cs_sqlite_table *t = &cs_sqlite_tables[k];
        char sql[512];
        /* NOT INDEXED: rows are found by seq in the table itself, which the
         * chain covers; a damaged index must not hide a review's rows. */
        snprintf(sql, sizeof sql,
                 "SELECT seq, %s, hash FROM %s NOT INDEXED WHERE seq > ?1%s%s%s ORDER BY seq",
                 t->columns, t->name, review ? " AND " : "", review ? filter_column(k) : "",
                 review ? " = ?2" : "");
        int rc = sqlite3_prepare_v2(b->db, sql, -1, &cur[n].st, NULL);
        if (rc != SQLITE_OK) {
            status = cs_sqlite_fail(b, rc, err, "loading rows");
            break;
        }
        sqlite3_bind_int64(cur[n].st, 1, (sqlite3_int64)after_seq);
        if (review)
            sqlite3_bind_text(cur[n].st, 2, review, -1, SQLITE_STATIC);
        cur[n].kind = (cs_row_kind)k;
        cur[n].rc = sqlite3_step(cur[n].st);
        n++;
    }
    /* Merge the tables by seq. */
    cs_row row;
    while (status == CSVC_OK) {
        int best = -1;
        for (int i = 0; i < n; i++) {
            if (cur[i].rc != SQLITE_ROW)
                continue;
            if (best < 0 ||
                sqlite3_column_int64(cur[i].st, 0) < sqlite3_column_int64(cur[best].st, 0))
                best = i;
        }
        if (best < 0)
            break;
        if (!read_row(cur[best].st, cur[best].kind, &row)) {
            status = cs_fail(err, CSVC_E_CORRUPT, "store: %s row %lld is malformed",
                             cs_sqlite_tables[cur[best].kind].name,
                             (long long)sqlite3_column_int64(cur[best].st, 0));
            break;
        }
        int stop = fn(&row, user_data);
        if (stop) {
            status = (csvc_status)stop;
            break;
        }
        cur[best].rc = sqlite3_step(cur[best].st);
    }
    for (int i = 0; i < n; i++) {
        if (status == CSVC_OK && cur[i].rc != SQLITE_DONE)
            status = cs_sqlite_fail(b, cur[i].rc, err, "loading rows");
        sqlite3_finalize(cur[i].st);
    }
    return status;
}

csvc_status cs_sqlite_ticket_version(cs_backend *b, const char *ticket, uint64_t after_seq,
                                     uint64_t *version, int *found, cs_errbuf *err)
{
    sqlite3_stmt *st = b->ticket_version;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)after_seq);
    sqlite3_bind_text(st, 2, ticket, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *found = rc == SQLITE_ROW;
    if (*found)
        *version = (uint64_t)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return cs_sqlite_fail(b, rc, err, "checking the ticket's version");
    return CSVC_OK;
}

csvc_status cs_sqlite_count(cs_backend *b, cs_row_kind kind, uint64_t *out, cs_errbuf *err)
{
    if (kind < CS_ROW_TEAM || kind >= CS_ROW_KIND_COUNT)
        return cs_fail(err, CSVC_E_INVALID, "store: unknown row kind %d", (int)kind);
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", cs_sqlite_tables[kind].name);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(b->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return cs_sqlite_fail(b, rc, err, "counting rows");
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = (uint64_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? CSVC_OK : cs_sqlite_fail(b, rc, err, "counting rows");
}
