#!/usr/bin/env bash
# Builds libcsvc and runs the whole test suite (unit, python, abi).
#   tests/run.sh              warnings as errors, build directory build/
#   tests/run.sh --sanitize   the same under AddressSanitizer and UBSan, build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/deps.sh

csvc_ensure_packages $csvc_build_packages $csvc_test_packages

if [ "${1:-}" = "--sanitize" ]; then
    csvc_build build-asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false
    meson test -C build-asan --print-errorlogs --num-processes 2
else
    csvc_build build -Dwerror=true
    meson test -C build --print-errorlogs --num-processes 2
fi
