"""Masking of sensitive personal data, and the log of every full view."""

from gonghui.core import access
from gonghui.core.models import SensitiveAccess


def mask_id(value: str) -> str:
    """110101199003071234 -> 110***********1234: enough to tell two people apart, not to use the number."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str) -> str:
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_text(value) -> str:
    return "***" if value not in (None, "") else ""


def may_see_sensitive(user, org) -> bool:
    return access.can(user, access.SENSITIVE, org)


def log_access(request_or_user, obj, field, action="view"):
    user = getattr(request_or_user, "user", request_or_user)
    meta = getattr(request_or_user, "META", {})
    SensitiveAccess.objects.create(
        user=user,
        org_id=getattr(obj, "org_id", None),
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        field=field,
        action=action,
        ip=meta.get("REMOTE_ADDR") or None,
    )


def reveal(request, obj, field, capability=access.SENSITIVE):
    """The full value of a sensitive field: refused without the capability, logged with it."""
    access.require(request.user, capability, obj.org)
    log_access(request, obj, field)
    return getattr(obj, field)
