"""Reports API: the registries as data, ledger counts, ledger and binder tasks, and the evidence
picker for a plan item. Access is decided in core/access.py, as on the pages."""

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Form, Router, Schema
from ninja.errors import HttpError

from gonghui.core import access
from gonghui.core.models import TaskProgress
from gonghui.core.tasks import current, start_progress
from gonghui.plans import services as plan_services
from gonghui.plans.item_views import pick_rows
from gonghui.plans.models import ScheduleItem
from gonghui.reports import registry, tasks
from gonghui.reports.forms import LedgerForm, YearForm, first_error
from gonghui.reports.views import KINDS, ledger_rows

router = Router(tags=["台帐与总结"])


class EvidenceTypeOut(Schema):
    key: str
    label: str


class LedgerOut(Schema):
    key: str
    title: str
    book: str
    required: bool
    formats: list[str]
    count: int
    missing: bool
    allowed: bool


class TaskOut(Schema):
    id: UUID
    kind: str
    status: str
    done: int
    total: int
    message: str
    download_url: str | None


class PickOut(Schema):
    id: UUID
    text: str
    url: str
    linked: bool


class LinkOut(Schema):
    evidence_id: UUID
    evidence_key: str
    text: str


def _year(year) -> int:
    form = YearForm({"year": year})
    if not form.is_valid():
        raise HttpError(422, first_error(form))
    return form.cleaned_data["year"]


def _org(request, org_code):
    # A member sees his union in the switcher, but ledgers are for officers: VIEW is required.
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.VIEW, org)
    return org


def _task_out(progress) -> TaskOut:
    result = progress.result or {}
    finished = progress.status == TaskProgress.Status.DONE and result.get("path")
    return TaskOut(
        id=progress.pk,
        kind=progress.kind,
        status=progress.status,
        done=progress.done,
        total=progress.total,
        message=progress.message,
        download_url=reverse("reports:download", args=[progress.pk]) if finished else None,
    )


@router.get("/evidence-types", response=list[EvidenceTypeOut], summary="可作为完成佐证的记录类型")
def evidence_types(request):
    return [EvidenceTypeOut(key=kind.key, label=kind.label) for kind in registry.evidence_types()]


@router.get(
    "/orgs/{org_code}/ledgers", response=list[LedgerOut], summary="各台帐本年度记录数，缺少的必备台帐"
)
def ledgers(request, org_code: str, year: str = ""):
    # Optional parameters: the access check comes first, before any parameter can fail.
    org = _org(request, org_code)
    return [
        LedgerOut(
            key=row["ledger"].key,
            title=row["ledger"].title,
            book=row["ledger"].book,
            required=row["ledger"].required,
            formats=list(row["ledger"].formats),
            count=row["count"],
            missing=row["missing"],
            allowed=row["allowed"],
        )
        for row in ledger_rows(request.user, org, _year(year) if year else date.today().year)
    ]


@router.post("/orgs/{org_code}/ledgers/build", response={202: TaskOut}, summary="后台生成一本台帐")
def ledger_build(request, org_code: str, key: Form[str] = "", year: Form[str] = "", fmt: Form[str] = ""):
    org = _org(request, org_code)
    form = LedgerForm({"key": key, "year": year, "fmt": fmt})
    if not form.is_valid():
        raise HttpError(422, first_error(form))
    ledger, year, fmt = form.cleaned_data["ledger"], form.cleaned_data["year"], form.cleaned_data["fmt"]
    if not registry.allowed(request.user, ledger, org):
        raise HttpError(403, f"您没有查看{ledger.title}的权限。")
    progress = start_progress(kind=tasks.LEDGER_KIND, org=org, user=request.user, message="排队中")
    TaskProgress.objects.filter(pk=progress.pk).update(
        result={"title": f"{org.name} · {year}年{ledger.title}", "year": year}
    )
    tasks.build_ledger.enqueue(str(progress.pk), request.user.pk, org.pk, ledger.key, year, fmt)
    return 202, _task_out(TaskProgress.objects.get(pk=progress.pk))


@router.post(
    "/orgs/{org_code}/binder", response={202: TaskOut}, summary="后台生成台帐合订本（联合会含下属各工会）"
)
def binder_build(request, org_code: str, year: Form[str] = ""):
    org = _org(request, org_code)
    year = _year(year)
    progress = start_progress(kind=tasks.BINDER_KIND, org=org, user=request.user, message="排队中")
    TaskProgress.objects.filter(pk=progress.pk).update(
        result={"title": f"{org.name} · {year}年台帐合订本", "year": year}
    )
    tasks.build_binder.enqueue(str(progress.pk), request.user.pk, org.pk, year)
    return 202, _task_out(TaskProgress.objects.get(pk=progress.pk))


@router.get("/tasks/{taskprogress_id}", response=TaskOut, summary="台帐或合订本的生成进度")
def task(request, taskprogress_id: UUID):
    progress = get_object_or_404(TaskProgress, pk=taskprogress_id, started_by=request.user, kind__in=KINDS)
    return _task_out(current(progress))


def _item(request, scheduleitem_id):
    return access.get_object_for(
        request.user,
        ScheduleItem.objects.select_related("plan", "org"),
        action=access.CHANGE,
        id=scheduleitem_id,
    )


def _kind(key: str):
    try:
        return registry.evidence_type(key)
    except KeyError:
        raise HttpError(422, "没有这种记录类型，请从 /api/reports/evidence-types 中选择。") from None


@router.get("/items/{scheduleitem_id}/evidence", response=list[PickOut], summary="为计划事项查找可关联的记录")
def evidence_search(request, scheduleitem_id: UUID, type: str = "", q: str = ""):
    item = _item(request, scheduleitem_id)
    kind = _kind(type) if type else registry.evidence_types()[0]
    linked = set(item.evidence.exclude(object_id="").values_list("object_id", flat=True))
    return [
        PickOut(id=r.pk, text=kind.describe(r), url=kind.url(r), linked=str(r.pk) in linked)
        for r in pick_rows(request.user, item, kind, q.strip()[:50])
    ]


@router.post(
    "/items/{scheduleitem_id}/evidence", response={201: LinkOut}, summary="把一条记录关联为计划事项的完成佐证"
)
def evidence_link(request, scheduleitem_id: UUID, type: Form[str] = "", record: Form[str] = ""):
    item = _item(request, scheduleitem_id)
    kind = _kind(type)
    try:
        record_id = UUID(record)
    except ValueError:
        raise HttpError(422, "record 应为记录的编号。") from None
    rows = access.scope(request.user, registry.evidence_records(kind.key, item.org.subtree(), item.plan.year))
    found = rows.filter(pk=record_id).first()
    if found is None:
        raise HttpError(404, f"找不到这条{kind.label}记录，或您无权查看。")
    try:
        evidence = plan_services.link_evidence(item=item, record=found, by=request.user)
    except ValidationError as error:
        raise HttpError(422, "；".join(error.messages)) from None
    return 201, LinkOut(evidence_id=evidence.pk, evidence_key=evidence.evidence_key, text=evidence.describe())


# The year-end summary's figures and the assessment (reports/assessment/api.py).
from gonghui.reports.assessment.api import router as _assessment_router  # noqa: E402

router.add_router("", _assessment_router)
