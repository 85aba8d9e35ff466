"""The voice ledgers as .xlsx: 公开登记簿, 合理化建议簿, 职工来信来访登记簿. An anonymous letter's
writer column reads 匿名: the row has nobody to name."""

import io

from django.utils import timezone

from gonghui.core.workbooks import workbook


def _sheet(title, headers, widths):
    buffer = io.BytesIO()
    book = workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(title[:31])
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#EEEEEE", "text_wrap": True})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    sheet.merge_range(0, 0, 0, len(headers) - 1, title, book.add_format({"bold": True, "font_size": 14}))
    for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.write(1, col, header, head)
        sheet.set_column(col, col, width)
    return buffer, book, sheet, cell


def _rows(sheet, cell, rows):
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values):
            sheet.write(r, c, "" if value is None else value, cell)


def _finish(buffer, book) -> bytes:
    book.close()
    return buffer.getvalue()


def _day(value):
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localdate(value)
    return value.isoformat()


def notices_xlsx(notices, *, year) -> bytes:
    headers = [
        "序号",
        "公开类型",
        "公开类别",
        "标题",
        "所属组织",
        "公开范围",
        "公开期",
        "公开天数",
        "意见数",
        "备注",
    ]
    buffer, book, sheet, cell = _sheet(f"{year}年公开登记簿", headers, [6, 10, 12, 30, 18, 14, 24, 8, 8, 24])
    rows = []
    for n, notice in enumerate(notices, 1):
        note = f"{notice.withdrawn_on:%Y-%m-%d}撤回：{notice.withdraw_reason}" if notice.withdrawn_on else ""
        if notice.is_published and not notice.posted_long_enough:
            note = (note + "；" if note else "") + "公开期不足"
        rows.append(
            [
                n,
                notice.get_kind_display(),
                notice.get_category_display(),
                notice.title,
                notice.org.name,
                notice.get_audience_display(),
                f"{notice.publish_from:%Y-%m-%d}至{notice.ends_on:%Y-%m-%d}",
                notice.days_posted,
                notice.opinions.count(),
                note,
            ]
        )
    _rows(sheet, cell, rows)
    return _finish(buffer, book)


def suggestions_xlsx(suggestions, *, year) -> bytes:
    headers = [
        "序号",
        "提出日期",
        "建议人",
        "所属组织",
        "建议题目",
        "评审结论",
        "理由/意见",
        "承办部门",
        "实施日期",
        "经济效益(元)",
        "奖励(元)",
    ]
    widths = [6, 12, 10, 18, 28, 10, 28, 14, 12, 12, 10]
    buffer, book, sheet, cell = _sheet(f"{year}年合理化建议簿", headers, widths)
    rows = [
        [
            n,
            _day(s.submitted_on),
            s.writer_name(),
            s.org.name,
            s.title,
            s.get_status_display(),
            s.decision_reason,
            s.department,
            _day(s.implemented_on),
            float(s.benefit) if s.benefit is not None else "",
            float(s.award) if s.award is not None else "",
        ]
        for n, s in enumerate(suggestions, 1)
    ]
    _rows(sheet, cell, rows)
    return _finish(buffer, book)


def letters_xlsx(letters, *, year) -> bytes:
    headers = [
        "序号",
        "来信日期",
        "来信人",
        "所属组织",
        "事由",
        "答复期限",
        "答复日期",
        "是否按期",
        "答复摘要",
        "评价",
    ]
    widths = [6, 12, 10, 18, 28, 12, 12, 8, 32, 10]
    buffer, book, sheet, cell = _sheet(f"{year}年职工来信来访登记簿", headers, widths)
    rows = [
        [
            n,
            _day(s.submitted_on),
            s.writer_name(),
            s.org.name,
            s.title,
            _day(s.due_on),
            _day(s.replied_at),
            ("逾期" if s.replied_late else "按期") if s.replied_at else "",
            s.reply[:200],
            s.get_rating_display(),
        ]
        for n, s in enumerate(letters, 1)
    ]
    _rows(sheet, cell, rows)
    return _finish(buffer, book)
