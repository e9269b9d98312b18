"""Staffing (csvc/staffing.h): Erlang C and Erlang A for one interval, the
agents a service goal needs, and a weekly plan that learns a forecast from
a desk and measures how a set of shifts covers it; the least-cost shifts
generated from templates (:meth:`Plan.generate_shifts`, GLPK), the
recruitment need they imply, and the intraday re-plan of a day from what
has arrived so far (:meth:`Plan.replan`).

    >>> r = csvc.solve(100, 1800, 180, service_level=0.8, target_seconds=20)
    >>> r.agents, round(r.service_level, 4), round(r.asa, 2)
    (14, 0.8884, 7.84)

Python conventions used here:

- times are ``float`` seconds (interval length, average handle time (AHT),
  the answer-time target T, ASA, patience); arrivals are contacts per
  interval; shares (service level, occupancy, shrinkage, ...) are
  fractions in [0, 1], not percentages. ints are accepted for any of them;
- an infinite ASA (fewer agents than the load) is ``math.inf``;
- every value is checked by the library, so a bad one (a negative AHT, a
  service level of 1.5, a NaN) raises :class:`csvc.RangeError` (or
  :class:`csvc.InvalidArgument`) with the library's message;
- goals are given as keyword arguments (``service_level``, ``asa``,
  ``max_abandon``, ``max_occupancy``); with none of the first three the
  goal is the library's default, 80 % answered within ``target_seconds``.
  ``patience`` > 0 switches from Erlang C to Erlang A;
- in a plan, days are :class:`csvc.Weekday` members, ints 0..6 (Monday
  first) or names ("mon", "monday"), and times of day are minutes after
  local midnight or "HH:MM";
- money (template costs, budgets, penalties) is ``int`` minor units, as
  everywhere in the package.
"""

import dataclasses
import datetime
import enum
import numbers
import threading
import weakref
from collections.abc import Mapping
from ctypes import byref, c_double, c_uint32
from dataclasses import dataclass
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from . import _convert as cv
from . import _frames
from . import errors
from ._handle import Handle
from ._keywords import c_keywords
from ._lib import (
    CSVC_DAYS_ALL,
    CSVC_DAYS_WEEKDAYS,
    CSVC_EMPLOYMENT_COUNT,
    CSVC_ERLANG_RESULT_VERSION,
    CSVC_GENERATE_OPTIONS_VERSION,
    CSVC_GOAL_ABANDON,
    CSVC_GOAL_ASA,
    CSVC_GOAL_OCCUPANCY,
    CSVC_GOAL_SERVICE_LEVEL,
    CSVC_RECRUITMENT_VERSION,
    CSVC_SCHEDULE_INTERVAL_VERSION,
    CSVC_SCHEDULE_SHIFT_VERSION,
    CSVC_SCHEDULE_SUMMARY_VERSION,
    CSVC_SHIFT_COST_MAX,
    CSVC_SHIFT_TEMPLATE_VERSION,
    CSVC_STAFFING_AGENTS_MAX,
    CSVC_STAFFING_FORECAST_OPTIONS_VERSION,
    CSVC_STAFFING_INTERVAL_VERSION,
    CSVC_STAFFING_OPTIONS_VERSION,
    CSVC_STAFFING_RESULT_VERSION,
    CSVC_STAFFING_SHIFT_VERSION,
    CSVC_STAFFING_SUMMARY_VERSION,
    csvc_erlang_result,
    csvc_generate_options,
    csvc_recruitment,
    csvc_schedule_interval,
    csvc_schedule_shift,
    csvc_schedule_summary,
    csvc_shift_template,
    csvc_staffing_forecast_options,
    csvc_staffing_interval,
    csvc_staffing_options,
    csvc_staffing_result,
    csvc_staffing_shift,
    csvc_staffing_summary,
    lib,
    plan_p,
    schedule_p,
)
from ._named import Named
from ._times import Duration, Instant, to_seconds, to_time
from .calendar import Weekday, _minute, _offset, _weekday
from .desk import Channel, Desk, _channel
from .roster import Employment, Roster, _employment_in, _employment_out

__all__ = [
    "STAFFING_AGENTS_MAX",
    "Goal",
    "StaffingOptions",
    "ErlangResult",
    "StaffingResult",
    "Shift",
    "Interval",
    "PlanSummary",
    "Plan",
    "erlang_load",
    "erlang_b",
    "erlang",
    "solve",
    "SHIFT_COST_MAX",
    "ScheduleStatus",
    "ScheduleLimit",
    "ShiftTemplate",
    "ScheduleShift",
    "ScheduleInterval",
    "Schedule",
    "Recruitment",
    "available_heads",
    "recruitment",
]

#: Largest agent (or staff) count the library evaluates or returns.
STAFFING_AGENTS_MAX = CSVC_STAFFING_AGENTS_MAX
#: Largest cost per hour of a shift template, in minor units.
SHIFT_COST_MAX = CSVC_SHIFT_COST_MAX

_WEEK_MINUTES = 7 * 1440


class Goal(enum.IntFlag):
    """Service goals (the CSVC_GOAL_* bits): which goals a number of
    agents meets (:attr:`ErlangResult.met`, :attr:`Interval.met`) and which
    decided the answer (:attr:`StaffingResult.binding`)."""

    SERVICE_LEVEL = CSVC_GOAL_SERVICE_LEVEL  # at least service_level answered within T
    ASA = CSVC_GOAL_ASA  # ASA at most asa seconds
    ABANDON = CSVC_GOAL_ABANDON  # abandonment at most max_abandon (Erlang A)
    OCCUPANCY = CSVC_GOAL_OCCUPANCY  # occupancy at most max_occupancy (always applies)


# -- conversions ----------------------------------------------------------------


