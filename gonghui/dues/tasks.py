"""Background work for dues: checking and writing an uploaded payments sheet, with a progress bar."""

from django.contrib.auth import get_user_model
from django_tasks import task

from gonghui.core.tasks import fail_progress, finish_progress, update_progress
from gonghui.dues import services
from gonghui.dues.models import DuesImport, ImportStatus


def _reporter(progress_id, message):
    update_progress(progress_id, done=0, message=message)
    return lambda done, total: update_progress(progress_id, done=done, total=total)


def _finish(dues_import: DuesImport) -> dict:
    counts = dues_import.counts
    if dues_import.status == ImportStatus.FAILED or dues_import.message:
        fail_progress(dues_import.progress_id, message=dues_import.message)
    else:
        total = counts.get("rows", 0)
        update_progress(dues_import.progress_id, done=total, total=total)
        finish_progress(dues_import.progress_id, result=counts, message=dues_import.get_status_display())
    return {"status": dues_import.status, **counts}


@task()
def check_dues_import(dues_import_id: str) -> dict:
    dues_import = DuesImport.objects.select_related("org", "uploaded_by").get(pk=dues_import_id)
    on_progress = _reporter(dues_import.progress_id, "正在检查")
    try:
        dues_import = services.check_import(dues_import=dues_import, on_progress=on_progress)
    except Exception:  # the page must not poll a dead task forever; the worker logs the traceback
        _give_up(dues_import, ImportStatus.FAILED)
        raise
    return _finish(dues_import)


@task()
def commit_dues_import(dues_import_id: str, skip_errors: bool, user_id: int | None) -> dict:
    dues_import = DuesImport.objects.select_related("org").get(pk=dues_import_id)
    by = get_user_model().objects.filter(pk=user_id).first()
    on_progress = _reporter(dues_import.progress_id, "正在导入")
    try:
        dues_import = services.commit_import(
            dues_import=dues_import, skip_errors=skip_errors, by=by, on_progress=on_progress
        )
    except Exception:
        _give_up(dues_import, ImportStatus.PREVIEWED)
        raise
    return _finish(dues_import)


def _give_up(dues_import: DuesImport, status: str) -> None:
    message = "处理时出现意外错误，未写入任何数据，请稍后重试或联系管理员。"
    DuesImport.objects.filter(pk=dues_import.pk).update(status=status, message=message)
    fail_progress(dues_import.progress_id, message=message)
