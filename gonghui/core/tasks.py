"""Helpers for background work: a TaskProgress row that the page polls with htmx."""

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
