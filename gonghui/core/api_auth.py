import hashlib
import secrets

from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from gonghui.core.models import ApiToken


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_token(*, user, name) -> str:
    """Create a token and return its key; only the hash is stored, so the key is shown once."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, key_hash=hash_key(key))
    return key


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.objects.select_related("user").filter(key_hash=hash_key(token)).first()
        if found is None or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class CsrfSessionAuth(SessionAuth):
    """The browser's login session; unsafe methods need the CSRF token, in Chinese when it is missing.

    A request that carries no logged-in session is passed on (returns None) before the CSRF check,
    so a script's bearer token is tried instead of being refused for a CSRF token it cannot have.
    """

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def _get_key(self, request):
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "缺少有效的 CSRF 令牌：请刷新页面后重试；脚本请改用 API 令牌。")
        return request.COOKIES.get(self.param_name)
