from datetime import date
from uuid import UUID

from ninja import Query, Router, Schema

from gonghui.core import access
from gonghui.core.masking import mask_id, mask_phone
from gonghui.core.pagination import keyset_page
from gonghui.members import lookup
from gonghui.members.models import ROSTER_ORDER, Member

router = Router(tags=["会员"])


class MemberOut(Schema):
    id: UUID
    name: str
    gender: str
    id_number: str  # masked unless the caller may see it in full (then logged)
    phone: str
    birth_date: date | None
    employment_type: str
    join_date: date | None
    member_number: str
    status: str
    org_code: str
    org_name: str


class MemberPage(Schema):
    items: list[MemberOut]
    next: str | None


class RosterQuery(Schema):
    org: str | None = None
    q: str | None = None
    status: str | None = None
    gender: str | None = None
    employment_type: str | None = None
    after: str | None = None
    limit: int = 50


def _out(member: Member) -> MemberOut:
    return MemberOut(
        id=member.pk,
        name=member.name,
        gender=member.gender,
        id_number=mask_id(member.id_number),
        phone=mask_phone(member.phone),
        birth_date=member.birth_date,
        employment_type=member.employment_type,
        join_date=member.join_date,
        member_number=member.member_number,
        status=member.status,
        org_code=member.org.code,
        org_name=member.org.name,
    )


def _members(request, filters: RosterQuery):
    if filters.org:
        org = access.get_org_for(request.user, filters.org)
        members = Member.objects.in_subtree(org)
    else:
        members = Member.objects.filter(org__in=access.visible_orgs(request.user))
    members = access.scope(request.user, members)
    for field in ("status", "gender", "employment_type"):
        value = getattr(filters, field)
        if value:
            members = members.filter(**{field: value})
    if filters.q:
        members = lookup.search(request.user, members, filters.q)
    return members.for_roster()


@router.get("/", response=MemberPage, summary="会员名册（键集分页：用上一页返回的 next 作为 after）")
def member_list(request, filters: Query[RosterQuery]):
    rows, next_cursor = keyset_page(
        _members(request, filters),
        order=ROSTER_ORDER,
        cursor=filters.after,
        per_page=max(1, min(filters.limit, 200)),
    )
    lookup.log_reveals(request, rows, filters.q or "")
    return MemberPage(items=[_out(m) for m in rows], next=next_cursor)


@router.get("/search", response=list[MemberOut], summary="按姓名、拼音首字母、全拼、身份证后几位或手机号查找")
def member_search(request, q: str, org: str | None = None):
    found = (
        list(_members(request, RosterQuery(org=org, q=q)).order_by(*ROSTER_ORDER)[:20]) if q.strip() else []
    )
    lookup.log_reveals(request, found, q)
    return [_out(m) for m in found]


@router.get("/{member_id}", response=MemberOut, summary="会员详情（身份证号、手机号脱敏）")
def member_detail(request, member_id: UUID):
    member = access.get_object_for(request.user, Member.objects.select_related("org"), id=member_id)
    return _out(member)
