/* Events counted per ticket id (ticket_counts.h). FNV-1a and linear
 * probing; the table never fills beyond half. */
#include "ticket_counts.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

int ticket_counts_init(ticket_counts *t, size_t expected)
{
    size_t cap = 16;
    while (cap < expected * 2 + 1)
        cap *= 2;
    t->keys = calloc(cap, sizeof *t->keys);
    t->counts = calloc(cap, sizeof *t->counts);
    t->cap = cap;
    t->used = 0;
    if (!t->keys || !t->counts) {
        ticket_counts_free(t);
        return -1;
    }
    return 0;
}

static int grow(ticket_counts *t)
{
    ticket_counts bigger;
    if (ticket_counts_init(&bigger, t->cap) != 0)
        return -1;
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->keys[i])
            continue;
        size_t j = hash(t->keys[i]) & (bigger.cap - 1);
        while (bigger.keys[j])
            j = (j + 1) & (bigger.cap - 1);
        bigger.keys[j] = t->keys[i];
        bigger.counts[j] = t->counts[i];
        bigger.used++;
    }
    free(t->keys);
    free(t->counts);
    *t = bigger;
    return 0;
}

uint64_t *ticket_counts_at(ticket_counts *t, const char *id)
{
    if ((t->used + 1) * 2 > t->cap && grow(t) != 0)
        return NULL;
    size_t i = hash(id) & (t->cap - 1);
    while (t->keys[i]) {
        if (strcmp(t->keys[i], id) == 0)
            return &t->counts[i];
        i = (i + 1) & (t->cap - 1);
    }
    size_t n = strlen(id) + 1;
    if (!(t->keys[i] = malloc(n)))
        return NULL;
    memcpy(t->keys[i], id, n);
    t->counts[i] = 0;
    t->used++;
    return &t->counts[i];
}

void ticket_counts_free(ticket_counts *t)
{
    for (size_t i = 0; t->keys && i < t->cap; i++)
        free(t->keys[i]);
    free(t->keys);
    free(t->counts);
    t->keys = NULL;
    t->counts = NULL;
    t->cap = t->used = 0;
}
