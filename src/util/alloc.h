/* The allocator every handle carries. Handles copy the caller's
 * csvc_allocator (or the system default) and route all memory through it. */
#ifndef CS_UTIL_ALLOC_H
#define CS_UTIL_ALLOC_H

#include "csvc/common.h"
#include "errbuf.h"

#include <stddef.h>

typedef struct cs_alloc {
    void *(*malloc_fn)(size_t size, void *ud);
    void *(*realloc_fn)(void *ptr, size_t size, void *ud);
    void (*free_fn)(void *ptr, void *ud);
    void *ud;
} cs_alloc;

/* Resolves the caller's allocator (NULL -> system) into `out`, checking its
 * version and functions; failures are reported through `err`. */
csvc_status cs_alloc_init(cs_alloc *out, const csvc_allocator *in, cs_errbuf *err);

void *cs_malloc(const cs_alloc *a, size_t size);
void *cs_calloc(const cs_alloc *a, size_t count, size_t size);
/* Returns NULL on overflow of count * size or on failure; `ptr` is kept. */
void *cs_realloc_array(const cs_alloc *a, void *ptr, size_t count, size_t size);
void cs_free(const cs_alloc *a, void *ptr);
char *cs_strdup(const cs_alloc *a, const char *s);
char *cs_strndup(const cs_alloc *a, const char *s, size_t n);

/* Grows *items (element size `size`) so that it holds at least `need`
 * elements, doubling; *cap is updated. Returns 0 or -1 (nothing changed). */
int cs_grow(const cs_alloc *a, void **items, size_t *cap, size_t need, size_t size);

/* A buffer the caller owns and releases with csvc_free(): it records its
 * allocator in a header just before the returned pointer. */
void *cs_owned_alloc(const cs_alloc *a, size_t size);

#endif
