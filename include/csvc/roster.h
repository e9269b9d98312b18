/**
 * @file csvc/roster.h
 * @brief Teams, agents and reporting lines: the roster every engine uses.
 *
 * A roster holds teams and agents. Every change is validated before it is
 * applied: a call that fails returns a specific status, leaves a message in
 * csvc_roster_errmsg() and changes nothing.
 *
 * Consistency rules:
 * - team and agent ids are identifiers (see csvc_id_check()), unique within
 *   their kind;
 * - an agent's team must exist; its supervisor, when set, must be another
 *   agent, and supervisor links never form a cycle;
 * - a team's lead, when set, must be an agent.
 *
 * Iteration is by index in insertion order (0 .. count-1). Strings the
 * roster returns (through ::csvc_agent_info and ::csvc_team_info) are owned
 * by the roster and valid until the next call that changes it.
 *
 * Thread-safety: one roster is not thread-safe; distinct rosters are
 * independent.
 */
#ifndef CSVC_ROSTER_H
#define CSVC_ROSTER_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An opaque roster. */
typedef struct csvc_roster csvc_roster;

/** Career levels, in order. Values are stable. */
typedef enum csvc_level {
    CSVC_LEVEL_JUNIOR = 0,
    CSVC_LEVEL_SENIOR = 1,
    CSVC_LEVEL_EXPERT = 2,
    CSVC_LEVEL_SUPERVISOR = 3,
    CSVC_LEVEL_MANAGER = 4
} csvc_level;

/** Number of ::csvc_level values. */
#define CSVC_LEVEL_COUNT 5

/** Ticket categories (also the unit of an agent's skills). Values are stable. */
typedef enum csvc_category {
    CSVC_CATEGORY_INQUIRY = 0,
    CSVC_CATEGORY_ORDER_LOGISTICS = 1,
    CSVC_CATEGORY_RETURN_REFUND = 2, /**< return / exchange / refund */
    CSVC_CATEGORY_REPAIR_WARRANTY = 3,
    CSVC_CATEGORY_COMPLAINT = 4,
    CSVC_CATEGORY_TECHNICAL = 5,
    CSVC_CATEGORY_OTHER = 6
} csvc_category;

/** Number of ::csvc_category values. */
#define CSVC_CATEGORY_COUNT 7

/** The skill bit of a category: skills are `uint32_t` sets of these bits. */
#define CSVC_SKILL(category) (UINT32_C(1) << (uint32_t)(category))
/** Every defined skill bit. */
#define CSVC_SKILLS_ALL ((UINT32_C(1) << CSVC_CATEGORY_COUNT) - 1u)

/** "junior", "senior", ...; NULL for an unknown value. @since 0.1 */
CSVC_API const char *csvc_level_name(csvc_level level);
/**
 * Parses a level name (ASCII case-insensitive), or one of the Chinese terms
 * of the shops' exports (simplified or traditional): 初级 junior, 高级
 * senior, 资深/专家 expert, 主管 supervisor, 经理 manager. Names are
 * always written in English. ::CSVC_E_INVALID if unknown.
 * @since 0.1
 */
CSVC_API csvc_status csvc_level_parse(const char *name, csvc_level *out);
/**
 * "inquiry", "order_logistics", "return_refund", "repair_warranty",
 * "complaint", "technical", "other"; NULL for an unknown value.
 * @since 0.1
 */
CSVC_API const char *csvc_category_name(csvc_category category);
/**
 * Parses a category name (ASCII case-insensitive), or a Chinese term
 * (simplified or traditional): 咨询 inquiry, 订单物流/物流 order_logistics,
 * 退换货/退款/退货 return_refund, 维修保修/维修/保修 repair_warranty, 投诉
 * complaint, 技术支持/技术 technical, 其他 other. ::CSVC_E_INVALID if unknown.
 * @since 0.1
 */
CSVC_API csvc_status csvc_category_parse(const char *name, csvc_category *out);

#define CSVC_AGENT_INFO_VERSION 1

/**
 * An agent's fields, in and out. Versioned: set `version` with
 * csvc_agent_info_init() or ::CSVC_AGENT_INFO_INIT so that fields appended
 * in later releases take their defaults.
 */
