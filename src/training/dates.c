/* Calendar arithmetic in local time at the handle's UTC offset. */
#include "training_internal.h"

#include "civil.h"

#include <stdio.h>

int cs_training_time_ok(int64_t t)
{
    return t >= CS_UNIX_MIN && t <= CS_UNIX_MAX;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int32_t cs_training_team_offset(const csvc_training *t, uint32_t team)
{
    if (team == CS_NONE || team >= t->cap_team_offsets || t->team_offset[team] == INT32_MIN)
        return t->utc_offset;
    return t->team_offset[team];
}

int32_t cs_training_agent_offset(const csvc_training *t, uint32_t agent)
{
    return t->team_offset ? cs_training_team_offset(t, cs_roster_agent_team(t->roster, agent))
                          : t->utc_offset;
}

int64_t cs_training_local_day(int32_t offset, int64_t time)
{
    return floor_div(time + offset, CS_DAY_SECONDS);
}

int64_t cs_training_add_months(int32_t offset, int64_t time, int32_t months)
{
    int64_t local = time + offset, days = floor_div(local, CS_DAY_SECONDS);
    int64_t sec = local - days * CS_DAY_SECONDS;
    int32_t y, m, d;
    cs_civil_from_days(days, &y, &m, &d);
    int64_t index = (int64_t)y * 12 + (m - 1) + months;
    int32_t ny = (int32_t)(index / 12), nm = (int32_t)(index % 12) + 1;
    if (ny > CS_YEAR_MAX)
        return CSVC_TIME_NONE;
    int32_t last = cs_days_in_month(ny, nm);
    return cs_days_from_civil(ny, nm, d < last ? d : last) * CS_DAY_SECONDS + sec - offset;
}

/* The anchor of month `index` (year * 12 + month - 1), local midnight. */
static int64_t anchor_in(int32_t offset, const cs_requirement *r, int64_t index)
{
    int32_t y = (int32_t)(index / 12), m = (int32_t)(index % 12) + 1;
    int64_t day;
    if (r->anchor_weekday >= 0) {
        int64_t first = cs_days_from_civil(y, m, 1);
        int64_t weekday = ((first + 4) % 7 + 7) % 7; /* 1970-01-01 was a Thursday */
        day = first + (r->anchor_weekday - weekday + 7) % 7;
    } else {
        int32_t last = cs_days_in_month(y, m);
        day = cs_days_from_civil(y, m, r->anchor_day < last ? r->anchor_day : last);
    }
    return day * CS_DAY_SECONDS - offset;
}

int64_t cs_training_next_anchor(int32_t offset, const cs_requirement *r, int64_t time)
{
    int32_t y, m, d;
    cs_civil_from_days(cs_training_local_day(offset, time), &y, &m, &d);
    int64_t index = (int64_t)y * 12 + (m - 1), phase = r->anchor_month - 1;
    /* The anchor month at or before this month, then forward. */
    index -= ((index - phase) % r->every_months + r->every_months) % r->every_months;
    for (int i = 0; i < 3; i++, index += r->every_months) {
        if (index / 12 > CS_YEAR_MAX)
            return CSVC_TIME_NONE;
        int64_t a = anchor_in(offset, r, index);
        if (a > time)
            return a;
    }
    return CSVC_TIME_NONE; /* unreachable: two steps always pass `time` */
}

void cs_training_format_time(int32_t offset, int64_t time, char *buf, size_t size)
{
    int64_t local = time + offset, days = floor_div(local, CS_DAY_SECONDS);
    int64_t sec = local - days * CS_DAY_SECONDS;
    int32_t y, m, d;
    cs_civil_from_days(days, &y, &m, &d);
    int off = offset < 0 ? -offset : offset;
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", (int)y, (int)m, (int)d,
             (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60),
             offset < 0 ? '-' : '+', off / 3600, off / 60 % 60);
}
