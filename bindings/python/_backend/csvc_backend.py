"""A PEP 517 build backend for the csvc package, standard library only.

`pip install ./bindings/python` then works in a plain virtual environment
with no network and no setuptools or wheel: the package is pure Python, so a
wheel is just a zip archive of csvc/ with its metadata (PEP 427, core
metadata 2.1). The metadata comes from pyproject.toml's [project] table,
read by tomllib where it exists (3.11+) and otherwise by read_project(),
which understands the subset of TOML that table uses.
"""
import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "csvc"
TAG = "py3-none-any"
# Fixed timestamps make the archives reproducible (1980: zip's epoch).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _string(text):
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError("pyproject.toml: expected a basic string, got %r" % text)
    return text[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")


def _value(text):
    text = text.strip()
    if text.startswith("["):
        return [_string(item) for item in re.findall(r'"(?:[^"\\]|\\.)*"', text)]
    if text.startswith("{"):
        pairs = re.findall(r'([A-Za-z0-9_-]+)\s*=\s*("(?:[^"\\]|\\.)*")', text)
        return {key: _string(value) for key, value in pairs}
    return _string(text)


def read_project(text):
    """The [project] table of `text`: strings, arrays of strings (over one or
    more lines) and inline tables of strings."""
    project, section, pending = {}, None, None
    for line in text.splitlines():
        stripped = line.strip()
        if pending is not None:
            pending[1].append(stripped)
            if stripped.startswith("]"):
                project[pending[0]] = _value(" ".join(pending[1]))
                pending = None
            continue
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            section = stripped.strip("[]").strip()
            continue
        if section != "project":
            continue
        key, _, value = stripped.partition("=")
        key, value = key.strip(), value.strip()
        if value == "[" or (value.startswith("[") and not value.endswith("]")):
            pending = (key, [value])
        else:
            project[key] = _value(value)
    return project


def _project():
    with open(os.path.join(HERE, "pyproject.toml"), "rb") as f:
        raw = f.read()
    try:
        import tomllib
    except ImportError:
        return read_project(raw.decode("utf-8"))
    return tomllib.loads(raw.decode("utf-8"))["project"]


def _version():
    with open(os.path.join(HERE, PACKAGE, "_version.py"), encoding="utf-8") as f:
        match = re.search(r'^__version__ = "([^"]+)"', f.read(), re.M)
    if not match:
        raise RuntimeError("csvc/_version.py has no __version__")
    return match.group(1)


def _license_path():
    # In the repository the license is at the root; an sdist carries a copy.
    for candidate in (os.path.join(HERE, "LICENSE"),
                      os.path.join(HERE, os.pardir, os.pardir, "LICENSE")):
        if os.path.isfile(candidate):
            return candidate
    raise RuntimeError("LICENSE not found next to pyproject.toml or at the repository root")


def _metadata():
    p = _project()
    lines = ["Metadata-Version: 2.1", "Name: " + p["name"], "Version: " + _version(),
             "Summary: " + p["description"], "License: " + p["license"]["text"],
             "Requires-Python: " + p["requires-python"]]
    lines += ["Classifier: " + c for c in p.get("classifiers", [])]
    readme = p.get("readme", {})
    if "content-type" in readme:
        lines.append("Description-Content-Type: " + readme["content-type"])
    return "\n".join(lines) + "\n\n" + readme.get("text", "") + "\n"


def _package_files():
    root = os.path.join(HERE, PACKAGE)
    names = sorted(n for n in os.listdir(root) if n.endswith(".py") or n == "py.typed")
    return [(PACKAGE + "/" + n, os.path.join(root, n)) for n in names]


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def _record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "%s,sha256=%s,%d" % (name, digest.decode("ascii"), len(data))


def _dist_info(name, version):
    return "%s-%s.dist-info" % (name, version)


def _write_wheel(directory, entries):
    """entries: [(archive name, bytes)]; adds WHEEL, METADATA, LICENSE, RECORD."""
    name, version = _project()["name"], _version()
    info = _dist_info(name, version)
    wheel = "Wheel-Version: 1.0\nGenerator: csvc_backend\nRoot-Is-Purelib: true\nTag: %s\n" % TAG
    entries = entries + [(info + "/METADATA", _metadata().encode("utf-8")),
                         (info + "/WHEEL", wheel.encode("ascii")),
                         (info + "/LICENSE", _read(_license_path()))]
    record = "".join(_record_line(n, d) + "\n" for n, d in entries) + info + "/RECORD,,\n"
    entries.append((info + "/RECORD", record.encode("utf-8")))
    filename = "%s-%s-%s.whl" % (name, version, TAG)
    with zipfile.ZipFile(os.path.join(directory, filename), "w", zipfile.ZIP_DEFLATED) as z:
        for archive_name, data in entries:
            member = zipfile.ZipInfo(archive_name, ZIP_TIME)
            member.external_attr = 0o644 << 16
            member.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(member, data)
    return filename


# ---- PEP 517 / PEP 660 hooks ---------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _write_wheel(wheel_directory, [(n, _read(p)) for n, p in _package_files()])


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """A wheel whose .pth file puts this source directory on sys.path."""
    return _write_wheel(wheel_directory, [(PACKAGE + ".pth", (HERE + "\n").encode("utf-8"))])


def build_sdist(sdist_directory, config_settings=None):
    name, version = _project()["name"], _version()
    base = "%s-%s" % (name, version)
    files = [(n, p) for n, p in _package_files()]
    files += [("pyproject.toml", os.path.join(HERE, "pyproject.toml")),
              ("LICENSE", _license_path()),
              ("_backend/csvc_backend.py", os.path.abspath(__file__)),
              ("PKG-INFO", None)]
    filename = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz",
                      format=tarfile.PAX_FORMAT) as tar:
        for archive_name, path in files:
            data = _metadata().encode("utf-8") if path is None else _read(path)
            member = tarfile.TarInfo(base + "/" + archive_name)
            member.size, member.mode, member.mtime = len(data), 0o644, 315532800
            tar.addfile(member, io.BytesIO(data))
    return filename
