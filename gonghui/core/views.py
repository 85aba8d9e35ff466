from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import NoReverseMatch, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gonghui.core import access, tasks
from gonghui.core.api_auth import issue_token
from gonghui.core.middleware import SESSION_KEY
from gonghui.core.models import ApiToken, TaskProgress


@login_required
def home(request):
    """The workbench: the plans dashboard once that module is there, else the active org's page."""
    if request.org is None:
        return render(request, "core/no_role.html")
    try:
        dashboard = reverse("plans:dashboard")
    except NoReverseMatch:
        return redirect("orgs:detail", org_code=request.org.code)
    if not access.sees_internal_work(request.user, request.org):
        # A member's phone opens here, and the dashboard is their home: shown at / itself, one request
        # instead of a redirect and a second one (the page members open most).
        return resolve(dashboard).func(request)
    return redirect(dashboard)


@login_required
@require_POST
def switch_org(request):
    org = access.get_org_for(request.user, request.POST.get("org", ""))
    request.session[SESSION_KEY] = org.pk
    messages.success(request, f"已切换到：{org.name}")
    return redirect(_local_path(request.POST.get("next", "")) or "home")


def _local_path(url):
    """`url` if it is a path on this site, else "": a form field must not send the user elsewhere."""
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    return ""


@login_required
def task_progress(request, taskprogress_id):
    progress = get_object_or_404(TaskProgress, pk=taskprogress_id, started_by=request.user)
    return render(request, "core/task_progress.html#progress", {"progress": tasks.current(progress)})


@login_required
def profile(request):
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    return render(
        request, "core/profile.html", {"tokens": tokens, "new_key": request.session.pop("new_key", None)}
    )


@login_required
@require_POST
def create_token(request):
    name = request.POST.get("name", "").strip()[:100]
    if not name:
        messages.error(request, "请填写令牌名称。")
        return redirect("profile")
    request.session["new_key"] = issue_token(user=request.user, name=name)
    return redirect("profile")


@login_required
@require_POST
def delete_token(request, apitoken_id):
    get_object_or_404(ApiToken, pk=apitoken_id, user=request.user).delete()
    messages.success(request, "令牌已删除。")
    return redirect("profile")


@login_required
def keepalive(request):
    """「继续使用」 on the idle warning: the request itself renewed the session (SessionTimeoutMiddleware)."""
    return HttpResponse(status=204)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """Rendered without the request: no context processor runs, so a broken database cannot fail it too."""
    return HttpResponseServerError(loader.get_template("500.html").render())
