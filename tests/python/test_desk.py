"""Tests of csvc.Desk and the desk types.

Every expected value is worked out by hand in the comments (or by a few
lines of independent Python, such as the percentile helper below), never
read back from the library under test. Instants are computed with
calendar.timegm; T0 is Monday 2025-03-10 08:00 UTC.
"""

import calendar
import csv
import datetime
import gc
import importlib.util
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest
from ctypes import sizeof

import csvc
from csvc import Category, Channel, Event, EventType, PendReason, Priority, State, _lib

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE_ROSTER = os.path.join(REPO, "examples", "data", "roster.csv")

MINUTE = 60
HOUR = 3600
DAY = 86400


def utc(*fields):
    """Unix time of a UTC date/time, computed without libcsvc."""
    fields = tuple(fields) + (0,) * (6 - len(fields))
    return calendar.timegm(fields)


T0 = utc(2025, 3, 10, 8, 0)  # a Monday
HAVE_PANDAS = importlib.util.find_spec("pandas") is not None


def at(hour, minute=0, day=0):
    """Monday 2025-03-10 (+ day) hour:minute UTC."""
    return utc(2025, 3, 10 + day, hour, minute)


def quantile(values, q):
    """numpy/pandas default quantile (linear between closest ranks)."""
    xs = sorted(values)
    pos = q * (len(xs) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (pos - lo) * (xs[hi] - xs[lo])


def build_roster():
    """T1: A1, A2, A3 (inactive); T2: B1, B2; T3: nobody."""
    roster = csvc.Roster()
    roster.add_team("T1", "Tier one")
    roster.add_team("T2", "Returns")
    roster.add_team("T3", "Empty")
    roster.add_agent("A1", "Agent One", "T1", skills=["inquiry"])
    roster.add_agent("A2", "Agent Two", "T1", skills=["inquiry", "return_refund"])
    roster.add_agent("A3", "Agent Three", "T1", active=False)
    roster.add_agent("B1", "Bee One", "T2", skills=["return_refund"])
    roster.add_agent("B2", "Bee Two", "T2", skills=["return_refund"])
    return roster


class DeskCase(unittest.TestCase):
    def setUp(self):
        self.roster = build_roster()
        self.addCleanup(self.roster.close)
        self.desk = csvc.Desk(self.roster)
        self.addCleanup(self.desk.close)

    def new_desk(self, **options):
        desk = csvc.Desk(self.roster, **options)
        self.addCleanup(desk.close)
        return desk

    def working(self, id="W", team="T1", agent="A1", t=T0):
        """A ticket created, assigned and started at t."""
        self.desk.create(id, team, t)
        self.desk.assign(id, agent, t)
        self.desk.start(id, t)

    def snapshot(self):
        return (self.desk.checksum(), self.desk.event_count, list(self.desk))


# --------------------------------------------------------------------------
# The lifecycle of DOMAIN.md section 2


class LifecycleTest(DeskCase):
    def state(self, id="X"):
        return self.desk.ticket(id).state

    def test_full_lifecycle(self):
        d = self.desk
        d.create("X", "T1", T0, customer="C-1", channel="email", category="inquiry",
                 priority="high")
        x = d.ticket("X")
        self.assertEqual((x.state, x.tier, x.agent, x.customer, x.team),
                         (State.NEW, 1, None, "C-1", "T1"))
        self.assertEqual((x.channel, x.category, x.priority),
                         (Channel.EMAIL, Category.INQUIRY, Priority.HIGH))
        self.assertEqual((x.created, x.first_response, x.resolved, x.closed, x.csat),
                         (T0, None, None, None, None))
        d.assign("X", "A1", T0 + 60)
        self.assertEqual((self.state(), d.ticket("X").agent), (State.ASSIGNED, "A1"))
        d.start("X", T0 + 120)
        self.assertEqual(self.state(), State.IN_PROGRESS)
        d.agent_reply("X", T0 + 180)  # by the assignee
        self.assertEqual(d.ticket("X").first_response, T0 + 180)
        d.pend("X", T0 + 240)  # on the customer
        self.assertEqual(self.state(), State.PENDING)
        d.customer_reply("X", T0 + 600)  # a customer reply resumes
        self.assertEqual(self.state(), State.IN_PROGRESS)
        d.pend("X", T0 + 700, reason="internal")
        self.assertEqual(self.state(), State.PENDING)
        d.resume("X", T0 + 800)
        self.assertEqual(self.state(), State.IN_PROGRESS)
        d.note("X", T0 + 850, agent="A2")
        d.escalate("X", T0 + 900)
        self.assertEqual((self.state(), d.ticket("X").tier), (State.IN_PROGRESS, 2))
        d.resolve("X", T0 + 1000, code="fixed")
        x = d.ticket("X")
        self.assertEqual((x.state, x.first_resolved, x.resolved, x.first_contact),
                         (State.RESOLVED, T0 + 1000, T0 + 1000, False))
        d.close_ticket("X", T0 + 2000)
        self.assertEqual((self.state(), d.ticket("X").closed), (State.CLOSED, T0 + 2000))
        d.rate("X", 4, T0 + 2100)  # accepted on a closed ticket
        self.assertEqual(d.ticket("X").csat, 4)
        d.reopen("X", T0 + 3000)  # within the default 7-day window
        x = d.ticket("X")
        self.assertEqual((x.state, x.reopen_count, x.closed), (State.IN_PROGRESS, 1, None))
        d.resolve("X", T0 + 4000, first_contact=True)
        x = d.ticket("X")
        # A reopen keeps the first resolution; `resolved` is the latest.
        self.assertEqual((x.first_resolved, x.resolved, x.first_contact),
                         (T0 + 1000, T0 + 4000, True))
        d.complaint("X", T0 + 4100)
        d.close_ticket("X", T0 + 5000)
        x = d.ticket("X")
        self.assertEqual((x.state, x.complaints, x.closed, x.event_count),
                         (State.CLOSED, 1, T0 + 5000, 17))
        self.assertFalse(x.is_open)
        self.assertEqual([e.type for e in d.events("X")], [
            EventType.CREATED, EventType.ASSIGNED, EventType.STARTED, EventType.AGENT_REPLY,
            EventType.PENDED, EventType.CUSTOMER_REPLY, EventType.PENDED, EventType.RESUMED,
            EventType.INTERNAL_NOTE, EventType.ESCALATED, EventType.RESOLVED,
            EventType.CLOSED, EventType.RATED, EventType.REOPENED, EventType.RESOLVED,
            EventType.COMPLAINT, EventType.CLOSED])

    def test_agent_reply_starts_an_assigned_ticket(self):
        self.desk.create("X", "T1", T0)
        self.desk.assign("X", "A1", T0)
        self.desk.agent_reply("X", T0 + 30, agent="A2")
        self.assertEqual(self.state(), State.IN_PROGRESS)
        self.assertEqual(self.desk.ticket("X").agent, "A1")  # a reply does not reassign

    def test_reassign_before_start(self):
        self.desk.create("X", "T1", T0)
        self.desk.assign("X", "A1", T0)
        self.desk.assign("X", "A2", T0 + 10)
        self.assertEqual(self.desk.ticket("X").agent, "A2")

    def test_transfer(self):
        self.working("X")
        self.desk.transfer("X", T0 + 60, team="T2")
        x = self.desk.ticket("X")
        # To a team only: in the team's queue, held by nobody.
        self.assertEqual((x.state, x.team, x.agent, x.transfer_count),
                         (State.NEW, "T2", None, 1))
        with self.assertRaises(csvc.ConstraintError) as cm:
            self.desk.assign("X", "A1", T0 + 70)  # another team's agent
        self.assertIn("not the ticket's team 'T2'", cm.exception.message)
        self.assertEqual(self.desk.route_assign("X", T0 + 80), "B1")
        self.assertEqual(self.desk.ticket("X").state, State.ASSIGNED)
        self.desk.transfer("X", T0 + 120, agent="B1")  # the team follows the agent
        x = self.desk.ticket("X")
        self.assertEqual((x.team, x.agent, x.transfer_count), ("T2", "B1", 2))
        self.desk.transfer("X", T0 + 180, team="T1", agent="A2")
        self.assertEqual(self.desk.ticket("X").team, "T1")

    def test_escalation_tiers(self):
        self.desk.create("X", "T1", T0)
        self.desk.escalate("X", T0 + 1, actor="A1")  # allowed in any open state
        self.desk.escalate("X", T0 + 2)
        self.assertEqual(self.desk.ticket("X").tier, 3)
        events = self.desk.events("X")
        self.assertEqual([(e.value, e.actor) for e in events[1:]], [(2, "A1"), (3, None)])

    def test_cancel_and_merge(self):
        self.desk.create("KEEP", "T1", T0)
        self.desk.create("DUP", "T1", T0 + 5)
        self.desk.assign("DUP", "A1", T0 + 6)
        self.desk.cancel("DUP", T0 + 10, merged_into="KEEP")
        dup = self.desk.ticket("DUP")
        self.assertEqual((dup.state, dup.related), (State.CANCELLED, "KEEP"))
        self.desk.create("SPAM", "T1", T0)
        self.desk.cancel("SPAM", T0 + 1)
        self.assertEqual(self.desk.ticket("SPAM").related, None)
        self.assertEqual(self.desk.events("DUP")[-1].related, "KEEP")

    def test_follow_up(self):
        self.working("X")
        self.desk.resolve("X", T0 + 100)
        # Within the window (7 days by default): the ticket reopens.
        self.assertTrue(self.desk.follow_up("X", "X-2", T0 + 7 * DAY + 100))
        x = self.desk.ticket("X")
        self.assertEqual((x.state, x.reopen_count), (State.IN_PROGRESS, 1))
        self.assertNotIn("X-2", self.desk)
        self.desk.resolve("X", T0 + 8 * DAY)
        # 7 days + 1 s after the latest resolution: a new, linked ticket.
        self.assertFalse(self.desk.follow_up("X", "X-2", T0 + 15 * DAY + 1))
        new = self.desk.ticket("X-2")
        self.assertEqual((new.state, new.related, new.team, new.created),
                         (State.NEW, "X", "T1", T0 + 15 * DAY + 1))
        self.assertEqual(self.desk.ticket("X").state, State.RESOLVED)

    def test_reopen_policy_per_team(self):
        self.desk.set_reopen_policy("T2", HOUR, 2 * HOUR)
        self.working("A", team="T1")
        self.working("B", team="T2", agent="B1")
        self.desk.resolve("A", T0 + 10)
        self.desk.resolve("B", T0 + 10)
        self.desk.reopen("A", T0 + 10 + 2 * HOUR)  # T1 keeps 7 days
        with self.assertRaises(csvc.TransitionError) as cm:
            self.desk.reopen("B", T0 + 10 + HOUR + 1)
        self.assertIn("reopen window of 3600 s", cm.exception.message)
        self.desk.reopen("B", T0 + 10 + HOUR)  # the window's last second

    def test_auto_close(self):
        desk = self.new_desk(auto_close_after=2 * DAY)
        desk.create("A", "T1", T0)
        desk.assign("A", "A1", T0)
        desk.start("A", T0)
        desk.resolve("A", T0 + 100)
        desk.create("B", "T1", T0)
        desk.assign("B", "A1", T0)
        desk.start("B", T0)
        desk.resolve("B", T0 + DAY)
        self.assertEqual(desk.auto_close(T0 + 100 + 2 * DAY - 1), 0)
        # A closes at resolution + 2 days, whenever auto_close runs.
        self.assertEqual(desk.auto_close(T0 + 100 + 2 * DAY + 5000), 1)
        self.assertEqual(desk.ticket("A").closed, T0 + 100 + 2 * DAY)
        self.assertEqual(desk.ticket("B").state, State.RESOLVED)
        self.assertEqual(desk.auto_close(T0 + 10 * DAY), 1)
        self.assertEqual(desk.ticket("B").closed, T0 + DAY + 2 * DAY)
        self.assertEqual(desk.auto_close(T0 + 10 * DAY), 0)

    def test_datetime_times(self):
        created = datetime.datetime(2025, 3, 10, 16, 0, tzinfo=datetime.timezone(
            datetime.timedelta(hours=8)))  # 08:00 UTC
        self.desk.create("X", "T1", created)
        self.assertEqual(self.desk.ticket("X").created, T0)
        with self.assertRaises(ValueError) as cm:
            self.desk.assign("X", "A1", datetime.datetime(2025, 3, 10, 9, 0))
        self.assertIn("naive", str(cm.exception))
        self.assertEqual(self.desk.ticket("X").state, State.NEW)

    def test_enum_inputs(self):
        self.desk.create("X", "T1", T0, channel=Channel.IN_STORE,
                         category=Category.REPAIR_WARRANTY, priority=3)
        x = self.desk.ticket("X")
        self.assertEqual((x.channel, x.category, x.priority),
                         (Channel.IN_STORE, Category.REPAIR_WARRANTY, Priority.URGENT))
        self.working("Y")
        self.desk.pend("Y", T0 + 1, reason=PendReason.INTERNAL)
        self.assertEqual(self.desk.events("Y")[-1].value, 1)
        self.assertEqual(str(State.IN_PROGRESS), "in_progress")
        self.assertTrue(State.PENDING.is_open)
        self.assertFalse(State.RESOLVED.is_open)


# --------------------------------------------------------------------------
# Refused calls: status, message, nothing changed


class RefusedTest(DeskCase):
    def setUp(self):
        super().setUp()
        self.desk.create("N", "T1", T0)  # new
        self.working("P")  # in progress
        self.desk.create("C", "T1", T0)
        self.desk.cancel("C", T0)  # cancelled

    def assertRefused(self, exc_class, call, *fragments):
        before = self.snapshot()
        with self.assertRaises(exc_class) as cm:
            call()
        for fragment in fragments:
            self.assertIn(fragment, cm.exception.message)
        self.assertEqual(self.snapshot(), before)
        return cm.exception

    def test_transitions(self):
        d = self.desk
        cases = [
            (lambda: d.resolve("N", T0 + 1), "ticket N: cannot resolve from state 'new'"),
            (lambda: d.start("N", T0 + 1), "ticket N: cannot start from state 'new'"),
            (lambda: d.pend("N", T0 + 1), "ticket N: cannot pend from state 'new'"),
            (lambda: d.resume("P", T0 + 1), "ticket P: cannot resume from state 'in_progress'"),
            (lambda: d.close_ticket("N", T0 + 1), "ticket N: cannot close from state 'new'"),
            (lambda: d.close_ticket("P", T0 + 1),
             "ticket P: cannot close from state 'in_progress'"),
            (lambda: d.reopen("P", T0 + 1), "ticket P: cannot reopen from state 'in_progress'"),
            (lambda: d.rate("P", 5, T0 + 1), "ticket P: cannot rate from state 'in_progress'"),
            (lambda: d.agent_reply("N", T0 + 1, agent="A1"),
             "ticket N: cannot add an agent reply from state 'new'"),
            (lambda: d.cancel("P", T0 + 1), "ticket P: cannot cancel from state 'in_progress'"),
            (lambda: d.assign("P", "A2", T0 + 1),
             "ticket P: cannot assign from state 'in_progress'"),
            (lambda: d.assign("C", "A1", T0 + 1),
             "ticket C: cannot assign from state 'cancelled'"),
            (lambda: d.complaint("C", T0 + 1), "ticket C: cannot log a complaint from state "
                                               "'cancelled'"),
            (lambda: d.transfer("C", T0 + 1, team="T2"),
             "ticket C: cannot transfer from state 'cancelled'"),
            (lambda: d.customer_reply("C", T0 + 1),
             "ticket C: cannot add a customer reply from state 'cancelled'"),
        ]
        for call, message in cases:
            exc = self.assertRefused(csvc.TransitionError, call, message)
            self.assertEqual((exc.status, exc.name), (-6, "CSVC_E_TRANSITION"))

    def test_escalation_limit(self):
        self.desk.escalate("P", T0 + 1)
        self.desk.escalate("P", T0 + 2)
        self.assertRefused(csvc.TransitionError, lambda: self.desk.escalate("P", T0 + 3),
                           "ticket P", "already at tier 3")

    def test_reopen_after_the_window(self):
        self.desk.resolve("P", T0 + 10)
        self.assertRefused(csvc.TransitionError,
                           lambda: self.desk.reopen("P", T0 + 10 + 7 * DAY + 1),
                           "ticket P", "reopen window of 604800 s")

    def test_not_found_and_exists(self):
        d = self.desk
        self.assertRefused(csvc.NotFound, lambda: d.resolve("NOPE", T0), "ticket NOPE: not found")
        self.assertRefused(csvc.NotFound, lambda: d.ticket("NOPE"), "ticket NOPE: not found")
        self.assertRefused(csvc.AlreadyExists, lambda: d.create("N", "T1", T0),
                           "ticket N: already exists")
        self.assertRefused(csvc.NotFound, lambda: d.create("Z", "T9", T0), "team 'T9' not found")
        self.assertRefused(csvc.NotFound, lambda: d.assign("N", "ZZ", T0),
                           "ticket N", "agent 'ZZ' not found")
        self.assertRefused(csvc.NotFound, lambda: d.agent_reply("P", T0, agent="ZZ"),
                           "actor 'ZZ' not found")
        self.assertRefused(csvc.NotFound, lambda: d.cancel("N", T0, merged_into="GONE"),
                           "related ticket 'GONE' not found")
        self.assertRefused(csvc.NotFound, lambda: d.transfer("P", T0, team="T9"),
                           "team 'T9' not found")

    def test_inactive_agent(self):
        self.assertRefused(csvc.ConstraintError, lambda: self.desk.assign("N", "A3", T0),
                           "agent 'A3' is inactive")

    def test_time_goes_backwards(self):
        exc = self.assertRefused(csvc.TimeError, lambda: self.desk.assign("N", "A1", T0 - 1),
                                 "ticket N", "before its last event")
        self.assertEqual(exc.name, "CSVC_E_TIME")

    def test_value_errors(self):
        d = self.desk
        d.resolve("P", T0 + 1)
        self.assertRefused(csvc.RangeError, lambda: d.rate("P", 6, T0 + 2), "CSAT 6 outside 1..5")
        self.assertRefused(csvc.RangeError, lambda: d.rate("P", 0, T0 + 2), "CSAT 0")
        self.assertRefused(csvc.InvalidArgument, lambda: d.create("Z", "T1", T0, channel="fax"),
                           "channel 'fax': unknown")
        self.assertRefused(csvc.InvalidArgument,
                           lambda: d.create("Z", "T1", T0, category="gossip"), "gossip")
        self.assertRefused(csvc.InvalidArgument,
                           lambda: d.create("Z", "T1", T0, priority="asap"), "asap")
        self.assertRefused(csvc.RangeError, lambda: d.create("Z", "T1", T0, channel=9),
                           "out of range")
        self.assertRefused(csvc.InvalidArgument, lambda: d.pend("N", T0, reason="lunch"),
                           "lunch")
        self.assertRefused(csvc.InvalidArgument, lambda: d.transfer("N", T0 + 1),
                           "transfer needs a team_id or an agent_id")
        self.assertRefused(csvc.TooLong, lambda: d.create("x" * 65, "T1", T0))
        self.assertRefused(csvc.InvalidArgument, lambda: d.create("", "T1", T0))
        self.assertRefused(csvc.EncodingError, lambda: d.create("a\x00b", "T1", T0), "NUL")
        self.assertRefused(csvc.RangeError, lambda: d.create("Z", "T1", 1 << 63), "int64_t")
        self.assertRefused(csvc.RangeError, lambda: d.create("Z", "T1", 253402300800),
                           "outside years 1..9999")

    def test_type_errors(self):
        d = self.desk
        for call in (lambda: d.create(1, "T1", T0), lambda: d.create("Z", "T1", 1.5),
                     lambda: d.create("Z", "T1", datetime.date(2025, 3, 10)),
                     lambda: d.rate("P", 4.5, T0), lambda: d.apply(("created", "Z", T0)),
                     lambda: d.close("P"), lambda: d.metrics(T0),
                     lambda: d.set_calendar("24x7"), lambda: d.on_event(42),
                     lambda: csvc.Desk("roster")):
            with self.assertRaises(TypeError):
                call()

    def test_settings_errors(self):
        d = self.desk
        self.assertRefused(csvc.NotFound, lambda: d.set_reopen_policy("T9", 1, 1), "T9")
        self.assertRefused(csvc.RangeError, lambda: d.set_reopen_policy("T1", -1, 1), "negative")
        self.assertRefused(csvc.RangeError, lambda: d.add_sla_policy(resolution=-1),
                           "negative")
        self.assertRefused(csvc.InvalidArgument,
                           lambda: d.add_sla_policy(pause_states=("lunch",)), "lunch")
        self.assertRefused(csvc.RangeError, lambda: d.add_sla_policy(pause_states=0x4),
                           "pause_states 0x4 has unknown bits")
        with self.assertRaises(csvc.RangeError) as cm:
            csvc.Desk(self.roster, reopen_window=-1)
        self.assertIn("negative", cm.exception.message)

    def test_query_errors(self):
        d = self.desk
        with self.assertRaises(csvc.RangeError) as cm:
            d.ticket_at(3)
        self.assertIn("index 3 out of range (3 tickets)", cm.exception.message)
        with self.assertRaises(csvc.RangeError) as cm:
            d.event(0)
        self.assertIn("seq 0 out of range", cm.exception.message)
        with self.assertRaises(csvc.TimeError) as cm:
            d.sla("P", T0 - 1)
        self.assertIn("before its last event", cm.exception.message)
        with self.assertRaises(csvc.NotFound) as cm:
            d.sla("NOPE", T0)
        self.assertIn("NOPE", cm.exception.message)
        with self.assertRaises(csvc.NotFound):
            d.events("NOPE")
        with self.assertRaises(csvc.RangeError):
            d.events(period=(T0, T0 - 1))
        with self.assertRaises(csvc.RangeError) as cm:
            d.metrics((T0, T0 - 1))
        self.assertIn("period ends", cm.exception.message)
        with self.assertRaises(csvc.NotFound) as cm:
            d.metrics((T0, T0 + 1), team="T9")
        self.assertIn("T9", cm.exception.message)
        with self.assertRaises(csvc.NotFound):
            d.metrics((T0, T0 + 1), agent="ZZ")
        with self.assertRaises(ValueError):
            d.metrics((T0, T0 + 1), team="T1", agent="A1")
        with self.assertRaises(csvc.TimeError):
            d.dispatch_queue(T0 - 1)
        with self.assertRaises(csvc.TimeError):
            d.breached(T0 - 1)

    def test_routing_errors(self):
        self.desk.create("E", "T3", T0)
        with self.assertRaises(csvc.NotFound) as cm:
            self.desk.route("E")
        self.assertIn("team 'T3' has no active agent", cm.exception.message)
        with self.assertRaises(csvc.InvalidArgument) as cm:
            self.desk.route("N", "random")
        self.assertIn("random", cm.exception.message)
        with self.assertRaises(csvc.NotFound):
            self.desk.route("NOPE")
        with self.assertRaises(csvc.InvalidArgument) as cm:
            self.desk.route("N", 7)
        self.assertIn("unknown strategy 7", cm.exception.message)


# --------------------------------------------------------------------------
# The log


class EventLogTest(DeskCase):
    def fill(self):
        d = self.desk
        d.create("X", "T1", T0, customer="C-1", channel="chat", category="return_refund",
                 priority="urgent")
        d.create("Y", "T2", T0 + 5)
        d.assign("X", "A2", T0 + 10)
        d.agent_reply("X", T0 + 20, agent="A2")
        d.pend("X", T0 + 30, reason="customer")
        d.transfer("Y", T0 + 40, agent="B2")
        d.customer_reply("X", T0 + 50)
        d.resolve("X", T0 + 60, code="refund_issued", first_contact=True)
        d.rate("X", 4, T0 + 70, comment="quick and kind")
        d.follow_up("X", "X-2", T0 + 8 * DAY)
        d.create("Z", "T1", T0 + 90)
        d.cancel("Z", T0 + 95, merged_into="Y")
        d.escalate("Y", T0 + 99, actor="B1")

    def test_apply_takes_names(self):
        self.desk.apply(Event("created", "X", T0, team="T1", channel="social",
                              category="complaint", priority="low"))
        self.desk.apply(Event("complaint", "X", T0 + 1))
        x = self.desk.ticket("X")
        self.assertEqual((x.channel, x.category, x.priority, x.complaints),
                         (Channel.SOCIAL, Category.COMPLAINT, Priority.LOW, 1))
        with self.assertRaises(csvc.InvalidArgument) as cm:
            self.desk.apply(Event("praised", "X", T0 + 2))
        self.assertIn("event type 'praised': unknown", cm.exception.message)
        with self.assertRaises(csvc.InvalidArgument) as cm:
            self.desk.apply(Event(99, "X", T0 + 2))
        self.assertIn("type 99 unknown", cm.exception.message)
        self.assertEqual(self.desk.event_count, 2)

    def test_iteration(self):
        self.fill()
        events = self.desk.events()
        self.assertEqual(self.desk.event_count, 13)
        self.assertEqual([e.seq for e in events], list(range(1, 14)))
        self.assertEqual(events[0], Event(
            type=EventType.CREATED, ticket="X", time=T0, team="T1", customer="C-1",
            channel=Channel.CHAT, category=Category.RETURN_REFUND, priority=Priority.URGENT,
            seq=1))
        self.assertEqual(events[2], Event(EventType.ASSIGNED, "X", T0 + 10, agent="A2", seq=3))
        self.assertEqual(events[3].actor, "A2")
        self.assertEqual(events[4].value, int(PendReason.CUSTOMER))
        self.assertEqual((events[5].type, events[5].team, events[5].agent),
                         (EventType.TRANSFERRED, "T2", "B2"))
        self.assertEqual((events[7].code, events[7].value), ("refund_issued", 1))
        self.assertEqual((events[8].code, events[8].value), ("quick and kind", 4))
        follow = events[9]
        self.assertEqual((follow.type, follow.ticket, follow.related, follow.customer),
                         (EventType.CREATED, "X-2", "X", "C-1"))
        self.assertEqual(follow.category, Category.RETURN_REFUND)
        self.assertEqual((events[11].type, events[11].related), (EventType.CANCELLED, "Y"))
        self.assertEqual((events[12].value, events[12].actor), (2, "B1"))
        # Non-created events do not describe channel, category, priority.
        self.assertEqual({(e.channel, e.category, e.priority) for e in events[2:9]},
                         {(None, None, None)})
        self.assertEqual(self.desk.event(8), events[7])
        with self.assertRaises(Exception):
            events[0].time = 0  # frozen

    def test_filters(self):
        self.fill()
        self.assertEqual([e.seq for e in self.desk.events("Y")], [2, 6, 13])
        self.assertEqual([e.seq for e in self.desk.events(period=(T0 + 10, T0 + 50))],
                         [3, 4, 5, 6])  # half-open: T0 + 50 is out
        self.assertEqual([e.seq for e in self.desk.events("X", csvc.Period(T0 + 30, T0 + 70))],
                         [5, 7, 8])
        self.assertEqual(self.desk.events("X", (T0 + 1000, T0 + 2000)), [])

    def test_tickets(self):
        self.fill()
        self.assertEqual(len(self.desk), 4)
        self.assertEqual([t.id for t in self.desk], ["X", "Y", "X-2", "Z"])
        self.assertEqual(self.desk.ticket_at(2), self.desk.ticket("X-2"))
        self.assertIn("X", self.desk)
        self.assertNotIn("Q", self.desk)
        self.assertNotIn("", self.desk)
        self.assertNotIn(3, self.desk)
        x = self.desk.ticket("X")
        self.assertEqual((x.state, x.csat, x.first_contact, x.event_count),
                         (State.RESOLVED, 4, True, 7))
        self.assertEqual(repr(self.desk), "<csvc.Desk 4 tickets, 13 events>")

    def test_replay_gives_the_same_desk(self):
        self.fill()
        self.desk.auto_close(T0 + 30 * DAY)
        copy = self.new_desk()
        for event in self.desk.events():
            copy.apply(event)
        self.assertEqual(copy.checksum(), self.desk.checksum())
        self.assertEqual(list(copy), list(self.desk))
        self.assertEqual(copy.events(), self.desk.events())

    def test_checksum_tells_desks_apart(self):
        self.fill()
        other = self.new_desk()
        for event in self.desk.events()[:-1]:
            other.apply(event)
        self.assertNotEqual(other.checksum(), self.desk.checksum())
        other.escalate("Y", T0 + 99, actor="B2")  # a different actor
        self.assertNotEqual(other.checksum(), self.desk.checksum())
        self.assertEqual(self.new_desk().checksum(), self.new_desk().checksum())

    def test_csv_round_trip(self):
        self.fill()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "events.csv")
            self.desk.export_events_csv(path)
            with open(path, newline="", encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
            again = self.new_desk()
            again.import_events_csv(path)
            with open(path, encoding="utf-8") as f:
                text = f.read()
        self.assertEqual(len(rows), 13)
        self.assertEqual([r["type"] for r in rows[:3]], ["created", "created", "assigned"])
        self.assertEqual(again.checksum(), self.desk.checksum())
        third = self.new_desk()
        third.import_events_csv_text(text)
        self.assertEqual(third.checksum(), self.desk.checksum())
        fourth = self.new_desk()
        fourth.import_events_csv_text(text.encode("utf-8"))
        self.assertEqual(fourth.checksum(), self.desk.checksum())

    def test_import_is_all_or_nothing(self):
        text = ("ticket_id,type,time,team_id,agent_id\n"
                "K1,created,2025-03-10T08:00:00Z,T1,\n"
                "K1,assigned,2025-03-10T08:01:00Z,,A1\n"
                "K1,resolved,2025-03-10T08:02:00Z,,\n")  # line 4: from 'assigned'
        with self.assertRaises(csvc.TransitionError) as cm:
            self.desk.import_events_csv_text(text)
        self.assertIn("line 4", cm.exception.message)
        self.assertEqual((len(self.desk), self.desk.event_count), (0, 0))
        with self.assertRaises(csvc.ParseError) as cm:
            self.desk.import_events_csv_text(text.replace("2025-03-10T08:01:00Z", "yesterday"))
        self.assertIn("line 3", cm.exception.message)
        self.assertEqual(len(self.desk), 0)
        with self.assertRaises(csvc.IOFailure) as cm:
            self.desk.import_events_csv(os.path.join(tempfile.gettempdir(), "csvc-none",
                                                     "events.csv"))
        self.assertIn("events.csv", cm.exception.message)
        self.desk.import_events_csv_text(text.rsplit("K1,resolved", 1)[0])
        self.assertEqual(self.desk.ticket("K1").agent, "A1")

    def test_import_tickets(self):
        text = ("ticket_id,customer_id,agent_id,team_id,channel,category,priority,created,"
                "first_reply,resolved,closed,reopened,csat,complaint,first_contact\n"
                "K1,C9,A1,T1,phone,inquiry,high,2025-03-10T08:00:00Z,2025-03-10T08:05:00Z,"
                "2025-03-10T09:00:00Z,2025-03-11T09:00:00Z,0,5,0,1\n"
                "K2,,,T1,email,other,low,2025-03-10T10:00:00Z,,,,,,,\n")
        self.desk.import_tickets_csv_text(text)
        k1, k2 = self.desk.ticket("K1"), self.desk.ticket("K2")
        self.assertEqual((k1.state, k1.agent, k1.customer, k1.channel, k1.priority),
                         (State.CLOSED, "A1", "C9", Channel.PHONE, Priority.HIGH))
        self.assertEqual((k1.created, k1.first_response, k1.resolved, k1.closed),
                         (T0, T0 + 5 * MINUTE, T0 + HOUR, T0 + DAY + HOUR))
        self.assertEqual((k1.csat, k1.first_contact), (5, True))
        self.assertEqual((k2.state, k2.agent, k2.category), (State.NEW, None, Category.OTHER))
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "flat.csv")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text.replace("K1", "K3").replace("K2", "K4"))
            self.desk.import_tickets_csv(path)
        self.assertEqual(self.desk.ticket("K3").closed, T0 + DAY + HOUR)
        with self.assertRaises(csvc.RangeError) as cm:
            self.desk.import_tickets_csv_text(text.replace("K1", "K5").replace("K2", "K6")
                                              .replace(",5,0,1", ",9,0,1"))
        self.assertIn("line 2, column 13 (csat)", cm.exception.message)
        self.assertNotIn("K5", self.desk)
        self.assertNotIn("K6", self.desk)


