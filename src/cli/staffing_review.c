/* Next month's staffing in the review: for each team, the agents required
 * per hour of the week, learnt from the month's last four whole weeks of
 * arrivals (80 % of contacts answered within 20 s, 30 % shrinkage, 6
 * minutes' handle time: a ticket's resolution time includes waiting and is
 * no handle time), against the team's shifts in shifts.csv. */
#include "review.h"

#include <stdlib.h>
#include <string.h>

#define HANDLE_SECONDS 360.0
#define WEEK (7 * 86400)

static const char *const day_keys[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

static int day_index(const char *s, size_t n)
{
    for (int d = 0; d < 7; d++)
        if (n == 3 && memcmp(s, day_keys[d], 3) == 0)
            return d;
    return -1;
}

/* "mon-fri", "sat-sun", "sat": CSVC_DAY_* bits, 0 when malformed. */
static uint32_t parse_days(const char *s)
{
    const char *dash = strchr(s, '-');
    int from = day_index(s, dash ? (size_t)(dash - s) : strlen(s));
    int to = dash ? day_index(dash + 1, strlen(dash + 1)) : from;
    if (from < 0 || to < 0 || to < from)
        return 0;
    uint32_t bits = 0;
    for (int d = from; d <= to; d++)
        bits |= 1u << d;
    return bits;
}

/* One shifts.csv row of `team` (NULL: any) into the plan; -1 when
 * malformed. */
static int add_shift_row(csvc_staffing_plan *plan, char *line, const char *team, int *matched)
{
    char *field[6];
    int n = 0;
    for (char *p = line; n < 6; n++) {
        field[n] = p;
        char *comma = strchr(p, ',');
        if (!comma) {
            n++;
            break;
        }
        *comma = '\0';
        p = comma + 1;
    }
    if (n != 6)
        return -1;
    if (team && strcmp(field[0], team) != 0)
        return 0;
    csvc_staffing_shift s = CSVC_STAFFING_SHIFT_INIT;
    int h = 0, m = 0;
    s.days = parse_days(field[2]);
    if (!s.days || sscanf(field[3], "%2d:%2d", &h, &m) != 2)
        return -1;
    s.start_minute = h * 60 + m;
    s.length_minutes = atoi(field[4]);
    s.heads = (uint32_t)atoi(field[5]);
    *matched = 1;
    return csvc_staffing_plan_add_shift(plan, &s) == CSVC_OK ? 0 : -1;
}

/* Adds the shifts of `team` (NULL: every row, to check the file). */
static int add_shifts(const cli_args *a, csvc_staffing_plan *plan, const char *team)
{
    char path[4096], line[512];
    snprintf(path, sizeof path, "%s/shifts.csv", a->data);
    FILE *f = fopen(path, "r");
    if (!f)
        return CLI_OK; /* no shifts: everything is a shortfall */
    int rc = CLI_OK, number = 0, matched = 0;
    while (rc == CLI_OK && fgets(line, sizeof line, f)) {
        number++;
        line[strcspn(line, "\r\n")] = '\0';
        if (number == 1 || !*line)
            continue;
        if (add_shift_row(plan, line, team, &matched) != 0) {
            char why[CSVC_ID_MAX + 600];
            snprintf(why, sizeof why,
                     "line %d: expected team_id,name,days (mon-fri),start (HH:MM),"
                     "length_minutes,heads: %s",
                     number, matched ? csvc_staffing_plan_errmsg(plan) : "malformed");
            rc = cli_fail(path, why);
        }
        matched = 0;
    }
    fclose(f);
    return rc;
}

int cli_check_shifts(const cli_args *a)
{
    csvc_staffing_plan *plan = NULL;
    if (csvc_staffing_plan_new(NULL, 3600, &plan) != CSVC_OK)
        return cli_fail("staffing", csvc_last_errmsg());
    int rc = add_shifts(a, plan, NULL);
    csvc_staffing_plan_free(plan);
    return rc;
}

/* The Monday 00:00 (local) on or before t. */
static int64_t monday_before(int64_t t, int32_t offset)
{
    int64_t local = t + offset;
    int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    int64_t weekday = ((days % 7) + 7 + 3) % 7; /* 1970-01-01 was a Thursday */
    return (days - weekday) * 86400 - offset;
}

int review_staffing(const cli_args *a, const cli_desk *d, month_review *r)
{
    int64_t end = monday_before(r->now.end, r->offset), start = end - 4 * WEEK;
    for (size_t s = 1; s < r->nscopes; s++) {
        review_scope *x = &r->scopes[s];
        csvc_staffing_plan *plan = NULL;
        csvc_staffing_options goal = CSVC_STAFFING_OPTIONS_INIT;
        goal.shrinkage = 0.30;
        csvc_staffing_forecast_options fo = CSVC_STAFFING_FORECAST_OPTIONS_INIT;
        fo.history_start = start;
        fo.history_end = end;
        fo.utc_offset = r->offset;
        fo.team_id = x->id;
        fo.default_aht = HANDLE_SECONDS;
        int rc = CLI_OK;
        if (csvc_staffing_plan_new(NULL, 3600, &plan) != CSVC_OK ||
            csvc_staffing_plan_set_options(plan, &goal) != CSVC_OK ||
            csvc_staffing_plan_forecast(plan, d->desk, &fo) != CSVC_OK)
            rc = cli_fail("staffing", plan ? csvc_staffing_plan_errmsg(plan) : csvc_last_errmsg());
        if (rc == CLI_OK)
            rc = add_shifts(a, plan, x->id);
        x->staffing.version = CSVC_STAFFING_SUMMARY_VERSION;
        if (rc == CLI_OK && csvc_staffing_plan_summary(plan, &x->staffing) != CSVC_OK)
            rc = cli_fail("staffing", csvc_last_errmsg());
        csvc_staffing_plan_free(plan);
        if (rc != CLI_OK)
            return rc;
        x->has_staffing = 1;
    }
    r->staffing_from = start;
    r->staffing_to = end;
    return CLI_OK;
}
