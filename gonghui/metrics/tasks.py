from datetime import date

from django.utils import timezone
from django_tasks import task

from gonghui.core.tasks import fail_progress, finish_progress, update_progress
from gonghui.metrics.snapshots import build_snapshots, months_of_year, recent_months


@task()
def snapshot_metrics(year: int | None = None, progress_id: str | None = None) -> int:
    """Nightly: snapshots for every org (year to date, one row per org, metric and month).

    By default only the current and previous month are refreshed; with `year` the whole year is rebuilt.
    """
    today = timezone.localdate()
    months = months_of_year(year, until=today) if year else recent_months(today)

    def step(done, total):
        if progress_id:
            update_progress(progress_id, done=done, total=total, message=f"已计算 {done}/{total}")

    try:
        written = build_snapshots(months=months, on_step=step)
    except Exception as error:
        if progress_id:
            fail_progress(progress_id, message=f"计算失败：{error}")
        raise
    if progress_id:
        finish_progress(progress_id, result={"rows": written, "on": date.today().isoformat()})
    return written
