#!/usr/bin/env python3
"""How many people the example desk needs, hour by hour over a week, and how
a simple shift pattern covers it: the Python side of examples/staffing.c,
with a chart.

    python3 examples/python/staffing_chart.py [CHART.png] [--roster ROSTER.csv]
                                              [--events EVENTS.csv]

The desk is built from examples/data (the roster and its event log). That
log holds only a handful of tickets, far too few for a forecast, so four
weeks of synthetic phone and chat contacts from Monday 2025-11-03 are added
(the same generator and seed as examples/staffing.c, so both print the same
tables): a daily curve with morning and evening peaks, quiet nights, and
busier Mondays. A forecast of arrivals per hour of the local week (+08:00)
is learnt from that history with csvc.Plan.forecast, with a handle time of
6 minutes a contact.

It prints the scheduled staff required for 80 % of contacts answered within
20 s at 30 % shrinkage (rows = hours, columns = days), covers the week with
five shift patterns and prints the shortfall, the overstaffing and the
service level they reach. Then it generates the shifts from templates
(csvc.Plan.generate_shifts: full-time with a lunch hour placed 3 to 5 hours
in, part-time, nights) at least cost, prints them and what they reach, and
the recruitment need against the roster. When matplotlib is installed it
saves a chart of required, scheduled and generated staff for each of the
168 hours to CHART.png (default /tmp/staffing.png).

Run it from anywhere in the source tree: the bindings are taken from
bindings/python when csvc is not installed, and the library from
CSVC_LIBRARY or the build tree.
"""

import argparse
import math
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

UTC_OFFSET = 8 * 3600
WEEK = 7 * 86400
HISTORY_WEEKS = 4
AHT = 360.0
SEED = 20251103
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DEFAULT_ROSTER = os.path.join(REPO, "examples", "data", "roster.csv")
DEFAULT_EVENTS = os.path.join(REPO, "examples", "data", "tickets_events.csv")
DEFAULT_CHART = "/tmp/staffing.png"

# Contacts per hour of a weekday at base volume (relative weights, summing
# to 730), the volume of each day, and the teams taking phone and chat
# contacts in examples/data/roster.csv with their shares.
HOUR_WEIGHT = (4, 2, 1, 1, 1, 2, 5, 12, 30, 52, 64, 60,
               48, 52, 60, 58, 50, 44, 42, 48, 46, 32, 16, 11)
DAY_FACTOR = (1.25, 1.10, 1.00, 1.00, 1.05, 0.80, 0.70)
CONTACTS_PER_DAY = 640.0
QUEUES = (("PRE", "chat", 0.35), ("RET", "phone", 0.25), ("LOG", "chat", 0.20),
          ("TEC", "phone", 0.15), ("CMP", "phone", 0.05))

# name, days, start, length (minutes), people
SHIFTS = (
    ("early Mon-Fri 07:30-16:30", "weekdays", "07:30", 540, 13),
    ("late Mon-Fri 13:00-22:00", "weekdays", "13:00", 540, 10),
    ("day Sat-Sun 08:00-17:00", "weekend", "08:00", 540, 10),
    ("late Sat-Sun 14:00-23:00", "weekend", "14:00", 540, 8),
    ("night 22:00-07:00", "all", "22:00", 540, 3),
)


class Random:
    """xorshift64*, exactly as examples/staffing.c draws it."""

    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed

    def uniform(self):
        """Uniform in [0, 1)."""
        s = self.state
        s ^= s >> 12
        s = (s ^ (s << 25)) & self.MASK
        s ^= s >> 27
        self.state = s
        return (((s * 2685821657736338717) & self.MASK) >> 11) / 9007199254740992.0

    def poisson(self, mean):
        """Knuth's product of uniforms (means here stay below 100)."""
        limit, p, k = math.exp(-mean), 1.0, -1
        while True:
            k += 1
            p *= self.uniform()
            if p <= limit:
                return k


