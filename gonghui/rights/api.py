"""Rights API: the same privacy rules as the pages (core/access.py decides, hidden fields come back null)."""

from datetime import date
from decimal import Decimal
from uuid import UUID

import pydantic
from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Field, Router, Schema

from gonghui.core import access
from gonghui.core.api_docs import json_body
from gonghui.core.api_params import Limit, Offset
from gonghui.core.masking import log_access
from gonghui.rights import services
from gonghui.rights.models import ClaimKind, CollectiveContract, DisputeCase

router = Router(tags=["维权服务"])


class ClaimOut(Schema):
    kind: str
    amount: Decimal | None
    note: str


class CaseOut(Schema):
    id: UUID
    org_code: str
    number: str
    received_on: date
    deadline: date
    days_left: int
    status: str
    may_apply_for_arbitration: bool
    # Only for the chair, officers with the rights duty and the federation admin (and then logged).
    applicants: str | None = None
    respondent: str | None = None
    matter: str | None = None
    claims: list[ClaimOut] | None = None
    result: str | None = None


class ClaimIn(Schema):
    kind: ClaimKind
    amount: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    note: str = Field("", max_length=300)


class CaseIn(Schema):
    applicants: str = Field(min_length=1, max_length=200)
    respondent: str = Field(min_length=1, max_length=200)
    matter: str = Field(min_length=1, max_length=5000)
    received_on: date
    oral: bool = False
    claims: list[ClaimIn] = Field(default_factory=list, max_length=20)


class ContractOut(Schema):
    id: UUID
    org_code: str
    title: str
    kind: str
    stage: str
    signed_on: date | None
    filed_on: date | None
    effective_on: date | None
    expires_on: date | None
    wage_increase_pct: Decimal | None
    minimum_wage: Decimal | None
    covered_workers: int | None


def _body(request, schema):
    """Parse the JSON body only after access was checked, so a stranger learns nothing from a 422."""
    try:
        return schema.model_validate_json(request.body or b"{}")
    except pydantic.ValidationError as error:
        fields = "、".join(".".join(str(p) for p in e["loc"]) for e in error.errors()[:5])
        raise ValidationError(f"请求数据格式不正确：{fields}")


def _case_out(case, *, full: bool) -> CaseOut:
    today = timezone.localdate()
    out = CaseOut(
        id=case.pk, org_code=case.org.code, number=case.number, received_on=case.received_on,
        deadline=case.deadline, days_left=case.days_left(today), status=case.status,
        may_apply_for_arbitration=case.may_refer(today),
    )  # fmt: skip
    if full:
        out.applicants, out.respondent, out.matter, out.result = (
            case.applicants, case.respondent, case.matter, case.result,
        )  # fmt: skip
        out.claims = [ClaimOut(kind=c.kind, amount=c.amount, note=c.note) for c in case.claims.all()]
    return out


@router.get("/{org_code}/cases", response=list[CaseOut], summary="劳动争议调解案件（当事人仅授权角色可见）")
def case_list(request, org_code: str, status: str = "", limit: Limit = 100, offset: Offset = 0):
    org = access.get_org_for(request.user, org_code)
    cases = access.scope(request.user, DisputeCase.objects.in_subtree(org)).for_list()
    if status:
        cases = cases.filter(status=status)
    # Lists never carry the parties: open one case (logged) to see them.
    return [_case_out(c, full=False) for c in cases[offset : offset + limit]]


@router.get("/cases/{disputecase_id}", response=CaseOut, summary="调解案件详情（查看留痕）")
def case_detail(request, disputecase_id: UUID):
    case = access.get_object_for(request.user, DisputeCase, id=disputecase_id)
    full = access.may_see_rights(request.user, case.org)
    if full:
        log_access(request, case, "detail")
    return _case_out(case, full=full)


@router.post(
    "/{org_code}/cases", response={201: CaseOut}, summary="登记调解申请", openapi_extra=json_body(CaseIn)
)
def case_create(request, org_code: str):
    org = access.get_org_for(request.user, org_code, action=access.RIGHTS)
    payload = _body(request, CaseIn)
    data = payload.model_dump(exclude={"claims"})
    claims = [(c.kind, c.amount, c.note) for c in payload.claims]
    case = services.receive_case(org=org, by=request.user, claims=claims, **data)
    return 201, _case_out(case, full=True)


@router.get("/{org_code}/contracts", response=list[ContractOut], summary="集体合同及主要条款")
def contract_list(request, org_code: str, limit: Limit = 100, offset: Offset = 0):
    org = access.get_org_for(request.user, org_code)
    today = timezone.localdate()
    rows = access.scope(request.user, CollectiveContract.objects.in_subtree(org)).select_related("org")
    rows = rows.order_by("org__path", "kind", "-signed_on")[offset : offset + limit]
    return [
        ContractOut(
            id=c.pk,
            org_code=c.org.code,
            title=c.title,
            kind=c.kind,
            stage=c.stage(today),
            signed_on=c.signed_on,
            filed_on=c.filed_on,
            effective_on=c.effective_on,
            expires_on=c.expires_on,
            wage_increase_pct=c.wage_increase_pct,
            minimum_wage=c.minimum_wage,
            covered_workers=c.covered_workers,
        )  # fmt: skip
        for c in rows
    ]
