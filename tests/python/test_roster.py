"""Tests of csvc.Roster and the roster types.

Expected values come from the fixtures written here by hand, or from an
independent reading of examples/data/roster.csv with Python's csv module.
"""

import csv
import datetime
import decimal
import gc
import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest
from ctypes import sizeof

import csvc
from csvc import _lib
from csvc.roster import Category, Level

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE_CSV = os.path.join(REPO, "examples", "data", "roster.csv")

COLUMNS = {"agent_id", "name", "team_id", "team_name", "level", "hire_date", "supervisor_id",
           "skills", "active", "base_pay", "currency", "team_lead"}


def build_small(roster):
    """T1: M1 (manager) <- S1 (supervisor) <- A1, A2; T2: B1 (inactive) <- M1."""
    roster.add_team("T1", "Tier one")
    roster.add_team("T2")
    roster.add_agent("M1", "Manager One", "T1", level="manager", hire_date="2015-01-05",
                     base_pay=2800000)
    roster.add_agent("S1", "Sup One", "T1", level=Level.SUPERVISOR, supervisor="M1",
                     hire_date=datetime.date(2018, 6, 11), skills=["inquiry"])
    roster.add_agent("A1", "Li Na 李娜", "T1", level="junior", hire_date="2024-07-15",
                     supervisor="S1", skills=["inquiry", Category.TECHNICAL],
                     base_pay=600000)
    roster.add_agent("A2", "Agent Two", "T1", level=1, hire_date=1709251200, supervisor="S1",
                     currency="USD")
    roster.add_agent("B1", "Bee One", "T2", supervisor="M1", active=False)


class RosterCase(unittest.TestCase):
    def setUp(self):
        self.roster = csvc.Roster()
        self.addCleanup(self.roster.close)
        build_small(self.roster)

    def assertUnchanged(self, before):
        self.assertEqual(list(self.roster), before[0])
        self.assertEqual(self.roster.teams, before[1])

    def snapshot(self):
        return (list(self.roster), self.roster.teams)