typedef struct csvc_agent_info {
    uint32_t version;          /**< ::CSVC_AGENT_INFO_VERSION */
    const char *id;            /**< identifier, required */
    const char *name;          /**< display name, required, valid UTF-8, <= 256 bytes */
    const char *team_id;       /**< existing team, required */
    csvc_level level;          /**< career level */
    int64_t hire_date;         /**< Unix time of the hire date (midnight UTC) */
    const char *supervisor_id; /**< agent id or NULL / "" for none */
    uint32_t skills;           /**< set of CSVC_SKILL() bits */
    int32_t active;            /**< 1 active, 0 inactive */
    int64_t base_pay;          /**< monthly base pay in minor units, >= 0 */
    const char *currency;      /**< ISO 4217 code, 3 upper-case letters; NULL = "CNY" */
} csvc_agent_info;

/** Initialiser: active junior with no skills, no supervisor, currency CNY. */
#define CSVC_AGENT_INFO_INIT \
    { CSVC_AGENT_INFO_VERSION, NULL, NULL, NULL, CSVC_LEVEL_JUNIOR, 0, NULL, 0u, 1, 0, NULL }

/** Sets `info` to ::CSVC_AGENT_INFO_INIT. @since 0.1 */
CSVC_API void csvc_agent_info_init(csvc_agent_info *info);

#define CSVC_TEAM_INFO_VERSION 1

/** A team's fields, in and out. */
typedef struct csvc_team_info {
    uint32_t version;   /**< ::CSVC_TEAM_INFO_VERSION */
    const char *id;     /**< identifier, required */
    const char *name;   /**< display name; NULL or "" = the id */
    const char *lead_id; /**< agent id of the team lead, or NULL / "" */
} csvc_team_info;

#define CSVC_TEAM_INFO_INIT { CSVC_TEAM_INFO_VERSION, NULL, NULL, NULL }

/** Sets `info` to ::CSVC_TEAM_INFO_INIT. @since 0.1 */
CSVC_API void csvc_team_info_init(csvc_team_info *info);

/**
 * Creates an empty roster.
 * @param allocator NULL for malloc/realloc/free; otherwise copied.
 * @param out the new roster, freed with csvc_roster_free().
 * @return ::CSVC_E_NULL, ::CSVC_E_VERSION (allocator version),
 *         ::CSVC_E_INVALID (allocator function missing), ::CSVC_E_NOMEM.
 * @since 0.1
 */
CSVC_API csvc_status csvc_roster_new(const csvc_allocator *allocator, csvc_roster **out);
/** Frees a roster; NULL is a no-op. @since 0.1 */
CSVC_API void csvc_roster_free(csvc_roster *roster);
/** The message of the roster's last failed call, "" if none. Never NULL. @since 0.1 */
CSVC_API const char *csvc_roster_errmsg(const csvc_roster *roster);

/**
 * Adds a team. ::CSVC_E_EXISTS for a duplicate id, ::CSVC_E_NOTFOUND for
 * an unknown lead, id errors as csvc_id_check().
 * @since 0.1
 */
CSVC_API csvc_status csvc_roster_add_team(csvc_roster *roster, const csvc_team_info *team);
/** Replaces the name and lead of the team `team->id`. @since 0.1 */
CSVC_API csvc_status csvc_roster_update_team(csvc_roster *roster,
                                             const csvc_team_info *team);
/** Looks a team up by id. ::CSVC_E_NOTFOUND if absent. @since 0.1 */
CSVC_API csvc_status csvc_roster_get_team(const csvc_roster *roster, const char *id,
                                          csvc_team_info *out);
/** Number of teams. 0 for NULL. @since 0.1 */
CSVC_API size_t csvc_roster_team_count(const csvc_roster *roster);
/** The team at `index` (insertion order). ::CSVC_E_RANGE past the end. @since 0.1 */
CSVC_API csvc_status csvc_roster_team_at(const csvc_roster *roster, size_t index,
                                         csvc_team_info *out);

/**
 * Adds an agent. Errors: ::CSVC_E_EXISTS (duplicate id), ::CSVC_E_NOTFOUND
 * (unknown team or supervisor), ::CSVC_E_CONSTRAINT (supervisor is the agent
 * itself), ::CSVC_E_RANGE (level, skills, negative pay or hire date),
 * ::CSVC_E_INVALID (currency, active not 0/1), id/name errors as
 * csvc_id_check().
 * @since 0.1
 */
CSVC_API csvc_status csvc_roster_add_agent(csvc_roster *roster, const csvc_agent_info *agent);
/**
 * Replaces every field of the agent `agent->id`. Also
 * ::CSVC_E_CONSTRAINT when the new supervisor would close a cycle.
 * @since 0.1
 */
