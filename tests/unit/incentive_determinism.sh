#!/usr/bin/env bash
# Byte-identical statements across compilers and optimisation levels: builds
# incentive_determinism.c with the incentive, common and util sources using
# gcc and clang (when installed) at -O0 and -O2, runs each on the example
# plan and compares the JSON. Usage: incentive_determinism.sh SOURCE_ROOT
set -euo pipefail
root=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sources=("$root"/tests/unit/incentive_determinism.c "$root"/src/util/*.c "$root"/src/common/*.c)
for f in "$root"/src/incentive/*.c; do
    [ "$(basename "$f")" = sources.c ] || sources+=("$f") # needs the other engines; not used
done
flags=(-std=c11 -D_POSIX_C_SOURCE=200809L -DCSVC_BUILDING -DCS_WHITEBOX -I"$root/include"
       -I"$root/src" -I"$root/src/util" -I"$root/src/common" -I"$root/src/incentive")
built=0
for cc in gcc clang; do
    command -v "$cc" >/dev/null || { echo "$cc not installed: skipped"; continue; }
    for opt in -O0 -O2; do
        "$cc" "${flags[@]}" "$opt" "${sources[@]}" -ljansson -lm -o "$work/run-$cc$opt"
        "$work/run-$cc$opt" "$root/examples/data/incentive_plan.json" > "$work/out-$cc$opt.json"
        built=$((built + 1))
    done
done
first=$(ls "$work"/out-*.json | head -1)
for out in "$work"/out-*.json; do
    if ! cmp -s "$first" "$out"; then
        echo "FAIL: $(basename "$out") differs from $(basename "$first")"
        diff <(tr ',' '\n' < "$first") <(tr ',' '\n' < "$out") | head -20
        exit 1
    fi
done
echo "incentive statements identical across $built builds ($(wc -c < "$first") bytes each)"
