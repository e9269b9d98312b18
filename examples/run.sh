#!/usr/bin/env bash
# The main job: builds libcsvc and its examples, then imports the example
# roster and prints the team tree with head counts per level.
#   examples/run.sh [path/to/roster.csv]
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/deps.sh

csvc_ensure_packages $csvc_build_packages
csvc_build build -Dwerror=true >/dev/null
build/examples/roster_tree "${1:-examples/data/roster.csv}"
