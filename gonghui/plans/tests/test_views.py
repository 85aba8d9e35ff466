import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from gonghui.metrics.snapshots import build_snapshots, months_of_year
from gonghui.plans.calendar import feed_path
from gonghui.plans.models import CalendarFeed, Digest, ItemStatus, Plan, PlanStatus, ScheduleItem
from gonghui.plans.tests.factories import PlanFactory, ScheduleItemFactory, TargetFactory

# This module's dates are about "this month" and "last month": it runs at a fixed instant, also in the date sweep.
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=True)]


@pytest.fixture
def plan_a(world):
    plan = PlanFactory(org=world.union_a, year=TODAY.year)
    ScheduleItemFactory(org=world.union_a, plan=plan, month=TODAY.month, text="本月组织职工读书活动")
    ScheduleItemFactory(org=world.union_a, plan=plan, month=TODAY.month - 1, text="上月召开职代会")
    ScheduleItemFactory(org=world.union_a, plan=plan, month=None, period="Y", text="全年开展送温暖")
    TargetFactory(org=world.union_a, plan=plan, text="计划完成率100%", metric_key="plans.schedule_done_rate")
    TargetFactory(org=world.union_a, plan=plan, text="会费收缴100%", metric_key="dues.collection_rate")
    TargetFactory(
        org=world.union_a, plan=plan, text="创5家示范工会", metric_key="", unit="家", value=Decimal(5)
    )
    return plan


def test_home_redirects_to_the_dashboard(login, world):
    response = login(world.chair_a).get("/")
    assert response["Location"] == reverse("plans:dashboard")


