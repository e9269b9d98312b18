"""Peer of bench_incentive: the same plan evaluated the way a payroll
scripter would write it in plain Python (standard library only), on the same
data: integers for money, values in micro-units, half-to-even rounding,
largest-remainder splits with ties by agent id.

usage: python3 bench_incentive_peer.py PLAN.json AGENTS.csv TEAMS.csv

Loading is not timed. Prints "python: evaluate <seconds> s, total <minor
units>" for the best of 3 runs.
"""
import csv
import json
import math
import sys
import time


def micro(x):
    p = x * 1e6
    return int(math.copysign(math.floor(abs(p) + 0.5), p))


def div_half_even(n, d):
    q, r = divmod(abs(n), d)
    if 2 * r > d or (2 * r == d and q % 2 == 1):
        q += 1
    return q if n >= 0 else -q


def money(text):
    whole, _, frac = text.partition(".")
    sign = -1 if whole.startswith("-") else 1
    return sign * (abs(int(whole)) * 100 + int((frac + "00")[:2]))


def split(amount, weights, keys):
    total = sum(weights)
    mag = abs(amount)
    parts = [mag * w // total for w in weights]
    left = mag - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(mag * weights[i] % total), keys[i]))
    for i in order[:left]:
        parts[i] += 1
    return parts if amount >= 0 else [-p for p in parts]


def load(plan_path, agents_path, teams_path):
    with open(plan_path) as f:
        plan = json.load(f)
    agents = []
    with open(agents_path, newline="") as f:
        for row in csv.DictReader(f):
            values = {}
            for k, v in row.items():
                if k not in ("agent_id", "team_id", "base_pay", "probation", "active") and v != "":
                    values[k] = micro(float(v))
            agents.append({"id": row["agent_id"], "team": row["team_id"],
                           "base": int(row["base_pay"]), "probation": row["probation"] == "1",
                           "active": row["active"] == "1", "m": values})
    teams = {}
    with open(teams_path, newline="") as f:
        for row in csv.DictReader(f):
            teams[row["team_id"]] = {k: micro(float(v)) for k, v in row.items() if k != "team_id"}
    return plan, agents, teams


def passes(gate, a):
    if not gate:
        return True
    if gate.get("exclude_probation") and a["probation"]:
        return False
    if gate.get("active_on_last_day") and not a["active"]:
        return False
    for metric, bound in gate.get("min", {}).items():
        v = a["m"].get(metric)
        if v is None or v < micro(bound):
            return False
    for metric, bound in gate.get("max", {}).items():
        v = a["m"].get(metric)
        if v is None or v > micro(bound):
            return False
    return True


def pay(spec, a, v):
    if "amount" in spec:
        return money(spec["amount"])
    if "bp_of_base" in spec:
        return div_half_even(a["base"] * spec["bp_of_base"], 10000)
    return div_half_even(money(spec["rate"]) * v, 1000000)


def marginal(tiers, v):
    total = 0
    for lower, upper, rate in tiers:
        if v <= lower:
            break
        total += rate * (min(v, upper) - lower)
    return div_half_even(total, 1000000)


def capped(rule, amount):
    return min(amount, money(rule["cap"])) if "cap" in rule else amount


def meets(rule, v):
    return v <= micro(rule["at_most"]) if "at_most" in rule else v >= micro(rule["at_least"])


def target(rule, a, v):
    on_target = money(rule["on_target"]) if "on_target" in rule else \
        div_half_even(a["base"] * rule["on_target_bp"], 10000)
    ach = div_half_even(v * 10000, micro(rule["target"]))
    levels = [(l["achievement_bp"], l["payout_bp"]) for l in rule["levels"]]
    reached = [i for i, (ab, _) in enumerate(levels) if ach >= ab]
    if not reached:
        return 0
    i = reached[-1]
    if rule.get("step") or i == len(levels) - 1 or ach == levels[i][0]:
        return div_half_even(on_target * levels[i][1], 10000)
    (a0, p0), (a1, p1) = levels[i], levels[i + 1]
    num = p0 * (a1 - a0) + (p1 - p0) * (ach - a0)
    return div_half_even(on_target * num, (a1 - a0) * 10000)


