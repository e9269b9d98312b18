"""Peer of bench_kpi: the same review computed the way an analyst would with
pandas groupby, on the same ratings and metric values.

usage: /usr/bin/python3 bench_kpi_peer.py RATINGS N OBJECTIVE AGENTS TEAM_SIZE MODEL OUT

RATINGS holds N records (int32 ratee, int16 kpi, int8 group, int8 pad,
float64 value on 1..5); OBJECTIVE the metric value of each agent for each
objective KPI (float64, agent-major, NaN = no value); MODEL the model JSON
document bench_kpi loaded (every missing-group policy is renormalise there).
Agent i is in team i // TEAM_SIZE. Loading is not timed. The query computes
the formula of csvc/kpi.h: rescale, group aggregates (mean, median, trimmed
mean dropping one highest and one lowest at >= 5 ratings) with min_count,
group weights renormalised over the groups present, objective values
normalised (linear clamped, or bands compared rounded to 1e-6), the
weighted composite, dimension subtotals, competition ranks and
mid-rank percentiles in team and desk, threshold grades. Prints
"pandas: query <seconds> s" for the best of 3 runs and writes the
composites (float64 per agent, NaN when none) to OUT.
"""
import json
import sys
import time

import numpy as np
import pandas as pd

GROUPS = ["self", "peer", "supervisor", "subordinate", "customer"]
DIMENSIONS = ["quality", "efficiency", "skill", "teamwork", "innovation"]


def group_settings(model):
    out = []
    for name in GROUPS:
        g = {"weight": 1.0, "aggregation": "mean", "min_count": 1}
        g.update(model.get("groups", {}).get(name, {}))
        out.append(g)
    return out


def normalise(kpi, v):
    n = kpi["normalise"]
    lower = kpi.get("direction", "higher") == "lower"
    if n["method"] == "linear":
        f, t = n["floor"], n["target"]
        s = (f - v) / (f - t) * 100 if lower else (v - f) / (t - f) * 100
        return np.clip(s, 0, 100)
    rv = np.round(v * 1e6) / 1e6
    bands = n["bands"]
    if lower:  # first band whose threshold is >= v
        conds = [rv <= round(b["threshold"], 6) for b in bands]
    else:  # last band whose threshold is <= v
        conds = [rv >= round(b["threshold"], 6) for b in reversed(bands)]
        bands = list(reversed(bands))
    s = np.select(conds, [b["points"] for b in bands], default=0.0)
    return np.where(np.isnan(v), np.nan, s)


def compute(model, ratings, objective, agents, team_size):
    kpis = model["kpis"]
    groups = group_settings(model)
    nk = len(kpis)
    weight = np.zeros((nk, 5))
    for k, kpi in enumerate(kpis):
        for g, name in enumerate(GROUPS):
            weight[k, g] = kpi.get("group_weights", {}).get(name, groups[g]["weight"])
    scale_0_100 = np.array([kpi.get("scale") == "0-100" for kpi in kpis])

    # Rated KPIs: one groupby over (ratee, kpi, group).
    x = np.where(scale_0_100[ratings["kpi"]], ratings["value"], (ratings["value"] - 1) / 4 * 100)
    df = ratings[["ratee", "kpi", "group"]].assign(x=x)
    st = df.groupby(["ratee", "kpi", "group"])["x"].agg(
        ["count", "sum", "min", "max", "mean", "median"]).reset_index()
    trimmed = np.where(st["count"] >= 5, (st["sum"] - st["min"] - st["max"]) / (st["count"] - 2),
                       st["mean"])
    how = st["group"].map(dict(enumerate(g["aggregation"] for g in groups)))
    st["agg"] = np.select([how == "mean", how == "median"], [st["mean"], st["median"]], trimmed)
    st = st[st["count"] >= st["group"].map(dict(enumerate(g["min_count"] for g in groups)))]
    st = st.assign(w=weight[st["kpi"].to_numpy(), st["group"].to_numpy()])
    st = st[st["w"] > 0]
    st = st.assign(wa=st["w"] * st["agg"])
    per_kpi = st.groupby(["ratee", "kpi"])[["wa", "w"]].sum()
    rated = (per_kpi["wa"] / per_kpi["w"]).rename("score").reset_index()

    # Objective KPIs: vectorised normalisation per KPI.
    parts = [rated]
    col = 0
    for k, kpi in enumerate(kpis):
        if kpi["source"] != "objective":
            continue
        s = normalise(kpi, objective[:, col])
        col += 1
        parts.append(pd.DataFrame({"ratee": np.arange(agents), "kpi": k, "score": s}))
    scores = pd.concat(parts, ignore_index=True).dropna(subset=["score"])

    kw = np.array([kpi["weight"] for kpi in kpis])
    dim = np.array([DIMENSIONS.index(kpi["dimension"]) for kpi in kpis])
    scores = scores.assign(kw=kw[scores["kpi"].to_numpy()], dim=dim[scores["kpi"].to_numpy()])
    scores = scores.assign(kws=scores["kw"] * scores["score"])
    total = scores.groupby("ratee")[["kws", "kw"]].sum()
    composite = (total["kws"] / total["kw"]).reindex(np.arange(agents))
    by_dim = scores.groupby(["ratee", "dim"])[["kws", "kw"]].sum()
    dims = (by_dim["kws"] / by_dim["kw"]).unstack()

    out = pd.DataFrame({"composite": composite, "team": np.arange(agents) // team_size})
    out["rounded"] = np.round(out["composite"] * 1e6) / 1e6
    out["rank_desk"] = out["rounded"].rank(method="min", ascending=False)
    out["rank_team"] = out.groupby("team")["rounded"].rank(method="min", ascending=False)
    n_desk = out["rounded"].count()
    n_team = out.groupby("team")["rounded"].transform("count")
    out["pct_desk"] = (out["rounded"].rank(method="average") - 1) / max(n_desk - 1, 1) * 100
    out["pct_team"] = ((out.groupby("team")["rounded"].rank(method="average") - 1)
                       / (n_team - 1).clip(lower=1) * 100)
    t = model.get("grading", {}).get("thresholds", [90, 80, 70, 60])
    r = out["rounded"]
    out["grade"] = np.select([r >= t[0], r >= t[1], r >= t[2], r >= t[3], r.notna()],
                             ["S", "A", "B", "C", "D"], default="")
    return out.join(dims)


def main():
    ratings_path, n, objective_path, agents, team_size, model_path, out_path = sys.argv[1:8]
    n, agents, team_size = int(n), int(agents), int(team_size)
    model = json.load(open(model_path))
    dtype = np.dtype([("ratee", "<i4"), ("kpi", "<i2"), ("group", "i1"), ("pad", "i1"),
                      ("value", "<f8")])
    ratings = pd.DataFrame(np.fromfile(ratings_path, dtype=dtype, count=n))
    n_objective = sum(k["source"] == "objective" for k in model["kpis"])
    objective = np.fromfile(objective_path, dtype="<f8", count=agents * n_objective)
    objective = objective.reshape(agents, n_objective)
    best, result = float("inf"), None
    for _ in range(3):
        t0 = time.perf_counter()
        result = compute(model, ratings, objective, agents, team_size)
        best = min(best, time.perf_counter() - t0)
    print(f"pandas: query {best:.3f} s (best of 3; {n} ratings, {agents} agents)", flush=True)
    result["composite"].to_numpy(dtype=np.float64).tofile(out_path)


if __name__ == "__main__":
    main()
