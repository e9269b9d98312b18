/* Desk CSV interchange: the event-log import, the flat ticket import, the
 * export, and the all-or-nothing rule on every error path.
 *
 * Expected values are counted by hand from examples/data/tickets_events.csv
 * (53 rows, 8 tickets) and examples/data/tickets_flat.csv (24 rows); the
 * arithmetic is in the comments. Unix times come from GNU `date -u -d TIME +%s`.
 * Tests run in tests/unit, so the example data is two directories up. */
#include "fixtures.h"

#include "desk/desk_internal.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define ROSTER_CSV "../../examples/data/roster.csv"
#define EVENTS_CSV "../../examples/data/tickets_events.csv"
#define FLAT_CSV "../../examples/data/tickets_flat.csv"

/* Events example: 2025-11-03T09:12:00+08:00 = 2025-11-03T01:12:00Z, etc. */
#define RMA1001_CREATED INT64_C(1762132320)   /* 2025-11-03T01:12:00Z */
#define RMA1001_REPLY INT64_C(1762134000)     /* 2025-11-03T01:40:00Z */
#define RMA1001_RESOLVED INT64_C(1762245000)  /* 2025-11-04T08:30:00Z */
#define RMA1001_CLOSED INT64_C(1762504200)    /* 2025-11-07T08:30:00Z */
#define CMP3001_CREATED INT64_C(1762225200)   /* 2025-11-04T03:00:00Z */
#define CMP3001_FIRST_RES INT64_C(1762246800) /* 2025-11-04T09:00:00Z */
#define CMP3001_RESOLVED INT64_C(1762322400)  /* 2025-11-05T06:00:00Z */
#define RMA1001_RATED INT64_C(1762300800)     /* 2025-11-05T00:00:00Z */

/* Flat example. */
#define HD5007_CREATED INT64_C(1762747200)  /* 2025-11-10T04:00:00Z */
#define HD5007_REPLY INT64_C(1762747320)    /* 04:02:00Z = created + 120 */
#define HD5007_RESOLVED INT64_C(1762767000) /* 2025-11-10T09:30:00Z */
#define HD5007_CLOSED INT64_C(1763026200)   /* 2025-11-13T09:30:00Z */
#define HD5009_REPLY INT64_C(1762761600)    /* 2025-11-10T08:00:00Z */
#define HD5008_RESOLVED INT64_C(1762826400) /* 2025-11-11T02:00:00Z */
#define HD5022_RESOLVED INT64_C(1762999200) /* 2025-11-13T02:00:00Z */

/* Small hand-made inputs. */
#define T_0100Z INT64_C(1763600400) /* 2025-11-20T01:00:00Z = 09:00:00+08:00 */
#define T_0105Z INT64_C(1763600700) /* 2025-11-20T01:05:00Z */

#define EV_HDR                                                                                     \
    "ticket_id,type,time,actor_id,agent_id,team_id,customer_id,related_id,code,channel,"           \
    "category,priority,value\n"
#define TK_HDR                                                                                     \
    "ticket_id,customer_id,agent_id,team_id,channel,category,priority,created,first_reply,"        \
    "resolved,closed,reopened,csat,complaint,first_contact\n"


typedef struct fixture {
    csvc_roster *roster;
    csvc_desk *desk; /* holds the events example (53 events, 8 tickets) */
    char dir[64];    /* a private temporary directory */
} fixture;

static csvc_roster *load_roster(void)
{
    csvc_roster *r;
    assert_csvc_ok(csvc_roster_new(NULL, &r));
    assert_ok(r, csvc_roster_import_csv(r, ROSTER_CSV));
    return r;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->roster = load_roster();
    assert_csvc_ok(csvc_desk_new(f->roster, NULL, &f->desk));
    assert_ok(f->desk, csvc_desk_import_events_csv(f->desk, EVENTS_CSV));
    snprintf(f->dir, sizeof f->dir, "/tmp/csvc_desk_csv_XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    *state = f;
    return 0;
}

/* Removes every file of the temporary directory, then the directory. */
static void remove_dir(const char *dir)
{
    DIR *dp = opendir(dir);
    if (dp) {
        struct dirent *e;
        char path[512];
        while ((e = readdir(dp)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            if (remove(path) != 0)
                rmdir(path);
        }
        closedir(dp);
    }
    rmdir(dir);
}

static int teardown(void **state)
{
    fixture *f = *state;
    csvc_desk_free(f->desk);
    csvc_roster_free(f->roster);
    remove_dir(f->dir);
    free(f);
    return 0;
}

static uint64_t checksum(const csvc_desk *d)
{
    uint64_t sum;
    assert_ok(d, csvc_desk_checksum(d, &sum));
    return sum;
}

static csvc_ticket_info ticket(const csvc_desk *d, const char *id)
{
    csvc_ticket_info t;
    assert_ok(d, csvc_desk_get_ticket(d, id, &t));
    return t;
}

static csvc_event event_at(const csvc_desk *d, uint64_t seq)
{
    csvc_event e;
    assert_ok(d, csvc_desk_event_at(d, seq, &e));
    return e;
}

static int count_by_type(const csvc_event *e, void *ud)
{
    ((uint64_t *)ud)[e->type]++;
    return 0;
}

/* Reads a whole file into a malloc'd string (NULL when it cannot be read). */
static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, fp);
    buf[got] = '\0';
    fclose(fp);
    return buf;
}

static int files_in(const char *dir)
{
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(dp);
    return n;
}

/* The desk before a failing call, to prove the call changed nothing. */
typedef struct snapshot {
    uint64_t sum, events;
    size_t tickets;
} snapshot;

static snapshot snap(const csvc_desk *d)
{
    snapshot s = {checksum(d), csvc_desk_event_count(d), csvc_desk_ticket_count(d)};
    return s;
}

static void assert_unchanged(const csvc_desk *d, snapshot before)
{
    snapshot now = snap(d);
    assert_int_equal(now.sum, before.sum);
    assert_int_equal(now.events, before.events);
    assert_int_equal(now.tickets, before.tickets);
}

/* Runs a failing import of `text` and checks status, message (thread and
 * desk) and that the desk is exactly as before. */
static void expect_fail(csvc_desk *d, int flat, const char *text, csvc_status status,
                        const char *needle)
{
    snapshot before = snap(d);
    csvc_status rc = flat ? csvc_desk_import_tickets_csv_buffer(d, text, strlen(text))
                          : csvc_desk_import_events_csv_buffer(d, text, strlen(text));
    assert_status_msg(rc, status, needle);
    if (!strstr(csvc_desk_errmsg(d), needle))
        fail_msg("desk message '%s' lacks '%s'", csvc_desk_errmsg(d), needle);
    assert_unchanged(d, before);
}

#define expect_events_fail(d, text, status, needle) expect_fail(d, 0, text, status, needle)
#define expect_tickets_fail(d, text, status, needle) expect_fail(d, 1, text, status, needle)

/* ---- events example ------------------------------------------------------ */

static void test_events_example_counts(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    /* 8 tickets: RMA-1001, LOG-2001, CMP-3001, RET-1002, RET-1003, LOG-2002,
     * PRE-0001, RMA-1004; events 9+10+12+5+2+8+5+2 = 53. */
    assert_int_equal(csvc_desk_ticket_count(d), 8);
    assert_int_equal(csvc_desk_event_count(d), 53);
    uint64_t by_type[CSVC_EVENT_TYPE_COUNT] = {0};
    assert_ok(d, csvc_desk_foreach_event(d, NULL, NULL, count_by_type, by_type));
    /* Counted in the file per type; they add up to 53:
     * 8+7+2+1+1+12+3+1+3+1+6+2+1+3+1+1. */
    static const uint64_t expected[CSVC_EVENT_TYPE_COUNT] = {
        [CSVC_EVENT_CREATED] = 8,        [CSVC_EVENT_ASSIGNED] = 7,
        [CSVC_EVENT_TRANSFERRED] = 2,    [CSVC_EVENT_ESCALATED] = 1,
        [CSVC_EVENT_STARTED] = 1,        [CSVC_EVENT_AGENT_REPLY] = 12,
        [CSVC_EVENT_CUSTOMER_REPLY] = 3, [CSVC_EVENT_INTERNAL_NOTE] = 1,
        [CSVC_EVENT_PENDED] = 3,         [CSVC_EVENT_RESUMED] = 1,
        [CSVC_EVENT_RESOLVED] = 6,       [CSVC_EVENT_CLOSED] = 2,
        [CSVC_EVENT_REOPENED] = 1,       [CSVC_EVENT_RATED] = 3,
        [CSVC_EVENT_COMPLAINT] = 1,      [CSVC_EVENT_CANCELLED] = 1,
    };
    for (int i = 0; i < CSVC_EVENT_TYPE_COUNT; i++)
        if (by_type[i] != expected[i])
            fail_msg("%s: %llu events, expected %llu", csvc_event_type_name((csvc_event_type)i),
                     (unsigned long long)by_type[i], (unsigned long long)expected[i]);
}

