"""The calendar: a month grid from every registered source, and an iCalendar feed per org."""

import calendar
import hashlib
import hmac
from datetime import date, timedelta

from django.core import signing
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from gonghui.core import access
from gonghui.orgs.models import Org
from gonghui.plans.hooks import CalendarEntry, calendar_entries, calendar_source
from gonghui.plans.models import CalendarFeed, ScheduleItem

_SIGNER = signing.Signer(salt="gonghui.plans.ical")


@calendar_source
def schedule_items(org, start, end):
    """The org's own confirmed schedule items whose month or period overlaps [start, end]."""
    items = ScheduleItem.objects.in_confirmed_plans().filter(
        org=org, plan__year__gte=start.year, plan__year__lte=end.year
    )
    today = timezone.localdate()
    entries = []
    for item in items.select_related("plan"):
        if item.start_date <= end and item.due_date >= start:
            entries.append(
                CalendarEntry(
                    day=item.start_date,
                    end=item.due_date,
                    title=item.text,
                    url=reverse("plans:detail", kwargs={"plan_id": item.plan_id}),
                    state=item.state_on(today),
                )
            )
    return entries


# Entries of these kinds come from the plan itself; the rest (activities) is what the union publishes.
INTERNAL_KINDS = {"item"}


def entries_for(user, org, start: date, end: date) -> list:
    """The calendar as this viewer may see it: everything, or for a member the published entries only."""
    entries = calendar_entries(org, start, end)
    if user is None or access.sees_internal_work(user, org):
        return entries
    return [e for e in entries if e.kind not in INTERNAL_KINDS]


def month_grid(org, first: date, user=None) -> dict:
    """Weeks of days for the month, each day with its dated entries; month-long work listed apart.
    `user`: whose calendar (None: the whole calendar, as the token feed shows it)."""
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    entries = entries_for(user, org, first, last)
    spanning = [e for e in entries if e.end and e.end != e.day]
    by_day: dict[date, list] = {}
    for entry in entries:
        if not (entry.end and entry.end != entry.day):
            by_day.setdefault(entry.day, []).append(entry)
    weeks = [
        [(day, day.month == first.month, by_day.get(day, [])) for day in week]
        for week in calendar.Calendar().monthdatescalendar(first.year, first.month)
    ]
    previous = (first - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    return {"first": first, "weeks": weeks, "spanning": spanning, "previous": previous, "next": following}


def feed_token(org) -> str:
    key = CalendarFeed.objects.filter(org=org).values_list("key", flat=True).first()
    # an org that never replaced its key keeps the link it was first given
    return _SIGNER.sign(f"{org.code}:{key}" if key else org.code).rsplit(":", 1)[-1]


def feed_path(org) -> str:
    return reverse("plans:ical", kwargs={"org_code": org.code}) + f"?token={feed_token(org)}"


def feed_org(user, org_code, token) -> Org:
    """The org whose feed is asked for: visible to the logged-in user, or named by a valid token."""
    if user.is_authenticated:
        return access.get_org_for(user, org_code)
    org = Org.objects.filter(code=org_code).first()
    if org is None or not token or not _valid(org, token):
        raise Http404("找不到该日历。")
    return org


def _valid(org, token) -> bool:
    return hmac.compare_digest(token, feed_token(org))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545: lines longer than 75 octets continue on the next line after a space."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def ical(org, user=None) -> str:
    today = timezone.localdate()
    start, end = date(today.year - 1, 1, 1), date(today.year + 1, 12, 31)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Gonghui//工会工作台//ZH",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(org.name)}",
        "X-WR-TIMEZONE:Asia/Shanghai",
    ]
    for entry in entries_for(user, org, start, end):
        last = entry.end or entry.day
        uid = hashlib.sha1(f"{entry.kind}|{entry.day}|{entry.title}".encode()).hexdigest()[:20]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{org.code}-{uid}@gonghui",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{entry.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{last + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(entry.title)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
