"""Business-hours calendars (csvc/calendar.h): weekly opening hours at a
fixed UTC offset or in an IANA time zone, minus holidays, and business time
between instants.

Python conventions used here:

- instants are ``int`` Unix seconds or timezone-aware ``datetime`` objects;
  a naive ``datetime`` is refused with ``ValueError`` (which zone would it
  be in?). Results are ``int`` Unix seconds;
- durations are ``int`` seconds (a ``datetime.timedelta`` is accepted);
- a day of the week is a :class:`Weekday`, an int 0..6 (Monday first) or a
  name ("mon", "Monday");
- a time of day is minutes after local midnight or "HH:MM" ("24:00" ends a
  day).
"""

import datetime
import re
import threading
import weakref
from ctypes import byref, c_int, c_int32, c_int64
from typing import Optional, Tuple, Union

from . import _convert as cv
from ._named import Named
from . import errors
from ._handle import Handle
from ._lib import calendar_p, lib
from ._times import _SECOND, Duration, Instant, to_seconds, to_time

__all__ = ["Weekday", "Calendar"]



class Weekday(Named):
    """Days of the week (csvc_weekday), ISO order: Monday is 0."""

    MONDAY = 0
    TUESDAY = 1
    WEDNESDAY = 2
    THURSDAY = 3
    FRIDAY = 4
    SATURDAY = 5
    SUNDAY = 6


_DAY_NAMES = {}
for _day in Weekday:
    _DAY_NAMES[_day.name.lower()] = _day
    _DAY_NAMES[_day.name.lower()[:3]] = _day
del _day



def _weekday(value):
    if isinstance(value, (str, bytes)):
        name = value.decode("ascii", "replace") if isinstance(value, bytes) else value
        day = _DAY_NAMES.get(name.strip().lower())
        if day is None:
            raise errors.InvalidArgument(
                -1, "day: unknown weekday %r (expected mon..sun or monday..sunday)" % (value,))
        return int(day)
    return cv.integer(value, "day", cv.INT32)  # the library checks 0..6


_HHMM = re.compile(r"\A([0-9]{1,2}):([0-9]{2})\Z")


def _minute(value, what):
    if isinstance(value, str):
        match = _HHMM.match(value)
        if not match or int(match.group(2)) > 59:
            raise errors.ParseError(-7, "%s: %r is not a time of day HH:MM" % (what, value))
        return int(match.group(1)) * 60 + int(match.group(2))
    if isinstance(value, datetime.time):
        if value.second or value.microsecond:
            raise ValueError("%s: %s is not a whole minute" % (what, value.isoformat()))
        return value.hour * 60 + value.minute
    return cv.integer(value, what, cv.INT32)  # the library checks 0..1440


def _date(value):
    if isinstance(value, datetime.datetime):
        raise TypeError("holiday: expected a date, got a datetime")
    if isinstance(value, datetime.date):
        return value.year, value.month, value.day
    if isinstance(value, str):
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            raise errors.ParseError(
                -7, "holiday: %r is not a date YYYY-MM-DD" % (value,)) from None
        return day.year, day.month, day.day
    if isinstance(value, tuple) and len(value) == 3:
        return tuple(cv.integer(v, "holiday", cv.INT32) for v in value)
    raise TypeError("holiday: expected a date, 'YYYY-MM-DD' or (year, month, day), got %s"
                    % type(value).__name__)


