#!/bin/bash
# The example programs behave as programs: --help prints the usage and
# exits 0, an unknown option exits 2, a missing input exits 1 with the
# reason, each runs cleanly from the repository root, and ticket_lifecycle
# --db run twice reloads the story without an error.
# usage: check_examples.sh SOURCE_ROOT BUILD_ROOT
set -uo pipefail
src=$(cd "$1" && pwd)
bin=$(cd "$2" && pwd)/examples
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$src"

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# expect CODE NAME COMMAND...: runs it, checks the exit code, keeps the output.
expect() {
    local want=$1 name=$2; shift 2
    "$@" >"$work/out" 2>"$work/err"
    local got=$?
    [ "$got" = "$want" ] || { fail "$name: exit $got, expected $want"; cat "$work/err" >&2; }
}

for example in roster_tree kpi_review staffing ticket_lifecycle; do
    expect 0 "$example --help" "$bin/$example" --help
    grep -q "^usage: $example" "$work/out" || fail "$example --help prints no usage"
    expect 2 "$example --bogus" "$bin/$example" --bogus
    grep -q "usage:" "$work/err" || fail "$example --bogus does not say how to call it"
    expect 0 "$example" "$bin/$example"
    [ -s "$work/err" ] && fail "$example writes to stderr: $(cat "$work/err")"
done

expect 1 "roster_tree with a missing file" "$bin/roster_tree" "$work/missing.csv"
grep -q "missing.csv" "$work/err" || fail "roster_tree does not name the missing file"
expect 1 "ticket_lifecycle with a missing roster" "$bin/ticket_lifecycle" "$work/missing.csv"

expect 0 "ticket_lifecycle --db (first run)" "$bin/ticket_lifecycle" --db "$work/desk.db"
grep -q "committed to the database" "$work/out" || fail "first --db run does not journal"
expect 0 "ticket_lifecycle --db (second run)" "$bin/ticket_lifecycle" --db "$work/desk.db"
[ -s "$work/err" ] && fail "second --db run writes to stderr: $(cat "$work/err")"
grep -q "already holds the story (11 events)" "$work/out" || fail "second --db run does not reload"
grep -q "state closed; SLA at" "$work/out" || fail "second --db run prints no SLA"

(cd "$work" && bash "$src/examples/run.sh" --help >/dev/null) || fail "examples/run.sh --help"

[ "$failures" = 0 ] && echo "ok: examples behave" || exit 1
