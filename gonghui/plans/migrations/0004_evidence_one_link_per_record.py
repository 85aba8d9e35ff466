# Apart from 0003: on PostgreSQL a constraint is not added in the transaction that changed the rows.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("plans", "0003_evidence_proof")]

    operations = [
        migrations.AddConstraint(
            model_name="evidence",
            constraint=models.UniqueConstraint(
                condition=models.Q(("object_id", ""), _negated=True),
                fields=("item", "content_type", "object_id"),
                name="evidence_one_link_per_record",
            ),
        ),
    ]
