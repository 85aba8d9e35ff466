"""The idle-logout warning in real Chromium: shown on a page with a form, and 「继续使用」 renews the session."""

import pytest

from gonghui.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_idle_warning_shows_on_a_form_page_and_keeps_the_session(page, world, settings, screenshot):
    # With a 2-minute idle limit the 2-minute warning is due at once.
    settings.GONGHUI_SESSION_IDLE_MINUTES = 2
    browser_login(page, "chair_a")
    page.goto(page.base_url + "/profile/")
    warning = page.get_by_test_id("session-warning")
    warning.wait_for()
    assert "自动退出登录" in warning.inner_text()
    screenshot(page, "session-idle-warning")
    with page.expect_response(lambda r: r.url.endswith("/session/keepalive/")) as kept:
        warning.get_by_role("button", name="继续使用").click()
    assert kept.value.status == 204
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.reload()
    assert not [e for e in errors if "Content Security Policy" in e]


def test_no_warning_on_a_page_without_a_form(page, world, settings):
    settings.GONGHUI_SESSION_IDLE_MINUTES = 2
    browser_login(page, "chair_a")
    page.goto(page.base_url + "/orgs/union-a/")
    page.wait_for_load_state("networkidle")
    assert page.locator('.page-body form[method="post" i]').count() == 0  # the org page only shows
    assert page.get_by_test_id("session-warning").count() == 0
