"""Rights work (维权): the mediation committee and its dispute cases, petitions (信访), collective
contracts with their negotiation, and women workers' protection (五期 records, health checks).

Who sees what is declared here and decided in core/access.py. A dispute case is listed for anyone
who sees the union's work (number, dates, status, the clock), its parties, claims and minutes only
for RIGHTS holders (FULL_VIEW); claims, sessions and petitions need RIGHTS to be seen at all, the
women's records and health checks WOMEN. Collective contracts are public within the union.
"""

from datetime import date

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core import access
from gonghui.core.models import OrgOwned, OrgOwnedQuerySet
from gonghui.rights import clock


def rights_file_path(instance, filename):
    suffix = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"rights/{instance.org_id}/{instance._meta.model_name}/{instance.pk}.{suffix}"


# --------------------------------------------------------------------------- committees


class Body(models.TextChoices):
    MEDIATION = "mediation", "劳动争议调解委员会"
    WOMEN = "women", "女职工委员会"


class Side(models.TextChoices):
    WORKER = "worker", "职工代表"
    EMPLOYER = "employer", "企业代表"


class CommitteeMember(OrgOwned):
    """One seat on the union's mediation committee or women workers' committee."""

    body = models.CharField("机构", max_length=12, choices=Body.choices)
    name = models.CharField("姓名", max_length=50)
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="会员",
    )
    side = models.CharField("代表方", max_length=10, choices=Side.choices, default=Side.WORKER)
    is_chair = models.BooleanField("主任", default=False)
    is_union_member = models.BooleanField("工会会员", default=True)
    jointly_elected = models.BooleanField("双方推举", default=False)
    since = models.DateField("任职日期", null=True, blank=True)

    class Meta:
        verbose_name = "委员会成员"
        verbose_name_plural = "委员会成员"
        ordering = ["body", "-is_chair", "side", "name"]

    def __str__(self):
        return f"{self.get_body_display()} {self.name}"


def mediation_roster_problems(seats) -> list[str]:
    """Rule 20 (调解仲裁法 第十条): worker and employer sides, a chair who is a union member or jointly elected."""
    seats = [s for s in seats if s.body == Body.MEDIATION]
    if not seats:
        return ["尚未组建劳动争议调解委员会。"]
    problems = []
    sides = {s.side for s in seats}
    if Side.WORKER not in sides:
        problems.append("调解委员会须有职工代表（调解仲裁法第十条）。")
    if Side.EMPLOYER not in sides:
        problems.append("调解委员会须有企业代表（调解仲裁法第十条）。")
    chairs = [s for s in seats if s.is_chair]
    if len(chairs) != 1:
        problems.append("调解委员会须有且仅有一名主任。")
    elif not (chairs[0].is_union_member or chairs[0].jointly_elected):
        problems.append("调解委员会主任须由工会成员或双方推举的人员担任（调解仲裁法第十条）。")
    return problems


# --------------------------------------------------------------------------- disputes


class CaseStatus(models.TextChoices):
    RECEIVED = "received", "已收到申请"
    ACCEPTED = "accepted", "已受理"
    DECLINED = "declined", "不予受理"
    AGREED = "agreed", "调解成功"
    FAILED = "failed", "调解不成"
    WITHDRAWN = "withdrawn", "申请人撤回"


OPEN_STATUSES = [CaseStatus.RECEIVED, CaseStatus.ACCEPTED]
CLOSED_STATUSES = [CaseStatus.AGREED, CaseStatus.FAILED, CaseStatus.WITHDRAWN]


