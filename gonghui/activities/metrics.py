"""Activity KPIs. `orgs` is an org subtree; the period is [start, end] by the activity's start day."""

from django.db.models import Count, Sum

from gonghui.activities.models import Activity, Attendance, Category, starting_between
from gonghui.members.models import Member, MemberStatus
from gonghui.metrics.registry import grouped, metric
from gonghui.metrics.snapshots import sum_by_union


def _activities(orgs, start, end):
    return Activity.objects.filter(org__in=orgs).in_period(start, end)


@metric(key="activities.count", label="开展活动次数", unit="次")
def activity_count(orgs, start, end):
    return _activities(orgs, start, end).count(), None


def _count_of(category):
    def count(orgs, start, end):
        return _activities(orgs, start, end).filter(category=category).count(), None

    count.__qualname__ = f"count_{category}"
    return count


for _category in Category:
    metric(key=f"activities.count.{_category.value}", label=f"开展{_category.label}次数", unit="次")(
        _count_of(_category.value)
    )


def count_by_category(orgs, start, end) -> dict[str, int]:
    """Every category with its count in the period (zero included), for the overview's breakdown."""
    rows = _activities(orgs, start, end).order_by().values("category").annotate(n=Count("id"))
    counts = dict.fromkeys(Category.values, 0)
    counts.update({row["category"]: row["n"] for row in rows})
    return counts


@metric(
    key="activities.participation_rate",
    label="活动参与率",
    unit="%",
    description="期间内至少签到参加过一次活动的在会会员人数 ÷ 在会会员人数",
)
def participation_rate(orgs, start, end):
    members = Member.objects.filter(org__in=orgs).active()
    took_part = (
        Attendance.objects.attended()
        .filter(starting_between(start, end, "activity__start"), member__in=members)
        .values("member")
        .distinct()
        .count()
    )
    return took_part, members.count()


@metric(key="activities.attendance", label="活动参与人次", unit="人次")
def attendance(orgs, start, end):
    return (
        Attendance.objects.attended()
        .filter(starting_between(start, end, "activity__start"), member__org__in=orgs)
        .count(),
        None,
    )


@metric(key="activities.cost", label="活动经费支出", unit="元", higher_is_better=False)
def cost(orgs, start, end):
    return _activities(orgs, start, end).total_cost(), None


# Fast paths for the snapshot task: one grouped query for all unions, the same figures as above.
# Activities count in the org that holds them (a federation's own ones in the federation); attendance
# and participation count in the member's org, whoever held the activity.


def _by_org(queryset, value, path="org__path"):
    return queryset.order_by().values(path).annotate(n=value).values_list(path, "n")


def _counts_by_union(unions, queryset):
    return sum_by_union(((path, n, None) for path, n in _by_org(queryset, Count("pk"))), unions)


@grouped("activities.count")
def activity_count_by_union(unions, start, end):
    return _counts_by_union(unions, Activity.objects.in_period(start, end))


def _count_by_union_of(category):
    def count_by_union(unions, start, end):
        return _counts_by_union(unions, Activity.objects.in_period(start, end).filter(category=category))

    count_by_union.__qualname__ = f"count_{category}_by_union"
    return count_by_union


for _category in Category:
    grouped(f"activities.count.{_category.value}")(_count_by_union_of(_category.value))


def _attended(start, end):
    return Attendance.objects.attended().filter(starting_between(start, end, "activity__start"))


@grouped("activities.participation_rate")
def participation_rate_by_union(unions, start, end):
    """Distinct attending members per member's org. A Member row belongs to one org, so per-org
    distinct counts add up to the distinct count over any set of orgs, and the federation's sum of its
    unions is its own distinct count: no one is counted in two unions, because a person has at most
    one active Member row (constraint member_one_active_membership) and only active rows count. Who
    transferred in the year counts, like in participation_rate(), by their active row only (their
    attendances under the old, transferred row count nowhere)."""
    members = _by_org(Member.objects.active(), Count("pk"))
    took_part = _by_org(
        _attended(start, end).filter(member__status=MemberStatus.ACTIVE),
        Count("member", distinct=True),
        "member__org__path",
    )
    rows = [(path, 0, n) for path, n in members] + [(path, n, 0) for path, n in took_part]
    return sum_by_union(rows, unions)


@grouped("activities.attendance")
def attendance_by_union(unions, start, end):
    rows = _by_org(_attended(start, end), Count("pk"), "member__org__path")
    return sum_by_union(((path, n, None) for path, n in rows), unions)


@grouped("activities.cost")
def cost_by_union(unions, start, end):
    rows = _by_org(Activity.objects.in_period(start, end), Sum("actual_cost"))
    return sum_by_union(((path, n or 0, None) for path, n in rows), unions)
