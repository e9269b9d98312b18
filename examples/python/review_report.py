"""The month-end review as one self-contained HTML page: tables of every
section of `csvc review`'s JSON document and, when matplotlib is installed,
charts drawn to PNG and embedded as data: URLs. The page loads nothing:
no scripts, fonts or style sheets from elsewhere, and a Content Security
Policy that forbids them."""

import base64
import html
import io
import math

TARGET_NAMES = {
    "csat": "CSAT (share of 4-5 ratings)",
    "first_response_live": "Mean first response, chat and phone",
    "complaint_rate": "Complaint rate: 20 % below last month",
    "attrition": "Attrition",
    "training_coverage": "Training coverage",
    "sla_compliance": "SLA compliance",
    "fcr": "First-contact resolution",
}
STATUS_COLOURS = {"met": "#1a9850", "missed": "#d73027", "no value": "#bdbdbd"}
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

STYLE = """
body { font-family: sans-serif; margin: 2em; color: #222; max-width: 80em; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
th, td { padding: 0.2em 0.6em; border-bottom: 1px solid #eee; text-align: right; }
th { background: #f4f4f4; } td.text, th.text { text-align: left; }
.met { color: #1a9850; font-weight: bold; } .missed { color: #d73027; font-weight: bold; }
.no-value { color: #888; } img { max-width: 100%; display: block; margin: 0.5em 0; }
p.note { color: #555; font-size: 0.9em; }
"""


def esc(value):
    return html.escape("" if value is None else str(value))


def percent(v):
    return "-" if v is None else "%.1f %%" % (100 * v)


def seconds(v):
    return "-" if v is None else "%.0f s" % v


def target_value(t, value):
    if value is None:
        return "-"
    if t["id"] == "first_response_live":
        return seconds(value)
    if t["id"] == "complaint_rate":
        return "%.0f %% of last" % (100 * value)
    return percent(value)


def table(headers, rows, text_columns=()):
    """rows of cells already formatted; columns in text_columns align left."""
    out = ["<table><tr>"]
    for i, h in enumerate(headers):
        out.append('<th class="text">%s</th>' % esc(h) if i in text_columns
                   else "<th>%s</th>" % esc(h))
    out.append("</tr>")
    for row in rows:
        out.append("<tr>")
        for i, cell in enumerate(row):
            cls = ' class="text"' if i in text_columns else ""
            out.append("<td%s>%s</td>" % (cls, cell))
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


# ---- charts (matplotlib, when installed) ------------------------------------

def load_pyplot():
    try:
        import matplotlib
        matplotlib.use("Agg")  # no display
        import matplotlib.pyplot as plt
        return plt
    except ImportError:
        return None


