"""The guide in Chromium: 「帮助」 on a screen opens its page, the page reads on a phone, and the
screenshot machinery (manage.py guide_screenshots) takes desktop and phone shots."""

import struct

import pytest

from gonghui.conftest import browser_login
from gonghui.help import screens
from gonghui.help.guide import Shot


def _png_size(path):
    with open(path, "rb") as f:
        header = f.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


@pytest.mark.browser
def test_help_from_a_screen_and_the_screenshots(page, browser, world, screenshot, tmp_path):
    browser_login(page, "chair_a")
    page.goto(page.base_url + "/members/")
    page.click("[data-testid=help]")
    page.wait_for_url("**/help/members/")
    assert page.locator("h2.page-title").inner_text() == "会员名册"
    page.click("text=导入名册 >> nth=0")  # the page's own contents list
    assert page.locator("#导入名册").is_visible()
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "help-members-phone")

    shots = [Shot("desk.png", "chair_a", "/help/"), Shot("phone.png", "member_a", "/help/phone/", phone=True)]
    written = screens.take(browser, page.base_url, shots, tmp_path, "pw-123456")
    assert [p.name for p in written] == ["desk.png", "phone.png"]
    assert _png_size(tmp_path / "desk.png") == (1280, 800)
    assert _png_size(tmp_path / "phone.png") == (375, 740)
    with pytest.raises(RuntimeError, match="无法以 nobody 登录"):
        screens.take(browser, page.base_url, [Shot("x.png", "nobody", "/")], tmp_path, "pw-123456")
