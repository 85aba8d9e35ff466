"""Dues KPIs: collection rate (months paid / months due) and the amount collected."""

from datetime import date

from django.db.models import Sum
from django.db.models.functions import Coalesce

from gonghui.dues import months
from gonghui.dues.models import DuesPayment, months_covered, months_due
from gonghui.members.models import Member
from gonghui.metrics.registry import grouped, metric
from gonghui.metrics.snapshots import sum_by_union


def period_months(start: date, end: date) -> tuple[int, int]:
    return months.of_date(start), months.of_date(end)


def collection(orgs, first: int, last: int) -> tuple[int, int]:
    """(months paid, months due) over the members of `orgs` for months first..last.

    Months due: for each member, the months of the period from their join month (for a record transferred
    in, the month after the transfer) to the month they left (转出, 退会, 退休, 去世), if they did. Months
    paid: the part of those months their payments cover. Two aggregate queries, whatever the size.

    Members who left before the period add 0 through due_end; filtering them out first (status = active
    OR EXISTS(leaving event)) cost a probe per row and a larger query to build, and saved nothing.
    """
    due = Member.objects.filter(org__in=orgs).aggregate(n=Coalesce(Sum(months_due(first, last)), 0))["n"]
    if not due:
        return 0, 0
    paid = DuesPayment.objects.valid().filter(member__org__in=orgs).months_paid_while_due(first, last)
    return paid, due


@metric(
    key="dues.collection_rate",
    label="会费收缴率",
    unit="%",
    higher_is_better=True,
    description="已缴月数 / 应缴月数（自入会当月起，至转出、退会、退休或去世当月止）",
)
def collection_rate(orgs, start: date, end: date):
    return collection(orgs, *period_months(start, end))


@metric(
    key="dues.amount",
    label="会费收缴金额",
    unit="元",
    higher_is_better=True,
    description="期间内缴费日期的金额合计",
)
def amount(orgs, start: date, end: date):
    found = DuesPayment.objects.valid().filter(org__in=orgs, paid_on__range=(start, end))
    total = found.aggregate(n=Sum("amount"))["n"]
    return (total or 0), None


# Fast paths for the snapshot task (one grouped query per side for all unions; same figures as above).


@grouped("dues.collection_rate")
def collection_rate_by_union(unions, start: date, end: date):
    """Months due and months paid summed per member's org, then per union; (0, 0) where nothing is due."""
    first, last = period_months(start, end)
    due = (
        Member.objects.order_by()
        .values("org__path")
        .annotate(n=Sum(months_due(first, last)))
        .values_list("org__path", "n")
    )
    paid = (
        DuesPayment.objects.valid()
        .overlapping(first, last)
        .order_by()
        .values("member__org__path")
        .annotate(n=Sum(months_covered(first, last)))
        .values_list("member__org__path", "n")
    )
    rows = [(path, 0, n or 0) for path, n in due] + [(path, n or 0, 0) for path, n in paid]
    return {pk: (p, d) if d else (0, 0) for pk, (p, d) in sum_by_union(rows, unions).items()}


@grouped("dues.amount")
def amount_by_union(unions, start: date, end: date):
    rows = (
        DuesPayment.objects.valid()
        .filter(paid_on__range=(start, end))
        .order_by()
        .values("org__path")
        .annotate(n=Sum("amount"))
        .values_list("org__path", "n")
    )
    return sum_by_union(((path, n, None) for path, n in rows), unions)
