import os
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core import access, uploads
from gonghui.core.masking import mask_id, mask_phone, reveal
from gonghui.core.pagination import keyset_page
from gonghui.core.tasks import file_response, finished_file, media_path, start_progress, started_by
from gonghui.members import lookup, picker, services, tasks
from gonghui.members.forms import (
    AcceptTransferForm,
    MappingForm,
    MemberForm,
    RejectForm,
    RosterFilterForm,
    StatusChangeForm,
    TransferForm,
    UploadForm,
)
from gonghui.members.models import (
    ROSTER_ORDER,
    EmploymentType,
    Gender,
    ImportJob,
    ImportStatus,
    Member,
    MemberStatus,
    MemberTransfer,
    TransferStatus,
)
from gonghui.members.tabs import member_tabs
from gonghui.orgs.models import OrgKind

PER_PAGE = 50


def _active_org(request):
    if request.org is None:
        raise Http404("请先选择组织。")
    return request.org


# ---- roster


@login_required
def roster(request):
    org = _active_org(request)
    if not access.can(request.user, access.VIEW, org):
        return _own_record(request)
    form = RosterFilterForm(request.GET or None, org=org)
    members = form.apply(access.scope(request.user, Member.objects.in_subtree(org)), search=_search(request))
    rows, next_cursor = keyset_page(
        members.for_roster(), order=ROSTER_ORDER, cursor=request.GET.get("after"), per_page=PER_PAGE
    )
    _searched(request, rows)
    query = request.GET.copy()
    query.pop("after", None)
    context = {
        "org": org,
        "form": form,
        "selects": form.selects(),
        "rows": roster_rows(rows),
        "next_cursor": next_cursor,
        "query": query.urlencode(),
        "can_change": access.can(request.user, access.MEMBERS, org),
        "incoming": MemberTransfer.objects.filter(
            to_org__path__startswith=org.path, status=TransferStatus.PENDING
        ).count()
        if access.can(request.user, access.MEMBERS, org)
        else 0,
    }
    if request.htmx and request.GET.get("after"):
        return render(request, "members/roster.html#rows", context)
    return render(request, "members/roster.html", context)


def _own_record(request):
    """A member is no roster keeper: no filters or export, only their own record."""
    own = Member.objects.filter(user=request.user).first()
    if own is None:
        raise Http404("您没有查看名册的权限。")
    return redirect("members:detail", member_id=own.pk)


def _search(request):
    return lambda members, q: lookup.search(request.user, members, q)


def _searched(request, rows):
    """A search that matched hidden ID or phone digits revealed them: log it, or say it stopped."""
    q = request.GET.get("q", "")[:50]
    if lookup.limited(request.user, q):  # asked before this search's reveals count against the limit
        if not request.htmx:
            messages.warning(request, lookup.LIMIT_MESSAGE)
        return
    lookup.log_reveals(request, rows, q)


GENDERS = dict(Gender.choices)
EMPLOYMENT = dict(EmploymentType.choices)
STATUSES = dict(MemberStatus.choices)


def roster_rows(members) -> list[dict]:
    """Rows of the roster table as plain values, masked. The roster is the busiest page: the
    template only prints these instead of calling display methods and {% url %} per cell."""
    placeholder = uuid.UUID(int=0)
    detail = reverse("members:detail", kwargs={"member_id": placeholder})
    return [
        {
            "url": detail.replace(str(placeholder), str(m.pk)),
            "pk": m.pk,
            "name": m.name,
            "gender": GENDERS.get(m.gender, ""),
            "id_number": mask_id(m.id_number),
            "phone": mask_phone(m.phone),
            "employment": EMPLOYMENT.get(m.employment_type, ""),
            "join_date": m.join_date.isoformat() if m.join_date else "—",
            "org": m.org.name,
            "status": STATUSES.get(m.status, ""),
        }
        for m in members
    ]


def _member_form(request, union, **kwargs) -> MemberForm:
    """The join/edit form offering only the places this editor may put a member in."""
    return MemberForm(
        request.POST or None,
        union=union,
        groups=access.visible_orgs(request.user, access.MEMBERS),
        whole_union=access.can(request.user, access.MEMBERS, union),
        **kwargs,
    )


