"""Tests of the loader, the error classes and the csvc/common.h wrappers.

Expected values are worked out by hand (or with the standard library's
calendar module for timestamps), never taken from the library under test.
"""

import calendar
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import csvc
from csvc import _lib

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PACKAGE_PARENT = os.path.join(REPO, "bindings", "python")


def utc(*fields):
    """Unix time of a UTC date/time, computed without libcsvc."""
    fields = tuple(fields) + (0,) * (6 - len(fields))
    return calendar.timegm(fields)


def run_python(code, env_update, cwd=None, pythonpath=PACKAGE_PARENT):
    env = dict(os.environ)
    env.pop("CSVC_LIBRARY", None)
    env.pop("LD_LIBRARY_PATH", None)  # meson points it at the build tree
    env["PYTHONPATH"] = pythonpath
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(env_update)
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd or REPO,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=60)


class LoaderTest(unittest.TestCase):
    def test_loads_the_library_named_by_csvc_library(self):
        wanted = os.environ.get("CSVC_LIBRARY")
        if not wanted:
            self.skipTest("CSVC_LIBRARY not set")
        self.assertEqual(csvc.library_path, wanted)

    def test_missing_library_lists_the_attempt(self):
        result = run_python("import csvc", {"CSVC_LIBRARY": "/nonexistent/libcsvc.so.1"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ImportError", result.stderr)
        self.assertIn("cannot load libcsvc", result.stderr)
        self.assertIn("CSVC_LIBRARY= /nonexistent/libcsvc.so.1", result.stderr)
        # An explicit CSVC_LIBRARY is the only candidate: no silent fallback.
        self.assertNotIn("build tree", result.stderr)

    def test_not_a_library(self):
        with tempfile.NamedTemporaryFile(suffix=".so") as junk:
            junk.write(b"not an ELF file")
            junk.flush()
            result = run_python("import csvc", {"CSVC_LIBRARY": junk.name})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(junk.name, result.stderr)

    def test_asan_build_without_runtime_is_refused(self):
        # Loading it would abort the interpreter; the loader must say why.
        with tempfile.NamedTemporaryFile(suffix=".so") as fake:
            fake.write(b"\x7fELF...__asan_init...")
            fake.flush()
            result = run_python("import csvc", {"CSVC_LIBRARY": fake.name, "LD_PRELOAD": ""})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("built with AddressSanitizer", result.stderr)

    def test_every_search_step_is_reported(self):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(os.path.join(PACKAGE_PARENT, "csvc"), os.path.join(tmp, "csvc"))
            result = run_python("import csvc", {}, cwd=tmp, pythonpath=tmp)
        if result.returncode == 0:
            self.skipTest("a libcsvc is installed on this system")
        self.assertIn("CSVC_LIBRARY: not set", result.stderr)
        self.assertIn("build tree: no build*/src/libcsvc.so.1 in " + tmp, result.stderr)
        self.assertIn("ctypes.util.find_library('csvc'): not found", result.stderr)

    def _fake_repo(self, tmp, builds):
        """A source tree with the package and `builds` = {dir: contents}."""
        shutil.copytree(os.path.join(PACKAGE_PARENT, "csvc"),
                        os.path.join(tmp, "bindings", "python", "csvc"))
        for build, contents in builds.items():
            os.makedirs(os.path.join(tmp, build, "src"))
            target = os.path.join(tmp, build, "src", "libcsvc.so.1")
            if contents is None:
                shutil.copy(csvc.library_path, target)
            else:
                with open(target, "wb") as f:
                    f.write(contents)
        return os.path.join(tmp, "bindings", "python")

    def test_build_tree_prefers_build(self):
        with tempfile.TemporaryDirectory() as tmp:
            pythonpath = self._fake_repo(tmp, {"build": None, "build-other": None})
            result = run_python("import csvc; print(csvc.library_path)", {}, cwd=tmp,
                                pythonpath=pythonpath)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(result.stdout.strip(), os.path.join(tmp, "build", "src",
                                                                 "libcsvc.so.1"))

    def test_build_tree_skips_a_broken_candidate(self):
        with tempfile.TemporaryDirectory() as tmp:
            pythonpath = self._fake_repo(tmp, {"build": b"junk", "build-asan": b"__asan_init",
                                               "build-ok": None})
            result = run_python("import csvc; print(csvc.library_path)", {}, cwd=tmp,
                                pythonpath=pythonpath)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(result.stdout.strip(), os.path.join(tmp, "build-ok", "src",
                                                                 "libcsvc.so.1"))

    def test_version_check(self):
        self.assertIsNone(_lib.version_problem(0x000100, (0, 1)))
        self.assertIsNone(_lib.version_problem(0x000105, (0, 1)))
        self.assertIsNone(_lib.version_problem(0x000200, (0, 1)))  # newer minor
        self.assertIn("0.0.9", _lib.version_problem(0x000009, (0, 1)))  # older minor
        self.assertIn("1.1.0", _lib.version_problem(0x010100, (0, 1)))  # other major

    def test_version_matches_the_build(self):
        with open(os.path.join(REPO, "meson.build"), encoding="utf-8") as f:
            project_version = re.search(r"version:\s*'([0-9.]+)'", f.read()).group(1)
        self.assertEqual(csvc.version(), project_version)
        major, minor, patch = (int(x) for x in project_version.split("."))
        self.assertEqual(csvc.version_number(), (major << 16) | (minor << 8) | patch)
        self.assertIsNone(_lib.version_problem(csvc.version_number()))

    def test_every_function_is_declared(self):
        for name, restype, argtypes, returns_status in _lib.FUNCTIONS:
            func = getattr(_lib.lib, name)
            self.assertEqual(tuple(func.argtypes), tuple(argtypes), name)
            if returns_status:
                self.assertIsNotNone(func.errcheck, name)

    def test_declarations_cover_the_headers(self):
        # Every CSVC_API function of the headers the package wraps is
        # declared, and every declaration is exported by the version script.
        declared = {name for name, _, _, _ in _lib.FUNCTIONS}
        in_headers = set()
        for header in sorted(os.listdir(os.path.join(REPO, "include", "csvc"))):
            with open(os.path.join(REPO, "include", "csvc", header), encoding="utf-8") as f:
                for decl in re.findall(r"CSVC_API\s[^;(]*?(csvc_\w+)\s*\(", f.read()):
                    in_headers.add(decl)
        self.assertEqual(declared, in_headers)
        with open(os.path.join(REPO, "src", "libcsvc.map"), encoding="utf-8") as f:
            exported = set(re.findall(r"^\s*(csvc_\w+);", f.read(), re.M))
        self.assertLessEqual(declared, exported)


class ErrorTest(unittest.TestCase):
    def test_status_table_matches_the_library(self):
        for code, name in csvc.errors.STATUS_NAMES.items():
            self.assertEqual(csvc.status_name(code), name)
        self.assertIsNone(csvc.status_name(-999))
        self.assertEqual(csvc.status_str(-4), "not found")
        self.assertEqual(csvc.status_str(-999), "unknown status")

    def test_classes(self):
        expected = {
            -1: (csvc.InvalidArgument, ValueError),
            -2: (csvc.NullPointer, csvc.Error),
            -3: (csvc.OutOfMemory, MemoryError),
            -4: (csvc.NotFound, LookupError),
            -5: (csvc.AlreadyExists, csvc.Error),
            -6: (csvc.TransitionError, csvc.Error),
            -7: (csvc.ParseError, ValueError),
            -8: (csvc.IOFailure, OSError),
            -9: (csvc.Busy, csvc.Error),
            -10: (csvc.Corrupt, csvc.Error),
            -11: (csvc.Overflow, OverflowError),
            -12: (csvc.PermissionDenied, csvc.Error),
            -13: (csvc.Conflict, csvc.Error),
            -14: (csvc.VersionError, csvc.Error),
            -15: (csvc.RangeError, ValueError),
            -16: (csvc.EncodingError, ValueError),
            -17: (csvc.TooLong, ValueError),
            -18: (csvc.ConstraintError, csvc.Error),
            -19: (csvc.TimeError, csvc.Error),
            -20: (csvc.ClosedError, ValueError),
            -21: (csvc.Unsupported, NotImplementedError),
        }
        for code, (cls, base) in expected.items():
            err = csvc.error_for(code, "why")
            self.assertIs(type(err), cls)
            self.assertIsInstance(err, csvc.Error)
            self.assertIsInstance(err, base)
            self.assertEqual(err.status, code)
            self.assertEqual(err.name, csvc.status_name(code))
            self.assertEqual(err.message, "why")
            self.assertEqual(str(err), "%s: why" % err.name)

    def test_unknown_code_is_the_base_class(self):
        err = csvc.error_for(-77, "from the future")
        self.assertIs(type(err), csvc.Error)
        self.assertEqual(err.status, -77)
        self.assertEqual(err.name, "CSVC_STATUS(-77)")

    def test_io_error_is_not_an_errno(self):
        err = csvc.error_for(-8, "roster.csv: cannot open")
        self.assertIsNone(err.errno)
        self.assertEqual(str(err), "CSVC_E_IO: roster.csv: cannot open")

    def test_pickle(self):
        err = pickle.loads(pickle.dumps(csvc.error_for(-4, "team 'X': not found")))
        self.assertIsInstance(err, csvc.NotFound)
        self.assertEqual((err.status, err.message), (-4, "team 'X': not found"))

    def test_raised_error_carries_the_library_message(self):
        with self.assertRaises(csvc.ParseError) as cm:
            csvc.money_parse("1.234")
        err = cm.exception
        self.assertEqual(err.status, -7)
        self.assertEqual(err.name, "CSVC_E_PARSE")
        self.assertTrue(err.message)
        self.assertEqual(err.message, csvc.last_errmsg())


class IdCheckTest(unittest.TestCase):
    def test_valid(self):
        for good in ("A1024", "T-2025-000001", "x" * 64, "é" * 32, "客服一组", b"A1"):
            csvc.id_check(good)

    def test_empty(self):
        with self.assertRaises(csvc.InvalidArgument):
            csvc.id_check("")

    def test_too_long_counts_bytes(self):
        with self.assertRaises(csvc.TooLong) as cm:
            csvc.id_check("x" * 65)
        self.assertIn("65", cm.exception.message)
        with self.assertRaises(csvc.TooLong):
            csvc.id_check("é" * 33)  # 66 bytes, 33 characters

    def test_encoding(self):
        bad = [b"\xff", b"A\xc0\xaf", b"\xed\xa0\x80", b"abc\xe4\xb8", "A\tB", "A\x7f",
               "A\udcff",  # surrogateescape'd byte 0xff
               "A\ud800",  # a lone surrogate: not encodable at all
               "A\x00B"]  # NUL would cut the C string
        for value in bad:
            with self.assertRaises(csvc.EncodingError, msg=repr(value)):
                csvc.id_check(value)

    def test_type(self):
        with self.assertRaises(TypeError):
            csvc.id_check(42)
        with self.assertRaises(TypeError):
            csvc.id_check(None)


INT64_MAX = 2 ** 63 - 1
INT64_MIN = -(2 ** 63)


class MoneyTest(unittest.TestCase):
    def test_add_sub_mul(self):
        self.assertEqual(csvc.money_add(1999, 1), 2000)
        self.assertEqual(csvc.money_add(-5, 3), -2)
        self.assertEqual(csvc.money_add(INT64_MAX, 0), INT64_MAX)
        self.assertEqual(csvc.money_sub(1000, 1001), -1)
        self.assertEqual(csvc.money_sub(INT64_MIN + 1, 1), INT64_MIN)
        self.assertEqual(csvc.money_mul(12345, 3), 37035)
        self.assertEqual(csvc.money_mul(-7, 6), -42)

    def test_overflow(self):
        for call in (lambda: csvc.money_add(INT64_MAX, 1),
                     lambda: csvc.money_sub(INT64_MIN, 1),
                     lambda: csvc.money_mul(2 ** 62, 2),
                     lambda: csvc.money_mul(INT64_MIN, -1)):
            with self.assertRaises(csvc.Overflow) as cm:
                call()
            self.assertIsInstance(cm.exception, OverflowError)
            self.assertEqual(cm.exception.status, -11)

    def test_python_ints_outside_int64(self):
        # ctypes would wrap these silently; the bindings refuse them.
        with self.assertRaises(csvc.Overflow):
            csvc.money_add(2 ** 63, 0)
        with self.assertRaises(csvc.Overflow):
            csvc.money_sub(0, -(2 ** 63) - 1)

    def test_types(self):
        with self.assertRaises(TypeError):
            csvc.money_add(1.5, 1)
        with self.assertRaises(TypeError):
            csvc.money_add(True, 1)
        with self.assertRaises(TypeError):
            csvc.money_add("1", 1)

    def test_percent_bp(self):
        self.assertEqual(csvc.money_percent_bp(12345, 1250), 1543)  # 1543.125
        self.assertEqual(csvc.money_percent_bp(5, 5000), 2)  # 2.5 -> even
        self.assertEqual(csvc.money_percent_bp(15, 5000), 8)  # 7.5 -> even
        self.assertEqual(csvc.money_percent_bp(-5, 5000), -2)
        self.assertEqual(csvc.money_percent_bp(-15, 5000), -8)
        self.assertEqual(csvc.money_percent_bp(7, 10000), 7)
        self.assertEqual(csvc.money_percent_bp(10000, 1), 1)
        self.assertEqual(csvc.money_percent_bp(16, 3125), 5)  # 5.0 exactly
        # Exact intermediate: INT64_MAX * 5000 needs more than 64 bits.
        self.assertEqual(csvc.money_percent_bp(INT64_MAX - 1, 5000), (INT64_MAX - 1) // 2)
        with self.assertRaises(csvc.Overflow):
            csvc.money_percent_bp(INT64_MAX, 20000)

    def test_muldiv(self):
        self.assertEqual(csvc.money_muldiv(10, 1, 4), 2)  # 2.5 -> 2
        self.assertEqual(csvc.money_muldiv(30, 1, 4), 8)  # 7.5 -> 8
        self.assertEqual(csvc.money_muldiv(100, 2, 3), 67)  # 66.67
        self.assertEqual(csvc.money_muldiv(-30, 1, 4), -8)
        self.assertEqual(csvc.money_muldiv(2 ** 62, 2, 4), 2 ** 61)  # 2**63 in between
        with self.assertRaises(csvc.Overflow):
            csvc.money_muldiv(2 ** 62, 4, 2)
        with self.assertRaises(csvc.InvalidArgument) as cm:
            csvc.money_muldiv(1, 1, 0)
        self.assertTrue(cm.exception.message)

    def test_split_int(self):
        self.assertEqual(csvc.money_split(100, [1, 1, 1]), [34, 33, 33])
        self.assertEqual(csvc.money_split(100, [1, 1, 1], keys=["c", "b", "a"]), [33, 33, 34])
        self.assertEqual(csvc.money_split(-100, [1, 1, 1]), [-34, -33, -33])
        self.assertEqual(csvc.money_split(10, [1, 2]), [3, 7])  # 3.33 / 6.67
        self.assertEqual(csvc.money_split(7, [0, 1]), [0, 7])
        self.assertEqual(csvc.money_split(0, [1, 1]), [0, 0])
        self.assertEqual(csvc.money_split(1, [5]), [1])
        # 1000 by 1:2:3:4 is exact: 100, 200, 300, 400.
        self.assertEqual(csvc.money_split(1000, (1, 2, 3, 4)), [100, 200, 300, 400])
        # 5 by 1:1:1:1 = 1.25 each: one unit left, ties by key "A1" < "A2" ...
        self.assertEqual(csvc.money_split(5, [1, 1, 1, 1], keys=["A4", "A2", "A1", "A3"]),
                         [1, 1, 2, 1])

    def test_split_weighted(self):
        # 37.5 / 37.5 / 25: one unit left, tie between the first two -> index 0.
        self.assertEqual(csvc.money_split(100, [1.5, 1.5, 1.0]), [38, 37, 25])
        self.assertEqual(csvc.money_split(100, [1.5, 1.5, 1.0], keys=["b", "a", "c"]),
                         [37, 38, 25])
        # 2.5 / 7.5: one unit left, equal remainders -> the lower index.
        self.assertEqual(csvc.money_split(10, [0.25, 0.75]), [3, 7])
        self.assertEqual(csvc.money_split(9, [1, 2.0]), [3, 6])  # mixed -> weighted

    def test_split_errors(self):
        with self.assertRaises(csvc.InvalidArgument):
            csvc.money_split(100, [])
        with self.assertRaises(csvc.InvalidArgument):
            csvc.money_split(100, [1, -1])
        with self.assertRaises(csvc.InvalidArgument):
            csvc.money_split(100, [0, 0])
        with self.assertRaises(csvc.Overflow):
            csvc.money_split(100, [2 ** 62, 2 ** 62])
        for bad in (float("nan"), float("inf"), -0.5):
            with self.assertRaises(csvc.InvalidArgument, msg=repr(bad)):
                csvc.money_split(100, [1.0, bad])
        with self.assertRaises(csvc.InvalidArgument):
            csvc.money_split(100, [1, 1], keys=["a"])
        with self.assertRaises(TypeError):
            csvc.money_split(100, [1, "2"])

    def test_format(self):
        self.assertEqual(csvc.money_format(-1234), "-12.34")
        self.assertEqual(csvc.money_format(5), "0.05")
        self.assertEqual(csvc.money_format(-5), "-0.05")
        self.assertEqual(csvc.money_format(800000), "8000.00")
        self.assertEqual(csvc.money_format(1200, 0), "1200")
        self.assertEqual(csvc.money_format(123, 3), "0.123")
        self.assertEqual(csvc.money_format(INT64_MIN), "-92233720368547758.08")
        self.assertEqual(csvc.money_format(INT64_MAX, 18), "9.223372036854775807")
        with self.assertRaises(csvc.InvalidArgument):
            csvc.money_format(1, 19)
        with self.assertRaises(csvc.RangeError):
            csvc.money_format(1, -1)

    def test_parse(self):
        self.assertEqual(csvc.money_parse("12.34"), 1234)
        self.assertEqual(csvc.money_parse("-0.5"), -50)
        self.assertEqual(csvc.money_parse("1200"), 120000)
        self.assertEqual(csvc.money_parse("8000.00"), 800000)
        self.assertEqual(csvc.money_parse("7", 0), 7)
        self.assertEqual(csvc.money_parse("0.125", 3), 125)
        for bad in ("1.234", "abc", "", "1.2.3", "12,34"):
            with self.assertRaises(csvc.ParseError, msg=bad) as cm:
                csvc.money_parse(bad)
            self.assertTrue(cm.exception.message)
        with self.assertRaises(csvc.Error):
            csvc.money_parse("99999999999999999999")

    def test_round_trip(self):
        for amount in (0, 1, -1, 99, 100, -12345678, INT64_MAX, INT64_MIN):
            self.assertEqual(csvc.money_parse(csvc.money_format(amount)), amount)


class TimeTest(unittest.TestCase):
    def test_parse(self):
        self.assertEqual(csvc.parse_time("2024-03-01"), 1709251200)
        self.assertEqual(csvc.parse_time("1970-01-01"), 0)
        self.assertEqual(csvc.parse_time("2024-03-01T10:30"), utc(2024, 3, 1, 10, 30))
        self.assertEqual(csvc.parse_time("2024-03-01 10:30:15Z"), utc(2024, 3, 1, 10, 30, 15))
        self.assertEqual(csvc.parse_time("2024-03-01T10:30:00+02:00"), utc(2024, 3, 1, 8, 30))
        self.assertEqual(csvc.parse_time("2024-03-01T01:00:00-05:30"), utc(2024, 3, 1, 6, 30))
        for bad in ("2024-3-1", "yesterday", "2024-03-01T25:00", "2024-02-30", ""):
            with self.assertRaises(csvc.ParseError, msg=bad) as cm:
                csvc.parse_time(bad)
            self.assertTrue(cm.exception.message)

    def test_format(self):
        self.assertEqual(csvc.format_time(0), "1970-01-01T00:00:00Z")
        self.assertEqual(csvc.format_time(1709251200), "2024-03-01T00:00:00Z")
        self.assertEqual(csvc.format_time(utc(2024, 12, 31, 23, 59, 59)),
                         "2024-12-31T23:59:59Z")
        self.assertEqual(csvc.format_time(-1), "1969-12-31T23:59:59Z")

    def test_month(self):
        t = utc(2024, 2, 15, 12)
        self.assertEqual(csvc.month(t), (utc(2024, 2, 1), utc(2024, 3, 1)))
        self.assertEqual(csvc.month(utc(2024, 12, 31, 23, 59, 59)),
                         (utc(2024, 12, 1), utc(2025, 1, 1)))
        # 2024-01-31T20:00Z is 2024-02-01T04:00 at UTC+8: February there.
        east = 8 * 3600
        p = csvc.month(utc(2024, 1, 31, 20), east)
        self.assertEqual(p, (utc(2024, 2, 1) - east, utc(2024, 3, 1) - east))
        self.assertIsInstance(p, csvc.Period)
        self.assertEqual(p.start, utc(2024, 1, 31, 16))
        # At UTC-5 the same instant is still January 31st.
        west = -5 * 3600
        self.assertEqual(csvc.month(utc(2024, 2, 1, 3), west),
                         (utc(2024, 1, 1, 5), utc(2024, 2, 1, 5)))

    def test_quarter(self):
        self.assertEqual(csvc.quarter(utc(2024, 5, 20)), (utc(2024, 4, 1), utc(2024, 7, 1)))
        self.assertEqual(csvc.quarter(utc(2024, 12, 1)), (utc(2024, 10, 1), utc(2025, 1, 1)))
        self.assertEqual(csvc.quarter(utc(2024, 1, 1)), (utc(2024, 1, 1), utc(2024, 4, 1)))

    def test_offset_limits(self):
        limit = csvc.UTC_OFFSET_MAX
        self.assertEqual(limit, 18 * 3600)
        csvc.month(0, limit)
        csvc.month(0, -limit)
        for bad in (limit + 1, -limit - 1):
            with self.assertRaises(csvc.RangeError):
                csvc.month(0, bad)
            with self.assertRaises(csvc.RangeError):
                csvc.quarter(0, bad)

    def test_of_month_and_quarter(self):
        self.assertEqual(csvc.of_month(2024, 2), (utc(2024, 2, 1), utc(2024, 3, 1)))
        self.assertEqual(csvc.of_month(2023, 12), (utc(2023, 12, 1), utc(2024, 1, 1)))
        self.assertEqual(csvc.of_month(2024, 2, 3600), (utc(2024, 1, 31, 23),
                                                        utc(2024, 2, 29, 23)))
        self.assertEqual(csvc.of_quarter(2024, 4), (utc(2024, 10, 1), utc(2025, 1, 1)))
        for bad in ((2024, 0), (2024, 13)):
            with self.assertRaises(csvc.Error) as cm:
                csvc.of_month(*bad)
            self.assertIsInstance(cm.exception, ValueError)
        for bad in ((2024, 0), (2024, 5)):
            with self.assertRaises(csvc.Error) as cm:
                csvc.of_quarter(*bad)
            self.assertIsInstance(cm.exception, ValueError)

    def test_date_make_and_split(self):
        self.assertEqual(csvc.date_make(2024, 2, 29), utc(2024, 2, 29))
        self.assertEqual(csvc.date_make(1970, 1, 1), 0)
        self.assertEqual(csvc.date_make(2024, 3, 1, 8 * 3600), utc(2024, 2, 29, 16))
        with self.assertRaises(csvc.RangeError):
            csvc.date_make(2025, 2, 29)
        with self.assertRaises(csvc.RangeError):
            csvc.date_make(2024, 4, 31)
        self.assertEqual(csvc.date_split(utc(2024, 1, 31, 20)), (2024, 1, 31))
        self.assertEqual(csvc.date_split(utc(2024, 1, 31, 20), 8 * 3600), (2024, 2, 1))
        self.assertEqual(csvc.date_split(-1), (1969, 12, 31))

    def test_period(self):
        p = csvc.period(10, 20)
        self.assertEqual(p, (10, 20))
        self.assertEqual(csvc.period(5, 5), (5, 5))
        with self.assertRaises(csvc.RangeError):
            csvc.period(20, 10)
        self.assertTrue(csvc.period_contains(p, 10))
        self.assertTrue(csvc.period_contains(p, 19))
        self.assertFalse(csvc.period_contains(p, 20))
        self.assertFalse(csvc.period_contains(p, 9))
        self.assertTrue(15 in p)
        self.assertFalse(20 in p)
        self.assertFalse(csvc.period_overlaps((0, 10), (10, 20)))
        self.assertTrue(csvc.period_overlaps((0, 10), (9, 20)))
        self.assertTrue(csvc.period_overlaps((0, 100), (40, 50)))


if __name__ == "__main__":
    unittest.main()
