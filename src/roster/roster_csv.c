/* Roster CSV import (all or nothing) and export (in the import format).
 *
 * Import stages every row into a clone of the roster; references to agents
 * (supervisors, team leads) are resolved in a second pass so that rows may
 * point further down the file. Only when the whole file is valid does the
 * clone replace the roster's contents. */
#include "atomic_file.h"
#include "civil.h"
#include "csv.h"
#include "import_options.h"
#include "strbuf.h"
#include "roster_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    COL_AGENT_ID,
    COL_NAME,
    COL_TEAM_ID,
    COL_TEAM_NAME,
    COL_LEVEL,
    COL_HIRE_DATE,
    COL_SUPERVISOR_ID,
    COL_SKILLS,
    COL_ACTIVE,
    COL_BASE_PAY,
    COL_CURRENCY,
    COL_TEAM_LEAD,
    COL_SEPARATION_DATE,
    COL_SEPARATION_REASON,
    COL_EMPLOYMENT,
    COL_CONTRACT_HOURS,
    NCOLS
};

static const cs_csv_column roster_columns[NCOLS] = {
    {"agent_id", 1}, {"name", 1},      {"team_id", 1},       {"team_name", 0},
    {"level", 1},    {"hire_date", 1}, {"supervisor_id", 0}, {"skills", 0},
    {"active", 0},   {"base_pay", 0},  {"currency", 0},      {"team_lead", 0},
    {"separation_date", 0}, {"separation_reason", 0}, {"employment", 0}, {"contract_hours", 0},
};

/* A reference to an agent, resolved once every row is in. */
typedef struct pending_ref {
    uint32_t index; /* agent (supervisor refs) or team (lead refs) */
    char *target;   /* the referenced agent id */
    uint64_t line;
} pending_ref;

typedef struct pending_list {
    pending_ref *items;
    size_t count, cap;
} pending_list;

typedef struct import_ctx {
    csvc_roster *stage;
    cs_errbuf *err;
    const cs_csv_record *rec;
    const int *col;
    size_t original_teams;   /* teams that existed before the import */
    unsigned char *name_set; /* per staged team: name given by this file */
    size_t name_set_cap;
    pending_list supervisors;
    pending_list leads;
} import_ctx;

static const char *field(const import_ctx *c, int column)
{
    int i = c->col[column];
    return i < 0 ? "" : c->rec->fields[i].ptr;
}

static csvc_status bad_field(const import_ctx *c, csvc_status status, int column,
                             const char *reason)
{
    size_t position = c->col[column] < 0 ? 0 : (size_t)c->col[column] + 1;
    return cs_csv_fail_field(c->err, status, c->rec->line, position, roster_columns[column].name,
                             "%s", reason);
}

/* The column holding an agent field (cs_agent_field). */
static int column_of(int field)
{
    static const int columns[] = {
        [CS_AF_ID] = COL_AGENT_ID,       [CS_AF_NAME] = COL_NAME,
        [CS_AF_TEAM] = COL_TEAM_ID,      [CS_AF_LEVEL] = COL_LEVEL,
        [CS_AF_HIRE_DATE] = COL_HIRE_DATE, [CS_AF_SKILLS] = COL_SKILLS,
        [CS_AF_ACTIVE] = COL_ACTIVE,     [CS_AF_BASE_PAY] = COL_BASE_PAY,
        [CS_AF_CURRENCY] = COL_CURRENCY, [CS_AF_SUPERVISOR] = COL_SUPERVISOR_ID,
    };
    return field >= 0 && field < (int)(sizeof columns / sizeof *columns) ? columns[field]
                                                                          : COL_AGENT_ID;
}

/* Validates an identifier field, naming the line and column on failure. */
static csvc_status check_id_field(const import_ctx *c, int column)
{
    cs_errbuf local;
    csvc_status rc = cs_check_id(&local, "value", field(c, column));
    return rc == CSVC_OK ? rc : bad_field(c, rc, column, local.msg);
}