class AgentTest(RosterCase):
    def test_fields(self):
        a1 = self.roster.agent("A1")
        self.assertEqual(a1, csvc.Agent(
            id="A1", name="Li Na 李娜", team="T1", level=Level.JUNIOR,
            hire_date=datetime.date(2024, 7, 15), supervisor="S1",
            skills=frozenset({"inquiry", "technical"}), active=True, base_pay=600000,
            currency="CNY"))
        self.assertIs(type(a1.level), Level)
        self.assertEqual(str(a1.level), "junior")
        with self.assertRaises(Exception):
            a1.name = "changed"  # frozen

    def test_defaults(self):
        b1 = self.roster.agent("B1")
        self.assertEqual(b1.level, Level.JUNIOR)
        self.assertEqual(b1.hire_date, datetime.date(1970, 1, 1))
        self.assertEqual(b1.skills, frozenset())
        self.assertEqual(b1.base_pay, 0)
        self.assertEqual(b1.currency, "CNY")
        self.assertFalse(b1.active)
        self.assertIsNone(self.roster.agent("M1").supervisor)

    def test_input_forms(self):
        self.assertEqual(self.roster.agent("M1").level, Level.MANAGER)
        self.assertEqual(self.roster.agent("M1").hire_date, datetime.date(2015, 1, 5))
        self.assertEqual(self.roster.agent("S1").hire_date, datetime.date(2018, 6, 11))
        a2 = self.roster.agent("A2")
        self.assertEqual(a2.level, Level.SENIOR)
        self.assertEqual(a2.hire_date, datetime.date(2024, 3, 1))  # 1709251200
        self.assertEqual(a2.currency, "USD")
        self.roster.add_agent("C1", "Case", "T2", level="ExPeRt",
                              skills=[0, Category.OTHER, "Return_Refund"])
        c1 = self.roster.agent("C1")
        self.assertEqual(c1.level, Level.EXPERT)
        self.assertEqual(c1.skills, {"inquiry", "other", "return_refund"})

    def test_every_skill(self):
        self.roster.add_agent("C1", "Case", "T2", skills=list(Category))
        self.assertEqual(self.roster.agent("C1").skills,
                         {"inquiry", "order_logistics", "return_refund", "repair_warranty",
                          "complaint", "technical", "other"})

    def test_unknown_team(self):
        before = self.snapshot()
        with self.assertRaises(csvc.NotFound) as cm:
            self.roster.add_agent("C1", "Case", "NOPE")
        self.assertIn("NOPE", cm.exception.message)
        self.assertIsInstance(cm.exception, LookupError)
        self.assertUnchanged(before)

    def test_unknown_supervisor(self):
        with self.assertRaises(csvc.NotFound) as cm:
            self.roster.add_agent("C1", "Case", "T1", supervisor="GHOST")
        self.assertIn("GHOST", cm.exception.message)
        self.assertNotIn("C1", self.roster)

    def test_duplicate(self):
        with self.assertRaises(csvc.AlreadyExists) as cm:
            self.roster.add_agent("A1", "Again", "T1")
        self.assertIn("A1", cm.exception.message)
        self.assertEqual(self.roster.agent("A1").name, "Li Na 李娜")

    def test_own_supervisor(self):
        with self.assertRaises(csvc.ConstraintError):
            self.roster.add_agent("C1", "Case", "T1", supervisor="C1")

    def test_value_errors(self):
        before = self.snapshot()
        cases = [
            (dict(level="boss"), csvc.InvalidArgument),
            (dict(level=9), csvc.RangeError),
            (dict(level=-1), csvc.RangeError),
            (dict(skills=["cooking"]), csvc.InvalidArgument),
            (dict(skills=[10]), csvc.RangeError),
            (dict(skills=[40]), csvc.RangeError),
            (dict(base_pay=-1), csvc.RangeError),
            (dict(hire_date=86400 + 1), csvc.RangeError),  # not a midnight
            (dict(hire_date=253402300800), csvc.RangeError),  # 10000-01-01
            (dict(hire_date="2024-13-01"), csvc.ParseError),
            (dict(currency="usd"), csvc.InvalidArgument),
            (dict(currency="EURO"), csvc.InvalidArgument),
            (dict(active=2), csvc.InvalidArgument),
            (dict(base_pay=2 ** 63), csvc.Overflow),
        ]
        for kwargs, exc in cases:
            with self.assertRaises(exc, msg=repr(kwargs)) as cm:
                self.roster.add_agent("C1", "Case", "T1", **kwargs)
            self.assertTrue(cm.exception.message, kwargs)
        self.assertUnchanged(before)

    def test_type_errors(self):
        cases = [dict(base_pay=8000.0), dict(base_pay=decimal.Decimal("8000.00")),
                 dict(skills="inquiry"), dict(hire_date=datetime.datetime(2024, 1, 1)),
                 dict(level=None), dict(hire_date=1.5)]
        for kwargs in cases:
            with self.assertRaises(TypeError, msg=repr(kwargs)):
                self.roster.add_agent("C1", "Case", "T1", **kwargs)
        with self.assertRaises(TypeError):
            self.roster.add_agent(101, "Case", "T1")

    def test_invalid_strings(self):
        before = self.snapshot()
        with self.assertRaises(csvc.TooLong) as cm:
            self.roster.add_agent("x" * 65, "Case", "T1")
        self.assertIn("64", cm.exception.message)
        with self.assertRaises(csvc.TooLong):
            self.roster.add_agent("é" * 33, "Case", "T1")  # 66 bytes
        with self.assertRaises(csvc.EncodingError):
            self.roster.add_agent(b"C\xff", "Case", "T1")
        with self.assertRaises(csvc.EncodingError):
            self.roster.add_agent("C\udcff", "Case", "T1")
        with self.assertRaises(csvc.EncodingError):
            self.roster.add_agent("C\x00D", "Case", "T1")
        with self.assertRaises(csvc.EncodingError):
            self.roster.add_agent("C1", "Bad\nName", "T1")
        with self.assertRaises(csvc.EncodingError):
            self.roster.add_agent("C1", b"Bad \xc3", "T1")
        with self.assertRaises(csvc.TooLong):
            self.roster.add_agent("C1", "n" * 257, "T1")
        with self.assertRaises(csvc.InvalidArgument):
            self.roster.add_agent("", "Case", "T1")
        self.assertUnchanged(before)
        self.roster.add_agent("x" * 64, "n" * 256, "T1")  # both at their limit
        self.assertEqual(self.roster.agent("x" * 64).name, "n" * 256)

    def test_update_keeps_other_fields(self):
        self.roster.update_agent("A1", level="senior", base_pay=650000)
        a1 = self.roster.agent("A1")
        self.assertEqual((a1.level, a1.base_pay), (Level.SENIOR, 650000))
        self.assertEqual(a1.skills, {"inquiry", "technical"})
        self.assertEqual(a1.supervisor, "S1")
        self.assertEqual(a1.hire_date, datetime.date(2024, 7, 15))
        self.assertEqual(a1.name, "Li Na 李娜")
        self.roster.update_agent("A1", supervisor=None, skills=())
        a1 = self.roster.agent("A1")
        self.assertIsNone(a1.supervisor)
        self.assertEqual(a1.skills, frozenset())
        self.assertEqual(self.roster.direct_reports("S1"), ["A2"])

    def test_update_errors(self):
        before = self.snapshot()
        with self.assertRaises(csvc.ConstraintError) as cm:
            self.roster.update_agent("M1", supervisor="A1")  # A1 -> S1 -> M1: cycle
        self.assertTrue(cm.exception.message)
        with self.assertRaises(csvc.ConstraintError):
            self.roster.update_agent("M1", supervisor="M1")
        with self.assertRaises(csvc.NotFound) as cm:
            self.roster.update_agent("ZZ9", level="senior")
        self.assertIn("ZZ9", cm.exception.message)
        with self.assertRaises(csvc.NotFound):
            self.roster.update_agent("A1", team="NOPE")
        with self.assertRaises(TypeError):
            self.roster.update_agent("A1", salary=1)
        with self.assertRaises(TypeError):
            self.roster.update_agent("A1", id="A9")
        self.assertUnchanged(before)

    def test_deactivate(self):
        self.roster.deactivate("A2")
        self.assertFalse(self.roster.agent("A2").active)
        self.assertEqual(self.roster.direct_reports("S1"), ["A1", "A2"])
        with self.assertRaises(csvc.NotFound):
            self.roster.deactivate("ZZ9")
        self.roster.update_agent("A2", active=True)
        self.assertTrue(self.roster.agent("A2").active)

    def test_lookup(self):
        with self.assertRaises(csvc.NotFound) as cm:
            self.roster.agent("ZZ9")
        self.assertIn("ZZ9", cm.exception.message)
        self.assertEqual(self.roster.agent_index("M1"), 0)
        self.assertEqual(self.roster.agent_index("A1"), 2)
        self.assertEqual(self.roster.agent_at(4).id, "B1")
        with self.assertRaises(csvc.RangeError):
            self.roster.agent_at(5)
        with self.assertRaises(csvc.NotFound):
            self.roster.agent_index("ZZ9")

    def test_container_protocol(self):
        self.assertEqual(len(self.roster), 5)
        self.assertEqual([a.id for a in self.roster], ["M1", "S1", "A1", "A2", "B1"])
        self.assertEqual([a.id for a in self.roster.iter_agents()],
                         ["M1", "S1", "A1", "A2", "B1"])
        self.assertIn("A1", self.roster)
        self.assertIn(b"A1", self.roster)
        self.assertNotIn("ZZ9", self.roster)
        self.assertNotIn("x" * 65, self.roster)
        self.assertNotIn("", self.roster)
        self.assertNotIn(b"\xff", self.roster)
        self.assertNotIn(5, self.roster)
        self.assertEqual(repr(self.roster), "<csvc.Roster 2 teams, 5 agents>")


