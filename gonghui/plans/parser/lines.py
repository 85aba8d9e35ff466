"""Stage 2a: lines, list items and the lines led by a month label."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .labels import Label, find_labels, match_label
from .normalise import TRAILING_PUNCT, fold, tidy

_BULLET = re.compile(r"^(?:[-*•·●○■□◆◇▪►]\s*)+")
ITEM_MARK = re.compile(r"^(?:(?P<n>\d{1,2})\s*(?:、|[.)](?!\d))|\(\s*(?P<p>\d{1,2})\s*\)|(?P<c>[①-⑳]))\s*")
# A later "20、" on the same line starts another item (04: "19、金秋助学活动 20、召开工会工作会议").
_INLINE_ITEM_MARK = re.compile(
    r"(?<=[\s。;；,，])(?:(?P<n>\d{1,2})\s*(?:、|\.(?!\d))|\(\s*(?P<p>\d{1,2})\s*\))\s*"
)


@dataclass(frozen=True)
class Line:
    index: int
    text: str  # stripped, list bullet removed, original width
    folded: str
    bullet: bool
    raw: str = ""  # as written, leading tabs kept: an empty first table cell is a merged month


@dataclass(frozen=True)
class Piece:
    """One list item: its number, its text without number and trailing label, that label."""

    number: int | None
    text: str
    label: Label | None = None
    own: bool = False  # "（5月）", "时间：5月": the label can only be the item's own


def split_lines(text: str) -> list[Line]:
    lines = []
    for index, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        stripped = raw.strip().strip("\ufeff")
        folded = fold(stripped)
        bullet = _BULLET.match(folded)
        if bullet:
            stripped, folded = stripped[bullet.end() :], folded[bullet.end() :]
        if stripped:
            lines.append(Line(index, stripped, folded, bool(bullet), raw.rstrip()))
    return lines


def item_number(folded: str) -> tuple[int | None, int]:
    """The list number at the start of a line and where its text begins."""
    match = ITEM_MARK.match(folded)
    if not match:
        return None, 0
    if match["c"]:
        return ord(match["c"]) - ord("①") + 1, match.end()
    return int(match["n"] or match["p"]), match.end()


def is_list_line(line: Line) -> bool:
    return line.bullet or item_number(line.folded)[0] is not None


# What ties a trailing date to its own item: "（5月）", "，定于5月", "时间：4月".
_OWN_LABEL = re.compile(
    r"(?:[(,:]|[—–-]{1,2}|(?:时间|日期|时限|完成时间)\s*[:]?|定于|安排在|安排于|计划于|计划在|拟于|拟在|于|在)\s*$"
)
# A date more precise than a month (6月底前, 9月中旬, 5月8日) is a deadline of its own item.
_PRECISE_DATE = re.compile(r"[日号旬底初末前]")


def trailing_label(text: str) -> tuple[str, Label | None, bool]:
    """Split "各基层工会开展会员评家活动 二月份" into text and label (a label ending the line), and
    say whether the label is plainly the item's own: "举办运动会（5月）", "…（时间：4月下旬）"."""
    core = text.rstrip(TRAILING_PUNCT)
    closed = core[-1:] in ")）"
    core = core[:-1] if closed else core
    folded = fold(core)
    for start, end, label in reversed(find_labels(folded)):
        if end != len(folded) or start < 2:
            break
        own = _OWN_LABEL.search(re.sub(r"(?:今年|本年)\s*$", "", folded[:start]))
        if closed and not own:
            break
        before = core[: own.start()] if own else core[:start]
        before = re.sub(r"(?:今年|本年)$", "", before.rstrip()).rstrip(" (（,，:：")
        return before, label, bool(own or _PRECISE_DATE.search(folded[start:end]))
    return text, None, False


def split_items(text: str) -> list[Piece]:
    """The numbered items on one line, each with its trailing label split off."""
    folded = fold(text)
    number, start = item_number(folded)
    cuts = [(number, start, start)]  # (item number, marker start, text start)
    for match in _INLINE_ITEM_MARK.finditer(folded, start):
        n = int(match["n"] or match["p"])
        if number is not None and n > cuts[-1][0]:
            cuts.append((n, match.start(), match.end()))
    pieces = []
    for i, (n, _, begin) in enumerate(cuts):
        end = cuts[i + 1][1] if i + 1 < len(cuts) else len(text)
        body, label, own = trailing_label(text[begin:end])
        pieces.append(Piece(n, tidy(body), label, own))
    return pieces


_LABEL_LINE_PREFIX = re.compile(r"[\[(【]?\s*(?:今年|本年|(?:\d{4}|20xx|__+)年度?)?\s*")
_LABEL_LINE_SUFFIX = re.compile(
    r"(?:\s*\(\s*[\d一二三四五六七八九十、,~\-—–至到月份]+\s*\))?"  # 第一季度（1-3月）
    r"(?:工作(?:安排|计划|要点|重点)?|重点工作|安排|计划)?\s*[\])】]?\s*(?P<sep>[:：|]|\s+)?"
)


def match_label_line(line: Line) -> tuple[Label, str] | None:
    """A line led by a label that heads what follows: (label, rest of the line).

    "三月份：", "（一）一月份" and "1月：开展…" head a month block; "3月中旬召开职代会，…" with the
    label glued to its text is prose with a dated clause, not a heading."""
    hit = label_after_prefix(line.folded)
    if not hit:
        return None
    label, end = hit
    suffix = _LABEL_LINE_SUFFIX.match(line.folded, end)
    rest = line.text[suffix.end() :].strip().lstrip(TRAILING_PUNCT)
    if _FULL_DATE.match(line.folded):
        return None  # 2024年1月5日 under the signature dates the plan, it heads nothing
    return (label, rest) if not rest or suffix["sep"] else None


_FULL_DATE = re.compile(r"^(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*\S{1,3}月\s*\S{1,3}[日号]\s*$")
_MARKER_BEFORE_LABEL = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.]|\(\s*[一二三四五六七八九十\d]{1,3}\s*\)|\d{1,2}[、.])\s*"
)


def label_after_prefix(folded: str) -> tuple[Label, int] | None:
    """The label at the start of a line, also behind a heading marker ("（一）一月份")."""
    hit = match_label(folded, _LABEL_LINE_PREFIX.match(folded).end())
    if hit is None and (marker := _MARKER_BEFORE_LABEL.match(folded)):
        hit = match_label(folded, _LABEL_LINE_PREFIX.match(folded, marker.end()).end())
    return hit
