/* The string arena and the interning pool (strpool.h). */
#include "strpool.h"

#include <string.h>

struct cs_arena_block {
    cs_arena_block *next;
    char data[];
};

#define ARENA_BLOCK 65536

void cs_arena_init(cs_arena *a, const cs_alloc *alloc)
{
    *a = (cs_arena){alloc, NULL, 0, 0};
}

void cs_arena_free(cs_arena *a)
{
    cs_arena_block *b = a->head;
    while (b) {
        cs_arena_block *next = b->next;
        cs_free(a->alloc, b);
        b = next;
    }
    a->head = NULL;
    a->used = a->cap = 0;
}

char *cs_arena_strdup(cs_arena *a, const char *s, size_t len)
{
    if (!a->head || a->cap - a->used < len + 1) {
        size_t size = len + 1 > ARENA_BLOCK ? len + 1 : ARENA_BLOCK;
        cs_arena_block *b = cs_malloc(a->alloc, sizeof *b + size);
        if (!b)
            return NULL;
        b->next = a->head;
        a->head = b;
        a->used = 0;
        a->cap = size;
    }
    char *p = a->head->data + a->used;
    memcpy(p, s, len);
    p[len] = '\0';
    a->used += len + 1;
    return p;
}

void cs_strpool_init(cs_strpool *p, const cs_alloc *alloc)
{
    cs_arena_init(&p->arena, alloc);
    cs_strmap_init(&p->map, alloc);
    p->items = NULL;
    p->count = p->cap = 0;
}

void cs_strpool_free(cs_strpool *p)
{
    cs_free(p->arena.alloc, p->items);
    cs_strmap_free(&p->map);
    cs_arena_free(&p->arena);
}

uint32_t cs_strpool_find(const cs_strpool *p, const char *s)
{
    uint32_t v;
    return cs_strmap_get(&p->map, s, &v) ? v : CS_NONE;
}

uint32_t cs_strpool_intern(cs_strpool *p, const char *s)
{
    uint32_t v = cs_strpool_find(p, s);
    if (v != CS_NONE)
        return v;
    if (p->count >= CS_NONE - 1 ||
        cs_grow(p->arena.alloc, (void **)&p->items, &p->cap, p->count + 1, sizeof *p->items) ||
        cs_strmap_reserve(&p->map, 1))
        return CS_NONE;
    char *copy = cs_arena_strdup(&p->arena, s, strlen(s));
    if (!copy)
        return CS_NONE;
    p->items[p->count] = copy;
    cs_strmap_put(&p->map, copy, (uint32_t)p->count);
    return (uint32_t)p->count++;
}

void cs_strpool_truncate(cs_strpool *p, size_t count)
{
    while (p->count > count)
        cs_strmap_remove(&p->map, p->items[--p->count]);
}