def _real(value, what):
    """A float for a C ``double``. NaN and infinities pass through: the
    library refuses them with its own message."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError("%s: expected a number, got %s" % (what, type(value).__name__))
    try:
        return float(value)
    except OverflowError:
        raise errors.RangeError(-15, "%s: %d does not fit in a double" % (what, value)) from None


def _goal(bits):
    try:
        return Goal(bits)
    except ValueError:  # bits added by a newer library
        return bits


# -- value types -----------------------------------------------------------------


@dataclass(frozen=True)
class StaffingOptions:
    """The queue model and the service goal (csvc_staffing_options).

    A goal is selected by giving its target: ``service_level`` (a share
    answered within ``target_seconds``), ``asa`` (seconds) and/or
    ``max_abandon`` (a share; Erlang A only). With none of the three, the
    goal is 80 % within ``target_seconds``. ``max_occupancy`` caps the
    agents' busy share (None: no cap beyond a stable queue).
    ``shrinkage`` is the share of paid time off the phones; ``patience``
    the customers' mean patience in seconds (0: nobody hangs up, Erlang C;
    > 0: Erlang A).
    """

    service_level: Optional[float] = None
    target_seconds: float = 20.0
    asa: Optional[float] = None
    max_occupancy: Optional[float] = None
    shrinkage: float = 0.0
    patience: float = 0.0
    max_abandon: Optional[float] = None

    @property
    def goals(self) -> Goal:
        """The goals selected (OCCUPANCY only when ``max_occupancy`` is
        given: without it the cap is 1, which every stable queue meets)."""
        return Goal(self._struct().goals)

    def _struct(self):
        o = csvc_staffing_options()
        lib.csvc_staffing_options_init(byref(o))
        o.version = CSVC_STAFFING_OPTIONS_VERSION
        goals = 0
        if self.service_level is not None:
            goals |= CSVC_GOAL_SERVICE_LEVEL
            o.service_level = _real(self.service_level, "service_level")
        if self.asa is not None:
            goals |= CSVC_GOAL_ASA
            o.asa_seconds = _real(self.asa, "asa")
        if self.max_abandon is not None:
            goals |= CSVC_GOAL_ABANDON
            o.max_abandon = _real(self.max_abandon, "max_abandon")
        if not goals:
            goals = CSVC_GOAL_SERVICE_LEVEL  # the library's default, 0.8
        if self.max_occupancy is not None:
            goals |= CSVC_GOAL_OCCUPANCY
            o.max_occupancy = _real(self.max_occupancy, "max_occupancy")
        o.goals = goals
        o.answer_seconds = _real(self.target_seconds, "target_seconds")
        o.shrinkage = _real(self.shrinkage, "shrinkage")
        o.patience = _real(self.patience, "patience")
        return o


@dataclass(frozen=True)
class ErlangResult:
    """What a number of agents achieves for one interval
    (csvc_erlang_result). ``asa`` is ``math.inf`` when the queue is
    unstable (agents <= load) or nobody is answered; ``abandon`` is 0 for
    Erlang C; ``met`` the goals these agents meet."""

    agents: int
    load: float
    p_wait: float
    service_level: float
    asa: float
    abandon: float
    occupancy: float
    met: Goal


@dataclass(frozen=True)
class StaffingResult:
    """The agents required for one interval (csvc_staffing_result).

    ``agents`` are whole agents on the phones and ``staff`` the scheduled
    staff, ceil(agents / (1 - shrinkage)). ``agents_exact`` is the
    fractional count interpolated between ``agents - 1`` and ``agents``
    where the binding goal is just met; ``staff_exact`` is
    agents_exact / (1 - shrinkage). ``binding`` holds the goals missed at
    ``agents - 1``. The measures are those achieved with ``agents``.
    """

    agents: int
    staff: int
    agents_exact: float
    staff_exact: float
    binding: Goal
    load: float
    p_wait: float
    service_level: float
    asa: float
    abandon: float
    occupancy: float


@dataclass(frozen=True)
class Shift:
    """A shift pattern of a plan: ``headcount`` people start at local
    minute ``start_minute`` of each day in ``days`` and work
    ``length_minutes`` (possibly past midnight, and past Sunday into
    Monday)."""

    days: Tuple[Weekday, ...]
    start_minute: int
    length_minutes: int
    headcount: int

    @property
    def mask(self) -> int:
        """The days as CSVC_DAY_* bits (Monday = 1)."""
        bits = 0
        for day in self.days:
            bits |= 1 << int(day)
        return bits


class _WeekClock:
    """``day`` and ``time`` of a record with a ``start_minute`` of the local
    week."""

    @property
    def day(self) -> Weekday:
        """The day of the week the interval starts on."""
        return Weekday(self.start_minute // 1440)

    @property
    def time(self) -> str:
        """Its local start time, "HH:MM"."""
        minute = self.start_minute % 1440
        return "%02d:%02d" % (minute // 60, minute % 60)


@dataclass(frozen=True)
class Interval(_WeekClock):
    """One interval of a plan (csvc_staffing_interval).

    Requirement: ``agents`` on the phones and ``required`` scheduled staff
    (whole and ``*_exact`` fractional). Coverage: ``staffed`` heads of the
    plan's shifts (time-weighted), the ``shortfall`` and ``overstaffing``
    against ``required``, and ``staffed_agents`` = staffed heads on the
    phones after shrinkage. The measures (``p_wait`` .. ``occupancy``, and
    the goals ``met``) are what ``staffed_agents`` achieve.
    """

    index: int
    start_minute: int  # minute of the local week, Monday 00:00 = 0
    arrivals: float
    aht: float
    load: float
    agents: int
    required: int
    agents_exact: float
    required_exact: float
    staffed: float
    shortfall: float
    overstaffing: float
    staffed_agents: int
    met: Goal
    p_wait: float
    service_level: float
    asa: float
    abandon: float
    occupancy: float


@dataclass(frozen=True)
class PlanSummary:
    """Totals of a plan over the week (csvc_staffing_summary). Hours are
    staff-hours; ``service_level`` is the achieved share answered within T,
    weighted by arrivals (NaN when the week has no arrivals)."""

    intervals: int
    intervals_short: int
    peak_required: int
    arrivals: float
    required_hours: float
    staffed_hours: float
    shortfall_hours: float
    overstaffing_hours: float
    service_level: float


_INTERVAL_FIELDS = tuple(f.name for f in dataclasses.fields(Interval))
_SUMMARY_FIELDS = tuple(f.name for f in dataclasses.fields(PlanSummary))


def _erlang_out(c):
    return ErlangResult(agents=c.agents, load=c.load, p_wait=c.p_wait,
                        service_level=c.service_level, asa=c.asa, abandon=c.abandon,
                        occupancy=c.occupancy, met=_goal(c.met))


def _staffing_out(c):
    return StaffingResult(agents=c.agents, staff=c.staff, agents_exact=c.agents_exact,
                          staff_exact=c.staff_exact, binding=_goal(c.binding), load=c.load,
                          p_wait=c.p_wait, service_level=c.service_level, asa=c.asa,
                          abandon=c.abandon, occupancy=c.occupancy)


def _interval_out(index, c):
    values = {name: getattr(c, name) for name in _INTERVAL_FIELDS if name != "index"}
    values["met"] = _goal(c.met)
    return Interval(index=index, **values)


def _traffic(arrivals, interval_seconds, aht):
    return (_real(arrivals, "arrivals"), _real(interval_seconds, "interval_seconds"),
            _real(aht, "aht"))


# -- one interval ------------------------------------------------------------------


def erlang_load(arrivals: float, interval_seconds: float, aht: float) -> float:
    """The offered load ``arrivals * aht / interval_seconds`` in Erlangs;
    csvc.RangeError for a negative or non-finite argument."""
    out = c_double()
    lib.csvc_erlang_load(*_traffic(arrivals, interval_seconds, aht), byref(out))
    return out.value


def erlang_b(load: float, agents: int) -> float:
    """Erlang B: the blocking probability of ``agents`` servers offered
    ``load`` Erlangs with no queue. The arguments come in C's order
    (csvc_erlang_b(load, agents)); keywords work too."""
    out = c_double()
    lib.csvc_erlang_b(_real(load, "load"), cv.integer(agents, "agents", cv.UINT32), byref(out))
    return out.value


def erlang(agents: int, arrivals: float, interval: float, aht: float,
           target_seconds: Duration = 20, patience: Duration = 0, *,
           service_level: Optional[float] = None, asa: Optional[float] = None,
           max_occupancy: Optional[float] = None,
           max_abandon: Optional[float] = None) -> ErlangResult:
    """What ``agents`` agents on the phones achieve for ``arrivals``
    contacts in ``interval`` seconds with an AHT of ``aht`` seconds: Erlang
    C, or Erlang A with a ``patience`` > 0. The service level counts
    contacts answered within ``target_seconds``. The goal keywords (as for
    :func:`solve`) only decide :attr:`ErlangResult.met`."""
    options = StaffingOptions(service_level=service_level, target_seconds=target_seconds,
                              asa=asa, max_occupancy=max_occupancy, patience=patience,
                              max_abandon=max_abandon)._struct()
    out = csvc_erlang_result()
    lib.csvc_erlang_result_init(byref(out))
    out.version = CSVC_ERLANG_RESULT_VERSION
    lib.csvc_erlang_evaluate(*_traffic(arrivals, interval, aht),
                             cv.integer(agents, "agents", cv.UINT32), byref(options),
                             byref(out))
    return _erlang_out(out)


def solve(arrivals: float, interval: float, aht: float, service_level: Optional[float] = None,
          target_seconds: Duration = 20, asa: Optional[float] = None,
          max_occupancy: Optional[float] = None, shrinkage: float = 0.0, patience: Duration = 0,
          max_abandon: Optional[float] = None) -> StaffingResult:
    """The agents (and scheduled staff) required for ``arrivals`` contacts
    in ``interval`` seconds with an AHT of ``aht`` seconds: the smallest
    count meeting every goal given (see :class:`StaffingOptions`; by
    default 80 % answered within ``target_seconds``).

    ``solve(100, 1800, 180, service_level=0.8)`` is 14 agents (SL 0.888,
    ASA 7.84 s); with ``shrinkage=0.3`` they are 20 staff.
    csvc.RangeError / csvc.InvalidArgument for a bad value or a goal no
    count up to STAFFING_AGENTS_MAX meets.
    """
    options = StaffingOptions(service_level=service_level, target_seconds=target_seconds,
                              asa=asa, max_occupancy=max_occupancy, shrinkage=shrinkage,
                              patience=patience, max_abandon=max_abandon)._struct()
    out = csvc_staffing_result()
    lib.csvc_staffing_result_init(byref(out))
    out.version = CSVC_STAFFING_RESULT_VERSION
    lib.csvc_staffing_solve(*_traffic(arrivals, interval, aht), byref(options), byref(out))
    return _staffing_out(out)


# -- plans -----------------------------------------------------------------------------

_DAY_GROUPS = {
    "weekdays": CSVC_DAYS_WEEKDAYS,
    "weekend": 0x60,
    "all": CSVC_DAYS_ALL,
    "daily": CSVC_DAYS_ALL,
}


def _day_bits(value, what="days"):
    """One day (or a named group of days) as CSVC_DAY_* bits."""
    if isinstance(value, (str, bytes)):
        name = value.decode("ascii", "replace") if isinstance(value, bytes) else value
        group = _DAY_GROUPS.get(name.strip().lower())
        if group is not None:
            return group
    day = _weekday(value)
    if not 0 <= day <= 6:
        raise errors.RangeError(-15, "%s: %d is not a weekday (0..6, Monday first)"
                                % (what, day))
    return 1 << day


def _days(value):
    """CSVC_DAY_* bits from a day, a group name ("weekdays", "weekend",
    "all"), an iterable of days, or an int mask (a plain int, not a
    Weekday)."""
    if isinstance(value, (str, bytes, Weekday)):
        return _day_bits(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return cv.integer(value, "days", cv.UINT32)  # a mask: the library checks its bits
    try:
        items = list(value)
    except TypeError:
        raise TypeError("days: expected a day, an iterable of days or a mask, got %s"
                        % type(value).__name__) from None
    bits = 0
    for item in items:
        bits |= _day_bits(item)
    return bits


def _channels(value):
    """Bits 1 << channel from None (every channel), a channel, an iterable
    of channels, or an int mask (a plain int, not a Channel)."""
    if value is None:
        return 0
    if isinstance(value, (str, bytes, Channel)):
        value = (value,)
    elif isinstance(value, int) and not isinstance(value, bool):
        return cv.integer(value, "channels", cv.UINT32)
    bits = 0
    for item in value:
        channel = _channel(item)
        if not 0 <= channel < 32:
            raise errors.RangeError(-15, "channels: %d is not a channel" % channel)
        bits |= 1 << channel
    return bits


def _minutes(value, what):
    """A number of minutes: an int, "HH:MM" or a timedelta of whole
    minutes."""
    if isinstance(value, datetime.timedelta):
        seconds = to_seconds(value, what)
        if seconds % 60:
            raise ValueError("%s: %s is not a whole number of minutes" % (what, value))
        return cv.integer(seconds // 60, what, cv.INT32)
    return _minute(value, what)


def _length(value):
    return _minutes(value, "length")


def _free_plan(handle):
    lib.csvc_staffing_plan_free(handle)


class Plan(Handle):
    """A weekly staffing plan (csvc_staffing_plan): the local week, Monday
    00:00 to Sunday 24:00, cut into intervals of ``interval_seconds`` (900,
    1800 or 3600; 672, 336 or 168 intervals).

    Each interval holds arrivals and an AHT (set with :meth:`set_interval`
    or learnt from a desk with :meth:`forecast`), the requirement solved
    from them with the plan's goal (the keyword arguments, as for
    :func:`solve`), and the staff that the shifts (:meth:`add_shift`) put
    there. The plan recomputes the requirement on every change; a failed
    call raises a :class:`csvc.Error` subclass with the library's message
    and changes nothing.

    ``len(plan)`` is the number of intervals; ``plan[i]`` (negative and
    slices too) and iteration give :class:`Interval` rows. The plan frees
    its C handle on :meth:`close`, at the end of a ``with`` block, or when
    it is garbage collected. A lock serialises calls, so one plan may be
    shared between threads.
    """

    _CLOSED_MESSAGE = "plan is closed"

    def __init__(self, interval_seconds: int = 3600, *, service_level: Optional[float] = None,
                 target_seconds: Duration = 20, asa: Optional[float] = None,
                 max_occupancy: Optional[float] = None, shrinkage: float = 0.0,
                 patience: Duration = 0, max_abandon: Optional[float] = None):
        options = StaffingOptions(service_level=service_level, target_seconds=target_seconds,
                                  asa=asa, max_occupancy=max_occupancy, shrinkage=shrinkage,
                                  patience=patience, max_abandon=max_abandon)
        c_options = options._struct()  # type errors before anything is allocated
        handle = plan_p()
        lib.csvc_staffing_plan_new(None, cv.integer(interval_seconds, "interval_seconds",
                                                    cv.INT32), byref(handle))
        self._handle = handle
        self._lock = threading.RLock()
        self._finalizer = weakref.finalize(self, _free_plan, handle)
        self._shifts: List[Shift] = []
        try:
            lib.csvc_staffing_plan_set_options(handle, byref(c_options))
        except BaseException:
            self.close()
            raise
        self._options = options

    @classmethod
    def _adopt(cls, handle, options, shifts):
        """A plan around ``handle`` (a copy the library made of a plan with
        these options and shifts)."""
        plan = cls.__new__(cls)
        plan._handle = handle
        plan._lock = threading.RLock()
        plan._finalizer = weakref.finalize(plan, _free_plan, handle)
        plan._shifts = list(shifts)
        plan._options = options
        return plan

    # -- lifetime


    def __repr__(self):
        if self._handle is None:
            return "<csvc.Plan closed>"
        return "<csvc.Plan %d intervals of %d s, %d shifts>" % (
            len(self), self.interval_seconds, len(self._shifts))

    # -- settings

    @property
    def interval_seconds(self) -> int:
        """The interval length in seconds (900, 1800 or 3600)."""
        with self._lock:
            return int(lib.csvc_staffing_plan_interval_seconds(self._h()))

    @property
    def options(self) -> StaffingOptions:
        """The plan's goal and queue model."""
        return self._options

    def set_options(self, *, service_level: Optional[float] = None, target_seconds: Duration = 20,
                    asa: Optional[float] = None, max_occupancy: Optional[float] = None,
                    shrinkage: float = 0.0, patience: Duration = 0,
                    max_abandon: Optional[float] = None) -> None:
        """Replaces the goal and queue model (what is not given takes its
        default, as in the constructor) and solves every interval again.
        On failure the message names the interval that cannot be solved."""
        options = StaffingOptions(service_level=service_level, target_seconds=target_seconds,
                                  asa=asa, max_occupancy=max_occupancy, shrinkage=shrinkage,
                                  patience=patience, max_abandon=max_abandon)
        c_options = options._struct()
        with self._lock:
            lib.csvc_staffing_plan_set_options(self._h(), byref(c_options))
            self._options = options

    def index(self, day: Union[Weekday, str, int], time: Union[int, str] = 0) -> int:
        """The index of the interval holding local ``time`` (minutes or
        "HH:MM") of ``day``: ``plan.index("tue", "09:30")``."""
        raw_day = _weekday(day)
        minute = _minute(time, "time")
        if not 0 <= raw_day <= 6:
            raise errors.RangeError(-15, "day: %d is not a weekday (0..6, Monday first)"
                                    % raw_day)
        if not 0 <= minute < 1440:
            raise errors.RangeError(-15, "time: minute %d outside the day (0..1439)" % minute)
        return (raw_day * 1440 + minute) // (self.interval_seconds // 60)

    def _index(self, index, what="index"):
        index = cv.integer(index, what, cv.INT64)
        return index + len(self) if index < 0 else index

    def set_interval(self, index: int, arrivals: Optional[float] = None,
                     aht: Optional[float] = None) -> None:
        """Sets the arrivals (contacts in the interval) and/or the AHT
        (seconds) of interval ``index`` (negative counts from the end) and
        solves it; what is not given keeps its value. Use it to enter a
        forecast made elsewhere or to override a forecast's AHT.
        csvc.RangeError for an index past the week or a bad value."""
        if arrivals is None and aht is None:
            raise TypeError("set_interval: give arrivals and/or aht")
        with self._lock:
            handle = self._h()
            n = len(self)
            raw_index = self._index(index)
            if raw_index < 0:
                raise errors.RangeError(-15, "set_interval: index %d out of range (%d intervals)"
                                        % (index, n))
            if arrivals is None or aht is None:
                current = self._read(raw_index) if raw_index < n else None
                if arrivals is None:
                    arrivals = current.arrivals if current else 0.0
                if aht is None:
                    aht = current.aht if current else 0.0
            lib.csvc_staffing_plan_set_interval(handle, cv.integer(raw_index, "index", cv.SIZE),
                                                _real(arrivals, "arrivals"), _real(aht, "aht"))

    def forecast(self, desk: Desk, start: Instant, end: Instant,
                 utc_offset: Union[int, datetime.timedelta] = 0, team: Optional[str] = None, *,
                 aht: float, channels: Optional[Iterable[Union[Channel, str, int]]] = None,
                 week_decay: float = 1.0, aht_from_history: bool = False,
                 max_handle_seconds: Duration = 3600) -> None:
        """Learns arrivals (and optionally the AHT) of every interval of the
        week from the tickets of ``desk`` created in ``[start, end)``, and
        solves them; the shifts are kept.

        The window (int Unix seconds or aware datetimes) spans 1 to 520
        weeks and both ends fall on interval boundaries of the local clock,
        ``utc_offset`` seconds east of UTC (e.g. local midnights). Each
        week of the window weighs ``week_decay ** age`` (age 0 for the last
        seven days; 1: the plain mean per interval of the week). Only
        tickets of ``team`` (None: every team) and of ``channels`` (a
        channel, an iterable of channels or names, or None for every
        channel) are counted; cancelled tickets count.

        ``aht`` is the handle time in seconds of every interval; with
        ``aht_from_history`` the AHT of an interval is the weighted mean of
        min(first resolution - created, ``max_handle_seconds``) over its
        resolved tickets, ``aht`` where there is none (that time includes
        waiting: only a proxy for the handle time).
        """
        if not isinstance(desk, Desk):
            raise TypeError("desk: expected a csvc.Desk, got %s" % type(desk).__name__)
        fo = csvc_staffing_forecast_options()
        lib.csvc_staffing_forecast_options_init(byref(fo))
        fo.version = CSVC_STAFFING_FORECAST_OPTIONS_VERSION
        fo.history_start = to_time(start, "start")
        fo.history_end = to_time(end, "end")
        fo.utc_offset = _offset(utc_offset)
        team_id = cv.optional_text(team, "team")
        fo.team_id = team_id
        fo.channels = _channels(channels)
        fo.week_decay = _real(week_decay, "week_decay")
        fo.default_aht = _real(aht, "aht")
        fo.aht_from_history = 1 if aht_from_history else 0
        fo.max_handle_seconds = to_seconds(max_handle_seconds, "max_handle_seconds")
        with self._lock, desk._lock:
            lib.csvc_staffing_plan_forecast(self._h(), desk._h(), byref(fo))

    # -- shifts

    def add_shift(self, days: Union[Weekday, str, int, Iterable[Union[Weekday, str, int]]],
                  start: Union[int, str], length: Union[int, str, datetime.timedelta],
                  headcount: int) -> Shift:
        """Adds a shift pattern: ``headcount`` people start at ``start``
        (minutes or "HH:MM", local) on each of ``days`` and work ``length``
        (minutes, "HH:MM" or a timedelta; it may run past midnight, and
        past Sunday into Monday). ``days`` is a day ("mon", 0,
        Weekday.MONDAY), a group ("weekdays", "weekend", "all"), an
        iterable of days, or an int mask of CSVC_DAY_* bits (Monday = 1).

        A shift covering part of an interval adds that share of its heads
        there. Returns the :class:`Shift`; csvc.RangeError for a start,
        length, day set or headcount out of range.
        """
        shift = csvc_staffing_shift()
        lib.csvc_staffing_shift_init(byref(shift))
        shift.version = CSVC_STAFFING_SHIFT_VERSION
        shift.days = _days(days)
        shift.start_minute = _minute(start, "start")
        shift.length_minutes = _length(length)
        shift.heads = cv.integer(headcount, "headcount", cv.UINT32)
        with self._lock:
            lib.csvc_staffing_plan_add_shift(self._h(), byref(shift))
            record = Shift(days=tuple(Weekday(d) for d in range(7) if shift.days >> d & 1),
                           start_minute=shift.start_minute,
                           length_minutes=shift.length_minutes, headcount=shift.heads)
            self._shifts.append(record)
            return record

    def clear_shifts(self) -> None:
        """Removes every shift."""
        with self._lock:
            lib.csvc_staffing_plan_clear_shifts(self._h())
            self._shifts.clear()

    @property
    def shifts(self) -> Tuple[Shift, ...]:
        """The shift patterns added since the plan was created or cleared."""
        with self._lock:
            self._h()
            return tuple(self._shifts)

    @property
    def shift_count(self) -> int:
        with self._lock:
            return int(lib.csvc_staffing_plan_shift_count(self._h()))

    # -- shift generation

    def generate_shifts(self, templates: Union["ShiftTemplate", Iterable["ShiftTemplate"]], *,
                        soft: bool = False, shortfall_penalty: int = 0,
                        max_total_heads: Optional[int] = None, budget: Optional[int] = None,
                        available: Union[Mapping, Sequence[int], None] = None,
                        time_limit: Union[float, datetime.timedelta] = 10.0,
                        mip_gap: float = 1e-4) -> "Schedule":
        """The least-cost :class:`Schedule` covering the plan's requirement
        (the ``required`` staff of every interval) from 1 to 1000
        :class:`ShiftTemplate` objects: how many heads work each template
        and where they take their breaks. The plan is not modified; see
        :meth:`apply_schedule`.

        Hard coverage (the default) staffs every interval at least to its
        requirement. With ``soft`` an interval may stay short at
        ``shortfall_penalty`` minor units per staff-hour short (required
        then), and the schedule minimises cost + penalty x shortfall.

        Limits: ``max_total_heads`` (None or 0: none), ``budget`` the
        weekly cost at most, in minor units (None or 0: none), and
        ``available`` the heads of each employment type, a mapping
        {Employment (or name): heads} where a type left out has none (the
        dict of :func:`available_heads` fits), or a sequence of three
        counts (full-time, part-time, temporary). The solver stops at an
        optimum within the relative gap ``mip_gap`` or after
        ``time_limit`` seconds (at most 3600) with the best schedule found.

        A problem that cannot be solved is not an error: the schedule's
        :attr:`Schedule.status` says infeasible (the limit that cannot be
        met is :attr:`Schedule.limit`) or no solution, and
        :attr:`Schedule.message` explains. A bad template or option raises
        csvc.RangeError / csvc.InvalidArgument naming it
        ("templates[1] 'B': start_minute 1440 outside ..."),
        csvc.AlreadyExists a duplicate id, csvc.Overflow a cost beyond
        int64, and csvc.Unsupported a library built without GLPK.
        """
        if isinstance(templates, ShiftTemplate):
            templates = (templates,)
        elif isinstance(templates, (str, bytes, Mapping)):
            raise TypeError("templates: expected an iterable of csvc.ShiftTemplate, got %s"
                            % type(templates).__name__)
        try:
            templates = tuple(templates)
        except TypeError:
            raise TypeError("templates: expected an iterable of csvc.ShiftTemplate, got %s"
                            % type(templates).__name__) from None
        # One element at least, so that no count is ever passed with NULL:
        # the library reports a count of 0 itself.
        array = (csvc_shift_template * max(len(templates), 1))()
        keep = []  # the id bytes the array points to, alive for the call
        shapes = []
        for index, template in enumerate(templates):
            if not isinstance(template, ShiftTemplate):
                raise TypeError("templates[%d]: expected a csvc.ShiftTemplate, got %s"
                                % (index, type(template).__name__))
            raw_id, shape = template._fill(array[index], index)
            keep.append(raw_id)
            shapes.append(shape)
        options = _generate_options(soft, shortfall_penalty, max_total_heads, budget, available,
                                    time_limit, mip_gap)
        handle = schedule_p()
        with self._lock:
            lib.csvc_staffing_generate(self._h(), array, len(templates), byref(options),
                                       byref(handle))
        return Schedule._new(handle, templates, keep, shapes)

    def apply_schedule(self, schedule: "Schedule") -> Tuple[Shift, ...]:
        """Replaces the plan's shifts by the schedule's: one :class:`Shift`
        per template with heads, in template order (breaks are not shifts:
        the plan counts those heads present), so that the plan's measures
        (:meth:`summary`, the intervals' service level) can be read for it.
        Returns the new shifts. csvc.InvalidArgument when the schedule was
        generated for another interval length."""
        if not isinstance(schedule, Schedule):
            raise TypeError("schedule: expected a csvc.Schedule, got %s"
                            % type(schedule).__name__)
        with self._lock, schedule._lock:
            lib.csvc_staffing_plan_set_schedule(self._h(), schedule._h())
            shifts = []
            for index, (mask, start, length) in enumerate(schedule._shapes):
                heads = int(lib.csvc_staffing_schedule_template_heads(schedule._h(), index))
                if heads:
                    shifts.append(Shift(days=tuple(Weekday(d) for d in range(7) if mask >> d & 1),
                                        start_minute=start, length_minutes=length,
                                        headcount=heads))
            self._shifts[:] = shifts
            return tuple(shifts)

    # -- intraday re-plan

    def replan(self, day: Union[Weekday, str, int],
               observed: Sequence[float]) -> Tuple[float, "Plan"]:
        """Re-plans the rest of ``day`` from the arrivals ``observed`` in
        its first intervals (at least one, and fewer than the day has).

        The ratio is sum(observed) / sum(forecast arrivals of those
        intervals); returns it with a new :class:`Plan`, a copy of this one
        (options, AHTs, shifts) where the observed intervals hold the
        observed arrivals and the rest of the day the forecast times the
        ratio, each solved again; other days are unchanged, and so is this
        plan. An interval now short shows a shortfall. csvc.RangeError for
        a day outside the week, a count out of range or an observed count
        negative or not finite; csvc.InvalidArgument when the observed
        intervals have no forecast arrivals (no ratio)."""
        raw_day = _weekday(day)
        if isinstance(observed, (str, bytes)):
            raise TypeError("observed: expected a sequence of numbers, got %s"
                            % type(observed).__name__)
        try:
            values = [_real(v, "observed[%d]" % i) for i, v in enumerate(observed)]
        except TypeError as exc:
            if "observed[" in str(exc):
                raise
            raise TypeError("observed: expected a sequence of numbers, got %s"
                            % type(observed).__name__) from None
        array = (c_double * max(len(values), 1))(*values)
        ratio = c_double()
        handle = plan_p()
        with self._lock:
            lib.csvc_staffing_plan_replan(self._h(), raw_day, array, len(values), byref(ratio),
                                          byref(handle))
            return ratio.value, type(self)._adopt(handle, self._options, self._shifts)

    # -- reading

    def __len__(self) -> int:
        """Intervals in the week (672, 336 or 168)."""
        with self._lock:
            return int(lib.csvc_staffing_plan_interval_count(self._h()))

    def _read(self, index):
        out = csvc_staffing_interval()
        lib.csvc_staffing_interval_init(byref(out))
        out.version = CSVC_STAFFING_INTERVAL_VERSION
        lib.csvc_staffing_plan_interval(self._h(), index, byref(out))
        return _interval_out(index, out)

    def __getitem__(self, key) -> Union[Interval, List[Interval]]:
        with self._lock:
            n = len(self)
            if isinstance(key, slice):
                return [self._read(i) for i in range(*key.indices(n))]
            index = self._index(key)
            if not 0 <= index < n:
                raise IndexError("plan index %d out of range (%d intervals)" % (key, n))
            return self._read(index)

    def __iter__(self) -> Iterator[Interval]:
        index = 0
        while index < len(self):
            yield self[index]
            index += 1

    def intervals(self) -> List[Interval]:
        """Every interval of the week, in order (read under one lock)."""
        with self._lock:
            return [self._read(i) for i in range(len(self))]

    def summary(self) -> PlanSummary:
        """The week's totals."""
        out = csvc_staffing_summary()
        lib.csvc_staffing_summary_init(byref(out))
        out.version = CSVC_STAFFING_SUMMARY_VERSION
        with self._lock:
            lib.csvc_staffing_plan_summary(self._h(), byref(out))
        return PlanSummary(**{name: getattr(out, name) for name in _SUMMARY_FIELDS})

    def to_pandas(self):
        """The intervals as a pandas DataFrame: one row per interval (index
        ``interval``), with ``day`` ("monday".."sunday") and ``time``
        ("HH:MM") columns after ``start_minute``, then every other
        :class:`Interval` field (``met`` as an int of Goal bits)."""
        try:
            import pandas
        except ImportError as exc:
            raise ImportError("Plan.to_pandas() needs pandas, which is not installed; "
                              "iterate the plan (list(plan)) for Interval rows") from exc
        rows = self.intervals()
        columns = ["start_minute", "day", "time"] + [
            name for name in _INTERVAL_FIELDS if name not in ("index", "start_minute")]
        data = []
        for row in rows:
            values = {name: getattr(row, name) for name in _INTERVAL_FIELDS}
            values["day"] = str(row.day)
            values["time"] = row.time
            values["met"] = int(row.met)
            data.append([values[name] for name in columns])
        return pandas.DataFrame(data, columns=columns,
                                index=pandas.Index([row.index for row in rows],
                                                   name="interval"))


