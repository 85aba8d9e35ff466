"""Member KPIs: how many members, and the membership rate (入会率 = members / employees)."""

from datetime import date

from django.db.models import Count, Q, Sum

from gonghui.members.models import Member, MemberStatus
from gonghui.metrics.registry import grouped, metric
from gonghui.metrics.snapshots import sum_by_union
from gonghui.orgs.models import Org, OrgKind


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


# Fast paths for the snapshot task (one grouped query for all unions; same figures as above).


def _member_rows(end: date):
    return (
        Member.objects.filter(status=MemberStatus.ACTIVE)
        .filter(Q(join_date__lte=end) | Q(join_date__isnull=True))
        .order_by()
        .values("org__path")
        .annotate(n=Count("pk"))
        .values_list("org__path", "n")
    )


@grouped("members.count")
def member_count_by_union(unions, start: date, end: date):
    return sum_by_union(((path, n, None) for path, n in _member_rows(end)), unions)


@grouped("members.membership_rate")
def membership_rate_by_union(unions, start: date, end: date):
    # Only unions with employees on record count, each over its own subtree; a federation's own
    # members (if any) are in no union's subtree, so they count nowhere, as in membership_rate().
    members = sum_by_union(((path, n, None) for path, n in _member_rows(end)), unions)
    employees = dict(
        Org.objects.filter(kind=OrgKind.UNION, employee_count__gt=0).values_list("pk", "employee_count")
    )
    return {pk: (members.get(pk, (0, None))[0], employees[pk]) for pk, _ in unions if pk in employees}
