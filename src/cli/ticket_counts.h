/* Events counted per ticket id: a small open-addressing table for the
 * importer's walk over an event log. */
#ifndef CSVC_CLI_TICKET_COUNTS_H
#define CSVC_CLI_TICKET_COUNTS_H

#include <stddef.h>
#include <stdint.h>

typedef struct ticket_counts {
    char **keys;
    uint64_t *counts;
    size_t cap, used;
} ticket_counts;

/* Room for `expected` tickets; 0 on success, -1 out of memory. */
int ticket_counts_init(ticket_counts *t, size_t expected);
/* The counter of `id`, created at 0; NULL out of memory. */
uint64_t *ticket_counts_at(ticket_counts *t, const char *id);
void ticket_counts_free(ticket_counts *t);

#endif
