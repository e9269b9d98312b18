/* Tests of the internal streaming CSV reader (src/util/csv.c).
 * Expected values are written by hand, or produced by the small independent
 * writer at the end of this file for the randomized round trip. */
#include "fixtures.h"

#include "csv.h"
#include "csv_test.h"

#include <inttypes.h>
#include <stdlib.h>
#include <unistd.h>

/* ------------------------------------------------------------------------ */
/* Helpers */

/* A growable text buffer for dumps. */
typedef struct text {
    char *data;
    size_t len, cap;
} text;

static void text_add(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->len + n + 1)
            cap *= 2;
        t->data = realloc(t->data, cap);
        assert_non_null(t->data);
        t->cap = cap;
    }
    if (n)
        memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

static void text_puts(text *t, const char *s)
{
    text_add(t, s, strlen(s));
}

/* The outcome of reading a whole input: a dump of every record as
 * "LINE:[field][field]\n", the final return code and message. */
typedef struct dump {
    text out;
    int rc;
    char msg[CS_ERRMSG_MAX];
    size_t records;
} dump;

static void dump_reader(cs_csv *csv, dump *d)
{
    cs_csv_record rec;
    cs_errbuf err = {{0}};
    int rc;
    memset(d, 0, sizeof *d);
    while ((rc = cs_csv_next(csv, &rec, &err)) == 1) {
        char head[32];
        snprintf(head, sizeof head, "%" PRIu64 ":", rec.line);
        text_puts(&d->out, head);
        assert_true(rec.count >= 1);
        for (size_t i = 0; i < rec.count; i++) {
            /* Every field is NUL-terminated. */
            assert_int_equal(rec.fields[i].ptr[rec.fields[i].len], '\0');
            text_puts(&d->out, "[");
            text_add(&d->out, rec.fields[i].ptr, rec.fields[i].len);
            text_puts(&d->out, "]");
        }
        text_puts(&d->out, "\n");
        d->records++;
    }
    if (!d->out.data)
        text_puts(&d->out, "");
    d->rc = rc;
    if (rc < 0) {
        memcpy(d->msg, err.msg, sizeof d->msg);
        /* The handle's message also reaches the thread's last error. */
        assert_string_equal(err.msg, csvc_last_errmsg());
    } else {
        /* The end is sticky too. */
        assert_int_equal(cs_csv_next(csv, &rec, &err), 0);
    }
}

static void dump_free(dump *d)
{
    free(d->out.data);
    d->out.data = NULL;
}

/* Reads `size` bytes of `data` with reads of `chunk` bytes (0: default). */
static void dump_buffer(const char *data, size_t size, size_t chunk, dump *d)
{
    cs_csv *csv = NULL;
    cs_errbuf err;
    assert_csvc_ok(cs_csv_open_buffer(NULL, data, size, &csv, &err));
    if (chunk)
        assert_csvc_ok(cs_csv_set_chunk_size(csv, chunk));
    dump_reader(csv, d);
    cs_csv_close(csv);
}

/* Checks the dump of `input` for the default chunk and for every chunk size
 * from 1 to 17, so that each record also straddles chunk boundaries. */
static void check_parse(const char *input, const char *expected)
{
    for (size_t chunk = 0; chunk <= 17; chunk++) {
        dump d;
        dump_buffer(input, strlen(input), chunk, &d);
        if (d.rc != 0)
            fail_msg("chunk %zu: rc %d (%s) for input \"%s\"", chunk, d.rc, d.msg, input);
        if (strcmp(d.out.data, expected) != 0)
            fail_msg("chunk %zu: input \"%s\"\n got: \"%s\"\nwant: \"%s\"", chunk, input,
                     d.out.data, expected);
        dump_free(&d);
    }
}

/* Checks that `input` fails with CSVC_E_PARSE and exactly `message`, after
 * the records in `before`, for every chunk size. */
static void check_error(const char *input, const char *before, const char *message)
{
    for (size_t chunk = 0; chunk <= 17; chunk++) {
        dump d;
        dump_buffer(input, strlen(input), chunk, &d);
        if (d.rc != CSVC_E_PARSE)
            fail_msg("chunk %zu: rc %d, expected CSVC_E_PARSE, for \"%s\"", chunk, d.rc, input);
        if (strcmp(d.msg, message) != 0)
            fail_msg("chunk %zu: message \"%s\", expected \"%s\"", chunk, d.msg, message);
        if (strcmp(d.out.data, before) != 0)
            fail_msg("chunk %zu: records before the error \"%s\", expected \"%s\"", chunk,
                     d.out.data, before);
        dump_free(&d);
    }
}

/* ------------------------------------------------------------------------ */
/* Dialect */

