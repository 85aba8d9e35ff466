"""Rule 13 (proposals), rule 14 (evaluations), rule 12 (joint meetings), rules 6, 7, 8, 10."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gonghui.democracy import services
from gonghui.democracy.models import Category, CongressKind, EvaluationBox, ProposalStatus, Rating
from gonghui.democracy.tests.conftest import seat

pytestmark = pytest.mark.django_db


def _proposal(w, proposer=0):
    return services.draft_proposal(
        session=w.session, delegate=w.delegates[proposer], by=w.chair_a, title="增设休息室", reasons="无处休息",
        suggestion="二楼设休息室",
    )  # fmt: skip


def _second(w, proposal, *indexes):
    for i in indexes:
        seconding = services.invite_seconder(proposal=proposal, delegate=w.delegates[i], by=w.chair_a)
        services.accept_seconding(seconding=seconding, by=w.chair_a, on=date(2026, 6, 1))


def test_one_seconder_makes_an_opinion_not_a_proposal(congress_world):
    w = congress_world
    proposal = _proposal(w)
    _second(w, proposal, 1)
    services.submit_proposal(proposal=proposal, by=w.chair_a, on=date(2026, 6, 1))
    with pytest.raises(ValidationError, match="少于2人"):
        services.decide_proposal(proposal=proposal, by=w.chair_a, accept=True, lead_department="办公室")
    proposal = services.decide_proposal(proposal=proposal, by=w.chair_a, accept=False)
    assert proposal.status == ProposalStatus.OPINION and "少于2人" in proposal.decision_reason


def test_a_late_proposal_becomes_an_opinion(congress_world):
    w = congress_world
    w.session.proposals_close_on = date(2026, 6, 5)
    w.session.save()
    proposal = _proposal(w)
    _second(w, proposal, 1, 2)
    services.submit_proposal(proposal=proposal, by=w.chair_a, on=date(2026, 6, 10))
    assert services.qualifies(proposal) == ["提交日期晚于征集截止日期2026-06-05"]


def test_the_proposer_cannot_second_their_own(congress_world):
    w = congress_world
    proposal = _proposal(w)
    with pytest.raises(ValidationError, match="自己的提案"):
        services.invite_seconder(proposal=proposal, delegate=w.delegates[0], by=w.chair_a)


def test_workflow_reply_late_rating_and_reopening(congress_world):
    w = congress_world
    proposal = _proposal(w)
    _second(w, proposal, 1, 2)
    services.submit_proposal(proposal=proposal, by=w.chair_a, on=date(2026, 6, 1))
    with pytest.raises(ValidationError, match="主办部门"):
        services.decide_proposal(proposal=proposal, by=w.chair_a, accept=True)
    proposal = services.decide_proposal(
        proposal=proposal, by=w.chair_a, accept=True, lead_department="后勤处", on=date(2026, 6, 2)
    )
    assert (proposal.number, proposal.reply_due) == (1, date(2026, 8, 31))  # 90 days
    proposal = services.reply_proposal(
        proposal=proposal, by=w.chair_a, reply="已安排。", on=date(2026, 9, 10)
    )
    assert proposal.replied_late  # allowed, counted late
    proposal = services.rate_proposal(proposal=proposal, by=w.chair_a, rating=Rating.UNSATISFIED)
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.rounds == 2  # 不满意 reopens it
    proposal = services.reply_proposal(proposal=proposal, by=w.chair_a, reply="已落实。")
    proposal = services.rate_proposal(proposal=proposal, by=w.chair_a, rating=Rating.SATISFIED)
    assert proposal.status == ProposalStatus.DONE


def test_unanswered_proposals_appear_in_the_next_sessions_report(congress_world):
    w = congress_world
    proposal = _proposal(w)
    _second(w, proposal, 1, 2)
    services.submit_proposal(proposal=proposal, by=w.chair_a, on=date(2026, 6, 1))
    services.decide_proposal(proposal=proposal, by=w.chair_a, accept=True, lead_department="后勤处")
    later = services.create_session(congress=w.congress, held_on=date(2026, 12, 1), by=w.chair_a)
    report = services.handling_report(later)
    assert report["unanswered"] == [proposal] and report["answered"] == []


def test_evaluation_tallies_counts_and_percentages(congress_world):
    w = congress_world
    for d in w.delegates[:4]:
        services.check_in(session=w.session, delegate=d, by=w.chair_a)
    evaluation = services.create_evaluation(
        session=w.session, title="评议", leaders=[("张三", "校长"), ("李四", "副校长")]
    )
    services.open_evaluation(evaluation=evaluation)
    zhang, li = evaluation.leaders.all()
    grades = ["excellent", "excellent", "competent", "incompetent"]
    for d, grade in zip(w.delegates[:4], grades, strict=True):
        services.cast_evaluation(
            evaluation=evaluation, user=d.member.user, grades={str(zhang.pk): grade, str(li.pk): "competent"},
            comment="多听取一线意见" if grade == "incompetent" else "",
        )  # fmt: skip
    with pytest.raises(ValidationError, match="只能评议一次"):
        services.cast_evaluation(
            evaluation=evaluation,
            user=w.delegates[0].member.user,
            grades={str(zhang.pk): "basic", str(li.pk): "basic"},
        )
    services.close_evaluation(evaluation=evaluation)
    results = services.evaluation_results(evaluation)
    assert (results["cast"], results["seated"], results["turnout"]) == (4, 6, 66.7)
    zhang_row = [(g["label"], g["count"], g["pct"]) for g in results["rows"][0]["grades"]]
    assert zhang_row == [("优秀", 2, 50.0), ("称职", 1, 25.0), ("基本称职", 0, 0.0), ("不称职", 1, 25.0)]
    assert EvaluationBox.objects.get(evaluation=evaluation).comments == ["多听取一线意见"]


def test_a_joint_meeting_may_not_decide_reserved_items_and_reports_to_the_next_session(congress_world):
    w = congress_world
    meeting = services.record_joint_meeting(
        congress=w.congress, held_on=date(2026, 3, 1), attendees="", by=w.chair_a
    )
    with pytest.raises(ValidationError, match="须经职代会审议通过"):
        services.record_joint_decision(meeting=meeting, title="修订集体合同工资条款", decision="同意")
    decision = services.record_joint_decision(meeting=meeting, title="调整作息", decision="同意")
    assert decision.to_report
    services.close_session(session=w.session)
    decision.refresh_from_db()
    assert decision.reported_to == w.session


def test_term_limits(world):
    with pytest.raises(ValidationError, match="三至五年"):
        services.check_term(starts_on=date(2024, 1, 1), ends_on=date(2025, 12, 31))
    with pytest.raises(ValidationError, match="一年"):
        services.check_term(
            starts_on=date(2024, 1, 1), ends_on=date(2026, 12, 31), extended_to=date(2028, 1, 2)
        )
    services.check_term(
        starts_on=date(2024, 1, 1), ends_on=date(2026, 12, 31), extended_to=date(2027, 12, 31)
    )


@pytest.mark.time_machine("2026-11-15 10:00 +08:00")
def test_the_term_warning_comes_90_days_before(congress_world):
    assert not congress_world.congress.term_ends_soon(date(2026, 11, 29))
    assert congress_world.congress.term_ends_soon(date(2026, 11, 30))  # 2027-02-28 is 90 days away


def test_composition_checks_for_a_teachers_congress(world):
    congress = services.create_congress(
        org=world.union_b, kind=CongressKind.TEACHERS, term_number=1, starts_on=date(2024, 3, 1),
        ends_on=date(2029, 2, 28), women_staff_pct=50,
    )  # fmt: skip
    seat(congress, 5, prefix="t", category=Category.TEACHER)
    seat(congress, 3, prefix="m", category=Category.MANAGER)
    result = services.composition(congress, date(2026, 6, 15))
    checks = {c["label"]: c["ok"] for c in result["checks"]}
    assert checks["中层以上管理人员不超过20%"] is False  # 3 of 8 = 37.5 %
    assert checks["教师代表不少于60%"] is True  # 5 of 8 = 62.5 %
    assert "女代表比例不低于女职工比例50%" in checks


def test_delegate_election_rule():
    assert services.election_valid(constituency_staff=30, voters=20, winner_yes=15)
    assert not services.election_valid(constituency_staff=30, voters=19, winner_yes=15)  # turnout < 2/3
    assert not services.election_valid(constituency_staff=30, voters=20, winner_yes=15, strict=True)


@pytest.mark.time_machine("2026-06-10 10:00 +08:00")
def test_materials_late_warning(congress_world):
    session = congress_world.session  # held 2026-06-15, materials due 2026-06-08
    assert session.materials_late
    services.send_materials(session=session, on=date(2026, 6, 8))
    assert not session.materials_late
    assert session.agenda_publish_by == date(2026, 6, 8)


@pytest.mark.time_machine("2026-06-19 10:00 +08:00")
def test_report_to_the_upper_union_within_seven_working_days(congress_world):
    session = services.close_session(session=congress_world.session)  # closed Friday 19 June
    assert session.upper_report_due == date(2026, 6, 30)  # 7 working days, weekends skipped
    assert session.results_publish_by == date(2026, 6, 22)
    session = services.record_upper_report(session=session, on=date(2026, 7, 1))
    assert session.upper_report_late


def test_a_union_with_no_session_in_the_year_is_flagged(congress_world):
    w = congress_world  # a session on 2026-06-15
    assert not w.congress.lacks_session(date(2026, 6, 15))
    assert w.congress.lacks_session(date(2025, 6, 15))
    w.congress.by_school_year = True  # 2026-09-01 opens a school year with no session yet
    assert not w.congress.lacks_session(date(2026, 8, 31)) and w.congress.lacks_session(date(2026, 9, 1))
