/**
 * @file csvc/training.h
 * @brief Training-plan tracking: a course catalogue, requirements by level
 *        and team with recurrence and triggers, completions with scores and
 *        certificates, and each agent's status, coverage and reminders at
 *        any instant.
 *
 * A training handle works over a roster (which must outlive it) and holds
 * the catalogue, the requirements and the completion records.
 *
 * Dates: every calendar computation (adding months, anchors, "N days
 * after") is done in local time at the UTC offset of the agent's team
 * (csvc_training_set_team_offset(), its calendar's), or the plan's
 * (csvc_training_options). Adding N months keeps the day and time of day,
 * or takes the month's last day (31 January + 1 month = 28 or 29
 * February). Intervals are half-open: a certificate valid until `t` is
 * valid before `t` and expired at `t`.
 *
 * A requirement applies to an agent when its level and team match (a
 * level of -1 or a NULL team match everyone), from its start: the hire
 * date for ::CSVC_TRIGGER_HIRE (due `due_days` later), a launch date for
 * ::CSVC_TRIGGER_LAUNCH (due `due_days` before it), the promotion to the
 * requirement's level for ::CSVC_TRIGGER_PROMOTION, the requirement's
 * `start` otherwise (due `due_days` after the later of it and the hire
 * date). It is met by a passed completion of its course at or after the
 * start, and stays met until the earliest of the certificate's expiry
 * (completion + the course's validity months), the recurrence's next date
 * (completion + `every_months` for ::CSVC_RECUR_AFTER_COMPLETION; the
 * first anchor date after the completion for ::CSVC_RECUR_ANCHORED) and
 * never. A newer passed completion re-dates it from that completion.
 *
 * Status of a requirement for an agent at instant `t`: ::CSVC_ITEM_CURRENT
 * (met, and not ending within the largest reminder horizon),
 * ::CSVC_ITEM_EXPIRING (met, ending within a horizon; the smallest horizon
 * reached is reported), ::CSVC_ITEM_EXPIRED (met before, no longer),
 * ::CSVC_ITEM_DUE (never met, the due date ahead) and ::CSVC_ITEM_OVERDUE
 * (never met, the due date reached). Coverage: the share of the agents
 * active at `t` whose applicable requirements are all current or expiring
 * (an agent with none counts as covered).
 *
 * Sessions (a course on a date, with a trainer and a capacity) take
 * enrolments (capacity and prerequisites enforced) and then attendance and
 * results, which are completions like any other. Effectiveness follows
 * Kirkpatrick: L1 mean satisfaction and L2 mean learning gain (post - pre)
 * and pass rate per course and per session; L3/L4 the change in the KPI
 * dimension scores the course trains between a review before and one
 * after it.
 *
 * Needs come from KPI gaps: a dimension score below a threshold points to
 * the courses tagged with that dimension the agent has not passed.
 * Promotion follows the ladder junior -> senior -> expert -> supervisor ->
 * manager: to the next level an agent needs every requirement of its own
 * current, every requirement of the next level passed, the rule's minimum
 * grade in each of its last K reviews and its minimum tenure.
 *
 * A store keeps every change of a plan (csvc_store_attach_training()).
 */
#ifndef CSVC_TRAINING_H
#define CSVC_TRAINING_H

#include "common.h"
#include "kpi.h"
#include "roster.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An opaque training plan: catalogue, requirements, records. */
typedef struct csvc_training csvc_training;

/** Course kinds. Values are stable. */
typedef enum csvc_course_kind {
    CSVC_COURSE_ONBOARDING = 0,
    CSVC_COURSE_PRODUCT = 1,       /**< product knowledge */
    CSVC_COURSE_PLATFORM = 2,      /**< platform rules and systems */
    CSVC_COURSE_COMMUNICATION = 3, /**< communication and etiquette */
    CSVC_COURSE_COMPLAINTS = 4,    /**< complaint handling and emotion management */
    CSVC_COURSE_COMPLIANCE = 5,    /**< legal and compliance */
    CSVC_COURSE_ADVANCED = 6,
    CSVC_COURSE_MANAGEMENT = 7,
    CSVC_COURSE_NEW_PRODUCT = 8
} csvc_course_kind;