class TeamTest(RosterCase):
    def test_teams(self):
        self.assertEqual(self.roster.teams, [csvc.Team("T1", "Tier one", None),
                                             csvc.Team("T2", "T2", None)])
        self.assertEqual(list(self.roster.iter_teams()), self.roster.teams)
        self.assertEqual(self.roster.team("T1").name, "Tier one")
        self.assertEqual(self.roster.team_count, 2)
        self.assertEqual(self.roster.team_at(1).id, "T2")
        with self.assertRaises(csvc.RangeError):
            self.roster.team_at(2)

    def test_add_team_errors(self):
        before = self.snapshot()
        with self.assertRaises(csvc.AlreadyExists) as cm:
            self.roster.add_team("T1")
        self.assertIn("T1", cm.exception.message)
        with self.assertRaises(csvc.NotFound) as cm:
            self.roster.add_team("T3", lead="GHOST")
        self.assertIn("GHOST", cm.exception.message)
        with self.assertRaises(csvc.EncodingError):
            self.roster.add_team(b"T\xff")
        with self.assertRaises(csvc.TooLong):
            self.roster.add_team("t" * 65)
        with self.assertRaises(csvc.InvalidArgument):
            self.roster.add_team("")
        with self.assertRaises(csvc.NotFound) as cm:
            self.roster.team("T3")
        self.assertIn("T3", cm.exception.message)
        self.assertUnchanged(before)

    def test_lead(self):
        self.roster.add_team("T3", "Third", lead="A1")
        self.assertEqual(self.roster.team("T3").lead, "A1")
        self.roster.update_team("T1", lead="S1")
        self.assertEqual(self.roster.team("T1"), csvc.Team("T1", "Tier one", "S1"))
        self.roster.update_team("T1", name="First tier")
        self.assertEqual(self.roster.team("T1"), csvc.Team("T1", "First tier", "S1"))
        self.roster.update_team("T1", lead=None)
        self.assertEqual(self.roster.team("T1"), csvc.Team("T1", "First tier", None))
        with self.assertRaises(csvc.NotFound):
            self.roster.update_team("T1", lead="GHOST")
        with self.assertRaises(csvc.NotFound):
            self.roster.update_team("T9", name="x")
        self.assertEqual(self.roster.team("T1").name, "First tier")


