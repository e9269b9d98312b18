/**
 * @file csvc/common.h
 * @brief Version, status codes, error messages, allocator, money and period
 *        helpers shared by every libcsvc module.
 *
 * Conventions that hold for the whole library:
 * - Every fallible call returns a ::csvc_status; ::CSVC_OK is 0 and every
 *   error is negative. A failed call changes nothing.
 * - The handle that failed keeps a message (`csvc_<module>_errmsg()`);
 *   csvc_last_errmsg() holds the message of the last failure on the calling
 *   thread, for failures that happen before a handle exists.
 * - Money is an `int64_t` count of minor units (cents, fen). Every operation
 *   on money is overflow-checked and rounds half-to-even.
 * - Time is `int64_t` seconds since the Unix epoch, UTC; periods are
 *   half-open `[start, end)` intervals.
 * - Distinct handles may be used from distinct threads; one handle is not
 *   thread-safe. The functions of this header are all thread-safe.
 */
#ifndef CSVC_COMMON_H
#define CSVC_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Marks a public function. Only these are exported from the shared object. */
#if defined(_WIN32)
#if defined(CSVC_BUILDING)
#define CSVC_API __declspec(dllexport)
#else
#define CSVC_API
#endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#define CSVC_API __attribute__((visibility("default")))
#else
#define CSVC_API
#endif

/** @name Version
 *  The version of the headers; csvc_version_number() gives the library's. */
/**@{*/
#define CSVC_VERSION_MAJOR 0
#define CSVC_VERSION_MINOR 8
#define CSVC_VERSION_PATCH 0
#define CSVC_VERSION_STRING "0.8.0"
/** 0xXXYYZZ: major, minor, patch. */
#define CSVC_VERSION_NUMBER \
    ((CSVC_VERSION_MAJOR << 16) | (CSVC_VERSION_MINOR << 8) | CSVC_VERSION_PATCH)
/** True when the headers are at least version major.minor.patch. */
#define CSVC_AT_LEAST_VERSION(major, minor, patch) \
    (CSVC_VERSION_NUMBER >= (((major) << 16) | ((minor) << 8) | (patch)))
/**@}*/

/** The library's version as "MAJOR.MINOR.PATCH"; a static string. @since 0.1 */
CSVC_API const char *csvc_version(void);
/** The library's version as 0xXXYYZZ, to compare with CSVC_VERSION_NUMBER. @since 0.1 */
CSVC_API uint32_t csvc_version_number(void);

/**
 * The status map: name, value, description. One table, so codes and their
 * strings cannot drift. Values are never renumbered or reused; new codes are
 * appended.
 */
#define CSVC_STATUS_MAP(X)                                                    \
    X(OK, 0, "success")                                                       \
    X(E_INVALID, -1, "invalid argument")                                      \
    X(E_NULL, -2, "required pointer is NULL")                                 \
    X(E_NOMEM, -3, "out of memory")                                           \
    X(E_NOTFOUND, -4, "not found")                                            \
    X(E_EXISTS, -5, "already exists")                                         \
    X(E_TRANSITION, -6, "transition not allowed from the current state")     \
    X(E_PARSE, -7, "malformed input")                                         \
    X(E_IO, -8, "I/O error")                                                  \
    X(E_BUSY, -9, "resource busy")                                            \
    X(E_CORRUPT, -10, "data is corrupt")                                      \
    X(E_OVERFLOW, -11, "arithmetic overflow")                                 \
    X(E_PERM, -12, "permission denied")                                       \
    X(E_CONFLICT, -13, "conflicting concurrent change")                       \
    X(E_VERSION, -14, "unsupported version")                                  \
    X(E_RANGE, -15, "value out of range")                                     \
    X(E_ENCODING, -16, "invalid UTF-8 or control character")                  \
    X(E_TOOLONG, -17, "string too long")                                      \
    X(E_CONSTRAINT, -18, "consistency rule violated")                         \
    X(E_TIME, -19, "time goes backwards")                                     \
    X(E_CLOSED, -20, "object is closed")                                      \
    X(E_UNSUPPORTED, -21, "not supported by this build")

/** Result of every fallible call. */
typedef enum csvc_status {
#define CSVC_STATUS_ENUM_(name, value, text) CSVC_##name = value,
    CSVC_STATUS_MAP(CSVC_STATUS_ENUM_)
#undef CSVC_STATUS_ENUM_
    CSVC_STATUS_LAST_ = -21
} csvc_status;

