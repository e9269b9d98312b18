#!/usr/bin/env bash
# `pip install --no-build-isolation ./bindings/python` must work offline with
# the installed setuptools: build the wheel without any index, install it
# into a throw-away virtual environment, and import it from there.
#   check_install.sh PYTHON SOURCE_ROOT LIBRARY
set -eu
python="$1" root="$2" library="$3"
if ! "$python" -c 'import setuptools, wheel, venv, pip' 2>/dev/null; then
    echo "skipped: $python lacks pip, setuptools, wheel or venv"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$root/bindings/python" "$tmp/src"
"$python" -m venv --system-site-packages "$tmp/venv"
PIP_NO_INDEX=1 "$tmp/venv/bin/python" -m pip install --quiet --no-build-isolation "$tmp/src"
cd "$tmp"
unset PYTHONPATH
CSVC_LIBRARY="$library" "$tmp/venv/bin/python" -c '
import csvc, sys
assert csvc.__file__.startswith(sys.prefix), csvc.__file__
print("installed csvc", csvc.__version__, "library", csvc.version(), "at", csvc.__file__)
'
