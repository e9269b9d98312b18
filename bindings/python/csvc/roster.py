"""The roster (csvc/roster.h): teams, agents and reporting lines.

Python conventions used here:

- ids and names are ``str`` (``bytes`` are passed through unchanged);
- ``level`` is a :class:`Level` (ordered: ``Level.JUNIOR < Level.MANAGER``);
  a level name ("senior") or int is accepted as input;
- ``skills`` is a ``frozenset`` of category names ("inquiry", "technical");
  :class:`Category` members and ints are accepted as input;
- ``hire_date`` is a ``datetime.date`` (input: a date, "YYYY-MM-DD" or int
  Unix seconds; None means 1970-01-01, the C default);
- ``base_pay`` is an ``int`` of minor units (fen, cents): 8000.00 CNY is
  ``800000``. Floats and Decimals are refused so pay is never rounded;
- ``employment`` is an :class:`Employment` (input: a member, its name
  "part_time", the library's aliases such as "兼职", or an int) and
  ``contract_hours`` a ``float`` of hours a week (0: not stated).
"""

import datetime
import numbers
import threading
import weakref
from ctypes import byref, c_char_p, c_double, c_int, c_int64, c_size_t
from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, Iterator, List, Optional, Union

from . import _convert as cv
from . import _frames
from ._convert import Path, Source
from ._keywords import c_attributes, c_keywords
from ._named import Named
from . import errors
from ._handle import Handle
from ._lib import (
    CSVC_AGENT_INFO_VERSION,
    CSVC_TEAM_INFO_VERSION,
    csvc_agent_info,
    csvc_attrition,
    csvc_period,
    csvc_team_info,
    lib,
    roster_p,
)
from ._times import PeriodLike, to_time

__all__ = ["Level", "Category", "Agent", "Team", "Roster", "SeparationReason", "Attrition",
           "Employment"]


class Level(Named):
    """Career levels (csvc_level), in order."""

    JUNIOR = 0
    SENIOR = 1
    EXPERT = 2
    SUPERVISOR = 3
    MANAGER = 4


class Category(Named):
    """Ticket categories (csvc_category); an agent's skills are a set of
    these."""

    INQUIRY = 0
    ORDER_LOGISTICS = 1
    RETURN_REFUND = 2
    REPAIR_WARRANTY = 3
    COMPLAINT = 4
    TECHNICAL = 5
    OTHER = 6


class Employment(Named):
    """How an agent is employed (csvc_employment); shift templates name the
    type that works them."""

    FULL_TIME = 0  #: the default
    PART_TIME = 1
    TEMPORARY = 2  #: a temporary or seasonal post


@c_attributes
@dataclass(frozen=True)
class Team:
    """A team. ``name`` is the id when none was given; ``lead`` is an agent
    id or None."""

    id: str
    name: str
    lead: Optional[str] = None


@c_attributes
@dataclass(frozen=True)
class Agent:
    """An agent, as the roster holds it (a snapshot: later changes to the
    roster do not change it)."""

    id: str
    name: str
    team: str
    level: Level
    hire_date: datetime.date
    supervisor: Optional[str]
    skills: FrozenSet[str]
    active: bool
    base_pay: int
    currency: str
    separation_date: Optional[datetime.date] = None  #: the day it left, or None
    separation_reason: Optional["SeparationReason"] = None
    employment: Employment = Employment.FULL_TIME
    contract_hours: float = 0.0  #: hours a week; 0 = not stated


class SeparationReason(Named):
    """Why an agent left (csvc_separation_reason)."""

    NONE = 0
    RESIGNED = 1
    DISMISSED = 2
    TRANSFERRED_OUT = 3
    OTHER = 4


@dataclass(frozen=True)
class Attrition:
    """Attrition over a period (csvc_attrition): separations in it, by
    reason; the time-weighted average headcount employed; rate =
    separations / average headcount and its annualised value (NaN when
    nobody was employed)."""

    separations: int
    by_reason: Dict["SeparationReason", int]
    average_headcount: float
    rate: float
    annualised: float


def _skill_order(name):
    """Category order; a bit this package has no name for sorts last."""
    try:
        return (Category(name).value, name)
    except ValueError:
        return (len(Category), name)


_EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()
_DAY = 86400
_KEEP = object()  # "field not given" in update_*()

_AGENT_FIELDS = ("name", "team", "level", "hire_date", "supervisor", "skills", "active",
                 "base_pay", "currency")


# -- conversions between Python values and the C structs -----------------------


def _level_in(value):
    if isinstance(value, (str, bytes)):
        out = c_int()
        lib.csvc_level_parse(cv.text(value, "level"), byref(out))
        return out.value
    return cv.integer(value, "level", cv.INT32)


def _level_out(value):
    try:
        return Level(value)
    except ValueError:  # a level added by a newer library
        return value


def _category_bit(value, what):
    if isinstance(value, (str, bytes)):
        out = c_int()
        lib.csvc_category_parse(cv.text(value, what), byref(out))
        value = out.value
    value = cv.integer(value, what, (0, 31))
    return 1 << value


def _skills_in(skills):
    if isinstance(skills, (str, bytes)):
        raise TypeError("skills: expected an iterable of category names, got one string")
    mask = 0
    for i, skill in enumerate(skills):
        mask |= _category_bit(skill, "skills[%d]" % i)
    return mask


def _skills_out(mask):
    names = set()
    for bit in range(32):
        if mask & (1 << bit):
            name = lib.csvc_category_name(bit)
            names.add(cv.decode(name) if name else str(bit))
    return frozenset(names)


def _date_in(value):
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        raise TypeError("hire_date: expected a date, got a datetime")
    if isinstance(value, datetime.date):
        return (value.toordinal() - _EPOCH_ORDINAL) * _DAY
    if isinstance(value, str):
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            raise errors.ParseError(
                -7, "hire_date: %r is not a date YYYY-MM-DD" % (value,)) from None
        return (day.toordinal() - _EPOCH_ORDINAL) * _DAY
    return cv.integer(value, "hire_date")


