/* SHA-256 (src/util/sha256.c) against FIPS 180-4 / NIST CAVS example
 * vectors and against digests computed independently with coreutils
 * `sha256sum` (the messages were written to files with the same byte
 * pattern as pattern() below and hashed with `sha256sum FILE`; the digests
 * are pasted here as literals). */
#include "fixtures.h"

#include "sha256.h"

#include <stdlib.h>

static void to_hex(const uint8_t d[CS_SHA256_SIZE], char out[2 * CS_SHA256_SIZE + 1])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < CS_SHA256_SIZE; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[2 * CS_SHA256_SIZE] = '\0';
}

static void check_oneshot(const void *msg, size_t len, const char *expected)
{
    uint8_t d[CS_SHA256_SIZE];
    char hex[2 * CS_SHA256_SIZE + 1];
    cs_sha256_digest(msg, len, d);
    to_hex(d, hex);
    assert_string_equal(hex, expected);
}

/* Byte i of the test messages: (i * 37 + 11) mod 256, which covers bytes
 * with the high bit set. */
static void pattern(uint8_t *buf, size_t n)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = (uint8_t)((i * 37 + 11) & 0xff);
}

/* ---- NIST vectors (FIPS 180-4 examples, also listed in RFC 6234) ---- */

static void test_nist_empty(void **state)
{
    (void)state;
    check_oneshot("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_nist_abc(void **state)
{
    (void)state;
    check_oneshot("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_nist_448_bits(void **state)
{
    (void)state;
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    assert_int_equal(strlen(m), 56); /* 448 bits: the length no longer fits the first block */
    check_oneshot(m, strlen(m), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_nist_896_bits(void **state)
{
    (void)state;
    const char *m =
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmn"
        "opqrlmnopqrsmnopqrstnopqrstu";
    assert_int_equal(strlen(m), 112);
    check_oneshot(m, strlen(m), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_nist_million_a(void **state)
{
    (void)state;
    const char *expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    char *m = malloc(1000000);
    assert_non_null(m);
    memset(m, 'a', 1000000);
    check_oneshot(m, 1000000, expected);

    /* The same message fed in uneven pieces (997 is prime: pieces straddle
     * every block offset). */
    cs_sha256 ctx;
    cs_sha256_init(&ctx);
    for (size_t off = 0; off < 1000000;) {
        size_t n = 1000000 - off < 997 ? 1000000 - off : 997;
        cs_sha256_update(&ctx, m + off, n);
        off += n;
    }
    uint8_t d[CS_SHA256_SIZE];
    char hex[2 * CS_SHA256_SIZE + 1];
    cs_sha256_final(&ctx, d);
    to_hex(d, hex);
    assert_string_equal(hex, expected);
    free(m);
}

static void test_fox(void **state)
{
    (void)state;
    const char *m = "The quick brown fox jumps over the lazy dog";
    check_oneshot(m, strlen(m), "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592");
}

/* ---- padding boundaries (digests from sha256sum) ---- */

static void test_64_byte_text(void **state)
{
    (void)state;
    const char *m = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    assert_int_equal(strlen(m), 64); /* one full block, padding in a block of its own */
    check_oneshot(m, 64, "a8ae6e6ee929abea3afcfc5258c8ccd6f85273e0d4626d26c7279f3250f77c8e");
}

static void test_padding_boundaries(void **state)
{
    (void)state;
    static const struct {
        size_t len;
        const char *digest;
    } cases[] = {
        /* 55: 0x80 and the length just fit; 56: the length spills into a
         * second block; 63: only the 0x80 fits; 64 and 65: a full block,
         * then padding. 119/120: the same edges one block later. */
        {55, "2900465fcb533e05a158fd2b3be0e5e3b03740d83060aa3580e0d98a96bf2384"},
        {56, "31454ff48ef36af2f08fd511bdc37d9d5855ac23e992e5ff5445cb6b7674a674"},
        {63, "5f6401b96532c36de4e65beec0409b69b1d181864c8009b7a04f43e5d56350d1"},
        {64, "94eb5de4943613fd048dc93393ab06877405faa39c11f53e9386083339833e7e"},
        {65, "fc518669b6eb4b4dd91827ecacef86689c725bd5bab888fd3b26dbb196eec954"},
        {119, "b0dc41b1a384e2f1203f0351b38fbeaafceef577ce1191d5bfc25da39f721eae"},
        {120, "5df24dd802ac26132ce608dcb5f09841eef039ee0f152acf98d26d17fe4e88e6"},
        {131, "59af9661a687e63d741474741e090bc7af5eeca69f4312482a7b4b1a3d3607d9"},
    };
    uint8_t buf[131];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pattern(buf, cases[i].len);
        check_oneshot(buf, cases[i].len, cases[i].digest);
    }
}

/* ---- incremental = one-shot ---- */

static void test_split_at_every_offset(void **state)
{
    (void)state;
    /* The 131-byte pattern message, whose digest sha256sum gave above. */
    const char *expected = "59af9661a687e63d741474741e090bc7af5eeca69f4312482a7b4b1a3d3607d9";
    uint8_t buf[131];
    pattern(buf, sizeof buf);
    for (size_t cut = 0; cut <= 130; cut++) {
        cs_sha256 ctx;
        uint8_t d[CS_SHA256_SIZE];
        char hex[2 * CS_SHA256_SIZE + 1];
        cs_sha256_init(&ctx);
        cs_sha256_update(&ctx, buf, cut);
        cs_sha256_update(&ctx, buf + cut, sizeof buf - cut);
        cs_sha256_final(&ctx, d);
        to_hex(d, hex);
        if (strcmp(hex, expected) != 0)
            fail_msg("split at %zu: %s", cut, hex);

        /* Three pieces: [0, cut), [cut, cut + 1 + cut % 64), the rest. */
        size_t mid = cut + 1 + cut % 64;
        if (mid > sizeof buf)
            mid = sizeof buf;
        cs_sha256_init(&ctx);
        cs_sha256_update(&ctx, buf, cut);
        cs_sha256_update(&ctx, buf + cut, mid - cut);
        cs_sha256_update(&ctx, buf + mid, sizeof buf - mid);
        cs_sha256_final(&ctx, d);
        to_hex(d, hex);
        if (strcmp(hex, expected) != 0)
            fail_msg("split at %zu and %zu: %s", cut, mid, hex);
    }
}

static void test_prefixes_incremental(void **state)
{
    (void)state;
    /* Every prefix length 0..130: byte-at-a-time equals one-shot, and an
     * empty update changes nothing. */
    uint8_t buf[131];
    pattern(buf, sizeof buf);
    for (size_t len = 0; len <= 130; len++) {
        uint8_t one[CS_SHA256_SIZE], inc[CS_SHA256_SIZE];
        cs_sha256_digest(buf, len, one);
        cs_sha256 ctx;
        cs_sha256_init(&ctx);
        for (size_t i = 0; i < len; i++) {
            cs_sha256_update(&ctx, buf + i, 1);
            cs_sha256_update(&ctx, buf + i, 0);
        }
        cs_sha256_final(&ctx, inc);
        if (memcmp(one, inc, sizeof one) != 0)
            fail_msg("prefix of %zu bytes: byte-wise digest differs", len);
    }
}

static void test_context_reuse(void **state)
{
    (void)state;
    /* A context can be initialised again after final. */
    cs_sha256 ctx;
    uint8_t d[CS_SHA256_SIZE];
    char hex[2 * CS_SHA256_SIZE + 1];
    cs_sha256_init(&ctx);
    cs_sha256_update(&ctx, "something else", 14);
    cs_sha256_final(&ctx, d);
    cs_sha256_init(&ctx);
    cs_sha256_update(&ctx, "ab", 2);
    cs_sha256_update(&ctx, "c", 1);
    cs_sha256_final(&ctx, d);
    to_hex(d, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nist_empty),
        cmocka_unit_test(test_nist_abc),
        cmocka_unit_test(test_nist_448_bits),
        cmocka_unit_test(test_nist_896_bits),
        cmocka_unit_test(test_nist_million_a),
        cmocka_unit_test(test_fox),
        cmocka_unit_test(test_64_byte_text),
        cmocka_unit_test(test_padding_boundaries),
        cmocka_unit_test(test_split_at_every_offset),
        cmocka_unit_test(test_prefixes_incremental),
        cmocka_unit_test(test_context_reuse),
    };
    return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
