"""KPI reviews (csvc/kpi.h): weighted multi-rater ("360") reviews turned
into explainable composite scores, grades, ranks and percentiles.

    model = csvc.KpiModel.from_json("examples/data/kpi_model.json")
    with csvc.Review(roster, model, csvc.of_month(2025, 11, 8 * 3600), id="2025-11") as review:
        review.import_ratings_csv("examples/data/ratings.csv")
        review.set_objective("A201", "improvement_ideas", 2)
        review.load_desk(desk)                 # the metric-bound KPIs
        review.finish()                        # the cycle ends: no more changes
        results = review.compute()
    for card in results:                       # AgentResult, in roster order
        print(card.agent, card.composite, card.grade_label)
    for k in results.kpis("A201"):             # KpiExplanation: why that composite
        print(k.kpi, k.raw, k.score, k.weight_share, k.contribution)

Three objects, as in C:

- :class:`KpiModel`: the KPIs, the rater groups and the grading rules,
  built here (:meth:`KpiModel.add_kpi`, :meth:`KpiModel.set_group`, ...) or
  loaded from JSON (:meth:`KpiModel.from_json`). A review takes a private
  copy, so later edits of a model never change a review.
- :class:`Review`: one review cycle over a :class:`csvc.Roster` for a
  period: ratings (:meth:`Review.rate`, :meth:`Review.import_ratings_csv`)
  and objective values (:meth:`Review.set_objective`,
  :meth:`Review.set_metrics`, :meth:`Review.load_desk`).
- :class:`Results`: an immutable snapshot computed by
  :meth:`Review.compute`; it does not refer to its review.

Python conventions used here:

- ids are ``str`` (``bytes`` are passed through unchanged);
- dimensions, rater groups and the other choices are IntEnums; their
  names are accepted as input ("quality", "peer", "trimmed_mean",
  "renormalise", "1-5", ...);
- instants are ``int`` Unix seconds or timezone-aware ``datetime``
  objects; periods are ``(start, end)`` tuples or :class:`csvc.Period`;
- scores are floats on 0..100; a value that does not exist (no score, no
  composite, a hidden or missing group's aggregate, no rank) is ``None``,
  never NaN and never 0;
- every failed call raises a :class:`csvc.Error` subclass carrying the
  library's message and changes nothing. Refused raters are
  :class:`csvc.PermissionDenied`, values off the scale
  :class:`csvc.RangeError`, changes to a closed review
  :class:`csvc.ClosedError`, malformed model documents
  :class:`csvc.ParseError` naming the JSON path ("kpis[3].weight: ...").

Anonymity: a rater group below its anonymity threshold is reported with
its count only; its aggregate is ``None`` here and empty in every export,
and individual ratings are never returned by any call.
"""

import enum
import math
import numbers
import threading
import warnings
import weakref
from ctypes import byref, c_double, c_int, c_size_t
from dataclasses import dataclass
from typing import Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from . import _convert as cv
from ._convert import Path
from ._keywords import c_attributes, c_keywords
from ._named import Named
from . import errors
from ._handle import Handle
from ._lib import (
    CSVC_KPI_AGENT_RESULT_VERSION,
    CSVC_KPI_DEF_VERSION,
    CSVC_KPI_GRADING_VERSION,
    CSVC_KPI_GROUP_RESULT_VERSION,
    CSVC_KPI_RATING_VERSION,
    CSVC_KPI_RESULT_VERSION,
    CSVC_KPI_REVIEW_OPTIONS_VERSION,
    CSVC_METRICS_VERSION,
    CSVC_RATER_GROUP_CONFIG_VERSION,
    csvc_agent_info,
    csvc_kpi_agent_result,
    csvc_kpi_band,
    csvc_kpi_def,
    csvc_kpi_grading,
    csvc_kpi_group_result,
    csvc_kpi_rating,
    csvc_kpi_result,
    csvc_kpi_review_options,
    csvc_metrics,
    csvc_period,
    csvc_rater_group_config,
    kpi_model_p,
    kpi_results_p,
    kpi_review_p,
    lib,
)
from ._times import Duration, Instant, PeriodLike, to_time
from .common import Period
from .desk import Desk, Metrics
from .roster import Roster

__all__ = [
    "Dimension",
    "RaterGroup",
    "Source",
    "Direction",
    "Normalise",
    "Scale",
    "Aggregation",
    "MissingPolicy",
    "GradeScheme",
    "KpiFlag",
    "GroupConfig",
    "Grading",
    "KpiDef",
    "AgentResult",
    "KpiExplanation",
    "GroupExplanation",
    "KpiModel",
    "Review",
    "Results",
    "metric_names",
]


# -- enums ---------------------------------------------------------------------



class Dimension(Named):
    """The five balanced-scorecard dimensions (csvc_kpi_dimension)."""

    QUALITY = 0
    EFFICIENCY = 1
    SKILL = 2
    TEAMWORK = 3
    INNOVATION = 4


class RaterGroup(Named):
    """Rater groups (csvc_rater_group)."""

    SELF = 0
    PEER = 1
    SUPERVISOR = 2
    SUBORDINATE = 3
    CUSTOMER = 4


class Source(Named):
    """Where a KPI's value comes from: a metric value (objective) or
    ratings (rated)."""

    OBJECTIVE = 0
    RATED = 1


class Direction(Named):
    """Whether higher or lower values of an objective KPI are better."""

    HIGHER = 0
    LOWER = 1


class Normalise(Named):
    """How an objective KPI becomes a 0..100 score: linear between floor
    and target, or by bands of (threshold, points)."""

    LINEAR = 0
    BANDS = 1


class Scale(enum.IntEnum):
    """The declared scale of a rated KPI; ``str()`` gives "1-5" / "0-100"."""

    ONE_TO_FIVE = 0  # rescaled (v - 1) / 4 * 100
    ZERO_TO_HUNDRED = 1  # kept

    def __str__(self):
        return "1-5" if self is Scale.ONE_TO_FIVE else "0-100"


class Aggregation(Named):
    """How the ratings of one rater group are combined."""

    MEAN = 0
    MEDIAN = 1
    TRIMMED_MEAN = 2  # drops one highest and one lowest at >= 5 ratings


class MissingPolicy(Named):
    """What a missing rater group does to a KPI: its weight goes to the
    groups present (renormalise), it counts as 0 (zero), or the KPI and the
    composite get no score (incomplete)."""

    RENORMALISE = 0
    ZERO = 1
    INCOMPLETE = 2


class GradeScheme(Named):
    """Grade labels: letters S, A, B, C, D or stars "5" .. "1"."""

    LETTERS = 0
    STARS = 1


