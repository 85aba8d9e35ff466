"""Member accounts: a login for a member of the roster, opened by the union in batches.

A batch's first-time passwords are never stored: each is derived from the batch's random
`seed` and the site's secret (see passwords.py) and shown once on the printed slip, after
which the seed is wiped and nobody, the officer included, can see them again.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from gonghui.core.models import OrgOwned


class AccountBatch(OrgOwned):
    """One run of opening accounts (or reissuing one member's first password) in a union."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="开通人",
    )
    progress = models.ForeignKey(
        "core.TaskProgress", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The members the officer ticked; empty means every active member without an account.
    selected = models.JSONField("所选会员", default=list, blank=True)
    reissue = models.BooleanField("补发首次密码", default=False)
    seed = models.CharField(max_length=64, blank=True, editable=False)
    skipped = models.JSONField("未开通", default=list, blank=True)  # [{"name", "member_number", "reason"}]
    printed_at = models.DateTimeField("密码条打印时间", null=True, blank=True)

    # Names of members and why some were not opened: for those who keep the roster.
    view_capability = "members"

    class Meta:
        verbose_name = "账号开通批次"
        verbose_name_plural = "账号开通批次"

    def __str__(self):
        return f"{self.org} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def slips_available(self) -> bool:
        return bool(self.seed) and self.printed_at is None


class FirstPasswordQuerySet(models.QuerySet):
    def pending(self):
        """Accounts still on the password the union printed: they must change it first."""
        return self.filter(changed_at__isnull=True)


class FirstPassword(models.Model):
    """A member account's first-time password: which batch issued it and when the member replaced it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="first_password"
    )
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(AccountBatch, on_delete=models.CASCADE, related_name="passwords")
    issued_at = models.DateTimeField("发放时间", default=timezone.now)
    changed_at = models.DateTimeField("首次改密时间", null=True, blank=True)

    objects = FirstPasswordQuerySet.as_manager()

    class Meta:
        verbose_name = "首次密码"
        verbose_name_plural = "首次密码"

    def __str__(self):
        return f"{self.user} · {self.batch_id}"
