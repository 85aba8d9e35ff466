"""Dues (会费): each union's rule, members' wage bases, and payments covering ranges of months."""

from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest, Least

from gonghui.core.models import OrgOwned, OrgOwnedQuerySet
from gonghui.dues import months
from gonghui.members.models import EventKind, Member, MemberEvent, MemberStatus

DEFAULT_RATE = Decimal("0.5")  # 千分之五 of monthly wage income


class DuesMode(models.TextChoices):
    PERCENT = "percent", "按月工资比例"
    FIXED = "fixed", "固定金额"


class PaymentMethod(models.TextChoices):
    CASH = "cash", "现金"
    TRANSFER = "transfer", "转账"
    WECHAT = "wechat", "微信"
    ALIPAY = "alipay", "支付宝"
    PAYROLL = "payroll", "代扣"


class DuesSetting(OrgOwned):
    """How a union's members pay: a percentage of monthly wage (default 0.5%) or a fixed monthly sum."""

    mode = models.CharField("计缴方式", max_length=10, choices=DuesMode.choices, default=DuesMode.PERCENT)
    rate = models.DecimalField("比例(%)", max_digits=5, decimal_places=2, default=DEFAULT_RATE)
    fixed_amount = models.DecimalField(
        "固定月缴金额(元)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = "会费设置"
        verbose_name_plural = "会费设置"
        constraints = [models.UniqueConstraint(fields=["org"], name="dues_setting_one_per_org")]

    def __str__(self):
        return f"{self.org}：{self.describe()}"

    def describe(self) -> str:
        if self.mode == DuesMode.FIXED:
            return f"每月固定 {self.fixed_amount or 0} 元"
        return f"月工资的 {self.rate.normalize():f}%"

    def monthly_amount(self, wage: Decimal | None) -> Decimal | None:
        """What one month of dues should be, if we know enough to say."""
        if self.mode == DuesMode.FIXED:
            return self.fixed_amount
        if wage is None:
            return None
        return (wage * self.rate / 100).quantize(Decimal("0.01"))

    @classmethod
    def for_org(cls, org) -> "DuesSetting":
        """The setting of the union an org belongs to; an unsaved default if the union has none."""
        union = org.union() or org
        return cls.objects.filter(org=union).first() or cls(org=union)


class DuesBase(OrgOwned):
    """A member's monthly wage income that percentage dues are computed from."""

    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, related_name="dues_base", verbose_name="会员"
    )
    monthly_wage = models.DecimalField("月工资收入(元)", max_digits=10, decimal_places=2)

    member_owner_field = "member__user"

    class Meta:
        verbose_name = "会费基数"
        verbose_name_plural = "会费基数"

    def __str__(self):
        return f"{self.member}：{self.monthly_wage} 元"


class MonthIndex(models.Func):
    """A date's month as months.py's integer (year * 12 + month - 1), in SQL.

    Django's ExtractYear/ExtractMonth go through a Python callback per row on SQLite; SQLite keeps dates
    as 'YYYY-MM-DD' text, so two substr() calls in C do it there.
    """

    arity = 1
    output_field = models.IntegerField()

    def as_sql(self, compiler, connection, **extra):
        return self._index(compiler, "EXTRACT(YEAR FROM {})", "EXTRACT(MONTH FROM {})")

    def as_sqlite(self, compiler, connection, **extra):
        return self._index(compiler, "substr({}, 1, 4)", "substr({}, 6, 2)")

    def _index(self, compiler, year: str, month: str):
        sql, params = compiler.compile(self.source_expressions[0])
        year, month = year.format(sql), month.format(sql)
        return f"(CAST({year} AS integer) * 12 + CAST({month} AS integer) - 1)", [*params, *params]


def dues_from(prefix: str = ""):
    """The month a member's dues start (NULL: unknown join date, every month is due).

    Dues run from the month a member joins (会员自入会当月起交纳会费). A record transferred in from another
    union keeps its join date but owes this union only from the month after the transfer: the sending
    union is owed the transfer month itself (due_end), so no month is due twice across the federation.
    """
    moved_in = MonthIndex(f"{prefix}transferred_in_on") + 1
    return Coalesce(moved_in, MonthIndex(f"{prefix}join_date"), output_field=models.IntegerField())


def due_start(first: int, last: int, prefix: str = ""):
    """A member's first month due in first..last: `first` if their dues started by then (see dues_from);
    after `last` if they start after the period (months_due is then 0).

    Most members joined before the period: one date comparison settles them, and the month arithmetic
    runs only for the others (it costs per row: 636k payment rows for a federation).
    """
    joined, moved_in = f"{prefix}join_date", f"{prefix}transferred_in_on"
    joined_before = Q(**{f"{joined}__isnull": True}) | Q(**{f"{joined}__lt": months.to_date(first + 1)})
    return Case(
        When(joined_before & Q(**{f"{moved_in}__isnull": True}), then=Value(first)),
        # dues_from is not NULL here (SQLite's MAX would return NULL): one of the two dates is set
        default=Greatest(Value(first), dues_from(prefix)),
        output_field=models.IntegerField(),
    )


def first_month_due(member) -> int | None:
    """dues_from for one member, in Python (the member's dues tab); None: every month is due."""
    if member.transferred_in_on:
        return months.of_date(member.transferred_in_on) + 1
    return months.of_date(member.join_date) if member.join_date else None


# A member stops owing dues with the first of these: 转出, 退会, 退休, 去世 (MemberEvent.on is the day).
LEAVING = [EventKind.TRANSFERRED_OUT, EventKind.LEFT, EventKind.RETIRED, EventKind.DECEASED]


