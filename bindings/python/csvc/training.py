"""Training plans: a course catalogue, requirements by level and team with
recurrence, completions, and each agent's status, coverage and reminders.

    plan = csvc.training.Training(roster, utc_offset=8 * 3600)
    plan.import_courses_csv("courses.csv")
    plan.add_requirement("onboarding", "ONB", trigger="hire", due_days=30, level="junior")
    plan.complete("A201", "ONB", when, post=85, satisfaction=5)
    report = plan.report(now)          # every item's state, coverage per team
    report.coverage("RET")             # (covered, active)
    report.to_pandas()

Dates follow ``include/csvc/training.h``: months are added in local time at
the plan's UTC offset (31 January + 1 month = 28/29 February); a
certificate valid until ``t`` is expired at ``t``.
"""

import threading
import weakref
from ctypes import POINTER, byref, c_char_p, c_double, c_int, c_size_t
from typing import Iterator, NamedTuple, Optional, Sequence, Tuple, Union

from . import _convert as cv
from . import _frames
from ._decls import (csvc_course, csvc_item_status, csvc_promotion_rule, csvc_requirement,
                     csvc_training, csvc_training_effect, csvc_training_kpi_effect,
                     csvc_training_options, csvc_training_report, csvc_training_session)
from ._handle import Handle
from ._lib import lib
from ._times import Instant, to_time
from .common import _c_period
from .kpi import Dimension, Results
from .roster import Level, Roster

_KINDS = ("onboarding", "product", "platform", "communication", "complaints", "compliance",
          "advanced", "management", "new_product")
_DELIVERIES = ("internal", "external", "online", "onsite", "mentoring")
_TRIGGERS = ("start", "hire", "launch", "promotion")
_RECURRENCES = ("none", "after_completion", "anchored")
STATES = ("current", "expiring", "expired", "due", "overdue")
NO_SCORE = -1
_TIME_NONE = -(2**63)


def _choice(value, names, what):
    if value not in names:
        raise ValueError("%s: expected one of %s, got %r" % (what, ", ".join(names), value))
    return names.index(value)


def _time_or_none(t):
    return None if t == _TIME_NONE else t


class ItemStatus(NamedTuple):
    """One requirement of one agent at an instant."""
    agent_id: str
    requirement_id: str
    course_id: str
    state: str
    due: Optional[int]
    completed: Optional[int]
    valid_until: Optional[int]
    horizon: int


def _item(s) -> ItemStatus:
    return ItemStatus(cv.decode(s.agent_id), cv.decode(s.requirement_id), cv.decode(s.course_id),
                      STATES[s.state], _time_or_none(s.due), _time_or_none(s.completed),
                      _time_or_none(s.valid_until), s.horizon)


class Effect(NamedTuple):
    """Kirkpatrick L1/L2 of a course or a session (means are NaN when no
    completion counts)."""
    enrolled: int
    attended: int
    completions: int
    passed: int
    pass_rate: float
    n_satisfaction: int
    satisfaction: float
    n_gain: int
    gain: float


class KpiEffect(NamedTuple):
    """L3/L4: agents it rests on, mean change per dimension (NaN for the
    dimensions the course does not train) and of the composite."""
    agents: int
    dimensions: Tuple[float, ...]
    composite: float


def _effect(e) -> Effect:
    return Effect(e.enrolled, e.attended, e.completions, e.passed, e.pass_rate,
                  e.n_satisfaction, e.satisfaction, e.n_gain, e.gain)


