/* Version, status codes, the thread's last error message, identifiers and
 * csvc_free(). */
#include "fixtures.h"

#include <pthread.h>
#include <stdio.h>

/* ---- version ------------------------------------------------------------- */

/* The macros are usable in the preprocessor. */
#if !CSVC_AT_LEAST_VERSION(0, 8, 0)
#error "CSVC_AT_LEAST_VERSION(0, 8, 0) is false for version 0.8.0"
#endif
#if CSVC_AT_LEAST_VERSION(0, 8, 1)
#error "CSVC_AT_LEAST_VERSION(0, 8, 1) is true for version 0.8.0"
#endif

static void test_version(void **state)
{
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", CSVC_VERSION_MAJOR, CSVC_VERSION_MINOR,
             CSVC_VERSION_PATCH);
    assert_string_equal(CSVC_VERSION_STRING, expected);
    assert_string_equal(csvc_version(), CSVC_VERSION_STRING);
    assert_string_equal(csvc_version(), "0.8.0");
    assert_int_equal(csvc_version_number(), CSVC_VERSION_NUMBER);
    /* 0xXXYYZZ for 0.8.0 = 0x000800. */
    assert_int_equal(CSVC_VERSION_NUMBER, 0x000800);
    assert_int_equal(csvc_version_number(), 0x000800);
    assert_ptr_equal(csvc_version(), csvc_version()); /* static string */
}

static void test_at_least_version(void **state)
{
    assert_true(CSVC_AT_LEAST_VERSION(0, 0, 0));
    assert_true(CSVC_AT_LEAST_VERSION(0, 0, 9));
    assert_true(CSVC_AT_LEAST_VERSION(0, 0, 255));
    assert_true(CSVC_AT_LEAST_VERSION(0, 5, 255));
    assert_true(CSVC_AT_LEAST_VERSION(0, 8, 0));
    assert_false(CSVC_AT_LEAST_VERSION(0, 8, 1));
    assert_false(CSVC_AT_LEAST_VERSION(0, 9, 0));
    assert_false(CSVC_AT_LEAST_VERSION(1, 0, 0));
    assert_true(CSVC_AT_LEAST_VERSION(CSVC_VERSION_MAJOR, CSVC_VERSION_MINOR, CSVC_VERSION_PATCH));
}

/* ---- status codes -------------------------------------------------------- */

typedef struct status_row {
    int value;
    const char *name;
    const char *text;
} status_row;

/* The expected table, written out by hand from the header's documentation. */
static const status_row expected_rows[] = {
    {0, "CSVC_OK", "success"},
    {-1, "CSVC_E_INVALID", "invalid argument"},
    {-2, "CSVC_E_NULL", "required pointer is NULL"},
    {-3, "CSVC_E_NOMEM", "out of memory"},
    {-4, "CSVC_E_NOTFOUND", "not found"},
    {-5, "CSVC_E_EXISTS", "already exists"},
    {-6, "CSVC_E_TRANSITION", "transition not allowed from the current state"},
    {-7, "CSVC_E_PARSE", "malformed input"},
    {-8, "CSVC_E_IO", "I/O error"},
    {-9, "CSVC_E_BUSY", "resource busy"},
    {-10, "CSVC_E_CORRUPT", "data is corrupt"},
    {-11, "CSVC_E_OVERFLOW", "arithmetic overflow"},
    {-12, "CSVC_E_PERM", "permission denied"},
    {-13, "CSVC_E_CONFLICT", "conflicting concurrent change"},
    {-14, "CSVC_E_VERSION", "unsupported version"},
    {-15, "CSVC_E_RANGE", "value out of range"},
    {-16, "CSVC_E_ENCODING", "invalid UTF-8 or control character"},
    {-17, "CSVC_E_TOOLONG", "string too long"},
    {-18, "CSVC_E_CONSTRAINT", "consistency rule violated"},
    {-19, "CSVC_E_TIME", "time goes backwards"},
    {-20, "CSVC_E_CLOSED", "object is closed"},
    {-21, "CSVC_E_UNSUPPORTED", "not supported by this build"},
};
#define N_ROWS (sizeof expected_rows / sizeof expected_rows[0])