/** Delivery. Values are stable. */
typedef enum csvc_delivery {
    CSVC_DELIVERY_INTERNAL = 0,
    CSVC_DELIVERY_EXTERNAL = 1,
    CSVC_DELIVERY_ONLINE = 2,
    CSVC_DELIVERY_ONSITE = 3,
    CSVC_DELIVERY_MENTORING = 4
} csvc_delivery;

/** "onboarding", "product", ...; NULL for an unknown value. @since 0.7 */
CSVC_API const char *csvc_course_kind_name(csvc_course_kind kind);
/** Parses a kind name (ASCII case ignored). ::CSVC_E_NULL, ::CSVC_E_INVALID. @since 0.7 */
CSVC_API csvc_status csvc_course_kind_parse(const char *name, csvc_course_kind *out);
/** "internal", "external", "online", "onsite", "mentoring". @since 0.7 */
CSVC_API const char *csvc_delivery_name(csvc_delivery delivery);
/** Parses a delivery name. ::CSVC_E_NULL, ::CSVC_E_INVALID. @since 0.7 */
CSVC_API csvc_status csvc_delivery_parse(const char *name, csvc_delivery *out);

#define CSVC_TRAINING_OPTIONS_VERSION 1

/** Options of a training handle. */
typedef struct csvc_training_options {
    uint32_t version;         /**< ::CSVC_TRAINING_OPTIONS_VERSION */
    int32_t utc_offset;       /**< seconds east of UTC for dates, -18h..+18h */
    int32_t horizons[8];      /**< reminder horizons in days, descending, 0-terminated */
} csvc_training_options;

#define CSVC_TRAINING_OPTIONS_INIT { CSVC_TRAINING_OPTIONS_VERSION, 0, { 90, 60, 30, 7, 0 } }
/** Sets `options` to ::CSVC_TRAINING_OPTIONS_INIT (NULL is a no-op). @since 0.7 */
CSVC_API void csvc_training_options_init(csvc_training_options *options);

/**
 * Creates an empty training plan over `roster`.
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION, ::CSVC_E_RANGE (the offset, a
 *         horizon not in 1..3650 or not descending), ::CSVC_E_NOMEM.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_new(const csvc_roster *roster,
                                       const csvc_training_options *options,
                                       const csvc_allocator *allocator, csvc_training **out);
/**
 * Gives team `team_id` its own UTC offset (its calendar's) for every date
 * of its agents: due dates, month arithmetic, anchors and the times in the
 * reports. The others keep the plan's. Set it before the team's
 * requirements (their `start` dates in a JSON document are local midnight
 * at it).
 * @return ::CSVC_E_NULL, ::CSVC_E_NOTFOUND (team), ::CSVC_E_RANGE
 *         (-18h..+18h), ::CSVC_E_NOMEM.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_set_team_offset(csvc_training *training, const char *team_id,
                                                   int32_t utc_offset);
/** Frees a training plan; NULL is a no-op. @since 0.7 */
CSVC_API void csvc_training_free(csvc_training *training);
/** The message of the handle's last failure. @since 0.7 */
CSVC_API const char *csvc_training_errmsg(const csvc_training *training);

/* ------------------------------------------------------------------------ */
/** @name Catalogue */
/**@{*/

#define CSVC_COURSE_VERSION 1

/** A course. */
typedef struct csvc_course {
    uint32_t version;        /**< ::CSVC_COURSE_VERSION */
    const char *id;
    const char *title;       /**< valid UTF-8, <= 256 bytes */
    csvc_course_kind kind;
    csvc_delivery delivery;
    int32_t minutes;         /**< length, 1..100000 */
    int32_t passing_score;   /**< 0..100: a post-test score at least this passes */
    int32_t validity_months; /**< 0: the certificate never expires; else 1..1200 */
    uint32_t dimensions;     /**< KPI dimensions it trains: bits 1 << ::csvc_kpi_dimension */
    const char *const *prerequisites; /**< course ids, already in the catalogue */
    size_t nprerequisites;
} csvc_course;

#define CSVC_COURSE_INIT \
    { CSVC_COURSE_VERSION, NULL, NULL, CSVC_COURSE_ONBOARDING, CSVC_DELIVERY_INTERNAL, 60, 60, 0, 0u, NULL, 0 }
