/* An open-addressing hash map from identifier strings to dense uint32_t
 * indexes. Keys are not copied: the caller keeps them alive (engines keep
 * ids in their own storage and map them here). */
#ifndef CS_UTIL_STRMAP_H
#define CS_UTIL_STRMAP_H

#include "alloc.h"

#include <stddef.h>
#include <stdint.h>

/* "No index": the value lookups return for an absent key. */
#define CS_NONE UINT32_MAX

typedef struct cs_strmap_slot {
    const char *key;  /* NULL = empty */
    uint32_t hash;
    uint32_t value;
} cs_strmap_slot;

typedef struct cs_strmap {
    const cs_alloc *alloc;
    cs_strmap_slot *slots;
    size_t mask;   /* capacity - 1; capacity is a power of two or 0 */
    size_t count;
} cs_strmap;

uint32_t cs_hash_bytes(const void *data, size_t len);

void cs_strmap_init(cs_strmap *m, const cs_alloc *alloc);
void cs_strmap_free(cs_strmap *m);
/* Returns 1 and sets *value when found, else 0. */
int cs_strmap_get(const cs_strmap *m, const char *key, uint32_t *value);
/* Makes room for `extra` more keys so that the following puts cannot fail. */
int cs_strmap_reserve(cs_strmap *m, size_t extra);
/* Inserts or overwrites. Returns 0, or -1 when memory runs out (map unchanged). */
int cs_strmap_put(cs_strmap *m, const char *key, uint32_t value);
/* Removes a key if present (backward-shift deletion, no tombstones). */
void cs_strmap_remove(cs_strmap *m, const char *key);

#endif
