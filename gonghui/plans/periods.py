"""A target measured over its period: the date windows of a period kind in the plan's year, and the
value of any registered metric in each window.

每季集中学习一次 (period 每季, goal ≥ 1) is met only if every quarter that has begun has reached the
goal; a quarter that has ended short fails it, the running quarter only keeps it open (进行中) until
it reaches the goal. The evaluation knows nothing of what is counted: any metric of the registry
(a count of meetings, of study sessions, a rate) is computed window by window.

Terms (每学期) are the school terms as they fall in a calendar-year plan: 春季学期 February–July,
秋季学期 September–December (its January belongs to the previous year's plan).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

QUARTER_NAMES = ("一季度", "二季度", "三季度", "四季度")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    return date(year, first, 1), _month_end(year, last)


def windows(period: str, year: int) -> list[tuple[str, date, date]]:
    """[(label, first day, last day)] of the period kind in `year`, in order."""
    if period == "H1":
        return [("上半年", *_months(year, 1, 6))]
    if period == "H2":
        return [("下半年", *_months(year, 7, 12))]
    if period in ("Q1", "Q2", "Q3", "Q4"):
        q = int(period[1])
        return [(QUARTER_NAMES[q - 1], *_months(year, 3 * q - 2, 3 * q))]
    if period == "per_m":
        return [(f"{m}月", *_months(year, m, m)) for m in range(1, 13)]
    if period == "per_2m":
        return [(f"{m}—{m + 1}月", *_months(year, m, m + 1)) for m in range(1, 13, 2)]
    if period == "per_q":
        return [(QUARTER_NAMES[q], *_months(year, 3 * q + 1, 3 * q + 3)) for q in range(4)]
    if period == "per_h":
        return [("上半年", *_months(year, 1, 6)), ("下半年", *_months(year, 7, 12))]
    if period == "per_t":
        return [("春季学期", *_months(year, 2, 7)), ("秋季学期", *_months(year, 9, 12))]
    if period == "per_w":
        return _weeks(year)
    return [("全年", *_months(year, 1, 12))]


def _weeks(year: int) -> list[tuple[str, date, date]]:
    """Monday-to-Sunday weeks, the first and last cut at the year's ends."""
    found, start = [], date(year, 1, 1)
    while start.year == year:
        end = min(start + timedelta(days=6 - start.weekday()), date(year, 12, 31))
        found.append((f"{start.month}月{start.day}日起的一周", start, end))
        start = end + timedelta(days=1)
    return found


@dataclass
class WindowValue:
    label: str
    start: date
    end: date
    value: float | None
    display: str
    met: bool | None
    closed: bool  # the window has ended: a shortfall there can no longer be made up


def evaluate(target, value_of, year: int, today: date) -> tuple[list[WindowValue], bool | None]:
    """The windows of `target.period` that have begun by `today`, each with its value
    (`value_of(start, end)` → (value, display), counted up to today in the running one), and
    whether the target is met.

    One window (全年, 上半年, 第二季度): its value so far against the goal, as the year's targets
    always were. Every period of a kind (每季…): False if an ended window fell short, True if every
    begun window reached the goal, else None — the running window may still reach a lower bound
    (≥, the low end of a range); an upper bound or a zero target it has passed is lost already."""
    rows = []
    for label, start, end in windows(target.period, year):
        if start > today:
            break
        value, display = value_of(start, min(end, today))
        rows.append(WindowValue(label, start, end, value, display, target.met_by(value), end < today))
    if not target.is_frequency:
        return rows, rows[0].met if rows else None
    if any(row.met is False and (row.closed or not _may_still_reach(target, row.value)) for row in rows):
        return rows, False
    if rows and all(row.met for row in rows):
        return rows, True
    return rows, None


def _may_still_reach(target, value) -> bool:
    """A count still growing may reach a lower bound; it cannot come back under an upper one."""
    if value is None:
        return True
    return target.comparator == ">=" or (target.comparator == "in" and value < target.value)
