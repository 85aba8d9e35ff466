"""Dispute details and women's records: masked for every role but the chair, the federation admin and
the officer with the duty; every full view logged."""

from datetime import date

import pytest
from django.urls import reverse

from gonghui.core.models import SensitiveAccess
from gonghui.rights.tests.factories import (
    CareRecordFactory,
    ClaimFactory,
    DisputeCaseFactory,
    PetitionFactory,
)

pytestmark = pytest.mark.django_db

FULL = {"chair_a", "fed_admin", "rights_officer"}
MASKED = {"plain_officer", "women_officer", "fed_viewer"}


@pytest.fixture
def case(rights):
    case = DisputeCaseFactory(org=rights.union_a, applicants="秘密申请人", recorded_by=rights.chair_a)
    ClaimFactory(org=rights.union_a, case=case, note="秘密请求")
    return case


@pytest.mark.parametrize("role", sorted(FULL | MASKED))
def test_case_page_masks_and_logs_per_role(rights, case, login, role):
    client = login(getattr(rights, role))
    page = client.get(reverse("rights:case", args=[case.pk]))
    logged = SensitiveAccess.objects.filter(object_id=str(case.pk), user=getattr(rights, role)).count()
    body = page.content.decode()
    if role in FULL:
        assert page.status_code == 200 and "秘密申请人" in body and "秘密请求" in body
        assert logged == 1
    else:
        assert page.status_code == 200 and "秘密" not in body and 'data-testid="masked"' in body
        assert logged == 0
    api = client.get(f"/api/rights/cases/{case.pk}").json()
    assert (api["applicants"] == "秘密申请人") is (role in FULL)


@pytest.mark.parametrize("role", ["member_a", "group_leader_a", "chair_b"])
def test_members_group_leaders_and_other_unions_do_not_see_the_union_cases(rights, case, login, role):
    client = login(getattr(rights, role))
    assert client.get(reverse("rights:case", args=[case.pk])).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [("chair_a", 200), ("rights_officer", 200), ("plain_officer", 404), ("women_officer", 404)],
)
def test_petitions_need_the_rights_duty(rights, login, role, status):
    petition = PetitionFactory(org=rights.union_a, recorded_by=rights.chair_a)
    response = login(getattr(rights, role)).get(reverse("rights:petition", args=[petition.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"), [("chair_a", 200), ("women_officer", 200), ("fed_admin", 200), ("rights_officer", 404),
                         ("plain_officer", 404), ("fed_viewer", 404)],
)  # fmt: skip
def test_women_records_need_the_women_duty_and_are_logged(rights, login, role, status):
    record = CareRecordFactory(org=rights.union_a, recorded_by=rights.chair_a)
    user = getattr(rights, role)
    response = login(user).get(reverse("rights:care", args=[record.pk]))
    assert response.status_code == status
    assert SensitiveAccess.objects.filter(user=user, object_id=str(record.pk)).exists() is (status == 200)


def test_agreement_download_is_logged_and_refused_without_the_duty(rights, case, login):
    case.status, case.accepted_on, case.closed_on, case.result = (
        "agreed",
        date(2026, 5, 7),
        date(2026, 5, 10),
        "支付",
    )
    case.save()
    url = reverse("rights:agreement_docx", args=[case.pk])
    assert login(rights.plain_officer).get(url).status_code == 403
    response = login(rights.rights_officer).get(url)
    assert response.status_code == 200
    assert SensitiveAccess.objects.filter(
        user=rights.rights_officer, action="export", field="agreement"
    ).exists()


@pytest.mark.parametrize("role", sorted(FULL | MASKED))
def test_case_list_logs_the_applicants_it_shows_in_full(rights, case, login, role):
    user = getattr(rights, role)
    body = login(user).get(reverse("rights:overview", args=[rights.union_a.code])).content.decode()
    logged = SensitiveAccess.objects.filter(user=user, object_id=str(case.pk), action="list")
    assert ("秘密申请人" in body) is (role in FULL)
    assert logged.count() == (1 if role in FULL else 0)


@pytest.mark.parametrize(
    ("role", "status"), [("chair_a", 200), ("women_officer", 200), ("plain_officer", 403)]
)
def test_women_list_logs_every_record_it_shows(rights, login, role, status):
    records = [CareRecordFactory(org=rights.union_a, recorded_by=rights.chair_a) for _ in range(3)]
    user = getattr(rights, role)
    assert login(user).get(reverse("rights:women", args=[rights.union_a.code])).status_code == status
    logged = set(SensitiveAccess.objects.filter(user=user, action="list").values_list("object_id", flat=True))
    assert logged == ({str(r.pk) for r in records} if status == 200 else set())