# -- shift generation -------------------------------------------------------------------


class ScheduleStatus(Named):
    """How the solver ended (csvc_schedule_status)."""

    OPTIMAL = 0  #: optimal within ``mip_gap``
    TIME_LIMIT = 1  #: stopped at the time limit with a schedule; see ``gap``
    INFEASIBLE = 2  #: no schedule meets the constraints; see ``limit``
    NO_SOLUTION = 3  #: stopped at the time limit before finding any


class ScheduleLimit(Named):
    """The constraint an infeasible problem cannot meet
    (csvc_schedule_limit)."""

    NONE = 0
    NO_TEMPLATE = 1  #: an interval needs staff and no template works then
    MAX_HEADS = 2  #: the templates at their max_heads cannot cover an interval
    TOTAL_HEADS = 3  #: max_total_heads
    BUDGET = 4  #: the budget
    AVAILABLE = 5  #: the available heads of ``limit_type``
    COMBINED = 6  #: the limits together, none alone


_DayLike = Union[Weekday, str, int]
_Minutes = Union[int, str, datetime.timedelta]


def _labelled(label, exc):
    """``exc`` again, its message prefixed by ``label``."""
    if isinstance(exc, errors.Error):
        return type(exc)(exc.status, "%s: %s" % (label, exc.message))
    return type(exc)("%s: %s" % (label, exc))


