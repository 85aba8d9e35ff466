"""The activity calendar: a month's agenda for a union's pages, and entries for the plan calendar."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from gonghui.activities.models import Activity
from gonghui.core import access


@dataclass(frozen=True)
class Entry:
    """One line on a calendar; the plans calendar reads these through `entries()`."""

    day: date
    title: str
    url: str
    kind: str = "activity"
    label: str = "活动"
    place: str = ""
    time: str = ""


def parse_month(value: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m").date().replace(day=1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def shift(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def entries(user, org, start: date, end: date) -> list[Entry]:
    """Activities of `org`'s subtree the user may see, starting within [start, end]."""
    activities = access.scope(user, Activity.objects.for_org(org).in_period(start, end)).order_by("start")
    return [
        Entry(
            day=timezone.localdate(a.start),
            title=a.title,
            url=reverse("activities:detail", kwargs={"activity_id": a.pk}),
            place=a.place,
            time=timezone.localtime(a.start).strftime("%H:%M"),
        )
        for a in activities
    ]


def month_agenda(user, org, month: date) -> list[tuple[date, list[Entry]]]:
    by_day = defaultdict(list)
    for entry in entries(user, org, month, shift(month, 1) - timedelta(days=1)):
        by_day[entry.day].append(entry)
    return sorted(by_day.items())