static void test_simple(void **state)
{
    (void)state;
    check_parse("a,b,c\n1,2,3\n", "1:[a][b][c]\n2:[1][2][3]\n");
    check_parse("single\n", "1:[single]\n");
    check_parse("x", "1:[x]\n");
    check_parse("", "");
    check_parse("a,,\n,b,\n,,\n", "1:[a][][]\n2:[][b][]\n3:[][][]\n");
    check_parse("a,", "1:[a][]\n");
    check_parse(",", "1:[][]\n");
    /* Spaces are data (only header names are trimmed). */
    check_parse(" a , b \n", "1:[ a ][ b ]\n");
    /* A line of spaces is a record, not a blank line. */
    check_parse("a\n \nb\n", "1:[a]\n2:[ ]\n3:[b]\n");
    /* Fields of 15, 16, 17 and 40 bytes (SIMD block edges). */
    check_parse("123456789012345,1234567890123456,12345678901234567\n"
                "1234567890123456789012345678901234567890\n",
                "1:[123456789012345][1234567890123456][12345678901234567]\n"
                "2:[1234567890123456789012345678901234567890]\n");
    /* UTF-8 and other bytes pass through untouched. */
    check_parse("\xe5\xae\xa2\xe6\x9c\x8d,caf\xc3\xa9\n",
                "1:[\xe5\xae\xa2\xe6\x9c\x8d][caf\xc3\xa9]\n");
}

static void test_quoting(void **state)
{
    (void)state;
    check_parse("\"a\",\"b,c\",\"d\"\"e\",\"\",\"x\"\"\"\"y\"\n", "1:[a][b,c][d\"e][][x\"\"y]\n");
    check_parse("\"\"\"\"\n", "1:[\"]\n");
    check_parse("\"\"\"a\"\"\",b\n", "1:[\"a\"][b]\n");
    check_parse("\"\"\n", "1:[]\n");
    check_parse("\"\"", "1:[]\n");
    check_parse("\"a\"", "1:[a]\n");
    check_parse("\"a\",", "1:[a][]\n");
    check_parse("a,\"\"", "1:[a][]\n");
    /* Quoted commas, CR, LF and CRLF are data. */
    check_parse("\"1,2\",\"x\ny\",\"p\r\nq\",\"r\rs\"\n", "1:[1,2][x\ny][p\r\nq][r\rs]\n");
    /* Only the escapes shrink the field: the text after one slides left. */
    check_parse("\"ab\"\"cd\"\"ef\"\"\",z\n", "1:[ab\"cd\"ef\"][z]\n");
    check_parse("\"long quoted field with \"\"quotes\"\" past sixteen bytes\",2\n",
                "1:[long quoted field with \"quotes\" past sixteen bytes][2]\n");
}

static void test_line_endings(void **state)
{
    (void)state;
    check_parse("a,b\r\nc,d\r\n", "1:[a][b]\n2:[c][d]\n");
    check_parse("a,b\r\nc,d", "1:[a][b]\n2:[c][d]\n");
    check_parse("a,b\nc,d\r\ne\n", "1:[a][b]\n2:[c][d]\n3:[e]\n");
    check_parse("\"a\"\r\n\"b\"\r\n", "1:[a]\n2:[b]\n");
    check_parse("a,\r\n", "1:[a][]\n");
    check_parse("\"x\",\r\n", "1:[x][]\n");
    /* No final line end. */
    check_parse("a,b\n1,2", "1:[a][b]\n2:[1][2]\n");
    check_parse("a,b\n\"1\",\"2\"", "1:[a][b]\n2:[1][2]\n");
}

static void test_bom(void **state)
{
    (void)state;
    check_parse("\xEF\xBB\xBFid,name\n1,x\n", "1:[id][name]\n2:[1][x]\n");
    check_parse("\xEF\xBB\xBF\"q\"\n", "1:[q]\n");
    check_parse("\xEF\xBB\xBF", "");
    check_parse("\xEF\xBB\xBF\n\nz", "3:[z]\n");
    /* Only at the very start, and only whole. */
    check_parse("a\n\xEF\xBB\xBF", "1:[a]\n2:[\xEF\xBB\xBF]\n");
    check_parse("\xEF\xBB", "1:[\xEF\xBB]\n");
    check_parse("\xEF\xBB\xBF\xEF\xBB\xBF", "1:[\xEF\xBB\xBF]\n");
}

static void test_blank_lines(void **state)
{
    (void)state;
    check_parse("\n\na\n\n\r\nb\n\n", "3:[a]\n6:[b]\n");
    check_parse("\n", "");
    check_parse("\r\n\r\n", "");
    check_parse("a\n\n", "1:[a]\n");
    /* An empty quoted field is not a blank line. */
    check_parse("a\n\"\"\nb\n", "1:[a]\n2:[]\n3:[b]\n");
}

