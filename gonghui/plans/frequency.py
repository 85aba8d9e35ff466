"""Frequency targets (每月研究工作 = 1 次/月, 每季集中学习一次 = 1 次/季): met only if every month or
quarter that has passed holds its count, not if the year's total reaches it.

The parser writes the frequency into the target's unit ("次/月", "次/季"); this module reads it back,
splits the plan year into those periods and measures each with the target's metric.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from gonghui.metrics import registry

# The part of the unit after "/" → the period a frequency counts over.
PER = {"月": "month", "季": "quarter", "季度": "quarter"}
PERIOD_WORDS = {"month": "个月", "quarter": "个季度"}


# A target's own period (plans.TargetPeriod, what the parser stores) → the frequency counted here.
BY_PERIOD = {"per_m": "month", "per_q": "quarter"}


def frequency_of_target(target) -> str | None:
    """The frequency a target counts over: its stored period, else the one its unit names (次/月)."""
    return BY_PERIOD.get(target.period) or frequency_of(target.unit)


def frequency_of(unit: str) -> str | None:
    """'month' for 次/月, 'quarter' for 次/季; None for anything measured over the year."""
    if not unit or "/" not in unit:
        return None
    return PER.get(unit.split("/", 1)[1].strip())


@dataclass(frozen=True)
class Span:
    label: str  # 3月, 第一季度
    start: date
    end: date


def spans(year: int, frequency: str) -> list[Span]:
    if frequency == "month":
        return [
            Span(f"{m}月", date(year, m, 1), date(year, m, calendar.monthrange(year, m)[1]))
            for m in range(1, 13)
        ]
    quarters = "一二三四"
    return [
        Span(
            f"第{quarters[q]}季度",
            date(year, 3 * q + 1, 1),
            date(year, 3 * q + 3, calendar.monthrange(year, 3 * q + 3)[1]),
        )
        for q in range(4)
    ]


@dataclass
class SpanResult:
    span: Span
    value: float
    met: bool
    closed: bool  # the period has ended: a shortfall is final


@dataclass
class FrequencyProgress:
    frequency: str
    results: list[SpanResult]

    @property
    def counted(self) -> list[SpanResult]:
        """Periods that ended, and the current one once it already holds its count (not missed yet)."""
        return [r for r in self.results if r.closed or r.met]

    @property
    def actual(self) -> float | None:
        """The weakest counted period: the target is met only if every counted period is."""
        counted = self.counted
        return min(r.value for r in counted) if counted else None

    def display(self) -> str:
        counted = self.counted
        if not counted:
            return "无数据"
        met = sum(1 for r in counted if r.met)
        return f"{met}/{len(counted)}{PERIOD_WORDS[self.frequency]}达标"

    def missed(self) -> list[SpanResult]:
        return [r for r in self.results if r.closed and not r.met]


def frequency_progress(
    *, key: str, org, year: int, goal: float, frequency: str, today: date
) -> FrequencyProgress:
    """Each period of `year` that has begun by `today`, measured with metric `key` over org's subtree."""
    results = []
    for span in spans(year, frequency):
        if span.start > today:
            break
        value = registry.compute(key, org, span.start, span.end).value
        value = float(value or 0)
        results.append(SpanResult(span, value, value >= goal, span.end < today))
    return FrequencyProgress(frequency, results)
