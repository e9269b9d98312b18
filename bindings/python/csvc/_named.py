"""The base of the package's enums: an IntEnum named as the library names it.

``str(State.IN_PROGRESS)`` is ``"in_progress"``, the library's name, and the
constructor takes that name too: ``State("closed")`` is ``State.CLOSED``
(case-insensitive), as ``State(6)`` is. Integer-like values (numpy
integers) look up by value as ints do.
"""

import enum
import operator


class Named(enum.IntEnum):
    def __str__(self):
        return self.name.lower()

    @classmethod
    def _missing_(cls, value):
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if isinstance(value, str):
            return cls.__members__.get(value.strip().upper().replace("-", "_"))
        if not isinstance(value, bool):
            try:
                number = operator.index(value)
            except TypeError:
                return None
            return cls._value2member_map_.get(number)
        return None
