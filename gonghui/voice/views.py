"""Pages of open affairs and the members' voice. Officers work under /voice/<org_code>/; a member's
own pages (/voice/me/ and the notice and suggestion pages) are made for a phone."""

from datetime import date

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Min
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import access
from gonghui.core.forms import run_service
from gonghui.core.pagination import paginate
from gonghui.core.uploads import serve_upload
from gonghui.dues import reads as dues_reads
from gonghui.metrics import registry
from gonghui.orgs.models import OrgKind
from gonghui.voice import forms, publishing, services
from gonghui.voice import home as member_home
from gonghui.voice.models import (
    Channel,
    Notice,
    NoticeAttachment,
    NoticeStatus,
    Opinion,
    PublishingRule,
    Suggestion,
    SuggestionAttachment,
    SuggestionStatus,
)

REFS_COOKIE = "voice_refs"  # the references of this phone's anonymous letters, on the phone only
REFS_SALT = "gonghui.voice.refs"
KEPT_REFS = 20


def _message_errors(request, form):
    text = "；".join(e for errors in form.errors.values() for e in errors)
    messages.error(request, text or "输入有误，请检查。")


def _is_officer(user, org) -> bool:
    return access.can(user, access.VIEW, org)


def _year(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)


# ---- entry points ----------------------------------------------------------------------------


@login_required
def index(request):
    if request.org is None:
        raise Http404("您还没有任何组织的角色。")
    if not _is_officer(request.user, request.org):
        return redirect("voice:me")
    return redirect("voice:overview", org_code=request.org.code)


@login_required
def overview(request, org_code):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.VIEW, org)
    year = _year(request)
    start, end = date(year, 1, 1), date(year, 12, 31)
    today = timezone.localdate()
    keys = [
        "democracy.open_affairs_rate",
        "democracy.notices_published",
        "democracy.suggestions",
        "democracy.suggestion_adoption_rate",
        "democracy.mailbox_on_time_rate",
    ]
    dues = publishing.due_publications(org.subtree(), start, end)
    attention = [d for d in dues if d.status(today) in ("overdue", "pending")]
    opinions = access.scope(request.user, Opinion.objects.in_subtree(org)).overdue(today)
    letters = access.scope(request.user, Suggestion.objects.in_subtree(org)).overdue(today)
    context = {
        "org": org,
        "year": year,
        "today": today,
        "figures": [registry.compute(key, org, start, end) for key in keys],
        "attention": attention[:20],
        "overdue_opinions": opinions.select_related("notice")[:20],
        "overdue_letters": letters.order_by("due_on")[:20],
        "escalated": _escalated_by_union(org),
        "can_change": access.can(request.user, access.CHANGE, org),
        "can_personal": access.can(request.user, access.PERSONAL, org),
    }
    return render(request, "voice/overview.html", context)


def _escalated_by_union(org):
    """Escalated letters still unanswered, counted per union: what the federation chases. Counts
    only (no writer, no title), so every viewer of the org may see them."""
    rows = Suggestion.objects.in_subtree(org).escalated_open().values("org__code", "org__name")
    return rows.annotate(count=Count("pk"), oldest_due=Min("due_on")).order_by("oldest_due")[:50]


# ---- notices ---------------------------------------------------------------------------------


@login_required
def notice_list(request, org_code):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.VIEW, org)
    notices = access.scope(request.user, Notice.objects.in_subtree(org)).for_list()
    category = request.GET.get("category", "")
    if category in dict(forms.Category.choices):
        notices = notices.filter(category=category)
    context = {
        "org": org,
        "page_obj": paginate(request, notices),
        "categories": forms.Category.choices,
        "category": category,
        "today": timezone.localdate(),
        "can_change": access.can(request.user, access.CHANGE, org),
    }
    return render(request, "voice/notice_list.html", context)


