"""In a real browser: tick a plan item done with a linked activity, open the ledger page, build the binder."""

import zipfile

import pytest

from gonghui.conftest import browser_login
from gonghui.plans.models import ItemStatus
from gonghui.reports.tests.conftest import YEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_prove_the_item_and_build_the_binder(page, world, records, screenshot, tmp_path):
    browser_login(page, "chair_a")
    base = page.base_url
    page.set_viewport_size({"width": 375, "height": 800})  # a phone

    # The item: no proof yet, so marking it done is refused and says what to do.
    page.goto(f"{base}/plans/items/{records.item.pk}/")
    page.click("[data-testid=mark-done]")
    page.wait_for_selector(".alert")
    assert "无需留痕的原因" in page.inner_text(".alert")
    # The picker: search the year's activities, link the 三八 one, then mark done.
    page.select_option("[data-testid=pick-type]", "activities.activity")
    page.fill("[data-testid=pick-q]", "三八")
    page.wait_for_selector("[data-testid=picks] >> text=三八节趣味运动会")
    assert "乙校活动" not in page.inner_text("[data-testid=picks]")
    assert no_sideways_scroll(page)
    page.click("[data-testid=picks] [data-testid=link]")
    page.wait_for_selector("[data-testid=evidence-list] >> text=三八节趣味运动会")
    page.click("[data-testid=mark-done]")
    page.wait_for_selector("[data-testid=item-status] >> text=已完成")
    screenshot(page, "reports-item-proved")
    records.item.refresh_from_db()
    assert records.item.status == ItemStatus.DONE and records.item.evidence.get().record == records.activity

    # The ledger page: every ledger with its count, phone-usable.
    page.goto(f"{base}/reports/{world.union_a.code}/ledgers/?year={YEAR}")
    page.wait_for_selector("[data-testid=ledger-table]")
    assert "活动台帐" in page.inner_text("[data-testid='ledger-activities.ledger']")
    assert no_sideways_scroll(page)
    screenshot(page, "reports-ledgers")

    # The binder: a background task with a progress page, then the download.
    page.click("[data-testid=build-binder]")
    page.wait_for_selector("[data-testid=download]")
    assert "甲村工会" in page.inner_text("[data-testid=sections]")
    with page.expect_download() as download:
        page.click("[data-testid=download]")
    path = tmp_path / "binder.zip"
    download.value.save_as(path)
    names = zipfile.ZipFile(path).namelist()
    assert "00-封面目录.docx" in names and f"工作计划/{YEAR}年工作计划.docx" in names
    screenshot(page, "reports-binder")
