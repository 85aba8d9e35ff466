import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from gonghui.dues import months, services
from gonghui.dues.imports import analyse
from gonghui.dues.models import DuesImport, DuesPayment, ImportStatus
from gonghui.dues.tests.files.make_files import LI, WANG, ZHANG
from gonghui.members.tests.factories import MemberFactory

FILES = Path(__file__).parent / "files"
GOOD, UGLY = FILES / "dues_2025.xlsx", FILES / "dues_ugly_gbk.csv"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def cast(world):
    world.zhang = MemberFactory(org=world.group_a, name="张三", id_number=ZHANG, join_date=date(2020, 1, 1))
    world.li = MemberFactory(org=world.union_a, name="李四", id_number=LI, join_date=date(2020, 1, 1))
    world.wang = MemberFactory(
        org=world.group_a, name="王五", id_number=WANG, member_number="M003", join_date=date(2020, 1, 1)
    )
    return world


def run(path, *args):
    out = io.StringIO()
    call_command(
        "import_dues", str(path), "--org", "union-a", "--json", *args, stdout=out, stderr=io.StringIO()
    )
    return json.loads(out.getvalue().splitlines()[-1])


def test_good_sheet_preview_commit_and_idempotent_reimport(cast):
    assert run(GOOD) == {"rows": 4, "new": 4, "duplicate": 0, "error": 0, "errors_total": 0, "created": 0}
    assert not DuesPayment.objects.exists()
    assert run(GOOD, "--commit")["created"] == 4
    zhang = DuesPayment.objects.filter(member=cast.zhang).order_by("first_month")
    assert [p.months_label for p in zhang] == ["2025-01 至 2025-03", "2025-04 至 2025-06"]
    assert DuesPayment.objects.get(member=cast.wang).method == "payroll"  # blank method: 代扣
    assert run(GOOD, "--commit") == {
        "rows": 4,
        "new": 0,
        "duplicate": 4,
        "error": 0,
        "errors_total": 0,
        "created": 0,
    }
    assert DuesPayment.objects.count() == 4


def test_ugly_gbk_csv_reports_every_error(cast):
    run(GOOD, "--commit")
    result = analyse(UGLY, org=cast.union_a)
    reasons = {e.row: (e.column, e.value, e.reason) for e in result.errors}
    assert result.counts() == {"rows": 9, "new": 2, "duplicate": 0, "error": 7, "errors_total": 7}
    assert "缴费月份不能重叠" in reasons[3][2]
    assert reasons[4][0] == "身份证号" and "找不到该身份证号" in reasons[4][2]
    assert "Excel 当作数字" in reasons[5][2]
    assert reasons[6][2] == "与第 2 行的缴费月份重叠"
    assert reasons[7][:2] == ("缴费月份", "2025-13")
    assert reasons[8][0] == "会费金额" and "金额过大" in reasons[8][2]
    assert reasons[9][:2] == ("方式", "比特币")
    assert [(p.member.name, p.months_label) for p in result.new] == [
        ("王五", "2025-02 至 2025-04"),
        ("张三", "2025-07"),
    ]


def test_commit_is_all_or_nothing_unless_skipping(cast):
    with pytest.raises(CommandError, match="有 6 行错误"):
        run(UGLY, "--commit")
    assert not DuesPayment.objects.exists()
    assert run(UGLY, "--commit", "--skip-errors")["created"] == 3
    assert DuesPayment.objects.count() == 3


def test_unknown_org_and_unreadable_file(cast, tmp_path):
    with pytest.raises(CommandError, match="找不到组织"):
        call_command("import_dues", str(GOOD), "--org", "nope")
    junk = tmp_path / "x.xlsx"
    junk.write_bytes(b"not a spreadsheet")
    with pytest.raises(CommandError, match="无法读取"):
        call_command("import_dues", str(junk), "--org", "union-a")
    other = tmp_path / "x.txt"
    other.write_text("姓名,年龄\n张三,30\n")
    with pytest.raises(CommandError, match="找不到表头行"):
        call_command("import_dues", str(other), "--org", "union-a")


def test_import_does_not_reach_other_unions(cast):
    result = analyse(GOOD, org=cast.union_b)
    assert result.counts()["error"] == 4


def _upload(client, org, path):
    data = path.read_bytes()
    return client.post(reverse("dues:import", args=[org.code]), {"file": SimpleUploadedFile(path.name, data)})


def test_import_pages(login, cast):
    client = login(cast.chair_a)
    response = _upload(client, cast.union_a, UGLY)
    assert response.status_code == 302
    item = DuesImport.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "与第 2 行的缴费月份重叠" in page
    errors = client.get(reverse("dues:import_errors", args=[item.pk]))
    assert b"".join(errors.streaming_content)[:2] == b"PK"
    refused = client.post(reverse("dues:import_commit", args=[item.pk]), follow=True)
    assert "未写入任何数据" in refused.content.decode()
    assert not DuesPayment.objects.exists()
    client.post(reverse("dues:import_commit", args=[item.pk]), {"skip_errors": "on"})
    item.refresh_from_db()
    assert (item.status, item.counts["created"]) == (
        ImportStatus.COMMITTED,
        3,
    )  # nothing on file yet: 张三 Mar too
    assert login(cast.chair_b).get(reverse("dues:import_preview", args=[item.pk])).status_code == 404
    assert login(cast.fed_viewer).get(reverse("dues:import_preview", args=[item.pk])).status_code == 403


