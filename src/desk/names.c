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

/* The Chinese terms of the shops' own exports, on input only. */
static const cs_enum_alias channel_aliases[] = {
    {"电话", CSVC_CHANNEL_PHONE},    {"電話", CSVC_CHANNEL_PHONE},
    {"在线", CSVC_CHANNEL_CHAT},     {"在線", CSVC_CHANNEL_CHAT},
    {"在线客服", CSVC_CHANNEL_CHAT}, {"在線客服", CSVC_CHANNEL_CHAT},
    {"聊天", CSVC_CHANNEL_CHAT},     {"邮件", CSVC_CHANNEL_EMAIL},
    {"郵件", CSVC_CHANNEL_EMAIL},    {"电子邮件", CSVC_CHANNEL_EMAIL},
    {"電子郵件", CSVC_CHANNEL_EMAIL}, {"网页表单", CSVC_CHANNEL_WEB_FORM},
    {"網頁表單", CSVC_CHANNEL_WEB_FORM}, {"表单", CSVC_CHANNEL_WEB_FORM},
    {"社交媒体", CSVC_CHANNEL_SOCIAL}, {"社交媒體", CSVC_CHANNEL_SOCIAL},
    {"门店", CSVC_CHANNEL_IN_STORE}, {"門店", CSVC_CHANNEL_IN_STORE},
};
static const cs_enum_alias priority_aliases[] = {
    {"低", CSVC_PRIORITY_LOW},     {"普通", CSVC_PRIORITY_NORMAL}, {"一般", CSVC_PRIORITY_NORMAL},
    {"高", CSVC_PRIORITY_HIGH},    {"紧急", CSVC_PRIORITY_URGENT}, {"緊急", CSVC_PRIORITY_URGENT},
};

static const cs_enum_names channels =
    CS_ENUM_NAMES_ALIASES("channel", channel_names, channel_aliases);
static const cs_enum_names priorities =
    CS_ENUM_NAMES_ALIASES("priority", priority_names, priority_aliases);
static const cs_enum_names states = CS_ENUM_NAMES("state", state_names);
static const cs_enum_names event_types = CS_ENUM_NAMES("event type", event_names);

CS_DEFINE_ENUM_NAMES(csvc_channel, csvc_channel, channels)
CS_DEFINE_ENUM_NAMES(csvc_priority, csvc_priority, priorities)
CS_DEFINE_ENUM_NAMES(csvc_state, csvc_ticket_state, states)
CS_DEFINE_ENUM_NAMES(csvc_event_type, csvc_event_type, event_types)
