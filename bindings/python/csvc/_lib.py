"""Finds and loads libcsvc, and declares every C function in one table.

Search order (the first library that loads, has the expected version and
every declared symbol wins):

1. ``CSVC_LIBRARY``: the path of the shared object. When it is set it is the
   only candidate, so a typo cannot silently load some other copy.
2. The build tree: ``build*/src/libcsvc.so.1`` in the package's directory or
   any parent, ``build/`` first, then the most recently built.
3. ``ctypes.util.find_library('csvc')`` (an installed library).

When nothing fits, ``ImportError`` lists every attempt and why it failed.
"""

import ctypes
import ctypes.util
import os
from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    c_char_p,
    c_double,
    c_int,
    c_int32,
    c_int64,
    c_size_t,
    c_uint32,
    c_uint64,
    c_uint8,
    c_void_p,
)

from ._version import EXPECTED_LIBRARY
from .errors import error_for

SONAME = "libcsvc.so.1"


# --------------------------------------------------------------------------
# C types, mirrored field by field from the headers (enums are C int).


class csvc_roster(Structure):
    """Opaque ``csvc_roster``; only pointers to it are used."""


csvc_malloc_fn = CFUNCTYPE(c_void_p, c_size_t, c_void_p)
csvc_realloc_fn = CFUNCTYPE(c_void_p, c_void_p, c_size_t, c_void_p)
csvc_free_fn = CFUNCTYPE(None, c_void_p, c_void_p)


class csvc_allocator(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("malloc_fn", csvc_malloc_fn),
        ("realloc_fn", csvc_realloc_fn),
        ("free_fn", csvc_free_fn),
        ("user_data", c_void_p),
    ]


class csvc_period(Structure):
    _fields_ = [("start", c_int64), ("end", c_int64)]


CSVC_AGENT_INFO_VERSION = 1
CSVC_TEAM_INFO_VERSION = 1


class csvc_agent_info(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("id", c_char_p),
        ("name", c_char_p),
        ("team_id", c_char_p),
        ("level", c_int),
        ("hire_date", c_int64),
        ("supervisor_id", c_char_p),
        ("skills", c_uint32),
        ("active", c_int32),
        ("base_pay", c_int64),
        ("currency", c_char_p),
    ]


class csvc_team_info(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("id", c_char_p),
        ("name", c_char_p),
        ("lead_id", c_char_p),
    ]


class csvc_calendar(Structure):
    """Opaque ``csvc_calendar``; only pointers to it are used."""


class csvc_desk(Structure):
    """Opaque ``csvc_desk``; only pointers to it are used."""


class csvc_store(Structure):
    """Opaque ``csvc_store``; only pointers to it are used."""


class csvc_store_options(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("allocator", POINTER(csvc_allocator)),
        ("busy_timeout_ms", c_int32),
        ("sync", c_int),
        ("create", c_int32),
        ("key", c_void_p),
        ("key_size", c_size_t),
    ]


CSVC_TIME_NONE = -(1 << 63)  # INT64_MIN
CSVC_EVENT_VERSION = 1
CSVC_DESK_OPTIONS_VERSION = 1
CSVC_SLA_POLICY_VERSION = 1
CSVC_TICKET_SPEC_VERSION = 1
CSVC_TICKET_INFO_VERSION = 1
CSVC_SLA_STATUS_VERSION = 1
CSVC_METRICS_VERSION = 1
CSVC_PAUSE_PENDING_CUSTOMER = 0x1
CSVC_PAUSE_PENDING_INTERNAL = 0x2


class csvc_event(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("type", c_int),  # csvc_event_type
        ("ticket_id", c_char_p),
        ("time", c_int64),
        ("actor_id", c_char_p),
        ("agent_id", c_char_p),
        ("team_id", c_char_p),
        ("customer_id", c_char_p),
        ("related_id", c_char_p),
        ("code", c_char_p),
        ("channel", c_int),  # csvc_channel
        ("category", c_int),  # csvc_category
        ("priority", c_int),  # csvc_priority
        ("value", c_int32),
        ("seq", c_uint64),
    ]


class csvc_desk_options(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("allocator", POINTER(csvc_allocator)),
        ("reopen_window", c_int64),
        ("auto_close_after", c_int64),
        ("expected_tickets", c_size_t),
    ]


class csvc_sla_policy(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("team_id", c_char_p),
        ("priority", c_int32),
        ("category", c_int32),
        ("first_response", c_int64),
        ("next_response", c_int64),
        ("resolution", c_int64),
        ("pause_states", c_uint32),
    ]


class csvc_ticket_spec(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("id", c_char_p),
        ("customer_id", c_char_p),
        ("channel", c_int),  # csvc_channel
        ("category", c_int),  # csvc_category
        ("priority", c_int),  # csvc_priority
        ("team_id", c_char_p),
        ("created", c_int64),
    ]


class csvc_ticket_info(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("id", c_char_p),
        ("customer_id", c_char_p),
        ("team_id", c_char_p),
        ("agent_id", c_char_p),
        ("related_id", c_char_p),
        ("channel", c_int),  # csvc_channel
        ("category", c_int),  # csvc_category
        ("priority", c_int),  # csvc_priority
        ("state", c_int),  # csvc_ticket_state
        ("tier", c_int32),
        ("reopen_count", c_int32),
        ("transfer_count", c_int32),
        ("csat", c_int32),
        ("complaints", c_int32),
        ("first_contact", c_int32),
        ("created", c_int64),
        ("first_response", c_int64),
        ("first_resolved", c_int64),
        ("resolved", c_int64),
        ("closed", c_int64),
        ("event_count", c_uint64),
    ]


class csvc_sla_status(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("paused", c_int32),
        ("first_response_due", c_int64),
        ("next_response_due", c_int64),
        ("resolution_due", c_int64),
        ("first_response_remaining", c_int64),
        ("next_response_remaining", c_int64),
        ("resolution_remaining", c_int64),
        ("first_response_breached", c_int32),
        ("next_response_breached", c_int32),
        ("resolution_breached", c_int32),
        ("first_response_breach_time", c_int64),
        ("next_response_breach_time", c_int64),
        ("resolution_breach_time", c_int64),
    ]