class DisputeCaseQuerySet(OrgOwnedQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def closed_between(self, start, end):
        return self.filter(status__in=CLOSED_STATUSES, closed_on__gte=start, closed_on__lte=end)

    def overdue(self, today: date):
        """Open cases whose 15-day clock has run out (rule 18)."""
        return self.open().filter(deadline__lt=today)

    def for_list(self):
        return self.select_related("org").order_by("-received_on", "-number")


class DisputeCase(OrgOwned):
    """A labour dispute brought to the union's mediation committee (劳动争议调解案件)."""

    number = models.CharField("案号", max_length=30)
    applicants = models.CharField("申请人", max_length=200)
    applicant_member = models.ForeignKey(
        "members.Member", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="申请人（会员）",
    )  # fmt: skip
    respondent = models.CharField("被申请人", max_length=200)
    matter = models.TextField("争议事项及理由")
    oral = models.BooleanField("口头申请", default=False, help_text="口头申请由调解委员会当场记录")
    received_on = models.DateField("收到申请日期")
    deadline = models.DateField("调解期限届满日")
    deadline_provisional = models.BooleanField(default=False)
    status = models.CharField("状态", max_length=10, choices=CaseStatus.choices, default=CaseStatus.RECEIVED)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    late_acceptance = models.BooleanField("期限届满后受理", default=False)
    decline_reason = models.CharField("不予受理理由", max_length=300, blank=True)
    mediator = models.CharField("调解员", max_length=50, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    close_note = models.CharField("结案说明", max_length=300, blank=True)
    # The agreement (调解协议书), rule 19.
    result = models.TextField("调解结果", blank=True)
    performance_deadline = models.DateField("履行期限", null=True, blank=True)
    performance_method = models.CharField("履行方式", max_length=200, blank=True)
    signed_applicant = models.BooleanField("申请人签名", default=False)
    signed_respondent = models.BooleanField("被申请人签名（盖章）", default=False)
    signed_mediator = models.BooleanField("调解员签名", default=False)
    committee_seal = models.BooleanField("调解委员会盖章", default=False)
    # The arbitration referral after the clock ran out without agreement.
    referred_on = models.DateField("告知申请仲裁日期", null=True, blank=True)
    referral_note = models.CharField("仲裁告知说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = DisputeCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "劳动争议调解案件"
        verbose_name_plural = "劳动争议调解案件"
        indexes = [models.Index(fields=["org", "status", "deadline"], name="rights_case_org_status")]
        constraints = [models.UniqueConstraint(fields=["org", "number"], name="rights_case_number_unique")]

    def __str__(self):
        # Shown where others list records (plan evidence): the number and date, never the parties.
        return f"劳动争议调解 {self.number}（{self.received_on:%Y-%m-%d}）"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def days_left(self, today: date) -> int:
        return (self.deadline - today).days

    def clock_ran_out(self, today: date) -> bool:
        return (
            self.status != CaseStatus.AGREED and today > self.deadline and self.status != CaseStatus.WITHDRAWN
        )

    def may_refer(self, today: date) -> bool:
        """「当事人可依法申请仲裁」: past the deadline without agreement, or mediation failed."""
        return self.status == CaseStatus.FAILED or (self.is_open and today > self.deadline)

    @property
    def agreement_effective(self):
        """Rule 19: both parties signed/sealed, a mediator signed, the committee seal recorded."""
        return self.status == CaseStatus.AGREED and all(
            (self.signed_applicant, self.signed_respondent, self.signed_mediator, self.committee_seal)
        )


class ClaimKind(models.TextChoices):
    WAGES = "wages", "工资"
    OVERTIME = "overtime", "加班"
    SOCIAL_INSURANCE = "insurance", "社会保险"
    TERMINATION = "termination", "解除/终止"
    INJURY = "injury", "工伤"
    REST = "rest", "休息休假"
    OTHER = "other", "其他"


class Claim(OrgOwned):
    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField("请求类型", max_length=12, choices=ClaimKind.choices)
    amount = models.DecimalField("金额(元)", max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.CharField("具体请求", max_length=300, blank=True)

    view_capability = access.RIGHTS

    class Meta:
        verbose_name = "调解请求"
        verbose_name_plural = "调解请求"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) | Q(amount__isnull=True), name="rights_claim_amount"
            )
        ]

    def __str__(self):
        return self.get_kind_display()


class Session(OrgOwned):
    # Named apart from democracy.Session / unionwork.Meeting, whose default Org.session_set it would clash with.
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, verbose_name="所属组织", related_name="rights_sessions"
    )
    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField("调解日期")
    present = models.CharField("参加人员", max_length=300)
    minutes = models.TextField("调解记录")

    view_capability = access.RIGHTS

    class Meta:
        verbose_name = "调解会"
        verbose_name_plural = "调解会"
        ordering = ["held_on", "created_at"]

    def __str__(self):
        return f"调解会 {self.held_on:%Y-%m-%d}"


