"""A schedule item's page: its proof (linked records, files, the reason no trace is needed), the
evidence picker over every registered evidence type, and marking it done."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import access
from gonghui.plans import services
from gonghui.plans.forms import DoneForm, EvidenceFileForm, EvidencePickForm, NoTraceForm
from gonghui.plans.models import NO_TRACE_HELP, Evidence, ItemStatus, ScheduleItem
from gonghui.reports import registry

PICKS = 20


def _item(request, scheduleitem_id, action=access.VIEW):
    rows = ScheduleItem.objects.select_related("plan", "org", "responsible", "done_by")
    return access.get_object_for(request.user, rows, action=action, id=scheduleitem_id)


def _back(item):
    return redirect("plans:item", scheduleitem_id=item.pk)


def _attempt(request, call, *, success, form=None) -> None:
    """Every POST here does the same: check the form, call one service, and say how it went in one
    Chinese message (an invalid form's or the service's ValidationError's messages joined by 「；」,
    else `success`, a text or a function of the service's result). `call` takes no arguments: it
    reads `form.cleaned_data` only once the form is valid."""
    if form is not None and not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return
    try:
        result = call()
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, success(result) if callable(success) else success)


@login_required
def item_detail(request, scheduleitem_id):
    item = _item(request, scheduleitem_id)
    can_change = access.can(request.user, access.CHANGE, item.org)
    open_for_proof = can_change and item.plan.is_confirmed and item.status != ItemStatus.CANCELLED
    context = {
        "item": item,
        "state": item.state_on(timezone.localdate()),
        "evidence": item.evidence.select_related("content_type").order_by("created_at"),
        "can_change": can_change,
        "open_for_proof": open_for_proof,
        "pick_form": EvidencePickForm(),
        "file_form": EvidenceFileForm(),
        "reason_form": NoTraceForm(initial={"reason": item.no_trace_reason}),
        "reason_help": NO_TRACE_HELP,
        "done_form": DoneForm(),
    }
    return render(request, "plans/item_detail.html", context)


def pick_rows(user, item, kind, words: str):
    """Records of the type the user may see, in the item's org subtree and plan year: matching the
    words, or without words those of the item's months first (most likely what proves it)."""
    rows = access.scope(user, registry.evidence_records(kind.key, item.org.subtree(), item.plan.year))
    if words:
        return list(kind.search(rows, words).order_by(f"-{kind.date_field}")[:PICKS])
    months = Q(
        **{
            f"{kind.date_field}__month__gte": item.first_month,
            f"{kind.date_field}__month__lte": item.last_month,
        }
    )
    near = list(rows.filter(months).order_by(kind.date_field)[:PICKS])
    if len(near) < PICKS:
        near += list(rows.exclude(months).order_by(f"-{kind.date_field}")[: PICKS - len(near)])
    return near


@login_required
def evidence_search(request, scheduleitem_id):
    """The picker's htmx search: up to 20 records, each with a 关联 button."""
    item = _item(request, scheduleitem_id, action=access.CHANGE)
    form = EvidencePickForm(request.GET)
    kind = form.kind()
    words = form.words()
    rows = pick_rows(request.user, item, kind, words) if kind else []
    linked = set(item.evidence.exclude(object_id="").values_list("object_id", flat=True))
    picks = [
        {"record": r, "text": kind.describe(r), "url": kind.url(r), "linked": str(r.pk) in linked}
        for r in rows
    ]
    context = {"item": item, "kind": kind, "picks": picks, "words": words}
    return render(request, "plans/item_detail.html#picks", context)


@login_required
@require_POST
def evidence_link(request, scheduleitem_id):
    item = _item(request, scheduleitem_id, action=access.CHANGE)
    try:
        kind = registry.evidence_type(request.POST.get("type", ""))
        record_id = uuid.UUID(request.POST.get("record", ""))
    except (KeyError, ValueError):
        messages.error(request, "请先在列表中选择要关联的记录。")
        return _back(item)
    rows = access.scope(request.user, registry.evidence_records(kind.key, item.org.subtree(), item.plan.year))
    record = rows.filter(pk=record_id).first()
    if record is None:
        messages.error(request, f"找不到这条{kind.label}记录，或您无权查看。请重新搜索后选择。")
        return _back(item)
    _attempt(
        request,
        lambda: services.link_evidence(item=item, record=record, by=request.user),
        success=lambda _: f"已关联{kind.label}：{kind.describe(record)}",
    )
    return _back(item)


@login_required
@require_POST
def evidence_upload(request, scheduleitem_id):
    item = _item(request, scheduleitem_id, action=access.CHANGE)
    form = EvidenceFileForm(request.POST, request.FILES)
    _attempt(
        request,
        lambda: services.attach_evidence_file(
            item=item, file=form.cleaned_data["file"], note=form.cleaned_data["note"], by=request.user
        ),
        form=form,
        success="已上传佐证材料。",
    )
    return _back(item)


@login_required
@require_POST
def evidence_remove(request, evidence_id):
    evidence = access.get_object_for(request.user, Evidence, action=access.CHANGE, id=evidence_id)
    item = evidence.item
    _attempt(
        request,
        lambda: services.remove_evidence(evidence=evidence, by=request.user),
        success="已移除该佐证。",
    )
    return _back(item)


@login_required
@require_POST
def item_reason(request, scheduleitem_id):
    item = _item(request, scheduleitem_id, action=access.CHANGE)
    form = NoTraceForm(request.POST)
    _attempt(
        request,
        lambda: services.set_no_trace_reason(item=item, reason=form.cleaned_data["reason"], by=request.user),
        form=form,
        success="已保存无需留痕的原因。",
    )
    return _back(item)