class Training(Handle):
    """A training plan over ``roster`` (which must outlive it)."""

    _CLOSED_MESSAGE = "training plan is closed"

    def __init__(self, roster: Roster, utc_offset: int = 0,
                 horizons: Sequence[int] = (90, 60, 30, 7)):
        if not isinstance(roster, Roster):
            raise TypeError("roster: expected a csvc.Roster")
        if len(horizons) > 7:
            raise ValueError("horizons: at most 7")
        options = csvc_training_options()
        lib.csvc_training_options_init(byref(options))
        options.utc_offset = cv.integer(utc_offset, "utc_offset", cv.INT32)
        for i in range(8):
            options.horizons[i] = cv.integer(horizons[i], "horizons", cv.INT32) \
                if i < len(horizons) else 0
        handle = POINTER(csvc_training)()
        lib.csvc_training_new(roster._h(), byref(options), None, byref(handle))
        self._handle = handle
        self._roster = roster  # kept alive
        self._lock = threading.RLock()
        self._finalizer = weakref.finalize(self, lib.csvc_training_free, handle)

    def set_team_offset(self, team_id: str, utc_offset: int) -> None:
        """Team ``team_id``'s own UTC offset (its calendar's) for its agents' dates."""
        with self._lock:
            lib.csvc_training_set_team_offset(self._h(), cv.text(team_id, "team_id"),
                                              cv.integer(utc_offset, "utc_offset", cv.INT32))

    def add_course(self, course_id: str, title: str, kind: str = "onboarding",
                   delivery: str = "internal", minutes: int = 60, passing_score: int = 60,
                   validity_months: int = 0, dimensions: Sequence[Union[str, Dimension]] = (),
                   prerequisites: Sequence[str] = ()) -> None:
        c = csvc_course()
        lib.csvc_course_init(byref(c))
        c.id = cv.text(course_id, "course_id")
        c.title = cv.text(title, "title")
        c.kind = _choice(kind, _KINDS, "kind")
        c.delivery = _choice(delivery, _DELIVERIES, "delivery")
        c.minutes = cv.integer(minutes, "minutes", cv.INT32)
        c.passing_score = cv.integer(passing_score, "passing_score", cv.INT32)
        c.validity_months = cv.integer(validity_months, "validity_months", cv.INT32)
        bits = 0
        for d in dimensions:
            bits |= 1 << int(Dimension(d))
        c.dimensions = bits
        ids = [cv.text(p, "prerequisites") for p in prerequisites]
        arr = (c_char_p * max(len(ids), 1))(*ids)
        c.prerequisites = arr
        c.nprerequisites = len(ids)
        with self._lock:
            lib.csvc_training_add_course(self._h(), byref(c))

    def import_courses_csv(self, source: cv.Source) -> None:
        """Courses from CSV (see training.h for the columns), all or nothing."""
        cv.import_source(source, self._import_path, self._import_data)

    def import_courses_csv_text(self, text: Union[str, bytes]) -> None:
        self._import_data(cv.data(text), None)

    def _import_path(self, raw, options):
        with self._lock:
            lib.csvc_training_import_courses_csv(self._h(), raw)

    def _import_data(self, data, options):
        with self._lock:
            lib.csvc_training_import_courses_csv_buffer(self._h(), data, len(data))

    @property
    def course_count(self) -> int:
        return int(lib.csvc_training_course_count(self._h()))

    def add_requirement(self, requirement_id: str, course_id: str, *,
                        level: Optional[Union[str, Level]] = None, team_id: Optional[str] = None,
                        trigger: str = "start", start: Instant = 0, due_days: int = 30,
                        recurrence: str = "none", every_months: int = 0,
                        anchor_month: int = 1, anchor_day: int = 1,
                        anchor_weekday: Optional[int] = None) -> None:
        """See csvc_requirement in training.h. ``trigger``: start, hire,
        launch or promotion; ``recurrence``: none, after_completion or
        anchored."""
        r = csvc_requirement()
        lib.csvc_requirement_init(byref(r))
        r.id = cv.text(requirement_id, "requirement_id")
        r.course_id = cv.text(course_id, "course_id")
        r.level = -1 if level is None else int(Level(level))
        r.team_id = cv.text(team_id, "team_id") if team_id is not None else None
        r.trigger = _choice(trigger, _TRIGGERS, "trigger")
        r.start = to_time(start, "start")
        r.due_days = cv.integer(due_days, "due_days", cv.INT32)
        r.recurrence = _choice(recurrence, _RECURRENCES, "recurrence")
        r.every_months = cv.integer(every_months, "every_months", cv.INT32)
        r.anchor_month = cv.integer(anchor_month, "anchor_month", cv.INT32)
        r.anchor_day = cv.integer(anchor_day, "anchor_day", cv.INT32)
        r.anchor_weekday = -1 if anchor_weekday is None else cv.integer(
            anchor_weekday, "anchor_weekday", cv.INT32)
        with self._lock:
            lib.csvc_training_add_requirement(self._h(), byref(r))

    def complete(self, agent_id: str, course_id: str, time: Instant, *, pre: int = NO_SCORE,
                 post: int = NO_SCORE, satisfaction: int = NO_SCORE) -> None:
        """Records a completion; it passes when ``post`` reaches the
        course's passing score (a course with passing score 0 passes)."""
        with self._lock:
            lib.csvc_training_complete(self._h(), cv.text(agent_id, "agent_id"),
                                       cv.text(course_id, "course_id"), to_time(time, "time"),
                                       cv.integer(pre, "pre", cv.INT32),
                                       cv.integer(post, "post", cv.INT32),
                                       cv.integer(satisfaction, "satisfaction", cv.INT32))

    @property
    def completion_count(self) -> int:
        return int(lib.csvc_training_completion_count(self._h()))

    def import_records_csv(self, source: cv.Source) -> int:
        """Completions from CSV (``agent_id``, ``course_id``, ``time``, and
        ``pre``, ``post``, ``satisfaction`` when known), all or nothing: a
        learning system's records, or a transcript read back. Rows already
        recorded are skipped; returns how many were recorded."""
        return cv.import_source(source, self._records_path, self._records_data)

    def import_records_csv_text(self, text: Union[str, bytes]) -> int:
        return self._records_data(cv.data(text), None)

    def _records_path(self, raw, options):
        added = c_size_t()
        with self._lock:
            lib.csvc_training_import_records_csv(self._h(), raw, byref(added))
        return int(added.value)

    def _records_data(self, data, options):
        added = c_size_t()
        with self._lock:
            lib.csvc_training_import_records_csv_buffer(self._h(), data, len(data), byref(added))
        return int(added.value)

    def load_requirements_json(self, path: cv.Path) -> None:
        """Requirements from a JSON document (training.h), all or nothing."""
        with self._lock:
            lib.csvc_training_load_requirements_json(self._h(), cv.path(path))

    def load_requirements_json_text(self, text: Union[str, bytes]) -> None:
        data = cv.data(text)
        with self._lock:
            lib.csvc_training_load_requirements_json_buffer(self._h(), data, len(data))

    def add_session(self, session_id: str, course_id: str, start: Instant, *,
                    trainer: Optional[str] = None, capacity: int = 20) -> None:
        s = csvc_training_session()
        s.version = 1
        s.id = cv.text(session_id, "session_id")
        s.course_id = cv.text(course_id, "course_id")
        s.start = to_time(start, "start")
        s.trainer = cv.text(trainer, "trainer") if trainer is not None else None
        s.capacity = cv.integer(capacity, "capacity", cv.INT32)
        with self._lock:
            lib.csvc_training_add_session(self._h(), byref(s))

    def enrol(self, session_id: str, agent_id: str) -> None:
        """csvc.ConstraintError when the session is full or a prerequisite
        is missing (the message says which)."""
        with self._lock:
            lib.csvc_training_enrol(self._h(), cv.text(session_id, "session_id"),
                                    cv.text(agent_id, "agent_id"))

    def record_session(self, session_id: str, agent_id: str, time: Instant, *,
                       attended: bool = True, pre: int = NO_SCORE, post: int = NO_SCORE,
                       satisfaction: int = NO_SCORE) -> None:
        with self._lock:
            lib.csvc_training_record_session(
                self._h(), cv.text(session_id, "session_id"), cv.text(agent_id, "agent_id"),
                1 if attended else 0, to_time(time, "time"), cv.integer(pre, "pre", cv.INT32),
                cv.integer(post, "post", cv.INT32),
                cv.integer(satisfaction, "satisfaction", cv.INT32))

    def course_effect(self, course_id: str, period=None) -> Effect:
        e = csvc_training_effect()
        e.version = 1
        with self._lock:
            lib.csvc_training_course_effect(self._h(), cv.text(course_id, "course_id"),
                                            byref(_c_period(period)) if period else None,
                                            byref(e))
        return _effect(e)

    def session_effect(self, session_id: str) -> Effect:
        e = csvc_training_effect()
        e.version = 1
        with self._lock:
            lib.csvc_training_session_effect(self._h(), cv.text(session_id, "session_id"),
                                             byref(e))
        return _effect(e)

    def kpi_effect(self, course_id: str, before: Results, before_period, after: Results,
                   after_period) -> KpiEffect:
        k = csvc_training_kpi_effect()
        with self._lock:
            lib.csvc_training_kpi_effect_of(self._h(), cv.text(course_id, "course_id"),
                                            before._h(), byref(_c_period(before_period)),
                                            after._h(), byref(_c_period(after_period)),
                                            byref(k))
        return KpiEffect(k.agents, tuple(k.dimensions), k.composite)

    def needs_csv(self, results: Results, threshold: float, at: Instant) -> str:
        """Courses for each agent's KPI dimensions below ``threshold``."""
        with self._lock:
            return cv.buffer_text(lib.csvc_training_needs_csv, self._h(), results._h(),
                                c_double(float(threshold)), to_time(at, "at"))

    def set_promotion_rule(self, to: Union[str, Level], *, min_grade: int = 4, reviews: int = 2,
                           min_tenure_days: int = 365) -> None:
        rule = csvc_promotion_rule()
        rule.version = 1
        rule.to = int(Level(to))
        rule.min_grade = cv.integer(min_grade, "min_grade", cv.INT32)
        rule.reviews = cv.integer(reviews, "reviews", cv.INT32)
        rule.min_tenure_days = cv.integer(min_tenure_days, "min_tenure_days", cv.INT32)
        with self._lock:
            lib.csvc_training_set_promotion_rule(self._h(), byref(rule))

    def promotion(self, agent_id: str, at: Instant, reviews: Sequence[Results] = ()):
        """(eligible, reasons): ``reviews`` newest first."""
        handles = [r._h() for r in reviews]
        arr = (type(handles[0]) * len(handles))(*handles) if handles else None
        eligible = c_int()
        with self._lock:
            text = cv.buffer_text(lib.csvc_training_promotion_check, self._h(),
                                cv.text(agent_id, "agent_id"), to_time(at, "at"), arr,
                                len(reviews), byref(eligible))
        return bool(eligible.value), [line for line in text.splitlines() if line]

    def transcript_csv(self, agent_id: Optional[str] = None, period=None) -> str:
        with self._lock:
            return cv.buffer_text(lib.csvc_training_transcript_csv, self._h(),
                                cv.text(agent_id, "agent_id") if agent_id else None,
                                byref(_c_period(period)) if period else None)

    def transcript(self, agent_id: Optional[str] = None, period=None) -> list:
        """The transcript as a list of dicts (csvc_training_transcript_json())."""
        import json
        with self._lock:
            return json.loads(cv.buffer_text(lib.csvc_training_transcript_json, self._h(),
                                           cv.text(agent_id, "agent_id") if agent_id else None,
                                           byref(_c_period(period)) if period else None))

    def hours(self, agent_id: str, period=None) -> float:
        out = c_double()
        with self._lock:
            lib.csvc_training_hours(self._h(), cv.text(agent_id, "agent_id"),
                                    byref(_c_period(period)) if period else None, byref(out))
        return out.value

    def expiring_csv(self, at: Instant, days: int) -> str:
        """What stops being met within ``days`` days of ``at``."""
        with self._lock:
            return cv.buffer_text(lib.csvc_training_expiring_csv, self._h(), to_time(at, "at"),
                                cv.integer(days, "days", cv.INT32))

    def record_promotion(self, agent_id: str, level: Union[str, Level], date: Instant) -> None:
        """When the agent reached ``level`` (for ``trigger="promotion"``)."""
        with self._lock:
            lib.csvc_training_record_promotion(self._h(), cv.text(agent_id, "agent_id"),
                                               int(Level(level)), to_time(date, "date"))

    def status(self, agent_id: str, requirement_id: str, at: Instant) -> ItemStatus:
        s = csvc_item_status()
        with self._lock:
            lib.csvc_training_status(self._h(), cv.text(agent_id, "agent_id"),
                                     cv.text(requirement_id, "requirement_id"),
                                     to_time(at, "at"), byref(s))
        return _item(s)

    def coverage(self, at: Instant, team_id: Optional[str] = None) -> Tuple[int, int]:
        """(covered, active) of a team, or of the desk."""
        covered, active = c_size_t(), c_size_t()
        with self._lock:
            lib.csvc_training_coverage(self._h(),
                                       cv.text(team_id, "team_id") if team_id else None,
                                       to_time(at, "at"), byref(covered), byref(active))
        return covered.value, active.value

    def report(self, at: Instant) -> "Report":
        handle = POINTER(csvc_training_report)()
        with self._lock:
            lib.csvc_training_report_new(self._h(), to_time(at, "at"), byref(handle))
        return Report._new(handle, self)

    def status_csv(self, at: Instant, states: Sequence[str] = ()) -> str:
        """The status report as CSV; ``states`` keeps only those states
        (``["overdue"]``: the overdue list)."""
        bits = 0
        for s in states:
            bits |= 1 << _choice(s, STATES, "states")
        with self._lock:
            return cv.buffer_text(lib.csvc_training_export_status_csv, self._h(),
                                to_time(at, "at"), bits)

    def reminders_csv(self, day: Instant) -> str:
        """The reminders due on the local day containing ``day``."""
        with self._lock:
            return cv.buffer_text(lib.csvc_training_reminders_csv, self._h(), to_time(day, "day"))


