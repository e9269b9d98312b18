"""Tests of shift generation and what surrounds it: csvc.ShiftTemplate,
Plan.generate_shifts, csvc.Schedule, Plan.apply_schedule, the roster's
employment types, csvc.available_heads, csvc.recruitment and Plan.replan.

The setup is tests/unit/test_staffing_generate.c's: an hourly plan whose
only goal is the occupancy cap (1: a stable queue), where an interval of
k - 0.5 arrivals with an AHT of one hour needs exactly k staff (k - 1
agents would be an unstable queue). Every expected cost, head count and
coverage is worked out by hand in the comments, never read back from the
library under test. Without GLPK the solver tests skip and the tests check
that csvc.Unsupported is raised instead.
"""

import datetime
import importlib.util
import unittest
from ctypes import byref

import csvc
from csvc import Employment, ScheduleLimit, ScheduleStatus, ShiftTemplate, Weekday, _lib

HAVE_PANDAS = importlib.util.find_spec("pandas") is not None

MON = 0
TUE = 1
D2025_01_01 = 1735689600  # 2025-01-01 00:00 UTC
NO_GLPK = "libcsvc was built without GLPK: shift generation is unsupported"


def H(day, hour):
    """The interval of an hourly plan at ``hour`` of ``day``."""
    return day * 24 + hour


def hourly_plan():
    """An hourly plan with the occupancy goal alone. The Python options
    always carry a service, ASA or abandonment goal, so the C options are
    set directly, as the C test does."""
    plan = csvc.Plan(3600)
    options = _lib.csvc_staffing_options()
    _lib.lib.csvc_staffing_options_init(byref(options))
    options.goals = _lib.CSVC_GOAL_OCCUPANCY
    _lib.lib.csvc_staffing_plan_set_options(plan._h(), byref(options))
    return plan


def require(test, plan, index, k):
    """Interval ``index`` needs exactly ``k`` staff."""
    plan.set_interval(index, k - 0.5 if k else 0.0, 3600)
    test.assertEqual(plan[index].required, k)


def monday(test, mid):
    """Monday 08-12 needs 2 staff, 12-16 ``mid``, 16-20 2; nothing else."""
    plan = hourly_plan()
    for hour in range(8, 20):
        require(test, plan, H(MON, hour), mid if 12 <= hour < 16 else 2)
    return plan


def three_templates(c_rate=90):
    """Early A 08-16 and late B 12-20 at 100 an hour (800 a head), part-time
    C 12-16 at ``c_rate`` an hour (4 x c_rate a head)."""
    return [ShiftTemplate("A", "08:00", 480, "mon", cost_per_hour=100),
            ShiftTemplate("B", "12:00", 480, "mon", cost_per_hour=100),
            ShiftTemplate("C", "12:00", 240, "mon", employment="part_time",
                          cost_per_hour=c_rate)]


def glpk_available():
    """Whether this libcsvc generates shifts (False: csvc.Unsupported)."""
    plan = csvc.Plan(3600)
    try:
        plan.generate_shifts([ShiftTemplate("T", 0, 60, "mon")]).close()
    except csvc.Unsupported:
        return False
    finally:
        plan.close()
    return True


class GenerateCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.have_glpk = glpk_available()

    def setUp(self):
        if not self.have_glpk:
            self.skipTest(NO_GLPK)


