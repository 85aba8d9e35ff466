"""Pages: who may see and do what, bad input answered in Chinese, the federation adopting reports."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.unionwork.models import Decision, Honour, HonourStatus, Meeting, NewsReport, ReportStatus
from gonghui.unionwork.tests.factories import (
    DecisionFactory,
    HonourFactory,
    HonourRoundFactory,
    MeetingFactory,
    NewsReportFactory,
    StudySessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("chair_a", 200),
        ("officer_a", 200),
        ("fed_viewer", 200),
        ("fed_admin", 200),
        ("member_a", 403),
        ("chair_b", 404),
    ],
)
def test_overview_per_role(uw, login, who, status):
    MeetingFactory(org=uw.union_a, title="三月例会")
    response = login(getattr(uw, who)).get(reverse("unionwork:overview", args=[uw.union_a.code]))
    assert response.status_code == status


def test_lists_show_no_foreign_rows(uw, login):
    MeetingFactory(org=uw.union_a, title="甲村例会")
    MeetingFactory(org=uw.union_b, title="乙校例会")
    StudySessionFactory(org=uw.union_b, topic="乙校学习")
    client = login(uw.chair_b)
    body = client.get(reverse("unionwork:meeting_list", args=[uw.union_b.code])).content.decode()
    assert "乙校例会" in body and "甲村例会" not in body
    assert "乙校学习" in client.get(reverse("unionwork:study_list", args=[uw.union_b.code])).content.decode()
    fed = login(uw.fed_viewer).get(reverse("unionwork:meeting_list", args=[uw.fed.code])).content.decode()
    assert "乙校例会" in fed and "甲村例会" in fed


def test_record_a_meeting_with_minutes_and_a_decision(uw, login):
    client = login(uw.chair_a)
    today = timezone.localdate()
    response = client.post(
        reverse("unionwork:meeting_create", args=[uw.union_a.code]),
        {
            "kind": "committee",
            "title": "六月委员会例会",
            "held_on": today.isoformat(),
            "officers": [uw.officer_wang.pk, uw.officer_li.pk],
            "attendance": "5",
            "agenda": "研究送清凉",
            "minutes": "<p>研究送清凉安排<script>x</script></p>",
        },
    )
    meeting = Meeting.objects.get(title="六月委员会例会")
    assert response.status_code == 302 and "<script>" not in meeting.minutes
    assert set(meeting.officers.all()) == {uw.officer_wang, uw.officer_li}
    no_owner = client.post(
        reverse("unionwork:decision_add", args=[meeting.pk]),
        {"decision-text": "采购绿豆", "decision-owner": "", "decision-due_on": today.isoformat()},
    )
    assert no_owner.status_code == 200 and "责任人" in no_owner.content.decode()
    client.post(
        reverse("unionwork:decision_add", args=[meeting.pk]),
        {"decision-text": "采购绿豆", "decision-owner": "李委员", "decision-due_on": today.isoformat()},
    )
    decision = Decision.objects.get(meeting=meeting)
    client.post(
        reverse("unionwork:decision_done", args=[decision.pk]),
        {"done-done_on": today.isoformat(), "done-note": "已发"},
    )
    decision.refresh_from_db()
    assert decision.done_on == today and decision.done_note == "已发"
    page = client.get(reverse("unionwork:meeting", args=[meeting.pk])).content.decode()
    assert "研究送清凉安排" in page and 'data-testid="decision-done"' in page


def test_future_minutes_are_refused_with_a_chinese_message(uw, login):
    response = login(uw.chair_a).post(
        reverse("unionwork:meeting_create", args=[uw.union_a.code]),
        {
            "kind": "committee",
            "title": "下月例会",
            "held_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "minutes": "记录",
        },
    )
    assert response.status_code == 200 and "尚未召开" in response.content.decode()
    assert not Meeting.objects.exists()


def test_viewers_cannot_change(uw, login):
    meeting = MeetingFactory(org=uw.union_a)
    decision = DecisionFactory(org=uw.union_a, meeting=meeting)
    client = login(uw.fed_viewer)
    assert client.get(reverse("unionwork:meeting_create", args=[uw.union_a.code])).status_code == 403
    assert client.post(reverse("unionwork:decision_done", args=[decision.pk]), {}).status_code == 403
    assert (
        login(uw.chair_b).post(reverse("unionwork:decision_done", args=[decision.pk]), {}).status_code == 404
    )


def test_only_the_federation_above_adopts(uw, login):
    report = NewsReportFactory(org=uw.union_a, submitted_on=timezone.localdate())  # adopted the same year
    url = reverse("unionwork:report_adopt", args=[report.pk])
    assert login(uw.chair_a).post(url, {"level": "county"}).status_code == 403
    chair_page = login(uw.chair_a).get(reverse("unionwork:report", args=[report.pk])).content.decode()
    assert "采用级别" not in chair_page
    fed = login(uw.fed_admin)
    incoming = fed.get(reverse("unionwork:incoming", args=[uw.fed.code])).content.decode()
    assert report.title in incoming
    assert fed.post(url, {"level": "county", "note": "县总网站"}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ADOPTED and report.adopted_by == uw.fed_admin
    counts = fed.get(reverse("unionwork:incoming", args=[uw.fed.code]) + f"?year={report.submitted_on.year}")
    assert (uw.union_a, 1, 1) in counts.context["by_union"]


def test_write_submit_and_edit_after_adoption(uw, login):
    client = login(uw.chair_a)
    client.post(
        reverse("unionwork:report_create", args=[uw.union_a.code]), {"title": "送清凉", "body": "正文"}
    )
    report = NewsReport.objects.get()
    client.post(reverse("unionwork:report_submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_on == timezone.localdate()
    report.status, report.adopted_level = ReportStatus.ADOPTED, "county"
    report.save()
    response = client.post(
        reverse("unionwork:report_edit", args=[report.pk]), {"title": "送清凉（改）", "body": "新"}
    )
    fresh = NewsReport.objects.get(previous=report)
    assert response.url == reverse("unionwork:report", args=[fresh.pk])
    board = client.get(reverse("unionwork:board", args=[uw.union_a.code])).content.decode()
    assert "送清凉" in board and "送清凉（改）" not in board  # the new version is a draft until sent


def test_nominate_then_award_through_the_pages(uw, login):
    today = timezone.localdate()
    round = HonourRoundFactory(
        org=uw.union_a, year=today.year, opens_on=today, closes_on=today, publicity_days=1
    )
    client = login(uw.chair_a)
    response = client.post(
        reverse("unionwork:nominate", args=[round.pk]),
        {
            "kind": "excellent_member",
            "title": "优秀会员",
            "member": str(uw.zhang.pk),
            "nominated_by": "第一小组",
        },
    )
    honour = Honour.objects.get()
    assert response.status_code == 302 and honour.status == HonourStatus.NOMINATED
    client.post(
        reverse("unionwork:honour_decide", args=[honour.pk]), {"approved": "1", "note": "表决 5 票赞成"}
    )
    client.post(
        reverse("unionwork:honour_publicise", args=[honour.pk]),
        {"start": (today - timedelta(days=0)).isoformat()},
    )
    early = client.post(
        reverse("unionwork:honour_award", args=[honour.pk]), {"awarded_on": today.isoformat()}
    )
    assert "公示期满" in early.content.decode()
    honour.refresh_from_db()
    assert honour.status == HonourStatus.PUBLICITY


def test_member_tab_shows_own_honours_only(uw, login):
    HonourFactory(org=uw.group_a, member=uw.member_a_record, title="优秀会员")
    HonourFactory(org=uw.group_a, member=uw.zhang, title="先进个人")
    client = login(uw.member_a)
    body = client.get(reverse("unionwork:member_honours", args=[uw.member_a_record.pk])).content.decode()
    assert "优秀会员" in body
    assert client.get(reverse("unionwork:member_honours", args=[uw.zhang.pk])).status_code == 404
    assert login(uw.chair_a).get(reverse("unionwork:member_honours", args=[uw.zhang.pk])).status_code == 200


def test_study_page_totals_officer_hours(uw, login):
    session = StudySessionFactory(org=uw.union_a, held_on=date(2026, 2, 20))
    session.officers.set([uw.officer_wang])
    StudySessionFactory(org=uw.union_a, held_on=date(2026, 5, 20)).officers.set(
        [uw.officer_wang, uw.officer_li]
    )
    response = login(uw.chair_a).get(reverse("unionwork:study_list", args=[uw.union_a.code]) + "?year=2026")
    assert response.context["hours"][0][0] == "王主席" and response.context["hours"][0][2] == 4.0