static void test_embedded_newlines_count_lines(void **state)
{
    (void)state;
    check_parse("h\n\"one\ntwo\nthree\"\nnext\n\"a\r\nb\",\"c\nd\"\nlast\n",
                "1:[h]\n2:[one\ntwo\nthree]\n5:[next]\n6:[a\r\nb][c\nd]\n9:[last]\n");
    /* Errors after embedded newlines name the physical line. */
    check_error("\"a\nb\nc\"x\n", "",
                "line 3, column 1: unexpected character 'x' after closing quote");
}

static void test_nul_byte_in_field(void **state)
{
    (void)state;
    /* A NUL would cut the field short once it is used as a C string. */
    static const char input[] = "x\na\0b,c\n";
    dump d;
    dump_buffer(input, sizeof input - 1, 2, &d);
    assert_int_equal(d.rc, CSVC_E_ENCODING);
    assert_string_equal(d.msg, "line 2, column 1: NUL byte in the field");
    assert_int_equal(d.records, 1);
    dump_free(&d);
}

static void test_many_fields(void **state)
{
    (void)state;
    text in = {0}, want = {0};
    text_puts(&want, "1:");
    for (int i = 0; i < 1000; i++) {
        char buf[16];
        snprintf(buf, sizeof buf, "%s%d", i ? "," : "", i);
        text_puts(&in, buf);
        snprintf(buf, sizeof buf, "[%d]", i);
        text_puts(&want, buf);
    }
    text_puts(&in, "\nx\n");
    text_puts(&want, "\n2:[x]\n");
    for (size_t chunk = 0; chunk < 8; chunk += 7) {
        dump d;
        dump_buffer(in.data, in.len, chunk, &d);
        assert_int_equal(d.rc, 0);
        assert_string_equal(d.out.data, want.data);
        dump_free(&d);
    }
    free(in.data);
    free(want.data);
}

/* A record far longer than the chunk makes the buffer grow repeatedly. */
static void test_long_record_grows_buffer(void **state)
{
    (void)state;
    text in = {0}, want = {0};
    text_puts(&in, "start\n\"");
    text_puts(&want, "1:[start]\n2:[");
    for (int i = 0; i < 5000; i++) {
        text_puts(&in, "ab\"\"c,\n");
        text_puts(&want, "ab\"c,\n");
    }
    text_puts(&in, "\",");
    text_puts(&want, "][");
    for (int i = 0; i < 3000; i++) {
        text_puts(&in, "u");
        text_puts(&want, "u");
    }
    text_puts(&in, "\nend");
    text_puts(&want, "]\n5003:[end]\n");
    static const size_t chunks[] = {0, 1, 3, 64, 4096};
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        dump d;
        dump_buffer(in.data, in.len, chunks[i], &d);
        assert_int_equal(d.rc, 0);
        assert_string_equal(d.out.data, want.data);
        dump_free(&d);
    }
    free(in.data);
    free(want.data);
}

/* One input with every feature, read with chunks of 1..17 bytes, must give
 * exactly what one big read gives (and what was worked out by hand). */
static void test_chunk_boundaries(void **state)
{
    (void)state;
    static const char input[] = "\xEF\xBB\xBFid,name,note\r\n"
                                "1,\"Smith, J\",\"said \"\"hi\"\"\"\r\n"
                                "\r\n"
                                "2,\"multi\nline\",\n"
                                "\n"
                                "3,,\"\"\n"
                                "4,caf\xC3\xA9,\"a\r\nb\"\r\n"
                                "5,\"\"\"\",end";
    static const char want[] = "1:[id][name][note]\n"
                               "2:[1][Smith, J][said \"hi\"]\n"
                               "4:[2][multi\nline][]\n"
                               "7:[3][][]\n"
                               "8:[4][caf\xC3\xA9][a\r\nb]\n"
                               "10:[5][\"][end]\n";
    dump big;
    dump_buffer(input, sizeof input - 1, 1u << 20, &big);
    assert_int_equal(big.rc, 0);
    assert_string_equal(big.out.data, want);
    for (size_t chunk = 1; chunk <= 17; chunk++) {
        dump d;
        dump_buffer(input, sizeof input - 1, chunk, &d);
        assert_int_equal(d.rc, 0);
        assert_string_equal(d.out.data, big.out.data);
        dump_free(&d);
    }
    /* Every prefix too: each cut point is a possible end of input. */
    for (size_t len = 0; len < sizeof input - 1; len++) {
        dump one, small;
        dump_buffer(input, len, 0, &one);
        dump_buffer(input, len, 1 + len % 5, &small);
        assert_int_equal(one.rc, small.rc);
        assert_string_equal(one.out.data, small.out.data);
        assert_string_equal(one.msg, small.msg);
        dump_free(&one);
        dump_free(&small);
    }
    dump_free(&big);
}

/* ------------------------------------------------------------------------ */
/* Errors */

