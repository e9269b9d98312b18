/* Training plans (csvc/training.h): catalogue.c (courses, their CSV
 * import), requirements.c, records.c (completions), dates.c (local-time
 * month arithmetic and anchors), status.c (status, coverage, exports). */
#ifndef CS_TRAINING_INTERNAL_H
#define CS_TRAINING_INTERNAL_H

#if !defined(CS_MODULE_TRAINING) && !defined(CS_WHITEBOX)
#error "training_internal.h is private to src/training: other modules use csvc/training.h"
#endif

#include "alloc.h"
#include "csvc/training.h"
#include "errbuf.h"
#include "journal.h"
#include "roster_seam.h"
#include "strbuf.h"
#include "strpool.h"

typedef struct cs_course {
    const char *title;    /* in the arena */
    csvc_course_kind kind;
    csvc_delivery delivery;
    int32_t minutes, passing_score, validity_months;
    uint32_t dimensions;
    const char **prereq_ids; /* in the arena's course ids; csvc_training_get_course() */
    uint32_t *prereqs;
    size_t nprereqs;
} cs_course;

typedef struct cs_requirement {
    uint32_t course;
    int32_t level;
    uint32_t team; /* CS_NONE: every team */
    csvc_trigger trigger;
    int64_t start;
    int32_t due_days;
    csvc_recurrence recurrence;
    int32_t every_months, anchor_month, anchor_day, anchor_weekday;
} cs_requirement;

/* 32 bytes; an agent's completions are a list through `next`, oldest first. */
typedef struct cs_completion {
    int64_t time;
    uint32_t course;
    uint32_t next;    /* CS_NONE: the agent's newest */
    uint32_t agent;
    uint32_t session; /* CS_NONE: recorded without a session */
    int8_t pre, post, satisfaction; /* -1: none */
    uint8_t passed;
} cs_completion;

enum { CS_SEAT_ENROLLED = 0, CS_SEAT_ABSENT = 1, CS_SEAT_ATTENDED = 2 };

typedef struct cs_seat {
    uint32_t agent;
    uint8_t state;
} cs_seat;

typedef struct cs_session {
    uint32_t course;
    int64_t start;
    const char *trainer; /* in the arena, or NULL */
    int32_t capacity;
    cs_seat *seats;
    size_t nseats, cap_seats;
} cs_session;

struct csvc_training {
    cs_alloc alloc;
    cs_errbuf err;
    const csvc_roster *roster;
    int32_t utc_offset;   /* the plan's; a team may have its own */
    int32_t *team_offset; /* per roster team, or NULL; INT32_MIN: the plan's */
    size_t cap_team_offsets;
    int32_t horizons[8]; /* descending, 0-terminated */
    cs_arena strings;
    cs_strpool course_ids, requirement_ids;
    cs_course *courses;
    size_t cap_courses;
    cs_requirement *requirements;
    size_t cap_requirements;
    cs_strpool session_ids;
    cs_session *sessions;
    size_t cap_sessions;
    cs_completion *completions;
    size_t ncompletions, cap_completions;
    uint32_t *first, *last; /* per roster agent: its completions */
    int64_t *promoted_at;   /* per roster agent: the last recorded promotion, or NONE */
    int8_t *promoted_to;
    csvc_promotion_rule promotion[CSVC_LEVEL_COUNT]; /* version 0: no rule */
    cs_journal journal; /* the store's (training_seam.h) */
    size_t cap_agents;
};

/* ---- journal_ops.c: journaling a change (util/journal.h) ---- */
/* Step 1: the store takes its lock and catches up. */
csvc_status cs_training_change_begin(csvc_training *t, const char *fn);
/* Steps 3 and 5 for a change applied with status `rc`: `body` (a json_t *,
 * taken) is journaled; a refusal calls undo(t, ctx) and is returned. */
csvc_status cs_training_change_end(csvc_training *t, const char *fn, csvc_status rc, void *body,
                                   void (*undo)(csvc_training *, const void *), const void *ctx);
