import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.plans import scoring

# The annotated plans kept with the tests: the six seed plans and the 24 plans of the dev set.
DEFAULT_DIRS = [Path(scoring.__file__).parent / "tests" / name for name in ("seed", "dev")]


class Command(BaseCommand):
    help = (
        "Score the plan parser against annotated plans: every NAME.txt (or NAME.docx) in each DIR with its "
        "NAME.expected.json (without DIR: the seed and dev plans kept with the tests). Prints precision (P), "
        "recall (R) and F1 per file and overall for each DIR; the last line of each DIR is "
        "`schedule_f1=… targets_f1=… sections_f1=…`.\n\n" + scoring.__doc__.split("\n", 2)[2]
    )
    requires_system_checks = []  # reads files, touches no database

    def create_parser(self, prog_name, subcommand, **kwargs):
        # keep the line breaks of the matching rules in --help
        kwargs["formatter_class"] = argparse.RawDescriptionHelpFormatter
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument(
            "directories", nargs="*", metavar="DIR", help="folders of NAME.txt + NAME.expected.json pairs"
        )
        parser.add_argument(
            "--only",
            default="",
            metavar="PREFIXES",
            help="comma-separated name prefixes: score only these files (e.g. 01,02 for a held-out split)",
        )

    def handle(self, *args, directories, only, **options):
        directories = directories or DEFAULT_DIRS
        for directory in directories:
            if not Path(directory).is_dir():
                raise CommandError(f"没有这个目录: {directory}")
        for directory in directories:
            report = scoring.score_dir(directory, tuple(p for p in only.split(",") if p))
            if not report["files"]:
                raise CommandError(f"目录中没有 NAME.txt + NAME.expected.json: {directory}")
            if len(directories) > 1:
                self.stdout.write(f"== {directory}")
            for line in scoring.format_report(report):
                self.stdout.write(line)