static void test_error_unterminated(void **state)
{
    (void)state;
    check_error("a,b\nc,\"d\ne\n", "1:[a][b]\n", "line 2, column 2: unterminated quoted field");
    check_error("\"", "", "line 1, column 1: unterminated quoted field");
    check_error("x\n\"a\"\"", "1:[x]\n", "line 2, column 1: unterminated quoted field");
}

static void test_error_after_closing_quote(void **state)
{
    (void)state;
    check_error("h1,h2\n1,2\n3,\"4\"x\n", "1:[h1][h2]\n2:[1][2]\n",
                "line 3, column 2: unexpected character 'x' after closing quote");
    check_error("\"a\" ,b\n", "", "line 1, column 1: unexpected character ' ' after closing quote");
    check_error("\"a\"\x01", "", "line 1, column 1: unexpected character 0x01 after closing quote");
    check_error("\"a\"\"b\"c", "",
                "line 1, column 1: unexpected character 'c' after closing quote");
}

static void test_error_bare_quote(void **state)
{
    (void)state;
    check_error("ab,c\"d\n", "",
                "line 1, column 2: unexpected quote in unquoted field (quote the whole field and "
                "double the quote)");
    check_error("a\nb,c,d\"\n", "1:[a]\n",
                "line 2, column 3: unexpected quote in unquoted field (quote the whole field and "
                "double the quote)");
    check_error(" \"a\"\n", "",
                "line 1, column 1: unexpected quote in unquoted field (quote the whole field and "
                "double the quote)");
}

static void test_error_lone_cr(void **state)
{
    (void)state;
    check_error("a\rb\n", "", "line 1, column 1: carriage return not followed by a line feed");
    check_error("x\na,b\r", "1:[x]\n",
                "line 2, column 2: carriage return not followed by a line feed");
    check_error("\"a\"\rb", "", "line 1, column 1: carriage return not followed by a line feed");
    check_error("a,\"b\"\r", "", "line 1, column 2: carriage return not followed by a line feed");
    check_error("a\n\rx\n", "1:[a]\n",
                "line 2, column 1: carriage return not followed by a line feed");
    check_error("a\n\r", "1:[a]\n",
                "line 2, column 1: carriage return not followed by a line feed");
    check_error("a,\r\r\n", "", "line 1, column 2: carriage return not followed by a line feed");
}

static void test_error_is_sticky(void **state)
{
    (void)state;
    static const char input[] = "a\n\"b\"c\nd\n";
    cs_csv *csv;
    cs_errbuf err;
    cs_csv_record rec;
    assert_csvc_ok(cs_csv_open_buffer(NULL, input, sizeof input - 1, &csv, &err));
    assert_int_equal(cs_csv_next(csv, &rec, &err), 1);
    assert_int_equal(cs_csv_next(csv, &rec, &err), CSVC_E_PARSE);
    for (int i = 0; i < 3; i++) {
        memset(&err, 0, sizeof err);
        assert_int_equal(cs_csv_next(csv, &rec, &err), CSVC_E_PARSE);
        assert_string_equal(err.msg,
                            "line 2, column 1: unexpected character 'c' after closing quote");
        assert_string_equal(csvc_last_errmsg(), err.msg);
    }
    /* A NULL errbuf is allowed; the thread's message still says why. */
    assert_int_equal(cs_csv_next(csv, &rec, NULL), CSVC_E_PARSE);
    assert_non_null(strstr(csvc_last_errmsg(), "line 2, column 1"));
    cs_csv_close(csv);
}

/* ------------------------------------------------------------------------ */
/* Header mapping */

enum { C_ID, C_NAME, C_EMAIL, NCOL };
static const cs_csv_column columns[NCOL] = {{"id", 1}, {"name", 1}, {"email", 0}};

/* Opens `input` and maps the header; the reader is returned in *out. */
static csvc_status map(const char *input, int allow_unknown, int *index, cs_csv **out,
                       cs_errbuf *err)
{
    cs_csv *csv;
    assert_csvc_ok(cs_csv_open_buffer(NULL, input, strlen(input), &csv, err));
    for (int i = 0; i < NCOL; i++)
        index[i] = 99;
    csvc_status rc = cs_csv_map_header(csv, columns, NCOL, allow_unknown, index, err);
    *out = csv;
    return rc;
}

static void check_map_error(const char *input, int allow_unknown, const char *message)
{
    cs_csv *csv;
    cs_errbuf err;
    int index[NCOL];
    csvc_status rc = map(input, allow_unknown, index, &csv, &err);
    if (rc != CSVC_E_PARSE)
        fail_msg("\"%s\": rc %d, expected CSVC_E_PARSE", input, rc);
    if (strcmp(err.msg, message) != 0)
        fail_msg("\"%s\": message \"%s\", expected \"%s\"", input, err.msg, message);
    assert_string_equal(csvc_last_errmsg(), message);
    for (int i = 0; i < NCOL; i++)
        assert_int_equal(index[i], -1);
    cs_csv_close(csv);
}

