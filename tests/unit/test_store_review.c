/* KPI reviews in the store: ratings, objective values and the closing are
 * committed as they happen and reload into an empty review of the same id;
 * the reloaded review computes the same scorecard, byte for byte. */
#include "fixtures.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#define ROSTER_CSV "../../examples/data/roster.csv"
#define MODEL_JSON "../../examples/data/kpi_model.json"
#define RATINGS_CSV "../../examples/data/ratings.csv"

typedef struct fixture {
    char path[64];
    csvc_kpi_model *model;
    csvc_period period;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/csvc_review_%d.db", (int)getpid());
    if (csvc_kpi_model_load_json(MODEL_JSON, NULL, &f->model) != CSVC_OK)
        return -1;
    /* December 2025 at +08:00. */
    if (csvc_period_of_month(2025, 12, 8 * 3600, &f->period) != CSVC_OK)
        return -1;
    *state = f;
    return 0;
}

static void remove_db(const char *path)
{
    char name[80];
    const char *suffixes[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
        unlink(name);
    }
}

static int teardown(void **state)
{
    fixture *f = *state;
    remove_db(f->path);
    csvc_kpi_model_free(f->model);
    free(f);
    return 0;
}

typedef struct session {
    csvc_store *store;
    csvc_roster *roster;
    csvc_kpi_review *review;
} session;

/* Opens the store, its roster (from the CSV the first time) and an empty
 * review "Q4" attached to it. */
static void open_session(fixture *f, session *s)
{
    assert_csvc_ok(csvc_store_open(f->path, NULL, &s->store));
    assert_csvc_ok(csvc_roster_new(NULL, &s->roster));
    assert_csvc_ok_msg(csvc_store_attach_roster(s->store, s->roster), csvc_store_errmsg(s->store));
    if (csvc_roster_agent_count(s->roster) == 0)
        assert_ok(s->roster, csvc_roster_import_csv(s->roster, ROSTER_CSV));
    csvc_kpi_review_options o = CSVC_KPI_REVIEW_OPTIONS_INIT;
    o.id = "Q4";
    assert_csvc_ok(csvc_kpi_review_new(s->roster, f->model, &f->period, &o, &s->review));
    assert_csvc_ok_msg(csvc_store_attach_review(s->store, s->review), csvc_store_errmsg(s->store));
}

static void close_session(session *s)
{
    csvc_store_close(s->store);
    csvc_kpi_review_free(s->review);
    csvc_roster_free(s->roster);
}

/* The scorecard as CSV text with every detail, for comparisons. */
static char *scorecard(csvc_kpi_review *review)
{
    csvc_kpi_results *res;
    assert_csvc_ok_msg(csvc_kpi_review_compute(review, &res), csvc_kpi_review_errmsg(review));
    char *text;
    size_t size;
    assert_csvc_ok(csvc_kpi_results_export_csv_buffer(res, 1, &text, &size));
    csvc_kpi_results_free(res);
    return text;
}

