"""The yearly review may change the household's income per head and level (recorded in the
CaseEvent); a pairing ends with a reason. Allowed, forbidden and bad input, service and page."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.care import services
from gonghui.care.models import CaseEvent, Level, Step
from gonghui.care.tests.factories import OnFileCaseFactory, PairingFactory

# Dates here count from "today" (not after today, a year after filing): the module runs at a fixed instant.
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=True)]


def test_review_records_changed_income_and_level(care):
    case = OnFileCaseFactory(org=care.group_a, member=care.needy)
    services.review_case(
        case=case, by=care.officer_a, note="女儿已工作", income_per_head=Decimal("980"), level=Level.RELATIVE
    )
    case.refresh_from_db()
    assert case.income_per_head == Decimal("980.00") and case.level == Level.RELATIVE
    assert case.next_review_on > TODAY
    event = CaseEvent.objects.get(case=case, step=Step.REVIEW)
    assert "650.00 元 → 980.00 元" in event.note and "深度困难 → 相对困难" in event.note
    assert "女儿已工作" in event.note and event.by == care.officer_a


def test_review_without_changes_keeps_the_figures(care):
    case = OnFileCaseFactory(org=care.group_a, member=care.needy)
    services.review_case(case=case, by=care.officer_a, note="", income_per_head=None, level="")
    case.refresh_from_db()
    assert case.income_per_head == Decimal("650.00") and case.level == Level.DEEP
    assert CaseEvent.objects.get(case=case, step=Step.REVIEW).note == "复核：情况无变化"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"income_per_head": Decimal("-1")}, "income_per_head"),
        ({"income_per_head": Decimal("99999999")}, "income_per_head"),
        ({"income_per_head": "abc"}, "income_per_head"),
        ({"level": "rich"}, "level"),
        ({"reviewed_on": TODAY + timedelta(days=1)}, "reviewed_on"),
    ],
)
def test_review_refuses_bad_input(care, changes, field):
    case = OnFileCaseFactory(org=care.group_a, member=care.needy)
    with pytest.raises(ValidationError) as raised:
        services.review_case(case=case, by=care.officer_a, note="", **changes)
    assert field in raised.value.error_dict
    case.refresh_from_db()
    assert case.income_per_head == Decimal("650.00") and not case.events.exists()


def test_review_page_allowed_forbidden_and_bad_input(care, login):
    case = OnFileCaseFactory(org=care.group_a, member=care.needy)
    url = reverse("care:case_review", args=[case.pk])
    page = login(care.officer_a).get(reverse("care:case", args=[case.pk])).content.decode()
    assert 'name="review-income_per_head"' in page and 'name="review-level"' in page
    bad = login(care.officer_a).post(url, {"review-income_per_head": "-5", "review-level": ""})
    assert bad.status_code == 422 and not case.events.exists()
    for user in (care.plain_officer, care.group_leader_a, care.fed_viewer):
        assert login(user).post(url, {"review-income_per_head": "900"}).status_code in (403, 404)
    assert login(care.chair_b).post(url, {"review-income_per_head": "900"}).status_code == 404
    ok = login(care.officer_a).post(
        url, {"review-income_per_head": "900", "review-level": "relative", "review-note": "复核"}
    )
    assert ok.status_code == 302
    case.refresh_from_db()
    assert case.income_per_head == Decimal("900.00") and case.level == Level.RELATIVE


def test_end_pairing_with_a_reason(care):
    pairing = PairingFactory(org=care.group_a)
    services.end_pairing(pairing=pairing, by=care.officer_a, reason="干部调离", ended_on=TODAY)
    pairing.refresh_from_db()
    assert pairing.ended_on == TODAY and pairing.end_reason == "干部调离"
    with pytest.raises(ValidationError, match="已于"):
        services.end_pairing(pairing=pairing, by=care.officer_a, reason="again")
    # The officer may be paired with the household again once the old pairing has ended.
    again = services.pair_officer(case=pairing.case, officer=pairing.officer, by=care.officer_a)
    assert again.ended_on is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reason": "  "}, "reason"),
        ({"ended_on": TODAY + timedelta(days=1)}, "ended_on"),
        ({"ended_on": date(2026, 1, 1)}, "ended_on"),  # before the pairing began (2026-01-21)
    ],
)
def test_end_pairing_refuses_bad_input(care, changes, field):
    pairing = PairingFactory(org=care.group_a)
    with pytest.raises(ValidationError) as raised:
        services.end_pairing(pairing=pairing, by=care.officer_a, **{"reason": "干部调离", **changes})
    assert field in raised.value.error_dict
    pairing.refresh_from_db()
    assert pairing.ended_on is None


def test_end_pairing_page_allowed_forbidden_and_bad_input(care, login):
    pairing = PairingFactory(org=care.group_a)
    url = reverse("care:pairing_end", args=[pairing.pk])
    page = login(care.officer_a).get(reverse("care:pairing", args=[pairing.pk])).content.decode()
    assert url in page and 'data-testid="pairing-end"' in page
    bad = login(care.officer_a).post(url, {"end-reason": "", "end-ended_on": TODAY.isoformat()})
    assert bad.status_code == 422 and "end-reason" in bad.content.decode()
    assert login(care.officer_a).get(url).status_code == 405
    for user in (care.plain_officer, care.group_leader_a, care.fed_viewer, care.member_a):
        assert login(user).post(url, {"end-reason": "x"}).status_code in (403, 404)
    assert login(care.chair_b).post(url, {"end-reason": "x"}).status_code == 404
    pairing.refresh_from_db()
    assert pairing.ended_on is None
    ok = login(care.chair_a).post(url, {"end-reason": "户已解困", "end-ended_on": TODAY.isoformat()})
    assert ok.status_code == 302 and ok["Location"] == reverse("care:case", args=[pairing.case_id])
    pairing.refresh_from_db()
    assert pairing.end_reason == "户已解困"
    detail = login(care.chair_a).get(reverse("care:case", args=[pairing.case_id])).content.decode()
    assert "户已解困" in detail
    again = login(care.chair_a).post(
        url, {"end-reason": "again", "end-ended_on": TODAY.isoformat()}, follow=True
    )
    assert "已于" in again.content.decode() and 'data-testid="pairing-end"' not in again.content.decode()
    pairing.refresh_from_db()
    assert pairing.end_reason == "户已解困"
