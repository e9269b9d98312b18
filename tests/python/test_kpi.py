"""Tests of the KPI bindings: csvc.KpiModel, csvc.Review, csvc.Results and
reviews in csvc.Store.

Expected scores are worked out by hand in the comments from the rules of
include/csvc/kpi.h, or by the small independent reference scorer below
(rated KPIs from the example ratings, read with the csv module), never read
back from the library under test.
"""

import calendar
import csv
import dataclasses
import datetime
import gc
import importlib.util
import io
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import types
import unittest
import weakref

import csvc
from csvc import _lib
from csvc.kpi import (
    Aggregation,
    Dimension,
    Direction,
    GradeScheme,
    KpiFlag,
    MissingPolicy,
    Normalise,
    RaterGroup,
    Scale,
    Source,
)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(REPO, "examples", "data")
MODEL_JSON = os.path.join(DATA, "kpi_model.json")
RATINGS_CSV = os.path.join(DATA, "ratings.csv")
ROSTER_CSV = os.path.join(DATA, "roster.csv")
HAVE_PANDAS = importlib.util.find_spec("pandas") is not None


def utc(*fields):
    """Unix time of a UTC date/time, computed without libcsvc."""
    fields = tuple(fields) + (0,) * (6 - len(fields))
    return calendar.timegm(fields)


NOVEMBER = (utc(2025, 11, 1), utc(2025, 12, 1))
T = utc(2025, 11, 20, 9)  # when the tiny reviews' ratings are given
ONLY = {"self": 0, "peer": 0, "supervisor": 0, "subordinate": 0, "customer": 0}


def only(**weights):
    """Group weights for one KPI: the given groups, every other one 0."""
    gw = dict(ONLY)
    gw.update(weights)
    return gw


def tiny_roster():
    """Team T: supervisor S1 (the lead) and A1..A6 reporting to S1;
    team U: B1."""
    roster = csvc.Roster()
    roster.add_team("T")
    roster.add_team("U")
    roster.add_agent("S1", "Sup One", "T", level="supervisor")
    for i in range(1, 7):
        roster.add_agent("A%d" % i, "Agent %d" % i, "T", supervisor="S1")
    roster.add_agent("B1", "Bee One", "U")
    roster.update_team("T", lead="S1")
    return roster


class TinyCase(unittest.TestCase):
    """A tiny roster; reviews of models built in Python."""

    def setUp(self):
        self.roster = tiny_roster()
        self.addCleanup(self.roster.close)

    def review(self, model, id="tiny", period=NOVEMBER):
        review = csvc.Review(self.roster, model, period, id=id)
        self.addCleanup(review.close)
        return review

    def compute(self, review):
        results = review.compute()
        self.addCleanup(results.close)
        return results


# -- models --------------------------------------------------------------------


