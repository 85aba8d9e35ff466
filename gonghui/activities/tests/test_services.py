from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.activities import services
from gonghui.activities.models import AttendanceStatus, Audience, CheckInMethod, Contest
from gonghui.activities.tests.factories import ActivityFactory, ContestFactory, member_in
from gonghui.members.models import MemberStatus

pytestmark = pytest.mark.django_db


def test_sign_up_registers_until_full_then_waits(world, activity, members):
    activity.capacity = 2
    activity.save()
    a, b, c = (services.sign_up(activity=activity, member=m, by=world.chair_a) for m in members)
    assert [a.status, b.status, c.status] == ["registered", "registered", "waiting"]
    assert c.waiting_position() == 1
    assert a.org_id == members[0].org_id  # the row belongs to the member's own org


def test_signing_up_twice_is_refused(world, activity, members):
    services.sign_up(activity=activity, member=members[0], by=world.chair_a)
    with pytest.raises(ValidationError, match="无需重复报名"):
        services.sign_up(activity=activity, member=members[0], by=world.chair_a)


def test_cancel_promotes_first_on_waiting_list(world, activity, members):
    activity.capacity = 1
    activity.save()
    first = services.sign_up(activity=activity, member=members[0], by=world.chair_a)
    second = services.sign_up(activity=activity, member=members[1], by=world.chair_a)
    third = services.sign_up(activity=activity, member=members[2], by=world.chair_a)
    assert third.waiting_position() == 2
    promoted = services.cancel_sign_up(attendance=first, by=world.chair_a)
    assert [p.member for p in promoted] == [members[1]]
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == AttendanceStatus.REGISTERED and second.promoted_at
    assert third.status == AttendanceStatus.WAITING and third.waiting_position() == 1


def test_cancelling_a_waiting_sign_up_promotes_nobody(world, activity, members):
    activity.capacity = 1
    activity.save()
    services.sign_up(activity=activity, member=members[0], by=world.chair_a)
    waiting = services.sign_up(activity=activity, member=members[1], by=world.chair_a)
    assert services.cancel_sign_up(attendance=waiting, by=world.chair_a) == []
    with pytest.raises(ValidationError, match="已经取消"):
        services.cancel_sign_up(attendance=waiting, by=world.chair_a)


def test_raising_capacity_then_promoting_fills_the_new_seats(world, activity, members):
    activity.capacity = 1
    activity.save()
    for m in members:
        services.sign_up(activity=activity, member=m, by=world.chair_a)
    activity.capacity = 3
    activity.save()
    assert len(services.promote_from_waiting_list(activity=activity)) == 2


def test_a_cancelled_member_may_sign_up_again(world, activity, members):
    row = services.sign_up(activity=activity, member=members[0], by=world.chair_a)
    services.cancel_sign_up(attendance=row, by=world.chair_a)
    again = services.sign_up(activity=activity, member=members[0], by=world.member_a)
    assert again.pk == row.pk and again.status == AttendanceStatus.REGISTERED


def test_deadline_is_enforced_with_a_clear_message(world, activity, members):
    activity.signup_deadline = timezone.now() - timedelta(hours=1)
    activity.save()
    with pytest.raises(ValidationError, match="报名已于 .* 截止"):
        services.sign_up(activity=activity, member=members[0], by=world.chair_a)


def test_sign_up_after_the_end_is_refused(world, past_activity, members):
    with pytest.raises(ValidationError, match="活动已经结束"):
        services.sign_up(activity=past_activity, member=members[0], by=world.chair_a)


def test_member_of_another_union_is_refused_unless_federation_activity(world, activity):
    outsider = member_in(world.union_b, name="外校会员")
    with pytest.raises(ValidationError, match="不是「甲村工会」的会员"):
        services.sign_up(activity=activity, member=outsider, by=world.chair_b)
    federation_activity = ActivityFactory(org=world.fed)
    row = services.sign_up(activity=federation_activity, member=outsider, by=world.chair_b)
    assert row.status == AttendanceStatus.REGISTERED and row.org == world.union_b


def test_audience_rules(world, activity, members):
    activity.audience = Audience.WOMEN
    activity.save()
    with pytest.raises(ValidationError, match="女职工"):
        services.sign_up(activity=activity, member=members[0], by=world.chair_a)
    assert services.sign_up(activity=activity, member=members[1], by=world.chair_a)
    left = member_in(world.union_a, status=MemberStatus.LEFT)
    with pytest.raises(ValidationError, match="退会"):
        services.sign_up(activity=activity, member=left, by=world.chair_a)


def test_check_in_marks_present_and_adds_walk_ins(world, activity, members):
    services.sign_up(activity=activity, member=members[0], by=world.chair_a)
    row = services.check_in(activity=activity, member=members[0], method=CheckInMethod.TAP, by=world.chair_a)
    assert row.attended and row.check_in_method == "tap"
    walk_in = services.check_in(
        activity=activity, member=members[1], method=CheckInMethod.TAP, by=world.chair_a
    )
    assert walk_in.attended and walk_in.status == AttendanceStatus.REGISTERED
    services.undo_check_in(attendance=row, by=world.chair_a)
    row.refresh_from_db()
    assert not row.attended
    with pytest.raises(ValidationError):
        services.check_in(
            activity=activity,
            member=member_in(world.union_b),
            method=CheckInMethod.TAP,
            by=world.fed_admin,
        )