class csvc_metrics(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("handled", c_int64),
        ("resolved", c_int64),
        ("resolution_rate", c_double),
        ("first_contact", c_int64),
        ("fcr", c_double),
        ("first_response_count", c_int64),
        ("first_response_mean", c_double),
        ("first_response_median", c_double),
        ("first_response_p90", c_double),
        ("resolution_count", c_int64),
        ("resolution_mean", c_double),
        ("resolution_median", c_double),
        ("resolution_p90", c_double),
        ("total_resolution_mean", c_double),
        ("total_resolution_median", c_double),
        ("total_resolution_p90", c_double),
        ("sla_due", c_int64),
        ("sla_met", c_int64),
        ("sla_compliance", c_double),
        ("reopened", c_int64),
        ("reopen_rate", c_double),
        ("csat_count", c_int64),
        ("csat", c_double),
        ("csat_mean", c_double),
        ("complaints", c_int64),
        ("complaint_rate", c_double),
        ("transfers", c_int64),
        ("escalations", c_int64),
        ("transfer_rate", c_double),
        ("escalation_rate", c_double),
        ("backlog", c_int64),
    ]


CSVC_STAFFING_OPTIONS_VERSION = 1
CSVC_ERLANG_RESULT_VERSION = 1
CSVC_STAFFING_RESULT_VERSION = 1
CSVC_STAFFING_FORECAST_OPTIONS_VERSION = 1
CSVC_STAFFING_SHIFT_VERSION = 1
CSVC_STAFFING_INTERVAL_VERSION = 1
CSVC_STAFFING_SUMMARY_VERSION = 1
CSVC_STAFFING_AGENTS_MAX = 1000000
CSVC_ERLANG_A_STATES_MAX = 10000000
CSVC_GOAL_SERVICE_LEVEL = 0x1
CSVC_GOAL_ASA = 0x2
CSVC_GOAL_ABANDON = 0x4
CSVC_GOAL_OCCUPANCY = 0x8
CSVC_DAYS_WEEKDAYS = 0x1F
CSVC_DAYS_ALL = 0x7F


class csvc_staffing_plan(Structure):
    """Opaque ``csvc_staffing_plan``; only pointers to it are used."""


class csvc_staffing_options(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("goals", c_uint32),
        ("service_level", c_double),
        ("answer_seconds", c_double),
        ("asa_seconds", c_double),
        ("max_abandon", c_double),
        ("max_occupancy", c_double),
        ("shrinkage", c_double),
        ("patience", c_double),
    ]


class csvc_erlang_result(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("agents", c_uint32),
        ("met", c_uint32),
        ("load", c_double),
        ("p_wait", c_double),
        ("service_level", c_double),
        ("asa", c_double),
        ("abandon", c_double),
        ("occupancy", c_double),
    ]


class csvc_staffing_result(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("agents", c_uint32),
        ("staff", c_uint32),
        ("binding", c_uint32),
        ("agents_exact", c_double),
        ("staff_exact", c_double),
        ("load", c_double),
        ("p_wait", c_double),
        ("service_level", c_double),
        ("asa", c_double),
        ("abandon", c_double),
        ("occupancy", c_double),
    ]


class csvc_staffing_forecast_options(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("history_start", c_int64),
        ("history_end", c_int64),
        ("utc_offset", c_int32),
        ("team_id", c_char_p),
        ("channels", c_uint32),
        ("week_decay", c_double),
        ("default_aht", c_double),
        ("aht_from_history", c_int32),
        ("max_handle_seconds", c_int64),
    ]


class csvc_staffing_shift(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("start_minute", c_int32),
        ("length_minutes", c_int32),
        ("days", c_uint32),
        ("heads", c_uint32),
    ]


class csvc_staffing_interval(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("start_minute", c_int32),
        ("arrivals", c_double),
        ("aht", c_double),
        ("load", c_double),
        ("agents", c_uint32),
        ("required", c_uint32),
        ("agents_exact", c_double),
        ("required_exact", c_double),
        ("staffed", c_double),
        ("shortfall", c_double),
        ("overstaffing", c_double),
        ("staffed_agents", c_uint32),
        ("met", c_uint32),
        ("p_wait", c_double),
        ("service_level", c_double),
        ("asa", c_double),
        ("abandon", c_double),
        ("occupancy", c_double),
    ]


class csvc_staffing_summary(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("intervals", c_uint32),
        ("intervals_short", c_uint32),
        ("peak_required", c_uint32),
        ("arrivals", c_double),
        ("required_hours", c_double),
        ("staffed_hours", c_double),
        ("shortfall_hours", c_double),
        ("overstaffing_hours", c_double),
        ("service_level", c_double),
    ]


CSVC_KPI_DIMENSION_COUNT = 5
CSVC_RATER_GROUP_COUNT = 5
CSVC_RATER_GROUP_CONFIG_VERSION = 1
CSVC_KPI_BANDS_MAX = 32
CSVC_KPI_DEF_VERSION = 1
CSVC_KPI_GRADING_VERSION = 1
CSVC_KPI_REVIEW_OPTIONS_VERSION = 1
CSVC_KPI_RATING_VERSION = 1
CSVC_KPI_AGENT_RESULT_VERSION = 1
CSVC_KPI_RESULT_VERSION = 1
CSVC_KPI_GROUP_RESULT_VERSION = 1
CSVC_KPI_MISSING = 0x01
CSVC_KPI_INCOMPLETE = 0x02
CSVC_KPI_ZERO_FILLED = 0x04
CSVC_KPI_RENORMALISED = 0x08
CSVC_KPI_HIDDEN = 0x10
CSVC_KPI_BELOW_MIN = 0x20
CSVC_KPI_EXCLUDED = 0x40
CSVC_KPI_PARTIAL = 0x80


class csvc_kpi_model(Structure):
    """Opaque ``csvc_kpi_model``; only pointers to it are used."""


class csvc_kpi_review(Structure):
    """Opaque ``csvc_kpi_review``; only pointers to it are used."""


class csvc_kpi_results(Structure):
    """Opaque ``csvc_kpi_results``; only pointers to it are used."""


