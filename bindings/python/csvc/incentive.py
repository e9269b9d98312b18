"""Incentive plans, inputs and statements (csvc/incentive.h).

A plan is loaded from JSON (``Plan.load(path)``, ``Plan.from_json(text)``);
inputs are agents and metric values, filled from the other engines
(``Inputs.from_engines(roster, period, results=..., desk=...)``) or by
hand; ``evaluate(plan, inputs, period)`` gives :class:`Statements`. Money
is ``int`` minor units of the plan's currency, as everywhere in the
package; evaluation changes nothing, so the same call is a what-if of a
draft plan, and :func:`diff` compares two evaluations per agent.
"""

import threading
import weakref
from ctypes import POINTER, byref, c_int64
from typing import Dict, Iterator, List, NamedTuple, Optional, Union

from . import _convert as cv
from . import _frames
from ._handle import Handle
from ._lib import lib
from ._decls import (csvc_period, csvc_incentive_agent, csvc_incentive_inputs, csvc_incentive_line,
                     csvc_incentive_plan, csvc_incentive_result, csvc_incentive_statement,
                     csvc_points_ledger)
from ._times import Instant, PeriodLike, to_time
from .common import _c_period

_KINDS = ("tiered", "target", "commission", "metric_bonus", "deduction", "points", "pool",
          "title", "agent_cap", "budget_scale")


class Plan(Handle):
    """An incentive plan (read-only once loaded)."""

    _CLOSED_MESSAGE = "incentive plan is closed"

    def __init__(self):
        raise TypeError("use Plan.load(path) or Plan.from_json(text)")

    @classmethod
    def _new(cls, handle):
        self = cls.__new__(cls)
        self._handle = handle
        self._lock = threading.RLock()
        self._finalizer = weakref.finalize(self, lib.csvc_incentive_plan_free, handle)
        return self

    @classmethod
    def from_json(cls, text: Union[str, bytes]) -> "Plan":
        """A plan from JSON text; errors name the JSON path (csvc.ParseError,
        csvc.InvalidArgument, csvc.RangeError)."""
        data = cv.data(text)
        handle = POINTER(csvc_incentive_plan)()
        lib.csvc_incentive_plan_load_json_buffer(data, len(data), None, byref(handle))
        return cls._new(handle)

    @classmethod
    def load(cls, path: cv.Path) -> "Plan":
        """A plan from a JSON file."""
        handle = POINTER(csvc_incentive_plan)()
        lib.csvc_incentive_plan_load_json(cv.path(path), None, byref(handle))
        return cls._new(handle)

    def to_json(self) -> str:
        """The plan's JSON document (what a store keeps of this version)."""
        return cv.buffer_text(lib.csvc_incentive_plan_export_json_buffer, self._h())

    @property
    def id(self) -> str:
        return cv.decode(lib.csvc_incentive_plan_id(self._h()))

    @property
    def version(self) -> int:
        return int(lib.csvc_incentive_plan_version(self._h()))

    @property
    def currency(self) -> str:
        return cv.decode(lib.csvc_incentive_plan_currency(self._h()))

    @property
    def budget(self) -> Optional[int]:
        """The plan's budget in minor units, or None when it has none."""
        budget = int(lib.csvc_incentive_plan_budget(self._h()))
        return None if budget < 0 else budget

    @property
    def rule_count(self) -> int:
        return int(lib.csvc_incentive_plan_rule_count(self._h()))

    def __repr__(self):
        if self.closed:
            return "<csvc.incentive.Plan closed>"
        return "<csvc.incentive.Plan %s v%d, %s, %d rules>" % (self.id, self.version,
                                                               self.currency, self.rule_count)