static void test_review_survives_reopen(void **state)
{
    fixture *f = *state;
    session s;
    open_session(f, &s);
    /* The example file has 79 rows; one (A203 on product_knowledge, self)
     * replaces an earlier one: 78 ratings (awk over the file agrees). */
    assert_csvc_ok_msg(csvc_kpi_review_import_ratings_csv(s.review, RATINGS_CSV),
                       csvc_kpi_review_errmsg(s.review));
    size_t ratings = csvc_kpi_review_rating_count(s.review);
    assert_int_equal(ratings, 78);
    /* One more, then a replacement of it: still one row. */
    csvc_kpi_rating x = CSVC_KPI_RATING_INIT;
    x.rater_id = "S200";
    x.ratee_id = "A204";
    x.kpi_id = "teamwork";
    x.group = CSVC_RATER_SUPERVISOR;
    x.value = 3;
    x.time = f->period.start + 86400;
    csvc_status rc = csvc_kpi_review_rate(s.review, &x);
    size_t expected = ratings + (rc == CSVC_OK ? 1 : 0);
    if (rc == CSVC_OK) {
        x.value = 4;
        x.time += 60;
        assert_csvc_ok_msg(csvc_kpi_review_rate(s.review, &x), csvc_kpi_review_errmsg(s.review));
    }
    assert_csvc_ok_msg(csvc_kpi_review_set_objective(s.review, "A201", "csat", 0.93),
                       csvc_kpi_review_errmsg(s.review));
    assert_csvc_ok_msg(csvc_kpi_review_set_objective(s.review, "A202", "csat", 0.81),
                       csvc_kpi_review_errmsg(s.review));
    assert_csvc_ok_msg(csvc_kpi_review_close(s.review), csvc_kpi_review_errmsg(s.review));
    char *before = scorecard(s.review);
    close_session(&s);

    /* The store is a journal: each submission is a row (the file's 81, and
     * the two of S200's rating), the distinct keys are the review's ratings;
     * the review has a creation row and a closing row. */
    assert_int_equal(test_sql_int(f->path, "SELECT COUNT(*) FROM ratings"),
                     79 + (rc == CSVC_OK ? 2 : 0));
    assert_int_equal(test_sql_int(f->path, "SELECT COUNT(*) FROM (SELECT DISTINCT review, rater,"
                                         " ratee, kpi FROM ratings)"),
                     expected);
    assert_int_equal(test_sql_int(f->path, "SELECT COUNT(*) FROM objectives"), 2);
    assert_int_equal(test_sql_int(f->path, "SELECT COUNT(*) FROM reviews WHERE id = 'Q4'"), 2);
    assert_int_equal(test_sql_int(f->path, "SELECT MAX(closed) FROM reviews WHERE id = 'Q4'"), 1);

    open_session(f, &s);
    assert_int_equal(csvc_kpi_review_rating_count(s.review), expected);
    assert_int_equal(csvc_kpi_review_is_closed(s.review), 1);
    char *after = scorecard(s.review);
    assert_string_equal(before, after);
    csvc_free(before);
    csvc_free(after);
    close_session(&s);
}

/* Overwrites, inside the pages of index `index`, every occurrence of
 * `needle` with `replacement` (same length): the table rows stay intact,
 * the index now points elsewhere. Returns the number of places changed. */
static int damage_index(const char *path, const char *index, const char *needle,
                        const char *replacement)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT rootpage FROM sqlite_master WHERE name = ?1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, index, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long page = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    int page_size = 0;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    page_size = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);

    FILE *file = fopen(path, "r+b");
    assert_non_null(file);
    char *buf = malloc((size_t)page_size);
    assert_int_equal(fseek(file, (page - 1) * page_size, SEEK_SET), 0);
    assert_int_equal(fread(buf, 1, (size_t)page_size, file), (size_t)page_size);
    int changed = 0;
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= (size_t)page_size; i++)
        if (memcmp(buf + i, needle, n) == 0) {
            memcpy(buf + i, replacement, n);
            changed++;
        }
    assert_int_equal(fseek(file, (page - 1) * page_size, SEEK_SET), 0);
    assert_int_equal(fwrite(buf, 1, (size_t)page_size, file), (size_t)page_size);
    fclose(file);
    free(buf);
    return changed;
}

/* A damaged index hides nothing (the fuzz target fuzz_store_file found a
 * byte that made a review load with no ratings while verify passed): rows
 * are loaded from the tables, and verify checks the file's structure. */
static void test_damaged_index_hides_no_rating(void **state)
{
    fixture *f = *state;
    session s;
    open_session(f, &s);
    assert_csvc_ok_msg(csvc_kpi_review_import_ratings_csv(s.review, RATINGS_CSV),
                       csvc_kpi_review_errmsg(s.review));
    size_t ratings = csvc_kpi_review_rating_count(s.review);
    char *before = scorecard(s.review);
    close_session(&s); /* checkpoints the WAL into the file */

    assert_true(damage_index(f->path, "reviews_by_id", "Q4", "Q5") > 0);
    assert_true(damage_index(f->path, "ratings_by_review", "Q4", "Q5") > 0);
    open_session(f, &s);
    assert_int_equal(csvc_kpi_review_rating_count(s.review), ratings);
    char *after = scorecard(s.review);
    assert_string_equal(before, after);
    /* The chain walk reads the tables, which are intact; the structure
     * check sees the indexes disagree. */
    uint64_t first_bad = 99;
    csvc_status rc = csvc_store_verify(s.store, &first_bad);
    if (rc != CSVC_OK) {
        assert_int_equal(rc, CSVC_E_CORRUPT);
        assert_int_equal(first_bad, 0);
        assert_non_null(strstr(csvc_store_errmsg(s.store), "database file is damaged"));
    }
    csvc_free(before);
    csvc_free(after);
    close_session(&s);
}

