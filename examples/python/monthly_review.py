#!/usr/bin/env python3
"""The month-end review of a CS team through the Python bindings: the same
numbers as `csvc review`, written as the same JSON document and as one
self-contained HTML report with charts.

    python3 examples/python/monthly_review.py [--data DIR] [--month YYYY-MM]
                                              [--json FILE] [--html FILE]

DIR is a month directory in the format of examples/data/month (the roster,
desk_config.json, tickets_events.csv, ratings.csv, kpi_model.json and the
optional incentive_plan.json, training files and shifts.csv); the default
is the sample month. The month defaults to the latest in which a ticket was
created. The engines are built in memory from the files (csvc review keeps
them in a store), then:

- the targets dashboard for the desk and each team against the previous
  month (CSAT >= 90 %, mean first response <= 30 s on chat and phone, the
  complaint rate 20 % below last month's, attrition <= 10 %, training
  coverage 100 %, SLA compliance >= 90 %, FCR >= 70 %);
- service metrics per team and agent, the KPI scorecards and the incentive
  statements (the plan's total per team against its budget);
- training at the month's end: coverage, requirements not met, what ends
  within 30 days, courses for KPI dimensions below 70 and the promotion
  check of everyone graded 4 or better;
- staffing for next month per team: agents required per hour of the week,
  learnt from the month's last four whole weeks, against shifts.csv.

--json writes exactly the keys and values of `csvc review --json`; --html
(default /tmp/monthly-review.html) writes the report, with charts when
matplotlib is installed and plain tables otherwise. Run it from anywhere in
the source tree: the bindings are taken from bindings/python when csvc is
not installed, and the library from CSVC_LIBRARY or the build tree.
"""

import argparse
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

try:
    import csvc
except ImportError as exc:
    if "cannot load libcsvc" in str(exc):
        raise
    sys.path.insert(0, os.path.join(REPO, "bindings", "python"))
    import csvc

import review_report  # noqa: E402  (next to this file)

DEFAULT_DATA = os.path.join(REPO, "examples", "data", "month")
DEFAULT_HTML = "/tmp/monthly-review.html"
LIVE_CHANNELS = ("chat", "phone")
EXPIRING_DAYS = 30
NEEDS_THRESHOLD = 70.0
HANDLE_SECONDS = 360.0  # next month's staffing: 6 minutes a contact
WEEK = 7 * 86400
METRIC_KEYS = ("handled", "resolved", "first_response_median", "first_response_mean",
               "sla_compliance", "csat", "fcr", "reopen_rate", "complaints", "complaint_rate")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# id, goal, lower is better (csvc review's defaults)
TARGETS = (("csat", 0.90, False), ("first_response_live", 30.0, True),
           ("complaint_rate", 0.80, True), ("attrition", 0.10, True),
           ("training_coverage", 1.00, False), ("sla_compliance", 0.90, False),
           ("fcr", 0.70, False))


