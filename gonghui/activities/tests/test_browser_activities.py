"""A union chair's activity in a real browser: record it from the plan's schedule item, sign up three
members, tap them in, enter the table-tennis results, and watch the participation rate on the dashboard."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.activities.models import Activity, Entrant
from gonghui.activities.tests.factories import member_in
from gonghui.conftest import browser_login
from gonghui.plans.models import ItemStatus, PlanStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def participation_on_dashboard(page):
    page.goto(f"{page.base_url}/plans/")
    card = page.locator("[data-testid=target]", has_text="参与率")
    return card.inner_text()


def test_activity_journey(page, world, screenshot):
    from gonghui.plans.tests.factories import PlanFactory, ScheduleItemFactory, TargetFactory

    today = date.today()
    plan = PlanFactory(org=world.union_a, status=PlanStatus.CONFIRMED, year=today.year)
    item = ScheduleItemFactory(
        org=world.union_a, plan=plan, month=today.month, text="组织职工乒乓球赛", category="sports"
    )
    TargetFactory(
        org=world.union_a,
        plan=plan,
        text="学练比参与率达98%",
        metric_words="参与率",
        metric_key="activities.participation_rate",
        value=Decimal(98),
    )
    people = [member_in(world.group_a, name=n) for n in ("张明", "李红", "王强")]
    browser_login(page, "chair_a")
    base = page.base_url

    # Before: nobody of the union's four members has taken part this year.
    assert "0%" in participation_on_dashboard(page)

    # Record the activity from the schedule item.
    page.goto(f"{base}/activities/")
    page.click(f"[data-testid=plan-items] a[href$='/from-item/{item.pk}/']")
    assert page.input_value("#id_title") == "组织职工乒乓球赛"
    # Under way right now, so sign-up is open and the dashboard's year-to-date figure counts it.
    now = timezone.localtime()
    page.fill("#id_start", (now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_end", (now + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_place", "村文化广场")
    page.fill("#id_capacity", "20")
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=figures]")
    activity = Activity.objects.get(title="组织职工乒乓球赛")
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE

    # Sign up three members.
    page.click("[data-testid=roster-link]")
    for person in people:
        page.check(f"input[name=members][value='{person.pk}']")
    page.click("[data-testid=sign-up-members]")
    page.wait_for_selector("text=王强报名成功")
    assert activity.attendances.filter(status="registered").count() == 3

    # Tap them in (htmx swaps each row in place).
    for person in people:
        row = page.locator(f"[data-testid='row-{person.name}']")
        row.locator("[data-testid=check-in]").click()
        row.locator("text=撤销").wait_for()
    assert activity.attendances.attended().count() == 3
    screenshot(page, "activities-roster")

    # A table-tennis contest with a tie for second place.
    page.goto(f"{base}/activities/{activity.pk}/contests/new/")
    page.fill("#id_name", "乒乓球")
    page.click("[data-testid=save]")
    for person in people:
        page.select_option("#id_member", str(person.pk))
        page.click("[data-testid=add-entrant]")
        page.wait_for_selector(f"[data-testid='entrant-{person.name}']")
    for person, score in zip(people, ("90", "95", "90"), strict=True):
        row = page.locator(f"[data-testid='entrant-{person.name}']")
        row.locator("input[name=score]").fill(score)
        row.locator("button").click()
        page.wait_for_selector(f"text=已录入{person.name}的成绩")
    results = page.locator("[data-testid=results]").inner_text()
    assert "一等奖" in results and results.count("二等奖") == 2
    assert sorted(Entrant.objects.values_list("rank", flat=True)) == [1, 2, 2]
    screenshot(page, "activities-contest")

    # After: three of four members took part.
    assert "75%" in participation_on_dashboard(page)
    screenshot(page, "activities-dashboard")

    # Phone-sized screens: no sideways scrolling on the activity pages.
    page.set_viewport_size({"width": 375, "height": 800})
    for path in (
        f"/activities/org/{world.union_a.code}/",
        f"/activities/org/{world.union_a.code}/calendar/",
        f"/activities/{activity.pk}/",
        f"/activities/{activity.pk}/roster/",
        f"/activities/{activity.pk}/sheet/",
        f"/activities/{activity.pk}/qr/",
        f"/activities/contests/{activity.contests.get().pk}/",
    ):
        page.goto(base + path)
        assert no_sideways_scroll(page), path
    screenshot(page, "activities-contest-phone")


def test_member_signs_up_and_scans_on_the_phone(page, world, screenshot):
    from gonghui.activities.services import check_in_token
    from gonghui.activities.tests.factories import ActivityFactory

    start = timezone.now() - timedelta(minutes=10)
    activity = ActivityFactory(
        org=world.union_a, title="青年职工联谊会", capacity=10, start=start, end=start + timedelta(hours=2)
    )
    page.set_viewport_size({"width": 375, "height": 800})
    browser_login(page, "member_a")
    page.goto(f"{page.base_url}/activities/{activity.pk}/")
    page.click("[data-testid=sign-up-self]")
    page.wait_for_selector("[data-testid=own-status]")
    assert no_sideways_scroll(page)
    page.goto(f"{page.base_url}/activities/{activity.pk}/scan/?t={check_in_token(activity)}")
    page.click("[data-testid=confirm-check-in]")
    page.wait_for_selector("text=签到成功")
    assert activity.attendances.get().check_in_method == "qr"
    screenshot(page, "activities-member-phone")
