"""Python for analysts: pandas tables, numpy and ISO 8601 inputs, file
objects, structured import errors and the consistency rules.

The table tests need pandas (meson runs this file with Debian's python3,
which has it); everything else runs on the standard library alone.
"""
import calendar
import datetime
import enum
import importlib.util
import inspect
import io
import os
import pickle
import random
import tempfile
import unittest

import csvc
from csvc import Category, Channel, EventType, Level, Priority, State
from test_handoffs import HOUR, T0, WEEK, HandoffCase
from test_staffing_generate import fixture_roster, glpk_available, monday, three_templates

HAVE_PANDAS = importlib.util.find_spec("pandas") is not None
HAVE_NUMPY = importlib.util.find_spec("numpy") is not None
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE_ROSTER = os.path.join(REPO, "examples", "data", "roster.csv")
UTC = datetime.timezone.utc


def utc(*fields):
    """Unix time of a UTC date/time, computed without libcsvc."""
    return calendar.timegm(tuple(fields) + (0,) * (6 - len(fields)))


ROSTER_CSV = """agent_id,name,team_id,team_name,level,hire_date,supervisor_id,skills,active,base_pay
S1,Sun Li,RET,Returns,supervisor,2019-04-01,,return_refund;complaint,1,12000.00
A1,An Mei,RET,Returns,junior,2024-07-15,S1,complaint;return_refund,1,8500.50
A2,Bo Wen,RET,Returns,senior,2022-01-10,S1,,0,9000.00
,,VIP,,,,,,,
"""


def build_desk():
    roster = csvc.Roster()
    roster.import_csv_text(ROSTER_CSV)
    desk = csvc.Desk(roster)
    t0 = utc(2025, 11, 3, 1, 0)
    desk.create("T1", "RET", t0, customer="C9", channel="phone", category="return_refund",
                priority="high")
    desk.assign("T1", "A1", t0 + 60)
    desk.start("T1", t0 + 120)
    desk.agent_reply("T1", t0 + 300)
    desk.resolve("T1", t0 + 900, code="refund_issued")
    desk.rate("T1", 5, t0 + 1000)
    desk.create("T2", "RET", t0 + 2000)
    return roster, desk, t0


