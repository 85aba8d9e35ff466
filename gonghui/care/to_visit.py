"""Who should be visited: reported occurrences not yet visited, birthdays and retirements ahead."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from gonghui.care.models import Occasion, Occurrence, Visit
from gonghui.members.models import Member, MemberStatus


@dataclass
class ToVisit:
    occurrences: list = field(default_factory=list)
    birthdays: list = field(default_factory=list)  # (member, birthday this year)
    retirements: list = field(default_factory=list)  # (member, retirement date)

    @property
    def total(self):
        return len(self.occurrences) + len(self.birthdays) + len(self.retirements)


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return date(day.year + years, 3, 1)


def _next_anniversary(birth: date, today: date) -> date:
    for year in (today.year, today.year + 1):
        day = _shift_years(birth, year - birth.year)
        if day >= today:
            return day
    return day


def _not_visited_since(occasion, since):
    return ~Exists(Visit.objects.filter(member=OuterRef("pk"), occasion=occasion, visited_on__gte=since))


def upcoming_birthdays(members, today: date, days: int):
    days = max(0, min(days, 92))
    # One month test per month of the window, then its days: a date part costs a function call per row
    # on SQLite, and one (month, day) pair per day of the window made sixteen of them.
    days_of = {}
    for n in range(days + 1):
        d = today + timedelta(days=n)
        days_of.setdefault(d.month, []).append(d.day)
    match = reduce(or_, (Q(birth_date__month=month, birth_date__day__in=ds) for month, ds in days_of.items()))
    found = members.filter(match).filter(_not_visited_since(Occasion.BIRTHDAY, today - timedelta(days=30)))
    rows = [(m, _next_anniversary(m.birth_date, today)) for m in found.select_related("org")]
    return sorted(rows, key=lambda row: (row[1], row[0].name))


def upcoming_retirements(members, today: date, days: int):
    """Members reaching retirement age in the window (ages by gender in settings)."""
    days = max(0, min(days, 366))
    ages = settings.GONGHUI_RETIREMENT_AGE
    match = reduce(
        or_,
        (
            Q(
                gender=gender,
                birth_date__gte=_shift_years(today, -age),
                birth_date__lte=_shift_years(today + timedelta(days=days), -age),
            )
            for gender, age in ages.items()
        ),
    )
    found = members.filter(match).filter(
        _not_visited_since(Occasion.RETIREMENT, today - timedelta(days=days))
    )
    rows = [(m, _shift_years(m.birth_date, ages[m.gender])) for m in found.select_related("org")]
    return sorted(rows, key=lambda row: (row[1], row[0].name))


def who_to_visit(org, *, today=None, birthday_days=None, retirement_days=None) -> ToVisit:
    today = today or date.today()
    members = Member.objects.in_subtree(org).filter(status=MemberStatus.ACTIVE, birth_date__isnull=False)
    return ToVisit(
        occurrences=list(Occurrence.objects.in_subtree(org).awaiting_visit()),
        birthdays=upcoming_birthdays(
            members, today, settings.GONGHUI_CARE_BIRTHDAY_DAYS if birthday_days is None else birthday_days
        ),
        retirements=upcoming_retirements(
            members,
            today,
            settings.GONGHUI_CARE_RETIREMENT_DAYS if retirement_days is None else retirement_days,
        ),
    )
