"""Stage 5: what the plan says about itself: title, year, the kind of union that wrote it."""

from __future__ import annotations

import re

from .lines import Line
from .normalise import fold, to_number

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
    (
        "town",
        r"(?:镇|乡|街道)(?:党委|政府|工会|总工会|职工|机关)|全(?:镇|乡)(?!小学|中学)",
    ),
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


def read_about(lines: list[Line], text: str) -> dict:
    """org_type, year and title of a plan."""
    title = find_title(lines)
    return {"org_type": guess_org_type(text, title), "year": find_year(text, title), "title": title}
