"""Member KPIs: how many members, and the membership rate (入会率 = members / employees)."""

from datetime import date

from django.db.models import Q, Sum

from gonghui.members.models import Member, MemberStatus
from gonghui.metrics.registry import metric
from gonghui.orgs.models import OrgKind


def _members_on(orgs, end: date):
    """Members on `end`: active now and joined by then (the roster keeps no past snapshots;
    roll-ups that need history read the snapshot table)."""
    return Member.objects.filter(org__in=orgs, status=MemberStatus.ACTIVE).filter(
        Q(join_date__lte=end) | Q(join_date__isnull=True)
    )


@metric(key="members.count", label="会员人数", unit="人", higher_is_better=True)
def member_count(orgs, start: date, end: date):
    return _members_on(orgs, end).count(), None


@metric(key="members.membership_rate", label="入会率", unit="%", higher_is_better=True,
        description="在会会员人数 / 单位职工人数（只计登记了职工人数的基层工会）")  # fmt: skip
def membership_rate(orgs, start: date, end: date):
    unions = orgs.filter(kind=OrgKind.UNION, employee_count__gt=0)
    employees = unions.aggregate(total=Sum("employee_count"))["total"] or 0
    if not employees:
        return 0, 0
    union_paths = list(unions.values_list("path", flat=True))
    members = Q()
    for path in union_paths:
        members |= Q(org__path__startswith=path)
    count = _members_on(orgs, end).filter(members).count()
    return count, employees