@login_required
def notice_create(request, org_code):
    org = access.get_org_for(request.user, org_code, action=access.CHANGE)
    form = forms.NoticeForm(request.POST or None, request.FILES or None, org=org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        notice = run_service(form, services.create_notice, org=org, by=request.user, **data)
        if notice:
            messages.success(request, "已发布。" if notice.is_published else "已保存为草稿。")
            return redirect("voice:notice", notice_id=notice.pk)
    context = {"form": form, "org": org, "title": "新建公开事项", "multipart": True}
    return render(request, "voice/form.html", context)


@login_required
def notice_edit(request, notice_id):
    notice = access.get_object_for(request.user, Notice, action=access.CHANGE, id=notice_id)
    if notice.status != NoticeStatus.DRAFT:
        messages.error(request, "已发布的公开事项不能修改；如有错误请撤回后重新发布。")
        return redirect("voice:notice", notice_id=notice.pk)
    fields = ["kind", "category", "title", "body", "audience", "audience_group", "publish_from", "publish_to"]
    initial = {f: getattr(notice, f) for f in fields} | {"publish": False}
    form = forms.NoticeForm(request.POST or None, request.FILES or None, org=notice.org, initial=initial)
    saved = request.method == "POST" and form.is_valid()
    if saved and run_service(
        form, services.update_draft, notice=notice, by=request.user, **form.cleaned_data
    ):
        messages.success(request, "已发布。" if notice.is_published else "草稿已保存。")
        return redirect("voice:notice", notice_id=notice.pk)
    context = {"form": form, "org": notice.org, "title": "修改草稿", "multipart": True}
    return render(request, "voice/form.html", context)


def _notice_for(user, notice_id) -> Notice:
    """The notice if the user may open it: officers any, members only published ones for them."""
    notice = access.get_object_for(user, Notice.objects.select_related("org"), id=notice_id)
    if _is_officer(user, notice.org):
        return notice
    if not notice.is_published or not services.in_audience(notice, services.member_of(user)):
        raise Http404("找不到该公开事项，或您不在公开范围内。")
    return notice


@login_required
def notice_detail(request, notice_id):
    notice = _notice_for(request.user, notice_id)
    officer = _is_officer(request.user, notice.org)
    today = timezone.localdate()
    read = services.record_read(notice=notice, user=request.user)
    context = {
        "notice": notice,
        "org": notice.org,
        "officer": officer,
        "today": today,
        "attachments": notice.attachments.order_by("name"),
        "read": read,
    }
    if officer:
        context.update(
            {
                "stats": services.read_stats(notice) if notice.is_published else None,
                "opinions": notice.opinions.select_related("member").order_by("created_at"),
                "can_change": access.can(request.user, access.CHANGE, notice.org),
                "reply_form": forms.ReplyForm(),
                "withdraw_form": forms.WithdrawForm(),
            }
        )
    else:
        context.update(
            {
                "opinions": notice.opinions.filter(author=request.user).order_by("created_at"),
                "opinion_form": forms.OpinionForm(),
                "can_comment": notice.status == NoticeStatus.PUBLISHED,
            }
        )
    return render(request, "voice/notice_detail.html", context)


@login_required
@require_POST
def notice_publish(request, notice_id):
    notice = access.get_object_for(request.user, Notice, action=access.CHANGE, id=notice_id)
    try:
        services.publish_notice(notice=notice, by=request.user)
        messages.success(request, "已发布。")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("voice:notice", notice_id=notice.pk)


@login_required
@require_POST
def notice_withdraw(request, notice_id):
    notice = access.get_object_for(request.user, Notice, action=access.CHANGE, id=notice_id)
    form = forms.WithdrawForm(request.POST)
    if form.is_valid() and run_service(
        form, services.withdraw_notice, notice=notice, by=request.user, **form.cleaned_data
    ):
        messages.success(request, "已撤回，原因已记录。")
    else:
        _message_errors(request, form)
    return redirect("voice:notice", notice_id=notice.pk)


@login_required
@require_POST
def notice_remind(request, notice_id):
    notice = access.get_object_for(request.user, Notice, action=access.CHANGE, id=notice_id)
    try:
        count = services.remind_unread(notice=notice, by=request.user)
        messages.success(request, f"已提醒 {count} 位未读职工（在其手机首页标出）。")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("voice:notice", notice_id=notice.pk)


@login_required
def notice_print(request, notice_id):
    """The board copy (公开栏): the notice with a QR code to the online copy."""
    notice = access.get_object_for(request.user, Notice, id=notice_id)
    access.require(request.user, access.VIEW, notice.org)
    url = request.build_absolute_uri(reverse("voice:notice", kwargs={"notice_id": notice.pk}))
    qr = segno.make(url, error="m").svg_data_uri(scale=4, border=2)
    return render(
        request, "voice/notice_print.html", {"notice": notice, "org": notice.org, "qr": qr, "url": url}
    )


@login_required
def notice_attachment(request, noticeattachment_id):
    attachment = access.get_object_for(request.user, NoticeAttachment, id=noticeattachment_id)
    _notice_for(request.user, attachment.notice_id)
    return serve_upload(attachment.file, download_name=attachment.name)


@login_required
@require_POST
def opinion_add(request, notice_id):
    notice = _notice_for(request.user, notice_id)
    form = forms.OpinionForm(request.POST)
    if form.is_valid() and run_service(
        form, services.add_opinion, notice=notice, by=request.user, **form.cleaned_data
    ):
        messages.success(request, "意见已提交，工会将在期限内答复。")
    else:
        _message_errors(request, form)
    return redirect("voice:notice", notice_id=notice.pk)


@login_required
@require_POST
def opinion_reply(request, opinion_id):
    opinion = access.get_object_for(request.user, Opinion, action=access.CHANGE, id=opinion_id)
    form = forms.ReplyForm(request.POST)
    if form.is_valid() and run_service(
        form, services.reply_opinion, opinion=opinion, by=request.user, **form.cleaned_data
    ):
        messages.success(request, "已答复。")
    else:
        _message_errors(request, form)
    return redirect("voice:notice", notice_id=opinion.notice_id)


# ---- the publishing plan ---------------------------------------------------------------------


@login_required
def plan(request, org_code):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.VIEW, org)
    year = _year(request)
    today = timezone.localdate()
    can_change = access.can(request.user, access.CHANGE, org) and org.kind == OrgKind.UNION
    form = forms.RuleForm(request.POST or None)
    if request.method == "POST":
        access.require(request.user, access.CHANGE, org)
        if form.is_valid() and run_service(
            form, services.save_rule, org=org, by=request.user, **form.cleaned_data
        ):
            messages.success(request, "已保存公开计划。")
            return redirect("voice:plan", org_code=org.code)
    dues = publishing.due_publications(org.subtree(), date(year, 1, 1), date(year, 12, 31))
    rows = [(d, d.status(today), d.status_label(today)) for d in dues]
    rules = access.scope(request.user, PublishingRule.objects.filter(org=org))
    context = {
        "org": org,
        "year": year,
        "rows": rows,
        "rules": rules,
        "defaults": publishing.rules_for(org, own=[]) if org.kind == OrgKind.UNION else [],
        "form": form,
        "can_change": can_change,
        "done": sum(1 for d in publishing.counted(dues, today) if d.on_time),
        "counted": len(publishing.counted(dues, today)),
    }
    return render(request, "voice/plan.html", context)