static void test_events_example_tickets(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    csvc_ticket_info t = ticket(d, "RMA-1001");
    assert_int_equal(t.state, CSVC_STATE_CLOSED);
    assert_string_equal(t.team_id, "RET");
    assert_string_equal(t.agent_id, "A202");
    assert_string_equal(t.customer_id, "C-88012");
    assert_int_equal(t.channel, CSVC_CHANNEL_EMAIL);
    assert_int_equal(t.category, CSVC_CATEGORY_RETURN_REFUND);
    assert_int_equal(t.csat, 5);
    assert_int_equal(t.reopen_count, 0);
    assert_int_equal(t.created, RMA1001_CREATED);
    assert_int_equal(t.first_response, RMA1001_REPLY);
    assert_int_equal(t.resolved, RMA1001_RESOLVED);
    assert_int_equal(t.closed, RMA1001_CLOSED);
    assert_int_equal(t.event_count, 9);

    t = ticket(d, "CMP-3001");
    assert_int_equal(t.state, CSVC_STATE_RESOLVED);
    assert_int_equal(t.priority, CSVC_PRIORITY_URGENT);
    assert_string_equal(t.agent_id, "A301"); /* transferred from A304 */
    assert_string_equal(t.team_id, "CMP");   /* A301's team */
    assert_int_equal(t.tier, 2);
    assert_int_equal(t.transfer_count, 1);
    assert_int_equal(t.reopen_count, 1);
    assert_int_equal(t.complaints, 1);
    assert_int_equal(t.csat, 2);
    assert_int_equal(t.created, CMP3001_CREATED);
    assert_int_equal(t.first_resolved, CMP3001_FIRST_RES);
    assert_int_equal(t.resolved, CMP3001_RESOLVED);
    assert_int_equal(t.event_count, 12);

    t = ticket(d, "RET-1002");
    assert_int_equal(t.state, CSVC_STATE_RESOLVED);
    assert_int_equal(t.first_contact, 1);
    assert_int_equal(t.csat, 4);
    assert_int_equal(t.channel, CSVC_CHANNEL_WEB_FORM);
    assert_int_equal(t.category, CSVC_CATEGORY_REPAIR_WARRANTY);

    t = ticket(d, "RET-1003");
    assert_int_equal(t.state, CSVC_STATE_CANCELLED);
    assert_string_equal(t.related_id, "RMA-1001");
    assert_int_equal(t.event_count, 2);

    t = ticket(d, "LOG-2002");
    assert_int_equal(t.state, CSVC_STATE_RESOLVED);
    assert_string_equal(t.team_id, "RET");
    assert_string_equal(t.agent_id, "A203");
    assert_int_equal(t.transfer_count, 1);
    assert_int_equal(t.event_count, 8);

    t = ticket(d, "LOG-2001");
    assert_int_equal(t.state, CSVC_STATE_CLOSED);
    assert_int_equal(t.priority, CSVC_PRIORITY_HIGH);
    assert_int_equal(t.event_count, 10);

    t = ticket(d, "PRE-0001");
    assert_int_equal(t.state, CSVC_STATE_IN_PROGRESS);
    assert_int_equal(t.event_count, 5);

    t = ticket(d, "RMA-1004");
    assert_int_equal(t.state, CSVC_STATE_ASSIGNED);
    assert_string_equal(t.related_id, "RMA-1001");
    assert_string_equal(t.agent_id, "A205");
    assert_int_equal(t.priority, CSVC_PRIORITY_HIGH);
}

static void test_events_example_rows(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    /* File line L holds event seq L-1 (line 1 is the header). */
    csvc_event e = event_at(d, 1); /* line 2 */
    assert_int_equal(e.type, CSVC_EVENT_CREATED);
    assert_string_equal(e.ticket_id, "RMA-1001");
    assert_int_equal(e.time, RMA1001_CREATED);
    assert_string_equal(e.team_id, "RET");
    assert_null(e.actor_id);

    e = event_at(d, 4); /* line 5: pended, value "customer" */
    assert_int_equal(e.type, CSVC_EVENT_PENDED);
    assert_int_equal(e.value, CSVC_PEND_CUSTOMER);
    e = event_at(d, 10); /* line 11: pended, value "internal" */
    assert_int_equal(e.type, CSVC_EVENT_PENDED);
    assert_string_equal(e.ticket_id, "LOG-2001");
    assert_int_equal(e.value, CSVC_PEND_INTERNAL);

    e = event_at(d, 19); /* line 20: escalated, tier 1 -> 2 */
    assert_int_equal(e.type, CSVC_EVENT_ESCALATED);
    assert_int_equal(e.value, 2);
    assert_string_equal(e.actor_id, "A304");

    e = event_at(d, 23); /* line 24: RMA-1001 resolved at 16:30+08:00 */
    assert_int_equal(e.type, CSVC_EVENT_RESOLVED);
    assert_string_equal(e.ticket_id, "RMA-1001");
    assert_string_equal(e.code, "refund_issued");
    assert_int_equal(e.time, RMA1001_RESOLVED);

    e = event_at(d, 25); /* line 26: quoted comment with a comma */
    assert_int_equal(e.type, CSVC_EVENT_RATED);
    assert_int_equal(e.value, 5);
    assert_string_equal(e.code, "Quick refund, thanks");
    assert_int_equal(e.time, RMA1001_RATED);

    e = event_at(d, 53); /* line 54: the last row */
    assert_int_equal(e.type, CSVC_EVENT_ASSIGNED);
    assert_string_equal(e.ticket_id, "RMA-1004");
    assert_string_equal(e.agent_id, "A205");
}

/* ---- flat example -------------------------------------------------------- */

typedef struct collected {
    csvc_event_type type[32];
    int64_t time[32];
    int32_t value[32];
    const char *actor[32];
    int n;
} collected;

static int collect(const csvc_event *e, void *ud)
{
    collected *c = ud;
    if (c->n < 32) {
        c->type[c->n] = e->type;
        c->time[c->n] = e->time;
        c->value[c->n] = e->value;
        c->actor[c->n] = e->actor_id;
    }
    c->n++;
    return 0;
}

