"""Tasks always end (issue 12, items 7 and 8): an exception fails the bar with a Chinese reason,
and a worker killed mid-commit leaves nothing that refuses a retry."""

import random
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gonghui.core.models import TaskProgress
from gonghui.core.tasks import failure_reason, media_path, start_progress
from gonghui.dues.models import DuesImport
from gonghui.dues.models import ImportStatus as DuesStatus
from gonghui.members import tasks as member_tasks
from gonghui.members.models import ImportJob, ImportStatus, Member

ROSTER = Path(__file__).parents[2] / "members" / "tests" / "files" / "ugly_roster.xlsx"
GOOD_IDS = {"110101199003074477", "110101199205067646", "11010119850910101X"}  # ugly_roster's good rows
ENGLISH = re.compile(r"[A-Za-z]{3,}[ ,.:;][A-Za-z ]{3,}")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def chinese(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text)) and not ENGLISH.search(text)


def job_for(world, data: bytes, suffix: str) -> ImportJob:
    path = f"members/uploads/x{suffix}"
    media_path(path).parent.mkdir(parents=True, exist_ok=True)
    media_path(path).write_bytes(data)
    return ImportJob.objects.create(
        org=world.union_a, filename=f"x{suffix}", path=path, created_by=world.chair_a
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [random.Random(7).randbytes(20_000), b"\xff\xfe\x81" * 4000, b"a,b\n\x00\x00\x00,1\n" * 10],
    ids=["random", "undecodable", "nul-bytes"],
)
def test_random_bytes_as_csv_end_the_import_with_a_chinese_reason(world, data):
    """The audit's hang: the task died on UnicodeDecodeError and the page polled forever."""
    job = job_for(world, data, ".csv")
    progress = start_progress(kind=member_tasks.IMPORT_KIND, org=job.org, user=world.chair_a)
    ImportJob.objects.filter(pk=job.pk).update(progress=progress, status=ImportStatus.PREVIEWING)
    member_tasks.run_import.enqueue(str(progress.pk), str(job.pk), False)
    job.refresh_from_db()
    progress.refresh_from_db()
    assert progress.status == TaskProgress.Status.FAILED and chinese(progress.message), progress.message
    assert job.status == ImportStatus.FAILED and chinese(job.message), job.message


@pytest.mark.django_db
def test_random_bytes_uploaded_as_csv_are_refused_at_the_door(login, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.csv", random.Random(7).randbytes(20_000))
    response = login(world.chair_a).post(reverse("members:import"), {"file": upload})
    assert response.status_code == 200 and "文件类型不支持" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), "文字编码"),
        (OSError(28, "No space left on device"), "磁盘"),
        (RuntimeError("list index out of range"), "意外错误"),
        (ValueError("第 3 行：身份证号不正确"), "第 3 行"),
    ],
)
def test_every_failure_reads_as_chinese(exc, words):
    reason = failure_reason(exc, doing="导入名册")
    assert reason.startswith("导入名册失败") and words in reason and chinese(reason)


@pytest.mark.django_db
def test_any_exception_in_a_ledger_fails_its_bar(login, world, monkeypatch):
    from gonghui.activities import exports

    def broken(**kwargs):
        raise KeyError("year")

    monkeypatch.setattr(exports, "ledger_xlsx", broken)
    client = login(world.chair_a)
    page = client.post(reverse("activities:ledger", args=[world.union_a.code]), {"year": 2026}, follow=True)
    progress = TaskProgress.objects.get()
    assert progress.status == TaskProgress.Status.FAILED and "生成活动台帐失败" in progress.message
    assert "生成活动台帐失败" in page.content.decode()


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        **settings.TASKS,
        "db": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_commit_leaves_a_commit_that_can_be_retried(login, world, database_tasks):
    client = login(world.chair_a)
    with open(ROSTER, "rb") as fh:
        client.post(reverse("members:import"), {"file": fh})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.PREVIEWED
    # What kill -9 during the commit leaves: the job committing, its bar running, its task running
    # (the members it was writing were rolled back with the transaction).
    progress = start_progress(kind=member_tasks.IMPORT_KIND, org=job.org, user=world.chair_a)
    TaskProgress.objects.filter(pk=progress.pk).update(status=TaskProgress.Status.RUNNING, done=2)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.COMMITTING, progress=progress, skip_errors=True
    )
    killed = member_tasks.run_import.using(backend="db").enqueue(str(progress.pk), str(job.pk), True)
    DBTaskResult.objects.filter(pk=killed.id).update(status=TaskResultStatus.RUNNING)
    refused = client.post(
        reverse("members:import_commit", kwargs={"importjob_id": job.pk}), {"skip_errors": "1"}, follow=True
    )
    assert "请先完成预览" in refused.content.decode()  # the trap the audit found

    call_command("worker", "--batch", "--backend", "db", "--no-startup-delay")  # the worker starts again

    job.refresh_from_db()
    progress.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED and "可以再次确认导入" in job.message
    assert progress.status == TaskProgress.Status.FAILED and "中断" in progress.message
    assert DBTaskResult.objects.get(pk=killed.id).status == TaskResultStatus.FAILED
    client.post(reverse("members:import_commit", kwargs={"importjob_id": job.pk}), {"skip_errors": "1"})
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED and Member.objects.filter(id_number__in=GOOD_IDS).count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_dues_commit_killed_with_the_worker_can_be_confirmed_again(world, database_tasks):
    from django.core.files.base import ContentFile

    progress = start_progress(kind="dues_import", org=world.union_a, user=world.chair_a)
    TaskProgress.objects.filter(pk=progress.pk).update(status=TaskProgress.Status.RUNNING)
    item = DuesImport(org=world.union_a, filename="a.csv", status=DuesStatus.COMMITTING, progress=progress)
    item.file.save("a.csv", ContentFile(b"x"), save=True)
    call_command("worker", "--batch", "--backend", "db", "--no-startup-delay")
    item.refresh_from_db()
    assert item.status == DuesStatus.PREVIEWED and "可以再次确认导入" in item.message