CSVC_API csvc_status csvc_roster_update_agent(csvc_roster *roster,
                                              const csvc_agent_info *agent);
/** Marks an agent inactive (it keeps its history and reporting lines). @since 0.1 */
CSVC_API csvc_status csvc_roster_deactivate_agent(csvc_roster *roster, const char *id);

/** Why an agent left (its separation). */
typedef enum csvc_separation_reason {
    CSVC_SEPARATION_NONE = 0,            /**< still employed */
    CSVC_SEPARATION_RESIGNED = 1,        /**< left of their own accord */
    CSVC_SEPARATION_DISMISSED = 2,       /**< let go by the employer */
    CSVC_SEPARATION_TRANSFERRED_OUT = 3, /**< moved to another department */
    CSVC_SEPARATION_OTHER = 4
} csvc_separation_reason;

/** "none", "resigned", "dismissed", "transferred_out", "other"; NULL if unknown. @since 0.6 */
CSVC_API const char *csvc_separation_reason_name(csvc_separation_reason reason);
/** Parses a separation reason name (ASCII case-insensitive). ::CSVC_E_INVALID if unknown. @since 0.6 */
CSVC_API csvc_status csvc_separation_reason_parse(const char *name, csvc_separation_reason *out);

/**
 * Records that an agent left on `date` (midnight UTC of the day the
 * separation takes effect: the agent was employed on [hire_date, date)),
 * for `reason`, and marks it inactive. The agent keeps its history and
 * reporting lines. `date` CSVC_TIME_NONE with ::CSVC_SEPARATION_NONE
 * clears a separation (a rehire; the agent stays inactive until updated).
 * An agent separated before a period is not active in it: it takes no part
 * in KPI reviews of later periods, nor in coverage or staffing.
 * @return ::CSVC_E_NULL, ::CSVC_E_NOTFOUND, ::CSVC_E_RANGE (date not a
 *         midnight UTC, or before the hire date), ::CSVC_E_INVALID (reason
 *         unknown, NONE with a date, or a date without one).
 * @since 0.6
 */
CSVC_API csvc_status csvc_roster_separate_agent(csvc_roster *roster, const char *id,
                                                int64_t date, csvc_separation_reason reason);
/**
 * An agent's separation: `*date` CSVC_TIME_NONE and `*reason`
 * ::CSVC_SEPARATION_NONE while employed. ::CSVC_E_NULL, ::CSVC_E_NOTFOUND.
 * @since 0.6
 */
CSVC_API csvc_status csvc_roster_agent_separation(const csvc_roster *roster, const char *id,
                                                  int64_t *date, csvc_separation_reason *reason);

/** How an agent is employed. Values are stable. */
typedef enum csvc_employment {
    CSVC_EMPLOYMENT_FULL_TIME = 0, /**< the default */
    CSVC_EMPLOYMENT_PART_TIME = 1,
    CSVC_EMPLOYMENT_TEMPORARY = 2 /**< a temporary or seasonal post */
} csvc_employment;

/** Number of ::csvc_employment values. */
#define CSVC_EMPLOYMENT_COUNT 3
/** Largest contract hours per week (the hours in a week). */
#define CSVC_CONTRACT_HOURS_MAX 168.0

/** "full_time", "part_time", "temporary"; NULL if unknown. @since 0.8 */
CSVC_API const char *csvc_employment_name(csvc_employment employment);
/**
 * Parses an employment type (ASCII case-insensitive), or a Chinese term
 * (simplified or traditional): 全职 full_time, 兼职 part_time, 临时
 * temporary. ::CSVC_E_INVALID if unknown.
 * @since 0.8
 */
CSVC_API csvc_status csvc_employment_parse(const char *name, csvc_employment *out);

/**
 * Sets how agent `id` is employed and its contract hours per week (0 = not
 * stated). Every agent starts full-time with 0 contract hours. Staffing
 * counts the heads of each type a team has (csvc_staffing_available_heads()).
 * @return ::CSVC_E_NULL, ::CSVC_E_NOTFOUND, ::CSVC_E_INVALID (employment
 *         unknown), ::CSVC_E_RANGE (hours not finite, negative or above
 *         ::CSVC_CONTRACT_HOURS_MAX). A failure changes nothing.
 * @since 0.8
 */
CSVC_API csvc_status csvc_roster_set_employment(csvc_roster *roster, const char *id,
                                                csvc_employment employment,
                                                double contract_hours);
/**
 * How agent `id` is employed and its contract hours per week.
 * ::CSVC_E_NULL, ::CSVC_E_NOTFOUND.
 * @since 0.8
 */
