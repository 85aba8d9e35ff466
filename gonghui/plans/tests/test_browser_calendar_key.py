"""「生成新地址」 asks first, in a real browser where the CSP applies: an inline onclick confirm was
blocked by the CSP and the key was replaced without a question."""

import pytest

from gonghui.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_replacing_the_calendar_key_asks_first(page, world):
    browser_login(page, "chair_a")
    page.wait_for_url("**/plans/")
    page.goto(page.base_url + "/plans/calendar/")
    first = page.locator("[data-testid=ical-url]").input_value()
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda d: answer(d, False))
    page.click("[data-testid=ical-reset]")
    page.wait_for_timeout(300)
    assert questions and "旧地址将全部失效" in questions[0]
    assert page.locator("[data-testid=ical-url]").input_value() == first

    page.once("dialog", lambda d: answer(d, True))
    page.click("[data-testid=ical-reset]")
    page.wait_for_load_state()
    page.wait_for_function(f"document.querySelector('[data-testid=ical-url]').value !== {first!r}")
    assert len(questions) == 2