static void test_attach_conflicts_and_errors(void **state)
{
    fixture *f = *state;
    session s;
    open_session(f, &s);
    assert_csvc_ok(csvc_kpi_review_import_ratings_csv(s.review, RATINGS_CSV));
    /* The same review twice, or another handle with its id. */
    assert_int_equal(csvc_store_attach_review(s.store, s.review), CSVC_E_EXISTS);
    csvc_kpi_review_options o = CSVC_KPI_REVIEW_OPTIONS_INIT;
    o.id = "Q4";
    csvc_kpi_review *twin;
    assert_csvc_ok(csvc_kpi_review_new(s.roster, f->model, &f->period, &o, &twin));
    assert_int_equal(csvc_store_attach_review(s.store, twin), CSVC_E_EXISTS);
    csvc_kpi_review_free(twin);
    /* Review changes are refused inside a batch, and undone. */
    assert_csvc_ok(csvc_store_begin(s.store));
    assert_status_msg(csvc_kpi_review_set_objective(s.review, "A201", "csat", 0.5), CSVC_E_BUSY,
                      "review changes are not allowed inside a batch");
    assert_non_null(strstr(csvc_store_errmsg(s.store), "inside a batch"));
    assert_csvc_ok(csvc_store_rollback(s.store));
    assert_int_equal(csvc_store_attach_review(NULL, s.review), CSVC_E_NULL);
    assert_int_equal(csvc_store_attach_review(s.store, NULL), CSVC_E_NULL);
    close_session(&s);

    /* A stored id with another period, or a review that already has ratings. */
    csvc_store *store;
    csvc_roster *roster;
    assert_csvc_ok(csvc_store_open(f->path, NULL, &store));
    assert_csvc_ok(csvc_roster_new(NULL, &roster));
    assert_csvc_ok(csvc_store_attach_roster(store, roster));
    csvc_period other = {f->period.start, f->period.end + 86400};
    assert_csvc_ok(csvc_kpi_review_new(roster, f->model, &other, &o, &twin));
    assert_status_msg(csvc_store_attach_review(store, twin), CSVC_E_CONFLICT, "another period");
    csvc_kpi_review_free(twin);
    assert_csvc_ok(csvc_kpi_review_new(roster, f->model, &f->period, &o, &twin));
    assert_csvc_ok(csvc_kpi_review_import_ratings_csv(twin, RATINGS_CSV));
    assert_status_msg(csvc_store_attach_review(store, twin), CSVC_E_CONFLICT,
                      "attach an empty review");
    csvc_kpi_review_free(twin);
    /* A review over a roster the store does not hold. */
    csvc_roster *stranger;
    assert_csvc_ok(csvc_roster_new(NULL, &stranger));
    assert_csvc_ok(csvc_roster_import_csv(stranger, ROSTER_CSV));
    assert_csvc_ok(csvc_kpi_review_new(stranger, f->model, &f->period, &o, &twin));
    assert_status_msg(csvc_store_attach_review(store, twin), CSVC_E_INVALID, "roster");
    csvc_kpi_review_free(twin);
    csvc_roster_free(stranger);
    csvc_store_close(store);
    csvc_roster_free(roster);
}

/* A rating the store cannot commit (another connection holds the write
 * lock) is refused and undone in memory. */
