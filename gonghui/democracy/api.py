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
from gonghui.democracy.models import (
    Category,
    Congress,
    Delegate,
    DelegateElection,
    LeaderEvaluation,
    Proposal,
    Session,
    Vote,
    VoteStatus,
)
from gonghui.members import picker

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


# ---- 民主评议: ballots (delegates or all members ⚙) and paper envelopes -------------------------


class EvaluationBallotIn(Schema):
    grades: dict[str, str]  # leader id → excellent / competent / basic / incompetent
    comment: str = pydantic.Field(default="", max_length=500)


class PaperEvaluationIn(Schema):
    teller_1: str = pydantic.Field(max_length=50)
    teller_2: str = pydantic.Field(max_length=50)
    ballots_issued: int = pydantic.Field(ge=0, le=100_000)
    ballots: int = pydantic.Field(ge=0, le=100_000)
    counts: dict[UUID, dict[str, int]]  # leader id → {grade: count}


class EvaluationOut(Schema):
    id: UUID
    title: str
    status: str
    method: str
    by_members: bool
    ballots_cast: int
    ballots_issued: int | None = None
    electorate: int
    results: list[dict] | None = None  # per leader, counts and %, only once closed


def _evaluation_out(evaluation) -> EvaluationOut:
    evaluation.refresh_from_db()
    closed = evaluation.status == VoteStatus.CLOSED
    results = None
    if closed:
        data = services.evaluation_results(evaluation)
        results = [
            {"leader": f"{r['leader'].post} {r['leader'].name}".strip(), "grades": r["grades"]}
            for r in data["rows"]
        ]
    cast = evaluation.ballots_cast
    if cast is None:
        cast = services.evaluation_receipts(evaluation).count()
    return EvaluationOut(
        id=evaluation.pk,
        title=evaluation.title,
        status=evaluation.status,
        method=evaluation.method,
        by_members=evaluation.by_members,
        ballots_cast=cast,
        ballots_issued=evaluation.ballots_issued,
        electorate=evaluation.seated_count or services.evaluation_electorate(evaluation).count(),
        results=results,
    )


@router.get(
    "/evaluations/{leaderevaluation_id}", response=EvaluationOut, summary="民主评议（结束后显示各等次票数）"
)
def evaluation_detail(request, leaderevaluation_id: UUID):
    return _evaluation_out(access.get_object_for(request.user, LeaderEvaluation, id=leaderevaluation_id))


@router.post(
    "/evaluations/{leaderevaluation_id}/ballot",
    response={201: dict},
    summary="无记名评议（只记录已参评，不记录评了什么）",
    openapi_extra=json_body(EvaluationBallotIn),
)
def evaluation_ballot(request, leaderevaluation_id: UUID):
    evaluation = access.get_object_for(request.user, LeaderEvaluation, id=leaderevaluation_id)
    payload = _body(request, EvaluationBallotIn)
    services.cast_evaluation(
        evaluation=evaluation, user=request.user, grades=payload.grades, comment=payload.comment
    )
    return 201, {"detail": "已参评。"}


@router.post(
    "/evaluations/{leaderevaluation_id}/paper",
    response=EvaluationOut,
    summary="录入纸质评议票计票结果（计票人、监票人）",
    openapi_extra=json_body(PaperEvaluationIn),
)
def evaluation_paper(request, leaderevaluation_id: UUID):
    evaluation = access.get_object_for(
        request.user, LeaderEvaluation, action=access.CHANGE, id=leaderevaluation_id
    )
    payload = _body(request, PaperEvaluationIn)
    services.enter_paper_evaluation(
        evaluation=evaluation, counts=payload.counts, ballots=payload.ballots,
        ballots_issued=payload.ballots_issued, teller_1=payload.teller_1, teller_2=payload.teller_2,
    )  # fmt: skip
    return _evaluation_out(evaluation)


# ---- 代表选举 (rule 8) and 临时会议 requested by delegates (rule 5) ------------------------------


class CandidateIn(Schema):
    member_id: UUID
    votes: int = pydantic.Field(ge=0, le=1_000_000)