static void test_header_reordered(void **state)
{
    (void)state;
    cs_csv *csv;
    cs_errbuf err;
    cs_csv_record rec;
    int index[NCOL];
    assert_csvc_ok(map("\xEF\xBB\xBF name , id ,\temail\t\nAnn,7,a@x\n", 0, index, &csv, &err));
    assert_int_equal(index[C_ID], 1);
    assert_int_equal(index[C_NAME], 0);
    assert_int_equal(index[C_EMAIL], 2);
    assert_int_equal(cs_csv_next(csv, &rec, &err), 1);
    assert_int_equal(rec.line, 2);
    assert_string_equal(rec.fields[index[C_ID]].ptr, "7");
    assert_string_equal(rec.fields[index[C_NAME]].ptr, "Ann");
    /* Data fields are not trimmed. */
    assert_int_equal(cs_csv_next(csv, &rec, &err), 0);
    cs_csv_close(csv);
}

static void test_header_optional_absent_and_unknown(void **state)
{
    (void)state;
    cs_csv *csv;
    cs_errbuf err;
    cs_csv_record rec;
    int index[NCOL];
    assert_csvc_ok(map("extra,id,name\nq, 1 ,Bo\n", 1, index, &csv, &err));
    assert_int_equal(index[C_ID], 1);
    assert_int_equal(index[C_NAME], 2);
    assert_int_equal(index[C_EMAIL], -1);
    assert_int_equal(cs_csv_next(csv, &rec, &err), 1);
    assert_string_equal(rec.fields[index[C_ID]].ptr, " 1 ");
    cs_csv_close(csv);

    check_map_error("id,name,zzz\n", 0, "line 1, column 3: unknown column 'zzz'");
    check_map_error("id,,name\n", 0, "line 1, column 2: unknown column ''");
    /* Comparison is exact after trimming: case matters. */
    check_map_error("ID,name\n", 0, "line 1, column 1: unknown column 'ID'");
    check_map_error("\n\nid,name,x y\n", 0, "line 3, column 3: unknown column 'x y'");
}

static void test_header_missing_required(void **state)
{
    (void)state;
    check_map_error("id\n1\n", 0, "line 1: missing required column 'name'");
    check_map_error("email,name\n", 1, "line 1: missing required column 'id'");
    check_map_error("other\n", 1, "line 1: missing required column 'id'");
}

static void test_header_duplicate(void **state)
{
    (void)state;
    check_map_error("id,name,id\n", 0, "line 1, column 3: duplicate column 'id' (also column 1)");
    check_map_error("id,name, name \n", 0,
                    "line 1, column 3: duplicate column 'name' (also column 2)");
    check_map_error("id,x,name,x\n", 1, "line 1, column 4: duplicate column 'x' (also column 2)");

    /* A wide header (many hash slots) with the duplicate at the end. */
    text in = {0};
    text_puts(&in, "id,name");
    for (int i = 0; i < 200; i++) {
        char buf[16];
        snprintf(buf, sizeof buf, ",c%d", i);
        text_puts(&in, buf);
    }
    text_puts(&in, ",c117\n");
    check_map_error(in.data, 1, "line 1, column 203: duplicate column 'c117' (also column 120)");
    free(in.data);
}

static void test_header_empty_input(void **state)
{
    (void)state;
    check_map_error("", 0, "line 1: empty input, expected a header");
    check_map_error("\xEF\xBB\xBF", 1, "line 1: empty input, expected a header");
    check_map_error("\n\r\n", 1, "line 3: empty input, expected a header");
}

static void test_header_parse_error(void **state)
{
    (void)state;
    check_map_error("id,\"name\n", 1, "line 1, column 2: unterminated quoted field");
}

static void test_header_field_count(void **state)
{
    (void)state;
    cs_csv *csv;
    cs_errbuf err;
    cs_csv_record rec;
    int index[NCOL];
    assert_csvc_ok(map("id,name\n1,a\n\n2,b\n3\n4,d\n", 0, index, &csv, &err));
    assert_int_equal(cs_csv_next(csv, &rec, &err), 1);
    assert_int_equal(cs_csv_next(csv, &rec, &err), 1);
    assert_int_equal(rec.line, 4);
    assert_int_equal(cs_csv_next(csv, &rec, &err), CSVC_E_PARSE);
    assert_string_equal(err.msg, "line 5: expected 2 fields, found 1");
    assert_int_equal(cs_csv_next(csv, &rec, &err), CSVC_E_PARSE);
    assert_string_equal(err.msg, "line 5: expected 2 fields, found 1");
    cs_csv_close(csv);

    assert_csvc_ok(map("id,name\n1,a,\"x\ny\"\n", 0, index, &csv, &err));
    assert_int_equal(cs_csv_next(csv, &rec, &err), CSVC_E_PARSE);
    assert_string_equal(err.msg, "line 2: expected 2 fields, found 3");
    cs_csv_close(csv);

    /* Without a header any count goes. */
    dump d;
    dump_buffer("a\nb,c\nd,e,f\n", 12, 0, &d);
    assert_int_equal(d.rc, 0);
    assert_string_equal(d.out.data, "1:[a]\n2:[b][c]\n3:[d][e][f]\n");
    dump_free(&d);
}

