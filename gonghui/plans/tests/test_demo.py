"""The demo a union sees: this year's plans that fit each union's kind, federations with plans of their own,
and a trend chart with every month so far (never a 0 for a month without a snapshot)."""

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from gonghui.metrics.models import MetricSnapshot
from gonghui.metrics.snapshots import build_snapshots
from gonghui.orgs import demo as orgs_demo
from gonghui.orgs.models import Org, OrgKind
from gonghui.plans import demo, federation
from gonghui.plans.models import Plan

DEMO_DAY = datetime(2031, 10, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a year none of the texts names
YEAR = DEMO_DAY.year
# Each demo text was written for one kind of org (its file says which); the org loading it must be of that kind.
TEXT_KIND = {
    "dev-07-federation.txt": "county",
    "dev-05-town.txt": "town",
    "04-town.txt": "town",
    "dev-01-village.txt": "village",
    "dev-13-village.txt": "village",
    "02-school.txt": "school",
    "03-town-schools.txt": "school",
    "05-school-168.txt": "school",
    "dev-20-school.txt": "school",
    "dev-03-enterprise.txt": "enterprise",
    "dev-14-community.txt": "community",
    "dev-12-hospital.txt": "hospital",
    "dev-04-hospital.txt": "hospital",
    "dev-18-agency.txt": "agency",
}
# Places the texts were written for: renamed to the demo's own places, they must never show.
SOURCE_PLACES = [
    "柳塘",
    "石桥",
    "锦绣",
    "华源",
    "云溪",
    "清河",
    "东岭",
    "江北",
    "市第二人民医院",
    "市场监督",
    "1017",
]
DEMO_PLACES = ["五音", "梓山", "芦中", "厉庄", "东四尺"]


def test_every_demo_org_loads_a_text_of_its_own_kind():
    for _parent, code, _name, unit_type, _employees in orgs_demo.UNIONS:
        assert TEXT_KIND[demo.PLANS[code][0]] == unit_type, code
    assert TEXT_KIND[demo.PLANS[orgs_demo.COUNTY[0]][0]] == orgs_demo.COUNTY[2]
    for code, _name in orgs_demo.TOWNS:
        assert TEXT_KIND[demo.PLANS[code][0]] == "town"


def test_years_move_with_the_demo_year():
    text = "1、2021年是开局之年。\n2、谋划2022年工作 20xx年5月 建会于1952年"
    moved = demo.move_to_year(text, written_for=2021, year=2031)
    assert moved == "1、2031年是开局之年。\n2、谋划2032年工作 2031年5月 建会于1952年"
    assert demo.move_to_year("20XX年计划", written_for=None, year=2031) == "2031年计划"


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The whole demo once for this module (it takes a while), rolled back when the module is done."""
    with django_db_blocker.unblock(), time_machine.travel(DEMO_DAY, tick=False), transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def test_demo_plans_are_this_years_and_fit_their_org(demo_data, db):
    plans = list(Plan.objects.select_related("org"))
    assert {p.org.code for p in plans} == set(demo.PLANS)
    for plan in plans:
        assert plan.year == YEAR
        assert set(re.findall(r"\d{4}", plan.title)) == {str(YEAR)}, plan.title
        assert plan.org.name in plan.title
        texts = [plan.title, plan.source_text, *plan.items.values_list("text", flat=True)]
        for text in texts:
            for place in SOURCE_PLACES:
                assert place not in text, (plan.org.code, place)
            # A demo place named in a plan is the org's own, or its federation's (a village names its town).
            here = plan.org.name + plan.org.get_parent().name if plan.org.get_parent() else plan.org.name
            for place in DEMO_PLACES:
                assert place not in text or place in here, (plan.org.code, place, text[:80])
        for item in plan.items.all():
            for found in re.findall(r"(?<!\d)(\d{4})年", item.text):
                assert int(found) >= YEAR - 1, (plan.org.code, item.text)


def test_federations_have_confirmed_plans_of_their_own(demo_data, db):
    for fed in Org.objects.filter(kind=OrgKind.FEDERATION):
        plan = Plan.objects.current_for(fed, YEAR)
        assert plan is not None and plan.items.exists(), fed.code
    # The town federation's plan (梓山镇好人好事) is on the town federation only.
    holders = {i.plan.org.code for i in Plan.objects.get(org__code="zishan-town").items.all()}
    assert holders == {"zishan-town"}
    assert not Plan.objects.filter(org__kind=OrgKind.UNION, source_text__contains="好人好事").exists()


def test_trend_has_every_month_so_far_as_of_its_month_end(demo_data, db):
    county = Org.objects.get(code="chengguan")
    months = set(MetricSnapshot.objects.filter(org=county).values_list("month", flat=True))
    assert months == {date(YEAR, m, 1) for m in range(1, DEMO_DAY.month + 1)}
    trend = federation.trend_chart(county, year=YEAR, columns=federation.columns_for(county, YEAR))
    participation = next(s for s in trend["series"] if s["name"] == "活动参与率")["data"]
    so_far = participation[: DEMO_DAY.month]
    # Activities happen all year: no month so far is empty or zero, and none after today is drawn.
    assert all(value for value in so_far), so_far
    assert participation[DEMO_DAY.month :] == [None] * (12 - DEMO_DAY.month)


def test_a_month_without_a_snapshot_is_a_gap_not_a_zero(world):
    build_snapshots(months=[date(2031, 1, 1), date(2031, 2, 1), date(2031, 4, 1)])
    trend = federation.trend_chart(world.fed, year=2031, columns=federation.columns_for(world.fed, 2031))
    for series in trend["series"]:
        assert series["data"][2] is None and series["data"][4:] == [None] * 8
        assert series["connectNulls"] is False
