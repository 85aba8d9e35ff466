"""The assessment round: pre-filled automatic items, self-assessment, review, 必备 failure, publishing,
designations and the orgs.model_unions metric, and 会员评家 that cannot be traced to a member."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.activities.tests.factories import ActivityFactory
from gonghui.metrics import registry as metrics
from gonghui.reports.assessment import services
from gonghui.reports.assessment.models import AssessmentStatus, RatingMarker, RatingTally

YEAR = 2026
TODAY = date(2026, 12, 1)
TZ = ZoneInfo("Asia/Shanghai")

RUBRIC = {
    "title": "测试考核细则",
    "total": 40,
    "pass_score": 20,
    "designation": "示范工会",
    "sections": [
        {
            "title": "一、工作开展",
            "items": [
                {
                    "title": "文体活动",
                    "max_points": 10,
                    "evidence": ["activities.activity"],
                    "rule": {"kind": "evidence_count", "evidence": "activities.activity", "at_least": 2},
                },  # fmt: skip
                {
                    "title": "会员名册",
                    "max_points": 10,
                    "required": True,
                    "rule": {"kind": "ledger", "ledger": "members.roster"},
                },  # fmt: skip
            ],
        },
        {
            "title": "二、自身建设",
            "items": [
                {"title": "职代会", "max_points": 10, "required": True, "rule": {"kind": "manual"}},
                {
                    "title": "会员评家",
                    "max_points": 10,
                    "rule": {
                        "kind": "member_rating",
                        "bands": [
                            {"min": 80, "points": 10},
                            {"min": 50, "max": 80, "points": 5},
                            {"max": 50, "points": 0},
                        ],
                    },
                },  # fmt: skip
            ],
        },
    ],
}


@pytest.fixture
def round_(world):
    for month in (3, 6):
        ActivityFactory(org=world.union_a, start=datetime(YEAR, month, 1, 9, tzinfo=TZ))
    rubric = services.create_rubric(org=world.fed, year=YEAR, data=RUBRIC, by=world.fed_admin)
    return services.open_round(
        rubric=rubric, title="2026年度考核", year=YEAR, by=world.fed_admin, today=TODAY
    )


def sheet(round_, org):
    assessment = round_.assessments.get(org=org)
    return assessment, {s.item.title: s for s in assessment.scores.select_related("item")}


def test_a_rubric_that_does_not_add_up_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.create_rubric(org=world.fed, year=YEAR, data={**RUBRIC, "total": 100}, by=world.fed_admin)
    assert "与声明的总分 100 分不符" in error.value.messages[0]


def test_only_a_federation_defines_rubrics(world):
    with pytest.raises(ValidationError, match="总工会"):
        services.create_rubric(org=world.union_a, year=YEAR, data=RUBRIC, by=world.chair_a)


def test_each_union_gets_a_prefilled_sheet(world, round_):
    assert set(round_.assessments.values_list("org__code", flat=True)) == {"union-a", "union-b"}
    _, a = sheet(round_, world.union_a)
    assert a["文体活动"].auto_points == 10 and a["文体活动"].facts["count"] == 2
    assert a["会员名册"].auto_points == 10  # one member on the roster
    assert a["职代会"].auto_points is None  # manual
    assert a["会员评家"].auto_points == 0 and a["会员评家"].facts["display"] == "尚无会员评价"
    _, b = sheet(round_, world.union_b)
    assert b["文体活动"].auto_points == 0 and b["会员名册"].auto_points == 0


def test_copy_keeps_sections_and_items(world, round_):
    copied = services.copy_rubric(rubric=round_.rubric, year=YEAR + 1, by=world.fed_admin)
    assert copied.year == YEAR + 1 and copied.copied_from == round_.rubric
    assert services.rubric_data(copied)["sections"] == services.rubric_data(round_.rubric)["sections"]


def test_submit_needs_every_manual_item(world, round_):
    assessment, _ = sheet(round_, world.union_a)
    with pytest.raises(ValidationError, match="还有 1 项没有自评分：职代会"):
        services.submit_self_assessment(assessment=assessment, by=world.chair_a, today=TODAY)


def test_the_flow_and_a_missed_required_item_fails_whatever_the_points(world, round_):
    a, a_scores = sheet(round_, world.union_a)
    b, b_scores = sheet(round_, world.union_b)
    services.save_self_score(score=a_scores["职代会"], points="10", note="3月召开", by=world.chair_a)
    services.submit_self_assessment(assessment=a, by=world.chair_a, today=TODAY)
    services.save_self_score(score=b_scores["职代会"], points="10", note="", by=world.chair_b)
    services.save_self_score(score=b_scores["文体活动"], points="10", note="纸质记录", by=world.chair_b)
    services.submit_self_assessment(assessment=b, by=world.chair_b, today=TODAY)
    a.refresh_from_db()
    assert a.status == AssessmentStatus.SUBMITTED and a.self_total == 30
    with pytest.raises(ValidationError, match="不能再修改"):
        services.save_self_score(score=a_scores["职代会"], points="5", note="", by=world.chair_a)
    for score in a_scores.values():
        services.score_item(score=score, points=score.claimed_points, comment="", by=world.fed_admin)
    with pytest.raises(ValidationError, match="请填写评审意见"):
        services.score_item(score=b_scores["文体活动"], points="0", comment="", by=world.fed_admin)
    services.score_item(
        score=b_scores["文体活动"], points="8", comment="系统外记录，酌情给分", by=world.fed_admin
    )
    for title in ("会员名册", "职代会", "会员评家"):
        score = b_scores[title]
        services.score_item(score=score, points=score.claimed_points, comment="", by=world.fed_admin)
    services.publish_round(round=round_, by=world.fed_admin)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.final_total, a.passed, a.rank, a.missed_required) == (30, True, 1, [])
    # union_b has 18 < pass line anyway; its roster (必备) is empty too, so it fails on that count as well.
    assert b.passed is False and b.missed_required == ["会员名册"] and b.rank == 2
    with pytest.raises(ValidationError, match="本轮考核已结束"):
        services.score_item(score=a_scores["职代会"], points="9", comment="改", by=world.fed_admin)


def test_required_item_fails_even_above_the_pass_line(world, round_):
    round_.rubric.pass_score = Decimal(10)
    round_.rubric.save()
    a, scores = sheet(round_, world.union_a)
    services.save_self_score(score=scores["职代会"], points="0", note="未召开", by=world.chair_a)
    services.submit_self_assessment(assessment=a, by=world.chair_a, today=TODAY)
    for score in scores.values():
        services.score_item(score=score, points=score.claimed_points, comment="", by=world.fed_admin)
    services.publish_round(round=round_, by=world.fed_admin)
    a.refresh_from_db()
    assert a.final_total == 20 and a.passed is False and a.missed_required == ["职代会"]


def test_publish_waits_for_reviews_and_designations_need_a_pass(world, round_):
    a, scores = sheet(round_, world.union_a)
    services.save_self_score(score=scores["职代会"], points="10", note="", by=world.chair_a)
    services.submit_self_assessment(assessment=a, by=world.chair_a, today=TODAY)
    with pytest.raises(ValidationError, match="还有 1 家工会没有评完：甲村工会"):
        services.publish_round(round=round_, by=world.fed_admin)
    for score in scores.values():
        services.score_item(score=score, points=score.claimed_points, comment="", by=world.fed_admin)
    with pytest.raises(ValidationError, match="请先发布"):
        services.record_designations(round=round_, orgs=[world.union_a], by=world.fed_admin)
    services.publish_round(round=round_, by=world.fed_admin)
    with pytest.raises(ValidationError, match="乙校工会考核未通过"):
        services.record_designations(round=round_, orgs=[world.union_b], by=world.fed_admin)
    services.record_designations(round=round_, orgs=[world.union_a], by=world.fed_admin)
    counted = metrics.compute("orgs.model_unions", world.fed, date(YEAR, 1, 1), date(YEAR, 12, 31))
    assert counted.value == 1
    assert (
        metrics.compute("orgs.model_unions", world.union_b, date(YEAR, 1, 1), date(YEAR, 12, 31)).value == 0
    )
    assert (
        metrics.compute("orgs.model_unions", world.fed, date(YEAR + 1, 1, 1), date(YEAR + 1, 12, 31)).value
        == 0
    )


def test_member_rating_is_counted_once_and_not_traceable(world, round_):
    from gonghui.orgs.models import Role
    from gonghui.orgs.tests.factories import make_user

    second = make_user("member_a2", Role.MEMBER, world.union_a)
    services.rate_union(round=round_, org=world.union_a, user=world.member_a, choice="satisfied")
    services.rate_union(round=round_, org=world.union_a, user=second, choice="dissatisfied")
    with pytest.raises(ValidationError, match="已经评价过了"):
        services.rate_union(round=round_, org=world.union_a, user=world.member_a, choice="fairly")
    tally = RatingTally.objects.get(round=round_, org=world.union_a)
    assert (tally.satisfied, tally.fairly, tally.dissatisfied, tally.satisfaction_rate) == (1, 0, 1, 50.0)
    _, scores = sheet(round_, world.union_a)
    assert scores["会员评家"].auto_points == 5  # 50% falls in the 50–80 band
    # The marker says only who rated; no column anywhere ties a choice to a person or a moment.
    marker_columns = {f.column for f in RatingMarker._meta.concrete_fields}
    tally_columns = {f.column for f in RatingTally._meta.concrete_fields}
    assert marker_columns == {"id", "org_id", "round_id", "user_id"}
    assert "user_id" not in tally_columns and "updated_at" not in tally_columns
    with connection.cursor() as cursor:
        cursor.execute("select count(*) from auditlog_logentry where content_type_id in "
                       "(select id from django_content_type where model in ('ratingtally', 'ratingmarker'))")  # fmt: skip
        assert cursor.fetchone()[0] == 0


def test_ratings_and_scores_stop_when_the_round_is_published(world, round_):
    services.publish_round(round=round_, by=world.fed_admin)
    with pytest.raises(ValidationError, match="已结束"):
        services.rate_union(round=round_, org=world.union_a, user=world.member_a, choice="satisfied")
    round_.refresh_from_db()
    assert not round_.assessments.filter(rank__isnull=False).exists()  # nobody submitted: nobody ranked


def test_results_sheet_has_every_union_and_item_and_no_formulas(world, round_):
    from io import BytesIO

    from python_calamine import CalamineWorkbook

    from gonghui.reports.assessment.export import round_xlsx

    world.union_b.name = '=HYPERLINK("http://x")'
    world.union_b.save()
    rows = CalamineWorkbook.from_filelike(BytesIO(round_xlsx(round_))).get_sheet_by_index(0).to_python()
    assert rows[0][4:8] == ["文体活动（10）", "会员名册（10）", "职代会（10）", "会员评家（10）"]
    names = {row[1] for row in rows[1:]}
    assert names == {"甲村工会", '=HYPERLINK("http://x")'}  # text stays text, never a formula