class csvc_rater_group_config(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("weight", c_double),
        ("aggregation", c_int),  # csvc_aggregation
        ("min_count", c_int32),
        ("anonymity", c_int32),
        ("missing", c_int),  # csvc_missing_policy
    ]


class csvc_kpi_band(Structure):
    _fields_ = [("threshold", c_double), ("points", c_double)]


class csvc_kpi_def(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("id", c_char_p),
        ("name", c_char_p),
        ("dimension", c_int),  # csvc_kpi_dimension
        ("weight", c_double),
        ("source", c_int),  # csvc_kpi_source
        ("metric", c_char_p),
        ("direction", c_int),  # csvc_kpi_direction
        ("normalise", c_int),  # csvc_kpi_normalise
        ("floor", c_double),
        ("target", c_double),
        ("bands", POINTER(csvc_kpi_band)),
        ("band_count", c_uint32),
        ("scale", c_int),  # csvc_rating_scale
        ("group_weights", c_double * CSVC_RATER_GROUP_COUNT),
    ]


class csvc_kpi_grading(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("scheme", c_int),  # csvc_grade_scheme
        ("thresholds", c_double * 4),
        ("forced", c_int32),
        ("shares", c_double * 5),
    ]


class csvc_kpi_review_options(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("allocator", POINTER(csvc_allocator)),
        ("id", c_char_p),
    ]


class csvc_kpi_rating(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("rater_id", c_char_p),
        ("ratee_id", c_char_p),
        ("kpi_id", c_char_p),
        ("group", c_int),  # csvc_rater_group
        ("value", c_double),
        ("time", c_int64),
    ]


class csvc_kpi_agent_result(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("agent_id", c_char_p),
        ("team_id", c_char_p),
        ("flags", c_uint32),
        ("composite", c_double),
        ("dimensions", c_double * CSVC_KPI_DIMENSION_COUNT),
        ("grade", c_int32),
        ("grade_label", c_char_p),
        ("rank_team", c_int32),
        ("rank_desk", c_int32),
        ("percentile_team", c_double),
        ("percentile_desk", c_double),
        ("team_size", c_int32),
        ("desk_size", c_int32),
    ]


class csvc_kpi_result(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("kpi_id", c_char_p),
        ("flags", c_uint32),
        ("raw", c_double),
        ("score", c_double),
        ("weight", c_double),
        ("weight_share", c_double),
        ("contribution", c_double),
    ]


class csvc_kpi_group_result(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("flags", c_uint32),
        ("count", c_int64),
        ("aggregate", c_double),
        ("weight", c_double),
        ("weight_used", c_double),
    ]


# csvc_status (*csvc_event_fn)(const csvc_event *event, void *user_data)
csvc_event_fn = CFUNCTYPE(c_int, POINTER(csvc_event), c_void_p)
# int (*csvc_event_visit_fn)(const csvc_event *event, void *user_data)
csvc_event_visit_fn = CFUNCTYPE(c_int, POINTER(csvc_event), c_void_p)

# csvc_status (*csvc_roster_change_fn)(const csvc_roster *, csvc_roster_change, const char *, void *)
csvc_roster_change_fn = CFUNCTYPE(c_int, c_void_p, c_int, c_char_p, c_void_p)
# csvc_status (*csvc_kpi_review_change_fn)(const csvc_kpi_review *, csvc_kpi_review_change,
#                                          const char *ratee_id, const char *kpi_id, void *)
csvc_kpi_review_change_fn = CFUNCTYPE(c_int, c_void_p, c_int, c_char_p, c_char_p, c_void_p)

roster_p = POINTER(csvc_roster)
store_p = POINTER(csvc_store)
calendar_p = POINTER(csvc_calendar)
desk_p = POINTER(csvc_desk)
plan_p = POINTER(csvc_staffing_plan)
kpi_model_p = POINTER(csvc_kpi_model)
kpi_review_p = POINTER(csvc_kpi_review)
kpi_results_p = POINTER(csvc_kpi_results)
status_t = c_int  # csvc_status
level_t = c_int  # csvc_level
category_t = c_int  # csvc_category
weekday_t = c_int  # csvc_weekday
channel_t = c_int  # csvc_channel
priority_t = c_int  # csvc_priority
state_t = c_int  # csvc_ticket_state
event_type_t = c_int  # csvc_event_type
pend_reason_t = c_int  # csvc_pend_reason
routing_t = c_int  # csvc_routing
scope_t = c_int  # csvc_scope
dimension_t = c_int  # csvc_kpi_dimension
rater_group_t = c_int  # csvc_rater_group

# How a function reports failure: None (it cannot fail), STATUS (returns
# csvc_status, message in csvc_last_errmsg()), or the name of the handle
# whose errmsg function holds the message (first argument).
STATUS = "status"
ROSTER = "roster"
CALENDAR = "calendar"
DESK = "desk"
STORE = "store"
PLAN = "plan"
KPI_MODEL = "kpi_model"
KPI_REVIEW = "kpi_review"

_ERRMSG_FUNCTIONS = {
    STORE: "csvc_store_errmsg",
    ROSTER: "csvc_roster_errmsg",
    CALENDAR: "csvc_calendar_errmsg",
    DESK: "csvc_desk_errmsg",
    PLAN: "csvc_staffing_plan_errmsg",
    KPI_MODEL: "csvc_kpi_model_errmsg",
    KPI_REVIEW: "csvc_kpi_review_errmsg",
}

