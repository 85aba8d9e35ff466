"""Ledgers (台帐): the registers the federation inspects, as .xlsx, and a case file as .docx.

Callers decide what the viewer may see (`full`); these builders only lay it out. Sensitive
columns are masked, or left out, when `full` is false.
"""

import io
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.http import content_disposition_header
from docx import Document
from docx.shared import Pt

from gonghui.care.models import AidKind, CaseStatus, Occasion
from gonghui.core.masking import mask_id, mask_text
from gonghui.core.models import SensitiveAccess
from gonghui.core.workbooks import workbook


def attachment(filename: str) -> str:
    return content_disposition_header(True, filename)


def total(aids) -> Decimal:
    return aids.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def totals_by_year(aids) -> list[tuple[int, Decimal, int]]:
    rows = aids.order_by().values("paid_on__year").annotate(total=Sum("amount"), n=Count("id"))
    return sorted(((r["paid_on__year"], r["total"], r["n"]) for r in rows), reverse=True)


def status_counts(cases) -> list[tuple[str, int]]:
    found = dict(cases.order_by().values_list("status").annotate(n=Count("id")))
    return [(label, found.get(value, 0)) for value, label in CaseStatus.choices]


def occasion_chart(by_occasion: dict[str, int]) -> dict:
    labels = dict(Occasion.choices)
    option = {
        "tooltip": {},
        "grid": {"left": 90, "right": 20, "top": 10, "bottom": 20},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "data": [labels[k] for k in by_occasion]},
        "series": [{"type": "bar", "data": list(by_occasion.values())}],
    }
    return option


def log_export(user, rows, field, *, ip=None):
    """One log row per person whose data left the system in full."""
    SensitiveAccess.objects.bulk_create(
        SensitiveAccess(
            user=user,
            org_id=row.org_id,
            object_type=row._meta.label_lower,
            object_id=str(row.pk),
            field=field,
            action="export",
            ip=ip or None,
        )
        for row in rows
    )


class _Sheet:
    """A titled sheet with a header row; rows are appended in order."""

    def __init__(self, book, name, title, headers, widths):
        self.book, self.sheet, self.row = book, book.add_worksheet(name), 2
        self.bold = book.add_format({"bold": True, "border": 1, "bg_color": "#EEEEEE"})
        self.cell = book.add_format({"border": 1})
        self.money = book.add_format({"border": 1, "num_format": "#,##0.00"})
        self.sheet.merge_range(
            0, 0, 0, len(headers) - 1, title, book.add_format({"bold": True, "font_size": 14})
        )
        for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
            self.sheet.write(1, col, header, self.bold)
            self.sheet.set_column(col, col, width)

    def add(self, values, money_columns=()):
        for col, value in enumerate(values):
            if col in money_columns and value not in (None, ""):
                self.sheet.write_number(self.row, col, float(value), self.money)
            else:
                self.sheet.write(self.row, col, "" if value is None else value, self.cell)
        self.row += 1


def _book():
    buffer = io.BytesIO()
    return buffer, workbook(buffer, {"in_memory": True, "default_date_format": "yyyy-mm-dd"})


def _close(buffer, book) -> bytes:
    book.close()
    return buffer.getvalue()


def _numbered(rows, on_progress, every=500):
    """The rows with their 序号, telling `on_progress(done)` every few hundred."""
    for n, row in enumerate(rows, 1):
        yield n, row
        if on_progress and n % every == 0:
            on_progress(n)


def visits_xlsx(visits, *, full: bool, on_progress=None) -> bytes:
    buffer, book = _book()
    headers = ["序号", "走访日期", "会员", "所属组织", "走访人"]
    widths = [6, 12, 10, 20, 20]
    if full:
        headers += ["走访事由", "慰问金(元)", "慰问品", "情况记录"]
        widths += [12, 12, 20, 40]
    sheet = _Sheet(book, "走访慰问台帐", "走访慰问台帐", headers, widths)
    for n, visit in _numbered(visits, on_progress):
        row = [n, visit.visited_on.isoformat(), visit.member.name, visit.org.name, visit.visitor_names()]
        if full:
            row += [visit.get_occasion_display(), visit.money, visit.goods, visit.notes]
        sheet.add(row, money_columns={6})
    return _close(buffer, book)


def cases_xlsx(cases, *, full: bool, on_progress=None) -> bytes:
    buffer, book = _book()
    headers = [
        "序号",
        "姓名",
        "性别",
        "身份证号",
        "所属组织",
        "家庭人口",
        "月人均收入(元)",
        "致困原因",
        "困难情况说明",
        "困难类别",
        "状态",
        "申请/认定日期",
        "建档日期",
        "下次复核",
        "结对干部",
        "累计帮扶(元)",
        "解困日期",
        "解困原因",
    ]
    widths = [6, 10, 6, 20, 20, 8, 14, 16, 30, 10, 14, 12, 12, 12, 12, 12, 12, 20]
    sheet = _Sheet(book, "建档立卡台帐", "困难职工建档立卡台帐", headers, widths)
    cases = cases.prefetch_related("pairings__officer").annotate(aid_total=Sum("aids__amount"))
    for n, case in _numbered(cases, on_progress):
        member = case.member
        sheet.add(
            [
                n,
                member.name,
                member.get_gender_display(),
                member.id_number if full else mask_id(member.id_number),
                case.org.name,
                case.household_size,
                case.income_per_head if full else mask_text(case.income_per_head),
                case.cause_labels(),
                case.cause_detail if full else mask_text(case.cause_detail),
                case.get_level_display(),
                case.get_status_display(),
                case.opened_on.isoformat(),
                case.filed_on.isoformat() if case.filed_on else "",
                case.next_review_on.isoformat() if case.next_review_on else "",
                "、".join(p.officer.name for p in case.pairings.all() if not p.ended_on),
                case.aid_total or 0,
                case.exited_on.isoformat() if case.exited_on else "",
                case.exit_reason,
            ],
            money_columns={6, 15} if full else {15},
        )
    return _close(buffer, book)


