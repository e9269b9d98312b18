/* The csvc program: the month-end review of a CS team from a directory of
 * exports, kept in a store. It uses only the public API (csvc.h), as any
 * application would. */
#ifndef CSVC_CLI_H
#define CSVC_CLI_H

#include <csvc.h>

#include <stdio.h>

/* Defaults the build sets: the sample month of the source tree and a
 * store in the build directory. */
#ifndef CSVC_DEFAULT_DATA
#define CSVC_DEFAULT_DATA "examples/data/month"
#endif
#ifndef CSVC_DEFAULT_DB
#define CSVC_DEFAULT_DB "csvc-review.db"
#endif

/* Exit codes: 0 done, 1 a failure the message explains, 2 bad usage. */
enum { CLI_OK = 0, CLI_FAILED = 1, CLI_USAGE = 2 };

/* The options every subcommand shares (absent ones NULL / 0). */
typedef struct cli_args {
    const char *data;  /* directory of the month's files */
    const char *db;    /* the store */
    const char *json;  /* write the review as JSON here ("-": stdout) */
    const char *csv;   /* write the review's tables as CSV files into this directory */
    int32_t year, month; /* --month YYYY-MM; 0 = the latest month with tickets */
} cli_args;

/* Parses argv[first..]; prints the reason and returns CLI_USAGE on error. */
int cli_parse_args(int argc, char **argv, int first, const char *command, cli_args *out);

/* What a subcommand works on: the store and the engines attached to it. */
typedef struct cli_desk {
    csvc_store *store;
    csvc_roster *roster;
    csvc_desk *desk;
    csvc_training *training; /* NULL: the month has no training documents */
    size_t records_added;    /* training completions the import recorded */
} cli_desk;

/* Checks every file of `data` first (nothing is written when one is bad),
 * then brings the store up to date with them: the roster when the store
 * has none, the desk's configuration, and the events it lacks (importing
 * the same month twice changes nothing). `*added` receives the events
 * written. */
int cli_import(const cli_args *a, cli_desk *out, uint64_t *added);
/* Opens the store with what it holds, importing nothing. */
int cli_open(const cli_args *a, cli_desk *out);
void cli_close(cli_desk *d);

/* training_import.c: the month's training documents into a scratch plan
 * over the scratch roster (`*out` NULL when the month has none); the
 * store's plan attached to `d`; then brought up to date from the scratch
 * one (the catalogue, requirements and promotion rules once, the records
 * the store lacks). */
int cli_read_training(const cli_args *a, const cli_desk *scratch, int32_t offset,
                      csvc_training **out);
int cli_attach_training(const cli_args *a, cli_desk *d, int32_t offset);
int cli_sync_training(const cli_args *a, const csvc_training *scratch, cli_desk *d,
                      size_t *added);

/* "path: message" on stderr; returns CLI_FAILED. */
int cli_fail(const char *what, const char *message);

/* Checks every row of DIR/shifts.csv (a missing file is no error). */
int cli_check_shifts(const cli_args *a);

int cli_review(const cli_args *a);
int cli_verify(const cli_args *a);
int cli_export(const cli_args *a);

#endif
