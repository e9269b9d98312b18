/* Desk service metrics: csvc_desk_metrics() and csvc_desk_metrics_all_agents().
 *
 * Small desks are built through the public API and their metrics computed by
 * hand (arithmetic in the comments). A randomized history is then checked
 * against a naive implementation in this file, which recomputes every metric
 * for every scope from csvc_desk_foreach_event() with plain loops and
 * qsort-based percentiles.
 *
 * M0 is Monday 2025-03-03 00:00 UTC (GNU date -u -d 2025-03-03 +%s). */
#include "fixtures.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#define M0 INT64_C(1740960000)
#define MINUTE INT64_C(60)
#define HOUR INT64_C(3600)
#define DAY INT64_C(86400)

typedef struct fx {
    csvc_roster *r;
    csvc_desk *d;
    test_failing_alloc fa;
} fx;

/* Teams T1 (agents A, B) and T2 (agents C, D): agent indexes 0..3. The desk
 * allocates through a failing allocator that never fails until told to. */
static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (!f || csvc_roster_new(NULL, &f->r) != CSVC_OK)
        return -1;
    fx_add_team(f->r, "T1");
    fx_add_team(f->r, "T2");
    fx_add_agent(f->r, "A", "T1", 1);
    fx_add_agent(f->r, "B", "T1", 1);
    fx_add_agent(f->r, "C", "T2", 1);
    fx_add_agent(f->r, "D", "T2", 1);
    f->fa.budget = -1;
    csvc_allocator a = test_failing_allocator(&f->fa);
    csvc_desk_options o = CSVC_DESK_OPTIONS_INIT;
    o.allocator = &a;
    if (csvc_desk_new(f->r, &o, &f->d) != CSVC_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    csvc_desk_free(f->d);
    assert_int_equal(f->fa.live, 0);
    csvc_roster_free(f->r);
    free(f);
    return 0;
}

/* ---- driving helpers ----------------------------------------------------- */

#define DOK(d, call) assert_csvc_ok_msg((call), csvc_desk_errmsg(d))

static void mk_prio(csvc_desk *d, const char *id, const char *team, csvc_priority prio, int64_t t)
{
    csvc_ticket_spec s = CSVC_TICKET_SPEC_INIT;
    s.id = id;
    s.team_id = team;
    s.priority = prio;
    s.created = t;
    DOK(d, csvc_desk_create(d, &s));
}

static void mk(csvc_desk *d, const char *id, const char *team, int64_t t)
{
    mk_prio(d, id, team, CSVC_PRIORITY_NORMAL, t);
}

static void asg(csvc_desk *d, const char *id, const char *agent, int64_t t)
{
    DOK(d, csvc_desk_assign(d, id, agent, t));
}

static void rep(csvc_desk *d, const char *id, const char *agent, int64_t t)
{
    DOK(d, csvc_desk_agent_reply(d, id, agent, t));
}

static void res(csvc_desk *d, const char *id, int fc, int64_t t)
{
    DOK(d, csvc_desk_resolve(d, id, NULL, fc, t));
}

/* A resolution by an explicit actor (the named call always means the assignee). */
static void res_by(csvc_desk *d, const char *id, const char *actor, int fc, int64_t t)
{
    csvc_event e = CSVC_EVENT_INIT;
    e.type = CSVC_EVENT_RESOLVED;
    e.ticket_id = id;
    e.actor_id = actor;
    e.value = fc;
    e.time = t;
    DOK(d, csvc_desk_apply(d, &e));
}

/* Created, assigned and answered: the usual start of a ticket. */
static void work(csvc_desk *d, const char *id, const char *team, const char *agent, int64_t created,
                 int64_t reply_after)
{
    mk(d, id, team, created);
    asg(d, id, agent, created);
    rep(d, id, NULL, created + reply_after);
}

static csvc_metrics get(csvc_desk *d, csvc_scope scope, const char *id, int64_t start, int64_t end)
{
    csvc_period p = {start, end};
    csvc_metrics m;
    memset(&m, 0x5a, sizeof m);
    m.version = CSVC_METRICS_VERSION;
    DOK(d, csvc_desk_metrics(d, scope, id, &p, &m));
    assert_int_equal(m.version, CSVC_METRICS_VERSION);
    return m;
}

#define DESK(d, s, e) get((d), CSVC_SCOPE_DESK, NULL, (s), (e))
#define TEAM(d, id, s, e) get((d), CSVC_SCOPE_TEAM, (id), (s), (e))
#define AGENT(d, id, s, e) get((d), CSVC_SCOPE_AGENT, (id), (s), (e))

#define assert_near(a, b)                                                                          \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        double tol_ = 1e-9 * (fabs(b_) > 1 ? fabs(b_) : 1);                                        \
        if (!(fabs(a_ - b_) <= tol_))                                                              \
            fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);                                    \
    } while (0)

