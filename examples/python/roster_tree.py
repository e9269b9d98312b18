#!/usr/bin/env python3
"""Imports a roster CSV and prints each team with its active head count per
level and its reporting tree (the Python twin of examples/roster_tree.c;
both print the same text).

    python3 examples/python/roster_tree.py [path/to/roster.csv]

Run it from anywhere in the source tree: the bindings are taken from
bindings/python when csvc is not installed, and the library from
CSVC_LIBRARY or the build tree.
"""

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


def describe(agent):
    inactive = "" if agent.active else " [inactive]"
    return "%s %s (%s)%s" % (agent.id, agent.name, agent.level, inactive)


def print_reports(agents, team, supervisor, depth):
    """Members of ``team`` reporting to ``supervisor``, then theirs."""
    for agent in agents:
        if agent.team == team and agent.supervisor == supervisor:
            print("%s- %s" % (" " * (4 + 2 * depth), describe(agent)))
            print_reports(agents, team, agent.id, depth + 1)


def print_team(roster, agents, team):
    line = "%s [%s]" % (team.name, team.id)
    if team.lead:
        line += ", lead %s %s" % (team.lead, roster.agent(team.lead).name)
    print(line)
    counts = [(level, roster.headcount(team.id, level)) for level in csvc.Level]
    print("  active head count: %s (total %d)" % (
        ", ".join("%s %d" % (level, n) for level, n in counts),
        sum(n for _, n in counts)))
    by_id = {agent.id: agent for agent in agents}
    for agent in agents:
        if agent.team != team.id:
            continue
        # A member whose supervisor is outside the team starts a branch.
        if agent.supervisor and by_id[agent.supervisor].team == team.id:
            continue
        line = "    - " + describe(agent)
        if agent.supervisor:
            line += ", reports to " + agent.supervisor
        print(line)
        print_reports(agents, team.id, agent.id, 1)


def main(argv):
    path = argv[1] if len(argv) > 1 else os.path.join(REPO, "examples", "data", "roster.csv")
    with csvc.Roster() as roster:
        try:
            roster.import_csv(path)
        except csvc.Error as exc:
            print("roster_tree: %s: %s (%s)" % (path, exc.message, exc.name), file=sys.stderr)
            return 1
        agents = list(roster)
        teams = roster.teams
        print("libcsvc %s: %d agents in %d teams (%s)\n"
              % (csvc.version(), len(agents), len(teams), path))
        for team in teams:
            print_team(roster, agents, team)
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