CSVC_API csvc_status csvc_roster_agent_employment(const csvc_roster *roster, const char *id,
                                                  csvc_employment *employment,
                                                  double *contract_hours);

#define CSVC_ATTRITION_VERSION 1

/**
 * Attrition of a team or the whole roster over a period. Employment is the
 * interval [hire_date, separation date) (no separation: open); the active
 * flag plays no part.
 * - separations: agents whose separation date falls in the period, and
 *   by_reason[r] of them for each csvc_separation_reason r;
 * - average_headcount: the mean number of agents employed over the
 *   period, time-weighted to the second (an agent employed for half the
 *   period counts 0.5);
 * - rate: separations / average_headcount (NaN when the average is 0);
 * - annualised: rate * 365.25 days / the period's length (NaN as above).
 * An agent counts for the team it is in now.
 */
typedef struct csvc_attrition {
    uint32_t version; /**< ::CSVC_ATTRITION_VERSION */
    int64_t separations;
    int64_t by_reason[5]; /**< indexed by csvc_separation_reason (0 is unused) */
    double average_headcount;
    double rate;
    double annualised;
} csvc_attrition;

/**
 * Attrition over `period` of team `team_id` (NULL: every agent).
 * @return ::CSVC_E_NULL, ::CSVC_E_NOTFOUND (team), ::CSVC_E_RANGE (the
 *         period ends before it starts), ::CSVC_E_VERSION (out->version).
 * @since 0.6
 */
CSVC_API csvc_status csvc_roster_attrition(const csvc_roster *roster, const char *team_id,
                                           const csvc_period *period, csvc_attrition *out);
/** Looks an agent up by id. ::CSVC_E_NOTFOUND if absent. @since 0.1 */
CSVC_API csvc_status csvc_roster_get_agent(const csvc_roster *roster, const char *id,
                                           csvc_agent_info *out);
/** Number of agents, active or not. 0 for NULL. @since 0.1 */
CSVC_API size_t csvc_roster_agent_count(const csvc_roster *roster);
/** The agent at `index` (insertion order). ::CSVC_E_RANGE past the end. @since 0.1 */
CSVC_API csvc_status csvc_roster_agent_at(const csvc_roster *roster, size_t index,
                                          csvc_agent_info *out);
/**
 * Index of an agent (as used by csvc_roster_agent_at()), for engines that
 * keep per-agent arrays. ::CSVC_E_NOTFOUND if absent.
 * @since 0.1
 */
CSVC_API csvc_status csvc_roster_agent_index(const csvc_roster *roster, const char *id,
                                             size_t *out);

/**
 * Direct reports of `supervisor_id`, in insertion order: writes up to `cap`
 * agent ids to `ids` (may be NULL when cap is 0) and the total number to
 * `*count`. Call once with cap 0 to size the array.
 * @since 0.1
 */
CSVC_API csvc_status csvc_roster_direct_reports(const csvc_roster *roster,
                                                const char *supervisor_id,
                                                const char **ids, size_t cap,
                                                size_t *count);
/**
 * `*out = 1` when `manager_id` is above `agent_id` in the reporting line
 * (its supervisor, its supervisor's supervisor, ...), else 0.
 * @since 0.1
 */
CSVC_API csvc_status csvc_roster_reports_to(const csvc_roster *roster, const char *agent_id,
                                            const char *manager_id, int *out);
/**
 * Head count of a team at a level: active agents only when `active_only`.
 * `team_id` NULL counts the whole roster.
 * @since 0.1
 */
CSVC_API csvc_status csvc_roster_headcount(const csvc_roster *roster, const char *team_id,
                                           csvc_level level, int active_only,
                                           size_t *out);

/** What changed in a roster, as told to the change callback. */
typedef enum csvc_roster_change {
    CSVC_ROSTER_TEAM_ADDED = 0,
    CSVC_ROSTER_TEAM_UPDATED = 1,
    CSVC_ROSTER_AGENT_ADDED = 2,
    CSVC_ROSTER_AGENT_UPDATED = 3, /**< also deactivation */
    CSVC_ROSTER_IMPORTED = 4       /**< a whole CSV import; `id` is NULL */
} csvc_roster_change;

/**
 * The application's change callback: called after each accepted change
 * (after an attached store has journaled it) with the id of the team or
 * agent that changed. A non-OK return undoes the change (and the store's
 * row) and becomes the result of the call that made it. It may read the
 * roster; calls that would change it return ::CSVC_E_BUSY.
 */
