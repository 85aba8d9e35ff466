"""From a target's wording to a metric key.

Plans say the same thing many ways (会费收缴100%, 会费收缴率达100%); this table maps the wording to
the registry key that measures it. A target already holding the key of a module not built yet keeps
it and is filled in by hand until that module registers the key, so nothing has to be relinked
later; a new import proposes registered keys only (`registered_key`).
"""

import re

from gonghui.metrics import registry

# (pattern, key): the first match wins, so the specific wordings come first.
SYNONYMS = [
    (r"会费.{0,4}收缴|收缴.{0,4}会费", "dues.collection_rate"),
    (r"建档", "care.archive_rate"),
    (r"帮困率|帮扶率|救助率", "care.aid_rate"),
    (r"调解率|调节率|调处率", "rights.mediation_rate"),
    (r"[职教]代会.{0,6}召开|召开.{0,6}[职教]代会|[职教]代会", "democracy.congress_held"),
    (r"[校厂村院政]务公开.{0,4}(率|\d+(\.\d+)?\s*[%％])", "democracy.open_affairs_rate"),
    (r"[校厂村院政]务公开", "democracy.notices_published"),
    (r"合理化建议.{0,6}采纳|建议采纳率", "democracy.suggestion_adoption_rate"),
    (r"合理化建议", "democracy.suggestions"),
    (r"参与率|参加率|参与面", "activities.participation_rate"),
    (r"入会率", "members.membership_rate"),
    (r"计划.{0,4}完成率|工作完成率", "plans.schedule_done_rate"),
]

# Labels for keys whose module may not have registered them yet.
KNOWN_LABELS = {
    "dues.collection_rate": "会费收缴率",
    "care.archive_rate": "困难职工建档率",
    "care.aid_rate": "帮困率",
    "rights.mediation_rate": "劳动争议调解率",
    "democracy.congress_held": "职代会/教代会召开",
    "democracy.notices_published": "厂务/校务公开",
    "democracy.open_affairs_rate": "厂务/校务公开率",
    "democracy.suggestions": "合理化建议数",
    "democracy.suggestion_adoption_rate": "合理化建议采纳率",
    "activities.participation_rate": "活动参与率",
    "members.membership_rate": "入会率",
}

_COMPILED = [(re.compile(pattern), key) for pattern, key in SYNONYMS]


def match_metric_key(text: str) -> str:
    """The metric key a target's wording names, or "" (a manual target)."""
    for pattern, key in _COMPILED:
        if pattern.search(text):
            return key
    return _parser_suggestion(text)


def _parser_suggestion(text):
    try:
        from gonghui.plans.parser import suggest_metric_key
    except ImportError:  # the parser module is optional here: the table above still works
        return ""
    return suggest_metric_key(text) or ""


def registered_key(key: str) -> str:
    """The key if a module has registered it, else "" (the target is entered by hand)."""
    return key if registry.get(key) else ""


def label_for(key: str, fallback: str = "") -> str:
    """A Chinese name for a key, never the key itself: screens show this to people."""
    found = registry.get(key)
    if found:
        return found.label
    return KNOWN_LABELS.get(key) or fallback or "尚未统计的指标"


def is_measurable(key: str) -> bool:
    return registry.get(key) is not None


def choices():
    """Every key a target may link to: the registered ones (anything else could never be computed)."""
    return [(m.key, m.label) for m in registry.all_metrics()]
