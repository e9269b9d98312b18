#include "fixtures.h"

#include <sqlite3.h>

#include <stdlib.h>

void *test_failing_malloc(size_t size, void *ud)
{
    test_failing_alloc *s = ud;
    s->calls++;
    if (s->budget == 0)
        return NULL;
    if (s->budget > 0)
        s->budget--;
    void *p = malloc(size);
    if (p)
        s->live++;
    return p;
}

void *test_failing_realloc(void *ptr, size_t size, void *ud)
{
    test_failing_alloc *s = ud;
    if (!ptr)
        return test_failing_malloc(size, ud);
    s->calls++;
    if (s->budget == 0)
        return NULL;
    if (s->budget > 0)
        s->budget--;
    return realloc(ptr, size);
}

void test_failing_free(void *ptr, void *ud)
{
    test_failing_alloc *s = ud;
    if (ptr)
        s->live--;
    free(ptr);
}

#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int test_export_with_file_limit(test_export_fn fn, void *ctx, const char *path, long limit)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit rl = {(rlim_t)limit, (rlim_t)limit};
        signal(SIGXFSZ, SIG_IGN); /* a write past the limit fails with EFBIG instead */
        setrlimit(RLIMIT_FSIZE, &rl);
        _exit(-(int)fn(ctx, path));
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return 1;
    return -WEXITSTATUS(status);
}

char *test_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len + 1 == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    return buf;
}

void test_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

void test_remove_db(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-lock"};
    char name[4096];
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
        unlink(name);
    }
}

int test_count_temp_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        n += len > 4 && strcmp(e->d_name + len - 4, ".tmp") == 0;
    }
    closedir(d);
    return n;
}

void test_assert_export_atomic(test_export_fn fn, void *ctx, const char *dir, const char *path)
{
    const char *old = "the previous export\n";
    test_write_file(path, old);
    /* The limit lets the export start writing, then refuses the rest. */
    int rc = test_export_with_file_limit(fn, ctx, path, 40);
    if (rc != CSVC_E_IO)
        fail_msg("an export past the file size limit returned %d, expected CSVC_E_IO", rc);
    char *now = test_read_file(path);
    assert_non_null(now);
    assert_string_equal(now, old);
    free(now);
    assert_int_equal(test_count_temp_files(dir), 0);
    /* Without the limit the same export replaces the file. */
    assert_int_equal(test_export_with_file_limit(fn, ctx, path, 1L << 30), CSVC_OK);
    now = test_read_file(path);
    assert_non_null(now);
    assert_true(strcmp(now, old) != 0 && strlen(now) > 40);
    free(now);
    assert_int_equal(test_count_temp_files(dir), 0);
}

/* ---- a roster ------------------------------------------------------------- */

void fx_add_team(csvc_roster *r, const char *id)
{
    csvc_team_info t = CSVC_TEAM_INFO_INIT;
    t.id = id;
    assert_ok(r, csvc_roster_add_team(r, &t));
}

void fx_add_agent_full(csvc_roster *r, const char *id, const char *team, const char *supervisor,
                       uint32_t skills, int active)
{
    csvc_agent_info a = CSVC_AGENT_INFO_INIT;
    a.id = id;
    a.name = id;
    a.team_id = team;
    a.supervisor_id = supervisor;
    a.skills = skills;
    a.active = active;
    assert_ok(r, csvc_roster_add_agent(r, &a));
}

void fx_add_agent(csvc_roster *r, const char *id, const char *team, int active)
{
    fx_add_agent_full(r, id, team, NULL, 0, active);
}

csvc_roster *fx_empty_roster(void)
{
    csvc_roster *r = NULL;
    assert_csvc_ok(csvc_roster_new(NULL, &r));
    return r;
}

csvc_roster *fx_roster(void)
{
    csvc_roster *r = fx_empty_roster();
    fx_add_team(r, "T1");
    fx_add_team(r, "T2");
    fx_add_agent(r, "A1", "T1", 1);
    fx_add_agent(r, "A2", "T1", 1);
    fx_add_agent(r, "B1", "T2", 1);
    fx_add_agent(r, "GONE", "T1", 0);
    return r;
}

/* ---- a temporary directory ----------------------------------------------------- */

#include <sys/stat.h>

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char p[512];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            chmod(p, 0700);
            remove_tree(p);
        } else {
            unlink(p);
        }
    }
    closedir(d);
    rmdir(dir);
}

void fx_dir_make(fx_dir *d, const char *prefix)
{
    snprintf(d->path, sizeof d->path, "/tmp/%s-XXXXXX", prefix);
    assert_non_null(mkdtemp(d->path));
}

void fx_dir_remove(fx_dir *d)
{
    remove_tree(d->path);
}

void fx_dir_file(const fx_dir *d, const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s/%s", d->path, name);
}

#include <math.h>

/* ---- metrics -------------------------------------------------------------- */

int fx_same_double(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

void fx_assert_same_metrics(const csvc_metrics *a, const csvc_metrics *b)
{
#define I(field) assert_int_equal(a->field, b->field)
#define D(field)                                                                                   \
    if (!fx_same_double(a->field, b->field))                                                       \
    fail_msg("metrics." #field ": %.17g vs %.17g", a->field, b->field)
    I(handled);
    I(resolved);
    D(resolution_rate);
    I(first_contact);
    D(fcr);
    I(first_response_count);
    D(first_response_mean);
    D(first_response_median);
    D(first_response_p90);
    I(resolution_count);
    D(resolution_mean);
    D(resolution_median);
    D(resolution_p90);
    D(total_resolution_mean);
    D(total_resolution_median);
    D(total_resolution_p90);
    I(sla_due);
    I(sla_met);
    D(sla_compliance);
    I(reopened);
    D(reopen_rate);
    I(csat_count);
    D(csat);
    D(csat_mean);
    I(complaints);
    D(complaint_rate);
    I(transfers);
    I(escalations);
    D(transfer_rate);
    D(escalation_rate);
    I(backlog);
#undef I
#undef D
}

int64_t test_sql_int(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}
