import hashlib
import secrets

from django.utils import timezone
from ninja.security import HttpBearer

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