class TwoTemplatesTest(GenerateCase):
    """08-12 needs 2: A >= 2; 16-20 needs 2: B >= 2; 12-16 needs 5:
    A + B + C >= 5. With C at 90 (360 a head) the fifth head is C:
    4 x 800 + 360 = 3560. With C at 250 (1000 a head) a fifth full shift
    is cheaper: 5 x 800 = 4000."""

    def setUp(self):
        super().setUp()
        self.plan = monday(self, 5)

    def tearDown(self):
        self.plan.close()

    def test_part_time_takes_the_peak(self):
        with self.plan.generate_shifts(three_templates()) as s:
            self.assertIs(s.status, ScheduleStatus.OPTIMAL)
            self.assertIs(s.limit, ScheduleLimit.NONE)
            self.assertIsNone(s.limit_type)
            self.assertIsNone(s.limit_interval)
            self.assertEqual(s.cost, 3560)
            self.assertEqual(s.objective, 3560.0)
            self.assertEqual(s.template_heads, {"A": 2, "B": 2, "C": 1})
            self.assertEqual(s.heads, 5)
            self.assertEqual(s.heads_by_type, {Employment.FULL_TIME: 4, Employment.PART_TIME: 1,
                                               Employment.TEMPORARY: 0})
            # 2 x 4 + 5 x 4 + 2 x 4 = 36 staff-hours, met exactly.
            self.assertEqual((s.required_hours, s.covered_hours), (36.0, 36.0))
            self.assertEqual((s.shortfall_hours, s.overstaffing_hours), (0.0, 0.0))
            self.assertEqual(s.intervals_short, 0)
            self.assertGreaterEqual(s.seconds, 0.0)
            intervals = s.intervals()
            self.assertEqual(len(intervals), 168)
            self.assertEqual(intervals[H(MON, 13)], csvc.ScheduleInterval(
                index=13, start_minute=13 * 60, required=5, covered=5.0, shortfall=0.0,
                overstaffing=0.0))
            self.assertEqual((intervals[13].day, intervals[13].time), (Weekday.MONDAY, "13:00"))
            self.assertEqual(intervals[H(MON, 7)].covered, 0.0)
            self.assertEqual(s.shifts, [
                csvc.ScheduleShift(0, "A", None, 2, 1600),
                csvc.ScheduleShift(1, "B", None, 2, 1600),
                csvc.ScheduleShift(2, "C", None, 1, 360)])
            self.assertIn("optimal: 5 heads, cost 3560", s.message)
            self.assertEqual(s.templates, tuple(three_templates()))
            self.assertEqual(repr(s), "<csvc.Schedule optimal, 5 heads, cost 3560>")

    def test_dear_part_time_is_left_out(self):
        with self.plan.generate_shifts(three_templates(c_rate=250)) as s:
            self.assertEqual(s.cost, 4000)
            self.assertEqual(s.template_heads["C"], 0)
            self.assertEqual(s.heads, 5)
            self.assertEqual(s.overstaffing_hours, 4.0)  # the fifth full shift's other 4 h

    def test_template_forms(self):
        # The same templates from a timedelta, "HH:MM" lengths, day lists,
        # a mask, minutes and Employment members: the same schedule.
        templates = [
            ShiftTemplate("A", 480, datetime.timedelta(hours=8), [Weekday.MONDAY],
                          cost_per_hour=100),
            ShiftTemplate("B", datetime.time(12, 0), "08:00", 0x01, cost_per_hour=100),
            ShiftTemplate("C", "12:00", 240, ("monday",), employment=Employment.PART_TIME,
                          cost_per_hour=90)]
        with self.plan.generate_shifts(templates, time_limit=datetime.timedelta(seconds=5),
                                       mip_gap=0) as s:
            self.assertEqual((s.cost, s.template_heads), (3560, {"A": 2, "B": 2, "C": 1}))
        # A single template is accepted alone: 08-16 and 12-20 cannot both
        # be covered by A, so 16:00 is left without a template.
        with self.plan.generate_shifts(three_templates()[0]) as s:
            self.assertIs(s.status, ScheduleStatus.INFEASIBLE)
            self.assertIs(s.limit, ScheduleLimit.NO_TEMPLATE)
            self.assertEqual(s.limit_interval, H(MON, 16))

    def test_apply_schedule(self):
        # The schedule as the plan's shifts: the plan's staff is the coverage.
        with self.plan.generate_shifts(three_templates()) as s:
            shifts = self.plan.apply_schedule(s)
        monday_only = (Weekday.MONDAY,)
        self.assertEqual(shifts, (csvc.Shift(monday_only, 480, 480, 2),
                                  csvc.Shift(monday_only, 720, 480, 2),
                                  csvc.Shift(monday_only, 720, 240, 1)))
        self.assertEqual(self.plan.shifts, shifts)
        self.assertEqual(self.plan.shift_count, 3)
        summary = self.plan.summary()
        self.assertEqual((summary.shortfall_hours, summary.staffed_hours), (0.0, 36.0))
        self.assertEqual(self.plan[H(MON, 13)].staffed, 5.0)

    def test_apply_schedule_of_another_interval_length(self):
        with self.plan.generate_shifts(three_templates()) as s, csvc.Plan(1800) as other:
            other.add_shift("tue", "09:00", 60, 1)
            with self.assertRaisesRegex(csvc.InvalidArgument,
                                        "the plan has 1800 s intervals, the schedule 3600 s"):
                other.apply_schedule(s)
            self.assertEqual(other.shift_count, 1)  # unchanged
            self.assertEqual(len(other.shifts), 1)
            with self.assertRaises(TypeError):
                other.apply_schedule(self.plan)

    def test_the_plan_is_not_modified(self):
        before = self.plan.intervals()
        self.plan.generate_shifts(three_templates()).close()
        self.assertEqual(self.plan.intervals(), before)
        self.assertEqual(self.plan.shift_count, 0)


