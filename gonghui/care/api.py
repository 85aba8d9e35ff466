"""Care API: the same privacy rules as the pages (core/access.py decides, hidden fields come back null)."""

from datetime import date
from decimal import Decimal
from uuid import UUID

import pydantic
from django.core.exceptions import ValidationError
from ninja import Router, Schema

from gonghui.care import services
from gonghui.care.metrics import visits_by_occasion
from gonghui.care.models import Aid, AidKind, HardshipCase, Occasion, Visit
from gonghui.core import access
from gonghui.core.api_docs import json_body
from gonghui.core.api_params import Limit, Offset, Year
from gonghui.core.masking import log_access, mask_id
from gonghui.members.models import Member
from gonghui.metrics import registry

router = Router(tags=["关爱帮扶"])


class VisitOut(Schema):
    id: UUID
    org_code: str
    member_name: str
    visited_on: date
    visitors: str
    # Only for those who may know why (chair, officers with the care duty, federation admin).
    occasion: str | None = None
    money: Decimal | None = None
    goods: str | None = None
    notes: str | None = None


class VisitIn(Schema):
    member_id: UUID
    occasion: Occasion
    visited_on: date
    money: Decimal = Decimal(0)
    goods: str = ""
    notes: str = ""
    other_visitors: str = ""
    override_reason: str = ""


class CaseOut(Schema):
    id: UUID
    org_code: str
    member_name: str
    id_number: str
    level: str
    status: str
    income_per_head: Decimal
    causes: list[str]
    opened_on: date
    filed_on: date | None
    next_review_on: date | None


class CaseDetailOut(CaseOut):
    household_size: int
    household_members: str
    cause_detail: str
    events: list[dict]
    aid_total: Decimal


class AidOut(Schema):
    id: UUID
    case_id: UUID | None
    member_name: str
    kind: str
    amount: Decimal
    paid_on: date
    fund_source: str
    approved_by: str
    emergency: bool


class AidIn(Schema):
    case_id: UUID | None = None
    member_id: UUID | None = None
    kind: AidKind
    amount: Decimal
    paid_on: date
    fund_source: str
    approved_by: str
    student_school: str = ""
    student_grade: str = ""
    emergency: bool = False
    emergency_reason: str = ""
    override_reason: str = ""


class SummaryOut(Schema):
    org_code: str
    year: int
    figures: dict[str, float | None]
    visits_by_occasion: dict[str, int]


def _body(request, schema):
    """Parse the JSON body only after access was checked, so a stranger learns nothing from a 422."""
    try:
        return schema.model_validate_json(request.body or b"{}")
    except pydantic.ValidationError as error:
        fields = "、".join(".".join(str(p) for p in e["loc"]) for e in error.errors()[:5])
        raise ValidationError(f"请求数据格式不正确：{fields}")


def _visit_out(user, visit) -> VisitOut:
    out = VisitOut(
        id=visit.pk,
        org_code=visit.org.code,
        member_name=visit.member.name,
        visited_on=visit.visited_on,
        visitors=visit.visitor_names(),
    )
    if access.can(user, access.CARE, visit.org):
        out.occasion, out.money, out.goods, out.notes = visit.occasion, visit.money, visit.goods, visit.notes
    return out


def _aid_out(aid) -> AidOut:
    return AidOut(
        case_id=aid.case_id,
        member_name=aid.member.name,
        **{
            f: getattr(aid, f)
            for f in ("id", "kind", "amount", "paid_on", "fund_source", "approved_by", "emergency")
        },
    )


def _case_out(case, *, full_id=False) -> dict:
    return {
        "id": case.pk,
        "org_code": case.org.code,
        "member_name": case.member.name,
        "id_number": case.member.id_number if full_id else mask_id(case.member.id_number),
        "level": case.level,
        "status": case.status,
        "income_per_head": case.income_per_head,
        "causes": case.cause_list,
        "opened_on": case.opened_on,
        "filed_on": case.filed_on,
        "next_review_on": case.next_review_on,
    }


