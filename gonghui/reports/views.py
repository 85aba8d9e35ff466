"""Reports pages: the ledger page per union, ledger downloads and the binder, each a background task
(POST starts it, then redirect to its progress page)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core import access
from gonghui.core.models import TaskProgress
from gonghui.core.tasks import current, finished_file, media_path, start_progress
from gonghui.reports import registry, tasks
from gonghui.reports.forms import LedgerForm, YearForm, first_error

KINDS = (tasks.LEDGER_KIND, tasks.BINDER_KIND)


def _year(request) -> int:
    """The ?year= asked for; a missing or odd value falls back to this year, never an error page."""
    form = YearForm(request.GET)
    return form.cleaned_data["year"] if form.is_valid() else date.today().year


@login_required
def index(request):
    if request.org is None:
        raise Http404("您还没有任何组织的角色。")
    return redirect("reports:ledgers", org_code=request.org.code)


def ledger_rows(user, org, year):
    """Every registered ledger with its count for the year; a required one with none is missing."""
    orgs = org.subtree()
    rows = []
    for item in registry.ledgers():
        count = item.count(orgs, year)
        rows.append(
            {
                "ledger": item,
                "count": count,
                "missing": item.required and not count,
                "allowed": registry.allowed(user, item, org),
            }
        )
    return rows


@login_required
def ledgers(request, org_code):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.VIEW, org)
    year = _year(request)
    rows = ledger_rows(request.user, org, year)
    this_year = date.today().year
    context = {
        "org": org,
        "year": year,
        "years": range(this_year, this_year - 6, -1),
        "rows": rows,
        "missing": [row for row in rows if row["missing"]],
    }
    return render(request, "reports/ledgers.html", context)


def _back(org, year):
    return redirect(f"{reverse('reports:ledgers', kwargs={'org_code': org.code})}?year={year}")


def _queued(request, org, *, kind, title, year) -> TaskProgress:
    """The progress row of a ledger or binder about to be queued, titled for its progress page."""
    progress = start_progress(kind=kind, org=org, user=request.user, message="排队中")
    progress.result = {"title": title, "year": year}
    progress.save(update_fields=["result"])
    return progress


@login_required
@require_POST
def ledger_build(request, org_code):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.VIEW, org)
    form = LedgerForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("reports:ledgers", org_code=org.code)
    ledger, year, fmt = form.cleaned_data["ledger"], form.cleaned_data["year"], form.cleaned_data["fmt"]
    if not registry.allowed(request.user, ledger, org):
        messages.error(request, f"您没有查看{ledger.title}的权限，请联系工会主席。")
        return _back(org, year)
    progress = _queued(
        request, org, kind=tasks.LEDGER_KIND, title=f"{org.name} · {year}年{ledger.title}", year=year
    )
    tasks.build_ledger.enqueue(str(progress.pk), request.user.pk, org.pk, ledger.key, year, fmt)
    return redirect("reports:task", taskprogress_id=progress.pk)


@login_required
@require_POST
def binder_build(request, org_code):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.VIEW, org)
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("reports:ledgers", org_code=org.code)
    year = form.cleaned_data["year"]
    progress = _queued(
        request, org, kind=tasks.BINDER_KIND, title=f"{org.name} · {year}年台帐合订本", year=year
    )
    tasks.build_binder.enqueue(str(progress.pk), request.user.pk, org.pk, year)
    return redirect("reports:task", taskprogress_id=progress.pk)


def _own_task(request, taskprogress_id) -> TaskProgress:
    # Started by this user only: the file was built with his rights and masking.
    progress = get_object_or_404(TaskProgress, pk=taskprogress_id, started_by=request.user, kind__in=KINDS)
    return current(progress)


def _task_context(progress) -> dict:
    result = progress.result or {}
    return {
        "progress": progress,
        "org": progress.org,
        "title": result.get("title") or "生成台帐",
        "year": result.get("year"),
        # a finished binder lists every section; a running one the last few done
        "sections": result.get("sections") or result.get("recent") or [],
    }


@login_required
def task_page(request, taskprogress_id):
    progress = _own_task(request, taskprogress_id)
    return render(request, "reports/task.html", _task_context(progress))


@login_required
def task_status(request, taskprogress_id):
    progress = _own_task(request, taskprogress_id)
    return render(request, "reports/task.html#status", _task_context(progress))


@login_required
def download(request, taskprogress_id):
    progress = get_object_or_404(TaskProgress, pk=taskprogress_id, started_by=request.user, kind__in=KINDS)
    progress = finished_file(request.user, taskprogress_id, kind=progress.kind)
    result = progress.result
    return FileResponse(
        open(media_path(result["path"]), "rb"), as_attachment=True, filename=result["filename"]
    )
