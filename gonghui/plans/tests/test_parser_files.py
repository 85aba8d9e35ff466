"""Plan files: text PDFs (wrapped lines, page numbers), scanned and broken PDFs, .doc without LibreOffice."""

import time
from pathlib import Path

import pytest

from gonghui.plans.parser import PlanFileError, parse_plan, read_plan_text
from gonghui.plans.parser import files as plan_files

from .pdf_fixture import text_pdf, wrapped_pages

WIDE = "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，坚持党建带"


def test_a_text_pdf_reads_as_its_plan_with_page_numbers_gone_and_wraps_joined(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(
        text_pdf(
            [
                [
                    "青石镇总工会2024年工作计划",
                    "一、指导思想",
                    WIDE,
                    "工建，以服务职工为宗旨。",
                    WIDE + "。",
                    WIDE + "。",
                    "- 1 -",
                ],
                [
                    "二、工作目标",
                    "全镇职工入会率达到95%以上。",
                    "三、工作安排",
                    "三月份：",
                    "1、庆“三八”系列活动。",
                    "- 2 -",
                ],
            ]
        )
    )
    parsed = parse_plan(read_plan_text(path))
    assert parsed["title"] == "青石镇总工会2024年工作计划"
    assert [(s["level"], s["title"]) for s in parsed["sections"]] == [
        (1, "指导思想"),
        (1, "工作目标"),
        (1, "工作安排"),
    ]
    assert [(i["month"], i["text"]) for i in parsed["schedule"]] == [(3, "庆“三八”系列活动")]
    assert [(t["metric"], t["value"]) for t in parsed["targets"]] == [("职工入会率", 95)]


def test_a_fifty_page_pdf_plan_reads_in_under_three_seconds(tmp_path):
    page = [
        "二、工作安排",
        "三月份：",
        *[f"{n}、组织开展职工技能竞赛和劳动竞赛活动，全年不少于{n}次。" for n in range(1, 45)],
    ]
    path = tmp_path / "long.pdf"
    path.write_bytes(text_pdf([page] * 50))
    started = time.process_time()  # CPU time: other work on the machine does not count
    parsed = parse_plan(read_plan_text(path))
    elapsed = time.process_time() - started
    assert len(parsed["schedule"]) == 44 * 50
    assert elapsed < 3, f"{elapsed:.2f} s"


def test_a_fifty_page_pdf_of_real_layouts_reads_in_under_three_seconds(tmp_path):
    # the 24 dev plans as a word processor prints them: 38 characters a line, page numbers
    texts = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parent / "dev").glob("*.txt"))]
    path = tmp_path / "plans.pdf"
    path.write_bytes(text_pdf(wrapped_pages(texts, pages=50)))
    started = time.process_time()
    parsed = parse_plan(read_plan_text(path))
    elapsed = time.process_time() - started
    assert len(parsed["schedule"]) > 300 and len(parsed["targets"]) > 50
    assert elapsed < 3, f"{elapsed:.2f} s"


def test_a_scanned_pdf_says_to_upload_text(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(text_pdf([[], []]))  # pages without text, as a scanner makes them
    with pytest.raises(PlanFileError, match="扫描"):
        read_plan_text(path)


def test_a_broken_pdf_says_so(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nnot a pdf at all")
    with pytest.raises(PlanFileError, match="损坏"):
        read_plan_text(path)


def test_a_doc_without_libreoffice_says_to_save_as_docx(tmp_path, monkeypatch):
    monkeypatch.setattr(plan_files.shutil, "which", lambda name: None)
    path = tmp_path / "plan.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old word file")
    with pytest.raises(PlanFileError, match="另存为"):
        read_plan_text(path)


def test_a_doc_that_libreoffice_cannot_convert_says_so(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(plan_files.shutil, "which", lambda name: str(fake))
    path = tmp_path / "plan.wps"
    path.write_bytes(b"wps")
    with pytest.raises(PlanFileError, match="转换失败"):
        read_plan_text(path)


def test_a_wps_file_is_read_through_libreoffice_when_installed(tmp_path, monkeypatch):
    import io
    import sys

    import docx

    document = docx.Document()
    for line in ["丁村工会2026年工作计划", "一、工作安排", "九月份：", "1、慰问退休教职工。"]:
        document.add_paragraph(line)
    made = io.BytesIO()
    document.save(made)
    converted = tmp_path / "converted.docx"
    converted.write_bytes(made.getvalue())
    # stands in for soffice: writes the .docx LibreOffice would into --outdir, named after the input
    fake = tmp_path / "soffice"
    fake.write_text(
        f"#!{sys.executable}\n"
        "import shutil, sys, pathlib\n"
        "args = sys.argv[1:]\n"
        "out = pathlib.Path(args[args.index('--outdir') + 1])\n"
        f"shutil.copy({str(converted)!r}, out / (pathlib.Path(args[-1]).stem + '.docx'))\n"
    )
    fake.chmod(0o755)
    monkeypatch.setattr(plan_files.shutil, "which", lambda name: str(fake))
    path = tmp_path / "plan.wps"
    path.write_bytes(b"\xd0\xcf\x11\xe0 wps")
    parsed = parse_plan(read_plan_text(path))
    assert [(i["month"], i["text"]) for i in parsed["schedule"]] == [(9, "慰问退休教职工")]
