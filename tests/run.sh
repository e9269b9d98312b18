#!/usr/bin/env bash
# Builds libcsvc and runs the whole test suite (unit, python, abi).
#   tests/run.sh              warnings as errors, build directory build/
#   tests/run.sh --sanitize   the same under AddressSanitizer and UBSan, build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/deps.sh

csvc_ensure_packages $csvc_build_packages $csvc_test_packages

if [ "${1:-}" = "--sanitize" ]; then
    dir=build-asan
    csvc_build $dir -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false
else
    dir=build
    csvc_build $dir -Dwerror=true
fi
csvc_require_suites $dir unit python abi
meson test -C $dir --print-errorlogs --num-processes 2