def aid_xlsx(aids, *, year: int, on_progress=None) -> bytes:
    buffer, book = _book()
    headers = [
        "序号",
        "发放日期",
        "姓名",
        "所属组织",
        "帮扶类型",
        "金额(元)",
        "资金来源",
        "审批人",
        "就读学校",
        "年级",
        "紧急救助",
        "说明",
    ]
    widths = [6, 12, 10, 20, 10, 12, 14, 10, 20, 10, 8, 30]
    sheet = _Sheet(book, "帮扶台帐", f"{year}年帮扶台帐", headers, widths)
    by_kind = defaultdict(Decimal)
    by_case = defaultdict(Decimal)
    grand = Decimal(0)
    for n, aid in _numbered(aids, on_progress):
        sheet.add(
            [
                n,
                aid.paid_on.isoformat(),
                aid.member.name,
                aid.org.name,
                aid.get_kind_display(),
                aid.amount,
                aid.fund_source,
                aid.approved_by,
                aid.student_school,
                aid.student_grade,
                "是" if aid.emergency else "",
                "；".join(filter(None, [aid.emergency_reason, aid.override_reason])),
            ],
            money_columns={5},
        )
        by_kind[aid.kind] += aid.amount
        by_case[(aid.member.name, aid.org.name)] += aid.amount
        grand += aid.amount
    sheet.row += 1
    for kind, label in AidKind.choices:
        if by_kind[kind]:
            sheet.add(["", "", "", "", f"{label}小计", by_kind[kind]], money_columns={5})
    sheet.add(["", "", "", "", "合计", grand], money_columns={5})
    per_case = _Sheet(
        book, "按户合计", f"{year}年帮扶按户合计", ["序号", "姓名", "所属组织", "合计(元)"], [6, 10, 20, 14]
    )
    for n, ((name, org_name), amount) in enumerate(sorted(by_case.items()), 1):
        per_case.add([n, name, org_name, amount], money_columns={3})
    return _close(buffer, book)


def case_file_docx(case, *, full: bool) -> bytes:
    """The case file (困难职工档案) for the paper folder: facts, history, aid."""
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(11)
    style.font.name = "SimSun"
    document.add_heading("困难职工档案", level=1)
    member = case.member
    facts = [
        ("姓名", member.name),
        ("性别", member.get_gender_display()),
        ("身份证号", member.id_number if full else mask_id(member.id_number)),
        ("所属组织", case.org.name),
        ("来源", case.get_origin_display()),
        ("申请/认定日期", case.opened_on.isoformat()),
        ("家庭人口", str(case.household_size)),
        ("家庭月人均收入(元)", f"{case.income_per_head:,.2f}" if full else mask_text(case.income_per_head)),
        ("致困原因", case.cause_labels()),
        ("困难情况说明", case.cause_detail if full else mask_text(case.cause_detail)),
        ("困难类别", case.get_level_display()),
        ("状态", case.get_status_display()),
        ("公示期", f"{case.notice_start} 至 {case.notice_end}" if case.notice_start else "—"),
        ("建档日期", case.filed_on.isoformat() if case.filed_on else "—"),
        ("下次复核", case.next_review_on.isoformat() if case.next_review_on else "—"),
    ]
    if case.exited_on:
        facts += [("解困日期", case.exited_on.isoformat()), ("解困原因", case.exit_reason)]
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value or "—"
    document.add_heading("家庭成员情况", level=2)
    document.add_paragraph(case.household_members or "—")
    document.add_heading("办理记录", level=2)
    _docx_table(
        document,
        ["时间", "环节", "办理人", "说明"],
        [
            [
                e.at.strftime("%Y-%m-%d %H:%M"),
                e.get_step_display(),
                e.by.get_full_name() or e.by.username,
                e.note,
            ]
            for e in case.events.select_related("by")
        ],
    )
    document.add_heading("帮扶记录", level=2)
    aids = list(case.aids.order_by("paid_on"))
    _docx_table(
        document,
        ["日期", "类型", "金额(元)", "资金来源", "审批人"],
        [
            [a.paid_on.isoformat(), a.get_kind_display(), f"{a.amount:,.2f}", a.fund_source, a.approved_by]
            for a in aids
        ],
    )
    for year, amount, count in totals_by_year(case.aids.all()):
        document.add_paragraph(f"{year}年：{count} 次，合计 {amount:,.2f} 元")
    pairings = list(case.pairings.select_related("officer"))
    if pairings:
        document.add_heading("一帮一结对", level=2)
        for p in pairings:
            document.add_paragraph(f"{p.officer.name}，{p.started_on} 起。{p.note}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_table(document, headers, rows):
    if not rows:
        document.add_paragraph("（无）")
        return
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = str(value or "")
