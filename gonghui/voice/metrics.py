"""Open-affairs and voice KPIs. Keys are `democracy.*`: plans and rubrics name them so, whichever
module computes them (民主管理 in the annual summary)."""

from django.db.models import Count, Q
from django.utils import timezone

from gonghui.metrics.registry import grouped, metric
from gonghui.metrics.snapshots import sum_by_union
from gonghui.orgs.models import Org
from gonghui.voice import publishing
from gonghui.voice.models import ADOPTED, EVALUATED, Category, Notice, Suggestion


def _published(orgs, start, end):
    return Notice.objects.in_orgs(orgs).published().in_period(start, end)


@metric(
    key="democracy.notices_published",
    label="公开事项发布数",
    unit="次",
    description="期间内开始公开的厂务/校务/村务/会务公开事项（含后来撤回的）",
)
def notices_published(orgs, start, end):
    return _published(orgs, start, end).count(), None


def _register_by_category():
    for category in Category:

        def count(orgs, start, end, category=category):
            return _published(orgs, start, end).filter(category=category).count(), None

        count.__qualname__ = f"notices_published_{category.value}"
        metric(
            key=f"democracy.notices_published.{category.value}",
            label=f"公开事项：{category.label}",
            unit="次",
        )(count)


_register_by_category()


@metric(
    key="democracy.open_affairs_rate",
    label="厂务/校务公开率",
    unit="%",
    description="公开计划中到期的公开事项里按时公开（且公开期不少于规定天数）的比例；尚未到期的不计，已完成的计入",
)
def open_affairs_rate(orgs, start, end):
    dues = publishing.counted(publishing.due_publications(orgs, start, end), timezone.localdate())
    return sum(1 for d in dues if d.on_time), len(dues)


@metric(
    key="democracy.suggestions", label="合理化建议数", unit="条", description="期间内职工提出的合理化建议"
)
def suggestions(orgs, start, end):
    return Suggestion.objects.in_orgs(orgs).suggestions().submitted_between(start, end).count(), None


@metric(
    key="democracy.suggestion_adoption_rate",
    label="合理化建议采纳率",
    unit="%",
    description="期间内提出并已评审的合理化建议中被采纳（含已实施）的比例",
)
def suggestion_adoption_rate(orgs, start, end):
    evaluated = (
        Suggestion.objects.in_orgs(orgs)
        .suggestions()
        .submitted_between(start, end)
        .filter(status__in=EVALUATED)
    )
    return evaluated.filter(status__in=ADOPTED).count(), evaluated.count()


@metric(
    key="democracy.mailbox_on_time_rate",
    label="工会信箱按时答复率",
    unit="%",
    description="答复期限在期间内（已到期或已答复）的来信中按期答复的比例",
)
def mailbox_on_time_rate(orgs, start, end):
    today = timezone.localdate()
    letters = Suggestion.objects.in_orgs(orgs).letters().filter(due_on__gte=start, due_on__lte=end)
    counted = [s for s in letters if s.due_on < today or s.replied_at is not None]
    return sum(1 for s in counted if s.replied_at is not None and not s.replied_late), len(counted)


# Fast paths for the snapshot task: one pass for all unions, the same figures as above. Each row
# counts in the org that holds it (sum_by_union finds its unit).


def _counts_by_union(unions, queryset):
    rows = queryset.order_by().values("org__path").annotate(n=Count("pk")).values_list("org__path", "n")
    return sum_by_union(((path, n, None) for path, n in rows), unions)


@grouped("democracy.notices_published")
def notices_published_by_union(unions, start, end):
    return _counts_by_union(unions, Notice.objects.published().in_period(start, end))


def _register_by_category_by_union():
    for category in Category:

        def count_by_union(unions, start, end, category=category):
            return _counts_by_union(
                unions, Notice.objects.published().in_period(start, end).filter(category=category)
            )

        count_by_union.__qualname__ = f"notices_published_{category.value}_by_union"
        grouped(f"democracy.notices_published.{category.value}")(count_by_union)


_register_by_category_by_union()


@grouped("democracy.open_affairs_rate")
def open_affairs_rate_by_union(unions, start, end):
    dues = publishing.counted(
        publishing.due_publications(Org.objects.all(), start, end), timezone.localdate()
    )
    paths = dict(Org.objects.filter(pk__in={d.org_id for d in dues}).values_list("pk", "path"))
    return sum_by_union(((paths[d.org_id], 1 if d.on_time else 0, 1) for d in dues), unions)


@grouped("democracy.suggestions")
def suggestions_by_union(unions, start, end):
    return _counts_by_union(unions, Suggestion.objects.suggestions().submitted_between(start, end))


@grouped("democracy.suggestion_adoption_rate")
def suggestion_adoption_rate_by_union(unions, start, end):
    rows = (
        Suggestion.objects.suggestions()
        .submitted_between(start, end)
        .filter(status__in=EVALUATED)
        .order_by()
        .values("org__path")
        .annotate(num=Count("pk", filter=Q(status__in=ADOPTED)), den=Count("pk"))
        .values_list("org__path", "num", "den")
    )
    return sum_by_union(rows, unions)


@grouped("democracy.mailbox_on_time_rate")
def mailbox_on_time_rate_by_union(unions, start, end):
    today = timezone.localdate()
    letters = Suggestion.objects.letters().filter(due_on__gte=start, due_on__lte=end).select_related("org")
    rows = (
        (s.org.path, 1 if s.replied_at is not None and not s.replied_late else 0, 1)
        for s in letters
        if s.due_on < today or s.replied_at is not None
    )
    return sum_by_union(rows, unions)