class SoftCoverageTest(GenerateCase):
    """Only A and B (800 a head), 12-16 needing 5. A fifth head costs 800
    and saves 4 staff-hours short; dropping one of four saves 800 and loses
    8. At 150 an hour short: keep four, 4 hours short, objective
    3200 + 600 = 3800. At 250: add the fifth, 4000, none short."""

    def setUp(self):
        super().setUp()
        self.plan = monday(self, 5)
        self.templates = three_templates()[:2]

    def tearDown(self):
        self.plan.close()

    def test_penalty_150_leaves_four_hours_short(self):
        with self.plan.generate_shifts(self.templates, soft=True, shortfall_penalty=150) as s:
            self.assertIs(s.status, ScheduleStatus.OPTIMAL)
            self.assertEqual(s.cost, 3200)
            self.assertEqual(s.shortfall_hours, 4.0)
            self.assertEqual(s.intervals_short, 4)
            self.assertEqual(s.objective, 3800.0)
            self.assertEqual(s.intervals()[H(MON, 12)].shortfall, 1.0)

    def test_penalty_250_adds_the_fifth_head(self):
        with self.plan.generate_shifts(self.templates, soft=True, shortfall_penalty=250) as s:
            self.assertEqual(s.cost, 4000)
            self.assertEqual(s.shortfall_hours, 0.0)
            self.assertEqual(s.objective, 4000.0)
        with self.plan.generate_shifts(self.templates) as s:  # hard coverage: the same
            self.assertEqual(s.cost, 4000)


class BreakPlacementTest(GenerateCase):
    """08-17 (9 h, paid) with a one-hour break starting 11:00, 12:00 or
    13:00; every hour 08-17 needs 2. Two heads leave the break hour with 1:
    three are needed, their breaks in three different hours."""

    def setUp(self):
        super().setUp()
        self.plan = hourly_plan()
        for hour in range(8, 17):
            require(self, self.plan, H(MON, hour), 2)

    def tearDown(self):
        self.plan.close()

    def test_three_heads_three_break_hours(self):
        day = ShiftTemplate("DAY", "08:00", 540, "mon", break_minutes=60,
                            break_window=(180, 300), cost_per_hour=100)
        with self.plan.generate_shifts([day]) as s:
            self.assertEqual(s.heads, 3)
            self.assertEqual(s.cost, 2700)  # breaks are paid: 3 x 9 h x 100
            self.assertEqual(s.shifts, [csvc.ScheduleShift(0, "DAY", offset, 1, 900)
                                        for offset in (180, 240, 300)])
            self.assertEqual(s.intervals()[H(MON, 10)].covered, 3.0)
            self.assertEqual(s.intervals()[H(MON, 12)].covered, 2.0)

    def test_half_hour_break_counts_half_a_head(self):
        # 11:00-12:00 has heads - heads / 2 >= 2: four heads.
        day = ShiftTemplate("DAY", "08:00", 540, "mon", break_minutes=30,
                            break_window=(datetime.timedelta(minutes=210), "03:30"),
                            cost_per_hour=100)
        with self.plan.generate_shifts([day]) as s:
            self.assertEqual(s.heads, 4)
            self.assertEqual(s.shifts, [csvc.ScheduleShift(0, "DAY", 210, 4, 3600)])
            self.assertEqual(s.intervals()[H(MON, 11)].covered, 2.0)
            self.assertEqual(s.intervals()[H(MON, 9)].covered, 4.0)

    def test_no_window_is_anywhere_in_the_shift(self):
        # Offsets 0, 60, ..., 480: still three heads, breaks in three hours.
        day = ShiftTemplate("DAY", "08:00", 540, "mon", break_minutes=60, cost_per_hour=100)
        with self.plan.generate_shifts([day]) as s:
            self.assertEqual((s.heads, s.cost), (3, 2700))
            offsets = [shift.break_offset for shift in s.shifts]
            self.assertEqual(len(set(offsets)), 3)
            self.assertTrue(all(0 <= o <= 480 and o % 60 == 0 for o in offsets), offsets)
            self.assertEqual(s.shortfall_hours, 0.0)


