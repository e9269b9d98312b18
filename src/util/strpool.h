/* Storage for many small immutable strings: a bump arena (ticket ids) and a
 * pool that interns strings as dense uint32 indexes (customers, resolution
 * codes, comments, KPI raters). */
#ifndef CS_UTIL_STRPOOL_H
#define CS_UTIL_STRPOOL_H

#include "alloc.h"
#include "strmap.h"

#include <stddef.h>
#include <stdint.h>

typedef struct cs_arena_block cs_arena_block;
typedef struct cs_arena {
    const cs_alloc *alloc;
    cs_arena_block *head;
    size_t used, cap; /* in the head block */
} cs_arena;

void cs_arena_init(cs_arena *a, const cs_alloc *alloc);
void cs_arena_free(cs_arena *a);
/* Copies s (len bytes) with a NUL into the arena; NULL when out of memory. */
char *cs_arena_strdup(cs_arena *a, const char *s, size_t len);

/* Interned strings: each distinct string gets a dense index. */
typedef struct cs_strpool {
    cs_arena arena;
    cs_strmap map;
    const char **items;
    size_t count, cap;
} cs_strpool;

void cs_strpool_init(cs_strpool *p, const cs_alloc *alloc);
void cs_strpool_free(cs_strpool *p);
/* Index of `s`, adding it when new. CS_NONE when out of memory. */
uint32_t cs_strpool_intern(cs_strpool *p, const char *s);
/* Index of `s` or CS_NONE, without adding. */
uint32_t cs_strpool_find(const cs_strpool *p, const char *s);
/* Forgets the strings interned at indexes >= count (an undo); their bytes
 * stay in the arena until the pool is freed. */
void cs_strpool_truncate(cs_strpool *p, size_t count);
static inline const char *cs_strpool_get(const cs_strpool *p, uint32_t index)
{
    return index == CS_NONE ? NULL : p->items[index];
}

#endif
