"""Python bindings for libcsvc, the after-sales customer-service engine.

The shared library is found through ``CSVC_LIBRARY``, the build tree or the
system (see ``csvc._lib``); importing this package fails with an
``ImportError`` listing every attempt when no usable library is found.

Money amounts are ``int`` minor units throughout; times are ``int`` Unix
seconds (the calendar and the desk also take timezone-aware ``datetime``
objects); errors are :class:`csvc.Error` subclasses carrying the library's
status code and message.
"""

from ._version import __version__
from .errors import (
    AlreadyExists,
    Busy,
    ClosedError,
    Conflict,
    ConstraintError,
    Corrupt,
    EncodingError,
    Error,
    InvalidArgument,
    IOFailure,
    NotFound,
    NullPointer,
    OutOfMemory,
    Overflow,
    ParseError,
    PermissionDenied,
    RangeError,
    TimeError,
    TooLong,
    TransitionError,
    VersionError,
    error_for,
)
from ._lib import lib as _library  # loads the library: ImportError if none fits
from .common import (
    ID_MAX,
    UTC_OFFSET_MAX,
    Period,
    date_make,
    date_split,
    format_time,
    id_check,
    last_errmsg,
    money_add,
    money_format,
    money_muldiv,
    money_mul,
    money_parse,
    money_percent_bp,
    money_split,
    money_sub,
    month,
    of_month,
    of_quarter,
    parse_time,
    period,
    period_contains,
    period_overlaps,
    quarter,
    status_name,
    status_str,
    version,
    version_number,
)
from .roster import Agent, Category, Level, Roster, Team
from .calendar import Calendar, Weekday
from .store import Store
from .desk import (
    Channel,
    Desk,
    Event,
    EventType,
    Metrics,
    PendReason,
    Priority,
    Routing,
    SlaStatus,
    State,
    Ticket,
)

#: Path of the shared library that was loaded.
library_path = _library.path

__all__ = [
    "__version__",
    "Store",
    "library_path",
    # errors
    "Error",
    "InvalidArgument",
    "NullPointer",
    "OutOfMemory",
    "NotFound",
    "AlreadyExists",
    "TransitionError",
    "ParseError",
    "IOFailure",
    "Busy",
    "Corrupt",
    "Overflow",
    "PermissionDenied",
    "Conflict",
    "VersionError",
    "RangeError",
    "EncodingError",
    "TooLong",
    "ConstraintError",
    "TimeError",
    "ClosedError",
    "error_for",
    # common
    "ID_MAX",
    "UTC_OFFSET_MAX",
    "Period",
    "version",
    "version_number",
    "status_name",
    "status_str",
    "last_errmsg",
    "id_check",
    "money_add",
    "money_sub",
    "money_mul",
    "money_percent_bp",
    "money_muldiv",
    "money_split",
    "money_format",
    "money_parse",
    "period",
    "period_contains",
    "period_overlaps",
    "month",
    "quarter",
    "of_month",
    "of_quarter",
    "date_make",
    "date_split",
    "parse_time",
    "format_time",
    # roster
    "Level",
    "Category",
    "Agent",
    "Team",
    "Roster",
    # calendar
    "Weekday",
    "Calendar",
    # desk
    "Channel",
    "Priority",
    "State",
    "PendReason",
    "EventType",
    "Routing",
    "Event",
    "Ticket",
    "SlaStatus",
    "Metrics",
    "Desk",
]
