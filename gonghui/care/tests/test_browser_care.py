"""A care officer's day in a real browser: a hospital visit, a needy case from application to
on file, 金秋助学 aid, and the archive and aid rates on the dashboard."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from gonghui.care.models import Aid, CaseStatus, HardshipCase, Visit
from gonghui.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def pick_member(page, query, member):
    page.fill("#id_member", query)
    option = f"[data-testid=member-option] input[value='{member.pk}']"
    page.wait_for_selector(option)
    page.check(option)


def test_care_journey(page, care, screenshot):
    from gonghui.plans.models import PlanStatus
    from gonghui.plans.tests.factories import PlanFactory, TargetFactory

    plan = PlanFactory(org=care.union_a, status=PlanStatus.CONFIRMED, year=date.today().year)
    TargetFactory(
        org=care.union_a,
        plan=plan,
        text="贫特困职工家庭建档率100%",
        metric_words="建档率",
        metric_key="care.archive_rate",
        value=Decimal(100),
    )
    TargetFactory(
        org=care.union_a,
        plan=plan,
        text="帮困率100%",
        metric_words="帮困率",
        metric_key="care.aid_rate",
        value=Decimal(100),
    )
    browser_login(page, "officer_a")
    base = page.base_url

    # A hospitalisation visit.
    page.goto(f"{base}/care/{care.union_a.code}/visits/new/")
    pick_member(page, "wbr", care.patient)  # 王病人 by pinyin initials
    page.select_option("#id_occasion", "hospitalised")
    page.check(f"input[name=visitors][value='{care.officer_record.pk}']")
    page.fill("#id_money", "500")
    page.fill("#id_goods", "水果、牛奶")
    page.fill("#id_notes", "胆囊手术后恢复良好")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=occasion]")
    assert page.inner_text("[data-testid=occasion]") == "生病住院"
    assert Visit.objects.get().money == 500

    # A needy case, step by step.
    page.goto(f"{base}/care/{care.union_a.code}/cases/new/")
    pick_member(page, "李困", care.needy)
    page.fill("#id_household_size", "4")
    page.fill("#id_income_per_head", "580")
    page.check("input[name=causes][value=illness]")
    page.check("input[name=causes][value=schooling]")
    page.select_option("#id_level", "deep")
    page.fill("#id_cause_detail", "本人肾病，长期透析")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=step-check]")
    page.fill("#id_check-note", "初核：情况属实")
    page.click("[data-testid=step-check] button")
    page.fill("#id_home_visit-note", "入户：住房简陋，女儿读高二")
    page.click("[data-testid=step-home_visit] button")
    page.select_option("#id_committee-approved", "yes")
    page.fill("#id_committee-note", "委员会会议同意")
    page.click("[data-testid=step-committee] button")
    start = date.today() - timedelta(days=12)
    page.fill("#id_notice-start", start.isoformat())
    page.fill("#id_notice-end", (start + timedelta(days=6)).isoformat())
    page.click("[data-testid=step-notice] button")
    page.fill("#id_file-note", "公示无异议")
    page.click("[data-testid=step-file] button")
    page.wait_for_selector("[data-testid=step-exit]")
    assert page.inner_text("[data-testid=case-status]") == "已建档"
    case = HardshipCase.objects.get()
    assert case.status == CaseStatus.ON_FILE and case.events.count() == 6

    page.set_viewport_size({"width": 375, "height": 800})
    assert no_sideways_scroll(page)
    screenshot(page, "care-case-375")
    page.set_viewport_size({"width": 1280, "height": 900})

    # 金秋助学 for the daughter.
    page.goto(f"{base}/care/{care.union_a.code}/aid/new/?case={case.pk}")
    page.select_option("#id_kind", "schooling")
    page.fill("#id_amount", "1000")
    page.fill("#id_approved_by", "甲村工会委员会")
    page.fill("#id_student_school", "城关县第一中学")
    page.fill("#id_student_grade", "高二")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=case-aids]")
    assert "金秋助学" in page.inner_text("[data-testid=case-aids]")
    assert Aid.objects.get().student_school == "城关县第一中学"

    # The year's aid ledger: the aid page leads to the union's ledger page, where it is built in the
    # background, then downloaded from the progress page.
    page.goto(f"{base}/care/{care.union_a.code}/aid/")
    page.click("[data-testid=ledger]")
    page.click("[data-testid='download-care.aid']")
    link = page.wait_for_selector("[data-testid=task-progress] a")
    with page.expect_download() as download:
        link.click()
    year = date.today().year
    assert download.value.suggested_filename == f"帮扶台帐-{care.union_a.name}-{year}.xlsx"
    page.set_viewport_size({"width": 375, "height": 800})
    assert no_sideways_scroll(page)
    screenshot(page, "care-ledger-375")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The dashboard shows the care targets with their live values.
    page.goto(f"{base}/")
    page.wait_for_selector("[data-testid=target]")
    targets = page.inner_text("body")
    assert "困难职工建档率" in targets and "帮困率" in targets
    assert targets.count("100%") >= 2
    screenshot(page, "care-dashboard")
    page.goto(f"{base}/care/{care.union_a.code}/")
    assert page.inner_text("[data-testid='metric-care.archive_rate']") == "100%"
    assert page.inner_text("[data-testid='metric-care.aid_rate']") == "100%"
    page.set_viewport_size({"width": 375, "height": 800})
    assert no_sideways_scroll(page)
    screenshot(page, "care-overview-375")
