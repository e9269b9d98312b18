"""The durable store through the Python bindings."""
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

import csvc

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROSTER_CSV = os.path.join(REPO, "examples", "data", "roster.csv")
T0 = 1767225600  # 2026-01-01T00:00:00Z


class StoreTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "desk.db")

    def tearDown(self):
        self.dir.cleanup()

    def open_all(self, **kw):
        """A store with an attached roster and desk, all closed at cleanup."""
        store = csvc.Store(self.path, **kw)
        roster = csvc.Roster()
        store.attach(roster)
        desk = csvc.Desk(roster)
        store.attach(desk=desk)
        self.addCleanup(roster.close)
        self.addCleanup(desk.close)
        self.addCleanup(store.close)
        return store, roster, desk

    def seed(self):
        store, roster, desk = self.open_all()
        roster.import_csv(ROSTER_CSV)
        return store, roster, desk

    def test_events_survive_reopen(self):
        store, roster, desk = self.seed()
        for i in range(20):
            desk.create("T%d" % i, team="RET", created=T0 + i)
            desk.assign("T%d" % i, "A201", T0 + i + 5)
        checksum = desk.checksum()
        self.assertEqual(store.event_count, 40)
        store.close()
        store2, roster2, desk2 = self.open_all()
        self.assertEqual(len(roster2), 28)
        self.assertEqual(desk2.event_count, 40)
        self.assertEqual(desk2.checksum(), checksum)
        store2.verify()

    def test_batch_rolls_back_memory_and_disk(self):
        store, roster, desk = self.seed()
        desk.create("B1", team="RET", created=T0)
        before = desk.checksum()
        with self.assertRaises(RuntimeError):
            with store.batch():
                desk.assign("B1", "A201", T0 + 1)
                desk.create("B2", team="RET", created=T0)
                raise RuntimeError("abort the batch")
        self.assertEqual(desk.checksum(), before)
        self.assertEqual(store.event_count, 1)
        with store.batch():
            desk.assign("B1", "A201", T0 + 1)
        self.assertEqual(store.event_count, 2)

    def test_import_is_all_or_nothing_on_disk(self):
        store, roster, desk = self.seed()
        header = ("ticket_id,type,time,actor_id,agent_id,team_id,customer_id,related_id,"
                  "code,channel,category,priority,value\n")
        good = header + "I-1,created,%d,,,RET,,,,,,,\nI-1,assigned,%d,,A201,,,,,,,,\n" % (T0, T0 + 1)
        bad = header + "I-2,created,%d,,,RET,,,,,,,\nI-2,resolved,%d,,,,,,,,,,\n" % (T0, T0 + 1)
        with self.assertRaises(csvc.TransitionError):
            desk.import_events_csv_text(bad)
        self.assertEqual(store.event_count, 0)
        desk.import_events_csv_text(good)
        self.assertEqual(store.event_count, 2)
        # Inside a batch: a failed import undoes itself, the batch goes on.
        with store.batch():
            desk.create("I-3", team="RET", created=T0)
            with self.assertRaises(csvc.TransitionError):
                desk.import_events_csv_text(bad)
        self.assertEqual(store.event_count, 3)
        checksum = desk.checksum()
        store.close()
        _, _, desk2 = self.open_all()
        self.assertEqual(desk2.checksum(), checksum)

    def test_refresh_brings_other_processes_roster_changes(self):
        store, roster, desk = self.seed()
        # A second handle on the same database, as another worker would have.
        other = csvc.Store(self.path)
        roster2 = csvc.Roster()
        self.addCleanup(roster2.close)
        other.attach(roster2)
        desk2 = csvc.Desk(roster2)
        self.addCleanup(desk2.close)
        other.attach(desk=desk2)
        self.addCleanup(other.close)  # cleanups run last first: the store closes first
        roster2.update_agent("A204", name="He Peng (moved)", team="CMP")
        roster2.deactivate("A205")
        roster2.update_team("PRE", name="Pre-sales")
        roster2.add_agent("A900", "New Hire", team="RET", hire_date="2026-01-05")
        desk2.create("R-1", team="RET", created=T0)
        self.assertEqual(store.refresh(), 1)
        self.assertEqual(roster.agent("A204").name, "He Peng (moved)")
        self.assertEqual(roster.agent("A204").team, "CMP")
        self.assertFalse(roster.agent("A205").active)
        self.assertEqual(roster.team("PRE").name, "Pre-sales")
        self.assertEqual(roster.agent("A900").name, "New Hire")
        self.assertEqual(desk.ticket("R-1").team, "RET")

    def test_attached_roster_and_desk_outlive_the_store(self):
        store, roster, desk = self.seed()
        with self.assertRaises(csvc.Busy) as cm:
            desk.close()
        self.assertIn("close the store first", cm.exception.message)
        with self.assertRaises(csvc.Busy):
            roster.close()
        store.close()
        desk.close()
        roster.close()

    def test_roster_changes_persist(self):
        store, roster, desk = self.seed()
        roster.update_agent("A204", name="He Peng (renamed)")
        store.close()
        _, roster2, _ = self.open_all()
        self.assertEqual(roster2.agent("A204").name, "He Peng (renamed)")

    def test_tampering_is_found(self):
        store, roster, desk = self.seed()
        for i in range(5):
            desk.create("X%d" % i, team="RET", created=T0 + i)
        store.close()
        db = sqlite3.connect(self.path)
        # The third event (the roster's rows come first in the chain).
        (seq,) = db.execute("SELECT seq FROM events ORDER BY seq LIMIT 1 OFFSET 2").fetchone()
        db.execute("UPDATE events SET time = time + 60 WHERE seq = ?", (seq,))
        db.commit()
        db.close()
        store = csvc.Store(self.path)
        self.addCleanup(store.close)
        with self.assertRaises(csvc.Corrupt) as cm:
            store.verify()
        self.assertEqual(cm.exception.first_bad, seq)
        self.assertIn("event %d" % seq, cm.exception.message)

    def test_removing_the_newest_event_is_found(self):
        store, roster, desk = self.seed()
        for i in range(4):
            desk.create("N%d" % i, team="RET", created=T0 + i)
        store.close()
        db = sqlite3.connect(self.path)
        (seq,) = db.execute("SELECT max(seq) FROM events").fetchone()
        db.execute("DELETE FROM events WHERE seq = ?", (seq,))
        db.commit()
        db.close()
        with csvc.Store(self.path) as again:
            with self.assertRaises(csvc.Corrupt) as cm:
                again.verify()
            self.assertEqual(cm.exception.first_bad, seq)

    def test_event_callback_on_an_attached_desk(self):
        store, roster, desk = self.seed()
        seen = []
        desk.on_event(lambda e: seen.append(e.type.name.lower()))
        desk.create("X", team="RET", created=T0)
        desk.assign("X", "A201", T0 + 5)
        self.assertEqual(seen, ["created", "assigned"])
        self.assertEqual(store.event_count, 2)  # the callback did not take the store's place
        store.close()
        desk.start("X", T0 + 10)  # still installed after the store closed
        self.assertEqual(seen[-1], "started")
        _, _, again = self.open_all()
        self.assertEqual(again.event_count, 2)

    def test_configuration_is_stored_with_the_events(self):
        store, roster, desk = self.seed()
        cal = csvc.Calendar(utc_offset=8 * 3600)
        for day in range(5):
            cal.add_hours(day, "09:00", "12:00")
            cal.add_hours(day, "13:00", "18:00")
        monday = T0 + 4 * 86400
        desk.create("P", team="RET", created=monday + 3600)  # under no calendar
        desk.set_calendar(cal)
        desk.add_sla_policy(first_response=3600, resolution=8 * 3600)
        desk.create("Q", team="RET", created=monday + 3600)
        desk.set_reopen_policy("RET", 86400, 86400)
        now = monday + 30 * 3600
        before = (desk.checksum(), desk.sla("P", now), desk.sla("Q", now))
        store.close()
        _, _, again = self.open_all()  # a default desk takes the stored configuration
        self.assertEqual((again.checksum(), again.sla("P", now), again.sla("Q", now)), before)

    def test_errors(self):
        with self.assertRaises(csvc.IOFailure):
            csvc.Store(os.path.join(self.dir.name, "no", "such", "dir", "x.db"))
        with open(self.path, "wb") as f:
            f.write(os.urandom(4096))
        with self.assertRaises(csvc.Corrupt):
            csvc.Store(self.path)
        with self.assertRaises(ValueError):
            csvc.Store(":memory:", sync="sometimes")
        store = csvc.Store(":memory:")
        store.close()
        store.close()
        with self.assertRaises(csvc.ClosedError):
            store.begin()

    def test_newer_schema_refused(self):
        csvc.Store(self.path).close()
        db = sqlite3.connect(self.path)
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
        db.commit()
        db.close()
        with self.assertRaises(csvc.VersionError) as cm:
            csvc.Store(self.path)
        self.assertIn("schema version 99", cm.exception.message)

    def test_backup_and_export(self):
        store, roster, desk = self.seed()
        desk.create("E1", team="RET", created=T0)
        copy = os.path.join(self.dir.name, "copy.db")
        store.backup(copy)
        with csvc.Store(copy) as other:
            self.assertEqual(other.event_count, 1)
            self.assertEqual(other.schema_version, csvc.store.SCHEMA_VERSION)
        csv_path = os.path.join(self.dir.name, "events.csv")
        store.export_events_csv(csv_path)
        with csvc.Roster() as r2:
            r2.import_csv(ROSTER_CSV)
            with csvc.Desk(r2) as d2:
                d2.import_events_csv(csv_path)
                self.assertEqual(d2.checksum(), desk.checksum())


if __name__ == "__main__":
    unittest.main()
