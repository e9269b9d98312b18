/* Importing a month's directory into the store: every file is read into
 * scratch engines first, so a bad file writes nothing; then the store gets
 * what it lacks, and importing the same files again changes nothing. */
#include "cli.h"
#include "ticket_counts.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int cli_fail(const char *what, const char *message)
{
    fprintf(stderr, "csvc: %s: %s\n", what, message);
    return CLI_FAILED;
}

static void path_of(const cli_args *a, const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s/%s", a->data, name);
}

void cli_close(cli_desk *d)
{
    csvc_store_close(d->store);
    csvc_training_free(d->training);
    csvc_desk_free(d->desk);
    csvc_roster_free(d->roster);
    memset(d, 0, sizeof *d);
}

static int32_t desk_offset(const cli_desk *d)
{
    int32_t offset = 0;
    return csvc_desk_calendar_offset(d->desk, NULL, &offset) == CSVC_OK ? offset : 0;
}

/* The month's files in scratch engines: roster, desk configuration,
 * events, training. */
static int read_month(const cli_args *a, cli_desk *scratch)
{
    struct stat st;
    if (stat(a->data, &st) != 0 || !S_ISDIR(st.st_mode))
        return cli_fail(a->data, "no such directory (--data)");
    char path[4096];
    path_of(a, "roster.csv", path, sizeof path);
    if (csvc_roster_new(NULL, &scratch->roster) != CSVC_OK ||
        csvc_roster_import_csv(scratch->roster, path) != CSVC_OK)
        return cli_fail(path, csvc_last_errmsg());
    path_of(a, "desk_config.json", path, sizeof path);
    if (csvc_desk_new(scratch->roster, NULL, &scratch->desk) != CSVC_OK ||
        csvc_desk_load_config_json(scratch->desk, path) != CSVC_OK)
        return cli_fail(path, csvc_last_errmsg());
    path_of(a, "tickets_events.csv", path, sizeof path);
    if (csvc_desk_import_events_csv(scratch->desk, path) != CSVC_OK) {
        const char *why = csvc_desk_errmsg(scratch->desk);
        if (stat(path, &st) != 0)
            why = "not found (for the sample month: python3 examples/data/month/generate.py)";
        return cli_fail(path, why);
    }
    int rc = cli_read_training(a, scratch, desk_offset(scratch), &scratch->training);
    return rc != CLI_OK ? rc : cli_check_shifts(a);
}

/* The store with its roster attached (and loaded). */
static int open_roster(const cli_args *a, cli_desk *out)
{
    memset(out, 0, sizeof *out);
    csvc_store_options o = CSVC_STORE_OPTIONS_INIT;
    o.sync = CSVC_SYNC_NORMAL;
    if (csvc_store_open(a->db, &o, &out->store) != CSVC_OK)
        return cli_fail(a->db, csvc_last_errmsg());
    if (csvc_roster_new(NULL, &out->roster) != CSVC_OK ||
        csvc_store_attach_roster(out->store, out->roster) != CSVC_OK) {
        int rc = cli_fail(a->db, csvc_last_errmsg());
        cli_close(out);
        return rc;
    }
    return CLI_OK;
}

/* Then the desk, replaying the stored events; a desk given `config` before
 * it is attached journals that configuration only when it is not the
 * store's latest. On failure everything is closed. */
static int attach_desk(const cli_args *a, const char *config, cli_desk *d)
{
    int rc = CLI_OK;
    if (csvc_desk_new(d->roster, NULL, &d->desk) != CSVC_OK)
        rc = cli_fail(a->db, csvc_last_errmsg());
    else if (config && csvc_desk_load_config_json(d->desk, config) != CSVC_OK)
        rc = cli_fail(config, csvc_desk_errmsg(d->desk));
    else if (csvc_store_attach_desk(d->store, d->desk) != CSVC_OK)
        rc = cli_fail(a->db, csvc_last_errmsg());
    if (rc != CLI_OK)
        cli_close(d);
    return rc;
}

