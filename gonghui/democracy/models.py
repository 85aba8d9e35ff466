"""Democracy (民主管理): the workers' / teachers' congress (职代会/教代会/职工大会), its delegates,
sessions with agenda items, check-in and quorum, secret votes, proposals (提案), democratic
evaluation of leaders (民主评议) and the between-sessions joint meeting (联席会议).

Rules (../shared/RULES.md §1, closing list 1–14) live in services.py; the per-union settings (⚙)
are fields of the Congress with the defaults the rules give.

SECRECY. What a delegate chose is never stored next to who they are:
- `BallotReceipt` / `EvaluationReceipt` say only "this delegate has voted" (to refuse a second vote).
- What was chosen exists only as per-option counters (`VoteOption.count`, `EvaluationTally.count`),
  incremented in the same transaction as the receipt is written. There is no row per vote, no
  timestamp and no ordering on counters or receipts; every counter of a vote is written by every
  ballot (the chosen one +1, the others +0), so not even the database's own row versions tell which
  counter a given transaction raised. Counters, receipts and comment boxes are not audited.
Limit, stated honestly: on PostgreSQL the *dead* row versions a ballot leaves behind (until VACUUM
removes them) and the write-ahead log still hold the counters' previous values; a superuser with
pageinspect or WAL tools during the vote could pair a transaction id with a change. Closing a vote
does not vacuum; an operator who needs that guarantee runs VACUUM on democracy_voteoption after it.
"""

import uuid
from datetime import date, timedelta

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from gonghui.core.models import OrgOwned, OrgOwnedQuerySet


class CongressKind(models.TextChoices):
    WORKERS = "workers", "职工代表大会"
    TEACHERS = "teachers", "教职工代表大会"
    ASSEMBLY = "assembly", "职工大会"


class Congress(OrgOwned):
    """One 届 of a union's congress, with the rules (⚙) it runs under."""

    kind = models.CharField("类型", max_length=10, choices=CongressKind.choices)
    term_number = models.PositiveSmallIntegerField("届次")
    starts_on = models.DateField("本届开始")
    ends_on = models.DateField("本届届满")
    extended_to = models.DateField("延期至", null=True, blank=True, help_text="换届延期不得超过一年")
    # ⚙ per-union settings, defaults from the rules
    strict_majority = models.BooleanField(
        "过半数（严格大于半数）",
        default=True,
        help_text="取消勾选则按“半数以上”理解：赞成票达到全体代表半数即通过",
    )
    materials_lead_days = models.PositiveSmallIntegerField("会议材料提前送达天数", default=7)
    managers_cap_pct = models.PositiveSmallIntegerField("管理人员比例上限(%)", default=20)
    teachers_min_pct = models.PositiveSmallIntegerField("教师代表比例下限(%)", default=60)
    frontline_min_pct = models.PositiveSmallIntegerField(
        "一线职工比例下限(%)", null=True, blank=True, help_text="不设则不检查"
    )
    check_women_share = models.BooleanField("女代表比例不低于女职工比例", default=True)
    women_staff_pct = models.PositiveSmallIntegerField("女职工占职工比例(%)", null=True, blank=True)
    seconders_min = models.PositiveSmallIntegerField("提案附议人数下限", default=2)
    election_strict = models.BooleanField(
        "代表选举须过半数（严格大于半数）",
        default=False,
        help_text="默认按“半数以上”：当选人赞成票达到选区全体职工半数即可（上海）；勾选则须超过半数（陕西）",
    )
    reply_days = models.PositiveSmallIntegerField("提案答复期限(天)", default=90)
    report_working_days = models.PositiveSmallIntegerField("会后报告上级工会期限(工作日)", default=7)
    by_school_year = models.BooleanField(
        "按学年计会议次数（9月1日至次年8月31日）", default=False, help_text="教代会每学年至少召开一次"
    )

    member_visible = True

    class Meta:
        verbose_name = "职代会(届)"
        verbose_name_plural = "职代会(届)"
        constraints = [
            models.UniqueConstraint(
                fields=["org", "kind", "term_number"], name="democracy_congress_term_once"
            )
        ]

    def __str__(self):
        return f"{self.org.name}第{self.term_number}届{self.get_kind_display()}"

    @property
    def term_end(self):
        return self.extended_to or self.ends_on

    def term_ends_soon(self, today, days=90):
        return today <= self.term_end <= today + timedelta(days=days)

    def frequency_period(self, today):
        """Rule 5: the calendar year (or the school year ⚙) that must hold at least one session."""
        if not self.by_school_year:
            return date(today.year, 1, 1), date(today.year, 12, 31)
        first = today.year if today.month >= 9 else today.year - 1
        return date(first, 9, 1), date(first + 1, 8, 31)

    def lacks_session(self, today):
        """No session held or scheduled in the current period (only while the term runs)."""
        start, end = self.frequency_period(today)
        if self.term_end < start or self.starts_on > end:
            return False
        return not self.sessions.filter(held_on__gte=start, held_on__lte=end).exists()

    def majority_needed(self, seated: int) -> int:
        """The smallest yes count that passes with `seated` regular delegates (rule 2)."""
        if self.strict_majority:
            return seated // 2 + 1
        return -(-seated // 2)

    @property
    def majority_rule_text(self):
        if self.strict_majority:
            return "赞成票超过全体应到代表的半数（过半数）"
        return "赞成票达到全体应到代表的半数以上（半数以上）"


class Category(models.TextChoices):
    FRONTLINE = "frontline", "一线职工"
    TECHNICAL = "technical", "专业技术人员"
    MANAGER = "manager", "中层以上管理人员"
    TEACHER = "teacher", "教师"
    OTHER = "other", "其他"


class DelegateKind(models.TextChoices):
    REGULAR = "regular", "正式代表"
    ATTENDING = "attending", "列席代表"
    INVITED = "invited", "特邀代表"


class DelegateStatus(models.TextChoices):
    SEATED = "seated", "在任"
    ENDED = "ended", "已终止"


class EndReason(models.TextChoices):
    LEFT_UNION = "left_union", "离开本单位/退会"
    LEFT_CONSTITUENCY = "left_constituency", "调离选区"
    RECALLED = "recalled", "罢免"
    RESIGNED = "resigned", "辞去代表"
    OTHER = "other", "其他"


class DelegateQuerySet(OrgOwnedQuerySet):
    def seated_on(self, day):
        """Regular delegates holding the mandate on `day` (列席/特邀 never count)."""
        return self.filter(kind=DelegateKind.REGULAR, elected_on__lte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=day)
        )

    def current(self):
        return self.filter(status=DelegateStatus.SEATED)

    def for_roster(self):
        return self.select_related("member", "replaces__member").order_by("delegation", "member__name_pinyin")


