"""Tests of csvc.Calendar.

The hand cases use an office open Monday to Friday 09:00-12:00 and
13:00-18:00 at UTC+08:00 (8 business hours a day, 40 a week) in the week
that starts on Monday 2025-03-10. Instants are computed with the standard
library (calendar.timegm), and a brute-force count over the minutes checks
random intervals; nothing is taken from the library under test.
"""

import calendar
import datetime
import gc
import random
import threading
import unittest

import csvc
from csvc import Weekday

HOUR = 3600
DAY = 86400
CST = 8 * HOUR
TZ_CST = datetime.timezone(datetime.timedelta(hours=8))


def local(day, hour, minute=0, second=0):
    """Unix time of 2025-03-(10 + day) hour:minute:second at UTC+08:00
    (day 0 is Monday 2025-03-10)."""
    return calendar.timegm((2025, 3, 10 + day, hour, minute, second)) - CST


def office(holidays=()):
    cal = csvc.Calendar(CST)
    for day in ("mon", "tue", "wed", "thu", "fri"):
        cal.add_hours(day, "13:00", "18:00")  # afternoon first: order must not matter
        cal.add_hours(day, "09:00", "12:00")
    for holiday in holidays:
        cal.add_holiday(holiday)
    return cal


def brute_force_seconds(a, b, holidays=()):
    """Business seconds in [a, b) for minute-aligned a, b, minute by minute."""
    total = 0
    for t in range(a, b, 60):
        moment = datetime.datetime.fromtimestamp(t, TZ_CST)
        if moment.weekday() >= 5 or moment.date() in holidays:
            continue
        minute = moment.hour * 60 + moment.minute
        if 9 * 60 <= minute < 12 * 60 or 13 * 60 <= minute < 18 * 60:
            total += 60
    return total


class CalendarCase(unittest.TestCase):
    def setUp(self):
        self.cal = office()
        self.addCleanup(self.cal.close)