class TablesTest(unittest.TestCase):
    def setUp(self):
        if not HAVE_PANDAS:
            self.skipTest("pandas is not installed")
        import pandas
        self.pd = pandas
        self.roster, self.desk, self.t0 = build_desk()

    def tearDown(self):
        if HAVE_PANDAS:
            self.desk.close()
            self.roster.close()

    def stamp(self, seconds):
        return self.pd.Timestamp(seconds, unit="s", tz="UTC")

    def test_tickets(self):
        f = self.desk.tickets_frame()
        self.assertEqual(f.index.name, "ticket_id")
        self.assertEqual(list(f.index), ["T1", "T2"])
        self.assertEqual(str(f["created"].dtype), "datetime64[ns, UTC]")
        self.assertEqual(f.loc["T1", "created"], self.stamp(self.t0))
        self.assertEqual(f.loc["T1", "first_response"], self.stamp(self.t0 + 300))
        self.assertEqual(f.loc["T1", "resolved"], self.stamp(self.t0 + 900))
        self.assertTrue(self.pd.isna(f.loc["T1", "closed"]))
        self.assertTrue(self.pd.isna(f.loc["T2", "first_response"]))
        self.assertEqual(str(f["state"].dtype), "category")
        self.assertEqual(list(f["state"].cat.categories), [str(s) for s in State])
        self.assertEqual(f.loc["T1", "state"], "resolved")
        self.assertEqual(f.loc["T2", "state"], "new")
        self.assertTrue(f["priority"].cat.ordered)
        self.assertEqual(f.loc["T1", "priority"], "high")
        self.assertEqual(f.loc["T2", "channel"], "chat")
        self.assertEqual(f.loc["T1", "category"], "return_refund")
        self.assertEqual(str(f["csat"].dtype), "Int64")
        self.assertEqual(f.loc["T1", "csat"], 5)
        self.assertTrue(self.pd.isna(f.loc["T2", "csat"]))
        self.assertEqual(f.loc["T1", "agent_id"], "A1")
        self.assertIsNone(f.loc["T2", "agent_id"])
        self.assertEqual(f.loc["T1", "customer_id"], "C9")
        self.assertEqual(f.loc["T1", "event_count"], 6)
        self.assertEqual(f["event_count"].dtype, "int64")
        self.assertTrue(f.equals(self.desk.to_pandas()))
        # the frame agrees with the Ticket objects field by field
        for ticket in self.desk:
            self.assertEqual(f.loc[ticket.id, "reopen_count"], ticket.reopen_count)
            self.assertEqual(f.loc[ticket.id, "team_id"], ticket.team)

    def test_events(self):
        f = self.desk.events_frame()
        self.assertEqual(f.index.name, "seq")
        self.assertEqual(list(f.index), list(range(1, 8)))
        self.assertEqual(list(f["type"].cat.categories), [str(t) for t in EventType])
        self.assertEqual(list(f["type"].astype(str)),
                         ["created", "assigned", "started", "agent_reply", "resolved", "rated",
                          "created"])
        self.assertEqual(f.loc[1, "time"], self.stamp(self.t0))
        self.assertEqual(f.loc[5, "code"], "refund_issued")
        self.assertEqual(f.loc[6, "value"], 5)
        self.assertEqual(f.loc[2, "agent_id"], "A1")
        self.assertTrue(self.pd.isna(f.loc[2, "channel"]))
        one = self.desk.events_frame(ticket="T2")
        self.assertEqual(list(one.index), [7])
        window = self.desk.events_frame(period=(self.t0 + 100, self.t0 + 1000))
        self.assertEqual(list(window.index), [3, 4, 5])
        self.assertTrue(self.desk.to_pandas("events").equals(f))
        with self.assertRaises(ValueError):
            self.desk.to_pandas("agents")

    def test_empty_tables_keep_their_types(self):
        roster = csvc.Roster()
        desk = csvc.Desk(roster)
        f = desk.tickets_frame()
        self.assertEqual(len(f), 0)
        self.assertEqual(str(f["created"].dtype), "datetime64[ns, UTC]")
        self.assertEqual(str(f["state"].dtype), "category")
        self.assertEqual(len(desk.events_frame()), 0)
        self.assertEqual(len(roster.to_pandas()), 0)
        desk.close()
        roster.close()

    def test_roster(self):
        f = self.roster.to_pandas()
        self.assertEqual(f.index.name, "agent_id")
        self.assertEqual(list(f.index), ["S1", "A1", "A2"])
        self.assertEqual(f.loc["A1", "team_id"], "RET")
        self.assertEqual(f.loc["A1", "team_name"], "Returns")
        self.assertEqual(f.loc["A1", "supervisor_id"], "S1")
        self.assertIsNone(f.loc["S1", "supervisor_id"])
        self.assertTrue(f["level"].cat.ordered)
        self.assertEqual(list(f["level"].cat.categories), [str(x) for x in Level])
        self.assertEqual(f.loc["S1", "level"], "supervisor")
        self.assertTrue((f["level"] > "senior").loc["S1"])  # ordered: supervisor > senior
        self.assertEqual(str(f["hire_date"].dtype), "datetime64[ns]")
        self.assertEqual(f.loc["A1", "hire_date"], self.pd.Timestamp("2024-07-15"))
        self.assertEqual(f.loc["A1", "skills"], "return_refund;complaint")  # category order
        self.assertEqual(f.loc["A2", "skills"], "")
        self.assertEqual(f.loc["A1", "base_pay"], 850050)
        self.assertFalse(f.loc["A2", "active"])
        self.assertEqual(f.loc["A1", "currency"], "CNY")
        teams = self.roster.to_pandas("teams")
        self.assertEqual(list(teams.index), ["RET", "VIP"])
        self.assertEqual(teams.index.name, "team_id")
        self.assertEqual(teams.loc["RET", "agents"], 3)
        self.assertEqual(teams.loc["RET", "active_agents"], 2)
        self.assertEqual(teams.loc["VIP", "agents"], 0)
        self.assertEqual(teams.loc["VIP", "name"], "VIP")

    def test_metrics(self):
        period = (self.t0, self.t0 + 86400)
        by_agent = self.desk.metrics_frame(period)
        self.assertEqual(by_agent.index.name, "agent_id")
        self.assertEqual(by_agent.loc["A1", "handled"], 1)
        self.assertEqual(by_agent.loc["A1", "resolved"], 1)
        self.assertEqual(by_agent.loc["A1", "first_response_mean"], 300)  # created -> reply
        self.assertEqual(by_agent["handled"].dtype, "int64")
        self.assertEqual(by_agent["csat"].dtype, "float64")
        by_team = self.desk.metrics_frame(period, by="team")
        self.assertEqual(by_team.index.name, "team_id")
        self.assertEqual(list(by_team.index), ["RET", "VIP"])
        self.assertEqual(by_team.loc["RET", "backlog"], 1)
        self.assertEqual(by_team.loc["VIP", "handled"], 0)
        with self.assertRaises(ValueError):
            self.desk.metrics_frame(period, by="desk")


