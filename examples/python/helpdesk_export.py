#!/usr/bin/env python3
"""A helpdesk's ticket export as the month directory's tickets_events.csv.

    python3 examples/python/helpdesk_export.py EXPORT.csv ROSTER.csv OUT.csv
                                               [--time-zone Asia/Shanghai]

EXPORT.csv has one row per ticket, as helpdesks export them (the column
names below are Freshdesk's; Zendesk and others differ only in names: edit
COLUMNS and the value maps). Each row is mapped to libcsvc's flat ticket
format (csvc_desk_import_tickets_csv() in desk.h), imported into a desk
over the roster (agent and team ids must be the roster's), which turns it
into the events it implies (created, assigned, first reply, resolved,
reopenings, closed, rated, complaints), and the desk's event log is
written to OUT.csv, ready for `csvc review`. Times without an offset are
local to --time-zone. A row the desk refuses stops the whole conversion
with the line and the reason; OUT.csv is then not written.
"""

import argparse
import csv
import io
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

try:
    import csvc
except ImportError as exc:
    if "cannot load libcsvc" in str(exc):
        raise
    sys.path.insert(0, os.path.join(REPO, "bindings", "python"))
    import csvc

# libcsvc's column <- the export's column.
COLUMNS = {
    "ticket_id": "Ticket ID",
    "customer_id": "Contact ID",
    "agent_id": "Agent ID",
    "team_id": "Group",
    "channel": "Source",
    "category": "Type",
    "priority": "Priority",
    "created": "Created time",
    "first_reply": "First responded time",
    "resolved": "Resolved time",
    "closed": "Closed time",
    "reopened": "Reopens",
    "csat": "Satisfaction rating",  # 1..5; empty: not rated
    "complaint": "Complaints",
}
# The export's values -> libcsvc's names (csvc_channel_name() and friends).
GROUPS = {"Pre-sales": "PRE", "Returns": "RET", "Complaints": "CMP",
          "Technical support": "TEC", "Logistics": "LOG"}
SOURCES = {"Phone": "phone", "Chat": "chat", "Email": "email", "Portal": "web_form",
           "Twitter": "social", "Facebook": "social", "Walk-in": "in_store"}
TYPES = {"Question": "inquiry", "Delivery": "order_logistics", "Refund": "return_refund",
         "Warranty": "repair_warranty", "Complaint": "complaint", "Problem": "technical"}
PRIORITIES = {"Low": "low", "Medium": "normal", "High": "high", "Urgent": "urgent"}
VALUE_MAPS = {"team_id": GROUPS, "channel": SOURCES, "category": TYPES,
              "priority": PRIORITIES}
# A ticket resolved at the first contact: one agent interaction, never
# reopened (the export's own count of agent replies).
AGENT_INTERACTIONS = "Agent interactions"


def flat_ticket_rows(export):
    """The export's rows in libcsvc's flat ticket format (header first)."""
    reader = csv.DictReader(export)
    missing = [c for c in list(COLUMNS.values()) + [AGENT_INTERACTIONS]
               if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError("the export has no column %s" % ", ".join(repr(c) for c in missing))
    yield list(COLUMNS) + ["first_contact"]
    for line, row in enumerate(reader, start=2):
        out = []
        for ours, theirs in COLUMNS.items():
            value = row[theirs].strip()
            if value and ours in VALUE_MAPS:
                if value not in VALUE_MAPS[ours]:
                    raise ValueError("line %d, column %r: unknown value %r (add it to %s)"
                                     % (line, theirs, value, ours))
                value = VALUE_MAPS[ours][value]
            out.append(value)
        resolved = row[COLUMNS["resolved"]].strip()
        once = row[AGENT_INTERACTIONS].strip() == "1" and \
            row[COLUMNS["reopened"]].strip() in ("", "0")
        out.append(("yes" if once else "no") if resolved else "")
        yield out


def convert(export_path, roster_path, out_path, time_zone):
    """Writes out_path; returns (tickets, events)."""
    with open(export_path, encoding="utf-8-sig", newline="") as f:
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(flat_ticket_rows(f))
    with csvc.Roster() as roster, csvc.Desk(roster) as desk:
        roster.import_csv(roster_path)
        desk.import_tickets_csv_text(text.getvalue(), time_zone=time_zone)
        desk.export_events_csv(out_path)
        return desk.ticket_count, desk.event_count


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("export", help="the helpdesk's ticket export (CSV)")
    parser.add_argument("roster", help="roster.csv (agent and team ids)")
    parser.add_argument("out", help="the tickets_events.csv to write")
    parser.add_argument("--time-zone", default="Asia/Shanghai",
                        help="the zone of times without an offset (default %(default)s)")
    args = parser.parse_args(argv)
    try:
        tickets, events = convert(args.export, args.roster, args.out, args.time_zone)
    except (csvc.Error, ValueError, OSError) as exc:
        print("%s: %s: %s" % (parser.prog, args.export, exc), file=sys.stderr)
        return 1
    print("%s: %d tickets, %d events" % (args.out, tickets, events))
    return 0


if __name__ == "__main__":
    sys.exit(main())
