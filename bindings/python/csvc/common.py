"""Thin wrappers of csvc/common.h: version, status names, identifiers,
money and time.

Money is always an ``int`` count of minor units (cents, fen); floats are
refused so no amount is ever rounded by accident. Times are ``int`` Unix
seconds (UTC) and periods are half-open ``[start, end)`` intervals.
"""

import ctypes
from ctypes import byref, c_char_p, c_double, c_int32, c_int64
from typing import NamedTuple, Optional, Sequence, Union

from . import _convert as cv
from ._lib import csvc_period, lib
from ._times import Instant, PeriodLike, to_time

__all__ = [
    "Period",
    "version",
    "version_number",
    "status_name",
    "status_str",
    "last_errmsg",
    "id_check",
    "money_add",
    "money_sub",
    "money_mul",
    "money_percent_bp",
    "money_muldiv",
    "money_split",
    "money_format",
    "money_parse",
    "period",
    "period_contains",
    "period_overlaps",
    "month",
    "quarter",
    "of_month",
    "of_quarter",
    "date_make",
    "date_split",
    "parse_time",
    "format_time",
    "UTC_OFFSET_MAX",
    "ID_MAX",
]

#: Largest accepted UTC offset magnitude in seconds (CSVC_UTC_OFFSET_MAX).
UTC_OFFSET_MAX = 18 * 3600
#: Maximum identifier length in bytes (CSVC_ID_MAX).
ID_MAX = 64

_MONEY_BUF = 48  # "48 bytes always suffice" (common.h)
_TIME_BUF = 32  # the format needs 21


class Period(NamedTuple):
    """A half-open interval ``[start, end)`` of Unix seconds."""

    start: int
    end: int

    def __contains__(self, t):
        return self.start <= t < self.end


def _period(p):
    return Period(p.start, p.end)


def _c_period(p, what="period"):
    start, end = p
    return csvc_period(to_time(start, what + ".start"), to_time(end, what + ".end"))


# -- version, status, identifiers -------------------------------------------


def version() -> str:
    """The loaded library's version, "MAJOR.MINOR.PATCH"."""
    return cv.decode(lib.csvc_version())


def version_number() -> int:
    """The loaded library's version as 0xXXYYZZ."""
    return int(lib.csvc_version_number())


def status_name(status: int) -> Optional[str]:
    """"CSVC_E_NOTFOUND" for -4; None for a code the library does not know."""
    return cv.decode(lib.csvc_status_name(cv.integer(status, "status", cv.INT32)))


def status_str(status: int) -> str:
    """The library's short description of a status code."""
    return cv.decode(lib.csvc_status_str(cv.integer(status, "status", cv.INT32)))


def last_errmsg() -> str:
    """The message of the last failed call on this thread ("" if none)."""
    return cv.decode(lib.csvc_last_errmsg())


def id_check(id: Union[str, bytes]) -> None:
    """Raises unless ``id`` is a valid identifier: non-empty, at most
    ``ID_MAX`` bytes of UTF-8, no control characters. Errors:
    InvalidArgument (empty), TooLong, EncodingError."""
    lib.csvc_id_check(cv.text(id, "id"))


# -- money -------------------------------------------------------------------


def _money_op(func, *args):
    out = c_int64()
    func(*args, byref(out))
    return out.value


def money_add(a: int, b: int) -> int:
    """``a + b``; csvc.Overflow outside int64."""
    return _money_op(lib.csvc_money_add, cv.money(a, "a"), cv.money(b, "b"))


def money_sub(a: int, b: int) -> int:
    """``a - b``; csvc.Overflow outside int64."""
    return _money_op(lib.csvc_money_sub, cv.money(a, "a"), cv.money(b, "b"))


def money_mul(amount: int, factor: int) -> int:
    """``amount * factor``; csvc.Overflow outside int64."""
    return _money_op(lib.csvc_money_mul, cv.money(amount, "amount"),
                     cv.money(factor, "factor"))


