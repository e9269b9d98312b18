"""ctypes declarations of libcsvc, generated from the public headers by
bindings/python/gen_decls.py. Do not edit: change the headers and run it.

Every struct is mirrored field by field (enums are C int), handles are
opaque Structures used through pointers, and FUNCTIONS lists each exported
function as (name, restype, argtypes, returns_status), in header order.
"""

from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    c_char,
    c_char_p,
    c_double,
    c_int,
    c_int16,
    c_int32,
    c_int64,
    c_int8,
    c_size_t,
    c_uint16,
    c_uint32,
    c_uint64,
    c_uint8,
    c_void_p,
)


# ----------------------------------------------------------------------
# csvc/common.h
CSVC_OK = 0
CSVC_E_INVALID = -1
CSVC_E_NULL = -2
CSVC_E_NOMEM = -3
CSVC_E_NOTFOUND = -4
CSVC_E_EXISTS = -5
CSVC_E_TRANSITION = -6
CSVC_E_PARSE = -7
CSVC_E_IO = -8
CSVC_E_BUSY = -9
CSVC_E_CORRUPT = -10
CSVC_E_OVERFLOW = -11
CSVC_E_PERM = -12
CSVC_E_CONFLICT = -13
CSVC_E_VERSION = -14
CSVC_E_RANGE = -15
CSVC_E_ENCODING = -16
CSVC_E_TOOLONG = -17
CSVC_E_CONSTRAINT = -18
CSVC_E_TIME = -19
CSVC_E_CLOSED = -20
CSVC_E_UNSUPPORTED = -21
CSVC_VERSION_MAJOR = 0
CSVC_VERSION_MINOR = 8
CSVC_VERSION_PATCH = 0
CSVC_VERSION_STRING = "0.8.0"
CSVC_VERSION_NUMBER = 2048
csvc_status = c_int  # enum csvc_status
CSVC_ID_MAX = 64
CSVC_ALLOCATOR_VERSION = 1


class csvc_allocator(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("malloc_fn", CFUNCTYPE(c_void_p, c_size_t, c_void_p)),
        ("realloc_fn", CFUNCTYPE(c_void_p, c_void_p, c_size_t, c_void_p)),
        ("free_fn", CFUNCTYPE(None, c_void_p, c_void_p)),
        ("user_data", c_void_p),
    ]


class csvc_period(Structure):
    _fields_ = [
        ("start", c_int64),
        ("end", c_int64),
    ]


CSVC_UTC_OFFSET_MAX = 64800
CSVC_TIME_NONE = -9223372036854775808


class csvc_tz(Structure):
    """Opaque ``csvc_tz``; used through pointers only."""


CSVC_IMPORT_OPTIONS_VERSION = 2


class csvc_import_options(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("encoding", c_char_p),
        ("utc_offset", c_int32),
        ("time_zone", c_char_p),
    ]


# ----------------------------------------------------------------------
# csvc/calendar.h


class csvc_calendar(Structure):
    """Opaque ``csvc_calendar``; used through pointers only."""


CSVC_MONDAY = 0
CSVC_TUESDAY = 1
CSVC_WEDNESDAY = 2
CSVC_THURSDAY = 3
CSVC_FRIDAY = 4
CSVC_SATURDAY = 5
CSVC_SUNDAY = 6
csvc_weekday = c_int  # enum csvc_weekday


# ----------------------------------------------------------------------
# csvc/roster.h


class csvc_roster(Structure):
    """Opaque ``csvc_roster``; used through pointers only."""


CSVC_LEVEL_JUNIOR = 0
CSVC_LEVEL_SENIOR = 1
CSVC_LEVEL_EXPERT = 2
CSVC_LEVEL_SUPERVISOR = 3
CSVC_LEVEL_MANAGER = 4
csvc_level = c_int  # enum csvc_level
CSVC_LEVEL_COUNT = 5
CSVC_CATEGORY_INQUIRY = 0
CSVC_CATEGORY_ORDER_LOGISTICS = 1
CSVC_CATEGORY_RETURN_REFUND = 2
CSVC_CATEGORY_REPAIR_WARRANTY = 3
CSVC_CATEGORY_COMPLAINT = 4
CSVC_CATEGORY_TECHNICAL = 5
CSVC_CATEGORY_OTHER = 6
csvc_category = c_int  # enum csvc_category
CSVC_CATEGORY_COUNT = 7
CSVC_SKILLS_ALL = 127
CSVC_AGENT_INFO_VERSION = 1


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


CSVC_TEAM_INFO_VERSION = 1


class csvc_team_info(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("id", c_char_p),
        ("name", c_char_p),
        ("lead_id", c_char_p),
    ]


CSVC_SEPARATION_NONE = 0
CSVC_SEPARATION_RESIGNED = 1
CSVC_SEPARATION_DISMISSED = 2
CSVC_SEPARATION_TRANSFERRED_OUT = 3
CSVC_SEPARATION_OTHER = 4
csvc_separation_reason = c_int  # enum csvc_separation_reason
CSVC_EMPLOYMENT_FULL_TIME = 0
CSVC_EMPLOYMENT_PART_TIME = 1
CSVC_EMPLOYMENT_TEMPORARY = 2
csvc_employment = c_int  # enum csvc_employment
CSVC_EMPLOYMENT_COUNT = 3
CSVC_ATTRITION_VERSION = 1


class csvc_attrition(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("separations", c_int64),
        ("by_reason", c_int64 * 5),
        ("average_headcount", c_double),
        ("rate", c_double),
        ("annualised", c_double),
    ]


CSVC_ROSTER_TEAM_ADDED = 0
CSVC_ROSTER_TEAM_UPDATED = 1
CSVC_ROSTER_AGENT_ADDED = 2
CSVC_ROSTER_AGENT_UPDATED = 3
CSVC_ROSTER_IMPORTED = 4
csvc_roster_change = c_int  # enum csvc_roster_change
csvc_roster_change_fn = CFUNCTYPE(c_int, POINTER(csvc_roster), c_int, c_char_p, c_void_p)


# ----------------------------------------------------------------------
# csvc/desk.h


class csvc_desk(Structure):
    """Opaque ``csvc_desk``; used through pointers only."""


CSVC_CHANNEL_PHONE = 0
CSVC_CHANNEL_CHAT = 1
CSVC_CHANNEL_EMAIL = 2
CSVC_CHANNEL_WEB_FORM = 3
CSVC_CHANNEL_SOCIAL = 4
CSVC_CHANNEL_IN_STORE = 5
csvc_channel = c_int  # enum csvc_channel
CSVC_CHANNEL_COUNT = 6
CSVC_PRIORITY_LOW = 0
CSVC_PRIORITY_NORMAL = 1
CSVC_PRIORITY_HIGH = 2
CSVC_PRIORITY_URGENT = 3
csvc_priority = c_int  # enum csvc_priority
CSVC_PRIORITY_COUNT = 4
CSVC_STATE_NEW = 0
CSVC_STATE_ASSIGNED = 1
CSVC_STATE_IN_PROGRESS = 2
CSVC_STATE_PENDING = 3
CSVC_STATE_RESOLVED = 4
CSVC_STATE_CLOSED = 5
CSVC_STATE_CANCELLED = 6
csvc_ticket_state = c_int  # enum csvc_ticket_state
CSVC_STATE_COUNT = 7
CSVC_PEND_CUSTOMER = 0
CSVC_PEND_INTERNAL = 1
csvc_pend_reason = c_int  # enum csvc_pend_reason
CSVC_EVENT_CREATED = 0
CSVC_EVENT_ASSIGNED = 1
CSVC_EVENT_TRANSFERRED = 2
CSVC_EVENT_ESCALATED = 3
CSVC_EVENT_STARTED = 4
CSVC_EVENT_AGENT_REPLY = 5
CSVC_EVENT_CUSTOMER_REPLY = 6
CSVC_EVENT_INTERNAL_NOTE = 7
CSVC_EVENT_PENDED = 8
CSVC_EVENT_RESUMED = 9
CSVC_EVENT_RESOLVED = 10
CSVC_EVENT_CLOSED = 11
CSVC_EVENT_REOPENED = 12
CSVC_EVENT_RATED = 13
CSVC_EVENT_COMPLAINT = 14
CSVC_EVENT_CANCELLED = 15
csvc_event_type = c_int  # enum csvc_event_type
CSVC_EVENT_TYPE_COUNT = 16
CSVC_EVENT_VERSION = 1


class csvc_event(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("type", c_int),
        ("ticket_id", c_char_p),
        ("time", c_int64),
        ("actor_id", c_char_p),
        ("agent_id", c_char_p),
        ("team_id", c_char_p),
        ("customer_id", c_char_p),
        ("related_id", c_char_p),
        ("code", c_char_p),
        ("channel", c_int),
        ("category", c_int),
        ("priority", c_int),
        ("value", c_int32),
        ("seq", c_uint64),
    ]


CSVC_DESK_OPTIONS_VERSION = 1


class csvc_desk_options(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("allocator", POINTER(csvc_allocator)),
        ("reopen_window", c_int64),
        ("auto_close_after", c_int64),
        ("expected_tickets", c_size_t),
    ]


CSVC_PAUSE_PENDING_CUSTOMER = 0x1
CSVC_PAUSE_PENDING_INTERNAL = 0x2
CSVC_SLA_POLICY_VERSION = 1


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


CSVC_TICKET_SPEC_VERSION = 1


class csvc_ticket_spec(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("id", c_char_p),
        ("customer_id", c_char_p),
        ("channel", c_int),
        ("category", c_int),
        ("priority", c_int),
        ("team_id", c_char_p),
        ("created", c_int64),
    ]


csvc_event_fn = CFUNCTYPE(c_int, POINTER(csvc_event), c_void_p)
CSVC_TICKET_INFO_VERSION = 1