def evaluate(plan, agents, teams):
    running = {a["id"]: 0 for a in agents}
    eligible = {a["id"]: passes(plan.get("eligibility"), a) for a in agents}
    for rule in plan["rules"]:
        kind, metric = rule["kind"], rule.get("metric", "resolved")
        ok = [a for a in agents if eligible[a["id"]] and passes(rule.get("eligibility"), a)]
        if kind == "pool":
            threshold_met = {t for t, tm in teams.items() if metric in tm and meets(rule, tm[metric])}
            members = {}
            for a in ok:
                if a["team"] in threshold_met:
                    members.setdefault(a["team"], []).append(a)
            for team, ms in members.items():
                if rule["split"] == "equal":
                    weights = [1] * len(ms)
                else:
                    weights = [max(a["m"].get(rule["weight_metric"], 0), 0) for a in ms]
                if sum(weights) == 0:
                    continue
                amount = money(rule["amount"]) if "amount" in rule else \
                    div_half_even(sum(a["base"] for a in ms) * rule["bp_of_team_base"], 10000)
                for a, part in zip(ms, split(amount, weights, [a["id"] for a in ms])):
                    running[a["id"]] += capped(rule, part)
            continue
        if kind == "title":
            cands = sorted((a for a in ok if metric in a["m"]),
                           key=lambda a: (-a["m"][metric], a["id"]))
            for a in cands[:rule.get("top", 1)]:
                running[a["id"]] += capped(rule, money(rule.get("amount", "0")))
            continue
        if kind == "tiered" and rule["mode"] == "marginal":
            tiers = [(micro(t["lower"]), micro(t["upper"]) if "upper" in t else 2 ** 63,
                      money(t["rate"])) for t in rule["tiers"]]
        if kind == "commission":
            tiers = [(0, 2 ** 63, money(rule["rate"]))]
            for acc in rule.get("accelerators", []):
                lower = micro(acc["above"])
                tiers[-1] = (tiers[-1][0], lower, tiers[-1][2])
                tiers.append((lower, 2 ** 63, money(acc["rate"])))
        for a in ok:
            v = a["m"].get(metric)
            if v is None:
                continue
            amount = 0
            if kind == "tiered" and rule["mode"] == "step":
                for t in rule["tiers"]:
                    upper = micro(t["upper"]) if "upper" in t else 2 ** 63
                    if micro(t["lower"]) <= v < upper:
                        amount = pay(t, a, v)
                        break
            elif kind in ("tiered", "commission"):
                amount = marginal(tiers, v)
            elif kind == "target":
                amount = target(rule, a, v)
            elif kind == "metric_bonus":
                sample = rule.get("min_sample")
                if not meets(rule, v) or (sample and a["m"].get(sample["metric"], -2 ** 63)
                                          < micro(sample["at_least"])):
                    continue
                amount = pay(rule, a, v)
            elif kind == "deduction":
                if v <= 0:
                    continue
                due = capped(rule, div_half_even(money(rule["per_unit"]) * v, 1000000))
                if "floor" in rule:
                    floor = money(rule["floor"])
                    room = running[a["id"]] - floor if running[a["id"]] > floor else 0
                    due = min(due, room)
                running[a["id"]] -= due
                continue
            elif kind == "points":
                continue  # points carry no money
            running[a["id"]] += capped(rule, amount)
    if "agent_cap_bp" in plan:
        for a in agents:
            cap = div_half_even(a["base"] * plan["agent_cap_bp"], 10000)
            running[a["id"]] = min(running[a["id"]], cap)
    total = sum(running.values())
    if "budget" in plan and total > money(plan["budget"]):
        pos = [a["id"] for a in agents if running[a["id"]] > 0]
        rest = sum(v for v in running.values() if v <= 0)
        parts = split(money(plan["budget"]) - rest, [running[i] for i in pos], pos)
        for i, part in zip(pos, parts):
            running[i] = part
        total = sum(running.values())
    return total, running


def main():
    plan, agents, teams = load(*sys.argv[1:4])
    best, total, running = math.inf, None, None
    for _ in range(3):
        t0 = time.perf_counter()
        total, running = evaluate(plan, agents, teams)
        best = min(best, time.perf_counter() - t0)
    # Every statement's total, in id order, folded into one number.
    check = sum((k + 1) * running[i] for k, i in enumerate(sorted(running))) % (2 ** 61 - 1)
    print("python: evaluate %.3f s, total %d, checksum %d (%d agents, Python %s)"
          % (best, total, check, len(agents), sys.version.split()[0]))


if __name__ == "__main__":
    main()