def money_percent_bp(amount: int, basis_points: int) -> int:
    """``amount * basis_points / 10000`` rounded half-to-even
    (1250 bp = 12.5 %)."""
    return _money_op(lib.csvc_money_percent_bp, cv.money(amount, "amount"),
                     cv.money(basis_points, "basis_points"))


def money_muldiv(amount: int, num: int, den: int) -> int:
    """``amount * num / den`` with an exact intermediate, rounded
    half-to-even; csvc.InvalidArgument when ``den`` is 0."""
    return _money_op(lib.csvc_money_muldiv, cv.money(amount, "amount"),
                     cv.money(num, "num"), cv.money(den, "den"))


def money_split(amount: int, weights: Sequence[Union[int, float]],
                keys: Optional[Sequence[Union[str, bytes]]] = None) -> list:
    """Splits ``amount`` in proportion to ``weights`` by largest remainder;
    the parts always add up to ``amount``. Equal remainders go to the
    smaller key (byte-wise), or to the lower index without keys.

    All-int weights use exact integer quotas (csvc_money_split); any float
    weight switches to csvc_money_split_weighted.
    Example: ``money_split(100, [1, 1, 1]) == [34, 33, 33]``.
    """
    amount = cv.money(amount, "amount")
    weights = list(weights)
    n = len(weights)
    use_float = False
    for i, w in enumerate(weights):
        if isinstance(w, float):
            use_float = True
        elif isinstance(w, bool) or not isinstance(w, int):
            raise TypeError("weights[%d]: expected int or float, got %s"
                            % (i, type(w).__name__))
    c_keys = None
    if keys is not None:
        keys = [cv.text(k, "keys[%d]" % i) for i, k in enumerate(keys)]
        if len(keys) != n:
            raise cv.errors.InvalidArgument(
                -1, "keys: %d keys for %d weights" % (len(keys), n))
        c_keys = (c_char_p * n)(*keys)
    parts = (c_int64 * n)()
    if use_float:
        c_weights = (c_double * n)(*[float(w) for w in weights])
        lib.csvc_money_split_weighted(amount, c_weights, c_keys, n, parts)
    else:
        c_weights = (c_int64 * n)(
            *[cv.money(w, "weights[%d]" % i) for i, w in enumerate(weights)])
        lib.csvc_money_split(amount, c_weights, c_keys, n, parts)
    return list(parts)


def money_format(amount: int, decimals: int = 2) -> str:
    """``amount`` minor units as a decimal string: ``money_format(-1234)``
    is ``"-12.34"``. csvc.InvalidArgument when decimals > 18."""
    buf = ctypes.create_string_buffer(_MONEY_BUF)
    lib.csvc_money_format(cv.money(amount, "amount"),
                          cv.integer(decimals, "decimals", cv.UINT32), buf, len(buf))
    return cv.decode(buf.value)


def money_parse(text: Union[str, bytes], decimals: int = 2) -> int:
    """A decimal amount ("12.34") as minor units (1234). More fraction
    digits than ``decimals`` is csvc.ParseError, never a rounding."""
    out = c_int64()
    lib.csvc_money_parse(cv.text(text, "text"), cv.integer(decimals, "decimals", cv.UINT32),
                         byref(out))
    return out.value


# -- time and periods ----------------------------------------------------------


def _offset(utc_offset):
    return cv.integer(utc_offset, "utc_offset", cv.INT32)


def period(start: Instant, end: Instant) -> Period:
    """A validated period; csvc.RangeError when end < start."""
    out = csvc_period()
    lib.csvc_period_make(to_time(start, "start"), to_time(end, "end"), byref(out))
    return _period(out)


def period_contains(p: PeriodLike, t: Instant) -> bool:
    """True when ``start <= t < end``."""
    return bool(lib.csvc_period_contains(byref(_c_period(p)), to_time(t, "t")))


