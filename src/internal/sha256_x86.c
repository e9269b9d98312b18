/* SHA-256 with the x86 SHA extensions: about five times the portable
 * code's speed, which the store's event chain needs for batched writes.
 * Compiled only for x86-64 with GCC or clang (target attributes); the
 * portable code in sha256.c covers everything else. */
#include "internal/sha256_x86.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <cpuid.h>
#include <immintrin.h>
#include <stdatomic.h>

/* 0 unknown, 1 available, 2 not available: computed once, idempotently. */
static atomic_int availability;

int cs_sha256_x86_available(void)
{
    int known = atomic_load_explicit(&availability, memory_order_relaxed);
    if (known == 0) {
        unsigned eax, ebx, ecx, edx;
        int sse41 = 0, sha = 0;
        if (__get_cpuid(1, &eax, &ebx, &ecx, &edx))
            sse41 = (ecx & (1u << 19)) && (ecx & (1u << 9)); /* SSE4.1, SSSE3 */
        if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx))
            sha = (ebx & (1u << 29)) != 0;
        known = sse41 && sha ? 1 : 2;
        atomic_store_explicit(&availability, known, memory_order_relaxed);
    }
    return known == 1;
}

static const uint32_t round_constants[64] __attribute__((aligned(16))) = {
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

__attribute__((target("sha,sse4.1,ssse3"))) void
cs_sha256_compress_x86(uint32_t state[8], const uint8_t block[64])
{
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    /* The instructions want the state as ABEF and CDGH. */
    __m128i tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[0]), 0xB1);
    __m128i state1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[4]), 0x1B);
    __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);
    state1 = _mm_blend_epi16(state1, tmp, 0xF0);
    const __m128i abef = state0, cdgh = state1;

    /* Message words 4i..4i+3 of each group of four rounds; the schedule
     * W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16] four at a time. */
    __m128i w[4];
    for (int i = 0; i < 16; i++) {
        __m128i m;
        if (i < 4) {
            m = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(block + 16 * i)), byte_swap);
        } else {
            m = _mm_sha256msg1_epu32(w[(i - 4) & 3], w[(i - 3) & 3]);
            m = _mm_add_epi32(m, _mm_alignr_epi8(w[(i - 1) & 3], w[(i - 2) & 3], 4));
            m = _mm_sha256msg2_epu32(m, w[(i - 1) & 3]);
        }
        w[i & 3] = m;
        __m128i msg =
            _mm_add_epi32(m, _mm_load_si128((const __m128i *)&round_constants[4 * i]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
    }
    state0 = _mm_add_epi32(state0, abef);
    state1 = _mm_add_epi32(state1, cdgh);

    tmp = _mm_shuffle_epi32(state0, 0x1B);   /* FEBA */
    state1 = _mm_shuffle_epi32(state1, 0xB1); /* DCHG */
    state0 = _mm_blend_epi16(tmp, state1, 0xF0);
    state1 = _mm_alignr_epi8(state1, tmp, 8);
    _mm_storeu_si128((__m128i *)&state[0], state0);
    _mm_storeu_si128((__m128i *)&state[4], state1);
}

#else

int cs_sha256_x86_available(void)
{
    return 0;
}

void cs_sha256_compress_x86(uint32_t state[8], const uint8_t block[64])
{
    (void)state;
    (void)block;
}

#endif
