/* The chain's hashes (chain.h). */
#include "chain.h"

#include <math.h>
#include <string.h>

#define TAG_OTHER_KINDS UINT64_C(0x8000000000000000)
/* Marks an agent's employment fields; odd, so never a separation date (a
 * midnight, a multiple of 86400) in the place it takes. */
#define TAG_EMPLOYMENT UINT64_C(0x4000000000000001)

void cs_chain_key_init(cs_chain_key *k, const uint8_t *key, size_t len)
{
    memset(k, 0, sizeof *k);
    if (len == 0)
        return;
    uint8_t block[64] = {0};
    if (len > sizeof block)
        cs_sha256_digest(key, len, block); /* RFC 2104: long keys are hashed first */
    else
        memcpy(block, key, len);
    uint8_t pad[64];
    for (size_t i = 0; i < sizeof pad; i++)
        pad[i] = block[i] ^ 0x36;
    cs_sha256_init(&k->inner);
    cs_sha256_update(&k->inner, pad, sizeof pad);
    for (size_t i = 0; i < sizeof pad; i++)
        pad[i] = block[i] ^ 0x5c;
    cs_sha256_init(&k->outer);
    cs_sha256_update(&k->outer, pad, sizeof pad);
    k->keyed = 1;
}

/* The canonical bytes are gathered in one buffer and hashed in one call; a
 * longer row (long strings) is hashed piece by piece. */
typedef struct canon {
    cs_sha256 h;
    uint8_t buf[512];
    size_t len;
} canon;

static void start(canon *c, const cs_chain_key *k)
{
    if (k->keyed)
        c->h = k->inner;
    else
        cs_sha256_init(&c->h);
    c->len = 0;
}

static void flush(canon *c)
{
    cs_sha256_update(&c->h, c->buf, c->len);
    c->len = 0;
}

static void finish(canon *c, const cs_chain_key *k, uint8_t out[CS_SHA256_SIZE])
{
    flush(c);
    cs_sha256_final(&c->h, out);
    if (k->keyed) {
        cs_sha256 outer = k->outer;
        cs_sha256_update(&outer, out, CS_SHA256_SIZE);
        cs_sha256_final(&outer, out);
    }
}

