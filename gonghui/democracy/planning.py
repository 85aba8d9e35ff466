"""Congress sessions on the plans calendar (registered from DemocracyConfig.ready()): the session day,
and the day its materials are due to the delegates (rule 10)."""

from datetime import timedelta

from django.urls import reverse

from gonghui.democracy.models import Session, SessionStatus
from gonghui.plans.hooks import CalendarEntry, calendar_source

MAX_LEAD = timedelta(days=60)  # the longest materials lead time a congress may set (the form caps it)


@calendar_source
def sessions_on_calendar(org, start, end):
    entries = []
    sessions = Session.objects.in_subtree(org).select_related("congress").order_by("held_on")
    for session in sessions.filter(held_on__gte=start, held_on__lte=end + MAX_LEAD):
        url = reverse("democracy:session", kwargs={"session_id": session.pk})
        if start <= session.held_on <= end:
            entries.append(CalendarEntry(day=session.held_on, title=session.title, url=url, kind="activity"))
        due = session.materials_due_on
        if (
            start <= due <= end
            and session.status != SessionStatus.CLOSED
            and session.materials_sent_on is None
        ):
            entries.append(
                CalendarEntry(day=due, title=f"{session.title}材料送达代表截止", url=url, kind="item")
            )
    return entries
