"""Exports and ledgers are started by a POST that redirects to their progress page (issue 11, item 6):
reloading that page shows the same task and never starts another one."""

import pytest
from django.urls import reverse

from gonghui.core.models import TaskProgress

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def queued(settings, tmp_path):
    """Tasks wait in the queue, as with the real worker, so the page shows them queued."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def starts(world):
    code = world.union_a.code
    return [
        ("members:export", [], {}),
        ("activities:ledger", [code], {"year": "2026"}),
        ("care:visits_ledger", [code], {"year": "2026"}),
        ("care:cases_ledger", [code], {"year": "2026"}),
        ("care:aid_ledger", [code], {"year": "2026"}),
    ]


def test_every_export_start_redirects_and_a_reload_starts_nothing(login, world):
    client = login(world.chair_a)
    for name, args, data in starts(world):
        before = TaskProgress.objects.count()
        started = client.post(reverse(name, args=args), data)
        assert started.status_code == 302, name
        for _ in range(3):  # the user reloads the progress page
            page = client.get(started.url)
            assert page.status_code == 200 and 'data-testid="task-progress"' in page.content.decode(), name
        assert TaskProgress.objects.count() == before + 1, name
        assert page.context["progress"] == TaskProgress.objects.latest("created_at")


def test_a_queued_task_reads_queued_once(login, world):
    client = login(world.chair_a)
    page = client.get(client.post(reverse("members:export")).url).content.decode()
    assert "排队中" in page and "排队中 · 排队中" not in page


def test_a_progress_page_is_only_for_who_started_it(login, world):
    started = login(world.chair_a).post(
        reverse("activities:ledger", args=[world.union_a.code]), {"year": "2026"}
    )
    assert login(world.chair_b).get(started.url).status_code == 404
    assert login(world.fed_admin).get(started.url).status_code == 404
