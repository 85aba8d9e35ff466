"""Where care plugs into other modules: the member page's tabs and plan evidence."""

from gonghui.care.models import Visit


def register():
    from gonghui.core import access
    from gonghui.members.tabs import MemberTab, needs, register_tab
    from gonghui.plans.hooks import evidence_source

    register_tab(MemberTab(key="visits", label="走访", url_name="care:member_visits", order=40))
    # Aid and hardship are for the chair and the care officers only: others do not see the tab at all.
    register_tab(
        MemberTab(key="aid", label="帮扶", url_name="care:member_aid", order=50, visible=needs(access.CARE))
    )
    evidence_source(visits_as_evidence)


def visits_as_evidence(org, item):
    """Visits of the plan's year (the item's months when it has them) can prove a schedule item done."""
    visits = Visit.objects.in_subtree(org).filter(visited_on__year=item.plan.year).select_related("member")
    if item.month:
        visits = visits.filter(
            visited_on__month__gte=item.month, visited_on__month__lte=item.end_month or item.month
        )
    return list(visits.order_by("-visited_on")[:100])
