"""Activity KPIs. `orgs` is an org subtree; the period is [start, end] by the activity's start day."""

from django.db.models import Count

from gonghui.activities.models import Activity, Attendance, Category
from gonghui.members.models import Member
from gonghui.metrics.registry import metric


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
        .filter(member__in=members, activity__start__date__gte=start, activity__start__date__lte=end)
        .values("member")
        .distinct()
        .count()
    )
    return took_part, members.count()


@metric(key="activities.attendance", label="活动参与人次", unit="人次")
def attendance(orgs, start, end):
    return (
        Attendance.objects.attended()
        .filter(member__org__in=orgs, activity__start__date__gte=start, activity__start__date__lte=end)
        .count(),
        None,
    )


@metric(key="activities.cost", label="活动经费支出", unit="元", higher_is_better=False)
def cost(orgs, start, end):
    return _activities(orgs, start, end).total_cost(), None