static void test_flat_example(void **state)
{
    fixture *f = *state;
    csvc_desk *d;
    assert_csvc_ok(csvc_desk_new(f->roster, NULL, &d));
    assert_ok(d, csvc_desk_import_tickets_csv(d, FLAT_CSV));
    assert_int_equal(csvc_desk_ticket_count(d), 24);
    /* Per row: 1 created + 1 assigned (agent set) + 1 reply (first_reply)
     * + 1 resolved + 2 per reopening + 1 closed + 1 rated + complaints:
     * 6+6+4+8+3+1+12+6+4+6+6+6+6+5+5+2+7+3+6+5+5+8+2+1 = 123. */
    assert_int_equal(csvc_desk_event_count(d), 123);
    uint64_t by_type[CSVC_EVENT_TYPE_COUNT] = {0};
    assert_ok(d, csvc_desk_foreach_event(d, NULL, NULL, count_by_type, by_type));
    assert_int_equal(by_type[CSVC_EVENT_CREATED], 24);
    assert_int_equal(by_type[CSVC_EVENT_ASSIGNED], 22);    /* all but HD-5006, HD-5024 */
    assert_int_equal(by_type[CSVC_EVENT_AGENT_REPLY], 20); /* no reply: 5006 5016 5023 5024 */
    assert_int_equal(by_type[CSVC_EVENT_RESOLVED], 22);    /* 17 rows + 5 reopenings */
    assert_int_equal(by_type[CSVC_EVENT_REOPENED], 5);     /* 5004 1, 5007 2, 5012 1, 5022 1 */
    assert_int_equal(by_type[CSVC_EVENT_CLOSED], 11);
    assert_int_equal(by_type[CSVC_EVENT_RATED], 13);
    assert_int_equal(by_type[CSVC_EVENT_COMPLAINT], 6); /* 5007 2, 5008, 5009, 5017, 5022 */

    /* States: new 5006 5024; assigned 5016 5023; in progress 5005 5009 5018;
     * resolved 5003 5008 5012 5015 5020 5022; the other 11 closed. */
    int states[CSVC_STATE_COUNT] = {0}, fcr = 0;
    for (size_t i = 0; i < csvc_desk_ticket_count(d); i++) {
        csvc_ticket_info t;
        assert_ok(d, csvc_desk_ticket_at(d, i, &t));
        states[t.state]++;
        fcr += t.first_contact;
    }
    assert_int_equal(states[CSVC_STATE_NEW], 2);
    assert_int_equal(states[CSVC_STATE_ASSIGNED], 2);
    assert_int_equal(states[CSVC_STATE_IN_PROGRESS], 3);
    assert_int_equal(states[CSVC_STATE_RESOLVED], 6);
    assert_int_equal(states[CSVC_STATE_CLOSED], 11);
    /* first_contact=1: 5002 5003 5010 5013 5014 5015 5019 5020. */
    assert_int_equal(fcr, 8);

    /* HD-5007: reopened twice, closed, rated 1, two complaints. */
    collected c = {0};
    assert_ok(d, csvc_desk_foreach_event(d, "HD-5007", NULL, collect, &c));
    static const csvc_event_type types[] = {
        CSVC_EVENT_CREATED,  CSVC_EVENT_ASSIGNED, CSVC_EVENT_AGENT_REPLY, CSVC_EVENT_RESOLVED,
        CSVC_EVENT_REOPENED, CSVC_EVENT_RESOLVED, CSVC_EVENT_REOPENED,    CSVC_EVENT_RESOLVED,
        CSVC_EVENT_CLOSED,   CSVC_EVENT_RATED,    CSVC_EVENT_COMPLAINT,   CSVC_EVENT_COMPLAINT};
    const int64_t times[] = {HD5007_CREATED,      HD5007_CREATED,      HD5007_REPLY,
                             HD5007_RESOLVED,     HD5007_RESOLVED + 1, HD5007_RESOLVED + 2,
                             HD5007_RESOLVED + 3, HD5007_RESOLVED + 4, HD5007_CLOSED,
                             HD5007_CLOSED,       HD5007_CLOSED,       HD5007_CLOSED};
    assert_int_equal(c.n, 12);
    for (int i = 0; i < 12; i++) {
        assert_int_equal(c.type[i], types[i]);
        assert_int_equal(c.time[i], times[i]);
    }
    assert_string_equal(c.actor[2], "A301"); /* the reply and resolutions by the agent */
    assert_string_equal(c.actor[3], "A301");
    assert_string_equal(c.actor[7], "A301");
    assert_null(c.actor[4]); /* the customer reopens */
    assert_null(c.actor[8]);
    assert_int_equal(c.value[9], 1); /* CSAT 1 */
    csvc_ticket_info t = ticket(d, "HD-5007");
    assert_int_equal(t.state, CSVC_STATE_CLOSED);
    assert_int_equal(t.reopen_count, 2);
    assert_int_equal(t.complaints, 2);
    assert_int_equal(t.csat, 1);
    assert_int_equal(t.first_resolved, HD5007_RESOLVED);
    assert_int_equal(t.resolved, HD5007_RESOLVED + 4);
    assert_int_equal(t.closed, HD5007_CLOSED);
    assert_int_equal(t.priority, CSVC_PRIORITY_URGENT);

    /* HD-5008: not closed, so the rating and the complaint are at resolved. */
    c.n = 0;
    assert_ok(d, csvc_desk_foreach_event(d, "HD-5008", NULL, collect, &c));
    assert_int_equal(c.n, 6);
    assert_int_equal(c.type[4], CSVC_EVENT_RATED);
    assert_int_equal(c.time[4], HD5008_RESOLVED);
    assert_int_equal(c.value[4], 2);
    assert_int_equal(c.type[5], CSVC_EVENT_COMPLAINT);
    assert_int_equal(c.time[5], HD5008_RESOLVED);

    /* HD-5022: one reopening, so the last resolution is resolved + 2 s. */
    t = ticket(d, "HD-5022");
    assert_int_equal(t.state, CSVC_STATE_RESOLVED);
    assert_int_equal(t.resolved, HD5022_RESOLVED + 2);
    c.n = 0;
    assert_ok(d, csvc_desk_foreach_event(d, "HD-5022", NULL, collect, &c));
    assert_int_equal(c.n, 8);
    assert_int_equal(c.time[6], HD5022_RESOLVED + 2); /* rated */
    assert_int_equal(c.time[7], HD5022_RESOLVED + 2); /* complaint */

    /* HD-5009: open, the complaint at the latest time (the first reply). */
    t = ticket(d, "HD-5009");
    assert_int_equal(t.state, CSVC_STATE_IN_PROGRESS);
    assert_int_equal(t.complaints, 1);
    c.n = 0;
    assert_ok(d, csvc_desk_foreach_event(d, "HD-5009", NULL, collect, &c));
    assert_int_equal(c.n, 4);
    assert_int_equal(c.type[3], CSVC_EVENT_COMPLAINT);
    assert_int_equal(c.time[3], HD5009_REPLY);

    t = ticket(d, "HD-5002");
    assert_int_equal(t.first_contact, 1);
    assert_int_equal(t.csat, 4);
    assert_int_equal(t.channel, CSVC_CHANNEL_CHAT);
    t = ticket(d, "HD-5006");
    assert_int_equal(t.state, CSVC_STATE_NEW);
    assert_null(t.agent_id);
    t = ticket(d, "HD-5024");
    assert_int_equal(t.category, CSVC_CATEGORY_OTHER);
    t = ticket(d, "HD-5021");
    assert_string_equal(t.agent_id, "S500");
    assert_int_equal(t.state, CSVC_STATE_CLOSED);
    csvc_desk_free(d);
}

/* A header with only the required columns; empty optional values keep the
 * ::CSVC_EVENT_INIT defaults (phone, inquiry, normal). */