def period_overlaps(a: PeriodLike, b: PeriodLike) -> bool:
    """True when the periods share at least one instant."""
    return bool(lib.csvc_period_overlaps(byref(_c_period(a, "a")), byref(_c_period(b, "b"))))


# A zone name or a csvc.TimeZone (timezone.py), or None for utc_offset.
ZoneLike = Optional[Union[str, "TimeZone"]]


def _zoned(fn, fn_tz, time_zone, utc_offset, *args):
    """Calls the fixed-offset form, or the zone form when ``time_zone``."""
    out = csvc_period()
    if time_zone is None:
        fn(*args, _offset(utc_offset), byref(out))
    else:
        from .timezone import zone
        tz = zone(time_zone)
        with tz._lock:
            fn_tz(*args, tz._h(), byref(out))
    return _period(out)


def month(t: Instant, utc_offset: int = 0, *, time_zone: ZoneLike = None) -> Period:
    """The calendar month containing ``t`` on a clock ``utc_offset`` seconds
    east of UTC, or in ``time_zone`` (a name or csvc.TimeZone: the bounds
    are local midnights with that day's offset), as ``(start, end)`` UTC
    instants."""
    return _zoned(lib.csvc_period_month, lib.csvc_period_month_tz, time_zone, utc_offset,
                  to_time(t, "t"))


def quarter(t: Instant, utc_offset: int = 0, *, time_zone: ZoneLike = None) -> Period:
    """The calendar quarter containing ``t``, as for month()."""
    return _zoned(lib.csvc_period_quarter, lib.csvc_period_quarter_tz, time_zone, utc_offset,
                  to_time(t, "t"))


def of_month(year: int, month: int, utc_offset: int = 0, *,
             time_zone: ZoneLike = None) -> Period:
    """Month ``month`` (1..12) of ``year``, as for month()."""
    return _zoned(lib.csvc_period_of_month, lib.csvc_period_of_month_tz, time_zone, utc_offset,
                  cv.integer(year, "year", cv.INT32), cv.integer(month, "month", cv.INT32))


def of_quarter(year: int, quarter: int, utc_offset: int = 0, *,
               time_zone: ZoneLike = None) -> Period:
    """Quarter ``quarter`` (1..4) of ``year``, as for month()."""
    return _zoned(lib.csvc_period_of_quarter, lib.csvc_period_of_quarter_tz, time_zone,
                  utc_offset, cv.integer(year, "year", cv.INT32),
                  cv.integer(quarter, "quarter", cv.INT32))


def date_make(year: int, month: int, day: int, utc_offset: int = 0) -> int:
    """Unix time of local midnight starting year-month-day;
    csvc.RangeError for an impossible date."""
    out = c_int64()
    lib.csvc_date_make(cv.integer(year, "year", cv.INT32),
                       cv.integer(month, "month", cv.INT32),
                       cv.integer(day, "day", cv.INT32), _offset(utc_offset), byref(out))
    return out.value


def date_split(t: int, utc_offset: int = 0) -> tuple:
    """The local calendar date of ``t`` as ``(year, month, day)``."""
    y, m, d = c_int32(), c_int32(), c_int32()
    lib.csvc_date_split(to_time(t, "t"), _offset(utc_offset), byref(y), byref(m), byref(d))
    return (y.value, m.value, d.value)


def parse_time(text: Union[str, bytes]) -> int:
    """"YYYY-MM-DD" or "YYYY-MM-DDThh:mm[:ss]" with optional "Z" or
    "+hh:mm" as Unix seconds; csvc.ParseError with the reason otherwise."""
    out = c_int64()
    lib.csvc_time_parse(cv.text(text, "text"), byref(out))
    return out.value


def format_time(t: int) -> str:
    """``t`` as "YYYY-MM-DDThh:mm:ssZ"."""
    buf = ctypes.create_string_buffer(_TIME_BUF)
    lib.csvc_time_format(to_time(t, "t"), buf, len(buf))
    return cv.decode(buf.value)
