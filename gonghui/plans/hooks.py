"""Where other modules plug into plans' calendar. (Records that prove an item done are evidence
types in gonghui/reports/registry.py, registered in each app's reports.py.)

The activities app (and later care, democracy) registers here from its own AppConfig.ready() or
metrics/urls module, e.g.

    from gonghui.plans.hooks import CalendarEntry, calendar_source

    @calendar_source
    def activities_on_calendar(org, start, end):
        return [CalendarEntry(day=a.starts_on, title=a.title, url=a.get_absolute_url(), kind="activity")
                for a in Activity.objects.in_subtree(org).filter(starts_on__range=(start, end))]

Sources get the org already checked for the viewer; they must only return rows of that org's subtree.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

_CALENDAR_SOURCES: list[Callable] = []


@dataclass(frozen=True)
class CalendarEntry:
    day: date
    title: str
    url: str = ""
    kind: str = "item"  # item | activity | …, used as a CSS hint
    state: str = ""
    end: date | None = None


def calendar_source(function: Callable) -> Callable:
    if function not in _CALENDAR_SOURCES:
        _CALENDAR_SOURCES.append(function)
    return function


def calendar_entries(org, start: date, end: date) -> list[CalendarEntry]:
    entries = []
    for source in _CALENDAR_SOURCES:
        entries.extend(source(org, start, end))
    return entries
