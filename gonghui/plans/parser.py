"""Turn the text of a union's annual work plan (工作计划) into structured data.

`parse_plan(text)` returns the shape of the annotated seed plans
(`tests/seed/*.expected.json`)::

    {"org_type": "school", "year": 2024 | None, "title": str | None,
     "schedule": [{"month": 3, "text": ..., "category": ...},
                  {"month": None, "period": "H1", "text": ...},
                  {"month": 7, "months": [7, 8], "text": ..., "uncertain": True}],
     "targets": [{"text", "metric", "value", "unit", "comparator"}],
     "sections": [{"level": 1, "title": ...}]}

Pure Python, no Django: the review form, the upload task and the management commands all call it.
The rules are about the structure of plans (heading markers, where month labels stand, numerals)
rather than about any one sample text; the annotation rules are in tests/seed/README.md.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path

# --------------------------------------------------------------------------- text helpers

_WIDTH_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_FOLD[0x3000] = 0x20


def fold(text: str) -> str:
    """Full-width ASCII and the ideographic space to half-width.

    One character maps to one character, so an index into the folded text is an index into the
    original: we match on the folded text and cut the original, which keeps the user's punctuation.
    """
    return text.translate(_WIDTH_FOLD)


CN_NUMERALS = "零〇一二两三四五六七八九十百千万"
NUM = rf"(?:\d+(?:\.\d+)?|[{CN_NUMERALS}]+)"
_CN_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_to_int(text: str) -> int | None:
    """二十三 → 23, 一百 → 100, 二〇二四 → 2024 (bare digits are positional)."""
    if text and all(ch in _CN_DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total = section = digit = 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (digit or 1) * _CN_UNITS[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit) * 10000
            section = digit = 0
        else:
            return None
    return total + section + digit if text else None


def to_number(text: str) -> int | float | None:
    text = text.strip()
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d+\.\d+", text):
        return float(text)
    return cn_to_int(text)


_QUOTE_PAIRS = dict(zip("“‘《「『\"'", "”’》」』\"'", strict=True))


def mask_quotes(text: str) -> str:
    """Blank out what stands inside quotes and 《》: numbers there are names (“五必访”, “168”),
    never levels the plan commits to. Same length as the input."""
    out, closing = [], None
    for ch in text:
        if closing:
            if ch == closing:
                closing = None
                out.append(ch)
            else:
                out.append("□")
        else:
            closing = _QUOTE_PAIRS.get(ch)
            out.append(ch)
    return "".join(out)


_CLAUSE_BREAK = re.compile(r"[,，。;；!！?？]")


def clause_spans(folded: str) -> list[tuple[int, int]]:
    """Spans of the clauses between ，。；！？ (either width)."""
    spans, start = [], 0
    for match in _CLAUSE_BREAK.finditer(folded):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(folded)))
    return [(s, e) for s, e in spans if folded[s:e].strip()]


_TRAILING_PUNCT = " \t。．.;；,，、:：!！?？"


def tidy(text: str) -> str:
    """Strip spaces and the trailing 。；，: of an item; unbalanced outer brackets too."""
    text = text.strip().strip(_TRAILING_PUNCT)
    if text[:1] in "(（" and not re.search(r"[)）]", text):
        text = text[1:]
    if text[-1:] in ")）" and not re.search(r"[(（]", text):
        text = text[:-1]
    return text.strip().strip(_TRAILING_PUNCT)


# --------------------------------------------------------------------------- month and period labels

MONTH_NUM = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]|元)"
_RANGE = re.compile(rf"(?P<a>{MONTH_NUM})(?:月份?)?\s*(?P<sep>[、,~\-—–至到和及])\s*(?P<b>{MONTH_NUM})月份?")
_SINGLE = re.compile(rf"(?P<a>{MONTH_NUM})月份?")
_QUARTER = re.compile(r"第?(?P<q>[一二三四1-4])季度")
_HALF = re.compile(r"(?P<h>[上下])半年")
# 3月中旬, 5月底前, 3月8日: the rest of a date belongs to the label, not to the item text.
_LABEL_TAIL = re.compile(
    r"(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号])?(?:上旬|中旬|下旬|初|底|末|中|前后|前|期间|左右)*"
)
# A numeral, 第 (ordinal), 每 (frequency) or 个 (三个月, a duration) before the label means it is no month.
_LABEL_BLOCKERS = set("0123456789" + CN_NUMERALS + "第每个几近前后这该")
# Separators that list months (七、八月份) only make a range of neighbours; 1、3月 is item 1 in March.
_LIST_SEPARATORS = set("、,和及")


@dataclass(frozen=True)
class Label:
    """When a schedule item falls: a month (with `months` for a range) or a period (H1, H2, Q1-Q4)."""

    month: int | None = None
    months: tuple[int, ...] = ()
    period: str | None = None

    def covered(self) -> set[int]:
        if self.months:
            return set(self.months)
        if self.month:
            return {self.month}
        first = {"H1": 1, "H2": 7, "Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10}[self.period]
        return set(range(first, first + (6 if self.period.startswith("H") else 3)))

    def fields(self) -> dict:
        if self.period:
            return {"month": None, "period": self.period}
        out = {"month": self.month}
        if self.months:
            out["months"] = list(self.months)
        return out


def _month_value(token: str) -> int | None:
    value = 1 if token == "元" else to_number(token)
    return value if isinstance(value, int) and 1 <= value <= 12 else None


def _range_label(match: re.Match) -> Label | None:
    first, last = _month_value(match["a"]), _month_value(match["b"])
    if first is None or last is None or first == last:
        return None
    if match["sep"] in _LIST_SEPARATORS and last != first + 1:
        return None
    months = tuple(range(first, last + 1)) if last > first else (*range(first, 13), *range(1, last + 1))
    return Label(month=first, months=months)


def match_label(folded: str, pos: int) -> tuple[Label, int] | None:
    """The label starting at `pos` and the index just past it (with 中旬/底/8日 tails)."""
    if pos > 0 and folded[pos - 1] in _LABEL_BLOCKERS:
        return None
    label, end = None, pos
    if match := _RANGE.match(folded, pos):
        label, end = _range_label(match), match.end()
    if label is None and (match := _SINGLE.match(folded, pos)):
        month = _month_value(match["a"])
        label, end = (Label(month=month), match.end()) if month else (None, pos)
    if label is None and (match := _QUARTER.match(folded, pos)):
        label, end = Label(period="Q" + str(to_number(match["q"]))), match.end()
    if label is None and (match := _HALF.match(folded, pos)):
        label, end = Label(period="H1" if match["h"] == "上" else "H2"), match.end()
    if label is None:
        return None
    return label, _LABEL_TAIL.match(folded, end).end()


def find_labels(folded: str) -> list[tuple[int, int, Label]]:
    """Every label in a text, outside quotes, as (start, end, label)."""
    masked = mask_quotes(folded)
    found, pos = [], 0
    while pos < len(masked):
        hit = match_label(masked, pos)
        if hit:
            found.append((pos, hit[1], hit[0]))
            pos = hit[1]
        else:
            pos += 1
    return found


def parse_label(text: str) -> Label | None:
    """A text that is nothing but a label (a table cell, a heading): 三月份, 7、8月, 第一季度."""
    folded = fold(text).strip().strip("[]【】()（）:：")
    hit = match_label(folded, 0)
    return hit[0] if hit and hit[1] == len(folded) else None


# What an item says about its month: used only where the position leaves the month open.
CONTENT_HINTS = (
    ("元旦", (1,)),
    ("新年", (12, 1)),
    ("春节", (1, 2)),
    ("寒假", (1, 2)),
    ("元宵", (2, 3)),
    ("三八", (3,)),
    ("妇女节", (3,)),
    ("维权行动月", (3,)),  # the national 女职工维权行动月 is March
    ("学雷锋", (3,)),
    ("植树", (3,)),
    ("五一", (5,)),
    ("劳动节", (5,)),
    ("五四", (5,)),
    ("青年节", (5,)),
    ("六一", (6,)),
    ("儿童节", (6,)),
    ("端午", (5, 6)),
    ("安全生产月", (6,)),
    ("中考", (6,)),
    ("高考", (6,)),
    ("七一", (7,)),
    ("建党", (7,)),
    ("八一", (8,)),
    ("建军", (8,)),
    ("暑期", (7, 8)),
    ("暑假", (7, 8)),
    ("送清凉", (7, 8)),
    ("金秋助学", (8, 9)),
    ("教师节", (9,)),
    ("中秋", (9, 10)),
    ("国庆", (10,)),
    ("重阳", (10,)),
    ("年终", (12,)),
    ("年度总结", (12,)),
    ("全年总结", (12,)),
    ("年末", (12,)),
    ("年底", (12,)),
)


def hint_months(text: str) -> set[int]:
    return {month for word, months in CONTENT_HINTS if word in text for month in months}


# --------------------------------------------------------------------------- lines and list items

_BULLET = re.compile(r"^(?:[-*•·●○■□◆◇▪►]\s*)+")
_ITEM_MARK = re.compile(r"^(?:(?P<n>\d{1,2})\s*(?:、|[.)](?!\d))|\(\s*(?P<p>\d{1,2})\s*\)|(?P<c>[①-⑳]))\s*")
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
    match = _ITEM_MARK.match(folded)
    if not match:
        return None, 0
    if match["c"]:
        return ord(match["c"]) - ord("①") + 1, match.end()
    return int(match["n"] or match["p"]), match.end()


def is_list_line(line: Line) -> bool:
    return line.bullet or item_number(line.folded)[0] is not None


# What ties a trailing date to its own item: "（5月）", "，定于5月", "时间：4月".
_OWN_LABEL = re.compile(
    r"(?:[(,:]|(?:时间|日期|时限|完成时间)\s*[:]?|定于|安排在|安排于|计划于|计划在|拟于|拟在|于|在)\s*$"
)
# A date more precise than a month (6月底前, 9月中旬, 5月8日) is a deadline of its own item.
_PRECISE_DATE = re.compile(r"[日号旬底初末前]")


def trailing_label(text: str) -> tuple[str, Label | None, bool]:
    """Split "各基层工会开展会员评家活动 二月份" into text and label (a label ending the line), and
    say whether the label is plainly the item's own: "举办运动会（5月）", "…（时间：4月下旬）"."""
    core = text.rstrip(_TRAILING_PUNCT)
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