static csvc_status add_pending(import_ctx *c, pending_list *list, uint32_t index,
                               const char *target)
{
    char *copy = cs_strdup(&c->stage->alloc, target);
    if (!copy || cs_grow(&c->stage->alloc, (void **)&list->items, &list->cap, list->count + 1,
                         sizeof *list->items)) {
        cs_free(&c->stage->alloc, copy);
        return cs_fail(c->err, CSVC_E_NOMEM, "roster import: out of memory");
    }
    list->items[list->count++] = (pending_ref){index, copy, c->rec->line};
    return CSVC_OK;
}

static void free_pending(const cs_alloc *alloc, pending_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        cs_free(alloc, list->items[i].target);
    cs_free(alloc, list->items);
}

/* Finds or creates the row's team; checks team_name and team_lead agree
 * with what earlier rows (or the roster) said. */
static csvc_status stage_team(import_ctx *c, uint32_t *team_out)
{
    csvc_status rc = check_id_field(c, COL_TEAM_ID);
    if (rc != CSVC_OK)
        return rc;
    const char *id = field(c, COL_TEAM_ID), *name = field(c, COL_TEAM_NAME);
    csvc_roster *r = c->stage;
    uint32_t team = cs_roster_find_team(r, id);
    if (team == CS_NONE) {
        csvc_team_info info = CSVC_TEAM_INFO_INIT;
        info.id = id;
        info.name = name;
        if ((rc = csvc_roster_add_team(r, &info)) != CSVC_OK)
            return bad_field(c, rc, *name ? COL_TEAM_NAME : COL_TEAM_ID, r->err.msg);
        team = (uint32_t)(r->nteams - 1);
        /* On failure the whole stage is discarded, team included. */
        if (cs_grow(&r->alloc, (void **)&c->name_set, &c->name_set_cap, r->nteams, 1))
            return cs_fail(c->err, CSVC_E_NOMEM, "roster import: out of memory");
        c->name_set[team] = *name != '\0';
    } else if (*name) {
        int known = team < c->original_teams || c->name_set[team];
        if (known && strcmp(r->teams[team].name, name) != 0) {
            char reason[400];
            snprintf(reason, sizeof reason, "team '%s' is already named '%s'", id,
                     r->teams[team].name);
            return bad_field(c, CSVC_E_CONSTRAINT, COL_TEAM_NAME, reason);
        }
        if (!known) {
            csvc_team_info info = CSVC_TEAM_INFO_INIT;
            info.id = id;
            info.name = name;
            if ((rc = csvc_roster_update_team(r, &info)) != CSVC_OK)
                return bad_field(c, rc, COL_TEAM_NAME, r->err.msg);
            c->name_set[team] = 1;
        }
    }
    const char *lead = field(c, COL_TEAM_LEAD);
    if (*lead) {
        if ((rc = check_id_field(c, COL_TEAM_LEAD)) != CSVC_OK)
            return rc;
        if ((rc = add_pending(c, &c->leads, team, lead)) != CSVC_OK)
            return rc;
    }
    *team_out = team;
    return CSVC_OK;
}

static csvc_status parse_active(const import_ctx *c, int32_t *out)
{
    static const char *const yes[] = {"1", "true", "yes", "TRUE", "YES", "True", "Yes"};
    static const char *const no[] = {"0", "false", "no", "FALSE", "NO", "False", "No"};
    const char *text = field(c, COL_ACTIVE);
    *out = 1;
    if (!*text)
        return CSVC_OK;
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcmp(text, yes[i]) == 0)
            return CSVC_OK;
        if (strcmp(text, no[i]) == 0) {
            *out = 0;
            return CSVC_OK;
        }
    }
    return bad_field(c, CSVC_E_PARSE, COL_ACTIVE, "expected 1/0, true/false or yes/no");
}

