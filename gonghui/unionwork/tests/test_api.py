"""The API: the same rules as the pages, errors as Chinese JSON."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.unionwork.models import Decision, ReportStatus
from gonghui.unionwork.tests.factories import MeetingFactory, NewsReportFactory

pytestmark = pytest.mark.django_db


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_record_a_meeting_and_follow_a_decision(uw, login):
    client = login(uw.chair_a)
    today = timezone.localdate()
    created = post(
        client,
        f"/api/unionwork/{uw.union_a.code}/meetings",
        {"kind": "committee", "title": "例会", "held_on": today.isoformat(), "minutes": "研究工作"},
    )
    assert created.status_code == 201 and created.json()["has_minutes"] is True
    meeting_id = created.json()["id"]
    no_owner = post(
        client,
        f"/api/unionwork/meetings/{meeting_id}/decisions",
        {"text": "买水", "owner": "", "due_on": today.isoformat()},
    )
    assert no_owner.status_code == 422 and "责任人" in no_owner.json()["detail"]
    made = post(
        client,
        f"/api/unionwork/meetings/{meeting_id}/decisions",
        {"text": "买水", "owner": "李", "due_on": today.isoformat()},
    )
    done = post(client, f"/api/unionwork/decisions/{made.json()['id']}/done", {"note": "已买"})
    assert done.status_code == 200 and Decision.objects.get().done_on == today
    detail = client.get(f"/api/unionwork/meetings/{meeting_id}").json()
    assert detail["decisions"][0]["done_note"] == "已买"


def test_future_minutes_and_strangers(uw, login):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = post(
        login(uw.chair_a),
        f"/api/unionwork/{uw.union_a.code}/meetings",
        {"kind": "committee", "title": "例会", "held_on": tomorrow, "minutes": "提前写的"},
    )
    assert response.status_code == 422 and "尚未召开" in response.json()["detail"]
    meeting = MeetingFactory(org=uw.union_a)
    assert login(uw.chair_b).get(f"/api/unionwork/meetings/{meeting.pk}").status_code == 404
    assert login(uw.member_a).get(f"/api/unionwork/{uw.union_a.code}/meetings").status_code == 403


def test_federation_adopts_through_the_api(uw, login):
    report = NewsReportFactory(org=uw.union_a, submitted_on=timezone.localdate())  # adopted the same year
    url = f"/api/unionwork/news/{report.pk}/adopt"
    assert post(login(uw.chair_a), url, {"level": "county"}).status_code == 403
    response = post(login(uw.fed_admin), url, {"level": "county"})
    assert response.status_code == 200 and response.json()["status"] == ReportStatus.ADOPTED
    summary = login(uw.fed_viewer).get(
        f"/api/unionwork/{uw.fed.code}/summary?year={report.submitted_on.year}"
    )
    assert summary.json()["figures"]["unionwork.reports_adopted"] == 1