def _date_out(t):
    return datetime.date.fromordinal(_EPOCH_ORDINAL + t // _DAY)


def _employment_in(value, what="employment"):
    """A csvc_employment value: a name or alias parsed by the library
    ("part_time", "兼职"), or an int (a member) the library checks."""
    if isinstance(value, (str, bytes)):
        out = c_int()
        try:
            lib.csvc_employment_parse(cv.text(value, what), byref(out))
        except errors.Error as exc:
            if what == "employment":
                raise
            raise type(exc)(exc.status, "%s: %s" % (what, exc.message)) from None
        return out.value
    return cv.integer(value, what, cv.INT32)


def _employment_out(value):
    try:
        return Employment(value)
    except ValueError:  # a type added by a newer library
        return value


def _hours_in(value, what):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError("%s: expected a number, got %s" % (what, type(value).__name__))
    try:
        return float(value)
    except OverflowError:
        raise errors.RangeError(-15, "%s: %d does not fit in a double" % (what, value)) from None


def _active_in(value):
    if isinstance(value, bool):
        return int(value)
    return cv.integer(value, "active", cv.INT32)  # the library checks 0/1


def _agent_struct(raw):
    """A csvc_agent_info from a dict of C-ready values. The bytes objects
    stay referenced by the struct for the duration of the call."""
    info = csvc_agent_info()
    lib.csvc_agent_info_init(byref(info))
    info.version = CSVC_AGENT_INFO_VERSION
    for field in ("id", "name", "team_id", "level", "hire_date", "supervisor_id", "skills",
                  "active", "base_pay", "currency"):
        setattr(info, field, raw[field])
    return info


def _agent_raw(info):
    """The fields of a csvc_agent_info, copied out of the roster's memory."""
    return {
        "id": info.id,
        "name": info.name,
        "team_id": info.team_id,
        "level": info.level,
        "hire_date": info.hire_date,
        "supervisor_id": info.supervisor_id,
        "skills": info.skills,
        "active": info.active,
        "base_pay": info.base_pay,
        "currency": info.currency,
    }


def _agent_apply(raw, fields):
    """Converts the Python-level ``fields`` into ``raw`` (C-ready) values."""
    converters = {
        "name": ("name", lambda v: cv.text(v, "name")),
        "team": ("team_id", lambda v: cv.text(v, "team")),
        "level": ("level", _level_in),
        "hire_date": ("hire_date", _date_in),
        "supervisor": ("supervisor_id", lambda v: cv.optional_text(v, "supervisor")),
        "skills": ("skills", _skills_in),
        "active": ("active", _active_in),
        "base_pay": ("base_pay", lambda v: cv.money(v, "base_pay")),
        "currency": ("currency", lambda v: cv.optional_text(v, "currency")),
    }
    for key, value in fields.items():
        if key not in converters:
            raise TypeError("unknown agent field %r (known: %s)"
                            % (key, ", ".join(_AGENT_FIELDS)))
        c_name, convert = converters[key]
        raw[c_name] = convert(value)
    return raw


def _agent_out(info, roster=None):
    supervisor = cv.decode(info.supervisor_id)
    separated = reason = None
    employment, hours = Employment.FULL_TIME, 0.0
    if roster is not None:
        date, why = c_int64(), c_int()
        lib.csvc_roster_agent_separation(roster, info.id, byref(date), byref(why))
        if why.value:
            separated, reason = _date_out(date.value), SeparationReason(why.value)
        kind, contract = c_int(), c_double()
        lib.csvc_roster_agent_employment(roster, info.id, byref(kind), byref(contract))
        employment, hours = _employment_out(kind.value), contract.value
    return Agent(
        id=cv.decode(info.id),
        name=cv.decode(info.name),
        team=cv.decode(info.team_id),
        level=_level_out(info.level),
        hire_date=_date_out(info.hire_date),
        supervisor=supervisor or None,
        skills=_skills_out(info.skills),
        active=bool(info.active),
        base_pay=info.base_pay,
        currency=cv.decode(info.currency) or "CNY",
        separation_date=separated,
        separation_reason=reason,
        employment=employment,
        contract_hours=hours,
    )


def _team_struct(id, name, lead):
    info = csvc_team_info()
    lib.csvc_team_info_init(byref(info))
    info.version = CSVC_TEAM_INFO_VERSION
    info.id, info.name, info.lead_id = id, name, lead
    return info


def _team_out(info):
    team_id = cv.decode(info.id)
    return Team(id=team_id, name=cv.decode(info.name) or team_id,
                lead=cv.decode(info.lead_id) or None)


# -- the roster ----------------------------------------------------------------


@c_keywords
class Roster(Handle):
    """A roster of teams and agents.

    Every change is validated by the library first; a failed call raises a
    :class:`csvc.Error` subclass carrying the library's message and leaves
    the roster unchanged.

    The roster frees its C handle on :meth:`close`, at the end of a ``with``
    block, or when it is garbage collected (``weakref.finalize``). A lock
    serialises calls, so one roster may be shared between threads.
    """

    _CLOSED_MESSAGE = "roster is closed"

    def __init__(self):
        handle = roster_p()
        lib.csvc_roster_new(None, byref(handle))
        self._handle = handle
        self._lock = threading.RLock()
        self._finalizer = weakref.finalize(self, lib.csvc_roster_free, handle)

    # -- lifetime


    def __repr__(self):
        if self._handle is None:
            return "<csvc.Roster closed>"
        return "<csvc.Roster %d teams, %d agents>" % (self.team_count, len(self))

    # -- teams

    def add_team(self, id: str, name: Optional[str] = None, lead: Optional[str] = None) -> None:
        """Adds a team. csvc.AlreadyExists for a duplicate id, csvc.NotFound
        for an unknown lead."""
        info = _team_struct(cv.text(id, "id"), cv.optional_text(name, "name"),
                            cv.optional_text(lead, "lead"))
        with self._lock:
            lib.csvc_roster_add_team(self._h(), byref(info))

    def update_team(self, id: str, *, name: Optional[str] = _KEEP,
                    lead: Optional[str] = _KEEP) -> None:
        """Changes the given fields of team ``id`` (``lead=None`` removes
        the lead); the others keep their values."""
        with self._lock:
            current = csvc_team_info()
            lib.csvc_roster_get_team(self._h(), cv.text(id, "id"), byref(current))
            raw_name = current.name if name is _KEEP else cv.optional_text(name, "name")
            raw_lead = current.lead_id if lead is _KEEP else cv.optional_text(lead, "lead")
            info = _team_struct(current.id, raw_name, raw_lead)
            lib.csvc_roster_update_team(self._h(), byref(info))

    def team(self, id: str) -> Team:
        """The team ``id``; csvc.NotFound if absent."""
        info = csvc_team_info()
        with self._lock:
            lib.csvc_roster_get_team(self._h(), cv.text(id, "id"), byref(info))
            return _team_out(info)

    @property
    def team_count(self) -> int:
        """Number of teams."""
        with self._lock:
            return lib.csvc_roster_team_count(self._h())

    @property
    def agent_count(self) -> int:
        """Number of agents, active or not (``len(roster)``)."""
        return len(self)

    def team_at(self, index: int) -> Team:
        """The team at ``index`` in insertion order; csvc.RangeError past
        the end."""
        info = csvc_team_info()
        with self._lock:
            lib.csvc_roster_team_at(self._h(), cv.integer(index, "index", cv.SIZE), byref(info))
            return _team_out(info)

    def iter_teams(self) -> Iterator[Team]:
        """The teams in insertion order."""
        index = 0
        while index < self.team_count:
            yield self.team_at(index)
            index += 1

    @property
    def teams(self) -> List[Team]:
        """The teams in insertion order (a snapshot)."""
        with self._lock:
            return list(self.iter_teams())

    # -- agents

    def add_agent(self, id: str, name: str, team: str, level: Union[Level, str, int] = "junior",
                  hire_date: Union[datetime.date, str, None] = None,
                  supervisor: Optional[str] = None, skills: Iterable = (), active: bool = True,
                  base_pay: int = 0, currency: Optional[str] = "CNY") -> None:
        """Adds an agent. ``base_pay`` is in minor units (800000 = 8000.00).
        Errors: AlreadyExists, NotFound (team or supervisor),
        ConstraintError (own supervisor), RangeError (level, skills,
        negative pay or hire date), InvalidArgument (currency, level name),
        TooLong / EncodingError (id, name)."""
        raw = {"id": cv.text(id, "id"), "supervisor_id": None, "currency": None}
        _agent_apply(raw, {"name": name, "team": team, "level": level,
                           "hire_date": hire_date, "supervisor": supervisor,
                           "skills": skills, "active": active, "base_pay": base_pay,
                           "currency": currency})
        info = _agent_struct(raw)
        with self._lock:
            lib.csvc_roster_add_agent(self._h(), byref(info))

    def update_agent(self, id: str, **fields) -> None:
        """Changes the given fields of agent ``id`` (same names and types as
        :meth:`add_agent`); the others keep their exact values.
        ConstraintError when a new supervisor would close a cycle."""
        with self._lock:
            current = csvc_agent_info()
            lib.csvc_agent_info_init(byref(current))
            lib.csvc_roster_get_agent(self._h(), cv.text(id, "id"), byref(current))
            raw = _agent_apply(_agent_raw(current), fields)
            info = _agent_struct(raw)
            lib.csvc_roster_update_agent(self._h(), byref(info))

    def deactivate(self, id: str) -> None:
        """Marks agent ``id`` inactive; it keeps its reporting lines."""
        with self._lock:
            lib.csvc_roster_deactivate_agent(self._h(), cv.text(id, "id"))

    def separate(self, id: str, date: Union[datetime.date, str, None],
                 reason: Union["SeparationReason", str, int, None] = None) -> None:
        """Records that agent ``id`` left on ``date`` (the day the
        separation takes effect) for ``reason`` ("resigned", "dismissed",
        "transferred_out", "other"), and marks it inactive. ``date`` None
        clears a separation. csvc.RangeError for a date before the hire
        date, csvc.InvalidArgument for a date without a reason."""
        when = -(1 << 63) if date is None else _date_in(date)
        why = SeparationReason.NONE if reason is None else SeparationReason(reason)
        with self._lock:
            lib.csvc_roster_separate_agent(self._h(), cv.text(id, "id"), when, int(why))

    def set_employment(self, id: str, employment: Union[Employment, str, int],
                       contract_hours: float = 0.0) -> None:
        """Sets how agent ``id`` is employed ("full_time", "part_time",
        "temporary", an :class:`Employment` or the library's aliases such as
        "兼职") and its contract hours a week (0: not stated). Every agent
        starts full-time with 0 hours; :attr:`Agent.employment` and
        :attr:`Agent.contract_hours` read them back. csvc.NotFound for an
        unknown agent, csvc.InvalidArgument for an unknown type,
        csvc.RangeError for hours negative, above 168 or not finite."""
        raw_id = cv.text(id, "id")
        kind = _employment_in(employment)
        hours = _hours_in(contract_hours, "contract_hours")
        with self._lock:
            lib.csvc_roster_set_employment(self._h(), raw_id, kind, hours)

    def attrition(self, period: PeriodLike, team: Optional[str] = None) -> Attrition:
        """Attrition of ``team`` (None: everyone) over ``period``."""
        out = csvc_attrition()
        out.version = 1
        c_period = csvc_period(to_time(period[0], "period.start"),
                               to_time(period[1], "period.end"))
        with self._lock:
            lib.csvc_roster_attrition(self._h(), cv.optional_text(team, "team"), byref(c_period),
                                      byref(out))
        return Attrition(out.separations,
                         {r: out.by_reason[int(r)] for r in SeparationReason if r},
                         out.average_headcount, out.rate, out.annualised)

    def agent(self, id: str) -> Agent:
        """The agent ``id``; csvc.NotFound if absent."""
        info = csvc_agent_info()
        with self._lock:
            lib.csvc_agent_info_init(byref(info))
            lib.csvc_roster_get_agent(self._h(), cv.text(id, "id"), byref(info))
            return _agent_out(info, self._h())

    def agent_at(self, index: int) -> Agent:
        """The agent at ``index`` in insertion order; csvc.RangeError past
        the end."""
        info = csvc_agent_info()
        with self._lock:
            lib.csvc_agent_info_init(byref(info))
            lib.csvc_roster_agent_at(self._h(), cv.integer(index, "index", cv.SIZE),
                                     byref(info))
            return _agent_out(info, self._h())

    def agent_index(self, id: str) -> int:
        """The index of agent ``id`` (as for agent_at()); csvc.NotFound."""
        out = c_size_t()
        with self._lock:
            lib.csvc_roster_agent_index(self._h(), cv.text(id, "id"), byref(out))
        return out.value

    def __len__(self) -> int:
        """Number of agents, active or not."""
        with self._lock:
            return lib.csvc_roster_agent_count(self._h())

    def iter_agents(self) -> Iterator[Agent]:
        """The agents in insertion order."""
        index = 0
        while index < len(self):
            yield self.agent_at(index)
            index += 1

    __iter__ = iter_agents

    def __contains__(self, id) -> bool:
        if not isinstance(id, (str, bytes)):
            return False
        try:
            self.agent_index(id)
        except (errors.NotFound, errors.InvalidArgument, errors.TooLong,
                errors.EncodingError, errors.NullPointer):
            return False
        return True

    # -- reporting lines and head counts

    def direct_reports(self, id: str) -> List[str]:
        """Ids of the agents whose supervisor is ``id``, in insertion order."""
        raw_id = cv.text(id, "id")
        count = c_size_t()
        with self._lock:
            lib.csvc_roster_direct_reports(self._h(), raw_id, None, 0, byref(count))
            ids = (c_char_p * count.value)()
            lib.csvc_roster_direct_reports(self._h(), raw_id, ids, count.value, byref(count))
            return [cv.decode(x) for x in ids[:count.value]]

    def reports_to(self, agent: str, manager: str) -> bool:
        """True when ``manager`` is above ``agent`` in its reporting line
        (supervisor, supervisor's supervisor, ...)."""
        out = c_int()
        with self._lock:
            lib.csvc_roster_reports_to(self._h(), cv.text(agent, "agent"),
                                       cv.text(manager, "manager"), byref(out))
        return bool(out.value)

    def to_pandas(self, table: str = "agents"):
        """The roster as a pandas DataFrame. ``table="agents"``: one row per
        agent (index ``agent_id``, roster order) with the C field names,
        ``team_name`` beside ``team_id``, ``level`` an ordered categorical,
        ``hire_date`` a datetime64 date, ``skills`` the CSV's ";"-joined
        names, ``base_pay`` in minor units, the separation columns and
        ``employment`` (a categorical) with ``contract_hours``.
        ``table="teams"``: one row per
        team (index ``team_id``) with ``name``, ``lead_id`` and the
        ``agents`` and ``active_agents`` counts."""
        teams = list(self.iter_teams())
        if table == "teams":
            agents = list(self.iter_agents())
            count = {t.id: sum(1 for a in agents if a.team == t.id) for t in teams}
            active = {t.id: sum(1 for a in agents if a.team == t.id and a.active) for t in teams}
            columns = [("name", "name", object), ("lead_id", "lead", object),
                       ("agents", lambda t: count[t.id], int),
                       ("active_agents", lambda t: active[t.id], int)]
            return _frames.frame("Roster.to_pandas()", "iterate roster.iter_teams()",
                                 teams, columns, ("team_id", "id"))
        if table != "agents":
            raise ValueError("to_pandas: table must be 'agents' or 'teams', not %r" % (table,))
        team_name = {t.id: t.name for t in teams}
        columns = [("name", "name", object), ("team_id", "team", object),
                   ("team_name", lambda a: team_name[a.team], object),
                   ("level", "level", Level), ("hire_date", "hire_date", "date"),
                   ("supervisor_id", "supervisor", object),
                   ("skills", lambda a: ";".join(sorted(a.skills, key=_skill_order)), object),
                   ("active", "active", bool), ("base_pay", "base_pay", int),
                   ("currency", "currency", object),
                   ("separation_date", "separation_date", "date"),
                   ("separation_reason", lambda a: None if a.separation_reason is None
                    else str(a.separation_reason), object),
                   ("employment", "employment", Employment),
                   ("contract_hours", "contract_hours", float)]
        return _frames.frame("Roster.to_pandas()", "iterate the roster for Agent objects",
                             self.iter_agents(), columns, ("agent_id", "id"))

    def headcount(self, team: Optional[str] = None, level: Union[Level, str, int, None] = None,
                  active_only: bool = True) -> int:
        """Agents of ``team`` (None: the whole roster) at ``level`` (None:
        every level), counting only active agents when ``active_only``."""
        raw_team = cv.optional_text(team, "team")
        levels = list(Level) if level is None else [_level_in(level)]
        total = 0
        with self._lock:
            for lvl in levels:
                out = c_size_t()
                lib.csvc_roster_headcount(self._h(), raw_team, int(lvl),
                                          1 if active_only else 0, byref(out))
                total += out.value
        return total

    # -- CSV

    def import_csv(self, source: Source, *, encoding: Optional[str] = None) -> None:
        """Imports a roster CSV, all or nothing, from a path or an open file
        (see the README for the columns); ``encoding`` names the file's
        ("GB18030" for Excel on Chinese Windows; default UTF-8). ParseError
        names the line and column (also as ``line`` and ``column``);
        FileNotFound (a FileNotFoundError) when the path does not exist,
        IOFailure when it cannot be read; AlreadyExists for ids already
        present; EncodingError for bytes invalid in the encoding."""
        cv.import_source(source, self._import_path, self._import_data,
                         options=cv.import_options(encoding))

    def _import_path(self, raw, options):
        with self._lock:
            lib.csvc_roster_import_csv_opts(self._h(), raw, options)

    def _import_data(self, data, options):
        with self._lock:
            lib.csvc_roster_import_csv_buffer_opts(self._h(), data, len(data), options)

    def import_csv_text(self, text: Union[str, bytes], *, encoding: Optional[str] = None) -> None:
        """As import_csv() from a string (or bytes, in ``encoding``)."""
        data = cv.data(text)
        self._import_data(data, cv.import_options(encoding)(
            drop_encoding=isinstance(text, str)))

    def export_csv(self, path: Path) -> None:
        """Writes the roster as CSV in the import format."""
        with self._lock:
            lib.csvc_roster_export_csv(self._h(), cv.path(path))

    def export_csv_text(self) -> str:
        """The roster as CSV text in the import format."""
        with self._lock:
            return cv.buffer_text(lib.csvc_roster_export_csv_buffer, self._h())
