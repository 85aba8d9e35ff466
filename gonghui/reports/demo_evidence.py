"""Demo proof for plan items: every past item of the demo plans that a demo record fits (same months,
same kind) is done with that record linked; paperwork that leaves nothing behind gets a written reason;
the rest stays overdue, as it would in a real union.

Runs after the activities and care demos (reports comes last in INSTALLED_APPS), so the records exist.
The activities demo has already done the items its activities were made for.
"""

import re

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from gonghui.metrics.models import MetricSnapshot
from gonghui.metrics.snapshots import build_snapshots, months_of_year
from gonghui.plans import services
from gonghui.plans.digest import build_digests
from gonghui.plans.models import Category, ScheduleItem
from gonghui.reports import registry

# Which evidence type fits an item, by its category or words.
CARE_WORDS = re.compile(r"走访|慰问|送温暖|帮扶|困难|五必访|看望|救助|助学")
DUES_WORDS = re.compile(r"会费")
# Paperwork that leaves no record of its own, with the reason a union would write for it.
NO_TRACE = [
    (
        re.compile(r"迎接|配合|检查|督查"),
        "该项为上级工会组织的检查，检查记录由上级工会留存，本会未另行形成材料。",
    ),
    (re.compile(r"传达|宣传贯彻"), "上级精神已在工会委员会例会上口头传达，会议未另作记录，故无单独材料。"),
]
PICKS = 3


def populate(rng):
    today = timezone.localdate()
    items = (
        ScheduleItem.objects.in_confirmed_plans()
        .of_year(today.year)
        .open()
        .filter(due_month__lt=today.month)
        .select_related("plan", "org")
        .order_by("org__path", "order")
    )
    by = get_user_model().objects.filter(is_superuser=False).order_by("pk").first()
    already = ScheduleItem.objects.of_year(today.year).exclude(no_trace_reason="").exists()
    if not already:  # a second run changes nothing
        for item in items:
            _prove(item, rng, by)
    if not MetricSnapshot.objects.exists():
        build_snapshots(months=months_of_year(today.year, until=today))
    build_digests(day=today)


def _kind_for(item) -> str | None:
    if item.category == Category.CARE or CARE_WORDS.search(item.text):
        return "care.visit"
    if DUES_WORDS.search(item.text):
        return "dues.import"
    return None


def _in_months(kind, item):
    field = kind.date_field
    rows = registry.evidence_records(kind.key, item.org.subtree(), item.plan.year)
    return rows.filter(
        Q(**{f"{field}__month__gte": item.first_month, f"{field}__month__lte": item.last_month})
    )


def _prove(item, rng, by):
    key = _kind_for(item)
    if key:
        kind = registry.evidence_type(key)
        records = list(_in_months(kind, item).order_by(kind.date_field)[:PICKS])
        if records:
            for record in records:
                services.link_evidence(item=item, record=record, by=by)
            services.mark_item_done(item=item, by=by)
            return
    for pattern, reason in NO_TRACE:
        if pattern.search(item.text) and rng.random() < 0.7:
            services.mark_item_done(item=item, reason=reason, by=by)
            return
