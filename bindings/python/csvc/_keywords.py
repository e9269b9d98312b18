"""The C field names as keywords and attributes.

The Python API drops the ``_id`` of the C fields (``team`` for
``team_id``). So that a caller reading desk.h can use the C names as they
are, every public method of a class decorated with :func:`c_keywords`
(and every function it decorates) also takes ``team_id=`` for ``team=``
(and so on for the names below), and
a dataclass decorated with :func:`c_attributes` also answers ``team_id``.
"""

import dataclasses
import functools
import inspect

#: Python name -> C field name.
C_NAMES = {
    "team": "team_id", "agent": "agent_id", "customer": "customer_id",
    "supervisor": "supervisor_id", "lead": "lead_id", "ticket": "ticket_id",
    "actor": "actor_id", "related": "related_id", "rater": "rater_id", "ratee": "ratee_id",
    "kpi": "kpi_id",
}


def _with_aliases(fn, aliases):
    @functools.wraps(fn)
    def call(*args, **kwargs):
        for c_name, py_name in aliases.items():
            if c_name in kwargs:
                if py_name in kwargs:
                    raise TypeError("%s() got both %r and %r (the same argument)"
                                    % (fn.__name__, py_name, c_name))
                kwargs[py_name] = kwargs.pop(c_name)
        return fn(*args, **kwargs)
    call.c_keywords = dict(aliases)
    return call


def _aliases_of(fn):
    params = inspect.signature(fn).parameters
    return {C_NAMES[p]: p for p in params if p in C_NAMES and C_NAMES[p] not in params}


def c_keywords(cls):
    """Class decorator: public methods (and __init__) take the C names too.
    On a function, that function does."""
    if inspect.isfunction(cls):
        aliases = _aliases_of(cls)
        return _with_aliases(cls, aliases) if aliases else cls
    for name, member in list(vars(cls).items()):
        if name.startswith("_") and name != "__init__":
            continue
        fn = member.__func__ if isinstance(member, (classmethod, staticmethod)) else member
        if not inspect.isfunction(fn):
            continue
        aliases = _aliases_of(fn)
        if aliases:
            wrapped = _with_aliases(fn, aliases)
            setattr(cls, name, type(member)(wrapped) if fn is not member else wrapped)
    return cls


def c_attributes(cls):
    """Dataclass decorator: read-only C-named properties for its fields, and
    its constructor takes the C names as keywords."""
    for field in dataclasses.fields(cls):
        c_name = C_NAMES.get(field.name)
        if c_name and not hasattr(cls, c_name):
            setattr(cls, c_name, property((lambda n: lambda self: getattr(self, n))(field.name),
                                          doc="The C name of ``%s``." % field.name))
    return c_keywords(cls)
