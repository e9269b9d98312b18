/* IANA time zones from TZif files (tz.h). */
#include "tz.h"

#include "civil.h"
#include "csvc/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TZIF_MAX_BYTES (1 << 20)

/* ---- the table -------------------------------------------------------------- */

typedef struct builder {
    const cs_alloc *alloc;
    int64_t *starts;
    int32_t *offsets;
    size_t n, cap_starts, cap_offsets;
    int failed;
} builder;

/* Appends a segment; one that keeps the offset is no segment. A rule may
 * put two changes at one instant (the later wins) or, with odd times of
 * day, out of order (ignored): the table stays strictly sorted. */
static void push(builder *b, int64_t start, int32_t offset)
{
    if (b->failed)
        return;
    if (b->n > 0 && start <= b->starts[b->n - 1]) {
        if (start < b->starts[b->n - 1])
            return;
        b->n--;
    }
    if (b->n > 0 && b->offsets[b->n - 1] == offset)
        return;
    if (cs_grow(b->alloc, (void **)&b->starts, &b->cap_starts, b->n + 1, sizeof *b->starts) ||
        cs_grow(b->alloc, (void **)&b->offsets, &b->cap_offsets, b->n + 1, sizeof *b->offsets)) {
        b->failed = 1;
        return;
    }
    b->starts[b->n] = start;
    b->offsets[b->n++] = offset;
}

