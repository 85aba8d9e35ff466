import segno
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.accounts import services, tasks
from gonghui.accounts.forms import FirstPasswordForm, OpenForm
from gonghui.accounts.middleware import SESSION_KEY
from gonghui.accounts.models import AccountBatch, FirstPassword
from gonghui.core import access
from gonghui.core.forms import run_service
from gonghui.core.masking import mask_phone
from gonghui.core.pagination import keyset_page
from gonghui.core.tasks import current
from gonghui.members.models import ROSTER_ORDER, Member

PER_PAGE = 50


@login_required
def index(request):
    if request.org is None:
        raise Http404("请先选择组织。")
    return redirect("accounts:org", org_code=request.org.code)


def _listed(org, show, q):
    members = Member.objects.in_subtree(org).active().select_related("org", "user__first_password")
    members = members.filter(user__isnull=show != "opened")
    return members.search(q) if q else members


@login_required
def org_accounts(request, org_code):
    """Who has an account and who has not, with boxes to tick for opening and a reissue per account."""
    org = access.get_org_for(request.user, org_code, access.MEMBERS)
    show = "opened" if request.GET.get("show") == "opened" else "waiting"
    q = request.GET.get("q", "").strip()[:50]
    rows, next_cursor = keyset_page(
        _listed(org, show, q), order=ROSTER_ORDER, cursor=request.GET.get("after"), per_page=PER_PAGE
    )
    in_org = Member.objects.in_subtree(org).active()
    context = {
        "org": org,
        "show": show,
        "q": q,
        "rows": [_row(m) for m in rows],
        "next_cursor": next_cursor,
        "counts": {
            "active": in_org.count(),
            "opened": in_org.filter(user__isnull=False).count(),
            "no_phone": in_org.filter(user__isnull=True, phone="").count(),
        },
        "batches": AccountBatch.objects.in_subtree(org)
        .select_related("created_by", "progress")
        .order_by("-created_at")[:10],
        "form": OpenForm(),
    }
    return render(request, "accounts/org.html", context)


def _row(member):
    pending = getattr(member.user, "first_password", None) if member.user_id else None
    return {
        "member": member,
        "phone": mask_phone(member.phone),
        "first_pending": pending is not None and pending.changed_at is None,
    }


@login_required
@require_POST
def open_accounts(request, org_code):
    org = access.get_org_for(request.user, org_code, access.MEMBERS)
    waiting = Member.objects.in_subtree(org).filter(pk__in=request.POST.getlist("member"))
    form = OpenForm(request.POST, choices=[(str(pk), str(pk)) for pk in waiting.values_list("pk", flat=True)])
    batch = form.is_valid() and run_service(
        form, tasks.start_opening, org=org, by=request.user, member_ids=form.member_ids()
    )
    if not batch:
        for error in form.errors.values():
            messages.error(request, "；".join(error))
        return redirect("accounts:org", org_code=org.code)
    return redirect("accounts:batch", accountbatch_id=batch.pk)


@login_required
def batch_detail(request, accountbatch_id):
    batch = access.get_object_for(
        request.user, AccountBatch.objects.select_related("org", "created_by", "progress"),
        access.MEMBERS, id=accountbatch_id,
    )  # fmt: skip
    context = {
        "batch": batch,
        "org": batch.org,
        "progress": current(batch.progress) if batch.progress else None,
        "opened": batch.passwords.count(),
        "mine": batch.created_by_id == request.user.pk,
    }
    return render(request, "accounts/batch.html", context)


@never_cache
@login_required
@require_POST
def batch_slips(request, accountbatch_id):
    """The printable slips, shown in this one answer only (POST, never cached)."""
    batch = access.get_object_for(request.user, AccountBatch, access.MEMBERS, id=accountbatch_id)
    if batch.progress and not batch.progress.finished:
        messages.warning(request, "账号还在开通中，请等完成后再打印密码条。")
        return redirect("accounts:batch", accountbatch_id=batch.pk)
    try:
        slips = services.print_slips(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("accounts:batch", accountbatch_id=batch.pk)
    login_url = request.build_absolute_uri(reverse("login"))
    qr = segno.make(login_url, error="m").svg_data_uri(scale=3, border=1)
    return render(
        request, "accounts/slips.html", {"slips": slips, "qr": qr, "login_url": login_url, "batch": batch}
    )


@login_required
@require_POST
def reissue(request, member_id):
    member = access.get_object_for(request.user, Member, access.MEMBERS, id=member_id)
    try:
        batch = services.reissue_first_password(member=member, by=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect(f"{reverse('accounts:org', kwargs={'org_code': member.org.code})}?show=opened")
    messages.success(request, f"已为{member.name}生成新的首次密码，请打印密码条交给本人。")
    return redirect("accounts:batch", accountbatch_id=batch.pk)


@login_required
def first_password(request):
    """The first page a member sees after logging in with the printed password."""
    if not FirstPassword.objects.pending().filter(user=request.user).exists():
        return redirect("home")
    form = FirstPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_first_password(user=request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        request.session[SESSION_KEY] = False
        messages.success(request, "密码已修改，以后请用新密码登录。")
        return redirect("home")
    return render(request, "accounts/first_password.html", {"form": form})
