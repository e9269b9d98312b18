#!/usr/bin/env bash
# The main job: builds libcsvc and the csvc program, makes the sample month
# (examples/data/month, a fixed seed) when it is not there yet, runs the
# month-end review of November 2025 on it, kept in the store
# build/csvc-review.db, and writes the same review as an HTML report with
# charts (examples/python/monthly_review.py, through the Python bindings),
# printing its path. Running it again reuses the store: the same month
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

csvc_ensure_packages $csvc_build_packages python3 python3-matplotlib
csvc_build build -Dwerror=true >/dev/null
month=examples/data/month
if [ ! -f "$month/tickets_events.csv" ]; then
    python3 "$month/generate.py" "$month"
fi
if [ $# -eq 0 ]; then
    set -- --month 2025-11
fi
build/src/cli/csvc review --data "$month" --db build/csvc-review.db "$@"

# The report covers the month reviewed (--month, default the latest).
report_month=()
while [ $# -gt 0 ]; do
    case "$1" in
        --month) report_month=(--month "$2"); shift ;;
        --month=*) report_month=(--month "${1#--month=}") ;;
    esac
    shift
done
report=$(CSVC_LIBRARY="$PWD/build/src/libcsvc.so.1" /usr/bin/python3 \
    examples/python/monthly_review.py --data "$month" "${report_month[@]}" \
    --html "$PWD/build/monthly-review.html")
echo
echo "The HTML report: $report"
