"""Reads the dues screens, exports and API share: arrears and month-by-month counts, in a few SQL queries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, IntegerField, Max, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least

from gonghui.dues import months
from gonghui.dues.models import DuesPayment, due_end, due_in, due_start
from gonghui.members.models import Member


def due_members(members, first: int):
    """Those of `members` who may owe months of a period starting at `first`: active, or left during it."""
    return members.filter(due_in(first))


def with_arrears(members, first: int, last: int):
    """Annotate members with due_first, due_last (their months due in first..last: from joining to
    leaving), months_due and months_paid; keep those who owe something.

    months_paid is one correlated SUM per member over an index on (member, first_month).
    """
    members = due_members(members, first).annotate(
        due_first=due_start(first, last), due_last=due_end(first, last)
    )
    start = Greatest(F("first_month"), OuterRef("due_first"))
    end = Least(F("last_month"), OuterRef("due_last"))
    paid = (
        DuesPayment.objects.valid()
        .filter(member=OuterRef("pk"), first_month__lte=last, last_month__gte=first)
        .values("member")
        .annotate(n=Sum(Greatest(Value(0), end - start + 1)))
        .values("n")
    )
    return (
        members.annotate(
            months_due=Greatest(Value(0), F("due_last") - F("due_first") + 1),
            months_paid=Coalesce(Subquery(paid, output_field=IntegerField()), 0),
        )
        .annotate(months_owed=F("months_due") - F("months_paid"))
        .filter(months_owed__gt=0)
    )


def owed_text(runs) -> str:
    return "、".join(months.span_label(a, b) for a, b in runs)


def owed_months(members, first: int, last: int) -> dict:
    """For a page of members from with_arrears: member id → the months they still owe (a list of runs)."""
    covered: dict = {m.pk: set() for m in members}
    payments = DuesPayment.objects.valid().filter(
        member__in=list(covered), first_month__lte=last, last_month__gte=first
    )
    for member_id, a, b in payments.values_list("member_id", "first_month", "last_month"):
        covered[member_id].update(range(a, b + 1))
    return {
        member.pk: months.runs(set(range(member.due_first, member.due_last + 1)) - covered[member.pk])
        for member in members
    }


@dataclass(frozen=True)
class MemberDues:
    """One member's dues as the arrears page shows them for this year up to this month, with the
    last month paid and what the owed months come to under the union's rule (if the wage is known)."""

    period: str
    months_owed: int
    owed_text: str
    paid_through: int | None
    monthly: Decimal | None

    @property
    def paid_through_label(self) -> str:
        return months.chinese(self.paid_through) if self.paid_through is not None else ""

    @property
    def amount_owed(self) -> Decimal | None:
        return self.monthly * self.months_owed if self.monthly is not None else None


def member_dues(member, today: date) -> MemberDues:
    """The arrears page's numbers (with_arrears and owed_months over its default period) for one member."""
    from gonghui.dues.services import expected_monthly  # services reads this module's neighbours

    first, last = months.month_index(today.year, 1), months.of_date(today)
    owing = with_arrears(Member.objects.filter(pk=member.pk), first, last).first()
    runs = owed_months([owing], first, last)[owing.pk] if owing else []
    paid = DuesPayment.objects.valid().filter(member=member).aggregate(through=Max("last_month"))
    return MemberDues(
        period=months.span_label(first, last),
        months_owed=owing.months_owed if owing else 0,
        owed_text=owed_text(runs),
        paid_through=paid["through"],
        monthly=expected_monthly(member),
    )


@dataclass
class MonthCount:
    month: int
    due: int
    paid: int

    @property
    def unpaid(self) -> int:
        return self.due - self.paid

    @property
    def label(self) -> str:
        return f"{self.month % 12 + 1}月"

    @property
    def text(self) -> str:
        return months.label(self.month)

    @property
    def rate(self):
        return round(self.paid * 100 / self.due, 1) if self.due else None


def month_counts(orgs, first: int, last: int) -> list[MonthCount]:
    """For each month of first..last: members owing it (dues started, not yet left), and how many of
    them paid it. Two queries, each grouped by a span of months (members by the months they owe,
    payments by the months they cover while owed): a few dozen rows, counted per month here. One
    filtered COUNT per month in SQL cost a twelve-fold query to build and to run."""
    due = (
        due_members(Member.objects.filter(org__in=orgs), first)
        .annotate(lo=due_start(first, last), hi=due_end(first, last))
        .order_by()
        .values("lo", "hi")
        .annotate(n=Count("pk"))
        .values_list("lo", "hi", "n")
    )
    paid = (
        DuesPayment.objects.of_members_due_in(orgs, first)
        .filter(first_month__lte=last, last_month__gte=first)
        .annotate(
            lo=Greatest(F("first_month"), due_start(first, last, prefix="member__")),
            hi=Least(F("last_month"), due_end(first, last, prefix="member__")),
        )
        .order_by()
        .values("lo", "hi")
        .annotate(n=Count("pk"))
        .values_list("lo", "hi", "n")
    )
    due_spans, paid_spans = list(due), list(paid)
    return [
        MonthCount(
            m,
            sum(n for lo, hi, n in due_spans if lo <= m <= hi),
            sum(n for lo, hi, n in paid_spans if lo <= m <= hi),
        )
        for m in range(first, last + 1)
    ]


def month_chart(counts: list[MonthCount]) -> dict:
    """ECharts option for the overview: paid and unpaid members per month."""
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": ["已缴", "未缴"]},
        "grid": {"left": 40, "right": 10, "bottom": 30, "top": 30},
        "xAxis": {"type": "category", "data": [c.label for c in counts]},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {
                "name": "已缴",
                "type": "bar",
                "stack": "n",
                "data": [c.paid for c in counts],
                "itemStyle": {"color": "#2fb344"},
            },
            {
                "name": "未缴",
                "type": "bar",
                "stack": "n",
                "data": [c.unpaid for c in counts],
                "itemStyle": {"color": "#d63939"},
            },
        ],
    }
