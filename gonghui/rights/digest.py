"""Rights in the daily digest (gonghui/plans/digest.py): dispute cases near or past their 15-day
clock, collective contracts to file, to renew or waiting for the other side's answer, and the women
workers' reminders of rules 25–27.

Each source reads every union at once (one query, two for the health checks), never one union at a
time. A case or contract entry says no more than the overview lists for every viewer of the union's
work (number, dates, title). Women's entries name the woman, because the officer must know whom not
to roster on a night shift; they carry `needs=WOMEN`, so the digest page shows them only to the
chair, the women's officer and the federation admin, and the e-mail sends them as a count.
"""

from collections import defaultdict
from dataclasses import replace
from datetime import timedelta

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.urls import reverse

from gonghui.core import access
from gonghui.members.models import Gender, Member, MemberStatus
from gonghui.orgs.models import Org, OrgKind
from gonghui.plans.digest import DigestEntry, register_digest_source
from gonghui.rights import clock
from gonghui.rights.metrics import ATTENDED
from gonghui.rights.models import (
    CareRecord,
    CheckKind,
    CollectiveContract,
    DisputeCase,
    HealthCheck,
    Period,
)

# --------------------------------------------------------------------------- dispute cases


def _cases(day, horizon):
    """Open cases whose clock runs out within the week or has run out (rule 18)."""
    rows = DisputeCase.objects.open().filter(deadline__lte=horizon)
    for path, pk, number, deadline in rows.values_list("org__path", "pk", "number", "deadline"):
        link = reverse("rights:case", kwargs={"disputecase_id": pk})
        if deadline < day:
            text = f"劳动争议调解 {number} 已超过15日调解期限，未达成协议：当事人可依法申请仲裁，请告知并记录"
        else:
            left = (deadline - day).days
            text = f"劳动争议调解 {number} 调解期限 {deadline:%m月%d日} 届满（{'今日届满' if not left else f'还剩{left}天'}）"
        yield path, DigestEntry(text=text, due=deadline, when="调解期限", kind="case", link=link)


register_digest_source(key="rights.cases", label="劳动争议调解", collect=_cases, order=30)


# --------------------------------------------------------------------------- collective contracts


def _contract_entries(contract, day, horizon):
    title = f"《{contract.title}》"
    if contract.signed_on and not contract.filed_on and contract.file_by <= horizon:
        yield DigestEntry(
            text=f"集体合同{title}应于 {contract.file_by:%m月%d日} 前报送劳动保障行政部门审查备案（签订后10日内）",
            due=contract.file_by, when="报送备案",
        )  # fmt: skip
    if contract.renewal_from and day <= contract.renewal_from <= horizon:
        yield DigestEntry(
            text=f"集体合同{title}将于 {contract.expires_on:%Y年%m月%d日} 期满，{contract.renewal_from:%m月%d日} 起可提出续签协商",
            due=contract.renewal_from, when="续签",
        )  # fmt: skip
    if contract.answer_due and not contract.answered_on and not contract.approved_on:
        if contract.answer_due < day:
            text = f"集体协商要约{title}的应答期限 {contract.answer_due:%m月%d日} 已过，对方尚未书面应答"
        else:
            text = f"集体协商要约{title}：对方应于 {contract.answer_due:%m月%d日} 前书面应答"
        yield DigestEntry(text=text, due=contract.answer_due, when="要约应答")


def _contracts(day, horizon):
    waiting = (
        Q(signed_on__isnull=False, filed_on__isnull=True, file_by__lte=horizon)
        | Q(renewal_from__gte=day, renewal_from__lte=horizon)
        | Q(answer_due__lte=horizon, answered_on__isnull=True, approved_on__isnull=True)
    )
    for contract in CollectiveContract.objects.filter(waiting).select_related("org").order_by("pk"):
        link = reverse("rights:contract", kwargs={"collectivecontract_id": contract.pk})
        for entry in _contract_entries(contract, day, horizon):
            yield contract.org.path, replace(entry, kind="contract", link=link)


register_digest_source(key="rights.contracts", label="集体合同", collect=_contracts, order=31)


# --------------------------------------------------------------------------- women workers (rules 25–27)

LONGEST_LEAVE = clock.maternity_leave_days(babies=9, difficult=True)


def _leave(record):
    """(days, label) of the leave a maternity record gives: miscarriage leave or maternity leave."""
    if record.miscarriage_months is not None:
        return clock.miscarriage_leave_days(record.miscarriage_months), "流产假"
    return clock.maternity_leave_days(record.babies, record.difficult_birth), "产假"