def number(value):
    """A float for JSON: None for NaN (no value)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def metrics_dict(m):
    return {key: number(getattr(m, key)) for key in METRIC_KEYS}


def target(tid, goal, lower, value, previous):
    value, previous = number(value), number(previous)
    if value is None:
        status = "no value"
    else:
        status = "met" if (value <= goal if lower else value >= goal) else "missed"
    return {"id": tid, "value": value, "target": goal, "previous": previous, "status": status}


def money_decimals(currency):
    """Minor-unit digits of an ISO 4217 currency (the common exceptions to 2)."""
    if currency in ("JPY", "KRW", "VND", "CLP", "ISK", "UGX", "PYG"):
        return 0
    if currency in ("BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD"):
        return 3
    return 2


class Month:
    """The engines of one month directory, built in memory."""

    def __init__(self, data):
        self.data = data
        self.roster = csvc.Roster()
        self.roster.import_csv(self.path("roster.csv"))
        self.desk = csvc.Desk(self.roster)
        self.desk.load_config_json(self.path("desk_config.json"))
        self.desk.import_events_csv(self.path("tickets_events.csv"))
        self.offset = self.desk.calendar_offset()
        self.training = self.load_training()

    def path(self, name):
        return os.path.join(self.data, name)

    def has(self, name):
        return os.path.exists(self.path(name))

    def load_training(self):
        if not self.has("training_courses.csv"):
            return None
        training = csvc.training.Training(self.roster, utc_offset=self.offset)
        training.import_courses_csv(self.path("training_courses.csv"))
        training.load_requirements_json(self.path("training_requirements.json"))
        training.import_records_csv(self.path("training_records.csv"))
        # csvc review's rule: grade 4 or better in the month and a year in the job.
        for level in csvc.Level:
            if level > csvc.Level.JUNIOR:
                training.set_promotion_rule(level, min_grade=4, reviews=1)
        return training

    def latest_month(self):
        """(year, month): the latest local month in which a ticket was created."""
        last = max(self.desk.ticket_at(i).created for i in range(self.desk.ticket_count))
        year, month, _day = csvc.date_split(last, self.offset)
        return year, month

    def close(self):
        for engine in (self.training, self.desk, self.roster):
            if engine is not None:
                engine.close()


class MonthReview:
    """The review of one month: `document` is csvc review's JSON; `charts`
    holds what the report draws beyond it."""

    def __init__(self, month, year, number_):
        self.m = month
        self.year, self.month = year, number_
        offset = month.offset
        self.now = csvc.of_month(year, number_, offset)
        previous = (year - 1, 12) if number_ == 1 else (year, number_ - 1)
        self.before = csvc.of_month(previous[0], previous[1], offset)
        self.id = "%04d-%02d" % (year, number_)
        self.teams = [t for t in month.roster.teams
                      if month.desk.metrics(self.now, t.id).handled or
                      month.desk.metrics(self.before, t.id).handled]
        if month.desk.metrics(self.now).handled == 0:
            raise SystemExit("no tickets handled in %s (unknown month)" % self.id)
        self.results = self.scorecards()
        self.plan, self.statements = self.incentives()
        self.charts = {}

    # ---- the engines ----------------------------------------------------

    def scorecards(self):
        model = csvc.KpiModel.from_json(self.m.path("kpi_model.json"))
        self.model = model
        self.kpi = csvc.Review(self.m.roster, model, self.now, self.id)
        self.kpi.import_ratings_csv(self.m.path("ratings.csv"))
        self.kpi.load_desk(self.m.desk)
        return self.kpi.compute()

    def incentives(self):
        if not self.m.has("incentive_plan.json"):
            return None, None
        plan = csvc.incentive.Plan.load(self.m.path("incentive_plan.json"))
        inputs = csvc.incentive.Inputs.from_engines(self.m.roster, self.now,
                                                    results=self.results, desk=self.m.desk)
        return plan, csvc.incentive.evaluate(plan, inputs, self.now)

    def money(self, amount):
        return csvc.money_format(amount, money_decimals(self.plan.currency))

    # ---- the document -----------------------------------------------------

    def scope(self, team):
        desk = self.m.desk
        now, before = desk.metrics(self.now, team), desk.metrics(self.before, team)
        live_now = desk.metrics(self.now, team, channels=LIVE_CHANNELS)
        live_before = desk.metrics(self.before, team, channels=LIVE_CHANNELS)
        complaints = now.complaint_rate / before.complaint_rate \
            if before.complaint_rate > 0 else None
        values = {
            "csat": (now.csat, before.csat),
            "first_response_live": (live_now.first_response_mean,
                                    live_before.first_response_mean),
            "complaint_rate": (complaints, None),
            "attrition": (self.attrition(team, self.now), self.attrition(team, self.before)),
            "training_coverage": self.coverage(team),
            "sla_compliance": (now.sla_compliance, before.sla_compliance),
            "fcr": (now.fcr, before.fcr),
        }
        out = {"team": team, "name": "Desk" if team is None else self.team_name(team),
               "metrics": metrics_dict(now), "previous": metrics_dict(before)}
        if team is not None:
            out["staffing"] = self.staffing(team)
        out["targets"] = [target(tid, goal, lower, *values[tid]) for tid, goal, lower in TARGETS]
        return out

    def team_name(self, team):
        name = self.m.roster.team(team).name
        return name or team

    def attrition(self, team, period):
        try:
            return self.m.roster.attrition(period, team).rate
        except csvc.Error:
            return None

    def coverage(self, team):
        if self.m.training is None:
            return None, None
        shares = []
        for at in (self.now.end, self.before.end):
            covered, active = self.training_report(at).coverage(team)
            shares.append(covered / active if active else None)
        return tuple(shares)

    def training_report(self, at):
        cache = self.__dict__.setdefault("_reports", {})
        if at not in cache:
            cache[at] = self.m.training.report(at)
        return cache[at]

    def agents(self):
        per_agent = self.m.desk.metrics_all_agents(self.now)
        results = {r.agent: r for r in self.results}
        rows = []
        for agent in self.m.roster.iter_agents():
            m = per_agent[agent.id]
            if m.handled == 0:
                continue
            r = results.get(agent.id)
            scored = r is not None and number(r.composite) is not None
            row = {"id": agent.id, "name": agent.name, "team": agent.team,
                   "metrics": metrics_dict(m), "composite": r.composite if scored else None,
                   "grade": r.grade_label if scored else None,
                   "rank_team": r.rank_team if scored else 0,
                   "rank_desk": r.rank_desk if scored else 0,
                   "incentive": None, "points": None}
            statement = self.statement(agent.id)
            if statement is not None:
                row["incentive"] = self.money(statement.total)
                row["points"] = statement.points
            rows.append((row, r.grade if scored else None))
        return rows

    def statement(self, agent):
        if self.statements is None:
            return None
        try:
            return self.statements[agent]
        except KeyError:
            return None

    @staticmethod
    def by_scorecard(pair):
        row, grade = pair
        if grade is None:
            return (1, 0, 0.0, row["id"])
        return (0, -grade, -row["composite"], row["id"])

    def training_section(self, agents):
        training = self.m.training
        if training is None:
            return None
        at = self.now.end
        report = self.training_report(at)
        horizon = at + EXPIRING_DAYS * 86400
        gaps, expiring = [], []
        for item in report:
            row = {"agent": item.agent_id, "team": self.m.roster.agent(item.agent_id).team,
                   "requirement": item.requirement_id, "course": item.course_id,
                   "state": item.state, "due": item.due, "valid_until": item.valid_until}
            met = item.state in ("current", "expiring")
            if not met:
                gaps.append(row)
            elif item.valid_until is not None and item.valid_until <= horizon:
                expiring.append(row)
        needs = []
        for line in training.needs_csv(self.results, NEEDS_THRESHOLD, at).splitlines()[1:]:
            agent, dimension, score, course = line.split(",")[:4]
            needs.append({"agent": agent, "dimension": dimension, "score": float(score),
                          "course": course})
        covered, active = report.coverage()
        return {"at": at, "covered": covered, "active": active, "gaps": gaps,
                "expiring": expiring, "needs": needs,
                "promotions": self.promotions(agents, at)}

    def promotions(self, agents, at):
        out = []
        for row, grade in agents:  # roster order, as csvc review checks them
            if grade is None or grade < 4:
                continue
            level = self.m.roster.agent(row["id"]).level
            if level >= csvc.Level.MANAGER:
                continue
            eligible, reasons = self.m.training.promotion(row["id"], at, [self.results])
            out.append({"agent": row["id"], "level": str(level), "eligible": eligible,
                        "reasons": reasons})
        return out

    def incentive_section(self):
        if self.plan is None:
            return None
        budget = self.plan.budget
        return {"plan": self.plan.id, "version": self.plan.version,
                "currency": self.plan.currency, "total": self.money(self.statements.total),
                "budget": None if budget is None else self.money(budget),
                "teams": {t.id: self.money(self.team_total(t.id)) for t in self.teams}}

    def team_total(self, team):
        try:
            return self.statements.team_total(team)
        except csvc.Error:  # a team without statements
            return 0

    # ---- staffing ---------------------------------------------------------

    def staffing_window(self):
        """The month's last four whole local weeks (Monday to Monday)."""
        local_days = (self.now.end + self.m.offset) // 86400
        monday = (local_days - (local_days + 3) % 7) * 86400 - self.m.offset
        return monday - 4 * WEEK, monday

    def staffing(self, team):
        start, end = self.staffing_window()
        with csvc.Plan(3600, service_level=0.8, target_seconds=20, shrinkage=0.3) as plan:
            plan.forecast(self.m.desk, start, end, utc_offset=self.m.offset, team=team,
                          aht=HANDLE_SECONDS)
            for days, begin, minutes, heads in self.shifts(team):
                plan.add_shift(days, begin, minutes, heads)
            summary = plan.summary()
            self.charts.setdefault("staffing", {})[team] = [
                (row.required, row.staffed) for row in plan.intervals()]
        return {"arrivals": summary.arrivals, "peak_required": summary.peak_required,
                "required_hours": summary.required_hours,
                "staffed_hours": summary.staffed_hours,
                "shortfall_hours": summary.shortfall_hours,
                "intervals_short": summary.intervals_short}

    def shifts(self, team):
        if not self.m.has("shifts.csv"):
            return []
        out = []
        with open(self.m.path("shifts.csv"), encoding="utf-8") as f:
            for line in f.read().splitlines()[1:]:
                if not line:
                    continue
                team_id, _name, days, begin, minutes, heads = line.split(",")
                if team_id != team:
                    continue
                first, _, last = days.partition("-")
                span = DAYS[DAYS.index(first):DAYS.index(last or first) + 1]
                out.append((span, begin, int(minutes), int(heads)))
        return out

    def daily_sla(self):
        """SLA compliance per local day of the month, desk and teams."""
        series = {}
        for team in [None] + [t.id for t in self.teams]:
            days = self.m.desk.metrics_daily(self.now, team, utc_offset=self.m.offset)
            series[team or "Desk"] = [(day.isoformat(), number(m.sla_compliance))
                                      for day, m in days.items()]
        return series

    def document(self):
        scopes = [self.scope(None)] + [self.scope(t.id) for t in self.teams]
        agents = self.agents()
        training = self.training_section(agents)
        agents.sort(key=self.by_scorecard)
        self.charts["sla_daily"] = self.daily_sla()
        return {"month": self.id, "period": {"start": self.now.start, "end": self.now.end},
                "scopes": scopes, "agents": [row for row, _ in agents], "training": training,
                "incentives": self.incentive_section()}

    def close(self):
        for engine in (self.statements, self.plan, self.kpi, self.model):
            if engine is not None:
                engine.close()


