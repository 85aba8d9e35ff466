"""Read dues payment sheets (会费缴纳表) as unions keep them, with the roster reader's file and cell helpers.

Pure module, no Django: the import preview, the commit and the management command call it. It finds the
header row below title rows, maps the usual Chinese headers, normalises what people type and reports
every problem as (row, column, value, Chinese reason), the row being the number shown in the sheet.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from gonghui.dues import months
from gonghui.members import roster

FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "id_number": (
        "身份证号",
        ("身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码", "居民身份证号"),
    ),
    "member_no": ("会员证号", ("会员证号", "会员编号", "会员号", "会员证编号")),
    "name": ("姓名", ("姓名", "会员姓名", "职工姓名")),
    "first_month": ("起始月份", ("起始月份", "开始月份", "起始月", "起缴月份", "缴费起始月份", "自")),
    "last_month": ("截止月份", ("截止月份", "结束月份", "终止月份", "截止月", "缴至", "缴费截止月份", "至")),
    "months": ("缴费月份", ("缴费月份", "所属月份", "月份", "缴费期间", "缴费所属期")),
    "amount": ("金额", ("金额", "缴费金额", "会费金额", "实缴金额", "会费", "实缴会费")),
    "paid_on": ("缴费日期", ("缴费日期", "缴纳日期", "缴费时间", "日期")),
    "method": ("缴费方式", ("缴费方式", "方式", "支付方式", "缴纳方式")),
    "note": ("备注", ("备注", "说明")),
}
_HEADER_WORDS = {word: key for key, (_, words) in FIELDS.items() for word in words}

METHODS = {
    "现金": "cash",
    "转账": "transfer",
    "银行转账": "transfer",
    "银行": "transfer",
    "微信": "wechat",
    "微信支付": "wechat",
    "支付宝": "alipay",
    "代扣": "payroll",
    "工资代扣": "payroll",
    "代缴": "payroll",
}
EARLIEST_PAYMENT = dt.date(1950, 1, 1)  # before the trade union law of 1950 there were no such dues
MAX_AMOUNT = Decimal("100000000")  # what DuesPayment.amount (10 digits, 2 decimals) holds
DEFAULT_METHOD = "payroll"  # sheets are mostly payroll deduction lists; a blank method means 代扣


class RowError(NamedTuple):
    row: int
    column: str
    value: str
    reason: str


class SheetError(Exception):
    """The file as a whole cannot be read."""


class Invalid(ValueError):
    pass


@dataclass(slots=True)
class Row:
    row: int
    data: dict[str, Any]
    errors: list[RowError] = field(default_factory=list)


def cell_text(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%Y-%m-%d}"
    return roster.to_halfwidth(roster.cell_text(value))


header_key = roster.header_key


# --- cells ---------------------------------------------------------------------------------


def parse_month(value: Any) -> int:
    if isinstance(value, dt.date):
        return months.of_date(value)
    if isinstance(value, float | int) and 20000 < value < 80000:
        return months.of_date(roster.excel_serial_date(value))  # Excel turned "2025-03" into a date serial
    try:
        return months.parse(cell_text(value))
    except ValueError:
        raise Invalid("月份格式不正确，请写成 2025-03 或 2025年3月")


_RANGE = re.compile(r"\s*(?:至|到|~|～|—|--)\s*")


def parse_month_range(value: Any) -> tuple[int, int]:
    """'2025-01至2025-03', '2025.1~2025.3', '2025年1月-2025年3月' or one month."""
    text = cell_text(value)
    parts = _RANGE.split(text)
    if len(parts) == 1:
        found = re.fullmatch(r"(\d{4}[-/.年]\d{1,2}月?)-(\d{4}[-/.年]\d{1,2}月?)", text)
        parts = list(found.groups()) if found else parts
    if len(parts) == 1:
        one = parse_month(value)
        return one, one
    if len(parts) != 2:
        raise Invalid("缴费月份应写成 2025-01至2025-03")
    return parse_month(parts[0]), parse_month(parts[1])


def parse_date(value: Any) -> dt.date:
    try:
        found = roster.parse_date(value)
    except roster.Invalid as error:
        raise Invalid(str(error))
    if found is None:
        raise Invalid("日期不能为空")
    if found < EARLIEST_PAYMENT:  # "0001-01-01" is a typo or a placeholder, never a payment
        raise Invalid(f"日期早于 {EARLIEST_PAYMENT.year} 年，请检查年份")
    return found


def parse_amount(value: Any) -> Decimal:
    text = cell_text(value).replace(",", "").replace("元", "").replace("¥", "").replace("￥", "").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise Invalid("金额应为数字")
    if not amount.is_finite() or amount <= 0:
        raise Invalid("金额必须大于 0")
    if amount >= MAX_AMOUNT:  # 1e308 would not even round to cents
        raise Invalid(f"金额过大（不能超过 {MAX_AMOUNT - Decimal('0.01'):,} 元），请检查是否多写了数字")
    if amount != amount.quantize(Decimal("0.01")):
        raise Invalid("金额最多保留两位小数")
    return amount.quantize(Decimal("0.01"))


def parse_id(value: Any) -> str:
    try:
        return roster.normalise_id(value)
    except roster.Invalid as error:
        raise Invalid(str(error))


def parse_method(value: Any) -> str:
    text = cell_text(value)
    if not text:
        return DEFAULT_METHOD
    if text in METHODS:
        return METHODS[text]
    raise Invalid("缴费方式应为 现金、转账、微信、支付宝 或 代扣")


PARSERS = {
    "id_number": parse_id,
    "member_no": lambda v: cell_text(v),
    "name": lambda v: re.sub(r"\s+", "", cell_text(v)),
    "first_month": parse_month,
    "last_month": parse_month,
    "months": parse_month_range,
    "amount": parse_amount,
    "paid_on": parse_date,
    "method": parse_method,
    "note": lambda v: cell_text(v)[:200],
}


# --- files: the roster reader's (calamine for sheets, csv with UTF-8/GBK detection) -------------


def iter_cells(path) -> Iterator[tuple[int, list[Any]]]:
    try:
        yield from roster.iter_cells(path)
    except roster.RosterError as error:
        raise SheetError(str(error))


@dataclass
class Sheet:
    header_row: int
    headers: list[str]
    mapping: dict[int, str]
    rows: list[tuple[int, list[Any]]]

    def has(self, key: str) -> bool:
        return key in self.mapping.values()

    def column_of(self, key: str) -> str:
        return next((self.headers[i] for i, k in self.mapping.items() if k == key), FIELDS[key][0])

    def __iter__(self) -> Iterator[Row]:
        for number, cells in self.rows:
            raw = {key: cells[i] if i < len(cells) else "" for i, key in self.mapping.items()}
            if all(cell_text(v) == "" for v in raw.values()):
                continue
            yield self.parse_row(number, raw)

    def parse_row(self, number: int, raw: dict[str, Any]) -> Row:
        row = Row(number, {})
        for key, value in raw.items():
            if cell_text(value) == "" and key not in ("method",):
                continue
            try:
                row.data[key] = PARSERS[key](value)
            except Invalid as error:
                row.errors.append(RowError(number, self.column_of(key), cell_text(value), str(error)))
        if "months" in row.data:
            first, last = row.data.pop("months")
            row.data.setdefault("first_month", first)
            row.data.setdefault("last_month", last)
        row.data.setdefault("method", DEFAULT_METHOD)
        if "first_month" in row.data and "last_month" not in row.data:
            row.data["last_month"] = row.data["first_month"]
        for key, reason in REQUIRED_MESSAGES.items():
            column = self.column_of("months" if key == "first_month" and self.has("months") else key)
            if key not in row.data and not any(e.column == column for e in row.errors):
                row.errors.append(RowError(number, column, "", reason))
        columns = {self.column_of("id_number"), self.column_of("member_no")}
        if not row.data.keys() & {"id_number", "member_no"} and not any(
            e.column in columns for e in row.errors
        ):
            row.errors.append(
                RowError(number, self.column_of("id_number"), "", "身份证号和会员证号至少填一项")
            )
        return row


REQUIRED_MESSAGES = {
    "first_month": "缴费月份不能为空",
    "amount": "金额不能为空",
    "paid_on": "缴费日期不能为空",
}


def _capped(rows: Iterator[tuple[int, list[Any]]], max_rows: int | None) -> Iterator[tuple[int, list[Any]]]:
    for count, row in enumerate(rows, start=1):
        if max_rows is not None and count > max_rows:
            raise SheetError(f"表格超过 {max_rows:,} 行，请拆分成几个文件后分批导入。")
        yield row


def open_sheet(path, *, max_rows: int | None = None) -> Sheet:
    """Find the header row (the first of the top 30 rows naming a way to find the member and a month) and map it.

    A sheet of more than `max_rows` rows is refused as it is read, before it fills the memory."""
    cells = _capped(iter_cells(path), max_rows)
    seen = []
    for item in cells:
        seen.append(item)
        if len(seen) >= 30:
            break
    for index, (number, row) in enumerate(seen):
        mapping = {}
        for column, text in enumerate(row):
            key = _HEADER_WORDS.get(header_key(text))
            if key and key not in mapping.values():
                mapping[column] = key
        keys = set(mapping.values())
        if keys & {"id_number", "member_no"} and keys & {"first_month", "months"} and "amount" in keys:
            rest = seen[index + 1 :] + list(cells)
            return Sheet(number, [cell_text(c) for c in row], mapping, rest)
    raise SheetError(
        "找不到表头行：前 30 行中没有同时包含“身份证号（或会员证号）”“起始月份（或缴费月份）”“金额”的一行"
    )