@login_required
@require_POST
def rule_delete(request, publishingrule_id):
    rule = access.get_object_for(request.user, PublishingRule, action=access.CHANGE, id=publishingrule_id)
    services.delete_rule(rule=rule, by=request.user)
    messages.success(request, "已删除该计划项。")
    return redirect("voice:plan", org_code=rule.org.code)


# ---- suggestions and letters (the union's side) ----------------------------------------------


@login_required
def suggestion_list(request, org_code):
    org = access.get_org_for(request.user, org_code)
    access.require(request.user, access.PERSONAL, org)
    rows = access.scope(request.user, Suggestion.objects.in_subtree(org)).for_list()
    channel = request.GET.get("channel", "")
    if channel in Channel.values:
        rows = rows.filter(channel=channel)
    status = request.GET.get("status", "")
    today = timezone.localdate()
    if status == "open":
        rows = rows.unanswered()
    elif status == "overdue":
        rows = rows.overdue(today)
    elif status == "escalated":
        rows = rows.escalated_open()
    elif status in SuggestionStatus.values:
        rows = rows.filter(status=status)
    context = {
        "org": org,
        "page_obj": paginate(request, rows),
        "channel": channel,
        "status": status,
        "channels": Channel.choices,
        "statuses": forms.STATUS_FILTER,
        "today": today,
    }
    return render(request, "voice/suggestion_list.html", context)


