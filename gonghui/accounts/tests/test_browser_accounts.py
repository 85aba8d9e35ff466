"""On a phone (375 px): the chair opens accounts for ticked members and opens the slip; the member
logs in with the phone and the printed password, is made to change it, and lands on their home."""

import pytest

from gonghui.accounts.models import FirstPassword
from gonghui.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_chair_opens_an_account_and_the_member_logs_in_on_a_phone(page, browser, world, roster, screenshot):
    page.set_viewport_size({"width": 375, "height": 800})
    page.on("dialog", lambda dialog: dialog.accept())
    browser_login(page, "chair_a")
    page.goto(page.base_url + "/accounts/org/union-a/")
    page.check(f"input[name=member][value='{roster['wang'].pk}']")
    page.click("[data-testid=open-ticked]")
    page.wait_for_selector("[data-testid=task-progress]")
    page.reload()  # the task ran; the page now offers the slips
    assert page.inner_text("[data-testid=opened-count]") == "1"
    page.click("[data-testid=print-slips]")
    page.wait_for_selector("[data-testid=slip]")
    assert page.inner_text("[data-testid=slip-phone]") == "13800138000"
    assert page.locator(".slip-qr img").evaluate("img => img.complete && img.naturalWidth > 0")
    assert no_sideways_scroll(page)
    screenshot(page, "accounts-slip-375")
    password = page.inner_text("[data-testid=slip-password]").replace(" ", "")

    phone = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 800})
    member = phone.new_page()
    member.set_default_timeout(15000)
    member.base_url = page.base_url
    browser_login(member, "138 0013 8000", password)
    member.wait_for_selector("[data-testid=first-password]")
    assert member.url.endswith("/accounts/first-password/")
    member.fill("#id_new_password1", "abcdefgh")
    member.fill("#id_new_password2", "abcdefgh")
    member.click("[data-testid=first-password] button")
    assert "密码至少要包含" in member.inner_text("[data-testid=first-password]")
    member.goto(member.base_url + "/voice/me/")  # nothing else opens before the change
    assert member.url.endswith("/accounts/first-password/")
    member.fill("#id_new_password1", "Wang#Fang2026")
    member.fill("#id_new_password2", "Wang#Fang2026")
    member.click("[data-testid=first-password] button")
    member.wait_for_load_state()
    assert "/accounts/first-password/" not in member.url and "/login/" not in member.url
    assert "密码已修改" in member.content()
    assert no_sideways_scroll(member)
    assert "会员名册" not in member.inner_text("body")
    screenshot(member, "accounts-member-home-375")
    assert FirstPassword.objects.get(user__username="13800138000").changed_at is not None
    phone.close()


def test_the_installed_app_shows_the_offline_page_when_the_network_is_down(page, world):
    page.set_viewport_size({"width": 375, "height": 800})
    browser_login(page, "member_a")
    page.wait_for_load_state()
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == page.base_url + "/"
    page.reload()  # now the worker controls the page
    page.context.set_offline(True)
    try:
        page.goto(page.base_url + "/voice/me/")
        assert "网络未连接" in page.inner_text("[data-testid=offline]")
        assert "member_a" not in page.content()  # the cached page names nobody
    finally:
        page.context.set_offline(False)
