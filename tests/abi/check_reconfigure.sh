#!/usr/bin/env bash
# The README's two commands in its order on a machine that lacks cmocka at
# first: examples/run.sh configures build/ without it, the test command
# installs it and must then configure again and run the unit tests. This
# simulates the missing package by hiding cmocka.pc from pkg-config.
#   check_reconfigure.sh SOURCE_DIR
set -euo pipefail
src="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$src"
. tests/deps.sh

# A pkg-config search path with every .pc file but cmocka's.
hidden="$work/pc"
mkdir "$hidden"
for dir in $(pkg-config --variable pc_path pkg-config | tr ':' ' '); do
    [ -d "$dir" ] || continue
    for pc in "$dir"/*.pc; do
        [ -e "$pc" ] && [ "$(basename "$pc")" != cmocka.pc ] && ln -sf "$pc" "$hidden/"
    done
done
if ! pkg-config --exists cmocka; then
    echo "cmocka is not installed here: nothing to simulate"
    exit 77
fi

build="$work/build"
opts="-Dexamples=false -Dbench=false -Dfuzz=disabled"
# 1. Configured while cmocka is missing: no unit tests, and the check says so.
PKG_CONFIG_LIBDIR="$hidden" csvc_configure "$build" $opts >/dev/null
if (csvc_require_suites "$build" unit) 2>/dev/null; then
    echo "FAIL: a build without cmocka passed the unit-suite check"
    exit 1
fi
echo "ok: configured without cmocka, the unit-suite check fails loudly"
# 2. cmocka is there now: the same build directory is configured again.
out=$(csvc_configure "$build" $opts)
case "$out" in
*"configuring again"*) ;;
*) echo "FAIL: the build directory was not configured again"; exit 1 ;;
esac
csvc_require_suites "$build" unit python abi
echo "ok: configured again with cmocka, every suite is registered"
# 3. Nothing changed: no new configuration.
out=$(csvc_configure "$build" $opts)
case "$out" in
*"configuring again"*) echo "FAIL: configured again although nothing changed"; exit 1 ;;
esac
echo "ok: an unchanged machine keeps its build directory"
