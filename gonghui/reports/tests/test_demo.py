"""Demo proof: past items get the demo records of their months linked, paperwork a written reason."""

import random
from datetime import date

import pytest
import time_machine

from gonghui.care.tests.factories import VisitFactory
from gonghui.plans.models import Category, ItemStatus, ScheduleItem
from gonghui.plans.tests.factories import PlanFactory, ScheduleItemFactory
from gonghui.reports import demo_evidence

pytestmark = pytest.mark.django_db


@time_machine.travel(date(2026, 7, 15), tick=False)
def test_demo_links_records_of_the_items_months_and_runs_once(world):
    plan = PlanFactory(org=world.union_a, year=2026)
    care = ScheduleItemFactory(
        org=world.union_a, plan=plan, month=3, text="开展五必访", category=Category.CARE
    )
    check = ScheduleItemFactory(
        org=world.union_a, plan=plan, month=4, text="迎接区总工会档案检查", category=Category.OTHER
    )
    meeting = ScheduleItemFactory(
        org=world.union_a, plan=plan, month=5, text="召开工会委员会会议", category=Category.OTHER
    )
    future = ScheduleItemFactory(
        org=world.union_a, plan=plan, month=10, text="重阳节走访退休职工", category=Category.CARE
    )
    march = VisitFactory(org=world.group_a, visited_on=date(2026, 3, 5))
    VisitFactory(org=world.group_a, visited_on=date(2026, 6, 5))  # another month: not this item's proof
    VisitFactory(org=world.union_b, visited_on=date(2026, 3, 5))  # another union
    demo_evidence.populate(random.Random(1))
    for item in (care, check, meeting, future):
        item.refresh_from_db()
    assert care.status == ItemStatus.DONE and [e.record for e in care.evidence.all()] == [march]
    assert care.evidence.get().evidence_key == "care.visit"
    assert meeting.status == ItemStatus.PLANNED  # nothing proves it: it stays overdue
    assert future.status == ItemStatus.PLANNED
    assert random.Random(1).random() < 0.7  # so this seed gives the inspection its reason
    assert (
        check.status == ItemStatus.DONE
        and check.proof == "reason"
        and "上级工会留存" in check.no_trace_reason
    )
    assert not ScheduleItem.objects.done_without_proof().exists()
    before = sorted(ScheduleItem.objects.values_list("pk", "status"))
    demo_evidence.populate(random.Random(2))
    assert sorted(ScheduleItem.objects.values_list("pk", "status")) == before
