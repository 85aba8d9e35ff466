"""A union chair imports HR's messy roster in a real browser: upload, see every bad row, download
them, fix a column mapping, commit the good rows, then find a member by pinyin initials."""

from pathlib import Path

import pytest

from gonghui.conftest import browser_login
from gonghui.members.models import ImportJob, ImportStatus, Member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UGLY = Path(__file__).parent / "files" / "ugly_roster.xlsx"


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_import_journey(page, world, screenshot, tmp_path):
    browser_login(page, "chair_a")
    base = page.base_url

    page.goto(f"{base}/members/import/")
    page.set_input_files("#id_file", str(UGLY))
    page.click("[data-testid=upload]")
    page.wait_for_selector("[data-testid=count-errors]")
    assert page.inner_text("[data-testid=count-created]") == "3"
    assert page.inner_text("[data-testid=count-errors]") == "4"
    errors = page.inner_text("[data-testid=errors]")
    assert "身份证号被 Excel 当作数字保存" in errors and "文本" in errors
    assert "与第 5 行的身份证号重复" in errors
    assert page.is_disabled("[data-testid=commit]")  # all or nothing while errors remain
    screenshot(page, "members-import-preview")

    with page.expect_download() as download:
        page.click("[data-testid=download-errors]")
    saved = tmp_path / "errors.xlsx"
    download.value.save_as(saved)
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(saved)).get_sheet_by_index(0).to_python()
    assert rows[0] == ["行号", "列", "内容", "原因"] and len(rows) > 4

    # HR's phone column is a mess this time: do not import it
    page.click("details summary")
    page.select_option("select[name=col4]", "")
    page.click("[data-testid=remap]")
    page.wait_for_selector("[data-testid=count-errors]")
    job = ImportJob.objects.get()
    assert "phone" not in job.mapping.values() and job.mapping["4"] == ""
    assert "手机号应为" not in page.inner_text("[data-testid=errors]")

    page.click("[data-testid=commit-skip]")
    page.wait_for_selector("[data-testid=import-status][data-status=committed]", state="attached")
    assert "已导入" in page.inner_text("[data-testid=import-message]")
    assert ImportJob.objects.get().status == ImportStatus.COMMITTED
    assert Member.objects.filter(name="张三", phone="").exists()

    page.goto(f"{base}/members/")
    page.fill("input[name=q]", "zs")
    page.click("[data-testid=search]")
    page.wait_for_selector("[data-testid=roster]")
    roster = page.inner_text("[data-testid=roster]")
    assert "张三" in roster and "李四" not in roster
    assert "110***********4477" in roster  # masked on the list
    screenshot(page, "members-roster-search")

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert no_sideways_scroll(page)
    page.click("text=张三")
    page.wait_for_selector("[data-testid=history]")
    page.click("[data-testid=reveal-id]")
    page.wait_for_selector("text=110101199003074477")
    assert no_sideways_scroll(page)
    screenshot(page, "members-detail-phone")