class Delegate(OrgOwned):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="delegates")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="delegacies", verbose_name="会员"
    )
    kind = models.CharField(
        "代表类别", max_length=10, choices=DelegateKind.choices, default=DelegateKind.REGULAR
    )
    category = models.CharField("代表构成", max_length=10, choices=Category.choices)
    delegation = models.CharField("代表团(组)", max_length=50, blank=True)
    constituency = models.CharField("选区", max_length=50, blank=True)
    elected_on = models.DateField("当选日期")
    status = models.CharField(
        "状态", max_length=10, choices=DelegateStatus.choices, default=DelegateStatus.SEATED
    )
    ended_on = models.DateField("终止日期", null=True, blank=True)
    end_reason = models.CharField("终止原因", max_length=20, choices=EndReason.choices, blank=True)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name="补选接替",
    )

    objects = DelegateQuerySet.as_manager()
    member_owner_field = "member__user"

    class Meta:
        verbose_name = "职工代表"
        verbose_name_plural = "职工代表"
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "member"], condition=Q(status="seated"), name="democracy_delegate_once"
            )
        ]

    def __str__(self):
        return f"{self.member.name}（{self.get_kind_display()}）"

    def is_seated_on(self, day):
        return (
            self.kind == DelegateKind.REGULAR
            and self.elected_on <= day
            and (self.ended_on is None or self.ended_on > day)
        )


class Mode(models.TextChoices):
    ONSITE = "onsite", "现场"
    ONLINE = "online", "线上"
    MIXED = "mixed", "线上线下结合"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "筹备中"
    OPEN = "open", "进行中"
    CLOSED = "closed", "已闭会"


class SessionQuerySet(OrgOwnedQuerySet):
    def held_between(self, start, end):
        """Sessions held in the period (closed, on a date inside it)."""
        return self.filter(status=SessionStatus.CLOSED, held_on__gte=start, held_on__lte=end)

    def for_list(self):
        return self.select_related("congress", "org").order_by("-held_on")


