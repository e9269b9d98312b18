/* The tamper-evident chain: each event's hash covers the previous hash and
 * the event's canonical bytes, so altering, removing or reordering a stored
 * event breaks the chain from that event on. */
#include "backend.h"

#include <string.h>

static void put_u64(cs_sha256 *h, uint64_t v)
{
    uint8_t b[8];
    for (int i = 7; i >= 0; i--) {
        b[i] = (uint8_t)(v & 0xff);
        v >>= 8;
    }
    cs_sha256_update(h, b, sizeof b);
}

/* NULL and "" are the same (the store keeps both as NULL). */
static void put_str(cs_sha256 *h, const char *s)
{
    size_t len = s ? strlen(s) : 0;
    put_u64(h, len);
    if (len)
        cs_sha256_update(h, s, len);
}

void cs_event_chain_hash(const uint8_t prev[CS_SHA256_SIZE], uint64_t seq, const csvc_event *e,
                         uint8_t out[CS_SHA256_SIZE])
{
    cs_sha256 h;
    cs_sha256_init(&h);
    cs_sha256_update(&h, prev, CS_SHA256_SIZE);
    put_u64(&h, seq);
    put_u64(&h, (uint64_t)e->type);
    put_u64(&h, (uint64_t)e->time);
    put_str(&h, e->ticket_id);
    put_str(&h, e->actor_id);
    put_str(&h, e->agent_id);
    put_str(&h, e->team_id);
    put_str(&h, e->customer_id);
    put_str(&h, e->related_id);
    put_str(&h, e->code);
    put_u64(&h, (uint64_t)e->channel);
    put_u64(&h, (uint64_t)e->category);
    put_u64(&h, (uint64_t)e->priority);
    put_u64(&h, (uint64_t)(int64_t)e->value);
    cs_sha256_final(&h, out);
}
