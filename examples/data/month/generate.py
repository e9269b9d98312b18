#!/usr/bin/env python3
"""The sample month: a shop's after-sales desk over October and November
2025, for the month-end review (csvc review, examples/python).

    python3 examples/data/month/generate.py [OUT_DIR]

Writes into OUT_DIR (default: this directory):
  roster.csv          5 teams (pre-sales inquiry, returns/exchanges/refunds,
                      complaints, technical support, logistics coordination)
                      and the CS manager: 42 people across the levels, with
                      part-time and temporary staff, two separations and a
                      November hire;
  desk_config.json    business hours with a lunch break, Saturdays, the
                      National Day holidays, SLA targets per team, OLAs;
  tickets_events.csv  about 20,000 tickets a month: channels, categories and
                      priorities per team, first replies, pending on the
                      customer or the warehouse, reopenings, CSAT ratings,
                      complaints, cancellations (about 260,000 events);
  ratings.csv         the November 360 ratings (self, peers, supervisor,
                      customers) of the KPI model's rated KPIs;
  kpi_model.json, incentive_plan.json, training_courses.csv,
  training_requirements.json: the examples' documents;
  training_records.csv the completions behind each requirement, with five
                      deliberate gaps (a failed and expired law test, a
                      missed monthly review, a missed quarterly course, a
                      missed career session, a new hire still onboarding);
  shifts.csv          the teams' current shift patterns.

Everything comes from one fixed seed through Python's own arithmetic (no
library random distributions), so every run on any Python 3 writes the
same bytes. tickets_events.csv is large (about 17 MB) and not committed:
the review commands generate it when it is missing.
"""

import json
import math
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)
SEED = 20251201
OFFSET = 8 * 3600  # Asia/Shanghai, no daylight saving
EPOCH_2025_10_01 = 1759248000  # 2025-10-01 00:00 +08:00
DAYS = 61  # October and November


class Rng:
    """xorshift64*, the same generator as the C examples."""

    def __init__(self, seed):
        self.state = seed or 1

    def uniform(self):
        s = self.state
        s ^= s >> 12
        s ^= (s << 25) & 0xFFFFFFFFFFFFFFFF
        s ^= s >> 27
        self.state = s
        return (((s * 2685821657736338717) & 0xFFFFFFFFFFFFFFFF) >> 11) / 9007199254740992.0

    def below(self, n):
        return min(int(self.uniform() * n), n - 1)

    def choice(self, weighted):
        """A key of {key: weight}, in the dict's order."""
        total = sum(weighted.values())
        u, acc = self.uniform() * total, 0.0
        for key, weight in weighted.items():
            acc += weight
            if u < acc:
                return key
        return key

    def exponential(self, mean):
        return -mean * math.log(1.0 - self.uniform())

    def poisson(self, mean):
        limit, p, k = math.exp(-mean), 1.0, -1
        while True:
            k += 1
            p *= self.uniform()
            if p <= limit:
                return k


TEAMS = (
    # id, name, share of tickets, channels, categories
    ("PRE", "Pre-sales inquiry 售前咨询", 0.30,
     {"chat": 0.8, "phone": 0.1, "email": 0.1}, {"inquiry": 0.85, "order_logistics": 0.15}),
    ("RET", "Returns and exchanges 退换货", 0.25,
     {"chat": 0.5, "phone": 0.2, "email": 0.3}, {"return_refund": 0.8, "repair_warranty": 0.2}),
    ("CMP", "Complaints 投诉处理", 0.08,
     {"phone": 0.5, "email": 0.3, "chat": 0.2}, {"complaint": 0.9, "other": 0.1}),
    ("TEC", "Technical support 技术支持", 0.17,
     {"email": 0.5, "chat": 0.4, "phone": 0.1}, {"technical": 0.7, "repair_warranty": 0.3}),
    ("LOG", "Logistics coordination 物流协调", 0.20,
     {"chat": 0.6, "phone": 0.3, "email": 0.1}, {"order_logistics": 1.0}),
)
SKILLS = {"PRE": "inquiry;order_logistics", "RET": "return_refund;repair_warranty",
          "CMP": "complaint;other", "TEC": "technical;repair_warranty", "LOG": "order_logistics"}
SURNAMES = ("Wang 王", "Li 李", "Zhang 张", "Liu 刘", "Chen 陈", "Yang 杨", "Zhao 赵", "Huang 黄",
            "Zhou 周", "Wu 吴", "Xu 徐", "Sun 孙", "Hu 胡", "Zhu 朱", "Gao 高", "Lin 林")
