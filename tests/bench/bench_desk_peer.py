"""Peers of bench_desk: the per-agent month metrics a user would otherwise
compute with pandas groupby or with SQL in SQLite, on the same tickets.

usage: /usr/bin/python3 bench_desk_peer.py ROWS_FILE N pandas|sqlite
       /usr/bin/python3 bench_desk_peer.py EVENTS_FILE N pandas-events

ROWS_FILE holds N records of bench_desk's ticket_row (int32 agent, int32
csat, int64 created, int64 first_response, int64 resolved): one row per
ticket, as a helpdesk export gives it. On it, "pandas" and "sqlite" compute
per agent: resolved count, first response time count/mean/median/p90,
resolution time mean/median/p90, CSAT count, share of 4-5 and mean
(percentiles with linear interpolation, pandas' default) -- a subset of
what csvc_desk_metrics_all_agents() returns.

EVENTS_FILE holds N event records (int32 ticket, int32 type, int32 actor,
int32 agent, int32 value, int32 padding, int64 time; csvc_event_type values,
-1 for no actor / agent): the desk's own log. On it, "pandas-events" computes the same metric set as the
library (handled, resolved, FCR, first response and first/total resolution
count/mean/median/p90, CSAT, reopen, complaint, transfer and escalation
counts, backlog) with groupby: the same query on the same data.

Loading is not timed. Prints "<peer>: query <seconds> s" (best of 3).
"""
import sqlite3
import sys
import time

MONTH_START = 1767225600
MONTH_END = MONTH_START + 31 * 86400


def load_numpy(path, n):
    import numpy as np
    dtype = np.dtype([("agent", "<i4"), ("csat", "<i4"), ("created", "<i8"),
                      ("first_response", "<i8"), ("resolved", "<i8")])
    return np.fromfile(path, dtype=dtype, count=n)


def pandas_query(df):
    import pandas as pd
    frt_rows = df[(df.first_response >= MONTH_START) & (df.first_response < MONTH_END)]
    frt = (frt_rows.first_response - frt_rows.created).groupby(frt_rows.agent)
    res_rows = df[(df.resolved >= MONTH_START) & (df.resolved < MONTH_END)]
    res = (res_rows.resolved - res_rows.created).groupby(res_rows.agent)
    rated = res_rows[res_rows.csat > 0]
    csat = rated.csat.groupby(rated.agent)
    return pd.DataFrame({
        "resolved": res.size(),
        "frt_count": frt.size(), "frt_mean": frt.mean(), "frt_median": frt.median(),
        "frt_p90": frt.quantile(0.9),
        "res_mean": res.mean(), "res_median": res.median(), "res_p90": res.quantile(0.9),
        "csat_count": csat.size(), "csat_share": (rated.csat >= 4).groupby(rated.agent).mean(),
        "csat_mean": csat.mean(),
    })


EV_CREATED, EV_ASSIGNED, EV_TRANSFERRED, EV_ESCALATED = 0, 1, 2, 3
EV_AGENT_REPLY, EV_RESOLVED, EV_CLOSED, EV_REOPENED = 5, 10, 11, 12
EV_RATED, EV_COMPLAINT, EV_CANCELLED = 13, 14, 15


def load_events(path, n):
    import numpy as np
    import pandas as pd
    dtype = np.dtype([("ticket", "<i4"), ("type", "<i4"), ("actor", "<i4"), ("agent", "<i4"),
                      ("value", "<i4"), ("category", "<i4"), ("time", "<i8")])
    return pd.DataFrame(np.fromfile(path, dtype=dtype, count=n))


def describe(values, by):
    import pandas as pd
    g = pd.Series(values).groupby(by)
    return pd_frame(count=g.size(), mean=g.mean(), median=g.median(), p90=g.quantile(0.9))


def pd_frame(**cols):
    import pandas as pd
    return pd.DataFrame(cols)