size_t cs_tz_segment(const csvc_tz *tz, int64_t t)
{
    size_t lo = 1, hi = tz->n; /* first segment starting after t */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tz->starts[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo - 1;
}

int64_t cs_tz_from_local(const csvc_tz *tz, int64_t local)
{
    /* Offsets stay within 18 h, so only segments meeting that window matter;
     * the earliest that contains its own reading wins (fold = 0). */
    size_t first = cs_tz_segment(tz, local - CSVC_UTC_OFFSET_MAX);
    size_t last = cs_tz_segment(tz, local + CSVC_UTC_OFFSET_MAX);
    for (size_t i = first; i <= last; i++) {
        int64_t t = local - tz->offsets[i];
        int after_start = i == 0 || t >= tz->starts[i];
        int before_end = i + 1 == tz->n || t < tz->starts[i + 1];
        if (after_start && before_end)
            return t;
        if (!after_start) /* skipped: read at the offset before the jump */
            return local - tz->offsets[i - 1];
    }
    return local - tz->offsets[last];
}

const char *cs_time_parse_clock(const char *text, size_t len, cs_clock clock, int64_t *out)
{
    int64_t t;
    int naive;
    const char *why = cs_time_parse_local(text, len, &t, &naive);
    if (why)
        return why;
    if (naive)
        t = cs_clock_from_local(clock, t);
    if (len != 10 && (t < CS_UNIX_MIN || t > CS_UNIX_MAX)) /* a date keeps its day */
        return "instant outside years 0001..9999 UTC";
    *out = t;
    return NULL;
}

/* ---- the POSIX TZ footer ------------------------------------------------------ */

typedef struct rule_date {
    char kind; /* 'J' (1..365, no Feb 29), 'D' (0..365), 'M' (month.week.day) */
    int32_t a, b, c;
    int32_t time; /* seconds after local midnight, may be negative or past 24 h */
} rule_date;

typedef struct posix_tz {
    int32_t std_offset, dst_offset; /* seconds east of UTC */
    int has_dst;
    rule_date start, end;
} posix_tz;

static int read_number(const char **p, int32_t max, int32_t *out)
{
    const char *q = *p;
    int32_t v = 0;
    if (*q < '0' || *q > '9')
        return 0;
    for (; *q >= '0' && *q <= '9'; q++) {
        v = v * 10 + (*q - '0');
        if (v > max)
            return 0;
    }
    *out = v;
    *p = q;
    return 1;
}

/* [+-]hh[:mm[:ss]] in seconds, hours up to `max_hours`. */
static int read_hms(const char **p, int32_t max_hours, int32_t *out)
{
    int sign = 1;
    if (**p == '+' || **p == '-')
        sign = *(*p)++ == '-' ? -1 : 1;
    int32_t h, m = 0, s = 0;
    if (!read_number(p, max_hours, &h))
        return 0;
    if (**p == ':' && (++*p, !read_number(p, 59, &m)))
        return 0;
    if (**p == ':' && (++*p, !read_number(p, 59, &s)))
        return 0;
    *out = sign * (h * 3600 + m * 60 + s);
    return 1;
}

static int read_name(const char **p)
{
    const char *q = *p;
    if (*q == '<') {
        while (*++q && *q != '>')
            ;
        if (*q != '>' || q - *p < 4)
            return 0;
        *p = q + 1;
        return 1;
    }
    while ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z'))
        q++;
    if (q - *p < 3)
        return 0;
    *p = q;
    return 1;
}

static int read_rule_date(const char **p, rule_date *r)
{
    memset(r, 0, sizeof *r);
    r->time = 7200;
    if (**p == 'J') {
        ++*p;
        r->kind = 'J';
        if (!read_number(p, 365, &r->a) || r->a < 1)
            return 0;
    } else if (**p == 'M') {
        ++*p;
        r->kind = 'M';
        if (!read_number(p, 12, &r->a) || r->a < 1 || *(*p)++ != '.' || !read_number(p, 5, &r->b) ||
            r->b < 1 || *(*p)++ != '.' || !read_number(p, 6, &r->c))
            return 0;
    } else {
        r->kind = 'D';
        if (!read_number(p, 365, &r->a))
            return 0;
    }
    if (**p == '/' && (++*p, !read_hms(p, 167, &r->time)))
        return 0;
    return 1;
}

static int parse_posix(const char *s, posix_tz *out)
{
    memset(out, 0, sizeof *out);
    int32_t west;
    if (!read_name(&s) || !read_hms(&s, 24, &west))
        return 0;
    out->std_offset = -west;
    if (!*s)
        return 1;
    out->has_dst = 1;
    if (!read_name(&s))
        return 0;
    out->dst_offset = out->std_offset + 3600;
    if (*s && *s != ',') {
        if (!read_hms(&s, 24, &west))
            return 0;
        out->dst_offset = -west;
    }
    if (!*s) { /* POSIX's default rule: the US one */
        out->start = (rule_date){'M', 3, 2, 0, 7200};
        out->end = (rule_date){'M', 11, 1, 0, 7200};
        return 1;
    }
    return *s++ == ',' && read_rule_date(&s, &out->start) && *s++ == ',' &&
           read_rule_date(&s, &out->end) && !*s;
}

/* Local seconds (since 1970-01-01 local) at which rule date `r` falls in `year`. */
static int64_t rule_local(const rule_date *r, int32_t year)
{
    int64_t jan1 = cs_days_from_civil(year, 1, 1), day;
    if (r->kind == 'J')
        day = jan1 + r->a - 1 + (cs_is_leap_year(year) && r->a >= 60);
    else if (r->kind == 'D')
        day = jan1 + r->a;
    else {
        int64_t first = cs_days_from_civil(year, r->a, 1);
        int32_t weekday =
            (int32_t)(((first + 4) % 7 + 7) % 7); /* 0 = Sunday; 1970-01-01 a Thursday */
        day = first + (r->c - weekday + 7) % 7 + (int64_t)(r->b - 1) * 7;
        while (day >= first + cs_days_in_month(year, r->a))
            day -= 7;
    }
    return day * CS_DAY_SECONDS + r->time;
}

/* The footer's transitions after `after`, from `year` through CS_TZ_LAST_RULE_YEAR. */
static void expand_rule(builder *b, const posix_tz *z, int64_t after, int32_t year)
{
    if (!z->has_dst) {
        push(b, after + 1, z->std_offset);
        return;
    }
    for (int32_t y = year; y <= CS_TZ_LAST_RULE_YEAR && !b->failed; y++) {
        int64_t on = rule_local(&z->start, y) - z->std_offset;
        int64_t off = rule_local(&z->end, y) - z->dst_offset;
        int64_t t[2] = {on < off ? on : off, on < off ? off : on};
        int32_t o[2] = {on < off ? z->dst_offset : z->std_offset,
                        on < off ? z->std_offset : z->dst_offset};
        for (int k = 0; k < 2; k++)
            if (t[k] > after)
                push(b, t[k], o[k]);
    }
}

/* ---- TZif ---------------------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

typedef struct tzif_header {
    char version;
    uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
} tzif_header;

static int read_header(const unsigned char *p, size_t len, tzif_header *h)
{
    if (len < 44 || memcmp(p, "TZif", 4) != 0)
        return 0;
    h->version = (char)p[4];
    h->isutcnt = be32(p + 20);
    h->isstdcnt = be32(p + 24);
    h->leapcnt = be32(p + 28);
    h->timecnt = be32(p + 32);
    h->typecnt = be32(p + 36);
    h->charcnt = be32(p + 40);
    return h->typecnt >= 1 && h->typecnt <= 256 && h->timecnt <= 100000 && h->charcnt <= 65536 &&
           h->leapcnt <= 100000 && (h->isutcnt == 0 || h->isutcnt == h->typecnt) &&
           (h->isstdcnt == 0 || h->isstdcnt == h->typecnt);
}

static size_t block_size(const tzif_header *h, size_t time_size)
{
    return h->timecnt * time_size + h->timecnt + h->typecnt * 6 + h->charcnt +
           h->leapcnt * (time_size + 4) + h->isstdcnt + h->isutcnt;
}

static csvc_status corrupt(cs_errbuf *err, const char *fn, const char *name, const char *why)
{
    return cs_fail(err, CSVC_E_CORRUPT, "%s: time zone '%s': the tzdata file %s", fn, name, why);
}

csvc_status cs_tz_parse(const cs_alloc *alloc, const char *fn, const char *name,
                        const unsigned char *data, size_t len, csvc_tz **out, cs_errbuf *err)
{
    tzif_header h;
    if (!read_header(data, len, &h))
        return corrupt(err, fn, name, "is not TZif (RFC 8536)");
    size_t time_size = 4, at = 44;
    if (h.version >= '2') { /* skip the 32-bit block for the 64-bit one */
        at += block_size(&h, 4);
        if (at > len || !read_header(data + at, len - at, &h))
            return corrupt(err, fn, name, "has a damaged second header");
        at += 44;
        time_size = 8;
    }
    if (h.leapcnt)
        return cs_fail(err, CSVC_E_INVALID,
                       "%s: time zone '%s' counts leap seconds (a \"right/\" zone); use the zone "
                       "without leap seconds",
                       fn, name);
    if (block_size(&h, time_size) > len - at)
        return corrupt(err, fn, name, "is truncated");
    const unsigned char *times = data + at, *idx = times + h.timecnt * time_size;
    const unsigned char *types = idx + h.timecnt;
    int32_t offsets[256];
    for (uint32_t i = 0; i < h.typecnt; i++) {
        offsets[i] = (int32_t)be32(types + 6 * i);
        if (!cs_offset_valid(offsets[i]))
            return corrupt(err, fn, name, "has an offset beyond 18 hours");
    }
    builder b = {alloc, NULL, NULL, 0, 0, 0, 0};
    push(&b, INT64_MIN, offsets[0]);
    int64_t last = INT64_MIN;
    int32_t standard = offsets[0];
    for (uint32_t i = 0; i < h.timecnt; i++) {
        int64_t t = time_size == 8 ? be64(times + 8 * i) : (int32_t)be32(times + 4 * i);
        if (idx[i] >= h.typecnt || (i > 0 && t <= last)) {
            cs_free(alloc, b.starts);
            cs_free(alloc, b.offsets);
            return corrupt(err, fn, name, "has unordered transitions or a bad type index");
        }
        last = t;
        push(&b, t, offsets[idx[i]]);
        if (!types[6 * idx[i] + 4]) /* isdst */
            standard = offsets[idx[i]];
    }
    if (time_size == 8) {
        const unsigned char *footer = data + at + block_size(&h, 8);
        size_t rest = len - at - block_size(&h, 8);
        const unsigned char *nl = rest > 1 ? memchr(footer + 1, '\n', rest - 1) : NULL;
        char text[256];
        posix_tz z;
        if (rest < 2 || footer[0] != '\n' || !nl || (size_t)(nl - footer - 1) >= sizeof text) {
            cs_free(alloc, b.starts);
            cs_free(alloc, b.offsets);
            return corrupt(err, fn, name, "lacks its footer");
        }
        memcpy(text, footer + 1, (size_t)(nl - footer - 1));
        text[nl - footer - 1] = '\0';
        if (text[0] && !parse_posix(text, &z)) {
            cs_free(alloc, b.starts);
            cs_free(alloc, b.offsets);
            return corrupt(err, fn, name, "has a footer rule this library cannot read");
        }
        if (text[0] && cs_offset_valid(z.std_offset) && cs_offset_valid(z.dst_offset)) {
            standard = z.std_offset;
            int32_t year = 1900, m, d;
            if (h.timecnt && last > CS_UNIX_MIN && last < CS_UNIX_MAX)
                cs_civil_from_days(last / CS_DAY_SECONDS - (last < 0 && last % CS_DAY_SECONDS),
                                   &year, &m, &d);
            expand_rule(&b, &z, h.timecnt ? last : INT64_MIN + 1, year);
        }
    }
    csvc_tz *tz = b.failed ? NULL : cs_calloc(alloc, 1, sizeof *tz);
    char *copy = tz ? cs_strdup(alloc, name) : NULL;
    if (!copy) {
        cs_free(alloc, tz);
        cs_free(alloc, b.starts);
        cs_free(alloc, b.offsets);
        return cs_fail(err, CSVC_E_NOMEM, "%s: out of memory", fn);
    }
    tz->alloc = *alloc;
    tz->name = copy;
    tz->starts = b.starts;
    tz->offsets = b.offsets;
    tz->n = b.n;
    tz->standard_offset = standard;
    *out = tz;
    return CSVC_OK;
}

