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
from gonghui.members import picker
from gonghui.rights import services
from gonghui.rights.models import (
    CareRecord,
    CheckCampaign,
    CheckResult,
    ClaimKind,
    CollectiveContract,
    ContractKind,
    DisputeCase,
    Period,
    Petition,
    Side,
    negotiator_problems,
)

router = Router(tags=["维权服务"])


class ClaimOut(Schema):
    kind: str
    amount: Decimal | None
    note: str


class DisputeCaseOut(Schema):
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


class DisputeCaseIn(Schema):
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


def _case_out(case, *, full: bool) -> DisputeCaseOut:
    today = timezone.localdate()
    out = DisputeCaseOut(
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


@router.get(
    "/{org_code}/cases", response=list[DisputeCaseOut], summary="劳动争议调解案件（当事人仅授权角色可见）"
)
def case_list(request, org_code: str, status: str = "", limit: Limit = 100, offset: Offset = 0):
    org = access.get_org_for(request.user, org_code)
    cases = access.scope(request.user, DisputeCase.objects.in_subtree(org)).for_list()
    if status:
        cases = cases.filter(status=status)
    # Lists never carry the parties: open one case (logged) to see them.
    return [_case_out(c, full=False) for c in cases[offset : offset + limit]]


@router.get("/cases/{disputecase_id}", response=DisputeCaseOut, summary="调解案件详情（查看留痕）")
def case_detail(request, disputecase_id: UUID):
    case = access.get_object_for(request.user, DisputeCase, id=disputecase_id)
    full = access.may_see_rights(request.user, case.org)
    if full:
        log_access(request, case, "detail")
    return _case_out(case, full=full)


@router.post(
    "/{org_code}/cases",
    response={201: DisputeCaseOut},
    summary="登记调解申请",
    openapi_extra=json_body(DisputeCaseIn),
)
def case_create(request, org_code: str):
    org = access.get_org_for(request.user, org_code, action=access.RIGHTS)
    payload = _body(request, DisputeCaseIn)
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
    return [_contract_out(c, today) for c in rows]


def _contract_out(c, today, schema=None):
    return (schema or ContractOut)(
        id=c.pk, org_code=c.org.code, title=c.title, kind=c.kind, stage=c.stage(today), signed_on=c.signed_on,
        filed_on=c.filed_on, effective_on=c.effective_on, expires_on=c.expires_on,
        wage_increase_pct=c.wage_increase_pct, minimum_wage=c.minimum_wage, covered_workers=c.covered_workers,
    )  # fmt: skip


# --------------------------------------------------------------------------- contract steps


class NegotiatorOut(Schema):
    side: str
    name: str
    is_chief: bool
    is_outsider: bool


class NegotiationMeetingOut(Schema):
    held_on: date
    minutes: str


class ContractDetailOut(ContractOut):
    employer: str = ""
    term_years: int = 3
    requested_on: date | None = None
    answer_due: date | None = None
    answered_on: date | None = None
    approved_on: date | None = None
    approval_vote_id: UUID | None = None
    delegates_total: int | None = None
    delegates_present: int | None = None
    votes_yes: int | None = None
    file_by: date | None = None
    objection_on: date | None = None
    published_on: date | None = None
    negotiators: list[NegotiatorOut] = []
    negotiator_problems: list[str] = []
    meetings: list[NegotiationMeetingOut] = []


def _contract_detail(contract) -> ContractDetailOut:
    out = _contract_out(contract, timezone.localdate(), ContractDetailOut)
    for name in ("employer", "term_years", "requested_on", "answer_due", "answered_on", "approved_on",
                 "approval_vote_id", "delegates_total", "delegates_present", "votes_yes", "file_by",
                 "objection_on", "published_on"):  # fmt: skip
        setattr(out, name, getattr(contract, name))
    negotiators = list(contract.negotiators.all())
    out.negotiators = [NegotiatorOut(side=n.side, name=n.name, is_chief=n.is_chief, is_outsider=n.is_outsider)
                       for n in negotiators]  # fmt: skip
    out.negotiator_problems = negotiator_problems(negotiators)
    out.meetings = [
        NegotiationMeetingOut(held_on=m.held_on, minutes=m.minutes) for m in contract.meetings.all()
    ]
    return out


class ContractIn(Schema):
    kind: ContractKind
    title: str = Field(min_length=1, max_length=200)
    employer: str = Field(min_length=1, max_length=200)
    term_years: int = Field(3, ge=1, le=3)


class NegotiatorIn(Schema):
    side: Side
    name: str = Field(min_length=1, max_length=50)
    is_chief: bool = False
    is_outsider: bool = False


class RequestIn(Schema):
    requested_on: date
    answered_on: date | None = None


class NegotiationMeetingIn(Schema):
    held_on: date
    minutes: str = Field(min_length=1, max_length=10000)


class ApprovalIn(Schema):
    """Either `vote_id` (a closed vote of the union's congress) or the counts entered by hand."""

    vote_id: UUID | None = None
    approved_on: date | None = None
    delegates_total: int | None = Field(None, ge=1, le=100_000)
    delegates_present: int | None = Field(None, ge=0, le=100_000)
    votes_yes: int | None = Field(None, ge=0, le=100_000)


class SignIn(Schema):
    signed_on: date


class FileIn(Schema):
    filed_on: date


@router.get("/contracts/{collectivecontract_id}", response=ContractDetailOut, summary="集体合同详情")
def contract_detail(request, collectivecontract_id: UUID):
    contract = access.get_object_for(request.user, CollectiveContract, id=collectivecontract_id)
    return _contract_detail(contract)


@router.post("/{org_code}/contracts", response={201: ContractDetailOut}, summary="新建集体合同",
             openapi_extra=json_body(ContractIn))  # fmt: skip
def contract_create(request, org_code: str):
    org = access.get_org_for(request.user, org_code, action=access.CHANGE)
    payload = _body(request, ContractIn)
    return 201, _contract_detail(services.start_contract(org=org, **payload.model_dump()))


def _changeable(request, contract_id):
    return access.get_object_for(request.user, CollectiveContract, action=access.CHANGE, id=contract_id)


@router.post("/contracts/{collectivecontract_id}/negotiators", response={201: ContractDetailOut},
             summary="添加协商代表（规则24）", openapi_extra=json_body(NegotiatorIn))  # fmt: skip
def contract_negotiator(request, collectivecontract_id: UUID):
    contract = _changeable(request, collectivecontract_id)
    services.add_negotiator(contract=contract, **_body(request, NegotiatorIn).model_dump())
    return 201, _contract_detail(contract)


@router.post("/contracts/{collectivecontract_id}/request", response=ContractDetailOut,
             summary="记录协商要约（应答期限自动计算）", openapi_extra=json_body(RequestIn))  # fmt: skip
def contract_request(request, collectivecontract_id: UUID):
    contract = _changeable(request, collectivecontract_id)
    return _contract_detail(
        services.request_negotiation(contract=contract, **_body(request, RequestIn).model_dump())
    )


@router.post("/contracts/{collectivecontract_id}/meetings", response={201: ContractDetailOut},
             summary="记录协商会议", openapi_extra=json_body(NegotiationMeetingIn))  # fmt: skip
def contract_meeting(request, collectivecontract_id: UUID):
    contract = _changeable(request, collectivecontract_id)
    services.record_meeting(contract=contract, **_body(request, NegotiationMeetingIn).model_dump())
    return 201, _contract_detail(contract)


@router.post("/contracts/{collectivecontract_id}/approval", response=ContractDetailOut,
             summary="职代会审议通过：选择本单位职代会表决，或手工录入人数（规则21）",
             openapi_extra=json_body(ApprovalIn))  # fmt: skip
def contract_approval(request, collectivecontract_id: UUID):
    contract = _changeable(request, collectivecontract_id)
    payload = _body(request, ApprovalIn)
    if payload.vote_id:
        vote = services.approval_votes(contract).filter(pk=payload.vote_id).first()
        if vote is None:
            raise ValidationError("只能选择本单位职代会（会员代表大会）已结束、未重新表决的表决事项。")
        return _contract_detail(services.approve_by_vote(contract=contract, vote=vote))
    counts = payload.model_dump(exclude={"vote_id"})
    missing = [name for name, value in counts.items() if value is None]
    if missing:
        raise ValidationError(
            f"请选择职代会表决，或填写审议日期、应到人数、实到人数和赞成票：缺少{'、'.join(missing)}"
        )
    return _contract_detail(services.record_approval(contract=contract, **counts))


@router.post("/contracts/{collectivecontract_id}/sign", response=ContractDetailOut,
             summary="签订（协商代表须符合规则24）", openapi_extra=json_body(SignIn))  # fmt: skip
def contract_sign(request, collectivecontract_id: UUID):
    contract = _changeable(request, collectivecontract_id)
    return _contract_detail(services.sign_contract(contract=contract, **_body(request, SignIn).model_dump()))


@router.post("/contracts/{collectivecontract_id}/file", response=ContractDetailOut,
             summary="报送备案（15日后生效，规则22）", openapi_extra=json_body(FileIn))  # fmt: skip
def contract_file(request, collectivecontract_id: UUID):
    contract = _changeable(request, collectivecontract_id)
    return _contract_detail(services.file_contract(contract=contract, **_body(request, FileIn).model_dump()))


# --------------------------------------------------------------------------- petitions


class PetitionOut(Schema):
    id: UUID
    org_code: str
    received_on: date
    people: int
    skip_level: bool
    counted: bool  # collective (3+) or 越级: what plan 05 wants at zero
    handled_on: date | None
    # Only in the (logged) detail.
    petitioner: str | None = None
    matter: str | None = None
    handling: str | None = None


class PetitionIn(Schema):
    received_on: date
    petitioner: str = Field(min_length=1, max_length=100)
    matter: str = Field(min_length=1, max_length=5000)
    people: int = Field(1, ge=1, le=10_000)
    skip_level: bool = False
    handling: str = Field("", max_length=5000)
    handled_on: date | None = None


class HandleIn(Schema):
    handling: str = Field(min_length=1, max_length=5000)
    handled_on: date


def _petition_out(p, *, full: bool) -> PetitionOut:
    out = PetitionOut(id=p.pk, org_code=p.org.code, received_on=p.received_on, people=p.people,
                      skip_level=p.skip_level, counted=p.skip_level or p.collective, handled_on=p.handled_on)  # fmt: skip
    if full:
        out.petitioner, out.matter, out.handling = p.petitioner, p.matter, p.handling
    return out


@router.get("/{org_code}/petitions", response=list[PetitionOut], summary="职工来信来访（来访人与事项见详情）")
def petition_list(request, org_code: str, limit: Limit = 100, offset: Offset = 0):
    org = access.get_org_for(request.user, org_code, action=access.RIGHTS)
    rows = access.scope(request.user, Petition.objects.in_subtree(org)).select_related("org")
    return [_petition_out(p, full=False) for p in rows[offset : offset + limit]]


@router.post("/{org_code}/petitions", response={201: PetitionOut}, summary="登记职工来信来访",
             openapi_extra=json_body(PetitionIn))  # fmt: skip
def petition_create(request, org_code: str):
    org = access.get_org_for(request.user, org_code, action=access.RIGHTS)
    petition = services.record_petition(org=org, by=request.user, **_body(request, PetitionIn).model_dump())
    return 201, _petition_out(petition, full=True)


@router.get("/petitions/{petition_id}", response=PetitionOut, summary="来信来访详情（查看留痕）")
def petition_detail(request, petition_id: UUID):
    petition = access.get_object_for(request.user, Petition, id=petition_id)
    log_access(request, petition, "detail")
    return _petition_out(petition, full=True)


@router.post("/petitions/{petition_id}/handle", response=PetitionOut, summary="记录处理情况",
             openapi_extra=json_body(HandleIn))  # fmt: skip
def petition_handle(request, petition_id: UUID):
    petition = access.get_object_for(request.user, Petition, id=petition_id)
    access.require(request.user, access.RIGHTS, petition.org)
    petition = services.handle_petition(petition=petition, **_body(request, HandleIn).model_dump())
    return _petition_out(petition, full=True)


# --------------------------------------------------------------------------- women workers


class CareOut(Schema):
    id: UUID
    org_code: str
    period: str
    started_on: date
    ended_on: date | None
    no_overtime: bool
    # Only in the (logged) detail.
    member_name: str | None = None
    due_date: date | None = None
    birth_date: date | None = None
    babies: int | None = None
    difficult_birth: bool | None = None
    miscarriage_months: int | None = None
    note: str | None = None
    entitlements: list[str] | None = None


class CareIn(Schema):
    member_id: UUID
    period: Period
    consent: bool
    started_on: date
    ended_on: date | None = None
    due_date: date | None = None
    birth_date: date | None = None
    babies: int = Field(1, ge=1, le=9)
    difficult_birth: bool = False
    miscarriage_months: int | None = Field(None, ge=0, le=10)
    note: str = Field("", max_length=300)


def _care_out(r, *, full: bool) -> CareOut:
    today = timezone.localdate()
    out = CareOut(id=r.pk, org_code=r.org.code, period=r.period, started_on=r.started_on, ended_on=r.ended_on,
                  no_overtime=r.no_overtime(today))  # fmt: skip
    if full:
        out.member_name = r.member.name
        for name in ("due_date", "birth_date", "babies", "difficult_birth", "miscarriage_months", "note"):
            setattr(out, name, getattr(r, name))
        out.entitlements = r.entitlements(today)
    return out


@router.get("/{org_code}/care-records", response=list[CareOut], summary="女职工五期记录（姓名与日期见详情）")
def care_list(request, org_code: str, limit: Limit = 100, offset: Offset = 0):
    org = access.get_org_for(request.user, org_code, action=access.WOMEN)
    rows = access.scope(request.user, CareRecord.objects.in_subtree(org)).select_related("org")
    return [_care_out(r, full=False) for r in rows[offset : offset + limit]]


@router.get("/care-records/{carerecord_id}", response=CareOut, summary="五期记录详情与应享待遇（查看留痕）")
def care_detail(request, carerecord_id: UUID):
    record = access.get_object_for(request.user, CareRecord, id=carerecord_id)
    log_access(request, record, "detail")
    return _care_out(record, full=True)


@router.post("/{org_code}/care-records", response={201: CareOut}, summary="登记女职工五期记录（须本人同意）",
             openapi_extra=json_body(CareIn))  # fmt: skip
def care_create(request, org_code: str):
    org = access.get_org_for(request.user, org_code, action=access.WOMEN)
    payload = _body(request, CareIn)
    member = picker.pickable(request.user, org).filter(pk=payload.member_id).first()
    if member is None:
        raise ValidationError("找不到该会员，或无权为其登记。")
    record = services.record_care(member=member, by=request.user, **payload.model_dump(exclude={"member_id"}))
    return 201, _care_out(record, full=True)


class CampaignOut(Schema):
    id: UUID
    org_code: str
    kind: str
    title: str
    held_from: date
    held_to: date
    due: int
    attended: int  # attended or needs follow-up


class CheckOut(Schema):
    member_name: str
    two_cancer: bool
    result: str


class CampaignDetailOut(CampaignOut):
    checks: list[CheckOut] = []


def _campaign_out(c, schema=CampaignOut):
    results = [check.result for check in c.checks.all()]
    return schema(id=c.pk, org_code=c.org.code, kind=c.kind, title=c.title, held_from=c.held_from,
                  held_to=c.held_to, due=len(results),
                  attended=sum(r != CheckResult.DUE for r in results))  # fmt: skip


@router.get("/{org_code}/health-checks", response=list[CampaignOut], summary="体检安排与参检人数")
def campaign_list(request, org_code: str, limit: Limit = 100, offset: Offset = 0):
    org = access.get_org_for(request.user, org_code, action=access.WOMEN)
    rows = access.scope(request.user, CheckCampaign.objects.in_subtree(org), access.WOMEN)
    rows = rows.select_related("org").prefetch_related("checks")
    return [_campaign_out(c) for c in rows[offset : offset + limit]]


@router.get("/health-checks/{checkcampaign_id}", response=CampaignDetailOut,
            summary="体检名单与结果（仅已体检/需复查，查看留痕）")  # fmt: skip
def campaign_detail(request, checkcampaign_id: UUID):
    campaign = access.get_object_for(request.user, CheckCampaign, action=access.WOMEN, id=checkcampaign_id)
    checks = (
        access.scope(request.user, campaign.checks.all()).select_related("member").order_by("member__name")
    )
    log_access(request, campaign, "results")
    out = _campaign_out(campaign, CampaignDetailOut)
    out.checks = [
        CheckOut(member_name=h.member.name, two_cancer=h.two_cancer, result=h.result) for h in checks
    ]
    return out
