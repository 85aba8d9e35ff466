"""Background work for members: import preview/commit and the roster export."""

import contextlib
import os

from django.urls import reverse

from gonghui.core.models import TaskProgress
from gonghui.core.tasks import (
    fail_progress,
    finish_progress,
    media_path,
    new_media_file,
    progress_task,
    side_progress,
    update_progress,
)
from gonghui.members import export
from gonghui.members.importer import ErrorSheet, import_file
from gonghui.members.models import ImportJob, ImportStatus
from gonghui.members.roster import RosterError

IMPORT_KIND = "members_import"
EXPORT_KIND = "members_export"


def receive_upload(stored, *, org, by) -> ImportJob:
    """Keep an accepted roster file (a core.uploads.StoredFile) for the import's tasks."""
    path = new_media_file("members", "uploads", suffix="." + stored.name.rsplit(".", 1)[-1])
    with open(media_path(path), "wb") as fh:
        for chunk in stored.content.chunks():
            fh.write(chunk)
    return ImportJob.objects.create(org=org, filename=stored.original_name[:200], path=path, created_by=by)


def estimate_rows(path) -> int:
    """A rough row count for the progress bar (exact counting would read the file twice)."""
    size = os.path.getsize(path)
    return max(1, size // (120 if str(path).lower().endswith(".csv") else 95))


def _import_stopped(progress_id: str) -> None:
    """After a failure or a killed worker: nothing was written (one transaction). A commit can be
    confirmed again from its preview; a preview that never finished needs the file again."""
    reason = TaskProgress.objects.filter(pk=progress_id).values_list("message", flat=True).first() or ""
    for job in ImportJob.objects.filter(progress_id=progress_id):
        if job.status == ImportStatus.COMMITTING:
            job.status, job.message = ImportStatus.PREVIEWED, f"{reason} 可以再次确认导入。"[:500]
        elif job.status == ImportStatus.PREVIEWING:
            job.status, job.message = ImportStatus.FAILED, reason[:500]
        job.save(update_fields=["status", "message", "updated_at"])


@progress_task(kind=IMPORT_KIND, doing="导入名册", undo=_import_stopped)
def run_import(progress_id: str, job_id: str, commit: bool) -> dict:
    job = ImportJob.objects.select_related("org", "created_by").get(pk=job_id)
    errors_path = new_media_file("members", "errors", suffix=".xlsx")
    errors = ErrorSheet(str(media_path(errors_path)))
    mapping = {int(k): v for k, v in job.mapping.items()} or None
    source = media_path(job.path)
    total = job.counts.get("rows") if commit and job.counts.get("rows") else estimate_rows(source)
    update_progress(progress_id, total=total, message="正在导入" if commit else "正在检查")
    # a preview writes nothing, so its progress row can be updated directly
    preview_progress = contextlib.nullcontext(lambda done: update_progress(progress_id, done=done))
    try:
        with side_progress(progress_id) if commit else preview_progress as reporter:
            outcome = import_file(
                str(source),
                org=job.org,
                by=job.created_by,
                mapping=mapping,
                commit=commit,
                skip_errors=job.skip_errors,
                on_error=errors.add,
                on_progress=reporter,
            )
    except RosterError as exc:
        job.status, job.message = ImportStatus.FAILED, str(exc)[:500]
        job.save(update_fields=["status", "message", "updated_at"])
        fail_progress(progress_id, message=job.message)
        return {"error": job.message}
    finally:
        errors.close()
    job.header_row = outcome.header_row
    job.headers = outcome.headers
    # every column, "" for the ones not imported: a later run must not guess them back
    job.mapping = {str(i): outcome.mapping.get(i, "") for i in range(len(outcome.headers))}
    job.counts = {**outcome.counts.as_dict(), "new_groups": outcome.new_groups}
    job.errors_preview = errors.first
    job.errors_path = errors_path
    job.message = outcome.message
    job.status = ImportStatus.COMMITTED if outcome.committed else ImportStatus.PREVIEWED
    job.save()
    update_progress(progress_id, done=outcome.counts.rows, total=outcome.counts.rows)
    finish_progress(progress_id, result=job.counts, message=outcome.message)
    return job.counts


@progress_task(kind=EXPORT_KIND, doing="导出名册")
def run_export(progress_id: str, user_id: int, org_id: int, params: dict) -> dict:
    from django.contrib.auth import get_user_model

    from gonghui.orgs.models import Org

    progress = TaskProgress.objects.get(pk=progress_id)
    user = get_user_model().objects.get(pk=user_id)
    org = Org.objects.get(pk=org_id)
    path = new_media_file("members", "exports", suffix=".xlsx")
    rows = export.write_roster(
        str(media_path(path)),
        user=user,
        org=org,
        params=params,
        on_progress=lambda done, total: update_progress(progress_id, done=done, total=total),
    )
    result = {
        "path": path,
        "rows": rows,
        "url": reverse("members:export_download", kwargs={"taskprogress_id": progress.pk}),
        "link_text": f"下载（{rows} 人）",
    }
    finish_progress(progress_id, result=result, message=f"已导出 {rows} 人")
    return {"rows": rows}