class ModelTest(unittest.TestCase):
    def test_defaults_of_a_new_model(self):
        with csvc.KpiModel("2026.1") as m:
            self.assertEqual(m.version, "2026.1")
            self.assertEqual(len(m), 0)
            self.assertFalse(m.calibration)
            peer = m.group("peer")
            self.assertEqual(peer, csvc.GroupConfig(1.0, Aggregation.MEAN, 1, 3,
                                                    MissingPolicy.RENORMALISE))
            # Self and supervisor are known from the roster: anonymity 1.
            self.assertEqual(m.group(RaterGroup.SELF).anonymity, 1)
            self.assertEqual(m.group("supervisor").anonymity, 1)
            self.assertEqual(list(m.groups), ["self", "peer", "supervisor", "subordinate",
                                              "customer"])
            g = m.grading
            self.assertEqual(g.scheme, GradeScheme.LETTERS)
            self.assertEqual(g.thresholds, (90.0, 80.0, 70.0, 60.0))
            self.assertFalse(g.forced)
            self.assertEqual(g.shares, (10.0, 20.0, 40.0, 20.0, 10.0))

    def test_load_example(self):
        with open(MODEL_JSON, encoding="utf-8") as f:
            doc = json.load(f)
        m = csvc.KpiModel.from_json(MODEL_JSON)
        self.addCleanup(m.close)
        self.assertEqual(m.version, doc["version"])
        self.assertEqual([k.id for k in m.kpis], [k["id"] for k in doc["kpis"]])
        self.assertIn("csat", m)
        self.assertNotIn("nope", m)
        csat = m.kpi("csat")
        self.assertEqual(csat.source, Source.OBJECTIVE)
        self.assertEqual((csat.metric, csat.direction, csat.normalise, csat.floor, csat.target),
                         ("csat", Direction.HIGHER, Normalise.LINEAR, 0.7, 0.95))
        self.assertIsNone(csat.scale)
        frt = m.kpi("first_response")
        self.assertEqual(frt.bands, ((1800, 100), (3600, 85), (7200, 70), (14400, 50)))
        self.assertIsNone(frt.floor)
        ideas = m.kpi("improvement_ideas")
        self.assertIsNone(ideas.metric)  # supplied by the caller
        attitude = m.kpi("service_attitude")
        self.assertTrue(attitude.rated)
        self.assertEqual(attitude.scale, Scale.ZERO_TO_HUNDRED)
        self.assertEqual(str(attitude.scale), "0-100")
        self.assertEqual(attitude.group_weights, doc["kpis"][6]["group_weights"])
        self.assertEqual(m.kpi("teamwork").dimension, Dimension.TEAMWORK)
        for name, cfg in doc["groups"].items():
            got = m.group(name)
            self.assertEqual(got.weight, cfg["weight"])
            self.assertEqual(str(got.aggregation), cfg["aggregation"])
            self.assertEqual((got.min_count, got.anonymity), (cfg["min_count"],
                                                               cfg["anonymity"]))
            self.assertEqual(str(got.missing), cfg["missing"])
        self.assertEqual(m.grading.thresholds, tuple(doc["grading"]["thresholds"]))

    def test_json_round_trip(self):
        m = csvc.KpiModel.from_json(MODEL_JSON)
        self.addCleanup(m.close)
        text = m.to_json()
        json.loads(text)  # a valid document
        with csvc.KpiModel.from_json_text(text) as again:
            self.assertEqual(again.kpis, m.kpis)
            self.assertEqual(again.groups, m.groups)
            self.assertEqual(again.grading, m.grading)
            self.assertEqual(again.to_json(), text)
        with m.copy() as copy:
            self.assertEqual(copy.kpis, m.kpis)

    def test_kpi_def_round_trip_through_add_kpi(self):
        m = csvc.KpiModel.from_json(MODEL_JSON)
        self.addCleanup(m.close)
        with csvc.KpiModel("copy") as built:
            for k in m.kpis:
                built.add_kpi(**dataclasses.asdict(k))
            self.assertEqual(built.kpis, m.kpis)

    def test_build(self):
        with csvc.KpiModel("v1") as m:
            m.add_kpi("fcr", "First contact resolution", "efficiency", 2, metric="fcr",
                      floor=0.5, target=0.9)
            m.add_kpi("aht", None, Dimension.EFFICIENCY, 1, direction="lower",
                      bands=[(300, 100), (600, 60)])
            m.add_kpi("skill", "Skill", "skill", 1.5, source="rated", scale="0-100",
                      group_weights={"customer": 0, RaterGroup.PEER: 2})
            self.assertEqual(len(m), 3)
            fcr, aht, skill = m.kpis
            self.assertEqual((fcr.metric, fcr.floor, fcr.target, fcr.weight),
                             ("fcr", 0.5, 0.9, 2.0))
            self.assertEqual(aht.name, "aht")  # no name: the id
            self.assertEqual((aht.normalise, aht.direction), (Normalise.BANDS, Direction.LOWER))
            self.assertEqual(aht.bands, ((300.0, 100.0), (600.0, 60.0)))
            self.assertEqual(skill.group_weights, {"peer": 2.0, "customer": 0.0})
            self.assertEqual(m.kpi(2), skill)
            m.set_group("peer", aggregation="trimmed_mean", min_count=2)
            peer = m.group("peer")
            self.assertEqual((peer.weight, peer.aggregation, peer.min_count, peer.anonymity),
                             (1.0, Aggregation.TRIMMED_MEAN, 2, 3))
            m.set_group("customer", missing="zero", weight=0.5)
            self.assertEqual(m.group("customer").missing, MissingPolicy.ZERO)
            m.set_grading(scheme="stars", thresholds=(95, 85, 75, 65))
            self.assertEqual(m.grading.scheme, GradeScheme.STARS)
            self.assertEqual(m.grading.thresholds, (95.0, 85.0, 75.0, 65.0))
            m.calibration = True
            self.assertTrue(m.calibration)
            doc = json.loads(m.to_json())
            self.assertEqual(doc["version"], "v1")
            self.assertTrue(doc["calibration"])

    def test_metric_names(self):
        names = csvc.metric_names()
        self.assertEqual(len(names), 31)
        self.assertEqual(names[:3], ["handled", "resolved", "resolution_rate"])
        self.assertIn("frt_median", names)
        self.assertEqual(names[-1], "backlog")

    def test_model_errors(self):
        with csvc.KpiModel("v1") as m:
            with self.assertRaises(csvc.RangeError) as cm:
                m.add_kpi("csat", weight=0)
            self.assertIn("kpi 'csat': weight: must be positive", cm.exception.message)
            self.assertEqual(cm.exception.message, csvc.last_errmsg())
            with self.assertRaises(csvc.NotFound) as cm:
                m.add_kpi("x", metric="no_such_metric")
            self.assertIn("no_such_metric", cm.exception.message)
            m.add_kpi("ok")
            with self.assertRaises(csvc.AlreadyExists):
                m.add_kpi("ok")
            with self.assertRaises(csvc.RangeError):  # linear, higher: floor < target
                m.add_kpi("bad", floor=10, target=5)
            with self.assertRaises(csvc.RangeError):  # thresholds not ascending
                m.add_kpi("bad", bands=[(5, 100), (1, 50)])
            with self.assertRaises(csvc.InvalidArgument) as cm:
                m.add_kpi("bad", dimension="speed")
            self.assertIn("speed", cm.exception.message)
            # Settings that do not apply to the source are refused, not dropped.
            with self.assertRaises(csvc.InvalidArgument) as cm:
                m.add_kpi("bad", source="rated", floor=1)
            self.assertIn("floor", cm.exception.message)
            with self.assertRaises(csvc.InvalidArgument):
                m.add_kpi("bad", scale="1-5")
            with self.assertRaises(csvc.InvalidArgument):
                m.add_kpi("bad", bands=[(1, 1)], floor=0)
            with self.assertRaises(csvc.InvalidArgument):
                m.add_kpi("bad", source="sometimes")
            with self.assertRaises(csvc.ConstraintError):
                m.add_kpi("bad", source="rated", group_weights=ONLY)
            self.assertEqual(len(m), 1)
            with self.assertRaises(csvc.RangeError):
                m.set_group("peer", weight=-1)
            with self.assertRaises(csvc.RangeError):
                m.set_group("peer", anonymity=0)
            with self.assertRaises(csvc.InvalidArgument):
                m.set_group("boss", weight=1)
            with self.assertRaises(csvc.InvalidArgument):
                m.set_group("peer", aggregation="mode")
            with self.assertRaises(csvc.RangeError):
                m.set_grading(thresholds=(60, 70, 80, 90))
            with self.assertRaises(csvc.RangeError):
                m.set_grading(forced=True, shares=(50, 50, 50, 0, 0))
            with self.assertRaises(csvc.NotFound):
                m.kpi("nope")
            with self.assertRaises(TypeError):
                m.add_kpi("bad", weight="3")
            with self.assertRaises(TypeError):
                m.calibration = 1
        with self.assertRaises(csvc.ClosedError):
            m.add_kpi("late")
        with self.assertRaises(csvc.TooLong):
            csvc.KpiModel("v" * 65)

    def test_only_a_rated_kpi_keeps_the_group_positive(self):
        with csvc.KpiModel("v1") as m:
            m.add_kpi("r", source="rated", group_weights=only(peer=None))  # model-wide peer
            for g in ("self", "supervisor", "subordinate", "customer"):
                m.set_group(g, weight=0)
            with self.assertRaises(csvc.ConstraintError) as cm:
                m.set_group("peer", weight=0)
            self.assertTrue(cm.exception.message)

    def test_malformed_json(self):
        with self.assertRaises(csvc.ParseError) as cm:
            csvc.KpiModel.from_json_text('{"version": "x", "kpis": [')
        self.assertIn("line 1", cm.exception.message)
        with open(MODEL_JSON, encoding="utf-8") as f:
            doc = json.load(f)
        doc["kpis"][3]["weight"] = "heavy"
        with self.assertRaises(csvc.ParseError) as cm:
            csvc.KpiModel.from_json_text(json.dumps(doc))
        self.assertIn("kpis[3].weight", cm.exception.message)
        self.assertIn("expected a number", cm.exception.message)
        doc["kpis"][3]["weight"] = 1
        doc["kpis"][0]["normalise"]["flor"] = 0.7  # a typo
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "model.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(doc, f)
            with self.assertRaises(csvc.ParseError) as cm:
                csvc.KpiModel.from_json(path)
            self.assertIn("kpis[0].normalise.flor", cm.exception.message)
            self.assertIn("unknown field", cm.exception.message)
            with self.assertRaises(csvc.IOFailure) as cm:
                csvc.KpiModel.from_json(os.path.join(tmp, "missing.json"))
            self.assertIn("missing.json", cm.exception.message)
        doc["kpis"][0]["normalise"] = {"method": "linear", "floor": 0.7, "target": 0.95}
        doc["kpis"][0]["weight"] = 0
        with self.assertRaises(csvc.RangeError) as cm:
            csvc.KpiModel.from_json_text(json.dumps(doc))
        self.assertIn("kpis[0].weight", cm.exception.message)


# -- hand-computed scores ------------------------------------------------------


class RenormalisationTest(TinyCase):
    def model(self, peer_missing="renormalise"):
        # goal and feedback: self, peer and supervisor, weight 1 each.
        m = csvc.KpiModel("r1")
        self.addCleanup(m.close)
        m.set_group("subordinate", weight=0)
        m.set_group("customer", weight=0)
        m.set_group("peer", missing=peer_missing, anonymity=1)
        m.add_kpi("goal", "Goal", "quality", 1, source="rated")
        m.add_kpi("feedback", "Feedback", "teamwork", 1, source="rated")
        return m

    def test_missing_groups_give_their_weight_away(self):
        # DOMAIN: goal 5, feedback 5 and no self appraisal gives 5, not
        # 3.33. Here peers and self are both missing: the supervisor's 5
        # ((5 - 1) / 4 * 100 = 100) carries the whole score of each KPI.
        review = self.review(self.model())
        review.rate("S1", "A1", "goal", "supervisor", 5, T)
        review.rate("S1", "A1", "feedback", "supervisor", 5, T)
        results = self.compute(review)
        a1 = results.agent("A1")
        self.assertEqual(a1.composite, 100.0)
        self.assertEqual(a1.dimensions["quality"], 100.0)
        self.assertEqual(a1.dimensions["teamwork"], 100.0)
        self.assertIsNone(a1.dimensions["skill"])
        self.assertIn(KpiFlag.RENORMALISED, a1.flags)
        goal = results.kpi("A1", "goal")
        self.assertEqual((goal.raw, goal.score), (5.0, 100.0))
        self.assertEqual((goal.weight_share, goal.contribution), (0.5, 50.0))
        self.assertIn(KpiFlag.RENORMALISED, goal.flags)
        by_group = {str(g.group): g for g in results.groups("A1", "goal")}
        self.assertEqual(by_group["supervisor"].weight_used, 1.0)
        self.assertEqual(by_group["supervisor"].aggregate, 100.0)
        for name in ("self", "peer"):
            self.assertEqual(by_group[name].count, 0)
            self.assertEqual(by_group[name].weight_used, 0.0)
            self.assertIsNone(by_group[name].aggregate)
            self.assertTrue(by_group[name].missing)
        for name in ("subordinate", "customer"):
            self.assertTrue(by_group[name].excluded)

    def test_missing_peer_with_a_self_appraisal(self):
        # Self 3 (50) and supervisor 5 (100), peers missing: (50 + 100) / 2.
        review = self.review(self.model())
        review.rate("A1", "A1", "goal", "self", 3, T)
        review.rate("S1", "A1", "goal", "supervisor", 5, T)
        goal = self.compute(review).kpi("A1", "goal")
        self.assertEqual(goal.score, 75.0)
        self.assertEqual(goal.raw, 4.0)  # 1 + 75 / 100 * 4

    def test_zero_policy_keeps_the_weight(self):
        # Peers count as 0 with their weight; self (renormalise) drops out:
        # (1 * 100 + 1 * 0) / 2 = 50.
        review = self.review(self.model(peer_missing="zero"))
        review.rate("S1", "A1", "goal", "supervisor", 5, T)
        review.rate("S1", "A1", "feedback", "supervisor", 5, T)
        results = self.compute(review)
        goal = results.kpi("A1", "goal")
        self.assertEqual(goal.score, 50.0)
        self.assertIn(KpiFlag.ZERO_FILLED, goal.flags)
        peer = results.groups("A1", "goal")[RaterGroup.PEER]
        self.assertEqual(peer.weight_used, 0.5)
        self.assertIn(KpiFlag.ZERO_FILLED, peer.flags)
        self.assertEqual(results.agent("A1").composite, 50.0)

    def test_incomplete_policy_leaves_no_composite(self):
        review = self.review(self.model(peer_missing="incomplete"))
        review.rate("S1", "A1", "goal", "supervisor", 5, T)
        results = self.compute(review)
        a1 = results.agent("A1")
        self.assertIsNone(a1.composite)
        self.assertIsNone(a1.grade)
        self.assertIsNone(a1.rank_desk)
        self.assertIsNone(a1.percentile_team)
        self.assertIn(KpiFlag.INCOMPLETE, a1.flags)
        self.assertIsNone(results.kpi("A1", "goal").score)


