"""Open affairs and the members' voice (公开与建议): notices posted to the staff (厂务/校务/村务/会务
公开) with read receipts and opinions, the publishing plan, rationalisation suggestions (合理化建议)
and the union mailbox (工会信箱).

Members see published notices of their union (`member_visible`, narrowed to what is published in
views and the API) and their own opinions and suggestions (`member_owner_field`). An anonymous
letter keeps no user, no member and no address: only a random reference its writer holds.
"""

import secrets
from datetime import date

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core import access
from gonghui.core.models import OrgOwned, OrgOwnedQuerySet
from gonghui.voice import params


class NoticeKind(models.TextChoices):
    FACTORY = "factory", "厂务公开"
    SCHOOL = "school", "校务公开"
    VILLAGE = "village", "村务公开"
    UNION = "union", "会务公开"


class Category(models.TextChoices):
    FINANCE = "finance", "财务收支"
    AWARDS = "awards", "评优评先"
    APPOINTMENT = "appointment", "职称/岗位聘任"
    RECRUITMENT = "recruitment", "招聘录用"
    DECISION = "decision", "重大决策"
    WELFARE = "welfare", "福利"
    UNION_FUNDS = "union_funds", "工会经费"
    CONGRESS = "congress", "职代会事项"
    OTHER = "other", "其他"


class Audience(models.TextChoices):
    ALL = "all", "全体职工（含下级组织）"
    GROUP = "group", "指定工会小组"
    DELEGATES = "delegates", "职工代表"
    WOMEN = "women", "女职工"


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已公开"
    WITHDRAWN = "withdrawn", "已撤回"


def voice_file_path(instance, filename):
    # Our own name only (core.uploads already chose it): the org and the row's id.
    suffix = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"voice/{instance.org_id}/{instance._meta.model_name}/{instance.pk}.{suffix}"


def posted_days(start: date, end: date | None) -> int:
    """Days a notice was up, both ends included (6月1日—6月15日 is 15 days)."""
    if end is None or end < start:
        return 0
    return (end - start).days + 1


class NoticeQuerySet(OrgOwnedQuerySet):
    def published(self):
        """Notices that went out (a withdrawn one went out too, and stays on the record)."""
        return self.filter(status__in=[NoticeStatus.PUBLISHED, NoticeStatus.WITHDRAWN])

    def showing(self, today):
        """What members see now: published and within its posting window."""
        return self.filter(status=NoticeStatus.PUBLISHED, publish_from__lte=today, publish_to__gte=today)

    def for_member_view(self):
        """Everything published that a member may open (also notices whose window has closed)."""
        return self.published()

    def in_period(self, start, end):
        return self.filter(publish_from__gte=start, publish_from__lte=end)

    def for_list(self):
        return self.select_related("org", "audience_group").order_by("-publish_from", "-created_at")


