"""Tests of the staffing bindings: csvc.erlang_load, erlang_b, erlang,
solve and csvc.Plan.

Expected values come from the worked example of staffing.h (100 contacts
per 30 minutes, AHT 180 s: 14 agents for 80 % within 20 s), from hand
arithmetic in the comments, or from the independent Erlang C below (Poisson
terms summed in log space, not the library's Erlang B recurrence); never
read back from the library under test.
"""

import calendar
import gc
import importlib.util
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import weakref
from ctypes import sizeof

import csvc
from csvc import Goal, Weekday, _lib

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HAVE_PANDAS = importlib.util.find_spec("pandas") is not None

HOUR = 3600
DAY = 86400
WEEK = 7 * DAY


def utc(*fields):
    """Unix time of a UTC date/time, computed without libcsvc."""
    fields = tuple(fields) + (0,) * (6 - len(fields))
    return calendar.timegm(fields)


MONDAY = utc(2025, 3, 10)  # Monday 2025-03-10 00:00 UTC


# -- an independent Erlang C ------------------------------------------------------


def _log_terms(load, n):
    """log(A^k / k!) for k = 0..n."""
    return [k * math.log(load) - math.lgamma(k + 1) for k in range(n + 1)]


def ref_erlang_b(n, load):
    """Erlang B as (A^n/n!) / sum_{k<=n} A^k/k!, in log space."""
    if load == 0:
        return 1.0 if n == 0 else 0.0
    logs = _log_terms(load, n)
    top = max(logs)
    return math.exp(logs[n] - top) / math.fsum(math.exp(v - top) for v in logs)


def ref_erlang_c(n, load, aht, target):
    """(p_wait, service level, ASA, occupancy) of M/M/n, with the
    conventions of staffing.h for an unstable queue."""
    if load == 0:
        return 0.0, 1.0, 0.0, 0.0
    if n <= load:
        return 1.0, 0.0, math.inf, (1.0 if n else 0.0)
    logs = _log_terms(load, n)
    # The waiting term A^n/n! * n/(n - A) against the idle states k < n.
    wait = logs[n] + math.log(n / (n - load))
    top = max(logs[:n] + [wait])
    idle = math.fsum(math.exp(v - top) for v in logs[:n])
    c = math.exp(wait - top) / (idle + math.exp(wait - top))
    sl = 1 - c * math.exp(-(n - load) * target / aht)
    asa = c * aht / (n - load)
    return c, sl, asa, load / n


def ref_agents(load, aht, target, goal):
    """The smallest n whose service level reaches ``goal``."""
    n = int(math.floor(load)) + 1
    while ref_erlang_c(n, load, aht, target)[1] < goal - 1e-12:
        n += 1
    return n


def ref_chain(n, load, theta, states=4000):
    """Stationary distribution of the Erlang A birth-death chain (AHT
    units): birth rate A, death rate min(k, n) + max(k - n, 0) theta."""
    logs = [0.0]
    for k in range(1, states):
        death = min(k, n) + max(k - n, 0) * theta
        logs.append(logs[-1] + math.log(load) - math.log(death))
    top = max(logs)
    weights = [math.exp(v - top) for v in logs]
    total = math.fsum(weights)
    return [w / total for w in weights]


def close_to(a, b, rel=1e-9, abs_tol=1e-12):
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_tol)


# -- one interval -------------------------------------------------------------------