class BusinessTimeTest(CalendarCase):
    def test_local_helper(self):
        # 2025-03-10T00:00+08:00 is 2025-03-09T16:00Z.
        self.assertEqual(local(0, 0), 1741536000)

    def test_week_seconds(self):
        # 5 days x (3 h + 5 h) = 40 h = 144000 s.
        self.assertEqual(self.cal.week_seconds, 5 * 8 * HOUR)
        with csvc.Calendar() as always:
            self.assertEqual(always.week_seconds, 7 * DAY)

    def test_across_lunch(self):
        # Monday 11:00 -> 14:00: 11:00-12:00 and 13:00-14:00, the lunch hour
        # 12:00-13:00 does not count: 2 h.
        self.assertEqual(self.cal.business_seconds(local(0, 11), local(0, 14)), 2 * HOUR)
        # Inside the lunch break: nothing.
        self.assertEqual(self.cal.business_seconds(local(0, 12), local(0, 13)), 0)
        # 11:59:30 -> 13:00:30: 30 s before and 30 s after lunch.
        self.assertEqual(self.cal.business_seconds(local(0, 11, 59, 30), local(0, 13, 0, 30)),
                         60)

    def test_across_the_weekend(self):
        # Friday 17:00 -> Monday 10:00: 1 h on Friday, 1 h on Monday.
        self.assertEqual(self.cal.business_seconds(local(4, 17), local(7, 10)), 2 * HOUR)
        # Saturday 10:00 -> Sunday 23:00: closed.
        self.assertEqual(self.cal.business_seconds(local(5, 10), local(6, 23)), 0)
        # A whole week from Monday 00:00: 40 h.
        self.assertEqual(self.cal.business_seconds(local(0, 0), local(7, 0)), 40 * HOUR)
        # Wednesday 10:30 -> next Wednesday 10:30: one week of 40 h.
        self.assertEqual(self.cal.business_seconds(local(2, 10, 30), local(9, 10, 30)),
                         40 * HOUR)

    def test_empty_interval(self):
        self.assertEqual(self.cal.business_seconds(local(0, 10), local(0, 10)), 0)

    def test_holiday(self):
        # Monday 2025-03-17 closed: Friday 17:00 -> Tuesday 10:00 is 1 h + 1 h.
        with office(["2025-03-17"]) as cal:
            self.assertEqual(cal.business_seconds(local(4, 17), local(8, 10)), 2 * HOUR)
            self.assertFalse(cal.is_open(local(7, 10)))
            # The next week without its Monday: 32 h.
            self.assertEqual(cal.business_seconds(local(7, 0), local(14, 0)), 32 * HOUR)
            self.assertEqual(cal.week_seconds, 40 * HOUR)  # a week without holidays

    def test_holiday_forms(self):
        cal = csvc.Calendar(CST)
        self.addCleanup(cal.close)
        cal.add_hours(Weekday.MONDAY, 9 * 60, 18 * 60)
        cal.add_holiday(datetime.date(2025, 3, 10))
        cal.add_holiday((2025, 3, 17))
        cal.add_holiday("2025-03-24")
        # Mondays 10, 17 and 24 March are holidays; 31 March is open (9 h).
        self.assertEqual(cal.business_seconds(local(0, 0), local(22, 0)), 9 * HOUR)

    def test_add_business(self):
        # Friday 17:30 + 2 h: 30 min on Friday, 1 h 30 on Monday -> 10:30.
        self.assertEqual(self.cal.add_business(local(4, 17, 30), 2 * HOUR), local(7, 10, 30))
        # Monday 09:00 + 3 h ends at the lunch closing time, not at 13:00.
        self.assertEqual(self.cal.add_business(local(0, 9), 3 * HOUR), local(0, 12))
        # One second more runs into the afternoon.
        self.assertEqual(self.cal.add_business(local(0, 9), 3 * HOUR + 1), local(0, 13, 0, 1))
        # Adding 0 returns the start, even outside hours.
        self.assertEqual(self.cal.add_business(local(5, 3), 0), local(5, 3))
        # From Saturday, 1 s: Monday 09:00:01.
        self.assertEqual(self.cal.add_business(local(5, 3), 1), local(7, 9, 0, 1))
        # 40 h from Monday 09:00 is Friday 18:00 (the week's last closing).
        self.assertEqual(self.cal.add_business(local(0, 9), 40 * HOUR), local(4, 18))
        self.assertEqual(self.cal.add_business(local(0, 9), datetime.timedelta(hours=1)),
                         local(0, 10))

    def test_is_open(self):
        self.assertTrue(self.cal.is_open(local(0, 9)))  # at opening time
        self.assertTrue(self.cal.is_open(local(0, 11, 59, 59)))
        self.assertFalse(self.cal.is_open(local(0, 12)))  # at closing time
        self.assertFalse(self.cal.is_open(local(0, 8, 59, 59)))
        self.assertTrue(self.cal.is_open(local(0, 13)))
        self.assertFalse(self.cal.is_open(local(5, 10)))  # Saturday
        with csvc.Calendar() as always:
            self.assertTrue(always.is_open(local(5, 10)))

    def test_offset_shifts_the_hours(self):
        # The same hours at UTC+00:00 open 8 h later in absolute time.
        with csvc.Calendar(0) as utc_cal:
            utc_cal.add_hours("mon", "09:00", "18:00")
            monday_9_utc = calendar.timegm((2025, 3, 10, 9, 0, 0))
            self.assertTrue(utc_cal.is_open(monday_9_utc))
            self.assertFalse(utc_cal.is_open(monday_9_utc - 1))
        with csvc.Calendar(datetime.timedelta(hours=-5, minutes=-30)) as cal:
            self.assertEqual(cal.utc_offset, -19800)
            self.assertIn("UTC-05:30", repr(cal))

    def test_always_open_counts_elapsed_time(self):
        with csvc.Calendar(CST) as always:
            self.assertEqual(always.business_seconds(local(4, 17), local(7, 10)),
                             local(7, 10) - local(4, 17))
            self.assertEqual(always.add_business(local(5, 3), 100), local(5, 3) + 100)

    def test_random_intervals_match_brute_force(self):
        holidays = {datetime.date(2025, 3, 12)}
        rng = random.Random(20250310)
        with office(["2025-03-12"]) as cal:
            for _ in range(200):
                a = local(0, 0) + 60 * rng.randrange(0, 14 * 24 * 60)
                b = a + 60 * rng.randrange(0, 4 * 24 * 60)
                expected = brute_force_seconds(a, b, holidays)
                self.assertEqual(cal.business_seconds(a, b), expected, (a, b))
                # add_business inverts it: the instant `expected` business
                # seconds after a is at most b, and nothing is open between.
                u = cal.add_business(a, expected)
                self.assertLessEqual(u, b)
                self.assertEqual(brute_force_seconds(a, u, holidays), expected)