static void test_failed_commit_undoes_the_rating(void **state)
{
    fixture *f = *state;
    session s;
    open_session(f, &s);
    csvc_store_close(s.store);
    csvc_store_options o = CSVC_STORE_OPTIONS_INIT;
    o.busy_timeout_ms = 50;
    assert_csvc_ok(csvc_store_open(f->path, &o, &s.store));
    csvc_roster *r2;
    assert_csvc_ok(csvc_roster_new(NULL, &r2));
    assert_csvc_ok(csvc_store_attach_roster(s.store, r2));
    csvc_kpi_review_options ro = CSVC_KPI_REVIEW_OPTIONS_INIT;
    ro.id = "Q4";
    csvc_kpi_review *rev;
    assert_csvc_ok(csvc_kpi_review_new(r2, f->model, &f->period, &ro, &rev));
    assert_csvc_ok(csvc_store_attach_review(s.store, rev));

    sqlite3 *locker;
    assert_int_equal(sqlite3_open(f->path, &locker), SQLITE_OK);
    assert_int_equal(sqlite3_exec(locker, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(csvc_kpi_review_set_objective(rev, "A201", "csat", 0.9), CSVC_E_BUSY);
    assert_int_equal(csvc_kpi_review_import_ratings_csv(rev, RATINGS_CSV), CSVC_E_BUSY);
    assert_int_equal(csvc_kpi_review_rating_count(rev), 0);
    sqlite3_exec(locker, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(locker);
    assert_csvc_ok(csvc_kpi_review_import_ratings_csv(rev, RATINGS_CSV));
    assert_int_equal(csvc_kpi_review_rating_count(rev), 78);

    csvc_store_close(s.store);
    csvc_kpi_review_free(rev);
    csvc_roster_free(r2);
    csvc_kpi_review_free(s.review);
    csvc_roster_free(s.roster);
}

typedef struct review_calls {
    int calls;
    csvc_kpi_review *review; /* to try a nested call */
    csvc_status nested;
    int refuse;
} review_calls;

static csvc_status on_review_change(const csvc_kpi_review *r, csvc_kpi_review_change change,
                                    const char *ratee, const char *kpi, void *ud)
{
    (void)r;
    (void)change;
    (void)ratee;
    (void)kpi;
    review_calls *c = ud;
    c->calls++;
    if (c->review) {
        csvc_kpi_rating x = CSVC_KPI_RATING_INIT;
        x.rater_id = "A202";
        x.ratee_id = "A202";
        x.kpi_id = "product_knowledge";
        x.group = CSVC_RATER_SELF;
        x.value = 2;
        x.time = 1764600000;
        c->nested = csvc_kpi_review_rate(c->review, &x);
    }
    return c->refuse ? CSVC_E_IO : CSVC_OK;
}

static csvc_kpi_rating self_rating(const char *who, double value)
{
    csvc_kpi_rating x = CSVC_KPI_RATING_INIT;
    x.rater_id = who;
    x.ratee_id = who;
    x.kpi_id = "product_knowledge";
    x.group = CSVC_RATER_SELF;
    x.value = value;
    x.time = 1764600000; /* 2025-12-01T14:40:00Z, inside the review */
    return x;
}

/* The review's callback is the application's before and after attaching. */
static void test_review_callback_stays_the_applications(void **state)
{
    fixture *f = *state;
    session s;
    open_session(f, &s);
    review_calls calls = {0, NULL, CSVC_OK, 0};
    assert_ok(s.review, csvc_kpi_review_set_change_callback(s.review, on_review_change, &calls));
    csvc_kpi_rating x = self_rating("A201", 4);
    assert_ok(s.review, csvc_kpi_review_rate(s.review, &x));
    assert_int_equal(calls.calls, 1);
    csvc_store_close(s.store);
    x = self_rating("A203", 3); /* after the close: called, not stored */
    assert_ok(s.review, csvc_kpi_review_rate(s.review, &x));
    assert_int_equal(calls.calls, 2);
    csvc_kpi_review_free(s.review);
    csvc_roster_free(s.roster);
    open_session(f, &s);
    assert_int_equal(csvc_kpi_review_rating_count(s.review), 1);
    close_session(&s);
}

/* A callback that rates through the review it serves, then refuses: both
 * are gone, and attaching the review later reads no freed memory. */
static void test_review_callback_cannot_reenter(void **state)
{
    fixture *f = *state;
    session s;
    open_session(f, &s);
    review_calls calls = {0, s.review, CSVC_OK, 1};
    assert_ok(s.review, csvc_kpi_review_set_change_callback(s.review, on_review_change, &calls));
    csvc_kpi_rating x = self_rating("A201", 4);
    assert_int_equal(csvc_kpi_review_rate(s.review, &x), CSVC_E_IO);
    assert_int_equal(calls.nested, CSVC_E_BUSY);
    assert_int_equal(csvc_kpi_review_rating_count(s.review), 0);
    calls.refuse = 0;
    assert_ok(s.review, csvc_kpi_review_rate(s.review, &x));
    assert_int_equal(calls.nested, CSVC_E_BUSY);
    assert_int_equal(csvc_kpi_review_rating_count(s.review), 1);
    close_session(&s);
    open_session(f, &s);
    assert_int_equal(csvc_kpi_review_rating_count(s.review), 1);
    close_session(&s);
}

/* Two processes' handles on one review: an import in one adds to what the
 * other rated, and a closing in one refuses ratings in the other. */
static void test_two_handles_on_one_review(void **state)
{
    fixture *f = *state;
    session a, b;
    open_session(f, &a);
    open_session(f, &b);
    /* A: A105's self rating (the file has none) and A201's, earlier than
     * the file's, which replaces it. */
    csvc_kpi_rating x = self_rating("A105", 4);
    assert_ok(a.review, csvc_kpi_review_rate(a.review, &x));
    x = self_rating("A201", 4);
    x.time = 1764500000;
    assert_ok(a.review, csvc_kpi_review_rate(a.review, &x));
    assert_ok(b.review, csvc_kpi_review_import_ratings_csv(b.review, RATINGS_CSV));
    /* B caught up with A's ratings before importing: the file's 78 + A105. */
    size_t with_a = csvc_kpi_review_rating_count(b.review);
    assert_int_equal(with_a, 79);
    assert_ok(a.review, csvc_kpi_review_close(a.review));
    x = self_rating("A203", 2);
    assert_status_msg(csvc_kpi_review_rate(b.review, &x), CSVC_E_CLOSED, "is closed");
    assert_int_equal(csvc_kpi_review_is_closed(b.review), 1);
    close_session(&a);
    close_session(&b);
    open_session(f, &a);
    assert_int_equal(csvc_kpi_review_rating_count(a.review), with_a);
    assert_int_equal(csvc_kpi_review_is_closed(a.review), 1);
    close_session(&a);
}

/* Freeing an attached review before closing the store detaches it. */
static void test_review_freed_before_the_store(void **state)
{
    fixture *f = *state;
    session s;
    open_session(f, &s);
    csvc_kpi_review_free(s.review);
    uint64_t n;
    assert_ok(s.store, csvc_store_refresh(s.store, &n));
    csvc_store_close(s.store);
    csvc_roster_free(s.roster);
}

static void run_sql(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_changes(db), 1);
    sqlite3_close(db);
}

/* A stored rating is checked again on reload against the rules that do
 * not depend on the roster: a peer rating turned into a self rating by
 * someone else (or a self rating moved to another group) is refused as
 * damage, not scored. */
static void test_restored_ratings_keep_the_rater_rules(void **state)
{
    fixture *f = *state;
    const char *tampering[] = {
        "UPDATE ratings SET rater_group = 0 WHERE seq = (SELECT min(seq) FROM ratings WHERE "
        "rater <> ratee)",
        "UPDATE ratings SET rater_group = 1 WHERE seq = (SELECT min(seq) FROM ratings WHERE "
        "rater = ratee)",
    };
    const char *reason[] = {"self ratings come only from the ratee",
                            "may rate itself only in the self group"};
    for (int i = 0; i < 2; i++) {
        session s;
        open_session(f, &s);
        assert_csvc_ok_msg(csvc_kpi_review_import_ratings_csv(s.review, RATINGS_CSV),
                           csvc_kpi_review_errmsg(s.review));
        close_session(&s);
        run_sql(f->path, tampering[i]);

        assert_csvc_ok(csvc_store_open(f->path, NULL, &s.store));
        assert_csvc_ok(csvc_roster_new(NULL, &s.roster));
        assert_csvc_ok(csvc_store_attach_roster(s.store, s.roster));
        csvc_kpi_review_options o = CSVC_KPI_REVIEW_OPTIONS_INIT;
        o.id = "Q4";
        assert_csvc_ok(csvc_kpi_review_new(s.roster, f->model, &f->period, &o, &s.review));
        assert_int_equal(csvc_store_attach_review(s.store, s.review), CSVC_E_CORRUPT);
        assert_non_null(strstr(csvc_store_errmsg(s.store), reason[i]));
        assert_int_equal(csvc_kpi_review_rating_count(s.review), 0); /* nothing half-loaded */
        close_session(&s);
        remove_db(f->path);
    }
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_review_survives_reopen),
        T(test_damaged_index_hides_no_rating),
        T(test_attach_conflicts_and_errors),
        T(test_failed_commit_undoes_the_rating),
        T(test_review_callback_stays_the_applications),
        T(test_review_callback_cannot_reenter),
        T(test_two_handles_on_one_review),
        T(test_review_freed_before_the_store),
        T(test_restored_ratings_keep_the_rater_rules),
    };
#undef T
    return cmocka_run_group_tests_name("store_review", tests, NULL, NULL);
}
