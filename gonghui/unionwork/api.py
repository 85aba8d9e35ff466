"""API of the union's own work: the same access rules as the pages (core/access.py decides)."""

from datetime import date
from decimal import Decimal
from uuid import UUID

import pydantic
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Router, Schema, Status

from gonghui.core import access
from gonghui.core.api_docs import json_body
from gonghui.core.api_params import Limit, Offset, Year
from gonghui.members.models import Member
from gonghui.metrics import registry
from gonghui.orgs.models import Org
from gonghui.unionwork import services
from gonghui.unionwork.models import (
    AdoptionLevel,
    Decision,
    Honour,
    HonourKind,
    HonourObjection,
    HonourRound,
    Meeting,
    MeetingKind,
    NewsReport,
    StudySession,
)
from gonghui.unionwork.views import FIGURES, _activities, _may_adopt, _officers

router = Router(tags=["会议学习表彰"])


class DecisionOut(Schema):
    id: UUID
    text: str
    owner: str
    due_on: date
    done_on: date | None
    done_note: str


class MeetingOut(Schema):
    id: UUID
    org_code: str
    kind: str
    title: str
    held_on: date
    place: str
    attendance: int
    agenda: str
    has_minutes: bool


class MeetingDetailOut(MeetingOut):
    minutes: str
    decisions: list[DecisionOut]


class MeetingIn(Schema):
    kind: MeetingKind
    title: str = pydantic.Field(min_length=1, max_length=200)
    held_on: date
    place: str = pydantic.Field("", max_length=100)
    attendance: int = pydantic.Field(0, ge=0, le=100_000)
    agenda: str = pydantic.Field("", max_length=5000)
    minutes: str = pydantic.Field("", max_length=50_000)


class DecisionIn(Schema):
    text: str = pydantic.Field(max_length=300)
    owner: str = pydantic.Field(max_length=50)
    due_on: date


class DoneIn(Schema):
    done_on: date | None = None
    note: str = pydantic.Field("", max_length=300)


class StudyOut(Schema):
    id: UUID
    org_code: str
    topic: str
    held_on: date
    hours: Decimal
    attendance: int


class StudyIn(Schema):
    # As the page's form does: a title of spaces is no title.
    model_config = pydantic.ConfigDict(str_strip_whitespace=True)

    topic: str = pydantic.Field(min_length=1, max_length=200)
    held_on: date
    hours: Decimal = pydantic.Field(max_digits=4, decimal_places=1)
    place: str = pydantic.Field("", max_length=100)
    speaker: str = pydantic.Field("", max_length=50)
    officer_ids: list[UUID] = pydantic.Field(default_factory=list, max_length=200)
    attendance: int = pydantic.Field(0, ge=0, le=100_000)
    materials: str = pydantic.Field("", max_length=5000)
    notes: str = pydantic.Field("", max_length=5000)


class StudyDetailOut(StudyOut):
    place: str
    speaker: str
    officers: list[str]
    materials: str
    notes: str


class HonourOut(Schema):
    id: UUID
    org_code: str
    title: str
    kind: str
    level: str
    year: int
    holder: str
    status: str
    awarded_on: date | None


class RoundOut(Schema):
    id: UUID
    org_code: str
    name: str
    year: int
    opens_on: date
    closes_on: date
    publicity_days: int
    self_nomination: bool


class NominationOut(HonourOut):
    nominated_by: str
    nominated_on: date | None
    publicity_start: date | None
    publicity_end: date | None
    citation: str


class HonourStepOut(NominationOut):
    decision_note: str
    decided_on: date | None


class HonourDecideIn(Schema):
    approved: bool
    note: str = pydantic.Field(max_length=200)


class HonourPubliciseIn(Schema):
    start: date


class HonourAwardIn(Schema):
    awarded_on: date


class NominationIn(Schema):
    kind: HonourKind = HonourKind.EXCELLENT_MEMBER
    member_id: UUID | None = None
    group_code: str | None = pydantic.Field(None, max_length=64)
    citation: str = pydantic.Field(min_length=1, max_length=500)
    for_group: bool = False


