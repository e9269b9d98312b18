"""Tests of csvc.training: a small team's catalogue, requirements,
completions, status, coverage and reminders, with dates worked out by hand
(UTC offset +08:00)."""

import json
import os
import unittest

import csvc
from csvc import training

OFFSET = 8 * 3600
DAY = 86400


def local(y, m, d, h=0):
    return csvc.date_make(y, m, d) + h * 3600 - OFFSET


COURSES = """id,title,kind,delivery,minutes,passing_score,validity_months,dimensions,prerequisites
ONB,Onboarding (入职培训),onboarding,internal,480,60,,skill,
LAW,Consumer law,compliance,online,90,80,12,quality,ONB
"""


def team():
    roster = csvc.Roster()
    roster.add_team("RET", "Returns")
    roster.add_agent("A1", "Ana", "RET", level="junior", hire_date="2025-01-31")
    roster.add_agent("A2", "Bo", "RET", level="senior", hire_date="2023-03-01")
    return roster


class TrainingTest(unittest.TestCase):
    def setUp(self):
        self.roster = team()
        self.plan = training.Training(self.roster, utc_offset=OFFSET)
        self.plan.import_courses_csv_text(COURSES)
        self.plan.add_requirement("onboarding", "ONB", trigger="hire", due_days=30,
                                  level="junior")
        self.plan.add_requirement("law", "LAW")

    def test_status_coverage_and_report(self):
        p = self.plan
        p.complete("A1", "ONB", local(2025, 2, 10, 9), post=75, satisfaction=5)
        p.complete("A1", "LAW", local(2025, 1, 31 + 0, 10) + 30 * DAY, post=90)  # 2 March
        p.complete("A2", "ONB", local(2023, 3, 5, 9), post=60)
        # A1's law certificate: 2 March 2025 10:00 local + 12 months.
        st = p.status("A1", "law", local(2025, 6, 1))
        self.assertEqual(st.state, "current")
        self.assertEqual(st.valid_until, local(2026, 3, 2, 10))
        # 90 days before 2 March 2026 is 2 December 2025.
        self.assertEqual(p.status("A1", "law", local(2025, 12, 2, 10)).horizon, 90)
        # A2 never took LAW: due 30 days after the later of start (0) and hire.
        st = p.status("A2", "law", local(2025, 6, 1))
        self.assertEqual((st.state, st.due), ("overdue", csvc.date_make(2023, 3, 31)))
        self.assertEqual(p.coverage(local(2025, 6, 1)), (1, 2))
        report = p.report(local(2025, 6, 1))
        self.assertEqual(len(report), 3)  # A1: onboarding + law; A2 (senior): law
        self.assertEqual(report.count("overdue"), 1)
        self.assertEqual(report.coverage("RET"), (1, 2))
        doc = json.loads(report.to_json())
        self.assertEqual(doc["coverage"]["teams"]["RET"], {"covered": 1, "active": 2, "rate": 0.5})
        self.assertEqual(doc["items"][2]["due"], "2023-03-31T08:00:00+08:00")
        overdue = p.status_csv(local(2025, 6, 1), states=["overdue"]).splitlines()
        self.assertEqual(overdue[1].split(",")[:5], ["A2", "RET", "law", "LAW", "overdue"])
        reminder = p.reminders_csv(local(2025, 12, 2, 12)).splitlines()
        self.assertEqual(reminder[1], "A1,law,LAW,90,2026-03-02T10:00:00+08:00")

    def test_prerequisites_and_bad_input(self):
        p = self.plan
        with self.assertRaises(csvc.ConstraintError) as cm:
            p.complete("A2", "LAW", local(2025, 1, 1), post=90)
        self.assertIn("prerequisite 'ONB'", str(cm.exception))
        with self.assertRaises(csvc.RangeError):
            p.complete("A2", "ONB", local(2025, 1, 1), post=101)
        with self.assertRaises(csvc.NotFound):
            p.complete("Z9", "ONB", local(2025, 1, 1))
        with self.assertRaises(csvc.InvalidArgument) as cm:
            p.import_courses_csv_text("id,title,kind,delivery,minutes,passing_score,"
                                      "prerequisites\nX,x,advanced,online,60,60,Y\n"
                                      "Y,y,advanced,online,60,60,X\n")
        self.assertIn("cycle", str(cm.exception))
        self.assertEqual(p.course_count, 2)
        with self.assertRaises(ValueError):
            p.add_requirement("r", "ONB", recurrence="weekly")

    def test_sessions_effect_transcript_and_requirements_json(self):
        p = self.plan
        p.complete("A2", "ONB", local(2023, 3, 5, 9), post=60)
        p.add_session("S1", "LAW", local(2025, 5, 6, 9), trainer="Liu Yang", capacity=1)
        with self.assertRaises(csvc.ConstraintError):
            p.enrol("S1", "A1")  # ONB (the prerequisite) not passed
        p.enrol("S1", "A2")
        p.complete("A1", "ONB", local(2025, 2, 10, 9), post=90)
        with self.assertRaises(csvc.ConstraintError) as cm:
            p.enrol("S1", "A1")
        self.assertIn("full (1 of 1", str(cm.exception))
        # A2: 50 -> 90, rating 4.
        p.record_session("S1", "A2", local(2025, 5, 6, 17), pre=50, post=90, satisfaction=4)
        e = p.session_effect("S1")
        self.assertEqual((e.enrolled, e.attended, e.passed), (1, 1, 1))
        self.assertEqual((e.satisfaction, e.gain), (4.0, 40.0))
        self.assertEqual(p.course_effect("LAW").completions, 1)
        rows = p.transcript_csv("A2").splitlines()
        self.assertEqual(rows[2].split(",")[:5],
                         ["A2", "LAW", "Consumer law", "2025-05-06T17:00:00+08:00", "S1"])
        self.assertEqual(p.hours("A2"), (480 + 90) / 60)
        self.assertEqual([(r["course_id"], r["session_id"], r["passed"]) for r in p.transcript("A2")],
                         [("ONB", None, True), ("LAW", "S1", True)])
        p.load_requirements_json_text('{"requirements": [{"id": "yearly", "course": "LAW", '
                                      '"recurrence": {"anchored": {"month": 1, "day": 1}}}]}')
        self.assertEqual(p.status("A2", "yearly", local(2025, 6, 1)).valid_until,
                         local(2026, 1, 1))
        with self.assertRaises(csvc.ParseError) as cm:
            p.load_requirements_json_text('{"requirements": [{"id": "x"}]}')
        self.assertIn("requirements[0].course", str(cm.exception))
        self.assertIn("A2,RET,law", p.expiring_csv(local(2026, 4, 10, 0), 30))
        eligible, reasons = p.promotion("A1", local(2025, 6, 1))
        self.assertFalse(eligible)
        self.assertEqual(reasons, ["requirement 'law' (course 'LAW') is overdue",
                                   "requirement 'yearly' (course 'LAW') is overdue"])

    def test_records_csv(self):
        # Out of time order on the file; a naive time is at +08:00.
        records = ("agent_id,course_id,time,pre,post,satisfaction\n"
                   "A1,LAW,2025-03-01T10:00,20,85,5\n"
                   "A1,ONB,2025-02-10T09:00,,70,\n")
        self.assertEqual(self.plan.import_records_csv_text(records), 2)
        self.assertEqual(self.plan.import_records_csv_text(records), 0)  # already recorded
        self.assertEqual(self.plan.completion_count, 2)
        self.assertEqual([(r["course_id"], r["time"], r["pre"], r["passed"])
                          for r in self.plan.transcript("A1")],
                         [("ONB", "2025-02-10T09:00:00+08:00", None, True),
                          ("LAW", "2025-03-01T10:00:00+08:00", 20, True)])
        with self.assertRaises(csvc.NotFound) as cm:
            self.plan.import_records_csv_text("agent_id,course_id,time\nA1,ONB,2025-05-01\n"
                                              "A9,ONB,2025-05-01\n")
        self.assertIn("line 3, column 1 (agent_id): 'A9' is not in the roster",
                      str(cm.exception))
        self.assertEqual(self.plan.completion_count, 2)
        with self.assertRaises(FileNotFoundError):
            self.plan.import_records_csv("/nonexistent/records.csv")

    def test_kept_in_a_store(self):
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "desk.db")
            with csvc.Store(path) as store:
                roster = team()
                store.attach(roster)
                plan = training.Training(roster, utc_offset=OFFSET)
                store.attach(training=plan)
                plan.import_courses_csv_text(COURSES)
                plan.add_requirement("law", "LAW")
                plan.complete("A2", "ONB", local(2023, 3, 5, 9), post=60)
                plan.complete("A2", "LAW", local(2025, 3, 5, 9), post=95)
                before = plan.status_csv(local(2025, 6, 1))
            with csvc.Store(path) as store:
                roster = csvc.Roster()
                store.attach(roster)
                again = training.Training(roster, utc_offset=OFFSET)
                store.attach(training=again)
                self.assertEqual(again.status_csv(local(2025, 6, 1)), before)
                self.assertEqual(again.course_count, 2)

    def test_to_pandas(self):
        try:
            import pandas  # noqa: F401
        except ImportError:
            self.skipTest("pandas is not installed")
        frame = self.plan.report(local(2025, 6, 1)).to_pandas()
        self.assertEqual(list(frame.index.names), ["agent_id", "requirement_id"])
        self.assertEqual(frame.loc[("A2", "law"), "state"], "overdue")


if __name__ == "__main__":
    unittest.main()