# --------------------------------------------------------------------------- sections

_HEADING_MARKS = (
    (0, re.compile(r"^第(?P<n>[一二三四五六七八九十]{1,3})(?:部分|章|篇)\s*[、.:]?\s*")),
    (1, re.compile(r"^(?P<n>[一二三四五六七八九十]{1,3})\s*[、.]\s*")),
    (2, re.compile(r"^\(\s*(?P<n>[一二三四五六七八九十]{1,3})\s*\)\s*")),
    (3, re.compile(r"^(?P<n>\d{1,2})\s*(?:、|\.(?!\d))\s*")),
    (4, re.compile(r"^\(\s*(?P<n>\d{1,2})\s*\)\s*")),
)
_LONG_TITLE = 60  # a heading this long has run into its paragraph without a 。


def heading_marker(line: Line) -> tuple[int, int] | None:
    """(rank, title start) for 一、 > (一) > 1、 > (1) markers; month labels are not headings."""
    if line.bullet or match_label_line(line):
        return None
    for rank, pattern in _HEADING_MARKS:
        if match := pattern.match(line.folded):
            return rank, match.end()
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
    return title.strip(_TRAILING_PUNCT + " ")


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


def parse_sections(lines: list[Line]) -> tuple[list[dict], set[int]]:
    """The heading tree, and the indexes of heading lines (they end schedule blocks)."""
    found = []
    for pos, line in enumerate(lines):
        marker = heading_marker(line)
        if not marker:
            continue
        rank, start = marker
        if rank >= 3 and not heading_shaped(line.text[start:]):
            continue
        body = pos + 1 < len(lines) and is_body(lines[pos + 1])
        if title := clean_title(line.text[start:]):
            found.append({"rank": rank, "title": title, "index": line.index, "body": body})
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
    return sections, {h["index"] for h in found}


# --------------------------------------------------------------------------- schedule

