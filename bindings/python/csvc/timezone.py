"""IANA time zones from the system's tzdata (csvc/common.h, "Time zones").

``TimeZone("Europe/Berlin")`` reads the same TZif file Python's
``zoneinfo`` reads, in the library, without touching the process's TZ.
Wall times that name no single instant get zoneinfo's ``fold=0`` answers:
a repeated wall time is its earlier instant, a skipped one is read at the
offset before the jump (02:30 on a spring-forward night is 03:30).
"""

import datetime
import threading
import weakref
from ctypes import byref, c_int32, c_int64
from typing import Union

from . import _convert as cv
from ._handle import Handle
from ._lib import lib, tz_p
from ._times import Instant, to_time


class TimeZone(Handle):
    """An IANA time zone; csvc.NotFound for a zone the tzdata lacks,
    csvc.InvalidArgument for a name that is not a zone name."""

    _CLOSED_MESSAGE = "time zone is closed"

    def __init__(self, name: str):
        handle = tz_p()
        lib.csvc_tz_open(cv.text(name, "name"), None, byref(handle))
        self._handle = handle
        self._name = name
        self._lock = threading.RLock()
        self._finalizer = weakref.finalize(self, lib.csvc_tz_free, handle)

    def __repr__(self):
        return "<csvc.TimeZone %s%s>" % (self._name, " closed" if self.closed else "")

    @property
    def name(self) -> str:
        return self._name

    def offset_at(self, t: Instant) -> int:
        """Seconds east of UTC at instant ``t``."""
        out = c_int32()
        with self._lock:
            lib.csvc_tz_offset_at(self._h(), to_time(t, "t"), byref(out))
        return out.value

    def local_time(self, year: int, month: int, day: int, hour: int = 0, minute: int = 0,
                   second: int = 0) -> int:
        """Unix seconds of a local wall time in the zone."""
        for value, what, top in ((hour, "hour", 23), (minute, "minute", 59),
                                 (second, "second", 59)):
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= top:
                raise ValueError("%s must be an int in 0..%d, not %r" % (what, top, value))
        out = c_int64()
        with self._lock:
            lib.csvc_tz_local_time(self._h(), cv.integer(year, "year", cv.INT32),
                                   cv.integer(month, "month", cv.INT32),
                                   cv.integer(day, "day", cv.INT32),
                                   hour * 3600 + minute * 60 + second, byref(out))
        return out.value

    def from_naive(self, value: datetime.datetime) -> int:
        """Unix seconds of a naive ``datetime`` read as wall time here."""
        if not isinstance(value, datetime.datetime) or value.tzinfo is not None:
            raise ValueError("from_naive: need a naive datetime, not %r" % (value,))
        return self.local_time(value.year, value.month, value.day, value.hour, value.minute,
                               value.second)


def zone(value: Union[str, TimeZone], what: str = "time_zone") -> TimeZone:
    """A TimeZone from a name or a TimeZone."""
    if isinstance(value, TimeZone):
        return value
    if isinstance(value, str):
        return TimeZone(value)
    raise TypeError("%s must be a zone name or a csvc.TimeZone, not %s"
                    % (what, type(value).__name__))