# name, restype, argtypes, failure reporting
FUNCTIONS = (
    # common.h: version, status, errors
    ("csvc_version", c_char_p, (), None),
    ("csvc_version_number", c_uint32, (), None),
    ("csvc_status_str", c_char_p, (status_t,), None),
    ("csvc_status_name", c_char_p, (status_t,), None),
    ("csvc_last_errmsg", c_char_p, (), None),
    ("csvc_id_check", status_t, (c_char_p,), STATUS),
    ("csvc_free", None, (c_void_p,), None),
    # common.h: money
    ("csvc_money_add", status_t, (c_int64, c_int64, POINTER(c_int64)), STATUS),
    ("csvc_money_sub", status_t, (c_int64, c_int64, POINTER(c_int64)), STATUS),
    ("csvc_money_mul", status_t, (c_int64, c_int64, POINTER(c_int64)), STATUS),
    ("csvc_money_percent_bp", status_t, (c_int64, c_int64, POINTER(c_int64)), STATUS),
    ("csvc_money_muldiv", status_t, (c_int64, c_int64, c_int64, POINTER(c_int64)), STATUS),
    ("csvc_money_split", status_t,
     (c_int64, POINTER(c_int64), POINTER(c_char_p), c_size_t, POINTER(c_int64)), STATUS),
    ("csvc_money_split_weighted", status_t,
     (c_int64, POINTER(c_double), POINTER(c_char_p), c_size_t, POINTER(c_int64)), STATUS),
    ("csvc_money_format", status_t, (c_int64, c_uint32, c_char_p, c_size_t), STATUS),
    ("csvc_money_parse", status_t, (c_char_p, c_uint32, POINTER(c_int64)), STATUS),
    # common.h: time and periods
    ("csvc_period_make", status_t, (c_int64, c_int64, POINTER(csvc_period)), STATUS),
    ("csvc_period_contains", c_int, (POINTER(csvc_period), c_int64), None),
    ("csvc_period_overlaps", c_int, (POINTER(csvc_period), POINTER(csvc_period)), None),
    ("csvc_period_month", status_t, (c_int64, c_int32, POINTER(csvc_period)), STATUS),
    ("csvc_period_quarter", status_t, (c_int64, c_int32, POINTER(csvc_period)), STATUS),
    ("csvc_period_of_month", status_t,
     (c_int32, c_int32, c_int32, POINTER(csvc_period)), STATUS),
    ("csvc_period_of_quarter", status_t,
     (c_int32, c_int32, c_int32, POINTER(csvc_period)), STATUS),
    ("csvc_date_make", status_t,
     (c_int32, c_int32, c_int32, c_int32, POINTER(c_int64)), STATUS),
    ("csvc_date_split", status_t,
     (c_int64, c_int32, POINTER(c_int32), POINTER(c_int32), POINTER(c_int32)), STATUS),
    ("csvc_time_parse", status_t, (c_char_p, POINTER(c_int64)), STATUS),
    ("csvc_time_format", status_t, (c_int64, c_char_p, c_size_t), STATUS),
    # roster.h: names
    ("csvc_level_name", c_char_p, (level_t,), None),
    ("csvc_level_parse", status_t, (c_char_p, POINTER(level_t)), STATUS),
    ("csvc_category_name", c_char_p, (category_t,), None),
    ("csvc_category_parse", status_t, (c_char_p, POINTER(category_t)), STATUS),
    ("csvc_agent_info_init", None, (POINTER(csvc_agent_info),), None),
    ("csvc_team_info_init", None, (POINTER(csvc_team_info),), None),
    # roster.h: the roster
    ("csvc_roster_new", status_t, (POINTER(csvc_allocator), POINTER(roster_p)), STATUS),
    ("csvc_roster_free", None, (roster_p,), None),
    ("csvc_roster_errmsg", c_char_p, (roster_p,), None),
    ("csvc_roster_add_team", status_t, (roster_p, POINTER(csvc_team_info)), ROSTER),
    ("csvc_roster_update_team", status_t, (roster_p, POINTER(csvc_team_info)), ROSTER),
    ("csvc_roster_get_team", status_t,
     (roster_p, c_char_p, POINTER(csvc_team_info)), ROSTER),
    ("csvc_roster_team_count", c_size_t, (roster_p,), None),
    ("csvc_roster_team_at", status_t, (roster_p, c_size_t, POINTER(csvc_team_info)), ROSTER),
    ("csvc_roster_add_agent", status_t, (roster_p, POINTER(csvc_agent_info)), ROSTER),
    ("csvc_roster_update_agent", status_t, (roster_p, POINTER(csvc_agent_info)), ROSTER),
    ("csvc_roster_deactivate_agent", status_t, (roster_p, c_char_p), ROSTER),
    ("csvc_roster_get_agent", status_t,
     (roster_p, c_char_p, POINTER(csvc_agent_info)), ROSTER),
    ("csvc_roster_agent_count", c_size_t, (roster_p,), None),
    ("csvc_roster_agent_at", status_t,
     (roster_p, c_size_t, POINTER(csvc_agent_info)), ROSTER),
    ("csvc_roster_agent_index", status_t, (roster_p, c_char_p, POINTER(c_size_t)), ROSTER),
    ("csvc_roster_direct_reports", status_t,
     (roster_p, c_char_p, POINTER(c_char_p), c_size_t, POINTER(c_size_t)), ROSTER),
    ("csvc_roster_reports_to", status_t,
     (roster_p, c_char_p, c_char_p, POINTER(c_int)), ROSTER),
    ("csvc_roster_headcount", status_t,
     (roster_p, c_char_p, level_t, c_int, POINTER(c_size_t)), ROSTER),
    ("csvc_roster_import_csv", status_t, (roster_p, c_char_p), ROSTER),
    ("csvc_roster_import_csv_buffer", status_t, (roster_p, c_char_p, c_size_t), ROSTER),
    ("csvc_roster_export_csv", status_t, (roster_p, c_char_p), ROSTER),
    ("csvc_roster_export_csv_buffer", status_t,
     (roster_p, POINTER(c_void_p), POINTER(c_size_t)), ROSTER),
    # calendar.h: only the modifications write the calendar's message; the
    # read-only calls explain failures in csvc_last_errmsg() alone, so a
    # stale message of an earlier add_hours is never reported for them.
    ("csvc_calendar_new", status_t,
     (POINTER(csvc_allocator), c_int32, POINTER(calendar_p)), STATUS),
    ("csvc_calendar_free", None, (calendar_p,), None),
    ("csvc_calendar_errmsg", c_char_p, (calendar_p,), None),
    ("csvc_calendar_clone", status_t, (calendar_p, POINTER(calendar_p)), STATUS),
    ("csvc_calendar_add_hours", status_t, (calendar_p, weekday_t, c_int32, c_int32), CALENDAR),
    ("csvc_calendar_add_holiday", status_t, (calendar_p, c_int32, c_int32, c_int32), CALENDAR),
    ("csvc_calendar_week_seconds", c_int64, (calendar_p,), None),
    ("csvc_calendar_business_seconds", status_t,
     (calendar_p, c_int64, c_int64, POINTER(c_int64)), STATUS),
    ("csvc_calendar_add_business", status_t,
     (calendar_p, c_int64, c_int64, POINTER(c_int64)), STATUS),
    ("csvc_calendar_is_open", status_t, (calendar_p, c_int64, POINTER(c_int)), STATUS),
    # desk.h: names
    ("csvc_channel_name", c_char_p, (channel_t,), None),
    ("csvc_channel_parse", status_t, (c_char_p, POINTER(channel_t)), STATUS),
    ("csvc_priority_name", c_char_p, (priority_t,), None),
    ("csvc_priority_parse", status_t, (c_char_p, POINTER(priority_t)), STATUS),
    ("csvc_state_name", c_char_p, (state_t,), None),
    ("csvc_state_parse", status_t, (c_char_p, POINTER(state_t)), STATUS),
    ("csvc_event_type_name", c_char_p, (event_type_t,), None),
    ("csvc_event_type_parse", status_t, (c_char_p, POINTER(event_type_t)), STATUS),
    ("csvc_event_init", None, (POINTER(csvc_event),), None),
    ("csvc_desk_options_init", None, (POINTER(csvc_desk_options),), None),
    ("csvc_sla_policy_init", None, (POINTER(csvc_sla_policy),), None),
    ("csvc_ticket_spec_init", None, (POINTER(csvc_ticket_spec),), None),
    # desk.h: the desk (csvc_desk_new fails before a desk exists)
    ("csvc_desk_new", status_t,
     (roster_p, POINTER(csvc_desk_options), POINTER(desk_p)), STATUS),
    ("csvc_desk_free", None, (desk_p,), None),
    ("csvc_desk_errmsg", c_char_p, (desk_p,), None),
    ("csvc_desk_roster", roster_p, (desk_p,), None),
    ("csvc_desk_set_reopen_policy", status_t, (desk_p, c_char_p, c_int64, c_int64), DESK),
    ("csvc_desk_set_calendar", status_t, (desk_p, c_char_p, calendar_p), DESK),
    ("csvc_desk_add_sla_policy", status_t, (desk_p, POINTER(csvc_sla_policy)), DESK),
    # desk.h: driving tickets
    ("csvc_desk_apply", status_t, (desk_p, POINTER(csvc_event)), DESK),
    ("csvc_desk_create", status_t, (desk_p, POINTER(csvc_ticket_spec)), DESK),
    ("csvc_desk_assign", status_t, (desk_p, c_char_p, c_char_p, c_int64), DESK),
    ("csvc_desk_start", status_t, (desk_p, c_char_p, c_int64), DESK),
    ("csvc_desk_agent_reply", status_t, (desk_p, c_char_p, c_char_p, c_int64), DESK),
    ("csvc_desk_customer_reply", status_t, (desk_p, c_char_p, c_int64), DESK),
    ("csvc_desk_note", status_t, (desk_p, c_char_p, c_char_p, c_int64), DESK),
    ("csvc_desk_pend", status_t, (desk_p, c_char_p, pend_reason_t, c_int64), DESK),
    ("csvc_desk_resume", status_t, (desk_p, c_char_p, c_int64), DESK),
    ("csvc_desk_resolve", status_t, (desk_p, c_char_p, c_char_p, c_int, c_int64), DESK),
    ("csvc_desk_close", status_t, (desk_p, c_char_p, c_int64), DESK),
    ("csvc_desk_reopen", status_t, (desk_p, c_char_p, c_int64), DESK),
    ("csvc_desk_follow_up", status_t,
     (desk_p, c_char_p, c_char_p, c_int64, POINTER(c_int)), DESK),
    ("csvc_desk_transfer", status_t, (desk_p, c_char_p, c_char_p, c_char_p, c_int64), DESK),
    ("csvc_desk_escalate", status_t, (desk_p, c_char_p, c_char_p, c_int64), DESK),
    ("csvc_desk_cancel", status_t, (desk_p, c_char_p, c_char_p, c_int64), DESK),
    ("csvc_desk_rate", status_t, (desk_p, c_char_p, c_int32, c_int64), DESK),
    ("csvc_desk_complaint", status_t, (desk_p, c_char_p, c_int64), DESK),
    ("csvc_desk_auto_close", status_t, (desk_p, c_int64, POINTER(c_size_t)), DESK),
    ("csvc_desk_set_event_callback", status_t, (desk_p, csvc_event_fn, c_void_p), DESK),
    # desk.h: tickets and the log
    ("csvc_desk_get_ticket", status_t, (desk_p, c_char_p, POINTER(csvc_ticket_info)), DESK),
    ("csvc_desk_ticket_count", c_size_t, (desk_p,), None),
    ("csvc_desk_ticket_at", status_t, (desk_p, c_size_t, POINTER(csvc_ticket_info)), DESK),
    ("csvc_desk_event_count", c_uint64, (desk_p,), None),
    ("csvc_desk_event_at", status_t, (desk_p, c_uint64, POINTER(csvc_event)), DESK),
    ("csvc_desk_foreach_event", status_t,
     (desk_p, c_char_p, POINTER(csvc_period), csvc_event_visit_fn, c_void_p), DESK),
    ("csvc_desk_checksum", status_t, (desk_p, POINTER(c_uint64)), DESK),
    ("csvc_desk_ticket_state_size", c_size_t, (), None),
    # desk.h: SLA and routing
    ("csvc_desk_sla", status_t, (desk_p, c_char_p, c_int64, POINTER(csvc_sla_status)), DESK),
    ("csvc_desk_dispatch_queue", status_t,
     (desk_p, c_int64, c_int64, POINTER(c_char_p), c_size_t, POINTER(c_size_t)), DESK),
    ("csvc_desk_breached", status_t,
     (desk_p, c_int64, POINTER(c_char_p), c_size_t, POINTER(c_size_t)), DESK),
    ("csvc_desk_route", status_t, (desk_p, c_char_p, routing_t, POINTER(c_char_p)), DESK),
    # desk.h: metrics
    ("csvc_desk_metrics", status_t,
     (desk_p, scope_t, c_char_p, POINTER(csvc_period), POINTER(csvc_metrics)), DESK),
    ("csvc_desk_metrics_all_agents", status_t,
     (desk_p, POINTER(csvc_period), POINTER(csvc_metrics), c_size_t), DESK),
    # desk.h: import and export
    ("csvc_desk_import_events_csv", status_t, (desk_p, c_char_p), DESK),
    ("csvc_desk_import_events_csv_buffer", status_t, (desk_p, c_char_p, c_size_t), DESK),
    ("csvc_desk_import_tickets_csv", status_t, (desk_p, c_char_p), DESK),
    ("csvc_desk_import_tickets_csv_buffer", status_t, (desk_p, c_char_p, c_size_t), DESK),
    ("csvc_desk_export_events_csv", status_t, (desk_p, c_char_p), DESK),
    # roster.h: change callback (the store's hook)
    ("csvc_roster_set_change_callback", status_t,
     (roster_p, csvc_roster_change_fn, c_void_p), ROSTER),
    # store.h
    ("csvc_store_options_init", None, (POINTER(csvc_store_options),), None),
    ("csvc_store_open", status_t, (c_char_p, POINTER(csvc_store_options), POINTER(store_p)),
     STATUS),
    ("csvc_store_close", None, (store_p,), None),
    ("csvc_store_errmsg", c_char_p, (store_p,), None),
    ("csvc_store_schema_version", status_t, (store_p, POINTER(c_int32)), STATUS),
    ("csvc_store_attach_roster", status_t, (store_p, roster_p), STORE),
    ("csvc_store_attach_desk", status_t, (store_p, desk_p), STORE),
    ("csvc_store_attach_review", status_t, (store_p, kpi_review_p), STORE),
    ("csvc_store_begin", status_t, (store_p,), STORE),
    ("csvc_store_commit", status_t, (store_p,), STORE),
    ("csvc_store_rollback", status_t, (store_p,), STORE),
    ("csvc_store_refresh", status_t, (store_p, POINTER(c_uint64)), STORE),
    ("csvc_store_verify", status_t, (store_p, POINTER(c_uint64)), STORE),
    ("csvc_store_head", status_t, (store_p, POINTER(c_uint64), POINTER(c_uint8)), STORE),
    ("csvc_store_verify_anchor", status_t,
     (store_p, c_uint64, POINTER(c_uint8), POINTER(c_uint64)), STORE),
    ("csvc_store_event_count", status_t, (store_p, POINTER(c_uint64)), STORE),
    ("csvc_store_backup", status_t, (store_p, c_char_p), STORE),
    ("csvc_store_export_events_csv", status_t, (store_p, c_char_p), STORE),
    # staffing.h: one interval (reentrant; messages in csvc_last_errmsg())
    ("csvc_staffing_options_init", None, (POINTER(csvc_staffing_options),), None),
    ("csvc_erlang_result_init", None, (POINTER(csvc_erlang_result),), None),
    ("csvc_staffing_result_init", None, (POINTER(csvc_staffing_result),), None),
    ("csvc_erlang_load", status_t, (c_double, c_double, c_double, POINTER(c_double)), STATUS),
    ("csvc_erlang_b", status_t, (c_double, c_uint32, POINTER(c_double)), STATUS),
    ("csvc_erlang_evaluate", status_t,
     (c_double, c_double, c_double, c_uint32, POINTER(csvc_staffing_options),
      POINTER(csvc_erlang_result)), STATUS),
    ("csvc_staffing_solve", status_t,
     (c_double, c_double, c_double, POINTER(csvc_staffing_options),
      POINTER(csvc_staffing_result)), STATUS),
    # staffing.h: plans. Only the modifications write the plan's message;
    # the read-only calls (interval, summary) explain failures in
    # csvc_last_errmsg() alone, as the calendar's do.
    ("csvc_staffing_plan_new", status_t,
     (POINTER(csvc_allocator), c_int32, POINTER(plan_p)), STATUS),
    ("csvc_staffing_plan_free", None, (plan_p,), None),
    ("csvc_staffing_plan_errmsg", c_char_p, (plan_p,), None),
    ("csvc_staffing_plan_interval_count", c_size_t, (plan_p,), None),
    ("csvc_staffing_plan_interval_seconds", c_int32, (plan_p,), None),
    ("csvc_staffing_plan_set_options", status_t,
     (plan_p, POINTER(csvc_staffing_options)), PLAN),
    ("csvc_staffing_plan_set_interval", status_t, (plan_p, c_size_t, c_double, c_double), PLAN),
    ("csvc_staffing_forecast_options_init", None,
     (POINTER(csvc_staffing_forecast_options),), None),
    ("csvc_staffing_plan_forecast", status_t,
     (plan_p, desk_p, POINTER(csvc_staffing_forecast_options)), PLAN),
    ("csvc_staffing_shift_init", None, (POINTER(csvc_staffing_shift),), None),
    ("csvc_staffing_plan_add_shift", status_t, (plan_p, POINTER(csvc_staffing_shift)), PLAN),
    ("csvc_staffing_plan_clear_shifts", status_t, (plan_p,), PLAN),
    ("csvc_staffing_plan_shift_count", c_size_t, (plan_p,), None),
    ("csvc_staffing_interval_init", None, (POINTER(csvc_staffing_interval),), None),
    ("csvc_staffing_plan_interval", status_t,
     (plan_p, c_size_t, POINTER(csvc_staffing_interval)), STATUS),
    ("csvc_staffing_summary_init", None, (POINTER(csvc_staffing_summary),), None),
    ("csvc_staffing_plan_summary", status_t, (plan_p, POINTER(csvc_staffing_summary)), STATUS),
    # kpi.h: names (messages in csvc_last_errmsg())
    ("csvc_kpi_dimension_name", c_char_p, (dimension_t,), None),
    ("csvc_kpi_dimension_parse", status_t, (c_char_p, POINTER(dimension_t)), STATUS),
    ("csvc_rater_group_name", c_char_p, (rater_group_t,), None),
    ("csvc_rater_group_parse", status_t, (c_char_p, POINTER(rater_group_t)), STATUS),
    ("csvc_kpi_metric_name", c_char_p, (c_size_t,), None),
    ("csvc_rater_group_config_init", None, (POINTER(csvc_rater_group_config),), None),
    ("csvc_kpi_def_init", None, (POINTER(csvc_kpi_def),), None),
    ("csvc_kpi_grading_init", None, (POINTER(csvc_kpi_grading),), None),
    # kpi.h: models. The changes write the model's message; the read-only
    # calls (get_group, kpi_at, find_kpi, get_grading, export) are explained
    # by csvc_last_errmsg(), which every failure also writes, so a stale
    # message of an earlier change is never reported for them. Loading
    # fails before a model exists.
    ("csvc_kpi_model_new", status_t,
     (POINTER(csvc_allocator), c_char_p, POINTER(kpi_model_p)), STATUS),
    ("csvc_kpi_model_free", None, (kpi_model_p,), None),
    ("csvc_kpi_model_errmsg", c_char_p, (kpi_model_p,), None),
    ("csvc_kpi_model_version", c_char_p, (kpi_model_p,), None),
    ("csvc_kpi_model_set_group", status_t,
     (kpi_model_p, rater_group_t, POINTER(csvc_rater_group_config)), KPI_MODEL),
    ("csvc_kpi_model_get_group", status_t,
     (kpi_model_p, rater_group_t, POINTER(csvc_rater_group_config)), STATUS),
    ("csvc_kpi_model_add_kpi", status_t, (kpi_model_p, POINTER(csvc_kpi_def)), KPI_MODEL),
    ("csvc_kpi_model_kpi_count", c_size_t, (kpi_model_p,), None),
    ("csvc_kpi_model_kpi_at", status_t, (kpi_model_p, c_size_t, POINTER(csvc_kpi_def)), STATUS),
    ("csvc_kpi_model_find_kpi", status_t, (kpi_model_p, c_char_p, POINTER(c_size_t)), STATUS),
    ("csvc_kpi_model_set_grading", status_t, (kpi_model_p, POINTER(csvc_kpi_grading)),
     KPI_MODEL),
    ("csvc_kpi_model_get_grading", status_t, (kpi_model_p, POINTER(csvc_kpi_grading)), STATUS),
    ("csvc_kpi_model_set_calibration", status_t, (kpi_model_p, c_int32), KPI_MODEL),
    ("csvc_kpi_model_calibration", c_int32, (kpi_model_p,), None),
    ("csvc_kpi_model_load_json", status_t,
     (c_char_p, POINTER(csvc_allocator), POINTER(kpi_model_p)), STATUS),
    ("csvc_kpi_model_load_json_buffer", status_t,
     (c_char_p, c_size_t, POINTER(csvc_allocator), POINTER(kpi_model_p)), STATUS),
    ("csvc_kpi_model_export_json_buffer", status_t,
     (kpi_model_p, POINTER(c_void_p), POINTER(c_size_t)), STATUS),
    # kpi.h: reviews. The changes write the review's message (and so do the
    # change callback's refusals); period and compute leave the review as it
    # is and are explained by csvc_last_errmsg(). csvc_kpi_review_new fails
    # before a review exists.
    ("csvc_kpi_review_options_init", None, (POINTER(csvc_kpi_review_options),), None),
    ("csvc_kpi_review_new", status_t,
     (roster_p, kpi_model_p, POINTER(csvc_period), POINTER(csvc_kpi_review_options),
      POINTER(kpi_review_p)), STATUS),
    ("csvc_kpi_review_free", None, (kpi_review_p,), None),
    ("csvc_kpi_review_errmsg", c_char_p, (kpi_review_p,), None),
    ("csvc_kpi_review_id", c_char_p, (kpi_review_p,), None),
    ("csvc_kpi_review_model", kpi_model_p, (kpi_review_p,), None),
    ("csvc_kpi_review_period", status_t, (kpi_review_p, POINTER(csvc_period)), STATUS),
    ("csvc_kpi_review_is_closed", c_int32, (kpi_review_p,), None),
    ("csvc_kpi_review_rating_count", c_size_t, (kpi_review_p,), None),
    ("csvc_kpi_rating_init", None, (POINTER(csvc_kpi_rating),), None),
    ("csvc_kpi_review_rate", status_t, (kpi_review_p, POINTER(csvc_kpi_rating)), KPI_REVIEW),
    ("csvc_kpi_review_import_ratings_csv", status_t, (kpi_review_p, c_char_p), KPI_REVIEW),
    ("csvc_kpi_review_import_ratings_csv_buffer", status_t,
     (kpi_review_p, c_char_p, c_size_t), KPI_REVIEW),
    ("csvc_kpi_review_set_objective", status_t,
     (kpi_review_p, c_char_p, c_char_p, c_double), KPI_REVIEW),
    ("csvc_kpi_review_set_metrics", status_t,
     (kpi_review_p, POINTER(csvc_metrics), c_size_t), KPI_REVIEW),
    ("csvc_kpi_review_load_desk", status_t, (kpi_review_p, desk_p), KPI_REVIEW),
    ("csvc_kpi_review_close", status_t, (kpi_review_p,), KPI_REVIEW),
    ("csvc_kpi_review_set_change_callback", status_t,
     (kpi_review_p, csvc_kpi_review_change_fn, c_void_p), KPI_REVIEW),
    ("csvc_kpi_review_compute", status_t, (kpi_review_p, POINTER(kpi_results_p)), STATUS),
    # kpi.h: results. Immutable: every call is read-only and explained by
    # csvc_last_errmsg().
    ("csvc_kpi_results_free", None, (kpi_results_p,), None),
    ("csvc_kpi_results_errmsg", c_char_p, (kpi_results_p,), None),
    ("csvc_kpi_results_model", kpi_model_p, (kpi_results_p,), None),
    ("csvc_kpi_results_agent_count", c_size_t, (kpi_results_p,), None),
    ("csvc_kpi_results_find_agent", status_t,
     (kpi_results_p, c_char_p, POINTER(c_size_t)), STATUS),
    ("csvc_kpi_results_agent", status_t,
     (kpi_results_p, c_size_t, POINTER(csvc_kpi_agent_result)), STATUS),
    ("csvc_kpi_results_kpi", status_t,
     (kpi_results_p, c_size_t, c_size_t, POINTER(csvc_kpi_result)), STATUS),
    ("csvc_kpi_results_group", status_t,
     (kpi_results_p, c_size_t, c_size_t, rater_group_t, POINTER(csvc_kpi_group_result)),
     STATUS),
    ("csvc_kpi_results_export_csv_buffer", status_t,
     (kpi_results_p, c_int32, POINTER(c_void_p), POINTER(c_size_t)), STATUS),
    ("csvc_kpi_results_export_csv", status_t, (kpi_results_p, c_int32, c_char_p), STATUS),
    ("csvc_kpi_results_export_json_buffer", status_t,
     (kpi_results_p, POINTER(c_void_p), POINTER(c_size_t)), STATUS),
    ("csvc_kpi_results_export_json", status_t, (kpi_results_p, c_char_p), STATUS),
)


