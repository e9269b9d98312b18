#!/usr/bin/env bash
# The main job: builds libcsvc and its examples, then imports the example
# roster and prints the team tree with head counts per level.
#   examples/run.sh [path/to/roster.csv]
set -euo pipefail
case "${1:-}" in
    -h|--help) echo "usage: examples/run.sh [path/to/roster.csv]"; exit 0 ;;
esac
# The roster path is the caller's: resolve it before moving to the root.
roster=$(realpath -e -- "${1:-$(dirname "$0")/data/roster.csv}") \
    || { echo "examples/run.sh: ${1:-}: no such file" >&2; exit 1; }
cd "$(dirname "$0")/.."
. tests/deps.sh

csvc_ensure_packages $csvc_build_packages
csvc_build build -Dwerror=true >/dev/null
build/examples/roster_tree "$roster"
