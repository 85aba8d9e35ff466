"""Democracy pages: fetch through core/access.py, validate with a form, call a service, render or redirect.

Delegates act with VIEW access (sessions, votes and evaluations are visible to their union's
members) and the services check that they hold a seated mandate; officers act with CHANGE.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import access
from gonghui.core.forms import run_service
from gonghui.democracy import forms, services
from gonghui.democracy.models import (
    AgendaItem,
    CheckIn,
    Congress,
    Delegate,
    DelegateElection,
    DelegateStatus,
    JointMeeting,
    LeaderEvaluation,
    Proposal,
    ProposalStatus,
    Seconding,
    Session,
    SessionStatus,
    Vote,
    VoteMethod,
    VoteStatus,
)
from gonghui.members import picker
from gonghui.metrics import registry


def _act(request, service, success, **kwargs):
    """A button's POST: call the service, tell the user the outcome in Chinese."""
    try:
        result = service(**kwargs)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return None
    messages.success(request, success)
    return result or True


def _form_errors(request, form):
    messages.error(request, "；".join(e for errors in form.errors.values() for e in errors) or "输入无效。")


def _can_change(request, obj):
    return access.can(request.user, access.CHANGE, obj.org)


def _form_page(request, form, title, org, back):
    return render(request, "democracy/form.html", {"form": form, "title": title, "org": org, "back": back})


@login_required
def index(request):
    if request.org is None:
        raise Http404("您还没有任何组织的角色。")
    return redirect("democracy:overview", org_code=request.org.code)


@login_required
def overview(request, org_code):
    org = access.get_org_for(request.user, org_code)
    today = date.today()
    congresses = access.scope(request.user, Congress.objects.in_subtree(org)).select_related("org")
    sessions = access.scope(request.user, Session.objects.in_subtree(org)).for_list()[:30]
    figures = []
    if access.can(request.user, access.VIEW, org):
        start, end = date(today.year, 1, 1), date(today.year, 12, 31)
        keys = [
            "democracy.congress_held",
            "democracy.proposals_accepted",
            "democracy.proposal_handling_rate",
            "democracy.proposal_satisfaction_rate",
        ]
        figures = [registry.compute(key, org, start, end) for key in keys]
    context = {
        "org": org,
        "congresses": congresses.order_by("-starts_on"),
        "sessions": sessions,
        "figures": figures,
        "lacking": [c for c in congresses if c.lacks_session(today)],
        "ending_soon": [c for c in congresses if c.term_ends_soon(today)],
        "expired": [c for c in congresses if c.term_end < today],
        "suggested_kind": services.congress_kind_for(org),
        "can_change": access.can(request.user, access.CHANGE, org),
        "my_invitations": access.scope(request.user, Seconding.objects.in_subtree(org))
        .filter(delegate__member__user=request.user, accepted_on__isnull=True)
        .select_related("proposal"),
    }
    return render(request, "democracy/overview.html", context)


@login_required
def congress_create(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.CHANGE)
    kind = services.congress_kind_for(org)
    form = forms.CongressForm(
        request.POST or None, initial={"kind": kind, "by_school_year": kind == "teachers"}
    )
    if request.method == "POST" and form.is_valid():
        congress = run_service(form, services.create_congress, org=org, by=request.user, **form.cleaned_data)
        if congress:
            messages.success(request, f"已登记{congress}。")
            return redirect("democracy:congress", congress_id=congress.pk)
    return _form_page(request, form, "登记一届大会", org, "democracy:overview")


@login_required
def congress_detail(request, congress_id):
    """The delegate roster (会员(职工)代表名册) with composition checks and the term warning."""
    congress = access.get_object_for(request.user, Congress, id=congress_id)
    access.require(request.user, access.VIEW, congress.org)  # a member sees sessions, not the roster
    delegates = Delegate.objects.filter(congress=congress).for_roster()
    today = date.today()
    context = {
        "congress": congress,
        "org": congress.org,
        "current": [d for d in delegates if d.status == DelegateStatus.SEATED],
        "ended": [d for d in delegates if d.status == DelegateStatus.ENDED],
        "composition": services.composition(congress, today),
        "ending_soon": congress.term_ends_soon(today),
        "sessions": congress.sessions.order_by("number"),
        "elections": congress.elections.order_by("-held_on", "constituency"),
        "joint_meetings": congress.joint_meetings.annotate(
            pending=Count("decisions", filter=Q(decisions__reported_to__isnull=True))
        ).order_by("-held_on"),
        "can_change": _can_change(request, congress),
    }
    return render(request, "democracy/congress.html", context)