def _decode(raw):
    return raw.decode("utf-8", "surrogateescape") if raw else ""


class Library:
    """The loaded library: one attribute per declared C function, plus
    ``path`` (what was loaded) and ``version_number``."""

    def __init__(self, cdll, path):
        self._cdll = cdll
        self.path = path
        missing = [name for name, _, _, _ in FUNCTIONS if not hasattr(cdll, name)]
        if missing:
            raise OSError("missing symbols: " + ", ".join(missing))
        for name, restype, argtypes, failure in FUNCTIONS:
            func = getattr(cdll, name)
            func.restype = restype
            func.argtypes = argtypes
            if failure is not None:
                func.errcheck = self._errcheck_for(failure)
            setattr(self, name, func)
        self.version_number = int(self.csvc_version_number())

    def _errcheck_for(self, failure):
        handle_errmsg = None
        if failure in _ERRMSG_FUNCTIONS:
            handle_errmsg = getattr(self._cdll, _ERRMSG_FUNCTIONS[failure])

        def errcheck(result, func, args):
            if result == 0:
                return result
            message = ""
            if handle_errmsg is not None and args and args[0]:
                message = _decode(handle_errmsg(args[0]))
            if not message:
                message = _decode(self.csvc_last_errmsg())
            if not message:
                message = _decode(self.csvc_status_str(result))
            name = self.csvc_status_name(result)
            raise error_for(result, message, _decode(name) if name else None)

        return errcheck