/** Sets `course` to ::CSVC_COURSE_INIT (NULL is a no-op). @since 0.7 */
CSVC_API void csvc_course_init(csvc_course *course);

/**
 * Adds a course. Prerequisites must be in the catalogue already, so the
 * prerequisite graph has no cycles.
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION, ::CSVC_E_INVALID (id, title,
 *         kind, delivery, dimensions, an unknown or repeated
 *         prerequisite), ::CSVC_E_RANGE (minutes, passing score, validity),
 *         ::CSVC_E_EXISTS, ::CSVC_E_NOMEM; nothing changes on failure.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_add_course(csvc_training *training, const csvc_course *course);
/** The number of courses. @since 0.7 */
CSVC_API size_t csvc_training_course_count(const csvc_training *training);
/** Course `id` (strings and the prerequisite array live as long as the
 *  handle). ::CSVC_E_NULL, ::CSVC_E_NOTFOUND. @since 0.7 */
CSVC_API csvc_status csvc_training_get_course(const csvc_training *training, const char *id,
                                              csvc_course *out);
/**
 * Imports courses from CSV, all or nothing. Columns (header names,
 * any order): `id`, `title`, `kind`, `delivery`, `minutes`,
 * `passing_score`, `validity_months` (empty: 0), `dimensions` (kpi
 * dimension names separated by `;`, may be empty), `prerequisites`
 * (course ids separated by `;`, may be empty; in the catalogue or on
 * this file in any order, as long as they form no cycle).
 * @return ::CSVC_E_NULL, ::CSVC_E_IO, ::CSVC_E_PARSE, ::CSVC_E_INVALID
 *         (a cycle names its courses), ::CSVC_E_RANGE, ::CSVC_E_EXISTS,
 *         each naming the line and column; nothing changes on failure.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_import_courses_csv(csvc_training *training, const char *path);
/** As csvc_training_import_courses_csv() from memory. @since 0.7 */
CSVC_API csvc_status csvc_training_import_courses_csv_buffer(csvc_training *training,
                                                             const char *data, size_t size);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Requirements */
/**@{*/

/** When a requirement starts for an agent. Values are stable. */
typedef enum csvc_trigger {
    CSVC_TRIGGER_START = 0,  /**< at `start` (or the hire date, if later) */
    CSVC_TRIGGER_HIRE = 1,   /**< at the hire date: onboarding */
    CSVC_TRIGGER_LAUNCH = 2, /**< due `due_days` before the launch at `start` */
    CSVC_TRIGGER_PROMOTION = 3 /**< due `due_days` after the agent reached the
                                    requirement's level (csvc_training_record_promotion()),
                                    or after its hire when none is recorded */
} csvc_trigger;

/** How a met requirement comes due again. Values are stable. */
typedef enum csvc_recurrence {
    CSVC_RECUR_NONE = 0,             /**< met once: only the certificate's expiry ends it */
    CSVC_RECUR_AFTER_COMPLETION = 1, /**< every `every_months` after the last completion */
    CSVC_RECUR_ANCHORED = 2          /**< again at each anchor date (every 1 January, ...) */
} csvc_recurrence;

#define CSVC_REQUIREMENT_VERSION 1

/**
 * A requirement. Anchors (::CSVC_RECUR_ANCHORED) are the months
 * `anchor_month`, `anchor_month + every_months`, ... (every_months 1, 2,
 * 3, 4, 6 or 12) on day `anchor_day` (clamped to the month's last day),
 * or, with `anchor_weekday` 0..6 (Sunday..Saturday), on the first such
 * weekday of the month, at local midnight: every 1 January is month 1,
 * every 12, day 1; the first Monday of each quarter is month 1, every 3,
 * weekday 1.
 */
typedef struct csvc_requirement {
    uint32_t version;        /**< ::CSVC_REQUIREMENT_VERSION */
    const char *id;
    const char *course_id;   /**< in the catalogue */
    int32_t level;           /**< a ::csvc_level, or -1 for every level */
    const char *team_id;     /**< NULL: every team */
    csvc_trigger trigger;
    int64_t start;           /**< Unix seconds: when it starts, or the launch */
    int32_t due_days;        /**< 0..3650: after the start (before the launch) */
    csvc_recurrence recurrence;
    int32_t every_months;    /**< 1..1200 for the recurrences */
    int32_t anchor_month;    /**< 1..12 */
    int32_t anchor_day;      /**< 1..31 */
    int32_t anchor_weekday;  /**< -1: use anchor_day; 0..6 the first such weekday */
} csvc_requirement;