_LABEL_LINE_PREFIX = re.compile(r"[\[(【]?\s*(?:今年|本年|(?:\d{4}|20xx|__+)年度?)?\s*")
_LABEL_LINE_SUFFIX = re.compile(
    r"(?:\s*\(\s*[\d一二三四五六七八九十、,~\-—–至到月份]+\s*\))?"  # 第一季度（1-3月）
    r"(?:工作(?:安排|计划|要点|重点)?|重点工作|安排|计划)?\s*[\])】]?\s*(?P<sep>[:：]|\s+)?"
)


def match_label_line(line: Line) -> tuple[Label, str] | None:
    """A line led by a label that heads what follows: (label, rest of the line).

    "三月份：", "（一）一月份" and "1月：开展…" head a month block; "3月中旬召开职代会，…" with the
    label glued to its text is prose with a dated clause, not a heading."""
    hit = _label_after_prefix(line.folded)
    if not hit:
        return None
    label, end = hit
    suffix = _LABEL_LINE_SUFFIX.match(line.folded, end)
    rest = line.text[suffix.end() :].strip().lstrip(_TRAILING_PUNCT)
    if _FULL_DATE.match(line.folded):
        return None  # 2024年1月5日 under the signature dates the plan, it heads nothing
    return (label, rest) if not rest or suffix["sep"] else None


_FULL_DATE = re.compile(r"^(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*\S{1,3}月\s*\S{1,3}[日号]\s*$")
_MARKER_BEFORE_LABEL = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.]|\(\s*[一二三四五六七八九十\d]{1,3}\s*\)|\d{1,2}[、.])\s*"
)


def _label_after_prefix(folded: str) -> tuple[Label, int] | None:
    """The label at the start of a line, also behind a heading marker ("（一）一月份")."""
    hit = match_label(folded, _LABEL_LINE_PREFIX.match(folded).end())
    if hit is None and (marker := _MARKER_BEFORE_LABEL.match(folded)):
        hit = match_label(folded, _LABEL_LINE_PREFIX.match(folded, marker.end()).end())
    return hit


@dataclass
class ScheduleItem:
    """A dated item; `uncertain` when its month was inferred from position or content."""

    label: Label
    text: str
    uncertain: bool = False

    def as_dict(self) -> dict:
        out = {
            **self.label.fields(),
            "text": self.text,
            "category": guess_category(self.text),
        }
        if self.uncertain:
            out["uncertain"] = True
        return out


# Plain item prefixes before an inline label: 今年4月, 工会将于3月, 在上半年.
_INLINE_PREFIX = re.compile(r"^(?:.{0,6}?(?:于|在))?(?:今年|本年)?(?:的)?$")
_YEAR_BEFORE = re.compile(r"(?P<year>\d{4}|20xx|20__|__+)年$")


def inline_items(text: str, plan_year: int | None) -> list[ScheduleItem]:
    """Dated clauses in prose: "上半年组织一次学习心得交流会", "今年4月召开职代会"."""
    folded = fold(text)
    items = []
    for start, end in clause_spans(folded):
        clause, folded_clause = text[start:end], folded[start:end]
        for label_start, label_end, label in find_labels(folded_clause):
            prefix = folded_clause[:label_start].strip(' ([（【“"')
            year = _YEAR_BEFORE.search(prefix)
            if year:
                if year["year"].isdigit() and int(year["year"]) != plan_year:
                    break  # a date of another year is history, not the plan
                prefix = prefix[: year.start()]
            if not _INLINE_PREFIX.match(prefix):
                continue
            if re.match(r"\s*(?:以来|至今|份以来)", folded_clause[label_end:]):
                break  # "5月以来" looks back
            body = tidy(clause[label_end:].lstrip(" :：,，、的起"))
            if len(body) >= 3:
                items.append(ScheduleItem(label, body))
            break
    return items


# ---- flattened tables whose month labels trail the item lines


def _reading_after(pieces: list[Piece]) -> list[Label | None]:
    """A trailing label opens the next group (the label of a table's next row merged upward)."""
    assigned, current = [], None
    for piece in pieces:
        assigned.append(current)
        current = piece.label or current
    first = next(i for i, p in enumerate(pieces) if p.label)
    month = pieces[first].label.month
    if month and month > 1 and not pieces[first].label.months:
        for i in range(first + 1):
            assigned[i] = Label(month=month - 1)
    return assigned


def _reading_opens(pieces: list[Piece]) -> list[Label | None]:
    """A trailing label belongs to its own line and the unlabelled lines below it."""
    assigned, current = [], None
    for piece in pieces:
        current = piece.label or current
        assigned.append(current)
    return assigned


def _reading_closes(pieces: list[Piece]) -> list[Label | None]:
    """A trailing label closes a group: it covers its line and the unlabelled lines above it."""
    assigned, current = [], None
    for piece in reversed(pieces):
        current = piece.label or current
        assigned.append(current)
    return assigned[::-1]


def hint_agreement(pieces: list[Piece], assigned: list[Label | None]) -> int:
    score = 0
    for piece, label in zip(pieces, assigned, strict=True):
        hints = hint_months(piece.text)
        if hints and label:
            score += 1 if hints & label.covered() else -1
    return score


def _fill_gaps(pieces: list[Piece], assigned: list[Label | None]) -> list[bool]:
    """Where the labels skip a month (六月份 … 八月份, 七月份 lost), items of the earlier group
    whose content points into the gap (七一, 暑期) move there, and so do the items after them."""
    uncertain = [False] * len(pieces)
    groups = _month_groups(assigned)
    for (first, last, month), following in zip(groups, groups[1:] + [None], strict=True):
        if following is None or following[2] - month < 2:
            continue
        gap, moved = set(range(month + 1, following[2])), None
        for i in range(first, last + 1):
            hints = hint_months(pieces[i].text)
            inside = sorted(m for m in hints & gap if moved is None or m >= moved)
            if inside and month not in hints:
                moved = inside[0]
            if moved:
                assigned[i], uncertain[i] = Label(month=moved), True
    return uncertain


def _month_groups(assigned: list[Label | None]) -> list[tuple[int, int, int]]:
    """Runs of consecutive items with the same single-month label: (first, last, month)."""
    groups = []
    for i, label in enumerate(assigned):
        month = label.month if label and not label.months and not label.period else None
        if groups and groups[-1][2] == month and groups[-1][1] == i - 1:
            groups[-1] = (groups[-1][0], i, month)
        elif month:
            groups.append((i, i, month))
    return groups