def version_problem(number, expected=EXPECTED_LIBRARY):
    """Why a library of version ``number`` (0xXXYYZZ) does not fit the
    package, or None when it does: same major, minor at least ours."""
    major, minor, patch = (number >> 16) & 0xFF, (number >> 8) & 0xFF, number & 0xFF
    if major == expected[0] and minor >= expected[1]:
        return None
    return "library version %d.%d.%d, the package needs %d.x with x >= %d" % (
        major, minor, patch, expected[0], expected[1])


def _asan_runtime_missing(path):
    """True when ``path`` was built with AddressSanitizer and no ASan
    runtime is loaded: dlopen() would then abort the interpreter instead of
    failing, so such a candidate must be skipped before it is loaded."""
    try:
        with open(path, "rb") as f:
            if b"__asan_init" not in f.read():
                return False
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as f:
            maps = f.read()
    except OSError:
        return False
    return "libasan" not in maps and "clang_rt.asan" not in maps


def _try_load(path):
    """A Library for ``path``, or raises OSError saying why not."""
    if _asan_runtime_missing(path):
        raise OSError("built with AddressSanitizer; preload its runtime (LD_PRELOAD) "
                      "to use it")
    try:
        cdll = ctypes.CDLL(path)
    except OSError as exc:
        raise OSError(str(exc) or "cannot load") from None
    lib = Library(cdll, path)
    problem = version_problem(lib.version_number)
    if problem:
        raise OSError(problem)
    return lib


