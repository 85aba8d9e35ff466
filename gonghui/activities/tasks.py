"""Background work: the year's ledger (a federation's year has hundreds of activities and sign-in sheets)."""

import uuid
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from gonghui.activities import exports
from gonghui.activities.models import Activity
from gonghui.core import access
from gonghui.core.tasks import failure_shown, finish_progress, update_progress

LEDGER_KIND = "activities_ledger"


def ledger_path() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "activities" / "ledgers"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{uuid.uuid4()}.xlsx"


@task()
def build_ledger(progress_id: str, user_id: int, org_id: int, year: int) -> dict:
    from django.contrib.auth import get_user_model

    from gonghui.orgs.models import Org

    user = get_user_model().objects.get(pk=user_id)
    org = Org.objects.get(pk=org_id)
    activities = access.scope(user, Activity.objects.in_subtree(org).in_year(year))
    path = ledger_path()
    with failure_shown(progress_id):
        content = exports.ledger_xlsx(
            org=org,
            year=year,
            activities=activities,
            user=user,
            on_progress=lambda done, total: update_progress(progress_id, done=done, total=total),
        )
        path.write_bytes(content)
    count = activities.count()
    result = {
        "path": str(path),
        "year": year,
        "url": reverse("activities:ledger_download", kwargs={"taskprogress_id": progress_id}),
        "link_text": f"下载{year}年活动台帐（{count} 项活动）",
    }
    finish_progress(progress_id, result=result, message=f"已生成 {count} 项活动的台帐")
    return {"activities": count}
