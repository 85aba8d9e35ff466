"""The union's own registers: 会议记录簿 (.docx, one meeting per page in the usual layout), the study
record (学习记录 / 职工教育培训档案) and the honours register (工会积极分子名册 / 表彰登记)."""

import io
import re
from html import unescape

from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Pt

from gonghui.core.workbooks import workbook


def minutes_text(html: str) -> list[str]:
    """Stored (already sanitised) minutes as paragraphs of plain text for paper."""
    text = re.sub(r"<br\s*/?>", "\n", html or "")
    text = re.sub(r"</(p|li|h3|h4|tr)>", "\n", text)
    text = unescape(re.sub(r"<[^>]+>", "", text))
    return [line.strip() for line in text.splitlines() if line.strip()]


def meetings_docx(meetings, *, org_name: str, year: int) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(11)
    style.font.name = "SimSun"
    if not meetings:
        document.add_heading(f"{org_name}会议记录簿（{year}年）", level=1)
        document.add_paragraph("本年无会议记录。")
    for n, meeting in enumerate(meetings):
        if n:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_heading(f"{org_name}会议记录", level=1)
        facts = [
            ("会议名称", meeting.title),
            ("会议类型", meeting.get_kind_display()),
            ("时间", meeting.held_on.strftime("%Y年%m月%d日")),
            ("地点", meeting.place),
            ("主持人", meeting.host),
            ("记录人", meeting.recorder),
            ("出席人员", "；".join(p for p in (meeting.attendee_names(), meeting.delegates) if p)),
            ("出席人数", str(meeting.attendance)),
            ("列席人员", meeting.invited),
            ("缺席人员", meeting.absent),
            ("议题", meeting.agenda),
        ]
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in facts:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value or "—"
        document.add_heading("会议内容", level=2)
        lines = minutes_text(meeting.minutes)
        for line in lines or ["（见会议记录扫描件）" if meeting.minutes_scan else "—"]:
            document.add_paragraph(line)
        decisions = list(meeting.decisions.all())
        if decisions:
            document.add_heading("决定事项", level=2)
            grid = document.add_table(rows=1, cols=4)
            grid.style = "Table Grid"
            for cell, header in zip(
                grid.rows[0].cells, ["决定事项", "责任人", "完成期限", "落实情况"], strict=True
            ):
                cell.text = header
            for d in decisions:
                done = f"{d.done_on:%Y-%m-%d} 完成 {d.done_note}".strip() if d.done_on else "未完成"
                for cell, value in zip(
                    grid.add_row().cells, [d.text, d.owner, f"{d.due_on:%Y-%m-%d}", done], strict=True
                ):
                    cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _sheet(book, name, title, headers, widths):
    sheet = book.add_worksheet(name)
    bold = book.add_format({"bold": True, "border": 1, "bg_color": "#EEEEEE"})
    sheet.merge_range(0, 0, 0, len(headers) - 1, title, book.add_format({"bold": True, "font_size": 14}))
    for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.write(1, col, header, bold)
        sheet.set_column(col, col, width)
    return sheet, book.add_format({"border": 1})


def _write_rows(sheet, cell, rows):
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values):
            sheet.write(r, c, "" if value is None else value, cell)


def study_xlsx(sessions, hours, *, org_name: str, year: int) -> bytes:
    buffer = io.BytesIO()
    book = workbook(buffer, {"in_memory": True})
    sheet, cell = _sheet(
        book,
        "学习记录",
        f"{org_name}学习记录（{year}年）",
        ["序号", "日期", "学习主题", "学时", "主讲/领学", "参学委员", "参加人数", "学习材料", "学习情况"],
        [6, 12, 30, 6, 10, 24, 8, 30, 40],
    )
    _write_rows(
        sheet,
        cell,
        (
            [
                n,
                s.held_on.isoformat(),
                s.topic,
                float(s.hours),
                s.speaker,
                "、".join(o.name for o in s.officers.all()),
                s.attendance,
                s.materials,
                s.notes,
            ]
            for n, s in enumerate(sessions, 1)
        ),
    )
    per, cell = _sheet(
        book, "干部学时", f"{org_name}工会干部学习学时（{year}年）", ["姓名", "学时", "次数"], [12, 8, 8]
    )
    _write_rows(per, cell, ([name, total, n] for name, _post, total, n in hours))
    book.close()
    return buffer.getvalue()


def _publicity(honour) -> str:
    """The publicity period (公示) that preceded a union's own award; an honour from above has none."""
    if not honour.publicity_start:
        return ""
    return f"{honour.publicity_start:%Y-%m-%d} 至 {honour.publicity_end:%Y-%m-%d}"


def honours_xlsx(honours, *, org_name: str, year: int) -> bytes:
    buffer = io.BytesIO()
    book = workbook(buffer, {"in_memory": True})
    sheet, cell = _sheet(
        book,
        "表彰登记",
        f"{org_name}工会积极分子名册 / 表彰登记（{year}年）",
        [
            "序号",
            "年度",
            "姓名/集体",
            "所属组织",
            "荣誉称号",
            "类别",
            "级别",
            "授予单位",
            "表彰日期",
            "主要事迹",
            "推荐人/推荐小组",
            "评议结果",
            "公示期",
        ],
        [6, 6, 14, 18, 24, 12, 10, 18, 12, 40, 18, 24, 24],
    )
    _write_rows(
        sheet,
        cell,
        (
            [
                n,
                h.year,
                h.holder,
                h.org.name,
                h.title,
                h.get_kind_display(),
                h.get_level_display(),
                h.awarded_by,
                h.awarded_on.isoformat() if h.awarded_on else "",
                h.citation,
                h.nominated_by,
                h.decision_note,
                _publicity(h),
            ]
            for n, h in enumerate(honours, 1)
        ),
    )
    book.close()
    return buffer.getvalue()