class SlicesTest(unittest.TestCase):
    """Metrics by category, channel and priority, and daily series."""

    def setUp(self):
        self.roster, self.desk, self.t0 = build_desk()
        t = self.t0
        self.desk.create("T3", "RET", t + 3000, channel="email", category="complaint",
                         priority="urgent")
        self.desk.assign("T3", "A1", t + 3100)
        self.desk.agent_reply("T3", t + 3700)
        self.desk.resolve("T3", t + 90000, code="apology")  # the next day
        self.period = (t, t + 3 * 86400)

    def tearDown(self):
        self.desk.close()
        self.roster.close()

    def test_rows_partition_the_tickets(self):
        whole = self.desk.metrics(self.period)
        rows = self.desk.metrics_by(self.period, "category")
        self.assertEqual(list(rows), list(Category))
        for field in ("handled", "resolved", "backlog", "first_response_count"):
            self.assertEqual(sum(getattr(m, field) for m in rows.values()),
                             getattr(whole, field), field)
        self.assertEqual(rows[Category.COMPLAINT].resolved, 1)
        self.assertEqual(rows[Category.RETURN_REFUND].resolved, 1)
        self.assertEqual(rows[Category.INQUIRY].backlog, 1)  # T2 never handled
        import math
        self.assertTrue(math.isnan(rows[Category.TECHNICAL].resolution_rate))
        # One row is exactly the metrics of a desk holding only its tickets.
        only = csvc.Desk(self.roster)
        for e in self.desk.events():
            if e.ticket == "T3":
                only.apply(e)
        self.assertEqual(only.metrics(self.period), rows[Category.COMPLAINT])
        self.assertEqual(self.desk.metrics(self.period, categories=["complaint"]),
                         rows[Category.COMPLAINT])
        self.assertEqual(self.desk.metrics(self.period, channels="email", priorities=["urgent"]),
                         rows[Category.COMPLAINT])
        only.close()
        by_agent = self.desk.metrics_all_agents_by(self.period, "priority")
        self.assertEqual(by_agent["A1"][Priority.URGENT].resolved, 1)
        self.assertEqual(by_agent["A1"][Priority.HIGH].resolved, 1)
        self.assertEqual(self.desk.metrics_all_agents(self.period, priorities="urgent")["A1"],
                         by_agent["A1"][Priority.URGENT])
        with self.assertRaises(ValueError):
            self.desk.metrics_by(self.period, "colour")
        with self.assertRaises(ValueError):
            self.desk.metrics(self.period, categories=["cooking"])
        with self.assertRaises(ValueError):
            self.desk.metrics(self.period, categories=[])

    def test_daily(self):
        days = self.desk.metrics_daily(self.period, utc_offset=8 * 3600)
        first = datetime.date(2025, 11, 3)  # 01:00 UTC is 09:00 at +08:00
        # 09:00 local on the 3rd to 09:00 on the 6th: four local dates.
        self.assertEqual(list(days), [first + datetime.timedelta(days=k) for k in range(4)])
        for k, (date, m) in enumerate(days.items()):
            start = max(self.period[0], utc(2025, 11, 2, 16) + k * 86400)
            end = min(self.period[1], utc(2025, 11, 2, 16) + (k + 1) * 86400)
            self.assertEqual(m, self.desk.metrics((start, end)), date)
        self.assertEqual(days[first].resolved, 1)
        self.assertEqual(days[first + datetime.timedelta(days=1)].resolved, 1)
        # The scope's calendar offset is the default: no calendar, UTC.
        utc_days = self.desk.metrics_daily(self.period)
        self.assertEqual(list(utc_days)[0], datetime.date(2025, 11, 3))
        self.assertEqual(self.desk.metrics_daily((self.t0, self.t0)), {})

    @unittest.skipUnless(HAVE_PANDAS, "pandas is not installed")
    def test_frames(self):
        import pandas
        f = self.desk.metrics_frame(self.period, split="category")
        self.assertEqual(list(f.index.names), ["agent_id", "category"])
        self.assertEqual(len(f), 3 * len(Category))
        self.assertEqual(f.loc[("A1", "complaint"), "resolved"], 1)
        teams = self.desk.metrics_frame(self.period, by="team", split="channel")
        self.assertEqual(teams.loc[("RET", "email"), "handled"], 1)
        daily = self.desk.daily_frame(self.period, utc_offset=8 * 3600)
        self.assertEqual(daily.index.name, "date")
        self.assertEqual(str(daily.index.dtype), "datetime64[ns]")
        self.assertEqual(daily.index[0], pandas.Timestamp("2025-11-03"))
        self.assertEqual(daily["resolved"].sum(), 2)