#define assert_nan(a)                                                                              \
    do {                                                                                           \
        double a_ = (a);                                                                           \
        if (!isnan(a_))                                                                            \
            fail_msg("%s = %.17g, expected NaN", #a, a_);                                          \
    } while (0)

/* ---- field tables (comparison of whole structs) ---------------------------- */

typedef struct field {
    const char *name;
    size_t offset;
} field;

#define F(x)                                                                                       \
    {                                                                                              \
#x, offsetof(csvc_metrics, x)                                                              \
    }
static const field int_fields[] = {
    F(handled),   F(resolved),    F(first_contact), F(first_response_count), F(resolution_count),
    F(sla_due),   F(sla_met),     F(reopened),      F(csat_count),           F(complaints),
    F(transfers), F(escalations), F(backlog),
};
static const field dbl_fields[] = {
    F(resolution_rate),
    F(fcr),
    F(first_response_mean),
    F(first_response_median),
    F(first_response_p90),
    F(resolution_mean),
    F(resolution_median),
    F(resolution_p90),
    F(total_resolution_mean),
    F(total_resolution_median),
    F(total_resolution_p90),
    F(sla_compliance),
    F(reopen_rate),
    F(csat),
    F(csat_mean),
    F(complaint_rate),
    F(transfer_rate),
    F(escalation_rate),
};
#undef F

static int64_t ifield(const csvc_metrics *m, size_t off)
{
    int64_t v;
    memcpy(&v, (const char *)m + off, sizeof v);
    return v;
}

static double dfield(const csvc_metrics *m, size_t off)
{
    double v;
    memcpy(&v, (const char *)m + off, sizeof v);
    return v;
}

/* Equal counts; doubles both NaN or within 1e-9 (relative above 1). */
static void assert_metrics_equal(const csvc_metrics *got, const csvc_metrics *want,
                                 const char *what)
{
    if (got->version != want->version)
        fail_msg("%s: version %u, expected %u", what, (unsigned)got->version,
                 (unsigned)want->version);
    for (size_t i = 0; i < sizeof int_fields / sizeof *int_fields; i++) {
        int64_t g = ifield(got, int_fields[i].offset), w = ifield(want, int_fields[i].offset);
        if (g != w)
            fail_msg("%s: %s = %lld, expected %lld", what, int_fields[i].name, (long long)g,
                     (long long)w);
    }
    for (size_t i = 0; i < sizeof dbl_fields / sizeof *dbl_fields; i++) {
        double g = dfield(got, dbl_fields[i].offset), w = dfield(want, dbl_fields[i].offset);
        if (isnan(w) ? !isnan(g) : !(fabs(g - w) <= 1e-9 * (fabs(w) > 1 ? fabs(w) : 1)))
            fail_msg("%s: %s = %.17g, expected %.17g", what, dbl_fields[i].name, g, w);
    }
}

/* Every agent's single-scope metrics equal the all-agents row. */
static void check_all_agents_consistent(csvc_desk *d, const csvc_roster *r, int64_t start,
                                        int64_t end)
{
    size_t n = csvc_roster_agent_count(r);
    csvc_metrics *all = calloc(n ? n : 1, sizeof *all);
    assert_non_null(all);
    csvc_period p = {start, end};
    DOK(d, csvc_desk_metrics_all_agents(d, &p, all, n));
    for (size_t i = 0; i < n; i++) {
        csvc_agent_info info;
        assert_ok(r, csvc_roster_agent_at(r, i, &info));
        csvc_metrics one = get(d, CSVC_SCOPE_AGENT, info.id, start, end);
        char what[96];
        snprintf(what, sizeof what, "agent %s [%lld, %lld)", info.id, (long long)start,
                 (long long)end);
        assert_metrics_equal(&all[i], &one, what);
    }
    free(all);
}

/* ---- errors -------------------------------------------------------------- */

static void assert_untouched(const csvc_metrics *m)
{
    csvc_metrics ref;
    memset(&ref, 0x5a, sizeof ref);
    ref.version = m->version;
    assert_memory_equal(m, &ref, sizeof ref);
}

/* Slices and daily series: every refusal names the field, writes nothing. */
static void test_slice_errors(void **state)
{
    fx *f = *state;
    csvc_desk *d = f->d;
    work(d, "E1", "T1", "A", M0, MINUTE);
    csvc_period p = {M0, M0 + DAY};
    csvc_metrics rows[8];
    memset(rows, 0x5a, sizeof rows);
    csvc_metrics_slice s = CSVC_METRICS_SLICE_INIT;
    s.by = CSVC_METRICS_BY_CHANNEL;
    assert_status_msg(csvc_desk_metrics_sliced(d, CSVC_SCOPE_DESK, NULL, &p, &s, rows, 3),
                      CSVC_E_INVALID, "desk_metrics_sliced: n is 3 but the slice has 6 rows");
    s.by = (csvc_metrics_by)7;
    assert_status_msg(csvc_desk_metrics_sliced(d, CSVC_SCOPE_DESK, NULL, &p, &s, rows, 1),
                      CSVC_E_INVALID, "slice by 7 unknown");
    csvc_metrics_slice_init(&s);
    s.categories = 1u << CSVC_CATEGORY_COUNT;
    assert_status_msg(csvc_desk_metrics_sliced(d, CSVC_SCOPE_DESK, NULL, &p, &s, rows, 1),
                      CSVC_E_RANGE, "slice categories 0x80 has bits beyond 7 values");
    csvc_metrics_slice_init(&s);
    s.version = 2;
    assert_status_msg(csvc_desk_metrics_sliced(d, CSVC_SCOPE_DESK, NULL, &p, &s, rows, 1),
                      CSVC_E_VERSION, "slice version 2 not supported");
    assert_status_msg(csvc_desk_metrics_sliced(d, CSVC_SCOPE_DESK, NULL, &p, NULL, rows, 1),
                      CSVC_E_NULL, "slice is NULL");
    csvc_metrics_slice_init(&s);
    assert_status_msg(csvc_desk_metrics_sliced(d, CSVC_SCOPE_TEAM, "NOPE", &p, &s, rows, 1),
                      CSVC_E_NOTFOUND, "team 'NOPE' not found");
    size_t agents = csvc_roster_agent_count(f->r);
    s.by = CSVC_METRICS_BY_PRIORITY;
    assert_status_msg(csvc_desk_metrics_all_agents_sliced(d, &p, &s, rows, agents),
                      CSVC_E_INVALID, "(times 4 rows)");
    assert_status_msg(csvc_desk_metrics_all_agents_sliced(d, &p, NULL, rows, agents),
                      CSVC_E_NULL, "slice is NULL");
    assert_status_msg(csvc_desk_metrics_daily(d, CSVC_SCOPE_DESK, NULL, &p, 20 * 3600, NULL,
                                              rows, 1),
                      CSVC_E_RANGE, "utc_offset 72000 beyond");
    assert_status_msg(csvc_desk_metrics_daily(d, CSVC_SCOPE_DESK, NULL, &p, 8 * 3600, NULL,
                                              rows, 1),
                      CSVC_E_INVALID, "n is 1 but the period has 2 days (times 1 rows)");
    csvc_period back = {M0 + DAY, M0};
    size_t days = 99;
    assert_status_msg(csvc_metrics_day_count(&back, 0, &days), CSVC_E_RANGE, "before it starts");
    assert_int_equal(days, 99);
    for (size_t i = 0; i < 8; i++)
        assert_untouched(&rows[i]);
    /* Day counts: [00:00, 24:00) UTC is one day at +00:00, two at +08:00. */
    assert_csvc_ok(csvc_metrics_day_count(&p, 0, &days));
    assert_int_equal(days, 1);
    assert_csvc_ok(csvc_metrics_day_count(&p, 8 * 3600, &days));
    assert_int_equal(days, 2);
    csvc_period empty = {M0, M0};
    assert_csvc_ok(csvc_metrics_day_count(&empty, 0, &days));
    assert_int_equal(days, 0);
}

static void test_errors(void **state)
{
    fx *f = *state;
    csvc_desk *d = f->d;
    work(d, "E1", "T1", "A", M0, MINUTE);
    csvc_period p = {M0, M0 + DAY};
    csvc_metrics m;
    memset(&m, 0x5a, sizeof m);
    m.version = CSVC_METRICS_VERSION;

    assert_status_msg(csvc_desk_metrics(NULL, CSVC_SCOPE_DESK, NULL, &p, &m), CSVC_E_NULL,
                      "desk is NULL");
    assert_status_msg(csvc_desk_metrics(d, CSVC_SCOPE_DESK, NULL, NULL, &m), CSVC_E_NULL,
                      "period is NULL");
    assert_non_null(strstr(csvc_desk_errmsg(d), "period is NULL"));
    assert_status_msg(csvc_desk_metrics(d, CSVC_SCOPE_DESK, NULL, &p, NULL), CSVC_E_NULL,
                      "out is NULL");
    assert_status_msg(csvc_desk_metrics(d, CSVC_SCOPE_TEAM, NULL, &p, &m), CSVC_E_NULL,
                      "team id is NULL");
    assert_status_msg(csvc_desk_metrics(d, CSVC_SCOPE_AGENT, NULL, &p, &m), CSVC_E_NULL,
                      "agent id is NULL");
    assert_untouched(&m);

    m.version = 0;
    assert_status_msg(csvc_desk_metrics(d, CSVC_SCOPE_DESK, NULL, &p, &m), CSVC_E_VERSION,
                      "metrics version 0 not supported");
    m.version = CSVC_METRICS_VERSION + 1;
    assert_status_msg(csvc_desk_metrics(d, CSVC_SCOPE_DESK, NULL, &p, &m), CSVC_E_VERSION,
                      "metrics version 2 not supported");
    assert_untouched(&m);
    m.version = CSVC_METRICS_VERSION;

    assert_status_msg(csvc_desk_metrics(d, (csvc_scope)3, NULL, &p, &m), CSVC_E_INVALID,
                      "scope 3 unknown");
    assert_status_msg(csvc_desk_metrics(d, (csvc_scope)-1, NULL, &p, &m), CSVC_E_INVALID,
                      "scope -1 unknown");
    assert_status_msg(csvc_desk_metrics(d, CSVC_SCOPE_DESK, "T1", &p, &m), CSVC_E_INVALID,
                      "the desk scope takes no id");
    assert_status_msg(csvc_desk_metrics(d, CSVC_SCOPE_TEAM, "T9", &p, &m), CSVC_E_NOTFOUND,
                      "team 'T9' not found");
    assert_status_msg(csvc_desk_metrics(d, CSVC_SCOPE_AGENT, "Z", &p, &m), CSVC_E_NOTFOUND,
                      "agent 'Z' not found");
    /* A team id is not an agent id, nor the other way round. */
    assert_status_msg(csvc_desk_metrics(d, CSVC_SCOPE_AGENT, "T1", &p, &m), CSVC_E_NOTFOUND,
                      "agent 'T1' not found");
    assert_status_msg(csvc_desk_metrics(d, CSVC_SCOPE_TEAM, "A", &p, &m), CSVC_E_NOTFOUND,
                      "team 'A' not found");
    assert_status_msg(csvc_desk_metrics(d, CSVC_SCOPE_TEAM, "", &p, &m), CSVC_E_NOTFOUND,
                      "team '' not found");
    csvc_period bad = {M0 + 1, M0};
    assert_status_msg(csvc_desk_metrics(d, CSVC_SCOPE_DESK, NULL, &bad, &m), CSVC_E_RANGE,
                      "period ends");
    assert_status_msg(csvc_desk_metrics(d, CSVC_SCOPE_AGENT, "A", &bad, &m), CSVC_E_RANGE,
                      "before it starts");
    assert_untouched(&m);

    /* all_agents */
    csvc_metrics all[4];
    for (int i = 0; i < 4; i++) {
        memset(&all[i], 0x5a, sizeof all[i]);
        all[i].version = CSVC_METRICS_VERSION;
    }
    assert_status_msg(csvc_desk_metrics_all_agents(NULL, &p, all, 4), CSVC_E_NULL, "desk is NULL");
    assert_status_msg(csvc_desk_metrics_all_agents(d, NULL, all, 4), CSVC_E_NULL, "period is NULL");
    assert_status_msg(csvc_desk_metrics_all_agents(d, &p, NULL, 4), CSVC_E_NULL, "out is NULL");
    assert_status_msg(csvc_desk_metrics_all_agents(d, &p, all, 3), CSVC_E_INVALID,
                      "n is 3 but the roster has 4 agents");
    assert_status_msg(csvc_desk_metrics_all_agents(d, &p, all, 5), CSVC_E_INVALID,
                      "n is 5 but the roster has 4 agents");
    all[2].version = CSVC_METRICS_VERSION + 1;
    assert_status_msg(csvc_desk_metrics_all_agents(d, &p, all, 4), CSVC_E_VERSION,
                      "out[2]: metrics version 2 not supported");
    assert_non_null(strstr(csvc_desk_errmsg(d), "out[2]"));
    all[2].version = CSVC_METRICS_VERSION;
    assert_status_msg(csvc_desk_metrics_all_agents(d, &bad, all, 4), CSVC_E_RANGE, "period ends");
    for (int i = 0; i < 4; i++)
        assert_untouched(&all[i]);
}

/* Version 0 entries of all_agents default to CSVC_METRICS_VERSION; an empty
 * roster is fine with n = 0; agents added to the roster after the desk was
 * created are counted. */
static void test_all_agents_versions_and_roster_growth(void **state)
{
    fx *f = *state;
    csvc_desk *d = f->d;
    work(d, "V1", "T1", "A", M0, MINUTE);
    csvc_period p = {M0, M0 + DAY};
    csvc_metrics all[5];
    memset(all, 0, sizeof all);
    DOK(d, csvc_desk_metrics_all_agents(d, &p, all, 4));
    for (int i = 0; i < 4; i++)
        assert_int_equal(all[i].version, CSVC_METRICS_VERSION);
    assert_int_equal(all[0].handled, 1);
    assert_int_equal(all[1].handled, 0);

    fx_add_agent(f->r, "E", "T2", 1);
    assert_int_equal(csvc_desk_metrics_all_agents(d, &p, all, 4), CSVC_E_INVALID);
    mk(d, "V2", "T2", M0 + HOUR);
    asg(d, "V2", "E", M0 + HOUR);
    rep(d, "V2", NULL, M0 + HOUR + 2 * MINUTE);
    memset(all, 0, sizeof all);
    DOK(d, csvc_desk_metrics_all_agents(d, &p, all, 5));
    assert_int_equal(all[4].handled, 1);
    assert_int_equal(all[4].first_response_count, 1);
    assert_near(all[4].first_response_mean, 120);
    csvc_metrics e = AGENT(d, "E", M0, M0 + DAY);
    assert_metrics_equal(&all[4], &e, "agent E");

    csvc_roster *empty;
    csvc_desk *d0;
    assert_csvc_ok(csvc_roster_new(NULL, &empty));
    assert_csvc_ok(csvc_desk_new(empty, NULL, &d0));
    DOK(d0, csvc_desk_metrics_all_agents(d0, &p, all, 0));
    assert_status_msg(csvc_desk_metrics_all_agents(d0, &p, all, 1), CSVC_E_INVALID,
                      "n is 1 but the roster has 0 agents");
    csvc_metrics m = DESK(d0, M0, M0 + DAY);
    assert_int_equal(m.handled, 0);
    assert_int_equal(m.backlog, 0);
    assert_nan(m.resolution_rate);
    csvc_desk_free(d0);
    csvc_roster_free(empty);
}

/* ---- empty periods ---------------------------------------------------------- */

static void assert_empty_activity(const csvc_metrics *m)
{
    assert_int_equal(m->handled, 0);
    assert_int_equal(m->resolved, 0);
    assert_int_equal(m->first_contact, 0);
    assert_int_equal(m->first_response_count, 0);
    assert_int_equal(m->resolution_count, 0);
    assert_int_equal(m->sla_due, 0);
    assert_int_equal(m->sla_met, 0);
    assert_int_equal(m->reopened, 0);
    assert_int_equal(m->csat_count, 0);
    assert_int_equal(m->complaints, 0);
    assert_int_equal(m->transfers, 0);
    assert_int_equal(m->escalations, 0);
    assert_nan(m->resolution_rate);
    assert_nan(m->fcr);
    assert_nan(m->first_response_mean);
    assert_nan(m->first_response_median);
    assert_nan(m->first_response_p90);
    assert_nan(m->resolution_mean);
    assert_nan(m->resolution_median);
    assert_nan(m->resolution_p90);
    assert_nan(m->total_resolution_mean);
    assert_nan(m->total_resolution_median);
    assert_nan(m->total_resolution_p90);
    assert_nan(m->sla_compliance);
    assert_nan(m->reopen_rate);
    assert_nan(m->csat);
    assert_nan(m->csat_mean);
    assert_nan(m->complaint_rate);
    assert_nan(m->transfer_rate);
    assert_nan(m->escalation_rate);
}

static void test_empty_period(void **state)
{
    fx *f = *state;
    csvc_desk *d = f->d;
    csvc_sla_policy pol = CSVC_SLA_POLICY_INIT;
    pol.first_response = HOUR;
    pol.resolution = 2 * HOUR;
    DOK(d, csvc_desk_add_sla_policy(d, &pol));

    /* An empty desk. */
    csvc_metrics m = DESK(d, M0, M0 + DAY);
    assert_empty_activity(&m);
    assert_int_equal(m.backlog, 0);

    /* P1 resolved, P2 open (A), P3 open (C). */
    work(d, "P1", "T1", "A", M0 + HOUR, MINUTE);
    res(d, "P1", 1, M0 + 2 * HOUR);
    DOK(d, csvc_desk_rate(d, "P1", 5, M0 + 3 * HOUR));
    work(d, "P2", "T1", "A", M0 + HOUR, MINUTE);
    work(d, "P3", "T2", "C", M0 + HOUR, MINUTE);

    /* [M0+4h, M0+4h): nothing happens in it; the backlog is what is open at
     * its end: P2 and P3. */
    m = DESK(d, M0 + 4 * HOUR, M0 + 4 * HOUR);
    assert_empty_activity(&m);
    assert_int_equal(m.backlog, 2);
    m = AGENT(d, "A", M0 + 4 * HOUR, M0 + 4 * HOUR);
    assert_empty_activity(&m);
    assert_int_equal(m.backlog, 1);
    m = TEAM(d, "T2", M0 + 4 * HOUR, M0 + 4 * HOUR);
    assert_empty_activity(&m);
    assert_int_equal(m.backlog, 1);
    /* An empty period on an event's instant still holds nothing: P1 was
     * resolved at M0+2h, so at that end it was still open (half-open). */
    m = DESK(d, M0 + 2 * HOUR, M0 + 2 * HOUR);
    assert_empty_activity(&m);
    assert_int_equal(m.backlog, 3);
    /* Before anything was created. */
    m = DESK(d, M0, M0);
    assert_empty_activity(&m);
    assert_int_equal(m.backlog, 0);
    check_all_agents_consistent(d, f->r, M0 + 4 * HOUR, M0 + 4 * HOUR);
    /* Agent B did nothing in a busy period. */
    m = AGENT(d, "B", M0, M0 + DAY);
    assert_empty_activity(&m);
    assert_int_equal(m.backlog, 0);
}

/* ---- first response times and percentiles --------------------------------- */

static void test_first_response_percentiles(void **state)
{
    fx *f = *state;
    csvc_desk *d = f->d;
    int64_t t0 = M0 + 10 * HOUR;
    /* Day 1: A answers F1..F4 after 60, 120, 180, 240 s. */
    work(d, "F1", "T1", "A", t0, 60);
    work(d, "F2", "T1", "A", t0, 120);
    work(d, "F3", "T1", "A", t0, 180);
    work(d, "F4", "T1", "A", t0, 240);
    /* Sorted 60 120 180 240: mean 150; median at (4-1)*0.5 = 1.5 ->
     * 120 + 0.5*60 = 150; p90 at 3*0.9 = 2.7 -> 180 + 0.7*60 = 222. */
    csvc_metrics m = DESK(d, M0, M0 + DAY);
    assert_int_equal(m.first_response_count, 4);
    assert_int_equal(m.handled, 4);
    assert_near(m.first_response_mean, 150);
    assert_near(m.first_response_median, 150);
    assert_near(m.first_response_p90, 222);
    csvc_metrics a = AGENT(d, "A", M0, M0 + DAY);
    assert_metrics_equal(&a, &m, "agent A = desk");
    csvc_metrics t1 = TEAM(d, "T1", M0, M0 + DAY);
    assert_metrics_equal(&t1, &m, "team T1 = desk");
    csvc_metrics b = AGENT(d, "B", M0, M0 + DAY);
    assert_int_equal(b.first_response_count, 0);
    assert_nan(b.first_response_mean);
    assert_nan(b.first_response_median);
    assert_nan(b.first_response_p90);
    csvc_metrics t2 = TEAM(d, "T2", M0, M0 + DAY);
    assert_int_equal(t2.first_response_count, 0);
    assert_nan(t2.first_response_p90);

    /* F5: B answers after 300 s. Desk 60..300 (odd count 5): mean 180,
     * median at 2 -> 180; p90 at 4*0.9 = 3.6 -> 240 + 0.6*60 = 276. */
    work(d, "F5", "T1", "B", t0, 300);
    m = DESK(d, M0, M0 + DAY);
    assert_int_equal(m.first_response_count, 5);
    assert_near(m.first_response_mean, 180);
    assert_near(m.first_response_median, 180);
    assert_near(m.first_response_p90, 276);
    b = AGENT(d, "B", M0, M0 + DAY);
    assert_int_equal(b.first_response_count, 1);
    assert_near(b.first_response_mean, 300);
    assert_near(b.first_response_median, 300);
    assert_near(b.first_response_p90, 300);

    /* Two values (C in T2): 60, 120 -> median 90, p90 at 0.9 -> 60 + 0.9*60 = 114. */
    work(d, "F6", "T2", "C", t0, 60);
    work(d, "F7", "T2", "C", t0, 120);
    csvc_metrics c = AGENT(d, "C", M0, M0 + DAY);
    assert_int_equal(c.first_response_count, 2);
    assert_near(c.first_response_mean, 90);
    assert_near(c.first_response_median, 90);
    assert_near(c.first_response_p90, 114);

    /* Day 2, ties: 100 100 100 500 -> mean 200; median at 1.5 -> 100;
     * p90 at 2.7 -> 100 + 0.7*400 = 380. */
    int64_t t1d = M0 + DAY + 10 * HOUR;
    work(d, "G1", "T1", "A", t1d, 100);
    work(d, "G2", "T1", "A", t1d, 100);
    work(d, "G3", "T1", "B", t1d, 100);
    work(d, "G4", "T1", "B", t1d, 500);
    m = DESK(d, M0 + DAY, M0 + 2 * DAY);
    assert_int_equal(m.first_response_count, 4);
    assert_near(m.first_response_mean, 200);
    assert_near(m.first_response_median, 100);
    assert_near(m.first_response_p90, 380);
    /* All equal: 100 100 (agent A on day 2). */
    a = AGENT(d, "A", M0 + DAY, M0 + 2 * DAY);
    assert_near(a.first_response_median, 100);
    assert_near(a.first_response_p90, 100);

    /* Only the first reply counts, and only when it falls in the period:
     * later replies to F1 on day 2 add nothing there. */
    rep(d, "F1", NULL, t1d + HOUR);
    m = DESK(d, M0 + DAY, M0 + 2 * DAY);
    assert_int_equal(m.first_response_count, 4);
    /* A period ending between creation and reply excludes F1..F5. */
    m = DESK(d, M0, t0 + 60);
    assert_int_equal(m.first_response_count, 0);
    m = DESK(d, M0, t0 + 61);
    assert_int_equal(m.first_response_count, 2); /* F1 (60) and F6 (60) */
    check_all_agents_consistent(d, f->r, M0, M0 + DAY);
    check_all_agents_consistent(d, f->r, M0, M0 + 2 * DAY);
}

/* The first reply counts for whoever wrote it, not for the assignee. */
static void test_first_response_attribution(void **state)
{
    fx *f = *state;
    csvc_desk *d = f->d;
    mk(d, "R1", "T1", M0);
    asg(d, "R1", "A", M0);
    rep(d, "R1", "B", M0 + 100);
    rep(d, "R1", "A", M0 + 200);
    csvc_metrics a = AGENT(d, "A", M0, M0 + DAY), b = AGENT(d, "B", M0, M0 + DAY);
    assert_int_equal(a.first_response_count, 0);
    assert_int_equal(b.first_response_count, 1);
    assert_near(b.first_response_mean, 100);
    assert_int_equal(a.handled, 1);
    assert_int_equal(b.handled, 1);
    /* A reply by an agent of T2 on a T1 ticket counts for team T1. */
    mk(d, "R2", "T1", M0);
    asg(d, "R2", "A", M0);
    rep(d, "R2", "C", M0 + 300);
    csvc_metrics t1 = TEAM(d, "T1", M0, M0 + DAY), t2 = TEAM(d, "T2", M0, M0 + DAY);
    assert_int_equal(t1.first_response_count, 2);
    assert_near(t1.first_response_mean, 200); /* (100 + 300) / 2 */
    assert_int_equal(t2.first_response_count, 0);
    assert_int_equal(t2.handled, 0);
    csvc_metrics c = AGENT(d, "C", M0, M0 + DAY);
    assert_int_equal(c.first_response_count, 1);
    assert_near(c.first_response_p90, 300);
    check_all_agents_consistent(d, f->r, M0, M0 + DAY);
}

/* ---- business hours ---------------------------------------------------------- */

static csvc_calendar *office_calendar(void)
{
    /* Mon-Fri 09:00-12:00 and 13:00-18:00 UTC (lunch 12-13). */
    csvc_calendar *cal;
    assert_csvc_ok(csvc_calendar_new(NULL, 0, &cal));
    for (int day = CSVC_MONDAY; day <= CSVC_FRIDAY; day++) {
        assert_csvc_ok(csvc_calendar_add_hours(cal, (csvc_weekday)day, 9 * 60, 12 * 60));
        assert_csvc_ok(csvc_calendar_add_hours(cal, (csvc_weekday)day, 13 * 60, 18 * 60));
    }
    return cal;
}

static void test_business_hours_and_pauses(void **state)
{
    fx *f = *state;
    csvc_desk *d = f->d;
    csvc_calendar *cal = office_calendar();
    DOK(d, csvc_desk_set_calendar(d, "T1", cal));
    csvc_calendar_free(cal);

    /* K1 (T1): created Mon 11:00, first reply Mon 14:00:
     *   FRT = [11,12) + [13,14) = 7200.
     * Pended on the customer Mon 15:00, customer replies Tue 10:00,
     * resolved Tue 11:00:
     *   business(created, resolved) = Mon [11,12) 3600 + [13,18) 18000
     *                                 + Tue [9,11) 7200 = 28800
     *   paused = Mon [15,18) 10800 + Tue [9,10) 3600 = 14400
     *   resolution = 28800 - 14400 = 14400. */
    mk(d, "K1", "T1", M0 + 11 * HOUR);
    asg(d, "K1", "A", M0 + 11 * HOUR);
    rep(d, "K1", NULL, M0 + 14 * HOUR);
    DOK(d, csvc_desk_pend(d, "K1", CSVC_PEND_CUSTOMER, M0 + 15 * HOUR));
    DOK(d, csvc_desk_customer_reply(d, "K1", M0 + DAY + 10 * HOUR));
    res(d, "K1", 0, M0 + DAY + 11 * HOUR);
    /* K2 (T1): created Mon 09:00, reply 09:30 (FRT 1800), pended on an
     * internal party 10:00-16:00 (no pause by default), resolved 17:00:
     *   resolution = [9,12) + [13,17) = 25200. */
    mk(d, "K2", "T1", M0 + 9 * HOUR);
    asg(d, "K2", "A", M0 + 9 * HOUR);
    rep(d, "K2", NULL, M0 + 9 * HOUR + 30 * MINUTE);
    DOK(d, csvc_desk_pend(d, "K2", CSVC_PEND_INTERNAL, M0 + 10 * HOUR));
    DOK(d, csvc_desk_resume(d, "K2", M0 + 16 * HOUR));
    res(d, "K2", 0, M0 + 17 * HOUR);
    /* K3 (T2, no calendar: elapsed seconds): created Mon 11:00, reply Mon
     * 14:00 (10800), resolved Tue 11:00 (86400). */
    mk(d, "K3", "T2", M0 + 11 * HOUR);
    asg(d, "K3", "C", M0 + 11 * HOUR);
    rep(d, "K3", NULL, M0 + 14 * HOUR);
    res(d, "K3", 0, M0 + DAY + 11 * HOUR);

    /* Desk FRT {1800, 7200, 10800}: mean 6600, median 7200,
     * p90 at 1.8 -> 7200 + 0.8*3600 = 10080.
     * Resolution {14400, 25200, 86400}: mean 42000, median 25200,
     * p90 at 1.8 -> 25200 + 0.8*61200 = 74160. No reopening: the total
     * resolution times are the same. */
    csvc_metrics m = DESK(d, M0, M0 + 2 * DAY);
    assert_int_equal(m.first_response_count, 3);
    assert_near(m.first_response_mean, 6600);
    assert_near(m.first_response_median, 7200);
    assert_near(m.first_response_p90, 10080);
    assert_int_equal(m.resolution_count, 3);
    assert_near(m.resolution_mean, 42000);
    assert_near(m.resolution_median, 25200);
    assert_near(m.resolution_p90, 74160);
    assert_near(m.total_resolution_mean, 42000);
    assert_near(m.total_resolution_median, 25200);
    assert_near(m.total_resolution_p90, 74160);
    /* Team T1: FRT {1800, 7200}: mean = median 4500, p90 1800 + 0.9*5400 = 6660;
     * resolution {14400, 25200}: mean = median 19800, p90 14400 + 0.9*10800 = 24120. */
    csvc_metrics t1 = TEAM(d, "T1", M0, M0 + 2 * DAY);
    assert_near(t1.first_response_mean, 4500);
    assert_near(t1.first_response_median, 4500);
    assert_near(t1.first_response_p90, 6660);
    assert_near(t1.resolution_mean, 19800);
    assert_near(t1.resolution_median, 19800);
    assert_near(t1.resolution_p90, 24120);
    /* The calendar of the team that holds the ticket applies: moving the
     * desk-wide default calendar onto T2 changes K3. K3 Mon [11,12) + [13,14)
     * = 7200 for FRT; to Tue 11:00: 3600 + 18000 + 7200 = 28800. */
    cal = office_calendar();
    DOK(d, csvc_desk_set_calendar(d, NULL, cal));
    csvc_calendar_free(cal);
    csvc_metrics c = AGENT(d, "C", M0, M0 + 2 * DAY);
    assert_near(c.first_response_mean, 7200);
    assert_near(c.resolution_mean, 28800);
    check_all_agents_consistent(d, f->r, M0, M0 + 2 * DAY);
}

/* ---- resolutions, FCR, reopenings ---------------------------------------------- */

static void test_fcr_reopen_resolution_times(void **state)
{
    fx *f = *state;
    csvc_desk *d = f->d;
    int64_t c1 = M0 + HOUR;
    /* R1 (A): resolved first-contact at M0+2h. */
    work(d, "R1", "T1", "A", c1, 10 * MINUTE);
    res(d, "R1", 1, M0 + 2 * HOUR);
    /* R2 (A): A resolves first-contact at M0+3h, reopened M0+4h, B resolves
     * (not first-contact) at M0+6h. */
    work(d, "R2", "T1", "A", c1, 10 * MINUTE);
    res(d, "R2", 1, M0 + 3 * HOUR);
    DOK(d, csvc_desk_reopen(d, "R2", M0 + 4 * HOUR));
    res_by(d, "R2", "B", 0, M0 + 6 * HOUR);
    /* R3 (B): resolved first-contact at M0+5h, reopened at M0+7h, still open. */
    work(d, "R3", "T1", "B", c1, 10 * MINUTE);
    res(d, "R3", 1, M0 + 5 * HOUR);
    DOK(d, csvc_desk_reopen(d, "R3", M0 + 7 * HOUR));
    /* R4 (C, T2): created the day before, resolved first-contact at M0+1h. */
    work(d, "R4", "T2", "C", M0 - DAY, 10 * MINUTE);
    res(d, "R4", 1, M0 + HOUR);
    /* R5 (A): answered in the period, resolved after it. */
    work(d, "R5", "T1", "A", c1, 10 * MINUTE);
    res(d, "R5", 1, M0 + 3 * DAY);
    /* R6 (D, T2): resolved at M0+2h (not first-contact), reopened M0+3h,
     * resolved first-contact at M0+4h. */
    work(d, "R6", "T2", "D", c1, 10 * MINUTE);
    res(d, "R6", 0, M0 + 2 * HOUR);
    DOK(d, csvc_desk_reopen(d, "R6", M0 + 3 * HOUR));
    res(d, "R6", 1, M0 + 4 * HOUR);

    int64_t s = M0, e = M0 + 2 * DAY;
    /* Desk: handled R1..R6 = 6; resolved R1, R2, R3, R4, R6 = 5 (R5 after
     * the end); first contact by the latest resolution in the period:
     * R1 1, R2 0, R3 1, R4 1, R6 1 = 4; reopened R2, R3, R6 = 3. */
    csvc_metrics m = DESK(d, s, e);
    assert_int_equal(m.handled, 6);
    assert_int_equal(m.resolved, 5);
    assert_near(m.resolution_rate, 5.0 / 6.0);
    assert_int_equal(m.first_contact, 4);
    assert_near(m.fcr, 0.8);
    assert_int_equal(m.reopened, 3);
    assert_near(m.reopen_rate, 0.6);
    /* First resolutions: R1 1h = 3600, R2 2h = 7200, R3 4h = 14400,
     * R4 25h = 90000, R6 1h = 3600. Sorted 3600 3600 7200 14400 90000:
     * mean 118800/5 = 23760, median 7200, p90 at 3.6 -> 14400 + 0.6*75600 = 59760. */
    assert_int_equal(m.resolution_count, 5);
    assert_near(m.resolution_mean, 23760);
    assert_near(m.resolution_median, 7200);
    assert_near(m.resolution_p90, 59760);
    /* Latest resolutions of tickets resolved now: R1 3600, R2 5h = 18000,
     * R4 90000, R6 3h = 10800 (R3 is open again). Sorted 3600 10800 18000
     * 90000: mean 30600, median at 1.5 -> 14400, p90 at 2.7 -> 18000 +
     * 0.7*72000 = 68400. */
    assert_near(m.total_resolution_mean, 30600);
    assert_near(m.total_resolution_median, 14400);
    assert_near(m.total_resolution_p90, 68400);
    assert_int_equal(m.backlog, 2); /* R3 (reopened) and R5 */

    /* Agent A: handled R1, R2, R5 = 3; resolved R1 and R2 (its own resolve
     * of R2 was first-contact) = 2, first contact 2; reopened R2 (A was the
     * last resolver) = 1; first resolutions R1 3600 and R2 7200; total
     * resolution R1 only (R2's latest is B's). */
    csvc_metrics a = AGENT(d, "A", s, e);
    assert_int_equal(a.handled, 3);
    assert_int_equal(a.resolved, 2);
    assert_int_equal(a.first_contact, 2);
    assert_near(a.fcr, 1.0);
    assert_int_equal(a.reopened, 1);
    assert_near(a.reopen_rate, 0.5);
    assert_int_equal(a.resolution_count, 2);
    assert_near(a.resolution_mean, 5400);
    assert_near(a.total_resolution_mean, 3600);
    assert_near(a.total_resolution_p90, 3600);
    assert_int_equal(a.backlog, 1); /* R5 */
    /* Agent B: handled R2 (its resolve), R3 = 2; resolved R2 (0), R3 (1);
     * reopened R3; first resolution R3 14400; total resolution R2 18000. */
    csvc_metrics b = AGENT(d, "B", s, e);
    assert_int_equal(b.handled, 2);
    assert_int_equal(b.resolved, 2);
    assert_int_equal(b.first_contact, 1);
    assert_near(b.fcr, 0.5);
    assert_int_equal(b.reopened, 1);
    assert_near(b.reopen_rate, 0.5);
    assert_int_equal(b.resolution_count, 1);
    assert_near(b.resolution_median, 14400);
    assert_near(b.total_resolution_median, 18000);
    assert_int_equal(b.backlog, 1); /* R2 is resolved; R3 is B's again */
    /* D: R6 resolved (latest first-contact), reopened once. */
    csvc_metrics dd = AGENT(d, "D", s, e);
    assert_int_equal(dd.resolved, 1);
    assert_int_equal(dd.first_contact, 1);
    assert_int_equal(dd.reopened, 1);
    assert_near(dd.reopen_rate, 1.0);
    assert_near(dd.resolution_mean, 3600);
    assert_near(dd.total_resolution_mean, 10800);
    /* Teams. T1: resolved R1, R2, R3 = 3, first contact R1 1, R2 0, R3 1 = 2,
     * reopened 2. T2: R4, R6, both first contact, reopened 1. */
    csvc_metrics t1 = TEAM(d, "T1", s, e), t2 = TEAM(d, "T2", s, e);
    assert_int_equal(t1.resolved, 3);
    assert_int_equal(t1.first_contact, 2);
    assert_int_equal(t1.reopened, 2);
    assert_int_equal(t2.resolved, 2);
    assert_int_equal(t2.first_contact, 2);
    assert_near(t2.fcr, 1.0);
    assert_int_equal(t2.reopened, 1);
    assert_near(t2.reopen_rate, 0.5);

    /* A period covering only [M0+3h, M0+5h): resolutions R2 (A, fc) at 3h,
     * R6 (D, fc) at 4h; reopenings R6 at 3h, R2 at 4h; first resolutions in
     * it: R2 only (R6's first was at 2h); total: R6 (latest at 4h). */
    m = DESK(d, M0 + 3 * HOUR, M0 + 5 * HOUR);
    assert_int_equal(m.resolved, 2);
    assert_int_equal(m.first_contact, 2);
    assert_int_equal(m.reopened, 2);
    assert_near(m.reopen_rate, 1.0);
    assert_int_equal(m.resolution_count, 1);
    assert_near(m.resolution_mean, 7200);
    assert_near(m.total_resolution_mean, 10800);
    check_all_agents_consistent(d, f->r, s, e);
    check_all_agents_consistent(d, f->r, M0 + 3 * HOUR, M0 + 5 * HOUR);
}

/* ---- CSAT ------------------------------------------------------------------------ */

static void test_csat_latest_rating_wins(void **state)
{
    fx *f = *state;
    csvc_desk *d = f->d;
    /* S1 (A): rated 2 then 5 in the period -> 5. */
    work(d, "S1", "T1", "A", M0, MINUTE);
    res(d, "S1", 1, M0 + HOUR);
    DOK(d, csvc_desk_rate(d, "S1", 2, M0 + 2 * HOUR));
    DOK(d, csvc_desk_rate(d, "S1", 5, M0 + 3 * HOUR));
    /* S2 (A): rated 5 in the period, 1 after it -> 5. */
    work(d, "S2", "T1", "A", M0, MINUTE);
    res(d, "S2", 1, M0 + HOUR);
    DOK(d, csvc_desk_rate(d, "S2", 5, M0 + 2 * HOUR));
    DOK(d, csvc_desk_rate(d, "S2", 1, M0 + 3 * DAY));
    /* S3 (B): resolved and rated 5 before the period, rated 3 in it -> 3. */
    work(d, "S3", "T1", "B", M0 - DAY, MINUTE);
    res(d, "S3", 1, M0 - DAY + HOUR);
    DOK(d, csvc_desk_rate(d, "S3", 5, M0 - HOUR));
    DOK(d, csvc_desk_rate(d, "S3", 3, M0 + HOUR));
    /* S4 (T2, assigned to C, resolved by D): rated 4 -> D's. */
    work(d, "S4", "T2", "C", M0, MINUTE);
    res_by(d, "S4", "D", 1, M0 + HOUR);
    DOK(d, csvc_desk_rate(d, "S4", 4, M0 + 2 * HOUR));
    /* S5 (A): rated only before the period. */
    work(d, "S5", "T1", "A", M0 - DAY, MINUTE);
    res(d, "S5", 1, M0 - DAY + HOUR);
    DOK(d, csvc_desk_rate(d, "S5", 1, M0 - HOUR));

    int64_t s = M0, e = M0 + DAY;
    /* Desk: 5, 5, 3, 4 -> count 4, share 4-5 = 3/4, mean 17/4. */
    csvc_metrics m = DESK(d, s, e);
    assert_int_equal(m.csat_count, 4);
    assert_near(m.csat, 0.75);
    assert_near(m.csat_mean, 4.25);
    csvc_metrics a = AGENT(d, "A", s, e);
    assert_int_equal(a.csat_count, 2);
    assert_near(a.csat, 1.0);
    assert_near(a.csat_mean, 5.0);
    csvc_metrics b = AGENT(d, "B", s, e);
    assert_int_equal(b.csat_count, 1);
    assert_near(b.csat, 0.0);
    assert_near(b.csat_mean, 3.0);
    csvc_metrics c = AGENT(d, "C", s, e);
    assert_int_equal(c.csat_count, 0);
    assert_nan(c.csat);
    assert_nan(c.csat_mean);
    csvc_metrics dd = AGENT(d, "D", s, e);
    assert_int_equal(dd.csat_count, 1);
    assert_near(dd.csat, 1.0);
    assert_near(dd.csat_mean, 4.0);
    /* T1: 5, 5, 3 -> 2/3, mean 13/3. */
    csvc_metrics t1 = TEAM(d, "T1", s, e);
    assert_int_equal(t1.csat_count, 3);
    assert_near(t1.csat, 2.0 / 3.0);
    assert_near(t1.csat_mean, 13.0 / 3.0);
    /* A period holding only S1's first rating: 2 -> 0 %. */
    m = AGENT(d, "A", M0 + 2 * HOUR, M0 + 2 * HOUR + 1);
    assert_int_equal(m.csat_count, 2); /* S1 = 2 and S2 = 5 at M0+2h */
    assert_near(m.csat, 0.5);
    assert_near(m.csat_mean, 3.5);
    /* Over [M0-1d, M0+4d): S1 5, S2 1 (latest), S3 3, S4 4, S5 1. */
    m = DESK(d, M0 - DAY, M0 + 4 * DAY);
    assert_int_equal(m.csat_count, 5);
    assert_near(m.csat, 0.4);
    assert_near(m.csat_mean, 14.0 / 5.0);
    check_all_agents_consistent(d, f->r, s, e);
    check_all_agents_consistent(d, f->r, M0 - DAY, M0 + 4 * DAY);
}

/* ---- complaints, transfers, escalations -------------------------------------------- */

static void test_complaints_transfers_escalations(void **state)
{
    fx *f = *state;
    csvc_desk *d = f->d;
    int64_t c = M0 + HOUR;
    /* X1 (T1, A): A answers; escalated (A's); transferred to T2/C (A's, T1's);
     * C answers; complaint (no resolver: the assignee C, T2); escalated (C's). */
    work(d, "X1", "T1", "A", c, 10 * MINUTE);
    DOK(d, csvc_desk_escalate(d, "X1", NULL, c + HOUR));
    DOK(d, csvc_desk_transfer(d, "X1", "T2", "C", c + 2 * HOUR));
    rep(d, "X1", NULL, c + 3 * HOUR);
    DOK(d, csvc_desk_complaint(d, "X1", c + 4 * HOUR));
    DOK(d, csvc_desk_escalate(d, "X1", NULL, c + 5 * HOUR));
    /* X2 (T1, B): resolved by B, then a complaint (the resolver B's). */
    work(d, "X2", "T1", "B", c, 10 * MINUTE);
    res(d, "X2", 0, c + HOUR);
    DOK(d, csvc_desk_complaint(d, "X2", c + 2 * HOUR));
    /* X3 (T2, C): C answers; transferred to D within the team (C's); a
     * complaint (assignee D's). */
    work(d, "X3", "T2", "C", c, 10 * MINUTE);
    DOK(d, csvc_desk_transfer(d, "X3", NULL, "D", c + HOUR));
    DOK(d, csvc_desk_complaint(d, "X3", c + 2 * HOUR));
    /* After the period: another transfer and complaint on X3. */
    DOK(d, csvc_desk_transfer(d, "X3", NULL, "C", M0 + DAY));
    DOK(d, csvc_desk_complaint(d, "X3", M0 + DAY + 1));

    int64_t s = M0, e = M0 + DAY;
    /* Desk: handled X1, X2, X3 = 3; complaints 3 -> 100 per 100; transfers 2
     * -> 2/3; escalations 2 -> 2/3. */
    csvc_metrics m = DESK(d, s, e);
    assert_int_equal(m.handled, 3);
    assert_int_equal(m.complaints, 3);
    assert_near(m.complaint_rate, 100.0);
    assert_int_equal(m.transfers, 2);
    assert_near(m.transfer_rate, 2.0 / 3.0);
    assert_int_equal(m.escalations, 2);
    assert_near(m.escalation_rate, 2.0 / 3.0);
    /* A: handled X1; transfer 1, escalation 1, no complaint. */
    csvc_metrics a = AGENT(d, "A", s, e);
    assert_int_equal(a.handled, 1);
    assert_int_equal(a.transfers, 1);
    assert_near(a.transfer_rate, 1.0);
    assert_int_equal(a.escalations, 1);
    assert_near(a.escalation_rate, 1.0);
    assert_int_equal(a.complaints, 0);
    assert_near(a.complaint_rate, 0.0);
    /* B: handled X2 (reply, resolve); complaint 1 -> 100. */
    csvc_metrics b = AGENT(d, "B", s, e);
    assert_int_equal(b.handled, 1);
    assert_int_equal(b.complaints, 1);
    assert_near(b.complaint_rate, 100.0);
    assert_near(b.transfer_rate, 0.0);
    /* C: handled X1 and X3 = 2; transfer X3; escalation X1 (second); complaint X1. */
    csvc_metrics cc = AGENT(d, "C", s, e);
    assert_int_equal(cc.handled, 2);
    assert_int_equal(cc.transfers, 1);
    assert_near(cc.transfer_rate, 0.5);
    assert_int_equal(cc.escalations, 1);
    assert_near(cc.escalation_rate, 0.5);
    assert_int_equal(cc.complaints, 1);
    assert_near(cc.complaint_rate, 50.0);
    /* D: no action, one complaint: rates have no denominator. */
    csvc_metrics dd = AGENT(d, "D", s, e);
    assert_int_equal(dd.handled, 0);
    assert_int_equal(dd.complaints, 1);
    assert_nan(dd.complaint_rate);
    assert_nan(dd.transfer_rate);
    assert_nan(dd.escalation_rate);
    /* T1: handled X1 (A's reply), X2 = 2; transfer X1; escalation X1 (first);
     * complaint X2 -> 50. T2: handled X1 (C's reply), X3 = 2; transfer X3;
     * escalation X1 (second); complaints X1, X3 -> 100. */
    csvc_metrics t1 = TEAM(d, "T1", s, e), t2 = TEAM(d, "T2", s, e);
    assert_int_equal(t1.handled, 2);
    assert_int_equal(t1.transfers, 1);
    assert_int_equal(t1.escalations, 1);
    assert_int_equal(t1.complaints, 1);
    assert_near(t1.complaint_rate, 50.0);
    assert_int_equal(t2.handled, 2);
    assert_int_equal(t2.transfers, 1);
    assert_int_equal(t2.escalations, 1);
    assert_int_equal(t2.complaints, 2);
    assert_near(t2.complaint_rate, 100.0);
    check_all_agents_consistent(d, f->r, s, e);
    check_all_agents_consistent(d, f->r, s, e + DAY);
}

/* ---- backlog ---------------------------------------------------------------------- */

static void test_backlog_at_period_end(void **state)
{
    fx *f = *state;
    csvc_desk *d = f->d;
    int64_t c = M0 + HOUR, end = M0 + DAY;
    mk(d, "B1", "T1", c); /* open, A */
    asg(d, "B1", "A", c);
    work(d, "B2", "T1", "A", c, MINUTE); /* resolved after the end: open at it */
    res(d, "B2", 1, end + HOUR);
    work(d, "B3", "T1", "B", c, MINUTE); /* resolved before the end */
    res(d, "B3", 1, c + 4 * HOUR);
    mk(d, "B4", "T1", end + HOUR); /* created after the end */
    mk(d, "B5", "T1", c);          /* cancelled before the end */
    DOK(d, csvc_desk_cancel(d, "B5", NULL, c + HOUR));
    mk(d, "B6", "T2", M0 - 2 * DAY); /* old and open, C */
    asg(d, "B6", "C", M0 - 2 * DAY);
    mk(d, "B7", "T1", c); /* A's at the end, moved to D after it */
    asg(d, "B7", "A", c);
    DOK(d, csvc_desk_transfer(d, "B7", "T2", "D", end + 2 * HOUR));
    mk(d, "B8", "T1", c);                 /* unassigned */
    mk(d, "B9", "T1", end);               /* created at the end: not before it */
    work(d, "B10", "T2", "D", c, MINUTE); /* resolved, then reopened before the end */
    res(d, "B10", 0, c + HOUR);
    DOK(d, csvc_desk_reopen(d, "B10", c + 2 * HOUR));
    work(d, "B11", "T2", "D", c, MINUTE); /* resolved and closed before the end */
    res(d, "B11", 0, c + HOUR);
    DOK(d, csvc_desk_close(d, "B11", c + 2 * HOUR));

    /* Open at the end: B1, B2, B6, B7, B8, B10 = 6. A: B1, B2, B7; C: B6;
     * D: B10; T1: B1, B2, B7, B8; T2: B6, B10. */
    csvc_metrics m = DESK(d, M0, end);
    assert_int_equal(m.backlog, 6);
    assert_int_equal(AGENT(d, "A", M0, end).backlog, 3);
    assert_int_equal(AGENT(d, "B", M0, end).backlog, 0);
    assert_int_equal(AGENT(d, "C", M0, end).backlog, 1);
    assert_int_equal(AGENT(d, "D", M0, end).backlog, 1);
    assert_int_equal(TEAM(d, "T1", M0, end).backlog, 4);
    assert_int_equal(TEAM(d, "T2", M0, end).backlog, 2);
    /* The start does not matter. */
    assert_int_equal(DESK(d, end, end).backlog, 6);
    /* One second later B9 exists (open). */
    assert_int_equal(DESK(d, M0, end + 1).backlog, 7);
    /* At the very end of everything: B1, B4, B6, B7 (D), B8, B9, B10 = 7;
     * B2 resolved. D: B7, B10. */
    assert_int_equal(DESK(d, M0, end + 3 * DAY).backlog, 7);
    assert_int_equal(AGENT(d, "D", M0, end + 3 * DAY).backlog, 2);
    assert_int_equal(AGENT(d, "A", M0, end + 3 * DAY).backlog, 1);
    /* Before B6 existed. */
    assert_int_equal(DESK(d, M0 - 3 * DAY, M0 - 2 * DAY).backlog, 0);
    assert_int_equal(DESK(d, M0 - 3 * DAY, M0 - 2 * DAY + 1).backlog, 1);
    check_all_agents_consistent(d, f->r, M0, end);
    check_all_agents_consistent(d, f->r, M0, end + 3 * DAY);
}

/* ---- handled: distinct tickets per agent --------------------------------------------- */

static void test_handled_alternation(void **state)
{
    fx *f = *state;
    csvc_desk *d = f->d;
    /* H1 (T1): A, B, A act. */
    mk(d, "H1", "T1", M0);
    asg(d, "H1", "A", M0);
    rep(d, "H1", "A", M0 + 1);
    rep(d, "H1", "B", M0 + 2);
    rep(d, "H1", "A", M0 + 3);
    DOK(d, csvc_desk_note(d, "H1", "B", M0 + 4));
    /* H2 (T1): A, B, A, B, then C (of T2) acts on the T1 ticket. */
    mk(d, "H2", "T1", M0);
    asg(d, "H2", "A", M0);
    DOK(d, csvc_desk_start(d, "H2", M0 + 1)); /* the assignee A */
    DOK(d, csvc_desk_note(d, "H2", "B", M0 + 2));
    DOK(d, csvc_desk_note(d, "H2", "A", M0 + 3));
    rep(d, "H2", "B", M0 + 4);
    rep(d, "H2", "C", M0 + 5);
    rep(d, "H2", "A", M0 + 6);
    /* H3: assigned only (a dispatch, no actor): nobody handled it. */
    mk(d, "H3", "T1", M0);
    asg(d, "H3", "B", M0);
    /* H4: escalated by D (an explicit actor) on a T2 ticket. */
    mk(d, "H4", "T2", M0);
    DOK(d, csvc_desk_escalate(d, "H4", "D", M0 + 1));

    int64_t s = M0, e = M0 + DAY;
    assert_int_equal(DESK(d, s, e).handled, 3);       /* H1, H2, H4 */
    assert_int_equal(AGENT(d, "A", s, e).handled, 2); /* H1, H2 */
    assert_int_equal(AGENT(d, "B", s, e).handled, 2); /* H1, H2 */
    assert_int_equal(AGENT(d, "C", s, e).handled, 1); /* H2 */
    assert_int_equal(AGENT(d, "D", s, e).handled, 1); /* H4 */
    assert_int_equal(TEAM(d, "T1", s, e).handled, 2); /* H1, H2 (C's reply is T1's) */
    assert_int_equal(TEAM(d, "T2", s, e).handled, 1); /* H4 */
    /* A period holding only B's and C's actions on H2: [M0+4, M0+6). */
    assert_int_equal(AGENT(d, "A", M0 + 4, M0 + 6).handled, 0);
    assert_int_equal(AGENT(d, "B", M0 + 4, M0 + 6).handled, 2); /* H1 note, H2 reply */
    assert_int_equal(AGENT(d, "C", M0 + 4, M0 + 6).handled, 1);
    csvc_metrics all[4];
    memset(all, 0, sizeof all);
    csvc_period p = {s, e};
    DOK(d, csvc_desk_metrics_all_agents(d, &p, all, 4));
    assert_int_equal(all[0].handled, 2);
    assert_int_equal(all[1].handled, 2);
    assert_int_equal(all[2].handled, 1);
    assert_int_equal(all[3].handled, 1);
    check_all_agents_consistent(d, f->r, s, e);
    check_all_agents_consistent(d, f->r, M0 + 4, M0 + 6);
}

/* ---- SLA compliance ------------------------------------------------------------------ */

static void test_sla_compliance(void **state)
{
    fx *f = *state;
    csvc_desk *d = f->d;
    /* Any ticket: first response 1 h, resolution 2 h. T2: first response
     * 30 min only (the first-response due time counts). No calendar. */
    csvc_sla_policy pol = CSVC_SLA_POLICY_INIT;
    pol.first_response = HOUR;
    pol.resolution = 2 * HOUR;
    DOK(d, csvc_desk_add_sla_policy(d, &pol));
    csvc_sla_policy p2 = CSVC_SLA_POLICY_INIT;
    p2.team_id = "T2";
    p2.first_response = 30 * MINUTE;
    DOK(d, csvc_desk_add_sla_policy(d, &p2));

    int64_t c = M0 + HOUR;
    /* Q1 (A): reply +10 min, resolved +1 h: due c+2h, met. */
    work(d, "Q1", "T1", "A", c, 10 * MINUTE);
    res(d, "Q1", 1, c + HOUR);
    /* Q2 (A): reply 1 min late, resolved +1.5 h: first response breached. */
    work(d, "Q2", "T1", "A", c, HOUR + MINUTE);
    res(d, "Q2", 1, c + HOUR + 30 * MINUTE);
    /* Q3 (B): never answered: due c+2h, breached by the end. */
    mk(d, "Q3", "T1", c);
    asg(d, "Q3", "B", c);
    /* Q4 (A): created at M0+23h: due M0+25h, after the end. */
    mk(d, "Q4", "T1", M0 + 23 * HOUR);
    asg(d, "Q4", "A", M0 + 23 * HOUR);
    /* Q5 (T2, C): first-response due c+30 min, answered at +20 min: met. */
    work(d, "Q5", "T2", "C", c, 20 * MINUTE);
    /* Q6 (A): created the day before: due before the period. */
    mk(d, "Q6", "T1", M0 - DAY);
    asg(d, "Q6", "A", M0 - DAY);
    /* Q7 (A): reply +5 min, pended on the customer at +30 min until the
     * customer replies at +2 h (90 min paused), resolved at +3 h: due
     * c + 2h + 90min = c + 3.5 h, met. */
    work(d, "Q7", "T1", "A", c, 5 * MINUTE);
    DOK(d, csvc_desk_pend(d, "Q7", CSVC_PEND_CUSTOMER, c + 30 * MINUTE));
    DOK(d, csvc_desk_customer_reply(d, "Q7", c + 2 * HOUR));
    res(d, "Q7", 1, c + 3 * HOUR);
    /* Q8 (A, then B): transferred to B at M0+20h, resolved by B at M0+21h:
     * due c+2h missed; B's (assignee at the end). */
    mk(d, "Q8", "T1", c);
    asg(d, "Q8", "A", c);
    DOK(d, csvc_desk_transfer(d, "Q8", NULL, "B", M0 + 20 * HOUR));
    rep(d, "Q8", NULL, M0 + 20 * HOUR + 30 * MINUTE);
    res(d, "Q8", 0, M0 + 21 * HOUR);

    int64_t s = M0, e = M0 + DAY;
    /* Due in the period: Q1, Q2, Q3, Q5, Q7, Q8 = 6; met Q1, Q5, Q7 = 3. */
    csvc_metrics m = DESK(d, s, e);
    assert_int_equal(m.sla_due, 6);
    assert_int_equal(m.sla_met, 3);
    assert_near(m.sla_compliance, 0.5);
    csvc_metrics a = AGENT(d, "A", s, e); /* Q1, Q2, Q7 */
    assert_int_equal(a.sla_due, 3);
    assert_int_equal(a.sla_met, 2);
    assert_near(a.sla_compliance, 2.0 / 3.0);
    csvc_metrics b = AGENT(d, "B", s, e); /* Q3, Q8 */
    assert_int_equal(b.sla_due, 2);
    assert_int_equal(b.sla_met, 0);
    assert_near(b.sla_compliance, 0.0);
    csvc_metrics cc = AGENT(d, "C", s, e); /* Q5 */
    assert_int_equal(cc.sla_due, 1);
    assert_int_equal(cc.sla_met, 1);
    csvc_metrics dd = AGENT(d, "D", s, e);
    assert_int_equal(dd.sla_due, 0);
    assert_nan(dd.sla_compliance);
    csvc_metrics t1 = TEAM(d, "T1", s, e), t2 = TEAM(d, "T2", s, e);
    assert_int_equal(t1.sla_due, 5);
    assert_int_equal(t1.sla_met, 2);
    assert_near(t1.sla_compliance, 0.4);
    assert_int_equal(t2.sla_due, 1);
    assert_near(t2.sla_compliance, 1.0);
    /* [c+2h, c+3h): only the due times at c+2h (Q1, Q2, Q3, Q8); Q7's
     * c+3.5h is out. */
    m = DESK(d, c + 2 * HOUR, c + 3 * HOUR);
    assert_int_equal(m.sla_due, 4);
    assert_int_equal(m.sla_met, 1);
    /* [c+3h, c+4h): Q7 only. */
    m = DESK(d, c + 3 * HOUR, c + 4 * HOUR);
    assert_int_equal(m.sla_due, 1);
    assert_int_equal(m.sla_met, 1);
    check_all_agents_consistent(d, f->r, s, e);
}

/* ---- out of memory --------------------------------------------------------------------- */

static void test_out_of_memory(void **state)
{
    fx *f = *state;
    csvc_desk *d = f->d;
    /* Enough history for every allocation, including the pair set (a ticket
     * handled by several agents) and every duration array. */
    work(d, "N1", "T1", "A", M0, MINUTE);
    rep(d, "N1", "B", M0 + 2 * MINUTE);
    rep(d, "N1", "A", M0 + 3 * MINUTE);
    res_by(d, "N1", "B", 1, M0 + HOUR);
    DOK(d, csvc_desk_reopen(d, "N1", M0 + 2 * HOUR));
    res_by(d, "N1", "A", 1, M0 + 3 * HOUR);
    work(d, "N2", "T2", "C", M0, MINUTE);
    csvc_period p = {M0, M0 + DAY};
    csvc_metrics want[4];
    memset(want, 0, sizeof want);
    DOK(d, csvc_desk_metrics_all_agents(d, &p, want, 4));
    csvc_metrics want_desk = DESK(d, M0, M0 + DAY);

    int all_ok = 0, desk_ok = 0;
    for (long budget = 0; budget < 40 && !(all_ok && desk_ok); budget++) {
        long live = f->fa.live;
        csvc_metrics all[4];
        for (int i = 0; i < 4; i++) {
            memset(&all[i], 0x5a, sizeof all[i]);
            all[i].version = CSVC_METRICS_VERSION;
        }
        f->fa.budget = budget;
        csvc_status rc = csvc_desk_metrics_all_agents(d, &p, all, 4);
        f->fa.budget = -1;
        assert_int_equal(f->fa.live, live);
        if (rc == CSVC_OK) {
            all_ok = 1;
            for (int i = 0; i < 4; i++)
                assert_metrics_equal(&all[i], &want[i], "all_agents after failures");
        } else {
            assert_int_equal(rc, CSVC_E_NOMEM);
            assert_non_null(strstr(csvc_last_errmsg(), "out of memory"));
            assert_non_null(strstr(csvc_desk_errmsg(d), "desk_metrics_all_agents"));
            for (int i = 0; i < 4; i++)
                assert_untouched(&all[i]);
        }
        csvc_metrics one;
        memset(&one, 0x5a, sizeof one);
        one.version = CSVC_METRICS_VERSION;
        f->fa.budget = budget;
        rc = csvc_desk_metrics(d, CSVC_SCOPE_DESK, NULL, &p, &one);
        f->fa.budget = -1;
        assert_int_equal(f->fa.live, live);
        if (rc == CSVC_OK) {
            desk_ok = 1;
            assert_metrics_equal(&one, &want_desk, "desk after failures");
        } else {
            assert_int_equal(rc, CSVC_E_NOMEM);
            assert_non_null(strstr(csvc_last_errmsg(), "desk_metrics: out of memory"));
            assert_untouched(&one);
        }
    }
    assert_true(all_ok && desk_ok);
    /* The pair set was needed: A and B both handled and resolved N1. */
    assert_int_equal(want[0].handled, 1);
    assert_int_equal(want[1].handled, 1);
    assert_int_equal(want[0].resolved, 1);
    assert_int_equal(want[1].resolved, 1);
    assert_int_equal(want[1].reopened, 1);
}

/* ---- randomized cross-check against a naive implementation -------------------------------- */

typedef struct nev {
    int type, ticket, actor, agent, team, value, priority;
    int64_t time;
} nev;

typedef struct world {
    csvc_desk *d;
    const csvc_roster *r;
    nev *ev;
    size_t nev, cap;
    int nticket;
    const csvc_calendar *cal[2]; /* per team, NULL = always open */
} world;

static int team_index(const char *id)
{
    if (!id)
        return -1;
    return strcmp(id, "T1") == 0 ? 0 : strcmp(id, "T2") == 0 ? 1 : -99;
}

static int agent_index(const csvc_roster *r, const char *id)
{
    if (!id)
        return -1;
    size_t i;
    assert_csvc_ok(csvc_roster_agent_index(r, id, &i));
    return (int)i;
}

static int collect(const csvc_event *e, void *ud)
{
    world *w = ud;
    if (w->nev == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 256;
        w->ev = realloc(w->ev, w->cap * sizeof *w->ev);
        assert_non_null(w->ev);
    }
    nev *n = &w->ev[w->nev++];
    n->type = (int)e->type;
    n->ticket = atoi(e->ticket_id + 1);
    n->time = e->time;
    n->actor = agent_index(w->r, e->actor_id);
    n->agent = agent_index(w->r, e->agent_id);
    n->team = team_index(e->team_id);
    n->value = e->value;
    n->priority = (int)e->priority;
    return 0;
}

static int64_t nbiz(const world *w, int team, int64_t from, int64_t to)
{
    if (to <= from)
        return 0;
    if (!w->cal[team])
        return to - from;
    int64_t out;
    assert_csvc_ok(csvc_calendar_business_seconds(w->cal[team], from, to, &out));
    return out;
}

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

/* Sorted, then linear interpolation at (n-1)q. */
static void nstats(long long *v, int n, double *mean, double *median, double *p90)
{
    if (n == 0) {
        *mean = *median = *p90 = NAN;
        return;
    }
    qsort(v, (size_t)n, sizeof *v, cmp_ll);
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += (double)v[i];
    *mean = sum / n;
    double q[2] = {0.5, 0.9}, *out[2] = {median, p90};
    for (int j = 0; j < 2; j++) {
        double h = (n - 1) * q[j];
        int lo = (int)floor(h);
        int hi = lo + 1 < n ? lo + 1 : lo;
        *out[j] = (double)v[lo] + (h - lo) * (double)(v[hi] - v[lo]);
    }
}

static double nratio(long long num, long long den, double scale)
{
    return den ? num * scale / den : NAN;
}

/* kind 0 desk, 1 team `target`, 2 agent `target`. */
static int nmatch(int kind, int target, int agent, int team)
{
    return kind == 0 || (kind == 1 && team == target) ||
           (kind == 2 && agent >= 0 && agent == target);
}

static int assignee_acts(int type)
{
    return type == CSVC_EVENT_STARTED || type == CSVC_EVENT_AGENT_REPLY ||
           type == CSVC_EVENT_INTERNAL_NOTE || type == CSVC_EVENT_PENDED ||
           type == CSVC_EVENT_RESUMED || type == CSVC_EVENT_RESOLVED;
}

typedef struct nticket {
    int team, agent, resolver, state; /* state: 0 none, 1 open, 2 resolved, 3 closed, 4 cancelled */
    int end_state, end_agent, end_team;
    int pausing;
    int64_t pause_start, paused, paused_fr, paused_fres;
    int64_t created, first_reply, first_res, last_res, last_time;
    int handled, resolved_in, res_fc;
    int frt_match, fres_match, lres_match;
    int rated, rate_match, rate_val;
} nticket;

static void nend_pause(const world *w, nticket *t, int64_t time)
{
    if (t->pausing) {
        t->paused += nbiz(w, t->team, t->pause_start, time);
        t->pausing = 0;
    }
}

/* The metrics of one scope, from the event list with simple loops. The
 * SLA due times come from csvc_desk_sla(): policies in the random desk
 * give T1 tickets a resolution target, urgent T2 tickets a first-response
 * target only, other T2 tickets none. */
static void naive_metrics(const world *w, int kind, int target, int64_t start, int64_t end,
                          csvc_metrics *out)
{
    int n = w->nticket;
    nticket *tk = calloc((size_t)n, sizeof *tk);
    long long *frt = calloc((size_t)n + 1, sizeof *frt),
              *fres = calloc((size_t)n + 1, sizeof *fres),
              *tot = calloc((size_t)n + 1, sizeof *tot);
    assert_true(tk && frt && fres && tot);
    long long transfers = 0, escalations = 0, reopened = 0, complaints = 0;
    for (size_t i = 0; i < w->nev; i++) {
        const nev *e = &w->ev[i];
        nticket *t = &tk[e->ticket];
        int in = e->time >= start && e->time < end;
        int team = e->type == CSVC_EVENT_CREATED ? e->team : t->team;
        int actor = e->actor;
        if (actor < 0 && assignee_acts(e->type))
            actor = t->agent;
        if (in && actor >= 0 && nmatch(kind, target, actor, team))
            t->handled = 1;
        int who = t->resolver >= 0 ? t->resolver : t->agent;
        switch (e->type) {
        case CSVC_EVENT_CREATED:
            t->team = e->team;
            t->agent = t->resolver = -1;
            t->state = 1;
            t->created = e->time;
            t->first_reply = t->first_res = CSVC_TIME_NONE;
            break;
        case CSVC_EVENT_ASSIGNED:
            t->agent = e->agent;
            break;
        case CSVC_EVENT_TRANSFERRED:
            if (in && nmatch(kind, target, t->agent, t->team))
                transfers++;
            nend_pause(w, t, e->time);
            t->agent = e->agent;
            t->team = e->team;
            break;
        case CSVC_EVENT_ESCALATED:
            if (in && nmatch(kind, target, t->agent, t->team))
                escalations++;
            break;
        case CSVC_EVENT_AGENT_REPLY:
            if (t->first_reply == CSVC_TIME_NONE) {
                t->first_reply = e->time;
                /* A pause still open at the first reply counts as pause. */
                t->paused_fr =
                    t->paused + (t->pausing ? nbiz(w, t->team, t->pause_start, e->time) : 0);
                t->frt_match = in && nmatch(kind, target, actor, team);
            }
            break;
        case CSVC_EVENT_CUSTOMER_REPLY:
        case CSVC_EVENT_RESUMED:
            nend_pause(w, t, e->time);
            break;
        case CSVC_EVENT_PENDED:
            if (e->value == CSVC_PEND_CUSTOMER) {
                t->pausing = 1;
                t->pause_start = e->time;
            }
            break;
        case CSVC_EVENT_RESOLVED:
            nend_pause(w, t, e->time);
            t->resolver = actor;
            t->state = 2;
            if (t->first_res == CSVC_TIME_NONE) {
                t->first_res = e->time;
                t->paused_fres = t->paused;
                t->fres_match = in && nmatch(kind, target, actor, team);
            }
            t->last_res = e->time;
            t->lres_match = in && nmatch(kind, target, actor, team);
            if (t->lres_match) {
                t->resolved_in = 1;
                t->res_fc = e->value;
            }
            break;
        case CSVC_EVENT_CLOSED:
            t->state = 3;
            break;
        case CSVC_EVENT_REOPENED:
            t->state = 1;
            if (in && nmatch(kind, target, t->resolver, team))
                reopened++;
            break;
        case CSVC_EVENT_RATED:
            if (in) {
                t->rated = 1;
                t->rate_match = nmatch(kind, target, who, team);
                t->rate_val = e->value;
            }
            break;
        case CSVC_EVENT_COMPLAINT:
            if (in && nmatch(kind, target, who, team))
                complaints++;
            break;
        case CSVC_EVENT_CANCELLED:
            t->state = 4;
            break;
        default:
            break;
        }
        t->last_time = e->time;
        if (e->time < end) {
            t->end_state = t->state;
            t->end_agent = t->agent;
            t->end_team = t->team;
        }
    }
    long long handled = 0, resolved = 0, fc = 0, sla_due = 0, sla_met = 0, backlog = 0;
    long long csat_n = 0, csat_good = 0, csat_sum = 0;
    int nf = 0, nr = 0, nt = 0;
    for (int k = 0; k < n; k++) {
        nticket *t = &tk[k];
        handled += t->handled;
        resolved += t->resolved_in;
        fc += t->resolved_in && t->res_fc;
        if (t->rated && t->rate_match) {
            csat_n++;
            csat_sum += t->rate_val;
            csat_good += t->rate_val >= 4;
        }
        if (t->frt_match)
            frt[nf++] = nbiz(w, t->team, t->created, t->first_reply) - t->paused_fr;
        if (t->fres_match)
            fres[nr++] = nbiz(w, t->team, t->created, t->first_res) - t->paused_fres;
        if ((t->state == 2 || t->state == 3) && t->lres_match)
            tot[nt++] = nbiz(w, t->team, t->created, t->last_res) - t->paused;
        if (t->end_state == 0 || !nmatch(kind, target, t->end_agent, t->end_team))
            continue;
        backlog += t->end_state == 1;
        char id[16];
        snprintf(id, sizeof id, "R%04d", k);
        csvc_ticket_info info;
        DOK(w->d, csvc_desk_get_ticket(w->d, id, &info));
        csvc_sla_status st = CSVC_SLA_STATUS_INIT;
        DOK(w->d, csvc_desk_sla(w->d, id, t->last_time > end ? t->last_time : end, &st));
        int64_t due;
        if (t->team == 0)
            due = st.resolution_due;
        else if (info.priority == CSVC_PRIORITY_URGENT)
            due = st.first_response_due;
        else
            continue;
        if (due == CSVC_TIME_NONE || due < start || due >= end)
            continue;
        sla_due++;
        sla_met += !st.first_response_breached && !st.resolution_breached;
    }
    csvc_metrics m;
    memset(&m, 0, sizeof m);
    m.version = CSVC_METRICS_VERSION;
    m.handled = handled;
    m.resolved = resolved;
    m.resolution_rate = nratio(resolved, handled, 1);
    m.first_contact = fc;
    m.fcr = nratio(fc, resolved, 1);
    m.first_response_count = nf;
    nstats(frt, nf, &m.first_response_mean, &m.first_response_median, &m.first_response_p90);
    m.resolution_count = nr;
    nstats(fres, nr, &m.resolution_mean, &m.resolution_median, &m.resolution_p90);
    nstats(tot, nt, &m.total_resolution_mean, &m.total_resolution_median, &m.total_resolution_p90);
    m.sla_due = sla_due;
    m.sla_met = sla_met;
    m.sla_compliance = nratio(sla_met, sla_due, 1);
    m.reopened = reopened;
    m.reopen_rate = nratio(reopened, resolved, 1);
    m.csat_count = csat_n;
    m.csat = nratio(csat_good, csat_n, 1);
    m.csat_mean = nratio(csat_sum, csat_n, 1);
    m.complaints = complaints;
    m.complaint_rate = nratio(complaints, handled, 100);
    m.transfers = transfers;
    m.escalations = escalations;
    m.transfer_rate = nratio(transfers, handled, 1);
    m.escalation_rate = nratio(escalations, handled, 1);
    m.backlog = backlog;
    *out = m;
    free(tk);
    free(frt);
    free(fres);
    free(tot);
}

static uint64_t rng;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)((rng >> 11) % n);
}

