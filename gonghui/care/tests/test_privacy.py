"""Who sees what in care, role by role: pages, exports, the API and the sensitive-access log."""

import json

import pytest
from django.urls import reverse

from gonghui.care.models import Visit
from gonghui.care.tests.factories import AidFactory, OnFileCaseFactory, VisitFactory
from gonghui.core.models import SensitiveAccess

pytestmark = pytest.mark.django_db

# role → (sees visit rows, sees why/amounts, sees case details)
RULES = {
    "fed_admin": (True, True, True),
    "fed_viewer": (False, False, False),
    "chair_a": (True, True, True),
    "officer_a": (True, True, True),  # has the care duty
    "plain_officer": (True, False, False),
    "group_leader_a": (True, False, False),
    "member_a": (False, False, False),
}


@pytest.fixture
def records(care):
    visit = VisitFactory(org=care.group_a, member=care.patient, notes="胃癌术后化疗", money=666)
    case = OnFileCaseFactory(org=care.group_a, member=care.needy, cause_detail="尿毒症透析")
    AidFactory(org=care.group_a, case=case, amount=1234)
    return visit, case


@pytest.mark.parametrize("role", RULES)
def test_visit_list_and_detail_per_role(care, records, login, role):
    visit, _ = records
    sees_rows, sees_why, _ = RULES[role]
    client = login(getattr(care, role))
    listing = client.get(reverse("care:visit_list", args=[care.group_a.code]))
    detail = client.get(reverse("care:visit", args=[visit.pk]))
    if not sees_rows:
        assert listing.status_code == 403 and detail.status_code == 404
        return
    assert listing.status_code == 200 and detail.status_code == 200
    for page in (listing.content.decode(), detail.content.decode()):
        assert "王病人" in page
        assert ("生病住院" in page) is sees_why
        assert ("666.00" in page) is sees_why  # with the decimals: "666" alone turns up in random tokens
    assert ("胃癌术后化疗" in detail.content.decode()) is sees_why


def test_a_member_sees_that_he_was_visited_but_not_why(care, login):
    VisitFactory(org=care.group_a, member=care.member_a_record, notes="家庭矛盾调解")
    client = login(care.member_a)
    tab = client.get(reverse("care:member_visits", args=[care.member_a_record.pk])).content.decode()
    assert "不公开" in tab and "生病住院" not in tab and "家庭矛盾" not in tab
    api = client.get(f"/api/care/visits/{Visit.objects.get().pk}").json()
    assert api["occasion"] is None and api["notes"] is None and api["money"] is None


@pytest.mark.parametrize("role", RULES)
def test_case_pages_per_role(care, records, login, role):
    _, case = records
    *_, sees_case = RULES[role]
    client = login(getattr(care, role))
    detail = client.get(reverse("care:case", args=[case.pk]))
    listing = client.get(reverse("care:case_list", args=[care.group_a.code]))
    aid_tab = client.get(reverse("care:member_aid", args=[care.needy.pk]))
    if sees_case:
        assert detail.status_code == 200 and "尿毒症透析" in detail.content.decode()
        assert listing.status_code == 200
        assert "1234.00" in aid_tab.content.decode()
    else:
        assert detail.status_code in (403, 404) and listing.status_code in (403, 404)
        assert "1234.00" not in aid_tab.content.decode() and "尿毒症" not in aid_tab.content.decode()


def test_federation_viewer_sees_rolled_up_counts_and_amounts(care, records, login):
    client = login(care.fed_viewer)
    page = client.get(reverse("care:overview", args=[care.fed.code]), {"year": 2026}).content.decode()
    assert "1234" in page  # the aid amount, rolled up
    assert "王病人" not in page and "李困难" not in page
    summary = client.get(f"/api/care/{care.fed.code}/summary", {"year": 2026}).json()  # the factories' year
    assert summary["figures"]["care.aid_amount"] == 1234.0
    assert summary["figures"]["care.visits"] >= 0
    assert client.get(f"/api/care/{care.fed.code}/visits").status_code == 403
    assert client.get(f"/api/care/{care.fed.code}/cases").status_code == 403


def test_every_full_view_of_a_case_is_logged(care, records, login):
    _, case = records
    client = login(care.fed_admin)
    client.get(reverse("care:case", args=[case.pk]))
    client.get(f"/api/care/cases/{case.pk}")
    client.get(reverse("care:case_docx", args=[case.pk]))
    logged = SensitiveAccess.objects.filter(user=care.fed_admin, object_id=str(case.pk))
    assert sorted(logged.values_list("action", flat=True)) == ["export", "view", "view"]
    assert not SensitiveAccess.objects.filter(user=care.group_leader_a).exists()
    login(care.group_leader_a).get(reverse("care:case", args=[case.pk]))
    assert not SensitiveAccess.objects.filter(user=care.group_leader_a).exists()  # refused, so nothing seen


