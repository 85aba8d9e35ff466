"""The rules of the union's own work: minutes only once held, owned decisions, the nomination window,
publicity before the award, adopted reports kept when edited."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.members.models import MemberStatus
from gonghui.unionwork import services
from gonghui.unionwork.models import (
    HonourKind,
    HonourLevel,
    HonourStatus,
    MeetingKind,
    NewsReport,
    ReportStatus,
)
from gonghui.unionwork.tests.factories import HonourRoundFactory, MeetingFactory, NewsReportFactory

pytestmark = pytest.mark.django_db


def meeting(uw, **fields):
    fields.setdefault("held_on", timezone.localdate())
    return services.record_meeting(
        org=uw.union_a, by=uw.chair_a, kind=MeetingKind.COMMITTEE, title="委员会例会", **fields
    )


def test_minutes_are_sanitised(uw):
    m = meeting(
        uw, minutes='<p onclick="x()">讨论<script>alert(1)</script><a href="javascript:x">链接</a></p>'
    )
    assert "script" not in m.minutes and "onclick" not in m.minutes and "javascript" not in m.minutes
    assert "讨论" in m.minutes and "链接" in m.minutes


def test_plain_text_minutes_keep_their_lines_and_escape_markup(uw):
    m = meeting(uw, minutes="一、通报工作\n二、研究 a<b 的事项")
    assert m.minutes.startswith("<p>一、通报工作</p>") and "<b " not in m.minutes


def test_minutes_for_a_meeting_in_the_future_are_refused(uw):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="尚未召开"):
        meeting(uw, held_on=tomorrow, minutes="记录")
    planned = meeting(uw, held_on=tomorrow, agenda="研究下月工作")  # planned ahead with its agenda: fine
    with pytest.raises(ValidationError, match="尚未召开"):
        services.update_meeting(meeting=planned, by=uw.chair_a, minutes="提前写好的记录")


def test_a_decision_needs_an_owner_and_is_followed_to_done(uw):
    m = meeting(uw)
    with pytest.raises(ValidationError, match="责任人"):
        services.add_decision(meeting=m, by=uw.chair_a, text="采购慰问品", owner="  ", due_on=m.held_on)
    d = services.add_decision(meeting=m, by=uw.chair_a, text="采购慰问品", owner="李委员", due_on=m.held_on)
    assert d.state_on(m.held_on + timedelta(days=1)) == "overdue"
    services.complete_decision(decision=d, by=uw.chair_a, note="已采购")
    assert d.done_on == timezone.localdate() and d.state_on(date(2100, 1, 1)) == "done"
    with pytest.raises(ValidationError, match="已标记完成"):
        services.complete_decision(decision=d, by=uw.chair_a)


def test_study_is_recorded_after_it_happened(uw):
    with pytest.raises(ValidationError, match="晚于今天"):
        services.record_study(
            org=uw.union_a,
            by=uw.chair_a,
            topic="学习",
            held_on=timezone.localdate() + timedelta(days=1),
            hours=Decimal(2),
        )


@time_machine.travel(date(2026, 6, 15), tick=False)
def test_nomination_only_inside_the_window_then_vote_publicity_award(uw):
    closed = HonourRoundFactory(org=uw.union_a, opens_on=date(2026, 5, 1), closes_on=date(2026, 5, 31))
    with pytest.raises(ValidationError, match="现在不能推荐"):
        services.nominate(
            round=closed, by=uw.chair_a, kind=HonourKind.EXCELLENT_MEMBER, title="优秀会员", member=uw.zhang
        )
    open_round = HonourRoundFactory(org=uw.union_a, publicity_days=5)
    with pytest.raises(ValidationError, match="受表彰"):
        services.nominate(round=open_round, by=uw.chair_a, kind=HonourKind.ADVANCED_GROUP, title="先进集体")
    honour = services.nominate(
        round=open_round, by=uw.chair_a, kind=HonourKind.EXCELLENT_MEMBER, title="优秀会员", member=uw.zhang
    )
    with pytest.raises(ValidationError, match="评议通过后"):
        services.publicise(honour=honour, by=uw.chair_a, start=date(2026, 6, 15))
    services.decide(honour=honour, by=uw.chair_a, approved=True, note="委员会表决 5 票赞成")
    services.publicise(honour=honour, by=uw.chair_a, start=date(2026, 6, 15))
    assert honour.publicity_end == date(2026, 6, 19)
    with pytest.raises(ValidationError, match="公示期满"):
        services.award(honour=honour, by=uw.chair_a, awarded_on=date(2026, 6, 19))
    with time_machine.travel(date(2026, 6, 22), tick=False):
        services.award(honour=honour, by=uw.chair_a, awarded_on=date(2026, 6, 22))
    assert honour.status == HonourStatus.AWARDED


def test_an_honour_for_a_member_who_left_is_kept_as_history(uw):
    uw.zhang.status = MemberStatus.LEFT
    uw.zhang.save()
    honour = services.record_honour(
        org=uw.union_a,
        by=uw.chair_a,
        kind=HonourKind.MODEL_WORKER,
        title="县劳动模范",
        level=HonourLevel.COUNTY,
        year=2020,
        awarded_on=date(2020, 4, 28),
        member=uw.zhang,
        awarded_by="测试县总工会",
    )
    assert honour.status == HonourStatus.AWARDED and honour.holder == "张先进"


def test_editing_an_adopted_report_makes_a_new_version_and_keeps_the_adopted_one(uw):
    report = services.write_report(org=uw.union_a, by=uw.chair_a, title="三八节登山", body="正文")
    services.submit_report(report=report, by=uw.chair_a)
    services.adopt_report(report=report, by=uw.fed_admin, level="county", note="县总网站")
    fresh = services.edit_report(report=report, by=uw.chair_a, title="三八节登山（修订）", body="新正文")
    report.refresh_from_db()
    assert fresh.pk != report.pk and fresh.previous == report and fresh.version == 2
    assert report.status == ReportStatus.ADOPTED and report.title == "三八节登山"
    assert fresh.status == ReportStatus.DRAFT
    assert list(NewsReport.objects.current()) == [fresh]
    with pytest.raises(ValidationError, match="新版本"):
        services.edit_report(report=report, by=uw.chair_a, title="再改", body="x")


def test_a_draft_cannot_be_adopted(uw):
    report = NewsReportFactory(org=uw.union_a, status=ReportStatus.DRAFT, submitted_on=None)
    with pytest.raises(ValidationError, match="已报送"):
        services.adopt_report(report=report, by=uw.fed_admin, level="county")


def test_meeting_factory_counts_as_minuted(uw):
    assert MeetingFactory(org=uw.union_a).has_minutes
