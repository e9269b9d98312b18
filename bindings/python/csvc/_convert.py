"""Checks and conversions of Python arguments before they reach C.

ctypes silently truncates out-of-range integers and cuts strings at an
embedded NUL; both would hand the library a different value than the caller
gave, so they are rejected here with the library's own error classes.
"""

import os

from . import errors

INT32 = (-(1 << 31), (1 << 31) - 1)
UINT32 = (0, (1 << 32) - 1)
INT64 = (-(1 << 63), (1 << 63) - 1)
SIZE = (0, (1 << 64) - 1)

_BOUNDS_NAMES = {INT32: "int32_t", UINT32: "uint32_t", INT64: "int64_t", SIZE: "size_t"}


def integer(value, what, bounds=INT64, exc=errors.RangeError, code=-15):
    """``value`` as an int within ``bounds``; bool and non-integers are a
    TypeError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("%s: expected int, got %s" % (what, type(value).__name__))
    if not bounds[0] <= value <= bounds[1]:
        name = _BOUNDS_NAMES.get(bounds) or "%d..%d" % bounds
        raise exc(code, "%s: %d does not fit in %s" % (what, value, name))
    return int(value)


def money(value, what):
    """A money amount (int minor units); outside int64 is csvc.Overflow."""
    return integer(value, what, INT64, errors.Overflow, -11)


def text(value, what):
    """``value`` (str or bytes) as NUL-free bytes for a ``const char *``.

    A str is encoded as UTF-8 with ``surrogateescape``, so bytes that came
    from undecodable input reach the library unchanged and the library, the
    single validator, reports them. An embedded NUL would cut the string in
    C, so it is an EncodingError (a control character) here.
    """
    if isinstance(value, str):
        try:
            raw = value.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError as exc:
            raise errors.EncodingError(
                -16, "%s: not encodable as UTF-8 at character %d" % (what, exc.start)) from None
    elif isinstance(value, (bytes, bytearray)):
        raw = bytes(value)
    else:
        raise TypeError("%s: expected str or bytes, got %s" % (what, type(value).__name__))
    nul = raw.find(b"\0")
    if nul >= 0:
        raise errors.EncodingError(-16, "%s: NUL character at byte %d" % (what, nul))
    return raw


def optional_text(value, what):
    """As text(), with None passed through as NULL."""
    return None if value is None else text(value, what)


def path(value, what="path"):
    """A filesystem path (str, bytes or os.PathLike) as bytes."""
    try:
        raw = os.fsencode(value)
    except TypeError:
        raise TypeError("%s: expected a path, got %s" % (what, type(value).__name__)) from None
    return text(raw, what)


def decode(raw):
    """A string the library returned, as str (None stays None)."""
    if raw is None:
        return None
    return raw.decode("utf-8", "surrogateescape")
