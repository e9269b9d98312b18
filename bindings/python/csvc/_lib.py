"""Finds and loads libcsvc, and declares every C function in one table.

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
from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    c_char_p,
    c_double,
    c_int,
    c_int32,
    c_int64,
    c_size_t,
    c_uint32,
    c_void_p,
)

from ._version import EXPECTED_LIBRARY
from .errors import error_for

SONAME = "libcsvc.so.1"


# --------------------------------------------------------------------------
# C types, mirrored field by field from the headers (enums are C int).


class csvc_roster(Structure):
    """Opaque ``csvc_roster``; only pointers to it are used."""


csvc_malloc_fn = CFUNCTYPE(c_void_p, c_size_t, c_void_p)
csvc_realloc_fn = CFUNCTYPE(c_void_p, c_void_p, c_size_t, c_void_p)
csvc_free_fn = CFUNCTYPE(None, c_void_p, c_void_p)


class csvc_allocator(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("malloc_fn", csvc_malloc_fn),
        ("realloc_fn", csvc_realloc_fn),
        ("free_fn", csvc_free_fn),
        ("user_data", c_void_p),
    ]


class csvc_period(Structure):
    _fields_ = [("start", c_int64), ("end", c_int64)]


CSVC_AGENT_INFO_VERSION = 1
CSVC_TEAM_INFO_VERSION = 1


class csvc_agent_info(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("id", c_char_p),
        ("name", c_char_p),
        ("team_id", c_char_p),
        ("level", c_int),
        ("hire_date", c_int64),
        ("supervisor_id", c_char_p),
        ("skills", c_uint32),
        ("active", c_int32),
        ("base_pay", c_int64),
        ("currency", c_char_p),
    ]


class csvc_team_info(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("id", c_char_p),
        ("name", c_char_p),
        ("lead_id", c_char_p),
    ]


roster_p = POINTER(csvc_roster)
status_t = c_int  # csvc_status
level_t = c_int  # csvc_level
category_t = c_int  # csvc_category

# How a function reports failure: None (it cannot fail), STATUS (returns
# csvc_status, message in csvc_last_errmsg()), or the name of the handle
# whose errmsg function holds the message (first argument).
STATUS = "status"
ROSTER = "roster"

_ERRMSG_FUNCTIONS = {ROSTER: "csvc_roster_errmsg"}

# name, restype, argtypes, failure reporting
FUNCTIONS = (
    # common.h: version, status, errors
    ("csvc_version", c_char_p, (), None),
    ("csvc_version_number", c_uint32, (), None),
    ("csvc_status_str", c_char_p, (status_t,), None),
    ("csvc_status_name", c_char_p, (status_t,), None),
    ("csvc_last_errmsg", c_char_p, (), None),
    ("csvc_id_check", status_t, (c_char_p,), STATUS),
    ("csvc_free", None, (c_void_p,), None),
    # common.h: money
    ("csvc_money_add", status_t, (c_int64, c_int64, POINTER(c_int64)), STATUS),
    ("csvc_money_sub", status_t, (c_int64, c_int64, POINTER(c_int64)), STATUS),
    ("csvc_money_mul", status_t, (c_int64, c_int64, POINTER(c_int64)), STATUS),
    ("csvc_money_percent_bp", status_t, (c_int64, c_int64, POINTER(c_int64)), STATUS),
    ("csvc_money_muldiv", status_t, (c_int64, c_int64, c_int64, POINTER(c_int64)), STATUS),
    ("csvc_money_split", status_t,
     (c_int64, POINTER(c_int64), POINTER(c_char_p), c_size_t, POINTER(c_int64)), STATUS),
    ("csvc_money_split_weighted", status_t,
     (c_int64, POINTER(c_double), POINTER(c_char_p), c_size_t, POINTER(c_int64)), STATUS),
    ("csvc_money_format", status_t, (c_int64, c_uint32, c_char_p, c_size_t), STATUS),
    ("csvc_money_parse", status_t, (c_char_p, c_uint32, POINTER(c_int64)), STATUS),
    # common.h: time and periods
    ("csvc_period_make", status_t, (c_int64, c_int64, POINTER(csvc_period)), STATUS),
    ("csvc_period_contains", c_int, (POINTER(csvc_period), c_int64), None),
    ("csvc_period_overlaps", c_int, (POINTER(csvc_period), POINTER(csvc_period)), None),
    ("csvc_period_month", status_t, (c_int64, c_int32, POINTER(csvc_period)), STATUS),
    ("csvc_period_quarter", status_t, (c_int64, c_int32, POINTER(csvc_period)), STATUS),
    ("csvc_period_of_month", status_t,
     (c_int32, c_int32, c_int32, POINTER(csvc_period)), STATUS),
    ("csvc_period_of_quarter", status_t,
     (c_int32, c_int32, c_int32, POINTER(csvc_period)), STATUS),
    ("csvc_date_make", status_t,
     (c_int32, c_int32, c_int32, c_int32, POINTER(c_int64)), STATUS),
    ("csvc_date_split", status_t,
     (c_int64, c_int32, POINTER(c_int32), POINTER(c_int32), POINTER(c_int32)), STATUS),
    ("csvc_time_parse", status_t, (c_char_p, POINTER(c_int64)), STATUS),
    ("csvc_time_format", status_t, (c_int64, c_char_p, c_size_t), STATUS),
    # roster.h: names
    ("csvc_level_name", c_char_p, (level_t,), None),
    ("csvc_level_parse", status_t, (c_char_p, POINTER(level_t)), STATUS),
    ("csvc_category_name", c_char_p, (category_t,), None),
    ("csvc_category_parse", status_t, (c_char_p, POINTER(category_t)), STATUS),
    ("csvc_agent_info_init", None, (POINTER(csvc_agent_info),), None),
    ("csvc_team_info_init", None, (POINTER(csvc_team_info),), None),
    # roster.h: the roster
    ("csvc_roster_new", status_t, (POINTER(csvc_allocator), POINTER(roster_p)), STATUS),
    ("csvc_roster_free", None, (roster_p,), None),
    ("csvc_roster_errmsg", c_char_p, (roster_p,), None),
    ("csvc_roster_add_team", status_t, (roster_p, POINTER(csvc_team_info)), ROSTER),
    ("csvc_roster_update_team", status_t, (roster_p, POINTER(csvc_team_info)), ROSTER),
    ("csvc_roster_get_team", status_t,
     (roster_p, c_char_p, POINTER(csvc_team_info)), ROSTER),
    ("csvc_roster_team_count", c_size_t, (roster_p,), None),
    ("csvc_roster_team_at", status_t, (roster_p, c_size_t, POINTER(csvc_team_info)), ROSTER),
    ("csvc_roster_add_agent", status_t, (roster_p, POINTER(csvc_agent_info)), ROSTER),
    ("csvc_roster_update_agent", status_t, (roster_p, POINTER(csvc_agent_info)), ROSTER),
    ("csvc_roster_deactivate_agent", status_t, (roster_p, c_char_p), ROSTER),
    ("csvc_roster_get_agent", status_t,
     (roster_p, c_char_p, POINTER(csvc_agent_info)), ROSTER),
    ("csvc_roster_agent_count", c_size_t, (roster_p,), None),
    ("csvc_roster_agent_at", status_t,
     (roster_p, c_size_t, POINTER(csvc_agent_info)), ROSTER),
    ("csvc_roster_agent_index", status_t, (roster_p, c_char_p, POINTER(c_size_t)), ROSTER),
    ("csvc_roster_direct_reports", status_t,
     (roster_p, c_char_p, POINTER(c_char_p), c_size_t, POINTER(c_size_t)), ROSTER),
    ("csvc_roster_reports_to", status_t,
     (roster_p, c_char_p, c_char_p, POINTER(c_int)), ROSTER),
    ("csvc_roster_headcount", status_t,
     (roster_p, c_char_p, level_t, c_int, POINTER(c_size_t)), ROSTER),
    ("csvc_roster_import_csv", status_t, (roster_p, c_char_p), ROSTER),
    ("csvc_roster_import_csv_buffer", status_t, (roster_p, c_char_p, c_size_t), ROSTER),
    ("csvc_roster_export_csv", status_t, (roster_p, c_char_p), ROSTER),
    ("csvc_roster_export_csv_buffer", status_t,
     (roster_p, POINTER(c_void_p), POINTER(c_size_t)), ROSTER),
)


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
        for name, restype, argtypes, failure in FUNCTIONS:
            func = getattr(cdll, name)
            func.restype = restype
            func.argtypes = argtypes
            if failure is not None:
                func.errcheck = self._errcheck_for(failure)
            setattr(self, name, func)
        self.version_number = int(self.csvc_version_number())

    def _errcheck_for(self, failure):
        handle_errmsg = None
        if failure in _ERRMSG_FUNCTIONS:
            handle_errmsg = getattr(self._cdll, _ERRMSG_FUNCTIONS[failure])

        def errcheck(result, func, args):
            if result == 0:
                return result
            message = ""
            if handle_errmsg is not None and args and args[0]:
                message = _decode(handle_errmsg(args[0]))
            if not message:
                message = _decode(self.csvc_last_errmsg())
            if not message:
                message = _decode(self.csvc_status_str(result))
            name = self.csvc_status_name(result)
            raise error_for(result, message, _decode(name) if name else None)

        return errcheck


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