@dataclass(frozen=True)
class ShiftTemplate:
    """A shift template for :meth:`Plan.generate_shifts`
    (csvc_shift_template).

    ``start`` is the local time of day it starts (minutes or "HH:MM"),
    ``length`` its paid time a day, break included (minutes, "HH:MM" or a
    timedelta), and ``days`` the days it works, as for
    :meth:`Plan.add_shift` (the same people each day; it may run past
    midnight). A break of ``break_minutes`` (0: none) starts at one of the
    offsets ``earliest``, ``earliest + step``, ... up to ``latest``
    minutes after the shift's start, ``break_window = (earliest, latest)``
    and ``step`` the plan's interval length; the generator chooses how many
    heads take it at each offset. ``break_window`` None: anywhere in the
    shift, 0 .. length - break_minutes. ``min_heads`` .. ``max_heads``
    (None: STAFFING_AGENTS_MAX) bound the template's heads; ``employment``
    is who works it; ``cost_per_hour`` is in minor units per paid hour (an
    int, 0 .. SHIFT_COST_MAX): a head costs cost_per_hour x length x days
    / 60 a week, rounded half up to the minor unit.

    The values are checked when a schedule is generated, the library's
    message naming the template's index and id.
    """

    id: str
    start: Union[int, str, datetime.time]
    length: _Minutes
    days: Union[_DayLike, Iterable[_DayLike]]
    break_minutes: _Minutes = 0
    break_window: Optional[Tuple[_Minutes, _Minutes]] = None
    min_heads: int = 0
    max_heads: Optional[int] = None
    employment: Union[Employment, str, int] = Employment.FULL_TIME
    cost_per_hour: int = 0

    def _fill(self, t, index):
        """Fills the csvc_shift_template ``t`` (templates[index]); returns
        the id bytes it points to and the shape (days mask, start minute,
        length) of its shift."""
        raw_id = None
        try:
            raw_id = cv.text(self.id, "id")
            lib.csvc_shift_template_init(byref(t))
            t.version = CSVC_SHIFT_TEMPLATE_VERSION
            t.id = raw_id
            t.start_minute = _minute(self.start, "start")
            t.length_minutes = _minutes(self.length, "length")
            t.days = _days(self.days)
            t.break_minutes = _minutes(self.break_minutes, "break_minutes")
            if self.break_window is None:
                earliest = 0
                latest = max(t.length_minutes - t.break_minutes, 0) if t.break_minutes else 0
            else:
                if isinstance(self.break_window, (str, bytes)):
                    raise TypeError("break_window: expected (earliest, latest), got %r"
                                    % (self.break_window,))
                try:
                    earliest, latest = self.break_window
                except (TypeError, ValueError):
                    raise TypeError("break_window: expected (earliest, latest) minutes after "
                                    "the start, got %r" % (self.break_window,)) from None
                earliest = _minutes(earliest, "break_window[0]")
                latest = _minutes(latest, "break_window[1]")
            t.break_earliest, t.break_latest = earliest, latest
            t.min_heads = cv.integer(self.min_heads, "min_heads", cv.UINT32)
            t.max_heads = (CSVC_STAFFING_AGENTS_MAX if self.max_heads is None
                           else cv.integer(self.max_heads, "max_heads", cv.UINT32))
            t.employment = _employment_in(self.employment)
            t.cost_per_hour = cv.money(self.cost_per_hour, "cost_per_hour")
        except (errors.Error, TypeError, ValueError) as exc:
            label = "templates[%d]" % index
            if raw_id:
                label += " '%s'" % cv.decode(raw_id)
            raise _labelled(label, exc) from None
        return raw_id, (t.days, t.start_minute, t.length_minutes)


