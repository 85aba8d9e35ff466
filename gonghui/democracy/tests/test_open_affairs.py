"""A session owes its agenda and results to open affairs; a 代表 notice reaches the seated delegates."""

from datetime import date

import pytest

from gonghui.democracy.models import Session, SessionStatus
from gonghui.voice.models import Category
from gonghui.voice.publishing import due_publications
from gonghui.voice.services import delegate_ids
from gonghui.voice.tests.factories import NoticeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(date(2026, 6, 20))]


def congress_dues(org):
    return {
        d.label: d
        for d in due_publications(org.subtree(), date(2026, 6, 1), date(2026, 6, 30))
        if d.source == "congress"
    }


def test_a_session_owes_its_agenda_seven_days_before_and_its_results_three_days_after(congress_world):
    w = congress_world
    Session.objects.filter(pk=w.session.pk).update(
        status=SessionStatus.CLOSED, results_closed_on=date(2026, 6, 15)
    )
    dues = congress_dues(w.union_a)
    agenda, results = (dues[f"职代会事项·{w.session}{what}"] for what in ("会议议程", "会议结果"))
    assert (agenda.due_on, agenda.done_on) == (date(2026, 6, 8), None)
    assert (results.due_on, results.done_on) == (date(2026, 6, 18), None)
    assert agenda.status(date(2026, 6, 20)) != "done"

    NoticeFactory(org=w.union_a, category=Category.CONGRESS, publish_from=date(2026, 6, 5))
    NoticeFactory(org=w.union_a, category=Category.CONGRESS, publish_from=date(2026, 6, 19))  # a day late
    NoticeFactory(
        org=w.union_b, category=Category.CONGRESS, publish_from=date(2026, 6, 16)
    )  # another union's
    dues = congress_dues(w.union_a)
    agenda, results = (dues[f"职代会事项·{w.session}{what}"] for what in ("会议议程", "会议结果"))
    assert agenda.on_time and agenda.done_on == date(2026, 6, 5)
    assert not results.on_time and results.done_on == date(2026, 6, 19)


def test_a_session_never_held_owes_nothing(congress_world):
    w = congress_world
    Session.objects.filter(pk=w.session.pk).update(held_on=date(2026, 6, 18))  # still 筹备中 after its day
    assert congress_dues(w.union_a) == {}


def test_a_delegates_notice_reaches_the_seated_delegates(congress_world):
    w = congress_world
    seated = delegate_ids(w.union_a)
    assert w.member_a_record.pk in seated and len(seated) == 6
    assert delegate_ids(w.union_b) == set()