class ReportingTest(RosterCase):
    def test_direct_reports(self):
        self.assertEqual(self.roster.direct_reports("M1"), ["S1", "B1"])
        self.assertEqual(self.roster.direct_reports("S1"), ["A1", "A2"])
        self.assertEqual(self.roster.direct_reports("A1"), [])

    def test_many_direct_reports(self):
        for i in range(300):
            self.roster.add_agent("R%03d" % i, "Report %d" % i, "T2", supervisor="A2")
        self.assertEqual(self.roster.direct_reports("A2"), ["R%03d" % i for i in range(300)])

    def test_reports_to(self):
        self.assertTrue(self.roster.reports_to("A1", "S1"))
        self.assertTrue(self.roster.reports_to("A1", "M1"))
        self.assertTrue(self.roster.reports_to("B1", "M1"))
        self.assertFalse(self.roster.reports_to("M1", "A1"))
        self.assertFalse(self.roster.reports_to("A1", "A2"))
        self.assertFalse(self.roster.reports_to("A1", "A1"))
        with self.assertRaises(csvc.NotFound):
            self.roster.reports_to("ZZ9", "M1")

    def test_headcount(self):
        r = self.roster
        self.assertEqual(r.headcount(), 4)  # B1 inactive
        self.assertEqual(r.headcount(active_only=False), 5)
        self.assertEqual(r.headcount("T1"), 4)
        self.assertEqual(r.headcount("T2"), 0)
        self.assertEqual(r.headcount("T2", active_only=False), 1)
        self.assertEqual(r.headcount("T1", "junior"), 1)
        self.assertEqual(r.headcount("T1", Level.SENIOR), 1)
        self.assertEqual(r.headcount(level=Level.JUNIOR), 1)
        self.assertEqual(r.headcount(level=Level.JUNIOR, active_only=False), 2)
        self.assertEqual(r.headcount("T1", Level.EXPERT), 0)
        r.deactivate("A1")
        self.assertEqual(r.headcount("T1", "junior"), 0)
        with self.assertRaises(csvc.NotFound):
            r.headcount("T9")


SMALL_CSV = """\
agent_id,name,team_id,team_name,level,hire_date,supervisor_id,skills,active,base_pay,currency,team_lead
X1,"Wu, Di 吴迪",SUP,Support desk,junior,2024-07-15,X2,inquiry;technical,1,6000.50,CNY,
X2,Qian Bo,SUP,,supervisor,2019-02-01,,complaint,yes,16000,CNY,
X3,Old Hand,SUP,,senior,2012-12-31,X2,,0,9000.00,USD,
,,EMPTY,Team without agents,,,,,,,,
"""