@dataclass(frozen=True)
class ScheduleShift:
    """The heads of one template that take their break at one offset
    (csvc_schedule_shift): ``break_offset`` minutes after the shift's
    start (None: the template has no break); ``cost`` is their weekly cost
    in minor units."""

    template_index: int
    template_id: str
    break_offset: Optional[int]
    heads: int
    cost: int


@dataclass(frozen=True)
class ScheduleInterval(_WeekClock):
    """One interval of a schedule (csvc_schedule_interval): the plan's
    ``required`` staff, the heads the schedule has there (``covered``,
    time-weighted: a head on a break or for part of the interval counts
    that share), and the ``shortfall`` / ``overstaffing`` against it."""

    index: int
    start_minute: int  # minute of the local week, Monday 00:00 = 0
    required: int
    covered: float
    shortfall: float
    overstaffing: float


@dataclass(frozen=True)
class Recruitment:
    """The recruitment need of a team for a schedule (csvc_recruitment):
    per employment type, the heads the schedule uses (``required``), the
    heads the roster has (``available``), ``gap`` = max(required -
    available, 0) and ``surplus`` = max(available - required, 0);
    ``total_gap`` is the sum of the gaps."""

    required: Dict[Employment, int]
    available: Dict[Employment, int]
    gap: Dict[Employment, int]
    surplus: Dict[Employment, int]
    total_gap: int


