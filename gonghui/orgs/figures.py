"""Key figures shown on the org pages, computed in a few grouped queries."""

from django.db.models import Count

from gonghui.members.models import Member
from gonghui.orgs.models import Org, OrgKind


def member_counts(nodes) -> dict[int, int]:
    """Active members in each node's subtree, from one grouped query over the nodes' subtrees."""
    if not nodes:
        return {}
    per_org = dict(
        Member.objects.active()
        .filter(org__path__startswith=_common_prefix([n.path for n in nodes]))
        .values_list("org__path")
        .annotate(n=Count("pk"))
    )
    return {n.pk: sum(c for path, c in per_org.items() if path.startswith(n.path)) for n in nodes}


def _common_prefix(paths):
    first, last = min(paths), max(paths)
    i = 0
    while i < len(first) and i < len(last) and first[i] == last[i]:
        i += 1
    return first[:i]


def key_figures(org: Org) -> dict:
    subtree = org.subtree()
    members = Member.objects.active().in_subtree(org).count()
    employees = sum(o.employee_count or 0 for o in subtree.filter(kind=OrgKind.UNION).only("employee_count"))
    if org.kind == OrgKind.GROUP:
        employees = 0
    return {
        "members": members,
        "unions": subtree.filter(kind=OrgKind.UNION).count(),
        "groups": subtree.filter(kind=OrgKind.GROUP).count(),
        "employees": employees,
        "membership_rate": round(members * 100 / employees, 1) if employees else None,
    }
