"""Where care plugs into other modules: the member page's tabs (plan evidence: care/reports.py)."""


def register():
    from gonghui.core import access
    from gonghui.members.tabs import MemberTab, needs, register_tab

    register_tab(MemberTab(key="visits", label="走访", url_name="care:member_visits", order=40))
    # Aid and hardship are for the chair and the care officers only: others do not see the tab at all.
    register_tab(
        MemberTab(key="aid", label="帮扶", url_name="care:member_aid", order=50, visible=needs(access.CARE))
    )