def parse_month(text):
    try:
        year, month = (int(x) for x in text.split("-"))
        if len(text) == 7 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    raise argparse.ArgumentTypeError("expected YYYY-MM, got %r" % text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA, help="the month's directory")
    parser.add_argument("--month", type=parse_month, help="YYYY-MM (default: the latest)")
    parser.add_argument("--json", help="write csvc review's JSON document here")
    parser.add_argument("--html", default=DEFAULT_HTML, help="the report (default %(default)s)")
    args = parser.parse_args(argv)
    if not os.path.isdir(args.data):
        parser.error("--data: %s: no such directory" % args.data)
    try:
        return run(args)
    except (csvc.Error, OSError) as exc:  # the library's message names the file and line
        print("%s: %s" % (parser.prog, exc), file=sys.stderr)
        return 1


def run(args):
    month = Month(args.data)
    offset = month.offset
    try:
        year, number_ = args.month or month.latest_month()
        review = MonthReview(month, year, number_)
        try:
            document = review.document()
            charts = review.charts
        finally:
            review.close()
    finally:
        month.close()
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(document, f, ensure_ascii=False, indent=1)
            f.write("\n")
    with open(args.html, "w", encoding="utf-8") as f:
        f.write(review_report.render(document, charts, offset))
    print(args.html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
