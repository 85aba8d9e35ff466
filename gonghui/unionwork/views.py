"""Pages of the union's own work: fetch through core/access.py, validate with a form, call a service."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.activities.models import Activity
from gonghui.core import access
from gonghui.core.forms import run_service
from gonghui.core.pagination import paginate
from gonghui.core.uploads import serve_upload
from gonghui.members import picker
from gonghui.members.models import Member
from gonghui.metrics import registry
from gonghui.orgs.models import Officer, Org, OrgKind
from gonghui.unionwork import forms, planning, services
from gonghui.unionwork.models import (
    Decision,
    Honour,
    HonourObjection,
    HonourRound,
    HonourStatus,
    Meeting,
    MeetingKind,
    NewsReport,
    ReportStatus,
    StudySession,
    officer_hours,
)

FIGURES = [
    "unionwork.meetings",
    "unionwork.meetings.committee",
    "unionwork.study_sessions",
    "unionwork.study_hours",
    "unionwork.honours",
    "unionwork.reports_submitted",
    "unionwork.reports_adopted",
    "unionwork.decisions_done_rate",
]


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)


def _officers(org):
    """Officers of the org's union (and of the org itself), serving now."""
    union = org.union() or org
    return Officer.objects.filter(org__in=[union, org], term__end_on__gte=timezone.localdate()).order_by(
        "post", "name"
    )


def _org_for(user, org_code, action=access.VIEW):
    """The org, for its officers and those above: a member sees only their own honours here."""
    org = access.get_org_for(user, org_code)
    access.require(user, action, org)
    return org


def _form_page(request, form, org, title, multipart=False):
    return render(
        request, "unionwork/form.html", {"form": form, "org": org, "title": title, "multipart": multipart}
    )


@login_required
def index(request):
    if request.org is None:
        raise Http404("您还没有任何组织的角色。")
    return redirect("unionwork:overview", org_code=request.org.code)


@login_required
def overview(request, org_code):
    org = _org_for(request.user, org_code, access.VIEW)
    year = _year(request)
    start, end = date(year, 1, 1), date(year, 12, 31)
    today = timezone.localdate()
    decisions = access.scope(request.user, Decision.objects.in_subtree(org)).open().select_related("meeting")
    context = {
        "org": org,
        "year": year,
        "figures": [registry.compute(key, org, start, end) for key in FIGURES],
        "rhythms": planning.rhythms(org, year, today=today),
        "decisions": decisions.order_by("due_on")[:20],
        "today": today,
        "can_change": access.can(request.user, access.CHANGE, org),
        "meetings": access.scope(request.user, Meeting.objects.in_subtree(org)).for_list()[:5],
    }
    return render(request, "unionwork/overview.html", context)


# ---- meetings -----------------------------------------------------------------------------


@login_required
def meeting_list(request, org_code):
    org = _org_for(request.user, org_code, access.VIEW)
    meetings = access.scope(request.user, Meeting.objects.in_subtree(org)).for_list()
    kind = request.GET.get("kind", "")
    if kind in MeetingKind.values:
        meetings = meetings.filter(kind=kind)
    meetings = meetings.annotate(
        open_decisions=Count("decisions", filter=Q(decisions__done_on__isnull=True)),
    )
    context = {
        "org": org,
        "page_obj": paginate(request, meetings),
        "kinds": MeetingKind.choices,
        "kind": kind,
        "can_change": access.can(request.user, access.CHANGE, org),
    }
    return render(request, "unionwork/meeting_list.html", context)


def _meeting_fields(data):
    names = ["kind", "title", "held_on", "place", "host", "recorder", "officers", "delegates", "invited"]
    names += ["absent", "attendance", "agenda", "minutes", "minutes_scan"]
    return {name: data[name] for name in names}


