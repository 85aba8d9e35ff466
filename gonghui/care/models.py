"""Care and aid (关爱帮扶): visits, reported occurrences, holiday campaigns, the needy-worker
archive (困难职工建档立卡) with its step history, aid payments and one-to-one pairings.

This is the most sensitive data in Gonghui. Who sees what is declared here with
`view_capability` and decided in core/access.py: visits are rows about a named person
(PERSONAL: roll-up-only viewers never get them), everything about hardship needs CARE.
"""

from datetime import date, timedelta

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone

from gonghui.core import access
from gonghui.core.models import OrgOwned, OrgOwnedQuerySet


class Occasion(models.TextChoices):
    HOSPITALISED = "hospitalised", "生病住院"
    FAMILY_DISPUTE = "family_dispute", "家庭纠纷"
    EMOTIONAL = "emotional", "思想情绪波动"
    BEREAVEMENT = "bereavement", "亲属死亡"
    HAPPY_EVENT = "happy_event", "办喜事"
    SPRING_FESTIVAL = "spring_festival", "节日送温暖"
    SUMMER = "summer", "夏季送清凉"
    BIRTHDAY = "birthday", "生日"
    RETIREMENT = "retirement", "退休"
    OTHER = "other", "其他"


# 五必访: the occasions a member or officer reports as an occurrence that calls for a visit.
MUST_VISIT = [
    Occasion.HOSPITALISED,
    Occasion.FAMILY_DISPUTE,
    Occasion.EMOTIONAL,
    Occasion.BEREAVEMENT,
    Occasion.HAPPY_EVENT,
]
# The who-should-be-visited list chases these until a visit is recorded.
URGENT_OCCURRENCES = [Occasion.HOSPITALISED, Occasion.BEREAVEMENT]
FESTIVAL_OCCASIONS = [Occasion.SPRING_FESTIVAL, Occasion.SUMMER]


def care_file_path(instance, filename):
    # The stored name never reuses what the user typed: only the org and the row's id.
    suffix = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"care/{instance.org_id}/{instance._meta.model_name}/{instance.pk}.{suffix}"


class VisitQuerySet(OrgOwnedQuerySet):
    def for_list(self):
        return self.select_related("member", "org").prefetch_related("visitors").order_by("-visited_on")

    def in_period(self, start, end):
        return self.filter(visited_on__gte=start, visited_on__lte=end)

    def festival_money(self, member, year):
        rows = self.filter(member=member, occasion__in=FESTIVAL_OCCASIONS, visited_on__year=year)
        return rows.aggregate(total=Sum("money"))["total"] or 0


