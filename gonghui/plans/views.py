from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import access, uploads
from gonghui.core.pagination import paginate
from gonghui.orgs.models import OrgKind, UnitType
from gonghui.plans import calendar as plan_calendar
from gonghui.plans import digest as plan_digest
from gonghui.plans import export, federation, services
from gonghui.plans.dashboard import alerts_for, target_progress, union_dashboard
from gonghui.plans.forms import (
    CalendarMonthForm,
    CancelForm,
    CopyPlanForm,
    DoneForm,
    FederationFilterForm,
    ItemForm,
    ManualValueForm,
    PlanEditForm,
    PlanTextForm,
    TargetForm,
)
from gonghui.plans.models import Digest, Evidence, Plan, ScheduleItem, Target
from gonghui.voice import views as voice_views


def _active_org(request):
    if request.org is None:
        raise PermissionDenied("您还没有任何组织的角色。")
    return request.org


# --------------------------------------------------------------------------- dashboards


@login_required
def dashboard(request):
    return _dashboard(request, _active_org(request))


@login_required
def org_dashboard(request, org_code):
    """Drill-down: any org the user may see, e.g. a union from the federation table."""
    return _dashboard(request, access.get_org_for(request.user, org_code))


def _dashboard(request, org):
    today = timezone.localdate()
    if not access.sees_internal_work(request.user, org):
        return _member_home(request, org, today)
    if org.kind == OrgKind.FEDERATION:
        return _federation_dashboard(request, org, today)
    board = union_dashboard(org, today=today)
    context = {
        "org": org,
        "board": board,
        "can_change": access.can(request.user, access.CHANGE, org),
        "done_form": DoneForm(),
        "alerts": alerts_for(request.user, org, today),
    }
    return render(request, "plans/dashboard.html", context)


def _member_home(request, org, today):
    """A member's 工作台 is their phone home (voice): what the union publishes, never its plan."""
    return voice_views.home(request)


def _federation_dashboard(request, fed, today):
    form = FederationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    columns = federation.columns_for(fed, today.year)
    month = federation.latest_month(fed, today.year)
    unions = federation.unions_table(
        fed,
        month=month,
        sort=filters.get("sort") or "name",
        descending=filters.get("desc", False),
        q=filters.get("q", ""),
        unit_type=filters.get("unit_type", ""),
        below=filters.get("below", False),
        columns=columns,
    )
    page = paginate(request, unions, 50)
    context = {
        "org": fed,
        "columns": columns,
        "month": month,
        "page_obj": page,
        "cells": federation.pivot([o.pk for o in page], month=month, columns=columns) if month else {},
        "totals": federation.pivot([fed.pk], month=month, columns=columns).get(fed.pk) if month else None,
        "trend": federation.trend_chart(fed, year=today.year, columns=columns),
        "filters": filters,
        "unit_types": UnitType.choices,
        "query": _without_page(request.GET),
        "alerts": alerts_for(request.user, fed, today),
    }
    return render(request, "plans/federation.html", context)


