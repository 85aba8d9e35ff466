from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from gonghui.core.management.commands.scheduler import next_run

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_next_run_is_today_when_the_time_is_still_ahead():
    now = datetime(2026, 11, 24, 1, 30, tzinfo=SHANGHAI)
    assert next_run(now, "02:00") == datetime(2026, 11, 24, 2, 0, tzinfo=SHANGHAI)


def test_next_run_is_tomorrow_once_the_time_has_passed():
    now = datetime(2026, 11, 24, 2, 0, tzinfo=SHANGHAI)
    assert next_run(now, "02:00") == datetime(2026, 11, 25, 2, 0, tzinfo=SHANGHAI)


@pytest.mark.django_db
def test_once_enqueues_every_daily_task(world, capsys):
    call_command("scheduler", "--once")
    out = capsys.readouterr().out
    assert "snapshot_metrics" in out and "build_digest" in out
