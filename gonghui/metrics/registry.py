"""The metric registry: metrics are code, targets are data.

Each app's metrics.py registers its KPIs with `@metric(...)`. A metric function takes the
subtree's orgs and a period and returns (numerator, denominator); a count returns (value, None).
A denominator of 0 means "no data", which the screens show as such, never as 0%.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

_REGISTRY: dict[str, "Metric"] = {}
# Optional fast paths for the snapshot task: key -> f(unions, start, end) -> {union_id: (numerator, denominator)}.
_GROUPED: dict[str, Callable] = {}


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str
    higher_is_better: bool
    compute: Callable
    description: str = ""

    @property
    def is_rate(self):
        return self.unit == "%"


@dataclass(frozen=True)
class MetricValue:
    metric: Metric
    numerator: float | None
    denominator: float | None

    @property
    def has_data(self) -> bool:
        if self.metric.is_rate:
            return bool(self.denominator)
        return self.numerator is not None

    @property
    def value(self) -> float | None:
        if not self.has_data:
            return None
        if self.metric.is_rate:
            return round(float(self.numerator) * 100 / float(self.denominator), 1)
        return float(self.numerator) if isinstance(self.numerator, Decimal) else self.numerator

    def display(self) -> str:
        if not self.has_data:
            return "无数据"
        return f"{self.value:g}{self.metric.unit}"


def metric(*, key: str, label: str, unit: str, higher_is_better: bool = True, description: str = ""):
    def register(function):
        if key in _REGISTRY and _REGISTRY[key].compute.__qualname__ != function.__qualname__:
            raise ValueError(f"metric {key} registered twice")
        _REGISTRY[key] = Metric(key, label, unit, higher_is_better, function, description)
        return function

    return register


def grouped(key: str):
    """Register a one-query-for-all-unions version of metric `key`, used by the snapshot task.

    The function gets `unions` (a list of (id, path) of every unit: each union, and each federation
    for the rows it holds itself) and the period, and returns {unit_id: (numerator, denominator)}
    with each row counted in the unit it belongs to: group the rows by org path and pass them to
    snapshots.sum_by_union, which finds the unit. Units left out get the metric's empty value.
    It must give exactly what the metric gives for the unit's orgs (test_fast_paths checks every key).
    Without it the task calls the metric once per unit, which is correct but slow for thousands of unions.
    """

    def register(function):
        _GROUPED[key] = function
        return function

    return register


def grouped_for(key: str) -> Callable | None:
    return _GROUPED.get(key)


def get(key: str) -> Metric | None:
    return _REGISTRY.get(key)


def all_metrics() -> list[Metric]:
    return sorted(_REGISTRY.values(), key=lambda m: m.key)


def compute(key: str, org, start: date, end: date) -> MetricValue:
    """The metric over `org`'s subtree for the period [start, end]."""
    found = _REGISTRY[key]
    numerator, denominator = found.compute(org.subtree(), start, end)
    return MetricValue(found, numerator, denominator)
