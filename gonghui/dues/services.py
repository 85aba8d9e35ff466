"""Dues state changes: recording a payment (by hand, by API or by import) and setting a wage base."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core.tasks import start_progress
from gonghui.dues import imports, months
from gonghui.dues.models import DuesBase, DuesImport, DuesPayment, DuesSetting, ImportStatus
from gonghui.dues.sheet import SheetError
from gonghui.members.models import Member, MemberStatus

MAX_MONTHS = 36  # three years at once is already unusual; more is a typing mistake
MAX_PER_MONTH = Decimal("2000")  # 0.5% of a 400,000 元 monthly wage: anything above is a slip of the keyboard
FAR_OFF = 5  # an amount this many times above or below the expected one is refused, not warned about
# Dues may be paid up to a year ahead (a member leaving for a season pays before going); a month
# further out is a slip of the keyboard (2099). Nothing is paid before the 1950 Trade Union Law.
AHEAD_MONTHS = 12
EARLIEST_MONTH = months.month_index(1950, 1)


@dataclass(frozen=True)
class AmountCheck:
    errors: list[str]
    warnings: list[str]


def expected_monthly(member, *, setting=None, base=None) -> Decimal | None:
    """One month of dues for this member under the union's rule, if known (no wage base: unknown)."""
    setting = setting or DuesSetting.for_org(member.org)
    if base is None:
        base = DuesBase.objects.filter(member=member).first()
    return setting.monthly_amount(base.monthly_wage if base else None)


def check_amount(*, amount: Decimal, count: int, monthly: Decimal | None) -> AmountCheck:
    """Refuse absurd amounts, warn about ones that differ from what the union's rule says."""
    if amount <= 0:
        return AmountCheck(["金额必须大于 0。"], [])
    if amount / count > MAX_PER_MONTH:
        return AmountCheck(
            [f"金额过大：平均每月 {amount / count:.2f} 元，超过 {MAX_PER_MONTH} 元，请核对。"], []
        )
    if not monthly:
        return AmountCheck([], [])
    expected = monthly * count
    detail = f"应缴 {expected} 元（{count} 个月 × {monthly} 元）"
    if amount > expected * FAR_OFF or amount * FAR_OFF < expected:
        return AmountCheck([f"金额 {amount} 元与{detail}相差过大，请核对。"], [])
    if amount != expected:
        return AmountCheck([], [f"金额 {amount} 元与{detail}不一致，已按实缴金额登记。"])
    return AmountCheck([], [])


def overlap_message(existing: DuesPayment) -> str:
    return (
        f"该会员 {existing.months_label} 的会费已于 {existing.paid_on:%Y-%m-%d} 缴纳"
        f"（{existing.amount} 元），缴费月份不能重叠。"
    )


def validate_months(*, member, first_month: int, last_month: int, today: date | None = None):
    if last_month < first_month:
        raise ValidationError("截止月份不能早于起始月份。")
    if last_month - first_month + 1 > MAX_MONTHS:
        raise ValidationError(f"一次最多缴纳 {MAX_MONTHS} 个月。")
    latest = months.of_date(today or timezone.localdate()) + AHEAD_MONTHS
    if last_month > latest:
        raise ValidationError(
            f"会费最多预缴 {AHEAD_MONTHS} 个月，截止月份最晚为 {months.label(latest)}，请检查年份是否填错。"
        )
    if first_month < EARLIEST_MONTH:
        raise ValidationError(f"起始月份不能早于 {months.label(EARLIEST_MONTH)}，请检查年份是否填错。")
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(f"{member.name} 当前状态为「{member.get_status_display()}」，不能登记会费。")


def validate_paid_on(paid_on: date, *, today: date | None = None):
    if paid_on > (today or timezone.localdate()):
        raise ValidationError("缴费日期不能晚于今天，请填写实际收到会费的日期。")
    if paid_on < months.to_date(EARLIEST_MONTH):
        raise ValidationError("缴费日期不能早于 1950 年，请检查年份是否填错。")