class KpiFlag(enum.IntFlag):
    """The CSVC_KPI_* flags of agents, KPIs and rater groups."""

    MISSING = 0x01  # no value / no score / group missing
    INCOMPLETE = 0x02  # a missing group with the incomplete policy
    ZERO_FILLED = 0x04  # a missing group counted as 0
    RENORMALISED = 0x08  # a missing group's weight was redistributed
    HIDDEN = 0x10  # below the anonymity threshold: aggregate withheld
    BELOW_MIN = 0x20  # has ratings, fewer than min_count
    EXCLUDED = 0x40  # group weight 0 for this KPI
    PARTIAL = 0x80  # agent: some KPI had no score and was left out

    @property
    def names(self) -> List[str]:
        """The set flags as lower-case names, lowest bit first
        (["zero_filled", "hidden"])."""
        return [f.name.lower() for f in KpiFlag if f in self]


def _flags(bits):
    return KpiFlag(bits)


def _enum_out(cls, value):
    try:
        return cls(value)
    except ValueError:  # a value added by a newer library
        return value


# -- conversions ---------------------------------------------------------------

_KEEP = object()  # "not given" in set_group() / set_grading()


def _real(value, what):
    """A float for a C ``double``; NaN and infinities reach the library,
    which refuses them with its own message where they do not belong."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError("%s: expected a number, got %s" % (what, type(value).__name__))
    try:
        return float(value)
    except OverflowError:
        raise errors.RangeError(-15, "%s: %d does not fit in a double" % (what, value)) from None


def _parsed(value, what, parse):
    """A member, an int (the library checks the range) or a name parsed by
    the library (csvc.InvalidArgument with its message when unknown)."""
    if isinstance(value, (str, bytes)):
        out = c_int()
        parse(cv.text(value, what), byref(out))
        return out.value
    return cv.integer(value, what, cv.INT32)


def _dimension(value, what="dimension"):
    return _parsed(value, what, lib.csvc_kpi_dimension_parse)


def _group(value, what="group"):
    return _parsed(value, what, lib.csvc_rater_group_parse)


def _choice(value, what, cls, aliases=()):
    """A member of ``cls`` by name (case-insensitive; ``str()`` of each
    member and ``aliases`` also count) or an int."""
    if isinstance(value, (str, bytes)):
        name = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
        names = {str(m): m for m in cls}
        names.update((m.name.lower(), m) for m in cls)
        names.update(aliases)
        member = names.get(name.strip().lower())
        if member is None:
            raise errors.InvalidArgument(-1, "%s: unknown value %r (expected %s)" % (
                what, value, ", ".join(str(m) for m in cls)))
        return int(member)
    return cv.integer(value, what, cv.INT32)


def _optional(value):
    """None for NaN (no value)."""
    return None if math.isnan(value) else value


def _period_in(period, what="period"):
    try:
        start, end = period
    except (TypeError, ValueError):
        raise TypeError("%s: expected (start, end), got %r" % (what, period)) from None
    return csvc_period(to_time(start, what + ".start"), to_time(end, what + ".end"))


def metric_names() -> List[str]:
    """The objective metric names a KPI may bind to ("csat", "frt_median",
    ...), each a field of :class:`csvc.Metrics`."""
    names = []
    while True:
        name = lib.csvc_kpi_metric_name(len(names))
        if name is None:
            return names
        names.append(cv.decode(name))


# -- value types ---------------------------------------------------------------


@dataclass(frozen=True)
class GroupConfig:
    """Model-wide settings of one rater group (csvc_rater_group_config).
    Fewer than ``min_count`` ratings make the group missing; fewer than
    ``anonymity`` hide its aggregate."""

    weight: float
    aggregation: Aggregation
    min_count: int
    anonymity: int
    missing: MissingPolicy


@dataclass(frozen=True)
class Grading:
    """How composites become grades (csvc_kpi_grading). ``thresholds`` are
    the minimum composites of grades 5, 4, 3 and 2; with ``forced`` the
    graded agents are split by ``shares`` (percent, grade 5 first)."""

    scheme: GradeScheme
    thresholds: Tuple[float, float, float, float]
    forced: bool
    shares: Tuple[float, float, float, float, float]


@dataclass(frozen=True)
class KpiDef:
    """One KPI of a model (csvc_kpi_def). Fields that do not apply to the
    KPI's source are None: ``metric`` (None: values supplied by the
    caller), ``direction``, ``normalise``, ``floor`` / ``target`` (linear)
    and ``bands`` (banded) for objective KPIs; ``scale`` and
    ``group_weights`` (the per-KPI overrides of the model-wide group
    weights, by group name) for rated ones. ``KpiModel.add_kpi(**
    dataclasses.asdict(kpi_def))`` adds the same KPI again."""

    id: str
    name: str
    dimension: Dimension
    weight: float
    source: Source
    metric: Optional[str] = None
    direction: Optional[Direction] = None
    normalise: Optional[Normalise] = None
    floor: Optional[float] = None
    target: Optional[float] = None
    bands: Optional[Tuple[Tuple[float, float], ...]] = None
    scale: Optional[Scale] = None
    group_weights: Optional[Dict[str, float]] = None

    @property
    def rated(self) -> bool:
        return self.source == Source.RATED


@c_attributes
@dataclass(frozen=True)
class AgentResult:
    """One agent's scorecard summary. ``composite`` (0..100),
    ``grade`` (5 best .. 1), ``grade_label``, ranks (1 = best) and
    percentiles (100 = best) are None when the agent has no composite;
    ``dimensions`` maps each dimension name to its subtotal (None when the
    dimension has no scored KPI). ``team_size`` / ``desk_size`` count the
    agents ranked in the scope."""

    agent: str
    team: str
    composite: Optional[float]
    dimensions: Dict[str, Optional[float]]
    grade: Optional[int]
    grade_label: Optional[str]
    rank_team: Optional[int]
    rank_desk: Optional[int]
    percentile_team: Optional[float]
    percentile_desk: Optional[float]
    team_size: int
    desk_size: int
    flags: KpiFlag


@c_attributes
@dataclass(frozen=True)
class KpiExplanation:
    """One KPI of one agent: the ``raw`` value (the metric, or the combined
    rating on the KPI's scale), its 0..100 ``score``, the model ``weight``,
    the ``weight_share`` among the agent's scored KPIs and the
    ``contribution`` to the composite (the contributions add up to the
    composite). raw and score are None when there is no value; share and
    contribution are then 0."""

    kpi: str
    name: str
    dimension: Dimension
    source: Source
    raw: Optional[float]
    score: Optional[float]
    weight: float
    weight_share: float
    contribution: float
    flags: KpiFlag


@dataclass(frozen=True)
class GroupExplanation:
    """One rater group of one rated KPI of one agent: how many ratings it
    received (always reported), its 0..100 ``aggregate`` (None when hidden
    by anonymity, missing or excluded), its ``weight`` for the KPI and the
    share of the KPI score it actually carried (``weight_used``, 0..1).
    Individual ratings are never reported."""

    group: RaterGroup
    count: int
    aggregate: Optional[float]
    weight: float
    weight_used: float
    flags: KpiFlag

    @property
    def hidden(self) -> bool:
        """Below the anonymity threshold: counted, aggregate withheld."""
        return bool(self.flags & KpiFlag.HIDDEN)

    @property
    def excluded(self) -> bool:
        """The group's weight for this KPI is 0."""
        return bool(self.flags & KpiFlag.EXCLUDED)

    @property
    def missing(self) -> bool:
        """Fewer ratings than the group's min_count."""
        return bool(self.flags & KpiFlag.MISSING)


def _group_config_out(c):
    return GroupConfig(weight=c.weight, aggregation=_enum_out(Aggregation, c.aggregation),
                       min_count=c.min_count, anonymity=c.anonymity,
                       missing=_enum_out(MissingPolicy, c.missing))


def _grading_out(c):
    return Grading(scheme=_enum_out(GradeScheme, c.scheme), thresholds=tuple(c.thresholds),
                   forced=bool(c.forced), shares=tuple(c.shares))


def _kpi_def_out(c):
    kpi_id = cv.decode(c.id)
    common = dict(id=kpi_id, name=cv.decode(c.name) or kpi_id,
                  dimension=_enum_out(Dimension, c.dimension), weight=c.weight,
                  source=_enum_out(Source, c.source))
    if c.source == Source.RATED:
        overrides = {}
        for g in RaterGroup:
            if c.group_weights[g] >= 0:
                overrides[str(g)] = c.group_weights[g]
        return KpiDef(scale=_enum_out(Scale, c.scale), group_weights=overrides, **common)
    normalise = _enum_out(Normalise, c.normalise)
    linear = c.normalise == Normalise.LINEAR
    bands = None
    if not linear and c.bands:
        bands = tuple((c.bands[i].threshold, c.bands[i].points) for i in range(c.band_count))
    return KpiDef(metric=cv.decode(c.metric) or None, direction=_enum_out(Direction, c.direction),
                  normalise=normalise, floor=c.floor if linear else None,
                  target=c.target if linear else None, bands=bands, **common)


def _kpi_count(model_p):
    return int(lib.csvc_kpi_model_kpi_count(model_p))


def _kpi_def_at(model_p, index):
    c = csvc_kpi_def()
    lib.csvc_kpi_def_init(byref(c))
    c.version = CSVC_KPI_DEF_VERSION
    lib.csvc_kpi_model_kpi_at(model_p, index, byref(c))
    return _kpi_def_out(c)


def _kpi_defs(model_p):
    return [_kpi_def_at(model_p, i) for i in range(_kpi_count(model_p))]


def _find_kpi(model_p, kpi):
    """The model index of ``kpi``: an id, a KpiDef or an int index."""
    if isinstance(kpi, KpiDef):
        kpi = kpi.id
    if isinstance(kpi, (str, bytes)):
        out = c_size_t()
        lib.csvc_kpi_model_find_kpi(model_p, cv.text(kpi, "kpi"), byref(out))
        return out.value
    index = cv.integer(kpi, "kpi", cv.SIZE)
    count = _kpi_count(model_p)
    if index >= count:
        raise errors.RangeError(-15, "kpi: index %d out of range (%d KPIs)" % (index, count))
    return index


def _model_json(model_p):
    return cv.buffer_text(lib.csvc_kpi_model_export_json_buffer, model_p)


# -- models --------------------------------------------------------------------


class KpiModel(Handle):
    """A KPI model: its KPIs, the model-wide rater group settings and the
    grading rules, under a caller-chosen ``version`` ("2026.1").

    ``KpiModel(version)`` starts with no KPIs, every group at weight 1,
    mean, min_count 1, anonymity 3 (self and supervisor: 1), renormalise;
    letter grades S >= 90, A >= 80, B >= 70, C >= 60; calibration off.
    :meth:`from_json` / :meth:`from_json_text` load a document in the
    format of ``examples/data/kpi_model.json`` (see its schema).

    The model frees its C handle on :meth:`close`, at the end of a ``with``
    block, or when it is garbage collected. A lock serialises calls.
    """

    _CLOSED_MESSAGE = "kpi model is closed"

    def __init__(self, version: str):
        handle = kpi_model_p()
        lib.csvc_kpi_model_new(None, cv.text(version, "version"), byref(handle))
        self._adopt(handle)

    def _adopt(self, handle):
        self._handle = handle
        self._lock = threading.RLock()
        self._finalizer = weakref.finalize(self, lib.csvc_kpi_model_free, handle)

    @classmethod
    def _new(cls, handle):
        model = cls.__new__(cls)
        model._adopt(handle)
        return model

    @classmethod
    def from_json(cls, source: cv.Source) -> "KpiModel":
        """Loads a model document from a path or an open file.
        csvc.ParseError for malformed JSON (with its line and column), a
        wrong type, an unknown or missing field, the message naming the JSON
        path ("kpis[3].weight: expected a number"); csvc.FileNotFound for a
        missing path, csvc.IOFailure when the file cannot be read; the
        statuses of :meth:`add_kpi` / :meth:`set_group` for bad values."""
        def from_path(raw, options):
            handle = kpi_model_p()
            lib.csvc_kpi_model_load_json(raw, None, byref(handle))
            return cls._new(handle)
        return cv.import_source(source, from_path, lambda data, options: cls.from_json_text(data))

    @classmethod
    def from_json_text(cls, text: Union[str, bytes]) -> "KpiModel":
        """As :meth:`from_json` from a string (or bytes)."""
        data = cv.data(text)
        handle = kpi_model_p()
        lib.csvc_kpi_model_load_json_buffer(data, len(data), None, byref(handle))
        return cls._new(handle)

    @classmethod
    def _copy_of(cls, model_p):
        return cls.from_json_text(_model_json(model_p))

    # -- lifetime: close() frees the model (reviews keep their own copies)

    def __repr__(self):
        if self._handle is None:
            return "<csvc.KpiModel closed>"
        return "<csvc.KpiModel %r, %d KPIs>" % (self.version, len(self))

    def copy(self) -> "KpiModel":
        """An independent copy (through the JSON document)."""
        with self._lock:
            return KpiModel._copy_of(self._h())

    # -- settings

    @property
    def version(self) -> str:
        with self._lock:
            return cv.decode(lib.csvc_kpi_model_version(self._h()))

    def group(self, group: Union[RaterGroup, str, int]) -> GroupConfig:
        """The model-wide settings of a rater group ("peer", RaterGroup.PEER)."""
        out = csvc_rater_group_config()
        lib.csvc_rater_group_config_init(byref(out))
        out.version = CSVC_RATER_GROUP_CONFIG_VERSION
        raw = _group(group)
        with self._lock:
            lib.csvc_kpi_model_get_group(self._h(), raw, byref(out))
        return _group_config_out(out)

    @property
    def groups(self) -> Dict[str, GroupConfig]:
        """Every rater group's settings, by name, in group order."""
        with self._lock:
            return {str(g): self.group(g) for g in RaterGroup}

    def set_group(self, group: Union[RaterGroup, str, int], *, weight: float = _KEEP,
                  aggregation: Union[Aggregation, str, int] = _KEEP, min_count: int = _KEEP,
                  anonymity: int = _KEEP, missing: Union[MissingPolicy, str, int] = _KEEP) -> None:
        """Changes the given settings of a rater group; the others keep
        their values. ``aggregation``: "mean", "median", "trimmed_mean";
        ``missing``: "renormalise", "zero", "incomplete". csvc.RangeError
        (negative weight, min_count or anonymity < 1), csvc.InvalidArgument,
        csvc.ConstraintError (a rated KPI would be left with no group of
        positive weight)."""
        raw = _group(group)
        with self._lock:
            c = csvc_rater_group_config()
            lib.csvc_rater_group_config_init(byref(c))
            c.version = CSVC_RATER_GROUP_CONFIG_VERSION
            lib.csvc_kpi_model_get_group(self._h(), raw, byref(c))
            if weight is not _KEEP:
                c.weight = _real(weight, "weight")
            if aggregation is not _KEEP:
                c.aggregation = _choice(aggregation, "aggregation", Aggregation)
            if min_count is not _KEEP:
                c.min_count = cv.integer(min_count, "min_count", cv.INT32)
            if anonymity is not _KEEP:
                c.anonymity = cv.integer(anonymity, "anonymity", cv.INT32)
            if missing is not _KEEP:
                c.missing = _choice(missing, "missing", MissingPolicy,
                                    {"renormalize": MissingPolicy.RENORMALISE})
            lib.csvc_kpi_model_set_group(self._h(), raw, byref(c))

    @property
    def grading(self) -> Grading:
        out = csvc_kpi_grading()
        lib.csvc_kpi_grading_init(byref(out))
        out.version = CSVC_KPI_GRADING_VERSION
        with self._lock:
            lib.csvc_kpi_model_get_grading(self._h(), byref(out))
        return _grading_out(out)

    def set_grading(self, *, scheme: Union[GradeScheme, str, int] = _KEEP,
                    thresholds: Sequence[float] = _KEEP, forced: bool = _KEEP,
                    shares: Sequence[float] = _KEEP) -> None:
        """Changes the given grading rules; the others keep their values.
        ``scheme``: "letters" (S, A, B, C, D) or "stars" ("5" .. "1");
        ``thresholds``: the minimum composites of grades 5, 4, 3, 2,
        strictly descending in 0..100; ``forced``: grade by ``shares``
        (5 percentages, best grade first, summing to 100) instead."""
        with self._lock:
            c = csvc_kpi_grading()
            lib.csvc_kpi_grading_init(byref(c))
            c.version = CSVC_KPI_GRADING_VERSION
            lib.csvc_kpi_model_get_grading(self._h(), byref(c))
            if scheme is not _KEEP:
                c.scheme = _choice(scheme, "scheme", GradeScheme)
            if thresholds is not _KEEP:
                values = [_real(v, "thresholds[%d]" % i) for i, v in enumerate(thresholds)]
                if len(values) != 4:
                    raise errors.InvalidArgument(
                        -1, "thresholds: expected 4 values (grades 5..2), got %d" % len(values))
                c.thresholds[:] = values
            if forced is not _KEEP:
                if not isinstance(forced, bool):
                    raise TypeError("forced: expected a bool")
                c.forced = int(forced)
            if shares is not _KEEP:
                values = [_real(v, "shares[%d]" % i) for i, v in enumerate(shares)]
                if len(values) != 5:
                    raise errors.InvalidArgument(
                        -1, "shares: expected 5 values (grades 5..1), got %d" % len(values))
                c.shares[:] = values
            lib.csvc_kpi_model_set_grading(self._h(), byref(c))

    @property
    def calibration(self) -> bool:
        """Per-rater calibration (z-scores per rater, see kpi.h)."""
        with self._lock:
            return bool(lib.csvc_kpi_model_calibration(self._h()))

    @calibration.setter
    def calibration(self, enabled: bool) -> None:
        if not isinstance(enabled, bool):
            raise TypeError("calibration: expected a bool")
        with self._lock:
            lib.csvc_kpi_model_set_calibration(self._h(), int(enabled))

    @property
    def fold_hidden(self) -> bool:
        """Whether rater groups below their anonymity threshold count in
        scores. Off (the default), a hidden group is treated as missing, so
        no released number depends on it; on, its mean enters the KPI
        score, from which it can be recovered (see kpi.h)."""
        with self._lock:
            return bool(lib.csvc_kpi_model_fold_hidden(self._h()))

    @fold_hidden.setter
    def fold_hidden(self, enabled: bool) -> None:
        if not isinstance(enabled, bool):
            raise TypeError("fold_hidden: expected a bool")
        with self._lock:
            lib.csvc_kpi_model_set_fold_hidden(self._h(), int(enabled))

    # -- KPIs

    def add_kpi(self, id: str, name: Optional[str] = None,
                dimension: Union[Dimension, str, int] = "quality", weight: float = 1.0,
                source: Union[Source, str, int] = "objective", metric: Optional[str] = None,
                direction: Union[Direction, str, int, None] = None,
                normalise: Union[Normalise, str, int, None] = None, floor: Optional[float] = None,
                target: Optional[float] = None,
                bands: Optional[Sequence[Tuple[float, float]]] = None,
                scale: Union[Scale, int, None] = None,
                group_weights: Optional[Mapping] = None) -> None:
        """Appends a KPI.

        Objective KPIs (``source="objective"``) take ``metric`` (a name of
        :func:`metric_names`; None: values come from
        :meth:`Review.set_objective`), ``direction`` ("higher", the
        default, or "lower") and a normalisation: ``floor`` and ``target``
        (linear, the default: 0 and 100) or ``bands``, a sequence of
        ``(threshold, points)`` pairs with ascending thresholds
        (``normalise`` defaults to "bands" when bands are given).

        Rated KPIs (``source="rated"``) take ``scale`` ("1-5", the default,
        or "0-100") and ``group_weights``, a mapping of group name to a
        weight >= 0 overriding the model-wide weight for this KPI (0
        excludes the group; None keeps the model-wide one).

        An argument that does not apply to the source is
        csvc.InvalidArgument (a setting is never dropped silently). The
        library's checks follow: csvc.AlreadyExists, csvc.RangeError
        ("kpi 'csat': weight: must be positive (got 0)"), csvc.NotFound
        (unknown metric), csvc.ConstraintError (no group of positive
        weight)."""
        raw_id = cv.text(id, "id")
        raw_source = _choice(source, "source", Source)
        label = "kpi %r" % (id,)
        given = {"metric": metric, "direction": direction, "normalise": normalise,
                 "floor": floor, "target": target, "bands": bands}
        if raw_source == Source.RATED:
            wrong = [k for k, v in given.items() if v is not None]
            kind = "objective"
        else:
            wrong = [k for k, v in (("scale", scale), ("group_weights", group_weights))
                     if v is not None]
            kind = "rated"
        if wrong:
            raise errors.InvalidArgument(-1, "%s: %s: applies to %s KPIs only" % (
                label, ", ".join(wrong), kind))
        c = csvc_kpi_def()
        lib.csvc_kpi_def_init(byref(c))
        c.version = CSVC_KPI_DEF_VERSION
        c.id = raw_id
        c.name = cv.optional_text(name, "name")
        c.dimension = _dimension(dimension)
        c.weight = _real(weight, "weight")
        c.source = raw_source
        keep = []  # arrays referenced by the struct during the call
        if raw_source == Source.RATED:
            if scale is not None:
                c.scale = _choice(scale, "scale", Scale,
                                  {"1_5": Scale.ONE_TO_FIVE, "0_100": Scale.ZERO_TO_HUNDRED})
            for key, value in (group_weights or {}).items():
                g = _group(key, "group_weights")
                if not 0 <= g < len(c.group_weights):
                    raise errors.InvalidArgument(
                        -1, "%s: group_weights: unknown rater group %r" % (label, key))
                c.group_weights[g] = -1.0 if value is None else _real(
                    value, "group_weights[%r]" % (key,))
        else:
            c.metric = cv.optional_text(metric, "metric")
            if direction is not None:
                c.direction = _choice(direction, "direction", Direction,
                                      {"higher_is_better": Direction.HIGHER,
                                       "lower_is_better": Direction.LOWER})
            if normalise is None:
                normalise = Normalise.BANDS if bands is not None else Normalise.LINEAR
            c.normalise = _choice(normalise, "normalise", Normalise)
            if c.normalise == Normalise.BANDS:
                if floor is not None or target is not None:
                    raise errors.InvalidArgument(
                        -1, "%s: floor, target: apply to linear normalisation only" % label)
                if bands is None:
                    raise errors.NullPointer(
                        -2, "%s: normalise.bands: required for banded normalisation" % label)
                pairs = []
                for i, band in enumerate(bands):
                    try:
                        threshold, points = band
                    except (TypeError, ValueError):
                        raise TypeError("bands[%d]: expected (threshold, points), got %r"
                                        % (i, band)) from None
                    pairs.append((_real(threshold, "bands[%d].threshold" % i),
                                  _real(points, "bands[%d].points" % i)))
                array = (csvc_kpi_band * max(len(pairs), 1))()
                for i, (threshold, points) in enumerate(pairs):
                    array[i].threshold, array[i].points = threshold, points
                keep.append(array)
                c.bands = array
                c.band_count = cv.integer(len(pairs), "bands", cv.UINT32)
            else:
                if bands is not None:
                    raise errors.InvalidArgument(
                        -1, "%s: bands: apply to banded normalisation only" % label)
                if floor is not None:
                    c.floor = _real(floor, "floor")
                if target is not None:
                    c.target = _real(target, "target")
        with self._lock:
            lib.csvc_kpi_model_add_kpi(self._h(), byref(c))

    def __len__(self) -> int:
        """Number of KPIs."""
        with self._lock:
            return _kpi_count(self._h())

    @property
    def kpi_count(self) -> int:
        """Number of KPIs (``len(model)``)."""
        return len(self)

    def kpi(self, kpi: str) -> KpiDef:
        """A KPI by id (or model index); csvc.NotFound if absent."""
        with self._lock:
            handle = self._h()
            return _kpi_def_at(handle, _find_kpi(handle, kpi))

    @property
    def kpis(self) -> List[KpiDef]:
        """The KPIs in insertion order (a snapshot)."""
        with self._lock:
            return _kpi_defs(self._h())

    def __iter__(self) -> Iterator[KpiDef]:
        return iter(self.kpis)

    def __contains__(self, kpi_id) -> bool:
        if not isinstance(kpi_id, (str, bytes)):
            return False
        try:
            self.kpi(kpi_id)
        except (errors.NotFound, errors.InvalidArgument, errors.TooLong,
                errors.EncodingError, errors.NullPointer):
            return False
        return True

    def to_json(self) -> str:
        """The model as a JSON document in the load format, every field
        explicit: ``KpiModel.from_json_text(m.to_json())`` is the same
        model."""
        with self._lock:
            return _model_json(self._h())


# -- reviews -------------------------------------------------------------------


class _ReviewHandle:
    """The C review shared by a Review, its finalizer and the stores it is
    attached to. A store keeps a pointer to the review until it closes, so
    the review is freed only when it was closed (or collected) and no open
    store holds it any more."""

    def __init__(self, handle, roster):
        self.handle = handle
        self.roster = roster  # the roster must outlive the review
        self.stores = 0
        self.released = False
        self.lock = threading.Lock()

    def _free_if_unused(self):
        with self.lock:
            if self.stores or not self.released or self.handle is None:
                return
            handle, self.handle = self.handle, None
        lib.csvc_kpi_review_free(handle)

    def release(self):
        """The Review is closed or collected."""
        with self.lock:
            self.released = True
        self._free_if_unused()

    def pin(self):
        """A store attached the review; returns what it calls once closed."""
        with self.lock:
            self.stores += 1

        def unpin():
            with self.lock:
                self.stores -= 1
            self._free_if_unused()

        return unpin


def _metrics_row(c, values, what):
    """Fills csvc_metrics ``c`` from a Metrics or a mapping of its fields
    (fields not given: counts 0, rates and durations NaN). The mapping's
    keys are fields of csvc.Metrics ("first_response_median") or the KPI
    metric names ("frt_median")."""
    if isinstance(values, Metrics):
        values = {name: getattr(values, name) for name, _ in csvc_metrics._fields_[1:]}
    elif not isinstance(values, Mapping):
        raise TypeError("%s: expected a csvc.Metrics or a mapping of metric fields, got %s"
                        % (what, type(values).__name__))
    known = {name: ctype for name, ctype in csvc_metrics._fields_[1:]}
    for key, value in values.items():
        name = key
        if isinstance(name, str) and name.startswith("frt_"):
            name = "first_response_" + name[4:]
        if name not in known:
            raise errors.InvalidArgument(-1, "%s: unknown metric field %r" % (what, key))
        if known[name] is c_double:
            setattr(c, name, float("nan") if value is None else _real(value, what + "." + name))
        else:
            setattr(c, name, cv.integer(value, what + "." + name))


def _empty_metrics(c):
    c.version = CSVC_METRICS_VERSION
    for name, ctype in csvc_metrics._fields_[1:]:
        setattr(c, name, float("nan") if ctype is c_double else 0)


@c_keywords
class Review(Handle):
    """A review cycle over ``roster`` for ``period`` (``(start, end)``)
    with a private copy of ``model``; ``id`` names it (in a store, a
    review of the same id is reloaded).

    The review keeps a reference to the roster, which must stay open as
    long as the review is used, and shares its lock.

    One meaning per name:

    - :meth:`finish` ends the *review cycle* (C's csvc_kpi_review_close()):
      every later change raises csvc.ClosedError; results can still be
      computed (:attr:`finished` tells);
    - :meth:`close` frees the C handle (also at the end of a ``with``
      block, or when the review is garbage collected); :attr:`closed`
      tells, as for every other csvc object. A review attached to an open
      :class:`csvc.Store` is freed only once the store closes.
    """

    _CLOSED_MESSAGE = "review is closed (freed)"

    def __init__(self, roster: Roster, model: KpiModel, period: PeriodLike, id: str = "review"):
        if not isinstance(roster, Roster):
            raise TypeError("roster: expected a csvc.Roster, got %s" % type(roster).__name__)
        if not isinstance(model, KpiModel):
            raise TypeError("model: expected a csvc.KpiModel, got %s" % type(model).__name__)
        c_period = _period_in(period)
        options = csvc_kpi_review_options()
        lib.csvc_kpi_review_options_init(byref(options))
        options.version = CSVC_KPI_REVIEW_OPTIONS_VERSION
        options.id = cv.text(id, "id")
        handle = kpi_review_p()
        with roster._lock, model._lock:
            lib.csvc_kpi_review_new(roster._h(), model._h(), byref(c_period), byref(options),
                                    byref(handle))
        self._handle = handle
        self._roster = roster
        self._lock = roster._lock
        self._shared = _ReviewHandle(handle, roster)
        self._finalizer = weakref.finalize(self, _ReviewHandle.release, self._shared)

    # -- lifetime

    def close(self) -> None:
        """Frees the review (:meth:`finish` ends the cycle). Calling it again
        does nothing; any other use afterwards raises csvc.ClosedError.
        Results computed from it stay valid."""
        with self._lock:
            self._handle = None
            self._finalizer()

    # closed (freed: whether the review cycle ended is `finished`)
    # and the with block come from Handle.

    def _h(self):
        handle = super()._h()
        if self._roster.closed:
            raise errors.ClosedError(
                -20, "review: its roster is closed (the roster must outlive the review)")
        return handle

    def _pin(self):
        """For csvc.Store: the review is attached; returns the release
        function to call after the store is closed."""
        return self._shared.pin()

    def __repr__(self):
        if self._handle is None:
            return "<csvc.Review closed>"
        if self._roster.closed:
            return "<csvc.Review with a closed roster>"
        return "<csvc.Review %r %s, %d ratings>" % (
            self.id, "finished" if self.finished else "open", self.rating_count)

    @property
    def roster(self) -> Roster:
        return self._roster

    # -- properties

    @property
    def id(self) -> str:
        with self._lock:
            return cv.decode(lib.csvc_kpi_review_id(self._h()))

    @property
    def period(self) -> Period:
        out = csvc_period()
        with self._lock:
            lib.csvc_kpi_review_period(self._h(), byref(out))
        return Period(out.start, out.end)

    @property
    def model(self) -> KpiModel:
        """A copy of the model the review uses (its version is the one the
        review recorded)."""
        with self._lock:
            return KpiModel._copy_of(lib.csvc_kpi_review_model(self._h()))

    @property
    def model_version(self) -> str:
        with self._lock:
            return cv.decode(lib.csvc_kpi_model_version(lib.csvc_kpi_review_model(self._h())))

    @property
    def finished(self) -> bool:
        """True once :meth:`finish` ended the review cycle."""
        with self._lock:
            return bool(lib.csvc_kpi_review_is_closed(self._h()))

    @property
    def review_closed(self) -> bool:
        """Deprecated name of :attr:`finished`."""
        warnings.warn("Review.review_closed is now Review.finished", DeprecationWarning, 2)
        return self.finished

    @property
    def rating_count(self) -> int:
        """Number of ratings held (a replaced rating counts once)."""
        with self._lock:
            return int(lib.csvc_kpi_review_rating_count(self._h()))

    # -- changes

    def _change(self, func, *args):
        with self._lock:
            func(self._h(), *args)

    def rate(self, rater: str, ratee: str, kpi: str, group: Union[RaterGroup, str, int],
             value: float, time: Instant) -> None:
        """Submits (or replaces) the rating of ``ratee`` by ``rater`` on the
        rated KPI ``kpi`` in ``group`` ("self", "peer", "supervisor",
        "subordinate", "customer"), ``value`` on the KPI's scale, given at
        ``time``. One rating per (rater, ratee, KPI): a later one replaces
        the earlier. Errors: csvc.PermissionDenied (the rater rules of
        kpi.h, e.g. a peer from another team), csvc.RangeError (value off
        the scale), csvc.ClosedError (closed review), csvc.NotFound (ratee,
        KPI, agent rater), csvc.ConstraintError (an objective KPI, or a
        group of weight 0 for it), csvc.TimeError (a replacement older than
        the rating it replaces)."""
        c = csvc_kpi_rating()
        lib.csvc_kpi_rating_init(byref(c))
        c.version = CSVC_KPI_RATING_VERSION
        c.rater_id = cv.text(rater, "rater")
        c.ratee_id = cv.text(ratee, "ratee")
        c.kpi_id = cv.text(kpi, "kpi")
        c.group = _group(group)
        c.value = _real(value, "value")
        c.time = to_time(time)
        self._change(lib.csvc_kpi_review_rate, byref(c))

    def import_ratings_csv(self, source: cv.Source, *, encoding: Optional[str] = None,
                           utc_offset: Optional[Duration] = None,
                          time_zone: Optional[Union[str, "TimeZone"]] = None) -> None:
        """Imports ratings from CSV (columns rater, ratee, kpi, group, value,
        time) from a path or an open file, all or nothing; errors name the
        line and column (also as ``line`` and ``column``). ``encoding``
        names the file's (default UTF-8); times without an offset are read
        at ``utc_offset`` or in ``time_zone`` (default UTC)."""
        cv.import_source(
            source,
            lambda raw, o: self._change(lib.csvc_kpi_review_import_ratings_csv_opts, raw, o),
            lambda data, o: self._change(lib.csvc_kpi_review_import_ratings_csv_buffer_opts,
                                         data, len(data), o),
            options=cv.import_options(encoding, utc_offset, time_zone))

    def import_ratings_csv_text(self, text: Union[str, bytes], *, encoding: Optional[str] = None,
                                utc_offset: Optional[Duration] = None,
                          time_zone: Optional[Union[str, "TimeZone"]] = None) -> None:
        """As :meth:`import_ratings_csv` from a string (or bytes, in
        ``encoding``)."""
        data = cv.data(text)
        options = cv.import_options(encoding, utc_offset, time_zone)(
            drop_encoding=isinstance(text, str))
        self._change(lib.csvc_kpi_review_import_ratings_csv_buffer_opts, data, len(data), options)

    def set_objective(self, agent: str, kpi: str, value: Optional[float]) -> None:
        """Supplies the value of objective KPI ``kpi`` for ``agent``; None
        (or NaN) clears it. For a KPI bound to a metric a later
        :meth:`set_metrics` / :meth:`load_desk` overwrites it.
        csvc.NotFound, csvc.ConstraintError (a rated KPI), csvc.RangeError
        (infinite), csvc.ClosedError."""
        raw = float("nan") if value is None else _real(value, "value")
        self._change(lib.csvc_kpi_review_set_objective, cv.text(agent, "agent"),
                     cv.text(kpi, "kpi"), raw)

    def set_metrics(self, metrics: Mapping[str, Union[Metrics, Mapping]]) -> None:
        """Takes the value of every metric-bound KPI of every agent from
        ``metrics``: agent id -> :class:`csvc.Metrics` (as
        :meth:`csvc.Desk.metrics_all_agents` returns) or a mapping of some
        of its fields, by field or KPI metric name ({"csat": 0.9,
        "frt_median": 1800}). Agents left out have no values
        (counts 0, rates NaN). KPIs supplied by the caller keep their
        values. csvc.NotFound for an agent not in the roster."""
        if not isinstance(metrics, Mapping):
            raise TypeError("metrics: expected a mapping of agent id to csvc.Metrics")
        with self._lock:
            handle = self._h()
            roster = self._roster._h()
            n = lib.csvc_roster_agent_count(roster)
            rows = (csvc_metrics * max(n, 1))()  # never a NULL array
            index = {}
            info = csvc_agent_info()
            for i in range(n):
                _empty_metrics(rows[i])
                lib.csvc_agent_info_init(byref(info))
                lib.csvc_roster_agent_at(roster, i, byref(info))
                index[cv.decode(info.id)] = i
            for agent, values in metrics.items():
                key = cv.decode(agent) if isinstance(agent, bytes) else agent
                if key not in index:
                    raise errors.NotFound(-4, "metrics: agent %r is not in the roster" % (agent,))
                _metrics_row(rows[index[key]], values, "metrics[%r]" % (key,))
            lib.csvc_kpi_review_set_metrics(handle, rows, n)

    def load_desk(self, desk: Desk) -> None:
        """:meth:`set_metrics` with the desk's per-agent metrics over the
        review's period. The desk must work on the review's roster
        (csvc.InvalidArgument)."""
        if not isinstance(desk, Desk):
            raise TypeError("desk: expected a csvc.Desk, got %s" % type(desk).__name__)
        with self._lock, desk._lock:
            lib.csvc_kpi_review_load_desk(self._h(), desk._h())

    def finish(self) -> None:
        """Ends the review cycle (csvc_kpi_review_close()): every later
        change raises csvc.ClosedError (so does finishing it again);
        :meth:`compute` still works. Not :meth:`close`, which frees the
        review."""
        self._change(lib.csvc_kpi_review_close)

    def close_review(self) -> None:
        """Deprecated name of :meth:`finish`."""
        warnings.warn("Review.close_review() is now Review.finish()", DeprecationWarning, 2)
        self.finish()

    # -- results

    def compute(self) -> "Results":
        """Computes every result in one pass into an independent
        :class:`Results` (the review is not modified)."""
        out = kpi_results_p()
        with self._lock:
            lib.csvc_kpi_review_compute(self._h(), byref(out))
        return Results._new(out)


# -- results -------------------------------------------------------------------

_DIMENSION_NAMES = tuple(str(d) for d in Dimension)
_SUMMARY_COLUMNS = ("team_id", "composite", "grade", "grade_label", "rank_team", "rank_desk",
                    "percentile_team", "percentile_desk", "team_size", "desk_size") + \
    _DIMENSION_NAMES + ("flags",)
_DETAIL_COLUMNS = ("team_id", "dimension", "source", "raw", "score", "weight", "weight_share",
                   "contribution", "flags")


def _nan(value):
    return float("nan") if value is None else value


@c_keywords
class Results(Handle):
    """Immutable results of a review: one :class:`AgentResult` per active
    agent of the roster at compute time, in roster order.

    ``len(results)``, iteration, ``results.agent("A201")``,
    ``results[i]`` and ``"A201" in results`` give the summaries;
    :meth:`kpis` explains an agent's composite KPI by KPI and
    :meth:`groups` a rated KPI rater group by rater group (a group below
    its anonymity threshold with its count only). :meth:`to_csv`,
    :meth:`to_json` and :meth:`to_pandas` export them.

    The results free their C handle on :meth:`close`, at the end of a
    ``with`` block, or when garbage collected; they do not refer to the
    review they came from.
    """

    _CLOSED_MESSAGE = "kpi results are closed"

    def __init__(self):
        raise TypeError("Results come from Review.compute()")

    @classmethod
    def _new(cls, handle):
        self = cls.__new__(cls)
        self._handle = handle
        self._lock = threading.RLock()
        self._finalizer = weakref.finalize(self, lib.csvc_kpi_results_free, handle)
        try:
            self._kpis = _kpi_defs(lib.csvc_kpi_results_model(handle))
        except BaseException:
            self.close()
            raise
        return self

    # -- lifetime


    def __repr__(self):
        if self._handle is None:
            return "<csvc.Results closed>"
        return "<csvc.Results %d agents, %d KPIs>" % (len(self), len(self._kpis))

    # -- the model

    @property
    def kpi_defs(self) -> List[KpiDef]:
        """The KPIs of the model the results were computed with."""
        return list(self._kpis)

    @property
    def model(self) -> KpiModel:
        """A copy of the model the results were computed with."""
        with self._lock:
            return KpiModel._copy_of(lib.csvc_kpi_results_model(self._h()))

    # -- agents

    def __len__(self) -> int:
        """Number of agents with results (the active agents)."""
        with self._lock:
            return int(lib.csvc_kpi_results_agent_count(self._h()))

    @property
    def agent_count(self) -> int:
        """Number of agents with results (``len(results)``)."""
        return len(self)

    def _agent_index(self, agent):
        if isinstance(agent, AgentResult):
            agent = agent.agent
        if isinstance(agent, (str, bytes)):
            out = c_size_t()
            lib.csvc_kpi_results_find_agent(self._h(), cv.text(agent, "agent"), byref(out))
            return out.value
        index = cv.integer(agent, "agent", cv.INT64)
        count = len(self)
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise errors.RangeError(-15, "agent: index %d out of range (%d agents)"
                                    % (index, count))
        return index

    def _agent_at(self, index):
        c = csvc_kpi_agent_result()
        c.version = CSVC_KPI_AGENT_RESULT_VERSION
        lib.csvc_kpi_results_agent(self._h(), index, byref(c))
        has = not math.isnan(c.composite)
        return AgentResult(
            agent=cv.decode(c.agent_id),
            team=cv.decode(c.team_id),
            composite=_optional(c.composite),
            dimensions={name: _optional(c.dimensions[i])
                        for i, name in enumerate(_DIMENSION_NAMES)},
            grade=c.grade or None,
            grade_label=cv.decode(c.grade_label) or None,
            rank_team=c.rank_team or None,
            rank_desk=c.rank_desk or None,
            percentile_team=_optional(c.percentile_team) if has else None,
            percentile_desk=_optional(c.percentile_desk) if has else None,
            team_size=c.team_size,
            desk_size=c.desk_size,
            flags=_flags(c.flags),
        )

    def agent(self, agent: str) -> AgentResult:
        """The summary of an agent (by id, or index in roster order);
        csvc.NotFound when it has no results (unknown or inactive)."""
        with self._lock:
            return self._agent_at(self._agent_index(agent))

    def __getitem__(self, agent) -> AgentResult:
        return self.agent(agent)

    def __iter__(self) -> Iterator[AgentResult]:
        with self._lock:
            cards = [self._agent_at(i) for i in range(len(self))]
        return iter(cards)

    def __contains__(self, agent) -> bool:
        if not isinstance(agent, (str, bytes)):
            return False
        try:
            self.agent(agent)
        except (errors.NotFound, errors.InvalidArgument, errors.TooLong,
                errors.EncodingError, errors.NullPointer):
            return False
        return True

    # -- explanations

    def _kpi_at(self, a, k):
        c = csvc_kpi_result()
        c.version = CSVC_KPI_RESULT_VERSION
        lib.csvc_kpi_results_kpi(self._h(), a, k, byref(c))
        d = self._kpis[k]
        return KpiExplanation(kpi=cv.decode(c.kpi_id), name=d.name, dimension=d.dimension,
                              source=d.source, raw=_optional(c.raw), score=_optional(c.score),
                              weight=c.weight, weight_share=c.weight_share,
                              contribution=c.contribution, flags=_flags(c.flags))

    def kpis(self, agent: str) -> List[KpiExplanation]:
        """Every KPI of ``agent`` (an id), in model order: raw value,
        score, weight, weight share and contribution."""
        with self._lock:
            a = self._agent_index(agent)
            return [self._kpi_at(a, k) for k in range(len(self._kpis))]

    def kpi(self, agent: str, kpi: str) -> KpiExplanation:
        """One KPI (an id) of ``agent``."""
        with self._lock:
            handle = self._h()
            return self._kpi_at(self._agent_index(agent),
                                _find_kpi(lib.csvc_kpi_results_model(handle), kpi))

    def groups(self, agent: str, kpi: str) -> List[GroupExplanation]:
        """The five rater groups of the rated KPI ``kpi`` of ``agent``, in
        group order (self, peer, supervisor, subordinate, customer),
        excluded groups included (flag EXCLUDED). An objective KPI has no
        rater groups: []."""
        with self._lock:
            handle = self._h()
            a = self._agent_index(agent)
            k = _find_kpi(lib.csvc_kpi_results_model(handle), kpi)
            if self._kpis[k].source != Source.RATED:
                return []
            found = []
            for g in RaterGroup:
                c = csvc_kpi_group_result()
                c.version = CSVC_KPI_GROUP_RESULT_VERSION
                lib.csvc_kpi_results_group(handle, a, k, int(g), byref(c))
                hidden = bool(c.flags & KpiFlag.HIDDEN)
                found.append(GroupExplanation(
                    group=g, count=c.count,
                    aggregate=None if hidden else _optional(c.aggregate),
                    weight=c.weight, weight_used=c.weight_used, flags=_flags(c.flags)))
            return found

    # -- exports

    def to_csv(self, detail: bool = False) -> str:
        """The scorecards as CSV (see kpi.h): one row per agent, or with
        ``detail`` one row per agent and KPI with the rater groups'
        columns. Hidden aggregates are empty."""
        if not isinstance(detail, bool):
            raise TypeError("detail: expected a bool")
        with self._lock:
            return cv.buffer_text(lib.csvc_kpi_results_export_csv_buffer, self._h(), int(detail))

    def export_csv(self, path: Path, detail: bool = False) -> None:
        """As :meth:`to_csv` into a file (csvc.IOFailure, csvc.PermissionDenied)."""
        if not isinstance(detail, bool):
            raise TypeError("detail: expected a bool")
        with self._lock:
            lib.csvc_kpi_results_export_csv(self._h(), int(detail), cv.path(path))

    def to_json(self) -> str:
        """The scorecards as one JSON document (see kpi.h): review, model
        version, period and per agent the summary, KPIs and rater groups
        (NaN and hidden aggregates are null)."""
        with self._lock:
            return cv.buffer_text(lib.csvc_kpi_results_export_json_buffer, self._h())

    def export_json(self, path: Path) -> None:
        """As :meth:`to_json` into a file."""
        with self._lock:
            lib.csvc_kpi_results_export_json(self._h(), cv.path(path))

    def to_pandas(self, detail: bool = False):
        """The results as a pandas DataFrame: one row per agent (index
        ``agent_id``; columns team_id, composite, grade, grade_label,
        ranks, percentiles, scope sizes, the five dimension subtotals and
        flags), or with ``detail`` one row per agent and KPI (index
        ``(agent_id, kpi_id)``). Missing values are NaN; flags are names
        joined by ';' as in the CSV export."""
        try:
            import pandas
        except ImportError as exc:
            raise ImportError("Results.to_pandas() needs pandas, which is not installed; "
                              "use Results.to_csv(), Results.to_json() or iterate the "
                              "Results") from exc
        with self._lock:
            cards = list(self)
            if not detail:
                rows = []
                for r in cards:
                    rows.append([r.team, _nan(r.composite), _nan(r.grade), r.grade_label,
                                 _nan(r.rank_team), _nan(r.rank_desk),
                                 _nan(r.percentile_team), _nan(r.percentile_desk),
                                 r.team_size, r.desk_size]
                                + [_nan(r.dimensions[d]) for d in _DIMENSION_NAMES]
                                + [";".join(KpiFlag(r.flags).names)])
                index = pandas.Index([r.agent for r in cards], name="agent_id")
                return pandas.DataFrame(rows, columns=list(_SUMMARY_COLUMNS), index=index)
            rows, keys = [], []
            for r in cards:
                for k in self.kpis(r.agent):
                    keys.append((r.agent, k.kpi))
                    rows.append([r.team, str(k.dimension), str(k.source), _nan(k.raw),
                                 _nan(k.score), k.weight, k.weight_share, k.contribution,
                                 ";".join(KpiFlag(k.flags).names)])
        index = pandas.MultiIndex.from_tuples(keys, names=["agent_id", "kpi_id"])
        return pandas.DataFrame(rows, columns=list(_DETAIL_COLUMNS), index=index)
