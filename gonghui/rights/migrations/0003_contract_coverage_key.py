"""The collective-contract metric is `rights.contract_coverage` (the issue's name), no longer
`rights.contract_rate`: targets bound to the old key and the monthly snapshots follow it."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat, Substr

OLD, NEW = "rights.contract_rate", "rights.contract_coverage"


def rename(apps, old, new):
    for model in (apps.get_model("plans", "Target"), apps.get_model("metrics", "MetricSnapshot")):
        model.objects.filter(metric_key__startswith=old).update(
            metric_key=Concat(Value(new), Substr("metric_key", len(old) + 1))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("rights", "0002_contract_approval_vote"),
        ("plans", "0005_target_periods_and_ranges"),
        ("metrics", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: rename(apps, OLD, NEW),
            lambda apps, schema_editor: rename(apps, NEW, OLD),
        )
    ]