static const char *const agent_ids[] = {"A", "B", "C", "D", "E"};

/* A transfer or assignment with an explicit actor (a supervisor moving
 * work): an agent action, credited with the team before the move. */
static void move_as(csvc_desk *d, csvc_event_type type, const char *id, const char *team,
                    const char *agent, const char *actor, int64_t now)
{
    csvc_event e = CSVC_EVENT_INIT;
    e.type = type;
    e.ticket_id = id;
    e.team_id = team;
    e.agent_id = agent;
    e.actor_id = actor;
    e.time = now;
    csvc_desk_apply(d, &e);
}

/* One random, mostly valid, operation on ticket `id` at `now`. Operations
 * the desk refuses (an expired reopen window, tier 3, ...) are ignored. */
static void random_op(csvc_desk *d, const char *id, int64_t now)
{
    csvc_ticket_info info;
    DOK(d, csvc_desk_get_ticket(d, id, &info));
    const char *someone = agent_ids[rnd(5)];
    const char *team = rnd(2) ? "T1" : "T2";
    uint32_t r = rnd(100);
    switch (info.state) {
    case CSVC_STATE_NEW:
    case CSVC_STATE_ASSIGNED:
        if (r < 25)
            csvc_desk_assign(d, id, someone, now);
        else if (r < 35)
            move_as(d, CSVC_EVENT_ASSIGNED, id, NULL, someone, agent_ids[rnd(5)], now);
        else if (r < 55)
            csvc_desk_agent_reply(d, id, r < 45 ? NULL : someone, now);
        else if (r < 65)
            csvc_desk_start(d, id, now);
        else if (r < 70)
            csvc_desk_transfer(d, id, r < 68 ? team : NULL, r < 67 ? NULL : someone, now);
        else if (r < 75)
            move_as(d, CSVC_EVENT_TRANSFERRED, id, r < 73 ? team : NULL, r < 72 ? NULL : someone,
                    agent_ids[rnd(5)], now);
        else if (r < 80)
            csvc_desk_escalate(d, id, r < 78 ? NULL : someone, now);
        else if (r < 84)
            csvc_desk_cancel(d, id, NULL, now);
        else if (r < 90)
            csvc_desk_note(d, id, someone, now);
        else if (r < 95)
            csvc_desk_complaint(d, id, now);
        else
            csvc_desk_customer_reply(d, id, now);
        break;
    case CSVC_STATE_IN_PROGRESS:
    case CSVC_STATE_PENDING:
        if (r < 20)
            csvc_desk_agent_reply(d, id, r < 12 ? NULL : someone, now);
        else if (r < 28)
            csvc_desk_note(d, id, r < 24 ? NULL : someone, now);
        else if (r < 40)
            csvc_desk_pend(d, id, r < 35 ? CSVC_PEND_CUSTOMER : CSVC_PEND_INTERNAL, now);
        else if (r < 48)
            csvc_desk_resume(d, id, now);
        else if (r < 56)
            csvc_desk_customer_reply(d, id, now);
        else if (r < 70)
            csvc_desk_resolve(d, id, NULL, (int)rnd(2), now);
        else if (r < 78) {
            csvc_event e = CSVC_EVENT_INIT;
            e.type = CSVC_EVENT_RESOLVED;
            e.ticket_id = id;
            e.actor_id = someone;
            e.value = (int32_t)rnd(2);
            e.time = now;
            csvc_desk_apply(d, &e);
        } else if (r < 82)
            csvc_desk_transfer(d, id, r < 80 ? team : NULL, r < 79 ? NULL : someone, now);
        else if (r < 86)
            move_as(d, CSVC_EVENT_TRANSFERRED, id, r < 84 ? team : NULL, r < 83 ? NULL : someone,
                    agent_ids[rnd(5)], now);
        else if (r < 92)
            csvc_desk_escalate(d, id, r < 90 ? NULL : someone, now);
        else
            csvc_desk_complaint(d, id, now);
        break;
    case CSVC_STATE_RESOLVED:
    case CSVC_STATE_CLOSED:
        if (r < 25)
            csvc_desk_close(d, id, now);
        else if (r < 45)
            csvc_desk_reopen(d, id, now);
        else if (r < 85)
            csvc_desk_rate(d, id, (int32_t)rnd(5) + 1, now);
        else
            csvc_desk_complaint(d, id, now);
        break;
    default:
        break;
    }
}