@login_required
def meeting_create(request, org_code):
    org = _org_for(request.user, org_code, access.CHANGE)
    form = forms.MeetingForm(request.POST or None, request.FILES or None, officers=_officers(org))
    if not request.POST:
        kind = request.GET.get("kind", "")
        if kind in MeetingKind.values:
            form.initial.update(
                {"kind": kind, "title": f"{timezone.localdate():%Y年%-m月}{MeetingKind(kind).label}"}
            )
    if request.method == "POST" and form.is_valid():
        fields = _meeting_fields(form.cleaned_data)
        meeting = run_service(form, services.record_meeting, org=org, by=request.user, **fields)
        if meeting:
            messages.success(request, "会议已登记。")
            return redirect("unionwork:meeting", meeting_id=meeting.pk)
    return _form_page(request, form, org, "登记会议", multipart=True)


@login_required
def meeting_detail(request, meeting_id):
    meeting = access.get_object_for(request.user, Meeting, id=meeting_id)
    can_change = access.can(request.user, access.CHANGE, meeting.org)
    context = {
        "meeting": meeting,
        "org": meeting.org,
        "decisions": meeting.decisions.select_related("done_by"),
        "can_change": can_change,
        "decision_form": forms.DecisionForm(prefix="decision") if can_change else None,
        "done_form": forms.DecisionDoneForm(prefix="done") if can_change else None,
        "today": timezone.localdate(),
    }
    return render(request, "unionwork/meeting_detail.html", context)


@login_required
def meeting_edit(request, meeting_id):
    meeting = access.get_object_for(request.user, Meeting, action=access.CHANGE, id=meeting_id)
    initial = {
        f.name: getattr(meeting, f.name)
        for f in Meeting._meta.fields
        if f.name in forms.MeetingForm.base_fields
    }
    initial.pop("minutes_scan", None)
    initial["officers"] = list(meeting.officers.values_list("pk", flat=True))
    form = forms.MeetingForm(
        request.POST or None, request.FILES or None, officers=_officers(meeting.org), initial=initial
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            services.update_meeting,
            meeting=meeting,
            by=request.user,
            **_meeting_fields(form.cleaned_data),
        )
    ):
        messages.success(request, "会议记录已保存。")
        return redirect("unionwork:meeting", meeting_id=meeting.pk)
    return _form_page(request, form, meeting.org, f"修改会议：{meeting.title}", multipart=True)


@login_required
def meeting_scan(request, meeting_id):
    meeting = access.get_object_for(request.user, Meeting, id=meeting_id)
    if not meeting.minutes_scan:
        raise Http404("没有扫描件。")
    return serve_upload(meeting.minutes_scan)


@login_required
@require_POST
def decision_add(request, meeting_id):
    meeting = access.get_object_for(request.user, Meeting, action=access.CHANGE, id=meeting_id)
    form = forms.DecisionForm(request.POST, prefix="decision")
    if form.is_valid() and run_service(
        form, services.add_decision, meeting=meeting, by=request.user, **form.cleaned_data
    ):
        messages.success(request, "决定事项已添加。")
        return redirect("unionwork:meeting", meeting_id=meeting.pk)
    return _form_page(request, form, meeting.org, f"添加决定事项：{meeting.title}")


@login_required
@require_POST
def decision_done(request, decision_id):
    decision = access.get_object_for(request.user, Decision, action=access.CHANGE, id=decision_id)
    form = forms.DecisionDoneForm(request.POST, prefix="done")
    if form.is_valid() and run_service(
        form, services.complete_decision, decision=decision, by=request.user, **form.cleaned_data
    ):
        messages.success(request, f"“{decision.text}”已标记完成。")
        return redirect("unionwork:meeting", meeting_id=decision.meeting_id)
    return _form_page(request, form, decision.org, f"决定事项完成：{decision.text}")


# ---- study --------------------------------------------------------------------------------


@login_required
def study_list(request, org_code):
    org = _org_for(request.user, org_code, access.VIEW)
    year = _year(request)
    sessions = access.scope(request.user, StudySession.objects.in_subtree(org)).for_list()
    of_year = sessions.filter(held_on__year=year)
    context = {
        "org": org,
        "year": year,
        "page_obj": paginate(request, sessions),
        "hours": officer_hours(of_year),
        "can_change": access.can(request.user, access.CHANGE, org),
    }
    return render(request, "unionwork/study_list.html", context)


