"""Stage 2b: the heading tree (sections) over the lines."""

from __future__ import annotations

import re
import statistics

from .lines import Line, item_number, match_label_line
from .normalise import TRAILING_PUNCT, clause_spans, fold

_HEADING_MARKS = (
    (
        0,
        re.compile(r"^第(?P<n>[一二三四五六七八九十]{1,3})(?:部分|章|篇)\s*[、.:]?\s*"),
    ),
    (1, re.compile(r"^(?P<n>[一二三四五六七八九十]{1,3})\s*[、.,]\s*")),  # 一、 一. 一，
    (1, re.compile(r"^【\s*(?P<n>[一二三四五六七八九十]{1,3})\s*】\s*")),
    (2, re.compile(r"^\(\s*(?P<n>[一二三四五六七八九十]{1,3})\s*\)\s*")),
    (3, re.compile(r"^(?P<n>\d{1,2})\s*(?:、|\.(?!\d))\s*")),
    (4, re.compile(r"^\(\s*(?P<n>\d{1,2})\s*\)\s*")),
)
_LONG_TITLE = 60  # a heading this long has run into its paragraph without a 。


# A label heading: a few words and a colon alone on their line ("指导思想：", "工作要求:").
_LABEL_HEADING = re.compile(r"^(?P<t>[^\s:,.;!?。、()|]{2,12})\s*:\s*$")
_TABLE_ROW = re.compile(r"\t|\|")


def heading_marker(line: Line) -> tuple[int, int] | None:
    """(rank, title start) for 第一部分 > 一、/【一】/label: > (一) > 1、 > (1) markers; month labels
    and table rows are not headings."""
    if line.bullet or match_label_line(line) or _TABLE_ROW.search(line.folded):
        return None
    for rank, pattern in _HEADING_MARKS:
        if match := pattern.match(line.folded):
            return rank, match.end()
    if (label := _LABEL_HEADING.match(line.folded)) and "如下" not in label["t"]:
        return 1, 0
    return None


_ORDINAL_PARAGRAPH = re.compile(r"^第[一二三四五六七八九十]{1,3}[、,.]")


def is_body(line: Line) -> bool:
    """A plain paragraph: no marker, no label, and reads like prose."""
    if line.bullet or heading_marker(line) or match_label_line(line) or item_number(line.folded)[0]:
        return False
    if _ORDINAL_PARAGRAPH.match(line.folded):  # 第一、… task paragraphs are numbered items too
        return False
    return len(line.text) >= 30 or line.text.endswith("。")


def heading_shaped(title: str) -> bool:
    """Short, without 。 and not ending like a list entry: run-in "1、标题。正文" is no heading."""
    return len(title) <= 25 and "。" not in title and not title.endswith(("；", ";", "，", ","))


def _drop_numbered_lists(found: list[dict]) -> list[dict]:
    """1、 lines are headings only when every one of them under the same parent heads a body
    paragraph; one followed directly by the next item makes them all a list."""
    groups, parent = {}, None
    for heading in found:
        if heading["rank"] < 3:
            parent = heading["index"]
        else:
            groups.setdefault((parent, heading["rank"]), []).append(heading)
    listed = {id(h) for group in groups.values() if not all(h["body"] for h in group) for h in group}
    return [h for h in found if id(h) not in listed]


def clean_title(raw: str) -> str:
    title = raw.strip()
    stop = title.find("。")
    if 0 < stop < len(title) - 1:  # run-in heading: the title ends at its first 。
        title = title[:stop]
    head = re.match(r"^(.{2,15}?)[:：]\s*\S", title)  # 指导思想：以…为指导
    if head:
        title = head.group(1)
    return title.strip(TRAILING_PUNCT + " ")


# The names plans give their parts: a title that starts with one and runs on was glued to its body.
SECTION_NOUNS = re.compile(
    r"^(?:指导思想|总体要求|总体思路|工作思路|工作目标|目标任务|主要目标|主要任务|重点任务|工作任务|主要措施|工作措施|"
    r"保障措施|具体措施|工作要求|主要工作|重点工作|工作重点|工作安排)"
)
# Where a glued body starts: a date, or a verb that opens a sentence ("强化思想引领利用农家书屋…").
_BODY_START = re.compile(
    r"(?:20\d\d|20[xX]{2}|今年)年?\d{0,2}月?|\d{1,2}月|利用|通过|围绕|依托|结合|按照|坚持|充分|积极|认真|深入|切实"
)
_GLUED = 15  # a title longer than this may have run into its body


def unglued_title(title: str) -> str:
    """The heading words of a title glued to its body without punctuation: "工作目标全年力争…" →
    "工作目标", "服务乡村产业20xx年5月，村工会…" → "服务乡村产业"."""
    if len(title) <= _GLUED:
        return title
    if (noun := SECTION_NOUNS.match(title)) and fold(title)[noun.end()] not in "和及与、,;:(":
        return title[: noun.end()]
    spans = clause_spans(fold(title))
    first = title[: spans[0][1]] if spans else title
    if (start := _BODY_START.search(first, 4)) and start.start() <= 12:
        return title[: start.start()]
    return title


def _cut_clauses(title: str, count: int) -> str:
    spans = clause_spans(fold(title))
    return title[: spans[min(count, len(spans)) - 1][1]] if spans else title


def _shorten_run_in_titles(found: list[dict]) -> None:
    """A heading that runs into its body without a 。 keeps as many clauses as its siblings."""
    for heading in found:
        if len(heading["title"]) <= _LONG_TITLE:
            continue
        siblings = [
            len(clause_spans(fold(h["title"])))
            for h in found
            if h["rank"] == heading["rank"] and len(h["title"]) <= _LONG_TITLE
        ]
        keep = int(statistics.median(siblings)) if siblings else 2
        heading["title"] = _cut_clauses(heading["title"], keep)
        heading["uncertain"] = True


def parse_sections(lines: list[Line]) -> tuple[list[dict], dict[int, str]]:
    """The heading tree, and the heading lines (they end schedule blocks): index → the body text
    that runs on after the title ("（一）深化民主管理。按期召开…"), "" for a heading alone."""
    found = []
    for pos, line in enumerate(lines):
        marker = heading_marker(line)
        if not marker:
            continue
        rank, start = marker
        if rank >= 3 and not heading_shaped(line.text[start:]):
            continue
        body = pos + 1 < len(lines) and is_body(lines[pos + 1])
        if title := unglued_title(clean_title(line.text[start:])):
            rest = line.text[start:]
            run_in = rest[rest.find(title) + len(title) :] if title in rest else ""
            found.append(
                {
                    "rank": rank,
                    "title": title,
                    "index": line.index,
                    "body": body,
                    "run_in": run_in.lstrip(TRAILING_PUNCT),
                }
            )
    found = _drop_numbered_lists(found)
    _shorten_run_in_titles(found)
    sections, open_ranks = [], []
    for heading in found:
        while open_ranks and open_ranks[-1] >= heading["rank"]:
            open_ranks.pop()
        open_ranks.append(heading["rank"])
        section = {"level": len(open_ranks), "title": heading["title"]}
        if heading.get("uncertain"):
            section["uncertain"] = True
        sections.append(section)
    return sections, {h["index"]: h["run_in"] for h in found}
