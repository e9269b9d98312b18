"""The csvc program on the sample month: its numbers against the bindings
and against a hand computation, re-import changing nothing, and its
errors (a file, line and reason, a non-zero exit, nothing written)."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

import csvc

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI = os.environ.get("CSVC_CLI")
SHANGHAI = 8 * 3600


@unittest.skipUnless(CLI, "CSVC_CLI (the csvc program) not given")
class CliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.data = os.path.join(cls.tmp.name, "month")
        subprocess.run([sys.executable, os.path.join(REPO, "examples", "data", "month",
                                                     "generate.py"), cls.data],
                       check=True, stdout=subprocess.DEVNULL)
        cls.db = os.path.join(cls.tmp.name, "review.db")
        cls.json = os.path.join(cls.tmp.name, "review.json")
        cls.first = cls.run_cli("review", "--data", cls.data, "--db", cls.db, "--month",
                                "2025-11", "--json", cls.json)
        with open(cls.json, encoding="utf-8") as f:
            cls.review = json.load(f)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @staticmethod
    def run_cli(*args):
        return subprocess.run([CLI] + list(args), capture_output=True, text=True)

    def scope(self, team):
        return next(s for s in self.review["scopes"] if s["team"] == team)

    def target(self, team, target_id):
        return next(t for t in self.scope(team)["targets"] if t["id"] == target_id)

    def test_review_prints_the_sections(self):
        self.assertEqual(self.first.returncode, 0, self.first.stderr)
        out = self.first.stdout
        for text in ("Month-end review 2025-11", "Targets, against the previous month",
                     "Service metrics per team", "KPI scorecards, by grade",
                     "Returns and exchanges 退换货"):
            self.assertIn(text, out)

    def test_numbers_equal_the_bindings(self):
        with csvc.Roster() as roster, csvc.Desk(roster) as desk:
            roster.import_csv(os.path.join(self.data, "roster.csv"))
            desk.load_config_json(os.path.join(self.data, "desk_config.json"))
            desk.import_events_csv(os.path.join(self.data, "tickets_events.csv"))
            november = csvc.of_month(2025, 11, SHANGHAI)
            desk_metrics = desk.metrics(november)
            self.assertEqual(self.scope(None)["metrics"]["handled"], desk_metrics.handled)
            ret = desk.metrics(november, "RET")
            self.assertEqual(self.scope("RET")["metrics"]["sla_compliance"], ret.sla_compliance)
            self.assertEqual(self.target("RET", "sla_compliance")["value"], ret.sla_compliance)
            self.assertEqual(self.target(None, "csat")["value"], desk_metrics.csat)
            live = desk.metrics(november, channels=("chat", "phone"))
            self.assertEqual(self.target(None, "first_response_live")["value"],
                             live.first_response_mean)
            model = csvc.KpiModel.from_json(os.path.join(self.data, "kpi_model.json"))
            with csvc.Review(roster, model, november, "2025-11") as review:
                review.import_ratings_csv(os.path.join(self.data, "ratings.csv"))
                review.load_desk(desk)
                computed = review.compute()
                results = {r.agent: r for r in computed}
                with csvc.incentive.Plan.load(os.path.join(self.data,
                                                           "incentive_plan.json")) as plan:
                    inputs = csvc.incentive.Inputs.from_engines(roster, november,
                                                                results=computed, desk=desk)
                    statements = csvc.incentive.evaluate(plan, inputs, november)
            for agent in self.review["agents"]:
                # Agents who left before the month's end take no part in its review.
                expected = results[agent["id"]].composite if agent["id"] in results else None
                if expected is None:
                    self.assertIsNone(agent["composite"])
                else:
                    self.assertAlmostEqual(agent["composite"], expected, places=12)
            incentives = self.review["incentives"]
            self.assertEqual(incentives["total"], "%.2f" % (statements.total / 100))
            self.assertEqual(incentives["teams"]["RET"],
                             "%.2f" % (statements.team_total("RET") / 100))
            self.assertEqual(sum(round(float(v) * 100) for v in incentives["teams"].values()),
                             statements.total)  # every agent is in one team
            self.assertLessEqual(float(incentives["total"]), float(incentives["budget"]))

    def test_staffing_equals_the_bindings(self):
        # RET: the four weeks Monday 2025-11-03 .. 12-01 (local), 6 min AHT,
        # 80 % within 20 s, 30 % shrinkage, against its two shifts.
        start = csvc.date_make(2025, 11, 3, SHANGHAI)
        with csvc.Roster() as roster, csvc.Desk(roster) as desk, \
                csvc.Plan(3600, service_level=0.8, target_seconds=20, shrinkage=0.3) as plan:
            roster.import_csv(os.path.join(self.data, "roster.csv"))
            desk.load_config_json(os.path.join(self.data, "desk_config.json"))
            desk.import_events_csv(os.path.join(self.data, "tickets_events.csv"))
            plan.forecast(desk, start, start + 28 * 86400, utc_offset=SHANGHAI, team="RET",
                          aht=360.0)
            plan.add_shift(("mon", "tue", "wed", "thu", "fri"), "09:00", 540, 6)
            plan.add_shift("sat", "10:00", 360, 2)
            summary = plan.summary()
        staffing = self.scope("RET")["staffing"]
        self.assertAlmostEqual(staffing["arrivals"], summary.arrivals, places=9)
        self.assertEqual(staffing["required_hours"], summary.required_hours)
        self.assertEqual(staffing["staffed_hours"], summary.staffed_hours)
        self.assertEqual(staffing["shortfall_hours"], summary.shortfall_hours)
        self.assertEqual(staffing["staffed_hours"], 5 * 9 * 6 + 6 * 2)

    def test_attrition_by_hand(self):
        # RET in November (local month, 2025-10-31T16:00Z .. 11-30T16:00Z):
        # seven people all month, A205 until 11-15 00:00Z (14 d 8 h) and
        # A108 from 11-10 00:00Z (20 d 16 h): 7 + 35/30 heads; one left.
        expected = 1 / (7 + 35 / 30)
        self.assertAlmostEqual(self.target("RET", "attrition")["value"], expected, places=12)
        self.assertEqual(self.target("RET", "attrition")["status"], "missed")  # above 10 %
        self.assertEqual(self.target("PRE", "attrition")["value"], 0.0)

    def test_training_coverage_by_hand(self):
        # At the end of November 40 people are active (42 less A205 and
        # A504). The generator leaves five of them short, one each:
        # A102 (PRE), A108 (RET, hired on 10 November), A303 and A306 (CMP)
        # and A401 (TEC): 35 of 40 covered, CMP 6 of 8, LOG 7 of 7.
        training = self.review["training"]
        self.assertEqual((training["covered"], training["active"]), (35, 40))
        self.assertEqual(self.target(None, "training_coverage")["value"], 35 / 40)
        self.assertEqual(self.target("CMP", "training_coverage")["value"], 6 / 8)
        self.assertEqual(self.target("LOG", "training_coverage")["status"], "met")
        self.assertEqual(sorted({(g["agent"], g["course"]) for g in training["gaps"]}),
                         [("A102", "ADV"), ("A108", "BLEND2"), ("A108", "REVIEW"),
                          ("A303", "LAW"), ("A306", "REVIEW"), ("A401", "CAREER")])
        # A502's platform rules, renewed on 2024-12-10, end within 30 days.
        self.assertIn(("A502", "RULES"), {(e["agent"], e["course"]) for e in training["expiring"]})
        self.assertIn("Training at the end of the month: 6 requirements not met",
                      self.first.stdout)

    def test_complaint_target_compares_the_months(self):
        t = self.target("CMP", "complaint_rate")
        scope = self.scope("CMP")
        ratio = scope["metrics"]["complaint_rate"] / scope["previous"]["complaint_rate"]
        self.assertAlmostEqual(t["value"], ratio, places=12)
        self.assertEqual(t["status"], "met" if ratio <= 0.8 else "missed")

    def test_import_again_changes_nothing(self):
        def counts():
            with sqlite3.connect(self.db) as db:
                return [db.execute("SELECT COUNT(*) FROM %s" % table).fetchone()[0]
                        for table in ("events", "agents", "teams", "desk_config", "training")]
        before = counts()
        again = self.run_cli("import", "--data", self.data, "--db", self.db)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("0 events new, 0 training records new", again.stdout)
        self.assertEqual(counts(), before)
        verify = self.run_cli("verify", "--db", self.db)
        self.assertEqual(verify.returncode, 0, verify.stderr)
        self.assertIn("the chain holds", verify.stdout)

    def test_errors_name_the_cause_and_write_nothing(self):
        fresh = os.path.join(self.tmp.name, "fresh.db")
        missing = self.run_cli("review", "--data", "/nonexistent", "--db", fresh)
        self.assertEqual(missing.returncode, 1)
        self.assertIn("/nonexistent: no such directory", missing.stderr)
        bad = os.path.join(self.tmp.name, "bad")
        shutil.copytree(self.data, bad)
        with open(os.path.join(bad, "roster.csv"), "a", encoding="utf-8") as f:
            f.write("X1,Nobody,RET,,wizard,2024-01-01,,,1,0,CNY,,,,,\n")
        broken = self.run_cli("import", "--data", bad, "--db", fresh)
        self.assertEqual(broken.returncode, 1)
        self.assertIn("roster.csv: line 44, column 5 (level)", broken.stderr)
        self.assertFalse(os.path.exists(fresh))  # read first, nothing written
        shutil.copyfile(os.path.join(self.data, "roster.csv"), os.path.join(bad, "roster.csv"))
        with open(os.path.join(bad, "shifts.csv"), "a", encoding="utf-8") as f:
            f.write("RET,late,mon-xyz,13:00,540,2\n")
        shifts = self.run_cli("review", "--data", bad, "--db", fresh)
        self.assertEqual(shifts.returncode, 1)
        self.assertIn("shifts.csv: line 12", shifts.stderr)
        self.assertFalse(os.path.exists(fresh))
        shutil.copyfile(os.path.join(self.data, "shifts.csv"), os.path.join(bad, "shifts.csv"))
        with open(os.path.join(bad, "training_records.csv"), "a", encoding="utf-8") as f:
            f.write("A101,LAW,2025-11-31T10:00,,90,5\n")
        records = self.run_cli("import", "--data", bad, "--db", fresh)
        self.assertEqual(records.returncode, 1)
        self.assertIn("training_records.csv", records.stderr)
        self.assertIn("column 3 (time): '2025-11-31T10:00' is not a time", records.stderr)
        self.assertFalse(os.path.exists(fresh))
        unknown = self.run_cli("review", "--data", self.data, "--db", self.db, "--month",
                               "2024-01")
        self.assertEqual(unknown.returncode, 1)
        self.assertIn("no tickets handled in 2024-01", unknown.stderr)
        usage = self.run_cli("review", "--month", "2025-13")
        self.assertEqual(usage.returncode, 2)
        self.assertIn("--month '2025-13' is not a month", usage.stderr)
        self.assertEqual(self.run_cli("frobnicate").returncode, 2)


if __name__ == "__main__":
    unittest.main()
