"""The federation dashboard: its unions × metrics from precomputed snapshots, never from raw rows."""

from dataclasses import dataclass
from datetime import date

from django.db.models import F, FilteredRelation, FloatField, Q
from django.db.models.functions import Cast, NullIf

from gonghui.metrics import registry
from gonghui.metrics.models import MetricSnapshot
from gonghui.orgs.models import Org, OrgKind
from gonghui.plans.models import Plan

TREND_COLOURS = ["#206bc4", "#2fb344", "#f76707", "#ae3ec9", "#d63939", "#17a2b8"]


@dataclass
class Column:
    key: str
    label: str
    unit: str
    goal: object = None  # the federation's own Target for this metric, if its plan sets one


@dataclass
class Cell:
    value: float | None
    colour: str = ""

    def display(self, unit):
        return "无数据" if self.value is None else f"{self.value:g}{unit}"


def columns_for(fed, year) -> list[Column]:
    plan = Plan.objects.current_for(fed, year)
    goals = {t.metric_key: t for t in plan.targets.with_metric()} if plan else {}
    # Rates compare across unions of any size; counts only where the federation set a goal for them.
    return [
        Column(m.key, m.label, m.unit, goals.get(m.key))
        for m in registry.all_metrics()
        if m.is_rate or m.key in goals
    ]


def latest_month(fed, year) -> date | None:
    return (
        MetricSnapshot.objects.filter(org=fed, month__year=year)
        .order_by("-month")
        .values_list("month", flat=True)
    ).first()


def _value(numerator, denominator, unit):
    if unit == "%":
        return round(numerator * 100 / denominator, 1) if denominator else None
    return numerator


def colour(column: Column, value) -> str:
    """Attainment against the federation's goal: met, within 80% of it, or short."""
    if value is None:
        return "secondary"
    goal = column.goal
    if goal is None:
        return ""
    if goal.met_by(value):
        return "success"
    low = float(goal.value)
    if goal.comparator in (">=", "in") and value < low:
        near = value >= low * 0.8
    else:  # over a cap, or over the top of a range (3-5项)
        top = float(goal.value_max) if goal.comparator == "in" and goal.value_max is not None else low
        near = value <= top * 1.2
    return "warning" if near else "danger"


def unions_table(fed, *, month, sort="name", descending=False, q="", unit_type="", below=False, columns=()):
    """Unions of the federation's subtree, filtered and sorted; sorting by a metric is one LEFT JOIN."""
    unions = Org.objects.filter(path__startswith=fed.path, kind=OrgKind.UNION)
    if q:
        unions = unions.filter(Q(name__contains=q) | Q(code__contains=q))
    if unit_type:
        unions = unions.filter(unit_type=unit_type)
    keys = {c.key: c for c in columns}
    if sort in keys and month:
        unions = unions.annotate(
            s=FilteredRelation("snapshots", condition=Q(snapshots__metric_key=sort, snapshots__month=month))
        )
        if keys[sort].unit == "%":
            value = Cast(F("s__numerator"), FloatField()) * 100.0 / NullIf(F("s__denominator"), 0.0)
        else:
            value = F("s__numerator")
        unions = unions.annotate(sort_value=value)
        goal = keys[sort].goal
        if below and goal is not None and goal.comparator == "in" and goal.value_max is not None:
            unions = unions.filter(Q(sort_value__lt=goal.value) | Q(sort_value__gt=goal.value_max))
        elif below and goal is not None:
            condition = {">=": "sort_value__lt", "<=": "sort_value__gt"}.get(goal.comparator)
            unions = (
                unions.filter(**{condition: goal.value})
                if condition
                else unions.exclude(sort_value=goal.value)
            )
        order = F("sort_value").desc(nulls_last=True) if descending else F("sort_value").asc(nulls_last=True)
        return unions.order_by(order, "name")
    return unions.order_by("-name" if descending else "name", "pk")


def pivot(org_ids, *, month, columns) -> dict[int, dict[str, Cell]]:
    """{org_id: {key: Cell}} for a page of orgs: one query over the snapshot table."""
    units = {c.key: c for c in columns}
    found: dict[int, dict[str, Cell]] = {pk: {} for pk in org_ids}
    rows = MetricSnapshot.objects.filter(org_id__in=org_ids, month=month, metric_key__in=units).values_list(
        "org_id", "metric_key", "numerator", "denominator"
    )
    for org_id, key, numerator, denominator in rows:
        value = _value(numerator, denominator, units[key].unit)
        found[org_id][key] = Cell(value, colour(units[key], value))
    for cells in found.values():
        for key, column in units.items():
            cells.setdefault(key, Cell(None, "secondary" if column.goal else ""))
    return found


def trend_chart(org, *, year, columns) -> dict:
    """ECharts options: each rate metric's year-to-date value by month for the org's whole subtree."""
    rates = [c for c in columns if c.unit == "%"]
    rows = MetricSnapshot.objects.filter(
        org=org, month__year=year, metric_key__in=[c.key for c in rates]
    ).values_list("metric_key", "month", "numerator", "denominator")
    series = {c.key: [None] * 12 for c in rates}
    for key, month, numerator, denominator in rows:
        series[key][month.month - 1] = _value(numerator, denominator, "%")
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 35, "right": 10, "bottom": 25, "top": 35},
        "xAxis": {"type": "category", "data": [f"{m}月" for m in range(1, 13)]},
        "yAxis": {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}},
        "series": [
            {
                "name": c.label,
                "type": "line",
                # A month without a snapshot (or without data) is a gap in the line: never a 0, never bridged.
                "connectNulls": False,
                "data": series[c.key],
                "itemStyle": {"color": TREND_COLOURS[i % len(TREND_COLOURS)]},
            }
            for i, c in enumerate(rates)
        ],
    }
