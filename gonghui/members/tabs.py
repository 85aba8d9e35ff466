"""Tabs on the member detail page that other apps add (dues, visits, aid, activities).

An app registers its tab in its AppConfig.ready():

    from gonghui.members.tabs import MemberTab, register_tab
    register_tab(MemberTab(key="dues", label="会费", url_name="dues:member_tab", order=20))

The page loads each tab's content with htmx from
`reverse(url_name, kwargs={"member_id": member.pk})`; that view must fetch the member with
`get_object_for(request.user, Member, id=member_id)` like any other view.

A tab that not every viewer of the member may open says so with `visible(request, member)`;
the page leaves it out for those viewers (its view still checks access itself):

    register_tab(MemberTab(..., visible=needs(access.CARE)))
"""

from collections.abc import Callable
from dataclasses import dataclass

from gonghui.core import access


@dataclass(frozen=True)
class MemberTab:
    key: str
    label: str
    url_name: str
    order: int = 100
    # Whether this viewer gets the tab at all; None: everyone who may see the member page.
    visible: Callable | None = None

    def shown_to(self, request, member) -> bool:
        return self.visible is None or bool(self.visible(request, member))


def needs(action: str) -> Callable:
    """A `visible` test: the viewer holds `action` (core/access.py) on the member's org."""

    def visible(request, member) -> bool:
        return access.can(request.user, action, member.org)

    visible.__qualname__ = f"needs({action!r})"
    return visible


_TABS: dict[str, MemberTab] = {}


def register_tab(tab: MemberTab) -> None:
    _TABS[tab.key] = tab


def member_tabs(request=None, member=None) -> list[MemberTab]:
    """The registered tabs in order; given the request and member, only those shown to this viewer."""
    tabs = sorted(_TABS.values(), key=lambda t: (t.order, t.key))
    if request is None:
        return tabs
    return [tab for tab in tabs if tab.shown_to(request, member)]
