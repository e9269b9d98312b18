/* Names of channels, priorities, states and event types (parsed with ASCII
 * case folded, as the roster's levels and categories are). */
#include "desk_internal.h"
#include "internal/utf8.h"

#include <string.h>

static const char *const channel_names[CSVC_CHANNEL_COUNT] = {
    "phone", "chat", "email", "web_form", "social", "in_store",
};
static const char *const priority_names[CSVC_PRIORITY_COUNT] = {
    "low",
    "normal",
    "high",
    "urgent",
};
static const char *const state_names[CSVC_STATE_COUNT] = {
    "new", "assigned", "in_progress", "pending", "resolved", "closed", "cancelled",
};
static const char *const event_names[CSVC_EVENT_TYPE_COUNT] = {
    "created",        "assigned",      "transferred", "escalated", "started",  "agent_reply",
    "customer_reply", "internal_note", "pended",      "resumed",   "resolved", "closed",
    "reopened",       "rated",         "complaint",   "cancelled",
};

static const char *name_of(const char *const *names, int count, int value)
{
    return value >= 0 && value < count ? names[value] : NULL;
}

static csvc_status parse_name(const char *const *names, int count, const char *what,
                              const char *name, int *out)
{
    if (!name || !out)
        return cs_fail(NULL, CSVC_E_NULL, "%s_parse: %s is NULL", what, name ? "out" : "name");
    for (int i = 0; i < count; i++) {
        if (cs_ascii_casecmp(names[i], name) == 0) {
            *out = i;
            return CSVC_OK;
        }
    }
    return cs_fail(NULL, CSVC_E_INVALID, "%s '%.64s': unknown", what, name);
}

const char *csvc_channel_name(csvc_channel v)
{
    return name_of(channel_names, CSVC_CHANNEL_COUNT, (int)v);
}

csvc_status csvc_channel_parse(const char *name, csvc_channel *out)
{
    int v = 0;
    csvc_status rc =
        parse_name(channel_names, CSVC_CHANNEL_COUNT, "channel", name, out ? &v : NULL);
    if (rc == CSVC_OK)
        *out = (csvc_channel)v;
    return rc;
}

const char *csvc_priority_name(csvc_priority v)
{
    return name_of(priority_names, CSVC_PRIORITY_COUNT, (int)v);
}

csvc_status csvc_priority_parse(const char *name, csvc_priority *out)
{
    int v = 0;
    csvc_status rc =
        parse_name(priority_names, CSVC_PRIORITY_COUNT, "priority", name, out ? &v : NULL);
    if (rc == CSVC_OK)
        *out = (csvc_priority)v;
    return rc;
}

const char *csvc_state_name(csvc_ticket_state v)
{
    return name_of(state_names, CSVC_STATE_COUNT, (int)v);
}

csvc_status csvc_state_parse(const char *name, csvc_ticket_state *out)
{
    int v = 0;
    csvc_status rc = parse_name(state_names, CSVC_STATE_COUNT, "state", name, out ? &v : NULL);
    if (rc == CSVC_OK)
        *out = (csvc_ticket_state)v;
    return rc;
}

const char *csvc_event_type_name(csvc_event_type v)
{
    return name_of(event_names, CSVC_EVENT_TYPE_COUNT, (int)v);
}

csvc_status csvc_event_type_parse(const char *name, csvc_event_type *out)
{
    int v = 0;
    csvc_status rc =
        parse_name(event_names, CSVC_EVENT_TYPE_COUNT, "event type", name, out ? &v : NULL);
    if (rc == CSVC_OK)
        *out = (csvc_event_type)v;
    return rc;
}