# --------------------------------------------------------------------------
# SLA clocks


def weekday_calendar(start="08:00", end="18:00", utc_offset=0):
    cal = csvc.Calendar(utc_offset)
    for day in ("mon", "tue", "wed", "thu", "fri"):
        cal.add_hours(day, start, end)
    return cal


class SlaTest(DeskCase):
    def test_worked_case(self):
        # DOMAIN.md: open 08:00-18:00; created 08:00 with a 2 h resolution
        # target: due 10:00. Pended on the customer at 09:00 (1 h used, 1 h
        # left); the customer replies at 10:05, so the clock restarts there
        # with 1 h left: due 11:05.
        with weekday_calendar() as cal:
            self.desk.set_calendar(cal)
        self.desk.add_sla_policy(resolution=2 * HOUR)
        d = self.desk
        d.create("S", "T1", at(8))
        d.assign("S", "A1", at(8))
        d.start("S", at(8))
        s = d.sla("S", at(8))
        self.assertEqual((s.resolution_due, s.resolution_remaining, s.paused),
                         (at(10), 2 * HOUR, False))
        # No first- or next-response target.
        self.assertEqual((s.first_response_due, s.next_response_due), (None, None))
        self.assertEqual((s.first_response_remaining, s.next_response_remaining), (0, 0))
        d.pend("S", at(9))
        s = d.sla("S", at(9, 30))
        self.assertEqual((s.paused, s.resolution_due, s.resolution_remaining),
                         (True, None, HOUR))  # frozen at the pause
        d.customer_reply("S", at(10, 5))
        s = d.sla("S", at(10, 5))
        self.assertEqual((s.paused, s.resolution_due, s.resolution_remaining),
                         (False, at(11, 5), HOUR))
        s = d.sla("S", at(10, 35))
        self.assertEqual((s.resolution_due, s.resolution_remaining), (at(11, 5), 30 * MINUTE))
        self.assertFalse(s.breached)
        # At 11:30 the target was missed at 11:05: 25 min overdue.
        s = d.sla("S", at(11, 30))
        self.assertEqual((s.resolution_breached, s.resolution_breach_time,
                          s.resolution_remaining), (True, at(11, 5), -25 * MINUTE))
        self.assertTrue(s.breached)
        self.assertEqual(d.breached(at(11, 30)), ["S"])
        self.assertEqual(d.breached(at(11, 5)), [])  # due at 11:05 exactly: not late yet
        # Resolved at 11:45: stopped 40 min late.
        d.resolve("S", at(11, 45))
        s = d.sla("S", at(17))
        self.assertEqual((s.resolution_due, s.resolution_remaining, s.resolution_breached),
                         (at(11, 5), -40 * MINUTE, True))
        self.assertEqual(d.breached(at(17)), [])  # only open tickets are listed

    def test_overnight_and_weekend(self):
        # Friday 17:00 + 2 h: 1 h on Friday, 1 h on Monday -> Monday 09:00.
        with weekday_calendar() as cal:
            self.desk.set_calendar(cal)
        self.desk.add_sla_policy(resolution=2 * HOUR)
        self.desk.create("F", "T1", at(17, day=4))
        self.assertEqual(self.desk.sla("F", at(17, day=4)).resolution_due, at(9, day=7))
        # Saturday noon: still 1 h of business time left.
        self.assertEqual(self.desk.sla("F", at(12, day=5)).resolution_remaining, HOUR)

    def test_response_clocks(self):
        # Elapsed time (no calendar): first response 10 min, next 20 min.
        self.desk.add_sla_policy(first_response=10 * MINUTE, next_response=20 * MINUTE)
        d = self.desk
        self.working("R", t=T0)
        s = d.sla("R", T0 + 4 * MINUTE)
        self.assertEqual((s.first_response_due, s.first_response_remaining),
                         (T0 + 10 * MINUTE, 6 * MINUTE))
        d.agent_reply("R", T0 + 7 * MINUTE)  # 3 min to spare
        s = d.sla("R", T0 + 8 * MINUTE)
        self.assertEqual((s.first_response_due, s.first_response_remaining,
                          s.first_response_breached), (T0 + 10 * MINUTE, 3 * MINUTE, False))
        self.assertEqual((s.next_response_due, s.next_response_remaining), (None, 0))
        d.customer_reply("R", T0 + 30 * MINUTE)  # re-arms: due 30 + 20 = 50 min
        s = d.sla("R", T0 + 30 * MINUTE)
        self.assertEqual((s.next_response_due, s.next_response_remaining),
                         (T0 + 50 * MINUTE, 20 * MINUTE))
        d.agent_reply("R", T0 + 55 * MINUTE)  # 5 min late
        s = d.sla("R", T0 + HOUR)
        self.assertEqual((s.next_response_breached, s.next_response_breach_time),
                         (True, T0 + 50 * MINUTE))
        self.assertEqual(d.breached(T0 + HOUR), ["R"])

    def test_team_policy_and_calendar(self):
        # T2 works 08:00-18:00 with a 1 h first-response target; T1 is 24x7
        # with the desk-wide 2 h target. Both tickets come in at 17:30.
        with weekday_calendar() as cal:
            self.desk.set_calendar(cal, team="T2")
        self.desk.add_sla_policy(first_response=2 * HOUR)
        self.desk.add_sla_policy(team="T2", first_response=HOUR)
        self.desk.create("ONE", "T1", at(17, 30))
        self.desk.create("TWO", "T2", at(17, 30))
        # T1: 17:30 + 2 h elapsed = 19:30. T2: 30 min today, 30 min from
        # Tuesday 08:00 -> 08:30.
        self.assertEqual(self.desk.sla("ONE", at(17, 30)).first_response_due, at(19, 30))
        self.assertEqual(self.desk.sla("TWO", at(17, 30)).first_response_due,
                         at(8, 30, day=1))

    def test_specific_policy_wins(self):
        self.desk.add_sla_policy(resolution=8 * HOUR)
        self.desk.add_sla_policy(priority="urgent", resolution=HOUR)
        self.desk.add_sla_policy(category="return_refund", resolution=4 * HOUR)
        self.desk.create("U", "T1", T0, priority="urgent", category="return_refund")
        self.desk.create("N", "T1", T0)
        self.desk.create("R", "T1", T0, category=Category.RETURN_REFUND)
        # priority counts 2, category 1: the urgent policy wins for U.
        self.assertEqual(self.desk.sla("U", T0).resolution_due, T0 + HOUR)
        self.assertEqual(self.desk.sla("N", T0).resolution_due, T0 + 8 * HOUR)
        self.assertEqual(self.desk.sla("R", T0).resolution_due, T0 + 4 * HOUR)

    def test_pause_states(self):
        # The policy of T2 does not pause while pending on the customer.
        self.desk.add_sla_policy(team="T2", resolution=HOUR, pause_states=())
        self.desk.add_sla_policy(team="T1", resolution=HOUR,
                                 pause_states=("pending_customer", "pending_internal"))
        self.working("A", team="T1")
        self.working("B", team="T2", agent="B1")
        for id in ("A", "B"):
            self.desk.pend(id, T0 + 10 * MINUTE, reason="internal")
        a, b = self.desk.sla("A", T0 + 30 * MINUTE), self.desk.sla("B", T0 + 30 * MINUTE)
        self.assertEqual((a.paused, a.resolution_remaining), (True, 50 * MINUTE))
        self.assertEqual((b.paused, b.resolution_remaining), (False, 30 * MINUTE))

    def test_dispatch_queue(self):
        # First response 1 h: due 09:00 (Q1), 09:30 (Q2), 09:10 (Q3); Q4 has
        # answered, so no clock runs for it; Q5 is closed.
        self.desk.add_sla_policy(first_response=HOUR)
        d = self.desk
        d.create("Q1", "T1", at(8))
        d.create("Q2", "T1", at(8, 30))
        d.create("Q3", "T1", at(8, 10))
        self.working("Q4", t=at(8))
        d.agent_reply("Q4", at(8, 1))
        self.working("Q5", t=at(8))
        d.resolve("Q5", at(8, 2))
        self.assertEqual(d.dispatch_queue(at(8, 40)), ["Q1", "Q3", "Q2", "Q4"])
        # Due by 08:40 + 25 min = 09:05: only Q1.
        self.assertEqual(d.dispatch_queue(at(8, 40), within=25 * MINUTE), ["Q1"])
        self.assertEqual(d.dispatch_queue(at(8, 40), within=datetime.timedelta(minutes=30)),
                         ["Q1", "Q3"])
        self.assertEqual(d.dispatch_queue(at(8, 40), within=0), [])
        self.assertEqual(d.breached(at(9, 20)), ["Q1", "Q3"])

    def test_large_queue(self):
        self.desk.add_sla_policy(first_response=HOUR)
        for i in range(300):
            self.desk.create("L%03d" % i, "T1", T0 + (299 - i))
        # Created later = due later: the queue runs backwards.
        self.assertEqual(self.desk.dispatch_queue(T0 + 400),
                         ["L%03d" % i for i in reversed(range(300))])


