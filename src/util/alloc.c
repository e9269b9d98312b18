/* The allocator hook and caller-owned buffers. */
#include "alloc.h"
#include "version_check.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *sys_malloc(size_t size, void *ud)
{
    (void)ud;
    return malloc(size);
}

static void *sys_realloc(void *ptr, size_t size, void *ud)
{
    (void)ud;
    return realloc(ptr, size);
}

static void sys_free(void *ptr, void *ud)
{
    (void)ud;
    free(ptr);
}

csvc_status cs_alloc_init(cs_alloc *out, const csvc_allocator *in, cs_errbuf *err)
{
    if (!in) {
        *out = (cs_alloc){sys_malloc, sys_realloc, sys_free, NULL};
        return CSVC_OK;
    }
    CS_RETURN_IF_BAD_VERSION(err, in->version, CSVC_ALLOCATOR_VERSION, "allocator:");
    if (!in->malloc_fn || !in->realloc_fn || !in->free_fn)
        return cs_fail(err, CSVC_E_INVALID,
                       "allocator: malloc_fn, realloc_fn and free_fn must all be set");
    *out = (cs_alloc){in->malloc_fn, in->realloc_fn, in->free_fn, in->user_data};
    return CSVC_OK;
}

void *cs_malloc(const cs_alloc *a, size_t size)
{
    return a->malloc_fn(size ? size : 1, a->ud);
}

void *cs_calloc(const cs_alloc *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = cs_malloc(a, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void *cs_realloc_array(const cs_alloc *a, void *ptr, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    size_t bytes = count * size;
    return a->realloc_fn(ptr, bytes ? bytes : 1, a->ud);
}

void cs_free(const cs_alloc *a, void *ptr)
{
    if (ptr)
        a->free_fn(ptr, a->ud);
}

char *cs_strndup(const cs_alloc *a, const char *s, size_t n)
{
    char *p = cs_malloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *cs_strdup(const cs_alloc *a, const char *s)
{
    return cs_strndup(a, s, strlen(s));
}

int cs_grow(const cs_alloc *a, void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return -1;
        ncap *= 2;
    }
    void *p = cs_realloc_array(a, *items, ncap, size);
    if (!p)
        return -1;
    *items = p;
    *cap = ncap;
    return 0;
}

/* The header in front of a caller-owned buffer: enough to free it later. */
typedef struct owned_header {
    void (*free_fn)(void *ptr, void *ud);
    void *ud;
} owned_header;

/* Keeps the returned pointer aligned for any type. */
#define OWNED_HEADER_SIZE                                                     \
    ((sizeof(owned_header) + alignof(max_align_t) - 1) / alignof(max_align_t) * \
     alignof(max_align_t))

void *cs_owned_alloc(const cs_alloc *a, size_t size)
{
    if (size > SIZE_MAX - OWNED_HEADER_SIZE)
        return NULL;
    unsigned char *base = cs_malloc(a, OWNED_HEADER_SIZE + size);
    if (!base)
        return NULL;
    owned_header h = {a->free_fn, a->ud};
    memcpy(base, &h, sizeof h);
    return base + OWNED_HEADER_SIZE;
}

void csvc_free(void *buffer)
{
    if (!buffer)
        return;
    unsigned char *base = (unsigned char *)buffer - OWNED_HEADER_SIZE;
    owned_header h;
    memcpy(&h, base, sizeof h);
    h.free_fn(base, h.ud);
}