class CsvTest(unittest.TestCase):
    def setUp(self):
        self.roster = csvc.Roster()
        self.addCleanup(self.roster.close)

    def new_roster(self):
        roster = csvc.Roster()
        self.addCleanup(roster.close)
        return roster

    def assertSameRoster(self, a, b):
        self.assertEqual(sorted(a, key=lambda x: x.id), sorted(b, key=lambda x: x.id))
        self.assertEqual(sorted(a.teams, key=lambda t: t.id),
                         sorted(b.teams, key=lambda t: t.id))

    def test_import_text(self):
        self.roster.import_csv_text(SMALL_CSV)
        self.assertEqual(len(self.roster), 3)
        self.assertEqual(self.roster.agent("X1"), csvc.Agent(
            id="X1", name="Wu, Di 吴迪", team="SUP", level=Level.JUNIOR,
            hire_date=datetime.date(2024, 7, 15), supervisor="X2",
            skills=frozenset({"inquiry", "technical"}), active=True, base_pay=600050,
            currency="CNY"))
        x2 = self.roster.agent("X2")
        self.assertEqual((x2.level, x2.base_pay, x2.active, x2.supervisor),
                         (Level.SUPERVISOR, 1600000, True, None))
        x3 = self.roster.agent("X3")
        self.assertEqual((x3.active, x3.currency, x3.skills, x3.base_pay),
                         (False, "USD", frozenset(), 900000))
        self.assertEqual(self.roster.team("SUP"), csvc.Team("SUP", "Support desk", None))
        self.assertEqual(self.roster.team("EMPTY").name, "Team without agents")
        self.assertEqual(self.roster.direct_reports("X2"), ["X1", "X3"])

    def test_team_lead_by_id(self):
        # The team_lead column holds the lead's agent id (roster.h).
        self.roster.import_csv_text(SMALL_CSV.replace("16000,CNY,\n", "16000,CNY,X2\n"))
        self.assertEqual(self.roster.team("SUP").lead, "X2")
        again = self.new_roster()
        again.import_csv_text(self.roster.export_csv_text())
        self.assertEqual(again.team("SUP").lead, "X2")

    def test_team_lead_must_be_an_agent(self):
        with self.assertRaises(csvc.NotFound) as cm:
            self.roster.import_csv_text(SMALL_CSV.replace("16000,CNY,\n", "16000,CNY,1\n"))
        self.assertIn("lead '1' is not an agent", cm.exception.message)
        self.assertEqual(len(self.roster), 0)

    def test_import_bytes(self):
        self.roster.import_csv_text(SMALL_CSV.encode("utf-8"))
        self.assertEqual(self.roster.agent("X1").name, "Wu, Di 吴迪")

    def test_bad_row_rejects_the_whole_file(self):
        bad = SMALL_CSV.replace("senior,2012-12-31", "guru,2012-12-31")
        with self.assertRaises(csvc.ParseError) as cm:
            self.roster.import_csv_text(bad)
        message = cm.exception.message
        self.assertIn("4", message)  # line 4 (header is line 1)
        self.assertIn("guru", message)
        self.assertEqual(len(self.roster), 0)
        self.assertEqual(self.roster.teams, [])

    def test_unknown_column(self):
        with self.assertRaises(csvc.ParseError) as cm:
            self.roster.import_csv_text(SMALL_CSV.replace("team_lead", "team_leed"))
        self.assertIn("team_leed", cm.exception.message)
        self.assertEqual(len(self.roster), 0)

    def test_malformed_csv(self):
        with self.assertRaises(csvc.ParseError):
            self.roster.import_csv_text('agent_id,name,team_id,level,hire_date\n'
                                        'A1,"unterminated,T1,junior,2024-01-01\n')

    def test_existing_ids(self):
        self.roster.import_csv_text(SMALL_CSV)
        with self.assertRaises(csvc.AlreadyExists) as cm:
            self.roster.import_csv_text(SMALL_CSV)
        self.assertTrue(cm.exception.message)
        self.assertEqual(len(self.roster), 3)

    def test_missing_file(self):
        path = os.path.join(tempfile.gettempdir(), "csvc-no-such-dir", "roster.csv")
        with self.assertRaises(csvc.IOFailure) as cm:
            self.roster.import_csv(path)
        self.assertIsInstance(cm.exception, OSError)
        self.assertIn("roster.csv", cm.exception.message)

    def test_export_text_round_trip(self):
        self.roster.import_csv_text(SMALL_CSV)
        text = self.roster.export_csv_text()
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual(set(rows[0]), COLUMNS)
        agent_rows = [dict(zip(rows[0], row)) for row in rows[1:]]
        self.assertEqual(sorted(r["agent_id"] for r in agent_rows if r["agent_id"]),
                         ["X1", "X2", "X3"])
        # The team without agents needs a row of its own to survive.
        self.assertIn("EMPTY", [r["team_id"] for r in agent_rows if not r["agent_id"]])
        again = self.new_roster()
        again.import_csv_text(text)
        self.assertSameRoster(self.roster, again)

    def test_export_empty(self):
        rows = list(csv.reader(io.StringIO(self.roster.export_csv_text())))
        self.assertEqual(len(rows), 1)
        self.assertEqual(set(rows[0]), COLUMNS)

    def test_file_round_trip(self):
        self.roster.import_csv_text(SMALL_CSV)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "out.csv")
            self.roster.export_csv(path)
            again = self.new_roster()
            again.import_csv(path)
        self.assertSameRoster(self.roster, again)

    def test_example_data(self):
        if not os.path.exists(EXAMPLE_CSV):
            self.skipTest("examples/data/roster.csv not present")
        self.roster.import_csv(EXAMPLE_CSV)
        with open(EXAMPLE_CSV, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        agent_rows = [r for r in rows if r["agent_id"]]
        self.assertEqual(len(self.roster), len(agent_rows))
        self.assertEqual({t.id for t in self.roster.teams}, {r["team_id"] for r in rows})
        for row in agent_rows:
            agent = self.roster.agent(row["agent_id"])
            self.assertEqual(agent.name, row["name"])
            self.assertEqual(agent.team, row["team_id"])
            self.assertEqual(str(agent.level), row["level"].lower())
            self.assertEqual(agent.hire_date, datetime.date.fromisoformat(row["hire_date"]))
            self.assertEqual(agent.supervisor, row.get("supervisor_id") or None)
            skills = row.get("skills") or ""
            self.assertEqual(agent.skills, frozenset(s for s in skills.split(";") if s))
            active = (row.get("active") or "1").lower() in ("1", "true", "yes")
            self.assertEqual(agent.active, active)
            pay = decimal.Decimal(row.get("base_pay") or "0") * 100
            self.assertEqual(agent.base_pay, int(pay))
            self.assertEqual(agent.currency, row.get("currency") or "CNY")
            if row.get("team_lead") in ("1", row["agent_id"]):
                self.assertEqual(self.roster.team(row["team_id"]).lead, row["agent_id"])
        again = self.new_roster()
        again.import_csv_text(self.roster.export_csv_text())
        self.assertSameRoster(self.roster, again)


class LifetimeTest(unittest.TestCase):
    def test_close_twice(self):
        roster = csvc.Roster()
        roster.close()
        roster.close()
        self.assertTrue(roster.closed)
        self.assertEqual(repr(roster), "<csvc.Roster closed>")

    def test_use_after_close(self):
        roster = csvc.Roster()
        roster.add_team("T1")
        roster.close()
        calls = [lambda: len(roster), lambda: roster.add_team("T2"), lambda: roster.team("T1"),
                 lambda: list(roster), lambda: roster.export_csv_text(),
                 lambda: roster.headcount(), lambda: "A1" in roster]
        for call in calls:
            with self.assertRaises(csvc.ClosedError) as cm:
                call()
            self.assertIsInstance(cm.exception, ValueError)
            self.assertIn("closed", str(cm.exception))

    def test_context_manager(self):
        with csvc.Roster() as roster:
            roster.add_team("T1")
            self.assertFalse(roster.closed)
        self.assertTrue(roster.closed)
        with self.assertRaises(csvc.ClosedError):
            with roster:
                pass

    def test_finalizer_frees_without_close(self):
        roster = csvc.Roster()
        finalizer = roster._finalizer
        self.assertTrue(finalizer.alive)
        del roster
        gc.collect()
        self.assertFalse(finalizer.alive)

    def test_close_detaches_finalizer(self):
        roster = csvc.Roster()
        roster.close()
        self.assertFalse(roster._finalizer.alive)

    def test_exit_without_close(self):
        # Rosters still open at interpreter exit are freed by weakref.finalize.
        code = ("import csvc\nr = csvc.Roster()\nr.add_team('T1')\n"
                "keep = [csvc.Roster() for _ in range(3)]\nprint('ok')\n")
        result = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), "ok")
        self.assertEqual(result.stderr, "")

    def test_threads_share_one_roster(self):
        with csvc.Roster() as roster:
            roster.add_team("T1")
            errors = []

            def worker(prefix):
                try:
                    for i in range(200):
                        roster.add_agent("%s%d" % (prefix, i), "n", "T1")
                        roster.agent("%s%d" % (prefix, i))
                        len(roster)
                except Exception as exc:  # pragma: no cover - reported below
                    errors.append(exc)

            threads = [threading.Thread(target=worker, args=(p,)) for p in "ABCD"]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(errors, [])
            self.assertEqual(len(roster), 800)


