import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.activities import services
from gonghui.activities.models import Activity, Attendance, AttendanceStatus, CheckInMethod
from gonghui.activities.tests.conftest import image_upload
from gonghui.activities.tests.factories import ActivityFactory, ContestFactory
from gonghui.activities.uploads import PHOTO_MAX_BYTES

pytestmark = pytest.mark.django_db
# The list shows this year's activities and the factory's start is a week ahead: after 24 December
# that is next year, so tests reading the list run mid-year.
MID_YEAR = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _form(**overrides):
    start = timezone.localtime() + timedelta(days=10)
    data = {
        "title": "教职工羽毛球比赛",
        "category": "sports",
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "place": "体育馆",
        "audience": "all",
        "capacity": "30",
    }
    data.update(overrides)
    return data


def test_chair_creates_an_activity(login, world):
    client = login(world.chair_a)
    response = client.post(reverse("activities:create", args=["union-a"]), _form())
    activity = Activity.objects.get(title="教职工羽毛球比赛")
    assert response.status_code == 302 and activity.org == world.union_a
    page = client.get(reverse("activities:detail", args=[activity.pk]))
    assert "教职工羽毛球比赛" in page.content.decode()


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"end": "2020-01-01T08:00"}, "结束时间不能早于开始时间"),
        ({"capacity": "0"}, "名额至少为 1"),
        ({"budget": "-5"}, "金额不能为负数"),
        ({"start": "明天"}, "输入一个有效的日期/时间"),
        ({"audience": "group"}, "请选择小组"),
        ({"category": "nonsense"}, "选择一个有效的选项"),
    ],
)
def test_bad_activity_input_gets_a_chinese_message(login, world, overrides, message):
    response = login(world.chair_a).post(reverse("activities:create", args=["union-a"]), _form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Activity.objects.exists()


def test_roles_that_may_not_create(login, world):
    for user in (world.member_a, world.fed_viewer):
        assert login(user).post(reverse("activities:create", args=["union-a"]), _form()).status_code == 403
    assert login(world.chair_b).get(reverse("activities:create", args=["union-a"])).status_code == 404


@pytest.mark.time_machine(MID_YEAR, tick=True)
def test_list_shows_own_subtree_and_overview(login, world, activity):
    ActivityFactory(org=world.union_b, title="乙校活动")
    body = login(world.chair_a).get(reverse("activities:list", args=["union-a"])).content.decode()
    assert "职工趣味运动会" in body and "乙校活动" not in body and "活动参与率" in body
    body = login(world.fed_viewer).get(reverse("activities:list", args=["fed"])).content.decode()
    assert "职工趣味运动会" in body and "乙校活动" in body
    assert login(world.chair_a).get(reverse("activities:index")).status_code == 302


def test_member_signs_up_on_the_phone_and_cancels(login, world, activity):
    client = login(world.member_a)
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "我要报名" in page
    response = client.post(reverse("activities:sign_up_self", args=[activity.pk]), follow=True)
    assert "您报名成功" in response.content.decode()
    row = Attendance.objects.get(activity=activity, member=world.member_a_record)
    assert row.signed_up_by == world.member_a
    client.post(reverse("activities:cancel", args=[row.pk]))
    row.refresh_from_db()
    assert row.status == AttendanceStatus.CANCELLED


def test_member_cannot_manage_roster_or_cancel_others(login, world, activity, members):
    other = services.sign_up(activity=activity, member=members[0], by=world.chair_a)
    client = login(world.member_a)
    assert client.get(reverse("activities:roster", args=[activity.pk])).status_code == 403
    assert client.post(reverse("activities:cancel", args=[other.pk])).status_code == 404
    assert client.post(reverse("activities:check_in", args=[other.pk])).status_code == 404


def test_sign_up_after_deadline_shows_the_deadline(login, world, activity):
    activity.signup_deadline = timezone.now() - timedelta(days=1)
    activity.save()
    response = login(world.member_a).post(reverse("activities:sign_up_self", args=[activity.pk]), follow=True)
    assert "截止" in response.content.decode()
    assert not Attendance.objects.exists()


def test_officer_signs_up_members_with_waiting_list(login, world, activity, members):
    activity.capacity = 2
    activity.save()
    client = login(world.officer_a)
    response = client.post(
        reverse("activities:sign_up_members", args=[activity.pk]),
        {"members": [str(m.pk) for m in members]},
        follow=True,
    )
    body = response.content.decode()
    assert "名额已满，王五已列入候补（第 1 位）" in body or "已列入候补" in body
    assert activity.attendances.filter(status="waiting").count() == 1
    bad = client.post(reverse("activities:sign_up_members", args=[activity.pk]), {"members": ["not-a-uuid"]})
    assert bad.status_code == 302


def test_officer_cannot_sign_up_another_unions_member(login, world, activity):
    from gonghui.activities.tests.factories import member_in

    outsider = member_in(world.union_b)
    client = login(world.chair_a)
    response = client.post(
        reverse("activities:sign_up_members", args=[activity.pk]),
        {"members": [str(outsider.pk)]},
        follow=True,
    )
    assert "所选会员不在名单中" in response.content.decode()
    assert not Attendance.objects.exists()


def test_tap_check_in_with_htmx_returns_the_row(login, world, activity, members):
    row = services.sign_up(activity=activity, member=members[0], by=world.chair_a)
    client = login(world.group_leader_a)
    response = client.post(reverse("activities:check_in", args=[row.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "撤销" in response.content.decode()
    row.refresh_from_db()
    assert row.attended and row.check_in_method == CheckInMethod.TAP
    client.post(reverse("activities:undo_check_in", args=[row.pk]))
    row.refresh_from_db()
    assert not row.attended


def test_qr_scan_flow(login, world, today_activity):
    activity = today_activity
    chair = login(world.chair_a)
    page = chair.get(reverse("activities:qr", args=[activity.pk]))
    token = page.context["token"]
    svg = chair.get(reverse("activities:qr_image", args=[activity.pk]) + f"?t={token}")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    member = login(world.member_a)
    scan_url = reverse("activities:scan", args=[activity.pk])
    assert "确认签到" in member.get(scan_url + f"?t={token}").content.decode()
    assert not Attendance.objects.exists()  # a GET changes nothing
    member.post(scan_url, {"t": token})
    assert Attendance.objects.get(member=world.member_a_record).check_in_method == CheckInMethod.QR


def test_qr_from_another_activity_is_refused(login, world, activity):
    other = ActivityFactory(org=world.union_a)
    token = services.check_in_token(other)
    response = login(world.member_a).post(reverse("activities:scan", args=[activity.pk]), {"t": token})
    assert response.status_code == 422 and "其他活动" in response.content.decode()
    assert (
        login(world.member_a).get(reverse("activities:scan", args=[activity.pk]) + "?t=garbage").status_code
        == 200
    )


def test_sign_in_sheet_and_paper_attendance(login, world, past_activity, members):
    for m in members[:2]:
        Attendance.objects.create(activity=past_activity, member=m, org=m.org)
    client = login(world.chair_a)
    sheet = client.get(reverse("activities:sheet", args=[past_activity.pk])).content.decode()
    assert "签到表" in sheet and "张三" in sheet and "李四" in sheet
    response = client.post(
        reverse("activities:paper", args=[past_activity.pk]), {"members": [members[0].pk, members[2].pk]}
    )
    assert response.status_code == 302
    assert set(past_activity.attendances.attended().values_list("member__name", flat=True)) == {
        "张三",
        "王五",
    }
    empty = client.post(reverse("activities:paper", args=[past_activity.pk]), {})
    assert empty.status_code == 422 and "请至少选择一名会员" in empty.content.decode()


def test_photo_upload_refuses_non_images_and_oversize(login, world, activity):
    client = login(world.chair_a)
    url = reverse("activities:upload_photos", args=[activity.pk])
    fake = SimpleUploadedFile("photo.jpg", b"this is not an image", content_type="image/jpeg")
    body = client.post(url, {"photos": fake}, follow=True).content.decode()
    assert "不是有效的图片" in body
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * PHOTO_MAX_BYTES, content_type="image/jpeg")
    body = client.post(url, {"photos": big}, follow=True).content.decode()
    assert "超过 10 MB 的大小限制" in body
    assert not activity.photos.exists()
    client.post(url, {"photos": [image_upload("a.jpg"), image_upload("b.png", kind="PNG")]})
    photos = list(activity.photos.all())
    assert len(photos) == 2
    shown = client.get(reverse("activities:photo", args=[photos[0].pk]) + "?size=thumb")
    assert shown.status_code == 200
    assert login(world.chair_b).get(reverse("activities:photo", args=[photos[0].pk])).status_code == 404


def test_file_upload_checks_content(login, world, activity):
    client = login(world.chair_a)
    url = reverse("activities:upload_file", args=[activity.pk])
    exe = SimpleUploadedFile("通知.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    assert "文件类型不支持" in client.post(url, {"file": exe}, follow=True).content.decode()
    pdf = SimpleUploadedFile("通知.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    client.post(url, {"file": pdf})
    stored = activity.files.get()
    assert stored.content_type == "application/pdf"
    download = client.get(reverse("activities:file", args=[stored.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_contest_pages_and_result_entry(login, world, activity, members):
    contest = ContestFactory(org=world.union_a, activity=activity)
    client = login(world.chair_a)
    client.post(reverse("activities:add_entrant", args=[contest.pk]), {"member": members[0].pk})
    entrant = contest.entrants.get()
    response = client.post(
        reverse("activities:record_result", args=[entrant.pk]), {"score": "abc"}, follow=True
    )
    assert "成绩请填写数字" in response.content.decode()
    client.post(reverse("activities:record_result", args=[entrant.pk]), {"score": "95.5"})
    entrant.refresh_from_db()
    assert entrant.rank == 1 and entrant.award == "一等奖"
    page = login(world.member_a).get(reverse("activities:contest", args=[contest.pk])).content.decode()
    assert "一等奖" in page and "添加参赛者" not in page
    bad = login(world.chair_a).post(
        reverse("activities:contest_create", args=[activity.pk]),
        {"name": "书法", "scoring": "higher", "award_counts": "一,二"},
    )
    assert "请按" in bad.content.decode()


def test_exports_download(login, world, past_activity):
    client = login(world.chair_a)
    year = timezone.localdate(past_activity.start).year
    started = client.post(reverse("activities:ledger", args=["union-a"]), {"year": year})
    assert started.status_code == 302  # post/redirect/get: a reload does not start it again
    page = client.get(started.url)
    assert f"{year}年活动台帐" in page.content.decode()
    progress = page.context["progress"]
    assert progress.status == "done" and progress.result["year"] == year
    ledger = client.get(progress.result["url"])
    assert ledger.status_code == 200 and b"".join(ledger.streaming_content)[:2] == b"PK"
    assert login(world.chair_b).get(progress.result["url"]).status_code == 404
    assert login(world.member_a).post(reverse("activities:ledger", args=["union-a"])).status_code == 403
    record = client.get(reverse("activities:record_docx", args=[past_activity.pk]))
    assert record.status_code == 200 and record.content[:2] == b"PK"


def test_member_activities_tab(login, world, activity):
    services.sign_up(activity=activity, member=world.member_a_record, by=world.member_a)
    body = login(world.chair_a).get(reverse("activities:member_activities", args=[world.member_a_record.pk]))
    assert "职工趣味运动会" in body.content.decode()
    partial = login(world.chair_a).get(
        reverse("activities:member_activities", args=[world.member_a_record.pk]), HTTP_HX_REQUEST="true"
    )
    assert "<html" not in partial.content.decode()
    assert (
        login(world.chair_b)
        .get(reverse("activities:member_activities", args=[world.member_a_record.pk]))
        .status_code
        == 404
    )


def test_calendar_lists_the_month(login, world, activity):
    month = timezone.localtime(activity.start).strftime("%Y-%m")
    body = (
        login(world.member_a)
        .get(reverse("activities:calendar", args=["union-a"]) + f"?month={month}")
        .content.decode()
    )
    assert "职工趣味运动会" in body
    assert (
        login(world.member_a).get(reverse("activities:calendar", args=["union-a"]) + "?month=bad").status_code
        == 200
    )


def test_api_list_create_sign_up_and_check_in(login, world, members):
    client = login(world.chair_a)
    start = timezone.now() + timedelta(days=3)
    payload = {
        "org_code": "union-a",
        "title": "接口活动",
        "category": "sports",
        "start": start.isoformat(),
        "end": (start + timedelta(hours=2)).isoformat(),
        "capacity": 1,
    }
    created = client.post("/api/activities/", json.dumps(payload), content_type="application/json")
    assert created.status_code == 201, created.content
    activity_id = created.json()["id"]
    bad = client.post(
        "/api/activities/",
        json.dumps({**payload, "end": (start - timedelta(hours=2)).isoformat()}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and "结束时间不能早于开始时间" in bad.json()["detail"]
    first = client.post(f"/api/activities/{activity_id}/signups?member_id={members[0].pk}")
    second = client.post(f"/api/activities/{activity_id}/signups?member_id={members[1].pk}")
    assert first.json()["status"] == "registered" and second.json()["status"] == "waiting"
    again = client.post(f"/api/activities/{activity_id}/signups?member_id={members[1].pk}")
    assert again.status_code == 422 and "重复报名" in again.json()["detail"]
    checked = client.post(f"/api/activities/{activity_id}/attendance?member_id={members[0].pk}")
    assert checked.json()["check_in_method"] == "tap"
    listing = client.get("/api/activities/?org_code=union-a").json()
    assert listing[0]["signed_up"] == 1 and listing[0]["attended"] == 1
    assert len(client.get(f"/api/activities/{activity_id}/attendance").json()) == 2
    member_client = login(world.member_a)
    own = member_client.post(f"/api/activities/{activity_id}/signups")
    assert own.status_code == 201 and own.json()["status"] == "waiting"
    refused = member_client.post(f"/api/activities/{activity_id}/signups?member_id={members[2].pk}")
    assert refused.status_code == 404  # a member cannot even see another member


def test_member_page_has_the_activities_tab(login, world, activity):
    services.sign_up(activity=activity, member=world.member_a_record, by=world.member_a)
    page = (
        login(world.chair_a).get(reverse("members:detail", args=[world.member_a_record.pk])).content.decode()
    )
    tab_url = reverse("activities:member_activities", args=[world.member_a_record.pk])
    assert 'href="#tab-activities"' in page and tab_url in page


@pytest.mark.time_machine(MID_YEAR, tick=True)
def test_members_find_and_join_their_federations_activity(login, world):
    held = ActivityFactory(org=world.fed, title="全县职工技能大赛")
    client = login(world.member_a)
    assert "全县职工技能大赛" in client.get(reverse("activities:list", args=["union-a"])).content.decode()
    client.post(reverse("activities:sign_up_self", args=[held.pk]))
    row = Attendance.objects.get(activity=held)
    assert row.member == world.member_a_record and row.org == world.group_a
    # Every union below the county sees its activity; another county's unions do not.
    assert (
        "全县职工技能大赛"
        in login(world.chair_b).get(reverse("activities:list", args=["union-b"])).content.decode()
    )


def test_a_truncated_photo_is_refused_not_a_server_error(login, world, activity):
    whole = image_upload("cut.jpg").read()
    cut = SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2], content_type="image/jpeg")
    response = login(world.chair_a).post(
        reverse("activities:upload_photos", args=[activity.pk]), {"photos": cut}, follow=True
    )
    assert response.status_code == 200 and "不是有效的图片" in response.content.decode()
    assert not activity.photos.exists()


def test_roster_and_paper_pages_search_members(login, world, past_activity, activity, members):
    client = login(world.chair_a)
    page = client.get(reverse("activities:roster", args=[activity.pk]) + "?q=ww").content.decode()
    assert "王五" in page and "张三" not in page
    Attendance.objects.create(activity=past_activity, member=members[0], org=members[0].org)
    paper = client.get(reverse("activities:paper", args=[past_activity.pk])).content.decode()
    assert "张三" in paper and "王五" not in paper
    found = client.get(reverse("activities:paper", args=[past_activity.pk]) + "?q=王").content.decode()
    assert "王五" in found