class InfeasibleTest(GenerateCase):
    """Monday with 12-16 needing 3: the cheapest schedule is A 2 + B 2 =
    3200 (C cannot replace a head of A or B: 08-12 and 16-20 need 2)."""

    def setUp(self):
        super().setUp()
        self.plan = monday(self, 3)
        self.templates = three_templates()

    def tearDown(self):
        self.plan.close()

    def assertInfeasible(self, schedule, limit, text):
        with schedule as s:
            self.assertIs(s.status, ScheduleStatus.INFEASIBLE)
            self.assertIs(s.limit, limit, s.message)
            self.assertIn(text, s.message)
            self.assertEqual((s.heads, s.cost), (0, 0))
            self.assertEqual(s.shifts, [])
            self.assertEqual(s.template_heads, {"A": 0, "B": 0, "C": 0})
            return s.limit_interval, s.limit_type

    def test_budget(self):
        where, kind = self.assertInfeasible(
            self.plan.generate_shifts(self.templates, budget=3199), ScheduleLimit.BUDGET,
            "the budget 3199 (minor units) leaves")
        self.assertIsNone(kind)
        with self.plan.generate_shifts(self.templates, budget=3200) as s:
            self.assertEqual((s.status, s.cost), (ScheduleStatus.OPTIMAL, 3200))

    def test_total_heads(self):
        self.assertInfeasible(self.plan.generate_shifts(self.templates, max_total_heads=3),
                              ScheduleLimit.TOTAL_HEADS, "max_total_heads 3 leaves")

    def test_available_heads(self):
        for available in ({"full_time": 3, Employment.PART_TIME: 5}, [3, 5, 0], (3, 5, 0)):
            where, kind = self.assertInfeasible(
                self.plan.generate_shifts(self.templates, available=available),
                ScheduleLimit.AVAILABLE, "the 3 available full_time heads")
            self.assertIs(kind, Employment.FULL_TIME)
        # Types left out of a mapping have no heads: {part_time: 5} alone
        # leaves no full-time head at all.
        self.assertInfeasible(self.plan.generate_shifts(self.templates,
                                                        available={"兼职": 5}),
                              ScheduleLimit.AVAILABLE, "full_time")
        with self.plan.generate_shifts(self.templates, available={"full_time": 4}) as s:
            self.assertEqual((s.status, s.cost), (ScheduleStatus.OPTIMAL, 3200))

    def test_max_heads(self):
        # A at most 1 cannot give 08:00 its 2.
        capped = [ShiftTemplate("A", "08:00", 480, "mon", max_heads=1, cost_per_hour=100)] + \
            self.templates[1:]
        where, _ = self.assertInfeasible(
            self.plan.generate_shifts(capped), ScheduleLimit.MAX_HEADS,
            "interval 8 (Monday 08:00) needs 2 staff; the templates at their max_heads give at "
            "most 1")
        self.assertEqual(where, H(MON, 8))

    def test_min_heads_above_a_limit(self):
        floor = [self.templates[0],
                 ShiftTemplate("B", "12:00", 480, "mon", min_heads=5, cost_per_hour=100),
                 self.templates[2]]
        where, _ = self.assertInfeasible(
            self.plan.generate_shifts(floor, max_total_heads=4), ScheduleLimit.TOTAL_HEADS,
            "min_heads add up to 5 heads, above max_total_heads 4")
        self.assertIsNone(where)  # found before solving: no interval

    def test_no_template_and_soft_coverage(self):
        require(self, self.plan, H(MON, 3), 1)  # nobody works at 03:00
        where, _ = self.assertInfeasible(
            self.plan.generate_shifts(self.templates), ScheduleLimit.NO_TEMPLATE,
            "interval 3 (Monday 03:00) needs 1 staff and no template works then")
        self.assertEqual(where, H(MON, 3))
        # Soft coverage is never short of a template: 03:00 goes uncovered.
        with self.plan.generate_shifts(self.templates, soft=True, shortfall_penalty=1000) as s:
            self.assertIs(s.status, ScheduleStatus.OPTIMAL)
            self.assertEqual(s.cost, 3200)
            self.assertEqual(s.shortfall_hours, 1.0)
            self.assertEqual(s.objective, 4200.0)