_SCHEDULE_INTERVAL_FIELDS = tuple(f.name for f in dataclasses.fields(ScheduleInterval))
_SCHEDULE_SHIFT_FIELDS = tuple(f.name for f in dataclasses.fields(ScheduleShift))


def _by_type(counts):
    """{Employment: count} of a C array indexed by csvc_employment."""
    return {kind: int(counts[int(kind)]) for kind in Employment}


def _available_in(value):
    """The heads per employment type from a mapping or three counts."""
    counts = [0] * CSVC_EMPLOYMENT_COUNT
    if isinstance(value, Mapping):
        seen = {}
        for key, heads in value.items():
            kind = _employment_in(key, "available")
            if not 0 <= kind < CSVC_EMPLOYMENT_COUNT:
                raise errors.InvalidArgument(-1, "available: employment %d unknown (0..%d)"
                                             % (kind, CSVC_EMPLOYMENT_COUNT - 1))
            name = str(Employment(kind))
            if kind in seen:
                raise ValueError("available: %r and %r are both %s"
                                 % (seen[kind], key, name))
            seen[kind] = key
            counts[kind] = cv.integer(heads, "available[%s]" % name, cv.UINT32)
        return counts
    if isinstance(value, (str, bytes)):
        raise TypeError("available: expected a mapping or %d counts, got %s"
                        % (CSVC_EMPLOYMENT_COUNT, type(value).__name__))
    try:
        items = list(value)
    except TypeError:
        raise TypeError("available: expected a mapping or %d counts, got %s"
                        % (CSVC_EMPLOYMENT_COUNT, type(value).__name__)) from None
    if len(items) != CSVC_EMPLOYMENT_COUNT:
        raise ValueError("available: expected %d counts (%s), got %d"
                         % (CSVC_EMPLOYMENT_COUNT, ", ".join(str(k) for k in Employment),
                            len(items)))
    return [cv.integer(heads, "available[%d]" % i, cv.UINT32) for i, heads in enumerate(items)]


