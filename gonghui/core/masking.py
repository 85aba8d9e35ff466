"""Masking of sensitive personal data, and the log of every full view."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from gonghui.core import access
from gonghui.core.middleware import client_address
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


def mask_number(value: str) -> str:
    """An ID number or a phone, as each is shown masked: the first 3 and the last 4 characters."""
    return mask_phone(value)


# Fields the audit log stores masked (django-auditlog masks them when each entry is written, so
# no later page, export or database reader gets the full value from the log). The values are
# the masking functions by dotted path, as auditlog takes them.
_NUMBER, _TEXT = "gonghui.core.masking.mask_number", "gonghui.core.masking.mask_text"
AUDIT_MASKED = {
    "members.member": (_NUMBER, ("id_number", "phone")),
    "care.hardshipcase": (_TEXT, ("household_members", "income_per_head", "causes", "cause_detail")),
    "care.visit": (_TEXT, ("occasion", "notes", "money", "goods")),
    "care.occurrence": (_TEXT, ("kind", "note")),
    "care.caseevent": (_TEXT, ("note",)),
    "care.aid": (_TEXT, ("emergency_reason", "override_reason")),
    "care.pairing": (_TEXT, ("note", "end_reason")),
    "care.pairingcontact": (_TEXT, ("note",)),
}


def mask_audit_fields():
    """Tell auditlog which fields of the registered models to mask (called once at start-up,
    after every app's models.py has registered its models)."""
    from auditlog.registry import auditlog
    from django.apps import apps

    for label, (callable_path, fields) in AUDIT_MASKED.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if auditlog.contains(model):
            # auditlog offers no public way to change a registration; re-registering would drop
            # what the app registered (m2m fields), so the entry is updated in place.
            options = auditlog._registry[model]
            options["mask_fields"] = sorted(set(options["mask_fields"]) | set(fields))
            options["mask_callable"] = callable_path


def may_see_sensitive(user, org) -> bool:
    return access.can(user, access.SENSITIVE, org)


def log_access(request_or_user, obj, field, action="view"):
    user = getattr(request_or_user, "user", request_or_user)
    ip = client_address(request_or_user) if hasattr(request_or_user, "META") else None
    SensitiveAccess.objects.create(
        user=user,
        org_id=getattr(obj, "org_id", None),
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        field=field,
        action=action,
        ip=ip,
    )


def log_list_access(request, objects, field):
    """A list that shows sensitive data in full is a full view of every row on it: one log row each,
    written in one statement (a page of 100 women's care records is one insert, not 100)."""
    ip = client_address(request)
    SensitiveAccess.objects.bulk_create(
        SensitiveAccess(
            user=request.user,
            org_id=getattr(obj, "org_id", None),
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            field=field,
            action="list",
            ip=ip,
        )
        for obj in objects
    )


def search_reveals_left(user) -> bool:
    """Whether the user may still match hidden ID or phone digits by searching this hour.
    Each matched member counts as one reveal; GONGHUI_SEARCH_REVEALS_PER_HOUR sets the limit."""
    limit = settings.GONGHUI_SEARCH_REVEALS_PER_HOUR
    since = timezone.now() - timedelta(hours=1)
    return SensitiveAccess.objects.filter(user=user, action="search", at__gte=since).count() < limit


def reveal(request, obj, field, capability=access.SENSITIVE):
    """The full value of a sensitive field: refused without the capability, logged with it."""
    access.require(request.user, capability, obj.org)
    log_access(request, obj, field)
    return getattr(obj, field)