@login_required
def delegate_create(request, congress_id):
    congress = access.get_object_for(request.user, Congress, action=access.CHANGE, id=congress_id)
    ended = Delegate.objects.filter(congress=congress, status=DelegateStatus.ENDED, replaced_by__isnull=True)
    form = forms.DelegateForm(request.POST or None, ended=ended.select_related("member"))
    form.fields["member"].pick_from(picker.pickable(request.user, congress.org), congress.org)
    if request.method == "POST" and form.is_valid():
        delegate = run_service(form, services.add_delegate, congress=congress, **form.cleaned_data)
        if delegate:
            messages.success(request, f"已登记代表{delegate.member.name}。")
            return redirect("democracy:congress", congress_id=congress.pk)
    return render(
        request,
        "democracy/form.html",
        {"form": form, "title": "登记代表（含补选）", "org": congress.org, "congress": congress},
    )


@login_required
def delegate_end(request, delegate_id):
    delegate = access.get_object_for(request.user, Delegate, action=access.CHANGE, id=delegate_id)
    form = forms.EndMandateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            form, services.end_mandate, delegate=delegate, on=data["ended_on"], reason=data["end_reason"]
        ):
            messages.success(request, f"{delegate.member.name}的代表资格已终止，可登记补选代表。")
            return redirect("democracy:congress", congress_id=delegate.congress_id)
    return render(
        request,
        "democracy/form.html",
        {"form": form, "title": f"终止代表资格：{delegate.member.name}", "org": delegate.org},
    )


# ---- sessions ----------------------------------------------------------------------------


@login_required
def session_create(request, congress_id):
    congress = access.get_object_for(request.user, Congress, action=access.CHANGE, id=congress_id)
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = run_service(
            form, services.create_session, congress=congress, by=request.user, **form.cleaned_data
        )
        if session:
            messages.success(request, f"已登记{session.title}。")
            return redirect("democracy:session", session_id=session.pk)
    return render(
        request, "democracy/form.html", {"form": form, "title": f"{congress}：新会议", "org": congress.org}
    )


def _session_context(request, session):
    seated = session.seated().count()
    present = session.present_count()
    delegate = services.voting_delegate(session, request.user)
    my_delegate = session.congress.delegates.filter(
        member__user=request.user, status=DelegateStatus.SEATED
    ).first()
    checked_in = my_delegate and CheckIn.objects.filter(session=session, delegate=my_delegate).exists()
    officer = access.can(request.user, access.VIEW, session.org)
    proposals = Proposal.objects.filter(session=session)
    if not officer:
        proposals = proposals.filter(proposer__member__user=request.user)
    return {
        "session": session,
        "org": session.org,
        "congress": session.congress,
        "items": session.items.all(),
        "votes": session.votes.select_related("item").order_by("created_at"),
        "evaluations": session.evaluations.order_by("created_at"),
        "proposals": proposals.select_related("proposer__member").order_by("number", "created_at"),
        "seated": seated,
        "present": present,
        "quorum": session.quorum_needed(seated),
        "quorate": seated > 0 and present >= session.quorum_needed(seated),
        "delegate": delegate,
        "my_delegate": my_delegate,
        "checked_in": checked_in,
        "officer": officer,
        "can_change": _can_change(request, session),
        "closed": session.status == SessionStatus.CLOSED,
        "item_form": forms.AgendaItemForm(),
        "materials_form": forms.MaterialsForm(),
        "pending_joint": session.joint_reports.all() if session.status == SessionStatus.CLOSED else [],
        "proposal_window_open": session.proposals_close_on is None
        or date.today() <= session.proposals_close_on,
    }


@login_required
def session_detail(request, session_id):
    session = access.get_object_for(request.user, Session, id=session_id)
    return render(request, "democracy/session.html", _session_context(request, session))


@login_required
@require_POST
def item_create(request, session_id):
    session = access.get_object_for(request.user, Session, action=access.CHANGE, id=session_id)
    form = forms.AgendaItemForm(request.POST)
    if form.is_valid():
        _act(request, services.add_agenda_item, "已添加议题。", session=session, **form.cleaned_data)
    else:
        _form_errors(request, form)
    return redirect("democracy:session", session_id=session.pk)