# --------------------------------------------------------------------------
# Routing


class RoutingTest(DeskCase):
    def test_round_robin(self):
        # Active T1 agents in roster order: A1, A2 (A3 is inactive).
        self.desk.create("R", "T1", T0)
        picks = [self.desk.route("R") for _ in range(4)]
        self.assertEqual(picks, ["A1", "A2", "A1", "A2"])
        self.assertEqual(self.desk.ticket("R").agent, None)  # routing does not assign

    def test_least_loaded_and_skill(self):
        d = self.desk
        for id in ("B-1", "B-2"):
            d.create(id, "T2", T0)
        d.assign("B-1", "B1", T0)
        self.assertEqual(d.route("B-2", "least_loaded"), "B2")  # B1 has one open ticket
        d.create("S", "T1", T0, category="return_refund")
        self.assertEqual(d.route("S", "skill"), "A2")  # the only T1 agent with the skill
        d.create("O", "T1", T0, category="technical")
        self.assertEqual(d.route("O", csvc.Routing.SKILL), "A1")  # nobody: least loaded
        d.assign("O", "A1", T0)
        self.assertEqual(d.route("O", "least_loaded"), "A2")


# --------------------------------------------------------------------------
# Metrics


class MetricsTest(DeskCase):
    """Three tickets of team T1, all handled by A1, no calendar (elapsed
    seconds) and no SLA policy:

    - X1 created T0: first reply +60, resolved +600 first-contact, CSAT 5;
    - X2 created T0+1000: first reply +120, pended on the customer from +200
      to +300 (100 s excluded), resolved +900 -> 800 s, CSAT 3;
    - X3 created T0+2000: first reply +300, escalated, a complaint, still
      open.
    """

    PERIOD = (T0, T0 + DAY)

    def setUp(self):
        super().setUp()
        d = self.desk
        d.create("X1", "T1", T0)
        d.assign("X1", "A1", T0)
        d.agent_reply("X1", T0 + 60, agent="A1")
        d.resolve("X1", T0 + 600, first_contact=True)
        d.rate("X1", 5, T0 + 700)
        d.create("X2", "T1", T0 + 1000)
        d.assign("X2", "A1", T0 + 1000)
        d.agent_reply("X2", T0 + 1120, agent="A1")
        d.pend("X2", T0 + 1200)
        d.customer_reply("X2", T0 + 1300)
        d.resolve("X2", T0 + 1900)
        d.rate("X2", 3, T0 + 1950)
        d.create("X3", "T1", T0 + 2000)
        d.assign("X3", "A1", T0 + 2000)
        d.agent_reply("X3", T0 + 2300, agent="A1")
        d.escalate("X3", T0 + 2400, actor="A1")
        d.complaint("X3", T0 + 2500)

    def test_desk_metrics(self):
        m = self.desk.metrics(self.PERIOD)
        self.assertEqual((m.handled, m.resolved, m.first_contact), (3, 2, 1))
        self.assertAlmostEqual(m.resolution_rate, 2 / 3)
        self.assertEqual(m.fcr, 0.5)
        # First responses 60, 120, 300: mean 160, median 120,
        # p90 at rank 0.9 * 2 = 1.8: 120 + 0.8 * (300 - 120) = 264.
        self.assertEqual(m.first_response_count, 3)
        self.assertAlmostEqual(m.first_response_mean, 160)
        self.assertAlmostEqual(m.first_response_median, 120)
        self.assertAlmostEqual(m.first_response_p90, 264)
        self.assertAlmostEqual(quantile([60, 120, 300], 0.9), 264)
        # Resolutions 600 and 800: mean = median 700, p90 600 + 0.9 * 200 = 780.
        self.assertEqual(m.resolution_count, 2)
        self.assertAlmostEqual(m.resolution_mean, 700)
        self.assertAlmostEqual(m.resolution_median, 700)
        self.assertAlmostEqual(m.resolution_p90, 780)
        # Nothing was reopened: the totals are the same.
        self.assertAlmostEqual(m.total_resolution_mean, 700)
        self.assertAlmostEqual(m.total_resolution_p90, 780)
        # CSAT: ratings 5 and 3 -> one of two is 4 or 5; mean 4.
        self.assertEqual((m.csat_count, m.csat, m.csat_mean), (2, 0.5, 4.0))
        # One complaint per 3 handled: 33.3 per 100.
        self.assertEqual(m.complaints, 1)
        self.assertAlmostEqual(m.complaint_rate, 100 / 3)
        self.assertEqual((m.escalations, m.transfers), (1, 0))
        self.assertAlmostEqual(m.escalation_rate, 1 / 3)
        self.assertEqual(m.transfer_rate, 0.0)  # 0 of 3: a value, not NaN
        self.assertEqual((m.reopened, m.reopen_rate), (0, 0.0))
        # No policy: no due times, so compliance has no value.
        self.assertEqual((m.sla_due, m.sla_met), (0, 0))
        self.assertTrue(math.isnan(m.sla_compliance))
        self.assertEqual(m.backlog, 1)  # X3

    def test_half_open_period(self):
        # [T0, T0 + 1500): first replies of X1 (60) and X2 (120) only:
        # median 90, p90 60 + 0.9 * 60 = 114. X1 is the only resolution.
        m = self.desk.metrics((T0, T0 + 1500))
        self.assertEqual((m.first_response_count, m.resolved), (2, 1))
        self.assertAlmostEqual(m.first_response_median, 90)
        self.assertAlmostEqual(m.first_response_p90, 114)
        self.assertAlmostEqual(m.resolution_median, 600)
        self.assertEqual(m.backlog, 1)  # X2 open at T0 + 1500

    def test_empty_period_is_nan(self):
        m = self.desk.metrics((T0 - 2 * DAY, T0 - DAY))
        for field in ("handled", "resolved", "first_contact", "first_response_count",
                      "resolution_count", "sla_due", "sla_met", "reopened", "csat_count",
                      "complaints", "transfers", "escalations", "backlog"):
            self.assertEqual(getattr(m, field), 0, field)
        for field in ("resolution_rate", "fcr", "first_response_mean", "first_response_median",
                      "first_response_p90", "resolution_mean", "resolution_median",
                      "resolution_p90", "total_resolution_mean", "total_resolution_median",
                      "total_resolution_p90", "sla_compliance", "reopen_rate", "csat",
                      "csat_mean", "complaint_rate", "transfer_rate", "escalation_rate"):
            value = getattr(m, field)
            self.assertIsInstance(value, float, field)
            self.assertTrue(math.isnan(value), field)
        # NaN means "no value": two empty metrics compare equal.
        self.assertEqual(m, self.desk.metrics((T0 - 3 * DAY, T0 - 2 * DAY)))
        self.assertNotEqual(m, self.desk.metrics(self.PERIOD))
        with self.assertRaises(TypeError):
            hash(m)

    def test_scopes(self):
        d = self.desk
        team = d.metrics(self.PERIOD, team="T1")
        self.assertEqual(team, d.metrics(self.PERIOD))
        other = d.metrics(self.PERIOD, team="T2")
        self.assertEqual((other.handled, other.backlog), (0, 0))
        self.assertTrue(math.isnan(other.fcr))
        a1 = d.metrics(self.PERIOD, agent="A1")
        self.assertEqual((a1.handled, a1.resolved, a1.first_response_count), (3, 2, 3))
        self.assertAlmostEqual(a1.first_response_p90, 264)
        self.assertAlmostEqual(a1.resolution_mean, 700)
        self.assertEqual((a1.csat_count, a1.csat), (2, 0.5))
        a2 = d.metrics(self.PERIOD, agent="A2")
        self.assertEqual(a2.handled, 0)
        self.assertTrue(math.isnan(a2.first_response_mean))

    def test_reopen_rate(self):
        # X1 reopened and resolved again in the period: 1 reopening of the 2
        # tickets resolved.
        self.desk.reopen("X1", T0 + 3000)
        self.desk.resolve("X1", T0 + 3600)
        m = self.desk.metrics(self.PERIOD)
        self.assertEqual((m.resolved, m.reopened, m.reopen_rate), (2, 1, 0.5))
        # The first resolution stays 600 s; the total grows to 3600 s.
        self.assertAlmostEqual(m.resolution_mean, 700)
        self.assertAlmostEqual(m.total_resolution_mean, (3600 + 800) / 2)

    def test_sla_compliance(self):
        # First response within 90 s: X1 (60) meets it, X2 (120) and X3
        # (300) miss it; all three fall due in the period.
        self.desk.add_sla_policy(first_response=90)
        m = self.desk.metrics(self.PERIOD)
        self.assertEqual((m.sla_due, m.sla_met), (3, 1))
        self.assertAlmostEqual(m.sla_compliance, 1 / 3)

    def test_all_agents(self):
        by_agent = self.desk.metrics_all_agents(self.PERIOD)
        self.assertEqual(list(by_agent), ["A1", "A2", "A3", "B1", "B2"])  # roster order
        for agent, m in by_agent.items():
            self.assertEqual(m, self.desk.metrics(self.PERIOD, agent=agent), agent)
        self.assertEqual(by_agent["A2"].handled, 0)
        with self.assertRaises(csvc.RangeError):
            self.desk.metrics_all_agents((T0, T0 - 1))

    def test_all_agents_of_an_empty_roster(self):
        with csvc.Roster() as roster, csvc.Desk(roster) as desk:
            self.assertEqual(desk.metrics_all_agents(self.PERIOD), {})

    @unittest.skipUnless(HAVE_PANDAS, "needs pandas")
    def test_frame(self):
        frame = self.desk.metrics_frame(self.PERIOD)
        self.assertEqual(list(frame.index), ["A1", "A2", "A3", "B1", "B2"])
        self.assertEqual(frame.index.name, "agent_id")
        self.assertEqual(frame.loc["A1", "handled"], 3)
        self.assertAlmostEqual(frame.loc["A1", "first_response_p90"], 264)
        self.assertTrue(math.isnan(frame.loc["A2", "fcr"]))

    def with_pandas_module(self, module, call):
        """Runs call() with sys.modules["pandas"] set to `module`."""
        missing = object()
        saved = sys.modules.get("pandas", missing)
        sys.modules["pandas"] = module
        try:
            return call()
        finally:
            if saved is missing:
                del sys.modules["pandas"]
            else:
                sys.modules["pandas"] = saved

    def test_frame_without_pandas(self):
        # None in sys.modules makes `import pandas` fail.
        with self.assertRaises(ImportError) as cm:
            self.with_pandas_module(None, lambda: self.desk.metrics_frame(self.PERIOD))
        self.assertIn("needs pandas", str(cm.exception))
        self.assertIn("metrics_all_agents", str(cm.exception))

    def test_periods(self):
        as_tuple = self.desk.metrics(self.PERIOD)
        self.assertEqual(self.desk.metrics(csvc.Period(*self.PERIOD)), as_tuple)
        utc_tz = datetime.timezone.utc
        start = datetime.datetime(2025, 3, 10, 8, 0, tzinfo=utc_tz)
        self.assertEqual(self.desk.metrics((start, start + datetime.timedelta(days=1))),
                         as_tuple)
        with self.assertRaises(ValueError):
            self.desk.metrics((datetime.datetime(2025, 3, 10), T0 + DAY))