static void test_fail_field(void **state)
{
    (void)state;
    cs_errbuf err;
    assert_int_equal(cs_csv_fail_field(&err, CSVC_E_RANGE, 12, 4, "base_pay", "must be >= %d", 0),
                     CSVC_E_RANGE);
    assert_string_equal(err.msg, "line 12, column 4 (base_pay): must be >= 0");
    assert_string_equal(csvc_last_errmsg(), err.msg);
    assert_int_equal(cs_csv_fail_field(&err, CSVC_E_PARSE, 3, 1, NULL, "bad"), CSVC_E_PARSE);
    assert_string_equal(err.msg, "line 3, column 1: bad");
}

/* ------------------------------------------------------------------------ */
/* Sources and arguments */

/* Writes `size` bytes to a new temporary file; returns its path in `path`. */
static void write_temp(char *path, size_t path_size, const char *data, size_t size)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, path_size, "%s/test_csv_XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, size, fp), size);
    assert_int_equal(fclose(fp), 0);
}

static void test_file_input(void **state)
{
    (void)state;
    static const char input[] =
        "\xEF\xBB\xBFid,name\r\n1,\"a\r\nb\"\r\n\r\n2,\"c,\"\"d\"\"\"\r\n3,e";
    static const char want[] = "1:[id][name]\n2:[1][a\r\nb]\n5:[2][c,\"d\"]\n6:[3][e]\n";
    char path[512];
    write_temp(path, sizeof path, input, sizeof input - 1);
    for (size_t chunk = 0; chunk <= 9; chunk++) {
        cs_csv *csv;
        cs_errbuf err;
        dump d;
        assert_csvc_ok(cs_csv_open_file(NULL, path, &csv, &err));
        if (chunk)
            assert_csvc_ok(cs_csv_set_chunk_size(csv, chunk));
        dump_reader(csv, &d);
        assert_int_equal(d.rc, 0);
        assert_string_equal(d.out.data, want);
        dump_free(&d);
        cs_csv_close(csv);
    }
    remove(path);
}

static void test_file_open_failure(void **state)
{
    (void)state;
    cs_errbuf err;
    cs_csv *csv = (cs_csv *)(void *)&err; /* any non-NULL value: must be reset */
    assert_int_equal(cs_csv_open_file(NULL, "no/such/dir/roster.csv", &csv, &err), CSVC_E_IO);
    assert_null(csv);
    assert_non_null(strstr(err.msg, "cannot open 'no/such/dir/roster.csv'"));
    assert_non_null(strstr(err.msg, "No such file"));
    assert_string_equal(csvc_last_errmsg(), err.msg);

    /* A directory opens on some systems; reading it must then fail. */
    csvc_status rc = cs_csv_open_file(NULL, ".", &csv, &err);
    if (rc == CSVC_OK) {
        cs_csv_record rec;
        assert_int_equal(cs_csv_next(csv, &rec, &err), CSVC_E_IO);
        assert_non_null(strstr(err.msg, "read error"));
        assert_int_equal(cs_csv_next(csv, &rec, &err), CSVC_E_IO);
        cs_csv_close(csv);
    } else {
        assert_int_equal(rc, CSVC_E_IO);
    }
}

static void test_arguments(void **state)
{
    (void)state;
    cs_csv *csv;
    cs_errbuf err;
    cs_csv_record rec;
    assert_int_equal(cs_csv_open_file(NULL, NULL, &csv, &err), CSVC_E_NULL);
    assert_int_equal(cs_csv_open_file(NULL, "x", NULL, &err), CSVC_E_NULL);
    assert_int_equal(cs_csv_open_buffer(NULL, NULL, 3, &csv, &err), CSVC_E_NULL);
    assert_int_equal(cs_csv_open_buffer(NULL, "a", 1, NULL, &err), CSVC_E_NULL);
    cs_csv_close(NULL);

    /* An empty buffer may be NULL. */
    assert_csvc_ok(cs_csv_open_buffer(NULL, NULL, 0, &csv, &err));
    assert_int_equal(cs_csv_set_chunk_size(csv, 0), CSVC_E_INVALID);
    assert_int_equal(cs_csv_next(csv, &rec, &err), 0);
    assert_int_equal(cs_csv_next(csv, &rec, &err), 0);
    /* Too late once reading began. */
    assert_int_equal(cs_csv_set_chunk_size(csv, 8), CSVC_E_INVALID);
    cs_csv_close(csv);

    /* An explicit allocator works like the default one. */
    cs_alloc alloc;
    assert_csvc_ok(cs_alloc_init(&alloc, NULL, &err));
    assert_csvc_ok(cs_csv_open_buffer(&alloc, "k,v\n", 4, &csv, &err));
    assert_int_equal(cs_csv_next(csv, &rec, &err), 1);
    assert_int_equal(rec.count, 2);
    assert_string_equal(rec.fields[1].ptr, "v");
    cs_csv_close(csv);
}

