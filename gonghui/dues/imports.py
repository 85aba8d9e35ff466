"""Import of dues payments: read a sheet (sheet.py), match members, check every row against the
database and the rest of the file, then write all good rows in one transaction.

A row identical to a payment already on file (same member, months and amount) is a duplicate and
is skipped, so importing the same file twice changes nothing the second time.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gonghui.core import uploads
from gonghui.dues import months, services
from gonghui.dues.models import DuesBase, DuesPayment, DuesSetting
from gonghui.dues.sheet import Row, RowError, Sheet, SheetError, open_sheet
from gonghui.members.models import Member, MemberStatus

BATCH = 500
PROGRESS_EVERY = 1000  # rows between two progress updates: one small UPDATE, cheap beside the checks


@dataclass
class Analysis:
    started: datetime = field(default_factory=timezone.now)  # before the first read of the database
    rows: int = 0
    new: list[DuesPayment] = field(default_factory=list)
    duplicates: int = 0
    errors: list[RowError] = field(default_factory=list)  # the first GONGHUI_IMPORT_MAX_ERRORS
    error_count: int = 0  # all of them
    error_rows: int = 0

    def counts(self) -> dict:
        return {
            "rows": self.rows,
            "new": len(self.new),
            "duplicate": self.duplicates,
            "error": self.error_rows,
            "errors_total": self.error_count,
        }

    def add_errors(self, errors: list[RowError], on_error=None) -> None:
        """Keep the first errors for the page; every one goes to `on_error` (the error sheet)."""
        room = settings.GONGHUI_IMPORT_MAX_ERRORS - len(self.errors)
        self.errors.extend(errors[: max(room, 0)])
        self.error_count += len(errors)
        for error in errors if on_error else ():
            on_error(error)


def analyse(path, *, org, by=None, on_progress=None, on_error=None) -> Analysis:
    """Every row of the sheet sorted into new / duplicate / error; nothing is written.

    on_progress(done, total), if given, hears how far the checks are every PROGRESS_EVERY rows;
    on_error(error) hears every error (the database keeps only the first ones).
    A sheet beyond the import limits (GONGHUI_IMPORT_MAX_*) is refused with SheetError.
    """
    uploads.check_archive(path, error=SheetError)
    sheet = open_sheet(path, max_rows=settings.GONGHUI_IMPORT_MAX_ROWS)
    result = Analysis()
    rows = list(sheet)
    result.rows = len(rows)
    members = _members(org, rows)
    existing = _existing_payments({m.pk for m in members.values()})
    monthly = _expected_monthly(list({m.pk: m for m in members.values()}.values()))
    taken: dict = {}  # member id → [(first, last, row)] accepted from this file so far
    for done, row in enumerate(rows):
        if on_progress and done % PROGRESS_EVERY == 0:
            on_progress(done, result.rows)
        member = _match(row, members, sheet) if not row.errors else None
        if member is not None:
            _check(row, member, existing, taken, monthly, sheet)
        result.add_errors(row.errors, on_error)
        if row.errors:
            result.error_rows += 1
        elif row.data.get("duplicate"):
            result.duplicates += 1
        elif member is not None:
            taken.setdefault(member.pk, []).append((row.data["first_month"], row.data["last_month"], row.row))
            result.new.append(_payment(row, member, by))
    return result


def _members(org, rows: list[Row]) -> dict:
    """The members the sheet names, keyed by ("id", number) and ("no", member number), in batches."""
    found = {}
    scope = Member.objects.filter(org__path__startswith=org.path).select_related("org")
    for key, lookup in (("id_number", "id_number__in"), ("member_no", "member_number__in")):
        wanted = sorted({r.data[key] for r in rows if key in r.data})
        for start in range(0, len(wanted), BATCH):
            # An active member wins over an old record of the same person (transferred, left).
            for member in scope.filter(**{lookup: wanted[start : start + BATCH]}).order_by("-status"):
                value = member.id_number if key == "id_number" else member.member_number
                current = found.get((key, value))
                if current is None or member.status == MemberStatus.ACTIVE:
                    found[(key, value)] = member
    return found


def _existing_payments(member_ids) -> dict:
    existing: dict = {}
    ids = sorted(member_ids)
    for start in range(0, len(ids), BATCH):
        for payment in DuesPayment.objects.valid().filter(member_id__in=ids[start : start + BATCH]):
            existing.setdefault(payment.member_id, []).append(payment)
    return existing


def _expected_monthly(members) -> dict:
    settings = {
        s.org_id: s
        for s in DuesSetting.objects.filter(org__in={(m.org.union() or m.org).pk for m in members})
    }
    bases = {}
    for start in range(0, len(members), BATCH):
        chunk = [m.pk for m in members[start : start + BATCH]]
        bases.update({b.member_id: b for b in DuesBase.objects.filter(member_id__in=chunk)})
    result = {}
    for member in members:
        union = member.org.union() or member.org
        setting = settings.get(union.pk) or DuesSetting(org=union)
        base = bases.get(member.pk)
        result[member.pk] = setting.monthly_amount(base.monthly_wage if base else None)
    return result


def _match(row: Row, members: dict, sheet: Sheet):
    by_id = members.get(("id_number", row.data.get("id_number")))
    by_no = members.get(("member_no", row.data.get("member_no")))
    if "id_number" in row.data and by_id is None:
        return _fail(
            row, sheet, "id_number", row.data["id_number"], "本组织及下级组织中找不到该身份证号的会员"
        )
    if by_id is None and by_no is None:
        return _fail(
            row, sheet, "member_no", row.data.get("member_no", ""), "本组织及下级组织中找不到该会员证号的会员"
        )
    member = by_id or by_no
    if by_id and "member_no" in row.data and by_no != by_id:
        return _fail(
            row,
            sheet,
            "member_no",
            row.data["member_no"],
            f"与身份证号对应的会员（{by_id.name}）的会员证号不符",
        )
    if row.data.get("name") and row.data["name"] != member.name:
        return _fail(row, sheet, "name", row.data["name"], f"与证件号对应的会员姓名（{member.name}）不符")
    if member.status != MemberStatus.ACTIVE:
        key = "id_number" if "id_number" in row.data else "member_no"
        return _fail(
            row, sheet, key, row.data[key], f"该会员当前状态为「{member.get_status_display()}」，不能登记会费"
        )
    return member


def _fail(row: Row, sheet: Sheet, key: str, value, reason: str):
    row.errors.append(RowError(row.row, sheet.column_of(key), str(value), reason))
    return None


def _check(row: Row, member, existing: dict, taken: dict, monthly: dict, sheet: Sheet):
    data = row.data
    first, last = data["first_month"], data["last_month"]
    month_column = "months" if "months" in sheet.mapping.values() else "last_month"
    try:
        services.validate_months(member=member, first_month=first, last_month=last)
    except Exception as error:  # ValidationError: a Chinese message
        row.errors.append(
            RowError(row.row, sheet.column_of(month_column), months.span_label(first, last), _text(error))
        )
        return
    try:
        services.validate_paid_on(data["paid_on"])
    except Exception as error:  # ValidationError: a Chinese message
        row.errors.append(RowError(row.row, sheet.column_of("paid_on"), str(data["paid_on"]), _text(error)))
        return
    for payment in existing.get(member.pk, []):
        if payment.first_month <= last and payment.last_month >= first:
            if (payment.first_month, payment.last_month, payment.amount) == (first, last, data["amount"]):
                data["duplicate"] = True
                return
            reason = services.overlap_message(payment)
            row.errors.append(
                RowError(row.row, sheet.column_of(month_column), months.span_label(first, last), reason)
            )
            return
    for other_first, other_last, other_row in taken.get(member.pk, []):
        if other_first <= last and other_last >= first:
            reason = f"与第 {other_row} 行的缴费月份重叠"
            row.errors.append(
                RowError(row.row, sheet.column_of(month_column), months.span_label(first, last), reason)
            )
            return
    verdict = services.check_amount(
        amount=data["amount"], count=last - first + 1, monthly=monthly.get(member.pk)
    )
    for reason in verdict.errors:
        row.errors.append(RowError(row.row, sheet.column_of("amount"), str(data["amount"]), reason))


def _text(error) -> str:
    return "；".join(getattr(error, "messages", [str(error)]))


def _payment(row: Row, member, by) -> DuesPayment:
    data = row.data
    return DuesPayment(
        org=member.org,
        member=member,
        first_month=data["first_month"],
        last_month=data["last_month"],
        amount=data["amount"],
        paid_on=data["paid_on"],
        method=data["method"],
        note=data.get("note", ""),
        recorded_by=by,
        imported=True,
    )


class ImportRefused(Exception):
    """Errors remain and the user did not choose to skip them, or the data changed under the checks."""

    def __init__(self, message: str, analysis: "Analysis | None" = None):
        super().__init__(message)
        self.analysis = analysis  # the fresh check that found the errors, to show them


def refusal(error_rows: int) -> str:
    return f"有 {error_rows} 行错误，未写入任何数据。请修正后重新导入，或选择跳过错误行。"


def checked(path, *, org, by, skip_errors: bool, on_progress=None, on_error=None) -> Analysis:
    """Analyse again before writing (the database may have changed since the preview).

    All or nothing: any error refuses the whole file unless skip_errors, which keeps the good rows.
    """
    analysis = analyse(path, org=org, by=by, on_progress=on_progress, on_error=on_error)
    if analysis.errors and not skip_errors:
        raise ImportRefused(refusal(analysis.error_rows), analysis)
    return analysis


@transaction.atomic
def store(analysis: Analysis) -> None:
    """Write the checked rows in one transaction.

    The checks ran outside it, so that a large file does not hold the write lock (on SQLite: every
    other writer) while it is read. Whatever changed under them since they started refuses the file:
    a payment typed in or voided for one of these members, or a member who left meanwhile.
    """
    ids = sorted({p.member_id for p in analysis.new})
    changed = Q(created_at__gte=analysis.started) | Q(voided_at__gte=analysis.started)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        locked = list(
            Member.objects.select_for_update().filter(pk__in=chunk).values_list("status", flat=True)
        )
        if any(status != MemberStatus.ACTIVE for status in locked):
            raise ImportRefused("导入期间有会员的状态发生变化，未写入任何数据，请重新导入。")
        if DuesPayment.objects.filter(changed, member_id__in=chunk).exists():
            raise ImportRefused("导入期间有人登记了同一会员的会费，未写入任何数据，请重新导入。")
    DuesPayment.objects.bulk_create(analysis.new, batch_size=BATCH)


def write(path, *, org, by, skip_errors: bool) -> Analysis:
    """Check and write a sheet in one go (the command line); the UI runs the two steps in a task."""
    analysis = checked(path, org=org, by=by, skip_errors=skip_errors)
    store(analysis)
    return analysis
