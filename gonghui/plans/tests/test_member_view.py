"""What a member sees of the union's work (issue 12, item 13): its published activities, on the
工作台, the calendar and the .ics feed; never the plan's internal items, targets or dashboard."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from gonghui.activities.tests.factories import ActivityFactory
from gonghui.plans.calendar import feed_path
from gonghui.plans.tests.factories import PlanFactory, ScheduleItemFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 5, 10, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def work(world):
    with time_machine.travel(NOW, tick=False):
        plan = PlanFactory(org=world.union_a, year=2026)
        ScheduleItemFactory(org=world.union_a, plan=plan, month=5, text="五月研究困难职工帮扶名单")
        ActivityFactory(org=world.union_a, title="职工趣味运动会")
        yield plan


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_member_sees_published_activities_not_the_plan(login, world, work, frozen):
    client = login(world.member_a)
    for url in (reverse("plans:dashboard"), reverse("plans:calendar") + "?month=2026-05"):
        body = client.get(url).content.decode()
        assert "职工趣味运动会" in body, url
        assert "五月研究困难职工帮扶名单" not in body, url
        assert reverse("plans:detail", args=[work.pk]) not in body, url  # no link to a 404
    assert 'data-testid="ical-url"' not in client.get(reverse("plans:calendar")).content.decode()
    feed = client.get(reverse("plans:ical", args=[world.union_a.code])).content.decode()
    assert "职工趣味运动会" in feed and "五月研究困难职工帮扶名单" not in feed
    assert client.get(reverse("plans:detail", args=[work.pk])).status_code == 404
    assert client.get(f"/api/plans/orgs/{world.union_a.code}/dashboard").status_code == 403


def test_officers_and_the_subscribed_calendar_keep_the_whole_schedule(login, client, world, work, frozen):
    body = login(world.officer_a).get(reverse("plans:dashboard")).content.decode()
    assert "五月研究困难职工帮扶名单" in body
    calendar = login(world.chair_a).get(reverse("plans:calendar") + "?month=2026-05").content.decode()
    assert "五月研究困难职工帮扶名单" in calendar and 'data-testid="ical-url"' in calendar
    client.logout()
    feed = client.get(feed_path(world.union_a)).content.decode()  # the chair's calendar app
    assert "五月研究困难职工帮扶名单" in feed and "职工趣味运动会" in feed
