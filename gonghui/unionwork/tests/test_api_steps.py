"""The API routes for what the pages do: the committee's honour steps, recording study, writing,
editing and submitting news reports. Same services, same access as the pages (each role is refused
or let through by both alike), bad input answered in Chinese. The clock is the suite's (2026-06-15)."""

import json
from datetime import date

import pytest
from django.urls import reverse

from gonghui.activities.tests.factories import ActivityFactory
from gonghui.conftest import FIXED_NOW, ROLE_USERS
from gonghui.orgs.tests.factories import OfficerFactory
from gonghui.unionwork.models import HonourStatus, NewsReport, ReportStatus, StudySession
from gonghui.unionwork.tests.factories import HonourFactory, HonourRoundFactory, NewsReportFactory

# The factories' rounds, meetings and reports are dated around the suite's day (2026-06-15): pinned
# there, also under the date sweep.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(FIXED_NOW, tick=True)]

REFUSED = {403, 404}


def send(client, url, data, method="post"):
    body = data if isinstance(data, str) else json.dumps(data)
    return getattr(client, method)(url, body, content_type="application/json")


def nomination(org, **fields):
    fields = {
        "status": HonourStatus.NOMINATED,
        "awarded_on": None,
        "nominated_on": date(2026, 6, 10),
        **fields,
    }
    return HonourFactory(org=org, round=HonourRoundFactory(org=org), **fields)


def on_publicity(org):
    return nomination(
        org,
        status=HonourStatus.PUBLICITY,
        decided_on=date(2026, 6, 1),
        publicity_start=date(2026, 6, 2),
        publicity_end=date(2026, 6, 6),
    )


# ---- honours: decide, publicise, award ------------------------------------------------------


