#include "strmap.h"

#include <string.h>

/* FNV-1a: short keys, good spread for ids like "T-2025-000001". */
uint32_t cs_hash_bytes(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    /* Final avalanche so the low bits used for the slot are well mixed. */
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    return h;
}

void cs_strmap_init(cs_strmap *m, const cs_alloc *alloc)
{
    *m = (cs_strmap){alloc, NULL, 0, 0};
}

void cs_strmap_free(cs_strmap *m)
{
    cs_free(m->alloc, m->slots);
    m->slots = NULL;
    m->mask = 0;
    m->count = 0;
}

static size_t find_slot(const cs_strmap *m, const char *key, uint32_t h)
{
    size_t i = h & m->mask;
    while (m->slots[i].key) {
        if (m->slots[i].hash == h && strcmp(m->slots[i].key, key) == 0)
            return i;
        i = (i + 1) & m->mask;
    }
    return i;
}

int cs_strmap_get(const cs_strmap *m, const char *key, uint32_t *value)
{
    if (!m->slots)
        return 0;
    size_t i = find_slot(m, key, cs_hash_bytes(key, strlen(key)));
    if (!m->slots[i].key)
        return 0;
    if (value)
        *value = m->slots[i].value;
    return 1;
}

static int rehash(cs_strmap *m, size_t cap)
{
    cs_strmap_slot *slots = cs_calloc(m->alloc, cap, sizeof *slots);
    if (!slots)
        return -1;
    cs_strmap_slot *old = m->slots;
    size_t old_cap = old ? m->mask + 1 : 0;
    m->slots = slots;
    m->mask = cap - 1;
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].key) {
            size_t j = old[i].hash & m->mask;
            while (slots[j].key)
                j = (j + 1) & m->mask;
            slots[j] = old[i];
        }
    }
    cs_free(m->alloc, old);
    return 0;
}

int cs_strmap_reserve(cs_strmap *m, size_t extra)
{
    size_t need = m->count + extra;
    size_t cap = m->slots ? m->mask + 1 : 0;
    /* Keep the load factor at or below 1/2 for short probe chains. */
    if (need <= cap / 2)
        return 0;
    size_t ncap = cap ? cap : 16;
    while (ncap / 2 < need) {
        if (ncap > SIZE_MAX / 2 / sizeof(cs_strmap_slot))
            return -1;
        ncap *= 2;
    }
    return rehash(m, ncap);
}

int cs_strmap_put(cs_strmap *m, const char *key, uint32_t value)
{
    uint32_t h = cs_hash_bytes(key, strlen(key));
    if (m->slots) {
        size_t i = find_slot(m, key, h);
        if (m->slots[i].key) {
            m->slots[i].value = value;
            return 0;
        }
    }
    if (cs_strmap_reserve(m, 1) != 0)
        return -1;
    size_t i = find_slot(m, key, h);
    m->slots[i] = (cs_strmap_slot){key, h, value};
    m->count++;
    return 0;
}

void cs_strmap_remove(cs_strmap *m, const char *key)
{
    if (!m->slots)
        return;
    size_t i = find_slot(m, key, cs_hash_bytes(key, strlen(key)));
    if (!m->slots[i].key)
        return;
    /* Backward-shift: move later members of the probe chain into the gap. */
    size_t j = i;
    for (;;) {
        m->slots[i].key = NULL;
        for (;;) {
            j = (j + 1) & m->mask;
            if (!m->slots[j].key) {
                m->count--;
                return;
            }
            size_t home = m->slots[j].hash & m->mask;
            /* Stay if home lies cyclically in (i, j]. */
            if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
                continue;
            break;
        }
        m->slots[i] = m->slots[j];
        i = j;
    }
}
