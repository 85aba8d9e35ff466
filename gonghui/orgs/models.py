"""The organisation tree (federation → union → group), committee terms, officers and users' roles."""

from datetime import date

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from gonghui.core.models import OrgOwned

code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,39}$", "代码只能用小写字母、数字和连字符，2 到 40 位。"
)


class OrgKind(models.TextChoices):
    FEDERATION = "federation", "总工会"
    UNION = "union", "基层工会"
    GROUP = "group", "工会小组"


class UnitType(models.TextChoices):
    COUNTY = "county", "县/区"
    TOWN = "town", "镇/街道"
    VILLAGE = "village", "村"
    SCHOOL = "school", "学校"
    ENTERPRISE = "enterprise", "企业"
    COMMUNITY = "community", "社区"
    HOSPITAL = "hospital", "医院"
    AGENCY = "agency", "机关"
    JOINT = "joint", "联合/区域"
    WORK_AREA = "work_area", "工区"
    OTHER = "other", "其他"


# Which kinds may sit under which: a group only under a union, nothing under a group.
ALLOWED_CHILD_KINDS = {
    OrgKind.FEDERATION: {OrgKind.FEDERATION, OrgKind.UNION},
    OrgKind.UNION: {OrgKind.GROUP},
    OrgKind.GROUP: set(),
}


class OrgQuerySet(MP_NodeQuerySet):
    def unions(self):
        return self.filter(kind=OrgKind.UNION)

    def subtree_of(self, org):
        return self.filter(path__startswith=org.path)


class OrgManager(MP_NodeManager.from_queryset(OrgQuerySet)):
    def get_queryset(self):
        return OrgQuerySet(self.model, using=self._db).order_by("path")


class Org(MP_Node):
    code = models.CharField("代码", max_length=40, unique=True, validators=[code_validator])
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("层级", max_length=12, choices=OrgKind.choices)
    unit_type = models.CharField("单位类型", max_length=12, choices=UnitType.choices, default=UnitType.OTHER)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    established_on = models.DateField("成立日期", null=True, blank=True)
    employee_count = models.PositiveIntegerField("职工人数", null=True, blank=True)
    # Care and aid settings an org may tighten (DOMAIN: provinces cap single gifts).
    aid_ceiling = models.DecimalField(
        "单次帮扶上限(元)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    festival_gift_ceiling = models.DecimalField(
        "节日慰问年度上限(元/人)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    upper_review_required = models.BooleanField("困难建档需上级工会审核", default=False)

    node_order_by = ["code"]
    objects = OrgManager()

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"

    def __str__(self):
        return self.name

    def subtree(self):
        return Org.objects.filter(path__startswith=self.path)

    def union(self):
        """The grassroots union this org is, or belongs to (None for a federation)."""
        if self.kind == OrgKind.UNION:
            return self
        if self.kind == OrgKind.GROUP:
            return self.get_parent()
        return None

    def current_term(self):
        today = date.today()
        return self.terms.filter(start_on__lte=today).order_by("-start_on").first()


class Term(OrgOwned):
    """A committee term (届): elected for 3 or 5 years under the Trade Union Law."""

    number = models.PositiveSmallIntegerField("届次")
    start_on = models.DateField("开始日期")
    end_on = models.DateField("届满日期")
    note = models.CharField("备注", max_length=200, blank=True)

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="terms", verbose_name="所属组织")

    class Meta:
        verbose_name = "委员会届次"
        ordering = ["-start_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__gt=models.F("start_on")), name="term_end_after_start"
            ),
            models.UniqueConstraint(fields=["org", "number"], name="term_number_unique_per_org"),
        ]

    def __str__(self):
        return f"第{self.number}届委员会（{self.start_on:%Y}—{self.end_on:%Y}）"

    @property
    def expired(self):
        return self.end_on < date.today()


class OfficerPost(models.TextChoices):
    CHAIR = "chair", "主席"
    VICE_CHAIR = "vice_chair", "副主席"
    MEMBER = "member", "委员"
    AUDITOR = "auditor", "经审委员"
    WOMEN = "women", "女职委主任"


class Officer(OrgOwned):
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="officers", verbose_name="届次")
    name = models.CharField("姓名", max_length=50)
    post = models.CharField("职务", max_length=12, choices=OfficerPost.choices)
    duties = models.CharField("分工", max_length=100, blank=True)
    phone = models.CharField("电话", max_length=20, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = "委员会成员"
        ordering = ["post", "name"]

    def __str__(self):
        return f"{self.get_post_display()} {self.name}"


class Role(models.TextChoices):
    FEDERATION_ADMIN = "federation_admin", "总工会管理员"
    FEDERATION_VIEWER = "federation_viewer", "总工会查看"
    UNION_CHAIR = "union_chair", "工会主席"
    UNION_OFFICER = "union_officer", "工会委员"
    GROUP_LEADER = "group_leader", "工会小组长"
    MEMBER = "member", "会员"


class RoleAssignment(models.Model):
    """A user's role on an org; it reaches the org's whole subtree."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    duties = models.CharField("专项分工", max_length=100, blank=True, help_text="如 care 表示负责关爱帮扶")

    class Meta:
        verbose_name = "角色"
        constraints = [models.UniqueConstraint(fields=["user", "org", "role"], name="role_unique")]

    def __str__(self):
        return f"{self.user} · {self.org} · {self.get_role_display()}"

    @property
    def duty_set(self):
        return {d.strip() for d in self.duties.split(",") if d.strip()}

    def get_additional_data(self):
        # Read by django-auditlog: granting and taking roles shows in the org's change log.
        return {"org_id": self.org_id, "org_path": self.org.path}


auditlog.register(Org)
auditlog.register(Term)
auditlog.register(Officer)
auditlog.register(RoleAssignment)