def _build_tree_candidates(start):
    """``build*/src/libcsvc.so.1`` in ``start`` and its parents, nearest
    directory first; within one directory ``build/`` first, then by
    modification time, newest first."""
    found = []
    directory = os.path.abspath(start)
    while True:
        try:
            entries = sorted(os.listdir(directory))
        except OSError:
            entries = []
        here = []
        for entry in entries:
            if not entry.startswith("build"):
                continue
            candidate = os.path.join(directory, entry, "src", SONAME)
            if os.path.isfile(candidate):
                here.append(candidate)

        def rank(path):
            is_default = os.path.basename(os.path.dirname(os.path.dirname(path))) == "build"
            return (not is_default, -os.path.getmtime(path))

        found.extend(sorted(here, key=rank))
        parent = os.path.dirname(directory)
        if parent == directory:
            return found
        directory = parent


def load():
    """Loads the library by the documented search order."""
    attempts = []

    def attempt(label, path):
        try:
            return _try_load(path)
        except OSError as exc:
            attempts.append("%s %s: %s" % (label, path, exc))
            return None

    env = os.environ.get("CSVC_LIBRARY")
    if env:
        lib = attempt("CSVC_LIBRARY=", env)
        if lib:
            return lib
    else:
        attempts.append("CSVC_LIBRARY: not set")
        package_dir = os.path.dirname(os.path.abspath(__file__))
        candidates = _build_tree_candidates(package_dir)
        if not candidates:
            attempts.append("build tree: no build*/src/%s in %s or its parents"
                            % (SONAME, package_dir))
        for path in candidates:
            lib = attempt("build tree", path)
            if lib:
                return lib
        name = ctypes.util.find_library("csvc")
        if name is None:
            attempts.append("ctypes.util.find_library('csvc'): not found")
        else:
            lib = attempt("ctypes.util.find_library('csvc') ->", name)
            if lib:
                return lib
    lines = "\n  ".join(attempts)
    hint = ("set CSVC_LIBRARY to the path of %s, build the library (meson setup build "
            "&& ninja -C build), or install it" % SONAME)
    raise ImportError("cannot load libcsvc; tried:\n  %s\n%s" % (lines, hint))


lib = load()
