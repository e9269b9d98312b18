/* Text tables for the terminal: columns aligned by display width, so that
 * names in Chinese (two columns a character) line up with Latin ones. */
#ifndef CSVC_CLI_TABLE_H
#define CSVC_CLI_TABLE_H

#include <stddef.h>
#include <stdio.h>

#define TABLE_MAX_COLUMNS 16

typedef struct table {
    size_t ncols, nrows, cap;
    const char *header[TABLE_MAX_COLUMNS];
    int right[TABLE_MAX_COLUMNS]; /* 1: numbers, aligned right */
    char **cells;                 /* nrows x ncols, owned */
} table;

/* Columns named "name" (left-aligned) or ">name" (right-aligned). */
void table_init(table *t, size_t ncols, const char *const *columns);
/* Appends a row of ncols cells (copied); -1 out of memory. */
int table_add(table *t, const char *const *cells);
void table_print(const table *t, FILE *out);
void table_free(table *t);
/* Columns the UTF-8 text takes on a terminal (East Asian wide: 2). */
size_t display_width(const char *s);

#endif
