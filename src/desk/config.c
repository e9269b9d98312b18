/* The desk's configuration as text (desk_seam.h), so the store can journal
 * it in order with the events: one line per setting, fields separated by
 * tabs (ids hold no control characters), an empty team field for the desk
 * default:
 *   reopen   <team> <reopen window> <auto-close delay>
 *   calendar <team> <calendar text (calendar_seam.h)>
 *   sla      <team> <priority> <category> <first> <next> <resolution> <pause states>
 *   ola      <empty> <department> <target>
 * SLA policies and OLAs keep their order (a later SLA match wins ties;
 * OLAs order the handoff metrics). */
#include "calendar_seam.h"
#include "desk_internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char *team_field(const csvc_desk *d, uint32_t team)
{
    return team == CS_NONE ? "" : cs_roster_team_id(d->roster, team);
}

void cs_desk_config_encode(const csvc_desk *d, cs_strbuf *sb)
{
    cs_strbuf_printf(sb, "reopen\t\t%" PRId64 "\t%" PRId64 "\n", d->reopen_window,
                     d->auto_close_after);
    if (d->default_calendar) {
        cs_strbuf_puts(sb, "calendar\t\t");
        cs_calendar_encode(d->default_calendar, sb);
        cs_strbuf_putc(sb, '\n');
    }
    for (uint32_t i = 0; i < d->nteams_settings; i++) {
        const cs_team_settings *t = &d->teams[i];
        if (t->reopen_window >= 0 || t->auto_close_after >= 0)
            cs_strbuf_printf(sb, "reopen\t%s\t%" PRId64 "\t%" PRId64 "\n", team_field(d, i),
                             t->reopen_window, t->auto_close_after);
        if (t->calendar) {
            cs_strbuf_printf(sb, "calendar\t%s\t", team_field(d, i));
            cs_calendar_encode(t->calendar, sb);
            cs_strbuf_putc(sb, '\n');
        }
    }
    for (size_t i = 0; i < d->npolicy; i++) {
        const cs_sla_policy *p = &d->policies[i];
        cs_strbuf_printf(sb, "sla\t%s\t%d\t%d\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%u\n",
                         team_field(d, p->team), (int)p->priority, (int)p->category,
                         p->first_response, p->next_response, p->resolution,
                         (unsigned)p->pause_states);
    }
    for (size_t i = 0; i < d->nola; i++)
        cs_strbuf_printf(sb, "ola\t\t%s\t%" PRId64 "\n",
                         cs_strpool_get(&d->strings, d->olas[i].department), d->olas[i].target);
}

int cs_desk_config_is_default(const csvc_desk *d)
{
    const csvc_desk_options init = CSVC_DESK_OPTIONS_INIT;
    if (d->npolicy || d->nola || d->default_calendar || d->reopen_window != init.reopen_window ||
        d->auto_close_after != init.auto_close_after)
        return 0;
    for (size_t i = 0; i < d->nteams_settings; i++)
        if (d->teams[i].calendar || d->teams[i].reopen_window >= 0 ||
            d->teams[i].auto_close_after >= 0)
            return 0;
    return 1;
}

/* ---- decoding ------------------------------------------------------------- */

#define MAX_FIELDS 8

/* The configuration being decoded, applied only once all of it is valid. */
typedef struct staged {
    int64_t reopen_window, auto_close_after;
    csvc_calendar *default_calendar;
    cs_team_settings *teams; /* nteams_settings entries, calendars owned here */
    cs_sla_policy *policies;
    size_t npolicy, cap_policies;
    cs_ola *olas;
    size_t nola, cap_olas;
} staged;

static void staged_free(const csvc_desk *d, staged *st)
{
    csvc_calendar_free(st->default_calendar);
    for (size_t i = 0; st->teams && i < d->nteams_settings; i++)
        csvc_calendar_free(st->teams[i].calendar);
    cs_free(&d->alloc, st->teams);
    cs_free(&d->alloc, st->policies);
    cs_free(&d->alloc, st->olas);
}