# --------------------------------------------------------------------------
# The event callback


class CallbackTest(DeskCase):
    def test_receives_each_event(self):
        seen = []
        self.assertEqual(self.desk.on_event(seen.append), seen.append)
        self.working("X")
        self.assertEqual([(e.type, e.ticket, e.seq) for e in seen],
                         [(EventType.CREATED, "X", 1), (EventType.ASSIGNED, "X", 2),
                          (EventType.STARTED, "X", 3)])
        self.assertEqual(seen, self.desk.events())
        self.desk.on_event(None)
        self.desk.resolve("X", T0 + 1)
        self.assertEqual(len(seen), 3)

    def test_decorator(self):
        types = []

        @self.desk.on_event
        def record(event):
            types.append(str(event.type))

        self.desk.create("X", "T1", T0)
        self.assertEqual(types, ["created"])

    def test_raising_undoes_the_event(self):
        self.working("X")
        before = self.snapshot()

        class StoreDown(Exception):
            pass

        def refuse(event):
            raise StoreDown("disk full")

        self.desk.on_event(refuse)
        with self.assertRaises(StoreDown) as cm:
            self.desk.resolve("X", T0 + 10, code="done")
        self.assertEqual(str(cm.exception), "disk full")
        self.assertEqual(self.snapshot(), before)  # event_count, tickets, checksum
        self.assertEqual(self.desk.ticket("X").state, State.IN_PROGRESS)
        # The desk's message names the refusal.
        self.assertIn("the event callback refused resolved", _desk_errmsg(self.desk))
        # A refused creation leaves no ticket behind.
        with self.assertRaises(StoreDown):
            self.desk.create("Y", "T1", T0)
        self.assertNotIn("Y", self.desk)
        self.desk.on_event(None)
        self.desk.resolve("X", T0 + 10, code="done")  # now accepted
        self.assertEqual(self.desk.event_count, before[1] + 1)

    def test_raising_a_csvc_error_keeps_its_status(self):
        self.working("X")
        count = self.desk.event_count

        def busy(event):
            raise csvc.Busy(-9, "store locked")

        self.desk.on_event(busy)
        with self.assertRaises(csvc.Busy) as cm:
            self.desk.note("X", T0 + 1)
        self.assertEqual(cm.exception.message, "store locked")
        self.assertIn("(resource busy)", _desk_errmsg(self.desk))
        self.assertEqual(self.desk.event_count, count)

    def test_refusal_inside_a_batch(self):
        # auto_close applies one event per ticket; the refused one is undone
        # and the exception reaches the caller. (Whether A's closing, applied
        # before, stays is the core's business: not asserted here.)
        self.working("A")
        self.working("B")
        self.desk.resolve("A", T0 + 1)
        self.desk.resolve("B", T0 + 2)
        self.desk.on_event(lambda e: (_ for _ in ()).throw(KeyError(e.ticket))
                           if e.ticket == "B" else None)
        with self.assertRaises(KeyError) as cm:
            self.desk.auto_close(T0 + 10 * DAY)
        self.assertEqual(cm.exception.args, ("B",))
        self.assertEqual(self.desk.ticket("B").state, State.RESOLVED)
        self.assertEqual([e.type for e in self.desk.events("B")][-1], EventType.RESOLVED)

    def test_import_refused_by_the_callback_is_undone(self):
        text = ("ticket_id,type,time,team_id\nK1,created,2025-03-10T08:00:00Z,T1\n"
                "K2,created,2025-03-10T08:00:00Z,T1\n")
        self.desk.on_event(lambda e: (_ for _ in ()).throw(RuntimeError("no"))
                           if e.ticket == "K2" else None)
        with self.assertRaises(RuntimeError):
            self.desk.import_events_csv_text(text)
        self.assertEqual(len(self.desk), 0)

    def test_callback_may_read_but_not_change(self):
        states = []
        errors = []

        def reader(event):
            states.append(self.desk.ticket(event.ticket).state)
            try:
                self.desk.note(event.ticket, event.time, agent="A1")
            except csvc.Busy as exc:
                errors.append(exc.message)

        self.desk.on_event(reader)
        self.working("X")
        self.assertEqual(states, [State.NEW, State.ASSIGNED, State.IN_PROGRESS])
        self.assertEqual(len(errors), 3)
        self.assertIn("must not change the desk", errors[0])
        self.assertEqual(self.desk.event_count, 3)

        def closer(event):
            self.desk.close()

        self.desk.on_event(closer)
        with self.assertRaises(csvc.Busy):
            self.desk.resolve("X", T0 + 1)
        self.assertFalse(self.desk.closed)

    def test_callback_survives_collection(self):
        seen = []
        self.desk.on_event(lambda e: seen.append(e.seq))
        gc.collect()  # the C desk's function pointer must still be valid
        self.desk.create("X", "T1", T0)
        self.assertEqual(seen, [1])