class BadInputTest(unittest.TestCase):
    """Refused before any solving, with or without GLPK; the message names
    the template (index and id) or the option."""

    def setUp(self):
        self.plan = monday(self, 3)
        self.good = three_templates()[:2]

    def tearDown(self):
        self.plan.close()

    def bad_template(self, index, **changes):
        fields = {f: getattr(self.good[index], f) for f in ShiftTemplate.__dataclass_fields__}
        fields.update(changes)
        templates = list(self.good)
        templates[index] = ShiftTemplate(**fields)
        return templates

    def test_library_checks_name_the_field(self):
        cases = [
            (1, dict(start=1440), csvc.RangeError,
             "templates[1] 'B': start_minute 1440 outside"),
            (0, dict(length=0), csvc.RangeError,
             "templates[0] 'A': length_minutes 0 outside 1..1440"),
            (0, dict(days=0x80), csvc.RangeError, "days 0x80"),
            (0, dict(break_minutes=480), csvc.RangeError, "break_minutes 480 outside 0..479"),
            (0, dict(break_window=(60, 0)), csvc.RangeError,
             "break_earliest 60 / break_latest 0 without a break"),
            (0, dict(break_minutes=60, break_window=(300, 240)), csvc.RangeError,
             "break window 300..240"),
            (0, dict(min_heads=4, max_heads=3), csvc.RangeError, "min_heads 4 above max_heads 3"),
            (0, dict(max_heads=csvc.STAFFING_AGENTS_MAX + 1), csvc.RangeError,
             "max_heads 1000001 above"),
            (0, dict(employment=7), csvc.InvalidArgument, "employment 7 unknown"),
            (1, dict(cost_per_hour=-1), csvc.RangeError,
             "templates[1] 'B': cost_per_hour -1 outside"),
            (1, dict(cost_per_hour=csvc.SHIFT_COST_MAX + 1), csvc.RangeError, "cost_per_hour"),
            (1, dict(id="A"), csvc.AlreadyExists,
             "templates[1] 'A': the id of templates[0] already"),
            (1, dict(id=""), csvc.InvalidArgument, "templates[1]: id"),
        ]
        for index, changes, error, text in cases:
            with self.subTest(changes=changes):
                with self.assertRaises(error) as cm:
                    self.plan.generate_shifts(self.bad_template(index, **changes))
                self.assertIn(text, cm.exception.message)

    def test_python_checks_name_the_template(self):
        cases = [
            (0, dict(start="8:61"), csvc.ParseError, "templates[0] 'A': start: '8:61'"),
            (1, dict(length=datetime.timedelta(seconds=90)), ValueError,
             "templates[1] 'B': length: 0:01:30 is not a whole number of minutes"),
            (0, dict(days="someday"), csvc.InvalidArgument, "templates[0] 'A': day"),
            (0, dict(employment="salaried"), csvc.InvalidArgument,
             "templates[0] 'A': employment 'salaried'"),
            (0, dict(break_window=(60,)), TypeError, "templates[0] 'A': break_window"),
            (0, dict(break_window="01:00"), TypeError, "templates[0] 'A': break_window"),
            (1, dict(cost_per_hour=1.5), TypeError, "templates[1] 'B': cost_per_hour"),
            (1, dict(cost_per_hour=1 << 63), csvc.Overflow, "templates[1] 'B': cost_per_hour"),
            (0, dict(min_heads=-1), csvc.RangeError, "templates[0] 'A': min_heads"),
            (1, dict(id=3), TypeError, "templates[1]: id"),
            (1, dict(id="B\0"), csvc.EncodingError, "templates[1]: id: NUL"),
        ]
        for index, changes, error, text in cases:
            with self.subTest(changes=changes):
                with self.assertRaises(error) as cm:
                    self.plan.generate_shifts(self.bad_template(index, **changes))
                self.assertIn(text, str(cm.exception))

    def test_template_list(self):
        with self.assertRaisesRegex(csvc.RangeError, "count 0 outside 1..1000"):
            self.plan.generate_shifts([])
        with self.assertRaisesRegex(TypeError, r"templates\[1\]: expected a csvc.ShiftTemplate"):
            self.plan.generate_shifts([self.good[0], ("B", "12:00", 480, "mon")])
        for bad in ("A", 3, {"id": "A"}):
            with self.assertRaisesRegex(TypeError, "templates: expected an iterable"):
                self.plan.generate_shifts(bad)

    def test_options(self):
        cases = [
            (dict(soft=2), csvc.InvalidArgument, "options.soft 2"),
            (dict(soft=True), csvc.RangeError, "soft coverage needs a penalty"),
            (dict(budget=-5), csvc.RangeError, "options.budget -5 is negative"),
            (dict(time_limit=0), csvc.RangeError, "options.time_limit 0 outside"),
            (dict(time_limit=float("nan")), csvc.RangeError, "options.time_limit"),
            (dict(mip_gap=1.0), csvc.RangeError, "options.mip_gap 1 outside [0, 1)"),
            (dict(available=[0, 0, csvc.STAFFING_AGENTS_MAX + 1]), csvc.RangeError,
             "options.available[2] (temporary)"),
            (dict(available={"salaried": 1}), csvc.InvalidArgument,
             "available: employment 'salaried'"),
            (dict(available={7: 1}), csvc.InvalidArgument, "available: employment 7 unknown"),
            (dict(available={"full_time": -1}), csvc.RangeError, "available[full_time]"),
            (dict(available=[1, 2]), ValueError, "available: expected 3 counts"),
            (dict(available={"part_time": 1, Employment.PART_TIME: 2}), ValueError,
             "are both part_time"),
            (dict(available="full_time"), TypeError, "available: expected a mapping"),
            (dict(max_total_heads=-1), csvc.RangeError, "max_total_heads"),
            (dict(shortfall_penalty=0.5), TypeError, "shortfall_penalty"),
            (dict(time_limit="10"), TypeError, "time_limit"),
        ]
        for options, error, text in cases:
            with self.subTest(options=options):
                with self.assertRaises(error) as cm:
                    self.plan.generate_shifts(self.good, **options)
                self.assertIn(text, str(cm.exception))

    def test_unsupported_without_glpk(self):
        if glpk_available():
            self.skipTest("libcsvc has GLPK: csvc.Unsupported cannot be raised")
        with self.assertRaises(csvc.Unsupported) as cm:
            self.plan.generate_shifts(self.good)
        self.assertIn("built without GLPK", cm.exception.message)
        self.assertEqual(cm.exception.name, "CSVC_E_UNSUPPORTED")
        self.assertIsInstance(cm.exception, NotImplementedError)


