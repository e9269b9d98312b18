"""The service desk (csvc/desk.h): tickets, their state machine, the event
log, SLA clocks in business time, routing and service metrics.

Python conventions used here:

- ids are ``str`` (``bytes`` are passed through unchanged);
- instants are ``int`` Unix seconds or timezone-aware ``datetime`` objects
  (a naive ``datetime`` is a ``ValueError``); instants the desk returns are
  ``int``, or ``None`` for something that has not happened
  (``CSVC_TIME_NONE``);
- durations are ``int`` seconds (a ``timedelta`` is accepted);
- channels, priorities, states, event types and routing strategies are
  IntEnums; their names ("chat", "return_refund") are accepted as input;
- periods are ``(start, end)`` tuples or :class:`csvc.Period`, half-open;
- rates without a denominator are ``float('nan')``, never 0.

Every call that drives a ticket either applies one event and appends it to
the log, or raises a :class:`csvc.Error` subclass carrying the library's
message ("ticket T-9: cannot resolve from state 'new'") and changes nothing.
"""

import dataclasses
import datetime
import math
import weakref
from ctypes import byref, c_char_p, c_int, c_int32, c_int64, c_size_t, c_uint64
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Union

from . import _convert as cv
from . import _frames
from . import handoffs as _handoffs
from .handoffs import HandoffMetrics
from ._convert import Path, Source
from ._keywords import c_attributes, c_keywords
from ._named import Named
from . import errors
from ._handle import Handle, _refuse_while_stored
from ._lib import (
    CSVC_DESK_OPTIONS_VERSION,
    CSVC_EVENT_VERSION,
    CSVC_METRICS_VERSION,
    CSVC_PAUSE_PENDING_CUSTOMER,
    CSVC_PAUSE_PENDING_INTERNAL,
    CSVC_SLA_POLICY_VERSION,
    CSVC_SLA_STATUS_VERSION,
    CSVC_TICKET_INFO_VERSION,
    CSVC_TICKET_SPEC_VERSION,
    CSVC_TIME_NONE,
    csvc_agent_info,
    csvc_desk_options,
    csvc_event,
    csvc_event_fn,
    csvc_event_visit_fn,
    csvc_metrics,
    csvc_metrics_slice,
    csvc_period,
    csvc_sla_policy,
    csvc_sla_status,
    csvc_ticket_info,
    csvc_ticket_spec,
    desk_p,
    lib,
)
from ._times import Duration, Instant, PeriodLike as Period, to_seconds, to_time
from .calendar import Calendar
from .roster import Category, Roster

