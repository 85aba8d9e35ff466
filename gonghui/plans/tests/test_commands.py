"""manage.py parse_plan and score_plans, run through their argument parsers (no database needed)."""

import io
import json
from pathlib import Path

import docx
import pytest
from django.core.management.base import CommandError

from gonghui.plans.management.commands import parse_plan, score_plans
from gonghui.plans.parser import read_plan_text

SEED = Path(__file__).parent / "seed"


def run(module, *argv: str) -> str:
    out = io.StringIO()
    command = module.Command(stdout=out)
    options = command.create_parser("manage.py", module.__name__.rsplit(".", 1)[-1]).parse_args(argv)
    command.execute(**vars(options))
    return out.getvalue()


def test_parse_plan_prints_json():
    result = json.loads(run(parse_plan, str(SEED / "04-town.txt"), "--json"))
    assert (result["year"], result["org_type"], len(result["schedule"])) == (2017, "town", 27)


def test_parse_plan_prints_a_summary():
    out = run(parse_plan, str(SEED / "02-school.txt"))
    assert "1月" in out and "迎新年书画作品征集赛" in out and "教代会 >= 1次/年" in out


def test_parse_plan_rejects_a_missing_file(tmp_path):
    with pytest.raises(CommandError):
        run(parse_plan, str(tmp_path / "none.txt"))


def test_parse_plan_reads_docx_paragraphs_and_tables(tmp_path):
    document = docx.Document()
    document.add_paragraph("光明小学工会2024年工作计划")
    document.add_paragraph("一、工作目标")
    document.add_paragraph("会费收缴率100%。")
    table = document.add_table(rows=3, cols=2)
    for row, (month, task) in zip(
        table.rows, [("月份", "工作内容"), ("3月", "三八节活动"), ("9月", "教师节慰问")], strict=True
    ):
        row.cells[0].text, row.cells[1].text = month, task
    path = tmp_path / "plan.docx"
    document.save(path)
    result = json.loads(run(parse_plan, str(path), "--json"))
    assert [(i["month"], i["text"]) for i in result["schedule"]] == [(3, "三八节活动"), (9, "教师节慰问")]
    assert result["targets"][0]["metric"] == "会费收缴率"
    assert result["title"] == "光明小学工会2024年工作计划"


def test_docx_word_numbering_and_multi_task_cells(tmp_path):
    document = docx.Document()
    document.add_heading("工作目标", level=1)  # Word numbers it; the text has no 一、
    document.add_paragraph("会费收缴率达到100%。")
    document.add_heading("月度安排", level=1)
    document.add_paragraph("三月份：")
    document.add_paragraph("庆祝三八节", style="List Number")
    document.add_paragraph("女职工健康讲座", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "月份", "工作内容"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "4月", "植树活动\n读书分享会"
    path = tmp_path / "plan.docx"
    document.save(path)
    result = json.loads(run(parse_plan, str(path), "--json"))
    assert [(s["level"], s["title"]) for s in result["sections"]] == [(1, "工作目标"), (1, "月度安排")]
    assert [(i["month"], i["text"]) for i in result["schedule"]] == [
        (3, "庆祝三八节"),
        (3, "女职工健康讲座"),
        (4, "植树活动"),
        (4, "读书分享会"),
    ]


def test_gb18030_text_files_are_read(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes("一月份：慰问困难职工".encode("gb18030"))
    assert read_plan_text(path) == "一月份：慰问困难职工"


def test_score_plans_last_line_has_the_three_f1():
    lines = run(score_plans, str(SEED)).strip().splitlines()
    assert len(lines) == 8  # six files, overall, the f1 line
    assert (
        lines[-1].startswith("schedule_f1=") and " targets_f1=" in lines[-1] and " sections_f1=" in lines[-1]
    )


def test_score_plans_help_documents_the_matching_rules():
    help_text = score_plans.Command().create_parser("manage.py", "score_plans").format_help()
    assert "month (or, for month null, its period" in help_text and "micro-averaged" in help_text


def test_score_plans_rejects_a_folder_without_annotations(tmp_path):
    with pytest.raises(CommandError):
        run(score_plans, str(tmp_path))


def test_score_plans_without_a_folder_scores_the_seed_and_dev_sets():
    lines = run(score_plans).strip().splitlines()
    headers = [line for line in lines if line.startswith("== ")]
    assert [Path(h[3:]).name for h in headers] == ["seed", "dev"]
    assert len(lines) == 2 + (6 + 2) + (24 + 2)


def test_score_plans_scores_only_the_named_files():
    lines = run(score_plans, str(SEED), "--only", "01,04").strip().splitlines()
    assert [line.split()[0] for line in lines[:2]] == ["01-village", "04-town"] and len(lines) == 4


def test_parse_plan_says_why_a_scanned_pdf_cannot_be_read(tmp_path):
    from .pdf_fixture import text_pdf

    path = tmp_path / "scan.pdf"
    path.write_bytes(text_pdf([[]]))
    with pytest.raises(CommandError, match="扫描"):
        run(parse_plan, str(path))