class WorkedCaseTest(unittest.TestCase):
    def test_header_example(self):
        # 100 contacts per 1800 s, AHT 180 s: A = 10 Erlangs; 80 % within
        # 20 s needs 14 agents (staffing.h: SL 0.88835, ASA 7.836 s).
        r = csvc.solve(100, 1800, 180, service_level=0.8, target_seconds=20)
        self.assertIsInstance(r, csvc.StaffingResult)
        self.assertEqual(r.agents, 14)
        self.assertEqual(r.staff, 14)
        self.assertAlmostEqual(r.load, 10.0, places=12)
        self.assertAlmostEqual(r.service_level, 0.8884, places=4)
        self.assertAlmostEqual(r.asa, 7.84, places=2)
        self.assertAlmostEqual(r.occupancy, 10 / 14, places=12)
        self.assertEqual(r.abandon, 0.0)
        self.assertEqual(r.binding, Goal.SERVICE_LEVEL)
        self.assertAlmostEqual(r.agents_exact, 13.047, places=3)
        self.assertEqual(r.staff_exact, r.agents_exact)
        # Against the independent Erlang C.
        c, sl, asa, occ = ref_erlang_c(14, 10.0, 180, 20)
        self.assertTrue(close_to(r.p_wait, c), (r.p_wait, c))
        self.assertTrue(close_to(r.service_level, sl))
        self.assertTrue(close_to(r.asa, asa))
        # agents_exact: 13 + (0.8 - SL(13)) / (SL(14) - SL(13)).
        sl13 = ref_erlang_c(13, 10.0, 180, 20)[1]
        self.assertLess(sl13, 0.8)
        self.assertTrue(close_to(r.agents_exact, 13 + (0.8 - sl13) / (sl - sl13)))

    def test_default_goal_is_80_percent_in_20_seconds(self):
        self.assertEqual(csvc.solve(100, 1800, 180), csvc.solve(100, 1800, 180, 0.8, 20))

    def test_shrinkage(self):
        # 14 agents at 30 % shrinkage: ceil(14 / 0.7) = 20, not 21 (14 / 0.7
        # is 20.000000000000004 in binary floating point).
        r = csvc.solve(100, 1800, 180, service_level=0.8, shrinkage=0.3)
        self.assertEqual((r.agents, r.staff), (14, 20))
        self.assertTrue(close_to(r.staff_exact, r.agents_exact / 0.7))

    def test_erlang_load_and_b(self):
        self.assertEqual(csvc.erlang_load(100, 1800, 180), 10.0)
        self.assertEqual(csvc.erlang_load(0, 1800, 0), 0.0)  # AHT 0 without arrivals
        # B(1, A) = A / (1 + A); B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2.
        self.assertAlmostEqual(csvc.erlang_b(3.0, 1), 0.75, places=15)
        self.assertAlmostEqual(csvc.erlang_b(load=1.0, agents=2), 0.2, places=15)
        self.assertEqual(csvc.erlang_b(5.0, 0), 1.0)
        for load in (0.3, 2.0, 9.5, 40.0, 333.3):
            for n in (1, 2, int(load), int(load) + 1, int(load * 1.5) + 3):
                self.assertTrue(close_to(csvc.erlang_b(load, n), ref_erlang_b(n, load),
                                         rel=1e-10), (n, load))

    def test_erlang_c_grid_against_independent_code(self):
        for load in (0.05, 0.5, 1.0, 2.5, 7.3, 10.0, 17.25, 48.0, 120.0, 400.0):
            aht, interval = 240.0, 1800.0
            arrivals = load * interval / aht
            for target in (0.0, 15.0, 60.0):
                start = int(math.floor(load)) + 1
                for n in range(start, start + 12 + int(math.sqrt(load)) * 2):
                    r = csvc.erlang(n, arrivals, interval, aht, target_seconds=target)
                    c, sl, asa, occ = ref_erlang_c(n, load, aht, target)
                    where = (load, n, target)
                    self.assertEqual(r.agents, n)
                    self.assertTrue(close_to(r.load, load, rel=1e-12), where)
                    self.assertTrue(close_to(r.p_wait, c, rel=1e-9), (where, r.p_wait, c))
                    self.assertTrue(close_to(r.service_level, sl, rel=1e-9, abs_tol=1e-13),
                                    (where, r.service_level, sl))
                    self.assertTrue(close_to(r.asa, asa, rel=1e-9, abs_tol=1e-12), where)
                    self.assertTrue(close_to(r.occupancy, occ, rel=1e-12), where)
                    self.assertEqual(r.abandon, 0.0)
                # The solver: the smallest count reaching each goal.
                for goal in (0.5, 0.8, 0.95):
                    s = csvc.solve(arrivals, interval, aht, service_level=goal,
                                   target_seconds=target)
                    self.assertEqual(s.agents, ref_agents(load, aht, target, goal),
                                     (load, target, goal))
                    self.assertLessEqual(s.agents - 1, s.agents_exact)
                    self.assertLessEqual(s.agents_exact, s.agents)

    def test_asa_and_occupancy_goals(self):
        # ASA at most 30 s: the smallest n with ASA(n) <= 30 (independent).
        n = 11
        while ref_erlang_c(n, 10.0, 180, 20)[2] > 30:
            n += 1
        r = csvc.solve(100, 1800, 180, asa=30)
        self.assertEqual(r.agents, n)
        self.assertEqual(r.binding, Goal.ASA)
        self.assertLessEqual(r.asa, 30)
        # An occupancy cap of 0.7 needs ceil(10 / 0.7) = 15 agents, more
        # than the 14 of the service level; agents_exact is A / 0.7.
        r = csvc.solve(100, 1800, 180, service_level=0.8, max_occupancy=0.7)
        self.assertEqual(r.agents, 15)
        self.assertEqual(r.binding, Goal.OCCUPANCY)
        self.assertTrue(close_to(r.agents_exact, 10 / 0.7))
        # Both goals: the stricter wins.
        self.assertEqual(csvc.solve(100, 1800, 180, service_level=0.8, asa=30).agents,
                         max(14, n))

    def test_met(self):
        r = csvc.erlang(14, 100, 1800, 180, service_level=0.8, asa=5)
        # SL 0.888 >= 0.8, ASA 7.8 s > 5 s; occupancy is always checked.
        self.assertEqual(r.met, Goal.SERVICE_LEVEL | Goal.OCCUPANCY)
        self.assertEqual(csvc.erlang(13, 100, 1800, 180).met, Goal.OCCUPANCY)
        self.assertEqual(csvc.erlang(10, 100, 1800, 180).met, Goal(0))

    def test_zero_arrivals(self):
        r = csvc.solve(0, 1800, 180, service_level=0.9)
        self.assertEqual((r.agents, r.staff, r.binding), (0, 0, Goal(0)))
        self.assertEqual((r.agents_exact, r.staff_exact, r.load), (0.0, 0.0, 0.0))
        self.assertEqual((r.service_level, r.asa, r.p_wait, r.occupancy), (1.0, 0.0, 0.0, 0.0))
        e = csvc.erlang(3, 0, 1800, 0)
        self.assertEqual((e.p_wait, e.service_level, e.asa, e.abandon, e.occupancy),
                         (0.0, 1.0, 0.0, 0.0, 0.0))

    def test_load_at_or_above_the_agents(self):
        for agents in (8, 10):  # A = 10
            r = csvc.erlang(agents, 100, 1800, 180)
            self.assertEqual(r.p_wait, 1.0)
            self.assertEqual(r.service_level, 0.0)
            self.assertEqual(r.asa, math.inf)
            self.assertEqual(r.occupancy, 1.0)
        r = csvc.erlang(0, 100, 1800, 180)
        self.assertEqual((r.p_wait, r.service_level, r.asa, r.occupancy),
                         (1.0, 0.0, math.inf, 0.0))

    def test_erlang_a_against_the_birth_death_chain(self):
        # patience 120 s, AHT 180 s: theta = 1.5 in AHT units.
        n, load, theta = 12, 10.0, 1.5
        pi = ref_chain(n, load, theta)
        p_wait = math.fsum(pi[n:])
        queued = math.fsum((k - n) * p for k, p in enumerate(pi) if k > n)
        abandon = theta * queued / load
        r = csvc.erlang(n, 100, 1800, 180, patience=120)
        self.assertTrue(close_to(r.p_wait, p_wait, rel=1e-9), (r.p_wait, p_wait))
        self.assertTrue(close_to(r.abandon, abandon, rel=1e-9), (r.abandon, abandon))
        self.assertTrue(close_to(r.occupancy, load * (1 - abandon) / n, rel=1e-9))
        # Impatient customers shorten the queue: a better SL than Erlang C.
        self.assertGreater(r.service_level, csvc.erlang(n, 100, 1800, 180).service_level)
        # With endless patience Erlang A tends to Erlang C.
        a = csvc.erlang(14, 100, 1800, 180, patience=1e9)
        c = csvc.erlang(14, 100, 1800, 180)
        self.assertAlmostEqual(a.service_level, c.service_level, places=5)
        self.assertAlmostEqual(a.asa, c.asa, places=3)
        # An abandonment goal needs Erlang A; the solver then meets it.
        s = csvc.solve(100, 1800, 180, max_abandon=0.02, patience=120)
        self.assertEqual(s.binding & Goal.ABANDON, Goal.ABANDON)
        self.assertLessEqual(s.abandon, 0.02)
        self.assertGreater(csvc.erlang(s.agents - 1, 100, 1800, 180, patience=120).abandon,
                           0.02)