class AggregationTest(TinyCase):
    def model(self, aggregation="trimmed_mean"):
        m = csvc.KpiModel("a1")
        self.addCleanup(m.close)
        m.set_group("peer", aggregation=aggregation)
        m.add_kpi("help", "Helpfulness", "teamwork", 1, source="rated", scale="0-100",
                  group_weights=only(peer=1))
        return m

    def rate_peers(self, review, values):
        for i, value in enumerate(values):
            review.rate("A%d" % (i + 2), "A1", "help", "peer", value, T)

    def test_trimmed_mean_at_five_ratings(self):
        # Drops one highest (100) and one lowest (10): (50 + 60 + 70) / 3.
        review = self.review(self.model())
        self.rate_peers(review, [10, 50, 60, 70, 100])
        results = self.compute(review)
        self.assertEqual(results.kpi("A1", "help").score, 60.0)
        peer = results.groups("A1", "help")[RaterGroup.PEER]
        self.assertEqual((peer.count, peer.aggregate, peer.weight_used), (5, 60.0, 1.0))

    def test_trimmed_mean_drops_one_of_tied_extremes(self):
        # 50, 50, 50, 80, 80: one 50 and one 80 go: (50 + 50 + 80) / 3 = 60.
        review = self.review(self.model())
        self.rate_peers(review, [50, 80, 50, 80, 50])
        self.assertEqual(self.compute(review).kpi("A1", "help").score, 60.0)

    def test_trimmed_mean_below_five_is_the_mean(self):
        # 10, 50, 60, 70: plain mean 47.5.
        review = self.review(self.model())
        self.rate_peers(review, [10, 50, 60, 70])
        self.assertEqual(self.compute(review).kpi("A1", "help").score, 47.5)

    def test_median(self):
        review = self.review(self.model("median"))
        self.rate_peers(review, [10, 50, 60, 70])  # (50 + 60) / 2
        self.assertEqual(self.compute(review).kpi("A1", "help").score, 55.0)

    def test_replacement_counts_once(self):
        review = self.review(self.model("mean"))
        review.rate("A2", "A1", "help", "peer", 20, T)
        review.rate("A3", "A1", "help", "peer", 40, T)
        review.rate("A4", "A1", "help", "peer", 60, T)
        review.rate("A2", "A1", "help", "peer", 80, T + 60)  # replaces the 20
        self.assertEqual(review.rating_count, 3)
        self.assertEqual(self.compute(review).kpi("A1", "help").score, 60.0)
        with self.assertRaises(csvc.TimeError):
            review.rate("A2", "A1", "help", "peer", 10, T)  # older than the 80


class NormalisationTest(TinyCase):
    def test_linear_at_floor_and_target(self):
        # floor 0.5, target 0.9, higher is better:
        # (v - 0.5) / 0.4 * 100, clamped to 0..100.
        m = csvc.KpiModel("n1")
        self.addCleanup(m.close)
        m.add_kpi("fcr", "FCR", "efficiency", 1, floor=0.5, target=0.9)
        review = self.review(m)
        values = {"A1": 0.5, "A2": 0.9, "A3": 0.7, "A4": 0.95, "A5": 0.4}
        for agent, v in values.items():
            review.set_objective(agent, "fcr", v)
        results = self.compute(review)
        expected = {"A1": 0.0, "A2": 100.0, "A3": 50.0, "A4": 100.0, "A5": 0.0}
        for agent, score in expected.items():
            k = results.kpi(agent, "fcr")
            self.assertAlmostEqual(k.score, score, places=9, msg=agent)
            self.assertEqual(k.raw, values[agent])
            self.assertAlmostEqual(results.agent(agent).composite, score, places=9)
        # No value: no score, no composite (MISSING), no grade.
        a6 = results.agent("A6")
        self.assertIsNone(a6.composite)
        self.assertIn(KpiFlag.MISSING, a6.flags)
        self.assertIsNone(results.kpi("A6", "fcr").raw)
        # A clears its value again.
        review.set_objective("A1", "fcr", None)
        self.assertIsNone(self.compute(review).kpi("A1", "fcr").score)

    def test_linear_lower_is_better(self):
        # floor 20, target 0: (20 - v) / 20 * 100.
        m = csvc.KpiModel("n2")
        self.addCleanup(m.close)
        m.add_kpi("complaints", None, "quality", 1, direction="lower", floor=20, target=0)
        review = self.review(m)
        for agent, v in (("A1", 5), ("A2", 0), ("A3", 25)):
            review.set_objective(agent, "complaints", v)
        results = self.compute(review)
        self.assertEqual([results.kpi(a, "complaints").score for a in ("A1", "A2", "A3")],
                         [75.0, 100.0, 0.0])

    def test_bands(self):
        m = csvc.KpiModel("n3")
        self.addCleanup(m.close)
        # Lower is better: the first band whose threshold >= v; 0 above the last.
        m.add_kpi("frt", None, "efficiency", 1, direction="lower",
                  bands=[(1800, 100), (3600, 85)])
        # Higher is better: the last band whose threshold <= v; 0 below the first.
        m.add_kpi("sla", None, "efficiency", 1, bands=[(0.5, 50), (0.8, 100)])
        review = self.review(m)
        cases = {"A1": (1800, 0.8), "A2": (2000, 0.6), "A3": (4000, 0.4)}
        for agent, (frt, sla) in cases.items():
            review.set_objective(agent, "frt", frt)
            review.set_objective(agent, "sla", sla)
        results = self.compute(review)
        got = {a: (results.kpi(a, "frt").score, results.kpi(a, "sla").score) for a in cases}
        self.assertEqual(got, {"A1": (100.0, 100.0), "A2": (85.0, 50.0), "A3": (0.0, 0.0)})

    def test_rated_kpi_rescaled_from_one_to_five(self):
        # (v - 1) / 4 * 100: 3.5 -> 62.5, 1 -> 0, 4.2 -> 80.
        m = csvc.KpiModel("n4")
        self.addCleanup(m.close)
        m.add_kpi("skill", None, "skill", 1, source="rated", group_weights=only(supervisor=1))
        review = self.review(m)
        for agent, v in (("A1", 3.5), ("A2", 1), ("A3", 4.2)):
            review.rate("S1", agent, "skill", "supervisor", v, T)
        results = self.compute(review)
        for agent, v, score in (("A1", 3.5, 62.5), ("A2", 1.0, 0.0), ("A3", 4.2, 80.0)):
            k = results.kpi(agent, "skill")
            self.assertAlmostEqual(k.score, score, places=9)
            self.assertAlmostEqual(k.raw, v, places=9)


