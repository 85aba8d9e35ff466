"""Months as integers: year * 12 + (month - 1).

A payment covers a closed range of these integers, so "do two payments overlap" is two integer
comparisons and "how many months of a period did a payment cover" is LEAST - GREATEST + 1 in SQL,
on every database. Pure module, no Django.
"""

import datetime as dt
import re


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def of_date(day: dt.date) -> int:
    return month_index(day.year, day.month)


def to_date(index: int) -> dt.date:
    """The first day of the month."""
    return dt.date(index // 12, index % 12 + 1, 1)


def last_day(index: int) -> dt.date:
    return to_date(index + 1) - dt.timedelta(days=1)


def label(index: int) -> str:
    """2025-03, as the month inputs and the sheets write it."""
    return f"{index // 12}-{index % 12 + 1:02d}"


def chinese(index: int) -> str:
    return f"{index // 12}年{index % 12 + 1}月"


def span_label(first: int, last: int) -> str:
    return label(first) if first == last else f"{label(first)} 至 {label(last)}"


_MONTH = re.compile(r"^\s*(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?(?:[-/.]\s*\d{1,2}\s*日?)?|(\d{2}))\s*$")


def parse(text: str) -> int:
    """'2025-03', '2025/3', '2025.3', '2025年3月', '202503', '2025-03-15' → month index; ValueError if not."""
    found = _MONTH.match(text or "")
    if not found:
        raise ValueError(text)
    year, month = int(found.group(1)), int(found.group(2) or found.group(3))
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        raise ValueError(text)
    return month_index(year, month)


def runs(indexes) -> list[tuple[int, int]]:
    """Sorted month indexes grouped into consecutive ranges: [1,2,3,7] → [(1,3),(7,7)]."""
    found: list[tuple[int, int]] = []
    for index in sorted(indexes):
        if found and found[-1][1] == index - 1:
            found[-1] = (found[-1][0], index)
        else:
            found.append((index, index))
    return found