class SeparationsTest(unittest.TestCase):
    def test_separate_and_attrition(self):
        roster = csvc.Roster()
        roster.import_csv_text(ROSTER_CSV)  # S1, A1, A2 hired 2019..2024
        roster.separate("A1", "2025-03-01", "resigned")
        agent = roster.agent("A1")
        self.assertEqual((agent.separation_date, agent.separation_reason),
                         (datetime.date(2025, 3, 1), csvc.SeparationReason.RESIGNED))
        self.assertFalse(agent.active)
        self.assertIsNone(roster.agent("S1").separation_date)
        # Jan-Jun 2025 (181 days): S1, A2 all of it, A1 until Mar 1 (59 days).
        start, end = utc(2025, 1, 1), utc(2025, 7, 1)
        a = roster.attrition((start, end))
        self.assertEqual(a.separations, 1)
        self.assertEqual(a.by_reason[csvc.SeparationReason.RESIGNED], 1)
        self.assertAlmostEqual(a.average_headcount, 2 + 59 / 181, places=12)
        self.assertAlmostEqual(a.rate, 1 / (2 + 59 / 181), places=12)
        self.assertAlmostEqual(a.annualised, a.rate * 365.25 / 181, places=12)
        with self.assertRaises(csvc.RangeError):
            roster.separate("A2", "2010-01-01", "other")  # before the hire date
        with self.assertRaises(csvc.NotFound):
            roster.attrition((start, end), team="NOPE")
        if HAVE_PANDAS:
            f = roster.to_pandas()
            self.assertEqual(f.loc["A1", "separation_reason"], "resigned")
            self.assertEqual(str(f["separation_date"].dtype), "datetime64[ns]")
        roster.separate("A1", None)
        self.assertIsNone(roster.agent("A1").separation_date)
        roster.close()