@login_required
def suggestion_detail(request, suggestion_id):
    suggestion = access.get_object_for(
        request.user, Suggestion.objects.select_related("org", "member"), id=suggestion_id
    )
    officer = access.can(request.user, access.PERSONAL, suggestion.org)
    context = {
        "s": suggestion,
        "org": suggestion.org,
        "officer": officer,
        "today": timezone.localdate(),
        "attachments": suggestion.attachments.order_by("name"),
        "can_change": officer and access.can(request.user, access.CHANGE, suggestion.org),
        "evaluate_form": forms.EvaluateForm(
            initial={"department": suggestion.department, "reason": suggestion.decision_reason}
        ),
        "implement_form": forms.ImplementForm(initial={"implemented_on": timezone.localdate()}),
        "reply_form": forms.ReplyForm(),
        "rating_form": forms.RatingForm(),
        "is_writer": suggestion.author_id == request.user.pk,
    }
    return render(request, "voice/suggestion_detail.html", context)


def _handle_suggestion(request, suggestion_id, form_class, service, success):
    """An officer's step on a suggestion or letter: the form, then the service, then back to it."""
    suggestion = access.get_object_for(request.user, Suggestion, action=access.CHANGE, id=suggestion_id)
    access.require(request.user, access.PERSONAL, suggestion.org)
    form = form_class(request.POST)
    if form.is_valid() and run_service(
        form, service, suggestion=suggestion, by=request.user, **form.cleaned_data
    ):
        messages.success(request, success)
    else:
        _message_errors(request, form)
    return redirect("voice:suggestion", suggestion_id=suggestion.pk)


@login_required
@require_POST
def suggestion_evaluate(request, suggestion_id):
    return _handle_suggestion(
        request,
        suggestion_id,
        forms.EvaluateForm,
        services.evaluate_suggestion,
        "评审结论已记录并答复建议人。",
    )


@login_required
@require_POST
def suggestion_implement(request, suggestion_id):
    return _handle_suggestion(
        request, suggestion_id, forms.ImplementForm, services.record_implementation, "已登记实施情况。"
    )


@login_required
@require_POST
def letter_answer(request, suggestion_id):
    return _handle_suggestion(request, suggestion_id, forms.ReplyForm, services.answer_letter, "已答复。")


@login_required
@require_POST
def suggestion_rate(request, suggestion_id):
    suggestion = access.get_object_for(request.user, Suggestion, id=suggestion_id)
    if suggestion.author_id != request.user.pk:
        raise PermissionDenied("只有写信人可以评价答复。")
    form = forms.RatingForm(request.POST)
    if form.is_valid() and run_service(
        form, services.rate_answer, suggestion=suggestion, **form.cleaned_data
    ):
        messages.success(request, "谢谢您的评价。")
    else:
        _message_errors(request, form)
    return redirect("voice:suggestion", suggestion_id=suggestion.pk)


@login_required
def suggestion_attachment(request, suggestionattachment_id):
    attachment = access.get_object_for(request.user, SuggestionAttachment, id=suggestionattachment_id)
    return serve_upload(attachment.file, download_name=attachment.name)


