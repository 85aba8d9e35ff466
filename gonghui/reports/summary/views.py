"""The summary page (figures live, prose editable) and its .docx, for a union or a federation's subtree."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import access
from gonghui.reports.summary.build import build_summary
from gonghui.reports.summary.document import summary_docx
from gonghui.reports.summary.forms import SummaryTextForm
from gonghui.reports.summary.services import save_summary_text, saved_texts

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _year(request) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year


def _org(request, org_code, action=access.VIEW):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, action, org)  # members see their union, not its summary
    return org


@login_required
def summary_page(request, org_code):
    org = _org(request, org_code)
    year = _year(request)
    texts = saved_texts(org, year)
    summary = build_summary(org, year=year, today=timezone.localdate(), texts=texts)
    today = timezone.localdate()
    context = {
        "org": org,
        "year": year,
        "years": range(today.year, today.year - 6, -1),
        "summary": summary,
        "form": SummaryTextForm(initial=texts),
        "can_change": access.can(request.user, access.CHANGE, org),
    }
    return render(request, "reports/summary.html", context)


@login_required
@require_POST
def summary_save(request, org_code):
    org = _org(request, org_code, access.CHANGE)
    year = _year(request)
    form = SummaryTextForm(request.POST)
    if not form.is_valid():
        summary = build_summary(org, year=year, today=timezone.localdate(), texts=saved_texts(org, year))
        context = {
            "org": org,
            "year": year,
            "years": [year],
            "summary": summary,
            "form": form,
            "can_change": True,
        }
        return render(request, "reports/summary.html", context, status=400)
    save_summary_text(org=org, year=year, texts=form.texts(), by=request.user)
    messages.success(request, "总结的文字部分已保存；导出时数字会按最新记录重新计算。")
    return redirect(reverse("reports:summary", args=[org.code]) + f"?year={year}")


@login_required
def summary_download(request, org_code):
    org = _org(request, org_code)
    year = _year(request)
    summary = build_summary(org, year=year, today=timezone.localdate(), texts=saved_texts(org, year))
    response = HttpResponse(summary_docx(summary), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(summary.title + '.docx')}"
    return response


@login_required
def summary_index(request):
    if request.org is None:
        raise Http404("您还没有任何组织的角色。")
    return redirect("reports:summary", org_code=request.org.code)
