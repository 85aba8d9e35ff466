"""The congress in a real browser: the chair creates a session and puts an item to a vote; a delegate
on a phone (375 px) checks in, votes, files a proposal and seconds another; the chair closes the vote
and prints the result."""

from datetime import date, timedelta

import pytest

from gonghui.conftest import browser_login
from gonghui.democracy import services
from gonghui.democracy.models import Category, CongressKind, Proposal, Vote
from gonghui.democracy.tests.conftest import seat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_congress_journey(page, browser, world, screenshot):
    today = date.today()
    congress = services.create_congress(
        org=world.union_a, kind=CongressKind.WORKERS, term_number=1, starts_on=today - timedelta(days=365),
        ends_on=today + timedelta(days=2 * 365),
    )  # fmt: skip
    others = seat(congress, 5)
    for d in others:
        d.elected_on = congress.starts_on
        d.save()
    services.add_delegate(
        congress=congress,
        member=world.member_a_record,
        category=Category.FRONTLINE,
        elected_on=congress.starts_on,
    )
    page.on("dialog", lambda dialog: dialog.accept())
    browser_login(page, "chair_a")
    base = page.base_url

    # The chair creates the session, adds an item and puts it to a secret vote.
    page.goto(f"{base}/democracy/congresses/{congress.pk}/sessions/new/")
    page.fill("#id_held_on", today.isoformat())
    page.fill("#id_place", "职工之家")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=session-status]")
    session_url = page.url
    page.fill("#id_title", "审议《职工福利制度》")
    page.click("text=添加议题")
    page.click("[data-testid=vote-create]")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=vote-open]")
    vote_url = page.url
    session = congress.sessions.get()
    for d in others[:3]:  # three delegates ticked in by staff; quorum is 4 of 6
        services.check_in(session=session, delegate=d, by=world.chair_a)
    page.click("[data-testid=vote-open]")
    assert "不能开始表决" in page.inner_text("body")  # below quorum

    # A delegate on a phone checks in.
    phone_context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 740})
    phone = phone_context.new_page()
    phone.base_url = base
    phone.on("dialog", lambda dialog: dialog.accept())
    browser_login(phone, "member_a")
    phone.goto(session_url)
    phone.click("[data-testid=self-checkin]")
    phone.wait_for_selector("[data-testid=checked-in]")
    assert phone.inner_text("[data-testid=quorum]") == "已达法定人数"
    assert no_sideways_scroll(phone)

    # The chair opens the vote; the delegate votes once.
    page.goto(vote_url)
    page.click("[data-testid=vote-open]")
    page.wait_for_selector("[data-testid=vote-close]")
    phone.goto(vote_url)
    phone.check("input[name=option] >> nth=0")
    phone.click("[data-testid=cast]")
    phone.wait_for_selector("[data-testid=voted]")
    assert "无记名投票规则" in phone.inner_text("[data-testid=secrecy-rule]")
    assert no_sideways_scroll(phone)
    screenshot(phone, "democracy-phone-voted")

    # The delegate files a proposal and seconds a colleague's.
    phone.goto(session_url)
    phone.click("[data-testid=proposal-create]")
    phone.fill("#id_title", "增设职工休息室")
    phone.fill("#id_reasons", "一线职工午间无处休息。")
    phone.fill("#id_suggestion", "在二楼空置房间设休息室。")
    phone.click("button[type=submit]")
    phone.wait_for_selector("[data-testid=proposal-status]")
    assert Proposal.objects.filter(proposer__member__user=world.member_a, title="增设职工休息室").exists()
    colleague = services.draft_proposal(
        session=session, delegate=others[0], by=world.chair_a, title="食堂增加夜班餐", reasons="夜班无餐",
        suggestion="延长供餐时间",
    )  # fmt: skip
    services.invite_seconder(
        proposal=colleague, delegate=world.member_a_record.delegacies.get(), by=world.chair_a
    )
    phone.goto(f"{base}/democracy/{world.union_a.code}/")
    phone.click("text=附议 >> nth=-1")
    phone.wait_for_selector("text=已附议")
    assert colleague.seconds.get().accepted_on is not None

    # The chair closes the vote and prints the result.
    page.goto(vote_url)
    page.click("[data-testid=vote-close]")
    page.wait_for_selector("[data-testid=result]")
    assert page.inner_text("[data-testid=result]") == "赞成1票，未通过"  # 1 of 6 seated
    page.click("[data-testid=print-link]")
    page.wait_for_selector("[data-testid=printable]")
    assert "全体代表 6 人，实到 4 人，投票 1 人" in page.inner_text("[data-testid=printable]")
    assert Vote.objects.get().ballots_cast == 1
    phone_context.close()
