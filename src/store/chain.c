/* The tamper-evident chain: each event's hash covers the previous hash and
 * the event's canonical bytes, so altering, removing or reordering a stored
 * event breaks the chain from that event on. */
#include "backend.h"

#include <string.h>

/* The canonical bytes are built in one buffer and hashed in one call; a
 * longer event (long strings) falls back to hashing piece by piece. */
typedef struct canon {
    cs_sha256 *h;
    uint8_t buf[512];
    size_t len;
} canon;

static void flush(canon *c)
{
    cs_sha256_update(c->h, c->buf, c->len);
    c->len = 0;
}

static void put_bytes(canon *c, const void *p, size_t n)
{
    if (c->len + n > sizeof c->buf) {
        flush(c);
        if (n > sizeof c->buf) {
            cs_sha256_update(c->h, p, n);
            return;
        }
    }
    memcpy(c->buf + c->len, p, n);
    c->len += n;
}

static void put_u64(canon *c, uint64_t v)
{
    if (c->len + 8 > sizeof c->buf)
        flush(c);
    uint8_t *b = c->buf + c->len; /* big-endian, whatever the host */
    b[0] = (uint8_t)(v >> 56);
    b[1] = (uint8_t)(v >> 48);
    b[2] = (uint8_t)(v >> 40);
    b[3] = (uint8_t)(v >> 32);
    b[4] = (uint8_t)(v >> 24);
    b[5] = (uint8_t)(v >> 16);
    b[6] = (uint8_t)(v >> 8);
    b[7] = (uint8_t)v;
    c->len += 8;
}

/* NULL and "" are the same (the store keeps both as NULL). */
static void put_str(canon *c, const char *s)
{
    size_t len = s ? strlen(s) : 0;
    put_u64(c, len);
    if (len)
        put_bytes(c, s, len);
}

void cs_event_chain_hash(const uint8_t prev[CS_SHA256_SIZE], uint64_t seq, const csvc_event *e,
                         uint8_t out[CS_SHA256_SIZE])
{
    cs_sha256 h;
    cs_sha256_init(&h);
    canon c;
    c.h = &h;
    c.len = 0;
    put_bytes(&c, prev, CS_SHA256_SIZE);
    put_u64(&c, seq);
    put_u64(&c, (uint64_t)e->type);
    put_u64(&c, (uint64_t)e->time);
    put_str(&c, e->ticket_id);
    put_str(&c, e->actor_id);
    put_str(&c, e->agent_id);
    put_str(&c, e->team_id);
    put_str(&c, e->customer_id);
    put_str(&c, e->related_id);
    put_str(&c, e->code);
    put_u64(&c, (uint64_t)e->channel);
    put_u64(&c, (uint64_t)e->category);
    put_u64(&c, (uint64_t)e->priority);
    put_u64(&c, (uint64_t)(int64_t)e->value);
    flush(&c);
    cs_sha256_final(&h, out);
}