#define CSVC_REQUIREMENT_INIT \
    { CSVC_REQUIREMENT_VERSION, NULL, NULL, -1, NULL, CSVC_TRIGGER_START, 0, 30, CSVC_RECUR_NONE, 0, 1, 1, -1 }
/** Sets `requirement` to ::CSVC_REQUIREMENT_INIT (NULL is a no-op). @since 0.7 */
CSVC_API void csvc_requirement_init(csvc_requirement *requirement);

/**
 * Adds a requirement.
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION, ::CSVC_E_INVALID (id, trigger,
 *         recurrence, level), ::CSVC_E_NOTFOUND (course, team),
 *         ::CSVC_E_RANGE (due days, months, anchor, a start outside years
 *         1..9999), ::CSVC_E_EXISTS, ::CSVC_E_NOMEM; nothing changes on
 *         failure.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_add_requirement(csvc_training *training,
                                                   const csvc_requirement *requirement);
/**
 * Adds the requirements of a JSON document, all or nothing (schema
 * `examples/data/training_requirements.schema.json`, example
 * `examples/data/training_requirements.json`): `{"requirements": [{"id",
 * "course", "level", "team", "trigger": "start" | "hire" | "launch",
 * "start": "YYYY-MM-DD" (local midnight), "due_days", "recurrence":
 * {"every_months"} | {"anchored": {"every_months", "month", "day" |
 * "weekday": "monday"}}}]}`; omitted fields take ::CSVC_REQUIREMENT_INIT's
 * values.
 * @return ::CSVC_E_NULL, ::CSVC_E_PARSE (not JSON, a missing, unknown or
 *         mistyped field), and csvc_training_add_requirement()'s statuses,
 *         each naming the entry's JSON path (`requirements[2].trigger`);
 *         ::CSVC_E_NOTFOUND, ::CSVC_E_PERM, ::CSVC_E_IO for the file.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_load_requirements_json_buffer(csvc_training *training,
                                                                 const char *data, size_t size);
/** As csvc_training_load_requirements_json_buffer() from a file. @since 0.7 */
CSVC_API csvc_status csvc_training_load_requirements_json(csvc_training *training,
                                                          const char *path);
/** The number of requirements. @since 0.7 */
CSVC_API size_t csvc_training_requirement_count(const csvc_training *training);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Completions */
/**@{*/

/** "No score" and "no rating" for csvc_training_complete(). */
#define CSVC_TRAINING_NO_SCORE (-1)

