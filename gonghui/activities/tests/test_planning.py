from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.activities import planning
from gonghui.activities.models import Activity, Category
from gonghui.activities.tests.factories import ActivityFactory
from gonghui.plans.hooks import calendar_entries
from gonghui.plans.item_views import pick_rows
from gonghui.plans.models import ItemStatus, PlanStatus
from gonghui.plans.tests.factories import PlanFactory, ScheduleItemFactory
from gonghui.reports.registry import evidence_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(world):
    today = timezone.localdate()
    plan = PlanFactory(org=world.union_a, year=today.year, status=PlanStatus.CONFIRMED)
    return ScheduleItemFactory(
        org=world.union_a, plan=plan, month=today.month, text="组织职工乒乓球赛", category="other"
    )


def _post(start):
    return {
        "title": "职工乒乓球赛",
        "category": "sports",
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "audience": "all",
    }


def test_record_the_activity_prefills_and_marks_the_item_done(login, world, item):
    client = login(world.chair_a)
    page = client.get(reverse("activities:create_from_item", args=[item.pk]))
    assert page.context["form"].initial["title"] == "组织职工乒乓球赛"
    assert page.context["form"].initial["category"] == Category.SPORTS
    response = client.post(
        reverse("activities:create_from_item", args=[item.pk]), _post(timezone.localtime())
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE
    assert item.evidence.get().record == activity
    detail = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "组织职工乒乓球赛" in detail


def test_record_the_activity_with_bad_input_keeps_the_item_open(login, world, item):
    data = _post(timezone.localtime())
    data["end"] = "2001-01-01T00:00"
    response = login(world.chair_a).post(reverse("activities:create_from_item", args=[item.pk]), data)
    assert response.status_code == 422 and "结束时间不能早于开始时间" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.PLANNED and not Activity.objects.exists()


def test_other_roles_cannot_record_for_the_item(login, world, item):
    # plan items are not shown to members at all, so the refusal is a 404
    assert (
        login(world.member_a).get(reverse("activities:create_from_item", args=[item.pk])).status_code == 404
    )
    assert login(world.chair_b).get(reverse("activities:create_from_item", args=[item.pk])).status_code == 404


def test_an_existing_activity_links_to_an_item(login, world, item):
    activity = ActivityFactory(
        org=world.union_a, start=timezone.now(), end=timezone.now() + timedelta(hours=1)
    )
    client = login(world.chair_a)
    assert "作为完成佐证" in client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    client.post(reverse("activities:link_item", args=[activity.pk]), {"item": item.pk})
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE and list(planning.items_proved_by(activity)) == [item]
    again = client.post(reverse("activities:link_item", args=[activity.pk]), {"item": item.pk}, follow=True)
    assert "所选事项不存在或已完成" in again.content.decode()


def test_the_list_offers_open_items(login, world, item):
    body = login(world.chair_a).get(reverse("activities:list", args=["union-a"])).content.decode()
    assert "组织职工乒乓球赛" in body and reverse("activities:create_from_item", args=[item.pk]) in body


def test_hooks_feed_the_plan_calendar_and_evidence(world, item):
    activity = ActivityFactory(org=world.union_a)
    day = timezone.localdate(activity.start)
    entries = calendar_entries(world.union_a, day, day)
    assert any(e.kind == "activity" and e.title == activity.title for e in entries)
    assert not [e for e in calendar_entries(world.union_b, day, day) if e.kind == "activity"]
    assert activity in pick_rows(world.chair_a, item, evidence_type("activities.activity"), "")