def trailing_label_items(pieces: list[Piece], plan_year: int | None) -> list[ScheduleItem]:
    """Items of a list whose month labels stand at line ends (a table flattened into lines).

    Which items a trailing label covers depends on how the table was flattened; we try the three
    readings and keep the one the items' own content (三八, 国庆, 年终总结) agrees with best. On a
    tie the label opens the next group when only some lines carry one (the seed annotation), and
    belongs to its own line when every line carries one."""
    floating = [Piece(p.number, p.text) if p.own else p for p in pieces]
    readings = [_reading_after(floating), _reading_opens(floating), _reading_closes(floating)]
    for reading in readings:
        for i, piece in enumerate(pieces):
            reading[i] = piece.label if piece.own else reading[i]
    every_line = all(p.label for p in pieces)
    preference = [0, 1, 0] if every_line else [1, 0, 0]
    best = max(range(3), key=lambda r: (hint_agreement(pieces, readings[r]), preference[r]))
    assigned = readings[best]
    moved = _fill_gaps(pieces, assigned)
    items = []
    first_label = next(i for i, p in enumerate(floating) if p.label)
    for i, (piece, label, was_moved) in enumerate(zip(pieces, assigned, moved, strict=True)):
        if label is None:
            items.extend(inline_items(piece.text, plan_year))
        elif piece.text:
            hints = hint_months(piece.text)
            agrees = bool(hints & label.covered())
            guessed = best == 0 and i <= first_label  # before any label: the month before the first
            uncertain = was_moved or (bool(hints) and not agrees) or (guessed and not agrees)
            items.append(ScheduleItem(label, piece.text, uncertain))
    return items


# ---- tables kept as rows (tab, |, or wide spaces between cells)

_CELL_BREAK = re.compile(r"\t|\s*\|\s*|\s{2,}")


def table_cells(line: Line) -> list[str]:
    raw = fold(line.raw.lstrip(" "))
    if not _CELL_BREAK.search(raw.strip()):
        return []
    return [cell.strip() for cell in _CELL_BREAK.split(raw)]


@dataclass
class TableState:
    label: Label | None = None
    content_col: int | None = None
    label_col: int | None = None


_LABEL_HEADERS = ("月份", "时间", "日期", "月", "时间安排")


def _is_header(cells: list[str]) -> bool:
    return any("内容" in c or "项目" in c for c in cells) and any(c in _LABEL_HEADERS for c in cells)


def _cell(cells: list[str], col: int | None) -> str:
    return cells[col] if col is not None and col < len(cells) else ""


def table_row(cells: list[str], state: TableState) -> tuple[Label, str] | None:
    """A row with a month cell, or a row under a merged month cell (its month cell empty)."""
    if _is_header(cells):
        state.content_col = next(i for i, c in enumerate(cells) if "内容" in c or "项目" in c)
        state.label_col = next(i for i, c in enumerate(cells) if c in _LABEL_HEADERS)
        return None
    label_col = next((i for i, c in enumerate(cells) if c and parse_label(c)), None)
    if label_col is not None:
        state.label = parse_label(cells[label_col])
    elif state.label and not _cell(cells, state.label_col):
        label_col = state.label_col if state.label_col is not None else -1
    else:
        return None
    text = _content_cell(cells, label_col, state.content_col)
    return (state.label, text) if text else None


def _content_cell(cells: list[str], label_col: int, content_col: int | None) -> str:
    """The content column when the header names it, else the first text cell after the month
    (serial numbers skipped), else the first one before it."""
    if content_col is not None and content_col < len(cells) and content_col != label_col:
        return tidy(cells[content_col])
    text_cells = [
        (i, c) for i, c in enumerate(cells) if c and i != label_col and not re.fullmatch(r"[\d.、]+", c)
    ]
    after = [c for i, c in text_cells if i > label_col]
    before = [c for i, c in text_cells if i < label_col]
    return tidy((after or before or [""])[0])


# ---- the schedule walk


class ScheduleWalk:
    """One pass over the lines: month blocks, lists with trailing labels, table rows, prose."""

    def __init__(self, heading_lines: set[int], plan_year: int | None):
        self.heading_lines = heading_lines
        self.plan_year = plan_year
        self.items: list[ScheduleItem] = []
        self.block: Label | None = None
        self.block_items = 0
        self.run: list[Piece] = []
        self.table = TableState()

    def feed(self, line: Line) -> None:
        if line.index in self.heading_lines:
            self.flush_run()
            self.block, self.table = None, TableState()
            return
        if self.table_line(line) or self.label_line(line) or self.block_line(line):
            return
        if is_list_line(line):
            self.run_line(line)
            return
        self.flush_run()
        self.items.extend(inline_items(line.text, self.plan_year))

    def label_line(self, line: Line) -> bool:
        head = match_label_line(line)
        if not head:
            return False
        self.flush_run()
        label, rest = head
        self.block, self.block_items = label, 0
        for piece in split_items(rest) if rest else []:
            for text in _semicolon_parts(piece.text):
                self.items.append(ScheduleItem(piece.label or label, text))
        return True

    def table_line(self, line: Line) -> bool:
        cells = table_cells(line)
        row = table_row(cells, self.table) if len([c for c in cells if c]) >= 2 or self.table.label else None
        if row is None:
            if cells and self.table.content_col is not None and not self.table.label:
                return True  # the header row
            self.table.label = None
            return False
        self.flush_run()
        label, content = row
        for piece in split_items(content):  # a cell may hold several tasks: "1.慰问 2.座谈" or "慰问；座谈"
            self.items.extend(ScheduleItem(label, text) for text in _semicolon_parts(piece.text))
        return True

    def block_line(self, line: Line) -> bool:
        """Lines under a 三月份： heading are that month's items until a heading or a long paragraph."""
        if self.block is None:
            return False
        long_prose = not is_list_line(line) and (len(line.text) > 60 and self.block_items)
        dated = _label_after_prefix(line.folded) is not None  # "三季度开展金秋助学" carries its own
        lead_in = not is_list_line(line) and line.folded.rstrip().endswith(":")  # "重点工作安排："
        if long_prose or dated or lead_in or is_signature(line) or line.text.startswith(("总之", "以上")):
            self.block = None
            return False
        for piece in split_items(line.text):
            if piece.text:
                self.items.append(ScheduleItem(piece.label or self.block, piece.text))
                self.block_items += 1
        return True

    def run_line(self, line: Line) -> None:
        pieces = split_items(line.text)
        last = next((p.number for p in reversed(self.run) if p.number is not None), None)
        if last is not None and pieces[0].number is not None and pieces[0].number <= last:
            self.flush_run()  # numbering restarts: a new list
        self.run.extend(pieces)

    def flush_run(self) -> None:
        run, self.run = self.run, []
        if sum(1 for p in run if p.label and not p.own) >= 2:
            self.items.extend(trailing_label_items(run, self.plan_year))
            return
        for piece in run:
            if piece.label and piece.text:
                self.items.append(ScheduleItem(piece.label, piece.text))
            else:
                self.items.extend(inline_items(piece.text, self.plan_year))


