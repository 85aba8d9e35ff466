"""Fewer indexes for every import to write: member_name_id and name_initials go (the roster's
pinyin index serves those reads), and the ID columns get one plain index each instead of
db_index, which on PostgreSQL also built an unused pattern-ops (LIKE) index per column.

The db_index indexes are dropped by name: AlterField would drop every index it finds on
id_number, including the partial unique index member_one_active_membership (a Meta constraint
it does not exclude), and with it the rule that one person is active in one union only.
"""

from django.conf import settings
from django.db import migrations, models

DB_INDEX_NAMES = [
    "members_member_id_number_67abc8ba",
    "members_member_id_number_67abc8ba_like",
    "members_member_id_number_reversed_97c8da96",
    "members_member_id_number_reversed_97c8da96_like",
    "members_member_name_initials_2236b57f",
    "members_member_name_initials_2236b57f_like",
]


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0005_transferred_in_on"),
        ("orgs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="member", name="member_name_id"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="member",
                    name="id_number",
                    field=models.CharField(max_length=18, verbose_name="身份证号"),
                ),
                migrations.AlterField(
                    model_name="member",
                    name="id_number_reversed",
                    field=models.CharField(blank=True, editable=False, max_length=18),
                ),
                migrations.AlterField(
                    model_name="member",
                    name="name_initials",
                    field=models.CharField(blank=True, max_length=50, verbose_name="拼音首字母"),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [f'DROP INDEX IF EXISTS "{name}"' for name in DB_INDEX_NAMES],
                    reverse_sql=migrations.RunSQL.noop,
                )
            ],
        ),
        migrations.AddIndex(model_name="member", index=models.Index(fields=["id_number"], name="member_id_number")),
        migrations.AddIndex(
            model_name="member", index=models.Index(fields=["id_number_reversed"], name="member_id_tail")
        ),
    ]
