"""Daily work of the members' voice (enqueued by `manage.py scheduler`, settings.GONGHUI_DAILY_TASKS)."""

from django.utils import timezone
from django_tasks import task

from gonghui.voice import services


@task()
def escalate_letters() -> int:
    """Daily: flag mailbox letters that passed their answer deadline to the chair and the federation."""
    return services.escalate_overdue_letters(today=timezone.localdate())
