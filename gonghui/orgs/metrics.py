"""Org KPIs: how many unions of a subtree hold a designation (示范工会, 模范职工之家) won in the period."""

from django.apps import apps

from gonghui.metrics.registry import metric


@metric(
    key="orgs.model_unions",
    label="示范工会（模范职工之家）数",
    unit="家",
    description="期间内经考核授予示范工会、模范职工之家等称号的基层工会家数（一家多个称号计一家）",
)
def model_unions(orgs, start, end):
    # Designations are recorded by the assessment (reports); looked up by label so orgs, which every
    # app depends on, does not import reports at load time.
    designation = apps.get_model("reports", "Designation")
    return designation.objects.filter(org__in=orgs).in_period(start, end).values(
        "org"
    ).distinct().count(), None
