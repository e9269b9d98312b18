"""Tests of csvc.incentive: plans from JSON, inputs, statements, exports, a
plan diff and errors. Expected amounts are worked out by hand in the
comments; money is int fen (CNY minor units)."""

import json
import os
import tempfile
import unittest

import csvc
from csvc import incentive

OCTOBER = csvc.of_month(2025, 10)
HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE_PLAN = os.path.join(HERE, "..", "..", "examples", "data", "incentive_plan.json")


def plan_json(rules, **top):
    doc = {"id": "P", "version": 1, "currency": "CNY",
           "effective": {"from": "2025-01-01", "to": "2025-12-31"}, "rules": rules}
    doc.update(top)
    return json.dumps(doc)


STAR = {"id": "star", "kind": "tiered", "metric": "composite", "mode": "step",
        "tiers": [{"lower": 60, "upper": 75, "amount": "200.00"},
                  {"lower": 75, "upper": 90, "bp_of_base": 500},
                  {"lower": 90, "amount": "800.00"}]}
PER_TICKET = {"id": "per_ticket", "kind": "commission", "rate": "1.00",
              "accelerators": [{"above": 300, "rate": "1.50"}]}


def two_agents():
    inputs = incentive.Inputs()
    inputs.add_agent("A1", "T", 800000)
    inputs.add_agent("A2", "T", 500000)
    inputs.set("A1", "composite", 80)
    inputs.set("A2", "composite", 90)
    inputs.set("A1", "resolved", 310)
    return inputs


class Statements(unittest.TestCase):
    def test_amounts_lines_and_totals(self):
        plan = incentive.Plan.from_json(plan_json([STAR, PER_TICKET]))
        self.assertEqual((plan.id, plan.version, plan.currency, plan.rule_count),
                         ("P", 1, "CNY", 2))
        self.assertEqual(plan.to_json(), plan_json([STAR, PER_TICKET]))
        res = incentive.evaluate(plan, two_agents(), OCTOBER)
        a1 = res["A1"]
        # A1: 5 % of 8000.00 = 400.00; 300 x 1.00 + 10 x 1.50 = 315.00.
        self.assertEqual([(l.rule, l.amount) for l in a1.lines],
                         [("star", 40000), ("per_ticket", 31500)])
        self.assertEqual(a1.total, 71500)
        self.assertEqual(a1.lines[0].tier, 1)
        self.assertEqual(a1.lines[0].value, 80.0)
        # A2: 800.00, no tickets.
        self.assertEqual(res["A2"].total, 80000)
        self.assertEqual(res.total, 151500)
        self.assertEqual(res.team_total("T"), 151500)
        self.assertEqual([s.agent_id for s in res], ["A1", "A2"])
        self.assertEqual(res.to_dict()["A2"]["lines"][0]["kind"], "tiered")
        with self.assertRaises(KeyError):
            res["Z"]

    def test_exports_are_stable(self):
        plan = incentive.Plan.from_json(plan_json([STAR]))
        inputs = two_agents()
        first, second = incentive.evaluate(plan, inputs, OCTOBER), \
            incentive.evaluate(plan, inputs, OCTOBER)
        self.assertEqual(first.to_json(), second.to_json())
        doc = json.loads(first.to_json())
        self.assertEqual(doc["total"], "1200.00")
        self.assertEqual(doc["statements"][0]["lines"][0]["explanation"],
                         "composite 80.000000: tier 2")
        self.assertTrue(first.to_csv().startswith("agent_id,team_id,rule,kind,amount"))

    def test_a_draft_plan_diff(self):
        inputs = two_agents()
        current = incentive.evaluate(incentive.Plan.from_json(plan_json([STAR])), inputs, OCTOBER)
        draft = incentive.evaluate(
            incentive.Plan.from_json(plan_json([STAR], budget="1000.00")), inputs, OCTOBER)
        d = incentive.diff(current, draft)
        # 1200.00 over a 1000.00 budget: 400 : 800 scaled to 333.33 : 666.67.
        self.assertIsNone(incentive.Plan.from_json(plan_json([STAR])).budget)
        self.assertEqual(incentive.Plan.from_json(plan_json([STAR], budget="1000.00")).budget,
                         100000)
        self.assertEqual(d["before"], 120000)
        self.assertEqual(d["after"], 100000)
        self.assertEqual(d["change"], -20000)
        self.assertEqual({x.agent_id: x.after for x in d["agents"]}, {"A1": 33333, "A2": 66667})
        self.assertEqual(draft["A1"].lines[-1].kind, "budget_scale")

    def test_the_example_plan_loads(self):
        plan = incentive.Plan.load(EXAMPLE_PLAN)
        self.assertEqual(plan.id, "after-sales-monthly")
        self.assertEqual(plan.rule_count, 11)


