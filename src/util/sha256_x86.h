/* SHA-256 block compression with the x86 SHA extensions (SHA-NI), chosen at
 * run time when the processor has them; the portable code runs otherwise. */
#ifndef CS_UTIL_SHA256_X86_H
#define CS_UTIL_SHA256_X86_H

#include <stdint.h>

/* 1 when cs_sha256_compress_x86() may be called on this processor. */
int cs_sha256_x86_available(void);
/* Compresses one 64-byte block into state[8]. */
void cs_sha256_compress_x86(uint32_t state[8], const uint8_t block[64]);

#endif