def pandas_events_query(ev, split=False):
    """Per-agent service metrics of the month from the event log; with
    `split`, per agent and ticket category (one group key per pair)."""
    if split:
        category = ev[ev.type == EV_CREATED].set_index("ticket").category

        def key(agents, tickets):
            return agents * 8 + category.reindex(tickets).values
    else:
        def key(agents, tickets):
            return agents
    in_month = (ev.time >= MONTH_START) & (ev.time < MONTH_END)
    created = ev[ev.type == EV_CREATED].set_index("ticket").time
    acted = ev[in_month & (ev.actor >= 0)]
    acted = acted.drop_duplicates(["ticket", "actor"])
    handled = acted.groupby(key(acted.actor.values, acted.ticket.values)).size()
    res = ev[ev.type == EV_RESOLVED]
    res_in = res[in_month[res.index]]
    last_res = res_in.drop_duplicates(["ticket", "actor"], keep="last")
    last_key = key(last_res.actor.values, last_res.ticket.values)
    resolved = last_res.groupby(last_key).size()
    first_contact = last_res.value.groupby(last_key).sum()
    replies = ev[ev.type == EV_AGENT_REPLY].drop_duplicates("ticket")
    replies = replies[(replies.time >= MONTH_START) & (replies.time < MONTH_END)]
    frt = describe(replies.time.values - created.reindex(replies.ticket).values,
                   key(replies.actor.values, replies.ticket.values))
    first = res.drop_duplicates("ticket")
    first = first[(first.time >= MONTH_START) & (first.time < MONTH_END)]
    resolution = describe(first.time.values - created.reindex(first.ticket).values,
                          key(first.actor.values, first.ticket.values))
    last_state = ev[ev.type.isin([EV_RESOLVED, EV_REOPENED, EV_CLOSED])].drop_duplicates(
        "ticket", keep="last")
    final = res.drop_duplicates("ticket", keep="last")
    final = final[final.ticket.isin(last_state.ticket[last_state.type != EV_REOPENED]) &
                  (final.time >= MONTH_START) & (final.time < MONTH_END)]
    total = describe(final.time.values - created.reindex(final.ticket).values,
                     key(final.actor.values, final.ticket.values))
    resolver = res.drop_duplicates("ticket", keep="last").set_index("ticket").actor
    rated = ev[in_month & (ev.type == EV_RATED)].drop_duplicates("ticket", keep="last")
    rater_agent = key(resolver.reindex(rated.ticket).values, rated.ticket.values)
    csat = pd_frame(count=rated.value.groupby(rater_agent).size(),
                    share=(rated.value >= 4).groupby(rater_agent).mean(),
                    mean=rated.value.groupby(rater_agent).mean())
    assert len(csat) > 0
    counts = {}
    for name, typ in (("reopened", EV_REOPENED), ("complaints", EV_COMPLAINT),
                      ("transfers", EV_TRANSFERRED), ("escalations", EV_ESCALATED)):
        sel = ev[in_month & (ev.type == typ)]
        counts[name] = sel.groupby(key(resolver.reindex(sel.ticket).values,
                                       sel.ticket.values)).size()
    before_end = ev[ev.time < MONTH_END]
    state = before_end[before_end.type.isin([EV_CREATED, EV_RESOLVED, EV_REOPENED, EV_CLOSED,
                                             EV_CANCELLED])].drop_duplicates("ticket", keep="last")
    open_at_end = state[state.type.isin([EV_CREATED, EV_REOPENED])]
    assignee = ev[ev.type.isin([EV_ASSIGNED, EV_TRANSFERRED])].drop_duplicates(
        "ticket", keep="last").set_index("ticket").agent
    backlog = open_at_end.groupby(key(assignee.reindex(open_at_end.ticket).values,
                                      open_at_end.ticket.values)).size()
    return handled, resolved, first_contact, frt, resolution, total, csat, counts, backlog


