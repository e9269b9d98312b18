#!/usr/bin/env python3
"""The November 2025 performance review of the returns team (RET), the
Python side of examples/kpi_review.c: loads the example KPI model, roster
and 360 ratings, supplies objective values, computes the scorecards and
prints them.

    python3 examples/python/kpi_review.py [--data DIR] [--team RET] [--json OUT.json]
                                          [--no-desk] [--detail]

From DIR (default examples/data) it reads roster.csv, kpi_model.json,
ratings.csv and, unless --no-desk, tickets_events.csv: the month's ticket
log, from which the metric-bound KPIs (CSAT, first response time,
resolution rate, complaints) are taken. The number of process improvements
adopted (a KPI without a metric) is supplied by hand for a few agents.
The review is closed to changes, computed, and the team's scorecards are
printed; ``--detail`` adds every KPI of each agent with its raw value,
score, weight and contribution, and for rated KPIs what each rater group
carried (a group below its anonymity threshold shows its count only).
``--json`` also writes every agent's scorecard as JSON.

Run it from anywhere in the source tree: the bindings are taken from
bindings/python when csvc is not installed, and the library from
CSVC_LIBRARY or the build tree.
"""

import argparse
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

CST = 8 * 3600  # the desk's clock, UTC+08:00

#: Process improvements adopted in November, reported by the team lead.
IMPROVEMENT_IDEAS = {"S200": 2, "A201": 3, "A202": 1, "A203": 2, "A204": 0, "A205": 1}


def fmt(value, digits=1):
    return "-" if value is None else "%.*f" % (digits, value)


def width(text):
    """Terminal columns of ``text``: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(rows, left=2):
    """Rows of strings; the first ``left`` columns and the last (flags)
    left-aligned, the numbers in between right-aligned."""
    widths = [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]
    last = len(widths) - 1
    for r in rows:
        cells = []
        for i, (cell, w) in enumerate(zip(r, widths)):
            pad = " " * (w - width(cell))
            cells.append(cell + pad if i < left or i == last else pad + cell)
        print("  ".join(cells).rstrip())


def flag_text(flags):
    return " ".join("[%s]" % name for name in flags.names)


def scorecard_table(results, roster, team):
    rows = [("agent", "name", "composite", "grade", "rank team", "rank desk", "pct desk",
             "quality", "effic.", "skill", "teamwork", "innov.", "flags")]
    for card in results:
        if card.team != team:
            continue
        rows.append((card.agent, roster.agent(card.agent).name, fmt(card.composite, 2),
                     card.grade_label or "-",
                     "%d/%d" % (card.rank_team, card.team_size) if card.rank_team else "-",
                     "%d/%d" % (card.rank_desk, card.desk_size) if card.rank_desk else "-",
                     fmt(card.percentile_desk))
                    + tuple(fmt(card.dimensions[d]) for d in ("quality", "efficiency", "skill",
                                                              "teamwork", "innovation"))
                    + (flag_text(card.flags),))
    print_table(rows)


def print_detail(results, card):
    print("\n%s (%s): composite %s, grade %s" % (card.agent, card.team, fmt(card.composite, 2),
                                                 card.grade_label or "-"))
    rows = [("", "kpi", "raw", "score", "weight", "share", "contribution", "flags")]
    for k in results.kpis(card.agent):
        rows.append(("", k.kpi, fmt(k.raw, 2 if k.source == csvc.Source.RATED else 3),
                     fmt(k.score), "%g" % k.weight, "%.1f%%" % (k.weight_share * 100),
                     fmt(k.contribution, 2), flag_text(k.flags)))
        for g in results.groups(card.agent, k.kpi):
            if g.excluded:
                continue
            aggregate = "hidden" if g.hidden else fmt(g.aggregate)
            rows.append(("", "  " + str(g.group), "n=%d" % g.count, aggregate, "",
                         "%.1f%%" % (g.weight_used * 100), "", flag_text(g.flags)))
    print_table(rows)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=os.path.join(REPO, "examples", "data"),
                        help="directory of roster.csv, kpi_model.json, ratings.csv")
    parser.add_argument("--team", default="RET", help="the team whose scorecards are printed")
    parser.add_argument("--json", metavar="PATH", help="also write the scorecards as JSON")
    parser.add_argument("--no-desk", action="store_true",
                        help="do not read tickets_events.csv (metric KPIs stay empty)")
    parser.add_argument("--detail", action="store_true",
                        help="print every KPI and rater group of each agent")
    args = parser.parse_args(argv[1:])

    def data(name):
        return os.path.join(args.data, name)

    november = csvc.of_month(2025, 11, CST)
    try:
        with csvc.Roster() as roster:
            roster.import_csv(data("roster.csv"))
            with csvc.KpiModel.from_json(data("kpi_model.json")) as model, \
                    csvc.Review(roster, model, november, id="2025-11-" + args.team) as review:
                if not args.no_desk:
                    with csvc.Desk(roster) as desk:
                        desk.import_events_csv(data("tickets_events.csv"))
                        review.load_desk(desk)
                for agent, ideas in IMPROVEMENT_IDEAS.items():
                    review.set_objective(agent, "improvement_ideas", ideas)
                review.import_ratings_csv(data("ratings.csv"))
                review.finish()  # ratings are frozen from here on
                try:
                    review.rate("A204", "A205", "teamwork", "peer", 5, november.end + 40 * 86400)
                    late = "accepted?!"
                except csvc.ClosedError as exc:
                    late = "refused (%s)" % exc.message

                with review.compute() as results:
                    print("libcsvc %s: review %s, model %s, %d ratings; a late rating was %s\n"
                          % (csvc.version(), review.id, review.model_version,
                             review.rating_count, late))
                    print("Team %s scorecards (%d active agents in the desk; ranks count "
                          "those with a composite):\n" % (args.team, len(results)))
                    scorecard_table(results, roster, args.team)
                    if args.detail:
                        for card in results:
                            if card.team == args.team:
                                print_detail(results, card)
                    if args.json:
                        results.export_json(args.json)
                        print("\nscorecards of all %d agents written to %s"
                              % (len(results), args.json))
    except csvc.Error as exc:
        print("kpi_review: %s (%s)" % (exc.message, exc.name), file=sys.stderr)
        return 1
    print("\nscores 0..100; '-' = no value; flags: partial = some KPI had no score, "
          "hidden = a rater group below its anonymity threshold (count only)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