static void test_flat_minimal_columns(void **state)
{
    fixture *f = *state;
    csvc_desk *d;
    assert_csvc_ok(csvc_desk_new(f->roster, NULL, &d));
    const char *text = "team_id,created,ticket_id\r\n"
                       "RET,2025-11-20T09:00:00+08:00,M-1\r\n"
                       "LOG,1763600700,M-2\r\n";
    assert_ok(d, csvc_desk_import_tickets_csv_buffer(d, text, strlen(text)));
    assert_int_equal(csvc_desk_event_count(d), 2);
    csvc_ticket_info t = ticket(d, "M-1");
    assert_int_equal(t.state, CSVC_STATE_NEW);
    assert_int_equal(t.created, T_0100Z);
    assert_int_equal(t.channel, CSVC_CHANNEL_PHONE);
    assert_int_equal(t.category, CSVC_CATEGORY_INQUIRY);
    assert_int_equal(t.priority, CSVC_PRIORITY_NORMAL);
    assert_null(t.customer_id);
    t = ticket(d, "M-2");
    assert_int_equal(t.created, T_0105Z);
    assert_string_equal(t.team_id, "LOG");

    /* Flags in words (category names are case-insensitive, csvc_category_parse);
     * first_contact goes on the first resolution only. */
    const char *more =
        TK_HDR "M-3,C-1,A201,RET,email,Return_Refund,high,2025-11-20 01:00,2025-11-20 01:05,"
               "2025-11-20 01:05,,1,,0,yes\n"
               "M-4,,A202,RET,,,,2025-11-20 01:00,2025-11-20 01:00,2025-11-20 01:00,,0,,,true\n";
    assert_ok(d, csvc_desk_import_tickets_csv_buffer(d, more, strlen(more)));
    t = ticket(d, "M-3");
    assert_int_equal(t.channel, CSVC_CHANNEL_EMAIL);
    assert_int_equal(t.category, CSVC_CATEGORY_RETURN_REFUND);
    assert_int_equal(t.priority, CSVC_PRIORITY_HIGH);
    assert_int_equal(t.reopen_count, 1);
    assert_int_equal(t.resolved, T_0105Z + 2);
    assert_int_equal(t.first_contact, 0); /* the re-resolution carries 0 */
    collected c = {0};
    assert_ok(d, csvc_desk_foreach_event(d, "M-3", NULL, collect, &c));
    assert_int_equal(c.n, 6);
    assert_int_equal(c.type[3], CSVC_EVENT_RESOLVED);
    assert_int_equal(c.value[3], 1);
    assert_int_equal(c.type[5], CSVC_EVENT_RESOLVED);
    assert_int_equal(c.value[5], 0);
    t = ticket(d, "M-4"); /* every time equal: allowed */
    assert_int_equal(t.state, CSVC_STATE_RESOLVED);
    assert_int_equal(t.first_contact, 1);
    csvc_desk_free(d);
}

/* ---- times and values ----------------------------------------------------- */

static void test_event_time_forms(void **state)
{
    fixture *f = *state;
    csvc_desk *d;
    assert_csvc_ok(csvc_desk_new(f->roster, NULL, &d));
    /* The same instant three ways: +08:00, Z, Unix seconds; then a space
     * instead of 'T', no seconds, and a date alone (midnight UTC). */
    const char *text = "\xEF\xBB\xBF" EV_HDR "Q-1,created,2025-11-20T09:00:00+08:00,,,PRE,,,,,,,\n"
                       "Q-2,created,2025-11-20T01:00:00Z,,,PRE,,,,,,,\n"
                       "Q-3,created,1763600400,,,PRE,,,,,,,\n"
                       "Q-4,created,2025-11-20 01:05,,,PRE,,,,,,,\n"
                       "Q-5,created,2025-11-20,,,PRE,,,,,,,\n"
                       "Q-6,created,-1,,,PRE,,,,,,,\n";
    assert_ok(d, csvc_desk_import_events_csv_buffer(d, text, strlen(text)));
    assert_int_equal(ticket(d, "Q-1").created, T_0100Z);
    assert_int_equal(ticket(d, "Q-2").created, T_0100Z);
    assert_int_equal(ticket(d, "Q-3").created, T_0100Z);
    assert_int_equal(ticket(d, "Q-4").created, T_0105Z);
    assert_int_equal(ticket(d, "Q-5").created, T_0100Z - 3600); /* 2025-11-20T00:00:00Z */
    assert_int_equal(ticket(d, "Q-6").created, -1);
    csvc_desk_free(d);
}

/* ---- export ------------------------------------------------------------- */

/* A small log with every payload kind, exported and compared by hand. */
static csvc_status export_events(void *d, const char *path)
{
    return csvc_desk_export_events_csv(d, path);
}

static void test_export_text(void **state)
{
    fixture *f = *state;
    csvc_desk *d;
    assert_csvc_ok(csvc_desk_new(f->roster, NULL, &d));
    const char *text =
        EV_HDR "X-1,created,2025-11-20T09:00:00+08:00,,,RET,C-9,,,chat,return_refund,high,\n"
               "X-1,assigned,1763600700,,A201,,,,,,,,\n"
               "X-1,agent_reply,1763600760,A201,,,,,,,,,\n"
               "X-1,pended,1763600820,,,,,,,,,,internal\n"
               "X-1,resumed,1763600880,,,,,,,,,,\n"
               "X-1,escalated,1763600940,A201,,,,,,,,,7\n"
               "X-1,resolved,1763601000,A201,,,,,\"Swapped, \"\"as new\"\"\",,,,1\n"
               "X-1,rated,1763601060,,,,,,,,,,3\n"
               "X-2,created,1763601120,,,LOG,,X-1,,,,,\n"
               "X-2,cancelled,1763601180,,,,,X-1,,,,,\n"
               "X-3,created,1763601240,,,PRE,,,,,,,\n"
               "X-3,transferred,1763601300,,A203,RET,,,,,,,\n";
    assert_ok(d, csvc_desk_import_events_csv_buffer(d, text, strlen(text)));
    char path[128];
    snprintf(path, sizeof path, "%s/small.csv", f->dir);
    assert_ok(d, csvc_desk_export_events_csv(d, path));
    /* 1763600700 = 01:05:00Z; each row one minute later. NULL fields are
     * empty; channel/category/priority only on creations; the escalation's
     * value is the new tier (2), whatever the file said. */
    const char *expected =
        "seq,ticket_id,type,time,actor_id,agent_id,team_id,customer_id,related_id,code,channel,"
        "category,priority,value\n"
        "1,X-1,created,2025-11-20T01:00:00Z,,,RET,C-9,,,chat,return_refund,high,\n"
        "2,X-1,assigned,2025-11-20T01:05:00Z,,A201,,,,,,,,\n"
        "3,X-1,agent_reply,2025-11-20T01:06:00Z,A201,,,,,,,,,\n"
        "4,X-1,pended,2025-11-20T01:07:00Z,,,,,,,,,,1\n"
        "5,X-1,resumed,2025-11-20T01:08:00Z,,,,,,,,,,\n"
        "6,X-1,escalated,2025-11-20T01:09:00Z,A201,,,,,,,,,2\n"
        "7,X-1,resolved,2025-11-20T01:10:00Z,A201,,,,,\"Swapped, \"\"as new\"\"\",,,,1\n"
        "8,X-1,rated,2025-11-20T01:11:00Z,,,,,,,,,,3\n"
        "9,X-2,created,2025-11-20T01:12:00Z,,,LOG,,X-1,,phone,inquiry,normal,\n"
        "10,X-2,cancelled,2025-11-20T01:13:00Z,,,,,X-1,,,,,\n"
        "11,X-3,created,2025-11-20T01:14:00Z,,,PRE,,,,phone,inquiry,normal,\n"
        "12,X-3,transferred,2025-11-20T01:15:00Z,,A203,RET,,,,,,,\n";
    char *got = slurp(path);
    assert_non_null(got);
    assert_string_equal(got, expected);
    free(got);
    assert_int_equal(files_in(f->dir), 1); /* no temporary file left */

    /* An empty desk exports the header alone. */
    csvc_desk *empty;
    assert_csvc_ok(csvc_desk_new(f->roster, NULL, &empty));
    assert_ok(empty, csvc_desk_export_events_csv(empty, path));
    got = slurp(path);
    assert_string_equal(got, "seq,ticket_id,type,time,actor_id,agent_id,team_id,customer_id,"
                             "related_id,code,channel,category,priority,value\n");
    free(got);
    csvc_desk_free(empty);

    /* An export that fails half-way (file size limit) keeps the old file. */
    test_assert_export_atomic(export_events, d, f->dir, path);
    csvc_desk_free(d);
}

