"""Turn the text of a union's annual work plan (工作计划) into structured data.

`parse_plan(text)` returns the shape of the annotated plans (`tests/seed/*.expected.json`)::

    {"org_type": "school", "year": 2024 | None, "title": str | None,
     "schedule": [{"month": 3, "text": ..., "category": ...},
                  {"month": None, "period": "H1", "text": ...},
                  {"month": 7, "months": [7, 8], "text": ..., "uncertain": True}],
     "targets": [{"text", "metric", "value", "unit", "comparator", "period"}],
     "sections": [{"level": 1, "title": ...}]}

A target's `period` is what its value is measured over: "year", "H1"/"H2", or a frequency's own
period ("quarter" for 每季度一次, "month", "week", "term", "school_year", "half_year", "two_months").
A range gives two targets (`>=` low, `<=` high) with the same text; a zero target is `==` 0.

Pure Python, no Django: the review form, the upload task and the management commands all call it.
The stages, each a pure function over the previous one's output:

1. `normalise.normalise` and `simplified.simplified`: the text as the stages read it (line ends,
   page numbers, hard wraps, traditional characters read as simplified);
2. `lines.split_lines` and `headings.parse_sections`: lines, list items, the heading tree;
3. `schedule.parse_schedule`: the dated items;
4. `targets.parse_targets`: the numeric commitments;
5. `about.read_about`: title, year and the kind of union.

The rules are about the structure of plans (heading markers, where month labels stand, numerals)
rather than about any one sample text; docs/plan-parser.md lists them with the phrasing each serves.
"""

from __future__ import annotations

from .about import read_about
from .files import PlanFileError, read_plan_text
from .headings import parse_sections
from .keys import guess_category, suggest_metric_key, suggest_metric_keys
from .labels import Label, find_labels, parse_label
from .lines import split_lines
from .normalise import cn_to_int, fold, normalise
from .schedule import parse_schedule
from .simplified import restored, simplified
from .split import split_plans
from .targets import parse_targets, ranges_joined

__all__ = [
    "Label",
    "PlanFileError",
    "cn_to_int",
    "find_labels",
    "fold",
    "normalise",
    "guess_category",
    "parse_label",
    "parse_plan",
    "ranges_joined",
    "read_plan_text",
    "split_plans",
    "suggest_metric_key",
    "suggest_metric_keys",
]


def parse_plan(text: str) -> dict:
    original = normalise(text)
    text = simplified(original)
    lines = split_lines(text)
    sections, heading_lines = parse_sections(lines)
    about = read_about(lines, text)
    parsed = {
        **about,
        "schedule": parse_schedule(lines, heading_lines, about["year"]),
        "targets": parse_targets(lines, heading_lines, about["year"]),
        "sections": sections,
    }
    return restored(parsed, original, text)