class ObjectionIn(Schema):
    text: str = pydantic.Field(min_length=1, max_length=1000)


class ObjectionOut(Schema):
    id: UUID
    honour_id: UUID
    text: str
    lodged_on: date
    answer: str
    answered_on: date | None


class AnswerIn(Schema):
    answer: str = pydantic.Field(min_length=1, max_length=300)


class ReportOut(Schema):
    id: UUID
    org_code: str
    title: str
    version: int
    status: str
    submitted_on: date | None
    adopted_level: str
    adopted_on: date | None
    previous_id: UUID | None


class NewsReportIn(Schema):
    # As the page's form does: a title of spaces is no title.
    model_config = pydantic.ConfigDict(str_strip_whitespace=True)

    title: str = pydantic.Field(min_length=1, max_length=200)
    body: str = pydantic.Field(min_length=1, max_length=20_000)
    activity_id: UUID | None = None


class NewsReportDetailOut(ReportOut):
    body: str
    activity_id: UUID | None
    has_photo: bool


class AdoptIn(Schema):
    level: AdoptionLevel
    note: str = pydantic.Field("", max_length=200)


class UnionworkSummaryOut(Schema):
    org_code: str
    year: int
    figures: dict[str, float | None]


def _body(request, schema):
    """Parse the JSON body only after access was checked, so a stranger learns nothing from a 422."""
    try:
        return schema.model_validate_json(request.body or b"{}")
    except pydantic.ValidationError as error:
        fields = "、".join(".".join(str(p) for p in e["loc"]) for e in error.errors()[:5])
        raise ValidationError(f"请求数据格式不正确：{fields}")


def _org(request, org_code, action=access.VIEW):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, action, org)
    return org


def _meeting_out(m) -> dict:
    return {
        "id": m.pk,
        "org_code": m.org.code,
        "has_minutes": m.has_minutes,
        **{f: getattr(m, f) for f in ("kind", "title", "held_on", "place", "attendance", "agenda")},
    }


def _decision_out(d) -> dict:
    return {f: getattr(d, f) for f in ("id", "text", "owner", "due_on", "done_on", "done_note")}


def _honour_out(h) -> dict:
    fields = ("id", "title", "kind", "level", "year", "holder", "status", "awarded_on")
    return {"org_code": h.org.code, **{f: getattr(h, f) for f in fields}}


def _nomination_out(h) -> dict:
    fields = ("nominated_by", "nominated_on", "publicity_start", "publicity_end", "citation")
    return {**_honour_out(h), **{f: getattr(h, f) for f in fields}}


def _step_out(h) -> dict:
    return {**_nomination_out(h), "decision_note": h.decision_note, "decided_on": h.decided_on}


def _study_out(s) -> dict:
    return {
        "org_code": s.org.code,
        **{f: getattr(s, f) for f in ("id", "topic", "held_on", "hours", "attendance")},
    }


def _study_detail_out(s) -> dict:
    fields = ("place", "speaker", "materials", "notes")
    officers = [o.name for o in s.officers.all()]
    return {**_study_out(s), "officers": officers, **{f: getattr(s, f) for f in fields}}


