"""Background work: one ledger for download, and the binder (a federation's holds every union)."""

import itertools

from django.contrib.auth import get_user_model
from django.urls import reverse

from gonghui.core.models import TaskProgress
from gonghui.core.tasks import finish_progress, media_path, new_media_file, progress_task, update_progress
from gonghui.orgs.models import Org
from gonghui.reports import binder, registry

LEDGER_KIND = "reports_ledger"
BINDER_KIND = "reports_binder"
RECENT = 8  # sections shown on the progress page while a federation's binder runs


def download_path(suffix: str) -> str:
    """A fresh download file, relative to MEDIA_ROOT (a restore to another folder keeps it)."""
    return new_media_file("reports", "downloads", suffix=f".{suffix}")


def _result(progress_id) -> dict:
    return TaskProgress.objects.get(pk=progress_id).result or {}


def _download(progress_id, path, filename, link_text, **extra) -> dict:
    """The finished result: what the view put in (title, year) plus the file and its link."""
    url = reverse("reports:download", kwargs={"taskprogress_id": progress_id})
    found = {k: v for k, v in _result(progress_id).items() if k in ("title", "year")}
    return {**found, "path": str(path), "filename": filename, "url": url, "link_text": link_text, **extra}


@progress_task(kind=LEDGER_KIND, doing="生成台帐")
def build_ledger(progress_id: str, user_id: int, org_id: int, key: str, year: int, fmt: str) -> dict:
    user = get_user_model().objects.get(pk=user_id)
    org = Org.objects.get(pk=org_id)
    ledger = registry.ledger(key)
    orgs = org.subtree()
    count = ledger.count(orgs, year)
    update_progress(progress_id, total=count, message="生成中")
    path = download_path(fmt)
    ledger.build(orgs=orgs, year=year, fmt=fmt, out=media_path(path), by=user)
    filename = registry.file_name(ledger, org, year, fmt)
    result = _download(progress_id, path, filename, f"下载{filename}")
    update_progress(progress_id, done=count)
    finish_progress(progress_id, result=result, message=f"已生成，共 {count} 条")
    return {"rows": count}


@progress_task(kind=BINDER_KIND, doing="生成台帐合订本")
def build_binder(progress_id: str, user_id: int | None, org_id: int, year: int) -> dict:
    user = get_user_model().objects.get(pk=user_id) if user_id else None
    org = Org.objects.get(pk=org_id)
    path = download_path("zip")

    def report(done, total, summary):
        result = _result(progress_id)
        result["recent"] = [summary, *result.get("recent", [])][:RECENT]
        TaskProgress.objects.filter(pk=progress_id).update(result=result)
        update_progress(
            progress_id, done=done, total=total, message=f"已完成 {summary['name']}（{done}/{total}）"
        )

    sections = binder.section_count(org, user)
    on_ledger = None
    if sections == 1:  # one union: the bar moves ledger by ledger instead of jumping from 0 to 1
        done = itertools.count(1)

        def on_ledger(title):
            update_progress(progress_id, done=next(done), message=f"已生成{title}")

        update_progress(progress_id, total=len(registry.ledgers()) + 1, message="生成中")
    else:
        update_progress(progress_id, total=sections, message="生成中")
    summaries = binder.build_binder(
        org=org, year=year, out=media_path(path), by=user, on_section=report, on_ledger=on_ledger
    )
    filename = f"台帐合订本-{org.name}-{year}.zip"
    lacking = [s for s in summaries if s["missing"]]
    result = _download(
        progress_id, path, filename, f"下载{filename}", sections=summaries, lacking=len(lacking)
    )
    message = f"已生成 {len(summaries)} 个部分" + (f"，其中 {len(lacking)} 个缺少必备台帐" if lacking else "")
    finish_progress(progress_id, result=result, message=message)
    return {"sections": len(summaries)}