class CompositeTest(TinyCase):
    def test_weights_contributions_grades_ranks(self):
        # csat (weight 3, linear 0..1) and help (weight 1, supervisor 1..5).
        m = csvc.KpiModel("c1")
        self.addCleanup(m.close)
        m.add_kpi("csat", "CSAT", "quality", 3, floor=0, target=1)
        m.add_kpi("help", "Help", "teamwork", 1, source="rated", group_weights=only(supervisor=1))
        review = self.review(m)
        # A1: 100 and 50 -> (300 + 50) / 4 = 87.5 (A); A2 and A3: 50 and 50
        # -> 50 (D), tied.
        review.set_objective("A1", "csat", 1.0)
        review.rate("S1", "A1", "help", "supervisor", 3, T)
        for agent in ("A2", "A3"):
            review.set_objective(agent, "csat", 0.5)
            review.rate("S1", agent, "help", "supervisor", 3, T)
        results = self.compute(review)
        a1 = results.agent("A1")
        self.assertEqual(a1.composite, 87.5)
        self.assertEqual((a1.grade, a1.grade_label), (4, "A"))
        self.assertEqual(a1.dimensions, {"quality": 100.0, "efficiency": None, "skill": None,
                                         "teamwork": 50.0, "innovation": None})
        kpis = results.kpis("A1")
        self.assertEqual([k.kpi for k in kpis], ["csat", "help"])
        self.assertEqual([k.weight_share for k in kpis], [0.75, 0.25])
        self.assertEqual([k.contribution for k in kpis], [75.0, 12.5])
        self.assertEqual(sum(k.contribution for k in kpis), a1.composite)
        self.assertEqual(kpis[1].source, Source.RATED)
        self.assertEqual(kpis[1].dimension, Dimension.TEAMWORK)
        # Ranks 1, 2, 2 ("1224"); percentiles 100 and, for the tie,
        # 100 * (0 + (2 - 1) / 2) / (3 - 1) = 25.
        a2, a3 = results.agent("A2"), results.agent("A3")
        self.assertEqual((a2.grade_label, a2.rank_team, a3.rank_team), ("D", 2, 2))
        self.assertEqual((a1.percentile_team, a2.percentile_team, a3.percentile_desk),
                         (100.0, 25.0, 25.0))
        self.assertEqual((a1.team_size, a1.desk_size), (3, 3))
        # Agents without a composite get no grade, rank or percentile.
        s1 = results.agent("S1")
        self.assertEqual((s1.composite, s1.grade, s1.grade_label, s1.rank_team),
                         (None, None, None, None))
        self.assertEqual(s1.desk_size, 0)

    def test_forced_distribution(self):
        m = csvc.KpiModel("c2")
        self.addCleanup(m.close)
        m.add_kpi("x", None, "quality", 1, floor=0, target=100)
        m.set_grading(forced=True, shares=(20, 20, 20, 20, 20), scheme="stars")
        review = self.review(m)
        for i in range(1, 6):
            review.set_objective("A%d" % i, "x", 99 - i)  # all would be grade 5 by thresholds
        results = self.compute(review)
        self.assertEqual([results.agent("A%d" % i).grade_label for i in range(1, 6)],
                         ["5", "4", "3", "2", "1"])


class AnonymityTest(TinyCase):
    def model(self):
        m = csvc.KpiModel("h1")
        self.addCleanup(m.close)
        m.set_group("peer", anonymity=3)
        m.add_kpi("help", "Help", "teamwork", 1, source="rated", scale="0-100",
                  group_weights=only(peer=1, supervisor=1))
        return m

    def test_group_below_threshold_exposes_no_aggregate(self):
        review = self.review(self.model())
        review.rate("A2", "A1", "help", "peer", 40, T)
        review.rate("A3", "A1", "help", "peer", 60, T)
        review.rate("S1", "A1", "help", "supervisor", 100, T)
        results = self.compute(review)
        peer = results.groups("A1", "help")[RaterGroup.PEER]
        self.assertEqual(peer.group, RaterGroup.PEER)
        self.assertEqual(peer.count, 2)
        self.assertIsNone(peer.aggregate)
        self.assertTrue(peer.hidden)
        self.assertEqual(peer.weight_used, 0.0)
        # The hidden group counts as missing (renormalised away): the
        # supervisor's 100 alone, whatever the peers gave.
        k = results.kpi("A1", "help")
        self.assertEqual(k.score, 100.0)
        self.assertIn(KpiFlag.HIDDEN, k.flags)
        self.assertIn(KpiFlag.RENORMALISED, k.flags)
        self.assertIn(KpiFlag.HIDDEN, results.agent("A1").flags)
        # No export carries it either.
        detail = list(csv.DictReader(io.StringIO(results.to_csv(detail=True))))
        row = [r for r in detail if r["agent_id"] == "A1" and r["kpi_id"] == "help"][0]
        self.assertEqual(row["peer_count"], "2")
        self.assertEqual(row["peer_aggregate"], "")
        self.assertEqual(row["supervisor_aggregate"], "100")
        self.assertIn("hidden", row["peer_flags"])
        doc = json.loads(results.to_json())
        agent = [a for a in doc["agents"] if a["agent_id"] == "A1"][0]
        groups = agent["kpis"][0]["groups"]
        self.assertIsNone(groups["peer"]["aggregate"])
        self.assertEqual(groups["peer"]["count"], 2)
        self.assertNotIn("self", groups)  # excluded groups are left out

    def test_folding_hidden_groups_is_an_opt_in(self):
        model = self.model()
        self.assertFalse(model.fold_hidden)
        model.fold_hidden = True
        self.assertTrue(model.fold_hidden)
        self.assertIn('"fold_hidden_groups": true', model.to_json())
        self.assertTrue(csvc.KpiModel.from_json_text(model.to_json()).fold_hidden)
        review = self.review(model)
        review.rate("A2", "A1", "help", "peer", 40, T)
        review.rate("A3", "A1", "help", "peer", 60, T)
        review.rate("S1", "A1", "help", "supervisor", 100, T)
        results = self.compute(review)
        # Folded: (50 + 100) / 2 = 75; the peers' 50 is recoverable from it.
        self.assertEqual(results.kpi("A1", "help").score, 75.0)
        self.assertIsNone(results.groups("A1", "help")[RaterGroup.PEER].aggregate)
        with self.assertRaises(TypeError):
            model.fold_hidden = 1

    def test_group_at_threshold_is_visible(self):
        review = self.review(self.model())
        for rater, value in (("A2", 40), ("A3", 60), ("A4", 80)):
            review.rate(rater, "A1", "help", "peer", value, T)
        peer = self.compute(review).groups("A1", "help")[RaterGroup.PEER]
        self.assertEqual((peer.count, peer.aggregate, peer.flags), (3, 60.0, KpiFlag(0)))
        self.assertFalse(peer.hidden)


# -- reviews: rules, errors, lifetime ------------------------------------------


