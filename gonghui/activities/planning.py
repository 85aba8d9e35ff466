"""Where activities meet the plan: calendar entries and "record the activity" (an activity is an evidence
type in activities/reports.py).

Registered with the plans app's hooks from ActivitiesConfig.ready().
"""

import re
from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.activities.models import Activity, Category
from gonghui.plans import services as plan_services
from gonghui.plans.hooks import CalendarEntry, calendar_source
from gonghui.plans.models import Evidence, ScheduleItem

# Plan item categories that are also activity categories; the rest are guessed from the words.
SAME_CATEGORIES = {"festival", "sports", "culture", "study"}
WORD_CATEGORIES = [
    (r"比武|劳动竞赛|技能竞赛|技能大赛|学练比", Category.CONTEST),
    (r"三八|五一|五四|七一|国庆|教师节|春节|元旦|中秋|端午|节日", Category.FESTIVAL),
    (r"运动会|球|拔河|健身|体育|长跑|登山", Category.SPORTS),
    (r"书法|书画|歌咏|合唱|文艺|演出|摄影|读书", Category.CULTURE),
    (r"培训|学习|讲座|教育", Category.STUDY),
    (r"参观|疗休养|踏青|春游|秋游", Category.OUTING),
    (r"志愿", Category.VOLUNTEER),
]


@calendar_source
def activities_on_calendar(org, start, end):
    activities = Activity.objects.in_subtree(org).in_period(start, end).order_by("start")
    return [
        CalendarEntry(
            day=timezone.localdate(a.start),
            end=timezone.localdate(a.end),
            title=a.title,
            url=reverse("activities:detail", kwargs={"activity_id": a.pk}),
            kind="activity",
        )
        for a in activities
    ]


def category_for(item) -> str:
    if item.category in SAME_CATEGORIES:
        return item.category
    for pattern, category in WORD_CATEGORIES:
        if re.search(pattern, item.text):
            return category
    return Category.OTHER


def initial_for(item) -> dict:
    """Form values for an activity recording `item`: its words, a guessed category, a time in its month.

    In the item's own month the start is the next full hour, so sign-up is still open; otherwise
    9 o'clock on the first day of its time.
    """
    now = timezone.localtime()
    if item.start_date <= now.date() <= item.due_date:
        start = (now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    else:
        start = timezone.make_aware(datetime.combine(item.start_date, time(9)))
    return {
        "title": item.text[:200],
        "category": category_for(item),
        "start": start,
        "end": start + timedelta(hours=3),
    }


def open_items(org, year):
    """The org's open schedule items of its confirmed plan: what "record the activity" can complete."""
    return ScheduleItem.objects.in_confirmed_plans().of_year(year).filter(org=org).open().for_display()


def items_proved_by(activity):
    content_type = ContentType.objects.get_for_model(Activity)
    evidence = Evidence.objects.filter(content_type=content_type, object_id=str(activity.pk))
    return ScheduleItem.objects.filter(evidence__in=evidence).select_related("plan").distinct()


@transaction.atomic
def record_activity_for_item(*, item, form, by) -> Activity:
    """Save the activity from the (valid) form and mark the schedule item done with it as evidence."""
    form.instance.org = item.org
    form.instance.created_by = by
    activity = form.save()
    link_to_item(activity=activity, item=item, by=by)
    return activity


@transaction.atomic
def link_to_item(*, activity, item, by):
    """Mark `item` done with the activity as its evidence (plans' own service keeps the item's rules)."""
    evidence = Evidence(record=activity, note=f"活动：{activity.title}"[:500])
    return plan_services.mark_item_done(item=item, evidence=evidence, by=by)