@login_required
@require_POST
def session_materials(request, session_id):
    session = access.get_object_for(request.user, Session, action=access.CHANGE, id=session_id)
    form = forms.MaterialsForm(request.POST)
    if form.is_valid():
        done = _act(request, services.send_materials, "已记录材料送达日期。", session=session,
                    on=form.cleaned_data["sent_on"])  # fmt: skip
        if done and session.materials_late:
            messages.warning(
                request,
                f"材料晚于会前{session.congress.materials_lead_days}天（{session.materials_due_on:%Y-%m-%d}）送达。",
            )
    else:
        _form_errors(request, form)
    return redirect("democracy:session", session_id=session.pk)


@login_required
@require_POST
def session_close(request, session_id):
    session = access.get_object_for(request.user, Session, action=access.CHANGE, id=session_id)
    _act(request, services.close_session, "已闭会，结果已冻结。", session=session)
    return redirect("democracy:session", session_id=session.pk)


@login_required
@require_POST
def session_reported(request, session_id):
    session = access.get_object_for(request.user, Session, action=access.CHANGE, id=session_id)
    form = forms.MaterialsForm(request.POST)
    if form.is_valid():
        _act(request, services.record_upper_report, "已记录报告上级工会日期。", session=session,
             on=form.cleaned_data["sent_on"])  # fmt: skip
    else:
        _form_errors(request, form)
    return redirect("democracy:session", session_id=session.pk)


@login_required
def checkin(request, session_id):
    """GET: staff tick list (officers). POST: a delegate checks in on the phone, or staff tick one."""
    session = access.get_object_for(request.user, Session, id=session_id)
    if request.method == "POST":
        delegate_id = request.POST.get("delegate")
        if delegate_id:
            access.require(request.user, access.CHANGE, session.org)
            delegate = access.get_object_for(
                request.user, Delegate.objects.filter(congress=session.congress_id), id=_uuid(delegate_id)
            )
            _act(request, services.check_in, f"{delegate.member.name}已签到。", session=session,
                 delegate=delegate, by=request.user)  # fmt: skip
            return redirect("democracy:checkin", session_id=session.pk)
        mine = session.congress.delegates.filter(
            member__user=request.user, status=DelegateStatus.SEATED
        ).first()
        if mine is None:
            messages.error(request, "您不是本届大会的代表。")
        else:
            _act(request, services.check_in, "签到成功。", session=session, delegate=mine, by=request.user,
                 by_self=True)  # fmt: skip
        return redirect("democracy:session", session_id=session.pk)
    access.require(request.user, access.CHANGE, session.org)
    present = set(session.checkins.values_list("delegate_id", flat=True))
    delegates = Delegate.objects.filter(
        congress=session.congress_id, status=DelegateStatus.SEATED
    ).for_roster()
    context = _session_context(request, session)
    context["rows"] = [(d, d.pk in present) for d in delegates]
    return render(request, "democracy/checkin.html", context)


@login_required
def checkin_qr(request, session_id):
    """The QR code shown at the door: it opens the session page, where a delegate presses 签到."""
    from gonghui.activities.exports import qr_svg

    session = access.get_object_for(request.user, Session, action=access.CHANGE, id=session_id)
    url = request.build_absolute_uri(reverse("democracy:session", args=[session.pk]))
    return HttpResponse(qr_svg(url), content_type="image/svg+xml")