@login_required
def study_create(request, org_code):
    org = _org_for(request.user, org_code, access.CHANGE)
    form = forms.StudyForm(request.POST or None, request.FILES or None, officers=_officers(org))
    if request.method == "POST" and form.is_valid():
        session = run_service(form, services.record_study, org=org, by=request.user, **form.cleaned_data)
        if session:
            messages.success(request, "学习已登记。")
            return redirect("unionwork:study", studysession_id=session.pk)
    return _form_page(request, form, org, "登记学习", multipart=True)


@login_required
def study_detail(request, studysession_id):
    session = access.get_object_for(request.user, StudySession, id=studysession_id)
    return render(request, "unionwork/study_detail.html", {"session": session, "org": session.org})


@login_required
def study_materials(request, studysession_id):
    session = access.get_object_for(request.user, StudySession, id=studysession_id)
    if not session.materials_file:
        raise Http404("没有材料附件。")
    return serve_upload(session.materials_file)


# ---- honours ------------------------------------------------------------------------------


@login_required
def honour_list(request, org_code):
    org = _org_for(request.user, org_code, access.VIEW)
    honours = access.scope(request.user, Honour.objects.in_subtree(org)).for_list()
    status = request.GET.get("status", "")
    if status in HonourStatus.values:
        honours = honours.filter(status=status)
    today = timezone.localdate()
    rounds = access.scope(request.user, HonourRound.objects.in_subtree(org)).select_related("org")
    context = {
        "org": org,
        "page_obj": paginate(request, honours),
        "statuses": HonourStatus.choices,
        "status": status,
        "open_rounds": [r for r in rounds if r.open_on(today)],
        "rounds": rounds[:10],
        "can_change": access.can(request.user, access.CHANGE, org),
    }
    return render(request, "unionwork/honour_list.html", context)


@login_required
def round_create(request, org_code):
    org = _org_for(request.user, org_code, access.CHANGE)
    form = forms.RoundForm(request.POST or None, initial={"year": timezone.localdate().year})
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(form, services.open_round, org=org, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, "评先推优已发起，可以开始推荐。")
        return redirect("unionwork:honour_list", org_code=org.code)
    return _form_page(request, form, org, "发起评先推优")


def _honour_members(user, org):
    # A member who has since left keeps the honours they earned: the record is history.
    return access.scope(user, Member.objects.in_subtree(org), access.CHANGE).select_related("org")


@login_required
def nominate(request, honourround_id):
    round = access.get_object_for(request.user, HonourRound, action=access.CHANGE, id=honourround_id)
    form = forms.NominationForm(
        request.POST or None, members=picker.pickable(request.user, round.org), org=round.org
    )
    if request.method == "POST" and form.is_valid():
        honour = run_service(form, services.nominate, round=round, by=request.user, **form.cleaned_data)
        if honour:
            messages.success(request, f"已推荐{honour.holder}。")
            return redirect("unionwork:honour", honour_id=honour.pk)
    return _form_page(request, form, round.org, f"推荐：{round.name}")


