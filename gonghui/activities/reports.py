"""Activities in the reports registries: an activity proves a plan item; the year's activities are the 活动登记簿."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gonghui.activities import exports
from gonghui.activities.models import Activity
from gonghui.reports.registry import register_evidence, register_ledger, root_of, scoped


def _search(rows, q):
    return rows.filter(Q(title__icontains=q) | Q(place__icontains=q) | Q(organiser__icontains=q))


def _describe(activity):
    return f"{timezone.localtime(activity.start):%Y-%m-%d} {activity.title}"


def _files(activity):
    files = [(f.name, f.file) for f in activity.files.all()]
    files += [(p.image.name.rsplit("/", 1)[-1], p.image) for p in activity.photos.all()]
    return files


register_evidence(
    key="activities.activity",
    label="活动",
    model=Activity,
    date_field="start",
    search=_search,
    describe=_describe,
    url=lambda activity: reverse("activities:detail", kwargs={"activity_id": activity.pk}),
    files=_files,
    prefetch=("files", "photos"),
    order=10,
)


def _count(orgs, year):
    return Activity.objects.in_orgs(orgs).in_year(year).count()


def _build(*, orgs, year, fmt, out, by=None):
    activities = scoped(by, Activity.objects.in_orgs(orgs).in_year(year))
    out.write_bytes(exports.ledger_xlsx(org=root_of(orgs), year=year, activities=activities, user=by))


register_ledger(
    key="activities.ledger",
    title="活动台帐",
    book="活动登记簿",
    required=True,
    formats=("xlsx",),
    count=_count,
    build=_build,
    evidence_key="activities.activity",
    # a summary row per activity plus one sign-in sheet each: about one page per activity
    rows_per_page=1,
)
