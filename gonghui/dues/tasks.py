"""Background work for dues: checking and writing an uploaded payments sheet, with a progress bar.

Each run writes every error to an .xlsx beside it (the page keeps only the first ones), so the
error list is never built inside a request."""

from django.contrib.auth import get_user_model

from gonghui.core.models import TaskProgress
from gonghui.core.tasks import (
    fail_progress,
    finish_progress,
    media_path,
    new_media_file,
    progress_task,
    update_progress,
)
from gonghui.dues import services
from gonghui.dues.models import DuesImport, ImportStatus
from gonghui.members.importer import ErrorSheet

IMPORT_KIND = "dues_import"


def _reporter(progress_id, message):
    update_progress(progress_id, done=0, message=message)
    return lambda done, total: update_progress(progress_id, done=done, total=total)


def _finish(dues_import: DuesImport, errors: ErrorSheet, errors_path: str) -> dict:
    errors.close()
    counts = dues_import.counts
    if dues_import.status == ImportStatus.FAILED or dues_import.message:
        fail_progress(dues_import.progress_id, message=dues_import.message)
    else:
        total = counts.get("rows", 0)
        update_progress(dues_import.progress_id, done=total, total=total)
        finish_progress(dues_import.progress_id, result=counts, message=dues_import.get_status_display())
    if errors.count:  # the whole error list, for the download on the preview page
        TaskProgress.objects.filter(pk=dues_import.progress_id).update(
            result={**counts, "errors_path": errors_path}
        )
    else:
        media_path(errors_path).unlink(missing_ok=True)
    return {"status": dues_import.status, **counts}


def _error_sheet() -> tuple[ErrorSheet, str]:
    path = new_media_file("dues", "errors", suffix=".xlsx")
    return ErrorSheet(str(media_path(path)), keep=0), path


def _stopped(progress_id: str) -> None:
    """After a failure or a killed worker: nothing was written. A commit can be confirmed again."""
    reason = TaskProgress.objects.filter(pk=progress_id).values_list("message", flat=True).first() or ""
    found = DuesImport.objects.filter(progress_id=progress_id)
    found.filter(status=ImportStatus.CHECKING).update(status=ImportStatus.FAILED, message=reason[:500])
    found.filter(status=ImportStatus.COMMITTING).update(
        status=ImportStatus.PREVIEWED, message=f"{reason} 可以再次确认导入。"[:500]
    )


@progress_task(kind=IMPORT_KIND, doing="检查缴费表格", undo=_stopped)
def check_dues_import(progress_id: str, dues_import_id: str) -> dict:
    dues_import = DuesImport.objects.select_related("org", "uploaded_by").get(pk=dues_import_id)
    on_progress = _reporter(progress_id, "正在检查")
    errors, errors_path = _error_sheet()
    dues_import = services.check_import(dues_import=dues_import, on_progress=on_progress, on_error=errors.add)
    return _finish(dues_import, errors, errors_path)


@progress_task(kind=IMPORT_KIND, doing="导入缴费记录", undo=_stopped)
def commit_dues_import(progress_id: str, dues_import_id: str, skip_errors: bool, user_id: int | None) -> dict:
    dues_import = DuesImport.objects.select_related("org").get(pk=dues_import_id)
    by = get_user_model().objects.filter(pk=user_id).first()
    on_progress = _reporter(progress_id, "正在导入")
    errors, errors_path = _error_sheet()
    dues_import = services.commit_import(
        dues_import=dues_import, skip_errors=skip_errors, by=by, on_progress=on_progress, on_error=errors.add
    )
    return _finish(dues_import, errors, errors_path)
