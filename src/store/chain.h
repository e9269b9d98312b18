/* The tamper-evident chain over the store's rows: each row's hash covers
 * the previous row's hash and the row's canonical bytes, so altering,
 * inserting, removing or reordering a stored row breaks the chain from
 * that row on. Unkeyed, the hash is SHA-256; with the store's secret key it
 * is HMAC-SHA-256 (RFC 2104), which nobody without the key can recompute. */
#ifndef CS_STORE_CHAIN_H
#define CS_STORE_CHAIN_H

#include "backend.h"

typedef struct cs_chain_key {
    int keyed;
    cs_sha256 inner, outer; /* HMAC states after the key block (keyed only) */
} cs_chain_key;

/* A key of `len` bytes; len 0 makes the chain unkeyed. */
void cs_chain_key_init(cs_chain_key *k, const uint8_t *key, size_t len);

/* hash = H(prev || canonical bytes of row), H being SHA-256 or the keyed
 * HMAC. The canonical bytes are fixed-width big-endian integers and
 * length-prefixed strings in a fixed field order; an event's are those of
 * schema 3 (so older chains still verify), other kinds start with their
 * kind tag. NULL and "" strings are the same. */
void cs_row_hash(const cs_chain_key *k, const uint8_t prev[CS_SHA256_SIZE], const cs_row *row,
                 uint8_t out[CS_SHA256_SIZE]);

/* The head's MAC: H("libcsvc head" || seq || hash). Without a key it only
 * guards against accidents; with one, a head cannot be forged. */
void cs_head_mac(const cs_chain_key *k, uint64_t seq, const uint8_t hash[CS_SHA256_SIZE],
                 uint8_t out[CS_SHA256_SIZE]);

/* What the store records to recognise its key: the MAC of a fixed text,
 * as 64 hex digits and a NUL. */
void cs_chain_key_check(const cs_chain_key *k, char hex[65]);

#endif
