"""Checks and conversions of Python arguments before they reach C.

ctypes silently truncates out-of-range integers and cuts strings at an
embedded NUL; both would hand the library a different value than the caller
gave, so they are rejected here with the library's own error classes.
"""

import operator
import os
from ctypes import byref, c_size_t, c_void_p, string_at
from typing import IO, Union

from . import errors

#: A filesystem path.
Path = Union[str, bytes, os.PathLike]
#: What an importer reads: a path or an open file (text or binary).
Source = Union[str, bytes, os.PathLike, IO]

INT32 = (-(1 << 31), (1 << 31) - 1)
UINT32 = (0, (1 << 32) - 1)
INT64 = (-(1 << 63), (1 << 63) - 1)
SIZE = (0, (1 << 64) - 1)

#: CSVC_UTC_OFFSET_AUTO (INT32_MIN in common.h; gen_decls keeps literals only).
UTC_OFFSET_AUTO = INT32[0]

_BOUNDS_NAMES = {INT32: "int32_t", UINT32: "uint32_t", INT64: "int64_t", SIZE: "size_t"}


def _is_boolean(value):
    # numpy.bool_ is not a bool subclass but is no integer either.
    return isinstance(value, bool) or type(value).__name__ in ("bool_", "bool8")


def integer(value, what, bounds=INT64, exc=errors.RangeError, code=-15):
    """``value`` as an int within ``bounds``. Anything with ``__index__``
    counts as an integer (numpy.int64, ...); bools, floats and other types
    are a TypeError."""
    if _is_boolean(value):
        raise TypeError("%s: expected int, got %s" % (what, type(value).__name__))
    try:
        value = operator.index(value)
    except TypeError:
        raise TypeError("%s: expected int, got %s" % (what, type(value).__name__)) from None
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


def data(value, what="text"):
    """Document text (str, bytes or bytearray) as bytes for a buffer
    import; a str is encoded as UTF-8 with ``surrogateescape``. Unlike
    text(), NULs pass: the importers report them with their line."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError("%s: expected str or bytes, got %s" % (what, type(value).__name__))


def import_source(source, from_path, from_data, what="path", options=None):
    """Imports from a path (str, bytes, os.PathLike) or from an open file
    (anything with ``read()``, text or binary). A path that does not exist
    is an errors.FileNotFound (a FileNotFoundError with ``filename``).
    `options` (an options builder, see import_options()) is handed to both:
    from_path(raw, options) and from_data(bytes, options); a text file has
    been decoded by Python already, so its encoding option is dropped."""
    if hasattr(source, "read"):
        content = source.read()
        if options is not None and isinstance(content, str):
            options = options(drop_encoding=True)
        elif options is not None:
            options = options()
        return from_data(data(content, what), options)
    raw = path(source, what)
    try:
        return from_path(raw, options() if options is not None else None)
    except errors.IOFailure as exc:
        if not os.path.exists(raw):
            raise errors.FileNotFound(exc.status, exc.message, exc.name,
                                      os.fsdecode(raw)) from None
        raise


def import_options(encoding=None, utc_offset=None, time_zone=None):
    """A builder of the csvc_import_options an importer takes: called (with
    drop_encoding=True for text already decoded) it returns the struct, or
    None when every setting is the default."""
    from ctypes import byref  # here: this module does not load the library
    from ._lib import csvc_import_options, lib
    from ._times import to_seconds
    raw_encoding = None if encoding is None else text(encoding, "encoding")
    offset = UTC_OFFSET_AUTO if utc_offset is None else \
        integer(to_seconds(utc_offset, "utc_offset"), "utc_offset", INT32)
    if time_zone is not None and not isinstance(time_zone, str):
        time_zone = getattr(time_zone, "name", time_zone)  # a csvc.TimeZone
    raw_zone = None if time_zone is None else text(time_zone, "time_zone")

    def build(drop_encoding=False):
        chosen = None if drop_encoding else raw_encoding
        if chosen is None and utc_offset is None and raw_zone is None:
            return None
        o = csvc_import_options()
        lib.csvc_import_options_init(byref(o))
        o.encoding = chosen
        o.utc_offset = offset
        o.time_zone = raw_zone
        return o
    return build


def buffer_text(func, *args):
    """Calls ``func(*args, &out, &size)`` for a library-allocated text and
    returns it decoded, releasing the buffer with csvc_free()."""
    from ._lib import lib  # when used: this module loads without the library
    out = c_void_p()
    size = c_size_t()
    func(*args, byref(out), byref(size))
    try:
        return decode(string_at(out.value, size.value)) if size.value else ""
    finally:
        lib.csvc_free(out)