/**
 * A short description of a status code ("not found"); "unknown status" for
 * a value outside the map. Never NULL; static storage.
 * @since 0.1
 */
CSVC_API const char *csvc_status_str(csvc_status status);
/** The symbolic name of a status code ("CSVC_E_NOTFOUND"), or NULL. @since 0.1 */
CSVC_API const char *csvc_status_name(csvc_status status);

/**
 * The message of the last failed call on the calling thread, or "" when
 * there is none. Valid until the next libcsvc call on this thread.
 * @since 0.1
 */
CSVC_API const char *csvc_last_errmsg(void);

/** Maximum length in bytes of an identifier (agent, team, ticket id). */
#define CSVC_ID_MAX 64

/**
 * Checks an identifier: non-empty, at most ::CSVC_ID_MAX bytes, valid UTF-8
 * (no overlong forms, no surrogates), no control characters, and nothing
 * invisible, so that two ids that look the same are the same: no U+FEFF,
 * zero-width space, non-joiner or joiner (U+200B-U+200D), bidirectional
 * marks and controls (U+200E/F, U+202A-U+202E, U+2066-U+2069, U+061C),
 * word joiner and invisible operators (U+2060-U+206F), soft hyphen
 * (U+00AD), U+034F, U+180E, variation selectors (U+FE00-U+FE0F), the
 * tag and supplementary variation-selector block (U+E0000-U+E0FFF) or
 * U+FFF9-U+FFFB.
 * @return ::CSVC_OK, ::CSVC_E_NULL, ::CSVC_E_INVALID (empty),
 *         ::CSVC_E_TOOLONG or ::CSVC_E_ENCODING.
 * @since 0.1
 */
CSVC_API csvc_status csvc_id_check(const char *id);

/* ------------------------------------------------------------------------ */
/** @name Allocator */
/**@{*/

#define CSVC_ALLOCATOR_VERSION 1

/**
 * A custom allocator, given when a handle is created. The handle copies
 * the struct; every allocation it makes goes through these functions.
 * All three functions must be set. `realloc_fn(NULL, n)` must behave like
 * `malloc_fn(n)`.
 */
typedef struct csvc_allocator {
    uint32_t version; /**< ::CSVC_ALLOCATOR_VERSION */
    void *(*malloc_fn)(size_t size, void *user_data);
    void *(*realloc_fn)(void *ptr, size_t size, void *user_data);
    void (*free_fn)(void *ptr, void *user_data);
    void *user_data;
} csvc_allocator;

/**
 * Releases a buffer the library returned for the caller to own (such as an
 * export to memory). The buffer remembers which allocator made it. NULL is
 * a no-op.
 * @since 0.1
 */
CSVC_API void csvc_free(void *buffer);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Money
 *  Amounts are `int64_t` minor units. Every helper checks for overflow and
 *  leaves `*out` untouched on failure. */
/**@{*/

/** `*out = a + b`. ::CSVC_E_OVERFLOW when the sum leaves int64_t. @since 0.1 */
CSVC_API csvc_status csvc_money_add(int64_t a, int64_t b, int64_t *out);
/** `*out = a - b`. ::CSVC_E_OVERFLOW when the difference leaves int64_t. @since 0.1 */
CSVC_API csvc_status csvc_money_sub(int64_t a, int64_t b, int64_t *out);
/** `*out = amount * factor`. ::CSVC_E_OVERFLOW when it leaves int64_t. @since 0.1 */
CSVC_API csvc_status csvc_money_mul(int64_t amount, int64_t factor, int64_t *out);

/**
 * `*out = amount * basis_points / 10000`, rounded half-to-even to the minor
 * unit (1 bp = 0.01 %; 10000 bp = 100 %). The intermediate product is exact
 * (128-bit), so only a result outside int64_t overflows.
 * Example: 12345 at 1250 bp (12.5 %) = 1543.125 -> 1543; 5 at 5000 bp = 2.5 -> 2.
 * @since 0.1
 */
CSVC_API csvc_status csvc_money_percent_bp(int64_t amount, int64_t basis_points,
                                           int64_t *out);

/**
 * `*out = amount * num / den`, exact intermediate, rounded half-to-even.
 * ::CSVC_E_INVALID when den is 0.
 * @since 0.1
 */
CSVC_API csvc_status csvc_money_muldiv(int64_t amount, int64_t num, int64_t den,
                                       int64_t *out);