/* Splits a line at tabs; returns the field count (MAX_FIELDS + 1: too many). */
static int split(const char *line, size_t len, const char **field, size_t *flen)
{
    int n = 0;
    const char *p = line, *end = line + len;
    for (;;) {
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        if (n == MAX_FIELDS)
            return MAX_FIELDS + 1;
        field[n] = p;
        flen[n++] = tab ? (size_t)(tab - p) : (size_t)(end - p);
        if (!tab)
            return n;
        p = tab + 1;
    }
}

/* A decimal int64 that is the whole field. */
static int int_field(const char *f, size_t len, int64_t *out)
{
    char buf[32];
    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, f, len);
    buf[len] = '\0';
    char *endp;
    long long v = strtoll(buf, &endp, 10);
    if (*endp)
        return 0;
    *out = v;
    return 1;
}

/* The team of a field: CS_NONE for the empty field, -1 when unknown. */
static int team_of(const csvc_desk *d, const char *f, size_t len, uint32_t *team)
{
    *team = CS_NONE;
    if (len == 0)
        return 1;
    char id[CSVC_ID_MAX + 1];
    if (len > CSVC_ID_MAX)
        return 0;
    memcpy(id, f, len);
    id[len] = '\0';
    *team = cs_roster_find_team(d->roster, id);
    return *team != CS_NONE && *team < d->nteams_settings;
}

/* An OLA line's department and target (the pool only grows: a refused
 * configuration leaves an unused string behind, like a rolled-back import). */
static csvc_status decode_ola(csvc_desk *d, staged *st, const char *f, size_t len,
                              int64_t target)
{
    char id[CSVC_ID_MAX + 1];
    if (len > CSVC_ID_MAX || target <= 0 || target > CSVC_OLA_TARGET_MAX)
        return CSVC_E_CORRUPT;
    memcpy(id, f, len);
    id[len] = '\0';
    if (csvc_id_check(id) != CSVC_OK)
        return CSVC_E_CORRUPT;
    uint32_t department = cs_strpool_intern(&d->strings, id);
    if (department == CS_NONE)
        return CSVC_E_NOMEM;
    for (size_t i = 0; i < st->nola; i++)
        if (st->olas[i].department == department)
            return CSVC_E_CORRUPT;
    if (cs_grow(&d->alloc, (void **)&st->olas, &st->cap_olas, st->nola + 1, sizeof *st->olas))
        return CSVC_E_NOMEM;
    st->olas[st->nola++] = (cs_ola){department, target};
    return CSVC_OK;
}

static csvc_status decode_line(csvc_desk *d, staged *st, const char *line, size_t len,
                               cs_errbuf *err)
{
    const char *f[MAX_FIELDS + 1];
    size_t fl[MAX_FIELDS + 1];
    int n = split(line, len, f, fl);
    uint32_t team;
    int64_t v[6];
    if (n < 3 || !team_of(d, f[1], fl[1], &team))
        return CSVC_E_CORRUPT;
    if (n == 4 && fl[0] == 6 && memcmp(f[0], "reopen", 6) == 0) {
        if (!int_field(f[2], fl[2], &v[0]) || !int_field(f[3], fl[3], &v[1]) || v[0] < -1 ||
            v[1] < -1 || (team == CS_NONE && (v[0] < 0 || v[1] < 0)))
            return CSVC_E_CORRUPT;
        if (team == CS_NONE) {
            st->reopen_window = v[0];
            st->auto_close_after = v[1];
        } else {
            st->teams[team].reopen_window = v[0];
            st->teams[team].auto_close_after = v[1];
        }
        return CSVC_OK;
    }
    if (n == 3 && fl[0] == 8 && memcmp(f[0], "calendar", 8) == 0) {
        csvc_calendar **slot = team == CS_NONE ? &st->default_calendar : &st->teams[team].calendar;
        if (*slot)
            return CSVC_E_CORRUPT;
        return cs_calendar_decode(&d->alloc, f[2], fl[2], slot, err);
    }
    if (n == 4 && fl[0] == 3 && memcmp(f[0], "ola", 3) == 0) {
        if (team != CS_NONE || !int_field(f[3], fl[3], &v[0]))
            return CSVC_E_CORRUPT;
        return decode_ola(d, st, f[2], fl[2], v[0]);
    }
    if (n == 8 && fl[0] == 3 && memcmp(f[0], "sla", 3) == 0) {
        for (int i = 0; i < 6; i++)
            if (!int_field(f[2 + i], fl[2 + i], &v[i]))
                return CSVC_E_CORRUPT;
        const int64_t max_target = INT64_C(1) << 31;
        if (v[0] < -1 || v[0] >= CSVC_PRIORITY_COUNT || v[1] < -1 || v[1] >= CSVC_CATEGORY_COUNT ||
            v[2] < 0 || v[3] < 0 || v[4] < 0 || v[2] > max_target || v[3] > max_target ||
            v[4] > max_target ||
            (v[5] & ~(int64_t)(CSVC_PAUSE_PENDING_CUSTOMER | CSVC_PAUSE_PENDING_INTERNAL)) ||
            v[5] < 0)
            return CSVC_E_CORRUPT;
        if (cs_grow(&d->alloc, (void **)&st->policies, &st->cap_policies, st->npolicy + 1,
                    sizeof *st->policies))
            return CSVC_E_NOMEM;
        st->policies[st->npolicy++] =
            (cs_sla_policy){team, (int32_t)v[0], (int32_t)v[1], v[2], v[3], v[4], (uint32_t)v[5]};
        return CSVC_OK;
    }
    return CSVC_E_CORRUPT;
}

