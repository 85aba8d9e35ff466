from django.utils import timezone
from django_tasks import task

from gonghui.plans.digest import build_digests


@task()
def build_digest() -> int:
    """Daily: refresh the reminder digest of every union (items due within a week, overdue items)."""
    return build_digests(day=timezone.localdate())