def _semicolon_parts(text: str) -> list[str]:
    """ "1月：春节慰问；召开委员会议" lists two tasks; a numbered item stays whole (04's 。)."""
    return [part for part in (tidy(p) for p in re.split(r"[;；]", text)) if part]


_SIGNATURE = re.compile(
    r"^[^\s,，。;；:：]{2,24}(?:工会|委员会|分会|工会小组)$|^(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年"
)


def is_signature(line: Line) -> bool:
    """The sender and date under a plan ("青石镇总工会", "2024年1月5日") are no items."""
    return bool(_SIGNATURE.match(line.folded)) and len(line.text) <= 24


def parse_schedule(lines: list[Line], heading_lines: set[int], plan_year: int | None) -> list[dict]:
    walk = ScheduleWalk(heading_lines, plan_year)
    for line in lines:
        walk.feed(line)
    walk.flush_run()
    return [item.as_dict() for item in walk.items]


# --------------------------------------------------------------------------- targets

COUNT_UNITS = (
    "人次|场次|万元|元|家|个|篇|次|场|期|项|名|人|户|件|条|支|所|本|部|批|幅|首|座|处|套|份|课时|学时|小时|天"
)
# Verbs that commit to producing a number of things (创5家, 组织一次, 选送一至二篇).
COMMIT_VERBS = (
    "争创|创建|创|建成|新建|组建|建立|发展|吸收|培养|培训|举办|举行|组织|开展|召开|开好|选送|报送|推荐|评选|"
    "表彰|慰问|走访|帮扶|救助|资助|新增|增加|完成|撰写|发表|上报|推出|征集|收集|办好|打造|参加|签订|发放|筹集|募集|"
    "投入|拨付|达到|达"
)
# Verbs that only link a subject to its number (新建工会达10家): the metric is the subject.
LINK_VERBS = ("达到", "达", "为", "有", "超过", "不少于", "增至", "增加到")
COUNT_ADVERBS = "至少|不少于|不低于|不超过|最多|约|共|再|新|各|了"
# Nouns that make a counted phrase part of the plan's structure, not a goal (八个目标, 四个方面).
STRUCTURE_NOUN = re.compile(
    r"^(?:中心|工程|目标|方面|职能|原则|重点|任务|作用|环节|体系|机制|要求|意识|观念|理念|思路|文明|精神|事|新的|结合|"
    r"层次|阶段|水平|台阶|高度|突出|争取|善于|提升|服务|建设|措施|工作|确保|坚持|代表|自信)"
)
# With these measure words 一 is mostly the article "a" (一支队伍, 一批骨干, 建立一个).
ARTICLE_UNITS = ("个", "支", "批", "种", "套")
_COUNT = re.compile(
    rf"(?P<lo>{NUM})(?:\s*(?P<sep>[至到~\-—–])\s*(?P<hi>{NUM}))?\s*(?P<unit>{COUNT_UNITS})(?P<more>以上|以下|以内|左右)?"
)
_PERCENT = re.compile(
    r"(?P<lo>\d+(?:\.\d+)?)\s*%?\s*(?:[~\-—–至到]\s*(?P<hi>\d+(?:\.\d+)?)\s*)?%|百分之(?P<cn>[零一二两三四五六七八九十百]+)"
)
_UPPER_BOUND = re.compile(r"(?:不超过|不高于|(?<!不)低于|(?<!不)少于|控制在|最多)\s*$")
_ZERO = re.compile(r"(?:为|是|等于|保持为?|控制为)\s*(?:零|0)(?![\d.%])")
# 实现零上访, 确保安全生产零事故: the metric runs from after the verb to the end of the clause.
_ZERO_NOUN = re.compile(
    r"(?:实现|确保|做到|保持|力争|争取)(?P<metric>[^,，;；。]{0,8}?零(?!星|散|售|件|距离|花|食|碎|时)[^\s,，;；。]{1,10})"
)
_FREQUENCY = re.compile(r"每(?P<per>学年|学期|年度?|半年|季度?|月|周|星期)")
_FREQ_COUNT = re.compile(
    rf"(?P<adv>至少|不少于|不低于|最少)?\s*(?P<n>{NUM})\s*(?P<u>次|回|期|场|轮|件|项|篇)"
)
_FREQ_UNITS = {"学年": "学年", "学期": "学期", "半年": "半年", "年度": "年", "季度": "季", "星期": "周"}
_METRIC_LEAD = re.compile(
    r"^(?:确保|力争|争取|努力|要|使|实现|全年|今年|进一步|其中|并|和|及|与|、|的|均|都|为)+"
)
_METRIC_TRAIL = re.compile(
    r"(?:达到|达|为|是|保持在|保持|控制在|不低于|不少于|不超过|不高于|低于|高于|超过|以上|均|都|要|在|提高到|提升到|到|和|及|与|、|的)+$"
)


def metric_words(text: str) -> str:
    """What is measured: the phrase without linking verbs and adverbs."""
    previous = None
    text = text.strip()
    while previous != text:
        previous = text
        text = _METRIC_LEAD.sub("", text)
        text = _METRIC_TRAIL.sub("", text).strip()
    if len(text) > 2 and text[0] in "“‘\"'" and text[-1] in "”’\"'":
        text = text[1:-1]  # 评选“巾帼标兵”5名: the quotes mark a name, the metric is the name
    return text