csvc_status cs_desk_config_decode(csvc_desk *d, const char *text, cs_errbuf *err)
{
    if (cs_desk_sync_roster(d) != CSVC_OK)
        return cs_fail(err, CSVC_E_NOMEM, "desk configuration: out of memory");
    const csvc_desk_options init = CSVC_DESK_OPTIONS_INIT;
    staged st = {init.reopen_window, init.auto_close_after, NULL, NULL, NULL, 0, 0, NULL, 0, 0};
    csvc_status rc = CSVC_OK;
    if (d->nteams_settings &&
        !(st.teams = cs_calloc(&d->alloc, d->nteams_settings, sizeof *st.teams)))
        rc = CSVC_E_NOMEM;
    for (size_t i = 0; rc == CSVC_OK && i < d->nteams_settings; i++)
        st.teams[i] = (cs_team_settings){NULL, -1, -1, d->teams[i].round_robin};
    const char *line = text;
    while (rc == CSVC_OK && *line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        rc = decode_line(d, &st, line, len, err);
        if (rc == CSVC_E_CORRUPT)
            cs_fail(err, rc, "desk configuration: line '%.*s' is not a setting of this desk",
                    (int)(len > 80 ? 80 : len), line);
        line += len + (nl != NULL);
    }
    if (rc != CSVC_OK) {
        staged_free(d, &st);
        return rc == CSVC_E_NOMEM ? cs_fail(err, rc, "desk configuration: out of memory") : rc;
    }
    /* Swap the staged configuration in; the old one goes with the stage. */
    int64_t window = d->reopen_window, close = d->auto_close_after;
    d->reopen_window = st.reopen_window;
    d->auto_close_after = st.auto_close_after;
    st.reopen_window = window;
    st.auto_close_after = close;
    csvc_calendar *cal = d->default_calendar;
    d->default_calendar = st.default_calendar;
    st.default_calendar = cal;
    cs_team_settings *teams = d->teams;
    d->teams = st.teams;
    st.teams = teams;
    cs_sla_policy *policies = d->policies;
    size_t npolicy = d->npolicy, cap = d->cap_policies;
    d->policies = st.policies;
    d->npolicy = st.npolicy;
    d->cap_policies = st.cap_policies;
    st.policies = policies;
    st.npolicy = npolicy;
    st.cap_policies = cap;
    cs_ola *olas = d->olas;
    size_t nola = d->nola;
    d->olas = st.olas;
    d->nola = st.nola;
    st.olas = olas;
    st.nola = nola;
    staged_free(d, &st);
    return CSVC_OK;
}