class ElectionIn(Schema):
    constituency: str = pydantic.Field(min_length=1, max_length=50)
    held_on: date
    electorate: int = pydantic.Field(ge=1, le=1_000_000)
    ballots_cast: int = pydantic.Field(ge=0, le=1_000_000)
    seats: int = pydantic.Field(default=1, ge=1, le=100)
    category: str = "frontline"
    delegation: str = pydantic.Field(default="", max_length=50)
    candidates: list[CandidateIn] = pydantic.Field(min_length=1, max_length=100)


class CandidateOut(Schema):
    name: str
    votes: int
    elected: bool
    delegate_id: UUID | None


class ElectionOut(Schema):
    id: UUID
    constituency: str
    held_on: date
    electorate: int
    ballots_cast: int
    seats: int
    valid: bool
    rule_text: str
    result_text: str
    seated_on: date | None
    candidates: list[CandidateOut]


def _election_out(election) -> ElectionOut:
    election.refresh_from_db()
    return ElectionOut(
        id=election.pk,
        constituency=election.constituency,
        held_on=election.held_on,
        electorate=election.electorate,
        ballots_cast=election.ballots_cast,
        seats=election.seats,
        valid=election.valid,
        rule_text=election.rule_text,
        result_text=election.result_text,
        seated_on=election.seated_on,
        candidates=[
            CandidateOut(name=c.member.name, votes=c.votes, elected=c.elected, delegate_id=c.delegate_id)
            for c in election.candidates.select_related("member")
        ],
    )


@router.get("/congresses/{congress_id}/elections", response=list[ElectionOut], summary="代表选举（按选区）")
def election_list(request, congress_id: UUID):
    congress = access.get_object_for(request.user, Congress, id=congress_id)
    rows = access.scope(request.user, DelegateElection.objects.filter(congress=congress))
    return [_election_out(e) for e in rows.order_by("-held_on")[:200]]


@router.post(
    "/congresses/{congress_id}/elections",
    response={201: ElectionOut},
    summary="登记选区代表选举结果（第8条：三分之二参选、半数赞成）",
    openapi_extra=json_body(ElectionIn),
)
def election_create(request, congress_id: UUID):
    congress = access.get_object_for(request.user, Congress, action=access.CHANGE, id=congress_id)
    payload = _body(request, ElectionIn)
    members = picker.pickable(request.user, congress.org).in_bulk([c.member_id for c in payload.candidates])
    votes = []
    for c in payload.candidates:
        if c.member_id not in members:
            raise ValidationError("候选人须是本单位在会会员。")
        votes.append((members[c.member_id], c.votes))
    if payload.category not in Category.values:
        raise ValidationError("代表构成无效。")
    fields = payload.dict(exclude={"candidates"})
    election = services.record_delegate_election(congress=congress, by=request.user, votes=votes, **fields)
    return 201, _election_out(election)


@router.post("/elections/{delegateelection_id}/seat", response=ElectionOut, summary="当选人登记为代表")
def election_seat(request, delegateelection_id: UUID):
    election = access.get_object_for(
        request.user, DelegateElection, action=access.CHANGE, id=delegateelection_id
    )
    return _election_out(services.seat_elected_delegates(election=election))


class ExtraordinaryIn(Schema):
    held_on: date
    place: str = pydantic.Field(default="", max_length=100)
    mode: str = "onsite"
    delegate_ids: list[UUID] = pydantic.Field(min_length=1, max_length=10_000)


@router.post(
    "/congresses/{congress_id}/extraordinary",
    response={201: SessionOut},
    summary="代表联名提议召开临时会议（须三分之一以上在任代表）",
    openapi_extra=json_body(ExtraordinaryIn),
)
def extraordinary_create(request, congress_id: UUID):
    congress = access.get_object_for(request.user, Congress, action=access.CHANGE, id=congress_id)
    payload = _body(request, ExtraordinaryIn)
    if payload.mode not in ("onsite", "online", "mixed"):
        raise ValidationError("会议形式无效。")
    delegates = list(
        Delegate.objects.filter(congress=congress, pk__in=payload.delegate_ids).select_related("member")
    )
    if len(delegates) != len(set(payload.delegate_ids)):
        raise ValidationError("所选代表不在本届代表名册中。")
    session = services.request_extraordinary_session(
        congress=congress, held_on=payload.held_on, requesters=delegates, by=request.user,
        place=payload.place, mode=payload.mode,
    )  # fmt: skip
    return 201, _session_out(session)
