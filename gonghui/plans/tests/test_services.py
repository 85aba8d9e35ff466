from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.plans import services
from gonghui.plans.models import Evidence, ItemStatus, PlanStatus, ScheduleItem
from gonghui.plans.tests.factories import PlanFactory, ScheduleItemFactory, TargetFactory

pytestmark = pytest.mark.django_db

PLAN_TEXT = """2024年甲村工会工作计划
一、指导思想
以服务职工为中心，认真履行工会职责。
二、工作目标
会费收缴100%，困难职工建档率100%。
三、月份安排
三月份
1、组织三八节系列活动
五月份
2、开展五一劳动竞赛
下半年
3、召开职代会
"""


def test_create_plan_from_text_builds_a_draft_with_items_and_targets(world):
    pytest.importorskip("gonghui.plans.parser")
    plan = services.create_plan_from_text(org=world.union_a, text=PLAN_TEXT, by=world.chair_a)
    assert plan.status == PlanStatus.DRAFT
    assert plan.year == 2024
    assert "服务职工" in plan.guiding_ideas
    months = [(i.month, i.period) for i in plan.items.order_by("order")]
    assert (3, "") in months and (5, "") in months and (None, "H2") in months
    keys = set(plan.targets.values_list("metric_key", flat=True))
    assert "dues.collection_rate" in keys and "care.archive_rate" in keys


def test_due_month_is_derived_in_the_database(world):
    plan = PlanFactory(org=world.union_a, year=2024)
    month = ScheduleItemFactory(org=world.union_a, plan=plan, month=7, end_month=8)
    half = ScheduleItemFactory(org=world.union_a, plan=plan, month=None, period="H1")
    assert ScheduleItem.objects.get(pk=month.pk).due_month == 8
    assert ScheduleItem.objects.get(pk=half.pk).due_month == 6
    assert half.due_date == date(2024, 6, 30)


def test_state_is_derived_from_the_date(world):
    plan = PlanFactory(org=world.union_a, year=2024)
    item = ScheduleItemFactory(org=world.union_a, plan=plan, month=3)
    assert item.state_on(date(2024, 2, 1)) == "planned"
    assert item.state_on(date(2024, 3, 15)) == "due"
    assert item.state_on(date(2024, 4, 1)) == "overdue"
    assert list(ScheduleItem.objects.overdue(date(2024, 4, 1))) == [item]
    assert not ScheduleItem.objects.overdue(date(2024, 3, 31)).exists()


def test_confirm_allows_one_confirmed_plan_per_year(world):
    PlanFactory(org=world.union_a, year=2024)
    draft = PlanFactory(org=world.union_a, year=2024, status=PlanStatus.DRAFT)
    ScheduleItemFactory(org=world.union_a, plan=draft)
    with pytest.raises(ValidationError):
        services.confirm_plan(plan=draft, by=world.chair_a)
    draft.year = 2025
    draft.save()
    services.confirm_plan(plan=draft, by=world.chair_a)
    assert draft.status == PlanStatus.CONFIRMED and draft.confirmed_by == world.chair_a


def test_copy_to_next_year_resets_progress(world):
    plan = PlanFactory(org=world.union_a, year=2024, title="2024年工会工作计划")
    item = ScheduleItemFactory(org=world.union_a, plan=plan, status=ItemStatus.DONE)
    TargetFactory(org=world.union_a, plan=plan, metric_key="", manual_value=Decimal(3))
    copy = services.copy_plan_to_year(plan=plan, year=2025, by=world.chair_a)
    assert copy.status == PlanStatus.DRAFT and copy.title == "2025年工会工作计划"
    copied = copy.items.get()
    assert copied.text == item.text and copied.status == ItemStatus.PLANNED
    assert copy.targets.get().manual_value is None


def test_mark_done_keeps_the_evidence(world):
    plan = PlanFactory(org=world.union_a)
    item = ScheduleItemFactory(org=world.union_a, plan=plan)
    upload = SimpleUploadedFile("sign.png", b"\x89PNG\r\n\x1a\n" + b"0" * 10, content_type="image/png")
    services.mark_item_done(item=item, evidence=Evidence(note="签到表", file=upload), by=world.chair_a)
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE and item.done_by == world.chair_a
    evidence = item.evidence.get()
    assert evidence.org == world.union_a and evidence.file.name.endswith("sign.png")


def test_cannot_mark_done_in_a_draft_or_cancelled(world):
    draft_item = ScheduleItemFactory(org=world.union_a)
    with pytest.raises(ValidationError):
        services.mark_item_done(item=draft_item, evidence=None, by=world.chair_a)
    item = ScheduleItemFactory(org=world.union_a, plan=PlanFactory(org=world.union_a))
    services.cancel_item(item=item, by=world.chair_a, reason="疫情取消")
    with pytest.raises(ValidationError):
        services.mark_item_done(item=item, evidence=None, by=world.chair_a)


def test_manual_value_needs_evidence(world):
    target = TargetFactory(org=world.union_a, metric_key="", unit="家", value=Decimal(5))
    with pytest.raises(ValidationError):
        services.set_manual_value(target=target, value=Decimal(3), evidence_file=None, by=world.chair_a)
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    services.set_manual_value(target=target, value=Decimal(6), evidence_file=upload, by=world.chair_a)
    assert target.met_by(target.manual_value) is True


def test_changes_are_audited(world):
    from auditlog.models import LogEntry

    item = ScheduleItemFactory(org=world.union_a, plan=PlanFactory(org=world.union_a))
    services.mark_item_done(item=item, reason="本事项为口头传达，没有形成书面材料。", by=world.chair_a)
    assert LogEntry.objects.get_for_object(item).filter(changes__icontains="done").exists()