static csvc_status parse_agent_row(const import_ctx *c, csvc_agent_info *a)
{
    char reason[300];
    csvc_status rc;
    a->id = field(c, COL_AGENT_ID);
    a->name = field(c, COL_NAME);
    a->team_id = field(c, COL_TEAM_ID);
    if ((rc = check_id_field(c, COL_AGENT_ID)) != CSVC_OK)
        return rc;
    if (!*a->name)
        return bad_field(c, CSVC_E_PARSE, COL_NAME, "required for an agent");
    if (csvc_level_parse(field(c, COL_LEVEL), &a->level) != CSVC_OK) {
        snprintf(reason, sizeof reason, "%s", csvc_last_errmsg());
        return bad_field(c, CSVC_E_PARSE, COL_LEVEL, reason);
    }
    const char *date = field(c, COL_HIRE_DATE);
    const char *why = cs_date_parse(date, strlen(date), &a->hire_date);
    if (why) {
        snprintf(reason, sizeof reason, "'%.40s' is not a date (YYYY-MM-DD): %s", date, why);
        return bad_field(c, CSVC_E_PARSE, COL_HIRE_DATE, reason);
    }
    char bad[40];
    if (cs_skills_parse(field(c, COL_SKILLS), &a->skills, bad, sizeof bad) != CSVC_OK) {
        snprintf(reason, sizeof reason, "unknown category '%s'", bad);
        return bad_field(c, CSVC_E_PARSE, COL_SKILLS, reason);
    }
    if ((rc = parse_active(c, &a->active)) != CSVC_OK)
        return rc;
    const char *currency = field(c, COL_CURRENCY);
    a->currency = *currency ? currency : "CNY";
    if (!cs_currency_valid(a->currency))
        return bad_field(c, CSVC_E_PARSE, COL_CURRENCY, "not an ISO 4217 code (3 letters)");
    const char *pay = field(c, COL_BASE_PAY);
    a->base_pay = 0;
    if (*pay && csvc_money_parse(pay, cs_currency_decimals(a->currency), &a->base_pay) != CSVC_OK) {
        snprintf(reason, sizeof reason, "'%.40s' is not an amount in %s", pay, a->currency);
        return bad_field(c, CSVC_E_PARSE, COL_BASE_PAY, reason);
    }
    return CSVC_OK;
}

/* The optional separation columns of an agent row. */
static csvc_status parse_separation(const import_ctx *c, int64_t hire_date, int64_t *date,
                                    int *reason)
{
    char text[300];
    const char *when = field(c, COL_SEPARATION_DATE), *why = field(c, COL_SEPARATION_REASON);
    *date = CSVC_TIME_NONE;
    *reason = CSVC_SEPARATION_NONE;
    if (*when) {
        const char *bad = cs_date_parse(when, strlen(when), date);
        if (bad) {
            snprintf(text, sizeof text, "'%.40s' is not a date (YYYY-MM-DD): %s", when, bad);
            return bad_field(c, CSVC_E_PARSE, COL_SEPARATION_DATE, text);
        }
    }
    if (*why) {
        csvc_separation_reason r;
        if (csvc_separation_reason_parse(why, &r) != CSVC_OK) {
            snprintf(text, sizeof text, "%s", csvc_last_errmsg());
            return bad_field(c, CSVC_E_PARSE, COL_SEPARATION_REASON, text);
        }
        *reason = (int)r;
    }
    cs_errbuf local;
    csvc_status rc =
        cs_roster_check_separation(&local, field(c, COL_AGENT_ID), hire_date, *date, *reason);
    return rc == CSVC_OK ? rc
                         : bad_field(c, rc, *when ? COL_SEPARATION_DATE : COL_SEPARATION_REASON,
                                     local.msg);
}

