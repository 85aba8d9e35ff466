"""Care KPIs: visits, archive rate (建档率), aid rate (帮困率) and aid paid."""

from django.db.models import Count, Exists, OuterRef, Q, Sum

from gonghui.care.models import Aid, HardshipCase, Occasion, Visit
from gonghui.metrics.registry import grouped, metric
from gonghui.metrics.snapshots import sum_by_union


@metric(
    key="care.visits", label="走访慰问次数", unit="次", description="期间内登记的走访慰问次数（各事由合计）"
)
def visits(orgs, start, end):
    return Visit.objects.in_orgs(orgs).in_period(start, end).count(), None


def visits_by_occasion(orgs, start, end) -> dict[str, int]:
    """Visit counts per occasion, every occasion present (0 when none)."""
    rows = Visit.objects.in_orgs(orgs).in_period(start, end).values("occasion").annotate(n=Count("id"))
    found = {row["occasion"]: row["n"] for row in rows}
    return {occasion.value: found.get(occasion.value, 0) for occasion in Occasion}


def _register_by_occasion():
    for occasion in Occasion:

        def count(orgs, start, end, occasion=occasion):
            return Visit.objects.in_orgs(orgs).in_period(start, end).filter(occasion=occasion).count(), None

        count.__qualname__ = f"visits_{occasion.value}"
        metric(key=f"care.visits.{occasion.value}", label=f"走访慰问：{occasion.label}", unit="次")(count)


_register_by_occasion()


@metric(
    key="care.archive_rate",
    label="困难职工建档率",
    unit="%",
    description="已建档的困难职工家庭 / 排查发现（申请或认定）的困难职工家庭；未通过审核的不计",
)
def archive_rate(orgs, start, end):
    found = HardshipCase.objects.in_orgs(orgs).found_during(start, end)
    return found.filter(filed_on__isnull=False, filed_on__lte=end).count(), found.count()


@metric(
    key="care.aid_rate",
    label="困难职工帮困率",
    unit="%",
    description="期间内得到帮扶的建档困难职工家庭 / 建档困难职工家庭",
)
def aid_rate(orgs, start, end):
    on_file = HardshipCase.objects.in_orgs(orgs).on_file_during(start, end)
    aided = Aid.objects.filter(case=OuterRef("pk"), paid_on__gte=start, paid_on__lte=end)
    return on_file.filter(Exists(aided)).count(), on_file.count()


@metric(key="care.aid_amount", label="帮扶金额", unit="元", description="期间内发放的帮扶资金合计")
def aid_amount(orgs, start, end):
    total = Aid.objects.in_orgs(orgs).in_period(start, end).aggregate(total=Sum("amount"))["total"]
    return total or 0, None


# Fast paths for the snapshot task: one grouped query for all unions, the same figures as above.
# Each row counts in the org that holds it (a federation's own visits and aid in the federation).


def _counts_by_union(unions, queryset, value=None):
    rows = (
        queryset.order_by().values("org__path").annotate(n=value or Count("pk")).values_list("org__path", "n")
    )
    return sum_by_union(((path, n or 0, None) for path, n in rows), unions)


@grouped("care.visits")
def visits_by_union(unions, start, end):
    return _counts_by_union(unions, Visit.objects.in_period(start, end))


def _register_by_occasion_by_union():
    for occasion in Occasion:

        def count_by_union(unions, start, end, occasion=occasion):
            return _counts_by_union(unions, Visit.objects.in_period(start, end).filter(occasion=occasion))

        count_by_union.__qualname__ = f"visits_{occasion.value}_by_union"
        grouped(f"care.visits.{occasion.value}")(count_by_union)


_register_by_occasion_by_union()


def _rates_by_union(unions, queryset, part):
    rows = (
        queryset.order_by()
        .values("org__path")
        .annotate(den=Count("pk"), num=Count("pk", filter=part))
        .values_list("org__path", "num", "den")
    )
    return sum_by_union(rows, unions)


@grouped("care.archive_rate")
def archive_rate_by_union(unions, start, end):
    return _rates_by_union(
        unions, HardshipCase.objects.found_during(start, end), Q(filed_on__isnull=False, filed_on__lte=end)
    )


@grouped("care.aid_rate")
def aid_rate_by_union(unions, start, end):
    aided = Aid.objects.filter(case=OuterRef("pk"), paid_on__gte=start, paid_on__lte=end)
    return _rates_by_union(unions, HardshipCase.objects.on_file_during(start, end), Q(Exists(aided)))


@grouped("care.aid_amount")
def aid_amount_by_union(unions, start, end):
    return _counts_by_union(unions, Aid.objects.in_period(start, end), Sum("amount"))
