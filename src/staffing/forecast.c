/* The weekly forecast: arrivals (and optionally handle time) per interval
 * of the week, learnt from the desk's tickets (read through its public API;
 * only the team filter looks into the desk's roster).
 *
 * Each interval of the week has one occurrence per week of the window; an
 * occurrence weighs week_decay^age. The denominators (total weight of each
 * interval's occurrences) are summed by walking the window once, interval
 * by interval; the numerators by one pass over the tickets. */
#include "civil.h"
#include "staffing_internal.h"
#include "version_check.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_WEEKS 520
/* 1970-01-01 was a Thursday: shifting by three days puts Monday 00:00 at
 * multiples of a week. */
#define EPOCH_SHIFT (3 * 86400)


CS_DEFINE_INIT(csvc_staffing_forecast_options_init, csvc_staffing_forecast_options,
               CSVC_STAFFING_FORECAST_OPTIONS_INIT)

static int64_t floor_mod(int64_t a, int64_t b)
{
    int64_t r = a % b;
    return r < 0 ? r + b : r;
}

static csvc_status check_forecast(cs_errbuf *err, const char *fn, int32_t length,
                                  const csvc_staffing_forecast_options *o)
{
    CS_RETURN_IF_BAD_VERSION(err, o->version, CSVC_STAFFING_FORECAST_OPTIONS_VERSION, "%s: forecast options", fn);
    if (!cs_offset_valid(o->utc_offset))
        return cs_fail(err, CSVC_E_RANGE, "%s: utc_offset %ld s out of range (-%d..%d)", fn,
                       (long)o->utc_offset, CSVC_UTC_OFFSET_MAX, CSVC_UTC_OFFSET_MAX);
    if (o->history_start < CS_UNIX_MIN || o->history_end > CS_UNIX_MAX ||
        o->history_end <= o->history_start)
        return cs_fail(
            err, CSVC_E_RANGE,
            "%s: history window [%lld, %lld) is empty, inverted or outside years 1..9999", fn,
            (long long)o->history_start, (long long)o->history_end);
    int64_t span = o->history_end - o->history_start;
    if (span < CS_WEEK_SECONDS || span > (int64_t)MAX_WEEKS * CS_WEEK_SECONDS)
        return cs_fail(err, CSVC_E_RANGE,
                       "%s: history window of %lld s must last from one week to %d weeks", fn,
                       (long long)span, MAX_WEEKS);
    if (floor_mod(o->history_start + o->utc_offset, length) != 0 ||
        floor_mod(o->history_end + o->utc_offset, length) != 0)
        return cs_fail(err, CSVC_E_RANGE,
                       "%s: history_start and history_end must fall on local %ld-second interval "
                       "boundaries",
                       fn, (long)length);
    if (!(o->week_decay > 0.0 && o->week_decay <= 1.0))
        return cs_fail(err, CSVC_E_RANGE, "%s: week_decay %g outside (0, 1]", fn, o->week_decay);
    if (!(isfinite(o->default_aht) && o->default_aht > 0.0))
        return cs_fail(err, CSVC_E_RANGE, "%s: default_aht %g s must be finite and > 0", fn,
                       o->default_aht);
    if (o->aht_from_history != 0 && o->aht_from_history != 1)
        return cs_fail(err, CSVC_E_RANGE, "%s: aht_from_history %ld must be 0 or 1", fn,
                       (long)o->aht_from_history);
    if (o->max_handle_seconds <= 0)
        return cs_fail(err, CSVC_E_RANGE, "%s: max_handle_seconds %lld must be > 0", fn,
                       (long long)o->max_handle_seconds);
    if (o->channels >> CSVC_CHANNEL_COUNT)
        return cs_fail(err, CSVC_E_RANGE, "%s: channels 0x%x has bits beyond the %d channels", fn,
                       (unsigned)o->channels, CSVC_CHANNEL_COUNT);
    if (o->team_id) {
        char what[64];
        snprintf(what, sizeof what, "%s: team_id", fn);
        return cs_check_id(err, what, o->team_id);
    }
    return CSVC_OK;
}

/* Scratch sums per interval: weights of occurrences, of tickets, and of
 * handle-time samples. */
typedef struct sums {
    double *occurrences, *tickets, *samples, *handle;
} sums;

static void sums_free(const cs_alloc *a, sums *s)
{
    cs_free(a, s->occurrences);
    cs_free(a, s->tickets);
    cs_free(a, s->samples);
    cs_free(a, s->handle);
}

typedef struct window {
    int64_t start, end;
    int32_t offset, length;
    double decay;
} window;

static size_t interval_of(const window *w, int64_t t)
{
    return (size_t)(floor_mod(t + w->offset + EPOCH_SHIFT, CS_WEEK_SECONDS) / w->length);
}

