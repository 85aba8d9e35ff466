import ipaddress
from urllib.parse import urlencode

from auditlog.middleware import AuditlogMiddleware as _AuditlogMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

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
        # Evaluated here for pages, not lazily: views test `request.org is None` (a user without any role,
        # or an administrator of a fresh install), which a lazy wrapper around None never is; nearly every
        # page reads it anyway (the top bar's org switcher). The API names its orgs in the path and never
        # reads it: a query saved on every call (1,000 delegates' ballots arrive within seconds).
        if request.path_info.startswith("/api/"):
            request.org = SimpleLazyObject(lambda: _active_org(request))
        else:
            request.org = _active_org(request)
        return self.get_response(request)


def _trusted(address: str) -> bool:
    """Whether an address is one of our own reverse proxies (GONGHUI_TRUSTED_PROXIES: addresses
    or networks such as 127.0.0.1 or 10.0.0.0/8)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in settings.GONGHUI_TRUSTED_PROXIES)


def _bare(address: str) -> str:
    """An address from X-Forwarded-For without a port ("1.2.3.4:5678", "[::1]:80")."""
    address = address.strip()
    if address.startswith("["):
        return address[1:].split("]")[0]
    if address.count(":") == 1:
        return address.split(":")[0]
    return address


def client_address(request) -> str | None:
    """The address of whoever sent the request, for every log that records one.

    X-Forwarded-For is written by anyone, so it counts only when the request came from one of
    our proxies, and then only the hops our proxies added: read from the right, the first
    address that is not one of ours is the client. Without a trusted proxy it is REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR") or None
    if not remote or not _trusted(remote):
        return remote
    hops = [_bare(a) for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    for address in reversed(hops):
        if not _trusted(address):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return remote  # garbage the proxy passed on: keep what we know
    return hops[0] if hops else remote


class AuditlogMiddleware(_AuditlogMiddleware):
    """django-auditlog's middleware with our client address (it trusts any X-Forwarded-For)."""

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request)

    @staticmethod
    def _get_remote_port(request):
        return None  # a port the client claims in X-Forwarded-Port tells us nothing


NUL_MESSAGE = "请求中含有空字符（\\0），无法保存或查找。请删除这个不可见字符后重试。"


class RejectNulMiddleware:
    """A NUL character in a query or form value becomes a Chinese 400, never a database error.

    PostgreSQL text cannot hold NUL, so `?q=%00` reached the database and answered 500. Django's
    form fields refuse NUL, but query parameters and the API's JSON bodies do not pass through them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": NUL_MESSAGE}, status=400)
            return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _has_nul(request) -> bool:
    if _nul_in(request.GET):
        return True
    if request.content_type == "application/json":
        # The JSON escape \u0000 as well as a raw byte (which is not JSON anyway).
        return b"\\u0000" in request.body or b"\x00" in request.body
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return _nul_in(request.POST)
    return False


def _nul_in(query) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())


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
