"""A union chair records dues in a real browser: find the member by pinyin initials, pay a quarter,
see it on the member's page, be refused an overlapping payment, watch the arrears list shrink."""

from datetime import date

import pytest

from gonghui.conftest import FIXED_NOW, browser_login
from gonghui.dues.models import DuesPayment
from gonghui.members.tests.factories import MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = FIXED_NOW.year  # the suite's pinned clock (gonghui.conftest.fixed_clock)


@pytest.fixture
def zhang(world):
    return MemberFactory(org=world.group_a, name="张三", member_number="A001", join_date=date(2020, 1, 1))


def arrears_row(page, name):
    page.goto(f"{page.base_url}/dues/union-a/arrears/?first_month={YEAR}-01&last_month={YEAR}-06")
    page.wait_for_selector("[data-testid=arrears-table]")
    row = page.locator("[data-testid=arrears-row]", has_text=name)
    return row.inner_text() if row.count() else ""


def fill_payment(page, first, last, amount):
    page.fill("#id_member", "zs")  # 张三 by pinyin initials, through the htmx search
    page.wait_for_selector("[data-testid=member-option]:has-text('张三')")
    page.check("[data-testid=member-option]:has-text('张三') input")
    page.fill("#id_first_month", first)
    page.fill("#id_last_month", last)
    page.fill("#id_amount", amount)
    page.fill("#id_paid_on", f"{YEAR}-03-10")
    page.select_option("#id_method", "wechat")
    page.click("[data-testid=payment-form] button[type=submit]")


def test_chair_records_a_quarter_and_an_overlap_is_refused(page, world, zhang, screenshot):
    browser_login(page, "chair_a")
    page.wait_for_url("**/plans/")
    assert "6 / 6" in arrears_row(page, "张三")
    screenshot(page, "dues-01-arrears-before")

    page.click("[data-testid=dues-nav] >> text=登记缴费")
    page.wait_for_selector("[data-testid=payment-form]")
    fill_payment(page, f"{YEAR}-01", f"{YEAR}-03", "90")
    page.wait_for_url(f"**/dues/members/{zhang.pk}/")
    screenshot(page, "dues-02-member-page")
    assert f"{YEAR}-01 至 {YEAR}-03" in page.inner_text("[data-testid=member-payments]")
    paid = page.locator("[data-testid=month-grid] [data-paid='1']")
    assert paid.count() == 3
    payment = DuesPayment.objects.get()
    assert (payment.member, payment.amount, payment.recorded_by) == (zhang, 90, world.chair_a)

    page.click("text=登记缴费 >> nth=-1")  # the member page's button: the member comes preselected
    page.wait_for_selector("[data-testid=payment-form]")
    fill_payment(page, f"{YEAR}-03", f"{YEAR}-04", "60")
    error = page.locator("[data-testid=form-error]")
    error.wait_for()
    assert "缴费月份不能重叠" in error.inner_text()
    screenshot(page, "dues-03-overlap-refused")
    assert DuesPayment.objects.count() == 1

    assert "3 / 6" in arrears_row(page, "张三")
    assert f"{YEAR}-04 至 {YEAR}-06" in arrears_row(page, "张三")
    screenshot(page, "dues-04-arrears-after")

    # The quarter was recorded for the wrong person: void it with a reason; the months are owed again.
    page.goto(f"{page.base_url}/dues/members/{zhang.pk}/")
    page.click("[data-testid=void] summary")
    page.fill("[data-testid=void] input[name=reason]", "登记错会员")
    page.click("[data-testid=void] button[type=submit]")
    page.wait_for_selector("[data-testid=voided]")
    screenshot(page, "dues-05-voided")
    assert page.locator("[data-testid=month-grid] [data-paid='1']").count() == 0
    assert "登记错会员" in page.inner_text("[data-testid=member-payments]")
    assert "6 / 6" in arrears_row(page, "张三")


PHONE_PAGES = ["overview", "arrears", "payments", "payments/new", "import", "member"]


def test_dues_pages_fit_a_phone(page, world, zhang, screenshot):
    DuesPayment.objects.create(
        org=zhang.org,
        member=zhang,
        first_month=YEAR * 12,
        last_month=YEAR * 12 + 2,
        amount=90,
        paid_on=date(YEAR, 3, 10),
        method="cash",
        recorded_by=world.chair_a,
    )
    page.set_viewport_size({"width": 375, "height": 800})
    browser_login(page, "chair_a")
    page.wait_for_url("**/plans/")
    for name in PHONE_PAGES:
        path = f"/dues/members/{zhang.pk}/" if name == "member" else f"/dues/union-a/{name}/"
        page.goto(page.base_url + path.replace("/overview/", "/"))
        page.wait_for_load_state("networkidle")
        screenshot(page, f"dues-phone-{name.replace('/', '-')}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 375px"