class Inputs(Handle):
    """Agents and their metric values for one evaluation."""

    _CLOSED_MESSAGE = "incentive inputs are closed"

    def __init__(self):
        handle = POINTER(csvc_incentive_inputs)()
        lib.csvc_incentive_inputs_new(None, byref(handle))
        self._handle = handle
        self._lock = threading.RLock()
        self._finalizer = weakref.finalize(self, lib.csvc_incentive_inputs_free, handle)

    @classmethod
    def from_engines(cls, roster, period: PeriodLike, results=None, desk=None) -> "Inputs":
        """The roster's agents employed in ``period``, the KPI ``results``'
        scores and the ``desk``'s metrics, under the names incentive.h lists
        (composite, kpi.quality, resolved, csat_share, sla_breaches, ...)."""
        self = cls()
        with roster._lock:
            lib.csvc_incentive_inputs_from_engines(
                self._handle, roster._h(), results._h() if results is not None else None,
                desk._h() if desk is not None else None, byref(_c_period(period)))
        return self

    def add_agent(self, agent_id: str, team_id: str, base_pay: int = 0, *,
                  currency: Optional[str] = None, hire_date: Instant = 0,
                  probation: bool = False, active_at_end: bool = True) -> None:
        """Adds an agent (base pay in minor units of its currency)."""
        a = csvc_incentive_agent()
        lib.csvc_incentive_agent_init(byref(a))
        a.agent_id = cv.text(agent_id, "agent_id")
        a.team_id = cv.text(team_id, "team_id")
        a.base_pay = cv.money(base_pay, "base_pay")
        a.currency = None if currency is None else cv.text(currency, "currency")
        a.hire_date = to_time(hire_date, "hire_date")
        a.probation = 1 if probation else 0
        a.active_at_end = 1 if active_at_end else 0
        with self._lock:
            lib.csvc_incentive_inputs_add_agent(self._h(), byref(a))

    def set(self, agent_id: str, metric: str, value: float) -> None:
        """Sets an agent's metric (rounded to 1e-6 by the library)."""
        with self._lock:
            lib.csvc_incentive_inputs_set(self._h(), cv.text(agent_id, "agent_id"),
                                          cv.text(metric, "metric"), float(value))

    def set_team(self, team_id: str, metric: str, value: float) -> None:
        """Sets a team's metric (what pool rules read)."""
        with self._lock:
            lib.csvc_incentive_inputs_set_team(self._h(), cv.text(team_id, "team_id"),
                                               cv.text(metric, "metric"), float(value))

    def import_csv(self, source: cv.Source) -> None:
        """Sets metrics from a CSV path or open file: a header ``agent_id``
        and metric names (``agent_id,worked_hours``), one row per agent;
        an empty field leaves the metric. All or nothing; ParseError,
        NotFound (an agent not in the inputs), AlreadyExists (a second row)
        and RangeError name the line."""
        cv.import_source(source, self._import_path, self._import_data)

    def import_csv_text(self, text: Union[str, bytes]) -> None:
        """As import_csv() from a string or UTF-8 bytes."""
        self._import_data(cv.data(text), None)

    def _import_path(self, raw, options):
        with self._lock:
            lib.csvc_incentive_inputs_import_csv(self._h(), raw)

    def _import_data(self, data, options):
        with self._lock:
            lib.csvc_incentive_inputs_import_csv_buffer(self._h(), data, len(data))

    def __len__(self):
        return int(lib.csvc_incentive_inputs_agent_count(self._h()))


class Line(NamedTuple):
    """One line of a statement: what a rule paid (or took) and why."""
    rule: str
    kind: str
    amount: int
    points: int
    metric: str
    value: Optional[float]
    tier: int
    rate: int

    def to_dict(self) -> dict:
        return self._asdict()


class Statement(NamedTuple):
    """One agent's statement."""
    agent_id: str
    team_id: str
    base_pay: int
    total: int
    points: int
    eligible: bool
    lines: List[Line]

    def to_dict(self) -> dict:
        d = self._asdict()
        d["lines"] = [line.to_dict() for line in self.lines]
        return d


class Statements(Handle):
    """The result of an evaluation: ``len()``, iteration and
    ``statements["A201"]`` give :class:`Statement` objects; ``total``,
    ``team_total()``, ``to_json()``, ``to_csv()``, ``to_dict()`` and
    ``to_pandas()`` (one row per line) export them."""

    _CLOSED_MESSAGE = "incentive statements are closed"

    def __init__(self):
        raise TypeError("Statements come from csvc.incentive.evaluate()")

    @classmethod
    def _new(cls, handle):
        self = cls.__new__(cls)
        self._handle = handle
        self._lock = threading.RLock()
        self._finalizer = weakref.finalize(self, lib.csvc_incentive_result_free, handle)
        self._index = None
        return self

    def __len__(self):
        return int(lib.csvc_incentive_result_statement_count(self._h()))

    def _statement(self, i):
        s = csvc_incentive_statement()
        lib.csvc_incentive_result_statement(self._h(), i, byref(s))
        lines = []
        for j in range(s.line_count):
            l = csvc_incentive_line()
            lib.csvc_incentive_result_line(self._h(), i, j, byref(l))
            value = None if l.value != l.value else float(l.value)  # NaN: none
            lines.append(Line(cv.decode(l.rule_id), _KINDS[l.kind], l.amount, l.points,
                              cv.decode(l.metric), value, l.tier, l.rate))
        return Statement(cv.decode(s.agent_id), cv.decode(s.team_id), s.base_pay, s.total,
                         s.points, bool(s.eligible), lines)

    def __iter__(self) -> Iterator[Statement]:
        with self._lock:
            items = [self._statement(i) for i in range(len(self))]
        return iter(items)

    def __getitem__(self, agent_id: str) -> Statement:
        with self._lock:
            if self._index is None:
                self._index = {}
                for i in range(len(self)):
                    s = csvc_incentive_statement()
                    lib.csvc_incentive_result_statement(self._h(), i, byref(s))
                    self._index[cv.decode(s.agent_id)] = i
            if agent_id not in self._index:
                raise KeyError(agent_id)
            return self._statement(self._index[agent_id])

    @property
    def plan_id(self) -> str:
        return cv.decode(lib.csvc_incentive_result_plan_id(self._h()))

    @property
    def plan_version(self) -> int:
        return lib.csvc_incentive_result_plan_version(self._h())

    @property
    def period(self):
        """The evaluated period as (start, end) Unix seconds."""
        out = csvc_period()
        lib.csvc_incentive_result_period(self._h(), byref(out))
        return (out.start, out.end)

    @property
    def total(self) -> int:
        """The plan's total, minor units."""
        return int(lib.csvc_incentive_result_total(self._h()))

    def team_total(self, team_id: str) -> int:
        out = c_int64()
        with self._lock:
            lib.csvc_incentive_result_team_total(self._h(), cv.text(team_id, "team_id"),
                                                 byref(out))
        return out.value

    def to_json(self) -> str:
        """The statements as JSON, byte-identical for the same inputs."""
        with self._lock:
            return cv.buffer_text(lib.csvc_incentive_result_export_json_buffer, self._h())

    def to_csv(self) -> str:
        """One CSV row per line, with its explanation."""
        with self._lock:
            return cv.buffer_text(lib.csvc_incentive_result_export_csv_buffer, self._h())

    def to_dict(self) -> Dict[str, dict]:
        """{agent_id: statement as a dict}."""
        return {s.agent_id: s.to_dict() for s in self}

    def to_pandas(self):
        """One row per line (index ``(agent_id, line)``): team_id, rule,
        kind, amount, points, metric, value, tier, rate."""
        rows = [dict(agent_id=s.agent_id, line=k, team_id=s.team_id, **l._asdict())
                for s in self for k, l in enumerate(s.lines)]
        columns = [("team_id", "team_id", str), ("rule", "rule", str), ("kind", "kind", str),
                   ("amount", "amount", int), ("points", "points", int),
                   ("metric", "metric", str),
                   ("value", lambda r: float("nan") if r["value"] is None else r["value"], float),
                   ("tier", "tier", int), ("rate", "rate", int)]
        return _frames.frame("Statements.to_pandas()", "use Statements.to_csv() or to_dict()",
                             rows, columns, [("agent_id", "agent_id"), ("line", "line")])


