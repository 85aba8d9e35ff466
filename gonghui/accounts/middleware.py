"""A member on the printed first password changes it before anything else (the slip was on paper)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from gonghui.accounts.models import FirstPassword

SESSION_KEY = "_first_password_pending"
EXEMPT = {
    "accounts:first_password",
    "logout",
    "login",
    "session_keepalive",
    "webmanifest",
    "service_worker",
    "offline",
}


@receiver(user_logged_in)
def _note_first_password(sender, request, user, **kwargs):
    """Asked at the login itself, so a session's first page pays no query and no session write."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = FirstPassword.objects.pending().filter(user=user).exists()


class FirstPasswordMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._applies(request) and self._pending(request) and not _exempt(request.path_info):
            return _to_change_form(request)
        return self.get_response(request)

    def _applies(self, request) -> bool:
        return request.user.is_authenticated and not request.path.startswith("/static/")

    def _pending(self, request) -> bool:
        # Asked at login, or once for a session begun before this check existed: a new first password
        # changes the password hash, which ends the session anyway.
        pending = request.session.get(SESSION_KEY)
        if pending is None:
            pending = FirstPassword.objects.pending().filter(user=request.user).exists()
            request.session[SESSION_KEY] = pending
        return pending


def _exempt(path) -> bool:
    try:
        return resolve(path).view_name in EXEMPT
    except Resolver404:
        return False


def _to_change_form(request):
    target = reverse("accounts:first_password")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "请先在网页上修改首次密码，再使用其他功能。"}, status=403)
    if getattr(request, "htmx", False):
        return HttpResponse(status=204, headers={"HX-Redirect": target})
    return redirect(target)
