"""Background work: the year's ledger (a federation's year has hundreds of activities and sign-in sheets)."""

from django.urls import reverse

from gonghui.activities import exports
from gonghui.activities.models import Activity
from gonghui.core import access
from gonghui.core.tasks import finish_progress, media_path, new_media_file, progress_task, update_progress

LEDGER_KIND = "activities_ledger"


@progress_task(kind=LEDGER_KIND, doing="生成活动台帐")
def build_ledger(progress_id: str, user_id: int, org_id: int, year: int) -> dict:
    from django.contrib.auth import get_user_model

    from gonghui.orgs.models import Org

    user = get_user_model().objects.get(pk=user_id)
    org = Org.objects.get(pk=org_id)
    activities = access.scope(user, Activity.objects.in_subtree(org).in_year(year))
    path = new_media_file("activities", "ledgers", suffix=".xlsx")
    content = exports.ledger_xlsx(
        org=org,
        year=year,
        activities=activities,
        user=user,
        on_progress=lambda done, total: update_progress(progress_id, done=done, total=total),
    )
    media_path(path).write_bytes(content)
    count = activities.count()
    result = {
        "path": path,
        "year": year,
        "url": reverse("activities:ledger_download", kwargs={"taskprogress_id": progress_id}),
        "link_text": f"下载{year}年活动台帐（{count} 项活动）",
    }
    finish_progress(progress_id, result=result, message=f"已生成 {count} 项活动的台帐")
    return {"activities": count}
