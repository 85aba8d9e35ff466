"""Helpers for background work: a TaskProgress row that the page polls with htmx."""

import contextlib
import functools
import logging
import os
import re
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_tasks import task

from gonghui.core.models import TaskProgress

logger = logging.getLogger(__name__)


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


# ---- tasks that always end
#
# A task whose page polls a progress row must end it, whatever happens: an exception nobody
# foresaw (a CSV of random bytes, a full disk, a lost database) otherwise leaves the page
# polling "进行中" forever and the import locked in "导入中". So every such task is declared with
# `progress_task`: its first argument is the progress row's id, any exception fails the row with a
# Chinese reason, and the task's `undo(progress_id)` puts its own rows back where the user can try
# again. The same `undo` runs for tasks a killed worker left running (`recover_interrupted`).

_UNDO: dict[str, Callable[[str], None]] = {}
INTERRUPTED = "任务被中断（服务曾重启），没有写入任何数据，请重新开始。"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ENGLISH = re.compile(r"[A-Za-z]{3,}[ ,.:;][A-Za-z ]{3,}")


def failure_reason(exc: BaseException, *, doing: str) -> str:
    """What the user reads: the exception's own words when they are Chinese (our errors), else
    the kind of trouble and what to do. Raw English from a library never reaches the page."""
    text = "；".join(getattr(exc, "messages", None) or [str(exc)])
    if _CJK.search(text) and not _ENGLISH.search(text):
        return f"{doing}失败：{text}"
    if isinstance(exc, UnicodeError):
        return f"{doing}失败：文件的文字编码无法识别，请在 Excel 中另存为 .xlsx，或另存为 UTF-8 / GBK 编码的 CSV 后重新上传。"
    if isinstance(exc, MemoryError):
        return f"{doing}失败：文件太大，超出了服务器的处理能力，请拆分后分批上传。"
    if isinstance(exc, DatabaseError):
        return f"{doing}失败：数据库暂时无法写入，没有写入任何数据，请稍后重试。"
    if isinstance(exc, OSError):
        return f"{doing}失败：读写文件时出错（可能磁盘已满），没有写入任何数据，请稍后重试或联系管理员。"
    return f"{doing}失败：处理时出现意外错误，没有写入任何数据，请稍后重试；如仍失败请联系管理员。"


def progress_task(*, kind: str, doing: str, undo: Callable[[str], None] | None = None, **options):
    """`@task()` for a task whose first argument is its TaskProgress id (see above)."""

    def declare(func):
        if undo is not None:
            _UNDO[kind] = undo

        @functools.wraps(func)
        def run(progress_id, *args, **kwargs):
            TaskProgress.objects.filter(pk=progress_id, status=TaskProgress.Status.QUEUED).update(
                status=TaskProgress.Status.RUNNING
            )
            try:
                return func(progress_id, *args, **kwargs)
            except Exception as exc:
                reason = failure_reason(exc, doing=doing)
                _give_up(progress_id, kind=kind, reason=reason)
                logger.exception("task %s (%s) failed", func.__name__, progress_id)
                return {"error": reason}

        return task(**options)(run)

    return declare


def _give_up(progress_id, *, kind: str, reason: str) -> None:
    fail_progress(progress_id, message=reason)
    if kind in _UNDO:
        _UNDO[kind](str(progress_id))


def recover_interrupted() -> int:
    """Run when the worker starts: whatever was running was killed with it (its transaction rolled
    back), so it is marked failed and its rows are put back. One worker per site (bin/run)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from gonghui.core.discovery import app_modules

    list(app_modules("tasks"))  # each app's tasks module registers its undo
    running = list(TaskProgress.objects.filter(status=TaskProgress.Status.RUNNING))
    for progress in running:
        _give_up(progress.pk, kind=progress.kind, reason=INTERRUPTED)
    DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now()
    )
    return len(running)


# ---- files the tasks keep
#
# The database holds paths relative to MEDIA_ROOT: a backup restored into another folder (or
# another machine) still finds its files. Absolute paths of rows written before are read as is.


def media_path(stored: str) -> Path:
    return Path(settings.MEDIA_ROOT) / stored  # an absolute `stored` stays what it is


def new_media_file(*folders: str, suffix: str) -> str:
    """A fresh file name under MEDIA_ROOT/folders (the folder made), relative to MEDIA_ROOT."""
    relative = Path(*folders) / f"{uuid.uuid4()}{suffix}"
    media_path(str(relative)).parent.mkdir(parents=True, exist_ok=True)
    return relative.as_posix()


def media_relative(path: str | os.PathLike) -> str:
    """A path as the database keeps it: relative to MEDIA_ROOT when it lies inside."""
    try:
        return Path(path).resolve().relative_to(Path(settings.MEDIA_ROOT).resolve()).as_posix()
    except ValueError:
        return os.fspath(path)


def file_response(progress: TaskProgress, filename: str) -> FileResponse:
    """A finished task's file (see finished_file) as a download."""
    return FileResponse(
        open(media_path(progress.result["path"]), "rb"), as_attachment=True, filename=filename
    )


def started_by(user, progress_id, *, kind) -> TaskProgress:
    """The user's own task of this kind, for the page that shows its progress (404 for anyone else)."""
    return current(get_object_or_404(TaskProgress, pk=progress_id, started_by=user, kind=kind))


def finished_file(user, progress_id, *, kind) -> TaskProgress:
    """The user's own finished task of this kind whose file (`result["path"]`) is on disk.

    An export was built with its starter's rights and masking, so it is his alone: anyone
    else, even with wider rights, gets a 404 and starts his own.
    """
    progress = get_object_or_404(TaskProgress, pk=progress_id, started_by=user, kind=kind)
    path = (progress.result or {}).get("path")
    if progress.status != TaskProgress.Status.DONE or not path or not media_path(path).exists():
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