def _desk_errmsg(desk):
    return _lib.lib.csvc_desk_errmsg(desk._handle).decode()


# --------------------------------------------------------------------------
# Lifetime, threads, types


class LifetimeTest(unittest.TestCase):
    def setUp(self):
        self.roster = build_roster()
        self.addCleanup(self.roster.close)

    def test_close(self):
        desk = csvc.Desk(self.roster)
        desk.create("X", "T1", T0)
        desk.close()
        desk.close()
        self.assertTrue(desk.closed)
        self.assertEqual(repr(desk), "<csvc.Desk closed>")
        for call in (lambda: len(desk), lambda: desk.ticket("X"), lambda: desk.events(),
                     lambda: desk.create("Y", "T1", T0), lambda: desk.checksum(),
                     lambda: desk.event_count, lambda: list(desk), lambda: desk.on_event(None)):
            with self.assertRaises(csvc.ClosedError) as cm:
                call()
            self.assertIn("desk is closed", str(cm.exception))

    def test_close_ticket_or_desk(self):
        with csvc.Desk(self.roster) as desk:
            desk.create("X", "T1", T0)
            desk.assign("X", "A1", T0)
            desk.start("X", T0)
            desk.resolve("X", T0)
            desk.close_ticket("X", T0 + 1)
            self.assertEqual(desk.ticket("X").state, State.CLOSED)
            # close() frees the desk only: with a ticket it is a TypeError
            # naming close_ticket(), and the desk stays open.
            for call in (lambda: desk.close("X", T0 + 2), lambda: desk.close("X"),
                         lambda: desk.close(time=T0)):
                with self.assertRaises(TypeError) as cm:
                    call()
                self.assertIn("close_ticket", str(cm.exception))
            self.assertFalse(desk.closed)
        self.assertTrue(desk.closed)  # the with block freed it

    def test_roster_must_outlive_the_desk(self):
        roster = build_roster()
        desk = csvc.Desk(roster)
        self.assertIs(desk.roster, roster)
        roster.close()
        with self.assertRaises(csvc.ClosedError) as cm:
            desk.create("X", "T1", T0)
        self.assertIn("roster is closed", str(cm.exception))
        self.assertEqual(repr(desk), "<csvc.Desk with a closed roster>")
        desk.close()
        with self.assertRaises(csvc.ClosedError):
            csvc.Desk(roster)

    def test_desk_keeps_its_roster_alive(self):
        roster = build_roster()
        roster_finalizer = roster._finalizer
        desk = csvc.Desk(roster)
        desk_finalizer = desk._finalizer
        del roster
        gc.collect()
        self.assertTrue(roster_finalizer.alive)
        desk.create("X", "T1", T0)
        del desk
        gc.collect()
        self.assertFalse(desk_finalizer.alive)
        self.assertFalse(roster_finalizer.alive)

    def test_exit_without_close(self):
        code = ("import csvc\nr = csvc.Roster()\nr.add_team('T1')\nd = csvc.Desk(r)\n"
                "d.on_event(lambda e: None)\nd.create('X', 'T1', 0)\n"
                "c = csvc.Calendar()\nd.set_calendar(c)\nprint('ok')\n")
        result = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual((result.stdout.strip(), result.stderr), ("ok", ""))

    def test_calendar_is_copied(self):
        with csvc.Desk(self.roster) as desk:
            cal = weekday_calendar()
            desk.set_calendar(cal)
            cal.close()  # the desk keeps its own copy
            desk.add_sla_policy(resolution=2 * HOUR)
            desk.create("F", "T1", at(17, day=4))
            self.assertEqual(desk.sla("F", at(17, day=4)).resolution_due, at(9, day=7))
            with self.assertRaises(csvc.ClosedError):
                desk.set_calendar(cal)

    def test_agents_added_later(self):
        with csvc.Desk(self.roster) as desk:
            desk.create("X", "T3", T0)
            self.roster.add_agent("C1", "Late Comer", "T3")
            self.assertEqual(desk.route("X"), "C1")
            desk.assign("X", "C1", T0)
            self.assertEqual(desk.ticket("X").agent, "C1")

    def test_threads_share_one_desk(self):
        with csvc.Desk(self.roster) as desk:
            failures = []

            def worker(prefix):
                try:
                    for i in range(100):
                        id = "%s%d" % (prefix, i)
                        desk.create(id, "T1", T0 + i)
                        desk.assign(id, "A1", T0 + i)
                        desk.ticket(id)
                        desk.metrics((T0, T0 + DAY), agent="A1")
                except Exception as exc:  # pragma: no cover - reported below
                    failures.append(exc)

            def roster_writer():
                try:
                    for i in range(100):
                        self.roster.add_agent("R%d" % i, "n", "T2")
                except Exception as exc:  # pragma: no cover
                    failures.append(exc)

            threads = [threading.Thread(target=worker, args=(p,)) for p in "ABC"]
            threads.append(threading.Thread(target=roster_writer))
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(failures, [])
            self.assertEqual((len(desk), desk.event_count), (300, 600))
            self.assertEqual(len(desk.metrics_all_agents((T0, T0 + DAY))), 105)

    def test_options(self):
        with csvc.Desk(self.roster, reopen_window=datetime.timedelta(hours=1),
                       expected_tickets=1000) as desk:
            desk.create("X", "T1", T0)
            desk.assign("X", "A1", T0)
            desk.start("X", T0)
            desk.resolve("X", T0)
            with self.assertRaises(csvc.TransitionError):
                desk.reopen("X", T0 + HOUR + 1)
        self.assertGreater(csvc.Desk.ticket_state_size(), 0)
        self.assertLessEqual(csvc.Desk.ticket_state_size(), 112)  # desk_internal.h


