"""Org KPIs: how many unions of a subtree hold a designation (示范工会, 模范职工之家) won in the period."""

from django.apps import apps

from gonghui.metrics.registry import grouped, metric
from gonghui.metrics.snapshots import sum_by_union


def _designations(start, end):
    # Designations are recorded by the assessment (reports); looked up by label so orgs, which every
    # app depends on, does not import reports at load time.
    return apps.get_model("reports", "Designation").objects.in_period(start, end)


@metric(
    key="orgs.model_unions",
    label="示范工会（模范职工之家）数",
    unit="家",
    description="期间内经考核授予示范工会、模范职工之家等称号的基层工会家数（一家多个称号计一家）",
)
def model_unions(orgs, start, end):
    return _designations(start, end).filter(org__in=orgs).values("org").distinct().count(), None


@grouped("orgs.model_unions")
def model_unions_by_union(unions, start, end):
    # One row per designated org (distinct), so a unit's sum is its number of designated orgs.
    paths = _designations(start, end).order_by().values_list("org__path", flat=True).distinct()
    return sum_by_union(((path, 1, None) for path in paths), unions)
