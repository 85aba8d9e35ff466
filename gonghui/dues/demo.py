"""Demo dues: a setting per demo union, and payments for last year and this year so far.

Most members pay the whole year, by month, quarter, half year or all at once; about one in eight
falls behind. Idempotent: once any demo union has payments, nothing is added.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from gonghui.dues import months
from gonghui.dues.models import DuesBase, DuesMode, DuesPayment, DuesSetting, PaymentMethod
from gonghui.members.models import Member
from gonghui.orgs.models import Org, OrgKind

FIXED = {"wuyin-village": Decimal("5"), "zishan-village": Decimal("5")}  # villages often charge a flat sum
HABITS = [(1, 2), (3, 4), (6, 2), (12, 1)]  # months per payment, weight


def populate(rng):
    unions = list(Org.objects.filter(kind=OrgKind.UNION, code__in=_demo_union_codes()))
    if not unions or DuesPayment.objects.filter(org__path__startswith=unions[0].path[: Org.steplen]).exists():
        return
    for union in unions:
        fixed = FIXED.get(union.code)
        DuesSetting.objects.get_or_create(
            org=union, defaults={"mode": DuesMode.FIXED if fixed else DuesMode.PERCENT, "fixed_amount": fixed}
        )
        members = list(Member.objects.active().in_subtree(union).order_by("member_number"))
        bases, payments = [], []
        for member in members:
            wage = Decimal(rng.randrange(3000, 12000, 100))
            bases.append(DuesBase(org=member.org, member=member, monthly_wage=wage))
            monthly = fixed or (wage * Decimal("0.005")).quantize(Decimal("0.01"))
            for year, until in _demo_years():
                payments += _year_of_payments(rng, member, monthly, union, year=year, until=until)
        DuesBase.objects.bulk_create(bases, batch_size=1000, ignore_conflicts=True)
        DuesPayment.objects.bulk_create(payments, batch_size=1000)


def _demo_years():
    """Last year in full, and this year up to the current month, so the live rates have data."""
    today = timezone.localdate()
    return [(today.year - 1, date(today.year - 1, 12, 31)), (today.year, today)]


def _year_of_payments(rng, member, monthly, union, *, year, until):
    start = max(months.month_index(year, 1), months.of_date(member.join_date) if member.join_date else 0)
    end = months.of_date(until)
    if rng.random() < 0.12:  # in arrears: stopped paying somewhere in the year
        end = rng.randint(start - 1, end - 1)
    step = rng.choices([s for s, _ in HABITS], weights=[w for _, w in HABITS])[0]
    method = (
        PaymentMethod.PAYROLL
        if union.unit_type in ("school", "hospital", "agency")
        else rng.choice(
            [PaymentMethod.CASH, PaymentMethod.WECHAT, PaymentMethod.ALIPAY, PaymentMethod.TRANSFER]
        )
    )
    found = []
    first = start
    while first <= end:
        last = min(first + step - 1, end)
        paid_on = months.to_date(first) + timedelta(days=rng.randint(0, 20))
        found.append(
            DuesPayment(
                org=member.org,
                member=member,
                first_month=first,
                last_month=last,
                amount=monthly * (last - first + 1),
                paid_on=min(paid_on, until),
                method=method,
            )
        )
        first = last + 1
    return found


def _demo_union_codes():
    from gonghui.orgs.demo import UNIONS

    return [code for _, code, *_ in UNIONS]
