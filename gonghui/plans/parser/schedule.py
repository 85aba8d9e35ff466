"""Stage 3: the dated items (schedule) of a plan, read from its lines and headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .keys import guess_category
from .labels import Label, find_labels, hint_months, parse_label
from .lines import (
    Line,
    Piece,
    is_list_line,
    label_after_prefix,
    match_label_line,
    split_items,
    trailing_label,
)
from .normalise import clause_spans, fold, tidy


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


_SENTENCE_BREAK = re.compile(r"[。;!?！？；]")


def sentence_spans(folded: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_BREAK.finditer(folded):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(folded)))
    return [(s, e) for s, e in spans if folded[s:e].strip()]


def inline_items(text: str, plan_year: int | None) -> list[ScheduleItem]:
    """Dated sentences in prose: "上半年组织一次学习心得交流会", "今年4月，召开职代会，…" (the item runs
    to the end of the sentence), and sentences that end with their own date: "…活动（5月）", "…——4月"."""
    folded = fold(text)
    items = []
    for start, end in sentence_spans(folded):
        sentence = text[start:end]
        body, label, own = trailing_label(sentence)
        # "2024年1月5日" under the signature is a full date, not an item dated 1月5日
        if label and own and len(tidy(body)) >= 3 and not re.search(r"年\s*$", body):
            items.append(ScheduleItem(label, tidy(body)))
        else:
            items.extend(_leading_date_items(sentence, plan_year))
    return items


def _leading_date_items(sentence: str, plan_year: int | None) -> list[ScheduleItem]:
    """Clauses that start with a date give an item each, running to the next such clause or the end
    of the sentence: "上半年组织…交流会，下半年组织一次征文比赛" is two items."""
    folded = fold(sentence)
    dated = [
        (start + hit[0], start + hit[1], hit[2])
        for start, end in clause_spans(folded)
        if (hit := _clause_date(folded[start:end], plan_year))
    ]
    items = []
    for (_, label_end, label), following in zip(dated, [*dated[1:], None], strict=False):
        if label is None:
            continue
        stop = following[0] if following else len(sentence)
        body = tidy(sentence[label_end:stop].lstrip(" :：,，、的起"))
        if len(body) >= 3:
            items.append(ScheduleItem(label, body))
    return items


def _clause_date(clause: str, plan_year: int | None) -> tuple[int, int, Label | None] | None:
    """The date a clause starts with (behind 今年, 于, 2024年): its span and label; label None for a
    date that looks back (5月以来, another year's date)."""
    for label_start, label_end, label in find_labels(clause):
        prefix = clause[:label_start].strip(' ([（【“"')
        year = _YEAR_BEFORE.search(prefix)
        if year:
            if year["year"].isdigit() and int(year["year"]) != plan_year:
                return label_start, label_end, None  # a date of another year is history, not the plan
            prefix = prefix[: year.start()]
        if not _INLINE_PREFIX.match(prefix):
            continue
        if re.match(r"\s*(?:以来|至今|份以来)", clause[label_end:]):
            return label_start, label_end, None  # "5月以来" looks back
        return label_start - len(prefix), label_end, label
    return None


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
    readings = [
        _reading_after(floating),
        _reading_opens(floating),
        _reading_closes(floating),
    ]
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

    def __init__(self, heading_lines: dict[int, str], plan_year: int | None, report_month: int | None = None):
        self.heading_lines = heading_lines
        self.plan_year = plan_year
        self.report_month = report_month
        self.seen_heading = False
        self.items: list[ScheduleItem] = []
        self.block: Label | None = None
        self.block_items = 0
        self.run: list[Piece] = []
        self.table = TableState()

    def feed(self, line: Line) -> None:
        if line.index in self.heading_lines:
            self.flush_run()
            self.block, self.table = report_block(line, self.report_month), TableState()
            self.block_items, self.seen_heading = 0, True
            # a run-in or glued heading: its body can hold dated sentences
            self.items.extend(inline_items(self.heading_lines[line.index], self.plan_year))
            return
        if self.table_line(line) or self.label_line(line) or self.block_line(line):
            return
        if is_list_line(line):
            self.run_line(line)
            return
        self.flush_run()
        if self.report_month and not self.seen_heading:
            return  # a monthly report opens by summing its month up ("4月份，局机关工会…")
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
        # a cell may hold several tasks: "1.慰问 2.座谈", "慰问；座谈" or "元旦游园 迎春长跑"
        for piece in split_items(content):
            for part in _semicolon_parts(piece.text):
                self.items.extend(ScheduleItem(label, text) for text in _CJK_SPACE.split(part))
        return True

    def block_line(self, line: Line) -> bool:
        """Lines under a 三月份： heading are that month's items until a heading or a long paragraph."""
        if self.block is None:
            return False
        long_prose = not is_list_line(line) and (len(line.text) > 60 and self.block_items)
        dated = label_after_prefix(line.folded) is not None  # "三季度开展金秋助学" carries its own
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


# A space between two Chinese words in a table cell separates two tasks (a space in "Word 文档" does not).
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def _semicolon_parts(text: str) -> list[str]:
    """ "1月：春节慰问；召开委员会议" lists two tasks; a numbered item stays whole (04's 。)."""
    return [part for part in (tidy(p) for p in re.split(r"[;；]", text)) if part]


_SIGNATURE = re.compile(
    r"^[^\s,，。;；:：]{2,24}(?:工会|委员会|分会|工会小组)$|^(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年"
)


def is_signature(line: Line) -> bool:
    """The sender and date under a plan ("青石镇总工会", "2024年1月5日") are no items."""
    return bool(_SIGNATURE.match(line.folded)) and len(line.text) <= 24


# A monthly report: "4月份已完成工作" lists the month's work, "下月工作计划" the next month's.
_DONE_HEADING = re.compile(r"(?:已完成|完成情况|工作完成|工作总结)")
_NEXT_MONTH_HEADING = re.compile(r"下(?:个)?月")


def _done_month(line: Line) -> int | None:
    if not _DONE_HEADING.search(line.folded):
        return None
    months = [label.month for _, _, label in find_labels(line.folded) if label.month and not label.months]
    return months[0] if len(months) == 1 else None


def report_block(line: Line, report_month: int | None) -> Label | None:
    """The month a heading of a monthly report gives the items under it, else None."""
    if month := _done_month(line):
        return Label(month=month)
    if report_month and _NEXT_MONTH_HEADING.search(line.folded):
        return Label(month=report_month % 12 + 1)
    return None


def parse_schedule(lines: list[Line], heading_lines: dict[int, str], plan_year: int | None) -> list[dict]:
    done = [month for line in lines if line.index in heading_lines and (month := _done_month(line))]
    walk = ScheduleWalk(heading_lines, plan_year, done[0] if len(set(done)) == 1 else None)
    for line in lines:
        walk.feed(line)
    walk.flush_run()
    return [item.as_dict() for item in walk.items]
