"""Instants and durations as the library takes them (int64 seconds), from
whatever a Python caller holds. Shared by every module that takes a time.
"""

import datetime
import re
from ctypes import byref, c_int64
from typing import Tuple, Union

from . import _convert as cv
from . import errors
from ._lib import lib

#: An instant: int Unix seconds, an aware datetime, an ISO 8601 string with
#: an offset, or a numpy datetime64.
Instant = Union[int, str, datetime.datetime]
#: A half-open period ``(start, end)`` of instants.
PeriodLike = Tuple[Instant, Instant]
#: A duration: int seconds or a timedelta.
Duration = Union[int, datetime.timedelta]

_SECOND = datetime.timedelta(seconds=1)
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


_ZONED = re.compile(r"(Z|[+-]\d\d:\d\d)$")


def to_time(value, what="time"):
    """``value`` as int64 Unix seconds. Accepted: an int (or numpy integer),
    an aware ``datetime`` (a pandas Timestamp is one), a numpy
    ``datetime64`` (UTC, as numpy has it), or an ISO 8601 string with an
    offset or "Z" ("2025-11-14T17:10:00+08:00"), parsed by the library. As
    a naive datetime, a string without an offset is a ValueError.

    Fractions of a second are dropped towards the past (floor), so an event
    stamped ``datetime.now(timezone.utc)`` lands in the second it happened.
    """
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            raise ValueError("%s: naive datetime %s is ambiguous: give it a tzinfo "
                             "(e.g. datetime.timezone.utc)" % (what, value.isoformat()))
        return cv.integer((value - _EPOCH) // _SECOND, what)
    if isinstance(value, datetime.date):
        raise TypeError("%s: expected int Unix seconds, an aware datetime or an ISO 8601 "
                        "string, got a date" % what)
    if isinstance(value, (str, bytes)):
        if not _ZONED.search(value if isinstance(value, str) else value.decode("latin-1")):
            raise ValueError("%s: %r has no UTC offset and is ambiguous: end it with 'Z' or "
                             "'+08:00'" % (what, value))
        out = c_int64()
        try:
            lib.csvc_time_parse(cv.text(value, what), byref(out))
        except errors.Error as exc:
            raise type(exc)(exc.status, "%s: %s" % (what, exc.message)) from None
        return out.value
    if type(value).__name__ == "datetime64":
        if str(value) == "NaT":
            raise ValueError("%s: NaT is not a time" % what)
        seconds = value.astype("datetime64[s]")
        if seconds > value:  # astype truncates towards zero; we floor
            seconds = seconds - 1
        return cv.integer(int(seconds.astype("int64")), what)
    return cv.integer(value, what)


def to_seconds(value, what):
    """A duration (int seconds or a timedelta, floored to whole seconds)."""
    if isinstance(value, datetime.timedelta):
        return cv.integer(value // _SECOND, what)
    return cv.integer(value, what)