static void test_status_strings(void **state)
{
    /* Every code of the map: value, name and text. */
    size_t count = 0;
#define CHECK_ROW(name_, value_, text_)                                                            \
    do {                                                                                           \
        assert_int_equal(CSVC_##name_, value_);                                                    \
        assert_string_equal(csvc_status_name(CSVC_##name_), "CSVC_" #name_);                       \
        assert_string_equal(csvc_status_str(CSVC_##name_), text_);                                 \
        count++;                                                                                   \
    } while (0);
    CSVC_STATUS_MAP(CHECK_ROW)
#undef CHECK_ROW
    assert_int_equal(count, N_ROWS);

    /* The same from the hand-written table: the map matches the documentation, codes
     * are consecutive from 0 down to CSVC_STATUS_LAST_. */
    for (size_t i = 0; i < N_ROWS; i++) {
        csvc_status s = (csvc_status)expected_rows[i].value;
        assert_int_equal(expected_rows[i].value, -(int)i);
        assert_string_equal(csvc_status_name(s), expected_rows[i].name);
        assert_string_equal(csvc_status_str(s), expected_rows[i].text);
    }
    assert_int_equal(CSVC_STATUS_LAST_, -21);
    assert_int_equal(CSVC_STATUS_LAST_, expected_rows[N_ROWS - 1].value);
}

static void test_status_unknown(void **state)
{
    static const int unknown[] = {1, 2, 100, -22, -1000, INT32_MIN, INT32_MAX};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        csvc_status s = (csvc_status)unknown[i];
        assert_string_equal(csvc_status_str(s), "unknown status");
        assert_null(csvc_status_name(s));
    }
}

/* ---- last error message -------------------------------------------------- */

static void *failing_thread(void *arg)
{
    (void)arg;
    (void)csvc_id_check("");
    return NULL;
}

static void test_last_errmsg(void **state)
{
    pthread_t th;
    assert_int_equal(csvc_id_check(NULL), CSVC_E_NULL);
    assert_string_equal(csvc_last_errmsg(), "id: NULL");
    assert_int_equal(csvc_money_add(INT64_MAX, 1, &(int64_t){0}), CSVC_E_OVERFLOW);
    assert_non_null(strstr(csvc_last_errmsg(), "money_add"));
    /* Another thread's failure does not touch this thread's message. */
    assert_int_equal(pthread_create(&th, NULL, failing_thread, NULL), 0);
    assert_int_equal(pthread_join(th, NULL), 0);
    assert_non_null(strstr(csvc_last_errmsg(), "money_add"));
    assert_ptr_equal(csvc_last_errmsg(), csvc_last_errmsg());
}

static void *fresh_thread_copy(void *arg)
{
    char *out = arg;
    snprintf(out, 64, "%s", csvc_last_errmsg());
    return NULL;
}

static void test_last_errmsg_fresh_thread(void **state)
{
    char seen[64] = "not run";
    pthread_t th;
    (void)csvc_id_check(""); /* this thread has a message ... */
    assert_int_equal(pthread_create(&th, NULL, fresh_thread_copy, seen), 0);
    assert_int_equal(pthread_join(th, NULL), 0);
    assert_string_equal(seen, ""); /* ... a new thread does not */
}

/* ---- identifiers --------------------------------------------------------- */

static void test_id_check_valid(void **state)
{
    static const char *const good[] = {
        "A1024",
        "T-2025-000001",
        "a",
        "a b",                         /* space is not a control character */
        "\xe5\xae\xa2\xe6\x9c\x8d-01", /* "客服-01" */
        "\xc3\xa9",                    /* U+00E9 */
        "\xc2\xa0",                    /* U+00A0, the first code point after C1 */
        "\xe0\xa0\x80",                /* U+0800, smallest 3-byte form */
        "\xed\x9f\xbf",                /* U+D7FF, just below the surrogates */
        "\xee\x80\x80",                /* U+E000, just above them */
        "\xef\xbf\xbf",                /* U+FFFF */
        "\xf0\x90\x80\x80",            /* U+10000, smallest 4-byte form */
        "\xf0\x9f\x98\x80",            /* U+1F600 */
        "\xf4\x8f\xbf\xbf",            /* U+10FFFF, the last code point */
        "~",                           /* 0x7e, just below DEL */
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_csvc_ok(csvc_id_check(good[i]));

    /* Exactly 64 bytes: ASCII, and 21 three-byte characters + 1 byte. */
    char id[80];
    memset(id, 'x', 64);
    id[64] = '\0';
    assert_csvc_ok(csvc_id_check(id));
    id[0] = '\0';
    for (int i = 0; i < 21; i++)
        strcat(id, "\xe5\xae\xa2");
    strcat(id, "1");
    assert_int_equal(strlen(id), 64);
    assert_csvc_ok(csvc_id_check(id));
}

static void test_id_check_invalid(void **state)
{
    assert_status_msg(csvc_id_check(NULL), CSVC_E_NULL, "id");
    assert_status_msg(csvc_id_check(""), CSVC_E_INVALID, "id: empty");

    char id[80];
    memset(id, 'x', 65);
    id[65] = '\0';
    assert_status_msg(csvc_id_check(id), CSVC_E_TOOLONG, "65 bytes, at most 64");
    /* 22 three-byte characters = 66 bytes: too long although 22 characters. */
    id[0] = '\0';
    for (int i = 0; i < 22; i++)
        strcat(id, "\xe5\xae\xa2");
    assert_status_msg(csvc_id_check(id), CSVC_E_TOOLONG, "66 bytes");

    typedef struct bad_id {
        const char *id;
        size_t at; /* offending byte */
    } bad_id;
    static const bad_id bad[] = {
        {"\xc0\xaf", 0},                 /* overlong '/' (2 bytes) */
        {"\xc1\xbf", 0},                 /* overlong U+007F */
        {"\xe0\x80\xaf", 0},             /* overlong '/' (3 bytes) */
        {"\xe0\x9f\xbf", 0},             /* overlong U+07FF */
        {"\xf0\x80\x80\xaf", 0},         /* overlong '/' (4 bytes) */
        {"\xf0\x8f\xbf\xbf", 0},         /* overlong U+FFFF */
        {"ab\xed\xa0\x80", 2},           /* surrogate U+D800 */
        {"\xed\xbf\xbf", 0},             /* surrogate U+DFFF */
        {"\xed\xa0\xbd\xed\xb8\x80", 0}, /* CESU-8 pair */
        {"\xe5\xae", 0},                 /* truncated 3-byte */
        {"a\xe5", 1},                    /* truncated at the end */
        {"\xf0\x9f\x98", 0},             /* truncated 4-byte */
        {"\xe5\xaex", 0},                /* bad continuation */
        {"\xf4\x90\x80\x80", 0},         /* U+110000 */
        {"\xf5\x80\x80\x80", 0},         /* lead byte above 0xf4 */
        {"\xf8\x88\x80\x80\x80", 0},     /* 5-byte form */
        {"\xff", 0},
        {"\xfe", 0},
        {"x\x80", 1}, /* lone continuation byte */
        {"a\tb", 1},  /* tab */
        {"a\nb", 1},
        {"\r", 0},
        {"\x01", 0},
        {"\x1f", 0},
        {"id\x7f", 2},   /* DEL */
        {"\xc2\x80", 0}, /* U+0080, C1 control */
        {"\xc2\x9f", 0}, /* U+009F, C1 control */
        {"\x1b[31m", 0}, /* escape sequence */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char needle[64];
        snprintf(needle, sizeof needle, "id: invalid UTF-8 or control character at byte %zu",
                 bad[i].at);
        assert_status_msg(csvc_id_check(bad[i].id), CSVC_E_ENCODING, needle);
    }

    /* Invisible characters: "A1" and "A<ZWSP>1" must not be two agents. */
    typedef struct invisible_id {
        const char *id;
        const char *reason;
    } invisible_id;
    static const invisible_id invisible[] = {
        {"\xef\xbb\xbf" "A1", "invisible character U+FEFF at byte 0"}, /* BOM */
        {"A\xe2\x80\x8b" "1", "invisible character U+200B at byte 1"}, /* zero-width space */
        {"A\xe2\x80\x8c" "1", "U+200C at byte 1"},                     /* ZWNJ */
        {"A\xe2\x80\x8d" "1", "U+200D at byte 1"},                     /* ZWJ */
        {"A1\xe2\x80\x8e", "U+200E at byte 2"},                        /* LRM */
        {"A\xe2\x80\xae" "1", "U+202E at byte 1"},                     /* RLO */
        {"A\xe2\x81\xa0" "1", "U+2060 at byte 1"},                     /* word joiner */
        {"A\xe2\x81\xa9" "1", "U+2069 at byte 1"},                     /* PDI */
        {"A\xc2\xad" "1", "U+00AD at byte 1"},                         /* soft hyphen */
        {"A\xef\xb8\x8f", "U+FE0F at byte 1"},                         /* VS16 */
        {"A\xf3\xa0\x80\x81", "U+E0001 at byte 1"},                    /* language tag */
    };
    for (size_t i = 0; i < sizeof invisible / sizeof invisible[0]; i++)
        assert_status_msg(csvc_id_check(invisible[i].id), CSVC_E_ENCODING, invisible[i].reason);
    /* Neighbours of the ranges stay valid. */
    static const char *const visible[] = {
        "A\xe2\x80\x8a" "1", /* U+200A hair space, a visible (spacing) character */
        "A\xe2\x80\x90" "1", /* U+2010 hyphen */
        "A\xe2\x81\xb0" "1", /* U+2070 superscript zero */
        "A\xef\xb8\x90",     /* U+FE10 */
        "A\xef\xbb\xbe",     /* U+FEFE */
        "A\xc2\xac",         /* U+00AC not sign */
    };
    for (size_t i = 0; i < sizeof visible / sizeof visible[0]; i++)
        assert_csvc_ok(csvc_id_check(visible[i]));
}

/* ---- csvc_free ----------------------------------------------------------- */

static void test_free_null(void **state)
{
    csvc_free(NULL);
    csvc_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version),        cmocka_unit_test(test_at_least_version),
        cmocka_unit_test(test_status_strings), cmocka_unit_test(test_status_unknown),
        cmocka_unit_test(test_last_errmsg),    cmocka_unit_test(test_last_errmsg_fresh_thread),
        cmocka_unit_test(test_id_check_valid), cmocka_unit_test(test_id_check_invalid),
        cmocka_unit_test(test_free_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