def test_id_numbers_are_masked_in_lists(care, records, login):
    _, case = records
    page = login(care.chair_a).get(reverse("care:case_list", args=[care.union_a.code])).content.decode()
    assert case.member.id_number not in page
    assert case.member.id_number[-4:] in page
    cases = login(care.chair_a).get(f"/api/care/{care.union_a.code}/cases").json()
    assert cases[0]["id_number"] != case.member.id_number and "*" in cases[0]["id_number"]


@pytest.mark.parametrize("role", RULES)
def test_api_visits_hide_why_per_role(care, records, login, role):
    sees_rows, sees_why, _ = RULES[role]
    response = login(getattr(care, role)).get(f"/api/care/{care.group_a.code}/visits")
    if not sees_rows:
        assert response.status_code in (403, 404)
        return
    row = response.json()[0]
    assert row["member_name"] == "王病人"
    assert (row["occasion"] == "hospitalised") is sees_why
    assert (row["notes"] == "胃癌术后化疗") is sees_why


def test_api_aid_rules_match_the_pages(care, login):
    case = OnFileCaseFactory(org=care.group_a)
    client = login(care.officer_a)
    body = {
        "case_id": str(case.pk),
        "kind": "living",
        "amount": "5000",
        "paid_on": "2026-01-05",
        "fund_source": "工会经费",
        "approved_by": "王主席",
    }
    refused = client.post(
        f"/api/care/{care.union_a.code}/aid", json.dumps(body), content_type="application/json"
    )
    assert refused.status_code == 422 and "超过单次上限" in refused.json()["detail"]
    garbage = client.post(f"/api/care/{care.union_a.code}/aid", "{not json", content_type="application/json")
    assert garbage.status_code == 422 and "格式不正确" in garbage.json()["detail"]
    body["amount"] = "800"
    assert (
        client.post(
            f"/api/care/{care.union_a.code}/aid", json.dumps(body), content_type="application/json"
        ).status_code
        == 201
    )
    plain = login(care.plain_officer).post(
        f"/api/care/{care.union_a.code}/aid", json.dumps(body), content_type="application/json"
    )
    assert plain.status_code == 403


def test_api_refuses_a_future_visit(care, login):
    body = {"member_id": str(care.patient.pk), "occasion": "hospitalised", "visited_on": "2099-01-01"}
    response = login(care.officer_a).post(
        f"/api/care/{care.union_a.code}/visits", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422 and "不能晚于今天" in response.json()["detail"]


def test_a_member_reports_his_own_hospitalisation(care, login):
    from gonghui.care.models import Occurrence

    client = login(care.member_a)
    assert client.get(reverse("care:index"))["Location"] == reverse("care:report_own")
    assert client.get(reverse("care:overview", args=[care.union_a.code])).status_code == 403
    assert client.get(f"/api/care/{care.union_a.code}/summary").status_code == 403
    response = client.post(
        reverse("care:report_own"), {"kind": "hospitalised", "occurred_on": "2026-01-02", "note": "县医院"}
    )
    assert response.status_code == 302
    occurrence = Occurrence.objects.get()
    assert occurrence.member == care.member_a_record and occurrence.reported_by == care.member_a
    # The care officer now has him on the list; the member cannot see the list.
    page = login(care.officer_a).get(reverse("care:to_visit", args=[care.union_a.code])).content.decode()
    assert "甲会员" in page
    assert login(care.member_a).get(reverse("care:to_visit", args=[care.union_a.code])).status_code in (
        403,
        404,
    )


def test_a_group_leader_reports_but_does_not_see_the_list(care, login):
    client = login(care.group_leader_a)
    response = client.post(
        reverse("care:occurrence_create", args=[care.group_a.code]),
        {"member": care.patient.pk, "kind": "bereavement", "occurred_on": "2026-01-02"},
    )
    assert response.status_code == 302
    assert client.get(reverse("care:to_visit", args=[care.group_a.code])).status_code == 403


def test_the_openapi_document_describes_the_care_bodies(care, login):
    spec = login(care.chair_a).get("/api/openapi.json").json()
    body = spec["paths"]["/api/care/{org_code}/aid"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]
    assert "$ref" not in json.dumps(body) and "living" in json.dumps(body)
