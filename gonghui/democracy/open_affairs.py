"""Where the congress meets open affairs (voice): a session owes two publications (rule 15's
congress items: the agenda at least 7 days before, the results within 3 days after they are fixed),
and a notice addressed to 代表 reaches the congress's seated delegates.

Registered with voice from DemocracyConfig.ready(), so `democracy.open_affairs_rate` counts them.
"""

from datetime import date, timedelta

from django.utils import timezone

from gonghui.democracy.models import Delegate, Session, SessionStatus
from gonghui.voice.models import Category, Notice
from gonghui.voice.publishing import Due, register_due_source
from gonghui.voice.services import register_delegates

# How far before a session an agenda notice, or after the results a results notice, still belongs to it.
LOOK = timedelta(days=60)


@register_due_source
def congress_dues(orgs, start: date, end: date) -> list[Due]:
    """Each session's agenda and results publications whose due day falls in [start, end]; done by
    the first 职代会事项 notice of the session's union in the weeks around it."""
    sessions = (
        Session.objects.filter(org__in=orgs, held_on__gte=start - LOOK, held_on__lte=end + LOOK)
        .exclude(status=SessionStatus.PLANNED, held_on__lt=timezone.localdate())
        .select_related("org", "congress")
    )
    sessions = list(sessions)
    if not sessions:
        return []
    notices = {}
    for org_id, day in (
        Notice.objects.filter(org__in={s.org_id for s in sessions}, category=Category.CONGRESS)
        .published()
        .values_list("org_id", "publish_from")
    ):
        notices.setdefault(org_id, []).append(day)
    found = []
    for session in sessions:
        days = sorted(notices.get(session.org_id, []))
        agenda = next((d for d in days if session.held_on - LOOK <= d <= session.held_on), None)
        found.append(_due(session, "会议议程", session.agenda_publish_by, agenda))
        if session.results_closed_on:
            closed = session.results_closed_on
            results = next((d for d in days if closed <= d <= closed + LOOK), None)
            found.append(_due(session, "会议结果", session.results_publish_by, results))
    return [due for due in found if start <= due.due_on <= end]


def _due(session, what, due_on, done_on) -> Due:
    return Due(
        org_id=session.org_id,
        org_name=session.org.name,
        label=f"职代会事项·{session}{what}",
        due_on=due_on,
        done_on=done_on,
        source="congress",
    )


@register_delegates
def seated_delegates(org):
    """Members holding a delegate's seat today in the org's subtree (a 代表 audience)."""
    return Delegate.objects.in_subtree(org).current().values_list("member_id", flat=True)
