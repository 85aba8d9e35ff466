"""Rubrics as data: reading, checking and applying a rubric's rules, with no Django in sight.

A rubric is sections → items; each item has its maximum points, a scoring rule, the evidence it
asks for and a 必备 (veto) flag. Rules:

- ``{"kind": "threshold", "metric": KEY, "bands": [{"min": 95, "points": 10}, {"min": 90, "max": 95, "points": 8},
  {"max": 90, "points": 0}]}``: the metric's value falls in one band, each band is ``min ≤ value < max``
  (a missing min or max is open); the bands must cover every value from 0 up, without gaps or overlaps.
- ``{"kind": "ledger", "ledger": KEY}``: full points when the ledger has records for the year, else 0.
- ``{"kind": "evidence_count", "evidence": KEY, "at_least": N}``: full points with at least N records
  of that evidence type in the year, else 0.
- ``{"kind": "member_rating", "bands": [...]}``: bands over the 会员评家 satisfaction rate (%).
- ``{"kind": "manual"}``: the union scores itself and the reviewers decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from gonghui.metrics import synonyms

THRESHOLD, LEDGER, EVIDENCE_COUNT, MEMBER_RATING, MANUAL = (
    "threshold",
    "ledger",
    "evidence_count",
    "member_rating",
    "manual",
)
RULE_LABELS = {
    THRESHOLD: "指标分档",
    LEDGER: "台账有记录",
    EVIDENCE_COUNT: "记录数达标",
    MEMBER_RATING: "会员评家",
    MANUAL: "人工评分",
}
BANDED = {THRESHOLD, MEMBER_RATING}
UNREGISTERED_SOURCE = "（待相关模块登记的项目）"


def number(value) -> Decimal | None:
    """A JSON number (or numeric text) as a Decimal; None for anything else."""
    if value is None or isinstance(value, bool):
        return None
    try:
        found = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return found if found.is_finite() else None


def points_text(value) -> str:
    found = number(value)
    return "—" if found is None else f"{found.normalize():f}"


@dataclass(frozen=True)
class Band:
    low: Decimal | None  # inclusive; None = no lower bound
    high: Decimal | None  # exclusive; None = no upper bound
    points: Decimal

    def holds(self, value: Decimal) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value < self.high)

    def label(self) -> str:
        if self.low is not None and self.high is not None:
            return f"{points_text(self.low)}～{points_text(self.high)}（不含）"
        if self.low is not None:
            return f"≥{points_text(self.low)}"
        if self.high is not None:
            return f"<{points_text(self.high)}"
        return "任意值"


def bands_of(rule: dict) -> list[Band]:
    bands = [
        Band(number(b.get("min")), number(b.get("max")), number(b.get("points")) or Decimal(0))
        for b in rule.get("bands") or []
        if isinstance(b, dict)
    ]
    return sorted(bands, key=lambda b: (b.low is not None, b.low or 0))


def band_problems(rule: dict, max_points: Decimal) -> list[str]:
    """Why a band table does not give exactly one score to every value from 0 up (empty when it does)."""
    raw = rule.get("bands")
    if not isinstance(raw, list) or not raw:
        return ["没有填写分档，请至少填写一档（如“≥95 得 10 分”）。"]
    problems = []
    for entry in raw:
        if not isinstance(entry, dict) or number(entry.get("points")) is None:
            problems.append("每一档都要填写得分（数字）。")
        elif any(entry.get(k) is not None and number(entry.get(k)) is None for k in ("min", "max")):
            problems.append("分档的上下限必须是数字。")
    if problems:
        return problems[:1]
    bands = bands_of(rule)
    for band in bands:
        if band.low is not None and band.high is not None and band.low >= band.high:
            problems.append(f"分档 {band.label()} 的下限不小于上限，请改正。")
        if band.points < 0 or band.points > max_points:
            problems.append(
                f"分档 {band.label()} 得 {points_text(band.points)} 分，应在 0 到满分 {points_text(max_points)} 分之间。"
            )
    if problems:
        return problems
    first, last = bands[0], bands[-1]
    if first.low is not None and first.low > 0:
        problems.append(f"分档有空缺：低于 {points_text(first.low)} 的值没有对应得分，请补上最低一档。")
    if last.high is not None:
        problems.append(f"分档有空缺：{points_text(last.high)} 及以上的值没有对应得分，请补上最高一档。")
    for lower, upper in zip(bands, bands[1:], strict=False):
        if lower.high is None or (upper.low is not None and lower.high > upper.low):
            problems.append(f"分档有重叠：{lower.label()} 与 {upper.label()}，请调整上下限使其首尾相接。")
        elif upper.low is not None and lower.high < upper.low:
            problems.append(
                f"分档有空缺：{points_text(lower.high)} 至 {points_text(upper.low)} 之间的值没有对应得分，请补齐。"
            )
    return problems


def band_points(rule: dict, value) -> Decimal | None:
    """The points of the band holding `value` (None when there is no value, or no band holds it)."""
    found = number(value)
    if found is None:
        return None
    for band in bands_of(rule):
        if band.holds(found):
            return band.points
    return None


def rule_problems(rule, max_points: Decimal) -> list[str]:
    if not isinstance(rule, dict) or rule.get("kind") not in RULE_LABELS:
        return ["评分方式应为 指标分档、台账有记录、记录数达标、会员评家 或 人工评分 之一。"]
    kind = rule["kind"]
    problems = []
    if kind == THRESHOLD and not rule.get("metric"):
        problems.append("“指标分档”需要指定指标。")
    if kind == LEDGER and not rule.get("ledger"):
        problems.append("“台账有记录”需要指定台账。")
    if kind == EVIDENCE_COUNT:
        if not rule.get("evidence"):
            problems.append("“记录数达标”需要指定记录类型。")
        at_least = number(rule.get("at_least"))
        if at_least is None or at_least < 1 or at_least != at_least.to_integral_value():
            problems.append("“记录数达标”的最少条数应为正整数。")
    if kind in BANDED:
        problems += band_problems(rule, max_points)
    return problems


@dataclass
class Checked:
    """A rubric's problems, each a Chinese sentence that says what to fix; empty means it may be used."""

    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _item_name(s_index: int, i_index: int, item: dict) -> str:
    return f"第{s_index}部分第{i_index}项「{item.get('title') or '未命名'}」"