/**
 * Records that agent `agent_id` completed course `course_id` at `time`,
 * with a pre-test and a post-test score (0..100, or
 * ::CSVC_TRAINING_NO_SCORE) and a satisfaction rating (1..5, or
 * ::CSVC_TRAINING_NO_SCORE). It passes when the post-test score is at
 * least the course's passing score (a course with passing score 0 passes
 * without a test). An agent's completions come in time order (equal
 * times allowed), and a course's prerequisites must be passed by then.
 * @return ::CSVC_E_NULL, ::CSVC_E_NOTFOUND (agent, course), ::CSVC_E_RANGE
 *         (scores, rating, a time outside years 1..9999 or before the hire
 *         date), ::CSVC_E_CONSTRAINT (before the agent's last completion of
 *         the course, or a prerequisite not passed by then), ::CSVC_E_NOMEM.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_complete(csvc_training *training, const char *agent_id,
                                            const char *course_id, int64_t time,
                                            int32_t pre_score, int32_t post_score,
                                            int32_t satisfaction);
/**
 * Records that `agent_id` was promoted to `level` on `date`: requirements
 * triggered by ::CSVC_TRIGGER_PROMOTION at that level come due from it.
 * The roster keeps the agent's current level; this keeps when it was
 * reached. A later record replaces an earlier one.
 * @return ::CSVC_E_NULL, ::CSVC_E_NOTFOUND (agent), ::CSVC_E_INVALID
 *         (level), ::CSVC_E_RANGE (a date before the hire or outside years
 *         1..9999), ::CSVC_E_NOMEM.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_record_promotion(csvc_training *training,
                                                    const char *agent_id, csvc_level level,
                                                    int64_t date);
/** The number of completions recorded. @since 0.7 */
CSVC_API size_t csvc_training_completion_count(const csvc_training *training);
/**
 * Imports completions from CSV, all or nothing: the records file of a
 * learning system, or a transcript (csvc_training_transcript_csv()) read
 * back. Columns (header names, any order; others are ignored, so a
 * session's completion imports as a plain one): `agent_id`, `course_id`,
 * `time` (ISO 8601 as csvc_time_parse() reads it, a time without an
 * offset at the agent's team offset, or Unix seconds), and the optional
 * `pre`, `post` (0..100) and `satisfaction` (1..5), empty for none.
 * Rows are recorded in time order (equal times in the file's order) as
 * csvc_training_complete() records them. A row equal to a completion the
 * plan already holds (agent, course, time, scores and rating) is skipped,
 * so importing the same export again records nothing; `*added` (may be
 * NULL) counts the rows recorded. In a store, one transaction.
 * @return ::CSVC_E_NULL, ::CSVC_E_IO, ::CSVC_E_PARSE, ::CSVC_E_NOTFOUND
 *         (agent, course), ::CSVC_E_RANGE, ::CSVC_E_CONSTRAINT (as
 *         csvc_training_complete()), ::CSVC_E_NOMEM, each naming the line;
 *         nothing changes on failure.
 * @since 0.9
 */
CSVC_API csvc_status csvc_training_import_records_csv(csvc_training *training, const char *path,
                                                      size_t *added);
/** As csvc_training_import_records_csv() from memory. @since 0.9 */
CSVC_API csvc_status csvc_training_import_records_csv_buffer(csvc_training *training,
                                                             const char *data, size_t size,
                                                             size_t *added);

/**
 * The transcript of `agent_id` (NULL: every agent, in roster order) over
 * the completions in `period` (NULL: all), in time order, as CSV
 * `agent_id,course_id,title,time,session_id,pre,post,passed,satisfaction,
 * minutes` (local ISO 8601 times; empty scores, rating and session when
 * none). Released with csvc_free().
 * @return ::CSVC_E_NULL, ::CSVC_E_NOTFOUND (agent), ::CSVC_E_RANGE (an
 *         empty period), ::CSVC_E_NOMEM.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_transcript_csv(const csvc_training *training,
                                                  const char *agent_id, const csvc_period *period,
                                                  char **out, size_t *size);
/**
 * As csvc_training_transcript_csv() as a JSON array of objects with the
 * same fields (`null` for what the CSV leaves empty, `passed` a boolean).
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_transcript_json(const csvc_training *training,
                                                   const char *agent_id,
                                                   const csvc_period *period, char **out,
                                                   size_t *size);
/**
 * Training hours of `agent_id` in `period` (NULL: all): the courses'
 * minutes over every completion (passed or not), / 60.
 * @return ::CSVC_E_NULL, ::CSVC_E_NOTFOUND, ::CSVC_E_RANGE.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_hours(const csvc_training *training, const char *agent_id,
                                         const csvc_period *period, double *out);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Sessions */
/**@{*/

#define CSVC_TRAINING_SESSION_VERSION 1

/** A session of a course. */
typedef struct csvc_training_session {
    uint32_t version;      /**< ::CSVC_TRAINING_SESSION_VERSION */
    const char *id;
    const char *course_id; /**< in the catalogue */
    int64_t start;         /**< Unix seconds */
    const char *trainer;   /**< free text, <= 256 bytes; NULL: none */
    int32_t capacity;      /**< 1..100000 seats */
} csvc_training_session;

#define CSVC_TRAINING_SESSION_INIT { CSVC_TRAINING_SESSION_VERSION, NULL, NULL, 0, NULL, 20 }

