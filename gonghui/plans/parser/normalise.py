"""Stage 1: the text as the later stages read it, and the text helpers they share.

Every helper keeps one character for one character (`fold`), so an index into the folded text is an
index into the original: the stages match on the folded text and cut the original.
"""

from __future__ import annotations

import re
import unicodedata

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


TRAILING_PUNCT = " \t。．.;；,，、:：!！?？"


def tidy(text: str) -> str:
    """Strip spaces and the trailing 。；，: of an item; unbalanced outer brackets too."""
    text = text.strip().strip(TRAILING_PUNCT)
    if text[:1] in "(（" and not re.search(r"[)）]", text):
        text = text[1:]
    if text[-1:] in ")）" and not re.search(r"[(（]", text):
        text = text[:-1]
    return text.strip().strip(TRAILING_PUNCT)


_MARKDOWN_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.M)
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?|\d{1,3})\s*$"
)
# A heading that starts after a sentence on the same line: "…作出新的贡献。五、工作要求".
_MID_LINE_HEADING = re.compile(
    r"(?<=[。！？!?])[ \t]*(?=(?:[一二三四五六七八九十]{1,3}[、，,]|【[一二三四五六七八九十]{1,3}】|"
    r"第[一二三四五六七八九十]{1,3}部分)[^\d\n])"
)
_SENTENCE_END = tuple("。！？；：!?;:")
_LINE_START_MARK = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}[、，,.]|[（(【\[]|第[一二三四五六七八九十]{1,3}|\d{1,2}\s*[、.．)）]|"
    r"[-*•·●○■□◆◇▪►]|#|[|]|\S{0,4}月份?[:：\s])"
)


def normalise(text: str) -> str:
    """The text as the stages read it: one kind of line end, no byte-order mark, no Markdown
    heading marks or page numbers, a heading that starts mid-line on its own line, and the
    lines a PDF wrapped at its page width joined again."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _MARKDOWN_HEADING.sub("", text)
    text = _MID_LINE_HEADING.sub("\n", text)
    return "\n".join(_unwrapped([line for line in text.split("\n") if not _PAGE_NUMBER.match(line)]))


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_width(lines: list[str]) -> int | None:
    """The width a PDF wrapped its lines at: the widest width that three or more long lines reach
    (within three cells, as half-width characters make a line a little narrower). None if none."""
    widths = sorted((display_width(line.rstrip()) for line in lines), reverse=True)
    for width in widths:
        if width < 40:
            return None
        if sum(1 for w in widths if width - 3 <= w <= width) >= 3:
            return width
    return None


_STUB = re.compile(r"^\s*(?![^\n]*(?:月份?|季度|半年)\s*$)[\u4e00-\u9fff]{1,3}[。；;]?\s*$")


def _unwrapped(lines: list[str]) -> list[str]:
    """Join a line that fills the wrap width without ending a sentence to the line after it, unless
    that line starts with a marker (一、, （一）, 1., a bullet, a month label)."""
    width = wrap_width(lines)
    if width is None:
        return lines
    out: list[str] = []
    joining = False
    for line in lines:
        # a stub of a word or two ("人员") under a line cut mid-word is the end of that line
        before = out[-1].rstrip() if out else ""
        stub = (
            _STUB.match(line)
            and re.search(r"[\u4e00-\u9fff]$", before)
            and display_width(before) >= width / 2
        )
        if (joining or stub) and line.strip() and not _LINE_START_MARK.match(line):
            out[-1] = out[-1].rstrip() + line.strip()
        else:
            out.append(line)
        last = out[-1].rstrip()
        # a line cut mid-word ends in a character, not punctuation: it may stop a little short
        least = width * 0.85 if re.search(r"[\u4e00-\u9fff]$", last) else width - 3
        joining = display_width(line.rstrip()) >= least and not last.endswith(_SENTENCE_END)
    return out
