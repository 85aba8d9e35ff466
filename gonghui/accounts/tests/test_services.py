"""Opening accounts in bulk, the slips printed once, reissue, and accounts closing when a member leaves."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from gonghui.accounts import services, tasks
from gonghui.accounts.models import AccountBatch, FirstPassword
from gonghui.accounts.passwords import first_password, login_phone, spaced
from gonghui.members import services as members
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.models import Role, RoleAssignment
from gonghui.orgs.tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()


def open_all(world, **kwargs):
    return tasks.start_opening(org=world.union_a, by=world.chair_a, **kwargs)


def slip_for(slips, name):
    return next(s for s in slips if s.name == name)


def test_first_passwords_are_readable_and_pass_the_complexity_rule():
    password = first_password("seed", "member-1")
    assert len(password) == 12 and not set(password) & set("0O1lI")
    assert password == first_password("seed", "member-1") != first_password("other", "member-1")
    assert spaced(password).count(" ") == 2


def test_login_phone_is_the_rosters_rule():
    assert login_phone("138 0013-8000") == login_phone("+8613800138000") == "13800138000"
    assert login_phone("12345") == login_phone("chair_a") == ""


def test_everyone_opens_active_members_with_a_phone_and_lists_the_rest(
    world, roster, django_capture_on_commit_callbacks
):
    make_user("13700137000")  # an officer already logs in with 孙重号's phone
    with django_capture_on_commit_callbacks(execute=True):
        batch = open_all(world)
    wang = roster["wang"]
    wang.refresh_from_db()
    assert wang.user.username == "13800138000" and wang.user.first_name == "王芳"
    assert RoleAssignment.objects.filter(user=wang.user, org=world.union_a, role=Role.MEMBER).exists()
    assert FirstPassword.objects.pending().filter(user=wang.user, batch=batch).exists()
    assert User.objects.get(member=roster["li"]).username == "13900139000"
    reasons = {s["name"]: s["reason"] for s in AccountBatch.objects.get(pk=batch.pk).skipped}
    assert reasons == {
        "赵无号": "名册中没有手机号",
        "钱错号": "名册中的手机号格式不正确",
        "孙重号": "手机号 137****7000 已被其他账号使用",
    }  # 周已退 left: not a candidate at all
    assert (
        world.member_a_record.phone and User.objects.filter(username=world.member_a_record.phone).count() == 0
    )
    assert not User.objects.filter(member=roster["left"]).exists()


def test_a_ticked_member_who_left_is_skipped_with_the_reason(
    world, roster, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = open_all(world, member_ids=[roster["left"].pk, roster["wang"].pk])
    batch.refresh_from_db()
    assert batch.skipped == [{"name": "周已退", "member_number": "", "reason": "已退会，不能开通账号"}]
    assert batch.passwords.count() == 1


def test_ticking_nobody_or_another_unions_member_is_refused(world, roster):
    stranger = MemberFactory(org=world.union_b)
    with pytest.raises(ValidationError, match="请先勾选"):
        services.new_batch(org=world.union_a, by=world.chair_a, member_ids=[stranger.pk])
    with pytest.raises(ValidationError, match="基层工会或工会小组"):
        services.new_batch(org=world.fed, by=world.fed_admin)


def test_the_same_phone_twice_in_one_batch_opens_one_account(
    world, roster, django_capture_on_commit_callbacks
):
    twin = MemberFactory(org=world.group_a, name="王芳妹", phone="13800138000")
    with django_capture_on_commit_callbacks(execute=True):
        batch = open_all(world, member_ids=[roster["wang"].pk, twin.pk])
    batch.refresh_from_db()
    assert batch.passwords.count() == 1
    assert batch.skipped[0]["reason"] == "手机号 138****8000 已被其他账号使用"


def test_slips_are_shown_once_and_their_passwords_log_in(world, roster, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = open_all(world)
    with pytest.raises(ValidationError, match="只能由开通账号的人打印"):
        services.print_slips(batch=batch, by=world.fed_admin)
    slips = services.print_slips(batch=batch, by=world.chair_a)
    slip = slip_for(slips, "王芳")
    assert slip.union == "甲村工会" and slip.phone == "13800138000"
    request = RequestFactory().post("/login/")
    assert authenticate(request, username="13800138000", password=slip.password.replace(" ", "")) is not None
    batch.refresh_from_db()
    assert batch.seed == "" and batch.printed_at is not None  # nothing left to derive them from
    with pytest.raises(ValidationError, match="只显示一次"):
        services.print_slips(batch=batch, by=world.chair_a)


def test_no_first_password_is_stored_in_clear(world, roster, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = open_all(world)
    password = first_password(batch.seed, roster["wang"].pk)
    user = User.objects.get(username="13800138000")
    assert password not in user.password and user.check_password(password)
    assert password not in str(AccountBatch.objects.filter(pk=batch.pk).values().get())


def test_reissue_gives_a_new_first_password_and_a_new_slip(world, roster, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = open_all(world)
    old = first_password(first.seed, roster["wang"].pk)
    user = User.objects.get(username="13800138000")
    services.change_first_password(user=user, password="Own#Pass2026")
    batch = services.reissue_first_password(member=roster["wang"], by=world.chair_a)
    slips = services.print_slips(batch=batch, by=world.chair_a)
    assert [s.name for s in slips] == ["王芳"]
    user.refresh_from_db()
    assert user.check_password(slips[0].password.replace(" ", "")) and not user.check_password(old)
    assert FirstPassword.objects.pending().filter(user=user).exists()


def test_reissue_is_refused_without_an_account_or_for_an_officer(world, roster):
    with pytest.raises(ValidationError, match="还没有开通账号"):
        services.reissue_first_password(member=roster["wang"], by=world.chair_a)
    chair_record = MemberFactory(org=world.union_a, user=world.chair_a)
    with pytest.raises(ValidationError, match="工作人员账号"):
        services.reissue_first_password(member=chair_record, by=world.fed_admin)


def test_leaving_the_union_disables_the_account_at_once(world, roster, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        open_all(world)
    wang = roster["wang"]
    wang.refresh_from_db()
    members.leave_member(member=wang, by=world.chair_a)
    wang.user.refresh_from_db()
    assert wang.user.is_active is False
    with pytest.raises(ValidationError, match="已不在会"):
        services.reissue_first_password(member=wang, by=world.chair_a)


def test_a_failed_leave_leaves_the_account_open(
    world, roster, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        open_all(world)
    wang = roster["wang"]
    wang.refresh_from_db()

    def broken(*args, **kwargs):
        raise RuntimeError("history table unavailable")

    monkeypatch.setattr(members, "_record", broken)
    with pytest.raises(RuntimeError):
        members.leave_member(member=wang, by=world.chair_a)
    wang.user.refresh_from_db()
    assert wang.user.is_active  # one transaction: the status and the account change together


def test_an_officers_own_login_survives_their_member_record_retiring(world):
    record = MemberFactory(org=world.union_a, user=world.chair_a)
    members.retire_member(member=record, by=world.fed_admin)
    world.chair_a.refresh_from_db()
    assert world.chair_a.is_active


def test_a_transfer_takes_the_login_and_the_member_role_along(
    world, roster, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        open_all(world)
    wang = roster["wang"]
    wang.refresh_from_db()
    transfer = members.start_transfer(member=wang, to_org=world.union_b, by=world.chair_a)
    new = members.accept_transfer(transfer=transfer, by=world.chair_b)
    user = User.objects.get(username="13800138000")
    new.refresh_from_db()
    assert user.is_active and new.user_id == user.pk
    assert set(RoleAssignment.objects.filter(user=user).values_list("org__code", flat=True)) == {"union-b"}


def test_a_group_leader_opens_accounts_for_the_group_only(world, roster, django_capture_on_commit_callbacks):
    other = make_org(world.union_a, code="group-a2", name="第二小组")
    outside = MemberFactory(org=other, phone="13500135000")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.start_opening(org=world.group_a, by=world.group_leader_a)
    assert User.objects.filter(username="13800138000").exists()
    assert not User.objects.filter(username=outside.phone).exists()
    # the member role is on the union, where its notices and activities are published
    assert RoleAssignment.objects.filter(user__username="13800138000", org=world.union_a).exists()
