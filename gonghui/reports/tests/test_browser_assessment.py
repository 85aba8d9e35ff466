"""The year proved in real Chromium: the union builds its summary, the county opens an assessment,
the union fills in and submits its sheet, the county scores it item by item and publishes."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gonghui.conftest import browser_login
from gonghui.reports.assessment.models import Assessment, AssessmentStatus, RoundStatus
from gonghui.reports.summary.models import SummaryText

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        yield


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _logout(page):
    page.context.clear_cookies()


def test_summary_then_assessment_union_and_federation(page, world, screenshot):
    # The union drafts its summary: figures from the records, its own words for next year.
    browser_login(page, "chair_a")
    page.goto(page.base_url + "/reports/union-a/summary/?year=2026")
    assert "甲村工会2026年度工作总结" in page.inner_text("h2")
    assert "没有已确认的年度工作计划" in page.inner_text("[data-testid=no-plan]")
    page.fill("textarea[name=next_year]", "明年力争创建模范职工之家。")
    page.click("[data-testid=save-summary]")
    page.wait_for_selector("text=总结的文字部分已保存")
    assert (
        SummaryText.objects.get(org=world.union_a, year=2026).texts["next_year"]
        == "明年力争创建模范职工之家。"
    )
    with page.expect_download() as download:
        page.click("[data-testid=summary-docx]")
    assert download.value.suggested_filename == "甲村工会2026年度工作总结.docx"
    screenshot(page, "reports-01-summary")
    _logout(page)

    # The county loads the annual rubric and opens the round.
    browser_login(page, "fed_admin")
    page.goto(page.base_url + "/reports/fed/assessment/")
    page.select_option("#id_key", "county_annual")
    page.fill("#id_year", "2026")
    page.click("[data-testid=load-rubric]")
    page.wait_for_selector("text=组建与入会")
    page.click("[data-testid=open-round]")
    page.wait_for_selector("[data-testid=round-table]")
    screenshot(page, "reports-02-round")
    _logout(page)

    # The union sees its pre-filled sheet, self-scores the manual items and submits.
    browser_login(page, "chair_a")
    page.goto(page.base_url + "/reports/union-a/assessment/")
    page.click("[data-testid=my-assessments] a")
    page.wait_for_selector("[data-testid=submit-assessment]")
    assessment = Assessment.objects.get(org=world.union_a)
    assert "自动得分" in page.inner_text("body")
    for score in assessment.scores.filter(auto_points__isnull=True):
        card = page.locator(f"#item-{score.pk.hex}")
        card.locator("input[name$='-points']").fill("1")
        with page.expect_navigation():
            card.locator("[data-testid=save-self]").click()
    page.set_viewport_size({"width": 375, "height": 800})
    assert _no_sideways_scroll(page)
    screenshot(page, "reports-03-sheet-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("[data-testid=submit-assessment]")
    page.wait_for_selector("text=自评已提交")
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    _logout(page)

    # The county scores item by item (the defaults are the union's own scores) and publishes.
    browser_login(page, "fed_admin")
    page.goto(page.base_url + f"/reports/assessments/{assessment.pk}/")
    for score in assessment.scores.order_by("item__section__order", "item__order"):
        with page.expect_navigation():
            page.locator(f"#item-{score.pk.hex} [data-testid=save-review]").click()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.REVIEWED
    page.goto(page.base_url + f"/reports/rounds/{assessment.round_id}/")
    page.click("[data-testid=publish]")
    page.wait_for_selector("text=考核结果已发布")
    assessment.round.refresh_from_db()
    assert assessment.round.status == RoundStatus.PUBLISHED
    assert "1" in page.inner_text("[data-testid=row-union-a] td >> nth=0")
    screenshot(page, "reports-04-published")
