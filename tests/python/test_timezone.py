"""Tests of IANA time zones: csvc.TimeZone, Calendar(time_zone=), month()
and friends with time_zone=, and time_zone= on the importers.

The reference is Python's own zoneinfo over the same system tzdata (an
independent reader of the same files), and for business time a plain
minute-by-minute walk of the wall clock.
"""

import calendar
import datetime
import random
import unittest
import zoneinfo

import csvc

HOUR = 3600
ZONES = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Europe/Dublin",
         "America/Sao_Paulo", "Asia/Shanghai", "Pacific/Chatham", "America/St_Johns",
         "Africa/Casablanca", "Asia/Tehran", "America/Santiago", "Europe/London"]
UTC = datetime.timezone.utc


def utc(*fields):
    fields = tuple(fields) + (0,) * (6 - len(fields))
    return calendar.timegm(fields)


def zi_offset(zone, t):
    return int(datetime.datetime.fromtimestamp(t, UTC).astimezone(zone).utcoffset()
               .total_seconds())


class OffsetsAgainstZoneinfo(unittest.TestCase):
    def test_random_instants_1900_to_2400(self):
        rng = random.Random(5)
        for name in ZONES:
            tz, ref = csvc.TimeZone(name), zoneinfo.ZoneInfo(name)
            for _ in range(1500):
                t = rng.randint(utc(1900, 1, 1), utc(2400, 1, 1))
                self.assertEqual(tz.offset_at(t), zi_offset(ref, t), (name, t))

    def test_every_transition_2020_to_2030(self):
        # Each second around each change: found by scanning hourly with zoneinfo.
        for name in ZONES:
            tz, ref = csvc.TimeZone(name), zoneinfo.ZoneInfo(name)
            t = utc(2020, 1, 1)
            while t < utc(2030, 1, 1):
                if zi_offset(ref, t) != zi_offset(ref, t + HOUR):
                    lo, hi = t, t + HOUR  # the change lies in (lo, hi]
                    while hi - lo > 1:
                        mid = (lo + hi) // 2
                        same = zi_offset(ref, mid) == zi_offset(ref, lo)
                        lo, hi = (mid, hi) if same else (lo, mid)
                    for u in (hi - 1, hi, hi + 1):
                        self.assertEqual(tz.offset_at(u), zi_offset(ref, u), (name, u))
                t += HOUR

    def test_wall_times_match_fold_0(self):
        rng = random.Random(9)
        for name in ZONES:
            tz, ref = csvc.TimeZone(name), zoneinfo.ZoneInfo(name)
            for _ in range(400):
                wall = datetime.datetime(2024, 1, 1) + datetime.timedelta(
                    minutes=rng.randrange(3 * 366 * 1440))
                expect = int(wall.replace(tzinfo=ref).timestamp())  # fold=0
                self.assertEqual(tz.from_naive(wall), expect, (name, wall))

    def test_skipped_and_repeated_hours(self):
        tz = csvc.TimeZone("Europe/Berlin")
        # 2025-03-30 02:30 does not exist: 03:30 CEST = 01:30Z.
        self.assertEqual(tz.local_time(2025, 3, 30, 2, 30), utc(2025, 3, 30, 1, 30))
        # 2025-10-26 02:30 happens twice: the first, CEST = 00:30Z.
        self.assertEqual(tz.local_time(2025, 10, 26, 2, 30), utc(2025, 10, 26, 0, 30))


class PeriodsInAZone(unittest.TestCase):
    def test_months_match_zoneinfo_midnights(self):
        ref = zoneinfo.ZoneInfo("America/New_York")
        tz = csvc.TimeZone("America/New_York")
        for year in (1999, 2025, 2038, 2150):
            for month in range(1, 13):
                start = int(datetime.datetime(year, month, 1, tzinfo=ref).timestamp())
                ny, nm = (year + 1, 1) if month == 12 else (year, month + 1)
                end = int(datetime.datetime(ny, nm, 1, tzinfo=ref).timestamp())
                self.assertEqual(tuple(csvc.of_month(year, month, time_zone=tz)), (start, end))
                self.assertEqual(tuple(csvc.month(end - 1, time_zone="America/New_York")),
                                 (start, end))
        q = csvc.of_quarter(2025, 4, time_zone=tz)
        self.assertEqual(q.start, utc(2025, 10, 1, 4))
        self.assertEqual(csvc.quarter(q.start, time_zone=tz), q)


