/* SHA-256 (FIPS 180-4), for the store's tamper-evident event chain.
 *
 * Implemented here rather than taken from libcrypto or libsodium: the chain
 * needs nothing but SHA-256, a few hundred MB/s is plenty for ~100-byte
 * events, and it keeps the library's dependencies to SQLite and jansson. */
#ifndef CS_UTIL_SHA256_H
#define CS_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define CS_SHA256_SIZE 32

typedef struct cs_sha256 {
    uint32_t state[8];
    uint64_t length; /* bytes hashed so far */
    uint8_t block[64];
    size_t fill;     /* bytes waiting in block */
} cs_sha256;

/* The 64 round constants (FIPS 180-4, 4.2.2), shared by both compressors. */
extern const uint32_t cs_sha256_k[64];

void cs_sha256_init(cs_sha256 *ctx);
void cs_sha256_update(cs_sha256 *ctx, const void *data, size_t len);
void cs_sha256_final(cs_sha256 *ctx, uint8_t out[CS_SHA256_SIZE]);
/* One-shot convenience. */
void cs_sha256_digest(const void *data, size_t len, uint8_t out[CS_SHA256_SIZE]);

#endif
