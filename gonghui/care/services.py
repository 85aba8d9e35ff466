"""Care workflows: one keyword-only function per state change, each in one transaction.

Every step of a hardship case writes a CaseEvent (who, when, note). Rules that protect the
money (ceilings, emergencies, on-file only) live here so pages and the API share them; a
broken rule raises ValidationError with a Chinese message keyed by the offending field.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.care.models import (
    FESTIVAL_OCCASIONS,
    Aid,
    AidKind,
    Campaign,
    CampaignItem,
    CampaignReason,
    CaseDocument,
    CaseEvent,
    CaseStatus,
    HardshipCase,
    Level,
    Occurrence,
    Pairing,
    PairingContact,
    Step,
    Visit,
)
from gonghui.core import access
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Org


class CaseAlreadyOpen(ValidationError):
    """A member may have one open case; the message carries a link to it."""

    def __init__(self, case):
        self.case = case
        url = reverse("care:case", kwargs={"hardshipcase_id": case.pk})
        super().__init__(
            {
                "member": f"{case.member.name}已有未结的困难档案（{case.get_status_display()}），请在原档案中办理：{url}"
            }
        )


# ---- money rules -------------------------------------------------------------------------


def lineage(org) -> list[Org]:
    """The org and every org above it, nearest first (a prefix walk of the materialised path)."""
    paths = [org.path[:end] for end in range(Org.steplen, len(org.path) + 1, Org.steplen)]
    return sorted(Org.objects.filter(path__in=paths), key=lambda node: -len(node.path))


def effective_ceiling(org, field: str) -> Decimal:
    """The nearest ceiling set on the org or above it, else the site default."""
    for node in lineage(org):
        value = getattr(node, field)
        if value is not None:
            return Decimal(value)
    default = {
        "aid_ceiling": settings.GONGHUI_DEFAULT_AID_CEILING,
        "festival_gift_ceiling": settings.GONGHUI_DEFAULT_FESTIVAL_GIFT_CEILING,
    }[field]
    return Decimal(default)


def _check_amount(
    *, org, amount, by, override_reason, field, festival_member=None, year=None, allow_zero=False
):
    """Refuse negative or absurd amounts; amounts over a ceiling pass only with an override by a
    user allowed to override (core/access.py) and a written reason."""
    amount = Decimal(amount or 0)
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ValidationError({field: "金额必须大于 0。"})
    if amount > settings.GONGHUI_CARE_ABSURD_AMOUNT:
        raise ValidationError(
            {
                field: f"金额 {amount:,.2f} 元明显不合理（单笔不能超过 {settings.GONGHUI_CARE_ABSURD_AMOUNT:,} 元），请核对。"
            }
        )
    problems = []
    ceiling = effective_ceiling(org, "aid_ceiling")
    if amount > ceiling:
        problems.append(f"超过单次上限 {ceiling:,.2f} 元")
    if festival_member is not None:
        festival_cap = effective_ceiling(org, "festival_gift_ceiling")
        already = Decimal(Visit.objects.festival_money(festival_member, year)) + Decimal(
            Aid.objects.festival_money(festival_member, year)
        )
        if already + amount > festival_cap:
            problems.append(
                f"{festival_member.name}{year}年节日慰问已发 {already:,.2f} 元，再发将超过年度上限 {festival_cap:,.2f} 元"
            )
    if not problems:
        return ""
    message = "；".join(problems)
    if not access.can(by, access.OVERRIDE, org):
        raise ValidationError({field: f"{message}。只有工会主席或上级工会管理员可以说明理由后超限发放。"})
    if not (override_reason or "").strip():
        raise ValidationError({"override_reason": f"{message}，请填写超限说明。"})
    return override_reason.strip()


# A visit or a grant is recorded after it happened: no allowance for the future (a visit planned
# for tomorrow is a reminder, not a record). Before 2000 is a mistyped year, not an old record.
EARLIEST_RECORD = date(2000, 1, 1)


def _not_future(value, field, label, today=None):
    if value and value > (today or timezone.localdate()):
        raise ValidationError({field: f"{label}不能晚于今天，请填写实际发生的日期。"})
    if value and value < EARLIEST_RECORD:
        raise ValidationError({field: f"{label}不能早于 2000 年，请检查年份是否填错。"})


# ---- visits ------------------------------------------------------------------------------


@transaction.atomic
def record_visit(
    *,
    member: Member,
    occasion,
    visited_on,
    by,
    visitors=(),
    other_visitors="",
    money=0,
    goods="",
    notes="",
    photo=None,
    occurrence=None,
    override_reason="",
) -> Visit:
    _not_future(visited_on, "visited_on", "走访日期")
    org = member.org
    festival = occasion in FESTIVAL_OCCASIONS
    reason = ""
    if money:
        reason = _check_amount(
            org=org,
            amount=money,
            by=by,
            override_reason=override_reason,
            field="money",
            festival_member=member if festival else None,
            year=visited_on.year,
        )
    elif Decimal(money or 0) < 0:
        raise ValidationError({"money": "金额不能为负数。"})
    visit = Visit.objects.create(
        org=org,
        member=member,
        occasion=occasion,
        visited_on=visited_on,
        other_visitors=other_visitors,
        money=Decimal(money or 0),  # a Decimal like every other row's, also in the API's reply
        goods=goods,
        notes=notes,
        occurrence=occurrence,
        override_reason=reason,
        recorded_by=by,
    )
    visit.visitors.set(visitors)
    if photo:  # a core.uploads.StoredFile: checked, re-encoded, named by us
        visit.photo.save(photo.name, photo.content, save=True)
    return visit


@transaction.atomic
def report_occurrence(*, member: Member, kind, occurred_on, by, note="") -> Occurrence:
    _not_future(occurred_on, "occurred_on", "发生日期")
    return Occurrence.objects.create(
        org=member.org, member=member, kind=kind, occurred_on=occurred_on, note=note, reported_by=by
    )


@transaction.atomic
def close_occurrence(*, occurrence: Occurrence, by, closed_on) -> Occurrence:
    if closed_on < occurrence.occurred_on:
        raise ValidationError({"closed_on": "结束日期不能早于发生日期。"})
    occurrence.closed_on = closed_on
    occurrence.save(update_fields=["closed_on", "updated_at"])
    return occurrence


@transaction.atomic
def generate_campaign(*, org, occasion, year, due_on, by) -> Campaign:
    """The checklist for a holiday round: every retiree and every on-file needy family in the subtree."""
    if Campaign.objects.filter(org=org, occasion=occasion, year=year).exists():
        raise ValidationError({"occasion": f"{year}年的该项慰问活动已经生成过了。"})
    label = dict(Campaign._meta.get_field("occasion").choices)[occasion]
    campaign = Campaign.objects.create(
        org=org, occasion=occasion, year=year, due_on=due_on, name=f"{year}年{label}", created_by=by
    )
    targets = {}
    for case in HardshipCase.objects.in_subtree(org).on_file().select_related("member"):
        targets[case.member_id] = (case.member, CampaignReason.NEEDY)
    for member in Member.objects.in_subtree(org).filter(status=MemberStatus.RETIRED):
        targets.setdefault(member.pk, (member, CampaignReason.RETIREE))
    CampaignItem.objects.bulk_create(
        CampaignItem(org=member.org, campaign=campaign, member=member, reason=reason)
        for member, reason in targets.values()
    )
    return campaign


@transaction.atomic
def tick_campaign_item(*, item: CampaignItem, by, done_on=None, visit=None) -> CampaignItem:
    if item.done_on:
        raise ValidationError("该对象已经慰问过了。")
    done_on = done_on or date.today()
    _not_future(done_on, "done_on", "完成日期")
    item.done_on, item.done_by, item.visit = done_on, by, visit
    item.save(update_fields=["done_on", "done_by", "visit", "updated_at"])
    return item


# ---- the hardship case workflow ----------------------------------------------------------

MAX_INCOME_PER_HEAD = 1_000_000  # as the application form allows

# The published order of steps; a step is refused unless the case stands where it may start.
NEXT_STEP = {
    CaseStatus.FOUND: Step.CHECK,
    CaseStatus.CHECKED: Step.HOME_VISIT,
    CaseStatus.HOME_VISITED: Step.COMMITTEE,
    CaseStatus.IN_NOTICE: Step.FILE,
    CaseStatus.ON_FILE: Step.REVIEW,
}


def upper_review_required(org) -> bool:
    return any(node.upper_review_required for node in lineage(org))


def next_step(case: HardshipCase):
    if case.status == CaseStatus.COMMITTEE_APPROVED:
        return Step.UPPER if upper_review_required(case.org) else Step.NOTICE
    if case.status == CaseStatus.UPPER_APPROVED:
        return Step.NOTICE
    return NEXT_STEP.get(case.status)


def _advance(case, *, step, allowed_from, to, by, note, **fields) -> HardshipCase:
    case = HardshipCase.objects.select_for_update().select_related("org", "member").get(pk=case.pk)
    if case.status not in allowed_from:
        expected = next_step(case)
        hint = f"下一步应为「{expected.label}」。" if expected else "该档案已结束，不能再办理。"
        raise ValidationError(
            f"该档案当前状态为「{case.get_status_display()}」，不能办理「{step.label}」。{hint}"
        )
    for name, value in fields.items():
        setattr(case, name, value)
    case.status = to
    case.save()
    CaseEvent.objects.create(org=case.org, case=case, step=step, status_after=to, by=by, note=note)
    return case


@transaction.atomic
def open_case(
    *,
    member: Member,
    by,
    origin,
    income_per_head,
    causes,
    level,
    household_size=1,
    household_members="",
    cause_detail="",
    opened_on=None,
    note="",
) -> HardshipCase:
    existing = HardshipCase.objects.open().filter(member=member).first()
    if existing:
        raise CaseAlreadyOpen(existing)
    opened_on = opened_on or date.today()
    _not_future(opened_on, "opened_on", "申请/认定日期")
    if Decimal(income_per_head) < 0:
        raise ValidationError({"income_per_head": "收入不能为负数。"})
    case = HardshipCase.objects.create(
        org=member.org,
        member=member,
        origin=origin,
        opened_on=opened_on,
        household_size=household_size,
        household_members=household_members,
        income_per_head=income_per_head,
        causes=",".join(causes),
        cause_detail=cause_detail,
        level=level,
    )
    CaseEvent.objects.create(
        org=case.org,
        case=case,
        step=Step.OPEN,
        status_after=case.status,
        by=by,
        note=note or case.get_origin_display(),
    )
    return case


@transaction.atomic
def check_case(*, case, by, note) -> HardshipCase:
    return _advance(
        case, step=Step.CHECK, allowed_from=[CaseStatus.FOUND], to=CaseStatus.CHECKED, by=by, note=note
    )


@transaction.atomic
def record_home_visit(*, case, by, note, visited_on) -> HardshipCase:
    _not_future(visited_on, "visited_on", "入户核查日期")
    if not (note or "").strip():
        raise ValidationError({"note": "请记录入户核查的情况。"})
    return _advance(
        case,
        step=Step.HOME_VISIT,
        allowed_from=[CaseStatus.CHECKED],
        to=CaseStatus.HOME_VISITED,
        by=by,
        note=note,
        home_visit_on=visited_on,
    )


def _review(case, *, by, note, approved, step, allowed_from, to):
    """A review approves (moves on) or rejects the case; a rejection must say why."""
    if not approved and not (note or "").strip():
        raise ValidationError({"note": "不予建档时请写明理由。"})
    outcome = {"step": step, "to": to} if approved else {"step": Step.REJECT, "to": CaseStatus.REJECTED}
    return _advance(case, allowed_from=allowed_from, by=by, note=note, **outcome)


@transaction.atomic
def committee_review(*, case, by, note, approved: bool) -> HardshipCase:
    return _review(
        case,
        by=by,
        note=note,
        approved=approved,
        step=Step.COMMITTEE,
        allowed_from=[CaseStatus.HOME_VISITED],
        to=CaseStatus.COMMITTEE_APPROVED,
    )


@transaction.atomic
def upper_review(*, case, by, note, approved: bool) -> HardshipCase:
    if not upper_review_required(case.org):
        raise ValidationError("本单位未要求上级工会审核，委员会审核后可直接公示。")
    return _review(
        case,
        by=by,
        note=note,
        approved=approved,
        step=Step.UPPER,
        allowed_from=[CaseStatus.COMMITTEE_APPROVED],
        to=CaseStatus.UPPER_APPROVED,
    )


@transaction.atomic
def start_notice(*, case, by, note, start, end) -> HardshipCase:
    if end < start:
        raise ValidationError({"end": "公示结束日期不能早于开始日期。"})
    minimum = settings.GONGHUI_CARE_MIN_NOTICE_DAYS
    if (end - start).days + 1 < minimum:
        raise ValidationError({"end": f"公示期不能少于 {minimum} 天。"})
    ready = CaseStatus.UPPER_APPROVED if upper_review_required(case.org) else CaseStatus.COMMITTEE_APPROVED
    return _advance(
        case,
        step=Step.NOTICE,
        allowed_from=[ready],
        to=CaseStatus.IN_NOTICE,
        by=by,
        note=note,
        notice_start=start,
        notice_end=end,
    )


@transaction.atomic
def record_objection(*, case, by, note) -> CaseEvent:
    if case.status != CaseStatus.IN_NOTICE:
        raise ValidationError("只有公示期间才能登记异议。")
    if not (note or "").strip():
        raise ValidationError({"note": "请写明异议内容。"})
    return CaseEvent.objects.create(
        org=case.org, case=case, step=Step.OBJECTION, status_after=case.status, by=by, note=note
    )


@transaction.atomic
def file_case(*, case, by, note, filed_on=None) -> HardshipCase:
    filed_on = filed_on or date.today()
    if case.status == CaseStatus.IN_NOTICE and case.notice_end and filed_on <= case.notice_end:
        raise ValidationError(f"公示期至 {case.notice_end:%Y-%m-%d} 结束，期满后才能建档。")
    if case.events.filter(step=Step.OBJECTION).exists() and not (note or "").strip():
        raise ValidationError({"note": "公示期间有异议，建档时请写明异议的处理结果。"})
    return _advance(
        case,
        step=Step.FILE,
        allowed_from=[CaseStatus.IN_NOTICE],
        to=CaseStatus.ON_FILE,
        by=by,
        note=note,
        filed_on=filed_on,
        next_review_on=_a_year_after(filed_on),
    )


@transaction.atomic
def review_case(*, case, by, note, reviewed_on=None, income_per_head=None, level=None) -> HardshipCase:
    """The yearly re-review (年度复核): still needy, stays on file for another year. The review may
    find the household's monthly income per head or its level changed; the CaseEvent says so."""
    reviewed_on = reviewed_on or date.today()
    _not_future(reviewed_on, "reviewed_on", "复核日期")
    current = HardshipCase.objects.select_for_update().get(pk=case.pk)
    changes, fields = [], {}
    if income_per_head is not None and income_per_head != "":
        try:
            income = Decimal(str(income_per_head)).quantize(Decimal("0.01"))
        except ArithmeticError:
            raise ValidationError({"income_per_head": "请填写有效的金额。"}) from None
        if income < 0 or income > MAX_INCOME_PER_HEAD:
            raise ValidationError(
                {"income_per_head": f"月人均收入应在 0 到 {MAX_INCOME_PER_HEAD:,} 元之间。"}
            )
        if income != current.income_per_head:
            changes.append(f"月人均收入 {current.income_per_head} 元 → {income} 元")
            fields["income_per_head"] = income
    if level:
        if level not in Level.values:
            raise ValidationError({"level": "困难类别无效。"})
        if level != current.level:
            changes.append(f"困难类别 {current.get_level_display()} → {Level(level).label}")
            fields["level"] = level
    text = "；".join(part for part in ["；".join(changes), (note or "").strip()] if part)
    return _advance(
        case,
        step=Step.REVIEW,
        allowed_from=[CaseStatus.ON_FILE],
        to=CaseStatus.ON_FILE,
        by=by,
        note=text or "复核：情况无变化",
        next_review_on=_a_year_after(reviewed_on),
        **fields,
    )


