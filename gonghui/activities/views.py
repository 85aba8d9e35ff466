from datetime import date, timedelta
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.activities import calendar as activity_calendar
from gonghui.activities import exports, planning, services, tasks
from gonghui.activities.forms import (
    ActivityForm,
    ContestForm,
    EntrantForm,
    FileForm,
    LinkItemForm,
    MemberChoiceForm,
    PhotoForm,
    ResultForm,
)
from gonghui.activities.metrics import count_by_category
from gonghui.activities.models import (
    Activity,
    ActivityFile,
    ActivityPhoto,
    Attendance,
    AttendanceStatus,
    Category,
    CheckInMethod,
    Contest,
    Entrant,
)
from gonghui.core import access, uploads
from gonghui.core.pagination import paginate
from gonghui.core.tasks import file_response, finished_file, start_progress, started_by
from gonghui.members.models import Member, MemberStatus
from gonghui.metrics import registry
from gonghui.plans.models import ScheduleItem

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CANDIDATES_SHOWN = 100
OVERVIEW_METRICS = [
    "activities.count",
    "activities.participation_rate",
    "activities.attendance",
    "activities.cost",
]


def _year(params) -> int:
    value = params.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _candidates(user, activity):
    """Members this user may sign up for the activity: those in its org subtree the user may change."""
    members = Member.objects.in_subtree(activity.org).filter(
        status__in=[MemberStatus.ACTIVE, MemberStatus.RETIRED]
    )
    return access.scope(user, members, access.CHANGE).select_related("org").order_by("name_pinyin")


def _own_member(user):
    return getattr(user, "member", None)


def _error_text(error: ValidationError) -> str:
    return "；".join(error.messages)


# --- lists -------------------------------------------------------------------------------------------


@login_required
def index(request):
    if request.org is None:
        raise Http404("没有可查看的组织。")
    return redirect("activities:list", org_code=request.org.code)


@login_required
def activity_list(request, org_code):
    org = access.get_org_for(request.user, org_code)
    year = _year(request.GET)
    activities = access.scope(request.user, Activity.objects.for_org(org).in_year(year)).with_figures()
    category = request.GET.get("category", "")
    if category in Category.values:
        activities = activities.filter(category=category)
    start, end = date(year, 1, 1), date(year, 12, 31)
    context = {
        "org": org,
        "year": year,
        "years": range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1),
        "category": category,
        "categories": Category.choices,
        "page_obj": paginate(request, activities.order_by("-start"), 20),
        "figures": [registry.compute(key, org, start, end) for key in OVERVIEW_METRICS],
        "by_category": count_by_category(org.subtree(), start, end),
        "can_change": access.can(request.user, access.CHANGE, org),
        "can_export": access.can(request.user, access.VIEW, org),
        "own_member": _own_member(request.user),
        "query": f"year={year}&category={category}",
    }
    if context["can_change"]:
        horizon = timezone.localdate() + timedelta(days=31)
        context["plan_items"] = [i for i in planning.open_items(org, year) if i.start_date <= horizon]
    return render(request, "activities/list.html", context)


@login_required
def calendar_view(request, org_code):
    org = access.get_org_for(request.user, org_code)
    month = activity_calendar.parse_month(request.GET.get("month", ""))
    days = activity_calendar.month_agenda(request.user, org, month)
    context = {
        "org": org,
        "month": month,
        "previous": activity_calendar.shift(month, -1),
        "next": activity_calendar.shift(month, 1),
        "days": days,
    }
    return render(request, "activities/calendar.html", context)


@login_required
@require_POST
def ledger(request, org_code):
    """Start the year's ledger as a background task; the page polls its progress and links the file."""
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.VIEW, org)  # officers and inspectors; not the member role
    year = _year(request.POST)
    progress = start_progress(kind=tasks.LEDGER_KIND, org=org, user=request.user)
    tasks.build_ledger.enqueue(str(progress.pk), request.user.pk, org.pk, year)
    # post/redirect/get: reloading the progress page must not start the ledger again
    page = reverse("activities:ledger_progress", kwargs={"taskprogress_id": progress.pk})
    return redirect(f"{page}?year={year}")


