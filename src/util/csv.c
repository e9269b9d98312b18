/* Streaming RFC 4180 reader (see csv.h for the accepted dialect).
 *
 * Design, for speed:
 * - Input is pulled in large chunks into one buffer and parsed in place:
 *   fields are NUL-terminated by overwriting their delimiter, and quoted
 *   fields are unescaped by sliding their bytes left, so no field is ever
 *   allocated or copied one by one.
 * - Unquoted runs are scanned 16 bytes at a time (SSE2) or with a class
 *   table; a run of sentinel bytes after the data ends every scan without a
 *   bounds check in the inner loop.
 * - The parser is a resumable state machine: when a record runs past the
 *   end of the buffered data it saves its state, the buffer is compacted
 *   (and grown when one record fills it) and refilled, and parsing resumes
 *   where it stopped. Bytes already rewritten are never read again, which is
 *   what makes in-place unescaping safe across chunk boundaries. */
#include "csv.h"
#include "transcode.h"
#include "csv_test.h"
#include "strmap.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* CS_CSV_NO_SIMD forces the portable scanners (to test them on x86). */
#if defined(__SSE2__) && !defined(CS_CSV_NO_SIMD)
#define CS_CSV_SSE2 1
#include <emmintrin.h>
#endif

#define CSV_DEFAULT_CHUNK ((size_t)1 << 20)
/* Bytes after the data: the sentinel run the scanners stop on, plus room
 * for the NUL after a last field that ends the input. */
#define CSV_SENTINEL 16
#define CSV_SLACK 32
#define CSV_MORE 2 /* parse(): the record continues past the buffered data */

enum csv_state {
    ST_RECORD,     /* between records (blank lines are skipped here) */
    ST_FIELD,      /* at the start of a field */
    ST_UNQUOTED,   /* inside an unquoted field */
    ST_QUOTED,     /* inside a quoted field */
    ST_AFTER_QUOTE /* just after a closing quote */
};

struct cs_csv {
    cs_alloc alloc;
    FILE *fp;        /* file source, or NULL */
    const char *src; /* memory source */
    size_t src_len, src_pos;
    char *buf; /* cap + CSV_SLACK bytes */
    size_t cap, chunk;
    /* Offsets into buf: the current record's start, the parse position, the
     * end of the data, and (inside a field) its start and write position. */
    size_t rs, pos, end, fstart, w;
    int state, eof, started;
    cs_csv_field *fields;
    size_t nfields, fcap;
    size_t expected; /* fields per record after a header, or 0 */
    uint64_t line, rec_line, qline;
    csvc_status status; /* sticky error */
    cs_errbuf msg;
    char *owned; /* converted input the reader owns (cs_csv_open_as) */
};

/* ------------------------------------------------------------------------ */
/* Scanners. Both rely on the sentinel run of '\n' after the data. */

#if defined(CS_CSV_SSE2)
static inline unsigned first_bit(unsigned mask)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctz(mask);
#else
    unsigned i = 0;
    while (!(mask & 1u)) {
        mask >>= 1;
        i++;
    }
    return i;
#endif
}

/* First ',', '"', '\r' or '\n' at or after p. */
static inline char *scan_unquoted(char *p)
{
    const __m128i comma = _mm_set1_epi8(',');
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i lf = _mm_set1_epi8('\n');
    for (;;) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, quote)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
        unsigned mask = (unsigned)_mm_movemask_epi8(m);
        if (mask)
            return p + first_bit(mask);
        p += 16;
    }
}

/* First '"' or '\n' at or after p. */
static inline char *scan_quoted(char *p)
{
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i lf = _mm_set1_epi8('\n');
    for (;;) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, lf));
        unsigned mask = (unsigned)_mm_movemask_epi8(m);
        if (mask)
            return p + first_bit(mask);
        p += 16;
    }
}
#else
/* Bytes that end an unquoted run. */
static const unsigned char special_unquoted[256] = {['\n'] = 1, ['\r'] = 1, ['"'] = 1, [','] = 1};

static inline char *scan_unquoted(char *p)
{
    while (!special_unquoted[(unsigned char)*p])
        p++;
    return p;
}

static inline char *scan_quoted(char *p)
{
    while (*p != '"' && *p != '\n')
        p++;
    return p;
}
#endif

/* ------------------------------------------------------------------------ */