class ErrorTest(unittest.TestCase):
    def assert_library_error(self, cls, pattern, call, *args, **kwargs):
        with self.assertRaises(cls) as cm:
            call(*args, **kwargs)
        error = cm.exception
        self.assertIsInstance(error, csvc.Error)
        self.assertRegex(error.message, pattern)
        # The message is the library's own, as csvc_last_errmsg() has it.
        self.assertEqual(error.message, csvc.last_errmsg())
        self.assertIn(error.message, str(error))
        return error

    def test_negative_aht(self):
        e = self.assert_library_error(csvc.RangeError, r"^staffing_solve: aht -1 s must be",
                                      csvc.solve, 100, 1800, -1)
        self.assertEqual((e.status, e.name), (-15, "CSVC_E_RANGE"))
        self.assertIsInstance(e, ValueError)
        self.assert_library_error(csvc.RangeError, r"aht -180 s", csvc.erlang, 10, 100, 1800,
                                  -180)
        self.assert_library_error(csvc.RangeError, r"aht", csvc.erlang_load, 1, 1800, -5)

    def test_service_level_out_of_range(self):
        self.assert_library_error(csvc.RangeError, r"service_level 1\.5 outside \(0, 1\)",
                                  csvc.solve, 100, 1800, 180, service_level=1.5)
        self.assert_library_error(csvc.RangeError, r"service_level 0 outside",
                                  csvc.solve, 100, 1800, 180, service_level=0)

    def test_shrinkage_of_one(self):
        self.assert_library_error(csvc.RangeError, r"shrinkage 1 outside \[0, 1\)",
                                  csvc.solve, 100, 1800, 180, shrinkage=1.0)

    def test_nan_and_infinity(self):
        nan, inf = float("nan"), float("inf")
        self.assert_library_error(csvc.RangeError, r"arrivals nan must be finite",
                                  csvc.solve, nan, 1800, 180)
        self.assert_library_error(csvc.RangeError, r"interval_seconds inf",
                                  csvc.solve, 100, inf, 180)
        self.assert_library_error(csvc.RangeError, r"answer_seconds nan",
                                  csvc.solve, 100, 1800, 180, target_seconds=nan)
        self.assert_library_error(csvc.RangeError, r"patience",
                                  csvc.erlang, 10, 100, 1800, 180, patience=nan)
        self.assert_library_error(csvc.RangeError, r"load", csvc.erlang_b, nan, 3)

    def test_other_errors(self):
        self.assert_library_error(csvc.InvalidArgument, r"abandonment goal needs a patience",
                                  csvc.solve, 100, 1800, 180, max_abandon=0.05)
        self.assert_library_error(csvc.RangeError, r"agents 1000001 above the maximum",
                                  csvc.erlang_b, 1.0, csvc.STAFFING_AGENTS_MAX + 1)
        self.assert_library_error(csvc.RangeError, r"max_occupancy 1\.2 outside",
                                  csvc.solve, 100, 1800, 180, max_occupancy=1.2)
        self.assert_library_error(csvc.RangeError, r"asa_seconds -3",
                                  csvc.solve, 100, 1800, 180, asa=-3)
        # No count up to the maximum meets an absurd load.
        self.assert_library_error(csvc.RangeError, r".", csvc.solve, 1e12, 1800, 180)

    def test_python_side_errors(self):
        with self.assertRaises(TypeError):
            csvc.solve("100", 1800, 180)
        with self.assertRaises(TypeError):
            csvc.solve(100, 1800, 180, service_level=True)
        with self.assertRaises(TypeError):
            csvc.erlang(10.5, 100, 1800, 180)  # agents are whole
        with self.assertRaises(csvc.RangeError):
            csvc.erlang(-1, 100, 1800, 180)  # does not fit in uint32_t
        with self.assertRaises(csvc.RangeError):
            csvc.solve(10 ** 400, 1800, 180)  # no double holds it


