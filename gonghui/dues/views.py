import os
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core import access
from gonghui.core.pagination import keyset_page, paginate
from gonghui.core.tasks import media_path
from gonghui.dues import exports, months, reads, services, tasks
from gonghui.dues.forms import ImportForm, PaymentForm, PeriodForm, SettingForm, VoidForm, WageForm
from gonghui.dues.metrics import collection
from gonghui.dues.models import LEAVING, DuesBase, DuesImport, DuesPayment, DuesSetting, first_month_due
from gonghui.members import picker
from gonghui.members.models import ROSTER_ORDER, Member, MemberStatus
from gonghui.orgs.models import OrgKind


@login_required
def index(request):
    if request.org is None:
        return render(request, "core/no_role.html")
    return redirect("dues:overview", org_code=request.org.code)


@login_required
def overview(request, org_code):
    org = access.get_org_for(request.user, org_code)
    today = date.today()
    first, last = months.month_index(today.year, 1), months.of_date(today)
    orgs = org.subtree()
    paid, due = collection(orgs, first, last)
    by_month = reads.month_counts(orgs, first, last)
    context = {
        "org": org,
        "year": today.year,
        "paid": paid,
        "due": due,
        "rate": round(paid * 100 / due, 1) if due else None,
        "by_month": by_month,
        "chart": reads.month_chart(by_month),
        "setting": DuesSetting.for_org(org) if org.kind != OrgKind.FEDERATION else None,
        "can_change": access.can(request.user, access.DUES, org),
    }
    return render(request, "dues/overview.html", context)


def _period_form(request, org):
    groups = org.subtree().filter(kind=OrgKind.GROUP).exclude(pk=org.pk)
    return PeriodForm(request.GET or None, groups=groups)


def _filtered_members(request, org, form):
    members = access.scope(request.user, Member.objects.in_subtree(org))  # with_arrears keeps those due
    group = form.cleaned_data.get("group") if form.is_valid() else None
    if group:
        members = members.filter(org__code=group)
    return members


@login_required
def arrears(request, org_code):
    org = access.get_org_for(request.user, org_code)
    form = _period_form(request, org)
    first, last = form.period(date.today())
    owing = reads.with_arrears(_filtered_members(request, org, form), first, last).select_related("org")
    rows, next_cursor = keyset_page(owing, order=ROSTER_ORDER, cursor=request.GET.get("cursor"), per_page=50)
    owed = reads.owed_months(rows, first, last)
    query = request.GET.copy()
    query.pop("cursor", None)
    next_page = None
    if next_cursor:
        next_page = query.copy()
        next_page["cursor"] = next_cursor
        next_page = next_page.urlencode()
    context = {
        "org": org,
        "form": form,
        "rows": [(m, reads.owed_text(owed[m.pk])) for m in rows],
        "next_page": next_page,
        "period": months.span_label(first, last),
        "query": query,
        "can_change": access.can(request.user, access.DUES, org),
    }
    return render(request, "dues/arrears.html", context)


@login_required
def arrears_export(request, org_code):
    org = access.get_org_for(request.user, org_code)
    form = _period_form(request, org)
    first, last = form.period(date.today())
    owing = reads.with_arrears(_filtered_members(request, org, form), first, last)
    return _xlsx(
        exports.arrears(owing, first, last), f"欠缴名单-{org.name}-{months.span_label(first, last)}.xlsx"
    )


@login_required
def payments(request, org_code):
    org = access.get_org_for(request.user, org_code)
    found = access.scope(request.user, DuesPayment.objects.in_subtree(org)).select_related(
        "member", "org", "voided_by"
    )
    query = request.GET.get("q", "").strip()[:50]
    if query:
        found = found.filter(member__in=Member.objects.lookup(query))
    context = {
        "org": org,
        "page_obj": paginate(request, found, 50),
        "q": query,
        "query": urlencode({"q": query}) if query else "",
        "can_change": access.can(request.user, access.DUES, org),
    }
    return render(request, "dues/payments.html", context)


@login_required
def payments_export(request, org_code):
    org = access.get_org_for(request.user, org_code)
    found = access.scope(request.user, DuesPayment.objects.in_subtree(org))
    return _xlsx(exports.payments(found), f"会费台帐-{org.name}-{date.today():%Y%m%d}.xlsx")


def _xlsx(path, filename):
    handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it once sent
    os.unlink(path)  # the open handle keeps the data until then; nothing is left behind on disk
    return FileResponse(handle, as_attachment=True, filename=filename)


def _payable_members(request, org):
    return picker.pickable(request.user, org)