class Visit(OrgOwned):
    """One visit (走访慰问). Everyone who may see rows about people sees that it happened;
    only CARE holders see why (occasion), what was said (notes) and given (money)."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="care_visits", verbose_name="会员"
    )
    occasion = models.CharField("走访事由", max_length=20, choices=Occasion.choices)
    visited_on = models.DateField("走访日期")
    visitors = models.ManyToManyField("orgs.Officer", blank=True, verbose_name="走访人")
    other_visitors = models.CharField("其他走访人", max_length=100, blank=True)
    money = models.DecimalField("慰问金(元)", max_digits=10, decimal_places=2, default=0)
    goods = models.CharField("慰问品", max_length=200, blank=True)
    notes = models.TextField("情况记录", blank=True)
    photo = models.FileField("照片", upload_to=care_file_path, blank=True)
    occurrence = models.ForeignKey(
        "care.Occurrence", on_delete=models.SET_NULL, null=True, blank=True, related_name="visits"
    )
    override_reason = models.CharField("超限说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = VisitQuerySet.as_manager()
    view_capability = access.PERSONAL
    member_owner_field = "member__user"

    class Meta:
        verbose_name = "走访慰问"
        verbose_name_plural = "走访慰问"
        indexes = [models.Index(fields=["org", "visited_on"], name="care_visit_org_date")]
        constraints = [
            models.CheckConstraint(condition=Q(money__gte=0), name="care_visit_money_not_negative")
        ]

    def __str__(self):
        # Shown where others list records (e.g. as plan evidence): the date, not who or why.
        return f"走访慰问 {self.visited_on:%Y-%m-%d}（{self.member.name[:1]}某）"

    def visitor_names(self):
        names = [o.name for o in self.visitors.all()]
        if self.other_visitors:
            names.append(self.other_visitors)
        return "、".join(names)


class OccurrenceQuerySet(OrgOwnedQuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)

    def awaiting_visit(self):
        """Open hospitalisations and bereavements with no visit for that occasion since they happened."""
        visited = Visit.objects.filter(
            member=OuterRef("member"), occasion=OuterRef("kind"), visited_on__gte=OuterRef("occurred_on")
        )
        return (
            self.open()
            .filter(kind__in=URGENT_OCCURRENCES)
            .exclude(Exists(visited))
            .select_related("member", "org")
            .order_by("occurred_on")
        )


class Occurrence(OrgOwned):
    """Something that happened to a member and calls for a visit (住院, 亲属去世 ...), as reported."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="care_occurrences", verbose_name="会员"
    )
    kind = models.CharField("事由", max_length=20, choices=[(o.value, o.label) for o in MUST_VISIT])
    occurred_on = models.DateField("发生日期")
    note = models.CharField("说明", max_length=300, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_on = models.DateField("结束日期", null=True, blank=True, help_text="如出院日期")

    objects = OccurrenceQuerySet.as_manager()
    view_capability = access.CARE
    # The member reads what the union noted about them (their own record page), nothing else of care.
    member_owner_field = "member__user"

    class Meta:
        verbose_name = "待访事项"
        verbose_name_plural = "待访事项"

    def __str__(self):
        return f"{self.member} {self.get_kind_display()}"


class Campaign(OrgOwned):
    """A holiday round of visits (春节送温暖, 夏季送清凉): a checklist generated once, ticked off."""

    occasion = models.CharField(
        "慰问活动", max_length=20, choices=[(o.value, o.label) for o in FESTIVAL_OCCASIONS]
    )
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("名称", max_length=100)
    due_on = models.DateField("完成期限")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    view_capability = access.CARE

    class Meta:
        verbose_name = "节日慰问活动"
        verbose_name_plural = "节日慰问活动"
        constraints = [
            models.UniqueConstraint(fields=["org", "occasion", "year"], name="care_campaign_once_a_year")
        ]

    def __str__(self):
        return self.name


class CampaignReason(models.TextChoices):
    RETIREE = "retiree", "退休职工"
    NEEDY = "needy", "建档困难职工"


class CampaignItem(OrgOwned):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="+", verbose_name="会员"
    )
    reason = models.CharField("对象类别", max_length=10, choices=CampaignReason.choices)
    visit = models.ForeignKey(Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    done_on = models.DateField("完成日期", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    view_capability = access.CARE

    class Meta:
        verbose_name = "慰问对象"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "member"], name="care_campaign_member_once")
        ]

    def __str__(self):
        return f"{self.campaign} · {self.member}"


class Cause(models.TextChoices):
    ILLNESS = "illness", "因病"
    DISABILITY = "disability", "因残"
    UNEMPLOYMENT = "unemployment", "失业"
    SCHOOLING = "schooling", "子女就学"
    DISASTER = "disaster", "因灾"
    OTHER = "other", "其他"


class Level(models.TextChoices):
    DEEP = "deep", "深度困难"
    RELATIVE = "relative", "相对困难"
    SUDDEN = "sudden", "意外致困"


class Origin(models.TextChoices):
    APPLICATION = "application", "本人申请"
    IDENTIFICATION = "identification", "工会摸排认定"


class CaseStatus(models.TextChoices):
    FOUND = "found", "待初核"
    CHECKED = "checked", "已初核"
    HOME_VISITED = "home_visited", "已入户核查"
    COMMITTEE_APPROVED = "committee_approved", "工会委员会已审核"
    UPPER_APPROVED = "upper_approved", "上级工会已审核"
    IN_NOTICE = "in_notice", "公示中"
    ON_FILE = "on_file", "已建档"
    EXITED = "exited", "已解困"
    REJECTED = "rejected", "未通过"


CLOSED_STATUSES = [CaseStatus.EXITED, CaseStatus.REJECTED]


