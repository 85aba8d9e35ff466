"""Searching members by ID number or phone without getting round the masking.

A search that matches digits of the ID number or phone beyond what the masked value shows is a
way to read the hidden digits one request at a time (a group leader recovered a full phone in
49 requests). So those deeper matches are only for viewers who may see the numbers in full
(SENSITIVE), each one is logged as a reveal, and they stop after the hourly limit
(core.masking.search_reveals_left); everyone else searches the visible digits only.
"""

from gonghui.core import access, masking
from gonghui.members.models import ROSTER_ORDER, hidden_fields_searched, matched_hidden

LIMIT_MESSAGE = (
    "按身份证号、手机号的隐藏部分查找已达每小时上限，现在只按显示的部分查找（身份证后 4 位、手机前 3 位）。"
    "请稍后再试，或按姓名查找。"
)


def search(user, members, text: str):
    """`members.search(text)` as deep as this viewer may search: the hidden digits only within
    the orgs where they may see numbers in full, and while their reveals last."""
    shown = members.search(text)
    if not deep_search_allowed(user, text):
        return shown
    sensitive_orgs = access.visible_orgs(user, access.SENSITIVE)
    return shown | members.filter(org__in=sensitive_orgs).search(text, full=True)


def lookup(user, members, text: str):
    """`members.lookup(text)` (search or member number), as deep as `search` allows."""
    found = search(user, members, text) | members.filter(member_number=(text or "").strip())
    return found.order_by(*ROSTER_ORDER)


def _may_search_deeper(user, text: str) -> bool:
    return bool(hidden_fields_searched(text)) and access.holds(user, access.SENSITIVE)


def deep_search_allowed(user, text: str) -> bool:
    return _may_search_deeper(user, text) and masking.search_reveals_left(user)


def limited(user, text: str) -> bool:
    """Whether the viewer could search deeper but has used up the hour's reveals (to say so)."""
    return _may_search_deeper(user, text) and not masking.search_reveals_left(user)


def log_reveals(request_or_user, members, text: str) -> None:
    """Log every shown member the search matched on hidden digits: each is a reveal."""
    user = getattr(request_or_user, "user", request_or_user)
    if not deep_search_allowed(user, text):
        return
    for member in members:
        if access.can(user, access.SENSITIVE, member.org):
            for field in matched_hidden(member, text):
                masking.log_access(request_or_user, member, field, action="search")
