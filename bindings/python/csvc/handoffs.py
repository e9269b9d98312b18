"""Cross-department handoffs: the waits of tickets pended on another
department (logistics, warehouse, finance, a supplier), measured against
each department's OLA.

``Desk.pend(ticket, time, "internal", department="logistics")`` starts a
handoff; resuming, a customer reply, resolving or transferring ends it.
``Desk.set_ola(department, target)`` sets a department's target;
``Desk.handoff_metrics(period)`` reports, per department, the handoffs that
ended in the period and the ones still waiting at its end
(csvc_desk_handoff_metrics() in csvc/desk.h).
"""

import dataclasses
import math
from ctypes import byref, c_size_t
from dataclasses import dataclass
from typing import List, Optional

from . import _convert as cv
from . import _frames
from ._lib import CSVC_HANDOFF_METRICS_VERSION, csvc_handoff_metrics, lib


@dataclass(frozen=True)
class HandoffMetrics:
    """The handoffs to one department over a period. Waits are business
    seconds of the ticket's team calendar; median and p90 interpolate
    linearly between closest ranks (pandas ``quantile`` default); NaN
    where there is nothing to measure. ``department`` is None for internal
    pends that named none; ``ola_target`` is 0 without an OLA."""

    department: Optional[str]
    ola_target: int
    handoffs: int
    tickets: int
    wait_mean: float
    wait_median: float
    wait_p90: float
    ola_met: int
    ola_breached: int
    ola_compliance: float
    open: int
    open_overdue: int
    open_wait_max: float

    def __eq__(self, other):
        # NaN stands for "no value": two empty rows are equal.
        if not isinstance(other, HandoffMetrics):
            return NotImplemented
        for field in _FIELDS:
            a, b = getattr(self, field), getattr(other, field)
            if a != b and not (isinstance(a, float) and isinstance(b, float)
                               and math.isnan(a) and math.isnan(b)):
                return False
        return True


HandoffMetrics.__hash__ = None  # NaN-aware equality, as csvc.Metrics

_FIELDS = tuple(f.name for f in dataclasses.fields(HandoffMetrics))
_COLUMNS = [(f.name, f.name, f.type) for f in dataclasses.fields(HandoffMetrics)
            if f.name != "department"]


def _row(c):
    values = {field: getattr(c, field) for field in _FIELDS if field != "department"}
    return HandoffMetrics(department=None if c.department is None else cv.decode(c.department),
                          **values)


def read(desk_handle, c_period) -> List[HandoffMetrics]:
    """All rows of csvc_desk_handoff_metrics() (the caller holds the desk's
    lock): one call for the count, one for the rows."""
    count = c_size_t(0)
    lib.csvc_desk_handoff_metrics(desk_handle, byref(c_period), None, 0, byref(count))
    n = count.value
    out = (csvc_handoff_metrics * max(n, 1))()
    for i in range(n):
        out[i].version = CSVC_HANDOFF_METRICS_VERSION
    lib.csvc_desk_handoff_metrics(desk_handle, byref(c_period), out, n, byref(count))
    return [_row(out[i]) for i in range(min(n, count.value))]


def frame(rows: List[HandoffMetrics]):
    """The rows as a DataFrame indexed by ``department``."""
    return _frames.frame("Desk.handoff_frame()", "use Desk.handoff_metrics() for the rows",
                         rows, _COLUMNS, ("department", "department"))
