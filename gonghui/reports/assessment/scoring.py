"""The automatic part of an assessment: each item's facts gathered through the registries, then scored.

Nothing here knows a module: a threshold reads the metric registry, a ledger rule the ledger registry,
a count the evidence registry. A rule whose metric, ledger or evidence type is not registered (its
module not installed yet) gets no automatic score and is scored by hand, with a note saying why.
"""

import contextlib
from datetime import date
from decimal import Decimal

from gonghui.metrics import registry as metrics
from gonghui.reports import registry
from gonghui.reports.assessment import rubric as rules


def year_bounds(year: int, today: date) -> tuple[date, date]:
    """The assessed year up to today (the year's end once it is over)."""
    return date(year, 1, 1), min(today, date(year, 12, 31))


def _metric_facts(key, org, year, today):
    found = metrics.get(key)
    if found is None:
        return {"missing": "本项依据的统计指标尚待相关模块登记，暂不能自动评分，请手工评分。"}
    start, end = year_bounds(year, today)
    value = metrics.compute(key, org, start, end)
    return {"metric": key, "label": found.label, "value": value.value, "display": value.display()}


def _ledger_facts(key, org, year):
    try:
        ledger = registry.ledger(key)
    except KeyError:
        return {"missing": "本项依据的台账尚待相关模块登记，暂不能自动评分，请手工评分。"}
    count = ledger.count(org.subtree(), year)
    return {"ledger": key, "label": ledger.title, "count": count, "display": f"{count} 条记录"}


def _evidence_facts(key, org, year):
    try:
        kind = registry.evidence_type(key)
    except KeyError:
        return {"missing": "本项依据的记录类型尚待相关模块登记，暂不能自动评分，请手工评分。"}
    count = registry.evidence_records(key, org.subtree(), year).count()
    return {"evidence": key, "label": kind.label, "count": count, "display": f"{kind.label} {count} 条"}


def _rating_facts(tally):
    if tally is None or not tally.count:
        return {"value": None, "count": 0, "display": "尚无会员评价"}
    return {
        "value": tally.satisfaction_rate,
        "count": tally.count,
        "display": f"满意率 {tally.satisfaction_rate:g}%（{tally.count} 人评价）",
    }


def item_facts(item, *, org, year, today, tally=None) -> dict:
    """What an item's rule is scored on for one union, with a display line for the sheet."""
    rule = item.rule or {}
    kind = rule.get("kind")
    if kind == rules.THRESHOLD:
        return _metric_facts(rule.get("metric", ""), org, year, today)
    if kind == rules.LEDGER:
        return _ledger_facts(rule.get("ledger", ""), org, year)
    if kind == rules.EVIDENCE_COUNT:
        return _evidence_facts(rule.get("evidence", ""), org, year)
    if kind == rules.MEMBER_RATING:
        return _rating_facts(tally)
    return {}


def auto_points(item, facts: dict) -> Decimal | None:
    if not item.is_automatic or facts.get("missing"):
        return None
    if item.rule_kind == rules.MEMBER_RATING and facts.get("value") is None:
        return Decimal(0)  # nobody rated the union: nothing to show for it
    return rules.score_rule(item.rule, item.max_points, facts)


def evidence_keys(item) -> list[str]:
    """The evidence types behind an item, registered ones only: those listed, then its rule's own."""
    keys = list(item.evidence or [])
    rule = item.rule or {}
    if rule.get("kind") == rules.EVIDENCE_COUNT:
        keys.append(rule.get("evidence"))
    if rule.get("kind") == rules.LEDGER:
        with contextlib.suppress(KeyError):
            keys.append(registry.ledger(rule.get("ledger")).evidence_key)
    found = []
    for key in keys:
        if key and key not in found and _registered(key):
            found.append(key)
    return found


def _registered(key) -> bool:
    try:
        registry.evidence_type(key)
    except KeyError:
        return False
    return True


def source_labels() -> dict:
    """Key → Chinese label of every metric, ledger and evidence type, for rules shown in words."""
    labels = {m.key: m.label for m in metrics.all_metrics()}
    labels.update({item.key: item.title for item in registry.ledgers()})
    labels.update({kind.key: kind.label for kind in registry.evidence_types()})
    return labels
