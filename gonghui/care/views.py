"""Care pages: fetch through core/access.py, validate with a form, call a service, render or redirect."""

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.care import forms, ledgers, services, tasks
from gonghui.care.metrics import visits_by_occasion
from gonghui.care.models import (
    Aid,
    Campaign,
    CampaignItem,
    CaseDocument,
    CaseStatus,
    HardshipCase,
    Occasion,
    Occurrence,
    Pairing,
    Step,
    Visit,
)
from gonghui.care.to_visit import who_to_visit
from gonghui.core import access
from gonghui.core.forms import run_service
from gonghui.core.masking import log_access
from gonghui.core.middleware import client_address
from gonghui.core.pagination import paginate
from gonghui.core.tasks import file_response, finished_file, start_progress, started_by
from gonghui.core.uploads import serve_upload
from gonghui.members import picker
from gonghui.members.models import Member
from gonghui.metrics import registry
from gonghui.orgs.models import Officer

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _members(user, org):
    return picker.pickable(user, org)


def _officers(org):
    nearby = services.lineage(org.union() or org)
    return Officer.objects.filter(org__in=nearby, term__end_on__gte=date.today()).order_by("post", "name")


def _year_period(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = date.today().year
    year = min(max(year, 2000), 2100)
    return year, *tasks.year_bounds(year)


@login_required
def index(request):
    if request.org is None:
        raise Http404("您还没有任何组织的角色。")
    if not access.can(request.user, access.VIEW, request.org):
        return redirect("care:report_own")  # a member: the one thing care asks of him
    return redirect("care:overview", org_code=request.org.code)


@login_required
def overview(request, org_code):
    """Roll-up figures: what federation viewers see, and the care officers' starting page."""
    org = access.get_org_for(request.user, org_code)
    # Members do not get the roll-up: in a ten-person union a count can name someone.
    access.require(request.user, access.VIEW, org)
    year, start, end = _year_period(request)
    keys = ["care.archive_rate", "care.aid_rate", "care.aid_amount", "care.visits"]
    can_care = access.can(request.user, access.CARE, org)
    by_occasion = visits_by_occasion(org.subtree(), start, end)
    context = {
        "org": org,
        "year": year,
        "figures": [registry.compute(key, org, start, end) for key in keys],
        "chart": ledgers.occasion_chart(by_occasion),
        "can_care": can_care,
        "can_change": access.can(request.user, access.CHANGE, org),
        "can_personal": access.can(request.user, access.PERSONAL, org),
    }
    if can_care:
        cases = HardshipCase.objects.in_subtree(org)
        context["status_counts"] = ledgers.status_counts(cases)
        context["review_due"] = cases.review_due(date.today()).select_related("member")[:20]
        context["to_visit_total"] = who_to_visit(org).total
    return render(request, "care/overview.html", context)


# ---- visits ------------------------------------------------------------------------------


@login_required
def visit_list(request, org_code):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.PERSONAL, org)
    visits = access.scope(request.user, Visit.objects.in_subtree(org)).for_list()
    occasion = request.GET.get("occasion", "")
    # Filtering by occasion would tell who was in hospital: only for those who may see occasions.
    if occasion in Occasion.values and access.can(request.user, access.CARE, org):
        visits = visits.filter(occasion=occasion)
    context = {
        "org": org,
        "page_obj": paginate(request, visits),
        "occasions": Occasion.choices,
        "occasion": occasion,
        "can_care": access.can(request.user, access.CARE, org),
        "can_change": access.can(request.user, access.CHANGE, org),
    }
    return render(request, "care/visit_list.html", context)


