"""Annual plans: the heading tree, the month-by-month schedule, targets and the evidence that items were done."""

import calendar
import re
import secrets
from datetime import date
from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When

from gonghui.core.models import OrgOwned, OrgOwnedQuerySet
from gonghui.metrics import registry as metric_registry
from gonghui.metrics import synonyms
from gonghui.reports import registry


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "待确认"
    CONFIRMED = "confirmed", "已确认"


class PlanQuerySet(OrgOwnedQuerySet):
    def confirmed(self):
        return self.filter(status=PlanStatus.CONFIRMED)

    def for_year(self, year):
        return self.filter(year=year)

    def current_for(self, org, year):
        """The confirmed plan an org works to this year (None if it has not confirmed one)."""
        return self.confirmed().filter(org=org, year=year).first()


class Plan(OrgOwned):
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=200, blank=True)
    source_text = models.TextField("计划原文", blank=True)
    guiding_ideas = models.TextField("指导思想", blank=True)
    status = models.CharField("状态", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "工作计划"
        verbose_name_plural = "工作计划"
        ordering = ["-year", "-created_at"]
        constraints = [
            # One confirmed plan per org and year: the dashboard reads exactly that one.
            models.UniqueConstraint(
                fields=["org", "year"], condition=Q(status="confirmed"), name="plan_one_confirmed_per_year"
            ),
        ]

    def __str__(self):
        return self.title or f"{self.year}年工作计划"

    @property
    def is_confirmed(self):
        return self.status == PlanStatus.CONFIRMED


class PlanSection(OrgOwned):
    """One heading of the plan (一、 > (一) > 1、); `level` is its depth in the heading tree."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    level = models.PositiveSmallIntegerField("层级", default=1)
    title = models.CharField("标题", max_length=300)
    order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "计划章节"
        ordering = ["plan", "order"]

    def __str__(self):
        return self.title


class Period(models.TextChoices):
    H1 = "H1", "上半年"
    H2 = "H2", "下半年"
    Q1 = "Q1", "第一季度"
    Q2 = "Q2", "第二季度"
    Q3 = "Q3", "第三季度"
    Q4 = "Q4", "第四季度"
    YEAR = "Y", "全年"


# The month by which a period's work is due.
PERIOD_DUE_MONTH = {"H1": 6, "H2": 12, "Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12, "Y": 12}
PERIOD_START_MONTH = {"H1": 1, "H2": 7, "Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10, "Y": 1}


class Category(models.TextChoices):
    FESTIVAL = "festival", "节日活动"
    SPORTS = "sports", "体育"
    CULTURE = "culture", "文化"
    STUDY = "study", "学习培训"
    CARE = "care", "关爱帮扶"
    DEMOCRACY = "democracy", "民主管理"
    RIGHTS = "rights", "维权"
    ORGANISATION = "organisation", "组织建设"
    OTHER = "other", "其他"


class ItemStatus(models.TextChoices):
    PLANNED = "planned", "计划中"
    DONE = "done", "已完成"
    CANCELLED = "cancelled", "已取消"


def _due_month_expression():
    periods = [When(period=code, then=Value(month)) for code, month in PERIOD_DUE_MONTH.items()]
    return Case(
        When(end_month__isnull=False, then=F("end_month")),
        When(month__isnull=False, then=F("month")),
        *periods,
        default=Value(12),
    )


class ScheduleItemQuerySet(OrgOwnedQuerySet):
    def of_year(self, year):
        return self.filter(plan__year=year)

    def in_confirmed_plans(self):
        return self.filter(plan__status=PlanStatus.CONFIRMED)

    def open(self):
        return self.filter(status=ItemStatus.PLANNED)

    def overdue(self, today):
        """Planned items whose month (or period) ended before today."""
        return self.open().filter(
            Q(plan__year__lt=today.year) | Q(plan__year=today.year, due_month__lt=today.month)
        )

    def due_by(self, today):
        """Items that should be done by now (their month or period has ended), whatever their status."""
        return self.exclude(status=ItemStatus.CANCELLED).filter(
            Q(plan__year__lt=today.year) | Q(plan__year=today.year, due_month__lt=today.month)
        )

    def for_display(self):
        return self.select_related("responsible", "plan", "done_by").order_by("due_month", "order")

    def with_proof(self):
        """Each item with `proof_records` and `proof_files` counts (done items' proof, for lists)."""
        return self.annotate(
            proof_records=Count("evidence", filter=~Q(evidence__object_id=""), distinct=True),
            proof_files=Count("evidence", filter=~Q(evidence__file=""), distinct=True),
        )

    def done_without_proof(self):
        """Done items with no linked record, no file and no reason: marked before proof was needed."""
        proved = Evidence.objects.filter(item=OuterRef("pk")).exclude(object_id="", file="")
        return self.filter(status=ItemStatus.DONE, no_trace_reason="").exclude(Exists(proved))


class ScheduleItem(OrgOwned):
    """One line of the month-by-month schedule: a month (or a range of months) or a period of the year."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    month = models.PositiveSmallIntegerField("月份", null=True, blank=True)
    end_month = models.PositiveSmallIntegerField("结束月份", null=True, blank=True)
    period = models.CharField("时段", max_length=2, choices=Period.choices, blank=True)
    due_month = models.GeneratedField(
        expression=_due_month_expression(), output_field=models.PositiveSmallIntegerField(), db_persist=True
    )
    text = models.CharField("内容", max_length=500)
    category = models.CharField("类别", max_length=12, choices=Category.choices, default=Category.OTHER)
    status = models.CharField("状态", max_length=10, choices=ItemStatus.choices, default=ItemStatus.PLANNED)
    uncertain = models.BooleanField("时间待核实", default=False)
    responsible = models.ForeignKey(
        "orgs.Officer", on_delete=models.SET_NULL, null=True, blank=True, verbose_name="负责人"
    )
    order = models.PositiveIntegerField("顺序", default=0)
    note = models.CharField("备注", max_length=500, blank=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Done needs proof: a linked record, a file, or this (see no_trace_problem). The summary and
    # the assessment show it as such, never as evidence.
    no_trace_reason = models.TextField("无需留痕的原因", blank=True)

    objects = ScheduleItemQuerySet.as_manager()

    class Meta:
        verbose_name = "月份安排"
        ordering = ["plan", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12), name="item_month_range"
            ),
            models.CheckConstraint(
                condition=Q(end_month__isnull=True) | Q(end_month__gte=1, end_month__lte=12),
                name="item_end_month_range",
            ),
            models.CheckConstraint(condition=Q(month__isnull=False) | ~Q(period=""), name="item_has_time"),
        ]

    def __str__(self):
        return self.text

    @property
    def when_label(self):
        if self.month:
            if self.end_month and self.end_month != self.month:
                return f"{self.month}—{self.end_month}月"
            return f"{self.month}月"
        return self.get_period_display()

    @property
    def first_month(self):
        return self.month or PERIOD_START_MONTH.get(self.period, 1)

    @property
    def last_month(self):
        return self.end_month or self.month or PERIOD_DUE_MONTH.get(self.period, 12)

    @property
    def start_date(self):
        return date(self.plan.year, self.first_month, 1)

    @property
    def due_date(self):
        year, month = self.plan.year, self.last_month
        return date(year, month, calendar.monthrange(year, month)[1])

    @property
    def proof(self) -> str:
        """How the item is proved: "records", "files", "reason" or "" (none)."""
        evidence = list(self.evidence.all())
        if any(e.object_id for e in evidence):
            return "records"
        if any(e.file for e in evidence):
            return "files"
        return "reason" if self.no_trace_reason else ""

    def state_on(self, today):
        """done / cancelled / overdue / due (its time has come) / planned — overdue is derived, never stored."""
        if self.status != ItemStatus.PLANNED:
            return self.status
        if self.due_date < today:
            return "overdue"
        if self.start_date <= today:
            return "due"
        return "planned"


def evidence_upload_to(instance, filename):
    return f"plans/evidence/{instance.org_id}/{instance.id}/{filename}"


# The shortest reason accepted for "no trace needed": a sentence, not a word (see no_trace_problem).
NO_TRACE_MIN_HANZI = 10
SENTENCE_END = "。！？!?."
HANZI = re.compile(r"[\u4e00-\u9fff]")
NO_TRACE_HELP = (
    "请写一句完整的话说明为什么没有记录或材料：不少于10个汉字，以句号结尾，"
    "例如「本次为上级工会组织的现场检查，检查记录由区总工会留存。」"
)


def no_trace_problem(reason: str) -> str | None:
    """Why a 「无需留痕的原因」 is not accepted, or None. A reason is at least one sentence: at least
    NO_TRACE_MIN_HANZI Chinese characters, ending with a full stop (。！？ or . ! ?)."""
    text = (reason or "").strip()
    if not text:
        return "请写明无需留痕的原因。" + NO_TRACE_HELP
    if len(HANZI.findall(text)) < NO_TRACE_MIN_HANZI:
        return "无需留痕的原因太短。" + NO_TRACE_HELP
    if text[-1] not in SENTENCE_END:
        return "无需留痕的原因要写成完整的一句话，以句号结尾。" + NO_TRACE_HELP
    return None


class Evidence(OrgOwned):
    """Proof an item was done: a link to a record of a registered evidence type (reports/registry.py:
    activity, visit, aid, congress, notice…) or an uploaded file."""

    item = models.ForeignKey(ScheduleItem, on_delete=models.CASCADE, related_name="evidence")
    # The registry key ("activities.activity") says how to find, show and open the record; the
    # content type and id keep the generic link the activities app queries.
    evidence_key = models.CharField("佐证类型", max_length=60, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField("附件", upload_to=evidence_upload_to, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "完成佐证"
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            # A record proves an item once; linking it again changes nothing.
            models.UniqueConstraint(
                fields=["item", "content_type", "object_id"],
                condition=~Q(object_id=""),
                name="evidence_one_link_per_record",
            ),
        ]

    def __str__(self):
        if self.file:
            return self.file.name.rsplit("/", 1)[-1]
        return str(self.record) if self.content_type_id else self.note

    @property
    def kind(self):
        """The registered evidence type of the linked record (None for a file, or a type since removed)."""
        if not self.evidence_key:
            return None
        try:
            return registry.evidence_type(self.evidence_key)
        except KeyError:
            return None

    def describe(self) -> str:
        """One line for lists: 「活动：2026-03-08 三八节趣味运动会」, or the file's name."""
        kind, record = self.kind, self.record if self.object_id else None
        if kind and record is not None:
            return f"{kind.label}：{kind.describe(record)}"
        if self.object_id:
            return "（关联的记录已删除）"
        return str(self)

    def url(self) -> str:
        kind, record = self.kind, self.record if self.object_id else None
        return kind.url(record) if kind and record is not None else ""


class Comparator(models.TextChoices):
    AT_LEAST = ">=", "不低于"
    AT_MOST = "<=", "不高于"
    EQUAL = "==", "等于"
    BETWEEN = "in", "介于"  # value … value_max: 3-5项, 一至二篇


class TargetPeriod(models.TextChoices):
    """What a target's value is measured over: a window of the plan's year (全年, 上半年, 第二季度),
    or every period of a kind (每季集中学习一次: met only if every quarter so far has one).
    `gonghui.plans.periods` turns each into its date windows."""

    YEAR = "Y", "全年"
    H1 = "H1", "上半年"
    H2 = "H2", "下半年"
    Q1 = "Q1", "第一季度"
    Q2 = "Q2", "第二季度"
    Q3 = "Q3", "第三季度"
    Q4 = "Q4", "第四季度"
    EVERY_MONTH = "per_m", "每月"
    EVERY_TWO_MONTHS = "per_2m", "每两月"
    EVERY_QUARTER = "per_q", "每季"
    EVERY_HALF = "per_h", "每半年"
    EVERY_TERM = "per_t", "每学期"
    EVERY_WEEK = "per_w", "每周"


def target_upload_to(instance, filename):
    return f"plans/targets/{instance.org_id}/{instance.id}/{filename}"


class TargetQuerySet(OrgOwnedQuerySet):
    def with_metric(self):
        return self.exclude(metric_key="")


class Target(OrgOwned):
    """A numeric goal: measured by a registered metric (metric_key) or, if manual, by a value the union enters."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    text = models.CharField("目标原文", max_length=500)
    metric_words = models.CharField("指标用语", max_length=200, blank=True)
    metric_key = models.CharField("指标", max_length=80, blank=True, help_text="留空表示手工填报")
    comparator = models.CharField(
        "比较", max_length=2, choices=Comparator.choices, default=Comparator.AT_LEAST
    )
    value = models.DecimalField("目标值", max_digits=12, decimal_places=2)
    value_max = models.DecimalField(
        "上限", max_digits=12, decimal_places=2, null=True, blank=True, help_text="区间目标（如 3-5项）的上限"
    )
    unit = models.CharField("单位", max_length=20, blank=True)
    period = models.CharField("周期", max_length=8, choices=TargetPeriod.choices, default=TargetPeriod.YEAR)
    order = models.PositiveIntegerField("顺序", default=0)
    manual_value = models.DecimalField("填报值", max_digits=12, decimal_places=2, null=True, blank=True)
    manual_evidence = models.FileField("填报佐证", upload_to=target_upload_to, blank=True)
    manual_updated_at = models.DateTimeField("填报时间", null=True, blank=True)
    manual_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = "目标"
        ordering = ["plan", "order"]

    def __str__(self):
        return self.text

    @property
    def is_manual(self):
        # A key no module has registered (a plan imported before its module existed) cannot be
        # computed: the union enters the value by hand until the metric is there.
        return not self.metric_key or metric_registry.get(self.metric_key) is None

    @property
    def metric_label(self) -> str:
        """What the screens call this target's measure: the metric's name, else the plan's own words."""
        return synonyms.label_for(self.metric_key, fallback=self.metric_words or self.text[:30])

    @property
    def is_frequency(self) -> bool:
        """每季一次 and the like: the value is reached in every period of the kind, not once a year."""
        return self.period.startswith("per_")

    def goal_display(self):
        every = f"{self.get_period_display()} " if self.period != TargetPeriod.YEAR else ""
        if self.comparator == Comparator.BETWEEN and self.value_max is not None:
            return f"{every}{self.value.normalize():f}–{self.value_max.normalize():f}{self.unit}"
        if self.comparator == Comparator.EQUAL and not self.value:
            return f"{every}为零"
        return f"{every}{self.get_comparator_display()} {self.value.normalize():f}{self.unit}"

    def met_by(self, actual) -> bool | None:
        """Whether a value reaches the goal; a zero target (为零) is met at zero, a range within both bounds."""
        if actual is None:
            return None
        actual, goal = Decimal(str(actual)), self.value
        if self.comparator == Comparator.AT_MOST:
            return actual <= goal
        if self.comparator == Comparator.EQUAL:
            return actual == goal
        if self.comparator == Comparator.BETWEEN:
            return goal <= actual and (self.value_max is None or actual <= self.value_max)
        return actual >= goal


class Digest(OrgOwned):
    """The daily reminder for one union: items due within a week and overdue items, built by a task."""

    day = models.DateField("日期")
    due_soon = models.JSONField("七日内到期", default=list)
    overdue = models.JSONField("已逾期", default=list)
    emailed_to = models.JSONField("已发送邮件", default=list, blank=True)

    class Meta:
        verbose_name = "每日提醒"
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["org", "day"], name="digest_one_per_org_day")]

    def __str__(self):
        return f"{self.org} {self.day}"

    @property
    def is_empty(self):
        return not self.due_soon and not self.overdue


def new_feed_key() -> str:
    return secrets.token_urlsafe(16)


class CalendarFeed(OrgOwned):
    """The secret in an org's calendar subscription link. A new key turns off every link handed out
    before (a phone lost, an officer gone); an org without a row still has its first link."""

    key = models.CharField("订阅密钥", max_length=32, default=new_feed_key)

    class Meta:
        verbose_name = "日历订阅"
        constraints = [models.UniqueConstraint(fields=["org"], name="calendar_feed_one_per_org")]

    def __str__(self):
        return f"{self.org} 日历订阅"


auditlog.register(Plan, exclude_fields=["source_text"])
auditlog.register(PlanSection)
auditlog.register(ScheduleItem)
auditlog.register(Evidence)
auditlog.register(Target)
auditlog.register(CalendarFeed, exclude_fields=["key"])
auditlog.register(Digest)