/* ---- files ---------------------------------------------------------------------- */

/* Letters, digits, "_+-." and "/" between non-empty parts that are not "." or "..". */
static int valid_name(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > CS_TZ_NAME_MAX || name[0] == '/' || name[len - 1] == '/')
        return 0;
    for (const char *part = name; *part;) {
        size_t n = strcspn(part, "/");
        if (n == 0 || (n == 1 && part[0] == '.') || (n == 2 && part[0] == '.' && part[1] == '.'))
            return 0;
        for (size_t i = 0; i < n; i++) {
            char c = part[i];
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '+' || c == '-' || c == '.'))
                return 0;
        }
        part += n + (part[n] == '/');
    }
    return 1;
}

csvc_status cs_tz_load(const cs_alloc *alloc, const char *fn, const char *name, csvc_tz **out,
                       cs_errbuf *err)
{
    if (!valid_name(name))
        return cs_fail(err, CSVC_E_INVALID,
                       "%s: time zone '%.60s' is not an IANA zone name (like Europe/Berlin)", fn,
                       name);
    const char *dir = getenv("TZDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return cs_fail(err, CSVC_E_NOTFOUND,
                       "%s: time zone '%s': no such zone in the system's tzdata (%s)", fn, name,
                       path);
    unsigned char *data = cs_malloc(alloc, TZIF_MAX_BYTES);
    size_t len = data ? fread(data, 1, TZIF_MAX_BYTES, f) : 0;
    int readable = data && !ferror(f);
    fclose(f);
    csvc_status rc;
    if (!data)
        rc = cs_fail(err, CSVC_E_NOMEM, "%s: out of memory", fn);
    else if (!readable)
        rc = cs_fail(err, CSVC_E_IO, "%s: time zone '%s': cannot read %s", fn, name, path);
    else
        rc = cs_tz_parse(alloc, fn, name, data, len, out, err);
    cs_free(alloc, data);
    return rc;
}

csvc_tz *cs_tz_clone(const cs_alloc *alloc, const csvc_tz *tz)
{
    csvc_tz *copy = cs_calloc(alloc, 1, sizeof *copy);
    if (!copy)
        return NULL;
    copy->alloc = *alloc;
    copy->n = tz->n;
    copy->standard_offset = tz->standard_offset;
    copy->name = cs_strdup(alloc, tz->name);
    copy->starts = cs_realloc_array(alloc, NULL, tz->n, sizeof *tz->starts);
    copy->offsets = cs_realloc_array(alloc, NULL, tz->n, sizeof *tz->offsets);
    if (!copy->name || !copy->starts || !copy->offsets) {
        cs_tz_destroy(copy);
        return NULL;
    }
    memcpy(copy->starts, tz->starts, tz->n * sizeof *tz->starts);
    memcpy(copy->offsets, tz->offsets, tz->n * sizeof *tz->offsets);
    return copy;
}

void cs_tz_destroy(csvc_tz *tz)
{
    if (!tz)
        return;
    cs_alloc a = tz->alloc;
    cs_free(&a, tz->name);
    cs_free(&a, tz->starts);
    cs_free(&a, tz->offsets);
    cs_free(&a, tz);
}
