"""Every model change has its migration, and the apps' models agree with each other (system checks:
e.g. two apps' models giving Org the same reverse accessor)."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit:  # makemigrations --check exits 1 when a migration is missing
        pytest.fail(f"缺少迁移：\n{out.getvalue()} (exit {exit.code})")


def test_system_checks_pass():
    call_command("check", fail_level="WARNING", stdout=StringIO())
