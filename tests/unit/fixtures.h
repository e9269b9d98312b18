/* Shared fixtures for the cmocka suites (after libssh's torture helpers):
 * assertions that print the failing handle's message, a roster builder, a
 * temporary directory, fault injection and file helpers. */
#ifndef CSVC_TEST_FIXTURES_H
#define CSVC_TEST_FIXTURES_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "csvc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Asserts that `rc` is CSVC_OK, printing the handle's message otherwise. */
#define assert_csvc_ok_msg(rc, msg)                                                                \
    do {                                                                                           \
        csvc_status rc_ = (rc);                                                                    \
        if (rc_ != CSVC_OK)                                                                        \
            fail_msg("%s returned %s: %s", #rc, csvc_status_name(rc_), (msg));                     \
    } while (0)

/* The message of any handle's last failure. */
#define handle_errmsg(h)                                                                           \
    _Generic((h),                                                                              \
        csvc_roster *: csvc_roster_errmsg, const csvc_roster *: csvc_roster_errmsg,            \
        csvc_desk *: csvc_desk_errmsg, const csvc_desk *: csvc_desk_errmsg,                    \
        csvc_calendar *: csvc_calendar_errmsg, const csvc_calendar *: csvc_calendar_errmsg,    \
        csvc_store *: csvc_store_errmsg, const csvc_store *: csvc_store_errmsg,                \
        csvc_kpi_model *: csvc_kpi_model_errmsg, const csvc_kpi_model *: csvc_kpi_model_errmsg, \
        csvc_kpi_review *: csvc_kpi_review_errmsg,                                            \
        const csvc_kpi_review *: csvc_kpi_review_errmsg,                                      \
        csvc_kpi_results *: csvc_kpi_results_errmsg,                                          \
        const csvc_kpi_results *: csvc_kpi_results_errmsg,                                    \
        csvc_staffing_plan *: csvc_staffing_plan_errmsg,                                      \
        const csvc_staffing_plan *: csvc_staffing_plan_errmsg,                                \
        csvc_incentive_inputs *: csvc_incentive_inputs_errmsg,                                \
        const csvc_incentive_inputs *: csvc_incentive_inputs_errmsg,                          \
        csvc_points_ledger *: csvc_points_ledger_errmsg,                                      \
        const csvc_points_ledger *: csvc_points_ledger_errmsg,                                \
        csvc_incentive_plan_builder *: csvc_incentive_plan_builder_errmsg,                    \
        csvc_training *: csvc_training_errmsg, const csvc_training *: csvc_training_errmsg)(h)

/* Asserts that `rc`, a call on `handle`, is CSVC_OK, printing the handle's
 * message otherwise. */
#define assert_ok(handle, rc) assert_csvc_ok_msg(rc, handle_errmsg(handle))
/* For handle-less calls. */
#define assert_csvc_ok(rc) assert_csvc_ok_msg(rc, csvc_last_errmsg())

/* Asserts a status and that the thread's message contains `needle`. */
#define assert_status_msg(rc, expected, needle)                                                    \
    do {                                                                                           \
        csvc_status rc_ = (rc);                                                                    \
        if (rc_ != (expected))                                                                     \
            fail_msg("%s returned %s, expected %s (%s)", #rc, csvc_status_name(rc_),               \
                     csvc_status_name(expected), csvc_last_errmsg());                              \
        if (!strstr(csvc_last_errmsg(), (needle)))                                                 \
            fail_msg("%s: message '%s' lacks '%s'", #rc, csvc_last_errmsg(), (needle));            \
    } while (0)

/* An allocator that fails after `budget` successful allocations, for fault
 * injection; `budget < 0` never fails. Counts live blocks to catch leaks. */
typedef struct test_failing_alloc {
    long budget;
    long live;
    long calls;
} test_failing_alloc;

void *test_failing_malloc(size_t size, void *ud);
void *test_failing_realloc(void *ptr, size_t size, void *ud);
void test_failing_free(void *ptr, void *ud);

static inline csvc_allocator test_failing_allocator(test_failing_alloc *state)
{
    csvc_allocator a = {CSVC_ALLOCATOR_VERSION, test_failing_malloc, test_failing_realloc,
                        test_failing_free, state};
    return a;
}

/* ---- a roster ------------------------------------------------------------- */

/* Adds a team (name = id) or an agent (name = id, junior) or fails the test. */
void fx_add_team(csvc_roster *r, const char *id);
void fx_add_agent(csvc_roster *r, const char *id, const char *team, int active);
/* The same with a supervisor (NULL: none) and skills. */
void fx_add_agent_full(csvc_roster *r, const char *id, const char *team, const char *supervisor,
                       uint32_t skills, int active);
/* Two teams T1 and T2; agents A1, A2 (T1), B1 (T2) and GONE (T1, inactive). */
csvc_roster *fx_roster(void);
csvc_roster *fx_empty_roster(void);

/* ---- metrics -------------------------------------------------------------- */

/* a == b, or both NaN ("no value"). */
int fx_same_double(double a, double b);
/* Every field of two metrics rows is the same (NaN alike). */
void fx_assert_same_metrics(const csvc_metrics *a, const csvc_metrics *b);

/* ---- a temporary directory ----------------------------------------------------- */

typedef struct fx_dir {
    char path[64];
} fx_dir;

/* mkdtemp under /tmp with `prefix`; removed (with everything in it) by
 * fx_dir_remove(). */
void fx_dir_make(fx_dir *d, const char *prefix);
void fx_dir_remove(fx_dir *d);
/* "<dir>/<name>" into out. */
void fx_dir_file(const fx_dir *d, const char *name, char *out, size_t size);

/* An export of a handle to a file, for the atomicity checks. */
typedef csvc_status (*test_export_fn)(void *ctx, const char *path);
/* Runs fn(ctx, path) in a child process whose files may not grow past
 * `limit` bytes (RLIMIT_FSIZE): the export fails half-way. Returns the
 * export's status (1 when the child did not exit normally). */
int test_export_with_file_limit(test_export_fn fn, void *ctx, const char *path, long limit);
/* Checks that an export failing half-way leaves the previous file at `path`
 * intact and no temporary file in `dir`, and that it then succeeds. */
void test_assert_export_atomic(test_export_fn fn, void *ctx, const char *dir, const char *path);
/* The integer the query returns from the SQLite database at `path`,
 * through a connection of the test's own. */
int64_t test_sql_int(const char *path, const char *sql);
/* The file's contents (malloc'ed, NUL-terminated) or NULL. */
char *test_read_file(const char *path);
void test_write_file(const char *path, const char *text);
/* Files named *.tmp in `dir`. */
int test_count_temp_files(const char *dir);
/* Removes a SQLite store and its -wal, -shm and -lock files, if there. */
void test_remove_db(const char *path);

#endif
