"""The change log (django-auditlog) of an org's subtree, as a page and as a workbook, and the list of
who holds which role where: the audit pages an IT office asks for (等保 2.0, docs/operator/等保.md)."""

import io

from auditlog.models import LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from gonghui.core.models import PasswordRecord
from gonghui.core.workbooks import workbook as safe_workbook
from gonghui.orgs.models import Org, Role, RoleAssignment

EXPORT_LIMIT = 50_000
HEADERS = ["时间", "操作人", "账号", "操作", "对象类型", "对象", "变更（前 → 后）", "IP 地址"]


def entries(org):
    """Entries about rows of the org's subtree; at a root org also the accounts and groups
    (they belong to no org: creating users, resetting passwords, the admin site)."""
    subtree_ids = [str(pk) for pk in org.subtree().values_list("pk", flat=True)[:5000]]
    wanted = Q(additional_data__org_path__startswith=org.path) | Q(
        content_type=ContentType.objects.get_for_model(Org), object_pk__in=subtree_ids
    )
    if org.is_root():
        wanted |= Q(content_type__in=ContentType.objects.get_for_models(User, Group, PasswordRecord).values())
    return (
        LogEntry.objects.filter(wanted).select_related("actor", "content_type").order_by("-timestamp", "-pk")
    )


def workbook(rows) -> bytes:
    """Rows from views.audit_row as .xlsx (text never read as a formula)."""
    buffer = io.BytesIO()
    book = safe_workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("操作记录")
    sheet.write_row(0, 0, HEADERS)
    for r, row in enumerate(rows, start=1):
        e = row["entry"]
        changes = (
            "无权查看详情"
            if row["changes"] is None
            else "\n".join(
                f"{label}：{before or '（空）'} → {after or '（空）'}"
                for label, before, after in row["changes"]
            )
        )
        actor = e.actor
        sheet.write_row(
            r,
            0,
            [
                timezone.localtime(e.timestamp).strftime("%Y-%m-%d %H:%M:%S"),
                (actor.get_full_name() or actor.username) if actor else "系统",
                actor.username if actor else "",
                e.get_action_display(),
                row["kind"],
                row["object"],
                changes,
                e.remote_addr or "",
            ],
        )
    sheet.set_column(0, 0, 20)
    sheet.set_column(5, 6, 40)
    book.close()
    return buffer.getvalue()


def role_assignments(org, *, role: str = ""):
    """Roles held on the org or below it (a role reaches its org's whole subtree); members only when asked."""
    rows = RoleAssignment.objects.filter(org__path__startswith=org.path)
    rows = rows.filter(role=role) if role else rows.exclude(role=Role.MEMBER)
    return rows.select_related("user", "org").order_by("org__path", "role", "user__username")


def roles_above(org):
    """Roles held on the org's ancestors: they reach this org too (federation staff)."""
    paths = [org.path[:i] for i in range(Org.steplen, len(org.path), Org.steplen)]
    return (
        RoleAssignment.objects.filter(org__path__in=paths)
        .exclude(role=Role.MEMBER)
        .select_related("user", "org")
        .order_by("org__path", "role", "user__username")
    )
