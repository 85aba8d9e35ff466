"""Democracy ledgers: the delegate roll (会员(职工)代表名册), the proposals book
(职代会提案征集处理簿) as .xlsx, and the congress's meeting records (会议记录簿) as .docx."""

import io

from docx import Document
from docx.shared import Pt

from gonghui.core.workbooks import workbook
from gonghui.democracy.models import VoteStatus


def _sheet(title, headers, widths, rows) -> bytes:
    buffer = io.BytesIO()
    book = workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True, "border": 1, "bg_color": "#EEEEEE"})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    sheet.merge_range(0, 0, 0, len(headers) - 1, title, book.add_format({"bold": True, "font_size": 14}))
    for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.write(1, col, header, bold)
        sheet.set_column(col, col, width)
    for r, row in enumerate(rows, 2):
        for col, value in enumerate(row):
            sheet.write(r, col, "" if value is None else str(value), cell)
    book.close()
    return buffer.getvalue()


def delegates_xlsx(delegates) -> bytes:
    rows = [
        (
            n,
            d.member.name,
            d.member.get_gender_display(),
            d.congress.term_number,
            d.delegation,
            d.constituency,
            d.get_category_display(),
            d.get_kind_display(),
            d.elected_on.isoformat(),
            d.get_status_display(),
            f"{d.ended_on:%Y-%m-%d} {d.get_end_reason_display()}" if d.ended_on else "",
            d.replaces.member.name if d.replaces else "",
        )
        for n, d in enumerate(delegates, 1)
    ]
    headers = ["序号", "姓名", "性别", "届次", "代表团(组)", "选区", "代表构成", "代表类别", "当选日期", "状态",
               "终止", "补选接替"]  # fmt: skip
    return _sheet("会员(职工)代表名册", headers, [6, 10, 6, 6, 14, 14, 14, 10, 12, 8, 20, 10], rows)


def proposals_xlsx(proposals) -> bytes:
    rows = [
        (
            n,
            p.session.title,
            p.number or "",
            p.title,
            p.proposer.member.name,
            "、".join(s.delegate.member.name for s in p.seconds.all() if s.accepted_on),
            p.submitted_on.isoformat() if p.submitted_on else "",
            p.get_status_display(),
            p.decision_reason,
            p.lead_department,
            p.reply_due.isoformat() if p.reply_due else "",
            p.reply,
            (p.replied_on.isoformat() + ("（逾期）" if p.replied_late else "")) if p.replied_on else "",
            p.get_rating_display() if p.rating else "",
        )
        for n, p in enumerate(proposals, 1)
    ]
    headers = ["序号", "会议", "提案号", "案由", "提案人", "附议人", "提交日期", "状态", "审查意见", "主办部门",
               "答复期限", "答复内容", "答复日期", "提案人评价"]  # fmt: skip
    widths = [6, 20, 8, 30, 10, 20, 12, 14, 20, 14, 12, 40, 14, 10]
    return _sheet("职代会提案征集处理簿", headers, widths, rows)


def minutes_docx(sessions) -> bytes:
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    document.styles["Normal"].font.name = "SimSun"
    document.add_heading("职代会(教代会)会议记录", level=1)
    for session in sessions:
        document.add_heading(str(session), level=2)
        seated = session.seated().count()
        present = session.present_count()
        document.add_paragraph(
            f"时间：{session.held_on:%Y-%m-%d}　地点：{session.place or '—'}　形式：{session.get_mode_display()}\n"
            f"应到正式代表{seated}人，实到{present}人。"
        )
        document.add_paragraph("议程：")
        for item in session.items.all():
            document.add_paragraph(
                f"{item.position}. {item.title}（{item.get_kind_display()}）", style="List Bullet"
            )
        for vote in session.votes.filter(status=VoteStatus.CLOSED).order_by("closed_at"):
            counts = "，".join(f"{o.label}{o.count}票" for o in vote.option_rows())
            document.add_paragraph(f"表决：{vote.title}——{counts}。{vote.result_text}（{vote.rule_text}）")
        if session.minutes:
            document.add_paragraph(session.minutes)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