class InputsTest(unittest.TestCase):
    def setUp(self):
        self.roster, self.desk, self.t0 = build_desk()

    def tearDown(self):
        self.desk.close()
        self.roster.close()

    def test_iso_strings_are_times(self):
        self.desk.create("T3", "RET", "2025-11-03T09:40:00+08:00")
        self.assertEqual(self.desk.ticket("T3").created, utc(2025, 11, 3, 1, 40))
        self.desk.assign("T3", "A1", "2025-11-03T01:41:00Z")
        self.assertEqual(self.desk.events("T3")[-1].time, utc(2025, 11, 3, 1, 41))
        m = self.desk.metrics(("2025-11-03T00:00:00Z", "2025-11-04T00:00:00Z"))
        self.assertEqual(m, self.desk.metrics((utc(2025, 11, 3), utc(2025, 11, 4))))
        self.assertEqual(csvc.format_time("2025-11-03T09:40:00+08:00"), "2025-11-03T01:40:00Z")
        with self.assertRaises(ValueError) as cm:
            self.desk.create("T4", "RET", "2025-11-03T09:40:00")  # no offset: whose clock?
        self.assertIn("created", str(cm.exception))
        with self.assertRaises(csvc.ParseError) as cm:
            self.desk.create("T4", "RET", "2025-11-31T09:40:00Z")
        self.assertIn("created", cm.exception.message)
        self.assertNotIn("T4", self.desk)

    def test_aware_datetimes(self):
        cst = datetime.timezone(datetime.timedelta(hours=8))
        self.desk.create("T3", "RET", datetime.datetime(2025, 11, 3, 9, 40, 0, 999999, cst))
        self.assertEqual(self.desk.ticket("T3").created, utc(2025, 11, 3, 1, 40))

    @unittest.skipUnless(HAVE_NUMPY, "numpy is not installed")
    def test_numpy_values(self):
        import numpy
        self.desk.create("T3", "RET", numpy.int64(self.t0 + 5000))
        self.desk.rate("T1", numpy.int32(4), numpy.int64(self.t0 + 6000))
        self.assertEqual(self.desk.ticket("T1").csat, 4)
        self.assertEqual(self.desk.ticket_at(numpy.int64(2)).id, "T3")
        stamp = numpy.datetime64(self.t0 + 7000, "s")
        self.desk.assign("T3", "A1", stamp)
        self.assertEqual(self.desk.events("T3")[-1].time, self.t0 + 7000)
        # numpy's datetime64 in ns floors to the second, like datetime does
        ns = numpy.datetime64((self.t0 + 7100) * 10**9 + 999999999, "ns")
        self.desk.start("T3", ns)
        self.assertEqual(self.desk.events("T3")[-1].time, self.t0 + 7100)
        self.assertIs(State(numpy.int64(5)), State.CLOSED)
        for bad in (numpy.float64(1.0), numpy.bool_(True)):
            with self.assertRaises(TypeError):
                self.desk.ticket_at(bad)
        with self.assertRaises(ValueError):
            self.desk.start("T3", numpy.datetime64("NaT"))

    def test_importers_take_file_objects(self):
        roster = csvc.Roster()
        roster.import_csv(io.StringIO(ROSTER_CSV))
        self.assertEqual(len(roster), 3)
        other = csvc.Roster()
        with open(EXAMPLE_ROSTER, "rb") as f:
            other.import_csv(f)
        self.assertEqual(other.agent("A201").name, "Huang Li 黄丽")
        with open(EXAMPLE_ROSTER, encoding="utf-8") as f:
            third = csvc.Roster()
            third.import_csv(f)
        self.assertEqual(third.export_csv_text(), other.export_csv_text())
        desk = csvc.Desk(roster)
        log = self.desk_log()
        desk.import_events_csv(io.StringIO(log))
        self.assertEqual(desk.checksum(), self.desk.checksum())
        for obj in (desk, other, third, roster):
            obj.close()

    def desk_log(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "log.csv")
            self.desk.export_events_csv(path)
            with open(path, encoding="utf-8") as f:
                return f.read()

    def test_encodings_and_naive_times(self):
        text = ("agent_id,name,team_id,level,hire_date\n"
                "S1,王芳,RET,主管,2020-01-01\nA1,李娜,RET,初级,2024-07-15\n")
        gb = text.encode("gb18030")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "gb.csv")
            with open(path, "wb") as f:
                f.write(gb)
            for load in (lambda r: r.import_csv(path, encoding="GB18030"),
                         lambda r: r.import_csv(open(path, "rb"), encoding="GB18030"),
                         lambda r: r.import_csv(open(path, encoding="gb18030"),
                                                encoding="GB18030"),  # decoded by Python
                         lambda r: r.import_csv_text(gb, encoding="GB18030"),
                         lambda r: r.import_csv_text(text, encoding="GB18030")):
                roster = csvc.Roster()
                load(roster)
                self.assertEqual(roster.agent("S1").name, "王芳")
                self.assertEqual(roster.agent("S1").level, Level.SUPERVISOR)
                roster.close()
        with self.assertRaises((csvc.EncodingError, csvc.ParseError)):
            csvc.Roster().import_csv_text(gb)  # GB18030 bytes are not UTF-8
        with self.assertRaises(csvc.InvalidArgument):
            csvc.Roster().import_csv_text(gb, encoding="KLINGON-8")
        log = "ticket_id,type,time,team_id\nN1,created,2025-11-03 09:00:00,RET\n"
        self.desk.import_events_csv_text(log, utc_offset=8 * 3600)
        self.assertEqual(self.desk.ticket("N1").created, utc(2025, 11, 3, 1))
        self.desk.import_events_csv_text(log.replace("N1", "N2"),
                                         utc_offset=datetime.timedelta(hours=-5))
        self.assertEqual(self.desk.ticket("N2").created, utc(2025, 11, 3, 14))
        self.desk.import_events_csv_text(log.replace("N1", "N3"))  # no calendar: UTC
        self.assertEqual(self.desk.ticket("N3").created, utc(2025, 11, 3, 9))

    def test_import_errors_say_where(self):
        roster = csvc.Roster()
        bad = ROSTER_CSV.replace("junior", "trainee")
        with self.assertRaises(csvc.ParseError) as cm:
            roster.import_csv(io.StringIO(bad))
        self.assertEqual((cm.exception.line, cm.exception.column), (3, 5))
        with self.assertRaises(csvc.ParseError) as cm:
            roster.import_csv_text(ROSTER_CSV + 'A3,"Unclosed,RET,,junior,2024-01-01\n')
        self.assertEqual(cm.exception.line, 6)
        self.assertIsNotNone(cm.exception.column)
        self.assertEqual(len(roster), 0)
        again = pickle.loads(pickle.dumps(cm.exception))
        self.assertEqual((again.line, again.column), (cm.exception.line, cm.exception.column))
        self.assertEqual((csvc.NotFound(-4, "agent 'X' not found").line), None)

    def test_missing_file_is_file_not_found(self):
        with tempfile.TemporaryDirectory() as tmp:
            missing = os.path.join(tmp, "nope.csv")
            for call in (lambda: csvc.Roster().import_csv(missing),
                         lambda: self.desk.import_events_csv(missing),
                         lambda: csvc.KpiModel.from_json(missing)):
                with self.assertRaises(FileNotFoundError) as cm:
                    call()
                self.assertIsInstance(cm.exception, csvc.IOFailure)
                self.assertEqual(cm.exception.filename, missing)
                self.assertEqual(cm.exception.status, -8)
            # A file that exists but cannot be read stays an IOFailure.
            with self.assertRaises(csvc.IOFailure) as cm:
                csvc.Roster().import_csv(tmp)  # a directory
            self.assertNotIsInstance(cm.exception, FileNotFoundError)


