/* SHA-256 as specified by FIPS 180-4, sections 4.1.2, 4.2.2, 5.1.1, 6.2.
 * Portable C11: words are assembled from bytes explicitly (big-endian), so
 * the code does not depend on the host's byte order or alignment. */
#include "sha256.h"
#include "sha256_x86.h"

#include <string.h>

/* First 32 bits of the fractional parts of the cube roots of the first 64
 * primes (FIPS 180-4, 4.2.2). */
const uint32_t cs_sha256_k[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u,
    0xab1c5ed5u, 0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu,
    0x9bdc06a7u, 0xc19bf174u, 0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu,
    0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau, 0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u,
    0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu,
    0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u, 0xa2bfe8a1u, 0xa81a664bu,
    0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u, 0x19a4c116u,
    0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u,
    0xc67178f2u,
};

static uint32_t rotr(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32u - n));
}

static uint32_t load_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void store_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* FIPS 180-4, 4.1.2 and 6.2.2. The message schedule is kept as a rolling
 * window of 16 words, and the rounds are unrolled eight at a time with the
 * working variables renamed instead of shifted (the usual way to make
 * portable C SHA-256 fast: no data-dependent branches or tables). */
#define CH(x, y, z) (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define BSIG0(x) (rotr((x), 2) ^ rotr((x), 13) ^ rotr((x), 22))
#define BSIG1(x) (rotr((x), 6) ^ rotr((x), 11) ^ rotr((x), 25))
#define SSIG0(x) (rotr((x), 7) ^ rotr((x), 18) ^ ((x) >> 3))
#define SSIG1(x) (rotr((x), 17) ^ rotr((x), 19) ^ ((x) >> 10))

/* W[t] for t >= 16, computed in place in the window w[t mod 16]. */
#define SCHEDULE(t)                                                                                \
    (w[(t)&15] += SSIG1(w[((t)-2) & 15]) + w[((t)-7) & 15] + SSIG0(w[((t)-15) & 15]))

/* One round; the caller rotates the roles of a..h. */
#define ROUND(a, b, c, d, e, f, g, h, t, wt)                                                       \
    do {                                                                                           \
        uint32_t t1_ = (h) + BSIG1(e) + CH(e, f, g) + cs_sha256_k[t] + (wt);                       \
        uint32_t t2_ = BSIG0(a) + MAJ(a, b, c);                                                    \
        (d) += t1_;                                                                                \
        (h) = t1_ + t2_;                                                                           \
    } while (0)

#define EIGHT_ROUNDS(t, W)                                                                         \
    do {                                                                                           \
        ROUND(a, b, c, d, e, f, g, h, (t) + 0, W((t) + 0));                                        \
        ROUND(h, a, b, c, d, e, f, g, (t) + 1, W((t) + 1));                                        \
        ROUND(g, h, a, b, c, d, e, f, (t) + 2, W((t) + 2));                                        \
        ROUND(f, g, h, a, b, c, d, e, (t) + 3, W((t) + 3));                                        \
        ROUND(e, f, g, h, a, b, c, d, (t) + 4, W((t) + 4));                                        \
        ROUND(d, e, f, g, h, a, b, c, (t) + 5, W((t) + 5));                                        \
        ROUND(c, d, e, f, g, h, a, b, (t) + 6, W((t) + 6));                                        \
        ROUND(b, c, d, e, f, g, h, a, (t) + 7, W((t) + 7));                                        \
    } while (0)

#define W_LOAD(t) (w[t])
#define W_NEXT(t) SCHEDULE(t)

static void compress_portable(uint32_t state[8], const uint8_t block[64])
{
    uint32_t w[16];
    for (int t = 0; t < 16; t++)
        w[t] = load_be32(block + 4 * t);
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    EIGHT_ROUNDS(0, W_LOAD);
    EIGHT_ROUNDS(8, W_LOAD);
    for (int t = 16; t < 64; t += 16) {
        EIGHT_ROUNDS(t, W_NEXT);
        EIGHT_ROUNDS(t + 8, W_NEXT);
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}

static void compress(uint32_t state[8], const uint8_t block[64])
{
#ifndef CS_SHA256_PORTABLE_ONLY /* the test of the portable code sets it */
    if (cs_sha256_x86_available()) {
        cs_sha256_compress_x86(state, block);
        return;
    }
#endif
    compress_portable(state, block);
}

void cs_sha256_init(cs_sha256 *ctx)
{
    /* First 32 bits of the fractional parts of the square roots of the first
     * 8 primes (FIPS 180-4, 5.3.3). */
    static const uint32_t h0[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                                   0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};
    memcpy(ctx->state, h0, sizeof h0);
    ctx->length = 0;
    ctx->fill = 0;
}

void cs_sha256_update(cs_sha256 *ctx, const void *data, size_t len)
{
    const uint8_t *p = data;
    ctx->length += len;
    if (ctx->fill > 0) {
        size_t take = 64 - ctx->fill;
        if (take > len)
            take = len;
        memcpy(ctx->block + ctx->fill, p, take);
        ctx->fill += take;
        p += take;
        len -= take;
        if (ctx->fill < 64)
            return;
        compress(ctx->state, ctx->block);
        ctx->fill = 0;
    }
    for (; len >= 64; p += 64, len -= 64)
        compress(ctx->state, p);
    if (len > 0) {
        memcpy(ctx->block, p, len);
        ctx->fill = len;
    }
}

void cs_sha256_final(cs_sha256 *ctx, uint8_t out[CS_SHA256_SIZE])
{
    /* The message length in bits, taken before the padding is added. */
    uint64_t bits = ctx->length * 8u;
    /* Padding: 0x80, zeros up to 56 mod 64, then the 64-bit length. When
     * fewer than 9 bytes are left in the block the padding spills into a
     * second block. */
    ctx->block[ctx->fill++] = 0x80;
    if (ctx->fill > 56) {
        memset(ctx->block + ctx->fill, 0, 64 - ctx->fill);
        compress(ctx->state, ctx->block);
        ctx->fill = 0;
    }
    memset(ctx->block + ctx->fill, 0, 56 - ctx->fill);
    store_be32(ctx->block + 56, (uint32_t)(bits >> 32));
    store_be32(ctx->block + 60, (uint32_t)bits);
    compress(ctx->state, ctx->block);
    for (int i = 0; i < 8; i++)
        store_be32(out + 4 * i, ctx->state[i]);
    /* Leave no message bytes behind in the context. */
    memset(ctx, 0, sizeof *ctx);
}

void cs_sha256_digest(const void *data, size_t len, uint8_t out[CS_SHA256_SIZE])
{
    cs_sha256 ctx;
    cs_sha256_init(&ctx);
    cs_sha256_update(&ctx, data, len);
    cs_sha256_final(&ctx, out);
}
