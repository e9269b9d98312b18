/* Names of channels, priorities, states and event types (enum_names.h). */
#include "desk_internal.h"
#include "enum_names.h"

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

static const cs_enum_names channels = CS_ENUM_NAMES("channel", channel_names);
static const cs_enum_names priorities = CS_ENUM_NAMES("priority", priority_names);
static const cs_enum_names states = CS_ENUM_NAMES("state", state_names);
static const cs_enum_names event_types = CS_ENUM_NAMES("event type", event_names);

CS_DEFINE_ENUM_NAMES(csvc_channel, csvc_channel, channels)
CS_DEFINE_ENUM_NAMES(csvc_priority, csvc_priority, priorities)
CS_DEFINE_ENUM_NAMES(csvc_state, csvc_ticket_state, states)
CS_DEFINE_ENUM_NAMES(csvc_event_type, csvc_event_type, event_types)