GIVEN = ("Fang 芳", "Wei 伟", "Na 娜", "Min 敏", "Jing 静", "Lei 磊", "Yan 燕", "Jie 杰", "Tao 涛",
         "Hui 慧", "Qiang 强", "Ling 玲", "Bo 波", "Xin 欣", "Hao 浩", "Ying 颖")


def person(rng):
    s, g = SURNAMES[rng.below(len(SURNAMES))], GIVEN[rng.below(len(GIVEN))]
    return "%s %s %s%s" % (s.split()[0], g.split()[0], s.split()[1], g.split()[1])


def make_roster(rng):
    """Rows of roster.csv and, per team, the agents who take tickets with
    their (hired, left) days and skill (a CSAT tilt)."""
    header = ("agent_id,name,team_id,team_name,level,hire_date,supervisor_id,skills,active,"
              "base_pay,currency,team_lead,separation_date,separation_reason,employment,"
              "contract_hours")
    rows = [header, "M001,%s,MGMT,CS management,manager,2016-03-01,,complaint;other,1,28000.00,"
                    "CNY,M001,,,full_time,40" % person(rng)]
    staff = {}
    levels = ("expert", "senior", "senior", "junior", "junior", "junior", "junior")
    pay = {"supervisor": 16000, "expert": 11000, "senior": 8500, "junior": 6500}
    for t, (team, name, _share, _ch, _cat) in enumerate(TEAMS):
        sup = "S%d00" % (t + 1)
        rows.append("%s,%s,%s,%s,supervisor,%04d-%02d-01,M001,%s,1,%d.00,CNY,%s,,,full_time,40"
                    % (sup, person(rng), team, name, 2017 + t % 3, 3 + t, SKILLS[team],
                       pay["supervisor"], sup))
        staff[team] = []
        for k, level in enumerate(levels):
            aid = "A%d%02d" % (t + 1, k + 1)
            year = {"expert": 2019, "senior": 2021, "junior": 2024}[level] - (k % 2)
            hired, left, reason, active = "%04d-%02d-%02d" % (year, 1 + (k * 5 + t) % 12, 1 + k), "", "", 1
            employment, hours = "full_time", 40
            if k == 6 and t in (0, 4):
                employment, hours = "part_time", 20
            if k == 5 and t == 1:
                employment, hours = "temporary", 40
            if (t, k) == (1, 4):  # resigned during November
                left, reason, active = "2025-11-15", "resigned", 0
            if (t, k) == (4, 3):  # transferred out at the end of October
                left, reason, active = "2025-11-01", "transferred_out", 0
            rows.append("%s,%s,%s,,%s,%s,%s,%s,%d,%d.00,CNY,,%s,%s,%s,%d"
                        % (aid, person(rng), team, level, hired, sup, SKILLS[team], active,
                           pay[level], left, reason, employment, hours))
            first = 0
            last = DAYS if not left else (45 if left == "2025-11-15" else 31)
            staff[team].append((aid, first, last, 0.3 + 0.7 * rng.uniform()))
        if team == "RET":  # a November hire taking tickets from the 10th
            rows.append("A108,%s,RET,,junior,2025-11-10,%s,%s,1,6000.00,CNY,,,,full_time,40"
                        % (person(rng), sup, SKILLS[team]))
            staff[team].append(("A108", 40, DAYS, 0.4))
    return rows, staff


# Contacts per hour of the day (relative), and per weekday.
HOUR_WEIGHT = (2, 1, 1, 1, 1, 1, 3, 8, 30, 52, 64, 60, 44, 50, 60, 58, 50, 44, 40, 46, 44, 30, 14,
               6)
DAY_WEIGHT = (1.25, 1.1, 1.0, 1.0, 1.05, 0.8, 0.7)
TICKETS_PER_DAY = 655.0
HOLIDAYS = (0, 1, 2, 5, 6)  # October days (0-based) of the National Day holidays


def iso(t):
    local = t + OFFSET
    days, rest = divmod(local, 86400)
    y, m, d = civil_from_days(days)
    return "%04d-%02d-%02dT%02d:%02d:%02d+08:00" % (y, m, d, rest // 3600, rest // 60 % 60,
                                                   rest % 60)


def civil_from_days(z):
    """Howard Hinnant's algorithm: days since 1970-01-01 -> (y, m, d)."""
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return y + (m <= 2), m, d


