#!/usr/bin/env bash
# Regenerates tests/abi/libcsvc.abi from a build directory (default build/).
# Every change of the baseline is deliberate: say why in CHANGELOG.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
library=$(readlink -f "$build/src/libcsvc.so.1")
abidw --headers-dir include --drop-private-types --no-corpus-path "$library" \
    > tests/abi/libcsvc.abi
echo "wrote tests/abi/libcsvc.abi from $library"