class Engines(unittest.TestCase):
    def test_inputs_from_the_roster_and_the_desk(self):
        roster = csvc.Roster()
        roster.add_team("T")
        roster.add_agent("A1", "Li Na", team="T", hire_date="2024-01-01", base_pay=800000)
        desk = csvc.Desk(roster)
        t0 = csvc.parse_time("2025-10-06T09:00:00Z")
        for i in range(3):
            tid = "K%d" % i
            desk.create(tid, team="T", created=t0 + i * 3600)
            desk.assign(tid, "A1", t0 + i * 3600 + 60)
            desk.start(tid, t0 + i * 3600 + 90)
            desk.agent_reply(tid, t0 + i * 3600 + 120)
            desk.resolve(tid, t0 + i * 3600 + 600)
        inputs = incentive.Inputs.from_engines(roster, OCTOBER, desk=desk)
        self.assertEqual(len(inputs), 1)
        plan = incentive.Plan.from_json(plan_json([PER_TICKET]))
        # 3 resolved tickets x 1.00
        self.assertEqual(incentive.evaluate(plan, inputs, OCTOBER)["A1"].total, 300)


class Points(unittest.TestCase):
    def test_commit_then_redeem_and_expire(self):
        plan = incentive.Plan.from_json(plan_json(
            [{"id": "pts", "kind": "points", "metric": "resolved", "points_per_unit": 2}]))
        inputs = two_agents()
        res = incentive.evaluate(plan, inputs, OCTOBER)
        self.assertEqual(res["A1"].points, 620)
        ledger = incentive.PointsLedger(expiry_months=1)
        ledger.commit(res)
        end = OCTOBER[1]  # 2025-11-01: accrued then, expires 2025-12-01
        self.assertEqual(ledger.balance("A1", end - 1), 0)
        self.assertEqual(ledger.balance("A1", end), 620)
        ledger.redeem("A1", end + 86400, 100)
        with self.assertRaises(csvc.ConstraintError):
            ledger.redeem("A1", end + 86400, 521)
        self.assertEqual(ledger.balance("A1", csvc.parse_time("2025-11-30T23:59:59Z")), 520)
        self.assertEqual(ledger.balance("A1", csvc.parse_time("2025-12-01T00:00:00Z")), 0)
        self.assertEqual(ledger.expired("A1", csvc.of_month(2025, 12)), 520)


class Errors(unittest.TestCase):
    def test_bad_plans_name_the_json_path(self):
        bad = dict(STAR, tiers=[{"lower": 0, "upper": 10, "amount": "1.00"},
                                {"lower": 5, "amount": "2.00"}])
        with self.assertRaises(csvc.InvalidArgument) as cm:
            incentive.Plan.from_json(plan_json([bad]))
        self.assertIn("rules[0].tiers[1].lower", str(cm.exception))
        with self.assertRaises(csvc.ParseError):
            incentive.Plan.from_json("{")
        with self.assertRaises(csvc.RangeError):
            incentive.Plan.from_json(plan_json([], budget="-1.00"))

    def test_bad_inputs_change_nothing(self):
        inputs = incentive.Inputs()
        inputs.add_agent("A1", "T", 100)
        with self.assertRaises(csvc.AlreadyExists):
            inputs.add_agent("A1", "T", 100)
        with self.assertRaises(csvc.NotFound):
            inputs.set("Z", "composite", 1)
        with self.assertRaises(csvc.RangeError):
            inputs.set("A1", "composite", float("nan"))
        with self.assertRaises(csvc.RangeError):
            inputs.add_agent("A2", "T", -1)
        self.assertEqual(len(inputs), 1)
        plan = incentive.Plan.from_json(plan_json([STAR]))
        with self.assertRaises(csvc.RangeError) as cm:
            incentive.evaluate(plan, inputs, csvc.of_month(2026, 1))
        self.assertIn("effective dates", str(cm.exception))