def add_synthetic(desk, start):
    """Four weeks of synthetic contacts from ``start``; returns how many."""
    rng = Random(SEED)
    total_weight = sum(HOUR_WEIGHT)
    serial = 0
    for week in range(HISTORY_WEEKS):
        for day in range(7):
            for hour in range(24):
                mean = CONTACTS_PER_DAY * DAY_FACTOR[day] * HOUR_WEIGHT[hour] / total_weight
                begin = start + week * WEEK + day * 86400 + hour * 3600
                for _ in range(rng.poisson(mean)):
                    u, acc, q = rng.uniform(), 0.0, 0
                    while q + 1 < len(QUEUES) and u >= acc + QUEUES[q][2]:
                        acc += QUEUES[q][2]
                        q += 1
                    serial += 1
                    team, channel, _share = QUEUES[q]
                    desk.create("SYN-%06d" % serial, team,
                                begin + int(rng.uniform() * 3600), channel=channel)
    return serial


def print_requirements(plan):
    print("\nScheduled staff required per hour (80 % answered within 20 s, AHT {:.0f} s, "
          "30 % shrinkage)".format(AHT))
    print("hour  " + "".join("%5s" % d for d in DAY_NAMES) + "   | contacts Mon")
    rows = plan.intervals()
    for hour in range(24):
        cells = "".join("%5d" % rows[day * 24 + hour].required for day in range(7))
        print("%02d:00 %s   | %6.1f" % (hour, cells, rows[hour].arrivals))


def print_coverage(plan):
    s = plan.summary()
    print("  required %.0f staff-hours a week, scheduled %.0f; shortfall %.0f staff-hours "
          "in %d of %d hours, overstaffing %.0f staff-hours"
          % (s.required_hours, s.staffed_hours, s.shortfall_hours, s.intervals_short,
             s.intervals, s.overstaffing_hours))
    print("  service level reached over the week: %.1f %% of %.0f contacts within 20 s"
          % (s.service_level * 100, s.arrivals))
    short = sorted((row for row in plan if row.shortfall > 0),
                   key=lambda row: (-row.shortfall, row.index))
    for row in short[:3]:
        asa = ("unbounded (fewer agents than the load)" if math.isinf(row.asa)
               else "%.0f s" % row.asa)
        print("  short: %s %s, %d required, %.0f scheduled: %.1f %% within 20 s, ASA %s"
              % (DAY_NAMES[row.day], row.time, row.required, row.staffed,
                 row.service_level * 100, asa))


def templates():
    """The templates of examples/staffing.c; costs in fen an hour."""
    out = []
    for start in range(7, 15):
        for days, name in ((("mon", "tue", "wed", "thu", "fri"), "Mon-Fri"),
                           (("sat", "sun"), "Sat-Sun")):
            out.append(csvc.ShiftTemplate("FT %s %02d:00" % (name, start), start * 60, 540, days,
                                          break_minutes=60, break_window=(180, 300),
                                          cost_per_hour=3000))
    for start in range(8, 20):
        out.append(csvc.ShiftTemplate("PT daily %02d:00" % start, start * 60, 240, range(7),
                                      employment="part_time", cost_per_hour=2600))
    out.append(csvc.ShiftTemplate("night 22:00", 22 * 60, 540, range(7), cost_per_hour=3600))
    return out


def generate(plan, roster):
    """The generated schedule (None when the library lacks GLPK)."""
    shapes = templates()
    print("\nGenerated shifts (%d templates, least cost covering every hour):" % len(shapes))
    try:
        schedule = plan.generate_shifts(shapes, mip_gap=0.005)
    except csvc.Unsupported as exc:
        print("  skipped: %s" % exc.message)
        return None
    if schedule.status not in (csvc.ScheduleStatus.OPTIMAL, csvc.ScheduleStatus.TIME_LIMIT):
        print("  " + schedule.message)
        return schedule
    for template_id, heads in schedule.template_heads.items():
        if heads:
            print("  %-28s %3d people" % (template_id, heads))
    by_type = schedule.heads_by_type
    print("  %s; cost %d.%02d CNY a week (%d full-time, %d part-time)"
          % (schedule.status, schedule.cost // 100, schedule.cost % 100,
             by_type[csvc.Employment.FULL_TIME], by_type[csvc.Employment.PART_TIME]))
    return schedule


