"""The durable store: a SQLite database journaling a roster, a desk and KPI
reviews.

    with csvc.Roster() as roster, csvc.Store("desk.db") as store:
        store.attach(roster)            # loads the stored roster (or saves this one)
        desk = csvc.Desk(roster)
        store.attach(desk=desk)         # replays the stored events
        desk.create("T-1", team="RET", created=now)   # committed when it returns
        with store.batch():             # many events, one transaction
            ...

Once a desk is attached, every call that changes it returns only after its
event is committed (or, inside ``batch()``, with the batch). See
``include/csvc/store.h`` for the contract.

KPI reviews collect ratings over days; an attached review commits every
rating, objective value and its closing before the call returns, and a
review of the same id is reloaded on the next attach:

    review = csvc.Review(roster, model, period, id="2025-11")
    store.attach(review=review)         # reloads the stored ratings, if any
    review.rate("S200", "A201", "teamwork", "supervisor", 4.5, now)   # committed

Incentives: plan versions and approved statements are immutable rows, and
an attached points ledger commits every movement:

    store.approve(statements, approver="HR01", at=now)  # stores the plan version too
    store.approved_statements("monthly", 3, period)     # a dict, readable forever
    store.attach(points=ledger)                         # reloads the stored movements
"""

import contextlib
import json
import weakref
from ctypes import POINTER, byref, c_int32, c_uint64
from typing import Optional

from ._convert import Path

from . import _convert as cv
from . import errors
from ._handle import Handle
from ._decls import CSVC_STORE_SCHEMA_VERSION, csvc_incentive_plan
from ._lib import csvc_store_options, lib, store_p
from ._times import Instant, PeriodLike, to_time
from .common import _c_period
from .desk import Desk
from .incentive import Plan, PointsLedger, Statements
from .training import Training
from .kpi import Review
from .roster import Roster

CSVC_STORE_OPTIONS_VERSION = 2
SCHEMA_VERSION = CSVC_STORE_SCHEMA_VERSION
_SYNC = {"normal": 1, "full": 2}


def _remember(obj, store) -> None:
    # The roster or desk refuses close() while an open store holds it.
    if not hasattr(obj, "_stores"):
        obj._stores = weakref.WeakSet()
    obj._stores.add(store)


def _close_store(handle, keep_alive, on_close):
    # keep_alive holds the roster, desk and reviews until the store has
    # detached them; on_close then lets the reviews be freed.
    lib.csvc_store_close(handle)
    for release in on_close:
        release()