@login_required
def member_new(request):
    org = _active_org(request)
    access.require(request.user, access.MEMBERS, org)
    union = org.union()
    if union is None:
        messages.error(request, "请先在顶部切换到要加入的基层工会。")
        return redirect("members:roster")
    form = _member_form(request, union)
    if org.kind == OrgKind.GROUP:
        form.fields["group"].initial = org
    if request.method == "POST" and form.is_valid():
        try:
            member = services.join_member(
                org=form.cleaned_data["group"] or union, by=request.user, **form.member_fields()
            )
        except ValidationError as error:
            form.add_error("id_number", error.messages[0])
        else:
            messages.success(request, f"{member.name} 已入会。")
            return redirect("members:detail", member_id=member.pk)
    return render(request, "members/form.html", {"form": form, "title": "新会员入会", "org": org})


@login_required
def member_detail(request, member_id):
    member = access.get_object_for(request.user, Member.objects.select_related("org"), id=member_id)
    org = member.org
    context = {
        "member": member,
        "masked_id": mask_id(member.id_number),
        "masked_phone": mask_phone(member.phone),
        "history": services.history(member),
        "tabs": member_tabs(request, member),
        "can_change": access.can(request.user, access.MEMBERS, org),
        "can_reveal": access.can(request.user, access.SENSITIVE, org),
        "keeps_roster": access.can(request.user, access.VIEW, org),  # a member sees no roster crumb
        "pending": member.transfers.filter(status=TransferStatus.PENDING).select_related("to_org").first(),
    }
    return render(request, "members/detail.html", context)


@login_required
def member_edit(request, member_id):
    member = access.get_object_for(
        request.user, Member.objects.select_related("org"), id=member_id, action=access.MEMBERS
    )
    union = member.org.union()
    form = _member_form(request, union, instance=member)
    if request.method == "POST" and form.is_valid():
        member = form.save(commit=False)
        member.org = form.cleaned_data["group"] or union
        member.set_search_keys()
        member.save()
        messages.success(request, "已保存。")
        return redirect("members:detail", member_id=member.pk)
    return render(
        request, "members/form.html", {"form": form, "title": f"编辑 {member.name}", "member": member}
    )


@login_required
@require_POST
def member_reveal(request, member_id):
    """The full ID number or phone, for a viewer whose role needs it; every reveal is logged."""
    member = access.get_object_for(request.user, Member, id=member_id)
    field = request.POST.get("field")
    if field not in ("id_number", "phone"):
        return HttpResponse("参数无效", status=400)
    value = reveal(request, member, field)
    return render(request, "members/detail.html#revealed", {"value": value, "field": field})


# ---- lifecycle: one URL per state change