def test_union_dashboard_shows_schedule_targets_and_reminders(login, world, plan_a):
    response = login(world.chair_a).get(reverse("plans:dashboard"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "本月组织职工读书活动" in body and "全年开展送温暖" in body
    assert "尚不可计算" in body or "会费收缴率" in body
    assert "手工填报" in body or "填报" in body
    assert 'data-chart="month-chart"' in body and "<script>" not in body.replace(
        'type="application/json"', ""
    )
    assert "上月召开职代会" in body.split('data-testid="overdue"')[1].split("</div></div>")[0]


def test_union_dashboard_without_plan_invites_one(login, world):
    body = login(world.chair_a).get(reverse("plans:dashboard")).content.decode()
    assert 'data-testid="no-plan"' in body and reverse("plans:create") in body


def test_mark_done_with_htmx_returns_the_row(login, world, plan_a):
    item = plan_a.items.get(text="本月组织职工读书活动")
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(out, "PNG")
    png = SimpleUploadedFile("photo.png", out.getvalue(), content_type="image/png")
    response = login(world.officer_a).post(
        reverse("plans:item_done", args=[item.pk]), {"note": "已办", "file": png}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "已完成" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE and item.evidence.count() == 1


def test_mark_done_rejects_a_disguised_file(login, world, plan_a):
    item = plan_a.items.get(text="本月组织职工读书活动")
    fake = SimpleUploadedFile("photo.png", b"MZ not a png", content_type="image/png")
    response = login(world.chair_a).post(
        reverse("plans:item_done", args=[item.pk]), {"file": fake}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422 and "文件类型不支持" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.PLANNED


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("chair_a", True), ("officer_a", True), ("fed_admin", True), ("fed_viewer", False), ("member_a", False)],
)
def test_who_may_mark_done(login, world, plan_a, role, allowed):
    item = plan_a.items.get(text="本月组织职工读书活动")
    reason = "读书活动由各小组自行开展，工会没有统一留存材料。"
    response = login(getattr(world, role)).post(
        reverse("plans:item_done", args=[item.pk]), {"reason": reason}
    )
    item.refresh_from_db()
    assert (item.status == ItemStatus.DONE) is allowed
    assert response.status_code in ((302,) if allowed else (403, 404))


def test_member_and_viewer_cannot_create_plans(login, world):
    for user in (world.member_a, world.fed_viewer):
        assert login(user).get(reverse("plans:create")).status_code == 403


def test_paste_review_and_confirm(login, world):
    pytest.importorskip("gonghui.plans.parser")
    client = login(world.chair_a)
    text = f"{TODAY.year}年甲村工会工作计划\n一、月份安排\n三月份\n1、组织三八节活动\n五月份\n2、开展五一劳动竞赛\n会费收缴100%。\n"
    response = client.post(reverse("plans:create"), {"text": text})
    plan = Plan.objects.get(org=world.union_a)
    assert response["Location"] == reverse("plans:review", args=[plan.pk])
    review = client.get(response["Location"]).content.decode()
    assert "组织三八节活动" in review and 'data-testid="source"' in review
    item = plan.items.get(text__contains="三八")
    prefix = f"i{item.pk.hex[:8]}"
    fixed = {
        f"{prefix}-month": "4",
        f"{prefix}-text": "组织三八节活动（推迟）",
        f"{prefix}-category": "festival",
    }
    response = client.post(reverse("plans:item_edit", args=[item.pk]), fixed, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "已保存" in response.content.decode()
    item.refresh_from_db()
    assert item.month == 4 and item.text.endswith("（推迟）")
    assert client.post(reverse("plans:confirm", args=[plan.pk])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CONFIRMED
    assert "组织三八节活动（推迟）" in client.get(reverse("plans:dashboard")).content.decode()


def test_item_edit_shows_errors_not_500(login, world, plan_a):
    item = plan_a.items.first()
    prefix = f"i{item.pk.hex[:8]}"
    response = login(world.chair_a).post(
        reverse("plans:item_edit", args=[item.pk]), {f"{prefix}-month": "13", f"{prefix}-text": ""}
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.png", b"\x89PNG\r\n", "只能上传"),
        ("plan.pdf", b"%PDF-1.4\nnot a pdf at all", "损坏"),
        ("plan.pdf", b"\x89PNG\r\n", "不是有效的 .pdf"),
        ("plan.docx", b"not a zip", "不是有效的 .docx"),
        ("plan.docx", b"PK\x03\x04 broken", "无法读取"),
    ],
)
def test_bad_plan_uploads_get_a_clear_message(login, world, name, content, message):
    upload = SimpleUploadedFile(name, content)
    response = login(world.chair_a).post(reverse("plans:create"), {"file": upload})
    assert response.status_code == 422 and message in response.content.decode()


def test_docx_upload(login, world):
    pytest.importorskip("gonghui.plans.parser")
    import docx

    document = docx.Document()
    for line in ["2024年工会工作计划", "三月份", "1、组织三八节活动"]:
        document.add_paragraph(line)
    data = io.BytesIO()
    document.save(data)
    upload = SimpleUploadedFile("plan.docx", data.getvalue())
    response = login(world.chair_a).post(reverse("plans:create"), {"file": upload})
    assert response.status_code == 302
    assert Plan.objects.get(org=world.union_a).items.filter(month=3).exists()


def test_plan_pages_render(login, world, plan_a):
    client = login(world.chair_a)
    for name in ("detail", "review", "edit", "print"):
        assert client.get(reverse(f"plans:{name}", args=[plan_a.pk])).status_code == 200
    assert "甲村工会" in client.get(reverse("plans:list")).content.decode()


def test_copy_plan(login, world, plan_a):
    response = login(world.chair_a).post(reverse("plans:copy", args=[plan_a.pk]), {"year": plan_a.year + 1})
    copy = Plan.objects.get(org=world.union_a, year=plan_a.year + 1)
    assert response["Location"] == reverse("plans:review", args=[copy.pk])
    assert copy.items.count() == plan_a.items.count()


@pytest.fixture
def snapshots(world, plan_a):
    plan_b = PlanFactory(org=world.union_b, year=TODAY.year)
    ScheduleItemFactory(org=world.union_b, plan=plan_b, month=1, status=ItemStatus.DONE, text="乙校一月")
    fed_plan = PlanFactory(org=world.fed, year=TODAY.year)
    TargetFactory(
        org=world.fed, plan=fed_plan, text="完成率90%", metric_key="plans.schedule_done_rate", value=90
    )
    build_snapshots(months=months_of_year(TODAY.year, until=TODAY))


def test_federation_dashboard_reads_snapshots(login, world, snapshots):
    response = login(world.fed_viewer).get(reverse("plans:dashboard"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "甲村工会" in body and "乙校工会" in body and "计划事项完成率" in body
    assert "att-success" in body  # 乙校: 1 of 1 done, goal 90%
    assert 'data-chart="trend-chart"' in body


def test_federation_table_sorts_and_filters(login, world, snapshots):
    client = login(world.fed_admin)
    url = reverse("plans:dashboard")
    body = client.get(url, {"sort": "plans.schedule_done_rate", "desc": "on"}).content.decode()
    assert body.index("乙校工会") < body.index("甲村工会")
    filtered = client.get(url, {"q": "乙校"}).content.decode()
    table = filtered.split('data-testid="fed-table"')[1]
    assert "乙校工会" in table and "甲村工会" not in table
    assert client.get(url, {"sort": "nonsense", "desc": "maybe", "page": "x"}).status_code == 200


def test_federation_drill_down_and_export(login, world, snapshots):
    client = login(world.fed_viewer)
    drill = client.get(reverse("plans:org_dashboard", args=[world.union_a.code]))
    assert "本月组织职工读书活动" in drill.content.decode()
    export = client.get(reverse("plans:federation_export", args=[world.fed.code]))
    assert export.status_code == 200 and export.content[:2] == b"PK"
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0).to_python()
    assert {r[0] for r in rows[1:]} == {"甲村工会", "乙校工会"}


def test_union_chair_cannot_drill_into_a_sibling(login, world):
    assert (
        login(world.chair_a).get(reverse("plans:org_dashboard", args=[world.union_b.code])).status_code == 404
    )


def test_calendar_and_ical(client, login, world, plan_a):
    body = login(world.chair_a).get(reverse("plans:calendar")).content.decode()
    assert "本月组织职工读书活动" in body
    client.logout()
    assert client.get(reverse("plans:ical", args=[world.union_a.code])).status_code == 404
    assert client.get(reverse("plans:ical", args=[world.union_a.code]) + "?token=bad").status_code == 404
    feed = client.get(feed_path(world.union_a))
    text = feed.content.decode()
    assert feed.status_code == 200 and text.startswith("BEGIN:VCALENDAR") and "\r\n" in text
    assert "SUMMARY:本月组织职工读书活动" in text.replace("\r\n ", "")
    assert client.get(reverse("plans:calendar"), {"month": "2024-13"}).status_code == 302  # anonymous → login


def test_a_new_calendar_key_turns_off_the_old_link(client, login, world, plan_a):
    old_link = feed_path(world.union_a)
    other_union = feed_path(world.union_b)
    chair = login(world.chair_a)
    assert 'data-testid="ical-reset"' in chair.get(reverse("plans:calendar")).content.decode()
    response = chair.post(reverse("plans:calendar_feed_reset", args=[world.union_a.code]), follow=True)
    assert "旧地址已失效" in response.content.decode()
    new_link = feed_path(world.union_a)
    assert new_link != old_link and new_link in response.content.decode()
    client.logout()
    assert client.get(old_link).status_code == 404
    assert client.get(new_link).status_code == 200
    assert client.get(other_union).status_code == 200  # other orgs' links are untouched
    entry = LogEntry.objects.get_for_model(CalendarFeed).get()
    assert entry.actor == world.chair_a and "key" not in entry.changes_dict  # who, never the secret


@pytest.mark.parametrize("role", ["member_a", "group_leader_a", "fed_viewer", "chair_b"])
def test_only_those_who_manage_the_union_may_replace_its_calendar_key(login, world, role):
    old_link = feed_path(world.union_a)
    response = login(getattr(world, role)).post(
        reverse("plans:calendar_feed_reset", args=[world.union_a.code])
    )
    assert response.status_code in (403, 404)
    assert feed_path(world.union_a) == old_link
    assert (
        'data-testid="ical-reset"'
        not in login(world.member_a).get(reverse("plans:calendar")).content.decode()
    )


def test_digest_is_built_and_shown(login, world, plan_a):
    from django.core.management import call_command

    call_command("build_digest")
    digest = Digest.objects.get(org=world.union_a, day=TODAY)
    assert any(e["text"] == "上月召开职代会" for e in digest.overdue)
    body = login(world.chair_a).get(reverse("plans:digest")).content.decode()
    assert 'data-testid="digest"' in body
    assert not Digest.objects.filter(org=world.union_b).exists()


def test_manual_target_value(login, world, plan_a):
    target = plan_a.targets.get(metric_key="")
    client = login(world.chair_a)
    response = client.post(reverse("plans:target_manual", args=[target.pk]), {"value": "3"})
    assert response.status_code == 200 and "请上传佐证材料" in response.content.decode()
    pdf = SimpleUploadedFile("proof.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    response = client.post(reverse("plans:target_manual", args=[target.pk]), {"value": "6", "evidence": pdf})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.manual_value == 6 and ScheduleItem.objects.exists()


def test_a_member_gets_their_home_at_the_root_without_a_redirect(login, world):
    response = login(world.member_a).get("/")
    assert response.status_code == 200
    assert 'data-testid="member-actions"' in response.content.decode()