@router.get("/{org_code}/summary", response=SummaryOut, summary="关爱帮扶汇总（计数与金额，不含个人）")
def summary(request, org_code: str, year: Year | None = None):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.VIEW, org)  # not for members: small counts can name people
    year = year or date.today().year
    start, end = date(year, 1, 1), date(year, 12, 31)
    keys = ["care.visits", "care.archive_rate", "care.aid_rate", "care.aid_amount"]
    return SummaryOut(
        org_code=org.code,
        year=year,
        figures={key: registry.compute(key, org, start, end).value for key in keys},
        visits_by_occasion=visits_by_occasion(org.subtree(), start, end),
    )


@router.get("/{org_code}/visits", response=list[VisitOut], summary="走访慰问（事由、金额仅授权角色可见）")
def visit_list(request, org_code: str, limit: Limit = 100, offset: Offset = 0):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.PERSONAL, org)
    visits = access.scope(request.user, Visit.objects.in_subtree(org)).for_list()
    limit = min(limit, 500)
    return [_visit_out(request.user, v) for v in visits[offset : offset + limit]]


@router.post(
    "/{org_code}/visits", response={201: VisitOut}, summary="登记走访慰问", openapi_extra=json_body(VisitIn)
)
def visit_create(request, org_code: str):
    org = access.get_org_for(request.user, org_code, action=access.CHANGE)
    payload = _body(request, VisitIn)
    member = access.get_object_for(
        request.user, Member.objects.in_subtree(org).active(), action=access.CHANGE, id=payload.member_id
    )
    visit = services.record_visit(member=member, by=request.user, **payload.model_dump(exclude={"member_id"}))
    return 201, _visit_out(request.user, visit)


@router.get("/visits/{visit_id}", response=VisitOut, summary="走访记录")
def visit_detail(request, visit_id: UUID):
    return _visit_out(request.user, access.get_object_for(request.user, Visit, id=visit_id))


@router.get("/{org_code}/cases", response=list[CaseOut], summary="困难职工档案（身份证号脱敏）")
def case_list(request, org_code: str, status: str = "", limit: Limit = 100, offset: Offset = 0):
    org = access.get_org_for(request.user, org_code, action=access.CARE)
    cases = access.scope(request.user, HardshipCase.objects.in_subtree(org)).for_list()
    if status:
        cases = cases.filter(status=status)
    limit = min(limit, 500)
    return [_case_out(c) for c in cases[offset : offset + limit]]


@router.get("/cases/{hardshipcase_id}", response=CaseDetailOut, summary="困难职工档案详情（查看留痕）")
def case_detail(request, hardshipcase_id: UUID):
    case = access.get_object_for(request.user, HardshipCase, id=hardshipcase_id)
    log_access(request, case, "detail")
    full_id = access.can(request.user, access.SENSITIVE, case.org)
    return {
        **_case_out(case, full_id=full_id),
        "household_size": case.household_size,
        "household_members": case.household_members,
        "cause_detail": case.cause_detail,
        "events": [
            {
                "step": e.step,
                "status_after": e.status_after,
                "at": e.at.isoformat(),
                "by": e.by.username,
                "note": e.note,
            }
            for e in case.events.select_related("by")
        ],
        "aid_total": sum((a.amount for a in case.aids.all()), Decimal(0)),
    }


@router.get("/{org_code}/aid", response=list[AidOut], summary="帮扶记录")
def aid_list(request, org_code: str, year: Year | None = None):
    org = access.get_org_for(request.user, org_code, action=access.CARE)
    aids = access.scope(request.user, Aid.objects.in_subtree(org)).for_list()
    if year:
        aids = aids.filter(paid_on__year=year)
    return [_aid_out(a) for a in aids[:1000]]


@router.post(
    "/{org_code}/aid",
    response={201: AidOut},
    summary="登记帮扶（超限、未建档等规则与页面相同）",
    openapi_extra=json_body(AidIn),
)
def aid_create(request, org_code: str):
    org = access.get_org_for(request.user, org_code, action=access.CARE)
    payload = _body(request, AidIn)
    case = member = None
    if payload.case_id:
        case = access.get_object_for(
            request.user, HardshipCase.objects.in_subtree(org), action=access.CARE, id=payload.case_id
        )
    elif payload.member_id:
        member = access.get_object_for(
            request.user, Member.objects.in_subtree(org), action=access.CARE, id=payload.member_id
        )
    aid = services.record_aid(
        case=case, member=member, by=request.user, **payload.model_dump(exclude={"case_id", "member_id"})
    )
    return 201, _aid_out(aid)
