"""Background work for members: import preview/commit and the roster export."""

import contextlib
import os
import uuid
from pathlib import Path

from django.conf import settings
from django_tasks import task

from gonghui.core.models import TaskProgress
from gonghui.core.tasks import fail_progress, failure_shown, finish_progress, side_progress, update_progress
from gonghui.members import export
from gonghui.members.importer import ErrorSheet, import_file
from gonghui.members.models import ImportJob, ImportStatus
from gonghui.members.roster import RosterError


def files_dir(kind: str) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "members" / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def estimate_rows(path: str) -> int:
    """A rough row count for the progress bar (exact counting would read the file twice)."""
    size = os.path.getsize(path)
    return max(1, size // (120 if path.lower().endswith(".csv") else 95))


@task()
def run_import(job_id: str, commit: bool) -> dict:
    job = ImportJob.objects.select_related("org", "created_by").get(pk=job_id)
    progress_id = job.progress_id
    errors_path = str(files_dir("errors") / f"{job.pk}-{'commit' if commit else 'preview'}.xlsx")
    errors = ErrorSheet(errors_path)
    mapping = {int(k): v for k, v in job.mapping.items()} or None
    total = job.counts.get("rows") if commit and job.counts.get("rows") else estimate_rows(job.path)
    update_progress(progress_id, total=total, message="正在导入" if commit else "正在检查")
    # a preview writes nothing, so its progress row can be updated directly
    preview_progress = contextlib.nullcontext(lambda done: update_progress(progress_id, done=done))
    try:
        with side_progress(progress_id) if commit else preview_progress as reporter:
            outcome = import_file(
                job.path,
                org=job.org,
                by=job.created_by,
                mapping=mapping,
                commit=commit,
                skip_errors=job.skip_errors,
                on_error=errors.add,
                on_progress=reporter,
            )
    except (RosterError, OSError) as exc:
        errors.close()
        job.status, job.message = ImportStatus.FAILED, str(exc)[:500]
        job.save(update_fields=["status", "message", "updated_at"])
        fail_progress(progress_id, message=job.message)
        return {"error": job.message}
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


@task()
def run_export(progress_id: str, user_id: int, org_id: int, params: dict) -> dict:
    from django.contrib.auth import get_user_model

    from gonghui.orgs.models import Org

    progress = TaskProgress.objects.get(pk=progress_id)
    user = get_user_model().objects.get(pk=user_id)
    org = Org.objects.get(pk=org_id)
    path = files_dir("exports") / f"{uuid.uuid4()}.xlsx"
    with failure_shown(progress_id):
        rows = export.write_roster(
            str(path),
            user=user,
            org=org,
            params=params,
            on_progress=lambda done, total: update_progress(progress_id, done=done, total=total),
        )
    from django.urls import reverse

    result = {
        "path": str(path),
        "rows": rows,
        "url": reverse("members:export_download", kwargs={"taskprogress_id": progress.pk}),
        "link_text": f"下载（{rows} 人）",
    }
    finish_progress(progress_id, result=result, message=f"已导出 {rows} 人")
    return {"rows": rows}