class InputFormsTest(CalendarCase):
    def test_days(self):
        with csvc.Calendar() as cal:
            for form in ("mon", "Tuesday", "WED", Weekday.THURSDAY, 4, b"sat", "sunday"):
                cal.add_hours(form, 600, 660)
            self.assertEqual(cal.week_seconds, 7 * HOUR)
        self.assertEqual(str(Weekday.FRIDAY), "friday")

    def test_times_of_day(self):
        with csvc.Calendar() as cal:
            cal.add_hours("mon", "0:00", "01:30")
            cal.add_hours("mon", datetime.time(2, 0), datetime.time(3, 0))
            cal.add_hours("mon", 23 * 60, "24:00")
            self.assertEqual(cal.week_seconds, 90 * 60 + HOUR + HOUR)

    def test_aware_datetimes(self):
        a = datetime.datetime(2025, 3, 10, 11, 0, tzinfo=TZ_CST)
        b = datetime.datetime(2025, 3, 10, 6, 0, tzinfo=datetime.timezone.utc)  # 14:00 +08
        self.assertEqual(self.cal.business_seconds(a, b), 2 * HOUR)
        self.assertTrue(self.cal.is_open(a))
        self.assertEqual(self.cal.add_business(a, 3600), local(0, 12))  # lunch closing
        # Fractions of a second are dropped towards the past.
        c = datetime.datetime(2025, 3, 10, 11, 0, 0, 999999, tzinfo=TZ_CST)
        self.assertEqual(self.cal.business_seconds(a, c), 0)

    def test_naive_datetime_is_refused(self):
        naive = datetime.datetime(2025, 3, 10, 11, 0)
        with self.assertRaises(ValueError) as cm:
            self.cal.is_open(naive)
        self.assertIn("naive", str(cm.exception))
        with self.assertRaises(ValueError):
            self.cal.business_seconds(local(0, 9), naive)

    def test_type_errors(self):
        calls = [lambda: self.cal.is_open(datetime.date(2025, 3, 10)),
                 lambda: self.cal.is_open(1.5), lambda: self.cal.is_open([2025]),
                 lambda: self.cal.add_hours("mon", 1.5, 600),
                 lambda: self.cal.add_holiday(datetime.datetime(2025, 3, 10)),
                 lambda: self.cal.add_holiday(20250310),
                 lambda: self.cal.add_business(local(0, 9), 1.5),
                 lambda: csvc.Calendar("+08:00"), lambda: self.cal.is_open(True)]
        for call in calls:
            with self.assertRaises(TypeError):
                call()


