"""manage.py import_dues PATH --org CODE [--commit] [--skip-errors] [--json]"""

import json

from django.core.management.base import BaseCommand, CommandError

from gonghui.dues import imports
from gonghui.dues.sheet import SheetError
from gonghui.orgs.models import Org


class Command(BaseCommand):
    help = "导入会费缴纳记录（.xlsx/.xls/.csv）。默认只预览；--commit 写入（有错误时全部不写，除非 --skip-errors）。"

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--org", required=True, help="组织代码：在该组织及下级组织中按身份证号或会员证号查找会员"
        )
        parser.add_argument("--commit", action="store_true", help="写入数据库")
        parser.add_argument("--skip-errors", action="store_true", help="跳过错误行，只写入正确的行")
        parser.add_argument("--json", action="store_true", help="最后一行输出 JSON 统计")

    def handle(self, path, org, commit, skip_errors, json: bool, **options):
        found = Org.objects.filter(code=org).first()
        if found is None:
            raise CommandError(f"找不到组织：{org}")
        try:
            if commit:
                analysis = imports.write(path, org=found, by=None, skip_errors=skip_errors)
            else:
                analysis = imports.analyse(path, org=found)
        except (SheetError, imports.ImportRefused, OSError) as error:
            self._report_refusal(path, found, error, json)
            raise CommandError(str(error))
        for error in analysis.errors:
            self.stderr.write(f"第 {error.row} 行 [{error.column}] {error.value!r}: {error.reason}")
        counts = analysis.counts() | {"created": len(analysis.new) if commit else 0}
        summary = f"共 {counts['rows']} 行：新增 {counts['new']}，已存在 {counts['duplicate']}，错误 {counts['error']}"
        self.stdout.write(summary + ("，已写入。" if commit else "（预览，未写入；加 --commit 写入）"))
        if json:
            self.stdout.write(_json(counts))

    def _report_refusal(self, path, org, error, as_json):
        if as_json and isinstance(error, imports.ImportRefused):
            counts = imports.analyse(path, org=org).counts() | {"created": 0}
            self.stdout.write(_json(counts))


def _json(counts) -> str:
    return json.dumps(counts, ensure_ascii=False)
