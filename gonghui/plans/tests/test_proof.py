"""Done needs proof: a linked record of a registered evidence type, an uploaded file, or a written
reason of at least a sentence (「无需留痕的原因」)."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.activities.tests.factories import ActivityFactory
from gonghui.plans import services
from gonghui.plans.models import Evidence, ItemStatus, no_trace_problem
from gonghui.plans.tests.factories import PlanFactory, ScheduleItemFactory

pytestmark = pytest.mark.django_db

REASON = "三八节慰问由镇总工会统一发放，本会没有另行留存材料。"


def _on(year, month, day=8):
    start = timezone.make_aware(datetime(year, month, day, 9))
    return {"start": start, "end": start + timezone.timedelta(hours=2)}


@pytest.fixture
def item(world):
    plan = PlanFactory(org=world.union_a, year=2026)
    return ScheduleItemFactory(org=world.union_a, plan=plan, month=3, text="组织三八节趣味活动")


@pytest.mark.parametrize(
    ("reason", "accepted"),
    [
        ("", False),
        ("无", False),
        ("口头通知。", False),  # a sentence, but four characters
        ("本次为上级工会组织的现场检查，检查记录由区总工会留存", False),  # no full stop
        ("本次为上级工会组织的现场检查，检查记录由区总工会留存。", True),
        ("  Online meeting: 线上会议由县总工会主持并保存记录！ ", True),
    ],
)
def test_a_reason_is_at_least_a_sentence(reason, accepted):
    assert (no_trace_problem(reason) is None) is accepted


def test_done_without_proof_is_refused(world, item):
    with pytest.raises(ValidationError, match="无需留痕的原因"):
        services.mark_item_done(item=item, by=world.chair_a)
    with pytest.raises(ValidationError, match="说明文字不能作为佐证"):
        services.mark_item_done(item=item, evidence=Evidence(note="已归档"), by=world.chair_a)
    with pytest.raises(ValidationError):
        services.mark_item_done(item=item, reason="已办。", by=world.chair_a)
    item.refresh_from_db()
    assert item.status == ItemStatus.PLANNED and not item.evidence.exists()


def test_done_with_a_reason_is_shown_as_such(world, item):
    services.mark_item_done(item=item, reason=REASON, by=world.chair_a)
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE and item.proof == "reason" and item.no_trace_reason == REASON


def test_done_with_a_linked_activity(world, item):
    activity = ActivityFactory(org=world.group_a, **_on(2026, 3))
    evidence = services.link_evidence(item=item, record=activity, by=world.chair_a)
    assert evidence.evidence_key == "activities.activity" and evidence.url().endswith(f"{activity.pk}/")
    assert evidence.describe() == f"活动：2026-03-08 {activity.title}"
    again = services.link_evidence(item=item, record=activity, by=world.chair_a)
    assert again.pk == evidence.pk and item.evidence.count() == 1
    services.mark_item_done(item=item, by=world.chair_a)
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE and item.proof == "records"


def test_records_of_another_union_or_year_cannot_prove(world, item):
    for record in (
        ActivityFactory(org=world.union_b, **_on(2026, 3)),
        ActivityFactory(org=world.union_a, **_on(2025, 3)),
    ):
        with pytest.raises(ValidationError, match="只能关联本组织2026年"):
            services.link_evidence(item=item, record=record, by=world.chair_a)
    assert not item.evidence.exists()


def test_the_last_proof_of_a_done_item_stays(world, item):
    upload = SimpleUploadedFile("sign.png", b"\x89PNG\r\n\x1a\n" + b"0" * 10, content_type="image/png")
    evidence = services.attach_evidence_file(item=item, file=upload, by=world.chair_a)
    services.mark_item_done(item=item, by=world.chair_a)
    with pytest.raises(ValidationError, match="唯一的佐证"):
        services.remove_evidence(evidence=evidence, by=world.chair_a)
    services.set_no_trace_reason(item=item, reason=REASON, by=world.chair_a)
    services.remove_evidence(evidence=evidence, by=world.chair_a)
    assert not item.evidence.exists()


def test_done_without_proof_finds_items_ticked_before_the_rule(world, item):
    Evidence.objects.create(org=item.org, item=item, note="活动照片和签到表已归档")
    type(item).objects.filter(pk=item.pk).update(status=ItemStatus.DONE)
    assert list(type(item).objects.done_without_proof()) == [item]


def test_the_picker_finds_links_and_marks_done(login, world, item):
    march = ActivityFactory(org=world.union_a, title="三八节趣味运动会", **_on(2026, 3))
    ActivityFactory(org=world.union_b, title="三八节乙村活动", **_on(2026, 3))
    client = login(world.chair_a)
    page = client.get(reverse("plans:item", args=[item.pk])).content.decode()
    assert reverse("plans:evidence_search", args=[item.pk]) in page and "活动" in page
    found = client.get(
        reverse("plans:evidence_search", args=[item.pk]), {"type": "activities.activity", "q": "三八"}
    )
    body = found.content.decode()
    assert "三八节趣味运动会" in body and "乙村" not in body
    client.post(
        reverse("plans:evidence_link", args=[item.pk]), {"type": "activities.activity", "record": march.pk}
    )
    response = client.post(reverse("plans:item_done", args=[item.pk]), {"back": "item"})
    assert response.url == reverse("plans:item", args=[item.pk])
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE and item.evidence.get().record == march
    assert "三八节趣味运动会" in client.get(reverse("plans:item", args=[item.pk])).content.decode()


def test_the_picker_refuses_bad_and_foreign_input(login, world, item):
    foreign = ActivityFactory(org=world.union_b, **_on(2026, 3))
    client = login(world.chair_a)
    for data in ({"type": "activities.activity", "record": foreign.pk}, {"type": "nope", "record": "x"}, {}):
        response = client.post(reverse("plans:evidence_link", args=[item.pk]), data, follow=True)
        assert response.status_code == 200 and "关联" in response.content.decode()
    assert not item.evidence.exists()
    odd = client.get(reverse("plans:evidence_search", args=[item.pk]), {"type": "nope", "q": "x" * 80})
    assert odd.status_code == 200
    other = login(world.chair_b)
    assert other.get(reverse("plans:item", args=[item.pk])).status_code == 404
    assert (
        other.post(
            reverse("plans:evidence_link", args=[item.pk]),
            {"type": "activities.activity", "record": foreign.pk},
        ).status_code
        == 404
    )


def test_a_viewer_sees_the_proof_but_no_picker(login, world, item):
    services.mark_item_done(item=item, reason=REASON, by=world.chair_a)
    page = login(world.fed_viewer).get(reverse("plans:item", args=[item.pk])).content.decode()
    assert (
        REASON in page and "无需留痕" in page and reverse("plans:evidence_search", args=[item.pk]) not in page
    )


def test_a_proof_is_linked_only_for_those_who_may_open_it(login, world, item):
    # The crawl: fed_viewer saw a care visit offered as proof on the plan page, and it answered 404.
    from gonghui.care.tests.factories import VisitFactory

    visit = VisitFactory(org=world.union_a)
    evidence = services.link_evidence(item=item, record=visit, by=world.chair_a)
    url = evidence.url()
    assert url
    for user, linked in [(world.chair_a, True), (world.fed_viewer, False)]:
        client = login(user)
        assert (client.get(url).status_code == 200) is linked
        for page in [reverse("plans:detail", args=[item.plan.pk]), reverse("plans:item", args=[item.pk])]:
            response = client.get(page)
            assert response.status_code == 200
            assert (f'href="{url}"' in response.content.decode()) is linked, (user, page)
