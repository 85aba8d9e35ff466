"""Where the union's own work meets its plan: the plan's frequency targets on our metrics
(每月研究工作 → unionwork.meetings.committee, 每季集中学习 → unionwork.study_sessions) become the
meetings and study sessions due each month or quarter, shown on the plan calendar until held.

Registered with the plans app's calendar from UnionworkConfig.ready().
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from gonghui.plans.frequency import FrequencyProgress, frequency_of_target, frequency_progress, spans
from gonghui.plans.hooks import CalendarEntry, calendar_source
from gonghui.plans.models import Plan

# Metric key → (what is due, the page that records one, its query).
DUE_KINDS = {
    "unionwork.meetings.committee": ("工会委员会会议", "unionwork:meeting_create", {"kind": "committee"}),
    "unionwork.meetings.chair_office": ("主席办公会", "unionwork:meeting_create", {"kind": "chair_office"}),
    "unionwork.meetings": ("工会会议", "unionwork:meeting_create", {}),
    "unionwork.study_sessions": ("集中学习", "unionwork:study_create", {}),
}
EVERY = {"month": "每月", "quarter": "每季度"}


@dataclass
class Rhythm:
    """One frequency target of the union's own work and how each of its periods went."""

    target: object
    what: str
    url: str
    progress: FrequencyProgress

    @property
    def heading(self) -> str:
        return f"{EVERY[self.progress.frequency]}{self.what}至少{self.target.value.normalize():f}次"


def rhythms(org, year: int, today: date | None = None) -> list[Rhythm]:
    """The org's confirmed plan's frequency targets measured by our metrics, period by period."""
    today = today or timezone.localdate()
    plan = Plan.objects.current_for(org, year)
    if plan is None:
        return []
    found = []
    for target in plan.targets.filter(metric_key__in=DUE_KINDS).order_by("order"):
        frequency = frequency_of_target(target)
        if not frequency:
            continue
        what, url_name, query = DUE_KINDS[target.metric_key]
        url = reverse(url_name, kwargs={"org_code": org.code}) + (f"?{urlencode(query)}" if query else "")
        progress = frequency_progress(
            key=target.metric_key,
            org=org,
            year=year,
            goal=float(target.value),
            frequency=frequency,
            today=today,
        )
        found.append(Rhythm(target, what, url, progress))
    return found


@calendar_source
def due_on_calendar(org, start, end):
    """Each month's or quarter's meeting or study still owed: planned from the frequency target,
    gone from the calendar once one is on record."""
    today = timezone.localdate()
    entries = []
    for year in range(start.year, end.year + 1):
        for rhythm in rhythms(org, year, today=date(year, 12, 31)):
            float(rhythm.target.value)
            held = {r.span: r.met for r in rhythm.progress.results}
            for span in spans(year, rhythm.progress.frequency):
                if span.end < start or span.start > end or held.get(span, False):
                    continue
                state = "planned" if span.start > today else "overdue" if span.end < today else "due"
                entries.append(
                    CalendarEntry(
                        day=span.start,
                        end=span.end,
                        title=f"应召开{rhythm.what}（{EVERY[rhythm.progress.frequency]}）"
                        if "会" in rhythm.what
                        else f"应组织{rhythm.what}（{EVERY[rhythm.progress.frequency]}）",
                        url=rhythm.url,
                        kind="item",  # the union's internal work: members do not see it
                        state=state,
                    )
                )
    return entries