class ErrorTest(CalendarCase):
    def test_overlap(self):
        with self.assertRaises(csvc.ConstraintError) as cm:
            self.cal.add_hours("mon", "11:00", "14:00")
        self.assertIn("overlaps", cm.exception.message)
        self.assertIn("11:00-14:00", cm.exception.message)
        self.assertEqual(self.cal.week_seconds, 40 * HOUR)  # unchanged

    def test_adjacent_ranges_are_allowed(self):
        self.cal.add_hours("mon", "12:00", "13:00")
        self.assertEqual(self.cal.week_seconds, 41 * HOUR)

    def test_bad_ranges(self):
        cases = [("mon", "10:00", "10:00"), ("mon", "18:00", "09:00"), ("mon", -1, 60),
                 ("mon", 0, 1441), (7, 0, 60), (-1, 0, 60)]
        for day, start, end in cases:
            with self.assertRaises(csvc.RangeError, msg=(day, start, end)) as cm:
                self.cal.add_hours(day, start, end)
            self.assertIn("add_hours", cm.exception.message)
        self.assertEqual(self.cal.week_seconds, 40 * HOUR)

    def test_bad_input_text(self):
        with self.assertRaises(csvc.InvalidArgument) as cm:
            self.cal.add_hours("funday", "09:00", "10:00")
        self.assertIn("funday", cm.exception.message)
        for text in ("9", "09:60", "9h00", "09:00:00", " 09:00", ""):
            with self.assertRaises(csvc.ParseError, msg=text) as cm:
                self.cal.add_hours("sat", text, "23:00")
            self.assertIn("HH:MM", cm.exception.message)
        with self.assertRaises(ValueError):
            self.cal.add_hours("sat", datetime.time(9, 0, 30), "23:00")
        self.assertEqual(self.cal.week_seconds, 40 * HOUR)

    def test_holiday_errors(self):
        self.cal.add_holiday("2025-05-01")
        with self.assertRaises(csvc.AlreadyExists) as cm:
            self.cal.add_holiday(datetime.date(2025, 5, 1))
        self.assertIn("2025-05-01", cm.exception.message)
        with self.assertRaises(csvc.RangeError) as cm:
            self.cal.add_holiday((2025, 2, 29))
        self.assertIn("2025-02-29", cm.exception.message)
        with self.assertRaises(csvc.RangeError):
            self.cal.add_holiday((10000, 1, 1))
        with self.assertRaises(csvc.ParseError) as cm:
            self.cal.add_holiday("2025-02-29")
        self.assertIn("YYYY-MM-DD", cm.exception.message)

    def test_query_errors(self):
        with self.assertRaises(csvc.RangeError) as cm:
            self.cal.business_seconds(local(0, 14), local(0, 11))
        self.assertIn("negative duration", cm.exception.message)
        with self.assertRaises(csvc.RangeError) as cm:
            self.cal.add_business(local(0, 9), -1)
        self.assertIn("negative", cm.exception.message)
        year_10000 = 253402300800
        with self.assertRaises(csvc.RangeError) as cm:
            self.cal.is_open(year_10000)
        self.assertIn("1..9999", cm.exception.message)
        with self.assertRaises(csvc.RangeError):
            self.cal.business_seconds(0, year_10000)
        with self.assertRaises(csvc.RangeError) as cm:
            self.cal.add_business(year_10000 - DAY, 40 * HOUR)  # a day holds 8 h at most
        self.assertIn("beyond year 9999", cm.exception.message)
        with self.assertRaises(csvc.RangeError):
            self.cal.is_open(1 << 63)  # does not fit in int64_t

    def test_query_errors_report_their_own_message(self):
        # A failed add_hours leaves a message in the calendar; a later
        # failed query must not report it (queries use csvc_last_errmsg).
        with self.assertRaises(csvc.ConstraintError):
            self.cal.add_hours("mon", "10:00", "11:00")
        with self.assertRaises(csvc.RangeError) as cm:
            self.cal.business_seconds(local(0, 14), local(0, 11))
        self.assertNotIn("overlaps", cm.exception.message)
        self.assertIn("business_seconds", cm.exception.message)

    def test_offset_range(self):
        with self.assertRaises(csvc.RangeError) as cm:
            csvc.Calendar(18 * HOUR + 1)
        self.assertIn("offset", cm.exception.message)
        with csvc.Calendar(-18 * HOUR) as cal:
            self.assertEqual(cal.utc_offset, -18 * HOUR)


class LifetimeTest(unittest.TestCase):
    def test_close(self):
        cal = office()
        cal.close()
        cal.close()
        self.assertTrue(cal.closed)
        self.assertEqual(repr(cal), "<csvc.Calendar closed>")
        calls = [lambda: cal.week_seconds, lambda: cal.add_hours("sat", 0, 60),
                 lambda: cal.is_open(0), lambda: cal.business_seconds(0, 1),
                 lambda: cal.add_holiday("2025-01-01"), lambda: cal.copy()]
        for call in calls:
            with self.assertRaises(csvc.ClosedError) as cm:
                call()
            self.assertIn("closed", str(cm.exception))

    def test_context_manager(self):
        with csvc.Calendar(CST) as cal:
            self.assertEqual(repr(cal), "<csvc.Calendar UTC+08:00, 604800 business seconds "
                                        "a week>")
        self.assertTrue(cal.closed)
        with self.assertRaises(csvc.ClosedError):
            with cal:
                pass

    def test_finalizer(self):
        cal = office()
        finalizer = cal._finalizer
        del cal
        gc.collect()
        self.assertFalse(finalizer.alive)

    def test_copy_is_independent(self):
        with office() as cal:
            copy = cal.copy()
            self.addCleanup(copy.close)
            cal.add_hours("sat", "10:00", "12:00")
            self.assertEqual(cal.week_seconds, 42 * HOUR)
            self.assertEqual(copy.week_seconds, 40 * HOUR)
            self.assertEqual(copy.utc_offset, CST)
            self.assertEqual(copy.business_seconds(local(4, 17), local(7, 10)), 2 * HOUR)
        self.assertFalse(copy.closed)  # outlives the original

    def test_threads_share_one_calendar(self):
        with office() as cal:
            failures = []

            def worker():
                try:
                    for _ in range(300):
                        if cal.business_seconds(local(4, 17), local(7, 10)) != 2 * HOUR:
                            failures.append("wrong")
                except Exception as exc:  # pragma: no cover - reported below
                    failures.append(exc)

            threads = [threading.Thread(target=worker) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(failures, [])


if __name__ == "__main__":
    unittest.main()