def test_an_attended_sign_up_cannot_be_cancelled(world, activity, members):
    row = services.check_in(activity=activity, member=members[0], method=CheckInMethod.TAP, by=world.chair_a)
    with pytest.raises(ValidationError, match="已签到"):
        services.cancel_sign_up(attendance=row, by=world.chair_a)


def test_qr_token_checks_in_for_its_own_activity_only(world, today_activity, members):
    activity = today_activity
    token = services.check_in_token(activity)
    row = services.check_in_by_qr(activity=activity, token=token, member=members[0], by=world.member_a)
    assert row.check_in_method == CheckInMethod.QR
    other = ActivityFactory(org=world.union_a)
    with pytest.raises(ValidationError, match="其他活动"):
        services.check_in_by_qr(activity=other, token=token, member=members[0], by=world.member_a)
    with pytest.raises(ValidationError, match="无效"):
        services.check_in_by_qr(activity=activity, token=token + "x", member=members[0], by=world.member_a)


def test_qr_check_in_opens_two_hours_before_the_start(world, activity, past_activity, members):
    with pytest.raises(ValidationError, match="开始前两小时内才能扫码签到"):
        services.check_in_by_qr(
            activity=activity, token=services.check_in_token(activity), member=members[0], by=world.member_a
        )
    with pytest.raises(ValidationError, match="活动已经结束"):
        services.check_in_by_qr(
            activity=past_activity,
            token=services.check_in_token(past_activity),
            member=members[0],
            by=world.member_a,
        )


def test_expired_qr_token_is_refused(world, activity, members):
    token = services.check_in_token(activity)
    later = timezone.now().timestamp() + 7 * 3600
    with (
        mock.patch("django.core.signing.time.time", return_value=later),
        pytest.raises(ValidationError, match="过期"),
    ):
        services.check_in_by_qr(activity=activity, token=token, member=members[0], by=world.member_a)


def test_paper_attendance_keeps_existing_check_ins(world, past_activity, members):
    tapped = services.check_in(
        activity=past_activity, member=members[0], method=CheckInMethod.TAP, by=world.chair_a
    )
    rows = services.record_paper_attendance(activity=past_activity, members=members, by=world.chair_a)
    assert len(rows) == 3
    assert {r.check_in_method for r in rows} == {"tap", "paper"}
    tapped.refresh_from_db()
    assert tapped.check_in_method == "tap"
    assert past_activity.attendances.attended().count() == 3


def test_competition_ranking_with_ties():
    assert services.competition_ranks([90, 95, 90, 80], higher_is_better=True) == [2, 1, 2, 4]
    assert services.competition_ranks([12.5, 11.0, 11.0], higher_is_better=False) == [3, 1, 1]


def test_contest_ranking_and_awards_with_a_tie_on_the_boundary(world, activity):
    contest = ContestFactory(org=world.union_a, activity=activity, award_counts="1,1,2")
    people = [member_in(world.union_a, name=n) for n in ["甲", "乙", "丙", "丁", "戊"]]
    entrants = [services.add_entrant(contest=contest, member=p, by=world.chair_a) for p in people]
    for entrant, score in zip(entrants, [98, 91, 91, 80, 70], strict=True):
        services.record_result(entrant=entrant, score=score, by=world.chair_a)
    ranked = list(contest.entrants.ranked())
    assert [(e.display_name, e.rank, e.award) for e in ranked] == [
        ("甲", 1, "一等奖"),
        ("乙", 2, "二等奖"),
        ("丙", 2, "二等奖"),  # tied with 乙: the same rank and the same award
        ("丁", 4, "三等奖"),
        ("戊", 5, ""),
    ]


def test_placement_contest_and_teams(world, activity):
    contest = ContestFactory(
        org=world.union_a, activity=activity, scoring=Contest.Scoring.PLACEMENT, team_event=True
    )
    red = services.add_entrant(contest=contest, team_name="红队", team_members="张三、李四", by=world.chair_a)
    blue = services.add_entrant(contest=contest, team_name="蓝队", by=world.chair_a)
    services.record_result(entrant=red, placement=2, by=world.chair_a)
    services.record_result(entrant=blue, placement=1, by=world.chair_a)
    assert [e.team_name for e in contest.entrants.ranked()] == ["蓝队", "红队"]
    with pytest.raises(ValidationError, match="名次"):
        services.record_result(entrant=blue, placement=None, by=world.chair_a)
    with pytest.raises(ValidationError, match="请选择参赛会员或填写队名"):
        services.add_entrant(contest=contest, by=world.chair_a)