static csvc_status set_error(cs_csv *c, csvc_status status, const char *fmt, ...) CS_PRINTF(3, 4);

/* Records a sticky error; the message reaches the caller via next(). */
static csvc_status set_error(cs_csv *c, csvc_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cs_failv(&c->msg, status, fmt, ap);
    va_end(ap);
    c->status = status;
    return status;
}

static csvc_status csv_new(const cs_alloc *alloc, cs_csv **out, cs_errbuf *err)
{
    cs_alloc sys;
    if (!alloc) {
        cs_alloc_init(&sys, NULL, NULL);
        alloc = &sys;
    }
    cs_csv *c = cs_malloc(alloc, sizeof *c);
    if (!c)
        return cs_fail(err, CSVC_E_NOMEM, "csv: out of memory");
    memset(c, 0, sizeof *c);
    c->alloc = *alloc;
    c->fp = NULL;
    c->src = NULL;
    c->buf = NULL;
    c->chunk = CSV_DEFAULT_CHUNK;
    c->state = ST_RECORD;
    c->line = 1;
    c->fcap = 16;
    c->fields = cs_realloc_array(alloc, NULL, c->fcap, sizeof *c->fields);
    if (!c->fields) {
        cs_free(alloc, c);
        return cs_fail(err, CSVC_E_NOMEM, "csv: out of memory");
    }
    *out = c;
    return CSVC_OK;
}

csvc_status cs_csv_open_file(const cs_alloc *alloc, const char *path, cs_csv **out, cs_errbuf *err)
{
    if (!path || !out)
        return cs_fail(err, CSVC_E_NULL, "csv: %s is NULL", path ? "out" : "path");
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return cs_fail(err, CSVC_E_IO, "cannot open '%s': %s", path, strerror(errno));
    /* Reads are large and go straight into our buffer. */
    setvbuf(fp, NULL, _IONBF, 0);
    cs_csv *c;
    csvc_status rc = csv_new(alloc, &c, err);
    if (rc != CSVC_OK) {
        fclose(fp);
        return rc;
    }
    c->fp = fp;
    *out = c;
    return CSVC_OK;
}

csvc_status cs_csv_open_buffer(const cs_alloc *alloc, const char *data, size_t size, cs_csv **out,
                               cs_errbuf *err)
{
    if (!out || (!data && size))
        return cs_fail(err, CSVC_E_NULL, "csv: %s is NULL", out ? "data" : "out");
    *out = NULL;
    cs_csv *c;
    csvc_status rc = csv_new(alloc, &c, err);
    if (rc != CSVC_OK)
        return rc;
    c->src = data;
    c->src_len = size;
    *out = c;
    return CSVC_OK;
}

void cs_csv_close(cs_csv *c)
{
    if (!c)
        return;
    cs_alloc a = c->alloc;
    if (c->fp)
        fclose(c->fp);
    cs_free(&a, c->buf);
    cs_free(&a, c->fields);
    cs_free(&a, c->owned);
    cs_free(&a, c);
}

csvc_status cs_csv_open_as(const cs_alloc *alloc, const char *path, const char *data, size_t size,
                           const char *encoding, cs_csv **out, cs_errbuf *err)
{
    if (cs_encoding_is_utf8(encoding))
        return cs_csv_open(alloc, path, data, size, out, err);
    char *file = NULL, *utf8 = NULL;
    size_t utf8_size = 0;
    csvc_status rc = CSVC_OK;
    if (path && (rc = cs_read_file(alloc, path, &file, &size, err)) == CSVC_OK)
        data = file;
    if (rc == CSVC_OK)
        rc = cs_transcode_to_utf8(alloc, data ? data : "", size, encoding, &utf8, &utf8_size, err);
    cs_free(alloc, file);
    if (rc == CSVC_OK && (rc = cs_csv_open_buffer(alloc, utf8, utf8_size, out, err)) == CSVC_OK)
        (*out)->owned = utf8;
    else
        cs_free(alloc, utf8);
    return rc;
}

csvc_status cs_csv_set_chunk_size(cs_csv *c, size_t size)
{
    if (!c)
        return cs_fail(NULL, CSVC_E_NULL, "csv: reader is NULL");
    if (size == 0 || size > SIZE_MAX / 4)
        return cs_fail(NULL, CSVC_E_INVALID, "csv: chunk size %zu out of range", size);
    if (c->buf)
        return cs_fail(NULL, CSVC_E_INVALID, "csv: chunk size must be set before reading");
    c->chunk = size;
    return CSVC_OK;
}

