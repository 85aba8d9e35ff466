import random

import pytest
from django.utils import timezone

from gonghui.activities import demo
from gonghui.activities.models import Activity, Attendance
from gonghui.activities.tests.factories import member_in
from gonghui.plans.models import ItemStatus, PlanStatus
from gonghui.plans.tests.factories import PlanFactory, ScheduleItemFactory

pytestmark = pytest.mark.django_db


def test_demo_follows_the_plan_and_runs_once(world):
    for n in range(12):
        member_in(world.group_a, name=f"会员{n}")
    year = timezone.localdate().year
    plan = PlanFactory(org=world.union_a, year=year, status=PlanStatus.CONFIRMED)
    table_tennis = ScheduleItemFactory(
        org=world.union_a, plan=plan, month=1, text="组织职工乒乓球赛", category="other"
    )
    paperwork = ScheduleItemFactory(
        org=world.union_a, plan=plan, month=2, text="迎接区总工会档案检查", category="other"
    )
    teachers = ScheduleItemFactory(
        org=world.union_a, plan=plan, month=9, text="第__个教师节庆祝活动", category="festival"
    )
    demo.populate(random.Random(1))
    titles = set(Activity.objects.filter(org=world.union_a).values_list("title", flat=True))
    assert "组织职工乒乓球赛" in titles and f"第{year - 1984}个教师节庆祝活动" in titles
    assert "迎接区总工会档案检查" not in titles
    activity = Activity.objects.get(title="组织职工乒乓球赛")
    table_tennis.refresh_from_db()
    assert activity.contests.get().name == "乒乓球"
    if activity.end < timezone.now():
        assert table_tennis.status == ItemStatus.DONE and table_tennis.evidence.get().record == activity
        assert activity.attendances.attended().exists()
    paperwork.refresh_from_db()
    assert paperwork.status == ItemStatus.PLANNED
    assert teachers.plan_id == plan.pk
    counts = (Activity.objects.count(), Attendance.objects.count())
    demo.populate(random.Random(2))
    assert (Activity.objects.count(), Attendance.objects.count()) == counts