class ScheduleObjectTest(GenerateCase):
    def test_lifetime(self):
        with monday(self, 5) as plan:
            s = plan.generate_shifts(three_templates())
        self.assertEqual(s.cost, 3560)  # independent of the plan
        self.assertFalse(s.closed)
        s.close()
        s.close()  # again: nothing
        self.assertTrue(s.closed)
        self.assertEqual(repr(s), "<csvc.Schedule closed>")
        for read in (lambda: s.status, lambda: s.cost, lambda: s.heads_by_type,
                     lambda: s.message, lambda: s.shifts, lambda: s.intervals(),
                     lambda: s.template_heads):
            with self.assertRaises(csvc.ClosedError):
                read()

    @unittest.skipUnless(HAVE_PANDAS, "pandas is not installed")
    def test_to_pandas(self):
        with monday(self, 5) as plan, plan.generate_shifts(three_templates()) as s:
            frame = s.to_pandas()
            self.assertEqual(list(frame.columns), ["start_minute", "day", "time", "required",
                                                   "covered", "shortfall", "overstaffing"])
            self.assertEqual(frame.index.name, "interval")
            self.assertEqual(len(frame), 168)
            self.assertEqual(frame.loc[13, "day"], "monday")
            self.assertEqual(frame.loc[13, "time"], "13:00")
            self.assertEqual(frame.loc[13, "covered"], 5.0)
            self.assertEqual(frame["required"].sum(), 36)
            shifts = s.shifts_to_pandas()
            self.assertEqual(list(shifts.columns), ["template_index", "template_id",
                                                    "break_offset", "heads", "cost"])
            self.assertEqual(list(shifts["template_id"]), ["A", "B", "C"])
            self.assertEqual(list(shifts["cost"]), [1600, 1600, 360])
            self.assertEqual(str(shifts["break_offset"].dtype), "Int64")
            self.assertTrue(shifts["break_offset"].isna().all())


# -- employment, available heads, recruitment ------------------------------------------


def fixture_roster():
    """tests/unit's fx_roster (T1: A1, A2, GONE inactive; T2: B1) with
    part-timers P1, P2 and temporary X1 in T1."""
    roster = csvc.Roster()
    roster.add_team("T1")
    roster.add_team("T2")
    for agent_id, team, active in (("A1", "T1", True), ("A2", "T1", True), ("B1", "T2", True),
                                   ("GONE", "T1", False), ("P1", "T1", True),
                                   ("P2", "T1", True), ("X1", "T1", True)):
        roster.add_agent(agent_id, agent_id, team, active=active)
    roster.set_employment("P1", "part_time", 20)
    roster.set_employment("P2", Employment.PART_TIME, 20.0)
    roster.set_employment("X1", "temporary", 40)
    return roster


class EmploymentTest(unittest.TestCase):
    def setUp(self):
        self.roster = fixture_roster()

    def tearDown(self):
        self.roster.close()

    def test_round_trip(self):
        a1 = self.roster.agent("A1")
        self.assertEqual((a1.employment, a1.contract_hours), (Employment.FULL_TIME, 0.0))
        p1 = self.roster.agent("P1")
        self.assertIs(p1.employment, Employment.PART_TIME)
        self.assertEqual(p1.contract_hours, 20.0)
        self.assertEqual(self.roster.agent("X1").employment, Employment.TEMPORARY)
        self.roster.set_employment("A1", "兼职", 37.5)  # the library's Chinese alias
        self.assertEqual(self.roster.agent("A1").employment, Employment.PART_TIME)
        self.assertEqual(self.roster.agent("A1").contract_hours, 37.5)
        self.roster.set_employment("A1", 2)
        self.assertEqual((self.roster.agent("A1").employment,
                          self.roster.agent("A1").contract_hours), (Employment.TEMPORARY, 0.0))
        self.assertEqual([a.employment for a in self.roster][-3:],
                         [Employment.PART_TIME, Employment.PART_TIME, Employment.TEMPORARY])

    def test_names(self):
        self.assertEqual([str(e) for e in Employment], ["full_time", "part_time", "temporary"])
        for kind in Employment:
            self.assertEqual(_lib.lib.csvc_employment_name(int(kind)).decode(), str(kind))
        self.assertIs(Employment("part-time"), Employment.PART_TIME)
        self.assertIs(Employment(2), Employment.TEMPORARY)
        for status in ScheduleStatus:
            self.assertEqual(_lib.lib.csvc_schedule_status_name(int(status)).decode(),
                             str(status))
        for limit in ScheduleLimit:
            self.assertEqual(_lib.lib.csvc_schedule_limit_name(int(limit)).decode(), str(limit))
        self.assertIsNone(_lib.lib.csvc_schedule_limit_name(len(ScheduleLimit)))

    def test_refused(self):
        before = self.roster.agent("P1")
        for args, error, text in (
                (("NOPE", "part_time"), csvc.NotFound, "agent 'NOPE': not found"),
                (("P1", 7), csvc.InvalidArgument, "employment 7 unknown"),
                (("P1", "salaried"), csvc.InvalidArgument, "employment 'salaried'"),
                (("P1", "full_time", 200), csvc.RangeError, "contract_hours 200 outside 0..168"),
                (("P1", "full_time", -1), csvc.RangeError, "contract_hours -1"),
                (("P1", "full_time", float("inf")), csvc.RangeError, "contract_hours inf")):
            with self.subTest(args=args):
                with self.assertRaises(error) as cm:
                    self.roster.set_employment(*args)
                self.assertIn(text, cm.exception.message)
        with self.assertRaises(TypeError):
            self.roster.set_employment("P1", "full_time", "20")
        with self.assertRaises(TypeError):
            self.roster.set_employment("P1", None)
        self.assertEqual(self.roster.agent("P1"), before)  # a failure changes nothing

    def test_csv_round_trip(self):
        text = self.roster.export_csv_text()
        self.assertIn("employment,contract_hours", text.splitlines()[0])
        with csvc.Roster() as copy:
            copy.import_csv_text(text)
            self.assertEqual(list(copy), list(self.roster))

    @unittest.skipUnless(HAVE_PANDAS, "pandas is not installed")
    def test_to_pandas(self):
        frame = self.roster.to_pandas()
        self.assertEqual(frame.loc["P1", "employment"], "part_time")
        self.assertEqual(frame.loc["A1", "employment"], "full_time")
        self.assertEqual(list(frame["employment"].cat.categories),
                         ["full_time", "part_time", "temporary"])
        self.assertEqual(frame.loc["X1", "contract_hours"], 40.0)


