"""A task's progress bar moves even while the task holds one long transaction."""

import pytest
from django.db import transaction
from django.urls import reverse

from gonghui.core import tasks
from gonghui.core.models import TaskProgress


@pytest.mark.django_db(transaction=True)
def test_progress_reported_inside_a_transaction_reaches_the_page(world, client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    progress = tasks.start_progress(kind="import", user=world.chair_a, total=100)
    tasks.update_progress(progress.pk, done=0)
    client.force_login(world.chair_a)
    with transaction.atomic(), tasks.side_progress(progress.pk) as report:
        report(42)
        page = client.get(reverse("task_progress", args=[progress.pk]))
        assert "42 / 100" in page.content.decode()
    assert not any(tmp_path.rglob("*.txt"))  # the side file goes with the task


@pytest.mark.django_db
def test_a_finished_task_shows_its_own_count(world, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    progress = tasks.start_progress(kind="import", user=world.chair_a, total=10)
    tasks.finish_progress(progress.pk, message="完成")
    (tmp_path / "progress").mkdir()
    (tmp_path / "progress" / f"{progress.pk}.txt").write_text("7")  # left over from a crash
    assert tasks.current(TaskProgress.objects.get(pk=progress.pk)).done == 0