def _offset(value):
    if isinstance(value, datetime.timedelta):
        return cv.integer(value // _SECOND, "utc_offset", cv.INT32)
    return cv.integer(value, "utc_offset", cv.INT32)


# -- the calendar --------------------------------------------------------------


class Calendar(Handle):
    """Weekly business hours at a fixed UTC offset or in a time zone, minus
    holidays.

    ``Calendar(utc_offset=8 * 3600)`` is China Standard Time;
    ``Calendar(time_zone="Europe/Berlin")`` follows Berlin's wall clock
    across daylight-saving changes (09:00-18:00 stays 09:00-18:00 local). A
    calendar with no hours is always open (24x7), so business time is
    elapsed time.

    The calendar frees its C handle on :meth:`close`, at the end of a
    ``with`` block, or when it is garbage collected. A lock serialises
    calls, so one calendar may be shared between threads. A desk keeps its
    own copy (:meth:`csvc.Desk.set_calendar`): later changes here do not
    reach it.
    """

    _CLOSED_MESSAGE = "calendar is closed"

    def __init__(self, utc_offset: Union[int, datetime.timedelta] = 0, *,
                 time_zone: Optional[str] = None):
        handle = calendar_p()
        if time_zone is None:
            offset = _offset(utc_offset)
            lib.csvc_calendar_new(None, offset, byref(handle))
        else:
            time_zone = getattr(time_zone, "name", time_zone)  # a csvc.TimeZone
            lib.csvc_calendar_new_tz(None, cv.text(time_zone, "time_zone"), byref(handle))
            offset = int(lib.csvc_calendar_utc_offset(handle))
        self._init(handle, offset, time_zone)

    def _init(self, handle, offset, time_zone=None):
        self._handle = handle
        self._utc_offset = offset
        self._time_zone = time_zone
        self._lock = threading.RLock()
        self._finalizer = weakref.finalize(self, lib.csvc_calendar_free, handle)

    # -- lifetime


    def __repr__(self):
        if self._handle is None:
            return "<csvc.Calendar closed>"
        if self._time_zone is not None:
            return "<csvc.Calendar %s, %d business seconds a week>" % (
                self._time_zone, self.week_seconds)
        sign = "-" if self._utc_offset < 0 else "+"
        minutes = abs(self._utc_offset) // 60
        return "<csvc.Calendar UTC%s%02d:%02d, %d business seconds a week>" % (
            sign, minutes // 60, minutes % 60, self.week_seconds)

    def copy(self) -> "Calendar":
        """An independent copy (csvc_calendar_clone)."""
        handle = calendar_p()
        with self._lock:
            lib.csvc_calendar_clone(self._h(), byref(handle))
        clone = Calendar.__new__(Calendar)
        clone._init(handle, self._utc_offset, self._time_zone)
        return clone

    # -- building

    @property
    def utc_offset(self) -> int:
        """Seconds east of UTC of the calendar's local clock (in a zone:
        its standard offset; see offset_at())."""
        return self._utc_offset

    @property
    def time_zone(self) -> Optional[str]:
        """The IANA zone of the calendar, or None for a fixed offset."""
        return self._time_zone

    def offset_at(self, t: Instant) -> int:
        """Seconds east of UTC of the local clock at instant ``t``."""
        out = c_int32()
        with self._lock:
            lib.csvc_calendar_offset_at(self._h(), to_time(t, "t"), byref(out))
        return out.value

    def add_hours(self, day: Union[Weekday, str, int], start: Union[int, str],
                  end: Union[int, str]) -> None:
        """Opens the calendar on ``day`` from ``start`` to ``end`` (local,
        half-open; minutes or "HH:MM"). csvc.RangeError for a bad day or
        times, csvc.ConstraintError when the range overlaps another range of
        that day."""
        raw_day = _weekday(day)
        raw_start, raw_end = _minute(start, "start"), _minute(end, "end")
        with self._lock:
            lib.csvc_calendar_add_hours(self._h(), raw_day, raw_start, raw_end)

    def add_holiday(self, date: Union[datetime.date, str, Tuple[int, int, int]]) -> None:
        """Closes the calendar for the whole local date (a ``date``,
        "YYYY-MM-DD" or ``(year, month, day)``). csvc.AlreadyExists for the
        same date twice, csvc.RangeError for an impossible date."""
        year, month, day = _date(date)
        with self._lock:
            lib.csvc_calendar_add_holiday(self._h(), year, month, day)

    # -- queries

    @property
    def week_seconds(self) -> int:
        """Business seconds in a full week without holidays (604800 for an
        always-open calendar)."""
        with self._lock:
            return int(lib.csvc_calendar_week_seconds(self._h()))

    def business_seconds(self, a: Instant, b: Instant) -> int:
        """Business seconds in ``[a, b)``; csvc.RangeError when b < a."""
        out = c_int64()
        with self._lock:
            lib.csvc_calendar_business_seconds(self._h(), to_time(a, "a"), to_time(b, "b"),
                                               byref(out))
        return out.value

    def add_business(self, t: Instant, seconds: Duration) -> int:
        """The earliest instant ``u >= t`` with ``seconds`` business seconds
        in ``[t, u)``, as int Unix seconds. A target reached at closing time
        is that closing time. csvc.RangeError for negative seconds."""
        out = c_int64()
        with self._lock:
            lib.csvc_calendar_add_business(self._h(), to_time(t, "t"),
                                           to_seconds(seconds, "seconds"), byref(out))
        return out.value

    def is_open(self, t: Instant) -> bool:
        """True when the calendar is open during the second ``[t, t + 1)``."""
        out = c_int()
        with self._lock:
            lib.csvc_calendar_is_open(self._h(), to_time(t, "t"), byref(out))
        return bool(out.value)