class ConsistencyTest(unittest.TestCase):
    def test_enums_parse_their_names(self):
        self.assertIs(State("closed"), State.CLOSED)
        self.assertIs(State("IN_PROGRESS"), State.IN_PROGRESS)
        self.assertIs(Channel("web_form"), Channel.WEB_FORM)
        self.assertIs(Category("return_refund"), Category.RETURN_REFUND)
        self.assertIs(Level("manager"), Level.MANAGER)
        self.assertIs(csvc.Weekday("sunday"), csvc.Weekday.SUNDAY)
        self.assertIs(Priority(2), Priority.HIGH)
        for enum_class, bad in ((State, "shut"), (State, 99), (Level, "")):
            with self.assertRaises(ValueError):
                enum_class(bad)
        self.assertEqual(str(State.IN_PROGRESS), "in_progress")
        self.assertIs(State(str(State.IN_PROGRESS)), State.IN_PROGRESS)  # round trip

    def test_counts_are_properties(self):
        roster, desk, _ = build_desk()
        self.assertEqual(roster.team_count, 2)
        self.assertEqual(roster.agent_count, 3)
        self.assertEqual(desk.ticket_count, 2)
        self.assertEqual(desk.event_count, 7)
        for cls in (csvc.Roster, csvc.Desk, csvc.KpiModel, csvc.Review, csvc.Results, csvc.Plan,
                    csvc.Store):
            for name, member in vars(cls).items():
                if name.endswith("_count"):
                    self.assertIsInstance(member, property, "%s.%s" % (cls.__name__, name))
        desk.close()
        roster.close()

    def test_every_public_parameter_is_annotated(self):
        missing = []
        for name in csvc.__all__:
            obj = getattr(csvc, name)
            if inspect.isclass(obj):
                if issubclass(obj, (enum.Enum, BaseException)):
                    continue
                members = [(name + "." + m, v) for m, v in vars(obj).items()
                           if (not m.startswith("_") or m == "__init__")
                           and (inspect.isfunction(v) or isinstance(v, (classmethod,
                                                                        staticmethod)))]
            elif inspect.isfunction(obj):
                members = [(name, obj)]
            else:
                continue
            for where, fn in members:
                fn = getattr(fn, "__func__", fn)
                if getattr(fn, "__qualname__", "").endswith("__init__") and \
                        fn.__module__ == "dataclasses":
                    continue
                for p in inspect.signature(fn).parameters.values():
                    if p.name in ("self", "cls") or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                        continue
                    if p.annotation is inspect.Parameter.empty:
                        missing.append("%s(%s)" % (where, p.name))
        self.assertEqual(missing, [])

    def test_c_field_names_as_keywords_and_attributes(self):
        roster, desk, t0 = build_desk()
        roster.add_agent("A9", "New Hire", team_id="RET", supervisor_id="S1")
        agent = roster.agent("A9")
        self.assertEqual((agent.team_id, agent.supervisor_id), ("RET", "S1"))
        self.assertEqual(agent.team_id, agent.team)
        desk.assign(ticket_id="T2", agent_id="A9", time=t0 + 3000)
        ticket = desk.ticket("T2")
        self.assertEqual((ticket.agent_id, ticket.team_id), ("A9", "RET"))
        event = desk.events("T2")[-1]
        self.assertEqual((event.ticket_id, event.agent_id), ("T2", "A9"))
        made = csvc.Event(type=EventType.INTERNAL_NOTE, ticket_id="T2", time=t0 + 3100,
                          actor_id="A9")
        self.assertEqual((made.ticket, made.actor), ("T2", "A9"))
        self.assertEqual(desk.metrics((t0, t0 + 86400), agent_id="A9"),
                         desk.metrics((t0, t0 + 86400), agent="A9"))
        with self.assertRaises(TypeError) as cm:
            desk.assign("T2", agent="A1", agent_id="A9", time=t0 + 3200)
        self.assertIn("agent_id", str(cm.exception))
        self.assertEqual(desk.ticket("T2").agent, "A9")
        desk.close()
        roster.close()

    def test_wheel_files(self):
        package = os.path.dirname(csvc.__file__)
        self.assertTrue(os.path.exists(os.path.join(package, "py.typed")))


