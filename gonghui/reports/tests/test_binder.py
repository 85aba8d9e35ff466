"""The ledger binder: what goes in, per union and per federation, and who may build it."""

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from docx import Document

from gonghui.plans import services as plan_services
from gonghui.reports import binder, registry
from gonghui.reports.tests.conftest import YEAR

pytestmark = pytest.mark.django_db

REASON = "本事项为上级工会组织的现场检查，检查记录由区总工会留存。"


def _text(archive: zipfile.ZipFile, name: str) -> str:
    document = Document(io.BytesIO(archive.read(name)))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _number(title):
    return next(n for n, ledger in enumerate(registry.ledgers(), 1) if ledger.title == title)


@pytest.fixture
def proved(world, records):
    """The March item done with the activity linked and a photo uploaded; another done with a reason."""
    plan_services.link_evidence(item=records.item, record=records.activity, by=world.chair_a)
    photo = SimpleUploadedFile("签到表.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png")
    plan_services.attach_evidence_file(item=records.item, file=photo, by=world.chair_a)
    plan_services.mark_item_done(item=records.item, by=world.chair_a)
    other = records.plan.items.create(org=world.union_a, month=5, text="迎接上级检查")
    plan_services.mark_item_done(item=other, reason=REASON, by=world.chair_a)
    return records


def _number(title):
    """A ledger's place in the binder (the order of the 七簿三档三册: other modules' books come before)."""
    return next(n for n, ledger in enumerate(registry.ledgers(), 1) if ledger.title == title)


def test_a_union_binder_holds_ledgers_cover_plan_and_evidence(world, proved, tmp_path):
    out = tmp_path / "binder.zip"
    summaries = binder.build_binder(
        org=world.union_a, year=YEAR, out=out, by=world.chair_a, built_on=date(2027, 1, 5)
    )
    names = zipfile.ZipFile(out).namelist()
    for number, ledger in enumerate(registry.ledgers(), 1):
        assert f"{number:02d}-{ledger.title}.{ledger.formats[0]}" in names
    assert "00-封面目录.docx" in names and f"工作计划/{YEAR}年工作计划.docx" in names
    activities = f"{_number('活动台帐'):02d}-活动台帐"  # its place among every module's ledgers
    assert any(n.startswith(f"佐证材料/{activities}/") and n.endswith("活动通知.pdf") for n in names)
    assert any(n.startswith("佐证材料/工作计划/") and n.endswith("签到表.png") for n in names)
    assert any("困难职工建档立卡台帐" in n and n.endswith(".pdf") for n in names if n.startswith("佐证材料/"))
    [summary] = summaries
    assert summary["missing"] == [] and summary["plan"] is True and summary["evidence_files"] == 3
    with zipfile.ZipFile(out) as archive:
        cover = _text(archive, "00-封面目录.docx")
        plan = _text(archive, f"工作计划/{YEAR}年工作计划.docx")
    assert "甲村工会" in cover and "页数为估算" in cover and "七簿三档三册对照" in cover
    assert "活动台帐" in cover and "职工来信来访登记簿" in cover  # a book no module keeps yet is listed
    assert "活动：2026-03-08 三八节趣味运动会" in plan and f"无需留痕：{REASON}" in plan


def test_pages_are_estimated_from_rows_per_page():
    ledger = registry.ledger("members.roster")
    assert binder.estimate_pages(ledger, 0) == 1
    assert binder.estimate_pages(ledger, ledger.rows_per_page) == 1
    assert binder.estimate_pages(ledger, ledger.rows_per_page + 1) == 2


def test_missing_files_and_ledgers_are_named_on_the_cover(world, records, tmp_path):
    from gonghui.activities.tests.factories import ActivityFileFactory

    ActivityFileFactory(org=world.union_a, activity=records.activity, name="丢失的通知.pdf")
    out = tmp_path / "b.zip"
    [summary] = binder.build_binder(org=world.union_b, year=YEAR, out=out, by=world.chair_b)
    assert "会费收缴台帐" in summary["missing"]
    out_a = tmp_path / "a.zip"
    binder.build_binder(org=world.union_a, year=YEAR, out=out_a, by=world.chair_a)
    with zipfile.ZipFile(out_a) as archive:
        assert "丢失的通知.pdf" in _text(archive, "00-封面目录.docx")


