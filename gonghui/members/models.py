"""The member roster, its history and transfers between unions."""

import datetime as dt

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core.models import OrgOwned, OrgOwnedQuerySet
from gonghui.members import roster
from gonghui.members.pinyin import COMPOUND_SURNAMES, search_keys


class MemberStatus(models.TextChoices):
    ACTIVE = "active", "在会"
    TRANSFERRED = "transferred", "转出"
    LEFT = "left", "退会"
    RETIRED = "retired", "退休"
    DECEASED = "deceased", "去世"


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class EmploymentType(models.TextChoices):
    REGULAR = "regular", "正式"
    CONTRACT = "contract", "合同制"
    DISPATCHED = "dispatched", "劳务派遣"
    MIGRANT = "migrant", "农民工"
    OTHER = "other", "其他"


AGE_BANDS = {
    "under30": ("30 岁以下", 0, 30),
    "30-39": ("30–39 岁", 30, 40),
    "40-49": ("40–49 岁", 40, 50),
    "50-59": ("50–59 岁", 50, 60),
    "60plus": ("60 岁及以上", 60, 200),
}


COMPOUND_FIRST = {surname[0] for surname in COMPOUND_SURNAMES}
MAX_INITIALS = 4  # 欧阳娜娜: compound surname and a two-character given name
ROSTER_ORDER = ("name_pinyin", "id")  # 按拼音排序, as rosters are read


def _prefix(field: str, text: str) -> Q:
    """field starts with text, as a range so that a plain B-tree index serves it on
    both databases (SQLite's LIKE cannot use one; PostgreSQL's needs pattern ops).
    Correct for byte-order collations (SQLite, PostgreSQL C / C.UTF-8)."""
    return Q(**{f"{field}__gte": text, f"{field}__lt": text + "\U0010ffff"})


# What the masked ID number and phone leave visible (core.masking.mask_id / mask_phone).
ID_TAIL_SHOWN, PHONE_HEAD_SHOWN = 4, 3


def number_query(text: str) -> str:
    """The digits of a search for an ID number or phone ("" if the text is not one)."""
    q = roster.to_halfwidth(text or "").strip().replace(" ", "")
    if q.isdigit() or (q[:-1].isdigit() and q[-1:] in ("x", "X")):
        return q.upper()
    return ""


def hidden_fields_searched(text: str) -> set[str]:
    """The sensitive fields a search would match beyond their masked, visible part."""
    q = number_query(text)
    hidden = set()
    if len(q) > ID_TAIL_SHOWN:
        hidden.add("id_number")
    if len(q) > PHONE_HEAD_SHOWN and q.isdigit():
        hidden.add("phone")
    return hidden


def _number_condition(q: str, *, full: bool) -> Q:
    found = Q(pk__in=[])
    if full or len(q) <= ID_TAIL_SHOWN:
        found |= _prefix("id_number_reversed", q[::-1])
    if full or len(q) <= PHONE_HEAD_SHOWN:
        found |= _prefix("phone", q)
    if full and len(q) == 18:
        found |= Q(id_number=q)
    return found


def matched_hidden(member, text: str) -> list[str]:
    """Which sensitive fields of this member a search matched beyond their visible part."""
    q = number_query(text)
    fields = []
    if "id_number" in hidden_fields_searched(text) and member.id_number.endswith(q):
        fields.append("id_number")
    if "phone" in hidden_fields_searched(text) and member.phone.startswith(q):
        fields.append("phone")
    return fields