@login_required
def visit_create(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.CHANGE)
    form = forms.VisitForm(
        request.POST or None,
        request.FILES or None,
        members=_members(request.user, org),
        org=org,
        officers=_officers(org),
    )
    if not request.POST:
        form.initial.update({k: request.GET[k] for k in ("member", "occasion") if request.GET.get(k)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        visit = run_service(
            form,
            services.record_visit,
            by=request.user,
            **{
                k: data[k]
                for k in (
                    "member",
                    "occasion",
                    "visited_on",
                    "visitors",
                    "other_visitors",
                    "goods",
                    "notes",
                    "photo",
                    "override_reason",
                )
            },
            money=data["money"] or 0,
        )
        if visit:
            messages.success(request, f"已登记对{visit.member.name}的走访。")
            return redirect("care:visit", visit_id=visit.pk)
    return render(
        request, "care/form.html", {"form": form, "org": org, "title": "登记走访慰问", "multipart": True}
    )


@login_required
def visit_detail(request, visit_id):
    visit = access.get_object_for(request.user, Visit, id=visit_id)
    full = access.can(request.user, access.CARE, visit.org)
    return render(request, "care/visit_detail.html", {"visit": visit, "full": full, "org": visit.org})


@login_required
def visit_photo(request, visit_id):
    visit = access.get_object_for(request.user, Visit, action=access.CARE, id=visit_id)
    if not visit.photo:
        raise Http404("没有照片。")
    return serve_upload(visit.photo)


@login_required
def to_visit(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.CARE)
    days = forms.ToVisitWindowForm(request.GET or None)
    windows = days.cleaned_data if days.is_valid() else {}
    found = who_to_visit(
        org, birthday_days=windows.get("birthday_days"), retirement_days=windows.get("retirement_days")
    )
    return render(request, "care/to_visit.html", {"org": org, "found": found, "window_form": days})


@login_required
def occurrence_create(request, org_code):
    """Officers and group leaders report what they hear of; the care officers then see it on their list."""
    org = access.get_org_for(request.user, org_code, action=access.CHANGE)
    form = forms.OccurrenceForm(request.POST or None, members=_members(request.user, org), org=org)
    reported = request.method == "POST" and form.is_valid()
    if reported and run_service(form, services.report_occurrence, by=request.user, **form.cleaned_data):
        messages.success(request, "已登记，负责帮扶的委员会安排走访。")
        if access.can(request.user, access.CARE, org):
            return redirect("care:to_visit", org_code=org.code)
        return redirect("care:overview", org_code=org.code)
    return render(request, "care/form.html", {"form": form, "org": org, "title": "登记住院、亲属去世等情况"})


@login_required
def report_own(request):
    """A member tells the union of his own hospitalisation or bereavement."""
    member = access.scope(request.user, Member.objects.active()).filter(user=request.user).first()
    if member is None:
        raise Http404("您的账号没有关联会员档案。")
    form = forms.OwnOccurrenceForm(request.POST or None)
    reported = request.method == "POST" and form.is_valid()
    if reported and run_service(
        form, services.report_occurrence, member=member, by=request.user, **form.cleaned_data
    ):
        messages.success(request, "已告知工会，谢谢。工会将尽快与您联系。")
        return redirect("home")
    context = {"form": form, "org": member.org, "title": "向工会报告住院或家中丧事", "member_view": True}
    return render(request, "care/form.html", context)


@login_required
@require_POST
def occurrence_close(request, occurrence_id):
    occurrence = access.get_object_for(request.user, Occurrence, action=access.CARE, id=occurrence_id)
    form = forms.CloseOccurrenceForm(request.POST)
    if form.is_valid() and run_service(
        form, services.close_occurrence, occurrence=occurrence, by=request.user, **form.cleaned_data
    ):
        messages.success(request, "已结束该事项。")
    else:
        messages.error(
            request, "；".join(e for errors in form.errors.values() for e in errors) or "日期无效。"
        )
    return redirect("care:to_visit", org_code=occurrence.org.code)


# ---- holiday campaigns -------------------------------------------------------------------


@login_required
def campaign_list(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.CARE)
    campaigns = access.scope(request.user, Campaign.objects.in_subtree(org)).order_by("-year", "occasion")
    form = forms.CampaignForm()
    return render(request, "care/campaign_list.html", {"org": org, "campaigns": campaigns, "form": form})


@login_required
@require_POST
def campaign_create(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.CARE)
    form = forms.CampaignForm(request.POST)
    if form.is_valid():
        campaign = run_service(
            form, services.generate_campaign, org=org, by=request.user, **form.cleaned_data
        )
        if campaign:
            messages.success(request, f"已生成「{campaign.name}」名单，共 {campaign.items.count()} 人。")
            return redirect("care:campaign", campaign_id=campaign.pk)
    campaigns = access.scope(request.user, Campaign.objects.in_subtree(org))
    return render(
        request, "care/campaign_list.html", {"org": org, "campaigns": campaigns, "form": form}, status=422
    )


@login_required
def campaign_detail(request, campaign_id):
    campaign = access.get_object_for(request.user, Campaign, id=campaign_id)
    items = campaign.items.select_related("member", "member__org", "done_by").order_by(
        "done_on", "member__name"
    )
    return render(
        request, "care/campaign_detail.html", {"campaign": campaign, "org": campaign.org, "items": items}
    )


@login_required
@require_POST
def campaign_tick(request, campaignitem_id):
    item = access.get_object_for(request.user, CampaignItem, action=access.CARE, id=campaignitem_id)
    try:
        services.tick_campaign_item(item=item, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    if request.htmx:
        item.refresh_from_db()
        return render(request, "care/campaign_detail.html#item", {"item": item})
    return redirect("care:campaign", campaign_id=item.campaign_id)


# ---- hardship cases ----------------------------------------------------------------------


@login_required
def case_list(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.CARE)
    cases = access.scope(request.user, HardshipCase.objects.in_subtree(org)).for_list()
    status = request.GET.get("status", "")
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    context = {
        "org": org,
        "page_obj": paginate(request, cases),
        "statuses": CaseStatus.choices,
        "status": status,
    }
    return render(request, "care/case_list.html", context)


@login_required
def case_create(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.CARE)
    form = forms.CaseForm(request.POST or None, members=_members(request.user, org), org=org)
    case = None
    if request.method == "POST" and form.is_valid():
        case = run_service(form, services.open_case, by=request.user, **form.cleaned_data)
        if case:
            messages.success(request, f"已建立{case.member.name}的困难档案，下一步：基层初核。")
            return redirect("care:case", hardshipcase_id=case.pk)
    existing = getattr(getattr(form, "service_error", None), "case", None)
    return render(
        request,
        "care/form.html",
        {"form": form, "org": org, "title": "困难职工申请/认定", "existing": existing},
    )


STEP_FORMS = {
    Step.CHECK: (forms.NoteForm, services.check_case),
    Step.HOME_VISIT: (forms.HomeVisitForm, services.record_home_visit),
    Step.COMMITTEE: (forms.ReviewForm, services.committee_review),
    Step.UPPER: (forms.ReviewForm, services.upper_review),
    Step.NOTICE: (forms.NoticeForm, services.start_notice),
    Step.OBJECTION: (forms.NoteForm, services.record_objection),
    Step.FILE: (forms.NoteForm, services.file_case),
    Step.REVIEW: (forms.YearlyReviewForm, services.review_case),
    Step.EXIT: (forms.ExitForm, services.exit_case),
}


def _case_context(request, case, **extra):
    step = services.next_step(case)
    step_forms = {}
    waiting_upper = step == Step.UPPER and not _may_review_above(request.user, case)
    if step in STEP_FORMS and not waiting_upper:
        step_forms[step] = STEP_FORMS[step][0](prefix=step)
    if case.status == CaseStatus.IN_NOTICE:
        step_forms[Step.OBJECTION] = forms.NoteForm(prefix=Step.OBJECTION)
    if case.status == CaseStatus.ON_FILE:
        step_forms[Step.EXIT] = forms.ExitForm(prefix=Step.EXIT)
    step_forms.update(extra.pop("step_forms", {}))
    aids = case.aids.order_by("-paid_on")
    return {
        "case": case,
        "org": case.org,
        "next_step": step,
        "step_forms": [(s, s.label, f"care:case_{s.value}", f) for s, f in step_forms.items()],
        "events": case.events.select_related("by"),
        "documents": case.documents.all(),
        "aids": aids,
        "aid_totals": ledgers.totals_by_year(aids),
        "pairings": case.pairings.select_related("officer"),
        "document_form": extra.pop("document_form", forms.DocumentForm()),
        "can_sensitive": access.can(request.user, access.SENSITIVE, case.org),
        "waiting_upper": waiting_upper,
        **extra,
    }


def _may_review_above(user, case) -> bool:
    """The upper union's committee reviews: its care officers, not the grassroots union's."""
    upper = (case.org.union() or case.org).get_parent()
    return upper is not None and access.can(user, access.CARE, upper)


@login_required
def case_detail(request, hardshipcase_id):
    case = access.get_object_for(request.user, HardshipCase, id=hardshipcase_id)
    # Seeing a household's finances and illness in full is logged, whoever looks (federation staff included).
    log_access(request, case, "detail")
    return render(request, "care/case_detail.html", _case_context(request, case))


@login_required
@require_POST
def case_step(request, hardshipcase_id, step):
    case = access.get_object_for(request.user, HardshipCase, action=access.CARE, id=hardshipcase_id)
    if step == Step.UPPER and not _may_review_above(request.user, case):
        raise PermissionDenied("上级工会审核须由上级工会负责帮扶的人员办理。")
    form_class, service = STEP_FORMS[step]
    form = form_class(request.POST, prefix=step)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if run_service(form, service, case=case, by=request.user, **data):
            messages.success(request, f"已办理：{Step(step).label}。")
            return redirect("care:case", hardshipcase_id=case.pk)
    case.refresh_from_db()
    return render(
        request, "care/case_detail.html", _case_context(request, case, step_forms={step: form}), status=422
    )


@login_required
@require_POST
def document_add(request, hardshipcase_id):
    case = access.get_object_for(request.user, HardshipCase, action=access.CARE, id=hardshipcase_id)
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        services.attach_document(case=case, by=request.user, **form.cleaned_data)
        messages.success(request, "材料已上传。")
        return redirect("care:case", hardshipcase_id=case.pk)
    return render(
        request, "care/case_detail.html", _case_context(request, case, document_form=form), status=422
    )


@login_required
def document_download(request, casedocument_id):
    document = access.get_object_for(request.user, CaseDocument, id=casedocument_id)
    log_access(request, document, "file")
    return serve_upload(document.file, download_name=document.title)


@login_required
def case_docx(request, hardshipcase_id):
    case = access.get_object_for(request.user, HardshipCase, id=hardshipcase_id)
    full = access.can(request.user, access.SENSITIVE, case.org)
    log_access(request, case, "case_file", action="export")
    response = HttpResponse(ledgers.case_file_docx(case, full=full), content_type=DOCX)
    response["Content-Disposition"] = ledgers.attachment(f"困难职工档案-{case.member.name}.docx")
    return response


# ---- pairing -----------------------------------------------------------------------------


@login_required
def pairing_create(request, hardshipcase_id):
    case = access.get_object_for(request.user, HardshipCase, action=access.CARE, id=hardshipcase_id)
    form = forms.PairingForm(request.POST or None, officers=_officers(case.org))
    if request.method == "POST" and form.is_valid():
        pairing = run_service(form, services.pair_officer, case=case, by=request.user, **form.cleaned_data)
        if pairing:
            messages.success(request, f"已结对：{pairing.officer.name}。")
            return redirect("care:pairing", pairing_id=pairing.pk)
    return render(
        request,
        "care/form.html",
        {"form": form, "org": case.org, "title": f"为{case.member.name}安排一帮一结对"},
    )


@login_required
def pairing_detail(request, pairing_id):
    pairing = access.get_object_for(request.user, Pairing, id=pairing_id)
    form = forms.ContactForm(request.POST or None)
    if request.method == "POST":
        access.require(request.user, access.CARE, pairing.org)
        if form.is_valid() and run_service(
            form, services.record_contact, pairing=pairing, by=request.user, **form.cleaned_data
        ):
            messages.success(request, "已记录联系情况。")
            return redirect("care:pairing", pairing_id=pairing.pk)
    return _pairing_page(request, pairing, form=form)


def _pairing_page(request, pairing, *, form=None, end_form=None):
    context = {
        "pairing": pairing,
        "org": pairing.org,
        "contacts": pairing.contacts.all(),
        "form": form or forms.ContactForm(),
        "end_form": end_form or forms.EndPairingForm(prefix="end"),
        "can_care": access.can(request.user, access.CARE, pairing.org),
    }
    invalid = (form is not None and form.errors) or (end_form is not None and end_form.errors)
    return render(request, "care/pairing_detail.html", context, status=422 if invalid else 200)


@login_required
@require_POST
def pairing_end(request, pairing_id):
    pairing = access.get_object_for(request.user, Pairing, action=access.CARE, id=pairing_id)
    form = forms.EndPairingForm(request.POST, prefix="end")
    if form.is_valid() and run_service(
        form, services.end_pairing, pairing=pairing, by=request.user, **form.cleaned_data
    ):
        messages.success(request, f"已结束{pairing.officer.name}的结对。")
        return redirect("care:case", hardshipcase_id=pairing.case_id)
    if form.non_field_errors():  # e.g. already ended: the page no longer offers the form
        messages.error(request, "；".join(form.non_field_errors()))
        return redirect("care:pairing", pairing_id=pairing.pk)
    return _pairing_page(request, pairing, end_form=form)


# ---- aid ---------------------------------------------------------------------------------


@login_required
def aid_list(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.CARE)
    year, start, end = _year_period(request)
    aids = access.scope(request.user, Aid.objects.in_subtree(org)).in_period(start, end).for_list()
    context = {"org": org, "year": year, "page_obj": paginate(request, aids), "total": ledgers.total(aids)}
    return render(request, "care/aid_list.html", context)


@login_required
def aid_create(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.CARE)
    cases = access.scope(request.user, HardshipCase.objects.in_subtree(org).open()).select_related("member")
    form = forms.AidForm(request.POST or None, cases=cases, members=_members(request.user, org), org=org)
    if request.GET.get("case") and not request.POST:
        form.initial["case"] = request.GET["case"]
    if request.method == "POST" and form.is_valid():
        aid = run_service(form, services.record_aid, by=request.user, **form.cleaned_data)
        if aid:
            messages.success(request, f"已登记{aid.member.name}的{aid.get_kind_display()} {aid.amount} 元。")
            return (
                redirect("care:case", hardshipcase_id=aid.case_id)
                if aid.case_id
                else redirect("care:aid_list", org_code=org.code)
            )
    return render(request, "care/form.html", {"form": form, "org": org, "title": "登记帮扶"})


# ---- the member page's tabs --------------------------------------------------------------


@login_required
def member_visits(request, member_id):
    member = access.get_object_for(request.user, Member, id=member_id)
    visits = access.scope(request.user, Visit.objects.filter(member=member)).for_list()
    may_see = access.can(request.user, access.PERSONAL, member.org) or member.user_id == request.user.pk
    context = {"member": member, "visits": visits, "org": member.org, "may_see": may_see}
    return render(request, "care/member_tabs.html#visits", context)


@login_required
def member_aid(request, member_id):
    member = access.get_object_for(request.user, Member, id=member_id)
    may_see = access.can(request.user, access.CARE, member.org)
    aids = (
        access.scope(request.user, Aid.objects.filter(member=member)).for_list()
        if may_see
        else Aid.objects.none()
    )
    context = {
        "member": member,
        "aids": aids,
        "totals": ledgers.totals_by_year(aids),
        "may_see": may_see,
        "cases": access.scope(request.user, HardshipCase.objects.filter(member=member)).order_by("-opened_on")
        if may_see
        else [],
    }
    return render(request, "care/member_tabs.html#aid", context)


# ---- ledgers (台帐) ----------------------------------------------------------------------
#
# A county's ledger is too big to build within a request: the start view checks access and queues
# the task, which decides the masking with the same access calls; the page polls its progress.

LEDGER_PAGES = {
    "visits": {
        "title": "走访慰问台帐",
        "back": "care:visit_list",
        "back_label": "走访慰问",
        "note": "走访事由、慰问金、慰问品和情况记录只对负责帮扶的人员列出。",
    },
    "cases": {
        "title": "困难职工建档立卡台帐",
        "back": "care:case_list",
        "back_label": "困难职工档案",
        "note": "身份证号、收入和困难情况按您的权限脱敏；完整导出会记入敏感信息查看记录。",
    },
    "aid": {
        "title": "帮扶台帐",
        "back": "care:aid_list",
        "back_label": "帮扶",
        "note": "含每笔帮扶、按帮扶类型的小计和按户合计。",
    },
}


def _start_ledger(request, org, ledger):
    page = LEDGER_PAGES[ledger]
    form = forms.LedgerForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["year"][0])
        return redirect(page["back"], org_code=org.code)
    year = form.cleaned_data["year"]
    progress = start_progress(kind=tasks.LEDGER_KIND, org=org, user=request.user)
    ip = client_address(request)  # for the sensitive-access log the task writes
    tasks.build_ledger.enqueue(str(progress.pk), request.user.pk, org.pk, ledger, year, ip)
    # post/redirect/get: reloading the progress page must not build the ledger again
    url = reverse("care:ledger_progress", kwargs={"taskprogress_id": progress.pk})
    return redirect(f"{url}?{urlencode({'ledger': ledger, 'year': year})}")


@login_required
def ledger_progress(request, taskprogress_id):
    progress = started_by(request.user, taskprogress_id, kind=tasks.LEDGER_KIND)
    ledger = request.GET.get("ledger") if request.GET.get("ledger") in LEDGER_PAGES else "visits"
    year = request.GET.get("year", "")
    context = {
        "org": progress.org,
        "year": int(year) if year.isdigit() and len(year) == 4 else "",
        "ledger": ledger,
        "page": LEDGER_PAGES[ledger],
        "progress": progress,
    }
    return render(request, "care/ledger.html", context)


@login_required
@require_POST
def visits_ledger(request, org_code):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.PERSONAL, org)
    return _start_ledger(request, org, "visits")


@login_required
@require_POST
def cases_ledger(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.CARE)
    return _start_ledger(request, org, "cases")


@login_required
@require_POST
def aid_ledger(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.CARE)
    return _start_ledger(request, org, "aid")


@login_required
def ledger_download(request, taskprogress_id):
    progress = finished_file(request.user, taskprogress_id, kind=tasks.LEDGER_KIND)
    return file_response(progress, progress.result["filename"])
