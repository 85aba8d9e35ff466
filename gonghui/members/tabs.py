"""Tabs on the member detail page that other apps add (dues, visits, aid, activities).

An app registers its tab in its AppConfig.ready():

    from gonghui.members.tabs import MemberTab, register_tab
    register_tab(MemberTab(key="dues", label="会费", url_name="dues:member_tab", order=20))

The page loads each tab's content with htmx from
`reverse(url_name, kwargs={"member_id": member.pk})`; that view must fetch the member with
`get_object_for(request.user, Member, id=member_id)` like any other view.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class MemberTab:
    key: str
    label: str
    url_name: str
    order: int = 100
    action: str = "view"  # the access action the viewer needs on the member's org


_TABS: dict[str, MemberTab] = {}


def register_tab(tab: MemberTab) -> None:
    _TABS[tab.key] = tab


def member_tabs() -> list[MemberTab]:
    return sorted(_TABS.values(), key=lambda t: (t.order, t.key))