static void test_round_trip(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    /* Both examples in one desk: 53 + 123 events, 8 + 24 tickets. */
    assert_ok(d, csvc_desk_import_tickets_csv(d, FLAT_CSV));
    assert_int_equal(csvc_desk_event_count(d), 176);
    char path[128], path2[128];
    snprintf(path, sizeof path, "%s/log.csv", f->dir);
    snprintf(path2, sizeof path2, "%s/log2.csv", f->dir);
    assert_ok(d, csvc_desk_export_events_csv(d, path));

    csvc_desk *copy;
    assert_csvc_ok(csvc_desk_new(f->roster, NULL, &copy));
    assert_ok(copy, csvc_desk_import_events_csv(copy, path));
    assert_int_equal(csvc_desk_event_count(copy), 176);
    assert_int_equal(csvc_desk_ticket_count(copy), 32);
    assert_int_equal(checksum(copy), checksum(d));
    /* The copy exports the same bytes. */
    assert_ok(copy, csvc_desk_export_events_csv(copy, path2));
    char *a = slurp(path), *b = slurp(path2);
    assert_string_equal(a, b);
    free(a);
    free(b);

    /* Importing the export again into the same desk: created twice. */
    snapshot before = snap(copy);
    assert_status_msg(csvc_desk_import_events_csv(copy, path), CSVC_E_EXISTS,
                      "line 2: ticket RMA-1001: already exists");
    assert_unchanged(copy, before);

    /* Exporting over an existing file replaces it. */
    assert_ok(d, csvc_desk_export_events_csv(d, path));
    assert_int_equal(files_in(f->dir), 2);
    csvc_desk_free(copy);
}

/* A failed import interns strings before it rolls back; a later export
 * must still replay to the same checksum. */
static void test_round_trip_after_failed_import(void **state)
{
    fixture *f = *state;
    csvc_desk *d;
    assert_csvc_ok(csvc_desk_new(f->roster, NULL, &d));
    const char *bad = EV_HDR "G-1,created,2025-11-20T01:00:00Z,,,RET,C-GHOST,,,,,,\n"
                             "G-1,resolved,2025-11-20T01:01:00Z,A201,,,,,ghost_code,,,,0\n";
    expect_events_fail(d, bad, CSVC_E_TRANSITION, "line 3: ticket G-1: cannot resolve");
    const char *good = EV_HDR "G-2,created,2025-11-20T01:00:00Z,,,RET,C-REAL,,,,,,\n"
                              "G-2,assigned,2025-11-20T01:00:00Z,,A201,,,,,,,,\n"
                              "G-2,agent_reply,2025-11-20T01:00:00Z,A201,,,,,,,,,\n"
                              "G-2,resolved,2025-11-20T01:01:00Z,A201,,,,,real_code,,,,0\n";
    assert_ok(d, csvc_desk_import_events_csv_buffer(d, good, strlen(good)));
    char path[128];
    snprintf(path, sizeof path, "%s/after_failure.csv", f->dir);
    assert_ok(d, csvc_desk_export_events_csv(d, path));
    csvc_desk *copy;
    assert_csvc_ok(csvc_desk_new(f->roster, NULL, &copy));
    assert_ok(copy, csvc_desk_import_events_csv(copy, path));
    assert_int_equal(csvc_desk_event_count(copy), 4);
    /* The same log: the copy exports the same bytes. */
    char path2[128];
    snprintf(path2, sizeof path2, "%s/after_failure2.csv", f->dir);
    assert_ok(copy, csvc_desk_export_events_csv(copy, path2));
    char *a = slurp(path), *b = slurp(path2);
    assert_string_equal(a, b);
    free(a);
    free(b);
    /* A rolled-back import leaves strings in the pool; the checksum hashes
     * pooled fields as text, so it does not see them. */
    assert_int_equal(checksum(copy), checksum(d));
    csvc_desk_free(copy);
    csvc_desk_free(d);
}