@transaction.atomic
def record_payment(
    *,
    member: Member,
    first_month: int,
    last_month: int,
    amount: Decimal,
    paid_on: date,
    method: str,
    by,
    note: str = "",
    imported: bool = False,
) -> DuesPayment:
    """Record one payment covering first_month..last_month; refuses overlaps and absurd amounts.

    Two officers may record the same member at the same moment: locking the member row makes the
    second wait, then see the first's payment in the overlap check (on SQLite the IMMEDIATE
    transaction already serialises writers).
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    validate_months(member=member, first_month=first_month, last_month=last_month)
    validate_paid_on(paid_on)
    clash = DuesPayment.objects.valid().filter(member=member).overlapping(first_month, last_month).first()
    if clash:
        raise ValidationError(overlap_message(clash))
    count = last_month - first_month + 1
    verdict = check_amount(amount=amount, count=count, monthly=expected_monthly(member))
    if verdict.errors:
        raise ValidationError(verdict.errors)
    payment = DuesPayment.objects.create(
        org=member.org,
        member=member,
        first_month=first_month,
        last_month=last_month,
        amount=amount,
        paid_on=paid_on,
        method=method,
        note=note,
        recorded_by=by,
        imported=imported,
    )
    payment.warnings = verdict.warnings  # shown to whoever recorded it; the amount is what was paid
    return payment


@transaction.atomic
def void_payment(*, payment: DuesPayment, reason: str, by) -> DuesPayment:
    """Void a payment recorded by mistake. It stays on file, marked with who voided it, when and why
    (auditlog keeps the change), and no longer counts in overlaps, arrears or the collection rate."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写作废原因。")
    payment = DuesPayment.objects.select_for_update().get(pk=payment.pk)
    if payment.voided:
        raise ValidationError(f"该缴费记录已于 {timezone.localtime(payment.voided_at):%Y-%m-%d %H:%M} 作废。")
    payment.voided_at, payment.voided_by, payment.void_reason = timezone.now(), by, reason[:200]
    payment.save(update_fields=["voided_at", "voided_by", "void_reason", "updated_at"])
    return payment


def receive_import(*, org, upload, by) -> DuesImport:
    """Keep the uploaded sheet, to be checked by a task (tasks.check_dues_import); nothing is written yet."""
    progress = start_progress(kind="dues_import", org=org, user=by)
    return DuesImport.objects.create(  # upload: a core.uploads.StoredFile, stored under our name
        org=org, file=upload.as_file(), filename=upload.original_name[:200], uploaded_by=by, progress=progress
    )


def check_import(*, dues_import: DuesImport, on_progress=None, on_error=None) -> DuesImport:
    """What the sheet would do: counts and every error. An unreadable sheet marks the import failed."""
    try:
        analysis = imports.analyse(
            dues_import.file.path,
            org=dues_import.org,
            by=dues_import.uploaded_by,
            on_progress=on_progress,
            on_error=on_error,
        )
    except SheetError as error:
        return _settle(dues_import, status=ImportStatus.FAILED, message=str(error))
    dues_import.counts = analysis.counts()
    dues_import.errors = [list(e) for e in analysis.errors]
    return _settle(dues_import, status=ImportStatus.PREVIEWED)


def request_commit(*, dues_import: DuesImport, skip_errors: bool, by) -> DuesImport:
    """Queue the write of a previewed sheet (tasks.commit_dues_import), if the preview allows it."""
    if dues_import.status == ImportStatus.COMMITTED:
        raise ValidationError("该文件已导入。")
    if dues_import.status != ImportStatus.PREVIEWED:
        raise ValidationError("请等待检查完成后再确认导入。")
    if dues_import.counts.get("error") and not skip_errors:
        raise ValidationError(imports.refusal(dues_import.counts["error"]))
    dues_import.progress = start_progress(kind="dues_import", org=dues_import.org, user=by)
    return _settle(dues_import, status=ImportStatus.COMMITTING)


def commit_import(
    *, dues_import: DuesImport, skip_errors: bool, by, on_progress=None, on_error=None
) -> DuesImport:
    """Write the sheet's good rows: all of them, or none while errors remain unless skip_errors.

    The checks are run again (the database may have changed since the preview); a refusal puts the
    import back to preview with the reason.
    """
    try:
        analysis = imports.checked(
            dues_import.file.path,
            org=dues_import.org,
            by=by,
            skip_errors=skip_errors,
            on_progress=on_progress,
            on_error=on_error,
        )
        with transaction.atomic():
            imports.store(analysis)
            dues_import.counts = {**analysis.counts(), "created": len(analysis.new)}
            dues_import.errors = [list(e) for e in analysis.errors]
            dues_import.committed_at = timezone.now()
            return _settle(dues_import, status=ImportStatus.COMMITTED)
    except (imports.ImportRefused, SheetError) as error:
        fresh = getattr(error, "analysis", None)
        if fresh is not None:
            dues_import.counts = fresh.counts()
            dues_import.errors = [list(e) for e in fresh.errors]
        return _settle(dues_import, status=ImportStatus.PREVIEWED, message=str(error))


def _settle(dues_import: DuesImport, *, status: str, message: str = "") -> DuesImport:
    dues_import.status, dues_import.message = status, message
    dues_import.save()
    return dues_import