/* The weight of the occurrence starting at t. */
static double weight_of(const window *w, int64_t t)
{
    int64_t age = (w->end - 1 - t) / CS_WEEK_SECONDS;
    return w->decay == 1.0 ? 1.0 : pow(w->decay, (double)age);
}

static csvc_status count_tickets(const csvc_desk *desk, const csvc_staffing_forecast_options *o,
                                 const window *w, sums *s)
{
    size_t n = csvc_desk_ticket_count(desk);
    for (size_t k = 0; k < n; k++) {
        csvc_ticket_info info;
        memset(&info, 0, sizeof info);
        info.version = CSVC_TICKET_INFO_VERSION;
        csvc_status rc = csvc_desk_ticket_at(desk, k, &info);
        if (rc != CSVC_OK)
            return rc;
        if (info.created < w->start || info.created >= w->end)
            continue;
        if (o->team_id && (!info.team_id || strcmp(info.team_id, o->team_id) != 0))
            continue;
        if (o->channels && !(o->channels & (1u << (unsigned)info.channel)))
            continue;
        int64_t begin = info.created - floor_mod(info.created + w->offset, w->length);
        size_t i = interval_of(w, info.created);
        double weight = weight_of(w, begin);
        s->tickets[i] += weight;
        if (o->aht_from_history && info.first_resolved != CSVC_TIME_NONE) {
            int64_t sample = info.first_resolved - info.created;
            sample = sample < 1                       ? 1
                     : sample > o->max_handle_seconds ? o->max_handle_seconds
                                                      : sample;
            s->samples[i] += weight;
            s->handle[i] += weight * (double)sample;
        }
    }
    return CSVC_OK;
}

csvc_status csvc_staffing_plan_forecast(csvc_staffing_plan *plan, const csvc_desk *desk,
                                        const csvc_staffing_forecast_options *options)
{
    static const char fn[] = "staffing_plan_forecast";
    if (!plan || !desk || !options)
        return cs_fail(plan ? &plan->err : NULL, CSVC_E_NULL, "%s: %s is NULL", fn,
                       !plan   ? "plan"
                       : !desk ? "desk"
                               : "options");
    csvc_status rc = check_forecast(&plan->err, fn, plan->interval_seconds, options);
    if (rc != CSVC_OK)
        return rc;
    /* An unknown team would forecast zeros: refuse it instead. */
    csvc_team_info team;
    if (options->team_id && csvc_roster_get_team(csvc_desk_roster(desk), options->team_id, &team) != CSVC_OK)
        return cs_fail(&plan->err, CSVC_E_NOTFOUND, "%s: team '%.64s' not found", fn,
                       options->team_id);
    const cs_alloc *a = &plan->alloc;
    size_t count = plan->count;
    sums s = {cs_calloc(a, count, sizeof(double)), cs_calloc(a, count, sizeof(double)),
              cs_calloc(a, count, sizeof(double)), cs_calloc(a, count, sizeof(double))};
    cs_solution *next = cs_realloc_array(a, NULL, count, sizeof *next);
    if (!s.occurrences || !s.tickets || !s.samples || !s.handle || !next) {
        sums_free(a, &s);
        cs_free(a, next);
        return cs_fail(&plan->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    }
    window w = {options->history_start, options->history_end, options->utc_offset,
                plan->interval_seconds, options->week_decay};
    for (int64_t t = w.start; t < w.end; t += w.length)
        s.occurrences[interval_of(&w, t)] += weight_of(&w, t);
    rc = count_tickets(desk, options, &w, &s);
    if (rc != CSVC_OK) {
        sums_free(a, &s);
        cs_free(a, next);
        return cs_fail(&plan->err, rc, "%s: reading the desk: %s", fn, csvc_last_errmsg());
    }
    /* The sums become the new values in place: tickets -> arrivals,
     * handle -> AHT (the default where no ticket was resolved). */
    for (size_t i = 0; i < count; i++) {
        s.tickets[i] /= s.occurrences[i];
        s.handle[i] = s.samples[i] > 0.0 ? s.handle[i] / s.samples[i] : options->default_aht;
    }
    rc = cs_plan_solve_all(plan, fn, &plan->options, s.tickets, s.handle, next);
    if (rc != CSVC_OK) {
        sums_free(a, &s);
        cs_free(a, next);
        return rc;
    }
    memcpy(plan->arrivals, s.tickets, count * sizeof *plan->arrivals);
    memcpy(plan->aht, s.handle, count * sizeof *plan->aht);
    cs_free(a, plan->solution);
    plan->solution = next;
    sums_free(a, &s);
    cs_err_clear(&plan->err);
    return CSVC_OK;
}