def working(day_index, second_of_day, team):
    """Whether an agent of `team` is at work then (roughly the desk's hours)."""
    if team != "PRE" and day_index < 31 and day_index in HOLIDAYS:
        return False
    weekday = (day_index + 2) % 7  # 2025-10-01 was a Wednesday
    h = second_of_day / 3600.0
    if team == "PRE":
        return 8 <= h < 22 if weekday < 5 else 9 <= h < 21
    if weekday == 6:
        return False
    if weekday == 5:
        return 10 <= h < 16
    return 9 <= h < 12 or 13.5 <= h < 18


def next_working(t, team):
    """The first minute at or after t when `team` works."""
    for _ in range(60 * 24 * 8):
        day, second = divmod(t - EPOCH_2025_10_01, 86400)
        if working(day, second, team):
            return t
        t += 60 - (t % 60)
    return t


def make_tickets(rng, staff):
    """Every event as (time, ticket, row) and the tickets per month."""
    events = []
    serial = {team: 0 for team, *_ in TEAMS}
    total_weight = sum(HOUR_WEIGHT)
    load = {}
    for day in range(DAYS):
        weekday = (day + 2) % 7
        holiday = day < 31 and day in HOLIDAYS
        for hour in range(24):
            mean = TICKETS_PER_DAY * DAY_WEIGHT[weekday] * (0.8 if holiday else 1.0) \
                * HOUR_WEIGHT[hour] / total_weight
            for _ in range(rng.poisson(mean)):
                created = EPOCH_2025_10_01 + day * 86400 + hour * 3600 + rng.below(3600)
                team = rng.choice({t[0]: t[2] for t in TEAMS})
                spec = next(t for t in TEAMS if t[0] == team)
                serial[team] += 1
                tid = "%s-%06d" % (team, serial[team])
                ticket(rng, events, tid, team, spec, created, day, staff, load)
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    return events


def agent_for(rng, staff, team, day, load):
    pool = [a for a in staff[team] if a[1] <= day < a[2]]
    # The least loaded of two drawn at random: a desk's routing, roughly.
    a, b = pool[rng.below(len(pool))], pool[rng.below(len(pool))]
    pick = a if load.get(a[0], 0) <= load.get(b[0], 0) else b
    load[pick[0]] = load.get(pick[0], 0) + 1
    return pick


def ticket(rng, events, tid, team, spec, created, day, staff, load):
    channel = rng.choice(spec[3])
    category = rng.choice(spec[4])
    priority = rng.choice({"low": 0.15, "normal": 0.65, "high": 0.15, "urgent": 0.05})
    customer = "C-%05d" % rng.below(60000)
    rows = []

    def add(t, etype, actor="", agent="", team_id="", cust="", related="", code="", ch="",
            cat="", prio="", value=""):
        rows.append((t, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s"
                     % (tid, etype, iso(t), actor, agent, team_id, cust, related, code, ch, cat,
                        prio, value)))

    add(created, "created", team_id=team, cust=customer, ch=channel, cat=category, prio=priority)
    if rng.uniform() < 0.01:  # a duplicate the customer withdrew
        add(created + 60 + rng.below(600), "cancelled")
        events.extend((t, tid, r) for t, r in rows)
        return
    agent, _first, _last, skill = agent_for(rng, staff, team, day, load)
    fast = {"chat": 90, "phone": 40, "email": 1500, "web": 1800, "social": 900}[channel]
    t = next_working(created + 5 + rng.below(60), team)
    add(t, "assigned", agent=agent)
    t = next_working(t + int(rng.exponential(fast)) + 5, team)
    add(t, "started", actor=agent)
    t += 5 + int(rng.exponential(fast * (1.6 - skill)))
    add(t, "agent_reply", actor=agent)
    rounds = 1 + (rng.uniform() < 0.35) + (rng.uniform() < 0.15)
    fcr = rounds == 1
    for _ in range(rounds - 1):
        if rng.uniform() < 0.5:
            add(t + 30, "pended", actor=agent, value="customer")
            t = t + 600 + int(rng.exponential(6 * 3600))
            add(t, "customer_reply")
        else:
            internal = team in ("RET", "LOG") and rng.uniform() < 0.6
            if internal:
                add(t + 30, "pended", actor=agent, code="warehouse", value="internal")
                t = next_working(t + 1800 + int(rng.exponential(5 * 3600)), team)
                add(t, "resumed", actor=agent)
            else:
                t += 120 + int(rng.exponential(1800))
                add(t, "customer_reply")
        t = next_working(t + 60 + int(rng.exponential(fast * 3)), team)
        add(t, "agent_reply", actor=agent)
    t += 60 + int(rng.exponential(900))
    add(t, "resolved", actor=agent, code="solved", value="1" if fcr else "0")
    if rng.uniform() < 0.04:  # it came back
        t += 3600 + int(rng.exponential(86400))
        add(t, "reopened")
        t = next_working(t + 300, team)
        add(t, "agent_reply", actor=agent)
        t += 600 + int(rng.exponential(3600))
        add(t, "resolved", actor=agent, code="solved", value="0")
    if rng.uniform() < 0.38:
        tilt = skill - (0.25 if team == "CMP" else 0.0) - (0.15 if rounds > 2 else 0.0)
        u = rng.uniform()
        csat = 5 if u < 0.35 + 0.4 * tilt else 4 if u < 0.72 + 0.2 * tilt else \
            3 if u < 0.88 else 2 if u < 0.95 else 1
        add(t + 600 + rng.below(7200), "rated", value=str(csat))
        if csat <= 2 and rng.uniform() < (0.35 if team == "CMP" else 0.12):
            add(t + 9000 + rng.below(3600), "complaint")
    events.extend((t, tid, r) for t, r in rows)


