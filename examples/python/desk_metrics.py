#!/usr/bin/env python3
"""Loads the example roster and a desk's history, and prints the service
metrics of every agent who handled tickets (the Python side of
csvc.Desk.metrics_all_agents).

    python3 examples/python/desk_metrics.py [HISTORY.csv] [--roster ROSTER.csv]
                                            [--month YYYY-MM] [--business-hours]

HISTORY.csv is an event log (it has a ``type`` column, as written by
Desk.export_events_csv) or a flat ticket export (one row per ticket with a
``created`` column); by default examples/data/tickets_events.csv. Without
it, a small built-in day of tickets is used. ``--business-hours`` counts
durations on a Monday-Friday 09:00-18:00 calendar at UTC+08:00 instead of
elapsed time. Times in the table are minutes (response) and hours
(resolution).

Run it from anywhere in the source tree: the bindings are taken from
bindings/python when csvc is not installed, and the library from
CSVC_LIBRARY or the build tree.
"""

import argparse
import csv
import math
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

try:
    import csvc
except ImportError as exc:
    if "cannot load libcsvc" in str(exc):
        raise
    sys.path.insert(0, os.path.join(REPO, "bindings", "python"))
    import csvc

CST = 8 * 3600
DEFAULT_ROSTER = os.path.join(REPO, "examples", "data", "roster.csv")
DEFAULT_HISTORY = os.path.join(REPO, "examples", "data", "tickets_events.csv")


def history_kind(path):
    """"events" for an event log, "tickets" for a flat ticket export."""
    with open(path, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f), [])
    columns = {c.strip() for c in header}
    if "type" in columns:
        return "events"
    if "created" in columns:
        return "tickets"
    raise ValueError("%s: neither an event log (no 'type' column) nor a ticket export "
                     "(no 'created' column)" % path)


def demo_day(desk):
    """A small Monday of the pre-sales (PRE) and returns (RET) teams."""
    t0 = csvc.parse_time("2025-11-17T09:00+08:00")
    minute = 60
    cases = [
        # id, team, category, channel, agent, first reply, resolved, first contact, csat
        ("D-001", "PRE", "inquiry", "chat", "A102", 1, 6, True, 5),
        ("D-002", "PRE", "inquiry", "chat", "A103", 3, 20, True, 4),
        ("D-003", "PRE", "order_logistics", "phone", "A102", 0, 12, True, 5),
        ("D-004", "RET", "return_refund", "chat", "A202", 4, 95, False, 3),
        ("D-005", "RET", "return_refund", "email", "A203", 42, 300, False, 5),
        ("D-006", "RET", "repair_warranty", "web_form", "A201", 25, None, False, None),
    ]
    for k, (tid, team, category, channel, agent, reply, resolved, fc, csat) in enumerate(cases):
        created = t0 + 17 * minute * k
        desk.create(tid, team, created, customer="CUST-%03d" % (k + 1), channel=channel,
                    category=category)
        desk.assign(tid, agent, created)
        desk.agent_reply(tid, created + reply * minute, agent=agent)
        if resolved is not None:
            desk.resolve(tid, created + resolved * minute, code="answered", first_contact=fc)
        if csat is not None:
            desk.rate(tid, csat, created + (resolved + 30) * minute)
    desk.complaint("D-006", t0 + 8 * 3600)


def load(desk, path):
    kind = history_kind(path)
    if kind == "events":
        desk.import_events_csv(path)
    else:
        desk.import_tickets_csv(path)
    return kind


def whole_span(desk):
    times = [event.time for event in desk.events()]
    return csvc.Period(min(times), max(times) + 1)


def fmt(value, scale=1.0, digits=1, suffix=""):
    if isinstance(value, float) and math.isnan(value):
        return "-"
    return "%.*f%s" % (digits, value * scale, suffix)


COLUMNS = ("agent", "name", "team", "handled", "resolved", "FCR", "FRT med", "FRT p90",
           "res med", "res p90", "CSAT", "reopen", "cmpl/100")


def row(agent_id, name, team, m):
    return (agent_id, name, team, str(m.handled), str(m.resolved),
            fmt(m.fcr, 100, 0, "%"),
            fmt(m.first_response_median, 1 / 60), fmt(m.first_response_p90, 1 / 60),
            fmt(m.resolution_median, 1 / 3600, 2), fmt(m.resolution_p90, 1 / 3600, 2),
            fmt(m.csat, 100, 0, "%"), fmt(m.reopen_rate, 100, 0, "%"),
            fmt(m.complaint_rate, 1, 1))


def width(text):
    """Terminal columns of ``text``: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(rows):
    widths = [max(width(r[i]) for r in rows) for i in range(len(COLUMNS))]
    for r in rows:
        cells = []
        for i, (cell, w) in enumerate(zip(r, widths)):
            pad = " " * (w - width(cell))
            cells.append(cell + pad if i < 3 else pad + cell)
        print("  ".join(cells).rstrip())


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("history", nargs="?", default=DEFAULT_HISTORY)
    parser.add_argument("--roster", default=DEFAULT_ROSTER)
    parser.add_argument("--month", help="report the calendar month YYYY-MM (UTC+08:00)")
    parser.add_argument("--business-hours", action="store_true",
                        help="count durations on Mon-Fri 09:00-18:00 at UTC+08:00")
    args = parser.parse_args(argv[1:])

    with csvc.Roster() as roster:
        try:
            roster.import_csv(args.roster)
        except csvc.Error as exc:
            print("desk_metrics: %s: %s (%s)" % (args.roster, exc.message, exc.name),
                  file=sys.stderr)
            return 1
        with csvc.Desk(roster) as desk:
            if args.business_hours:
                with csvc.Calendar(CST) as cal:
                    for day in ("mon", "tue", "wed", "thu", "fri"):
                        cal.add_hours(day, "09:00", "18:00")
                    desk.set_calendar(cal)
            if os.path.exists(args.history):
                try:
                    kind = load(desk, args.history)
                except (csvc.Error, ValueError, OSError) as exc:
                    print("desk_metrics: %s: %s" % (args.history, getattr(exc, "message", exc)),
                          file=sys.stderr)
                    return 1
                source = "%s (%s)" % (args.history, "event log" if kind == "events"
                                      else "ticket export")
            else:
                demo_day(desk)
                source = "built-in demo day (%s not found)" % args.history
            if desk.event_count == 0:
                print("desk_metrics: %s holds no events" % args.history, file=sys.stderr)
                return 1
            if args.month:
                year, month = (int(x) for x in args.month.split("-"))
                period = csvc.of_month(year, month, CST)
            else:
                period = whole_span(desk)

            print("libcsvc %s: %d tickets, %d events from %s" % (
                csvc.version(), len(desk), desk.event_count, source))
            print("period %s .. %s%s\n" % (
                csvc.format_time(period.start), csvc.format_time(period.end),
                ", business hours Mon-Fri 09:00-18:00 +08:00" if args.business_hours
                else ", elapsed time"))
            rows = [COLUMNS]
            for agent_id, m in desk.metrics_all_agents(period).items():
                if m.handled == 0 and m.resolved == 0:
                    continue
                agent = roster.agent(agent_id)
                rows.append(row(agent_id, agent.name, agent.team, m))
            rows.append(row("all", "whole desk", "", desk.metrics(period)))
            print_table(rows)
            print("\nFRT = first response time (minutes), res = resolution time (hours), "
                  "medians and p90 over tickets; '-' = no value")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