class TypesTest(unittest.TestCase):
    def test_enums_match_the_library(self):
        lib = _lib.lib
        for cls, name_fn, count in ((Channel, lib.csvc_channel_name, 6),
                                    (Priority, lib.csvc_priority_name, 4),
                                    (State, lib.csvc_state_name, 7),
                                    (EventType, lib.csvc_event_type_name, 16)):
            self.assertEqual(len(cls), count)
            for member in cls:
                self.assertEqual(name_fn(member).decode(), str(member))
            self.assertIsNone(name_fn(count))
        self.assertEqual([str(r) for r in csvc.Routing], ["round_robin", "least_loaded", "skill"])
        self.assertEqual([str(d) for d in csvc.Weekday],
                         ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                          "sunday"])

    def test_struct_layout_matches_the_compiler(self):
        cc = shutil.which(os.environ.get("CC", "cc"))
        if not cc:
            self.skipTest("no C compiler")
        structs = {
            "csvc_event": _lib.csvc_event,
            "csvc_desk_options": _lib.csvc_desk_options,
            "csvc_sla_policy": _lib.csvc_sla_policy,
            "csvc_ticket_spec": _lib.csvc_ticket_spec,
            "csvc_ticket_info": _lib.csvc_ticket_info,
            "csvc_sla_status": _lib.csvc_sla_status,
            "csvc_metrics": _lib.csvc_metrics,
        }
        lines = ["#include <stddef.h>", "#include <stdio.h>", '#include "csvc/desk.h"',
                 "int main(void) {"]
        expected = []
        for name, cls in structs.items():
            lines.append('printf("%s %%zu\\n", sizeof(%s));' % (name, name))
            expected.append("%s %d" % (name, sizeof(cls)))
            for field, ctype in cls._fields_:
                lines.append('printf("%s.%s %%zu %%zu\\n", offsetof(%s, %s), '
                             'sizeof(((%s *)0)->%s));' % (name, field, name, field, name, field))
                expected.append("%s.%s %d %d" % (name, field, getattr(cls, field).offset,
                                                 sizeof(ctype)))
        lines.append('printf("CSVC_TIME_NONE %lld\\n", (long long)CSVC_TIME_NONE);')
        expected.append("CSVC_TIME_NONE %d" % _lib.CSVC_TIME_NONE)
        lines.append("return 0; }")
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "probe.c")
            exe = os.path.join(tmp, "probe")
            with open(src, "w") as f:
                f.write("\n".join(lines) + "\n")
            subprocess.run([cc, "-std=c11", "-I", os.path.join(REPO, "include"), src, "-o",
                            exe], check=True)
            out = subprocess.run([exe], stdout=subprocess.PIPE, check=True,
                                 universal_newlines=True).stdout
        self.assertEqual(out.split("\n")[:-1], expected)

    def test_declarations_cover_desk_and_calendar(self):
        declared = {name for name, _, _, _ in _lib.FUNCTIONS}
        for header in ("calendar.h", "desk.h"):
            with open(os.path.join(REPO, "include", "csvc", header), encoding="utf-8") as f:
                in_header = set(re.findall(r"CSVC_API\s[^;(]*?(csvc_\w+)\s*\(", f.read()))
            self.assertTrue(in_header)
            self.assertLessEqual(in_header, declared, header)

    def test_errors_carry_the_message_of_their_own_call(self):
        # A desk call's error is the desk's message; a calendar query after
        # a failed calendar change reports the query's failure, not the
        # calendar's older message.
        roster = csvc.Roster()
        roster.add_team("T1")
        desk = csvc.Desk(roster)
        with self.assertRaises(csvc.NotFound) as cm:
            desk.assign("nope", "A1", 0)
        self.assertEqual(cm.exception.message, _lib.lib.csvc_desk_errmsg(desk._h()).decode())
        cal = csvc.Calendar()
        with self.assertRaises(csvc.RangeError) as bad_day:
            cal.add_hours(9, "09:00", "10:00")
        with self.assertRaises(csvc.RangeError) as query:
            cal.business_seconds(100, 50)
        self.assertNotEqual(query.exception.message, bad_day.exception.message)
        self.assertIn("business", query.exception.message)
        desk.close()
        roster.close()