class ReviewTest(TinyCase):
    def model(self):
        m = csvc.KpiModel("v1")
        self.addCleanup(m.close)
        m.add_kpi("help", "Help", "teamwork", 1, source="rated")
        m.add_kpi("ideas", "Ideas", "innovation", 1, floor=0, target=3)
        m.add_kpi("csat", "CSAT", "quality", 1, metric="csat", floor=0.7, target=0.95)
        return m

    def test_properties(self):
        review = self.review(self.model(), id="2025-11-T")
        self.assertEqual(review.id, "2025-11-T")
        self.assertEqual(review.period, csvc.Period(*NOVEMBER))
        self.assertEqual(review.model_version, "v1")
        self.assertEqual([k.id for k in review.model.kpis], ["help", "ideas", "csat"])
        self.assertFalse(review.finished)
        self.assertFalse(review.closed)
        self.assertEqual(review.rating_count, 0)
        self.assertIs(review.roster, self.roster)
        self.assertIn("2025-11-T", repr(review))

    def test_the_review_keeps_its_own_model(self):
        m = self.model()
        review = self.review(m)
        m.add_kpi("later", None, "skill", 1)
        self.assertEqual(len(review.model), 3)
        m.close()
        review.set_objective("A1", "ideas", 3)
        self.assertEqual(self.compute(review).agent("A1").composite, 100.0)

    def test_rater_rules(self):
        review = self.review(self.model())
        review.rate("A1", "A1", "help", "self", 4, T)
        review.rate("S1", "A1", "help", "supervisor", 4, T)
        review.rate("A2", "A1", "help", "peer", 4, T)
        review.rate("A1", "S1", "help", "subordinate", 4, T)
        review.rate("C-1", "A1", "help", RaterGroup.CUSTOMER, 4, T)
        self.assertEqual(review.rating_count, 5)
        refused = [
            ("A2", "A1", "self", "only from the ratee"),
            ("A2", "A1", "supervisor", "'A2' rates 'A1' as peer"),  # no choosing
            ("S1", "A1", "peer", "'S1' rates 'A1' as supervisor"),
            ("B1", "A1", "supervisor", "not the supervisor"),
            ("B1", "A1", "peer", "same team"),
            ("A1", "A1", "peer", "only in the self group"),
            ("A1", "A1", "customer", ""),
            ("A2", "A1", "subordinate", ""),
        ]
        for rater, ratee, group, text in refused:
            with self.assertRaises(csvc.PermissionDenied, msg=(rater, group)) as cm:
                review.rate(rater, ratee, "help", group, 3, T)
            self.assertIsInstance(cm.exception, PermissionError)
            self.assertIn(text, cm.exception.message)
            self.assertTrue(cm.exception.message)
        self.assertEqual(review.rating_count, 5)

    def test_rating_errors(self):
        review = self.review(self.model())
        with self.assertRaises(csvc.RangeError) as cm:
            review.rate("S1", "A1", "help", "supervisor", 6, T)
        self.assertIn("outside the scale 1-5", cm.exception.message)
        self.assertIn("help", cm.exception.message)
        with self.assertRaises(csvc.RangeError):
            review.rate("S1", "A1", "help", "supervisor", 0.5, T)
        with self.assertRaises(csvc.RangeError):
            review.rate("S1", "A1", "help", "supervisor", float("nan"), T)
        with self.assertRaises(csvc.NotFound) as cm:
            review.rate("S1", "Z9", "help", "supervisor", 3, T)
        self.assertIn("Z9", cm.exception.message)
        with self.assertRaises(csvc.NotFound):
            review.rate("S1", "A1", "nope", "supervisor", 3, T)
        with self.assertRaises(csvc.ConstraintError):
            review.rate("S1", "A1", "ideas", "supervisor", 3, T)  # objective
        with self.assertRaises(csvc.InvalidArgument) as cm:
            review.rate("S1", "A1", "help", "boss", 3, T)
        self.assertIn("boss", cm.exception.message)
        with self.assertRaises(TypeError):
            review.rate("S1", "A1", "help", "supervisor", "3", T)
        with self.assertRaises(ValueError):  # naive datetime
            review.rate("S1", "A1", "help", "supervisor", 3, datetime.datetime(2025, 11, 20))
        with self.assertRaises(csvc.NotFound):
            review.set_objective("Z9", "ideas", 1)
        with self.assertRaises(csvc.ConstraintError):
            review.set_objective("A1", "help", 1)
        with self.assertRaises(csvc.RangeError):
            review.set_objective("A1", "ideas", float("inf"))
        self.assertEqual(review.rating_count, 0)
        with self.assertRaises(csvc.RangeError):
            csvc.Review(self.roster, self.model(), (NOVEMBER[1], NOVEMBER[0]))
        with csvc.KpiModel("empty") as empty:
            with self.assertRaises(csvc.ConstraintError):
                csvc.Review(self.roster, empty, NOVEMBER)
        with self.assertRaises(TypeError):
            csvc.Review(self.roster, "model.json", NOVEMBER)

    def test_closed_review(self):
        review = self.review(self.model())
        review.rate("S1", "A1", "help", "supervisor", 5, T)
        review.finish()
        self.assertTrue(review.finished)
        self.assertFalse(review.closed)  # still usable for results
        calls = [
            lambda: review.rate("S1", "A2", "help", "supervisor", 5, T),
            lambda: review.set_objective("A1", "ideas", 3),
            lambda: review.import_ratings_csv_text("rater,ratee,kpi,group,value,time\n"),
            lambda: review.set_metrics({}),
            review.finish,
        ]
        for call in calls:
            with self.assertRaises(csvc.ClosedError) as cm:
                call()
            self.assertIn("is closed", cm.exception.message)
        self.assertEqual(review.rating_count, 1)
        self.assertEqual(self.compute(review).kpi("A1", "help").score, 100.0)

    def test_import_csv(self):
        review = self.review(self.model())
        review.import_ratings_csv_text(
            "rater,ratee,kpi,group,value,time\n"
            "S1,A1,help,supervisor,4,2025-11-20T09:00:00Z\n"
            "A2,A1,help,peer,2,%d\n" % T)
        self.assertEqual(review.rating_count, 2)
        # All or nothing: the bad third row rejects the file.
        with self.assertRaises(csvc.PermissionDenied) as cm:
            review.import_ratings_csv_text(
                "rater,ratee,kpi,group,value,time\n"
                "S1,A2,help,supervisor,4,2025-11-20T09:00:00Z\n"
                "A3,A2,help,peer,4,2025-11-20T09:00:00Z\n"
                "B1,A2,help,peer,4,2025-11-20T09:00:00Z\n")
        self.assertIn("line 4", cm.exception.message)
        self.assertEqual(review.rating_count, 2)
        with self.assertRaises(csvc.ParseError):
            review.import_ratings_csv_text("rater,ratee,kpi,group,value,time\n"
                                           "S1,A2,help,supervisor,four,2025-11-20\n")
        with self.assertRaises(csvc.IOFailure):
            review.import_ratings_csv(os.path.join(REPO, "no", "such.csv"))

    def test_set_metrics(self):
        review = self.review(self.model())
        # csat 0.9 on 0.7..0.95: (0.9 - 0.7) / 0.25 * 100 = 80.
        review.set_metrics({"A1": {"csat": 0.9, "handled": 10}, "A2": {"csat": None}})
        results = self.compute(review)
        self.assertAlmostEqual(results.kpi("A1", "csat").score, 80.0, places=9)
        self.assertIsNone(results.kpi("A2", "csat").score)
        with self.assertRaises(csvc.NotFound):
            review.set_metrics({"Z9": {}})
        with self.assertRaises(csvc.InvalidArgument):
            review.set_metrics({"A1": {"csta": 0.9}})
        with self.assertRaises(TypeError):
            review.set_metrics({"A1": 0.9})

    def test_load_desk(self):
        model = self.model()
        review = self.review(model)
        desk = csvc.Desk(self.roster)
        self.addCleanup(desk.close)
        t0 = NOVEMBER[0] + 86400
        # A1 resolves two tickets rated 5 and 4 (CSAT = share of 4-5 = 1.0);
        # A2 one rated 2 (CSAT 0).
        for tid, agent, csat in (("K1", "A1", 5), ("K2", "A1", 4), ("K3", "A2", 2)):
            desk.create(tid, "T", t0)
            desk.assign(tid, agent, t0 + 60)
            desk.start(tid, t0 + 120)
            desk.agent_reply(tid, t0 + 180)
            desk.resolve(tid, t0 + 600)
            desk.rate(tid, csat, t0 + 900)
        review.set_objective("A1", "ideas", 1.5)  # caller-supplied: kept
        review.load_desk(desk)
        results = self.compute(review)
        self.assertEqual(results.kpi("A1", "csat").raw, 1.0)
        self.assertEqual(results.kpi("A1", "csat").score, 100.0)
        self.assertEqual(results.kpi("A2", "csat").score, 0.0)
        self.assertEqual(results.kpi("A1", "ideas").score, 50.0)
        self.assertIsNone(results.kpi("A3", "csat").raw)  # no tickets: NaN metric
        # The same through set_metrics().
        other = self.review(model, id="other")
        other.set_metrics(desk.metrics_all_agents(NOVEMBER))
        again = self.compute(other)
        for agent in ("A1", "A2", "A3"):
            a, b = again.kpi(agent, "csat"), results.kpi(agent, "csat")
            self.assertEqual((a.raw, a.score, a.flags), (b.raw, b.score, b.flags))
        # A desk on another roster is refused.
        with tiny_roster() as roster2, csvc.Desk(roster2) as desk2:
            with self.assertRaises(csvc.InvalidArgument):
                review.load_desk(desk2)
        with self.assertRaises(TypeError):
            review.load_desk(self.roster)

    def test_close_frees(self):
        review = self.review(self.model())
        review.rate("S1", "A1", "help", "supervisor", 5, T)
        results = self.compute(review)
        review.close()
        review.close()  # again: nothing
        self.assertTrue(review.closed)
        self.assertIn("closed", repr(review))
        with self.assertRaises(csvc.ClosedError):
            review.rate("S1", "A2", "help", "supervisor", 5, T)
        with self.assertRaises(csvc.ClosedError):
            review.rating_count
        # Results outlive their review.
        self.assertEqual(results.kpi("A1", "help").score, 100.0)

    def test_context_manager_and_gc(self):
        with csvc.Review(self.roster, self.model(), NOVEMBER) as review:
            review.rate("S1", "A1", "help", "supervisor", 5, T)
            with review.compute() as results:
                self.assertEqual(len(results), 8)
            self.assertTrue(results.closed)
            with self.assertRaises(csvc.ClosedError):
                len(results)
        self.assertTrue(review.closed)
        review = csvc.Review(self.roster, self.model(), NOVEMBER)
        ref = weakref.ref(review)
        del review
        gc.collect()
        self.assertIsNone(ref())

    def test_closed_roster(self):
        roster = tiny_roster()
        review = csvc.Review(roster, self.model(), NOVEMBER)
        self.addCleanup(review.close)
        roster.close()
        with self.assertRaises(csvc.ClosedError) as cm:
            review.rate("S1", "A1", "help", "supervisor", 5, T)
        self.assertIn("roster", cm.exception.message)