def _target(text: str, metric: str, value, unit, comparator: str) -> dict:
    return {"text": text, "metric": metric, "value": value, "unit": unit, "comparator": comparator}


def percent_targets(clause: str, masked: str) -> list[dict]:
    found = []
    for match in _PERCENT.finditer(masked):
        before, after = clause[: match.start()], masked[match.end() : match.end() + 4]
        metric = metric_words(before) or metric_words(re.split(r"[,，;；。]", clause[match.end() :])[0])
        if not metric:
            continue
        if match["cn"]:
            low, high = cn_to_int(match["cn"]), None
        else:
            low, high = (
                to_number(match["lo"]),
                to_number(match["hi"]) if match["hi"] else None,
            )
        upper = _UPPER_BOUND.search(fold(before)) or after.startswith(("以下", "以内"))
        if high is not None:
            found += [
                _target(clause, metric, low, "%", ">="),
                _target(clause, metric, high, "%", "<="),
            ]
        elif low is not None:
            found.append(_target(clause, metric, low, "%", "<=" if upper else ">="))
    return found


def zero_targets(clause: str, masked: str) -> list[dict]:
    if match := _ZERO.search(masked):
        metric = metric_words(clause[: match.start()])
        return [_target(clause, metric, 0, None, "==")] if metric else []
    if match := _ZERO_NOUN.search(masked):
        metric = clause[match.start("metric") : match.end("metric")].strip()
        return [_target(clause, metric.removeprefix("零"), 0, None, "==")]
    return []


def frequency_targets(clause: str, masked: str) -> list[dict]:
    """每月研究工作和每季集中学习一次 → 1 次/月 and 1 次/季; 每年至少一次的教代会 → 1 次/年."""
    marks = list(_FREQUENCY.finditer(masked))
    segments = [
        (m, m.end(), marks[i + 1].start() if i + 1 < len(marks) else len(masked)) for i, m in enumerate(marks)
    ]
    counts = [_FREQ_COUNT.search(masked, start, end) for _, start, end in segments]
    shared = next((c for c in counts if c and to_number(c["n"])), None)
    found = []
    for (mark, start, end), count in zip(segments, counts, strict=True):
        count = count if count and to_number(count["n"]) else None
        if shared is None:
            break
        # 职代会每年至少召开一次: with nothing named after 每年, what is counted is the subject before it
        metric = _frequency_metric(clause, start, end, count) or metric_words(clause[: marks[0].start()])
        source = count or shared
        unit = (
            ("次" if source["u"] in "次回" else source["u"]) + "/" + _FREQ_UNITS.get(mark["per"], mark["per"])
        )
        if metric:
            found.append(_target(clause, metric, to_number(source["n"]), unit, ">="))
    return found


def _frequency_metric(clause: str, start: int, end: int, count: re.Match | None) -> str:
    if count is None:
        return metric_words(_strip_verbs(clause[start:end]))
    before = metric_words(_strip_verbs(clause[start : count.start()]))
    return before or metric_words(clause[count.end() : end])


def _strip_verbs(text: str) -> str:
    return re.sub(rf"^(?:{COMMIT_VERBS}|{COUNT_ADVERBS}|坚持|进行|搞好|做好)+", "", text.strip())


def count_targets(clause: str, masked: str) -> list[dict]:
    found = []
    for match in _COUNT.finditer(masked):
        low = to_number(match["lo"])
        metric = "" if _is_excluded_count(masked, match) else _count_metric(clause, masked, match)
        if not metric or not low:
            continue
        high = to_number(match["hi"]) if match["hi"] else None
        unit = match["unit"]
        if high is not None:
            found += [_target(clause, metric, low, unit, ">="), _target(clause, metric, high, unit, "<=")]
        else:
            upper = match["more"] in ("以下", "以内") or _UPPER_BOUND.search(masked[: match.start()])
            found.append(_target(clause, metric, low, unit, "<=" if upper else ">="))
    return found


def _is_excluded_count(masked: str, match: re.Match) -> bool:
    """Numbers that are names or structure: 第二次, 三届七次, 一本一表, 一支队伍, quoted “五必访”."""
    before, after = masked[: match.start()], masked[match.end() : match.end() + 1]
    if before.endswith(("第", "届", "每", "前", "近", "这", "那", "几", "□")) or after == "届":
        return True
    if after and after in CN_NUMERALS:
        return True
    article = match["lo"] == "一" and match["unit"] in ARTICLE_UNITS  # "创建职工之家1个" counts
    return article and not re.search(r"(?:至少|不少于)$", before)


_COMMITTED = re.compile(rf"(?:{COMMIT_VERBS})(?:{COUNT_ADVERBS})?$")
_LINKED = re.compile(rf"(?:{'|'.join(LINK_VERBS)})(?:{COUNT_ADVERBS})?$")
_METRIC_MAX = 20
# The counted thing ends where its destination or a next verb begins (论文至总工会, 作品参加书画展).
_COUNTED_THING_END = re.compile(r"至|到|向|给|以上|以下|以内|左右|参加|参与|参赛|用于|报送|上报|送交")


def _count_metric(clause: str, masked: str, match: re.Match) -> str:
    """The counted thing of a committed count: after the number (创5家示范工会), or, when the number
    ends the clause, between the verb and the number (发展新会员50人) or before 达 (新建工会达10家)."""
    before = masked[: match.start()]
    rest = _COUNTED_THING_END.split(clause[match.end() :])[0].lstrip("的")
    if _COMMITTED.search(before) and metric_words(rest):
        return "" if STRUCTURE_NOUN.match(rest) else metric_words(rest)
    if metric_words(rest):
        return ""
    if link := _LINKED.search(before):
        metric = metric_words(clause[: link.start()])
    else:
        verb = re.search(COMMIT_VERBS, before)  # the first: 发放慰问金 is not 慰问 + 金
        metric = metric_words(clause[verb.end() : match.start()]) if verb else ""
    return metric if len(metric) <= _METRIC_MAX and not STRUCTURE_NOUN.match(metric) else ""


_PAST = re.compile(r"已经|已(?!有)|累计|共计|去年|上一年|现有|目前")
_SHARE = re.compile(r"占")
_COMMITMENT = re.compile(r"达|不低于|不少于|以上|力争|确保|保持|争取|实现|提高|提升|控制|不超过")


