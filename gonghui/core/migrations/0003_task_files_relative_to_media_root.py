"""Paths of task files (imports' uploads and error sheets, exports, ledgers) relative to MEDIA_ROOT.

They were stored absolute, so a backup restored into another folder lost every file. A path that
lies under MEDIA_ROOT becomes relative; one outside it (MEDIA_ROOT moved before this ran) is left
as it was and is still read as it is (core.tasks.media_path).
"""

from pathlib import Path

from django.conf import settings
from django.db import migrations


def _relative(value):
    if not value or not Path(value).is_absolute():
        return value
    try:
        return Path(value).relative_to(Path(settings.MEDIA_ROOT)).as_posix()
    except ValueError:
        try:
            return Path(value).resolve().relative_to(Path(settings.MEDIA_ROOT).resolve()).as_posix()
        except ValueError:
            return value


def forwards(apps, schema_editor):
    ImportJob = apps.get_model("members", "ImportJob")
    for job in ImportJob.objects.exclude(path="", errors_path="").only("path", "errors_path").iterator():
        path, errors_path = _relative(job.path), _relative(job.errors_path)
        if (path, errors_path) != (job.path, job.errors_path):
            ImportJob.objects.filter(pk=job.pk).update(path=path, errors_path=errors_path)
    TaskProgress = apps.get_model("core", "TaskProgress")
    for progress in TaskProgress.objects.filter(result__has_key="path").only("result").iterator():
        path = _relative(progress.result["path"])
        if path != progress.result["path"]:
            TaskProgress.objects.filter(pk=progress.pk).update(result={**progress.result, "path": path})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_mask_sensitive_audit_entries"),
        ("members", "0006_import_writes_fewer_indexes"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
