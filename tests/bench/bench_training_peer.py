"""The peer of bench_training: the same status report in pandas, as an HR
analyst would write it: every (agent, requirement) item, its state at one
instant, and each team's coverage. Run by bench_training with the data
directory, the instant (Unix seconds) and the UTC offset (seconds)."""

import sys
import time

import numpy as np
import pandas as pd

HORIZON = 90 * 86400


def main():
    data, at, offset = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    agents = pd.read_csv(data + "/agents.csv")
    courses = pd.read_csv(data + "/courses.csv")
    reqs = pd.read_csv(data + "/requirements.csv")
    done = pd.read_csv(data + "/completions.csv")
    t0 = time.perf_counter()

    agents = agents[(agents.active == 1) & (agents.hire_date <= at)]
    items = agents.merge(reqs, how="cross", suffixes=("", "_req"))
    items = items[((items.level_req == -1) | (items.level == items.level_req)) &
                  ((items.team_req == -1) | (items.team == items.team_req))]
    passing = done.merge(courses, on="course")
    passing = passing[(passing.post >= passing.passing_score) & (passing.time <= at)]
    last = passing.groupby(["agent", "course"], as_index=False).time.max()
    last["agent_index"] = last.agent
    items = items.assign(agent_index=items.agent_id.str[1:].astype(int))
    items = items.merge(last[["agent_index", "course", "time"]], on=["agent_index", "course"],
                        how="left").merge(courses, on="course")

    # Never passed: due 30 days after the hire (onboarding) or the later of
    # the start and the hire.
    start = np.where(items.kind == 1, items.hire_date, np.maximum(items.start, items.hire_date))
    due = start + items.due_days * 86400

    # Passed: valid until the earliest of the certificate's expiry and the
    # recurrence, in local time.
    local = pd.to_datetime(items.time.fillna(0) + offset, unit="s")
    never = np.iinfo(np.int64).max

    def plus_months(months):
        out = np.full(len(items), never, dtype=np.int64)
        for m in np.unique(months[months > 0]):
            sel = (months == m).to_numpy()
            shifted = local[sel] + pd.DateOffset(months=int(m))
            out[sel] = shifted.astype("int64") // 10**9 - offset
        return out

    cert = plus_months(items.validity_months)
    recur = np.full(len(items), never, dtype=np.int64)
    every = np.where(items.kind == 2, items.every_months, 0)
    recur = np.minimum(recur, plus_months(pd.Series(every, index=items.index)))
    jan1 = pd.to_datetime((local.dt.year + 1).astype(str) + "-01-01").astype("int64") // 10**9
    recur = np.where(items.kind == 3, jan1 - offset, recur)
    until = np.minimum(cert, recur)

    passed = items.time.notna().to_numpy()
    state = np.select(
        [~passed & (at < due), ~passed, until == never, at >= until, until - at <= HORIZON],
        [3, 4, 0, 2, 1], default=0)
    items["ok"] = state <= 1
    ok = items.groupby("agent_id").ok.all()
    cover = agents.set_index("agent_id").join(ok).ok.fillna(True)
    per_team = cover.groupby(agents.set_index("agent_id").team).sum()
    elapsed = time.perf_counter() - t0
    counts = np.bincount(state, minlength=5)
    check = int(((per_team.index + 1) * per_team).sum())
    print("pandas: report %.3f s, coverage %d/%d, states %d %d %d %d %d, team checksum %d "
          "(pandas %s)" % (elapsed, int(cover.sum()), len(cover), *counts, check,
                           pd.__version__))


if __name__ == "__main__":
    main()