def walk(cal_hours, ref, a, b):
    """Business seconds in [a, b): minutes whose wall clock is in a range."""
    total = 0
    for m in range(a, b, 60):
        wall = datetime.datetime.fromtimestamp(m, UTC).astimezone(ref)
        minute = wall.weekday() * 1440 + wall.hour * 60 + wall.minute
        total += 60 * any(s <= minute < e for s, e in cal_hours)
    return total


class ZonedCalendars(unittest.TestCase):
    def test_business_time_against_a_walk(self):
        rng = random.Random(3)
        for name in ("Europe/Berlin", "America/New_York", "Australia/Sydney"):
            ref = zoneinfo.ZoneInfo(name)
            cal = csvc.Calendar(time_zone=name)
            hours = []
            for day in range(7):
                cal.add_hours(day, "01:00", "03:30")
                cal.add_hours(day, "09:00", "18:00")
                hours += [(day * 1440 + 60, day * 1440 + 210),
                          (day * 1440 + 540, day * 1440 + 1080)]
            self.assertEqual(cal.time_zone, name)
            for change in (utc(2025, 3, 30, 1), utc(2025, 10, 26, 1), utc(2025, 3, 9, 7),
                           utc(2025, 11, 2, 6), utc(2025, 4, 5, 16), utc(2025, 10, 4, 16)):
                for _ in range(8):
                    a = change - 36 * HOUR + 60 * rng.randrange(36 * 60)
                    b = a + 60 * rng.randrange(48 * 60)
                    self.assertEqual(cal.business_seconds(a, b), walk(hours, ref, a, b),
                                     (name, a, b))

    def test_a_copy_keeps_the_zone(self):
        cal = csvc.Calendar(time_zone="Europe/Berlin")
        cal.add_hours("sun", "00:00", "06:00")
        copy = cal.copy()
        self.assertEqual(copy.time_zone, "Europe/Berlin")
        self.assertEqual(copy.business_seconds(utc(2025, 10, 25, 22), utc(2025, 10, 26, 23)),
                         7 * HOUR)
        self.assertEqual(cal.utc_offset, HOUR)
        self.assertEqual(cal.offset_at(utc(2025, 7, 1)), 2 * HOUR)
        self.assertIn("Europe/Berlin", repr(cal))
        self.assertIsNone(csvc.Calendar(3600).time_zone)


class ImportsInAZone(unittest.TestCase):
    CSV = ("ticket_id,type,time,team_id\n"
           "T1,created,2025-03-30 01:30:00,EU\n"
           "T2,created,2025-03-30 03:30:00,EU\n")

    def setUp(self):
        self.roster = csvc.Roster()
        self.roster.add_team("EU")

    def test_told_and_from_the_team_calendar(self):
        desk = csvc.Desk(self.roster)
        desk.import_events_csv_text(self.CSV, time_zone="Europe/Berlin")
        self.assertEqual(desk.ticket("T1").created, utc(2025, 3, 30, 0, 30))
        self.assertEqual(desk.ticket("T2").created, utc(2025, 3, 30, 1, 30))
        auto = csvc.Desk(self.roster)
        auto.set_calendar(csvc.Calendar(time_zone=csvc.TimeZone("Europe/Berlin")), team="EU")
        auto.import_events_csv_text(self.CSV)
        self.assertEqual(auto.ticket("T2").created, utc(2025, 3, 30, 1, 30))

    def test_a_bad_zone_imports_nothing(self):
        desk = csvc.Desk(self.roster)
        with self.assertRaises(csvc.NotFound) as cm:
            desk.import_events_csv_text(self.CSV, time_zone="Europe/Atlantis")
        self.assertIn("Europe/Atlantis", str(cm.exception))
        self.assertEqual(desk.ticket_count, 0)


class BadZones(unittest.TestCase):
    def test_names_and_types(self):
        with self.assertRaises(csvc.NotFound):
            csvc.TimeZone("Nowhere/City")
        for bad in ("", "../etc/passwd", "/etc/localtime", "Europe/Ber lin"):
            with self.assertRaises(csvc.InvalidArgument):
                csvc.TimeZone(bad)
        with self.assertRaises(csvc.InvalidArgument):
            csvc.Calendar(time_zone="a/../b")
        with self.assertRaises(TypeError):
            csvc.month(0, time_zone=3600)
        tz = csvc.TimeZone("UTC")
        with self.assertRaises(csvc.RangeError):
            tz.local_time(2025, 2, 29)
        with self.assertRaises(ValueError):
            tz.local_time(2025, 3, 1, 24)
        with self.assertRaises(ValueError):
            tz.from_naive(datetime.datetime(2025, 1, 1, tzinfo=UTC))
        tz.close()
        with self.assertRaises(csvc.ClosedError):
            tz.offset_at(0)


if __name__ == "__main__":
    unittest.main()
