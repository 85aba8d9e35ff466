"""The pages: every list and form opens, bad input gets a Chinese message (never a 500), the steps
run through the views."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.care.tests.factories import member_in
from gonghui.members.models import Gender
from gonghui.rights.models import CaseStatus, CollectiveContract, DisputeCase, Petition
from gonghui.rights.tests.factories import CheckCampaignFactory, DisputeCaseFactory, HealthCheckFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    ["overview", "case_create", "petition_list", "petition_create", "contract_create", "women", "care_create",
     "campaign_create"],
)  # fmt: skip
def test_pages_open_for_the_chair(world, login, name):
    assert login(world.chair_a).get(reverse(f"rights:{name}", args=[world.union_a.code])).status_code == 200


def test_federation_overview_lists_union_cases_masked(world, login):
    DisputeCaseFactory(org=world.union_a, applicants="秘密申请人")
    page = login(world.fed_viewer).get(reverse("rights:overview", args=[world.fed.code]))
    assert (
        page.status_code == 200
        and "2026-" in page.content.decode()
        and "秘密申请人" not in page.content.decode()
    )


def test_federation_overview_shows_each_unions_key_clauses(world, login):
    from gonghui.rights.tests.factories import CollectiveContractFactory

    CollectiveContractFactory(org=world.union_a, title="甲村合同", wage_increase_pct=5.5, minimum_wage=2300)
    CollectiveContractFactory(org=world.union_b, title="乙校合同", wage_increase_pct=4, minimum_wage=2480)
    body = login(world.fed_viewer).get(reverse("rights:overview", args=[world.fed.code])).content.decode()
    assert "甲村合同" in body and "乙校合同" in body
    assert "5.5%" in body and "4%" in body and "2480" in body


def test_case_form_refuses_a_future_date_in_chinese(world, login):
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = {"applicants": "李", "respondent": "某厂", "matter": "欠薪", "received_on": tomorrow.isoformat(),
            "claim_kind": "wages", "claim_amount": "-5"}  # fmt: skip
    page = login(world.chair_a).post(reverse("rights:case_create", args=[world.union_a.code]), data)
    assert page.status_code == 422
    body = page.content.decode()
    assert "不能晚于今天" in body and not DisputeCase.objects.exists()


def test_case_steps_through_the_views(world, login):
    client = login(world.chair_a)
    case = DisputeCaseFactory(org=world.union_a, received_on=date(2026, 6, 10), recorded_by=world.chair_a)
    url = reverse("rights:case_accept", args=[case.pk])
    bad = client.post(url, {"accept-accepted_on": "2026-06-01"})
    assert bad.status_code == 422 and "不能早于收到申请日期" in bad.content.decode()
    assert client.post(url, {"accept-accepted_on": "2026-06-11", "accept-mediator": "周"}).status_code == 302
    refer = client.post(reverse("rights:case_refer", args=[case.pk]), {"refer-on": "2026-06-12"})
    assert refer.status_code == 422  # the clock (6-25) has not run out
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED


def test_overdue_case_tells_the_parties_they_may_arbitrate(world, login):
    case = DisputeCaseFactory(org=world.union_a, received_on=date(2026, 5, 6))
    page = login(world.chair_a).get(reverse("rights:case", args=[case.pk]))
    assert "当事人可依法申请仲裁" in page.content.decode()
    listed = login(world.chair_a).get(
        reverse("rights:overview", args=[world.union_a.code]), {"status": "overdue"}
    )
    assert case.number in listed.content.decode()


def test_not_quorate_approval_is_refused_on_the_page(world, login):
    contract = CollectiveContract.objects.create(
        org=world.union_a, kind="general", title="合同", employer="厂", requested_on=date(2026, 1, 5)
    )
    data = {"approval-approved_on": "2026-02-01", "approval-delegates_total": "30",
            "approval-delegates_present": "10", "approval-votes_yes": "10"}  # fmt: skip
    page = login(world.chair_a).post(reverse("rights:contract_approval", args=[contract.pk]), data)
    assert page.status_code == 422 and "不足应到30人的三分之二" in page.content.decode()


def test_five_period_form_refuses_a_man(world, login):
    man = member_in(world.union_a, gender=Gender.MALE)
    data = {"member": str(man.pk), "period": "pregnancy", "consent": "on", "started_on": "2026-01-01",
            "due_date": "2026-09-01", "babies": "1"}  # fmt: skip
    page = login(world.chair_a).post(reverse("rights:care_create", args=[world.union_a.code]), data)
    assert page.status_code == 422 and "五期记录只为女职工登记" in page.content.decode()


def test_petition_recorded(world, login):
    data = {"received_on": "2026-06-01", "petitioner": "王", "people": "4", "matter": "排班"}
    response = login(world.chair_a).post(reverse("rights:petition_create", args=[world.union_a.code]), data)
    assert response.status_code == 302 and Petition.objects.get().collective


def test_check_result_set(world, login):
    check = HealthCheckFactory(org=world.union_a, campaign=CheckCampaignFactory(org=world.union_a))
    client = login(world.chair_a)
    client.post(reverse("rights:check_set", args=[check.pk]), {"result": "follow_up"})
    check.refresh_from_db()
    assert check.result == "follow_up"
    page = client.get(reverse("rights:campaign", args=[check.campaign_id]))
    assert page.status_code == 200


def test_api_creates_a_case_and_lists_it_masked(world, login):
    client = login(world.chair_a)
    today = timezone.localdate()
    body = {"applicants": "李", "respondent": "某厂", "matter": "欠薪", "received_on": "2026-06-01",
            "claims": [{"kind": "wages", "amount": "500"}]}  # fmt: skip
    created = client.post(f"/api/rights/{world.union_a.code}/cases", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["deadline"] == "2026-06-16"
    listed = client.get(f"/api/rights/{world.union_a.code}/cases").json()
    assert listed[0]["applicants"] is None and listed[0]["days_left"] == (date(2026, 6, 16) - today).days
    future = (today + timedelta(days=1)).isoformat()
    bad = client.post(f"/api/rights/{world.union_a.code}/cases", {**body, "received_on": future},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code in (400, 422) and "今天" in bad.json()["detail"]


def test_case_page_shows_the_acceptance_and_review_windows(world, login):
    case = DisputeCaseFactory(org=world.union_a, received_on=date(2026, 2, 13))
    page = login(world.chair_a).get(reverse("rights:case", args=[case.pk])).content.decode()
    assert "应于 2026-02-25 前（3个工作日内）决定是否受理" in page
    case.status, case.closed_on = CaseStatus.AGREED, date(2026, 3, 1)
    case.save()
    page = login(world.chair_a).get(reverse("rights:case", args=[case.pk])).content.decode()
    assert "2026-03-16 前共同向仲裁委员会申请仲裁审查确认" in page


def test_women_guard_on_the_dashboard_for_the_womens_officer_only(rights, login):
    from gonghui.rights.tests.factories import CareRecordFactory

    today = timezone.localdate()
    CareRecordFactory(
        org=rights.union_a, started_on=today - timedelta(days=200), due_date=today + timedelta(days=30)
    )
    assert (
        "不得安排加班和夜班" in login(rights.women_officer).get(reverse("plans:dashboard")).content.decode()
    )
    assert (
        "不得安排加班和夜班"
        not in login(rights.plain_officer).get(reverse("plans:dashboard")).content.decode()
    )


def test_api_refuses_odd_input_in_chinese(world, login):
    client = login(world.chair_a)
    url = f"/api/rights/{world.union_a.code}/cases"
    body = {"applicants": "李", "respondent": "某厂", "matter": "欠薪", "received_on": "0001-01-01"}
    old = client.post(url, body, content_type="application/json")
    assert old.status_code in (400, 422) and "2000" in old.json()["detail"]
    huge = {**body, "received_on": "2026-06-01", "claims": [{"kind": "wages", "amount": "1e20"}]}
    assert client.post(url, huge, content_type="application/json").status_code in (400, 422)
    assert not DisputeCase.objects.exists()