def _chosen(options, ids, what):
    """The rows the client named by id, each one among those the page would offer."""
    found = list(options.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError(f"{what}不在可选范围内，请检查编号。")
    return found


def _objection_out(o) -> dict:
    return {f: getattr(o, f) for f in ("id", "honour_id", "text", "lodged_on", "answer", "answered_on")}


def _report_out(r) -> dict:
    fields = (
        "id",
        "title",
        "version",
        "status",
        "submitted_on",
        "adopted_level",
        "adopted_on",
        "previous_id",
    )
    return {"org_code": r.org.code, **{f: getattr(r, f) for f in fields}}


@router.get("/{org_code}/summary", response=UnionworkSummaryOut, summary="会议、学习、表彰、信息报送汇总")
def summary(request, org_code: str, year: Year | None = None):
    org = _org(request, org_code)
    year = year or date.today().year
    start, end = date(year, 1, 1), date(year, 12, 31)
    figures = {key: registry.compute(key, org, start, end).value for key in FIGURES}
    return UnionworkSummaryOut(org_code=org.code, year=year, figures=figures)


@router.get("/{org_code}/meetings", response=list[MeetingOut], summary="会议")
def meeting_list(request, org_code: str, limit: Limit = 100, offset: Offset = 0):
    org = _org(request, org_code)
    meetings = access.scope(request.user, Meeting.objects.in_subtree(org)).for_list()
    return [_meeting_out(m) for m in meetings[offset : offset + min(limit, 500)]]


@router.post(
    "/{org_code}/meetings", response={201: MeetingOut}, summary="登记会议", openapi_extra=json_body(MeetingIn)
)
def meeting_create(request, org_code: str):
    org = _org(request, org_code, access.CHANGE)
    payload = _body(request, MeetingIn)
    meeting = services.record_meeting(org=org, by=request.user, **payload.model_dump())
    return Status(201, _meeting_out(meeting))


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut, summary="会议详情（含决定事项）")
def meeting_detail(request, meeting_id: UUID):
    meeting = access.get_object_for(request.user, Meeting, id=meeting_id)
    return {
        **_meeting_out(meeting),
        "minutes": meeting.minutes,
        "decisions": [_decision_out(d) for d in meeting.decisions.all()],
    }


@router.post(
    "/meetings/{meeting_id}/decisions",
    response={201: DecisionOut},
    summary="添加决定事项",
    openapi_extra=json_body(DecisionIn),
)
def decision_add(request, meeting_id: UUID):
    meeting = access.get_object_for(request.user, Meeting, action=access.CHANGE, id=meeting_id)
    payload = _body(request, DecisionIn)
    return Status(
        201, _decision_out(services.add_decision(meeting=meeting, by=request.user, **payload.model_dump()))
    )


@router.post(
    "/decisions/{decision_id}/done",
    response=DecisionOut,
    summary="决定事项标记完成",
    openapi_extra=json_body(DoneIn),
)
def decision_done(request, decision_id: UUID):
    decision = access.get_object_for(request.user, Decision, action=access.CHANGE, id=decision_id)
    payload = _body(request, DoneIn)
    return _decision_out(
        services.complete_decision(decision=decision, by=request.user, **payload.model_dump())
    )


@router.get("/{org_code}/study", response=list[StudyOut], summary="学习")
def study_list(request, org_code: str, limit: Limit = 100, offset: Offset = 0):
    org = _org(request, org_code)
    sessions = access.scope(request.user, StudySession.objects.in_subtree(org)).for_list()
    return [_study_out(s) for s in sessions[offset : offset + min(limit, 500)]]


@router.post(
    "/{org_code}/study", response={201: StudyDetailOut}, summary="登记学习", openapi_extra=json_body(StudyIn)
)
def study_create(request, org_code: str):
    org = _org(request, org_code, access.CHANGE)
    payload = _body(request, StudyIn)
    fields = payload.model_dump(exclude={"officer_ids"})
    officers = _chosen(_officers(org), payload.officer_ids, "参学委员")
    session = services.record_study(org=org, by=request.user, officers=officers, **fields)
    return Status(201, _study_detail_out(session))


@router.get("/study/{studysession_id}", response=StudyDetailOut, summary="学习详情")
def study_detail(request, studysession_id: UUID):
    return _study_detail_out(access.get_object_for(request.user, StudySession, id=studysession_id))


@router.get("/{org_code}/honours", response=list[HonourOut], summary="荣誉表彰与推荐")
def honour_list(request, org_code: str, limit: Limit = 100, offset: Offset = 0):
    org = _org(request, org_code)
    honours = access.scope(request.user, Honour.objects.in_subtree(org)).for_list()
    return [_honour_out(h) for h in honours[offset : offset + min(limit, 500)]]