class WorkedHours(unittest.TestCase):
    def test_a_pool_split_by_hours_from_csv(self):
        pool = {"id": "hours", "kind": "pool", "metric": "team_fcr", "at_least": 0.5,
                "amount": "100.00", "split": "weighted", "weight_metric": "hours"}
        plan = incentive.Plan.from_json(plan_json([pool]))
        inputs = incentive.Inputs()
        for agent in ("B1", "B2", "B3"):
            inputs.add_agent(agent, "T", 100000)
        inputs.set_team("T", "team_fcr", 0.6)
        inputs.import_csv_text("agent_id,hours\nB1,10.5\nB2,20\nB3,0\n")
        res = incentive.evaluate(plan, inputs, OCTOBER)
        # 10.5 : 20 of 100.00 = 34.426 : 65.573 -> 34.42 + 65.57, the odd
        # cent to the larger remainder (B1's .62).
        self.assertEqual((res["B1"].total, res["B2"].total, res["B3"].total), (3443, 6557, 0))
        with self.assertRaises(csvc.NotFound) as cm:
            inputs.import_csv_text("agent_id,hours\nB1,1\nZ9,2\n")
        self.assertIn("line 3", str(cm.exception))
        with self.assertRaises(FileNotFoundError):
            inputs.import_csv(os.path.join(HERE, "no-such-hours.csv"))
        again = incentive.evaluate(plan, inputs, OCTOBER)
        self.assertEqual(again.to_json(), res.to_json())  # the refusals changed nothing


class Stored(unittest.TestCase):
    """Plan versions, approvals and the points ledger through csvc.Store."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "pay.db")

    def tearDown(self):
        self.dir.cleanup()

    def test_approved_statements_are_immutable_and_stay_readable(self):
        v1 = incentive.Plan.from_json(plan_json([PER_TICKET]))
        v2 = incentive.Plan.from_json(plan_json([dict(PER_TICKET, rate="2.00")], version=2))
        first = incentive.evaluate(v1, two_agents(), OCTOBER)
        self.assertEqual((first.plan_id, first.plan_version), ("P", 1))
        self.assertEqual(first.period, OCTOBER)
        with csvc.Store(self.path) as store:
            store.approve(first, approver="HR01", at=OCTOBER[1], agent_id="A1")
            store.approve(first, approver="HR01", at=OCTOBER[1])  # A1 again: the same
            corrected = two_agents()
            corrected.set("A2", "resolved", 5)
            with self.assertRaises(csvc.ConstraintError):
                store.approve(incentive.evaluate(v1, corrected, OCTOBER), "HR01", OCTOBER[1])
            store.approve(incentive.evaluate(v2, corrected, OCTOBER), "HR01", OCTOBER[1])
            self.assertEqual(store.load_plan("P").version, 2)
        with csvc.Store(self.path) as store:
            old = store.approved_statements("P", 1, OCTOBER)
            new = store.approved_statements("P", 2, OCTOBER)
            store.verify()
        # v1: A1 300 x 1.00 + 10 x 1.50 = 315.00, A2 nothing; v2 (2.00 a ticket, the
        # accelerator still 1.50): A1 300 x 2.00 + 10 x 1.50 = 615.00, A2 5 x 2.00 = 10.00.
        self.assertEqual([(s["statement"]["agent_id"], s["statement"]["total"])
                          for s in old["statements"]], [("A1", "315.00"), ("A2", "0.00")])
        self.assertEqual([s["statement"]["total"] for s in new["statements"]],
                         ["615.00", "10.00"])
        self.assertEqual(old["statements"][0]["approved_by"], "HR01")
        self.assertEqual(old["currency"], "CNY")

    def test_points_ledger_survives_a_reopen(self):
        day = 86400
        start = OCTOBER[0]
        with csvc.Store(self.path) as store:
            ledger = incentive.PointsLedger(expiry_months=1)
            store.attach(points=ledger)
            ledger.accrue("A1", start, 50)
            ledger.redeem("A1", start + day, 20)
            with self.assertRaises(csvc.ConstraintError):
                ledger.redeem("A1", start + 2 * day, 31)
        with csvc.Store(self.path) as store:
            back = incentive.PointsLedger(expiry_months=1)
            store.attach(points=back)
            self.assertEqual(back.balance("A1", start + 2 * day), 30)
            self.assertEqual(back.balance("A1", start + 31 * day), 0)  # expired 1 Nov
            with self.assertRaises(csvc.Conflict):
                csvc.Store(self.path).attach(points=incentive.PointsLedger(expiry_months=2))


if __name__ == "__main__":
    unittest.main()