RATED_KPIS = (("product_knowledge", "1-5"), ("teamwork", "1-5"), ("service_attitude", "0-100"))


def make_ratings(rng, staff):
    """The November 360 of the model's rated KPIs: everyone rates
    themselves (product knowledge), three peers rate each agent, the
    supervisor rates every report, and three to five customers answer the
    service-attitude survey. (The model gives subordinates no weight.)"""
    rows = ["rater,ratee,kpi,group,value,time"]
    when = "2025-12-01T09:00:00+08:00"

    def score(scale, skill):
        if scale == "1-5":
            return "%g" % min(5, max(1, round(2 + 3 * skill + (rng.uniform() - 0.5), 1)))
        return "%d" % min(100, max(0, int(55 + 45 * skill + 10 * (rng.uniform() - 0.5))))

    for t, (team, *_rest) in enumerate(TEAMS):
        sup = "S%d00" % (t + 1)
        members = [a for a in staff[team] if a[2] > 31]  # still there in November
        for aid, _f, _l, skill in members:
            for kpi, scale in RATED_KPIS:
                if kpi != "service_attitude" and kpi != "teamwork":
                    rows.append("%s,%s,%s,self,%s,%s" % (aid, aid, kpi, score(scale, skill), when))
                if kpi == "service_attitude":
                    rows.append("%s,%s,%s,supervisor,%s,%s" % (sup, aid, kpi,
                                                               score(scale, skill), when))
                    continue
                rows.append("%s,%s,%s,supervisor,%s,%s" % (sup, aid, kpi, score(scale, skill),
                                                           when))
                peers = [m for m in members if m[0] != aid]
                for k in range(3):
                    peer = peers[(rng.below(len(peers)) + k) % len(peers)]
                    rows.append("%s,%s,%s,peer,%s,%s" % (peer[0], aid, kpi, score(scale, skill),
                                                         when))
            for k in range(3 + rng.below(3)):  # customers' survey answers
                rows.append("C-%05d,%s,service_attitude,customer,%s,%s"
                            % (rng.below(60000), aid, score("0-100", skill), when))
    return rows


# Training: (agent, course) -> the deliberate gap, by hand (test_cli.py
# counts on it). Everyone else meets every requirement at the end of
# November; LOG's A502 renewed the platform rules in December 2024 and so
# shows as expiring (still covered).
TRAINING_GAPS = {
    ("A303", "LAW"): "failed the March retake (72 < 80): expired since March",
    ("A306", "REVIEW"): "no November skill review",
    ("A102", "ADV"): "no advanced course since June",
    ("A401", "CAREER"): "no career-planning session this year",
    ("A108", "REVIEW"): "hired on 10 November: review and launch briefing still due",
}