__all__ = [
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



class Channel(Named):
    """Contact channels (csvc_channel)."""

    PHONE = 0
    CHAT = 1
    EMAIL = 2
    WEB_FORM = 3
    SOCIAL = 4
    IN_STORE = 5


class Priority(Named):
    """Ticket priorities (csvc_priority), in order."""

    LOW = 0
    NORMAL = 1
    HIGH = 2
    URGENT = 3


class State(Named):
    """Ticket states (csvc_ticket_state)."""

    NEW = 0
    ASSIGNED = 1
    IN_PROGRESS = 2
    PENDING = 3
    RESOLVED = 4
    CLOSED = 5
    CANCELLED = 6

    @property
    def is_open(self) -> bool:
        """new, assigned, in_progress or pending."""
        return self <= State.PENDING


class PendReason(Named):
    """What a pending ticket waits for (csvc_pend_reason)."""

    CUSTOMER = 0
    INTERNAL = 1


class EventType(Named):
    """Event types of the log (csvc_event_type)."""

    CREATED = 0
    ASSIGNED = 1
    TRANSFERRED = 2
    ESCALATED = 3
    STARTED = 4
    AGENT_REPLY = 5
    CUSTOMER_REPLY = 6
    INTERNAL_NOTE = 7
    PENDED = 8
    RESUMED = 9
    RESOLVED = 10
    CLOSED = 11
    REOPENED = 12
    RATED = 13
    COMPLAINT = 14
    CANCELLED = 15


class Routing(Named):
    """Routing strategies (csvc_routing)."""

    ROUND_ROBIN = 0
    LEAST_LOADED = 1
    SKILL = 2


_SCOPE_DESK, _SCOPE_TEAM, _SCOPE_AGENT = 0, 1, 2


# -- value types ---------------------------------------------------------------


@c_attributes
@dataclass(frozen=True)
class Event:
    """One event of the log, or one to :meth:`Desk.apply`.

    Fields that do not apply to a type are None / 0 (see desk.h for which
    fields each type uses). ``channel``, ``category`` and ``priority``
    describe a ``created`` event only; out of the log they are None for the
    other types, and None in an event to apply means the C defaults. ``seq``
    is the 1-based position in the log (ignored by apply).
    """

    type: EventType
    ticket: str
    time: int
    actor: Optional[str] = None
    agent: Optional[str] = None
    team: Optional[str] = None
    customer: Optional[str] = None
    related: Optional[str] = None
    code: Optional[str] = None
    channel: Optional[Channel] = None
    category: Optional[Category] = None
    priority: Optional[Priority] = None
    value: int = 0
    seq: int = 0


@c_attributes
@dataclass(frozen=True)
class Ticket:
    """A ticket's state (a snapshot). Times are int Unix seconds, or None
    until they happen; ``csat`` is None until the ticket is rated."""

    id: str
    team: str
    state: State
    channel: Channel
    category: Category
    priority: Priority
    customer: Optional[str]
    agent: Optional[str]
    related: Optional[str]
    tier: int
    reopen_count: int
    transfer_count: int
    csat: Optional[int]
    complaints: int
    first_contact: bool
    created: int
    first_response: Optional[int]
    first_resolved: Optional[int]
    resolved: Optional[int]
    closed: Optional[int]
    event_count: int

    @property
    def is_open(self) -> bool:
        return self.state <= State.PENDING


@dataclass(frozen=True)
class SlaStatus:
    """SLA clocks of a ticket at an instant (see csvc_sla_status).

    A due time is None when the clock has no target or is paused; the
    remaining times are business seconds (negative once overdue).
    """

    paused: bool
    first_response_due: Optional[int]
    next_response_due: Optional[int]
    resolution_due: Optional[int]
    first_response_remaining: int
    next_response_remaining: int
    resolution_remaining: int
    first_response_breached: bool
    next_response_breached: bool
    resolution_breached: bool
    first_response_breach_time: Optional[int]
    next_response_breach_time: Optional[int]
    resolution_breach_time: Optional[int]

    @property
    def breached(self) -> bool:
        """At least one clock missed its target."""
        return (self.first_response_breached or self.next_response_breached
                or self.resolution_breached)


@dataclass(frozen=True)
class Metrics:
    """Service metrics over a period (the definitions of csvc_metrics in
    csvc/desk.h: who a ticket counts for, what each rate divides). Counts
    are ints; rates and durations floats, NaN when there is nothing to
    measure. Durations are business seconds; medians and p90 interpolate
    linearly between closest ranks (pandas ``quantile`` default)."""

    handled: int
    resolved: int
    resolution_rate: float
    first_contact: int
    fcr: float
    first_response_count: int
    first_response_mean: float
    first_response_median: float
    first_response_p90: float
    resolution_count: int
    resolution_mean: float
    resolution_median: float
    resolution_p90: float
    total_resolution_mean: float
    total_resolution_median: float
    total_resolution_p90: float
    sla_due: int
    sla_met: int
    sla_compliance: float
    reopened: int
    reopen_rate: float
    csat_count: int
    csat: float
    csat_mean: float
    complaints: int
    complaint_rate: float
    transfers: int
    escalations: int
    transfer_rate: float
    escalation_rate: float
    backlog: int

    def __eq__(self, other):
        # NaN stands for "no value": two empty metrics are equal.
        if not isinstance(other, Metrics):
            return NotImplemented
        for field in _METRIC_FIELDS:
            a, b = getattr(self, field), getattr(other, field)
            if a != b and not (isinstance(a, float) and isinstance(b, float)
                               and math.isnan(a) and math.isnan(b)):
                return False
        return True


# NaN-aware equality cannot agree with a field hash (NaNs hash apart), so
# Metrics are unhashable, like the float-keyed dicts they usually end up in.
Metrics.__hash__ = None

_METRIC_FIELDS = tuple(f.name for f in dataclasses.fields(Metrics))
_METRIC_COUNTS = frozenset(f.name for f in dataclasses.fields(Metrics) if f.type in (int, "int"))

# Table columns: (C field name, attribute, kind); see _frames.
_TICKET_COLUMNS = [
    ("team_id", "team", object), ("state", "state", State), ("channel", "channel", Channel),
    ("category", "category", Category), ("priority", "priority", Priority),
    ("customer_id", "customer", object), ("agent_id", "agent", object),
    ("related_id", "related", object), ("tier", "tier", int),
    ("reopen_count", "reopen_count", int), ("transfer_count", "transfer_count", int),
    ("csat", "csat", "Int64"), ("complaints", "complaints", int),
    ("first_contact", "first_contact", bool), ("created", "created", "time"),
    ("first_response", "first_response", "time"), ("first_resolved", "first_resolved", "time"),
    ("resolved", "resolved", "time"), ("closed", "closed", "time"),
    ("event_count", "event_count", int),
]
_EVENT_COLUMNS = [
    ("type", "type", EventType), ("ticket_id", "ticket", object), ("time", "time", "time"),
    ("actor_id", "actor", object), ("agent_id", "agent", object), ("team_id", "team", object),
    ("customer_id", "customer", object), ("related_id", "related", object),
    ("code", "code", object), ("channel", "channel", Channel),
    ("category", "category", Category), ("priority", "priority", Priority),
    ("value", "value", int),
]


# -- conversions -----------------------------------------------------------------


def _time_out(t):
    return None if t == CSVC_TIME_NONE else t


def _enum_in(value, what, parse):
    """An enum input: a member or int (the library checks the range), or a
    name parsed by the library (csvc.InvalidArgument if unknown)."""
    if isinstance(value, (str, bytes)):
        out = c_int()
        parse(cv.text(value, what), byref(out))
        return out.value
    return cv.integer(value, what, cv.INT32)


def _enum_out(cls, value):
    try:
        return cls(value)
    except ValueError:  # a value added by a newer library
        return value


def _channel(value):
    return _enum_in(value, "channel", lib.csvc_channel_parse)


def _category(value):
    return _enum_in(value, "category", lib.csvc_category_parse)


def _priority(value):
    return _enum_in(value, "priority", lib.csvc_priority_parse)


def _event_type(value):
    return _enum_in(value, "type", lib.csvc_event_type_parse)


_PEND_NAMES = {"customer": PendReason.CUSTOMER, "internal": PendReason.INTERNAL}
_PAUSE_BITS = {
    "pending_customer": CSVC_PAUSE_PENDING_CUSTOMER,
    "customer": CSVC_PAUSE_PENDING_CUSTOMER,
    "pending_internal": CSVC_PAUSE_PENDING_INTERNAL,
    "internal": CSVC_PAUSE_PENDING_INTERNAL,
}
_ROUTING_NAMES = {r.name.lower(): r for r in Routing}


def _named(value, what, names):
    """A name from ``names`` (case-insensitive) or an int."""
    if isinstance(value, (str, bytes)):
        name = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
        if name.lower() in names:
            return int(names[name.lower()])
        raise errors.InvalidArgument(-1, "%s: unknown %s %r (expected %s)"
                                     % (what, what, value, ", ".join(sorted(names))))
    return cv.integer(value, what, cv.INT32)


def _pause_states(value):
    """CSVC_PAUSE_* bits from names, PendReason members or an int mask."""
    if isinstance(value, (str, bytes, PendReason)):
        value = (value,)
    elif isinstance(value, int) and not isinstance(value, bool):
        return cv.integer(value, "pause_states", cv.UINT32)
    bits = 0
    for state in value:
        if isinstance(state, PendReason):
            bits |= 1 << int(state)
        else:
            bits |= _named(state, "pause_states", _PAUSE_BITS)
    return bits


def _period_in(period, what="period"):
    if period is None:
        return None
    try:
        start, end = period
    except (TypeError, ValueError):
        raise TypeError("%s: expected (start, end), got %r" % (what, period)) from None
    return csvc_period(to_time(start, what + ".start"), to_time(end, what + ".end"))


_SPLITS = {"category": (Category, 1), "channel": (Channel, 2), "priority": (Priority, 3)}


def _split(by):
    """The enum and CSVC_METRICS_BY_* code of a split name."""
    try:
        return _SPLITS[by]
    except (KeyError, TypeError):
        raise ValueError("by: expected 'category', 'channel' or 'priority', not %r" % (by,)) \
            from None


def _mask(values, enum_class, what):
    """Bits 1 << value of `values` (names, enums or ints); None: 0 (all)."""
    if values is None:
        return 0
    if isinstance(values, (str, bytes, int)):
        values = [values]
    mask = 0
    for value in values:
        try:
            member = enum_class(value)
        except ValueError:
            raise ValueError("%s: unknown value %r" % (what, value)) from None
        mask |= 1 << int(member)
    if not mask:
        raise ValueError("%s: an empty selection keeps no ticket" % what)
    return mask


def _slice_in(categories, channels, priorities, by):
    s = csvc_metrics_slice()
    lib.csvc_metrics_slice_init(byref(s))
    s.categories = _mask(categories, Category, "categories")
    s.channels = _mask(channels, Channel, "channels")
    s.priorities = _mask(priorities, Priority, "priorities")
    s.by = by or 0
    return s


def _period_ref(c_period):
    return None if c_period is None else byref(c_period)


def _event_out(c):
    created = c.type == EventType.CREATED
    return Event(
        type=_enum_out(EventType, c.type),
        ticket=cv.decode(c.ticket_id),
        time=c.time,
        actor=cv.decode(c.actor_id),
        agent=cv.decode(c.agent_id),
        team=cv.decode(c.team_id),
        customer=cv.decode(c.customer_id),
        related=cv.decode(c.related_id),
        code=cv.decode(c.code),
        channel=_enum_out(Channel, c.channel) if created else None,
        category=_enum_out(Category, c.category) if created else None,
        priority=_enum_out(Priority, c.priority) if created else None,
        value=c.value,
        seq=c.seq,
    )


def _event_struct(event):
    """A csvc_event from an Event; the bytes stay referenced by the struct."""
    if not isinstance(event, Event):
        raise TypeError("expected a csvc.Event, got %s" % type(event).__name__)
    c = csvc_event()
    lib.csvc_event_init(byref(c))
    c.version = CSVC_EVENT_VERSION
    c.type = _event_type(event.type)
    c.ticket_id = cv.text(event.ticket, "ticket")
    c.time = to_time(event.time, "time")
    for field, c_field in (("actor", "actor_id"), ("agent", "agent_id"), ("team", "team_id"),
                           ("customer", "customer_id"), ("related", "related_id"),
                           ("code", "code")):
        setattr(c, c_field, cv.optional_text(getattr(event, field), field))
    if event.channel is not None:
        c.channel = _channel(event.channel)
    if event.category is not None:
        c.category = _category(event.category)
    if event.priority is not None:
        c.priority = _priority(event.priority)
    c.value = cv.integer(event.value, "value", cv.INT32)
    return c


def _ticket_out(c):
    return Ticket(
        id=cv.decode(c.id),
        team=cv.decode(c.team_id),
        state=_enum_out(State, c.state),
        channel=_enum_out(Channel, c.channel),
        category=_enum_out(Category, c.category),
        priority=_enum_out(Priority, c.priority),
        customer=cv.decode(c.customer_id),
        agent=cv.decode(c.agent_id),
        related=cv.decode(c.related_id),
        tier=c.tier,
        reopen_count=c.reopen_count,
        transfer_count=c.transfer_count,
        csat=c.csat or None,
        complaints=c.complaints,
        first_contact=bool(c.first_contact),
        created=c.created,
        first_response=_time_out(c.first_response),
        first_resolved=_time_out(c.first_resolved),
        resolved=_time_out(c.resolved),
        closed=_time_out(c.closed),
        event_count=c.event_count,
    )


def _sla_out(c):
    return SlaStatus(
        paused=bool(c.paused),
        first_response_due=_time_out(c.first_response_due),
        next_response_due=_time_out(c.next_response_due),
        resolution_due=_time_out(c.resolution_due),
        first_response_remaining=c.first_response_remaining,
        next_response_remaining=c.next_response_remaining,
        resolution_remaining=c.resolution_remaining,
        first_response_breached=bool(c.first_response_breached),
        next_response_breached=bool(c.next_response_breached),
        resolution_breached=bool(c.resolution_breached),
        first_response_breach_time=_time_out(c.first_response_breach_time),
        next_response_breach_time=_time_out(c.next_response_breach_time),
        resolution_breach_time=_time_out(c.resolution_breach_time),
    )


def _metrics_out(c):
    return Metrics(**{field: getattr(c, field) for field in _METRIC_FIELDS})


class _CallbackState:
    """Shared by a desk and its C trampolines (which must not hold the desk
    itself): the exception a Python callback raised, and whether a callback
    is running."""

    def __init__(self):
        self.pending = None
        self.depth = 0


def _trampoline(state, function):
    """A C csvc_event_fn calling ``function(Event)``. An exception makes it
    return an error status, so the library undoes the event; the exception
    is then re-raised to the caller of the desk method."""

    def call(event_p, user_data):
        state.depth += 1
        try:
            function(_event_out(event_p.contents))
            return 0
        except BaseException as exc:  # noqa: B902 - re-raised by Desk._drive
            state.pending = exc
            status = exc.status if isinstance(exc, errors.Error) else -1
            return status if status < 0 else -1  # CSVC_E_INVALID
        finally:
            state.depth -= 1

    return csvc_event_fn(call)


def _free_desk(handle, roster):
    # `roster` is only carried so that the roster outlives the desk.
    lib.csvc_desk_free(handle)


# -- the desk ----------------------------------------------------------------------


@c_keywords
class Desk(Handle):
    """A service desk over a :class:`csvc.Roster`.

    The desk keeps a reference to the roster, which must stay open as long
    as the desk is used (agents and teams may be added to it, never
    removed). The desk shares the roster's lock, so calls on the two are
    serialised and one desk may be shared between threads.

    The desk frees its C handle on ``close()`` (without arguments), at the
    end of a ``with`` block, or when it is garbage collected.
    ``close(ticket, time)`` closes a ticket (also :meth:`close_ticket`).
    """

    _CLOSED_MESSAGE = "desk is closed"

    def __init__(self, roster: Roster, reopen_window: Duration = 7 * 86400,
                 auto_close_after: Duration = 3 * 86400, expected_tickets: int = 0):
        if not isinstance(roster, Roster):
            raise TypeError("roster: expected a csvc.Roster, got %s" % type(roster).__name__)
        options = csvc_desk_options()
        lib.csvc_desk_options_init(byref(options))
        options.version = CSVC_DESK_OPTIONS_VERSION
        options.reopen_window = to_seconds(reopen_window, "reopen_window")
        options.auto_close_after = to_seconds(auto_close_after, "auto_close_after")
        options.expected_tickets = cv.integer(expected_tickets, "expected_tickets", cv.SIZE)
        handle = desk_p()
        with roster._lock:
            lib.csvc_desk_new(roster._h(), byref(options), byref(handle))
        self._handle = handle
        self._roster = roster
        self._lock = roster._lock
        self._state = _CallbackState()
        self._callback = None  # the CFUNCTYPE object the C desk points to
        self._on_event = None
        self._finalizer = weakref.finalize(self, _free_desk, handle, roster)

    # -- lifetime

    def close(self, *args, **kwargs) -> None:
        """Frees the desk (again: nothing; any other use afterwards raises
        csvc.ClosedError). Tickets close with :meth:`close_ticket`."""
        if args or kwargs:
            raise TypeError("Desk.close() frees the desk and takes no arguments; "
                            "close a ticket with close_ticket(ticket, time)")
        with self._lock:
            if self._state.depth:
                raise errors.Busy(-9, "desk: cannot close the desk from its event callback")
            _refuse_while_stored(self)
            self._handle = None
            self._finalizer()
            self._callback = None  # the C desk that pointed to it is gone

    # closed (freed: not about tickets) and the with block come from Handle.

    def _h(self):
        handle = super()._h()
        if self._roster.closed:
            raise errors.ClosedError(
                -20, "desk: its roster is closed (the roster must outlive the desk)")
        return handle

    def __repr__(self):
        if self._handle is None:
            return "<csvc.Desk closed>"
        if self._roster.closed:
            return "<csvc.Desk with a closed roster>"
        return "<csvc.Desk %d tickets, %d events>" % (len(self), self.event_count)

    @property
    def roster(self) -> Roster:
        return self._roster

    def _drive(self, func, *args):
        """Calls a function that changes the desk (and so may run the event
        callback); re-raises what the callback raised."""
        with self._lock:
            if self._state.depth:
                raise errors.Busy(-9, "desk: the event callback must not change the desk")
            handle = self._h()
            self._state.pending = None
            try:
                return func(handle, *args)
            except errors.Error:
                pending, self._state.pending = self._state.pending, None
                if pending is None:
                    raise
            finally:
                self._state.pending = None
        raise pending from None

    # -- settings

    def set_reopen_policy(self, team: Optional[str], window: Duration,
                          auto_close_after: Duration) -> None:
        """Reopen window and auto-close delay of ``team`` (None: the desk
        default), in seconds. csvc.NotFound, csvc.RangeError."""
        self._drive(lib.csvc_desk_set_reopen_policy, cv.optional_text(team, "team"),
                    to_seconds(window, "window"),
                    to_seconds(auto_close_after, "auto_close_after"))

    def load_config_json(self, path: Path) -> None:
        """Replaces the desk's whole configuration (calendars, reopen
        policies, SLA policies, OLAs) with a JSON document
        (examples/data/desk_config.schema.json), all or nothing; the
        message of a refusal names the entry ("sla[2].priority")."""
        self._drive(lib.csvc_desk_load_config_json, cv.path(path))

    def load_config_json_text(self, text: Union[str, bytes]) -> None:
        """As :meth:`load_config_json` from the document's text."""
        data = cv.data(text)
        self._drive(lib.csvc_desk_load_config_json_buffer, data, len(data))

    def set_calendar(self, calendar: Calendar, team: Optional[str] = None) -> None:
        """Gives ``team`` (None: every team without its own) a copy of
        ``calendar``; SLA clocks and durations count its business time."""
        if not isinstance(calendar, Calendar):
            raise TypeError("calendar: expected a csvc.Calendar, got %s"
                            % type(calendar).__name__)
        raw_team = cv.optional_text(team, "team")
        with self._lock, calendar._lock:
            self._drive(lib.csvc_desk_set_calendar, raw_team, calendar._h())

    def add_sla_policy(self, team: Optional[str] = None,
                       priority: Union[Priority, str, int, None] = None,
                       category: Union[Category, str, int, None] = None,
                       first_response: Duration = 0, next_response: Duration = 0,
                       resolution: Duration = 0,
                       pause_states: Iterable[Union[State, str, int]] = ("pending_customer",)
                       ) -> None:
        """Adds SLA targets in business seconds (0: no target) for tickets
        of ``team``, ``priority`` and ``category`` (None: any). The most
        specific matching policy wins. ``pause_states`` lists when the
        clocks stop: "pending_customer" and/or "pending_internal"."""
        policy = csvc_sla_policy()
        lib.csvc_sla_policy_init(byref(policy))
        policy.version = CSVC_SLA_POLICY_VERSION
        policy.team_id = cv.optional_text(team, "team")
        policy.priority = -1 if priority is None else _priority(priority)
        policy.category = -1 if category is None else _category(category)
        policy.first_response = to_seconds(first_response, "first_response")
        policy.next_response = to_seconds(next_response, "next_response")
        policy.resolution = to_seconds(resolution, "resolution")
        policy.pause_states = _pause_states(pause_states)
        self._drive(lib.csvc_desk_add_sla_policy, byref(policy))

    def set_ola(self, department: str, target: Duration) -> None:
        """The OLA of ``department``: tickets pended on it should come back
        within ``target`` business seconds (0 removes it). csvc.RangeError."""
        self._drive(lib.csvc_desk_set_ola, cv.text(department, "department"),
                    to_seconds(target, "target"))

    def ola(self, department: str) -> int:
        """The OLA target of ``department`` in business seconds, 0 for none."""
        out = c_int64(0)
        with self._lock:
            lib.csvc_desk_ola(self._h(), cv.text(department, "department"), byref(out))
        return out.value

    # -- driving tickets

    def create(self, id: str, team: str, created: Instant, customer: Optional[str] = None,
               channel: Union[Channel, str, int] = "chat",
               category: Union[Category, str, int, None] = "inquiry",
               priority: Union[Priority, str, int, None] = "normal") -> None:
        """Creates ticket ``id`` in ``team``. csvc.AlreadyExists,
        csvc.NotFound (team)."""
        spec = csvc_ticket_spec()
        lib.csvc_ticket_spec_init(byref(spec))
        spec.version = CSVC_TICKET_SPEC_VERSION
        spec.id = cv.text(id, "id")
        spec.customer_id = cv.optional_text(customer, "customer")
        spec.channel = _channel(channel)
        spec.category = _category(category)
        spec.priority = _priority(priority)
        spec.team_id = cv.text(team, "team")
        spec.created = to_time(created, "created")
        self._drive(lib.csvc_desk_create, byref(spec))

    def assign(self, ticket: str, agent: str, time: Instant) -> None:
        """new|assigned -> assigned to ``agent`` (an active agent)."""
        self._drive(lib.csvc_desk_assign, cv.text(ticket, "ticket"), cv.text(agent, "agent"),
                    to_time(time))

    def start(self, ticket: str, time: Instant) -> None:
        """assigned -> in_progress."""
        self._drive(lib.csvc_desk_start, cv.text(ticket, "ticket"), to_time(time))

    def agent_reply(self, ticket: str, time: Instant, agent: Optional[str] = None) -> None:
        """An agent's reply to the customer (None: the assignee)."""
        self._drive(lib.csvc_desk_agent_reply, cv.text(ticket, "ticket"),
                    cv.optional_text(agent, "agent"), to_time(time))

    def customer_reply(self, ticket: str, time: Instant) -> None:
        """The customer writes (resumes a pending ticket, re-arms the
        next-response clock)."""
        self._drive(lib.csvc_desk_customer_reply, cv.text(ticket, "ticket"), to_time(time))

    def note(self, ticket: str, time: Instant, agent: Optional[str] = None) -> None:
        """An internal note (None: by the assignee)."""
        self._drive(lib.csvc_desk_note, cv.text(ticket, "ticket"),
                    cv.optional_text(agent, "agent"), to_time(time))

    def pend(self, ticket: str, time: Instant,
             reason: Union[PendReason, str, int] = "customer", *,
             department: Optional[str] = None) -> None:
        """in_progress -> pending, waiting on the customer or "internal".
        An internal pend may name the ``department`` it waits on: a
        handoff, see handoff_metrics(). ValueError for a department on a
        customer pend."""
        code = _named(reason, "reason", _PEND_NAMES)
        if department is None:
            self._drive(lib.csvc_desk_pend, cv.text(ticket, "ticket"), code, to_time(time))
        elif code != int(PendReason.INTERNAL):
            raise ValueError("department: only an internal pend waits on a department")
        else:
            self._drive(lib.csvc_desk_pend_internal, cv.text(ticket, "ticket"),
                        cv.text(department, "department"), to_time(time))

    def resume(self, ticket: str, time: Instant) -> None:
        """pending -> in_progress."""
        self._drive(lib.csvc_desk_resume, cv.text(ticket, "ticket"), to_time(time))

    def resolve(self, ticket: str, time: Instant, code: Optional[str] = None,
                first_contact: bool = False) -> None:
        """in_progress|pending -> resolved, with a resolution code."""
        self._drive(lib.csvc_desk_resolve, cv.text(ticket, "ticket"),
                    cv.optional_text(code, "code"), 1 if first_contact else 0, to_time(time))

    def close_ticket(self, ticket: str, time: Instant) -> None:
        """resolved -> closed."""
        self._drive(lib.csvc_desk_close, cv.text(ticket, "ticket"), to_time(time))

    def reopen(self, ticket: str, time: Instant) -> None:
        """resolved|closed -> in_progress, within the reopen window."""
        self._drive(lib.csvc_desk_reopen, cv.text(ticket, "ticket"), to_time(time))

    def follow_up(self, ticket: str, new_id: str, time: Instant) -> bool:
        """The customer writes again about a resolved or closed ticket:
        within the reopen window it reopens (True); after it a new ticket
        ``new_id``, linked to the old one, is created (False)."""
        reopened = c_int()
        self._drive(lib.csvc_desk_follow_up, cv.text(ticket, "ticket"),
                    cv.text(new_id, "new_id"), to_time(time), byref(reopened))
        return bool(reopened.value)

    def transfer(self, ticket: str, time: Instant, team: Optional[str] = None,
                 agent: Optional[str] = None) -> None:
        """Moves an open ticket to another team and/or agent -> assigned."""
        self._drive(lib.csvc_desk_transfer, cv.text(ticket, "ticket"),
                    cv.optional_text(team, "team"), cv.optional_text(agent, "agent"),
                    to_time(time))

    def escalate(self, ticket: str, time: Instant, actor: Optional[str] = None) -> None:
        """Raises an open ticket's tier by one (at most 3)."""
        self._drive(lib.csvc_desk_escalate, cv.text(ticket, "ticket"),
                    cv.optional_text(actor, "actor"), to_time(time))

    def cancel(self, ticket: str, time: Instant, merged_into: Optional[str] = None) -> None:
        """new|assigned -> cancelled, optionally merged into another ticket."""
        self._drive(lib.csvc_desk_cancel, cv.text(ticket, "ticket"),
                    cv.optional_text(merged_into, "merged_into"), to_time(time))

    def rate(self, ticket: str, csat: int, time: Instant, comment: Optional[str] = None) -> None:
        """The customer's rating 1..5 of a resolved or closed ticket (a
        later rating replaces the earlier), with an optional comment."""
        if comment is not None:
            self.apply(Event(EventType.RATED, ticket, time, code=comment,
                             value=cv.integer(csat, "csat", cv.INT32)))
            return
        self._drive(lib.csvc_desk_rate, cv.text(ticket, "ticket"),
                    cv.integer(csat, "csat", cv.INT32), to_time(time))

    def complaint(self, ticket: str, time: Instant) -> None:
        """The customer lodges a formal complaint."""
        self._drive(lib.csvc_desk_complaint, cv.text(ticket, "ticket"), to_time(time))

    def auto_close(self, now: Instant) -> int:
        """Closes every resolved ticket whose auto-close delay has passed by
        ``now`` (stamped at resolution + delay); returns how many. If the
        event callback refuses a closing, that closing is undone and the
        exception propagates; the closings before it stay applied."""
        closed = c_size_t()
        self._drive(lib.csvc_desk_auto_close, to_time(now, "now"), byref(closed))
        return closed.value

    def apply(self, event: Event) -> None:
        """Applies one event (what a replay or an import does)."""
        c = _event_struct(event)
        self._drive(lib.csvc_desk_apply, byref(c))

    def on_event(self, callback: Optional[Callable[[Event], None]]):
        """Calls ``callback(event)`` after each event is applied; None
        removes it. If the callback raises, the event is undone and the
        exception propagates out of the desk call that applied it. The
        callback may read the desk but not change it (csvc.Busy). Returns
        ``callback``, so this works as a decorator."""
        if callback is not None and not callable(callback):
            raise TypeError("callback: expected a callable or None")
        # A csvc_event_fn made without arguments is the NULL function pointer.
        trampoline = csvc_event_fn() if callback is None else _trampoline(self._state, callback)
        with self._lock:
            self._drive(lib.csvc_desk_set_event_callback, trampoline, None)
            # The C desk now points to the new trampoline; the old one may go.
            self._callback = None if callback is None else trampoline
            self._on_event = callback
        return callback

    # -- tickets and the log

    def ticket(self, id: str) -> Ticket:
        """Ticket ``id``; csvc.NotFound if absent."""
        info = csvc_ticket_info()
        info.version = CSVC_TICKET_INFO_VERSION
        with self._lock:
            lib.csvc_desk_get_ticket(self._h(), cv.text(id, "id"), byref(info))
            return _ticket_out(info)

    def ticket_at(self, index: int) -> Ticket:
        """The ticket at ``index`` in creation order; csvc.RangeError past
        the end."""
        info = csvc_ticket_info()
        info.version = CSVC_TICKET_INFO_VERSION
        with self._lock:
            lib.csvc_desk_ticket_at(self._h(), cv.integer(index, "index", cv.SIZE),
                                    byref(info))
            return _ticket_out(info)

    def __len__(self) -> int:
        """Number of tickets."""
        with self._lock:
            return lib.csvc_desk_ticket_count(self._h())

    @property
    def ticket_count(self) -> int:
        """Number of tickets (``len(desk)``)."""
        return len(self)

    def __iter__(self) -> Iterator[Ticket]:
        """The tickets in creation order."""
        index = 0
        while index < len(self):
            yield self.ticket_at(index)
            index += 1

    def __contains__(self, id) -> bool:
        if not isinstance(id, (str, bytes)):
            return False
        try:
            self.ticket(id)
        except (errors.NotFound, errors.InvalidArgument, errors.TooLong,
                errors.EncodingError, errors.NullPointer):
            return False
        return True

    @property
    def event_count(self) -> int:
        """Number of events in the log."""
        with self._lock:
            return int(lib.csvc_desk_event_count(self._h()))

    def event(self, seq: int) -> Event:
        """The event with sequence number ``seq`` (1-based)."""
        out = csvc_event()
        out.version = CSVC_EVENT_VERSION
        with self._lock:
            lib.csvc_desk_event_at(self._h(), cv.integer(seq, "seq", (0, (1 << 64) - 1)),
                                   byref(out))
            return _event_out(out)

    def events(self, ticket: Optional[str] = None,
               period: Optional[Period] = None) -> List[Event]:
        """The log in order, optionally of one ticket and/or inside a
        period."""
        raw_ticket = cv.optional_text(ticket, "ticket")
        c_period = _period_in(period)
        found = []
        failure = []

        def visit(event_p, user_data):
            try:
                found.append(_event_out(event_p.contents))
                return 0
            except BaseException as exc:  # noqa: B902 - re-raised below
                failure.append(exc)
                return -1

        visitor = csvc_event_visit_fn(visit)  # alive until the call returns
        with self._lock:
            try:
                lib.csvc_desk_foreach_event(self._h(), raw_ticket, _period_ref(c_period),
                                            visitor, None)
            except errors.Error:
                if not failure:
                    raise
        if failure:
            raise failure[0]
        return found

    def checksum(self) -> int:
        """A 64-bit digest of the desk's tickets and log."""
        out = c_uint64()
        with self._lock:
            lib.csvc_desk_checksum(self._h(), byref(out))
        return out.value

    @staticmethod
    def ticket_state_size() -> int:
        """Bytes of ticket state per ticket (not counting strings and log)."""
        return int(lib.csvc_desk_ticket_state_size())

    # -- SLA

    def sla(self, ticket: str, now: Instant) -> SlaStatus:
        """SLA clocks of ``ticket`` at ``now`` (not before its last event)."""
        out = csvc_sla_status()
        out.version = CSVC_SLA_STATUS_VERSION
        with self._lock:
            lib.csvc_desk_sla(self._h(), cv.text(ticket, "ticket"), to_time(now, "now"),
                              byref(out))
        return _sla_out(out)

    def _ids(self, call):
        """Runs a sized query: once with cap 0 for the count, then for the
        ids (under one lock, so the count cannot change in between)."""
        count = c_size_t()
        with self._lock:
            call(None, 0, byref(count))
            ids = (c_char_p * count.value)()
            call(ids, count.value, byref(count))
            return [cv.decode(x) for x in ids[:count.value]]

    def dispatch_queue(self, now: Instant, within: Optional[Duration] = None) -> List[str]:
        """Open tickets by first due time, earliest first (tickets without a
        running clock last); with ``within``, only those due by
        now + within."""
        raw_now = to_time(now, "now")
        raw_within = -1 if within is None else to_seconds(within, "within")
        return self._ids(lambda ids, cap, count: lib.csvc_desk_dispatch_queue(
            self._h(), raw_now, raw_within, ids, cap, count))

    def breached(self, now: Instant) -> List[str]:
        """Open tickets with a breached clock at ``now``, in creation order."""
        raw_now = to_time(now, "now")
        return self._ids(lambda ids, cap, count: lib.csvc_desk_breached(
            self._h(), raw_now, ids, cap, count))

    # -- routing

    def route(self, ticket: str, strategy: Union[Routing, str, int] = "round_robin") -> str:
        """An agent for ``ticket`` ("round_robin", "least_loaded" or
        "skill"); does not assign it. csvc.NotFound when the team has no
        active agent."""
        out = c_char_p()
        raw_strategy = _named(strategy, "strategy", _ROUTING_NAMES)
        self._drive(lib.csvc_desk_route, cv.text(ticket, "ticket"), raw_strategy, byref(out))
        return cv.decode(out.value)

    def route_assign(self, ticket: str, time: Instant,
                     strategy: Union[Routing, str, int] = "least_loaded") -> str:
        """Routes ``ticket`` and assigns the agent chosen at ``time``, in one
        call (a ticket back in its team's queue after a team-only transfer
        is picked up this way); returns the agent's id. The round-robin turn
        moves only when the assignment is accepted."""
        out = c_char_p()
        raw_strategy = _named(strategy, "strategy", _ROUTING_NAMES)
        self._drive(lib.csvc_desk_route_assign, cv.text(ticket, "ticket"), raw_strategy,
                    to_time(time), byref(out))
        return cv.decode(out.value)

    # -- metrics

    def _scope(self, team, agent):
        if team is not None and agent is not None:
            raise ValueError("metrics: give team or agent, not both")
        if agent is not None:
            return _SCOPE_AGENT, cv.text(agent, "agent")
        if team is not None:
            return _SCOPE_TEAM, cv.text(team, "team")
        return _SCOPE_DESK, None

    def metrics(self, period: Period, team: Optional[str] = None,
                agent: Optional[str] = None, *, categories: Optional[Iterable] = None,
                channels: Optional[Iterable] = None,
                priorities: Optional[Iterable] = None) -> Metrics:
        """Metrics of the desk, a team or an agent over ``period``; the
        keywords keep only the tickets of those categories, channels or
        priorities (names or enums; None keeps all)."""
        scope, raw_id = self._scope(team, agent)
        c_period = _period_in(period)
        out = csvc_metrics()
        out.version = CSVC_METRICS_VERSION
        slice_ = _slice_in(categories, channels, priorities, None)
        with self._lock:
            lib.csvc_desk_metrics_sliced(self._h(), scope, raw_id, _period_ref(c_period),
                                         byref(slice_), byref(out), 1)
        return _metrics_out(out)

    def handoff_metrics(self, period: Period) -> List[HandoffMetrics]:
        """Cross-department handoffs over ``period``, one row per
        department: those with an OLA first (in the order set), then the
        others in order of first appearance, then pends naming none."""
        c_period = _period_in(period)
        with self._lock:
            return _handoffs.read(self._h(), c_period)

    def handoff_frame(self, period: Period):
        """handoff_metrics() as a pandas DataFrame indexed by department."""
        return _handoffs.frame(self.handoff_metrics(period))

    def metrics_by(self, period: Period, by: str, team: Optional[str] = None,
                   agent: Optional[str] = None, *, categories: Optional[Iterable] = None,
                   channels: Optional[Iterable] = None,
                   priorities: Optional[Iterable] = None) -> Dict[object, Metrics]:
        """Metrics split by ``by`` ("category", "channel" or "priority") in
        one pass: {Category.INQUIRY: Metrics, ...} for every value, in enum
        order. A ticket's attributes never change, so each row is exactly
        the metrics of that value's tickets."""
        scope, raw_id = self._scope(team, agent)
        enum_class, code = _split(by)
        c_period = _period_in(period)
        rows = len(enum_class)
        out = (csvc_metrics * rows)()
        slice_ = _slice_in(categories, channels, priorities, code)
        with self._lock:
            lib.csvc_desk_metrics_sliced(self._h(), scope, raw_id, _period_ref(c_period),
                                         byref(slice_), out, rows)
        return {value: _metrics_out(out[int(value)]) for value in enum_class}

    def metrics_daily(self, period: Period, team: Optional[str] = None,
                      agent: Optional[str] = None, *,
                      utc_offset: Optional[Union[int, datetime.timedelta]] = None,
                      categories: Optional[Iterable] = None, channels: Optional[Iterable] = None,
                      priorities: Optional[Iterable] = None) -> Dict[datetime.date, Metrics]:
        """A daily series: {local date: Metrics} for every date the period
        touches, each exactly the metrics of that day's part of the period
        (backlog and SLA at the day's end). Days are local at ``utc_offset``
        (default: the offset of the scope's calendar, else UTC)."""
        scope, raw_id = self._scope(team, agent)
        offset = self._scope_offset(team, agent) if utc_offset is None else \
            cv.integer(to_seconds(utc_offset, "utc_offset"), "utc_offset", cv.INT32)
        c_period = _period_in(period)
        days = c_size_t()
        lib.csvc_metrics_day_count(_period_ref(c_period), offset, byref(days))
        n = days.value
        out = (csvc_metrics * max(n, 1))()
        slice_ = _slice_in(categories, channels, priorities, None)
        with self._lock:
            lib.csvc_desk_metrics_daily(self._h(), scope, raw_id, _period_ref(c_period), offset,
                                        byref(slice_), out, n)
        first = datetime.date(1970, 1, 1) + datetime.timedelta(
            days=(c_period.start + offset) // 86400)
        return {first + datetime.timedelta(days=k): _metrics_out(out[k]) for k in range(n)}

    def metrics_all_agents(self, period: Period, *, categories: Optional[Iterable] = None,
                           channels: Optional[Iterable] = None,
                           priorities: Optional[Iterable] = None) -> Dict[str, Metrics]:
        """Metrics of every agent of the roster in one pass, by agent id in
        roster order (the keywords slice the tickets as for metrics())."""
        rows = self._all_agents(period, _slice_in(categories, channels, priorities, None), 1)
        return {agent: cells[0] for agent, cells in rows.items()}

    def metrics_all_agents_by(self, period: Period, by: str, *,
                              categories: Optional[Iterable] = None,
                              channels: Optional[Iterable] = None,
                              priorities: Optional[Iterable] = None
                              ) -> Dict[str, Dict[object, Metrics]]:
        """Every agent split by ``by`` in one pass: {agent: {value: Metrics}}."""
        enum_class, code = _split(by)
        rows = self._all_agents(period, _slice_in(categories, channels, priorities, code),
                                len(enum_class))
        return {agent: {value: cells[int(value)] for value in enum_class}
                for agent, cells in rows.items()}

    def _all_agents(self, period, slice_, rows):
        c_period = _period_in(period)
        with self._lock:
            handle = self._h()
            roster = self._roster._h()
            n = lib.csvc_roster_agent_count(roster)
            out = (csvc_metrics * max(n * rows, 1))()  # never a NULL array, even for n == 0
            for m in out:
                m.version = CSVC_METRICS_VERSION
            lib.csvc_desk_metrics_all_agents_sliced(handle, _period_ref(c_period), byref(slice_),
                                                    out, n * rows)
            ids = []
            info = csvc_agent_info()
            for i in range(n):
                lib.csvc_agent_info_init(byref(info))
                lib.csvc_roster_agent_at(roster, i, byref(info))
                ids.append(cv.decode(info.id))
        return {agent: [_metrics_out(out[a * rows + r]) for r in range(rows)]
                for a, agent in enumerate(ids)}

    def calendar_offset(self, team: Optional[str] = None) -> int:
        """The UTC offset in seconds of the calendar ``team`` works by (the
        desk's default calendar when None); 0 without one."""
        return self._scope_offset(team, None)

    def _scope_offset(self, team, agent):
        """The UTC offset of the calendar a team or agent works by (the
        desk's default calendar for the desk scope); 0 without one."""
        if agent is not None:
            team = self._roster.agent(agent).team
        out = c_int32()
        with self._lock:
            lib.csvc_desk_calendar_offset(self._h(), None if team is None else
                                          cv.text(team, "team"), byref(out))
        return out.value

    def metrics_frame(self, period: Period, by: str = "agent", split: Optional[str] = None, *,
                      categories: Optional[Iterable] = None, channels: Optional[Iterable] = None,
                      priorities: Optional[Iterable] = None):
        """Metrics as a pandas DataFrame, one column per metric: one row per
        agent of the roster (``by="agent"``, index ``agent_id``, one pass) or
        per team (``by="team"``, index ``team_id``), in roster order. With
        ``split`` ("category", "channel", "priority") the index gains that
        level (a MultiIndex, every value in enum order); the keywords slice
        the tickets as for metrics()."""
        slice_kw = dict(categories=categories, channels=channels, priorities=priorities)
        if by not in ("agent", "team"):
            raise ValueError("metrics_frame: by must be 'agent' or 'team', not %r" % (by,))
        if split is None:
            if by == "agent":
                rows = self.metrics_all_agents(period, **slice_kw)
            else:
                rows = {t.id: self.metrics(period, team=t.id, **slice_kw)
                        for t in self._roster.iter_teams()}
            items = list(rows.items())
            index = (by + "_id", lambda item: item[0])
        else:
            if by == "agent":
                nested = self.metrics_all_agents_by(period, split, **slice_kw)
            else:
                nested = {t.id: self.metrics_by(period, split, team=t.id, **slice_kw)
                          for t in self._roster.iter_teams()}
            items = [((key, str(value)), m) for key, cells in nested.items()
                     for value, m in cells.items()]
            index = [(by + "_id", lambda item: item[0][0]), (split, lambda item: item[0][1])]
        columns = [(name, (lambda field: lambda item: getattr(item[1], field))(name),
                    int if name in _METRIC_COUNTS else float) for name in _METRIC_FIELDS]
        return _frames.frame("Desk.metrics_frame()", "use Desk.metrics_all_agents()",
                             items, columns, index)

    def daily_frame(self, period: Period, team: Optional[str] = None,
                    agent: Optional[str] = None, *,
                    utc_offset: Optional[Union[int, datetime.timedelta]] = None,
                    categories: Optional[Iterable] = None, channels: Optional[Iterable] = None,
                    priorities: Optional[Iterable] = None):
        """:meth:`metrics_daily` as a pandas DataFrame indexed by ``date``
        (datetime64, the local date), one column per metric."""
        days = self.metrics_daily(period, team, agent, utc_offset=utc_offset,
                                  categories=categories, channels=channels,
                                  priorities=priorities)
        columns = [(name, (lambda field: lambda item: getattr(item[1], field))(name),
                    int if name in _METRIC_COUNTS else float) for name in _METRIC_FIELDS]
        return _frames.frame("Desk.daily_frame()", "use Desk.metrics_daily()", days.items(),
                             columns, ("date", lambda item: item[0], "date"))

    def tickets_frame(self):
        """The tickets as a pandas DataFrame (index ``ticket_id``, creation
        order): the fields of :class:`Ticket` under their C names, times as
        UTC datetimes (NaT until they happen), enums as categoricals."""
        return _frames.frame("Desk.tickets_frame()", "iterate the desk for Ticket objects",
                             self, _TICKET_COLUMNS, ("ticket_id", "id"))

    def events_frame(self, ticket: Optional[str] = None, period: Optional[Period] = None):
        """The log (or one ticket's, or a period's) as a pandas DataFrame
        (index ``seq``): the fields of :class:`Event` under their C names."""
        return _frames.frame("Desk.events_frame()", "use Desk.events() for Event objects",
                             self.events(ticket, period), _EVENT_COLUMNS, ("seq", "seq"))

    def to_pandas(self, table: str = "tickets"):
        """``table="tickets"``: :meth:`tickets_frame`; ``"events"``:
        :meth:`events_frame`."""
        if table == "tickets":
            return self.tickets_frame()
        if table == "events":
            return self.events_frame()
        raise ValueError("to_pandas: table must be 'tickets' or 'events', not %r" % (table,))

    # -- import and export

    def import_events_csv(self, source: Source, *, encoding: Optional[str] = None,
                          utc_offset: Optional[Duration] = None,
                          time_zone: Optional[Union[str, "TimeZone"]] = None) -> None:
        """Imports an event log CSV from a path or an open file, all or
        nothing (see desk.h for the columns). ``encoding`` names the file's
        (default UTF-8); times without an offset are read at ``utc_offset``
        or in ``time_zone`` (a zone name or csvc.TimeZone; default: the
        clock of the calendar of the row's team). csvc.ParseError
        names the line and column (also as ``line`` and ``column``); a
        missing path is csvc.FileNotFound."""
        self._import(source, lib.csvc_desk_import_events_csv_opts,
                     lib.csvc_desk_import_events_csv_buffer_opts, encoding, utc_offset, time_zone)

    def import_events_csv_text(self, text: Union[str, bytes], *, encoding: Optional[str] = None,
                               utc_offset: Optional[Duration] = None,
                          time_zone: Optional[Union[str, "TimeZone"]] = None) -> None:
        """As import_events_csv() from a string (or bytes, in ``encoding``)."""
        self._import_text(text, lib.csvc_desk_import_events_csv_buffer_opts, encoding, utc_offset,
                          time_zone)

    def import_tickets_csv(self, source: Source, *, encoding: Optional[str] = None,
                           utc_offset: Optional[Duration] = None,
                          time_zone: Optional[Union[str, "TimeZone"]] = None) -> None:
        """Imports a flat ticket export (one row per ticket) from a path or
        an open file, all or nothing; keywords as for import_events_csv()."""
        self._import(source, lib.csvc_desk_import_tickets_csv_opts,
                     lib.csvc_desk_import_tickets_csv_buffer_opts, encoding, utc_offset, time_zone)

    def import_tickets_csv_text(self, text: Union[str, bytes], *, encoding: Optional[str] = None,
                                utc_offset: Optional[Duration] = None,
                          time_zone: Optional[Union[str, "TimeZone"]] = None) -> None:
        """As import_tickets_csv() from a string (or bytes, in ``encoding``)."""
        self._import_text(text, lib.csvc_desk_import_tickets_csv_buffer_opts, encoding,
                          utc_offset, time_zone)

    def _import(self, source, from_path, from_data, encoding, utc_offset, time_zone):
        cv.import_source(source, lambda raw, o: self._drive(from_path, raw, o),
                         lambda data, o: self._drive(from_data, data, len(data), o),
                         options=cv.import_options(encoding, utc_offset, time_zone))

    def _import_text(self, text, from_data, encoding, utc_offset, time_zone):
        data = cv.data(text)
        options = cv.import_options(encoding, utc_offset, time_zone)(
            drop_encoding=isinstance(text, str))
        self._drive(from_data, data, len(data), options)

    def export_events_csv(self, path: Path) -> None:
        """Writes the event log as CSV in the import format."""
        with self._lock:
            lib.csvc_desk_export_events_csv(self._h(), cv.path(path))
