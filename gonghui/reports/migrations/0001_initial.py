# The reports app starts without tables (see models.py); later migrations of this app depend on this one.

from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = []
