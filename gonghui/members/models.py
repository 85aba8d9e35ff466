"""The member roster."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models

from gonghui.core.models import OrgOwned, OrgOwnedQuerySet


class MemberStatus(models.TextChoices):
    ACTIVE = "active", "在会"
    TRANSFERRED = "transferred", "转出"
    LEFT = "left", "退会"
    RETIRED = "retired", "退休"
    DECEASED = "deceased", "去世"


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class EmploymentType(models.TextChoices):
    REGULAR = "regular", "正式"
    CONTRACT = "contract", "合同制"
    DISPATCHED = "dispatched", "劳务派遣"
    MIGRANT = "migrant", "农民工"
    OTHER = "other", "其他"


class MemberQuerySet(OrgOwnedQuerySet):
    def active(self):
        return self.filter(status=MemberStatus.ACTIVE)


class Member(OrgOwned):
    """A union member. `org` is the lowest node they belong to: their group, or the union itself."""

    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    id_number = models.CharField("身份证号", max_length=18, db_index=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    phone = models.CharField("手机", max_length=20, blank=True)
    ethnicity = models.CharField("民族", max_length=20, blank=True, default="汉族")
    education = models.CharField("学历", max_length=20, blank=True)
    political_status = models.CharField("政治面貌", max_length=20, blank=True)
    employment_type = models.CharField(
        "用工形式", max_length=12, choices=EmploymentType.choices, default=EmploymentType.REGULAR
    )
    join_date = models.DateField("入会日期", null=True, blank=True)
    member_number = models.CharField("会员证号", max_length=30, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    name_pinyin = models.CharField("姓名拼音", max_length=200, blank=True, db_index=True)
    name_initials = models.CharField("拼音首字母", max_length=50, blank=True, db_index=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="member"
    )

    objects = MemberQuerySet.as_manager()
    member_owner_field = "user"

    class Meta:
        verbose_name = "会员"
        verbose_name_plural = "会员"
        indexes = [models.Index(fields=["org", "status", "name"], name="member_org_status_name")]
        constraints = [
            # One person is an active member of at most one union at a time.
            models.UniqueConstraint(
                fields=["id_number"], condition=models.Q(status="active"), name="member_one_active_membership"
            ),
        ]

    def __str__(self):
        return self.name


auditlog.register(Member, exclude_fields=["name_pinyin", "name_initials"])
