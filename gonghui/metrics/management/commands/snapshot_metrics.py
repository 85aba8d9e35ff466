import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from gonghui.metrics.snapshots import build_snapshots, months_of_year


class Command(BaseCommand):
    help = (
        "计算所有组织的指标快照（本年截至当月）。Computes metric snapshots for every org, then rolls them up."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="年度（默认今年）")
        parser.add_argument("--key", action="append", dest="keys", help="只计算这些指标（可重复）")

    def handle(self, *args, year=None, keys=None, **options):
        today = timezone.localdate()
        started = time.perf_counter()
        written = build_snapshots(months=months_of_year(year or today.year, until=today), keys=keys)
        seconds = time.perf_counter() - started
        self.stdout.write(f"已写入 {written} 条快照，用时 {seconds:.2f} 秒。")
