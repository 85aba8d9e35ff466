"""Member lifecycle: one keyword-only function per state change, each in one
transaction and each writing a MemberEvent row to the member's history.

join → (transfer: started by the sending union, accepted by the receiving one)
     → leave | retire → decease
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.accounts import services as accounts
from gonghui.members.models import (
    EventKind,
    Member,
    MemberEvent,
    MemberStatus,
    MemberTransfer,
    TransferStatus,
)
from gonghui.orgs.models import Org, OrgKind


def _record(member: Member, kind: str, *, by, on: dt.date | None = None, note="", other_org=None):
    return MemberEvent.objects.create(
        org_id=member.org_id,
        member=member,
        kind=kind,
        on=on or timezone.localdate(),
        note=note[:200],
        other_org=other_org,
        by=by,
    )


def _active_elsewhere(id_number: str, *, exclude_pk=None) -> Member | None:
    found = Member.objects.active().filter(id_number=id_number).select_related("org")
    if exclude_pk:
        found = found.exclude(pk=exclude_pk)
    return found.first()


def _require_status(member: Member, *allowed: str) -> None:
    if member.status not in allowed:
        raise ValidationError(f"该会员当前状态为「{member.get_status_display()}」，不能办理此事项。")


@transaction.atomic
def join_member(*, org: Org, by, **fields) -> Member:
    """A person joins the union (or one of its groups). One active membership per ID number."""
    if org.kind not in (OrgKind.UNION, OrgKind.GROUP):
        raise ValidationError("会员只能加入基层工会或工会小组。")
    other = _active_elsewhere(fields["id_number"])
    if other is not None:
        raise ValidationError(
            f"此人已是「{other.org.name}」的在会会员，须由该工会发起会籍转接。", code="active_elsewhere"
        )
    member = Member(org=org, status=MemberStatus.ACTIVE, **fields)
    member.set_search_keys()
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:  # lost a race with another join of the same person
        raise ValidationError("此人已是其他工会的在会会员。", code="active_elsewhere") from None
    _record(member, EventKind.JOINED, by=by, on=member.join_date)
    return member


@transaction.atomic
def start_transfer(*, member: Member, to_org: Org, by, note: str = "") -> MemberTransfer:
    """The sending union starts 会籍转接; the member stays active here until it is accepted."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    _require_status(member, MemberStatus.ACTIVE)
    if to_org.kind != OrgKind.UNION:
        raise ValidationError("请选择要转入的基层工会。")
    if to_org.pk == member.org.union().pk:
        raise ValidationError("不能转入本工会。")
    if member.transfers.filter(status=TransferStatus.PENDING).exists():
        raise ValidationError("该会员已有一笔待接收的会籍转接。")
    transfer = MemberTransfer.objects.create(
        org_id=member.org_id, member=member, to_org=to_org, note=note[:200], started_by=by
    )
    _record(member, EventKind.TRANSFER_STARTED, by=by, note=note, other_org=to_org)
    return transfer


@transaction.atomic
def accept_transfer(
    *, transfer: MemberTransfer, by, group: Org | None = None, on: dt.date | None = None
) -> Member:
    """The receiving union accepts (on `on`, default today): the old record becomes 转出 (kept by the
    sending union with its history), a new active record starts in the receiving union, linked to the
    old one. The new record keeps the join date and is in this union since `on`, so dues are owed to
    one union at a time: the sending one up to the month of the transfer, this one after it."""
    on = on or timezone.localdate()
    transfer = (
        MemberTransfer.objects.select_for_update().select_related("member", "to_org").get(pk=transfer.pk)
    )
    if transfer.status != TransferStatus.PENDING:
        raise ValidationError("这笔会籍转接已处理。")
    old = transfer.member
    _require_status(old, MemberStatus.ACTIVE)
    target = group or transfer.to_org
    if not target.path.startswith(transfer.to_org.path):
        raise ValidationError("只能转入本工会或本工会的小组。")
    old.status = MemberStatus.TRANSFERRED
    old.save(update_fields=["status", "updated_at"])
    _record(old, EventKind.TRANSFERRED_OUT, by=by, on=on, other_org=transfer.to_org)
    new = Member.objects.get(pk=old.pk)
    new.pk = None
    new.id = None
    new._state.adding = True
    new.org = target
    new.status = MemberStatus.ACTIVE
    new.transferred_from = old
    new.transferred_in_on = on
    new.user = None
    new.member_number = ""
    new.save()
    if old.user_id:  # the person's login follows them to the new record
        user_id = old.user_id
        Member.objects.filter(pk=old.pk).update(user=None)
        Member.objects.filter(pk=new.pk).update(user_id=user_id)
        accounts.follow_transfer(user_id=user_id, from_union=old.org.union(), to_union=target.union())
    _record(new, EventKind.TRANSFERRED_IN, by=by, on=on, other_org=old.org.union())
    transfer.status = TransferStatus.ACCEPTED
    transfer.decided_by = by
    transfer.decided_at = timezone.now()
    transfer.new_member = new
    transfer.save(update_fields=["status", "decided_by", "decided_at", "new_member", "updated_at"])
    return new


