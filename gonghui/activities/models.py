"""Activities and contests: the events a plan schedules, who signed up, who came, results and proof."""

from datetime import datetime, time, timedelta

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone

from gonghui.core.models import OrgOwned, OrgOwnedQuerySet


class Category(models.TextChoices):
    FESTIVAL = "festival", "节日活动"
    SPORTS = "sports", "体育运动"
    CULTURE = "culture", "文化艺术"
    STUDY = "study", "学习培训"
    CONTEST = "contest", "劳动竞赛/技术比武"
    OUTING = "outing", "参观疗休养"
    VOLUNTEER = "volunteer", "志愿服务"
    OTHER = "other", "其他"


class Audience(models.TextChoices):
    ALL = "all", "全体会员"
    GROUP = "group", "工会小组"
    WOMEN = "women", "女职工"
    YOUTH = "youth", "青年职工（35岁以下）"
    RETIREES = "retirees", "退休职工"
    DELEGATES = "delegates", "职工代表"


YOUTH_AGE_LIMIT = 35


def starting_between(start, end, field="start") -> Q:
    """`field` (a datetime) on a day within [start, end], local dates: a range the (org, start) index
    serves, where `__date` casts every row (on SQLite through a Python function per row)."""
    zone = timezone.get_current_timezone()
    return Q(
        **{
            f"{field}__gte": datetime.combine(start, time.min, tzinfo=zone),
            f"{field}__lt": datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
        }
    )


class ActivityQuerySet(OrgOwnedQuerySet):
    def for_org(self, org):
        """What an org's pages list: its subtree's activities and those its federations hold for all below."""
        return self.filter(Q(org__path__startswith=org.path) | Q(org__in=org.get_ancestors()))

    def in_period(self, start, end):
        """Activities starting on a day within [start, end] (dates, Asia/Shanghai)."""
        return self.filter(starting_between(start, end))

    def in_year(self, year):
        return self.filter(start__year=year)

    def with_figures(self):
        return self.select_related("org").annotate(
            signed_up_count=Count("attendances", filter=Q(attendances__status="registered"), distinct=True),
            waiting_count=Count("attendances", filter=Q(attendances__status="waiting"), distinct=True),
            attended_count=Count(
                "attendances", filter=Q(attendances__attended_at__isnull=False), distinct=True
            ),
        )

    def total_cost(self):
        return self.aggregate(total=Sum("actual_cost"))["total"] or 0

    def upcoming(self):
        return self.filter(end__gte=timezone.now()).order_by("start")


class Activity(OrgOwned):
    """One event. Held by a union for its members, or by a federation for all the unions below it."""

    title = models.CharField("活动名称", max_length=200)
    category = models.CharField("类别", max_length=12, choices=Category.choices, default=Category.OTHER)
    start = models.DateTimeField("开始时间")
    end = models.DateTimeField("结束时间")
    place = models.CharField("地点", max_length=200, blank=True)
    organiser = models.CharField("组织者", max_length=100, blank=True)
    audience = models.CharField("参加对象", max_length=12, choices=Audience.choices, default=Audience.ALL)
    audience_group = models.ForeignKey(
        "orgs.Org",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="参加小组",
        help_text="参加对象为“工会小组”时选择",
    )
    capacity = models.PositiveIntegerField("名额", null=True, blank=True, help_text="不填为不限名额")
    signup_deadline = models.DateTimeField("报名截止", null=True, blank=True)
    budget = models.DecimalField("预算(元)", max_digits=12, decimal_places=2, null=True, blank=True)
    actual_cost = models.DecimalField("实际花费(元)", max_digits=12, decimal_places=2, null=True, blank=True)
    description = models.TextField("活动内容", blank=True)
    summary = models.TextField("活动小结", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ActivityQuerySet.as_manager()
    member_visible = True

    class Meta:
        verbose_name = "活动"
        verbose_name_plural = "活动"
        ordering = ["-start"]
        indexes = [models.Index(fields=["org", "start"], name="activity_org_start")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="activity_end_after_start")
        ]

    def __str__(self):
        return self.title

    @property
    def is_federation_activity(self):
        return self.org.kind == "federation"

    def signup_open(self, now=None):
        now = now or timezone.now()
        return now <= (self.signup_deadline or self.end)

    def registered_count(self):
        return self.attendances.filter(status=AttendanceStatus.REGISTERED).count()

    def seats_left(self):
        if self.capacity is None:
            return None
        return max(self.capacity - self.registered_count(), 0)


class AttendanceStatus(models.TextChoices):
    REGISTERED = "registered", "已报名"
    WAITING = "waiting", "候补"
    CANCELLED = "cancelled", "已取消"


class CheckInMethod(models.TextChoices):
    TAP = "tap", "点名"
    QR = "qr", "扫码"
    PAPER = "paper", "纸质签到表"