def test_the_committee_decides_and_publicises_a_nomination(uw, login):
    client = login(uw.chair_a)
    honour = nomination(uw.union_a)
    decided = send(
        client, f"/api/unionwork/honours/{honour.pk}/decide", {"approved": True, "note": "7 票赞成"}
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == HonourStatus.APPROVED and decided.json()["decided_on"] == "2026-06-15"
    shown = send(client, f"/api/unionwork/honours/{honour.pk}/publicise", {"start": "2026-06-15"})
    assert shown.status_code == 200 and shown.json()["status"] == HonourStatus.PUBLICITY
    assert shown.json()["publicity_end"] == "2026-06-19"  # the round's five days
    assert client.get(f"/api/unionwork/honours/{honour.pk}").json()["decision_note"] == "7 票赞成"


def test_a_rejection_keeps_its_reason(uw, login):
    honour = nomination(uw.union_a)
    response = send(
        login(uw.chair_a),
        f"/api/unionwork/honours/{honour.pk}/decide",
        {"approved": False, "note": "事迹不够突出"},
    )
    assert response.status_code == 200 and response.json()["status"] == HonourStatus.REJECTED
    honour.refresh_from_db()
    assert honour.decision_note == "事迹不够突出"


def test_the_award_comes_after_the_publicity_period(uw, login):
    client = login(uw.chair_a)
    honour = on_publicity(uw.union_a)
    url = f"/api/unionwork/honours/{honour.pk}/award"
    early = send(client, url, {"awarded_on": "2026-06-05"})
    assert early.status_code == 422 and "公示期满后才能表彰" in early.json()["detail"]
    future = send(client, url, {"awarded_on": "2026-06-20"})
    assert future.status_code == 422 and "不能晚于今天" in future.json()["detail"]
    awarded = send(client, url, {"awarded_on": "2026-06-10"})
    assert awarded.status_code == 200 and awarded.json()["status"] == HonourStatus.AWARDED
    assert awarded.json()["awarded_on"] == "2026-06-10"


def test_bad_honour_steps_are_refused_in_chinese(uw, login):
    client = login(uw.chair_a)
    honour = nomination(uw.union_a)
    base = f"/api/unionwork/honours/{honour.pk}"
    no_reason = send(client, f"{base}/decide", {"approved": True, "note": " "})
    assert no_reason.status_code == 422 and "请写明评议结果" in no_reason.json()["detail"]
    too_soon = send(client, f"{base}/publicise", {"start": "2026-06-15"})
    assert too_soon.status_code == 422 and "评议通过后才能公示" in too_soon.json()["detail"]
    not_yet = send(client, f"{base}/award", {"awarded_on": "2026-06-15"})
    assert not_yet.status_code == 422 and "公示结束后才能表彰" in not_yet.json()["detail"]
    garbled = send(client, f"{base}/decide", {"approved": "maybe", "note": "x"})
    assert garbled.status_code == 422 and "请求数据格式不正确" in garbled.json()["detail"]
    not_json = send(client, f"{base}/decide", "{not json")
    assert not_json.status_code in {400, 422} and "detail" in not_json.json()
    send(client, f"{base}/decide", {"approved": True, "note": "通过"})
    twice = send(client, f"{base}/decide", {"approved": False, "note": "再议"})
    assert twice.status_code == 422 and "尚未评议" in twice.json()["detail"]
    before_decision = send(client, f"{base}/publicise", {"start": "2026-06-01"})
    assert before_decision.status_code == 422 and "不能早于评议日期" in before_decision.json()["detail"]
    honour.refresh_from_db()
    assert honour.status == HonourStatus.APPROVED and honour.decision_note == "通过"


# ---- study -----------------------------------------------------------------------------------


def test_record_a_study_session_with_attendance_and_hours(uw, login):
    client = login(uw.chair_a)
    payload = {
        "topic": "学习《工会法》",
        "held_on": "2026-06-12",
        "hours": "2.5",
        "attendance": 9,
        "speaker": "王主席",
        "officer_ids": [str(uw.officer_wang.pk), str(uw.officer_li.pk)],
        "notes": "逐条学习",
    }
    response = send(client, f"/api/unionwork/{uw.union_a.code}/study", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["attendance"] == 9 and body["hours"] in ("2.5", 2.5)
    assert sorted(body["officers"]) == ["李委员", "王主席"]
    session = StudySession.objects.get()
    assert session.recorded_by == uw.chair_a and session.org == uw.union_a
    assert client.get(f"/api/unionwork/study/{session.pk}").json()["notes"] == "逐条学习"


def test_bad_study_input_is_refused_in_chinese(uw, login):
    client = login(uw.chair_a)
    url = f"/api/unionwork/{uw.union_a.code}/study"
    good = {"topic": "学习", "held_on": "2026-06-12", "hours": "2"}
    future = send(client, url, {**good, "held_on": "2026-06-16"})
    assert future.status_code == 422 and "学习结束后再登记" in future.json()["detail"]
    too_long = send(client, url, {**good, "hours": "30"})
    assert too_long.status_code == 422 and "学时应在 0.5 到 24 之间" in too_long.json()["detail"]
    too_short = send(client, url, {**good, "hours": "0.2"})
    assert too_short.status_code == 422 and "学时" in too_short.json()["detail"]
    stranger = OfficerFactory(org=uw.union_b, name="乙校委员")
    foreign = send(client, url, {**good, "officer_ids": [str(stranger.pk)]})
    assert foreign.status_code == 422 and "参学委员不在可选范围内" in foreign.json()["detail"]
    garbled = send(client, url, {**good, "hours": "两小时"})
    assert garbled.status_code == 422 and "hours" in garbled.json()["detail"]
    assert not StudySession.objects.exists()


# ---- news reports ----------------------------------------------------------------------------


def test_write_edit_and_submit_a_report(uw, login):
    client = login(uw.chair_a)
    activity = ActivityFactory(org=uw.union_a)
    written = send(
        client,
        f"/api/unionwork/{uw.union_a.code}/news",
        {"title": "三八节登山", "body": "村工会组织女职工登山。", "activity_id": str(activity.pk)},
    )
    assert written.status_code == 201 and written.json()["status"] == ReportStatus.DRAFT
    report_id = written.json()["id"]
    edited = send(
        client, f"/api/unionwork/news/{report_id}", {"title": "三八节登山活动", "body": "修改后。"}, "put"
    )
    assert edited.status_code == 200 and edited.json()["id"] == report_id  # a draft is edited in place
    submitted = send(client, f"/api/unionwork/news/{report_id}/submit", {})
    assert submitted.status_code == 200 and submitted.json()["submitted_on"] == "2026-06-15"
    again = send(client, f"/api/unionwork/news/{report_id}/submit", {})
    assert again.status_code == 422 and "已报送" in again.json()["detail"]
    detail = client.get(f"/api/unionwork/news/{report_id}").json()
    assert detail["body"] == "修改后。" and detail["activity_id"] is None


def test_an_adopted_report_is_kept_and_the_edit_is_a_new_version(uw, login):
    report = NewsReportFactory(org=uw.union_a, submitted_on=date(2026, 6, 1))
    assert (
        send(login(uw.fed_admin), f"/api/unionwork/news/{report.pk}/adopt", {"level": "county"}).status_code
        == 200
    )
    client = login(uw.chair_a)
    edited = send(
        client, f"/api/unionwork/news/{report.pk}", {"title": "补充报道", "body": "补充了照片说明。"}, "put"
    )
    assert edited.status_code == 201, edited.content
    assert edited.json()["version"] == 2 and edited.json()["previous_id"] == str(report.pk)
    assert edited.json()["status"] == ReportStatus.DRAFT
    report.refresh_from_db()
    assert report.status == ReportStatus.ADOPTED and report.title == "我村工会开展三八节登山活动"
    stale = send(client, f"/api/unionwork/news/{report.pk}", {"title": "再改", "body": "再改。"}, "put")
    assert stale.status_code == 422 and "请修改最新版本" in stale.json()["detail"]
    fresh = edited.json()["id"]
    assert send(client, f"/api/unionwork/news/{fresh}/submit", {}).status_code == 200


def test_bad_report_input_is_refused_in_chinese(uw, login):
    client = login(uw.chair_a)
    url = f"/api/unionwork/{uw.union_a.code}/news"
    empty = send(client, url, {"title": "  ", "body": "正文"})
    assert empty.status_code == 422 and "title" in empty.json()["detail"]
    elsewhere = ActivityFactory(org=uw.union_b)
    foreign = send(client, url, {"title": "标题", "body": "正文", "activity_id": str(elsewhere.pk)})
    assert foreign.status_code == 422 and "相关活动不在可选范围内" in foreign.json()["detail"]
    assert not NewsReport.objects.exists()


# ---- access: each role is let through or refused by the API exactly as by the page ------------


def _routes(uw):
    """(what, page request, API request) pairs on fresh objects of union A; each callable is (client) -> status."""
    org = uw.union_a

    def honour_step(step):
        def page(c):
            return c.post(reverse(f"unionwork:honour_{step}", args=[nomination(org).pk])).status_code

        def api(c):
            return send(c, f"/api/unionwork/honours/{nomination(org).pk}/{step}", {}).status_code

        return page, api

    def draft():
        return NewsReportFactory(org=org, status=ReportStatus.DRAFT, submitted_on=None)

    return {
        "decide": honour_step("decide"),
        "publicise": honour_step("publicise"),
        "award": honour_step("award"),
        "study": (
            lambda c: c.get(reverse("unionwork:study_create", args=[org.code])).status_code,
            lambda c: send(c, f"/api/unionwork/{org.code}/study", {}).status_code,
        ),
        "write report": (
            lambda c: c.get(reverse("unionwork:report_create", args=[org.code])).status_code,
            lambda c: send(c, f"/api/unionwork/{org.code}/news", {}).status_code,
        ),
        "edit report": (
            lambda c: c.get(reverse("unionwork:report_edit", args=[draft().pk])).status_code,
            lambda c: send(c, f"/api/unionwork/news/{draft().pk}", {}, "put").status_code,
        ),
        "submit report": (
            lambda c: c.post(reverse("unionwork:report_submit", args=[draft().pk])).status_code,
            lambda c: send(c, f"/api/unionwork/news/{draft().pk}/submit", {}).status_code,
        ),
    }


@pytest.mark.parametrize("role", ROLE_USERS)
def test_each_role_is_refused_by_the_api_where_the_page_refuses_it(uw, login, role):
    client = login(getattr(uw, role))
    for what, (page, api) in _routes(uw).items():
        page_status, api_status = page(client), api(client)
        assert (page_status in REFUSED) == (api_status in REFUSED), (
            f"{role} {what}: page {page_status}, API {api_status}"
        )
        assert api_status < 500, f"{role} {what}: API {api_status}"
        if role == "chair_a":
            assert api_status not in REFUSED, f"the chair may {what}"
        if role in ("member_a", "chair_b", "fed_viewer"):
            assert api_status in REFUSED, f"{role} may not {what}"
