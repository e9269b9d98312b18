#!/usr/bin/env bash
# The README's install line works offline in a plain virtual environment
# (no --system-site-packages, no setuptools or wheel): run exactly
#   python3 -m venv VENV && VENV/bin/pip install ./bindings/python
# from the repository root with the index switched off, then import the
# package from the venv and check what the wheel carries (py.typed,
# LICENSE). An editable install and an install from the sdist work too, and
# the backend's fallback TOML reader agrees with tomllib.
#   check_install.sh PYTHON SOURCE_ROOT LIBRARY
set -eu
python="$1" root="$2" library="$3"
if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
    echo "skipped: $python has no venv with pip (Debian: apt-get install python3-venv)"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset PYTHONPATH PIP_FIND_LINKS
export PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 CSVC_LIBRARY="$library"

cd "$root"
"$python" -m venv "$tmp/venv" && "$tmp/venv/bin/pip" install --quiet ./bindings/python
cd "$tmp"
"$tmp/venv/bin/python" - <<'PY'
import csvc, sys, importlib.metadata as md
assert csvc.__file__.startswith(sys.prefix), csvc.__file__
files = {str(f) for f in md.distribution("csvc").files}
for needed in ("csvc/py.typed", "csvc/_decls.py", "csvc-%s.dist-info/LICENSE" % csvc.__version__):
    assert needed in files, (needed, sorted(files))
assert md.version("csvc") == csvc.__version__
print("installed csvc", csvc.__version__, "library", csvc.version(), "at", csvc.__file__)
PY

# Editable: the venv imports the source tree itself.
"$python" -m venv "$tmp/edit"
(cd "$root" && "$tmp/edit/bin/pip" install --quiet -e ./bindings/python)
"$tmp/edit/bin/python" -c "
import csvc, os, sys
assert os.path.realpath(csvc.__file__).startswith(os.path.realpath(sys.argv[1])), csvc.__file__
print('editable csvc at', csvc.__file__)" "$root/bindings/python"

# From the sdist (which carries its own LICENSE copy), outside the repository.
(cd "$root/bindings/python" && "$python" -c "
import sys; sys.path.insert(0, '_backend'); import csvc_backend
print(csvc_backend.build_sdist(sys.argv[1]))" "$tmp") >"$tmp/sdist-name"
"$python" -m venv "$tmp/sd"
"$tmp/sd/bin/pip" install --quiet "$tmp/$(cat "$tmp/sdist-name")"
"$tmp/sd/bin/python" -c "import csvc; print('from the sdist: csvc', csvc.__version__)"

# The fallback reader (Pythons before 3.11) reads pyproject.toml as tomllib does.
"$python" - "$root/bindings/python" <<'PY'
import sys
sys.path.insert(0, sys.argv[1] + "/_backend")
import csvc_backend
try:
    import tomllib
except ImportError:
    print("no tomllib here: fallback reader not compared")
    raise SystemExit(0)
text = open(sys.argv[1] + "/pyproject.toml", encoding="utf-8").read()
assert csvc_backend.read_project(text) == tomllib.loads(text)["project"], "reader differs"
print("fallback TOML reader agrees with tomllib")
PY