/* The optional employment columns of an agent row. */
static csvc_status parse_employment(const import_ctx *c, int *employment, double *hours)
{
    char text[300];
    const char *type = field(c, COL_EMPLOYMENT), *contract = field(c, COL_CONTRACT_HOURS);
    *employment = CSVC_EMPLOYMENT_FULL_TIME;
    *hours = 0.0;
    if (*type) {
        csvc_employment e;
        if (csvc_employment_parse(type, &e) != CSVC_OK) {
            snprintf(text, sizeof text, "%s", csvc_last_errmsg());
            return bad_field(c, CSVC_E_PARSE, COL_EMPLOYMENT, text);
        }
        *employment = (int)e;
    }
    if (*contract) {
        char *end;
        errno = 0;
        *hours = strtod(contract, &end);
        if (*end || errno || end == contract || contract[0] == ' ') {
            snprintf(text, sizeof text, "'%.40s' is not a number of hours a week", contract);
            return bad_field(c, CSVC_E_PARSE, COL_CONTRACT_HOURS, text);
        }
    }
    cs_errbuf local;
    csvc_status rc =
        cs_roster_check_employment(&local, field(c, COL_AGENT_ID), *employment, *hours);
    return rc == CSVC_OK ? rc : bad_field(c, rc, COL_CONTRACT_HOURS, local.msg);
}

/* A row without agent_id declares a team; agent columns must stay empty. */
static csvc_status check_team_row(const import_ctx *c)
{
    static const int agent_only[] = {COL_NAME,     COL_LEVEL,           COL_HIRE_DATE,
                                     COL_SUPERVISOR_ID, COL_SKILLS,     COL_ACTIVE,
                                     COL_BASE_PAY, COL_CURRENCY,        COL_SEPARATION_DATE,
                                     COL_SEPARATION_REASON, COL_EMPLOYMENT, COL_CONTRACT_HOURS};
    for (size_t i = 0; i < sizeof agent_only / sizeof agent_only[0]; i++)
        if (*field(c, agent_only[i]))
            return bad_field(c, CSVC_E_PARSE, agent_only[i],
                             "set on a row without agent_id (a team-only row)");
    return CSVC_OK;
}

static csvc_status stage_row(import_ctx *c)
{
    uint32_t team;
    csvc_status rc = stage_team(c, &team);
    if (rc != CSVC_OK)
        return rc;
    if (!*field(c, COL_AGENT_ID))
        return check_team_row(c);
    csvc_agent_info a = CSVC_AGENT_INFO_INIT;
    int64_t separated;
    int reason, employment;
    double contract_hours;
    if ((rc = parse_agent_row(c, &a)) != CSVC_OK ||
        (rc = parse_separation(c, a.hire_date, &separated, &reason)) != CSVC_OK ||
        (rc = parse_employment(c, &employment, &contract_hours)) != CSVC_OK)
        return rc;
    csvc_roster *r = c->stage;
    if ((rc = csvc_roster_add_agent(r, &a)) != CSVC_OK)
        return bad_field(c, rc, column_of(r->failed_field), r->err.msg);
    cs_roster_set_separation(r, (uint32_t)(r->nagents - 1), separated, reason);
    cs_roster_set_employment(r, (uint32_t)(r->nagents - 1), employment, contract_hours);
    const char *sup = field(c, COL_SUPERVISOR_ID);
    if (*sup) {
        if ((rc = check_id_field(c, COL_SUPERVISOR_ID)) != CSVC_OK)
            return rc;
        return add_pending(c, &c->supervisors, (uint32_t)(r->nagents - 1), sup);
    }
    return CSVC_OK;
}

static csvc_status resolve_fail(const import_ctx *c, csvc_status status, const pending_ref *p,
                                int column, const char *fmt, const char *a1, const char *a2)
{
    char reason[300];
    snprintf(reason, sizeof reason, fmt, a1, a2);
    size_t position = (size_t)c->col[column] + 1;
    return cs_csv_fail_field(c->err, status, p->line, position, roster_columns[column].name, "%s",
                             reason);
}

