"""pandas tables of the package's records, built one way everywhere.

Every ``to_pandas()`` (and the ``*_frame()`` shorthands) names its columns
as the C structs name their fields (``ticket_id``, ``team_id``), gives
instants as ``datetime64[ns, UTC]`` (NaT for "not yet"), dates as
``datetime64[ns]``, enums as pandas categoricals whose categories are the
library's names in enum order (ordered where the order means something:
priority, level), optional integers as the nullable ``Int64`` and text as
``object`` (None for "none").

pandas is imported only here and only when a table is asked for; the rest
of the package needs the standard library alone.
"""

import datetime

_ORDERED = ("Priority", "Level")


def require(what, alternative):
    """The pandas module, or an ImportError saying what to use instead."""
    try:
        import pandas
    except ImportError as exc:
        raise ImportError("%s needs pandas, which is not installed; %s" % (what, alternative)) \
            from exc
    return pandas


def _column(pandas, kind, values):
    if kind == "time":
        seconds = pandas.array([None if v is None else int(v) for v in values], dtype="Int64")
        return pandas.to_datetime(seconds, unit="s", utc=True)
    if kind == "date":
        return pandas.DatetimeIndex(
            [None if v is None else datetime.datetime(v.year, v.month, v.day) for v in values],
            dtype="datetime64[ns]")
    if kind == "Int64":
        return pandas.array(list(values), dtype="Int64")
    if kind in (bool, int, float, str, object):
        return pandas.array(list(values), dtype={bool: "bool", int: "int64",
                                                 float: "float64"}.get(kind, object))
    # An enum class: a categorical of its names.
    categories = [str(member) for member in kind]
    return pandas.Categorical([None if v is None else str(v) for v in values],
                              categories=categories, ordered=kind.__name__ in _ORDERED)


def frame(what, alternative, records, columns, index):
    """A DataFrame of ``records`` (objects or dicts).

    columns: [(column name, attribute or callable, kind)] where kind is
    "time", "date", "Int64", bool, int, float, str, object or an enum class;
    index: the (name, attribute or callable) of the index column, a list of
    them for a MultiIndex, or (name, source, "date") for a datetime64 one.
    """
    pandas = require(what, alternative)

    def getter(source):
        if callable(source):
            return source
        return lambda record: (record[source] if isinstance(record, dict)
                               else getattr(record, source))

    records = list(records)
    data = {}
    for name, source, kind in columns:
        get = getter(source)
        data[name] = _column(pandas, kind, [get(r) for r in records])
    if isinstance(index, list):
        gets = [getter(source) for _, source in index]
        built = pandas.MultiIndex.from_tuples([tuple(g(r) for g in gets) for r in records],
                                              names=[name for name, _ in index])
    elif len(index) == 3 and index[2] == "date":
        built = pandas.DatetimeIndex(_column(pandas, "date", [getter(index[1])(r) for r in records]),
                                     name=index[0])
    else:
        get = getter(index[1])
        built = pandas.Index([get(r) for r in records], name=index[0], dtype=object)
    return pandas.DataFrame(data, columns=[c[0] for c in columns], index=built)
