/* libFuzzer target: a damaged database file. A valid store (a roster, a
 * configured desk with events, a review with ratings) is written once; each
 * input damages a copy of its bytes, and the copy is opened, verified and
 * attached. Every call must return a status, never crash or leak; and when
 * every call succeeds, the store must still hold what was written (a
 * damaged file never reads as a silently smaller store).
 *
 * Input: records of 5 bytes, a 32-bit little-endian offset (modulo the
 * file size) and the byte to write there; a trailing 1..4 bytes, if any,
 * cut the file to that many bytes modulo its size (truncation). */
#include <csvc.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                                                   \
    do {                                                                                           \
        if ((x) != CSVC_OK) {                                                                      \
            fprintf(stderr, "fuzz_store_file setup: %s: %s\n", #x, csvc_last_errmsg());           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static const char roster_csv[] = "agent_id,name,team_id,level,hire_date,supervisor_id\n"
                                 "S1,Sun,RET,supervisor,2020-01-01,\n"
                                 "A1,An,RET,junior,2024-01-01,S1\n"
                                 "A2,Bo,RET,senior,2023-01-01,S1\n";

static const char model_json[] =
    "{\"version\": \"fuzz\", \"kpis\": [{\"id\": \"k\", \"dimension\": \"skill\", \"weight\": 1,"
    " \"source\": \"rated\", \"scale\": \"1-5\"}]}";

#define T0 INT64_C(1764547200) /* 2025-12-01T00:00:00Z */

static char dir[64];
static char path[96];
static uint8_t *original;
static size_t original_size;
static uint64_t original_events;
static size_t original_ratings;

static void remove_side_files(void);

static void clean_up(void)
{
    if (getenv("FUZZ_STORE_KEEP")) /* to look at the damaged file */
        return;
    remove_side_files();
    unlink(path);
    rmdir(dir);
}

static void build_template(void)
{
    strcpy(dir, "/tmp/fuzz-store-XXXXXX");
    if (!mkdtemp(dir))
        abort();
    snprintf(path, sizeof path, "%s/store.db", dir);
    csvc_store *s;
    csvc_roster *r;
    csvc_desk *d;
    csvc_kpi_model *m;
    csvc_kpi_review *rv;
    CHECK(csvc_store_open(path, NULL, &s));
    CHECK(csvc_roster_new(NULL, &r));
    CHECK(csvc_store_attach_roster(s, r));
    CHECK(csvc_roster_import_csv_buffer(r, roster_csv, strlen(roster_csv)));
    CHECK(csvc_desk_new(r, NULL, &d));
    csvc_sla_policy p = CSVC_SLA_POLICY_INIT;
    p.first_response = 3600;
    CHECK(csvc_desk_add_sla_policy(d, &p));
    CHECK(csvc_store_attach_desk(s, d));
    for (int i = 0; i < 20; i++) {
        char id[16];
        snprintf(id, sizeof id, "T%d", i);
        csvc_ticket_spec t = CSVC_TICKET_SPEC_INIT;
        t.id = id;
        t.team_id = "RET";
        t.created = T0 + i * 60;
        CHECK(csvc_desk_create(d, &t));
        CHECK(csvc_desk_assign(d, id, i % 2 ? "A1" : "A2", T0 + i * 60 + 10));
        CHECK(csvc_desk_agent_reply(d, id, NULL, T0 + i * 60 + 20));
    }
    original_events = csvc_desk_event_count(d);
    CHECK(csvc_kpi_model_load_json_buffer(model_json, strlen(model_json), NULL, &m));
    csvc_period period;
    CHECK(csvc_period_make(T0 - 86400, T0 + 86400 * 30, &period));
    CHECK(csvc_kpi_review_new(r, m, &period, NULL, &rv));
    CHECK(csvc_store_attach_review(s, rv));
    static const char *const raters[] = {"S1", "A1", "A2"};
    for (int i = 0; i < 3; i++)
        for (int j = 1; j < 3; j++) {
            csvc_kpi_rating x = CSVC_KPI_RATING_INIT;
            x.rater_id = raters[i];
            x.ratee_id = raters[j];
            x.kpi_id = "k";
            x.group = i == 0 ? CSVC_RATER_SUPERVISOR : i == j ? CSVC_RATER_SELF : CSVC_RATER_PEER;
            x.value = 3 + i % 2;
            x.time = T0 + i * 10 + j;
            CHECK(csvc_kpi_review_rate(rv, &x));
        }
    original_ratings = csvc_kpi_review_rating_count(rv);
    csvc_store_close(s); /* checkpoints the WAL into the file */
    csvc_kpi_review_free(rv);
    csvc_kpi_model_free(m);
    csvc_desk_free(d);
    csvc_roster_free(r);

    FILE *f = fopen(path, "rb");
    if (!f || fseek(f, 0, SEEK_END) != 0)
        abort();
    original_size = (size_t)ftell(f);
    rewind(f);
    original = malloc(original_size);
    if (!original || fread(original, 1, original_size, f) != original_size)
        abort();
    fclose(f);
    atexit(clean_up);
}

static void remove_side_files(void)
{
    char side[128];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

/* Writes the damaged copy; returns its size. */
static size_t write_damaged(const uint8_t *data, size_t size)
{
    uint8_t *copy = malloc(original_size);
    if (!copy)
        abort();
    memcpy(copy, original, original_size);
    size_t i = 0, keep = original_size;
    for (; i + 5 <= size; i += 5) {
        uint32_t at = (uint32_t)data[i] | (uint32_t)data[i + 1] << 8 |
                      (uint32_t)data[i + 2] << 16 | (uint32_t)data[i + 3] << 24;
        copy[at % original_size] = data[i + 4];
    }
    if (i < size) {
        uint32_t cut = 0;
        for (size_t k = i; k < size; k++)
            cut = cut << 8 | data[k];
        keep = cut % original_size;
    }
    remove_side_files();
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(copy, 1, keep, f) != keep || fclose(f) != 0)
        abort();
    free(copy);
    return keep;
}

static int known(csvc_status rc)
{
    return rc <= 0 && csvc_status_name(rc) != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!original)
        build_template();
    write_damaged(data, size);

    csvc_store_options o = CSVC_STORE_OPTIONS_INIT;
    o.create = 0;
    o.busy_timeout_ms = 0;
    csvc_store *s = NULL;
    csvc_status rc = csvc_store_open(path, &o, &s);
    if (!known(rc))
        abort();
    if (rc != CSVC_OK)
        return 0;
    uint64_t first_bad = 0;
    csvc_status verified = csvc_store_verify(s, &first_bad);
    if (!known(verified))
        abort();
    csvc_roster *r = NULL;
    csvc_desk *d = NULL;
    csvc_kpi_model *m = NULL;
    csvc_kpi_review *rv = NULL;
    csvc_status attached = csvc_roster_new(NULL, &r);
    if (attached == CSVC_OK)
        attached = csvc_store_attach_roster(s, r);
    if (attached == CSVC_OK)
        attached = csvc_desk_new(r, NULL, &d);
    if (attached == CSVC_OK)
        attached = csvc_store_attach_desk(s, d);
    if (attached == CSVC_OK)
        attached = csvc_kpi_model_load_json_buffer(model_json, strlen(model_json), NULL, &m);
    csvc_period period;
    if (attached == CSVC_OK)
        attached = csvc_period_make(T0 - 86400, T0 + 86400 * 30, &period);
    if (attached == CSVC_OK)
        attached = csvc_kpi_review_new(r, m, &period, NULL, &rv);
    if (attached == CSVC_OK)
        attached = csvc_store_attach_review(s, rv);
    if (!known(attached))
        abort();
    /* A store that verifies and attaches holds everything that was written. */
    if (verified == CSVC_OK && attached == CSVC_OK &&
        (csvc_roster_agent_count(r) != 3 || csvc_desk_event_count(d) != original_events ||
         csvc_kpi_review_rating_count(rv) != original_ratings)) {
        fprintf(stderr, "silently smaller store: %zu agents, %llu events, %zu ratings\n",
                csvc_roster_agent_count(r), (unsigned long long)csvc_desk_event_count(d),
                csvc_kpi_review_rating_count(rv));
        abort();
    }
    csvc_store_close(s);
    csvc_kpi_review_free(rv);
    csvc_kpi_model_free(m);
    csvc_desk_free(d);
    csvc_roster_free(r);
    return 0;
}