class AttendanceQuerySet(OrgOwnedQuerySet):
    def active(self):
        return self.exclude(status=AttendanceStatus.CANCELLED)

    def attended(self):
        return self.filter(attended_at__isnull=False)

    def waiting_in_order(self):
        return self.filter(status=AttendanceStatus.WAITING).order_by("signed_up_at", "id")

    def roster(self):
        return self.active().select_related("member", "member__org").order_by("status", "member__name_pinyin")

    def for_member(self, member):
        return (
            self.filter(member=member)
            .select_related("activity", "activity__org")
            .order_by("-activity__start")
        )


class Attendance(OrgOwned):
    """A member's sign-up for an activity and, on the day, whether they came.

    `org` is the member's own org, so a union sees its members' rows even at a federation activity.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(
        "报名状态", max_length=12, choices=AttendanceStatus.choices, default=AttendanceStatus.REGISTERED
    )
    signed_up_at = models.DateTimeField("报名时间", default=timezone.now)
    signed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    promoted_at = models.DateTimeField("候补转正时间", null=True, blank=True)
    attended_at = models.DateTimeField("签到时间", null=True, blank=True)
    check_in_method = models.CharField("签到方式", max_length=8, choices=CheckInMethod.choices, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AttendanceQuerySet.as_manager()
    member_owner_field = "member__user"

    class Meta:
        verbose_name = "报名签到"
        verbose_name_plural = "报名签到"
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="attendance_one_per_member"),
        ]
        indexes = [models.Index(fields=["activity", "status"], name="attendance_activity_status")]

    def __str__(self):
        return f"{self.member} · {self.activity}"

    @property
    def attended(self):
        return self.attended_at is not None

    def waiting_position(self):
        if self.status != AttendanceStatus.WAITING:
            return None
        earlier = self.activity.attendances.filter(status=AttendanceStatus.WAITING).filter(
            Q(signed_up_at__lt=self.signed_up_at) | Q(signed_up_at=self.signed_up_at, id__lt=self.id)
        )
        return earlier.count() + 1


def _upload_path(instance, filename):
    return f"activities/{instance.org_id}/{instance.activity_id}/{instance.id}-{filename[-60:]}"


class ActivityPhoto(OrgOwned):
    """A photo on the activity's wall. The upload is kept; a resized copy is what pages show."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("原图", upload_to=_upload_path, max_length=300)
    display = models.FileField("展示图", upload_to=_upload_path, max_length=300, blank=True)
    thumbnail = models.FileField("缩略图", upload_to=_upload_path, max_length=300, blank=True)
    caption = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "活动照片"
        verbose_name_plural = "活动照片"
        ordering = ["created_at"]

    def __str__(self):
        return self.caption or f"{self.activity} 照片"


class ActivityFile(OrgOwned):
    """A document kept with the activity: the notice, the scanned sign-in sheet, receipts."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="files")
    file = models.FileField("文件", upload_to=_upload_path, max_length=300)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "活动附件"
        verbose_name_plural = "活动附件"
        ordering = ["created_at"]

    def __str__(self):
        return self.name


class Contest(OrgOwned):
    """An event inside an activity (乒乓球, 书法, 技术比武 …) with entrants, results and awards."""

    class Scoring(models.TextChoices):
        HIGHER = "higher", "得分高者优先"
        LOWER = "lower", "用时/失分少者优先"
        PLACEMENT = "placement", "直接录入名次"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="contests")
    name = models.CharField("项目名称", max_length=100)
    scoring = models.CharField("评定方式", max_length=10, choices=Scoring.choices, default=Scoring.HIGHER)
    team_event = models.BooleanField("团体项目", default=False)
    award_counts = models.CharField(
        "奖项名额",
        max_length=50,
        default="1,2,3",
        help_text="一等奖、二等奖、三等奖……的名额，用逗号分隔，如 1,2,3",
    )

    member_visible = True

    class Meta:
        verbose_name = "竞赛项目"
        verbose_name_plural = "竞赛项目"
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.activity} · {self.name}"

    def award_quota(self) -> list[int]:
        return [int(x) for x in self.award_counts.replace("，", ",").split(",") if x.strip().isdigit()]


class EntrantQuerySet(OrgOwnedQuerySet):
    def ranked(self):
        return self.select_related("member").order_by(models.F("rank").asc(nulls_last=True), "created_at")


class Entrant(OrgOwned):
    """A member or a team in a contest, with the result and the award that follows from it."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entrants")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="contest_entries"
    )
    team_name = models.CharField("队名", max_length=100, blank=True)
    team_members = models.CharField("队员", max_length=300, blank=True)
    score = models.DecimalField("成绩", max_digits=10, decimal_places=2, null=True, blank=True)
    placement = models.PositiveIntegerField("名次(录入)", null=True, blank=True)
    rank = models.PositiveIntegerField("排名", null=True, blank=True)
    award = models.CharField("奖项", max_length=20, blank=True)

    objects = EntrantQuerySet.as_manager()
    member_visible = True

    class Meta:
        verbose_name = "参赛者"
        verbose_name_plural = "参赛者"
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "member"], condition=Q(member__isnull=False), name="entrant_one_per_member"
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.team_name or (self.member.name if self.member_id else "—")


QR_MAX_AGE = timedelta(hours=6)

for _model in (Activity, Attendance, ActivityPhoto, ActivityFile, Contest, Entrant):
    auditlog.register(_model)