class AvailableHeadsTest(unittest.TestCase):
    def setUp(self):
        self.roster = fixture_roster()
        self.roster.separate("P2", "2025-01-01", "resigned")
        self.at = D2025_01_01 + 86400

    def tearDown(self):
        self.roster.close()

    def test_counts(self):
        # T1: A1, A2 (GONE is inactive), P1 (P2 left), X1.
        self.assertEqual(csvc.available_heads(self.roster, "T1", at=self.at),
                         {Employment.FULL_TIME: 2, Employment.PART_TIME: 1,
                          Employment.TEMPORARY: 1})
        # Every team: and B1.
        self.assertEqual(csvc.available_heads(self.roster, at=self.at)[Employment.FULL_TIME], 3)
        # Before the separation P2 still counts.
        before = csvc.available_heads(self.roster, team_id="T1", at=D2025_01_01 - 1)
        self.assertEqual(before[Employment.PART_TIME], 2)
        # Instants in the package's forms.
        for at in ("2025-01-02T00:00:00Z", "2025-01-02T08:00:00+08:00",
                   datetime.datetime(2025, 1, 2, tzinfo=datetime.timezone.utc)):
            self.assertEqual(csvc.available_heads(self.roster, "T1", at=at)[Employment.PART_TIME],
                             1)

    def test_refused(self):
        with self.assertRaisesRegex(csvc.NotFound, "team 'NOPE' not found"):
            csvc.available_heads(self.roster, "NOPE", at=self.at)
        with self.assertRaises(ValueError):  # naive: ambiguous
            csvc.available_heads(self.roster, at=datetime.datetime(2025, 1, 2))
        with self.assertRaises(TypeError):
            csvc.available_heads(self.roster)  # at is required
        with self.assertRaises(TypeError):
            csvc.available_heads("roster", at=self.at)
        with self.assertRaises(TypeError):
            csvc.available_heads(self.roster, team="T1", team_id="T1", at=self.at)
        closed = csvc.Roster()
        closed.close()
        with self.assertRaises(csvc.ClosedError):
            csvc.available_heads(closed, at=self.at)


class RecruitmentTest(GenerateCase):
    def setUp(self):
        super().setUp()
        self.roster = fixture_roster()
        self.roster.separate("P2", "2025-01-01", "resigned")
        self.at = D2025_01_01 + 86400
        self.plan = monday(self, 5)

    def tearDown(self):
        self.plan.close()
        self.roster.close()

    def test_gap_per_type(self):
        # The schedule uses 4 full-time and 1 part-time heads; T1 has 2, 1, 1.
        with self.plan.generate_shifts(three_templates()) as s:
            need = csvc.recruitment(self.roster, s, "T1", at=self.at)
            self.assertEqual(need, csvc.Recruitment(
                required={Employment.FULL_TIME: 4, Employment.PART_TIME: 1,
                          Employment.TEMPORARY: 0},
                available={Employment.FULL_TIME: 2, Employment.PART_TIME: 1,
                           Employment.TEMPORARY: 1},
                gap={Employment.FULL_TIME: 2, Employment.PART_TIME: 0, Employment.TEMPORARY: 0},
                surplus={Employment.FULL_TIME: 0, Employment.PART_TIME: 0,
                         Employment.TEMPORARY: 1},
                total_gap=2))
            # Every team: B1 is full-time too, the gap is 1.
            self.assertEqual(csvc.recruitment(self.roster, s, at=self.at).total_gap, 1)
            with self.assertRaisesRegex(csvc.NotFound, "team 'NOPE' not found"):
                csvc.recruitment(self.roster, s, team_id="NOPE", at=self.at)
            with self.assertRaises(TypeError):
                csvc.recruitment(self.roster, self.plan, at=self.at)

    def test_limited_to_the_roster(self):
        # 2 full-time, 1 part-time, 1 temporary heads cannot cover the week.
        available = csvc.available_heads(self.roster, "T1", at=self.at)
        with self.plan.generate_shifts(three_templates(), available=available) as s:
            self.assertIs(s.status, ScheduleStatus.INFEASIBLE)
            self.assertIs(s.limit, ScheduleLimit.AVAILABLE)
            self.assertIs(s.limit_type, Employment.FULL_TIME)
            self.assertIn("available full_time heads", s.message)


