"""Background work: the care ledgers (台帐). A county's year holds tens of thousands of visits and
aids, more than one request can lay out before it times out."""

from datetime import date
from functools import partial

from django.contrib.auth import get_user_model
from django.urls import reverse

from gonghui.care import ledgers
from gonghui.care.models import Aid, HardshipCase, Visit
from gonghui.core import access
from gonghui.core.tasks import finish_progress, media_path, new_media_file, progress_task, update_progress
from gonghui.orgs.models import Org

LEDGER_KIND = "care_ledger"


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


# Each ledger: (rows, file name, build(on_progress) -> bytes), with what the user may see.


def _visits(user, org, year, ip):
    visits = access.scope(user, Visit.objects.in_subtree(org)).in_period(*year_bounds(year)).for_list()
    full = access.can(user, access.CARE, org)
    return visits, f"走访慰问台帐-{org.name}-{year}.xlsx", partial(ledgers.visits_xlsx, visits, full=full)


def _cases(user, org, year, ip):
    cases = access.scope(user, HardshipCase.objects.in_subtree(org)).for_list()
    full = access.can(user, access.SENSITIVE, org)

    def build(on_progress):
        content = ledgers.cases_xlsx(cases, full=full, on_progress=on_progress)
        if full:  # logged where the data is written out in full, once, under the user who asked
            ledgers.log_export(user, cases, "id_number", ip=ip)
        return content

    return cases, f"困难职工建档立卡台帐-{org.name}.xlsx", build


def _aid(user, org, year, ip):
    aids = access.scope(user, Aid.objects.in_subtree(org)).in_period(*year_bounds(year)).for_list()
    return aids, f"帮扶台帐-{org.name}-{year}.xlsx", partial(ledgers.aid_xlsx, aids, year=year)


LEDGERS = {"visits": _visits, "cases": _cases, "aid": _aid}


@progress_task(kind=LEDGER_KIND, doing="生成台帐")
def build_ledger(progress_id: str, user_id: int, org_id: int, ledger: str, year: int, ip: str | None) -> dict:
    user = get_user_model().objects.get(pk=user_id)
    rows, filename, build = LEDGERS[ledger](user, Org.objects.get(pk=org_id), year, ip)
    total = rows.count()
    update_progress(progress_id, total=total, message="生成中")
    path = new_media_file("care", "ledgers", suffix=".xlsx")
    media_path(path).write_bytes(build(on_progress=lambda done: update_progress(progress_id, done=done)))
    result = {
        "path": path,
        "filename": filename,
        "url": reverse("care:ledger_download", kwargs={"taskprogress_id": progress_id}),
        "link_text": f"下载{filename}",
    }
    update_progress(progress_id, done=total)
    finish_progress(progress_id, result=result, message=f"已生成，共 {total} 条")
    return {"rows": total}