def check_rubric(data: dict) -> Checked:
    """Every problem of a rubric given as data (the JSON shape above), in Chinese."""
    found = Checked()
    if not isinstance(data, dict):
        found.problems.append("考核细则格式不正确。")
        return found
    if not str(data.get("title") or "").strip():
        found.problems.append("请填写考核细则的名称。")
    total = number(data.get("total"))
    if total is None or total <= 0:
        found.problems.append("请填写考核细则的总分（大于 0 的数字）。")
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        found.problems.append("考核细则至少要有一个部分，每部分至少一个考核项目。")
        return found
    points = Decimal(0)
    for s_index, section in enumerate(sections, start=1):
        points += _check_section(found, s_index, section)
    if total is not None and points != total:
        found.problems.append(
            f"各项分值合计 {points_text(points)} 分，与声明的总分 {points_text(total)} 分不符，请调整分值或总分。"
        )
    pass_score = data.get("pass_score")
    if pass_score is not None and (
        number(pass_score) is None or total is not None and number(pass_score) > total
    ):
        found.problems.append("合格分数线应为不超过总分的数字。")
    return found


def _check_section(found: Checked, s_index: int, section) -> Decimal:
    items = section.get("items") if isinstance(section, dict) else None
    if not isinstance(items, list) or not items:
        found.problems.append(f"第{s_index}部分没有考核项目。")
        return Decimal(0)
    if not str(section.get("title") or "").strip():
        found.problems.append(f"第{s_index}部分缺少标题。")
    points = Decimal(0)
    for i_index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            found.problems.append(f"第{s_index}部分第{i_index}项格式不正确。")
            continue
        name = _item_name(s_index, i_index, item)
        max_points = number(item.get("max_points"))
        if max_points is None or max_points <= 0:
            found.problems.append(f"{name}的分值应为大于 0 的数字。")
            continue
        if not str(item.get("title") or "").strip():
            found.problems.append(f"{name}缺少名称。")
        points += max_points
        found.problems += [f"{name}：{p}" for p in rule_problems(item.get("rule"), max_points)]
    declared = number(section.get("points"))
    if section.get("points") is not None and declared != points:
        found.problems.append(
            f"第{s_index}部分「{section.get('title')}」各项合计 {points_text(points)} 分，"
            f"与该部分分值 {points_text(declared)} 分不符。"
        )
    return points


def score_rule(rule: dict, max_points: Decimal, facts: dict) -> Decimal | None:
    """Points an automatic rule gives from the facts gathered for it (None: decided by hand).

    facts: {"value": metric value or satisfaction rate} for banded rules, {"count": n} for ledgers and
    evidence counts. A rule whose source is missing (a module not installed, no ratings) gets None.
    """
    kind = rule.get("kind")
    if kind in BANDED:
        return band_points(rule, facts.get("value"))
    count = facts.get("count")
    if count is None:
        return None
    if kind == LEDGER:
        return max_points if count > 0 else Decimal(0)
    if kind == EVIDENCE_COUNT:
        return max_points if count >= (number(rule.get("at_least")) or 1) else Decimal(0)
    return None


def _source_name(key, labels: dict) -> str:
    """A rule's source in Chinese, never its key: a key no module has registered yet reads as pending."""
    return labels.get(key) or synonyms.KNOWN_LABELS.get(key) or UNREGISTERED_SOURCE


def rule_text(rule: dict, labels: dict | None = None) -> str:
    """The rule in words for the scoring sheet, e.g. 「入会率：≥95 得10分；90～95（不含）得8分」."""
    labels = labels or {}
    kind = rule.get("kind")
    if kind in BANDED:
        name = _source_name(rule.get("metric"), labels) if kind == THRESHOLD else "会员满意率(%)"
        bands = sorted(bands_of(rule), key=lambda b: b.points, reverse=True)
        return f"{name}：" + "；".join(f"{b.label()} 得{points_text(b.points)}分" for b in bands)
    if kind == LEDGER:
        return f"{_source_name(rule.get('ledger'), labels)}有本年度记录得满分"
    if kind == EVIDENCE_COUNT:
        name = _source_name(rule.get("evidence"), labels)
        return f"本年度{name}不少于{points_text(rule.get('at_least'))}条得满分"
    return "人工评分"