@login_required
def record(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.DUES)
    members = _payable_members(request, org)
    initial = {"member": request.GET.get("member")} if request.method == "GET" else None
    form = PaymentForm(request.POST or None, members=members, org=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment = services.record_payment(**data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"已登记：{payment.member.name} {payment.months_label}，{payment.amount} 元。"
            )
            for warning in payment.warnings:
                messages.warning(request, warning)
            return redirect("dues:member", member_id=payment.member_id)
    return render(request, "dues/record.html", {"org": org, "form": form, "can_change": True})


@login_required
def member_dues(request, member_id):
    member = access.get_object_for(request.user, Member, id=member_id)
    return render(request, "dues/member.html", _member_context(request, member))


@login_required
def member_tab(request, member_id):
    """The dues tab of the member page (members app), loaded with htmx."""
    member = access.get_object_for(request.user, Member, id=member_id)
    return render(request, "dues/member.html#panel", _member_context(request, member))


def _member_context(request, member) -> dict:
    year = _year(request)
    first, last = months.month_index(year, 1), months.month_index(year, 12)
    paid = access.scope(request.user, DuesPayment.objects.filter(member=member))
    covered = {
        m for p in paid.valid().overlapping(first, last) for m in range(p.first_month, p.last_month + 1)
    }
    since = first_month_due(member) or first
    until = _last_month_due(member)
    grid = [
        {"month": m, "label": f"{m % 12 + 1}月", "paid": m in covered, "due": since <= m <= until}
        for m in range(first, last + 1)
    ]
    base = DuesBase.objects.filter(member=member).first()
    can_change = access.can(request.user, access.DUES, member.org)
    return {
        "member": member,
        "year": year,
        "grid": grid,
        "payments": paid.select_related("voided_by").order_by("-first_month"),
        "setting": DuesSetting.for_org(member.org),
        "base": base,
        "wage_form": WageForm(instance=base) if can_change else None,
        "can_change": can_change,
        "union": member.org.union() or member.org,
    }


def _last_month_due(member) -> int:
    """The month of the first leaving event (as models.due_end counts it); no end while active."""
    if member.status == MemberStatus.ACTIVE:
        return months.month_index(9999, 12)
    left = member.events.filter(kind__in=LEAVING).order_by("on").first()
    return months.of_date(left.on) if left else -1


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return date.today().year
    return year if 2000 <= year <= 2100 else date.today().year


@login_required
@require_POST
def member_wage(request, member_id):
    member = access.get_object_for(request.user, Member, action=access.DUES, id=member_id)
    base = DuesBase.objects.filter(member=member).first() or DuesBase(member=member, org=member.org)
    form = WageForm(request.POST, instance=base)
    if form.is_valid():
        form.save()
        messages.success(request, f"已保存月工资基数：{form.instance.monthly_wage} 元。")
    else:
        messages.error(request, "；".join(form.errors["monthly_wage"]))
    return redirect("dues:member", member_id=member.pk)


@login_required
@require_POST
def void(request, duespayment_id):
    payment = access.get_object_for(request.user, DuesPayment, action=access.DUES, id=duespayment_id)
    form = VoidForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(form.errors["reason"]))
        return redirect("dues:member", member_id=payment.member_id)
    try:
        services.void_payment(payment=payment, reason=form.cleaned_data["reason"], by=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(
            request, f"已作废：{payment.member.name} {payment.months_label}，{payment.amount} 元。"
        )
    return redirect("dues:member", member_id=payment.member_id)


@login_required
def setting(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.DUES)
    union = org.union()
    if union is None or union != org:
        messages.info(request, "会费标准由基层工会设置。")
        return redirect("dues:overview", org_code=org.code)
    current = DuesSetting.for_org(union)
    form = SettingForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.instance.updated_by = request.user
        form.save()
        messages.success(request, f"会费标准已保存：{form.instance.describe()}。")
        return redirect("dues:overview", org_code=org.code)
    return render(request, "dues/setting.html", {"org": org, "form": form, "can_change": True})


@login_required
def import_upload(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.DUES)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        dues_import = services.receive_import(org=org, upload=form.cleaned_data["file"], by=request.user)
        tasks.check_dues_import.enqueue(str(dues_import.progress_id), str(dues_import.pk))
        return redirect("dues:import_preview", duesimport_id=dues_import.pk)
    recent = access.scope(request.user, DuesImport.objects.filter(org=org))[:10]
    return render(
        request, "dues/import.html", {"org": org, "form": form, "recent": recent, "can_change": True}
    )


@login_required
def import_preview(request, duesimport_id):
    dues_import = access.get_object_for(
        request.user, DuesImport.objects.select_related("progress"), action=access.DUES, id=duesimport_id
    )
    if request.htmx and request.GET.get("poll"):
        response = render(request, "dues/import_preview.html#status", {"item": dues_import})
        if not dues_import.running:
            response["HX-Refresh"] = "true"  # the task is done: show the whole preview
        return response
    page_obj = paginate(request, dues_import.errors, 100)
    return render(
        request,
        "dues/import_preview.html",
        {"item": dues_import, "org": dues_import.org, "page_obj": page_obj},
    )


@login_required
@require_POST
def import_commit(request, duesimport_id):
    dues_import = access.get_object_for(request.user, DuesImport, action=access.DUES, id=duesimport_id)
    skip_errors = request.POST.get("skip_errors") == "on"
    try:
        services.request_commit(dues_import=dues_import, skip_errors=skip_errors, by=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        tasks.commit_dues_import.enqueue(
            str(dues_import.progress_id), str(dues_import.pk), skip_errors, request.user.pk
        )
    return redirect("dues:import_preview", duesimport_id=dues_import.pk)


@login_required
def import_errors(request, duesimport_id):
    dues_import = access.get_object_for(
        request.user, DuesImport.objects.select_related("progress"), action=access.DUES, id=duesimport_id
    )
    name = f"导入错误-{dues_import.filename}.xlsx"
    built = ((dues_import.progress.result or {}) if dues_import.progress else {}).get("errors_path")
    if built and media_path(built).exists():  # every error, written by the task
        return FileResponse(open(media_path(built), "rb"), as_attachment=True, filename=name)
    # an import checked before error sheets were built by the task: the errors kept (a thousand at most)
    return _xlsx(exports.errors(dues_import.errors[: settings.GONGHUI_IMPORT_MAX_ERRORS]), name)