int cli_open(const cli_args *a, cli_desk *out)
{
    int rc = open_roster(a, out);
    return rc != CLI_OK ? rc : attach_desk(a, NULL, out);
}

/* The stored roster, or the file's when the store has none. */
static int sync_roster(const cli_args *a, const cli_desk *scratch, cli_desk *d)
{
    char path[4096];
    path_of(a, "roster.csv", path, sizeof path);
    if (csvc_roster_agent_count(d->roster) == 0 && csvc_roster_team_count(d->roster) == 0) {
        if (csvc_roster_import_csv(d->roster, path) != CSVC_OK)
            return cli_fail(path, csvc_roster_errmsg(d->roster));
        return CLI_OK;
    }
    char *stored = NULL, *given = NULL;
    size_t n1 = 0, n2 = 0;
    int same = csvc_roster_export_csv_buffer(d->roster, &stored, &n1) == CSVC_OK &&
               csvc_roster_export_csv_buffer(scratch->roster, &given, &n2) == CSVC_OK &&
               n1 == n2 && memcmp(stored, given, n1) == 0;
    csvc_free(stored);
    csvc_free(given);
    if (!same)
        return cli_fail(path, "differs from the roster the store holds; csvc imports a roster "
                              "into a new store only (use another --db, or update the roster "
                              "through the library)");
    return CLI_OK;
}

/* The first field of a CSV line (the ticket id), unquoted into `out`;
 * 0 when the line is not one record (a quoted field runs past it). */
static int first_field(const char *line, size_t len, char *out, size_t size)
{
    size_t quotes = 0;
    for (size_t i = 0; i < len; i++)
        quotes += line[i] == '"';
    if (quotes % 2)
        return 0;
    size_t n = 0, i = 0;
    if (len && line[0] == '"') {
        for (i = 1; i < len && n + 1 < size; i++) {
            if (line[i] == '"' && (i + 1 >= len || line[i + 1] != '"'))
                break;
            i += line[i] == '"';
            out[n++] = line[i];
        }
    } else {
        for (; i < len && line[i] != ',' && n + 1 < size; i++)
            out[n++] = line[i];
    }
    out[n] = '\0';
    return 1;
}

/* The lines of the event log the store lacks: the n-th event of a ticket
 * is new when the store holds fewer than n. Events keep the file's order,
 * and the desk imports them as it imported the file (a replay: no checks
 * that depend on today's roster). */
static int missing_events(const cli_args *a, const cli_desk *d, char **out, size_t *size,
                          uint64_t *count)
{
    char path[4096];
    path_of(a, "tickets_events.csv", path, sizeof path);
    FILE *f = fopen(path, "rb");
    if (!f)
        return cli_fail(path, "cannot be read");
    ticket_counts seen;
    size_t cap = 1 << 20, len = 0, line_cap = 0;
    char *buf = malloc(cap), *line = NULL, id[256];
    if (!buf || ticket_counts_init(&seen, csvc_desk_ticket_count(d->desk)) != 0) {
        free(buf);
        fclose(f);
        return cli_fail(a->db, "out of memory");
    }
    int rc = CLI_OK, header = 1;
    ssize_t n;
    *count = 0;
    while (rc == CLI_OK && (n = getline(&line, &line_cap, f)) > 0) {
        size_t keep = (size_t)n;
        if (!header) {
            uint64_t *k = NULL;
            if (!first_field(line, keep, id, sizeof id))
                rc = cli_fail(path, "a quoted field holds a line break: csvc imports such a log "
                                    "into a new store only");
            else if (!(k = ticket_counts_at(&seen, id)))
                rc = cli_fail(a->db, "out of memory");
            if (rc != CLI_OK)
                break;
            csvc_ticket_info t;
            memset(&t, 0, sizeof t);
            t.version = CSVC_TICKET_INFO_VERSION;
            uint64_t stored =
                csvc_desk_get_ticket(d->desk, id, &t) == CSVC_OK ? t.event_count : 0;
            if (++*k <= stored)
                continue;
            ++*count;
        }
        header = 0;
        if (len + keep + 1 > cap) {
            char *grown = realloc(buf, (cap = (len + keep + 1) * 2));
            if (!grown) {
                rc = cli_fail(a->db, "out of memory");
                break;
            }
            buf = grown;
        }
        memcpy(buf + len, line, keep);
        len += keep;
    }
    free(line);
    fclose(f);
    ticket_counts_free(&seen);
    if (rc != CLI_OK) {
        free(buf);
        return rc;
    }
    *out = buf;
    *size = len;
    return CLI_OK;
}

