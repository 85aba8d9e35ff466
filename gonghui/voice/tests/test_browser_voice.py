"""Open affairs and the members' voice in a real browser: the chair publishes a notice, a member on
a 375 px phone reads it and objects, sends a suggestion and an anonymous letter; the chair answers
and sees the read rate; the member sees the answers."""

import pytest

from gonghui.conftest import browser_login
from gonghui.voice.models import Notice, Opinion, Suggestion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def switch_user(page, username):
    page.context.clear_cookies()
    browser_login(page, username)


def test_voice_journey(page, world, screenshot):
    base = page.base_url
    browser_login(page, "chair_a")
    page.goto(f"{base}/voice/{world.union_a.code}/notices/new/")
    page.select_option("#id_category", "welfare")
    page.fill("#id_title", "疗休养名额分配方案")
    page.fill("#id_body", "<p>一线职工 8 名，管理人员 2 名。</p><script>document.title='x'</script>")
    page.click("[data-testid=voice-form] button[type=submit]")
    page.wait_for_selector("[data-testid=notice-body]")
    notice = Notice.objects.get()
    assert notice.is_published and "script" not in notice.body

    # The member, on a phone.
    page.set_viewport_size({"width": 375, "height": 800})
    switch_user(page, "member_a")
    page.goto(f"{base}/voice/me/")
    page.click("[data-testid=unread] a")
    page.wait_for_selector("[data-testid=notice-body]")
    assert "一线职工" in page.inner_text("[data-testid=notice-body]")
    page.select_option("#id_kind", "objection")
    page.fill("#id_body", "夜班职工是否计入一线？")
    page.click("[data-testid=send-opinion]")
    page.wait_for_selector("[data-testid=my-opinions] .list-group-item")
    assert no_sideways_scroll(page)

    page.goto(f"{base}/voice/me/write/?channel=suggestion")
    page.fill("#id_title", "车间照明改LED")
    page.fill("#id_body", "现有灯具耗电大，建议更换。")
    page.click("[data-testid=voice-form] button[type=submit]")
    page.wait_for_selector("[data-testid=status]")

    page.goto(f"{base}/voice/me/write/?channel=mailbox")
    page.fill("#id_title", "加班费")
    page.fill("#id_body", "班组加班费未按规定发放。")
    page.check("#id_anonymous")
    page.click("[data-testid=voice-form] button[type=submit]")
    reference = page.inner_text("[data-testid=reference]").strip()
    assert len(reference) == 12 and no_sideways_scroll(page)
    screenshot(page, "voice-anonymous-sent")
    letter = Suggestion.objects.get(anonymous=True)
    assert letter.author_id is None and letter.member_id is None

    # The chair answers and sees the read rate.
    page.set_viewport_size({"width": 1280, "height": 900})
    switch_user(page, "chair_a")
    page.goto(f"{base}/voice/notices/{notice.pk}/")
    assert "阅读率 100.0%" in page.inner_text("[data-testid=read-rate]")
    page.fill("[data-testid=opinions] textarea[name=reply]", "夜班职工计入一线。")
    page.click("[data-testid=opinions] button")
    page.wait_for_selector("text=工会答复：夜班职工计入一线。")
    assert Opinion.objects.get().replied_at is not None
    page.goto(f"{base}/voice/suggestions/{letter.pk}/")
    assert "匿名" in page.inner_text("main, body")
    page.fill("[data-testid=answer-form] textarea", "已责成人事部门补发。")
    page.click("[data-testid=answer-form] button")
    page.wait_for_selector("[data-testid=answer]")

    # The member comes back for the answers.
    page.set_viewport_size({"width": 375, "height": 800})
    switch_user(page, "member_a")
    page.goto(f"{base}/voice/me/lookup/")
    page.fill("#id_reference", reference)
    page.click("[data-testid=lookup-form] button")
    page.wait_for_selector("[data-testid=lookup-result]")
    assert "已责成人事部门补发" in page.inner_text("[data-testid=lookup-result]")
    page.goto(f"{base}/voice/me/")
    assert "夜班职工计入一线" in page.inner_text("[data-testid=my-opinions]")
    assert no_sideways_scroll(page)
    screenshot(page, "voice-member-home")


def test_member_phone_home(page, world, screenshot):
    """A member on a 375 px phone lands on their home: dues status, an activity to sign up for
    (and, once signed up, their state), and their own record."""
    from decimal import Decimal

    from django.utils import timezone

    from gonghui.activities.tests.factories import ActivityFactory
    from gonghui.dues import months
    from gonghui.dues.tests.factories import DuesBaseFactory, DuesPaymentFactory

    member = world.member_a_record
    year = timezone.localdate().year  # the browser runs on the real clock
    DuesBaseFactory(org=member.org, member=member, monthly_wage=Decimal("6000"))
    DuesPaymentFactory(
        org=member.org,
        member=member,
        first_month=months.month_index(year, 1),
        last_month=months.month_index(year, 1),
        amount=Decimal("30.00"),
        paid_on=timezone.localdate().replace(month=1, day=10),
    )
    ActivityFactory(org=world.union_a, title="职工健步走")
    page.set_viewport_size({"width": 375, "height": 800})
    browser_login(page, "member_a")
    page.goto(page.base_url + "/")
    page.wait_for_selector("[data-testid=dues]")
    assert f"已缴至 {year}年1月" in page.inner_text("[data-testid=dues]")
    row = page.locator("[data-testid=activity-row]", has_text="职工健步走")
    assert no_sideways_scroll(page)
    screenshot(page, "voice-member-phone-home")
    row.locator("button", has_text="报名").click()
    page.wait_for_url("**/activities/**")
    page.goto(page.base_url + "/")
    assert "已报名" in page.locator("[data-testid=activity-row]", has_text="职工健步走").inner_text()
    page.click("[data-testid=own-record]")
    page.wait_for_selector("[data-testid=record-basic]")
    assert member.name in page.inner_text("[data-testid=record-basic]")
    assert "职工健步走" in page.inner_text("[data-testid=record-activities]")
    assert member.id_number not in page.content()
    assert no_sideways_scroll(page)
    screenshot(page, "voice-member-record")