/* Journals one change of a group (an import). */
csvc_status cs_training_log(csvc_training *t, void *body);
void *cs_training_course_body(const csvc_training *t, uint32_t course);
void *cs_training_requirement_body(const csvc_training *t, uint32_t requirement);
void *cs_training_session_body(const csvc_training *t, uint32_t session);
void *cs_training_seat_body(const char *op, const char *session, const char *agent);
void *cs_training_completion_body(const csvc_training *t, uint32_t completion);
void *cs_training_rule_body(const csvc_promotion_rule *rule);
void *cs_training_team_offset_body(const char *team, int32_t offset);
void *cs_training_promotion_body(const char *agent, int32_t level, int64_t date);
/* Takes back the newest completion. */
void cs_training_pop_completion(csvc_training *t);

/* ---- catalogue.c ---- */
/* Adds a checked course (prerequisites already resolved to indexes). */
csvc_status cs_training_put_course(csvc_training *t, const char *fn, const csvc_course *c,
                                   const uint32_t *prereqs);
csvc_status cs_training_check_course(csvc_training *t, const char *fn, const csvc_course *c);
/* Forgets the courses from index `count` on (a failed import). */
void cs_training_drop_courses(csvc_training *t, size_t count);

/* ---- records.c ---- */
/* Room for every roster agent's records (the roster may have grown). */
int cs_training_reserve_agents(csvc_training *t);
/* csvc_training_complete() with the session it belongs to (CS_NONE: none). */
csvc_status cs_training_record(csvc_training *t, const char *fn, uint32_t agent, uint32_t course,
                               uint32_t session, int64_t time, int32_t pre, int32_t post,
                               int32_t satisfaction);
/* The first of the course's prerequisites the agent has not passed by
 * `at`, or NULL. */
const char *cs_training_missing_prereq(const csvc_training *t, uint32_t agent, uint32_t course,
                                       int64_t at);
/* The newest passed completion of `course` by `agent` at or before `at`, or NULL. */
const cs_completion *cs_training_last_pass(const csvc_training *t, uint32_t agent,
                                           uint32_t course, int64_t at);

/* ---- dates.c: local time at a UTC offset (seconds east) ---- */
int cs_training_time_ok(int64_t t);
/* The offset of a team (CS_NONE: the plan's), and of an agent's team. */
int32_t cs_training_team_offset(const csvc_training *t, uint32_t team);
int32_t cs_training_agent_offset(const csvc_training *t, uint32_t agent);
/* t + months calendar months (day clamped to the month's end), or
 * CSVC_TIME_NONE beyond year 9999. */
int64_t cs_training_add_months(int32_t offset, int64_t time, int32_t months);
/* The first anchor of `r` strictly after `time`, or CSVC_TIME_NONE. */
int64_t cs_training_next_anchor(int32_t offset, const cs_requirement *r, int64_t time);
/* The local calendar day of `time` (days since 1970-01-01). */
int64_t cs_training_local_day(int32_t offset, int64_t time);
/* "2025-03-31T09:00:00+08:00". */
void cs_training_format_time(int32_t offset, int64_t time, char *buf, size_t size);

/* Writes the buffer to *out (csvc_free()) and frees it. */
csvc_status cs_training_hand_over(cs_strbuf *sb, const char *fn, char **out, size_t *size);

/* ---- status.c ---- */
/* The status of requirement `req` for `agent` at `at`, given the time of
 * the agent's newest passed completion of its course by then
 * (CSVC_TIME_NONE: none). */
void cs_training_item(const csvc_training *t, uint32_t req, uint32_t agent, int64_t at,
                      int64_t last_pass, csvc_item_status *out);
/* cs_training_item() with the agent's newest pass by `at` looked up. */
void cs_training_status_at(const csvc_training *t, uint32_t req, uint32_t agent, int64_t at,
                           csvc_item_status *out);
/* The roster index of item `index`'s agent (report.c). */
uint32_t cs_training_report_agent(const csvc_training_report *rep, size_t index);
/* Who a report counts at `at`: active, not separated, hired. */
int cs_training_counted(const csvc_training *t, uint32_t agent, int64_t at);
/* Whether requirement `r` applies to roster agent `agent`. */
int cs_training_applies(const csvc_training *t, const cs_requirement *r, uint32_t agent);

#endif