def evaluate(plan: Plan, inputs: Inputs, period: PeriodLike) -> Statements:
    """Evaluates ``plan`` on ``inputs`` for ``period``; nothing changes."""
    handle = POINTER(csvc_incentive_result)()
    with plan._lock, inputs._lock:
        lib.csvc_incentive_evaluate(plan._h(), inputs._h(), byref(_c_period(period)),
                                    byref(handle))
    return Statements._new(handle)


class Difference(NamedTuple):
    """What changes for one agent between two evaluations."""
    agent_id: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


def diff(before: Statements, after: Statements) -> Dict[str, object]:
    """Per agent and in total, what ``after`` pays compared with ``before``
    (e.g. a draft plan against the current one on last month's data): a
    dict with ``agents`` (a list of :class:`Difference`, agents of either
    side, missing ones as 0), ``before``, ``after`` and ``change``."""
    a = {s.agent_id: s.total for s in before}
    b = {s.agent_id: s.total for s in after}
    ids = list(a) + [i for i in b if i not in a]
    agents = [Difference(i, a.get(i, 0), b.get(i, 0)) for i in ids]
    return {"agents": agents, "before": before.total, "after": after.total,
            "change": after.total - before.total}


class PointsLedger(Handle):
    """Points per agent across periods: accruals, redemptions (oldest lots
    first) and expiry ``expiry_months`` after accrual (0: never). The
    ledger is append-only per agent; balances are exact at any instant."""

    _CLOSED_MESSAGE = "points ledger is closed"

    def __init__(self, expiry_months: int = 0):
        handle = POINTER(csvc_points_ledger)()
        lib.csvc_points_ledger_new(None, cv.integer(expiry_months, "expiry_months", cv.INT32),
                                   byref(handle))
        self._handle = handle
        self._lock = threading.RLock()
        self._finalizer = weakref.finalize(self, lib.csvc_points_ledger_free, handle)

    def accrue(self, agent_id: str, time: Instant, points: int) -> None:
        with self._lock:
            lib.csvc_points_ledger_accrue(self._h(), cv.text(agent_id, "agent_id"),
                                          to_time(time, "time"), cv.money(points, "points"))

    def redeem(self, agent_id: str, time: Instant, points: int) -> None:
        """csvc.ConstraintError when the balance at ``time`` is smaller."""
        with self._lock:
            lib.csvc_points_ledger_redeem(self._h(), cv.text(agent_id, "agent_id"),
                                          to_time(time, "time"), cv.money(points, "points"))

    def balance(self, agent_id: str, time: Instant) -> int:
        out = c_int64()
        with self._lock:
            lib.csvc_points_ledger_balance(self._h(), cv.text(agent_id, "agent_id"),
                                           to_time(time, "time"), byref(out))
        return out.value

    def expired(self, agent_id: str, period: PeriodLike) -> int:
        """Points of the agent that expired in ``period``."""
        start, end = period
        out = c_int64()
        with self._lock:
            lib.csvc_points_ledger_expired(self._h(), cv.text(agent_id, "agent_id"),
                                           to_time(start, "start"), to_time(end, "end"),
                                           byref(out))
        return out.value

    def commit(self, statements: Statements) -> None:
        """Accrues the statements' points at their period's end, all or
        nothing (evaluating alone never touches a ledger)."""
        with self._lock, statements._lock:
            lib.csvc_points_ledger_commit(self._h(), statements._h())