/**
 * Adds a session.
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION, ::CSVC_E_INVALID (id, trainer),
 *         ::CSVC_E_NOTFOUND (course), ::CSVC_E_RANGE (capacity, start),
 *         ::CSVC_E_EXISTS, ::CSVC_E_NOMEM.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_add_session(csvc_training *training,
                                               const csvc_training_session *session);
/**
 * Enrols `agent_id` in `session_id`.
 * @return ::CSVC_E_NULL, ::CSVC_E_NOTFOUND (session, agent),
 *         ::CSVC_E_EXISTS (already enrolled), ::CSVC_E_CONSTRAINT (the
 *         session is full, the agent is not active or not yet hired at its
 *         start, or a prerequisite of the course is not passed by then; the
 *         message names it), ::CSVC_E_NOMEM.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_enrol(csvc_training *training, const char *session_id,
                                         const char *agent_id);
/**
 * Records an enrolled agent's session: absent (`attended` 0: no
 * completion), or attended with its scores and rating, a completion at
 * `time` as csvc_training_complete().
 * @return as csvc_training_complete(); ::CSVC_E_NOTFOUND (session),
 *         ::CSVC_E_CONSTRAINT (not enrolled, or already recorded),
 *         ::CSVC_E_RANGE (a time before the session's start).
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_record_session(csvc_training *training,
                                                  const char *session_id, const char *agent_id,
                                                  int32_t attended, int64_t time,
                                                  int32_t pre_score, int32_t post_score,
                                                  int32_t satisfaction);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Effectiveness */
/**@{*/

#define CSVC_TRAINING_EFFECT_VERSION 1

/** Kirkpatrick L1 and L2 of a course or a session. Means are NaN when
 *  nothing counts (their `n_*` is 0). */
typedef struct csvc_training_effect {
    uint32_t version;          /**< ::CSVC_TRAINING_EFFECT_VERSION */
    size_t enrolled, attended; /**< sessions only; 0 for a course */
    size_t completions, passed;
    double pass_rate;          /**< passed / completions */
    size_t n_satisfaction;
    double satisfaction;       /**< L1: mean rating 1..5 */
    size_t n_gain;
    double gain;               /**< L2: mean post - pre, of completions with both */
} csvc_training_effect;

/**
 * L1/L2 of course `course_id` over its completions in `period` (NULL:
 * all).
 * @return ::CSVC_E_NULL, ::CSVC_E_NOTFOUND, ::CSVC_E_RANGE (an empty period).
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_course_effect(const csvc_training *training,
                                                 const char *course_id,
                                                 const csvc_period *period,
                                                 csvc_training_effect *out);
/** L1/L2 of session `session_id` (with its enrolment and attendance).
 *  ::CSVC_E_NULL, ::CSVC_E_NOTFOUND. @since 0.7 */
CSVC_API csvc_status csvc_training_session_effect(const csvc_training *training,
                                                  const char *session_id,
                                                  csvc_training_effect *out);

#define CSVC_TRAINING_KPI_EFFECT_VERSION 1

/** Kirkpatrick L3/L4 of a course between two reviews. */
typedef struct csvc_training_kpi_effect {
    uint32_t version; /**< ::CSVC_TRAINING_KPI_EFFECT_VERSION */
    size_t agents;    /**< agents it rests on: passed the course between the
                           reviews and scored in both */
    double dimensions[CSVC_KPI_DIMENSION_COUNT]; /**< mean change (after -
                           before) of each dimension the course trains; NaN
                           for the others or with no agent */
    double composite; /**< mean change of the composite, NaN with no agent */
} csvc_training_kpi_effect;

/**
 * The change in KPI scores around course `course_id`: the agents with a
 * passed completion in `[before_period.end, after_period.end)`, scored in
 * both `before` (the review of `before_period`) and `after`.
 * @return ::CSVC_E_NULL, ::CSVC_E_NOTFOUND (course), ::CSVC_E_RANGE (the
 *         periods out of order).
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_kpi_effect_of(const csvc_training *training,
                                                 const char *course_id,
                                                 const csvc_kpi_results *before,
                                                 const csvc_period *before_period,
                                                 const csvc_kpi_results *after,
                                                 const csvc_period *after_period,
                                                 csvc_training_kpi_effect *out);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Status */
/**@{*/

/** A requirement's state for an agent. Values are stable. */
typedef enum csvc_item_state {
    CSVC_ITEM_CURRENT = 0,
    CSVC_ITEM_EXPIRING = 1,
    CSVC_ITEM_EXPIRED = 2,
    CSVC_ITEM_DUE = 3,
    CSVC_ITEM_OVERDUE = 4
} csvc_item_state;