class csvc_ticket_info(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("id", c_char_p),
        ("customer_id", c_char_p),
        ("team_id", c_char_p),
        ("agent_id", c_char_p),
        ("related_id", c_char_p),
        ("channel", c_int),
        ("category", c_int),
        ("priority", c_int),
        ("state", c_int),
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


csvc_event_visit_fn = CFUNCTYPE(c_int, POINTER(csvc_event), c_void_p)
CSVC_SLA_STATUS_VERSION = 1


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


CSVC_ROUTE_ROUND_ROBIN = 0
CSVC_ROUTE_LEAST_LOADED = 1
CSVC_ROUTE_SKILL = 2
csvc_routing = c_int  # enum csvc_routing
CSVC_METRICS_VERSION = 1


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


CSVC_SCOPE_DESK = 0
CSVC_SCOPE_TEAM = 1
CSVC_SCOPE_AGENT = 2
csvc_scope = c_int  # enum csvc_scope
CSVC_METRICS_BY_NONE = 0
CSVC_METRICS_BY_CATEGORY = 1
CSVC_METRICS_BY_CHANNEL = 2
CSVC_METRICS_BY_PRIORITY = 3
csvc_metrics_by = c_int  # enum csvc_metrics_by
CSVC_METRICS_SLICE_VERSION = 1


class csvc_metrics_slice(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("categories", c_uint32),
        ("channels", c_uint32),
        ("priorities", c_uint32),
        ("by", c_int),
    ]


CSVC_OLA_TARGET_MAX = 2147483648
CSVC_HANDOFF_METRICS_VERSION = 1


class csvc_handoff_metrics(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("department", c_char_p),
        ("ola_target", c_int64),
        ("handoffs", c_int64),
        ("tickets", c_int64),
        ("wait_mean", c_double),
        ("wait_median", c_double),
        ("wait_p90", c_double),
        ("ola_met", c_int64),
        ("ola_breached", c_int64),
        ("ola_compliance", c_double),
        ("open", c_int64),
        ("open_overdue", c_int64),
        ("open_wait_max", c_double),
    ]


# ----------------------------------------------------------------------
# csvc/kpi.h


class csvc_kpi_model(Structure):
    """Opaque ``csvc_kpi_model``; used through pointers only."""


class csvc_kpi_review(Structure):
    """Opaque ``csvc_kpi_review``; used through pointers only."""


class csvc_kpi_results(Structure):
    """Opaque ``csvc_kpi_results``; used through pointers only."""


CSVC_DIM_QUALITY = 0
CSVC_DIM_EFFICIENCY = 1
CSVC_DIM_SKILL = 2
CSVC_DIM_TEAMWORK = 3
CSVC_DIM_INNOVATION = 4
csvc_kpi_dimension = c_int  # enum csvc_kpi_dimension
CSVC_KPI_DIMENSION_COUNT = 5
CSVC_RATER_SELF = 0
CSVC_RATER_PEER = 1
CSVC_RATER_SUPERVISOR = 2
CSVC_RATER_SUBORDINATE = 3
CSVC_RATER_CUSTOMER = 4
csvc_rater_group = c_int  # enum csvc_rater_group
CSVC_RATER_GROUP_COUNT = 5
CSVC_KPI_OBJECTIVE = 0
CSVC_KPI_RATED = 1
csvc_kpi_source = c_int  # enum csvc_kpi_source
CSVC_HIGHER_IS_BETTER = 0
CSVC_LOWER_IS_BETTER = 1
csvc_kpi_direction = c_int  # enum csvc_kpi_direction
CSVC_NORM_LINEAR = 0
CSVC_NORM_BANDS = 1
csvc_kpi_normalise = c_int  # enum csvc_kpi_normalise
CSVC_SCALE_1_5 = 0
CSVC_SCALE_0_100 = 1
csvc_rating_scale = c_int  # enum csvc_rating_scale
CSVC_AGG_MEAN = 0
CSVC_AGG_MEDIAN = 1
CSVC_AGG_TRIMMED_MEAN = 2
csvc_aggregation = c_int  # enum csvc_aggregation
CSVC_MISSING_RENORMALISE = 0
CSVC_MISSING_ZERO = 1
CSVC_MISSING_INCOMPLETE = 2
csvc_missing_policy = c_int  # enum csvc_missing_policy
CSVC_GRADE_LETTERS = 0
CSVC_GRADE_STARS = 1
csvc_grade_scheme = c_int  # enum csvc_grade_scheme
CSVC_RATER_GROUP_CONFIG_VERSION = 1


class csvc_rater_group_config(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("weight", c_double),
        ("aggregation", c_int),
        ("min_count", c_int32),
        ("anonymity", c_int32),
        ("missing", c_int),
    ]


class csvc_kpi_band(Structure):
    _fields_ = [
        ("threshold", c_double),
        ("points", c_double),
    ]


CSVC_KPI_BANDS_MAX = 32
CSVC_KPI_DEF_VERSION = 1


class csvc_kpi_def(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("id", c_char_p),
        ("name", c_char_p),
        ("dimension", c_int),
        ("weight", c_double),
        ("source", c_int),
        ("metric", c_char_p),
        ("direction", c_int),
        ("normalise", c_int),
        ("floor", c_double),
        ("target", c_double),
        ("bands", POINTER(csvc_kpi_band)),
        ("band_count", c_uint32),
        ("scale", c_int),
        ("group_weights", c_double * CSVC_RATER_GROUP_COUNT),
    ]


CSVC_KPI_GRADING_VERSION = 1


class csvc_kpi_grading(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("scheme", c_int),
        ("thresholds", c_double * 4),
        ("forced", c_int32),
        ("shares", c_double * 5),
    ]


CSVC_KPI_REVIEW_OPTIONS_VERSION = 1


class csvc_kpi_review_options(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("allocator", POINTER(csvc_allocator)),
        ("id", c_char_p),
    ]


CSVC_KPI_RATING_VERSION = 1


class csvc_kpi_rating(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("rater_id", c_char_p),
        ("ratee_id", c_char_p),
        ("kpi_id", c_char_p),
        ("group", c_int),
        ("value", c_double),
        ("time", c_int64),
    ]


CSVC_KPI_RATING_ADDED = 0
CSVC_KPI_RATING_REPLACED = 1
CSVC_KPI_RATINGS_IMPORTED = 2
CSVC_KPI_OBJECTIVES_SET = 3
CSVC_KPI_REVIEW_CLOSED = 4
csvc_kpi_review_change = c_int  # enum csvc_kpi_review_change
csvc_kpi_review_change_fn = CFUNCTYPE(
    c_int, POINTER(csvc_kpi_review), c_int, c_char_p, c_char_p, c_void_p)
CSVC_KPI_MISSING = 0x1
CSVC_KPI_INCOMPLETE = 0x2
CSVC_KPI_ZERO_FILLED = 0x4
CSVC_KPI_RENORMALISED = 0x8
CSVC_KPI_HIDDEN = 0x10
CSVC_KPI_BELOW_MIN = 0x20
CSVC_KPI_EXCLUDED = 0x40
CSVC_KPI_PARTIAL = 0x80
CSVC_KPI_AGENT_RESULT_VERSION = 1


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


CSVC_KPI_RESULT_VERSION = 1


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


CSVC_KPI_GROUP_RESULT_VERSION = 1


class csvc_kpi_group_result(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("flags", c_uint32),
        ("count", c_int64),
        ("aggregate", c_double),
        ("weight", c_double),
        ("weight_used", c_double),
    ]


# ----------------------------------------------------------------------
# csvc/incentive.h


class csvc_incentive_plan(Structure):
    """Opaque ``csvc_incentive_plan``; used through pointers only."""


class csvc_incentive_inputs(Structure):
    """Opaque ``csvc_incentive_inputs``; used through pointers only."""


class csvc_incentive_result(Structure):
    """Opaque ``csvc_incentive_result``; used through pointers only."""


CSVC_RULE_TIERED = 0
CSVC_RULE_TARGET = 1
CSVC_RULE_COMMISSION = 2
CSVC_RULE_METRIC_BONUS = 3
CSVC_RULE_DEDUCTION = 4
CSVC_RULE_POINTS = 5
CSVC_RULE_POOL = 6
CSVC_RULE_TITLE = 7
CSVC_RULE_AGENT_CAP = 8
CSVC_RULE_BUDGET_SCALE = 9
csvc_incentive_rule_kind = c_int  # enum csvc_incentive_rule_kind
CSVC_INCENTIVE_UNSET = -9223372036854775808


class csvc_incentive_plan_builder(Structure):
    """Opaque ``csvc_incentive_plan_builder``; used through pointers only."""


class csvc_incentive_bound(Structure):
    _fields_ = [
        ("metric", c_char_p),
        ("min", c_double),
        ("max", c_double),
    ]


class csvc_incentive_eligibility(Structure):
    _fields_ = [
        ("min_tenure_days", c_int32),
        ("exclude_probation", c_int32),
        ("active_on_last_day", c_int32),
        ("bounds", POINTER(csvc_incentive_bound)),
        ("nbounds", c_size_t),
    ]


CSVC_INCENTIVE_PLAN_INFO_VERSION = 1


class csvc_incentive_plan_info(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("id", c_char_p),
        ("plan_version", c_int32),
        ("currency", c_char_p),
        ("effective_from", c_char_p),
        ("effective_to", c_char_p),
        ("agent_cap_bp", c_int64),
        ("budget", c_int64),
        ("name", c_char_p),
        ("eligibility", POINTER(csvc_incentive_eligibility)),
    ]


class csvc_incentive_tier(Structure):
    _fields_ = [
        ("lower", c_double),
        ("upper", c_double),
        ("amount", c_int64),
        ("bp_of_base", c_int64),
        ("rate", c_int64),
    ]


class csvc_incentive_level(Structure):
    _fields_ = [
        ("achievement_bp", c_int64),
        ("payout_bp", c_int64),
    ]


class csvc_incentive_accelerator(Structure):
    _fields_ = [
        ("above", c_double),
        ("rate", c_int64),
    ]


CSVC_INCENTIVE_RULE_VERSION = 1


class csvc_incentive_rule(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("id", c_char_p),
        ("kind", c_int),
        ("metric", c_char_p),
        ("cap", c_int64),
        ("eligibility", POINTER(csvc_incentive_eligibility)),
        ("marginal", c_int32),
        ("tiers", POINTER(csvc_incentive_tier)),
        ("ntiers", c_size_t),
        ("target", c_double),
        ("levels", POINTER(csvc_incentive_level)),
        ("nlevels", c_size_t),
        ("step", c_int32),
        ("rate", c_int64),
        ("accelerators", POINTER(csvc_incentive_accelerator)),
        ("naccelerators", c_size_t),
        ("at_least", c_double),
        ("at_most", c_double),
        ("sample_metric", c_char_p),
        ("sample_at_least", c_double),
        ("amount", c_int64),
        ("bp", c_int64),
        ("per_unit", c_int64),
        ("floor", c_int64),
        ("points_per_unit", c_int64),
        ("weight_metric", c_char_p),
        ("title", c_char_p),
        ("top", c_int32),
        ("lowest_first", c_int32),
    ]


CSVC_INCENTIVE_AGENT_VERSION = 1


class csvc_incentive_agent(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("agent_id", c_char_p),
        ("team_id", c_char_p),
        ("base_pay", c_int64),
        ("currency", c_char_p),
        ("hire_date", c_int64),
        ("probation", c_int32),
        ("active_at_end", c_int32),
    ]


CSVC_INCENTIVE_STATEMENT_VERSION = 1


class csvc_incentive_statement(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("agent_id", c_char_p),
        ("team_id", c_char_p),
        ("base_pay", c_int64),
        ("total", c_int64),
        ("points", c_int64),
        ("eligible", c_int32),
        ("line_count", c_size_t),
    ]


CSVC_INCENTIVE_LINE_VERSION = 1


class csvc_incentive_line(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("rule_id", c_char_p),
        ("kind", c_int),
        ("amount", c_int64),
        ("points", c_int64),
        ("metric", c_char_p),
        ("value", c_double),
        ("tier", c_int32),
        ("rate", c_int64),
    ]


class csvc_points_ledger(Structure):
    """Opaque ``csvc_points_ledger``; used through pointers only."""


CSVC_POINTS_MAX = 1000000000000


# ----------------------------------------------------------------------
# csvc/staffing.h
CSVC_STAFFING_AGENTS_MAX = 1000000
CSVC_ERLANG_A_STATES_MAX = 10000000
CSVC_GOAL_SERVICE_LEVEL = 0x1
CSVC_GOAL_ASA = 0x2
CSVC_GOAL_ABANDON = 0x4
CSVC_GOAL_OCCUPANCY = 0x8
CSVC_STAFFING_OPTIONS_VERSION = 1


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


CSVC_ERLANG_RESULT_VERSION = 1


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


CSVC_STAFFING_RESULT_VERSION = 1


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


class csvc_staffing_plan(Structure):
    """Opaque ``csvc_staffing_plan``; used through pointers only."""


CSVC_STAFFING_FORECAST_OPTIONS_VERSION = 1


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


CSVC_DAY_MON = 0x1
CSVC_DAY_TUE = 0x2
CSVC_DAY_WED = 0x4
CSVC_DAY_THU = 0x8
CSVC_DAY_FRI = 0x10
CSVC_DAY_SAT = 0x20
CSVC_DAY_SUN = 0x40
CSVC_DAYS_WEEKDAYS = 0x1F
CSVC_DAYS_ALL = 0x7F
CSVC_STAFFING_SHIFT_VERSION = 1


class csvc_staffing_shift(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("start_minute", c_int32),
        ("length_minutes", c_int32),
        ("days", c_uint32),
        ("heads", c_uint32),
    ]


CSVC_STAFFING_INTERVAL_VERSION = 1


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


CSVC_STAFFING_SUMMARY_VERSION = 1


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


CSVC_SHIFT_TEMPLATE_VERSION = 1


class csvc_shift_template(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("id", c_char_p),
        ("start_minute", c_int32),
        ("length_minutes", c_int32),
        ("days", c_uint32),
        ("break_minutes", c_int32),
        ("break_earliest", c_int32),
        ("break_latest", c_int32),
        ("min_heads", c_uint32),
        ("max_heads", c_uint32),
        ("employment", c_int),
        ("cost_per_hour", c_int64),
    ]


CSVC_SHIFT_COST_MAX = 1000000000
CSVC_GENERATE_OPTIONS_VERSION = 1


class csvc_generate_options(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("soft", c_int32),
        ("shortfall_penalty", c_int64),
        ("max_total_heads", c_uint32),
        ("budget", c_int64),
        ("limit_available", c_int32),
        ("available", c_uint32 * CSVC_EMPLOYMENT_COUNT),
        ("time_limit", c_double),
        ("mip_gap", c_double),
    ]


CSVC_SCHEDULE_OPTIMAL = 0
CSVC_SCHEDULE_TIME_LIMIT = 1
CSVC_SCHEDULE_INFEASIBLE = 2
CSVC_SCHEDULE_NO_SOLUTION = 3
csvc_schedule_status = c_int  # enum csvc_schedule_status
CSVC_LIMIT_NONE = 0
CSVC_LIMIT_NO_TEMPLATE = 1
CSVC_LIMIT_MAX_HEADS = 2
CSVC_LIMIT_TOTAL_HEADS = 3
CSVC_LIMIT_BUDGET = 4
CSVC_LIMIT_AVAILABLE = 5
CSVC_LIMIT_COMBINED = 6
csvc_schedule_limit = c_int  # enum csvc_schedule_limit


class csvc_staffing_schedule(Structure):
    """Opaque ``csvc_staffing_schedule``; used through pointers only."""


CSVC_SCHEDULE_SUMMARY_VERSION = 1


class csvc_schedule_summary(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("status", c_int),
        ("limit", c_int),
        ("limit_type", c_int),
        ("limit_interval", c_int64),
        ("gap", c_double),
        ("cost", c_int64),
        ("objective", c_double),
        ("heads", c_uint32),
        ("heads_by_type", c_uint32 * CSVC_EMPLOYMENT_COUNT),
        ("required_hours", c_double),
        ("covered_hours", c_double),
        ("shortfall_hours", c_double),
        ("overstaffing_hours", c_double),
        ("intervals_short", c_uint32),
        ("seconds", c_double),
    ]


CSVC_SCHEDULE_SHIFT_VERSION = 1


class csvc_schedule_shift(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("template_index", c_size_t),
        ("template_id", c_char_p),
        ("break_offset", c_int32),
        ("heads", c_uint32),
        ("cost", c_int64),
    ]


CSVC_SCHEDULE_INTERVAL_VERSION = 1


class csvc_schedule_interval(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("start_minute", c_int32),
        ("required", c_uint32),
        ("covered", c_double),
        ("shortfall", c_double),
        ("overstaffing", c_double),
    ]


CSVC_RECRUITMENT_VERSION = 1


class csvc_recruitment(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("required", c_uint32 * CSVC_EMPLOYMENT_COUNT),
        ("available", c_uint32 * CSVC_EMPLOYMENT_COUNT),
        ("gap", c_uint32 * CSVC_EMPLOYMENT_COUNT),
        ("surplus", c_uint32 * CSVC_EMPLOYMENT_COUNT),
        ("total_gap", c_uint32),
    ]


# ----------------------------------------------------------------------
# csvc/training.h


class csvc_training(Structure):
    """Opaque ``csvc_training``; used through pointers only."""


CSVC_COURSE_ONBOARDING = 0
CSVC_COURSE_PRODUCT = 1
CSVC_COURSE_PLATFORM = 2
CSVC_COURSE_COMMUNICATION = 3
CSVC_COURSE_COMPLAINTS = 4
CSVC_COURSE_COMPLIANCE = 5
CSVC_COURSE_ADVANCED = 6
CSVC_COURSE_MANAGEMENT = 7
CSVC_COURSE_NEW_PRODUCT = 8
csvc_course_kind = c_int  # enum csvc_course_kind
CSVC_DELIVERY_INTERNAL = 0
CSVC_DELIVERY_EXTERNAL = 1
CSVC_DELIVERY_ONLINE = 2
CSVC_DELIVERY_ONSITE = 3
CSVC_DELIVERY_MENTORING = 4
csvc_delivery = c_int  # enum csvc_delivery
CSVC_TRAINING_OPTIONS_VERSION = 1


class csvc_training_options(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("utc_offset", c_int32),
        ("horizons", c_int32 * 8),
    ]


CSVC_COURSE_VERSION = 1


class csvc_course(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("id", c_char_p),
        ("title", c_char_p),
        ("kind", c_int),
        ("delivery", c_int),
        ("minutes", c_int32),
        ("passing_score", c_int32),
        ("validity_months", c_int32),
        ("dimensions", c_uint32),
        ("prerequisites", POINTER(c_char_p)),
        ("nprerequisites", c_size_t),
    ]


CSVC_TRIGGER_START = 0
CSVC_TRIGGER_HIRE = 1
CSVC_TRIGGER_LAUNCH = 2
CSVC_TRIGGER_PROMOTION = 3
csvc_trigger = c_int  # enum csvc_trigger
CSVC_RECUR_NONE = 0
CSVC_RECUR_AFTER_COMPLETION = 1
CSVC_RECUR_ANCHORED = 2
csvc_recurrence = c_int  # enum csvc_recurrence
CSVC_REQUIREMENT_VERSION = 1


class csvc_requirement(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("id", c_char_p),
        ("course_id", c_char_p),
        ("level", c_int32),
        ("team_id", c_char_p),
        ("trigger", c_int),
        ("start", c_int64),
        ("due_days", c_int32),
        ("recurrence", c_int),
        ("every_months", c_int32),
        ("anchor_month", c_int32),
        ("anchor_day", c_int32),
        ("anchor_weekday", c_int32),
    ]


CSVC_TRAINING_NO_SCORE = -1
CSVC_TRAINING_SESSION_VERSION = 1


class csvc_training_session(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("id", c_char_p),
        ("course_id", c_char_p),
        ("start", c_int64),
        ("trainer", c_char_p),
        ("capacity", c_int32),
    ]


CSVC_TRAINING_EFFECT_VERSION = 1


class csvc_training_effect(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("enrolled", c_size_t),
        ("attended", c_size_t),
        ("completions", c_size_t),
        ("passed", c_size_t),
        ("pass_rate", c_double),
        ("n_satisfaction", c_size_t),
        ("satisfaction", c_double),
        ("n_gain", c_size_t),
        ("gain", c_double),
    ]


CSVC_TRAINING_KPI_EFFECT_VERSION = 1


class csvc_training_kpi_effect(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("agents", c_size_t),
        ("dimensions", c_double * CSVC_KPI_DIMENSION_COUNT),
        ("composite", c_double),
    ]


CSVC_ITEM_CURRENT = 0
CSVC_ITEM_EXPIRING = 1
CSVC_ITEM_EXPIRED = 2
CSVC_ITEM_DUE = 3
CSVC_ITEM_OVERDUE = 4
csvc_item_state = c_int  # enum csvc_item_state
CSVC_ITEM_STATUS_VERSION = 1


class csvc_item_status(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("agent_id", c_char_p),
        ("requirement_id", c_char_p),
        ("course_id", c_char_p),
        ("state", c_int),
        ("due", c_int64),
        ("completed", c_int64),
        ("valid_until", c_int64),
        ("horizon", c_int32),
    ]


class csvc_training_report(Structure):
    """Opaque ``csvc_training_report``; used through pointers only."""


CSVC_PROMOTION_RULE_VERSION = 1


class csvc_promotion_rule(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("to", c_int),
        ("min_grade", c_int32),
        ("reviews", c_int32),
        ("min_tenure_days", c_int32),
    ]


# ----------------------------------------------------------------------
# csvc/store.h


class csvc_store(Structure):
    """Opaque ``csvc_store``; used through pointers only."""


CSVC_SYNC_NORMAL = 1
CSVC_SYNC_FULL = 2
csvc_sync_mode = c_int  # enum csvc_sync_mode
CSVC_STORE_SCHEMA_VERSION = 7
CSVC_STORE_HASH_SIZE = 32
CSVC_STORE_OPTIONS_VERSION = 2


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


# name, restype, argtypes, returns csvc_status
FUNCTIONS = (
    ("csvc_version", c_char_p, (), False),
    ("csvc_version_number", c_uint32, (), False),
    ("csvc_status_str", c_char_p, (c_int,), False),
    ("csvc_status_name", c_char_p, (c_int,), False),
    ("csvc_last_errmsg", c_char_p, (), False),
    ("csvc_id_check", c_int, (c_char_p,), True),
    ("csvc_free", None, (c_void_p,), False),
    ("csvc_money_add", c_int, (c_int64, c_int64, POINTER(c_int64),), True),
    ("csvc_money_sub", c_int, (c_int64, c_int64, POINTER(c_int64),), True),
    ("csvc_money_mul", c_int, (c_int64, c_int64, POINTER(c_int64),), True),
    ("csvc_money_percent_bp", c_int, (c_int64, c_int64, POINTER(c_int64),), True),
    ("csvc_money_muldiv", c_int, (c_int64, c_int64, c_int64, POINTER(c_int64),), True),
    ("csvc_money_split", c_int, (
        c_int64,
        POINTER(c_int64),
        POINTER(c_char_p),
        c_size_t,
        POINTER(c_int64),
    ), True),
    ("csvc_money_split_weighted", c_int, (
        c_int64,
        POINTER(c_double),
        POINTER(c_char_p),
        c_size_t,
        POINTER(c_int64),
    ), True),
    ("csvc_money_format", c_int, (c_int64, c_uint32, c_char_p, c_size_t,), True),
    ("csvc_money_parse", c_int, (c_char_p, c_uint32, POINTER(c_int64),), True),
    ("csvc_period_make", c_int, (c_int64, c_int64, POINTER(csvc_period),), True),
    ("csvc_period_contains", c_int, (POINTER(csvc_period), c_int64,), False),
    ("csvc_period_overlaps", c_int, (POINTER(csvc_period), POINTER(csvc_period),), False),
    ("csvc_period_month", c_int, (c_int64, c_int32, POINTER(csvc_period),), True),
    ("csvc_period_quarter", c_int, (c_int64, c_int32, POINTER(csvc_period),), True),
    ("csvc_period_of_month", c_int, (c_int32, c_int32, c_int32, POINTER(csvc_period),), True),
    ("csvc_period_of_quarter", c_int, (c_int32, c_int32, c_int32, POINTER(csvc_period),), True),
    ("csvc_date_make", c_int, (c_int32, c_int32, c_int32, c_int32, POINTER(c_int64),), True),
    ("csvc_date_split", c_int, (
        c_int64,
        c_int32,
        POINTER(c_int32),
        POINTER(c_int32),
        POINTER(c_int32),
    ), True),
    ("csvc_time_parse", c_int, (c_char_p, POINTER(c_int64),), True),
    ("csvc_time_format", c_int, (c_int64, c_char_p, c_size_t,), True),
    ("csvc_tz_open", c_int, (c_char_p, POINTER(csvc_allocator), POINTER(POINTER(csvc_tz)),), True),
    ("csvc_tz_free", None, (POINTER(csvc_tz),), False),
    ("csvc_tz_name", c_char_p, (POINTER(csvc_tz),), False),
    ("csvc_tz_offset_at", c_int, (POINTER(csvc_tz), c_int64, POINTER(c_int32),), True),
    ("csvc_tz_local_time", c_int, (
        POINTER(csvc_tz),
        c_int32,
        c_int32,
        c_int32,
        c_int32,
        POINTER(c_int64),
    ), True),
    ("csvc_period_month_tz", c_int, (c_int64, POINTER(csvc_tz), POINTER(csvc_period),), True),
    ("csvc_period_quarter_tz", c_int, (c_int64, POINTER(csvc_tz), POINTER(csvc_period),), True),
    ("csvc_period_of_month_tz", c_int, (
        c_int32,
        c_int32,
        POINTER(csvc_tz),
        POINTER(csvc_period),
    ), True),
    ("csvc_period_of_quarter_tz", c_int, (
        c_int32,
        c_int32,
        POINTER(csvc_tz),
        POINTER(csvc_period),
    ), True),
    ("csvc_import_options_init", None, (POINTER(csvc_import_options),), False),
    ("csvc_calendar_new", c_int, (
        POINTER(csvc_allocator),
        c_int32,
        POINTER(POINTER(csvc_calendar)),
    ), True),
    ("csvc_calendar_new_tz", c_int, (
        POINTER(csvc_allocator),
        c_char_p,
        POINTER(POINTER(csvc_calendar)),
    ), True),
    ("csvc_calendar_free", None, (POINTER(csvc_calendar),), False),
    ("csvc_calendar_errmsg", c_char_p, (POINTER(csvc_calendar),), False),
    ("csvc_calendar_clone", c_int, (
        POINTER(csvc_calendar),
        POINTER(POINTER(csvc_calendar)),
    ), True),
    ("csvc_calendar_add_hours", c_int, (POINTER(csvc_calendar), c_int, c_int32, c_int32,), True),
    ("csvc_calendar_add_holiday", c_int, (
        POINTER(csvc_calendar),
        c_int32,
        c_int32,
        c_int32,
    ), True),
    ("csvc_calendar_week_seconds", c_int64, (POINTER(csvc_calendar),), False),
    ("csvc_calendar_utc_offset", c_int32, (POINTER(csvc_calendar),), False),
    ("csvc_calendar_time_zone", c_char_p, (POINTER(csvc_calendar),), False),
    ("csvc_calendar_offset_at", c_int, (POINTER(csvc_calendar), c_int64, POINTER(c_int32),), True),
    ("csvc_calendar_business_seconds", c_int, (
        POINTER(csvc_calendar),
        c_int64,
        c_int64,
        POINTER(c_int64),
    ), True),
    ("csvc_calendar_add_business", c_int, (
        POINTER(csvc_calendar),
        c_int64,
        c_int64,
        POINTER(c_int64),
    ), True),
    ("csvc_calendar_is_open", c_int, (POINTER(csvc_calendar), c_int64, POINTER(c_int),), True),
    ("csvc_level_name", c_char_p, (c_int,), False),
    ("csvc_level_parse", c_int, (c_char_p, POINTER(c_int),), True),
    ("csvc_category_name", c_char_p, (c_int,), False),
    ("csvc_category_parse", c_int, (c_char_p, POINTER(c_int),), True),
    ("csvc_agent_info_init", None, (POINTER(csvc_agent_info),), False),
    ("csvc_team_info_init", None, (POINTER(csvc_team_info),), False),
    ("csvc_roster_new", c_int, (POINTER(csvc_allocator), POINTER(POINTER(csvc_roster)),), True),
    ("csvc_roster_free", None, (POINTER(csvc_roster),), False),
    ("csvc_roster_errmsg", c_char_p, (POINTER(csvc_roster),), False),
    ("csvc_roster_add_team", c_int, (POINTER(csvc_roster), POINTER(csvc_team_info),), True),
    ("csvc_roster_update_team", c_int, (POINTER(csvc_roster), POINTER(csvc_team_info),), True),
    ("csvc_roster_get_team", c_int, (
        POINTER(csvc_roster),
        c_char_p,
        POINTER(csvc_team_info),
    ), True),
    ("csvc_roster_team_count", c_size_t, (POINTER(csvc_roster),), False),
    ("csvc_roster_team_at", c_int, (
        POINTER(csvc_roster),
        c_size_t,
        POINTER(csvc_team_info),
    ), True),
    ("csvc_roster_add_agent", c_int, (POINTER(csvc_roster), POINTER(csvc_agent_info),), True),
    ("csvc_roster_update_agent", c_int, (POINTER(csvc_roster), POINTER(csvc_agent_info),), True),
    ("csvc_roster_deactivate_agent", c_int, (POINTER(csvc_roster), c_char_p,), True),
    ("csvc_separation_reason_name", c_char_p, (c_int,), False),
    ("csvc_separation_reason_parse", c_int, (c_char_p, POINTER(c_int),), True),
    ("csvc_roster_separate_agent", c_int, (POINTER(csvc_roster), c_char_p, c_int64, c_int,), True),
    ("csvc_roster_agent_separation", c_int, (
        POINTER(csvc_roster),
        c_char_p,
        POINTER(c_int64),
        POINTER(c_int),
    ), True),
    ("csvc_employment_name", c_char_p, (c_int,), False),
    ("csvc_employment_parse", c_int, (c_char_p, POINTER(c_int),), True),
    ("csvc_roster_set_employment", c_int, (
        POINTER(csvc_roster),
        c_char_p,
        c_int,
        c_double,
    ), True),
    ("csvc_roster_agent_employment", c_int, (
        POINTER(csvc_roster),
        c_char_p,
        POINTER(c_int),
        POINTER(c_double),
    ), True),
    ("csvc_roster_attrition", c_int, (
        POINTER(csvc_roster),
        c_char_p,
        POINTER(csvc_period),
        POINTER(csvc_attrition),
    ), True),
    ("csvc_roster_get_agent", c_int, (
        POINTER(csvc_roster),
        c_char_p,
        POINTER(csvc_agent_info),
    ), True),
    ("csvc_roster_agent_count", c_size_t, (POINTER(csvc_roster),), False),
    ("csvc_roster_agent_at", c_int, (
        POINTER(csvc_roster),
        c_size_t,
        POINTER(csvc_agent_info),
    ), True),
    ("csvc_roster_agent_index", c_int, (POINTER(csvc_roster), c_char_p, POINTER(c_size_t),), True),
    ("csvc_roster_direct_reports", c_int, (
        POINTER(csvc_roster),
        c_char_p,
        POINTER(c_char_p),
        c_size_t,
        POINTER(c_size_t),
    ), True),
    ("csvc_roster_reports_to", c_int, (
        POINTER(csvc_roster),
        c_char_p,
        c_char_p,
        POINTER(c_int),
    ), True),
    ("csvc_roster_headcount", c_int, (
        POINTER(csvc_roster),
        c_char_p,
        c_int,
        c_int,
        POINTER(c_size_t),
    ), True),
    ("csvc_roster_set_change_callback", c_int, (
        POINTER(csvc_roster),
        csvc_roster_change_fn,
        c_void_p,
    ), True),
    ("csvc_roster_import_csv", c_int, (POINTER(csvc_roster), c_char_p,), True),
    ("csvc_roster_import_csv_buffer", c_int, (POINTER(csvc_roster), c_char_p, c_size_t,), True),
    ("csvc_roster_import_csv_opts", c_int, (
        POINTER(csvc_roster),
        c_char_p,
        POINTER(csvc_import_options),
    ), True),
    ("csvc_roster_import_csv_buffer_opts", c_int, (
        POINTER(csvc_roster),
        c_char_p,
        c_size_t,
        POINTER(csvc_import_options),
    ), True),
    ("csvc_roster_export_csv", c_int, (POINTER(csvc_roster), c_char_p,), True),
    ("csvc_roster_export_csv_buffer", c_int, (
        POINTER(csvc_roster),
        POINTER(c_void_p),
        POINTER(c_size_t),
    ), True),
    ("csvc_channel_name", c_char_p, (c_int,), False),
    ("csvc_channel_parse", c_int, (c_char_p, POINTER(c_int),), True),
    ("csvc_priority_name", c_char_p, (c_int,), False),
    ("csvc_priority_parse", c_int, (c_char_p, POINTER(c_int),), True),
    ("csvc_state_name", c_char_p, (c_int,), False),
    ("csvc_state_parse", c_int, (c_char_p, POINTER(c_int),), True),
    ("csvc_event_type_name", c_char_p, (c_int,), False),
    ("csvc_event_type_parse", c_int, (c_char_p, POINTER(c_int),), True),
    ("csvc_event_init", None, (POINTER(csvc_event),), False),
    ("csvc_desk_options_init", None, (POINTER(csvc_desk_options),), False),
    ("csvc_desk_new", c_int, (
        POINTER(csvc_roster),
        POINTER(csvc_desk_options),
        POINTER(POINTER(csvc_desk)),
    ), True),
    ("csvc_desk_free", None, (POINTER(csvc_desk),), False),
    ("csvc_desk_errmsg", c_char_p, (POINTER(csvc_desk),), False),
    ("csvc_desk_roster", POINTER(csvc_roster), (POINTER(csvc_desk),), False),
    ("csvc_desk_set_reopen_policy", c_int, (
        POINTER(csvc_desk),
        c_char_p,
        c_int64,
        c_int64,
    ), True),
    ("csvc_desk_set_calendar", c_int, (
        POINTER(csvc_desk),
        c_char_p,
        POINTER(csvc_calendar),
    ), True),
    ("csvc_desk_calendar_offset", c_int, (POINTER(csvc_desk), c_char_p, POINTER(c_int32),), True),
    ("csvc_sla_policy_init", None, (POINTER(csvc_sla_policy),), False),
    ("csvc_desk_add_sla_policy", c_int, (POINTER(csvc_desk), POINTER(csvc_sla_policy),), True),
    ("csvc_desk_load_config_json", c_int, (POINTER(csvc_desk), c_char_p,), True),
    ("csvc_desk_load_config_json_buffer", c_int, (POINTER(csvc_desk), c_char_p, c_size_t,), True),
    ("csvc_desk_apply", c_int, (POINTER(csvc_desk), POINTER(csvc_event),), True),
    ("csvc_ticket_spec_init", None, (POINTER(csvc_ticket_spec),), False),
    ("csvc_desk_create", c_int, (POINTER(csvc_desk), POINTER(csvc_ticket_spec),), True),
    ("csvc_desk_assign", c_int, (POINTER(csvc_desk), c_char_p, c_char_p, c_int64,), True),
    ("csvc_desk_start", c_int, (POINTER(csvc_desk), c_char_p, c_int64,), True),
    ("csvc_desk_agent_reply", c_int, (POINTER(csvc_desk), c_char_p, c_char_p, c_int64,), True),
    ("csvc_desk_customer_reply", c_int, (POINTER(csvc_desk), c_char_p, c_int64,), True),
    ("csvc_desk_note", c_int, (POINTER(csvc_desk), c_char_p, c_char_p, c_int64,), True),
    ("csvc_desk_pend", c_int, (POINTER(csvc_desk), c_char_p, c_int, c_int64,), True),
    ("csvc_desk_pend_internal", c_int, (POINTER(csvc_desk), c_char_p, c_char_p, c_int64,), True),
    ("csvc_desk_resume", c_int, (POINTER(csvc_desk), c_char_p, c_int64,), True),
    ("csvc_desk_resolve", c_int, (POINTER(csvc_desk), c_char_p, c_char_p, c_int, c_int64,), True),
    ("csvc_desk_close", c_int, (POINTER(csvc_desk), c_char_p, c_int64,), True),
    ("csvc_desk_reopen", c_int, (POINTER(csvc_desk), c_char_p, c_int64,), True),
    ("csvc_desk_follow_up", c_int, (
        POINTER(csvc_desk),
        c_char_p,
        c_char_p,
        c_int64,
        POINTER(c_int),
    ), True),
    ("csvc_desk_transfer", c_int, (
        POINTER(csvc_desk),
        c_char_p,
        c_char_p,
        c_char_p,
        c_int64,
    ), True),
    ("csvc_desk_escalate", c_int, (POINTER(csvc_desk), c_char_p, c_char_p, c_int64,), True),
    ("csvc_desk_cancel", c_int, (POINTER(csvc_desk), c_char_p, c_char_p, c_int64,), True),
    ("csvc_desk_rate", c_int, (POINTER(csvc_desk), c_char_p, c_int32, c_int64,), True),
    ("csvc_desk_complaint", c_int, (POINTER(csvc_desk), c_char_p, c_int64,), True),
    ("csvc_desk_auto_close", c_int, (POINTER(csvc_desk), c_int64, POINTER(c_size_t),), True),
    ("csvc_desk_set_event_callback", c_int, (POINTER(csvc_desk), csvc_event_fn, c_void_p,), True),
    ("csvc_desk_get_ticket", c_int, (
        POINTER(csvc_desk),
        c_char_p,
        POINTER(csvc_ticket_info),
    ), True),
    ("csvc_desk_ticket_count", c_size_t, (POINTER(csvc_desk),), False),
    ("csvc_desk_ticket_at", c_int, (
        POINTER(csvc_desk),
        c_size_t,
        POINTER(csvc_ticket_info),
    ), True),
    ("csvc_desk_event_count", c_uint64, (POINTER(csvc_desk),), False),
    ("csvc_desk_event_at", c_int, (POINTER(csvc_desk), c_uint64, POINTER(csvc_event),), True),
    ("csvc_desk_foreach_event", c_int, (
        POINTER(csvc_desk),
        c_char_p,
        POINTER(csvc_period),
        csvc_event_visit_fn,
        c_void_p,
    ), True),
    ("csvc_desk_checksum", c_int, (POINTER(csvc_desk), POINTER(c_uint64),), True),
    ("csvc_desk_ticket_state_size", c_size_t, (), False),
    ("csvc_sla_status_init", None, (POINTER(csvc_sla_status),), False),
    ("csvc_desk_sla", c_int, (
        POINTER(csvc_desk),
        c_char_p,
        c_int64,
        POINTER(csvc_sla_status),
    ), True),
    ("csvc_desk_dispatch_queue", c_int, (
        POINTER(csvc_desk),
        c_int64,
        c_int64,
        POINTER(c_char_p),
        c_size_t,
        POINTER(c_size_t),
    ), True),
    ("csvc_desk_breached", c_int, (
        POINTER(csvc_desk),
        c_int64,
        POINTER(c_char_p),
        c_size_t,
        POINTER(c_size_t),
    ), True),
    ("csvc_desk_route", c_int, (POINTER(csvc_desk), c_char_p, c_int, POINTER(c_char_p),), True),
    ("csvc_desk_route_assign", c_int, (
        POINTER(csvc_desk),
        c_char_p,
        c_int,
        c_int64,
        POINTER(c_char_p),
    ), True),
    ("csvc_desk_metrics", c_int, (
        POINTER(csvc_desk),
        c_int,
        c_char_p,
        POINTER(csvc_period),
        POINTER(csvc_metrics),
    ), True),
    ("csvc_desk_metrics_all_agents", c_int, (
        POINTER(csvc_desk),
        POINTER(csvc_period),
        POINTER(csvc_metrics),
        c_size_t,
    ), True),
    ("csvc_metrics_slice_init", None, (POINTER(csvc_metrics_slice),), False),
    ("csvc_desk_metrics_sliced", c_int, (
        POINTER(csvc_desk),
        c_int,
        c_char_p,
        POINTER(csvc_period),
        POINTER(csvc_metrics_slice),
        POINTER(csvc_metrics),
        c_size_t,
    ), True),
    ("csvc_desk_metrics_all_agents_sliced", c_int, (
        POINTER(csvc_desk),
        POINTER(csvc_period),
        POINTER(csvc_metrics_slice),
        POINTER(csvc_metrics),
        c_size_t,
    ), True),
    ("csvc_metrics_day_count", c_int, (POINTER(csvc_period), c_int32, POINTER(c_size_t),), True),
    ("csvc_desk_metrics_daily", c_int, (
        POINTER(csvc_desk),
        c_int,
        c_char_p,
        POINTER(csvc_period),
        c_int32,
        POINTER(csvc_metrics_slice),
        POINTER(csvc_metrics),
        c_size_t,
    ), True),
    ("csvc_desk_set_ola", c_int, (POINTER(csvc_desk), c_char_p, c_int64,), True),
    ("csvc_desk_ola", c_int, (POINTER(csvc_desk), c_char_p, POINTER(c_int64),), True),
    ("csvc_desk_handoff_metrics", c_int, (
        POINTER(csvc_desk),
        POINTER(csvc_period),
        POINTER(csvc_handoff_metrics),
        c_size_t,
        POINTER(c_size_t),
    ), True),
    ("csvc_desk_import_events_csv", c_int, (POINTER(csvc_desk), c_char_p,), True),
    ("csvc_desk_import_events_csv_buffer", c_int, (POINTER(csvc_desk), c_char_p, c_size_t,), True),
    ("csvc_desk_import_events_csv_opts", c_int, (
        POINTER(csvc_desk),
        c_char_p,
        POINTER(csvc_import_options),
    ), True),
    ("csvc_desk_import_events_csv_buffer_opts", c_int, (
        POINTER(csvc_desk),
        c_char_p,
        c_size_t,
        POINTER(csvc_import_options),
    ), True),
    ("csvc_desk_import_tickets_csv", c_int, (POINTER(csvc_desk), c_char_p,), True),
    ("csvc_desk_import_tickets_csv_buffer", c_int, (
        POINTER(csvc_desk),
        c_char_p,
        c_size_t,
    ), True),
    ("csvc_desk_import_tickets_csv_opts", c_int, (
        POINTER(csvc_desk),
        c_char_p,
        POINTER(csvc_import_options),
    ), True),
    ("csvc_desk_import_tickets_csv_buffer_opts", c_int, (
        POINTER(csvc_desk),
        c_char_p,
        c_size_t,
        POINTER(csvc_import_options),
    ), True),
    ("csvc_desk_export_events_csv", c_int, (POINTER(csvc_desk), c_char_p,), True),
    ("csvc_kpi_dimension_name", c_char_p, (c_int,), False),
    ("csvc_kpi_dimension_parse", c_int, (c_char_p, POINTER(c_int),), True),
    ("csvc_rater_group_name", c_char_p, (c_int,), False),
    ("csvc_rater_group_parse", c_int, (c_char_p, POINTER(c_int),), True),
    ("csvc_kpi_metric_name", c_char_p, (c_size_t,), False),
    ("csvc_rater_group_config_init", None, (POINTER(csvc_rater_group_config),), False),
    ("csvc_kpi_def_init", None, (POINTER(csvc_kpi_def),), False),
    ("csvc_kpi_grading_init", None, (POINTER(csvc_kpi_grading),), False),
    ("csvc_kpi_model_new", c_int, (
        POINTER(csvc_allocator),
        c_char_p,
        POINTER(POINTER(csvc_kpi_model)),
    ), True),
    ("csvc_kpi_model_free", None, (POINTER(csvc_kpi_model),), False),
    ("csvc_kpi_model_errmsg", c_char_p, (POINTER(csvc_kpi_model),), False),
    ("csvc_kpi_model_version", c_char_p, (POINTER(csvc_kpi_model),), False),
    ("csvc_kpi_model_set_group", c_int, (
        POINTER(csvc_kpi_model),
        c_int,
        POINTER(csvc_rater_group_config),
    ), True),
    ("csvc_kpi_model_get_group", c_int, (
        POINTER(csvc_kpi_model),
        c_int,
        POINTER(csvc_rater_group_config),
    ), True),
    ("csvc_kpi_model_add_kpi", c_int, (POINTER(csvc_kpi_model), POINTER(csvc_kpi_def),), True),
    ("csvc_kpi_model_kpi_count", c_size_t, (POINTER(csvc_kpi_model),), False),
    ("csvc_kpi_model_kpi_at", c_int, (
        POINTER(csvc_kpi_model),
        c_size_t,
        POINTER(csvc_kpi_def),
    ), True),
    ("csvc_kpi_model_find_kpi", c_int, (
        POINTER(csvc_kpi_model),
        c_char_p,
        POINTER(c_size_t),
    ), True),
    ("csvc_kpi_model_set_grading", c_int, (
        POINTER(csvc_kpi_model),
        POINTER(csvc_kpi_grading),
    ), True),
    ("csvc_kpi_model_get_grading", c_int, (
        POINTER(csvc_kpi_model),
        POINTER(csvc_kpi_grading),
    ), True),
    ("csvc_kpi_model_set_calibration", c_int, (POINTER(csvc_kpi_model), c_int32,), True),
    ("csvc_kpi_model_calibration", c_int32, (POINTER(csvc_kpi_model),), False),
    ("csvc_kpi_model_set_fold_hidden", c_int, (POINTER(csvc_kpi_model), c_int32,), True),
    ("csvc_kpi_model_fold_hidden", c_int32, (POINTER(csvc_kpi_model),), False),
    ("csvc_kpi_model_load_json", c_int, (
        c_char_p,
        POINTER(csvc_allocator),
        POINTER(POINTER(csvc_kpi_model)),
    ), True),
    ("csvc_kpi_model_load_json_buffer", c_int, (
        c_char_p,
        c_size_t,
        POINTER(csvc_allocator),
        POINTER(POINTER(csvc_kpi_model)),
    ), True),
    ("csvc_kpi_model_export_json_buffer", c_int, (
        POINTER(csvc_kpi_model),
        POINTER(c_void_p),
        POINTER(c_size_t),
    ), True),
    ("csvc_kpi_review_options_init", None, (POINTER(csvc_kpi_review_options),), False),
    ("csvc_kpi_review_new", c_int, (
        POINTER(csvc_roster),
        POINTER(csvc_kpi_model),
        POINTER(csvc_period),
        POINTER(csvc_kpi_review_options),
        POINTER(POINTER(csvc_kpi_review)),
    ), True),
    ("csvc_kpi_review_free", None, (POINTER(csvc_kpi_review),), False),
    ("csvc_kpi_review_errmsg", c_char_p, (POINTER(csvc_kpi_review),), False),
    ("csvc_kpi_review_id", c_char_p, (POINTER(csvc_kpi_review),), False),
    ("csvc_kpi_review_model", POINTER(csvc_kpi_model), (POINTER(csvc_kpi_review),), False),
    ("csvc_kpi_review_period", c_int, (POINTER(csvc_kpi_review), POINTER(csvc_period),), True),
    ("csvc_kpi_review_is_closed", c_int32, (POINTER(csvc_kpi_review),), False),
    ("csvc_kpi_review_rating_count", c_size_t, (POINTER(csvc_kpi_review),), False),
    ("csvc_kpi_rating_init", None, (POINTER(csvc_kpi_rating),), False),
    ("csvc_kpi_review_rate", c_int, (POINTER(csvc_kpi_review), POINTER(csvc_kpi_rating),), True),
    ("csvc_kpi_review_import_ratings_csv", c_int, (POINTER(csvc_kpi_review), c_char_p,), True),
    ("csvc_kpi_review_import_ratings_csv_buffer", c_int, (
        POINTER(csvc_kpi_review),
        c_char_p,
        c_size_t,
    ), True),
    ("csvc_kpi_review_import_ratings_csv_opts", c_int, (
        POINTER(csvc_kpi_review),
        c_char_p,
        POINTER(csvc_import_options),
    ), True),
    ("csvc_kpi_review_import_ratings_csv_buffer_opts", c_int, (
        POINTER(csvc_kpi_review),
        c_char_p,
        c_size_t,
        POINTER(csvc_import_options),
    ), True),
    ("csvc_kpi_review_set_objective", c_int, (
        POINTER(csvc_kpi_review),
        c_char_p,
        c_char_p,
        c_double,
    ), True),
    ("csvc_kpi_review_set_metrics", c_int, (
        POINTER(csvc_kpi_review),
        POINTER(csvc_metrics),
        c_size_t,
    ), True),
    ("csvc_kpi_review_load_desk", c_int, (POINTER(csvc_kpi_review), POINTER(csvc_desk),), True),
    ("csvc_kpi_review_close", c_int, (POINTER(csvc_kpi_review),), True),
    ("csvc_kpi_review_set_change_callback", c_int, (
        POINTER(csvc_kpi_review),
        csvc_kpi_review_change_fn,
        c_void_p,
    ), True),
    ("csvc_kpi_review_compute", c_int, (
        POINTER(csvc_kpi_review),
        POINTER(POINTER(csvc_kpi_results)),
    ), True),
    ("csvc_kpi_results_free", None, (POINTER(csvc_kpi_results),), False),
    ("csvc_kpi_results_errmsg", c_char_p, (POINTER(csvc_kpi_results),), False),
    ("csvc_kpi_results_model", POINTER(csvc_kpi_model), (POINTER(csvc_kpi_results),), False),
    ("csvc_kpi_results_agent_count", c_size_t, (POINTER(csvc_kpi_results),), False),
    ("csvc_kpi_results_find_agent", c_int, (
        POINTER(csvc_kpi_results),
        c_char_p,
        POINTER(c_size_t),
    ), True),
    ("csvc_kpi_results_agent", c_int, (
        POINTER(csvc_kpi_results),
        c_size_t,
        POINTER(csvc_kpi_agent_result),
    ), True),
    ("csvc_kpi_results_kpi", c_int, (
        POINTER(csvc_kpi_results),
        c_size_t,
        c_size_t,
        POINTER(csvc_kpi_result),
    ), True),
    ("csvc_kpi_results_group", c_int, (
        POINTER(csvc_kpi_results),
        c_size_t,
        c_size_t,
        c_int,
        POINTER(csvc_kpi_group_result),
    ), True),
    ("csvc_kpi_results_export_csv_buffer", c_int, (
        POINTER(csvc_kpi_results),
        c_int32,
        POINTER(c_void_p),
        POINTER(c_size_t),
    ), True),
    ("csvc_kpi_results_export_csv", c_int, (POINTER(csvc_kpi_results), c_int32, c_char_p,), True),
    ("csvc_kpi_results_export_json_buffer", c_int, (
        POINTER(csvc_kpi_results),
        POINTER(c_void_p),
        POINTER(c_size_t),
    ), True),
    ("csvc_kpi_results_export_json", c_int, (POINTER(csvc_kpi_results), c_char_p,), True),
    ("csvc_incentive_plan_load_json_buffer", c_int, (
        c_char_p,
        c_size_t,
        POINTER(csvc_allocator),
        POINTER(POINTER(csvc_incentive_plan)),
    ), True),
    ("csvc_incentive_plan_load_json", c_int, (
        c_char_p,
        POINTER(csvc_allocator),
        POINTER(POINTER(csvc_incentive_plan)),
    ), True),
    ("csvc_incentive_plan_free", None, (POINTER(csvc_incentive_plan),), False),
    ("csvc_incentive_plan_id", c_char_p, (POINTER(csvc_incentive_plan),), False),
    ("csvc_incentive_plan_version", c_int32, (POINTER(csvc_incentive_plan),), False),
    ("csvc_incentive_plan_currency", c_char_p, (POINTER(csvc_incentive_plan),), False),
    ("csvc_incentive_plan_budget", c_int64, (POINTER(csvc_incentive_plan),), False),
    ("csvc_incentive_plan_rule_count", c_size_t, (POINTER(csvc_incentive_plan),), False),
    ("csvc_incentive_plan_export_json_buffer", c_int, (
        POINTER(csvc_incentive_plan),
        POINTER(c_void_p),
        POINTER(c_size_t),
    ), True),
    ("csvc_incentive_rule_init", None, (POINTER(csvc_incentive_rule), c_int,), False),
    ("csvc_incentive_plan_builder_new", c_int, (
        POINTER(csvc_incentive_plan_info),
        POINTER(csvc_allocator),
        POINTER(POINTER(csvc_incentive_plan_builder)),
    ), True),
    ("csvc_incentive_plan_builder_free", None, (POINTER(csvc_incentive_plan_builder),), False),
    ("csvc_incentive_plan_builder_errmsg", c_char_p, (
        POINTER(csvc_incentive_plan_builder),
    ), False),
    ("csvc_incentive_plan_builder_add_rule", c_int, (
        POINTER(csvc_incentive_plan_builder),
        POINTER(csvc_incentive_rule),
    ), True),
    ("csvc_incentive_plan_builder_build", c_int, (
        POINTER(csvc_incentive_plan_builder),
        POINTER(POINTER(csvc_incentive_plan)),
    ), True),
    ("csvc_incentive_agent_init", None, (POINTER(csvc_incentive_agent),), False),
    ("csvc_incentive_inputs_new", c_int, (
        POINTER(csvc_allocator),
        POINTER(POINTER(csvc_incentive_inputs)),
    ), True),
    ("csvc_incentive_inputs_free", None, (POINTER(csvc_incentive_inputs),), False),
    ("csvc_incentive_inputs_add_agent", c_int, (
        POINTER(csvc_incentive_inputs),
        POINTER(csvc_incentive_agent),
    ), True),
    ("csvc_incentive_inputs_set", c_int, (
        POINTER(csvc_incentive_inputs),
        c_char_p,
        c_char_p,
        c_double,
    ), True),
    ("csvc_incentive_inputs_set_team", c_int, (
        POINTER(csvc_incentive_inputs),
        c_char_p,
        c_char_p,
        c_double,
    ), True),
    ("csvc_incentive_inputs_import_csv", c_int, (POINTER(csvc_incentive_inputs), c_char_p,), True),
    ("csvc_incentive_inputs_import_csv_buffer", c_int, (
        POINTER(csvc_incentive_inputs),
        c_char_p,
        c_size_t,
    ), True),
    ("csvc_incentive_inputs_from_engines", c_int, (
        POINTER(csvc_incentive_inputs),
        POINTER(csvc_roster),
        POINTER(csvc_kpi_results),
        POINTER(csvc_desk),
        POINTER(csvc_period),
    ), True),
    ("csvc_incentive_inputs_agent_count", c_size_t, (POINTER(csvc_incentive_inputs),), False),
    ("csvc_incentive_inputs_errmsg", c_char_p, (POINTER(csvc_incentive_inputs),), False),
    ("csvc_incentive_evaluate", c_int, (
        POINTER(csvc_incentive_plan),
        POINTER(csvc_incentive_inputs),
        POINTER(csvc_period),
        POINTER(POINTER(csvc_incentive_result)),
    ), True),
    ("csvc_incentive_result_free", None, (POINTER(csvc_incentive_result),), False),
    ("csvc_incentive_result_statement_count", c_size_t, (POINTER(csvc_incentive_result),), False),
    ("csvc_incentive_result_statement", c_int, (
        POINTER(csvc_incentive_result),
        c_size_t,
        POINTER(csvc_incentive_statement),
    ), True),
    ("csvc_incentive_result_line", c_int, (
        POINTER(csvc_incentive_result),
        c_size_t,
        c_size_t,
        POINTER(csvc_incentive_line),
    ), True),
    ("csvc_incentive_result_plan_id", c_char_p, (POINTER(csvc_incentive_result),), False),
    ("csvc_incentive_result_plan_version", c_int32, (POINTER(csvc_incentive_result),), False),
    ("csvc_incentive_result_period", c_int, (
        POINTER(csvc_incentive_result),
        POINTER(csvc_period),
    ), True),
    ("csvc_incentive_result_total", c_int64, (POINTER(csvc_incentive_result),), False),
    ("csvc_incentive_result_team_total", c_int, (
        POINTER(csvc_incentive_result),
        c_char_p,
        POINTER(c_int64),
    ), True),
    ("csvc_incentive_result_export_json_buffer", c_int, (
        POINTER(csvc_incentive_result),
        POINTER(c_void_p),
        POINTER(c_size_t),
    ), True),
    ("csvc_incentive_result_export_csv_buffer", c_int, (
        POINTER(csvc_incentive_result),
        POINTER(c_void_p),
        POINTER(c_size_t),
    ), True),
    ("csvc_points_ledger_new", c_int, (
        POINTER(csvc_allocator),
        c_int32,
        POINTER(POINTER(csvc_points_ledger)),
    ), True),
    ("csvc_points_ledger_free", None, (POINTER(csvc_points_ledger),), False),
    ("csvc_points_ledger_errmsg", c_char_p, (POINTER(csvc_points_ledger),), False),
    ("csvc_points_ledger_accrue", c_int, (
        POINTER(csvc_points_ledger),
        c_char_p,
        c_int64,
        c_int64,
    ), True),
    ("csvc_points_ledger_redeem", c_int, (
        POINTER(csvc_points_ledger),
        c_char_p,
        c_int64,
        c_int64,
    ), True),
    ("csvc_points_ledger_balance", c_int, (
        POINTER(csvc_points_ledger),
        c_char_p,
        c_int64,
        POINTER(c_int64),
    ), True),
    ("csvc_points_ledger_expired", c_int, (
        POINTER(csvc_points_ledger),
        c_char_p,
        c_int64,
        c_int64,
        POINTER(c_int64),
    ), True),
    ("csvc_points_ledger_commit", c_int, (
        POINTER(csvc_points_ledger),
        POINTER(csvc_incentive_result),
    ), True),
    ("csvc_staffing_options_init", None, (POINTER(csvc_staffing_options),), False),
    ("csvc_erlang_result_init", None, (POINTER(csvc_erlang_result),), False),
    ("csvc_staffing_result_init", None, (POINTER(csvc_staffing_result),), False),
    ("csvc_erlang_load", c_int, (c_double, c_double, c_double, POINTER(c_double),), True),
    ("csvc_erlang_b", c_int, (c_double, c_uint32, POINTER(c_double),), True),
    ("csvc_erlang_evaluate", c_int, (
        c_double,
        c_double,
        c_double,
        c_uint32,
        POINTER(csvc_staffing_options),
        POINTER(csvc_erlang_result),
    ), True),
    ("csvc_staffing_solve", c_int, (
        c_double,
        c_double,
        c_double,
        POINTER(csvc_staffing_options),
        POINTER(csvc_staffing_result),
    ), True),
    ("csvc_staffing_plan_new", c_int, (
        POINTER(csvc_allocator),
        c_int32,
        POINTER(POINTER(csvc_staffing_plan)),
    ), True),
    ("csvc_staffing_plan_free", None, (POINTER(csvc_staffing_plan),), False),
    ("csvc_staffing_plan_errmsg", c_char_p, (POINTER(csvc_staffing_plan),), False),
    ("csvc_staffing_plan_interval_count", c_size_t, (POINTER(csvc_staffing_plan),), False),
    ("csvc_staffing_plan_interval_seconds", c_int32, (POINTER(csvc_staffing_plan),), False),
    ("csvc_staffing_plan_set_options", c_int, (
        POINTER(csvc_staffing_plan),
        POINTER(csvc_staffing_options),
    ), True),
    ("csvc_staffing_plan_set_interval", c_int, (
        POINTER(csvc_staffing_plan),
        c_size_t,
        c_double,
        c_double,
    ), True),
    ("csvc_staffing_forecast_options_init", None, (
        POINTER(csvc_staffing_forecast_options),
    ), False),
    ("csvc_staffing_plan_forecast", c_int, (
        POINTER(csvc_staffing_plan),
        POINTER(csvc_desk),
        POINTER(csvc_staffing_forecast_options),
    ), True),
    ("csvc_staffing_shift_init", None, (POINTER(csvc_staffing_shift),), False),
    ("csvc_staffing_plan_add_shift", c_int, (
        POINTER(csvc_staffing_plan),
        POINTER(csvc_staffing_shift),
    ), True),
    ("csvc_staffing_plan_clear_shifts", c_int, (POINTER(csvc_staffing_plan),), True),
    ("csvc_staffing_plan_shift_count", c_size_t, (POINTER(csvc_staffing_plan),), False),
    ("csvc_staffing_interval_init", None, (POINTER(csvc_staffing_interval),), False),
    ("csvc_staffing_plan_interval", c_int, (
        POINTER(csvc_staffing_plan),
        c_size_t,
        POINTER(csvc_staffing_interval),
    ), True),
    ("csvc_staffing_summary_init", None, (POINTER(csvc_staffing_summary),), False),
    ("csvc_staffing_plan_summary", c_int, (
        POINTER(csvc_staffing_plan),
        POINTER(csvc_staffing_summary),
    ), True),
    ("csvc_shift_template_init", None, (POINTER(csvc_shift_template),), False),
    ("csvc_generate_options_init", None, (POINTER(csvc_generate_options),), False),
    ("csvc_schedule_status_name", c_char_p, (c_int,), False),
    ("csvc_schedule_limit_name", c_char_p, (c_int,), False),
    ("csvc_schedule_summary_init", None, (POINTER(csvc_schedule_summary),), False),
    ("csvc_schedule_shift_init", None, (POINTER(csvc_schedule_shift),), False),
    ("csvc_schedule_interval_init", None, (POINTER(csvc_schedule_interval),), False),
    ("csvc_staffing_generate", c_int, (
        POINTER(csvc_staffing_plan),
        POINTER(csvc_shift_template),
        c_size_t,
        POINTER(csvc_generate_options),
        POINTER(POINTER(csvc_staffing_schedule)),
    ), True),
    ("csvc_staffing_schedule_free", None, (POINTER(csvc_staffing_schedule),), False),
    ("csvc_staffing_schedule_message", c_char_p, (POINTER(csvc_staffing_schedule),), False),
    ("csvc_staffing_schedule_summary", c_int, (
        POINTER(csvc_staffing_schedule),
        POINTER(csvc_schedule_summary),
    ), True),
    ("csvc_staffing_schedule_template_heads", c_uint32, (
        POINTER(csvc_staffing_schedule),
        c_size_t,
    ), False),
    ("csvc_staffing_schedule_shift_count", c_size_t, (POINTER(csvc_staffing_schedule),), False),
    ("csvc_staffing_schedule_shift", c_int, (
        POINTER(csvc_staffing_schedule),
        c_size_t,
        POINTER(csvc_schedule_shift),
    ), True),
    ("csvc_staffing_schedule_interval_count", c_size_t, (POINTER(csvc_staffing_schedule),), False),
    ("csvc_staffing_schedule_interval", c_int, (
        POINTER(csvc_staffing_schedule),
        c_size_t,
        POINTER(csvc_schedule_interval),
    ), True),
    ("csvc_staffing_plan_set_schedule", c_int, (
        POINTER(csvc_staffing_plan),
        POINTER(csvc_staffing_schedule),
    ), True),
    ("csvc_staffing_available_heads", c_int, (
        POINTER(csvc_roster),
        c_char_p,
        c_int64,
        POINTER(c_uint32),
    ), True),
    ("csvc_staffing_recruitment", c_int, (
        POINTER(csvc_roster),
        c_char_p,
        c_int64,
        POINTER(csvc_staffing_schedule),
        POINTER(csvc_recruitment),
    ), True),
    ("csvc_staffing_plan_replan", c_int, (
        POINTER(csvc_staffing_plan),
        c_int32,
        POINTER(c_double),
        c_size_t,
        POINTER(c_double),
        POINTER(POINTER(csvc_staffing_plan)),
    ), True),
    ("csvc_course_kind_name", c_char_p, (c_int,), False),
    ("csvc_course_kind_parse", c_int, (c_char_p, POINTER(c_int),), True),
    ("csvc_delivery_name", c_char_p, (c_int,), False),
    ("csvc_delivery_parse", c_int, (c_char_p, POINTER(c_int),), True),
    ("csvc_training_options_init", None, (POINTER(csvc_training_options),), False),
    ("csvc_training_new", c_int, (
        POINTER(csvc_roster),
        POINTER(csvc_training_options),
        POINTER(csvc_allocator),
        POINTER(POINTER(csvc_training)),
    ), True),
    ("csvc_training_set_team_offset", c_int, (POINTER(csvc_training), c_char_p, c_int32,), True),
    ("csvc_training_free", None, (POINTER(csvc_training),), False),
    ("csvc_training_errmsg", c_char_p, (POINTER(csvc_training),), False),
    ("csvc_course_init", None, (POINTER(csvc_course),), False),
    ("csvc_training_add_course", c_int, (POINTER(csvc_training), POINTER(csvc_course),), True),
    ("csvc_training_course_count", c_size_t, (POINTER(csvc_training),), False),
    ("csvc_training_get_course", c_int, (
        POINTER(csvc_training),
        c_char_p,
        POINTER(csvc_course),
    ), True),
    ("csvc_training_import_courses_csv", c_int, (POINTER(csvc_training), c_char_p,), True),
    ("csvc_training_import_courses_csv_buffer", c_int, (
        POINTER(csvc_training),
        c_char_p,
        c_size_t,
    ), True),
    ("csvc_requirement_init", None, (POINTER(csvc_requirement),), False),
    ("csvc_training_add_requirement", c_int, (
        POINTER(csvc_training),
        POINTER(csvc_requirement),
    ), True),
    ("csvc_training_load_requirements_json_buffer", c_int, (
        POINTER(csvc_training),
        c_char_p,
        c_size_t,
    ), True),
    ("csvc_training_load_requirements_json", c_int, (POINTER(csvc_training), c_char_p,), True),
    ("csvc_training_requirement_count", c_size_t, (POINTER(csvc_training),), False),
    ("csvc_training_complete", c_int, (
        POINTER(csvc_training),
        c_char_p,
        c_char_p,
        c_int64,
        c_int32,
        c_int32,
        c_int32,
    ), True),
    ("csvc_training_record_promotion", c_int, (
        POINTER(csvc_training),
        c_char_p,
        c_int,
        c_int64,
    ), True),
    ("csvc_training_completion_count", c_size_t, (POINTER(csvc_training),), False),
    ("csvc_training_import_records_csv", c_int, (
        POINTER(csvc_training),
        c_char_p,
        POINTER(c_size_t),
    ), True),
    ("csvc_training_import_records_csv_buffer", c_int, (
        POINTER(csvc_training),
        c_char_p,
        c_size_t,
        POINTER(c_size_t),
    ), True),
    ("csvc_training_transcript_csv", c_int, (
        POINTER(csvc_training),
        c_char_p,
        POINTER(csvc_period),
        POINTER(c_void_p),
        POINTER(c_size_t),
    ), True),
    ("csvc_training_transcript_json", c_int, (
        POINTER(csvc_training),
        c_char_p,
        POINTER(csvc_period),
        POINTER(c_void_p),
        POINTER(c_size_t),
    ), True),
    ("csvc_training_hours", c_int, (
        POINTER(csvc_training),
        c_char_p,
        POINTER(csvc_period),
        POINTER(c_double),
    ), True),
    ("csvc_training_add_session", c_int, (
        POINTER(csvc_training),
        POINTER(csvc_training_session),
    ), True),
    ("csvc_training_enrol", c_int, (POINTER(csvc_training), c_char_p, c_char_p,), True),
    ("csvc_training_record_session", c_int, (
        POINTER(csvc_training),
        c_char_p,
        c_char_p,
        c_int32,
        c_int64,
        c_int32,
        c_int32,
        c_int32,
    ), True),
    ("csvc_training_course_effect", c_int, (
        POINTER(csvc_training),
        c_char_p,
        POINTER(csvc_period),
        POINTER(csvc_training_effect),
    ), True),
    ("csvc_training_session_effect", c_int, (
        POINTER(csvc_training),
        c_char_p,
        POINTER(csvc_training_effect),
    ), True),
    ("csvc_training_kpi_effect_of", c_int, (
        POINTER(csvc_training),
        c_char_p,
        POINTER(csvc_kpi_results),
        POINTER(csvc_period),
        POINTER(csvc_kpi_results),
        POINTER(csvc_period),
        POINTER(csvc_training_kpi_effect),
    ), True),
    ("csvc_item_state_name", c_char_p, (c_int,), False),
    ("csvc_training_status", c_int, (
        POINTER(csvc_training),
        c_char_p,
        c_char_p,
        c_int64,
        POINTER(csvc_item_status),
    ), True),
    ("csvc_training_report_new", c_int, (
        POINTER(csvc_training),
        c_int64,
        POINTER(POINTER(csvc_training_report)),
    ), True),
    ("csvc_training_report_free", None, (POINTER(csvc_training_report),), False),
    ("csvc_training_report_item_count", c_size_t, (POINTER(csvc_training_report),), False),
    ("csvc_training_report_item", c_int, (
        POINTER(csvc_training_report),
        c_size_t,
        POINTER(csvc_item_status),
    ), True),
    ("csvc_training_report_state_count", c_size_t, (POINTER(csvc_training_report), c_int,), False),
    ("csvc_training_report_coverage", c_int, (
        POINTER(csvc_training_report),
        c_char_p,
        POINTER(c_size_t),
        POINTER(c_size_t),
    ), True),
    ("csvc_training_report_export_json_buffer", c_int, (
        POINTER(csvc_training_report),
        POINTER(c_void_p),
        POINTER(c_size_t),
    ), True),
    ("csvc_training_coverage", c_int, (
        POINTER(csvc_training),
        c_char_p,
        c_int64,
        POINTER(c_size_t),
        POINTER(c_size_t),
    ), True),
    ("csvc_training_export_status_csv", c_int, (
        POINTER(csvc_training),
        c_int64,
        c_uint32,
        POINTER(c_void_p),
        POINTER(c_size_t),
    ), True),
    ("csvc_training_expiring_csv", c_int, (
        POINTER(csvc_training),
        c_int64,
        c_int32,
        POINTER(c_void_p),
        POINTER(c_size_t),
    ), True),
    ("csvc_training_reminders_csv", c_int, (
        POINTER(csvc_training),
        c_int64,
        POINTER(c_void_p),
        POINTER(c_size_t),
    ), True),
    ("csvc_training_needs_csv", c_int, (
        POINTER(csvc_training),
        POINTER(csvc_kpi_results),
        c_double,
        c_int64,
        POINTER(c_void_p),
        POINTER(c_size_t),
    ), True),
    ("csvc_training_set_promotion_rule", c_int, (
        POINTER(csvc_training),
        POINTER(csvc_promotion_rule),
    ), True),
    ("csvc_training_promotion_check", c_int, (
        POINTER(csvc_training),
        c_char_p,
        c_int64,
        POINTER(POINTER(csvc_kpi_results)),
        c_size_t,
        POINTER(c_int),
        POINTER(c_void_p),
        POINTER(c_size_t),
    ), True),
    ("csvc_store_options_init", None, (POINTER(csvc_store_options),), False),
    ("csvc_store_open", c_int, (
        c_char_p,
        POINTER(csvc_store_options),
        POINTER(POINTER(csvc_store)),
    ), True),
    ("csvc_store_close", None, (POINTER(csvc_store),), False),
    ("csvc_store_errmsg", c_char_p, (POINTER(csvc_store),), False),
    ("csvc_store_schema_version", c_int, (POINTER(csvc_store), POINTER(c_int32),), True),
    ("csvc_store_attach_roster", c_int, (POINTER(csvc_store), POINTER(csvc_roster),), True),
    ("csvc_store_attach_desk", c_int, (POINTER(csvc_store), POINTER(csvc_desk),), True),
    ("csvc_store_attach_review", c_int, (POINTER(csvc_store), POINTER(csvc_kpi_review),), True),
    ("csvc_store_put_plan", c_int, (POINTER(csvc_store), POINTER(csvc_incentive_plan),), True),
    ("csvc_store_load_plan", c_int, (
        POINTER(csvc_store),
        c_char_p,
        c_int32,
        POINTER(csvc_allocator),
        POINTER(POINTER(csvc_incentive_plan)),
    ), True),
    ("csvc_store_approve_statements", c_int, (
        POINTER(csvc_store),
        POINTER(csvc_incentive_result),
        c_char_p,
        c_char_p,
        c_int64,
    ), True),
    ("csvc_store_export_statements_json", c_int, (
        POINTER(csvc_store),
        c_char_p,
        c_int32,
        POINTER(csvc_period),
        POINTER(c_void_p),
        POINTER(c_size_t),
    ), True),
    ("csvc_store_attach_points", c_int, (POINTER(csvc_store), POINTER(csvc_points_ledger),), True),
    ("csvc_store_attach_training", c_int, (POINTER(csvc_store), POINTER(csvc_training),), True),
    ("csvc_store_begin", c_int, (POINTER(csvc_store),), True),
    ("csvc_store_commit", c_int, (POINTER(csvc_store),), True),
    ("csvc_store_rollback", c_int, (POINTER(csvc_store),), True),
    ("csvc_store_refresh", c_int, (POINTER(csvc_store), POINTER(c_uint64),), True),
    ("csvc_store_verify", c_int, (POINTER(csvc_store), POINTER(c_uint64),), True),
    ("csvc_store_head", c_int, (POINTER(csvc_store), POINTER(c_uint64), POINTER(c_uint8),), True),
    ("csvc_store_verify_anchor", c_int, (
        POINTER(csvc_store),
        c_uint64,
        POINTER(c_uint8),
        POINTER(c_uint64),
    ), True),
    ("csvc_store_event_count", c_int, (POINTER(csvc_store), POINTER(c_uint64),), True),
    ("csvc_store_backup", c_int, (POINTER(csvc_store), c_char_p,), True),
    ("csvc_store_export_events_csv", c_int, (POINTER(csvc_store), c_char_p,), True),
)