@login_required
def honour_create(request, org_code):
    org = _org_for(request.user, org_code, access.CHANGE)
    form = forms.HonourForm(
        request.POST or None,
        members=_honour_members(request.user, org),
        org=org,
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        honour = run_service(form, services.record_honour, org=org, by=request.user, **form.cleaned_data)
        if honour:
            messages.success(request, "荣誉已登记。")
            return redirect("unionwork:honour", honour_id=honour.pk)
    return _form_page(request, form, org, "登记获得的荣誉")


@login_required
def honour_detail(request, honour_id):
    honour = access.get_object_for(request.user, Honour, id=honour_id)
    can_change = access.can(request.user, access.CHANGE, honour.org)
    context = {
        "honour": honour,
        "org": honour.org,
        "can_change": can_change,
        "decide_form": forms.DecideForm() if can_change and honour.status == HonourStatus.NOMINATED else None,
        "publicise_form": forms.PubliciseForm()
        if can_change and honour.status == HonourStatus.APPROVED
        else None,
        "award_form": forms.AwardForm() if can_change and honour.status == HonourStatus.PUBLICITY else None,
        "objections": access.scope(request.user, honour.objections.select_related("member", "answered_by")),
        "alongside": access.scope(request.user, Honour.objects.alongside(honour)).order_by(
            "nominated_on", "created_at"
        ),
        "answer_form": forms.ObjectionAnswerForm() if can_change else None,
    }
    return render(request, "unionwork/honour_detail.html", context)


def _honour_step(request, honour_id, form_class, service, done_message):
    honour = access.get_object_for(request.user, Honour, action=access.CHANGE, id=honour_id)
    form = form_class(request.POST)
    if form.is_valid() and run_service(form, service, honour=honour, by=request.user, **form.cleaned_data):
        messages.success(request, done_message)
        return redirect("unionwork:honour", honour_id=honour.pk)
    return _form_page(request, form, honour.org, str(honour))


@login_required
@require_POST
def honour_decide(request, honour_id):
    return _honour_step(request, honour_id, forms.DecideForm, services.decide, "评议结果已登记。")


@login_required
@require_POST
def honour_publicise(request, honour_id):
    return _honour_step(request, honour_id, forms.PubliciseForm, services.publicise, "已进入公示。")


@login_required
@require_POST
def honour_award(request, honour_id):
    return _honour_step(request, honour_id, forms.AwardForm, services.award, "已表彰。")


@login_required
@require_POST
def objection_answer(request, honourobjection_id):
    objection = access.get_object_for(
        request.user, HonourObjection, action=access.CHANGE, id=honourobjection_id
    )
    form = forms.ObjectionAnswerForm(request.POST)
    if form.is_valid() and run_service(
        form, services.answer_objection, objection=objection, by=request.user, **form.cleaned_data
    ):
        messages.success(request, "核实情况已登记。")
        return redirect("unionwork:honour", honour_id=objection.honour_id)
    return _form_page(request, form, objection.org, str(objection))


# ---- 评先推优 online: what a member does on their phone --------------------------------------


@login_required
def my_honours(request):
    """A member's 评先推优: the rounds taking nominations, the publicity list (公示), and their own
    nominations and objections."""
    today = timezone.localdate()
    rounds = access.as_member(request.user, HonourRound.objects.taking_nominations(today))
    objections = access.scope(
        request.user, HonourObjection.objects.filter(member__user=request.user)
    ).select_related("honour__member")
    context = {
        "org": request.org,
        "is_member": bool(access.member_orgs(request.user)),
        "rounds": rounds.select_related("org").order_by("closes_on"),
        "publicity": access.as_member(request.user, Honour.objects.on_publicity(today)).for_list(),
        "mine": Honour.objects.filter(nominator__user=request.user).for_list()[:30],
        "objections": objections,
        "objected": {o.honour_id for o in objections},
        "today": today,
    }
    return render(request, "unionwork/my_honours.html", context)


def _member_page(request, form, round_or_honour, title):
    context = {"form": form, "org": round_or_honour.org, "title": title, "subject": round_or_honour}
    return render(request, "unionwork/member_form.html", context)


@login_required
def member_nominate(request, honourround_id):
    round = access.get_as_member(request.user, HonourRound.objects, id=honourround_id)
    try:
        nominator = services.member_record(request.user, round.org)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("unionwork:my_honours")
    if request.method == "GET" and not round.open_on(timezone.localdate()):
        messages.error(
            request,
            f"“{round.name}”的推荐时间为 {round.opens_on:%Y-%m-%d} 至 {round.closes_on:%Y-%m-%d}，现在不能推荐。",
        )
        return redirect("unionwork:my_honours")
    form = forms.MemberNominationForm(
        request.POST or None,
        colleagues=Member.objects.active().in_subtree(round.org).select_related("org"),
        groups=Org.objects.filter(path__startswith=round.org.path, kind=OrgKind.GROUP).order_by("path"),
        search_url=reverse("unionwork:colleagues", args=[round.pk]),
        my_group=nominator.org if nominator.org.kind == OrgKind.GROUP else None,
    )
    if request.method == "POST" and form.is_valid():
        honour = run_service(
            form, services.member_nominate, round=round, by=request.user, **form.cleaned_data
        )
        if honour:
            messages.success(request, f"已推荐{honour.holder}，请等待工会委员会评议。")
            return redirect("unionwork:my_honours")
    return _member_page(request, form, round, f"我要推荐：{round.name}")


@login_required
def colleagues(request, honourround_id):
    """The colleague picker's htmx search: names and pinyin only, so no number a member types
    finds a colleague's ID or phone."""
    round = access.get_as_member(request.user, HonourRound.objects, id=honourround_id)
    query = request.GET.get("member-q", request.GET.get("q", "")).strip()[:30]
    found = []
    if query and not any(c.isdigit() for c in query):
        members = Member.objects.active().in_subtree(round.org).search(query)
        found = list(members.select_related("org").order_by("name_pinyin", "id")[:10])
    context = {
        "name": "member",
        "options": forms.colleague_options(found),
        "checked": len(found) == 1,
        "q": query,
    }
    return render(request, "members/widgets/member_options.html", context)


@login_required
def honour_object(request, honour_id):
    """A member objects to an honour on publicity (公示); the committee checks it before the award."""
    honour = access.get_as_member(request.user, Honour.objects.exclude(publicity_start=None), id=honour_id)
    form = forms.ObjectionForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(form, services.lodge_objection, honour=honour, by=request.user, **form.cleaned_data)
    ):
        messages.success(request, "您的异议已提交，工会委员会将核实处理。")
        return redirect("unionwork:my_honours")
    return _member_page(request, form, honour, f"对公示提出异议：{honour.holder}")