class HandoffFrameTest(HandoffCase):
    @unittest.skipUnless(HAVE_PANDAS, "pandas is not installed")
    def test_frame_matches_pandas_over_the_event_table(self):
        rng = random.Random(11)
        for i in range(60):
            id = "P%d" % i
            t = T0 + rng.randrange(86400)
            self.working(id, t)
            pend = t + rng.randrange(1, 5 * HOUR)
            self.desk.pend(id, pend, "internal", department=rng.choice(["wh", "fin"]))
            self.desk.resolve(id, pend + rng.randrange(1, 9 * HOUR))
        frame = self.desk.handoff_frame(WEEK)
        self.assertEqual(frame.index.name, "department")
        # pandas alone: each pend's wait is the time to the ticket's next event.
        events = self.desk.events_frame().sort_values(["ticket_id", "time"], kind="stable")
        events["next"] = events.groupby("ticket_id")["time"].shift(-1)
        pends = events[events["type"] == "pended"]
        wait = (pends["next"] - pends["time"]).dt.total_seconds()
        by = wait.groupby(pends["code"])
        for dept in ("wh", "fin"):
            self.assertEqual(frame.loc[dept, "handoffs"], by.size()[dept])
            self.assertAlmostEqual(frame.loc[dept, "wait_median"], by.median()[dept], places=6)
            self.assertAlmostEqual(frame.loc[dept, "wait_p90"], by.quantile(0.9)[dept], places=6)



