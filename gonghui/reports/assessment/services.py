"""Every state change of the assessment, one keyword-only function each, in one transaction.

Round: open_round → (unions: save_self_score, attach_file, submit_self_assessment) → (reviewers:
score_item) → publish_round → record_designations. 会员评家: rate_union while the round is open.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gonghui.orgs.models import OrgKind
from gonghui.reports.assessment import rubric as rules
from gonghui.reports.assessment import scoring
from gonghui.reports.assessment.models import (
    Assessment,
    AssessmentFile,
    AssessmentRound,
    AssessmentStatus,
    Designation,
    ItemScore,
    RatingMarker,
    RatingTally,
    RoundStatus,
    Rubric,
    RubricItem,
    RubricSection,
    Satisfaction,
)

SHIPPED = Path(__file__).resolve().parent.parent / "rubrics"


def shipped_rubrics() -> dict[str, dict]:
    """The rubrics Gonghui ships as data (reports/rubrics/*.json), by key."""
    found = {}
    for path in sorted(SHIPPED.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[data.get("key") or path.stem] = data
    return found


def rubric_data(rubric: Rubric) -> dict:
    """A stored rubric back in its data shape: what copying and checking read."""
    return {
        "title": rubric.title,
        "total": str(rubric.total),
        "pass_score": None if rubric.pass_score is None else str(rubric.pass_score),
        "designation": rubric.designation,
        "description": rubric.description,
        "sections": [
            {
                "title": section.title,
                "items": [
                    {
                        "title": item.title,
                        "content": item.content,
                        "max_points": str(item.max_points),
                        "rule": item.rule,
                        "evidence": item.evidence,
                        "evidence_note": item.evidence_note,
                        "required": item.required,
                    }
                    for item in section.items.order_by("order")
                ],
            }
            for section in rubric.sections.order_by("order")
        ],
    }


@transaction.atomic
def create_rubric(*, org, year: int, data: dict, by, copied_from=None) -> Rubric:
    """A federation's rubric from data; refused with every problem listed when it does not add up."""
    if org.kind != OrgKind.FEDERATION:
        raise ValidationError("考核细则由总工会制定，请切换到总工会后再操作。")
    checked = rules.check_rubric(data)
    if not checked.ok:
        raise ValidationError(checked.problems)
    rubric = Rubric.objects.create(
        org=org,
        year=year,
        title=data["title"].strip(),
        total=rules.number(data["total"]),
        pass_score=rules.number(data.get("pass_score")),
        designation=data.get("designation") or "",
        description=data.get("description") or "",
        copied_from=copied_from,
    )
    for s_order, section in enumerate(data["sections"]):
        row = RubricSection.objects.create(org=org, rubric=rubric, title=section["title"], order=s_order)
        RubricItem.objects.bulk_create(
            RubricItem(
                org=org,
                section=row,
                order=i_order,
                title=item["title"].strip(),
                content=item.get("content") or "",
                max_points=rules.number(item["max_points"]),
                rule=item["rule"],
                evidence=list(item.get("evidence") or []),
                evidence_note=item.get("evidence_note") or "",
                required=bool(item.get("required")),
            )
            for i_order, item in enumerate(section["items"])
        )
    return rubric


def load_shipped_rubric(*, org, key: str, year: int, by) -> Rubric:
    data = shipped_rubrics().get(key)
    if data is None:
        raise ValidationError("没有这个考核细则模板，请从列表中选择。")
    return create_rubric(org=org, year=year, data=data, by=by)


def copy_rubric(*, rubric: Rubric, year: int, by) -> Rubric:
    """Last year's rubric for a new year: the same sections and items, to be adjusted before use."""
    return create_rubric(org=rubric.org, year=year, data=rubric_data(rubric), by=by, copied_from=rubric)


def _check_usable(rubric):
    checked = rules.check_rubric(rubric_data(rubric))
    if not checked.ok:
        raise ValidationError(["该考核细则有问题，改正后才能发起考核："] + checked.problems)


@transaction.atomic
def open_round(*, rubric: Rubric, title: str, year: int, by, today, submit_by=None) -> AssessmentRound:
    """Open a round for every union under the rubric's federation, each with its pre-filled sheet."""
    _check_usable(rubric)
    unions = list(rubric.org.subtree().filter(kind=OrgKind.UNION))
    if not unions:
        raise ValidationError("本级总工会下还没有基层工会，无法发起考核。")
    found = AssessmentRound.objects.create(
        org=rubric.org,
        rubric=rubric,
        title=title.strip() or str(rubric),
        year=year,
        submit_by=submit_by,
        opened_by=by,
    )
    items = list(rubric.items_in_order())
    for union in unions:
        assessment = Assessment.objects.create(org=union, round=found)
        ItemScore.objects.bulk_create(
            ItemScore(org=union, assessment=assessment, item=item) for item in items
        )
        _fill_automatic(assessment, today=today)
    return found


def _tally(round_, org):
    return RatingTally.objects.filter(round=round_, org=org).first()


def _fill_automatic(assessment, *, today):
    tally = _tally(assessment.round, assessment.org)
    scores = list(assessment.scores.select_related("item"))
    for score in scores:
        score.facts = scoring.item_facts(
            score.item, org=assessment.org, year=assessment.round.year, today=today, tally=tally
        )
        score.auto_points = scoring.auto_points(score.item, score.facts)
    ItemScore.objects.bulk_update(scores, ["facts", "auto_points"])


def _require_open(round_):
    if not round_.is_open:
        raise ValidationError("本轮考核已结束（结果已发布），不能再修改或评分。")


def _require_draft(assessment):
    _require_open(assessment.round)
    if not assessment.is_draft:
        raise ValidationError("自评已提交，不能再修改；如需修改，请联系上级工会。")


@transaction.atomic
def refresh_automatic(*, assessment: Assessment, by, today) -> Assessment:
    """Rescore the automatic items from the records as they are now (only while the union is still self-assessing)."""
    _require_draft(assessment)
    _fill_automatic(assessment, today=today)
    return assessment


def _checked_points(points, item) -> Decimal:
    value = rules.number(points)
    if value is None:
        raise ValidationError("请填写分数（数字）。")
    if value < 0 or value > item.max_points:
        raise ValidationError(f"分数应在 0 到 {rules.points_text(item.max_points)} 分之间。")
    return value


@transaction.atomic
def save_self_score(*, score: ItemScore, points, note: str, by) -> ItemScore:
    _require_draft(score.assessment)
    score.self_points = None if points in (None, "") else _checked_points(points, score.item)
    score.self_note = (note or "").strip()[:500]
    score.save(update_fields=["self_points", "self_note", "updated_at"])
    return score


@transaction.atomic
def attach_file(*, score: ItemScore, file, by) -> AssessmentFile:
    _require_draft(score.assessment)
    return AssessmentFile.objects.create(
        org=score.org, score=score, file=file, name=Path(file.name).name[:200], uploaded_by=by
    )


def _total(scores, points) -> Decimal:
    return sum((points(s) or Decimal(0) for s in scores), Decimal(0))


@transaction.atomic
def submit_self_assessment(*, assessment: Assessment, by, today) -> Assessment:
    """Hand the sheet to the federation: automatic items rescored now, every manual item self-scored."""
    _require_draft(assessment)
    _fill_automatic(assessment, today=today)
    scores = list(assessment.scores.select_related("item"))
    unscored = [s.item.title for s in scores if s.claimed_points is None]
    if unscored:
        raise ValidationError(
            f"还有 {len(unscored)} 项没有自评分：{'、'.join(unscored[:5])}，请填写后再提交。"
        )
    assessment.self_total = _total(scores, lambda s: s.claimed_points)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = by
    assessment.save(update_fields=["self_total", "status", "submitted_at", "submitted_by", "updated_at"])
    return assessment


@transaction.atomic
def score_item(*, score: ItemScore, points, comment: str, by) -> ItemScore:
    """A reviewer's score for one item; a score other than the union's own needs a comment saying why."""
    assessment = score.assessment
    _require_open(assessment.round)
    if assessment.is_draft:
        raise ValidationError("该工会还没有提交自评，提交后才能评分。")
    value = _checked_points(points, score.item)
    comment = (comment or "").strip()
    if value != score.claimed_points and not comment:
        raise ValidationError("评分与自评分不同，请填写评审意见，说明扣分（或加分）原因。")
    score.review_points, score.review_comment = value, comment[:500]
    score.reviewed_by, score.reviewed_at = by, timezone.now()
    score.save(update_fields=["review_points", "review_comment", "reviewed_by", "reviewed_at", "updated_at"])
    _update_review_state(assessment)
    return score


def _update_review_state(assessment):
    scores = list(assessment.scores.select_related("item"))
    done = all(s.review_points is not None for s in scores)
    assessment.status = AssessmentStatus.REVIEWED if done else AssessmentStatus.SUBMITTED
    assessment.final_total = _total(scores, lambda s: s.final_points) if done else None
    assessment.save(update_fields=["status", "final_total", "updated_at"])


def outcome(assessment, scores, rubric) -> tuple[Decimal, list[str], bool]:
    """(points, missed 必备 items, passed): a missed 必备 item fails the union whatever its points."""
    total = _total(scores, lambda s: s.final_points)
    missed = [s.item.title for s in scores if s.missed]
    passed = not missed and (rubric.pass_score is None or total >= rubric.pass_score)
    return total, missed, passed


@transaction.atomic
def publish_round(*, round: AssessmentRound, by) -> AssessmentRound:  # noqa: A002 (the domain's word)
    """Close scoring and publish: totals, 必备 failures, pass/fail and the ranking of submitted unions."""
    _require_open(round)
    assessments = list(round.assessments.select_related("org"))
    pending = [a.org.name for a in assessments if a.status == AssessmentStatus.SUBMITTED]
    if pending:
        raise ValidationError(
            f"还有 {len(pending)} 家工会没有评完：{'、'.join(pending[:5])}，请评完后再发布。"
        )
    for assessment in assessments:
        _settle(assessment, round.rubric)
    ranked = sorted(
        (a for a in assessments if a.status == AssessmentStatus.REVIEWED),
        key=lambda a: (not a.passed, -a.final_total, a.org.name),
    )
    for place, assessment in enumerate(ranked, start=1):
        assessment.rank = place
    Assessment.objects.bulk_update(assessments, ["final_total", "missed_required", "passed", "rank"])
    round.status, round.published_at, round.published_by = RoundStatus.PUBLISHED, timezone.now(), by
    round.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return round


def _settle(assessment, rubric):
    if assessment.status != AssessmentStatus.REVIEWED:
        # Never submitted: not assessed, so not passed and not ranked.
        assessment.final_total, assessment.missed_required, assessment.passed = None, [], False
        return
    scores = list(assessment.scores.select_related("item"))
    assessment.final_total, assessment.missed_required, assessment.passed = outcome(
        assessment, scores, rubric
    )


@transaction.atomic
def record_designations(*, round: AssessmentRound, orgs, by) -> list[Designation]:  # noqa: A002
    """The round's title (e.g. 模范职工之家) for the chosen unions; only those that passed may get it."""
    title = round.rubric.designation
    if round.is_open:
        raise ValidationError("请先发布考核结果，再授予称号。")
    if not title:
        raise ValidationError("该考核细则没有设定授予的称号。")
    passed = {a.org_id: a for a in round.assessments.filter(passed=True)}
    failed = [org.name for org in orgs if org.pk not in passed]
    if failed:
        raise ValidationError(f"{'、'.join(failed)}考核未通过，不能授予“{title}”称号。")
    found = []
    for org in orgs:
        designation, _ = Designation.objects.get_or_create(
            org=org, title=title, year=round.year, defaults={"round": round, "awarded_by": by}
        )
        found.append(designation)
    return found


@transaction.atomic
def rate_union(*, round: AssessmentRound, org, user, choice: str) -> None:
    """A member's 会员评家 rating, added into the union's counts; only a "has rated" mark remembers him."""
    _require_open(round)
    if choice not in Satisfaction.values:
        raise ValidationError("请选择 满意、基本满意 或 不满意。")
    if not round.assessments.filter(org=org).exists():
        raise ValidationError("本工会不在这一轮考核之中。")
    try:
        with transaction.atomic():
            RatingMarker.objects.create(org=org, round=round, user=user)
    except IntegrityError:
        raise ValidationError("您已经评价过了，每位会员每轮只能评价一次。") from None
    tally, _ = RatingTally.objects.get_or_create(round=round, org=org)
    RatingTally.objects.filter(pk=tally.pk).update(**{choice: F(choice) + 1})
    _rescore_rating_items(round, org)


def _rescore_rating_items(round_, org):
    """A draft sheet shows the rating as it stands; a submitted one keeps what it was submitted with."""
    tally = _tally(round_, org)
    scores = ItemScore.objects.filter(
        assessment__round=round_, assessment__org=org, assessment__status=AssessmentStatus.DRAFT
    ).select_related("item")
    for score in scores:
        if score.item.rule_kind == rules.MEMBER_RATING:
            score.facts = scoring.item_facts(score.item, org=org, year=round_.year, today=None, tally=tally)
            score.auto_points = scoring.auto_points(score.item, score.facts)
            score.save(update_fields=["facts", "auto_points"])
