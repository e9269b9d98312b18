#!/usr/bin/env bash
# The main job: builds libcsvc and the csvc program, makes the sample month
# (examples/data/month, a fixed seed) when it is not there yet, and runs the
# month-end review of November 2025 on it, kept in the store
# build/csvc-review.db. Running it again reuses the store: the same month
# imports nothing new.
#   examples/run.sh [--month YYYY-MM] [other csvc review options]
set -euo pipefail
case "${1:-}" in
    -h|--help)
        echo "usage: examples/run.sh [csvc review options]   (see: build/src/cli/csvc --help)"
        exit 0 ;;
esac
cd "$(dirname "$0")/.."
. tests/deps.sh

csvc_ensure_packages $csvc_build_packages python3
csvc_build build -Dwerror=true >/dev/null
month=examples/data/month
if [ ! -f "$month/tickets_events.csv" ]; then
    python3 "$month/generate.py" "$month"
fi
if [ $# -eq 0 ]; then
    set -- --month 2025-11
fi
build/src/cli/csvc review --data "$month" --db build/csvc-review.db "$@"
