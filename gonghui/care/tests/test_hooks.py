"""Care on other modules' pages: the member page's tabs and plan evidence."""

from datetime import date

import pytest
from django.urls import reverse

from gonghui.care.tests.factories import VisitFactory
from gonghui.members.tabs import member_tabs

pytestmark = pytest.mark.django_db


def test_tabs_are_registered():
    keys = {t.key: t for t in member_tabs()}
    assert keys["visits"].label == "走访" and keys["aid"].label == "帮扶"


def test_member_page_loads_the_care_tabs(care, login):
    VisitFactory(org=care.group_a, member=care.patient)
    page = login(care.chair_a).get(reverse("members:detail", args=[care.patient.pk])).content.decode()
    assert reverse("care:member_visits", args=[care.patient.pk]) in page
    assert reverse("care:member_aid", args=[care.patient.pk]) in page
    tab = login(care.chair_a).get(reverse("care:member_visits", args=[care.patient.pk])).content.decode()
    assert "生病住院" in tab


def test_visits_are_evidence_for_schedule_items_of_their_months(care):
    from gonghui.plans.item_views import pick_rows
    from gonghui.plans.tests.factories import PlanFactory, ScheduleItemFactory
    from gonghui.reports.registry import evidence_type

    march = VisitFactory(org=care.group_a, visited_on=date(2026, 3, 5))
    VisitFactory(org=care.group_a, visited_on=date(2026, 6, 5))
    VisitFactory(org=care.union_b, visited_on=date(2026, 3, 5))
    plan = PlanFactory(org=care.union_a, year=2026)
    item = ScheduleItemFactory(org=care.union_a, plan=plan, month=3, text="开展五必访")
    picks = pick_rows(care.chair_a, item, evidence_type("care.visit"), "")
    assert picks[0] == march and len(picks) == 2  # the item's month first, then the rest of its union's year


def test_a_visit_offered_as_evidence_does_not_say_who_or_why(care):
    visit = VisitFactory(org=care.group_a, member=care.patient, visited_on=date(2026, 3, 5))
    assert str(visit) == "走访慰问 2026-03-05（王某）"


def test_the_aid_tab_is_shown_only_to_care_holders(care, login):
    aid_url = reverse("care:member_aid", args=[care.patient.pk])
    visits_url = reverse("care:member_visits", args=[care.patient.pk])
    detail = reverse("members:detail", args=[care.patient.pk])
    for user in (care.chair_a, care.officer_a, care.fed_admin):  # officer_a holds the care duty
        page = login(user).get(detail).content.decode()
        assert aid_url in page and 'href="#tab-aid"' in page, user.username
    for user in (care.plain_officer, care.group_leader_a, care.fed_viewer):
        page = login(user).get(detail).content.decode()
        assert aid_url not in page and 'href="#tab-aid"' not in page, user.username
        assert visits_url in page  # the visits tab stays: that a visit happened is not secret


def test_member_tabs_without_a_request_lists_every_tab(care):
    from gonghui.members.tabs import MemberTab, needs

    assert "aid" in [t.key for t in member_tabs()]
    tab = MemberTab(key="x", label="x", url_name="x", visible=needs("care"))

    class Request:
        user = care.plain_officer

    assert not tab.shown_to(Request, care.patient)
    Request.user = care.chair_a
    assert tab.shown_to(Request, care.patient)
