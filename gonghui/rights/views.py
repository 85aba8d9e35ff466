"""Rights pages: thin views; access from core/access.py, state changes in services.py.

Dispute details, petitions and the women's records are shown in full only to RIGHTS (WOMEN)
holders, and every full view is logged (SensitiveAccess), like a hardship case.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import access
from gonghui.core.forms import run_service
from gonghui.core.masking import log_access, log_list_access
from gonghui.core.pagination import paginate
from gonghui.core.uploads import accept_upload, serve_upload
from gonghui.members import picker
from gonghui.members.models import Member
from gonghui.rights import clock, documents, forms, services
from gonghui.rights.metrics import women_due_for_check, women_members
from gonghui.rights.models import (
    Body,
    CareRecord,
    CaseStatus,
    CheckCampaign,
    CollectiveContract,
    CommitteeMember,
    DisputeCase,
    HealthCheck,
    Petition,
    mediation_roster_problems,
    negotiator_problems,
)


def _form_page(request, org, title, form, status=200, multipart=False):
    context = {"org": org, "title": title, "form": form, "multipart": multipart}
    return render(request, "rights/form.html", context, status=status)


@login_required
def index(request):
    if request.org is None:
        raise Http404("您还没有任何组织的角色。")
    return redirect("rights:overview", org_code=request.org.code)


def women_committee_problem(org, seats) -> str:
    """Rule 28: from ⚙ 10 women members a 女职工委员会 (taken here as 3 or more seats), else a 女职工委员."""
    if org.kind != "union":
        return ""
    women = women_members(org)
    count = sum(1 for s in seats if s.body == Body.WOMEN)
    if women >= clock.women_committee_threshold() and count < 3:
        return (
            f"本会有女会员{women}人，须建立女职工委员会（女职工委员会工作条例第十一条），现有委员{count}人。"
        )
    if women > 0 and count == 0:
        return f"本会有女会员{women}人，应至少设一名女职工委员。"
    return ""


@login_required
def overview(request, org_code):
    org = access.get_org_for(request.user, org_code)
    if not access.can(request.user, access.VIEW, org):
        raise Http404("找不到该组织，或您无权查看。")
    today = timezone.localdate()
    seats = list(access.scope(request.user, CommitteeMember.objects.filter(org=org)))
    cases = access.scope(request.user, DisputeCase.objects.in_subtree(org)).for_list()
    status = request.GET.get("status", "")
    if status == "overdue":
        cases = cases.overdue(today)
    elif status in CaseStatus.values:
        cases = cases.filter(status=status)
    page_obj = paginate(request, cases, 20)
    full = access.may_see_rights(request.user, org)
    if full:
        log_list_access(request, page_obj.object_list, "applicants")  # the list names the applicants
    contracts = access.scope(request.user, CollectiveContract.objects.in_subtree(org)).select_related("org")
    contract_rows = list(contracts.order_by("-signed_on", "title")[:50])
    for contract in contract_rows:
        contract.stage_label = contract.stage(today)
    context = {
        "org": org,
        "today": today,
        "seats": seats,
        "roster_problems": mediation_roster_problems(seats) if org.kind == "union" else [],
        "women_problem": women_committee_problem(org, seats),
        "page_obj": page_obj,
        "status": status,
        "statuses": CaseStatus.choices,
        "contracts": contract_rows,
        "renewals": contracts.renewal_due(today),
        "can_change": access.can(request.user, access.CHANGE, org),
        "full": full,
        "women": access.may_see_women(request.user, org),
        "seat_form": forms.SeatForm(),
    }
    return render(request, "rights/overview.html", context)


# --------------------------------------------------------------------------- committee


@login_required
@require_POST
def seat_add(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.CHANGE)
    form = forms.SeatForm(request.POST)
    if form.is_valid() and run_service(form, services.add_committee_member, org=org, **form.cleaned_data):
        messages.success(request, "已添加委员。")
        return redirect("rights:overview", org_code=org.code)
    return _form_page(request, org, "添加委员会成员", form, status=422)


@login_required
@require_POST
def seat_remove(request, committeemember_id):
    seat = access.get_object_for(request.user, CommitteeMember, action=access.CHANGE, id=committeemember_id)
    org = seat.org
    services.remove_committee_member(seat=seat)
    messages.success(request, "已移除。")
    return redirect("rights:overview", org_code=org.code)


# --------------------------------------------------------------------------- disputes


@login_required
def case_create(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.RIGHTS)
    form = forms.CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        claims = [(data.pop("claim_kind"), data.pop("claim_amount"), data.pop("claim_note"))]
        case = run_service(form, services.receive_case, org=org, by=request.user, claims=claims, **data)
        if case:
            messages.success(request, f"已登记，调解期限至 {case.deadline:%Y-%m-%d}。")
            return redirect("rights:case", disputecase_id=case.pk)
    return _form_page(
        request, org, "登记劳动争议调解申请", form, status=422 if request.method == "POST" else 200
    )


CASE_STEPS = {
    "accept": (forms.AcceptForm, services.accept_case, "受理"),
    "decline": (forms.DeclineForm, services.decline_case, "不予受理"),
    "claim": (forms.ClaimForm, services.add_claim, "增加请求事项"),
    "session": (forms.SessionForm, services.hold_session, "记录调解会"),
    "agreement": (forms.AgreementForm, services.record_agreement, "记录调解协议"),
    "no_agreement": (forms.CloseForm, services.record_no_agreement, "调解不成"),
    "withdraw": (forms.CloseForm, services.withdraw_case, "申请人撤回"),
    "refer": (forms.CloseForm, services.refer_to_arbitration, "告知申请仲裁"),
}


def _case_context(request, case, step_forms=None):
    today = timezone.localdate()
    full = access.may_see_rights(request.user, case.org)
    step_forms = step_forms or {}
    context = {
        "org": case.org,
        "case": case,
        "today": today,
        "full": full,
        "days_left": case.days_left(today),
        "may_refer": case.may_refer(today),
        "covered_until": clock.covered_until(),
        "acceptance_due": clock.acceptance_due(case.received_on),
        # Both parties may jointly ask the arbitration committee to confirm the agreement within 15 days.
        "review_until": case.closed_on + timedelta(days=15) if case.status == CaseStatus.AGREED else None,
    }
    if full:
        context["claims"] = case.claims.all()
        context["sessions"] = case.sessions.all()
        context["steps"] = [
            (step, label, step_forms.get(step) or form_class(prefix=step))
            for step, (form_class, _, label) in CASE_STEPS.items()
            if _step_open(case, step, today)
        ]
    return context


def _step_open(case, step, today):
    if step in ("accept", "decline"):
        return case.status == CaseStatus.RECEIVED
    if step in ("claim", "withdraw"):
        return case.is_open
    if step == "refer":
        return not case.referred_on and case.may_refer(today)
    return case.status == CaseStatus.ACCEPTED


@login_required
def case_detail(request, disputecase_id):
    case = access.get_object_for(request.user, DisputeCase, id=disputecase_id)
    if access.may_see_rights(request.user, case.org):
        log_access(request, case, "detail")  # the parties and their claims, seen in full
    return render(request, "rights/case_detail.html", _case_context(request, case))


@login_required
@require_POST
def case_step(request, disputecase_id, step):
    case = access.get_object_for(request.user, DisputeCase, action=access.RIGHTS, id=disputecase_id)
    form_class, service, label = CASE_STEPS[step]
    form = form_class(request.POST, prefix=step)
    if form.is_valid() and run_service(form, service, case=case, **form.cleaned_data):
        messages.success(request, f"已办理：{label}。")
        return redirect("rights:case", disputecase_id=case.pk)
    case.refresh_from_db()
    context = _case_context(request, case, step_forms={step: form})
    return render(request, "rights/case_detail.html", context, status=422)


@login_required
def agreement_docx(request, disputecase_id):
    case = access.get_object_for(request.user, DisputeCase, action=access.RIGHTS, id=disputecase_id)
    if case.status != CaseStatus.AGREED:
        raise Http404("该案件没有调解协议。")
    log_access(request, case, "agreement", action="export")
    response = HttpResponse(
        documents.agreement_docx(case),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = documents.attachment(f"调解协议书-{case.number}.docx")
    return response


# --------------------------------------------------------------------------- petitions


@login_required
def petition_list(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.RIGHTS)
    rows = access.scope(request.user, Petition.objects.in_subtree(org)).select_related("org")
    return render(request, "rights/petition_list.html", {"org": org, "page_obj": paginate(request, rows, 30)})


@login_required
def petition_create(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.RIGHTS)
    form = forms.PetitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        petition = run_service(form, services.record_petition, org=org, by=request.user, **form.cleaned_data)
        if petition:
            messages.success(request, "已登记来信来访。")
            return redirect("rights:petition", petition_id=petition.pk)
    return _form_page(request, org, "登记职工来信来访", form, status=422 if request.method == "POST" else 200)


@login_required
def petition_detail(request, petition_id):
    petition = access.get_object_for(request.user, Petition, id=petition_id)
    log_access(request, petition, "detail")
    form = forms.HandleForm(request.POST or None)
    status = 200
    if request.method == "POST":
        access.require(request.user, access.RIGHTS, petition.org)
        if form.is_valid() and run_service(
            form, services.handle_petition, petition=petition, **form.cleaned_data
        ):
            messages.success(request, "已记录处理情况。")
            return redirect("rights:petition", petition_id=petition.pk)
        status = 422
    return render(request, "rights/petition_detail.html", {"org": petition.org, "petition": petition, "form": form},
                  status=status)  # fmt: skip


# --------------------------------------------------------------------------- contracts


@login_required
def contract_create(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.CHANGE)
    form = forms.ContractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contract = run_service(form, services.start_contract, org=org, **form.cleaned_data)
        if contract:
            messages.success(request, "已建立集体合同协商档案。")
            return redirect("rights:contract", collectivecontract_id=contract.pk)
    return _form_page(request, org, "新建集体合同", form, status=422 if request.method == "POST" else 200)


MAX_TEXT_BYTES = 20 * 1024 * 1024
CONTRACT_STEPS = {
    "negotiator": (forms.NegotiatorForm, services.add_negotiator, "添加协商代表"),
    "request": (forms.RequestForm, services.request_negotiation, "记录协商要约"),
    "meeting": (forms.MeetingForm, services.record_meeting, "记录协商会议"),
    "vote": (forms.ApprovalVoteForm, services.approve_by_vote, "依职代会表决审议通过"),
    "approval": (forms.ApprovalForm, services.record_approval, "记录审议表决（手工录入人数）"),
    "sign": (forms.SignForm, services.sign_contract, "签订"),
    "file": (forms.FileForm, services.file_contract, "报送备案"),
    "objection": (forms.ObjectionForm, services.record_objection, "记录审查意见"),
    "publish": (forms.PublishForm, services.publish_contract, "向职工公布"),
    "terms": (forms.TermsForm, services.set_terms, "主要条款与文本"),
}


def _step_form(step, contract, data=None, files=None):
    form_class = CONTRACT_STEPS[step][0]
    extra = {"votes": services.approval_votes(contract)} if step == "vote" else {}
    return form_class(data, files, prefix=step, **extra)


def _contract_context(request, contract, step_forms=None):
    today = timezone.localdate()
    step_forms = step_forms or {}
    negotiators = list(contract.negotiators.all())
    votes = services.approval_votes(contract)
    can_change = access.can(request.user, access.CHANGE, contract.org)
    return {
        "org": contract.org,
        "contract": contract,
        "today": today,
        "stage": contract.stage(today),
        "negotiators": negotiators,
        "negotiator_problems": negotiator_problems(negotiators),
        "meetings": contract.meetings.all(),
        "renewal_due": bool(contract.renewal_from and contract.renewal_from <= today <= contract.expires_on),
        "steps": [
            (step, label, step_forms.get(step) or _step_form(step, contract))
            for step, (_, _, label) in CONTRACT_STEPS.items()
            if step != "vote" or votes.exists()
        ]
        if can_change
        else [],
    }


@login_required
def contract_detail(request, collectivecontract_id):
    contract = access.get_object_for(request.user, CollectiveContract, id=collectivecontract_id)
    return render(request, "rights/contract_detail.html", _contract_context(request, contract))


@login_required
@require_POST
def contract_step(request, collectivecontract_id, step):
    contract = access.get_object_for(
        request.user, CollectiveContract, action=access.CHANGE, id=collectivecontract_id
    )
    _, service, label = CONTRACT_STEPS[step]
    form = _step_form(step, contract, request.POST, request.FILES)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if step == "terms":
            upload = data.pop("text", None)
            try:
                data["text"] = (
                    accept_upload(
                        upload, allowed={"pdf", "docx", "doc"}, max_bytes=MAX_TEXT_BYTES, what="合同文本"
                    )
                    if upload
                    else None
                )
            except ValidationError as error:
                form.add_error("text", error)
        if not form.errors and run_service(form, service, contract=contract, **data):
            messages.success(request, f"已办理：{label}。")
            return redirect("rights:contract", collectivecontract_id=contract.pk)
    contract.refresh_from_db()
    context = _contract_context(request, contract, step_forms={step: form})
    return render(request, "rights/contract_detail.html", context, status=422)


@login_required
def contract_text(request, collectivecontract_id):
    contract = access.get_object_for(request.user, CollectiveContract, id=collectivecontract_id)
    if not contract.text:
        raise Http404("没有上传合同文本。")
    return serve_upload(contract.text)


# --------------------------------------------------------------------------- women workers


@login_required
def women(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.WOMEN)
    today = timezone.localdate()
    records = access.scope(request.user, CareRecord.objects.in_subtree(org)).select_related("member", "org")
    campaigns = access.scope(request.user, CheckCampaign.objects.in_subtree(org))
    shown = list(records[:100])
    log_list_access(request, shown, "period")  # names with their period and protections, in full
    context = {
        "org": org,
        "today": today,
        "records": [(r, r.entitlements(today), r.no_overtime(today)) for r in shown],
        "campaigns": campaigns,
        "women_count": women_members(org),
        "due": women_due_for_check(org, today),
        "check_years": clock.women_check_years(),
    }
    return render(request, "rights/women.html", context)


def _care_form(request, org):
    form = forms.CareRecordForm(request.POST or None)
    form.fields["member"].pick_from(picker.pickable(request.user, org), org)
    return form


@login_required
def care_create(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.WOMEN)
    form = _care_form(request, org)
    if request.method == "POST" and form.is_valid():
        record = run_service(form, services.record_care, by=request.user, **form.cleaned_data)
        if record:
            messages.success(request, "已登记。")
            return redirect("rights:care", carerecord_id=record.pk)
    return _form_page(
        request, org, "登记女职工五期记录", form, status=422 if request.method == "POST" else 200
    )


@login_required
def care_detail(request, carerecord_id):
    record = access.get_object_for(request.user, CareRecord, id=carerecord_id)
    log_access(request, record, "detail")
    today = timezone.localdate()
    context = {
        "org": record.org,
        "record": record,
        "entitlements": record.entitlements(today),
        "no_overtime": record.no_overtime(today),
    }
    return render(request, "rights/care_detail.html", context)


@login_required
def campaign_create(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.WOMEN)
    form = forms.CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        members = Member.objects.active().in_subtree(org)
        campaign = run_service(form, services.open_campaign, org=org, members=members, **form.cleaned_data)
        if campaign:
            messages.success(request, f"已建立体检安排，应检{campaign.checks.count()}人。")
            return redirect("rights:campaign", checkcampaign_id=campaign.pk)
    return _form_page(request, org, "新建体检安排", form, status=422 if request.method == "POST" else 200)


@login_required
def campaign_detail(request, checkcampaign_id):
    campaign = access.get_object_for(request.user, CheckCampaign, action=access.WOMEN, id=checkcampaign_id)
    checks = (
        access.scope(request.user, campaign.checks.all()).select_related("member").order_by("member__name")
    )
    log_access(request, campaign, "results")
    return render(
        request, "rights/campaign_detail.html",
        {"org": campaign.org, "campaign": campaign, "page_obj": paginate(request, checks, 50),
         "results": forms.CheckResultForm.base_fields["result"].choices},
    )  # fmt: skip


@login_required
@require_POST
def check_set(request, healthcheck_id):
    check = access.get_object_for(request.user, HealthCheck, action=access.WOMEN, id=healthcheck_id)
    form = forms.CheckResultForm(request.POST)
    if form.is_valid() and run_service(form, services.record_check, check=check, **form.cleaned_data):
        messages.success(request, f"{check.member.name}：{check.get_result_display()}")
    else:
        messages.error(request, "结果无效，请重新选择。")
    return redirect("rights:campaign", checkcampaign_id=check.campaign_id)
