"""What every app leans on: the org-owned base model, task progress and the sensitive-access log."""

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import models


class OrgOwnedQuerySet(models.QuerySet):
    def in_subtree(self, org):
        """Rows of `org` and every org below it (a prefix match on the materialised path)."""
        return self.filter(org__path__startswith=org.path)

    def in_orgs(self, orgs):
        return self.filter(org__in=orgs)


class OrgOwned(models.Model):
    """Every domain row belongs to exactly one org; access follows from that org (core/access.py)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, verbose_name="所属组织")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = OrgOwnedQuerySet.as_manager()

    # Members (role `member`) see a model's rows only if it says so: all rows of their union
    # (`member_visible`), or the rows about themselves (`member_owner_field`, a lookup to the user).
    member_visible = False
    member_owner_field = None

    class Meta:
        abstract = True

    def get_additional_data(self):
        # Read by django-auditlog: lets the audit trail page filter entries by org subtree.
        return {"org_id": self.org_id, "org_path": self.org.path}


class TaskProgress(models.Model):
    """Progress of a background task, polled by the page that started it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("任务类型", max_length=50)
    org = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "后台任务"

    def __str__(self):
        return f"{self.kind} {self.get_status_display()}"

    @property
    def percent(self):
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)


class SensitiveAccess(models.Model):
    """One row each time someone sees or exports sensitive personal data in full."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, null=True)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=64)
    field = models.CharField(max_length=50)
    action = models.CharField(max_length=20, default="view")  # view | export
    at = models.DateTimeField(auto_now_add=True)
    ip = models.GenericIPAddressField(null=True)

    class Meta:
        verbose_name = "敏感信息查看记录"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.user} {self.action} {self.object_type}.{self.field}"


class ApiToken(models.Model):
    """A personal token for scripts calling /api/ (sent as `Authorization: Bearer <key>`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"

    def __str__(self):
        return self.name


class PasswordRecord(models.Model):
    """When a user last set their password: the expiry check (core.passwords) sends them to change it
    GONGHUI_PASSWORD_MAX_AGE_DAYS later (等保 2.0: 口令定期更换)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_record"
    )
    changed_at = models.DateTimeField("密码修改时间")

    class Meta:
        verbose_name = "密码修改记录"

    def __str__(self):
        return f"{self.user} · {self.changed_at:%Y-%m-%d}"


# Administrators' work on accounts (created, deactivated, made staff, put in a group, given a new password)
# is in the change log too; the password hash and the login time are not.
auditlog.register(User, exclude_fields=["password", "last_login"], m2m_fields={"groups", "user_permissions"})
auditlog.register(Group, m2m_fields={"permissions"})
auditlog.register(PasswordRecord)  # who set whose password when (never the password)