def is_report_clause(masked: str) -> bool:
    """A figure the plan reports rather than commits to: "去年入会率已达到98%", "女会员占45%"."""
    return bool(_PAST.search(masked)) or (bool(_SHARE.search(masked)) and not _COMMITMENT.search(masked))


def clause_targets(clause: str) -> list[dict]:
    """The targets of one clause; one kind per clause, the strongest first, so that a qualifier
    (3人 in "3人上访以上集体上访率为零") is not read as a count of its own."""
    masked = mask_quotes(fold(clause))
    if is_report_clause(masked):
        return []
    for finder in (percent_targets, zero_targets, frequency_targets, count_targets):
        found = finder(clause, masked)
        if found:
            for target in found:
                target["text"] = tidy(target["text"])
            return found
    return []


def content_pieces(line: Line) -> list[str]:
    """The item texts of a line, without number prefixes, month labels and heading markers."""
    head = match_label_line(line)
    if head:
        return [p.text for p in split_items(head[1])] if head[1] else []
    marker = heading_marker(line)
    if marker and marker[0] <= 2:
        return [line.text[marker[1] :]]
    return [p.text for p in split_items(line.text)]


def parse_targets(lines: list[Line]) -> list[dict]:
    targets = []
    for line in lines:
        for piece in content_pieces(line):
            folded = fold(piece)
            for start, end in clause_spans(folded):
                targets += clause_targets(piece[start:end])
    return targets


# --------------------------------------------------------------------------- title, year, org type

_TITLE_AFTER_VERB = re.compile(
    r"(?:特|现|故)制[订定]了?(?:本|如下)?(?P<t>[^,，。;；!！\n《》]{0,30}?(?:年|工作)[^,，。;；!！\n《》]{0,20}?(?:计划|规划|要点|安排))"
)
_TITLE_IN_BOOK = re.compile(r"《(?P<t>[^《》\n]{2,40}?(?:工作计划|工作规划|工作要点|工作安排))》")
_TITLE_PHRASE = re.compile(
    r"(?P<t>(?:\d{4}|20xx|20__|__+|x)\s*年度?[^,，。;；!！\s《》:：]{0,20}?工作(?:计划|规划|要点))"
)
_YEAR_TOKEN = re.compile(
    r"(?P<y>\d{4}|[〇零一二三四五六七八九]{4}|20[xX×]{2}|20_+|[xX×]{1,2}|_+)\s*年(?!\d{1,2}月|\d)"
)
PLAUSIBLE_YEARS = range(1990, 2061)


def find_title(lines: list[Line]) -> str | None:
    """The plan's name for itself: after 特制订, inside 《…工作计划》, a dated …工作计划, or a short
    first line ending in 计划."""
    text = "\n".join(line.text for line in lines)
    folded = fold(text)
    for pattern in (_TITLE_AFTER_VERB, _TITLE_IN_BOOK):
        if match := pattern.search(folded):
            return text[match.start("t") : match.end("t")].strip()
    first = lines[0].text if lines else ""
    if len(first) <= 40 and "。" not in first and re.search(r"(?:计划|规划|要点)$", first):
        return first
    if match := _TITLE_PHRASE.search(folded):
        return text[match.start("t") : match.end("t")].strip()
    return None


def find_year(text: str, title: str | None) -> int | None:
    """The year the plan states for itself; placeholders (20xx, __年, x年) give None."""
    tokens = list(_YEAR_TOKEN.finditer(fold(title or ""))) or _text_year_tokens(fold(text))
    if not tokens:
        return None
    number = to_number(tokens[0]["y"]) if tokens[0]["y"][0] not in "xX×_" else None
    return plausible_year(number, text) if isinstance(number, int) and number > 999 else None


def _text_year_tokens(folded: str) -> list[re.Match]:
    """Year tokens, those that announce the plan first: a plan often opens with last year's review
    ("2023年，…取得成效。2024年工作计划如下") and ends looking ahead ("谋划2025年工作思路")."""
    tokens = list(_YEAR_TOKEN.finditer(folded))
    announcing = [
        t
        for t in tokens
        if re.match(r".{0,16}?(?:计划|要点|规划|安排)|是", folded[t.end() :])
        and not re.search(r"(?:谋划|明年|下一年|展望)\s*$", folded[: t.start()])
    ]
    return announcing or tokens


def plausible_year(year: int, text: str) -> int | None:
    """A typo such as 1017年 is read as the one-digit correction the rest of the text supports."""
    if year in PLAUSIBLE_YEARS:
        return year
    digits = str(year)
    candidates = {
        int(digits[:i] + d + digits[i + 1 :])
        for i in range(len(digits))
        for d in "0123456789"
        if int(digits[:i] + d + digits[i + 1 :]) in PLAUSIBLE_YEARS
    }
    mentioned = {int(y) for y in re.findall(r"(\d{4})年", text)}
    supported = {c for c in candidates if {c, c + 1, c - 1} & mentioned}
    chosen = supported or candidates
    return chosen.pop() if len(chosen) == 1 else None


# Who writes the plan. The title names the union best (most specific unit first: 镇中心小学 is a school).
ORG_TITLE_WORDS = (
    ("school", r"学校|小学|中学|幼儿园|学院|校"),
    ("hospital", r"医院|卫生院"),
    ("enterprise", r"公司|厂|集团"),
    ("community", r"社区"),
    ("work_area", r"工区"),
    ("joint", r"联合工会"),
    ("agency", r"机关|局"),
    ("village", r"村"),
    ("town", r"镇|乡|街道"),
)
# Otherwise the words the text uses for its own unit, counted.
ORG_TEXT_SIGNS = (
    ("village", r"村(?:工会|级|委|民|党|两委)|全村|本村"),
    ("school", r"学校|小学|中学|校园|幼儿园|教职工|教工|教师|教代会"),
    ("town", r"(?:镇|乡|街道)(?:党委|政府|工会|总工会|职工|机关)|全(?:镇|乡)(?!小学|中学)"),
    ("enterprise", r"公司|厂(?!务)|集团|车间|本企业|我企业"),
    ("community", r"社区"),
    ("hospital", r"医院|卫生院|医护|患者"),
    ("agency", r"机关工会|本局|局机关"),
    ("joint", r"联合工会"),
    ("work_area", r"工区"),
)


