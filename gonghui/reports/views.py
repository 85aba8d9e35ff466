"""Reports pages: the ledger page per union, ledger downloads and the binder, each a background task."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from gonghui.core import access
from gonghui.reports import registry


def _year(request) -> int:
    """The ?year= asked for; a missing or odd value falls back to this year, never an error page."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return date.today().year
    return year if 2000 <= year <= 2100 else date.today().year


@login_required
def index(request):
    if request.org is None:
        raise Http404("您还没有任何组织的角色。")
    return redirect("reports:ledgers", org_code=request.org.code)


def ledger_rows(orgs, year):
    """Every registered ledger with its count for the year; a required one with none is missing."""
    rows = []
    for item in registry.ledgers():
        count = item.count(orgs, year)
        rows.append({"ledger": item, "count": count, "missing": item.required and not count})
    return rows


@login_required
def ledgers(request, org_code):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.VIEW, org)
    year = _year(request)
    rows = ledger_rows(org.subtree(), year)
    context = {
        "org": org,
        "year": year,
        "years": range(date.today().year, date.today().year - 6, -1),
        "rows": rows,
        "missing": [row for row in rows if row["missing"]],
    }
    return render(request, "reports/ledgers.html", context)