@login_required
def ledger_progress(request, taskprogress_id):
    progress = started_by(request.user, taskprogress_id, kind=tasks.LEDGER_KIND)
    context = {"org": progress.org, "year": _year(request.GET), "progress": progress}
    return render(request, "activities/ledger.html", context)


@login_required
def ledger_download(request, taskprogress_id):
    progress = finished_file(request.user, taskprogress_id, kind=tasks.LEDGER_KIND)
    return file_response(progress, f"{progress.org.name}{progress.result.get('year', '')}年活动台帐.xlsx")


# --- one activity --------------------------------------------------------------------------------------


@login_required
def create(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.CHANGE)
    form = ActivityForm(request.POST or None, org=org)
    if request.method == "POST" and form.is_valid():
        form.instance.org = org
        form.instance.created_by = request.user
        activity = form.save()
        messages.success(request, f"已建立活动：{activity.title}")
        return redirect("activities:detail", activity_id=activity.pk)
    return render(request, "activities/form.html", {"form": form, "org": org, "title": "新建活动"})


@login_required
def create_from_item(request, scheduleitem_id):
    """ "Record the activity" for a schedule item: a prefilled form; saving marks the item done."""
    item = access.get_object_for(
        request.user,
        ScheduleItem.objects.select_related("plan", "org"),
        action=access.CHANGE,
        id=scheduleitem_id,
    )
    form = ActivityForm(request.POST or None, org=item.org, initial=planning.initial_for(item))
    if request.method == "POST" and form.is_valid():
        try:
            activity = planning.record_activity_for_item(item=item, form=form, by=request.user)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, f"已登记活动，计划事项「{item.text}」已标记完成。")
            return redirect("activities:detail", activity_id=activity.pk)
    context = {"form": form, "org": item.org, "item": item, "title": f"登记活动：{item.text}"}
    return render(request, "activities/form.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def link_item(request, activity_id):
    activity = access.get_object_for(request.user, Activity, action=access.CHANGE, id=activity_id)
    year = timezone.localtime(activity.start).year
    form = LinkItemForm(request.POST, items=planning.open_items(activity.org, year))
    if form.is_valid():
        try:
            planning.link_to_item(activity=activity, item=form.cleaned_data["item"], by=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, f"计划事项「{form.cleaned_data['item'].text}」已标记完成。")
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("activities:detail", activity_id=activity.pk)


@login_required
def edit(request, activity_id):
    activity = access.get_object_for(request.user, Activity, action=access.CHANGE, id=activity_id)
    form = ActivityForm(request.POST or None, instance=activity, org=activity.org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "已保存。")
        return redirect("activities:detail", activity_id=activity.pk)
    return render(
        request,
        "activities/form.html",
        {"form": form, "org": activity.org, "activity": activity, "title": f"编辑「{activity.title}」"},
    )


@login_required
def detail(request, activity_id):
    activity = access.get_object_for(request.user, Activity.objects.with_figures(), id=activity_id)
    member = _own_member(request.user)
    context = {
        "activity": activity,
        "org": activity.org,
        "can_change": access.can(request.user, access.CHANGE, activity.org),
        "can_sign_up_others": _candidates(request.user, activity).exists(),
        "own": activity.attendances.filter(member=member).first() if member else None,
        "own_member": member,
        "photos": access.scope(request.user, activity.photos.all()),
        "files": access.scope(request.user, activity.files.all()),
        "contests": access.scope(request.user, activity.contests.all()),
        "roster": access.scope(request.user, activity.attendances.roster()),
        "photo_form": PhotoForm(),
        "file_form": FileForm(),
        "plan_items": planning.items_proved_by(activity),
    }
    if context["can_change"]:
        year = timezone.localtime(activity.start).year
        context["link_form"] = LinkItemForm(items=planning.open_items(activity.org, year))
    return render(request, "activities/detail.html", context)


@login_required
def roster(request, activity_id):
    activity = access.get_object_for(request.user, Activity.objects.with_figures(), id=activity_id)
    candidates = _candidates(request.user, activity)
    if not candidates.exists():
        access.require(request.user, access.CHANGE, activity.org)
    rows = access.scope(request.user, activity.attendances.roster(), access.CHANGE)
    taken = activity.attendances.active().values("member_id")
    q = request.GET.get("q", "")[:50]
    offered = candidates.exclude(pk__in=taken).search(q)
    context = {
        "activity": activity,
        "org": activity.org,
        "rows": rows,
        "q": q,
        # A big union's roster does not fit one page of checkboxes: the first ones, then search.
        "form": MemberChoiceForm(candidates=offered[:CANDIDATES_SHOWN]),
        "more": offered[CANDIDATES_SHOWN : CANDIDATES_SHOWN + 1].exists(),
    }
    return render(request, "activities/roster.html", context)


@login_required
@require_POST
def sign_up_members(request, activity_id):
    activity = access.get_object_for(request.user, Activity, id=activity_id)
    candidates = _candidates(request.user, activity)
    if not candidates.exists():
        access.require(request.user, access.CHANGE, activity.org)
    form = MemberChoiceForm(request.POST, candidates=candidates)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("activities:roster", activity_id=activity.pk)
    for member in form.cleaned_data["members"]:
        try:
            attendance = services.sign_up(activity=activity, member=member, by=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _signed_up_message(attendance))
    return redirect("activities:roster", activity_id=activity.pk)


def _signed_up_message(attendance) -> str:
    if attendance.status == AttendanceStatus.WAITING:
        return f"名额已满，{attendance.member.name}已列入候补（第 {attendance.waiting_position()} 位）。"
    return f"{attendance.member.name}报名成功。"


@login_required
@require_POST
def sign_up_self(request, activity_id):
    activity = access.get_object_for(request.user, Activity, id=activity_id)
    member = _own_member(request.user)
    if member is None:
        messages.error(request, "您的账号没有关联会员档案，请联系工会代为报名。")
        return redirect("activities:detail", activity_id=activity.pk)
    try:
        attendance = services.sign_up(activity=activity, member=member, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _signed_up_message(attendance).replace(member.name, "您", 1))
    return redirect("activities:detail", activity_id=activity.pk)


@login_required
@require_POST
def cancel(request, attendance_id):
    attendance = access.get_object_for(request.user, Attendance, id=attendance_id)
    own = attendance.member.user_id == request.user.pk
    if not own:
        access.require(request.user, access.CHANGE, attendance.org)
    try:
        promoted = services.cancel_sign_up(attendance=attendance, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"已取消{attendance.member.name}的报名。")
        for row in promoted:
            messages.info(request, f"{row.member.name}已从候补转为正式报名。")
    if own and not access.can(request.user, access.CHANGE, attendance.org):
        return redirect("activities:detail", activity_id=attendance.activity_id)
    return redirect("activities:roster", activity_id=attendance.activity_id)


@login_required
@require_POST
def tap_check_in(request, attendance_id):
    attendance = access.get_object_for(request.user, Attendance, action=access.CHANGE, id=attendance_id)
    try:
        attendance = services.check_in(
            activity=attendance.activity, member=attendance.member, method=CheckInMethod.TAP, by=request.user
        )
    except ValidationError as error:
        return _row_or_redirect(request, attendance, _error_text(error))
    return _row_or_redirect(request, attendance)


@login_required
@require_POST
def undo_check_in(request, attendance_id):
    attendance = access.get_object_for(request.user, Attendance, action=access.CHANGE, id=attendance_id)
    attendance = services.undo_check_in(attendance=attendance, by=request.user)
    return _row_or_redirect(request, attendance)


def _row_or_redirect(request, attendance, error=""):
    if request.htmx:
        return render(request, "activities/roster.html#row", {"row": attendance, "error": error})
    if error:
        messages.error(request, error)
    return redirect("activities:roster", activity_id=attendance.activity_id)


# --- QR check-in ------------------------------------------------------------------------------------------


@login_required
def qr_page(request, activity_id):
    activity = access.get_object_for(request.user, Activity, action=access.CHANGE, id=activity_id)
    token = services.check_in_token(activity)
    return render(
        request,
        "activities/qr.html",
        {
            "activity": activity,
            "org": activity.org,
            "token": token,
            "url": _scan_url(request, activity, token),
        },
    )


@login_required
def qr_image(request, activity_id):
    activity = access.get_object_for(request.user, Activity, action=access.CHANGE, id=activity_id)
    token = request.GET.get("t") or services.check_in_token(activity)
    try:
        services.verify_check_in_token(activity=activity, token=token)
    except ValidationError:
        token = services.check_in_token(activity)
    return HttpResponse(exports.qr_svg(_scan_url(request, activity, token)), content_type="image/svg+xml")


def _scan_url(request, activity, token):
    return (
        request.build_absolute_uri(reverse("activities:scan", kwargs={"activity_id": activity.pk}))
        + f"?t={token}"
    )


@login_required
def scan(request, activity_id):
    """Where a member's phone lands after scanning: a confirm button (a GET must not change anything)."""
    activity = access.get_object_for(request.user, Activity, id=activity_id)
    token = request.POST.get("t") or request.GET.get("t", "")
    member = _own_member(request.user)
    error = None
    if request.method == "POST":
        if member is None:
            error = "您的账号没有关联会员档案，无法扫码签到，请找工作人员点名签到。"
        else:
            try:
                services.check_in_by_qr(activity=activity, token=token, member=member, by=request.user)
            except ValidationError as problem:
                error = _error_text(problem)
            else:
                messages.success(request, f"签到成功：{activity.title}")
                return redirect("activities:detail", activity_id=activity.pk)
    else:
        try:
            services.verify_check_in_token(activity=activity, token=token)
        except ValidationError as problem:
            error = _error_text(problem)
    status = 422 if error and request.method == "POST" else 200
    return render(
        request,
        "activities/scan.html",
        {"activity": activity, "org": activity.org, "token": token, "error": error},
        status=status,
    )


# --- paper days ------------------------------------------------------------------------------------------


@login_required
def sign_in_sheet(request, activity_id):
    activity = access.get_object_for(request.user, Activity, action=access.CHANGE, id=activity_id)
    rows = access.scope(request.user, activity.attendances.roster(), access.CHANGE)
    return render(request, "activities/sheet.html", {"activity": activity, "org": activity.org, "rows": rows})


@login_required
def paper_attendance(request, activity_id):
    activity = access.get_object_for(request.user, Activity, id=activity_id)
    candidates = _candidates(request.user, activity)
    if not candidates.exists():
        access.require(request.user, access.CHANGE, activity.org)
    form = MemberChoiceForm(request.POST if request.method == "POST" else None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.record_paper_attendance(
                activity=activity, members=form.cleaned_data["members"], by=request.user
            )
        except ValidationError as error:
            form.add_error("members", _error_text(error))
        else:
            messages.success(request, f"已录入纸质签到 {len(rows)} 人。")
            return redirect("activities:roster", activity_id=activity.pk)
    attended = set(activity.attendances.attended().values_list("member_id", flat=True))
    signed_up = set(activity.attendances.active().values_list("member_id", flat=True))
    return render(
        request,
        "activities/paper.html",
        {
            "activity": activity,
            "org": activity.org,
            "form": form,
            "candidates": _paper_candidates(candidates, signed_up, request.GET.get("q", "")[:50]),
            "q": request.GET.get("q", "")[:50],
            "attended": attended,
            "signed_up": signed_up,
        },
        status=422 if form.errors else 200,
    )


def _paper_candidates(candidates, signed_up, q):
    """Those who signed up, or the search results when looking for someone who came unannounced."""
    if q:
        return candidates.search(q)[:CANDIDATES_SHOWN]
    return candidates.filter(pk__in=signed_up)


# --- photos and files -------------------------------------------------------------------------------------


@login_required
@require_POST
def upload_photos(request, activity_id):
    activity = access.get_object_for(request.user, Activity, action=access.CHANGE, id=activity_id)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        for upload in form.cleaned_data["photos"]:
            services.add_photo(
                activity=activity, upload=upload, caption=form.cleaned_data["caption"], by=request.user
            )
        messages.success(request, f"已上传 {len(form.cleaned_data['photos'])} 张照片。")
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect(reverse("activities:detail", kwargs={"activity_id": activity.pk}) + "#photos")


@login_required
def photo(request, activityphoto_id):
    found = access.get_object_for(request.user, ActivityPhoto, id=activityphoto_id)
    field = {"thumb": found.thumbnail, "full": found.image}.get(request.GET.get("size"), found.display)
    return uploads.serve_upload(field or found.image)


@login_required
@require_POST
def delete_photo(request, activityphoto_id):
    found = access.get_object_for(request.user, ActivityPhoto, action=access.CHANGE, id=activityphoto_id)
    found.delete()
    messages.success(request, "照片已删除。")
    return redirect(reverse("activities:detail", kwargs={"activity_id": found.activity_id}) + "#photos")


@login_required
@require_POST
def upload_file(request, activity_id):
    activity = access.get_object_for(request.user, Activity, action=access.CHANGE, id=activity_id)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        services.add_file(
            activity=activity,
            upload=form.cleaned_data["file"],
            by=request.user,
        )
        messages.success(request, "附件已上传。")
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect(reverse("activities:detail", kwargs={"activity_id": activity.pk}) + "#files")


@login_required
def download_file(request, activityfile_id):
    found = access.get_object_for(request.user, ActivityFile, id=activityfile_id)
    return uploads.serve_upload(found.file, download_name=found.name)


@login_required
def record_docx(request, activity_id):
    activity = access.get_object_for(request.user, Activity, id=activity_id)
    attended = access.scope(request.user, activity.attendances.attended()).count()
    content = exports.record_docx(activity=activity, attended=attended)
    return _download(content, f"活动记录-{activity.title}.docx", DOCX)


# --- contests ------------------------------------------------------------------------------------------------


@login_required
def contest_create(request, activity_id):
    activity = access.get_object_for(request.user, Activity, action=access.CHANGE, id=activity_id)
    form = ContestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.activity = activity
        form.instance.org = activity.org
        contest = form.save()
        messages.success(request, f"已添加竞赛项目：{contest.name}")
        return redirect("activities:contest", contest_id=contest.pk)
    return render(
        request,
        "activities/form.html",
        {
            "form": form,
            "org": activity.org,
            "activity": activity,
            "title": f"为「{activity.title}」添加竞赛项目",
        },
    )


@login_required
def contest_detail(request, contest_id):
    contest = access.get_object_for(request.user, Contest.objects.select_related("activity"), id=contest_id)
    can_change = access.can(request.user, access.CHANGE, contest.org)
    context = {
        "contest": contest,
        "activity": contest.activity,
        "org": contest.org,
        "entrants": contest.entrants.ranked(),
        "can_change": can_change,
        "entrant_form": EntrantForm(candidates=_candidates(request.user, contest.activity))
        if can_change
        else None,
    }
    return render(request, "activities/contest.html", context)


@login_required
@require_POST
def add_entrant(request, contest_id):
    contest = access.get_object_for(request.user, Contest, action=access.CHANGE, id=contest_id)
    form = EntrantForm(request.POST, candidates=_candidates(request.user, contest.activity))
    if form.is_valid():
        try:
            entrant = services.add_entrant(contest=contest, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, f"已添加参赛者：{entrant.display_name}")
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("activities:contest", contest_id=contest.pk)


@login_required
@require_POST
def record_result(request, entrant_id):
    entrant = access.get_object_for(
        request.user, Entrant.objects.select_related("contest"), action=access.CHANGE, id=entrant_id
    )
    form = ResultForm(request.POST, contest=entrant.contest)
    if form.is_valid():
        services.record_result(entrant=entrant, by=request.user, **form.cleaned_data)
        messages.success(request, f"已录入{entrant.display_name}的成绩。")
    else:
        messages.error(
            request,
            f"{entrant.display_name}：" + "；".join(e for errors in form.errors.values() for e in errors),
        )
    return redirect("activities:contest", contest_id=entrant.contest_id)


@login_required
def contest_export(request, contest_id):
    contest = access.get_object_for(request.user, Contest.objects.select_related("activity"), id=contest_id)
    return _download(
        exports.contest_xlsx(contest=contest), f"{contest.activity.title}-{contest.name}-成绩.xlsx", XLSX
    )


# --- a member's activities (the tab on the member's page) ----------------------------------------------------


@login_required
def member_activities(request, member_id):
    member = access.get_object_for(request.user, Member, id=member_id)
    rows = access.scope(request.user, Attendance.objects.for_member(member))
    template = "activities/member_tab.html#tab" if request.htmx else "activities/member_tab.html"
    return render(request, template, {"member": member, "rows": rows, "org": member.org})