/* Tickets the store holds with more events than the file: another log. */
static int check_no_extra(const cli_args *a, const cli_desk *scratch, const cli_desk *d)
{
    char path[4096];
    path_of(a, "tickets_events.csv", path, sizeof path);
    for (size_t i = 0; i < csvc_desk_ticket_count(d->desk); i++) {
        csvc_ticket_info stored, given;
        memset(&stored, 0, sizeof stored);
        memset(&given, 0, sizeof given);
        stored.version = given.version = CSVC_TICKET_INFO_VERSION;
        csvc_desk_ticket_at(d->desk, i, &stored);
        if (csvc_desk_get_ticket(scratch->desk, stored.id, &given) != CSVC_OK)
            continue; /* an older month's ticket: kept */
        if (given.event_count < stored.event_count) {
            char why[256];
            snprintf(why, sizeof why,
                     "ticket '%.64s' has %llu events in the store but %llu in the file: not "
                     "the same log",
                     stored.id, (unsigned long long)stored.event_count,
                     (unsigned long long)given.event_count);
            return cli_fail(path, why);
        }
    }
    return CLI_OK;
}

int cli_import(const cli_args *a, cli_desk *out, uint64_t *added)
{
    cli_desk scratch = {NULL, NULL, NULL, NULL, 0};
    memset(out, 0, sizeof *out);
    char config[4096];
    path_of(a, "desk_config.json", config, sizeof config);
    int rc = read_month(a, &scratch);
    /* The roster before the desk, whose configuration names its teams. */
    if (rc == CLI_OK)
        rc = open_roster(a, out);
    if (rc == CLI_OK && (rc = sync_roster(a, &scratch, out)) != CLI_OK)
        cli_close(out);
    if (rc == CLI_OK)
        rc = attach_desk(a, config, out);
    if (rc == CLI_OK && scratch.training &&
        (rc = cli_attach_training(a, out, desk_offset(out))) != CLI_OK)
        cli_close(out);
    if (rc == CLI_OK)
        rc = check_no_extra(a, &scratch, out);
    char *text = NULL;
    size_t size = 0;
    uint64_t count = 0;
    if (rc == CLI_OK)
        rc = missing_events(a, out, &text, &size, &count);
    if (rc == CLI_OK && count > 0) {
        char path[4096];
        path_of(a, "tickets_events.csv", path, sizeof path);
        if (csvc_store_begin(out->store) != CSVC_OK)
            rc = cli_fail(a->db, csvc_store_errmsg(out->store));
        else if (csvc_desk_import_events_csv_buffer(out->desk, text, size) != CSVC_OK) {
            rc = cli_fail(path, csvc_desk_errmsg(out->desk));
            csvc_store_rollback(out->store);
        } else if (csvc_store_commit(out->store) != CSVC_OK) {
            rc = cli_fail(a->db, csvc_store_errmsg(out->store));
        }
    }
    free(text);
    if (rc == CLI_OK)
        rc = cli_sync_training(a, scratch.training, out, &out->records_added);
    cli_close(&scratch);
    if (rc != CLI_OK) {
        cli_close(out);
        return rc;
    }
    *added = count;
    return CLI_OK;
}
