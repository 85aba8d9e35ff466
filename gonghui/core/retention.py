"""How long files built for download are kept.

Exports hold members' personal data (a roster with ID numbers and phones, care case files), so a
file is kept for `GONGHUI_DOWNLOAD_KEEP_DAYS` after it was built (time to download it) and then
deleted; its page says it expired and a new export can be started. Runs daily with the scheduler.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from gonghui.core.checks import AUDIT_KEEP_MIN_DAYS
from gonghui.core.models import TaskProgress
from gonghui.core.tasks import media_path

EXPIRED = "文件已超过保留期限并已删除，请重新导出。"


@task()
def purge_downloads() -> dict:
    cutoff = timezone.now() - timedelta(days=settings.GONGHUI_DOWNLOAD_KEEP_DAYS)
    expired = TaskProgress.objects.filter(
        status=TaskProgress.Status.DONE, updated_at__lt=cutoff, result__has_key="path"
    )
    purged = 0
    for progress in expired.iterator():
        expire_download(progress)
        purged += 1
    return {"purged": purged}


def expire_download(progress: TaskProgress) -> None:
    """Delete the task's file and take its link off the page."""
    media_path(progress.result["path"]).unlink(missing_ok=True)
    kept = {k: v for k, v in progress.result.items() if k not in ("path", "url", "link_text")}
    progress.result = {**kept, "expired": True}
    progress.message = EXPIRED
    progress.save(update_fields=["result", "message", "updated_at"])


@task()
def purge_audit() -> dict:
    """Audit records older than GONGHUI_AUDIT_KEEP_DAYS (at least 6 months, core.checks): the change
    log, the sensitive-access log and the login log (successes and failures)."""
    from auditlog.models import LogEntry
    from axes.models import AccessFailureLog, AccessLog

    from gonghui.core.models import SensitiveAccess

    cutoff = timezone.now() - timedelta(days=max(settings.GONGHUI_AUDIT_KEEP_DAYS, AUDIT_KEEP_MIN_DAYS))
    purged = {
        "changes": LogEntry.objects.filter(timestamp__lt=cutoff).delete()[0],
        "sensitive": SensitiveAccess.objects.filter(at__lt=cutoff).delete()[0],
        "logins": AccessLog.objects.filter(attempt_time__lt=cutoff).delete()[0],
        "failures": AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0],
    }
    return purged
