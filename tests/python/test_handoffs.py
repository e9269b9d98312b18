"""Tests of cross-department handoffs: Desk.pend(department=), set_ola(),
ola(), handoff_metrics() and handoff_frame().

Expected values are worked out by hand in the comments, or by a few lines of
plain Python over the same events (test_frames.py checks handoff_frame()
against pandas over the event table). T0 is Monday 2025-03-10 08:00 UTC; no calendar: always open.
"""

import calendar
import math
import random
import unittest

import csvc

HOUR = 3600
MINUTE = 60


def utc(*fields):
    fields = tuple(fields) + (0,) * (6 - len(fields))
    return calendar.timegm(fields)


T0 = utc(2025, 3, 10, 8, 0)
WEEK = (T0 - 8 * HOUR, T0 + 7 * 86400)


def quantile(values, q):
    """numpy/pandas default quantile (linear between closest ranks)."""
    xs = sorted(values)
    pos = q * (len(xs) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (pos - lo) * (xs[hi] - xs[lo])


class HandoffCase(unittest.TestCase):
    def setUp(self):
        self.roster = csvc.Roster()
        self.addCleanup(self.roster.close)
        self.roster.add_team("T1", "Tier one")
        self.roster.add_agent("A1", "Agent One", "T1")
        self.desk = csvc.Desk(self.roster)
        self.addCleanup(self.desk.close)

    def working(self, id, t=T0):
        self.desk.create(id, "T1", t)
        self.desk.assign(id, "A1", t)
        self.desk.start(id, t)


class HandoffTest(HandoffCase):
    def test_waits_and_ola(self):
        # logistics (OLA 2 h): waits of 1 h and 3 h -> mean 2 h, median 2 h,
        # p90 = 1 h + 0.9 * 2 h = 2.8 h; one met, one breached. finance: a
        # wait still open at the period's end (pended 11:00, end 12:00).
        self.desk.set_ola("logistics", 2 * HOUR)
        self.assertEqual(self.desk.ola("logistics"), 2 * HOUR)
        self.assertEqual(self.desk.ola("finance"), 0)
        self.working("A")
        self.desk.pend("A", T0 + HOUR, "internal", department="logistics")
        self.desk.resume("A", T0 + 2 * HOUR)
        self.working("B")
        self.desk.pend("B", T0, "internal", department="logistics")
        self.desk.resolve("B", T0 + 3 * HOUR)
        self.working("C")
        self.desk.pend("C", T0 + 3 * HOUR, csvc.PendReason.INTERNAL, department="finance")
        self.working("D")  # a customer pend is no handoff
        self.desk.pend("D", T0 + HOUR)
        rows = self.desk.handoff_metrics((T0, T0 + 4 * HOUR))
        self.assertEqual([r.department for r in rows], ["logistics", "finance"])
        logistics, finance = rows
        self.assertEqual((logistics.handoffs, logistics.tickets), (2, 2))
        self.assertEqual(logistics.ola_target, 2 * HOUR)
        self.assertEqual(logistics.wait_mean, 2 * HOUR)
        self.assertEqual(logistics.wait_median, 2 * HOUR)
        self.assertAlmostEqual(logistics.wait_p90, 2.8 * HOUR, places=6)
        self.assertEqual((logistics.ola_met, logistics.ola_breached), (1, 1))
        self.assertEqual(logistics.ola_compliance, 0.5)
        self.assertEqual((finance.handoffs, finance.open), (0, 1))
        self.assertEqual(finance.open_wait_max, HOUR)
        self.assertTrue(math.isnan(finance.wait_mean))
        self.assertTrue(math.isnan(finance.ola_compliance))
        self.assertEqual(finance.open_overdue, 0)
        # The log names the department as the pend's code.
        pends = [e for e in self.desk.events("A") if e.type == csvc.EventType.PENDED]
        self.assertEqual(pends[0].code, "logistics")

    def test_unnamed_pends_come_last(self):
        self.working("A")
        self.desk.pend("A", T0 + MINUTE, "internal")
        self.desk.resume("A", T0 + 2 * MINUTE)
        self.desk.pend("A", T0 + 3 * MINUTE, "internal", department="warehouse")
        self.desk.resume("A", T0 + 5 * MINUTE)
        rows = self.desk.handoff_metrics(WEEK)
        self.assertEqual([r.department for r in rows], ["warehouse", None])
        self.assertEqual(rows[1].wait_mean, MINUTE)
        self.assertEqual(rows[0], rows[0])  # NaN fields compare equal

    def test_refusals(self):
        self.working("A")
        with self.assertRaises(ValueError):
            self.desk.pend("A", T0 + 1, "customer", department="finance")
        with self.assertRaises(csvc.EncodingError):
            self.desk.pend("A", T0 + 1, "internal", department="fin\u200bance")
        with self.assertRaises(csvc.RangeError):
            self.desk.set_ola("finance", -1)
        with self.assertRaises(csvc.RangeError):
            self.desk.set_ola("finance", csvc._lib.CSVC_OLA_TARGET_MAX + 1)
        with self.assertRaises(csvc.RangeError):
            self.desk.handoff_metrics((T0, T0 - 1))
        self.assertEqual(self.desk.ola("finance"), 0)
        self.assertEqual(self.desk.event_count, 3)
        self.assertEqual(self.desk.handoff_metrics(WEEK), [])

    def test_random_against_plain_python(self):
        rng = random.Random(7)
        departments = ["logistics", "warehouse", "finance", "supplier"]
        waits = {d: [] for d in departments}
        start, end = T0 + 86400, T0 + 3 * 86400
        for i in range(200):
            id = "R%d" % i
            t = T0 + rng.randrange(4 * 86400)
            self.working(id, t)
            for _ in range(rng.randrange(1, 4)):
                dept = rng.choice(departments)
                pend = t + rng.randrange(1, 10 * HOUR)
                done = pend + rng.randrange(1, 30 * HOUR)
                self.desk.pend(id, pend, "internal", department=dept)
                self.desk.resume(id, done)
                if start <= done < end:
                    waits[dept].append(done - pend)
                t = done
        self.desk.set_ola("supplier", 8 * HOUR)
        rows = {r.department: r for r in self.desk.handoff_metrics((start, end))}
        self.assertEqual(list(rows)[0], "supplier")  # the OLA's row first
        for dept, xs in waits.items():
            r = rows[dept]
            self.assertEqual(r.handoffs, len(xs), dept)
            self.assertAlmostEqual(r.wait_mean, sum(xs) / len(xs), places=6)
            self.assertAlmostEqual(r.wait_median, quantile(xs, 0.5), places=6)
            self.assertAlmostEqual(r.wait_p90, quantile(xs, 0.9), places=6)
        met = sum(1 for x in waits["supplier"] if x <= 8 * HOUR)
        self.assertEqual(rows["supplier"].ola_met, met)


if __name__ == "__main__":
    unittest.main()