class ResultsTest(TinyCase):
    def setUp(self):
        super().setUp()
        m = csvc.KpiModel("v1")
        self.addCleanup(m.close)
        m.add_kpi("help", "Help", "teamwork", 1, source="rated", group_weights=only(supervisor=1))
        m.add_kpi("ideas", "Ideas", "innovation", 1, floor=0, target=4)
        self.roster.add_agent("A7", "Gone", "T", supervisor="S1", active=False)
        review = self.review(m, id="r-1")
        review.rate("S1", "A1", "help", "supervisor", 5, T)  # 100
        review.set_objective("A1", "ideas", 2)  # 50
        review.rate("S1", "A2", "help", "supervisor", 2, T)  # 25
        self.results = self.compute(review)

    def test_agents(self):
        r = self.results
        # Active agents in roster order: S1, A1..A6, B1 (A7 is inactive).
        self.assertEqual([a.agent for a in r], ["S1", "A1", "A2", "A3", "A4", "A5", "A6", "B1"])
        self.assertEqual(len(r), 8)
        self.assertEqual(r[1], r.agent("A1"))
        self.assertEqual(r[-1].agent, "B1")
        self.assertIn("A1", r)
        self.assertNotIn("A7", r)
        self.assertNotIn(7, r)
        with self.assertRaises(csvc.NotFound) as cm:
            r.agent("A7")
        self.assertIn("A7", cm.exception.message)
        with self.assertRaises(csvc.RangeError):
            r[8]
        a1 = r.agent("A1")
        self.assertEqual((a1.team, a1.composite), ("T", 75.0))
        # A2: ideas has no value and is left out (PARTIAL): composite 25.
        a2 = r.agent("A2")
        self.assertEqual(a2.composite, 25.0)
        self.assertIn(KpiFlag.PARTIAL, a2.flags)
        self.assertEqual(a2.flags.names, ["partial"])
        self.assertEqual([k.id for k in r.kpi_defs], ["help", "ideas"])
        with r.model as m:
            self.assertEqual(m.version, "v1")

    def test_explanations(self):
        r = self.results
        help_, ideas = r.kpis("A2")
        self.assertEqual((ideas.raw, ideas.score, ideas.weight_share, ideas.contribution),
                         (None, None, 0.0, 0.0))
        self.assertIn(KpiFlag.MISSING, ideas.flags)
        self.assertEqual((help_.weight_share, help_.contribution), (1.0, 25.0))
        self.assertEqual(r.kpi("A2", 0), help_)
        self.assertEqual(r.groups("A1", "ideas"), [])  # objective: no rater groups
        groups = r.groups(r.agent("A1"), "help")
        self.assertEqual([g.group for g in groups], list(RaterGroup))
        self.assertEqual([g.excluded for g in groups], [True, True, False, True, True])
        with self.assertRaises(csvc.NotFound):
            r.kpis("Z9")
        with self.assertRaises(csvc.NotFound) as cm:
            r.groups("A1", "nope")
        self.assertIn("nope", cm.exception.message)

    def test_csv_and_json(self):
        r = self.results
        rows = list(csv.DictReader(io.StringIO(r.to_csv())))
        self.assertEqual([row["agent_id"] for row in rows],
                         ["S1", "A1", "A2", "A3", "A4", "A5", "A6", "B1"])
        self.assertEqual(rows[1]["composite"], "75")
        self.assertEqual(rows[1]["innovation"], "50")
        self.assertEqual(rows[0]["composite"], "")
        detail = list(csv.DictReader(io.StringIO(r.to_csv(detail=True))))
        self.assertEqual(len(detail), 16)  # 8 agents x 2 KPIs
        doc = json.loads(r.to_json())
        self.assertEqual(doc["review"], "r-1")
        self.assertEqual(doc["model_version"], "v1")
        self.assertEqual([a["agent_id"] for a in doc["agents"]], [row["agent_id"] for row in rows])
        self.assertEqual(doc["agents"][1]["composite"], 75)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "cards.csv")
            r.export_csv(path)
            with open(path, encoding="utf-8") as f:
                self.assertEqual(f.read(), r.to_csv())
            r.export_csv(path, detail=True)
            with open(path, encoding="utf-8") as f:
                self.assertEqual(f.read(), r.to_csv(detail=True))
            path = os.path.join(tmp, "cards.json")
            r.export_json(path)
            with open(path, encoding="utf-8") as f:
                self.assertEqual(json.load(f), doc)
            with self.assertRaises(csvc.IOFailure):
                r.export_json(os.path.join(tmp, "no", "dir", "x.json"))
        with self.assertRaises(TypeError):
            r.to_csv(detail=1)

    def with_pandas_module(self, module, call):
        """Runs call() with sys.modules["pandas"] set to `module`."""
        missing = object()
        saved = sys.modules.get("pandas", missing)
        sys.modules["pandas"] = module
        try:
            return call()
        finally:
            if saved is missing:
                del sys.modules["pandas"]
            else:
                sys.modules["pandas"] = saved

    def test_pandas_missing(self):
        with self.assertRaises(ImportError) as cm:
            self.with_pandas_module(None, self.results.to_pandas)
        self.assertIn("needs pandas", str(cm.exception))

    def test_pandas_construction(self):
        # A stand-in for pandas records what to_pandas() builds.
        stub = types.ModuleType("pandas")
        stub.Index = lambda values, name: ("Index", list(values), name)
        stub.MultiIndex = types.SimpleNamespace(
            from_tuples=lambda keys, names: ("MultiIndex", list(keys), names))
        stub.DataFrame = lambda rows, columns, index: {"rows": rows, "columns": columns,
                                                       "index": index}
        frame = self.with_pandas_module(stub, self.results.to_pandas)
        self.assertEqual(frame["index"][2], "agent_id")
        self.assertEqual(frame["index"][1][:3], ["S1", "A1", "A2"])
        a1 = dict(zip(frame["columns"], frame["rows"][1]))
        self.assertEqual((a1["team_id"], a1["composite"], a1["grade_label"]), ("T", 75.0, "B"))
        self.assertEqual(a1["innovation"], 50.0)
        self.assertTrue(math.isnan(a1["quality"]))
        s1 = dict(zip(frame["columns"], frame["rows"][0]))
        self.assertTrue(math.isnan(s1["composite"]))
        # No composite (MISSING): every KPI was left out (PARTIAL), the
        # supervisor group of "help" missing and renormalised away.
        self.assertEqual(s1["flags"], "missing;renormalised;partial")
        self.assertEqual(self.results.agent("S1").flags,
                         KpiFlag.MISSING | KpiFlag.RENORMALISED | KpiFlag.PARTIAL)
        detail = self.with_pandas_module(stub, lambda: self.results.to_pandas(detail=True))
        self.assertEqual(detail["index"][2], ["agent_id", "kpi_id"])
        self.assertEqual(detail["index"][1][2:4], [("A1", "help"), ("A1", "ideas")])
        self.assertEqual(len(detail["rows"]), 16)

    @unittest.skipUnless(HAVE_PANDAS, "needs pandas")
    def test_pandas(self):
        frame = self.results.to_pandas()
        self.assertEqual(list(frame.index)[:2], ["S1", "A1"])
        self.assertEqual(frame.index.name, "agent_id")
        self.assertEqual(frame.loc["A1", "composite"], 75.0)
        self.assertTrue(math.isnan(frame.loc["S1", "composite"]))
        detail = self.results.to_pandas(detail=True)
        self.assertEqual(detail.loc[("A1", "help"), "score"], 100.0)


