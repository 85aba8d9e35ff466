from datetime import date
from decimal import Decimal

import pytest

from gonghui.dues import months, reads
from gonghui.dues.metrics import collection
from gonghui.dues.tests.factories import DuesPaymentFactory
from gonghui.members.models import Member, MemberStatus
from gonghui.members.tests.factories import MemberFactory
from gonghui.metrics import registry

Y = 2025


def m(month):
    return months.month_index(Y, month)


def paid(member, first, last):
    return DuesPaymentFactory(
        org=member.org,
        member=member,
        first_month=first,
        last_month=last,
        amount=Decimal(30 * (last - first + 1)),
    )


@pytest.fixture
def cast(world):
    Member.objects.all().delete()  # the world's own member would add 12 months due
    full = MemberFactory(org=world.group_a, name="全年", join_date=date(2019, 1, 1))
    paid(full, m(1), m(12))
    mid = MemberFactory(org=world.union_a, name="年中", join_date=date(Y, 7, 15))  # owes Jul–Dec: 6 months
    paid(mid, m(7), m(9))
    early = MemberFactory(org=world.group_a, name="预缴", join_date=None)  # owes all 12
    paid(early, m(11) - 12, m(3))  # Nov last year to Mar: 3 months count
    gone = MemberFactory(org=world.group_a, name="退会", join_date=date(2010, 1, 1), status=MemberStatus.LEFT)
    paid(gone, m(1), m(6))
    other = MemberFactory(org=world.union_b, name="乙校", join_date=date(2010, 1, 1))
    paid(other, m(1), m(6))
    return world


def test_collection_rate_counts_months_after_joining_and_skips_members_who_left(cast):
    # due: 12 (全年) + 6 (年中) + 12 (预缴) = 30; paid: 12 + 3 + 3 = 18
    assert collection(cast.union_a.subtree(), m(1), m(12)) == (18, 30)
    value = registry.compute("dues.collection_rate", cast.union_a, date(Y, 1, 1), date(Y, 12, 31))
    assert value.value == 60.0
    # the federation adds 乙校: due 12, paid 6
    assert collection(cast.fed.subtree(), m(1), m(12)) == (24, 42)


def test_payment_before_joining_does_not_count(cast):
    before = collection(cast.union_a.subtree(), m(1), m(12))
    late = MemberFactory(org=cast.union_a, join_date=date(Y, 6, 1))
    paid(late, m(3), m(8))  # joined in June: Mar–May were not due and do not count
    after = collection(cast.union_a.subtree(), m(1), m(12))
    assert (after[0] - before[0], after[1] - before[1]) == (3, 7)


def test_no_members_is_no_data(world):
    Member.objects.all().delete()
    value = registry.compute("dues.collection_rate", world.union_b, date(Y, 1, 1), date(Y, 12, 31))
    assert value.display() == "无数据"


def test_amount_collected(cast):
    value = registry.compute("dues.amount", cast.union_a, date(Y, 1, 1), date(Y, 12, 31))
    assert value.value == 30 * (12 + 3 + 5 + 6)


def test_arrears_list_shows_who_owes_which_months(cast):
    members = Member.objects.active().in_subtree(cast.union_a)
    owing = list(reads.with_arrears(members, m(1), m(12)).order_by("name"))
    assert [(x.name, x.months_owed) for x in owing] == [("年中", 3), ("预缴", 9)]
    owed = reads.owed_months(owing, m(1), m(12))
    assert reads.owed_text(owed[owing[0].pk]) == "2025-10 至 2025-12"
    assert reads.owed_text(owed[owing[1].pk]) == "2025-04 至 2025-12"


def test_month_counts(cast):
    counts = {c.month: c for c in reads.month_counts(cast.union_a.subtree(), m(1), m(12))}
    assert (counts[m(1)].due, counts[m(1)].paid) == (2, 2)
    assert (counts[m(7)].due, counts[m(7)].paid) == (3, 2)
    assert (counts[m(12)].due, counts[m(12)].paid) == (3, 1)
