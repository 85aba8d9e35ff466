"""The publishing plan: which publications are due, when, and whether they went out on time.

"Due publications" come from sources registered here. Built in: each union's publishing rules
(its own `PublishingRule` rows, else the defaults for its unit type: village finances monthly and
general village affairs quarterly — 村民委员会组织法 第三十条, rule 16 — school and factory affairs
quarterly). Another module adds its own, e.g. the congress agenda 7 days before a session and its
results within 3 days after (rule 15):

    from gonghui.voice.publishing import Due, register_due_source

    @register_due_source
    def congress_dues(orgs, start, end) -> list[Due]: ...

A source gets the orgs (a subtree queryset) and a period and returns the `Due` items whose due day
falls in it. `open_affairs_rate` (done on time / due) counts every source.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from gonghui.orgs.models import OrgKind
from gonghui.voice.models import Category, Frequency, Notice, NoticeKind, PublishingRule


@dataclass(frozen=True)
class Due:
    org_id: int
    org_name: str
    label: str  # what must be published, in Chinese: "村务公开·财务收支（2026年5月）"
    due_on: date  # the last day it may go out and still be on time
    done_on: date | None  # the day it went out (posted long enough), or None
    source: str = "plan"

    @property
    def on_time(self) -> bool:
        return self.done_on is not None and self.done_on <= self.due_on

    def status(self, today: date) -> str:
        if self.on_time:
            return "done"
        if self.done_on is not None:
            return "late"
        return "overdue" if today > self.due_on else "pending"

    def status_label(self, today: date) -> str:
        return {"done": "按时公开", "late": "逾期公开", "overdue": "逾期未公开", "pending": "待公开"}[
            self.status(today)
        ]


DueSource = Callable[..., Iterable[Due]]
_SOURCES: list[DueSource] = []


def register_due_source(source: DueSource) -> DueSource:
    """Add a source of due publications (idempotent: a re-import does not count twice)."""
    name = f"{source.__module__}.{source.__qualname__}"
    _SOURCES[:] = [s for s in _SOURCES if f"{s.__module__}.{s.__qualname__}" != name]
    _SOURCES.append(source)
    return source


def sources() -> list[DueSource]:
    return list(_SOURCES)


def due_publications(orgs, start: date, end: date) -> list[Due]:
    """Every due publication of `orgs` whose due day falls in [start, end], from every source."""
    found = [due for source in _SOURCES for due in source(orgs, start, end)]
    return sorted(found, key=lambda d: (d.due_on, d.org_name, d.label))


def counted(dues: Iterable[Due], today: date) -> list[Due]:
    """The dues that count in a rate today: those whose day has come, and any already done."""
    return [d for d in dues if d.due_on <= today or d.done_on is not None]


# ---- the built-in source: each union's rules ----------------------------------------------

# (kind, category or "" for any, frequency) per unit type; anything else publishes its own union affairs.
DEFAULT_RULES = {
    "village": [
        (NoticeKind.VILLAGE, Category.FINANCE, Frequency.MONTHLY),
        (NoticeKind.VILLAGE, "", Frequency.QUARTERLY),
    ],
    "school": [(NoticeKind.SCHOOL, "", Frequency.QUARTERLY)],
    "enterprise": [(NoticeKind.FACTORY, "", Frequency.QUARTERLY)],
    "joint": [(NoticeKind.FACTORY, "", Frequency.QUARTERLY)],
    "work_area": [(NoticeKind.FACTORY, "", Frequency.QUARTERLY)],
}
FALLBACK_RULES = [(NoticeKind.UNION, "", Frequency.QUARTERLY)]
MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.HALF_YEARLY: 6, Frequency.YEARLY: 12}


def rules_for(org, own=None) -> list[tuple[str, str, str]]:
    """The org's rules as (kind, category, frequency): its own, else its unit type's defaults."""
    own = list(own if own is not None else PublishingRule.objects.filter(org=org))
    if own:
        return [(r.kind, r.category, r.frequency) for r in own]
    return DEFAULT_RULES.get(org.unit_type, FALLBACK_RULES)


def periods(frequency: str, start: date, end: date) -> list[tuple[date, date]]:
    """The calendar periods of that length whose last day falls in [start, end]."""
    step = MONTHS[frequency]
    found = []
    year, month = start.year, 1
    while date(year, month, 1) <= end:
        last_month = month + step - 1
        period_end = date(year, last_month, calendar.monthrange(year, last_month)[1])
        if start <= period_end <= end:
            found.append((date(year, month, 1), period_end))
        month += step
        if month > 12:
            year, month = year + 1, 1
    return found


def period_name(frequency: str, first: date) -> str:
    if frequency == Frequency.MONTHLY:
        return f"{first.year}年{first.month}月"
    if frequency == Frequency.QUARTERLY:
        return f"{first.year}年第{(first.month - 1) // 3 + 1}季度"
    if frequency == Frequency.HALF_YEARLY:
        return f"{first.year}年{'上' if first.month == 1 else '下'}半年"
    return f"{first.year}年"


@register_due_source
def plan_dues(orgs, start: date, end: date) -> list[Due]:
    """Each union's rules over the period: a period's publication is done when a notice of that
    kind (and category) went out inside the period and stayed up long enough."""
    unions = list(orgs.filter(kind=OrgKind.UNION))
    if not unions:
        return []
    own = defaultdict(list)
    for rule in PublishingRule.objects.filter(org__in=unions):
        own[rule.org_id].append(rule)
    earliest = date(start.year, 1, 1)
    notices = defaultdict(list)
    for notice in Notice.objects.filter(org__in=unions).published().in_period(earliest, end):
        if notice.posted_long_enough:
            notices[notice.org_id].append(notice)
    found = []
    for org in unions:
        for kind, category, frequency in rules_for(org, own[org.pk]):
            what = NoticeKind(kind).label + (f"·{Category(category).label}" if category else "")
            for first, last in periods(frequency, start, end):
                went_out = [
                    n.publish_from
                    for n in notices[org.pk]
                    if n.kind == kind
                    and (not category or n.category == category)
                    and first <= n.publish_from <= last
                ]
                found.append(
                    Due(
                        org_id=org.pk,
                        org_name=org.name,
                        label=f"{what}（{period_name(frequency, first)}）",
                        due_on=last,
                        done_on=min(went_out) if went_out else None,
                    )
                )
    return found
