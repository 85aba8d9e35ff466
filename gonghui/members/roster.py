"""Read member rosters (花名册) as HR offices send them.

Pure module, no Django: the import task, the management command, the preview
form and the benchmarks all call it. It reads .xlsx/.xls/.ods with calamine and
.csv in UTF-8, UTF-8 with BOM or GBK, finds the header row below title rows,
maps the many Chinese spellings of each header to a field, normalises what
people type and validates each row. Rows are yielded one at a time so that a
caller can stream a million rows into batches.

Errors are reported the way a chair can fix them in Excel: the row number as
shown in the sheet, the column header as written in the sheet, the value and a
Chinese reason.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import math
import operator
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any, NamedTuple

from stdnum.cn import ric

from . import choices

# --------------------------------------------------------------------------
# Fields and header spellings

REQUIRED = ("name", "id_number")

FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("姓名", ("姓名", "会员姓名", "职工姓名", "员工姓名", "名字")),
    "id_number": (
        "身份证号",
        (
            "身份证号",
            "身份证号码",
            "公民身份号码",
            "公民身份证号码",
            "身份证",
            "证件号码",
            "身份证件号码",
            "居民身份证号",
            "居民身份证号码",
        ),
    ),
    "phone": (
        "手机号",
        ("手机", "手机号", "手机号码", "联系电话", "电话", "联系方式", "移动电话", "电话号码"),
    ),
    "gender": ("性别", ("性别",)),
    "birth_date": ("出生日期", ("出生日期", "出生年月", "出生年月日", "生日")),
    "ethnicity": ("民族", ("民族",)),
    "education": ("学历", ("学历", "文化程度", "最高学历")),
    "political_status": ("政治面貌", ("政治面貌",)),
    "employment_type": ("用工形式", ("用工形式", "用工性质", "用工类型", "人员类别", "人员性质")),
    "join_date": ("入会时间", ("入会时间", "入会日期", "入会年月")),
    "member_number": ("会员证号", ("会员证号", "会员证号码", "会员编号", "会员号", "会员证编号")),
    "group": ("工会小组", ("工会小组", "小组", "所在小组", "所属小组", "工会小组名称")),
    "status": ("状态", ("状态", "会员状态", "会籍状态")),
}

FIELD_LABELS = {key: label for key, (label, _) in FIELDS.items()}

_HEADER_WORDS = {_key: fld for fld, (_, words) in FIELDS.items() for _key in words}


class RowError(NamedTuple):
    row: int  # as shown in the sheet (1-based)
    column: str  # the header as written in the sheet
    value: str
    reason: str


class RosterError(Exception):
    """The file as a whole cannot be read (wrong type, no header row, …)."""


# --------------------------------------------------------------------------
# Normalisers: pure functions, each returns the clean value or raises Invalid.


class Invalid(ValueError):
    """A cell value that cannot be used; the message is the Chinese reason."""


_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_FULLWIDTH[0x00A0] = 0x20  # no-break space from web pages
for _dash in "‐‑‒–—―−﹣":
    _FULLWIDTH[ord(_dash)] = ord("-")
_FULLWIDTH[0x3002] = ord(".")  # 。 typed as a date separator: 2019。3。5

_SPACES_DASHES = re.compile(r"[\s\-_'\u200b\ufeff]+")


def to_halfwidth(text: str) -> str:
    """Full-width letters, digits and punctuation to ASCII (１２３ → 123)."""
    return text.translate(_FULLWIDTH)


def cell_text(value: Any) -> str:
    """A cell as text: integral floats lose their '.0', None becomes ''."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, str):
        return value.strip()
    return str(value)


def compact_number(value: Any) -> str:
    """Digits as typed by people: half-width, no spaces, dashes or quotes."""
    if type(value) is str and value.isascii() and value.isalnum():
        return value.upper()  # most cells: nothing to clean (a third of an import's checking time)
    return _SPACES_DASHES.sub("", to_halfwidth(cell_text(value))).upper()


NUMERIC_ID_REASON = (
    "身份证号被 Excel 当作数字保存，后几位已丢失（Excel 只保留 15 位有效数字）。"
    "请把该列单元格格式设为“文本”，重新填写完整的身份证号后再导入"
)

