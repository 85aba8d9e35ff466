import random

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from gonghui.core.discovery import app_modules


class Command(BaseCommand):
    help = "载入演示数据（可重复运行，第二次不会改变任何数据）。Loads the demo data; running it again changes nothing."

    def handle(self, *args, **options):
        for label, module in app_modules("demo"):
            with transaction.atomic():
                # Each app gets its own seeded generator, so one app's data does not shift another's.
                module.populate(random.Random(f"gonghui-{label}"))
            self.stdout.write(f"  {label}: ok")
        # The federation views read precomputed snapshots: rebuild every month of the year so far once all the
        # records are in, each as of its month end (the nightly run only refreshes the last two months).
        call_command("snapshot_metrics", year=timezone.localdate().year, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))