static void test_export_errors(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    assert_status_msg(csvc_desk_export_events_csv(NULL, "x.csv"), CSVC_E_NULL, "desk is NULL");
    assert_status_msg(csvc_desk_export_events_csv(d, NULL), CSVC_E_NULL, "path is NULL");
    assert_status_msg(csvc_desk_export_events_csv(d, "/nonexistent-dir/log.csv"), CSVC_E_IO,
                      "/nonexistent-dir/log.csv");
    /* A directory as the target: the temporary file is written, the rename
     * fails, and the temporary file is removed again. */
    char sub[128];
    snprintf(sub, sizeof sub, "%s/sub", f->dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_int_equal(files_in(f->dir), 1);
    assert_status_msg(csvc_desk_export_events_csv(d, sub), CSVC_E_IO, "cannot replace the file");
    assert_string_equal(csvc_desk_errmsg(d), csvc_last_errmsg());
    assert_int_equal(files_in(f->dir), 1);
    rmdir(sub);
}

/* ---- events import errors -------------------------------------------------- */

static void test_events_value_errors(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    expect_events_fail(d,
                       EV_HDR "T-1,created,2025-11-20T09:00:00Z,,,RET,C-1,,,email,return_refund,"
                              "normal,\n"
                              "T-1,assigned,2025-11-20T25:00:00Z,,A201,,,,,,,,\n",
                       CSVC_E_PARSE,
                       "line 3, column 3 (time): '2025-11-20T25:00:00Z' is not a time");
    expect_events_fail(d,
                       EV_HDR "T-1,created,20251120,,,RET,,,,,,,\n" /* Unix seconds */
                              "T-1,created,11/20/2025,,,RET,,,,,,,\n",
                       CSVC_E_PARSE, "line 3, column 3 (time): '11/20/2025' is not a time");
    expect_events_fail(d, EV_HDR "T-1,created,,,,RET,,,,,,,\n", CSVC_E_PARSE,
                       "line 2, column 3 (time): a value is required");
    expect_events_fail(d, EV_HDR "T-1,created,99999999999999999999,,,RET,,,,,,,\n", CSVC_E_RANGE,
                       "line 2, column 3 (time): '99999999999999999999' is out of range");
    expect_events_fail(d, EV_HDR "T-1,opened,2025-11-20T09:00:00Z,,,RET,,,,,,,\n", CSVC_E_PARSE,
                       "line 2, column 2 (type): unknown event type 'opened'");
    expect_events_fail(d, EV_HDR "T-1,,2025-11-20T09:00:00Z,,,RET,,,,,,,\n", CSVC_E_PARSE,
                       "line 2, column 2 (type): a value is required");
    expect_events_fail(d, EV_HDR ",created,2025-11-20T09:00:00Z,,,RET,,,,,,,\n", CSVC_E_PARSE,
                       "line 2, column 1 (ticket_id): a value is required");
    expect_events_fail(d,
                       EV_HDR "T-1,created,2025-11-20T09:00:00Z,,,RET,,,,,,,\n"
                              "T-1,assigned,2025-11-20T09:05:00Z,,A999,,,,,,,,\n",
                       CSVC_E_NOTFOUND, "line 3, column 5 (agent_id): unknown agent 'A999'");
    expect_events_fail(d, EV_HDR "T-1,created,2025-11-20T09:00:00Z,X9,,RET,,,,,,,\n",
                       CSVC_E_NOTFOUND, "line 2, column 4 (actor_id): unknown agent 'X9'");
    expect_events_fail(d, EV_HDR "T-1,created,2025-11-20T09:00:00Z,,,SALES,,,,,,,\n",
                       CSVC_E_NOTFOUND, "line 2, column 6 (team_id): unknown team 'SALES'");
    expect_events_fail(d, EV_HDR "T-1,created,2025-11-20T09:00:00Z,,,RET,,,,fax,,,\n", CSVC_E_PARSE,
                       "line 2, column 10 (channel): unknown channel 'fax'");
    expect_events_fail(d, EV_HDR "T-1,created,2025-11-20T09:00:00Z,,,RET,,,,,refund,,\n",
                       CSVC_E_PARSE, "line 2, column 11 (category): unknown category 'refund'");
    expect_events_fail(d, EV_HDR "T-1,created,2025-11-20T09:00:00Z,,,RET,,,,,,asap,\n",
                       CSVC_E_PARSE, "line 2, column 12 (priority): unknown priority 'asap'");
    expect_events_fail(d, EV_HDR "RET-1002,rated,2025-11-06T00:00:00Z,,,,,,,,,,five\n",
                       CSVC_E_PARSE, "line 2, column 13 (value): 'five' is not an integer");
    expect_events_fail(d, EV_HDR "RET-1002,rated,2025-11-06T00:00:00Z,,,,,,,,,,-\n", CSVC_E_PARSE,
                       "line 2, column 13 (value): '-' is not an integer");
    expect_events_fail(d, EV_HDR "RET-1002,rated,2025-11-06T00:00:00Z,,,,,,,,,,2147483648\n",
                       CSVC_E_RANGE, "line 2, column 13 (value): '2147483648' is out of range");
    /* Reason names are only for pended. */
    expect_events_fail(d, EV_HDR "RET-1002,rated,2025-11-06T00:00:00Z,,,,,,,,,,customer\n",
                       CSVC_E_PARSE, "line 2, column 13 (value): 'customer' is not an integer");
}

static void test_events_desk_refusals(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    /* Row 4 (line 4): resolve from assigned. */
    expect_events_fail(d,
                       EV_HDR "T-1,created,2025-11-20T09:00:00Z,,,RET,C-1,,,,,,\n"
                              "T-1,assigned,2025-11-20T09:05:00Z,,A201,,,,,,,,\n"
                              "T-1,resolved,2025-11-20T09:10:00Z,A201,,,,,,,,,\n",
                       CSVC_E_TRANSITION,
                       "line 4: ticket T-1: cannot resolve from state 'assigned'");
    /* Line 5: T-1's reply is earlier than its assignment (T-2 earlier is fine). */
    expect_events_fail(d,
                       EV_HDR "T-1,created,2025-11-20T09:00:00Z,,,RET,,,,,,,\n"
                              "T-1,assigned,2025-11-20T09:05:00Z,,A201,,,,,,,,\n"
                              "T-2,created,2025-11-20T08:00:00Z,,,RET,,,,,,,\n"
                              "T-1,agent_reply,2025-11-20T09:04:00Z,A201,,,,,,,,,\n",
                       CSVC_E_TIME,
                       "line 5: ticket T-1: agent_reply at 2025-11-20T09:04:00Z is before its "
                       "last event at 2025-11-20T09:05:00Z");
    /* A valid rating changes RET-1002 (csat 4 -> 5), then CSAT 9 fails:
     * the rollback restores the existing ticket too. */
    expect_events_fail(d,
                       EV_HDR "RET-1002,rated,2025-11-06T00:00:00Z,,,,,,,,,,5\n"
                              "RET-1002,rated,2025-11-06T00:01:00Z,,,,,,,,,,9\n",
                       CSVC_E_RANGE, "line 3: ticket RET-1002: CSAT 9 outside 1..5");
    assert_int_equal(ticket(d, "RET-1002").csat, 4);
    /* PRE-0001 resolved by line 2, then an unknown ticket at line 3. */
    expect_events_fail(d,
                       EV_HDR "PRE-0001,resolved,2025-11-07T02:10:00Z,A103,,,,,,,,,1\n"
                              "NOPE-1,resumed,2025-11-07T02:11:00Z,,,,,,,,,,\n",
                       CSVC_E_NOTFOUND, "line 3: ticket NOPE-1: not found");
    assert_int_equal(ticket(d, "PRE-0001").state, CSVC_STATE_IN_PROGRESS);
    expect_events_fail(d, EV_HDR "RMA-1001,created,2025-11-20T09:00:00Z,,,RET,,,,,,,\n",
                       CSVC_E_EXISTS, "line 2: ticket RMA-1001: already exists");
    /* An imported log is history: A206 is inactive now, and the assignment
     * it records is taken as it happened. */
    assert_ok(d, csvc_desk_import_events_csv_buffer(
                          d, EV_HDR "RMA-1004,assigned,2025-11-20T09:00:00Z,,A206,,,,,,,,\n",
                          strlen(EV_HDR "RMA-1004,assigned,2025-11-20T09:00:00Z,,A206,,,,,,,,\n")));
    assert_string_equal(ticket(d, "RMA-1004").agent_id, "A206");
    /* The live call still refuses an inactive agent. */
    assert_int_equal(csvc_desk_assign(d, "RMA-1004", "A206", 1763650000), CSVC_E_CONSTRAINT);
    expect_events_fail(d, EV_HDR "T-1,created,2025-11-20T09:00:00Z,,,,,,,,,,\n", CSVC_E_INVALID,
                       "line 2: ticket T-1: created needs a team_id");
    expect_events_fail(d, EV_HDR "T-1,created,-62135596801,,,RET,,,,,,,\n", CSVC_E_RANGE,
                       "line 2: ticket T-1: time -62135596801 outside years 1..9999");
    expect_events_fail(d, EV_HDR "RMA-1004,pended,2025-11-20T09:00:00Z,,,,,,,,,,2\n",
                       CSVC_E_TRANSITION, "line 2: ticket RMA-1004: cannot pend");
    /* The reopen window of CMP-3001 (7 days after 2025-11-05T06:00Z) has passed. */
    expect_events_fail(d, EV_HDR "CMP-3001,reopened,2025-11-20T09:00:00Z,,,,,,,,,,\n",
                       CSVC_E_TRANSITION, "line 2: ticket CMP-3001: cannot reopen");
}

static void test_events_format_errors(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    expect_events_fail(d, "ticket_id,type\nT-1,created\n", CSVC_E_PARSE,
                       "line 1: missing required column 'time'");
    expect_events_fail(d, "ticket_id,type,time,subject\nT-1,created,1,x\n", CSVC_E_PARSE,
                       "line 1, column 4: unknown column 'subject'");
    expect_events_fail(d, "ticket_id,type,time,type\n", CSVC_E_PARSE,
                       "line 1, column 4: duplicate column 'type'");
    expect_events_fail(d,
                       EV_HDR "T-1,created,2025-11-20T09:00:00Z,,,RET,,,,,,,\n"
                              "T-1,assigned,\"2025-11-20T09:05:00Z,,A201,,,,,,,,\n",
                       CSVC_E_PARSE, "line 3, column 3: unterminated quoted field");
    expect_events_fail(d,
                       EV_HDR "T-1,created,2025-11-20T09:00:00Z,,,RET,,,,,,,\n"
                              "T-1,assigned,2025-11-20T09:05:00Z,,A201,,,,,,,\n",
                       CSVC_E_PARSE, "line 3: expected 13 fields, found 12");
    expect_events_fail(d, "", CSVC_E_PARSE, "line 1: empty input, expected a header");
    /* Only the header: a successful, empty import. */
    snapshot before = snap(d);
    assert_ok(d, csvc_desk_import_events_csv_buffer(d, EV_HDR, strlen(EV_HDR)));
    assert_unchanged(d, before);
    /* seq is accepted and ignored. */
    const char *with_seq = "seq,ticket_id,type,time,team_id\n99,S-1,created,1,PRE\n";
    assert_ok(d, csvc_desk_import_events_csv_buffer(d, with_seq, strlen(with_seq)));
    assert_int_equal(event_at(d, 54).seq, 54);
}

static void test_events_null_and_io(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    snapshot before = snap(d);
    assert_status_msg(csvc_desk_import_events_csv(NULL, EVENTS_CSV), CSVC_E_NULL,
                      "events import: desk is NULL");
    assert_status_msg(csvc_desk_import_events_csv(d, NULL), CSVC_E_NULL,
                      "events import: path is NULL");
    assert_status_msg(csvc_desk_import_events_csv_buffer(NULL, "", 0), CSVC_E_NULL, "desk is NULL");
    assert_status_msg(csvc_desk_import_events_csv_buffer(d, NULL, 3), CSVC_E_NULL, "data is NULL");
    assert_status_msg(csvc_desk_import_events_csv_buffer(d, NULL, 0), CSVC_E_PARSE, "empty input");
    assert_status_msg(csvc_desk_import_events_csv(d, "no-such-file.csv"), CSVC_E_IO,
                      "no-such-file.csv");
    assert_status_msg(csvc_desk_import_tickets_csv(NULL, FLAT_CSV), CSVC_E_NULL,
                      "tickets import: desk is NULL");
    assert_status_msg(csvc_desk_import_tickets_csv(d, NULL), CSVC_E_NULL,
                      "tickets import: path is NULL");
    assert_status_msg(csvc_desk_import_tickets_csv_buffer(d, NULL, 1), CSVC_E_NULL, "data is NULL");
    assert_status_msg(csvc_desk_import_tickets_csv(d, "no-such-file.csv"), CSVC_E_IO,
                      "no-such-file.csv");
    assert_unchanged(d, before);
}

/* An import inside an open group (a store batch) is a nested group: a
 * failed import undoes itself only; the outer rollback undoes a good one. */
static void test_import_nested(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    snapshot before = snap(d);
    assert_int_equal(cs_desk_txn_begin(d), CSVC_OK);
    const char *good = EV_HDR "B-1,created,1,,,RET,,,,,,,\n";
    const char *bad = EV_HDR "B-2,created,1,,,RET,,,,,,,\nB-2,resolved,2,,,,,,,,,,\n";
    assert_ok(d, csvc_desk_import_events_csv_buffer(d, good, strlen(good)));
    snapshot after_good = snap(d);
    assert_int_equal(csvc_desk_import_events_csv_buffer(d, bad, strlen(bad)), CSVC_E_TRANSITION);
    assert_unchanged(d, after_good);
    cs_desk_txn_rollback(d);
    assert_unchanged(d, before);
}

typedef struct refuse_state {
    int calls, refuse_at;
} refuse_state;

static csvc_status refuse_nth(const csvc_event *e, void *ud)
{
    refuse_state *s = ud;
    (void)e;
    return ++s->calls == s->refuse_at ? CSVC_E_IO : CSVC_OK;
}

/* The event callback refuses the third event: its status comes back with
 * the line, and the two events before it are rolled back. */
static void test_import_callback_refusal(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    refuse_state s = {0, 3};
    assert_ok(d, csvc_desk_set_event_callback(d, refuse_nth, &s));
    expect_events_fail(d,
                       EV_HDR "C-1,created,1763600400,,,RET,,,,,,,\n"
                              "C-1,assigned,1763600400,,A201,,,,,,,,\n"
                              "C-1,agent_reply,1763600400,A201,,,,,,,,,\n"
                              "C-1,resolved,1763600400,A201,,,,,,,,,\n",
                       CSVC_E_IO, "line 4: ticket C-1: the event callback refused agent_reply");
    assert_int_equal(s.calls, 3);
    assert_ok(d, csvc_desk_set_event_callback(d, NULL, NULL));
}

/* ---- flat import errors ---------------------------------------------------- */

static void test_tickets_errors(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    /* Columns: 1 ticket_id 2 customer_id 3 agent_id 4 team_id 5 channel
     * 6 category 7 priority 8 created 9 first_reply 10 resolved 11 closed
     * 12 reopened 13 csat 14 complaint 15 first_contact. */
    expect_tickets_fail(
        d, TK_HDR "H-1,C-1,A201,RET,,,,2025-11-20 09:00,2025-11-20 08:59,,,0,,0,0\n", CSVC_E_TIME,
        "line 2, column 9 (first_reply): 2025-11-20T08:59:00Z is before created "
        "(2025-11-20T09:00:00Z)");
    expect_tickets_fail(d,
                        TK_HDR "H-1,C-1,A201,RET,,,,2025-11-20 09:00,2025-11-20 09:10,,,0,,0,0\n"
                               "H-2,C-1,A201,RET,,,,2025-11-20 09:00,2025-11-20 09:10,"
                               "2025-11-20 09:09,,0,,0,0\n",
                        CSVC_E_TIME,
                        "line 3, column 10 (resolved): 2025-11-20T09:09:00Z is before "
                        "first_reply (2025-11-20T09:10:00Z)");
    /* Two reopenings put the last resolution at 10:00:04; closing at 10:00:03 is too early. */
    expect_tickets_fail(d,
                        TK_HDR "H-1,,A201,RET,,,,2025-11-20 09:00,2025-11-20 09:10,"
                               "2025-11-20 10:00:00,2025-11-20 10:00:03,2,,0,0\n",
                        CSVC_E_TIME,
                        "line 2, column 11 (closed): 2025-11-20T10:00:03Z is before the last "
                        "resolution after the reopenings (2025-11-20T10:00:04Z)");
    expect_tickets_fail(d,
                        TK_HDR "H-1,,A201,RET,,,,2025-11-20 09:00,2025-11-20 09:10,"
                               "2025-11-20 10:00,2025-11-20 09:59,0,,0,0\n",
                        CSVC_E_TIME,
                        "line 2, column 11 (closed): 2025-11-20T09:59:00Z is before "
                        "resolved (2025-11-20T10:00:00Z)");
    expect_tickets_fail(d,
                        TK_HDR "H-1,,A201,RET,,,,2025-11-20 09:00,2025-11-20 09:10,"
                               "2025-11-20 10:00,,0,9,0,0\n",
                        CSVC_E_RANGE, "line 2, column 13 (csat): CSAT '9' is outside 1..5");
    expect_tickets_fail(d,
                        TK_HDR "H-1,,A201,RET,,,,2025-11-20 09:00,2025-11-20 09:10,"
                               "2025-11-20 10:00,,0,0,0,0\n",
                        CSVC_E_RANGE, "line 2, column 13 (csat): CSAT '0' is outside 1..5");
    expect_tickets_fail(d, TK_HDR "H-1,,A777,RET,,,,2025-11-20 09:00,,,,0,,0,0\n", CSVC_E_NOTFOUND,
                        "line 2, column 3 (agent_id): unknown agent 'A777'");
    expect_tickets_fail(d, TK_HDR "H-1,,,SALES,,,,2025-11-20 09:00,,,,0,,0,0\n", CSVC_E_NOTFOUND,
                        "line 2, column 4 (team_id): unknown team 'SALES'");
    expect_tickets_fail(d, TK_HDR "H-1,,,,,,,2025-11-20 09:00,,,,0,,0,0\n", CSVC_E_PARSE,
                        "line 2, column 4 (team_id): a value is required");
    expect_tickets_fail(d, TK_HDR "H-1,,,RET,,,,,,,,0,,0,0\n", CSVC_E_PARSE,
                        "line 2, column 8 (created): a value is required");
    expect_tickets_fail(d,
                        TK_HDR "H-1,,,RET,,,,2025-11-20 09:00,,,,0,,0,0\n"
                               "H-1,,,RET,,,,2025-11-20 09:00,,,,0,,0,0\n",
                        CSVC_E_EXISTS, "line 3, column 1 (ticket_id): ticket 'H-1' already exists");
    expect_tickets_fail(d, TK_HDR "RMA-1001,,,RET,,,,2025-11-20 09:00,,,,0,,0,0\n", CSVC_E_EXISTS,
                        "line 2, column 1 (ticket_id): ticket 'RMA-1001' already exists");
    expect_tickets_fail(d, "ticket_id,created\nH-1,2025-11-20\n", CSVC_E_PARSE,
                        "line 1: missing required column 'team_id'");
    expect_tickets_fail(d, TK_HDR "H-1,,,RET,,,,2025-11-20 09:00,,,,0,,0\n", CSVC_E_PARSE,
                        "line 2: expected 15 fields, found 14");
    expect_tickets_fail(d, TK_HDR "H-1,\"C-1,,,RET,,,,2025-11-20 09:00,,,,0,,0,0\n", CSVC_E_PARSE,
                        "line 2, column 2: unterminated quoted field");
    expect_tickets_fail(d, TK_HDR "H-1,,,RET,,,,2025-11-32,,,,0,,0,0\n", CSVC_E_PARSE,
                        "line 2, column 8 (created): '2025-11-32' is not a time");
    expect_tickets_fail(d, TK_HDR "H-1,,,RET,sms,,,2025-11-20,,,,0,,0,0\n", CSVC_E_PARSE,
                        "line 2, column 5 (channel): unknown channel 'sms'");
    expect_tickets_fail(d, TK_HDR "H-1,,,RET,,,,2025-11-20,,,,-1,,0,0\n", CSVC_E_RANGE,
                        "line 2, column 12 (reopened): '-1' is out of range (0..100)");
    expect_tickets_fail(d, TK_HDR "H-1,,,RET,,,,2025-11-20,,,,0,,101,0\n", CSVC_E_RANGE,
                        "line 2, column 14 (complaint): '101' is out of range (0..100)");
    expect_tickets_fail(d, TK_HDR "H-1,,,RET,,,,2025-11-20,,,,x,,0,0\n", CSVC_E_PARSE,
                        "line 2, column 12 (reopened): 'x' is not an integer");
    expect_tickets_fail(d, TK_HDR "H-1,,,RET,,return,,2025-11-20,,,,0,,0,0\n", CSVC_E_PARSE,
                        "line 2, column 6 (category): unknown category 'return'");
    expect_tickets_fail(d, TK_HDR "H-1,,,RET,,,p1,2025-11-20,,,,0,,0,0\n", CSVC_E_PARSE,
                        "line 2, column 7 (priority): unknown priority 'p1'");
    /* Reopenings after the last representable second would overflow. */
    expect_tickets_fail(d, TK_HDR "H-1,,A201,RET,,,,1,2,9223372036854775807,,1,,0,0\n",
                        CSVC_E_RANGE, "line 2, column 10 (resolved): too late for 1 reopenings");
    expect_tickets_fail(d, TK_HDR "H-1,,,RET,,,,2025-11-20,,,,0,,0,maybe\n", CSVC_E_PARSE,
                        "line 2, column 15 (first_contact): 'maybe' is not 1/0");
}

static void test_tickets_consistency_errors(void **state)
{
    fixture *f = *state;
    csvc_desk *d = f->desk;
    expect_tickets_fail(d, TK_HDR "H-1,,,RET,,,,2025-11-20 09:00,2025-11-20 09:10,,,0,,0,0\n",
                        CSVC_E_CONSTRAINT,
                        "line 2, column 9 (first_reply): a first reply needs agent_id");
    expect_tickets_fail(d, TK_HDR "H-1,,A201,RET,,,,2025-11-20 09:00,,2025-11-20 10:00,,0,,0,0\n",
                        CSVC_E_CONSTRAINT,
                        "line 2, column 10 (resolved): a resolution needs first_reply");
    expect_tickets_fail(d, TK_HDR "H-1,,A201,RET,,,,2025-11-20 09:00,,,2025-11-20 10:00,0,,0,0\n",
                        CSVC_E_CONSTRAINT, "line 2, column 11 (closed): closing needs resolved");
    expect_tickets_fail(d, TK_HDR "H-1,,A201,RET,,,,2025-11-20 09:00,,,,1,,0,0\n",
                        CSVC_E_CONSTRAINT,
                        "line 2, column 12 (reopened): reopenings need resolved");
    expect_tickets_fail(d, TK_HDR "H-1,,A201,RET,,,,2025-11-20 09:00,,,,0,5,0,0\n",
                        CSVC_E_CONSTRAINT, "line 2, column 13 (csat): a rating needs resolved");
    expect_tickets_fail(d, TK_HDR "H-1,,A201,RET,,,,2025-11-20 09:00,,,,0,,0,1\n",
                        CSVC_E_CONSTRAINT,
                        "line 2, column 15 (first_contact): first_contact needs resolved");
    /* A ticket the desk already has fails at its line, after a good one. */
    expect_tickets_fail(d,
                        TK_HDR "H-1,,A201,RET,,,,2025-11-20 09:00,,,,0,,0,0\n"
                               "RMA-1001,,A201,RET,,,,2025-11-20 09:00,,,,0,,0,0\n",
                        CSVC_E_EXISTS,
                        "line 3, column 1 (ticket_id): ticket 'RMA-1001' already exists");
    /* History: an agent inactive now may have handled the ticket then. */
    const char *gone = TK_HDR "H-3,,A206,RET,,,,2025-11-20 09:00,,,,0,,0,0\n";
    assert_ok(d, csvc_desk_import_tickets_csv_buffer(d, gone, strlen(gone)));
    assert_string_equal(ticket(d, "H-3").agent_id, "A206");
}

/* Reopenings 1 s after a resolution fail when the team allows no reopening. */
static void test_tickets_reopen_window(void **state)
{
    fixture *f = *state;
    csvc_desk *d;
    csvc_desk_options o = CSVC_DESK_OPTIONS_INIT;
    o.reopen_window = 0;
    assert_csvc_ok(csvc_desk_new(f->roster, &o, &d));
    expect_tickets_fail(d,
                        TK_HDR "H-1,,A201,RET,,,,2025-11-20 09:00,2025-11-20 09:10,"
                               "2025-11-20 10:00,,1,,0,0\n",
                        CSVC_E_TRANSITION, "line 2: ticket H-1: cannot reopen");
    assert_int_equal(csvc_desk_ticket_count(d), 0);
    csvc_desk_free(d);
}

/* ---- allocation failure ---------------------------------------------------- */

typedef csvc_status (*import_fn)(csvc_desk *d, const char *path);

/* Fails the n-th allocation for n = 0, 1, ... until the import succeeds:
 * each failure is CSVC_E_NOMEM and leaves the desk as it was; freeing the
 * desk at the end returns every block. */
static void run_nomem(const csvc_roster *roster, import_fn import, const char *path, uint64_t added)
{
    test_failing_alloc fa = {-1, 0, 0};
    csvc_allocator a = test_failing_allocator(&fa);
    csvc_desk_options o = CSVC_DESK_OPTIONS_INIT;
    o.allocator = &a;
    csvc_desk *d;
    assert_csvc_ok(csvc_desk_new(roster, &o, &d));
    const char *base = EV_HDR "Z-1,created,1,,,RET,C-Z,,,,,,\n";
    assert_ok(d, csvc_desk_import_events_csv_buffer(d, base, strlen(base)));
    snapshot before = snap(d);
    long failures = 0;
    for (long budget = 0;; budget++) {
        assert_true(budget < 100000);
        fa.budget = budget;
        csvc_status rc = import(d, path);
        fa.budget = -1;
        if (rc == CSVC_OK)
            break;
        failures++;
        assert_status_msg(rc, CSVC_E_NOMEM, "out of memory");
        assert_unchanged(d, before);
    }
    assert_true(failures > 0);
    assert_int_equal(csvc_desk_event_count(d), before.events + added);
    csvc_desk_free(d);
    assert_int_equal(fa.live, 0);
}

static void test_import_nomem(void **state)
{
    fixture *f = *state;
    run_nomem(f->roster, csvc_desk_import_events_csv, EVENTS_CSV, 53);
    run_nomem(f->roster, csvc_desk_import_tickets_csv, FLAT_CSV, 123);
}

static void test_export_nomem(void **state)
{
    fixture *f = *state;
    test_failing_alloc fa = {-1, 0, 0};
    csvc_allocator a = test_failing_allocator(&fa);
    csvc_desk_options o = CSVC_DESK_OPTIONS_INIT;
    o.allocator = &a;
    csvc_desk *d;
    assert_csvc_ok(csvc_desk_new(f->roster, &o, &d));
    char path[128];
    snprintf(path, sizeof path, "%s/nomem.csv", f->dir);
    assert_ok(d, csvc_desk_export_events_csv(d, path)); /* header only */
    char *old = slurp(path);
    assert_ok(d, csvc_desk_import_events_csv(d, EVENTS_CSV));
    long failures = 0;
    for (long budget = 0;; budget++) {
        assert_true(budget < 1000);
        fa.budget = budget;
        csvc_status rc = csvc_desk_export_events_csv(d, path);
        fa.budget = -1;
        if (rc == CSVC_OK)
            break;
        failures++;
        assert_status_msg(rc, CSVC_E_NOMEM, "events export: out of memory");
        /* The old file is intact and no temporary file is left. */
        char *now = slurp(path);
        assert_string_equal(now, old);
        free(now);
        assert_int_equal(files_in(f->dir), 1);
    }
    assert_true(failures > 0);
    char *now = slurp(path);
    assert_true(strlen(now) > strlen(old));
    free(now);
    free(old);
    csvc_desk_free(d);
    assert_int_equal(fa.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_events_example_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events_example_tickets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events_example_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flat_example, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flat_minimal_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_event_time_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_round_trip_after_failed_import, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events_value_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events_desk_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events_format_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events_null_and_io, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_nested, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_callback_refusal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tickets_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tickets_consistency_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tickets_reopen_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_nomem, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export_nomem, setup, teardown),
    };
    return cmocka_run_group_tests_name("desk_csv", tests, NULL, NULL);
}
