"""The summary as a Word document, laid out the way a union files it (一、二、… with （一）（二） areas)."""

from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

NUMERALS = "一二三四五六七八九十"
TO_WRITE = "（待填写）"


def _paragraphs(document, text):
    for line in (text or "").splitlines():
        if line.strip():
            document.add_paragraph(line.strip())


def _table(document, header, rows):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = str(text)


def _heading(document, index, title):
    document.add_heading(f"{NUMERALS[index]}、{title}", level=2)


def summary_docx(summary) -> bytes:
    document = Document()
    heading = document.add_heading(summary.title, level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _overview(document, summary)
    _areas(document, summary)
    _targets(document, summary)
    _items(document, summary)
    _problems(document, summary)
    _heading(document, 5, "下一年工作打算")
    _paragraphs(document, summary.texts.get("next_year") or TO_WRITE)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _overview(document, summary):
    _heading(document, 0, "总体情况")
    document.add_paragraph(summary.overview_sentence)
    _paragraphs(document, summary.texts.get("overview"))


def _areas(document, summary):
    _heading(document, 1, "主要工作及成效")
    for index, area in enumerate(summary.areas):
        document.add_heading(f"（{NUMERALS[index]}）{area.title}", level=3)
        if area.sentence:
            document.add_paragraph(area.sentence)
        kept = [f"{label} {n} 条" for _, label, n in area.evidence if n]
        if kept:
            document.add_paragraph("留存记录：" + "、".join(kept) + "。")
        _paragraphs(document, area.text)


def _targets(document, summary):
    _heading(document, 2, "目标完成情况")
    if summary.targets is None:
        document.add_paragraph(f"{summary.year}年没有已确认的年度工作计划，无目标可对照。")
        return
    if not summary.targets:
        document.add_paragraph("年度工作计划没有设定量化目标。")
        return
    rows = [
        (
            row.target.text,
            row.label,
            row.target.goal_display(),
            row.display,
            row.met_label,
            row.evidence_count,
        )
        for row in summary.targets
    ]
    _table(document, ["目标", "指标", "目标值", "完成值", "完成情况", "佐证记录"], rows)
    for row in summary.targets:
        if row.ranking:
            document.add_paragraph(f"各基层工会「{row.label}」排名：")
            _table(
                document,
                ["名次", "工会", "完成值", "是否达标"],
                [
                    (r.rank or "—", r.org.name, r.display, {True: "是", False: "否"}.get(r.met, "—"))
                    for r in row.ranking
                ],
            )


def _items(document, summary):
    _heading(document, 3, "计划事项完成情况")
    if summary.plan is None:
        document.add_paragraph("本年度没有已确认的工作计划。")
        return
    document.add_paragraph(
        f"计划事项共 {len(summary.done) + len(summary.cancelled) + len(summary.not_done)} 项，"
        f"已完成 {len(summary.done)} 项，已取消 {len(summary.cancelled)} 项，未完成 {len(summary.not_done)} 项。"
    )
    rows = [(r.item.when_label, r.item.text, "已完成", _proof(r)) for r in summary.done]
    rows += [(r.item.when_label, r.item.text, "已取消", r.reason or "未写明原因") for r in summary.cancelled]
    rows += [(r.item.when_label, r.item.text, "未完成", "") for r in summary.not_done]
    if rows:
        _table(document, ["时间", "事项", "情况", "佐证或原因"], rows)


def _proof(row):
    if row.proof:
        return f"佐证 {row.proof} 项"
    return f"无需留痕：{row.reason}" if row.reason else "无佐证"


def _problems(document, summary):
    _heading(document, 4, "存在的问题")
    found = summary.problems()
    for index, text in enumerate(found, start=1):
        document.add_paragraph(f"{index}. {text}")
    _paragraphs(document, summary.texts.get("problems"))
    if not found and not summary.texts.get("problems"):
        document.add_paragraph("记录中未发现未完成的目标、事项或缺失的台帐。")