/* ------------------------------------------------------------------------ */
/* Allocation failure: every allocation, one after the other, fails once;
 * the reader reports CSVC_E_NOMEM and frees everything. */

static const char alloc_input[] = "id,name,email\n"
                                  "1,\"Ann, A\",ann@example.com\n"
                                  "2,Bo,\"a very long quoted value that does not fit a small "
                                  "buffer, with \"\"quotes\"\"\"\n"
                                  "3,c,d\n";

/* Runs a full import with the given budget; returns the status reached. */
static int run_with_budget(long budget, const char *path, size_t chunk, long *live)
{
    test_failing_alloc fa = {budget, 0, 0};
    csvc_allocator pub = test_failing_allocator(&fa);
    cs_alloc alloc;
    cs_errbuf err;
    assert_csvc_ok(cs_alloc_init(&alloc, &pub, &err));
    cs_csv *csv = NULL;
    csvc_status rc =
        path ? cs_csv_open_file(&alloc, path, &csv, &err)
             : cs_csv_open_buffer(&alloc, alloc_input, sizeof alloc_input - 1, &csv, &err);
    int result = rc;
    if (rc == CSVC_OK) {
        if (chunk)
            assert_csvc_ok(cs_csv_set_chunk_size(csv, chunk));
        int index[NCOL];
        rc = cs_csv_map_header(csv, columns, NCOL, 0, index, &err);
        result = rc;
        if (rc == CSVC_OK) {
            cs_csv_record rec;
            int n = 0, r;
            while ((r = cs_csv_next(csv, &rec, &err)) == 1)
                n++;
            result = r;
            if (r == 0)
                assert_int_equal(n, 3);
            else /* sticky */
                assert_int_equal(cs_csv_next(csv, &rec, &err), r);
        }
        cs_csv_close(csv);
    } else {
        assert_null(csv);
    }
    if (result < 0) {
        assert_int_equal(result, CSVC_E_NOMEM);
        assert_non_null(strstr(err.msg, "out of memory"));
    }
    *live = fa.live;
    return result;
}

static void check_alloc_failures(const char *path, size_t chunk)
{
    long budget = 0, live;
    int failures = 0;
    while (run_with_budget(budget, path, chunk, &live) != 0) {
        assert_int_equal(live, 0);
        failures++;
        budget++;
        assert_true(budget < 100);
    }
    assert_int_equal(live, 0);
    /* Open, fields, buffer, header hash at least; with small chunks the
     * buffer grows too. */
    assert_true(failures >= (chunk && chunk < 64 ? 5 : 4));
    /* And with no limit at all. */
    assert_int_equal(run_with_budget(-1, path, chunk, &live), 0);
    assert_int_equal(live, 0);
}

static void test_alloc_failure(void **state)
{
    (void)state;
    check_alloc_failures(NULL, 0);
    check_alloc_failures(NULL, 4);
    char path[512];
    write_temp(path, sizeof path, alloc_input, sizeof alloc_input - 1);
    check_alloc_failures(path, 0);
    check_alloc_failures(path, 3);
    remove(path);
}

/* Growing the field array can fail in the middle of a record. */
static void test_alloc_failure_many_fields(void **state)
{
    (void)state;
    text in = {0};
    for (int i = 0; i < 100; i++)
        text_puts(&in, i ? ",f" : "f");
    text_puts(&in, "\n");
    for (long budget = 0;; budget++) {
        test_failing_alloc fa = {budget, 0, 0};
        csvc_allocator pub = test_failing_allocator(&fa);
        cs_alloc alloc;
        cs_errbuf err;
        cs_csv_record rec;
        cs_csv *csv;
        assert_csvc_ok(cs_alloc_init(&alloc, &pub, &err));
        csvc_status rc = cs_csv_open_buffer(&alloc, in.data, in.len, &csv, &err);
        int r = rc;
        if (rc == CSVC_OK) {
            r = cs_csv_next(csv, &rec, &err);
            if (r == 1)
                assert_int_equal(rec.count, 100);
            cs_csv_close(csv);
        }
        assert_int_equal(fa.live, 0);
        if (r == 1)
            break;
        assert_int_equal(r, CSVC_E_NOMEM);
        assert_true(budget < 20);
    }
    free(in.data);
}

/* ------------------------------------------------------------------------ */
/* Randomized round trip through an independent writer. */

static uint64_t rng_state;

