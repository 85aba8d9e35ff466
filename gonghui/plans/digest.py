"""The daily digest: for each union with a confirmed plan, what is due within a week and what is overdue."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from gonghui.orgs.models import Role
from gonghui.plans.models import Digest, ScheduleItem

HORIZON_DAYS = 7


def _entry(item):
    return {"id": str(item.pk), "text": item.text, "when": item.when_label, "due": item.due_date.isoformat()}


def build_digests(*, day) -> int:
    """Store (or refresh) today's digest for every union with open items of this year's confirmed plan."""
    horizon = day + timedelta(days=HORIZON_DAYS)
    items = (
        ScheduleItem.objects.in_confirmed_plans()
        .of_year(day.year)
        .open()
        .filter(due_month__lte=horizon.month if horizon.year == day.year else 12)
        .select_related("plan", "org")
        .order_by("org_id", "due_month", "order")
    )
    found = defaultdict(lambda: {"due_soon": [], "overdue": []})
    orgs = {}
    for item in items.iterator(chunk_size=2000):
        if item.due_date < day:
            found[item.org_id]["overdue"].append(_entry(item))
        elif item.due_date <= horizon:
            found[item.org_id]["due_soon"].append(_entry(item))
        orgs[item.org_id] = item.org
    with transaction.atomic():
        Digest.objects.filter(day=day).exclude(org_id__in=found).delete()
        for org_id, lists in found.items():
            digest, _ = Digest.objects.update_or_create(org_id=org_id, day=day, defaults=lists)
            if getattr(settings, "GONGHUI_DIGEST_EMAIL", False):
                _email(digest, orgs[org_id])
    return len(found)


def _email(digest, org):
    users = (
        get_user_model()
        .objects.filter(
            roles__org=org, roles__role__in=[Role.UNION_CHAIR, Role.UNION_OFFICER], is_active=True
        )
        .exclude(email="")
    )
    recipients = sorted({u.email for u in users})
    if not recipients or digest.emailed_to:
        return
    lines = [f"{org.name} {digest.day:%Y年%m月%d日} 工作提醒", ""]
    lines += ["【已逾期】"] + [f"- {e['when']} {e['text']}" for e in digest.overdue]
    lines += ["", "【七日内到期】"] + [f"- {e['when']} {e['text']}" for e in digest.due_soon]
    send_mail(f"{org.name} 工作提醒", "\n".join(lines), None, recipients, fail_silently=True)
    digest.emailed_to = recipients
    digest.save(update_fields=["emailed_to"])
