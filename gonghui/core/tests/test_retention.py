"""Files built for download are deleted after the keeping period; their pages say so."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import TaskProgress
from gonghui.core.retention import EXPIRED, purge_downloads
from gonghui.core.tasks import finish_progress, start_progress

pytestmark = pytest.mark.django_db


def export(world, tmp_path, *, days_ago, status=TaskProgress.Status.DONE, name="a.xlsx"):
    path = tmp_path / name
    path.write_bytes(b"PK roster")
    progress = start_progress(kind="members_export", org=world.union_a, user=world.chair_a)
    url = reverse("members:export_download", kwargs={"taskprogress_id": progress.pk})
    finish_progress(progress.pk, result={"path": str(path), "url": url, "rows": 3}, message="已导出 3 人")
    TaskProgress.objects.filter(pk=progress.pk).update(
        status=status, updated_at=timezone.now() - timedelta(days=days_ago)
    )
    return progress, path


def test_a_file_past_its_keeping_period_is_deleted_and_its_page_says_so(login, world, tmp_path, settings):
    settings.GONGHUI_DOWNLOAD_KEEP_DAYS = 7
    old, old_path = export(world, tmp_path, days_ago=8, name="old.xlsx")
    fresh, fresh_path = export(world, tmp_path, days_ago=6, name="fresh.xlsx")
    failed, failed_path = export(
        world, tmp_path, days_ago=30, status=TaskProgress.Status.FAILED, name="f.xlsx"
    )

    assert purge_downloads.call() == {"purged": 1}

    assert not old_path.exists() and fresh_path.exists() and failed_path.exists()
    old.refresh_from_db()
    assert old.result == {"rows": 3, "expired": True} and old.message == EXPIRED
    client = login(world.chair_a)
    gone = client.get(reverse("members:export_download", kwargs={"taskprogress_id": old.pk}))
    assert gone.status_code == 404
    kept = client.get(reverse("members:export_download", kwargs={"taskprogress_id": fresh.pk}))
    assert kept.status_code == 200
    assert purge_downloads.call() == {"purged": 0}  # an expired row is not purged twice


def test_the_purge_runs_daily():
    from django.conf import settings

    assert "gonghui.core.retention.purge_downloads" in settings.GONGHUI_DAILY_TASKS