class Store(Handle):
    """A store on the database at ``path`` (``":memory:"`` for a private
    in-memory database).

    ``sync`` is ``"full"`` (default: a commit survives a power loss) or
    ``"normal"`` (survives a process crash; faster). ``busy_timeout`` is how
    long to wait, in seconds, for another process's write.
    """

    _CLOSED_MESSAGE = "store is closed"

    def __init__(self, path: Path, sync: str = "full", busy_timeout: float = 5.0,
                 create: bool = True):
        if sync not in _SYNC:
            raise ValueError("sync: expected 'full' or 'normal', got %r" % (sync,))
        options = csvc_store_options()
        lib.csvc_store_options_init(byref(options))
        options.version = CSVC_STORE_OPTIONS_VERSION
        options.sync = _SYNC[sync]
        options.busy_timeout_ms = cv.integer(round(float(busy_timeout) * 1000),
                                             "busy_timeout", (0, 2**31 - 1))
        options.create = 1 if create else 0
        handle = store_p()
        lib.csvc_store_open(cv.path(path), byref(options), byref(handle))
        self._handle = handle
        self._roster: Optional[Roster] = None
        self._desk: Optional[Desk] = None
        self._attached = []  # kept alive until the store is closed
        self._on_close = []  # called once the store is closed
        self._finalizer = weakref.finalize(self, _close_store, handle, self._attached,
                                           self._on_close)

    def _renew_finalizer(self):
        """Registers the store's finalizer again, so that it is newer than
        the finalizers of everything attached so far. At interpreter exit
        finalizers run newest first: the store then closes (and detaches)
        before its roster, desk and reviews are freed, whatever order they
        were created in."""
        if self._finalizer.detach() is not None:
            self._finalizer = weakref.finalize(self, _close_store, self._handle,
                                               self._attached, self._on_close)

    def close(self) -> None:
        """Closes the database; the roster, desk and reviews stay usable, no
        longer persisted. An open batch is rolled back."""
        self._handle = None
        self._finalizer()

    def __repr__(self):
        if self._handle is None:
            return "<csvc.Store closed>"
        return "<csvc.Store %d events>" % self.event_count

    @property
    def schema_version(self) -> int:
        out = c_int32()
        lib.csvc_store_schema_version(self._h(), byref(out))
        return out.value

    def attach(self, roster: Optional[Roster] = None, desk: Optional[Desk] = None,
               review: Optional[Review] = None,
               points: Optional[PointsLedger] = None,
               training: Optional[Training] = None) -> None:
        """Attaches a roster (an empty one is loaded from the database, a
        filled one is saved to an empty database), an empty desk over that
        roster (its events are replayed from the database) and/or a KPI
        review over that roster, in that order.

        A review whose id is in the database is loaded into ``review``,
        which must then hold no ratings and have the same period and model
        version (csvc.Conflict otherwise); a new one is written. From then
        on its ratings, objective values and closing are committed before
        the call that made them returns (inside ``batch()`` they are
        csvc.Busy). Several reviews may be attached. The store keeps the
        review alive until it is closed: ``review.close()`` before that
        defers freeing it to the store's closing.

        A points ledger gets the stored movements when the database has
        them (it must then be empty and have the stored expiry, else
        csvc.Conflict) or stores its own; from then on each accrual,
        redemption and commit is committed before the call returns.

        An empty training plan over the attached roster gets the stored
        changes; from then on every change is committed as it happens."""
        try:
            if roster is not None:
                if not isinstance(roster, Roster):
                    raise TypeError("roster: expected a csvc.Roster")
                with roster._lock:
                    lib.csvc_store_attach_roster(self._h(), roster._h())
                self._roster = roster
                self._attached.append(roster)
                _remember(roster, self)
            if desk is not None:
                if not isinstance(desk, Desk):
                    raise TypeError("desk: expected a csvc.Desk")
                with desk._lock:
                    lib.csvc_store_attach_desk(self._h(), desk._h())
                self._desk = desk
                self._attached.append(desk)
                _remember(desk, self)
            if review is not None:
                if not isinstance(review, Review):
                    raise TypeError("review: expected a csvc.Review")
                with review._lock:
                    lib.csvc_store_attach_review(self._h(), review._h())
                    self._on_close.append(review._pin())
                self._attached.append(review)
            if points is not None:
                if not isinstance(points, PointsLedger):
                    raise TypeError("points: expected a csvc.incentive.PointsLedger")
                with points._lock:
                    lib.csvc_store_attach_points(self._h(), points._h())
                self._attached.append(points)
            if training is not None:
                if not isinstance(training, Training):
                    raise TypeError("training: expected a csvc.training.Training")
                with training._lock:
                    lib.csvc_store_attach_training(self._h(), training._h())
                self._attached.append(training)
        finally:
            self._renew_finalizer()

    def put_plan(self, plan: Plan) -> None:
        """Stores a plan version (its document as loaded). The same version
        again is a no-op; another document under a stored version raises
        csvc.Exists."""
        with plan._lock:
            lib.csvc_store_put_plan(self._h(), plan._h())

    def load_plan(self, plan_id: str, version: int = 0) -> Plan:
        """A stored plan version (0: the highest); csvc.NotFound if none."""
        handle = POINTER(csvc_incentive_plan)()
        lib.csvc_store_load_plan(self._h(), cv.text(plan_id, "plan_id"),
                                 cv.integer(version, "version", cv.INT32), None, byref(handle))
        return Plan._new(handle)

    def approve(self, statements: Statements, approver: str, at: Instant,
                agent_id: Optional[str] = None) -> None:
        """Approves ``agent_id``'s statement (None: all of them) in one
        transaction, storing the plan version with it. An approved statement
        is immutable: the same again is a no-op, a different one raises
        csvc.ConstraintError (a correction needs a new plan version)."""
        with statements._lock:
            lib.csvc_store_approve_statements(
                self._h(), statements._h(),
                cv.text(agent_id, "agent_id") if agent_id is not None else None,
                cv.text(approver, "approver"), to_time(at, "at"))

    def approved_statements(self, plan_id: str, version: int, period: PeriodLike) -> dict:
        """The approved statements of a plan version for ``period``, as the
        JSON document csvc_store_export_statements_json() writes."""
        text = cv.buffer_text(lib.csvc_store_export_statements_json, self._h(),
                            cv.text(plan_id, "plan_id"), cv.integer(version, "version", cv.INT32),
                            byref(_c_period(period)))
        return json.loads(text)

    def begin(self) -> None:
        lib.csvc_store_begin(self._h())

    def commit(self) -> None:
        lib.csvc_store_commit(self._h())

    def rollback(self) -> None:
        lib.csvc_store_rollback(self._h())

    @contextlib.contextmanager
    def batch(self):
        """One transaction for many events: committed at the end of the
        block, rolled back (memory and disk) if the block raises."""
        self.begin()
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        self.commit()

    def refresh(self) -> int:
        """Applies what other processes appended; returns how many events."""
        out = c_uint64()
        lib.csvc_store_refresh(self._h(), byref(out))
        return out.value

    def verify(self) -> None:
        """Walks the event chain. Raises csvc.Corrupt, with ``first_bad``
        set to the sequence number of the first altered, removed or
        reordered event."""
        first_bad = c_uint64()
        try:
            lib.csvc_store_verify(self._h(), byref(first_bad))
        except errors.Corrupt as e:
            e.first_bad = first_bad.value
            raise

    @property
    def event_count(self) -> int:
        out = c_uint64()
        lib.csvc_store_event_count(self._h(), byref(out))
        return out.value

    def backup(self, path: Path) -> None:
        """Online copy of the whole database to ``path``."""
        lib.csvc_store_backup(self._h(), cv.path(path))

    def export_events_csv(self, path: Path) -> None:
        """Writes the stored event log as CSV (the desk's import format)."""
        lib.csvc_store_export_events_csv(self._h(), cv.path(path))
