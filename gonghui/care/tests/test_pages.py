"""Every care page renders for the chair; bad input gets Chinese errors, never a 500."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from gonghui.care.models import CaseStatus, HardshipCase, Visit
from gonghui.care.tests.factories import (
    AidFactory,
    CampaignItemFactory,
    CaseDocumentFactory,
    HardshipCaseFactory,
    OccurrenceFactory,
    OnFileCaseFactory,
    PairingFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db


def test_every_page_renders_for_the_chair(care, login):
    client = login(care.chair_a)
    visit = VisitFactory(org=care.group_a, member=care.patient)
    case = OnFileCaseFactory(org=care.group_a, member=care.needy)
    AidFactory(org=care.group_a, case=case)
    pairing = PairingFactory(org=care.group_a, case=case)
    item = CampaignItemFactory(org=care.group_a)
    OccurrenceFactory(org=care.group_a)
    document = CaseDocumentFactory(org=care.group_a, case=case)
    code = care.union_a.code
    urls = [
        reverse("care:index"),
        reverse("care:overview", args=[code]),
        reverse("care:visit_list", args=[code]),
        reverse("care:visit_create", args=[code]),
        reverse("care:to_visit", args=[code]),
        reverse("care:occurrence_create", args=[code]),
        reverse("care:campaign_list", args=[code]),
        reverse("care:case_list", args=[code]),
        reverse("care:case_create", args=[code]),
        reverse("care:aid_list", args=[code]),
        reverse("care:aid_create", args=[code]) + f"?case={case.pk}",
        reverse("care:visit", args=[visit.pk]),
        reverse("care:campaign", args=[item.campaign_id]),
        reverse("care:case", args=[case.pk]),
        reverse("care:pairing", args=[pairing.pk]),
        reverse("care:pairing_create", args=[case.pk]),
        reverse("care:document", args=[document.pk]),
        reverse("care:case_docx", args=[case.pk]),
    ]
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
    for ledger in ("visits_ledger", "cases_ledger", "aid_ledger"):  # started by POST: they queue a task
        response = client.post(reverse(f"care:{ledger}", args=[code]), follow=True)
        assert response.status_code == 200 and "ledgers/" in response.context["progress"].result["url"]


def test_recording_a_visit_through_the_form(care, login):
    client = login(care.officer_a)
    response = client.post(
        reverse("care:visit_create", args=[care.union_a.code]),
        {
            "member": care.patient.pk,
            "occasion": "hospitalised",
            "visited_on": date.today().isoformat(),
            "visitors": [care.officer_record.pk],
            "money": "500",
            "goods": "水果",
            "notes": "术后恢复",
        },
    )
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("care:visit", args=[visit.pk])
    assert visit.visitor_names() == "赵委员"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"visited_on": (date.today() + timedelta(days=1)).isoformat()}, "visited_on", "不能晚于今天"),
        ({"money": "-5"}, "money", ""),
        ({"money": "abc"}, "money", ""),
        ({"money": "99999999999999"}, "money", ""),
        ({"money": "5000"}, "money", "超过单次上限"),
        ({"member": "not-a-member"}, "member", ""),
        ({"visited_on": "2026-13-45"}, "visited_on", ""),
    ],
)
def test_bad_visit_input_gets_field_errors(care, login, changes, field, message):
    client = login(care.officer_a)
    data = {
        "member": care.patient.pk,
        "occasion": "hospitalised",
        "visited_on": date.today().isoformat(),
        **changes,
    }
    response = client.post(reverse("care:visit_create", args=[care.union_a.code]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert not Visit.objects.exists()


def test_a_photo_is_checked_by_its_content(care, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(care.officer_a)
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 this is an exe", content_type="image/jpeg")
    response = client.post(
        reverse("care:visit_create", args=[care.union_a.code]),
        {
            "member": care.patient.pk,
            "occasion": "hospitalised",
            "visited_on": date.today().isoformat(),
            "photo": fake,
        },
    )
    assert "文件类型不支持" in " ".join(response.context["form"].errors["photo"])
    import io

    from PIL import Image

    broken = SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, content_type="image/png")
    response = client.post(
        reverse("care:visit_create", args=[care.union_a.code]),
        {
            "member": care.patient.pk,
            "occasion": "hospitalised",
            "visited_on": date.today().isoformat(),
            "photo": broken,
        },
    )
    assert "不是有效的图片" in " ".join(response.context["form"].errors["photo"])
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    png = SimpleUploadedFile("x.jpg", buffer.getvalue(), content_type="image/jpeg")  # a phone's mislabel
    response = client.post(
        reverse("care:visit_create", args=[care.union_a.code]),
        {
            "member": care.patient.pk,
            "occasion": "hospitalised",
            "visited_on": date.today().isoformat(),
            "photo": png,
        },
    )
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert visit.photo.name.endswith(".png")  # stored under our name with the type the content has
    shown = client.get(reverse("care:visit_photo", args=[visit.pk]))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"


def test_case_steps_through_the_pages(care, login):
    client = login(care.chair_a)
    response = client.post(
        reverse("care:case_create", args=[care.union_a.code]),
        {
            "member": care.needy.pk,
            "origin": "application",
            "opened_on": date.today().isoformat(),
            "household_size": "3",
            "income_per_head": "600",
            "causes": ["illness", "schooling"],
            "level": "deep",
        },
    )
    case = HardshipCase.objects.get()
    assert response["Location"] == reverse("care:case", args=[case.pk])
    url = lambda step: reverse(f"care:case_{step}", args=[case.pk])  # noqa: E731
    assert client.post(url("check"), {"check-note": "属实"}).status_code == 302
    # Out of order: filing before the home visit is refused with the next step named.
    response = client.post(url("file"), {"file-note": ""})
    assert response.status_code == 422
    assert "下一步应为「入户核查」" in response.content.decode()
    assert (
        client.post(
            url("home_visit"), {"home_visit-visited_on": date.today().isoformat(), "home_visit-note": "属实"}
        ).status_code
        == 302
    )
    assert (
        client.post(url("committee"), {"committee-approved": "yes", "committee-note": "同意"}).status_code
        == 302
    )
    start = date.today() - timedelta(days=10)
    response = client.post(
        url("notice"),
        {"notice-start": start.isoformat(), "notice-end": (start + timedelta(days=6)).isoformat()},
    )
    assert response.status_code == 302
    assert client.post(url("file"), {"file-note": "无异议"}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ON_FILE
    response = client.post(url("exit"), {"exit-reason": ""})
    assert response.status_code == 422 and "解困原因" in response.content.decode()


def test_a_second_open_case_is_refused_with_a_link(care, login):
    existing = HardshipCaseFactory(org=care.group_a, member=care.needy)
    client = login(care.chair_a)
    response = client.post(
        reverse("care:case_create", args=[care.union_a.code]),
        {
            "member": care.needy.pk,
            "origin": "application",
            "opened_on": date.today().isoformat(),
            "household_size": "2",
            "income_per_head": "500",
            "causes": ["illness"],
            "level": "relative",
        },
    )
    assert response.status_code == 200
    assert reverse("care:case", args=[existing.pk]) in response.content.decode()
    assert HardshipCase.objects.count() == 1


def test_a_disguised_document_is_refused(care, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = HardshipCaseFactory(org=care.group_a, member=care.needy)
    client = login(care.chair_a)
    fake = SimpleUploadedFile("证明.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(reverse("care:document_add", args=[case.pk]), {"title": "证明", "file": fake})
    assert response.status_code == 422
    assert "文件类型不支持" in response.content.decode()
    real = SimpleUploadedFile("证明.pdf", b"%PDF-1.4 ok", content_type="application/pdf")
    assert (
        client.post(reverse("care:document_add", args=[case.pk]), {"title": "证明", "file": real}).status_code
        == 302
    )


def test_campaign_generated_and_ticked(care, login):
    from gonghui.members.models import MemberStatus

    care.patient.status = MemberStatus.RETIRED
    care.patient.save()
    OnFileCaseFactory(org=care.group_a, member=care.needy)
    client = login(care.officer_a)
    response = client.post(
        reverse("care:campaign_create", args=[care.union_a.code]),
        {"occasion": "spring_festival", "year": "2027", "due_on": "2027-02-05"},
    )
    assert response.status_code == 302
    campaign = care.union_a.campaign_set.get()
    assert {i.member.name for i in campaign.items.all()} == {"王病人", "李困难"}
    item = campaign.items.get(member=care.needy)
    response = client.post(reverse("care:campaign_tick", args=[item.pk]), HTTP_HX_REQUEST="true")
    assert "已慰问" in response.content.decode()
    again = client.post(
        reverse("care:campaign_create", args=[care.union_a.code]),
        {"occasion": "spring_festival", "year": "2027", "due_on": "2027-02-05"},
    )
    assert again.status_code == 422 and "已经生成过" in again.content.decode()


def test_upper_review_is_done_by_the_upper_union_only(care, login):
    care.union_a.upper_review_required = True
    care.union_a.save()
    case = HardshipCaseFactory(org=care.group_a, member=care.needy, status=CaseStatus.COMMITTEE_APPROVED)
    chair = login(care.chair_a)
    assert 'data-testid="waiting-upper"' in chair.get(reverse("care:case", args=[case.pk])).content.decode()
    data = {"upper-approved": "yes", "upper-note": "同意"}
    assert chair.post(reverse("care:case_upper", args=[case.pk]), data).status_code == 403
    federation = login(care.fed_admin)
    assert 'data-testid="step-upper"' in federation.get(reverse("care:case", args=[case.pk])).content.decode()
    assert federation.post(reverse("care:case_upper", args=[case.pk]), data).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.UPPER_APPROVED