class TypesTest(unittest.TestCase):
    def test_enums_match_the_library(self):
        lib = _lib.lib
        for level in Level:
            self.assertEqual(lib.csvc_level_name(level).decode(), level.name.lower())
        self.assertIsNone(lib.csvc_level_name(len(Level)))
        for category in Category:
            self.assertEqual(lib.csvc_category_name(category).decode(),
                             category.name.lower())
        self.assertIsNone(lib.csvc_category_name(len(Category)))
        self.assertEqual(len(Level), 5)  # CSVC_LEVEL_COUNT
        self.assertEqual(len(Category), 7)  # CSVC_CATEGORY_COUNT

    def test_struct_layout_matches_the_compiler(self):
        cc = shutil.which(os.environ.get("CC", "cc"))
        if not cc:
            self.skipTest("no C compiler")
        structs = {
            "csvc_agent_info": _lib.csvc_agent_info,
            "csvc_team_info": _lib.csvc_team_info,
            "csvc_period": _lib.csvc_period,
            "csvc_allocator": _lib.csvc_allocator,
        }
        lines = ["#include <stddef.h>", "#include <stdio.h>", '#include "csvc/roster.h"',
                 "int main(void) {"]
        expected = []
        for name, cls in structs.items():
            lines.append('printf("%s %%zu\\n", sizeof(%s));' % (name, name))
            expected.append("%s %d" % (name, sizeof(cls)))
            for field, _ in cls._fields_:
                lines.append('printf("%s.%s %%zu\\n", offsetof(%s, %s));'
                             % (name, field, name, field))
                expected.append("%s.%s %d" % (name, field, getattr(cls, field).offset))
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


class ExampleTest(unittest.TestCase):
    def test_roster_tree(self):
        if not os.path.exists(EXAMPLE_CSV):
            self.skipTest("examples/data/roster.csv not present")
        script = os.path.join(REPO, "examples", "python", "roster_tree.py")
        result = subprocess.run([sys.executable, script, EXAMPLE_CSV], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(EXAMPLE_CSV, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        agents = sum(1 for r in rows if r["agent_id"])
        teams = len({r["team_id"] for r in rows})
        self.assertIn("%d agents in %d teams" % (agents, teams), result.stdout)
        for row in rows:
            if row["agent_id"]:
                self.assertIn("- %s %s (%s)" % (row["agent_id"], row["name"],
                                                row["level"].lower()), result.stdout)

    def test_roster_tree_bad_path(self):
        script = os.path.join(REPO, "examples", "python", "roster_tree.py")
        result = subprocess.run([sys.executable, script, "/nonexistent/roster.csv"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                universal_newlines=True, timeout=60)
        self.assertEqual(result.returncode, 1)
        self.assertIn("CSVC_E_IO", result.stderr)


if __name__ == "__main__":
    unittest.main()
