"""Precision, recall and F1 of the plan parser against annotated plans.

Matching rules:

- Texts are normalised before comparing: NFKC (full-width to half-width), then every
  punctuation mark, symbol and whitespace character is removed.
- schedule: an item matches when its month (or, for month null, its period H1/H2/Q1-Q4) and its
  normalised text are equal; for a month range (`months`, e.g. 七、八月份 → [7, 8]) the whole list
  of months must be equal. `category` and `uncertain` are ignored.
- targets: a target matches when its normalised metric text, its value (as a number) and its
  comparator are equal. A range is one target: `"comparator": "between"` with `value_max`, and a
  `>=` and a `<=` entry with the same text and metric (the seed plans' way of writing 一至二篇)
  count as that one `between` target. `text` and `unit` are ignored.
- sections: a section matches when its level and its normalised title are equal.
- Items are matched as multisets (a duplicate counts once per copy). Precision = matched /
  predicted, recall = matched / expected; with nothing predicted and nothing expected both are 1.
  The overall figures are micro-averaged: matches and counts are summed over all files first.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

from .parser import parse_plan, read_plan_text
from .parser.targets import ranges_joined

PARTS = ("schedule", "targets", "sections")
_NOT_WORD = re.compile(r"[\W_]+")


def normalize_text(text: str | None) -> str:
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text or ""))


def _number(value) -> float | None:
    try:
        return round(float(value), 6)
    except (TypeError, ValueError):
        return None


def schedule_key(item: dict) -> tuple:
    when = item.get("month") if item.get("month") is not None else item.get("period")
    if len(item.get("months") or ()) > 1:
        when = tuple(item["months"])
    return when, normalize_text(item.get("text"))


def target_key(item: dict) -> tuple:
    key = (normalize_text(item.get("metric")), _number(item.get("value")), item.get("comparator"))
    if item.get("comparator") == "between":
        key += (_number(item.get("value_max")),)
    return key


def section_key(item: dict) -> tuple:
    return item.get("level"), normalize_text(item.get("title"))


KEYS = {"schedule": schedule_key, "targets": target_key, "sections": section_key}


def counts(predicted: list[dict], expected: list[dict], key) -> dict:
    """True positives, predicted and expected counts for one part of one plan."""
    got, want = Counter(map(key, predicted)), Counter(map(key, expected))
    return {
        "tp": sum((got & want).values()),
        "predicted": sum(got.values()),
        "expected": sum(want.values()),
    }


def with_rates(tally: dict) -> dict:
    tp, predicted, expected = tally["tp"], tally["predicted"], tally["expected"]
    precision = tp / predicted if predicted else (1.0 if not expected else 0.0)
    recall = tp / expected if expected else (1.0 if not predicted else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {**tally, "precision": precision, "recall": recall, "f1": f1}


def _items(plan: dict, part: str) -> list[dict]:
    items = plan.get(part) or []
    return ranges_joined(items) if part == "targets" else items


def score(predicted: dict, expected: dict) -> dict:
    """Per part: tp, predicted, expected, precision, recall, f1."""
    return {
        part: with_rates(counts(_items(predicted, part), _items(expected, part), KEYS[part]))
        for part in PARTS
    }


def plan_pairs(directory: str | Path) -> list[tuple[str, Path, Path]]:
    """(name, text file, expected file) for every NAME.txt/.docx with a NAME.expected.json."""
    directory = Path(directory)
    pairs = []
    for expected in sorted(directory.glob("*.expected.json")):
        name = expected.name.removesuffix(".expected.json")
        source = next(
            (p for p in (directory / f"{name}.txt", directory / f"{name}.docx") if p.exists()),
            None,
        )
        if source:
            pairs.append((name, source, expected))
    return pairs


def score_dir(directory: str | Path, only: tuple[str, ...] = ()) -> dict:
    """{"files": {name: score}, "overall": {part: rates}} over a directory of annotated plans
    (only the files whose names start with one of `only`, when given)."""
    files = {}
    for name, source, expected in plan_pairs(directory):
        if only and not name.startswith(tuple(only)):
            continue
        predicted = parse_plan(read_plan_text(source))
        files[name] = score(predicted, json.loads(expected.read_text(encoding="utf-8")))
    overall = {}
    for part in PARTS:
        total = {k: sum(f[part][k] for f in files.values()) for k in ("tp", "predicted", "expected")}
        overall[part] = with_rates(total)
    return {"files": files, "overall": overall}


def format_report(report: dict) -> list[str]:
    """Human-readable lines; the last one is `schedule_f1=… targets_f1=… sections_f1=…`."""
    lines = []
    for name, result in [*report["files"].items(), ("OVERALL", report["overall"])]:
        cells = [
            f"{part} P={result[part]['precision']:.2f} R={result[part]['recall']:.2f} F1={result[part]['f1']:.2f}"
            for part in PARTS
        ]
        lines.append(f"{name:<24} " + "  ".join(cells))
    lines.append(" ".join(f"{part}_f1={report['overall'][part]['f1']:.2f}" for part in PARTS))
    return lines