/**
 * Splits `amount` into `n` parts proportional to non-negative integer
 * `weights` by the largest-remainder method: each part gets the floor of its
 * exact quota, and the units left over go one each to the parts with the
 * largest remainders; equal remainders are ordered by `keys` (byte-wise
 * ascending, e.g. agent ids) or, when `keys` is NULL, by index. The parts
 * always add up to `amount` exactly. A negative amount is split as its
 * magnitude and negated. Quotas are computed with exact 128-bit arithmetic.
 * @param amount  the amount to split (minor units).
 * @param weights n weights.
 * @param keys    n tie-break keys, or NULL (ties by index).
 * @param n       the number of parts, at least 1.
 * @param parts   n outputs, written only on success.
 * @return ::CSVC_E_NULL (weights, parts, or an entry of keys),
 *         ::CSVC_E_INVALID (n == 0, a negative weight, all weights zero),
 *         ::CSVC_E_OVERFLOW (sum of weights leaves int64_t).
 * @since 0.1
 */
CSVC_API csvc_status csvc_money_split(int64_t amount, const int64_t *weights,
                                      const char *const *keys, size_t n,
                                      int64_t *parts);

/**
 * As csvc_money_split() with floating weights (hours, scores). Weights must
 * be finite and non-negative (-0.0 counts as zero) with a positive sum;
 * ::CSVC_E_INVALID otherwise. The weights are scaled by a common power of
 * two that puts the largest in [2^63, 2^64) and rounded half-to-even to
 * integers, which is exact whenever the significant bits of all weights fit
 * in those 64 bits (e.g. weights within a factor of 2^11 of each other, or
 * multiples of 0.25 below 2^61); the integers are then split exactly as
 * csvc_money_split() does. No floating-point division takes part, so the
 * result is the same on every platform and the parts add up exactly.
 * @since 0.1
 */
CSVC_API csvc_status csvc_money_split_weighted(int64_t amount, const double *weights,
                                               const char *const *keys, size_t n,
                                               int64_t *parts);

/**
 * Formats `amount` with `decimals` fraction digits ("-12.34") into `buf`.
 * @return ::CSVC_E_INVALID when decimals > 18, ::CSVC_E_RANGE when the
 *         buffer is too small (48 bytes always suffice).
 * @since 0.1
 */
CSVC_API csvc_status csvc_money_format(int64_t amount, uint32_t decimals, char *buf,
                                       size_t size);

/**
 * Parses a decimal amount ("12.34", "-0.5", "1200") into minor units with
 * `decimals` fraction digits: an optional sign, one or more ASCII digits,
 * optionally a '.' and one or more digits; nothing else (no spaces,
 * separators or exponents). More fraction digits than `decimals` (even
 * trailing zeros) is an error (::CSVC_E_PARSE), never a silent rounding.
 * @return ::CSVC_E_PARSE, ::CSVC_E_INVALID when decimals > 18,
 *         ::CSVC_E_OVERFLOW when the amount leaves int64_t, ::CSVC_E_NULL.
 * @since 0.1
 */
CSVC_API csvc_status csvc_money_parse(const char *text, uint32_t decimals, int64_t *out);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Time and periods */
/**@{*/

/** A half-open interval of time `[start, end)`, in Unix seconds. */
typedef struct csvc_period {
    int64_t start;
    int64_t end;
} csvc_period;

/** Largest accepted UTC offset magnitude, in seconds (18 hours). */
#define CSVC_UTC_OFFSET_MAX (18 * 3600)

/**
 * Builds a period. ::CSVC_E_RANGE when end < start (an empty period,
 * start == end, is allowed).
 * @since 0.1
 */
CSVC_API csvc_status csvc_period_make(int64_t start, int64_t end, csvc_period *out);
/** 1 when `start <= t < end`, else 0 (also for NULL). @since 0.1 */
CSVC_API int csvc_period_contains(const csvc_period *period, int64_t t);
/** 1 when the two periods share at least one instant, else 0 (also for NULL;
 *  an empty period shares no instant with anything).
 * @since 0.1
 */
CSVC_API int csvc_period_overlaps(const csvc_period *a, const csvc_period *b);

/**
 * The calendar month containing `t`, for a local clock at `utc_offset`
 * seconds east of UTC: from local midnight of the 1st to local midnight of
 * the 1st of the next month, as UTC instants.
 * @return ::CSVC_E_RANGE when the offset exceeds ::CSVC_UTC_OFFSET_MAX or
 *         the local date of t is outside years 1..9999.
 * @since 0.1
 */
