import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gonghui.orgs.models import Org
from gonghui.reports.summary.build import build_summary
from gonghui.reports.summary.document import summary_docx
from gonghui.reports.summary.models import SummaryText


class Command(BaseCommand):
    help = "生成年度工作总结（.docx），数字全部按记录重新计算。Builds an org's year-end summary from its records."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="组织代码")
        parser.add_argument("--year", required=True, type=int, help="年度，如 2026")
        parser.add_argument("--out", help="输出的 .docx 文件")
        parser.add_argument("--json", action="store_true", help="输出所用数字及其指标键（JSON）")

    def handle(self, *args, org, year, out, json: bool, **options):
        found = Org.objects.filter(code=org).first()
        if found is None:
            raise CommandError(f"没有代码为 {org} 的组织。")
        if not 2000 <= year <= 2100:
            raise CommandError("年度应在 2000 到 2100 之间。")
        if not out and not json:
            raise CommandError("请用 --out 指定 .docx 文件，或用 --json 输出数字。")
        saved = SummaryText.objects.filter(org=found, year=year).first()
        summary = build_summary(
            found, year=year, today=timezone.localdate(), texts=saved.texts if saved else {}
        )
        if out:
            path = Path(out).resolve()
            if path.suffix.lower() != ".docx":
                raise CommandError("--out 应是 .docx 文件。")
            path.write_bytes(summary_docx(summary))
            self.stderr.write(f"已写入 {path}")
        if json:
            self.stdout.write(_dumps(summary.as_json()))


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
