import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.module_loading import import_string


def next_run(now: datetime, at: str) -> datetime:
    """The next time of day `at` ("HH:MM", local time) strictly after `now`."""
    hour, minute = (int(part) for part in at.split(":"))
    candidate = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return candidate if candidate > now else candidate + timedelta(days=1)


def enqueue_daily_tasks(out=None) -> list[str]:
    enqueued = []
    for path in settings.GONGHUI_DAILY_TASKS:
        result = import_string(path).enqueue()
        enqueued.append(f"{path} → {result.id}")
    if out:
        out.write("\n".join(enqueued))
    return enqueued


class Command(BaseCommand):
    help = (
        "每天在 GONGHUI_DAILY_AT（默认 02:00）把日常任务（指标快照、每日提醒）放入后台队列，由 worker 执行。"
        " Enqueues settings.GONGHUI_DAILY_TASKS once a day; --once enqueues them now and exits (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="立即放入队列一次后退出（配合 cron 使用）")

    def handle(self, *args, once=False, **options):
        if once:
            enqueue_daily_tasks(self.stdout)
            return
        while True:
            now = timezone.localtime()
            time.sleep((next_run(now, settings.GONGHUI_DAILY_AT) - now).total_seconds())
            enqueue_daily_tasks(self.stdout)