class Session(OrgOwned):
    """第N届第M次会议. Exposes `held_on` (agenda publication is due `agenda_publish_by`) and
    `results_closed_on` (results publication due `results_publish_by`) for open-affairs notices."""

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField("次")
    held_on = models.DateField("会议日期")
    place = models.CharField("地点", max_length=100, blank=True)
    mode = models.CharField("形式", max_length=10, choices=Mode.choices, default=Mode.ONSITE)
    extraordinary = models.BooleanField("临时会议", default=False)
    requested_by = models.CharField("提议方", max_length=100, blank=True, help_text="临时会议由谁提议")
    requesting_delegates = models.ManyToManyField(
        "Delegate", blank=True, related_name="requested_sessions", verbose_name="提议召开的代表"
    )
    materials_sent_on = models.DateField("材料送达代表日期", null=True, blank=True)
    proposals_open_on = models.DateField("提案征集开始", null=True, blank=True)
    proposals_close_on = models.DateField("提案征集截止", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    closed_at = models.DateTimeField("闭会时间", null=True, blank=True)
    results_closed_on = models.DateField("结果确定日期", null=True, blank=True)
    reported_upper_on = models.DateField("报告上级工会日期", null=True, blank=True)
    minutes = models.TextField("会议记录", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = SessionQuerySet.as_manager()
    member_visible = True

    class Meta:
        verbose_name = "职代会会议"
        verbose_name_plural = "职代会会议"
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="democracy_session_number_once")
        ]
        indexes = [models.Index(fields=["org", "held_on"], name="democracy_session_org_date")]

    def __str__(self):
        return f"{self.congress.org.name}第{self.congress.term_number}届第{self.number}次{self.congress.get_kind_display()}"

    @property
    def title(self):
        return f"第{self.congress.term_number}届第{self.number}次{self.congress.get_kind_display()}"

    @property
    def materials_due_on(self):
        return self.held_on - timedelta(days=self.congress.materials_lead_days)

    @property
    def materials_late(self):
        """Rule 10: materials reach delegates at least the lead time before opening."""
        if self.materials_sent_on is None:
            return timezone.localdate() > self.materials_due_on
        return self.materials_sent_on > self.materials_due_on

    # For the open-affairs module (voice): when the agenda and the results are due for posting.
    @property
    def agenda_publish_by(self):
        return self.held_on - timedelta(days=7)

    @property
    def results_publish_by(self):
        return self.results_closed_on + timedelta(days=3) if self.results_closed_on else None

    @property
    def upper_report_due(self):
        """Rule 11: report to the upper union within N working days (Mon–Fri) after closing."""
        if not self.results_closed_on:
            return None
        day, left = self.results_closed_on, self.congress.report_working_days
        while left:
            day += timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return day

    @property
    def upper_report_late(self):
        due = self.upper_report_due
        if due is None:
            return False
        return (self.reported_upper_on or timezone.localdate()) > due

    def seated(self):
        return Delegate.objects.filter(congress=self.congress_id).seated_on(self.held_on)

    def quorum_needed(self, seated=None):
        seated = self.seated().count() if seated is None else seated
        return -(-2 * seated // 3)

    def present_count(self):
        return self.checkins.filter(delegate__in=self.seated()).count()

    def is_quorate(self):
        seated = self.seated().count()
        return seated > 0 and self.present_count() >= self.quorum_needed(seated)


class ItemKind(models.TextChoices):
    APPROVE = "approve", "审议通过"
    REVIEW = "review", "听取审议"
    ELECTION = "election", "选举"
    EVALUATION = "evaluation", "民主评议"


class AgendaItem(OrgOwned):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField("序号", default=1)
    title = models.CharField("议题", max_length=200)
    kind = models.CharField("方式", max_length=10, choices=ItemKind.choices, default=ItemKind.APPROVE)
    material = models.TextField("材料摘要", blank=True)

    member_visible = True

    class Meta:
        verbose_name = "议程"
        verbose_name_plural = "议程"
        ordering = ["position"]

    def __str__(self):
        return self.title


class CheckIn(OrgOwned):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="checkins")
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="checkins")
    checked_in_at = models.DateTimeField("签到时间", default=timezone.now)
    by_self = models.BooleanField("本人扫码签到", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    member_owner_field = "delegate__member__user"

    class Meta:
        verbose_name = "签到"
        verbose_name_plural = "签到"
        constraints = [models.UniqueConstraint(fields=["session", "delegate"], name="democracy_checkin_once")]

    def __str__(self):
        return f"{self.delegate} 签到"


class VoteStatus(models.TextChoices):
    DRAFT = "draft", "未开始"
    OPEN = "open", "投票中"
    CLOSED = "closed", "已结束"


class VoteMethod(models.TextChoices):
    ELECTRONIC = "electronic", "手机无记名投票"
    PAPER = "paper", "纸质无记名投票（计票录入）"


class VoteKind(models.TextChoices):
    MOTION = "motion", "表决"
    ELECTION = "election", "选举"


MOTION_OPTIONS = ["同意", "不同意", "弃权"]


class Vote(OrgOwned):
    """A secret vote on one agenda item. Closing freezes the base, attendance, time and result."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="votes")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="votes", verbose_name="议题")
    title = models.CharField("表决事项", max_length=200)
    kind = models.CharField("类型", max_length=10, choices=VoteKind.choices, default=VoteKind.MOTION)
    method = models.CharField(
        "方式", max_length=12, choices=VoteMethod.choices, default=VoteMethod.ELECTRONIC
    )
    status = models.CharField("状态", max_length=10, choices=VoteStatus.choices, default=VoteStatus.DRAFT)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revote",
        verbose_name="重新表决自",
    )
    opened_at = models.DateTimeField("开始时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    # Frozen at close (rule 4)
    seated_count = models.PositiveIntegerField("全体应到代表", null=True, blank=True)
    present_count = models.PositiveIntegerField("实到代表", null=True, blank=True)
    ballots_cast = models.PositiveIntegerField("投票人数", null=True, blank=True)
    needed = models.PositiveIntegerField("通过所需赞成票", null=True, blank=True)
    passed = models.BooleanField("通过", null=True)
    rule_text = models.CharField("适用规则", max_length=200, blank=True)
    result_text = models.CharField("结果", max_length=300, blank=True)
    teller_1 = models.CharField("计票人", max_length=50, blank=True)
    teller_2 = models.CharField("监票人", max_length=50, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    member_visible = True

    class Meta:
        verbose_name = "表决"
        verbose_name_plural = "表决"

    def __str__(self):
        return self.title

    def option_rows(self):
        return list(self.options.order_by("position"))


class VoteOption(models.Model):
    """A choice and its running count. No org, no timestamps: nothing here says when or by whom."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    label = models.CharField("选项", max_length=100)
    is_yes = models.BooleanField(default=False)  # the 同意 option of a motion
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "表决选项"
        constraints = [models.UniqueConstraint(fields=["vote", "position"], name="democracy_option_position")]

    def __str__(self):
        return self.label


class BallotReceipt(models.Model):
    """This delegate has voted in this vote — and nothing about what they chose. No timestamp."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="receipts")
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="receipts")

    class Meta:
        verbose_name = "投票记录(仅是否已投)"
        constraints = [models.UniqueConstraint(fields=["vote", "delegate"], name="democracy_one_ballot")]

    def __str__(self):
        return "已投票"


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", "草稿(征集附议)"
    SUBMITTED = "submitted", "已提交待审查"
    ACCEPTED = "accepted", "已立案办理中"
    OPINION = "opinion", "转为意见建议"
    ANSWERED = "answered", "已答复待评价"
    DONE = "done", "已办结"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class ProposalQuerySet(OrgOwnedQuerySet):
    def accepted_between(self, start, end):
        return self.filter(accepted_on__gte=start, accepted_on__lte=end)

    def unanswered(self):
        return self.filter(status=ProposalStatus.ACCEPTED)

    def for_list(self):
        return self.select_related("proposer__member", "session__congress").order_by("-created_at")


class Proposal(OrgOwned):
    """提案: one matter, a proposer and ≥N seconders, 立案 or turned into an opinion, handled and rated."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="proposals")
    proposer = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, related_name="proposals", verbose_name="提案人"
    )
    number = models.PositiveIntegerField("提案号", null=True, blank=True)
    title = models.CharField("案由", max_length=200)
    reasons = models.TextField("理由")
    suggestion = models.TextField("办法或措施")
    status = models.CharField(
        "状态", max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    submitted_on = models.DateField("提交日期", null=True, blank=True)
    decided_on = models.DateField("审查日期", null=True, blank=True)
    accepted_on = models.DateField("立案日期", null=True, blank=True)
    decision_reason = models.CharField("审查意见", max_length=300, blank=True)
    lead_department = models.CharField("主办部门", max_length=100, blank=True)
    co_departments = models.CharField("协办部门", max_length=200, blank=True)
    reply_due = models.DateField("答复期限", null=True, blank=True)
    reply = models.TextField("书面答复", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    rating = models.CharField("提案人评价", max_length=12, choices=Rating.choices, blank=True)
    rated_on = models.DateField("评价日期", null=True, blank=True)
    rounds = models.PositiveSmallIntegerField("办理轮次", default=1)

    objects = ProposalQuerySet.as_manager()
    member_owner_field = "proposer__member__user"

    class Meta:
        verbose_name = "提案"
        verbose_name_plural = "提案"

    def __str__(self):
        return f"第{self.number}号提案 {self.title}" if self.number else self.title

    @property
    def replied_late(self):
        return bool(self.replied_on and self.reply_due and self.replied_on > self.reply_due)

    def seconder_count(self):
        return self.seconds.filter(accepted_on__isnull=False).count()


class Seconding(OrgOwned):
    """An invitation to second (附议) a proposal, and its acceptance."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="seconds")
    delegate = models.ForeignKey(
        Delegate, on_delete=models.CASCADE, related_name="seconds", verbose_name="附议人"
    )
    accepted_on = models.DateField("附议日期", null=True, blank=True)

    member_owner_field = "delegate__member__user"

    class Meta:
        verbose_name = "附议"
        verbose_name_plural = "附议"
        constraints = [models.UniqueConstraint(fields=["proposal", "delegate"], name="democracy_second_once")]

    def __str__(self):
        return f"{self.delegate} 附议 {self.proposal.title}"


class ProposalEvent(OrgOwned):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    step = models.CharField("环节", max_length=30)
    note = models.TextField("说明", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间", default=timezone.now)

    member_owner_field = "proposal__proposer__member__user"

    class Meta:
        verbose_name = "提案办理记录"
        ordering = ["at"]

    def __str__(self):
        return f"{self.proposal} {self.step}"


GRADES = [("excellent", "优秀"), ("competent", "称职"), ("basic", "基本称职"), ("incompetent", "不称职")]


class LeaderEvaluation(OrgOwned):
    """民主评议: delegates grade leaders by secret ballot; results per leader as counts and percentages."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="evaluations")
    title = models.CharField("评议名称", max_length=200)
    status = models.CharField("状态", max_length=10, choices=VoteStatus.choices, default=VoteStatus.DRAFT)
    opened_at = models.DateTimeField("开始时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    seated_count = models.PositiveIntegerField("应参评人数", null=True, blank=True)
    ballots_cast = models.PositiveIntegerField("参评人数", null=True, blank=True)
    # ⚙ who takes part: the seated delegates (default) or every active member of the union
    by_members = models.BooleanField(
        "全体会员参评", default=False, help_text="不勾选则由在任正式代表评议（每人一票）"
    )
    method = models.CharField(
        "方式", max_length=12, choices=VoteMethod.choices, default=VoteMethod.ELECTRONIC
    )
    # paper envelopes (方式=纸质): counted by two named tellers
    ballots_issued = models.PositiveIntegerField("发出评议票", null=True, blank=True)
    teller_1 = models.CharField("计票人", max_length=50, blank=True)
    teller_2 = models.CharField("监票人", max_length=50, blank=True)

    member_visible = True

    class Meta:
        verbose_name = "民主评议"
        verbose_name_plural = "民主评议"

    def __str__(self):
        return self.title


class EvaluatedLeader(OrgOwned):
    evaluation = models.ForeignKey(LeaderEvaluation, on_delete=models.CASCADE, related_name="leaders")
    name = models.CharField("姓名", max_length=50)
    post = models.CharField("职务", max_length=100)
    position = models.PositiveSmallIntegerField(default=1)

    member_visible = True

    class Meta:
        verbose_name = "被评议人"
        verbose_name_plural = "被评议人"
        ordering = ["position"]

    def __str__(self):
        return f"{self.post} {self.name}"


class EvaluationTally(models.Model):
    """Count of one grade for one leader. No org, no timestamps, not audited."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    leader = models.ForeignKey(EvaluatedLeader, on_delete=models.CASCADE, related_name="tallies")
    grade = models.CharField(max_length=12, choices=GRADES)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["leader", "grade"], name="democracy_tally_once")]

    def __str__(self):
        return self.get_grade_display()


class EvaluationBox(models.Model):
    """The anonymous comments of one evaluation, one list kept in random order (rewritten by every ballot)."""

    evaluation = models.OneToOneField(
        LeaderEvaluation, on_delete=models.CASCADE, primary_key=True, related_name="box"
    )
    comments = models.JSONField(default=list)

    def __str__(self):
        return "评议意见"


class EvaluationReceipt(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(LeaderEvaluation, on_delete=models.CASCADE, related_name="receipts")
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="evaluation_receipts")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "delegate"], name="democracy_one_evaluation_ballot")
        ]

    def __str__(self):
        return "已参评"


class MemberEvaluationReceipt(models.Model):
    """An all-member evaluation (⚙ by_members): this member has taken part — nothing about the grades.
    No org, no timestamp, not audited, exactly like EvaluationReceipt."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(LeaderEvaluation, on_delete=models.CASCADE, related_name="member_receipts")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="evaluation_receipts")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "member"], name="democracy_one_member_evaluation")
        ]

    def __str__(self):
        return "已参评"


class DelegateElection(OrgOwned):
    """Rule 8: one constituency's (选区) election of delegates: electorate, ballots and votes per
    candidate. Valid iff ≥ 2/3 of the constituency's staff voted; a candidate is elected iff their
    yes-votes reach ½ of ALL the constituency's staff (strict > ½ ⚙ per congress)."""

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="elections")
    constituency = models.CharField("选区", max_length=50)
    held_on = models.DateField("选举日期")
    electorate = models.PositiveIntegerField("选区职工人数")
    ballots_cast = models.PositiveIntegerField("参加投票人数")
    seats = models.PositiveSmallIntegerField("应选代表名额", default=1)
    category = models.CharField(
        "代表构成", max_length=10, choices=Category.choices, default=Category.FRONTLINE
    )
    delegation = models.CharField("代表团(组)", max_length=50, blank=True)
    valid = models.BooleanField("选举有效")
    rule_text = models.CharField("适用规则", max_length=300)
    result_text = models.CharField("结果", max_length=300)
    seated_on = models.DateField("代表就任日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    member_visible = True

    class Meta:
        verbose_name = "代表选举"
        verbose_name_plural = "代表选举"

    def __str__(self):
        return f"{self.constituency}选区代表选举（{self.held_on:%Y-%m-%d}）"


class ElectionCandidate(OrgOwned):
    election = models.ForeignKey(DelegateElection, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="+", verbose_name="候选人"
    )
    votes = models.PositiveIntegerField("赞成票")
    elected = models.BooleanField("当选", default=False)
    delegate = models.OneToOneField(
        Delegate, on_delete=models.SET_NULL, null=True, blank=True, related_name="election_result",
        verbose_name="就任代表",
    )  # fmt: skip

    member_visible = True

    class Meta:
        verbose_name = "代表候选人"
        verbose_name_plural = "代表候选人"
        ordering = ["-votes"]
        constraints = [
            models.UniqueConstraint(fields=["election", "member"], name="democracy_candidate_once")
        ]

    def __str__(self):
        return f"{self.member.name} {self.votes}票"


class JointMeeting(OrgOwned):
    """联席会议 between sessions: decides urgent items, except those reserved for the congress."""

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="joint_meetings")
    held_on = models.DateField("会议日期")
    attendees = models.TextField("参加人员", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "联席会议"
        verbose_name_plural = "联席会议"

    def __str__(self):
        return f"{self.congress} 联席会议 {self.held_on}"


class JointDecision(OrgOwned):
    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="decisions")
    title = models.CharField("事项", max_length=200)
    decision = models.TextField("决定")
    reported_to = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="joint_reports",
        verbose_name="已向该次会议报告",
    )  # fmt: skip

    class Meta:
        verbose_name = "联席会议决定"
        verbose_name_plural = "联席会议决定"

    def __str__(self):
        return self.title

    @property
    def to_report(self):
        return self.reported_to_id is None


for _model in (
    Congress,
    Delegate,
    Session,
    AgendaItem,
    CheckIn,
    Vote,
    Proposal,
    Seconding,
    ProposalEvent,
    LeaderEvaluation,
    EvaluatedLeader,
    JointMeeting,
    JointDecision,
    DelegateElection,
    ElectionCandidate,
):
    auditlog.register(_model)
# Deliberately NOT registered: VoteOption, BallotReceipt, EvaluationTally, EvaluationReceipt,
# EvaluationBox, MemberEvaluationReceipt — an audit entry's actor and time would link a delegate to a choice.
