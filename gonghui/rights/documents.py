"""The files rights work produces: the 调解协议书 (.docx) and the ledgers (.xlsx).

Callers decide what the viewer may see (`full`); these builders only lay it out.
"""

import io
from datetime import date

from django.utils.http import content_disposition_header
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from gonghui.core.masking import mask_text
from gonghui.core.workbooks import workbook


def attachment(filename: str) -> str:
    return content_disposition_header(True, filename)


def _cn(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "____年__月__日"


def agreement_docx(case) -> bytes:
    """调解协议书 (rule 19): parties, claims, result, performance deadline and method, signatures, seal."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "宋体", Pt(12)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(f"{case.org.name}劳动争议调解委员会\n调解协议书")
    run.bold, run.font.size = True, Pt(16)
    doc.add_paragraph(f"案号：{case.number}")
    doc.add_paragraph(f"申请人：{case.applicants}")
    doc.add_paragraph(f"被申请人：{case.respondent}")
    doc.add_paragraph(f"调解员：{case.mediator or '—'}")
    doc.add_paragraph(
        f"申请人于{_cn(case.received_on)}向本委员会申请调解，本委员会于{_cn(case.accepted_on)}受理。"
    )
    doc.add_paragraph("一、争议事项及理由").runs[0].bold = True
    doc.add_paragraph(case.matter)
    doc.add_paragraph("二、调解请求").runs[0].bold = True
    for n, claim in enumerate(case.claims.all(), 1):
        amount = f"，金额{claim.amount}元" if claim.amount is not None else ""
        doc.add_paragraph(f"{n}. {claim.get_kind_display()}{amount}{'：' + claim.note if claim.note else ''}")
    doc.add_paragraph("三、调解结果").runs[0].bold = True
    doc.add_paragraph("经本委员会主持调解，双方自愿达成如下协议：")
    doc.add_paragraph(case.result)
    doc.add_paragraph("四、履行期限和方式").runs[0].bold = True
    doc.add_paragraph(
        f"履行期限：{_cn(case.performance_deadline)}前；履行方式：{case.performance_method or '—'}。"
    )
    doc.add_paragraph(
        "本协议书经双方当事人签名或者盖章，经调解员签名并加盖调解委员会印章后生效，对双方当事人具有约束力，"
        "当事人应当履行。达成调解协议后，一方当事人在协议约定期限内不履行调解协议的，另一方当事人可以依法申请仲裁。"
        "双方当事人可以自调解协议生效之日起十五日内共同向仲裁委员会提出仲裁审查申请。"
    )
    doc.add_paragraph("本协议书一式三份，双方当事人和调解委员会各执一份。")
    table = doc.add_table(rows=4, cols=2)
    table.style = "Table Grid"
    marks = [
        ("申请人（签名）", case.signed_applicant),
        ("被申请人（签名或盖章）", case.signed_respondent),
        ("调解员（签名）", case.signed_mediator),
        ("劳动争议调解委员会（印章）", case.committee_seal),
    ]
    for row, (label, done) in zip(table.rows, marks, strict=True):
        row.cells[0].text = label
        row.cells[1].text = "已签署" if done else ""
    doc.add_paragraph(_cn(case.closed_on)).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


class _Sheet:
    def __init__(self, book, title, headers, widths):
        self.sheet, self.row = book.add_worksheet(title[:31]), 2
        bold = book.add_format({"bold": True, "border": 1, "bg_color": "#EEEEEE"})
        self.cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        self.sheet.merge_range(
            0, 0, 0, len(headers) - 1, title, book.add_format({"bold": True, "font_size": 14})
        )
        for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
            self.sheet.write(1, col, header, bold)
            self.sheet.set_column(col, col, width)

    def add(self, values):
        for col, value in enumerate(values):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                self.sheet.write_number(self.row, col, value, self.cell)
            else:
                self.sheet.write_string(self.row, col, "" if value is None else str(value), self.cell)
        self.row += 1


def _book(title, headers, widths, rows) -> bytes:
    buffer = io.BytesIO()
    book = workbook(buffer, {"in_memory": True})
    sheet = _Sheet(book, title, headers, widths)
    for row in rows:
        sheet.add(row)
    book.close()
    return buffer.getvalue()


def _d(day):
    return day.isoformat() if day else ""


def cases_xlsx(cases, *, full: bool) -> bytes:
    """劳动争议调解登记簿: parties, claims and outcome only for those who may see them."""
    headers = ["序号", "案号", "所属组织", "收到申请", "调解期限", "受理日期", "状态", "结案日期", "仲裁告知"]
    widths = [6, 12, 20, 12, 12, 12, 12, 12, 12]
    if full:
        headers += ["申请人", "被申请人", "请求事项", "调解结果"]
        widths += [16, 20, 30, 40]

    def rows():
        for n, case in enumerate(cases, 1):
            row = [n, case.number, case.org.name, _d(case.received_on), _d(case.deadline), _d(case.accepted_on),
                   case.get_status_display(), _d(case.closed_on), _d(case.referred_on)]  # fmt: skip
            if full:
                claims = "；".join(
                    c.get_kind_display() + (f" {c.amount}元" if c.amount is not None else "")
                    for c in case.claims.all()
                )
                row += [case.applicants, case.respondent, claims, case.result or case.close_note]
            yield row

    return _book("劳动争议调解登记簿", headers, widths, rows())


def petitions_xlsx(petitions, *, full: bool) -> bytes:
    headers = ["序号", "日期", "所属组织", "人数", "越级", "办结日期"]
    widths = [6, 12, 20, 8, 8, 12]
    if full:
        headers += ["来访人", "反映事项", "处理情况"]
        widths += [12, 40, 40]

    def rows():
        for n, p in enumerate(petitions, 1):
            row = [
                n,
                _d(p.received_on),
                p.org.name,
                p.people,
                "是" if p.skip_level else "否",
                _d(p.handled_on),
            ]
            if full:
                row += [p.petitioner, p.matter, p.handling]
            yield row

    return _book("职工来信来访登记簿", headers, widths, rows())


def contracts_xlsx(contracts) -> bytes:
    headers = ["序号", "所属组织", "合同名称", "类型", "签订日期", "备案日期", "生效日期", "期满日期",
               "工资增长(%)", "最低工资(元)", "覆盖职工", "公布日期"]  # fmt: skip
    widths = [6, 20, 30, 22, 12, 12, 12, 12, 10, 10, 10, 12]

    def rows():
        for n, c in enumerate(contracts, 1):
            yield [n, c.org.name, c.title, c.get_kind_display(), _d(c.signed_on), _d(c.filed_on),
                   _d(c.effective_on), _d(c.expires_on),
                   float(c.wage_increase_pct) if c.wage_increase_pct is not None else "",
                   float(c.minimum_wage) if c.minimum_wage is not None else "",
                   c.covered_workers if c.covered_workers is not None else "", _d(c.published_on)]  # fmt: skip

    return _book("集体合同档案", headers, widths, rows())


def checks_xlsx(checks, *, full: bool) -> bytes:
    """女职工及职工体检台帐: attended or not; the follow-up flag only in full."""
    headers = ["序号", "体检安排", "类型", "日期", "会员", "所属组织", "结果", "两癌筛查"]
    widths = [6, 24, 20, 12, 10, 20, 10, 10]

    def rows():
        for n, check in enumerate(checks, 1):
            result = check.get_result_display() if full else ("未检" if check.result == "due" else "已体检")
            yield [n, check.campaign.title, check.campaign.get_kind_display(), _d(check.campaign.held_from),
                   check.member.name if full else check.member.name[:1] + "某", check.org.name, result,
                   ("是" if check.two_cancer else "否") if full else mask_text("x")]  # fmt: skip

    return _book("职工体检台帐", headers, widths, rows())


def care_records_xlsx(records, *, on: date) -> bytes:
    """女职工五期记录台帐: only for the women's officer, the chair and the federation admin (logged)."""
    headers = ["序号", "会员", "所属组织", "时期", "开始日期", "结束日期", "预产期", "分娩日期", "婴儿数",
               "应享待遇与保护", "登记依据"]  # fmt: skip
    widths = [6, 10, 20, 8, 12, 12, 12, 12, 8, 60, 12]

    def rows():
        for n, r in enumerate(records, 1):
            yield [n, r.member.name, r.org.name, r.get_period_display(), _d(r.started_on), _d(r.ended_on),
                   _d(r.due_date), _d(r.birth_date), r.babies, "；".join(r.entitlements(on)),
                   "本人同意" if r.consent else ""]  # fmt: skip

    return _book("女职工五期记录台帐", headers, widths, rows())