/* Second pass: supervisors and leads, now that every agent is known. */
static csvc_status resolve_references(import_ctx *c)
{
    csvc_roster *r = c->stage;
    for (size_t i = 0; i < c->supervisors.count; i++) {
        const pending_ref *p = &c->supervisors.items[i];
        uint32_t sup = cs_roster_find_agent(r, p->target);
        const char *id = r->agents[p->index].id;
        if (sup == CS_NONE)
            return resolve_fail(c, CSVC_E_NOTFOUND, p, COL_SUPERVISOR_ID,
                                "agent '%s': supervisor '%s' not found", id, p->target);
        if (sup == p->index)
            return resolve_fail(c, CSVC_E_CONSTRAINT, p, COL_SUPERVISOR_ID,
                                "agent '%s' cannot supervise itself%s", id, "");
        if (cs_roster_would_cycle(r, p->index, sup))
            return resolve_fail(c, CSVC_E_CONSTRAINT, p, COL_SUPERVISOR_ID,
                                "agent '%s': supervisor '%s' reports to it (cycle)", id, p->target);
        r->agents[p->index].supervisor = sup;
    }
    for (size_t i = 0; i < c->leads.count; i++) {
        const pending_ref *p = &c->leads.items[i];
        cs_team *team = &r->teams[p->index];
        uint32_t lead = cs_roster_find_agent(r, p->target);
        if (lead == CS_NONE)
            return resolve_fail(c, CSVC_E_NOTFOUND, p, COL_TEAM_LEAD,
                                "team '%s': lead '%s' is not an agent", team->id, p->target);
        if (team->lead != CS_NONE && team->lead != lead)
            return resolve_fail(c, CSVC_E_CONSTRAINT, p, COL_TEAM_LEAD,
                                "team '%s' already has lead '%s'", team->id,
                                r->agents[team->lead].id);
        team->lead = lead;
    }
    return CSVC_OK;
}

static csvc_status import_records(import_ctx *c, cs_csv *csv)
{
    int col[NCOLS];
    csvc_status rc = cs_csv_map_header(csv, roster_columns, NCOLS, 0, col, c->err);
    if (rc != CSVC_OK)
        return rc;
    c->col = col;
    cs_csv_record rec;
    int more;
    while ((more = cs_csv_next(csv, &rec, c->err)) == 1) {
        c->rec = &rec;
        if ((rc = stage_row(c)) != CSVC_OK)
            return rc;
    }
    if (more < 0)
        return (csvc_status)more;
    return resolve_references(c);
}

static csvc_status import_from(csvc_roster *r, cs_csv *csv)
{
    import_ctx c = {0};
    c.err = &r->err;
    c.original_teams = r->nteams;
    csvc_status rc = cs_roster_clone(r, &c.stage);
    if (rc != CSVC_OK) {
        cs_csv_close(csv);
        return cs_fail(&r->err, rc, "roster import: out of memory");
    }
    rc = import_records(&c, csv);
    if (rc == CSVC_OK) {
        cs_roster_swap(r, c.stage);
        /* The stage holds the old contents now: swapping back undoes. */
        if ((rc = cs_roster_notify(r, CSVC_ROSTER_IMPORTED, NULL, c.stage)) != CSVC_OK)
            cs_roster_swap(r, c.stage);
    }
    free_pending(&r->alloc, &c.supervisors);
    free_pending(&r->alloc, &c.leads);
    cs_free(&r->alloc, c.name_set);
    csvc_roster_free(c.stage);
    cs_csv_close(csv);
    return rc;
}

/* Journal steps 1 and 5 around the import of a file or buffer. The roster
 * holds dates only: the options' offset does not apply. */
