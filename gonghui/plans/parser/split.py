"""Several plans in one text: a pasted page often holds several (the seed article holds five parts,
篇一 to 篇五). `split_plans` finds where each starts so the user can be offered to read them apart
instead of one plan with 65 items. Runs on the normalised text (stage 1)."""

from __future__ import annotations

import re

from .about import find_title
from .lines import split_lines
from .normalise import fold

# "工会工作目标 村工会工作计划篇二", "篇三", "【篇四】", "第二篇": the numbered parts of a collection.
_PART_LINE = re.compile(
    r"^[^。]{0,40}?(?:篇|第)[一二三四五六七八九十]{1,2}篇?\s*[】\]]?\s*$|^[【\[]?篇[一二三四五六七八九十]{1,2}[】\]]?"
)
# A plan's own title line: short, no 。, ending like a plan's name.
_TITLE_LINE = re.compile(r"^[^。；;，,]{4,40}(?:工作计划|工作要点|工作安排|工作规划|工作总结及.{1,8}计划)$")
_PART_WORD = re.compile(r"\s*[【\[]?(?:篇|第)[一二三四五六七八九十]{1,2}篇?[】\]]?\s*$")
MIN_PART_LINES = 5  # a "plan" shorter than this is a heading or a quote, not a plan


def split_plans(text: str) -> list[dict]:
    """[{"title": str | None, "text": str}, …] in document order; one entry when the text holds one plan."""
    lines = text.split("\n")
    starts = _part_starts(lines, _PART_LINE) or _part_starts(lines, _TITLE_LINE)
    if len(starts) < 2:
        return [{"title": find_title(split_lines(text)), "text": text}]
    bounds = [0, *starts[1:], len(lines)] if _has_no_body(lines[: starts[0]]) else [0, *starts, len(lines)]
    parts = []
    for begin, end in zip(bounds, bounds[1:], strict=False):
        part = "\n".join(lines[begin:end]).strip("\n") + "\n"
        parts.append({"title": _part_title(lines[begin], part), "text": part})
    return parts


def _part_starts(lines: list[str], pattern: re.Pattern) -> list[int]:
    """Indexes of the lines that start a part, when every part has a body of its own."""
    starts = [i for i, line in enumerate(lines) if pattern.match(fold(line.strip()))]
    ends = [*starts[1:], len(lines)] if starts else []
    if any(
        sum(1 for line in lines[s + 1 : e] if line.strip()) < MIN_PART_LINES
        for s, e in zip(starts, ends, strict=True)
    ):
        return []
    return starts


def _has_no_body(lines: list[str]) -> bool:
    return sum(1 for line in lines if line.strip()) < MIN_PART_LINES


def _part_title(first_line: str, part: str) -> str | None:
    """The plan's own title, else its part line without the 篇N word."""
    own = find_title(split_lines(part))
    if own:
        return own
    stripped = _PART_WORD.sub("", first_line.strip()).strip()
    return stripped or first_line.strip() or None
