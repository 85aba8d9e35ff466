"""manage.py ledger_binder --org CODE --year YYYY --out FILE.zip: the binder, built on the server.

Run by the operator, it sees every row (there is no user to scope by) and masks personal columns as
for a viewer without the sensitive capability."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.orgs.models import Org
from gonghui.reports import binder


class Command(BaseCommand):
    help = "生成一个工会（或联合会下全部工会）一年的台帐合订本 .zip"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="组织代码")
        parser.add_argument("--year", required=True, type=int, help="年度，如 2026")
        parser.add_argument("--out", required=True, help="输出的 .zip 文件")

    def handle(self, *args, org, year, out, **options):
        found = Org.objects.filter(code=org).first()
        if found is None:
            raise CommandError(f"找不到组织代码 {org}，请检查后重试。")
        if not 2000 <= year <= 2100:
            raise CommandError("年度应在 2000 到 2100 之间。")
        out = Path(out)
        if not out.parent.is_dir():
            raise CommandError(f"目录 {out.parent} 不存在，请先创建。")
        started = time.perf_counter()

        def report(done, total, summary):
            missing = f"，缺 {'、'.join(summary['missing'])}" if summary["missing"] else ""
            self.stdout.write(f"[{done}/{total}] {summary['name']}：{summary['records']} 条记录{missing}")

        summaries = binder.build_binder(org=found, year=year, out=out, on_section=report)
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"已生成 {out}（{len(summaries)} 个部分，{out.stat().st_size:,} 字节，{seconds:.1f} 秒）"
            )
        )
