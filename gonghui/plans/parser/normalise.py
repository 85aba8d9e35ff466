"""Stage 1: the text as the later stages read it, and the text helpers they share.

Every helper keeps one character for one character (`fold`), so an index into the folded text is an
index into the original: the stages match on the folded text and cut the original.
"""

from __future__ import annotations

import re

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


def normalise(text: str) -> str:
    """One kind of line end, no byte-order mark."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