def _uuid(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404("找不到该代表。") from None


@login_required
def handling_report(request, session_id):
    session = access.get_object_for(request.user, Session, id=session_id)
    access.require(request.user, access.VIEW, session.org)
    return render(
        request,
        "democracy/handling_report.html",
        {"report": services.handling_report(session), "session": session, "org": session.org},
    )


# ---- votes -------------------------------------------------------------------------------


@login_required
def vote_create(request, agendaitem_id):
    item = access.get_object_for(request.user, AgendaItem, action=access.CHANGE, id=agendaitem_id)
    form = forms.VoteForm(
        request.POST or None,
        initial={"title": item.title, "kind": "election" if item.kind == "election" else "motion"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        vote = run_service(form, services.create_vote, item=item, title=data["title"], kind=data["kind"],
                    method=data["method"], candidates=data["candidates"].splitlines())  # fmt: skip
        if vote:
            messages.success(request, "已创建表决，签到达到法定人数后可开始投票。")
            return redirect("democracy:vote", vote_id=vote.pk)
    return render(
        request, "democracy/form.html", {"form": form, "title": f"付诸表决：{item.title}", "org": item.org}
    )


@login_required
def vote_detail(request, vote_id):
    vote = access.get_object_for(request.user, Vote.objects.select_related("session__congress"), id=vote_id)
    session = vote.session
    delegate = services.voting_delegate(session, request.user)
    context = {
        "vote": vote,
        "session": session,
        "org": vote.org,
        "options": vote.option_rows(),
        "delegate": delegate,
        "voted": services.has_voted(vote, delegate),
        "checked_in": delegate is not None
        and CheckIn.objects.filter(session=session, delegate=delegate).exists(),
        "can_change": _can_change(request, vote),
        "receipts": vote.receipts.count(),
        "present": session.present_count(),
        "seated": session.seated().count(),
        "show_counts": vote.status == VoteStatus.CLOSED,
        "tally_form": forms.TallyForm(options=vote.option_rows())
        if vote.method == VoteMethod.PAPER
        else None,
    }
    return render(request, "democracy/vote.html", context)


@login_required
@require_POST
def vote_open(request, vote_id):
    vote = access.get_object_for(request.user, Vote, action=access.CHANGE, id=vote_id)
    _act(request, services.open_vote, "表决已开始，代表可在手机上投票。", vote=vote, by=request.user)
    return redirect("democracy:vote", vote_id=vote.pk)


@login_required
@require_POST
def vote_close(request, vote_id):
    vote = access.get_object_for(request.user, Vote, action=access.CHANGE, id=vote_id)
    _act(request, services.close_vote, "表决已结束，结果已冻结。", vote=vote, by=request.user)
    return redirect("democracy:vote", vote_id=vote.pk)


@login_required
@require_POST
def vote_cast(request, vote_id):
    vote = access.get_object_for(request.user, Vote, id=vote_id)
    _act(request, services.cast_ballot, "您的票已投出。系统只记录您已投票，不记录您投了什么。", vote=vote,
         user=request.user, option_id=_uuid(request.POST.get("option", "")) if request.POST.get("option") else None)  # fmt: skip
    return redirect("democracy:vote", vote_id=vote.pk)


@login_required
@require_POST
def vote_tally(request, vote_id):
    vote = access.get_object_for(request.user, Vote, action=access.CHANGE, id=vote_id)
    form = forms.TallyForm(request.POST, options=vote.option_rows())
    if form.is_valid():
        _act(request, services.enter_paper_tally, "已录入计票结果。", vote=vote, counts=form.counts(),
             teller_1=form.cleaned_data["teller_1"], teller_2=form.cleaned_data["teller_2"])  # fmt: skip
    else:
        _form_errors(request, form)
    return redirect("democracy:vote", vote_id=vote.pk)


@login_required
@require_POST
def vote_revote(request, vote_id):
    vote = access.get_object_for(request.user, Vote, action=access.CHANGE, id=vote_id)
    candidates = [o.label for o in vote.option_rows() if o.label != "弃权"] if vote.kind == "election" else ()
    new = _act(request, services.create_vote, "已发起重新表决（原表决结果保留）。", item=vote.item,
               title=vote.title, kind=vote.kind, method=vote.method, candidates=candidates, supersedes=vote)  # fmt: skip
    return redirect("democracy:vote", vote_id=new.pk if isinstance(new, Vote) else vote.pk)


@login_required
def vote_print(request, vote_id):
    vote = access.get_object_for(request.user, Vote, id=vote_id)
    if vote.status != VoteStatus.CLOSED:
        raise Http404("表决尚未结束。")
    return render(
        request, "democracy/vote_print.html", {"vote": vote, "options": vote.option_rows(), "org": vote.org}
    )


# ---- proposals ---------------------------------------------------------------------------


@login_required
def proposal_list(request, org_code):
    org = access.get_org_for(request.user, org_code)
    proposals = access.scope(request.user, Proposal.objects.in_subtree(org)).for_list()
    status = request.GET.get("status", "")
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    return render(
        request,
        "democracy/proposal_list.html",
        {"org": org, "proposals": proposals[:300], "statuses": ProposalStatus.choices, "status": status},
    )


@login_required
def proposal_create(request, session_id):
    session = access.get_object_for(request.user, Session, id=session_id)
    form = forms.ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        proposal = run_service(
            form,
            services.draft_proposal,
            session=session,
            delegate=services.delegate_of(session, request.user),
            by=request.user,
            **form.cleaned_data,
        )
        if proposal:
            messages.success(request, "提案已保存。请邀请至少两位代表附议，然后提交。")
            return redirect("democracy:proposal", proposal_id=proposal.pk)
    return render(request, "democracy/form.html", {"form": form, "title": "提出提案", "org": session.org})


@login_required
def proposal_detail(request, proposal_id):
    proposal = access.get_object_for(
        request.user, Proposal.objects.select_related("session__congress", "proposer__member"), id=proposal_id
    )
    mine = proposal.proposer.member.user_id == request.user.pk
    invitable = (
        Delegate.objects.filter(
            congress=proposal.session.congress_id, status=DelegateStatus.SEATED, kind="regular"
        )
        .exclude(pk=proposal.proposer_id)
        .exclude(seconds__proposal=proposal)
        .select_related("member")
        .order_by("member__name_pinyin")
    )
    context = {
        "proposal": proposal,
        "org": proposal.org,
        "mine": mine,
        "seconds": proposal.seconds.select_related("delegate__member"),
        "events": proposal.events.select_related("by"),
        "problems": services.qualifies(proposal) if proposal.status == ProposalStatus.SUBMITTED else [],
        "can_change": _can_change(request, proposal),
        "invite_form": forms.InviteForm(delegates=invitable) if mine else None,
        "decide_form": forms.DecideForm(),
        "reply_form": forms.ReplyForm(),
        "rate_form": forms.RateForm(),
    }
    return render(request, "democracy/proposal.html", context)


def _own_proposal(request, proposal_id):
    proposal = access.get_object_for(request.user, Proposal, id=proposal_id)
    if proposal.proposer.member.user_id != request.user.pk:
        raise Http404("只有提案人本人可以办理此步骤。")
    return proposal


@login_required
@require_POST
def proposal_invite(request, proposal_id):
    proposal = _own_proposal(request, proposal_id)
    delegates = Delegate.objects.filter(congress=proposal.session.congress_id)
    form = forms.InviteForm(request.POST, delegates=delegates)
    if form.is_valid():
        _act(request, services.invite_seconder, "已发出附议邀请。", proposal=proposal,
             delegate=form.cleaned_data["delegate"], by=request.user)  # fmt: skip
    else:
        _form_errors(request, form)
    return redirect("democracy:proposal", proposal_id=proposal.pk)


@login_required
@require_POST
def proposal_submit(request, proposal_id):
    proposal = _own_proposal(request, proposal_id)
    _act(
        request,
        services.submit_proposal,
        "提案已提交提案工作委员会审查。",
        proposal=proposal,
        by=request.user,
    )
    return redirect("democracy:proposal", proposal_id=proposal.pk)


@login_required
@require_POST
def seconding_accept(request, seconding_id):
    seconding = access.get_object_for(request.user, Seconding, id=seconding_id)
    if seconding.delegate.member.user_id != request.user.pk:
        raise Http404("只能由被邀请的代表本人附议。")
    _act(request, services.accept_seconding, "已附议。", seconding=seconding, by=request.user)
    if access.scope(request.user, Proposal.objects.filter(pk=seconding.proposal_id)).exists():
        return redirect("democracy:proposal", proposal_id=seconding.proposal_id)
    return redirect("democracy:session", session_id=seconding.proposal.session_id)


@login_required
@require_POST
def proposal_decide(request, proposal_id):
    proposal = access.get_object_for(request.user, Proposal, action=access.CHANGE, id=proposal_id)
    form = forms.DecideForm(request.POST)
    if form.is_valid():
        _act(
            request,
            services.decide_proposal,
            "已审查。",
            proposal=proposal,
            by=request.user,
            **form.cleaned_data,
        )
    else:
        _form_errors(request, form)
    return redirect("democracy:proposal", proposal_id=proposal.pk)


@login_required
@require_POST
def proposal_reply(request, proposal_id):
    proposal = access.get_object_for(request.user, Proposal, action=access.CHANGE, id=proposal_id)
    form = forms.ReplyForm(request.POST)
    if form.is_valid():
        _act(request, services.reply_proposal, "已书面答复提案人。", proposal=proposal, by=request.user,
             reply=form.cleaned_data["reply"], on=form.cleaned_data["replied_on"])  # fmt: skip
    else:
        _form_errors(request, form)
    return redirect("democracy:proposal", proposal_id=proposal.pk)


@login_required
@require_POST
def proposal_rate(request, proposal_id):
    proposal = _own_proposal(request, proposal_id)
    form = forms.RateForm(request.POST)
    if form.is_valid():
        _act(request, services.rate_proposal, "已评价。", proposal=proposal, by=request.user,
             rating=form.cleaned_data["rating"])  # fmt: skip
    else:
        _form_errors(request, form)
    return redirect("democracy:proposal", proposal_id=proposal.pk)


# ---- 民主评议 ------------------------------------------------------------------------------


@login_required
def evaluation_create(request, session_id):
    session = access.get_object_for(request.user, Session, action=access.CHANGE, id=session_id)
    form = forms.EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        evaluation = run_service(form, services.create_evaluation, session=session, title=form.cleaned_data["title"],
                          leaders=form.leader_pairs(), method=form.cleaned_data["method"],
                          by_members=form.cleaned_data["by_members"])  # fmt: skip
        if evaluation:
            return redirect("democracy:evaluation", leaderevaluation_id=evaluation.pk)
    return render(request, "democracy/form.html", {"form": form, "title": "民主评议", "org": session.org})


@login_required
def evaluation_detail(request, leaderevaluation_id):
    evaluation = access.get_object_for(request.user, LeaderEvaluation, id=leaderevaluation_id)
    if evaluation.by_members:
        voter = services.evaluation_electorate(evaluation).filter(user=request.user).first()
        voted = voter is not None and evaluation.member_receipts.filter(member=voter).exists()
    else:
        voter = services.voting_delegate(evaluation.session, request.user)
        voted = voter is not None and evaluation.receipts.filter(delegate=voter).exists()
    closed = evaluation.status == VoteStatus.CLOSED
    context = {
        "evaluation": evaluation,
        "org": evaluation.org,
        "session": evaluation.session,
        "leaders": evaluation.leaders.all(),
        "delegate": voter if evaluation.method == VoteMethod.ELECTRONIC else None,
        "voted": voted,
        "can_change": _can_change(request, evaluation),
        "results": services.evaluation_results(evaluation) if closed else None,
        "comments": evaluation.box.comments if closed and hasattr(evaluation, "box") else [],
        "grades": services.GRADES,
        "receipts": services.evaluation_receipts(evaluation).count(),
        "paper": evaluation.method == VoteMethod.PAPER,
    }
    return render(request, "democracy/evaluation.html", context)


@login_required
@require_POST
def evaluation_open(request, leaderevaluation_id):
    evaluation = access.get_object_for(
        request.user, LeaderEvaluation, action=access.CHANGE, id=leaderevaluation_id
    )
    _act(request, services.open_evaluation, "评议已开始。", evaluation=evaluation)
    return redirect("democracy:evaluation", leaderevaluation_id=evaluation.pk)


@login_required
@require_POST
def evaluation_close(request, leaderevaluation_id):
    evaluation = access.get_object_for(
        request.user, LeaderEvaluation, action=access.CHANGE, id=leaderevaluation_id
    )
    _act(request, services.close_evaluation, "评议已结束。", evaluation=evaluation)
    return redirect("democracy:evaluation", leaderevaluation_id=evaluation.pk)


@login_required
@require_POST
def evaluation_cast(request, leaderevaluation_id):
    evaluation = access.get_object_for(request.user, LeaderEvaluation, id=leaderevaluation_id)
    grades = {k[len("leader_") :]: v for k, v in request.POST.items() if k.startswith("leader_")}
    _act(request, services.cast_evaluation, "评议票已投出（无记名）。", evaluation=evaluation, user=request.user,
         grades=grades, comment=request.POST.get("comment", "")[:500])  # fmt: skip
    return redirect("democracy:evaluation", leaderevaluation_id=evaluation.pk)


@login_required
def evaluation_paper(request, leaderevaluation_id):
    """Paper envelopes: two tellers enter ballots issued/returned and the counts per leader per grade."""
    evaluation = access.get_object_for(
        request.user, LeaderEvaluation, action=access.CHANGE, id=leaderevaluation_id
    )
    form = forms.PaperEvaluationForm(
        request.POST or None, leaders=evaluation.leaders.all(), grades=services.GRADES
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(form, services.enter_paper_evaluation, evaluation=evaluation, counts=form.counts(),
                    ballots=data["ballots"], ballots_issued=data["ballots_issued"], teller_1=data["teller_1"],
                    teller_2=data["teller_2"])  # fmt: skip
        if done:
            messages.success(request, "已录入纸质评议票计票结果，可结束评议。")
            return redirect("democracy:evaluation", leaderevaluation_id=evaluation.pk)
    return render(
        request,
        "democracy/evaluation_paper.html",
        {"form": form, "evaluation": evaluation, "session": evaluation.session, "org": evaluation.org,
         "grades": services.GRADES},
    )  # fmt: skip


# ---- 代表选举 (rule 8) and 临时会议 (rule 5) ---------------------------------------------------


@login_required
def election_create(request, congress_id):
    congress = access.get_object_for(request.user, Congress, action=access.CHANGE, id=congress_id)
    form = forms.ElectionForm(
        request.POST or None, members=picker.pickable(request.user, congress.org), org=congress.org
    )
    if request.method == "POST" and form.is_valid():
        election = run_service(form, services.record_delegate_election, congress=congress, by=request.user,
                        votes=form.votes(), **form.election_fields())  # fmt: skip
        if election:
            messages.success(request, f"已登记选举结果：{election.result_text}。")
            return redirect("democracy:election", delegateelection_id=election.pk)
    return render(
        request,
        "democracy/form.html",
        {"form": form, "title": "登记代表选举（选区）", "org": congress.org, "congress": congress},
    )


@login_required
def election_detail(request, delegateelection_id):
    election = access.get_object_for(request.user, DelegateElection, id=delegateelection_id)
    return render(
        request,
        "democracy/election.html",
        {"election": election, "congress": election.congress, "org": election.org,
         "candidates": election.candidates.select_related("member", "delegate"),
         "can_change": _can_change(request, election)},
    )  # fmt: skip


@login_required
@require_POST
def election_seat(request, delegateelection_id):
    election = access.get_object_for(
        request.user, DelegateElection, action=access.CHANGE, id=delegateelection_id
    )
    _act(
        request,
        services.seat_elected_delegates,
        "当选人已登记为代表（名册保留选举记录）。",
        election=election,
    )
    return redirect("democracy:election", delegateelection_id=election.pk)


@login_required
def extraordinary_create(request, congress_id):
    congress = access.get_object_for(request.user, Congress, action=access.CHANGE, id=congress_id)
    seated = (
        Delegate.objects.filter(congress=congress).seated_on(timezone.localdate()).select_related("member").order_by(
            "delegation", "member__name_pinyin")
    )  # fmt: skip
    form = forms.ExtraordinaryForm(request.POST or None, delegates=seated)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session = run_service(form, services.request_extraordinary_session, congress=congress, by=request.user,
                       held_on=data["held_on"], place=data["place"], mode=data["mode"],
                       requesters=list(data["requesters"]))  # fmt: skip
        if session:
            messages.success(request, f"已登记代表提议召开的临时会议：{session.title}。")
            return redirect("democracy:session", session_id=session.pk)
    return render(
        request,
        "democracy/form.html",
        {"form": form, "title": f"代表提议召开临时会议（须三分之一以上代表联名，在任代表{seated.count()}人）",
         "org": congress.org, "congress": congress},
    )  # fmt: skip


# ---- 联席会议 ------------------------------------------------------------------------------


@login_required
def joint_create(request, congress_id):
    congress = access.get_object_for(request.user, Congress, action=access.CHANGE, id=congress_id)
    form = forms.JointMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = run_service(
            form, services.record_joint_meeting, congress=congress, by=request.user, **form.cleaned_data
        )
        if meeting:
            return redirect("democracy:joint", jointmeeting_id=meeting.pk)
    return render(request, "democracy/form.html", {"form": form, "title": "联席会议", "org": congress.org})


@login_required
def joint_detail(request, jointmeeting_id):
    meeting = access.get_object_for(request.user, JointMeeting, id=jointmeeting_id)
    form = forms.JointDecisionForm(request.POST or None)
    if request.method == "POST":
        access.require(request.user, access.CHANGE, meeting.org)
        if form.is_valid() and run_service(
            form, services.record_joint_decision, meeting=meeting, **form.cleaned_data
        ):
            messages.success(request, "已记录决定，待向下次大会报告。")
            return redirect("democracy:joint", jointmeeting_id=meeting.pk)
    return render(
        request,
        "democracy/joint.html",
        {
            "meeting": meeting,
            "org": meeting.org,
            "form": form,
            "decisions": meeting.decisions.all(),
            "can_change": _can_change(request, meeting),
        },  # fmt: skip
    )
