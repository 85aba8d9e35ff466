"""Pinyin search keys for names: 张三 → ("zs", "zhangsan").

Pure module. Names are looked up one character at a time with a cache (a roster
of a million people uses a few thousand distinct characters), and surnames that
read differently as a surname (曾 zeng, 单 shan, 解 xie …) are fixed.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# Surname readings that differ from the character's most common reading.
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "仇": "qiu",
    "解": "xie",
    "区": "ou",
    "朴": "piao",
    "查": "zha",
    "乐": "yue",
    "盖": "ge",
    "缪": "miao",
    "翟": "zhai",
    "覃": "qin",
    "种": "chong",
    "员": "yun",
    "召": "shao",
    "繁": "po",
    "尉": "yu",
    "长": "chang",
    "华": "hua",
    "任": "ren",
    "沈": "shen",
    "秘": "bi",
    "宓": "fu",
    "冼": "xian",
    "万": "wan",
    "柏": "bai",
    "薄": "bo",
    "黑": "he",
    "纪": "ji",
    "过": "guo",
    "宁": "ning",
}
COMPOUND_SURNAMES = {
    "欧阳": "ouyang",
    "司马": "sima",
    "上官": "shangguan",
    "诸葛": "zhuge",
    "东方": "dongfang",
    "皇甫": "huangfu",
    "尉迟": "yuchi",
    "万俟": "moqi",
    "长孙": "zhangsun",
    "令狐": "linghu",
    "慕容": "murong",
    "司徒": "situ",
    "夏侯": "xiahou",
    "公孙": "gongsun",
    "单于": "chanyu",
}


@lru_cache(maxsize=16384)
def _char(ch: str) -> str:
    if ch.isascii():
        return ch.lower() if ch.isalnum() else ""
    reading = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
    return reading[0] if reading else ""


def syllables(name: str) -> list[str]:
    """One pinyin syllable per character (non-Chinese characters dropped)."""
    head: list[str] = []
    reading = COMPOUND_SURNAMES.get(name[:2])
    if reading:
        head, name = _split_compound(name[:2], reading), name[2:]
    elif name and name[0] in SURNAME_READINGS:
        head, name = [SURNAME_READINGS[name[0]]], name[1:]
    return head + [s for s in (_char(c) for c in name) if s]


def _split_compound(surname: str, reading: str) -> list[str]:
    first = _char(surname[0])
    if reading.startswith(first):
        return [first, reading[len(first) :]]
    # 万俟 moqi, 单于 chanyu: the first reading differs from the usual one
    second = _char(surname[1])
    return [reading[: len(reading) - len(second)], second]


@lru_cache(maxsize=65536)  # a roster repeats names (王芳, 张伟 …) thousands of times
def search_keys(name: str) -> tuple[str, str]:
    """(initials, full pinyin) in lower case, e.g. ("zs", "zhangsan")."""
    parts = syllables(name)
    return "".join(p[0] for p in parts), "".join(parts)


def name_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials): the order the foundation's callers expect."""
    initials, full = search_keys(name)
    return full, initials
