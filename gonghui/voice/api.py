"""Voice API: notices (members get published ones for them, with a read receipt), opinions,
suggestions and letters, the publishing plan. Same rules as the pages (core/access.py)."""

from datetime import date
from uuid import UUID

import pydantic
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema

from gonghui.core import access
from gonghui.core.api_docs import json_body
from gonghui.core.api_params import Limit, Offset, Year
from gonghui.metrics import registry
from gonghui.voice import publishing, services
from gonghui.voice.models import Channel, Notice, OpinionKind, Suggestion

router = Router(tags=["公开与建议"])


class NoticeOut(Schema):
    id: UUID
    org_code: str
    kind: str
    category: str
    title: str
    body: str  # sanitised HTML
    audience: str
    publish_from: date
    publish_to: date
    status: str


class OpinionIn(Schema):
    body: str = pydantic.Field(min_length=1, max_length=2000)
    kind: OpinionKind = OpinionKind.OPINION


class OpinionOut(Schema):
    id: UUID
    notice_id: UUID
    kind: str
    body: str
    due_on: date
    reply: str
    replied: bool


class SuggestionIn(Schema):
    channel: Channel
    title: str = pydantic.Field(min_length=1, max_length=120)
    body: str = pydantic.Field(min_length=1, max_length=5000)
    anonymous: bool = False


class SuggestionOut(Schema):
    id: UUID
    channel: str
    title: str
    status: str
    submitted_on: date
    due_on: date
    reply: str
    anonymous: bool
    reference: str | None = None  # only to the writer of an anonymous letter, once


class DueOut(Schema):
    org_name: str
    label: str
    due_on: date
    done_on: date | None
    status: str


class VoiceSummaryOut(Schema):
    org_code: str
    year: int
    figures: dict[str, float | None]


def _body(request, schema):
    try:
        return schema.model_validate_json(request.body or b"{}")
    except pydantic.ValidationError as error:
        fields = "、".join(".".join(str(p) for p in e["loc"]) for e in error.errors()[:5])
        raise ValidationError(f"请求数据格式不正确：{fields}") from None


def _notice_out(n) -> NoticeOut:
    return NoticeOut(
        org_code=n.org.code,
        **{
            f: getattr(n, f)
            for f in (
                "id",
                "kind",
                "category",
                "title",
                "body",
                "audience",
                "publish_from",
                "publish_to",
                "status",
            )
        },
    )


def _opinion_out(o) -> OpinionOut:
    return OpinionOut(
        id=o.pk,
        notice_id=o.notice_id,
        kind=o.kind,
        body=o.body,
        due_on=o.due_on,
        reply=o.reply,
        replied=o.replied_at is not None,
    )


def _suggestion_out(s, reference=False) -> SuggestionOut:
    return SuggestionOut(
        reference=s.reference if reference else None,
        **{
            f: getattr(s, f)
            for f in ("id", "channel", "title", "status", "submitted_on", "due_on", "reply", "anonymous")
        },
    )


@router.get("/me/notices", response=list[NoticeOut], summary="我可阅读的公开事项（会员）")
def my_notices(request):
    member = services.member_of(request.user)
    rows = access.scope(request.user, Notice.objects.published()).select_related("org", "audience_group")
    rows = rows.order_by("-publish_from", "-created_at")[:60]
    return [
        _notice_out(n)
        for n in rows
        if services.in_audience(n, member) or access.can(request.user, access.VIEW, n.org)
    ]


@router.get("/me/suggestions", response=list[SuggestionOut], summary="我的建议与来信（署名的）")
def my_suggestions(request):
    rows = Suggestion.objects.filter(author=request.user).order_by("-submitted_on")[:100]
    return [_suggestion_out(s) for s in rows]


@router.post(
    "/me/suggestions",
    response={201: SuggestionOut},
    summary="提建议或写信（可匿名写信）",
    openapi_extra=json_body(SuggestionIn),
)
def suggestion_create(request):
    payload = _body(request, SuggestionIn)
    suggestion = services.submit_suggestion(by=request.user, **payload.model_dump())
    return 201, _suggestion_out(suggestion, reference=suggestion.anonymous)


@router.get("/{org_code}/notices", response=list[NoticeOut], summary="公开事项（工会）")
def notice_list(request, org_code: str, limit: Limit = 100, offset: Offset = 0):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.VIEW, org)
    rows = access.scope(request.user, Notice.objects.in_subtree(org)).for_list()
    return [_notice_out(n) for n in rows[offset : offset + min(limit, 500)]]


def _notice_for(user, notice_id):
    notice = access.get_object_for(user, Notice.objects.select_related("org"), id=notice_id)
    if access.can(user, access.VIEW, notice.org):
        return notice
    if not notice.is_published or not services.in_audience(notice, services.member_of(user)):
        raise Http404("找不到该公开事项，或您不在公开范围内。")
    return notice


@router.get("/notices/{notice_id}", response=NoticeOut, summary="公开事项（会员打开即记为已读）")
def notice_detail(request, notice_id: UUID):
    notice = _notice_for(request.user, notice_id)
    services.record_read(notice=notice, user=request.user)
    return _notice_out(notice)


@router.post(
    "/notices/{notice_id}/opinions",
    response={201: OpinionOut},
    summary="对公开事项提意见",
    openapi_extra=json_body(OpinionIn),
)
def opinion_add(request, notice_id: UUID):
    notice = _notice_for(request.user, notice_id)
    payload = _body(request, OpinionIn)
    return 201, _opinion_out(
        services.add_opinion(notice=notice, by=request.user, body=payload.body, kind=payload.kind)
    )


@router.get("/{org_code}/suggestions", response=list[SuggestionOut], summary="合理化建议与来信（工会）")
def suggestion_list(request, org_code: str, channel: str = "", limit: Limit = 100, offset: Offset = 0):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.PERSONAL, org)
    rows = access.scope(request.user, Suggestion.objects.in_subtree(org)).for_list()
    if channel in Channel.values:
        rows = rows.filter(channel=channel)
    return [_suggestion_out(s) for s in rows[offset : offset + min(limit, 500)]]


@router.get("/suggestions/{suggestion_id}", response=SuggestionOut, summary="一条建议或来信")
def suggestion_detail(request, suggestion_id: UUID):
    return _suggestion_out(access.get_object_for(request.user, Suggestion, id=suggestion_id))


@router.get("/{org_code}/due", response=list[DueOut], summary="公开计划：应公开事项及是否按时")
def due_list(request, org_code: str, year: Year | None = None):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.VIEW, org)
    year = year or timezone.localdate().year
    today = timezone.localdate()
    dues = publishing.due_publications(org.subtree(), date(year, 1, 1), date(year, 12, 31))
    return [
        DueOut(org_name=d.org_name, label=d.label, due_on=d.due_on, done_on=d.done_on, status=d.status(today))
        for d in dues
    ]


@router.get("/{org_code}/summary", response=VoiceSummaryOut, summary="公开率、建议数、采纳率、信箱按时答复率")
def summary(request, org_code: str, year: Year | None = None):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.VIEW, org)
    year = year or timezone.localdate().year
    start, end = date(year, 1, 1), date(year, 12, 31)
    keys = [
        "democracy.open_affairs_rate",
        "democracy.notices_published",
        "democracy.suggestions",
        "democracy.suggestion_adoption_rate",
        "democracy.mailbox_on_time_rate",
    ]
    return VoiceSummaryOut(
        org_code=org.code, year=year, figures={k: registry.compute(k, org, start, end).value for k in keys}
    )