@login_required
def member_honours(request, member_id):
    member = access.get_object_for(request.user, Member, id=member_id)
    honours = access.scope(request.user, Honour.objects.filter(member=member)).for_list()
    template = "unionwork/member_tab.html#tab" if request.htmx else "unionwork/member_tab.html"
    return render(request, template, {"member": member, "honours": honours, "org": member.org})


# ---- news reports -------------------------------------------------------------------------


def _activities(user, org):
    return access.scope(user, Activity.objects.in_subtree(org)).order_by("-start")[:50]


@login_required
def report_list(request, org_code):
    org = _org_for(request.user, org_code, access.VIEW)
    reports = access.scope(request.user, NewsReport.objects.filter(org=org)).current().for_list()
    context = {
        "org": org,
        "page_obj": paginate(request, reports),
        "can_change": access.can(request.user, access.CHANGE, org),
    }
    return render(request, "unionwork/report_list.html", context)


@login_required
def report_create(request, org_code):
    org = _org_for(request.user, org_code, access.CHANGE)
    activities = Activity.objects.filter(pk__in=[a.pk for a in _activities(request.user, org)])
    form = forms.ReportForm(request.POST or None, request.FILES or None, activities=activities)
    if request.method == "POST" and form.is_valid():
        report = run_service(form, services.write_report, org=org, by=request.user, **form.cleaned_data)
        if report:
            messages.success(request, "信息已保存为草稿，核对后请报送。")
            return redirect("unionwork:report", newsreport_id=report.pk)
    return _form_page(request, form, org, "撰写信息", multipart=True)


def _may_adopt(user, report) -> bool:
    """Adoption is the upper federation's call, never the writing union's."""
    parent = report.org.get_parent()
    return parent is not None and access.can(user, access.CHANGE, parent)