# -- plans ------------------------------------------------------------------------------


class PlanTest(unittest.TestCase):
    def setUp(self):
        self.plan = csvc.Plan(3600, service_level=0.8, target_seconds=20)
        self.addCleanup(self.plan.close)

    def test_shape(self):
        for seconds, count in ((900, 672), (1800, 336), (3600, 168)):
            with csvc.Plan(seconds) as plan:
                self.assertEqual(len(plan), count)
                self.assertEqual(plan.interval_seconds, seconds)
                rows = list(plan)
                self.assertEqual(len(rows), count)
                self.assertEqual([r.index for r in rows], list(range(count)))
                self.assertEqual(rows[1].start_minute, seconds // 60)
                self.assertEqual(plan[-1].start_minute, 7 * 1440 - seconds // 60)
                empty = rows[5]
                self.assertEqual((empty.arrivals, empty.aht, empty.required, empty.staffed),
                                 (0.0, 0.0, 0, 0.0))
                self.assertEqual(empty.service_level, 1.0)
        row = self.plan[24 + 9]
        self.assertEqual((row.day, row.time), (Weekday.TUESDAY, "09:00"))
        self.assertEqual(self.plan.index("tue", "09:59"), 33)
        self.assertEqual(self.plan.index(Weekday.SUNDAY, 23 * 60 + 59), 167)
        self.assertEqual([r.index for r in self.plan[3:9:2]], [3, 5, 7])
        with self.assertRaises(IndexError):
            self.plan[168]
        with self.assertRaises(IndexError):
            self.plan[-169]
        with self.assertRaises(csvc.RangeError):
            self.plan.index("mon", 1440)

    def test_bad_interval_length(self):
        with self.assertRaises(csvc.RangeError) as cm:
            csvc.Plan(1000)
        self.assertIn("interval_seconds 1000 must be 900, 1800 or 3600", cm.exception.message)

    def test_two_shifts_by_hand(self):
        mon9 = self.plan.index("mon", "09:00")  # 9
        # 200 contacts in the hour at 180 s: A = 10 Erlangs, T / AHT as in
        # the worked case, so 14 agents.
        self.plan.set_interval(mon9, arrivals=200, aht=180)
        early = self.plan.add_shift("mon", "08:00", 120, 10)  # 08:00-10:00
        self.assertEqual(early, csvc.Shift((Weekday.MONDAY,), 480, 120, 10))
        self.plan.add_shift(["monday"], 9 * 60 + 30, 60, 6)  # 09:30-10:30
        self.assertEqual(self.plan.shift_count, 2)
        self.assertEqual(len(self.plan.shifts), 2)
        # Monday 08:00: 10 heads; 09:00: 10 + half of 6 = 13; 10:00: 3.
        staffed = {8: 10.0, 9: 13.0, 10: 3.0}
        for i, row in enumerate(self.plan):
            self.assertEqual(row.staffed, staffed.get(i, 0.0), i)
        row = self.plan[mon9]
        self.assertEqual((row.agents, row.required), (14, 14))
        self.assertEqual((row.shortfall, row.overstaffing, row.staffed_agents), (1.0, 0.0, 13))
        c, sl13, asa13, occ13 = ref_erlang_c(13, 10.0, 180, 20)
        self.assertTrue(close_to(row.service_level, sl13))
        self.assertTrue(close_to(row.asa, asa13))
        self.assertEqual(row.met, Goal.OCCUPANCY)  # 13 agents miss the 80 %
        self.assertEqual(self.plan[10].overstaffing, 3.0)
        s = self.plan.summary()
        self.assertIsInstance(s, csvc.PlanSummary)
        self.assertEqual((s.intervals, s.intervals_short, s.peak_required), (168, 1, 14))
        self.assertEqual(s.arrivals, 200.0)
        self.assertEqual(s.required_hours, 14.0)
        self.assertEqual(s.staffed_hours, 26.0)  # 10 + 13 + 3
        self.assertEqual(s.shortfall_hours, 1.0)
        self.assertEqual(s.overstaffing_hours, 13.0)  # 10 at 08:00, 3 at 10:00
        self.assertTrue(close_to(s.service_level, sl13))
        # One more head at 09:00-10:00 closes the gap.
        self.plan.add_shift("mon", "09:00", 60, 1)
        row = self.plan[mon9]
        self.assertEqual((row.staffed, row.shortfall, row.staffed_agents), (14.0, 0.0, 14))
        self.assertEqual(row.met, Goal.SERVICE_LEVEL | Goal.OCCUPANCY)
        self.assertEqual(self.plan.summary().intervals_short, 0)

    def test_empty_day_mask_is_refused(self):
        with self.assertRaises(csvc.RangeError) as cm:
            self.plan.add_shift(0, "09:00", 60, 1)  # a plain int is a mask: no day
        self.assertIn("days 0x0", cm.exception.message)
        self.assertEqual(cm.exception.message, csvc.last_errmsg())
        self.assertEqual(self.plan.shift_count, 0)

    def test_shrinkage_in_a_plan(self):
        with csvc.Plan(3600, service_level=0.8, shrinkage=0.3) as plan:
            plan.set_interval(9, 200, 180)
            plan.add_shift("mon", "09:00", 60, 19)
            row = plan[9]
            self.assertEqual((row.agents, row.required), (14, 20))
            self.assertEqual(row.shortfall, 1.0)
            self.assertEqual(row.staffed_agents, 13)  # floor(19 * 0.7) = floor(13.3)
            plan.clear_shifts()
            plan.add_shift("mon", "09:00", 60, 20)
            self.assertEqual(plan[9].staffed_agents, 14)  # 20 * 0.7 = 14, not 13
            self.assertEqual(plan[9].met, Goal.SERVICE_LEVEL | Goal.OCCUPANCY)
            self.assertEqual(plan.options.shrinkage, 0.3)

    def test_week_wraps_around(self):
        # Sunday 23:00 for two hours, and a 22:30 shift every day for an hour.
        self.plan.add_shift("sun", "23:00", 120, 2)
        self.assertEqual(self.plan[167].staffed, 2.0)
        self.assertEqual(self.plan[0].staffed, 2.0)
        self.plan.clear_shifts()
        self.assertEqual(self.plan.shifts, ())
        self.assertEqual(self.plan.shift_count, 0)
        self.assertEqual(self.plan[0].staffed, 0.0)
        self.plan.add_shift("all", "22:30", 60, 4)
        for day in range(7):
            self.assertEqual(self.plan[day * 24 + 22].staffed, 2.0)
            self.assertEqual(self.plan[(day * 24 + 23)].staffed, 2.0)

    def test_day_forms(self):
        forms = [
            (["mon", 2, Weekday.FRIDAY], 0b10101),
            ("weekdays", 0x1F),
            ("weekend", 0x60),
            (0x41, 0x41),  # a mask: Monday and Sunday
            (Weekday.TUESDAY, 0x02),  # a Weekday is a day, not a mask
            ((d for d in ("sat", "sun")), 0x60),
        ]
        for days, mask in forms:
            shift = self.plan.add_shift(days, 0, 60, 1)
            self.assertEqual(shift.mask, mask, days)
        self.assertEqual(self.plan.shift_count, len(forms))
        with self.assertRaises(csvc.InvalidArgument):
            self.plan.add_shift(["mon", "funday"], 0, 60, 1)
        with self.assertRaises(csvc.RangeError):
            self.plan.add_shift([7], 0, 60, 1)
        with self.assertRaises(csvc.RangeError) as cm:
            self.plan.add_shift(0x80, 0, 60, 1)
        self.assertIn("days 0x80", cm.exception.message)
        self.assertEqual(self.plan.shift_count, len(forms))

    def test_shift_errors_change_nothing(self):
        self.plan.add_shift("mon", "08:00", 60, 1)
        cases = [
            (dict(start=1440), r"start_minute 1440 outside the day"),
            (dict(length=0), r"length_minutes 0 outside 1\.\.1440"),
            (dict(length=1441), r"length_minutes 1441"),
            (dict(headcount=0), r"heads 0 outside"),
            (dict(headcount=csvc.STAFFING_AGENTS_MAX + 1), r"heads 1000001"),
        ]
        for changes, pattern in cases:
            args = dict(days="tue", start=0, length=60, headcount=1)
            args.update(changes)
            with self.assertRaises(csvc.RangeError) as cm:
                self.plan.add_shift(**args)
            self.assertRegex(cm.exception.message, "^staffing_plan_add_shift: " + pattern)
        self.assertEqual(self.plan.shift_count, 1)
        self.assertEqual([r.index for r in self.plan if r.staffed], [8])
        with self.assertRaises(csvc.ParseError):
            self.plan.add_shift("tue", "8h", 60, 1)

    def test_set_interval(self):
        self.plan.set_interval(-1, arrivals=200, aht=180)  # Sunday 23:00
        self.assertEqual(self.plan[167].required, 14)
        self.plan.set_interval(167, aht=90)  # keeps the 200 arrivals: A = 5
        row = self.plan[167]
        self.assertEqual((row.arrivals, row.aht, row.load), (200.0, 90.0, 5.0))
        self.assertEqual(row.agents, ref_agents(5.0, 90, 20, 0.8))
        with self.assertRaises(csvc.RangeError) as cm:
            self.plan.set_interval(3, arrivals=10)  # a fresh interval has AHT 0
        self.assertIn("interval 3 (Monday 03:00)", cm.exception.message)
        with self.assertRaises(csvc.RangeError) as cm:
            self.plan.set_interval(168, 1, 1)
        self.assertIn("index 168 out of range (168 intervals)", cm.exception.message)
        with self.assertRaises(csvc.RangeError):
            self.plan.set_interval(5, float("nan"), 180)
        with self.assertRaises(TypeError):
            self.plan.set_interval(5)
        self.assertEqual(self.plan[3].arrivals, 0.0)  # the failures changed nothing

    def test_set_options_resolves_and_is_atomic(self):
        self.plan.set_interval(9, 200, 180)
        # 900 000 Erlangs need about 900 000 agents (below the library's
        # maximum of a million); at 30 % shrinkage that is 1.29 million staff.
        self.plan.set_interval(5, 900000, 3600)
        self.assertGreater(self.plan[5].required, 900000)
        with self.assertRaises(csvc.RangeError) as cm:
            self.plan.set_options(service_level=0.8, shrinkage=0.3)
        self.assertIn("staffing_plan_set_options: interval 5 (Monday 05:00)",
                      cm.exception.message)
        self.assertEqual(self.plan.options, csvc.StaffingOptions(service_level=0.8))
        self.assertEqual(self.plan[9].required, 14)
        self.plan.set_interval(5, 0, 0)
        self.plan.set_options(service_level=0.8, shrinkage=0.3)
        self.assertEqual(self.plan[9].required, 20)
        self.assertEqual(self.plan.options, csvc.StaffingOptions(service_level=0.8,
                                                                 shrinkage=0.3))
        with self.assertRaises(csvc.RangeError) as cm:
            self.plan.set_options(service_level=1.5)
        self.assertIn("service_level 1.5", cm.exception.message)
        self.assertEqual(self.plan.options.shrinkage, 0.3)

    def test_lifecycle(self):
        closed = csvc.Plan(1800)
        self.assertIn("336 intervals of 1800 s", repr(closed))
        closed.close()
        closed.close()
        self.assertTrue(closed.closed)
        self.assertEqual(repr(closed), "<csvc.Plan closed>")
        for call in (lambda: len(closed), lambda: closed[0], closed.summary,
                     lambda: closed.add_shift("mon", 0, 60, 1), closed.clear_shifts,
                     lambda: closed.set_interval(0, 1, 1), lambda: list(closed),
                     lambda: closed.set_options(service_level=0.9)):
            with self.assertRaises(csvc.ClosedError):
                call()
        with csvc.Plan() as scoped:
            self.assertEqual(len(scoped), 168)
        self.assertTrue(scoped.closed)
        # weakref.finalize frees an unreferenced plan.
        dropped = csvc.Plan(900)
        finalizer = dropped._finalizer
        self.assertTrue(finalizer.alive)
        ref = weakref.ref(dropped)
        del dropped
        gc.collect()
        self.assertIsNone(ref())
        self.assertFalse(finalizer.alive)

    @unittest.skipUnless(HAVE_PANDAS, "needs pandas")
    def test_to_pandas(self):
        self.plan.set_interval(9, 200, 180)
        self.plan.add_shift("mon", "08:00", 120, 10)
        frame = self.plan.to_pandas()
        self.assertEqual(len(frame), 168)
        self.assertEqual(frame.index.name, "interval")
        self.assertEqual(list(frame.columns[:3]), ["start_minute", "day", "time"])
        self.assertEqual(frame.loc[9, "required"], 14)
        self.assertEqual(frame.loc[9, "staffed"], 10.0)
        self.assertEqual(frame.loc[9, "day"], "monday")
        self.assertEqual(frame.loc[9, "time"], "09:00")
        self.assertEqual(frame.loc[8, "overstaffing"], 10.0)
        self.assertEqual(frame["required"].sum(), 14)
        self.assertEqual(frame.loc[9, "asa"], math.inf)  # 10 agents for 10 Erlangs

    def test_to_pandas_without_pandas(self):
        missing = object()
        saved = sys.modules.get("pandas", missing)
        sys.modules["pandas"] = None  # makes `import pandas` fail
        try:
            with self.assertRaises(ImportError) as cm:
                self.plan.to_pandas()
        finally:
            if saved is missing:
                del sys.modules["pandas"]
            else:
                sys.modules["pandas"] = saved
        self.assertIn("needs pandas", str(cm.exception))


class ForecastTest(unittest.TestCase):
    """A tiny desk: the week of Monday 2025-03-10 (UTC) holds
    - Monday 09:10, 09:20, 09:50: phone tickets of team T1;
    - Monday 10:05: a chat ticket of T1;
    - Tuesday 14:00: a phone ticket of T2.
    The 09:10 ticket is resolved at 09:30 (1200 s), the 09:20 one at 09:25
    (300 s)."""

    def setUp(self):
        self.roster = csvc.Roster()
        self.addCleanup(self.roster.close)
        self.roster.add_team("T1", "One")
        self.roster.add_team("T2", "Two")
        self.roster.add_agent("A1", "Agent One", "T1")
        self.desk = csvc.Desk(self.roster)
        self.addCleanup(self.desk.close)
        mon = MONDAY
        for tid, team, channel, created in (
                ("K1", "T1", "phone", mon + 9 * HOUR + 600),
                ("K2", "T1", "phone", mon + 9 * HOUR + 1200),
                ("K3", "T1", "phone", mon + 9 * HOUR + 3000),
                ("K4", "T1", "chat", mon + 10 * HOUR + 300),
                ("K5", "T2", "phone", mon + DAY + 14 * HOUR)):
            self.desk.create(tid, team, created, channel=channel)
        for tid, created, resolved in (("K1", mon + 9 * HOUR + 600, mon + 9 * HOUR + 1800),
                                       ("K2", mon + 9 * HOUR + 1200, mon + 9 * HOUR + 1500)):
            self.desk.assign(tid, "A1", created + 1)
            self.desk.start(tid, created + 2)
            self.desk.resolve(tid, resolved)
        self.plan = csvc.Plan(3600, service_level=0.8)
        self.addCleanup(self.plan.close)

    def arrivals(self):
        return {r.index: r.arrivals for r in self.plan if r.arrivals}

    def test_one_week(self):
        self.plan.forecast(self.desk, MONDAY, MONDAY + WEEK, aht=180)
        self.assertEqual(self.arrivals(), {9: 3.0, 10: 1.0, 24 + 14: 1.0})
        row = self.plan[9]
        self.assertEqual(row.aht, 180.0)
        # 3 contacts an hour at 180 s: A = 0.15 Erlangs.
        self.assertEqual(row.agents, ref_agents(0.15, 180, 20, 0.8))
        self.assertEqual(self.plan.summary().arrivals, 5.0)

    def test_team_and_channels(self):
        self.plan.forecast(self.desk, MONDAY, MONDAY + WEEK, team="T1", aht=180)
        self.assertEqual(self.arrivals(), {9: 3.0, 10: 1.0})
        self.plan.forecast(self.desk, MONDAY, MONDAY + WEEK, channels=["phone"], aht=180)
        self.assertEqual(self.arrivals(), {9: 3.0, 24 + 14: 1.0})
        self.plan.forecast(self.desk, MONDAY, MONDAY + WEEK, channels=csvc.Channel.CHAT,
                           aht=180)
        self.assertEqual(self.arrivals(), {10: 1.0})
        self.plan.forecast(self.desk, MONDAY, MONDAY + WEEK, channels=1 << csvc.Channel.PHONE,
                           team="T2", aht=180)
        self.assertEqual(self.arrivals(), {24 + 14: 1.0})

    def test_week_decay(self):
        # Two weeks, the tickets in the last: weights 1 (last) and 0.5, so
        # Monday 09:00 forecasts 3 * 1 / (1 + 0.5) = 2 contacts.
        self.plan.forecast(self.desk, MONDAY - WEEK, MONDAY + WEEK, week_decay=0.5, aht=180)
        self.assertEqual(self.arrivals(), {9: 2.0, 10: 2 / 3, 24 + 14: 2 / 3})
        # Unweighted: the plain mean, 3 / 2.
        self.plan.forecast(self.desk, MONDAY - WEEK, MONDAY + WEEK, aht=180)
        self.assertEqual(self.arrivals()[9], 1.5)

    def test_aht_from_history(self):
        self.plan.forecast(self.desk, MONDAY, MONDAY + WEEK, aht=180, aht_from_history=True)
        self.assertEqual(self.plan[9].aht, 750.0)  # (1200 + 300) / 2
        self.assertEqual(self.plan[10].aht, 180.0)  # nothing resolved: the default
        self.plan.forecast(self.desk, MONDAY, MONDAY + WEEK, aht=180, aht_from_history=True,
                           max_handle_seconds=600)
        self.assertEqual(self.plan[9].aht, 450.0)  # (min(1200, 600) + 300) / 2

    def test_local_week_and_datetimes(self):
        import datetime
        cst = datetime.timezone(datetime.timedelta(hours=8))
        start = datetime.datetime(2025, 3, 10, tzinfo=cst)  # local midnight
        # UTC 09:10 is 17:10 at +08:00.
        self.plan.forecast(self.desk, start, start + datetime.timedelta(days=7),
                           utc_offset=datetime.timedelta(hours=8), aht=180)
        self.assertEqual(self.arrivals(), {17: 3.0, 18: 1.0, 24 + 22: 1.0})

    def test_forecast_keeps_the_shifts(self):
        self.plan.add_shift("mon", "09:00", 60, 5)
        self.plan.forecast(self.desk, MONDAY, MONDAY + WEEK, aht=180)
        self.assertEqual(self.plan[9].staffed, 5.0)
        self.assertEqual(self.plan.shift_count, 1)

    def test_errors(self):
        self.plan.forecast(self.desk, MONDAY, MONDAY + WEEK, aht=180)
        before = self.arrivals()
        cases = [
            (dict(start=MONDAY, end=MONDAY + DAY), csvc.RangeError, r"week"),
            (dict(start=MONDAY + 60, end=MONDAY + WEEK + 60), csvc.RangeError, r"boundar"),
            (dict(aht=0), csvc.RangeError, r"default_aht 0 s must be finite and > 0"),
            (dict(week_decay=1.5), csvc.RangeError, r"week_decay 1\.5 outside \(0, 1\]"),
            (dict(max_handle_seconds=0), csvc.RangeError, r"max_handle_seconds 0"),
            (dict(channels=1 << 20), csvc.RangeError, r"channels 0x100000"),
        ]
        for changes, cls, pattern in cases:
            args = dict(start=MONDAY, end=MONDAY + WEEK, aht=180)
            args.update(changes)
            with self.assertRaises(cls, msg=changes) as cm:
                self.plan.forecast(self.desk, **args)
            self.assertRegex(cm.exception.message, r"^staffing_plan_forecast: .*" + pattern)
        with self.assertRaises(csvc.InvalidArgument) as cm:
            self.plan.forecast(self.desk, MONDAY, MONDAY + WEEK, team="", aht=180)
        self.assertIn("team_id", cm.exception.message)
        self.assertEqual(self.arrivals(), before)
        with self.assertRaises(TypeError):
            self.plan.forecast(self.desk, MONDAY, MONDAY + WEEK)  # aht is required
        with self.assertRaises(TypeError):
            self.plan.forecast(self.roster, MONDAY, MONDAY + WEEK, aht=180)
        with self.assertRaises(csvc.InvalidArgument):
            self.plan.forecast(self.desk, MONDAY, MONDAY + WEEK, channels=["fax"], aht=180)
        self.desk.close()
        with self.assertRaises(csvc.ClosedError):
            self.plan.forecast(self.desk, MONDAY, MONDAY + WEEK, aht=180)


class BindingTest(unittest.TestCase):
    def test_declarations_cover_staffing(self):
        declared = {name for name, _, _, _ in _lib.FUNCTIONS}
        with open(os.path.join(REPO, "include", "csvc", "staffing.h"), encoding="utf-8") as f:
            in_header = set(re.findall(r"CSVC_API\s[^;(]*?(csvc_\w+)\s*\(", f.read()))
        self.assertIn("csvc_staffing_plan_forecast", in_header)
        self.assertLessEqual(in_header, declared)

    def test_goal_bits(self):
        self.assertEqual([int(g) for g in Goal], [1, 2, 4, 8])

    def test_struct_layout_matches_the_compiler(self):
        cc = shutil.which(os.environ.get("CC", "cc"))
        if not cc:
            self.skipTest("no C compiler")
        structs = {
            "csvc_staffing_options": _lib.csvc_staffing_options,
            "csvc_erlang_result": _lib.csvc_erlang_result,
            "csvc_staffing_result": _lib.csvc_staffing_result,
            "csvc_staffing_forecast_options": _lib.csvc_staffing_forecast_options,
            "csvc_staffing_shift": _lib.csvc_staffing_shift,
            "csvc_staffing_interval": _lib.csvc_staffing_interval,
            "csvc_staffing_summary": _lib.csvc_staffing_summary,
        }
        lines = ["#include <stddef.h>", "#include <stdio.h>", '#include "csvc/staffing.h"',
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
        constants = ("CSVC_STAFFING_OPTIONS_VERSION", "CSVC_ERLANG_RESULT_VERSION",
                     "CSVC_STAFFING_RESULT_VERSION", "CSVC_STAFFING_FORECAST_OPTIONS_VERSION",
                     "CSVC_STAFFING_SHIFT_VERSION", "CSVC_STAFFING_INTERVAL_VERSION",
                     "CSVC_STAFFING_SUMMARY_VERSION", "CSVC_STAFFING_AGENTS_MAX",
                     "CSVC_ERLANG_A_STATES_MAX", "CSVC_GOAL_SERVICE_LEVEL", "CSVC_GOAL_ASA",
                     "CSVC_GOAL_ABANDON", "CSVC_GOAL_OCCUPANCY", "CSVC_DAYS_WEEKDAYS",
                     "CSVC_DAYS_ALL")
        for constant in constants:
            lines.append('printf("%s %%lu\\n", (unsigned long)%s);' % (constant, constant))
            expected.append("%s %d" % (constant, getattr(_lib, constant)))
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

    def test_exports(self):
        for name in ("erlang_load", "erlang_b", "erlang", "solve", "Plan", "Interval",
                     "PlanSummary", "ErlangResult", "StaffingResult", "StaffingOptions", "Goal",
                     "Shift", "STAFFING_AGENTS_MAX"):
            self.assertIn(name, csvc.__all__)
            self.assertTrue(hasattr(csvc, name), name)

    def test_results_are_frozen(self):
        r = csvc.solve(100, 1800, 180)
        with self.assertRaises(AttributeError):
            r.agents = 3


if __name__ == "__main__":
    unittest.main()