_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?E\+?\d+$")


@cache
def _counties(region: str) -> tuple[tuple[int, int], ...] | None:
    """Years in which a region code was in use, from stdnum's region database.

    stdnum's own get_birth_place() walks that database on every call; a
    million-row roster has ~100k distinct (region, year) pairs, so the lookup
    is done once per region and the year ranges ("[1986-]房山区") kept."""
    from stdnum import numdb

    info = {k: v for _, props in numdb.get("cn/loc").info(region) for k, v in props.items()}
    if "county" not in info:  # unknown, or only the province is known (110199): no such region
        return None
    spans = []
    for county in info["county"].split(","):
        if not county.startswith("["):
            return ((0, 9999),)
        start, end = county[1:].split("]")[0].split("-")
        spans.append((int(start or 0), int(end or 9999)))
    return tuple(spans)


@lru_cache(maxsize=1 << 17)  # a million IDs share ~100k (region, year) pairs
def region_fits_birth(region: str, birth_year: int) -> bool:
    """Whether an ID number's region code can belong to someone born in `birth_year`.

    The region is where the person was registered when the number was issued, which can be
    decades after birth (南山区 440305 dates from 1990; people born there in 1975 hold it).
    So a code fits if any period of its use ends in or after the birth year; only a code that
    ceased before the person was born, or never existed, is wrong. stdnum's cn.ric instead
    wants the code in use in the birth year (its issue #442) and rejects such real numbers."""
    spans = _counties(region)
    return spans is not None and any(end >= birth_year for _, end in spans)


def upgrade_id15(number: str) -> str:
    """First-generation 15-digit ID → 18 digits (insert '19', add check digit)."""
    body = number[:6] + "19" + number[6:]
    return body + ric.calc_check_digit(body + "0")


