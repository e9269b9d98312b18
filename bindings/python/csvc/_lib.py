"""Finds and loads libcsvc and declares every C function.

The declarations (structs, constants, callback types, the function table)
are generated from the public headers into ``_decls.py``; this module adds
the short handle-pointer names the wrappers use, the error checking of
every function that returns ``csvc_status``, and the loader.

Search order (the first library that loads, has the expected version and
every declared symbol wins):

1. ``CSVC_LIBRARY``: the path of the shared object. When it is set it is the
   only candidate, so a typo cannot silently load some other copy.
2. The build tree: ``build*/src/libcsvc.so.1`` in the package's directory or
   any parent, ``build/`` first, then the most recently built.
3. ``ctypes.util.find_library('csvc')`` (an installed library).

When nothing fits, ``ImportError`` lists every attempt and why it failed.
"""

import ctypes
import ctypes.util
import os
from ctypes import POINTER

from ._decls import *  # noqa: F401,F403 (the generated declarations are this module's API)
from ._decls import (
    FUNCTIONS,
    csvc_calendar,
    csvc_desk,
    csvc_kpi_model,
    csvc_kpi_results,
    csvc_kpi_review,
    csvc_roster,
    csvc_staffing_plan,
    csvc_staffing_schedule,
    csvc_store,
    csvc_tz,
)
from ._version import EXPECTED_LIBRARY
from .errors import error_for

SONAME = "libcsvc.so.1"

# Handles, by the names the wrappers use.
roster_p = POINTER(csvc_roster)
store_p = POINTER(csvc_store)
calendar_p = POINTER(csvc_calendar)
tz_p = POINTER(csvc_tz)
desk_p = POINTER(csvc_desk)
plan_p = POINTER(csvc_staffing_plan)
schedule_p = POINTER(csvc_staffing_schedule)
kpi_model_p = POINTER(csvc_kpi_model)
kpi_review_p = POINTER(csvc_kpi_review)
kpi_results_p = POINTER(csvc_kpi_results)


def _decode(raw):
    return raw.decode("utf-8", "surrogateescape") if raw else ""


class Library:
    """The loaded library: one attribute per declared C function, plus
    ``path`` (what was loaded) and ``version_number``."""

    def __init__(self, cdll, path):
        self._cdll = cdll
        self.path = path
        missing = [name for name, _, _, _ in FUNCTIONS if not hasattr(cdll, name)]
        if missing:
            raise OSError("missing symbols: " + ", ".join(missing))
        for name, restype, argtypes, returns_status in FUNCTIONS:
            func = getattr(cdll, name)
            func.restype = restype
            func.argtypes = argtypes
            if returns_status:
                func.errcheck = self._errcheck
            setattr(self, name, func)
        self.version_number = int(self.csvc_version_number())

    def _errcheck(self, result, func, args):
        """Raises the csvc.Error of a failed call. Every failure records its
        message for the calling thread too (csvc_last_errmsg()), so that is
        the message of this call whichever handle it was made on."""
        if result == 0:
            return result
        message = _decode(self.csvc_last_errmsg()) or _decode(self.csvc_status_str(result))
        name = self.csvc_status_name(result)
        raise error_for(result, message, _decode(name) if name else None)


def version_problem(number, expected=EXPECTED_LIBRARY):
    """Why a library of version ``number`` (0xXXYYZZ) does not fit the
    package, or None when it does: same major, minor at least ours."""
    major, minor, patch = (number >> 16) & 0xFF, (number >> 8) & 0xFF, number & 0xFF
    if major == expected[0] and minor >= expected[1]:
        return None
    return "library version %d.%d.%d, the package needs %d.x with x >= %d" % (
        major, minor, patch, expected[0], expected[1])


def _asan_runtime_missing(path):
    """True when ``path`` was built with AddressSanitizer and no ASan
    runtime is loaded: dlopen() would then abort the interpreter instead of
    failing, so such a candidate must be skipped before it is loaded."""
    try:
        with open(path, "rb") as f:
            if b"__asan_init" not in f.read():
                return False
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as f:
            maps = f.read()
    except OSError:
        return False
    return "libasan" not in maps and "clang_rt.asan" not in maps


def _try_load(path):
    """A Library for ``path``, or raises OSError saying why not."""
    if _asan_runtime_missing(path):
        raise OSError("built with AddressSanitizer; preload its runtime (LD_PRELOAD) "
                      "to use it")
    try:
        cdll = ctypes.CDLL(path)
    except OSError as exc:
        raise OSError(str(exc) or "cannot load") from None
    lib = Library(cdll, path)
    problem = version_problem(lib.version_number)
    if problem:
        raise OSError(problem)
    return lib


def _build_tree_candidates(start):
    """``build*/src/libcsvc.so.1`` in ``start`` and its parents, nearest
    directory first; within one directory ``build/`` first, then by
    modification time, newest first."""
    found = []
    directory = os.path.abspath(start)
    while True:
        try:
            entries = sorted(os.listdir(directory))
        except OSError:
            entries = []
        here = []
        for entry in entries:
            if not entry.startswith("build"):
                continue
            candidate = os.path.join(directory, entry, "src", SONAME)
            if os.path.isfile(candidate):
                here.append(candidate)

        def rank(path):
            is_default = os.path.basename(os.path.dirname(os.path.dirname(path))) == "build"
            return (not is_default, -os.path.getmtime(path))

        found.extend(sorted(here, key=rank))
        parent = os.path.dirname(directory)
        if parent == directory:
            return found
        directory = parent


def load():
    """Loads the library by the documented search order."""
    attempts = []

    def attempt(label, path):
        try:
            return _try_load(path)
        except OSError as exc:
            attempts.append("%s %s: %s" % (label, path, exc))
            return None

    env = os.environ.get("CSVC_LIBRARY")
    if env:
        lib = attempt("CSVC_LIBRARY=", env)
        if lib:
            return lib
    else:
        attempts.append("CSVC_LIBRARY: not set")
        package_dir = os.path.dirname(os.path.abspath(__file__))
        candidates = _build_tree_candidates(package_dir)
        if not candidates:
            attempts.append("build tree: no build*/src/%s in %s or its parents"
                            % (SONAME, package_dir))
        for path in candidates:
            lib = attempt("build tree", path)
            if lib:
                return lib
        name = ctypes.util.find_library("csvc")
        if name is None:
            attempts.append("ctypes.util.find_library('csvc'): not found")
        else:
            lib = attempt("ctypes.util.find_library('csvc') ->", name)
            if lib:
                return lib
    lines = "\n  ".join(attempts)
    hint = ("set CSVC_LIBRARY to the path of %s, build the library (meson setup build "
            "&& ninja -C build), or install it" % SONAME)
    raise ImportError("cannot load libcsvc; tried:\n  %s\n%s" % (lines, hint))


lib = load()
