/* Text tables aligned by display width (table.h). */
#include "table.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* East Asian Wide and Fullwidth ranges (Unicode 15, the common blocks). */
static int wide(uint32_t c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
           (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

size_t display_width(const char *s)
{
    size_t w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t c = *p;
        int n = c < 0x80 ? 1 : c >> 5 == 6 ? 2 : c >> 4 == 14 ? 3 : c >> 3 == 30 ? 4 : 1;
        c = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
        for (int k = 1; k < n && p[k]; k++)
            c = (c << 6) | (p[k] & 0x3F);
        for (int k = 0; k < n && *p; k++)
            p++;
        w += wide(c) ? 2 : 1;
    }
    return w;
}

void table_init(table *t, size_t ncols, const char *const *columns)
{
    memset(t, 0, sizeof *t);
    t->ncols = ncols < TABLE_MAX_COLUMNS ? ncols : TABLE_MAX_COLUMNS;
    for (size_t i = 0; i < t->ncols; i++) {
        t->right[i] = columns[i][0] == '>';
        t->header[i] = columns[i] + t->right[i];
    }
}

int table_add(table *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        char **grown = realloc(t->cells, cap * t->ncols * sizeof *grown);
        if (!grown)
            return -1;
        t->cells = grown;
        t->cap = cap;
    }
    char **row = t->cells + t->nrows * t->ncols;
    for (size_t i = 0; i < t->ncols; i++) {
        size_t n = strlen(cells[i]) + 1;
        if (!(row[i] = malloc(n))) {
            while (i--)
                free(row[i]);
            return -1;
        }
        memcpy(row[i], cells[i], n);
    }
    t->nrows++;
    return 0;
}

static void cell(FILE *out, const char *s, size_t width, int right, int last)
{
    size_t pad = width - display_width(s);
    if (right)
        fprintf(out, "%*s%s", (int)pad, "", s);
    else
        fprintf(out, "%s%*s", s, last ? 0 : (int)pad, "");
}

void table_print(const table *t, FILE *out)
{
    size_t width[TABLE_MAX_COLUMNS];
    for (size_t c = 0; c < t->ncols; c++) {
        width[c] = display_width(t->header[c]);
        for (size_t r = 0; r < t->nrows; r++) {
            size_t w = display_width(t->cells[r * t->ncols + c]);
            width[c] = w > width[c] ? w : width[c];
        }
    }
    for (size_t c = 0; c < t->ncols; c++) {
        cell(out, t->header[c], width[c], t->right[c], c + 1 == t->ncols);
        fputs(c + 1 == t->ncols ? "\n" : "  ", out);
    }
    for (size_t c = 0; c < t->ncols; c++) {
        for (size_t k = 0; k < width[c]; k++)
            fputc('-', out);
        fputs(c + 1 == t->ncols ? "\n" : "  ", out);
    }
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            cell(out, t->cells[r * t->ncols + c], width[c], t->right[c], c + 1 == t->ncols);
            fputs(c + 1 == t->ncols ? "\n" : "  ", out);
        }
}

void table_free(table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof *t);
}
