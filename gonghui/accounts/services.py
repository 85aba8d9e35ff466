"""Member accounts: one keyword-only function per state change.

open (a batch, in a task) → print the slips once → the member changes the first password
→ (reissue a first password) → closed when the member leaves the union.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import AccountBatch, FirstPassword
from gonghui.accounts.passwords import first_password, login_phone, new_seed, spaced
from gonghui.core.masking import mask_phone
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Org, OrgKind, Role, RoleAssignment

NOT_ACTIVE = "已{status}，不能开通账号"


@dataclass(frozen=True)
class Slip:
    union: str
    name: str
    phone: str
    password: str


def new_batch(*, org: Org, by, member_ids=None) -> AccountBatch:
    """A batch for the union's (or group's) members: the ticked ones, or every active one without an account."""
    if org.kind not in (OrgKind.UNION, OrgKind.GROUP):
        raise ValidationError("请在基层工会或工会小组中开通会员账号。")
    selected = []
    if member_ids is not None:
        selected = [
            str(pk)
            for pk in Member.objects.in_subtree(org).filter(pk__in=member_ids).values_list("pk", flat=True)
        ]
        if not selected:
            raise ValidationError("请先勾选要开通账号的会员。")
    return AccountBatch.objects.create(org=org, created_by=by, selected=selected, seed=new_seed())


def candidates(batch: AccountBatch):
    members = Member.objects.in_subtree(batch.org).select_related("org")
    if batch.selected:
        return members.filter(pk__in=batch.selected)
    return members.active().filter(user__isnull=True)


def open_accounts(*, batch: AccountBatch, on_progress=None) -> dict:
    """Open an account for each candidate: login = the mobile phone, a derived first password, the
    member role on the member's union. Each member in its own transaction, so the accounts opened
    before a failure keep their slips; those that cannot be opened are listed with the reason."""
    skipped, opened, unions = [], 0, {}
    for done, member in enumerate(candidates(batch).order_by("name_pinyin", "id").iterator(), start=1):
        reason = _refusal(member)
        if reason is None:
            union = unions.setdefault(member.org_id, member.org.union())
            reason = _open_one(member, batch=batch, union=union)
        if reason:
            skipped.append({"name": member.name, "member_number": member.member_number, "reason": reason})
        else:
            opened += 1
        if on_progress and done % 20 == 0:
            on_progress(done)
    batch.skipped = skipped
    batch.save(update_fields=["skipped", "updated_at"])
    return {"opened": opened, "skipped": len(skipped)}


def _refusal(member: Member) -> str | None:
    if member.status != MemberStatus.ACTIVE:
        return NOT_ACTIVE.format(status=member.get_status_display())
    if member.user_id:
        return "已有账号"
    if not member.phone.strip():
        return "名册中没有手机号"
    phone = login_phone(member.phone)
    if not phone:
        return "名册中的手机号格式不正确"
    if _phone_taken(phone, member):
        return f"手机号 {mask_phone(phone)} 已被其他账号使用"
    return None


def _phone_taken(phone: str, member: Member) -> bool:
    users = get_user_model().objects
    return (
        users.filter(username=phone).exists()
        or Member.objects.filter(phone=phone, user__isnull=False).exclude(pk=member.pk).exists()
    )


def _open_one(member: Member, *, batch: AccountBatch, union: Org) -> str | None:
    phone = login_phone(member.phone)
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        if member.user_id:  # opened meanwhile by another batch
            return "已有账号"
        if _phone_taken(phone, member):
            return f"手机号 {mask_phone(phone)} 已被其他账号使用"
        user = get_user_model()(username=phone, first_name=member.name[:150])
        user.set_password(first_password(batch.seed, member.pk))
        user.save()
        RoleAssignment.objects.get_or_create(user=user, org=union, role=Role.MEMBER)
        member.user = user
        member.save(update_fields=["user", "updated_at"])
        FirstPassword.objects.create(user=user, member=member, batch=batch)
    return None


@transaction.atomic
def reissue_first_password(*, member: Member, by) -> AccountBatch:
    """A member lost the slip or forgot the password: a new first password, on a new slip of one."""
    member = Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
    user = member.user
    if user is None:
        raise ValidationError("该会员还没有开通账号，请先开通。")
    if member.status != MemberStatus.ACTIVE or not user.is_active:
        raise ValidationError("该会员已不在会，账号已停用，不能补发密码。")
    if user.is_staff or user.is_superuser or user.roles.exclude(role=Role.MEMBER).exists():
        raise ValidationError("该账号同时是工作人员账号，密码请由本人在「修改密码」中更改。")
    batch = AccountBatch.objects.create(
        org=member.org, created_by=by, selected=[str(member.pk)], reissue=True, seed=new_seed()
    )
    user.set_password(first_password(batch.seed, member.pk))
    user.save(update_fields=["password"])
    FirstPassword.objects.update_or_create(
        user=user,
        defaults={"member": member, "batch": batch, "issued_at": timezone.now(), "changed_at": None},
    )
    return batch


@transaction.atomic
def print_slips(*, batch: AccountBatch, by) -> list[Slip]:
    """The slips, once: the seed is wiped as they are shown, so the passwords exist only on paper."""
    batch = AccountBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.created_by_id != by.pk:
        raise ValidationError("密码条只能由开通账号的人打印。")
    if not batch.slips_available:
        raise ValidationError("首次密码只显示一次，这批密码条已经打印过。如有遗失，请为该会员补发首次密码。")
    passwords = (
        batch.passwords.pending().select_related("member__org", "user").order_by("member__name_pinyin")
    )
    slips = [_slip(fp, batch.seed) for fp in passwords]
    batch.seed, batch.printed_at = "", timezone.now()
    batch.save(update_fields=["seed", "printed_at", "updated_at"])
    return slips


def _slip(first: FirstPassword, seed: str) -> Slip:
    union = first.member.org.union() or first.member.org
    return Slip(
        union=union.name,
        name=first.member.name,
        phone=first.user.username,
        password=spaced(first_password(seed, first.member_id)),
    )


@transaction.atomic
def change_first_password(*, user, password: str) -> None:
    """The member replaces the printed password with their own; only then may they use the app."""
    user.set_password(password)
    user.save(update_fields=["password"])
    FirstPassword.objects.filter(user=user).update(changed_at=timezone.now())


def close_account(*, member: Member) -> None:
    """The member left the union (退会, retired, deceased): their login stops, in the caller's
    transaction. An account that also holds an officer's role is left to whoever manages roles."""
    if not member.user_id:
        return
    user = get_user_model().objects.get(pk=member.user_id)
    if user.is_staff or user.is_superuser or user.roles.exclude(role=Role.MEMBER).exists():
        return
    user.is_active = False
    user.save(update_fields=["is_active"])


def follow_transfer(*, user_id, from_union: Org, to_union: Org) -> None:
    """The login followed the member to the receiving union: so does their member role."""
    RoleAssignment.objects.filter(user_id=user_id, org=from_union, role=Role.MEMBER).delete()
    RoleAssignment.objects.get_or_create(user_id=user_id, org=to_union, role=Role.MEMBER)