def _without_page(params):
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def federation_export(request, org_code):
    fed = access.get_org_for(request.user, org_code)
    today = timezone.localdate()
    columns = federation.columns_for(fed, today.year)
    month = federation.latest_month(fed, today.year)
    response = HttpResponse(
        export.federation_xlsx(fed, month=month, columns=columns),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{fed.code}-{today:%Y%m%d}.xlsx"'
    return response


# --------------------------------------------------------------------------- plans


@login_required
def plan_list(request):
    org = _active_org(request)
    plans = access.scope(request.user, Plan.objects.in_subtree(org)).select_related("org")
    context = {
        "org": org,
        "page_obj": paginate(request, plans.order_by("-year", "org__path")),
        "can_change": access.can(request.user, access.CHANGE, org),
    }
    return render(request, "plans/plan_list.html", context)


@login_required
def plan_create(request):
    """Paste or upload a plan. A text holding several plans (a page of 篇一、篇二…) is offered split
    first: each part becomes a draft of its own, or, if the user says so, the whole is one plan."""
    org = _active_org(request)
    access.require(request.user, access.CHANGE, org)
    form = PlanTextForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        text, year, choice = (form.cleaned_data[k] for k in ("plan_text", "year", "split"))
        parts = services.plan_parts(text) if choice != "whole" else []
        if len(parts) > 1 and choice != "parts":
            context = {"org": org, "parts": parts, "text": text, "year": year or ""}
            return render(request, "plans/plan_split.html", context)
        if len(parts) > 1:
            plans = services.create_plans_from_parts(
                org=org, texts=[p["text"] for p in parts], year=year, by=request.user
            )
            messages.success(request, f"已拆分为 {len(plans)} 份计划草稿，请逐份核对后确认。")
            return redirect("plans:list")
        plan = services.create_plan_from_text(org=org, text=text, year=year, by=request.user)
        messages.success(request, "已识别计划内容，请逐条核对后确认。")
        return redirect("plans:review", plan_id=plan.pk)
    return render(
        request, "plans/plan_create.html", {"form": form, "org": org}, status=422 if form.errors else 200
    )


@login_required
def plan_detail(request, plan_id):
    plan = access.get_object_for(request.user, Plan, id=plan_id)
    context = {
        "plan": plan,
        "items": plan.items.for_display(),
        "targets": plan.targets.order_by("order"),
        "sections": plan.sections.all(),
        "can_change": access.can(request.user, access.CHANGE, plan.org),
        "copy_form": CopyPlanForm(initial={"year": plan.year + 1}),
    }
    return render(request, "plans/plan_detail.html", context)


@login_required
def plan_review(request, plan_id):
    plan = access.get_object_for(request.user, Plan, action=access.CHANGE, id=plan_id)
    context = {
        "plan": plan,
        "items": [(i, ItemForm.for_item(i)) for i in plan.items.for_display().order_by("order")],
        "targets": [_target_row(t) for t in plan.targets.select_related("plan__org").order_by("order")],
        "new_item_form": ItemForm(org=plan.org, prefix="new"),
    }
    return render(request, "plans/plan_review.html", context)


@login_required
@require_POST
def plan_confirm(request, plan_id):
    plan = access.get_object_for(request.user, Plan, action=access.CHANGE, id=plan_id)
    try:
        services.confirm_plan(plan=plan, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("plans:review", plan_id=plan.pk)
    messages.success(request, "计划已确认，月份安排已进入工作台。")
    return redirect("plans:dashboard")


@login_required
def plan_edit(request, plan_id):
    plan = access.get_object_for(request.user, Plan, action=access.CHANGE, id=plan_id)
    form = PlanEditForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "已保存。")
        return redirect("plans:detail", plan_id=plan.pk)
    return render(request, "plans/plan_edit.html", {"plan": plan, "form": form})


@login_required
@require_POST
def plan_copy(request, plan_id):
    plan = access.get_object_for(request.user, Plan, action=access.CHANGE, id=plan_id)
    form = CopyPlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写正确的年度（2000—2100）。")
        return redirect("plans:detail", plan_id=plan.pk)
    copy = services.copy_plan_to_year(plan=plan, year=form.cleaned_data["year"], by=request.user)
    messages.success(request, f"已复制为{copy.year}年计划草稿，请核对后确认。")
    return redirect("plans:review", plan_id=copy.pk)


@login_required
def plan_print(request, plan_id):
    plan = access.get_object_for(request.user, Plan, id=plan_id)
    context = {
        "plan": plan,
        "items": plan.items.for_display(),
        "targets": plan.targets.order_by("order"),
    }
    return render(request, "plans/plan_print.html", context)


# --------------------------------------------------------------------------- review: items and targets


@login_required
def item_edit(request, scheduleitem_id):
    item = access.get_object_for(request.user, ScheduleItem, action=access.CHANGE, id=scheduleitem_id)
    form = ItemForm.for_item(item, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.update_item(item=item, by=request.user, **form.cleaned_data)
        form = ItemForm.for_item(item)
        return render(request, "plans/plan_review.html#item", {"item": item, "form": form, "saved": True})
    status = 422 if form.errors else 200
    return render(request, "plans/plan_review.html#item", {"item": item, "form": form}, status=status)


@login_required
@require_POST
def item_add(request, plan_id):
    plan = access.get_object_for(request.user, Plan, action=access.CHANGE, id=plan_id)
    form = ItemForm(request.POST, org=plan.org, prefix="new")
    if form.is_valid():
        services.add_item(plan=plan, by=request.user, **form.cleaned_data)
        messages.success(request, "已添加事项。")
    else:
        messages.error(request, "添加失败：" + "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("plans:review", plan_id=plan.pk)


@login_required
@require_POST
def item_delete(request, scheduleitem_id):
    item = access.get_object_for(request.user, ScheduleItem, action=access.CHANGE, id=scheduleitem_id)
    try:
        services.delete_item(item=item, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("plans:review", plan_id=item.plan_id)


def _target_row(target, form=None):
    """A target on the review screen with its form and its proposed metric's current value."""
    progress = target_progress(target, today=timezone.localdate())
    return target, form or TargetForm.for_target(target), progress


@login_required
def target_edit(request, target_id):
    target = access.get_object_for(request.user, Target, action=access.CHANGE, id=target_id)
    form = TargetForm.for_target(target, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.update_target(target=target, by=request.user, **form.cleaned_data)
        _, form, progress = _target_row(target)
        context = {"target": target, "form": form, "progress": progress, "saved": True}
        return render(request, "plans/plan_review.html#target", context)
    status = 422 if form.errors else 200
    _, form, progress = _target_row(target, form)
    context = {"target": target, "form": form, "progress": progress}
    return render(request, "plans/plan_review.html#target", context, status=status)


# --------------------------------------------------------------------------- doing the plan


@login_required
@require_POST
def item_done(request, scheduleitem_id):
    item = access.get_object_for(request.user, ScheduleItem, action=access.CHANGE, id=scheduleitem_id)
    form = DoneForm(request.POST, request.FILES)
    error = None
    if form.is_valid():
        try:
            services.mark_item_done(
                item=item, evidence=form.evidence(), reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as failure:
            error = failure.messages[0]
    else:
        error = "；".join(e for errs in form.errors.values() for e in errs)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, f"已完成：{item.text}")
        if request.POST.get("back") == "item":
            return redirect("plans:item", scheduleitem_id=item.pk)
        return redirect("plans:dashboard")
    item.state = item.state_on(timezone.localdate())
    context = {"item": item, "error": error, "can_change": True, "done_form": DoneForm()}
    return render(request, "plans/dashboard.html#item", context, status=422 if error else 200)


@login_required
@require_POST
def item_cancel(request, scheduleitem_id):
    item = access.get_object_for(request.user, ScheduleItem, action=access.CHANGE, id=scheduleitem_id)
    form = CancelForm(request.POST)
    try:
        services.cancel_item(item=item, by=request.user, reason=form.data.get("reason", "")[:500])
        messages.success(request, f"已取消：{item.text}")
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("plans:detail", plan_id=item.plan_id)


@login_required
def target_manual(request, target_id):
    target = access.get_object_for(request.user, Target, action=access.CHANGE, id=target_id)
    form = ManualValueForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_manual_value(
                target=target,
                value=form.cleaned_data["value"],
                evidence_file=form.cleaned_data["evidence"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("evidence", error.messages[0])
        else:
            messages.success(request, "已填报。")
            return redirect("plans:dashboard")
    return render(request, "plans/target_manual.html", {"target": target, "form": form})


@login_required
def evidence_file(request, evidence_id):
    evidence = access.get_object_for(request.user, Evidence, id=evidence_id)
    if not evidence.file:
        raise Http404("该佐证没有附件。")
    return uploads.serve_upload(evidence.file, download_name=str(evidence))


@login_required
def target_evidence_file(request, target_id):
    target = access.get_object_for(request.user, Target, id=target_id)
    if not target.manual_evidence:
        raise Http404("该目标没有佐证附件。")
    name = target.manual_evidence.name.rsplit("/", 1)[-1]
    return uploads.serve_upload(target.manual_evidence, download_name=name)


# --------------------------------------------------------------------------- calendar and reminders


@login_required
def calendar_month(request):
    org = _active_org(request)
    first = CalendarMonthForm(request.GET).first_day()
    context = {
        "org": org,
        "grid": plan_calendar.month_grid(org, first, request.user),
        # the token feed is the whole work calendar: only for those who may see it
        "feed_url": request.build_absolute_uri(plan_calendar.feed_path(org))
        if access.sees_internal_work(request.user, org)
        else "",
        "can_change": access.can(request.user, access.CHANGE, org),
    }
    return render(request, "plans/calendar.html", context)


@login_required
@require_POST
def calendar_feed_reset(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.CHANGE)
    services.replace_calendar_key(org=org)
    messages.success(request, "已生成新的订阅地址，旧地址已失效。请在日历应用中重新订阅。")
    return redirect("plans:calendar")


def ical_feed(request, org_code):
    """The org's schedule as iCalendar: for a logged-in viewer, or for a calendar app holding the token."""
    org = plan_calendar.feed_org(request.user, org_code, request.GET.get("token", ""))
    user = request.user if request.user.is_authenticated else None  # a token holder gets the whole feed
    response = HttpResponse(plan_calendar.ical(org, user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{org.code}.ics"'
    return response


@login_required
def digest(request):
    org = _active_org(request)
    digests = access.scope(request.user, Digest.objects.filter(org=org).select_related("org"))
    page_obj = paginate(request, digests, 10)
    # Entries some viewers may not see (women's records) are left out per viewer, here and in the e-mail.
    shown = [plan_digest.for_viewer(digest, request.user) for digest in page_obj]
    return render(request, "plans/digest.html", {"org": org, "page_obj": page_obj, "digests": shown})
