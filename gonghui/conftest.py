"""The cast every test can use: one federation, two unions, and a user for every role.

fed ─┬─ union_a ── group_a       (chair_a, officer_a (care duty), group_leader_a, member_a)
     └─ union_b                  (chair_b)
fed_admin and fed_viewer hold their roles on fed. `other_fed` is a separate tree nobody here may see.
"""

import os
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import HealthCheck, settings

from gonghui.orgs.models import OrgKind, Role, UnitType

# A busy 2-core CI machine makes generation look slow; the properties, not the timing, are under test.
settings.register_profile("gonghui", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("gonghui")


# The instant every test runs at unless it pins its own (`@pytest.mark.time_machine(...)` or the
# `time_machine` fixture): a Monday mid-year, a working day. Tests never read the real clock.
FIXED_NOW = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def fixed_clock(request):
    """Run the test at FIXED_NOW, the clock ticking from there.

    Not under the date sweep (GONGHUI_TEST_CLOCK sets the whole session's clock instead) and not
    where the test pins its own instant with the marker. Browser journeys run at it too: their
    cookies carry no expiry (see `page`), so Chromium's real clock never expires them.
    """
    node = request.node
    if os.environ.get("GONGHUI_TEST_CLOCK") or node.get_closest_marker("time_machine"):
        yield
        return
    with time_machine.travel(FIXED_NOW, tick=True):
        yield


def pytest_configure(config):
    """GONGHUI_TEST_CLOCK=2027-01-01T09:00+08:00 runs the whole session as if it were that instant.

    The date sweep (`make test-dates`) runs the suite on the days where month and year logic breaks.
    The travel starts before collection, so module-level dates move too; a test that pins its own
    clock with time_machine nests inside it and keeps its own. The clock ticks from there.
    """
    instant = os.environ.get("GONGHUI_TEST_CLOCK")
    if not instant:
        return
    moment = datetime.fromisoformat(instant)
    if moment.tzinfo is None:
        raise pytest.UsageError(
            f"GONGHUI_TEST_CLOCK needs a UTC offset, e.g. 2027-01-01T09:00+08:00: {instant}"
        )
    config._gonghui_clock = time_machine.travel(moment, tick=True)
    config._gonghui_clock.start()


def pytest_unconfigure(config):
    clock = getattr(config, "_gonghui_clock", None)
    if clock is not None:
        clock.stop()


def pytest_report_header(config):
    if os.environ.get("GONGHUI_TEST_CLOCK"):
        return f"clock pinned to {os.environ['GONGHUI_TEST_CLOCK']} (GONGHUI_TEST_CLOCK)"


@pytest.fixture
def world(db):
    from gonghui.members.tests.factories import MemberFactory
    from gonghui.orgs.tests.factories import make_org, make_user

    fed = make_org(code="fed", name="测试县总工会", kind=OrgKind.FEDERATION, unit_type=UnitType.COUNTY)
    union_a = make_org(fed, code="union-a", name="甲村工会", unit_type=UnitType.VILLAGE, employee_count=10)
    union_b = make_org(fed, code="union-b", name="乙校工会", unit_type=UnitType.SCHOOL, employee_count=20)
    group_a = make_org(union_a, code="group-a", name="甲村第一小组", kind=OrgKind.GROUP)
    other_fed = make_org(code="other-fed", name="外县总工会", kind=OrgKind.FEDERATION)
    w = SimpleNamespace(fed=fed, union_a=union_a, union_b=union_b, group_a=group_a, other_fed=other_fed)
    w.fed.refresh_from_db()
    w.union_a.refresh_from_db()
    w.fed_admin = make_user("fed_admin", Role.FEDERATION_ADMIN, fed)
    w.fed_viewer = make_user("fed_viewer", Role.FEDERATION_VIEWER, fed)
    w.chair_a = make_user("chair_a", Role.UNION_CHAIR, union_a)
    w.officer_a = make_user("officer_a", Role.UNION_OFFICER, union_a, duties="care")
    w.group_leader_a = make_user("group_leader_a", Role.GROUP_LEADER, group_a)
    w.member_a = make_user("member_a", Role.MEMBER, union_a)
    w.chair_b = make_user("chair_b", Role.UNION_CHAIR, union_b)
    w.member_a_record = MemberFactory(org=group_a, name="甲会员", user=w.member_a)
    return w


ROLE_USERS = ["fed_admin", "fed_viewer", "chair_a", "officer_a", "group_leader_a", "member_a", "chair_b"]


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


# Browser journeys: real Chromium (Debian's package) driven by Playwright against a live server.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "screenshots")


@pytest.fixture(scope="session")
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def cookies_without_expiry(request):
    """Browser journeys: cookies that last as long as the browser, whatever the pinned clock says.

    Chromium drops a cookie whose Expires is behind its own (real) clock, and the server's clock is
    pinned. The server still ends idle and long sessions by its own clock (SessionTimeoutMiddleware).
    """
    if not request.node.get_closest_marker("browser"):
        yield
        return
    settings = request.getfixturevalue("settings")
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    yield


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    pg = context.new_page()
    pg.base_url = live_server.url
    yield pg
    context.close()


@pytest.fixture
def screenshot():
    os.makedirs(SCREENSHOTS, exist_ok=True)

    def take(page, name):
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)

    return take


def browser_login(page, username, password="pw-123456"):
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