/* The world's events of the tickets whose priority is in `mask` (bits):
 * the same ticket numbers, so the naive code reads them unchanged. */
static world filtered(const world *w, uint32_t mask)
{
    world f = *w;
    f.ev = calloc(w->nev + 1, sizeof *f.ev);
    assert_non_null(f.ev);
    f.nev = f.cap = 0;
    int *priority = calloc((size_t)w->nticket + 1, sizeof *priority);
    assert_non_null(priority);
    for (size_t i = 0; i < w->nev; i++)
        if (w->ev[i].type == CSVC_EVENT_CREATED)
            priority[w->ev[i].ticket] = w->ev[i].priority;
    for (size_t i = 0; i < w->nev; i++)
        if (mask >> priority[w->ev[i].ticket] & 1u)
            f.ev[f.nev++] = w->ev[i];
    free(priority);
    return f;
}

/* Slices (by priority, and a priority mask) against the naive code over
 * the tickets of the slice; the daily series against each day alone. */
static void check_slices(const world *w, int64_t start, int64_t end)
{
    char what[128];
    csvc_metrics want, rows[CSVC_PRIORITY_COUNT];
    csvc_period p = {start, end};
    csvc_metrics_slice by = CSVC_METRICS_SLICE_INIT;
    by.by = CSVC_METRICS_BY_PRIORITY;
    memset(rows, 0, sizeof rows);
    DOK(w->d, csvc_desk_metrics_sliced(w->d, CSVC_SCOPE_DESK, NULL, &p, &by, rows,
                                       CSVC_PRIORITY_COUNT));
    size_t n = csvc_roster_agent_count(w->r);
    csvc_metrics *all = calloc(n * CSVC_PRIORITY_COUNT, sizeof *all);
    assert_non_null(all);
    DOK(w->d, csvc_desk_metrics_all_agents_sliced(w->d, &p, &by, all, n * CSVC_PRIORITY_COUNT));
    for (int pr = 0; pr < CSVC_PRIORITY_COUNT; pr++) {
        world f = filtered(w, 1u << pr);
        naive_metrics(&f, 0, 0, start, end, &want);
        snprintf(what, sizeof what, "desk priority %d [%lld, %lld)", pr, (long long)start,
                 (long long)end);
        assert_metrics_equal(&rows[pr], &want, what);
        for (size_t a = 0; a < n; a++) {
            naive_metrics(&f, 2, (int)a, start, end, &want);
            snprintf(what, sizeof what, "agent %s priority %d", agent_ids[a], pr);
            assert_metrics_equal(&all[a * CSVC_PRIORITY_COUNT + (size_t)pr], &want, what);
        }
        free(f.ev);
    }
    free(all);
    /* A mask: high and urgent tickets of team T2. */
    csvc_metrics_slice mask = CSVC_METRICS_SLICE_INIT;
    mask.priorities = 1u << CSVC_PRIORITY_HIGH | 1u << CSVC_PRIORITY_URGENT;
    csvc_metrics got;
    memset(&got, 0, sizeof got);
    DOK(w->d, csvc_desk_metrics_sliced(w->d, CSVC_SCOPE_TEAM, "T2", &p, &mask, &got, 1));
    world f = filtered(w, mask.priorities);
    naive_metrics(&f, 1, 1, start, end, &want);
    assert_metrics_equal(&got, &want, "team T2, high and urgent");
    free(f.ev);
    /* Daily at +08:00: each day as the naive code computes it alone. */
    size_t days;
    assert_csvc_ok(csvc_metrics_day_count(&p, 8 * 3600, &days));
    if (days == 0 || days > 40)
        return;
    csvc_metrics *daily = calloc(days, sizeof *daily);
    assert_non_null(daily);
    DOK(w->d, csvc_desk_metrics_daily(w->d, CSVC_SCOPE_DESK, NULL, &p, 8 * 3600, NULL, daily,
                                      days));
    int64_t midnight = (start + 8 * 3600) / 86400 * 86400 - 8 * 3600; /* the first local day */
    for (size_t k = 0; k < days; k++) {
        int64_t from = k == 0 ? start : midnight + (int64_t)k * 86400;
        int64_t to = k + 1 == days ? end : midnight + (int64_t)(k + 1) * 86400;
        naive_metrics(w, 0, 0, from, to, &want);
        snprintf(what, sizeof what, "day %zu [%lld, %lld)", k, (long long)from, (long long)to);
        assert_metrics_equal(&daily[k], &want, what);
    }
    free(daily);
}

