"""Assessment rows: a rubric (sections → items), a round of it for a federation's unions, each union's
assessment with one score row per item, the files it attaches, designations won, and 会员评家 tallies."""

from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models

from gonghui.core.models import OrgOwned, OrgOwnedQuerySet
from gonghui.reports.assessment import rubric as rules

POINTS = {"max_digits": 6, "decimal_places": 2}


class Rubric(OrgOwned):
    """A federation's scoring table for one year; `org` is the federation that defined it."""

    title = models.CharField("名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    total = models.DecimalField("总分", **POINTS)
    pass_score = models.DecimalField("合格分数线", null=True, blank=True, **POINTS)
    designation = models.CharField(
        "授予称号", max_length=50, blank=True, help_text="如 模范职工之家、示范工会"
    )
    description = models.TextField("说明", blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "考核细则"
        ordering = ["-year", "title"]

    def __str__(self):
        return f"{self.year}年{self.title}"

    def items_in_order(self):
        return (
            RubricItem.objects.filter(section__rubric=self)
            .select_related("section")
            .order_by("section__order", "order")
        )


class RubricSection(OrgOwned):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField("标题", max_length=200)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "考核细则部分"
        ordering = ["rubric", "order"]

    def __str__(self):
        return self.title


class RubricItem(OrgOwned):
    """One line of the table: what is assessed, its points, how it is scored, what proves it, 必备 or not."""

    section = models.ForeignKey(RubricSection, on_delete=models.CASCADE, related_name="items")
    title = models.CharField("项目", max_length=200)
    content = models.CharField("考核内容", max_length=500, blank=True)
    max_points = models.DecimalField("分值", **POINTS)
    rule = models.JSONField("评分规则", default=dict)
    evidence = models.JSONField("佐证记录类型", default=list, blank=True)
    evidence_note = models.CharField("佐证材料", max_length=300, blank=True)
    required = models.BooleanField("必备", default=False)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "考核项目"
        ordering = ["section", "order"]

    def __str__(self):
        return self.title

    @property
    def rule_kind(self):
        return self.rule.get("kind", rules.MANUAL)

    @property
    def is_automatic(self):
        return self.rule_kind != rules.MANUAL

    def rule_label(self):
        return rules.RULE_LABELS.get(self.rule_kind, "人工评分")


class RoundStatus(models.TextChoices):
    OPEN = "open", "进行中"
    PUBLISHED = "published", "已发布结果"


class AssessmentRound(OrgOwned):
    """A federation assesses its unions with one rubric; scoring closes when the results are published."""

    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField("名称", max_length=200)
    year = models.PositiveSmallIntegerField("考核年度")
    status = models.CharField("状态", max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    submit_by = models.DateField("自评提交截止", null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "考核轮次"
        ordering = ["-year", "-created_at"]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status == RoundStatus.OPEN


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "自评中"
    SUBMITTED = "submitted", "已提交"
    REVIEWED = "reviewed", "已评审"


class AssessmentQuerySet(OrgOwnedQuerySet):
    def ranked(self):
        """Passed ones first, then by final points: a missed 必备 item fails whatever the points."""
        return self.select_related("org").order_by(
            "-passed", models.F("final_total").desc(nulls_last=True), "org__name"
        )


class Assessment(OrgOwned):
    """One union's assessment in a round; `org` is the union assessed."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="assessments")
    status = models.CharField(
        "状态", max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    self_total = models.DecimalField("自评分", null=True, blank=True, **POINTS)
    final_total = models.DecimalField("考核分", null=True, blank=True, **POINTS)
    missed_required = models.JSONField("未达标必备项", default=list, blank=True)
    passed = models.BooleanField("合格", null=True, blank=True)
    rank = models.PositiveIntegerField("名次", null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = "工会考核"
        ordering = ["round", "org__name"]
        constraints = [models.UniqueConstraint(fields=["round", "org"], name="assessment_one_per_union")]

    def __str__(self):
        return f"{self.round} · {self.org}"

    @property
    def is_draft(self):
        return self.status == AssessmentStatus.DRAFT


class ItemScore(OrgOwned):
    """One rubric item for one union: the automatic score and its facts, the union's own, the reviewer's."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    auto_points = models.DecimalField("自动得分", null=True, blank=True, **POINTS)
    facts = models.JSONField("依据", default=dict, blank=True)
    self_points = models.DecimalField("自评分", null=True, blank=True, **POINTS)
    self_note = models.CharField("自评说明", max_length=500, blank=True)
    review_points = models.DecimalField("考核分", null=True, blank=True, **POINTS)
    review_comment = models.CharField("评审意见", max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField("评审时间", null=True, blank=True)

    class Meta:
        verbose_name = "考核项目得分"
        ordering = ["item__section__order", "item__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "item"], name="item_score_one_per_item")]

    def __str__(self):
        return f"{self.item} {self.final_points}"

    @property
    def claimed_points(self) -> Decimal | None:
        """What the union puts forward: its own score where it gave one, else the automatic one."""
        return self.self_points if self.self_points is not None else self.auto_points

    @property
    def final_points(self) -> Decimal | None:
        return self.review_points if self.review_points is not None else self.claimed_points

    @property
    def missed(self) -> bool:
        """A 必备 item is missed when it ends with no points (or none were given at all)."""
        return self.item.required and not self.final_points


def assessment_upload_to(instance, filename):
    return f"reports/assessment/{instance.org_id}/{instance.score_id}/{filename}"


class AssessmentFile(OrgOwned):
    """A file the union attaches to an item as proof (会议纪要, 照片…)."""

    score = models.ForeignKey(ItemScore, on_delete=models.CASCADE, related_name="files")
    file = models.FileField("附件", upload_to=assessment_upload_to)
    name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "考核佐证附件"
        ordering = ["created_at"]

    def __str__(self):
        return self.name


class DesignationQuerySet(OrgOwnedQuerySet):
    def in_period(self, start, end):
        return self.filter(year__gte=start.year, year__lte=end.year)


class Designation(OrgOwned):
    """A title a union won from a published round (示范工会, 模范职工之家); `org` is the union."""

    title = models.CharField("称号", max_length=50)
    year = models.PositiveSmallIntegerField("年度")
    round = models.ForeignKey(
        AssessmentRound, on_delete=models.PROTECT, null=True, blank=True, related_name="designations"
    )
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = DesignationQuerySet.as_manager()

    class Meta:
        verbose_name = "荣誉称号"
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["org", "title", "year"], name="designation_once_a_year")
        ]

    def __str__(self):
        return f"{self.year}年{self.title}"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    FAIRLY = "fairly", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class RatingTally(OrgOwned):
    """会员评家 counts for one union in one round. Ratings are added into these counts, never stored one
    by one, so no row can ever be traced back to the member who gave it (with RatingMarker only saying
    who has rated). No timestamps and no audit log on purpose: either would line a change up with a marker."""

    created_at = None
    updated_at = None
    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="tallies")
    satisfied = models.PositiveIntegerField("满意", default=0)
    fairly = models.PositiveIntegerField("基本满意", default=0)
    dissatisfied = models.PositiveIntegerField("不满意", default=0)

    class Meta:
        verbose_name = "会员评家统计"
        constraints = [models.UniqueConstraint(fields=["round", "org"], name="rating_tally_one_per_union")]

    def __str__(self):
        return f"{self.org} 会员评家"

    @property
    def count(self):
        return self.satisfied + self.fairly + self.dissatisfied

    @property
    def satisfaction_rate(self) -> float | None:
        """满意率 as rubrics count it: 满意 and 基本满意 over all ratings (None without ratings)."""
        if not self.count:
            return None
        return round((self.satisfied + self.fairly) * 100 / self.count, 1)


class RatingMarker(OrgOwned):
    """The one-way "has rated" mark: a member rates once per round; it says nothing of what he chose."""

    created_at = None
    updated_at = None
    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    member_owner_field = "user"

    class Meta:
        verbose_name = "会员评家记录"
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="rating_once_per_member")]

    def __str__(self):
        return "已评价"


auditlog.register(Rubric)
auditlog.register(RubricSection)
auditlog.register(RubricItem)
auditlog.register(AssessmentRound)
auditlog.register(Assessment)
auditlog.register(ItemScore)
auditlog.register(AssessmentFile)
auditlog.register(Designation)