static void put_bytes(canon *c, const void *p, size_t n)
{
    if (c->len + n > sizeof c->buf) {
        flush(c);
        if (n > sizeof c->buf) {
            cs_sha256_update(&c->h, p, n);
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
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (56 - 8 * i));
    c->len += 8;
}

static void put_str(canon *c, const char *s)
{
    size_t len = s ? strlen(s) : 0;
    put_u64(c, len);
    if (len)
        put_bytes(c, s, len);
}

static void put_double(canon *c, double v)
{
    uint64_t bits = UINT64_C(0x7ff8000000000000); /* every NaN is the same "no value" */
    if (!isnan(v))
        memcpy(&bits, &v, sizeof bits);
    put_u64(c, bits);
}

static void put_event(canon *c, const csvc_event *e)
{
    put_u64(c, (uint64_t)e->type);
    put_u64(c, (uint64_t)e->time);
    put_str(c, e->ticket_id);
    put_str(c, e->actor_id);
    put_str(c, e->agent_id);
    put_str(c, e->team_id);
    put_str(c, e->customer_id);
    put_str(c, e->related_id);
    put_str(c, e->code);
    put_u64(c, (uint64_t)e->channel);
    put_u64(c, (uint64_t)e->category);
    put_u64(c, (uint64_t)e->priority);
    put_u64(c, (uint64_t)(int64_t)e->value);
}

static void put_row(canon *c, const cs_row *row)
{
    if (row->kind == CS_ROW_EVENT) {
        put_event(c, &row->u.event.event);
        return;
    }
    put_u64(c, TAG_OTHER_KINDS | (uint64_t)row->kind);
    switch (row->kind) {
    case CS_ROW_TEAM:
        put_str(c, row->u.team.id);
        put_str(c, row->u.team.name);
        put_str(c, row->u.team.lead);
        break;
    case CS_ROW_AGENT: {
        const cs_agent_row *a = &row->u.agent;
        put_str(c, a->id);
        put_str(c, a->name);
        put_str(c, a->team);
        put_str(c, a->supervisor);
        put_str(c, a->currency);
        put_u64(c, (uint64_t)(int64_t)a->level);
        put_u64(c, (uint64_t)(int64_t)a->active);
        put_u64(c, (uint64_t)a->hire_date);
        put_u64(c, (uint64_t)a->base_pay);
        put_u64(c, a->skills);
        if (a->separation_date != CSVC_TIME_NONE) { /* rows from before v5 keep their hash */
            put_u64(c, (uint64_t)a->separation_date);
            put_u64(c, (uint64_t)(int64_t)a->separation_reason);
        }
        /* Rows from before v7 (and every full-time agent without stated
         * hours) keep their hash. */
        if (a->employment != CSVC_EMPLOYMENT_FULL_TIME || a->contract_hours != 0.0) {
            put_u64(c, TAG_EMPLOYMENT);
            put_u64(c, (uint64_t)(int64_t)a->employment);
            put_double(c, a->contract_hours);
        }
        break;
    }
    case CS_ROW_DESK_CONFIG:
        put_str(c, row->u.config.body);
        break;
    case CS_ROW_REVIEW: {
        const cs_review_row *r = &row->u.review;
        put_str(c, r->id);
        put_u64(c, (uint64_t)r->period.start);
        put_u64(c, (uint64_t)r->period.end);
        put_str(c, r->model_version);
        put_str(c, r->model_json);
        put_u64(c, (uint64_t)(int64_t)r->closed);
        break;
    }
    case CS_ROW_RATING: {
        const cs_rating_row *r = &row->u.rating;
        put_str(c, r->review);
        put_str(c, r->rating.rater_id);
        put_str(c, r->rating.ratee_id);
        put_str(c, r->rating.kpi_id);
        put_u64(c, (uint64_t)(int64_t)r->rating.group);
        put_double(c, r->rating.value);
        put_u64(c, (uint64_t)r->rating.time);
        break;
    }
    case CS_ROW_OBJECTIVE:
        put_str(c, row->u.objective.review);
        put_str(c, row->u.objective.agent);
        put_str(c, row->u.objective.kpi);
        put_double(c, row->u.objective.value);
        break;
    case CS_ROW_PLAN:
        put_str(c, row->u.plan.id);
        put_u64(c, (uint64_t)(int64_t)row->u.plan.version);
        put_str(c, row->u.plan.document);
        break;
    case CS_ROW_STATEMENT: {
        const cs_statement_row *r = &row->u.statement;
        put_str(c, r->plan);
        put_u64(c, (uint64_t)(int64_t)r->plan_version);
        put_u64(c, (uint64_t)r->period.start);
        put_u64(c, (uint64_t)r->period.end);
        put_str(c, r->agent);
        put_str(c, r->approver);
        put_u64(c, (uint64_t)r->approved_at);
        put_u64(c, (uint64_t)r->total);
        put_str(c, r->document);
        break;
    }
    case CS_ROW_TRAINING:
        put_str(c, row->u.training.body);
        break;
    case CS_ROW_POINTS:
        put_str(c, row->u.points.agent);
        put_u64(c, (uint64_t)row->u.points.time);
        put_u64(c, (uint64_t)row->u.points.points);
        break;
    default:
        break;
    }
}

void cs_row_hash(const cs_chain_key *k, const uint8_t prev[CS_SHA256_SIZE], const cs_row *row,
                 uint8_t out[CS_SHA256_SIZE])
{
    canon c;
    start(&c, k);
    put_bytes(&c, prev, CS_SHA256_SIZE);
    put_u64(&c, row->seq);
    put_row(&c, row);
    finish(&c, k, out);
}

void cs_head_mac(const cs_chain_key *k, uint64_t seq, const uint8_t hash[CS_SHA256_SIZE],
                 uint8_t out[CS_SHA256_SIZE])
{
    canon c;
    start(&c, k);
    put_str(&c, "libcsvc head");
    put_u64(&c, seq);
    put_bytes(&c, hash, CS_SHA256_SIZE);
    finish(&c, k, out);
}

void cs_chain_key_check(const cs_chain_key *k, char hex[65])
{
    canon c;
    start(&c, k);
    put_str(&c, "libcsvc key check");
    uint8_t mac[CS_SHA256_SIZE];
    finish(&c, k, mac);
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < CS_SHA256_SIZE; i++) {
        hex[2 * i] = digits[mac[i] >> 4];
        hex[2 * i + 1] = digits[mac[i] & 15];
    }
    hex[64] = '\0';
}