def _care_entries(record, day, horizon):
    name = record.member.name
    if record.due_date and not record.birth_date and record.miscarriage_months is None:
        start = clock.seventh_month_from(record.due_date)
        if day <= start <= horizon:
            yield DigestEntry(
                text=f"{name}自 {start:%m月%d日} 起怀孕满7个月：不得安排延长工作时间和夜班劳动，并应在劳动时间内安排一定的休息时间",
                due=start, when="孕7个月",
            )  # fmt: skip
    if record.period == Period.MATERNITY:
        days, label = _leave(record)
        ends = record.started_on + timedelta(days=days - 1)
        if day <= ends <= horizon:
            yield DigestEntry(
                text=f"{name}的{label}（{days}天）至 {ends:%m月%d日} 结束", due=ends, when=label
            )
    if record.birth_date:
        until = clock.first_birthday(record.birth_date)
        if day <= until <= horizon:
            yield DigestEntry(
                text=f"{name}的婴儿 {until:%m月%d日} 满一周岁：每天{record.babies}小时哺乳时间及不得安排加班、夜班的保护至此结束",
                due=until, when="哺乳期",
            )  # fmt: skip


def _care(day, horizon):
    """Protections that start or end within the week: the 7th month of pregnancy, the end of maternity
    (or miscarriage) leave, the youngest's first birthday."""
    seventh = Q(
        due_date__gte=day + timedelta(weeks=12), due_date__lte=horizon + timedelta(weeks=12),
        birth_date__isnull=True, miscarriage_months__isnull=True,
    )  # fmt: skip
    leave = Q(
        period=Period.MATERNITY, started_on__gt=day - timedelta(days=LONGEST_LEAVE), started_on__lte=horizon
    )
    nursing = Q(birth_date__gt=clock.add_months(day, -13), birth_date__lte=clock.add_months(horizon, -11))
    records = (
        CareRecord.objects.filter(seventh | leave | nursing)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day), member__status=MemberStatus.ACTIVE)
        .select_related("member", "org")
        .order_by("pk")
    )
    seen = set()
    for record in records:
        link = reverse("rights:care", kwargs={"carerecord_id": record.pk})
        for entry in _care_entries(record, day, horizon):
            key = (record.member_id, entry.when, entry.due)  # a birth on both her 产期 and 哺乳期 records
            if key not in seen:
                seen.add(key)
                yield record.org.path, replace(entry, kind="women", link=link, needs=access.WOMEN)


register_digest_source(key="rights.women", label="女职工保护", collect=_care, order=32)


def _attended_women_checks():
    return HealthCheck.objects.filter(ATTENDED, campaign__kind=CheckKind.WOMEN)


def _union_path(path, kind):
    """Groups sit only directly under a union (orgs.models.ALLOWED_CHILD_KINDS): its path less one step."""
    return path[: -Org.steplen] if kind == OrgKind.GROUP else path


def _lapses(day, horizon):
    """Women whose last special check lapses within the week (rule 27: every ⚙ N years)."""
    years = clock.women_check_years()
    last = (
        _attended_women_checks()
        .filter(member__status=MemberStatus.ACTIVE, member__gender=Gender.FEMALE)
        .values("member_id", "member__name", "member__org__path", "member__org__kind")
        .annotate(last=Max("campaign__held_from"))
        .filter(
            last__gte=clock.add_months(day, -12 * years - 1), last__lte=clock.add_months(horizon, -12 * years)
        )
        .order_by("member__org__path", "member__name")
    )
    for row in last:
        lapses = clock.add_months(row["last"], 12 * years)
        if day <= lapses <= horizon:
            text = f"{row['member__name']}的女职工专项体检（每{years}年一次）将于 {lapses:%m月%d日} 到期"
            yield _union_path(row["member__org__path"], row["member__org__kind"]), lapses, text


def _overdue_by_union(day):
    """How many active women of each union have had no special check within the interval, counted in
    their union (not per group), past due since before today."""
    since = clock.add_months(day, -12 * clock.women_check_years())
    checked = _attended_women_checks().filter(member=OuterRef("pk"), campaign__held_from__gte=since)
    rows = (
        Member.objects.active()
        .filter(gender=Gender.FEMALE)
        .exclude(Exists(checked))
        .values("org__path", "org__kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = defaultdict(int)
    for row in rows:
        counts[_union_path(row["org__path"], row["org__kind"])] += row["n"]
    return counts


def _checks(day, horizon):
    years = clock.women_check_years()
    lapsing, overdue = list(_lapses(day, horizon)), _overdue_by_union(day)
    paths = {path for path, *_ in lapsing} | set(overdue)
    codes = dict(Org.objects.filter(path__in=paths).values_list("path", "code")) if paths else {}

    def entry(path, text, due):
        link = reverse("rights:women", kwargs={"org_code": codes[path]}) if path in codes else ""
        return path, DigestEntry(
            text=text, due=due, when="专项体检", kind="women", link=link, needs=access.WOMEN
        )

    for path, lapses, text in lapsing:
        yield entry(path, text, lapses)
    for path, n in sorted(overdue.items()):
        yield entry(path, f"{n} 名女职工近{years}年未参加女职工专项体检（妇科、乳腺），请安排体检", None)


register_digest_source(key="rights.checks", label="女职工专项体检", collect=_checks, order=33)
