"""The union's own work in a real browser, on a phone: a committee meeting with minutes and a decision
followed to done; a news report sent up and adopted by the county federation; an honour nominated
by a member online, decided, publicised and awarded, then shown on the nominee's record."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gonghui.conftest import browser_login
from gonghui.orgs.models import Role
from gonghui.orgs.tests.factories import make_user
from gonghui.unionwork.models import Decision, Honour, HonourStatus, Meeting, NewsReport, ReportStatus
from gonghui.unionwork.tests.factories import HonourRoundFactory

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


def test_a_member_nominates_and_the_chair_awards(page, uw, screenshot):
    today = date.today()
    round = HonourRoundFactory(
        org=uw.union_a,
        name="年度优秀会员评选",
        year=today.year,
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=25),
        publicity_days=5,
    )
    uw.zhang.user = make_user("zhang", Role.MEMBER, uw.union_a)
    uw.zhang.save()
    page.set_viewport_size({"width": 375, "height": 800})
    base = page.base_url

    # A member, on the phone, nominates a colleague found by name.
    browser_login(page, "member_a")
    page.goto(f"{base}/unionwork/me/")
    page.click(f"[data-testid=nominate-{round.pk}]")
    page.fill("#id_member", "张先")
    page.check("[data-testid=member-option] input")
    page.fill("#id_citation", "带头参加劳动竞赛，热心帮助困难职工。")
    assert no_sideways_scroll(page)
    screenshot(page, "unionwork-member-nominates")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=my-nominations] >> text=张先进")
    assert page.inner_text("[data-testid=nomination-status]") == "已推荐"
    assert no_sideways_scroll(page)
    honour = Honour.objects.get()
    assert honour.nominator == uw.member_a_record and honour.member == uw.zhang

    # The chair takes it through the committee's decision and the publicity period.
    page.context.clear_cookies()
    browser_login(page, "chair_a")
    page.goto(f"{base}/unionwork/honours/{honour.pk}/")
    page.select_option("#id_approved", "1")
    page.fill("#id_note", "委员会表决 5 票赞成")
    page.click("text=登记评议结果")
    page.wait_for_selector("[data-testid=honour-status]:has-text('已通过评议')")
    page.fill("#id_start", today.isoformat())
    page.click("text=开始公示")
    page.wait_for_selector("[data-testid=honour-status]:has-text('公示中')")
    assert no_sideways_scroll(page)

    # The members see it on the publicity list while it is posted.
    page.context.clear_cookies()
    browser_login(page, "member_a")
    page.goto(f"{base}/unionwork/me/")
    assert "张先进" in page.inner_text("[data-testid=publicity]")

    # A week later the publicity period is over: the chair awards it.
    later = datetime.combine(today + timedelta(days=7), time(10), tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(later, tick=True):
        page.context.clear_cookies()
        browser_login(page, "chair_a")
        page.goto(f"{base}/unionwork/honours/{honour.pk}/")
        page.click("text=确认表彰")
        page.wait_for_selector("[data-testid=honour-status]:has-text('已表彰')")
        honour.refresh_from_db()
        assert honour.status == HonourStatus.AWARDED and honour.awarded_on == later.date()

        # The nominee sees the honour on their own record's honours tab.
        page.context.clear_cookies()
        browser_login(page, "zhang")
        page.goto(f"{base}/members/{uw.zhang.pk}/")
        page.click("a[href='#tab-honours']")
        page.wait_for_selector("[data-testid=member-honours] >> text=年度优秀会员")
        assert "已表彰" in page.inner_text("[data-testid=member-honours]")
        assert no_sideways_scroll(page)
        screenshot(page, "unionwork-honour-on-record")
