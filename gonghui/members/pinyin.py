"""Pinyin search keys for names: 张三 -> ("zhangsan", "zs")."""

from pypinyin import Style, lazy_pinyin


def name_keys(name: str) -> tuple[str, str]:
    syllables = lazy_pinyin(name, style=Style.NORMAL, errors="ignore")
    return "".join(syllables).lower(), "".join(s[0] for s in syllables if s).lower()
