"""The union's own work in numbers: meetings on record (by kind: 每月研究工作 = a committee meeting
each month), study sessions and hours, honours, reports sent up and adopted, decisions carried out."""

from django.db.models import Count, F, Q, Sum

from gonghui.metrics.registry import grouped, metric
from gonghui.metrics.snapshots import sum_by_union
from gonghui.unionwork.models import Decision, Honour, Meeting, MeetingKind, NewsReport, StudySession

# A decision carried out by its due date.
_ON_TIME = Q(done_on__isnull=False, done_on__lte=F("due_on"))


def _meetings(start, end):
    return Meeting.objects.minuted().in_period(start, end)


@metric(
    key="unionwork.meetings",
    label="召开会议次数",
    unit="次",
    description="期间内召开并留有会议记录（文字或扫描件）的各类会议次数",
)
def meetings(orgs, start, end):
    return _meetings(start, end).in_orgs(orgs).count(), None


def _register_by_kind():
    for kind in MeetingKind:

        def count(orgs, start, end, kind=kind):
            return _meetings(start, end).in_orgs(orgs).filter(kind=kind).count(), None

        count.__qualname__ = f"meetings_{kind.value}"
        metric(
            key=f"unionwork.meetings.{kind.value}",
            label=f"召开{kind.label}次数",
            unit="次",
            description=f"期间内召开并留有会议记录的{kind.label}次数",
        )(count)


_register_by_kind()


@metric(
    key="unionwork.study_sessions", label="集中学习次数", unit="次", description="期间内登记的学习、培训次数"
)
def study_sessions(orgs, start, end):
    return StudySession.objects.in_orgs(orgs).in_period(start, end).count(), None


@metric(
    key="unionwork.study_hours", label="集中学习学时", unit="学时", description="期间内各次学习的学时合计"
)
def study_hours(orgs, start, end):
    total = StudySession.objects.in_orgs(orgs).in_period(start, end).aggregate(t=Sum("hours"))["t"]
    return float(total or 0), None


@metric(
    key="unionwork.honours", label="获得表彰", unit="项", description="期间内表彰（授予）的荣誉，各级合计"
)
def honours(orgs, start, end):
    return Honour.objects.in_orgs(orgs).awarded_in(start, end).count(), None


@metric(
    key="unionwork.reports_submitted",
    label="信息报送篇数",
    unit="篇",
    description="期间内向上级报送的信息篇数（修改后的新版本不重复计）",
)
def reports_submitted(orgs, start, end):
    return NewsReport.objects.in_orgs(orgs).submitted_in(start, end).count(), None


@metric(
    key="unionwork.reports_adopted",
    label="信息被采用篇数",
    unit="篇",
    description="期间内被上级采用的信息篇数",
)
def reports_adopted(orgs, start, end):
    return NewsReport.objects.in_orgs(orgs).adopted_in(start, end).count(), None


@metric(
    key="unionwork.decisions_done_rate",
    label="会议决定落实率",
    unit="%",
    description="期限在期间内的会议决定事项中，按期（期限前）落实的比例",
)
def decisions_done_rate(orgs, start, end):
    due = Decision.objects.in_orgs(orgs).filter(due_on__gte=start, due_on__lte=end)
    return due.filter(_ON_TIME).count(), due.count()


# Fast paths for the snapshot task: one grouped query for all unions, the same figures as above.


def _by_union(unions, queryset, value=None):
    rows = (
        queryset.order_by().values("org__path").annotate(n=value or Count("pk")).values_list("org__path", "n")
    )
    return sum_by_union(((path, n or 0, None) for path, n in rows), unions)


@grouped("unionwork.meetings")
def meetings_by_union(unions, start, end):
    return _by_union(unions, _meetings(start, end))


def _register_by_kind_by_union():
    for kind in MeetingKind:

        def count_by_union(unions, start, end, kind=kind):
            return _by_union(unions, _meetings(start, end).filter(kind=kind))

        count_by_union.__qualname__ = f"meetings_{kind.value}_by_union"
        grouped(f"unionwork.meetings.{kind.value}")(count_by_union)


_register_by_kind_by_union()


@grouped("unionwork.study_sessions")
def study_sessions_by_union(unions, start, end):
    return _by_union(unions, StudySession.objects.in_period(start, end))


@grouped("unionwork.study_hours")
def study_hours_by_union(unions, start, end):
    found = _by_union(unions, StudySession.objects.in_period(start, end), Sum("hours"))
    return {unit: (float(n), d) for unit, (n, d) in found.items()}


@grouped("unionwork.honours")
def honours_by_union(unions, start, end):
    return _by_union(unions, Honour.objects.awarded_in(start, end))


@grouped("unionwork.reports_submitted")
def reports_submitted_by_union(unions, start, end):
    return _by_union(unions, NewsReport.objects.submitted_in(start, end))


@grouped("unionwork.reports_adopted")
def reports_adopted_by_union(unions, start, end):
    return _by_union(unions, NewsReport.objects.adopted_in(start, end))


@grouped("unionwork.decisions_done_rate")
def decisions_done_rate_by_union(unions, start, end):
    rows = (
        Decision.objects.filter(due_on__gte=start, due_on__lte=end)
        .order_by()
        .values("org__path")
        .annotate(den=Count("pk"), num=Count("pk", filter=_ON_TIME))
        .values_list("org__path", "num", "den")
    )
    return sum_by_union(rows, unions)