@router.get("/honours/{honour_id}", response=HonourStepOut, summary="荣誉与推荐详情")
def honour_detail(request, honour_id: UUID):
    return _step_out(access.get_object_for(request.user, Honour, id=honour_id))


def _honour_step(request, honour_id, schema, service):
    """The committee's steps on a nomination, with the page's access (core/access.py decides)."""
    honour = access.get_object_for(request.user, Honour, action=access.CHANGE, id=honour_id)
    payload = _body(request, schema)
    return _step_out(service(honour=honour, by=request.user, **payload.model_dump()))


@router.post(
    "/honours/{honour_id}/decide",
    response=HonourStepOut,
    summary="委员会评议（通过或不通过）",
    openapi_extra=json_body(HonourDecideIn),
)
def honour_decide(request, honour_id: UUID):
    return _honour_step(request, honour_id, HonourDecideIn, services.decide)


@router.post(
    "/honours/{honour_id}/publicise",
    response=HonourStepOut,
    summary="评议通过后公示",
    openapi_extra=json_body(HonourPubliciseIn),
)
def honour_publicise(request, honour_id: UUID):
    return _honour_step(request, honour_id, HonourPubliciseIn, services.publicise)


@router.post(
    "/honours/{honour_id}/award",
    response=HonourStepOut,
    summary="公示期满后表彰",
    openapi_extra=json_body(HonourAwardIn),
)
def honour_award(request, honour_id: UUID):
    return _honour_step(request, honour_id, HonourAwardIn, services.award)


# ---- 评先推优 online: the member's own routes ------------------------------------------------


@router.get("/me/rounds", response=list[RoundOut], summary="会员：正在推荐的评选")
def my_rounds(request):
    today = timezone.localdate()
    rounds = access.as_member(request.user, HonourRound.objects.taking_nominations(today))
    fields = ("id", "name", "year", "opens_on", "closes_on", "publicity_days", "self_nomination")
    return [
        {"org_code": r.org.code, **{f: getattr(r, f) for f in fields}}
        for r in rounds.select_related("org").order_by("closes_on")
    ]


@router.get("/me/nominations", response=list[NominationOut], summary="会员：我的推荐")
def my_nominations(request, limit: Limit = 100, offset: Offset = 0):
    mine = Honour.objects.filter(nominator__user=request.user).for_list()
    return [_nomination_out(h) for h in mine[offset : offset + min(limit, 500)]]


@router.get("/me/publicity", response=list[NominationOut], summary="会员：本工会正在公示的评选结果")
def my_publicity(request):
    shown = access.as_member(request.user, Honour.objects.on_publicity(timezone.localdate()))
    return [_nomination_out(h) for h in shown.for_list()[:200]]


@router.post(
    "/rounds/{honourround_id}/nominations",
    response={201: NominationOut},
    summary="会员在线推荐（个人或小组集体）",
    openapi_extra=json_body(NominationIn),
)
def member_nominate(request, honourround_id: UUID):
    round = access.get_as_member(request.user, HonourRound.objects, id=honourround_id)
    payload = _body(request, NominationIn)
    member = group = None
    if payload.member_id:
        member = Member.objects.in_subtree(round.org).filter(pk=payload.member_id).first()
        if member is None:
            raise ValidationError("只能推荐本工会的在册会员。")
    if payload.group_code:
        group = Org.objects.filter(path__startswith=round.org.path, code=payload.group_code).first()
        if group is None:
            raise ValidationError("只能推荐本工会的小组。")
    honour = services.member_nominate(
        round=round,
        by=request.user,
        kind=payload.kind,
        member=member,
        group=group,
        citation=payload.citation,
        for_group=payload.for_group,
    )
    return Status(201, _nomination_out(honour))


@router.post(
    "/honours/{honour_id}/objections",
    response={201: ObjectionOut},
    summary="会员对公示提出异议",
    openapi_extra=json_body(ObjectionIn),
)
def honour_object(request, honour_id: UUID):
    honour = access.get_as_member(request.user, Honour.objects.exclude(publicity_start=None), id=honour_id)
    payload = _body(request, ObjectionIn)
    objection = services.lodge_objection(honour=honour, by=request.user, text=payload.text)
    return Status(201, _objection_out(objection))


