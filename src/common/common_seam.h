/* What the common module offers the other modules beyond csvc/common.h. */
#ifndef CS_COMMON_SEAM_H
#define CS_COMMON_SEAM_H

#include "csvc/common.h"

#include <stdint.h>

/* 3 upper-case ASCII letters. */
int cs_currency_valid(const char *code);
/* 1 for a currency of ISO 4217's current list ("CNY", "EUR"; not "XXY"). */
int cs_currency_known(const char *code);
/* Minor-unit digits of an ISO 4217 currency (JPY 0, KWD 3, most 2). */
uint32_t cs_currency_decimals(const char *code);

#endif