class HardshipCaseQuerySet(OrgOwnedQuerySet):
    def open(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def on_file(self):
        return self.filter(status=CaseStatus.ON_FILE)

    def for_list(self):
        return self.select_related("member", "org").order_by("-opened_on", "member__name")

    def found_during(self, start, end):
        """Needy households found and still needy at some point of the period (rejected ones were not needy)."""
        return (
            self.exclude(status=CaseStatus.REJECTED)
            .filter(opened_on__lte=end)
            .filter(Q(exited_on__isnull=True) | Q(exited_on__gte=start))
        )

    def on_file_during(self, start, end):
        return self.found_during(start, end).filter(filed_on__isnull=False, filed_on__lte=end)

    def review_due(self, today, days=30):
        return self.on_file().filter(next_review_on__lte=today + timedelta(days=days))


class HardshipCase(OrgOwned):
    """A needy household's file (困难职工档案), moved step by step by the services in services.py."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="hardship_cases", verbose_name="困难职工"
    )
    origin = models.CharField("来源", max_length=20, choices=Origin.choices, default=Origin.APPLICATION)
    opened_on = models.DateField("申请/认定日期", default=date.today)
    household_size = models.PositiveSmallIntegerField("家庭人口", default=1)
    household_members = models.TextField("家庭成员情况", blank=True)
    income_per_head = models.DecimalField("家庭月人均收入(元)", max_digits=10, decimal_places=2)
    causes = models.CharField("致困原因", max_length=100)
    cause_detail = models.TextField("困难情况说明", blank=True, help_text="如病情、残疾情况")
    level = models.CharField("困难类别", max_length=10, choices=Level.choices)
    status = models.CharField("状态", max_length=20, choices=CaseStatus.choices, default=CaseStatus.FOUND)
    home_visit_on = models.DateField("入户核查日期", null=True, blank=True)
    notice_start = models.DateField("公示开始", null=True, blank=True)
    notice_end = models.DateField("公示结束", null=True, blank=True)
    filed_on = models.DateField("建档日期", null=True, blank=True)
    next_review_on = models.DateField("下次复核日期", null=True, blank=True)
    exited_on = models.DateField("解困日期", null=True, blank=True)
    exit_reason = models.CharField("解困原因", max_length=200, blank=True)

    objects = HardshipCaseQuerySet.as_manager()
    view_capability = access.CARE

    class Meta:
        verbose_name = "困难职工档案"
        verbose_name_plural = "困难职工档案"
        constraints = [
            # One open case per member; the service refuses first with a link to it.
            models.UniqueConstraint(
                fields=["member"],
                condition=~Q(status__in=["exited", "rejected"]),
                name="care_one_open_case_per_member",
            ),
            models.CheckConstraint(condition=Q(income_per_head__gte=0), name="care_case_income_not_negative"),
        ]

    def __str__(self):
        return f"{self.member} · {self.get_level_display()}"

    @property
    def is_open(self):
        return self.status not in CLOSED_STATUSES

    @property
    def cause_list(self):
        return [c for c in self.causes.split(",") if c]

    def cause_labels(self):
        labels = dict(Cause.choices)
        return "、".join(labels.get(c, c) for c in self.cause_list)


class Step(models.TextChoices):
    OPEN = "open", "申请/认定"
    CHECK = "check", "基层初核"
    HOME_VISIT = "home_visit", "入户核查"
    COMMITTEE = "committee", "工会委员会审核"
    UPPER = "upper", "上级工会审核"
    NOTICE = "notice", "公示"
    OBJECTION = "objection", "公示异议"
    FILE = "file", "建档"
    REVIEW = "review", "年度复核"
    EXIT = "exit", "解困"
    REJECT = "reject", "不予建档"


class CaseEvent(OrgOwned):
    """One step of a case's history: who did what, when, and why."""

    case = models.ForeignKey(HardshipCase, on_delete=models.CASCADE, related_name="events")
    step = models.CharField("环节", max_length=12, choices=Step.choices)
    status_after = models.CharField("办理后状态", max_length=20, choices=CaseStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间", default=timezone.now)
    note = models.TextField("说明", blank=True)

    view_capability = access.CARE

    class Meta:
        verbose_name = "档案办理记录"
        ordering = ["at"]

    def __str__(self):
        return f"{self.case} {self.get_step_display()}"


class CaseDocument(OrgOwned):
    case = models.ForeignKey(HardshipCase, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("材料名称", max_length=100)
    file = models.FileField("文件", upload_to=care_file_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    view_capability = access.CARE

    class Meta:
        verbose_name = "档案材料"

    def __str__(self):
        return self.title


class AidKind(models.TextChoices):
    LIVING = "living", "生活救助"
    MEDICAL = "medical", "医疗救助"
    SCHOOLING = "schooling", "金秋助学"
    WARMTH = "warmth", "送温暖"
    OTHER = "other", "其他"


class AidQuerySet(OrgOwnedQuerySet):
    def in_period(self, start, end):
        return self.filter(paid_on__gte=start, paid_on__lte=end)

    def for_list(self):
        return self.select_related("member", "case", "org").order_by("-paid_on")

    def festival_money(self, member, year):
        rows = self.filter(member=member, kind=AidKind.WARMTH, paid_on__year=year)
        return rows.aggregate(total=Sum("amount"))["total"] or 0

    def totals_by_case_year(self):
        return (
            self.filter(case__isnull=False)
            .values("case", "case__member__name", "paid_on__year")
            .annotate(total=Sum("amount"), count=models.Count("id"))
            .order_by("case__member__name", "paid_on__year")
        )


class Aid(OrgOwned):
    """One aid payment (帮扶). To an on-file case, or, in an emergency with a reason, to a member."""

    case = models.ForeignKey(
        HardshipCase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aids",
        verbose_name="困难档案",
    )
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="care_aids", verbose_name="受助会员"
    )
    kind = models.CharField("帮扶类型", max_length=12, choices=AidKind.choices)
    amount = models.DecimalField("金额(元)", max_digits=10, decimal_places=2)
    paid_on = models.DateField("发放日期")
    fund_source = models.CharField("资金来源", max_length=100)
    approved_by = models.CharField("审批人", max_length=50)
    student_school = models.CharField("就读学校", max_length=100, blank=True)
    student_grade = models.CharField("年级", max_length=30, blank=True)
    emergency = models.BooleanField("紧急救助", default=False)
    emergency_reason = models.CharField("紧急救助理由", max_length=200, blank=True)
    override_reason = models.CharField("超限说明", max_length=200, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AidQuerySet.as_manager()
    view_capability = access.CARE

    class Meta:
        verbose_name = "帮扶记录"
        verbose_name_plural = "帮扶记录"
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="care_aid_amount_positive")]

    def __str__(self):
        return f"{self.member} {self.get_kind_display()} {self.amount}"


class Pairing(OrgOwned):
    """一帮一结对: an officer takes care of one needy household."""

    case = models.ForeignKey(HardshipCase, on_delete=models.CASCADE, related_name="pairings")
    officer = models.ForeignKey(
        "orgs.Officer", on_delete=models.PROTECT, related_name="+", verbose_name="结对干部"
    )
    started_on = models.DateField("结对日期", default=date.today)
    ended_on = models.DateField("结束日期", null=True, blank=True)
    end_reason = models.CharField("结束原因", max_length=200, blank=True)
    note = models.CharField("帮扶措施", max_length=300, blank=True)

    view_capability = access.CARE

    class Meta:
        verbose_name = "一帮一结对"

    def __str__(self):
        return f"{self.officer.name} → {self.case.member}"


class ContactWay(models.TextChoices):
    VISIT = "visit", "上门"
    PHONE = "phone", "电话"
    OTHER = "other", "其他"


class PairingContact(OrgOwned):
    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField("联系日期")
    way = models.CharField("方式", max_length=10, choices=ContactWay.choices)
    note = models.CharField("情况", max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    view_capability = access.CARE

    class Meta:
        verbose_name = "结对联系记录"
        ordering = ["-contacted_on"]

    def __str__(self):
        return f"{self.pairing} {self.contacted_on}"


for _model in (
    Visit,
    Occurrence,
    Campaign,
    CampaignItem,
    HardshipCase,
    CaseEvent,
    CaseDocument,
    Aid,
    Pairing,
    PairingContact,
):
    auditlog.register(_model)
