/* libFuzzer target for the CSV reader (src/util/csv.c).
 *
 * Each input is read several ways: without a header and through
 * cs_csv_map_header() (allow_unknown off and on), each once with the default
 * chunk size and once with a tiny one. Besides the sanitizers' checks, the
 * target aborts when an invariant breaks or when the chunk size changes the
 * outcome (records, lines, fields, status or message). */
#include "csv.h"
#include "csv_test.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ull;
    }
    return h;
}

static const cs_csv_column columns[] = {{"id", 1}, {"name", 0}, {"amount", 0}};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

/* Reads everything; returns a digest of all that was seen. */
static uint64_t read_all(const char *data, size_t size, size_t chunk, int header, int allow_unknown)
{
    cs_csv *csv;
    cs_errbuf err;
    if (cs_csv_open_buffer(NULL, data, size, &csv, &err) != CSVC_OK)
        abort();
    if (chunk && cs_csv_set_chunk_size(csv, chunk) != CSVC_OK)
        abort();
    uint64_t h = 14695981039346656037ull;
    int index[NCOLUMNS];
    int rc;
    if (header) {
        csvc_status st = cs_csv_map_header(csv, columns, NCOLUMNS, allow_unknown, index, &err);
        h = mix(h, &st, sizeof st);
        if (st != CSVC_OK) {
            if (strncmp(err.msg, "line ", 5) != 0)
                abort();
            h = mix(h, err.msg, strlen(err.msg));
            for (size_t i = 0; i < NCOLUMNS; i++)
                if (index[i] != -1)
                    abort();
            cs_csv_close(csv);
            return h;
        }
        if (index[0] < 0)
            abort(); /* "id" is required */
        h = mix(h, index, sizeof index);
    }
    cs_csv_record rec;
    uint64_t last_line = 0;
    while ((rc = cs_csv_next(csv, &rec, &err)) == 1) {
        if (rec.count == 0 || rec.line <= last_line)
            abort();
        last_line = rec.line;
        h = mix(h, &rec.line, sizeof rec.line);
        h = mix(h, &rec.count, sizeof rec.count);
        for (size_t i = 0; i < rec.count; i++) {
            const cs_csv_field *f = &rec.fields[i];
            if (f->ptr[f->len] != '\0')
                abort();
            h = mix(h, &f->len, sizeof f->len);
            h = mix(h, f->ptr, f->len);
        }
        if (header)
            for (size_t i = 0; i < NCOLUMNS; i++)
                if (index[i] >= (int)rec.count)
                    abort();
    }
    h = mix(h, &rc, sizeof rc);
    if (rc < 0) {
        if (strncmp(err.msg, "line ", 5) != 0)
            abort();
        h = mix(h, err.msg, strlen(err.msg));
        /* Errors are sticky. */
        if (cs_csv_next(csv, &rec, &err) != rc)
            abort();
    } else if (cs_csv_next(csv, &rec, &err) != 0) {
        abort();
    }
    cs_csv_close(csv);
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    size_t tiny = 1 + size % 7;
    if (read_all(text, size, 0, 0, 0) != read_all(text, size, tiny, 0, 0))
        abort();
    for (int allow_unknown = 0; allow_unknown <= 1; allow_unknown++)
        if (read_all(text, size, 0, 1, allow_unknown) !=
            read_all(text, size, tiny, 1, allow_unknown))
            abort();
    return 0;
}
