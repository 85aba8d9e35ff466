"""Month and period labels (三月份, 七、八月, 第二季度, 上半年): shared by the heading and schedule stages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalise import CN_NUMERALS, fold, mask_quotes, to_number

MONTH_NUM = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]|元)"
_RANGE = re.compile(rf"(?P<a>{MONTH_NUM})(?:月份?)?\s*(?P<sep>[、,~\-—–至到和及])\s*(?P<b>{MONTH_NUM})月份?")
_SINGLE = re.compile(rf"(?P<a>{MONTH_NUM})月份?")
_QUARTER = re.compile(r"第?(?P<q>[一二三四1-4])季度")
_HALF = re.compile(r"(?P<h>[上下])半年")
# 3月中旬, 5月底前, 3月8日: the rest of a date belongs to the label, not to the item text.
_LABEL_TAIL = re.compile(
    r"(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号])?(?:上旬|中旬|下旬|初|底|末|中|前后|前|期间|左右)*"
)
# A numeral, 第 (ordinal), 每 (frequency) or 个 (三个月, a duration) before the label means it is no month.
_LABEL_BLOCKERS = set("0123456789" + CN_NUMERALS + "第每个几近前后这该")
# Separators that list months (七、八月份) only make a range of neighbours; 1、3月 is item 1 in March.
_LIST_SEPARATORS = set("、,和及")


@dataclass(frozen=True)
class Label:
    """When a schedule item falls: a month (with `months` for a range) or a period (H1, H2, Q1-Q4)."""

    month: int | None = None
    months: tuple[int, ...] = ()
    period: str | None = None

    def covered(self) -> set[int]:
        if self.months:
            return set(self.months)
        if self.month:
            return {self.month}
        first = {"H1": 1, "H2": 7, "Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10}[self.period]
        return set(range(first, first + (6 if self.period.startswith("H") else 3)))

    def fields(self) -> dict:
        if self.period:
            return {"month": None, "period": self.period}
        out = {"month": self.month}
        if self.months:
            out["months"] = list(self.months)
        return out


def _month_value(token: str) -> int | None:
    value = 1 if token == "元" else to_number(token)
    return value if isinstance(value, int) and 1 <= value <= 12 else None


def _range_label(match: re.Match) -> Label | None:
    first, last = _month_value(match["a"]), _month_value(match["b"])
    if first is None or last is None or first == last:
        return None
    if match["sep"] in _LIST_SEPARATORS and last != first + 1:
        return None
    months = tuple(range(first, last + 1)) if last > first else (*range(first, 13), *range(1, last + 1))
    return Label(month=first, months=months)


def match_label(folded: str, pos: int) -> tuple[Label, int] | None:
    """The label starting at `pos` and the index just past it (with 中旬/底/8日 tails)."""
    if pos > 0 and folded[pos - 1] in _LABEL_BLOCKERS:
        return None
    label, end = None, pos
    if match := _RANGE.match(folded, pos):
        label, end = _range_label(match), match.end()
    if label is None and (match := _SINGLE.match(folded, pos)):
        month = _month_value(match["a"])
        label, end = (Label(month=month), match.end()) if month else (None, pos)
    if label is None and (match := _QUARTER.match(folded, pos)):
        label, end = Label(period="Q" + str(to_number(match["q"]))), match.end()
    if label is None and (match := _HALF.match(folded, pos)):
        label, end = Label(period="H1" if match["h"] == "上" else "H2"), match.end()
    if label is None:
        return None
    return label, _LABEL_TAIL.match(folded, end).end()


# Where a label can start: a month numeral, 元 (元月), 第 (第二季度), 上/下 (上半年).
_LABEL_START = re.compile(r"[0-9一二三四五六七八九十元第上下]")


def find_labels(folded: str) -> list[tuple[int, int, Label]]:
    """Every label in a text, outside quotes, as (start, end, label)."""
    if "月" not in folded and "季度" not in folded and "半年" not in folded:
        return []  # no label without one of these: most clauses of a long plan
    masked = mask_quotes(folded)
    found, pos = [], 0
    for start in _LABEL_START.finditer(masked):
        if start.start() < pos:
            continue
        if hit := match_label(masked, start.start()):
            found.append((start.start(), hit[1], hit[0]))
            pos = hit[1]
    return found


def parse_label(text: str) -> Label | None:
    """A text that is nothing but a label (a table cell, a heading): 三月份, 7、8月, 第一季度."""
    folded = fold(text).strip()
    # 三月（一季度末）: a month wins over the period word in brackets beside it
    folded = re.sub(r"^([^()]+)\([^()]{1,8}\)$", r"\1", folded).strip("[]【】()（）:：")
    hit = match_label(folded, 0)
    return hit[0] if hit and hit[1] == len(folded) else None


# What an item says about its month: used only where the position leaves the month open.
CONTENT_HINTS = (
    ("元旦", (1,)),
    ("新年", (12, 1)),
    ("春节", (1, 2)),
    ("寒假", (1, 2)),
    ("元宵", (2, 3)),
    ("三八", (3,)),
    ("妇女节", (3,)),
    ("维权行动月", (3,)),  # the national 女职工维权行动月 is March
    ("学雷锋", (3,)),
    ("植树", (3,)),
    ("五一", (5,)),
    ("劳动节", (5,)),
    ("五四", (5,)),
    ("青年节", (5,)),
    ("六一", (6,)),
    ("儿童节", (6,)),
    ("端午", (5, 6)),
    ("安全生产月", (6,)),
    ("中考", (6,)),
    ("高考", (6,)),
    ("七一", (7,)),
    ("建党", (7,)),
    ("八一", (8,)),
    ("建军", (8,)),
    ("暑期", (7, 8)),
    ("暑假", (7, 8)),
    ("送清凉", (7, 8)),
    ("金秋助学", (8, 9)),
    ("教师节", (9,)),
    ("中秋", (9, 10)),
    ("国庆", (10,)),
    ("重阳", (10,)),
    ("年终", (12,)),
    ("年度总结", (12,)),
    ("全年总结", (12,)),
    ("年末", (12,)),
    ("年底", (12,)),
)


def hint_months(text: str) -> set[int]:
    return {month for word, months in CONTENT_HINTS if word in text for month in months}
