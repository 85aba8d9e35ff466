from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone

from gonghui.core import access

SESSION_KEY = "active_org_id"


def _active_org(request):
    if not request.user.is_authenticated:
        return None
    org_id = request.session.get(SESSION_KEY)
    if org_id:
        org = access.visible_orgs(request.user).filter(pk=org_id).first()
        if org is not None:
            return org
    return access.default_org(request.user)


class ActiveOrgMiddleware:
    """Sets `request.org`: the org the user is working in, chosen in the top bar's switcher."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Evaluated here, not lazily: views test `request.org is None` (a user without any role, or an
        # administrator of a fresh install), which a lazy wrapper around None never is; nearly every page
        # reads it anyway (the top bar's org switcher).
        request.org = _active_org(request)
        return self.get_response(request)


SESSION_STARTED = "_session_started"
SESSION_SEEN = "_session_seen"
# The idle clock is written back at most this often, so a burst of requests costs one session write.
RENEW_EVERY_SECONDS = 30


@receiver(user_logged_in)
def _start_session_clocks(sender, request, user, **kwargs):
    """Both clocks start at the login itself, not at the first page after it."""
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[SESSION_STARTED] = request.session[SESSION_SEEN] = now


class SessionTimeoutMiddleware:
    """Logs a user out after GONGHUI_SESSION_IDLE_MINUTES without a request, and in any case
    GONGHUI_SESSION_MAX_HOURS after the session began; every request renews the idle clock.

    Sets `request.session_seconds_left` and `request.session_idle_seconds` for core/static/core/session.js,
    which warns on pages with forms shortly before the logout. A timed-out htmx request is sent to the
    login page as a whole page (HX-Redirect) instead of swapping the login form into a fragment.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            timed_out = self._check(request)
            if timed_out is not None:
                return timed_out
        return self.get_response(request)

    def _check(self, request):
        idle = settings.GONGHUI_SESSION_IDLE_MINUTES * 60
        most = settings.GONGHUI_SESSION_MAX_HOURS * 3600
        now = timezone.now().timestamp()
        session = request.session
        started = session.setdefault(SESSION_STARTED, now)
        seen = session.get(SESSION_SEEN, now)
        if now - seen > idle or now - started > most:
            return self._log_out(request, idle_out=now - seen > idle)
        if SESSION_SEEN not in session or now - seen >= RENEW_EVERY_SECONDS:
            session[SESSION_SEEN] = seen = now
        request.session_idle_seconds = int(min(idle, started + most - now))
        request.session_seconds_left = int(min(seen + idle, started + most) - now)
        return None

    def _log_out(self, request, *, idle_out):
        logout(request)
        if idle_out:
            reason = f"您已超过 {settings.GONGHUI_SESSION_IDLE_MINUTES} 分钟没有操作，为保护数据已自动退出，请重新登录。"
        else:
            reason = (
                f"本次登录已满 {settings.GONGHUI_SESSION_MAX_HOURS} 小时，为保护数据已自动退出，请重新登录。"
            )
        messages.info(request, reason)
        if getattr(request, "htmx", False):
            login = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.htmx.current_url_abs_path or '/'})}"
            return HttpResponse(status=204, headers={"HX-Redirect": login})
        return None  # the request goes on as anonymous: pages send it to the login form, the API answers 401
