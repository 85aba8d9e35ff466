"""The union's own work (工会自身建设): committee meetings with minutes and decisions, study sessions,
honours (评先推优) and news reports to the upper federation (信息报送).

Everything here is the union's internal work: its officers and the federations above see it; a
member sees the honours they hold (member record tab), and takes part in 评先推优 online: the open
rounds of their union, their own nominations, the publicity list (公示) and their objections to it.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q, Sum

from gonghui.core import access
from gonghui.core.models import OrgOwned, OrgOwnedQuerySet


def unionwork_file_path(instance, filename):
    # The stored name never reuses what the user typed: only the org and the row's id.
    suffix = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"unionwork/{instance.org_id}/{instance._meta.model_name}/{instance.pk}.{suffix}"


class MeetingKind(models.TextChoices):
    COMMITTEE = "committee", "工会委员会会议"
    CHAIR_OFFICE = "chair_office", "主席办公会"
    AUDIT = "audit", "经审会议"
    WOMEN = "women", "女职委会议"
    GROUP_LEADERS = "group_leaders", "小组长会议"
    ASSEMBLY = "assembly", "会员(代表)大会"
    FORUM = "forum", "座谈会/恳谈会"


class MeetingQuerySet(OrgOwnedQuerySet):
    def for_list(self):
        return self.select_related("org").order_by("-held_on", "-created_at")

    def in_period(self, start, end):
        return self.filter(held_on__gte=start, held_on__lte=end)

    def minuted(self):
        """Meetings on record: minutes written or a scan uploaded (a planned meeting has neither)."""
        return self.filter(~Q(minutes="") | ~Q(minutes_scan=""))


class Meeting(OrgOwned):
    """One meeting of the union's bodies, with who came, what was on the agenda and the minutes."""

    kind = models.CharField("会议类型", max_length=16, choices=MeetingKind.choices)
    title = models.CharField("会议名称", max_length=200)
    held_on = models.DateField("会议日期")
    place = models.CharField("地点", max_length=100, blank=True)
    host = models.CharField("主持人", max_length=50, blank=True)
    recorder = models.CharField("记录人", max_length=50, blank=True)
    officers = models.ManyToManyField("orgs.Officer", blank=True, related_name="+", verbose_name="出席委员")
    delegates = models.CharField("出席代表/会员", max_length=300, blank=True)
    invited = models.CharField("列席/邀请人员", max_length=200, blank=True)
    absent = models.CharField("缺席人员及原因", max_length=200, blank=True)
    attendance = models.PositiveIntegerField("出席人数", default=0)
    agenda = models.TextField("议题", blank=True)
    minutes = models.TextField("会议记录", blank=True, help_text="保存时已清除不安全的格式")
    minutes_scan = models.FileField("会议记录扫描件", upload_to=unionwork_file_path, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        indexes = [models.Index(fields=["org", "held_on"], name="unionwork_meeting_org_date")]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    @property
    def has_minutes(self) -> bool:
        return bool(self.minutes or self.minutes_scan)

    def attendee_names(self) -> str:
        return "、".join(o.name for o in self.officers.all())


class DecisionQuerySet(OrgOwnedQuerySet):
    def open(self):
        return self.filter(done_on__isnull=True)

    def overdue(self, today):
        return self.open().filter(due_on__lt=today)


class Decision(OrgOwned):
    """A decision a meeting took (决定事项): someone owns it and it is followed until done."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField("决定事项", max_length=300)
    owner = models.CharField("责任人", max_length=50)
    due_on = models.DateField("完成期限")
    done_on = models.DateField("完成日期", null=True, blank=True)
    done_note = models.CharField("落实情况", max_length=300, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "决定事项"
        verbose_name_plural = "决定事项"
        ordering = ["due_on", "created_at"]

    def __str__(self):
        return self.text

    def state_on(self, today) -> str:
        if self.done_on:
            return "done"
        return "overdue" if self.due_on < today else "open"


class StudyQuerySet(OrgOwnedQuerySet):
    def for_list(self):
        return self.select_related("org").order_by("-held_on", "-created_at")

    def in_period(self, start, end):
        return self.filter(held_on__gte=start, held_on__lte=end)


class StudySession(OrgOwned):
    """A study session (集中学习, 培训): topic, materials, who took part and for how many hours."""

    topic = models.CharField("学习主题", max_length=200)
    held_on = models.DateField("学习日期")
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1)
    place = models.CharField("地点", max_length=100, blank=True)
    speaker = models.CharField("主讲/领学人", max_length=50, blank=True)
    materials = models.TextField("学习材料", blank=True)
    materials_file = models.FileField("材料附件", upload_to=unionwork_file_path, blank=True)
    officers = models.ManyToManyField("orgs.Officer", blank=True, related_name="+", verbose_name="参学委员")
    attendance = models.PositiveIntegerField("参加人数", default=0)
    notes = models.TextField("学习情况/心得", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = StudyQuerySet.as_manager()

    class Meta:
        verbose_name = "学习"
        verbose_name_plural = "学习"
        indexes = [models.Index(fields=["org", "held_on"], name="unionwork_study_org_date")]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.topic}"


def officer_hours(sessions) -> list[tuple[str, str, float, int]]:
    """(officer name, post, hours, sessions) for the officers who took part in `sessions`, most hours first."""
    rows = (
        sessions.order_by()
        .values("officers__name", "officers__post", "officers__pk")
        .exclude(officers__pk=None)
        .annotate(total=Sum("hours"), n=models.Count("pk"))
        .order_by("-total", "officers__name")
    )
    return [(r["officers__name"], r["officers__post"], float(r["total"]), r["n"]) for r in rows]


class HonourKind(models.TextChoices):
    ADVANCED_PERSON = "advanced_person", "先进个人"
    ADVANCED_GROUP = "advanced_group", "先进集体"
    EXCELLENT_MEMBER = "excellent_member", "优秀会员"
    EXCELLENT_OFFICER = "excellent_officer", "优秀工会干部"
    ACTIVIST = "activist", "工会积极分子"
    MODEL_WORKER = "model_worker", "劳动模范"
    CRAFTSMAN = "craftsman", "工匠"
    OTHER = "other", "其他"


class HonourLevel(models.TextChoices):
    UNION = "union", "本单位"
    TOWN = "town", "乡镇(街道)"
    COUNTY = "county", "县(区)级"
    CITY = "city", "市级"
    PROVINCE = "province", "省级"
    NATIONAL = "national", "全国"


class HonourStatus(models.TextChoices):
    NOMINATED = "nominated", "已推荐"
    APPROVED = "approved", "已通过评议"
    PUBLICITY = "publicity", "公示中"
    AWARDED = "awarded", "已表彰"
    REJECTED = "rejected", "未通过"


class HonourRoundQuerySet(OrgOwnedQuerySet):
    def taking_nominations(self, day):
        return self.filter(opens_on__lte=day, closes_on__gte=day)


class HonourRound(OrgOwned):
    """One round of 评先推优: nominations are taken between two dates, then decided and publicised."""

    name = models.CharField("评选名称", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    opens_on = models.DateField("推荐开始")
    closes_on = models.DateField("推荐截止")
    publicity_days = models.PositiveSmallIntegerField("公示天数", default=5)
    self_nomination = models.BooleanField("允许自荐", default=False, help_text="会员可以推荐自己")

    # A round is the union's call for nominations (评选通知): its members see it and nominate online.
    member_visible = True

    objects = HonourRoundQuerySet.as_manager()

    class Meta:
        verbose_name = "评先推优"
        verbose_name_plural = "评先推优"
        ordering = ["-year", "-opens_on"]

    def __str__(self):
        return self.name

    def open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class HonourQuerySet(OrgOwnedQuerySet):
    def for_list(self):
        return self.select_related("org", "member", "round").order_by("-year", "-created_at")

    def awarded_in(self, start, end):
        return self.filter(status=HonourStatus.AWARDED, awarded_on__gte=start, awarded_on__lte=end)

    def alongside(self, honour):
        """The other nominations of the same person or group in the same round (several members
        may nominate one colleague): the committee weighs them together."""
        if honour.round_id is None:
            return self.none()
        same = self.filter(round_id=honour.round_id).exclude(pk=honour.pk)
        if honour.member_id:
            return same.filter(member_id=honour.member_id)
        return same.filter(member=None, group_name=honour.group_name)

    def on_publicity(self, day):
        """What the union has posted for comment (公示) on `day`."""
        return self.filter(status=HonourStatus.PUBLICITY, publicity_start__lte=day, publicity_end__gte=day)


class Honour(OrgOwned):
    """An honour a person or group holds or is nominated for, from the union itself or from above."""

    round = models.ForeignKey(
        HonourRound,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="honours",
        verbose_name="评选",
    )
    kind = models.CharField("荣誉类别", max_length=20, choices=HonourKind.choices)
    title = models.CharField("荣誉称号", max_length=100)
    level = models.CharField("级别", max_length=10, choices=HonourLevel.choices, default=HonourLevel.UNION)
    awarded_by = models.CharField("授予单位", max_length=100, blank=True)
    year = models.PositiveSmallIntegerField("年度")
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="honours",
        verbose_name="会员",
    )
    group_name = models.CharField("集体名称", max_length=100, blank=True)
    citation = models.TextField("主要事迹", blank=True)
    status = models.CharField("状态", max_length=10, choices=HonourStatus.choices)
    nominated_by = models.CharField("推荐人/推荐单位", max_length=100, blank=True)
    nominated_on = models.DateField("推荐日期", null=True, blank=True)
    # Set when a member nominated online: who submitted it, and the group (小组) it was made for.
    nominator = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations_made",
        verbose_name="推荐会员",
    )
    nominating_group = models.ForeignKey(
        "orgs.Org",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="推荐小组",
    )
    decision_note = models.CharField(
        "评议结果", max_length=200, blank=True, help_text="如：委员会表决 7 票赞成"
    )
    decided_on = models.DateField("评议日期", null=True, blank=True)
    publicity_start = models.DateField("公示开始", null=True, blank=True)
    publicity_end = models.DateField("公示结束", null=True, blank=True)
    awarded_on = models.DateField("表彰日期", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = HonourQuerySet.as_manager()
    member_owner_field = "member__user"

    class Meta:
        verbose_name = "荣誉表彰"
        verbose_name_plural = "荣誉表彰"
        constraints = [
            models.CheckConstraint(
                condition=~Q(member=None) | ~Q(group_name=""), name="unionwork_honour_has_holder"
            ),
            # One nomination per member per round per nominee (the service says so in Chinese first).
            models.UniqueConstraint(
                fields=["round", "nominator", "member"],
                condition=Q(nominator__isnull=False, member__isnull=False),
                name="unionwork_one_nomination_per_member",
            ),
            models.UniqueConstraint(
                fields=["round", "nominator", "group_name"],
                condition=Q(nominator__isnull=False, member__isnull=True),
                name="unionwork_one_group_nomination_per_member",
            ),
        ]

    def __str__(self):
        return f"{self.year}年 {self.title}（{self.holder}）"

    @property
    def holder(self) -> str:
        return self.member.name if self.member_id else self.group_name


class ObjectionQuerySet(OrgOwnedQuerySet):
    def unanswered(self):
        return self.filter(answered_on__isnull=True)


class HonourObjection(OrgOwned):
    """An objection a member lodged while an honour was on publicity (公示期间的异议): the committee
    checks it and writes down what it found before the honour is awarded."""

    honour = models.ForeignKey(Honour, on_delete=models.CASCADE, related_name="objections")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="+", verbose_name="提出人"
    )
    text = models.TextField("异议内容")
    lodged_on = models.DateField("提出日期")
    answer = models.CharField("核实情况", max_length=300, blank=True)
    answered_on = models.DateField("核实日期", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ObjectionQuerySet.as_manager()
    # It names who objected and what they say about a colleague: for those who see named persons.
    view_capability = access.PERSONAL
    member_owner_field = "member__user"

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["lodged_on", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["honour", "member"], name="unionwork_one_objection_per_member")
        ]

    def __str__(self):
        return f"对“{self.honour}”的异议"


class AdoptionLevel(models.TextChoices):
    COUNTY = "county", "县(区)级"
    CITY = "city", "市级"
    PROVINCE = "province", "省级"
    NATIONAL = "national", "全国"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"
    ADOPTED = "adopted", "已采用"


class NewsReportQuerySet(OrgOwnedQuerySet):
    def for_list(self):
        return self.select_related("org", "activity").order_by("-created_at")

    def current(self):
        """The latest version of each report (an adopted one edited later has a newer version)."""
        return self.filter(next_version__isnull=True)

    def sent(self):
        return self.exclude(status=ReportStatus.DRAFT)

    def latest_sent(self):
        """The newest version the federation has seen of each report (a draft revision not yet sent
        leaves the version before it standing)."""
        return self.sent().filter(Q(next_version__isnull=True) | Q(next_version__status=ReportStatus.DRAFT))

    def submitted_in(self, start, end):
        # A report counts once however often it was revised: its first version's submission.
        return self.filter(previous=None, submitted_on__gte=start, submitted_on__lte=end)

    def adopted_in(self, start, end):
        return self.filter(status=ReportStatus.ADOPTED, adopted_on__gte=start, adopted_on__lte=end)


class NewsReport(OrgOwned):
    """A news or information report (信息报送) a union sends up; the federation above may adopt it."""

    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    photo = models.FileField("照片", upload_to=unionwork_file_path, blank=True)
    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="相关活动",
    )
    status = models.CharField("状态", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    version = models.PositiveSmallIntegerField("版本", default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name="上一版本",
    )
    submitted_on = models.DateField("报送日期", null=True, blank=True)
    adopted_level = models.CharField("采用级别", max_length=10, choices=AdoptionLevel.choices, blank=True)
    adopted_on = models.DateField("采用日期", null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adoption_note = models.CharField(
        "采用说明", max_length=200, blank=True, help_text="如：县总工会网站、工作简报第3期"
    )
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = NewsReportQuerySet.as_manager()

    class Meta:
        verbose_name = "信息报送"
        verbose_name_plural = "信息报送"

    def __str__(self):
        return self.title if self.version == 1 else f"{self.title}（第{self.version}版）"


auditlog.register(Meeting, m2m_fields={"officers"})
auditlog.register(Decision)
auditlog.register(StudySession, m2m_fields={"officers"})
auditlog.register(HonourRound)
auditlog.register(Honour)
auditlog.register(HonourObjection)
auditlog.register(NewsReport)