def _status_change(request, member_id, *, service, title, done):
    member = access.get_object_for(request.user, Member, id=member_id, action=access.MEMBERS)
    form = StatusChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(
                member=member, by=request.user, on=form.cleaned_data["on"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, f"{member.name}{done}")
            return redirect("members:detail", member_id=member.pk)
    return render(
        request, "members/form.html", {"form": form, "title": f"{title}：{member.name}", "member": member}
    )


@login_required
def member_leave(request, member_id):
    return _status_change(
        request, member_id, service=services.leave_member, title="办理退会", done="已退会。"
    )


@login_required
def member_retire(request, member_id):
    return _status_change(
        request, member_id, service=services.retire_member, title="办理退休", done="已退休。"
    )


@login_required
def member_decease(request, member_id):
    return _status_change(
        request, member_id, service=services.record_death, title="登记去世", done="已登记去世。"
    )


@login_required
def member_transfer(request, member_id):
    member = access.get_object_for(request.user, Member, id=member_id, action=access.MEMBERS)
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.start_transfer(
                member=member,
                to_org=form.cleaned_data["to_org"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, "已发起会籍转接，等待对方工会接收。")
            return redirect("members:detail", member_id=member.pk)
    return render(
        request, "members/form.html", {"form": form, "title": f"会籍转接：{member.name}", "member": member}
    )


@login_required
def transfers(request):
    org = _active_org(request)
    receivable = access.visible_orgs(request.user, access.MEMBERS)
    incoming = MemberTransfer.objects.filter(
        to_org__path__startswith=org.path, to_org__in=receivable, status=TransferStatus.PENDING
    ).select_related("member", "org", "to_org")
    outgoing = access.scope(request.user, MemberTransfer.objects.in_subtree(org)).select_related(
        "member", "to_org"
    )
    return render(
        request,
        "members/transfers.html",
        {"org": org, "incoming": incoming, "outgoing": outgoing.order_by("-created_at")[:100]},
    )


def _incoming_transfer(user, transfer_id):
    """A transfer the user may decide on: addressed to a union where the user may change members."""
    transfer = (
        MemberTransfer.objects.filter(pk=transfer_id, to_org__in=access.visible_orgs(user, access.MEMBERS))
        .select_related("member", "to_org", "org")
        .first()
    )
    if transfer is None:
        raise Http404("找不到该记录，或您无权查看。")
    return transfer


@login_required
def transfer_accept(request, membertransfer_id):
    transfer = _incoming_transfer(request.user, membertransfer_id)
    form = AcceptTransferForm(request.POST if request.method == "POST" else None, union=transfer.to_org)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.accept_transfer(
                transfer=transfer, by=request.user, group=form.cleaned_data["group"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, f"已接收 {member.name} 转入。")
            return redirect("members:detail", member_id=member.pk)
    return render(
        request,
        "members/form.html",
        {"form": form, "title": f"接收转入：{transfer.member.name}（来自 {transfer.org.name}）"},
    )


@login_required
@require_POST
def transfer_reject(request, membertransfer_id):
    transfer = _incoming_transfer(request.user, membertransfer_id)
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.reject_transfer(transfer=transfer, by=request.user, reason=reason)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "已退回该会籍转接。")
    return redirect("members:transfers")


@login_required
@require_POST
def transfer_cancel(request, membertransfer_id):
    transfer = access.get_object_for(
        request.user, MemberTransfer, id=membertransfer_id, action=access.MEMBERS
    )
    try:
        services.cancel_transfer(transfer=transfer, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "已撤回会籍转接。")
    return redirect("members:detail", member_id=transfer.member_id)


# ---- import


@login_required
def import_upload(request):
    org = _active_org(request)
    access.require(request.user, access.MEMBERS, org)
    form = UploadForm(request.POST or None, request.FILES or None)
    if org.kind == OrgKind.FEDERATION:
        messages.info(request, "名册导入到基层工会：请先在顶部切换到要导入的工会。")
    elif request.method == "POST" and form.is_valid():
        try:
            stored = uploads.accept_upload(
                form.cleaned_data["file"],
                allowed=uploads.SHEETS,
                max_bytes=UploadForm.MAX_BYTES,
                what="名册文件",
            )
        except uploads.UploadRefused as refused:
            form.add_error("file", refused)
        else:
            job = tasks.receive_upload(stored, org=org, by=request.user)
            _start(job, request.user, commit=False)
            return redirect("members:import_detail", importjob_id=job.pk)
    recent = access.scope(request.user, ImportJob.objects.in_subtree(org))[:10]
    return render(request, "members/import_upload.html", {"form": form, "org": org, "recent": recent})


def _start(job, user, *, commit):
    progress = start_progress(kind=tasks.IMPORT_KIND, org=job.org, user=user)
    job.progress = progress
    job.status = ImportStatus.COMMITTING if commit else ImportStatus.PREVIEWING
    job.message = ""
    job.save(update_fields=["progress", "status", "message", "skip_errors", "updated_at"])
    tasks.run_import.enqueue(str(progress.pk), str(job.pk), commit)


@login_required
def import_detail(request, importjob_id):
    job = access.get_object_for(request.user, ImportJob.objects.select_related("progress"), id=importjob_id)
    running = job.status in (ImportStatus.PREVIEWING, ImportStatus.COMMITTING)
    if request.htmx and request.GET.get("poll"):
        response = render(request, "members/import_detail.html#status", {"job": job, "running": running})
        if not running:
            response["HX-Refresh"] = "true"
        return response
    mapping = {int(k): v for k, v in job.mapping.items()}
    context = {
        "job": job,
        "running": running,
        "mapping_form": MappingForm(headers=job.headers, mapping=mapping) if job.headers else None,
        "can_change": access.can(request.user, access.MEMBERS, job.org),
    }
    return render(request, "members/import_detail.html", context)


@login_required
@require_POST
def import_mapping(request, importjob_id):
    job = access.get_object_for(request.user, ImportJob, id=importjob_id, action=access.MEMBERS)
    if job.status not in (ImportStatus.PREVIEWED, ImportStatus.FAILED) or not job.headers:
        messages.error(request, "当前状态不能修改列对应关系。")
        return redirect("members:import_detail", importjob_id=job.pk)
    form = MappingForm(request.POST, headers=job.headers, mapping={})
    if not form.is_valid():
        context = {"job": job, "running": False, "mapping_form": form, "can_change": True}
        return render(request, "members/import_detail.html", context, status=400)
    job.mapping = {str(i): f for i, f in form.mapping().items()}
    job.save(update_fields=["mapping", "updated_at"])
    _start(job, request.user, commit=False)
    return redirect("members:import_detail", importjob_id=job.pk)


@login_required
@require_POST
def import_commit(request, importjob_id):
    job = access.get_object_for(request.user, ImportJob, id=importjob_id, action=access.MEMBERS)
    if job.status != ImportStatus.PREVIEWED:
        messages.error(request, "请先完成预览再导入。")
        return redirect("members:import_detail", importjob_id=job.pk)
    job.skip_errors = request.POST.get("skip_errors") == "1"
    if job.counts.get("errors") and not job.skip_errors:
        messages.error(request, "还有错误行：请修改表格重新上传，或选择“跳过错误行导入”。")
        return redirect("members:import_detail", importjob_id=job.pk)
    _start(job, request.user, commit=True)
    return redirect("members:import_detail", importjob_id=job.pk)


@login_required
def import_errors(request, importjob_id):
    job = access.get_object_for(request.user, ImportJob, id=importjob_id)
    if not job.errors_path or not media_path(job.errors_path).exists():
        raise Http404("没有错误明细。")
    name = f"{os.path.splitext(job.filename)[0]}-错误行.xlsx"
    return FileResponse(open(media_path(job.errors_path), "rb"), as_attachment=True, filename=name)


# ---- export


@login_required
@require_POST
def export_start(request):
    org = _active_org(request)
    access.require(request.user, access.VIEW, org)  # masking decides what the file shows
    params = {k: v for k, v in request.POST.items() if k in RosterFilterForm.base_fields}
    progress = start_progress(kind=tasks.EXPORT_KIND, org=org, user=request.user)
    tasks.run_export.enqueue(str(progress.pk), request.user.pk, org.pk, params)
    # post/redirect/get: reloading the progress page must not export again
    return redirect("members:export_progress", taskprogress_id=progress.pk)


@login_required
def export_progress(request, taskprogress_id):
    progress = started_by(request.user, taskprogress_id, kind=tasks.EXPORT_KIND)
    return render(request, "members/export.html", {"progress": progress, "org": progress.org})


@login_required
def export_download(request, taskprogress_id):
    progress = finished_file(request.user, taskprogress_id, kind=tasks.EXPORT_KIND)
    return file_response(progress, f"会员名册-{progress.org.name}.xlsx")


@login_required
def member_search(request):
    """Quick lookup for htmx autocompletes: the first matches, masked."""
    org = _active_org(request)
    q = request.GET.get("q", "")[:50]
    found = lookup.search(request.user, access.scope(request.user, Member.objects.in_subtree(org)), q)
    rows = list(found.for_roster().order_by(*ROSTER_ORDER)[:10]) if q.strip() else []
    _searched(request, rows)
    return render(request, "members/roster.html#rows", {"rows": roster_rows(rows), "next_cursor": None})


@login_required
def member_pick(request, org_code):
    """The member picker's htmx search (members/picker.py): radio options named like the form field."""
    org = access.get_org_for(request.user, org_code, action=access.CHANGE)
    field = request.GET.get("field", "member")
    if not picker.FIELD_NAME.match(field):
        return HttpResponse("参数无效", status=400)
    query = request.GET.get(f"{field}-q", request.GET.get("q", "")).strip()[:30]
    found = picker.find(request.user, picker.pickable(request.user, org), query)
    lookup.log_reveals(request, found, query)
    context = {"name": field, "options": picker.options(found), "checked": len(found) == 1, "q": query}
    return render(request, "members/widgets/member_options.html", context)
