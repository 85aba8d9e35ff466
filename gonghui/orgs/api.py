from datetime import date

from ninja import Router, Schema

from gonghui.core import access
from gonghui.orgs.models import Org

router = Router(tags=["组织"])


class OrgOut(Schema):
    code: str
    name: str
    kind: str
    unit_type: str
    parent_code: str | None
    depth: int
    address: str
    established_on: date | None
    employee_count: int | None


def _out(org: Org, parent_codes: dict[str, str]) -> OrgOut:
    return OrgOut(
        code=org.code,
        name=org.name,
        kind=org.kind,
        unit_type=org.unit_type,
        parent_code=parent_codes.get(org.path[: -Org.steplen]),
        depth=org.depth,
        address=org.address,
        established_on=org.established_on,
        employee_count=org.employee_count,
    )


@router.get("/", response=list[OrgOut], summary="可见的组织树（按路径排序，含上级代码）")
def org_tree(request):
    orgs = list(access.visible_orgs(request.user).order_by("path"))
    codes = {o.path: o.code for o in Org.objects.filter(path__in={o.path[: -Org.steplen] for o in orgs})}
    return [_out(o, codes) for o in orgs]


@router.get("/{org_code}", response=OrgOut, summary="组织详情")
def org_detail(request, org_code: str):
    org = access.get_org_for(request.user, org_code)
    parent = org.get_parent()
    return _out(org, {parent.path: parent.code} if parent else {})


@router.get("/{org_code}/children", response=list[OrgOut], summary="下级组织")
def org_children(request, org_code: str):
    org = access.get_org_for(request.user, org_code)
    return [_out(c, {org.path: org.code}) for c in org.get_children()]