static void check_against_naive(world *w, int64_t start, int64_t end)
{
    char what[96];
    csvc_metrics got, want;
    naive_metrics(w, 0, 0, start, end, &want);
    got = DESK(w->d, start, end);
    snprintf(what, sizeof what, "desk [%lld, %lld)", (long long)start, (long long)end);
    assert_metrics_equal(&got, &want, what);
    for (int t = 0; t < 2; t++) {
        naive_metrics(w, 1, t, start, end, &want);
        got = TEAM(w->d, t ? "T2" : "T1", start, end);
        snprintf(what, sizeof what, "team %d [%lld, %lld)", t + 1, (long long)start,
                 (long long)end);
        assert_metrics_equal(&got, &want, what);
    }
    size_t n = csvc_roster_agent_count(w->r);
    csvc_metrics *all = calloc(n, sizeof *all);
    assert_non_null(all);
    csvc_period p = {start, end};
    DOK(w->d, csvc_desk_metrics_all_agents(w->d, &p, all, n));
    for (size_t a = 0; a < n; a++) {
        naive_metrics(w, 2, (int)a, start, end, &want);
        snprintf(what, sizeof what, "agent %s [%lld, %lld)", agent_ids[a], (long long)start,
                 (long long)end);
        assert_metrics_equal(&all[a], &want, what);
        got = AGENT(w->d, agent_ids[a], start, end);
        assert_metrics_equal(&got, &want, what);
    }
    free(all);
    check_slices(w, start, end);
}