class Report(Handle):
    """Every applicable requirement of every counted agent at one instant."""

    _CLOSED_MESSAGE = "training report is closed"

    @classmethod
    def _new(cls, handle, training):
        self = cls.__new__(cls)
        self._handle = handle
        self._training = training  # the report refers to its ids
        self._lock = threading.RLock()
        self._finalizer = weakref.finalize(self, lib.csvc_training_report_free, handle)
        return self

    def __len__(self):
        return int(lib.csvc_training_report_item_count(self._h()))

    def __iter__(self) -> Iterator[ItemStatus]:
        s = csvc_item_status()
        for i in range(len(self)):
            lib.csvc_training_report_item(self._h(), i, byref(s))
            yield _item(s)

    def count(self, state: str) -> int:
        return int(lib.csvc_training_report_state_count(self._h(),
                                                        _choice(state, STATES, "state")))

    def coverage(self, team_id: Optional[str] = None) -> Tuple[int, int]:
        covered, active = c_size_t(), c_size_t()
        lib.csvc_training_report_coverage(self._h(),
                                          cv.text(team_id, "team_id") if team_id else None,
                                          byref(covered), byref(active))
        return covered.value, active.value

    def to_json(self) -> str:
        """The report as JSON (csvc_training_report_export_json_buffer())."""
        return cv.buffer_text(lib.csvc_training_report_export_json_buffer, self._h())

    def to_pandas(self):
        """One row per item (index ``(agent_id, requirement_id)``)."""
        rows = [i._asdict() for i in self]
        columns = [("course_id", "course_id", str), ("state", "state", str),
                   ("due", "due", "time"), ("completed", "completed", "time"),
                   ("valid_until", "valid_until", "time"), ("horizon", "horizon", int)]
        return _frames.frame("Report.to_pandas()", "iterate the report", rows, columns,
                             [("agent_id", "agent_id"), ("requirement_id", "requirement_id")])