class Notice(OrgOwned):
    """One posting (公开事项) on the board and online."""

    kind = models.CharField("公开类型", max_length=10, choices=NoticeKind.choices)
    category = models.CharField("公开类别", max_length=15, choices=Category.choices)
    title = models.CharField("标题", max_length=120)
    body = models.TextField("内容")  # sanitised HTML (services.clean_body), never raw input
    audience = models.CharField("公开范围", max_length=10, choices=Audience.choices, default=Audience.ALL)
    audience_group = models.ForeignKey(
        "orgs.Org",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="工会小组",
    )
    publish_from = models.DateField("公开开始日期")
    publish_to = models.DateField("公开截止日期")
    status = models.CharField("状态", max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdraw_reason = models.CharField("撤回原因", max_length=200, blank=True)
    reminded_at = models.DateTimeField("最近提醒时间", null=True, blank=True)
    reminders = models.PositiveSmallIntegerField("提醒次数", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = NoticeQuerySet.as_manager()
    member_visible = True

    class Meta:
        verbose_name = "公开事项"
        verbose_name_plural = "公开事项"
        indexes = [models.Index(fields=["org", "publish_from"], name="voice_notice_org_from")]
        constraints = [
            models.CheckConstraint(
                condition=Q(publish_to__gte=models.F("publish_from")), name="voice_notice_window_order"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}"

    @property
    def is_published(self):
        return self.status in (NoticeStatus.PUBLISHED, NoticeStatus.WITHDRAWN)

    @property
    def ends_on(self) -> date:
        """The last day it was (or will be) up: the planned end, or the day it was withdrawn."""
        if self.withdrawn_on and self.withdrawn_on < self.publish_to:
            return self.withdrawn_on
        return self.publish_to

    @property
    def days_posted(self) -> int:
        return posted_days(self.publish_from, self.ends_on)

    @property
    def posted_long_enough(self) -> bool:
        """Rule 15: up for at least the minimum days; a notice withdrawn early does not count."""
        return self.is_published and self.days_posted >= params.min_posting_days()


class NoticeAttachment(OrgOwned):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("文件名", max_length=200)
    file = models.FileField("附件", upload_to=voice_file_path)
    size = models.PositiveIntegerField("大小", default=0)

    member_visible = True

    class Meta:
        verbose_name = "公开附件"
        verbose_name_plural = "公开附件"

    def __str__(self):
        return self.name


class NoticeRead(OrgOwned):
    """A read receipt: this person opened this notice (first time only)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    read_at = models.DateTimeField("阅读时间")

    member_owner_field = "user"

    class Meta:
        verbose_name = "阅读记录"
        verbose_name_plural = "阅读记录"
        constraints = [models.UniqueConstraint(fields=["notice", "user"], name="voice_read_once")]

    def __str__(self):
        return f"{self.notice.title} · 已读"


class OpinionKind(models.TextChoices):
    OPINION = "opinion", "意见建议"
    OBJECTION = "objection", "异议"


class OpinionQuerySet(OrgOwnedQuerySet):
    def unanswered(self):
        return self.filter(replied_at__isnull=True)

    def overdue(self, today):
        return self.unanswered().filter(due_on__lt=today)


class Opinion(OrgOwned):
    """A staff member's opinion on, or objection to, a notice; the union answers by `due_on` (rule 15)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="opinions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        "members.Member", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField("类型", max_length=10, choices=OpinionKind.choices, default=OpinionKind.OPINION)
    body = models.TextField("意见内容", max_length=2000)
    due_on = models.DateField("答复期限")
    reply = models.TextField("工会答复", blank=True, max_length=2000)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = OpinionQuerySet.as_manager()
    member_owner_field = "author"

    class Meta:
        verbose_name = "职工意见"
        verbose_name_plural = "职工意见"

    def __str__(self):
        return f"{self.get_kind_display()}：{self.body[:20]}"

    def is_overdue(self, today) -> bool:
        return self.replied_at is None and today > self.due_on

    @property
    def replied_late(self) -> bool:
        from django.utils import timezone

        return self.replied_at is not None and timezone.localdate(self.replied_at) > self.due_on


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    HALF_YEARLY = "half_yearly", "每半年"
    YEARLY = "yearly", "每年"


class PublishingRule(OrgOwned):
    """One line of the publishing plan: this org publishes this kind (and category) this often.

    With no rule of its own an org follows the defaults for its unit type (publishing.DEFAULT_RULES)."""

    kind = models.CharField("公开类型", max_length=10, choices=NoticeKind.choices)
    category = models.CharField(
        "公开类别", max_length=15, choices=Category.choices, blank=True, help_text="留空表示任一类别"
    )
    frequency = models.CharField("频次", max_length=12, choices=Frequency.choices)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "公开计划"
        verbose_name_plural = "公开计划"
        constraints = [models.UniqueConstraint(fields=["org", "kind", "category"], name="voice_rule_once")]

    def __str__(self):
        what = self.get_category_display() or "公开"
        return f"{self.get_kind_display()} {what} {self.get_frequency_display()}"


class Channel(models.TextChoices):
    SUGGESTION = "suggestion", "合理化建议"
    MAILBOX = "mailbox", "工会信箱"


class SuggestionStatus(models.TextChoices):
    SUBMITTED = "submitted", "待处理"
    ADOPTED = "adopted", "采纳"
    NOT_ADOPTED = "not_adopted", "不采纳"
    REFERRED = "referred", "转交办理"
    IMPLEMENTED = "implemented", "已实施"
    ANSWERED = "answered", "已答复"


EVALUATED = [
    SuggestionStatus.ADOPTED,
    SuggestionStatus.NOT_ADOPTED,
    SuggestionStatus.REFERRED,
    SuggestionStatus.IMPLEMENTED,
]
ADOPTED = [SuggestionStatus.ADOPTED, SuggestionStatus.IMPLEMENTED]


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


def new_reference() -> str:
    """What an anonymous writer keeps to come back for the answer: 12 unambiguous characters."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class SuggestionQuerySet(OrgOwnedQuerySet):
    def suggestions(self):
        return self.filter(channel=Channel.SUGGESTION)

    def letters(self):
        return self.filter(channel=Channel.MAILBOX)

    def unanswered(self):
        return self.filter(replied_at__isnull=True)

    def overdue(self, today):
        return self.unanswered().filter(due_on__lt=today)

    def to_escalate(self, today):
        """Letters past their deadline, unanswered and not yet escalated (the daily task marks them)."""
        return self.letters().overdue(today).filter(escalated_on__isnull=True)

    def escalated_open(self):
        """Escalated letters still waiting for their answer: on the chair's and the federation's lists."""
        return self.letters().unanswered().filter(escalated_on__isnull=False)

    def submitted_between(self, start, end):
        return self.filter(submitted_on__gte=start, submitted_on__lte=end)

    def for_list(self):
        return self.select_related("org", "member").order_by("-submitted_on", "-created_at")


class Suggestion(OrgOwned):
    """A rationalisation suggestion (合理化建议) or a letter to the union mailbox (工会信箱).

    An anonymous letter has no author, no member and nothing else that names its writer; the
    service that stores it writes no audit entry (which would carry the user and the address)."""

    channel = models.CharField("渠道", max_length=12, choices=Channel.choices)
    title = models.CharField("标题", max_length=120)
    body = models.TextField("内容", max_length=5000)
    anonymous = models.BooleanField("匿名", default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reference = models.CharField("查询码", max_length=12, unique=True, default=new_reference)
    submitted_on = models.DateField("提交日期")
    due_on = models.DateField("答复期限")
    status = models.CharField(
        "状态", max_length=12, choices=SuggestionStatus.choices, default=SuggestionStatus.SUBMITTED
    )
    evaluated_on = models.DateField("评审日期", null=True, blank=True)
    decision_reason = models.TextField("评审意见/不采纳理由", blank=True, max_length=2000)
    department = models.CharField("承办部门", max_length=60, blank=True)
    implemented_on = models.DateField("实施日期", null=True, blank=True)
    benefit = models.DecimalField("经济效益(元)", max_digits=12, decimal_places=2, null=True, blank=True)
    award = models.DecimalField("奖励金额(元)", max_digits=10, decimal_places=2, null=True, blank=True)
    reply = models.TextField("答复", blank=True, max_length=3000)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rating = models.CharField("写信人评价", max_length=12, choices=Rating.choices, blank=True)
    # The day a letter past its deadline was flagged to the chair and the upper federation; kept
    # after a late answer, as the record that it was escalated.
    escalated_on = models.DateField("逾期上报日期", null=True, blank=True)

    objects = SuggestionQuerySet.as_manager()
    # Letters and suggestions name their writers: for those who may see rows about people.
    view_capability = access.PERSONAL
    member_owner_field = "author"

    class Meta:
        verbose_name = "建议与来信"
        verbose_name_plural = "建议与来信"
        indexes = [models.Index(fields=["org", "channel", "submitted_on"], name="voice_sugg_org_ch_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(author__isnull=True, member__isnull=True),
                name="voice_anonymous_names_nobody",
            ),
            models.CheckConstraint(
                condition=Q(benefit__isnull=True) | Q(benefit__gte=0), name="voice_benefit_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(award__isnull=True) | Q(award__gte=0), name="voice_award_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()}：{self.title}"

    def writer_name(self) -> str:
        if self.anonymous:
            return "匿名"
        if self.member_id:
            return self.member.name
        return "—"

    def is_overdue(self, today) -> bool:
        return self.replied_at is None and today > self.due_on

    @property
    def replied_late(self) -> bool:
        from django.utils import timezone

        return self.replied_at is not None and timezone.localdate(self.replied_at) > self.due_on

    @property
    def is_evaluated(self) -> bool:
        return self.status in EVALUATED


class SuggestionAttachment(OrgOwned):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("文件名", max_length=200)
    file = models.FileField("附件", upload_to=voice_file_path)
    size = models.PositiveIntegerField("大小", default=0)

    view_capability = access.PERSONAL
    member_owner_field = "suggestion__author"

    class Meta:
        verbose_name = "建议附件"
        verbose_name_plural = "建议附件"

    def __str__(self):
        return self.name


auditlog.register(Notice)
auditlog.register(NoticeAttachment)
auditlog.register(Opinion)
auditlog.register(PublishingRule)
auditlog.register(NoticeRead)
auditlog.register(Suggestion, exclude_fields=["reference"])
auditlog.register(SuggestionAttachment)