def make_training_records(rng, roster):
    """Rows of training_records.csv (local times at +08:00) for every
    person active at the end of November, in time order per person."""
    rows = ["agent_id,course_id,time,pre,post,satisfaction"]
    for line in roster[1:]:
        f = line.split(",")
        aid, level, hired, active = f[0], f[4], f[5], f[8] == "1"
        if not active:
            continue
        y, m, d = (int(x) for x in hired.split("-"))
        done = []

        def add(course, yy, mm, dd, post, pre=None):
            hour = 9 + rng.below(8)
            pre = 30 + rng.below(30) if pre is None else pre
            done.append(("%04d-%02d-%02dT%02d:00" % (yy, mm, dd, hour), course, pre, post,
                         3 + rng.below(3) if rng.uniform() < 0.9 else None))

        def score(lo=80):
            return lo + rng.below(100 - lo + 1)

        if aid == "A108":  # the November hire, onboarding until 10 December
            add("ONB", 2025, 11, 21, score(60))
            add("RULES", 2025, 11, 26, score())
            add("LAW", 2025, 11, 27, score())
            rows.extend(row(aid, r) for r in done)
            continue
        add("ONB", y, m, min(d + 7, 28), score(60))
        add("ETIQ", y + (m == 12), m % 12 + 1, 5, score(60))
        if aid == "A502":
            add("RULES", 2024, 12, 10, score())
        add("LAW", 2024 if aid == "A303" else 2025, 1, 8 + rng.below(10), score())
        if aid == "A303":
            add("LAW", 2025, 3, 10, 72)
        if aid == "A401":
            pass
        elif level == "expert":
            add("CAREER", 2025, 2, 10 + rng.below(10), 0)
        if aid != "A502":
            add("RULES", 2025, 2, 3 + rng.below(20), score())
        add("PROD", 2025, 5, 5 + rng.below(20), score(70))
        if level in ("senior", "expert"):
            add("ADV", 2025, 6, 9 + rng.below(20), score(70))
            if aid != "A102":
                add("ADV", 2025, 10, 6 + rng.below(20), score(70))
        if level == "junior" and aid != "A306":
            add("REVIEW", 2025, 11, 3 + rng.below(20), 0)
        if f[2] == "RET":  # the Blender V2 launch on 15 December
            add("BLEND2", 2025, 11, 24 + rng.below(5), score())
        done.sort(key=lambda r: r[0])
        rows.extend(row(aid, r) for r in done)
    return rows


def row(aid, r):
    when, course, pre, post, rating = r
    pre_text = "" if course in ("REVIEW", "CAREER") else str(pre)
    return "%s,%s,%s,%s,%d,%s" % (aid, course, when, pre_text, post,
                                  "" if rating is None else rating)


SHIFTS = ("team_id,name,days,start,length_minutes,heads\n"
          "PRE,early,mon-fri,08:00,540,4\nPRE,late,mon-fri,13:00,540,3\n"
          "PRE,weekend,sat-sun,09:00,720,3\n"
          "RET,day,mon-fri,09:00,540,6\nRET,saturday,sat,10:00,360,2\n"
          "CMP,day,mon-fri,09:00,540,5\nTEC,day,mon-fri,09:00,540,5\nTEC,saturday,sat,10:00,360,1\n"
          "LOG,day,mon-fri,09:00,540,5\nLOG,saturday,sat,10:00,360,2\n")


def main(argv):
    out = argv[1] if len(argv) > 1 else HERE
    os.makedirs(out, exist_ok=True)
    rng = Rng(SEED)
    roster, staff = make_roster(rng)
    write(out, "roster.csv", "\n".join(roster) + "\n")
    ratings = make_ratings(rng, staff)
    write(out, "ratings.csv", "\n".join(ratings) + "\n")
    events = make_tickets(Rng(SEED + 1), staff)
    header = "ticket_id,type,time,actor_id,agent_id,team_id,customer_id,related_id,code," \
             "channel,category,priority,value\n"
    write(out, "tickets_events.csv", header + "".join(r + "\n" for _t, _id, r in events))
    write(out, "shifts.csv", SHIFTS)
    records = make_training_records(Rng(SEED + 2), roster)
    write(out, "training_records.csv", "\n".join(records) + "\n")
    for name in ("desk_config.json", "kpi_model.json", "incentive_plan.json",
                 "training_courses.csv", "training_requirements.json"):
        shutil.copyfile(os.path.join(DATA, name), os.path.join(out, name))
    tickets = sum(1 for _t, _id, r in events if ",created," in r)
    print("%s: %d tickets, %d events, %d agents, %d ratings"
          % (out, tickets, len(events), len(roster) - 1, len(ratings) - 1))
    return 0


def write(out, name, text):
    with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