def png(plt, fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return '<img alt="chart" src="data:image/png;base64,%s">' % data


def chart_targets(plt, doc):
    scopes = doc["scopes"]
    ids = [t["id"] for t in scopes[0]["targets"]]
    fig, ax = plt.subplots(figsize=(11, 0.5 * len(scopes) + 1.2))
    for y, scope in enumerate(scopes):
        for x, t in enumerate(scope["targets"]):
            ax.add_patch(plt.Rectangle((x, y), 0.96, 0.92, color=STATUS_COLOURS[t["status"]]))
            ax.text(x + 0.48, y + 0.46, target_value(t, t["value"]), ha="center",
                    va="center", color="white", fontsize=9)
    ax.set_xlim(0, len(ids))
    ax.set_ylim(len(scopes), 0)
    ax.set_xticks([x + 0.48 for x in range(len(ids))])
    ax.set_xticklabels([i.replace("_", " ") for i in ids], fontsize=8)
    ax.set_yticks([y + 0.46 for y in range(len(scopes))])
    ax.set_yticklabels([s["team"] or "Desk" for s in scopes])
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title("Targets: green met, red missed, grey no value")
    return png(plt, fig)


def chart_kpi(plt, doc):
    teams = [s["team"] for s in doc["scopes"][1:]]
    scores = [[a["composite"] for a in doc["agents"]
               if a["team"] == t and a["composite"] is not None] for t in teams]
    fig, ax = plt.subplots(figsize=(9, 4))
    ax.boxplot([s or [math.nan] for s in scores], labels=teams, showfliers=False)
    for i, s in enumerate(scores):
        ax.scatter([i + 1 + 0.06 * ((k % 5) - 2) for k in range(len(s))], s, s=14,
                   alpha=0.7, color="#2c7fb8")
    ax.set_ylabel("composite score (0-100)")
    ax.set_title("KPI composite scores per team")
    return png(plt, fig)


def chart_payout(plt, doc):
    inc = doc["incentives"]
    teams = list(inc["teams"])
    amounts = [float(inc["teams"][t]) for t in teams]
    fig, (ax, total) = plt.subplots(1, 2, figsize=(10, 3.8),
                                    gridspec_kw={"width_ratios": [4, 1]})
    ax.bar(teams, amounts, color="#41b6c4")
    ax.set_ylabel(inc["currency"])
    ax.set_title("Payout per team")
    total.bar(["desk"], [float(inc["total"])], color="#225ea8", label="payout")
    if inc["budget"] is not None:
        total.axhline(float(inc["budget"]), color="#d73027", linestyle="--", label="budget")
    total.legend(loc="lower center", fontsize=8)
    total.set_title("Total against budget")
    return png(plt, fig)


def chart_sla(plt, series):
    fig, ax = plt.subplots(figsize=(11, 4))
    for name, points in series.items():
        days = [d[5:] for d, _ in points]
        values = [math.nan if v is None else 100 * v for _, v in points]
        ax.plot(days, values, marker="." if name != "Desk" else "o",
                linewidth=2.5 if name == "Desk" else 1, label=name)
    ax.axhline(90, color="#d73027", linestyle="--", linewidth=1, label="target 90 %")
    ax.set_ylabel("SLA compliance (%)")
    ax.set_title("SLA compliance per day")
    ax.tick_params(axis="x", labelrotation=90, labelsize=7)
    ax.legend(fontsize=8, ncol=4)
    return png(plt, fig)


def chart_staffing(plt, staffing):
    teams = list(staffing)
    fig, axes = plt.subplots(len(teams), 1, figsize=(12, 2.1 * len(teams)), sharex=True,
                             squeeze=False)
    for ax, team in zip(axes[:, 0], teams):
        rows = staffing[team]
        hours = range(len(rows))
        ax.bar(hours, [r for r, _ in rows], width=0.9, color="#fdae61", label="required")
        ax.step(hours, [s for _, s in rows], where="mid", color="#2b83ba", label="scheduled")
        ax.set_ylabel(team)
        ax.legend(loc="upper right", fontsize=7)
    axes[-1, 0].set_xticks([24 * d + 12 for d in range(7)])
    axes[-1, 0].set_xticklabels(DAY_NAMES)
    axes[0, 0].set_title("Agents required per hour of next month's week against the shifts")
    return png(plt, fig)


# ---- sections ------------------------------------------------------------------

def section_targets(doc):
    rows = []
    for s in doc["scopes"]:
        for i, t in enumerate(s["targets"]):
            cls = t["status"].replace(" ", "-")
            rows.append([esc(s["name"]) if i == 0 else "", esc(TARGET_NAMES.get(t["id"], t["id"])),
                         target_value(t, t["value"]), target_value(t, t["target"]),
                         '<span class="%s">%s</span>' % (cls, esc(t["status"])),
                         target_value(t, t["previous"])])
    return table(["scope", "target", "value", "goal", "status", "last month"], rows, (0, 1, 4))


def section_service(doc):
    rows = []
    for s in doc["scopes"]:
        m = s["metrics"]
        rows.append([esc(s["name"]), m["handled"], m["resolved"],
                     seconds(m["first_response_median"]), percent(m["sla_compliance"]),
                     percent(m["csat"]), percent(m["fcr"]), percent(m["reopen_rate"]),
                     m["complaints"]])
    return table(["team", "handled", "resolved", "FRT median", "SLA", "CSAT", "FCR", "reopen",
                  "complaints"], rows, (0,))


def section_scorecards(doc):
    rows = []
    for a in doc["agents"]:
        m = a["metrics"]
        rows.append([esc(a["id"]), esc(a["name"]), esc(a["team"]), m["handled"],
                     percent(m["sla_compliance"]), percent(m["csat"]),
                     "-" if a["composite"] is None else "%.1f" % a["composite"],
                     esc(a["grade"] or "-"), a["rank_team"] or "-", a["rank_desk"] or "-",
                     esc(a["incentive"] or "-"), "-" if a["points"] is None else a["points"]])
    return table(["agent", "name", "team", "handled", "SLA", "CSAT", "composite", "grade",
                  "rank (team)", "rank (desk)", "incentive", "points"], rows, (0, 1, 2, 7))


def section_incentives(doc):
    inc = doc["incentives"]
    if inc is None:
        return "<p>No incentive plan in the month's directory.</p>"
    rows = [[esc(t), esc(v)] for t, v in inc["teams"].items()]
    rows.append(["<b>desk</b>", "<b>%s</b>" % esc(inc["total"])])
    rows.append(["budget", esc(inc["budget"] or "none")])
    return ("<p>Plan %s, version %d, in %s.</p>" % (esc(inc["plan"]), inc["version"],
                                                    esc(inc["currency"])) +
            table(["team", "payout"], rows, (0,)))


def section_training(doc, date):
    t = doc["training"]
    if t is None:
        return "<p>No training documents in the month's directory.</p>"
    out = ["<p>%d of %d active people meet every requirement at %s.</p>"
           % (t["covered"], t["active"], date(t["at"]))]
    for title, items, key in (("Requirements not met", t["gaps"], "due"),
                              ("Ending within 30 days", t["expiring"], "valid_until")):
        out.append("<h3>%s (%d)</h3>" % (title, len(items)))
        out.append(table(["agent", "team", "requirement", "course", "state", "date"],
                         [[esc(i["agent"]), esc(i["team"]), esc(i["requirement"]),
                           esc(i["course"]), esc(i["state"]), date(i[key])] for i in items],
                         (0, 1, 2, 3, 4)))
    out.append("<h3>Training needs: KPI dimensions below 70 (%d)</h3>" % len(t["needs"]))
    out.append(table(["agent", "dimension", "score", "course"],
                     [[esc(n["agent"]), esc(n["dimension"]), "%.1f" % n["score"],
                       esc(n["course"])] for n in t["needs"]], (0, 1, 3)))
    out.append("<h3>Promotion check, agents graded 4 or better (%d)</h3>" % len(t["promotions"]))
    out.append(table(["agent", "level", "eligible", "reasons"],
                     [[esc(p["agent"]), esc(p["level"]), "yes" if p["eligible"] else "no",
                       esc("; ".join(p["reasons"]))] for p in t["promotions"]], (0, 1, 2, 3)))
    return "".join(out)


def section_staffing(doc):
    rows = []
    for s in doc["scopes"][1:]:
        x = s.get("staffing")
        if x:
            rows.append([esc(s["name"]), "%.0f" % x["arrivals"], x["peak_required"],
                         "%.0f" % x["required_hours"], "%.0f" % x["staffed_hours"],
                         "%.0f" % x["shortfall_hours"], x["intervals_short"]])
    return table(["team", "contacts a week", "peak required", "required hours",
                  "scheduled hours", "shortfall hours", "hours short"], rows, (0,))


def staffing_table(staffing):
    """Without charts: required / scheduled per hour, one row per team and day."""
    rows = []
    for team, hours in staffing.items():
        for d, day in enumerate(DAY_NAMES):
            cells = ["%d/%.0f" % hours[h] for h in range(24 * d, 24 * d + 24)]
            rows.append([esc(team), day] + cells)
    return table(["team", "day"] + ["%02d" % h for h in range(24)], rows, (0, 1))


def sla_table(series):
    days = [d for d, _ in next(iter(series.values()))]
    rows = [[esc(name)] + [percent(v) for _, v in points] for name, points in series.items()]
    return table(["scope"] + [d[8:] for d in days], rows, (0,))


def render(doc, charts, offset=8 * 3600):
    """The page for `doc` (csvc review's JSON) and `charts` (the daily SLA
    series and per-hour staffing the document leaves out); dates are local
    at `offset` seconds east of UTC."""
    import datetime

    def date(t):
        if t is None:
            return "-"
        return (datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=t + offset)) \
            .date().isoformat()

    plt = load_pyplot()
    parts = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
             '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
             'img-src data:; style-src \'unsafe-inline\'">',
             "<title>Month-end review %s</title><style>%s</style></head><body>"
             % (esc(doc["month"]), STYLE),
             "<h1>Month-end review %s</h1>" % esc(doc["month"]),
             '<p class="note">From %s to %s (local), against the previous month. '
             "Made by libcsvc's examples/python/monthly_review.py; the numbers are csvc "
             "review's.</p>" % (date(doc["period"]["start"]),
                                date(doc["period"]["end"] - 1))]
    if plt is None:
        parts.append('<p class="note">matplotlib is not installed: tables only '
                     "(apt-get install python3-matplotlib).</p>")

    def chart(draw, *args):
        if plt is not None:
            parts.append(draw(plt, *args))

    parts.append("<h2>Targets</h2>")
    chart(chart_targets, doc)
    parts.append(section_targets(doc))
    parts.append("<h2>Service metrics</h2>")
    parts.append(section_service(doc))
    parts.append("<h3>SLA compliance per day</h3>")
    chart(chart_sla, charts["sla_daily"])
    if plt is None:
        parts.append(sla_table(charts["sla_daily"]))
    parts.append("<h2>KPI scorecards, by grade</h2>")
    chart(chart_kpi, doc)
    parts.append(section_scorecards(doc))
    parts.append("<h2>Incentives</h2>")
    if doc["incentives"] is not None:
        chart(chart_payout, doc)
    parts.append(section_incentives(doc))
    parts.append("<h2>Training</h2>")
    parts.append(section_training(doc, date))
    parts.append("<h2>Staffing for next month</h2>")
    parts.append('<p class="note">80 % of contacts answered within 20 s, 30 % shrinkage, '
                 "6 minutes a contact, learnt from the month's last four whole weeks.</p>")
    staffing = charts.get("staffing", {})
    if staffing:
        chart(chart_staffing, staffing)
        if plt is None:
            parts.append(staffing_table(staffing))
    parts.append(section_staffing(doc))
    parts.append("</body></html>\n")
    return "".join(parts)