def normalise_id(value: Any) -> str:
    """Clean and validate a resident ID number; raises Invalid with the reason."""
    # A numeric cell is exact only up to 15 digits (old IDs); longer ones lost digits.
    if isinstance(value, float | int) and not isinstance(value, bool) and value >= 1e15:
        raise Invalid(NUMERIC_ID_REASON)
    number = compact_number(value)
    if not number:
        raise Invalid("身份证号不能为空")
    if _SCIENTIFIC.match(number):
        raise Invalid(NUMERIC_ID_REASON)
    if len(number) == 15 and number.isdigit():
        number = upgrade_id15(number)
    if len(number) != 18:
        raise Invalid(f"身份证号应为 18 位，这里是 {len(number)} 位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise Invalid("身份证号只能是数字，最后一位可以是 X")
    if number[17] != ric.calc_check_digit(number):
        if number.endswith("000"):
            raise Invalid(NUMERIC_ID_REASON)
        raise Invalid("身份证号校验位不对，请核对是否抄错")
    try:
        id_birth_date(number)
    except ValueError:
        raise Invalid("身份证号中的出生日期不存在") from None
    if not region_fits_birth(number[:6], int(number[6:10])):
        raise Invalid(
            "身份证号前 6 位不是有效的地区代码（该地区代码不存在，或在出生前已撤销），请核对是否抄错"
        )
    return number


def id_birth_date(number: str) -> dt.date:
    return _yyyymmdd(number[6:14])


@lru_cache(maxsize=1 << 16)  # birth days repeat: ~25k distinct in a million IDs
def _yyyymmdd(text: str) -> dt.date:
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def id_gender(number: str) -> str:
    return "M" if int(number[16]) % 2 else "F"


_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normalise_phone(value: Any) -> str:
    """A mainland mobile number, 11 digits; '' when the cell is empty."""
    phone = compact_number(value).replace("(", "").replace(")", "")
    if not phone:
        return ""
    if phone.startswith("+86"):
        phone = phone[3:]
    elif phone.startswith("86") and len(phone) == 13:
        phone = phone[2:]
    if not _MOBILE.match(phone):
        raise Invalid("手机号应为 11 位、以 13~19 开头的大陆手机号码")
    return phone


EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_YMD = re.compile(r"^(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?|月?)$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
DATE_REASON = "无法识别的日期，请写成 2019-03-05 或 2019年3月5日"


def excel_serial_date(serial: float) -> dt.date:
    if not 1 <= serial < 2958466:
        raise Invalid(DATE_REASON)
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_date(value: Any) -> dt.date | None:
    """Dates as typed: real date cells, Excel serials, 2019.3.5, 2019年3月5日,
    2019-03-05, 2019/3/5, 20190305, and year-month (first of the month)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float | int) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise Invalid(DATE_REASON)
        if 19000101 <= value <= 21001231 and float(value).is_integer():
            return parse_date(str(int(value)))
        return excel_serial_date(value)
    text = _SPACES.sub("", _TIME_SUFFIX.sub("", to_halfwidth(cell_text(value))))
    if not text:
        return None
    match = _DATE_YMD.match(text) or _DATE_COMPACT.match(text)
    if match:
        year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise Invalid(f"日期不存在：{year}年{month}月{day}日") from None
    if text.isdigit() and 4 <= len(text) <= 6:
        return excel_serial_date(int(text))  # a serial exported to CSV
    raise Invalid(DATE_REASON)


_SPACES = re.compile(r"\s+")


def normalise_text(value: Any) -> str:
    return _SPACES.sub(" ", to_halfwidth(cell_text(value))).strip()


_CJK_NAME = re.compile(r"[\u3400-\u9fff·]+")  # fullmatch: no "$" that lets a trailing newline through


def normalise_name(value: Any) -> str:
    if type(value) is str and len(value) <= 50 and _CJK_NAME.fullmatch(value):
        return value  # most names: Chinese characters only, nothing to clean
    name = normalise_text(value).replace("•", "·").replace("．", "·")
    if not name:
        raise Invalid("姓名不能为空")
    squeezed = name.replace(" ", "")
    if _CJK_NAME.fullmatch(squeezed):
        # "张  三" is padded to line up with three-character names
        name = squeezed
    if len(name) > 50:
        raise Invalid("姓名过长（最多 50 个字）")
    return name


def _choice(words: dict[str, str], allowed: str):
    def normalise(value: Any) -> str:
        key = _SPACES.sub("", to_halfwidth(cell_text(value))).lower()
        if not key:
            return ""
        try:
            return words[key]
        except KeyError:
            raise Invalid(f"无法识别，可填写：{allowed}") from None

    return normalise


normalise_gender = _choice(choices.GENDER_WORDS, "男、女")
normalise_status = _choice(choices.STATUS_WORDS, "、".join(label for _, label in choices.STATUSES))
normalise_employment = _choice(
    choices.EMPLOYMENT_WORDS, "、".join(label for _, label in choices.EMPLOYMENT_TYPES)
)


def normalise_ethnicity(value: Any) -> str:
    text = normalise_text(value).replace(" ", "")
    if text in choices.ETHNIC_GROUPS:
        return text + "族"
    return text


def normalise_political(value: Any) -> str:
    text = normalise_text(value).replace(" ", "")
    return choices.POLITICAL_WORDS.get(text, text)


def normalise_code(value: Any) -> str:
    return normalise_text(value).replace(" ", "").upper()


NORMALISERS = {
    "name": normalise_name,
    "id_number": normalise_id,
    "phone": normalise_phone,
    "gender": normalise_gender,
    "birth_date": parse_date,
    "ethnicity": normalise_ethnicity,
    "education": normalise_text,
    "political_status": normalise_political,
    "employment_type": normalise_employment,
    "join_date": parse_date,
    "member_number": normalise_code,
    "group": normalise_text,
    "status": normalise_status,
}


# Fields with few distinct values in a sheet (民族, 学历, dates …): normalise
# each distinct value once per file.
MEMO_FIELDS = frozenset(NORMALISERS) - {"name", "id_number", "phone", "member_number"}
MEMO_LIMIT = 50_000


def memoised(normalise):
    cache: dict[Any, tuple[bool, Any]] = {}

    def lookup(value: Any) -> Any:
        try:
            ok, result = cache[value]
        except KeyError:
            try:
                ok, result = True, normalise(value)
            except Invalid as exc:
                ok, result = False, str(exc)
            if len(cache) < MEMO_LIMIT:
                cache[(value)] = (ok, result)
        except TypeError:  # unhashable cell value
            return normalise(value)
        if not ok:
            raise Invalid(result)
        return result

    return lookup


def file_normalisers() -> dict[str, Any]:
    return {f: memoised(n) if f in MEMO_FIELDS else n for f, n in NORMALISERS.items()}


# --------------------------------------------------------------------------
# Reading files


def _detect_encoding(path: str | os.PathLike) -> str:
    """UTF-8 (with or without BOM) if the whole file decodes, else GB18030 (⊃ GBK)."""
    with open(path, "rb") as fh:
        head = fh.read(3)
        if head == codecs.BOM_UTF8:
            return "utf-8-sig"
        decoder = codecs.getincrementaldecoder("utf-8")()
        chunk = head
        try:
            while chunk:
                decoder.decode(chunk)
                chunk = fh.read(1 << 20)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "gb18030"
    return "utf-8"


def _csv_rows(path: str | os.PathLike) -> Iterator[tuple[int, list[Any]]]:
    encoding = _detect_encoding(path)
    with open(path, encoding=encoding, newline="") as fh:
        sample = fh.read(16384)
        fh.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        yield from enumerate(csv.reader(fh, dialect), start=1)


def _calamine_rows(path: str | os.PathLike) -> Iterator[tuple[int, list[Any]]]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(os.fspath(path))
        visible = [m for m in workbook.sheets_metadata if str(m.visible).endswith("Visible")]
        index = workbook.sheets_metadata.index(visible[0]) if visible else 0
        sheet = workbook.get_sheet_by_index(index)
    except (CalamineError, OSError, ValueError) as exc:
        raise unreadable(exc) from exc
    start_row, start_col = sheet.start or (0, 0)
    for offset, row in enumerate(sheet.iter_rows()):
        # calamine drops leading empty columns; pad so indexes match the sheet
        yield start_row + offset + 1, ([""] * start_col + row) if start_col else row


SAVE_AGAIN = "请用 Excel 或 WPS 打开它，另存为 .xlsx（或 .csv）后重新上传。"


def unreadable(exc: BaseException) -> RosterError:
    """What the reader's own failure means for the person uploading, in Chinese: the library's text
    ("invalid Zip archive: Could not find EOCD") says nothing to them."""
    detail = str(exc).lower()
    if "password" in detail or "encrypt" in detail:
        return RosterError("无法读取这个表格文件：它设置了打开密码。请去掉密码后另存，再重新上传。")
    if "zip" in detail or "eocd" in detail or "cfb" in detail or "not a" in detail:
        return RosterError(f"无法读取这个表格文件：它已损坏，或并不是表格（只改了扩展名）。{SAVE_AGAIN}")
    return RosterError(f"无法读取这个表格文件。{SAVE_AGAIN}")


SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
# calamine needs ~1.8 bytes of memory per byte of sheet XML (1.4 GB for a
# million-row roster); above this size stream the XML instead (slower, flat memory).
STREAM_XLSX_ABOVE = 200_000_000


def _xlsx_stream_rows(path: str | os.PathLike) -> Iterator[tuple[int, list[Any]]] | None:
    import zipfile

    from . import xlsx_stream

    try:
        if xlsx_stream.sheet_xml_size(os.fspath(path)) <= STREAM_XLSX_ABOVE:
            return None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None  # let calamine report what is wrong with the file
    return _reported(xlsx_stream.iter_rows_parallel(os.fspath(path)))


def _reported(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    from gonghui.core.pipes import ChildFailed

    try:
        yield from rows
    except ChildFailed as exc:
        raise unreadable(exc) from exc


CSV_SUFFIXES = (".csv", ".txt")


def iter_cells(path: str | os.PathLike) -> Iterator[tuple[int, list[Any]]]:
    """(sheet row number, cells) for every row of the first visible sheet."""
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if suffix in SPREADSHEET_SUFFIXES:
        streamed = _xlsx_stream_rows(path) if suffix in (".xlsx", ".xlsm") else None
        return streamed or _calamine_rows(path)
    if suffix in CSV_SUFFIXES:
        return _csv_rows(path)
    raise RosterError("不支持的文件类型，请上传 .xlsx、.xls、.ods 或 .csv 文件")


def header_key(text: Any) -> str:
    """'身份证号码（必填）*' → '身份证号码'."""
    key = to_halfwidth(cell_text(text))
    key = re.sub(r"\(.*?\)|\[.*?\]|【.*?】", "", key)
    return re.sub(r"[\s*:：]", "", key)


def guess_field(header: Any) -> str | None:
    return _HEADER_WORDS.get(header_key(header))


def guess_mapping(headers: list[str]) -> dict[int, str]:
    """Column index → field for the headers we recognise (first one wins)."""
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        fld = guess_field(header)
        if fld and fld not in mapping.values():
            mapping[index] = fld
    return mapping


HEADER_SCAN_ROWS = 30


def find_header(
    rows: Iterator[tuple[int, list[Any]]],
) -> tuple[int, list[str], list[tuple[int, list[Any]]]]:
    """Find the header row among the first rows: the one naming the most known
    fields. Title rows (merged cells across the top) name none or one.
    Returns (header row number, headers, rows read after it)."""
    seen: list[tuple[int, list[Any]]] = []
    for item in rows:
        seen.append(item)
        if len(seen) >= HEADER_SCAN_ROWS:
            break
    best, best_score = -1, 1
    for index, (_, cells) in enumerate(seen):
        score = len({guess_field(c) for c in cells} - {None})
        if score > best_score:
            best, best_score = index, score
    if best < 0:
        raise RosterError(
            "找不到表头行：前 30 行里没有一行同时写着“姓名”“身份证号”等列名。请检查是否上传了正确的表格"
        )
    number, cells = seen[best]
    return number, [cell_text(c) for c in cells], seen[best + 1 :]


# --------------------------------------------------------------------------
# Rows


@dataclass(slots=True)
class RowResult:
    row: int
    data: dict[str, Any]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Roster:
    """An open roster: header found, mapping guessed or given. Iterate for rows."""

    path: str
    header_row: int
    headers: list[str]
    mapping: dict[int, str]
    _rows: Iterator[tuple[int, list[Any]]] = field(repr=False)
    today: dt.date = field(default_factory=dt.date.today)
    check_duplicates: bool = True

    @property
    def missing_fields(self) -> list[str]:
        mapped = set(self.mapping.values())
        return [f for f in REQUIRED if f not in mapped]

    def column_of(self, fld: str) -> str:
        for index, name in self.mapping.items():
            if name == fld:
                return self.headers[index] if index < len(self.headers) else FIELD_LABELS[fld]
        return FIELD_LABELS[fld]

    def require_mapping(self) -> None:
        if self.missing_fields:
            labels = "、".join(FIELD_LABELS[f] for f in self.missing_fields)
            raise RosterError(f"请先指定“{labels}”对应的列")

    def __iter__(self) -> Iterator[RowResult]:
        self.require_mapping()
        columns = sorted(self.mapping.items())
        header_of = {
            fld: self.headers[i] if i < len(self.headers) else FIELD_LABELS[fld] for i, fld in columns
        }
        seen_ids: dict[int, int] = {}
        today = self.today
        normalisers = file_normalisers()
        names = [fld for _, fld in columns]
        width = max(i for i, _ in columns) + 1
        pick = operator.itemgetter(*(i for i, _ in columns))
        for number, cells in self._rows:
            if len(cells) < width:  # trailing empty cells are left out of short rows
                cells = [*cells, *[""] * (width - len(cells))]
            values = pick(cells) if len(names) > 1 else (pick(cells),)
            if values.count("") + values.count(None) == len(values):
                continue  # blank line, or a merged-cell footer with nothing mapped
            raw = dict(zip(names, values, strict=True))
            result = validate_row(number, raw, header_of, today, normalisers)
            if self.check_duplicates and "id_number" in result.data:
                key = int(result.data["id_number"][:17])
                first = seen_ids.setdefault(key, number)
                if first != number:
                    result.errors.append(
                        RowError(
                            number,
                            header_of["id_number"],
                            result.data["id_number"],
                            f"与第 {first} 行的身份证号重复",
                        )
                    )
            yield result


def validate_row(
    number: int,
    raw: dict[str, Any],
    header_of: dict[str, str],
    today: dt.date,
    normalisers: dict[str, Any] = NORMALISERS,
) -> RowResult:
    data: dict[str, Any] = {}
    errors: list[RowError] = []
    for fld, value in raw.items():
        try:
            clean = normalisers[fld](value)
        except Invalid as exc:
            errors.append(RowError(number, header_of[fld], cell_text(value), str(exc)))
            continue
        if clean not in ("", None):
            data[fld] = clean
    if "name" not in data and "name" in raw and not any(e.column == header_of["name"] for e in errors):
        errors.append(RowError(number, header_of["name"], "", "姓名不能为空"))
    id_number = data.get("id_number")
    if id_number is None:
        if "id_number" in raw and not any(e.column == header_of["id_number"] for e in errors):
            errors.append(RowError(number, header_of["id_number"], "", "身份证号不能为空"))
        return RowResult(number, data, errors)
    gender = id_gender(id_number)
    birth = id_birth_date(id_number)
    if data.get("gender", gender) != gender:
        label = dict(choices.GENDERS)[gender]
        errors.append(
            RowError(
                number,
                header_of["gender"],
                cell_text(raw["gender"]),
                f"与身份证号不符（身份证号显示为{label}）",
            )
        )
    sheet_birth = data.get("birth_date")
    if (
        sheet_birth is not None
        and sheet_birth != birth
        and not _same_month(sheet_birth, birth, raw["birth_date"])
    ):
        errors.append(
            RowError(
                number,
                header_of["birth_date"],
                cell_text(raw["birth_date"]),
                f"与身份证号不符（身份证号显示为 {birth:%Y-%m-%d}）",
            )
        )
    data["gender"], data["birth_date"] = gender, birth
    joined = data.get("join_date")
    if joined is not None:
        if joined > today:
            errors.append(
                RowError(number, header_of["join_date"], cell_text(raw["join_date"]), "入会时间晚于今天")
            )
        elif joined < birth:
            errors.append(
                RowError(number, header_of["join_date"], cell_text(raw["join_date"]), "入会时间早于出生日期")
            )
    return RowResult(number, data, errors)


def _same_month(sheet: dt.date, real: dt.date, raw: Any) -> bool:
    # "出生年月 1990.03" is parsed as the first of the month; accept it.
    return (
        sheet.day == 1
        and (sheet.year, sheet.month) == (real.year, real.month)
        and not isinstance(raw, dt.date)
    )


def open_roster(
    path: str | os.PathLike,
    *,
    mapping: dict[int, str] | None = None,
    today: dt.date | None = None,
) -> Roster:
    """Open a roster file, find its header row and guess (or take) the mapping.

    `mapping` (column index → field name, "" to ignore a column) overrides the
    guess for the columns it names; the other guessed columns stay.
    """
    rows = iter_cells(path)
    header_row, headers, lookahead = find_header(rows)
    guessed = guess_mapping(headers)
    if mapping:
        overridden = {f for f in mapping.values() if f}
        guessed = {i: f for i, f in guessed.items() if i not in mapping and f not in overridden}
        guessed.update({i: f for i, f in mapping.items() if f})
        unknown = set(guessed.values()) - FIELDS.keys()
        if unknown:
            raise RosterError(f"未知字段：{'、'.join(sorted(unknown))}")

    def remaining() -> Iterator[tuple[int, list[Any]]]:
        yield from lookahead
        yield from rows

    return Roster(
        path=os.fspath(path),
        header_row=header_row,
        headers=headers,
        mapping=dict(sorted(guessed.items())),
        _rows=remaining(),
        today=today or dt.date.today(),
    )


def read_rows(path: str | os.PathLike, **kwargs: Any) -> Iterable[RowResult]:
    return open_roster(path, **kwargs)