@transaction.atomic
def exit_case(*, case, by, reason, note="", exited_on=None) -> HardshipCase:
    if not (reason or "").strip():
        raise ValidationError({"reason": "解困必须写明原因。"})
    exited_on = exited_on or date.today()
    return _advance(
        case,
        step=Step.EXIT,
        allowed_from=[CaseStatus.ON_FILE],
        to=CaseStatus.EXITED,
        by=by,
        note=note or reason,
        exited_on=exited_on,
        exit_reason=reason.strip(),
    )


def _a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day + timedelta(days=365)


@transaction.atomic
def attach_document(*, case, title, file, by) -> CaseDocument:
    document = CaseDocument(org=case.org, case=case, title=title, uploaded_by=by)
    document.file.save(file.name, file.content, save=False)  # file: a core.uploads.StoredFile
    document.save()
    return document


# ---- aid ---------------------------------------------------------------------------------


@transaction.atomic
def record_aid(
    *,
    kind,
    amount,
    paid_on,
    fund_source,
    approved_by,
    by,
    case: HardshipCase | None = None,
    member: Member | None = None,
    student_school="",
    student_grade="",
    emergency=False,
    emergency_reason="",
    override_reason="",
) -> Aid:
    if case is None and member is None:
        raise ValidationError({"member": "请选择困难档案或受助会员。"})
    member = case.member if case else member
    org = case.org if case else member.org
    _not_future(paid_on, "paid_on", "发放日期")
    if (case is None or case.status != CaseStatus.ON_FILE) and not emergency:
        state = "尚未建档" if case is None or case.is_open else "已结束"
        raise ValidationError(
            {
                "case": f"{member.name}的困难档案{state}：只有已建档的困难职工才能发放；确需救助请勾选紧急救助并写明理由。"
            }
        )
    if emergency and not (emergency_reason or "").strip():
        raise ValidationError({"emergency_reason": "紧急救助必须写明理由。"})
    if kind == AidKind.SCHOOLING and not (student_school.strip() and student_grade.strip()):
        raise ValidationError({"student_school": "金秋助学须填写学生就读学校和年级。"})
    reason = _check_amount(
        org=org,
        amount=amount,
        by=by,
        override_reason=override_reason,
        field="amount",
        festival_member=member if kind == AidKind.WARMTH else None,
        year=paid_on.year,
    )
    return Aid.objects.create(
        org=org,
        case=case,
        member=member,
        kind=kind,
        amount=amount,
        paid_on=paid_on,
        fund_source=fund_source,
        approved_by=approved_by,
        student_school=student_school if kind == AidKind.SCHOOLING else "",
        student_grade=student_grade if kind == AidKind.SCHOOLING else "",
        emergency=emergency,
        emergency_reason=emergency_reason.strip() if emergency else "",
        override_reason=reason,
        overridden_by=by if reason else None,
        recorded_by=by,
    )