# --------------------------------------------------------------------------- petitions


class PetitionQuerySet(OrgOwnedQuerySet):
    def in_period(self, start, end):
        return self.filter(received_on__gte=start, received_on__lte=end)

    def counted(self):
        """The ones plan 05 wants at zero: 越级 petitions and collective ones of 3 or more people."""
        return self.filter(Q(skip_level=True) | Q(people__gte=3))


class Petition(OrgOwned):
    """A letter or visit (信访) by members, and how it was handled."""

    received_on = models.DateField("来信来访日期")
    petitioner = models.CharField("来访人", max_length=100)
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="会员",
    )
    people = models.PositiveSmallIntegerField("人数", default=1)
    skip_level = models.BooleanField("越级上访", default=False)
    matter = models.TextField("反映事项")
    handling = models.TextField("处理情况", blank=True)
    handled_on = models.DateField("办结日期", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = PetitionQuerySet.as_manager()
    view_capability = access.RIGHTS

    class Meta:
        verbose_name = "职工来信来访"
        verbose_name_plural = "职工来信来访"
        ordering = ["-received_on"]

    def __str__(self):
        return f"来信来访 {self.received_on:%Y-%m-%d}（{self.people}人）"

    @property
    def collective(self):
        return self.people >= 3


# --------------------------------------------------------------------------- collective contracts


class ContractKind(models.TextChoices):
    GENERAL = "general", "综合集体合同"
    WAGES = "wages", "工资专项集体合同"
    WOMEN = "women", "女职工权益保护专项集体合同"
    SAFETY = "safety", "劳动安全卫生专项集体合同"


class ContractQuerySet(OrgOwnedQuerySet):
    def effective_on(self, day: date):
        return self.filter(effective_on__lte=day, expires_on__gte=day)

    def renewal_due(self, today: date):
        return self.filter(renewal_from__lte=today, expires_on__gte=today)


class CollectiveContract(OrgOwned):
    kind = models.CharField("合同类型", max_length=10, choices=ContractKind.choices)
    title = models.CharField("合同名称", max_length=200)
    employer = models.CharField("用人单位", max_length=200)
    requested_on = models.DateField("提出协商要约日期", null=True, blank=True)
    answer_due = models.DateField("应答期限", null=True, blank=True)
    answered_on = models.DateField("对方应答日期", null=True, blank=True)
    # The congress vote on the draft (rule 21), recorded by hand.
    delegates_total = models.PositiveIntegerField("应到代表（职工）人数", null=True, blank=True)
    delegates_present = models.PositiveIntegerField("实到人数", null=True, blank=True)
    votes_yes = models.PositiveIntegerField("赞成票", null=True, blank=True)
    approved_on = models.DateField("审议通过日期", null=True, blank=True)
    # When the union's congress is in the system: the closed vote of the democracy module it came from.
    approval_vote = models.ForeignKey(
        "democracy.Vote",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="职代会表决",
    )
    signed_on = models.DateField("签订日期", null=True, blank=True)
    file_by = models.DateField("报送备案期限", null=True, blank=True)
    filed_on = models.DateField("报送备案日期", null=True, blank=True)
    objection_on = models.DateField("收到审查意见书日期", null=True, blank=True)
    objection_note = models.CharField("审查意见", max_length=300, blank=True)
    effective_on = models.DateField("生效日期", null=True, blank=True)
    term_years = models.PositiveSmallIntegerField("期限(年)", default=3)
    expires_on = models.DateField("期满日期", null=True, blank=True)
    renewal_from = models.DateField("续签提醒日期", null=True, blank=True)
    published_on = models.DateField("向职工公布日期", null=True, blank=True)
    text = models.FileField("合同文本", upload_to=rights_file_path, blank=True)
    wage_increase_pct = models.DecimalField(
        "工资增长幅度(%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    minimum_wage = models.DecimalField(
        "本单位最低工资(元/月)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    covered_workers = models.PositiveIntegerField("覆盖职工人数", null=True, blank=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = "集体合同"
        verbose_name_plural = "集体合同"
        indexes = [models.Index(fields=["org", "kind", "effective_on"], name="rights_contract_org_kind")]

    def __str__(self):
        return f"{self.title}（{self.get_kind_display()}）"

    def stage(self, today: date) -> str:
        if self.effective_on and self.expires_on and self.expires_on < today:
            return "已期满"
        if self.effective_on and self.effective_on <= today:
            return "已生效"
        if self.objection_on:
            return "审查有异议"
        if self.filed_on:
            return "已备案，待生效"
        if self.signed_on:
            return "已签订，待备案"
        if self.approved_on:
            return "已审议通过，待签订"
        if self.requested_on:
            return "协商中"
        return "草拟"


class Negotiator(OrgOwned):
    contract = models.ForeignKey(CollectiveContract, on_delete=models.CASCADE, related_name="negotiators")
    side = models.CharField("代表方", max_length=10, choices=Side.choices)
    name = models.CharField("姓名", max_length=50)
    is_chief = models.BooleanField("首席代表", default=False)
    is_outsider = models.BooleanField("外聘专家", default=False)

    class Meta:
        verbose_name = "协商代表"
        verbose_name_plural = "协商代表"
        ordering = ["side", "-is_chief", "name"]

    def __str__(self):
        return f"{self.get_side_display()} {self.name}"


def negotiator_problems(negotiators) -> list[str]:
    """Rule 24 (集体合同规定 第十九、二十三、二十四条)."""
    problems = []
    by_side = {side: [n for n in negotiators if n.side == side] for side in Side.values}
    labels = dict(Side.choices)
    for side, people in by_side.items():
        label = labels[side]
        if len(people) < 3:
            problems.append(f"{label}协商代表须不少于3人（集体合同规定第十九条），现有{len(people)}人。")
        chiefs = [p for p in people if p.is_chief]
        if len(chiefs) != 1:
            problems.append(f"{label}须有且仅有一名首席代表（集体合同规定第十九条）。")
        if any(p.is_chief and p.is_outsider for p in people):
            problems.append(f"{label}首席代表不得由外聘人员担任（集体合同规定第二十三条）。")
        outsiders = sum(p.is_outsider for p in people)
        if people and outsiders * 3 > len(people):
            problems.append(f"{label}外聘代表不得超过本方代表的三分之一（集体合同规定第二十三条）。")
    if len(by_side[Side.WORKER]) != len(by_side[Side.EMPLOYER]):
        problems.append("双方协商代表人数须对等（集体合同规定第十九条）。")
    names = {side: {p.name for p in people} for side, people in by_side.items()}
    both = names[Side.WORKER] & names[Side.EMPLOYER]
    if both:
        problems.append(f"{'、'.join(sorted(both))}不得同时担任双方代表（集体合同规定第二十四条）。")
    return problems


class Meeting(OrgOwned):
    # Named apart from democracy.Session / unionwork.Meeting, whose default Org.meeting_set it would clash with.
    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, verbose_name="所属组织", related_name="rights_meetings"
    )
    contract = models.ForeignKey(CollectiveContract, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("协商日期")
    minutes = models.TextField("协商记录")

    class Meta:
        verbose_name = "协商会议"
        verbose_name_plural = "协商会议"
        ordering = ["held_on", "created_at"]

    def __str__(self):
        return f"协商会议 {self.held_on:%Y-%m-%d}"


# --------------------------------------------------------------------------- women workers


class Period(models.TextChoices):
    MENSTRUAL = "menstrual", "经期"
    PREGNANCY = "pregnancy", "孕期"
    MATERNITY = "maternity", "产期"
    NURSING = "nursing", "哺乳期"
    MENOPAUSE = "menopause", "更年期"


class CareRecord(OrgOwned):
    """One of the five periods (五期) for a woman member, entered with her consent by the women's officer."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="+", verbose_name="会员"
    )
    period = models.CharField("时期", max_length=12, choices=Period.choices)
    consent = models.BooleanField("本人同意登记", default=False)
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    due_date = models.DateField("预产期", null=True, blank=True)
    birth_date = models.DateField("分娩日期", null=True, blank=True)
    babies = models.PositiveSmallIntegerField("婴儿数", default=1)
    difficult_birth = models.BooleanField("难产", default=False)
    miscarriage_months = models.PositiveSmallIntegerField("流产时怀孕月数", null=True, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    view_capability = access.WOMEN

    class Meta:
        verbose_name = "女职工五期记录"
        verbose_name_plural = "女职工五期记录"
        ordering = ["-started_on"]

    def __str__(self):
        return f"女职工{self.get_period_display()}记录"

    def entitlements(self, today: date) -> list[str]:
        """What rules 25–26 give her in this period, as sentences for her record and reminders."""
        lines = []
        if self.miscarriage_months is not None:
            lines.append(f"流产假 {clock.miscarriage_leave_days(self.miscarriage_months)} 天")
            return lines
        if self.due_date and not self.birth_date:
            from_day = clock.seventh_month_from(self.due_date)
            guard = "（已进入）" if today >= from_day else ""
            lines.append(f"自 {from_day:%Y-%m-%d} 起（怀孕7个月以上）不得安排延长工作时间和夜班劳动{guard}")
            lines.append(
                f"产假 {clock.maternity_leave_days(self.babies, self.difficult_birth)} 天（其中产前可休15天）"
            )
        if self.birth_date:
            lines.append(f"产假 {clock.maternity_leave_days(self.babies, self.difficult_birth)} 天")
            until = clock.first_birthday(self.birth_date)
            lines.append(f"哺乳时间每天 {self.babies} 小时，至 {until:%Y-%m-%d}（婴儿满一周岁）")
            if today < until:
                lines.append("哺乳未满一周岁婴儿期间不得安排延长工作时间和夜班劳动")
        return lines

    def no_overtime(self, today: date) -> bool:
        """Rule 26: no overtime or night shifts from the 7th month and while nursing a baby under one."""
        if self.due_date and not self.birth_date and today >= clock.seventh_month_from(self.due_date):
            return True
        return bool(self.birth_date and today < clock.first_birthday(self.birth_date))


class CheckKind(models.TextChoices):
    YEARLY = "yearly", "职工年度体检"
    WOMEN = "women", "女职工专项体检（妇科、乳腺）"


class CheckCampaign(OrgOwned):
    kind = models.CharField("体检类型", max_length=10, choices=CheckKind.choices)
    title = models.CharField("名称", max_length=100)
    held_from = models.DateField("开始日期")
    held_to = models.DateField("结束日期")
    two_cancer_from_age = models.PositiveSmallIntegerField("两癌筛查起始年龄", default=35)

    class Meta:
        verbose_name = "体检安排"
        verbose_name_plural = "体检安排"
        ordering = ["-held_from"]

    def __str__(self):
        return f"{self.title}（{self.held_from:%Y-%m-%d}）"


class CheckResult(models.TextChoices):
    DUE = "due", "应检未检"
    ATTENDED = "attended", "已体检"
    FOLLOW_UP = "follow_up", "需复查"


class HealthCheck(OrgOwned):
    """Who was due in a campaign and whether they attended: never a diagnosis."""

    campaign = models.ForeignKey(CheckCampaign, on_delete=models.CASCADE, related_name="checks")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="+", verbose_name="会员"
    )
    result = models.CharField("结果", max_length=10, choices=CheckResult.choices, default=CheckResult.DUE)
    two_cancer = models.BooleanField("含两癌筛查", default=False)

    view_capability = access.WOMEN

    class Meta:
        verbose_name = "体检记录"
        verbose_name_plural = "体检记录"
        constraints = [models.UniqueConstraint(fields=["campaign", "member"], name="rights_check_once")]

    def __str__(self):
        return f"体检 {self.campaign.held_from:%Y-%m-%d}"


for _model in (
    CommitteeMember,
    DisputeCase,
    Claim,
    Session,
    Petition,
    CollectiveContract,
    Negotiator,
    Meeting,
    CareRecord,
    CheckCampaign,
    HealthCheck,
):
    auditlog.register(_model)