@transaction.atomic
def reject_transfer(*, transfer: MemberTransfer, by, reason: str = "") -> MemberTransfer:
    """The receiving union sends it back; the member stays active in the sending union."""
    return _close_transfer(transfer, TransferStatus.REJECTED, EventKind.TRANSFER_REJECTED, by, reason)


@transaction.atomic
def cancel_transfer(*, transfer: MemberTransfer, by, reason: str = "") -> MemberTransfer:
    """The sending union withdraws a transfer not yet accepted."""
    return _close_transfer(transfer, TransferStatus.CANCELLED, EventKind.TRANSFER_CANCELLED, by, reason)


def _close_transfer(transfer, status, kind, by, reason):
    transfer = MemberTransfer.objects.select_for_update().select_related("member").get(pk=transfer.pk)
    if transfer.status != TransferStatus.PENDING:
        raise ValidationError("这笔会籍转接已处理。")
    transfer.status = status
    transfer.decided_by = by
    transfer.decided_at = timezone.now()
    transfer.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    _record(transfer.member, kind, by=by, note=reason, other_org=transfer.to_org)
    return transfer


def _change_status(member, *, to, kind, allowed, by, on, note):
    member = Member.objects.select_for_update().get(pk=member.pk)
    _require_status(member, *allowed)
    if member.transfers.filter(status=TransferStatus.PENDING).exists():
        raise ValidationError("该会员有待接收的会籍转接，请先撤回。")
    member.status = to
    member.save(update_fields=["status", "updated_at"])
    accounts.close_account(member=member)  # no longer a member: no longer a member's login
    _record(member, kind, by=by, on=on, note=note)
    return member


@transaction.atomic
def leave_member(*, member: Member, by, on: dt.date | None = None, note: str = "") -> Member:
    """退会."""
    return _change_status(
        member,
        to=MemberStatus.LEFT,
        kind=EventKind.LEFT,
        allowed=[MemberStatus.ACTIVE],
        by=by,
        on=on,
        note=note,
    )


@transaction.atomic
def retire_member(*, member: Member, by, on: dt.date | None = None, note: str = "") -> Member:
    """退休: the record stays, no longer counted as an active member."""
    return _change_status(
        member,
        to=MemberStatus.RETIRED,
        kind=EventKind.RETIRED,
        allowed=[MemberStatus.ACTIVE],
        by=by,
        on=on,
        note=note,
    )


@transaction.atomic
def record_death(*, member: Member, by, on: dt.date | None = None, note: str = "") -> Member:
    """去世 (of an active or a retired member)."""
    return _change_status(
        member,
        to=MemberStatus.DECEASED,
        kind=EventKind.DECEASED,
        allowed=[MemberStatus.ACTIVE, MemberStatus.RETIRED],
        by=by,
        on=on,
        note=note,
    )


def history(member: Member) -> list[MemberEvent]:
    """The member's timeline across unions: events of this record and of the records it was
    transferred from (the receiving union sees where the member came from).

    Imports write no event per member (it would double an import's writes), so a record that
    came from a roster starts its timeline with its join date, shown as an unsaved event."""
    chain = [member]
    while chain[-1].transferred_from_id and len(chain) < 50:
        chain.append(
            Member.objects.select_related("org").only("id", "transferred_from_id", "join_date", "org__name")
            .get(pk=chain[-1].transferred_from_id)
        )  # fmt: skip
    events = list(
        MemberEvent.objects.filter(member_id__in=[m.pk for m in chain])
        .select_related("org", "other_org", "by")
        .order_by("on", "created_at")
    )
    first = chain[-1]
    if first.join_date and not any(e.kind == EventKind.JOINED for e in events):
        joined = MemberEvent(
            member=first, org=first.org, kind=EventKind.JOINED, on=first.join_date, note="据名册"
        )
        events.insert(0, joined)  # the join date precedes everything recorded here
    return events
