"""⚙ parameters of open affairs and the members' voice (RULES.md rules 15–17, §3), with their defaults.

Each can be set per installation in settings (GONGHUI_VOICE_<NAME>); the defaults are the
provinces' most common figures.
"""

from django.conf import settings


def _get(name, default):
    return getattr(settings, f"GONGHUI_VOICE_{name}", default)


def min_posting_days() -> int:
    """A 公开 item stays posted at least this many days, counted inclusively (山东 12, 重庆 9)."""
    return _get("MIN_POSTING_DAYS", 15)


def opinion_reply_days() -> int:
    """A staff opinion on a posting is answered within this many days (重庆, 浙江: 30)."""
    return _get("OPINION_REPLY_DAYS", 30)


def suggestion_reply_days() -> int:
    """A rationalisation suggestion gets its written conclusion within this many days (practice: 1–2 months)."""
    return _get("SUGGESTION_REPLY_DAYS", 60)


def letter_reply_workdays() -> int:
    """A mailbox letter is answered within this many working days (statutory holidays skipped)."""
    return _get("LETTER_REPLY_WORKDAYS", 15)