@router.get("/honours/{honour_id}/objections", response=list[ObjectionOut], summary="公示期间的异议")
def honour_objections(request, honour_id: UUID):
    honour = access.get_object_for(request.user, Honour, id=honour_id)
    return [_objection_out(o) for o in access.scope(request.user, honour.objections.all())]


@router.post(
    "/objections/{honourobjection_id}/answer",
    response=ObjectionOut,
    summary="登记异议核实情况",
    openapi_extra=json_body(AnswerIn),
)
def objection_answer(request, honourobjection_id: UUID):
    objection = access.get_object_for(
        request.user, HonourObjection, action=access.CHANGE, id=honourobjection_id
    )
    payload = _body(request, AnswerIn)
    return _objection_out(
        services.answer_objection(objection=objection, by=request.user, **payload.model_dump())
    )


@router.get("/{org_code}/news", response=list[ReportOut], summary="信息报送（各报送的最新版本）")
def report_list(request, org_code: str, limit: Limit = 100, offset: Offset = 0):
    org = _org(request, org_code)
    reports = access.scope(request.user, NewsReport.objects.in_subtree(org)).current().for_list()
    return [_report_out(r) for r in reports[offset : offset + min(limit, 500)]]


def _report_fields(request, org) -> dict:
    payload = _body(request, NewsReportIn)
    activity = None
    if payload.activity_id:
        # The same choice the page offers: the org's latest activities the user may see.
        offered = {a.pk: a for a in _activities(request.user, org)}
        activity = offered.get(payload.activity_id)
        if activity is None:
            raise ValidationError("相关活动不在可选范围内，请选择本单位近期的活动。")
    return {"title": payload.title, "body": payload.body, "activity": activity}


@router.post(
    "/{org_code}/news",
    response={201: ReportOut},
    summary="撰写信息（草稿）",
    openapi_extra=json_body(NewsReportIn),
)
def report_create(request, org_code: str):
    org = _org(request, org_code, access.CHANGE)
    report = services.write_report(org=org, by=request.user, **_report_fields(request, org))
    return Status(201, _report_out(report))


@router.get("/news/{newsreport_id}", response=NewsReportDetailOut, summary="信息详情")
def report_detail(request, newsreport_id: UUID):
    report = access.get_object_for(request.user, NewsReport, id=newsreport_id)
    extra = {"body": report.body, "activity_id": report.activity_id, "has_photo": bool(report.photo)}
    return {**_report_out(report), **extra}


@router.put(
    "/news/{newsreport_id}",
    response={200: ReportOut, 201: ReportOut},
    summary="修改信息（已采用的保留原稿，修改内容为新版本：201）",
    openapi_extra=json_body(NewsReportIn),
)
def report_edit(request, newsreport_id: UUID):
    report = access.get_object_for(request.user, NewsReport, action=access.CHANGE, id=newsreport_id)
    saved = services.edit_report(report=report, by=request.user, **_report_fields(request, report.org))
    return Status(201 if saved.pk != report.pk else 200, _report_out(saved))


@router.post("/news/{newsreport_id}/submit", response=ReportOut, summary="报送上级工会")
def report_submit(request, newsreport_id: UUID):
    report = access.get_object_for(request.user, NewsReport, action=access.CHANGE, id=newsreport_id)
    return _report_out(services.submit_report(report=report, by=request.user))


@router.post(
    "/news/{newsreport_id}/adopt",
    response=ReportOut,
    summary="上级工会采用信息",
    openapi_extra=json_body(AdoptIn),
)
def report_adopt(request, newsreport_id: UUID):
    report = access.get_object_for(request.user, NewsReport, action=access.CHANGE, id=newsreport_id)
    if not _may_adopt(request.user, report):
        raise PermissionDenied("只有上级工会可以采用报送的信息。")
    payload = _body(request, AdoptIn)
    return _report_out(services.adopt_report(report=report, by=request.user, **payload.model_dump()))
