"""API for the year-end summary's figures and the assessment (mounted under /api/reports/)."""

from decimal import Decimal
from uuid import UUID

import pydantic
from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from gonghui.core import access
from gonghui.reports.assessment import services
from gonghui.reports.assessment.models import Assessment, AssessmentRound, ItemScore
from gonghui.reports.summary.build import build_summary
from gonghui.reports.summary.services import saved_texts

router = Router(tags=["年度总结与考核"])


class ScoreOut(Schema):
    id: UUID
    section: str
    title: str
    max_points: Decimal
    required: bool
    rule: str
    auto_points: Decimal | None
    facts: dict
    self_points: Decimal | None
    self_note: str
    review_points: Decimal | None
    review_comment: str


class AssessmentOut(Schema):
    id: UUID
    org_code: str
    round: str
    status: str
    self_total: Decimal | None
    final_total: Decimal | None
    passed: bool | None
    rank: int | None
    missed_required: list[str]
    scores: list[ScoreOut]


class SelfIn(Schema):
    points: Decimal | None = None
    note: str = ""


class ReviewIn(Schema):
    points: Decimal
    comment: str = ""


def _score_out(s) -> ScoreOut:
    return ScoreOut(
        id=s.pk,
        section=s.item.section.title,
        title=s.item.title,
        max_points=s.item.max_points,
        required=s.item.required,
        rule=s.item.rule_kind,
        auto_points=s.auto_points,
        facts=s.facts,
        self_points=s.self_points,
        self_note=s.self_note,
        review_points=s.review_points,
        review_comment=s.review_comment,
    )


def _assessment_out(a) -> AssessmentOut:
    scores = a.scores.select_related("item__section")
    return AssessmentOut(
        id=a.pk,
        org_code=a.org.code,
        round=a.round.title,
        status=a.status,
        self_total=a.self_total,
        final_total=a.final_total,
        passed=a.passed,
        rank=a.rank,
        missed_required=a.missed_required,
        scores=[_score_out(s) for s in scores],
    )


def _body(request, schema):
    """The JSON body, parsed only after access was checked: a stranger learns nothing from a 422."""
    try:
        return schema.model_validate_json(request.body or b"{}")
    except pydantic.ValidationError as error:
        fields = "、".join(".".join(str(p) for p in e["loc"]) for e in error.errors()[:5])
        raise HttpError(422, f"请求数据格式不正确：{fields}") from None


def _documented(schema):
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": schema.model_json_schema()}},
        }
    }


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except ValidationError as error:
        raise HttpError(422, "；".join(error.messages)) from None


@router.get("/orgs/{org_code}/summary", summary="年度工作总结的数字（含指标键）")
def summary(request, org_code: str, year: int | None = None):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.VIEW, org)
    today = timezone.localdate()
    year = today.year if year is None else year
    if not 2000 <= year <= 2100:
        raise HttpError(422, "年度应在 2000 到 2100 之间。")
    return build_summary(org, year=year, today=today, texts=saved_texts(org, year)).as_json()


@router.get("/assessments/{assessment_id}", response=AssessmentOut, summary="一家工会的考核表")
def assessment(request, assessment_id: UUID):
    return _assessment_out(access.get_object_for(request.user, Assessment, id=assessment_id))


@router.post("/assessments/{assessment_id}/submit", response=AssessmentOut, summary="提交自评")
def submit(request, assessment_id: UUID):
    found = access.get_object_for(request.user, Assessment, access.CHANGE, id=assessment_id)
    _call(services.submit_self_assessment, assessment=found, by=request.user, today=timezone.localdate())
    return _assessment_out(found)


@router.post(
    "/scores/{itemscore_id}/self", response=ScoreOut, summary="填写自评分", openapi_extra=_documented(SelfIn)
)
def score_self(request, itemscore_id: UUID):
    score = access.get_object_for(request.user, ItemScore, access.CHANGE, id=itemscore_id)
    payload = _body(request, SelfIn)
    return _score_out(_call(services.save_self_score, score=score, by=request.user, **payload.dict()))


@router.post(
    "/scores/{itemscore_id}/review",
    response=ScoreOut,
    summary="评审评分（上级工会）",
    openapi_extra=_documented(ReviewIn),
)
def score_review(request, itemscore_id: UUID):
    score = access.get_object_for(request.user, ItemScore, id=itemscore_id)
    access.require(request.user, access.CHANGE, score.assessment.round.org)
    payload = _body(request, ReviewIn)
    return _score_out(_call(services.score_item, score=score, by=request.user, **payload.dict()))


@router.post("/rounds/{assessmentround_id}/publish", summary="发布考核结果")
def publish(request, assessmentround_id: UUID):
    found = access.get_object_for(request.user, AssessmentRound, access.MANAGE, id=assessmentround_id)
    _call(services.publish_round, round=found, by=request.user)
    return {"detail": "考核结果已发布。"}
