/* SHA-256 with the x86 SHA extensions: about five times the portable
 * code's speed, which the store's event chain needs for batched writes.
 * Compiled only for x86-64 with GCC or clang (target attributes); the
 * portable code in sha256.c covers everything else. */
#include "sha256.h"
#include "sha256_x86.h"

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

__attribute__((target("sha,sse4.1,ssse3"))) void cs_sha256_compress_x86(uint32_t state[8],
                                                                        const uint8_t block[64])
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
        __m128i msg = _mm_add_epi32(m, _mm_loadu_si128((const __m128i *)&cs_sha256_k[4 * i]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));
    }
    state0 = _mm_add_epi32(state0, abef);
    state1 = _mm_add_epi32(state1, cdgh);

    tmp = _mm_shuffle_epi32(state0, 0x1B);    /* FEBA */
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