static uint32_t rng(void)
{
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 2685821657736338717ull) >> 32);
}

static const char *const pieces[] = {"a",
                                     "Z",
                                     "0",
                                     "9",
                                     " ",
                                     ",",
                                     "\"",
                                     "\r",
                                     "\n",
                                     "\r\n",
                                     "\t",
                                     "\xC3\xA9",
                                     "\xE5\xAE\xA2",
                                     "\xF0\x9F\x98\x80",
                                     "\xEF\xBB\xBF",
                                     "x,y",
                                     "\"\"",
                                     "long text "};

static void random_field(text *t)
{
    int n = (int)(rng() % 8);
    if (rng() % 5 == 0)
        n += (int)(rng() % 40);
    for (int i = 0; i < n; i++)
        text_puts(t, pieces[rng() % (sizeof pieces / sizeof pieces[0])]);
}

/* The writer: quotes a field that holds a separator, quote, CR or LF, one
 * that is alone and empty (or it would read as a blank line), and others at
 * random; doubles quotes inside quoted fields. */
static void write_field(text *out, const char *s, size_t len, int alone)
{
    int quote = len == 0 ? alone || rng() % 4 == 0 : rng() % 6 == 0;
    /* At the very start of the input a leading BOM would be taken as one. */
    if (out->len == 0 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        quote = 1;
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (!quote) {
        text_add(out, s, len);
        return;
    }
    text_puts(out, "\"");
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            text_puts(out, "\"");
        text_add(out, s + i, 1);
    }
    text_puts(out, "\"");
}

static size_t count_lf(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n';
    return n;
}

static void test_random_round_trip(void **state)
{
    (void)state;
    rng_state = 0x9E3779B97F4A7C15ull;
    for (int iter = 0; iter < 300; iter++) {
        text csv = {0}, want = {0};
        text_puts(&csv, "");
        text_puts(&want, "");
        if (rng() % 8 == 0)
            text_puts(&csv, "\xEF\xBB\xBF");
        int nrec = (int)(rng() % 30);
        for (int r = 0; r < nrec; r++) {
            while (rng() % 10 == 0)
                text_puts(&csv, rng() % 2 ? "\n" : "\r\n"); /* blank lines */
            char head[32];
            snprintf(head, sizeof head, "%zu:", count_lf(csv.data, csv.len) + 1);
            text_puts(&want, head);
            int nf = 1 + (int)(rng() % 7);
            for (int i = 0; i < nf; i++) {
                text field = {0};
                text_puts(&field, "");
                random_field(&field);
                if (i)
                    text_puts(&csv, ",");
                write_field(&csv, field.data, field.len, nf == 1);
                text_puts(&want, "[");
                text_add(&want, field.data, field.len);
                text_puts(&want, "]");
                free(field.data);
            }
            text_puts(&want, "\n");
            if (r + 1 < nrec || rng() % 2)
                text_puts(&csv, rng() % 2 ? "\n" : "\r\n");
        }
        size_t chunk = rng() % 3 == 0 ? 0 : 1 + rng() % 40;
        dump d;
        dump_buffer(csv.data, csv.len, chunk, &d);
        if (d.rc != 0)
            fail_msg("iteration %d (chunk %zu): rc %d: %s", iter, chunk, d.rc, d.msg);
        assert_int_equal(d.records, (size_t)nrec);
        if (d.out.len != want.len || memcmp(d.out.data, want.data, want.len) != 0)
            fail_msg("iteration %d (chunk %zu): round trip differs", iter, chunk);
        dump_free(&d);
        free(csv.data);
        free(want.data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple),
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_line_endings),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_blank_lines),
        cmocka_unit_test(test_embedded_newlines_count_lines),
        cmocka_unit_test(test_nul_byte_in_field),
        cmocka_unit_test(test_many_fields),
        cmocka_unit_test(test_long_record_grows_buffer),
        cmocka_unit_test(test_chunk_boundaries),
        cmocka_unit_test(test_error_unterminated),
        cmocka_unit_test(test_error_after_closing_quote),
        cmocka_unit_test(test_error_bare_quote),
        cmocka_unit_test(test_error_lone_cr),
        cmocka_unit_test(test_error_is_sticky),
        cmocka_unit_test(test_header_reordered),
        cmocka_unit_test(test_header_optional_absent_and_unknown),
        cmocka_unit_test(test_header_missing_required),
        cmocka_unit_test(test_header_duplicate),
        cmocka_unit_test(test_header_empty_input),
        cmocka_unit_test(test_header_parse_error),
        cmocka_unit_test(test_header_field_count),
        cmocka_unit_test(test_fail_field),
        cmocka_unit_test(test_file_input),
        cmocka_unit_test(test_file_open_failure),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_alloc_failure),
        cmocka_unit_test(test_alloc_failure_many_fields),
        cmocka_unit_test(test_random_round_trip),
    };
    return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