# -- intraday re-plan ------------------------------------------------------------------


class ReplanTest(unittest.TestCase):
    """Monday 08-20 needs 10 (9.5 arrivals an hour), Tuesday 3 every hour;
    12 heads work 08-20 daily. Until 11:00 Monday, 0 at night then 14.25
    three times: 42.75 against a forecast of 28.5, a ratio of 1.5."""

    def setUp(self):
        self.plan = hourly_plan()
        for hour in range(24):
            require(self, self.plan, H(MON, hour), 10 if 8 <= hour < 20 else 0)
            require(self, self.plan, H(TUE, hour), 3)
        self.plan.add_shift("all", "08:00", 720, 12)
        self.seen = [0.0] * 8 + [14.25] * 3

    def tearDown(self):
        self.plan.close()

    def test_ratio_1_5(self):
        ratio, replanned = self.plan.replan("mon", self.seen)
        with replanned:
            self.assertIsInstance(replanned, csvc.Plan)
            self.assertAlmostEqual(ratio, 1.5, delta=1e-15)
            self.assertEqual(replanned[H(MON, 9)].arrivals, 14.25)  # observed
            later = replanned[H(MON, 15)]
            self.assertAlmostEqual(later.arrivals, 14.25, delta=1e-12)  # 9.5 x 1.5
            self.assertEqual(later.required, 15)  # floor(14.25) + 1
            self.assertEqual(later.shortfall, 3.0)  # 12 on the shift
            self.assertEqual(replanned[H(TUE, 15)].required, 3)  # Tuesday unchanged
            self.assertEqual(replanned.shift_count, 1)
            self.assertEqual(replanned.shifts, self.plan.shifts)
            self.assertEqual(replanned.options, self.plan.options)
            self.assertEqual(replanned.interval_seconds, 3600)
        self.assertEqual(self.plan[H(MON, 15)].required, 10)  # the original plan too
        self.assertFalse(self.plan.closed)

    def test_day_forms(self):
        ratios = [self.plan.replan(day, self.seen) for day in (Weekday.MONDAY, 0, "monday")]
        for ratio, plan in ratios:
            self.assertAlmostEqual(ratio, 1.5, delta=1e-15)
            plan.close()
        # A tuple, and integers, do as well as a list of floats.
        ratio, plan = self.plan.replan(MON, tuple([0] * 8 + [19, 19, 19]))
        plan.close()
        self.assertAlmostEqual(ratio, 2.0, delta=1e-15)

    def test_refused(self):
        for day, seen, error, text in (
                (7, self.seen, csvc.RangeError, "day 7 outside"),
                (MON, [1.0] * 24, csvc.RangeError, "count 24 outside 1..23"),
                (MON, [], csvc.RangeError, "count 0 outside"),
                (MON, [1.0] * 8, csvc.InvalidArgument, "no arrivals in the 8 observed intervals"),
                (MON, self.seen[:9] + [-1.0, 14.25], csvc.RangeError, "observed[9] -1"),
                (MON, [float("nan")] * 9, csvc.RangeError, "observed[0]"),
                ("someday", self.seen, csvc.InvalidArgument, "unknown weekday")):
            with self.subTest(day=day, seen=seen):
                with self.assertRaises(error) as cm:
                    self.plan.replan(day, seen)
                self.assertIn(text, cm.exception.message)
        with self.assertRaisesRegex(TypeError, r"observed\[1\]"):
            self.plan.replan(MON, [1.0, None])
        with self.assertRaisesRegex(TypeError, "observed: expected a sequence"):
            self.plan.replan(MON, "14.25")
        with self.assertRaisesRegex(TypeError, "observed: expected a sequence"):
            self.plan.replan(MON, 14.25)
        self.plan.close()
        with self.assertRaises(csvc.ClosedError):
            self.plan.replan(MON, self.seen)


class ExportsTest(unittest.TestCase):
    def test_exports(self):
        for name in ("Employment", "ShiftTemplate", "Schedule", "ScheduleStatus",
                     "ScheduleLimit", "ScheduleShift", "ScheduleInterval", "Recruitment",
                     "available_heads", "recruitment", "SHIFT_COST_MAX"):
            self.assertIn(name, csvc.__all__)
            self.assertTrue(hasattr(csvc, name), name)
        self.assertEqual(csvc.SHIFT_COST_MAX, 1000000000)

    def test_schedule_not_constructed_directly(self):
        with self.assertRaisesRegex(TypeError, "Plan.generate_shifts"):
            csvc.Schedule()

    def test_values_are_frozen(self):
        template = three_templates()[0]
        with self.assertRaises(AttributeError):
            template.cost_per_hour = 1
        self.assertEqual(template, ShiftTemplate("A", "08:00", 480, "mon", cost_per_hour=100))


if __name__ == "__main__":
    unittest.main()
