"""Reports' KPI: how much of the work marked done left a trace (a linked record or an uploaded file).

Items done with a written 「无需留痕的原因」 count as done but not traced; items done before proof was
required (no proof at all) the same. A sum over items, so a federation's figure adds up its unions'."""

from django.db.models import Count, Exists, OuterRef

from gonghui.metrics.registry import grouped, metric
from gonghui.metrics.snapshots import sum_by_union
from gonghui.plans.models import Evidence, ItemStatus, ScheduleItem


def _done_items(start, end):
    """Done items of the year's confirmed plans due by `end`."""
    return (
        ScheduleItem.objects.in_confirmed_plans()
        .of_year(end.year)
        .filter(status=ItemStatus.DONE, due_month__lte=end.month)
    )


def _counts():
    # Exists() straight in the aggregate's filter: an annotated Exists filtered as Q(traced=True)
    # counted nothing on SQLite.
    traced = Exists(Evidence.objects.filter(item=OuterRef("pk")).exclude(object_id="", file=""))
    return {"done": Count("pk"), "traced": Count("pk", filter=traced)}


@metric(
    key="reports.done_traced_rate",
    label="完成事项留痕率",
    unit="%",
    higher_is_better=True,
    description="已完成的计划事项中，关联了记录或上传了材料的比例（写明无需留痕原因的不计为留痕）",
)
def done_traced_rate(orgs, start, end):
    counts = _done_items(start, end).filter(org__in=orgs).aggregate(**_counts())
    return counts["traced"], counts["done"]


@grouped("reports.done_traced_rate")
def done_traced_rate_by_union(unions, start, end):
    rows = (
        _done_items(start, end)
        .values("org__path")
        .annotate(**_counts())
        .values_list("org__path", "traced", "done")
    )
    return sum_by_union(rows, unions)
