"""Password rules of 等保 2.0 level 2: complexity (length and kinds of characters) and expiry.

Complexity: `CharacterClassValidator` in AUTH_PASSWORD_VALIDATORS with Django's length, common-password
and similarity validators. Expiry: every password set through Django (set_password, the change form,
`createsuperuser`, the admin) is recorded in `PasswordRecord` by the validator's `password_changed`
hook; `PasswordExpiryMiddleware` sends a user whose password is older than GONGHUI_PASSWORD_MAX_AGE_DAYS
to the change form until they change it (0 turns expiry off).
"""

import string
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils import timezone

CLASSES = {
    "大写字母": set(string.ascii_uppercase),
    "小写字母": set(string.ascii_lowercase),
    "数字": set(string.digits),
}
SYMBOLS = "符号"
# Pages an expired password still reaches: the change form itself, logging out, the session keep-alive.
EXEMPT_URL_NAMES = {"password_change", "password_change_done", "logout", "login", "session_keepalive"}
SESSION_EXPIRES = "_password_expires_at"


def character_classes(password: str) -> set[str]:
    found = {label for label, chars in CLASSES.items() if any(c in chars for c in password)}
    if any(not c.isalnum() or not c.isascii() for c in password):
        found.add(SYMBOLS)
    return found


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its message in Chinese (Django's own zh-hans catalogue lacks the plural form)."""

    def get_error_message(self):
        return f"密码太短，至少要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少要 {self.min_length} 个字符。"


class CharacterClassValidator:
    """At least `min_classes` of: upper case, lower case, digits, symbols (any other character)."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if len(character_classes(password)) < self.min_classes:
            raise ValidationError(
                f"密码至少要包含大写字母、小写字母、数字、符号中的 {self.min_classes} 种。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"密码至少要包含大写字母、小写字母、数字、符号中的 {self.min_classes} 种。"

    def password_changed(self, password, user=None):
        if user is not None and user.pk is not None:
            record_change(user)


def record_change(user, at: datetime | None = None) -> None:
    from gonghui.core.models import PasswordRecord

    PasswordRecord.objects.update_or_create(user=user, defaults={"changed_at": at or timezone.now()})


def expires_at(user) -> datetime | None:
    """When the user's password must be changed; None when expiry is off or the date is unknown
    (an account whose password was set before records were kept: its first change starts the clock)."""
    from gonghui.core.models import PasswordRecord

    days = settings.GONGHUI_PASSWORD_MAX_AGE_DAYS
    if days <= 0:
        return None
    changed = PasswordRecord.objects.filter(user=user).values_list("changed_at", flat=True).first()
    return changed + timedelta(days=days) if changed else None


def is_expired(user) -> bool:
    when = expires_at(user)
    return when is not None and timezone.now() >= when


class PasswordExpiryMiddleware:
    """Sends a logged-in user with an expired password to the change form; the API is left to its token.
    The expiry instant is kept in the session, so a page costs no query until that instant."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not request.path.startswith(("/api/", "/static/")):
            response = self._check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request):
        if not settings.GONGHUI_PASSWORD_MAX_AGE_DAYS:
            return None  # expiry off: not even a session write
        now = timezone.now().timestamp()
        cached = request.session.get(SESSION_EXPIRES, "unset")
        if cached is None or (cached != "unset" and now < cached):
            return None
        when = expires_at(request.user)
        request.session[SESSION_EXPIRES] = when.timestamp() if when else None
        if when is None or now < when.timestamp():
            return None
        match = getattr(request, "resolver_match", None) or _resolve(request.path_info)
        if match is not None and match.url_name in EXEMPT_URL_NAMES:
            request.session.pop(SESSION_EXPIRES, None)  # checked again after the change
            return None
        messages.warning(
            request,
            f"您的密码已超过 {settings.GONGHUI_PASSWORD_MAX_AGE_DAYS} 天未修改，请先修改密码再继续使用。",
        )
        target = resolve_url("password_change")
        if getattr(request, "htmx", False):
            return HttpResponse(status=204, headers={"HX-Redirect": target})
        return redirect(target)


def _resolve(path):
    from django.urls import Resolver404, resolve

    try:
        return resolve(path)
    except Resolver404:
        return None


class Argon2Hasher(Argon2PasswordHasher):
    """Argon2id with OWASP's recommended parameters: 46 MiB of memory, one pass, one lane.

    OWASP's Password Storage Cheat Sheet lists this and (19 MiB, two passes) as equally strong. Django's
    default (100 MiB, two passes, eight lanes) cost ~170 ms of CPU a login on a 2-core server, so 200
    people logging in at the start of a working day took most of the machine; this costs ~36 ms.
    A stored hash keeps its own parameters: older ones still verify and are re-hashed with these at
    the next login (`must_update`).
    """

    time_cost = 1
    memory_cost = 47104  # KiB
    parallelism = 1