class IncentiveFrameTest(unittest.TestCase):
    @unittest.skipUnless(HAVE_PANDAS, "pandas is not installed")
    def test_statement_lines_as_a_frame(self):
        import json
        from csvc import incentive
        plan = incentive.Plan.from_json(json.dumps({
            "id": "P", "version": 1, "currency": "CNY",
            "effective": {"from": "2025-01-01", "to": "2025-12-31"},
            "rules": [{"id": "per_ticket", "kind": "commission", "rate": "1.00"},
                      {"id": "pts", "kind": "points", "metric": "resolved",
                       "points_per_unit": 2}]}))
        inputs = incentive.Inputs()
        inputs.add_agent("A1", "T", 100)
        inputs.add_agent("A2", "T", 100)
        inputs.set("A1", "resolved", 3)
        res = incentive.evaluate(plan, inputs, csvc.of_month(2025, 10))
        df = res.to_pandas()
        self.assertEqual(list(df.index.names), ["agent_id", "line"])
        self.assertEqual(df.loc[("A1", 0), "amount"], 300)
        self.assertEqual(df.loc[("A1", 1), "points"], 6)
        self.assertEqual(str(df["amount"].dtype), "int64")
        self.assertEqual(len(df), 2)  # A2 earned nothing: no line
        # The frame and the statements agree.
        self.assertEqual(int(df["amount"].sum()), res.total)


class ScheduleFrameTest(unittest.TestCase):
    """The tables of shift generation (test_staffing_generate.py has the
    values; meson runs that file with an interpreter that may lack
    pandas)."""

    @unittest.skipUnless(HAVE_PANDAS, "pandas is not installed")
    def test_schedule_tables(self):
        if not glpk_available():
            self.skipTest("libcsvc was built without GLPK")
        with monday(self, 5) as plan, plan.generate_shifts(three_templates()) as s:
            f = s.to_pandas()
            self.assertEqual(list(f.columns), ["start_minute", "day", "time", "required",
                                               "covered", "shortfall", "overstaffing"])
            self.assertEqual((f.index.name, len(f)), ("interval", 168))
            self.assertEqual(str(f.index.dtype), "int64")
            self.assertEqual((f.loc[13, "day"], f.loc[13, "time"]), ("monday", "13:00"))
            self.assertEqual(f.loc[13, "covered"], 5.0)
            self.assertEqual(f["required"].sum(), 36)
            self.assertEqual(str(f["covered"].dtype), "float64")
            shifts = s.shifts_to_pandas()
            self.assertEqual(list(shifts.columns), ["template_index", "template_id",
                                                    "break_offset", "heads", "cost"])
            self.assertEqual(shifts.index.name, "shift")
            self.assertEqual(list(shifts["template_id"]), ["A", "B", "C"])
            self.assertEqual(list(shifts["heads"]), [2, 2, 1])
            self.assertEqual(list(shifts["cost"]), [1600, 1600, 360])
            self.assertEqual(str(shifts["break_offset"].dtype), "Int64")
            self.assertTrue(shifts["break_offset"].isna().all())

    @unittest.skipUnless(HAVE_PANDAS, "pandas is not installed")
    def test_roster_employment_columns(self):
        with fixture_roster() as roster:
            f = roster.to_pandas()
            self.assertEqual(list(f.columns[-2:]), ["employment", "contract_hours"])
            self.assertEqual(str(f["employment"].dtype), "category")
            self.assertEqual(list(f["employment"].cat.categories),
                             ["full_time", "part_time", "temporary"])
            self.assertEqual((f.loc["P1", "employment"], f.loc["P1", "contract_hours"]),
                             ("part_time", 20.0))
            self.assertEqual(f.loc["A1", "employment"], "full_time")


if __name__ == "__main__":
    unittest.main()
