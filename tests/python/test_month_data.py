"""The sample month (examples/data/month): its generator writes the same
bytes on every run, the committed files are its output, and everything it
writes imports into the library: about 20,000 tickets a month, a KPI
review over the November 360."""

import os
import subprocess
import sys
import tempfile
import unittest

import csvc

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MONTH = os.path.join(REPO, "examples", "data", "month")
COMMITTED = ("roster.csv", "ratings.csv", "shifts.csv", "desk_config.json", "kpi_model.json",
             "incentive_plan.json", "training_courses.csv", "training_requirements.json",
             "training_records.csv")
SHANGHAI = 8 * 3600


class MonthDataTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = cls.tmp.name
        subprocess.run([sys.executable, os.path.join(MONTH, "generate.py"), cls.out],
                       check=True, stdout=subprocess.DEVNULL)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def read(self, directory, name):
        with open(os.path.join(directory, name), "rb") as f:
            return f.read()

    def test_committed_files_are_the_generators_output(self):
        for name in COMMITTED:
            with self.subTest(name=name):
                self.assertEqual(self.read(MONTH, name), self.read(self.out, name))

    def test_everything_imports(self):
        with csvc.Roster() as roster, csvc.Desk(roster) as desk:
            roster.import_csv(os.path.join(self.out, "roster.csv"))
            self.assertEqual(len(roster), 42)
            employment = {}
            for agent in roster:
                employment[agent.employment] = employment.get(agent.employment, 0) + 1
            self.assertEqual(employment[csvc.Employment.PART_TIME], 2)
            self.assertEqual(employment[csvc.Employment.TEMPORARY], 1)
            desk.load_config_json(os.path.join(self.out, "desk_config.json"))
            desk.import_events_csv(os.path.join(self.out, "tickets_events.csv"))
            # Tickets created per month, counted from the file itself.
            created = {10: 0, 11: 0}
            with open(os.path.join(self.out, "tickets_events.csv"), encoding="utf-8") as f:
                for line in f:
                    fields = line.split(",", 3)
                    if fields[1] == "created":
                        created[int(fields[2][5:7])] += 1
            self.assertEqual(len(desk), created[10] + created[11])
            for month in (10, 11):
                self.assertTrue(18000 <= created[month] <= 21000, created)
            november = csvc.of_month(2025, 11, SHANGHAI)
            metrics = desk.metrics(november)
            self.assertTrue(0.5 < metrics.sla_compliance < 1.0)
            self.assertTrue(0.6 < metrics.csat < 0.95)
            self.assertGreater(metrics.complaints, 0)
            self.assertGreater(metrics.reopened, 0)
            attrition = roster.attrition(november)
            # A205 resigned on 11-15, A504 transferred out from 11-01.
            self.assertEqual(attrition.separations, 2)
            self.assertEqual(attrition.by_reason[csvc.SeparationReason.RESIGNED], 1)
            self.assertEqual(attrition.by_reason[csvc.SeparationReason.TRANSFERRED_OUT], 1)
            model = csvc.KpiModel.from_json(os.path.join(self.out, "kpi_model.json"))
            with csvc.Review(roster, model, november, "2025-11") as review:
                review.import_ratings_csv(os.path.join(self.out, "ratings.csv"))
                review.load_desk(desk)
                results = review.compute()
                scored = [r for r in results if r.composite is not None]
                self.assertGreaterEqual(len(scored), 30)
                self.assertGreater(len({r.grade for r in scored}), 2)  # a spread of grades


if __name__ == "__main__":
    unittest.main()