def save_chart(plan, scheduled, schedule, path):
    """A chart of required, scheduled (the hand-made pattern: `scheduled`
    per hour) and generated staff per hour; False when matplotlib is not
    installed."""
    try:
        import matplotlib
        matplotlib.use("Agg")  # no display needed
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    rows = plan.intervals()
    hours = [row.index for row in rows]
    fig, ax = plt.subplots(figsize=(16, 5))
    ax.bar(hours, [row.required for row in rows], width=0.8,
           label="required (80 % in 20 s, 30 % shrinkage)", color="#f4a582")
    ax.step(hours, scheduled, where="mid", label="scheduled by the hand-made shifts",
            color="#1f77b4", linewidth=1.5)
    generated = [0.0] * len(rows)
    if schedule is not None and schedule.heads:
        generated = [row.covered for row in schedule.intervals()]
        ax.step(hours, generated, where="mid", label="generated shifts (least cost)",
                color="#2ca02c", linewidth=1.5)
    for day in range(1, 7):
        ax.axvline(day * 24 - 0.5, color="grey", linewidth=0.6)
    ax.set_xticks([day * 24 + 12 for day in range(7)])
    ax.set_xticklabels(DAY_NAMES)
    ax.set_xlim(-0.5, len(rows) - 0.5)
    top = max(max(row.required for row in rows), max(scheduled), max(generated))
    ax.set_ylim(0, top * 1.2 + 1)  # room for the legend
    ax.set_ylabel("staff")
    ax.set_title("Staff per hour of the week (UTC+08:00): required, scheduled and generated")
    ax.legend(loc="upper right", ncol=3)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("chart", nargs="?", default=DEFAULT_CHART,
                        help="PNG file for the chart (default %(default)s)")
    parser.add_argument("--roster", default=DEFAULT_ROSTER)
    parser.add_argument("--events", default=DEFAULT_EVENTS)
    args = parser.parse_args(argv)

    with csvc.Roster() as roster, csvc.Desk(roster) as desk, \
            csvc.Plan(3600, service_level=0.8, target_seconds=20, shrinkage=0.30) as plan:
        roster.import_csv(args.roster)
        desk.import_events_csv(args.events)
        created = [ticket.created for ticket in desk]
        span = (max(created) - min(created)) / 86400 if created else 0.0
        print("desk: %d tickets in %s, created over %.1f days"
              % (len(created), os.path.relpath(args.events), span))
        start = csvc.date_make(2025, 11, 3, UTC_OFFSET)  # the Monday of the log's first week
        print("too little history for a forecast: adding %d weeks of synthetic phone and "
              "chat contacts from 2025-11-03 (seed %d)" % (HISTORY_WEEKS, SEED))
        synthetic = add_synthetic(desk, start)
        print("synthetic contacts: %d (about %.0f a week)"
              % (synthetic, synthetic / HISTORY_WEEKS))

        plan.forecast(desk, start, start + HISTORY_WEEKS * WEEK, utc_offset=UTC_OFFSET,
                      channels=("phone", "chat"), aht=AHT,
                      week_decay=0.8)  # recent weeks count a little more
        print_requirements(plan)

        print("\nShift pattern:")
        for name, days, begin, length, people in SHIFTS:
            plan.add_shift(days, begin, length, people)
            print("  %-28s %3d people" % (name, people))
        print_coverage(plan)
        scheduled = [row.staffed for row in plan.intervals()]

        schedule = generate(plan, roster)
        if schedule is not None and schedule.heads:
            plan.apply_schedule(schedule)
            print_coverage(plan)
            need = csvc.recruitment(roster, schedule, at=csvc.date_make(2025, 12, 1, UTC_OFFSET))
            print("  recruitment need: %d full-time, %d part-time (the roster has %d and %d)"
                  % (need.gap[csvc.Employment.FULL_TIME], need.gap[csvc.Employment.PART_TIME],
                     need.available[csvc.Employment.FULL_TIME],
                     need.available[csvc.Employment.PART_TIME]))

        if save_chart(plan, scheduled, schedule, args.chart):
            print("\nchart: %s" % args.chart)
        else:
            print("\nmatplotlib is not installed: no chart (pip install matplotlib)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (csvc.Error, OSError) as exc:
        sys.exit("staffing_chart: %s" % exc)
