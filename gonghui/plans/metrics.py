"""The plans module's KPI: how much of what the plan promised so far has been done."""

from django.db.models import Count, Q

from gonghui.metrics.registry import grouped, metric
from gonghui.metrics.snapshots import sum_by_union
from gonghui.plans.models import ItemStatus, ScheduleItem


def _due_items(start, end):
    """Items of the year's confirmed plans that should be done by `end` (cancelled ones do not count)."""
    return (
        ScheduleItem.objects.in_confirmed_plans()
        .of_year(end.year)
        .exclude(status=ItemStatus.CANCELLED)
        .filter(due_month__lte=end.month)
    )


@metric(key="plans.schedule_done_rate", label="计划事项完成率", unit="%", higher_is_better=True)
def schedule_done_rate(orgs, start, end):
    counts = (
        _due_items(start, end)
        .filter(org__in=orgs)
        .aggregate(due=Count("pk"), done=Count("pk", filter=Q(status=ItemStatus.DONE)))
    )
    return counts["done"], counts["due"]


@grouped("plans.schedule_done_rate")
def schedule_done_rate_by_union(unions, start, end):
    rows = (
        _due_items(start, end)
        .values("org__path")
        .annotate(due=Count("pk"), done=Count("pk", filter=Q(status=ItemStatus.DONE)))
        .values_list("org__path", "done", "due")
    )
    return sum_by_union(rows, unions)


@metric(key="plans.overdue_items", label="逾期事项", unit="项", higher_is_better=False)
def overdue_items(orgs, start, end):
    # Overdue as of the period's end: still planned, and its month ended before the period's month.
    count = (
        _due_items(start, end)
        .filter(org__in=orgs, status=ItemStatus.PLANNED, due_month__lt=end.month)
        .count()
    )
    return count, None


@grouped("plans.overdue_items")
def overdue_items_by_union(unions, start, end):
    rows = (
        _due_items(start, end)
        .filter(status=ItemStatus.PLANNED, due_month__lt=end.month)
        .values("org__path")
        .annotate(n=Count("pk"))
        .values_list("org__path", "n")
    )
    return sum_by_union(((path, n, None) for path, n in rows), unions)