def guess_org_type(text: str, title: str | None) -> str:
    for org_type, pattern in ORG_TITLE_WORDS:
        if title and re.search(pattern, title):
            return org_type
    scores = {org_type: len(re.findall(pattern, text)) for org_type, pattern in ORG_TEXT_SIGNS}
    best = max(scores, key=scores.get)
    return best if scores[best] else "other"


# --------------------------------------------------------------------------- categories and metric keys

CATEGORY_WORDS = (
    (
        "care",
        r"慰问|送温暖|送清凉|帮扶|帮困|救助|助学|困难|特困|体检|健康检查|走访|关爱|互助|结对",
    ),
    (
        "festival",
        r"三八|妇女节|五一|劳动节|五四|青年节|六一|儿童节|七一|建党|八一|教师节|国庆|春节|元旦|新年|中秋|端午|重阳|元宵|节日",
    ),
    (
        "sports",
        r"运动会|体育|球|健身|拔河|跳绳|登山|健步|徒步|长跑|游泳|棋|太极|广播操",
    ),
    (
        "culture",
        r"书画|书法|绘画|摄影|文艺|演出|汇演|会演|歌咏|合唱|歌唱|朗诵|演讲|征文|读书|文化|艺术|游艺|联谊|电影|手工",
    ),
    (
        "democracy",
        r"职代会|教代会|代表大会|[校厂村政]务公开|民主|评议|座谈|恳谈|合理化建议|提案|票决",
    ),
    (
        "rights",
        r"维权|劳动争议|调解|仲裁|集体合同|协商|权益|法律|普法|劳动保护|安全生产",
    ),
    (
        "study",
        r"学习|培训|讲座|讲堂|调研|论文|课题|教育|宣传|技能|比武|竞赛|学练比|劳模",
    ),
    (
        "organisation",
        r"会员|入会|建会|组建|换届|选举|考核|档案|台[帐账]|总结|评选|评比|先进|申报|之家|建家|会议|计划|经费|会费",
    ),
)


def guess_category(text: str) -> str:
    for category, pattern in CATEGORY_WORDS:
        if re.search(pattern, text):
            return category
    return "other"


# Target wording → metric registry key; first match wins, so the specific rates come first.
METRIC_SYNONYMS = (
    (r"会费.*收缴|收缴.*会费", "dues.collection_rate"),
    (r"经费.*拨缴|拨缴.*经费", "dues.funds_allocation_rate"),
    (r"建档", "care.archive_rate"),
    (r"帮困率|帮扶率|救助率|解困率", "care.aid_rate"),
    (r"调解率|调节率|调处率|结案率", "rights.mediation_rate"),
    (r"上访", "rights.petition_rate"),
    (r"集体合同|签订率|履约率", "rights.contract_rate"),
    (r"入会率|入会", "members.membership_rate"),
    (r"发展会员|新会员|会员.*人|吸收.*会员", "members.new_members"),
    (r"建会率|组建率|建会|工会组建|新建.*工会", "orgs.unions_founded"),
    (r"[职教]代会|职工代表大会|教职工代表大会", "democracy.congress_held"),
    (r"[校厂村政院]务公开", "democracy.notices_published"),
    (r"合理化建议", "democracy.suggestions_answered"),
    (r"参与率|参加率|参与面|活动率", "activities.participation_rate"),
    (r"示范工会|职工之家|教工之家|先进工会|模范.*之家", "orgs.model_unions"),
    (r"体检|健康检查", "care.health_checks"),
    (r"慰问|走访|送温暖", "care.visits"),
    (r"培训|学习", "activities.trainings"),
    (r"活动|比赛|竞赛|会演|汇演|运动会", "activities.held"),
)


def suggest_metric_key(target_text: str) -> str | None:
    """The registry key a target most likely measures, or None (a manual target)."""
    for pattern, key in METRIC_SYNONYMS:
        if re.search(pattern, target_text):
            return key
    return None


# --------------------------------------------------------------------------- entry points


def parse_plan(text: str) -> dict:
    lines = split_lines(text)
    sections, heading_lines = parse_sections(lines)
    title = find_title(lines)
    year = find_year(text, title)
    return {
        "org_type": guess_org_type(text, title),
        "year": year,
        "title": title,
        "schedule": parse_schedule(lines, heading_lines, year),
        "targets": parse_targets(lines),
        "sections": sections,
    }


def read_plan_text(path: str | Path) -> str:
    """The text of a .txt (UTF-8, else GB18030) or .docx plan; docx tables become tab-separated rows."""
    path = Path(path)
    if path.suffix.lower() == ".docx":
        return _docx_text(path)
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _docx_text(path: Path) -> str:
    import docx  # python-docx, only needed for uploads
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines = []
    for block in document.element.body.iterchildren():
        if block.tag.endswith("}p"):
            lines.append(_docx_paragraph_line(Paragraph(block, document)))
        elif block.tag.endswith("}tbl"):
            for row in Table(block, document).rows:
                cells = [_docx_cell_text(cell.text) for cell in row.cells]
                # a merged cell repeats across the grid: keep it once per row
                lines.append("\t".join(c for i, c in enumerate(cells) if i == 0 or c != cells[i - 1]))
    return "\n".join(lines)


_HEADING_STYLE = re.compile(r"^(?:Heading|标题)\s*(?P<level>[12])$")


def _docx_paragraph_line(paragraph) -> str:
    """Word's automatic numbering is not in the text: give headings and list items their markers back."""
    text = paragraph.text.strip()
    if not text or heading_marker(Line(0, text, fold(text), False)) or _ITEM_MARK.match(fold(text)):
        return text
    style = paragraph.style.name if paragraph.style is not None else ""
    if heading := _HEADING_STYLE.match(style):
        return ("一、" if heading["level"] == "1" else "（一）") + text
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    return f"- {text}" if numbered or style.startswith("List") else text


def _docx_cell_text(text: str) -> str:
    """One line per cell: the cell's own lines become "；"-separated tasks."""
    return "；".join(part.strip() for part in text.splitlines() if part.strip())
