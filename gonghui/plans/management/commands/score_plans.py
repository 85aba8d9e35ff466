import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.plans import scoring


class Command(BaseCommand):
    help = (
        "Score the plan parser against annotated plans: every NAME.txt (or NAME.docx) in DIR with its "
        "NAME.expected.json. Prints precision (P), recall (R) and F1 per file and overall; the last line "
        "is `schedule_f1=… targets_f1=… sections_f1=…`.\n\n" + scoring.__doc__.split("\n", 2)[2]
    )
    requires_system_checks = []  # reads files, touches no database

    def create_parser(self, prog_name, subcommand, **kwargs):
        # keep the line breaks of the matching rules in --help
        kwargs["formatter_class"] = argparse.RawDescriptionHelpFormatter
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="folder of NAME.txt + NAME.expected.json pairs")

    def handle(self, *args, directory, **options):
        if not Path(directory).is_dir():
            raise CommandError(f"没有这个目录: {directory}")
        report = scoring.score_dir(directory)
        if not report["files"]:
            raise CommandError(f"目录中没有 NAME.txt + NAME.expected.json: {directory}")
        for line in scoring.format_report(report):
            self.stdout.write(line)