static void run_random(fx *f, uint64_t seed, int ntickets)
{
    csvc_desk *d = f->d;
    rng = seed;
    csvc_calendar *cal = office_calendar();
    DOK(d, csvc_desk_set_calendar(d, "T1", cal));
    csvc_sla_policy p1 = CSVC_SLA_POLICY_INIT;
    p1.team_id = "T1";
    p1.first_response = 2 * HOUR;
    p1.resolution = DAY;
    DOK(d, csvc_desk_add_sla_policy(d, &p1));
    csvc_sla_policy p2 = CSVC_SLA_POLICY_INIT;
    p2.team_id = "T2";
    p2.priority = CSVC_PRIORITY_URGENT;
    p2.first_response = 30 * MINUTE;
    DOK(d, csvc_desk_add_sla_policy(d, &p2));

    int64_t now = M0 - DAY;
    int created = 0;
    char id[16];
    for (int step = 0; created < ntickets || step < ntickets * 12; step++) {
        now += 1 + rnd(400);
        if (created < ntickets && (created == 0 || rnd(6) == 0)) {
            snprintf(id, sizeof id, "R%04d", created++);
            mk_prio(d, id, rnd(2) ? "T1" : "T2", (csvc_priority)rnd(4), now);
        } else {
            snprintf(id, sizeof id, "R%04d", (int)rnd((uint32_t)created));
            random_op(d, id, now);
        }
        if (step % 97 == 0)
            DOK(d, csvc_desk_auto_close(d, now, NULL));
    }

    world w;
    memset(&w, 0, sizeof w);
    w.d = d;
    w.r = f->r;
    w.nticket = created;
    w.cal[0] = cal;
    DOK(d, csvc_desk_foreach_event(d, NULL, NULL, collect, &w));
    assert_int_equal(w.nev, csvc_desk_event_count(d));
    int64_t last = now;
    const int64_t periods[][2] = {
        {M0, M0 + 3 * DAY},
        {M0 + DAY + 5 * HOUR, M0 + 2 * DAY + 17 * HOUR},
        {M0 - 2 * DAY, last + DAY},
        {M0 + 2 * DAY, M0 + 2 * DAY},
        {M0 + 4 * DAY + 1234, M0 + 9 * DAY},
    };
    for (size_t i = 0; i < sizeof periods / sizeof *periods; i++)
        check_against_naive(&w, periods[i][0], periods[i][1]);
    free(w.ev);
    csvc_calendar_free(cal);
}