# ---- the member's phone ----------------------------------------------------------------------


def _phone_refs(request) -> list[str]:
    try:
        value = signing.loads(request.COOKIES.get(REFS_COOKIE, ""), salt=REFS_SALT, max_age=None)
    except signing.BadSignature:
        return []
    return [r for r in value if isinstance(r, str)][:KEPT_REFS] if isinstance(value, list) else []


def _remember_ref(response, request, reference):
    refs = [reference, *[r for r in _phone_refs(request) if r != reference]][:KEPT_REFS]
    response.set_cookie(
        REFS_COOKIE,
        signing.dumps(refs, salt=REFS_SALT),
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def home(request):
    """The member's phone home (`/` for a member-only user, /voice/me/ for anyone bound to a
    roster row): notices to read, activities, congress business, their letters, dues and record."""
    member = services.member_of(request.user)
    today, now = timezone.localdate(), timezone.now()
    unread, read = member_home.notices(request.user, member, today)
    context = {
        "member": member,
        "org": member.org if member else request.org,
        "unread": unread,
        "read": read,
        "activities": member_home.activities(request.user, member, now),
        "congress": member_home.congress(request.user, member),
        "dues": dues_reads.member_dues(member, today) if member else None,
        "today": today,
        **member_home.own_writing(request.user, _phone_refs(request)),
    }
    return render(request, "voice/me.html", context)


me = login_required(home)


@login_required
def record(request):
    """What the union holds about the member: only their own row and the rows about them."""
    member = member_home.own_member(request.user)
    if member is None:
        raise Http404("您的账号没有关联会员档案，请联系工会。")
    context = member_home.record(request.user, member, timezone.localdate())
    context["org"] = member.org
    return render(request, "voice/record.html", context)


@login_required
def write(request):
    """A member writes a suggestion or a letter (anonymous if they choose, for the mailbox)."""
    member = services.member_of(request.user)
    if member is None:
        raise Http404("您的账号没有关联会员档案，请联系工会。")
    initial = {"channel": request.GET.get("channel")} if request.GET.get("channel") in Channel.values else {}
    form = forms.SuggestionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        suggestion = run_service(form, services.submit_suggestion, by=request.user, **form.cleaned_data)
        if suggestion and suggestion.anonymous:
            response = render(request, "voice/anonymous_sent.html", {"s": suggestion, "org": member.org})
            _remember_ref(response, request, suggestion.reference)
            return response
        if suggestion:
            messages.success(request, f"已提交，工会将在 {suggestion.due_on:%Y-%m-%d} 前答复。")
            return redirect("voice:suggestion", suggestion_id=suggestion.pk)
    context = {
        "form": form,
        "org": member.org,
        "title": "提建议 · 写信给工会",
        "multipart": True,
        "member_view": True,
    }
    return render(request, "voice/form.html", context)


@login_required
def lookup(request):
    """An anonymous writer comes back with the reference: the answer, and a rating once answered."""
    # By POST only: a reference in a URL would sit in the server's access log beside the session.
    form = forms.LookupForm(request.POST or None)
    found = None
    rating_form = forms.RatingForm()
    if form.is_bound and form.is_valid():
        found = services.find_by_reference(form.cleaned_data["reference"])
        if found is None or not found.anonymous:
            form.add_error("reference", "查询码不正确，请核对（共12位字母和数字）。")
            found = None
        elif request.method == "POST" and "rating" in request.POST:
            rating_form = forms.RatingForm(request.POST)
            if rating_form.is_valid() and run_service(
                rating_form, services.rate_answer, suggestion=found, **rating_form.cleaned_data
            ):
                messages.success(request, "谢谢您的评价。")
    response = render(
        request,
        "voice/lookup.html",
        {"form": form, "s": found, "rating_form": rating_form, "org": request.org},
    )
    if found is not None:
        _remember_ref(response, request, found.reference)
    return response
