"""The union's own work in a real browser, on a phone: a committee meeting with minutes and a decision
followed to done; a news report sent up and adopted by the county federation."""

from datetime import date

import pytest

from gonghui.conftest import browser_login
from gonghui.unionwork.models import Decision, Meeting, NewsReport, ReportStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_meeting_decision_and_news_report(page, uw, screenshot):
    page.set_viewport_size({"width": 375, "height": 800})
    browser_login(page, "chair_a")
    base = page.base_url
    today = date.today().isoformat()

    page.goto(f"{base}/unionwork/{uw.union_a.code}/meetings/new/?kind=committee")
    assert page.input_value("#id_kind") == "committee"
    page.fill("#id_title", "六月工会委员会会议")
    page.fill("#id_held_on", today)
    page.check(f"input[name=officers][value='{uw.officer_wang.pk}']")
    page.fill("#id_attendance", "5")
    page.fill("#id_agenda", "研究夏季送清凉")
    page.fill("#id_minutes", "王主席主持会议。\n会议决定采购防暑物品。")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=minutes]")
    assert "会议决定采购防暑物品" in page.inner_text("[data-testid=minutes]")

    page.fill("#id_decision-text", "采购绿豆和饮料")
    page.fill("#id_decision-due_on", today)
    page.click("text=添加决定事项")  # no owner: refused in Chinese
    page.wait_for_selector("text=请填写责任人")
    page.fill("#id_decision-owner", "李委员")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=decision]")
    assert no_sideways_scroll(page)
    page.fill("input[name=done-note]", "已发放到各班组")
    page.click("text=标记完成")
    page.wait_for_selector("[data-testid=decision-done]")
    screenshot(page, "unionwork-meeting")
    decision = Decision.objects.get()
    assert decision.done_on is not None and decision.meeting == Meeting.objects.get()

    page.goto(f"{base}/unionwork/{uw.union_a.code}/news/new/")
    page.fill("#id_title", "甲村工会夏季送清凉")
    page.fill("#id_body", "村工会为一线职工送去绿豆和饮料。")
    page.click("button[type=submit]")
    page.click("text=报送上级工会")
    page.wait_for_selector("[data-testid=report-status]:has-text('已报送')")

    page.context.clear_cookies()
    browser_login(page, "fed_admin")
    page.goto(f"{base}/unionwork/{uw.fed.code}/news/incoming/")
    page.click("text=甲村工会夏季送清凉")
    page.select_option("#id_level", "county")
    page.fill("#id_note", "县总工会网站")
    page.click("button:has-text('采用')")
    page.wait_for_selector("[data-testid=report-status]:has-text('已采用')")
    assert no_sideways_scroll(page)
    screenshot(page, "unionwork-adopted")
    report = NewsReport.objects.get()
    assert report.status == ReportStatus.ADOPTED and report.adopted_level == "county"
