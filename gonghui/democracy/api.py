"""Democracy API: sessions with quorum, check-in, secret ballots and results, proposals.

A ballot's choice goes in the request body and nowhere else: it is not echoed, logged or queued."""

from datetime import date, datetime
from uuid import UUID

import pydantic
from django.core.exceptions import ValidationError
from ninja import Router, Schema

from gonghui.core import access
from gonghui.core.api_docs import json_body
from gonghui.core.api_params import Limit, Offset
from gonghui.democracy import services
from gonghui.democracy.models import Proposal, Session, Vote, VoteStatus

router = Router(tags=["职代会"])


class SessionOut(Schema):
    id: UUID
    org_code: str
    title: str
    held_on: date
    status: str
    seated: int
    present: int
    quorum: int
    quorate: bool
    agenda_publish_by: date
    results_closed_on: date | None
    results_publish_by: date | None


class OptionOut(Schema):
    id: UUID
    label: str
    count: int | None = None  # only once the vote is closed


class VoteOut(Schema):
    id: UUID
    title: str
    status: str
    method: str
    ballots_cast: int
    options: list[OptionOut]
    passed: bool | None = None
    result_text: str = ""
    rule_text: str = ""
    seated_count: int | None = None
    present_count: int | None = None
    closed_at: datetime | None = None


class BallotIn(Schema):
    option_id: UUID


class ProposalOut(Schema):
    id: UUID
    session_id: UUID
    number: int | None
    title: str
    proposer: str
    status: str
    lead_department: str
    reply_due: date | None
    replied_on: date | None
    rating: str


def _body(request, schema):
    try:
        return schema.model_validate_json(request.body or b"{}")
    except pydantic.ValidationError as error:
        fields = "、".join(".".join(str(p) for p in e["loc"]) for e in error.errors()[:5])
        raise ValidationError(f"请求数据格式不正确：{fields}") from None


def _session_out(session) -> SessionOut:
    seated = session.seated().count()
    present = session.present_count()
    quorum = session.quorum_needed(seated)
    return SessionOut(
        id=session.pk,
        org_code=session.org.code,
        title=str(session),
        held_on=session.held_on,
        status=session.status,
        seated=seated,
        present=present,
        quorum=quorum,
        quorate=seated > 0 and present >= quorum,
        agenda_publish_by=session.agenda_publish_by,
        results_closed_on=session.results_closed_on,
        results_publish_by=session.results_publish_by,
    )


def _vote_out(vote) -> VoteOut:
    closed = vote.status == VoteStatus.CLOSED
    return VoteOut(
        id=vote.pk,
        title=vote.title,
        status=vote.status,
        method=vote.method,
        ballots_cast=vote.ballots_cast if closed else vote.receipts.count(),
        options=[
            OptionOut(id=o.pk, label=o.label, count=o.count if closed else None) for o in vote.option_rows()
        ],
        passed=vote.passed,
        result_text=vote.result_text,
        rule_text=vote.rule_text,
        seated_count=vote.seated_count,
        present_count=vote.present_count,
        closed_at=vote.closed_at,
    )


@router.get("/{org_code}/sessions", response=list[SessionOut], summary="职代会会议（含法定人数情况）")
def session_list(request, org_code: str, limit: Limit = 50, offset: Offset = 0):
    org = access.get_org_for(request.user, org_code)
    sessions = access.scope(request.user, Session.objects.in_subtree(org)).for_list()
    return [_session_out(s) for s in sessions[offset : offset + min(limit, 200)]]


@router.get("/sessions/{session_id}", response=SessionOut, summary="会议详情")
def session_detail(request, session_id: UUID):
    return _session_out(access.get_object_for(request.user, Session, id=session_id))


@router.post("/sessions/{session_id}/checkin", response={201: SessionOut}, summary="代表本人签到")
def session_checkin(request, session_id: UUID):
    session = access.get_object_for(request.user, Session, id=session_id)
    delegate = session.congress.delegates.filter(member__user=request.user, status="seated").first()
    if delegate is None:
        raise ValidationError("您不是本届大会的代表。")
    services.check_in(session=session, delegate=delegate, by=request.user, by_self=True)
    return 201, _session_out(session)


@router.get("/votes/{vote_id}", response=VoteOut, summary="表决（结束前不显示各选项票数）")
def vote_detail(request, vote_id: UUID):
    return _vote_out(access.get_object_for(request.user, Vote, id=vote_id))


@router.post(
    "/votes/{vote_id}/ballot",
    response={201: dict},
    summary="无记名投票（只记录已投票，不记录投了什么）",
    openapi_extra=json_body(BallotIn),
)
def vote_ballot(request, vote_id: UUID):
    vote = access.get_object_for(request.user, Vote.objects.select_related("session"), id=vote_id)
    payload = _body(request, BallotIn)
    services.cast_ballot(vote=vote, user=request.user, option_id=payload.option_id)
    return 201, {"detail": "已投票。"}


@router.post("/votes/{vote_id}/open", response=VoteOut, summary="开始表决（须达到法定人数）")
def vote_open(request, vote_id: UUID):
    vote = access.get_object_for(request.user, Vote, action=access.CHANGE, id=vote_id)
    return _vote_out(services.open_vote(vote=vote, by=request.user))


@router.post("/votes/{vote_id}/close", response=VoteOut, summary="结束表决并冻结结果")
def vote_close(request, vote_id: UUID):
    vote = access.get_object_for(request.user, Vote, action=access.CHANGE, id=vote_id)
    return _vote_out(services.close_vote(vote=vote, by=request.user))


@router.get("/{org_code}/proposals", response=list[ProposalOut], summary="提案")
def proposal_list(request, org_code: str, limit: Limit = 100, offset: Offset = 0):
    org = access.get_org_for(request.user, org_code)
    rows = access.scope(request.user, Proposal.objects.in_subtree(org)).for_list()
    return [
        ProposalOut(
            id=p.pk,
            session_id=p.session_id,
            number=p.number,
            title=p.title,
            proposer=p.proposer.member.name,
            status=p.status,
            lead_department=p.lead_department,
            reply_due=p.reply_due,
            replied_on=p.replied_on,
            rating=p.rating,
        )  # fmt: skip
        for p in rows[offset : offset + min(limit, 500)]
    ]