class MemberQuerySet(OrgOwnedQuerySet):
    def active(self):
        return self.filter(status=MemberStatus.ACTIVE)

    def search(self, text: str, *, full: bool = False):
        """Name, pinyin initials ("zs" → 张三), full pinyin, the ID number's tail, the phone's head.

        Digits match only what the masked ID and phone show (the ID's last 4, the phone's first 3)
        unless `full`: searching deeper finds the hidden digits one request at a time, so it is
        for viewers who may see the numbers, and is logged as a reveal (members/lookup.py).

        Every condition is a prefix range on an index. Name and pinyin searches also carry a
        range on name_pinyin (the roster's order), so the database walks the (name_pinyin, id)
        index in order and stops after one page instead of sorting every match."""
        q = roster.to_halfwidth(text or "").strip().replace(" ", "")
        if not q:
            return self
        digits = number_query(q)
        if digits:
            return self.filter(_number_condition(digits, full=full))
        if q.isascii() and q.isalpha():
            q = q.lower()
            # initials "zs" and pinyin "zhang" both start with the pinyin's first letter
            if len(q) > MAX_INITIALS:  # longer than any name's initials: full pinyin only
                return self.filter(_prefix("name_pinyin", q))
            return self.filter(_prefix("name_initials", q) | _prefix("name_pinyin", q)).filter(
                _prefix("name_pinyin", q[0])
            )
        if q[0] in COMPOUND_FIRST:  # 单于 reads chanyu, 单 alone shan: no pinyin shortcut
            return self.filter(_prefix("name", q))
        # The pinyin range drives the (name_pinyin, id) index in roster order; the name itself is
        # checked with LIKE, which no index serves, so the planner cannot prefer the
        # (org, status, name) index and then sort every 王 in the federation (SQLite did).
        return self.filter(_prefix("name_pinyin", search_keys(q)[1]), name__startswith=q)

    def lookup(self, text: str, *, full: bool = False):
        """What a clerk types to find one member: `search` (name, pinyin, ID tail, phone) or a member number."""
        text = (text or "").strip()
        return (self.search(text, full=full) | self.filter(member_number=text)).order_by(*ROSTER_ORDER)

    def age_band(self, band: str, today: dt.date | None = None):
        if band not in AGE_BANDS:
            return self
        today = today or dt.date.today()
        _, low, high = AGE_BANDS[band]
        # born after (today - high years) and on or before (today - low years)
        latest = _years_before(today, low)
        earliest = _years_before(today, high)
        return self.filter(birth_date__lte=latest, birth_date__gt=earliest)

    def joined_in(self, year: int):
        return self.filter(join_date__gte=dt.date(year, 1, 1), join_date__lte=dt.date(year, 12, 31))

    def for_roster(self):
        return self.select_related("org").only(
            "id", "name", "name_pinyin", "gender", "id_number", "phone", "birth_date", "employment_type",
            "join_date", "status", "member_number", "org__name", "org__code", "org__kind", "org__path",
        )  # fmt: skip


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class Member(OrgOwned):
    """A union member. `org` is the lowest node they belong to: their group, or the union itself."""

    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    id_number = models.CharField("身份证号", max_length=18)  # indexed below
    birth_date = models.DateField("出生日期", null=True, blank=True)
    phone = models.CharField("手机", max_length=20, blank=True)
    ethnicity = models.CharField("民族", max_length=20, blank=True, default="汉族")
    education = models.CharField("学历", max_length=20, blank=True)
    political_status = models.CharField("政治面貌", max_length=20, blank=True)
    employment_type = models.CharField(
        "用工形式", max_length=12, choices=EmploymentType.choices, default=EmploymentType.REGULAR
    )
    join_date = models.DateField("入会日期", null=True, blank=True)
    member_number = models.CharField("会员证号", max_length=30, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    name_pinyin = models.CharField("姓名拼音", max_length=200, blank=True)  # indexed with id below
    # searched only together with a name_pinyin range (see `search`): that index serves it
    name_initials = models.CharField("拼音首字母", max_length=50, blank=True)
    # The ID number backwards: "last digits of the ID" becomes a prefix search on an index.
    id_number_reversed = models.CharField(max_length=18, blank=True, editable=False)  # indexed below
    # Set on the few transferred-in records only: a partial unique index (below) instead of a
    # one-to-one's full index keeps a million NULLs out of an index every import has to write.
    transferred_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False,
        verbose_name="转自",
    )  # fmt: skip
    # The day this union accepted the member (转入日期), on transferred-in records only. join_date stays
    # the original one (seniority); dues here start after this day (see dues.models.owes_from).
    transferred_in_on = models.DateField("转入日期", null=True, blank=True)
    # (org, status, name) below serves every lookup by org: no separate index on org alone
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, verbose_name="所属组织", db_index=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="member"
    )

    objects = MemberQuerySet.as_manager()
    member_owner_field = "user"

    class Meta:
        verbose_name = "会员"
        verbose_name_plural = "会员"
        indexes = [
            models.Index(fields=["org", "status", "name"], name="member_org_status_name"),
            # the roster's order (拼音, also the dues lists' and the picker's) and every name or pinyin
            # search, walked in order by keyset pages. Every index here is written by every import.
            models.Index(fields=["name_pinyin", "id"], name="member_pinyin_id"),
            models.Index(fields=["phone"], name="member_phone"),
            # Declared here, not with db_index: on PostgreSQL db_index adds a second, pattern-ops
            # index per column for LIKE, which no query here uses (searches are ranges).
            models.Index(fields=["id_number"], name="member_id_number"),
            models.Index(fields=["id_number_reversed"], name="member_id_tail"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["transferred_from"],
                condition=models.Q(transferred_from__isnull=False),
                name="member_transferred_from_once",
            ),
            # One person is an active member of at most one union at a time.
            models.UniqueConstraint(
                fields=["id_number"], condition=models.Q(status="active"), name="member_one_active_membership"
            ),
        ]

    def __str__(self):
        return self.name

    def set_search_keys(self):
        """Derived columns: pinyin keys for the name, the reversed ID for suffix search."""
        self.name_initials, self.name_pinyin = search_keys(self.name)
        self.id_number_reversed = self.id_number[::-1]

    @property
    def union(self):
        return self.org.union()

    @property
    def age(self):
        if not self.birth_date:
            return None
        today = dt.date.today()
        return (
            today.year
            - self.birth_date.year
            - ((today.month, today.day) < (self.birth_date.month, self.birth_date.day))
        )