# -- the example data ----------------------------------------------------------


def read_ratings(path):
    """(rater, ratee, kpi) -> (group, value), later rows replacing earlier."""
    ratings = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            ratings[(row["rater"], row["ratee"], row["kpi"])] = (row["group"], float(row["value"]))
    return ratings


def ref_aggregate(values, how):
    if how == "median":
        return statistics.median(values)
    if how == "trimmed_mean" and len(values) >= 5:
        values = sorted(values)[1:-1]
    return math.fsum(values) / len(values)


def ref_rated_score(doc, kpi, ratings, ratee):
    """(score, incomplete) of a rated KPI by the rules of kpi.h, without
    calibration."""
    per_group = {}
    for (rater, who, kpi_id), (group, value) in ratings.items():
        if who == ratee and kpi_id == kpi["id"]:
            v = (value - 1) / 4 * 100 if kpi["scale"] == "1-5" else value
            per_group.setdefault(group, []).append(v)
    num = den = 0.0
    for group, cfg in doc["groups"].items():
        w = kpi.get("group_weights", {}).get(group, cfg["weight"])
        if w <= 0:
            continue
        values = per_group.get(group, [])
        hidden = len(values) < cfg["anonymity"] and not doc.get("fold_hidden_groups", False)
        if len(values) < cfg["min_count"] or hidden:  # a hidden group counts as missing
            if cfg["missing"] == "incomplete":
                return None, True
            if cfg["missing"] == "zero":
                den += w
            continue
        num += w * ref_aggregate(values, cfg["aggregation"])
        den += w
    return (num / den if den > 0 else None), False


class ExampleDataTest(unittest.TestCase):
    def setUp(self):
        with open(MODEL_JSON, encoding="utf-8") as f:
            self.doc = json.load(f)
        self.ratings = read_ratings(RATINGS_CSV)
        self.roster = csvc.Roster()
        self.addCleanup(self.roster.close)
        self.roster.import_csv(ROSTER_CSV)
        self.model = csvc.KpiModel.from_json(MODEL_JSON)
        self.addCleanup(self.model.close)
        self.review = csvc.Review(self.roster, self.model, csvc.of_month(2025, 11, 8 * 3600),
                                  id="2025-11")
        self.addCleanup(self.review.close)
        self.review.import_ratings_csv(RATINGS_CSV)

    def test_rating_count(self):
        # One row of the file replaces an earlier one (A203's self rating).
        self.assertEqual(self.review.rating_count, len(self.ratings))
        with open(RATINGS_CSV, encoding="utf-8") as f:
            self.assertEqual(len(self.ratings), sum(1 for _ in f) - 2)

    def test_active_agents_in_roster_order(self):
        with open(ROSTER_CSV, newline="", encoding="utf-8") as f:
            active = [r["agent_id"] for r in csv.DictReader(f)
                      if r["agent_id"] and r["active"] == "1"]
        with self.review.compute() as results:
            self.assertEqual([a.agent for a in results], active)

    def test_rated_scores_and_composites_match_the_reference(self):
        # Objective values for three agents: csat 0.9 -> 80, frt median
        # 2000 s -> 85 (lower, the band up to 3600), resolution 0.95 ->
        # 100, complaints 2 per 100 -> 90, ideas 1.5 of 3 -> 50.
        objective = {"csat": (0.9, 80.0), "first_response": (2000, 85.0),
                     "resolution_rate": (0.95, 100.0), "complaints": (2, 90.0),
                     "improvement_ideas": (1.5, 50.0)}
        rows = {"csat": 0.9, "frt_median": 2000, "resolution_rate": 0.95, "complaint_rate": 2}
        with_values = ("A201", "A202", "A203")
        self.review.set_metrics({a: rows for a in with_values})
        for agent in with_values:
            self.review.set_objective(agent, "improvement_ideas", 1.5)
        with self.review.compute() as results:
            checked = 0
            for card in results:
                num = den = 0.0
                incomplete = False
                for kpi, got in zip(self.doc["kpis"], results.kpis(card.agent)):
                    self.assertEqual(got.kpi, kpi["id"])
                    if kpi["source"] == "rated":
                        score, inc = ref_rated_score(self.doc, kpi, self.ratings, card.agent)
                        incomplete = incomplete or inc
                    elif card.agent in with_values:
                        raw, score = objective[kpi["id"]]
                        self.assertEqual(got.raw, raw, (card.agent, kpi["id"]))
                    else:
                        score = None
                    if score is None:
                        self.assertIsNone(got.score, (card.agent, kpi["id"]))
                    else:
                        self.assertAlmostEqual(got.score, score, places=9,
                                               msg=(card.agent, kpi["id"]))
                        num += kpi["weight"] * score
                        den += kpi["weight"]
                if incomplete or den == 0:
                    self.assertIsNone(card.composite, card.agent)
                else:
                    self.assertAlmostEqual(card.composite, num / den, places=9, msg=card.agent)
                    checked += 1
            self.assertGreaterEqual(checked, 5)  # the returns team at least

    def test_csv_summary_matches_the_results(self):
        with self.review.compute() as results:
            rows = list(csv.DictReader(io.StringIO(results.to_csv())))
            self.assertEqual(len(rows), len(results))
            for row, card in zip(rows, results):
                self.assertEqual(row["agent_id"], card.agent)
                if card.composite is None:
                    self.assertEqual(row["composite"], "")
                else:
                    self.assertAlmostEqual(float(row["composite"]), card.composite, places=6)