# --------------------------------------------------------------------------
# The examples


class ExampleTest(unittest.TestCase):
    def build_dir(self):
        library = os.environ.get("CSVC_LIBRARY") or csvc.library_path
        return os.path.dirname(os.path.dirname(os.path.abspath(library)))

    def test_ticket_lifecycle_c(self):
        exe = os.path.join(self.build_dir(), "examples", "ticket_lifecycle")
        if not os.path.exists(exe) or not os.path.exists(EXAMPLE_ROSTER):
            self.skipTest("examples not built")
        result = subprocess.run([exe, EXAMPLE_ROSTER], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        out = result.stdout
        # Created Friday 2025-11-14 17:10 +08:00 on a Mon-Fri 09:00-18:00
        # calendar. First response 4 h: 50 min on Friday + 3 h 10 on Monday
        # -> Monday 12:10. Resolution 27 h: 50 min + 9 h + 9 h + 8 h 10 ->
        # Wednesday 17:10; pended 17:26-18:00 on Friday (34 business min)
        # -> 17:44. Next response 4 h from Saturday 10:30 -> Monday 13:00.
        self.assertIn("due 2025-11-17T12:10:00+08:00, 4h00m of business time left", out)
        self.assertIn("due 2025-11-19T17:10:00+08:00, 27h00m", out)
        self.assertIn("paused, 26h44m of business time left", out)  # 27 h - 16 min
        self.assertIn("running: due 2025-11-17T13:00:00+08:00", out)
        self.assertIn("running: due 2025-11-19T17:44:00+08:00", out)
        # Replied after 15 min: 3 h 45 early. Resolved after 50 + 45 - 34 =
        # 61 business min: 27 h - 61 min = 25 h 59 early.
        self.assertIn("met: due 2025-11-17T12:10:00+08:00, done 3h45m early", out)
        self.assertIn("met: due 2025-11-19T17:44:00+08:00, done 25h59m early", out)
        self.assertIn("-> A201 Huang Li", out)  # S200 already has a ticket
        self.assertIn("[code refund_issued]", out)
        self.assertIn("[CSAT 5/5]", out)
        self.assertIn("RET-1042: closed, 9 events, CSAT 5", out)
        self.assertNotIn("BREACHED", out)
        self.assertEqual(out.count("first response no, next response no, resolution no"), 9)
        bad = subprocess.run([exe, "/nonexistent/roster.csv"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("CSVC_E_IO", bad.stderr)

    def test_desk_metrics_py(self):
        script = os.path.join(REPO, "examples", "python", "desk_metrics.py")
        with build_roster() as roster, csvc.Desk(roster) as desk, \
                tempfile.TemporaryDirectory() as tmp:
            roster_path = os.path.join(tmp, "roster.csv")
            events_path = os.path.join(tmp, "events.csv")
            roster.export_csv(roster_path)
            # A1: replies after 60 and 300 s (median 180, p90 60 + 0.9 * 240
            # = 276 s = 4.6 min); one resolution after 1 h.
            desk.create("E1", "T1", T0)
            desk.assign("E1", "A1", T0)
            desk.agent_reply("E1", T0 + 60, agent="A1")
            desk.resolve("E1", T0 + HOUR, first_contact=True)
            desk.create("E2", "T1", T0)
            desk.assign("E2", "A1", T0)
            desk.agent_reply("E2", T0 + 300, agent="A1")
            desk.export_events_csv(events_path)
            result = subprocess.run([sys.executable, script, events_path, "--roster",
                                     roster_path], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, universal_newlines=True,
                                    timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("2 tickets, 7 events", result.stdout)
        a1 = [line for line in result.stdout.splitlines() if line.startswith("A1 ")]
        self.assertEqual(len(a1), 1, result.stdout)
        self.assertEqual(a1[0].split()[4:], ["2", "1", "100%", "3.0", "4.6", "1.00", "1.00",
                                            "-", "0%", "0.0"])
        self.assertNotIn("A2 ", result.stdout)  # agents without work are left out

    def test_desk_metrics_py_demo(self):
        script = os.path.join(REPO, "examples", "python", "desk_metrics.py")
        if not os.path.exists(EXAMPLE_ROSTER):
            self.skipTest("examples/data/roster.csv not present")
        result = subprocess.run([sys.executable, script, "/nonexistent/history.csv"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                universal_newlines=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("built-in demo day", result.stdout)
        # A102: first replies after 1 and 0 min -> median 0.5 min.
        a102 = [line for line in result.stdout.splitlines() if line.startswith("A102")]
        self.assertEqual(a102[0].split()[5:8], ["2", "2", "100%"])


class DeskConfigJsonTest(unittest.TestCase):
    """Desk.load_config_json: the example document's due times, worked out
    by hand in tests/unit/test_desk_config_json.c (Asia/Shanghai)."""

    CONFIG = os.path.join(REPO, "examples", "data", "desk_config.json")

    def setUp(self):
        self.roster = csvc.Roster()
        self.roster.import_csv(EXAMPLE_ROSTER)
        self.desk = csvc.Desk(self.roster)
        self.addCleanup(self.roster.close)
        self.addCleanup(self.desk.close)

    def test_example_due_times(self):
        self.assertEqual(self.desk.calendar_offset(), 0)  # no calendar yet
        self.desk.load_config_json(self.CONFIG)
        self.assertEqual(self.desk.calendar_offset(), 8 * 3600)
        self.assertEqual(self.desk.calendar_offset("CMP"), 8 * 3600)
        self.desk.create("C-URG", "CMP", 1762141800, category="complaint", priority="urgent")
        self.desk.create("R-HOL", "RET", 1759224600, category="return_refund")
        urgent = self.desk.sla("C-URG", 1762141800)
        self.assertEqual(urgent.first_response_due, 1762148100)  # Mon 13:35 after lunch
        self.assertEqual(urgent.resolution_due, 1762161600)      # Mon 17:20
        # Across the National Day holidays to Saturday 10-04 10:30.
        self.assertEqual(self.desk.sla("R-HOL", 1759224600).first_response_due, 1759545000)

    def test_bad_document_names_the_entry_and_changes_nothing(self):
        self.desk.load_config_json(self.CONFIG)
        self.desk.create("C-URG", "CMP", 1762141800, category="complaint", priority="urgent")
        with self.assertRaisesRegex(csvc.ParseError, r"sla\[0\]\.priority: priority 'urgentt'"):
            self.desk.load_config_json_text('{"sla": [{"priority": "urgentt"}]}')
        with self.assertRaisesRegex(csvc.NotFound, r"calendars\[0\]\.team"):
            self.desk.load_config_json_text('{"calendars": [{"team": "NOPE"}]}')
        self.assertEqual(self.desk.sla("C-URG", 1762141800).first_response_due, 1762148100)
        self.desk.load_config_json_text(b"{}")
        self.assertIsNone(self.desk.sla("C-URG", 1762141800).first_response_due)


if __name__ == "__main__":
    unittest.main()
