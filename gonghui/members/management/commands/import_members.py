"""manage.py import_members PATH --org CODE [--commit] [--skip-errors] [--errors OUT.xlsx] [--json]"""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from gonghui.members.importer import BATCH_SIZE, ErrorSheet, import_file
from gonghui.members.roster import RosterError
from gonghui.orgs.models import Org


class Command(BaseCommand):
    help = "导入会员名册（.xlsx/.xls/.ods/.csv）。默认只预览；--commit 才写入。"

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--org", required=True, help="基层工会或工会小组的代码")
        parser.add_argument(
            "--commit", action="store_true", help="写入（有错误行时全部不写，除非 --skip-errors）"
        )
        parser.add_argument("--skip-errors", action="store_true", help="跳过错误行，写入其余各行")
        parser.add_argument("--errors", metavar="OUT.xlsx", help="把全部错误行写入此 .xlsx 文件")
        parser.add_argument("--json", action="store_true", help="最后一行输出 JSON 统计")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, **options):
        org = Org.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(f"找不到代码为 {options['org']} 的组织")
        errors = ErrorSheet(options["errors"]) if options["errors"] else None
        shown = []

        def on_error(error):
            if errors:
                errors.add(error)
            if len(shown) < 20:
                shown.append(error)

        started = time.perf_counter()
        try:
            outcome = import_file(
                options["path"],
                org=org,
                commit=options["commit"],
                skip_errors=options["skip_errors"],
                on_error=on_error,
                batch_size=options["batch_size"],
            )
        except RosterError as exc:
            raise CommandError(str(exc))
        finally:
            if errors:
                errors.close()
        elapsed = time.perf_counter() - started
        for error in shown:
            self.stderr.write(f"第 {error.row} 行「{error.column}」{error.value!r}：{error.reason}")
        if outcome.counts.errors > len(shown) and not errors:
            self.stderr.write(f"……共 {outcome.counts.errors} 行有错误（用 --errors OUT.xlsx 导出全部）")
        self.stdout.write(f"{outcome.message}（{elapsed:.1f} 秒）")
        if options["json"]:
            self.stdout.write(json.dumps(outcome.counts.as_dict(), ensure_ascii=False))