static csvc_status import_source(csvc_roster *r, const char *path, const char *data, size_t size,
                                 const csvc_import_options *options)
{
    cs_import imp;
    csvc_status rc = cs_import_resolve(&r->err, "roster import", options, &r->alloc, &imp);
    if (rc != CSVC_OK)
        return rc;
    cs_import_release(&imp); /* dates only: no clock needed, the zone was checked */
    if ((rc = cs_roster_begin_change(r, "roster import")) != CSVC_OK)
        return rc;
    cs_csv *csv;
    rc = cs_csv_open_as(&r->alloc, path, data, size, imp.encoding, &csv, &r->err);
    return cs_roster_end_change(r, rc != CSVC_OK ? rc : import_from(r, csv));
}

csvc_status csvc_roster_import_csv_opts(csvc_roster *r, const char *path,
                                        const csvc_import_options *options)
{
    if (!r || !path)
        return cs_fail(r ? &r->err : NULL, CSVC_E_NULL, "roster import: %s is NULL",
                       r ? "path" : "roster");
    return import_source(r, path, NULL, 0, options);
}

csvc_status csvc_roster_import_csv_buffer_opts(csvc_roster *r, const char *data, size_t size,
                                               const csvc_import_options *options)
{
    if (!r || (!data && size))
        return cs_fail(r ? &r->err : NULL, CSVC_E_NULL, "roster import: %s is NULL",
                       r ? "data" : "roster");
    return import_source(r, NULL, data, size, options);
}

csvc_status csvc_roster_import_csv(csvc_roster *r, const char *path)
{
    return csvc_roster_import_csv_opts(r, path, NULL);
}

csvc_status csvc_roster_import_csv_buffer(csvc_roster *r, const char *data, size_t size)
{
    return csvc_roster_import_csv_buffer_opts(r, data, size, NULL);
}

/* ---- export ------------------------------------------------------------ */

static void put_team_columns(cs_strbuf *sb, const cs_team *t)
{
    cs_strbuf_csv_field(sb, t->id);
    cs_strbuf_putc(sb, ',');
    cs_strbuf_csv_field(sb, t->name);
}

static void put_lead(cs_strbuf *sb, const csvc_roster *r, const cs_team *t)
{
    cs_strbuf_csv_field(sb, t->lead == CS_NONE ? "" : r->agents[t->lead].id);
}

