"""Exceptions raised by the bindings: one class per libcsvc status code.

Every error carries the status code (``status``), its symbolic name
(``name``, e.g. ``"CSVC_E_NOTFOUND"``) and the library's own message
(``message``: the handle's errmsg, or csvc_last_errmsg() for calls without a
handle). Classes also derive from the built-in exception a Python caller
would expect (``NotFound`` is a ``LookupError``, ``ParseError`` a
``ValueError``, ...), so generic handlers keep working.

Errors about input carry where: ``line`` (1-based) and ``column`` (1-based)
are ints when the library's message names them ("line 7, column 5 (level):
..."), else None. A file that does not exist is a :class:`FileNotFound`,
which is both an ``IOFailure`` and a ``FileNotFoundError`` with
``filename`` set.

This module does not load the library, so it can be imported anywhere.
"""

import errno
import re
from typing import Optional

__all__ = [
    "Error",
    "InvalidArgument",
    "NullPointer",
    "OutOfMemory",
    "NotFound",
    "AlreadyExists",
    "TransitionError",
    "ParseError",
    "IOFailure",
    "FileNotFound",
    "Busy",
    "Corrupt",
    "Overflow",
    "PermissionDenied",
    "Conflict",
    "VersionError",
    "RangeError",
    "EncodingError",
    "TooLong",
    "ConstraintError",
    "TimeError",
    "ClosedError",
    "Unsupported",
    "STATUS_NAMES",
    "error_for",
]


class Error(Exception):
    """Base class of every libcsvc error.

    Attributes:
        status: the negative ``csvc_status`` code.
        name: its symbolic name (``"CSVC_E_NOTFOUND"``).
        message: the library's message, naming the field/line and the reason.
        line, column: where in the input (1-based ints), or None.
    """

    def __init__(self, status, message="", name=None):
        self.status = int(status)
        self.name = name or STATUS_NAMES.get(self.status) or "CSVC_STATUS(%d)" % self.status
        self.message = message or ""
        self.line, self.column = _location(self.message)
        # One argument only: OSError would read two as (errno, strerror).
        super().__init__(self._text())

    def _text(self):
        if self.message:
            return "%s: %s" % (self.name, self.message)
        return self.name

    def __str__(self):
        return self._text()

    def __reduce__(self):
        return (type(self), (self.status, self.message, self.name))


class InvalidArgument(Error, ValueError):
    """CSVC_E_INVALID: an argument is not acceptable."""


class NullPointer(Error, ValueError):
    """CSVC_E_NULL: a required value was missing (NULL)."""


class OutOfMemory(Error, MemoryError):
    """CSVC_E_NOMEM."""


class NotFound(Error, LookupError):
    """CSVC_E_NOTFOUND: no agent, team, ... with that id."""


class AlreadyExists(Error):
    """CSVC_E_EXISTS: the id is taken."""


class TransitionError(Error):
    """CSVC_E_TRANSITION: not allowed from the current state."""


class ParseError(Error, ValueError):
    """CSVC_E_PARSE: malformed input (CSV, dates, amounts)."""


class IOFailure(Error, OSError):
    """CSVC_E_IO: a file could not be read or written."""


class FileNotFound(IOFailure, FileNotFoundError):
    """CSVC_E_IO for a file that does not exist; ``filename`` names it."""

    def __init__(self, status, message="", name=None, filename=None):
        super().__init__(status, message, name)
        self.errno = errno.ENOENT
        self.strerror = self.message
        self.filename = filename

    def __str__(self):
        return self._text()

    def __reduce__(self):
        return (type(self), (self.status, self.message, self.name, self.filename))


class Busy(Error):
    """CSVC_E_BUSY."""


class Corrupt(Error):
    """CSVC_E_CORRUPT."""


class Overflow(Error, OverflowError):
    """CSVC_E_OVERFLOW: the result does not fit in int64."""


class PermissionDenied(Error, PermissionError):
    """CSVC_E_PERM."""


class Conflict(Error):
    """CSVC_E_CONFLICT."""


class VersionError(Error):
    """CSVC_E_VERSION: unsupported struct or library version."""


class RangeError(Error, ValueError):
    """CSVC_E_RANGE: a value is out of range."""


class EncodingError(Error, ValueError):
    """CSVC_E_ENCODING: invalid UTF-8 or a control character."""


class TooLong(Error, ValueError):
    """CSVC_E_TOOLONG: a string exceeds its byte limit."""


class ConstraintError(Error):
    """CSVC_E_CONSTRAINT: a consistency rule would be broken."""


class TimeError(Error):
    """CSVC_E_TIME: time goes backwards."""


class ClosedError(Error, ValueError):
    """CSVC_E_CLOSED: the object is closed (a ValueError, like I/O on a
    closed file)."""


class Unsupported(Error, NotImplementedError):
    """CSVC_E_UNSUPPORTED: this build of libcsvc lacks the feature (shift
    generation without GLPK)."""


# Mirrors CSVC_STATUS_MAP in csvc/common.h; tests check it against
# csvc_status_name() so the two cannot drift.
_STATUS_TABLE = (
    (-1, "CSVC_E_INVALID", InvalidArgument),
    (-2, "CSVC_E_NULL", NullPointer),
    (-3, "CSVC_E_NOMEM", OutOfMemory),
    (-4, "CSVC_E_NOTFOUND", NotFound),
    (-5, "CSVC_E_EXISTS", AlreadyExists),
    (-6, "CSVC_E_TRANSITION", TransitionError),
    (-7, "CSVC_E_PARSE", ParseError),
    (-8, "CSVC_E_IO", IOFailure),
    (-9, "CSVC_E_BUSY", Busy),
    (-10, "CSVC_E_CORRUPT", Corrupt),
    (-11, "CSVC_E_OVERFLOW", Overflow),
    (-12, "CSVC_E_PERM", PermissionDenied),
    (-13, "CSVC_E_CONFLICT", Conflict),
    (-14, "CSVC_E_VERSION", VersionError),
    (-15, "CSVC_E_RANGE", RangeError),
    (-16, "CSVC_E_ENCODING", EncodingError),
    (-17, "CSVC_E_TOOLONG", TooLong),
    (-18, "CSVC_E_CONSTRAINT", ConstraintError),
    (-19, "CSVC_E_TIME", TimeError),
    (-20, "CSVC_E_CLOSED", ClosedError),
    (-21, "CSVC_E_UNSUPPORTED", Unsupported),
)

#: status code -> symbolic name, including CSVC_OK.
STATUS_NAMES = {0: "CSVC_OK"}
STATUS_NAMES.update((code, name) for code, name, _ in _STATUS_TABLE)

_CLASSES = {code: cls for code, _, cls in _STATUS_TABLE}


_LOCATION = re.compile(r"\bline (\d+)(?:, column (\d+))?")


def _location(message):
    match = _LOCATION.search(message)
    if not match:
        return None, None
    return int(match.group(1)), int(match.group(2)) if match.group(2) else None


def error_for(status: int, message: str = "", name: Optional[str] = None):
    """The exception for ``status``: its subclass, or ``Error`` for a code
    this package does not know (a newer library)."""
    return _CLASSES.get(int(status), Error)(status, message, name)
