#!/usr/bin/env bash
# Compares the freshly built library with the committed ABI baseline.
#   check_abi.sh BASELINE LIBRARY INCLUDE_DIR
# Fails on abidiff's bits 1 (error) and 8 (incompatible change). Bit 4 (a
# compatible change, such as an added function) also fails: adding to the ABI
# means updating the baseline (tests/abi/update_baseline.sh) and CHANGELOG.md
# in the same commit.
set -u
baseline="$1" library="$2" include_dir="$3"

if ! command -v abidiff >/dev/null; then
    echo "abidiff not found (Debian package abigail-tools)"
    exit 77
fi
sections=$(readelf -S "$library") # whole: `| grep -q` can SIGPIPE readelf under pipefail
if [[ "$sections" != *.debug_info* ]]; then
    echo "$library has no debug info: configure with -g (buildtype debug or debugoptimized)"
    exit 77
fi

abidiff --headers-dir2 "$include_dir" --drop-private-types "$baseline" "$library"
rc=$?
if [ $((rc & 1)) -ne 0 ]; then
    echo "abidiff: error (exit $rc)"
    exit 1
fi
if [ $((rc & 8)) -ne 0 ]; then
    echo "ABI: incompatible change against $baseline"
    exit 1
fi
if [ $((rc & 4)) -ne 0 ]; then
    echo "ABI: compatible change: run tests/abi/update_baseline.sh and record it in CHANGELOG.md"
    exit 1
fi
echo "ABI matches $baseline"