def test_a_binder_follows_the_builders_rights(world, records, tmp_path):
    from gonghui.orgs.models import Role
    from gonghui.orgs.tests.factories import make_user

    plain = make_user("plain", Role.UNION_OFFICER, world.union_a)  # no care duty
    out = tmp_path / "b.zip"
    binder.build_binder(org=world.union_a, year=YEAR, out=out, by=plain)
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        cover = _text(archive, "00-封面目录.docx")
    assert not any("困难职工建档立卡台帐" in n or "帮扶台帐" in n for n in names)
    assert "未收入的台帐" in cover and "困难职工建档立卡台帐" in cover


def test_a_federation_binder_has_a_folder_per_union(world, records, tmp_path):
    out = tmp_path / "fed.zip"
    seen = []
    summaries = binder.build_binder(
        org=world.fed,
        year=YEAR,
        out=out,
        by=world.fed_admin,
        on_section=lambda d, t, s: seen.append((d, t, s["name"])),
    )
    assert seen == [(1, 3, "测试县总工会"), (2, 3, "甲村工会"), (3, 3, "乙校工会")]
    names = zipfile.ZipFile(out).namelist()
    assert "000-总目录.docx" in names
    activities = f"{_number('活动台帐'):02d}-活动台帐.xlsx"
    assert "002-甲村工会/00-封面目录.docx" in names and f"003-乙校工会/{activities}" in names
    assert summaries[0]["missing"] == []  # the federation's own records owe no union ledger
    assert summaries[2]["missing"]  # 乙校 kept no dues ledger
    with zipfile.ZipFile(out) as archive:
        top = _text(archive, "000-总目录.docx")
    assert "002-甲村工会" in top and "缺少必备台帐的：1 个" in top


def test_the_command_builds_a_binder_and_refuses_bad_input(world, records, tmp_path, capsys):
    out = tmp_path / "cmd.zip"
    call_command("ledger_binder", org="union-a", year=YEAR, out=str(out))
    assert "已生成" in capsys.readouterr().out and zipfile.is_zipfile(out)
    with pytest.raises(CommandError, match="找不到组织代码"):
        call_command("ledger_binder", org="nope", year=YEAR, out=str(out))
    with pytest.raises(CommandError, match="年度"):
        call_command("ledger_binder", org="union-a", year=1900, out=str(out))
    with pytest.raises(CommandError, match="不存在"):
        call_command("ledger_binder", org="union-a", year=YEAR, out=str(tmp_path / "no" / "x.zip"))


def test_the_plan_reads_its_proofs_in_the_same_queries_however_many(world, proved, tmp_path):
    """Each proof names its record on the plan: fetched with the items, not one query per proof."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.activities.tests.factories import ActivityFactory
    from gonghui.reports.tests.conftest import aware

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            binder.build_binder(org=world.union_a, year=YEAR, out=tmp_path / "b.zip")
        return len(captured)

    before = queries()
    for month in (4, 5, 6):
        item = proved.plan.items.create(org=world.union_a, month=month, text=f"{month}月活动")
        activity = ActivityFactory(
            org=world.union_a,
            title=f"{month}月健步走",
            start=aware(YEAR, month, 2),
            end=aware(YEAR, month, 2, 11),
        )
        plan_services.link_evidence(item=item, record=activity, by=world.chair_a)
    assert queries() == before
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        plan = _text(archive, f"工作计划/{YEAR}年工作计划.docx")
    assert all(f"活动：{YEAR}-0{m}-02 {m}月健步走" in plan for m in (4, 5, 6))


def test_the_documents_template_keeps_only_the_styles_it_uses(world, proved, tmp_path):
    from gonghui.reports import documents

    parts = zipfile.ZipFile(io.BytesIO(documents._template())).namelist()
    assert "word/stylesWithEffects.xml" not in parts
    document = documents._document()
    names = {style.name for style in document.styles}
    assert set(documents.USED_STYLES) <= names and len(names) < 20
    assert document.styles["Normal"].font.name == "SimSun"
