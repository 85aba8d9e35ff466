from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Form, Router, Schema
from ninja.errors import HttpError

from gonghui.core import access
from gonghui.plans import services
from gonghui.plans.dashboard import target_progress, union_dashboard
from gonghui.plans.forms import ItemForm
from gonghui.plans.models import Plan, ScheduleItem, Target

router = Router(tags=["工作计划"])


class PlanOut(Schema):
    id: UUID
    org_code: str
    year: int
    title: str
    status: str


class ItemOut(Schema):
    id: UUID
    plan_id: UUID
    month: int | None
    end_month: int | None
    period: str
    when: str
    text: str
    category: str
    status: str
    state: str
    uncertain: bool
    due_date: date


class WindowOut(Schema):
    label: str
    start: date
    end: date
    value: float | None
    display: str
    met: bool | None
    closed: bool


class TargetOut(Schema):
    id: UUID
    text: str
    metric_key: str
    metric_label: str
    manual: bool
    comparator: str
    value: Decimal
    value_max: Decimal | None
    unit: str
    period: str
    period_label: str
    measurable: bool
    actual: float | None
    display: str
    met: bool | None
    windows: list[WindowOut]


class PlanDetail(PlanOut):
    guiding_ideas: str
    items: list[ItemOut]
    targets: list[TargetOut]


class ItemPatch(Schema):
    month: int | None = None
    end_month: int | None = None
    period: str | None = None
    text: str | None = None
    category: str | None = None
    uncertain: bool | None = None


class DashboardOut(Schema):
    org_code: str
    year: int
    plan_id: UUID | None
    counts: dict[str, int]
    overdue: list[ItemOut]
    due_soon: list[ItemOut]
    targets: list[TargetOut]


def _plan_out(plan) -> dict:
    return {
        "id": plan.pk,
        "org_code": plan.org.code,
        "year": plan.year,
        "title": str(plan),
        "status": plan.status,
    }


def _item_out(item, today) -> dict:
    return {
        "id": item.pk,
        "plan_id": item.plan_id,
        "month": item.month,
        "end_month": item.end_month,
        "period": item.period,
        "when": item.when_label,
        "text": item.text,
        "category": item.category,
        "status": item.status,
        "state": item.state_on(today),
        "uncertain": item.uncertain,
        "due_date": item.due_date,
    }


def _target_out(found) -> dict:
    t = found.target
    return {
        "id": t.pk,
        "text": t.text,
        "metric_key": t.metric_key,
        "metric_label": t.metric_label,
        "manual": t.is_manual,
        "comparator": t.comparator,
        "value": t.value,
        "value_max": t.value_max,
        "unit": t.unit,
        "period": t.period,
        "period_label": t.get_period_display(),
        "measurable": found.measurable,
        "actual": found.actual,
        "display": found.display,
        "met": found.met,
        # each month/quarter/term of a 每月…/每季… target, begun by today
        "windows": [vars(w) for w in found.windows],
    }


@router.get("/orgs/{org_code}/plans", response=list[PlanOut], summary="组织（含下级）的工作计划")
def plan_list(request, org_code: str):
    org = access.get_org_for(request.user, org_code)
    plans = access.scope(request.user, Plan.objects.in_subtree(org)).select_related("org")
    return [_plan_out(p) for p in plans.order_by("-year", "org__path")[:500]]


@router.get("/{plan_id}", response=PlanDetail, summary="计划详情：月份安排与目标（含实时值）")
def plan_detail(request, plan_id: UUID):
    plan = access.get_object_for(request.user, Plan.objects.select_related("org"), id=plan_id)
    today = timezone.localdate()
    items = [_item_out(i, today) for i in plan.items.for_display()]
    targets = [_target_out(target_progress(t, today=today)) for t in plan.targets.select_related("plan__org")]
    return {**_plan_out(plan), "guiding_ideas": plan.guiding_ideas, "items": items, "targets": targets}


@router.get("/{plan_id}/targets", response=list[TargetOut], summary="目标及其实时完成值")
def plan_targets(request, plan_id: UUID):
    plan = access.get_object_for(request.user, Plan, id=plan_id)
    today = timezone.localdate()
    return [_target_out(target_progress(t, today=today)) for t in plan.targets.select_related("plan__org")]


@router.get(
    "/orgs/{org_code}/items", response=list[ItemOut], summary="本年（或指定年度）已确认计划的月份安排"
)
def item_list(
    request, org_code: str, year: int | None = None, status: str | None = None, month: int | None = None
):
    org = access.get_org_for(request.user, org_code)
    today = timezone.localdate()
    items = access.scope(request.user, ScheduleItem.objects.filter(org=org)).in_confirmed_plans()
    items = items.of_year(year or today.year)
    if status:
        items = items.filter(status=status)
    if month:
        items = items.filter(month=month)
    return [_item_out(i, today) for i in items.for_display()[:1000]]


@router.patch("/items/{scheduleitem_id}", response=ItemOut, summary="修改月份安排（时间、内容、类别）")
def item_update(request, scheduleitem_id: UUID, payload: ItemPatch):
    item = access.get_object_for(request.user, ScheduleItem, action=access.CHANGE, id=scheduleitem_id)
    prefix = ItemForm.for_item(item).prefix
    values = {**ItemForm.for_item(item).initial, **payload.dict(exclude_unset=True)}
    data = {f"{prefix}-{k}": v for k, v in values.items() if v not in (None, False, "")}
    form = ItemForm(data, org=item.org, prefix=prefix)
    if not form.is_valid():
        raise HttpError(422, "；".join(e for errors in form.errors.values() for e in errors))
    services.update_item(item=item, by=request.user, **form.cleaned_data)
    return _item_out(item, timezone.localdate())


@router.post(
    "/items/{scheduleitem_id}/done",
    response=ItemOut,
    summary="标记事项已完成（需已关联记录或材料，或附无需留痕的原因）",
)
def item_done(request, scheduleitem_id: UUID, reason: Form[str] = ""):
    # A form field, not a JSON body: the permission check must come before any body parsing fails.
    item = access.get_object_for(request.user, ScheduleItem, action=access.CHANGE, id=scheduleitem_id)
    try:
        services.mark_item_done(item=item, reason=reason[:1000], by=request.user)
    except ValidationError as error:
        raise HttpError(422, error.messages[0])
    return _item_out(item, timezone.localdate())


@router.get(
    "/orgs/{org_code}/dashboard",
    response=DashboardOut,
    summary="工作台数据：完成情况、逾期、七日内到期、目标",
)
def dashboard(request, org_code: str):
    org = access.get_org_for(request.user, org_code)
    if not access.sees_internal_work(request.user, org):
        raise PermissionDenied("工作台数据只对工会干部开放。")
    today = timezone.localdate()
    board = union_dashboard(org, today=today)
    return {
        "org_code": org.code,
        "year": board.year,
        "plan_id": board.plan.pk if board.plan else None,
        "counts": dict(board.counts()),
        "overdue": [_item_out(i, today) for i in board.overdue()],
        "due_soon": [_item_out(i, today) for i in board.due_soon()],
        "targets": [_target_out(t) for t in board.targets],
    }


@router.get("/targets/{target_id}", response=TargetOut, summary="单个目标的实时完成值")
def target_detail(request, target_id: UUID):
    target = access.get_object_for(request.user, Target.objects.select_related("plan__org"), id=target_id)
    return _target_out(target_progress(target, today=timezone.localdate()))
