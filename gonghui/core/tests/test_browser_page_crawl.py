"""Every page a demo role reaches from home, opened in Chromium at phone width (375 px), must not
scroll sideways. The pages come from the same walk as test_page_crawl.py, on the demo data."""

import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from gonghui.conftest import SCREENSHOTS, browser_login
from gonghui.core.tests.crawl import CRAWL_NOW, DEMO_ROLES, crawl
from gonghui.metrics import registry
from gonghui.orgs.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = 375


def test_every_crawled_page_fits_a_phone(browser, live_server):
    # One test for all roles: a live server's database is emptied after each test, and the demo
    # takes about half a minute to load.
    too_wide = []
    with time_machine.travel(CRAWL_NOW, tick=False), io.StringIO() as quiet:
        call_command("demo", stdout=quiet)
        keys = {m.key for m in registry.all_metrics()}
        for username in DEMO_ROLES:
            client = Client(raise_request_exception=False)  # a 500 is the other crawl's to report
            client.force_login(get_user_model().objects.get(username=username))
            pages = [v.url for v in crawl(client, keys).pages()]
            too_wide += _too_wide(browser, live_server.url, username, pages)
    assert not too_wide, "pages wider than a 375 px phone:\n" + "\n".join(too_wide)


def _too_wide(browser, base, username, pages) -> list[str]:
    context = browser.new_context(locale="zh-CN", viewport={"width": PHONE, "height": 800})
    context.set_default_timeout(15000)
    page = context.new_page()
    page.base_url = base
    browser_login(page, username, DEMO_PASSWORD)
    page.wait_for_load_state()
    found = []
    for url in pages:
        page.goto(base + url)  # waits for "load"; then for htmx's own loads (hx-trigger="load") to settle.
        # Not "networkidle": it idles 500 ms on every page, minutes over the whole crawl.
        page.wait_for_function(
            "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"
        )
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > PHONE + 1:
            name = f"phone-{username}{url.replace('/', '-')}"[:120]
            page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)
            found.append(f"{username} {url}: {width}px")
    context.close()
    return found


def test_roster_names_read_on_one_line_on_a_phone(page, world):
    from gonghui.members.tests.factories import MemberFactory

    MemberFactory(org=world.group_a, name="欧阳建国")
    page.set_viewport_size({"width": PHONE, "height": 800})
    browser_login(page, "chair_a")
    page.wait_for_url("**/plans/")
    page.goto(page.base_url + "/members/")
    name = page.locator("table.table-cards a", has_text="欧阳建国")
    box = name.bounding_box()
    # At 375 px the name column was one character wide: four characters, four lines.
    assert box["height"] < 30 and box["width"] > 40, box
    label = name.locator("xpath=ancestor::td").get_attribute("data-label")
    assert label == "姓名"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE + 1