/** "current", "expiring", "expired", "due", "overdue". @since 0.7 */
CSVC_API const char *csvc_item_state_name(csvc_item_state state);

#define CSVC_ITEM_STATUS_VERSION 1

/** One requirement of one agent at an instant. */
typedef struct csvc_item_status {
    uint32_t version;            /**< ::CSVC_ITEM_STATUS_VERSION */
    const char *agent_id;
    const char *requirement_id;
    const char *course_id;
    csvc_item_state state;
    int64_t due;         /**< DUE, OVERDUE: the due date; else when it must be met
                              again (valid_until), ::CSVC_TIME_NONE: never */
    int64_t completed;   /**< the last passed completion, or ::CSVC_TIME_NONE */
    int64_t valid_until; /**< when it stops being met, ::CSVC_TIME_NONE: never */
    int32_t horizon;     /**< EXPIRING: the smallest horizon reached (days), else 0 */
} csvc_item_status;

/**
 * The status of requirement `requirement_id` for `agent_id` at `at`.
 * @return ::CSVC_E_NULL, ::CSVC_E_NOTFOUND (agent, requirement, or the
 *         requirement does not apply to the agent), ::CSVC_E_RANGE (time).
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_status(const csvc_training *training, const char *agent_id,
                                          const char *requirement_id, int64_t at,
                                          csvc_item_status *out);

/** An opaque report: every applicable requirement of every agent counted
 *  at one instant, and the coverage of each team and of the desk. */
typedef struct csvc_training_report csvc_training_report;

/**
 * Computes the report at `at`: the agents active at `at` (not separated,
 * hired by then) in roster order, each with its applicable requirements in
 * the order they were added. The report reads the training plan and its
 * roster when built and refers to their ids: free it before them.
 * @return ::CSVC_E_NULL, ::CSVC_E_RANGE (time), ::CSVC_E_NOMEM.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_report_new(const csvc_training *training, int64_t at,
                                              csvc_training_report **out);
/** Frees a report; NULL is a no-op. @since 0.7 */
CSVC_API void csvc_training_report_free(csvc_training_report *report);
/** The number of items (agent, requirement). @since 0.7 */
CSVC_API size_t csvc_training_report_item_count(const csvc_training_report *report);
/** Item `index`. ::CSVC_E_NULL, ::CSVC_E_RANGE. @since 0.7 */
CSVC_API csvc_status csvc_training_report_item(const csvc_training_report *report, size_t index,
                                               csvc_item_status *out);
/** How many items are in `state`. @since 0.7 */
CSVC_API size_t csvc_training_report_state_count(const csvc_training_report *report,
                                                 csvc_item_state state);