@login_required
def report_detail(request, newsreport_id):
    report = access.get_object_for(request.user, NewsReport, id=newsreport_id)
    versions = []
    step = report
    while step.previous_id:
        step = step.previous
        versions.append(step)
    context = {
        "report": report,
        "org": report.org,
        "versions": versions,
        "newer": getattr(report, "next_version", None),
        "can_change": access.can(request.user, access.CHANGE, report.org),
        "adopt_form": forms.AdoptForm()
        if report.status == ReportStatus.SUBMITTED and _may_adopt(request.user, report)
        else None,
    }
    return render(request, "unionwork/report_detail.html", context)


@login_required
def report_edit(request, newsreport_id):
    report = access.get_object_for(request.user, NewsReport, action=access.CHANGE, id=newsreport_id)
    activities = Activity.objects.filter(pk__in=[a.pk for a in _activities(request.user, report.org)])
    initial = {"title": report.title, "body": report.body, "activity": report.activity_id}
    form = forms.ReportForm(
        request.POST or None, request.FILES or None, activities=activities, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, services.edit_report, report=report, by=request.user, **form.cleaned_data)
        if saved:
            if saved.pk != report.pk:
                messages.info(request, "原稿已被采用并保留；修改后的内容为新版本，请重新报送。")
            else:
                messages.success(request, "信息已保存。")
            return redirect("unionwork:report", newsreport_id=saved.pk)
    return _form_page(request, form, report.org, f"修改信息：{report.title}", multipart=True)


@login_required
@require_POST
def report_submit(request, newsreport_id):
    report = access.get_object_for(request.user, NewsReport, action=access.CHANGE, id=newsreport_id)
    try:
        services.submit_report(report=report, by=request.user)
        messages.success(request, "已报送上级工会。")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("unionwork:report", newsreport_id=report.pk)


@login_required
@require_POST
def report_adopt(request, newsreport_id):
    report = access.get_object_for(request.user, NewsReport, action=access.CHANGE, id=newsreport_id)
    if not _may_adopt(request.user, report):
        raise PermissionDenied("只有上级工会可以采用报送的信息。")
    form = forms.AdoptForm(request.POST)
    if form.is_valid() and run_service(
        form, services.adopt_report, report=report, by=request.user, **form.cleaned_data
    ):
        messages.success(request, "已采用。")
        return redirect("unionwork:report", newsreport_id=report.pk)
    return _form_page(request, form, report.org, f"采用：{report.title}")


@login_required
def report_photo(request, newsreport_id):
    report = access.get_object_for(request.user, NewsReport, id=newsreport_id)
    if not report.photo:
        raise Http404("没有照片。")
    return serve_upload(report.photo)


@login_required
def incoming(request, org_code):
    """What the unions below sent up: the federation adopts here, and sees counts by union."""
    org = _org_for(request.user, org_code, access.VIEW)
    year = _year(request)
    below = access.scope(request.user, NewsReport.objects.in_subtree(org).exclude(org=org)).latest_sent()
    waiting = below.filter(status=ReportStatus.SUBMITTED).for_list()
    start, end = date(year, 1, 1), date(year, 12, 31)
    by_union = []
    for child in Org.objects.filter(path__startswith=org.path, depth=org.depth + 1).order_by("path"):
        submitted = registry.compute("unionwork.reports_submitted", child, start, end).value or 0
        adopted = registry.compute("unionwork.reports_adopted", child, start, end).value or 0
        if submitted or adopted:
            by_union.append((child, submitted, adopted))
    context = {
        "org": org,
        "year": year,
        "page_obj": paginate(request, waiting),
        "adopted": below.filter(status=ReportStatus.ADOPTED, adopted_on__year=year).for_list()[:20],
        "by_union": by_union,
    }
    return render(request, "unionwork/incoming.html", context)


@login_required
def board(request, org_code):
    """The public board (宣传栏): the latest reports sent, laid out for printing."""
    org = _org_for(request.user, org_code, access.VIEW)
    reports = access.scope(request.user, NewsReport.objects.in_subtree(org)).latest_sent().for_list()
    return render(request, "unionwork/board.html", {"org": org, "reports": reports[:6]})