def test_upload_of_wrong_file_type_is_a_form_error(login, cast):
    client = login(cast.chair_a)
    response = client.post(
        reverse("dues:import", args=[cast.union_a.code]), {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}
    )
    assert response.status_code == 200
    assert "文件类型不支持" in response.content.decode()
    renamed = SimpleUploadedFile("缴费.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(64))  # a picture renamed
    response = client.post(reverse("dues:import", args=[cast.union_a.code]), {"file": renamed})
    assert "文件类型不支持" in response.content.decode() and not DuesImport.objects.exists()


def test_imported_payment_then_typed_overlap_is_refused(cast):
    run(GOOD, "--commit")
    with pytest.raises(Exception, match="不能重叠"):
        services.record_payment(
            member=cast.li,
            first_month=months.month_index(2025, 6),
            last_month=months.month_index(2025, 7),
            amount=Decimal("60"),
            paid_on=date(2025, 7, 1),
            method="cash",
            by=None,
        )


@pytest.fixture
def queued(settings):
    """Tasks wait in a queue, as with the real worker: the page must answer before the work is done."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_upload_answers_at_once_and_the_page_polls_the_progress(login, cast, queued):
    client = login(cast.chair_a)
    response = _upload(client, cast.union_a, GOOD)
    item = DuesImport.objects.get()
    assert (item.status, item.counts) == (ImportStatus.CHECKING, {})
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="task-progress"' in page and "?poll=1" in page
    poll = client.get(response["Location"] + "?poll=1", headers={"HX-Request": "true"})
    assert "HX-Refresh" not in poll and 'data-status="checking"' in poll.content.decode()

    services.check_import(dues_import=item)  # what the worker does
    poll = client.get(response["Location"] + "?poll=1", headers={"HX-Request": "true"})
    assert poll["HX-Refresh"] == "true"
    assert "确认导入" in client.get(response["Location"]).content.decode()
    queued_commit = client.post(reverse("dues:import_commit", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == ImportStatus.COMMITTING
    again = client.post(reverse("dues:import_commit", args=[item.pk]), follow=True)
    assert queued_commit.status_code == 302 and "请等待检查完成" in again.content.decode()
    assert not DuesPayment.objects.exists()


def test_task_reports_progress_and_counts(login, cast):
    client = login(cast.chair_a)
    _upload(client, cast.union_a, GOOD)
    item = DuesImport.objects.select_related("progress").get()
    assert item.status == ImportStatus.PREVIEWED
    assert (item.progress.status, item.progress.done, item.progress.total) == ("done", 4, 4)
    client.post(reverse("dues:import_commit", args=[item.pk]))
    item = DuesImport.objects.select_related("progress").get()
    assert (item.status, item.progress.status, item.counts["created"]) == (ImportStatus.COMMITTED, "done", 4)
    assert (
        "已导入 4 条缴费记录" in client.get(reverse("dues:import_preview", args=[item.pk])).content.decode()
    )
    repeat = client.post(reverse("dues:import_commit", args=[item.pk]), follow=True)
    assert "该文件已导入" in repeat.content.decode()
    assert DuesPayment.objects.count() == 4


def broken_xlsx() -> bytes:
    """Passes for an .xlsx by its parts, but nothing in it can be read."""
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "not xml at all")
    return out.getvalue()


def test_unreadable_upload_fails_with_a_chinese_reason(login, cast):
    client = login(cast.chair_a)
    response = client.post(
        reverse("dues:import", args=[cast.union_a.code]),
        {"file": SimpleUploadedFile("x.xlsx", broken_xlsx())},
        follow=True,
    )
    item = DuesImport.objects.get()
    assert item.status == ImportStatus.FAILED
    assert response.status_code == 200 and "无法读取" in response.content.decode()
    assert item.progress.status == "failed"


def test_commit_refused_when_the_data_changed_since_the_preview(login, cast):
    client = login(cast.chair_a)
    _upload(client, cast.union_a, GOOD)
    item = DuesImport.objects.get()
    services.record_payment(  # typed in by hand between preview and commit
        member=cast.li,
        first_month=months.month_index(2025, 1),
        last_month=months.month_index(2025, 12),
        amount=Decimal("360"),
        paid_on=date(2025, 7, 1),
        method="cash",
        by=None,
    )
    page = client.post(reverse("dues:import_commit", args=[item.pk]), follow=True).content.decode()
    item.refresh_from_db()
    assert item.status == ImportStatus.PREVIEWED and "未写入任何数据" in item.message
    assert item.counts["error"] == 1 and "缴费月份不能重叠" in page
    assert DuesPayment.objects.count() == 1