def _leaving(prefix: str):
    """The leaving events of the row's member (the row is a member, or has one at `prefix`)."""
    return MemberEvent.objects.filter(member=OuterRef(prefix.removesuffix("__") or "pk"), kind__in=LEAVING)


def due_end(first: int, last: int, prefix: str = ""):
    """A member's last month due in first..last: `last` while they are active; for one who left, the
    month of their first leaving event (owed: they were still a member in it), or first - 1 if that was
    before the period or no leaving date is on file.

    The subquery runs only for members no longer active: CASE stops at the first branch that holds.
    """
    left = Subquery(
        _leaving(prefix).order_by("on").values(month=MonthIndex("on"))[:1],
        output_field=models.IntegerField(),
    )
    before = Value(first - 1)
    return Case(
        When(**{f"{prefix}status": MemberStatus.ACTIVE}, then=Value(last)),
        default=Least(Value(last), Greatest(before, Coalesce(left, before))),
        output_field=models.IntegerField(),
    )


def due_in(first: int, prefix: str = "") -> Q:
    """Members who may owe months of a period starting at `first`: active ones, and those who left
    during it or later (an indexed EXISTS on (member, on)). For lists (arrears, month counts), where it
    spares per-member work for members long gone; sums need no such filter (due_end gives them 0)."""
    return Q(**{f"{prefix}status": MemberStatus.ACTIVE}) | Exists(
        _leaving(prefix).filter(on__gte=months.to_date(first))
    )


def months_due(first: int, last: int):
    """Months of [first, last] a member (the row) owes dues for: from joining to leaving, 0 if none."""
    return Greatest(Value(0), due_end(first, last) - due_start(first, last) + 1)


def months_covered(first: int, last: int):
    """Months of [first, last] a payment (the row) covers while its member owed dues, 0 if none."""
    start = Greatest(F("first_month"), due_start(first, last, prefix="member__"))
    end = Least(F("last_month"), due_end(first, last, prefix="member__"))
    return Greatest(Value(0), end - start + 1)


class DuesPaymentQuerySet(OrgOwnedQuerySet):
    def valid(self):
        """Payments that count: not voided. Every overlap check, arrears and rate reads only these."""
        return self.filter(voided_at__isnull=True)

    def overlapping(self, first: int, last: int):
        return self.filter(first_month__lte=last, last_month__gte=first)

    def of_members_due_in(self, orgs, first: int):
        """Valid payments of the members of `orgs` who may owe months from `first` on (see due_in)."""
        return self.valid().filter(due_in(first, prefix="member__"), member__org__in=orgs)

    def months_paid_while_due(self, first: int, last: int):
        """Months of [first, last] these payments cover that their member owed (joined, not yet left).

        Exact because one member's payments never overlap (services.record_payment refuses it).
        """
        return self.overlapping(first, last).aggregate(n=Coalesce(Sum(months_covered(first, last)), 0))["n"]


class DuesPayment(OrgOwned):
    """One payment, covering the months first_month..last_month (month indexes, see months.py)."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="dues_payments", verbose_name="会员"
    )
    first_month = models.PositiveIntegerField("起始月份")
    last_month = models.PositiveIntegerField("截止月份")
    amount = models.DecimalField("金额(元)", max_digits=10, decimal_places=2)
    paid_on = models.DateField("缴费日期")
    method = models.CharField("缴费方式", max_length=10, choices=PaymentMethod.choices)
    note = models.CharField("备注", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="登记人"
    )
    imported = models.BooleanField("导入", default=False)
    # A payment recorded by mistake is voided, never deleted: the ledger keeps it, with who, when and why.
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="作废人",
    )
    void_reason = models.CharField("作废原因", max_length=200, blank=True)

    objects = DuesPaymentQuerySet.as_manager()
    member_owner_field = "member__user"

    class Meta:
        verbose_name = "会费缴纳记录"
        verbose_name_plural = "会费缴纳记录"
        ordering = ["-paid_on", "-first_month"]
        indexes = [
            models.Index(fields=["member", "first_month"], name="dues_payment_member_month"),
            models.Index(fields=["org", "first_month", "last_month"], name="dues_payment_org_months"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_month__gte=F("first_month")), name="dues_payment_month_order"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="dues_payment_amount_positive"),
        ]

    def __str__(self):
        return f"{self.member} {self.months_label}"

    @property
    def voided(self) -> bool:
        return self.voided_at is not None

    @property
    def month_count(self) -> int:
        return self.last_month - self.first_month + 1

    @property
    def months_label(self) -> str:
        return months.span_label(self.first_month, self.last_month)


class ImportStatus(models.TextChoices):
    CHECKING = "checking", "检查中"
    PREVIEWED = "previewed", "待确认"
    COMMITTING = "committing", "导入中"
    COMMITTED = "committed", "已导入"
    FAILED = "failed", "无法读取"


class DuesImport(OrgOwned):
    """An uploaded payments sheet: previewed first, written only when someone confirms."""

    file = models.FileField("文件", upload_to="dues_imports/%Y/%m/")
    filename = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    status = models.CharField(
        "状态", max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    message = models.CharField("说明", max_length=500, blank=True)  # why the file was unreadable or refused
    progress = models.ForeignKey("core.TaskProgress", on_delete=models.SET_NULL, null=True, blank=True)
    counts = models.JSONField("统计", default=dict, blank=True)  # rows, new, duplicate, error, created
    errors = models.JSONField("错误", default=list, blank=True)  # [row, column, value, reason]
    committed_at = models.DateTimeField("导入时间", null=True, blank=True)

    class Meta:
        verbose_name = "会费导入"
        verbose_name_plural = "会费导入"
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    @property
    def running(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.COMMITTING)


auditlog.register(DuesSetting)
auditlog.register(DuesBase)
auditlog.register(DuesPayment)