CSVC_API csvc_status csvc_period_month(int64_t t, int32_t utc_offset, csvc_period *out);
/** As csvc_period_month() for the calendar quarter (Jan-Mar, Apr-Jun, ...). @since 0.1 */
CSVC_API csvc_status csvc_period_quarter(int64_t t, int32_t utc_offset, csvc_period *out);
/** The given month (1..12) of `year` at `utc_offset`. @since 0.1 */
CSVC_API csvc_status csvc_period_of_month(int32_t year, int32_t month, int32_t utc_offset,
                                          csvc_period *out);
/** The given quarter (1..4) of `year` at `utc_offset`. @since 0.1 */
CSVC_API csvc_status csvc_period_of_quarter(int32_t year, int32_t quarter,
                                            int32_t utc_offset, csvc_period *out);

/**
 * Unix time of local midnight starting the date year-month-day at
 * `utc_offset` (proleptic Gregorian, years 1..9999).
 * @return ::CSVC_E_RANGE for an impossible date (2025-02-29) or offset.
 * @since 0.1
 */
CSVC_API csvc_status csvc_date_make(int32_t year, int32_t month, int32_t day,
                                    int32_t utc_offset, int64_t *out);
/**
 * Splits `t` into the local calendar date at `utc_offset`.
 * @return ::CSVC_E_RANGE for an offset beyond ::CSVC_UTC_OFFSET_MAX or a
 *         local date outside years 1..9999; the outputs are then untouched.
 * @since 0.1
 */
CSVC_API csvc_status csvc_date_split(int64_t t, int32_t utc_offset, int32_t *year,
                                     int32_t *month, int32_t *day);

/**
 * Parses a date or an instant: "YYYY-MM-DD" alone (midnight UTC), or
 * "YYYY-MM-DDThh:mm[:ss]" (UTC) optionally followed by "Z" or "+hh:mm" /
 * "-hh:mm" (at most 18:00); a space may replace the "T". Nothing else is
 * accepted: no fractions of a second, no leap second 60, no lower-case
 * letters, no surrounding spaces, and no instant outside years 1..9999 UTC.
 * @return ::CSVC_E_PARSE with the text and the reason in csvc_last_errmsg().
 * @since 0.1
 */
CSVC_API csvc_status csvc_time_parse(const char *text, int64_t *out);
/**
 * Formats `t` as "YYYY-MM-DDThh:mm:ssZ" (21 bytes with the NUL).
 * @return ::CSVC_E_RANGE when the buffer is too small or t out of range.
 * @since 0.1
 */
CSVC_API csvc_status csvc_time_format(int64_t t, char *buf, size_t size);
/**@}*/

/** "No time": a timestamp that has not happened (no reply yet, ...). */
#define CSVC_TIME_NONE INT64_MIN

/* ------------------------------------------------------------------------ */
/** @name Time zones
 * IANA time zones ("Europe/Berlin", "America/New_York", "Asia/Shanghai")
 * from the system's tzdata: the TZif files under $TZDIR, else
 * /usr/share/zoneinfo (Debian's `tzdata` package). The library reads the
 * files itself and never touches the process's TZ, so zones are safe to
 * use from any thread and independent of the host's local time.
 *
 * A zone knows every transition of its file, then applies the file's
 * daylight-saving rule through the year 2499; after 2499 the offset in
 * effect at the end of that year stays. Leap-second ("right/") zones are
 * refused.
 *
 * Local times that do not name one instant (Python zoneinfo's answers
 * with fold = 0): a wall time repeated when the clock goes back is its
 * earlier instant; a wall time skipped when the clock jumps forward is read
 * at the offset before the jump, so it lands after it (02:30 on a night
 * the clock goes from 02:00 to 03:00 is 03:30).
 */
/**@{*/

/** An opaque time zone; immutable, so it may be shared between threads. */
typedef struct csvc_tz csvc_tz;

/**
 * Opens zone `name` (an IANA name; "UTC" works too).
 * @return ::CSVC_E_NULL, ::CSVC_E_INVALID (not a zone name: empty, absolute,
 *         "..", characters outside letters, digits and "/_+-."; or a
 *         leap-second zone), ::CSVC_E_NOTFOUND (no such zone in the tzdata),
 *         ::CSVC_E_CORRUPT (the file is not TZif), ::CSVC_E_NOMEM.
 * @since 0.6
 */
CSVC_API csvc_status csvc_tz_open(const char *name, const csvc_allocator *allocator,
                                  csvc_tz **out);