typedef csvc_status (*csvc_roster_change_fn)(const csvc_roster *roster,
                                             csvc_roster_change change, const char *id,
                                             void *user_data);
/**
 * Sets (or, with NULL, removes) the application's change callback. An
 * attached store does not use this slot: the callback stays the
 * application's before, while and after a store is attached, and is not
 * called for the rows a store replays. ::CSVC_E_BUSY from inside the
 * callback.
 * @since 0.3
 */
CSVC_API csvc_status csvc_roster_set_change_callback(csvc_roster *roster,
                                                     csvc_roster_change_fn callback,
                                                     void *user_data);

/**
 * Imports teams and agents from a CSV file, all or nothing: the whole file
 * is checked against the roster first, and one bad row rejects the file and
 * leaves the roster unchanged. The error message names the line, the column
 * and the reason. Rows may refer to supervisors and leads defined further
 * down.
 *
 * Columns, found by the header row (any order; unknown columns are an
 * error, so a typo cannot silently drop data):
 * | column        | required | content                                          |
 * |---------------|----------|--------------------------------------------------|
 * | agent_id      | yes      | identifier; empty declares a team with no agents |
 * | name          | yes*     | display name (*required when agent_id is set)     |
 * | team_id       | yes      | identifier; created on first use                  |
 * | team_name     | no       | the team's display name (first non-empty wins; later rows must agree) |
 * | level         | yes*     | junior, senior, expert, supervisor, manager       |
 * | hire_date     | yes*     | YYYY-MM-DD                                        |
 * | supervisor_id | no       | agent id or empty                                 |
 * | skills        | no       | categories separated by ';' (inquiry;technical)   |
 * | active        | no       | 1/0, true/false, yes/no; default 1                |
 * | base_pay      | no       | decimal amount in major units (8000.00); default 0 |
 * | currency      | no       | ISO 4217 code; default CNY                        |
 * | team_lead     | no       | agent id of the team's lead (later rows must agree) |
 * | separation_date | no     | YYYY-MM-DD the agent left (with a reason)         |
 * | separation_reason | no   | resigned, dismissed, transferred_out, other       |
 * | employment    | no       | full_time, part_time, temporary; default full_time |
 * | contract_hours | no      | hours per week, 0..168 (20 or 37.5); default 0 (not stated) |
 *
 * The export writes the separation and employment columns only when some
 * agent has a separation or a non-default employment.
 *
 * Ids already in the roster are ::CSVC_E_EXISTS: import adds, it does not
 * update. ::CSVC_E_IO when the file cannot be read, ::CSVC_E_PARSE for
 * malformed CSV and bad values.
 * @since 0.1
 */
CSVC_API csvc_status csvc_roster_import_csv(csvc_roster *roster, const char *path);
/** As csvc_roster_import_csv() from a memory buffer. @since 0.1 */
CSVC_API csvc_status csvc_roster_import_csv_buffer(csvc_roster *roster, const char *data,
                                                   size_t size);
/**
 * As csvc_roster_import_csv(), reading the file as `options` say (its
 * encoding; the roster holds dates only, so the offset does not apply).
 * `options` may be NULL. ::CSVC_E_VERSION (options), and the encoding
 * errors of ::csvc_import_options.
 * @since 0.6
 */
CSVC_API csvc_status csvc_roster_import_csv_opts(csvc_roster *roster, const char *path,
                                                 const csvc_import_options *options);
/** As csvc_roster_import_csv_opts() from memory. @since 0.6 */
CSVC_API csvc_status csvc_roster_import_csv_buffer_opts(csvc_roster *roster, const char *data,
                                                        size_t size,
                                                        const csvc_import_options *options);
/**
 * Writes the roster as CSV in the import format: the header, one team-only
 * row per team (in team order, so a re-import keeps it), then one row per
 * agent, every column filled. Lines end with LF. Importing the output into
 * an empty roster gives back the same roster.
 * @since 0.1
 */
CSVC_API csvc_status csvc_roster_export_csv(const csvc_roster *roster, const char *path);
/**
 * As csvc_roster_export_csv() into a new NUL-terminated buffer that the
 * caller releases with csvc_free(); `*size` excludes the NUL.
 * @since 0.1
 */
CSVC_API csvc_status csvc_roster_export_csv_buffer(const csvc_roster *roster, char **out,
                                                   size_t *size);

#ifdef __cplusplus
}
#endif

#endif /* CSVC_ROSTER_H */