def _generate_options(soft, shortfall_penalty, max_total_heads, budget, available, time_limit,
                      mip_gap):
    o = csvc_generate_options()
    lib.csvc_generate_options_init(byref(o))
    o.version = CSVC_GENERATE_OPTIONS_VERSION
    o.soft = int(soft) if isinstance(soft, bool) else cv.integer(soft, "soft", cv.INT32)
    o.shortfall_penalty = cv.money(shortfall_penalty, "shortfall_penalty")
    o.max_total_heads = (0 if max_total_heads is None
                         else cv.integer(max_total_heads, "max_total_heads", cv.UINT32))
    o.budget = 0 if budget is None else cv.money(budget, "budget")
    if available is not None:
        o.limit_available = 1
        for kind, heads in enumerate(_available_in(available)):
            o.available[kind] = heads
    if isinstance(time_limit, datetime.timedelta):
        time_limit = time_limit.total_seconds()
    o.time_limit = _real(time_limit, "time_limit")
    o.mip_gap = _real(mip_gap, "mip_gap")
    return o


def _free_schedule(handle):
    lib.csvc_staffing_schedule_free(handle)


class Schedule(Handle):
    """A generated schedule (csvc_staffing_schedule), from
    :meth:`Plan.generate_shifts`: read-only, independent of the plan.

    Its totals are properties (:attr:`status`, :attr:`cost`,
    :attr:`heads`, ...; hours are staff-hours over the week),
    :attr:`template_heads` the heads of each template, :attr:`shifts` the
    heads per template and break offset, :attr:`intervals` the coverage of
    every interval of the plan's week, and :attr:`message` what the solver
    found in words. An infeasible schedule (or one without a solution) has
    no heads; :attr:`limit` names the constraint that cannot be met and
    :attr:`limit_interval` the first interval it leaves short.

    The schedule frees its C handle on :meth:`close`, at the end of a
    ``with`` block, or when it is garbage collected.
    """

    _CLOSED_MESSAGE = "schedule is closed"

    def __init__(self):
        raise TypeError("a Schedule comes from Plan.generate_shifts()")

    @classmethod
    def _new(cls, handle, templates, raw_ids, shapes):
        self = cls.__new__(cls)
        self._handle = handle
        self._lock = threading.RLock()
        self._finalizer = weakref.finalize(self, _free_schedule, handle)
        self._templates = tuple(templates)
        self._ids = tuple(cv.decode(raw) for raw in raw_ids)
        self._shapes = tuple(shapes)
        try:
            summary = csvc_schedule_summary()
            lib.csvc_schedule_summary_init(byref(summary))
            summary.version = CSVC_SCHEDULE_SUMMARY_VERSION
            lib.csvc_staffing_schedule_summary(handle, byref(summary))
        except BaseException:
            self.close()
            raise
        self._summary = summary  # a schedule never changes
        return self

    # -- lifetime


    def __repr__(self):
        if self._handle is None:
            return "<csvc.Schedule closed>"
        return "<csvc.Schedule %s, %d heads, cost %d>" % (self.status, self.heads, self.cost)

    # -- totals

    def _total(self, name):
        with self._lock:
            self._h()
            return getattr(self._summary, name)

    @property
    def status(self) -> ScheduleStatus:
        """How the solver ended."""
        value = self._total("status")
        try:
            return ScheduleStatus(value)
        except ValueError:  # a status added by a newer library
            return value

    @property
    def limit(self) -> ScheduleLimit:
        """Infeasible: the constraint that cannot be met; else NONE."""
        value = self._total("limit")
        try:
            return ScheduleLimit(value)
        except ValueError:
            return value

    @property
    def limit_type(self) -> Optional[Employment]:
        """The employment type whose available heads are too few (limit
        AVAILABLE); None for any other limit."""
        if self.limit != ScheduleLimit.AVAILABLE:
            return None
        return _employment_out(self._total("limit_type"))

    @property
    def limit_interval(self) -> Optional[int]:
        """Infeasible: the first interval (in the week's order) the limit
        leaves short; None when there is none."""
        value = self._total("limit_interval")
        return None if value < 0 else int(value)

    @property
    def gap(self) -> float:
        """The relative gap (cost - best bound) / cost; 0 when proven
        optimal."""
        return self._total("gap")

    @property
    def cost(self) -> int:
        """The weekly cost, minor units."""
        return int(self._total("cost"))

    @property
    def objective(self) -> float:
        """cost + shortfall_penalty x shortfall hours (soft coverage), in
        minor units; the cost with hard coverage."""
        return self._total("objective")

    @property
    def heads(self) -> int:
        """Heads over every template."""
        return int(self._total("heads"))

    @property
    def heads_by_type(self) -> Dict[Employment, int]:
        """Heads per employment type (every type, 0 included)."""
        with self._lock:
            self._h()
            return _by_type(self._summary.heads_by_type)

    @property
    def required_hours(self) -> float:
        """Sum of required staff x interval length, hours."""
        return self._total("required_hours")

    @property
    def covered_hours(self) -> float:
        """Sum of coverage x interval length, hours."""
        return self._total("covered_hours")

    @property
    def shortfall_hours(self) -> float:
        """Sum of max(required - coverage, 0) x interval length, hours."""
        return self._total("shortfall_hours")

    @property
    def overstaffing_hours(self) -> float:
        """Sum of max(coverage - required, 0) x interval length, hours."""
        return self._total("overstaffing_hours")

    @property
    def intervals_short(self) -> int:
        """Intervals with a shortfall."""
        return int(self._total("intervals_short"))

    @property
    def seconds(self) -> float:
        """The solver's wall-clock time."""
        return self._total("seconds")

    @property
    def message(self) -> str:
        """What the solver found, in words (why it is infeasible, the
        gap)."""
        with self._lock:
            return cv.decode(lib.csvc_staffing_schedule_message(self._h())) or ""

    # -- details

    @property
    def templates(self) -> Tuple[ShiftTemplate, ...]:
        """The templates the schedule was generated from."""
        with self._lock:
            self._h()
            return self._templates

    @property
    def template_heads(self) -> Dict[str, int]:
        """Heads of each template (over all its break offsets), by id, in
        template order (0 for a template left unused)."""
        with self._lock:
            handle = self._h()
            return {template_id: int(lib.csvc_staffing_schedule_template_heads(handle, index))
                    for index, template_id in enumerate(self._ids)}

    @property
    def shifts(self) -> List[ScheduleShift]:
        """The (template, break offset) pairs with heads, in template
        order."""
        out = csvc_schedule_shift()
        rows = []
        with self._lock:
            handle = self._h()
            for index in range(lib.csvc_staffing_schedule_shift_count(handle)):
                lib.csvc_schedule_shift_init(byref(out))
                out.version = CSVC_SCHEDULE_SHIFT_VERSION
                lib.csvc_staffing_schedule_shift(handle, index, byref(out))
                rows.append(ScheduleShift(
                    template_index=int(out.template_index),
                    template_id=cv.decode(out.template_id),
                    break_offset=None if out.break_offset < 0 else int(out.break_offset),
                    heads=int(out.heads), cost=int(out.cost)))
        return rows

    def intervals(self) -> List[ScheduleInterval]:
        """Every interval of the plan's week, in order (a method, as
        :meth:`Plan.intervals` is)."""
        out = csvc_schedule_interval()
        rows = []
        with self._lock:
            handle = self._h()
            for index in range(lib.csvc_staffing_schedule_interval_count(handle)):
                lib.csvc_schedule_interval_init(byref(out))
                out.version = CSVC_SCHEDULE_INTERVAL_VERSION
                lib.csvc_staffing_schedule_interval(handle, index, byref(out))
                rows.append(ScheduleInterval(
                    index=index, start_minute=int(out.start_minute), required=int(out.required),
                    covered=out.covered, shortfall=out.shortfall,
                    overstaffing=out.overstaffing))
        return rows

    def to_pandas(self):
        """The intervals as a pandas DataFrame: one row per interval (index
        ``interval``), with ``day`` ("monday".."sunday") and ``time``
        ("HH:MM") columns after ``start_minute``, then ``required``,
        ``covered``, ``shortfall`` and ``overstaffing``, as
        :meth:`Plan.to_pandas` has them."""
        pandas = _frames.require("Schedule.to_pandas()",
                                 "read schedule.intervals() for ScheduleInterval rows")
        rows = self.intervals()
        columns = ["start_minute", "day", "time"] + [
            name for name in _SCHEDULE_INTERVAL_FIELDS if name not in ("index", "start_minute")]
        data = []
        for row in rows:
            values = {name: getattr(row, name) for name in _SCHEDULE_INTERVAL_FIELDS}
            values["day"] = str(row.day)
            values["time"] = row.time
            data.append([values[name] for name in columns])
        return pandas.DataFrame(data, columns=columns,
                                index=pandas.Index([row.index for row in rows],
                                                   name="interval"))

    def shifts_to_pandas(self):
        """The shifts as a pandas DataFrame: one row per (template, break
        offset) pair with heads (index ``shift``, 0..n-1), with the
        :class:`ScheduleShift` fields as columns (``break_offset`` a
        nullable ``Int64``, <NA> without a break)."""
        pandas = _frames.require("Schedule.shifts_to_pandas()",
                                 "read schedule.shifts for ScheduleShift rows")
        rows = self.shifts
        data = {}
        for name in _SCHEDULE_SHIFT_FIELDS:
            values = [getattr(row, name) for row in rows]
            if name == "break_offset":
                data[name] = pandas.array(values, dtype="Int64")
            elif name == "template_id":
                data[name] = pandas.array(values, dtype=object)
            else:
                data[name] = pandas.array(values, dtype="int64")
        return pandas.DataFrame(data, columns=list(_SCHEDULE_SHIFT_FIELDS),
                                index=pandas.RangeIndex(len(rows), name="shift"))


