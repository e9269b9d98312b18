/* Streaming RFC 4180 CSV reader shared by every importer.
 *
 * Accepts: comma separators, fields quoted with '"' (with "" for a quote
 * inside), embedded commas, quotes and newlines in quoted fields, LF or CRLF
 * line ends (a lone CR inside an unquoted field is an error), an optional
 * UTF-8 byte-order mark at the start, a missing final line end. Blank lines
 * (zero bytes between two line ends) are skipped.
 *
 * The reader pulls bytes from a file or a memory buffer in large chunks and
 * hands out one record at a time; field pointers are valid until the next
 * call to cs_csv_next(). Fields are NUL-terminated and unescaped.
 *
 * Errors name the physical line (1-based, counting newlines inside quoted
 * fields) and the column (1-based field index): "line 7, column 3:
 * unterminated quoted field". */
#ifndef CS_UTIL_CSV_H
#define CS_UTIL_CSV_H

#include "alloc.h"
#include "errbuf.h"

#include <stddef.h>
#include <stdint.h>

typedef struct cs_csv cs_csv;

typedef struct cs_csv_field {
    const char *ptr; /* NUL-terminated, unescaped */
    size_t len;
} cs_csv_field;

typedef struct cs_csv_record {
    const cs_csv_field *fields;
    size_t count;
    uint64_t line; /* physical line where the record starts */
} cs_csv_record;

/* Opens a file (`path`) for reading. CSVC_E_IO with the OS reason when it
 * cannot be opened. */
/* cs_csv_open_file(path) when `path` is not NULL, else
 * cs_csv_open_buffer(data, size) (NULL data with size 0 is empty). */
csvc_status cs_csv_open(const cs_alloc *alloc, const char *path, const char *data, size_t size,
                        cs_csv **out, cs_errbuf *err);
/* An optional sign and one or more ASCII digits, nothing else. */
int cs_is_integer_text(const char *s);
/* A plain decimal number (optional sign, digits, optional fraction and
 * exponent; no hex, inf or nan) into *out; 0 when `s` is not one. */
int cs_parse_decimal_text(const char *s, double *out);
csvc_status cs_csv_open_file(const cs_alloc *alloc, const char *path, cs_csv **out,
                             cs_errbuf *err);
/* Reads from memory; `data` must outlive the reader (it is not copied). */
csvc_status cs_csv_open_buffer(const cs_alloc *alloc, const char *data, size_t size,
                               cs_csv **out, cs_errbuf *err);
void cs_csv_close(cs_csv *csv);
/* As cs_csv_open(), input in `encoding` (NULL or UTF-8: as is; else
 * converted to UTF-8 first, transcode.h). */
csvc_status cs_csv_open_as(const cs_alloc *alloc, const char *path, const char *data, size_t size,
                           const char *encoding, cs_csv **out, cs_errbuf *err);

/* Reads the next record. Returns 1 with `*rec` filled, 0 at end of input,
 * or a negative csvc_status (CSVC_E_PARSE, CSVC_E_IO, CSVC_E_NOMEM) with
 * the message in `err`. After an error every later call returns the same
 * error. */
int cs_csv_next(cs_csv *csv, cs_csv_record *rec, cs_errbuf *err);

/* Header-driven column mapping. `columns` describes the columns an importer
 * knows; cs_csv_map_header() reads the header record and fills
 * `index[i]` with the position of columns[i] in the file, or -1 when absent.
 * Fails (CSVC_E_PARSE, naming the line and column) on a missing required
 * column, an unknown column name when `allow_unknown` is 0, a duplicate
 * column name, or an empty input. Header names are compared exactly after
 * trimming surrounding spaces. After a successful mapping, cs_csv_next()
 * rejects any record whose field count differs from the header's
 * ("line 9: expected 6 fields, found 5"). */
typedef struct cs_csv_column {
    const char *name;
    int required;
} cs_csv_column;

csvc_status cs_csv_map_header(cs_csv *csv, const cs_csv_column *columns, size_t ncolumns,
                              int allow_unknown, int *index, cs_errbuf *err);

/* Reports a bad value: "line L, column C (name): <reason>". Returns `status`. */
csvc_status cs_csv_fail_field(cs_errbuf *err, csvc_status status, uint64_t line, size_t column,
                              const char *name, const char *fmt, ...) CS_PRINTF(6, 7);

#endif
