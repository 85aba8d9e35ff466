import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from gonghui.metrics.snapshots import build_snapshots, months_of_year, recent_months


class Command(BaseCommand):
    help = "计算所有组织的指标快照（默认刷新本月和上月；--year 重算全年）。Computes snapshots per union, then rolls up."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="重算该年度的全部月份")
        parser.add_argument("--key", action="append", dest="keys", help="只计算这些指标（可重复）")

    def handle(self, *args, year=None, keys=None, **options):
        today = timezone.localdate()
        started = time.perf_counter()
        months = months_of_year(year, until=today) if year else recent_months(today)
        written = build_snapshots(months=months, keys=keys)
        seconds = time.perf_counter() - started
        self.stdout.write(f"已写入 {written} 条快照，用时 {seconds:.2f} 秒。")