# ---- pairing -----------------------------------------------------------------------------


@transaction.atomic
def pair_officer(*, case, officer, by, started_on=None, note="") -> Pairing:
    if not case.is_open:
        raise ValidationError("档案已结束，不能再结对。")
    union = case.org.union() or case.org
    if not officer.org.path.startswith(union.path) and not union.path.startswith(officer.org.path):
        raise ValidationError({"officer": "结对干部须是本工会或上级工会的委员。"})
    if case.pairings.filter(officer=officer, ended_on__isnull=True).exists():
        raise ValidationError({"officer": f"{officer.name}已与该户结对。"})
    return Pairing.objects.create(
        org=case.org, case=case, officer=officer, started_on=started_on or date.today(), note=note
    )


@transaction.atomic
def end_pairing(*, pairing, by, reason, ended_on=None) -> Pairing:
    """一帮一结对 ends (the officer leaves, the household is out of hardship ...): when and why."""
    pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
    if pairing.ended_on:
        raise ValidationError(f"该结对已于 {pairing.ended_on:%Y-%m-%d} 结束。")
    if not (reason or "").strip():
        raise ValidationError({"reason": "结束结对必须写明原因。"})
    ended_on = ended_on or date.today()
    _not_future(ended_on, "ended_on", "结束日期")
    if ended_on < pairing.started_on:
        raise ValidationError({"ended_on": "结束日期不能早于结对日期。"})
    pairing.ended_on, pairing.end_reason = ended_on, reason.strip()
    pairing.save(update_fields=["ended_on", "end_reason", "updated_at"])
    return pairing


@transaction.atomic
def record_contact(*, pairing, by, contacted_on, way, note) -> PairingContact:
    _not_future(contacted_on, "contacted_on", "联系日期")
    if contacted_on < pairing.started_on:
        raise ValidationError({"contacted_on": "联系日期不能早于结对日期。"})
    return PairingContact.objects.create(
        org=pairing.org, pairing=pairing, contacted_on=contacted_on, way=way, note=note, recorded_by=by
    )
