"""A page offers a link only when the viewer may follow it (the `can` template tag asks core.access).

Found by a new user: the member's 「查看计划」, the committee-term link on an org page for a member
and a town federation admin's breadcrumb to the county all led to 404.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse

from gonghui.orgs.models import OrgKind, Role
from gonghui.orgs.tests.factories import TermFactory, make_org, make_user
from gonghui.plans.tests.factories import PlanFactory, ScheduleItemFactory

pytestmark = pytest.mark.django_db


def links(body):
    return set(re.findall(r'href="(/[^"]*)"', body))


def assert_offered_iff_followable(client, page, target):
    offered = target in links(client.get(page).content.decode())
    followable = client.get(target).status_code == 200
    assert offered == followable, f"{page} {'offers' if offered else 'hides'} {target} ({followable=})"


def test_the_tag_follows_access(world):
    term = TermFactory(org=world.union_a)
    template = Template('{% can user "view" target as ok %}{{ ok }}|{% can user "manage" org as m %}{{ m }}')

    def render(user):
        return template.render(Context({"user": user, "target": term, "org": world.union_a}))

    assert render(world.chair_a) == "True|True"
    assert render(world.officer_a) == "True|False"
    assert render(world.chair_b) == "False|False"


@time_machine.travel(datetime(2026, 6, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
@pytest.mark.parametrize("username", ["member_a", "chair_a", "group_leader_a"])
def test_dashboard_offers_the_plan_only_when_it_opens(login, world, username):
    plan = PlanFactory(org=world.union_a, year=2026)
    client = login(getattr(world, username))
    client.post("/switch-org/", {"org": world.union_a.code})
    assert_offered_iff_followable(client, reverse("plans:dashboard"), f"/plans/{plan.pk}/")


@time_machine.travel(datetime(2026, 6, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
@pytest.mark.parametrize("username", ["member_a", "chair_a"])
def test_calendar_links_entries_only_when_they_open(login, world, username):
    # Calendar sources build their links without knowing the viewer; the page filters them.
    plan = PlanFactory(org=world.union_a, year=2026)
    ScheduleItemFactory(org=world.union_a, plan=plan, month=6, text="六月读书活动")
    client = login(getattr(world, username))
    client.post("/switch-org/", {"org": world.union_a.code})
    body = client.get(reverse("plans:calendar") + "?month=2026-06").content.decode()
    # A member sees the union's published activities, not the plan's internal items (core.access).
    assert ("六月读书活动" in body) == (username != "member_a")
    assert_offered_iff_followable(client, reverse("plans:calendar") + "?month=2026-06", f"/plans/{plan.pk}/")


@pytest.mark.parametrize("username", ["member_a", "chair_a"])
def test_org_page_offers_the_term_only_when_it_opens(login, world, username):
    term = TermFactory(org=world.union_a)
    client = login(getattr(world, username))
    assert_offered_iff_followable(client, f"/orgs/{world.union_a.code}/", f"/orgs/terms/{term.pk}/")


def test_town_admin_breadcrumb_does_not_link_to_the_county(login, world):
    town = make_org(world.fed, code="town", name="测试镇总工会", kind=OrgKind.FEDERATION)
    town_admin = make_user("town_admin", Role.FEDERATION_ADMIN, town)
    client = login(town_admin)
    page = reverse("plans:org_dashboard", args=[town.code])
    body = client.get(page).content.decode()
    assert world.fed.name in body  # still shown as where the town sits, just not as a link
    assert_offered_iff_followable(client, page, reverse("plans:org_dashboard", args=[world.fed.code]))
    assert_offered_iff_followable(
        login(world.fed_admin), page, reverse("plans:org_dashboard", args=[world.fed.code])
    )
