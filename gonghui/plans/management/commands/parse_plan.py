import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.plans.parser import PlanFileError, parse_plan, read_plan_text


class Command(BaseCommand):
    help = "Parse a work plan (.txt, .docx, .pdf; .doc/.wps with LibreOffice) and print the year, title, schedule, targets and sections found."
    requires_system_checks = []  # reads a file, touches no database

    def add_arguments(self, parser):
        parser.add_argument("path", help="the plan file: .txt (UTF-8 or GB18030), .docx, .pdf, .doc/.wps")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, path, **options):
        if not Path(path).is_file():
            raise CommandError(f"没有这个文件: {path}")
        try:
            result = parse_plan(read_plan_text(path))
        except PlanFileError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for line in summary_lines(result):
            self.stdout.write(line)


def when(item: dict) -> str:
    if item.get("period"):
        return item["period"]
    months = item.get("months") or [item["month"]]
    return "-".join(f"{m}月" for m in (months[0], months[-1]) if m) if len(months) > 1 else f"{months[0]}月"


def summary_lines(result: dict) -> list[str]:
    lines = [
        f"org_type: {result['org_type']}  year: {result['year']}  title: {result['title']}",
        "",
        "schedule:",
    ]
    for item in result["schedule"]:
        flag = "  (?)" if item.get("uncertain") else ""
        lines.append(f"  {when(item):<8} [{item['category']}] {item['text']}{flag}")
    lines += ["", "targets:"]
    for target in result["targets"]:
        unit = target["unit"] or ""
        lines.append(
            f"  {target['metric']} {target['comparator']} {target['value']}{unit}    ← {target['text']}"
        )
    lines += ["", "sections:"]
    lines += [f"  {'  ' * (s['level'] - 1)}{s['title']}" for s in result["sections"]]
    return lines
