/* csvc: the month-end review of a CS team.
 *
 *   csvc review [--data DIR] [--month YYYY-MM] [--db PATH] [--json FILE] [--csv DIR]
 *   csvc import [--data DIR] [--db PATH]
 *   csvc verify [--db PATH]
 *   csvc export [--db PATH] --csv DIR
 *
 * See csvc(1). */
#include "review.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: csvc <command> [options]\n"
    "  review  import DIR into the store, then print the month-end review:\n"
    "          targets, service metrics per team, KPI scorecards\n"
    "  import  bring the store up to date with DIR (the same files twice change nothing)\n"
    "  verify  check the store's hash chain\n"
    "  export  write the store's roster and event log as CSV into --csv DIR\n"
    "options:\n"
    "  --data DIR       the month's files (roster.csv, desk_config.json, tickets_events.csv,\n"
    "                   kpi_model.json, ratings.csv); default " CSVC_DEFAULT_DATA "\n"
    "  --db PATH        the store; default " CSVC_DEFAULT_DB "\n"
    "  --month YYYY-MM  the month to review; default the latest with tickets\n"
    "  --json FILE      also write the review as JSON (- for stdout)\n"
    "  --csv DIR        also write the review's tables as CSV files\n";

/* A progress note on stderr while a step runs, when someone watches it. */
static void progress(const char *what)
{
    if (isatty(STDERR_FILENO))
        fprintf(stderr, "%s...\r", what);
}

static void progress_done(void)
{
    if (isatty(STDERR_FILENO))
        fprintf(stderr, "\033[K");
}

static int do_import(const cli_args *a)
{
    cli_desk d;
    uint64_t added = 0;
    progress("importing");
    int rc = cli_import(a, &d, &added);
    progress_done();
    if (rc != CLI_OK)
        return rc;
    printf("%s: %zu tickets, %llu events new, %zu training records new from %s\n", a->db,
           csvc_desk_ticket_count(d.desk), (unsigned long long)added, d.records_added, a->data);
    cli_close(&d);
    return CLI_OK;
}

int cli_review(const cli_args *a)
{
    cli_desk d;
    uint64_t added = 0;
    progress("importing");
    int rc = cli_import(a, &d, &added);
    progress_done();
    if (rc != CLI_OK)
        return rc;
    month_review r;
    progress("computing the review");
    rc = review_compute(a, &d, &r);
    progress_done();
    if (rc == CLI_OK) {
        if (!a->json || strcmp(a->json, "-") != 0)
            review_print(&r, stdout);
        if (a->json)
            rc = review_write_json(&r, a->json);
        if (rc == CLI_OK && a->csv)
            rc = review_write_csv(&r, a->csv);
    }
    review_free(&r);
    cli_close(&d);
    return rc;
}

int cli_verify(const cli_args *a)
{
    cli_desk d;
    int rc = cli_open(a, &d);
    if (rc != CLI_OK)
        return rc;
    uint64_t bad = 0, events = 0;
    csvc_status s = csvc_store_verify(d.store, &bad);
    csvc_store_event_count(d.store, &events);
    if (s == CSVC_OK)
        printf("%s: the chain holds: %llu events, every row unchanged\n", a->db,
               (unsigned long long)events);
    else
        rc = cli_fail(a->db, csvc_store_errmsg(d.store));
    cli_close(&d);
    return rc;
}

int cli_export(const cli_args *a)
{
    if (!a->csv) {
        fprintf(stderr, "csvc export: --csv DIR is required\n");
        return CLI_USAGE;
    }
    if (mkdir(a->csv, 0777) != 0 && errno != EEXIST)
        return cli_fail(a->csv, strerror(errno));
    cli_desk d;
    int rc = cli_open(a, &d);
    if (rc != CLI_OK)
        return rc;
    char path[4096];
    snprintf(path, sizeof path, "%s/roster.csv", a->csv);
    if (csvc_roster_export_csv(d.roster, path) != CSVC_OK)
        rc = cli_fail(path, csvc_roster_errmsg(d.roster));
    snprintf(path, sizeof path, "%s/tickets_events.csv", a->csv);
    if (rc == CLI_OK && csvc_store_export_events_csv(d.store, path) != CSVC_OK)
        rc = cli_fail(path, csvc_store_errmsg(d.store));
    if (rc == CLI_OK)
        printf("%s: roster.csv and tickets_events.csv written\n", a->csv);
    cli_close(&d);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("csvc %s\n", csvc_version());
        return CLI_OK;
    }
    static const struct {
        const char *name;
        int (*run)(const cli_args *);
    } commands[] = {
        {"review", cli_review}, {"import", do_import}, {"verify", cli_verify}, {"export", cli_export}};
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        cli_args a;
        int rc = cli_parse_args(argc, argv, 2, commands[i].name, &a);
        return rc != CLI_OK ? rc : commands[i].run(&a);
    }
    fprintf(stderr, "csvc: unknown command '%s'\n%s", argv[1], usage);
    return CLI_USAGE;
}
