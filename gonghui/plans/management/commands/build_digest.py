from django.core.management.base import BaseCommand
from django.utils import timezone

from gonghui.plans.digest import build_digests


class Command(BaseCommand):
    help = "生成今日工作提醒（七日内到期与已逾期事项）。Builds today's reminder digest for every union."

    def handle(self, *args, **options):
        count = build_digests(day=timezone.localdate())
        self.stdout.write(f"已生成 {count} 个工会的今日提醒。")