class EventKind(models.TextChoices):
    JOINED = "joined", "入会"
    IMPORTED = "imported", "导入名册"
    TRANSFER_STARTED = "transfer_started", "发起会籍转接"
    TRANSFERRED_OUT = "transferred_out", "转出"
    TRANSFERRED_IN = "transferred_in", "转入"
    TRANSFER_REJECTED = "transfer_rejected", "转接被退回"
    TRANSFER_CANCELLED = "transfer_cancelled", "撤回转接"
    LEFT = "left", "退会"
    RETIRED = "retired", "退休"
    DECEASED = "deceased", "去世"
    UPDATED = "updated", "信息变更"


class MemberEvent(OrgOwned):
    """One line of a member's history timeline. `org` is where the member was at the time."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="events", verbose_name="会员")
    kind = models.CharField("事项", max_length=20, choices=EventKind.choices)
    on = models.DateField("日期")
    note = models.CharField("说明", max_length=200, blank=True)
    other_org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="对方组织"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    member_owner_field = "member__user"

    class Meta:
        verbose_name = "会员履历"
        ordering = ["on", "created_at"]
        indexes = [models.Index(fields=["member", "on"], name="memberevent_member_on")]

    def __str__(self):
        return f"{self.on} {self.get_kind_display()}"


class TransferStatus(models.TextChoices):
    PENDING = "pending", "待接收"
    ACCEPTED = "accepted", "已接收"
    REJECTED = "rejected", "已退回"
    CANCELLED = "cancelled", "已撤回"


class MemberTransfer(OrgOwned):
    """会籍转接: started by the sending union (`org`), accepted by the receiving one (`to_org`)."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="transfers", verbose_name="会员"
    )
    to_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="incoming_transfers",
                               verbose_name="转入工会")  # fmt: skip
    status = models.CharField(
        "状态", max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    note = models.CharField("说明", max_length=200, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    new_member = models.OneToOneField(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "会籍转接"
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(status="pending"), name="membertransfer_one_pending"
            )
        ]

    def __str__(self):
        return f"{self.member} → {self.to_org}"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "已上传"
    PREVIEWING = "previewing", "正在检查"
    PREVIEWED = "previewed", "待确认"
    COMMITTING = "committing", "正在导入"
    COMMITTED = "committed", "已导入"
    FAILED = "failed", "失败"


class ImportJob(OrgOwned):
    """One roster file on its way in: uploaded, previewed (maybe with a fixed mapping), committed."""

    filename = models.CharField("文件名", max_length=200)
    path = models.CharField(max_length=500, editable=False)
    status = models.CharField(max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    header_row = models.PositiveIntegerField(null=True, blank=True)
    headers = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)  # column index (as str) → field
    counts = models.JSONField(default=dict, blank=True)  # rows, created, updated, unchanged, errors
    errors_preview = models.JSONField(default=list, blank=True)  # the first errors, for the page
    errors_path = models.CharField(max_length=500, blank=True, editable=False)
    skip_errors = models.BooleanField(default=False)
    message = models.CharField(max_length=500, blank=True)
    progress = models.ForeignKey("core.TaskProgress", on_delete=models.SET_NULL, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Meta:
        verbose_name = "名册导入"
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename


auditlog.register(Member, exclude_fields=["name_pinyin", "name_initials", "id_number_reversed"])
auditlog.register(MemberEvent)
auditlog.register(MemberTransfer)
auditlog.register(ImportJob)