/* ------------------------------------------------------------------------ */
/* Refilling */

/* Points the finished fields of the partial record at their new place. */
static void rebase_fields(cs_csv *c, const char *old_base, char *new_base)
{
    for (size_t i = 0; i < c->nfields; i++)
        c->fields[i].ptr = new_base + (c->fields[i].ptr - old_base);
}

/* Moves the partial record to the front of the buffer, grows the buffer when
 * that record fills it, and appends the next chunk of input. */
static csvc_status refill(cs_csv *c)
{
    if (!c->buf) {
        size_t cap = c->chunk;
        if (!c->fp && c->src_len < cap)
            cap = c->src_len ? c->src_len : 1;
        c->buf = cs_malloc(&c->alloc, cap + CSV_SLACK);
        if (!c->buf)
            return set_error(c, CSVC_E_NOMEM, "line %" PRIu64 ": out of memory", c->line);
        c->cap = cap;
    }
    size_t live = c->end - c->rs;
    if (c->rs) {
        size_t shift = c->rs;
        memmove(c->buf, c->buf + shift, live);
        rebase_fields(c, c->buf + shift, c->buf);
        c->pos -= shift;
        c->fstart -= shift; /* stale between records; never used there */
        c->w -= shift;
        c->end = live;
        c->rs = 0;
    }
    if (live == c->cap) {
        if (c->cap > (SIZE_MAX - CSV_SLACK) / 2)
            return set_error(c, CSVC_E_NOMEM, "line %" PRIu64 ": record too long", c->rec_line);
        size_t ncap = c->cap * 2;
        char *nb = cs_malloc(&c->alloc, ncap + CSV_SLACK);
        if (!nb)
            return set_error(c, CSVC_E_NOMEM,
                             "line %" PRIu64 ": out of memory for a %zu-byte record", c->rec_line,
                             live);
        memcpy(nb, c->buf, live);
        rebase_fields(c, c->buf, nb);
        cs_free(&c->alloc, c->buf);
        c->buf = nb;
        c->cap = ncap;
    }
    size_t want = c->cap - live;
    if (want > c->chunk)
        want = c->chunk;
    size_t got;
    if (c->fp) {
        got = fread(c->buf + live, 1, want, c->fp);
        if (got < want) {
            if (ferror(c->fp))
                return set_error(c, CSVC_E_IO, "line %" PRIu64 ": read error: %s", c->line,
                                 strerror(errno));
            c->eof = 1;
        }
    } else {
        got = c->src_len - c->src_pos;
        if (got > want)
            got = want;
        if (got)
            memcpy(c->buf + live, c->src + c->src_pos, got);
        c->src_pos += got;
        if (c->src_pos == c->src_len)
            c->eof = 1;
    }
    c->end = live + got;
    memset(c->buf + c->end, '\n', CSV_SENTINEL);
    return CSVC_OK;
}

/* ------------------------------------------------------------------------ */
/* The parser */

static int grow_fields(cs_csv *c)
{
    void *items = c->fields;
    if (cs_grow(&c->alloc, &items, &c->fcap, c->fcap + 1, sizeof *c->fields) < 0)
        return -1;
    c->fields = items;
    return 0;
}

static void describe_byte(unsigned char b, char *out, size_t size)
{
    if (b >= 0x20 && b < 0x7f)
        snprintf(out, size, "'%c'", (char)b);
    else
        snprintf(out, size, "0x%02X", (unsigned)b);
}

/* Parses from c->pos. Returns 1 with a record, 0 at the end of the input,
 * CSV_MORE when the record continues past the buffered data (state saved),
 * or a negative status (sticky, message in c->msg). */