/**
 * Coverage of team `team_id` (NULL: the desk) in the report, as
 * csvc_training_coverage().
 * @return ::CSVC_E_NULL (report, covered, active), ::CSVC_E_NOTFOUND.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_report_coverage(const csvc_training_report *report,
                                                   const char *team_id, size_t *covered,
                                                   size_t *active);

/**
 * The report as JSON: `{"at", "coverage": {"desk": {"covered", "active",
 * "rate"}, "teams": {team: {...}}}, "states": {state: count}, "items":
 * [{"agent_id", "requirement_id", "course_id", "state", "due",
 * "completed", "valid_until", "horizon"}]}` with local ISO 8601 times (null
 * when none) and rates as fractions with six decimals (null with no
 * active agent); teams with an active agent, in roster order. Released
 * with csvc_free().
 * @return ::CSVC_E_NULL, ::CSVC_E_NOMEM.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_report_export_json_buffer(const csvc_training_report *report,
                                                             char **out, size_t *size);

/**
 * Coverage at `at` of team `team_id` (NULL: the desk): `*covered` of
 * `*active` agents (active and not separated at `at`, hired by then) have
 * every applicable requirement current or expiring.
 * @return ::CSVC_E_NULL (training, covered or active), ::CSVC_E_NOTFOUND
 *         (team), ::CSVC_E_RANGE (time), ::CSVC_E_NOMEM.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_coverage(const csvc_training *training, const char *team_id,
                                            int64_t at, size_t *covered, size_t *active);

/**
 * Every applicable requirement of every agent active at `at`, as CSV:
 * `agent_id,team_id,requirement_id,course_id,state,due,completed,
 * valid_until,horizon` (dates as local ISO 8601 at the handle's offset,
 * empty when none), agents in roster order and requirements in the order
 * added. With `states` not 0 only the rows whose state bit
 * (1 << ::csvc_item_state) is set: the overdue list, the certificates
 * expiring soon. Released with csvc_free().
 * @return ::CSVC_E_NULL, ::CSVC_E_RANGE, ::CSVC_E_NOMEM.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_export_status_csv(const csvc_training *training, int64_t at,
                                                     uint32_t states, char **out, size_t *size);

/**
 * The certificates and requirements of agents active at `at` that stop
 * being met within `days` days (at < valid_until <= at + days), as the
 * status CSV. Released with csvc_free().
 * @return ::CSVC_E_NULL, ::CSVC_E_RANGE (days not 0..3650, time), ::CSVC_E_NOMEM.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_expiring_csv(const csvc_training *training, int64_t at,
                                                int32_t days, char **out, size_t *size);

/**
 * The reminders to send on the local day containing `day`: each
 * requirement of an active agent whose end (valid_until) is, that day,
 * exactly a reminder horizon away (`horizons[k]` days after the day's
 * local midnight falls inside the day the requirement ends), as CSV
 * `agent_id,requirement_id,course_id,horizon,valid_until`. Asking day by
 * day sends each reminder once per horizon.
 * @return ::CSVC_E_NULL, ::CSVC_E_RANGE, ::CSVC_E_NOMEM.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_reminders_csv(const csvc_training *training, int64_t day,
                                                 char **out, size_t *size);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Needs and promotion */
/**@{*/

/**
 * Training needs at `at` from `results`: for every agent scored there and
 * in the roster, every KPI dimension whose score is below `threshold`
 * (0..100), each course tagged with that dimension the agent has not
 * passed by `at`, as CSV `agent_id,dimension,score,course_id` (agents in
 * the results' order, dimensions and courses in their order). Released
 * with csvc_free().
 * @return ::CSVC_E_NULL, ::CSVC_E_RANGE (threshold, time), ::CSVC_E_NOMEM.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_needs_csv(const csvc_training *training,
                                             const csvc_kpi_results *results, double threshold,
                                             int64_t at, char **out, size_t *size);

#define CSVC_PROMOTION_RULE_VERSION 1

/** What promotion to level `to` asks beyond the training. */
typedef struct csvc_promotion_rule {
    uint32_t version;        /**< ::CSVC_PROMOTION_RULE_VERSION */
    csvc_level to;           /**< senior .. manager */
    int32_t min_grade;       /**< 1..5: the grade needed in each review counted */
    int32_t reviews;         /**< K: the last K reviews count (0..24) */
    int32_t min_tenure_days; /**< 0..36500, from the hire date to the check */
} csvc_promotion_rule;

#define CSVC_PROMOTION_RULE_INIT { CSVC_PROMOTION_RULE_VERSION, CSVC_LEVEL_SENIOR, 4, 2, 365 }

/**
 * Sets the rule for promotion to `rule->to` (replacing an earlier one).
 * A level without a rule asks for the training only.
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION, ::CSVC_E_RANGE.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_set_promotion_rule(csvc_training *training,
                                                      const csvc_promotion_rule *rule);

/**
 * Whether `agent_id` may be promoted to the next level at `at`, given its
 * reviews `reviews[0..n)` newest first; `*eligible` is 1 or 0 and `*out`
 * (released with csvc_free()) lists every reason it is not, one per line
 * ("" when eligible).
 * @return ::CSVC_E_NULL, ::CSVC_E_NOTFOUND (agent), ::CSVC_E_RANGE (time),
 *         ::CSVC_E_NOMEM.
 * @since 0.7
 */
CSVC_API csvc_status csvc_training_promotion_check(const csvc_training *training,
                                                   const char *agent_id, int64_t at,
                                                   const csvc_kpi_results *const *reviews,
                                                   size_t n, int *eligible, char **out,
                                                   size_t *size);
/**@}*/

#ifdef __cplusplus
}
#endif

#endif /* CSVC_TRAINING_H */
