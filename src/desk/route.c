/* Routing helpers: pick an agent of the ticket's team for the caller to
 * assign. Only active agents count; roster order breaks every tie, so the
 * choice is deterministic. */
#include "desk_internal.h"

static int candidate(const csvc_roster *r, uint32_t agent, uint32_t team)
{
    return cs_roster_agent_team(r, agent) == team && cs_roster_agent_active(r, agent);
}

/* The active agent of `team` with the fewest open tickets (first in roster
 * order among equals), restricted to agents holding `skill` when it is not
 * 0. CS_NONE when there is none. */
static uint32_t least_loaded(const csvc_desk *d, uint32_t team, uint32_t skill)
{
    const csvc_roster *r = d->roster;
    uint32_t best = CS_NONE;
    for (uint32_t i = 0; i < csvc_roster_agent_count(r); i++) {
        if (!candidate(r, i, team) || (skill && !(cs_roster_agent_skills(r, i) & skill)))
            continue;
        if (best == CS_NONE || d->open_by_agent[i] < d->open_by_agent[best])
            best = i;
    }
    return best;
}

/* The first active agent of `team` at or after roster position `from`,
 * wrapping around. CS_NONE when there is none. */
static uint32_t next_in_turn(const csvc_desk *d, uint32_t team, uint32_t from)
{
    const csvc_roster *r = d->roster;
    size_t n = csvc_roster_agent_count(r);
    if (n == 0)
        return CS_NONE;
    size_t start = from < n ? from : 0;
    for (size_t k = 0; k < n; k++) {
        size_t i = (start + k) % n;
        if (candidate(r, (uint32_t)i, team))
            return (uint32_t)i;
    }
    return CS_NONE;
}

/* Chooses the agent for ticket `index` without moving the turn. */
static csvc_status choose(csvc_desk *d, const char *fn, const char *ticket_id, csvc_routing strategy,
                          uint32_t *index, uint32_t *chosen)
{
    if ((int)strategy < CSVC_ROUTE_ROUND_ROBIN || (int)strategy > CSVC_ROUTE_SKILL)
        return cs_fail(&d->err, CSVC_E_INVALID, "%s: unknown strategy %d", fn, (int)strategy);
    *index = cs_desk_find_ticket(d, ticket_id);
    if (*index == CS_NONE)
        return cs_fail(&d->err, CSVC_E_NOTFOUND, "%s: ticket '%.64s' not found", fn, ticket_id);
    if (cs_desk_sync_roster(d) != CSVC_OK)
        return cs_fail(&d->err, CSVC_E_NOMEM, "%s: out of memory", fn);
    const cs_ticket *t = &d->tickets[*index];
    uint32_t team = t->team;
    *chosen = CS_NONE;
    switch (strategy) {
    case CSVC_ROUTE_ROUND_ROBIN:
        *chosen = next_in_turn(d, team, d->teams[team].round_robin);
        break;
    case CSVC_ROUTE_LEAST_LOADED:
        *chosen = least_loaded(d, team, 0);
        break;
    case CSVC_ROUTE_SKILL:
        *chosen = least_loaded(d, team, CSVC_SKILL(t->category));
        if (*chosen == CS_NONE)
            *chosen = least_loaded(d, team, 0);
        break;
    }
    if (*chosen == CS_NONE)
        return cs_fail(&d->err, CSVC_E_NOTFOUND, "%s: ticket '%s': team '%s' has no active agent",
                       fn, d->ticket_ids[*index], cs_roster_team_id(d->roster, team));
    return CSVC_OK;
}

static void advance_turn(csvc_desk *d, uint32_t index, csvc_routing strategy, uint32_t chosen)
{
    if (strategy == CSVC_ROUTE_ROUND_ROBIN)
        d->teams[d->tickets[index].team].round_robin = chosen + 1;
}

csvc_status csvc_desk_route(csvc_desk *d, const char *ticket_id, csvc_routing strategy,
                            const char **agent_id)
{
    if (!d || !ticket_id || !agent_id)
        return cs_fail(d ? &d->err : NULL, CSVC_E_NULL, "route: %s is NULL",
                       !d           ? "desk"
                       : !ticket_id ? "ticket_id"
                                    : "agent_id");
    CS_DESK_REFUSE_IF_BUSY(d, "route"); /* it advances the round-robin turn */
    uint32_t index = CS_NONE, chosen = CS_NONE;
    csvc_status rc = choose(d, "route", ticket_id, strategy, &index, &chosen);
    if (rc != CSVC_OK)
        return rc;
    advance_turn(d, index, strategy, chosen);
    *agent_id = cs_roster_agent_id(d->roster, chosen);
    return CSVC_OK;
}

csvc_status csvc_desk_route_assign(csvc_desk *d, const char *ticket_id, csvc_routing strategy,
                                   int64_t time, const char **agent_id)
{
    if (!d || !ticket_id)
        return cs_fail(d ? &d->err : NULL, CSVC_E_NULL, "route_assign: %s is NULL",
                       d ? "ticket_id" : "desk");
    CS_DESK_REFUSE_IF_BUSY(d, "route_assign");
    uint32_t index = CS_NONE, chosen = CS_NONE;
    csvc_status rc = choose(d, "route_assign", ticket_id, strategy, &index, &chosen);
    if (rc != CSVC_OK)
        return rc;
    const char *agent = cs_roster_agent_id(d->roster, chosen);
    if ((rc = csvc_desk_assign(d, ticket_id, agent, time)) != CSVC_OK)
        return rc; /* the turn stays where it was */
    advance_turn(d, index, strategy, chosen);
    if (agent_id)
        *agent_id = agent;
    return CSVC_OK;
}