class ExampleScriptTest(unittest.TestCase):
    SCRIPT = os.path.join(REPO, "examples", "python", "kpi_review.py")

    def run_script(self, *args):
        return subprocess.run([sys.executable, self.SCRIPT] + list(args),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=60)

    def test_scorecards_without_the_desk(self):
        # Without the ticket log only improvement_ideas (A201: 3 of 3 -> 100,
        # weight 1) and the rated KPIs score; the composite follows from the
        # reference scorer.
        with open(MODEL_JSON, encoding="utf-8") as f:
            doc = json.load(f)
        ratings = read_ratings(RATINGS_CSV)
        num, den = 100.0 * 1, 1.0
        for kpi in doc["kpis"]:
            if kpi["source"] == "rated":
                score, incomplete = ref_rated_score(doc, kpi, ratings, "A201")
                self.assertFalse(incomplete)
                num += kpi["weight"] * score
                den += kpi["weight"]
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "cards.json")
            result = self.run_script("--no-desk", "--detail", "--json", out)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(out, encoding="utf-8") as f:
                cards = json.load(f)
        self.assertEqual(cards["review"], "2025-11-RET")
        self.assertEqual(len(cards["agents"]), 27)
        self.assertIn("78 ratings", result.stdout)
        self.assertIn("a late rating was refused", result.stdout)
        a201 = [line for line in result.stdout.splitlines() if line.startswith("A201 ")]
        self.assertEqual(a201[0].split()[4], "%.2f" % (num / den), result.stdout)  # after the name
        self.assertIn("hidden", result.stdout)  # A201's peers on teamwork: 2 < 3

    def test_bad_data_dir(self):
        result = self.run_script("--data", "/nonexistent")
        self.assertEqual(result.returncode, 1)
        self.assertIn("CSVC_E_IO", result.stderr)


# -- the store -----------------------------------------------------------------


class StoreTest(unittest.TestCase):
    PERIOD = csvc.Period(utc(2025, 10, 31, 16), utc(2025, 11, 30, 16))

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        self.path = os.path.join(self.dir.name, "kpi.db")
        self.model = csvc.KpiModel.from_json(MODEL_JSON)
        self.addCleanup(self.model.close)

    def open_all(self, period=None, model=None):
        """A store with an attached roster and review; closed at cleanup
        (the store first)."""
        store = csvc.Store(self.path)
        roster = csvc.Roster()
        self.addCleanup(roster.close)
        store.attach(roster)
        review = csvc.Review(roster, model or self.model, period or self.PERIOD, id="2025-11")
        self.addCleanup(review.close)
        self.addCleanup(store.close)
        return store, roster, review

    def test_ratings_survive_reopen(self):
        store, roster, review = self.open_all()
        roster.import_csv(ROSTER_CSV)
        store.attach(review=review)
        review.import_ratings_csv(RATINGS_CSV)
        review.rate("S200", "A202", "teamwork", "supervisor", 4, utc(2025, 12, 10))  # replaces
        review.set_objective("A201", "improvement_ideas", 2)
        review.set_metrics({"A201": {"csat": 0.9}, "A202": {"csat": 0.8}})
        count = review.rating_count
        with review.compute() as results:
            before = [(a.agent, a.composite, a.grade_label, a.flags) for a in results]
            csv_before = results.to_csv(detail=True)
        store.close()

        store2, roster2, review2 = self.open_all()
        self.assertEqual(len(roster2), 28)
        self.assertEqual(review2.rating_count, 0)
        store2.attach(review=review2)
        self.assertEqual(review2.rating_count, count)
        with review2.compute() as results:
            self.assertEqual([(a.agent, a.composite, a.grade_label, a.flags) for a in results],
                             before)
            self.assertEqual(results.to_csv(detail=True), csv_before)
        self.assertIsNotNone(before[8][1])  # A201 has a composite

    def test_closing_persists(self):
        store, roster, review = self.open_all()
        roster.import_csv(ROSTER_CSV)
        store.attach(review=review)
        review.import_ratings_csv(RATINGS_CSV)
        review.finish()
        store.close()
        store2, _, review2 = self.open_all()
        store2.attach(review=review2)
        self.assertTrue(review2.finished)
        with self.assertRaises(csvc.ClosedError):
            review2.rate("S200", "A201", "teamwork", "supervisor", 4, utc(2025, 12, 10))

    def test_attach_errors(self):
        store, roster, review = self.open_all()
        roster.import_csv(ROSTER_CSV)
        store.attach(review=review)
        with self.assertRaises(csvc.AlreadyExists):
            store.attach(review=review)
        with self.assertRaises(TypeError):
            store.attach(review=self.model)
        with self.assertRaises(csvc.Busy):
            with store.batch():
                review.rate("S200", "A201", "teamwork", "supervisor", 4, utc(2025, 12, 10))
        self.assertEqual(review.rating_count, 0)
        store.close()
        # Stored with another period: refused.
        other = csvc.Period(self.PERIOD.start, self.PERIOD.end + 86400)
        store2, _, review2 = self.open_all(period=other)
        with self.assertRaises(csvc.Conflict) as cm:
            store2.attach(review=review2)
        self.assertIn("2025-11", cm.exception.message)
        # A review over a roster that is not attached.
        with tiny_roster() as loose:
            with csvc.Review(loose, self.model, self.PERIOD, id="x") as review3:
                with self.assertRaises(csvc.InvalidArgument):
                    store2.attach(review=review3)

    def test_review_closed_before_the_store(self):
        # close() on an attached review defers freeing it to the store.
        store, roster, review = self.open_all()
        roster.import_csv(ROSTER_CSV)
        store.attach(review=review)
        review.rate("S200", "A201", "teamwork", "supervisor", 4, utc(2025, 12, 10))
        review.close()
        self.assertTrue(review.closed)
        with self.assertRaises(csvc.ClosedError):
            review.rating_count
        store.close()  # detaches, then frees the review
        store2, _, review2 = self.open_all()
        store2.attach(review=review2)
        self.assertEqual(review2.rating_count, 1)

    def test_exit_without_closing(self):
        # Finalizers at interpreter exit run in any order; none may crash.
        code = (
            "import csvc\n"
            "store = csvc.Store(%r)\n"
            "roster = csvc.Roster()\n"
            "store.attach(roster)\n"
            "roster.import_csv(%r)\n"
            "desk = csvc.Desk(roster)\n"
            "store.attach(desk=desk)\n"
            "model = csvc.KpiModel.from_json(%r)\n"
            "review = csvc.Review(roster, model, (%d, %d), id='2025-11')\n"
            "store.attach(review=review)\n"
            "review.rate('S200', 'A201', 'teamwork', 'supervisor', 4, 1765324800)\n"
            "print(review.rating_count)\n"
        ) % (self.path, ROSTER_CSV, MODEL_JSON, self.PERIOD.start, self.PERIOD.end)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.path.join(REPO, "bindings", "python")
        result = subprocess.run([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), "1")
        store, _, review = self.open_all()
        store.attach(review=review)
        self.assertEqual(review.rating_count, 1)


# -- declarations --------------------------------------------------------------


class DeclarationTest(unittest.TestCase):
    def test_kpi_functions_are_declared(self):
        declared = {name for name, _, _, _ in _lib.FUNCTIONS}
        with open(os.path.join(REPO, "include", "csvc", "kpi.h"), encoding="utf-8") as f:
            in_header = set(re.findall(r"CSVC_API\s[^;(]*?(csvc_\w+)\s*\(", f.read()))
        self.assertEqual(in_header - declared, set())
        self.assertIn("csvc_store_attach_review", declared)

    def test_enums_match_the_library(self):
        for d in Dimension:
            self.assertEqual(_lib.lib.csvc_kpi_dimension_name(int(d)).decode(), str(d))
        for g in RaterGroup:
            self.assertEqual(_lib.lib.csvc_rater_group_name(int(g)).decode(), str(g))
        self.assertIsNone(_lib.lib.csvc_rater_group_name(5))
        self.assertEqual([int(f) for f in KpiFlag],
                         [_lib.CSVC_KPI_MISSING, _lib.CSVC_KPI_INCOMPLETE,
                          _lib.CSVC_KPI_ZERO_FILLED, _lib.CSVC_KPI_RENORMALISED,
                          _lib.CSVC_KPI_HIDDEN, _lib.CSVC_KPI_BELOW_MIN, _lib.CSVC_KPI_EXCLUDED,
                          _lib.CSVC_KPI_PARTIAL])


if __name__ == "__main__":
    unittest.main()