static int parse(cs_csv *c, cs_csv_record *rec)
{
    char *const base = c->buf;
    char *const end = base + c->end;
    const int eof = c->eof;
    char *p = base + c->pos;
    char *fstart = NULL, *w = NULL, *q, *s;
    cs_csv_field *f = c->fields;
    size_t n = c->nfields, fcap = c->fcap, column;
    uint64_t line = c->line;
    int state;

#define ADD_FIELD(ptr_, len_)                                                                      \
    do {                                                                                           \
        if (n == fcap) {                                                                           \
            c->nfields = n;                                                                        \
            if (grow_fields(c) < 0)                                                                \
                goto nomem;                                                                        \
            f = c->fields;                                                                         \
            fcap = c->fcap;                                                                        \
        }                                                                                          \
        f[n].ptr = (ptr_);                                                                         \
        f[n].len = (size_t)(len_);                                                                 \
        n++;                                                                                       \
    } while (0)

/* Appends the raw run [from, to) of a quoted field to its unescaped text. */
#define FLUSH(from, to)                                                                            \
    do {                                                                                           \
        size_t len_ = (size_t)((to) - (from));                                                     \
        if (w != (from))                                                                           \
            memmove(w, (from), len_);                                                              \
        w += len_;                                                                                 \
    } while (0)

    switch (c->state) {
    case ST_FIELD:
        goto field;
    case ST_UNQUOTED:
        fstart = base + c->fstart;
        goto unquoted;
    case ST_QUOTED:
        fstart = base + c->fstart;
        w = base + c->w;
        goto quoted;
    case ST_AFTER_QUOTE:
        goto after_quote;
    default:
        break;
    }

    for (;;) { /* skip blank lines */
        if (p == end) {
            if (eof) {
                c->line = line;
                c->pos = (size_t)(p - base);
                c->rs = c->pos;
                return 0;
            }
            state = ST_RECORD;
            goto suspend;
        }
        if (*p == '\n') {
            line++;
            p++;
            continue;
        }
        if (*p == '\r') {
            if (p + 1 == end && !eof) {
                state = ST_RECORD;
                goto suspend;
            }
            if (p + 1 < end && p[1] == '\n') {
                line++;
                p += 2;
                continue;
            }
            column = 1;
            goto lone_cr;
        }
        break;
    }
    c->rs = (size_t)(p - base);
    c->rec_line = line;
    n = 0;

field:
    if (p == end) {
        if (!eof) {
            state = ST_FIELD;
            goto suspend;
        }
        *p = '\0'; /* in the slack after the data */
        ADD_FIELD(p, 0);
        goto emit;
    }
    if (*p == '"') {
        c->qline = line;
        fstart = w = ++p;
        goto quoted;
    }
    fstart = p;

unquoted:
    q = scan_unquoted(p);
    if (q >= end) {
        if (!eof) {
            p = end;
            state = ST_UNQUOTED;
            goto suspend;
        }
        *end = '\0';
        ADD_FIELD(fstart, end - fstart);
        p = end;
        goto emit;
    }
    if (*q == ',') {
        *q = '\0';
        ADD_FIELD(fstart, q - fstart);
        p = q + 1;
        goto field;
    }
    if (*q == '\n') {
        *q = '\0';
        ADD_FIELD(fstart, q - fstart);
        line++;
        p = q + 1;
        goto emit;
    }
    if (*q == '\r') {
        if (q + 1 == end && !eof) {
            p = q; /* decide once the next byte is in */
            state = ST_UNQUOTED;
            goto suspend;
        }
        if (q + 1 < end && q[1] == '\n') {
            *q = '\0';
            ADD_FIELD(fstart, q - fstart);
            line++;
            p = q + 2;
            goto emit;
        }
        column = n + 1;
        goto lone_cr;
    }
    set_error(c, CSVC_E_PARSE,
              "line %" PRIu64 ", column %zu: unexpected quote in unquoted field "
              "(quote the whole field and double the quote)",
              line, n + 1);
    return c->status;

quoted:
    s = p;
    for (;;) {
        q = scan_quoted(s);
        if (q >= end) {
            FLUSH(p, end);
            p = end;
            if (!eof) {
                state = ST_QUOTED;
                goto suspend;
            }
            set_error(c, CSVC_E_PARSE, "line %" PRIu64 ", column %zu: unterminated quoted field",
                      c->qline, n + 1);
            return c->status;
        }
        if (*q == '\n') {
            line++;
            s = q + 1;
            continue;
        }
        if (q + 1 == end && !eof) {
            FLUSH(p, q);
            p = q; /* is it "" or the closing quote? wait for the next byte */
            state = ST_QUOTED;
            goto suspend;
        }
        if (q + 1 < end && q[1] == '"') {
            FLUSH(p, q + 1); /* keeps one quote */
            p = s = q + 2;
            continue;
        }
        FLUSH(p, q);
        *w = '\0';
        ADD_FIELD(fstart, w - fstart);
        p = q + 1;
        break;
    }

after_quote:
    if (p == end) {
        if (!eof) {
            state = ST_AFTER_QUOTE;
            goto suspend;
        }
        goto emit;
    }
    if (*p == ',') {
        p++;
        goto field;
    }
    if (*p == '\n') {
        line++;
        p++;
        goto emit;
    }
    if (*p == '\r') {
        if (p + 1 == end && !eof) {
            state = ST_AFTER_QUOTE;
            goto suspend;
        }
        if (p + 1 < end && p[1] == '\n') {
            line++;
            p += 2;
            goto emit;
        }
        column = n;
        goto lone_cr;
    }
    {
        char what[8];
        describe_byte((unsigned char)*p, what, sizeof what);
        set_error(c, CSVC_E_PARSE,
                  "line %" PRIu64 ", column %zu: unexpected character %s after closing quote", line,
                  n, what);
        return c->status;
    }

emit:
    c->pos = (size_t)(p - base);
    c->line = line;
    c->nfields = 0;
    c->state = ST_RECORD;
    if (c->expected && n != c->expected) {
        set_error(c, CSVC_E_PARSE, "line %" PRIu64 ": expected %zu fields, found %zu", c->rec_line,
                  c->expected, n);
        return c->status;
    }
    /* Fields are C strings: a NUL inside one would silently cut it ("A\0 1"
     * read as "A"), so two different ids could become one. */
    for (size_t i = 0; i < n; i++)
        if (memchr(f[i].ptr, '\0', f[i].len)) {
            set_error(c, CSVC_E_ENCODING, "line %" PRIu64 ", column %zu: NUL byte in the field",
                      c->rec_line, i + 1);
            return c->status;
        }
    rec->fields = f;
    rec->count = n;
    rec->line = c->rec_line;
    return 1;

suspend:
    c->pos = (size_t)(p - base);
    c->line = line;
    c->nfields = n;
    c->state = state;
    if (state == ST_RECORD)
        c->rs = c->pos;
    if (fstart)
        c->fstart = (size_t)(fstart - base);
    if (w)
        c->w = (size_t)(w - base);
    return CSV_MORE;

lone_cr:
    set_error(c, CSVC_E_PARSE,
              "line %" PRIu64 ", column %zu: carriage return not followed by a line feed", line,
              column);
    return c->status;

nomem:
    set_error(c, CSVC_E_NOMEM, "line %" PRIu64 ": out of memory (%zu fields)", c->rec_line, n);
    return c->status;

#undef ADD_FIELD
#undef FLUSH
}