# -- the roster's heads ---------------------------------------------------------------


def _roster(value):
    if not isinstance(value, Roster):
        raise TypeError("roster: expected a csvc.Roster, got %s" % type(value).__name__)
    return value


@c_keywords
def available_heads(roster: Roster, team: Optional[str] = None, *,
                    at: Instant) -> Dict[Employment, int]:
    """The heads of each employment type that ``team`` (None: every team)
    has at ``at`` (int Unix seconds, an aware datetime or an ISO 8601
    string): agents hired by then and still employed (separated after it,
    or never separated and active). Every type is a key, 0 included; the
    dict is what :meth:`Plan.generate_shifts` takes as ``available``.
    csvc.NotFound for an unknown team."""
    roster = _roster(roster)
    raw_team = cv.optional_text(team, "team")
    when = to_time(at, "at")
    out = (c_uint32 * CSVC_EMPLOYMENT_COUNT)()
    with roster._lock:
        lib.csvc_staffing_available_heads(roster._h(), raw_team, when, out)
    return _by_type(out)


@c_keywords
def recruitment(roster: Roster, schedule: Schedule, team: Optional[str] = None, *,
                at: Instant) -> Recruitment:
    """The recruitment need (招聘指标) of ``team`` (None: every team) at
    ``at`` for ``schedule``: per employment type, the heads the schedule
    uses against those :func:`available_heads` counts. Generate the
    schedule without ``available`` to see the full need. csvc.NotFound for
    an unknown team."""
    roster = _roster(roster)
    if not isinstance(schedule, Schedule):
        raise TypeError("schedule: expected a csvc.Schedule, got %s" % type(schedule).__name__)
    raw_team = cv.optional_text(team, "team")
    when = to_time(at, "at")
    out = csvc_recruitment()
    out.version = CSVC_RECRUITMENT_VERSION
    with roster._lock, schedule._lock:
        lib.csvc_staffing_recruitment(roster._h(), raw_team, when, schedule._h(), byref(out))
    return Recruitment(required=_by_type(out.required), available=_by_type(out.available),
                       gap=_by_type(out.gap), surplus=_by_type(out.surplus),
                       total_gap=int(out.total_gap))