/** Frees a zone; NULL is a no-op. @since 0.6 */
CSVC_API void csvc_tz_free(csvc_tz *tz);
/** The zone's name as opened ("" for NULL). @since 0.6 */
CSVC_API const char *csvc_tz_name(const csvc_tz *tz);
/**
 * The zone's offset from UTC, in seconds east, at instant `t`.
 * @return ::CSVC_E_NULL, ::CSVC_E_RANGE for t outside years 1..9999.
 * @since 0.6
 */
CSVC_API csvc_status csvc_tz_offset_at(const csvc_tz *tz, int64_t t, int32_t *out);
/**
 * The instant of local wall time year-month-day, `second_of_day` seconds
 * after local midnight (0..86399), in the zone: see above for skipped and
 * repeated wall times.
 * @return ::CSVC_E_NULL, ::CSVC_E_RANGE (an impossible date or second, or
 *         an instant outside years 1..9999).
 * @since 0.6
 */
CSVC_API csvc_status csvc_tz_local_time(const csvc_tz *tz, int32_t year, int32_t month,
                                        int32_t day, int32_t second_of_day, int64_t *out);
/** As csvc_period_month() with the month's bounds at local midnight in `tz`
 *  (a month with a daylight-saving change is an hour shorter or longer).
 * @since 0.6 */
CSVC_API csvc_status csvc_period_month_tz(int64_t t, const csvc_tz *tz, csvc_period *out);
/** As csvc_period_quarter() in `tz`. @since 0.6 */
CSVC_API csvc_status csvc_period_quarter_tz(int64_t t, const csvc_tz *tz, csvc_period *out);
/** As csvc_period_of_month() in `tz`. @since 0.6 */
CSVC_API csvc_status csvc_period_of_month_tz(int32_t year, int32_t month, const csvc_tz *tz,
                                             csvc_period *out);
/** As csvc_period_of_quarter() in `tz`. @since 0.6 */
CSVC_API csvc_status csvc_period_of_quarter_tz(int32_t year, int32_t quarter, const csvc_tz *tz,
                                               csvc_period *out);
/**@}*/

/* ------------------------------------------------------------------------ */
/** @name Import options */
/**@{*/

#define CSVC_IMPORT_OPTIONS_VERSION 2
/** csvc_import_options.utc_offset: the calendar's offset of the row's team, else UTC. */
#define CSVC_UTC_OFFSET_AUTO INT32_MIN

/**
 * How an importer reads a file made elsewhere (the `*_opts` importers of
 * the roster, the desk and reviews).
 * - `encoding`: NULL or "UTF-8" (a byte-order mark is skipped), or any
 *   name the C library's iconv knows ("GB18030" for files from Excel on
 *   Chinese Windows, "GBK", "BIG5", ...): the input is converted to UTF-8
 *   first; an invalid sequence is ::CSVC_E_ENCODING naming its line and
 *   byte, an unknown encoding ::CSVC_E_INVALID.
 * - `utc_offset`: seconds east of UTC of times and dates written without
 *   "Z" or an offset ("2025-10-06 08:00:00", as helpdesks export them);
 *   ::CSVC_UTC_OFFSET_AUTO: the offset of the calendar of the row's team
 *   (the desk importers: the ticket's team; elsewhere UTC). Times with an
 *   offset keep theirs. Error messages about a time say which offset a
 *   naive time was read at.
 * - `time_zone` (version 2): an IANA zone ("Europe/Berlin") for naive
 *   times instead of `utc_offset`, with its daylight-saving changes (see
 *   "Time zones" for wall times skipped or repeated). With
 *   ::CSVC_UTC_OFFSET_AUTO and no `time_zone`, a team calendar that has a
 *   zone reads naive times in that zone. An unknown zone is refused as
 *   csvc_tz_open() refuses it, before anything is read.
 */
typedef struct csvc_import_options {
    uint32_t version;     /**< ::CSVC_IMPORT_OPTIONS_VERSION */
    const char *encoding; /**< NULL = UTF-8 */
    int32_t utc_offset;   /**< ::CSVC_UTC_OFFSET_AUTO, or -18 h..+18 h */
    const char *time_zone; /**< NULL, or an IANA zone (version 2, @since 0.6) */
} csvc_import_options;

#define CSVC_IMPORT_OPTIONS_INIT { CSVC_IMPORT_OPTIONS_VERSION, NULL, CSVC_UTC_OFFSET_AUTO, NULL }
/** Sets `options` to ::CSVC_IMPORT_OPTIONS_INIT (NULL is a no-op). @since 0.6 */
CSVC_API void csvc_import_options_init(csvc_import_options *options);
/**@}*/

#ifdef __cplusplus
}
#endif

#endif /* CSVC_COMMON_H */