int cs_csv_next(cs_csv *c, cs_csv_record *rec, cs_errbuf *err)
{
    if (c->status != CSVC_OK)
        return cs_fail_copy(err, c->status, c->msg.msg);
    if (!c->started) {
        while (!c->eof && c->end - c->pos < 3)
            if (refill(c) != CSVC_OK)
                return cs_fail_copy(err, c->status, c->msg.msg);
        if (c->end - c->pos >= 3 && memcmp(c->buf + c->pos, "\xEF\xBB\xBF", 3) == 0)
            c->pos += 3;
        c->rs = c->pos;
        c->started = 1;
    }
    for (;;) {
        int rc = parse(c, rec);
        if (rc != CSV_MORE) {
            if (rc < 0)
                return cs_fail_copy(err, c->status, c->msg.msg);
            return rc;
        }
        if (refill(c) != CSVC_OK)
            return cs_fail_copy(err, c->status, c->msg.msg);
    }
}

/* ------------------------------------------------------------------------ */
/* Header mapping */

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* Trims a header name in place (the record's bytes belong to the reader). */
static void trim_field(cs_csv *c, cs_csv_field *fld)
{
    char *p = c->buf + (fld->ptr - c->buf);
    size_t len = fld->len;
    while (len && is_space(*p)) {
        p++;
        len--;
    }
    while (len && is_space(p[len - 1]))
        len--;
    p[len] = '\0';
    fld->ptr = p;
    fld->len = len;
}

static int same_name(const cs_csv_field *a, const char *name, size_t len)
{
    return a->len == len && memcmp(a->ptr, name, len) == 0;
}

csvc_status cs_csv_map_header(cs_csv *c, const cs_csv_column *columns, size_t ncolumns,
                              int allow_unknown, int *index, cs_errbuf *err)
{
    for (size_t i = 0; i < ncolumns; i++)
        index[i] = -1;
    cs_csv_record rec;
    int rc = cs_csv_next(c, &rec, err);
    if (rc < 0)
        return (csvc_status)rc;
    if (rc == 0)
        return cs_fail(err, CSVC_E_PARSE, "line %" PRIu64 ": empty input, expected a header",
                       c->line);

    cs_csv_field *hdr = c->fields;
    size_t n = rec.count;
    if (n > (size_t)INT32_MAX)
        return cs_fail(err, CSVC_E_PARSE, "line %" PRIu64 ": %zu columns is too many", rec.line, n);
    /* Open addressing over the names seen so far: slot = column index + 1. */
    size_t nslots = 16;
    while (nslots < 2 * n)
        nslots *= 2;
    size_t *slots = cs_calloc(&c->alloc, nslots, sizeof *slots);
    if (!slots)
        return cs_fail(err, CSVC_E_NOMEM, "line %" PRIu64 ": out of memory", rec.line);

    csvc_status st = CSVC_OK;
    for (size_t j = 0; j < n && st == CSVC_OK; j++) {
        trim_field(c, &hdr[j]);
        size_t h = cs_hash_bytes(hdr[j].ptr, hdr[j].len) & (nslots - 1);
        for (; slots[h]; h = (h + 1) & (nslots - 1)) {
            const cs_csv_field *prev = &hdr[slots[h] - 1];
            if (same_name(prev, hdr[j].ptr, hdr[j].len)) {
                st =
                    cs_fail(err, CSVC_E_PARSE,
                            "line %" PRIu64 ", column %zu: duplicate column '%s' (also column %zu)",
                            rec.line, j + 1, hdr[j].ptr, slots[h]);
                break;
            }
        }
        if (st != CSVC_OK)
            break;
        slots[h] = j + 1;
        size_t i = 0;
        while (i < ncolumns && !same_name(&hdr[j], columns[i].name, strlen(columns[i].name)))
            i++;
        if (i < ncolumns)
            index[i] = (int)j;
        else if (!allow_unknown)
            st = cs_fail(err, CSVC_E_PARSE, "line %" PRIu64 ", column %zu: unknown column '%s'",
                         rec.line, j + 1, hdr[j].ptr);
    }
    cs_free(&c->alloc, slots);
    for (size_t i = 0; i < ncolumns && st == CSVC_OK; i++)
        if (columns[i].required && index[i] < 0)
            st = cs_fail(err, CSVC_E_PARSE, "line %" PRIu64 ": missing required column '%s'",
                         rec.line, columns[i].name);
    if (st != CSVC_OK) {
        for (size_t i = 0; i < ncolumns; i++)
            index[i] = -1;
        return st;
    }
    c->expected = n;
    return CSVC_OK;
}

csvc_status cs_csv_fail_field(cs_errbuf *err, csvc_status status, uint64_t line, size_t column,
                              const char *name, const char *fmt, ...)
{
    char reason[CS_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    if (name)
        return cs_fail(err, status, "line %" PRIu64 ", column %zu (%s): %s", line, column, name,
                       reason);
    return cs_fail(err, status, "line %" PRIu64 ", column %zu: %s", line, column, reason);
}

csvc_status cs_csv_open(const cs_alloc *alloc, const char *path, const char *data, size_t size,
                        cs_csv **out, cs_errbuf *err)
{
    return path ? cs_csv_open_file(alloc, path, out, err)
                : cs_csv_open_buffer(alloc, data ? data : "", size, out, err);
}

int cs_parse_decimal_text(const char *s, double *out)
{
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    int digits = 0;
    for (; *p >= '0' && *p <= '9'; p++)
        digits++;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            digits++;
    if (digits && (*p == 'e' || *p == 'E')) {
        p++;
        if (*p == '-' || *p == '+')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            digits = 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    char *end = NULL;
    double v = digits && !*p ? strtod(s, &end) : 0.0;
    if (!digits || *p || !end || *end || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

int cs_is_integer_text(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}
