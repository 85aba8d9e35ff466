"""The dues ledger (会费台帐) as .xlsx: payments and arrears, written row by row with constant memory."""

import os
import tempfile

from gonghui.core.masking import mask_id
from gonghui.core.workbooks import workbook
from gonghui.dues import months
from gonghui.dues.models import PaymentMethod
from gonghui.dues.reads import owed_months, owed_text

CHUNK = 2000


def _workbook(title: str, headers: list[str], widths: list[int]):
    descriptor, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(descriptor)
    book = workbook(path, {"constant_memory": True, "in_memory": False})
    sheet = book.add_worksheet(title)
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
    for column, (header, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.set_column(column, column, width)
        sheet.write(0, column, header, bold)
    return path, book, sheet


def payments(queryset) -> str:
    """Every payment in the queryset; ID numbers masked (the ledger is for inspection, not for identification)."""
    headers = [
        "姓名",
        "会员证号",
        "身份证号",
        "所属组织",
        "起始月份",
        "截止月份",
        "月数",
        "金额(元)",
        "缴费日期",
        "缴费方式",
        "登记人",
        "备注",
        "作废原因",
    ]
    path, book, sheet = _workbook("会费台帐", headers, [10, 14, 22, 20, 10, 10, 6, 10, 12, 8, 12, 20, 20])
    money = book.add_format({"num_format": "0.00"})
    methods = dict(PaymentMethod.choices)
    rows = queryset.order_by("org__path", "member__name", "first_month", "pk").values_list(
        "member__name",
        "member__member_number",
        "member__id_number",
        "org__name",
        "first_month",
        "last_month",
        "amount",
        "paid_on",
        "method",
        # The person's name, as a ledger inspector reads it; the login name only if none was given.
        "recorded_by__last_name",
        "recorded_by__first_name",
        "recorded_by__username",
        "note",
        "void_reason",
    )
    number = 0
    for number, row in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
        name, member_no, id_number, org, first, last, amount, paid_on, method, *by, note, void_reason = row
        sheet.write_row(
            number,
            0,
            [
                name,
                member_no,
                mask_id(id_number),
                org,
                months.label(first),
                months.label(last),
                last - first + 1,
            ],
        )
        sheet.write_number(number, 7, float(amount), money)
        sheet.write_row(
            number, 8, [f"{paid_on:%Y-%m-%d}", methods.get(method, method), _person(*by), note, void_reason]
        )
    sheet.write(number + 2, 0, f"共 {number} 条")
    book.close()
    return path


def _person(last_name, first_name, username) -> str:
    return f"{last_name or ''}{first_name or ''}".strip() or username or ""


def arrears(members, first: int, last: int) -> str:
    """Members who owe dues in first..last, with the months they owe, in pages of CHUNK (keyset on name, pk)."""
    headers = ["姓名", "会员证号", "身份证号", "所属组织", "应缴月数", "已缴月数", "欠缴月数", "欠缴月份"]
    path, book, sheet = _workbook("欠缴名单", headers, [10, 14, 22, 20, 9, 9, 9, 40])
    number = 0
    members = members.select_related("org").order_by("pk")
    after = None
    while True:
        page = list((members.filter(pk__gt=after) if after else members)[:CHUNK])
        if not page:
            break
        owed = owed_months(page, first, last)
        for member in page:
            number += 1
            sheet.write_row(
                number,
                0,
                [
                    member.name,
                    member.member_number,
                    mask_id(member.id_number),
                    member.org.name,
                    member.months_due,
                    member.months_paid,
                    member.months_owed,
                    owed_text(owed[member.pk]),
                ],
            )
        after = page[-1].pk
    sheet.write(number + 2, 0, f"期间 {months.span_label(first, last)}，共 {number} 人欠缴")
    book.close()
    return path


def errors(rows: list) -> str:
    path, book, sheet = _workbook("导入错误", ["行号", "列", "值", "原因"], [8, 14, 24, 60])
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, row)
    book.close()
    return path
