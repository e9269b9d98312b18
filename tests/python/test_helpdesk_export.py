"""examples/python/helpdesk_export.py on examples/data/helpdesk_export.csv
(five tickets, worked out by hand): the events each row implies, local
times read at +08:00, and errors that name the line and write nothing."""

import csv
import os
import subprocess
import sys
import tempfile
import unittest

import csvc

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(REPO, "examples", "python", "helpdesk_export.py")
EXPORT = os.path.join(REPO, "examples", "data", "helpdesk_export.csv")
ROSTER = os.path.join(REPO, "examples", "data", "month", "roster.csv")


class HelpdeskExportTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.out = os.path.join(self.tmp.name, "tickets_events.csv")

    def convert(self, export=EXPORT):
        return subprocess.run([sys.executable, SCRIPT, export, ROSTER, self.out],
                              capture_output=True, text=True)

    def events(self):
        with open(self.out, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    def test_each_row_becomes_its_events(self):
        done = self.convert()
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("5 tickets, 23 events", done.stdout)
        by_ticket = {}
        for e in self.events():
            by_ticket.setdefault(e["ticket_id"], []).append(e)
        # Reopened once, rated 2, one complaint: 9 events.
        self.assertEqual([e["type"] for e in by_ticket["1002"]],
                         ["created", "assigned", "agent_reply", "resolved", "reopened",
                          "resolved", "closed", "rated", "complaint"])
        self.assertEqual(len(by_ticket["1001"]), 6)  # closed and rated 5
        self.assertEqual(len(by_ticket["1003"]), 4)  # resolved, never closed
        self.assertEqual(len(by_ticket["1004"]), 3)  # open after a first reply
        self.assertEqual(len(by_ticket["1005"]), 1)  # unassigned
        created = by_ticket["1001"][0]
        self.assertEqual(created["time"], "2025-11-03T01:00:00Z")  # 09:00 in Shanghai
        self.assertEqual((created["team_id"], created["channel"], created["category"],
                          created["priority"]), ("LOG", "chat", "order_logistics", "normal"))
        self.assertEqual(by_ticket["1004"][0]["channel"], "web_form")
        # First contact: one agent interaction and no reopening.
        self.assertEqual(by_ticket["1001"][3]["value"], "1")
        self.assertEqual(by_ticket["1002"][3]["value"], "0")

    def test_the_output_imports_into_a_desk(self):
        self.assertEqual(self.convert().returncode, 0)
        with csvc.Roster() as roster, csvc.Desk(roster) as desk:
            roster.import_csv(ROSTER)
            desk.import_events_csv(self.out)
            m = desk.metrics(csvc.of_month(2025, 11, 8 * 3600))
            # 1005 has no agent yet: four handled.
            self.assertEqual((m.handled, m.resolved, m.complaints), (4, 3, 1))
            # First replies after 40 s, 90 min, 10 s and 40 min.
            self.assertEqual(m.first_response_mean, (40 + 5400 + 10 + 2400) / 4)
            self.assertEqual(m.csat, 0.5)  # a 5 and a 2
            self.assertEqual(m.fcr, 2 / 3)

    def write_export(self, edit):
        with open(EXPORT, encoding="utf-8") as f:
            text = edit(f.read())
        path = os.path.join(self.tmp.name, "export.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_an_unknown_value_names_the_line_and_column(self):
        done = self.convert(self.write_export(lambda t: t.replace(",Portal,", ",Fax,")))
        self.assertEqual(done.returncode, 1)
        self.assertIn("line 5, column 'Source': unknown value 'Fax'", done.stderr)
        self.assertFalse(os.path.exists(self.out))

    def test_a_missing_column_is_named(self):
        done = self.convert(self.write_export(lambda t: t.replace("Agent interactions",
                                                                  "Interactions")))
        self.assertEqual(done.returncode, 1)
        self.assertIn("no column 'Agent interactions'", done.stderr)
        self.assertFalse(os.path.exists(self.out))

    def test_a_ticket_the_desk_refuses_writes_nothing(self):
        done = self.convert(self.write_export(lambda t: t.replace(",A401,", ",A999,")))
        self.assertEqual(done.returncode, 1)
        self.assertIn("A999", done.stderr)
        self.assertIn("line 5", done.stderr)
        self.assertFalse(os.path.exists(self.out))


if __name__ == "__main__":
    unittest.main()
