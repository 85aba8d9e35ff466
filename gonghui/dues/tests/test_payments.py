from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gonghui.dues import months, services
from gonghui.dues.models import DuesMode, DuesPayment
from gonghui.dues.tests.factories import DuesBaseFactory, DuesSettingFactory
from gonghui.members.models import Member, MemberStatus
from gonghui.members.tests.factories import MemberFactory

JAN, MAR, APR, JUN = (months.month_index(2025, m) for m in (1, 3, 4, 6))


def pay(member, first, last, amount="30.00", by=None):
    return services.record_payment(
        member=member,
        first_month=first,
        last_month=last,
        amount=Decimal(amount),
        paid_on=date(2025, 6, 30),
        method="cash",
        by=by,
    )


@pytest.fixture
def member(world):
    return MemberFactory(org=world.group_a, join_date=date(2020, 5, 1))


def test_one_payment_covers_several_months(member):
    payment = pay(member, JAN, MAR, "90.00")
    assert payment.month_count == 3
    assert payment.months_label == "2025-01 至 2025-03"
    assert payment.org == member.org


@pytest.mark.parametrize(("first", "last"), [(MAR, APR), (JAN, JAN), (months.month_index(2024, 12), JUN)])
def test_overlapping_payment_is_refused_with_a_message(member, first, last):
    pay(member, JAN, MAR, "90.00")
    with pytest.raises(ValidationError) as refused:
        pay(member, first, last, "30.00")
    assert "2025-01 至 2025-03 的会费已于 2025-06-30 缴纳" in refused.value.messages[0]
    assert DuesPayment.objects.count() == 1


def test_adjacent_payment_is_fine(member):
    pay(member, JAN, MAR, "90.00")
    pay(member, APR, JUN, "90.00")
    assert DuesPayment.objects.filter(member=member).count() == 2


def test_other_members_months_do_not_clash(world, member):
    pay(member, JAN, MAR, "90.00")
    pay(MemberFactory(org=world.group_a), JAN, MAR, "90.00")


def test_months_out_of_order_and_too_many_are_refused(member):
    with pytest.raises(ValidationError, match="截止月份不能早于起始月份"):
        pay(member, MAR, JAN)
    with pytest.raises(ValidationError, match="一次最多缴纳 36 个月"):
        pay(member, JAN, JAN + 40, "1000")


def test_member_who_left_cannot_pay(member):
    member.status = MemberStatus.LEFT
    member.save()
    with pytest.raises(ValidationError, match="退会"):
        pay(member, JAN, MAR)


def test_absurd_amounts_are_refused_and_odd_ones_warned(world, member):
    with pytest.raises(ValidationError, match="金额过大"):
        pay(member, JAN, JAN, "5000")
    DuesSettingFactory(org=world.union_a, mode=DuesMode.PERCENT)
    DuesBaseFactory(org=member.org, member=member, monthly_wage=Decimal("6000"))  # 30 元 a month
    with pytest.raises(ValidationError, match="相差过大"):
        pay(member, JAN, MAR, "900")
    assert pay(member, JAN, MAR, "90").warnings == []
    assert "不一致" in pay(member, APR, JUN, "100").warnings[0]


def test_fixed_amount_setting(world, member):
    DuesSettingFactory(org=world.union_a, mode=DuesMode.FIXED, fixed_amount=Decimal("10"))
    assert pay(member, JAN, MAR, "30").warnings == []
    with pytest.raises(ValidationError, match="应缴 30.00 元"):
        pay(member, APR, JUN, "300")


def test_months_parse_what_people_write():
    for text in ("2025-03", "2025/3", "2025.3", "2025年3月", "202503", "2025-03-15"):
        assert months.parse(text) == months.month_index(2025, 3)
    for text in ("2025-13", "三月", "", "25-03"):
        with pytest.raises(ValueError):
            months.parse(text)
    assert months.runs([1, 2, 3, 7]) == [(1, 3), (7, 7)]


def test_voided_payment_stays_on_file_and_stops_counting(world, member):
    from auditlog.models import LogEntry

    from gonghui.dues import reads
    from gonghui.dues.metrics import collection

    wrong = pay(member, JAN, MAR, "90.00")
    orgs = world.union_a.subtree()
    assert collection(orgs, JAN, MAR)[0] == 3
    services.void_payment(payment=wrong, reason="重复登记", by=world.chair_a)
    wrong.refresh_from_db()
    assert (wrong.voided, wrong.voided_by, wrong.void_reason) == (True, world.chair_a, "重复登记")
    assert collection(orgs, JAN, MAR)[0] == 0
    owing = reads.with_arrears(Member.objects.filter(pk=member.pk), JAN, MAR).get()
    assert (owing.months_due, owing.months_paid) == (3, 0)
    assert pay(member, JAN, MAR, "90.00").pk != wrong.pk  # the months are free again
    assert DuesPayment.objects.filter(member=member).count() == 2
    change = LogEntry.objects.get_for_object(wrong).order_by("-timestamp").first()
    assert change.changes_dict["void_reason"] == ["", "重复登记"]


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_void_needs_a_reason(world, member, reason):
    payment = pay(member, JAN, MAR, "90.00")
    with pytest.raises(ValidationError, match="请填写作废原因"):
        services.void_payment(payment=payment, reason=reason, by=world.chair_a)
    payment.refresh_from_db()
    assert not payment.voided


def test_void_twice_is_refused(world, member):
    payment = pay(member, JAN, MAR, "90.00")
    services.void_payment(payment=payment, reason="错登", by=world.chair_a)
    with pytest.raises(ValidationError, match="已于 .* 作废"):
        services.void_payment(payment=payment, reason="再来", by=world.chair_a)