static void put_date(cs_strbuf *sb, int64_t t)
{
    int32_t y, m, d;
    csvc_date_split(t, 0, &y, &m, &d);
    cs_strbuf_printf(sb, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

enum { WITH_SEPARATION = 1, WITH_EMPLOYMENT = 2 };

/* The optional columns the export has (`with`) and the line end. */
static void put_optional(cs_strbuf *sb, const cs_agent *a, int with)
{
    if (with & WITH_SEPARATION) {
        cs_strbuf_putc(sb, ',');
        if (a && a->separation_date != CSVC_TIME_NONE)
            put_date(sb, a->separation_date);
        cs_strbuf_putc(sb, ',');
        if (a && a->separation_date != CSVC_TIME_NONE)
            cs_strbuf_puts(sb, csvc_separation_reason_name(a->separation_reason));
    }
    if (with & WITH_EMPLOYMENT) {
        cs_strbuf_putc(sb, ',');
        if (a)
            cs_strbuf_puts(sb, csvc_employment_name((csvc_employment)a->employment));
        cs_strbuf_putc(sb, ',');
        if (a) { /* the shortest text that reads back to the same double */
            char hours[32];
            snprintf(hours, sizeof hours, "%.15g", a->contract_hours);
            if (strtod(hours, NULL) != a->contract_hours)
                snprintf(hours, sizeof hours, "%.17g", a->contract_hours);
            cs_strbuf_puts(sb, hours);
        }
    }
    cs_strbuf_putc(sb, '\n');
}

static void put_agent_row(cs_strbuf *sb, const csvc_roster *r, const cs_agent *a, int with)
{
    const cs_team *t = &r->teams[a->team];
    cs_strbuf_csv_field(sb, a->id);
    cs_strbuf_putc(sb, ',');
    cs_strbuf_csv_field(sb, a->name);
    cs_strbuf_putc(sb, ',');
    put_team_columns(sb, t);
    cs_strbuf_printf(sb, ",%s,", csvc_level_name(a->level));
    put_date(sb, a->hire_date);
    cs_strbuf_putc(sb, ',');
    cs_strbuf_csv_field(sb, a->supervisor == CS_NONE ? "" : r->agents[a->supervisor].id);
    char skills[128], pay[48];
    cs_skills_format(a->skills, skills, sizeof skills);
    csvc_money_format(a->base_pay, cs_currency_decimals(a->currency), pay, sizeof pay);
    cs_strbuf_printf(sb, ",%s,%d,%s,%s,", skills, (int)a->active, pay, a->currency);
    put_lead(sb, r, t);
    put_optional(sb, a, with);
}

/* Teams first, so that re-importing keeps their order; then every agent.
 * The separation and employment columns only when some agent needs them:
 * other exports read as before. */
static void export_to(const csvc_roster *r, cs_strbuf *sb)
{
    int with = 0;
    for (size_t i = 0; i < r->nagents; i++) {
        const cs_agent *a = &r->agents[i];
        if (a->separation_date != CSVC_TIME_NONE)
            with |= WITH_SEPARATION;
        if (a->employment != CSVC_EMPLOYMENT_FULL_TIME || a->contract_hours != 0.0)
            with |= WITH_EMPLOYMENT;
    }
    for (int i = 0; i < NCOLS; i++) {
        if ((i == COL_SEPARATION_DATE || i == COL_SEPARATION_REASON) && !(with & WITH_SEPARATION))
            continue;
        if ((i == COL_EMPLOYMENT || i == COL_CONTRACT_HOURS) && !(with & WITH_EMPLOYMENT))
            continue;
        if (i > 0)
            cs_strbuf_putc(sb, ',');
        cs_strbuf_puts(sb, roster_columns[i].name);
    }
    cs_strbuf_putc(sb, '\n');
    for (size_t i = 0; i < r->nteams; i++) {
        cs_strbuf_puts(sb, ",,");
        put_team_columns(sb, &r->teams[i]);
        cs_strbuf_puts(sb, ",,,,,,,,");
        put_lead(sb, r, &r->teams[i]);
        put_optional(sb, NULL, with);
    }
    for (size_t i = 0; i < r->nagents; i++)
        put_agent_row(sb, r, &r->agents[i], with);
}

csvc_status csvc_roster_export_csv_buffer(const csvc_roster *r, char **out, size_t *size)
{
    if (!r || !out || !size)
        return cs_fail(r ? (cs_errbuf *)&r->err : NULL, CSVC_E_NULL, "roster export: %s is NULL",
                       !r     ? "roster"
                       : !out ? "out"
                              : "size");
    cs_strbuf sb;
    cs_strbuf_init(&sb, &r->alloc);
    export_to(r, &sb);
    if (cs_strbuf_hand_over(&sb, out, size) != CSVC_OK)
        return cs_fail((cs_errbuf *)&r->err, CSVC_E_NOMEM, "roster export: out of memory");
    return CSVC_OK;
}

csvc_status csvc_roster_export_csv(const csvc_roster *r, const char *path)
{
    if (!r || !path)
        return cs_fail(r ? (cs_errbuf *)&r->err : NULL, CSVC_E_NULL, "roster export: %s is NULL",
                       r ? "path" : "roster");
    cs_errbuf *err = (cs_errbuf *)&r->err;
    cs_strbuf sb;
    cs_strbuf_init(&sb, &r->alloc);
    export_to(r, &sb);
    if (sb.failed) {
        cs_strbuf_free(&sb);
        return cs_fail(err, CSVC_E_NOMEM, "roster export: out of memory");
    }
    csvc_status rc = cs_atomic_write_file(&r->alloc, path, "roster export", sb.data, sb.len, err);
    cs_strbuf_free(&sb);
    return rc;
}