static void test_random_against_naive(void **state)
{
    fx *f = *state;
    /* A fifth agent joins T1 after the desk exists. */
    fx_add_agent(f->r, "E", "T1", 1);
    run_random(f, UINT64_C(0x9E3779B97F4A7C15), 400);
    csvc_metrics m = DESK(f->d, M0 - 2 * DAY, M0 + 60 * DAY);
    /* The history is rich enough to exercise every metric. */
    assert_true(m.handled > 100);
    assert_true(m.reopened > 5);
    assert_true(m.transfers > 5);
    assert_true(m.complaints > 5);
    assert_true(m.csat_count > 20);
    assert_true(m.sla_due > 20);
    assert_true(m.sla_met > 0 && m.sla_met < m.sla_due);
    assert_true(m.first_response_count > 100);
    assert_true(m.backlog > 0);
}

static void test_random_against_naive_seed2(void **state)
{
    fx *f = *state;
    fx_add_agent(f->r, "E", "T1", 1);
    run_random(f, UINT64_C(12345), 250);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_all_agents_versions_and_roster_growth, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_empty_period, setup, teardown),
        cmocka_unit_test_setup_teardown(test_first_response_percentiles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_first_response_attribution, setup, teardown),
        cmocka_unit_test_setup_teardown(test_business_hours_and_pauses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fcr_reopen_resolution_times, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csat_latest_rating_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_complaints_transfers_escalations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backlog_at_period_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_handled_alternation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sla_compliance, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slice_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_against_naive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_against_naive_seed2, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
