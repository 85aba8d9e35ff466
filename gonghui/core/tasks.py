"""Helpers for background work: a TaskProgress row that the page polls with htmx."""

import contextlib
import os
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.http import Http404
from django.shortcuts import get_object_or_404

from gonghui.core.models import TaskProgress


def start_progress(*, kind, org=None, user=None, total=0, message="") -> TaskProgress:
    return TaskProgress.objects.create(kind=kind, org=org, started_by=user, total=total, message=message)


def update_progress(progress_id, *, done=None, total=None, message=None, status=TaskProgress.Status.RUNNING):
    fields = {"status": status}
    if done is not None:
        fields["done"] = done
    if total is not None:
        fields["total"] = total
    if message is not None:
        fields["message"] = message[:500]
    TaskProgress.objects.filter(pk=progress_id).update(**fields)


def finish_progress(progress_id, *, result=None, message="完成"):
    TaskProgress.objects.filter(pk=progress_id).update(
        status=TaskProgress.Status.DONE, result=result or {}, message=message
    )


def fail_progress(progress_id, *, message):
    TaskProgress.objects.filter(pk=progress_id).update(
        status=TaskProgress.Status.FAILED, message=message[:500]
    )


@contextlib.contextmanager
def failure_shown(progress_id, *, doing="导出"):
    """An error inside marks the progress row failed, with its reason, and goes on up: the user
    sees why on the progress bar instead of a bar that never moves."""
    try:
        yield
    except Exception as exc:
        fail_progress(progress_id, message=f"{doing}失败：{exc}")
        raise


def finished_file(user, progress_id, *, kind) -> TaskProgress:
    """The user's own finished task of this kind whose file (`result["path"]`) is on disk.

    An export was built with its starter's rights and masking, so it is his alone: anyone
    else, even with wider rights, gets a 404 and starts his own.
    """
    progress = get_object_or_404(TaskProgress, pk=progress_id, started_by=user, kind=kind)
    path = (progress.result or {}).get("path")
    if progress.status != TaskProgress.Status.DONE or not path or not os.path.exists(path):
        raise Http404("文件不存在或尚未生成完成。")
    return progress


# ---- progress from inside one long transaction
#
# A task that writes everything in one transaction (an import: all or nothing) cannot report
# through its progress row: the row's updates stay invisible to the polling page until the
# commit. PostgreSQL takes them through a second connection; SQLite has a single writer, which
# the transaction holds, so there the count goes to a small file beside the database.


def _side_file(progress_id) -> Path:
    return Path(settings.VAR_DIR) / "progress" / f"{progress_id}.txt"


@contextlib.contextmanager
def side_progress(progress_id):
    """A reporter `report(done)` whose counts the page sees while the transaction runs."""
    if connection.vendor == "postgresql":
        side = connections.create_connection(DEFAULT_DB_ALIAS)
        table = connection.ops.quote_name(TaskProgress._meta.db_table)

        def report(done: int) -> None:
            with side.cursor() as cursor:  # autocommit: visible at once
                cursor.execute(f"UPDATE {table} SET done = %s WHERE id = %s", [done, progress_id])

        try:
            yield report
        finally:
            side.close()
        return
    path = _side_file(progress_id)
    path.parent.mkdir(parents=True, exist_ok=True)

    def report(done: int) -> None:
        partial = path.with_suffix(".tmp")
        partial.write_text(str(done))
        os.replace(partial, path)  # the page never reads half a number

    try:
        yield report
    finally:
        path.unlink(missing_ok=True)


def current(progress: TaskProgress) -> TaskProgress:
    """The progress row with the count a running transaction reported on the side (SQLite)."""
    if progress.status == TaskProgress.Status.RUNNING and connection.vendor != "postgresql":
        with contextlib.suppress(OSError, ValueError):
            progress.done = max(progress.done, int(_side_file(progress.pk).read_text()))
    return progress
