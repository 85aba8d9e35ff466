"""The foundation as a person uses it, in real Chromium."""

import pytest

from gonghui.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_tree_org_switch_logout(page, world, screenshot):
    browser_login(page, "fed_admin")
    page.wait_for_url("**/plans/")  # home is the plans dashboard once that module is there
    screenshot(page, "foundation-01-home")

    page.click("text=组织架构")
    page.wait_for_selector("[data-testid=org-tree]")
    page.click("summary:has-text('测试县总工会')")  # children load through htmx when opened
    page.wait_for_selector("text=乙校工会")
    screenshot(page, "foundation-02-tree")

    page.click("text=乙校工会")
    page.wait_for_url("**/orgs/union-b/")
    assert page.locator("h2.page-title").inner_text().startswith("乙校工会")

    page.click("[data-testid=work-here]")
    page.wait_for_selector("text=已切换到：乙校工会")
    assert page.locator("#org-switch").input_value() == "union-b"

    page.select_option("#org-switch", "fed")  # the top bar's switcher submits on change
    page.wait_for_selector("text=已切换到：测试县总工会")
    assert page.locator("#org-switch").input_value() == "fed"
    screenshot(page, "foundation-03-switched")

    page.click("[data-testid=logout]")
    page.wait_for_url("**/login/")


def test_wrong_password_shows_the_error(page, world, screenshot):
    browser_login(page, "chair_a", "not-the-password")
    error = page.locator("[data-testid=login-error]")
    assert "用户名或密码不正确" in error.inner_text()
    screenshot(page, "foundation-04-wrong-password")


@pytest.mark.parametrize("path", ["/orgs/", "/orgs/union-a/", "/orgs/union-a/new/", "/orgs/union-a/audit/"])
def test_pages_fit_a_phone_without_horizontal_scroll(page, world, screenshot, path):
    page.set_viewport_size({"width": 375, "height": 800})
    browser_login(page, "chair_a")
    page.wait_for_url("**/plans/")
    page.goto(page.base_url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    screenshot(page, "foundation-phone" + path.replace("/", "-").rstrip("-"))
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 375px"