def quantile_sql(value, where, q):
    # Linear interpolation between the closest ranks, rank r = 1 + (n-1)*q.
    return f"""
      SELECT agent, SUM(CASE WHEN rn = lo THEN v END) * (1 - frac)
                  + SUM(CASE WHEN rn = lo + 1 THEN v ELSE 0 END) * frac AS q
      FROM (SELECT agent, v, rn, CAST((n - 1) * {q} AS INTEGER) + 1 AS lo,
                   (n - 1) * {q} - CAST((n - 1) * {q} AS INTEGER) AS frac
            FROM (SELECT agent, {value} AS v,
                         ROW_NUMBER() OVER (PARTITION BY agent ORDER BY {value}) AS rn,
                         COUNT(*) OVER (PARTITION BY agent) AS n
                  FROM t WHERE {where}))
      WHERE rn = lo OR rn = lo + 1 GROUP BY agent"""


def sqlite_query(db):
    frt_where = f"first_response >= {MONTH_START} AND first_response < {MONTH_END}"
    res_where = f"resolved >= {MONTH_START} AND resolved < {MONTH_END}"
    frt = "first_response - created"
    res = "resolved - created"
    out = {}
    out["frt"] = db.execute(f"SELECT agent, COUNT(*), AVG({frt}) FROM t WHERE {frt_where} "
                            "GROUP BY agent").fetchall()
    out["res"] = db.execute(f"SELECT agent, COUNT(*), AVG({res}), SUM(csat > 0), "
                            "AVG(CASE WHEN csat > 0 THEN csat >= 4 END), "
                            "AVG(CASE WHEN csat > 0 THEN csat END) "
                            f"FROM t WHERE {res_where} GROUP BY agent").fetchall()
    for name, value, where in (("frt", frt, frt_where), ("res", res, res_where)):
        for q in (0.5, 0.9):
            out[f"{name}_{q}"] = db.execute(quantile_sql(value, where, q)).fetchall()
    return out


def best_of(fn, arg, runs=3):
    best = None
    for _ in range(runs):
        t0 = time.perf_counter()
        fn(arg)
        dt = time.perf_counter() - t0
        best = dt if best is None or dt < best else best
    return best


def main():
    path, n, which = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if which == "pandas-events":
        import pandas as pd
        ev = load_events(path, n)
        sample = pandas_events_query(ev)[3]
        print(f"pandas_groupby_events: query {best_of(pandas_events_query, ev):.3f} s "
              f"(pandas {pd.__version__}; {n} events; agent 0: frt median "
              f"{sample['median'].iloc[0]:.1f} s p90 {sample['p90'].iloc[0]:.1f} s)")
        return 0
    if which == "pandas-events-by-category":
        ev = load_events(path, n)
        sample = pandas_events_query(ev, split=True)[1]
        seconds = best_of(lambda frame: pandas_events_query(frame, split=True), ev)
        print(f"pandas_groupby_events_by_category: query {seconds:.3f} s ({n} events; agent 0 "
              f"return_refund: resolved {int(sample.get(2, 0))})")
        return 0
    rows = load_numpy(path, n)
    if which == "pandas":
        import pandas as pd
        df = pd.DataFrame(rows)
        sample = pandas_query(df)
        print(f"pandas_groupby: query {best_of(pandas_query, df):.3f} s "
              f"(pandas {pd.__version__}; agent 0: resolved {int(sample.resolved.iloc[0])}, "
              f"frt median {sample.frt_median.iloc[0]:.1f} s p90 {sample.frt_p90.iloc[0]:.1f} s, "
              f"csat {sample.csat_share.iloc[0]:.4f})")
    else:
        db = sqlite3.connect(":memory:")
        db.execute("CREATE TABLE t (agent INTEGER, csat INTEGER, created INTEGER, "
                   "first_response INTEGER, resolved INTEGER)")
        db.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                       ((int(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in rows))
        db.commit()
        sample = sqlite_query(db)
        frt_median = dict(sample["frt_0.5"]).get(0)
        print(f"sqlite_sql: query {best_of(sqlite_query, db, runs=1):.3f} s "
              f"(SQLite {sqlite3.sqlite_version}; agent 0: frt median {frt_median})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
